//! A source's SQL models (deprecated by Census in favour of datasets, still used): list, create,
//! fetch, update and delete, and the refresh of a model's columns.
//!
//! A model is answered as census-core's `Model`, tagged `"type": "model"` as in the source
//! objects list, with `source_object_id` and the API's own misspelt `"dataset_id="` (both its
//! id). The fetch answers with envelope status `"created"`, as the reference's example does.
//! A created or changed model's columns are read from its query: the columns it selects from
//! the source's table it names (`*` for all of them), typed as that table types them.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use census_core::models::RefreshKey;
use serde::Serialize;

use crate::AppState;
use crate::api::{Envelope, Paging, parse_query, read_object, refresh_answer, source_not_found};
use crate::browse::{path_id, path_ids, source_record};
use crate::clock::now_ms;
use crate::fields::{optional_name, optional_text, required_text};
use crate::http::{ApiError, invalid, json, refresh_ms};
use crate::objects::{Column, Model, SourceObject, Table};
use crate::store::RefreshTarget;

/// The routes of a source's models, below `/api/v1`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/sources/{id}/models", get(list_models).post(create_model))
        .route(
            "/sources/{id}/models/{model_id}",
            get(get_model).patch(update_model).delete(delete_model),
        )
        .route(
            "/sources/{id}/models/{model_id}/refresh_columns",
            post(refresh_columns),
        )
        .route(
            "/sources/{id}/models/{model_id}/refresh_columns_status",
            get(refresh_columns_status),
        )
}

#[derive(Serialize)]
struct StatusOnly {
    status: &'static str,
}

fn model_not_found() -> ApiError {
    ApiError::not_found("Model not found")
}

/// The type a column gets when the query's table does not say it.
const UNKNOWN_TYPE: &str = "text (2000)";

/// The columns `query` selects, read from the first table of `tables` it names after `from`
/// (`schema.table`, `catalog.schema.table` or `table`, quoted or not): `*` is every column of
/// that table; a named column (`t.email`, `email as address`) takes the table's type, or
/// `text (2000)` when the table does not have it. A query this cannot read has no columns.
pub fn columns_of(query: &str, tables: &[Table]) -> Vec<Column> {
    let lower = query.to_lowercase();
    let (Some(select), Some(from)) = (find_word(&lower, "select"), find_word(&lower, "from"))
    else {
        return Vec::new();
    };
    if from < select {
        return Vec::new();
    }
    let list = &query[select + "select".len()..from];
    let reference: String = query[from + "from".len()..]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !matches!(c, '"' | '`' | '[' | ']' | ';' | '(' | ')'))
        .collect();
    let parts: Vec<&str> = reference.split('.').collect();
    let table = parts.last().and_then(|name| {
        let schema = (parts.len() >= 2).then(|| parts[parts.len() - 2]);
        tables.iter().find(|t| {
            t.name.eq_ignore_ascii_case(name)
                && schema.is_none_or(|schema| t.schema.eq_ignore_ascii_case(schema))
        })
    });
    let mut columns: Vec<Column> = Vec::new();
    for item in list.split(',') {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        if item == "*" || item.ends_with(".*") {
            for column in table.map(|t| t.columns.as_slice()).unwrap_or_default() {
                if !columns.iter().any(|c| c.name == column.name) {
                    columns.push(column.clone());
                }
            }
            continue;
        }
        let words: Vec<&str> = item.split_whitespace().collect();
        let source = words.first().copied().unwrap_or(item);
        let source = source
            .rsplit('.')
            .next()
            .unwrap_or(source)
            .trim_matches('"');
        let name = match words.as_slice() {
            [.., as_word, alias] if as_word.eq_ignore_ascii_case("as") => alias.trim_matches('"'),
            [_, alias] => alias.trim_matches('"'),
            _ => source,
        };
        let column_type = table
            .and_then(|t| {
                t.columns
                    .iter()
                    .find(|c| c.name.eq_ignore_ascii_case(source))
            })
            .map_or(UNKNOWN_TYPE, |c| c.column_type.as_str());
        if !columns.iter().any(|c| c.name == name) {
            columns.push(Column {
                name: name.to_owned(),
                column_type: column_type.to_owned(),
            });
        }
    }
    columns
}

