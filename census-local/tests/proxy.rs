//! Upstream (proxy) mode: `/api/v1` forwarded to another server with the token census-local
//! holds. The upstream is a second census-local, or a small capturing server that records what
//! arrived, each on a free port of 127.0.0.1 over plain http; the proxy is driven in-process
//! through `app(config).oneshot(request)`, and once as the real binary to read its logs.
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
use common::{HOST, OTHER_ORIGIN, Reply, api_request, base_config};
use serde_json::{Value, json};

/// The token the proxy holds for the upstream. Distinctive, so a sweep cannot miss it.
const HELD: &str = "held-upstream-token-5f2b9c1e";
/// The token callers present to the proxy (its `--token`), which must never travel on.
const CALLER: &str = "caller-token-for-the-proxy";
/// This server's own origin, as the browser names it: `HOST` is `census.test:8787`.
const OWN_ORIGIN: &str = "http://census.test:8787";

// ---------------------------------------------------------------- servers

/// A second census-local as the upstream, expecting `HELD`, with 5 seeded sources.
async fn census_upstream() -> (Router, SocketAddr) {
    let router = app(Config {
        token: HELD.into(),
        seed: 5,
        strict_auth: true,
        ..base_config()
    });
    let addr = listen(router.clone()).await;
    (router, addr)
}

/// The proxy's configuration: callers present `CALLER`, the upstream gets `held`.
fn proxy_config(upstream: SocketAddr, held: &str, timeout: Duration) -> Config {
    Config {
        host: "census.test".into(),
        port: 8787,
        token: CALLER.into(),
        upstream: Some(
            Upstream::new(&format!("http://{upstream}/api/v1"), Some(held)).expect("upstream"),
        ),
        upstream_timeout: timeout,
        ..base_config()
    }
}

fn proxy(upstream: SocketAddr) -> Router {
    app(proxy_config(upstream, HELD, Duration::from_secs(10)))
}

/// An upstream that records every request and answers a JSON envelope, along with headers a
/// proxy must pass back (`retry-after`) and headers it must not (`set-cookie`, ...).
/// `/api/v1/slow` answers after 5 s; `/api/v1/moved` redirects elsewhere.
async fn capturing_upstream() -> (Log, SocketAddr) {
    capturing(|uri: Uri| async move {
        match uri.path() {
            "/api/v1/slow" => {
                tokio::time::sleep(Duration::from_secs(5)).await;
                StatusCode::OK.into_response()
            }
            "/api/v1/moved" => (
                StatusCode::FOUND,
                [(header::LOCATION, "https://elsewhere.test/api/v1/sources")],
            )
                .into_response(),
            _ => captured_answer(),
        }
    })
    .await
}

/// An upstream that answers with its own absolute URLs, as Census does (a list's `next`, a
/// clone's `status_endpoint`, an object creation's `url`, a segment's
/// `filter_segment_source_url`), built from the `Host` it was addressed by, one of them with
/// its slashes escaped; beside them URLs that only look like its own. `/api/v1/text` answers a
/// URL of its own as plain text.
async fn linking_upstream() -> SocketAddr {
    listen(
        Router::new().fallback(|headers: HeaderMap, uri: Uri| async move {
            let host = host_of(&headers);
            let base = format!("http://{host}/api/v1");
            if uri.path() == "/api/v1/text" {
                return (
                    [(header::CONTENT_TYPE, "text/plain")],
                    format!("{base}/syncs"),
                )
                    .into_response();
            }
            let escaped = base.replace('/', "\\/");
            let body = format!(
                r#"{{"status": "success",
                "next": "{base}/syncs?page=2&per_page=1",
                "data": {{"status_endpoint": "{escaped}\/clone\/7",
                          "url": "{base}/object_creation_requests/3",
                          "filter_segment_source_url": "{base}/sources/4/segments/5?x=1#y",
                          "message": "poll {base}/clone/7 until done",
                          "kept": ["https://app.getcensus.com/api/v1/syncs",
                                   "http://{host}/api/v10/syncs", "http://{host}/other",
                                   "{base}"]}}}}"#
            );
            ([(header::CONTENT_TYPE, "application/json")], body).into_response()
        }),
    )
    .await
}

