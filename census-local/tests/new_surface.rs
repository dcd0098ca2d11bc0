//! What every route added for the rest of the Census API shares with the old ones: the token of
//! its slot (and a 403 for the other slot's, a 401 for none under `--strict-auth`), CORS
//! preflights, faults by header and by rule (answered before the route, so nothing changes),
//! mutation rules, the attempt log, the configured not-found shape, deterministic seeds, and a
//! reset that restores everything (ids counting from the start again).

mod common;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use census_local::{Config, FAULT_HEADER, NotFoundShape, app};
use common::*;
use serde_json::{Value, json};

const PAT: &str = "test-personal-access-token";

fn config() -> Config {
    Config {
        seed: 36,
        http_source: true,
        pat_token: PAT.into(),
        ..base_config()
    }
}

/// Which token a route takes.
#[derive(Clone, Copy, PartialEq)]
enum Slot {
    Workspace,
    Personal,
}

impl Slot {
    fn token(self) -> &'static str {
        match self {
            Self::Workspace => TOKEN,
            Self::Personal => PAT,
        }
    }

    fn other(self) -> &'static str {
        match self {
            Self::Workspace => PAT,
            Self::Personal => TOKEN,
        }
    }
}

struct Call {
    method: Method,
    path: String,
    body: Option<Value>,
    slot: Slot,
}

fn call(method: Method, path: impl Into<String>, body: Option<Value>) -> Call {
    Call {
        method,
        path: path.into(),
        body,
        slot: Slot::Workspace,
    }
}

fn org(method: Method, path: &str, body: Option<Value>) -> Call {
    Call {
        slot: Slot::Personal,
        ..call(method, path, body)
    }
}

fn request(call: &Call, token: Option<&str>) -> axum::http::request::Builder {
    let mut builder = Request::builder()
        .method(call.method.clone())
        .uri(format!("/api/v1{}", call.path))
        .header(header::HOST, HOST)
        .header(header::ORIGIN, OTHER_ORIGIN);
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    builder
}

async fn run(app: &Router, call: &Call, token: Option<&str>, fault: Option<&str>) -> Reply {
    let mut builder = request(call, token);
    if let Some(fault) = fault {
        builder = builder.header(FAULT_HEADER, fault);
    }
    let request = match &call.body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => builder.body(Body::empty()),
    };
    send(app, request.expect("request")).await
}

async fn ok(app: &Router, token: &str, path: &str) -> Value {
    let reply = get_with(app, token, path).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text());
    reply.json()
}

/// The seeded ids the routes need: the source of segment 301, the HTTP-request source, and a
/// table of the first with a name no other of its tables has.
async fn ids(app: &Router) -> (u64, u64, u64, String) {
    let source = ok(app, TOKEN, "/datasets/401").await["data"]["source_id"]
        .as_u64()
        .expect("source");
    let http = ok(app, TOKEN, "/sources?per_page=1").await["data"][0]["id"]
        .as_u64()
        .expect("newest");
    let tables = ok(
        app,
        TOKEN,
        &format!("/sources/{source}/tables?per_page=100"),
    )
    .await;
    let tables = tables["data"].as_array().expect("tables").clone();
    let table = tables
        .iter()
        .find(|t| {
            tables
                .iter()
                .filter(|o| o["table_name"] == t["table_name"])
                .count()
                == 1
        })
        .expect("a uniquely named table");
    (
        source,
        http,
        table["id"].as_u64().expect("id"),
        table["table_name"].as_str().expect("name").to_owned(),
    )
}

