//! The seven Sources calls: checked inputs, request builders and response readers.
//!
//! Inputs use the names JavaScript callers write: option bags in camelCase (`perPage`), request
//! bodies with the API's own field names (`read_only_connection`), as octokit and stripe do.

use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::core::error::ClientError;
use crate::core::json_error::{ShapeError, from_deserializer};
use crate::core::json_out::ObjectWriter;
use crate::core::models::{
    Created, EnvelopeStatus, Page, RefreshKey, RefreshState, RefreshStatus, Source, SyncEngine,
};
use crate::core::number;
use crate::core::raw_object::RawObject;
use crate::core::request::{HttpRequest, Method};
use crate::core::response::{self, Enveloped, RawResponse};
use crate::core::scan::quoted;

/// The largest `per_page` the API accepts.
pub const MAX_PER_PAGE: u32 = 100;
/// Ids above this lose precision in a JavaScript number.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Checks that a JavaScript number is a usable id: a positive, safe integer.
pub fn check_id(field: &str, value: f64) -> Result<u64, ClientError> {
    if !value.is_finite() || value.fract() != 0.0 {
        return Err(ClientError::invalid_input(
            field,
            format!("expected a positive integer, got {}", number::text(value)),
        ));
    }
    if !(1.0..=MAX_SAFE_INTEGER).contains(&value) {
        return Err(ClientError::invalid_input(
            field,
            format!(
                "expected a positive integer up to 2^53 - 1, got {}",
                number::text(value)
            ),
        ));
    }
    // In range and integral, so the conversion is exact.
    Ok(value as u64)
}

/// Checks an id given as an integer: positive and a safe JavaScript integer.
pub fn positive(field: &str, value: u64) -> Result<u64, ClientError> {
    if value == 0 || value as f64 > MAX_SAFE_INTEGER {
        Err(ClientError::invalid_input(
            field,
            format!("expected a positive integer up to 2^53 - 1, got {value}"),
        ))
    } else {
        Ok(value)
    }
}

/// Sort order of a list, by creation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Asc,
    Desc,
}

impl Order {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asc => "asc",
            Self::Desc => "desc",
        }
    }

    /// Reads `asc` or `desc`; anything else is an error naming `field`.
    pub fn parse(field: &str, value: &str) -> Result<Self, ClientError> {
        match value {
            "asc" => Ok(Self::Asc),
            "desc" => Ok(Self::Desc),
            other => Err(ClientError::invalid_input(
                field,
                format!("expected \"asc\" or \"desc\", got {}", quoted(other)),
            )),
        }
    }
}

/// Options of `listSources`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListOptions {
    /// 1-based page number (default 1).
    #[serde(default)]
    pub page: Option<u32>,
    /// Items per page, 1–100 (the API's default is 25).
    #[serde(default)]
    pub per_page: Option<u32>,
    /// `asc` or `desc` by creation time (the API's default is `desc`).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "'asc' | 'desc'"))]
    pub order: Option<String>,
}

impl ListOptions {
    /// The keys callers write, in the order of the fields.
    pub const KEYS: [&str; 3] = ["page", "perPage", "order"];
}

/// The `connection` of `POST /sources`, as the caller gives it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct CreateSourceInput {
    /// Required: a `service_name` from `/source_types` that is `creatable_via_api`.
    // Optional in Rust so that a missing value gets the client's own message, not serde's.
    #[serde(rename = "type")]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub source_type: Option<String>,
    /// Required: the connection's credentials, an object.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JsonObject"))]
    pub credentials: Option<RawObject>,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub read_only_connection: Option<bool>,
    /// `basic` or `advanced`; can only be chosen at creation.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "'basic' | 'advanced'"))]
    pub sync_engine: Option<String>,
    #[serde(default)]
    pub warehouse_writeback_retention_in_days: Option<u32>,
}

impl CreateSourceInput {
    /// The keys callers write, in the order of the fields.
    pub const KEYS: [&str; 7] = [
        "type",
        "credentials",
        "label",
        "name",
        "read_only_connection",
        "sync_engine",
        "warehouse_writeback_retention_in_days",
    ];
}

