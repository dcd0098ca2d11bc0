//! Stitch upstream mode: `/stitch` forwarded to another Stitch Connect with the access token
//! census-local holds (`--stitch-upstream`). The upstream is a second census-local whose
//! `--stitch-token` is the held token, or a small capturing server that records what arrived,
//! each on a free port of 127.0.0.1 over plain http; the proxy is driven in-process through
//! `app(config).oneshot(request)`, and as the real binary to read its logs and refusals.
//!
//! Every answer read here is swept for the held token ([`send`] does it), and so is everything
//! the binary prints.

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use census_local::{Config, FAULT_HEADER, Upstream, app};
use common::servers::{
    Log, assert_no_secret, capturing, dead_port, get_on_the_wire, host_of, listen,
};
use common::{HOST, OTHER_ORIGIN, Reply, base_config};
use serde_json::{Value, json};

/// The Stitch access token the proxy holds: the upstream census-local's `--stitch-token`.
const HELD: &str = "held-stitch-token-7c3e91aa";
/// The token callers present to the proxy (its own `--stitch-token`), which must never travel on.
const CALLER: &str = "caller-stitch-token-for-the-proxy";

// ---------------------------------------------------------------- servers

/// A census-local as the Stitch upstream: its `--stitch-token` is `HELD`, with the default
/// seven seeded Stitch sources.
async fn stitch_upstream() -> (Router, SocketAddr) {
    let router = app(Config {
        stitch_token: HELD.into(),
        stitch_job: Duration::from_secs(60),
        ..base_config()
    });
    let addr = listen(router.clone()).await;
    (router, addr)
}

/// The Stitch upstream of a census-local at `addr`, holding `held`.
fn upstream_at(addr: SocketAddr, held: &str) -> Upstream {
    Upstream::stitch(&format!("http://{addr}/stitch"), Some(held)).expect("stitch upstream")
}

/// The proxy's configuration: a local Census, and `/stitch` forwarded to `upstream` with `held`;
/// callers present `CALLER`.
fn proxy_config(upstream: SocketAddr, held: &str, timeout: Duration) -> Config {
    Config {
        host: "census.test".into(),
        port: 8787,
        stitch_token: CALLER.into(),
        stitch_upstream: Some(upstream_at(upstream, held)),
        upstream_timeout: timeout,
        ..base_config()
    }
}

fn proxy(upstream: SocketAddr) -> Router {
    app(proxy_config(upstream, HELD, Duration::from_secs(10)))
}

/// Records every request; answers Stitch's rate-limit error with headers a proxy must pass back
/// (`retry-after`, `location`) and headers it must not (`set-cookie`, ...).
async fn capturing_upstream() -> (Log, SocketAddr) {
    capturing(|_: Uri| async { captured_answer() }).await
}

fn captured_answer() -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::RETRY_AFTER, "9"),
            (header::LOCATION, "https://elsewhere.test/logs/1"),
            (header::SET_COOKIE, "stitch_session=abc; Secure"),
            (header::CACHE_CONTROL, "private"),
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                "https://app.stitchdata.com",
            ),
        ],
        r#"{"error":{"type":"rate_limited","message":"Slow down"}}"#,
    )
        .into_response()
}

// ---------------------------------------------------------------- requests

/// Sends one request through `app` and sweeps the answer for the held token.
async fn send(app: &Router, request: Request<Body>) -> Reply {
    let reply = common::send(app, request).await;
    assert_no_secret(&reply, HELD);
    reply
}

/// A `/stitch` request presenting `token`, from another origin (as the demo page on another
/// port would).
fn stitch_as(token: &str, method: Method, path: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(format!("/stitch{path}"))
        .header(header::HOST, HOST)
        .header(header::ORIGIN, OTHER_ORIGIN)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
}

/// A `/stitch` request presenting the caller token.
fn stitch(method: Method, path: &str) -> axum::http::request::Builder {
    stitch_as(CALLER, method, path)
}

async fn get(app: &Router, path: &str) -> Reply {
    send(
        app,
        stitch(Method::GET, path)
            .body(Body::empty())
            .expect("request"),
    )
    .await
}