/// Every new route once, in an order in which each succeeds.
async fn calls(app: &Router) -> Vec<Call> {
    let (s, h, t, name) = ids(app).await;
    let key = census_local::FIRST_REFRESH_KEY;
    vec![
        call(Method::GET, format!("/sources/{s}/objects"), None),
        call(
            Method::GET,
            format!("/sources/{s}/tables/columns?table_name={name}"),
            None,
        ),
        call(
            Method::POST,
            format!("/sources/{s}/tables/{t}/refresh_columns"),
            None,
        ),
        call(
            Method::GET,
            format!("/sources/{s}/tables/{t}/refresh_columns_status?refresh_key={key}"),
            None,
        ),
        call(Method::GET, "/sources/3/models", None),
        call(
            Method::POST,
            "/sources/3/models",
            Some(json!({"name": "m", "query": "select 1"})),
        ),
        call(Method::GET, "/sources/3/models/11", None),
        call(
            Method::PATCH,
            "/sources/3/models/11",
            Some(json!({"description": "d"})),
        ),
        call(Method::POST, "/sources/3/models/11/refresh_columns", None),
        call(
            Method::GET,
            format!(
                "/sources/3/models/11/refresh_columns_status?refresh_key={}",
                key + 1
            ),
            None,
        ),
        call(Method::GET, format!("/sources/{s}/filter_segments"), None),
        call(
            Method::POST,
            format!("/sources/{s}/filter_segments"),
            Some(json!({"name": "n"})),
        ),
        call(
            Method::GET,
            format!("/sources/{s}/filter_segments/301"),
            None,
        ),
        call(
            Method::PATCH,
            format!("/sources/{s}/filter_segments/301"),
            Some(json!({"description": "d"})),
        ),
        call(
            Method::GET,
            format!("/sources/{s}/filter_segments/301/source_status"),
            None,
        ),
        call(Method::GET, format!("/sources/{h}/topics"), None),
        call(
            Method::POST,
            format!("/sources/{h}/topics"),
            Some(json!({"name": "n"})),
        ),
        call(Method::GET, format!("/sources/{h}/topics/501"), None),
        call(
            Method::PATCH,
            format!("/sources/{h}/topics/501"),
            Some(json!({"description": "d"})),
        ),
        call(Method::GET, "/datasets", None),
        call(
            Method::POST,
            "/datasets",
            Some(json!({"name": "n", "type": "sql", "source_id": s, "query": "q"})),
        ),
        call(Method::GET, "/datasets/401", None),
        call(Method::PATCH, "/datasets/401", Some(json!({"name": "n"}))),
        call(Method::GET, "/source_connect_links", None),
        call(
            Method::POST,
            "/source_connect_links",
            Some(json!({"type": "snowflake"})),
        ),
        call(Method::POST, "/source_connect_links/601/revoke", None),
        call(Method::POST, format!("/sources/{s}/connect_links"), None),
        call(Method::GET, "/destination_connect_links", None),
        call(
            Method::POST,
            "/destination_connect_links",
            Some(json!({"type": "braze"})),
        ),
        call(Method::GET, "/destination_connect_links/types", None),
        call(Method::GET, "/destination_connect_links/602", None),
        call(Method::POST, "/destination_connect_links/602/revoke", None),
        call(Method::POST, "/destinations/15/connect_links", None),
        call(Method::GET, "/sync_management_links", None),
        call(
            Method::POST,
            "/sync_management_links",
            Some(json!({"redirect_uri": "https://a.example/b"})),
        ),
        call(Method::POST, "/sync_management_links/603/revoke", None),
        call(Method::POST, "/syncs/52/connect_links", None),
        call(Method::POST, "/segment_management_links", None),
        call(
            Method::POST,
            format!("/sources/{s}/filter_segments/301/segment_management_links"),
            None,
        ),
        call(Method::GET, "/webhooks", None),
        call(
            Method::POST,
            "/webhooks",
            Some(json!({"endpoint": "https://h.example/in", "events": ["sync.failed"]})),
        ),
        call(Method::GET, "/webhooks/701", None),
        call(Method::GET, "/sync_runs/90/records", None),
        call(Method::POST, "/projects/31/refresh", None),
        call(
            Method::GET,
            format!("/projects/31/refresh_status?refresh_key={}", key + 2),
            None,
        ),
        call(Method::GET, "/destinations/12/object_types", None),
        call(Method::GET, "/connectors/braze/object_types", None),
        call(
            Method::POST,
            "/destinations/12/object_creation_requests",
            Some(json!({"object_type": "worksheet", "name": "n"})),
        ),
        call(
            Method::GET,
            "/destinations/12/object_creation_requests/801",
            None,
        ),
        call(
            Method::POST,
            "/destinations/16/objects/Contact/refresh_fields",
            None,
        ),
        call(
            Method::GET,
            format!(
                "/destinations/16/objects/Contact/refresh_fields_status?refresh_key={}",
                key + 3
            ),
            None,
        ),
        call(Method::DELETE, "/datasets/402", None),
        call(
            Method::DELETE,
            format!("/sources/{s}/filter_segments/302"),
            None,
        ),
        call(Method::DELETE, "/sources/3/models/11", None),
        org(Method::GET, "/workspaces", None),
        org(Method::POST, "/workspaces", Some(json!({"name": "n"}))),
        org(Method::GET, "/workspaces/1001", None),
        org(
            Method::PATCH,
            "/workspaces/1002",
            Some(json!({"name": "n"})),
        ),
        org(Method::GET, "/workspaces/1001/api_key", None),
        org(Method::POST, "/workspaces/1003/clone", None),
        org(Method::GET, "/workspaces/1005/clone_status", None),
        org(Method::GET, "/workspaces/1001/users", None),
        org(
            Method::POST,
            "/workspaces/1001/invitations",
            Some(json!({"emails": ["n@example.com"], "role": "viewer"})),
        ),
        org(Method::GET, "/users", None),
        org(Method::GET, "/users/2001", None),
        org(Method::GET, "/invitations", None),
        org(
            Method::POST,
            "/invitations",
            Some(json!({"email": "m@example.com", "role": "member"})),
        ),
        org(Method::DELETE, "/workspaces/1002", None),
    ]
}

