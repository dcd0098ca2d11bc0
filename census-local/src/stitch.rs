//! A local, stateful Stitch Connect API under `/stitch`, so a Stitch client's `baseUrl` for this
//! server is `http://HOST:PORT/stitch`. The account, its sources, streams, jobs and destination
//! live in [`crate::stitch_store`]; shapes follow the stitchdata/docs Connect API reference.
//!
//! Same CORS (with `PUT`), latency, fault rules and attempt log as `/api/v1` (fault rules and the
//! log name the whole path, `GET /stitch/v4/sources/*`); `POST /__control/reset` reseeds it.
//!
//! **Auth**: `Authorization: Bearer <--stitch-token>` on every route but the log download
//! (which plays a pre-signed S3 URL). Anything else, the Census tokens included, is a 401
//! `{"error": {"type": "unauthorized", "message"}}` with `WWW-Authenticate: Bearer`.
//!
//! | route | success | errors |
//! |---|---|---|
//! | `GET /v4/sources` | `Source[]`, active, paused and deleted | |
//! | `POST /v4/sources` `{display_name, type, name?, properties?, destination_id?}` (the id of a live destination) | `Source` (its streams discovered) | 400 `{"error": "InvalidBody" \| "InvalidType" \| "InvalidName" \| "InvalidDisplayName" \| "InvalidProperties", "data": {"message", "bad_properties"?, "report_card"?}}` |
//! | `GET /v4/sources/{id}` | `Source` (deleted too) | 404 `{"error": {"type": "not_found", "message"}}` |
//! | `PUT /v4/sources/{id}` `{display_name?, paused_at?, properties?, destination_id?}` (the id of a live destination) | `Source`; `paused_at` a timestamp (RFC 3339) pauses, `null` unpauses | 400 `{"error": "InvalidId" \| "InvalidBody" \| "InvalidDisplayName" \| "InvalidProperties", "data": {"message"}}` |
//! | `DELETE /v4/sources/{id}` | `Source` with `deleted_at` (a running job stops) | 400 `InvalidId` as for `PUT` |
//! | `GET /v4/sources/{id}/last-connection-check` | `ConnectionCheck` | 404 error object (unknown source, or no check yet: a source gets one once its required properties are given; an Import API source never does) |
//! | `POST /v4/sources/{id}/sync` | `{"job_name"}` | **200** `{"error": {"type": "already_running", "message"}}` while a job runs; 400 `{"error": {"type": "invalid_source", "message"}}` for an unknown or deleted source, or an Import API source (never replicated) |
//! | `DELETE /v4/sources/{id}/sync` | `{"status": 200}` (also when no job runs); a running job ends terminated (below) | 400 `invalid_source` as for `POST` (unknown, deleted or Import API source) |
//! | `POST /v4/sources/{id}/tokens` (no body) | `{"id": <token id>, "access_token"}`: the secret is in this answer only | 400 `{"error": {"type": "token_limit", "message"}}` when the source has two active tokens; 400 `invalid_source` for a source that is not an Import API source; 404 error object for an unknown or deleted source |
//! | `GET /v4/sources/{id}/tokens` | `[{"token_id", "created_at"}]`, the active tokens newest first; with `?legacy=1` (a stand-in-only switch) the older documented shape, `[token_id, …]` | 400 `invalid_source`; 404 error object, as for `POST` |
//! | `DELETE /v4/sources/{id}/tokens/{token_id}` | `Source`, `updated_at` bumped | 404 `{"error": {"type": "not_found", "message"}}` for a token the source does not have (revoked, another source's, or unknown); 400 `invalid_source`; 404 for the source, as for `POST` |
//! | `GET /v4/sources/{id}/streams` | `Stream[]` `{stream_id, tap_stream_id, stream_name, selected, metadata}` | 404 error object |
//! | `GET /v4/sources/{id}/streams/{stream_id}` | `{schema (a JSON string), metadata: [{breadcrumb, metadata}], non-discoverable-metadata-keys}` | 400 bare string `"invalid stream-id: <id>"` (unknown stream or source) |
//! | `PUT /v4/sources/{id}/streams/metadata` | `{"status": 200}`; each entry's keys merge into what the stream has (`selected: null` unsets it; a database stream's `replication-method`, `replication-key` and `view-key-properties` read back in its stream-level metadata) | 400 bare string `"body must contain a 'streams' property with a list of metadatas by tap_stream_id"`; 400 `{"invalid_fields": "invalid tap-stream-ids:  [...]"}` (missing is `nil`), `{"invalid_fields": "only non-discoverable metadata can be produced by the UI: #{...}"}`, `{"invalid_fields": "invalid breadcrumb: ..."}`; **200** `{"invalid_fields": "Unsupported fields cannot be selected"}` when an `unsupported` field is selected (nothing is applied); 404 error object for an unknown source |
//! | `GET /v4/source-types`, `GET /v4/source-types/{type}` | Source Report Card(s): the seeded types, then `import_api` | 404 error object |
//! | `GET /v4/destinations?source_id&destination_id` | `Destination[]` (not deleted), oldest first; `source_id` keeps the one that source loads into, `destination_id` that one (an id that names none: `[]`) | 400 bare string `"GET may only include the params: source_id and/or destination_id"` for any other parameter |
//! | `POST /v4/destinations` `{type, name?, description?, properties?, ignore_unmapped_sources?}` | `Destination` | 400 bare string `"you are at your destination limit"` when the account has 3 (below); 400 bare string `"POST body may only include a type, a name, a description, map of properties, and boolean for unmapped sources"` |
//! | `PUT /v4/destinations/{id}` | `Destination` | 400 bare strings `"invalid connection id"`, `"this API endpoint does not support modifying destination type"`, `"PUT body may only include a name, a description and map of properties"` |
//! | `DELETE /v4/destinations/{id}` | 200, empty body | 400 bare string `"Unable to locate dest (<id>) for client (<client>) to delete"` |
//! | `GET /v4/destinations/{id}/last-connection-check` | `ConnectionCheck` | 404 error object |
//! | `GET /v4/destination-types`, `GET /v4/destination-types/{type}` | Destination Report Card(s) | 404 error object |
//! | `GET /v4/{client_id}/extractions?page` | `{data: Extraction[], page, total, links: {next?, previous?}}`, last job per source by `source_id` | 401 error object for another client id; 429 (jobs limit) |
//! | `GET /v4/{client_id}/extractions/{job_name}` | 302, `Location` = the log download (`GET /stitch/logs/{job_name}`, text, no auth) | 401; 404 error object; 429 |
//! | `GET /v4/{client_id}/loads?page` | `{data: Load[], page, total, links}` by `stream_name` | 401; 429 |
//!
//! Any other path or method under `/stitch` is a 404 error object. Pages hold 100 records;
//! `links.next` / `links.previous` are relative (`/v4/116078/extractions?page=2`, as Stitch
//! writes them, relative to the base URL) and absent at the ends.
//!
//! **Jobs limit**: the three extraction and load routes share 30 requests per rolling 10 minutes
//! (counted when authenticated and for the account's own client id); the 31st is a 429
//! `{"error": {"type": "rate_limited", "message"}}` with `Retry-After` (seconds until the oldest
//! counted request leaves the window). `GET /__control/stitch/jobs` reads the count.
//!
//! **Destinations**: up to 3 at once. A source loads into its `destination_id`, else the first
//! destination (inferred), and a source without one (made when there was none, or whose
//! destination was deleted) is taken by the next destination made without
//! `ignore_unmapped_sources: true`. A Source object does not say which; `GET
//! /v4/destinations?source_id` does. The Connect API is a feature of Stitch's Advanced and
//! Premium plans (stitchdata/docs "Create a destination with the Connect API"); an Advanced
//! account may have 3 destinations, a Premium one 5 ("Multiple Destinations"; the reference's
//! "one destination per account" is the Standard plan's, which has no API access).
//!
//! **Import API sources** (`POST /v4/sources {"type": "import_api", "display_name"}`): no form
//! properties, so a new one is at step 2 of its two (`form`, `fully_configured`); no streams, no
//! connection check, never replicated. Each may have at most two active access tokens at once;
//! token ids count up from 828704779 across the account; a deleted source's token routes are
//! 404s. `POST /__control/reset` forgets every token. The token routes are not under the jobs
//! limit.
//!
//! **Jobs**: a started job runs `--stitch-job-ms`: a third each in discovery, tap and target. Its
//! extraction shows `null` exit statuses for phases not yet ended and a `null` completion time
//! until it ends; when it succeeds, the selected streams of its source load. A job stopped by
//! `DELETE …/sync` (or its source's deletion) ends as the reference's terminated job: completed,
//! every exit status `null`, every phase's description "Terminated".

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, any, get, put};
use serde_json::{Map, Value, json};
use tokio::time::Instant;

