//! A sync run's records (their counts are the run's own, the filters, `per_page` at most 99) and
//! its cancel (a running run, not a finished one); destination object types and object creation
//! (an absolute status URL, the object appearing once it completes); a destination object's
//! field refresh; and Looker project refreshes. Jobs are driven with tokio's paused clock.

mod common;

use std::time::Duration;

use axum::Router;
use axum::http::{Method, StatusCode};
use census_core::syncs::{SyncRun, SyncRunStatus};
use census_core::workspace_models::{JobStarted, JobStatus, RecordStatus, SyncRunRecord};
use census_local::{Config, app};
use common::*;
use serde_json::{Value, json};

const RUN: Duration = Duration::from_millis(1000);
const REFRESH: Duration = Duration::from_millis(500);

fn seeded() -> Router {
    app(Config {
        seed: 36,
        run: RUN,
        refresh: REFRESH,
        ..base_config()
    })
}

fn total(body: &Value) -> u64 {
    body["pagination"]["total_records"].as_u64().expect("total")
}

async fn runs(app: &Router, sync: u64) -> Vec<SyncRun> {
    serde_json::from_value(
        ok(
            app,
            &format!("/syncs/{sync}/sync_runs?order=asc&per_page=100"),
        )
        .await["data"]
            .clone(),
    )
    .expect("runs")
}

async fn run(app: &Router, id: u64) -> SyncRun {
    serde_json::from_value(ok(app, &format!("/sync_runs/{id}")).await["data"].clone())
        .expect("a run")
}

async fn trigger(app: &Router, sync: u64) -> u64 {
    let reply = empty(app, Method::POST, &format!("/syncs/{sync}/trigger")).await;
    reply.json()["data"]["sync_run_id"]
        .as_u64()
        .expect("run id")
}

// ---------------------------------------------------------------- records

