//! What a destination can create and refresh beyond its object list: the object types it can
//! create, object creation requests and their status, and the refresh of one object's fields.
//!
//! **Object types** (`GET /destinations/{id}/object_types`, `GET /connectors/{service_name}/object_types`)
//! are paged lists of a shape the reference leaves open; here each is
//! `{object_type, label, description, parameters: [{name, type, required, description}]}`:
//!
//! | destination type | object types |
//! |---|---|
//! | `google_sheets` | `worksheet` |
//! | `s3`, `gcs`, `azure_blob`, `sftp` | `file` |
//! | `hubspot`, `salesforce` | `custom_object` |
//! | `braze` | `catalog` |
//! | `google_ads`, `facebook`, `linkedin_ads`, `tiktok_ads` | `audience` |
//! | any other | none |
//!
//! **Object creation** (`POST /destinations/{id}/object_creation_requests` with
//! `{object_type, name, …}`) answers `201 {"status": "created", "url": URL}`, URL the absolute
//! address of `GET /destinations/{id}/object_creation_requests/{request_id}` on the host the
//! request addressed. That status is `{"status": "processing"}` for `--refresh-ms`, then
//! `{"status": "completed", "details": {"full_name": …}}`, and from then on the object is one of
//! the destination's objects ([`settle`] adds it before the next request is handled).
//!
//! **Fields refresh**: `POST /destinations/{id}/objects/{object_full_name}/refresh_fields` →
//! `{"refresh_key": K}`, `GET …/refresh_fields_status?refresh_key=K`, as the other refreshes.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post};
use census_core::models::RefreshKey;
use census_core::syncs::{DestinationField, DestinationObject};
use census_core::workspace_models::{JobStarted, JobStatus};
use serde::Serialize;
use serde_json::json as json_value;

use crate::AppState;
use crate::api::{Paging, api_url, numeric_id, parse_query, read_object, refresh_answer};
use crate::browse::path_id;
use crate::connectors::connector;
use crate::destinations::destination_not_found;
use crate::fields::required_text;
use crate::holdings::{ObjectCreation, Since};
use crate::http::{ApiError, invalid, json, refresh_ms};
use crate::store::{RefreshTarget, Store};

/// The routes of object types, creations and field refreshes, below `/api/v1`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/destinations/{id}/object_types",
            get(destination_object_types),
        )
        .route(
            "/connectors/{service_name}/object_types",
            get(connector_object_types),
        )
        .route(
            "/destinations/{id}/object_creation_requests",
            post(create_object),
        )
        .route(
            "/destinations/{id}/object_creation_requests/{request_id}",
            get(creation_status),
        )
        .route(
            "/destinations/{id}/objects/{object_full_name}/refresh_fields",
            post(refresh_fields),
        )
        .route(
            "/destinations/{id}/objects/{object_full_name}/refresh_fields_status",
            get(refresh_fields_status),
        )
}

/// A member of an object creation body.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Parameter {
    name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    required: bool,
    description: &'static str,
}

/// A kind of object a destination can create.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ObjectType {
    object_type: &'static str,
    label: &'static str,
    description: &'static str,
    parameters: &'static [Parameter],
    /// The operations syncs to a created object may use.
    #[serde(skip)]
    operations: &'static [&'static str],
    /// The key field a created object starts with, if any: name and type.
    #[serde(skip)]
    key: Option<(&'static str, &'static str)>,
}

const NAME: Parameter = Parameter {
    name: "name",
    kind: "string",
    required: true,
    description: "The new object's name.",
};

const WORKSHEET: ObjectType = ObjectType {
    object_type: "worksheet",
    label: "Worksheet",
    description: "A new sheet in the destination's spreadsheet.",
    parameters: &[NAME],
    operations: &["mirror", "append"],
    key: None,
};
const FILE: ObjectType = ObjectType {
    object_type: "file",
    label: "File",
    description: "A new file, named by its path in the bucket or folder.",
    parameters: &[
        NAME,
        Parameter {
            name: "format",
            kind: "string",
            required: false,
            description: "csv (the default), json or parquet.",
        },
    ],
    operations: &["mirror", "append"],
    key: None,
};
const CUSTOM_OBJECT: ObjectType = ObjectType {
    object_type: "custom_object",
    label: "Custom object",
    description: "A new custom object type, keyed by an external id.",
    parameters: &[
        NAME,
        Parameter {
            name: "label",
            kind: "string",
            required: false,
            description: "Its display name; the name by default.",
        },
    ],
    operations: &["upsert", "update", "insert"],
    key: Some(("external_id", "String")),
};
const CATALOG: ObjectType = ObjectType {
    object_type: "catalog",
    label: "Catalog",
    description: "A new catalog of items, keyed by id.",
    parameters: &[NAME],
    operations: &["upsert", "mirror"],
    key: Some(("id", "String")),
};
const AUDIENCE: ObjectType = ObjectType {
    object_type: "audience",
    label: "Audience",
    description: "A new customer list matched by email.",
    parameters: &[NAME],
    operations: &["mirror", "append"],
    key: Some(("email", "Email")),
};