use crate::AppState;
use crate::clock::now_ms;
use crate::http::{CorsPolicy, json, request_host};
use crate::stitch_store::{
    self, CLIENT_ID, DESTINATION_TYPES, Destination, Job, PER_PAGE, Run, Source, Stitch,
    derive_name, destination_kind, missing, source_kind, source_kinds,
};

/// CORS for `/stitch`: Stitch's methods (`PUT` included), and the headers a client sends.
pub const CORS: CorsPolicy = CorsPolicy {
    allow_methods: "GET, POST, PUT, DELETE, OPTIONS",
    allow_headers: "authorization, content-type, x-census-local-fault",
    expose_headers: Some("retry-after, location"),
};

/// The authenticated Stitch routes.
pub fn routes() -> Router<Arc<AppState>> {
    let route = |r: MethodRouter<Arc<AppState>>| r.fallback(no_route);
    Router::new()
        .route(
            "/stitch/v4/sources",
            route(get(list_sources).post(create_source)),
        )
        .route(
            "/stitch/v4/sources/{id}",
            route(get(get_source).put(update_source).delete(delete_source)),
        )
        .route(
            "/stitch/v4/sources/{id}/last-connection-check",
            route(get(source_check)),
        )
        .route(
            "/stitch/v4/sources/{id}/sync",
            route(axum::routing::post(start_sync).delete(stop_sync)),
        )
        .route(
            "/stitch/v4/sources/{id}/tokens",
            route(get(list_tokens).post(create_token)),
        )
        .route(
            "/stitch/v4/sources/{id}/tokens/{token_id}",
            route(axum::routing::delete(revoke_token)),
        )
        .route("/stitch/v4/sources/{id}/streams", route(get(list_streams)))
        .route(
            "/stitch/v4/sources/{id}/streams/metadata",
            route(put(update_metadata)),
        )
        .route(
            "/stitch/v4/sources/{id}/streams/{stream_id}",
            route(get(get_stream)),
        )
        .route("/stitch/v4/source-types", route(get(list_source_types)))
        .route(
            "/stitch/v4/source-types/{type}",
            route(get(get_source_type)),
        )
        .route(
            "/stitch/v4/destinations",
            route(get(list_destinations).post(create_destination)),
        )
        .route(
            "/stitch/v4/destinations/{id}",
            route(put(update_destination).delete(delete_destination)),
        )
        .route(
            "/stitch/v4/destinations/{id}/last-connection-check",
            route(get(destination_check)),
        )
        .route(
            "/stitch/v4/destination-types",
            route(get(list_destination_types)),
        )
        .route(
            "/stitch/v4/destination-types/{type}",
            route(get(get_destination_type)),
        )
        .route(
            "/stitch/v4/{client}/extractions",
            route(get(list_extractions)),
        )
        .route(
            "/stitch/v4/{client}/extractions/{job_name}",
            route(get(extraction_logs)),
        )
        .route("/stitch/v4/{client}/loads", route(get(list_loads)))
        .route("/stitch", any(no_route))
        .route("/stitch/{*rest}", any(no_route))
}

