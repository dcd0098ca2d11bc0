//! Browser tests of destinations, connectors, syncs and sync runs against a running local
//! Census, in headless Chromium and Firefox: every method as JavaScript calls it, object names
//! that need percent-encoding, the create rule, and the sync-run wait with faults and aborts.
//! `scripts/test.sh` starts the server (with `--run-ms 600`) and sets `CENSUS_LOCAL_URL`.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

mod common;

use common::*;
use js_sys::{Array, Function, Promise};
use serde_json::{Value, json};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// `client[name](...args)`, awaited; panics with the error when it rejects.
async fn call(client: &CensusClient, name: &str, args: &[JsValue]) -> Value {
    let value = ok(client.promise(name, args)).await;
    if value.is_undefined() {
        return Value::Null;
    }
    model(&value)
}

/// The error `client[name](...args)` rejects (or throws) with.
async fn refused(client: &CensusClient, name: &str, args: &[JsValue]) -> JsValue {
    fails(client.promise(name, args)).await
}

/// Every item an async iterator yields.
async fn drain(iterator: JsValue) -> Vec<Value> {
    let collect = Function::new_with_args(
        "it",
        "return (async () => { const out = []; for await (const x of it) out.push(x); return out; })();",
    );
    let all: Promise = collect
        .call1(&JsValue::NULL, &iterator)
        .expect("for await")
        .unchecked_into();
    let items: Array = JsFuture::from(all).await.expect("items").unchecked_into();
    items.iter().map(|item| model(&item)).collect()
}

fn js(v: Value) -> JsValue {
    // Objects as plain JS objects (JSON.parse), as callers write them.
    js_sys::JSON::parse(&v.to_string()).expect("JSON")
}

fn id(v: &Value) -> JsValue {
    JsValue::from_f64(v["id"].as_f64().expect("an id"))
}

async fn destinations(client: &CensusClient) -> Vec<Value> {
    let all = call(client, "listAllDestinations", &[]).await;
    all.as_array().expect("an array").clone()
}

/// Every object of every destination, with its destination.
async fn all_objects(client: &CensusClient) -> Vec<(Value, Value)> {
    let mut out = Vec::new();
    for destination in destinations(client).await {
        let objects = call(client, "listAllDestinationObjects", &[id(&destination)]).await;
        for object in objects.as_array().expect("objects") {
            out.push((destination.clone(), object.clone()));
        }
    }
    out
}

// ---- destinations and connectors ---------------------------------------------------------------

#[wasm_bindgen_test]
async fn destinations_list_by_page_and_in_full_and_read_with_their_objects() {
    let client = client();
    let page = call(&client, "listDestinations", &[js(json!({ "perPage": 2 }))]).await;
    assert_eq!(page["data"].as_array().unwrap().len(), 2);
    assert_eq!(page["pagination"]["per_page"], 2);
    let total = page["pagination"]["total_records"].as_u64().unwrap();
    assert!(
        total >= 5,
        "Braze, Salesforce, HubSpot, Google Sheets and a file store"
    );
    assert_eq!(page["hasNextPage"], true);
    let all = destinations(&client).await;
    assert_eq!(all.len() as u64, total);
    let iterated = drain(
        client
            .invoke("iterateDestinations", &[js(json!({ "perPage": 2 }))])
            .unwrap(),
    )
    .await;
    assert_eq!(iterated.len() as u64, total);
    for destination in &all {
        let one = call(&client, "getDestination", &[id(destination)]).await;
        assert_eq!(one["id"], destination["id"]);
        let objects = one["objects"]
            .as_array()
            .expect("getDestination has its objects");
        assert!(!objects.is_empty(), "{}", one["name"]);
        assert!(objects.iter().all(|object| object["full_name"].is_string()));
    }
    let err = refused(&client, "getDestination", &[JsValue::from_f64(987_654.0)]).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
}

