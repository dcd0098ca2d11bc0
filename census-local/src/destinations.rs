//! The `/api/v1/destinations` handlers: destinations, their objects (one object by its full name,
//! a single percent-encoded path segment) and the refresh of their object lists. Lists page as
//! `/sources` does; unknown ids and names are 404s; bad bodies are 422s naming the field.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use census_core::models::{JsonObject, RefreshKey};
use census_core::syncs::{Destination, DestinationObject};
use serde::Serialize;
use serde_json::Value;

use crate::AppState;
use crate::api::{
    Envelope, Paging, created_answer, numeric_id, parse_query, read_json, refresh_answer,
};
use crate::clock::iso8601;
use crate::connectors::{CONNECTORS, connector};
use crate::http::{ApiError, json, refresh_ms};
use crate::outbound::{DestinationRecord, without_fields};
use crate::schemas;
use crate::store::RefreshTarget;

/// The routes of `/destinations`, below `/api/v1`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/destinations",
            get(list_destinations).post(create_destination),
        )
        .route(
            "/destinations/{id}",
            get(get_destination)
                .patch(update_destination)
                .delete(delete_destination),
        )
        .route("/destinations/{id}/objects", get(list_objects))
        // One segment: a `/` in a full name arrives as `%2F`, which the router does not split
        // on; the extractor then decodes the segment once.
        .route(
            "/destinations/{id}/objects/{object_full_name}",
            get(get_object),
        )
        .route("/destinations/{id}/refresh_objects", post(refresh_objects))
        .route(
            "/destinations/{id}/refresh_objects_status",
            get(refresh_objects_status),
        )
}

#[derive(Serialize)]
struct StatusOnly {
    status: &'static str,
}

pub(crate) fn destination_not_found() -> ApiError {
    ApiError::not_found("Destination not found")
}

/// A 422 naming the field at `path`.
fn invalid(path: &str, problem: impl std::fmt::Display) -> ApiError {
    ApiError::unprocessable(format!("{path}: {problem}"))
}

/// The numeric id of a `/destinations/{id}` path; anything else names no destination.
fn destination_id(path: Result<Path<String>, PathRejection>) -> Option<u64> {
    path.ok().and_then(|Path(raw)| numeric_id(&raw))
}

/// `GET /destinations?page&per_page&order`, by creation time (then id), without objects.
pub async fn list_destinations(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = parse_query(query.as_deref().unwrap_or(""));
    let paging = Paging::read(&params)?;
    let (total, data) = {
        let store = state.store();
        let mut records: Vec<&DestinationRecord> = store.outbound.destinations.values().collect();
        records.sort_by_key(|r| (r.created_ms, r.destination.id));
        let (total, page) = paging.window(records);
        let data: Vec<Destination> = page.into_iter().map(|r| r.destination.clone()).collect();
        (total, data)
    };
    Ok(paging.answer(&state, &headers, "/destinations", "", data, total))
}

/// `GET /destinations/{id}`: the destination with its objects (without their fields).
pub async fn get_destination(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = destination_id(id).ok_or_else(destination_not_found)?;
    let destination = state
        .store()
        .outbound
        .destinations
        .get(&id)
        .map(DestinationRecord::with_objects)
        .ok_or_else(destination_not_found)?;
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: destination,
        },
    ))
}

/// `service_connection` of a destination body.
fn service_connection(body: &Value) -> Result<&JsonObject, ApiError> {
    body.get("service_connection")
        .and_then(Value::as_object)
        .ok_or_else(|| invalid("service_connection", "must be an object"))
}

/// `service_connection.name` when present: a non-empty string.
fn name_field(connection: &JsonObject) -> Result<String, ApiError> {
    match connection.get("name") {
        Some(Value::String(name)) if !name.trim().is_empty() => Ok(name.trim().to_owned()),
        _ => Err(invalid(
            "service_connection.name",
            "must be a non-empty string",
        )),
    }
}

fn credentials_field(connection: &JsonObject) -> Result<JsonObject, ApiError> {
    match connection.get("credentials") {
        Some(Value::Object(credentials)) => Ok(credentials.clone()),
        _ => Err(invalid(
            "service_connection.credentials",
            "must be an object",
        )),
    }
}

/// `POST /destinations` with `{"service_connection": {type, name?, credentials}}`: answered as
/// `POST /sources` is, 201 with the whole destination, or the older `200 {"id": N}` shape when
/// the [`CREATE_SHAPE_HEADER`] asks for it.
pub async fn create_destination(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = read_json(body)?;
    let connection = service_connection(&body)?;
    let service = match connection.get("type") {
        Some(Value::String(text)) if !text.trim().is_empty() => text.trim(),
        _ => {
            return Err(invalid(
                "service_connection.type",
                "must be a non-empty string",
            ));
        }
    };
    let Some(kind) = connector(service) else {
        let known: Vec<&str> = CONNECTORS.iter().map(|c| c.service_name).collect();
        return Err(invalid(
            "service_connection.type",
            format!(
                "{service:?} is not a known connector (known: {})",
                known.join(", ")
            ),
        ));
    };
    let credentials = credentials_field(connection)?;
    let name = match connection.get("name") {
        None | Some(Value::Null) => kind.label.to_owned(),
        Some(_) => name_field(connection)?,
    };

    let (connection_details, shown_credentials) = kind.shown(&credentials);
    let mut store = state.store();
    let outbound = &mut store.outbound;
    let id = outbound.take_destination_id();
    let created_ms = outbound.creation_time();
    let record = DestinationRecord {
        destination: Destination {
            id,
            name,
            destination_type: Some(kind.service_name.to_owned()),
            created_at: Some(iso8601(created_ms)),
            last_test_succeeded: None,
            last_tested_at: None,
            connection_details,
            credentials: shown_credentials,
            objects: None,
        },
        credentials,
        created_ms,
        objects: schemas::objects(kind.service_name),
    };
    let shown = record.with_objects();
    outbound.insert_destination(record);
    drop(store);

    Ok(created_answer(&headers, id, &shown))
}

