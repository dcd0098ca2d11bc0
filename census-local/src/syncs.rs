//! The `/api/v1/syncs` handlers: list, create (or only validate), fetch, patch and delete syncs,
//! and trigger a run. Bodies are checked by [`crate::sync_body`]; runs are shown by `runs`.
//!
//! How a triggered run ends: it fails with `CONNECTION_NOT_FOUND` when the sync's source or
//! destination has been deleted; otherwise it ends as the sync's outcome says, which
//! [`crate::sync_body::outcome`] derives from its mappings (an array field fed a non-array
//! value fails with document 003's `JSON_ARRAY_ERROR`) and the seed may set (see `seeding`).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use census_core::models::JsonObject;
use census_core::syncs::{Sync, SyncId, SyncRunId};
use serde::Serialize;
use serde_json::Value;
use tokio::time::Instant;

use crate::AppState;
use crate::api::{Envelope, Paging, numeric_id, param, parse_query, read_json};
use crate::http::{ApiError, json};
use crate::outbound::SyncRecord;
use crate::sync_body::{self, KEPT, LEGACY_SCHEDULE};
use crate::timeline::{Failure, Outcome, RunClock, RunRecord, counts, trigger_reason};

/// The routes of `/syncs` and its trigger, below `/api/v1`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/syncs", get(list_syncs).post(create_sync))
        .route(
            "/syncs/{id}",
            get(get_sync).patch(update_sync).delete(delete_sync),
        )
        .route("/syncs/{id}/trigger", post(trigger_sync))
}

/// What `PATCH /syncs/{id}` may change; other members (`id`, `status`, timestamps) are ignored,
/// so a sync read back may be sent whole.
const UPDATABLE: &[&str] = &[
    "label",
    "operation",
    "paused",
    "schedule_frequency",
    "schedule_day",
    "schedule_hour",
    "schedule_minute",
    "cron_expression",
    "mode",
    "source_attributes",
    "destination_attributes",
    "mappings",
    "trigger_on_dbt_cloud_rebuild",
    "field_behavior",
    "field_normalization",
    "lead_union_insert_to",
];

#[derive(Serialize)]
struct StatusOnly {
    status: &'static str,
}

pub(crate) fn sync_not_found() -> ApiError {
    ApiError::not_found("Sync not found")
}

/// The numeric id of a `/syncs/{id}` path; anything else names no sync.
pub(crate) fn sync_id(path: Result<Path<String>, PathRejection>) -> Option<u64> {
    path.ok().and_then(|Path(raw)| numeric_id(&raw))
}

/// The body as a JSON object, and its `validate_only` flag.
fn object_body(body: Result<Bytes, BytesRejection>) -> Result<(JsonObject, bool), ApiError> {
    let Value::Object(body) = read_json(body)? else {
        return Err(ApiError::unprocessable("body: must be a JSON object"));
    };
    let validate_only = match body.get("validate_only") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(flag)) => *flag,
        Some(_) => return Err(ApiError::unprocessable("validate_only: must be a boolean")),
    };
    Ok((body, validate_only))
}

/// The answer to a body that only asked to be validated.
fn validated() -> Response {
    json(StatusCode::OK, &StatusOnly { status: "success" })
}

/// `GET /syncs?page&per_page&order`, by creation time (then id).
pub async fn list_syncs(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = parse_query(query.as_deref().unwrap_or(""));
    let paging = Paging::read(&params)?;
    let (total, data) = {
        let store = state.store();
        let outbound = &store.outbound;
        let mut records: Vec<&SyncRecord> = outbound.syncs.values().collect();
        records.sort_by_key(|r| (r.created_ms, r.sync.id));
        let (total, page) = paging.window(records);
        let data: Vec<Sync> = page
            .into_iter()
            .filter_map(|r| outbound.sync_view(r.sync.id, state.run))
            .collect();
        (total, data)
    };
    Ok(paging.answer(&state, &headers, "/syncs", "", data, total))
}

