//! The topics of an HTTP-request source (`type: "http_request"`): list, create, fetch and
//! update. Errors are `{status, message}` with the HTTP code as the integer `status`, as the
//! reference shows them: 405 for a source of another connection type, 409 for a name another
//! topic of the source has (compared case-insensitively), 404 for an unknown source or topic
//! (in the not-found shape the request asks for), 422 naming the field for a bad body.
//!
//! Body: `{name, description?}`.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use census_core::workspace_models::Topic;

use crate::AppState;
use crate::api::{Envelope, Paging, parse_query, read_object, source_not_found};
use crate::browse::{path_id, path_ids};
use crate::clock::iso8601;
use crate::fields::{optional_name, optional_text, required_text};
use crate::holdings::TopicRecord;
use crate::http::{ApiError, invalid, json};
use crate::objects::HTTP_REQUEST;
use crate::store::Store;

/// The routes of a source's topics, below `/api/v1`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/sources/{id}/topics", get(list_topics).post(create_topic))
        .route(
            "/sources/{id}/topics/{topic_id}",
            get(get_topic).patch(update_topic),
        )
}

fn topic_not_found() -> ApiError {
    ApiError::not_found("Topic not found")
}

/// Source `id`, which must exist (404) and be an HTTP-request source (405).
fn http_source(store: &Store, id: Option<u64>) -> Result<u64, ApiError> {
    let record = id
        .and_then(|id| store.sources.get(&id))
        .ok_or_else(source_not_found)?;
    if record.source.source_type.as_deref() != Some(HTTP_REQUEST) {
        return Err(ApiError::coded(
            StatusCode::METHOD_NOT_ALLOWED,
            format!(
                "Topics are only available for HTTP Request sources; source {} is a {} connection",
                record.source.id,
                record.source.source_type.as_deref().unwrap_or_default()
            ),
        ));
    }
    Ok(record.source.id)
}

/// A 409 when another topic of `source` (not `except`) is named `name`.
fn check_unique(
    store: &Store,
    source: u64,
    name: &str,
    except: Option<u64>,
) -> Result<(), ApiError> {
    let taken = store.holdings.topics.values().any(|t| {
        t.topic.source_id == Some(source)
            && Some(t.topic.id) != except
            && t.topic.name.eq_ignore_ascii_case(name)
    });
    if taken {
        return Err(ApiError::coded(
            StatusCode::CONFLICT,
            format!("A topic named {name:?} already exists for this source"),
        ));
    }
    Ok(())
}

/// `GET /sources/{id}/topics?page&per_page&order`: by id (creation order).
pub async fn list_topics(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = parse_query(query.as_deref().unwrap_or(""));
    let store = state.store();
    let id = http_source(&store, path_id(id))?;
    let paging = Paging::read(&params)?;
    let topics: Vec<Topic> = store
        .holdings
        .topics
        .values()
        .filter(|t| t.topic.source_id == Some(id))
        .map(|t| t.topic.clone())
        .collect();
    drop(store);
    let (total, data) = paging.window(topics);
    Ok(paging.answer(
        &state,
        &headers,
        &format!("/sources/{id}/topics"),
        "",
        data,
        total,
    ))
}

/// `POST /sources/{id}/topics` with `{name, description?}`: 201 with the topic.
pub async fn create_topic(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = http_source(&state.store(), path_id(id))?;
    let body = read_object(body)?;
    let name = required_text(&body, "name")?;
    let description = optional_text(&body, "description")?.flatten();
    let mut store = state.store();
    check_unique(&store, id, &name, None)?;
    let holdings = &mut store.holdings;
    let topic_id = holdings.take_topic_id();
    let created_ms = holdings.creation_time(holdings.topics.values().map(|t| t.created_ms));
    let topic = Topic {
        id: topic_id,
        name,
        description,
        source_id: Some(id),
        created_at: Some(iso8601(created_ms)),
        updated_at: Some(iso8601(created_ms)),
    };
    holdings.topics.insert(
        topic_id,
        TopicRecord {
            topic: topic.clone(),
            created_ms,
        },
    );
    drop(store);
    Ok(json(
        StatusCode::CREATED,
        &Envelope {
            status: "created",
            data: topic,
        },
    ))
}

/// The topic a `/sources/{id}/topics/{topic_id}` path names, with its source's id.
fn topic_of(
    store: &Store,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<(u64, u64), ApiError> {
    let (source, topic) = path_ids(ids);
    let source = http_source(store, source)?;
    let topic = topic
        .filter(|id| {
            store
                .holdings
                .topics
                .get(id)
                .is_some_and(|t| t.topic.source_id == Some(source))
        })
        .ok_or_else(topic_not_found)?;
    Ok((source, topic))
}

/// `GET /sources/{id}/topics/{topic_id}`.
pub async fn get_topic(
    State(state): State<Arc<AppState>>,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    let store = state.store();
    let (_, topic) = topic_of(&store, ids)?;
    let topic = store
        .holdings
        .topics
        .get(&topic)
        .map(|t| t.topic.clone())
        .ok_or_else(topic_not_found)?;
    drop(store);
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: topic,
        },
    ))
}

/// `PATCH /sources/{id}/topics/{topic_id}` with `name` and/or `description`.
pub async fn update_topic(
    State(state): State<Arc<AppState>>,
    ids: Result<Path<(String, String)>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (source, topic_id) = topic_of(&state.store(), ids)?;
    let body = read_object(body)?;
    let name = optional_name(&body, "name")?;
    let description = optional_text(&body, "description")?;
    if name.is_none() && description.is_none() {
        return Err(invalid(
            "body",
            "nothing to update; give name or description",
        ));
    }
    let mut store = state.store();
    if let Some(name) = &name {
        check_unique(&store, source, name, Some(topic_id))?;
    }
    let holdings = &mut store.holdings;
    let updated_ms = holdings.creation_time(holdings.topics.values().map(|t| t.created_ms));
    let record = holdings
        .topics
        .get_mut(&topic_id)
        .ok_or_else(topic_not_found)?;
    if let Some(name) = name {
        record.topic.name = name;
    }
    if let Some(description) = description {
        record.topic.description = description;
    }
    record.topic.updated_at = Some(iso8601(updated_ms));
    let topic = record.topic.clone();
    drop(store);
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "updated",
            data: topic,
        },
    ))
}