/// Everything the new routes show, for comparing workspaces.
async fn snapshot(app: &Router) -> Vec<Value> {
    let (s, h, _, _) = ids(app).await;
    let mut all = Vec::new();
    for path in [
        format!("/sources/{s}/objects?per_page=100"),
        format!("/sources/{s}/filter_segments?per_page=100"),
        format!("/sources/{h}/topics"),
        "/sources/3/models/11".to_owned(),
        "/datasets?per_page=100".to_owned(),
        "/source_connect_links?per_page=100".to_owned(),
        "/destination_connect_links?per_page=100".to_owned(),
        "/sync_management_links?per_page=100".to_owned(),
        "/webhooks?per_page=100".to_owned(),
        "/destinations/12".to_owned(),
        "/sync_runs/90/records?per_page=10".to_owned(),
        "/workspace".to_owned(),
    ] {
        all.push(get_with(app, TOKEN, &path).await.json());
    }
    for path in [
        "/workspaces",
        "/users",
        "/invitations",
        "/workspaces/1001/users",
    ] {
        all.push(get_with(app, PAT, path).await.json());
    }
    all
}

#[tokio::test]
async fn every_new_route_takes_its_slots_token_and_answers_preflights() {
    let strict = app(Config {
        strict_auth: true,
        ..config()
    });
    for call in calls(&strict).await {
        let what = format!("{} {}", call.method, call.path);
        let other = run(&strict, &call, Some(call.slot.other()), None).await;
        other.expect_error(StatusCode::FORBIDDEN, "error");
        let none = run(&strict, &call, None, None).await;
        assert_eq!(
            none.expect_error(StatusCode::UNAUTHORIZED, "error"),
            "Invalid credentials",
            "{what}"
        );
        let reply = run(&strict, &call, Some(call.slot.token()), None).await;
        assert!(
            reply.status.is_success(),
            "{what}: {} {}",
            reply.status,
            reply.text()
        );
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some(OTHER_ORIGIN),
            "{what}"
        );
        let preflight = send(
            &strict,
            request(&call, None)
                .method("OPTIONS")
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, call.method.as_str())
                .body(Body::empty())
                .expect("request"),
        )
        .await;
        assert_eq!(preflight.status, StatusCode::NO_CONTENT, "{what}");
        assert!(
            preflight
                .header("access-control-allow-methods")
                .is_some_and(|m| m.contains(call.method.as_str())),
            "{what}"
        );
    }
}

#[tokio::test]
async fn faults_come_before_the_new_routes_and_the_log_counts_them() {
    let app = app(config());
    let before = snapshot(&app).await;
    let calls = calls(&app).await;
    for call in &calls {
        let reply = run(&app, call, Some(call.slot.token()), Some("503")).await;
        reply.expect_error(StatusCode::SERVICE_UNAVAILABLE, "error");
    }
    assert_eq!(
        snapshot(&app).await,
        before,
        "no faulted request changed anything"
    );
    let log = send(&app, control(Method::GET, "/attempts", None))
        .await
        .json();
    assert_eq!(log["counts"]["POST /webhooks"], 1);
    assert_eq!(
        log["counts"]["GET /workspaces"], 3,
        "two snapshots' and the call's"
    );

    // By rule, with `*` for one segment.
    let rule = json!({"route": "POST /sources/*/filter_segments", "fault": "500", "times": 1});
    send(&app, control(Method::POST, "/faults", Some(&rule))).await;
    let segment = calls
        .iter()
        .find(|c| c.method == Method::POST && c.path.ends_with("/filter_segments"))
        .expect("the segment create");
    run(&app, segment, Some(TOKEN), None)
        .await
        .expect_error(StatusCode::INTERNAL_SERVER_ERROR, "error");
    let created = run(&app, segment, Some(TOKEN), None).await;
    assert_eq!(
        created.json()["data"]["id"],
        304,
        "the faulted create made nothing"
    );
    let rule = json!({"route": "GET /workspaces", "fault": "rate_limit:2", "times": 1});
    send(&app, control(Method::POST, "/faults", Some(&rule))).await;
    let limited = get_with(&app, PAT, "/workspaces").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.header("retry-after"), Some("2"));
}

