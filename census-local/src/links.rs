//! Connect and management links: URIs to hand to a user, valid for 24 hours, that can be revoked.
//!
//! | routes | link |
//! |---|---|
//! | `GET/POST /source_connect_links` `{type, redirect_uri?}`, `POST /source_connect_links/{id}/revoke` | connect a new source of `type` (a source type with `creatable_via_connect_link`) |
//! | `POST /sources/{id}/connect_links` `{redirect_uri?}` (201) | reauthorize source `id` (listed with the source connect links, with `source_id`) |
//! | `GET/POST /destination_connect_links` `{type, redirect_uri?}`, `GET /destination_connect_links/{id}`, `POST …/{id}/revoke` | connect a new destination of `type` (a `/connectors` service name) |
//! | `GET /destination_connect_links/types` | the destination types a link can connect (census-core `Connector`s, unpaged) |
//! | `POST /destinations/{id}/connect_links` `{redirect_uri?}` (201) | reauthorize destination `id` |
//! | `GET/POST /sync_management_links` `{redirect_uri}` (201), `POST …/{id}/revoke` | create a sync in the embedded UI |
//! | `POST /syncs/{id}/connect_links` `{redirect_uri?}` (201) | edit sync `id` (listed with the sync management links, with `sync_id`) |
//! | `POST /segment_management_links` `{redirect_uri?, source_id?}` (201) | create a segment |
//! | `POST /sources/{id}/filter_segments/{segment_id}/segment_management_links` `{redirect_uri?}` (201) | edit that segment |
//!
//! Every link is census-core's `Link`: `{id, uri, type?, redirect_uri?, expiration, expired,
//! revoked, source_id?, destination_id?, sync_id?, created_at}`. `expiration` is 24 hours after
//! creation and `expired` says whether it has passed (on tokio's clock for links made in this
//! session). `uri` is on the host the request addressed, under `/embedded/…`, which this server
//! does not serve. A revoke answers the link, `revoked: true`; revoking again changes nothing.
//! Lists page by creation time; created links answer 201 `{"status": "created", "data": link}`.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use census_core::models::JsonObject;
use census_core::syncs::Connector;
use census_core::workspace_models::Link;
use serde_json::Value;

use crate::AppState;
use crate::api::{
    Envelope, Paging, origin, parse_query, read_object, read_optional_object, source_not_found,
};
use crate::browse::{path_id, path_ids, source_record};
use crate::connectors::{CONNECTORS, connector};
use crate::destinations::destination_not_found;
use crate::fields::{id_value, optional_url};
use crate::holdings::LinkKind;
use crate::http::{ApiError, invalid, json};
use crate::segments::segment_not_found;
use crate::store::source_type;
use crate::syncs::sync_not_found;

/// The routes of every kind of link, below `/api/v1`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/source_connect_links",
            get(list_source_links).post(create_source_link),
        )
        .route(
            "/source_connect_links/{id}/revoke",
            post(revoke_source_link),
        )
        .route("/sources/{id}/connect_links", post(reauthorize_source))
        .route(
            "/destination_connect_links",
            get(list_destination_links).post(create_destination_link),
        )
        .route(
            "/destination_connect_links/types",
            get(destination_link_types),
        )
        .route("/destination_connect_links/{id}", get(get_destination_link))
        .route(
            "/destination_connect_links/{id}/revoke",
            post(revoke_destination_link),
        )
        .route(
            "/destinations/{id}/connect_links",
            post(reauthorize_destination),
        )
        .route(
            "/sync_management_links",
            get(list_sync_links).post(create_sync_link),
        )
        .route("/sync_management_links/{id}/revoke", post(revoke_sync_link))
        .route("/syncs/{id}/connect_links", post(edit_sync_link))
        .route("/segment_management_links", post(create_segment_link))
        .route(
            "/sources/{id}/filter_segments/{segment_id}/segment_management_links",
            post(edit_segment_link),
        )
}

fn link_not_found() -> ApiError {
    ApiError::not_found("Link not found")
}

/// An empty link, to be filled in.
fn blank() -> Link {
    Link {
        id: 0,
        uri: None,
        link_type: None,
        redirect_uri: None,
        expiration: None,
        expired: None,
        revoked: None,
        source_id: None,
        destination_id: None,
        sync_id: None,
        segment_id: None,
        created_at: None,
    }
}

/// Stores a new link of `kind` and answers it, 201.
fn created(state: &AppState, headers: &HeaderMap, kind: LinkKind, link: Link) -> Response {
    let shown = state
        .store()
        .holdings
        .add_link(kind, link)
        .view(&origin(state, headers));
    json(
        StatusCode::CREATED,
        &Envelope {
            status: "created",
            data: shown,
        },
    )
}