#[tokio::test]
async fn a_completed_runs_records_match_its_counts_and_filter() {
    let app = seeded();
    let completed = runs(&app, 52)
        .await
        .into_iter()
        .find(|r| r.status == SyncRunStatus::Completed && r.records_failed > Some(0))
        .expect("a completed run of sync 52 with rejected records");
    let id = completed.id;
    let processed = completed.records_processed.expect("processed");
    let failed = completed.records_failed.expect("failed");
    let invalid = completed.records_invalid.expect("invalid");
    let path = format!("/sync_runs/{id}/records");

    let all = ok(&app, &format!("{path}?per_page=99&order=asc")).await;
    assert_eq!(total(&all), processed);
    assert_eq!(all["data"].as_array().map(Vec::len), Some(99));
    let records: Vec<SyncRunRecord> = serde_json::from_value(all["data"].clone()).expect("records");
    let first = &records[0];
    assert_eq!(
        first.operation.as_deref(),
        Some("upsert"),
        "sync 52 upserts"
    );
    for (status, count) in [
        ("rejected", failed),
        ("invalid", invalid),
        ("succeeded", processed - failed - invalid),
    ] {
        let page = ok(&app, &format!("{path}?status={status}&per_page=5")).await;
        assert_eq!(total(&page), count, "{status}");
        let records: Vec<SyncRunRecord> =
            serde_json::from_value(page["data"].clone()).expect("records");
        assert!(
            records
                .iter()
                .all(|r| r.status == Some(RecordStatus::from_wire(status)))
        );
        // A message says why a record was rejected or invalid; it is empty otherwise.
        assert!(
            records.iter().all(|r| r
                .status_message
                .as_deref()
                .is_some_and(|message| message.is_empty() == (status == "succeeded"))),
            "{status}"
        );
        assert!(records.iter().all(|r| r.batch_started_at.is_some()));
        assert!(
            page["next"]
                .as_str()
                .is_some_and(|next| next.ends_with(&format!("&status={status}"))),
            "{}",
            page["next"]
        );
    }
    assert_eq!(
        total(&ok(&app, &format!("{path}?operation=delete")).await),
        0
    );
    // One record by its primary identifier.
    let key = match first.identifier.clone().expect("identifier") {
        Value::String(text) => text,
        other => other.to_string(),
    };
    let one = ok(
        &app,
        &format!("{path}?primary_identifier={}", key.replace('@', "%40")),
    )
    .await;
    assert_eq!(total(&one), 1);
    assert_eq!(one["data"][0], all["data"][0]);
    assert_eq!(
        total(&ok(&app, &format!("{path}?primary_identifier=nobody")).await),
        0
    );
    // Newest first by default.
    let desc = ok(&app, &format!("{path}?per_page=1")).await;
    assert_eq!(
        desc["data"][0],
        ok(
            &app,
            &format!("{path}?per_page=1&order=asc&page={processed}")
        )
        .await["data"][0]
    );

    // per_page is at most 99 here; the filters name themselves.
    unprocessable(
        &get(&app, &format!("{path}?per_page=100")).await,
        "per_page",
    );
    unprocessable(&get(&app, &format!("{path}?status=lost")).await, "status");
    unprocessable(
        &get(&app, &format!("{path}?operation=merge")).await,
        "operation",
    );
    get(&app, "/sync_runs/999999/records")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn failed_runs_have_no_records_and_mirror_syncs_delete() {
    let app = seeded();
    let failed = runs(&app, 58).await.remove(0);
    assert_eq!(failed.status, SyncRunStatus::Failed);
    assert_eq!(
        total(&ok(&app, &format!("/sync_runs/{}/records", failed.id)).await),
        0
    );
    let mirror = runs(&app, 64)
        .await
        .into_iter()
        .find(|r| r.status == SyncRunStatus::Completed)
        .expect("a completed run of the mirror sync 64");
    let path = format!("/sync_runs/{}/records", mirror.id);
    let deletes = total(&ok(&app, &format!("{path}?operation=delete")).await);
    let upserts = total(&ok(&app, &format!("{path}?operation=upsert")).await);
    assert!(deletes > 0 && upserts > deletes, "{deletes} of {upserts}");
    assert_eq!(
        deletes + upserts,
        mirror.records_processed.expect("processed")
    );
}

#[tokio::test(start_paused = true)]
async fn a_triggered_runs_records_grow_with_it() {
    let app = seeded();
    let id = trigger(&app, 52).await;
    let path = format!("/sync_runs/{id}/records");
    assert_eq!(total(&ok(&app, &path).await), 0, "queued");
    tokio::time::advance(RUN / 2).await;
    let working = run(&app, id).await;
    assert_eq!(working.status, SyncRunStatus::Working);
    let partial = total(&ok(&app, &path).await);
    assert_eq!(Some(partial), working.records_processed);
    tokio::time::advance(RUN).await;
    let done = run(&app, id).await;
    assert_eq!(done.status, SyncRunStatus::Completed);
    let all = total(&ok(&app, &path).await);
    assert!(all > partial);
    assert_eq!(Some(all), done.records_processed);
}

// ---------------------------------------------------------------- cancel

#[tokio::test(start_paused = true)]
async fn a_running_run_is_canceled_and_a_finished_one_is_not() {
    let app = seeded();
    let id = trigger(&app, 55).await;
    tokio::time::advance(RUN / 2).await;
    let canceled = empty(&app, Method::POST, &format!("/sync_runs/{id}/cancel")).await;
    assert_eq!(canceled.status, StatusCode::OK, "{}", canceled.text());
    assert_eq!(canceled.json()["status"], "success");
    let shown: SyncRun = serde_json::from_value(canceled.json()["data"].clone()).expect("a run");
    assert_eq!(shown.status, SyncRunStatus::Canceled);
    assert_eq!(shown.canceled, Some(true));
    assert_eq!(shown.completed_at, None);
    let processed = shown.records_processed;
    assert!(processed > Some(0));
    // Time no longer moves it on.
    tokio::time::advance(RUN * 2).await;
    let later = run(&app, id).await;
    assert_eq!(later.status, SyncRunStatus::Canceled);
    assert_eq!(later.records_processed, processed);
    assert_eq!(
        total(&ok(&app, &format!("/sync_runs/{id}/records")).await),
        processed.expect("processed")
    );
    // Canceling again, or a run that completed, is a 409 saying how it ended.
    let again = empty(&app, Method::POST, &format!("/sync_runs/{id}/cancel")).await;
    let message = again.expect_error(StatusCode::CONFLICT, "error");
    assert!(message.contains("canceled"), "{message}");
    let finished = runs(&app, 52).await.remove(0);
    let refused = empty(
        &app,
        Method::POST,
        &format!("/sync_runs/{}/cancel", finished.id),
    )
    .await;
    assert!(
        refused
            .expect_error(StatusCode::CONFLICT, "error")
            .contains("completed")
    );

    // A queued run is canceled before it read anything.
    let queued = trigger(&app, 60).await;
    let shown = empty(&app, Method::POST, &format!("/sync_runs/{queued}/cancel")).await;
    let shown: SyncRun = serde_json::from_value(shown.json()["data"].clone()).expect("a run");
    assert_eq!(shown.status, SyncRunStatus::Canceled);
    assert_eq!(shown.records_processed, None);
    for path in ["/sync_runs/999999/cancel", "/sync_runs/x/cancel"] {
        empty(&app, Method::POST, path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
    }
}

// ---------------------------------------------------------------- object types and creation

#[tokio::test]
async fn object_types_are_listed_per_destination_and_per_connector() {
    let app = seeded();
    let types = |body: &Value| -> Vec<String> {
        body["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|t| t["object_type"].as_str().expect("object_type").to_owned())
            .collect()
    };
    let sheets = ok(&app, "/destinations/12/object_types").await;
    assert_eq!(types(&sheets), ["worksheet"]);
    assert_eq!(sheets["pagination"]["total_records"], 1);
    assert_eq!(sheets["data"][0]["parameters"][0]["name"], "name");
    assert_eq!(sheets["data"][0]["parameters"][0]["required"], true);
    assert_eq!(
        types(&ok(&app, "/destinations/16/object_types").await),
        ["custom_object"]
    );
    assert_eq!(
        types(&ok(&app, "/connectors/braze/object_types").await),
        ["catalog"]
    );
    assert_eq!(
        types(&ok(&app, "/connectors/facebook/object_types").await),
        ["audience"]
    );
    assert_eq!(
        types(&ok(&app, "/connectors/slack/object_types").await),
        Vec::<String>::new()
    );
    get(&app, "/connectors/nope/object_types")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    get(&app, "/destinations/999/object_types")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test(start_paused = true)]
async fn a_created_object_appears_once_its_absolute_status_url_says_completed() {
    let app = seeded();
    let created = with_json(
        &app,
        Method::POST,
        "/destinations/12/object_creation_requests",
        &json!({"object_type": "worksheet", "name": "Q4 Forecast"}),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let url = format!("http://{HOST}/api/v1/destinations/12/object_creation_requests/801");
    assert_eq!(created.json(), json!({"status": "created", "url": url}));
    let started: JobStarted = serde_json::from_value(created.json()).expect("a JobStarted");
    let path = started
        .url
        .as_deref()
        .and_then(|url| url.strip_prefix(&format!("http://{HOST}/api/v1")))
        .expect("a URL of this server")
        .to_owned();
    let status: JobStatus = serde_json::from_value(get(&app, &path).await.json()).expect("status");
    assert_eq!(status.status, "processing");
    let object = "/destinations/12/objects/Q4%20Forecast";
    get(&app, object)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    tokio::time::advance(REFRESH).await;
    let done = get(&app, &path).await.json();
    assert_eq!(done["status"], "completed");
    assert_eq!(done["details"]["full_name"], "Q4 Forecast");
    let fetched = ok(&app, object).await;
    assert_eq!(fetched["data"]["full_name"], "Q4 Forecast");
    let listed = ok(&app, "/destinations/12/objects?per_page=100").await;
    assert!(
        listed["data"]
            .as_array()
            .expect("objects")
            .iter()
            .any(|o| o["full_name"] == "Q4 Forecast")
    );

    let requests = "/destinations/12/object_creation_requests";
    for (body, field) in [
        (json!({"name": "x"}), "object_type"),
        (
            json!({"object_type": "catalog", "name": "x"}),
            "object_type",
        ),
        (json!({"object_type": "worksheet"}), "name"),
        (
            json!({"object_type": "worksheet", "name": "Weekly Signups"}),
            "name",
        ),
        (
            json!({"object_type": "worksheet", "name": "Q4 Forecast"}),
            "name",
        ),
    ] {
        unprocessable(&with_json(&app, Method::POST, requests, &body).await, field);
    }
    for path in [
        "/destinations/12/object_creation_requests/999",
        "/destinations/15/object_creation_requests/801",
        "/destinations/999/object_creation_requests/801",
    ] {
        get(&app, path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
    }
}

// ---------------------------------------------------------------- field refresh, projects

#[tokio::test(start_paused = true)]
async fn an_objects_fields_refresh_like_the_other_refreshes() {
    let app = seeded();
    let path = "/destinations/18/objects/donn%C3%A9es%2F%C3%A9t%C3%A9%2050%25%3F%231.csv";
    let started = empty(&app, Method::POST, &format!("{path}/refresh_fields")).await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.text());
    let key = started.json()["refresh_key"]
        .as_u64()
        .expect("a bare refresh_key");
    let status = format!("{path}/refresh_fields_status?refresh_key={key}");
    assert_eq!(
        get(&app, &status).await.json(),
        json!({"status": "processing"})
    );
    tokio::time::advance(REFRESH).await;
    assert_eq!(
        get(&app, &status).await.json(),
        json!({"status": "completed"})
    );
    // The key is this object's only.
    get(
        &app,
        &format!("/destinations/18/objects/exports%2F2024%2Fusers.csv/refresh_fields_status?refresh_key={key}"),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "not_found");
    for path in [
        "/destinations/18/objects/nope/refresh_fields",
        "/destinations/999/objects/user/refresh_fields",
    ] {
        empty(&app, Method::POST, path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
    }
}

#[tokio::test(start_paused = true)]
async fn a_project_refresh_answers_202_then_completes_with_details() {
    let app = seeded();
    let started = empty(&app, Method::POST, "/projects/31/refresh").await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{}", started.text());
    let key = started.json()["refresh_key"]
        .as_u64()
        .expect("a bare refresh_key");
    assert_eq!(
        key,
        census_local::FIRST_REFRESH_KEY,
        "the refresh key counter"
    );
    let status = format!("/projects/31/refresh_status?refresh_key={key}");
    let processing: JobStatus =
        serde_json::from_value(get(&app, &status).await.json()).expect("a status");
    assert_eq!(processing.status, "processing");
    assert!(processing.details.is_some());
    tokio::time::advance(REFRESH).await;
    let done = get(&app, &status).await.json();
    assert_eq!(done["status"], "completed");
    assert_eq!(done["details"]["project"], "marketing_analytics");
    assert_eq!(done["details"]["explores"], 17);
    get(
        &app,
        &format!("/projects/32/refresh_status?refresh_key={key}"),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "not_found");
    get(&app, "/projects/31/refresh_status")
        .await
        .expect_error(StatusCode::BAD_REQUEST, "error");
    empty(&app, Method::POST, "/projects/99/refresh")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}
