//! The local Stitch Connect under `/stitch`: every route and error shape, pause and unpause,
//! replication jobs on tokio's paused clock, field selection, destinations up to the plan's limit,
//! pagination, the "jobs" rate limit, auth, Import API sources and their access tokens, and the
//! shared faults, attempt log and reset.

mod common;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use census_local::{Config, DEFAULT_PAT_TOKEN, app};
use common::{HOST, OTHER_ORIGIN, Reply, TOKEN, base_config, control, send};
use serde_json::{Value, json};

const STITCH: &str = "test-stitch-token";
const JOB: Duration = Duration::from_millis(3000);
const CLIENT: u64 = 116_078;
/// The seeded sources (7): postgres, mysql, hubspot (paused), shopify, closeio (failed last
/// extraction), postgres (deleted), mysql (never ran).
const FIRST: u64 = 120_643;
const PAUSED: u64 = 120_645;
const FAILED: u64 = 120_647;
const DELETED: u64 = 120_648;
const FRESH: u64 = 120_649;
const DESTINATION: u64 = 155_582;
/// The first Import API access token id; ids count up from it.
const FIRST_TOKEN: u64 = 828_704_779;
const TOKEN_LIMIT: &str = "an Import API source can have at most two active access tokens";

fn config() -> Config {
    Config {
        stitch_token: STITCH.into(),
        stitch_job: JOB,
        ..base_config()
    }
}

fn seeded() -> Router {
    app(config())
}

async fn call(
    app: &Router,
    token: Option<&str>,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Reply {
    let mut builder = Request::builder()
        .method(method)
        .uri(format!("/stitch{path}"))
        .header(header::HOST, HOST)
        .header(header::ORIGIN, OTHER_ORIGIN);
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let request = match body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => builder.body(Body::empty()),
    };
    send(app, request.expect("request")).await
}

async fn get(app: &Router, path: &str) -> Reply {
    call(app, Some(STITCH), Method::GET, path, None).await
}

async fn ok(app: &Router, path: &str) -> Value {
    let reply = get(app, path).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text());
    reply.json()
}

async fn with(app: &Router, method: Method, path: &str, body: Value) -> Reply {
    call(app, Some(STITCH), method, path, Some(body)).await
}

async fn bodiless(app: &Router, method: Method, path: &str) -> Reply {
    call(app, Some(STITCH), method, path, None).await
}

/// Asserts `{"error": {"type": kind, "message": …}}` with `status`; returns the message.
fn error_object(reply: &Reply, status: StatusCode, kind: &str) -> String {
    assert_eq!(reply.status, status, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["error"]["type"], kind, "{body}");
    let message = body["error"]["message"]
        .as_str()
        .expect("message")
        .to_owned();
    assert!(!message.is_empty());
    message
}

/// Asserts a 400 `{"error": code, "data": {"message": …}}`; returns the body.
fn coded(reply: &Reply, code: &str) -> Value {
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["error"], code, "{body}");
    assert!(
        body["data"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    body
}

/// Asserts a bare JSON string with `status`.
fn bare(reply: &Reply, status: StatusCode) -> String {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(reply.header("content-type"), Some("application/json"));
    reply
        .json()
        .as_str()
        .expect("a bare JSON string")
        .to_owned()
}

/// Asserts `{"invalid_fields": …}` with `status`; returns it.
fn invalid_fields(reply: &Reply, status: StatusCode) -> String {
    assert_eq!(reply.status, status, "{}", reply.text());
    reply.json()["invalid_fields"]
        .as_str()
        .expect("invalid_fields")
        .to_owned()
}

fn source_in(list: &Value, id: u64) -> Value {
    list.as_array()
        .expect("an array")
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("source {id} listed"))
        .clone()
}

async fn extraction(app: &Router, source: u64) -> Value {
    let page = ok(app, &format!("/v4/{CLIENT}/extractions")).await;
    page["data"]
        .as_array()
        .expect("data")
        .iter()
        .find(|e| e["source_id"] == source)
        .cloned()
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn sources_list_active_paused_and_deleted_alike_and_read_by_id() {
    let app = seeded();
    let list = ok(&app, "/v4/sources").await;
    assert_eq!(list.as_array().map(Vec::len), Some(7));
    let first = source_in(&list, FIRST);
    for key in [
        "id",
        "created_at",
        "deleted_at",
        "display_name",
        "name",
        "paused_at",
        "properties",
        "report_card",
        "stitch_client_id",
        "system_paused_at",
        "type",
        "updated_at",
    ] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
    assert_eq!(first["type"], "platform.postgres");
    assert_eq!(first["stitch_client_id"], CLIENT);
    assert!(
        first["properties"].get("password").is_none(),
        "credentials are never shown"
    );
    assert_eq!(first["properties"]["host"], "db0.example.test");
    assert_eq!(
        first["report_card"]["current_step_type"],
        "fully_configured"
    );
    assert!(source_in(&list, PAUSED)["paused_at"].is_string());
    assert!(source_in(&list, DELETED)["deleted_at"].is_string());
    assert!(source_in(&list, FIRST)["paused_at"].is_null());

    assert_eq!(
        ok(&app, &format!("/v4/sources/{DELETED}")).await["id"],
        DELETED
    );
    let missing = get(&app, "/v4/sources/999").await;
    error_object(&missing, StatusCode::NOT_FOUND, "not_found");
    error_object(
        &get(&app, "/v4/sources/abc").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );

    let check = ok(&app, &format!("/v4/sources/{FIRST}/last-connection-check")).await;
    assert_eq!(check["status"], "succeeded");
    assert_eq!(check["mode"], "check");
    assert_eq!(check["error"], false);
    let failed = ok(&app, &format!("/v4/sources/{FAILED}/last-connection-check")).await;
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["discovery_exit_status"], 1);
    assert!(failed["discovery_error_message"].is_string());
}

