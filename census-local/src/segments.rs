//! A source's segments (`filter_segments`): list with a name search, create, fetch, update,
//! delete, and the status of a segment's build.
//!
//! Census answers a create before the segment is built:
//! `201 {"status": "created", "data": {"id": N}, "filter_segment_source_url": URL}`, where URL is
//! the absolute address of `GET /sources/{id}/filter_segments/{N}/source_status` on the host the
//! request addressed. That status answers `{"status": "processing"}` for `--refresh-ms`, then
//! `{"status": "completed"}`; changing a segment's `molecules` or `cohorts` builds it again.
//!
//! Bodies: `{name, description?, molecules?: [...], cohorts?: [{name, percentage, is_control?}]}`.
//! `molecules` (the recursive filter) is kept as sent; cohorts get ids and a
//! `resource_identifier`, and their percentages may add up to 100 at most.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use census_core::models::JsonObject;
use census_core::workspace_models::{Cohort, JobStatus, Segment};
use serde::Serialize;
use serde_json::Value;

use crate::AppState;
use crate::api::{Envelope, Paging, api_url, param, parse_query, read_object, source_not_found};
use crate::browse::{path_id, path_ids, source_record};
use crate::clock::iso8601;
use crate::fields::{optional_list, optional_name, optional_text, required_text};
use crate::holdings::{Holdings, SegmentRecord, Since};
use crate::http::{ApiError, invalid, json};
use crate::percent::percent_encode;

/// The routes of a source's segments, below `/api/v1`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/sources/{id}/filter_segments",
            get(list_segments).post(create_segment),
        )
        .route(
            "/sources/{id}/filter_segments/{segment_id}",
            get(get_segment)
                .patch(update_segment)
                .delete(delete_segment),
        )
        .route(
            "/sources/{id}/filter_segments/{segment_id}/source_status",
            get(source_status),
        )
}

pub(crate) fn segment_not_found() -> ApiError {
    ApiError::not_found("Segment not found")
}

#[derive(Serialize)]
struct StatusOnly {
    status: &'static str,
}

#[derive(Serialize)]
struct IdOnly {
    id: u64,
}

/// What a create answers: the id in `data`, the status URL beside it.
#[derive(Serialize)]
struct Created {
    status: &'static str,
    data: IdOnly,
    filter_segment_source_url: String,
}

/// Whether `name` matches the `name` search: every blank-separated term of it is part of the
/// name, in any case.
fn matches(name: &str, search: &str) -> bool {
    let name = name.to_lowercase();
    search
        .to_lowercase()
        .split_whitespace()
        .all(|term| name.contains(term))
}

/// `GET /sources/{id}/filter_segments?name&page&per_page&order`: the source's segments by id,
/// those matching the `name` search only when it is given.
pub async fn list_segments(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let id = path_id(id).ok_or_else(source_not_found)?;
    let params = parse_query(query.as_deref().unwrap_or(""));
    let store = state.store();
    if !store.sources.contains_key(&id) {
        return Err(source_not_found());
    }
    let paging = Paging::read(&params)?;
    let search = param(&params, "name")
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let segments: Vec<Segment> = store
        .holdings
        .segments
        .values()
        .filter(|s| s.segment.source_id == Some(id))
        .filter(|s| search.is_none_or(|search| matches(&s.segment.name, search)))
        .map(|s| s.segment.clone())
        .collect();
    drop(store);
    let (total, data) = paging.window(segments);
    let extra = search.map_or_else(String::new, |s| format!("&name={}", percent_encode(s)));
    Ok(paging.answer(
        &state,
        &headers,
        &format!("/sources/{id}/filter_segments"),
        &extra,
        data,
        total,
    ))
}

/// `cohorts` read from a body: each `{name, percentage, is_control?}`, the percentages adding
/// up to 100 at most; new ids come from `holdings`.
pub fn read_cohorts(items: &[Value], holdings: &mut Holdings) -> Result<Vec<Cohort>, ApiError> {
    let mut cohorts = Vec::with_capacity(items.len());
    let mut sum = 0.0;
    for (index, item) in items.iter().enumerate() {
        let path = |member: &str| format!("cohorts[{index}].{member}");
        let Value::Object(item) = item else {
            return Err(invalid(&format!("cohorts[{index}]"), "must be an object"));
        };
        let name = match item.get("name") {
            Some(Value::String(name)) if !name.trim().is_empty() => name.trim().to_owned(),
            _ => return Err(invalid(&path("name"), "must be a non-empty string")),
        };
        let percentage = item
            .get("percentage")
            .and_then(Value::as_f64)
            .filter(|p| (0.0..=100.0).contains(p))
            .ok_or_else(|| invalid(&path("percentage"), "must be a number from 0 to 100"))?;
        let is_control = match item.get("is_control") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(flag)) => *flag,
            Some(_) => return Err(invalid(&path("is_control"), "must be a boolean")),
        };
        sum += percentage;
        cohorts.push((
            name,
            percentage,
            is_control,
            item.get("percentage").cloned(),
        ));
    }
    if sum > 100.0 {
        return Err(invalid(
            "cohorts",
            format!("the percentages add up to {sum}, more than 100"),
        ));
    }
    Ok(cohorts
        .into_iter()
        .map(|(name, _, is_control, percentage)| {
            let id = holdings.take_cohort_id();
            Cohort {
                id: Some(id),
                name: Some(name),
                percentage,
                is_control: Some(is_control),
                resource_identifier: Some(format!("cohort_{id}")),
            }
        })
        .collect())
}

/// `molecules` when given: a list, kept as sent.
fn read_molecules(body: &JsonObject) -> Result<Option<Value>, ApiError> {
    Ok(optional_list(body, "molecules")?.map(|items| Value::Array(items.to_vec())))
}

