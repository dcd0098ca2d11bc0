//! Property test: no request makes the local Census fail. Every endpoint the client's
//! descriptions name (Census under `/api/v1`, Stitch under `/stitch`), and the control API,
//! are sent with odd path segments, queries, tokens, content types and bodies, one after
//! another on one server so that the mutations pile up. Each must be answered (a panic in a
//! handler fails the test), never with a 5xx (no faults are set), and every API answer but a
//! preflight or an empty 2xx is JSON, or for a Stitch log, text.
//!
//! Bounded by time: `FUZZ_SECONDS` (default 2), seed from `FUZZ_SEED` or the clock, printed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

mod common;
// The generator the client's property test uses (tests/rng/mod.rs in the workspace's root).
#[path = "../../tests/rng/mod.rs"]
mod rng;

use rng::Rng;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Method, Request, header};
use census_core::api;
use common::{HOST, OTHER_ORIGIN, TOKEN, base_config, send};

const PAT: &str = "test-pat";
const STITCH_TOKEN: &str = "test-stitch-token";

/// A path segment: mostly an id the seed data has, sometimes one it does not, or text that is
/// no id at all.
fn segment(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=5 => (1 + rng.below(20)).to_string(),
        6 => rng.next().to_string(),
        7 => "9007199254740993".to_owned(),
        _ => rng
            .pick(&[
                "abc",
                "0",
                "-1",
                "1.5",
                "%ZZ",
                "%2F",
                "..",
                "é",
                "%00",
                "1e3",
                "users",
                "snowflake",
                "%F0%9F%98%80",
                "a%20b",
            ])
            .to_owned(),
    }
}