#[tokio::test]
async fn a_source_is_created_with_its_streams_and_bad_bodies_get_the_coded_shape() {
    let app = seeded();
    // A body not labelled JSON is refused in Stitch's error shape, and nothing is created.
    let unlabelled = Request::builder()
        .method(Method::POST)
        .uri("/stitch/v4/sources")
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, format!("Bearer {STITCH}"))
        .header(header::CONTENT_TYPE, "text/plain;charset=UTF-8")
        .body(Body::from(
            json!({"display_name": "Plain", "type": "platform.postgres", "properties": {}})
                .to_string(),
        ))
        .expect("request");
    let before = ok(&app, "/v4/sources").await;
    let message = error_object(
        &send(&app, unlabelled).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    assert!(message.contains("application/json"), "{message}");
    assert_eq!(ok(&app, "/v4/sources").await, before);
    let created = with(
        &app,
        Method::POST,
        "/v4/sources",
        json!({"display_name": "Shop EU!", "type": "platform.shopify",
               "properties": {"shop": "eu", "api_key": "k", "start_date": "2025-01-01T00:00:00Z"}}),
    )
    .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text());
    let source = created.json();
    assert_eq!(source["name"], "shop_eu_");
    assert_eq!(source["display_name"], "Shop EU!");
    assert!(source["paused_at"].is_null() && source["deleted_at"].is_null());
    assert!(source["properties"].get("api_key").is_none());
    assert_eq!(
        source["report_card"]["current_step"], 3,
        "fields not yet selected"
    );
    let id = source["id"].as_u64().expect("id");
    assert!(id > FRESH);
    assert_eq!(
        ok(&app, "/v4/sources").await.as_array().map(Vec::len),
        Some(8)
    );
    let streams = ok(&app, &format!("/v4/sources/{id}/streams")).await;
    assert_eq!(streams.as_array().map(Vec::len), Some(3));
    assert!(streams[0]["selected"].is_null());
    assert_eq!(
        ok(&app, &format!("/v4/sources/{id}/last-connection-check")).await["status"],
        "succeeded"
    );

    // Without its required properties: step 1, and no connection check yet.
    let bare_source = with(
        &app,
        Method::POST,
        "/v4/sources",
        json!({"display_name": "Leads", "type": "platform.closeio"}),
    )
    .await
    .json();
    assert_eq!(bare_source["report_card"]["current_step_type"], "form");
    let no_check = get(
        &app,
        &format!("/v4/sources/{}/last-connection-check", bare_source["id"]),
    )
    .await;
    error_object(&no_check, StatusCode::NOT_FOUND, "not_found");

    let post = |body: Value| {
        let app = app.clone();
        async move { with(&app, Method::POST, "/v4/sources", body).await }
    };
    coded(
        &post(json!({"display_name": "Shop EU!", "type": "platform.shopify"})).await,
        "InvalidName",
    );
    coded(
        &post(json!({"display_name": "X", "type": "platform.nope"})).await,
        "InvalidType",
    );
    coded(
        &post(json!({"type": "platform.shopify"})).await,
        "InvalidBody",
    );
    coded(
        &post(json!({"display_name": "Y", "type": "platform.shopify", "id": 4})).await,
        "InvalidBody",
    );
    coded(&post(json!([1, 2])).await, "InvalidBody");
    coded(
        &post(json!({"display_name": "####", "type": "platform.shopify"})).await,
        "InvalidDisplayName",
    );
    coded(
        &post(json!({"display_name": "Z", "type": "platform.shopify", "name": "Bad Name"})).await,
        "InvalidName",
    );
    let bad = coded(
        &post(json!({"display_name": "W", "type": "platform.shopify",
                     "properties": {"shop": "", "nope": "x", "start_date": 5}}))
        .await,
        "InvalidProperties",
    );
    let mut names: Vec<&str> = bad["data"]["bad_properties"]
        .as_array()
        .expect("bad_properties")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["nope", "shop", "start_date"]);
    assert_eq!(bad["data"]["report_card"]["type"], "platform.shopify");
    assert_eq!(
        ok(&app, "/v4/sources").await.as_array().map(Vec::len),
        Some(9)
    );
}

#[tokio::test]
async fn pause_and_unpause_are_a_put_of_paused_at_and_delete_keeps_the_source_listed() {
    let app = seeded();
    let path = format!("/v4/sources/{FIRST}");
    let paused = with(
        &app,
        Method::PUT,
        &path,
        json!({"paused_at": "2026-02-01T00:00:00Z"}),
    )
    .await;
    assert_eq!(paused.status, StatusCode::OK, "{}", paused.text());
    assert_eq!(ok(&app, &path).await["paused_at"], "2026-02-01T00:00:00Z");
    let unpaused = with(
        &app,
        Method::PUT,
        &path,
        json!({"paused_at": null, "display_name": "Renamed"}),
    )
    .await;
    assert_eq!(unpaused.status, StatusCode::OK);
    let now = ok(&app, &path).await;
    assert!(now["paused_at"].is_null());
    assert_eq!(now["display_name"], "Renamed");
    let unpaused_seed = with(
        &app,
        Method::PUT,
        &format!("/v4/sources/{PAUSED}"),
        json!({"paused_at": null}),
    )
    .await;
    assert!(unpaused_seed.json()["paused_at"].is_null());

    coded(
        &with(&app, Method::PUT, &path, json!({"type": "platform.mysql"})).await,
        "InvalidBody",
    );
    coded(
        &with(&app, Method::PUT, &path, json!({"display_name": ""})).await,
        "InvalidDisplayName",
    );
    coded(
        &with(&app, Method::PUT, &path, json!({"paused_at": 5})).await,
        "InvalidBody",
    );
    // paused_at is a timestamp: other text is refused, as its message says, not stored.
    for not_a_time in ["yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z"] {
        let refused = coded(
            &with(&app, Method::PUT, &path, json!({"paused_at": not_a_time})).await,
            "InvalidBody",
        );
        assert!(
            refused["data"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("timestamp")),
            "{refused}"
        );
    }
    assert!(ok(&app, &path).await["paused_at"].is_null());
    let offset = with(
        &app,
        Method::PUT,
        &path,
        json!({"paused_at": "2026-02-01T01:30:00.250+01:00"}),
    )
    .await;
    assert_eq!(offset.status, StatusCode::OK, "{}", offset.text());
    with(&app, Method::PUT, &path, json!({"paused_at": null})).await;
    coded(
        &with(&app, Method::PUT, &path, json!({"properties": {"host": 1}})).await,
        "InvalidProperties",
    );
    coded(
        &with(
            &app,
            Method::PUT,
            "/v4/sources/999",
            json!({"paused_at": null}),
        )
        .await,
        "InvalidId",
    );

    let deleted = bodiless(&app, Method::DELETE, &path).await;
    assert_eq!(deleted.status, StatusCode::OK);
    assert!(deleted.json()["deleted_at"].is_string());
    let listed = source_in(&ok(&app, "/v4/sources").await, FIRST);
    assert!(
        listed["deleted_at"].is_string(),
        "a deleted source is still listed"
    );
    coded(
        &with(&app, Method::PUT, &path, json!({"paused_at": null})).await,
        "InvalidId",
    );
    coded(
        &bodiless(&app, Method::DELETE, "/v4/sources/999").await,
        "InvalidId",
    );
}

#[tokio::test(start_paused = true)]
async fn a_replication_moves_through_its_phases_and_answers_already_running_on_200() {
    let app = seeded();
    assert!(extraction(&app, FRESH).await.is_null(), "never ran");
    let sync = format!("/v4/sources/{FRESH}/sync");
    let started = bodiless(&app, Method::POST, &sync).await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.text());
    let job_name = started.json()["job_name"]
        .as_str()
        .expect("job_name")
        .to_owned();
    assert!(
        job_name.starts_with(&format!("{CLIENT}.{FRESH}.sync.")),
        "{job_name}"
    );

    let again = bodiless(&app, Method::POST, &sync).await;
    let message = error_object(&again, StatusCode::OK, "already_running");
    assert_eq!(
        message,
        format!(
            "Did not create job for client-id: {CLIENT}; connection-id: {FRESH} because one already exists"
        )
    );

    let running = extraction(&app, FRESH).await;
    assert_eq!(running["job_name"], job_name);
    assert!(running["completion_time"].is_null());
    assert!(running["discovery_exit_status"].is_null());

    tokio::time::advance(JOB / 2).await;
    let tapping = extraction(&app, FRESH).await;
    assert_eq!(tapping["discovery_exit_status"], 0);
    assert!(tapping["tap_exit_status"].is_null());
    assert!(tapping["completion_time"].is_null());
    error_object(
        &bodiless(&app, Method::POST, &sync).await,
        StatusCode::OK,
        "already_running",
    );

    tokio::time::advance(JOB).await;
    let done = extraction(&app, FRESH).await;
    for phase in ["discovery", "tap", "target"] {
        assert_eq!(done[format!("{phase}_exit_status")], 0, "{done}");
    }
    assert!(done["completion_time"].is_string());
    assert_eq!(done["tap_name"], "tap-mysql");
    // Its selected stream loaded.
    let loads = ok(&app, &format!("/v4/{CLIENT}/loads")).await;
    let fresh_load = loads["data"]
        .as_array()
        .expect("data")
        .iter()
        .find(|l| l["source_name"] == "mysql_7")
        .cloned()
        .expect("a load for the fresh source");
    assert_eq!(fresh_load["stream_name"], "products");
    assert!(fresh_load["last_batch_loaded_at"].is_string());

    let next = bodiless(&app, Method::POST, &sync).await;
    assert_ne!(
        next.json()["job_name"],
        job_name,
        "a finished job lets a new one start"
    );
}

