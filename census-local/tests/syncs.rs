//! Syncs and their runs: paging, the seeded syncs as documented, creation (and `validate_only`),
//! 422s naming the field path, top-level patches that replace nested objects whole, delete,
//! the trigger and its `force_full_sync` query flag, and runs going queued, working, then
//! completed, failed or skipped as the clock is driven (tokio's paused clock, no sleeps). Also
//! that auth, CORS, faults, mutation rules and reset reach these routes. Driven in-process
//! through `app(config).oneshot(request)`; answers are read through the client's wire models.

mod common;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use census_core::models::Page;
use census_core::syncs::{Sync, SyncId, SyncOperation, SyncRun, SyncRunId, SyncRunStatus};
use census_local::{Config, FAULT_HEADER, NOT_FOUND_SHAPE_HEADER, NotFoundShape, app};
use common::*;
use serde_json::{Value, json};

/// The run time the tests give a triggered run.
const RUN: Duration = Duration::from_millis(1000);

fn seeded(seed: usize) -> Router {
    app(Config {
        seed,
        run: RUN,
        ..base_config()
    })
}

async fn sync(app: &Router, id: u64) -> Sync {
    serde_json::from_value(ok(app, &format!("/syncs/{id}")).await["data"].clone())
        .expect("a Sync the client reads")
}

async fn run(app: &Router, id: u64) -> SyncRun {
    serde_json::from_value(ok(app, &format!("/sync_runs/{id}")).await["data"].clone())
        .expect("a SyncRun the client reads")
}

async fn total(app: &Router, path: &str) -> u64 {
    ok(app, path).await["pagination"]["total_records"]
        .as_u64()
        .expect("total")
}

