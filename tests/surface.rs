//! Browser tests of the rest of the Sources surface against the local Census, in headless
//! Chromium and Firefox: source types (and `createSource`'s `checkType`), tables, the legacy
//! data sources list, models, and `refreshTablesAndWait`.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

mod common;

use std::collections::HashSet;

use common::*;
use js_sys::{Array, Function, Object, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn options<T: JsCast>(pairs: &[(&str, JsValue)]) -> Option<T> {
    Some(obj(pairs).unchecked_into())
}

fn items(value: &JsValue) -> Vec<JsValue> {
    Array::from(value).iter().collect()
}

/// A source of the seed that has tables; resolves to its id.
async fn seeded_source(client: &CensusClient) -> f64 {
    let page = ok(client.list_sources(options(&[("perPage", 1.into())]))).await;
    number(&items(&get(&page, "data"))[0], "id")
}

/// Every source type, straight from the catalogue.
async fn catalogue(client: &CensusClient) -> Vec<JsValue> {
    items(&ok(client.list_source_types(None)).await)
}

#[wasm_bindgen_test]
async fn the_catalogue_lists_every_source_type_with_its_fields() {
    let client = client();
    let types = catalogue(&client).await;
    assert!(types.len() >= 10, "a realistic catalogue: {}", types.len());
    let names: HashSet<String> = types.iter().map(|t| text(t, "service_name")).collect();
    assert_eq!(names.len(), types.len(), "no duplicates across pages");
    assert!(names.contains("snowflake") && names.contains("postgres"));
    for kind in &types {
        assert!(!text(kind, "label").is_empty());
        assert!(get(kind, "creatable_via_api").as_bool().is_some());
    }
    assert!(
        types
            .iter()
            .any(|t| get(t, "creatable_via_api").as_bool() == Some(false)),
        "some types cannot be created through the API"
    );
    assert!(
        types
            .iter()
            .any(|t| get(t, "configuration_fields").is_null()),
        "some types do not describe their fields"
    );
    let fields_of = |name: &str| {
        let kind = types.iter().find(|t| text(t, "service_name") == name);
        items(&get(kind.expect(name), "configuration_fields"))
    };
    assert!(
        fields_of("snowflake")
            .iter()
            .any(|f| get(f, "secret").as_bool() == Some(true))
    );
    assert!(fields_of("postgres").iter().any(|f| {
        text(f, "name") == "password"
            && get(f, "secret").as_bool() == Some(true)
            && get(f, "required").as_bool() == Some(true)
    }));
}

#[wasm_bindgen_test]
async fn one_source_type_is_fetched_by_name() {
    let client = client();
    let kind = ok(client.get_source_type("postgres".into(), None)).await;
    assert_eq!(text(&kind, "service_name"), "postgres");
    let fields = items(&get(&kind, "configuration_fields"));
    assert!(fields.iter().any(|f| text(f, "name") == "password"));

    let err = fails(client.get_source_type("no_such_type".into(), None)).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    assert_eq!(number(&err, "status"), 404.0);

    let before = attempts("GET /source_types/").await;
    for bad in [JsValue::from(""), JsValue::from(" x"), JsValue::from(3)] {
        let err = fails(client.get_source_type(bad, None)).await;
        assert_eq!(text(&err, "name"), "CensusInputError");
        assert_eq!(text(&err, "field"), "serviceName");
    }
    assert_eq!(attempts("GET /source_types/").await, before, "nothing sent");
}

#[wasm_bindgen_test]
async fn check_type_refuses_bad_inputs_before_sending_them() {
    let client = client();
    let types = catalogue(&client).await;
    let not_creatable = types
        .iter()
        .find(|t| get(t, "creatable_via_api").as_bool() == Some(false))
        .map(|t| text(t, "service_name"))
        .expect("a type not creatable via the API");
    let checked = || options::<Object>(&[("checkType", true.into())]);
    let posts = attempts("POST /sources").await;

    let unknown = json(r#"{"type": "no_such_type", "credentials": {"a": 1}}"#);
    let err = fails(client.create_source(unknown.into(), checked())).await;
    assert_eq!(text(&err, "name"), "CensusInputError");
    assert_eq!(text(&err, "field"), "type");
    assert!(text(&err, "message").contains("no_such_type"));
    assert!(get(&err, "missing").is_undefined());

    let input = json(&format!(
        r#"{{"type": {not_creatable:?}, "credentials": {{"a": 1}}}}"#
    ));
    let err = fails(client.create_source(input.into(), checked())).await;
    assert_eq!(text(&err, "field"), "type");
    assert!(text(&err, "message").contains("cannot be created through the API"));

    let missing = json(
        r#"{"type": "postgres", "credentials": {"hostname": "db", "port": 5432, "user": "u", "database": "d"}}"#,
    );
    let err = fails(client.create_source(missing.into(), checked())).await;
    assert_eq!(text(&err, "field"), "credentials.password");
    assert!(text(&err, "message").contains("\"password\" is missing"));
    let named: Vec<String> = items(&get(&err, "missing"))
        .iter()
        .filter_map(JsValue::as_string)
        .collect();
    assert_eq!(named, ["credentials.password"]);
    let two_missing =
        json(r#"{"type": "postgres", "credentials": {"hostname": "db", "port": 5432}}"#);
    let err = fails(client.create_source(two_missing.into(), checked())).await;
    assert_eq!(text(&err, "field"), "credentials.database");
    let named: Vec<String> = items(&get(&err, "missing"))
        .iter()
        .filter_map(JsValue::as_string)
        .collect();
    assert_eq!(
        named,
        [
            "credentials.database",
            "credentials.user",
            "credentials.password"
        ]
    );
    assert_eq!(
        attempts("POST /sources").await,
        posts,
        "nothing was created"
    );

    let created = ok(client.create_source(create_input("Checked").into(), checked())).await;
    assert_eq!(text(&created, "name"), "Checked");
    assert_eq!(attempts("POST /sources").await, posts + 1.0);

    // Without checkType the API itself refuses the same input.
    let missing = json(r#"{"type": "postgres", "credentials": {"hostname": "db"}}"#);
    let err = fails(client.create_source(missing.into(), None)).await;
    assert_eq!(number(&err, "status"), 422.0);

    let err = fails(client.create_source(
        create_input("x").into(),
        options(&[("checkType", "yes".into())]),
    ))
    .await;
    assert_eq!(text(&err, "field"), "checkType");
}

#[wasm_bindgen_test]
async fn check_type_with_a_held_source_type_sends_no_extra_request() {
    let client = client();
    let postgres = ok(client.get_source_type("postgres".into(), None)).await;
    let mysql = ok(client.get_source_type("mysql".into(), None)).await;
    let with = |kind: &JsValue| options::<Object>(&[("checkType", kind.clone())]);
    let reads = attempts("GET /source_types/postgres").await;
    let posts = attempts("POST /sources").await;

    let missing = json(
        r#"{"type": "postgres", "credentials": {"hostname": "db", "port": 5432, "database": "d"}}"#,
    );
    let err = fails(client.create_source(missing.into(), with(&postgres))).await;
    assert_eq!(text(&err, "name"), "CensusInputError");
    assert_eq!(text(&err, "field"), "credentials.user");
    let named: Vec<String> = items(&get(&err, "missing"))
        .iter()
        .filter_map(|name| name.as_string())
        .collect();
    assert_eq!(named, ["credentials.user", "credentials.password"]);

    let err = fails(client.create_source(create_input("Held").into(), with(&mysql))).await;
    assert_eq!(text(&err, "field"), "checkType");
    assert!(text(&err, "message").contains(r#"is the source type "mysql""#));
    for (bad, field) in [
        (json("{}"), "checkType.service_name"),
        (
            json(r#"{"service_name": "postgres", "label": "P", "creatable_via_api": 1}"#),
            "checkType.creatable_via_api",
        ),
    ] {
        let err = fails(client.create_source(create_input("Held").into(), with(&bad.into()))).await;
        assert_eq!(text(&err, "field"), field, "{}", text(&err, "message"));
    }
    assert_eq!(attempts("POST /sources").await, posts, "nothing was sent");

    let created = ok(client.create_source(create_input("Held").into(), with(&postgres))).await;
    assert_eq!(text(&created, "name"), "Held");
    assert_eq!(attempts("POST /sources").await, posts + 1.0);
    assert_eq!(
        attempts("GET /source_types/postgres").await,
        reads,
        "the held type was not read again"
    );
}

#[wasm_bindgen_test]
async fn tables_are_paged_searched_and_listed_whole() {
    let client = client();
    let id = seeded_source(&client).await;
    let page = ok(client.list_tables(id.into(), options(&[("perPage", 2.into())]))).await;
    let first = items(&get(&page, "data"));
    assert_eq!(first.len(), 2);
    let total = number(&get(&page, "pagination"), "total_records");
    assert!(total > 2.0, "the seeded source has tables: {total}");
    assert_eq!(get(&page, "hasNextPage").as_bool(), Some(true));
    assert_eq!(number(&page, "nextPage"), 2.0);

    let all =
        items(&ok(client.list_all_tables(id.into(), options(&[("perPage", 3.into())]))).await);
    assert_eq!(all.len() as f64, total);
    let ids: HashSet<u64> = all.iter().map(|t| number(t, "id") as u64).collect();
    assert_eq!(ids.len(), all.len());

    let name = text(&first[0], "table_name");
    let search = &name[..name.len().min(4)];
    let found =
        items(&ok(client.list_all_tables(id.into(), options(&[("search", search.into())]))).await);
    assert!(!found.is_empty());
    assert!(found.len() <= all.len());
    for table in &found {
        let full = format!(
            "{}.{}",
            text(table, "table_schema"),
            text(table, "table_name")
        );
        assert!(
            full.to_lowercase().contains(&search.to_lowercase()),
            "{full} ~ {search}"
        );
    }
    let none = ok(client.list_tables(
        id.into(),
        options(&[("search", "zz_no_table_has_this_name".into())]),
    ))
    .await;
    assert_eq!(items(&get(&none, "data")).len(), 0);
    assert_eq!(get(&none, "hasNextPage").as_bool(), Some(false));

    let err = fails(client.list_tables(id.into(), options(&[("perPage", 500.into())]))).await;
    assert_eq!(text(&err, "field"), "perPage");
    let err = fails(client.list_tables(id.into(), options(&[("serch", "x".into())]))).await;
    assert_eq!(text(&err, "field"), "serch");
}

#[wasm_bindgen_test]
async fn tables_can_be_iterated_and_stopped() {
    let client = client();
    let id = seeded_source(&client).await;
    let iterator = client
        .iterate_tables(id.into(), options(&[("perPage", 2.into())]))
        .expect("iterator");
    let next: Function = get(&iterator, "next").unchecked_into();
    let mut seen = Vec::new();
    for _ in 0..3 {
        let step = ok(next.call0(&iterator).expect("next").unchecked_into()).await;
        assert_eq!(get(&step, "done").as_bool(), Some(false));
        seen.push(number(&get(&step, "value"), "id") as u64);
    }
    let finish: Function = get(&iterator, "return").unchecked_into();
    let done = ok(finish
        .call0(&iterator)
        .expect("return")
        .unchecked_into::<Promise>())
    .await;
    assert_eq!(get(&done, "done").as_bool(), Some(true));
    let after = ok(next.call0(&iterator).expect("next").unchecked_into()).await;
    assert_eq!(get(&after, "done").as_bool(), Some(true));
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 3);
}

#[wasm_bindgen_test]
async fn one_table_comes_with_its_columns() {
    let client = client();
    let id = seeded_source(&client).await;
    let page = ok(client.list_tables(id.into(), None)).await;
    let table_id = number(&items(&get(&page, "data"))[0], "id");
    let table = ok(client.get_table(id.into(), table_id.into(), None)).await;
    assert_eq!(number(&table, "id"), table_id);
    let columns = items(&get(&table, "columns"));
    assert!(!columns.is_empty());
    assert!(
        columns
            .iter()
            .all(|c| !text(c, "name").is_empty() && !text(c, "type").is_empty())
    );

    let err = fails(client.get_table(id.into(), 987_654_321.into(), None)).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    let err = fails(client.list_tables(987_654_321.into(), None)).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    let err = fails(client.get_table(id.into(), JsValue::from("2"), None)).await;
    assert_eq!(text(&err, "field"), "tableId");
}

/// The legacy list of a seeded source that has both tables and models.
async fn source_with_models(client: &CensusClient) -> (f64, Vec<JsValue>) {
    let sources = items(&ok(client.list_all_sources(options(&[("maxItems", 40.into())]))).await);
    for source in &sources {
        let id = number(source, "id");
        let legacy =
            ok(client.list_data_sources(id.into(), options(&[("perPage", 100.into())]))).await;
        let data = items(&get(&legacy, "data"));
        if data.iter().any(|d| text(d, "type") == "model") {
            return (id, data);
        }
    }
    panic!("no seeded source among the first 40 has models");
}

#[wasm_bindgen_test]
async fn the_legacy_list_mixes_tables_and_models() {
    let client = client();
    let (id, data) = source_with_models(&client).await;
    for item in &data {
        match text(item, "type").as_str() {
            "table" => assert!(!text(item, "table_name").is_empty()),
            "model" => assert!(!text(item, "name").is_empty()),
            other => panic!("unexpected kind {other}"),
        }
    }
    let iterator = client
        .iterate_data_sources(id.into(), options(&[("perPage", 2.into())]))
        .expect("iterator");
    let next: Function = get(&iterator, "next").unchecked_into();
    let mut count = 0;
    loop {
        let step = ok(next.call0(&iterator).expect("next").unchecked_into()).await;
        if get(&step, "done").as_bool() == Some(true) {
            break;
        }
        count += 1;
    }
    assert_eq!(
        count,
        data.len(),
        "iterating two at a time finds the same items"
    );

    let model = data
        .iter()
        .find(|d| text(d, "type") == "model")
        .expect("model");
    let model_id = number(model, "id");
    let fetched = ok(client.get_model(id.into(), model_id.into(), None)).await;
    assert_eq!(text(&fetched, "name"), text(model, "name"));
    assert!(!items(&get(&fetched, "columns")).is_empty());
    let compiled = get(&fetched, "compiled_query");
    assert!(compiled.is_undefined() || compiled.is_null() || compiled.is_string());

    let err = fails(client.get_model(id.into(), 987_654_321.into(), None)).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    let err = fails(client.list_data_sources(987_654_321.into(), None)).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
}

/// An `onProgress` that records every report in `globalThis[name]`.
fn recorder(name: &str) -> JsValue {
    Function::new_with_args(
        "progress",
        &format!("(globalThis[{name:?}] ||= []).push(progress);"),
    )
    .into()
}

fn recorded(name: &str) -> Vec<JsValue> {
    items(&get(&js_sys::global(), name))
}

#[wasm_bindgen_test]
async fn refresh_and_wait_reports_progress_until_completed() {
    let client = client();
    let (id, _) = own_source(&client, "Refresh wait").await;
    let outcome = ok(client.refresh_tables_and_wait(
        id.into(),
        options(&[
            ("intervalMs", 40.into()),
            ("onProgress", recorder("refreshProgress")),
        ]),
    ))
    .await;
    assert_eq!(text(&outcome, "status"), "completed");
    assert!(number(&outcome, "refresh_key") > 0.0);
    let checks = number(&outcome, "attempts");
    assert!(
        checks >= 2.0,
        "the job takes a while on the local Census: {checks}"
    );
    assert_eq!(
        attempts(&format!("GET /sources/{id}/refresh_tables_status")).await,
        checks
    );
    let reports = recorded("refreshProgress");
    assert_eq!(reports.len() as f64, checks + 1.0);
    let key = number(&outcome, "refresh_key");
    assert!(reports.iter().all(|r| number(r, "refresh_key") == key));
    assert_eq!(text(&reports[0], "state"), "processing");
    assert_eq!(number(&reports[0], "attempts"), 0.0);
    assert_eq!(text(reports.last().expect("last"), "state"), "completed");
    let elapsed: Vec<f64> = reports.iter().map(|r| number(r, "elapsedMs")).collect();
    assert!(elapsed.windows(2).all(|w| w[0] <= w[1]), "{elapsed:?}");
}

async fn own_source(client: &CensusClient, name: &str) -> (f64, JsValue) {
    let source = create(client, name).await;
    (number(&source, "id"), source)
}

#[wasm_bindgen_test]
async fn refresh_and_wait_times_out_and_stops_polling() {
    let client = client();
    let (id, _) = own_source(&client, "Refresh timeout").await;
    let route = format!("GET /sources/{id}/refresh_tables_status");
    let err = fails(client.refresh_tables_and_wait(
        id.into(),
        options(&[("intervalMs", 20.into()), ("timeoutMs", 100.into())]),
    ))
    .await;
    assert_eq!(text(&err, "name"), "CensusTimeoutError");
    assert!(text(&err, "message").contains("still processing"));
    let polled = attempts(&route).await;
    assert!(polled >= 1.0);
    sleep(200).await;
    assert_eq!(attempts(&route).await, polled, "no poll after it settled");
}

#[wasm_bindgen_test]
async fn refresh_and_wait_stops_at_once_when_aborted() {
    let client = client();
    let (id, _) = own_source(&client, "Refresh abort").await;
    let route = format!("GET /sources/{id}/refresh_tables_status");
    let controller = web_sys::AbortController::new().expect("controller");
    let waiting = client.refresh_tables_and_wait(
        id.into(),
        options(&[
            ("intervalMs", 30.into()),
            ("signal", controller.signal().into()),
        ]),
    );
    sleep(80).await;
    controller.abort();
    let err = fails(waiting).await;
    assert_eq!(text(&err, "name"), "AbortError");
    let polled = attempts(&route).await;
    sleep(150).await;
    assert_eq!(attempts(&route).await, polled, "no poll timer left running");

    let err = fails(client.refresh_tables_and_wait(987_654_321.into(), None)).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    let err =
        fails(client.refresh_tables_and_wait(id.into(), options(&[("intervalMs", 1.into())])))
            .await;
    assert_eq!(text(&err, "field"), "intervalMs");
    let err =
        fails(client.refresh_tables_and_wait(id.into(), options(&[("interval", 100.into())])))
            .await;
    assert_eq!(text(&err, "field"), "interval");
}

#[wasm_bindgen_test]
async fn wait_for_refresh_resumes_a_started_job_without_starting_another() {
    let client = client();
    let (id, _) = own_source(&client, "Refresh resumed").await;
    let started = ok(client.refresh_tables(id.into(), None)).await;
    let key = number(&started, "refresh_key");
    let outcome = ok(client.wait_for_refresh(
        id.into(),
        key.into(),
        options(&[
            ("intervalMs", 40.into()),
            ("onProgress", recorder("resumedProgress")),
        ]),
    ))
    .await;
    assert_eq!(text(&outcome, "status"), "completed");
    assert_eq!(number(&outcome, "refresh_key"), key);
    let checks = number(&outcome, "attempts");
    assert!(checks >= 1.0);
    assert_eq!(
        attempts(&format!("POST /sources/{id}/refresh_tables")).await,
        1.0,
        "only refreshTables started a job"
    );
    assert_eq!(
        attempts(&format!("GET /sources/{id}/refresh_tables_status")).await,
        checks
    );
    // No "queued" report: the wait starts with its first check.
    let reports = recorded("resumedProgress");
    assert_eq!(reports.len() as f64, checks);
    assert!(reports.iter().all(|r| number(r, "refresh_key") == key));
    assert_eq!(number(&reports[0], "attempts"), 1.0);
    assert_eq!(text(reports.last().expect("last"), "state"), "completed");

    let err = fails(client.wait_for_refresh(id.into(), (key + 1000.0).into(), None)).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    for bad in [JsValue::UNDEFINED, 0.into(), "7".into()] {
        let err = fails(client.wait_for_refresh(id.into(), bad.clone(), None)).await;
        assert_eq!(text(&err, "name"), "CensusInputError", "{bad:?}");
        assert_eq!(text(&err, "field"), "refreshKey", "{bad:?}");
    }
    let err =
        fails(client.wait_for_refresh(id.into(), key.into(), options(&[("intervalMs", 1.into())])))
            .await;
    assert_eq!(text(&err, "field"), "intervalMs");
}

#[wasm_bindgen_test]
async fn update_sends_the_newer_fields() {
    let client = client();
    let (id, _) = own_source(&client, "Before").await;
    let updated = ok(client.update_source(
        id.into(),
        JsValue::from(json(
            r#"{"name": "After", "warehouse_writeback_retention_in_days": 14,
                "credentials": {"user": "census_v2"}}"#,
        )),
        None,
    ))
    .await;
    assert_eq!(text(&updated, "name"), "After");
    assert_eq!(
        number(&updated, "warehouse_writeback_retention_in_days"),
        14.0
    );
    let details = get(&updated, "connection_details");
    assert_eq!(text(&details, "user"), "census_v2");
    assert_eq!(
        text(&details, "hostname"),
        "db.internal",
        "other credentials kept"
    );
    let _ = JsFuture::from(client.delete_source(id.into(), None)).await;
}

// ---- workspace ----------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn get_workspace_reads_the_tokens_workspace() {
    let workspace = ok(client().get_workspace(None)).await;
    assert_eq!(text(&workspace, "name"), "Census local");
    assert!(number(&workspace, "id") >= 1.0);
    let bad = client_with(&[("apiToken", "wrong-token".into())]);
    let err = fails(bad.get_workspace(None)).await;
    assert_eq!(text(&err, "name"), "CensusAuthenticationError");
    let err = fails(client().get_workspace(options(&[("perPage", 5.into())]))).await;
    assert_eq!(
        text(&err, "field"),
        "perPage",
        "a plain call takes no paging options"
    );
}
