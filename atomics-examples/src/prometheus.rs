//! Part 6: the stats block on a real `/metrics`. The derived twin registers
//! with a prometheus-client `Registry` in one call that names no field (add a
//! field to `Stats` and it is exported, typed by its kind, with its doc
//! comment as help), and a small HTTP server (`tiny_http`) serves the
//! registry on 127.0.0.1: OpenMetrics to a scraper that asks for it (as
//! Prometheus does), the classic text format otherwise (what `promtool` and
//! `curl` read). The part scrapes itself both ways over TCP and shuts the
//! server down.
//!
//! The whole export, as a program of its own would write it:
//!
//! ```no_run
//! # use atomics_examples::stats::AtomicStats;
//! # use std::sync::Arc;
//! use prometheus_client::{encoding::text::encode, registry::Registry};
//!
//! let stats = Arc::new(AtomicStats::default()); // shared with the workers
//! let mut registry = Registry::default();
//! atomics_core::prometheus::register(&mut registry, "server", Arc::clone(&stats));
//! let server = tiny_http::Server::http("127.0.0.1:9184").unwrap();
//! for request in server.incoming_requests() {
//!     let mut page = String::new();
//!     encode(&mut page, &registry).unwrap();
//!     request.respond(tiny_http::Response::from_string(page)).unwrap();
//! }
//! ```

use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::thread;

use atomics_core::Bool;
use atomics_core::prometheus as prom;
use prometheus_client::encoding::text::encode;
use prometheus_client::registry::Registry;
use tiny_http::{Header, Response, Server};

use crate::Options;
use crate::stats::{AtomicStats, Stats, Totals, worker};
use crate::text::{grouped, verdict};

/// Requests each worker serves before the scrape.
pub const REQUESTS_PER_WORKER: u64 = 20_000;
/// The prefix of every metric name.
pub const NAMESPACE: &str = "server";
/// What Prometheus sends as `Accept` (it prefers OpenMetrics).
pub const PROMETHEUS_ACCEPT: &str =
    "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5";

/// What part 6 printed, for checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrometheusReport {
    /// Where `/metrics` was served.
    pub addr: SocketAddr,
    /// The HTTP status line of the scrape.
    pub status: String,
    /// The page scraped from `/metrics` in the classic text format (no
    /// `Accept`), as received.
    pub page: String,
    /// The page scraped as Prometheus does, in OpenMetrics.
    pub open_metrics: String,
    /// `load()` of the stats block at the scrape.
    pub snapshot: Stats,
    /// What the workers counted themselves.
    pub counted: Totals,
}

impl PrometheusReport {
    /// The samples of the classic page, as `(metric name, value text)`.
    #[must_use]
    pub fn samples(&self) -> Vec<(&str, &str)> {
        samples(&self.page)
    }

    /// The value text of the sample `name`, if the page has it.
    #[must_use]
    pub fn sample(&self, name: &str) -> Option<&str> {
        self.samples()
            .into_iter()
            .find_map(|(n, v)| (n == name).then_some(v))
    }

    /// Whether the invariants held: the scrape succeeded, with one sample
    /// per field, its counters equal what the workers counted, and the
    /// OpenMetrics page has the same samples.
    #[must_use]
    pub fn holds(&self) -> bool {
        let n = |name: &str| self.sample(&format!("{NAMESPACE}_{name}"));
        let c = &self.counted;
        self.status.contains(" 200 ")
            && self.samples().len() == AtomicStats::FIELDS.len()
            && n("requests_total") == Some(&c.requests.to_string())
            && n("bytes_total") == Some(&c.bytes.to_string())
            && n("errors_total") == Some(&c.errors.to_string())
            && n("in_flight") == Some("0")
            && n("ready") == Some("1")
            && samples(&self.open_metrics) == self.samples()
            && (
                self.snapshot.requests,
                self.snapshot.bytes,
                self.snapshot.errors,
            ) == (c.requests, c.bytes, c.errors)
    }
}

/// The samples of an exposition page, as `(metric name, value text)`.
fn samples(page: &str) -> Vec<(&str, &str)> {
    page.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| l.rsplit_once(' '))
        .collect()
}

/// Serves `registry` at `/metrics` (anything else is a 404) until `server`
/// is unblocked: in OpenMetrics when the request's `Accept` names it, in
/// the classic text format otherwise.
pub fn serve(server: &Server, registry: &Registry) {
    for request in server.incoming_requests() {
        let response = if request.url() == "/metrics" {
            let open_metrics = request.headers().iter().any(|h| {
                h.field.equiv("Accept") && h.value.as_str().contains("application/openmetrics-text")
            });
            let mut page = String::new();
            let content_type = if open_metrics {
                encode(&mut page, registry).expect("encoding into a String cannot fail");
                prom::OPENMETRICS_CONTENT_TYPE
            } else {
                prom::encode_text(&mut page, registry).expect("encoding into a String cannot fail");
                prom::TEXT_CONTENT_TYPE
            };
            let content_type = Header::from_bytes("Content-Type", content_type)
                .expect("the header is valid ASCII");
            Response::from_string(page).with_header(content_type)
        } else {
            Response::from_string("not found; try /metrics\n").with_status_code(404)
        };
        // A scraper that hung up is its own problem, not the server's.
        let _ = request.respond(response);
    }
}

