//! The local Census driven in-process through `app(config).oneshot(request)`, plus one run of
//! the real binary. Responses are read back through the client's own wire models where they fit,
//! so a shape the client could not read fails here first.

mod common;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use census_core::models::{EnvelopeStatus, Page, Source};
use census_local::{Config, FIRST_REFRESH_KEY, app};
use common::*;
use serde_json::{Value, json};

const OWN_ORIGIN: &str = "http://census.test:8787";

fn config() -> Config {
    Config {
        token: TOKEN.into(),
        refresh: Duration::from_millis(50),
        www: PathBuf::from("/nonexistent/census-local/www"),
        pkg: PathBuf::from("/nonexistent/census-local/pkg"),
        ..Config::default()
    }
}

fn seeded(seed: usize) -> Router {
    app(Config { seed, ..config() })
}

/// A request addressed to `HOST` with the bearer token.
fn api(method: Method, path: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(format!("/api/v1{path}"))
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
}

async fn get(app: &Router, path: &str) -> Reply {
    send(
        app,
        api(Method::GET, path).body(Body::empty()).expect("request"),
    )
    .await
}

async fn with_json(app: &Router, method: Method, path: &str, body: &Value) -> Reply {
    let request = api(method, path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    send(app, request).await
}

async fn list(app: &Router, query: &str) -> (Page<Source>, Value) {
    let reply = get(app, &format!("/sources{query}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["status"], "success");
    (
        serde_json::from_value(body.clone()).expect("a Page<Source>"),
        body,
    )
}

fn ids(page: &Page<Source>) -> Vec<u64> {
    page.data.iter().map(|s| s.id).collect()
}

// ---------------------------------------------------------------- pagination

#[tokio::test]
async fn default_list_is_page_one_of_twenty_five_newest_first() {
    let app = seeded(36);
    let (page, body) = list(&app, "").await;
    assert_eq!(page.data.len(), 25);
    assert_eq!(
        body["pagination"],
        json!({"total_records": 36, "per_page": 25, "prev_page": null, "page": 1, "next_page": 2, "last_page": 2})
    );
    assert_eq!(
        body["next"],
        json!("http://census.test:8787/api/v1/sources?page=2&per_page=25&order=desc")
    );
    let created: Vec<&str> = page
        .data
        .iter()
        .filter_map(|s| s.created_at.as_deref())
        .collect();
    assert_eq!(created.len(), 25);
    assert!(
        created.windows(2).all(|w| w[0] >= w[1]),
        "desc by created_at: {created:?}"
    );
}

#[tokio::test]
async fn a_list_answers_its_older_shapes_when_asked() {
    let app = seeded(36);
    let (_, full) = list(&app, "?page=1").await;
    let shaped = |shape: &'static str, path: &'static str| {
        let app = app.clone();
        async move {
            let request = api(Method::GET, path)
                .header("x-census-local-list-shape", shape)
                .body(Body::empty())
                .expect("request");
            send(&app, request).await
        }
    };
    // `next`: the link alone, as document 000's older answers have it.
    let older = shaped("next", "/sources?page=1").await.json();
    assert_eq!(older.get("pagination"), None, "{older}");
    assert_eq!(older["next"], full["next"]);
    assert_eq!(older["data"], full["data"]);
    // `bare`: `{status, data}`, as document 003 shows lists.
    let bare = shaped("bare", "/sources?page=1").await.json();
    assert_eq!(
        bare.as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>()),
        Some(vec!["data".to_owned(), "status".to_owned()])
    );
    // Not a list, or an error: as it was.
    let one = shaped("bare", "/sources/3").await.json();
    assert_eq!(one["data"]["id"], 3);
    let missing = shaped("next", "/sources/999999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn page_zero_is_page_one_and_negative_per_page_is_the_default() {
    let app = seeded(36);
    let (zero, body) = list(&app, "?page=0").await;
    let (one, _) = list(&app, "?page=1").await;
    assert_eq!(body["pagination"]["page"], 1);
    assert_eq!(ids(&zero), ids(&one));
    for per_page in ["0", "-3"] {
        let (_, body) = list(&app, &format!("?per_page={per_page}")).await;
        assert_eq!(body["pagination"]["per_page"], 25, "per_page={per_page}");
    }
    // An empty value counts as absent.
    let (_, body) = list(&app, "?page=&per_page=&order=").await;
    assert_eq!(body["pagination"]["page"], 1);
    assert_eq!(body["pagination"]["per_page"], 25);
}

#[tokio::test]
async fn per_page_is_capped_at_one_hundred() {
    let app = seeded(150);
    let (page, body) = list(&app, "?per_page=500").await;
    assert_eq!(page.data.len(), 100);
    assert_eq!(body["pagination"]["per_page"], 100);
    assert_eq!(body["pagination"]["last_page"], 2);
    assert_eq!(
        body["next"],
        json!("http://census.test:8787/api/v1/sources?page=2&per_page=100&order=desc")
    );
}

#[tokio::test]
async fn last_page_is_partial_and_has_no_next() {
    let app = seeded(36);
    let (page, body) = list(&app, "?page=4&per_page=10").await;
    assert_eq!(page.data.len(), 6);
    assert_eq!(
        body["pagination"],
        json!({"total_records": 36, "per_page": 10, "prev_page": 3, "page": 4, "next_page": null, "last_page": 4})
    );
    assert!(
        body.get("next").is_none(),
        "no next on the last page: {body}"
    );
}

#[tokio::test]
async fn total_exactly_at_a_page_boundary() {
    let app = seeded(30);
    let (page, body) = list(&app, "?page=3&per_page=10").await;
    assert_eq!(page.data.len(), 10);
    assert_eq!(body["pagination"]["last_page"], 3);
    assert_eq!(body["pagination"]["next_page"], Value::Null);
    assert!(body.get("next").is_none());
    let (_, body) = list(&app, "?page=2&per_page=10").await;
    assert_eq!(body["pagination"]["next_page"], 3);
    assert_eq!(
        body["next"],
        json!("http://census.test:8787/api/v1/sources?page=3&per_page=10&order=desc")
    );
}

#[tokio::test]
async fn beyond_the_end_is_empty_with_null_next() {
    let app = seeded(36);
    let (page, body) = list(&app, "?page=9&per_page=10").await;
    assert!(page.data.is_empty());
    assert_eq!(
        body["pagination"],
        json!({"total_records": 36, "per_page": 10, "prev_page": 4, "page": 9, "next_page": null, "last_page": 4})
    );
    assert!(body.get("next").is_none());
}

#[tokio::test]
async fn an_empty_workspace_has_one_empty_page() {
    let app = seeded(0);
    let (page, body) = list(&app, "").await;
    assert!(page.data.is_empty());
    assert_eq!(
        body["pagination"],
        json!({"total_records": 0, "per_page": 25, "prev_page": null, "page": 1, "next_page": null, "last_page": 1})
    );
}

#[tokio::test]
async fn asc_is_the_reverse_of_desc_by_creation_then_id() {
    let app = seeded(36);
    let (asc, body) = list(&app, "?per_page=100&order=asc").await;
    let (desc, _) = list(&app, "?per_page=100&order=desc").await;
    assert_eq!(asc.data.len(), 36);
    let mut reversed = ids(&desc);
    reversed.reverse();
    assert_eq!(ids(&asc), reversed);
    let keys: Vec<(String, u64)> = asc
        .data
        .iter()
        .map(|s| (s.created_at.clone().expect("created_at"), s.id))
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] < w[1]),
        "asc by (created_at, id): {keys:?}"
    );
    // The seed data has a created_at tie, so the id tie-break is exercised.
    assert!(keys.windows(2).any(|w| w[0].0 == w[1].0));
    assert!(body.get("next").is_none());
    let (_, body) = list(&app, "?per_page=10&order=asc").await;
    assert_eq!(
        body["next"],
        json!("http://census.test:8787/api/v1/sources?page=2&per_page=10&order=asc")
    );
}