/// The `connection` of `PATCH /sources/{id}`: every member optional, at least one given.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct UpdateSourceInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
    /// Credentials to change; members not given keep their values.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "JsonObject"))]
    pub credentials: Option<RawObject>,
    #[serde(default)]
    pub read_only_connection: Option<bool>,
    #[serde(default)]
    pub warehouse_writeback_retention_in_days: Option<u32>,
    /// Cannot be changed after creation (read only to say so).
    #[serde(rename = "type", default)]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "never"))]
    pub source_type: Option<IgnoredAny>,
    /// Cannot be changed after creation (read only to say so).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "never"))]
    pub sync_engine: Option<IgnoredAny>,
}

impl UpdateSourceInput {
    /// The keys callers write, in the order of the fields.
    pub const KEYS: [&str; 7] = [
        "name",
        "label",
        "credentials",
        "read_only_connection",
        "warehouse_writeback_retention_in_days",
        "type",
        "sync_engine",
    ];
}

/// What is sent as `{"connection": {...}}`; absent members are left out.
struct Connection<'a> {
    source_type: Option<&'a str>,
    credentials: Option<&'a RawObject>,
    label: Option<&'a str>,
    name: Option<&'a str>,
    read_only_connection: Option<bool>,
    sync_engine: Option<&'a str>,
    warehouse_writeback_retention_in_days: Option<u32>,
}

impl Connection<'_> {
    /// The `{"connection": {...}}` body.
    fn json_body(&self) -> String {
        let mut connection = ObjectWriter::new();
        connection
            .string("type", self.source_type)
            .raw_object("credentials", self.credentials)
            .string("label", self.label)
            .string("name", self.name)
            .bool("read_only_connection", self.read_only_connection)
            .string("sync_engine", self.sync_engine)
            .integer(
                "warehouse_writeback_retention_in_days",
                self.warehouse_writeback_retention_in_days.map(u64::from),
            );
        let mut body = ObjectWriter::new();
        body.object("connection", connection);
        body.finish()
    }
}

fn retention(value: Option<u32>) -> Result<Option<u32>, ClientError> {
    match value {
        Some(0) => Err(ClientError::invalid_input(
            "warehouse_writeback_retention_in_days",
            "expected an integer ≥ 1, got 0",
        )),
        other => Ok(other),
    }
}

/// `/sources/{id}`.
pub fn source_path(id: u64) -> String {
    format!("/sources/{id}")
}

/// `source {id}`, for messages.
pub fn source_subject(id: u64) -> String {
    format!("source {id}")
}

/// `GET /sources`: one page of sources.
pub fn list_sources(options: &ListOptions) -> Result<HttpRequest, ClientError> {
    list_request("/sources".into(), "the source list".into(), options)
}

/// A `GET` of one page of a list endpoint, with `page`, `per_page` and `order` checked.
pub fn list_request(
    path: String,
    subject: String,
    options: &ListOptions,
) -> Result<HttpRequest, ClientError> {
    let page = options
        .page
        .map(|page| {
            if page == 0 {
                Err(ClientError::invalid_input(
                    "page",
                    "expected an integer ≥ 1, got 0",
                ))
            } else {
                Ok(page)
            }
        })
        .transpose()?;
    let per_page = options
        .per_page
        .map(|per_page| {
            if (1..=MAX_PER_PAGE).contains(&per_page) {
                Ok(per_page)
            } else {
                Err(ClientError::invalid_input(
                    "perPage",
                    format!("expected an integer from 1 to {MAX_PER_PAGE}, got {per_page}"),
                ))
            }
        })
        .transpose()?;
    let order = options
        .order
        .as_deref()
        .map(|order| Order::parse("order", order))
        .transpose()?;
    Ok(HttpRequest::new(Method::Get, path, subject)
        .with_query("page", page.map(|p| p.to_string()))
        .with_query("per_page", per_page.map(|p| p.to_string()))
        .with_query("order", order.map(|o| o.as_str().to_owned())))
}