#[tokio::test(start_paused = true)]
async fn a_stopped_job_ends_terminated_and_unknown_or_deleted_sources_are_invalid() {
    let app = seeded();
    let sync = format!("/v4/sources/{FIRST}/sync");
    assert_eq!(
        bodiless(&app, Method::POST, &sync).await.status,
        StatusCode::OK
    );
    tokio::time::advance(JOB / 2).await;
    let stopped = bodiless(&app, Method::DELETE, &sync).await;
    assert_eq!(stopped.status, StatusCode::OK);
    assert_eq!(stopped.json(), json!({"status": 200}));
    // As the reference shows a terminated job (stitchdata/docs, "List last extractions"):
    // finished, every exit status null, every phase described "Terminated".
    let ended = extraction(&app, FIRST).await;
    for phase in ["discovery", "tap", "target"] {
        assert!(ended[format!("{phase}_exit_status")].is_null(), "{ended}");
        assert_eq!(
            ended[format!("{phase}_description")],
            "Terminated",
            "{ended}"
        );
    }
    assert!(ended["completion_time"].is_string());
    tokio::time::advance(JOB).await;
    assert_eq!(extraction(&app, FIRST).await, ended, "it stays as it ended");
    let job = ended["job_name"].as_str().expect("job_name");
    let redirect = get(&app, &format!("/v4/{CLIENT}/extractions/{job}")).await;
    let location = redirect.header("location").expect("Location").to_owned();
    let path = &location[format!("http://{HOST}/stitch").len()..];
    let log = call(&app, None, Method::GET, path, None).await.text();
    assert!(log.contains("ERROR discovery phase Terminated"), "{log}");
    assert!(!log.contains("pending"), "{log}");
    assert_eq!(
        bodiless(&app, Method::POST, &sync).await.status,
        StatusCode::OK,
        "a new job may start"
    );

    let unknown = bodiless(&app, Method::POST, "/v4/sources/999/sync").await;
    assert!(error_object(&unknown, StatusCode::BAD_REQUEST, "invalid_source").contains("999"));
    let deleted = bodiless(&app, Method::POST, &format!("/v4/sources/{DELETED}/sync")).await;
    assert_eq!(
        error_object(&deleted, StatusCode::BAD_REQUEST, "invalid_source"),
        "Integration is deleted."
    );
    error_object(
        &bodiless(&app, Method::POST, "/v4/sources/abc/sync").await,
        StatusCode::BAD_REQUEST,
        "invalid_source",
    );
    error_object(
        &bodiless(&app, Method::DELETE, "/v4/sources/999/sync").await,
        StatusCode::BAD_REQUEST,
        "invalid_source",
    );
    // Stopping is refused for the sources starting is: a deleted one and an Import API one
    // (never replicated), as the module's table says, not answered `{"status": 200}`.
    let deleted_stop = bodiless(&app, Method::DELETE, &format!("/v4/sources/{DELETED}/sync")).await;
    assert_eq!(
        error_object(&deleted_stop, StatusCode::BAD_REQUEST, "invalid_source"),
        "Integration is deleted."
    );
    let pushed = import_source(&app, "Pushed events").await;
    error_object(
        &bodiless(&app, Method::DELETE, &format!("/v4/sources/{pushed}/sync")).await,
        StatusCode::BAD_REQUEST,
        "invalid_source",
    );

    // The seeded failed extraction.
    let failed = extraction(&app, FAILED).await;
    assert_eq!(failed["tap_exit_status"], 1);
    assert!(failed["tap_description"].is_string());
}

#[tokio::test]
async fn streams_carry_schema_and_breadcrumbed_metadata_and_field_selection_answers_every_shape() {
    let app = seeded();
    let streams = ok(&app, &format!("/v4/sources/{FIRST}/streams")).await;
    let customers = streams[0].clone();
    assert_eq!(customers["tap_stream_id"], "demo-public-customers");
    assert_eq!(customers["selected"], true);
    assert_eq!(customers["metadata"]["table-key-properties"], json!(["id"]));
    assert_eq!(customers["metadata"]["database-name"], "demo");
    let orders_id = streams[1]["stream_id"].as_u64().expect("stream_id");

    let schema = ok(&app, &format!("/v4/sources/{FIRST}/streams/{orders_id}")).await;
    let parsed: Value =
        serde_json::from_str(schema["schema"].as_str().expect("schema is a string"))
            .expect("a JSON schema");
    assert!(parsed["properties"]["total"].is_object());
    let metadata = schema["metadata"].as_array().expect("metadata");
    assert_eq!(metadata[0]["breadcrumb"], json!([]));
    assert_eq!(metadata[0]["metadata"]["selected"], false);
    let total = metadata
        .iter()
        .find(|m| m["breadcrumb"] == json!(["properties", "total"]))
        .expect("a field entry");
    assert_eq!(total["metadata"]["inclusion"], "available");

    let unknown = get(&app, &format!("/v4/sources/{FIRST}/streams/424242")).await;
    assert_eq!(
        bare(&unknown, StatusCode::BAD_REQUEST),
        "invalid stream-id: 424242"
    );
    let unknown_source = get(&app, &format!("/v4/sources/999/streams/{orders_id}")).await;
    assert!(bare(&unknown_source, StatusCode::BAD_REQUEST).starts_with("invalid stream-id: "));
    error_object(
        &get(&app, "/v4/sources/999/streams").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );

    let put = |body: Value| {
        let app = app.clone();
        async move {
            with(
                &app,
                Method::PUT,
                &format!("/v4/sources/{FIRST}/streams/metadata"),
                body,
            )
            .await
        }
    };
    let selection = json!({"streams": [{"tap_stream_id": "demo-public-orders", "metadata": [
        {"breadcrumb": [], "metadata": {"selected": true}},
        {"breadcrumb": ["properties", "total"], "metadata": {"selected": false}},
    ]}]});
    let done = put(selection).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    assert_eq!(done.json(), json!({"status": 200}));
    let after = ok(&app, &format!("/v4/sources/{FIRST}/streams/{orders_id}")).await;
    assert_eq!(after["metadata"][0]["metadata"]["selected"], true);
    let total = after["metadata"]
        .as_array()
        .expect("metadata")
        .iter()
        .find(|m| m["breadcrumb"] == json!(["properties", "total"]))
        .cloned()
        .expect("total");
    assert_eq!(total["metadata"]["selected"], false);

    let entry = |tap: Value, metadata: Value| json!({"streams": [{"tap_stream_id": tap, "metadata": metadata}]});
    let select = json!([{"breadcrumb": [], "metadata": {"selected": true}}]);
    assert_eq!(
        invalid_fields(
            &put(entry(json!("nope"), select.clone())).await,
            StatusCode::BAD_REQUEST
        ),
        "invalid tap-stream-ids:  [nope]"
    );
    assert_eq!(
        invalid_fields(
            &put(json!({"streams": [{"metadata": select}]})).await,
            StatusCode::BAD_REQUEST
        ),
        "invalid tap-stream-ids:  [nil]"
    );
    let read_only = put(entry(
        json!("demo-public-orders"),
        json!([{"breadcrumb": ["properties", "id"], "metadata": {"inclusion": "available"}}]),
    ))
    .await;
    assert!(invalid_fields(&read_only, StatusCode::BAD_REQUEST).contains("\"inclusion\""));
    let bad_crumb = put(entry(
        json!("demo-public-orders"),
        json!([{"breadcrumb": ["properties", "nope"], "metadata": {"selected": true}}]),
    ))
    .await;
    assert!(invalid_fields(&bad_crumb, StatusCode::BAD_REQUEST).starts_with("invalid breadcrumb"));
    assert_eq!(
        bare(&put(json!({"stream": []})).await, StatusCode::BAD_REQUEST),
        "body must contain a 'streams' property with a list of metadatas by tap_stream_id"
    );
    bare(
        &put(json!({"streams": [{"tap_stream_id": "demo-public-orders"}]})).await,
        StatusCode::BAD_REQUEST,
    );

    // Selecting an unsupported field: invalid_fields on HTTP 200, and nothing is applied.
    let unsupported = put(entry(
        json!("demo-public-customers"),
        json!([
            {"breadcrumb": ["properties", "email"], "metadata": {"selected": false}},
            {"breadcrumb": ["properties", "legacy_blob"], "metadata": {"selected": true}},
        ]),
    ))
    .await;
    assert!(invalid_fields(&unsupported, StatusCode::OK).contains("Unsupported"));
    let customers_id = customers["stream_id"].as_u64().expect("id");
    let kept = ok(&app, &format!("/v4/sources/{FIRST}/streams/{customers_id}")).await;
    let email = kept["metadata"]
        .as_array()
        .expect("metadata")
        .iter()
        .find(|m| m["breadcrumb"] == json!(["properties", "email"]))
        .cloned()
        .expect("email");
    assert_eq!(email["metadata"]["selected"], true, "nothing applied");
}

