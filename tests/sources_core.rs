//! Native tests of the Sources request builders and response readers (no browser, no server).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

use census_wasm::core::error::ErrorKind;
use census_wasm::core::models::{Created, RefreshState, StepStatus, SyncEngine};
use census_wasm::core::request::Method;
use census_wasm::core::response::RawResponse;
use census_wasm::core::sources::{self, CreateSourceInput, ListOptions, UpdateSourceInput};
use serde_json::json;

fn input_error(
    result: Result<census_wasm::core::request::HttpRequest, census_wasm::core::error::ClientError>,
) -> (String, String) {
    let err = result.expect_err("input must be refused");
    assert_eq!(err.kind, ErrorKind::InvalidInput, "{err:?}");
    (err.field.clone().unwrap_or_default(), err.message.clone())
}

fn body_of(request: &census_wasm::core::request::HttpRequest) -> serde_json::Value {
    serde_json::from_str(request.body.as_deref().expect("body")).expect("json body")
}

// ---- builders -------------------------------------------------------------------------------

#[test]
fn list_without_options_sends_no_query() {
    let request = sources::list_sources(&ListOptions::default()).expect("ok");
    assert_eq!(request.method, Method::Get);
    assert_eq!(request.path_and_query(), "/sources");
    assert!(request.body.is_none());
}

#[test]
fn list_sends_page_per_page_and_order() {
    let options = ListOptions {
        page: Some(3),
        per_page: Some(100),
        order: Some("asc".into()),
    };
    let request = sources::list_sources(&options).expect("ok");
    assert_eq!(
        request.path_and_query(),
        "/sources?page=3&per_page=100&order=asc"
    );
}

