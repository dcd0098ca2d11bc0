//! What a source contains: tables (current API), and the legacy data sources list and models.

use serde::Deserialize;

use crate::api::ArgValue;
use crate::error::ClientError;
#[cfg(feature = "readers")]
use crate::models::{DataSource, Model, Page, Table};
use crate::request::HttpRequest;
#[cfg(feature = "readers")]
use crate::response::{self, RawResponse};
use crate::sources::{ListOptions, call, paged_call};

/// Options of `listTables`: a page, as for sources, and an optional name filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TableListOptions {
    /// 1-based page number (default 1).
    #[serde(default)]
    pub page: Option<u32>,
    /// Items per page, 1–100 (the API's default is 25).
    #[serde(default)]
    pub per_page: Option<u32>,
    /// `asc` or `desc` (the API's default is `desc`).
    #[serde(default)]
    pub order: Option<String>,
    /// Only tables whose name contains this text (the API decides how it matches).
    #[serde(default)]
    pub search: Option<String>,
    /// The sort, as `field:direction` (`table_name:asc`); then `order` has no say.
    #[serde(default)]
    pub order_by: Option<String>,
}

impl TableListOptions {
    /// The keys callers write, in the order of the fields.
    pub const KEYS: [&str; 5] = ["page", "perPage", "order", "search", "orderBy"];

    /// The paging part of these options.
    pub fn paging(&self) -> ListOptions {
        ListOptions {
            page: self.page,
            per_page: self.per_page,
            order: self.order.clone(),
        }
    }
}

/// `GET /sources/{id}/tables`: one page of a source's tables, optionally filtered by name.
pub fn list_tables(source_id: u64, options: &TableListOptions) -> Result<HttpRequest, ClientError> {
    paged_call(
        "listTables",
        vec![ArgValue::Id(source_id)],
        options.paging(),
        vec![options.search.clone(), options.order_by.clone()],
    )
}

/// `GET /sources/{id}/tables/{table_id}`: one table with its columns.
pub fn get_table(source_id: u64, table_id: u64) -> Result<HttpRequest, ClientError> {
    call(
        "getTable",
        vec![ArgValue::Id(source_id), ArgValue::Id(table_id)],
    )
}

/// `GET /sources/{id}/data_sources` (legacy): one page of the source's tables and models.
pub fn list_data_sources(
    source_id: u64,
    options: &ListOptions,
) -> Result<HttpRequest, ClientError> {
    paged_call(
        "listDataSources",
        vec![ArgValue::Id(source_id)],
        options.clone(),
        Vec::new(),
    )
}

/// `GET /sources/{id}/models/{model_id}`: one model with its columns.
pub fn get_model(source_id: u64, model_id: u64) -> Result<HttpRequest, ClientError> {
    call(
        "getModel",
        vec![ArgValue::Id(source_id), ArgValue::Id(model_id)],
    )
}

#[cfg(feature = "readers")]
/// Reads a page of `GET /sources/{id}/tables`.
pub fn read_table_page(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<Page<Table>, ClientError> {
    response::read_page(request, response)
}

#[cfg(feature = "readers")]
/// Reads `GET /sources/{id}/tables/{table_id}`; `columns` must be there.
pub fn read_table(request: &HttpRequest, response: &RawResponse<'_>) -> Result<Table, ClientError> {
    let table: Table = response::read_data(request, response)?;
    if table.columns.is_none() {
        return Err(response::missing_member(request, response, "data.columns"));
    }
    Ok(table)
}

#[cfg(feature = "readers")]
/// Reads a page of `GET /sources/{id}/data_sources`: every item a `table` or a `model`.
pub fn read_data_source_page(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<Page<DataSource>, ClientError> {
    response::read_page(request, response)
}

#[cfg(feature = "readers")]
/// Reads `GET /sources/{id}/models/{model_id}`; `columns` must be there.
pub fn read_model(request: &HttpRequest, response: &RawResponse<'_>) -> Result<Model, ClientError> {
    let model: Model = response::read_data(request, response)?;
    if model.columns.is_none() {
        return Err(response::missing_member(request, response, "data.columns"));
    }
    Ok(model)
}