/// The links of `kind`, paged by creation time.
fn list(
    state: &AppState,
    headers: &HeaderMap,
    query: Option<&str>,
    kind: LinkKind,
    path: &str,
) -> Result<Response, ApiError> {
    let params = parse_query(query.unwrap_or(""));
    let paging = Paging::read(&params)?;
    let at = origin(state, headers);
    let mut links: Vec<(i64, Link)> = state
        .store()
        .holdings
        .links
        .values()
        .filter(|l| l.kind == kind)
        .map(|l| (l.created_ms, l.view(&at)))
        .collect();
    links.sort_by_key(|(created_ms, link)| (*created_ms, link.id));
    let (total, page) = paging.window(links);
    let data: Vec<Link> = page.into_iter().map(|(_, link)| link).collect();
    Ok(paging.answer(state, headers, path, "", data, total))
}

/// Link `id` of `kind`, revoked, or only read (`revoke: false`).
fn one(
    state: &AppState,
    headers: &HeaderMap,
    id: Result<Path<String>, PathRejection>,
    kind: LinkKind,
    revoke: bool,
) -> Result<Response, ApiError> {
    let id = path_id(id).ok_or_else(link_not_found)?;
    let at = origin(state, headers);
    let mut store = state.store();
    let record = store
        .holdings
        .links
        .get_mut(&id)
        .filter(|l| l.kind == kind)
        .ok_or_else(link_not_found)?;
    if revoke {
        record.link.revoked = Some(true);
    }
    let link = record.view(&at);
    drop(store);
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: link,
        },
    ))
}

/// `type` of a connect link body: a non-empty string.
fn link_type(body: &JsonObject) -> Result<String, ApiError> {
    match body.get("type") {
        None | Some(Value::Null) => Err(invalid("type", "is required")),
        Some(Value::String(kind)) if !kind.trim().is_empty() => Ok(kind.trim().to_owned()),
        Some(_) => Err(invalid("type", "must be a non-empty string")),
    }
}

/// `GET /source_connect_links?page&per_page&order`: new-source and reauthorization links.
pub async fn list_source_links(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    list(
        &state,
        &headers,
        query.as_deref(),
        LinkKind::SourceConnect,
        "/source_connect_links",
    )
}

/// `POST /source_connect_links` with `{type, redirect_uri?}`.
pub async fn create_source_link(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = read_object(body)?;
    let kind = link_type(&body)?;
    let known = source_type(&kind).ok_or_else(|| {
        invalid(
            "type",
            format!("{kind:?} is not a source type (see /source_types)"),
        )
    })?;
    if !known.creatable_via_connect_link {
        return Err(invalid(
            "type",
            format!("{kind:?} sources cannot be connected through a link"),
        ));
    }
    let redirect_uri = optional_url(&body, "redirect_uri", false)?;
    let link = Link {
        link_type: Some(kind),
        redirect_uri,
        ..blank()
    };
    Ok(created(&state, &headers, LinkKind::SourceConnect, link))
}

/// `POST /source_connect_links/{id}/revoke`.
pub async fn revoke_source_link(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    one(&state, &headers, id, LinkKind::SourceConnect, true)
}

/// `POST /sources/{id}/connect_links` with `{redirect_uri?}`: a link to reauthorize the source.
pub async fn reauthorize_source(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(id).ok_or_else(source_not_found)?;
    let kind = state
        .store()
        .sources
        .get(&id)
        .map(|r| r.source.source_type.clone())
        .ok_or_else(source_not_found)?;
    let body = read_optional_object(body)?;
    let link = Link {
        link_type: kind,
        redirect_uri: optional_url(&body, "redirect_uri", false)?,
        source_id: Some(id),
        ..blank()
    };
    Ok(created(&state, &headers, LinkKind::SourceConnect, link))
}

/// `GET /destination_connect_links?page&per_page&order`.
pub async fn list_destination_links(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    list(
        &state,
        &headers,
        query.as_deref(),
        LinkKind::DestinationConnect,
        "/destination_connect_links",
    )
}

/// `POST /destination_connect_links` with `{type, redirect_uri?}`.
pub async fn create_destination_link(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = read_object(body)?;
    let kind = link_type(&body)?;
    if connector(&kind).is_none() {
        return Err(invalid(
            "type",
            format!("{kind:?} is not a destination type (see /destination_connect_links/types)"),
        ));
    }
    let link = Link {
        link_type: Some(kind),
        redirect_uri: optional_url(&body, "redirect_uri", false)?,
        ..blank()
    };
    Ok(created(
        &state,
        &headers,
        LinkKind::DestinationConnect,
        link,
    ))
}