#[test]
fn list_refuses_bad_paging_naming_the_field() {
    let with = |page, per_page, order: Option<&str>| {
        sources::list_sources(&ListOptions {
            page,
            per_page,
            order: order.map(String::from),
        })
    };
    let (field, message) = input_error(with(None, Some(0), None));
    assert_eq!(field, "perPage");
    assert_eq!(message, "perPage: expected an integer from 1 to 100, got 0");
    let (field, _) = input_error(with(None, Some(101), None));
    assert_eq!(field, "perPage");
    let (field, message) = input_error(with(None, None, Some("newest")));
    assert_eq!(field, "order");
    assert_eq!(message, r#"order: expected "asc" or "desc", got "newest""#);
    let (field, _) = input_error(with(Some(0), None, None));
    assert_eq!(field, "page");
    sources::list_sources(&ListOptions {
        page: None,
        per_page: Some(1),
        order: Some("desc".into()),
    })
    .expect("1 is allowed");
}

#[test]
fn list_options_name_unknown_and_mistyped_options() {
    let err = census_wasm::core::json_error::from_json_slice::<ListOptions>(br#"{"per_page": 10}"#)
        .expect_err("snake case is not the option name");
    assert_eq!(err.path, "per_page");
    assert!(err.reason.contains("perPage"), "{}", err.reason);
    let err = census_wasm::core::json_error::from_json_slice::<ListOptions>(br#"{"perPage": 2.5}"#)
        .expect_err("fraction");
    assert_eq!(
        err.to_string(),
        "perPage: expected a non-negative integer, got 2.5"
    );
}

#[test]
fn ids_must_be_positive_safe_integers() {
    for bad in [
        0.0,
        -1.0,
        1.5,
        f64::NAN,
        f64::INFINITY,
        9_007_199_254_740_992.0,
    ] {
        let err = sources::check_id("id", bad).expect_err("refused");
        assert_eq!(err.field.as_deref(), Some("id"));
        assert!(
            err.message.starts_with("id: expected a positive integer"),
            "{}",
            err.message
        );
    }
    assert_eq!(sources::check_id("id", 12.0).expect("ok"), 12);
    let (field, _) = input_error(sources::get_source(0));
    assert_eq!(field, "id");
    let (field, _) = input_error(sources::delete_source(0));
    assert_eq!(field, "id");
    let (field, _) = input_error(sources::refresh_tables(0));
    assert_eq!(field, "id");
}

#[test]
fn fetch_delete_and_refresh_build_the_documented_requests() {
    let get = sources::get_source(12).expect("ok");
    assert_eq!(
        (get.method, get.path_and_query().as_str()),
        (Method::Get, "/sources/12")
    );
    assert_eq!(get.subject, "source 12");
    let delete = sources::delete_source(6).expect("ok");
    assert_eq!(
        (delete.method, delete.path.as_str()),
        (Method::Delete, "/sources/6")
    );
    let refresh = sources::refresh_tables(4).expect("ok");
    assert_eq!(
        (refresh.method, refresh.path.as_str()),
        (Method::Post, "/sources/4/refresh_tables")
    );
    assert!(refresh.body.is_none());
    let status = sources::refresh_tables_status(4, Some(1_647_978_948)).expect("ok");
    assert_eq!(status.method, Method::Get);
    assert_eq!(
        status.path_and_query(),
        "/sources/4/refresh_tables_status?refresh_key=1647978948"
    );
}

#[test]
fn refresh_status_needs_a_refresh_key() {
    let (field, message) = input_error(sources::refresh_tables_status(4, None));
    assert_eq!(field, "refreshKey");
    assert!(message.contains("required"));
    let (field, _) = input_error(sources::refresh_tables_status(4, Some(0)));
    assert_eq!(field, "refreshKey");
}

fn create_input(value: serde_json::Value) -> CreateSourceInput {
    serde_json::from_value(value).expect("input shape")
}

#[test]
fn create_wraps_the_connection_as_documented() {
    let input = create_input(json!({
        "type": "redshift",
        "credentials": {"hostname": "h", "port": "5439", "user": "u", "password": "p", "database": "demo"},
        "label": "Example Redshift Source",
        "read_only_connection": true,
        "sync_engine": "advanced",
        "warehouse_writeback_retention_in_days": 7
    }));
    let request = sources::create_source(&input).expect("ok");
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Post, "/sources")
    );
    assert!(
        request
            .headers
            .contains(&("Content-Type", "application/json"))
    );
    assert_eq!(
        body_of(&request),
        json!({"connection": {
            "type": "redshift",
            "credentials": {"hostname": "h", "port": "5439", "user": "u", "password": "p", "database": "demo"},
            "label": "Example Redshift Source",
            "read_only_connection": true,
            "sync_engine": "advanced",
            "warehouse_writeback_retention_in_days": 7
        }})
    );
}

#[test]
fn create_sends_only_what_was_given() {
    let request = sources::create_source(&create_input(
        json!({"type": "postgres", "credentials": {}}),
    ))
    .expect("ok");
    assert_eq!(
        body_of(&request),
        json!({"connection": {"type": "postgres", "credentials": {}}})
    );
}

#[test]
fn create_refuses_missing_or_wrong_type_and_credentials() {
    let cases = [
        (json!({"credentials": {}}), "type", "required"),
        (
            json!({"type": "", "credentials": {}}),
            "type",
            "must not be empty",
        ),
        (
            json!({"type": "   ", "credentials": {}}),
            "type",
            "must not be empty",
        ),
        (json!({"type": "postgres"}), "credentials", "required"),
        (
            json!({"type": "postgres", "credentials": null}),
            "credentials",
            "required",
        ),
        (
            json!({"type": "postgres", "credentials": {}, "sync_engine": "turbo"}),
            "sync_engine",
            "expected \"basic\" or \"advanced\"",
        ),
        (
            json!({"type": "postgres", "credentials": {}, "warehouse_writeback_retention_in_days": 0}),
            "warehouse_writeback_retention_in_days",
            "≥ 1",
        ),
    ];
    for (input, expected_field, expected_text) in cases {
        let (field, message) = input_error(sources::create_source(&create_input(input.clone())));
        assert_eq!(field, expected_field, "{input}");
        assert!(message.contains(expected_text), "{input}: {message}");
        assert!(
            message.starts_with(&format!("{expected_field}: ")),
            "{message}"
        );
    }
    // Credentials that are not an object cannot make an input at all.
    for (credentials, got) in [(json!([1]), "an array"), (json!("pw"), "a string")] {
        let err = serde_json::from_value::<CreateSourceInput>(
            json!({"type": "postgres", "credentials": credentials}),
        )
        .expect_err("not an object");
        assert!(
            err.to_string()
                .contains(&format!("expected an object, got {got}")),
            "{err}"
        );
    }
}

#[test]
fn create_input_names_misspelt_fields() {
    let err = census_wasm::core::json_error::from_json_slice::<CreateSourceInput>(
        br#"{"type": "postgres", "credentials": {}, "lable": "x"}"#,
    )
    .expect_err("misspelt");
    assert_eq!(err.path, "lable");
    assert!(err.reason.contains("label"));
}

#[test]
fn update_sends_the_given_members() {
    let input: UpdateSourceInput = serde_json::from_value(json!({
        "credentials": {"database": "demo_v2"},
        "label": "Redshift (Demo v2)",
        "name": "Redshift",
        "warehouse_writeback_retention_in_days": 30
    }))
    .expect("shape");
    let request = sources::update_source(12, &input).expect("ok");
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Patch, "/sources/12")
    );
    assert_eq!(
        body_of(&request),
        json!({"connection": {
            "credentials": {"database": "demo_v2"},
            "label": "Redshift (Demo v2)",
            "name": "Redshift",
            "warehouse_writeback_retention_in_days": 30
        }})
    );
}