/// The log download an extraction's logs redirect to: no auth, as a pre-signed URL needs none.
pub fn log_routes() -> Router<Arc<AppState>> {
    Router::new().route("/stitch/logs/{job_name}", get(download_log))
}

/// Checks the Stitch bearer token (see the module doc).
pub async fn auth(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim().to_owned());
    let held = state.stitch_token.as_bytes();
    let ok = presented.is_some_and(|token| {
        token.len() == held.len()
            && token
                .bytes()
                .zip(held)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    });
    if ok {
        return next.run(request).await;
    }
    let mut response = error(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "The request doesn't have a valid API access token",
    );
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

/// Stitch's [`crate::http::json_bodies`]: a body not labelled `application/json` gets a 415.
pub async fn json_bodies(request: Request, next: Next) -> Response {
    match crate::http::unlabelled_body(&request) {
        Some(refusal) => error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            refusal,
        ),
        None => next.run(request).await,
    }
}

/// `{"error": {"type", "message"}}`; also the proxy's answer when a Stitch upstream fails.
pub(crate) fn error(status: StatusCode, kind: &str, message: impl Into<String>) -> Response {
    json(
        status,
        &json!({"error": {"type": kind, "message": message.into()}}),
    )
}

/// A refusal census-local makes itself in front of Stitch routes (a fault, a failed upstream),
/// in Stitch's shape, typed from the status: `rate_limited` for 429, as the jobs limit answers,
/// else the status's reason in snake case (`service_unavailable`, `bad_gateway`).
pub(crate) fn refusal(status: StatusCode, message: impl Into<String>) -> Response {
    let kind = match status {
        StatusCode::TOO_MANY_REQUESTS => "rate_limited".to_owned(),
        _ => status
            .canonical_reason()
            .unwrap_or("server_error")
            .to_ascii_lowercase()
            .replace(' ', "_"),
    };
    error(status, &kind, message)
}

/// `{"error": "<Code>", "data": {"message", ...}}`: the sources endpoints' 400s.
fn coded(code: &str, message: impl Into<String>, extra: Option<Map<String, Value>>) -> Response {
    let mut data = extra.unwrap_or_default();
    data.insert("message".into(), json!(message.into()));
    json(
        StatusCode::BAD_REQUEST,
        &json!({"error": code, "data": data}),
    )
}

/// A bare JSON string.
fn bare(status: StatusCode, text: impl Into<String>) -> Response {
    json(status, &Value::String(text.into()))
}

/// `{"invalid_fields": "..."}`.
fn invalid_fields(status: StatusCode, text: impl Into<String>) -> Response {
    json(status, &json!({"invalid_fields": text.into()}))
}

fn not_found(message: impl Into<String>) -> Response {
    error(StatusCode::NOT_FOUND, "not_found", message)
}

async fn no_route(method: Method, uri: Uri) -> Response {
    not_found(format!("No route for {method} {}", uri.path()))
}

/// A path id: digits (surrounding blanks allowed), as an integer.
fn numeric(raw: &str) -> Option<u64> {
    let raw = raw.trim();
    (!raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()))
        .then(|| raw.parse().ok())
        .flatten()
}

/// The body as a JSON object, or `None`.
fn object(body: &Bytes) -> Option<Map<String, Value>> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

fn stitch(state: &AppState) -> std::sync::MutexGuard<'_, Stitch> {
    state
        .stitch
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

// ---------------------------------------------------------------- sources

async fn list_sources(State(state): State<Arc<AppState>>) -> Response {
    let views: Vec<Value> = stitch(&state).sources.values().map(Source::view).collect();
    json(StatusCode::OK, &views)
}

/// Checks `properties` against the type's form: each must be a known property with a
/// non-empty string value. `Err` lists the bad ones.
fn read_properties(
    props: &[stitch_store::Prop],
    value: Option<&Value>,
) -> Result<BTreeMap<String, String>, Vec<String>> {
    let Some(value) = value else {
        return Ok(BTreeMap::new());
    };
    let Some(map) = value.as_object() else {
        return Err(vec!["properties".into()]);
    };
    let mut good = BTreeMap::new();
    let mut bad = Vec::new();
    for (name, value) in map {
        match value.as_str() {
            Some(text) if !text.is_empty() && props.iter().any(|p| p.name == name) => {
                good.insert(name.clone(), text.to_owned());
            }
            _ => bad.push(name.clone()),
        }
    }
    if bad.is_empty() { Ok(good) } else { Err(bad) }
}

fn bad_properties(bad: Vec<String>, report_card: Value) -> Response {
    let mut extra = Map::new();
    extra.insert("bad_properties".into(), json!(bad));
    extra.insert("report_card".into(), report_card);
    coded(
        "InvalidProperties",
        "properties do not match schema",
        Some(extra),
    )
}

fn valid_name(name: &str) -> bool {
    name.len() < 50
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$')
}