async fn post(app: &Router, path: &str, body: &Value) -> Reply {
    let request = stitch(Method::POST, path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    send(app, request).await
}

/// The same request sent straight to the upstream census-local with the held token.
async fn direct(upstream: &Router, method: Method, path: &str) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(format!("/stitch{path}"))
        .header(header::AUTHORIZATION, format!("Bearer {HELD}"))
        .body(Body::empty())
        .expect("request");
    common::send(upstream, request).await
}

/// The upstream census-local's attempt log: `(method, path, query)` of each request it got.
async fn upstream_attempts(upstream: &Router) -> Vec<(String, String, Option<String>)> {
    let reply = common::send(upstream, common::control(Method::GET, "/attempts", None)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()["attempts"]
        .as_array()
        .expect("attempts")
        .iter()
        .map(|a| {
            (
                a["method"].as_str().unwrap_or_default().to_owned(),
                a["path"].as_str().unwrap_or_default().to_owned(),
                a["query"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

/// Asserts Stitch's `{"error": {"type": kind, "message"}}` at `status`, read by the client's own
/// reader of Stitch errors; returns the message.
fn expect_stitch_error(reply: &Reply, status: StatusCode, kind: &str) -> String {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let fault = census_core::stitch::fault(&reply.body)
        .unwrap_or_else(|| panic!("not a Stitch error the client reads: {}", reply.text()));
    assert_eq!(fault.kind.as_deref(), Some(kind), "{}", reply.text());
    assert_eq!(reply.json()["error"]["type"], kind);
    let message = fault.message.expect("a message");
    assert!(!message.is_empty());
    message
}

// ---------------------------------------------------------------- forwarding

#[tokio::test]
async fn a_list_and_a_get_are_forwarded_with_the_held_token() {
    let (upstream, addr) = stitch_upstream().await;
    let proxy = proxy(addr);

    let listed = get(&proxy, "/v4/sources").await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text());
    let expected = direct(&upstream, Method::GET, "/v4/sources").await;
    assert_eq!(expected.status, StatusCode::OK);
    // The upstream only answers its own --stitch-token: this answer is proof it got HELD.
    assert_eq!(
        listed.json(),
        expected.json(),
        "the upstream's answer, unchanged"
    );
    assert_eq!(listed.json().as_array().map(Vec::len), Some(7));
    assert_eq!(
        listed.header("access-control-allow-origin"),
        Some(OTHER_ORIGIN)
    );
    assert_eq!(
        listed.header("access-control-expose-headers"),
        Some("retry-after, location"),
        "the Stitch CORS policy, as for the local Stitch"
    );
    assert_eq!(listed.header("connection"), Some("close"));

    let id = listed.json()[0]["id"].as_u64().expect("an id");
    let one = get(&proxy, &format!("/v4/sources/{id}")).await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.text());
    assert_eq!(one.json()["id"], id);
    let missing = get(&proxy, "/v4/sources/1").await;
    expect_stitch_error(&missing, StatusCode::NOT_FOUND, "not_found");

    // The prefix is removed: the upstream (itself serving under /stitch) saw the same paths.
    let seen = upstream_attempts(&upstream).await;
    let paths: Vec<&str> = seen.iter().map(|(_, path, _)| path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/stitch/v4/sources",
            "/stitch/v4/sources",
            &*format!("/stitch/v4/sources/{id}"),
            "/stitch/v4/sources/1"
        ]
    );
}

#[tokio::test]
async fn a_post_body_and_its_query_arrive_intact() {
    let (upstream, addr) = stitch_upstream().await;
    let proxy = proxy(addr);
    let body = json!({"type": "import_api", "display_name": "Through the Stitch proxy"});
    let created = post(&proxy, "/v4/sources?x=1&y=a%20b", &body).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text());
    assert_eq!(created.json()["display_name"], "Through the Stitch proxy");
    let id = created.json()["id"].as_u64().expect("new id");
    let there = direct(&upstream, Method::GET, &format!("/v4/sources/{id}")).await;
    assert_eq!(
        there.status,
        StatusCode::OK,
        "created in the upstream's account"
    );
    assert_eq!(there.json()["display_name"], "Through the Stitch proxy");
    let seen = upstream_attempts(&upstream).await;
    assert_eq!(
        seen[0],
        (
            "POST".to_owned(),
            "/stitch/v4/sources".to_owned(),
            Some("x=1&y=a%20b".to_owned())
        )
    );

    // A body the upstream refuses comes back in its own shape.
    let refused = post(&proxy, "/v4/sources", &json!({"display_name": 1})).await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{}",
        refused.text()
    );
    assert!(census_core::stitch::fault(&refused.body).is_some());
}

#[tokio::test]
async fn only_the_held_token_and_the_api_headers_reach_the_upstream() {
    let (log, addr) = capturing_upstream().await;
    let proxy = proxy(addr);
    let body = json!({"display_name": "Orders"}).to_string();
    let reply = send(
        &proxy,
        stitch(Method::PUT, "/v4/sources/120643?x=1")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .header(header::COOKIE, "session=browser-cookie")
            .header(header::REFERER, "http://localhost:9000/page")
            .header("x-forwarded-for", "203.0.113.9")
            .header(FAULT_HEADER, "none")
            .body(Body::from(body.clone()))
            .expect("request"),
    )
    .await;

    let seen = log.lock().expect("log").clone();
    assert_eq!(seen.len(), 1);
    let seen = &seen[0];
    assert_eq!(seen.method, Method::PUT);
    assert_eq!(seen.uri.path(), "/stitch/v4/sources/120643");
    assert_eq!(seen.uri.query(), Some("x=1"));
    assert_eq!(seen.body, Bytes::from(body));
    assert_eq!(
        seen.header("authorization"),
        Some(&*format!("Bearer {HELD}"))
    );
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.header("accept"), Some("application/json"));
    assert_eq!(seen.header("host"), Some(&*addr.to_string()));
    seen.assert_only_api_headers(CALLER);

    // Back: status, body, content-type, retry-after and location; not cookies, caching or the
    // upstream's CORS (census-local's own stand).
    let message = expect_stitch_error(&reply, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    assert_eq!(message, "Slow down");
    assert_eq!(reply.header("retry-after"), Some("9"));
    assert_eq!(
        reply.header("location"),
        Some("https://elsewhere.test/logs/1")
    );
    for dropped in ["set-cookie", "cache-control"] {
        assert_eq!(reply.header(dropped), None, "{dropped} was passed back");
    }
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(OTHER_ORIGIN)
    );
}

