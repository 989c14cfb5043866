//! The Prometheus part's `/metrics`, scraped over TCP: the numbers served
//! are what the workers counted, in both formats the server speaks.

use std::sync::Arc;
use std::thread;

use atomics_examples::prometheus::{self, NAMESPACE, PROMETHEUS_ACCEPT, scrape, serve};
use atomics_examples::{Options, stats::AtomicStats};
use prometheus_client::registry::Registry;

#[test]
fn the_scraped_page_has_what_the_workers_counted_and_is_dumped_as_scraped() {
    let dump = std::env::temp_dir().join(format!("atomics-scrape-{}.txt", std::process::id()));
    let options = Options {
        dump_metrics: Some(dump.clone()),
        ..Options::brief()
    };
    let mut out = Vec::new();
    let report = prometheus::run(&options, &mut out).expect("the part runs");
    assert!(report.addr.ip().is_loopback(), "{}", report.addr);
    assert_eq!(report.status, "HTTP/1.1 200 OK");
    let c = report.counted;
    let workers = options.threads as u64;
    assert_eq!(c.requests, workers * prometheus::REQUESTS_PER_WORKER);
    let sample = |name: &str| {
        report
            .sample(&format!("{NAMESPACE}_{name}"))
            .map(str::to_owned)
    };
    assert_eq!(sample("requests_total"), Some(c.requests.to_string()));
    assert_eq!(sample("bytes_total"), Some(c.bytes.to_string()));
    assert_eq!(sample("errors_total"), Some(c.errors.to_string()));
    assert_eq!(sample("in_flight").as_deref(), Some("0"));
    assert_eq!(sample("ready").as_deref(), Some("1"));
    assert!(
        report
            .page
            .contains("# TYPE server_requests_total counter\n")
    );
    assert!(
        report
            .open_metrics
            .contains("# TYPE server_requests counter\n")
    );
    assert!(report.open_metrics.ends_with("# EOF\n"));
    assert!(report.holds());
    let dumped = std::fs::read_to_string(&dump).expect("the dump was written");
    std::fs::remove_file(&dump).expect("the dump is ours");
    assert_eq!(dumped, report.page);
}

#[test]
fn the_server_negotiates_the_format_and_serves_only_metrics() {
    let stats = Arc::new(AtomicStats::default());
    let mut registry = Registry::default();
    atomics_core::prometheus::register(&mut registry, "svc", Arc::clone(&stats));
    let server = tiny_http::Server::http("127.0.0.1:0").expect("a free port");
    let addr = server.server_addr().to_ip().expect("TCP");
    thread::scope(|s| {
        let serving = s.spawn(|| serve(&server, &registry));
        thread::scope(|w| {
            for _ in 0..3 {
                w.spawn(|| {
                    for _ in 0..1000 {
                        stats.add_requests(1);
                        stats.add_bytes(2);
                    }
                });
            }
        });
        let (status, classic) = scrape(addr, "/metrics", None).unwrap();
        assert_eq!(status, "HTTP/1.1 200 OK");
        assert!(classic.contains("\nsvc_requests_total 3000\n"), "{classic}");
        assert!(classic.contains("\nsvc_bytes_total 6000\n"), "{classic}");
        assert!(!classic.contains("# EOF"), "{classic}");
        let (_, open) = scrape(addr, "/metrics", Some(PROMETHEUS_ACCEPT)).unwrap();
        assert!(open.contains("\nsvc_requests_total 3000\n"), "{open}");
        assert!(open.ends_with("# EOF\n"), "{open}");
        let (missing, _) = scrape(addr, "/", None).unwrap();
        assert_eq!(missing, "HTTP/1.1 404 Not Found");
        server.unblock();
        serving.join().unwrap();
    });
}