/// `GET /destination_connect_links/types`: every destination type, as `/connectors` lists them.
pub async fn destination_link_types() -> Response {
    let data: Vec<Connector> = CONNECTORS.iter().map(|c| c.wire()).collect();
    json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data,
        },
    )
}

/// `GET /destination_connect_links/{id}`.
pub async fn get_destination_link(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    one(&state, &headers, id, LinkKind::DestinationConnect, false)
}

/// `POST /destination_connect_links/{id}/revoke`.
pub async fn revoke_destination_link(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    one(&state, &headers, id, LinkKind::DestinationConnect, true)
}

/// `POST /destinations/{id}/connect_links` with `{redirect_uri?}`: a reauthorization link.
pub async fn reauthorize_destination(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(id).ok_or_else(destination_not_found)?;
    let kind = state
        .store()
        .outbound
        .destinations
        .get(&id)
        .map(|r| r.destination.destination_type.clone())
        .ok_or_else(destination_not_found)?;
    let body = read_optional_object(body)?;
    let link = Link {
        link_type: kind,
        redirect_uri: optional_url(&body, "redirect_uri", false)?,
        destination_id: Some(id),
        ..blank()
    };
    Ok(created(
        &state,
        &headers,
        LinkKind::DestinationConnect,
        link,
    ))
}

/// `GET /sync_management_links?page&per_page&order`: new-sync and sync edit links.
pub async fn list_sync_links(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    list(
        &state,
        &headers,
        query.as_deref(),
        LinkKind::SyncManagement,
        "/sync_management_links",
    )
}

/// `POST /sync_management_links` with `{redirect_uri}` (required).
pub async fn create_sync_link(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = read_object(body)?;
    let redirect_uri = optional_url(&body, "redirect_uri", false)?
        .ok_or_else(|| invalid("redirect_uri", "is required"))?;
    let link = Link {
        redirect_uri: Some(redirect_uri),
        ..blank()
    };
    Ok(created(&state, &headers, LinkKind::SyncManagement, link))
}

/// `POST /sync_management_links/{id}/revoke`.
pub async fn revoke_sync_link(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    one(&state, &headers, id, LinkKind::SyncManagement, true)
}

/// `POST /syncs/{id}/connect_links` with `{redirect_uri?}`: a link to edit the sync.
pub async fn edit_sync_link(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(id).ok_or_else(sync_not_found)?;
    if !state.store().outbound.syncs.contains_key(&id) {
        return Err(sync_not_found());
    }
    let body = read_optional_object(body)?;
    let link = Link {
        redirect_uri: optional_url(&body, "redirect_uri", false)?,
        sync_id: Some(id),
        ..blank()
    };
    Ok(created(&state, &headers, LinkKind::SyncManagement, link))
}

/// `POST /segment_management_links` with `{redirect_uri?, source_id?}`: a link to create a
/// segment (of that source, when given).
pub async fn create_segment_link(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = read_optional_object(body)?;
    let redirect_uri = optional_url(&body, "redirect_uri", false)?;
    let source_id = match body.get("source_id") {
        None | Some(Value::Null) => None,
        value => {
            let id = id_value(value, "source_id")?;
            if !state.store().sources.contains_key(&id) {
                return Err(invalid("source_id", format!("no source has id {id}")));
            }
            Some(id)
        }
    };
    let link = Link {
        redirect_uri,
        source_id,
        ..blank()
    };
    Ok(created(&state, &headers, LinkKind::SegmentManagement, link))
}

/// `POST /sources/{id}/filter_segments/{segment_id}/segment_management_links` with
/// `{redirect_uri?}`: a link to edit that segment.
pub async fn edit_segment_link(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    ids: Result<Path<(String, String)>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (source, segment) = path_ids(ids);
    let (source, segment) = {
        let store = state.store();
        let source = source_record(&store.sources, source)?.source.id;
        let segment = segment
            .filter(|id| {
                store
                    .holdings
                    .segments
                    .get(id)
                    .is_some_and(|s| s.segment.source_id == Some(source))
            })
            .ok_or_else(segment_not_found)?;
        (source, segment)
    };
    let body = read_optional_object(body)?;
    let link = Link {
        redirect_uri: optional_url(&body, "redirect_uri", false)?,
        source_id: Some(source),
        segment_id: Some(segment),
        ..blank()
    };
    Ok(created(&state, &headers, LinkKind::SegmentManagement, link))
}