fn captured_answer() -> Response {
    (
        StatusCode::TOO_MANY_REQUESTS,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::RETRY_AFTER, "7"),
            (header::SET_COOKIE, "upstream_session=abc; Secure"),
            (header::CACHE_CONTROL, "private"),
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                "https://app.getcensus.com",
            ),
            (
                header::HeaderName::from_static("x-upstream-internal"),
                "node-7",
            ),
        ],
        r#"{"status":"error","message":"Too many requests"}"#,
    )
        .into_response()
}

// ---------------------------------------------------------------- requests

/// Sends one request through `app`, and checks that neither the body nor any header of the
/// answer carries the held token: the sweep every test here goes through.
async fn send(app: &Router, request: Request<Body>) -> Reply {
    let reply = common::send(app, request).await;
    assert_no_token(&reply);
    reply
}

fn assert_no_token(reply: &Reply) {
    assert_no_secret(reply, HELD);
}

/// An `/api/v1` request presenting the caller token, from another origin (as the demo page on
/// another port would).
fn api(method: Method, path: &str) -> axum::http::request::Builder {
    api_request(CALLER, method, path)
}

/// Through this file's `send`, so every answer is swept for the held token.
async fn get(app: &Router, path: &str) -> Reply {
    let request = api(Method::GET, path).body(Body::empty());
    send(app, request.expect("request")).await
}

/// The same request sent straight to the upstream census-local, as the proxy sends it.
async fn direct(upstream: &Router, addr: SocketAddr, method: Method, path: &str) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(format!("/api/v1{path}"))
        .header(header::HOST, addr.to_string())
        .header(header::AUTHORIZATION, format!("Bearer {HELD}"))
        .body(Body::empty())
        .expect("request");
    common::send(upstream, request).await
}

fn postgres_body() -> Value {
    json!({"connection": {
        "type": "postgres",
        "label": "Through the proxy",
        "credentials": {
            "hostname": "db.test", "port": 5432, "user": "u", "password": "p", "database": "d"
        }
    }})
}

// ---------------------------------------------------------------- forwarding