#[tokio::test]
async fn following_pages_visits_every_source_once() {
    let app = seeded(36);
    let (all, _) = list(&app, "?per_page=100").await;
    let mut seen = Vec::new();
    let mut page = Some(1);
    while let Some(n) = page {
        let (current, _) = list(&app, &format!("?page={n}&per_page=7")).await;
        seen.extend(ids(&current));
        page = current.pagination.expect("pagination").next_page;
    }
    assert_eq!(seen, ids(&all));
}

#[tokio::test]
async fn bad_list_parameters_are_named_in_a_400() {
    let app = seeded(5);
    for (query, name) in [
        ("?page=abc", "page"),
        ("?page=1.5", "page"),
        ("?per_page=lots", "per_page"),
        ("?order=sideways", "order"),
    ] {
        let message = get(&app, &format!("/sources{query}"))
            .await
            .expect_error(StatusCode::BAD_REQUEST, "error");
        assert!(message.contains(name), "{query}: {message}");
    }
}

#[tokio::test]
async fn seed_option_sets_the_number_of_sources() {
    for seed in [0, 3, 36] {
        let (_, body) = list(&seeded(seed), "").await;
        assert_eq!(body["pagination"]["total_records"], seed);
    }
}

#[tokio::test]
async fn seeded_sources_look_like_the_documents() {
    let (page, body) = list(&seeded(36), "?per_page=100").await;
    let types: std::collections::BTreeSet<&str> = page
        .data
        .iter()
        .map(|s| s.source_type.as_deref().unwrap_or_default())
        .collect();
    for expected in ["snowflake", "big_query", "redshift", "postgres"] {
        assert!(types.contains(expected), "{expected} in {types:?}");
    }
    let first = &body["data"][0];
    for key in [
        "id",
        "name",
        "label",
        "type",
        "created_at",
        "last_test_succeeded",
        "last_tested_at",
        "last_test_results",
        "connection_details",
        "read_only_connection",
        "sync_engine",
        "warehouse_writeback_retention_in_days",
    ] {
        assert!(first.get(key).is_some(), "{key} present in {first}");
    }
    let snowflake = page
        .data
        .iter()
        .find(|s| s.source_type.as_deref() == Some("snowflake"))
        .expect("snowflake");
    let details = snowflake.connection_details.as_ref().expect("details");
    assert!(snowflake.name.starts_with("Snowflake - "));
    assert_eq!(
        details["account"].as_str(),
        snowflake.name.strip_prefix("Snowflake - ")
    );
    for key in ["account", "user", "warehouse", "role", "use_keypair"] {
        assert!(details.contains_key(key), "snowflake {key}");
    }
    let bigquery = page
        .data
        .iter()
        .find(|s| s.source_type.as_deref() == Some("big_query"))
        .expect("bq");
    assert!(bigquery.name.starts_with("BigQuery - "));
    let sql = page
        .data
        .iter()
        .find(|s| s.source_type.as_deref() == Some("postgres"))
        .expect("postgres");
    let details = sql.connection_details.as_ref().expect("details");
    assert!(details["port"].is_u64());
    assert_eq!(details["ssh_tunnel_enabled"], Value::Null);
    assert!(
        page.data
            .iter()
            .any(|s| s.last_test_succeeded == Some(true))
    );
    assert!(
        page.data
            .iter()
            .any(|s| s.last_test_succeeded == Some(false))
    );
    assert!(page.data.iter().any(|s| s.last_test_succeeded.is_none()));
}

