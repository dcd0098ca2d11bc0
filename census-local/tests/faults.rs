//! Switchable faults and the `/__control` endpoints: every fault kind, header and rule
//! selection, `times` expiry, route matching, the attempt log, reset and `--no-control`.
//! Driven in-process through `app(config).oneshot(request)`, except where only a real socket
//! shows the behaviour (`drop`, `Connection: close`, a client hanging up).

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use census_local::{Config, FAULT_HEADER, app};
use common::*;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

fn config() -> Config {
    Config {
        token: TOKEN.into(),
        seed: 5,
        www: PathBuf::from("/nonexistent/census-local/www"),
        pkg: PathBuf::from("/nonexistent/census-local/pkg"),
        ..Config::default()
    }
}

/// An `/api/v1` request with the token, and a fault header when `fault` is given.
fn api(method: Method, path: &str, fault: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method.clone())
        .uri(format!("/api/v1{path}"))
        .header(header::HOST, HOST)
        .header(header::ORIGIN, OTHER_ORIGIN)
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"));
    if let Some(fault) = fault {
        builder = builder.header(FAULT_HEADER, fault);
    }
    let body = if method == Method::POST && path == "/sources" {
        builder = builder.header(header::CONTENT_TYPE, "application/json");
        Body::from(
            json!({"connection": {"type": "postgres", "credentials": {
                "hostname": "db.test", "port": 5432, "user": "u", "password": "p", "database": "d"
            }}})
            .to_string(),
        )
    } else {
        Body::empty()
    };
    builder.body(body).expect("request")
}

async fn call(app: &Router, method: Method, path: &str, fault: Option<&str>) -> Reply {
    send(app, api(method, path, fault)).await
}

async fn add_rule(app: &Router, route: &str, fault: &str, times: Option<u64>) -> u64 {
    let body = json!({"route": route, "fault": fault, "times": times});
    let reply = send(app, control(Method::POST, "/faults", Some(&body))).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    reply.json()["id"].as_u64().expect("rule id")
}

async fn rules(app: &Router) -> Vec<Value> {
    let reply = send(app, control(Method::GET, "/faults", None)).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json()["rules"].as_array().expect("rules").clone()
}

