//! The seven Sources calls: checked inputs, request builders and response readers.
//!
//! Inputs use the names JavaScript callers write: option bags in camelCase (`perPage`), request
//! bodies with the API's own field names (`read_only_connection`), as octokit and stripe do.

use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::api::{self, ArgValue, Call};
use crate::error::ClientError;
use crate::input::{InValue, InValues};
#[cfg(feature = "readers")]
use crate::json_error::{ShapeError, from_deserializer};
#[cfg(feature = "readers")]
use crate::models::{
    Created, EnvelopeStatus, Page, RefreshKey, RefreshState, RefreshStatus, Source,
};
use crate::number;
use crate::raw_object::RawObject;
use crate::request::HttpRequest;
#[cfg(feature = "readers")]
use crate::response::{self, Enveloped, RawResponse};
use crate::scan::quoted;

/// The largest `per_page` the API accepts.
pub const MAX_PER_PAGE: u32 = 100;
/// Ids and counts above this lose precision in a JavaScript number: the scanner's ceiling for
/// them in answers ([`crate::scan::MAX_SAFE_INTEGER`]), as the JavaScript number callers give.
pub const MAX_SAFE_INTEGER: f64 = crate::scan::MAX_SAFE_INTEGER as f64;

/// Checks that a JavaScript number is a usable id: a positive, safe integer.
pub fn check_id(field: &str, value: f64) -> Result<u64, ClientError> {
    if !number::is_whole(value) {
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
    if value == 0 || value > crate::scan::MAX_SAFE_INTEGER {
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
    pub order: Option<String>,
}

impl ListOptions {
    /// The keys callers write, in the order of the fields.
    pub const KEYS: [&str; 3] = ["page", "perPage", "order"];
}

/// The `connection` of `POST /sources`, as the caller gives it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateSourceInput {
    /// Required: a `service_name` from `/source_types` that is `creatable_via_api`.
    // Optional in Rust so that a missing value gets the client's own message, not serde's.
    #[serde(rename = "type")]
    pub source_type: Option<String>,
    /// Required: the connection's credentials, an object.
    pub credentials: Option<RawObject>,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub read_only_connection: Option<bool>,
    /// `basic` or `advanced`; can only be chosen at creation.
    #[serde(default)]
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
#[serde(deny_unknown_fields)]
pub struct UpdateSourceInput {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
    /// Credentials to change; members not given keep their values.
    #[serde(default)]
    pub credentials: Option<RawObject>,
    #[serde(default)]
    pub read_only_connection: Option<bool>,
    #[serde(default)]
    pub warehouse_writeback_retention_in_days: Option<u32>,
    /// Cannot be changed after creation (read only to say so).
    #[serde(rename = "type", default)]
    pub source_type: Option<IgnoredAny>,
    /// Cannot be changed after creation (read only to say so).
    #[serde(default)]
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

/// `GET /sources`: one page of sources.
pub fn list_sources(options: &ListOptions) -> Result<HttpRequest, ClientError> {
    paged_call("listSources", Vec::new(), options.clone(), Vec::new())
}

/// `perPage`, from 1 to `max_per_page` (the list's own limit).
pub fn check_per_page(per_page: u32, max_per_page: u32) -> Result<u32, ClientError> {
    if (1..=max_per_page).contains(&per_page) {
        Ok(per_page)
    } else {
        Err(ClientError::invalid_input(
            "perPage",
            format!("expected an integer from 1 to {max_per_page}, got {per_page}"),
        ))
    }
}

/// The query of one page of a list endpoint: `page`, `per_page` and `order`, checked.
pub fn paging_query(
    options: &ListOptions,
    max_per_page: u32,
) -> Result<Vec<(&'static str, String)>, ClientError> {
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
        .map(|per_page| check_per_page(per_page, max_per_page))
        .transpose()?;
    let order = options
        .order
        .as_deref()
        .map(|order| Order::parse("order", order))
        .transpose()?;
    let mut query = Vec::new();
    if let Some(page) = page {
        query.push(("page", page.to_string()));
    }
    if let Some(per_page) = per_page {
        query.push(("per_page", per_page.to_string()));
    }
    if let Some(order) = order {
        query.push(("order", order.as_str().to_owned()));
    }
    Ok(query)
}

/// `GET /sources/{id}`.
pub fn get_source(id: u64) -> Result<HttpRequest, ClientError> {
    call("getSource", vec![ArgValue::Id(id)])
}

/// `POST /sources`: needs a non-empty `type` and an object `credentials`.
pub fn create_source(input: &CreateSourceInput) -> Result<HttpRequest, ClientError> {
    call("createSource", vec![ArgValue::Input(input.values())])
}

impl CreateSourceInput {
    /// The members as `core::api::CREATE_SOURCE_INPUT` lists them.
    pub fn values(&self) -> InValues {
        vec![
            self.source_type.clone().map(InValue::Str),
            self.credentials.clone().map(InValue::Object),
            self.label.clone().map(InValue::Str),
            self.name.clone().map(InValue::Str),
            self.read_only_connection.map(InValue::Bool),
            self.sync_engine.clone().map(InValue::Str),
            self.warehouse_writeback_retention_in_days
                .map(|days| InValue::Int(u64::from(days))),
        ]
    }
}

/// `PATCH /sources/{id}`: at least one member must be given.
pub fn update_source(id: u64, input: &UpdateSourceInput) -> Result<HttpRequest, ClientError> {
    let values = vec![
        input.source_type.map(|_| InValue::Given),
        input.credentials.clone().map(InValue::Object),
        input.label.clone().map(InValue::Str),
        input.name.clone().map(InValue::Str),
        input.read_only_connection.map(InValue::Bool),
        input.sync_engine.map(|_| InValue::Given),
        input
            .warehouse_writeback_retention_in_days
            .map(|days| InValue::Int(u64::from(days))),
    ];
    call(
        "updateSource",
        vec![ArgValue::Id(id), ArgValue::Input(values)],
    )
}

/// `DELETE /sources/{id}`.
pub fn delete_source(id: u64) -> Result<HttpRequest, ClientError> {
    call("deleteSource", vec![ArgValue::Id(id)])
}

/// `POST /sources/{id}/refresh_tables`: queues a job that refreshes the source's table list.
pub fn refresh_tables(id: u64) -> Result<HttpRequest, ClientError> {
    call("refreshTables", vec![ArgValue::Id(id)])
}

/// `GET /sources/{id}/refresh_tables_status?refresh_key=K`.
pub fn refresh_tables_status(
    id: u64,
    refresh_key: Option<u64>,
) -> Result<HttpRequest, ClientError> {
    let key = refresh_key.map_or(ArgValue::Absent, ArgValue::Id);
    call("refreshTablesStatus", vec![ArgValue::Id(id), key])
}

/// The request of the method `name` with `values` for its arguments and no options: the
/// typed builders here are the descriptions of `core::api` with Rust types in front.
pub(crate) fn call(name: &str, values: Vec<ArgValue>) -> Result<HttpRequest, ClientError> {
    paged_call(name, values, ListOptions::default(), Vec::new())
}

/// [`call`] with paging options and filters.
pub(crate) fn paged_call(
    name: &str,
    values: Vec<ArgValue>,
    paging: ListOptions,
    filters: Vec<Option<String>>,
) -> Result<HttpRequest, ClientError> {
    let op = api::op(name).ok_or_else(|| ClientError::invalid_input(name, "no such method"))?;
    let mut call = Call::new(op.endpoint, op.args, values);
    call.paging = paging;
    call.filters = filters;
    call.request()
}

#[cfg(feature = "readers")]
/// Reads a page of `GET /sources`.
pub fn read_source_page(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<Page<Source>, ClientError> {
    response::read_page(request, response)
}

#[cfg(feature = "readers")]
/// Reads the Source of `GET` and `PATCH /sources/{id}`.
pub fn read_source(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<Source, ClientError> {
    response::read_data(request, response)
}

#[cfg(feature = "readers")]
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

#[cfg(feature = "readers")]
/// Reads `DELETE /sources/{id}`: `{"status": "deleted"}` (or an empty 2xx body).
pub fn read_deleted(request: &HttpRequest, response: &RawResponse<'_>) -> Result<(), ClientError> {
    response::read_status_only(request, response)
}

#[cfg(feature = "readers")]
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

#[cfg(feature = "readers")]
impl Enveloped for RefreshKeyBody {
    fn envelope_status(&self) -> Option<&EnvelopeStatus> {
        self.status.as_ref()
    }
    fn envelope_message(&self) -> Option<&serde_json::Value> {
        self.message.as_ref()
    }
}

#[cfg(feature = "readers")]
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

#[cfg(feature = "readers")]
/// Reads `GET /sources/{id}/refresh_tables_status`, with or without an envelope.
pub fn read_refresh_status(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<RefreshStatus, ClientError> {
    // `{"status": "completed"}` as documented, or the same inside an envelope's `data`.
    // A bare `{"status": "error"}` (no message, no data) is the job's state, not an envelope's.
    if response.is_success()
        && let Ok(body) =
            crate::json_error::from_json_slice::<response::Envelope<RefreshStatus>>(response.body)
        && let Some(EnvelopeStatus::Word(word)) = &body.status
        && word == "error"
        // Which members are there, null included, whatever their values (a number serde or the
        // scanner would refuse, such as 1e400, elsewhere in the body must not hide them).
        && let Ok(members) = serde_json::from_slice::<
            std::collections::HashMap<String, serde::de::IgnoredAny>,
        >(response.body)
        && !members.contains_key("message")
        && !members.contains_key("data")
    {
        return Ok(RefreshStatus {
            status: RefreshState::from_wire(word),
        });
    }
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