// ---------------------------------------------------------------- auth and CORS

fn tokenless(path: &str, origin: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder()
        .uri(format!("/api/v1{path}"))
        .header(header::HOST, HOST);
    if let Some(origin) = origin {
        builder = builder.header(header::ORIGIN, origin);
    }
    builder.body(Body::empty()).expect("request")
}

fn assert_unauthorized(reply: &Reply) {
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        reply.json(),
        json!({"status": "error", "message": "Invalid credentials"})
    );
    assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
}

#[tokio::test]
async fn cross_origin_without_a_token_is_401_with_cors_headers() {
    let app = seeded(3);
    let reply = send(&app, tokenless("/sources", Some(OTHER_ORIGIN))).await;
    assert_unauthorized(&reply);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(OTHER_ORIGIN)
    );
    assert_eq!(
        reply.header("access-control-expose-headers"),
        Some("retry-after")
    );
    assert!(
        reply
            .headers
            .get_all(header::VARY)
            .iter()
            .any(|v| v == "Origin")
    );
}

#[tokio::test]
async fn a_wrong_token_is_401_even_from_the_own_origin() {
    let app = seeded(3);
    for value in [
        "Bearer nope",
        "Basic YmVhcmVyOm5vcGU=",
        "Token test-token",
        "",
    ] {
        let request = Request::builder()
            .uri("/api/v1/sources")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, OWN_ORIGIN)
            .header(header::AUTHORIZATION, value)
            .body(Body::empty())
            .expect("request");
        assert_unauthorized(&send(&app, request).await);
    }
}

#[tokio::test]
async fn basic_bearer_and_token_is_accepted() {
    let app = seeded(3);
    // base64("bearer:test-token")
    let request = Request::builder()
        .uri("/api/v1/sources")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, OTHER_ORIGIN)
        .header(header::AUTHORIZATION, "Basic YmVhcmVyOnRlc3QtdG9rZW4=")
        .body(Body::empty())
        .expect("request");
    let reply = send(&app, request).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(OTHER_ORIGIN)
    );
}

#[tokio::test]
async fn same_origin_tokenless_requests_pass_as_through_the_proxy() {
    let app = seeded(3);
    for origin in [Some(OWN_ORIGIN), None] {
        let reply = send(&app, tokenless("/sources", origin)).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "origin {origin:?}: {}",
            reply.text()
        );
        assert_eq!(reply.json()["pagination"]["total_records"], 3);
    }
}

