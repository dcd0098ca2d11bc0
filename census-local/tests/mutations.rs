//! Mutation rules (`/__control/mutations`) and `GET /__control/sources`: sources created or
//! deleted while a paginated listing runs, matched by route, query and `times`, logged in the
//! attempts, cleared by reset, validated, and gone under `--no-control`. Driven in-process
//! through `app(config).oneshot(request)`.

mod common;

use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use census_local::{CATALOGUE, Config, FAULT_HEADER, app};
use common::*;
use serde_json::{Value, json};

fn config(seed: usize) -> Config {
    Config {
        token: TOKEN.into(),
        seed,
        www: PathBuf::from("/nonexistent/census-local/www"),
        pkg: PathBuf::from("/nonexistent/census-local/pkg"),
        ..Config::default()
    }
}

/// An authorized `/api/v1` request from another origin.
fn api(method: Method, path_and_query: &str) -> Request<Body> {
    api_request(TOKEN, method, path_and_query)
        .body(Body::empty())
        .expect("request")
}

async fn get(app: &Router, path_and_query: &str) -> Reply {
    get_with(app, TOKEN, path_and_query).await
}

async fn add_mutation(app: &Router, body: Value) -> u64 {
    let reply = send(app, control(Method::POST, "/mutations", Some(&body))).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    reply.json()["id"].as_u64().expect("rule id")
}

