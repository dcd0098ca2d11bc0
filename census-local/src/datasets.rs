//! Datasets: list (optionally one `type`), create, fetch, update and delete, of both kinds the
//! API has, answered as census-core's `Dataset`:
//!
//! - SQL: `{name, type: "sql", source_id, query, description?}`; `source_id` names an existing
//!   source.
//! - Entity resolution: `{name, type: "entity_resolution", source_dataset_ids, match_rules,
//!   merge_rules, description?, mode?}`; `source_dataset_ids` names existing datasets, the
//!   rules are non-empty lists of objects (`merge_rules` may be empty), kept as sent. Its
//!   `status` is `ready`.
//!
//! The type is fixed at creation; a PATCH may change the other members of its own kind.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use census_core::models::JsonObject;
use census_core::workspace_models::Dataset;
use serde::Serialize;
use serde_json::Value;

use crate::AppState;
use crate::api::{Envelope, Paging, param, parse_query, read_object};
use crate::browse::path_id;
use crate::clock::iso8601;
use crate::fields::{id_value, optional_name, optional_text, required_text};
use crate::holdings::DatasetRecord;
use crate::http::{ApiError, invalid, json};
use crate::percent::percent_encode;
use crate::store::Store;

/// The routes of `/datasets`, below `/api/v1`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/datasets", get(list_datasets).post(create_dataset))
        .route(
            "/datasets/{id}",
            get(get_dataset)
                .patch(update_dataset)
                .delete(delete_dataset),
        )
}

const SQL: &str = "sql";
const ENTITY_RESOLUTION: &str = "entity_resolution";

#[derive(Serialize)]
struct StatusOnly {
    status: &'static str,
}

fn dataset_not_found() -> ApiError {
    ApiError::not_found("Dataset not found")
}

/// `GET /datasets?type&page&per_page&order`: by creation time (then id).
pub async fn list_datasets(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = parse_query(query.as_deref().unwrap_or(""));
    let paging = Paging::read(&params)?;
    let kind = param(&params, "type").map(str::trim);
    let mut records: Vec<DatasetRecord> = state
        .store()
        .holdings
        .datasets
        .values()
        .filter(|d| kind.is_none_or(|kind| d.dataset.dataset_type == kind))
        .cloned()
        .collect();
    records.sort_by_key(|d| (d.created_ms, d.dataset.id));
    let (total, page) = paging.window(records);
    let data: Vec<Dataset> = page.into_iter().map(|d| d.dataset).collect();
    let extra = kind.map_or_else(String::new, |k| format!("&type={}", percent_encode(k)));
    Ok(paging.answer(&state, &headers, "/datasets", &extra, data, total))
}

/// A non-empty list of objects at `key` (`merge_rules` may be empty), kept as sent.
fn rules(body: &JsonObject, key: &str, may_be_empty: bool) -> Result<Value, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Err(invalid(key, "is required")),
        Some(Value::Array(items)) if items.is_empty() && !may_be_empty => {
            Err(invalid(key, "must not be empty"))
        }
        Some(Value::Array(items)) => {
            if let Some(index) = items.iter().position(|item| !item.is_object()) {
                return Err(invalid(&format!("{key}[{index}]"), "must be an object"));
            }
            Ok(Value::Array(items.clone()))
        }
        Some(_) => Err(invalid(key, "must be a list of objects")),
    }
}

/// `source_dataset_ids`: a non-empty list of the ids of other existing datasets.
fn source_datasets(
    body: &JsonObject,
    store: &Store,
    own: Option<u64>,
) -> Result<Vec<u64>, ApiError> {
    let Some(Value::Array(items)) = body.get("source_dataset_ids") else {
        return Err(invalid(
            "source_dataset_ids",
            "must be a non-empty list of dataset ids",
        ));
    };
    if items.is_empty() {
        return Err(invalid("source_dataset_ids", "must not be empty"));
    }
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let path = format!("source_dataset_ids[{index}]");
            let id = id_value(Some(item), &path)?;
            if Some(id) == own || !store.holdings.datasets.contains_key(&id) {
                return Err(invalid(&path, format!("no other dataset has id {id}")));
            }
            Ok(id)
        })
        .collect()
}

/// `source_id`: an existing source.
fn source_field(body: &JsonObject, store: &Store) -> Result<u64, ApiError> {
    let id = id_value(body.get("source_id"), "source_id")?;
    if !store.sources.contains_key(&id) {
        return Err(invalid("source_id", format!("no source has id {id}")));
    }
    Ok(id)
}