#[test]
fn a_blank_name_is_refused_before_sending() {
    let update: UpdateSourceInput = serde_json::from_value(json!({"name": "  "})).expect("shape");
    let (field, message) = input_error(sources::update_source(12, &update));
    assert_eq!(field, "name");
    assert!(message.contains("must not be empty"), "{message}");
    let create = create_input(json!({"type": "postgres", "credentials": {}, "name": ""}));
    let (field, _) = input_error(sources::create_source(&create));
    assert_eq!(field, "name");
}

#[test]
fn an_empty_update_is_refused() {
    for input in [
        json!({}),
        json!({"credentials": {}}),
        json!({"label": null}),
    ] {
        let input: UpdateSourceInput = serde_json::from_value(input).expect("shape");
        let (field, message) = input_error(sources::update_source(12, &input));
        assert_eq!(field, "input");
        assert!(message.contains("nothing to update"));
    }
}

#[test]
fn update_explains_what_cannot_change() {
    for (input, field) in [
        (json!({"sync_engine": "basic", "name": "x"}), "sync_engine"),
        (json!({"type": "snowflake"}), "type"),
    ] {
        let input: UpdateSourceInput = serde_json::from_value(input).expect("shape");
        let (got, message) = input_error(sources::update_source(12, &input));
        assert_eq!(got, field);
        assert!(
            message.contains("only be set when it is created"),
            "{message}"
        );
    }
    let err = serde_json::from_value::<UpdateSourceInput>(json!({"credentials": 5}))
        .expect_err("not an object");
    assert!(err.to_string().contains("expected an object, got a number"));
    let (field, _) = input_error(sources::update_source(0, &UpdateSourceInput::default()));
    assert_eq!(field, "id");
}

// ---- readers --------------------------------------------------------------------------------