#[tokio::test]
async fn a_list_with_its_query_is_forwarded_and_answered_as_the_upstream_answers() {
    let (upstream, addr) = census_upstream().await;
    let proxy = proxy(addr);
    let query = "?page=2&per_page=2&order=asc";

    let reply = get(&proxy, &format!("/sources{query}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let expected = direct(&upstream, addr, Method::GET, &format!("/sources{query}")).await;
    // The upstream's answer, with its `next` link moved onto the proxy, as the caller
    // addressed it, so following it comes back here rather than to the upstream.
    let mut moved = expected.json();
    assert_eq!(
        moved["next"],
        format!("http://{addr}/api/v1/sources?page=3&per_page=2&order=asc")
    );
    moved["next"] = json!(format!(
        "{OWN_ORIGIN}/api/v1/sources?page=3&per_page=2&order=asc"
    ));
    assert_eq!(reply.json(), moved, "the upstream's answer, its link moved");
    assert_eq!(reply.json()["pagination"]["page"], 2);
    assert_eq!(reply.json()["data"].as_array().map(Vec::len), Some(2));
    let next = reply.json()["next"].as_str().expect("next").to_owned();
    let followed = get(
        &proxy,
        next.trim_start_matches(OWN_ORIGIN)
            .trim_start_matches("/api/v1"),
    )
    .await;
    assert_eq!(
        followed.json()["pagination"]["page"],
        3,
        "{}",
        followed.text()
    );
    // CORS comes from census-local's own middleware, as for local answers.
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(OTHER_ORIGIN)
    );
    assert_eq!(
        reply.header("access-control-expose-headers"),
        Some("retry-after")
    );
    assert_eq!(reply.header("connection"), Some("close"));
}

#[tokio::test]
async fn the_upstreams_own_urls_are_moved_onto_the_proxy_as_the_caller_addressed_it() {
    let addr = linking_upstream().await;
    let upstream_base = format!("http://{addr}/api/v1");
    let ours = format!("{OWN_ORIGIN}/api/v1");
    let proxy = proxy(addr);

    let reply = get(&proxy, "/syncs").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["next"], format!("{ours}/syncs?page=2&per_page=1"));
    let data = &body["data"];
    // Escaped slashes are read as slashes, and the URL written back plainly.
    assert_eq!(data["status_endpoint"], format!("{ours}/clone/7"));
    assert_eq!(data["url"], format!("{ours}/object_creation_requests/3"));
    assert_eq!(
        data["filter_segment_source_url"],
        format!("{ours}/sources/4/segments/5?x=1#y")
    );
    assert_eq!(data["message"], format!("poll {ours}/clone/7 until done"));
    // Another host, a longer path segment and a path outside the base are not the upstream's
    // API; the base itself is.
    assert_eq!(
        data["kept"],
        json!([
            "https://app.getcensus.com/api/v1/syncs",
            format!("http://{addr}/api/v10/syncs"),
            format!("http://{addr}/other"),
            ours,
        ])
    );
    for left in [format!("{upstream_base}/"), format!("{upstream_base}\"")] {
        assert!(
            !reply.text().replace("\\/", "/").contains(&left),
            "no URL of the upstream's API is left: {}",
            reply.text()
        );
    }

    // A body that is not JSON passes as it came.
    let text = get(&proxy, "/text").await;
    assert_eq!(text.header("content-type"), Some("text/plain"));
    assert_eq!(text.text(), format!("{upstream_base}/syncs"));

    // On the wire: the URLs follow the `Host` the caller used, and `Content-Length` is the
    // length of the rebased body.
    let body = get_on_the_wire(proxy, "/api/v1/syncs", "localhost:4000", CALLER, HELD).await;
    assert_eq!(
        body["next"],
        "http://localhost:4000/api/v1/syncs?page=2&per_page=1"
    );
    assert_eq!(
        body["data"]["status_endpoint"],
        "http://localhost:4000/api/v1/clone/7"
    );
}

#[tokio::test]
async fn one_source_is_forwarded_and_both_not_found_shapes_pass_through() {
    let (upstream, addr) = census_upstream().await;
    let proxy = proxy(addr);
    let listed = direct(&upstream, addr, Method::GET, "/sources?per_page=1").await;
    let id = listed.json()["data"][0]["id"].as_u64().expect("an id");

    let one = get(&proxy, &format!("/sources/{id}")).await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.text());
    assert_eq!(one.json()["data"]["id"], id);

    // The upstream's own shapes: "not_found" for GET, 404 for DELETE (document 000). The proxy
    // does not reshape them, and the not-found-shape header is not forwarded.
    let missing = send(
        &proxy,
        api(Method::GET, "/sources/999999")
            .header("x-census-local-not-found-shape", "code")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    missing.expect_error(StatusCode::NOT_FOUND, "not_found");
    let deleted = send(
        &proxy,
        api(Method::DELETE, "/sources/999999")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NOT_FOUND);
    assert_eq!(deleted.json()["status"], 404, "{}", deleted.text());
}