/// A browser's request that another site's page made carries `Sec-Fetch-Site: cross-site`,
/// and often no `Origin` (a `no-cors` GET: an `<img>`, a `<script>`): tokenless, it is refused
/// as any other tokenless request from elsewhere, and so is `same-site` (another port of
/// localhost) or a value this server does not know. The server's own pages (`same-origin`),
/// the user's own navigation (`none`) and curl (no `Sec-Fetch-*` at all) still pass, and a
/// request with the token passes from anywhere.
#[tokio::test]
async fn tokenless_requests_another_sites_page_made_are_refused() {
    let app = seeded(3);
    let from = |site: &str, origin: Option<&str>| {
        let mut request = tokenless("/sources", origin);
        request
            .headers_mut()
            .insert("sec-fetch-site", site.parse().expect("a header value"));
        request
    };
    for (site, origin) in [
        ("cross-site", None),
        ("cross-site", Some(OWN_ORIGIN)),
        ("same-site", None),
        ("Cross-Site", None),
        ("something-new", None),
        ("", None),
    ] {
        let reply = send(&app, from(site, origin)).await;
        assert_eq!(
            reply.status,
            StatusCode::UNAUTHORIZED,
            "{site:?} from {origin:?}"
        );
        assert_unauthorized(&reply);
    }
    for (site, origin) in [
        ("same-origin", None),
        ("same-origin", Some(OWN_ORIGIN)),
        ("none", None),
    ] {
        let reply = send(&app, from(site, origin)).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{site:?} from {origin:?}: {}",
            reply.text()
        );
        assert_eq!(reply.json()["pagination"]["total_records"], 3);
    }
    let mut with_token = api_request(TOKEN, Method::GET, "/sources")
        .header("sec-fetch-site", "cross-site")
        .body(Body::empty())
        .expect("request");
    assert_eq!(send(&app, with_token).await.status, StatusCode::OK);
    // The organisation routes, whose held token is the other slot's, follow the same rule.
    with_token = tokenless("/workspaces", None);
    with_token.headers_mut().insert(
        "sec-fetch-site",
        "cross-site".parse().expect("a header value"),
    );
    assert_unauthorized(&send(&app, with_token).await);
    assert_eq!(
        send(&app, tokenless("/workspaces", None)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn strict_auth_refuses_tokenless_requests() {
    let app = app(Config {
        strict_auth: true,
        seed: 3,
        ..config()
    });
    for origin in [Some(OWN_ORIGIN), None] {
        assert_unauthorized(&send(&app, tokenless("/sources", origin)).await);
    }
    assert_eq!(get(&app, "/sources").await.status, StatusCode::OK);
}

fn preflight(path: &str) -> Request<Body> {
    Request::builder()
        .method(Method::OPTIONS)
        .uri(format!("/api/v1{path}"))
        .header(header::HOST, HOST)
        .header(header::ORIGIN, OTHER_ORIGIN)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization,content-type",
        )
        .body(Body::empty())
        .expect("request")
}

#[tokio::test]
async fn preflight_is_answered_before_auth_and_latency() {
    let app = app(Config {
        strict_auth: true,
        latency: Duration::from_millis(400),
        ..config()
    });
    for path in ["/sources", "/sources/1", "/sources/1/refresh_tables"] {
        let started = Instant::now();
        let reply = send(&app, preflight(path)).await;
        assert!(
            started.elapsed() < Duration::from_millis(400),
            "preflight is not delayed"
        );
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{path}");
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some(OTHER_ORIGIN)
        );
        let allowed = reply
            .header("access-control-allow-headers")
            .expect("allow-headers");
        assert!(
            allowed.contains("authorization") && allowed.contains("content-type"),
            "{allowed}"
        );
        assert!(allowed.contains("x-census-local-fault"));
        let methods = reply
            .header("access-control-allow-methods")
            .expect("allow-methods");
        for method in ["GET", "POST", "PATCH", "DELETE"] {
            assert!(methods.contains(method), "{methods}");
        }
        assert_eq!(reply.header("access-control-max-age"), Some("600"));
    }
}

#[tokio::test]
async fn latency_delays_api_answers() {
    let app = app(Config {
        latency: Duration::from_millis(120),
        seed: 2,
        ..config()
    });
    let started = Instant::now();
    assert_eq!(get(&app, "/sources").await.status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(120));
}

// ---------------------------------------------------------------- fetch, not found, faults

