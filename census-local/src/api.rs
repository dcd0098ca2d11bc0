//! The `/api/v1/sources` handlers and the paging every list shares. Every bad input becomes a
//! 4xx envelope; nothing here panics.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use census_core::models::{
    JsonObject, Page, Pagination, RefreshKey, RefreshState, RefreshStatus, Source, SyncEngine,
};
use serde::Serialize;
use serde_json::Value;

use crate::AppState;
use crate::http::{ApiError, CREATE_SHAPE_HEADER, json, refresh_ms, request_host};
use crate::objects::Scope;
use crate::store::{CATALOGUE, Record, RefreshTarget, connection_details, source_type};

const DEFAULT_PER_PAGE: u32 = 25;
const MAX_PER_PAGE: u32 = 100;

/// `{"status": ..., "data": ...}`.
#[derive(Serialize)]
pub(crate) struct Envelope<'a, T> {
    pub status: &'a str,
    pub data: T,
}

/// A list answer: the envelope status beside the page's `data`, `pagination` and `next`.
#[derive(Serialize)]
struct ListBody<T> {
    status: &'static str,
    #[serde(flatten)]
    page: Page<T>,
}

#[derive(Serialize)]
struct StatusOnly {
    status: &'static str,
}

#[derive(Serialize)]
struct CreatedId {
    id: u64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Order {
    Asc,
    Desc,
}

impl Order {
    fn as_str(self) -> &'static str {
        match self {
            Self::Asc => "asc",
            Self::Desc => "desc",
        }
    }
}

/// The `page`, `per_page` and `order` of a list request. Every list (`/sources`,
/// `/source_types`, a source's tables and data sources) pages the same way.
#[derive(Clone, Copy)]
pub(crate) struct Paging {
    page: u32,
    per_page: u32,
    order: Order,
}

impl Paging {
    /// Reads the parameters. Out-of-range values are corrected the way the contract says rather
    /// than refused: page 0 (or below) is page 1; per_page below 1 is the default, above 100 is
    /// 100. A value that is not a number, or an order other than asc and desc, is a 400.
    pub(crate) fn read(params: &[(String, String)]) -> Result<Self, ApiError> {
        let page = match param(params, "page") {
            None => 1,
            Some(raw) => u32::try_from(int_param("page", raw)?.max(1)).unwrap_or(u32::MAX),
        };
        let per_page = match param(params, "per_page") {
            None => DEFAULT_PER_PAGE,
            Some(raw) => match int_param("per_page", raw)? {
                n if n < 1 => DEFAULT_PER_PAGE,
                n => u32::try_from(n.min(i64::from(MAX_PER_PAGE))).unwrap_or(MAX_PER_PAGE),
            },
        };
        let order = match param(params, "order") {
            None | Some("desc") => Order::Desc,
            Some("asc") => Order::Asc,
            Some(other) => {
                return Err(ApiError::bad_request(format!(
                    "order must be \"asc\" or \"desc\", got {other:?}"
                )));
            }
        };
        Ok(Self {
            page,
            per_page,
            order,
        })
    }

    /// As [`Paging::read`], on a list whose reference says `per_page` must be below `max + 1`
    /// (the sync-run records say `x < 100`): a larger `per_page` is a 422 naming it, not clamped.
    pub(crate) fn read_capped(params: &[(String, String)], max: u32) -> Result<Self, ApiError> {
        if let Some(raw) = param(params, "per_page") {
            if int_param("per_page", raw)? > i64::from(max) {
                return Err(crate::http::invalid(
                    "per_page",
                    format!("must be at most {max} on this list"),
                ));
            }
        }
        Self::read(params)
    }

    /// Whether the list is newest first (`order=desc`, the default).
    pub(crate) fn descending(&self) -> bool {
        self.order == Order::Desc
    }

    /// This page of `items`, which are given in ascending order, and how many there are in all.
    pub(crate) fn window<T>(&self, mut items: Vec<T>) -> (u64, Vec<T>) {
        let total = items.len() as u64;
        if self.order == Order::Desc {
            items.reverse();
        }
        let offset = (u64::from(self.page) - 1) * u64::from(self.per_page);
        let data = items
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(self.per_page as usize)
            .collect();
        (total, data)
    }

