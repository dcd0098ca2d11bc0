//! Looker projects: their refresh (`POST /projects/{id}/refresh`, 202 `{"refresh_key": K}`
//! without an envelope) and its status (`GET /projects/{id}/refresh_status?refresh_key=K`,
//! `{"status": "processing" | "completed", "details": ...}`). The refresh shares the refresh
//! jobs' key counter and timing (`--refresh-ms`). The reference captures no project list, so
//! the projects are fixed:
//!
//! | id | name | LookML models | explores |
//! |---|---|---|---|
//! | 31 | `marketing_analytics` | 4 | 17 |
//! | 32 | `product_metrics` | 2 | 9 |

use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use census_core::models::RefreshKey;
use census_core::workspace_models::JobStatus;
use serde_json::json as json_value;

use crate::AppState;
use crate::api::refresh_state;
use crate::browse::path_id;
use crate::http::{ApiError, json, refresh_ms};
use crate::store::RefreshTarget;

/// A Looker project: id, name, LookML models, explores.
pub const PROJECTS: &[(u64, &str, u32, u32)] = &[
    (31, "marketing_analytics", 4, 17),
    (32, "product_metrics", 2, 9),
];

/// The routes of `/projects`, below `/api/v1`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/projects/{id}/refresh", post(refresh_project))
        .route("/projects/{id}/refresh_status", get(refresh_status))
}

/// The project a path names.
fn project(
    id: Result<Path<String>, PathRejection>,
) -> Result<&'static (u64, &'static str, u32, u32), ApiError> {
    path_id(id)
        .and_then(|id| PROJECTS.iter().find(|p| p.0 == id))
        .ok_or_else(|| ApiError::not_found("Project not found"))
}

/// `POST /projects/{id}/refresh`: 202 `{"refresh_key": K}`.
pub async fn refresh_project(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (id, ..) = *project(id)?;
    let refresh_key = state
        .store()
        .start_refresh(RefreshTarget::Project(id), refresh_ms(&headers));
    Ok(json(StatusCode::ACCEPTED, &RefreshKey { refresh_key }))
}

/// `GET /projects/{id}/refresh_status?refresh_key=K`: `processing`, then `completed` with what
/// was refreshed in `details`.
pub async fn refresh_status(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let (id, name, models, explores) = *project(id)?;
    let done = refresh_state(
        &state,
        &RefreshTarget::Project(id),
        query.as_deref(),
        "Refresh job not found for this project",
    )?;
    let details = if done {
        json_value!({
            "project": name,
            "message": format!("Refreshed {models} LookML models and {explores} explores"),
            "models": models,
            "explores": explores,
        })
    } else {
        json_value!({
            "project": name,
            "message": format!("Refreshing the LookML of {name}"),
        })
    };
    Ok(json(
        StatusCode::OK,
        &JobStatus {
            status: if done { "completed" } else { "processing" }.into(),
            details: Some(details),
        },
    ))
}
