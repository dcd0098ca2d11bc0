//! Native tests of what a source contains: tables, the legacy data sources list and models.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

use census_wasm::core::error::ErrorKind;
use census_wasm::core::models::DataSource;
use census_wasm::core::request::Method;
use census_wasm::core::response::RawResponse;
use census_wasm::core::sources::ListOptions;
use census_wasm::core::tables::{self, TableListOptions};

/// The table of document 003, as `GET /sources/{id}/tables/{id}` answers it.
const TABLE: &str = r#"{"status":"success","data":{"type":"table","id":2,"table_catalog":"public",
  "table_schema":"development","table_name":"test","columns":[{"name":"ABOUT","type":"text (2000)"},
  {"name":"CUSTOMER_ID","type":"text (2000)"},{"name":"INDUSTRIES","type":"array"}]}}"#;

/// The model of document 003, with a dbt `compiled_query` added.
const MODEL: &str = r#"{"status":"success","data":{"type":"model","id":18,"name":"airtable_test",
  "created_at":"2021-10-20T02:43:07.120Z","updated_at":"2021-10-20T02:50:35.477Z",
  "query":"select 1","compiled_query":"select 1 as one","columns":[{"name":"ABOUT","type":"text (2000)"}]}}"#;

/// The data sources list of document 003 (shortened), with a field the client does not know.
const DATA_SOURCES: &str = r#"{"status":"success","data":[
  {"type":"table","id":2,"table_catalog":"public","table_schema":"development","table_name":"test"},
  {"type":"model","id":15,"name":"braze_test","created_at":"2021-10-11T20:52:58.293Z",
   "updated_at":"2021-10-14T23:15:18.508Z","query":"select 1","owner":"new field"},
  {"type":"model","id":2,"name":"same id as the table","query":null,"created_at":null,"updated_at":null}]}"#;

fn input_error<T: std::fmt::Debug>(
    result: Result<T, census_wasm::core::error::ClientError>,
) -> (String, String) {
    let err = result.expect_err("input must be refused");
    assert_eq!(err.kind, ErrorKind::InvalidInput, "{err:?}");
    (
        err.field.clone().unwrap_or_default(),
        err.message.clone().clone(),
    )
}

#[test]
fn tables_are_listed_with_paging_and_search() {
    let request = tables::list_tables(
        7,
        &TableListOptions {
            page: Some(2),
            per_page: Some(50),
            order: Some("asc".into()),
            search: Some("orders & co".into()),
            order_by: Some("table_name:desc".into()),
        },
    )
    .expect("request");
    assert_eq!(request.method, Method::Get);
    assert_eq!(
        request.path_and_query(),
        "/sources/7/tables?page=2&per_page=50&order=asc&search=orders%20%26%20co&order_by=table_name%3Adesc"
    );
    // The search text stays out of messages (it may be anything the user typed).
    assert_eq!(request.describe(), "GET /sources/7/tables (page 2)");
}

#[test]
fn an_empty_search_is_no_filter() {
    let request = tables::list_tables(
        7,
        &TableListOptions {
            search: Some(String::new()),
            ..TableListOptions::default()
        },
    )
    .expect("request");
    assert_eq!(request.path_and_query(), "/sources/7/tables");
}

#[test]
fn bad_ids_and_paging_are_named() {
    assert_eq!(
        input_error(tables::list_tables(0, &TableListOptions::default())).0,
        "sourceId"
    );
    let (field, message) = input_error(tables::list_tables(
        1,
        &TableListOptions {
            per_page: Some(101),
            ..TableListOptions::default()
        },
    ));
    assert_eq!(field, "perPage");
    assert!(message.contains("1 to 100"), "{message}");
    assert_eq!(input_error(tables::get_table(1, 0)).0, "tableId");
    assert_eq!(input_error(tables::get_table(0, 1)).0, "sourceId");
    assert_eq!(input_error(tables::get_model(1, 0)).0, "modelId");
    assert_eq!(
        input_error(tables::list_data_sources(
            1,
            &ListOptions {
                order: Some("newest".into()),
                ..ListOptions::default()
            }
        ))
        .0,
        "order"
    );
}

#[test]
fn one_table_is_read_with_its_columns() {
    let request = tables::get_table(5, 2).expect("request");
    assert_eq!(request.path_and_query(), "/sources/5/tables/2");
    let table = tables::read_table(&request, &RawResponse::json(200, TABLE)).expect("table");
    assert_eq!(table.table_name, "test");
    assert_eq!(table.table_schema.as_deref(), Some("development"));
    let columns = table.columns.expect("columns");
    assert_eq!(columns.len(), 3);
    assert_eq!(columns[2].column_type, "array");
}