    /// The `200` list answer for `data`, this page of `total` items. `next` repeats the request
    /// to `path` (below `/api/v1`) for the following page, with `extra` (`&name=value...`) appended.
    pub(crate) fn answer<T: Serialize>(
        &self,
        state: &AppState,
        headers: &HeaderMap,
        path: &str,
        extra: &str,
        data: Vec<T>,
        total: u64,
    ) -> Response {
        let Self {
            page,
            per_page,
            order,
        } = *self;
        let last_page =
            u32::try_from(total.div_ceil(u64::from(per_page)).max(1)).unwrap_or(u32::MAX);
        let next_page = (page < last_page).then(|| page + 1);
        let next = next_page.map(|n| {
            format!(
                "http://{}/api/v1{path}?page={n}&per_page={per_page}&order={}{extra}",
                request_host(headers, &state.fallback_host),
                order.as_str()
            )
        });
        let body = ListBody {
            status: "success",
            page: Page {
                data,
                pagination: Some(Pagination {
                    total_records: total,
                    per_page,
                    prev_page: (page > 1).then(|| (page - 1).min(last_page)),
                    page,
                    next_page,
                    last_page,
                }),
                next,
                total: None,
            },
        };
        json(StatusCode::OK, &body)
    }
}

/// `GET /sources?page&per_page&order`, by creation time (then id).
pub async fn list_sources(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = parse_query(query.as_deref().unwrap_or(""));
    let paging = Paging::read(&params)?;
    let (total, data) = {
        let store = state.store();
        let mut records: Vec<&Record> = store.sources.values().collect();
        records.sort_by_key(|r| (r.created_ms, r.source.id));
        let (total, page) = paging.window(records);
        let data: Vec<Source> = page.into_iter().map(|r| r.source.clone()).collect();
        (total, data)
    };
    Ok(paging.answer(&state, &headers, "/sources", "", data, total))
}

/// The routes of `/sources` and its jobs, below `/api/v1`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/sources", get(list_sources).post(create_source))
        .route(
            "/sources/{id}",
            get(get_source).patch(update_source).delete(delete_source),
        )
        .route("/sources/{id}/refresh_tables", post(refresh_tables))
        .route("/sources/{id}/refresh_tables_status", get(refresh_status))
}

/// `GET /sources/{id}`.
pub async fn get_source(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = source_id(id).ok_or_else(source_not_found)?;
    let source = state
        .store()
        .sources
        .get(&id)
        .map(|r| r.source.clone())
        .ok_or_else(source_not_found)?;
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: source,
        },
    ))
}

/// `POST /sources`: validates like the real API and answers 201 with the whole Source, or the
/// older `200 {"id": N}` shape when the [`CREATE_SHAPE_HEADER`] asks for it.
pub async fn create_source(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = read_json(body)?;
    let connection = connection_of(&body)?;

    let service = match connection.get("type") {
        Some(Value::String(text)) if !text.trim().is_empty() => text.trim(),
        _ => {
            return Err(ApiError::unprocessable(
                "connection.type must be a non-empty string",
            ));
        }
    };
    let Some(kind) = source_type(service) else {
        let known: Vec<&str> = CATALOGUE
            .iter()
            .filter(|t| t.creatable_via_api)
            .map(|t| t.service_name)
            .collect();
        return Err(ApiError::unprocessable(format!(
            "connection.type {service:?} is not a known source type (creatable types: {})",
            known.join(", ")
        )));
    };
    if !kind.creatable_via_api {
        return Err(ApiError::unprocessable(format!(
            "connection.type {service:?} is not creatable via the API; connect it in the Census app"
        )));
    }
    let credentials = match connection.get("credentials") {
        Some(Value::Object(credentials)) => credentials.clone(),
        _ => {
            return Err(ApiError::unprocessable(
                "connection.credentials must be an object",
            ));
        }
    };
    let name = match connection.get("name") {
        None | Some(Value::Null) => None,
        Some(_) => Some(name_field(connection)?),
    };
    let label = label_field(connection)?.flatten();
    let read_only = match connection.get("read_only_connection") {
        None | Some(Value::Null) => false,
        Some(_) => read_only_field(connection)?,
    };
    let sync_engine = match connection.get("sync_engine") {
        None | Some(Value::Null) => SyncEngine::Basic,
        Some(Value::String(engine)) if engine == "basic" => SyncEngine::Basic,
        Some(Value::String(engine)) if engine == "advanced" => SyncEngine::Advanced,
        Some(_) => {
            return Err(ApiError::unprocessable(
                "connection.sync_engine must be \"basic\" or \"advanced\"",
            ));
        }
    };
    if !kind.supports_engine(sync_engine.as_str()) {
        return Err(ApiError::unprocessable(format!(
            "connection.sync_engine {:?} is not supported by {service:?} sources (supported: {})",
            sync_engine.as_str(),
            kind.supported_sync_engines.join(", ")
        )));
    }
    let retention = retention_field(connection)?.flatten();
    // Checked last, so a body with several problems names the same one it did before the
    // catalogue described credentials.
    let missing = kind.missing_credentials(&credentials);
    if !missing.is_empty() {
        return Err(ApiError::unprocessable(format!(
            "connection.credentials is missing {} for {service:?}: {}",
            if missing.len() == 1 {
                "a required field"
            } else {
                "required fields"
            },
            missing.join(", ")
        )));
    }

    let details = connection_details(Some(kind), &credentials);
    let mut store = state.store();
    let id = store.take_id();
    let created_ms = store.creation_time();
    let objects = store.discover(id, kind.service_name, &credentials, created_ms, Scope::New);
    let name = name.unwrap_or_else(|| {
        let subject = kind
            .name_keys
            .iter()
            .find_map(|key| match details.get(*key) {
                Some(Value::String(text)) if !text.trim().is_empty() => {
                    Some(text.trim().to_owned())
                }
                Some(Value::Number(number)) => Some(number.to_string()),
                _ => None,
            })
            .or_else(|| label.clone());
        match subject {
            Some(subject) => format!("{} - {subject}", kind.label),
            None => kind.label.to_owned(),
        }
    });
    let source = Source {
        id,
        name,
        label,
        source_type: Some(kind.service_name.to_owned()),
        created_at: Some(crate::clock::iso8601(created_ms)),
        last_test_succeeded: None,
        last_tested_at: None,
        last_test_results: None,
        connection_details: Some(details),
        read_only_connection: Some(read_only),
        sync_engine: Some(sync_engine),
        warehouse_writeback_retention_in_days: retention,
        data_sources: None,
    };
    store.sources.insert(
        id,
        Record {
            source: source.clone(),
            credentials,
            created_ms,
            objects,
        },
    );
    drop(store);

    Ok(created_answer(&headers, id, &source))
}