async fn create_source(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    const PROHIBITED: &str = "POST body may only include a non-empty type, a non-empty \
                              display_name and map of string properties";
    let Some(body) = object(&body) else {
        return coded("InvalidBody", PROHIBITED, None);
    };
    if body.keys().any(|k| {
        ![
            "display_name",
            "type",
            "name",
            "properties",
            "destination_id",
        ]
        .contains(&k.as_str())
    }) {
        return coded("InvalidBody", PROHIBITED, None);
    }
    let (Some(display_name), Some(type_)) = (
        body.get("display_name")
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty()),
        body.get("type")
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty()),
    ) else {
        return coded("InvalidBody", PROHIBITED, None);
    };
    let Some(kind) = source_kind(type_) else {
        return coded(
            "InvalidType",
            format!(
                "invalid source type (platform.{})",
                type_.trim_start_matches("platform.")
            ),
            None,
        );
    };
    let mut stitch = stitch(&state);
    let destination = match body
        .get("destination_id")
        .map(|d| live_destination(&stitch, d))
    {
        Some(Err(refusal)) => return *refusal,
        other => other.and_then(Result::ok),
    };
    let taken = |stitch: &Stitch, name: &str| {
        stitch
            .sources
            .values()
            .any(|s| s.deleted_ms.is_none() && (s.name == name || s.display_name == display_name))
    };
    let name = match body.get("name") {
        Some(Value::String(name)) => {
            if !valid_name(name) {
                return coded(
                    "InvalidName",
                    "The name field must be under 50 characters, and can only contain \
                     lowercase letters, numbers, underscores, or dollar signs. It must begin \
                     with a letter or an underscore.",
                    None,
                );
            }
            if taken(&stitch, name) {
                return coded("InvalidName", format!("non-unique name ({name})"), None);
            }
            name.clone()
        }
        Some(_) => return coded("InvalidBody", PROHIBITED, None),
        None => {
            let derived = derive_name(display_name);
            if !derived.chars().any(|c| c.is_ascii_alphanumeric()) {
                return coded(
                    "InvalidDisplayName",
                    format!(
                        "invalid name after deriving it from display_name ({display_name} -> )"
                    ),
                    None,
                );
            }
            if taken(&stitch, &derived) {
                return coded(
                    "InvalidName",
                    format!(
                        "non-unique name after deriving it from display_name ({display_name} -> {derived})"
                    ),
                    None,
                );
            }
            derived
        }
    };
    let properties = match read_properties(kind.props, body.get("properties")) {
        Ok(properties) => properties,
        Err(bad) => return bad_properties(bad, stitch_store::source_type_view(kind)),
    };
    let now = now_ms();
    let id = stitch.new_source_id();
    let streams = stitch.discover(kind);
    let check = (!kind.is_import_api() && missing(kind.props, &properties).is_empty())
        .then(|| stitch.passed_check(id, now));
    let source = Source {
        id,
        kind,
        display_name: display_name.to_owned(),
        name,
        created_ms: now,
        updated_ms: now,
        deleted_ms: None,
        paused_at: None,
        properties,
        streams,
        check,
        job: None,
        // Inferred: without `destination_id`, the account's first destination, if any.
        destination: destination.or_else(|| stitch.destinations().next().map(|d| d.id)),
    };
    let view = source.view();
    stitch.sources.insert(id, source);
    json(StatusCode::OK, &view)
}

async fn get_source(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let stitch = stitch(&state);
    match numeric(&id).and_then(|id| stitch.sources.get(&id)) {
        Some(source) => json(StatusCode::OK, &source.view()),
        None => not_found(format!("source not found ({id})")),
    }
}

/// A source's `destination_id`: the id of one of the account's destinations (not deleted), else
/// 400 `InvalidBody`.
fn live_destination(stitch: &Stitch, destination: &Value) -> Result<u64, Box<Response>> {
    destination
        .as_u64()
        .filter(|id| {
            stitch
                .destinations
                .get(id)
                .is_some_and(|d| d.deleted_ms.is_none())
        })
        .ok_or_else(|| {
            Box::new(coded(
                "InvalidBody",
                format!("destination_id ({destination}) is not a destination of this account"),
                None,
            ))
        })
}

fn invalid_id(id: &str) -> Response {
    coded("InvalidId", format!("source not found ({id})"), None)
}

async fn update_source(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    const PROHIBITED: &str =
        "PUT body many only include the keys: display_name, properties, and paused_at";
    let mut stitch = stitch(&state);
    let Some(source_id) = numeric(&id).filter(|id| {
        stitch
            .sources
            .get(id)
            .is_some_and(|s| s.deleted_ms.is_none())
    }) else {
        return invalid_id(&id);
    };
    let Some(body) = object(&body) else {
        return coded("InvalidBody", PROHIBITED, None);
    };
    // The reference's PUT arguments list `destination_id` too ("Update a source"), though its
    // documented refusal names only the other three.
    if body.keys().any(|k| {
        !["display_name", "properties", "paused_at", "destination_id"].contains(&k.as_str())
    }) {
        return coded("InvalidBody", PROHIBITED, None);
    }
    let destination = match body
        .get("destination_id")
        .map(|d| live_destination(&stitch, d))
    {
        Some(Err(refusal)) => return *refusal,
        other => other.and_then(Result::ok),
    };
    let Some(source) = stitch.sources.get_mut(&source_id) else {
        return invalid_id(&id);
    };
    let display_name = match body.get("display_name") {
        None => None,
        Some(Value::String(name)) if !name.trim().is_empty() => Some(name.clone()),
        Some(other) => {
            let shown = other
                .as_str()
                .map_or_else(|| other.to_string(), str::to_owned);
            return coded(
                "InvalidDisplayName",
                format!("invalid display_name ({shown})"),
                None,
            );
        }
    };
    let paused_at = match body.get("paused_at") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(Value::String(at)) if crate::clock::is_rfc3339(at.trim()) => {
            Some(Some(at.trim().to_owned()))
        }
        Some(_) => {
            return coded(
                "InvalidBody",
                "paused_at must be a timestamp, or null to unpause",
                None,
            );
        }
    };
    let properties = match read_properties(source.kind.props, body.get("properties")) {
        Ok(properties) => properties,
        Err(bad) => return bad_properties(bad, source.report_card()),
    };
    if let Some(name) = display_name {
        source.display_name = name;
    }
    if let Some(paused_at) = paused_at {
        source.paused_at = paused_at;
    }
    if destination.is_some() {
        source.destination = destination;
    }
    let had_all = missing(source.kind.props, &source.properties).is_empty();
    source.properties.extend(properties);
    let now = now_ms();
    source.updated_ms = now;
    let complete = missing(source.kind.props, &source.properties).is_empty();
    let source_id = source.id;
    if complete && !had_all {
        let check = stitch.passed_check(source_id, now);
        if let Some(source) = stitch.sources.get_mut(&source_id) {
            source.check = Some(check);
        }
    }
    json(StatusCode::OK, &stitch.sources[&source_id].view())
}