/// One plain HTTP/1.1 `GET` of `path` from `addr` over a fresh TCP
/// connection, with `accept` as its `Accept` header if given: returns the
/// status line and the body.
///
/// # Errors
///
/// When connecting, writing or reading fails, or the response is not HTTP.
pub fn scrape(addr: SocketAddr, path: &str, accept: Option<&str>) -> io::Result<(String, String)> {
    let mut stream = TcpStream::connect(addr)?;
    let accept = accept
        .map(|a| format!("Accept: {a}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{accept}Connection: close\r\n\r\n"
    )?;
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status)?;
    if !status.starts_with("HTTP/1.") {
        return Err(io::Error::new(io::ErrorKind::InvalidData, status));
    }
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
    }
    let mut body = String::new();
    reader.read_to_string(&mut body)?;
    Ok((status.trim_end().to_owned(), body))
}

/// Runs part 6 and prints it to `out`: serves `/metrics` on 127.0.0.1
/// (`options.metrics_port`, 0 for any free port), lets `options.threads`
/// workers serve [`REQUESTS_PER_WORKER`] requests each, scrapes the page
/// once over TCP, writes it where `options.dump_metrics` says, and stops
/// the server.
///
/// # Errors
///
/// Those of binding the port, of the scrape, of writing the dump, and of
/// writing to `out`.
pub fn run(options: &Options, out: &mut impl Write) -> io::Result<PrometheusReport> {
    let stats = Arc::new(AtomicStats::default());
    stats.store_ready(true);

    // The export: the block registered (no field named), then served.
    let mut registry = Registry::default();
    atomics_core::prometheus::register(&mut registry, NAMESPACE, Arc::clone(&stats));
    let server = Server::http(("127.0.0.1", options.metrics_port)).map_err(io::Error::other)?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| io::Error::other("the server is not on TCP"))?;

    let never = Bool::new(false);
    let (counted, scraped) = thread::scope(|s| {
        let (server, registry) = (&server, &registry);
        let serving = s.spawn(move || serve(server, registry));
        let workers: Vec<_> = (0..options.threads as u64)
            .map(|i| {
                let (stats, never) = (&*stats, &never);
                s.spawn(move || {
                    worker(stats, 0x2545_F491_4F6C_DD1D ^ i, never, REQUESTS_PER_WORKER)
                })
            })
            .collect();
        let mut counted = Totals::default();
        for w in workers {
            counted.add(w.join().expect("worker panicked"));
        }
        // A scrape reads (the collector loads each field); it never takes:
        // Prometheus counters are cumulative.
        let scraped = scrape(addr, "/metrics", None).and_then(|(status, page)| {
            let (_, open_metrics) = scrape(addr, "/metrics", Some(PROMETHEUS_ACCEPT))?;
            Ok((status, page, open_metrics))
        });
        server.unblock();
        serving.join().expect("the server panicked");
        (counted, scraped)
    });
    let (status, page, open_metrics) = scraped?;
    let report = PrometheusReport {
        addr,
        status,
        page,
        open_metrics,
        snapshot: stats.load(),
        counted,
    };
    match options.dump_metrics.as_deref() {
        Some(path) if path.as_os_str() == "-" => io::stdout().write_all(report.page.as_bytes())?,
        Some(path) => fs::write(path, &report.page)?,
        None => {}
    }

    writeln!(
        out,
        "  {} workers served {} requests each; the block is registered with a",
        options.threads,
        grouped(REQUESTS_PER_WORKER)
    )?;
    writeln!(
        out,
        "  prometheus-client Registry (no field named) and served by tiny_http:"
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "    atomics_core::prometheus::register(&mut registry, \"{NAMESPACE}\", Arc::clone(&stats));"
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "  GET http://{addr}/metrics: {} (the classic text format; Prometheus,",
        report.status
    )?;
    writeln!(
        out,
        "  which asks for OpenMetrics, gets the same samples with `# UNIT` and `# EOF`):"
    )?;
    writeln!(out)?;
    for line in report.page.lines() {
        writeln!(out, "    {line}")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "  One sample for each of the {} fields in AtomicStats::FIELDS, the same in",
        AtomicStats::FIELDS.len()
    )?;
    writeln!(
        out,
        "  both formats, and the counters equal what the workers counted: {}",
        verdict(report.holds())
    )?;
    Ok(report)
}