#[test]
fn a_table_answer_without_columns_is_refused() {
    let request = tables::get_table(5, 2).expect("request");
    let body = r#"{"status":"success","data":{"id":2,"table_name":"t"}}"#;
    let err = tables::read_table(&request, &RawResponse::json(200, body)).expect_err("columns");
    assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
    assert!(err.message.contains("data.columns"), "{}", err.message);
    let body = r#"{"status":"success","data":{"id":2,"table_name":"t","columns":[{"name":"A"}]}}"#;
    let err = tables::read_table(&request, &RawResponse::json(200, body)).expect_err("type");
    assert!(err.message.contains("data.columns[0]"), "{}", err.message);
}

#[test]
fn a_page_of_tables_is_read() {
    let request = tables::list_tables(5, &TableListOptions::default()).expect("request");
    let body = r#"{"status":"success","data":[{"type":"table","id":9,"table_catalog":null,
      "table_schema":"analytics","table_name":"orders"}],"pagination":{"total_records":1,
      "per_page":25,"prev_page":null,"page":1,"next_page":null,"last_page":1}}"#;
    let page = tables::read_table_page(&request, &RawResponse::json(200, body)).expect("page");
    assert_eq!(page.data[0].id, 9);
    assert_eq!(page.data[0].table_catalog, None);
    assert_eq!(page.pagination.expect("pagination").total_records, 1);
}

#[test]
fn one_model_is_read_with_columns_and_compiled_query() {
    let request = tables::get_model(5, 18).expect("request");
    assert_eq!(request.path_and_query(), "/sources/5/models/18");
    let model = tables::read_model(&request, &RawResponse::json(200, MODEL)).expect("model");
    assert_eq!(model.name, "airtable_test");
    assert_eq!(model.compiled_query.as_deref(), Some("select 1 as one"));
    assert_eq!(model.columns.expect("columns").len(), 1);
    let plain = MODEL.replace(r#""compiled_query":"select 1 as one","#, "");
    let model = tables::read_model(&request, &RawResponse::json(200, &plain)).expect("plain");
    assert_eq!(model.compiled_query, None);
}

#[test]
fn the_legacy_list_is_a_union_of_tables_and_models() {
    let request = tables::list_data_sources(5, &ListOptions::default()).expect("request");
    assert_eq!(request.path_and_query(), "/sources/5/data_sources");
    let page = tables::read_data_source_page(&request, &RawResponse::json(200, DATA_SOURCES))
        .expect("page");
    assert_eq!(page.data.len(), 3);
    assert!(matches!(&page.data[0], DataSource::Table(table) if table.table_name == "test"));
    assert!(matches!(&page.data[1], DataSource::Model(model) if model.name == "braze_test"));
    // A table and a model may share an id; their keys in a listing do not collide.
    assert_ne!(page.data[0].key(), page.data[2].key());
    assert_eq!(page.pagination, None);
}

#[test]
fn an_item_of_an_unknown_kind_is_refused_with_its_position() {
    let request = tables::list_data_sources(5, &ListOptions::default()).expect("request");
    let body = r#"{"status":"success","data":[{"type":"table","id":1,"table_name":"a"},
      {"type":"view","id":2,"name":"v"}]}"#;
    let err = tables::read_data_source_page(&request, &RawResponse::json(200, body))
        .expect_err("unknown kind");
    assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
    assert!(err.message.contains("data[1]"), "{}", err.message);
    assert!(err.message.contains("view"), "{}", err.message);
}

#[test]
fn unknown_sources_tables_and_models_are_not_found() {
    for (request, body) in [
        (
            tables::get_table(5, 404).expect("t"),
            r#"{"status":404,"message":"Table not found"}"#,
        ),
        (
            tables::get_model(5, 404).expect("m"),
            r#"{"status":"not_found","message":"Model not found"}"#,
        ),
    ] {
        let err = tables::read_table(&request, &RawResponse::json(404, body)).expect_err("404");
        assert_eq!(err.kind, ErrorKind::NotFound);
        assert_eq!(err.status, Some(404));
    }
    let request = tables::list_tables(999, &TableListOptions::default()).expect("request");
    let err = tables::read_table_page(
        &request,
        &RawResponse::json(404, r#"{"status":404,"message":"Source not found"}"#),
    )
    .expect_err("404");
    assert_eq!(err.kind, ErrorKind::NotFound);
}