#[wasm_bindgen_test]
async fn every_object_name_round_trips_as_one_path_segment() {
    let client = client();
    let objects = all_objects(&client).await;
    let awkward: Vec<&(Value, Value)> = objects
        .iter()
        .filter(|(_, object)| {
            let name = object["full_name"].as_str().unwrap();
            name.contains(['/', ' ', '%', '?', '#', ':', '.']) || !name.is_ascii()
        })
        .collect();
    for needed in ['/', ' ', '%', '?', '#'] {
        assert!(
            awkward
                .iter()
                .any(|(_, o)| o["full_name"].as_str().unwrap().contains(needed)),
            "the seed has an object name with {needed:?}"
        );
    }
    assert!(
        awkward
            .iter()
            .any(|(_, o)| !o["full_name"].as_str().unwrap().is_ascii())
    );
    for (destination, object) in awkward {
        let name = object["full_name"].as_str().unwrap();
        let read = call(
            &client,
            "getDestinationObject",
            &[id(destination), JsValue::from_str(name)],
        )
        .await;
        assert_eq!(read["full_name"], name, "{name}");
        assert!(read["fields"].is_array(), "{name}: with its fields");
    }
    let (destination, _) = &objects[0];
    let err = refused(
        &client,
        "getDestinationObject",
        &[id(destination), "no such object".into()],
    )
    .await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    let err = refused(
        &client,
        "getDestinationObject",
        &[id(destination), "..".into()],
    )
    .await;
    assert_eq!(text(&err, "field"), "objectFullName");
}

#[wasm_bindgen_test]
async fn fields_carry_their_keys_lookups_and_names_with_dots_and_colons() {
    let client = client();
    let mut names = Vec::new();
    let mut lookups = 0;
    for (destination, object) in all_objects(&client).await {
        let read = call(
            &client,
            "getDestinationObject",
            &[
                id(&destination),
                object["full_name"].as_str().unwrap().into(),
            ],
        )
        .await;
        for field in read["fields"].as_array().unwrap() {
            names.push(field["full_name"].as_str().unwrap().to_owned());
            lookups += usize::from(field["lookup_object"].is_string());
            assert!(
                field["can_be_upsert_key"].is_boolean() || field["can_be_upsert_key"].is_null()
            );
        }
    }
    assert!(
        names.iter().any(|name| name.contains('.')),
        "a dotted field name"
    );
    assert!(
        names.iter().any(|name| name.contains(':')),
        "a field name with a colon"
    );
    assert!(lookups > 0, "a reference field");
}

#[wasm_bindgen_test]
async fn connectors_are_a_catalogue_read_one_by_one_by_service_name() {
    let client = client();
    let all = call(&client, "listConnectors", &[]).await;
    let all = all.as_array().unwrap();
    assert!(all.len() >= 5);
    for connector in all {
        let name = connector["service_name"].as_str().unwrap();
        let one = call(&client, "getConnector", &[name.into()]).await;
        assert_eq!(one["service_name"], name);
    }
    let err = refused(&client, "getConnector", &["no_such_connector".into()]).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
}

#[wasm_bindgen_test]
async fn a_destination_is_created_whole_updated_and_deleted() {
    let client = client();
    let created = call(
        &client,
        "createDestination",
        &[js(json!({ "type": "braze", "name": "Braze (test)", "credentials": { "api_key": "k", "instance_url": "https://rest.iad-01.braze.com" } }))],
    )
    .await;
    assert_eq!(created["name"], "Braze (test)", "the whole destination");
    let updated = call(
        &client,
        "updateDestination",
        &[id(&created), js(json!({ "name": "Braze (renamed)" }))],
    )
    .await;
    assert_eq!(updated["name"], "Braze (renamed)");
    let err = refused(
        &client,
        "updateDestination",
        &[id(&created), js(json!({ "type": "hubspot" }))],
    )
    .await;
    assert_eq!(text(&err, "field"), "type");
    assert_eq!(
        call(&client, "deleteDestination", &[id(&created)]).await,
        Value::Null
    );
    let err = refused(&client, "getDestination", &[id(&created)]).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    let err = refused(
        &client,
        "createDestination",
        &[js(json!({ "name": "x", "credentials": {} }))],
    )
    .await;
    assert_eq!(text(&err, "field"), "type");
}

#[wasm_bindgen_test]
async fn an_object_refresh_is_waited_for_with_progress() {
    let client = client();
    let destination = &destinations(&client).await[0];
    let reports = Array::new();
    let on_progress = Function::new_with_args("r", "this.push(r)").bind0(&reports);
    let outcome = call(
        &client,
        "refreshDestinationObjectsAndWait",
        &[
            id(destination),
            js_with(json!({ "intervalMs": 50 }), "onProgress", &on_progress),
        ],
    )
    .await;
    assert_eq!(outcome["status"], "completed");
    assert!(outcome["refresh_key"].as_u64().unwrap() >= 1);
    assert!(reports.length() >= 2, "queued, then each check");
}

/// `v` as a JS object with `key` set to a JS value (a function, a signal).
fn js_with(v: Value, key: &str, extra: &JsValue) -> JsValue {
    let object = js(v);
    js_sys::Reflect::set(&object, &key.into(), extra).expect("set");
    object
}

