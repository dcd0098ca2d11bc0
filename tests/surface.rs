//! Browser tests of the rest of the Sources surface against the local Census, in headless
//! Chromium and Firefox: source types (and `createSource`'s `checkType`), tables, the legacy
//! data sources list, models, and `refreshTablesAndWait`.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)] // test code

mod common;

use std::collections::HashSet;

use census_wasm::core::models::{
    DataSource, Model, RefreshKey, RefreshState, Source, SourceType, Table,
};
use common::*;
use js_sys::{Array, Function, Object, Promise};
use serde::Deserialize;
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
async fn seeded_source(client: &CensusClient) -> u64 {
    let page: Listed<Source> =
        listed(&ok(client.list_sources(options(&[("perPage", 1.into())]))).await);
    page.page.data[0].id
}

/// Every source type, straight from the catalogue.
async fn catalogue(client: &CensusClient) -> Vec<SourceType> {
    model(&ok(client.list_source_types(None)).await)
}

#[wasm_bindgen_test]
async fn the_catalogue_lists_every_source_type_with_its_fields() {
    let client = client();
    let raw = items(&ok(client.list_source_types(None)).await);
    // Every type reads as a SourceType: a non-empty label, a boolean creatable_via_api.
    let types: Vec<SourceType> = raw.iter().map(model).collect();
    assert!(types.len() >= 10, "a realistic catalogue: {}", types.len());
    let names: HashSet<&str> = types.iter().map(|t| t.service_name.as_str()).collect();
    assert_eq!(names.len(), types.len(), "no duplicates across pages");
    assert!(names.contains("snowflake") && names.contains("postgres"));
    assert!(types.iter().all(|t| !t.label.is_empty()));
    assert!(
        types.iter().any(|t| !t.creatable_via_api),
        "some types cannot be created through the API"
    );
    assert!(
        raw.iter().any(|t| get(t, "configuration_fields").is_null()),
        "some types do not describe their fields (null, not left out)"
    );
    let fields_of = |name: &str| {
        let kind = types.iter().find(|t| t.service_name == name);
        kind.expect(name)
            .configuration_fields
            .clone()
            .expect(name)
            .fields
    };
    assert!(
        fields_of("snowflake")
            .iter()
            .any(|f| f.is_password_type_field == Some(true) && f.show.is_some())
    );
    assert!(fields_of("postgres").iter().any(|f| {
        f.id == "password"
            && f.is_password_type_field == Some(true)
            && f.rules == Some(serde_json::json!(["required"]))
    }));
}

#[wasm_bindgen_test]
async fn one_source_type_is_fetched_by_name() {
    let client = client();
    let kind: SourceType = model(&ok(client.get_source_type("postgres".into(), None)).await);
    assert_eq!(kind.service_name, "postgres");
    let fields = kind
        .configuration_fields
        .expect("configuration_fields")
        .fields;
    assert!(fields.iter().any(|f| f.id == "password"));

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
        .find(|t| !t.creatable_via_api)
        .map(|t| t.service_name.as_str())
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

    let created =
        source(&ok(client.create_source(create_input("Checked").into(), checked())).await);
    assert_eq!(created.name, "Checked");
    assert_eq!(attempts("POST /sources").await, posts + 1);

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

    let created =
        source(&ok(client.create_source(create_input("Held").into(), with(&postgres))).await);
    assert_eq!(created.name, "Held");
    assert_eq!(attempts("POST /sources").await, posts + 1);
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
    let page: Listed<Table> =
        listed(&ok(client.list_tables(int(id), options(&[("perPage", 2.into())]))).await);
    let first = &page.page.data;
    assert_eq!(first.len(), 2);
    let total = pagination(&page).total_records;
    assert!(total > 2, "the seeded source has tables: {total}");
    assert!(page.has_next_page);
    assert_eq!(page.next_page, Some(2));

    let all: Vec<Table> =
        model(&ok(client.list_all_tables(int(id), options(&[("perPage", 3.into())]))).await);
    assert_eq!(all.len() as u64, total);
    let ids: HashSet<u64> = all.iter().map(|t| t.id).collect();
    assert_eq!(ids.len(), all.len());

    // Sorted by name, both ways, over every page.
    let by_name: Vec<Table> = model(
        &ok(client.list_all_tables(
            int(id),
            options(&[("perPage", 3.into()), ("orderBy", "table_name:asc".into())]),
        ))
        .await,
    );
    let mut sorted: Vec<(String, u64)> = all.iter().map(|t| (t.table_name.clone(), t.id)).collect();
    sorted.sort();
    let names = |tables: &[Table]| -> Vec<(String, u64)> {
        tables
            .iter()
            .map(|t| (t.table_name.clone(), t.id))
            .collect()
    };
    assert_eq!(names(&by_name), sorted);
    let last: Listed<Table> = listed(
        &ok(client.list_tables(
            int(id),
            options(&[("perPage", 1.into()), ("orderBy", "table_name:desc".into())]),
        ))
        .await,
    );
    assert_eq!(last.page.data[0].table_name, sorted.last().unwrap().0);

    let name = &first[0].table_name;
    let search = &name[..name.len().min(4)];
    let found: Vec<Table> =
        model(&ok(client.list_all_tables(int(id), options(&[("search", search.into())]))).await);
    assert!(!found.is_empty());
    assert!(found.len() <= all.len());
    for table in &found {
        let schema = table.table_schema.as_deref().unwrap_or_default();
        let full = format!("{schema}.{}", table.table_name);
        assert!(
            full.to_lowercase().contains(&search.to_lowercase()),
            "{full} ~ {search}"
        );
    }
    let none: Listed<Table> = listed(
        &ok(client.list_tables(
            int(id),
            options(&[("search", "zz_no_table_has_this_name".into())]),
        ))
        .await,
    );
    assert_eq!(none.page.data.len(), 0);
    assert!(!none.has_next_page);

    let err = fails(client.list_tables(int(id), options(&[("perPage", 500.into())]))).await;
    assert_eq!(text(&err, "field"), "perPage");
    let err = fails(client.list_tables(int(id), options(&[("serch", "x".into())]))).await;
    assert_eq!(text(&err, "field"), "serch");
}