/// Where `word` first stands alone in `text` (already lowercased).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let boundary = |at: usize| {
        bytes
            .get(at)
            .is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
    };
    text.match_indices(word)
        .map(|(at, _)| at)
        .find(|&at| (at == 0 || boundary(at - 1)) && boundary(at + word.len()))
}

/// `GET /sources/{id}/models?page&per_page&order`: the source's models by id (their creation
/// order), without columns.
pub async fn list_models(
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
    let (total, page) = paging.window(record.objects.models.iter().collect());
    let data: Vec<SourceObject> = page
        .into_iter()
        .map(|model| SourceObject::Model(model.wire(false)))
        .collect();
    Ok(paging.answer(
        &state,
        &headers,
        &format!("/sources/{id}/models"),
        "",
        data,
        total,
    ))
}

/// `POST /sources/{id}/models` with `{name, query, description?}`: 201 with the whole model.
pub async fn create_model(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(id).ok_or_else(source_not_found)?;
    if !state.store().sources.contains_key(&id) {
        return Err(source_not_found());
    }
    let body = read_object(body)?;
    let name = required_text(&body, "name")?;
    let query = required_text(&body, "query")?;
    let description = optional_text(&body, "description")?.flatten();

    let mut store = state.store();
    let record = store.sources.get(&id).ok_or_else(source_not_found)?;
    check_unique(&record.objects.models, &name, None)?;
    let columns = columns_of(&query, &record.objects.tables);
    let created_ms = now_ms().max(record.created_ms);
    let model_id = store.take_object_id();
    let model = Model {
        id: model_id,
        name,
        query,
        created_ms,
        updated_ms: created_ms,
        compiled_query: None,
        columns,
        description,
    };
    let shown = SourceObject::Model(model.wire(true));
    store
        .sources
        .get_mut(&id)
        .ok_or_else(source_not_found)?
        .objects
        .models
        .push(model);
    drop(store);
    Ok(json(
        StatusCode::CREATED,
        &Envelope {
            status: "created",
            data: shown,
        },
    ))
}

/// A 422 when another model of the source (not `except`) is already named `name`.
fn check_unique(models: &[Model], name: &str, except: Option<u64>) -> Result<(), ApiError> {
    if models
        .iter()
        .any(|m| Some(m.id) != except && m.name.eq_ignore_ascii_case(name))
    {
        return Err(invalid(
            "name",
            format!("a model named {name:?} already exists in this source"),
        ));
    }
    Ok(())
}

/// `GET /sources/{id}/models/{model_id}`: the model with its columns and `compiled_query`,
/// under envelope status `"created"` as the reference's example shows.
pub async fn get_model(
    State(state): State<Arc<AppState>>,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    let (source, model) = path_ids(ids);
    let store = state.store();
    let record = source_record(&store.sources, source)?;
    let model = model
        .and_then(|id| record.objects.models.iter().find(|m| m.id == id))
        .ok_or_else(model_not_found)?;
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "created",
            data: SourceObject::Model(model.wire(true)),
        },
    ))
}

/// `PATCH /sources/{id}/models/{model_id}` with any of `name`, `query`, `description`: a new
/// query reads the columns again.
pub async fn update_model(
    State(state): State<Arc<AppState>>,
    ids: Result<Path<(String, String)>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (source, model_id) = path_ids(ids);
    {
        let store = state.store();
        let record = source_record(&store.sources, source)?;
        model_id
            .filter(|id| record.objects.models.iter().any(|m| m.id == *id))
            .ok_or_else(model_not_found)?;
    }
    let body = read_object(body)?;
    let name = optional_name(&body, "name")?;
    let query = optional_name(&body, "query")?;
    let description = optional_text(&body, "description")?;
    if name.is_none() && query.is_none() && description.is_none() {
        return Err(invalid(
            "body",
            "nothing to update; give name, query or description",
        ));
    }
    let mut store = state.store();
    let record = source
        .and_then(|id| store.sources.get_mut(&id))
        .ok_or_else(source_not_found)?;
    if let Some(name) = &name {
        check_unique(&record.objects.models, name, model_id)?;
    }
    let columns = query
        .as_deref()
        .map(|query| columns_of(query, &record.objects.tables));
    let model = record
        .objects
        .models
        .iter_mut()
        .find(|m| Some(m.id) == model_id)
        .ok_or_else(model_not_found)?;
    if let Some(name) = name {
        model.name = name;
    }
    if let (Some(query), Some(columns)) = (query, columns) {
        model.query = query;
        model.columns = columns;
        // Written in Census now: no dbt compilation behind it any more.
        model.compiled_query = None;
    }
    if let Some(description) = description {
        model.description = description;
    }
    model.updated_ms = now_ms().max(model.created_ms);
    let shown = SourceObject::Model(model.wire(true));
    drop(store);
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "updated",
            data: shown,
        },
    ))
}