/// `GET /syncs/{id}`.
pub async fn get_sync(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = sync_id(id).ok_or_else(sync_not_found)?;
    let sync = state
        .store()
        .outbound
        .sync_view(id, state.run)
        .ok_or_else(sync_not_found)?;
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: sync,
        },
    ))
}

/// `POST /syncs`: 201 `{"status": "created", "data": {"sync_id": N}}` as documented (the client
/// reads the sync back), or with `validate_only: true` 200 `{"status": "success"}` and nothing
/// created.
pub async fn create_sync(
    State(state): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (body, validate_only) = object_body(body)?;
    let mut store = state.store();
    let mut valid = sync_body::check(&body, &store, None)?;
    if validate_only {
        return Ok(validated());
    }
    // Only a create adds them: a patch's merged body without alerts is one whose alerts were
    // removed.
    valid
        .kept
        .entry("alert_attributes")
        .or_insert_with(sync_body::default_alerts);
    let outbound = &mut store.outbound;
    valid.number_alerts(|| outbound.take_alert_id());
    let id = outbound.take_sync_id();
    let created_ms = outbound.creation_time();
    outbound.insert_sync(valid.into_record(id, created_ms, created_ms));
    drop(store);
    Ok(json(
        StatusCode::CREATED,
        &Envelope {
            status: "created",
            data: SyncId { sync_id: id },
        },
    ))
}

/// `stored` (a sync as the API shows it) with the top-level
/// members of `patch` laid over it: a nested object given replaces the stored one whole.
/// Switching between the `mode` schedule and the legacy fields drops the other form, so a
/// patch need not clear it by hand.
fn merged(stored: &SyncRecord, patch: &JsonObject) -> JsonObject {
    let mut body = match serde_json::to_value(&stored.sync) {
        Ok(Value::Object(body)) => body,
        _ => JsonObject::new(),
    };
    for read_only in ["id", "status", "created_at", "updated_at"] {
        body.remove(read_only);
    }
    let given = |key: &str| patch.get(key).is_some_and(|v| !v.is_null());
    if given("mode") {
        for key in LEGACY_SCHEDULE {
            body.remove(*key);
        }
    }
    if LEGACY_SCHEDULE.iter().any(|key| given(key)) {
        body.remove("mode");
    }
    // A new frequency other than `expression` ends the stored cron expression; a new cron
    // expression fixes its own day, hour and minute.
    let frequency = patch.get("schedule_frequency").and_then(Value::as_str);
    if frequency.is_some_and(|f| f != "expression") && !patch.contains_key("cron_expression") {
        body.remove("cron_expression");
    }
    if given("cron_expression") {
        for key in ["schedule_day", "schedule_hour", "schedule_minute"] {
            if !patch.contains_key(key) {
                body.remove(key);
            }
        }
    }
    // Stored at the top level too; new destination attributes say it again or drop it.
    if patch.contains_key("destination_attributes") && !patch.contains_key("lead_union_insert_to") {
        body.remove("lead_union_insert_to");
    }
    for (key, value) in patch {
        if writable(key) {
            body.insert(key.clone(), value.clone());
        }
    }
    body
}

/// Whether a patch may change member `key`: one of [`UPDATABLE`], or one this server keeps
/// as given ([`KEPT`]).
fn writable(key: &str) -> bool {
    UPDATABLE.contains(&key) || KEPT.iter().any(|(name, _)| *name == key)
}

