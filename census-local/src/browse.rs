//! The read-only catalogue and what a source contains: `/source_types`, a source's `tables` and
//! legacy `data_sources`, and the token's `/workspace`. Lists page exactly as `/sources` does
//! ([`Paging`]); unknown ids are 404s in the not-found shape the request asks for. Models (and
//! their fetch) are `models`' routes.

use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use census_core::models::DataSource;

use crate::AppState;
use crate::api::{Envelope, Paging, numeric_id, param, parse_query, source_not_found};
use crate::http::{ApiError, json};
use crate::objects::{SourceObject, Table};
use crate::organisation::OWN_WORKSPACE_ID;
use crate::percent::percent_encode;
use crate::store::{CATALOGUE, Record, source_type};

/// The read-only routes below `/api/v1`: the catalogue, what a source contains, the workspace.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/source_types", get(list_source_types))
        .route("/source_types/{service_name}", get(get_source_type))
        .route("/sources/{id}/tables", get(list_tables))
        .route("/sources/{id}/tables/{table_id}", get(get_table))
        .route("/sources/{id}/data_sources", get(list_data_sources))
        .route("/workspace", get(get_workspace))
}

/// `GET /workspace`: the workspace the token belongs to, as the client's own model: workspace
/// 1001 of the organisation, as `PATCH /workspaces/1001` (personal access token) leaves it.
pub async fn get_workspace(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let workspace = state
        .store()
        .org
        .workspaces
        .get(&OWN_WORKSPACE_ID)
        .map(|record| record.current())
        .ok_or_else(|| ApiError::not_found("Workspace not found"))?;
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: workspace,
        },
    ))
}

/// The most source types a page may ask for: the reference says `per_page` is under 100 here
/// (CENSUS-SURFACE.md, "Pagination").
const MAX_SOURCE_TYPES_PER_PAGE: u32 = 99;

/// `GET /source_types?page&per_page&order`: the catalogue in its fixed order (`asc`), or the
/// reverse (`desc`, the default as for every list), at most 99 a page. Source types have no id.
pub async fn list_source_types(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = parse_query(query.as_deref().unwrap_or(""));
    let paging = Paging::read_capped(&params, MAX_SOURCE_TYPES_PER_PAGE)?;
    let (total, data) = paging.window(CATALOGUE.iter().collect());
    Ok(paging.answer(&state, &headers, "/source_types", "", data, total))
}

/// `GET /source_types/{service_name}`.
pub async fn get_source_type(
    name: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let name = name.map(|Path(name)| name).unwrap_or_default();
    let kind = source_type(&name)
        .ok_or_else(|| ApiError::not_found(format!("Source type {name:?} not found")))?;
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: kind,
        },
    ))
}

/// `GET /sources/{id}/tables?page&per_page&order&search&order_by`, by table id. `search` keeps
/// the tables [`Table::matches`] finds (case-insensitive; a term with a dot is matched on
/// `schema.table`), and the pagination counts only those. `order_by=field:dir` (`id`,
/// `table_name`, `table_schema` or `table_catalog`; `asc` or `desc`, `asc` when left out) sorts
/// them, ties by id, and then `order` has no say.
pub async fn list_tables(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let id = path_id(id).ok_or_else(source_not_found)?;
    let params = parse_query(query.as_deref().unwrap_or(""));
    let store = state.store();
    let record = store.sources.get(&id).ok_or_else(source_not_found)?;
    let paging = Paging::read(&params)?;
    let search = param(&params, "search")
        .map(str::trim)
        .filter(|term| !term.is_empty());
    let needle = search.map(str::to_lowercase);
    let mut tables: Vec<&Table> = record
        .objects
        .tables
        .iter()
        .filter(|table| needle.as_deref().is_none_or(|needle| table.matches(needle)))
        .collect();
    let order_by = param(&params, "order_by");
    if let Some(raw) = order_by {
        let (field, direction) = raw.split_once(':').unwrap_or((raw, "asc"));
        let key = |table: &Table| -> String {
            match field {
                "table_name" => table.name.clone(),
                "table_schema" => table.schema.clone(),
                "table_catalog" => table.catalog.clone(),
                _ => String::new(),
            }
        };
        if !["id", "table_name", "table_schema", "table_catalog"].contains(&field)
            || !["asc", "desc"].contains(&direction)
        {
            return Err(ApiError::bad_request(format!(
                "order_by must be field:direction with a field among id, table_name, \
                 table_schema and table_catalog and a direction asc or desc, got {raw:?}"
            )));
        }
        tables.sort_by(|a, b| key(a).cmp(&key(b)).then(a.id.cmp(&b.id)));
        // The window turns a newest-first list around: order_by has the last word.
        if (direction == "desc") != paging.descending() {
            tables.reverse();
        }
    }
    let (total, page) = paging.window(tables);
    let data: Vec<SourceObject> = page
        .into_iter()
        .map(|table| SourceObject::Table(table.wire(false)))
        .collect();
    let mut extra = search.map_or_else(String::new, |term| {
        format!("&search={}", percent_encode(term))
    });
    if let Some(raw) = order_by {
        extra.push_str(&format!("&order_by={}", percent_encode(raw)));
    }
    Ok(paging.answer(
        &state,
        &headers,
        &format!("/sources/{id}/tables"),
        &extra,
        data,
        total,
    ))
}