#[tokio::test]
async fn create_with_a_body_then_delete_go_through_to_the_upstream() {
    let (upstream, addr) = census_upstream().await;
    let proxy = proxy(addr);

    let created = send(
        &proxy,
        api(Method::POST, "/sources")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(postgres_body().to_string()))
            .expect("request"),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let id = created.json()["data"]["id"].as_u64().expect("new id");
    assert_eq!(created.json()["data"]["label"], "Through the proxy");
    let there = direct(&upstream, addr, Method::GET, &format!("/sources/{id}")).await;
    assert_eq!(
        there.status,
        StatusCode::OK,
        "created in the upstream's store"
    );

    // A body the upstream refuses comes back with its status and envelope.
    let refused = send(
        &proxy,
        api(Method::POST, "/sources")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{\"connection\": 1}"))
            .expect("request"),
    )
    .await;
    assert!(refused.status.is_client_error(), "{}", refused.text());
    refused.expect_word("error");

    let deleted = send(
        &proxy,
        api(Method::DELETE, &format!("/sources/{id}"))
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(deleted.status, StatusCode::OK, "{}", deleted.text());
    let gone = direct(&upstream, addr, Method::GET, &format!("/sources/{id}")).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_wrong_held_token_gets_the_upstreams_401() {
    let (_, addr) = census_upstream().await;
    let proxy = app(proxy_config(
        addr,
        "not-the-upstream-token",
        Duration::from_secs(10),
    ));
    let reply = get(&proxy, "/sources").await;
    let message = reply.expect_error(StatusCode::UNAUTHORIZED, "error");
    assert_eq!(message, "Invalid credentials");
    assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(OTHER_ORIGIN)
    );
}

#[tokio::test]
async fn only_the_held_token_and_the_api_headers_reach_the_upstream() {
    let (log, addr) = capturing_upstream().await;
    let proxy = proxy(addr);
    let body = postgres_body().to_string();
    let reply = send(
        &proxy,
        api(Method::PATCH, "/sources/12?x=1&y=a%20b")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
            .header(header::COOKIE, "session=browser-cookie")
            .header(header::CONNECTION, "keep-alive, x-hop")
            .header("x-hop", "1")
            .header(header::TE, "trailers")
            .header(header::REFERER, "http://localhost:9000/page")
            .header("x-forwarded-for", "203.0.113.9")
            .header(FAULT_HEADER, "none")
            .header("x-census-local-create-shape", "id")
            .body(Body::from(body.clone()))
            .expect("request"),
    )
    .await;

    let seen = log.lock().expect("log").clone();
    assert_eq!(seen.len(), 1);
    let seen = &seen[0];
    assert_eq!(seen.method, Method::PATCH);
    assert_eq!(seen.uri.path(), "/api/v1/sources/12");
    assert_eq!(seen.uri.query(), Some("x=1&y=a%20b"));
    assert_eq!(seen.body, Bytes::from(body));
    let header = |name: &str| seen.headers.get(name).and_then(|v| v.to_str().ok());
    assert_eq!(header("authorization"), Some(&*format!("Bearer {HELD}")));
    assert_eq!(header("content-type"), Some("application/json"));
    assert_eq!(header("accept"), Some("application/json"));
    assert_eq!(header("host"), Some(&*addr.to_string()));
    assert!(
        header("user-agent").is_some_and(|ua| ua.starts_with("census-local/")),
        "{:?}",
        header("user-agent")
    );
    seen.assert_only_api_headers(CALLER);

    // Back: status, body, content-type and retry-after; not the upstream's cookies, caching,
    // internals or CORS (census-local's own CORS headers stand).
    let message = reply.expect_error(StatusCode::TOO_MANY_REQUESTS, "error");
    assert_eq!(message, "Too many requests");
    assert_eq!(reply.header("retry-after"), Some("7"));
    for dropped in ["set-cookie", "cache-control", "x-upstream-internal"] {
        assert_eq!(reply.header(dropped), None, "{dropped} was passed back");
    }
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(OTHER_ORIGIN)
    );
}

// ---------------------------------------------------------------- failures

#[tokio::test]
async fn an_unreachable_upstream_is_a_502_naming_it() {
    let addr = dead_port().await;
    let reply = get(&proxy(addr), "/sources?page=2").await;
    let message = reply.expect_error(StatusCode::BAD_GATEWAY, "error");
    assert!(
        message.contains(&format!("http://{addr}/api/v1")),
        "names the upstream: {message}"
    );
    assert!(
        message.contains("GET /api/v1/sources") && message.contains("connect"),
        "says what failed: {message}"
    );
    assert!(
        message.to_lowercase().contains("refused"),
        "gives the cause: {message}"
    );
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(OTHER_ORIGIN)
    );
}