/// `GET /sources/{id}`.
pub fn get_source(id: u64) -> Result<HttpRequest, ClientError> {
    let id = positive("id", id)?;
    Ok(HttpRequest::new(
        Method::Get,
        source_path(id),
        source_subject(id),
    ))
}

/// `POST /sources`: needs a non-empty `type` and an object `credentials`.
pub fn create_source(input: &CreateSourceInput) -> Result<HttpRequest, ClientError> {
    let source_type = match input.source_type.as_deref().map(str::trim) {
        None => {
            return Err(ClientError::invalid_input(
                "type",
                "required: the service_name of a source type, e.g. \"snowflake\"",
            ));
        }
        Some("") => {
            return Err(ClientError::invalid_input(
                "type",
                "must not be empty: give the service_name of a source type, e.g. \"snowflake\"",
            ));
        }
        Some(_) => input.source_type.as_deref(),
    };
    let credentials = match &input.credentials {
        Some(credentials) => credentials,
        None => {
            return Err(ClientError::invalid_input(
                "credentials",
                "required: an object with the connection's credentials, e.g. { hostname, user, password }",
            ));
        }
    };
    let sync_engine = match input.sync_engine.as_deref() {
        None => None,
        Some(engine) if SyncEngine::KNOWN.contains(&engine) => Some(engine),
        Some(other) => {
            return Err(ClientError::invalid_input(
                "sync_engine",
                format!("expected \"basic\" or \"advanced\", got {}", quoted(other)),
            ));
        }
    };
    let body = Connection {
        source_type,
        credentials: Some(credentials),
        label: input.label.as_deref(),
        name: input.name.as_deref(),
        read_only_connection: input.read_only_connection,
        sync_engine,
        warehouse_writeback_retention_in_days: retention(
            input.warehouse_writeback_retention_in_days,
        )?,
    }
    .json_body();
    Ok(
        HttpRequest::new(Method::Post, "/sources".into(), "the new source".into())
            .with_json_body(body),
    )
}

/// `PATCH /sources/{id}`: at least one member must be given.
pub fn update_source(id: u64, input: &UpdateSourceInput) -> Result<HttpRequest, ClientError> {
    let id = positive("id", id)?;
    for (field, given) in [
        ("type", input.source_type.is_some()),
        ("sync_engine", input.sync_engine.is_some()),
    ] {
        if given {
            return Err(ClientError::invalid_input(
                field,
                "can only be set when a source is created",
            ));
        }
    }
    let connection = Connection {
        source_type: None,
        credentials: input.credentials.as_ref(),
        label: input.label.as_deref(),
        name: input.name.as_deref(),
        read_only_connection: input.read_only_connection,
        sync_engine: None,
        warehouse_writeback_retention_in_days: retention(
            input.warehouse_writeback_retention_in_days,
        )?,
    };
    let empty = connection.credentials.is_none_or(RawObject::is_empty)
        && connection.label.is_none()
        && connection.name.is_none()
        && connection.read_only_connection.is_none()
        && connection.warehouse_writeback_retention_in_days.is_none();
    if empty {
        return Err(ClientError::invalid_input(
            "input",
            "nothing to update: give at least one of name, label, credentials, \
             read_only_connection, warehouse_writeback_retention_in_days",
        ));
    }
    Ok(
        HttpRequest::new(Method::Patch, source_path(id), source_subject(id))
            .with_json_body(connection.json_body()),
    )
}

/// `DELETE /sources/{id}`.
pub fn delete_source(id: u64) -> Result<HttpRequest, ClientError> {
    let id = positive("id", id)?;
    Ok(HttpRequest::new(
        Method::Delete,
        source_path(id),
        source_subject(id),
    ))
}

/// `POST /sources/{id}/refresh_tables`: queues a job that refreshes the source's table list.
pub fn refresh_tables(id: u64) -> Result<HttpRequest, ClientError> {
    let id = positive("id", id)?;
    Ok(HttpRequest::new(
        Method::Post,
        format!("{}/refresh_tables", source_path(id)),
        source_subject(id),
    ))
}