fn query(rng: &mut Rng) -> String {
    let mut pairs = Vec::new();
    for _ in 0..rng.below(4) {
        let key = rng.pick(&[
            "page",
            "per_page",
            "order",
            "refresh_key",
            "force_full_sync",
            "validate_only",
            "table_name",
            "table_schema",
            "type",
            "x",
        ]);
        let value = rng.pick(&[
            "1", "0", "-3", "100000", "asc", "desc", "true", "abc", "", "%ZZ",
        ]);
        pairs.push(format!("{key}={value}"));
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// A body: nothing, JSON the endpoints read (valid or nearly), or anything.
fn body(rng: &mut Rng) -> Vec<u8> {
    const BODIES: &[&str] = &[
        "",
        "{}",
        "[]",
        "null",
        r#"{"connection":{"type":"postgres","name":"p","credentials":{"host":"h"}}}"#,
        r#"{"connection":{"name":""}}"#,
        r#"{"operation":"upsert","source_attributes":{"connection_id":1,"object":{"type":"table","table_name":"t"}},"destination_attributes":{"connection_id":1,"object":"user"},"mappings":[{"from":{"type":"column","data":"email"},"to":"email","is_primary_identifier":true}]}"#,
        r#"{"paused":true}"#,
        r#"{"name":"x","query":"select 1"}"#,
        r#"{"display_name":"d","type":"platform.postgres","properties":{}}"#,
        r#"{"streams":[{"tap_stream_id":"s","metadata":[{"breadcrumb":[],"metadata":{"selected":true}}]}]}"#,
        r#"{"emails":["a@b.c"],"role":"viewer"}"#,
        r#"{"endpoint":"https://h.example/x","events":["sync.failed"]}"#,
        r#"{"seed":3}"#,
        r#"{"mode":"rate_limit","count":1}"#,
        r#"{"id":9007199254740993}"#,
        "{\"a\":\"\u{0}\"}",
        "{\"a\":",
        "\u{FEFF}{}",
    ];
    match rng.below(10) {
        0..=7 => rng.pick(BODIES).as_bytes().to_vec(),
        8 => (0..rng.below(200)).map(|_| rng.next() as u8).collect(),
        _ => format!("{{\"x\":\"{}\"}}", "y".repeat(rng.below(70_000) as usize)).into_bytes(),
    }
}

/// A path of `template`, each `{}` a segment.
fn path_of(rng: &mut Rng, template: &str) -> String {
    let mut out = String::new();
    for (index, piece) in template.split("{}").enumerate() {
        if index > 0 {
            out.push_str(&segment(rng));
        }
        out.push_str(piece);
    }
    out
}

fn request(rng: &mut Rng, templates: &[(bool, &'static str, Method)]) -> (String, Request<Body>) {
    let (stitch, template, method) = &templates[rng.below(templates.len() as u64) as usize];
    let method = if rng.chance(85) {
        method.clone()
    } else {
        [
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
            Method::HEAD,
        ][rng.below(7) as usize]
            .clone()
    };
    let prefix = if *stitch {
        "/stitch"
    } else if template.starts_with("/__control") {
        ""
    } else {
        "/api/v1"
    };
    let uri = format!("{prefix}{}{}", path_of(rng, template), query(rng));
    let mut builder = Request::builder()
        .method(method.clone())
        .uri(&uri)
        .header(header::HOST, HOST);
    if rng.chance(80) {
        builder = builder.header(header::ORIGIN, OTHER_ORIGIN);
    }
    let token = match rng.below(20) {
        0 => None,
        1 => Some("wrong"),
        2 | 3 => Some(PAT),
        _ if *stitch => Some(STITCH_TOKEN),
        _ => Some(TOKEN),
    };
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if method == Method::OPTIONS && rng.chance(70) {
        builder = builder
            .header(
                "access-control-request-method",
                rng.pick(&["GET", "POST", "PATCH", "DELETE", "TRACE"]),
            )
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            );
    }
    let content_type = match rng.below(20) {
        0 => Some("text/plain"),
        1 => Some(""),
        2 => None,
        3 => Some("application/json; charset=utf-8"),
        _ => Some("application/json"),
    };
    if let Some(content_type) = content_type {
        builder = builder.header(header::CONTENT_TYPE, content_type);
    }
    let request = builder.body(Body::from(body(rng))).expect("a request");
    (format!("{method} {uri}"), request)
}

#[tokio::test(flavor = "current_thread")]
async fn no_request_makes_the_local_census_fail() {
    let seconds = rng::env_seconds(2);
    let seed = rng::env_seed();
    println!("FUZZ_SEED={seed}");
    let mut rng = Rng(seed);
    let mut templates: Vec<(bool, &'static str, Method)> = Vec::new();
    let every = api::ops()
        .map(|op| (false, op))
        .chain(api::stitch::STITCH_OPS.iter().map(|op| (true, op)));
    for (stitch, op) in every {
        let method = match op.endpoint.method {
            census_core::request::Method::Get => Method::GET,
            census_core::request::Method::Post => Method::POST,
            census_core::request::Method::Patch => Method::PATCH,
            census_core::request::Method::Put => Method::PUT,
            census_core::request::Method::Delete => Method::DELETE,
        };
        templates.push((stitch, op.endpoint.path, method));
    }
    // The control API too, but for what would change the answers on purpose (faults,
    // mutations) or call out (webhook deliveries).
    for (path, method) in [
        ("/__control/reset", Method::POST),
        ("/__control/faults", Method::GET),
        ("/__control/sources", Method::GET),
        ("/__control/attempts", Method::GET),
        ("/__control/stitch/jobs", Method::GET),
        ("/__control/{}", Method::GET),
    ] {
        templates.push((false, path, method));
    }
    let config = census_local::Config {
        pat_token: PAT.into(),
        stitch_token: STITCH_TOKEN.into(),
        refresh: Duration::from_millis(1),
        run: Duration::from_millis(1),
        stitch_job: Duration::ZERO,
        ..base_config()
    };
    let app = census_local::app(config);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut sent = 0u64;
    let mut statuses = std::collections::BTreeMap::<u16, u64>::new();
    while Instant::now() < deadline || sent < 200 {
        let (shown, request) = request(&mut rng, &templates);
        let preflight = request.method() == Method::OPTIONS;
        let head = request.method() == Method::HEAD;
        let control = shown.contains("/__control");
        // A fault or a mutation set through the control API would change answers on purpose.
        if control && !shown.starts_with("GET") && !shown.contains("/__control/reset") {
            continue;
        }
        let reply = send(&app, request).await;
        sent += 1;
        *statuses.entry(reply.status.as_u16()).or_default() += 1;
        assert!(
            !reply.status.is_server_error(),
            "{shown} answered {}: {} (FUZZ_SEED={seed}, request {sent})",
            reply.status,
            reply.text()
        );
        let empty = reply.body.is_empty();
        if !preflight && !head && !empty {
            let text = reply.header("content-type").unwrap_or_default().to_owned();
            assert!(
                text.starts_with("application/json") || text.starts_with("text/"),
                "{shown} answered {} as {text:?}: {} (FUZZ_SEED={seed})",
                reply.status,
                reply.text()
            );
            if text.starts_with("application/json") {
                assert!(
                    serde_json::from_slice::<serde_json::Value>(&reply.body).is_ok(),
                    "{shown} answered {} with JSON that is not: {} (FUZZ_SEED={seed})",
                    reply.status,
                    reply.text()
                );
            }
        }
    }
    println!("{sent} requests in {seconds} s; statuses: {statuses:?}");
    assert!(
        statuses.keys().any(|status| (200..300).contains(status)),
        "nothing succeeded"
    );
}