/// What a create answers: 201 with the whole resource, or, when the request's
/// `x-census-local-create-shape: id` asks for the older form, 200 with only `{ id }`.
pub fn created_answer<T: Serialize>(headers: &HeaderMap, id: u64, whole: &T) -> Response {
    let wants_id_shape = headers
        .get(CREATE_SHAPE_HEADER)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("id"));
    if wants_id_shape {
        json(
            StatusCode::OK,
            &Envelope {
                status: "created",
                data: CreatedId { id },
            },
        )
    } else {
        json(
            StatusCode::CREATED,
            &Envelope {
                status: "created",
                data: whole,
            },
        )
    }
}

/// The validated fields of a `PATCH /sources/{id}` body; `None` means "leave as is".
struct Update {
    name: Option<String>,
    label: Option<Option<String>>,
    credentials: Option<JsonObject>,
    read_only: Option<bool>,
    retention: Option<Option<u32>>,
}

/// `PATCH /sources/{id}`: credentials are merged key by key into the stored ones.
pub async fn update_source(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    // An unknown source is reported before anything about the body, as the real API looks it up first.
    let id = source_id(id).ok_or_else(source_not_found)?;
    if !state.store().sources.contains_key(&id) {
        return Err(source_not_found());
    }
    let body = read_json(body)?;
    let connection = connection_of(&body)?;
    for fixed in ["type", "sync_engine"] {
        if connection.contains_key(fixed) {
            return Err(ApiError::unprocessable(format!(
                "connection.{fixed} can only be set at creation"
            )));
        }
    }
    let update = Update {
        name: match connection.get("name") {
            None => None,
            Some(_) => Some(name_field(connection)?),
        },
        label: label_field(connection)?,
        credentials: match connection.get("credentials") {
            None => None,
            Some(Value::Object(credentials)) => Some(credentials.clone()),
            Some(_) => {
                return Err(ApiError::unprocessable(
                    "connection.credentials must be an object",
                ));
            }
        },
        read_only: match connection.get("read_only_connection") {
            None => None,
            Some(_) => Some(read_only_field(connection)?),
        },
        retention: retention_field(connection)?,
    };
    if update.name.is_none()
        && update.label.is_none()
        && update.credentials.is_none()
        && update.read_only.is_none()
        && update.retention.is_none()
    {
        return Err(ApiError::unprocessable(
            "Nothing to update: connection has none of name, label, credentials, \
             read_only_connection, warehouse_writeback_retention_in_days",
        ));
    }

    let mut store = state.store();
    let record = store.sources.get_mut(&id).ok_or_else(source_not_found)?;
    let source = &mut record.source;
    // Document 000's update example sets only `label` and answers with `name` equal to it:
    // `label` is the deprecated spelling of `name`, so it renames unless a name is also given.
    if let (None, Some(Some(label))) = (&update.name, &update.label) {
        source.name = label.clone();
    }
    if let Some(name) = update.name {
        source.name = name;
    }
    if let Some(label) = update.label {
        source.label = label;
    }
    if let Some(read_only) = update.read_only {
        source.read_only_connection = Some(read_only);
    }
    if let Some(retention) = update.retention {
        source.warehouse_writeback_retention_in_days = retention;
    }
    if let Some(credentials) = update.credentials {
        record.credentials.extend(credentials);
        let kind = source_type(record.source.source_type.as_deref().unwrap_or_default());
        record.source.connection_details = Some(connection_details(kind, &record.credentials));
    }
    let source = record.source.clone();
    drop(store);
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "updated",
            data: source,
        },
    ))
}