#[tokio::test]
async fn the_extraction_log_redirect_is_passed_back_not_followed() {
    let (upstream, addr) = stitch_upstream().await;
    let proxy = proxy(addr);
    let sources = get(&proxy, "/v4/sources").await.json();
    let mut started = None;
    for source in sources.as_array().expect("sources") {
        let id = source["id"].as_u64().expect("id");
        let reply = post(&proxy, &format!("/v4/sources/{id}/sync"), &json!({})).await;
        if let Some(name) = reply.json()["job_name"].as_str() {
            started = Some((
                source["stitch_client_id"].as_u64().expect("client"),
                name.to_owned(),
            ));
            break;
        }
    }
    let (client, job) = started.expect("one seeded source replicates");

    let logs = get(&proxy, &format!("/v4/{client}/extractions/{job}")).await;
    assert_eq!(logs.status, StatusCode::FOUND, "{}", logs.text());
    let location = logs.header("location").expect("a location").to_owned();
    // The upstream's own download, whose URL is below its base (Stitch's own points to another
    // host and passes unchanged), moved onto the proxy as the caller addressed it.
    let own = format!("http://{HOST}/stitch");
    assert!(
        location.starts_with(&format!("{own}/logs/{job}?")),
        "the upstream's download, through the proxy: {location}"
    );
    // The proxy did not follow the redirect.
    let attempts = upstream_attempts(&upstream).await;
    assert!(
        attempts.iter().all(|(_, path, _)| !path.contains("/logs/")),
        "{attempts:?}"
    );
    // Followed, it comes back through the proxy to the upstream's download.
    let log = get(&proxy, location.trim_start_matches(&own)).await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.text());
    let attempts = upstream_attempts(&upstream).await;
    assert!(
        attempts
            .iter()
            .any(|(_, path, _)| path == &format!("/stitch/logs/{job}")),
        "{attempts:?}"
    );
}