// ---- syncs -------------------------------------------------------------------------------------

/// A valid createSync input on seeded data: a seeded sync's source, destination and mappings.
async fn sync_input(client: &CensusClient) -> Value {
    // An upsert to Braze's `user`, with one primary identifier.
    let template = seeded_sync(client, "Braze users").await;
    let mappings: Vec<Value> = template["mappings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let from = match &m["from"] {
                Value::Object(constant) if constant.contains_key("basic_type") => {
                    json!({ "value": constant["value"], "type": constant["basic_type"] })
                }
                other => other.clone(),
            };
            json!({ "from": from, "to": m["to"], "is_primary_identifier": m["is_primary_identifier"] == true })
        })
        .collect();
    let data_source = &template["source_attributes"]["data_source"];
    json!({
        "label": "created by the browser tests",
        "operation": "upsert",
        "source_attributes": {
            "connection_id": template["source_attributes"]["connection_id"],
            "data_source": { "id": data_source["id"], "type": data_source["type"] },
        },
        "destination_attributes": template["destination_attributes"],
        "mappings": mappings,
        "schedule_frequency": "daily",
        "schedule_hour": 6,
        "schedule_minute": 30,
    })
}

#[wasm_bindgen_test]
async fn syncs_list_and_read_with_their_mappings() {
    let client = client();
    let page = call(
        &client,
        "listSyncs",
        &[js(json!({ "perPage": 3, "order": "asc" }))],
    )
    .await;
    let first = &page["data"][0];
    assert!(first["operation"].is_string());
    let all = call(&client, "listAllSyncs", &[]).await;
    let all = all.as_array().unwrap();
    assert!(all.len() >= 6);
    let iterated = drain(
        client
            .invoke("iterateSyncs", &[js(json!({ "perPage": 4 }))])
            .unwrap(),
    )
    .await;
    assert_eq!(iterated.len(), all.len());
    let one = call(&client, "getSync", &[id(first)]).await;
    assert_eq!(one["id"], first["id"]);
    assert!(one["mappings"].as_array().is_some_and(|m| !m.is_empty()));
    let forms: Vec<&Value> = all
        .iter()
        .flat_map(|s| s["mappings"].as_array().unwrap())
        .map(|m| &m["from"])
        .collect();
    assert!(
        forms.iter().any(|from| from.is_string()),
        "a column mapping"
    );
    assert!(
        forms.iter().any(|from| from.is_object()),
        "a constant or typed mapping"
    );
}

#[wasm_bindgen_test]
async fn a_bad_sync_is_refused_naming_the_member_before_anything_is_sent() {
    let client = client();
    let mut input = sync_input(&client).await;
    let before = attempts("POST /syncs").await;
    input["schedule_hour"] = json!(25);
    let err = refused(&client, "createSync", &[js(input.clone())]).await;
    assert_eq!(text(&err, "name"), "CensusInputError");
    assert_eq!(text(&err, "field"), "schedule_hour");
    input["schedule_hour"] = json!(6);
    input["mappings"][0]["is_primary_identifier"] = json!(false);
    let err = refused(&client, "createSync", &[js(input.clone())]).await;
    assert_eq!(text(&err, "field"), "mappings");
    input["mappings"][0]["from"] = json!(42);
    let err = refused(&client, "createSync", &[js(input.clone())]).await;
    assert_eq!(text(&err, "field"), "mappings[0].from");
    let err = refused(&client, "createSync", &[js(json!([1, 2]))]).await;
    assert_eq!(text(&err, "field"), "input");
    assert_eq!(attempts("POST /syncs").await, before, "nothing was sent");
}