#[tokio::test]
async fn fetch_answers_the_listed_source() {
    let app = seeded(5);
    let (page, _) = list(&app, "").await;
    let listed = &page.data[0];
    let reply = get(&app, &format!("/sources/{}", listed.id)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.json();
    assert_eq!(body["status"], "success");
    let fetched: Source = serde_json::from_value(body["data"].clone()).expect("a Source");
    assert_eq!(&fetched, listed);
}

#[tokio::test]
async fn both_not_found_shapes() {
    let app = seeded(5);
    for path in [
        "/sources/999999",
        "/sources/abc",
        "/sources/-1",
        "/sources/99999999999999999999999",
    ] {
        let reply = get(&app, path).await;
        let message = reply.expect_error(StatusCode::NOT_FOUND, "not_found");
        assert_eq!(message, "Source not found");
    }
    let reply = send(
        &app,
        api(Method::DELETE, "/sources/999999")
            .body(Body::empty())
            .expect("r"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(
        reply.json(),
        json!({"status": 404, "message": "Source not found"})
    );
    let status: EnvelopeStatus =
        serde_json::from_value(reply.json()["status"].clone()).expect("status");
    assert!(status.is_not_found());
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json() {
    let app = seeded(1);
    let reply = get(&app, "/nope").await;
    assert!(
        reply
            .expect_error(StatusCode::NOT_FOUND, "not_found")
            .contains("/api/v1/nope")
    );
    let reply = send(
        &app,
        api(Method::PUT, "/sources").body(Body::empty()).expect("r"),
    )
    .await;
    reply.expect_error(StatusCode::METHOD_NOT_ALLOWED, "error");
}

#[tokio::test]
async fn html_fault_answers_a_gateway_page() {
    let app = seeded(3);
    let request = api(Method::GET, "/sources")
        .header(header::ORIGIN, OTHER_ORIGIN)
        .header("x-census-local-fault", "html")
        .body(Body::empty())
        .expect("request");
    let reply = send(&app, request).await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY);
    assert_eq!(reply.header("content-type"), Some("text/html"));
    assert!(reply.text().contains("<title>502 Bad Gateway</title>"));
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(OTHER_ORIGIN)
    );
}

#[tokio::test]
async fn rate_limit_fault_answers_429_with_retry_after() {
    let app = seeded(3);
    let request = api(Method::GET, "/sources")
        .header("x-census-local-fault", "rate_limit")
        .body(Body::empty())
        .expect("request");
    let reply = send(&app, request).await;
    reply.expect_error(StatusCode::TOO_MANY_REQUESTS, "error");
    assert_eq!(reply.header("retry-after"), Some("1"));
    // Unknown fault values change nothing.
    let request = api(Method::GET, "/sources")
        .header("x-census-local-fault", "something-else")
        .body(Body::empty())
        .expect("request");
    assert_eq!(send(&app, request).await.status, StatusCode::OK);
}

// ---------------------------------------------------------------- create

fn redshift_body() -> Value {
    json!({"connection": {
        "credentials": {
            "hostname": "demo.abc123.us-east-1.redshift.amazonaws.com",
            "port": "5439",
            "user": "redshift_user",
            "password": "redshift_password",
            "database": "demo"
        },
        "label": "Example Redshift Source",
        "type": "redshift"
    }})
}

#[tokio::test]
async fn create_answers_201_with_the_whole_source() {
    let app = seeded(36);
    let reply = with_json(&app, Method::POST, "/sources", &redshift_body()).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["status"], "created");
    assert!(!reply.text().contains("redshift_password"));
    let source: Source = serde_json::from_value(body["data"].clone()).expect("a Source");
    assert_eq!(source.source_type.as_deref(), Some("redshift"));
    assert_eq!(
        source.name,
        "Redshift - demo.abc123.us-east-1.redshift.amazonaws.com"
    );
    assert_eq!(source.label.as_deref(), Some("Example Redshift Source"));
    assert_eq!(source.last_test_succeeded, None);
    assert_eq!(source.read_only_connection, Some(false));
    assert_eq!(body["data"]["sync_engine"], "basic");
    let details = source.connection_details.clone().expect("details");
    assert_eq!(details["port"], json!(5439));
    assert_eq!(details["database"], json!("demo"));
    assert_eq!(details["ssh_tunnel_hostname"], Value::Null);
    assert!(!details.contains_key("password"));

    // It is stored, newest first, and counted.
    let (page, listed) = list(&app, "").await;
    assert_eq!(page.data[0], source);
    assert_eq!(listed["pagination"]["total_records"], 37);
    let fetched = get(&app, &format!("/sources/{}", source.id)).await.json();
    assert_eq!(fetched["data"], body["data"]);
    let max_seeded = list(&app, "?per_page=100")
        .await
        .0
        .data
        .iter()
        .skip(1)
        .map(|s| s.id)
        .max();
    assert!(Some(source.id) > max_seeded, "ids increase");
}

#[tokio::test]
async fn create_takes_name_engine_and_retention() {
    let app = seeded(0);
    let body = json!({"connection": {
        "type": "snowflake",
        "name": "Warehouse",
        "credentials": {"account": "acme.us-east-1", "warehouse": "COMPUTE_WH", "user": "CENSUS", "password": "pw"},
        "read_only_connection": true,
        "sync_engine": "advanced",
        "warehouse_writeback_retention_in_days": 30
    }});
    let reply = with_json(&app, Method::POST, "/sources", &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let data = &reply.json()["data"];
    assert_eq!(data["name"], "Warehouse");
    assert_eq!(data["label"], Value::Null);
    assert_eq!(data["read_only_connection"], true);
    assert_eq!(data["sync_engine"], "advanced");
    assert_eq!(data["warehouse_writeback_retention_in_days"], 30);

    let body = json!({"connection": {"type": "big_query", "credentials": {
        "project_id": "analytics-prod", "service_account_key": "{\"type\": \"service_account\"}"
    }}});
    let data = with_json(&app, Method::POST, "/sources", &body)
        .await
        .json()["data"]
        .clone();
    assert_eq!(data["name"], "BigQuery - analytics-prod");
}

#[tokio::test]
async fn create_shape_header_answers_the_older_id_shape() {
    let app = seeded(2);
    let request = api(Method::POST, "/sources")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-census-local-create-shape", "id")
        .body(Body::from(redshift_body().to_string()))
        .expect("request");
    let reply = send(&app, request).await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.json();
    let id = body["data"]["id"].as_u64().expect("id");
    assert_eq!(body, json!({"status": "created", "data": {"id": id}}));
    assert_eq!(
        get(&app, &format!("/sources/{id}")).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn create_refuses_bad_bodies_naming_the_field() {
    let app = seeded(2);
    let cases = [
        (
            json!({"connection": {"credentials": {}}}),
            "connection.type",
        ),
        (
            json!({"connection": {"type": "", "credentials": {}}}),
            "connection.type",
        ),
        (
            json!({"connection": {"type": 5, "credentials": {}}}),
            "connection.type",
        ),
        (
            json!({"connection": {"type": "redshift"}}),
            "connection.credentials must be an object",
        ),
        (
            json!({"connection": {"type": "redshift", "credentials": "x"}}),
            "connection.credentials must be an object",
        ),
        (
            json!({"connection": {"type": "oracle9", "credentials": {}}}),
            "oracle9",
        ),
        (
            json!({"connection": {"type": "google_sheets", "credentials": {}}}),
            "not creatable",
        ),
        (
            json!({"connection": {"type": "redshift", "credentials": {}, "sync_engine": "turbo"}}),
            "connection.sync_engine",
        ),
        (
            json!({"connection": {"type": "redshift", "credentials": {}, "warehouse_writeback_retention_in_days": 0}}),
            "warehouse_writeback_retention_in_days",
        ),
        (
            json!({"connection": {"type": "redshift", "credentials": {}, "warehouse_writeback_retention_in_days": 1.5}}),
            "warehouse_writeback_retention_in_days",
        ),
        (
            json!({"connection": {"type": "redshift", "credentials": {}, "read_only_connection": "yes"}}),
            "connection.read_only_connection",
        ),
        (
            json!({"connection": {"type": "redshift", "credentials": {}, "name": ""}}),
            "connection.name",
        ),
        (
            json!({"connection": {"type": "redshift", "credentials": {}, "label": 3}}),
            "connection.label",
        ),
        (json!({"connection": []}), "connection"),
        (json!([1, 2]), "connection"),
    ];
    for (body, needle) in cases {
        let message = with_json(&app, Method::POST, "/sources", &body)
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
        assert!(message.contains(needle), "{body}: {message}");
    }
    for raw in ["{not json", "", "connection=1"] {
        let request = api(Method::POST, "/sources")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(raw))
            .expect("request");
        let message = send(&app, request)
            .await
            .expect_error(StatusCode::BAD_REQUEST, "error");
        assert!(message.contains("JSON"), "{raw:?}: {message}");
    }
    // A body not labelled JSON is not read, as the real API's would not be: a client that
    // drops the header fails here too.
    let valid = redshift_body().to_string();
    for label in [
        None,
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
    ] {
        let mut request = api(Method::POST, "/sources");
        if let Some(label) = label {
            request = request.header(header::CONTENT_TYPE, label);
        }
        let reply = send(
            &app,
            request.body(Body::from(valid.clone())).expect("request"),
        )
        .await;
        let message = reply.expect_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "error");
        assert!(
            message.contains("application/json") && message.contains(label.unwrap_or("none")),
            "{message}"
        );
    }
    assert_eq!(
        list(&app, "").await.1["pagination"]["total_records"],
        2,
        "nothing was created"
    );
    // The media type is compared without its parameters or case.
    let labelled = api(Method::POST, "/sources")
        .header(header::CONTENT_TYPE, "Application/JSON; charset=utf-8")
        .body(Body::from(valid))
        .expect("request");
    assert_eq!(send(&app, labelled).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn secrets_never_appear_in_connection_details() {
    let app = seeded(0);
    let secrets = [
        ("password", "s3cr3t-password"),
        ("private_key", "s3cr3t-private-key"),
        ("service_account_key", "s3cr3t-sa-key"),
        ("token", "s3cr3t-token"),
        ("secret", "s3cr3t-secret"),
        ("client_secret", "s3cr3t-client"),
        ("secret_access_key", "s3cr3t-aws"),
    ];
    let mut credentials =
        json!({"hostname": "db.example.com", "port": 5432, "user": "u", "database": "d"});
    for (key, value) in secrets {
        credentials[key] = json!(value);
    }
    let body = json!({"connection": {"type": "postgres", "credentials": credentials}});
    let reply = with_json(&app, Method::POST, "/sources", &body).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let id = reply.json()["data"]["id"].as_u64().expect("id");
    let patch = json!({"connection": {"credentials": {"password": "s3cr3t-rotated", "user": "v"}}});
    let updated = with_json(&app, Method::PATCH, &format!("/sources/{id}"), &patch).await;
    assert_eq!(updated.json()["data"]["connection_details"]["user"], "v");
    for reply in [
        reply,
        updated,
        get(&app, &format!("/sources/{id}")).await,
        get(&app, "/sources").await,
    ] {
        let text = reply.text();
        assert!(!text.contains("s3cr3t"), "secret leaked: {text}");
        let body = reply.json();
        let data = if body["data"].is_array() {
            body["data"][0].clone()
        } else {
            body["data"].clone()
        };
        let details = data["connection_details"].as_object().expect("details");
        for (key, _) in secrets {
            assert!(!details.contains_key(key), "{key} in {details:?}");
        }
        assert_eq!(details["hostname"], "db.example.com");
    }
}

// ---------------------------------------------------------------- update

async fn create_postgres(app: &Router) -> u64 {
    let body = json!({"connection": {"type": "postgres", "credentials": {
        "hostname": "db.acme.internal", "port": 5432, "user": "census", "database": "demo", "password": "pw"
    }}});
    let reply = with_json(app, Method::POST, "/sources", &body).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    reply.json()["data"]["id"].as_u64().expect("id")
}

#[tokio::test]
async fn update_merges_credentials_and_renames_by_label() {
    let app = seeded(3);
    let id = create_postgres(&app).await;
    let patch = json!({"connection": {"credentials": {"database": "demo_v2"}, "label": "Postgres (Demo v2)"}});
    let reply = with_json(&app, Method::PATCH, &format!("/sources/{id}"), &patch).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["status"], "updated");
    let source: Source = serde_json::from_value(body["data"].clone()).expect("a Source");
    assert_eq!(source.label.as_deref(), Some("Postgres (Demo v2)"));
    assert_eq!(
        source.name, "Postgres (Demo v2)",
        "label renames, as document 000 shows"
    );
    let details = source.connection_details.expect("details");
    assert_eq!(details["database"], "demo_v2");
    assert_eq!(
        details["hostname"], "db.acme.internal",
        "merged, not replaced"
    );
    assert_eq!(details["user"], "census");
    assert_eq!(
        get(&app, &format!("/sources/{id}")).await.json()["data"],
        body["data"]
    );

    let patch = json!({"connection": {"name": "Primary", "label": null, "read_only_connection": true,
        "warehouse_writeback_retention_in_days": 7}});
    let data = with_json(&app, Method::PATCH, &format!("/sources/{id}"), &patch)
        .await
        .json()["data"]
        .clone();
    assert_eq!(data["name"], "Primary");
    assert_eq!(data["label"], Value::Null);
    assert_eq!(data["read_only_connection"], true);
    assert_eq!(data["warehouse_writeback_retention_in_days"], 7);
}

#[tokio::test]
async fn update_refuses_empty_fixed_and_mistyped_fields() {
    let app = seeded(3);
    let id = create_postgres(&app).await;
    let path = format!("/sources/{id}");
    let cases = [
        (json!({"connection": {}}), "Nothing to update"),
        (
            json!({"connection": {"colour": "red"}}),
            "Nothing to update",
        ),
        (
            json!({"connection": {"sync_engine": "advanced"}}),
            "connection.sync_engine can only be set at creation",
        ),
        (
            json!({"connection": {"type": "mysql", "name": "x"}}),
            "connection.type can only be set at creation",
        ),
        (
            json!({"connection": {"read_only_connection": "no"}}),
            "connection.read_only_connection",
        ),
        (
            json!({"connection": {"credentials": []}}),
            "connection.credentials must be an object",
        ),
        (json!({"connection": {"name": null}}), "connection.name"),
        (
            json!({"connection": {"warehouse_writeback_retention_in_days": -1}}),
            "warehouse_writeback_retention_in_days",
        ),
        (json!({"name": "x"}), "connection"),
    ];
    for (body, needle) in cases {
        let message = with_json(&app, Method::PATCH, &path, &body)
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
        assert!(message.contains(needle), "{body}: {message}");
    }
    let request = api(Method::PATCH, &path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("nope"))
        .expect("request");
    send(&app, request)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "error");

    let patch = json!({"connection": {"name": "x"}});
    let reply = with_json(&app, Method::PATCH, "/sources/999999", &patch).await;
    assert_eq!(
        reply.expect_error(StatusCode::NOT_FOUND, "not_found"),
        "Source not found"
    );
}

// ---------------------------------------------------------------- delete

#[tokio::test]
async fn delete_then_get_is_not_found() {
    let app = seeded(5);
    let id = list(&app, "").await.0.data[2].id;
    let delete = || {
        api(Method::DELETE, &format!("/sources/{id}"))
            .body(Body::empty())
            .expect("r")
    };
    let reply = send(&app, delete()).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), json!({"status": "deleted"}));
    get(&app, &format!("/sources/{id}"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(
        send(&app, delete()).await.json(),
        json!({"status": 404, "message": "Source not found"})
    );
    let (page, body) = list(&app, "").await;
    assert_eq!(body["pagination"]["total_records"], 4);
    assert!(!ids(&page).contains(&id));
}

// ---------------------------------------------------------------- refresh tables

async fn start_refresh(app: &Router, id: u64) -> Reply {
    send(
        app,
        api(Method::POST, &format!("/sources/{id}/refresh_tables"))
            .body(Body::empty())
            .expect("r"),
    )
    .await
}

#[tokio::test]
async fn refresh_is_processing_then_completed() {
    let app = seeded(3);
    let id = list(&app, "").await.0.data[0].id;
    let reply = start_refresh(&app, id).await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.json();
    let key = body["refresh_key"].as_u64().expect("refresh_key");
    assert_eq!(
        body,
        json!({"refresh_key": key}),
        "no envelope, as documented"
    );
    assert!(key >= FIRST_REFRESH_KEY);
    let second = start_refresh(&app, id).await.json()["refresh_key"]
        .as_u64()
        .expect("key");
    assert!(second > key, "keys increase");

    let status_path = format!("/sources/{id}/refresh_tables_status?refresh_key={key}");
    assert_eq!(
        get(&app, &status_path).await.json(),
        json!({"status": "processing"})
    );
    tokio::time::sleep(Duration::from_millis(120)).await;
    let reply = get(&app, &status_path).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), json!({"status": "completed"}));
}