#[tokio::test]
async fn a_slow_upstream_is_a_504_after_the_configured_timeout() {
    let (log, addr) = capturing_upstream().await;
    let proxy = app(proxy_config(addr, HELD, Duration::from_millis(300)));
    let started = Instant::now();
    let reply = get(&proxy, "/slow").await;
    let elapsed = started.elapsed();
    let message = reply.expect_error(StatusCode::GATEWAY_TIMEOUT, "error");
    assert!(
        message.contains(&format!("http://{addr}/api/v1"))
            && message.contains("GET /api/v1/slow")
            && message.contains("300 ms"),
        "{message}"
    );
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(4),
        "answered after {elapsed:?}"
    );
    assert_eq!(
        log.lock().expect("log").len(),
        1,
        "the request did reach it"
    );
}

#[tokio::test]
async fn a_redirect_is_not_followed() {
    let (log, addr) = capturing_upstream().await;
    let reply = get(&proxy(addr), "/moved").await;
    let message = reply.expect_error(StatusCode::BAD_GATEWAY, "error");
    assert!(
        message.contains("redirect") && message.contains("https://elsewhere.test/api/v1/sources"),
        "{message}"
    );
    assert_eq!(reply.header("location"), None);
    assert_eq!(log.lock().expect("log").len(), 1, "only the one request");
}

#[tokio::test]
async fn https_goes_through_tls_and_never_falls_back_to_plain_http() {
    // The capturing upstream speaks plain http only: over https the TLS handshake fails, and
    // no request (and so no token) arrives in the clear.
    let (log, addr) = capturing_upstream().await;
    let proxy = app(Config {
        upstream: Some(
            Upstream::new(&format!("https://{addr}/api/v1"), Some(HELD)).expect("upstream"),
        ),
        ..proxy_config(addr, HELD, Duration::from_secs(10))
    });
    let reply = get(&proxy, "/sources").await;
    let message = reply.expect_error(StatusCode::BAD_GATEWAY, "error");
    assert!(
        message.contains(&format!("https://{addr}/api/v1")),
        "{message}"
    );
    assert!(
        log.lock().expect("log").is_empty(),
        "nothing arrived as HTTP"
    );
}

// ---------------------------------------------------------------- who may use the proxy

fn tokenless(host: &str, origin: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder()
        .uri("/api/v1/sources")
        .header(header::HOST, host);
    if let Some(origin) = origin {
        builder = builder.header(header::ORIGIN, origin);
    }
    builder.body(Body::empty()).expect("request")
}

/// `request` as a browser marks it with `Sec-Fetch-Site: site`.
fn from_site(mut request: Request<Body>, site: &str) -> Request<Body> {
    request
        .headers_mut()
        .insert("sec-fetch-site", site.parse().expect("a header value"));
    request
}

/// A request from another origin presenting `token` (and no other).
fn presenting(token: &str) -> Request<Body> {
    Request::builder()
        .uri("/api/v1/sources")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, OTHER_ORIGIN)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request")
}