const DOCUMENTED_LIST: &str = r#"{
    "status": "success",
    "data": [
        {"id": 4, "name": "Snowflake - xxxxxxx.us-east-1", "label": null, "type": "snowflake",
         "last_test_succeeded": null, "last_tested_at": null,
         "connection_details": {"account": "xxxxxxx.us-east-1", "user": "DEV", "warehouse": "TEST", "use_keypair": false},
         "read_only_connection": false},
        {"id": 10, "name": "BigQuery - Development", "label": "BigQuery", "type": "big_query",
         "last_test_succeeded": true, "last_tested_at": "2021-10-07T20:02:19.544Z",
         "connection_details": {"project_id": "development", "location": "US",
                                "service_account": "xxxxxx.iam.gserviceaccount.com", "location_editable": false},
         "read_only_connection": false}
    ],
    "next": "https://app.getcensus.com/api/v1/sources?page=2&per_page=2",
    "pagination": {"total_records": 4, "per_page": 2, "prev_page": null, "page": 1, "next_page": 2, "last_page": 2}
}"#;

fn list_request() -> census_wasm::core::request::HttpRequest {
    sources::list_sources(&ListOptions::default()).expect("ok")
}

#[test]
fn reads_the_documented_list_page() {
    let page = sources::read_source_page(&list_request(), &RawResponse::json(200, DOCUMENTED_LIST))
        .expect("documented list");
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.data[1].label.as_deref(), Some("BigQuery"));
    let pagination = page.pagination.expect("pagination");
    assert_eq!(
        (pagination.page, pagination.next_page, pagination.prev_page),
        (1, Some(2), None)
    );
    assert_eq!(pagination.total_records, 4);
    assert_eq!(
        page.next.as_deref(),
        Some("https://app.getcensus.com/api/v1/sources?page=2&per_page=2")
    );
}

#[test]
fn a_list_with_only_next_or_only_pagination_is_accepted() {
    let only_next =
        r#"{"status": "success", "data": [], "next": "https://x/api/v1/sources?page=2"}"#;
    let page =
        sources::read_source_page(&list_request(), &RawResponse::json(200, only_next)).expect("ok");
    assert!(page.pagination.is_none());
    assert!(page.next.is_some());
    let only_pagination = r#"{"status": "success", "data": [], "pagination":
        {"total_records": 0, "per_page": 25, "prev_page": null, "page": 1, "next_page": null, "last_page": 1}}"#;
    let page = sources::read_source_page(&list_request(), &RawResponse::json(200, only_pagination))
        .expect("ok");
    assert!(page.next.is_none());
}