#[wasm_bindgen_test]
async fn a_sync_is_created_whole_validated_updated_and_deleted() {
    let client = client();
    let input = sync_input(&client).await;
    let before = call(&client, "listSyncs", &[]).await["pagination"]["total_records"].clone();
    let validated = ok(client.promise(
        "createSync",
        &[js(input.clone()), js(json!({ "validateOnly": true }))],
    ))
    .await;
    assert!(
        validated.is_undefined(),
        "validateOnly resolves to undefined"
    );
    assert_eq!(
        call(&client, "listSyncs", &[]).await["pagination"]["total_records"],
        before,
        "nothing created"
    );

    let created = call(&client, "createSync", &[js(input.clone())]).await;
    assert!(
        created["id"].as_u64().unwrap() >= 1,
        "the whole sync, read back"
    );
    assert_eq!(created["operation"], "upsert");
    assert_eq!(created["label"], "created by the browser tests");
    let unread = call(
        &client,
        "createSync",
        &[js(input.clone()), js(json!({ "readBack": false }))],
    )
    .await;
    assert!(
        unread["sync_id"].as_u64().is_some(),
        "only the POST's answer"
    );

    let updated = call(
        &client,
        "updateSync",
        &[
            id(&created),
            js(json!({ "paused": true, "schedule_frequency": "never" })),
        ],
    )
    .await;
    assert_eq!(updated["paused"], true);
    assert_eq!(updated["schedule_frequency"], "never");
    let err = refused(&client, "updateSync", &[id(&created), js(json!({}))]).await;
    assert_eq!(text(&err, "name"), "CensusInputError");
    for sync in [&created, &json!({ "id": unread["sync_id"] })] {
        assert_eq!(call(&client, "deleteSync", &[id(sync)]).await, Value::Null);
        let err = refused(&client, "getSync", &[id(sync)]).await;
        assert_eq!(text(&err, "name"), "CensusNotFoundError");
    }
}

// ---- runs --------------------------------------------------------------------------------------

/// The seeded sync labelled `label` (census-local's seeding.rs: "Braze users" completes,
/// "Salesforce leads" always fails with JSON_ARRAY_ERROR, "Weekly signups sheet" always skips).
async fn seeded_sync(client: &CensusClient, label: &str) -> Value {
    let all = call(client, "listAllSyncs", &[]).await;
    all.as_array()
        .unwrap()
        .iter()
        .find(|sync| sync["label"] == label)
        .unwrap_or_else(|| panic!("the seeded sync {label:?}"))
        .clone()
}

async fn completing_sync(client: &CensusClient) -> Value {
    seeded_sync(client, "Braze users").await
}

#[wasm_bindgen_test]
async fn trigger_answers_a_run_id_and_sends_force_full_sync_in_the_query() {
    let client = client();
    let sync = completing_sync(&client).await;
    let triggered = call(
        &client,
        "triggerSync",
        &[id(&sync), js(json!({ "forceFullSync": true }))],
    )
    .await;
    let run_id = triggered["sync_run_id"].as_f64().unwrap();
    let run = call(&client, "getSyncRun", &[run_id.into()]).await;
    assert_eq!(run["sync_id"], sync["id"]);
    assert_eq!(run["full_sync"], true, "force_full_sync reached the server");
    let runs = call(
        &client,
        "listSyncRuns",
        &[id(&sync), js(json!({ "perPage": 1 }))],
    )
    .await;
    assert_eq!(runs["data"][0]["id"], run["id"], "newest first");
    let oldest = call(
        &client,
        "listSyncRuns",
        &[id(&sync), js(json!({ "perPage": 1, "order": "asc" }))],
    )
    .await;
    assert_ne!(oldest["data"][0]["id"], run["id"]);
    let every = drain(
        client
            .invoke("iterateSyncRuns", &[id(&sync), js(json!({ "perPage": 2 }))])
            .unwrap(),
    )
    .await;
    assert_eq!(
        every.len() as u64,
        runs["pagination"]["total_records"].as_u64().unwrap()
    );
    call(
        &client,
        "waitForSyncRun",
        &[run_id.into(), js(json!({ "intervalMs": 50 }))],
    )
    .await;
}

#[wasm_bindgen_test]
async fn trigger_and_wait_resolves_to_the_completed_run_reporting_its_progress() {
    let client = client();
    let sync = completing_sync(&client).await;
    let reports = Array::new();
    let on_progress = Function::new_with_args("r", "this.push(r)").bind0(&reports);
    let run = call(
        &client,
        "triggerSyncAndWait",
        &[
            id(&sync),
            js_with(json!({ "intervalMs": 50 }), "onProgress", &on_progress),
        ],
    )
    .await;
    assert_eq!(run["status"], "completed");
    assert!(run["records_processed"].as_u64().unwrap() > 0);
    let reports: Vec<Value> = reports.iter().map(|r| model(&r)).collect();
    assert!(reports.len() >= 2);
    let last = reports.last().unwrap();
    assert_eq!(last["status"], "completed");
    assert_eq!(last["sync_run_id"], run["id"]);
    assert_eq!(last["records_updated"], run["records_updated"]);
    assert!(last["elapsedMs"].as_u64().is_some() && last["attempts"].as_u64().unwrap() >= 1);
    assert!(
        reports
            .iter()
            .any(|r| r["status"] == "working" || r["status"] == "queued"),
        "the wait saw the run before it finished: {reports:?}"
    );
}