/// `POST /datasets`: 201 with the whole dataset.
pub async fn create_dataset(
    State(state): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = read_object(body)?;
    let name = required_text(&body, "name")?;
    let kind = match body.get("type") {
        Some(Value::String(kind)) if kind == SQL || kind == ENTITY_RESOLUTION => kind.clone(),
        _ => {
            return Err(invalid("type", "must be \"sql\" or \"entity_resolution\""));
        }
    };
    let description = optional_text(&body, "description")?.flatten();
    let mut store = state.store();
    let mut dataset = Dataset {
        id: 0,
        name,
        dataset_type: kind.clone(),
        description,
        source_id: None,
        query: None,
        match_rules: None,
        merge_rules: None,
        source_dataset_ids: None,
        mode: None,
        status: None,
        created_at: None,
        updated_at: None,
    };
    if kind == SQL {
        dataset.source_id = Some(source_field(&body, &store)?);
        dataset.query = Some(required_text(&body, "query")?);
    } else {
        dataset.source_dataset_ids = Some(source_datasets(&body, &store, None)?);
        dataset.match_rules = Some(rules(&body, "match_rules", false)?);
        dataset.merge_rules = Some(rules(&body, "merge_rules", true)?);
        dataset.mode = Some(optional_name(&body, "mode")?.unwrap_or_else(|| "standard".into()));
        dataset.status = Some("ready".into());
    }
    let holdings = &mut store.holdings;
    let id = holdings.take_dataset_id();
    let created_ms = holdings.creation_time(holdings.datasets.values().map(|d| d.created_ms));
    dataset.id = id;
    dataset.created_at = Some(iso8601(created_ms));
    dataset.updated_at = dataset.created_at.clone();
    holdings.datasets.insert(
        id,
        DatasetRecord {
            dataset: dataset.clone(),
            created_ms,
        },
    );
    drop(store);
    Ok(json(
        StatusCode::CREATED,
        &Envelope {
            status: "created",
            data: dataset,
        },
    ))
}

/// `GET /datasets/{id}`.
pub async fn get_dataset(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(id).ok_or_else(dataset_not_found)?;
    let dataset = state
        .store()
        .holdings
        .datasets
        .get(&id)
        .map(|d| d.dataset.clone())
        .ok_or_else(dataset_not_found)?;
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: dataset,
        },
    ))
}

/// `PATCH /datasets/{id}`: `name`, `description`, and the members of its own kind.
pub async fn update_dataset(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(id).ok_or_else(dataset_not_found)?;
    let kind = state
        .store()
        .holdings
        .datasets
        .get(&id)
        .map(|d| d.dataset.dataset_type.clone())
        .ok_or_else(dataset_not_found)?;
    let body = read_object(body)?;
    if body.contains_key("type") {
        return Err(invalid("type", "can only be set at creation"));
    }
    let (own, other): (&[&str], &[&str]) = if kind == SQL {
        (
            &["source_id", "query"],
            &["source_dataset_ids", "match_rules", "merge_rules", "mode"],
        )
    } else {
        (
            &["source_dataset_ids", "match_rules", "merge_rules", "mode"],
            &["source_id", "query"],
        )
    };
    if let Some(key) = other.iter().find(|key| body.contains_key(**key)) {
        return Err(invalid(key, format!("is not a member of {kind} datasets")));
    }
    let name = optional_name(&body, "name")?;
    let description = optional_text(&body, "description")?;
    if name.is_none() && description.is_none() && !own.iter().any(|k| body.contains_key(*k)) {
        return Err(invalid(
            "body",
            format!(
                "nothing to update; give name, description, {}",
                own.join(", ")
            ),
        ));
    }
    let mut store = state.store();
    let mut dataset = store
        .holdings
        .datasets
        .get(&id)
        .map(|d| d.dataset.clone())
        .ok_or_else(dataset_not_found)?;
    if let Some(name) = name {
        dataset.name = name;
    }
    if let Some(description) = description {
        dataset.description = description;
    }
    if body.contains_key("source_id") {
        dataset.source_id = Some(source_field(&body, &store)?);
    }
    if body.contains_key("query") {
        dataset.query = Some(required_text(&body, "query")?);
    }
    if body.contains_key("source_dataset_ids") {
        dataset.source_dataset_ids = Some(source_datasets(&body, &store, Some(id))?);
    }
    if body.contains_key("match_rules") {
        dataset.match_rules = Some(rules(&body, "match_rules", false)?);
    }
    if body.contains_key("merge_rules") {
        dataset.merge_rules = Some(rules(&body, "merge_rules", true)?);
    }
    if body.contains_key("mode") {
        dataset.mode = Some(required_text(&body, "mode")?);
    }
    let holdings = &mut store.holdings;
    let updated_ms = holdings.creation_time(holdings.datasets.values().map(|d| d.created_ms));
    dataset.updated_at = Some(iso8601(updated_ms));
    let record = holdings
        .datasets
        .get_mut(&id)
        .ok_or_else(dataset_not_found)?;
    record.dataset = dataset.clone();
    drop(store);
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "updated",
            data: dataset,
        },
    ))
}

/// `DELETE /datasets/{id}`. An entity-resolution dataset built on it keeps the id.
pub async fn delete_dataset(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(id).ok_or_else(dataset_not_found)?;
    state
        .store()
        .holdings
        .datasets
        .remove(&id)
        .ok_or_else(dataset_not_found)?;
    Ok(json(StatusCode::OK, &StatusOnly { status: "deleted" }))
}