async fn delete_source(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let length = state.stitch_job;
    let now = Instant::now();
    let mut stitch = stitch(&state);
    let Some(source) = numeric(&id).and_then(|id| stitch.sources.get_mut(&id)) else {
        return invalid_id(&id);
    };
    if source.deleted_ms.is_none() {
        let at = now_ms();
        source.deleted_ms = Some(at);
        source.updated_ms = at;
        stop(source.job.as_mut(), length, now);
    }
    json(StatusCode::OK, &source.view())
}

async fn source_check(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let stitch = stitch(&state);
    let Some(source) = numeric(&id).and_then(|id| stitch.sources.get(&id)) else {
        return not_found(format!("source not found ({id})"));
    };
    match &source.check {
        Some(check) => json(StatusCode::OK, &check.view()),
        None => not_found(format!("no connection check for source ({id})")),
    }
}

// ---------------------------------------------------------------- replication jobs

fn stop(job: Option<&mut Job>, length: std::time::Duration, now: Instant) -> bool {
    let Some(job) = job else { return false };
    if !job.running(length, now) {
        return false;
    }
    if let Run::Live { started, stopped } = &mut job.run {
        *stopped = Some(now.saturating_duration_since(*started));
    }
    true
}

/// The source `id` of a replication route (`POST` or `DELETE …/sync`): else 400
/// `invalid_source` for an unknown or deleted source, or an Import API source.
fn replicated<'a>(stitch: &'a mut Stitch, id: &str) -> Result<&'a mut Source, Box<Response>> {
    let refuse =
        |message: String| Box::new(error(StatusCode::BAD_REQUEST, "invalid_source", message));
    let Some(source) = numeric(id).and_then(|id| stitch.sources.get_mut(&id)) else {
        return Err(refuse(format!(
            "Unable to locate source({id}) for client ({CLIENT_ID})"
        )));
    };
    if source.deleted_ms.is_some() {
        return Err(refuse("Integration is deleted.".into()));
    }
    if source.kind.is_import_api() {
        return Err(refuse(format!(
            "Source ({}) is an Import API source: Stitch does not replicate it, data is pushed \
             to the Import API",
            source.id
        )));
    }
    Ok(source)
}

async fn start_sync(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let length = state.stitch_job;
    let now = Instant::now();
    let mut stitch = stitch(&state);
    let source = match replicated(&mut stitch, &id) {
        Ok(source) => source,
        Err(refusal) => return *refusal,
    };
    if source.job.as_ref().is_some_and(|j| j.running(length, now)) {
        return error(
            StatusCode::OK,
            "already_running",
            format!(
                "Did not create job for client-id: {CLIENT_ID}; connection-id: {} because one \
                 already exists",
                source.id
            ),
        );
    }
    let source_id = source.id;
    let name = stitch.job_name(source_id, "sync");
    let job = Job {
        name: name.clone(),
        start_ms: now_ms(),
        run: Run::Live {
            started: now,
            stopped: None,
        },
    };
    if let Some(source) = stitch.sources.get_mut(&source_id) {
        source.job = Some(job);
    }
    json(StatusCode::OK, &json!({"job_name": name}))
}

async fn stop_sync(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let length = state.stitch_job;
    let now = Instant::now();
    let mut stitch = stitch(&state);
    let source = match replicated(&mut stitch, &id) {
        Ok(source) => source,
        Err(refusal) => return *refusal,
    };
    stop(source.job.as_mut(), length, now);
    json(StatusCode::OK, &json!({"status": 200}))
}

// ---------------------------------------------------------------- Import API access tokens

/// The id of the Import API source `id` (not deleted) of a token route: else 404 for an unknown
/// or deleted source, 400 `invalid_source` for a source of another type.
fn import_source(stitch: &Stitch, id: &str) -> Result<u64, Box<Response>> {
    let Some(source) = numeric(id)
        .and_then(|id| stitch.sources.get(&id))
        .filter(|s| s.deleted_ms.is_none())
    else {
        return Err(Box::new(not_found(format!("source not found ({id})"))));
    };
    if !source.kind.is_import_api() {
        return Err(Box::new(error(
            StatusCode::BAD_REQUEST,
            "invalid_source",
            format!(
                "Source ({}) is not an Import API source: only Import API sources have access \
                 tokens",
                source.id
            ),
        )));
    }
    Ok(source.id)
}

async fn create_token(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let mut stitch = stitch(&state);
    let source_id = match import_source(&stitch, &id) {
        Ok(source_id) => source_id,
        Err(refusal) => return *refusal,
    };
    match stitch.issue_token(source_id, now_ms()) {
        Some(token) => json(
            StatusCode::OK,
            &json!({"id": token.id, "access_token": stitch_store::access_token_secret()}),
        ),
        None => error(
            StatusCode::BAD_REQUEST,
            "token_limit",
            "an Import API source can have at most two active access tokens",
        ),
    }
}

/// Whether the query asks for the older list shape: `legacy=1` (a stand-in-only switch).
fn legacy(query: Option<&str>) -> bool {
    query
        .unwrap_or("")
        .split('&')
        .any(|pair| pair == "legacy=1")
}