/// `DELETE /sources/{id}`; not found answers the integer-status shape of document 000.
pub async fn delete_source(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::not_found_code("Source not found");
    let id = source_id(id).ok_or_else(not_found)?;
    state.store().sources.remove(&id).ok_or_else(not_found)?;
    Ok(json(StatusCode::OK, &StatusOnly { status: "deleted" }))
}

/// `POST /sources/{id}/refresh_tables`: answers `{"refresh_key": K}` without an envelope, as documented.
pub async fn refresh_tables(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let id = source_id(id).ok_or_else(source_not_found)?;
    let mut store = state.store();
    if !store.sources.contains_key(&id) {
        return Err(source_not_found());
    }
    let refresh_key = store.start_refresh(RefreshTarget::SourceTables(id), refresh_ms(&headers));
    drop(store);
    Ok(json(StatusCode::OK, &RefreshKey { refresh_key }))
}

/// `GET /sources/{id}/refresh_tables_status?refresh_key=K`: `processing` for `--refresh-ms`, then `completed`.
pub async fn refresh_status(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let id = source_id(id).ok_or_else(source_not_found)?;
    if !state.store().sources.contains_key(&id) {
        return Err(source_not_found());
    }
    refresh_answer(
        &state,
        RefreshTarget::SourceTables(id),
        query.as_deref(),
        "Refresh job not found for this source",
    )
}

/// The answer of a refresh-status request for a job of `target` (whose owner exists): the
/// `refresh_key` query parameter read, then `{"status": "processing" | "completed"}` without an
/// envelope. A missing or malformed key is a 400; a key of another owner, or none, a 404 with
/// `unknown`.
pub(crate) fn refresh_answer(
    state: &AppState,
    target: RefreshTarget,
    query: Option<&str>,
    unknown: &str,
) -> Result<Response, ApiError> {
    let status = if refresh_state(state, &target, query, unknown)? {
        RefreshState::Completed
    } else {
        RefreshState::Processing
    };
    Ok(json(StatusCode::OK, &RefreshStatus { status }))
}

/// Whether the refresh job of `target` named by the query's `refresh_key` has finished: the
/// reading behind [`refresh_answer`], for answers that say more (a project refresh's `details`).
pub(crate) fn refresh_state(
    state: &AppState,
    target: &RefreshTarget,
    query: Option<&str>,
    unknown: &str,
) -> Result<bool, ApiError> {
    let params = parse_query(query.unwrap_or(""));
    let raw = param(&params, "refresh_key")
        .ok_or_else(|| ApiError::bad_request("refresh_key is required"))?;
    let key: u64 = raw.trim().parse().map_err(|_| {
        ApiError::bad_request(format!(
            "refresh_key must be a positive integer, got {raw:?}"
        ))
    })?;
    state
        .store()
        .refresh_done(target, key, state.refresh)
        .ok_or_else(|| ApiError::not_found(unknown))
}

/// `http://host:port` as the request addressed this server: the origin of the absolute URLs
/// the API answers with (a segment's `filter_segment_source_url`, a clone's `status_endpoint`,
/// an object creation's `url`, `next`, link URIs), so they point back here.
pub(crate) fn origin(state: &AppState, headers: &HeaderMap) -> String {
    format!("http://{}", request_host(headers, &state.fallback_host))
}

/// The absolute URL of `path` (below `/api/v1`) on this server, as the request addressed it.
pub(crate) fn api_url(state: &AppState, headers: &HeaderMap, path: &str) -> String {
    format!("{}/api/v1{path}", origin(state, headers))
}

/// The body as a JSON object; anything else is a 422 naming `body`.
pub(crate) fn read_object(body: Result<Bytes, BytesRejection>) -> Result<JsonObject, ApiError> {
    match read_json(body)? {
        Value::Object(object) => Ok(object),
        _ => Err(ApiError::unprocessable("body: must be a JSON object")),
    }
}