#[tokio::test]
/// The Connect API is an Advanced or Premium feature; an Advanced account may have three
/// destinations (stitchdata/docs "Multiple Destinations"), and one more is refused with the
/// reference's bare string.
async fn destinations_up_to_the_plan_limit_and_their_errors_are_bare_strings() {
    let app = seeded();
    let list = ok(&app, "/v4/destinations").await;
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["id"], DESTINATION);
    assert_eq!(list[0]["type"], "postgres");
    assert!(list[0]["properties"].get("password").is_none());
    assert_eq!(
        list[0]["report_card"]["current_step_type"],
        "fully_configured"
    );

    let mut added = Vec::new();
    for type_ in ["redshift", "snowflake"] {
        let created = with(
            &app,
            Method::POST,
            "/v4/destinations",
            json!({"type": type_}),
        )
        .await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.text());
        added.push(created.json()["id"].clone());
    }
    assert_eq!(
        ok(&app, "/v4/destinations").await.as_array().map(Vec::len),
        Some(3)
    );
    let fourth = with(
        &app,
        Method::POST,
        "/v4/destinations",
        json!({"type": "redshift"}),
    )
    .await;
    assert_eq!(
        bare(&fourth, StatusCode::BAD_REQUEST),
        "you are at your destination limit"
    );

    let path = format!("/v4/destinations/{DESTINATION}");
    let renamed = with(
        &app,
        Method::PUT,
        &path,
        json!({"name": "Renamed", "properties": {"ssl": "true"}}),
    )
    .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text());
    assert_eq!(renamed.json()["name"], "Renamed");
    assert_eq!(renamed.json()["properties"]["ssl"], "true");
    assert_eq!(
        bare(
            &with(&app, Method::PUT, &path, json!({"type": "redshift"})).await,
            StatusCode::BAD_REQUEST
        ),
        "this API endpoint does not support modifying destination type"
    );
    assert_eq!(
        bare(
            &with(
                &app,
                Method::PUT,
                "/v4/destinations/1",
                json!({"name": "x"})
            )
            .await,
            StatusCode::BAD_REQUEST
        ),
        "invalid connection id"
    );
    let check = ok(&app, &format!("{path}/last-connection-check")).await;
    assert_eq!(check["status"], "succeeded");
    error_object(
        &get(&app, "/v4/destinations/1/last-connection-check").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );

    let deleted = bodiless(&app, Method::DELETE, &path).await;
    assert_eq!(deleted.status, StatusCode::OK);
    assert!(deleted.body.is_empty());
    let left: Vec<Value> = ok(&app, "/v4/destinations")
        .await
        .as_array()
        .expect("list")
        .iter()
        .map(|d| d["id"].clone())
        .collect();
    assert_eq!(left, added, "the others stay");
    assert_eq!(
        bare(
            &bodiless(&app, Method::DELETE, &path).await,
            StatusCode::BAD_REQUEST
        ),
        format!("Unable to locate dest ({DESTINATION}) for client ({CLIENT}) to delete")
    );
    let prohibited = with(
        &app,
        Method::POST,
        "/v4/destinations",
        json!({"type": "redshift", "host": "h"}),
    )
    .await;
    assert!(bare(&prohibited, StatusCode::BAD_REQUEST).starts_with("POST body may only include"));
    bare(
        &with(
            &app,
            Method::POST,
            "/v4/destinations",
            json!({"type": "nope"}),
        )
        .await,
        StatusCode::BAD_REQUEST,
    );
    let created = with(
        &app,
        Method::POST,
        "/v4/destinations",
        json!({"type": "bigquery", "name": "BQ", "properties": {"project_id": "p"}}),
    )
    .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text());
    assert_eq!(created.json()["type"], "bigquery");
    let again = with(
        &app,
        Method::POST,
        "/v4/destinations",
        json!({"type": "postgres"}),
    )
    .await;
    assert_eq!(
        bare(&again, StatusCode::BAD_REQUEST),
        "you are at your destination limit",
        "a deleted one frees its place, once"
    );
}