async fn list_tokens(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let stitch = stitch(&state);
    let source_id = match import_source(&stitch, &id) {
        Ok(source_id) => source_id,
        Err(refusal) => return *refusal,
    };
    let tokens = stitch.tokens_of(source_id);
    let views: Vec<Value> = if legacy(query.as_deref()) {
        tokens.iter().map(|t| json!(t.id)).collect()
    } else {
        tokens.iter().map(|t| t.view()).collect()
    };
    json(StatusCode::OK, &views)
}

async fn revoke_token(
    State(state): State<Arc<AppState>>,
    Path((id, token_id)): Path<(String, String)>,
) -> Response {
    let mut stitch = stitch(&state);
    let source_id = match import_source(&stitch, &id) {
        Ok(source_id) => source_id,
        Err(refusal) => return *refusal,
    };
    let revoked = numeric(&token_id).is_some_and(|token| stitch.revoke_token(source_id, token));
    if !revoked {
        return not_found(format!(
            "access token not found ({token_id}) for source ({source_id})"
        ));
    }
    let Some(source) = stitch.sources.get_mut(&source_id) else {
        return not_found(format!("source not found ({id})"));
    };
    source.updated_ms = now_ms();
    json(StatusCode::OK, &source.view())
}

// ---------------------------------------------------------------- streams

async fn list_streams(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let stitch = stitch(&state);
    let Some(source) = numeric(&id).and_then(|id| stitch.sources.get(&id)) else {
        return not_found(format!("source not found ({id})"));
    };
    let views: Vec<Value> = source.streams.iter().map(|s| s.view(source.kind)).collect();
    json(StatusCode::OK, &views)
}

async fn get_stream(
    State(state): State<Arc<AppState>>,
    Path((id, stream_id)): Path<(String, String)>,
) -> Response {
    let stitch = stitch(&state);
    let found = numeric(&id)
        .and_then(|id| stitch.sources.get(&id))
        .and_then(|source| Some((source, source.stream(&stream_id)?)));
    match found {
        Some((source, stream)) => json(StatusCode::OK, &stream.schema_view(source.kind)),
        None => bare(
            StatusCode::BAD_REQUEST,
            format!("invalid stream-id: {stream_id}"),
        ),
    }
}

/// One metadata change, checked: stream index, field (`None` for the stream), and the keys it
/// sets (a key left out keeps its value; `selected: null` unsets it).
type Change = (usize, Option<usize>, Map<String, Value>);

async fn update_metadata(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    const SHAPE: &str =
        "body must contain a 'streams' property with a list of metadatas by tap_stream_id";
    let mut stitch = stitch(&state);
    let Some(source) = numeric(&id).and_then(|id| stitch.sources.get_mut(&id)) else {
        return not_found(format!("source not found ({id})"));
    };
    let streams = object(&body)
        .and_then(|mut body| body.remove("streams"))
        .and_then(|streams| match streams {
            Value::Array(items) => Some(items),
            _ => None,
        });
    let Some(streams) = streams else {
        return bare(StatusCode::BAD_REQUEST, SHAPE);
    };
    let well_formed = streams.iter().all(|entry| {
        entry["metadata"].as_array().is_some_and(|items| {
            items
                .iter()
                .all(|item| item["breadcrumb"].is_array() && item["metadata"].is_object())
        })
    });
    if !well_formed {
        return bad_shape(SHAPE);
    }
    let mut unknown = Vec::new();
    for entry in &streams {
        match entry.get("tap_stream_id").and_then(Value::as_str) {
            None => unknown.push("nil".to_owned()),
            Some(tap) if !source.streams.iter().any(|s| s.tap_stream_id == tap) => {
                unknown.push(tap.to_owned());
            }
            Some(_) => {}
        }
    }
    if !unknown.is_empty() {
        return invalid_fields(
            StatusCode::BAD_REQUEST,
            format!("invalid tap-stream-ids:  [{}]", unknown.join(" ")),
        );
    }
    let writable = source.kind.writable_metadata();
    let mut changes: Vec<Change> = Vec::new();
    let mut unsupported = false;
    for entry in &streams {
        let tap = entry["tap_stream_id"].as_str().unwrap_or_default();
        let index = source
            .streams
            .iter()
            .position(|s| s.tap_stream_id == tap)
            .unwrap_or_default();
        let stream = &source.streams[index];
        for item in entry["metadata"].as_array().into_iter().flatten() {
            let metadata = item["metadata"].as_object().cloned().unwrap_or_default();
            let read_only: Vec<String> = metadata
                .keys()
                .filter(|k| !writable.contains(&k.as_str()))
                .map(|k| format!("\"{k}\""))
                .collect();
            if !read_only.is_empty() {
                return invalid_fields(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "only non-discoverable metadata can be produced by the UI: #{{{}}}",
                        read_only.join(" ")
                    ),
                );
            }
            let selected = match metadata.get("selected") {
                None | Some(Value::Null) => None,
                Some(Value::Bool(b)) => Some(*b),
                Some(other) => {
                    return invalid_fields(
                        StatusCode::BAD_REQUEST,
                        format!("selected must be a boolean, got {other}"),
                    );
                }
            };
            let crumbs: Vec<&str> = item["breadcrumb"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let crumb_count = item["breadcrumb"].as_array().map_or(0, Vec::len);
            let field = match crumbs.as_slice() {
                [] if crumb_count == 0 => None,
                ["properties", name] => match stream.fields.iter().position(|f| f.name == *name) {
                    Some(field) => Some(field),
                    None => {
                        return invalid_fields(
                            StatusCode::BAD_REQUEST,
                            format!("invalid breadcrumb: {}", item["breadcrumb"]),
                        );
                    }
                },
                _ => {
                    return invalid_fields(
                        StatusCode::BAD_REQUEST,
                        format!("invalid breadcrumb: {}", item["breadcrumb"]),
                    );
                }
            };
            if let Some(field) = field {
                if selected == Some(true) && stream.fields[field].inclusion == "unsupported" {
                    unsupported = true;
                }
            }
            changes.push((index, field, metadata));
        }
    }
    if unsupported {
        return invalid_fields(StatusCode::OK, "Unsupported fields cannot be selected");
    }
    for (stream, field, mut metadata) in changes {
        let stream = &mut source.streams[stream];
        if let Some(selected) = metadata.remove("selected") {
            let selected = selected.as_bool();
            match field {
                None => stream.selected = selected,
                Some(field) => stream.fields[field].selected = selected,
            }
        }
        if field.is_none() {
            stream.replication.extend(metadata);
        }
    }
    source.updated_ms = now_ms();
    json(StatusCode::OK, &json!({"status": 200}))
}