async fn mutation_rules(app: &Router) -> Vec<Value> {
    let reply = send(app, control(Method::GET, "/mutations", None)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()["rules"].as_array().expect("rules").clone()
}

/// `GET /__control/sources`: every id, oldest first.
async fn control_ids(app: &Router) -> Vec<u64> {
    let reply = send(app, control(Method::GET, "/sources", None)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    numbers(&reply.json()["ids"])
}

async fn attempts(app: &Router) -> Vec<Value> {
    let reply = send(app, control(Method::GET, "/attempts", None)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()["attempts"]
        .as_array()
        .expect("attempts")
        .clone()
}

fn numbers(value: &Value) -> Vec<u64> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|n| n.as_u64().expect("id"))
        .collect()
}

/// One page of `GET /sources` (newest first): its ids and its `total_records`.
async fn page(app: &Router, query: &str) -> (Vec<u64>, u64) {
    let reply = get(app, &format!("/sources?{query}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    let ids = body["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|source| source["id"].as_u64().expect("id"))
        .collect();
    let total = body["pagination"]["total_records"].as_u64().expect("total");
    (ids, total)
}

/// The ids a `desc` page `page` of `per_page` should hold, from the ids oldest first.
fn expected_desc_page(oldest_first: &[u64], page: usize, per_page: usize) -> Vec<u64> {
    oldest_first
        .iter()
        .rev()
        .skip((page - 1) * per_page)
        .take(per_page)
        .copied()
        .collect()
}

// ---------------------------------------------------------------- listings that change

#[tokio::test]
async fn a_creation_before_page_two_shows_a_page_one_item_again() {
    let app = app(config(10));
    let rule = add_mutation(
        &app,
        json!({"route": "GET /sources", "query": {"page": "2"}, "create": 1}),
    )
    .await;

    let (first, total) = page(&app, "page=1&per_page=3").await;
    assert_eq!(total, 10);
    let (second, total) = page(&app, "page=2&per_page=3").await;
    assert_eq!(total, 11, "the listing grew before page 2 was read");
    assert_eq!(
        second[0], first[2],
        "the new source pushed page 1's last item onto page 2: {first:?} then {second:?}"
    );

    let ids = control_ids(&app).await;
    assert_eq!(ids.len(), 11);
    let created = *ids.last().expect("ids");
    assert!(!first.contains(&created) && !second.contains(&created));
    assert_eq!(second, expected_desc_page(&ids, 2, 3));
    assert_eq!(
        page(&app, "page=1&per_page=3").await.0[0],
        created,
        "the new source lists first"
    );

    let log = attempts(&app).await;
    assert_eq!(
        log[1]["mutation"],
        json!({"rule": rule, "created": [created], "deleted": []})
    );
    assert!(log[0].get("mutation").is_none(), "page 1 was not mutated");
    assert!(mutation_rules(&app).await.is_empty(), "times defaults to 1");
}

#[tokio::test]
async fn a_deletion_before_page_two_skips_an_item() {
    let app = app(config(10));
    add_mutation(
        &app,
        json!({"route": "GET /sources", "query": {"page": "2"}, "delete": 1}),
    )
    .await;
    let before = control_ids(&app).await;

    let (first, _) = page(&app, "page=1&per_page=3").await;
    let (second, total) = page(&app, "page=2&per_page=3").await;
    assert_eq!(total, 9);
    let newest = first[0];
    let desc_before: Vec<u64> = before.iter().rev().copied().collect();
    assert_eq!(first, desc_before[..3]);
    let skipped = desc_before[3];
    assert_eq!(second, desc_before[4..7], "everything moved up by one");
    assert!(
        !first.contains(&skipped) && !second.contains(&skipped),
        "naive paging never sees {skipped}: {first:?} then {second:?}"
    );
    assert_eq!(
        get(&app, &format!("/sources/{skipped}")).await.status,
        StatusCode::OK,
        "though it still exists"
    );
    assert_eq!(
        get(&app, &format!("/sources/{newest}")).await.status,
        StatusCode::NOT_FOUND,
        "the newest source was the one deleted"
    );
    let log = attempts(&app).await;
    assert_eq!(log[1]["mutation"]["deleted"], json!([newest]));
    assert_eq!(log[1]["mutation"]["created"], json!([]));
    let mut expected = before.clone();
    expected.retain(|id| *id != newest);
    assert_eq!(control_ids(&app).await, expected);
}

#[tokio::test]
async fn delete_oldest_and_delete_ids_remove_exactly_those_sources() {
    let app = app(config(8));
    let ids = control_ids(&app).await;
    let rule = add_mutation(
        &app,
        json!({"route": "GET /sources/*", "delete_ids": [ids[3], 99_999, ids[3]], "delete_oldest": 2}),
    )
    .await;

    let reply = get(&app, &format!("/sources/{}", ids[5])).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        attempts(&app).await[0]["mutation"],
        json!({"rule": rule, "created": [], "deleted": [ids[3], ids[0], ids[1]]}),
        "unknown and repeated ids are skipped"
    );
    for gone in [ids[0], ids[1], ids[3]] {
        assert_eq!(
            get(&app, &format!("/sources/{gone}")).await.status,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        control_ids(&app).await,
        vec![ids[2], ids[4], ids[5], ids[6], ids[7]]
    );
}

#[tokio::test]
async fn the_attempt_log_names_the_created_and_deleted_ids() {
    let app = app(config(6));
    let before = control_ids(&app).await;
    let rule = add_mutation(
        &app,
        json!({"route": "GET /sources", "create": 3, "delete": 1, "delete_oldest": 1}),
    )
    .await;

    let (listed, total) = page(&app, "page=2&per_page=2").await;
    assert_eq!(total, 7, "6 - 2 + 3");
    let log = attempts(&app).await;
    assert_eq!(log.len(), 1);
    let mutation = &log[0]["mutation"];
    let created = numbers(&mutation["created"]);
    assert_eq!(
        log[0],
        json!({
            "method": "GET", "path": "/sources", "query": "page=2&per_page=2", "status": 200,
            "mutation": {"rule": rule, "created": created, "deleted": [before[5], before[0]]},
        })
    );
    assert_eq!(created.len(), 3);
    assert!(
        created.iter().all(|id| *id > before[5]),
        "new ids: {created:?}"
    );
    let mut expected = before[1..5].to_vec();
    expected.extend(&created);
    assert_eq!(control_ids(&app).await, expected);
    assert_eq!(listed, expected_desc_page(&expected, 2, 2));

    // The created sources look like the seeded ones, and are the newest.
    let kinds: Vec<&str> = CATALOGUE.iter().map(|t| t.service_name).collect();
    let newest_seeded =
        get(&app, &format!("/sources/{}", before[4])).await.json()["data"]["created_at"]
            .as_str()
            .expect("created_at")
            .to_owned();
    for id in &created {
        let reply = get(&app, &format!("/sources/{id}")).await;
        assert_eq!(reply.status, StatusCode::OK);
        let source = &reply.json()["data"];
        assert_eq!(source["id"], *id);
        assert!(
            kinds.contains(&source["type"].as_str().expect("type")),
            "{source}"
        );
        assert!(!source["name"].as_str().expect("name").is_empty());
        let details = source["connection_details"].as_object().expect("details");
        assert!(!details.is_empty());
        assert!(
            details.keys().all(|key| !key.contains("password")),
            "{source}"
        );
        let created_at = source["created_at"].as_str().expect("created_at");
        assert!(created_at >= newest_seeded.as_str(), "{created_at}");
    }
}

// ---------------------------------------------------------------- matching and expiry

#[tokio::test]
async fn times_limits_a_rule_and_null_applies_it_to_every_match() {
    let app = app(config(4));
    let id = add_mutation(
        &app,
        json!({"route": "GET /sources", "create": 1, "times": 2}),
    )
    .await;
    assert_eq!(
        mutation_rules(&app).await,
        vec![json!({
            "id": id, "route": "GET /sources", "query": {}, "create": 1, "delete": 0,
            "delete_oldest": 0, "delete_ids": [], "times": 2, "remaining": 2,
        })]
    );
    assert_eq!(page(&app, "").await.1, 5);
    assert_eq!(mutation_rules(&app).await[0]["remaining"], 1);
    assert_eq!(page(&app, "").await.1, 6);
    assert!(mutation_rules(&app).await.is_empty(), "the rule expired");
    assert_eq!(page(&app, "").await.1, 6, "no more changes");

    let every = add_mutation(
        &app,
        json!({"route": "GET /sources", "delete_oldest": 1, "times": null}),
    )
    .await;
    assert!(every > id, "ids increase");
    for expected in [5, 4, 3] {
        assert_eq!(page(&app, "").await.1, expected);
    }
    let listed = mutation_rules(&app).await;
    assert_eq!(listed[0]["times"], Value::Null);
    assert_eq!(listed[0]["remaining"], Value::Null);

    let reply = send(&app, control(Method::DELETE, "/mutations", None)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(mutation_rules(&app).await.is_empty());
    assert_eq!(page(&app, "").await.1, 3);
}

#[tokio::test]
async fn a_query_rule_applies_only_to_requests_with_those_values() {
    let app = app(config(4));
    add_mutation(
        &app,
        json!({"route": "GET /sources", "query": {"page": "3"}, "create": 1, "times": null}),
    )
    .await;
    let id = control_ids(&app).await[0];
    for miss in [
        "/sources",
        "/sources?page=2",
        "/sources?page=30",
        "/sources?per_page=3",
        "/sources?page=",
        &format!("/sources/{id}?page=3"),
    ] {
        assert_eq!(get(&app, miss).await.status, StatusCode::OK, "{miss}");
        assert_eq!(control_ids(&app).await.len(), 4, "{miss} changed nothing");
    }
    let reply = send(&app, api(Method::DELETE, &format!("/sources/{id}?page=3"))).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "another method does not match"
    );
    assert_eq!(control_ids(&app).await.len(), 3);

    for (hit, total) in [
        ("page=3", 4),
        ("per_page=1&page=3&order=asc", 5),
        ("page=%33", 6),
    ] {
        page(&app, hit).await;
        assert_eq!(control_ids(&app).await.len(), total, "{hit}");
    }
    let log = attempts(&app).await;
    let mutated: Vec<Option<&str>> = log
        .iter()
        .filter(|attempt| attempt.get("mutation").is_some())
        .map(|attempt| attempt["query"].as_str())
        .collect();
    assert_eq!(
        mutated,
        vec![
            Some("page=3"),
            Some("per_page=1&page=3&order=asc"),
            Some("page=%33")
        ]
    );
}

#[tokio::test]
async fn the_first_matching_rule_applies_and_bad_requests_use_none_up() {
    let app = app(config(4));
    let specific = add_mutation(
        &app,
        json!({"route": "GET /sources", "query": {"page": "2"}, "delete": 1}),
    )
    .await;
    let general = add_mutation(&app, json!({"route": "* *", "create": 1, "times": null})).await;

    page(&app, "page=2").await;
    page(&app, "page=2").await;
    let log = attempts(&app).await;
    assert_eq!(log[0]["mutation"]["rule"], specific);
    assert_eq!(log[1]["mutation"]["rule"], general);

    // A request auth refuses changes nothing and uses up nothing.
    send(&app, control(Method::DELETE, "/mutations", None)).await;
    add_mutation(&app, json!({"route": "*", "create": 1})).await;
    let before = control_ids(&app).await;
    let unauthorized = Request::builder()
        .uri("/api/v1/sources")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, OTHER_ORIGIN)
        .body(Body::empty())
        .expect("request");
    assert_eq!(
        send(&app, unauthorized).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(control_ids(&app).await, before);
    assert_eq!(mutation_rules(&app).await[0]["remaining"], 1);
    assert!(attempts(&app).await[2].get("mutation").is_none());
}

#[tokio::test]
async fn the_mutation_applies_before_a_fault_on_the_same_request() {
    let app = app(config(4));
    let rule = add_mutation(&app, json!({"route": "GET /sources", "create": 1})).await;
    let fault = json!({"route": "GET /sources", "fault": "503", "times": 1});
    let reply = send(&app, control(Method::POST, "/faults", Some(&fault))).await;
    assert_eq!(reply.status, StatusCode::CREATED);

    let reply = get(&app, "/sources").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    let ids = control_ids(&app).await;
    assert_eq!(ids.len(), 5, "the store changed although the answer failed");
    let log = attempts(&app).await;
    assert_eq!(
        log[0],
        json!({
            "method": "GET", "path": "/sources", "status": 503, "fault": "503",
            "mutation": {"rule": rule, "created": [ids[4]], "deleted": []},
        })
    );

    // A per-request fault header does not shield a request from mutation rules.
    add_mutation(
        &app,
        json!({"route": "GET /sources", "delete_ids": [ids[4]]}),
    )
    .await;
    let mut shielded = api(Method::GET, "/sources");
    shielded
        .headers_mut()
        .insert(FAULT_HEADER, "none".parse().expect("header"));
    assert_eq!(send(&app, shielded).await.status, StatusCode::OK);
    assert_eq!(control_ids(&app).await, ids[..4].to_vec());
}

// ---------------------------------------------------------------- the control endpoints

#[tokio::test]
async fn control_sources_lists_ids_in_creation_order() {
    let app = app(config(7));
    let reply = send(&app, control(Method::GET, "/sources", None)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(OTHER_ORIGIN)
    );
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    let seeded = numbers(&reply.json()["ids"]);
    assert_eq!(seeded.len(), 7);
    assert_eq!(page(&app, "order=asc&per_page=100").await.0, seeded);
    let (desc, _) = page(&app, "per_page=100").await;
    assert_eq!(desc.iter().rev().copied().collect::<Vec<_>>(), seeded);

    let created = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/sources")
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"connection": {"type": "s3", "credentials": {"bucket": "b", "region": "us-east-1"}}})
                .to_string(),
        ))
        .expect("request");
    let reply = send(&app, created).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let posted = reply.json()["data"]["id"].as_u64().expect("id");
    add_mutation(&app, json!({"route": "GET /sources/*", "create": 2})).await;
    get(&app, &format!("/sources/{posted}")).await;

    let ids = control_ids(&app).await;
    assert_eq!(ids[..7], seeded[..]);
    assert_eq!(ids[7], posted);
    assert_eq!(ids.len(), 10);
    assert!(ids[8] > posted && ids[9] > ids[8], "{ids:?}");
    assert_eq!(page(&app, "order=asc&per_page=100").await.0, ids);
}