/// A Stitch at the root of its host, as `https://api.stitchdata.com` is, that answers with its
/// own absolute URLs, built from the `Host` it was addressed by: in a JSON body (one with its
/// slashes escaped) and in a redirect's `Location`; beside them URLs that only look like its
/// own.
async fn linking_upstream() -> SocketAddr {
    listen(
        Router::new().fallback(|headers: HeaderMap, uri: Uri| async move {
            let host = host_of(&headers);
            let base = format!("http://{host}");
            if uri.path() == "/v4/moved" {
                let location = format!("{base}/v4/sources/5?x=1");
                return (StatusCode::FOUND, [(header::LOCATION, location)]).into_response();
            }
            let escaped = base.replace('/', "\\/");
            let body = format!(
                r#"{{"links": {{"next": "{base}/v4/sources?page=2"}},
                "report_card": "{escaped}\/v4\/sources\/5\/report-card",
                "kept": ["{base}0/v4/sources", "{base}.evil.test/v4", "https://s3.test/x"]}}"#
            );
            ([(header::CONTENT_TYPE, "application/json")], body).into_response()
        }),
    )
    .await
}

#[tokio::test]
async fn the_upstreams_own_urls_are_moved_onto_the_proxy_below_stitch() {
    let addr = linking_upstream().await;
    let proxy = app(Config {
        stitch_upstream: Some(
            Upstream::stitch(&format!("http://{addr}"), Some(HELD)).expect("upstream"),
        ),
        ..proxy_config(addr, HELD, Duration::from_secs(10))
    });
    let own = format!("http://{HOST}/stitch");

    let reply = get(&proxy, "/v4/sources").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["links"]["next"], format!("{own}/v4/sources?page=2"));
    assert_eq!(
        body["report_card"],
        format!("{own}/v4/sources/5/report-card")
    );
    // Another port, another host, another service.
    assert_eq!(
        body["kept"],
        json!([
            format!("http://{addr}0/v4/sources"),
            format!("http://{addr}.evil.test/v4"),
            "https://s3.test/x",
        ])
    );

    let moved = get(&proxy, "/v4/moved").await;
    assert_eq!(moved.status, StatusCode::FOUND, "{}", moved.text());
    assert_eq!(
        moved.header("location"),
        Some(format!("{own}/v4/sources/5?x=1").as_str())
    );

    // On the wire, `Content-Length` is the length of the rebased body.
    let body = get_on_the_wire(proxy, "/stitch/v4/sources", "127.0.0.1:4001", CALLER, HELD).await;
    assert_eq!(
        body["links"]["next"],
        "http://127.0.0.1:4001/stitch/v4/sources?page=2"
    );
}

// ---------------------------------------------------------------- who may use it

#[tokio::test]
async fn the_callers_own_token_is_checked_here_and_never_forwarded() {
    let (log, addr) = capturing_upstream().await;
    let proxy = proxy(addr);
    let count = || log.lock().expect("log").len();
    let census_token = base_config().token;

    // Refused here with the local Stitch's 401: tokenless (Stitch takes none, whatever the
    // origin), a wrong token, the held token itself (callers present the proxy's token), and
    // the Census token.
    let tokenless = Request::builder()
        .uri("/stitch/v4/sources")
        .header(header::HOST, HOST)
        .body(Body::empty())
        .expect("request");
    let mut refused = vec![tokenless];
    for token in ["wrong", HELD, census_token.as_str()] {
        refused.push(
            stitch_as(token, Method::GET, "/v4/sources")
                .body(Body::empty())
                .expect("request"),
        );
    }
    for request in refused {
        let reply = send(&proxy, request).await;
        expect_stitch_error(&reply, StatusCode::UNAUTHORIZED, "unauthorized");
        assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
    }
    assert_eq!(count(), 0, "no refused request was forwarded");

    // A preflight is answered here, with Stitch's methods.
    let request = stitch(Method::OPTIONS, "/v4/sources/1")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
        .body(Body::empty());
    let preflight = send(&proxy, request.expect("request")).await;
    assert_eq!(preflight.status, StatusCode::NO_CONTENT);
    let methods = preflight.header("access-control-allow-methods");
    assert!(methods.is_some_and(|m| m.contains("PUT")), "{methods:?}");
    assert_eq!(count(), 0, "the preflight was not forwarded");

    get(&proxy, "/v4/sources").await;
    assert_eq!(count(), 1);
}

