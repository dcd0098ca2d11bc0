//! The sync-run handlers: a sync's runs (`GET /syncs/{id}/sync_runs`, paged by creation time)
//! and one run (`GET /sync_runs/{id}`), each shown as it stands now ([`crate::timeline`]).

use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use census_core::syncs::SyncRun;

use crate::AppState;
use crate::api::{Envelope, Paging, numeric_id, parse_query};
use crate::http::{ApiError, json};
use crate::syncs::{sync_id, sync_not_found};

/// The routes of sync runs, below `/api/v1`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/syncs/{id}/sync_runs", get(list_runs))
        .route("/sync_runs/{id}", get(get_run))
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
    let not_found = || ApiError::not_found("Sync run not found");
    let id = id
        .ok()
        .and_then(|Path(raw)| numeric_id(&raw))
        .ok_or_else(not_found)?;
    let run = state
        .store()
        .outbound
        .run(id)
        .map(|run| run.view(state.run))
        .ok_or_else(not_found)?;
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: run,
        },
    ))
}