fn bad_shape(text: &str) -> Response {
    bare(StatusCode::BAD_REQUEST, text)
}

// ---------------------------------------------------------------- types

async fn list_source_types() -> Response {
    let views: Vec<Value> = source_kinds().map(stitch_store::source_type_view).collect();
    json(StatusCode::OK, &views)
}

async fn get_source_type(Path(type_): Path<String>) -> Response {
    match source_kind(&type_) {
        Some(kind) => json(StatusCode::OK, &stitch_store::source_type_view(kind)),
        None => not_found(format!("source type not found ({type_})")),
    }
}

async fn list_destination_types() -> Response {
    let views: Vec<Value> = DESTINATION_TYPES
        .iter()
        .map(stitch_store::destination_type_view)
        .collect();
    json(StatusCode::OK, &views)
}

async fn get_destination_type(Path(type_): Path<String>) -> Response {
    match destination_kind(&type_) {
        Some(kind) => json(StatusCode::OK, &stitch_store::destination_type_view(kind)),
        None => not_found(format!("destination type not found ({type_})")),
    }
}

// ---------------------------------------------------------------- destinations

/// `?source_id` keeps the destination that source loads into, `?destination_id` that one; an
/// id that names none leaves none.
async fn list_destinations(
    State(state): State<Arc<AppState>>,
    RawQuery(query): RawQuery,
) -> Response {
    let stitch = stitch(&state);
    let mut by_source = None;
    let mut by_id = None;
    for pair in query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let id = numeric(value).unwrap_or(0);
        match key {
            "source_id" => {
                let source = stitch.sources.get(&id);
                by_source = Some(source.and_then(|s| stitch.destination_of(s)));
            }
            "destination_id" => by_id = Some(id),
            _ => {
                return bare(
                    StatusCode::BAD_REQUEST,
                    "GET may only include the params: source_id and/or destination_id",
                );
            }
        }
    }
    let views: Vec<Value> = stitch
        .destinations()
        .filter(|d| {
            by_source.is_none_or(|of| of == Some(d.id)) && by_id.is_none_or(|id| id == d.id)
        })
        .map(Destination::view)
        .collect();
    json(StatusCode::OK, &views)
}

/// A destination body's optional `name`, `description` and its `properties`.
type DestinationFields = (Option<String>, Option<String>, BTreeMap<String, String>);

/// Reads the optional `name` and `description` strings and `properties`.
fn destination_fields(
    body: &Map<String, Value>,
    kind: &stitch_store::DestinationKind,
) -> Option<DestinationFields> {
    let text = |key: &str| match body.get(key) {
        None | Some(Value::Null) => Some(None),
        Some(Value::String(s)) => Some(Some(s.clone())),
        Some(_) => None,
    };
    let properties = read_properties(kind.props, body.get("properties")).ok()?;
    Some((text("name")?, text("description")?, properties))
}

async fn create_destination(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    const PROHIBITED: &str = "POST body may only include a type, a name, a description, map of \
                              properties, and boolean for unmapped sources";
    let mut stitch = stitch(&state);
    if stitch.destinations().count() >= stitch_store::DESTINATION_LIMIT {
        return bare(StatusCode::BAD_REQUEST, "you are at your destination limit");
    }
    let Some(body) = object(&body) else {
        return bare(StatusCode::BAD_REQUEST, PROHIBITED);
    };
    let allowed = [
        "type",
        "name",
        "description",
        "properties",
        "ignore_unmapped_sources",
    ];
    let kind = body
        .get("type")
        .and_then(Value::as_str)
        .and_then(destination_kind);
    let (Some(kind), true) = (kind, body.keys().all(|k| allowed.contains(&k.as_str()))) else {
        return bare(StatusCode::BAD_REQUEST, PROHIBITED);
    };
    let Some((name, description, properties)) = destination_fields(&body, kind) else {
        return bare(StatusCode::BAD_REQUEST, PROHIBITED);
    };
    let ignore_unmapped = match body.get("ignore_unmapped_sources") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(ignore)) => *ignore,
        Some(_) => return bare(StatusCode::BAD_REQUEST, PROHIBITED),
    };
    let now = now_ms();
    let id = stitch.new_destination_id();
    if !ignore_unmapped {
        let unmapped: Vec<u64> = stitch
            .sources
            .values()
            .filter(|s| s.deleted_ms.is_none() && stitch.destination_of(s).is_none())
            .map(|s| s.id)
            .collect();
        for source in unmapped {
            if let Some(source) = stitch.sources.get_mut(&source) {
                source.destination = Some(id);
            }
        }
    }
    let check = stitch.passed_check(id, now);
    let destination = Destination {
        id,
        kind,
        name,
        description,
        properties,
        created_ms: now,
        updated_ms: now,
        deleted_ms: None,
        check,
    };
    let view = destination.view();
    stitch.destinations.insert(id, destination);
    json(StatusCode::OK, &view)
}