#[tokio::test]
async fn destinations_are_filtered_by_the_source_loading_into_them_or_their_id() {
    // stitchdata/docs: `GET /v4/destinations` takes `source_id` and/or `destination_id` and
    // refuses any other parameter; a source loads into its `destination_id`, and a destination
    // made without `ignore_unmapped_sources: true` takes every source that has none.
    let app = seeded();
    let only = |list: Value| -> Vec<u64> {
        list.as_array()
            .expect("a list")
            .iter()
            .filter_map(|d| d["id"].as_u64())
            .collect()
    };
    assert_eq!(
        only(ok(&app, &format!("/v4/destinations?source_id={FIRST}")).await),
        [DESTINATION],
        "the seeded sources load into the seeded destination"
    );
    let created = |body: Value| {
        let app = app.clone();
        async move {
            let reply = with(&app, Method::POST, "/v4/destinations", body).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
            reply.json()["id"].as_u64().expect("id")
        }
    };
    let lake = created(json!({"type": "redshift", "ignore_unmapped_sources": true})).await;
    let source = with(
        &app,
        Method::POST,
        "/v4/sources",
        json!({"display_name": "Into the lake", "type": "platform.hubspot", "destination_id": lake}),
    )
    .await
    .json()["id"]
        .as_u64()
        .expect("id");
    assert_eq!(
        only(ok(&app, &format!("/v4/destinations?source_id={source}")).await),
        [lake]
    );
    assert_eq!(
        only(ok(&app, &format!("/v4/destinations?destination_id={lake}")).await),
        [lake]
    );
    assert_eq!(
        only(
            ok(
                &app,
                &format!("/v4/destinations?source_id={source}&destination_id={DESTINATION}")
            )
            .await
        ),
        Vec::<u64>::new(),
        "both filters hold"
    );
    for query in ["source_id=999", "destination_id=1", "source_id=x"] {
        assert_eq!(
            ok(&app, &format!("/v4/destinations?{query}")).await,
            json!([]),
            "{query}"
        );
    }
    assert_eq!(
        bare(
            &get(&app, "/v4/destinations?page=2").await,
            StatusCode::BAD_REQUEST
        ),
        "GET may only include the params: source_id and/or destination_id"
    );

    // The seeded destination's deletion leaves its sources without one; a new destination
    // takes them, unless it ignores unmapped sources.
    bodiless(
        &app,
        Method::DELETE,
        &format!("/v4/destinations/{DESTINATION}"),
    )
    .await;
    assert_eq!(
        ok(&app, &format!("/v4/destinations?source_id={FIRST}")).await,
        json!([])
    );
    let ignoring = created(json!({"type": "snowflake", "ignore_unmapped_sources": true})).await;
    assert_eq!(
        ok(&app, &format!("/v4/destinations?source_id={FIRST}")).await,
        json!([])
    );
    let mapping = created(json!({"type": "bigquery"})).await;
    assert_eq!(
        only(ok(&app, &format!("/v4/destinations?source_id={FIRST}")).await),
        [mapping]
    );
    assert_eq!(
        only(ok(&app, &format!("/v4/destinations?source_id={source}")).await),
        [lake],
        "a source with a destination keeps it"
    );
    assert_eq!(
        only(ok(&app, &format!("/v4/destinations?destination_id={ignoring}")).await),
        [ignoring]
    );
}

#[tokio::test]
async fn a_source_is_moved_to_another_destination_by_a_put_of_its_destination_id() {
    // stitchdata/docs `objects/sources/update-a-source.md`: `PUT /v4/sources/{id}` takes
    // `destination_id`, "the ID of the destination you want to load data into".
    let app = seeded();
    let lake = with(
        &app,
        Method::POST,
        "/v4/destinations",
        json!({"type": "redshift", "ignore_unmapped_sources": true}),
    )
    .await
    .json()["id"]
        .as_u64()
        .expect("id");
    let path = format!("/v4/sources/{FIRST}");
    let moved = with(&app, Method::PUT, &path, json!({"destination_id": lake})).await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text());
    assert_eq!(moved.json()["id"], FIRST);
    let loads_into = |app: Router| async move {
        ok(&app, &format!("/v4/destinations?source_id={FIRST}")).await[0]["id"].as_u64()
    };
    assert_eq!(loads_into(app.clone()).await, Some(lake));
    // Anything but the id of one of the account's destinations is refused, and changes nothing.
    for bad in [json!(999), json!("x"), json!(null), json!(-1)] {
        let reply = with(&app, Method::PUT, &path, json!({"destination_id": bad})).await;
        let body = coded(&reply, "InvalidBody");
        assert!(
            body["data"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("destination_id")),
            "{body}"
        );
    }
    assert_eq!(loads_into(app.clone()).await, Some(lake));
    let back = with(
        &app,
        Method::PUT,
        &path,
        json!({"destination_id": DESTINATION}),
    )
    .await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.text());
    assert_eq!(loads_into(app).await, Some(DESTINATION));
}