/// `GET /sources/{id}/refresh_tables_status?refresh_key=K`.
pub fn refresh_tables_status(
    id: u64,
    refresh_key: Option<u64>,
) -> Result<HttpRequest, ClientError> {
    let id = positive("id", id)?;
    let Some(refresh_key) = refresh_key else {
        return Err(ClientError::invalid_input(
            "refreshKey",
            "required: the refresh_key that refreshTables returned",
        ));
    };
    let refresh_key = positive("refreshKey", refresh_key)?;
    Ok(HttpRequest::new(
        Method::Get,
        format!("{}/refresh_tables_status", source_path(id)),
        format!("refresh job {refresh_key} of source {id}"),
    )
    .with_query("refresh_key", Some(refresh_key.to_string())))
}

/// Reads a page of `GET /sources`.
pub fn read_source_page(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<Page<Source>, ClientError> {
    response::read_page(request, response)
}

/// Reads the Source of `GET` and `PATCH /sources/{id}`.
pub fn read_source(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<Source, ClientError> {
    response::read_data(request, response)
}

/// Reads `POST /sources`: `data` is `{id}` (older API) or a whole Source (newer).
pub fn read_created(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<Created, ClientError> {
    #[derive(Deserialize)]
    struct IdOnly {
        id: u64,
    }
    let data: serde_json::Value = response::read_data(request, response)?;
    let whole = data
        .as_object()
        .is_some_and(|object| object.contains_key("type") || object.contains_key("name"));
    let shape_error = |err: ShapeError| response::shape_error(request, response, err.under("data"));
    if whole {
        from_deserializer::<Source, _>(data)
            .map(|source| Created::Source(Box::new(source)))
            .map_err(shape_error)
    } else {
        from_deserializer::<IdOnly, _>(data)
            .map(|created| Created::Id(created.id))
            .map_err(shape_error)
    }
}

/// Reads `DELETE /sources/{id}`: `{"status": "deleted"}` (or an empty 2xx body).
pub fn read_deleted(request: &HttpRequest, response: &RawResponse<'_>) -> Result<(), ClientError> {
    response::read_status_only(request, response)
}

/// `{"refresh_key": K}` as documented, or the same inside an envelope's `data`.
#[derive(Deserialize)]
struct RefreshKeyBody {
    #[serde(default)]
    status: Option<EnvelopeStatus>,
    #[serde(default)]
    message: Option<serde_json::Value>,
    #[serde(default)]
    refresh_key: Option<u64>,
    #[serde(default)]
    data: Option<RefreshKey>,
}

impl Enveloped for RefreshKeyBody {
    fn envelope_status(&self) -> Option<&EnvelopeStatus> {
        self.status.as_ref()
    }
    fn envelope_message(&self) -> Option<&serde_json::Value> {
        self.message.as_ref()
    }
}

/// Reads `POST /sources/{id}/refresh_tables`, with or without an envelope.
pub fn read_refresh_key(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<RefreshKey, ClientError> {
    let body: RefreshKeyBody = response::read_body(request, response)?;
    body.refresh_key
        .map(|refresh_key| RefreshKey { refresh_key })
        .or(body.data)
        .ok_or_else(|| response::missing_member(request, response, "refresh_key"))
}

/// Reads `GET /sources/{id}/refresh_tables_status`, with or without an envelope.
pub fn read_refresh_status(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<RefreshStatus, ClientError> {
    // `{"status": "completed"}` as documented, or the same inside an envelope's `data`.
    let body = response::read_envelope::<RefreshStatus>(request, response)?;
    if let Some(data) = body.data {
        return Ok(data);
    }
    match body.status {
        Some(EnvelopeStatus::Word(word)) => Ok(RefreshStatus {
            status: RefreshState::from_wire(&word),
        }),
        _ => Err(response::missing_member(request, response, "status")),
    }
}