/// `POST /sources/{id}/filter_segments`: 201 with the id and the absolute status URL.
pub async fn create_segment(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(id).ok_or_else(source_not_found)?;
    if !state.store().sources.contains_key(&id) {
        return Err(source_not_found());
    }
    let body = read_object(body)?;
    let name = required_text(&body, "name")?;
    let description = optional_text(&body, "description")?.flatten();
    let molecules = read_molecules(&body)?;
    let cohort_items = optional_list(&body, "cohorts")?.map(<[Value]>::to_vec);

    let mut store = state.store();
    if !store.sources.contains_key(&id) {
        return Err(source_not_found());
    }
    let holdings = &mut store.holdings;
    let cohorts = cohort_items
        .map(|items| read_cohorts(&items, holdings))
        .transpose()?;
    let segment_id = holdings.take_segment_id();
    let created_ms = holdings.creation_time(holdings.segments.values().map(|s| s.created_ms));
    holdings.segments.insert(
        segment_id,
        SegmentRecord {
            segment: Segment {
                id: segment_id,
                name,
                description,
                source_id: Some(id),
                created_at: Some(iso8601(created_ms)),
                updated_at: Some(iso8601(created_ms)),
                molecules,
                cohorts,
            },
            created_ms,
            build: Since::now(),
        },
    );
    drop(store);
    Ok(json(
        StatusCode::CREATED,
        &Created {
            status: "created",
            data: IdOnly { id: segment_id },
            filter_segment_source_url: api_url(
                &state,
                &headers,
                &format!("/sources/{id}/filter_segments/{segment_id}/source_status"),
            ),
        },
    ))
}

/// The segment a `/sources/{id}/filter_segments/{segment_id}` path names, with its source's id.
fn segment_of(
    state: &AppState,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<(u64, u64), ApiError> {
    let (source, segment) = path_ids(ids);
    let store = state.store();
    let record = source_record(&store.sources, source)?;
    let source = record.source.id;
    let segment = segment
        .filter(|id| {
            store
                .holdings
                .segments
                .get(id)
                .is_some_and(|s| s.segment.source_id == Some(source))
        })
        .ok_or_else(segment_not_found)?;
    Ok((source, segment))
}

/// `GET /sources/{id}/filter_segments/{segment_id}`.
pub async fn get_segment(
    State(state): State<Arc<AppState>>,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    let (_, segment) = segment_of(&state, ids)?;
    let segment = state
        .store()
        .holdings
        .segments
        .get(&segment)
        .map(|s| s.segment.clone())
        .ok_or_else(segment_not_found)?;
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: segment,
        },
    ))
}

/// `PATCH /sources/{id}/filter_segments/{segment_id}` with any of `name`, `description`,
/// `molecules`, `cohorts`; new `molecules` or `cohorts` build the segment again.
pub async fn update_segment(
    State(state): State<Arc<AppState>>,
    ids: Result<Path<(String, String)>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (_, segment_id) = segment_of(&state, ids)?;
    let body = read_object(body)?;
    let name = optional_name(&body, "name")?;
    let description = optional_text(&body, "description")?;
    let molecules = read_molecules(&body)?;
    let cohort_items = optional_list(&body, "cohorts")?.map(<[Value]>::to_vec);
    if name.is_none() && description.is_none() && molecules.is_none() && cohort_items.is_none() {
        return Err(invalid(
            "body",
            "nothing to update; give name, description, molecules or cohorts",
        ));
    }
    let mut store = state.store();
    let holdings = &mut store.holdings;
    let cohorts = cohort_items
        .map(|items| read_cohorts(&items, holdings))
        .transpose()?;
    let updated_ms = holdings.creation_time(holdings.segments.values().map(|s| s.created_ms));
    let record = holdings
        .segments
        .get_mut(&segment_id)
        .ok_or_else(segment_not_found)?;
    let segment = &mut record.segment;
    if let Some(name) = name {
        segment.name = name;
    }
    if let Some(description) = description {
        segment.description = description;
    }
    if molecules.is_some() || cohorts.is_some() {
        record.build = Since::now();
    }
    if let Some(molecules) = molecules {
        segment.molecules = Some(molecules);
    }
    if let Some(cohorts) = cohorts {
        segment.cohorts = Some(cohorts);
    }
    segment.updated_at = Some(iso8601(updated_ms));
    let segment = segment.clone();
    drop(store);
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "updated",
            data: segment,
        },
    ))
}

/// `DELETE /sources/{id}/filter_segments/{segment_id}`.
pub async fn delete_segment(
    State(state): State<Arc<AppState>>,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    let (_, segment) = segment_of(&state, ids)?;
    state
        .store()
        .holdings
        .segments
        .remove(&segment)
        .ok_or_else(segment_not_found)?;
    Ok(json(StatusCode::OK, &StatusOnly { status: "deleted" }))
}

/// `GET /sources/{id}/filter_segments/{segment_id}/source_status`: `{"status": "processing"}`
/// while the segment builds, then `{"status": "completed"}`, without an envelope.
pub async fn source_status(
    State(state): State<Arc<AppState>>,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    let (_, segment) = segment_of(&state, ids)?;
    let built = state
        .store()
        .holdings
        .segments
        .get(&segment)
        .map(|s| s.build.done(state.refresh))
        .ok_or_else(segment_not_found)?;
    Ok(json(
        StatusCode::OK,
        &JobStatus {
            status: if built { "completed" } else { "processing" }.into(),
            details: None,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_search_takes_every_term_in_any_case() {
        assert!(matches("High-value customers (EU)", "value EU"));
        assert!(matches("High-value customers", "CUSTOMERS"));
        assert!(!matches("High-value customers", "value churn"));
    }
}