#[tokio::test]
async fn source_and_destination_types_are_report_cards() {
    let app = seeded();
    let types = ok(&app, "/v4/source-types").await;
    assert_eq!(types.as_array().map(Vec::len), Some(6));
    let listed: Vec<&str> = types
        .as_array()
        .expect("types")
        .iter()
        .filter_map(|t| t["type"].as_str())
        .collect();
    assert_eq!(
        listed,
        [
            "platform.postgres",
            "platform.mysql",
            "platform.hubspot",
            "platform.shopify",
            "platform.closeio",
            "import_api",
        ]
    );
    let hubspot = ok(&app, "/v4/source-types/platform.hubspot").await;
    assert_eq!(hubspot["type"], "platform.hubspot");
    assert_eq!(hubspot["current_step"], 1);
    assert_eq!(hubspot["current_step_type"], "form");
    let form = &hubspot["steps"][0]["properties"];
    let token = form
        .as_array()
        .expect("properties")
        .iter()
        .find(|p| p["name"] == "refresh_token")
        .expect("refresh_token");
    assert_eq!(token["is_credential"], true);
    assert_eq!(token["provided"], false);
    error_object(
        &get(&app, "/v4/source-types/platform.nope").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );

    let destinations = ok(&app, "/v4/destination-types").await;
    assert_eq!(destinations.as_array().map(Vec::len), Some(4));
    assert_eq!(
        ok(&app, "/v4/destination-types/snowflake").await["type"],
        "snowflake"
    );
    error_object(
        &get(&app, "/v4/destination-types/nope").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[tokio::test]
async fn extractions_and_loads_page_by_100_with_relative_links() {
    let app = app(Config {
        stitch_sources: 150,
        ..config()
    });
    let first = ok(&app, &format!("/v4/{CLIENT}/extractions")).await;
    assert_eq!(first["page"], 1);
    assert_eq!(first["total"], 149, "the last source never ran");
    assert_eq!(first["data"].as_array().map(Vec::len), Some(100));
    assert_eq!(
        first["links"],
        json!({"next": format!("/v4/{CLIENT}/extractions?page=2")})
    );
    let ids: Vec<u64> = first["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|e| e["source_id"].as_u64())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "ascending source_id");
    let second = ok(&app, &format!("/v4/{CLIENT}/extractions?page=2")).await;
    assert_eq!(second["data"].as_array().map(Vec::len), Some(49));
    assert_eq!(
        second["links"],
        json!({"previous": format!("/v4/{CLIENT}/extractions?page=1")})
    );

    let loads = ok(&app, &format!("/v4/{CLIENT}/loads")).await;
    let total = loads["total"].as_u64().expect("total");
    assert!(total > 100, "{total}");
    assert!(loads["links"]["next"].is_string());
    let names: Vec<&str> = loads["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|l| l["stream_name"].as_str())
        .collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]), "by stream_name");
    let failed = loads["data"]
        .as_array()
        .expect("data")
        .iter()
        .chain(
            ok(&app, &format!("/v4/{CLIENT}/loads?page=2")).await["data"]
                .as_array()
                .expect("data"),
        )
        .filter(|l| l["error_state"].is_object())
        .count();
    assert!(failed > 0, "the failed source's load carries error_state");

    let small = seeded();
    let one_page = ok(&small, &format!("/v4/{CLIENT}/extractions")).await;
    assert_eq!(one_page["links"], json!({}));
    assert_eq!(one_page["total"], 6);
}

#[tokio::test(start_paused = true)]
async fn the_jobs_limit_answers_the_31st_request_in_10_minutes_with_429() {
    let app = seeded();
    let count = || {
        let app = app.clone();
        async move {
            send(&app, control(Method::GET, "/stitch/jobs", None))
                .await
                .json()
        }
    };
    assert_eq!(count().await["count"], 0);
    let job_name = extraction(&app, FIRST).await["job_name"]
        .as_str()
        .expect("job")
        .to_owned();
    for n in 1..30 {
        let path = match n % 3 {
            0 => format!("/v4/{CLIENT}/extractions"),
            1 => format!("/v4/{CLIENT}/loads"),
            _ => format!("/v4/{CLIENT}/extractions/{job_name}"),
        };
        let reply = get(&app, &path).await;
        assert!(
            reply.status == StatusCode::OK || reply.status == StatusCode::FOUND,
            "{n}: {}",
            reply.status
        );
    }
    // Another client id is refused and not counted; other routes are not counted.
    let other = get(&app, "/v4/1/extractions").await;
    error_object(&other, StatusCode::UNAUTHORIZED, "unauthorized");
    ok(&app, "/v4/sources").await;
    let counted = count().await;
    assert_eq!(counted["count"], 30);
    assert_eq!(counted["limit"], 30);
    assert_eq!(counted["window_seconds"], 600);
    assert!(counted["window_started_at"].is_string());
    assert_eq!(counted["refused"], 0);

    tokio::time::advance(Duration::from_secs(60)).await;
    let refused = get(&app, &format!("/v4/{CLIENT}/loads")).await;
    error_object(&refused, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    assert_eq!(refused.header("retry-after"), Some("540"));
    assert_eq!(
        refused.header("access-control-expose-headers"),
        Some("retry-after, location")
    );
    let after = count().await;
    assert_eq!(
        (after["count"].as_u64(), after["refused"].as_u64()),
        (Some(30), Some(1))
    );

    tokio::time::advance(Duration::from_secs(540)).await;
    assert_eq!(
        get(&app, &format!("/v4/{CLIENT}/loads")).await.status,
        StatusCode::OK
    );
    assert_eq!(count().await["count"], 1);

    assert_eq!(
        send(&app, control(Method::POST, "/reset", None))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let reset = count().await;
    assert_eq!(
        (reset["count"].as_u64(), reset["total"].as_u64()),
        (Some(0), Some(0))
    );
    get(&app, &format!("/v4/{CLIENT}/loads")).await;
    assert_eq!(
        send(&app, control(Method::DELETE, "/stitch/jobs", None))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(count().await["count"], 0);
}

#[tokio::test]
async fn extraction_logs_redirect_to_a_tokenless_download() {
    let app = seeded();
    let job_name = extraction(&app, FAILED).await["job_name"]
        .as_str()
        .expect("job")
        .to_owned();
    let redirect = get(&app, &format!("/v4/{CLIENT}/extractions/{job_name}")).await;
    assert_eq!(redirect.status, StatusCode::FOUND);
    let location = redirect.header("location").expect("Location").to_owned();
    let prefix = format!("http://{HOST}/stitch/logs/{job_name}");
    assert!(location.starts_with(&prefix), "{location}");
    let download = call(
        &app,
        None,
        Method::GET,
        &location[format!("http://{HOST}/stitch").len()..],
        None,
    )
    .await;
    assert_eq!(download.status, StatusCode::OK);
    assert!(download.text().contains(&job_name));
    assert!(
        download
            .text()
            .contains("ERROR tap phase exited with status 1")
    );
    assert_eq!(
        download.header("access-control-allow-origin"),
        Some(OTHER_ORIGIN)
    );
    error_object(
        &get(&app, &format!("/v4/{CLIENT}/extractions/nope")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert_eq!(
        call(&app, None, Method::GET, "/logs/nope", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn only_the_stitch_token_opens_stitch_and_it_opens_nothing_else() {
    let app = seeded();
    for token in [None, Some("wrong"), Some(TOKEN), Some(DEFAULT_PAT_TOKEN)] {
        let reply = call(&app, token, Method::GET, "/v4/sources", None).await;
        error_object(&reply, StatusCode::UNAUTHORIZED, "unauthorized");
        assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some(OTHER_ORIGIN)
        );
    }
    let census = send(
        &app,
        common::api_request(STITCH, Method::GET, "/sources")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    census.expect_error(StatusCode::UNAUTHORIZED, "error");
    let census_ok = common::get_with(&app, TOKEN, "/sources").await;
    assert_eq!(census_ok.status, StatusCode::OK);

    error_object(
        &get(&app, "/v4/nothing/here/at/all").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    error_object(
        &bodiless(&app, Method::PATCH, "/v4/sources").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );

    let preflight = send(
        &app,
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/stitch/v4/sources/1")
            .header(header::ORIGIN, OTHER_ORIGIN)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(preflight.status, StatusCode::NO_CONTENT);
    assert!(
        preflight
            .header("access-control-allow-methods")
            .is_some_and(|m| m.contains("PUT"))
    );
}

#[tokio::test]
async fn fault_rules_the_attempt_log_and_reset_reach_the_stitch_routes() {
    let app = seeded();
    let rule = json!({"route": "GET /stitch/v4/sources", "fault": "503", "times": 1});
    assert_eq!(
        send(&app, control(Method::POST, "/faults", Some(&rule)))
            .await
            .status,
        StatusCode::CREATED
    );
    let faulted = get(&app, "/v4/sources/").await;
    assert_eq!(faulted.status, StatusCode::SERVICE_UNAVAILABLE);
    // Faults on the Stitch routes answer in Stitch's error shape, as the real API would.
    assert_eq!(
        faulted.json(),
        json!({"error": {"type": "service_unavailable", "message": "Service Unavailable"}})
    );
    assert_eq!(get(&app, "/v4/sources").await.status, StatusCode::OK);
    let census_rule = json!({"route": "GET /sources", "fault": "500"});
    send(&app, control(Method::POST, "/faults", Some(&census_rule))).await;
    assert_eq!(
        get(&app, "/v4/sources").await.status,
        StatusCode::OK,
        "a Census rule misses Stitch"
    );
    send(&app, control(Method::DELETE, "/faults", None)).await;
    let by_header = send(
        &app,
        Request::builder()
            .uri("/stitch/v4/destinations")
            .header(header::AUTHORIZATION, format!("Bearer {STITCH}"))
            .header(census_local::FAULT_HEADER, "rate_limit:3")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(by_header.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(by_header.json()["error"]["type"], "rate_limited");
    assert_eq!(by_header.headers[header::RETRY_AFTER], "3");

    let attempts = send(&app, control(Method::GET, "/attempts", None))
        .await
        .json();
    assert_eq!(attempts["counts"]["GET /stitch/v4/sources"], 2);

    with(
        &app,
        Method::PUT,
        &format!("/v4/sources/{FIRST}"),
        json!({"paused_at": "2026-03-01T00:00:00Z"}),
    )
    .await;
    with(
        &app,
        Method::POST,
        "/v4/sources",
        json!({"display_name": "New", "type": "platform.hubspot"}),
    )
    .await;
    bodiless(
        &app,
        Method::DELETE,
        &format!("/v4/destinations/{DESTINATION}"),
    )
    .await;
    assert_eq!(
        send(&app, control(Method::POST, "/reset", None))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let list = ok(&app, "/v4/sources").await;
    assert_eq!(list.as_array().map(Vec::len), Some(7));
    assert!(source_in(&list, FIRST)["paused_at"].is_null());
    assert_eq!(
        ok(&app, "/v4/destinations").await.as_array().map(Vec::len),
        Some(1)
    );
}

/// Creates an Import API source named `display_name`; returns its id.
async fn import_source(app: &Router, display_name: &str) -> u64 {
    let created = with(
        app,
        Method::POST,
        "/v4/sources",
        json!({"type": "import_api", "display_name": display_name}),
    )
    .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text());
    created.json()["id"].as_u64().expect("id")
}

/// `POST /v4/sources/{source}/tokens`.
async fn new_token(app: &Router, source: u64) -> Reply {
    bodiless(app, Method::POST, &format!("/v4/sources/{source}/tokens")).await
}

/// Asserts a new token answer `{"id", "access_token"}`; returns both.
fn issued(reply: &Reply) -> (u64, String) {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    assert_eq!(
        body.as_object().map(|o| o.len()),
        Some(2),
        "only id and access_token: {body}"
    );
    let secret = body["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned();
    assert!(
        secret.len() >= 32 && secret.chars().all(|c| c.is_ascii_alphanumeric()),
        "{secret}"
    );
    (body["id"].as_u64().expect("an integer id"), secret)
}

/// Whether `text` is an ISO 8601 timestamp to the second, UTC (`2026-01-01T00:00:00Z`).
fn iso_seconds(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

#[tokio::test]
async fn an_import_api_source_is_fully_configured_at_once_and_never_replicated() {
    let app = seeded();
    let card = ok(&app, "/v4/source-types/import_api").await;
    assert_eq!(
        card,
        json!({
            "type": "import_api",
            "current_step": 1,
            "current_step_type": "form",
            "steps": [
                {"type": "form", "properties": []},
                {"type": "fully_configured", "properties": []},
            ],
        })
    );

    // The seed is untouched: the same seven sources, types and order.
    let seeded_types: Vec<String> = ok(&app, "/v4/sources")
        .await
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| format!("{} {}", s["id"], s["type"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(
        seeded_types,
        [
            "120643 platform.postgres",
            "120644 platform.mysql",
            "120645 platform.hubspot",
            "120646 platform.shopify",
            "120647 platform.closeio",
            "120648 platform.postgres",
            "120649 platform.mysql",
        ]
    );

    let created = with(
        &app,
        Method::POST,
        "/v4/sources",
        json!({"type": "import_api", "display_name": "Import API tokens example"}),
    )
    .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text());
    let source = created.json();
    let id = source["id"].as_u64().expect("id");
    assert!(id > FRESH);
    assert_eq!(source["type"], "import_api");
    assert_eq!(source["name"], "import_api_tokens_example");
    assert_eq!(source["properties"], json!({}));
    assert_eq!(source["report_card"]["type"], "import_api");
    assert_eq!(source["report_card"]["current_step"], 2);
    assert_eq!(
        source["report_card"]["current_step_type"],
        "fully_configured"
    );
    assert_eq!(source["report_card"]["steps"], card["steps"]);
    assert_eq!(
        source_in(&ok(&app, "/v4/sources").await, id)["type"],
        "import_api"
    );
    assert_eq!(
        ok(&app, &format!("/v4/sources/{id}/streams")).await,
        json!([])
    );
    error_object(
        &get(&app, &format!("/v4/sources/{id}/last-connection-check")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let bad = coded(
        &with(
            &app,
            Method::POST,
            "/v4/sources",
            json!({"type": "import_api", "display_name": "Other", "properties": {"host": "h"}}),
        )
        .await,
        "InvalidProperties",
    );
    assert_eq!(bad["data"]["bad_properties"], json!(["host"]));

    let sync = bodiless(&app, Method::POST, &format!("/v4/sources/{id}/sync")).await;
    let message = error_object(&sync, StatusCode::BAD_REQUEST, "invalid_source");
    assert!(message.contains("Import API"), "{message}");
    assert!(extraction(&app, id).await.is_null(), "no job was started");
}

#[tokio::test]
async fn import_api_access_tokens_rotate_two_at_a_time() {
    let app = seeded();
    let source = import_source(&app, "Customer Records").await;
    let tokens = format!("/v4/sources/{source}/tokens");

    let (first, first_secret) = issued(&new_token(&app, source).await);
    assert_eq!(first, FIRST_TOKEN);
    let (second, second_secret) = issued(&new_token(&app, source).await);
    assert_eq!(second, FIRST_TOKEN + 1, "token ids count up");
    assert_ne!(first_secret, second_secret);

    let third = new_token(&app, source).await;
    assert_eq!(
        error_object(&third, StatusCode::BAD_REQUEST, "token_limit"),
        TOKEN_LIMIT
    );

    let listed = get(&app, &tokens).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(
        !listed.text().contains(&first_secret) && !listed.text().contains(&second_secret),
        "a secret is shown once, when made"
    );
    let listed = listed.json();
    let entries = listed.as_array().expect("an array");
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["token_id"], second, "newest first");
    assert_eq!(entries[1]["token_id"], first);
    for entry in entries {
        assert_eq!(entry.as_object().map(|o| o.len()), Some(2), "{entry}");
        let at = entry["created_at"].as_str().expect("created_at");
        assert!(iso_seconds(at), "{at}");
    }
    assert_eq!(
        ok(&app, &format!("{tokens}?legacy=1")).await,
        json!([second, first])
    );
    assert_eq!(
        ok(&app, &format!("{tokens}?legacy=0")).await,
        listed,
        "only legacy=1 switches"
    );

    // Revoke the original: the answer is the Source object, its updated_at bumped.
    let before = ok(&app, &format!("/v4/sources/{source}")).await;
    let revoked = bodiless(&app, Method::DELETE, &format!("{tokens}/{first}")).await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.text());
    let after = revoked.json();
    assert_eq!(after["id"], source);
    assert_eq!(after["type"], "import_api");
    assert!(after["deleted_at"].is_null());
    assert!(
        after["updated_at"].as_str() >= before["updated_at"].as_str(),
        "{after}"
    );
    assert_eq!(
        ok(&app, &format!("/v4/sources/{source}")).await["updated_at"],
        after["updated_at"]
    );
    assert_eq!(
        ok(&app, &format!("{tokens}?legacy=1")).await,
        json!([second])
    );

    // Room for one more; the id goes on counting.
    let (third, _) = issued(&new_token(&app, source).await);
    assert_eq!(third, FIRST_TOKEN + 2);
    assert_eq!(
        ok(&app, &format!("{tokens}?legacy=1")).await,
        json!([third, second])
    );
    error_object(
        &new_token(&app, source).await,
        StatusCode::BAD_REQUEST,
        "token_limit",
    );

    // Unknown tokens: revoked, never made, not a number, or another source's.
    let other = import_source(&app, "Other Records").await;
    let (others, _) = issued(&new_token(&app, other).await);
    for token in [
        first.to_string(),
        "999".to_owned(),
        "abc".to_owned(),
        others.to_string(),
    ] {
        let reply = bodiless(&app, Method::DELETE, &format!("{tokens}/{token}")).await;
        error_object(&reply, StatusCode::NOT_FOUND, "not_found");
    }
    assert_eq!(
        ok(&app, &format!("/v4/sources/{other}/tokens?legacy=1")).await,
        json!([others]),
        "one source's tokens are its own"
    );

    // A source of another type has no tokens.
    for (method, path) in [
        (Method::POST, format!("/v4/sources/{FIRST}/tokens")),
        (Method::GET, format!("/v4/sources/{FIRST}/tokens")),
        (
            Method::DELETE,
            format!("/v4/sources/{FIRST}/tokens/{second}"),
        ),
    ] {
        let reply = bodiless(&app, method, &path).await;
        let message = error_object(&reply, StatusCode::BAD_REQUEST, "invalid_source");
        assert!(message.contains("Import API"), "{message}");
    }
    // Unknown and deleted sources are 404s.
    for id in ["999", "abc", &DELETED.to_string()] {
        for (method, path) in [
            (Method::POST, format!("/v4/sources/{id}/tokens")),
            (Method::GET, format!("/v4/sources/{id}/tokens")),
            (Method::DELETE, format!("/v4/sources/{id}/tokens/{second}")),
        ] {
            let reply = bodiless(&app, method, &path).await;
            error_object(&reply, StatusCode::NOT_FOUND, "not_found");
        }
    }

    // A deleted source's tokens are out of reach.
    assert_eq!(
        bodiless(&app, Method::DELETE, &format!("/v4/sources/{other}"))
            .await
            .status,
        StatusCode::OK
    );
    error_object(
        &get(&app, &format!("/v4/sources/{other}/tokens")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );

    // The token routes are not under the jobs limit, and take only the Stitch token.
    let jobs = send(&app, control(Method::GET, "/stitch/jobs", None))
        .await
        .json();
    assert_eq!(jobs["count"], 0);
    for token in [None, Some(TOKEN)] {
        let reply = call(&app, token, Method::POST, &tokens, None).await;
        error_object(&reply, StatusCode::UNAUTHORIZED, "unauthorized");
    }
}

#[tokio::test]
async fn token_routes_share_cors_faults_the_attempt_log_and_reset() {
    let app = seeded();
    let source = import_source(&app, "Pushed").await;
    let tokens = format!("/v4/sources/{source}/tokens");

    let preflight = send(
        &app,
        Request::builder()
            .method(Method::OPTIONS)
            .uri(format!("/stitch{tokens}/{FIRST_TOKEN}"))
            .header(header::ORIGIN, OTHER_ORIGIN)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "DELETE")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(preflight.status, StatusCode::NO_CONTENT);
    assert!(
        preflight
            .header("access-control-allow-methods")
            .is_some_and(|m| m.contains("DELETE"))
    );

    let rule = json!({"route": "POST /stitch/v4/sources/*/tokens", "fault": "503", "times": 1});
    assert_eq!(
        send(&app, control(Method::POST, "/faults", Some(&rule)))
            .await
            .status,
        StatusCode::CREATED
    );
    let faulted = new_token(&app, source).await;
    assert_eq!(faulted.status, StatusCode::SERVICE_UNAVAILABLE);
    let (id, _) = issued(&new_token(&app, source).await);
    assert_eq!(id, FIRST_TOKEN, "the faulted request made no token");
    let made = new_token(&app, source).await;
    assert_eq!(
        made.header("access-control-allow-origin"),
        Some(OTHER_ORIGIN)
    );
    issued(&made);
    let attempts = send(&app, control(Method::GET, "/attempts", None))
        .await
        .json();
    assert_eq!(
        attempts["counts"][format!("POST /stitch{tokens}")],
        3,
        "{attempts}"
    );

    assert_eq!(
        send(&app, control(Method::POST, "/reset", None))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    // The created source is gone, and the token ids start again.
    assert_eq!(
        ok(&app, "/v4/sources").await.as_array().map(Vec::len),
        Some(7)
    );
    error_object(
        &get(&app, &tokens).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let again = import_source(&app, "Pushed").await;
    assert_eq!(again, source, "source ids start again too");
    assert_eq!(
        ok(&app, &tokens).await,
        json!([]),
        "no token survives a reset"
    );
    let (id, _) = issued(&new_token(&app, again).await);
    assert_eq!(id, FIRST_TOKEN);
}

/// Every answer of the stand-in reads as the client's own models (census-core's
/// `stitch_models`, the same descriptions its scanner checks answers against): the stand-in and
/// the client cannot drift apart.
#[tokio::test]
async fn every_answer_reads_as_the_clients_models() {
    use census_core::stitch_models::{
        StitchConnectionCheck, StitchDestination, StitchExtraction, StitchLoad, StitchReportCard,
        StitchSource, StitchStream, StitchStreamSchema,
    };
    fn read<T: serde::de::DeserializeOwned>(value: Value, what: &str) -> T {
        serde_json::from_value(value).unwrap_or_else(|err| panic!("{what}: {err}"))
    }
    let app = seeded();
    let sources: Vec<StitchSource> = read(ok(&app, "/v4/sources").await, "sources");
    assert_eq!(sources.len(), 7);
    assert!(sources.iter().any(|s| s.paused_at.is_some()));
    assert!(sources.iter().any(|s| s.deleted_at.is_some()));
    let _: StitchSource = read(ok(&app, &format!("/v4/sources/{FIRST}")).await, "source");
    let _: StitchConnectionCheck = read(
        ok(&app, &format!("/v4/sources/{FIRST}/last-connection-check")).await,
        "check",
    );
    let streams: Vec<StitchStream> = read(
        ok(&app, &format!("/v4/sources/{FIRST}/streams")).await,
        "streams",
    );
    let schema: StitchStreamSchema = read(
        ok(
            &app,
            &format!("/v4/sources/{FIRST}/streams/{}", streams[0].stream_id),
        )
        .await,
        "stream",
    );
    assert!(
        schema
            .metadata
            .is_some_and(|m| m.iter().any(|e| e.breadcrumb.is_empty()))
    );
    let _: Vec<StitchReportCard> = read(ok(&app, "/v4/source-types").await, "types");
    let _: Vec<StitchReportCard> =
        read(ok(&app, "/v4/destination-types").await, "destination types");
    let destinations: Vec<StitchDestination> =
        read(ok(&app, "/v4/destinations").await, "destinations");
    assert_eq!(destinations[0].id, DESTINATION);
    let page = ok(&app, &format!("/v4/{CLIENT}/extractions")).await;
    let _: Vec<StitchExtraction> = read(page["data"].clone(), "extractions");
    let page = ok(&app, &format!("/v4/{CLIENT}/loads")).await;
    let loads: Vec<StitchLoad> = read(page["data"].clone(), "loads");
    assert!(!loads.is_empty());

    // An Import API source and its report card; its token answers (read as JSON here: the
    // client's token models live in census-core).
    let import: StitchSource = read(
        with(
            &app,
            Method::POST,
            "/v4/sources",
            json!({"type": "import_api", "display_name": "Pushed"}),
        )
        .await
        .json(),
        "import source",
    );
    assert_eq!(import.source_type.as_deref(), Some("import_api"));
    let card = import.report_card.expect("report_card");
    assert_eq!(
        (card.current_step, card.current_step_type.as_deref()),
        (Some(2), Some("fully_configured"))
    );
    let _: StitchReportCard = read(ok(&app, "/v4/source-types/import_api").await, "import type");
    let token = new_token(&app, import.id).await.json();
    assert!(token["id"].is_u64() && token["access_token"].is_string());
    let list = ok(&app, &format!("/v4/sources/{}/tokens", import.id)).await;
    assert!(list[0]["token_id"].is_u64() && list[0]["created_at"].is_string());
    let legacy = ok(&app, &format!("/v4/sources/{}/tokens?legacy=1", import.id)).await;
    assert!(legacy[0].is_u64());
    let _: StitchSource = read(
        bodiless(
            &app,
            Method::DELETE,
            &format!("/v4/sources/{}/tokens/{}", import.id, token["id"]),
        )
        .await
        .json(),
        "revoked token's source",
    );
}
