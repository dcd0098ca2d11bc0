//! Browser tests: every `CensusClient` method against a running local Census, in headless
//! Chromium and Firefox. `scripts/test.sh` starts the server and sets `CENSUS_LOCAL_URL`.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

mod common;

use census_wasm::core::models::{RefreshKey, RefreshState, RefreshStatus, Source};
use common::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

// ---- list -----------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn lists_the_first_page_with_the_documented_pagination() {
    let value = ok(client().list_sources(None)).await;
    let page: Listed<Source> = listed(&value);
    let pagination = pagination(&page);
    assert_eq!(page.page.data.len(), 25, "per_page defaults to 25");
    assert_eq!(pagination.page, 1);
    assert_eq!(pagination.per_page, 25);
    assert_eq!(pagination.prev_page, None);
    assert!(
        get(&get(&value, "pagination"), "prev_page").is_null(),
        "sent as null, not left out"
    );
    assert!(pagination.total_records >= 30);
    let first = &page.page.data[0];
    assert!(first.id >= 1);
    assert!(!first.name.is_empty());
    assert!(
        first.connection_details.is_some(),
        "wire field names are kept"
    );
}

#[wasm_bindgen_test]
async fn pages_orders_and_sizes_the_list() {
    let options = obj(&[
        ("page", 2.into()),
        ("perPage", 10.into()),
        ("order", "asc".into()),
    ]);
    let page: Listed<Source> =
        listed(&ok(client().list_sources(Some(options.unchecked_into()))).await);
    assert_eq!(page.page.data.len(), 10);
    let pagination = pagination(&page);
    assert_eq!(pagination.page, 2);
    assert_eq!(pagination.prev_page, Some(1));
    let created: Vec<&str> = page
        .page
        .data
        .iter()
        .map(|s| s.created_at.as_deref().expect("created_at"))
        .collect();
    let mut sorted = created.clone();
    sorted.sort();
    assert_eq!(created, sorted, "asc is oldest first");
}

#[wasm_bindgen_test]
async fn bad_list_options_are_refused_before_sending() {
    let fetch = wrapped_fetch("listCalls", None);
    let client = client_with(&[("apiToken", TOKEN.into()), ("fetch", fetch)]);
    for (options, field) in [
        (obj(&[("perPage", 500.into())]), "perPage"),
        (obj(&[("perPage", 0.into())]), "perPage"),
        (obj(&[("order", "newest".into())]), "order"),
        (obj(&[("page", 1.5.into())]), "page"),
        (obj(&[("per_page", 10.into())]), "per_page"),
    ] {
        let err = fails(client.list_sources(Some(options.unchecked_into()))).await;
        assert_eq!(text(&err, "name"), "CensusInputError");
        assert_eq!(text(&err, "code"), "invalid_input");
        assert_eq!(text(&err, "field"), field);
        assert!(
            text(&err, "message").starts_with(&format!("{field}: ")),
            "{}",
            text(&err, "message")
        );
    }
    assert_eq!(calls("listCalls"), 0.0, "nothing was sent");
}

// ---- fetch / create / update / delete ----------------------------------------------------------

#[wasm_bindgen_test]
async fn creates_fetches_updates_and_deletes_a_source() {
    let client = client();
    let created = create(&client, "Postgres - browser test").await;
    let id = created.id;
    assert_eq!(created.source_type.as_deref(), Some("postgres"));
    assert_eq!(created.name, "Postgres - browser test");
    let details = created.connection_details.expect("connection_details");
    assert_eq!(details["hostname"], "db.internal");
    assert!(!details.contains_key("password"), "secrets are not echoed");

    let fetched = source(&ok(client.get_source(int(id), None)).await);
    assert_eq!(fetched.name, "Postgres - browser test");

    let updated = source(
        &ok(client.update_source(
            int(id),
            JsValue::from(json(
                r#"{"label": "Renamed", "credentials": {"database": "app_v2"}}"#,
            )),
            None,
        ))
        .await,
    );
    assert_eq!(updated.label.as_deref(), Some("Renamed"));
    let details = updated.connection_details.expect("connection_details");
    assert_eq!(details["database"], "app_v2");
    assert_eq!(details["hostname"], "db.internal");

    let deleted = ok(client.delete_source(int(id), None)).await;
    assert!(deleted.is_undefined());
    let err = fails(client.get_source(int(id), None)).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    assert_eq!(number(&err, "status"), 404.0);
    assert!(text(&err, "message").starts_with(&format!("source {id} was not found")));
    let err = fails(client.delete_source(int(id), None)).await;
    assert_eq!(
        text(&err, "name"),
        "CensusNotFoundError",
        "the integer 404 shape"
    );
}

#[wasm_bindgen_test]
async fn create_reads_the_older_id_only_answer_and_returns_the_whole_source() {
    let fetch = wrapped_fetch("olderCreate", Some(("x-census-local-create-shape", "id")));
    let client = client_with(&[("apiToken", TOKEN.into()), ("fetch", fetch)]);
    let created = create(&client, "Older shape").await;
    assert_eq!(created.name, "Older shape");
    assert_eq!(created.source_type.as_deref(), Some("postgres"));
    assert_eq!(
        calls("olderCreate"),
        2.0,
        "the POST, then one GET of the new id"
    );
}