async fn update_destination(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let mut stitch = stitch(&state);
    let Some(destination) = numeric(&id)
        .and_then(|id| stitch.destinations.get_mut(&id))
        .filter(|d| d.deleted_ms.is_none())
    else {
        return bare(StatusCode::BAD_REQUEST, "invalid connection id");
    };
    const PROHIBITED: &str =
        "PUT body may only include a name, a description and map of properties";
    let Some(body) = object(&body) else {
        return bare(StatusCode::BAD_REQUEST, PROHIBITED);
    };
    if let Some(type_) = body.get("type") {
        if type_.as_str() != Some(destination.kind.type_) {
            return bare(
                StatusCode::BAD_REQUEST,
                "this API endpoint does not support modifying destination type",
            );
        }
    }
    let allowed = ["type", "name", "description", "properties"];
    if !body.keys().all(|k| allowed.contains(&k.as_str())) {
        return bare(StatusCode::BAD_REQUEST, PROHIBITED);
    }
    let Some((name, description, properties)) = destination_fields(&body, destination.kind) else {
        return bare(StatusCode::BAD_REQUEST, PROHIBITED);
    };
    if body.contains_key("name") {
        destination.name = name;
    }
    if body.contains_key("description") {
        destination.description = description;
    }
    destination.properties.extend(properties);
    destination.updated_ms = now_ms();
    json(StatusCode::OK, &destination.view())
}

async fn delete_destination(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Response {
    let mut stitch = stitch(&state);
    let Some(destination) = numeric(&id)
        .and_then(|id| stitch.destinations.get_mut(&id))
        .filter(|d| d.deleted_ms.is_none())
    else {
        return bare(
            StatusCode::BAD_REQUEST,
            format!("Unable to locate dest ({id}) for client ({CLIENT_ID}) to delete"),
        );
    };
    destination.deleted_ms = Some(now_ms());
    StatusCode::OK.into_response()
}

async fn destination_check(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let stitch = stitch(&state);
    match numeric(&id)
        .and_then(|id| stitch.destinations.get(&id))
        .filter(|d| d.deleted_ms.is_none())
    {
        Some(destination) => json(StatusCode::OK, &destination.check.view()),
        None => not_found(format!("destination not found ({id})")),
    }
}

// ---------------------------------------------------------------- extractions and loads

/// The checks every jobs route makes: the client id is the account's (else 401), and the jobs
/// limit has room (else 429 with `Retry-After`).
fn jobs_gate(stitch: &mut Stitch, client: &str) -> Result<(), Box<Response>> {
    if numeric(client) != Some(CLIENT_ID) {
        return Err(Box::new(error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            format!("The access token doesn't have access to the Stitch client ID ({client})"),
        )));
    }
    stitch.jobs.take(Instant::now(), now_ms()).map_err(|wait| {
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let mut response = error(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!(
                "The jobs rate limit of {} requests per {} minutes was exceeded",
                stitch_store::JOBS_LIMIT,
                stitch_store::JOBS_WINDOW.as_secs() / 60
            ),
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        Box::new(response)
    })
}

/// One page of `items` with Stitch's `page`, `total` and relative `links`.
fn paged(items: Vec<Value>, query: Option<&str>, path: &str) -> Value {
    let page = query
        .unwrap_or("")
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "page")
        .and_then(|(_, value)| value.parse::<usize>().ok())
        .filter(|page| *page >= 1)
        .unwrap_or(1);
    let total = items.len();
    let data: Vec<Value> = items
        .into_iter()
        .skip((page - 1).saturating_mul(PER_PAGE))
        .take(PER_PAGE)
        .collect();
    let mut links = Map::new();
    if page * PER_PAGE < total {
        links.insert("next".into(), json!(format!("{path}?page={}", page + 1)));
    }
    if page > 1 {
        links.insert(
            "previous".into(),
            json!(format!("{path}?page={}", page - 1)),
        );
    }
    json!({"data": data, "page": page, "total": total, "links": links})
}

async fn list_extractions(
    State(state): State<Arc<AppState>>,
    Path(client): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let length = state.stitch_job;
    let mut stitch = stitch(&state);
    if let Err(refusal) = jobs_gate(&mut stitch, &client) {
        return *refusal;
    }
    let now = Instant::now();
    let items: Vec<Value> = stitch
        .sources
        .values()
        .filter_map(|source| Some(source.job.as_ref()?.view(source, length, now)))
        .collect();
    json(
        StatusCode::OK,
        &paged(
            items,
            query.as_deref(),
            &format!("/v4/{CLIENT_ID}/extractions"),
        ),
    )
}

async fn extraction_logs(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path((client, job_name)): Path<(String, String)>,
) -> Response {
    let mut stitch = stitch(&state);
    if let Err(refusal) = jobs_gate(&mut stitch, &client) {
        return *refusal;
    }
    let known = stitch
        .sources
        .values()
        .any(|s| s.job.as_ref().is_some_and(|j| j.name == job_name));
    if !known {
        return not_found(format!("extraction job not found ({job_name})"));
    }
    let host = request_host(&headers, &state.fallback_host);
    let location = format!("http://{host}/stitch/logs/{job_name}?x-amz-security-token=local");
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

async fn download_log(
    State(state): State<Arc<AppState>>,
    Path(job_name): Path<String>,
) -> Response {
    let length = state.stitch_job;
    let stitch = stitch(&state);
    let found = stitch.sources.values().find_map(|source| {
        let job = source.job.as_ref().filter(|j| j.name == job_name)?;
        Some(job.log(source, length, Instant::now()))
    });
    match found {
        Some(text) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            text,
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "NoSuchKey\n",
        )
            .into_response(),
    }
}

async fn list_loads(
    State(state): State<Arc<AppState>>,
    Path(client): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let length = state.stitch_job;
    let mut stitch = stitch(&state);
    if let Err(refusal) = jobs_gate(&mut stitch, &client) {
        return *refusal;
    }
    let items = stitch.loads(length, Instant::now());
    json(
        StatusCode::OK,
        &paged(items, query.as_deref(), &format!("/v4/{CLIENT_ID}/loads")),
    )
}