/// `DELETE /sources/{id}/models/{model_id}`. Syncs reading it stay (as for a deleted source).
pub async fn delete_model(
    State(state): State<Arc<AppState>>,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    let (source, model_id) = path_ids(ids);
    let mut store = state.store();
    let record = source
        .and_then(|id| store.sources.get_mut(&id))
        .ok_or_else(source_not_found)?;
    let before = record.objects.models.len();
    record.objects.models.retain(|m| Some(m.id) != model_id);
    if record.objects.models.len() == before {
        return Err(model_not_found());
    }
    Ok(json(StatusCode::OK, &StatusOnly { status: "deleted" }))
}

/// The source and model ids of a path, both existing.
fn model_target(
    state: &AppState,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<RefreshTarget, ApiError> {
    let (source, model) = path_ids(ids);
    let store = state.store();
    let record = source_record(&store.sources, source)?;
    let model = model
        .filter(|id| record.objects.models.iter().any(|m| m.id == *id))
        .ok_or_else(model_not_found)?;
    Ok(RefreshTarget::ModelColumns {
        source: record.source.id,
        model,
    })
}

/// `POST /sources/{id}/models/{model_id}/refresh_columns`: `{"refresh_key": K}` without an
/// envelope, as `refresh_tables` answers, from the same key counter and timing.
pub async fn refresh_columns(
    State(state): State<Arc<AppState>>,
    ids: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let target = model_target(&state, ids)?;
    let refresh_key = state.store().start_refresh(target, refresh_ms(&headers));
    Ok(json(StatusCode::OK, &RefreshKey { refresh_key }))
}

/// `GET /sources/{id}/models/{model_id}/refresh_columns_status?refresh_key=K`.
pub async fn refresh_columns_status(
    State(state): State<Arc<AppState>>,
    ids: Result<Path<(String, String)>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let target = model_target(&state, ids)?;
    refresh_answer(
        &state,
        target,
        query.as_deref(),
        "Refresh job not found for this model",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users() -> Vec<Table> {
        vec![Table {
            id: 1,
            catalog: "dev".into(),
            schema: "analytics".into(),
            name: "users".into(),
            columns: vec![
                Column {
                    name: "id".into(),
                    column_type: "integer".into(),
                },
                Column {
                    name: "email".into(),
                    column_type: "text (2000)".into(),
                },
            ],
        }]
    }

    #[test]
    fn columns_come_from_the_named_table() {
        let tables = users();
        let names = |query: &str| -> Vec<(String, String)> {
            columns_of(query, &tables)
                .into_iter()
                .map(|c| (c.name, c.column_type))
                .collect()
        };
        assert_eq!(
            names("select * from analytics.users"),
            [
                ("id".into(), "integer".into()),
                ("email".into(), "text (2000)".into())
            ]
        );
        assert_eq!(
            names("SELECT u.id AS user_id, email, plan FROM \"analytics\".\"users\" u"),
            [
                ("user_id".into(), "integer".into()),
                ("email".into(), "text (2000)".into()),
                ("plan".into(), UNKNOWN_TYPE.into())
            ]
        );
        assert_eq!(names("select 1"), Vec::<(String, String)>::new());
        assert_eq!(names("select id from public.users")[0].1, UNKNOWN_TYPE);
    }
}