#[wasm_bindgen_test]
async fn create_input_errors_name_the_field_and_send_nothing() {
    let fetch = wrapped_fetch("createCalls", None);
    let client = client_with(&[("apiToken", TOKEN.into()), ("fetch", fetch)]);
    for (input, field) in [
        (r#"{"credentials": {}}"#, "type"),
        (r#"{"type": "", "credentials": {}}"#, "type"),
        (r#"{"type": "postgres"}"#, "credentials"),
        (r#"{"type": "postgres", "credentials": [1]}"#, "credentials"),
        (
            r#"{"type": "postgres", "credentials": {}, "lable": "x"}"#,
            "lable",
        ),
        (r#"{"type": 5, "credentials": {}}"#, "type"),
    ] {
        let err = fails(client.create_source(JsValue::from(json(input)), None)).await;
        assert_eq!(text(&err, "name"), "CensusInputError", "{input}");
        assert_eq!(
            text(&err, "field"),
            field,
            "{input}: {}",
            text(&err, "message")
        );
    }
    let err = fails(client.create_source(JsValue::UNDEFINED, None)).await;
    assert_eq!(text(&err, "field"), "input");
    assert_eq!(calls("createCalls"), 0.0);
}

#[wasm_bindgen_test]
async fn names_and_credentials_reach_the_api_exactly_as_written() {
    let client = client();
    let odd = "db \"quoted\" \\ tab\t line\n \u{1} é ✓ 𝄞 </script>";
    let input = create_input("placeholder");
    let credentials = get(&input, "credentials");
    js_sys::Reflect::set(&credentials, &"hostname".into(), &odd.into()).expect("set");
    js_sys::Reflect::set(&input, &"name".into(), &odd.into()).expect("set");
    let created = source(&ok(client.create_source(input.into(), None)).await);
    assert_eq!(created.name, odd);
    let details = created
        .connection_details
        .as_ref()
        .expect("connection_details");
    assert_eq!(details["hostname"], odd);
    assert_eq!(details["port"], 5432);
    ok(client.delete_source(int(created.id), None)).await;
}

#[wasm_bindgen_test]
async fn credentials_json_cannot_hold_are_refused_before_sending() {
    let fetch = wrapped_fetch("unwritableCalls", None);
    let client = client_with(&[("apiToken", TOKEN.into()), ("fetch", fetch)]);
    let cyclic = obj(&[("user", "u".into())]);
    js_sys::Reflect::set(&cyclic, &"again".into(), &cyclic).expect("set");
    let bigint = obj(&[("port", js_sys::BigInt::from(5432).into())]);
    // A cycle is named by what JSON.stringify said; a BigInt (or a function, a symbol, NaN) by
    // what it is, rather than left out or turned into null.
    for (credentials, problem) in [
        (cyclic, "JSON.stringify threw: "),
        (bigint, "it holds a bigint"),
    ] {
        let input = obj(&[
            ("type", "postgres".into()),
            ("credentials", credentials.into()),
        ]);
        let err = fails(client.create_source(input.into(), None)).await;
        assert_eq!(text(&err, "name"), "CensusInputError");
        assert_eq!(text(&err, "field"), "credentials");
        let expected = format!("credentials: expected an object JSON can hold, but {problem}");
        assert!(
            text(&err, "message").starts_with(&expected),
            "{}",
            text(&err, "message")
        );
    }
    let err = fails(client.update_source(
        1.into(),
        obj(&[("credentials", JsValue::from("pw"))]).into(),
        None,
    ))
    .await;
    assert_eq!(text(&err, "field"), "credentials");
    assert!(text(&err, "message").contains("expected an object, got a string"));
    assert_eq!(calls("unwritableCalls"), 0.0);
}

#[wasm_bindgen_test]
async fn server_validation_errors_carry_status_and_the_api_message() {
    let err = fails(client().create_source(
        JsValue::from(json(r#"{"type": "no_such_type", "credentials": {"a": 1}}"#)),
        None,
    ))
    .await;
    assert_eq!(text(&err, "name"), "CensusApiError");
    assert_eq!(number(&err, "status"), 422.0);
    assert!(!text(&err, "apiMessage").is_empty());
    assert!(text(&err, "message").contains("HTTP 422"));
}

#[wasm_bindgen_test]
async fn update_and_ids_are_checked_before_sending() {
    let client = client();
    let err = fails(client.update_source(1.into(), JsValue::from(json("{}")), None)).await;
    assert_eq!(text(&err, "field"), "input");
    let err = fails(client.update_source(
        1.into(),
        JsValue::from(json(r#"{"sync_engine": "basic"}"#)),
        None,
    ))
    .await;
    assert_eq!(text(&err, "field"), "sync_engine");
    for bad in [
        JsValue::from_str("12"),
        JsValue::from(0),
        JsValue::from(-3),
        JsValue::from(1.5),
        JsValue::UNDEFINED,
    ] {
        let err = fails(client.get_source(bad, None)).await;
        assert_eq!(text(&err, "name"), "CensusInputError");
        assert_eq!(text(&err, "field"), "id");
    }
}

#[wasm_bindgen_test]
async fn an_unknown_source_is_not_found() {
    let err = fails(client().get_source(987_654_321.into(), None)).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    assert_eq!(text(&err, "code"), "not_found");
    assert_eq!(number(&err, "status"), 404.0);
}

// ---- refresh --------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn refresh_reports_processing_then_completed() {
    let client = client();
    let id = int(create(&client, "Refresh me").await.id);
    let key: RefreshKey = model(&ok(client.refresh_tables(id.clone(), None)).await);
    assert!(key.refresh_key >= 1);
    let refresh_key = int(key.refresh_key);
    let status = |value: JsValue| model::<RefreshStatus>(&value).status;
    let first = ok(client.refresh_tables_status(id.clone(), refresh_key.clone(), None)).await;
    assert_eq!(status(first), RefreshState::Processing);
    let mut last = RefreshState::Processing;
    for _ in 0..50 {
        sleep(100).await;
        last =
            status(ok(client.refresh_tables_status(id.clone(), refresh_key.clone(), None)).await);
        if last == RefreshState::Completed {
            break;
        }
    }
    assert_eq!(last, RefreshState::Completed);
    let err = fails(client.refresh_tables_status(id, JsValue::UNDEFINED, None)).await;
    assert_eq!(text(&err, "field"), "refreshKey");
    let err = fails(client.refresh_tables(987_654_321.into(), None)).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
}

// ---- failures -------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn a_wrong_token_is_an_authentication_error_that_never_shows_the_token() {
    let secret = "tok_SECRET_4f9a1c_do_not_leak";
    let client = client_with(&[("apiToken", secret.into())]);
    let err = fails(client.list_sources(None)).await;
    assert_eq!(text(&err, "name"), "CensusAuthenticationError");
    assert_eq!(number(&err, "status"), 401.0);
    assert_eq!(text(&err, "apiMessage"), "Invalid credentials");
    let everything = format!(
        "{} {} {}",
        text(&err, "message"),
        text(&err, "stack"),
        js_sys::JSON::stringify(&err)
            .map(String::from)
            .unwrap_or_default()
    );
    assert!(!everything.contains(secret), "token leaked: {everything}");
}

#[wasm_bindgen_test]
async fn no_token_sends_no_authorization_and_a_cross_origin_call_is_refused() {
    let client = client_with(&[]);
    let err = fails(client.get_source(1.into(), None)).await;
    assert_eq!(text(&err, "name"), "CensusAuthenticationError");
}

#[wasm_bindgen_test]
async fn an_html_error_page_is_reported_with_status_and_first_bytes() {
    let fetch = wrapped_fetch("htmlFault", Some(("x-census-local-fault", "html")));
    let client = client_with(&[("apiToken", TOKEN.into()), ("fetch", fetch)]);
    let err = fails(client.list_sources(None)).await;
    assert_eq!(text(&err, "name"), "CensusResponseError");
    assert_eq!(number(&err, "status"), 502.0);
    let message = text(&err, "message");
    assert!(
        message.contains("not JSON") && message.contains("text/html"),
        "{message}"
    );
    assert!(message.contains("502 Bad Gateway"), "{message}");
}

#[wasm_bindgen_test]
async fn an_unreachable_server_is_a_network_error() {
    let options = obj(&[("baseUrl", "http://127.0.0.1:9/api/v1".into())]);
    let client = CensusClient::new(Some(options.unchecked_into())).expect("client");
    let err = fails(client.get_source(1.into(), None)).await;
    assert_eq!(text(&err, "name"), "CensusNetworkError");
    assert!(get(&err, "status").is_undefined());
    assert!(text(&err, "message").contains("http://127.0.0.1:9/api/v1/sources/1"));
}

#[wasm_bindgen_test]
fn bad_client_options_throw_naming_the_option() {
    for (options, field) in [
        (
            obj(&[("baseUrl", "http://app.getcensus.com/api/v1".into())]),
            "baseUrl",
        ),
        (
            obj(&[("baseUrl", "https://x.test/api?token=1".into())]),
            "baseUrl",
        ),
        (obj(&[("apiToken", 42.into())]), "apiToken"),
        (obj(&[("apitoken", "x".into())]), "apitoken"),
        (obj(&[("fetch", "nope".into())]), "fetch"),
    ] {
        let err = match CensusClient::new(Some(options.unchecked_into())) {
            Ok(_) => panic!("{field} must be refused"),
            Err(err) => err,
        };
        assert_eq!(text(&err, "name"), "CensusInputError");
        assert_eq!(text(&err, "code"), "invalid_config");
        assert_eq!(text(&err, "field"), field);
    }
    let default = CensusClient::new(None).expect("defaults");
    assert_eq!(default.base_url(), "https://app.getcensus.com/api/v1");
}