/// `PATCH /destinations/{id}` with `{"service_connection": {name?, credentials?}}`: credentials
/// are merged key by key into the stored ones, as for sources; the type is fixed.
pub async fn update_destination(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    // An unknown destination is reported before anything about the body.
    let id = destination_id(id).ok_or_else(destination_not_found)?;
    if !state.store().outbound.destinations.contains_key(&id) {
        return Err(destination_not_found());
    }
    let body = read_json(body)?;
    let connection = service_connection(&body)?;
    if connection.contains_key("type") {
        return Err(invalid(
            "service_connection.type",
            "can only be set at creation",
        ));
    }
    let name = match connection.get("name") {
        None => None,
        Some(_) => Some(name_field(connection)?),
    };
    let credentials = match connection.get("credentials") {
        None => None,
        Some(_) => Some(credentials_field(connection)?),
    };
    if name.is_none() && credentials.is_none() {
        return Err(invalid(
            "service_connection",
            "nothing to update; give name or credentials",
        ));
    }

    let mut store = state.store();
    let record = store
        .outbound
        .destinations
        .get_mut(&id)
        .ok_or_else(destination_not_found)?;
    if let Some(name) = name {
        record.destination.name = name;
    }
    if let Some(credentials) = credentials {
        record.credentials.extend(credentials);
        if let Some(kind) = record
            .destination
            .destination_type
            .as_deref()
            .and_then(connector)
        {
            let (details, shown) = kind.shown(&record.credentials);
            record.destination.connection_details = details;
            record.destination.credentials = shown;
        }
    }
    let destination = record.with_objects();
    drop(store);
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "updated",
            data: destination,
        },
    ))
}

/// `DELETE /destinations/{id}`. Syncs to it stay; their runs then fail (see `syncs`).
pub async fn delete_destination(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = destination_id(id).ok_or_else(destination_not_found)?;
    state
        .store()
        .outbound
        .destinations
        .remove(&id)
        .ok_or_else(destination_not_found)?;
    Ok(json(StatusCode::OK, &StatusOnly { status: "deleted" }))
}

/// `GET /destinations/{id}/objects?page&per_page&order`: the objects without their fields, in
/// the destination's own order (`asc`) or reversed.
pub async fn list_objects(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let id = destination_id(id).ok_or_else(destination_not_found)?;
    let params = parse_query(query.as_deref().unwrap_or(""));
    let store = state.store();
    let record = store
        .outbound
        .destinations
        .get(&id)
        .ok_or_else(destination_not_found)?;
    let paging = Paging::read(&params)?;
    let (total, page) = paging.window(record.objects.iter().collect());
    let data: Vec<DestinationObject> = page.into_iter().map(without_fields).collect();
    Ok(paging.answer(
        &state,
        &headers,
        &format!("/destinations/{id}/objects"),
        "",
        data,
        total,
    ))
}

/// `GET /destinations/{id}/objects/{object_full_name}`: the object with its fields. The name is
/// the one path segment decoded once, so `exports%2F2024%2Fusers.csv` names
/// `exports/2024/users.csv` and `50%25` names `50%`.
pub async fn get_object(
    State(state): State<Arc<AppState>>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    // A segment that is not UTF-8 once decoded names nothing here.
    let (id, name) = match path {
        Ok(Path((id, name))) => (numeric_id(&id), Some(name)),
        Err(_) => (None, None),
    };
    let store = state.store();
    let record = id
        .and_then(|id| store.outbound.destinations.get(&id))
        .ok_or_else(destination_not_found)?;
    let object = name
        .as_deref()
        .and_then(|name| record.object(name))
        .cloned()
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "Object {:?} not found in this destination",
                name.unwrap_or_default()
            ))
        })?;
    drop(store);
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: object,
        },
    ))
}

/// `POST /destinations/{id}/refresh_objects`: `{"refresh_key": K}` without an envelope, as
/// `refresh_tables` answers; the job takes `--refresh-ms` like a table refresh.
pub async fn refresh_objects(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = destination_id(id).ok_or_else(destination_not_found)?;
    let mut store = state.store();
    if !store.outbound.destinations.contains_key(&id) {
        return Err(destination_not_found());
    }
    let refresh_key =
        store.start_refresh(RefreshTarget::DestinationObjects(id), refresh_ms(&headers));
    drop(store);
    Ok(json(StatusCode::OK, &RefreshKey { refresh_key }))
}

/// `GET /destinations/{id}/refresh_objects_status?refresh_key=K`: `processing`, then `completed`.
pub async fn refresh_objects_status(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let id = destination_id(id).ok_or_else(destination_not_found)?;
    if !state.store().outbound.destinations.contains_key(&id) {
        return Err(destination_not_found());
    }
    refresh_answer(
        &state,
        RefreshTarget::DestinationObjects(id),
        query.as_deref(),
        "Refresh job not found for this destination",
    )
}