#[wasm_bindgen_test]
async fn tables_can_be_iterated_and_stopped() {
    let client = client();
    let id = seeded_source(&client).await;
    let iterator = client
        .iterate_tables(int(id), options(&[("perPage", 2.into())]))
        .expect("iterator");
    let next: Function = get(&iterator, "next").unchecked_into();
    let mut seen = Vec::new();
    for _ in 0..3 {
        let step: Step<Table> =
            model(&ok(next.call0(&iterator).expect("next").unchecked_into()).await);
        assert!(!step.done);
        seen.push(step.value.expect("a table").id);
    }
    let finish: Function = get(&iterator, "return").unchecked_into();
    let done: Step<Table> = model(
        &ok(finish
            .call0(&iterator)
            .expect("return")
            .unchecked_into::<Promise>())
        .await,
    );
    assert!(done.done);
    let after: Step<Table> =
        model(&ok(next.call0(&iterator).expect("next").unchecked_into()).await);
    assert!(after.done);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 3);
}

#[wasm_bindgen_test]
async fn one_table_comes_with_its_columns() {
    let client = client();
    let id = seeded_source(&client).await;
    let page: Listed<Table> = listed(&ok(client.list_tables(int(id), None)).await);
    let table_id = page.page.data[0].id;
    let table: Table = model(&ok(client.get_table(int(id), int(table_id), None)).await);
    assert_eq!(table.id, table_id);
    let columns = table.columns.expect("columns");
    assert!(!columns.is_empty());
    assert!(
        columns
            .iter()
            .all(|c| !c.name.is_empty() && !c.column_type.is_empty())
    );

    let err = fails(client.get_table(int(id), 987_654_321.into(), None)).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    let err = fails(client.list_tables(987_654_321.into(), None)).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    let err = fails(client.get_table(int(id), JsValue::from("2"), None)).await;
    assert_eq!(text(&err, "field"), "tableId");
}

/// The legacy list of a seeded source that has both tables and models.
async fn source_with_models(client: &CensusClient) -> (u64, Vec<DataSource>) {
    let sources: Vec<Source> =
        model(&ok(client.list_all_sources(options(&[("maxItems", 40.into())]))).await);
    for source in &sources {
        let legacy: Listed<DataSource> = listed(
            &ok(client.list_data_sources(int(source.id), options(&[("perPage", 100.into())])))
                .await,
        );
        let data = legacy.page.data;
        if data.iter().any(|d| matches!(d, DataSource::Model(_))) {
            return (source.id, data);
        }
    }
    panic!("no seeded source among the first 40 has models");
}