#[tokio::test]
async fn reset_clears_mutation_rules_and_their_changes() {
    let app = app(config(5));
    let seeded = control_ids(&app).await;
    add_mutation(
        &app,
        json!({"route": "GET /sources", "create": 2, "times": null}),
    )
    .await;
    page(&app, "").await;
    let grown = control_ids(&app).await;
    assert_eq!(grown.len(), 7);
    let first_created = get(&app, &format!("/sources/{}", grown[5])).await.body;

    let reply = send(&app, control(Method::POST, "/reset", None)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(mutation_rules(&app).await.is_empty());
    assert_eq!(control_ids(&app).await, seeded);
    page(&app, "").await;
    assert_eq!(control_ids(&app).await, seeded, "no rule is left");

    // After a reset, the same rule creates the same sources again (ids and contents).
    add_mutation(&app, json!({"route": "GET /sources", "create": 2})).await;
    page(&app, "").await;
    assert_eq!(control_ids(&app).await, grown);
    let again = get(&app, &format!("/sources/{}", grown[5])).await.json();
    let before: Value = serde_json::from_slice(&first_created).expect("json");
    // Only the times depend on the clock.
    let timeless = |mut source: Value| {
        source["data"]["created_at"] = Value::Null;
        source["data"]["last_tested_at"] = Value::Null;
        source
    };
    assert_eq!(timeless(before), timeless(again));
}

#[tokio::test]
async fn bad_mutation_rules_are_refused_with_a_reason() {
    let app = app(config(3));
    for (body, needle) in [
        (json!({"route": "GET /sources"}), "nothing to do"),
        (json!({"create": 1}), "route"),
        (json!({"route": "GET sources", "create": 1}), "route"),
        (
            json!({"route": "GET /sources", "create": 1, "pages": 2}),
            "unknown field \"pages\"",
        ),
        (json!({"route": "GET /sources", "create": "1"}), "create"),
        (json!({"route": "GET /sources", "create": -1}), "create"),
        (
            json!({"route": "GET /sources", "create": 1_000_000}),
            "create",
        ),
        (json!({"route": "GET /sources", "delete": 1.5}), "delete"),
        (
            json!({"route": "GET /sources", "delete_oldest": null}),
            "nothing to do",
        ),
        (
            json!({"route": "GET /sources", "delete_ids": "7"}),
            "delete_ids",
        ),
        (
            json!({"route": "GET /sources", "delete_ids": [-7]}),
            "delete_ids",
        ),
        (
            json!({"route": "GET /sources", "create": 1, "times": 0}),
            "times",
        ),
        (
            json!({"route": "GET /sources", "create": 1, "times": true}),
            "times",
        ),
        (
            json!({"route": "GET /sources", "create": 1, "query": {"page": 3}}),
            "query.page",
        ),
        (
            json!({"route": "GET /sources", "create": 1, "query": ["page", "3"]}),
            "query",
        ),
        (json!(["GET /sources", 1]), "object"),
    ] {
        let reply = send(&app, control(Method::POST, "/mutations", Some(&body))).await;
        let message = reply.expect_error(StatusCode::BAD_REQUEST, "error");
        assert!(message.contains(needle), "{body}: {message}");
        assert_eq!(reply.header("cache-control"), Some("no-store"));
    }
    let not_json = Request::builder()
        .method(Method::POST)
        .uri("/__control/mutations")
        .body(Body::from("route=*&create=1"))
        .expect("request");
    let message = send(&app, not_json)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "error");
    assert!(message.contains("JSON"), "{message}");
    assert!(mutation_rules(&app).await.is_empty());
    assert_eq!(page(&app, "").await.1, 3, "nothing was changed");

    // Like fault rules, the body is read as JSON whatever its type.
    let plain = Request::builder()
        .method(Method::POST)
        .uri("/__control/mutations")
        .header(header::CONTENT_TYPE, "text/plain;charset=UTF-8")
        .body(Body::from(
            r#"{"route": "get /api/v1/sources", "create": 1}"#,
        ))
        .expect("request");
    let reply = send(&app, plain).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    assert_eq!(mutation_rules(&app).await[0]["route"], "GET /sources");
    assert_eq!(
        send(&app, control(Method::PATCH, "/mutations", None))
            .await
            .status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    assert_eq!(
        send(&app, control(Method::POST, "/sources", None))
            .await
            .status,
        StatusCode::METHOD_NOT_ALLOWED
    );
}

#[tokio::test]
async fn control_preflights_cover_mutations_and_sources() {
    let app = app(config(3));
    for path in ["/mutations", "/sources"] {
        let preflight = Request::builder()
            .method(Method::OPTIONS)
            .uri(format!("/__control{path}"))
            .header(header::ORIGIN, OTHER_ORIGIN)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .body(Body::empty())
            .expect("request");
        let reply = send(&app, preflight).await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{path}");
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some(OTHER_ORIGIN)
        );
        let methods = reply
            .header("access-control-allow-methods")
            .expect("methods");
        for method in ["GET", "POST", "DELETE"] {
            assert!(methods.contains(method), "{methods}");
        }
    }
    let reply = send(&app, control(Method::DELETE, "/mutations", None)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(OTHER_ORIGIN)
    );
}

#[tokio::test]
async fn no_control_removes_mutations_and_sources() {
    let app = app(Config {
        control: false,
        ..config(4)
    });
    let body = json!({"route": "*", "create": 1});
    for (method, path) in [
        (Method::POST, "/mutations"),
        (Method::GET, "/mutations"),
        (Method::DELETE, "/mutations"),
        (Method::GET, "/sources"),
    ] {
        let reply = send(&app, control(method.clone(), path, Some(&body))).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {path}");
        let message = reply.json()["message"]
            .as_str()
            .expect("message")
            .to_owned();
        assert!(message.contains("--no-control"), "{message}");
        assert_eq!(reply.header("access-control-allow-origin"), None);
    }
    let (_, total) = page(&app, "").await;
    assert_eq!(total, 4, "no rule was added");
}