#[test]
fn a_wrong_item_is_reported_with_its_path() {
    let body = DOCUMENTED_LIST.replace(r#""id": 10"#, r#""id": "x""#);
    let err = sources::read_source_page(&list_request(), &RawResponse::json(200, &body))
        .expect_err("shape");
    assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
    assert_eq!(err.field.as_deref(), Some("data[1].id"));
    assert!(
        err.message
            .contains(r#"data[1].id: expected a non-negative integer, got "x""#),
        "{}",
        err.message
    );
    assert!(
        err.message.starts_with("GET /sources answered HTTP 200"),
        "{}",
        err.message
    );
    let body = DOCUMENTED_LIST.replace(r#""total_records": 4"#, r#""total_records": null"#);
    let err = sources::read_source_page(&list_request(), &RawResponse::json(200, &body))
        .expect_err("shape");
    assert_eq!(err.field.as_deref(), Some("pagination.total_records"));
}

#[test]
fn reads_a_source_with_newer_fields_and_unknown_ones() {
    let body = r#"{"status": "success", "data": {
        "id": 4, "name": "Snowflake - x", "label": "Acme", "type": "snowflake",
        "created_at": "2023-07-22T23:42:47.239Z",
        "last_test_results": {"steps": [{"step": "Verify connectivity", "error": {"message": "<string>"}, "status": "success"},
                                        {"step": "Check permissions", "status": "degraded"}]},
        "last_test_succeeded": true, "last_tested_at": "2023-11-07T05:31:56Z",
        "connection_details": {"account": "x"}, "sync_engine": "advanced",
        "warehouse_writeback_retention_in_days": 14, "some_future_field": [1, {"a": 2}]}}"#;
    let request = sources::get_source(4).expect("ok");
    let source = sources::read_source(&request, &RawResponse::json(200, body)).expect("ok");
    let steps = source.last_test_results.expect("results").steps;
    assert_eq!(steps[0].status, StepStatus::Success);
    assert_eq!(steps[1].status, StepStatus::Other("degraded".into()));
    assert_eq!(source.sync_engine, Some(SyncEngine::Advanced));
    assert_eq!(source.warehouse_writeback_retention_in_days, Some(14));
}

#[test]
fn get_not_found_in_both_shapes() {
    let request = sources::get_source(99).expect("ok");
    for (http, body) in [
        (404, r#"{"status": 404, "message": "Not found"}"#),
        (
            404,
            r#"{"status": "not_found", "message": "Source not found"}"#,
        ),
        (404, ""),
    ] {
        let err = sources::read_source(&request, &RawResponse::json(http, body)).expect_err("404");
        assert_eq!(err.kind, ErrorKind::NotFound);
        assert_eq!(err.status, Some(404));
        assert!(
            err.message.starts_with("source 99 was not found (HTTP 404"),
            "{}",
            err.message
        );
    }
}

#[test]
fn create_reads_both_response_shapes() {
    let request = sources::create_source(&create_input(
        json!({"type": "redshift", "credentials": {}}),
    ))
    .expect("ok");
    let older = RawResponse::json(200, r#"{"status": "created", "data": {"id": 12345}}"#);
    assert_eq!(
        sources::read_created(&request, &older).expect("older"),
        Created::Id(12345)
    );
    let newer = r#"{"status": "created", "data": {"id": 4, "name": "Snowflake - x", "label": "Acme",
        "type": "snowflake", "created_at": "2023-07-22T23:42:47.239Z", "last_test_succeeded": true,
        "last_tested_at": "2023-11-07T05:31:56Z", "connection_details": {"account": "x"}}}"#;
    for status in [200, 201] {
        let created =
            sources::read_created(&request, &RawResponse::json(status, newer)).expect("newer");
        let Created::Source(source) = &created else {
            panic!("expected a whole source")
        };
        assert_eq!(
            (source.id, source.source_type.as_deref()),
            (4, Some("snowflake"))
        );
        assert_eq!(created.id(), 4);
    }
    let success_word = r#"{"status": "success", "data": {"id": 7}}"#;
    assert_eq!(
        sources::read_created(&request, &RawResponse::json(201, success_word)).expect("ok"),
        Created::Id(7)
    );
}

#[test]
fn create_reports_bad_shapes_and_validation_errors() {
    let request = sources::create_source(&create_input(
        json!({"type": "redshift", "credentials": {}}),
    ))
    .expect("ok");
    let err = sources::read_created(
        &request,
        &RawResponse::json(201, r#"{"status": "created", "data": {"id": "12"}}"#),
    )
    .expect_err("shape");
    assert_eq!(err.field.as_deref(), Some("data.id"));
    let err = sources::read_created(
        &request,
        &RawResponse::json(
            201,
            r#"{"status": "created", "data": {"id": 1, "name": "x", "type": 5}}"#,
        ),
    )
    .expect_err("a whole source's type is text");
    assert_eq!(err.field.as_deref(), Some("data.type"));
    let err = sources::read_created(
        &request,
        &RawResponse::json(
            422,
            r#"{"status": "error", "message": "Invalid source type"}"#,
        ),
    )
    .expect_err("422");
    assert_eq!((err.kind, err.status), (ErrorKind::Api, Some(422)));
    assert_eq!(err.api_message.as_deref(), Some("Invalid source type"));
}

#[test]
fn update_reads_the_documented_answer() {
    let body = r#"{"status": "updated", "data": {"id": 6, "name": "Redshift (Demo v2)", "label": "Redshift (Demo v2)",
        "last_test_succeeded": true, "last_tested_at": "2022-01-01T00:00:00.000Z", "type": "redshift",
        "connection_details": {"user": "redshift_user", "port": 5439, "database": "demo_v2", "ssh_tunnel_enabled": null},
        "read_only_connection": false}}"#;
    let input: UpdateSourceInput = serde_json::from_value(json!({"label": "x"})).expect("shape");
    let request = sources::update_source(6, &input).expect("ok");
    let source = sources::read_source(&request, &RawResponse::json(200, body)).expect("ok");
    assert_eq!(source.name, "Redshift (Demo v2)");
}