/// The body as a JSON object, or an empty one when there is no body at all (the link creations
/// whose members are all optional).
pub(crate) fn read_optional_object(
    body: Result<Bytes, BytesRejection>,
) -> Result<JsonObject, ApiError> {
    match body {
        Ok(bytes) if bytes.iter().all(u8::is_ascii_whitespace) => Ok(JsonObject::new()),
        other => read_object(other),
    }
}

pub(crate) fn source_not_found() -> ApiError {
    ApiError::not_found("Source not found")
}

/// The numeric id of a `/sources/{id}` path; anything else names no source.
fn source_id(path: Result<Path<String>, PathRejection>) -> Option<u64> {
    let Path(raw) = path.ok()?;
    numeric_id(&raw)
}

/// An id path segment: digits only (no sign, no blanks) that fit a u64.
pub(crate) fn numeric_id(raw: &str) -> Option<u64> {
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    raw.parse().ok()
}

/// The body as JSON; a body that cannot be read or parsed is a 400 (or the rejection's own status).
pub(crate) fn read_json(body: Result<Bytes, BytesRejection>) -> Result<Value, ApiError> {
    let bytes =
        body.map_err(|rejection| ApiError::new(rejection.status(), rejection.body_text()))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::bad_request(format!("Request body must be JSON: {e}")))
}

fn connection_of(body: &Value) -> Result<&JsonObject, ApiError> {
    body.get("connection")
        .and_then(Value::as_object)
        .ok_or_else(|| ApiError::unprocessable("connection must be an object"))
}

/// `connection.name` when present: a non-empty string.
fn name_field(connection: &JsonObject) -> Result<String, ApiError> {
    match connection.get("name") {
        Some(Value::String(name)) if !name.trim().is_empty() => Ok(name.trim().to_owned()),
        _ => Err(ApiError::unprocessable(
            "connection.name must be a non-empty string",
        )),
    }
}

/// `connection.label`: absent (`None`), null (`Some(None)`, clears it) or a string.
fn label_field(connection: &JsonObject) -> Result<Option<Option<String>>, ApiError> {
    match connection.get("label") {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(label)) => Ok(Some(Some(label.clone()))),
        Some(_) => Err(ApiError::unprocessable(
            "connection.label must be a string or null",
        )),
    }
}

fn read_only_field(connection: &JsonObject) -> Result<bool, ApiError> {
    connection
        .get("read_only_connection")
        .and_then(Value::as_bool)
        .ok_or_else(|| ApiError::unprocessable("connection.read_only_connection must be a boolean"))
}

/// `connection.warehouse_writeback_retention_in_days`: absent, null (no retention), or an integer ≥ 1.
fn retention_field(connection: &JsonObject) -> Result<Option<Option<u32>>, ApiError> {
    match connection.get("warehouse_writeback_retention_in_days") {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(value) => value
            .as_u64()
            .filter(|days| *days >= 1)
            .and_then(|days| u32::try_from(days).ok())
            .map(|days| Some(Some(days)))
            .ok_or_else(|| {
                ApiError::unprocessable(
                    "connection.warehouse_writeback_retention_in_days must be an integer of at least 1",
                )
            }),
    }
}

/// An integer query parameter, or a 400 naming it.
fn int_param(name: &str, raw: &str) -> Result<i64, ApiError> {
    raw.trim()
        .parse()
        .map_err(|_| ApiError::bad_request(format!("{name} must be an integer, got {raw:?}")))
}

/// The first non-empty value of a query parameter; an empty value counts as absent.
pub fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(key, value)| key == name && !value.is_empty())
        .map(|(_, value)| value.as_str())
}

/// Splits and percent-decodes a query string (`+` is a space), tolerating malformed escapes.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', high, low]) => hex_value(*high).zip(hex_value(*low)),
            _ => None,
        };
        match (escaped, bytes[i]) {
            (Some((high, low)), _) => {
                out.push(high << 4 | low);
                i += 3;
                continue;
            }
            (None, b'+') => out.push(b' '),
            (None, byte) => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_query_strings() {
        let params = parse_query("page=2&order=de%73c&x=a+b&bad=%zz%4&flag&=v");
        assert_eq!(param(&params, "page"), Some("2"));
        assert_eq!(param(&params, "order"), Some("desc"));
        assert_eq!(param(&params, "x"), Some("a b"));
        assert_eq!(param(&params, "bad"), Some("%zz%4"));
        assert_eq!(param(&params, "flag"), None);
        assert_eq!(param(&params, ""), Some("v"));
    }
}