/// The object types destinations of type `service` can create.
pub fn object_types(service: &str) -> &'static [ObjectType] {
    match service {
        "google_sheets" => &[WORKSHEET],
        "s3" | "gcs" | "azure_blob" | "sftp" => &[FILE],
        "hubspot" | "salesforce" => &[CUSTOM_OBJECT],
        "braze" => &[CATALOG],
        "google_ads" | "facebook" | "linkedin_ads" | "tiktok_ads" => &[AUDIENCE],
        _ => &[],
    }
}

/// The `service_name` of destination `id`, which must exist.
fn destination_type(store: &Store, id: Option<u64>) -> Result<(u64, String), ApiError> {
    let record = id
        .and_then(|id| store.outbound.destinations.get(&id))
        .ok_or_else(destination_not_found)?;
    Ok((
        record.destination.id,
        record
            .destination
            .destination_type
            .clone()
            .unwrap_or_default(),
    ))
}

/// One page of `types`.
fn page_of(
    state: &AppState,
    headers: &HeaderMap,
    query: Option<&str>,
    path: &str,
    types: &'static [ObjectType],
) -> Result<Response, ApiError> {
    let params = parse_query(query.unwrap_or(""));
    let paging = Paging::read(&params)?;
    let (total, data) = paging.window(types.iter().collect());
    Ok(paging.answer(state, headers, path, "", data, total))
}

/// `GET /destinations/{id}/object_types?page&per_page&order`.
pub async fn destination_object_types(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let (id, service) = destination_type(&state.store(), path_id(id))?;
    page_of(
        &state,
        &headers,
        query.as_deref(),
        &format!("/destinations/{id}/object_types"),
        object_types(&service),
    )
}

/// `GET /connectors/{service_name}/object_types?page&per_page&order`.
pub async fn connector_object_types(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    name: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let name = name.map(|Path(name)| name).unwrap_or_default();
    let kind = connector(&name)
        .ok_or_else(|| ApiError::not_found(format!("Connector {name:?} not found")))?;
    page_of(
        &state,
        &headers,
        query.as_deref(),
        &format!("/connectors/{}/object_types", kind.service_name),
        object_types(kind.service_name),
    )
}

/// The object a creation of `kind` named `name` makes.
fn new_object(kind: &ObjectType, name: &str, label: Option<String>) -> DestinationObject {
    let key = kind.key.map(|(field, field_type)| DestinationField {
        full_name: field.to_owned(),
        label: Some(field.to_owned()),
        field_type: Some(field_type.to_owned()),
        createable: Some(true),
        updateable: Some(false),
        operations: Some(Vec::new()),
        array: Some(false),
        preserve_values_supported: Some(false),
        required_for_mapping: Some(true),
        can_be_upsert_key: Some(true),
        can_be_update_key: Some(true),
        can_be_insert_key: Some(true),
        can_be_reference_key: Some(true),
        lookup_object: None,
    });
    DestinationObject {
        full_name: name.to_owned(),
        label: Some(label.unwrap_or_else(|| name.to_owned())),
        allow_custom_fields: Some(true),
        allow_case_sensitive_field_names: Some(false),
        supported_operations: Some(kind.operations.iter().map(|op| (*op).to_owned()).collect()),
        fields: Some(key.into_iter().collect()),
    }
}

