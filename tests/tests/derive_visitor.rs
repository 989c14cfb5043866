//! The visitor: every field's name and current value, in declaration order,
//! enough to write an exporter without naming each field.
#![cfg(not(atomics_loom))]

use std::fmt::Write as _;

use atomics_core::{AtomicFields, FieldValue};

type Millis = u32;

#[derive(AtomicFields, Clone, Copy, Default)]
#[atomic(ordering = "relaxed")]
struct Server {
    requests: u64,
    #[atomic(striped)]
    hits: i64,
    #[atomic(padded)]
    in_flight: i16,
    healthy: bool,
    load_average: f32,
    uptime: Millis,
}

fn visit(server: &AtomicServer) -> Vec<(&'static str, FieldValue)> {
    let mut seen = Vec::new();
    server.for_each_field(|name, value| seen.push((name, value)));
    seen
}

#[test]
fn every_field_is_visited_in_order_with_its_value() {
    let server = AtomicServer::new(Server {
        requests: 10,
        hits: -3,
        in_flight: 2,
        healthy: true,
        load_average: 0.75,
        uptime: 1234,
    });
    assert_eq!(
        visit(&server),
        [
            ("requests", FieldValue::Unsigned(10)),
            ("hits", FieldValue::Signed(-3)),
            ("in_flight", FieldValue::Signed(2)),
            ("healthy", FieldValue::Bool(true)),
            ("load_average", FieldValue::Float(0.75)),
            ("uptime", FieldValue::Unsigned(1234)),
        ]
    );
    let names: Vec<&str> = visit(&server).iter().map(|(n, _)| *n).collect();
    assert_eq!(names, AtomicServer::FIELD_NAMES);
}

#[test]
fn the_visitor_sees_current_values() {
    let server = AtomicServer::default();
    server.add_requests(5);
    server.add_hits(2);
    server.store_healthy(true);
    let values: Vec<FieldValue> = visit(&server).into_iter().map(|(_, v)| v).collect();
    assert_eq!(values[0], FieldValue::Unsigned(5));
    assert_eq!(values[1], FieldValue::Signed(2));
    assert_eq!(values[3], FieldValue::Bool(true));
}

#[test]
fn an_exporter_needs_no_field_names() {
    let server = AtomicServer::default();
    server.add_requests(3);
    server.store_load_average(1.5);
    let mut page = String::new();
    server.for_each_field(|name, value| {
        let _ = writeln!(page, "server_{name} {}", value.as_f64());
    });
    assert_eq!(
        page,
        "server_requests 3\nserver_hits 0\nserver_in_flight 0\nserver_healthy 0\nserver_load_average 1.5\nserver_uptime 0\n"
    );
}