// ---------------------------------------------------------------- failures

#[tokio::test]
async fn an_unreachable_upstream_is_a_502_the_stitch_client_reads() {
    let addr = dead_port().await;
    let reply = get(&proxy(addr), "/v4/sources?page=2").await;
    let message = expect_stitch_error(&reply, StatusCode::BAD_GATEWAY, "bad_gateway");
    assert!(
        message.contains(&format!("upstream Stitch at http://{addr}/stitch")),
        "names the upstream: {message}"
    );
    assert!(
        message.contains("GET /stitch/v4/sources") && message.contains("connect"),
        "says what failed: {message}"
    );
    assert!(
        !message.contains("page=2"),
        "no query in messages: {message}"
    );
    assert!(message.to_lowercase().contains("refused"), "{message}");
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(OTHER_ORIGIN)
    );
}

#[tokio::test]
async fn a_slow_upstream_is_a_504_after_the_configured_timeout() {
    let (upstream, addr) = stitch_upstream().await;
    // The upstream census-local is slowed by one of its own fault rules.
    let rule = json!({"route": "GET /stitch/v4/sources", "fault": "delay:5000", "times": 1});
    let added = common::send(
        &upstream,
        common::control(Method::POST, "/faults", Some(&rule)),
    )
    .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text());

    let proxy = app(proxy_config(addr, HELD, Duration::from_millis(300)));
    let started = Instant::now();
    let reply = get(&proxy, "/v4/sources").await;
    let elapsed = started.elapsed();
    let message = expect_stitch_error(&reply, StatusCode::GATEWAY_TIMEOUT, "gateway_timeout");
    assert!(
        message.contains(&format!("http://{addr}/stitch"))
            && message.contains("GET /stitch/v4/sources")
            && message.contains("300 ms")
            && message.contains("--upstream-timeout-ms"),
        "{message}"
    );
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(4),
        "answered after {elapsed:?}"
    );
    assert_eq!(upstream_attempts(&upstream).await.len(), 1, "it did arrive");
}

#[tokio::test]
async fn a_wrong_held_token_gets_the_upstreams_401() {
    let (_, addr) = stitch_upstream().await;
    let proxy = app(proxy_config(
        addr,
        "not-the-stitch-token",
        Duration::from_secs(10),
    ));
    let reply = get(&proxy, "/v4/sources").await;
    expect_stitch_error(&reply, StatusCode::UNAUTHORIZED, "unauthorized");
    assert!(!reply.text().contains("not-the-stitch-token"));
}

// ---------------------------------------------------------------- beside the Census