#[tokio::test]
async fn the_local_auth_rules_guard_the_proxy_and_refusals_never_reach_the_upstream() {
    let (log, addr) = capturing_upstream().await;
    let proxy = proxy(addr);
    let count = || log.lock().expect("log").len();

    // Refused locally: tokenless from another origin, a wrong token, a token for the upstream
    // itself (callers present the proxy's token, never the real one).
    for request in [
        tokenless(HOST, Some(OTHER_ORIGIN)),
        presenting("wrong"),
        presenting(HELD),
        // DNS rebinding: a page on evil.test made to resolve to this machine is same-origin
        // with itself, but does not address this server by its own name.
        tokenless("evil.test:8787", Some("http://evil.test:8787")),
        tokenless("evil.test:8787", None),
        // Another site's page: a `no-cors` GET carries no `Origin`, but its Sec-Fetch-Site
        // says where it came from.
        from_site(tokenless(HOST, None), "cross-site"),
        from_site(tokenless("127.0.0.1:8787", None), "same-site"),
    ] {
        let reply = send(&proxy, request).await;
        reply.expect_error(StatusCode::UNAUTHORIZED, "error");
    }
    assert_eq!(count(), 0, "no refused request was forwarded");

    // Let through: tokenless from the own origin, with no origin, by a loopback name, and with
    // the caller token from anywhere.
    for request in [
        tokenless(HOST, Some(OWN_ORIGIN)),
        tokenless(HOST, None),
        tokenless("127.0.0.1:8787", Some("http://127.0.0.1:8787")),
        tokenless("localhost:8787", None),
        from_site(tokenless(HOST, Some(OWN_ORIGIN)), "same-origin"),
        from_site(tokenless(HOST, None), "none"),
        from_site(
            api(Method::GET, "/sources")
                .body(Body::empty())
                .expect("request"),
            "cross-site",
        ),
    ] {
        let reply = send(&proxy, request).await;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "forwarded");
    }
    assert_eq!(count(), 7);

    // A preflight is answered here and never forwarded.
    let preflight = send(
        &proxy,
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/api/v1/sources")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, OTHER_ORIGIN)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(preflight.status, StatusCode::NO_CONTENT);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some(OTHER_ORIGIN)
    );
    assert_eq!(count(), 7, "the preflight was not forwarded");

    // --strict-auth: only the caller token.
    let strict = app(Config {
        strict_auth: true,
        ..proxy_config(addr, HELD, Duration::from_secs(10))
    });
    send(&strict, tokenless(HOST, Some(OWN_ORIGIN)))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "error");
    let reply = get(&strict, "/sources").await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(count(), 8);
}