async fn attempts(app: &Router) -> Value {
    let reply = send(app, control(Method::GET, "/attempts", None)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()
}

/// The seeded ids, oldest first (they have gaps, as a real workspace's do).
async fn seeded_ids(app: &Router) -> Vec<u64> {
    let reply = call(app, Method::GET, "/sources?order=asc", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json()["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|source| source["id"].as_u64().expect("id"))
        .collect()
}

async fn total_sources(app: &Router) -> u64 {
    let reply = call(app, Method::GET, "/sources", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json()["pagination"]["total_records"]
        .as_u64()
        .expect("total")
}

// ---------------------------------------------------------------- each fault kind

#[tokio::test]
async fn delay_waits_on_top_of_latency_then_answers_normally() {
    let app = app(Config {
        latency: Duration::from_millis(100),
        ..config()
    });
    let id = seeded_ids(&app).await[0];
    let started = Instant::now();
    let reply = call(
        &app,
        Method::GET,
        &format!("/sources/{id}"),
        Some("delay:150"),
    )
    .await;
    assert!(
        started.elapsed() >= Duration::from_millis(250),
        "latency 100 + delay 150, waited {:?}",
        started.elapsed()
    );
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["data"]["id"], id);
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after_seconds() {
    let app = app(config());
    for (spec, retry_after) in [
        ("rate_limit", "1"),
        ("rate_limit:7", "7"),
        ("RATE_LIMIT:0", "0"),
    ] {
        let reply = call(&app, Method::GET, "/sources", Some(spec)).await;
        let message = reply.expect_error(StatusCode::TOO_MANY_REQUESTS, "error");
        assert_eq!(message, "Too many requests");
        assert_eq!(
            reply.json(),
            json!({"status": "error", "message": "Too many requests"})
        );
        assert_eq!(reply.header("retry-after"), Some(retry_after), "{spec}");
        assert_eq!(
            reply.header("access-control-expose-headers"),
            Some("retry-after"),
            "a cross-origin page can read Retry-After"
        );
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some(OTHER_ORIGIN)
        );
    }
}

/// Epoch seconds of an IMF-fixdate (`Wed, 21 Oct 2015 07:28:00 GMT`), checking every part of
/// the format, the weekday included.
fn parse_imf_fixdate(text: &str) -> Option<i64> {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let two = |s: &str| (s.len() == 2).then(|| s.parse::<i64>().ok()).flatten();
    let (weekday, rest) = text.split_once(", ")?;
    let [day, month, year, time, zone] =
        <[&str; 5]>::try_from(rest.split(' ').collect::<Vec<_>>()).ok()?;
    let [h, m, s] = <[&str; 3]>::try_from(time.split(':').collect::<Vec<_>>()).ok()?;
    if zone != "GMT" || year.len() != 4 {
        return None;
    }
    let (day, year) = (two(day)?, year.parse::<i64>().ok()?);
    let month = i64::try_from(MONTHS.iter().position(|name| *name == month)? + 1).ok()?;
    // Days from civil (Howard Hinnant), independent of the server's formatting code.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    let expected_weekday = WEEKDAYS[usize::try_from(days.rem_euclid(7)).ok()?];
    (weekday == expected_weekday).then_some(days * 86_400 + two(h)? * 3600 + two(m)? * 60 + two(s)?)
}

#[tokio::test]
async fn rate_limit_date_answers_retry_after_as_an_http_date() {
    assert_eq!(
        parse_imf_fixdate("Wed, 21 Oct 2015 07:28:00 GMT"),
        Some(1_445_412_480),
        "the test's own parser"
    );
    assert_eq!(parse_imf_fixdate("Thu, 21 Oct 2015 07:28:00 GMT"), None);

    let app = app(config());
    for (spec, secs) in [("rate_limit_date", 1), ("rate_limit_date:120", 120)] {
        let before = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock");
        let reply = call(&app, Method::GET, "/sources", Some(spec)).await;
        let after = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock");
        assert_eq!(
            reply.expect_error(StatusCode::TOO_MANY_REQUESTS, "error"),
            "Too many requests"
        );
        let value = reply.header("retry-after").expect("retry-after");
        let at =
            parse_imf_fixdate(value).unwrap_or_else(|| panic!("not an IMF-fixdate: {value:?}"));
        let earliest = i64::try_from(before.as_secs()).expect("secs") + secs;
        let latest = i64::try_from(after.as_secs()).expect("secs") + secs + 1;
        assert!(
            (earliest..=latest).contains(&at),
            "{value} is not {secs}s ahead"
        );
    }
}

#[tokio::test]
async fn status_faults_answer_the_error_envelope_without_running_the_route() {
    let app = app(config());
    for (spec, code) in [
        ("500", StatusCode::INTERNAL_SERVER_ERROR),
        ("502", StatusCode::BAD_GATEWAY),
        ("503", StatusCode::SERVICE_UNAVAILABLE),
        ("504", StatusCode::GATEWAY_TIMEOUT),
    ] {
        let reply = call(&app, Method::POST, "/sources", Some(spec)).await;
        let message = reply.expect_error(code, "error");
        assert_eq!(Some(message.as_str()), code.canonical_reason());
        assert_eq!(reply.header("retry-after"), None);
    }
    // With SECS, the same answer says how long to wait, as a 503 during an outage may.
    for (spec, code, retry_after) in [
        ("503:120", StatusCode::SERVICE_UNAVAILABLE, "120"),
        ("500:0", StatusCode::INTERNAL_SERVER_ERROR, "0"),
    ] {
        let reply = call(&app, Method::POST, "/sources", Some(spec)).await;
        let message = reply.expect_error(code, "error");
        assert_eq!(Some(message.as_str()), code.canonical_reason());
        assert_eq!(reply.header("retry-after"), Some(retry_after), "{spec}");
    }
    assert_eq!(total_sources(&app).await, 5, "no create went through");
}

#[tokio::test]
async fn html_fault_answers_a_gateway_page_from_a_rule_too() {
    let app = app(config());
    add_rule(&app, "GET /sources", "html", Some(1)).await;
    let reply = call(&app, Method::GET, "/sources", None).await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY);
    assert_eq!(reply.header("content-type"), Some("text/html"));
    assert!(reply.text().contains("<title>502 Bad Gateway</title>"));
}

#[tokio::test]
async fn truncated_answers_the_first_half_of_the_real_body() {
    let app = app(config());
    let path = format!("/sources/{}", seeded_ids(&app).await[2]);
    let full = call(&app, Method::GET, &path, None).await;
    assert_eq!(full.status, StatusCode::OK);

    let reply = call(&app, Method::GET, &path, Some("truncated")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let half = full.body.len() / 2;
    assert_eq!(reply.body, full.body[..half]);
    assert_eq!(
        reply.header("content-length"),
        Some(half.to_string().as_str())
    );
    assert!(serde_json::from_slice::<Value>(&reply.body).is_err());
    assert!(
        reply
            .text()
            .starts_with(r#"{"status":"success","data":{"id":"#)
    );

    // The route really runs: a truncated create still creates, and answers 200 rather than 201.
    let reply = call(&app, Method::POST, "/sources", Some("truncated")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply.text().starts_with(r#"{"status":"created""#),
        "{}",
        reply.text()
    );
    assert_eq!(total_sources(&app).await, 6);
}

#[tokio::test]
async fn wrong_content_type_keeps_status_and_body() {
    let app = app(config());
    let id = seeded_ids(&app).await[1];
    let path = format!("/sources/{id}");
    let normal = call(&app, Method::GET, &path, None).await;
    let reply = call(&app, Method::GET, &path, Some("wrong_content_type")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("text/plain"));
    assert_eq!(reply.body, normal.body);
    assert_eq!(reply.json()["data"]["id"], id);

    let missing = call(
        &app,
        Method::GET,
        "/sources/999",
        Some("wrong_content_type"),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.header("content-type"), Some("text/plain"));
    assert_eq!(missing.json()["status"], "not_found");
}

#[tokio::test]
async fn unknown_header_values_are_ignored_and_none_means_no_fault() {
    let app = app(config());
    let path = format!("/sources/{}", seeded_ids(&app).await[0]);
    for spec in ["none", "something-else", "503;times=2", "delay", "404"] {
        let reply = call(&app, Method::GET, &path, Some(spec)).await;
        assert_eq!(reply.status, StatusCode::OK, "{spec}");
    }
}

// ---------------------------------------------------------------- drop, over a real socket

/// Serves `config` on a free port of 127.0.0.1 for the rest of the test's runtime.
async fn listen(config: Config) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = app(config);
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

/// Sends raw HTTP/1.1 (with no `Connection: close` of its own) and reads until the server closes
/// the connection. A reset counts as a close; what arrived before it is returned.
async fn raw_exchange(addr: SocketAddr, request: String) -> Vec<u8> {
    tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        stream.write_all(request.as_bytes()).expect("send");
        let mut received = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            match stream.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => received.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::ConnectionReset => break,
                Err(e) => panic!("the server neither answered nor closed: {e}"),
            }
        }
        received
    })
    .await
    .expect("client thread")
}

fn raw_request(method: &str, path: &str, extra: &str, body: &str) -> String {
    format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n\
         Content-Length: {}\r\n{extra}\r\n{body}",
        body.len()
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drop_closes_the_connection_without_any_answer() {
    let addr = listen(config()).await;

    let received = raw_exchange(
        addr,
        raw_request(
            "GET",
            "/api/v1/sources",
            "x-census-local-fault: drop\r\n",
            "",
        ),
    )
    .await;
    assert!(
        received.is_empty(),
        "no byte of an answer, got {:?}",
        String::from_utf8_lossy(&received)
    );

    // A rule drops a POST the same way, and a normal request then succeeds on a new connection.
    let rule = raw_request(
        "POST",
        "/__control/faults",
        "Content-Type: application/json\r\n",
        r#"{"route": "POST /sources", "fault": "drop", "times": 1}"#,
    );
    let created = String::from_utf8(raw_exchange(addr, rule).await).expect("utf-8");
    assert!(created.starts_with("HTTP/1.1 201"), "{created}");
    let post = raw_request(
        "POST",
        "/api/v1/sources",
        "Content-Type: application/json\r\n",
        r#"{"connection": {"type": "postgres", "credentials": {
            "hostname": "db.test", "port": 5432, "user": "u", "password": "p", "database": "d"
        }}}"#,
    );
    assert!(raw_exchange(addr, post.clone()).await.is_empty());
    let answered = String::from_utf8(raw_exchange(addr, post).await).expect("utf-8");
    assert!(
        answered.starts_with("HTTP/1.1 201 Created\r\n"),
        "{answered}"
    );

    // Every answer closes its connection (the exchange above only ended because the server
    // closed it), so no browser resends a dropped request on a reused connection.
    assert!(
        answered
            .to_ascii_lowercase()
            .contains("\r\nconnection: close\r\n"),
        "{answered}"
    );

    let log = String::from_utf8(
        raw_exchange(addr, raw_request("GET", "/__control/attempts", "", "")).await,
    )
    .expect("utf-8");
    let body = log.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    let log: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {log}"));
    assert_eq!(
        log["attempts"],
        json!([
            {"method": "GET", "path": "/sources", "status": null, "fault": "drop"},
            {"method": "POST", "path": "/sources", "status": null, "fault": "drop"},
            {"method": "POST", "path": "/sources", "status": 201},
        ])
    );
}