#[tokio::test]
async fn census_stays_local_while_stitch_is_proxied_and_the_local_stitch_is_not_used() {
    let (log, addr) = capturing_upstream().await;
    let proxy = proxy(addr);

    // The local Census answers with its token, and its control endpoints work.
    let sources = common::get(&proxy, "/sources?per_page=1").await;
    assert_eq!(sources.status, StatusCode::OK, "{}", sources.text());
    assert_eq!(sources.json()["pagination"]["total_records"], 36);
    let attempts = send(&proxy, common::control(Method::GET, "/attempts", None)).await;
    assert_eq!(attempts.status, StatusCode::OK);
    assert_eq!(
        log.lock().expect("log").len(),
        0,
        "Census did not go upstream"
    );

    // The local Stitch's control endpoint is gone.
    let jobs = send(&proxy, common::control(Method::GET, "/stitch/jobs", None)).await;
    let message = jobs.expect_error(StatusCode::NOT_FOUND, "not_found");
    assert!(message.contains("--stitch-upstream"), "{message}");

    // A fault rule for /stitch is the local Stitch's: the forwarded request is not faulted.
    let rule = json!({"route": "GET /stitch/v4/sources", "fault": "503"});
    let added = send(
        &proxy,
        common::control(Method::POST, "/faults", Some(&rule)),
    )
    .await;
    assert_eq!(added.status, StatusCode::CREATED);
    let reply = get(&proxy, "/v4/sources").await;
    assert_eq!(
        reply.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the upstream's answer"
    );
    assert_eq!(log.lock().expect("log").len(), 1);

    // A header fault still applies, here, without asking the upstream.
    let faulted = send(
        &proxy,
        stitch(Method::GET, "/v4/sources")
            .header(FAULT_HEADER, "503")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(faulted.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        faulted.json()["error"]["type"],
        "service_unavailable",
        "in Stitch's error shape"
    );
    assert_eq!(log.lock().expect("log").len(), 1);
}

#[tokio::test]
async fn each_upstream_works_without_the_other_and_both_together() {
    const HELD_CENSUS: &str = "held-census-token-for-both";
    // One census-local upstream serving both APIs, each with its own token.
    let both_upstream = app(Config {
        token: HELD_CENSUS.into(),
        stitch_token: HELD.into(),
        strict_auth: true,
        seed: 4,
        ..base_config()
    });
    let addr = listen(both_upstream).await;
    let census_upstream =
        Upstream::new(&format!("http://{addr}/api/v1"), Some(HELD_CENSUS)).expect("upstream");

    // Census upstream, Stitch local: /stitch is the local stand-in (its default token).
    let census_only = app(Config {
        upstream: Some(census_upstream.clone()),
        ..base_config()
    });
    let local_stitch = send(
        &census_only,
        stitch_as(
            census_local::DEFAULT_STITCH_TOKEN,
            Method::GET,
            "/v4/sources",
        )
        .body(Body::empty())
        .expect("request"),
    )
    .await;
    assert_eq!(
        local_stitch.status,
        StatusCode::OK,
        "{}",
        local_stitch.text()
    );
    assert_eq!(local_stitch.json().as_array().map(Vec::len), Some(7));
    let census = common::get(&census_only, "/sources").await;
    assert_eq!(census.status, StatusCode::OK, "{}", census.text());
    assert_eq!(
        census.json()["pagination"]["total_records"],
        4,
        "the upstream's"
    );

    // Both upstream: each API gets its own held token (the upstream refuses the other's).
    let both = app(Config {
        upstream: Some(census_upstream),
        stitch_upstream: Some(upstream_at(addr, HELD)),
        stitch_token: CALLER.into(),
        ..base_config()
    });
    let census = common::get(&both, "/sources").await;
    assert_eq!(census.status, StatusCode::OK, "{}", census.text());
    assert_eq!(census.json()["pagination"]["total_records"], 4);
    let stitch_sources = get(&both, "/v4/sources").await;
    assert_eq!(
        stitch_sources.status,
        StatusCode::OK,
        "{}",
        stitch_sources.text()
    );
    assert_eq!(stitch_sources.json().as_array().map(Vec::len), Some(7));
    assert!(!census.text().contains(HELD_CENSUS));
}

// ---------------------------------------------------------------- the binary

mod binary {
    use super::HELD;
    use crate::common::servers::binary::{Server, assert_swept, census_local, failing_upstreams};

    const ENV: &str = "CENSUS_LOCAL_STITCH_UPSTREAM_TOKEN";

    fn refused(command: &mut std::process::Command) -> String {
        crate::common::servers::binary::refused(command, HELD)
    }

    fn proxy_to(upstream: &str, extra: &[&str]) -> Server {
        Server::start(
            census_local()
                .args(["--port", "0", "--stitch-upstream"])
                .arg(format!("http://{upstream}/stitch"))
                .args(extra)
                .env(ENV, HELD),
        )
    }

    const CALLER_HEADER: &str = "Authorization: Bearer census-local-dev-stitch\r\n";

    #[test]
    fn nothing_the_running_stitch_proxy_prints_or_answers_carries_the_held_token() {
        let upstream = Server::start(
            census_local()
                .args(["--port", "0"])
                .env("CENSUS_LOCAL_STITCH_TOKEN", HELD),
        );
        let slow = Server::start(
            census_local()
                .args(["--port", "0", "--latency-ms", "3000"])
                .env("CENSUS_LOCAL_STITCH_TOKEN", HELD),
        );
        let mut answers = Vec::new();
        let mut printed = String::new();

        let proxy = proxy_to(&upstream.base, &[]);
        let listed = proxy.exchange("GET /stitch/v4/sources", CALLER_HEADER);
        assert!(listed.starts_with("HTTP/1.1 200"), "{listed}");
        assert!(listed.contains("\"stitch_client_id\""), "{listed}");
        let created = proxy.exchange_with_body(
            "POST /stitch/v4/sources",
            &format!("{CALLER_HEADER}Content-Type: application/json\r\n"),
            r#"{"type": "import_api", "display_name": "From the binary"}"#,
        );
        assert!(created.starts_with("HTTP/1.1 200"), "{created}");
        assert!(created.contains("From the binary"), "{created}");
        let refused = proxy.exchange(
            "GET /stitch/v4/sources",
            &format!("Authorization: Bearer {HELD}\r\n"),
        );
        assert!(refused.starts_with("HTTP/1.1 401"), "{refused}");
        let census = proxy.exchange("GET /api/v1/sources?per_page=1", "");
        assert!(
            census.starts_with("HTTP/1.1 200"),
            "the local Census: {census}"
        );
        answers.extend([listed, created, refused, census]);
        printed.push_str(&proxy.stop());

        let (failures, log) = failing_upstreams(
            proxy_to,
            &slow,
            ("GET /stitch/v4/sources", CALLER_HEADER),
            "Could not connect to the upstream Stitch",
        );
        // In Stitch's error shape, which the StitchClient reads.
        assert!(failures[0].contains("\"bad_gateway\""), "{}", failures[0]);
        assert!(
            failures[1].contains("\"gateway_timeout\""),
            "{}",
            failures[1]
        );
        answers.extend(failures);
        printed.push_str(&log);
        assert_swept(&printed, &answers, HELD, ENV);
        drop((upstream, slow));
    }

    #[test]
    fn the_binary_refuses_a_stitch_upstream_it_cannot_use_safely() {
        let url = "https://api.stitchdata.com";

        let no_token = refused(census_local().args(["--stitch-upstream", url]));
        assert!(no_token.contains(ENV), "{no_token}");

        let plain = refused(
            census_local()
                .args(["--stitch-upstream", "http://api.stitchdata.com"])
                .env(ENV, HELD),
        );
        assert!(plain.contains("plain http"), "{plain}");

        let from_env = refused(
            census_local()
                .env("CENSUS_LOCAL_STITCH_UPSTREAM", "not a url")
                .env(ENV, HELD),
        );
        assert!(
            from_env.contains("CENSUS_LOCAL_STITCH_UPSTREAM:")
                && from_env.contains("not an absolute URL"),
            "{from_env}"
        );

        let flag = refused(census_local().args([
            "--stitch-upstream",
            url,
            "--stitch-upstream-token",
            HELD,
        ]));
        assert!(
            flag.contains("never taken from a flag") && flag.contains(ENV),
            "{flag}"
        );

        let open = refused(
            census_local()
                .args(["--stitch-upstream", url, "--host", "0.0.0.0"])
                .env(ENV, HELD),
        );
        assert!(
            open.contains("--stitch-upstream") && open.contains("--strict-auth"),
            "{open}"
        );
    }
}