#[tokio::test]
async fn mutation_rules_apply_before_the_new_routes() {
    let app = app(config());
    let sources = |body: Value| body["pagination"]["total_records"].as_u64().expect("total");
    let before = sources(ok(&app, TOKEN, "/sources").await);
    let rule = json!({"route": "GET /datasets", "create": 2});
    send(&app, control(Method::POST, "/mutations", Some(&rule))).await;
    ok(&app, TOKEN, "/datasets").await;
    assert_eq!(sources(ok(&app, TOKEN, "/sources").await), before + 2);
    // A request auth refuses (the other slot's token) uses up no rule.
    let rule = json!({"route": "GET /users", "create": 1});
    send(&app, control(Method::POST, "/mutations", Some(&rule))).await;
    assert_eq!(
        get_with(&app, TOKEN, "/users").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(sources(ok(&app, TOKEN, "/sources").await), before + 2);
    ok(&app, PAT, "/users").await;
    assert_eq!(sources(ok(&app, TOKEN, "/sources").await), before + 3);
}

#[tokio::test]
async fn the_not_found_shape_reaches_the_new_routes() {
    let coded = app(Config {
        not_found_shape: NotFoundShape::Code,
        ..config()
    });
    let (s, h, _, _) = ids(&coded).await;
    let missing = vec![
        call(Method::GET, "/sources/999999/objects", None),
        call(
            Method::GET,
            "/sources/999999/tables/columns?table_name=x",
            None,
        ),
        call(
            Method::GET,
            format!("/sources/{s}/tables/columns?table_name=nope"),
            None,
        ),
        call(
            Method::POST,
            format!("/sources/{s}/tables/999999/refresh_columns"),
            None,
        ),
        call(Method::GET, "/sources/3/models/999999", None),
        call(Method::DELETE, "/sources/3/models/999999", None),
        call(
            Method::GET,
            format!("/sources/{s}/filter_segments/999"),
            None,
        ),
        call(Method::GET, format!("/sources/{h}/topics/999"), None),
        call(Method::GET, "/datasets/999", None),
        call(Method::POST, "/source_connect_links/999/revoke", None),
        call(Method::GET, "/destination_connect_links/999", None),
        call(Method::POST, "/syncs/999/connect_links", None),
        call(Method::GET, "/webhooks/999", None),
        call(Method::GET, "/sync_runs/999999/records", None),
        call(Method::POST, "/sync_runs/999999/cancel", None),
        call(Method::POST, "/projects/999/refresh", None),
        call(Method::GET, "/destinations/999/object_types", None),
        call(Method::GET, "/connectors/nope/object_types", None),
        call(
            Method::GET,
            "/destinations/12/object_creation_requests/999",
            None,
        ),
        call(
            Method::POST,
            "/destinations/12/objects/nope/refresh_fields",
            None,
        ),
        org(Method::GET, "/workspaces/999", None),
        org(Method::GET, "/users/999", None),
    ];
    for call in &missing {
        let reply = run(&coded, call, Some(call.slot.token()), None).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{} {}",
            call.method,
            call.path
        );
        assert_eq!(
            reply.json()["status"],
            404,
            "{} {}: {}",
            call.method,
            call.path,
            reply.text()
        );
    }
}

#[tokio::test]
async fn seeds_are_deterministic_and_reset_restores_everything_new() {
    let app = app(config());
    let before = snapshot(&app).await;
    assert_eq!(
        before,
        snapshot(&census_local::app(config())).await,
        "same seed, same data"
    );

    for call in calls(&app).await {
        let reply = run(&app, &call, Some(call.slot.token()), None).await;
        assert!(
            reply.status.is_success(),
            "{} {}: {}",
            call.method,
            call.path,
            reply.text()
        );
    }
    assert_ne!(snapshot(&app).await, before);

    let reset = send(&app, control(Method::POST, "/reset", None)).await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    assert_eq!(snapshot(&app).await, before);
    // Every id counts from the start again.
    for call in calls(&app).await {
        let reply = run(&app, &call, Some(call.slot.token()), None).await;
        let data = &reply.json()["data"];
        let expected = match (call.method.as_str(), call.path.as_str()) {
            ("POST", path) if path.ends_with("/filter_segments") => Some(304),
            ("POST", "/datasets") => Some(404),
            ("POST", "/source_connect_links") => Some(604),
            ("POST", "/webhooks") => Some(703),
            ("POST", "/workspaces") => Some(1004),
            ("POST", "/invitations") => Some(3003),
            _ => None,
        };
        if let Some(id) = expected {
            assert_eq!(data["id"], id, "{} {}", call.method, call.path);
        }
    }
}