#[tokio::test(start_paused = true)]
async fn a_refresh_started_with_the_refresh_ms_header_takes_that_long() {
    // The browser tests' refresh waits raced the server's 300 ms job against their own
    // scheduling; a job of their own length lets them wait without that race.
    let app = seeded(3);
    let cors = send(&app, preflight("/sources/1/refresh_tables")).await;
    let allowed = cors.header("access-control-allow-headers").unwrap_or("");
    assert!(allowed.contains("x-census-local-refresh-ms"), "{allowed}");

    let start = |path: &str, ms: &str| {
        api(Method::POST, path)
            .header("x-census-local-refresh-ms", ms)
            .body(Body::empty())
            .expect("request")
    };
    let key = |reply: Reply| reply.json()["refresh_key"].as_u64().expect("refresh_key");
    let long = key(send(&app, start("/sources/1/refresh_tables", "5000")).await);
    let project = key(send(&app, start("/projects/31/refresh", "5000")).await);
    // An unreadable value is ignored, as the other test headers' are: --refresh-ms (50 ms).
    let usual = key(send(&app, start("/sources/1/refresh_tables", "soon")).await);
    let status = |path: String| {
        let app = app.clone();
        async move { get(&app, &path).await.json()["status"].clone() }
    };
    let tables = |key: u64| format!("/sources/1/refresh_tables_status?refresh_key={key}");
    let projects = |key: u64| format!("/projects/31/refresh_status?refresh_key={key}");
    tokio::time::advance(Duration::from_millis(60)).await;
    assert_eq!(status(tables(usual)).await, "completed");
    assert_eq!(status(tables(long)).await, "processing");
    assert_eq!(status(projects(project)).await, "processing");
    tokio::time::advance(Duration::from_millis(4940)).await;
    assert_eq!(status(tables(long)).await, "completed");
    assert_eq!(status(projects(project)).await, "completed");
}