#[wasm_bindgen_test]
async fn a_failed_run_resolves_unless_fail_on_error_and_a_skipped_one_resolves() {
    let client = client();
    let failing = seeded_sync(&client, "Salesforce leads").await;
    let options = || js(json!({ "intervalMs": 50 }));
    let run = call(&client, "triggerSyncAndWait", &[id(&failing), options()]).await;
    assert_eq!(run["status"], "failed");
    assert!(run["error_code"].is_string() && run["error_message"].is_string());
    // The step that ends the wait with the error still reports the run it read.
    let reports = Array::new();
    let on_progress = Function::new_with_args("r", "this.push(r)").bind0(&reports);
    let err = refused(
        &client,
        "triggerSyncAndWait",
        &[
            id(&failing),
            js_with(
                json!({ "intervalMs": 50, "failOnError": true }),
                "onProgress",
                &on_progress,
            ),
        ],
    )
    .await;
    let last: Value = reports.iter().last().map(|r| model(&r)).expect("reports");
    assert_eq!(last["status"], "failed", "{last:?}");
    assert_eq!(text(&err, "name"), "CensusSyncRunError");
    assert_eq!(text(&err, "code"), "sync_run_failed");
    let failed_run = get(&err, "run");
    assert_eq!(text(&failed_run, "status"), "failed");
    assert!(text(&err, "message").contains(&text(&failed_run, "error_code")));
    let skipping = seeded_sync(&client, "Weekly signups sheet").await;
    let run = call(
        &client,
        "triggerSyncAndWait",
        &[
            id(&skipping),
            js(json!({ "intervalMs": 50, "failOnError": true })),
        ],
    )
    .await;
    assert_eq!(run["status"], "skipped");
}

#[wasm_bindgen_test]
async fn a_fault_mid_wait_is_retried_and_the_wait_still_ends() {
    let client = client();
    let sync = completing_sync(&client).await;
    let triggered = call(&client, "triggerSync", &[id(&sync)]).await;
    let run_id = triggered["sync_run_id"].as_u64().unwrap();
    let route = format!("GET /sync_runs/{run_id}");
    add_fault(&route, "503", Some(2)).await;
    let run = call(
        &client,
        "waitForSyncRun",
        &[int(run_id), js(json!({ "intervalMs": 50 }))],
    )
    .await;
    clear_faults().await;
    assert_eq!(run["status"], "completed");
    assert!(attempts(&route).await >= 3, "the two 503s were retried");
}

#[wasm_bindgen_test]
async fn an_abort_mid_wait_rejects_at_once_and_a_timeout_names_the_run() {
    let client = client();
    let sync = completing_sync(&client).await;
    let controller = web_sys::AbortController::new().unwrap();
    let options = js_with(
        json!({ "intervalMs": 2000 }),
        "signal",
        &controller.signal(),
    );
    let waiting = client.promise("triggerSyncAndWait", &[id(&sync), options]);
    sleep(100).await;
    controller.abort();
    let err = fails(waiting).await;
    assert_eq!(text(&err, "name"), "AbortError");

    let triggered = call(&client, "triggerSync", &[id(&sync)]).await;
    let run_id = triggered["sync_run_id"].as_u64().unwrap();
    let err = refused(
        &client,
        "waitForSyncRun",
        &[
            int(run_id),
            js(json!({ "intervalMs": 10, "timeoutMs": 30 })),
        ],
    )
    .await;
    assert_eq!(text(&err, "name"), "CensusTimeoutError");
    assert!(
        text(&err, "message").contains(&format!("run {run_id}")),
        "{}",
        text(&err, "message")
    );
    call(
        &client,
        "waitForSyncRun",
        &[int(run_id), js(json!({ "intervalMs": 50 }))],
    )
    .await;
}

#[wasm_bindgen_test]
async fn wait_options_are_checked_before_anything_is_sent() {
    let client = client();
    let err = refused(
        &client,
        "triggerSyncAndWait",
        &[1.into(), js(json!({ "failOnError": "yes" }))],
    )
    .await;
    assert_eq!(text(&err, "field"), "failOnError");
    let err = refused(
        &client,
        "triggerSync",
        &[1.into(), js(json!({ "forceFull": true }))],
    )
    .await;
    assert_eq!(text(&err, "name"), "CensusInputError");
    let err = refused(&client, "getSyncRun", &[JsValue::from_str("7")]).await;
    assert_eq!(text(&err, "field"), "id");
}