#[test]
fn delete_reads_deleted_and_404() {
    let request = sources::delete_source(6).expect("ok");
    sources::read_deleted(
        &request,
        &RawResponse::json(200, r#"{"status": "deleted"}"#),
    )
    .expect("deleted");
    let err = sources::read_deleted(&request, &RawResponse::json(404, r#"{"status": 404}"#))
        .expect_err("404");
    assert_eq!(err.kind, ErrorKind::NotFound);
    let err = sources::read_deleted(&request, &RawResponse::json(200, r#"{"status": 404}"#))
        .expect_err("404 in body");
    assert_eq!(err.kind, ErrorKind::NotFound);
}

#[test]
fn refresh_key_with_or_without_envelope() {
    let request = sources::refresh_tables(4).expect("ok");
    for body in [
        r#"{"refresh_key": 1647978948}"#,
        r#"{"status": "success", "data": {"refresh_key": 1647978948}}"#,
    ] {
        let key = sources::read_refresh_key(&request, &RawResponse::json(200, body)).expect(body);
        assert_eq!(key.refresh_key, 1_647_978_948);
    }
    let err = sources::read_refresh_key(
        &request,
        &RawResponse::json(200, r#"{"status": "success"}"#),
    )
    .expect_err("missing");
    assert_eq!(err.field.as_deref(), Some("refresh_key"));
    let err =
        sources::read_refresh_key(&request, &RawResponse::json(200, r#"{"refresh_key": "k"}"#))
            .expect_err("wrong type");
    assert_eq!(err.field.as_deref(), Some("refresh_key"));
}

#[test]
fn refresh_status_with_or_without_envelope() {
    let request = sources::refresh_tables_status(4, Some(9)).expect("ok");
    let read = |body: &str| sources::read_refresh_status(&request, &RawResponse::json(200, body));
    assert_eq!(
        read(r#"{"status": "completed"}"#).expect("ok").status,
        RefreshState::Completed
    );
    assert_eq!(
        read(r#"{"status": "processing"}"#).expect("ok").status,
        RefreshState::Processing
    );
    assert_eq!(
        read(r#"{"status": "success", "data": {"status": "completed"}}"#)
            .expect("ok")
            .status,
        RefreshState::Completed
    );
    assert_eq!(
        read(r#"{"status": "queued"}"#).expect("ok").status,
        RefreshState::Other("queued".into())
    );
    let err = read(r#"{"status": "error", "message": "Unknown refresh key"}"#).expect_err("error");
    assert_eq!(err.api_message.as_deref(), Some("Unknown refresh key"));
    assert_eq!(
        read("{}").expect_err("missing").field.as_deref(),
        Some("status")
    );
}

#[test]
fn every_reader_reports_html_bodies() {
    let html = RawResponse {
        status: 502,
        content_type: Some("text/html"),
        body: b"<html><head><title>502 Bad Gateway</title></head></html>",
    };
    let request = list_request();
    let errors = [
        sources::read_source_page(&request, &html)
            .map(|_| ())
            .expect_err("list"),
        sources::read_source(&request, &html)
            .map(|_| ())
            .expect_err("get"),
        sources::read_created(&request, &html)
            .map(|_| ())
            .expect_err("create"),
        sources::read_deleted(&request, &html).expect_err("delete"),
        sources::read_refresh_key(&request, &html)
            .map(|_| ())
            .expect_err("refresh"),
        sources::read_refresh_status(&request, &html)
            .map(|_| ())
            .expect_err("status"),
    ];
    for err in errors {
        assert_eq!(
            (err.kind, err.status),
            (ErrorKind::UnexpectedResponse, Some(502))
        );
        assert!(err.message.contains("502 Bad Gateway"), "{}", err.message);
    }
}

/// `createSource(input, { checkType: sourceType })`: the caller's SourceType, as
/// `JSON.stringify` writes it, read like an API answer.
#[test]
fn a_source_type_the_caller_holds_is_read_and_checked() {
    use census_wasm::core::checked::read_source_type;
    let full = json!({
        "service_name": "postgres",
        "label": "Postgres",
        "documentation_slug": "postgres",
        "creatable_via_api": true,
        "creatable_via_connect_link": true,
        "supported_sync_engines": ["basic"],
        "supports_warehouse_writeback": false,
        "configuration_fields": {"fields": [
            {"id": "hostname", "label": "Host", "type": "string", "rules": ["required"], "is_password_type_field": false},
            {"id": "password", "type": "string", "rules": "required", "is_password_type_field": true},
            {"id": "port", "rules": null},
            {"id": "sslmode"}
        ]},
        "a_newer_member": {"nested": [1, 2]}
    });
    let kind = read_source_type("checkType", &full.to_string()).expect("a SourceType");
    assert_eq!(kind.service_name, "postgres");
    assert!(kind.creatable_via_api);
    let fields = kind.fields.expect("fields");
    let named: Vec<(&str, bool)> = fields
        .iter()
        .map(|field| (field.id.as_str(), field.required))
        .collect();
    assert_eq!(
        named,
        [
            ("hostname", true),
            ("password", true),
            ("port", false),
            ("sslmode", false)
        ]
    );
    let bare = json!({"service_name": "trino", "label": "Trino", "creatable_via_api": true, "configuration_fields": null});
    let kind = read_source_type("checkType", &bare.to_string()).expect("no fields");
    assert!(kind.fields.is_none());

    for (text, field, says) in [
        (
            json!({"label": "Postgres", "creatable_via_api": true}).to_string(),
            "checkType.service_name",
            "required field is missing",
        ),
        (
            json!({"service_name": "postgres", "label": "P", "creatable_via_api": "yes"})
                .to_string(),
            "checkType.creatable_via_api",
            r#"expected a boolean (true or false), got "yes""#,
        ),
        (
            json!({"service_name": "p", "label": "P", "creatable_via_api": true,
                   "configuration_fields": {"fields": [{"id": "a"}, {"label": "no id"}]}})
            .to_string(),
            "checkType.configuration_fields.fields[1].id",
            "required field is missing",
        ),
        (
            // The list itself, as no document shows it: the fields are under `fields`.
            json!({"service_name": "p", "label": "P", "creatable_via_api": true,
                   "configuration_fields": [{"id": "a"}]})
            .to_string(),
            "checkType.configuration_fields",
            "expected an object",
        ),
        ("[]".to_owned(), "checkType", "expected an object"),
    ] {
        let err = read_source_type("checkType", &text).expect_err(&text);
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert_eq!(err.field.as_deref(), Some(field), "{text}: {}", err.message);
        assert!(err.message.contains(says), "{text}: {}", err.message);
    }
}

#[test]
fn a_null_data_is_worded_as_null_not_as_missing() {
    use census_wasm::core::checked;
    let request = sources::get_source(12).expect("request");
    let null = RawResponse::json(200, r#"{"status": "success", "data": null}"#);
    let err = checked::check_data(&request, &null, &checked::SOURCE).expect_err("null data");
    assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
    assert!(
        err.message.contains("data: required field is null"),
        "{}",
        err.message
    );
    let absent = RawResponse::json(200, r#"{"status": "success"}"#);
    let err = checked::check_data(&request, &absent, &checked::SOURCE).expect_err("no data");
    assert!(
        err.message.contains("data: required field is missing"),
        "{}",
        err.message
    );
}