/// `GET /sources/{id}/tables/{table_id}`: the table with its columns.
pub async fn get_table(
    State(state): State<Arc<AppState>>,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    let (source, table) = path_ids(ids);
    let store = state.store();
    let record = source_record(&store.sources, source)?;
    let table = table
        .and_then(|id| record.objects.tables.iter().find(|t| t.id == id))
        .ok_or_else(|| ApiError::not_found("Table not found"))?;
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: SourceObject::Table(table.wire(true)),
        },
    ))
}

/// `GET /sources/{id}/data_sources?page&per_page&order` (legacy): the source's tables and
/// models in one list, ordered by id. Ids come from one counter in creation order, tables
/// before models, so `asc` lists every table and then every model (each oldest first) and
/// `desc` the reverse; no id appears twice.
pub async fn list_data_sources(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let id = path_id(id).ok_or_else(source_not_found)?;
    let params = parse_query(query.as_deref().unwrap_or(""));
    let store = state.store();
    let record = store.sources.get(&id).ok_or_else(source_not_found)?;
    let paging = Paging::read(&params)?;
    let objects = &record.objects;
    let mut items: Vec<DataSource> = objects
        .tables
        .iter()
        .map(|table| DataSource::Table(table.wire(false)))
        .chain(
            objects
                .models
                .iter()
                .map(|model| DataSource::Model(model.wire(false))),
        )
        .collect();
    // Tables and models take their ids from one counter, so no id appears twice.
    items.sort_by_key(|item| match item {
        DataSource::Table(table) => table.id,
        DataSource::Model(model) => model.id,
    });
    let (total, data) = paging.window(items);
    Ok(paging.answer(
        &state,
        &headers,
        &format!("/sources/{id}/data_sources"),
        "",
        data,
        total,
    ))
}

pub(crate) fn path_id(path: Result<Path<String>, PathRejection>) -> Option<u64> {
    path.ok().and_then(|Path(raw)| numeric_id(&raw))
}

/// The source id and the object id of a `/sources/{id}/{kind}/{object_id}` path.
pub(crate) fn path_ids(
    path: Result<Path<(String, String)>, PathRejection>,
) -> (Option<u64>, Option<u64>) {
    match path {
        Ok(Path((source, object))) => (numeric_id(&source), numeric_id(&object)),
        Err(_) => (None, None),
    }
}

/// The source a path names; an unknown source is reported before anything about the object.
pub(crate) fn source_record(
    sources: &std::collections::BTreeMap<u64, Record>,
    id: Option<u64>,
) -> Result<&Record, ApiError> {
    id.and_then(|id| sources.get(&id))
        .ok_or_else(source_not_found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_query_values_for_next_links() {
        assert_eq!(percent_encode("analytics.orders"), "analytics.orders");
        assert_eq!(percent_encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        let decoded = parse_query(&format!("search={}", percent_encode("a b&c=d/é")));
        assert_eq!(param(&decoded, "search"), Some("a b&c=d/é"));
    }
}