#[wasm_bindgen_test]
async fn the_legacy_list_mixes_tables_and_models() {
    let client = client();
    // Each item reads as a DataSource: tagged "table" or "model", nothing else.
    let (id, data) = source_with_models(&client).await;
    for item in &data {
        match item {
            DataSource::Table(table) => assert!(!table.table_name.is_empty()),
            DataSource::Model(model) => assert!(!model.name.is_empty()),
        }
    }
    let iterator = client
        .iterate_data_sources(int(id), options(&[("perPage", 2.into())]))
        .expect("iterator");
    let next: Function = get(&iterator, "next").unchecked_into();
    let mut count = 0;
    loop {
        let step: Step<DataSource> =
            model(&ok(next.call0(&iterator).expect("next").unchecked_into()).await);
        if step.done {
            break;
        }
        assert!(step.value.is_some(), "a step that is not done has an item");
        count += 1;
    }
    assert_eq!(
        count,
        data.len(),
        "iterating two at a time finds the same items"
    );

    let listed_model = data
        .iter()
        .find_map(|d| match d {
            DataSource::Model(model) => Some(model),
            DataSource::Table(_) => None,
        })
        .expect("model");
    // compiled_query, when present, must be a string: reading a Model checks it.
    let fetched: Model = model(&ok(client.get_model(int(id), int(listed_model.id), None)).await);
    assert_eq!(fetched.name, listed_model.name);
    assert!(!fetched.columns.expect("columns").is_empty());

    let err = fails(client.get_model(int(id), 987_654_321.into(), None)).await;
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

fn recorded(name: &str) -> Vec<Progress> {
    model(&get(&js_sys::global(), name))
}

/// A client whose refresh jobs stay `processing` for `refresh_ms` (the
/// `x-census-local-refresh-ms` header on every request) and whose requests are counted in
/// `globalThis[counter]`.
fn client_with_jobs_of(refresh_ms: &str, counter: &str) -> CensusClient {
    client_with(&[
        ("apiToken", TOKEN.into()),
        (
            "fetch",
            wrapped_fetch(counter, Some(("x-census-local-refresh-ms", refresh_ms))),
        ),
    ])
}

#[wasm_bindgen_test]
async fn refresh_and_wait_reports_progress_until_completed() {
    // A job of 2 s rather than the server's 300 ms: under load the browser's first check came
    // after a 300 ms job had ended, so the wait made one check and reported no progress between
    // start and end. The 2 s only bounds that lag; checks are counted, not timed.
    let client = client_with_jobs_of("2000", "progressFetches");
    let id = own_source(&client, "Refresh wait").await;
    let outcome: Outcome = model(
        &ok(client.refresh_tables_and_wait(
            int(id),
            options(&[
                ("intervalMs", 40.into()),
                ("maxIntervalMs", 200.into()),
                ("onProgress", recorder("refreshProgress")),
            ]),
        ))
        .await,
    );
    assert_eq!(outcome.status, RefreshState::Completed);
    assert!(outcome.refresh_key > 0);
    let checks = outcome.attempts;
    assert!(
        checks >= 2,
        "the job takes a while on the local Census: {checks}"
    );
    assert_eq!(
        attempts(&format!("GET /sources/{id}/refresh_tables_status")).await,
        checks
    );
    // One report at the start, then one per check, in order: processing until the last.
    let reports = recorded("refreshProgress");
    let counted: Vec<u64> = reports.iter().map(|r| r.attempts).collect();
    assert_eq!(counted, (0..=checks).collect::<Vec<_>>());
    let key = outcome.refresh_key;
    assert!(reports.iter().all(|r| r.refresh_key == key));
    let (last, before) = reports.split_last().expect("reports");
    assert!(before.iter().all(|r| r.state == RefreshState::Processing));
    assert_eq!(last.state, RefreshState::Completed);
    let elapsed: Vec<u64> = reports.iter().map(|r| r.elapsed_ms).collect();
    assert!(elapsed.windows(2).all(|w| w[0] <= w[1]), "{elapsed:?}");
}

/// What `refreshTablesAndWait` and `waitForRefresh` resolve to (`elapsedMs` is not checked).
#[derive(Debug, Deserialize)]
struct Outcome {
    refresh_key: u64,
    status: RefreshState,
    attempts: u64,
}

/// What their `onProgress` receives.
#[derive(Debug, Deserialize)]
struct Progress {
    refresh_key: u64,
    state: RefreshState,
    attempts: u64,
    #[serde(rename = "elapsedMs")]
    elapsed_ms: u64,
}

/// A new source of this test's own; resolves to its id.
async fn own_source(client: &CensusClient, name: &str) -> u64 {
    create(client, name).await.id
}

#[wasm_bindgen_test]
async fn refresh_and_wait_times_out_and_stops_polling() {
    // The job outlasts the test, so the limit can leave room for a loaded machine: with 100 ms
    // (and the server's 300 ms job), the start's answer alone sometimes came later and the wait
    // ended before its first check. The 1.5 s only bounds that lag.
    let client = client_with_jobs_of("600000", "timeoutFetches");
    let id = own_source(&client, "Refresh timeout").await;
    let route = format!("GET /sources/{id}/refresh_tables_status");
    let err = fails(client.refresh_tables_and_wait(
        int(id),
        options(&[
            ("intervalMs", 20.into()),
            ("maxIntervalMs", 40.into()),
            ("timeoutMs", 1500.into()),
        ]),
    ))
    .await;
    let message = text(&err, "message");
    assert_eq!(text(&err, "name"), "CensusTimeoutError", "{message}");
    assert!(message.contains("still processing"), "{message}");
    // No request after it settled, counted where the client makes them: a check sent just
    // before the end may reach the server after this test reads the attempt log.
    let sent = || number(&js_sys::global(), "timeoutFetches") as u64;
    let settled = sent();
    sleep(200).await;
    assert_eq!(sent(), settled, "no poll after it settled");
    // The server saw checks, and none the client did not send (the create and the start aside).
    let polled = attempts(&route).await;
    assert!(
        (1..=settled.saturating_sub(2)).contains(&polled),
        "{polled} of {settled}: {message}"
    );
}

#[wasm_bindgen_test]
async fn refresh_and_wait_stops_at_once_when_aborted() {
    let client = client();
    let id = own_source(&client, "Refresh abort").await;
    let route = format!("GET /sources/{id}/refresh_tables_status");
    let controller = web_sys::AbortController::new().expect("controller");
    let waiting = client.refresh_tables_and_wait(
        int(id),
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
        fails(client.refresh_tables_and_wait(int(id), options(&[("intervalMs", 1.into())]))).await;
    assert_eq!(text(&err, "field"), "intervalMs");
    let err =
        fails(client.refresh_tables_and_wait(int(id), options(&[("interval", 100.into())]))).await;
    assert_eq!(text(&err, "field"), "interval");
}

#[wasm_bindgen_test]
async fn wait_for_refresh_resumes_a_started_job_without_starting_another() {
    let client = client();
    let id = own_source(&client, "Refresh resumed").await;
    let started: RefreshKey = model(&ok(client.refresh_tables(int(id), None)).await);
    let key = started.refresh_key;
    let outcome: Outcome = model(
        &ok(client.wait_for_refresh(
            int(id),
            int(key),
            options(&[
                ("intervalMs", 40.into()),
                ("onProgress", recorder("resumedProgress")),
            ]),
        ))
        .await,
    );
    assert_eq!(outcome.status, RefreshState::Completed);
    assert_eq!(outcome.refresh_key, key);
    let checks = outcome.attempts;
    assert!(checks >= 1);
    assert_eq!(
        attempts(&format!("POST /sources/{id}/refresh_tables")).await,
        1,
        "only refreshTables started a job"
    );
    assert_eq!(
        attempts(&format!("GET /sources/{id}/refresh_tables_status")).await,
        checks
    );
    // No "queued" report: the wait starts with its first check.
    let reports = recorded("resumedProgress");
    assert_eq!(reports.len() as u64, checks);
    assert!(reports.iter().all(|r| r.refresh_key == key));
    assert_eq!(reports[0].attempts, 1);
    assert_eq!(reports.last().expect("last").state, RefreshState::Completed);

    let err = fails(client.wait_for_refresh(int(id), int(key + 1000), None)).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    for bad in [JsValue::UNDEFINED, 0.into(), "7".into()] {
        let err = fails(client.wait_for_refresh(int(id), bad.clone(), None)).await;
        assert_eq!(text(&err, "name"), "CensusInputError", "{bad:?}");
        assert_eq!(text(&err, "field"), "refreshKey", "{bad:?}");
    }
    let err =
        fails(client.wait_for_refresh(int(id), int(key), options(&[("intervalMs", 1.into())])))
            .await;
    assert_eq!(text(&err, "field"), "intervalMs");
}

#[wasm_bindgen_test]
async fn update_sends_the_newer_fields() {
    let client = client();
    let id = own_source(&client, "Before").await;
    let updated = source(
        &ok(client.update_source(
            int(id),
            JsValue::from(json(
                r#"{"name": "After", "warehouse_writeback_retention_in_days": 14,
                    "credentials": {"user": "census_v2"}}"#,
            )),
            None,
        ))
        .await,
    );
    assert_eq!(updated.name, "After");
    assert_eq!(updated.warehouse_writeback_retention_in_days, Some(14));
    let details = updated.connection_details.expect("connection_details");
    assert_eq!(details["user"], "census_v2");
    assert_eq!(details["hostname"], "db.internal", "other credentials kept");
    let _ = JsFuture::from(client.delete_source(int(id), None)).await;
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