#[tokio::test]
async fn refresh_status_refuses_bad_keys() {
    let app = seeded(3);
    let page = list(&app, "").await.0;
    let (id, other) = (page.data[0].id, page.data[1].id);
    let key = start_refresh(&app, id).await.json()["refresh_key"]
        .as_u64()
        .expect("key");

    let message = get(&app, &format!("/sources/{id}/refresh_tables_status"))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "error");
    assert!(message.contains("refresh_key"), "{message}");
    let message = get(
        &app,
        &format!("/sources/{id}/refresh_tables_status?refresh_key=soon"),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "error");
    assert!(message.contains("refresh_key"), "{message}");
    for path in [
        format!("/sources/{id}/refresh_tables_status?refresh_key=1"),
        format!("/sources/{other}/refresh_tables_status?refresh_key={key}"),
        format!("/sources/999999/refresh_tables_status?refresh_key={key}"),
    ] {
        get(&app, &path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
    }
    start_refresh(&app, 999_999)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

// ---------------------------------------------------------------- static files

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("census-local-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(dir.join("pkg")).expect("scratch dir");
    dir
}

async fn fetch_static(app: &Router, path: &str) -> Reply {
    send(
        app,
        Request::builder()
            .uri(path)
            .header(header::HOST, HOST)
            .body(Body::empty())
            .expect("r"),
    )
    .await
}

#[tokio::test]
async fn serves_the_demo_page_and_the_wasm_package() {
    let dir = scratch_dir("static");
    std::fs::write(dir.join("index.html"), "<!doctype html><title>demo</title>").expect("write");
    std::fs::write(dir.join("pkg/census_wasm.js"), "export default 1;").expect("write");
    std::fs::write(dir.join("pkg/census_wasm_bg.wasm"), b"\0asm\x01\0\0\0").expect("write");
    let app = app(Config {
        www: dir.clone(),
        pkg: dir.join("pkg"),
        strict_auth: true,
        ..config()
    });

    let reply = fetch_static(&app, "/").await;
    assert_eq!(reply.status, StatusCode::OK, "static files need no token");
    assert!(
        reply
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/html"))
    );
    assert!(reply.text().contains("<title>demo</title>"));
    let reply = fetch_static(&app, "/pkg/census_wasm_bg.wasm").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("application/wasm"));
    assert_eq!(reply.body, b"\0asm\x01\0\0\0");
    let reply = fetch_static(&app, "/pkg/census_wasm.js").await;
    assert_eq!(reply.header("content-type"), Some("text/javascript"));
    assert_eq!(
        fetch_static(&app, "/missing.html").await.status,
        StatusCode::NOT_FOUND
    );
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[tokio::test]
async fn missing_static_directories_answer_404() {
    let app = seeded(1);
    for path in ["/", "/index.html", "/pkg/census_wasm_bg.wasm"] {
        assert_eq!(
            fetch_static(&app, path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        get(&app, "/sources").await.status,
        StatusCode::OK,
        "the API still works"
    );
}

// ---------------------------------------------------------------- the real binary

#[test]
fn the_binary_prints_its_ready_line_serves_and_stops_on_sigterm() {
    use common::servers::binary::{Server, census_local};

    let mut server =
        Server::start(census_local().args(["--port", "0", "--seed", "4", "--token", "bin-token"]));
    let base = server.base.clone();
    let port: u16 = base
        .rsplit_once(':')
        .and_then(|(_, p)| p.parse().ok())
        .expect("port");
    assert_ne!(port, 0, "the real port is printed");
    let rest: String = (0..3).map(|_| server.read_line()).collect();
    assert!(
        rest.contains(&format!("http://{base}/api/v1")) && rest.contains("bin-token"),
        "{rest}"
    );

    let response = server.exchange(
        "GET /api/v1/sources?per_page=2",
        "Authorization: Bearer bin-token\r\n",
    );
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"total_records\":4"), "{response}");
    assert!(response.contains(&format!(
        "\"next\":\"http://{base}/api/v1/sources?page=2&per_page=2&order=desc\""
    )));

    let status = server.terminate();
    assert!(status.success(), "clean exit: {status:?}");
}