/// `PATCH /syncs/{id}`: a top-level patch (see [`merged`]) checked whole as a created sync is,
/// answered `{"status": "updated", "data": Sync}`. `validate_only` is honoured here too.
pub async fn update_sync(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    // An unknown sync is reported before anything about the body.
    let id = sync_id(id).ok_or_else(sync_not_found)?;
    if !state.store().outbound.syncs.contains_key(&id) {
        return Err(sync_not_found());
    }
    let (patch, validate_only) = object_body(body)?;
    if !patch.keys().any(|key| writable(key)) {
        let kept = KEPT.iter().map(|(name, _)| *name);
        let names: Vec<&str> = UPDATABLE.iter().copied().chain(kept).collect();
        return Err(ApiError::unprocessable(format!(
            "body: nothing to update; give one of {}",
            names.join(", ")
        )));
    }
    let mut store = state.store();
    let record = store.outbound.syncs.get(&id).ok_or_else(sync_not_found)?;
    let created_ms = record.created_ms;
    let body = merged(record, &patch);
    let mut valid = sync_body::check(&body, &store, Some(id))?;
    if validate_only {
        return Ok(validated());
    }
    valid.number_alerts(|| store.outbound.take_alert_id());
    let updated_ms = store.outbound.creation_time().max(created_ms);
    let record = store
        .outbound
        .syncs
        .get_mut(&id)
        .ok_or_else(sync_not_found)?;
    *record = valid.into_record(id, created_ms, updated_ms);
    let sync = store
        .outbound
        .sync_view(id, state.run)
        .ok_or_else(sync_not_found)?;
    drop(store);
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "updated",
            data: sync,
        },
    ))
}

/// `DELETE /syncs/{id}`: the sync and its runs.
pub async fn delete_sync(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = sync_id(id).ok_or_else(sync_not_found)?;
    state
        .store()
        .outbound
        .remove_sync(id)
        .ok_or_else(sync_not_found)?;
    Ok(json(StatusCode::OK, &StatusOnly { status: "deleted" }))
}

/// `POST /syncs/{id}/trigger?force_full_sync=true|false`: queues a run and answers
/// `{"status": "success", "data": {"sync_run_id": R}}`. The flag is read from the query, where
/// the documentation puts it; a JSON body (some clients send the flag there) is not read.
pub async fn trigger_sync(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let id = sync_id(id).ok_or_else(sync_not_found)?;
    if !state.store().outbound.syncs.contains_key(&id) {
        return Err(sync_not_found());
    }
    let params = parse_query(query.as_deref().unwrap_or(""));
    let full_sync = match param(&params, "force_full_sync").map(str::trim) {
        None => false,
        Some(flag) if flag.eq_ignore_ascii_case("true") || flag == "1" => true,
        Some(flag) if flag.eq_ignore_ascii_case("false") || flag == "0" => false,
        Some(flag) => {
            return Err(ApiError::bad_request(format!(
                "force_full_sync must be true or false, got {flag:?}"
            )));
        }
    };
    let mut store = state.store();
    let record = store.outbound.syncs.get(&id).ok_or_else(sync_not_found)?;
    let sync = &record.sync;
    let source = sync
        .source_attributes
        .as_ref()
        .and_then(|s| s.connection_id)
        .unwrap_or_default();
    let destination = sync
        .destination_attributes
        .as_ref()
        .and_then(|d| d.connection_id)
        .unwrap_or_default();
    let outcome = if !store.sources.contains_key(&source) {
        Outcome::Fail(Failure::missing_connection("source", source))
    } else if !store.outbound.destinations.contains_key(&destination) {
        Outcome::Fail(Failure::missing_connection("destination", destination))
    } else {
        record.outcome.clone()
    };
    let outbound = &mut store.outbound;
    let run_id = outbound.take_run_id();
    let created_ms = outbound.creation_time();
    let (records, failed, invalid) = counts(id, run_id, full_sync, &outcome);
    outbound.insert_run(RunRecord {
        id: run_id,
        sync_id: id,
        created_ms,
        clock: RunClock::Live {
            started: Instant::now(),
        },
        full_sync,
        trigger: trigger_reason(
            "API",
            if full_sync {
                "Triggered through the API (full sync)"
            } else {
                "Triggered through the API"
            },
        ),
        scheduled_execution_time: None,
        outcome,
        records,
        failed,
        invalid,
        canceled_ms: None,
    });
    drop(store);
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: SyncRunId {
                sync_run_id: run_id,
            },
        },
    ))
}
