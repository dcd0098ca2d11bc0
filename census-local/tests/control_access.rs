//! Who may call `/__control`: callers that are not browser pages and pages on this machine,
//! never another site's page or a DNS-rebinding page (which could otherwise reset a developer's
//! data, inject faults or read the attempt log), and with `--control-token` only its holders.

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use census_local::{Command, Config, app};
use common::*;
use serde_json::{Value, json};

/// A control request with exactly these headers (none added).
fn control_with(method: Method, path: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method.clone())
        .uri(format!("/__control{path}"));
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let body = if method == Method::POST && path == "/faults" {
        builder = builder.header(header::CONTENT_TYPE, "text/plain");
        Body::from(json!({"route": "*", "fault": "503"}).to_string())
    } else {
        Body::empty()
    };
    builder.body(body).expect("request")
}

async fn rule_count(app: &Router) -> usize {
    let reply = send(app, control_with(Method::GET, "/faults", &[])).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()["rules"].as_array().expect("rules").len()
}

#[tokio::test]
async fn another_sites_page_cannot_change_or_read_the_control_state() {
    let app = app(base_config());
    // A cross-site form POST or text/plain fetch: a "simple" request, no preflight.
    for origin in [
        "https://evil.example",
        "http://evil.example:8787",
        "null",
        "http://localhost.evil.example",
        "http://127.0.0.1.evil.example:9000",
    ] {
        for (method, path) in [
            (Method::POST, "/faults"),
            (Method::POST, "/reset"),
            (Method::DELETE, "/attempts"),
            (Method::GET, "/attempts"),
        ] {
            let request = control_with(
                method.clone(),
                path,
                &[
                    ("host", "127.0.0.1:8787"),
                    ("origin", origin),
                    ("sec-fetch-site", "cross-site"),
                ],
            );
            let reply = send(&app, request).await;
            let message = reply.expect_error(StatusCode::FORBIDDEN, "error");
            assert!(message.contains(origin), "{message}");
        }
    }
    // A cross-site no-cors GET (an <img>) carries no Origin.
    let request = control_with(
        Method::GET,
        "/attempts",
        &[("host", "127.0.0.1:8787"), ("sec-fetch-site", "cross-site")],
    );
    send(&app, request)
        .await
        .expect_error(StatusCode::FORBIDDEN, "error");
    assert_eq!(rule_count(&app).await, 0, "no rule was added");
}

#[tokio::test]
async fn a_dns_rebinding_page_is_refused() {
    let app = app(base_config());
    // Its POSTs carry its own origin, which is same-origin with the name it rebinds.
    let post = control_with(
        Method::POST,
        "/faults",
        &[
            ("host", "rebind.example:8787"),
            ("origin", "http://rebind.example:8787"),
            ("sec-fetch-site", "same-origin"),
        ],
    );
    send(&app, post)
        .await
        .expect_error(StatusCode::FORBIDDEN, "error");
    // Its same-origin GETs carry no Origin at all.
    let get = control_with(
        Method::GET,
        "/attempts",
        &[
            ("host", "rebind.example:8787"),
            ("sec-fetch-site", "same-origin"),
        ],
    );
    let message = send(&app, get)
        .await
        .expect_error(StatusCode::FORBIDDEN, "error");
    assert!(message.contains("rebind.example:8787"), "{message}");
    // On a plain-http origin Chromium sends no Sec-Fetch-* at all: only the Host tells. (Seen
    // in headless Chromium: a page on http://rebind.test:PORT read /__control/attempts.)
    for (method, path) in [(Method::GET, "/attempts"), (Method::POST, "/reset")] {
        let request = control_with(method, path, &[("host", "rebind.example:8787")]);
        send(&app, request)
            .await
            .expect_error(StatusCode::FORBIDDEN, "error");
    }
    assert_eq!(rule_count(&app).await, 0);
}