/// `POST /destinations/{id}/object_creation_requests` with `{object_type, name, …}`: 201
/// `{"status": "created", "url": URL}` (census-core's `JobStarted`).
pub async fn create_object(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (id, service) = destination_type(&state.store(), path_id(id))?;
    let body = read_object(body)?;
    let offered = object_types(&service);
    let wanted = required_text(&body, "object_type")?;
    let kind = offered
        .iter()
        .find(|t| t.object_type == wanted)
        .ok_or_else(|| {
            let names: Vec<&str> = offered.iter().map(|t| t.object_type).collect();
            invalid(
                "object_type",
                if names.is_empty() {
                    format!("{service} destinations cannot create objects")
                } else {
                    format!(
                        "{wanted:?} is not an object type of this destination (it can create: {})",
                        names.join(", ")
                    )
                },
            )
        })?;
    let name = required_text(&body, "name")?;
    let label = match body.get("label") {
        Some(serde_json::Value::String(label)) if !label.trim().is_empty() => {
            Some(label.trim().to_owned())
        }
        _ => None,
    };
    let mut store = state.store();
    let taken = store
        .outbound
        .destinations
        .get(&id)
        .is_some_and(|d| d.object(&name).is_some())
        || store
            .holdings
            .creations
            .values()
            .any(|c| c.destination == id && !c.applied && c.object.full_name == name);
    if taken {
        return Err(invalid(
            "name",
            format!("an object named {name:?} already exists in this destination"),
        ));
    }
    let request_id = store.holdings.take_creation_id();
    store.holdings.creations.insert(
        request_id,
        ObjectCreation {
            destination: id,
            object: new_object(kind, &name, label),
            started: Since::now(),
            applied: false,
        },
    );
    drop(store);
    Ok(json(
        StatusCode::CREATED,
        &JobStarted {
            status: Some("created".into()),
            url: Some(api_url(
                &state,
                &headers,
                &format!("/destinations/{id}/object_creation_requests/{request_id}"),
            )),
            status_endpoint: None,
            data: None,
        },
    ))
}

/// `GET /destinations/{id}/object_creation_requests/{request_id}`: `processing`, then
/// `completed` with the object's `full_name` in `details`.
pub async fn creation_status(
    State(state): State<Arc<AppState>>,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    let (destination, request) = match ids {
        Ok(Path((d, r))) => (numeric_id(&d), numeric_id(&r)),
        Err(_) => (None, None),
    };
    let store = state.store();
    let (id, _) = destination_type(&store, destination)?;
    let creation = request
        .and_then(|r| store.holdings.creations.get(&r))
        .filter(|c| c.destination == id)
        .ok_or_else(|| ApiError::not_found("Object creation request not found"))?;
    let done = creation.applied || creation.started.done(state.refresh);
    let details = json_value!({
        "full_name": creation.object.full_name,
        "label": creation.object.label,
    });
    drop(store);
    Ok(json(
        StatusCode::OK,
        &JobStatus {
            status: if done { "completed" } else { "processing" }.into(),
            details: Some(details),
        },
    ))
}

/// Adds every object whose creation has taken `--refresh-ms` to its destination (still there,
/// and without an object of that name), before the request is handled: the middleware that
/// makes created objects appear on time.
pub async fn settle(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    {
        let mut store = state.store();
        let store = &mut *store;
        for creation in store.holdings.creations.values_mut() {
            if creation.applied || !creation.started.done(state.refresh) {
                continue;
            }
            creation.applied = true;
            if let Some(destination) = store.outbound.destinations.get_mut(&creation.destination) {
                if destination.object(&creation.object.full_name).is_none() {
                    destination.objects.push(creation.object.clone());
                }
            }
        }
    }
    next.run(request).await
}

/// The refresh target of `/destinations/{id}/objects/{object_full_name}/…`, whose object exists.
fn fields_target(
    state: &AppState,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<RefreshTarget, ApiError> {
    let (id, name) = match path {
        Ok(Path((id, name))) => (numeric_id(&id), Some(name)),
        Err(_) => (None, None),
    };
    let store = state.store();
    let record = id
        .and_then(|id| store.outbound.destinations.get(&id))
        .ok_or_else(destination_not_found)?;
    let name = name
        .filter(|name| record.object(name).is_some())
        .ok_or_else(|| ApiError::not_found("Object not found in this destination"))?;
    Ok(RefreshTarget::ObjectFields {
        destination: record.destination.id,
        object: name,
    })
}

/// `POST /destinations/{id}/objects/{object_full_name}/refresh_fields`: `{"refresh_key": K}`.
pub async fn refresh_fields(
    State(state): State<Arc<AppState>>,
    path: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let target = fields_target(&state, path)?;
    let refresh_key = state.store().start_refresh(target, refresh_ms(&headers));
    Ok(json(StatusCode::OK, &RefreshKey { refresh_key }))
}

/// `GET /destinations/{id}/objects/{object_full_name}/refresh_fields_status?refresh_key=K`.
pub async fn refresh_fields_status(
    State(state): State<Arc<AppState>>,
    path: Result<Path<(String, String)>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let target = fields_target(&state, path)?;
    refresh_answer(
        &state,
        target,
        query.as_deref(),
        "Refresh job not found for this object",
    )
}