#[tokio::test]
async fn drop_in_process_is_a_body_error_not_a_response() {
    let app = app(config());
    let response = app
        .oneshot(api(Method::GET, "/sources", Some("drop")))
        .await
        .expect("the router is infallible");
    assert!(response.into_body().collect().await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_hanging_up_during_a_delay_is_logged_without_a_status() {
    let addr = listen(config()).await;
    tokio::task::spawn_blocking(move || {
        let mut stream = TcpStream::connect(addr).expect("connect");
        let request = raw_request(
            "GET",
            "/api/v1/sources/1",
            "x-census-local-fault: delay:300\r\n",
            "",
        );
        stream.write_all(request.as_bytes()).expect("send");
        std::thread::sleep(Duration::from_millis(50));
        // Dropping the stream closes it: the client gave up, as a fetch abort or timeout does.
    })
    .await
    .expect("client thread");
    tokio::time::sleep(Duration::from_millis(600)).await;

    let log = String::from_utf8(
        raw_exchange(addr, raw_request("GET", "/__control/attempts", "", "")).await,
    )
    .expect("utf-8");
    let body = log.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    let log: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {log}"));
    assert_eq!(
        log["attempts"],
        json!([{"method": "GET", "path": "/sources/1", "status": null, "fault": "delay:300"}]),
        "the abandoned request was never answered"
    );
}

// ---------------------------------------------------------------- rules

#[tokio::test]
async fn the_header_takes_precedence_over_rules() {
    let app = app(config());
    add_rule(&app, "*", "503", Some(2)).await;

    let reply = call(&app, Method::GET, "/sources", Some("html")).await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY);
    assert_eq!(reply.header("content-type"), Some("text/html"));
    let reply = call(&app, Method::GET, "/sources", Some("none")).await;
    assert_eq!(reply.status, StatusCode::OK, "`none` shields a request");
    assert_eq!(
        rules(&app).await[0]["remaining"],
        2,
        "requests decided by the header do not use up the rule"
    );

    // An unreadable header decides nothing, so the rule applies.
    let reply = call(&app, Method::GET, "/sources", Some("bogus")).await;
    reply.expect_error(StatusCode::SERVICE_UNAVAILABLE, "error");
    assert_eq!(rules(&app).await[0]["remaining"], 1);
}

#[tokio::test]
async fn times_applies_a_rule_to_the_next_n_matching_requests() {
    let app = app(config());
    let id = add_rule(&app, "GET /sources", "503", Some(2)).await;
    assert_eq!(
        rules(&app).await,
        vec![
            json!({"id": id, "route": "GET /sources", "fault": "503", "times": 2, "remaining": 2})
        ]
    );

    call(&app, Method::GET, "/sources", None)
        .await
        .expect_error(StatusCode::SERVICE_UNAVAILABLE, "error");
    assert_eq!(rules(&app).await[0]["remaining"], 1);
    call(&app, Method::GET, "/sources", None)
        .await
        .expect_error(StatusCode::SERVICE_UNAVAILABLE, "error");
    assert!(rules(&app).await.is_empty(), "the rule expired");
    assert_eq!(
        call(&app, Method::GET, "/sources", None).await.status,
        StatusCode::OK
    );

    // Without times a rule stays until cleared.
    add_rule(&app, "GET /sources", "502", None).await;
    for _ in 0..3 {
        call(&app, Method::GET, "/sources", None)
            .await
            .expect_error(StatusCode::BAD_GATEWAY, "error");
    }
    assert_eq!(
        rules(&app).await[0]["times"],
        Value::Null,
        "{:?}",
        rules(&app).await
    );
    let reply = send(&app, control(Method::DELETE, "/faults", None)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(rules(&app).await.is_empty());
    assert_eq!(
        call(&app, Method::GET, "/sources", None).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn rules_match_method_and_path_and_the_first_live_one_wins() {
    let app = app(config());
    add_rule(&app, "GET /sources/*", "500", None).await;
    add_rule(&app, "post /api/v1/sources", "502", None).await;
    add_rule(&app, "* /sources/*/refresh_tables_status", "504", None).await;

    let ids = seeded_ids(&app).await;
    let (first, second) = (
        format!("/sources/{}", ids[0]),
        format!("/sources/{}", ids[1]),
    );
    let status = |method: Method, path: String| {
        let app = app.clone();
        async move { call(&app, method, &path, None).await.status }
    };
    assert_eq!(
        status(Method::GET, first.clone()).await,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(
        status(Method::GET, "/sources/abc".into()).await,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(status(Method::GET, "/sources".into()).await, StatusCode::OK);
    assert_eq!(
        status(Method::POST, "/sources".into()).await,
        StatusCode::BAD_GATEWAY
    );
    assert_eq!(status(Method::DELETE, first.clone()).await, StatusCode::OK);
    assert_eq!(
        status(Method::POST, format!("{second}/refresh_tables")).await,
        StatusCode::OK
    );
    assert_eq!(
        status(
            Method::GET,
            format!("{second}/refresh_tables_status?refresh_key=1")
        )
        .await,
        StatusCode::GATEWAY_TIMEOUT
    );

    // Insertion order decides between overlapping rules: the catch-all added last loses.
    add_rule(&app, "*", "503", Some(1)).await;
    assert_eq!(
        status(Method::GET, second.clone()).await,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert_eq!(
        status(Method::PATCH, second.clone()).await,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        status(Method::PATCH, second.clone()).await,
        StatusCode::BAD_REQUEST,
        "the catch-all was used up; the route itself refuses the empty body"
    );

    // A `none` rule shields a route from the rules after it.
    send(&app, control(Method::DELETE, "/faults", None)).await;
    add_rule(&app, "GET /sources", "none", None).await;
    add_rule(&app, "*", "503", None).await;
    assert_eq!(status(Method::GET, "/sources".into()).await, StatusCode::OK);
    assert_eq!(
        status(Method::GET, second).await,
        StatusCode::SERVICE_UNAVAILABLE
    );
    let listed: Vec<Value> = rules(&app)
        .await
        .iter()
        .map(|r| r["fault"].clone())
        .collect();
    assert_eq!(listed, vec![json!("none"), json!("503")]);
}

#[tokio::test]
async fn bad_rules_are_refused_with_a_reason() {
    let app = app(config());
    for body in [
        json!({"route": "GET /sources", "fault": "teapot"}),
        json!({"route": "GET sources", "fault": "503"}),
        json!({"route": "GET /sources?page=2", "fault": "503"}),
        json!({"route": "GET /sources", "fault": "503", "times": 0}),
        json!({"route": "GET /sources", "fault": "503", "times": -1}),
        json!({"route": "GET /sources", "fault": "503", "tims": 2}),
        json!({"fault": "503"}),
        json!({"route": "*"}),
        json!(["*", "503"]),
    ] {
        let reply = send(&app, control(Method::POST, "/faults", Some(&body))).await;
        reply.expect_error(StatusCode::BAD_REQUEST, "error");
        assert_eq!(reply.header("cache-control"), Some("no-store"));
    }
    let not_json = Request::builder()
        .method(Method::POST)
        .uri("/__control/faults")
        .body(Body::from("route=*&fault=503"))
        .expect("request");
    let message = send(&app, not_json)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "error");
    assert!(message.contains("JSON"), "{message}");
    assert!(rules(&app).await.is_empty());

    // The body is read as JSON whatever its type, so a page can skip the preflight.
    let plain = Request::builder()
        .method(Method::POST)
        .uri("/__control/faults")
        .header(header::CONTENT_TYPE, "text/plain;charset=UTF-8")
        .body(Body::from(r#"{"route": "*", "fault": "Delay:5"}"#))
        .expect("request");
    let reply = send(&app, plain).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let first = reply.json()["id"].as_u64().expect("id");
    assert_eq!(rules(&app).await[0]["fault"], "delay:5");
    assert!(
        add_rule(&app, "*", "drop", None).await > first,
        "ids increase"
    );
}

// ---------------------------------------------------------------- attempts and reset

#[tokio::test]
async fn attempts_count_every_api_request_until_reset() {
    let app = app(config());
    let ids = seeded_ids(&app).await;
    let (first, second) = (
        format!("/sources/{}", ids[0]),
        format!("/sources/{}", ids[1]),
    );
    send(&app, control(Method::DELETE, "/attempts", None)).await;
    add_rule(&app, "GET /sources/*", "503", Some(1)).await;

    call(&app, Method::GET, &first, None).await; // rule: 503
    call(&app, Method::GET, &first, None).await; // 200
    call(&app, Method::GET, &second, Some("rate_limit:3")).await;
    let page = Request::builder()
        .uri("/api/v1/sources?page=2&per_page=2")
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .expect("request");
    send(&app, page).await;
    let unauthorized = Request::builder()
        .method(Method::DELETE)
        .uri(format!("/api/v1{first}"))
        .header(header::HOST, HOST)
        .header(header::ORIGIN, OTHER_ORIGIN)
        .body(Body::empty())
        .expect("request");
    assert_eq!(
        send(&app, unauthorized).await.status,
        StatusCode::UNAUTHORIZED
    );
    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/v1/sources/1")
        .header(header::ORIGIN, OTHER_ORIGIN)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "DELETE")
        .body(Body::empty())
        .expect("request");
    assert_eq!(send(&app, preflight).await.status, StatusCode::NO_CONTENT);

    assert_eq!(
        attempts(&app).await,
        json!({
            "attempts": [
                {"method": "GET", "path": first, "status": 503, "fault": "503"},
                {"method": "GET", "path": first, "status": 200},
                {"method": "GET", "path": second, "status": 429, "fault": "rate_limit:3"},
                {"method": "GET", "path": "/sources", "query": "page=2&per_page=2", "status": 200},
                {"method": "DELETE", "path": first, "status": 401},
            ],
            "counts": {
                format!("DELETE {first}"): 1,
                "GET /sources": 1,
                format!("GET {first}"): 2,
                format!("GET {second}"): 1,
            },
        }),
        "preflights and control calls are not attempts"
    );

    let reply = send(&app, control(Method::DELETE, "/attempts", None)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(attempts(&app).await, json!({"attempts": [], "counts": {}}));
    call(&app, Method::GET, &first, None).await;
    assert_eq!(
        attempts(&app).await["counts"],
        json!({format!("GET {first}"): 1})
    );
}

#[tokio::test]
async fn reset_restores_the_seeded_data_and_clears_rules_and_attempts() {
    let app = app(config());
    let ids = seeded_ids(&app).await;
    let (first, second) = (
        format!("/sources/{}", ids[0]),
        format!("/sources/{}", ids[1]),
    );
    let created = call(&app, Method::POST, "/sources", None).await;
    assert_eq!(created.status, StatusCode::CREATED);
    let new_id = created.json()["data"]["id"].as_u64().expect("id");
    assert_eq!(
        call(&app, Method::DELETE, &first, None).await.status,
        StatusCode::OK
    );
    let seeded_second = call(&app, Method::GET, &second, None).await.body;
    add_rule(&app, "*", "500", None).await;

    let reply = send(&app, control(Method::POST, "/reset", None)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(OTHER_ORIGIN)
    );
    assert!(rules(&app).await.is_empty());
    assert_eq!(attempts(&app).await, json!({"attempts": [], "counts": {}}));

    assert_eq!(total_sources(&app).await, 5);
    assert_eq!(
        call(&app, Method::GET, &first, None).await.status,
        StatusCode::OK,
        "the deleted source is back"
    );
    assert_eq!(
        call(&app, Method::GET, &second, None).await.body,
        seeded_second
    );
    assert_eq!(
        call(&app, Method::GET, &format!("/sources/{new_id}"), None)
            .await
            .status,
        StatusCode::NOT_FOUND,
        "the created source is gone"
    );
    let again = call(&app, Method::POST, "/sources", None).await;
    assert_eq!(again.json()["data"]["id"], new_id, "ids start over");
}

// ---------------------------------------------------------------- the control service itself

#[tokio::test]
async fn control_endpoints_answer_preflights_for_any_origin() {
    let app = app(Config {
        strict_auth: true,
        latency: Duration::from_millis(300),
        ..config()
    });
    for path in ["/faults", "/attempts", "/reset"] {
        let preflight = Request::builder()
            .method(Method::OPTIONS)
            .uri(format!("/__control{path}"))
            .header(header::ORIGIN, OTHER_ORIGIN)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .body(Body::empty())
            .expect("request");
        let started = Instant::now();
        let reply = send(&app, preflight).await;
        assert!(started.elapsed() < Duration::from_millis(300), "no latency");
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{path}");
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some(OTHER_ORIGIN)
        );
        assert_eq!(
            reply.header("access-control-allow-headers"),
            Some("content-type")
        );
        let methods = reply
            .header("access-control-allow-methods")
            .expect("methods");
        for method in ["GET", "POST", "DELETE"] {
            assert!(methods.contains(method), "{methods}");
        }
        assert_eq!(reply.header("access-control-max-age"), Some("600"));
    }

    // Unauthenticated, even with --strict-auth, and not delayed by --latency-ms.
    let started = Instant::now();
    let reply = send(&app, control(Method::GET, "/faults", None)).await;
    assert!(started.elapsed() < Duration::from_millis(300));
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(OTHER_ORIGIN)
    );
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert_eq!(reply.json(), json!({"rules": []}));

    let reply = send(&app, control(Method::GET, "/nope", None)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.expect_word("not_found").contains("/__control/nope"));
    send(&app, control(Method::PATCH, "/faults", None))
        .await
        .expect_error(StatusCode::METHOD_NOT_ALLOWED, "error");
}

#[tokio::test]
async fn no_control_removes_the_endpoints_but_keeps_header_faults() {
    let app = app(Config {
        control: false,
        ..config()
    });
    for (method, path) in [
        (Method::GET, "/faults"),
        (Method::POST, "/faults"),
        (Method::DELETE, "/faults"),
        (Method::GET, "/attempts"),
        (Method::DELETE, "/attempts"),
        (Method::POST, "/reset"),
    ] {
        let body = json!({"route": "*", "fault": "503"});
        let reply = send(&app, control(method.clone(), path, Some(&body))).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {path}");
        assert!(reply.expect_word("not_found").contains("--no-control"));
        assert_eq!(
            reply.header("access-control-allow-origin"),
            None,
            "no page on another origin may read it"
        );
    }
    let root = Request::builder()
        .uri("/__control")
        .body(Body::empty())
        .expect("request");
    assert_eq!(send(&app, root).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        call(&app, Method::GET, "/sources", None).await.status,
        StatusCode::OK,
        "no rule was added"
    );
    call(&app, Method::GET, "/sources", Some("504"))
        .await
        .expect_error(StatusCode::GATEWAY_TIMEOUT, "error");
}

#[tokio::test]
async fn faults_never_touch_preflights_or_static_files() {
    let dir = std::env::temp_dir().join(format!("census-local-faults-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    std::fs::write(dir.join("index.html"), "<!doctype html><title>demo</title>").expect("write");
    let app = app(Config {
        www: dir.clone(),
        ..config()
    });
    add_rule(&app, "*", "drop", None).await;

    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/v1/sources")
        .header(header::ORIGIN, OTHER_ORIGIN)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "x-census-local-fault",
        )
        .header(FAULT_HEADER, "503")
        .body(Body::empty())
        .expect("request");
    let reply = send(&app, preflight).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(
        reply
            .header("access-control-allow-headers")
            .is_some_and(|h| h.contains(FAULT_HEADER))
    );

    let page = Request::builder()
        .uri("/index.html")
        .header(FAULT_HEADER, "503")
        .body(Body::empty())
        .expect("request");
    let reply = send(&app, page).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.text().contains("<title>demo</title>"));
    assert_eq!(reply.header("connection"), Some("close"));
    assert_eq!(attempts(&app).await["attempts"], json!([]));
    std::fs::remove_dir_all(&dir).expect("cleanup");
}
