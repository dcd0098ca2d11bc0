//! What a source holds, as today's API lists it (`GET /sources/{id}/objects`: its tables, models
//! and segments, tagged by `type`), a table's columns by locator, and the refresh of a table's
//! columns.
//!
//! **Columns by locator.** `GET /sources/{id}/tables/columns?table_catalog&table_schema&table_name`
//! names a table by where it lives (`table_name` required; the others narrow it; matched
//! case-insensitively). A table's columns are not loaded until first asked for: the first request
//! starts loading them and, until `--refresh-ms` has passed since, every request answers
//! **202** `{"status": "processing"}`; then `{"status": "success", "data": [{name, type}]}`.
//! `POST …/tables/{table_id}/refresh_columns` loads them again (202 again until it completes).

use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use census_core::models::RefreshKey;
use census_core::workspace_models::JobStatus;
use tokio::time::Instant;

use crate::AppState;
use crate::api::{Envelope, Paging, param, parse_query, refresh_answer, source_not_found};
use crate::browse::{path_id, path_ids, source_record};
use crate::http::{ApiError, invalid, json, refresh_ms};
use crate::objects::{SourceObject, Table};
use crate::store::RefreshTarget;

/// The routes of a source's objects and columns, below `/api/v1`. `/tables/columns` is a
/// literal segment, so it is matched before `/tables/{table_id}` (which `browse` serves).
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/sources/{id}/objects", get(list_objects))
        .route("/sources/{id}/tables/columns", get(table_columns))
        .route(
            "/sources/{id}/tables/{table_id}/refresh_columns",
            post(refresh_columns),
        )
        .route(
            "/sources/{id}/tables/{table_id}/refresh_columns_status",
            get(refresh_columns_status),
        )
}

/// `GET /sources/{id}/objects?page&per_page&order`: every table, then every model, then every
/// segment of the source (each by id) under `asc`, the reverse under `desc` (the default).
pub async fn list_objects(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let id = path_id(id).ok_or_else(source_not_found)?;
    let params = parse_query(query.as_deref().unwrap_or(""));
    let store = state.store();
    let record = store.sources.get(&id).ok_or_else(source_not_found)?;
    let paging = Paging::read(&params)?;
    let items: Vec<SourceObject> = record
        .objects
        .tables
        .iter()
        .map(|table| SourceObject::Table(table.wire(false)))
        .chain(
            record
                .objects
                .models
                .iter()
                .map(|model| SourceObject::Model(model.wire(false))),
        )
        .chain(
            store
                .holdings
                .segments
                .values()
                .filter(|s| s.segment.source_id == Some(id))
                .map(|s| SourceObject::Segment(s.segment.clone())),
        )
        .collect();
    drop(store);
    let (total, data) = paging.window(items);
    Ok(paging.answer(
        &state,
        &headers,
        &format!("/sources/{id}/objects"),
        "",
        data,
        total,
    ))
}

/// The one table of `tables` the locator names.
fn locate<'a>(tables: &'a [Table], params: &[(String, String)]) -> Result<&'a Table, ApiError> {
    let wanted = |key: &str| param(params, key).map(str::trim).filter(|v| !v.is_empty());
    let name = wanted("table_name").ok_or_else(|| invalid("table_name", "is required"))?;
    let schema = wanted("table_schema");
    let catalog = wanted("table_catalog");
    let found: Vec<&Table> = tables
        .iter()
        .filter(|t| {
            t.name.eq_ignore_ascii_case(name)
                && schema.is_none_or(|s| t.schema.eq_ignore_ascii_case(s))
                && catalog.is_none_or(|c| t.catalog.eq_ignore_ascii_case(c))
        })
        .collect();
    match found.as_slice() {
        [] => Err(ApiError::not_found("Table not found")),
        [table] => Ok(table),
        several => Err(invalid(
            "table_schema",
            format!(
                "{} tables are named {name:?} (in {}); give table_schema to choose one",
                several.len(),
                several
                    .iter()
                    .map(|t| format!("{}.{}", t.catalog, t.schema))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// `GET /sources/{id}/tables/columns?table_catalog&table_schema&table_name`: 202 `processing`
/// while the columns load (see the module's docs), then the columns.
pub async fn table_columns(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let id = path_id(id).ok_or_else(source_not_found)?;
    let params = parse_query(query.as_deref().unwrap_or(""));
    let mut store = state.store();
    let record = store.sources.get(&id).ok_or_else(source_not_found)?;
    let table = locate(&record.objects.tables, &params)?;
    let (table_id, columns) = (table.id, table.columns.clone());
    let started = *store
        .holdings
        .column_loads
        .entry(table_id)
        .or_insert_with(Instant::now);
    drop(store);
    if started.elapsed() < state.refresh {
        return Ok(json(
            StatusCode::ACCEPTED,
            &JobStatus {
                status: "processing".into(),
                details: None,
            },
        ));
    }
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: columns,
        },
    ))
}

/// The refresh target of a `/sources/{id}/tables/{table_id}/…` path whose table exists.
fn table_target(
    state: &AppState,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<RefreshTarget, ApiError> {
    let (source, table) = path_ids(ids);
    let store = state.store();
    let record = source_record(&store.sources, source)?;
    let table = table
        .filter(|id| record.objects.tables.iter().any(|t| t.id == *id))
        .ok_or_else(|| ApiError::not_found("Table not found"))?;
    Ok(RefreshTarget::TableColumns {
        source: record.source.id,
        table,
    })
}

/// `POST /sources/{id}/tables/{table_id}/refresh_columns`: `{"refresh_key": K}` without an
/// envelope; the table's columns load again, so the locator answers 202 until the job is done.
pub async fn refresh_columns(
    State(state): State<Arc<AppState>>,
    ids: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let target = table_target(&state, ids)?;
    let mut store = state.store();
    if let RefreshTarget::TableColumns { table, .. } = target {
        store.holdings.column_loads.insert(table, Instant::now());
    }
    let refresh_key = store.start_refresh(target, refresh_ms(&headers));
    drop(store);
    Ok(json(StatusCode::OK, &RefreshKey { refresh_key }))
}

/// `GET /sources/{id}/tables/{table_id}/refresh_columns_status?refresh_key=K`.
pub async fn refresh_columns_status(
    State(state): State<Arc<AppState>>,
    ids: Result<Path<(String, String)>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let target = table_target(&state, ids)?;
    refresh_answer(
        &state,
        target,
        query.as_deref(),
        "Refresh job not found for this table",
    )
}