#[tokio::test]
async fn control_endpoints_are_off_and_header_faults_still_apply() {
    let (log, addr) = capturing_upstream().await;
    let proxy = proxy(addr);

    let control = send(&proxy, common::control(Method::GET, "/attempts", None)).await;
    let message = control.expect_error(StatusCode::NOT_FOUND, "not_found");
    assert!(message.contains("upstream"), "{message}");
    assert_eq!(control.header("access-control-allow-origin"), None);

    // A status fault answers here; the upstream is not asked.
    let faulted = send(
        &proxy,
        api(Method::GET, "/sources")
            .header(FAULT_HEADER, "503")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    faulted.expect_error(StatusCode::SERVICE_UNAVAILABLE, "error");
    assert_eq!(log.lock().expect("log").len(), 0);

    // A fault that alters the real answer alters the upstream's.
    let relabelled = send(
        &proxy,
        api(Method::GET, "/sources")
            .header(FAULT_HEADER, "wrong_content_type")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(relabelled.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(relabelled.header("content-type"), Some("text/plain"));
    assert_eq!(log.lock().expect("log").len(), 1);
}

// ---------------------------------------------------------------- the binary: logs and refusals

mod binary {
    use super::HELD;
    use crate::common::servers::binary::{Server, assert_swept, census_local, failing_upstreams};

    fn refused(command: &mut std::process::Command) -> String {
        crate::common::servers::binary::refused(command, HELD)
    }

    fn proxy_to(upstream: &str, extra: &[&str]) -> Server {
        Server::start(
            census_local()
                .args(["--port", "0", "--token", "bin-caller", "--upstream"])
                .arg(format!("http://{upstream}/api/v1"))
                .args(extra)
                .env("CENSUS_LOCAL_UPSTREAM_TOKEN", HELD),
        )
    }

    #[test]
    fn nothing_the_running_proxy_prints_or_answers_carries_the_held_token() {
        // The upstream census-local takes the held token (from the environment, as an operator
        // would give it); a second, slow one is there for the timeout.
        let upstream = Server::start(
            census_local()
                .args(["--port", "0", "--seed", "3", "--strict-auth"])
                .env("CENSUS_LOCAL_TOKEN", HELD),
        );
        let slow = Server::start(
            census_local()
                .args(["--port", "0", "--latency-ms", "3000"])
                .env("CENSUS_LOCAL_TOKEN", HELD),
        );
        let mut answers = Vec::new();
        let mut printed = String::new();

        let proxy = proxy_to(&upstream.base, &[]);
        let ok = proxy.exchange("GET /api/v1/sources?per_page=2", "");
        assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
        assert!(ok.contains("\"total_records\":3"), "{ok}");
        let created = proxy.exchange_with_body(
            "POST /api/v1/sources",
            "Authorization: Bearer bin-caller\r\nContent-Type: application/json\r\n",
            &super::postgres_body().to_string(),
        );
        assert!(created.starts_with("HTTP/1.1 201"), "{created}");
        answers.push(ok);
        answers.push(created);
        let refused = proxy.exchange(
            "GET /api/v1/sources",
            "Authorization: Bearer wrong\r\nOrigin: http://localhost:9\r\n",
        );
        assert!(refused.starts_with("HTTP/1.1 401"), "{refused}");
        answers.push(refused);
        printed.push_str(&proxy.stop());

        let (failures, log) = failing_upstreams(
            proxy_to,
            &slow,
            ("GET /api/v1/sources", ""),
            "Could not connect to the upstream Census",
        );
        answers.extend(failures);
        printed.push_str(&log);
        assert_swept(&printed, &answers, HELD, "CENSUS_LOCAL_UPSTREAM_TOKEN");
        drop((upstream, slow));
    }

    #[test]
    fn the_binary_refuses_an_upstream_it_cannot_use_safely() {
        let url = "https://app.getcensus.com/api/v1";

        let no_token = refused(census_local().args(["--upstream", url]));
        assert!(
            no_token.contains("CENSUS_LOCAL_UPSTREAM_TOKEN"),
            "{no_token}"
        );

        let plain = refused(
            census_local()
                .args(["--upstream", "http://app.getcensus.com/api/v1"])
                .env("CENSUS_LOCAL_UPSTREAM_TOKEN", HELD),
        );
        assert!(plain.contains("plain http"), "{plain}");

        let from_env = refused(
            census_local()
                .env("CENSUS_LOCAL_UPSTREAM", "http://192.0.2.1/api/v1")
                .env("CENSUS_LOCAL_UPSTREAM_TOKEN", HELD),
        );
        assert!(from_env.contains("CENSUS_LOCAL_UPSTREAM"), "{from_env}");

        let flag = refused(census_local().args(["--upstream", url, "--upstream-token", HELD]));
        assert!(flag.contains("never taken from a flag"), "{flag}");

        let open = refused(
            census_local()
                .args(["--upstream", url, "--host", "0.0.0.0"])
                .env("CENSUS_LOCAL_UPSTREAM_TOKEN", HELD),
        );
        assert!(open.contains("--strict-auth"), "{open}");
    }
}

// ---------------------------------------------------------------- the organisation APIs

/// The personal access token the proxy holds for the upstream's organisation APIs.
const HELD_PAT: &str = "held-upstream-pat-8d41a07e";

#[tokio::test]
async fn organisation_routes_get_the_held_personal_token_or_are_not_forwarded() {
    let (log, addr) = capturing_upstream().await;
    let caller_pat = base_config().pat_token;
    let org_request = |path: &str| {
        api_request(&caller_pat, Method::GET, path)
            .body(Body::empty())
            .expect("request")
    };
    // No personal access token held: refused here, and nothing reaches the upstream.
    let without = proxy(addr);
    let reply = send(&without, org_request("/workspaces")).await;
    let message = reply.expect_error(StatusCode::FORBIDDEN, "error");
    assert!(
        message.contains("CENSUS_LOCAL_UPSTREAM_PAT_TOKEN"),
        "{message}"
    );
    assert!(
        log.lock().expect("log").is_empty(),
        "the workspace token was not sent instead"
    );

    // Held: the organisation routes get it, the workspace routes the workspace token.
    let mut config = proxy_config(addr, HELD, Duration::from_secs(10));
    config.upstream = config
        .upstream
        .map(|upstream| upstream.with_personal(Some(HELD_PAT)).expect("personal"));
    let with = app(config);
    let reply = send(&with, org_request("/workspaces/3/api_key")).await;
    assert!(!reply.text().contains(HELD_PAT));
    get(&with, "/sources").await;
    let seen = log.lock().expect("log").clone();
    let bearer = |index: usize| {
        seen[index]
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(seen[0].uri.path(), "/api/v1/workspaces/3/api_key");
    assert_eq!(bearer(0), Some(format!("Bearer {HELD_PAT}")));
    assert_eq!(seen[1].uri.path(), "/api/v1/sources");
    assert_eq!(bearer(1), Some(format!("Bearer {HELD}")));

    let same = Upstream::new("https://a.test/api/v1", Some(HELD))
        .expect("upstream")
        .with_personal(Some(HELD))
        .expect_err("the same token twice");
    assert!(!same.contains(HELD), "{same}");
}

/// An upstream that quotes the `Authorization` it got: an error page echoing the request, a
/// debugging endpoint. The browser gets the answer with the held token replaced, as written,
/// JSON-escaped and URL-encoded, in the body and in every header passed on.
#[tokio::test]
async fn an_upstream_that_echoes_the_held_token_never_hands_it_to_the_browser() {
    // A held token with characters that JSON escapes and URLs encode.
    const ODD: &str = "held/odd+token=\"5f2b\"";
    let (_log, addr) = capturing(|uri: Uri| async move {
        let escaped = serde_json::to_string(ODD).expect("json");
        let encoded: String = ODD
            .bytes()
            .map(|byte| match byte {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    char::from(byte).to_string()
                }
                _ => format!("%{byte:02X}"),
            })
            .collect();
        match uri.path() {
            "/api/v1/json" => (
                StatusCode::UNAUTHORIZED,
                [
                    (header::CONTENT_TYPE, "application/json".to_owned()),
                    (header::WWW_AUTHENTICATE, format!("Bearer realm=\"{ODD}\"")),
                    (header::RETRY_AFTER, ODD.to_owned()),
                ],
                format!(
                    r#"{{"status": "error", "message": "Invalid credentials: Bearer {}"}}"#,
                    &escaped[1..escaped.len() - 1]
                ),
            )
                .into_response(),
            _ => (
                StatusCode::BAD_GATEWAY,
                [(header::CONTENT_TYPE, "text/html".to_owned())],
                format!("<a href=\"/login?t={encoded}\">Bearer {ODD}</a>"),
            )
                .into_response(),
        }
    })
    .await;
    let app = app(proxy_config(addr, ODD, Duration::from_secs(10)));
    for path in ["/json", "/html"] {
        let reply = send(
            &app,
            api(Method::GET, path).body(Body::empty()).expect("request"),
        )
        .await;
        assert_no_secret(&reply, ODD);
        assert_no_secret(&reply, r#"held/odd+token=\"5f2b\""#);
        assert_no_secret(&reply, "held%2Fodd%2Btoken");
        assert!(
            reply.text().contains("<redacted>"),
            "{path}: {}",
            reply.text()
        );
    }
    let reply = send(
        &app,
        api(Method::GET, "/json")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(
        reply.header("www-authenticate"),
        Some("Bearer realm=\"<redacted>\"")
    );
    let body: Value = serde_json::from_slice(&reply.body).expect("still JSON");
    assert_eq!(body["message"], "Invalid credentials: Bearer <redacted>");
}