/// Triggers sync `id` with `query` (`?force_full_sync=…` or empty); the new run's id.
async fn trigger(app: &Router, id: u64, query: &str) -> u64 {
    let reply = empty(app, Method::POST, &format!("/syncs/{id}/trigger{query}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["status"], "success");
    let data: SyncRunId = serde_json::from_value(body["data"].clone()).expect("sync_run_id");
    data.sync_run_id
}

/// A valid body for a Braze `user` upsert reading what seeded sync 52 reads.
async fn valid_body(app: &Router) -> Value {
    let seeded = sync(app, 52).await;
    let source = seeded.source_attributes.expect("source");
    let key_column = seeded
        .mappings
        .expect("mappings")
        .into_iter()
        .find(|m| m.is_primary_identifier == Some(true))
        .expect("a primary identifier")
        .from
        .0;
    json!({
        "label": "Braze users (copy)",
        "operation": "upsert",
        "source_attributes": {
            "connection_id": source.connection_id,
            "data_source": {"id": source.data_source.expect("data source")["id"]},
        },
        "destination_attributes": {"connection_id": 15, "object": "user"},
        "mappings": [
            {"from": key_column, "to": "external_id", "is_primary_identifier": true},
            {"from": {"value": "Ada", "type": "text"}, "to": "first_name"},
        ],
        "schedule_frequency": "daily",
        "schedule_hour": 4,
        "schedule_minute": 5,
    })
}

/// Posts `body` to `/syncs` with `validate_only`: Census checks it and answers only
/// `{"status": "success"}`.
async fn validated(app: &Router, body: &Value) {
    let check = with(body, "/validate_only", json!(true));
    let reply = with_json(app, Method::POST, "/syncs", &check).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(
        reply.json(),
        json!({"status": "success"}),
        "{}",
        reply.text()
    );
}

/// `body` with `pointer` (a JSON pointer) set to `value`, or removed when `value` is null.
fn with(body: &Value, pointer: &str, value: Value) -> Value {
    let mut body = body.clone();
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    let target = body.pointer_mut(parent).expect("the parent exists");
    match target {
        Value::Object(object) if value.is_null() => {
            object.remove(key);
        }
        Value::Object(object) => {
            object.insert(key.to_owned(), value);
        }
        Value::Array(items) => {
            let index: usize = key.parse().expect("an index");
            if index < items.len() {
                items[index] = value;
            } else {
                items.push(value);
            }
        }
        _ => panic!("{pointer} is not in an object or array"),
    }
    body
}

// ---------------------------------------------------------------- reading syncs

#[tokio::test]
async fn syncs_page_by_creation_and_read_as_core_models() {
    let app = seeded(36);
    let body = ok(&app, "/syncs?order=asc").await;
    let all: Page<Sync> = serde_json::from_value(body.clone()).expect("a Page<Sync>");
    let ids: Vec<u64> = all.data.iter().map(|s| s.id).collect();
    assert_eq!(ids, [52, 53, 55, 58, 60, 61, 63, 64, 66]);
    let body = ok(&app, "/syncs?per_page=4&page=3").await;
    assert_eq!(
        body["pagination"],
        json!({"total_records": 9, "per_page": 4, "prev_page": 2, "page": 3, "next_page": null, "last_page": 3})
    );
    let last: Page<Sync> = serde_json::from_value(body).expect("page");
    assert_eq!(last.data.iter().map(|s| s.id).collect::<Vec<_>>(), [52]);
    let statuses: Vec<(u64, String)> = all
        .data
        .iter()
        .map(|s| (s.id, s.status.clone().expect("status")))
        .collect();
    assert!(statuses.contains(&(58, "Failing".into())), "{statuses:?}");
    assert!(statuses.contains(&(63, "Ready".into())), "{statuses:?}");
    assert!(
        statuses.contains(&(52, "Up to date".into())),
        "{statuses:?}"
    );
    for (path, word) in [("/syncs/999", "not_found"), ("/syncs/x", "not_found")] {
        get(&app, path)
            .await
            .expect_error(StatusCode::NOT_FOUND, word);
    }
}

#[tokio::test]
async fn the_seeded_syncs_read_as_documented() {
    let app = seeded(36);
    let hourly = ok(&app, "/syncs/52").await["data"].clone();
    assert_eq!(hourly["schedule_frequency"], "hourly");
    assert_eq!(hourly["schedule_minute"], 15);
    assert_eq!(hourly["schedule_day"], Value::Null);
    assert!(hourly.get("mode").is_none());
    assert_eq!(hourly["source_attributes"]["data_source"]["type"], "model");
    assert!(hourly["source_attributes"]["data_source"]["query"].is_string());
    assert_eq!(
        hourly["destination_attributes"],
        json!({"connection_id": 15, "object": "user"})
    );
    let mappings = hourly["mappings"].as_array().expect("mappings");
    assert!(mappings[0]["from"].is_string(), "a column name");
    assert!(
        mappings
            .iter()
            .any(|m| m["from"] == json!({"value": "opted_in", "basic_type": "text"})),
        "a constant, in the read form of document 003"
    );

    let triggered = sync(&app, 53).await;
    assert_eq!(triggered.schedule_frequency, None);
    let mode = triggered.mode.expect("mode");
    assert_eq!(mode["type"], "triggered");
    assert_eq!(mode["triggers"]["sync_sequence"]["sync_id"], 52);

    let cron = sync(&app, 63).await;
    assert_eq!(cron.schedule_frequency.as_deref(), Some("expression"));
    assert_eq!(cron.cron_expression.as_deref(), Some("0 8 * * 1"));
    assert_eq!(
        cron.schedule_day,
        Some(json!("Monday")),
        "echoed from the cron"
    );
    assert_eq!(
        (cron.schedule_hour, cron.schedule_minute),
        (Some(8), Some(0))
    );
    assert_eq!(cron.operation, SyncOperation::Mirror);
    assert!(
        cron.mappings
            .expect("mappings")
            .iter()
            .all(|m| m.is_primary_identifier == Some(false)),
        "a sheet takes no primary identifier"
    );

    let leads = sync(&app, 58).await;
    let to_users = leads
        .mappings
        .expect("mappings")
        .into_iter()
        .find(|m| m.to == "custom_field:Users")
        .expect("the array field");
    assert_eq!(
        to_users.from.0["type"], "column",
        "today's {{type, data}} form"
    );
    let paused = sync(&app, 66).await;
    assert_eq!(paused.paused, Some(true));
    assert_eq!(
        paused
            .destination_attributes
            .and_then(|d| d.object)
            .as_deref(),
        Some("données/été 50%?#1.csv")
    );
    let sheet_source = sync(&app, 61).await.source_attributes.expect("source");
    assert_eq!(
        sheet_source.data_source.expect("data source")["type"],
        "table"
    );
}

// ---------------------------------------------------------------- creating syncs

#[tokio::test]
async fn a_created_sync_answers_its_id_and_reads_back() {
    let app = seeded(36);
    let body = valid_body(&app).await;
    let reply = with_json(&app, Method::POST, "/syncs", &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let answer = reply.json();
    assert_eq!(answer["status"], "created");
    let id: SyncId = serde_json::from_value(answer["data"].clone()).expect("{sync_id}");
    assert_eq!(id.sync_id, 67, "after the seeded ids");

    let created = sync(&app, 67).await;
    assert_eq!(created.label.as_deref(), Some("Braze users (copy)"));
    assert_eq!(created.status.as_deref(), Some("Ready"));
    assert_eq!(created.paused, Some(false));
    assert_eq!(created.schedule_frequency.as_deref(), Some("daily"));
    assert_eq!(
        (created.schedule_hour, created.schedule_minute),
        (Some(4), Some(5))
    );
    assert_eq!(
        created.field_behavior.as_deref(),
        Some("specific_properties")
    );
    assert_eq!(created.created_at, created.updated_at);
    let source = created.source_attributes.expect("source");
    let data_source = source.data_source.expect("described");
    assert_eq!(
        data_source["id"],
        body["source_attributes"]["data_source"]["id"]
    );
    assert!(
        data_source.contains_key("type"),
        "described whole: {data_source:?}"
    );
    let mappings = created.mappings.expect("mappings");
    assert_eq!(
        mappings[1].from.0,
        json!({"value": "Ada", "basic_type": "text"})
    );
    assert_eq!(mappings[1].is_primary_identifier, Some(false));
    assert_eq!(total(&app, "/syncs").await, 10);
    let newest: Page<Sync> =
        serde_json::from_value(ok(&app, "/syncs?per_page=1").await).expect("page");
    assert_eq!(newest.data[0].id, 67, "newest first");
    assert_eq!(total(&app, "/syncs/67/sync_runs").await, 0);

    // The other ways to name a data source, and today's mapping form.
    let model = sync(&app, 52).await.source_attributes.expect("source");
    let model_name = model.data_source.expect("model")["name"].clone();
    let by_name = with(
        &with(
            &body,
            "/source_attributes/data_source",
            json!({"type": "model", "name": model_name}),
        ),
        "/mappings/1",
        json!({"from": {"type": "constant_value", "data": {"value": "Ada", "basic_type": "text"}},
               "to": "first_name"}),
    );
    let reply = with_json(&app, Method::POST, "/syncs", &by_name).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let table = sync(&app, 64).await.source_attributes.expect("source");
    let table = table.data_source.expect("table");
    let columns = ok(
        &app,
        &format!(
            "/sources/{}/tables/{}",
            sync(&app, 64)
                .await
                .source_attributes
                .and_then(|s| s.connection_id)
                .expect("id"),
            table["id"]
        ),
    )
    .await;
    let first_column = columns["data"]["columns"][0]["name"].clone();
    let by_table = json!({
        "operation": "mirror",
        "source_attributes": {
            "connection_id": sync(&app, 64).await.source_attributes.and_then(|s| s.connection_id),
            "data_source": {"type": "table", "table_name": table["table_name"],
                            "table_schema": table["table_schema"], "table_catalog": table["table_catalog"]},
        },
        "destination_attributes": {"connection_id": 18, "object": "reports/q1 summary: v1.2.json"},
        "mappings": [
            {"from": {"type": "column", "data": first_column}, "to": "report_id", "is_primary_identifier": true},
            {"from": {"type": "sync_metadata", "data": "sync_run_id"}, "to": "metric"},
            {"from": {"value": 1.5, "type": "number"}, "to": "value"},
            {"from": {"value": "2024-01-01", "type": "datetime"}, "to": "period.start"},
            {"from": {"value": true, "type": "boolean"}, "to": "flag", "generate_field": true},
        ],
        "mode": {"type": "triggered", "triggers": {"fivetran": {"job_id": "abc", "job_name": "daily"}}},
    });
    let reply = with_json(&app, Method::POST, "/syncs", &by_table).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    assert_eq!(total(&app, "/syncs").await, 12);
}

#[tokio::test]
async fn what_a_sync_reads_can_be_given_as_todays_object_and_reads_back_so() {
    let app = seeded(36);
    let body = valid_body(&app).await;
    let id = body["source_attributes"]["data_source"]["id"].clone();
    let seeded = sync(&app, 52).await.source_attributes.expect("source");
    let kind = seeded.data_source.expect("data source")["type"].clone();
    let today = with(
        &with(&body, "/source_attributes/data_source", Value::Null),
        "/source_attributes/object",
        json!({"type": kind, "id": id}),
    );
    let reply = with_json(&app, Method::POST, "/syncs", &today).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let created: SyncId = serde_json::from_value(reply.json()["data"].clone()).expect("{sync_id}");
    let source = sync(&app, created.sync_id)
        .await
        .source_attributes
        .expect("source");
    assert!(source.data_source.is_none(), "shown in the form given");
    let object = source.object.expect("object");
    assert_eq!((object["type"].clone(), object["id"].clone()), (kind, id));
    // Both forms at once, or neither, are 422s naming where.
    let both = with(&today, "/source_attributes/data_source", json!({"id": 1}));
    let reply = with_json(&app, Method::POST, "/syncs", &both).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.text().contains("source_attributes.object"),
        "{}",
        reply.text()
    );
    let neither = with(&today, "/source_attributes/object", Value::Null);
    let reply = with_json(&app, Method::POST, "/syncs", &neither).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.text().contains("source_attributes.data_source"),
        "{}",
        reply.text()
    );
}

#[tokio::test]
async fn validate_only_checks_and_creates_nothing() {
    let app = seeded(36);
    let body = with(&valid_body(&app).await, "/validate_only", json!(true));
    let reply = with_json(&app, Method::POST, "/syncs", &body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json(), json!({"status": "success"}));
    assert_eq!(total(&app, "/syncs").await, 9);
    let bad = with(&body, "/operation", json!("merge"));
    let message = with_json(&app, Method::POST, "/syncs", &bad)
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
    assert!(message.starts_with("operation: "), "{message}");
    let not_bool = with(&body, "/validate_only", json!("yes"));
    let message = with_json(&app, Method::POST, "/syncs", &not_bool)
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
    assert!(message.starts_with("validate_only: "), "{message}");
    // The id a real creation takes was not used up.
    let created = with_json(
        &app,
        Method::POST,
        "/syncs",
        &with(&body, "/validate_only", json!(false)),
    )
    .await;
    assert_eq!(created.json()["data"]["sync_id"], 67);
}

#[tokio::test]
async fn members_without_a_model_are_kept_as_given_and_a_patch_replaces_them() {
    let app = seeded(36);
    let kept = json!({
        "alert_attributes": [
            {"type": "FailureAlertConfiguration", "send_for": "first_time", "should_recover": true},
            {"type": "InvalidRecordPercentAlertConfiguration", "threshold": 75},
        ],
        "high_water_mark_attributes": {"column": "updated_at", "lookback": {"hours": 2}},
        "mirror_strategy": "sync_updates_and_deletes",
        "field_order": "mapping_order",
    });
    let mut body = valid_body(&app).await;
    for (key, value) in kept.as_object().expect("object") {
        body = with(&body, &format!("/{key}"), value.clone());
    }
    let shown = |sync: &Value| {
        json!({
            "alert_attributes": sync["alert_attributes"],
            "high_water_mark_attributes": sync["high_water_mark_attributes"],
            "mirror_strategy": sync["mirror_strategy"],
            "field_order": sync["field_order"],
        })
    };

    // Checked only: nothing stored.
    validated(&app, &body).await;
    let reply = with_json(&app, Method::POST, "/syncs", &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    assert_eq!(reply.json()["data"]["sync_id"], 67);

    // Read back as given, the alerts numbered (the check above took no ids), one sync and in
    // the list, in a shape the client reads.
    let read = ok(&app, "/syncs/67").await["data"].clone();
    let mut stored_kept = kept.clone();
    stored_kept["alert_attributes"][0]["id"] = json!(1);
    stored_kept["alert_attributes"][1]["id"] = json!(2);
    assert_eq!(shown(&read), stored_kept);
    let kept = stored_kept;
    let listed = ok(&app, "/syncs?per_page=1").await["data"][0].clone();
    assert_eq!(listed, read);
    assert_eq!(sync(&app, 67).await.id, 67);

    // A patch that only validates changes nothing.
    let reply = with_json(
        &app,
        Method::PATCH,
        "/syncs/67",
        &json!({"mirror_strategy": "upload_and_swap", "validate_only": true}),
    )
    .await;
    assert_eq!(
        reply.json(),
        json!({"status": "success"}),
        "{}",
        reply.text()
    );
    assert_eq!(shown(&ok(&app, "/syncs/67").await["data"]), kept);

    // A patch replaces a member whole, null removes one, the others stay.
    let reply = with_json(
        &app,
        Method::PATCH,
        "/syncs/67",
        &json!({"alert_attributes": [{"type": "FailureAlertConfiguration"}],
                "high_water_mark_attributes": null}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let patched = reply.json()["data"].clone();
    assert_eq!(
        patched["alert_attributes"],
        json!([{"type": "FailureAlertConfiguration", "id": 3}])
    );
    assert!(
        patched.get("high_water_mark_attributes").is_none(),
        "{patched}"
    );
    assert_eq!(patched["mirror_strategy"], kept["mirror_strategy"]);
    assert_eq!(patched["field_order"], kept["field_order"]);
    assert_eq!(ok(&app, "/syncs/67").await["data"], patched);

    // A patch of another member keeps them; a sync read back may be sent whole.
    let reply = with_json(&app, Method::PATCH, "/syncs/67", &json!({"label": "x"})).await;
    assert_eq!(shown(&reply.json()["data"]), shown(&patched));
    let whole = ok(&app, "/syncs/67").await["data"].clone();
    let reply = with_json(&app, Method::PATCH, "/syncs/67", &whole).await;
    assert_eq!(shown(&reply.json()["data"]), shown(&whole));
    let stored = ok(&app, "/syncs/67").await["data"].clone();

    // Each is checked for the form the client's input types it with, on create and on patch.
    for (key, value, prefix) in [
        (
            "alert_attributes",
            json!({"type": "FailureAlertConfiguration"}),
            "alert_attributes: must be an array of objects",
        ),
        (
            "alert_attributes",
            json!([{"type": "FailureAlertConfiguration"}, "email"]),
            "alert_attributes[1]: must be an object",
        ),
        (
            "high_water_mark_attributes",
            json!("updated_at"),
            "high_water_mark_attributes: must be an object",
        ),
        (
            "mirror_strategy",
            json!(1),
            "mirror_strategy: must be a string",
        ),
        (
            "field_order",
            json!(["id"]),
            "field_order: must be a string",
        ),
    ] {
        let created = with_json(
            &app,
            Method::POST,
            "/syncs",
            &with(&body, &format!("/{key}"), value.clone()),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
        assert_eq!(created, prefix, "{key}: {value}");
        let patched = with_json(&app, Method::PATCH, "/syncs/67", &json!({ key: value }))
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
        assert_eq!(patched, prefix, "{key}: {value}");
    }
    assert_eq!(ok(&app, "/syncs/67").await["data"], stored, "unchanged");
    assert_eq!(total(&app, "/syncs").await, 10);
}

/// A create without `alert_attributes` gets Census's default alerts, one with `[]` none, and
/// a patch leaves the alerts alone unless it gives them (CENSUS-SURFACE.md: "Omitting
/// `alert_attributes` makes Census add default alerts"). Each stored alert has an `id`.
#[tokio::test]
async fn a_create_without_alerts_gets_the_default_ones_and_a_patch_keeps_them() {
    let app = seeded(37);
    let defaults = json!([{"type": "FailureAlertConfiguration", "id": 1}]);
    let create = |body: Value| {
        let app = app.clone();
        async move {
            let reply = with_json(&app, Method::POST, "/syncs", &body).await;
            assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
            let id = reply.json()["data"]["sync_id"].as_u64().expect("sync_id");
            let read = ok(&app, &format!("/syncs/{id}")).await["data"].clone();
            (id, read)
        }
    };
    let body = valid_body(&app).await;
    assert!(body.get("alert_attributes").is_none());
    let (id, read) = create(body.clone()).await;
    assert_eq!(read["alert_attributes"], defaults, "{read}");
    assert_eq!(
        sync(&app, id).await.alert_attributes.expect("alerts").len(),
        1,
        "read as the client types them"
    );
    // Null is as good as left out (the defaults, each with an id of its own).
    let (_, read) = create(with(&body, "/alert_attributes", Value::Null)).await;
    assert_eq!(
        read["alert_attributes"],
        json!([{"type": "FailureAlertConfiguration", "id": 2}])
    );
    // An empty list asks for none; a list given is kept as given, numbered.
    let (none, read) = create(with(&body, "/alert_attributes", json!([]))).await;
    assert_eq!(read["alert_attributes"], json!([]), "{read}");
    let own = json!([{"type": "InvalidRecordPercentAlertConfiguration", "threshold": 20}]);
    let (_, read) = create(with(&body, "/alert_attributes", own.clone())).await;
    assert_eq!(
        read["alert_attributes"],
        json!([{"type": "InvalidRecordPercentAlertConfiguration", "threshold": 20, "id": 3}])
    );

    // A patch without them leaves them as they are, defaults and none alike.
    for (sync_id, alerts) in [(id, &defaults), (none, &json!([]))] {
        let path = format!("/syncs/{sync_id}");
        let reply = with_json(&app, Method::PATCH, &path, &json!({"label": "renamed"})).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        assert_eq!(&reply.json()["data"]["alert_attributes"], alerts);
        assert_eq!(&ok(&app, &path).await["data"]["alert_attributes"], alerts);
    }
    // A patch that gives them replaces them; one that removes them adds no defaults back.
    let path = format!("/syncs/{id}");
    let reply = with_json(&app, Method::PATCH, &path, &json!({"alert_attributes": []})).await;
    assert_eq!(reply.json()["data"]["alert_attributes"], json!([]));
    let reply = with_json(
        &app,
        Method::PATCH,
        &path,
        &json!({"alert_attributes": null}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert!(reply.json()["data"].get("alert_attributes").is_none());
    let reply = with_json(&app, Method::PATCH, &path, &json!({"paused": true})).await;
    assert!(reply.json()["data"].get("alert_attributes").is_none());
}

/// Every stored alert has an `id`, as Census's do (its Terraform provider reads `id` back as
/// assigned by Census): the defaults and alerts given without one get the next from one
/// workspace counter, reads show the same id every time, and an update keeps the id of an
/// alert given with its id and numbers one given without. An id the sync does not have, one
/// given twice or one that is not a positive integer is a 422 naming it; nothing changes.
#[tokio::test]
async fn every_stored_alert_has_an_id_kept_across_reads_and_updates() {
    let app = seeded(37);
    let body = valid_body(&app).await;
    let alerts_of = |id: u64| {
        let app = app.clone();
        async move { ok(&app, &format!("/syncs/{id}")).await["data"]["alert_attributes"].clone() }
    };
    let create = |body: Value| {
        let app = app.clone();
        async move {
            let reply = with_json(&app, Method::POST, "/syncs", &body).await;
            assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
            reply.json()["data"]["sync_id"].as_u64().expect("sync_id")
        }
    };

    // The default alert of a create without alerts has one, the same on every read, in the
    // list too, and the client's model reads it.
    let first = create(body.clone()).await;
    let defaults = alerts_of(first).await;
    assert_eq!(
        defaults,
        json!([{"type": "FailureAlertConfiguration", "id": 1}])
    );
    assert_eq!(alerts_of(first).await, defaults);
    let listed = ok(&app, "/syncs?order=desc&per_page=1").await["data"][0].clone();
    assert_eq!(listed["id"], first);
    assert_eq!(listed["alert_attributes"], defaults);
    let model = sync(&app, first).await.alert_attributes.expect("alerts");
    assert_eq!(model[0].get("id"), Some(&json!(1)));

    // Alerts given without one are numbered in order; a create that only validates takes no
    // ids.
    let own = json!([
        {"type": "FailureAlertConfiguration", "send_for": "first_time"},
        {"type": "InvalidRecordPercentAlertConfiguration", "options": {"threshold": 10}},
    ]);
    let given = with(&body, "/alert_attributes", own.clone());
    validated(&app, &given).await;
    let second = create(given).await;
    let numbered = json!([
        {"type": "FailureAlertConfiguration", "send_for": "first_time", "id": 2},
        {"type": "InvalidRecordPercentAlertConfiguration", "options": {"threshold": 10}, "id": 3},
    ]);
    assert_eq!(alerts_of(second).await, numbered);

    // A patch of another member keeps them, ids and all.
    let path = format!("/syncs/{second}");
    let reply = with_json(&app, Method::PATCH, &path, &json!({"label": "renamed"})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["data"]["alert_attributes"], numbered);

    // A patch that gives them: an alert with its id is that alert, changed as given; one
    // without is new and gets the next id; one left out is gone.
    let patch = json!({"alert_attributes": [
        {"type": "InvalidRecordPercentAlertConfiguration", "options": {"threshold": 25}, "id": 3},
        {"type": "RuntimeAlertConfiguration", "options": {"minutes": 30}},
    ]});
    let reply = with_json(&app, Method::PATCH, &path, &patch).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let patched = json!([
        {"type": "InvalidRecordPercentAlertConfiguration", "options": {"threshold": 25}, "id": 3},
        {"type": "RuntimeAlertConfiguration", "options": {"minutes": 30}, "id": 4},
    ]);
    assert_eq!(reply.json()["data"]["alert_attributes"], patched);
    assert_eq!(alerts_of(second).await, patched);
    // The sync read back and sent whole keeps every id.
    let whole = ok(&app, &path).await["data"].clone();
    let reply = with_json(&app, Method::PATCH, &path, &whole).await;
    assert_eq!(reply.json()["data"]["alert_attributes"], patched);

    // Ids that name no alert of the sync, or are given twice or are not ids: a 422 naming
    // the alert's id, on create and on patch, and nothing changes.
    let refused = [
        (
            json!([{"type": "FailureAlertConfiguration", "id": 2}]),
            "sync {sync} has no alert 2",
        ),
        (
            json!([{"type": "FailureAlertConfiguration", "id": 1}]),
            "sync {sync} has no alert 1",
        ),
        (
            json!([{"type": "FailureAlertConfiguration", "id": 999}]),
            "sync {sync} has no alert 999",
        ),
    ];
    for (alerts, problem) in refused {
        let message = with_json(
            &app,
            Method::PATCH,
            &path,
            &json!({"alert_attributes": alerts}),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
        let problem = problem.replace("{sync}", &second.to_string());
        assert_eq!(
            message,
            format!("alert_attributes[0].id: {problem}; leave id out for a new alert")
        );
        let message = with_json(
            &app,
            Method::POST,
            "/syncs",
            &with(&body, "/alert_attributes", alerts.clone()),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
        let id = &alerts[0]["id"];
        assert_eq!(
            message,
            format!(
                "alert_attributes[0].id: a new sync has no alert {id}; leave id out for a new alert"
            )
        );
    }
    let twice = json!({"alert_attributes": [
        {"type": "RuntimeAlertConfiguration", "id": 4},
        {"type": "FailureAlertConfiguration"},
        {"type": "StatusAlertConfiguration", "id": 4},
    ]});
    let message = with_json(&app, Method::PATCH, &path, &twice)
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
    assert_eq!(message, "alert_attributes[2].id: alert 4 is given twice");
    for id in [json!("3"), json!(0), json!(-3), json!(3.5), json!(true)] {
        let alerts = json!({"alert_attributes": [
            {"type": "FailureAlertConfiguration"},
            {"type": "InvalidRecordPercentAlertConfiguration", "id": id},
        ]});
        let message = with_json(&app, Method::PATCH, &path, &alerts)
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
        assert_eq!(
            message,
            "alert_attributes[1].id: must be a positive integer (leave it out for a new alert)",
            "{id}"
        );
    }
    assert_eq!(alerts_of(second).await, patched, "unchanged");
    assert_eq!(alerts_of(first).await, defaults, "unchanged");

    // None of the refusals took an id: the next alert gets 5.
    let third = create(body.clone()).await;
    assert_eq!(
        alerts_of(third).await,
        json!([{"type": "FailureAlertConfiguration", "id": 5}])
    );
}

#[tokio::test]
async fn invalid_bodies_are_422s_naming_the_field_path() {
    let app = seeded(36);
    let body = valid_body(&app).await;
    let legacy_off = |b: &Value| {
        let mut b = b.clone();
        for key in ["schedule_frequency", "schedule_hour", "schedule_minute"] {
            b.as_object_mut().expect("object").remove(key);
        }
        b
    };
    let lead = json!({
        "operation": "upsert",
        "source_attributes": body["source_attributes"].clone(),
        "destination_attributes": {"connection_id": 16, "object": "Lead"},
        "mappings": [
            {"from": body["mappings"][0]["from"].clone(), "to": "Email", "is_primary_identifier": true},
            {"from": {"value": "Lovelace", "type": "text"}, "to": "LastName"},
        ],
    });
    let cases: Vec<(Value, &str)> = vec![
        (
            with(&body, "/operation", Value::Null),
            "operation: is required",
        ),
        (
            with(&body, "/operation", json!("merge")),
            "operation: must be one of append, insert, mirror, update, upsert",
        ),
        (
            with(&body, "/operation", json!("append")),
            "operation: object \"user\" does not support append syncs",
        ),
        (with(&body, "/label", json!(5)), "label: "),
        (
            with(&body, "/paused", json!("no")),
            "paused: must be a boolean",
        ),
        (
            with(&body, "/trigger_on_dbt_cloud_rebuild", json!(1)),
            "trigger_on_dbt_cloud_rebuild: ",
        ),
        (
            with(&body, "/field_behavior", json!("all")),
            "field_behavior: must be one of",
        ),
        (
            with(&body, "/field_normalization", json!("snake_case")),
            "field_normalization: only applies",
        ),
        (
            with(
                &with(&body, "/field_behavior", json!("sync_all_properties")),
                "/field_normalization",
                json!("shouting"),
            ),
            "field_normalization: must be one of",
        ),
        (
            with(&body, "/source_attributes", Value::Null),
            "source_attributes: must be an object",
        ),
        (
            with(&body, "/source_attributes/connection_id", json!("1")),
            "source_attributes.connection_id: must be the id",
        ),
        (
            with(&body, "/source_attributes/connection_id", json!(999_999)),
            "source_attributes.connection_id: no source has id 999999",
        ),
        (
            with(&body, "/source_attributes/data_source", json!("users")),
            "source_attributes.data_source: must be an object",
        ),
        (
            with(&body, "/source_attributes/data_source", json!({})),
            "source_attributes.data_source.type: is required",
        ),
        (
            with(
                &body,
                "/source_attributes/data_source",
                json!({"id": 999_999}),
            ),
            "source_attributes.data_source.id: source ",
        ),
        (
            with(&body, "/source_attributes/data_source", json!({"id": "7"})),
            "source_attributes.data_source.id: must be a whole number",
        ),
        (
            with(
                &body,
                "/source_attributes/data_source",
                json!({"type": "segment", "name": "x"}),
            ),
            "source_attributes.data_source.type: must be one of table, model",
        ),
        (
            with(
                &body,
                "/source_attributes/data_source",
                json!({"type": "model"}),
            ),
            "source_attributes.data_source.name: is required",
        ),
        (
            with(
                &body,
                "/source_attributes/data_source",
                json!({"type": "model", "name": "nope"}),
            ),
            "source_attributes.data_source.name: source ",
        ),
        (
            with(
                &body,
                "/source_attributes/data_source",
                json!({"type": "table", "table_name": "nope"}),
            ),
            "source_attributes.data_source.table_name: source ",
        ),
        (
            with(&body, "/destination_attributes", json!([])),
            "destination_attributes: must be an object",
        ),
        (
            with(&body, "/destination_attributes/connection_id", json!(999)),
            "destination_attributes.connection_id: no destination has id 999",
        ),
        (
            with(&body, "/destination_attributes/object", json!("User")),
            "destination_attributes.object: destination 15 has no object \"User\"",
        ),
        (
            with(&body, "/destination_attributes/object", Value::Null),
            "destination_attributes.object: ",
        ),
        (
            with(&body, "/mappings", json!([])),
            "mappings: must have at least one mapping",
        ),
        (
            with(&body, "/mappings", json!({"from": "a"})),
            "mappings: must be an array",
        ),
        (
            with(&body, "/mappings/1", json!("first_name")),
            "mappings[1]: must be an object",
        ),
        (
            with(&body, "/mappings/1/from", Value::Null),
            "mappings[1].from: must be a column name",
        ),
        (
            with(&body, "/mappings/1/from", json!("no_such_column")),
            "mappings[1].from: the data source has no column \"no_such_column\"",
        ),
        (
            with(
                &body,
                "/mappings/1/from",
                json!({"value": 1, "type": "text"}),
            ),
            "mappings[1].from.value: must be a text",
        ),
        (
            with(
                &body,
                "/mappings/1/from",
                json!({"value": "x", "type": "color"}),
            ),
            "mappings[1].from.type: must be one of boolean, datetime, number, text",
        ),
        (
            with(&body, "/mappings/1/from", json!({"value": "x"})),
            "mappings[1].from.type: is required",
        ),
        (
            with(
                &body,
                "/mappings/1/from",
                json!({"type": "column", "data": "nope"}),
            ),
            "mappings[1].from.data: the data source has no column",
        ),
        (
            with(
                &body,
                "/mappings/1/from",
                json!({"type": "magic", "data": 1}),
            ),
            "mappings[1].from.type: must be one of column, constant_value",
        ),
        (
            with(
                &body,
                "/mappings/1/from",
                json!({"type": "constant_value", "data": 3}),
            ),
            "mappings[1].from.data: ",
        ),
        (
            with(
                &body,
                "/mappings/1/from",
                json!({"type": "liquid_template", "data": {}}),
            ),
            "mappings[1].from.data: ",
        ),
        (
            with(&body, "/mappings/1/to", json!("nope")),
            "mappings[1].to: object \"user\" has no field \"nope\"",
        ),
        (
            with(&body, "/mappings/1/to", json!("external_id")),
            "mappings[1].to: \"external_id\" is already mapped by mappings[0]",
        ),
        (
            with(&body, "/mappings/0/is_primary_identifier", Value::Null),
            "mappings: exactly one mapping must have is_primary_identifier: true",
        ),
        (
            with(&body, "/mappings/0/is_primary_identifier", json!("yes")),
            "mappings[0].is_primary_identifier: must be a boolean",
        ),
        (
            with(&body, "/mappings/1/is_primary_identifier", json!(true)),
            "mappings[1].is_primary_identifier: field \"first_name\" cannot be the primary identifier of an upsert sync",
        ),
        (
            with(
                &with(&body, "/mappings/1/to", json!("email")),
                "/mappings/1/is_primary_identifier",
                json!(true),
            ),
            "mappings[1].is_primary_identifier: field \"email\" cannot be",
        ),
        (
            with(&body, "/mappings/1/operation", json!("merge")),
            "mappings[1].operation: field \"first_name\" is not an array field",
        ),
        (
            with(&body, "/mappings/1/operation", json!("append")),
            "mappings[1].operation: must be one of merge, overwrite",
        ),
        (
            with(&body, "/mappings/1/preserve_values", json!(true)),
            "mappings[1].preserve_values: field \"first_name\" cannot preserve",
        ),
        (
            with(&body, "/mappings/1/lookup_object", json!("company")),
            "mappings[1].lookup_object: field \"first_name\" is not a reference field",
        ),
        (
            with(
                &with(&body, "/mappings/1/to", json!("company")),
                "/mappings/1/lookup_object",
                json!("account"),
            ),
            "mappings[1].lookup_object: field \"company\" refers to \"company\", not \"account\"",
        ),
        (
            with(
                &body,
                "/mappings/2",
                json!({"from": {"value": "x", "type": "text"}, "to": "nickname", "generate_field": "yes"}),
            ),
            "mappings[2].generate_field: must be a boolean",
        ),
        (
            with(&body, "/schedule_frequency", json!("monthly")),
            "schedule_frequency: must be one of never, continuous, quarter_hourly, hourly, daily, weekly, expression",
        ),
        (
            with(&body, "/schedule_day", json!(1)),
            "schedule_day: must be a weekday name",
        ),
        (
            with(&body, "/schedule_day", json!("Funday")),
            "schedule_day: ",
        ),
        (
            with(&body, "/schedule_hour", json!(25)),
            "schedule_hour: must be an integer from 0 to 24",
        ),
        (
            with(&body, "/schedule_minute", json!(60)),
            "schedule_minute: must be an integer from 0 to 59",
        ),
        (
            with(&body, "/schedule_minute", json!(-1)),
            "schedule_minute: ",
        ),
        (
            with(&body, "/schedule_frequency", json!("expression")),
            "cron_expression: is required",
        ),
        (
            with(
                &with(&body, "/schedule_frequency", json!("expression")),
                "/cron_expression",
                json!("* * *"),
            ),
            "cron_expression: must have 5 fields",
        ),
        (
            with(
                &with(&body, "/schedule_frequency", json!("expression")),
                "/cron_expression",
                json!("61 * * * *"),
            ),
            "cron_expression: the minute field",
        ),
        (
            with(&body, "/cron_expression", json!("0 8 * * 1")),
            "cron_expression: is only used when the frequency is expression",
        ),
        (
            with(&body, "/mode", json!({"type": "live"})),
            "mode: give either mode or the legacy schedule_* fields",
        ),
        (
            with(&legacy_off(&body), "/mode", json!("live")),
            "mode: must be an object",
        ),
        (
            with(&legacy_off(&body), "/mode", json!({"type": "sometimes"})),
            "mode.type: must be one of live, triggered",
        ),
        (
            with(&legacy_off(&body), "/mode", json!({})),
            "mode.type: is required",
        ),
        (
            with(
                &legacy_off(&body),
                "/mode",
                json!({"type": "live", "triggers": {"fivetran": {"job_id": "1"}}}),
            ),
            "mode.triggers: live syncs run continuously",
        ),
        (
            with(
                &legacy_off(&body),
                "/mode",
                json!({"type": "triggered", "triggers": []}),
            ),
            "mode.triggers: must be an object",
        ),
        (
            with(
                &legacy_off(&body),
                "/mode",
                json!({"type": "triggered", "triggers": {"cron": {}}}),
            ),
            "mode.triggers.cron: is not a trigger",
        ),
        (
            with(
                &legacy_off(&body),
                "/mode",
                json!({"type": "triggered", "triggers": {"dbt_cloud": {"project_id": "1"}}}),
            ),
            "mode.triggers.dbt_cloud.job_id: is required",
        ),
        (
            with(
                &legacy_off(&body),
                "/mode",
                json!({"type": "triggered", "triggers": {"fivetran": {}}}),
            ),
            "mode.triggers.fivetran.job_id: is required",
        ),
        (
            with(
                &legacy_off(&body),
                "/mode",
                json!({"type": "triggered", "triggers": {"sync_sequence": {"sync_id": 999}}}),
            ),
            "mode.triggers.sync_sequence.sync_id: no sync has id 999",
        ),
        (
            with(
                &legacy_off(&body),
                "/mode",
                json!({"type": "triggered", "triggers": {"schedule": {"frequency": "daily", "hour": 30}}}),
            ),
            "mode.triggers.schedule.hour: must be an integer from 0 to 24",
        ),
        (
            with(
                &legacy_off(&body),
                "/mode",
                json!({"type": "triggered", "triggers": {"schedule": {}}}),
            ),
            "mode.triggers.schedule.frequency: is required",
        ),
        (
            with(
                &legacy_off(&body),
                "/mode",
                json!({"type": "triggered", "triggers": {"schedule": "daily"}}),
            ),
            "mode.triggers.schedule: must be an object",
        ),
        (
            lead.clone(),
            "mappings: field \"Company\" of \"Lead\" is required and not mapped",
        ),
        (json!([body.clone()]), "body: must be a JSON object"),
    ];
    for (case, prefix) in cases {
        let reply = with_json(&app, Method::POST, "/syncs", &case).await;
        let message = reply.expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
        assert!(
            message.starts_with(prefix),
            "expected {prefix:?}, got {message:?} for {case}"
        );
    }
    // The lead body becomes valid once its required field is mapped.
    let complete = with(
        &lead,
        "/mappings/2",
        json!({"from": {"value": "Acme", "type": "text"}, "to": "Company"}),
    );
    let reply = with_json(
        &app,
        Method::POST,
        "/syncs",
        &with(&complete, "/validate_only", json!(true)),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let request = api_request(TOKEN, Method::POST, "/syncs")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"operation\": "))
        .expect("request");
    send(&app, request)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "error");
    assert_eq!(total(&app, "/syncs").await, 9, "nothing was created");
}

#[tokio::test]
async fn a_sheet_takes_no_primary_identifier_and_a_lookup_names_a_reference_key() {
    let app = seeded(36);
    let body = valid_body(&app).await;
    let column = body["mappings"][0]["from"].clone();
    let sheet = json!({
        "operation": "mirror",
        "source_attributes": body["source_attributes"].clone(),
        "destination_attributes": {"connection_id": 12, "object": "Q3 Pipeline Review"},
        "mappings": [{"from": column, "to": "Account"}],
    });
    let reply = with_json(&app, Method::POST, "/syncs", &sheet).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let keyed = with(&sheet, "/mappings/0/is_primary_identifier", json!(true));
    let message = with_json(&app, Method::POST, "/syncs", &keyed)
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
    assert!(
        message.starts_with("mappings[0].is_primary_identifier: "),
        "{message}"
    );
    // Braze is not so lenient.
    let braze = with(&body, "/mappings/0/is_primary_identifier", json!(false));
    let message = with_json(&app, Method::POST, "/syncs", &braze)
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
    assert!(message.starts_with("mappings: exactly one"), "{message}");

    let contact = json!({
        "operation": "upsert",
        "source_attributes": body["source_attributes"].clone(),
        "destination_attributes": {"connection_id": 16, "object": "Contact"},
        "mappings": [
            {"from": column, "to": "External_ID__c", "is_primary_identifier": true},
            {"from": {"value": "Lovelace", "type": "text"}, "to": "LastName"},
            {"from": column, "to": "AccountId", "lookup_object": "Account", "lookup_field": "Name"},
        ],
    });
    let message = with_json(&app, Method::POST, "/syncs", &contact)
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
    assert!(
        message.starts_with(
            "mappings[2].lookup_field: \"Name\" is not a field \"Account\" can be looked up by"
        ),
        "{message}"
    );
    let fixed = with(
        &contact,
        "/mappings/2/lookup_field",
        json!("External_ID__c"),
    );
    let reply = with_json(&app, Method::POST, "/syncs", &fixed).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let id = reply.json()["data"]["sync_id"].as_u64().expect("id");
    let mapping = &ok(&app, &format!("/syncs/{id}")).await["data"]["mappings"][2];
    assert_eq!(mapping["lookup_object"], "Account");
    assert_eq!(mapping["lookup_field"], "External_ID__c");
}

// ---------------------------------------------------------------- patch and delete

#[tokio::test]
async fn patch_is_top_level_and_replaces_nested_objects_whole() {
    let app = seeded(36);
    let before = ok(&app, "/syncs/52").await["data"].clone();

    // A label alone: the rest stays, updated_at moves.
    let reply = with_json(
        &app,
        Method::PATCH,
        "/syncs/52",
        &json!({"label": "Braze users (hourly)"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["status"], "updated");
    let after = body["data"].clone();
    assert_eq!(after["label"], "Braze users (hourly)");
    for key in [
        "mappings",
        "source_attributes",
        "destination_attributes",
        "schedule_frequency",
        "created_at",
    ] {
        assert_eq!(after[key], before[key], "{key}");
    }
    assert_ne!(after["updated_at"], before["updated_at"]);
    assert_eq!(ok(&app, "/syncs/52").await["data"], after);

    // Mappings given replace the stored list whole.
    let key = before["mappings"][0].clone();
    let reply = with_json(
        &app,
        Method::PATCH,
        "/syncs/52",
        &json!({"mappings": [key]}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(
        reply.json()["data"]["mappings"].as_array().map(Vec::len),
        Some(1)
    );

    // So does the data source: nothing of the model is left once a table is named.
    let source = before["source_attributes"]["connection_id"]
        .as_u64()
        .expect("source");
    let tables = ok(&app, &format!("/sources/{source}/tables?order=asc")).await;
    let table = &tables["data"][0];
    let columns = ok(&app, &format!("/sources/{source}/tables/{}", table["id"])).await;
    let first = columns["data"]["columns"][0]["name"].clone();
    let patch = json!({
        "source_attributes": {"connection_id": source, "data_source": {"id": table["id"]}},
        "mappings": [{"from": first, "to": "external_id", "is_primary_identifier": true}],
    });
    let reply = with_json(&app, Method::PATCH, "/syncs/52", &patch).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let data_source = reply.json()["data"]["source_attributes"]["data_source"].clone();
    assert_eq!(data_source["type"], "table");
    assert!(
        data_source.get("query").is_none() && data_source.get("name").is_none(),
        "{data_source}"
    );

    // New destination attributes are checked against the stored mappings, which no longer fit.
    let message = with_json(
        &app,
        Method::PATCH,
        "/syncs/52",
        &json!({"destination_attributes": {"connection_id": 14, "object": "contact"}}),
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
    assert!(
        message.starts_with("mappings[0].to: object \"contact\" has no field \"external_id\""),
        "{message}"
    );
    // …and an object given without its object member is refused, not merged.
    let message = with_json(
        &app,
        Method::PATCH,
        "/syncs/52",
        &json!({"destination_attributes": {"connection_id": 15}}),
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
    assert!(
        message.starts_with("destination_attributes.object: "),
        "{message}"
    );

    // Switching the schedule form drops the other one.
    let reply = with_json(
        &app,
        Method::PATCH,
        "/syncs/52",
        &json!({"mode": {"type": "live"}}),
    )
    .await;
    let live = reply.json()["data"].clone();
    assert_eq!(live["mode"], json!({"type": "live"}));
    assert_eq!(live["schedule_frequency"], Value::Null);
    assert_eq!(live["schedule_minute"], Value::Null);
    let reply = with_json(
        &app,
        Method::PATCH,
        "/syncs/52",
        &json!({"cron_expression": "30 7 * * 5"}),
    )
    .await;
    let cron = reply.json()["data"].clone();
    assert!(cron.get("mode").is_none(), "{cron}");
    assert_eq!(
        (
            cron["schedule_frequency"].clone(),
            cron["schedule_day"].clone(),
            cron["schedule_hour"].clone(),
            cron["schedule_minute"].clone()
        ),
        (json!("expression"), json!("Friday"), json!(7), json!(30))
    );
    let reply = with_json(
        &app,
        Method::PATCH,
        "/syncs/52",
        &json!({"schedule_frequency": "hourly"}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert!(reply.json()["data"].get("cron_expression").is_none());

    // A sync read back may be sent whole.
    let whole = ok(&app, "/syncs/53").await["data"].clone();
    let reply = with_json(&app, Method::PATCH, "/syncs/53", &whole).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let mut again = reply.json()["data"].clone();
    let mut whole = whole;
    for body in [&mut again, &mut whole] {
        body.as_object_mut().expect("object").remove("updated_at");
    }
    assert_eq!(again, whole);

    // A patch of members the API takes but this server does not model is no empty patch.
    let reply = with_json(
        &app,
        Method::PATCH,
        "/syncs/55",
        &json!({"alert_attributes": []}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());

    // Nothing to update, bad values, a sync following itself, an unknown sync.
    let unchanged = ok(&app, "/syncs/55").await["data"].clone();
    for (patch, prefix) in [
        (json!({}), "body: nothing to update"),
        (
            json!({"id": 1, "status": "Ready", "created_at": "x"}),
            "body: nothing to update",
        ),
        (json!({"operation": "merge"}), "operation: "),
        (json!({"mappings": []}), "mappings: "),
        (json!({"schedule_hour": 99}), "schedule_hour: "),
        (
            json!({"mode": {"type": "triggered"}, "schedule_frequency": "daily"}),
            "mode: give either",
        ),
        (
            json!({"mode": {"type": "triggered", "triggers": {"sync_sequence": {"sync_id": 55}}}}),
            "mode.triggers.sync_sequence.sync_id: a sync cannot follow itself",
        ),
        (json!({"label": "x", "validate_only": 1}), "validate_only: "),
    ] {
        let message = with_json(&app, Method::PATCH, "/syncs/55", &patch)
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
        assert!(message.starts_with(prefix), "{patch}: {message}");
    }
    let reply = with_json(
        &app,
        Method::PATCH,
        "/syncs/55",
        &json!({"label": "x", "validate_only": true}),
    )
    .await;
    assert_eq!(reply.json(), json!({"status": "success"}));
    assert_eq!(
        ok(&app, "/syncs/55").await["data"],
        unchanged,
        "refused patches change nothing"
    );
    with_json(&app, Method::PATCH, "/syncs/999", &json!({"label": "x"}))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn a_deleted_sync_and_its_runs_are_gone() {
    let app = seeded(36);
    let runs = ok(&app, "/syncs/61/sync_runs").await;
    let run_id = runs["data"][0]["id"].as_u64().expect("a run");
    let reply = empty(&app, Method::DELETE, "/syncs/61").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), json!({"status": "deleted"}));
    for path in [
        "/syncs/61".to_owned(),
        "/syncs/61/sync_runs".into(),
        format!("/sync_runs/{run_id}"),
    ] {
        get(&app, &path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
    }
    empty(&app, Method::DELETE, "/syncs/61")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    empty(&app, Method::POST, "/syncs/61/trigger")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(total(&app, "/syncs").await, 8);
}

// ---------------------------------------------------------------- triggers and runs

#[tokio::test(start_paused = true)]
async fn force_full_sync_is_read_from_the_query_and_never_from_a_body() {
    let app = seeded(36);
    let full = trigger(&app, 60, "?force_full_sync=true").await;
    assert_eq!(run(&app, full).await.full_sync, Some(true));
    // Some clients send the flag as JSON; the API reads the query only.
    let request = api_request(TOKEN, Method::POST, "/syncs/60/trigger")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"force_full_sync": true}).to_string()))
        .expect("request");
    let reply = send(&app, request).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let from_body = reply.json()["data"]["sync_run_id"].as_u64().expect("id");
    assert_eq!(from_body, full + 1);
    assert_eq!(run(&app, from_body).await.full_sync, Some(false));
    let request = api_request(
        TOKEN,
        Method::POST,
        "/syncs/60/trigger?force_full_sync=false",
    )
    .header(header::CONTENT_TYPE, "application/json")
    .body(Body::from(json!({"force_full_sync": true}).to_string()))
    .expect("request");
    let off = send(&app, request).await.json()["data"]["sync_run_id"]
        .as_u64()
        .expect("id");
    assert_eq!(run(&app, off).await.full_sync, Some(false));
    let message = empty(
        &app,
        Method::POST,
        "/syncs/60/trigger?force_full_sync=maybe",
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "error");
    assert!(message.contains("force_full_sync"), "{message}");
    empty(&app, Method::POST, "/syncs/404/trigger")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");

    let reason =
        ok(&app, &format!("/sync_runs/{full}")).await["data"]["sync_trigger_reason"].clone();
    assert_eq!(reason["ui_tag"], "API");
    assert!(
        reason["ui_detail"]
            .as_str()
            .is_some_and(|d| d.contains("full sync")),
        "{reason}"
    );
    // A full sync reads the whole source; an incremental run reads less.
    tokio::time::advance(RUN).await;
    let (whole, part) = (run(&app, full).await, run(&app, from_body).await);
    assert!(
        whole.source_record_count > part.source_record_count,
        "{whole:?} {part:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_run_is_queued_then_works_with_growing_counts_then_completes() {
    let app = seeded(36);
    let id = trigger(&app, 52, "").await;
    let queued = run(&app, id).await;
    assert_eq!(queued.status, SyncRunStatus::Queued);
    assert_eq!(queued.sync_id, 52);
    assert_eq!(
        (
            queued.source_record_count,
            queued.records_processed,
            queued.completed_at.clone()
        ),
        (None, None, None)
    );
    assert_eq!(queued.full_sync, Some(false));
    // The newest run lists first, and the sync is not done yet.
    let latest = ok(&app, "/syncs/52/sync_runs?per_page=1").await;
    assert_eq!(latest["data"][0]["id"], id);
    assert_eq!(latest["pagination"]["total_records"], 31);

    tokio::time::advance(Duration::from_millis(149)).await;
    assert_eq!(run(&app, id).await.status, SyncRunStatus::Queued);
    tokio::time::advance(Duration::from_millis(101)).await;
    let early = run(&app, id).await;
    assert_eq!(early.status, SyncRunStatus::Working);
    assert!(early.source_record_count.is_some());
    tokio::time::advance(Duration::from_millis(500)).await;
    let late = run(&app, id).await;
    assert_eq!(late.status, SyncRunStatus::Working);
    assert!(
        late.records_processed > early.records_processed,
        "{early:?} {late:?}"
    );
    assert!(late.updated_at > early.updated_at);
    assert_eq!(late.completed_at, None);

    tokio::time::advance(Duration::from_millis(250)).await;
    let done = run(&app, id).await;
    assert_eq!(done.status, SyncRunStatus::Completed);
    assert_eq!(done.records_processed, done.source_record_count);
    let sum = done
        .records_updated
        .zip(done.records_failed)
        .zip(done.records_invalid);
    assert_eq!(sum.map(|((u, f), i)| u + f + i), done.records_processed);
    assert!(done.completed_at.is_some());
    assert_eq!(done.completed_at, done.updated_at);
    assert_eq!(done.error_code, None);
    assert_eq!(sync(&app, 52).await.status.as_deref(), Some("Up to date"));
    // Later looks change nothing.
    tokio::time::advance(Duration::from_secs(60)).await;
    assert_eq!(run(&app, id).await, done);
}

#[tokio::test(start_paused = true)]
async fn the_failing_sync_fails_like_document_003_and_the_skipping_sync_skips() {
    let app = seeded(36);
    let failing = trigger(&app, 58, "?force_full_sync=true").await;
    let skipping = trigger(&app, 63, "").await;
    tokio::time::advance(Duration::from_millis(500)).await;
    assert_eq!(run(&app, failing).await.status, SyncRunStatus::Working);
    let working = run(&app, skipping).await;
    assert_eq!(working.status, SyncRunStatus::Working);
    assert_eq!(working.source_record_count, Some(0));
    tokio::time::advance(Duration::from_millis(500)).await;

    let failed = ok(&app, &format!("/sync_runs/{failing}")).await["data"].clone();
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["error_code"], "JSON_ARRAY_ERROR");
    assert_eq!(
        failed["error_detail"],
        "Please make sure the field \"custom_field:Users\" with value \"jim\" is formatted as a \
         JSON Array. Don't hesitate to reach out to the Census Support Team if you need help with this."
    );
    assert!(
        failed["error_message"]
            .as_str()
            .expect("message")
            .starts_with("The array field being used does not appear to be valid JSON: ")
    );
    for key in [
        "records_processed",
        "records_updated",
        "records_failed",
        "completed_at",
    ] {
        assert_eq!(failed[key], Value::Null, "{key}");
    }
    assert_eq!(failed["records_invalid"], 0);
    assert_eq!(failed["current_step"], "Running sync");
    assert_eq!(sync(&app, 58).await.status.as_deref(), Some("Failing"));

    let skipped = run(&app, skipping).await;
    assert_eq!(skipped.status, SyncRunStatus::Skipped);
    assert_eq!(skipped.records_processed, Some(0));
    assert_eq!(skipped.completed_at, None);
    assert_eq!(skipped.error_code, None);
    assert_eq!(sync(&app, 63).await.status.as_deref(), Some("Ready"));
}

#[tokio::test(start_paused = true)]
async fn what_a_sync_maps_and_whether_its_connections_exist_decide_how_runs_end() {
    let app = seeded(36);
    // A new sync feeding an array field a text constant fails as sync 58 does.
    let body = valid_body(&app).await;
    let array = with(
        &body,
        "/mappings/2",
        json!({"from": {"value": "books", "type": "text"}, "to": "favorite_categories"}),
    );
    let id = with_json(&app, Method::POST, "/syncs", &array).await.json()["data"]["sync_id"]
        .as_u64()
        .expect("id");
    let plain = with_json(&app, Method::POST, "/syncs", &body).await.json()["data"]["sync_id"]
        .as_u64()
        .expect("id");
    let (bad, good) = (trigger(&app, id, "").await, trigger(&app, plain, "").await);
    tokio::time::advance(RUN).await;
    let failed = run(&app, bad).await;
    assert_eq!(failed.status, SyncRunStatus::Failed);
    assert!(
        failed
            .error_message
            .is_some_and(|m| m.contains("\"favorite_categories\""))
    );
    assert_eq!(run(&app, good).await.status, SyncRunStatus::Completed);

    // With its destination deleted, a sync's next run fails, naming the connection.
    empty(&app, Method::DELETE, "/destinations/15").await;
    let orphan = trigger(&app, plain, "").await;
    tokio::time::advance(RUN).await;
    let failed = run(&app, orphan).await;
    assert_eq!(failed.status, SyncRunStatus::Failed);
    assert_eq!(failed.error_code.as_deref(), Some("CONNECTION_NOT_FOUND"));
    assert!(
        failed
            .error_message
            .is_some_and(|m| m.contains("destination connection 15"))
    );
    assert_eq!(sync(&app, plain).await.status.as_deref(), Some("Failing"));
}

#[tokio::test]
async fn runs_page_by_creation_in_both_orders_with_seeded_history() {
    let app = seeded(36);
    let body = ok(&app, "/syncs/52/sync_runs?per_page=10&order=asc").await;
    let first: Page<SyncRun> = serde_json::from_value(body.clone()).expect("a Page<SyncRun>");
    assert_eq!(
        body["pagination"],
        json!({"total_records": 30, "per_page": 10, "prev_page": null, "page": 1, "next_page": 2, "last_page": 3})
    );
    assert_eq!(
        body["next"],
        "http://census.test:8787/api/v1/syncs/52/sync_runs?page=2&per_page=10&order=asc"
    );
    let created: Vec<String> = first
        .data
        .iter()
        .map(|r| r.created_at.clone().expect("created"))
        .collect();
    assert!(created.windows(2).all(|w| w[0] <= w[1]), "{created:?}");
    assert!(first.data.iter().all(|r| r.sync_id == 52));
    assert_eq!(
        first.data[0].full_sync,
        Some(true),
        "the first run was a full sync"
    );
    let desc: Page<SyncRun> =
        serde_json::from_value(ok(&app, "/syncs/52/sync_runs?per_page=100").await).expect("page");
    assert_eq!(desc.data.len(), 30);
    assert_eq!(
        desc.data.last().map(|r| r.id),
        first.data.first().map(|r| r.id)
    );
    let statuses: Vec<&str> = desc.data.iter().map(|r| r.status.as_str()).collect();
    assert!(
        statuses.contains(&"completed") && statuses.contains(&"failed"),
        "{statuses:?}"
    );
    let failed = desc
        .data
        .iter()
        .find(|r| r.status == SyncRunStatus::Failed)
        .expect("failed");
    assert_eq!(failed.error_code.as_deref(), Some("DESTINATION_TIMEOUT"));
    let scheduled = desc.data[0]
        .scheduled_execution_time
        .clone()
        .expect("scheduled");
    assert!(scheduled.ends_with(":15:00.000Z"), "{scheduled}");

    let zero = ok(&app, "/syncs/52/sync_runs?page=0&per_page=500").await;
    assert_eq!(zero["pagination"]["page"], 1);
    assert_eq!(zero["pagination"]["per_page"], 100);
    get(&app, "/syncs/52/sync_runs?per_page=ten")
        .await
        .expect_error(StatusCode::BAD_REQUEST, "error");
    // Every seeded sync has a history, and one run is fetched alone as it lists.
    for id in [53, 55, 58, 60, 61, 63, 64, 66] {
        assert!(
            total(&app, &format!("/syncs/{id}/sync_runs")).await >= 3,
            "sync {id}"
        );
    }
    let listed = ok(&app, "/syncs/58/sync_runs").await["data"][0].clone();
    assert_eq!(listed["status"], "failed");
    let id = listed["id"].as_u64().expect("id");
    assert_eq!(ok(&app, &format!("/sync_runs/{id}")).await["data"], listed);
    for path in ["/sync_runs/1", "/sync_runs/x", "/syncs/999/sync_runs"] {
        get(&app, path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
    }
}

#[tokio::test]
async fn without_sources_nothing_is_synced_but_destinations_remain() {
    let app = seeded(0);
    assert_eq!(total(&app, "/syncs").await, 0);
    assert_eq!(total(&app, "/destinations").await, 5);
}

// ---------------------------------------------------------------- auth, CORS, faults, mutations, reset

const ROUTES: &[(&str, &str)] = &[
    ("GET", "/destinations"),
    ("GET", "/destinations/15"),
    ("GET", "/destinations/15/objects"),
    ("GET", "/destinations/18/objects/exports%2F2024%2Fusers.csv"),
    ("POST", "/destinations/15/refresh_objects"),
    ("GET", "/connectors"),
    ("GET", "/connectors/braze"),
    ("GET", "/syncs"),
    ("GET", "/syncs/52"),
    ("POST", "/syncs/52/trigger"),
    ("GET", "/syncs/52/sync_runs"),
    ("GET", "/sync_runs/90"),
];

fn request(method: &str, path: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(format!("/api/v1{path}"))
        .header(header::HOST, HOST)
        .header(header::ORIGIN, OTHER_ORIGIN)
}

#[tokio::test]
async fn the_new_routes_need_the_token_and_answer_preflights() {
    let app = app(Config {
        seed: 36,
        strict_auth: true,
        ..base_config()
    });
    for (method, path) in ROUTES {
        let reply = send(
            &app,
            request(method, path)
                .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
                .body(Body::empty())
                .expect("request"),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{method} {path}: {}",
            reply.text()
        );
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some(OTHER_ORIGIN)
        );
        let refused = send(
            &app,
            request(method, path).body(Body::empty()).expect("request"),
        )
        .await;
        assert_eq!(
            refused.expect_error(StatusCode::UNAUTHORIZED, "error"),
            "Invalid credentials",
            "{method} {path}"
        );
        let preflight = send(
            &app,
            request("OPTIONS", path)
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, *method)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
        assert_eq!(preflight.status, StatusCode::NO_CONTENT, "{path}");
        assert!(
            preflight
                .header("access-control-allow-methods")
                .is_some_and(|m| m.contains("PATCH"))
        );
    }
}

#[tokio::test]
async fn faults_reach_the_new_routes_by_header_and_by_rule() {
    let app = seeded(36);
    for (method, path) in ROUTES {
        let reply = send(
            &app,
            api_request(TOKEN, method.parse().expect("method"), path)
                .header(FAULT_HEADER, "503")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
        reply.expect_error(StatusCode::SERVICE_UNAVAILABLE, "error");
    }
    // A rule's `*` matches one encoded segment, `/` and all.
    let rule =
        json!({"route": "GET /destinations/*/objects/*", "fault": "rate_limit:3", "times": 1});
    assert_eq!(
        send(&app, control(Method::POST, "/faults", Some(&rule)))
            .await
            .status,
        StatusCode::CREATED
    );
    let path = "/destinations/18/objects/donn%C3%A9es%2F%C3%A9t%C3%A9%2050%25%3F%231.csv";
    let limited = get(&app, path).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.header("retry-after"), Some("3"));
    assert_eq!(get(&app, path).await.status, StatusCode::OK);
    let rule = json!({"route": "POST /syncs/*/trigger", "fault": "500", "times": 1});
    send(&app, control(Method::POST, "/faults", Some(&rule))).await;
    empty(&app, Method::POST, "/syncs/52/trigger")
        .await
        .expect_error(StatusCode::INTERNAL_SERVER_ERROR, "error");
    let attempts = send(&app, control(Method::GET, "/attempts", None))
        .await
        .json();
    assert_eq!(attempts["counts"]["POST /syncs/52/trigger"], 2);
    // The 500 came before the route: no run was made.
    assert_eq!(total(&app, "/syncs/52/sync_runs").await, 30);
}

#[tokio::test(start_paused = true)]
async fn mutation_rules_apply_before_the_new_routes() {
    let app = seeded(36);
    let sources_before = total(&app, "/sources").await;
    let rule = json!({"route": "GET /syncs", "query": {"page": "2"}, "create": 2});
    assert_eq!(
        send(&app, control(Method::POST, "/mutations", Some(&rule)))
            .await
            .status,
        StatusCode::CREATED
    );
    ok(&app, "/syncs?page=2&per_page=5").await;
    assert_eq!(total(&app, "/sources").await, sources_before + 2);
    let log = send(&app, control(Method::GET, "/attempts", None))
        .await
        .json();
    let applied = log["attempts"]
        .as_array()
        .expect("attempts")
        .iter()
        .find(|a| a["path"] == "/syncs")
        .expect("logged")
        .clone();
    assert_eq!(
        applied["mutation"]["created"].as_array().map(Vec::len),
        Some(2)
    );

    // Deleting a sync's source right before its trigger: the run fails, naming the source.
    let source = sync(&app, 60)
        .await
        .source_attributes
        .and_then(|s| s.connection_id)
        .expect("source");
    let rule = json!({"route": "POST /syncs/60/trigger", "delete_ids": [source]});
    send(&app, control(Method::POST, "/mutations", Some(&rule))).await;
    let id = trigger(&app, 60, "").await;
    tokio::time::advance(RUN).await;
    let failed = run(&app, id).await;
    assert_eq!(failed.status, SyncRunStatus::Failed);
    assert_eq!(failed.error_code.as_deref(), Some("CONNECTION_NOT_FOUND"));
    assert!(
        failed
            .error_message
            .is_some_and(|m| m.contains(&format!("source connection {source}")))
    );
}

#[tokio::test]
async fn the_not_found_shape_applies_to_the_new_routes() {
    let coded = app(Config {
        not_found_shape: NotFoundShape::Code,
        seed: 3,
        ..base_config()
    });
    for (method, path) in [
        ("GET", "/destinations/999"),
        ("DELETE", "/destinations/999"),
        ("GET", "/destinations/15/objects/nope"),
        ("GET", "/connectors/nope"),
        ("GET", "/syncs/999"),
        ("PATCH", "/syncs/999"),
        ("DELETE", "/syncs/999"),
        ("POST", "/syncs/999/trigger"),
        ("GET", "/syncs/999/sync_runs"),
        ("GET", "/sync_runs/999999"),
    ] {
        let reply = empty(&coded, method.parse().expect("method"), path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {path}");
        assert_eq!(
            reply.json()["status"],
            404,
            "{method} {path}: {}",
            reply.text()
        );
    }
    // By default each answers the word; a request may ask for the code.
    let app = seeded(3);
    get(&app, "/syncs/999")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    let request = api_request(TOKEN, Method::GET, "/sync_runs/999999")
        .header(NOT_FOUND_SHAPE_HEADER, "code")
        .body(Body::empty())
        .expect("request");
    assert_eq!(send(&app, request).await.json()["status"], 404);
}

/// Everything the destination side shows, for comparing workspaces.
async fn snapshot(app: &Router) -> Vec<Value> {
    let mut all = vec![
        ok(app, "/destinations?per_page=100").await["data"].clone(),
        ok(app, "/syncs?per_page=100").await["data"].clone(),
    ];
    for destination in [12, 14, 15, 16, 18] {
        all.push(
            get(app, &format!("/destinations/{destination}"))
                .await
                .json(),
        );
    }
    for id in [52, 53, 55, 58, 60, 61, 63, 64, 66] {
        all.push(
            get(app, &format!("/syncs/{id}/sync_runs?per_page=100"))
                .await
                .json(),
        );
    }
    all
}

#[tokio::test]
async fn seeds_are_deterministic_and_reset_restores_the_destination_side() {
    let app = seeded(36);
    let before = snapshot(&app).await;
    assert_eq!(
        before,
        snapshot(&seeded(36)).await,
        "the same seed, the same data"
    );

    let body = valid_body(&app).await;
    assert_eq!(
        with_json(&app, Method::POST, "/syncs", &body).await.status,
        StatusCode::CREATED
    );
    empty(&app, Method::DELETE, "/destinations/12").await;
    empty(&app, Method::DELETE, "/syncs/61").await;
    with_json(&app, Method::PATCH, "/syncs/52", &json!({"paused": true})).await;
    with_json(
        &app,
        Method::PATCH,
        "/destinations/15",
        &json!({"service_connection": {"name": "B"}}),
    )
    .await;
    let run_id = trigger(&app, 55, "").await;
    let refresh = empty(&app, Method::POST, "/destinations/16/refresh_objects").await;
    let key = refresh.json()["refresh_key"].as_u64().expect("key");
    assert_ne!(snapshot(&app).await, before);

    let reset = send(&app, control(Method::POST, "/reset", None)).await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    assert_eq!(snapshot(&app).await, before);
    get(&app, &format!("/sync_runs/{run_id}"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    get(
        &app,
        &format!("/destinations/16/refresh_objects_status?refresh_key={key}"),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "not_found");
    // Ids count from the start again.
    let again = with_json(&app, Method::POST, "/syncs", &body).await;
    assert_eq!(again.json()["data"]["sync_id"], 67);
    assert_eq!(trigger(&app, 55, "").await, run_id);
}
