//! The sync-run handlers: a sync's runs (`GET /syncs/{id}/sync_runs`, paged by creation time),
//! one run (`GET /sync_runs/{id}`), each shown as it stands now ([`crate::timeline`]), a run's
//! records (`GET /sync_runs/{id}/records`, see [`crate::run_records`]) and its cancel
//! (`POST /sync_runs/{id}/cancel`).
//!
//! **Records** page like every list, except that `per_page` may be at most 99 (the reference
//! says `x < 100`): more is a 422 naming it. Filters: `status` (`succeeded`, `rejected`,
//! `invalid`), `operation` (`upsert`, `delete`), `primary_identifier` (one record's); an unknown
//! status or operation is a 422 naming the parameter.
//!
//! **Cancel** (not in Census's published reference; peers call it): a `queued` or `working` run
//! becomes `canceled` (`canceled: true`, its counts as they stood) and answers
//! `{"status": "success", "data": SyncRun}`; a run that has ended answers 409 saying how it ended.

use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use census_core::syncs::SyncRun;
use census_core::workspace_models::SyncRunRecord;

use crate::AppState;
use crate::api::{Envelope, Paging, numeric_id, param, parse_query};
use crate::http::{ApiError, invalid, json};
use crate::percent::percent_encode;
use crate::run_records::plan;
use crate::syncs::{sync_id, sync_not_found};

/// The routes of sync runs, below `/api/v1`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/syncs/{id}/sync_runs", get(list_runs))
        .route("/sync_runs/{id}", get(get_run))
        .route("/sync_runs/{id}/records", get(list_records))
        .route("/sync_runs/{id}/cancel", post(cancel_run))
}

/// The most records a page may ask for.
const MAX_RECORDS_PER_PAGE: u32 = 99;

fn run_not_found() -> ApiError {
    ApiError::not_found("Sync run not found")
}

fn run_id(id: Result<Path<String>, PathRejection>) -> Result<u64, ApiError> {
    id.ok()
        .and_then(|Path(raw)| numeric_id(&raw))
        .ok_or_else(run_not_found)
}

/// `GET /sync_runs/{id}/records?status&operation&primary_identifier&page&per_page&order`: the
/// run's records in processing order (`asc`) or the reverse (`desc`, the default).
pub async fn list_records(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let id = run_id(id)?;
    let params = parse_query(query.as_deref().unwrap_or(""));
    let plan = {
        let store = state.store();
        let run = store.outbound.run(id).ok_or_else(run_not_found)?;
        let sync = store.outbound.syncs.get(&run.sync_id).map(|s| &s.sync);
        plan(&run.view(state.run), sync)
    };
    let paging = Paging::read_capped(&params, MAX_RECORDS_PER_PAGE)?;
    let status = param(&params, "status").map(str::trim);
    if let Some(status) = status {
        if !["succeeded", "rejected", "invalid"].contains(&status) {
            return Err(invalid(
                "status",
                format!("must be succeeded, rejected or invalid, got {status:?}"),
            ));
        }
    }
    let operation = param(&params, "operation").map(str::trim);
    if let Some(operation) = operation {
        if !["upsert", "delete"].contains(&operation) {
            return Err(invalid(
                "operation",
                format!("must be upsert or delete, got {operation:?}"),
            ));
        }
    }
    let identifier = param(&params, "primary_identifier");
    let keep = |i: &u64| {
        status.is_none_or(|s| plan.status(*i).as_str() == s)
            && operation.is_none_or(|o| plan.operation(*i) == o)
    };
    let indices: Vec<u64> = match identifier {
        Some(text) => plan.find(text).into_iter().filter(keep).collect(),
        None => (0..plan.count).filter(keep).collect(),
    };
    let (total, page) = paging.window(indices);
    let data: Vec<SyncRunRecord> = page.into_iter().map(|i| plan.record(i)).collect();
    let mut extra = String::new();
    for (key, value) in [
        ("status", status),
        ("operation", operation),
        ("primary_identifier", identifier),
    ] {
        if let Some(value) = value {
            extra.push_str(&format!("&{key}={}", percent_encode(value)));
        }
    }
    Ok(paging.answer(
        &state,
        &headers,
        &format!("/sync_runs/{id}/records"),
        &extra,
        data,
        total,
    ))
}

/// `POST /sync_runs/{id}/cancel`: a running run is canceled now; an ended one is a 409.
pub async fn cancel_run(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = run_id(id)?;
    let mut store = state.store();
    let run = store.outbound.run_mut(id).ok_or_else(run_not_found)?;
    let now = run.view(state.run);
    if now.status.is_final() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!(
                "Sync run {id} has already ended ({}); only a queued or working run can be canceled",
                now.status.as_str()
            ),
        ));
    }
    let (elapsed_ms, _) = run.progress(state.run);
    run.canceled_ms = Some(elapsed_ms);
    let canceled = run.view(state.run);
    drop(store);
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: canceled,
        },
    ))
}

/// `GET /syncs/{id}/sync_runs?page&per_page&order`: the sync's runs by creation time (then id),
/// newest first unless `order=asc`.
pub async fn list_runs(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let id = sync_id(id).ok_or_else(sync_not_found)?;
    let params = parse_query(query.as_deref().unwrap_or(""));
    let store = state.store();
    if !store.outbound.syncs.contains_key(&id) {
        return Err(sync_not_found());
    }
    let paging = Paging::read(&params)?;
    let (total, page) = paging.window(store.outbound.runs_of(id));
    let data: Vec<SyncRun> = page.into_iter().map(|run| run.view(state.run)).collect();
    drop(store);
    Ok(paging.answer(
        &state,
        &headers,
        &format!("/syncs/{id}/sync_runs"),
        "",
        data,
        total,
    ))
}

/// `GET /sync_runs/{id}`.
pub async fn get_run(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = run_id(id)?;
    let run = state
        .store()
        .outbound
        .run(id)
        .map(|run| run.view(state.run))
        .ok_or_else(run_not_found)?;
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: run,
        },
    ))
}