#[tokio::test]
async fn callers_without_an_origin_address_the_server_by_a_name_no_page_can_rebind() {
    let app = app(base_config());
    for host in [
        "127.0.0.1:8787",
        "localhost:8787",
        "[::1]:8787",
        "app.localhost:8787",
        "10.0.0.5:8787",
    ] {
        let reply = send(
            &app,
            control_with(Method::POST, "/faults", &[("host", host)]),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{host}: {}",
            reply.text()
        );
    }
    // No Host at all (HTTP/1.0): the address it listens on.
    let reply = send(&app, control_with(Method::GET, "/faults", &[])).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    for host in ["census.internal:8787", "evil.example"] {
        let message = send(
            &app,
            control_with(Method::POST, "/faults", &[("host", host)]),
        )
        .await
        .expect_error(StatusCode::FORBIDDEN, "error");
        assert!(message.contains("--control-token"), "{message}");
    }
    // --host names the server too.
    let named = census_local::app(Config {
        host: "census.internal".into(),
        ..base_config()
    });
    let reply = send(
        &named,
        control_with(Method::POST, "/faults", &[("host", "census.internal:8787")]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
}

#[tokio::test]
async fn scripts_and_pages_on_this_machine_keep_working() {
    let app = app(Config {
        host: "0.0.0.0".into(),
        ..base_config()
    });
    let allowed: &[&[(&str, &str)]] = &[
        // curl, Node's fetch, a test runner's process: no browser headers.
        &[],
        &[("host", "census.internal:8787")],
        // A test page on another port of this machine (wasm-bindgen's runner, a dev server).
        &[
            ("host", "127.0.0.1:8787"),
            ("origin", "http://127.0.0.1:8000"),
            ("sec-fetch-site", "same-site"),
        ],
        &[
            ("host", "localhost:8787"),
            ("origin", "http://localhost:5173"),
            ("sec-fetch-site", "same-site"),
        ],
        &[("origin", "http://[::1]:3000")],
        &[("origin", "http://app.localhost:3000")],
        // The existing tests' page, addressing the server by another name.
        &[("host", HOST), ("origin", OTHER_ORIGIN)],
        // The server's own page, and an address typed into the browser.
        &[
            ("host", "127.0.0.1:8787"),
            ("origin", "http://127.0.0.1:8787"),
            ("sec-fetch-site", "same-origin"),
        ],
        &[
            ("host", "127.0.0.1:8787"),
            ("sec-fetch-site", "same-origin"),
        ],
        &[("host", "census.internal:8787"), ("sec-fetch-site", "none")],
        // --host names the machine too.
        &[("origin", "http://0.0.0.0:8787")],
    ];
    for (n, headers) in allowed.iter().enumerate() {
        let reply = send(&app, control_with(Method::POST, "/faults", headers)).await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{headers:?}: {}",
            reply.text()
        );
        assert_eq!(rule_count(&app).await, n + 1);
    }
}

#[tokio::test]
async fn preflights_are_still_answered_and_name_the_token_header_when_one_is_set() {
    let app = app(Config {
        control_token: Some("ctl-secret".into()),
        ..base_config()
    });
    let preflight = control_with(
        Method::OPTIONS,
        "/faults",
        &[
            ("origin", "http://localhost:5173"),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "x-census-local-control-token",
            ),
        ],
    );
    let reply = send(&app, preflight).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(
        reply
            .header("access-control-allow-headers")
            .is_some_and(|h| h.contains("x-census-local-control-token"))
    );
}

#[tokio::test]
async fn a_control_token_is_then_required_from_every_caller() {
    let app = app(Config {
        control_token: Some("ctl-secret".into()),
        ..base_config()
    });
    for headers in [
        &[][..],
        &[("origin", "http://localhost:5173")][..],
        &[("x-census-local-control-token", "wrong")][..],
    ] {
        let reply = send(&app, control_with(Method::POST, "/reset", headers)).await;
        let message = reply.expect_error(StatusCode::FORBIDDEN, "error");
        assert!(
            message.contains("x-census-local-control-token"),
            "{message}"
        );
        assert!(!message.contains("ctl-secret"), "{message}");
    }
    // With it, from anywhere: a page on another host of a CI network included.
    for headers in [
        &[("x-census-local-control-token", "ctl-secret")][..],
        &[
            ("x-census-local-control-token", "ctl-secret"),
            ("host", "census:8787"),
            ("origin", "http://app:3000"),
            ("sec-fetch-site", "cross-site"),
        ][..],
    ] {
        let reply = send(&app, control_with(Method::POST, "/faults", headers)).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    }
    let reply = send(
        &app,
        control_with(
            Method::GET,
            "/faults",
            &[("x-census-local-control-token", "ctl-secret")],
        ),
    )
    .await;
    let rules: Value = reply.json();
    assert_eq!(rules["rules"].as_array().map(Vec::len), Some(2));
}

#[test]
fn the_control_token_is_read_from_the_flag_and_the_environment() {
    let parse = |args: &[&str], env: &[(&str, &str)]| {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        match Command::parse(args.iter().map(|a| (*a).to_owned()), |key| {
            env.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
        }) {
            Ok(Command::Run(config)) => config.control_token,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(parse(&[], &[]), None);
    assert_eq!(parse(&["--control-token", "a"], &[]).as_deref(), Some("a"));
    assert_eq!(
        parse(&[], &[("CENSUS_LOCAL_CONTROL_TOKEN", "b")]).as_deref(),
        Some("b")
    );
    assert_eq!(
        parse(
            &["--control-token="],
            &[("CENSUS_LOCAL_CONTROL_TOKEN", "b")]
        ),
        None
    );
}
