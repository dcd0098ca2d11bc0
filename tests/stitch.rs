//! Browser tests of `StitchClient` against the local Stitch Connect of a running local Census
//! (`/stitch`), in headless Chromium and Firefox: every method as JavaScript calls it, each of
//! Stitch's error shapes (HTTP 200 ones included), the replication wait with its progress and a
//! failed job, pages followed by their relative links, the per-client pacing of the jobs limit,
//! and the access token kept out of errors and hooks. `scripts/test.sh` starts the server (with
//! `--stitch-token` and `--stitch-job-ms`) and sets `CENSUS_LOCAL_URL`,
//! `CENSUS_LOCAL_STITCH_TOKEN` and `CENSUS_LOCAL_STITCH_JOB_MS`.
//!
//! The seeded account (census-local's `stitch_store::seed`, 7 sources): 120643 postgres, 120644
//! mysql, 120645 hubspot (paused), 120646 shopify, 120647 closeio (its last extraction failed in
//! its tap phase, and its connection check too), 120648 postgres (deleted), 120649 mysql (never
//! ran); client id 116078; one postgres destination, 155582.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

mod common;

use census_wasm::core::stitch_models::{
    StitchConnectionCheck, StitchDestination, StitchExtraction, StitchImportToken,
    StitchImportTokenId, StitchJobStarted, StitchLinks, StitchLoad, StitchReportCard, StitchSource,
    StitchStream, StitchStreamSchema,
};
use common::*;
use js_sys::{Array, Function, Object, Promise, Reflect};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

// `StitchClient` and the error classes as JavaScript sees them (src/js/census.js).
#[wasm_bindgen(module = "/src/js/census.js")]
extern "C" {
    #[wasm_bindgen(js_name = StitchClient)]
    pub type StitchClient;
    #[wasm_bindgen(constructor, catch, js_class = "StitchClient")]
    fn construct(options: &JsValue) -> Result<StitchClient, JsValue>;
    #[wasm_bindgen(method, getter, js_name = baseUrl)]
    fn base_url(this: &StitchClient) -> String;

    #[wasm_bindgen(js_name = CensusError)]
    type CensusErrorClass;
    #[wasm_bindgen(js_name = CensusApiError)]
    type CensusApiErrorClass;
    #[wasm_bindgen(js_name = StitchApiError)]
    type StitchApiErrorClass;
    #[wasm_bindgen(js_name = StitchJobError)]
    type StitchJobErrorClass;
    #[wasm_bindgen(js_name = CensusAuthenticationError)]
    type CensusAuthenticationErrorClass;
    #[wasm_bindgen(js_name = CensusNotFoundError)]
    type CensusNotFoundErrorClass;
}

/// The local Stitch's access token (`--stitch-token`).
const STITCH_TOKEN: &str = match option_env!("CENSUS_LOCAL_STITCH_TOKEN") {
    Some(token) => token,
    None => "census-local-dev-stitch",
};

/// How long a replication job runs on the local Stitch (`--stitch-job-ms`), a third per phase.
fn job_ms() -> i32 {
    option_env!("CENSUS_LOCAL_STITCH_JOB_MS")
        .and_then(|ms| ms.parse().ok())
        .unwrap_or(3000)
}

const CLIENT_ID: u64 = 116_078;
const POSTGRES: u64 = 120_643;
const MYSQL: u64 = 120_644;
const PAUSED: u64 = 120_645;
const SHOPIFY: u64 = 120_646;
const FAILED: u64 = 120_647;
const DELETED: u64 = 120_648;
const NEVER_RAN: u64 = 120_649;
const DESTINATION: u64 = 155_582;
/// The first stream of POSTGRES: `demo-public-customers`, selected, with an unsupported field.
const CUSTOMERS: u64 = 2_288_757;
/// Its second: `demo-public-orders`, not selected.
const ORDERS: u64 = 2_288_758;

fn stitch_base() -> String {
    format!("{SERVER}/stitch")
}

/// `new StitchClient(options)`, as a user's code makes it.
fn new_stitch(options: JsValue) -> Result<StitchClient, JsValue> {
    bound();
    StitchClient::construct(&options)
}

/// A StitchClient on the local Stitch with `pairs` as further options (which may replace the
/// token). Each has its own jobs pacer.
fn stitch_with(pairs: &[(&str, JsValue)]) -> StitchClient {
    let mut all = vec![
        ("baseUrl", JsValue::from_str(&stitch_base())),
        ("accessToken", JsValue::from_str(STITCH_TOKEN)),
    ];
    all.extend(pairs.iter().cloned());
    new_stitch(obj(&all).into()).expect("a StitchClient")
}

fn stitch() -> StitchClient {
    stitch_with(&[])
}

/// `client[name](...args)`, as JavaScript code calls it: a Promise, an iterator, or the throw.
fn invoke(client: &StitchClient, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let method: Function = Reflect::get(client, &JsValue::from_str(name))?.dyn_into()?;
    let list: Array = args.iter().collect();
    method.apply(client, &list)
}

fn promise(client: &StitchClient, name: &str, args: &[JsValue]) -> Promise {
    match invoke(client, name, args) {
        Ok(value) => value
            .dyn_into()
            .unwrap_or_else(|value| Promise::resolve(&value)),
        Err(thrown) => Promise::reject(&thrown),
    }
}

/// What `client[name](...args)` resolves to, as JS.
async fn resolved(client: &StitchClient, name: &str, args: &[JsValue]) -> JsValue {
    ok(promise(client, name, args)).await
}

/// What `client[name](...args)` resolves to, read into `T` (a core model, or `Value`).
async fn call<T: DeserializeOwned>(client: &StitchClient, name: &str, args: &[JsValue]) -> T {
    model(&resolved(client, name, args).await)
}

/// A call that resolves to `undefined` (deletes, stops, metadata updates).
async fn done(client: &StitchClient, name: &str, args: &[JsValue]) {
    let value = resolved(client, name, args).await;
    assert!(
        value.is_undefined(),
        "{name} resolves to undefined: {value:?}"
    );
}

/// The error `client[name](...args)` rejects with.
async fn refused(client: &StitchClient, name: &str, args: &[JsValue]) -> JsValue {
    fails(promise(client, name, args)).await
}

fn js(v: Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).expect("JSON")
}

/// `v` as a JS object with `key` set to a JS value (a function, a signal).
fn js_with(v: Value, key: &str, extra: &JsValue) -> JsValue {
    let object = js(v);
    Reflect::set(&object, &key.into(), extra).expect("set");
    object
}

/// Every item an async iterator yields.
async fn drain<T: DeserializeOwned>(iterator: JsValue) -> Vec<T> {
    let collect = Function::new_with_args(
        "it",
        "return (async () => { const out = []; for await (const x of it) out.push(x); return out; })();",
    );
    let all: Promise = collect
        .call1(&JsValue::NULL, &iterator)
        .expect("for await")
        .unchecked_into();
    let items: Array = JsFuture::from(all)
        .await
        .unwrap_or_else(|err| panic!("iteration failed: {}", text(&err, "message")))
        .unchecked_into();
    items.iter().map(|item| model(&item)).collect()
}

/// A function that pushes its one argument onto `log`.
fn recorder(log: &Array) -> JsValue {
    Function::new_with_args("x", "this.push(x)")
        .bind0(log)
        .into()
}

fn abort_after(ms: i32) -> web_sys::AbortController {
    let controller = web_sys::AbortController::new().expect("AbortController");
    Function::new_with_args("c, ms", "setTimeout(() => c.abort(), ms)")
        .call2(&JsValue::NULL, &controller, &ms.into())
        .expect("setTimeout");
    controller
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Whether `value` is an instance of the JS class `T` (`instanceof`).
fn is<T: JsCast>(value: &JsValue) -> bool {
    value.is_instance_of::<T>()
}

/// Checks a Stitch error answer: its class, `status`, `type` and `apiMessage`.
fn assert_stitch_error(err: &JsValue, status: u16, kind: Option<&str>, api_message: &str) {
    let message = text(err, "message");
    assert!(
        is::<StitchApiErrorClass>(err),
        "a StitchApiError: {message}"
    );
    assert!(is::<CensusApiErrorClass>(err) && is::<CensusErrorClass>(err));
    assert_eq!(text(err, "name"), "StitchApiError", "{message}");
    assert_eq!(text(err, "code"), "api_error");
    assert_eq!(number(err, "status"), f64::from(status), "{message}");
    assert_eq!(get(err, "type").as_string().as_deref(), kind, "{message}");
    let said = text(err, "apiMessage");
    assert!(said.contains(api_message), "apiMessage {said:?}");
    assert!(
        message.contains(api_message),
        "the message says it: {message}"
    );
}

/// A `CensusNotFoundError` for one of Stitch's "cannot find" 400s, its `type` and words kept.
fn assert_not_found(err: &JsValue, kind: Option<&str>, api_message: &str) {
    let message = text(err, "message");
    assert!(is::<CensusNotFoundErrorClass>(err), "{message}");
    assert_eq!(text(err, "code"), "not_found");
    assert_eq!(number(err, "status"), 400.0, "{message}");
    assert_eq!(get(err, "type").as_string().as_deref(), kind, "{message}");
    assert!(text(err, "apiMessage").contains(api_message), "{message}");
    assert!(message.contains(" was not found (HTTP 400: "), "{message}");
}

fn assert_input_error(err: &JsValue, field: &str) {
    assert_eq!(
        text(err, "name"),
        "CensusInputError",
        "{}",
        text(err, "message")
    );
    assert_eq!(text(err, "field"), field, "{}", text(err, "message"));
}

// ---- the local server ----------------------------------------------------------------------------

/// Reseeds the local Census and Stitch (and clears fault rules, the attempt log and the jobs count).
async fn reset() {
    control("POST", "/__control/reset", None).await;
}

/// `GET /__control/stitch/jobs`.
#[derive(Debug, Deserialize)]
struct Jobs {
    count: u64,
    total: u64,
    refused: u64,
}

async fn jobs() -> Jobs {
    serde_json::from_value(control("GET", "/__control/stitch/jobs", None).await).expect("jobs")
}

async fn clear_jobs() {
    control("DELETE", "/__control/stitch/jobs", None).await;
}

/// `GET /__control/attempts`, every route's count summed for routes starting with `prefix`.
async fn attempts_under(prefix: &str) -> u64 {
    let log = control("GET", "/__control/attempts", None).await;
    log["counts"]
        .as_object()
        .expect("counts")
        .iter()
        .filter(|(route, _)| route.starts_with(prefix))
        .map(|(_, n)| n.as_u64().unwrap_or(0))
        .sum()
}

// ---- the shapes the client resolves to -------------------------------------------------------------

/// `listExtractions` / `listLoads`: Stitch's page and the client's paging helpers.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Paged<T> {
    data: Vec<T>,
    page: Option<u32>,
    total: Option<u64>,
    links: StitchLinks,
    has_next_page: bool,
    next_page: Option<u32>,
}

/// What `startReplicationAndWait`'s `onProgress` receives.
#[derive(Debug, Deserialize)]
struct Progress {
    status: String,
    job_name: Option<String>,
    source_id: u64,
    attempts: u32,
    #[serde(rename = "elapsedMs")]
    elapsed_ms: f64,
}

fn keys_of(value: &JsValue) -> Vec<String> {
    let mut keys: Vec<String> = Object::keys(value.unchecked_ref::<Object>())
        .iter()
        .filter_map(|key| key.as_string())
        .collect();
    keys.sort();
    keys
}

// ---- the client --------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn a_stitch_client_is_its_own_class_on_its_base_url() {
    let client = stitch();
    assert!(is::<StitchClient>(&client));
    assert!(!is::<CensusClient>(&client), "not a CensusClient");
    assert_eq!(client.base_url(), stitch_base());
    // The Census methods are not there, nor the Stitch ones on a CensusClient.
    assert!(get(&client, "listSyncs").is_undefined());
    assert!(get(&common::client(), "startReplication").is_undefined());
    assert!(get(&client, "startReplicationAndWait").is_function());
}

#[wasm_bindgen_test]
async fn a_freed_stitch_client_refuses_calls_and_frees_once() {
    let client = stitch();
    let free: Function = get(&client, "free").unchecked_into();
    free.call0(&client).expect("free");
    free.call0(&client).expect("freeing again does nothing");
    let err = refused(&client, "listSources", &[]).await;
    assert!(is::<CensusErrorClass>(&err));
    assert_eq!(text(&err, "code"), "invalid_config");
    assert!(
        text(&err, "message").contains("this StitchClient was freed"),
        "{}",
        text(&err, "message")
    );
    let err = invoke(&client, "iterateLoads", &[int(CLIENT_ID)]).expect_err("iterate… throws");
    assert!(text(&err, "message").contains("StitchClient was freed"));
    // What it was made with stays readable.
    let base = Reflect::get(&client, &"baseUrl".into()).expect("baseUrl once freed");
    assert_eq!(base.as_string().as_deref(), Some(stitch_base().as_str()));
}

/// A StitchClient whose fetch answers every request with `status` and the JSON `body`.
fn answering(status: u16, body: &str) -> StitchClient {
    let fetch = Function::new_with_args(
        "request",
        &format!(
            "return Promise.resolve(new Response({body:?}, {{ status: {status}, headers: {{ 'content-type': 'application/json' }} }}));"
        ),
    );
    stitch_with(&[("fetch", fetch.into()), ("retry", false.into())])
}

#[wasm_bindgen_test]
async fn every_stitch_error_shape_becomes_one_error_with_its_status_type_and_message() {
    // The shapes the local Stitch does not send, answered by a fetch of the test's own.
    let cases: [(u16, &str, &str, Option<&str>, &str); 7] = [
        (
            422,
            r#"{"code":"BadRequest","message":"bad cron"}"#,
            "StitchApiError",
            Some("BadRequest"),
            "bad cron",
        ),
        (
            200,
            r#"{"code":"BadRequest","message":"on 200"}"#,
            "StitchApiError",
            Some("BadRequest"),
            "on 200",
        ),
        (
            500,
            r#""internal error""#,
            "StitchApiError",
            None,
            "internal error",
        ),
        (
            200,
            r#"{"error":{"type":"already_running","message":"busy"}}"#,
            "StitchApiError",
            Some("already_running"),
            "busy",
        ),
        (
            400,
            r#"{"error":"InvalidBody","data":{"message":"no"}}"#,
            "StitchApiError",
            Some("InvalidBody"),
            "no",
        ),
        (
            404,
            r#""no such thing""#,
            "CensusNotFoundError",
            None,
            "no such thing",
        ),
        (
            403,
            r#"{"error":{"type":"forbidden","message":"not yours"}}"#,
            "CensusAuthenticationError",
            Some("forbidden"),
            "not yours",
        ),
    ];
    for (status, body, class, kind, said) in cases {
        let err = refused(&answering(status, body), "getSource", &[int(POSTGRES)]).await;
        let message = text(&err, "message");
        assert_eq!(text(&err, "name"), class, "{body}: {message}");
        assert_eq!(number(&err, "status"), f64::from(status), "{body}");
        assert_eq!(get(&err, "type").as_string().as_deref(), kind, "{body}");
        assert_eq!(text(&err, "apiMessage"), said, "{body}");
        assert!(message.contains(said), "{body}: {message}");
    }
    // A connection check's `error: true` and a `message` on success are not errors.
    let check: StitchConnectionCheck = call(
        &answering(
            200,
            r#"{"status":"failed","error":true,"message":"checked"}"#,
        ),
        "getLastConnectionCheck",
        &[int(POSTGRES)],
    )
    .await;
    assert_eq!(check.error, Some(true));
    // An answer that is not JSON, or not a source, is a CensusResponseError naming the path.
    let err = refused(&answering(200, "[1, 2]"), "getSource", &[int(POSTGRES)]).await;
    assert_eq!(
        text(&err, "name"),
        "CensusResponseError",
        "{}",
        text(&err, "message")
    );
    let err = refused(
        &answering(200, r#"{"id":"120643"}"#),
        "getSource",
        &[int(POSTGRES)],
    )
    .await;
    assert_eq!(text(&err, "name"), "CensusResponseError");
    assert_eq!(text(&err, "path"), "id");
    let err = refused(
        &answering(200, r#"[{"stream_id":1},{"stream_id":-2}]"#),
        "listStreams",
        &[int(POSTGRES)],
    )
    .await;
    assert_eq!(
        text(&err, "path"),
        "[1].stream_id",
        "{}",
        text(&err, "message")
    );
    let err = refused(
        &answering(
            200,
            r#"{"data":[{"source_id":1}],"page":1,"links":{"next":5}}"#,
        ),
        "listExtractions",
        &[int(CLIENT_ID)],
    )
    .await;
    assert_eq!(
        text(&err, "name"),
        "CensusResponseError",
        "{}",
        text(&err, "message")
    );
}

#[wasm_bindgen_test]
async fn a_stitch_client_takes_its_own_options() {
    reset().await;
    let default = new_stitch(JsValue::UNDEFINED).expect("no options");
    assert_eq!(default.base_url(), "https://api.stitchdata.com");
    // A Census option is refused, naming it and not echoing its value.
    let err = new_stitch(obj(&[("apiToken", TOKEN.into())]).into())
        .err()
        .expect("apiToken is CensusClient's");
    assert_input_error(&err, "apiToken");
    assert_eq!(text(&err, "code"), "invalid_config");
    assert!(text(&err, "message").contains("accessToken"));
    assert!(!everything_of(&err).contains(TOKEN));
    let err = new_stitch(obj(&[("baseUrl", "http://api.stitchdata.com".into())]).into())
        .err()
        .expect("http: only on localhost");
    assert_input_error(&err, "baseUrl");
    // A base URL with a trailing slash reaches the same routes.
    let slashed = stitch_with(&[("baseUrl", format!("{}/", stitch_base()).into())]);
    let sources: Vec<StitchSource> = call(&slashed, "listSources", &[]).await;
    assert_eq!(sources.len(), 7);
    // Without a token nothing opens: the local Stitch, like Stitch, has no tokenless access.
    let tokenless = new_stitch(obj(&[("baseUrl", stitch_base().into())]).into())
        .expect("a client for a proxy that adds the token");
    let err = refused(&tokenless, "listSources", &[]).await;
    assert_eq!(text(&err, "name"), "CensusAuthenticationError");
}

// ---- sources -----------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn sources_list_active_paused_and_deleted_alike_and_read_by_number_or_digits() {
    reset().await;
    let client = stitch();
    let sources: Vec<StitchSource> = call(&client, "listSources", &[]).await;
    let ids: Vec<u64> = sources.iter().map(|s| s.id).collect();
    assert_eq!(
        ids,
        [POSTGRES, MYSQL, PAUSED, SHOPIFY, FAILED, DELETED, NEVER_RAN]
    );
    let by_id = |id: u64| sources.iter().find(|s| s.id == id).unwrap();
    let paused = by_id(PAUSED);
    assert!(paused.paused_at.is_some() && paused.deleted_at.is_none());
    let deleted = by_id(DELETED);
    assert!(deleted.deleted_at.is_some(), "deleted sources stay listed");
    let active: Vec<&StitchSource> = sources
        .iter()
        .filter(|s| s.paused_at.is_none() && s.deleted_at.is_none())
        .collect();
    assert_eq!(active.len(), 5);
    assert!(
        sources
            .iter()
            .all(|s| s.stitch_client_id == Some(CLIENT_ID))
    );
    let postgres = by_id(POSTGRES);
    assert_eq!(postgres.source_type.as_deref(), Some("platform.postgres"));
    assert_eq!(postgres.display_name.as_deref(), Some("Postgres 1"));
    assert_eq!(postgres.name.as_deref(), Some("postgres_1"));
    let properties = postgres.properties.as_ref().unwrap();
    assert_eq!(properties["host"], "db0.example.test");
    assert!(
        !properties.contains_key("password"),
        "credentials are never shown"
    );
    let card = postgres.report_card.as_ref().unwrap();
    assert_eq!(card.report_type, "platform.postgres");
    assert_eq!(card.current_step_type.as_deref(), Some("fully_configured"));

    let one: StitchSource = call(&client, "getSource", &[int(POSTGRES)]).await;
    assert_eq!(&one, postgres);
    let by_digits: StitchSource = call(&client, "getSource", &["120643".into()]).await;
    assert_eq!(
        &by_digits, postgres,
        "an id as its digits, as the OpenAPI file types it"
    );
    let gone: StitchSource = call(&client, "getSource", &[int(DELETED)]).await;
    assert_eq!(&gone, deleted);

    let err = refused(&client, "getSource", &[int(999_999)]).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    assert_eq!(number(&err, "status"), 404.0);
    assert!(text(&err, "message").contains("Stitch source 999999"));
    assert_eq!(text(&err, "apiMessage"), "source not found (999999)");
    assert_eq!(text(&err, "type"), "not_found");

    let before = attempts_under("GET /stitch/v4/sources").await;
    for bad in [
        JsValue::from_str("12a"),
        JsValue::from_str(""),
        JsValue::from_f64(0.0),
        JsValue::from_f64(-3.0),
        JsValue::from_f64(1.5),
        JsValue::NULL,
    ] {
        let err = refused(&client, "getSource", &[bad]).await;
        assert_input_error(&err, "sourceId");
    }
    assert_eq!(
        attempts_under("GET /stitch/v4/sources").await,
        before,
        "a refused id sends nothing"
    );
}

#[wasm_bindgen_test]
async fn a_source_is_created_with_its_streams_and_bad_input_is_refused_naming_the_field() {
    reset().await;
    let client = stitch();
    let created: StitchSource = call(
        &client,
        "createSource",
        &[js(json!({
            "type": "platform.postgres",
            "display_name": "Orders DB",
            "properties": { "host": "db.example.com", "password": "hunter2" },
        }))],
    )
    .await;
    assert!(created.id > NEVER_RAN, "a new id: {}", created.id);
    assert_eq!(created.display_name.as_deref(), Some("Orders DB"));
    assert_eq!(created.name.as_deref(), Some("orders_db"), "derived");
    assert_eq!(created.source_type.as_deref(), Some("platform.postgres"));
    let properties = created.properties.clone().unwrap();
    assert_eq!(properties["host"], "db.example.com");
    assert!(!properties.contains_key("password"));
    let card = created.report_card.clone().unwrap();
    assert_eq!(card.current_step, Some(1), "the form is not complete yet");
    let read: StitchSource = call(&client, "getSource", &[int(created.id)]).await;
    assert_eq!(read, created);
    let streams: Vec<StitchStream> = call(&client, "listStreams", &[int(created.id)]).await;
    let taps: Vec<&str> = streams
        .iter()
        .map(|s| s.tap_stream_id.as_deref().unwrap())
        .collect();
    assert_eq!(taps, ["demo-public-customers", "demo-public-orders"]);
    let named: StitchSource = call(
        &client,
        "createSource",
        &[js(
            json!({ "type": "platform.closeio", "display_name": "Leads", "name": "crm_leads" }),
        )],
    )
    .await;
    assert_eq!(named.name.as_deref(), Some("crm_leads"));

    // Refused before anything is sent, naming the member.
    let before = attempts_under("POST /stitch/v4/sources").await;
    for (input, field) in [
        (json!({ "type": "platform.postgres" }), "display_name"),
        (json!({ "display_name": "No type" }), "type"),
        (json!({ "type": "", "display_name": "Empty type" }), "type"),
        (
            json!({ "type": "platform.postgres", "display_name": "  " }),
            "display_name",
        ),
        (
            json!({ "type": "platform.postgres", "display_name": "X", "name": "Not A Schema" }),
            "name",
        ),
        (
            json!({ "type": "platform.postgres", "display_name": "X", "properties": "host=a" }),
            "properties",
        ),
        (json!([1, 2]), "input"),
    ] {
        let err = refused(&client, "createSource", &[js(input.clone())]).await;
        assert_input_error(&err, field);
    }
    assert_eq!(
        attempts_under("POST /stitch/v4/sources").await,
        before,
        "nothing was sent"
    );

    // A member the input does not list: Stitch would refuse the whole body (`InvalidBody`), so
    // the client refuses it first, naming it, and sends nothing.
    let err = refused(
        &client,
        "createSource",
        &[js(
            json!({ "type": "platform.postgres", "display_name": "X", "label": "misspelt" }),
        )],
    )
    .await;
    assert_input_error(&err, "label");
    // Refused by Stitch: `{ error: "<Code>", data: { message } }`.
    for (input, kind, api_message) in [
        (
            json!({ "type": "platform.nope", "display_name": "Nope" }),
            "InvalidType",
            "invalid source type (platform.nope)",
        ),
        (
            json!({ "type": "platform.mysql", "display_name": "Orders DB" }),
            "InvalidName",
            "non-unique name",
        ),
        (
            json!({ "type": "platform.mysql", "display_name": "Shop", "properties": { "hostname": "x" } }),
            "InvalidProperties",
            "properties do not match schema",
        ),
    ] {
        let err = refused(&client, "createSource", &[js(input)]).await;
        assert_stitch_error(&err, 400, Some(kind), api_message);
    }
    let all: Vec<StitchSource> = call(&client, "listSources", &[]).await;
    assert_eq!(all.len(), 9, "the seven seeded and the two created");
}

/// Stitch's rule for a source's `name` (its InvalidName message, stitchdata/docs
/// `_data/connect/response-codes/sources.yml`): under 50 characters, "lowercase letters,
/// numbers, underscores, or dollar signs", beginning with a letter or an underscore. The local
/// Stitch applies that rule; the client must not refuse a name Stitch accepts.
#[wasm_bindgen_test]
async fn a_source_name_with_a_dollar_sign_is_sent_as_stitch_accepts_it() {
    reset().await;
    let client = stitch();
    let created = ok(promise(
        &client,
        "createSource",
        &[js(
            json!({ "type": "platform.mysql", "display_name": "Shop v2", "name": "shop$v2" }),
        )],
    ))
    .await;
    let created: StitchSource = model(&created);
    assert_eq!(created.name.as_deref(), Some("shop$v2"));
    // Names Stitch refuses are still refused before anything is sent.
    for bad in ["$shop", "Shop", "shop-v2", &"s".repeat(50)] {
        let err = refused(
            &client,
            "createSource",
            &[js(
                json!({ "type": "platform.mysql", "display_name": "Bad name", "name": bad }),
            )],
        )
        .await;
        assert_input_error(&err, "name");
    }
}

#[wasm_bindgen_test]
async fn a_source_is_updated_paused_unpaused_and_deleted_as_a_fresh_read_shows() {
    reset().await;
    let client = stitch();
    let updated: StitchSource = call(
        &client,
        "updateSource",
        &[int(POSTGRES), js(json!({ "display_name": "Orders" }))],
    )
    .await;
    assert_eq!(updated.display_name.as_deref(), Some("Orders"));
    assert_eq!(
        updated.name.as_deref(),
        Some("postgres_1"),
        "the name stays"
    );
    let fresh: StitchSource = call(&client, "getSource", &[int(POSTGRES)]).await;
    assert_eq!(fresh.display_name.as_deref(), Some("Orders"));
    let updated: StitchSource = call(
        &client,
        "updateSource",
        &[
            "120643".into(),
            js(json!({ "properties": { "ssl": "true" } })),
        ],
    )
    .await;
    assert_eq!(updated.properties.unwrap()["ssl"], "true");
    let err = refused(&client, "updateSource", &[int(POSTGRES), js(json!({}))]).await;
    assert_eq!(
        text(&err, "name"),
        "CensusInputError",
        "an update needs a member"
    );
    let err = refused(
        &client,
        "updateSource",
        &[int(POSTGRES), js(json!({ "display_name": "" }))],
    )
    .await;
    assert_input_error(&err, "display_name");
    let err = refused(
        &client,
        "updateSource",
        &[int(POSTGRES), js(json!({ "paused_at": 5 }))],
    )
    .await;
    assert_input_error(&err, "paused_at");
    let err = refused(
        &client,
        "updateSource",
        &[int(POSTGRES), js(json!({ "displayName": "x" }))],
    )
    .await;
    // Stitch refuses such a body ("PUT body may only include the keys …"): refused first, named.
    assert_input_error(&err, "displayName");

    let asked = now_ms();
    let paused: StitchSource = call(&client, "pauseSource", &[int(MYSQL)]).await;
    let at = paused.paused_at.clone().expect("paused_at set");
    assert!(
        at.ends_with('Z') && at.len() == 20,
        "ISO 8601 to the second: {at}"
    );
    let stamped = js_sys::Date::parse(&at);
    assert!(
        (stamped - asked).abs() < 60_000.0,
        "paused now: {at} ({stamped} vs {asked})"
    );
    let fresh: StitchSource = call(&client, "getSource", &[int(MYSQL)]).await;
    assert_eq!(fresh.paused_at, Some(at));
    let unpaused: StitchSource = call(&client, "unpauseSource", &["120644".into()]).await;
    assert_eq!(unpaused.paused_at, None);
    let fresh: StitchSource = call(&client, "getSource", &[int(MYSQL)]).await;
    assert_eq!(fresh.paused_at, None, "unpaused on the server");
    let seeded_pause: StitchSource = call(&client, "unpauseSource", &[int(PAUSED)]).await;
    assert_eq!(seeded_pause.paused_at, None);
    let repaused: StitchSource = call(
        &client,
        "updateSource",
        &[
            int(PAUSED),
            js(json!({ "paused_at": "2026-02-03T04:05:06Z" })),
        ],
    )
    .await;
    assert_eq!(repaused.paused_at.as_deref(), Some("2026-02-03T04:05:06Z"));
    let unpaused: StitchSource = call(
        &client,
        "updateSource",
        &[int(PAUSED), js(json!({ "paused_at": null }))],
    )
    .await;
    assert_eq!(unpaused.paused_at, None, "paused_at: null unpauses");

    done(&client, "deleteSource", &[int(SHOPIFY)]).await;
    let gone: StitchSource = call(&client, "getSource", &[int(SHOPIFY)]).await;
    assert!(gone.deleted_at.is_some(), "deleted_at set: {gone:?}");
    let listed: Vec<StitchSource> = call(&client, "listSources", &[]).await;
    assert!(
        listed
            .iter()
            .any(|s| s.id == SHOPIFY && s.deleted_at.is_some())
    );
    let err = refused(
        &client,
        "updateSource",
        &[int(SHOPIFY), js(json!({ "display_name": "Back" }))],
    )
    .await;
    // Stitch's 400 InvalidId "source not found (…)": not found to a caller.
    assert_not_found(&err, Some("InvalidId"), "source not found (120646)");
    let err = refused(&client, "deleteSource", &[int(999_999)]).await;
    assert_not_found(&err, Some("InvalidId"), "source not found (999999)");
}

#[wasm_bindgen_test]
async fn connection_checks_read_even_a_failed_one_whose_error_is_true() {
    reset().await;
    let client = stitch();
    let check: StitchConnectionCheck =
        call(&client, "getLastConnectionCheck", &[int(POSTGRES)]).await;
    assert_eq!(check.status.as_deref(), Some("succeeded"));
    assert_eq!(check.error, Some(false));
    assert_eq!(check.mode.as_deref(), Some("check"));
    assert!(check.name.unwrap().starts_with("116078.120643.check."));
    // `error: true` is a check's outcome, not one of Stitch's error shapes.
    let failed: StitchConnectionCheck =
        call(&client, "getLastConnectionCheck", &["120647".into()]).await;
    assert_eq!(failed.status.as_deref(), Some("failed"));
    assert_eq!(failed.error, Some(true));
    assert_eq!(failed.discovery_exit_status, Some(json!(1)));
    assert!(
        failed
            .discovery_error_message
            .unwrap()
            .contains("password authentication failed")
    );
    let destination: StitchConnectionCheck = call(
        &client,
        "getDestinationLastConnectionCheck",
        &[int(DESTINATION)],
    )
    .await;
    assert_eq!(destination.status.as_deref(), Some("succeeded"));
    assert!(destination.completion_time.is_some());

    // A new source has no check until its form is complete.
    let created: StitchSource = call(
        &client,
        "createSource",
        &[js(
            json!({ "type": "platform.closeio", "display_name": "CRM" }),
        )],
    )
    .await;
    let err = refused(&client, "getLastConnectionCheck", &[int(created.id)]).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    assert!(text(&err, "apiMessage").contains("no connection check"));
    call::<StitchSource>(
        &client,
        "updateSource",
        &[
            int(created.id),
            js(json!({ "properties": { "api_key": "k", "start_date": "2026-01-01T00:00:00Z" } })),
        ],
    )
    .await;
    let check: StitchConnectionCheck =
        call(&client, "getLastConnectionCheck", &[int(created.id)]).await;
    assert_eq!(check.status.as_deref(), Some("succeeded"));
    let err = refused(&client, "getDestinationLastConnectionCheck", &[int(1)]).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
}

// ---- replication -------------------------------------------------------------------------------

/// The extraction of `source` on page 1 (under the jobs limit: one request).
async fn extraction_of(client: &StitchClient, source: u64) -> StitchExtraction {
    let page: Paged<StitchExtraction> = call(client, "listExtractions", &[int(CLIENT_ID)]).await;
    page.data
        .into_iter()
        .find(|e| e.source_id == source)
        .unwrap_or_else(|| panic!("an extraction of {source}"))
}

#[wasm_bindgen_test]
async fn a_replication_starts_once_at_a_time_is_stopped_and_never_runs_on_a_deleted_source() {
    reset().await;
    let client = stitch();
    let started: StitchJobStarted = call(&client, "startReplication", &[int(POSTGRES)]).await;
    assert!(
        started.job_name.starts_with("116078.120643.sync."),
        "{}",
        started.job_name
    );
    // Stitch answers `already_running` with HTTP 200: still an error.
    let err = refused(&client, "startReplication", &["120643".into()]).await;
    assert_stitch_error(
        &err,
        200,
        Some("already_running"),
        "because one already exists",
    );
    assert!(
        text(&err, "message").contains("HTTP 200"),
        "{}",
        text(&err, "message")
    );
    let running = extraction_of(&client, POSTGRES).await;
    assert_eq!(running.job_name.as_deref(), Some(started.job_name.as_str()));
    assert_eq!(running.completion_time, None, "still running");

    done(&client, "stopReplication", &[int(POSTGRES)]).await;
    let stopped = extraction_of(&client, POSTGRES).await;
    assert_eq!(stopped.job_name.as_deref(), Some(started.job_name.as_str()));
    assert!(stopped.completion_time.is_some(), "a stopped job ends");
    let exits = [
        &stopped.discovery_exit_status,
        &stopped.tap_exit_status,
        &stopped.target_exit_status,
    ];
    assert_eq!(exits, [&None; 3], "terminated, no exit status: {stopped:?}");
    assert_eq!(stopped.tap_description.as_deref(), Some("Terminated"));
    let again: StitchJobStarted = call(&client, "startReplication", &[int(POSTGRES)]).await;
    assert_ne!(again.job_name, started.job_name, "a new job once stopped");
    done(&client, "stopReplication", &["120643".into()]).await;
    done(&client, "stopReplication", &[int(POSTGRES)]).await; // none running: still fine

    let err = refused(&client, "startReplication", &[int(DELETED)]).await;
    assert_stitch_error(&err, 400, Some("invalid_source"), "Integration is deleted.");
    // An unknown source's "Unable to locate source(…)" is not found; a deleted one's is not.
    for name in ["startReplication", "stopReplication"] {
        let err = refused(&client, name, &[int(999_999)]).await;
        assert_not_found(
            &err,
            Some("invalid_source"),
            "Unable to locate source(999999)",
        );
        assert!(
            text(&err, "message").starts_with("Stitch source 999999 was not found"),
            "{}",
            text(&err, "message")
        );
    }
    done(&client, "deleteSource", &[int(MYSQL)]).await;
    let err = refused(&client, "startReplication", &[int(MYSQL)]).await;
    assert_eq!(
        get(&err, "type").as_string().as_deref(),
        Some("invalid_source")
    );
}

/// The order of a replication's reported statuses.
fn rank(status: &str) -> usize {
    [
        "started",
        "waiting",
        "discovery",
        "tap",
        "target",
        "succeeded",
        "failed",
    ]
    .iter()
    .position(|s| *s == status)
    .unwrap_or_else(|| panic!("an unknown status {status:?}"))
}

#[wasm_bindgen_test]
async fn start_and_wait_reports_each_phase_in_order_and_resolves_to_the_finished_extraction() {
    reset().await;
    let client = stitch();
    let reports = Array::new();
    let extraction: StitchExtraction = call(
        &client,
        "startReplicationAndWait",
        &[
            int(MYSQL),
            js_with(
                json!({ "intervalMs": 50, "maxIntervalMs": 100 }),
                "onProgress",
                &recorder(&reports),
            ),
        ],
    )
    .await;
    assert_eq!(extraction.source_id, MYSQL);
    assert!(extraction.completion_time.is_some(), "{extraction:?}");
    for status in [
        &extraction.discovery_exit_status,
        &extraction.tap_exit_status,
        &extraction.target_exit_status,
    ] {
        assert_eq!(status, &Some(json!(0)), "{extraction:?}");
    }
    assert_eq!(extraction.stitch_client_id, Some(CLIENT_ID));
    let job_name = extraction.job_name.clone().unwrap();
    assert!(job_name.starts_with("116078.120644.sync."), "{job_name}");

    let reports: Vec<Progress> = reports.iter().map(|r| model(&r)).collect();
    let statuses: Vec<&str> = reports.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(statuses.first(), Some(&"started"), "{statuses:?}");
    assert_eq!(
        reports[0].attempts, 0,
        "the start is reported before any check"
    );
    assert_eq!(statuses.last(), Some(&"succeeded"), "{statuses:?}");
    assert!(
        statuses.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
        "in order: {statuses:?}"
    );
    for phase in ["discovery", "tap", "target"] {
        assert!(statuses.contains(&phase), "{phase} seen: {statuses:?}");
    }
    assert!(!statuses.contains(&"failed"));
    for report in &reports {
        assert_eq!(report.source_id, MYSQL);
        assert_eq!(report.job_name.as_deref(), Some(job_name.as_str()));
    }
    assert!(reports.windows(2).all(|w| w[0].attempts <= w[1].attempts));
    assert!(
        reports
            .windows(2)
            .all(|w| w[0].elapsed_ms <= w[1].elapsed_ms)
    );
    let last = reports.last().unwrap();
    assert!(last.elapsed_ms >= f64::from(job_ms()) * 0.9, "{last:?}");
    // It is the extraction Stitch lists now.
    assert_eq!(extraction_of(&client, MYSQL).await, extraction);
}

#[wasm_bindgen_test]
async fn a_replication_stopped_mid_way_rejects_with_a_stitch_job_error_holding_its_extraction() {
    reset().await;
    let client = stitch();
    let reports = Array::new();
    let waiting = promise(
        &client,
        "startReplicationAndWait",
        &[
            int(POSTGRES),
            js_with(
                json!({ "intervalMs": 50, "maxIntervalMs": 100 }),
                "onProgress",
                &recorder(&reports),
            ),
        ],
    );
    // Mid-way through the tap phase (a third of the job each), another caller stops it.
    sleep(job_ms() / 2).await;
    done(&stitch(), "stopReplication", &[int(POSTGRES)]).await;
    let err = fails(waiting).await;
    assert!(is::<StitchJobErrorClass>(&err), "{}", text(&err, "message"));
    assert!(is::<CensusErrorClass>(&err) && !is::<CensusApiErrorClass>(&err));
    assert_eq!(text(&err, "name"), "StitchJobError");
    assert_eq!(text(&err, "code"), "replication_failed");
    let extraction: StitchExtraction = model(&get(&err, "extraction"));
    assert_eq!(extraction.source_id, POSTGRES);
    assert!(extraction.completion_time.is_some());
    // Stitch's terminated job (stitchdata/docs, "List last extractions"): completed, every exit
    // status null, every phase described "Terminated"; the wait names the first phase.
    for (status, why) in [
        (
            &extraction.discovery_exit_status,
            &extraction.discovery_description,
        ),
        (&extraction.tap_exit_status, &extraction.tap_description),
        (
            &extraction.target_exit_status,
            &extraction.target_description,
        ),
    ] {
        assert_eq!(status, &None, "{extraction:?}");
        assert_eq!(why.as_deref(), Some("Terminated"), "{extraction:?}");
    }
    let message = text(&err, "message");
    let job_name = extraction.job_name.clone().unwrap();
    for said in [
        "Stitch source 120643",
        "was terminated before it finished",
        "(no phase has an exit status: Terminated)",
        &job_name,
    ] {
        assert!(message.contains(said), "{said:?} in {message}");
    }
    let reports: Vec<Progress> = reports.iter().map(|r| model(&r)).collect();
    assert!(
        reports
            .iter()
            .all(|r| r.job_name.as_deref() == Some(job_name.as_str())),
        "the job it started: {reports:?}"
    );
    let statuses: Vec<&str> = reports.iter().map(|r| r.status.as_str()).collect();
    assert!(statuses.contains(&"discovery"), "{statuses:?}");
    assert_eq!(statuses.last(), Some(&"failed"), "{statuses:?}");
    assert_eq!(extraction_of(&client, POSTGRES).await, extraction);

    // The seeded failure of source 120647 is its last job's: a new one runs afresh.
    let seeded = extraction_of(&client, FAILED).await;
    assert_eq!(seeded.tap_exit_status, Some(json!(1)));
    assert!(seeded.tap_description.unwrap().contains("401"));
}

#[wasm_bindgen_test]
async fn a_replication_wait_ends_on_abort_and_on_its_timeout_naming_the_job() {
    reset().await;
    let client = stitch();
    let controller = abort_after(150);
    let began = now_ms();
    let err = refused(
        &client,
        "startReplicationAndWait",
        &[
            int(SHOPIFY),
            js_with(json!({ "intervalMs": 50 }), "signal", &controller.signal()),
        ],
    )
    .await;
    assert_eq!(
        text(&err, "name"),
        "AbortError",
        "{}",
        text(&err, "message")
    );
    assert!(
        now_ms() - began < f64::from(job_ms()),
        "at once, not at the job's end"
    );
    done(&client, "stopReplication", &[int(SHOPIFY)]).await;

    let err = refused(
        &client,
        "startReplicationAndWait",
        &[
            int(SHOPIFY),
            js(json!({ "intervalMs": 20, "timeoutMs": 200 })),
        ],
    )
    .await;
    assert_eq!(
        text(&err, "name"),
        "CensusTimeoutError",
        "{}",
        text(&err, "message")
    );
    let message = text(&err, "message");
    assert!(
        message.contains("the replication of Stitch source 120646 (\"116078.120646.sync."),
        "{message}"
    );
    // The job itself runs on: starting another is refused.
    let err = refused(&client, "startReplication", &[int(SHOPIFY)]).await;
    assert_eq!(
        get(&err, "type").as_string().as_deref(),
        Some("already_running")
    );
    // A wait on a deleted source fails at its start.
    let err = refused(
        &client,
        "startReplicationAndWait",
        &[int(DELETED), js(json!({ "intervalMs": 50 }))],
    )
    .await;
    assert_stitch_error(&err, 400, Some("invalid_source"), "Integration is deleted.");
    let err = refused(
        &client,
        "startReplicationAndWait",
        &[int(MYSQL), js(json!({ "failOnError": true }))],
    )
    .await;
    assert_input_error(&err, "failOnError");
}

#[wasm_bindgen_test]
async fn a_replication_started_earlier_is_waited_for_by_its_job_name() {
    reset().await;
    let client = stitch();
    let started: StitchJobStarted = call(&client, "startReplication", &[int(SHOPIFY)]).await;
    let reports = Array::new();
    let extraction: StitchExtraction = call(
        &client,
        "waitForReplication",
        &[
            "120646".into(),
            started.job_name.clone().into(),
            js_with(
                json!({ "intervalMs": 50, "maxIntervalMs": 100 }),
                "onProgress",
                &recorder(&reports),
            ),
        ],
    )
    .await;
    assert_eq!(extraction.source_id, SHOPIFY);
    assert_eq!(
        extraction.job_name.as_deref(),
        Some(started.job_name.as_str())
    );
    assert!(extraction.completion_time.is_some());
    assert_eq!(extraction.tap_exit_status, Some(json!(0)));
    let reports: Vec<Progress> = reports.iter().map(|r| model(&r)).collect();
    let statuses: Vec<&str> = reports.iter().map(|r| r.status.as_str()).collect();
    assert!(
        statuses.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
        "in order: {statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&"succeeded"), "{statuses:?}");
    assert!(
        statuses.contains(&"tap") || statuses.contains(&"target"),
        "seen running: {statuses:?}"
    );
    assert!(
        reports
            .iter()
            .all(|r| r.job_name.as_deref() == Some(started.job_name.as_str())
                && r.source_id == SHOPIFY),
        "{reports:?}"
    );
    let before = attempts_under("POST /stitch/v4/sources").await;
    // Once finished, a wait resolves at its first check, and starts nothing.
    let again: StitchExtraction = call(
        &client,
        "waitForReplication",
        &[int(SHOPIFY), started.job_name.clone().into()],
    )
    .await;
    assert_eq!(again, extraction);
    assert_eq!(
        attempts_under("POST /stitch/v4/sources").await,
        before,
        "no job started"
    );

    // A job that was stopped rejects as startReplicationAndWait's would.
    let stopped: StitchJobStarted = call(&client, "startReplication", &[int(POSTGRES)]).await;
    sleep(job_ms() / 6).await;
    done(&client, "stopReplication", &[int(POSTGRES)]).await;
    let err = refused(
        &client,
        "waitForReplication",
        &[
            int(POSTGRES),
            stopped.job_name.clone().into(),
            js(json!({ "intervalMs": 50 })),
        ],
    )
    .await;
    assert_eq!(
        text(&err, "name"),
        "StitchJobError",
        "{}",
        text(&err, "message")
    );
    let failed: StitchExtraction = model(&get(&err, "extraction"));
    assert_eq!(failed.job_name.as_deref(), Some(stopped.job_name.as_str()));
    assert_eq!(failed.discovery_exit_status, None, "terminated: {failed:?}");
    assert_eq!(failed.discovery_description.as_deref(), Some("Terminated"));

    let posts = attempts_under("POST /stitch/v4/sources").await;
    for (args, field) in [
        (vec![int(SHOPIFY), "".into()], "jobName"),
        (vec![int(SHOPIFY), int(5)], "jobName"),
        (
            vec!["x".into(), started.job_name.clone().into()],
            "sourceId",
        ),
    ] {
        let err = refused(&client, "waitForReplication", &args).await;
        assert_input_error(&err, field);
    }
    assert_eq!(attempts_under("POST /stitch/v4/sources").await, posts);
}

// ---- Import API tokens ---------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn an_import_api_source_gets_at_most_two_tokens_listed_newest_first_and_revoked() {
    reset().await;
    let client = stitch();
    let source: StitchSource = call(
        &client,
        "createSource",
        &[js(
            json!({ "type": "import_api", "display_name": "Webhooks" }),
        )],
    )
    .await;
    assert_eq!(source.source_type.as_deref(), Some("import_api"));
    let card = source.report_card.clone().unwrap();
    assert_eq!(
        card.current_step_type.as_deref(),
        Some("fully_configured"),
        "nothing to configure"
    );
    let empty: Vec<StitchImportTokenId> =
        call(&client, "listImportApiTokens", &[int(source.id)]).await;
    assert!(empty.is_empty());

    let first: StitchImportToken = call(&client, "createImportApiToken", &[int(source.id)]).await;
    let second: StitchImportToken = call(
        &client,
        "createImportApiToken",
        &[source.id.to_string().into()],
    )
    .await;
    assert_eq!(second.id, first.id + 1, "ids count up");
    let (a, b) = (first.access_token.unwrap(), second.access_token.unwrap());
    assert!(a.len() >= 32 && b.len() >= 32 && a != b, "two secrets");
    let err = refused(&client, "createImportApiToken", &[int(source.id)]).await;
    assert_stitch_error(
        &err,
        400,
        Some("token_limit"),
        "at most two active access tokens",
    );

    let listed: Vec<StitchImportTokenId> =
        call(&client, "listImportApiTokens", &[int(source.id)]).await;
    assert_eq!(
        listed.iter().map(|t| t.token_id).collect::<Vec<_>>(),
        [second.id, first.id],
        "newest first"
    );
    assert!(listed.iter().all(|t| t.created_at.is_some()));
    let all = format!("{listed:?}");
    assert!(
        !all.contains(&a) && !all.contains(&b),
        "a secret is answered once only"
    );
    // The older documented shape (bare ids; the stand-in gives it for `?legacy=1`) reads as the
    // same objects.
    let legacy_fetch = Function::new_with_args(
        "request",
        "return fetch(new Request(request.url + '?legacy=1', request));",
    );
    let legacy = stitch_with(&[("fetch", legacy_fetch.into())]);
    let raw = resolved(&legacy, "listImportApiTokens", &[int(source.id)]).await;
    let older: Vec<StitchImportTokenId> = model(&raw);
    assert_eq!(
        older.iter().map(|t| t.token_id).collect::<Vec<_>>(),
        [second.id, first.id]
    );
    assert_eq!(keys_of(&Array::from(&raw).get(0)), ["token_id"]);

    let revoked: StitchSource = call(
        &client,
        "deleteImportApiToken",
        &[int(source.id), first.id.to_string().into()],
    )
    .await;
    assert_eq!(revoked.id, source.id);
    let listed: Vec<StitchImportTokenId> =
        call(&client, "listImportApiTokens", &[int(source.id)]).await;
    assert_eq!(
        listed.iter().map(|t| t.token_id).collect::<Vec<_>>(),
        [second.id]
    );
    let err = refused(
        &client,
        "deleteImportApiToken",
        &[int(source.id), int(first.id)],
    )
    .await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError", "already revoked");
    let third: StitchImportToken = call(&client, "createImportApiToken", &[int(source.id)]).await;
    assert!(third.id > second.id, "room again after a revocation");

    // Only an Import API source has tokens, and it is never replicated.
    let err = refused(&client, "createImportApiToken", &[int(POSTGRES)]).await;
    assert_stitch_error(
        &err,
        400,
        Some("invalid_source"),
        "not an Import API source",
    );
    let err = refused(&client, "startReplication", &[int(source.id)]).await;
    assert_stitch_error(&err, 400, Some("invalid_source"), "is an Import API source");
    let err = refused(&client, "listImportApiTokens", &[int(999_999)]).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    // Hooks see the token routes' URLs, and neither the access token nor a secret.
    let seen = Array::new();
    let hooked = stitch_with(&[
        ("onRequest", recorder(&seen)),
        ("onResponse", recorder(&seen)),
    ]);
    call::<StitchSource>(
        &hooked,
        "deleteImportApiToken",
        &[int(source.id), int(second.id)],
    )
    .await;
    let fourth: StitchImportToken = call(&hooked, "createImportApiToken", &[int(source.id)]).await;
    let hooks = String::from(js_sys::JSON::stringify(&seen).unwrap());
    assert!(
        hooks.contains(&format!(
            "/stitch/v4/sources/{}/tokens/{}",
            source.id, second.id
        )),
        "{hooks}"
    );
    for secret in [STITCH_TOKEN, fourth.access_token.as_deref().unwrap()] {
        assert!(!hooks.contains(secret), "{hooks}");
    }
}

/// A fetch that records each request (`method`, `url`, `auth`) in `log` and answers as Stitch's
/// token routes do (the local Stitch has none): a new token, the list in its older (bare ids) or
/// newer (objects) shape, and the source on a delete.
fn token_routes(log: &Array, older: bool) -> StitchClient {
    let fetch = Function::new_with_args(
        "log, older",
        r#"return (request) => {
            log.push({ method: request.method, url: request.url, auth: request.headers.get('authorization') });
            const body = request.method === 'POST' ? { id: 828792559, access_token: 'import-api-secret' }
              : request.method === 'GET' ? (older ? [828705046, 828704779]
                : [{ token_id: 828705046, created_at: '2021-08-12T15:22:12Z' }, { token_id: 828704779, created_at: '2021-08-13T09:00:00Z' }])
              : { id: 216359, type: 'import_api', display_name: 'Webhooks', stitch_client_id: 116078 };
            return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));
        };"#,
    )
    .call2(&JsValue::NULL, log, &older.into())
    .expect("a fetch");
    stitch_with(&[("fetch", fetch)])
}

#[wasm_bindgen_test]
async fn import_api_tokens_are_made_listed_in_either_shape_and_revoked() {
    let log = Array::new();
    let client = token_routes(&log, false);
    let made: StitchImportToken = call(&client, "createImportApiToken", &[int(216_359)]).await;
    assert_eq!(made.id, 828_792_559);
    assert_eq!(made.access_token.as_deref(), Some("import-api-secret"));
    let listed: Vec<StitchImportTokenId> =
        call(&client, "listImportApiTokens", &["216359".into()]).await;
    assert_eq!(
        listed
            .iter()
            .map(|t| (t.token_id, t.created_at.as_deref()))
            .collect::<Vec<_>>(),
        [
            (828_705_046, Some("2021-08-12T15:22:12Z")),
            (828_704_779, Some("2021-08-13T09:00:00Z"))
        ]
    );
    let source: StitchSource = call(
        &client,
        "deleteImportApiToken",
        &[int(216_359), "828704779".into()],
    )
    .await;
    assert_eq!(source.id, 216_359);
    assert_eq!(source.source_type.as_deref(), Some("import_api"));
    let base = stitch_base();
    let sent: Vec<(String, String, String)> = log
        .iter()
        .map(|r| (text(&r, "method"), text(&r, "url"), text(&r, "auth")))
        .collect();
    let bearer = format!("Bearer {STITCH_TOKEN}");
    assert_eq!(
        sent,
        [
            (
                "POST".into(),
                format!("{base}/v4/sources/216359/tokens"),
                bearer.clone()
            ),
            (
                "GET".into(),
                format!("{base}/v4/sources/216359/tokens"),
                bearer.clone()
            ),
            (
                "DELETE".into(),
                format!("{base}/v4/sources/216359/tokens/828704779"),
                bearer
            ),
        ]
    );

    // The older answer, bare ids, reads as the same objects, without a created_at member.
    let older = token_routes(&Array::new(), true);
    let raw = resolved(&older, "listImportApiTokens", &[int(216_359)]).await;
    let listed: Vec<StitchImportTokenId> = model(&raw);
    assert_eq!(
        listed.iter().map(|t| t.token_id).collect::<Vec<_>>(),
        [828_705_046, 828_704_779]
    );
    assert!(listed.iter().all(|t| t.created_at.is_none()));
    assert_eq!(keys_of(&Array::from(&raw).get(0)), ["token_id"]);

    // Stitch's refusals and answers of the wrong shape.
    let err = refused(
        &answering(
            400,
            r#"{"error":{"type":"token_limit","message":"at most two active tokens"}}"#,
        ),
        "createImportApiToken",
        &[int(216_359)],
    )
    .await;
    assert_stitch_error(&err, 400, Some("token_limit"), "at most two active tokens");
    let err = refused(
        &answering(200, r#"[1, "two"]"#),
        "listImportApiTokens",
        &[int(216_359)],
    )
    .await;
    assert_eq!(text(&err, "name"), "CensusResponseError");
    assert_eq!(text(&err, "path"), "[1]");
    // A create answered 2xx but unreadable: accepted (it was probably made), the shape error
    // its cause.
    let err = refused(
        &answering(200, r#"{"access_token":"x"}"#),
        "createImportApiToken",
        &[int(216_359)],
    )
    .await;
    assert_eq!(
        text(&err, "name"),
        "CensusReadBackError",
        "{}",
        text(&err, "message")
    );
    assert_eq!(text(&get(&err, "cause"), "path"), "id");
    let err = refused(
        &client,
        "deleteImportApiToken",
        &[int(216_359), "tok".into()],
    )
    .await;
    assert_input_error(&err, "tokenId");
    assert_eq!(log.length(), 3, "a refused id sends nothing");
}

// ---- types -------------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn source_and_destination_types_are_report_cards() {
    reset().await;
    let client = stitch();
    let types: Vec<StitchReportCard> = call(&client, "listSourceTypes", &[]).await;
    let names: Vec<&str> = types.iter().map(|t| t.report_type.as_str()).collect();
    assert_eq!(
        names,
        [
            "platform.postgres",
            "platform.mysql",
            "platform.hubspot",
            "platform.shopify",
            "platform.closeio",
            "import_api"
        ]
    );
    let import_api: StitchReportCard = call(&client, "getSourceType", &["import_api".into()]).await;
    assert_eq!(import_api, types[5]);
    let steps: Vec<&str> = import_api
        .steps
        .as_ref()
        .unwrap()
        .iter()
        .map(|s| s.step_type.as_str())
        .collect();
    assert_eq!(steps, ["form", "fully_configured"]);
    let postgres: StitchReportCard =
        call(&client, "getSourceType", &["platform.postgres".into()]).await;
    assert_eq!(postgres, types[0]);
    let steps: Vec<&str> = postgres
        .steps
        .as_ref()
        .unwrap()
        .iter()
        .map(|s| s.step_type.as_str())
        .collect();
    assert_eq!(
        steps,
        [
            "form",
            "discover_schema",
            "field_selection",
            "fully_configured"
        ]
    );
    let form = postgres.steps.as_ref().unwrap()[0]
        .properties
        .clone()
        .unwrap();
    let password = form.iter().find(|p| p.name == "password").unwrap();
    assert_eq!(
        (password.is_required, password.is_credential),
        (Some(true), Some(true))
    );
    let port = form.iter().find(|p| p.name == "port").unwrap();
    assert_eq!(port.json_schema.as_ref().unwrap()["pattern"], "^\\d+$");
    let err = refused(&client, "getSourceType", &["platform.nope".into()]).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    let message = text(&err, "message");
    assert!(message.contains("Stitch source type"), "{message}");
    assert!(message.contains("platform.nope"), "{message}");
    let err = refused(&client, "getSourceType", &["platform/postgres".into()]).await;
    assert_eq!(
        text(&err, "name"),
        "CensusNotFoundError",
        "one encoded path segment"
    );

    let types: Vec<StitchReportCard> = call(&client, "listDestinationTypes", &[]).await;
    let names: Vec<&str> = types.iter().map(|t| t.report_type.as_str()).collect();
    assert_eq!(names, ["postgres", "redshift", "snowflake", "bigquery"]);
    let bigquery: StitchReportCard =
        call(&client, "getDestinationType", &["bigquery".into()]).await;
    assert_eq!(bigquery, types[3]);
    let steps: Vec<&str> = bigquery
        .steps
        .as_ref()
        .unwrap()
        .iter()
        .map(|s| s.step_type.as_str())
        .collect();
    assert_eq!(steps, ["form", "fully_configured"]);
    let err = refused(&client, "getDestinationType", &["nope".into()]).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    let err = refused(&client, "getDestinationType", &[int(5)]).await;
    assert_input_error(&err, "type");
}

// ---- streams -----------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn streams_list_and_read_with_their_breadcrumbed_metadata() {
    reset().await;
    let client = stitch();
    let streams: Vec<StitchStream> = call(&client, "listStreams", &[int(POSTGRES)]).await;
    let seen: Vec<(u64, &str, Option<bool>)> = streams
        .iter()
        .map(|s| (s.stream_id, s.tap_stream_id.as_deref().unwrap(), s.selected))
        .collect();
    assert_eq!(
        seen,
        [
            (CUSTOMERS, "demo-public-customers", Some(true)),
            (ORDERS, "demo-public-orders", Some(false)),
        ]
    );
    let metadata = streams[0].metadata.as_ref().unwrap();
    assert_eq!(metadata["table-key-properties"], json!(["id"]));
    assert_eq!(metadata["database-name"], "demo");
    let err = refused(&client, "listStreams", &[int(999_999)]).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");

    let schema: StitchStreamSchema =
        call(&client, "getStream", &[int(POSTGRES), int(CUSTOMERS)]).await;
    let by_digits: StitchStreamSchema =
        call(&client, "getStream", &["120643".into(), "2288757".into()]).await;
    assert_eq!(by_digits, schema);
    let encoded = schema
        .schema
        .as_ref()
        .unwrap()
        .as_str()
        .expect("a JSON string");
    let parsed: Value = serde_json::from_str(encoded).unwrap();
    assert_eq!(
        parsed["properties"]["email"]["type"],
        json!(["null", "string"])
    );
    let entries = schema.metadata.unwrap();
    assert_eq!(
        entries[0].breadcrumb,
        Vec::<String>::new(),
        "the stream first"
    );
    assert_eq!(entries[0].metadata["selected"], true);
    let field = |name: &str| {
        entries
            .iter()
            .find(|e| e.breadcrumb == ["properties", name])
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert_eq!(field("id").metadata["inclusion"], "automatic");
    assert_eq!(field("email").metadata["selected"], true);
    assert_eq!(field("legacy_blob").metadata["inclusion"], "unsupported");
    assert_eq!(field("legacy_blob").metadata["selected"], false);
    assert_eq!(entries.len(), 6, "the stream and its five fields");

    // An unknown stream is Stitch's bare-string 400 "invalid stream-id: 1": not found to a
    // caller, as an unknown source is, with Stitch's words as apiMessage. So is a stream of an
    // unknown source, which Stitch answers with the same string.
    for source in [POSTGRES, 999_999] {
        let err = refused(&client, "getStream", &[int(source), int(1)]).await;
        assert!(
            is::<CensusNotFoundErrorClass>(&err),
            "{}",
            text(&err, "message")
        );
        assert_eq!(text(&err, "name"), "CensusNotFoundError");
        assert_eq!(text(&err, "code"), "not_found");
        assert_eq!(number(&err, "status"), 400.0);
        assert_eq!(text(&err, "apiMessage"), "invalid stream-id: 1");
        assert!(get(&err, "type").is_undefined());
    }
    let err = refused(&client, "getStream", &[int(POSTGRES), "x1".into()]).await;
    assert_input_error(&err, "streamId");
}

/// `{ streams: [{ tap_stream_id, metadata: [{ breadcrumb, metadata }] }] }`.
fn selection(tap: &str, entries: Value) -> JsValue {
    js(json!({ "streams": [{ "tap_stream_id": tap, "metadata": entries }] }))
}

async fn field_selected(client: &StitchClient, stream: u64, name: &str) -> Value {
    let schema: StitchStreamSchema = call(client, "getStream", &[int(POSTGRES), int(stream)]).await;
    let entry = schema
        .metadata
        .unwrap()
        .into_iter()
        .find(|e| e.breadcrumb == ["properties", name])
        .unwrap();
    entry.metadata["selected"].clone()
}

#[wasm_bindgen_test]
async fn stream_metadata_is_updated_and_each_refusal_comes_in_its_shape() {
    reset().await;
    let client = stitch();
    done(
        &client,
        "updateStreamMetadata",
        &[
            int(POSTGRES),
            selection(
                "demo-public-orders",
                json!([
                    { "breadcrumb": [], "metadata": { "selected": true, "replication-method": "FULL_TABLE" } },
                    { "breadcrumb": ["properties", "total"], "metadata": { "selected": true } },
                ]),
            ),
        ],
    )
    .await;
    let streams: Vec<StitchStream> = call(&client, "listStreams", &["120643".into()]).await;
    assert_eq!(streams[1].selected, Some(true), "orders selected");
    assert_eq!(field_selected(&client, ORDERS, "total").await, true);
    assert_eq!(
        field_selected(&client, ORDERS, "customer_id").await,
        Value::Null
    );

    // `{ invalid_fields }` on HTTP 400.
    let err = refused(
        &client,
        "updateStreamMetadata",
        &[
            int(POSTGRES),
            selection(
                "nope",
                json!([{ "breadcrumb": [], "metadata": { "selected": true } }]),
            ),
        ],
    )
    .await;
    assert_stitch_error(
        &err,
        400,
        Some("invalid_fields"),
        "invalid tap-stream-ids:  [nope]",
    );
    let err = refused(
        &client,
        "updateStreamMetadata",
        &[
            int(POSTGRES),
            selection(
                "demo-public-orders",
                json!([{ "breadcrumb": ["properties", "nope"], "metadata": { "selected": true } }]),
            ),
        ],
    )
    .await;
    assert_stitch_error(&err, 400, Some("invalid_fields"), "invalid breadcrumb");
    let err = refused(
        &client,
        "updateStreamMetadata",
        &[
            int(POSTGRES),
            selection(
                "demo-public-orders",
                json!([{ "breadcrumb": [], "metadata": { "inclusion": "automatic" } }]),
            ),
        ],
    )
    .await;
    // A key Singer taps discover is the client's to refuse first, by name ...
    assert_eq!(text(&err, "name"), "CensusInputError");
    assert_eq!(
        text(&err, "field"),
        "streams[0].metadata[0].metadata.inclusion"
    );
    // ... and one only this tap knows is Stitch's, in its own dialect.
    let err = refused(
        &client,
        "updateStreamMetadata",
        &[
            int(POSTGRES),
            selection(
                "demo-public-orders",
                json!([{ "breadcrumb": [], "metadata": { "tap-postgres.custom": true } }]),
            ),
        ],
    )
    .await;
    assert_stitch_error(
        &err,
        400,
        Some("invalid_fields"),
        "only non-discoverable metadata can be produced by the UI",
    );
    // ... and on HTTP 200, when an unsupported field is selected: nothing is applied.
    let err = refused(
        &client,
        "updateStreamMetadata",
        &[
            int(POSTGRES),
            selection(
                "demo-public-customers",
                json!([
                    { "breadcrumb": ["properties", "name"], "metadata": { "selected": true } },
                    { "breadcrumb": ["properties", "legacy_blob"], "metadata": { "selected": true } },
                ]),
            ),
        ],
    )
    .await;
    assert_stitch_error(
        &err,
        200,
        Some("invalid_fields"),
        "Unsupported fields cannot be selected",
    );
    assert_eq!(
        field_selected(&client, CUSTOMERS, "legacy_blob").await,
        false
    );
    assert_eq!(
        field_selected(&client, CUSTOMERS, "name").await,
        true,
        "the seed selects the available fields"
    );
    let err = refused(
        &client,
        "updateStreamMetadata",
        &[
            int(999_999),
            selection(
                "x",
                json!([{ "breadcrumb": [], "metadata": { "selected": true } }]),
            ),
        ],
    )
    .await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");

    // Refused before anything is sent.
    let before = attempts_under("PUT /stitch/v4/sources").await;
    let entry = |breadcrumb: Value, metadata: Value| {
        selection(
            "demo-public-orders",
            json!([{ "breadcrumb": breadcrumb, "metadata": metadata }]),
        )
    };
    for (input, field) in [
        (js(json!({ "streams": [] })), "streams"),
        (js(json!({})), "streams"),
        (
            js(json!({ "streams": [{ "metadata": [{ "breadcrumb": [], "metadata": {} }] }] })),
            "streams[0].tap_stream_id",
        ),
        (
            js(json!({ "streams": [{ "tap_stream_id": "demo-public-orders", "metadata": [] }] })),
            "streams[0].metadata",
        ),
        (
            entry(json!(["properties"]), json!({ "selected": true })),
            "streams[0].metadata[0].breadcrumb",
        ),
        (
            entry(json!(["fields", "total"]), json!({ "selected": true })),
            "streams[0].metadata[0].breadcrumb",
        ),
        (
            entry(json!("properties.total"), json!({ "selected": true })),
            "streams[0].metadata[0].breadcrumb",
        ),
        (
            entry(json!([]), json!({ "selected": "yes" })),
            "streams[0].metadata[0].metadata.selected",
        ),
    ] {
        let err = refused(&client, "updateStreamMetadata", &[int(POSTGRES), input]).await;
        assert_input_error(&err, field);
    }
    assert_eq!(
        attempts_under("PUT /stitch/v4/sources").await,
        before,
        "nothing was sent"
    );
}

// ---- destinations ------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn destinations_are_made_up_to_the_limit_updated_and_deleted() {
    reset().await;
    let client = stitch();
    let listed: Vec<StitchDestination> = call(&client, "listDestinations", &[]).await;
    assert_eq!(listed.len(), 1);
    let warehouse = &listed[0];
    assert_eq!(warehouse.id, DESTINATION);
    assert_eq!(warehouse.destination_type.as_deref(), Some("postgres"));
    assert_eq!(warehouse.name.as_deref(), Some("Warehouse"));
    let properties = warehouse.properties.as_ref().unwrap();
    assert!(properties.contains_key("host") && !properties.contains_key("password"));

    // Two more (an Advanced account's three), then Stitch's bare-string 400.
    let mut others = Vec::new();
    for name in ["Second", "Third"] {
        let made: StitchDestination = call(
            &client,
            "createDestination",
            &[js(json!({ "type": "redshift", "name": name }))],
        )
        .await;
        others.push(made);
    }
    let err = refused(
        &client,
        "createDestination",
        &[js(json!({ "type": "redshift", "name": "Fourth" }))],
    )
    .await;
    assert_stitch_error(&err, 400, None, "you are at your destination limit");
    assert_eq!(
        text(&err, "apiMessage"),
        "you are at your destination limit"
    );
    for made in &others {
        done(&client, "deleteDestination", &[int(made.id)]).await;
    }

    let updated: StitchDestination = call(
        &client,
        "updateDestination",
        &[
            int(DESTINATION),
            js(json!({ "description": "Warehouse (test)" })),
        ],
    )
    .await;
    assert_eq!(updated.description.as_deref(), Some("Warehouse (test)"));
    assert_eq!(updated.name.as_deref(), Some("Warehouse"), "the name stays");
    let renamed: StitchDestination = call(
        &client,
        "updateDestination",
        &[
            "155582".into(),
            js(json!({ "name": "DW", "properties": { "ssl": "true" } })),
        ],
    )
    .await;
    assert_eq!(renamed.name.as_deref(), Some("DW"));
    assert_eq!(renamed.properties.unwrap()["ssl"], "true");
    let err = refused(
        &client,
        "updateDestination",
        &[int(999), js(json!({ "name": "x" }))],
    )
    .await;
    assert_not_found(&err, None, "invalid connection id");
    let err = refused(
        &client,
        "updateDestination",
        &[int(DESTINATION), js(json!({}))],
    )
    .await;
    assert_eq!(text(&err, "name"), "CensusInputError");
    let err = refused(
        &client,
        "updateDestination",
        &[int(DESTINATION), js(json!({ "type": "redshift" }))],
    )
    .await;
    // Stitch refuses a changed type ("this API endpoint does not support modifying destination
    // type"): a member its read answers, refused first as read-only.
    assert_input_error(&err, "type");
    assert!(
        text(&err, "message").contains("read-only"),
        "{}",
        text(&err, "message")
    );

    done(&client, "deleteDestination", &[int(DESTINATION)]).await;
    let listed: Vec<StitchDestination> = call(&client, "listDestinations", &[]).await;
    assert!(listed.is_empty(), "{listed:?}");
    let err = refused(
        &client,
        "getDestinationLastConnectionCheck",
        &[int(DESTINATION)],
    )
    .await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    let err = refused(&client, "deleteDestination", &[int(DESTINATION)]).await;
    assert_not_found(&err, None, "Unable to locate dest (155582)");

    let err = refused(
        &client,
        "createDestination",
        &[js(json!({ "name": "No type" }))],
    )
    .await;
    assert_input_error(&err, "type");
    let created: StitchDestination = call(
        &client,
        "createDestination",
        &[js(json!({
            "type": "bigquery",
            "name": "BQ",
            "description": "made by the browser tests",
            "properties": { "project_id": "proj" },
        }))],
    )
    .await;
    assert!(created.id > DESTINATION);
    assert_eq!(created.destination_type.as_deref(), Some("bigquery"));
    assert_eq!(
        created.description.as_deref(),
        Some("made by the browser tests")
    );
    assert_eq!(created.stitch_client_id, Some(CLIENT_ID));
    let listed: Vec<StitchDestination> = call(&client, "listDestinations", &[]).await;
    assert_eq!(listed, std::slice::from_ref(&created));
    let check: StitchConnectionCheck = call(
        &client,
        "getDestinationLastConnectionCheck",
        &[int(created.id)],
    )
    .await;
    assert_eq!(check.status.as_deref(), Some("succeeded"));
}

// ---- extractions and loads -------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn extractions_and_loads_come_as_stitch_pages_and_logs_as_text() {
    reset().await;
    let client = stitch();
    let raw = resolved(&client, "listExtractions", &[int(CLIENT_ID)]).await;
    assert_eq!(
        keys_of(&raw),
        ["data", "hasNextPage", "links", "nextPage", "page", "total"],
        "the page's shape"
    );
    let page: Paged<StitchExtraction> = model(&raw);
    assert_eq!((page.page, page.total), (Some(1), Some(6)));
    assert_eq!(
        page.links,
        StitchLinks {
            next: None,
            previous: None
        }
    );
    assert!(!page.has_next_page);
    assert_eq!(page.next_page, None);
    assert!(get(&raw, "nextPage").is_null(), "null, not undefined");
    let ids: Vec<u64> = page.data.iter().map(|e| e.source_id).collect();
    assert_eq!(
        ids,
        [POSTGRES, MYSQL, PAUSED, SHOPIFY, FAILED, DELETED],
        "all but the one that never ran"
    );
    let failed = page.data.iter().find(|e| e.source_id == FAILED).unwrap();
    assert_eq!(failed.tap_exit_status, Some(json!(1)));
    assert_eq!(failed.source_type.as_deref(), Some("tap-closeio"));
    let same: Paged<StitchExtraction> = call(
        &client,
        "listExtractions",
        &["116078".into(), js(json!({ "page": 1 }))],
    )
    .await;
    assert_eq!(same.data, page.data);
    let all: Vec<StitchExtraction> = call(&client, "listAllExtractions", &[int(CLIENT_ID)]).await;
    assert_eq!(all, page.data);
    let iterated: Vec<StitchExtraction> =
        drain(invoke(&client, "iterateExtractions", &[int(CLIENT_ID)]).unwrap()).await;
    assert_eq!(iterated, page.data);

    let log = resolved(
        &client,
        "getExtractionLogs",
        &[int(CLIENT_ID), failed.job_name.clone().unwrap().into()],
    )
    .await;
    let log = log.as_string().expect("the log as text");
    assert!(log.contains(failed.job_name.as_deref().unwrap()), "{log}");
    assert!(
        log.contains("ERROR tap phase exited with status 1"),
        "{log}"
    );
    let err = refused(
        &client,
        "getExtractionLogs",
        &[int(CLIENT_ID), "nope".into()],
    )
    .await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");

    let raw = resolved(&client, "listLoads", &[int(CLIENT_ID)]).await;
    assert_eq!(
        keys_of(&raw),
        ["data", "hasNextPage", "links", "nextPage", "page", "total"]
    );
    let loads: Paged<StitchLoad> = model(&raw);
    assert_eq!(
        loads.total,
        Some(5),
        "the selected streams of the sources that ran"
    );
    let streams: Vec<&str> = loads.data.iter().map(|l| l.stream_name.as_str()).collect();
    assert_eq!(
        streams,
        ["contacts", "customers", "leads", "orders", "products"]
    );
    let broken = loads
        .data
        .iter()
        .find(|l| l.stream_name == "leads")
        .unwrap();
    assert!(broken.last_batch_loaded_at.is_none());
    assert_eq!(
        broken.error_state.as_ref().unwrap()["notification_data"]["error"],
        "LOADER_INTERNAL_ERROR"
    );
    let all: Vec<StitchLoad> = call(&client, "listAllLoads", &["116078".into()]).await;
    assert_eq!(all, loads.data);
    let iterated: Vec<StitchLoad> =
        drain(invoke(&client, "iterateLoads", &[int(CLIENT_ID)]).unwrap()).await;
    assert_eq!(iterated, loads.data);
    let two: Vec<StitchLoad> = call(
        &client,
        "listAllLoads",
        &[int(CLIENT_ID), js(json!({ "maxItems": 2 }))],
    )
    .await;
    assert_eq!(two, loads.data[..2]);

    // Another account's client id: Stitch's 401.
    let err = refused(&client, "listExtractions", &[int(1)]).await;
    assert_eq!(text(&err, "name"), "CensusAuthenticationError");
    assert!(text(&err, "apiMessage").contains("client ID (1)"));
    let before = jobs().await.total;
    for (name, options, field) in [
        ("listExtractions", json!({ "perPage": 10 }), "perPage"),
        ("listLoads", json!({ "page": 0 }), "page"),
        ("listAllExtractions", json!({ "page": 2 }), "page"),
        ("listAllLoads", json!({ "concurrency": 2 }), "concurrency"),
    ] {
        let err = refused(&client, name, &[int(CLIENT_ID), js(options)]).await;
        assert_input_error(&err, field);
    }
    let err = invoke(
        &client,
        "iterateExtractions",
        &[int(CLIENT_ID), js(json!({ "order": "asc" }))],
    )
    .expect_err("iterate… throws a refused option");
    assert_input_error(&err, "order");
    assert_eq!(jobs().await.total, before, "nothing was sent");
}

#[wasm_bindgen_test]
async fn extractions_and_loads_are_followed_across_pages_by_their_relative_links() {
    reset().await;
    let client = stitch();
    // 100 more sources, each with its first stream selected and a job: 106 extractions and,
    // once the jobs end, 105 loads, more than Stitch's page of 100.
    for n in 1..=100 {
        let source: StitchSource = call(
            &client,
            "createSource",
            &[js(
                json!({ "type": "platform.shopify", "display_name": format!("Paging {n}") }),
            )],
        )
        .await;
        done(
            &client,
            "updateStreamMetadata",
            &[
                int(source.id),
                js(json!({ "streams": [{ "tap_stream_id": "orders", "metadata": [{ "breadcrumb": [], "metadata": { "selected": true } }] }] })),
            ],
        )
        .await;
        call::<StitchJobStarted>(&client, "startReplication", &[int(source.id)]).await;
    }
    sleep(job_ms() + 300).await;
    clear_jobs().await;

    let first: Paged<StitchExtraction> = call(&client, "listExtractions", &[int(CLIENT_ID)]).await;
    assert_eq!((first.page, first.total), (Some(1), Some(106)));
    assert_eq!(first.data.len(), 100);
    assert!(first.has_next_page);
    assert_eq!(first.next_page, Some(2));
    assert_eq!(
        first.links.next.as_deref(),
        Some("/v4/116078/extractions?page=2"),
        "relative to the base URL"
    );
    let second: Paged<StitchExtraction> = call(
        &client,
        "listExtractions",
        &[int(CLIENT_ID), js(json!({ "page": first.next_page }))],
    )
    .await;
    assert_eq!(second.page, Some(2));
    assert_eq!(second.data.len(), 6);
    assert!(!second.has_next_page);
    assert_eq!(second.next_page, None);
    assert_eq!(
        second.links.previous.as_deref(),
        Some("/v4/116078/extractions?page=1")
    );
    let on_page_two: Vec<u64> = second.data.iter().map(|e| e.source_id).collect();
    let paged: Vec<StitchExtraction> = first.data.into_iter().chain(second.data).collect();
    let progress = Array::new();
    let all: Vec<StitchExtraction> = call(
        &client,
        "listAllExtractions",
        &[
            int(CLIENT_ID),
            js_with(json!({}), "onProgress", &recorder(&progress)),
        ],
    )
    .await;
    assert_eq!(all, paged, "both pages, once each, in order");
    let last: ListProgress = model(&progress.get(progress.length() - 1));
    assert_eq!((last.pages_done, last.items_done), (2, 106));
    let iterated: Vec<StitchExtraction> =
        drain(invoke(&client, "iterateExtractions", &["116078".into()]).unwrap()).await;
    assert_eq!(iterated, paged);
    let some: Vec<StitchExtraction> = call(
        &client,
        "listAllExtractions",
        &[int(CLIENT_ID), js(json!({ "maxItems": 101 }))],
    )
    .await;
    assert_eq!(some, paged[..101]);

    let loads: Paged<StitchLoad> = call(&client, "listLoads", &[int(CLIENT_ID)]).await;
    assert_eq!(loads.total, Some(105));
    assert_eq!(loads.next_page, Some(2));
    let rest: Paged<StitchLoad> = call(
        &client,
        "listLoads",
        &[int(CLIENT_ID), js(json!({ "page": 2 }))],
    )
    .await;
    assert_eq!(rest.data.len(), 5);
    let paged: Vec<StitchLoad> = loads.data.into_iter().chain(rest.data).collect();
    let all: Vec<StitchLoad> = call(&client, "listAllLoads", &[int(CLIENT_ID)]).await;
    assert_eq!(all, paged);
    let iterated: Vec<StitchLoad> =
        drain(invoke(&client, "iterateLoads", &[int(CLIENT_ID)]).unwrap()).await;
    assert_eq!(iterated, paged);
    assert_eq!(
        jobs().await.count,
        14,
        "each page read once per listing: 2 + 2 + 2 + 2 + 2 + 2 + 2"
    );
    // A base URL written with a trailing slash follows the same relative links.
    let slashed = stitch_with(&[("baseUrl", format!("{}/", stitch_base()).into())]);
    let all_again: Vec<StitchLoad> = call(&slashed, "listAllLoads", &[int(CLIENT_ID)]).await;
    assert_eq!(all_again, paged);
    let beyond: Paged<StitchExtraction> = call(
        &client,
        "listExtractions",
        &[int(CLIENT_ID), js(json!({ "page": 3 }))],
    )
    .await;
    assert!(beyond.data.is_empty() && !beyond.has_next_page);
    assert_eq!(beyond.next_page, None);

    // A wait whose source's extraction is on page 2 reads on to it (each read takes a slot of a
    // fresh client's jobs limit).
    clear_jobs().await;
    let sources: Vec<StitchSource> = call(&client, "listSources", &[]).await;
    let last = sources.iter().map(|s| s.id).max().unwrap();
    assert!(
        on_page_two.contains(&last),
        "{last} is on page 2: {on_page_two:?}"
    );
    let extraction: StitchExtraction = call(
        &stitch(),
        "startReplicationAndWait",
        &[
            int(last),
            js(json!({ "intervalMs": 200, "maxIntervalMs": 300 })),
        ],
    )
    .await;
    assert_eq!(extraction.source_id, last);
    assert!(extraction.completion_time.is_some());
    assert_eq!(extraction.target_exit_status, Some(json!(0)));
    let after: Paged<StitchExtraction> = call(
        &client,
        "listExtractions",
        &[int(CLIENT_ID), js(json!({ "page": 2 }))],
    )
    .await;
    assert!(after.data.contains(&extraction), "the job on page 2");
}

/// `ListProgress` as `onProgress` of a listing receives it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListProgress {
    pages_done: u32,
    items_done: u32,
}

// ---- the jobs limit ------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn a_client_paces_the_jobs_limit_and_never_sends_a_31st_request() {
    reset().await;
    clear_jobs().await;
    let sent = Array::new();
    let client = stitch_with(&[("onRequest", recorder(&sent))]);
    let first: Paged<StitchExtraction> = call(&client, "listExtractions", &[int(CLIENT_ID)]).await;
    let job_name: JsValue = first.data[0].job_name.clone().unwrap().into();
    for _ in 0..9 {
        call::<Paged<StitchExtraction>>(&client, "listExtractions", &[int(CLIENT_ID)]).await;
    }
    for _ in 0..10 {
        call::<Paged<StitchLoad>>(&client, "listLoads", &[int(CLIENT_ID)]).await;
    }
    for _ in 0..10 {
        let log = resolved(
            &client,
            "getExtractionLogs",
            &[int(CLIENT_ID), job_name.clone()],
        )
        .await;
        assert!(log.as_string().unwrap().contains("INFO job"));
    }
    let counted = jobs().await;
    assert_eq!((counted.count, counted.refused), (30, 0));
    assert_eq!(sent.length(), 30);

    // The 31st, whose slot is ten minutes away, longer than its timeoutMs (30 s by default),
    // is not sent and says why, at once.
    let began = now_ms();
    let err = refused(&client, "listExtractions", &[int(CLIENT_ID)]).await;
    assert_eq!(text(&err, "name"), "CensusTimeoutError");
    assert!(
        text(&err, "message").contains("for a slot under Stitch's jobs limit"),
        "{}",
        text(&err, "message")
    );
    assert!(now_ms() - began < 1_000.0, "rejected at once");
    // With no timeout it waits for the slot rather than be sent; its signal ends the wait.
    let began = now_ms();
    let controller = abort_after(1000);
    let err = refused(
        &client,
        "listExtractions",
        &[
            int(CLIENT_ID),
            js_with(json!({ "timeoutMs": 0 }), "signal", &controller.signal()),
        ],
    )
    .await;
    let waited = now_ms() - began;
    assert_eq!(
        text(&err, "name"),
        "AbortError",
        "{}",
        text(&err, "message")
    );
    assert!((900.0..10_000.0).contains(&waited), "waited {waited} ms");
    assert_eq!(sent.length(), 30, "onRequest never saw it");
    let counted = jobs().await;
    assert_eq!(
        (counted.count, counted.total, counted.refused),
        (30, 30, 0),
        "it never reached the server"
    );
    // The other endpoints are not paced.
    let sources: Vec<StitchSource> = call(&client, "listSources", &[]).await;
    assert_eq!(sources.len(), 7);
    // The pacer is the client's: another client's request is sent, and the server refuses it.
    let err = refused(
        &stitch(),
        "listLoads",
        &[int(CLIENT_ID), js(json!({ "retry": false }))],
    )
    .await;
    assert_eq!(text(&err, "name"), "CensusRateLimitError");
    assert_eq!(number(&err, "status"), 429.0);
    assert!(number(&err, "retryAfterMs") > 0.0);
    assert_eq!(jobs().await.refused, 1);
}

// ---- faults, retries and the token -----------------------------------------------------------------

#[wasm_bindgen_test]
async fn faults_on_the_stitch_routes_are_retried_for_reads_and_puts_but_not_posts() {
    reset().await;
    let client = stitch();
    let quick = || js(json!({ "retry": { "baseDelayMs": 10, "maxDelayMs": 50 } }));
    add_fault("GET /stitch/v4/sources/120643", "503", Some(2)).await;
    let source: StitchSource = call(&client, "getSource", &[int(POSTGRES), quick()]).await;
    assert_eq!(source.id, POSTGRES);
    assert_eq!(attempts("GET /stitch/v4/sources/120643").await, 3);
    add_fault("PUT /stitch/v4/sources/120644", "502", Some(1)).await;
    let paused: StitchSource = call(&client, "pauseSource", &[int(MYSQL), quick()]).await;
    assert!(paused.paused_at.is_some());
    assert_eq!(attempts("PUT /stitch/v4/sources/120644").await, 2);
    add_fault("POST /stitch/v4/sources/*/sync", "503", Some(1)).await;
    let err = refused(&client, "startReplication", &[int(SHOPIFY), quick()]).await;
    assert_eq!(
        text(&err, "name"),
        "StitchApiError",
        "{}",
        text(&err, "message")
    );
    assert_eq!(number(&err, "status"), 503.0);
    assert_eq!(
        attempts("POST /stitch/v4/sources/120646/sync").await,
        1,
        "a POST is not repeated"
    );
    add_fault("GET /stitch/v4/sources", "html", Some(1)).await;
    let err = refused(&client, "listSources", &[js(json!({ "retry": false }))]).await;
    assert_eq!(
        text(&err, "name"),
        "CensusResponseError",
        "{}",
        text(&err, "message")
    );
    add_fault("GET /stitch/v4/destinations", "rate_limit:7", Some(1)).await;
    let err = refused(
        &client,
        "listDestinations",
        &[js(json!({ "retry": false }))],
    )
    .await;
    assert_eq!(text(&err, "name"), "CensusRateLimitError");
    assert_eq!(number(&err, "retryAfterMs"), 7000.0);
    clear_faults().await;
}

/// Everything an error shows: message, stack, JSON and every own property.
fn everything_of(err: &JsValue) -> String {
    let mut seen = vec![text(err, "message"), text(err, "stack")];
    seen.push(
        js_sys::JSON::stringify(err)
            .map(String::from)
            .unwrap_or_default(),
    );
    for key in Object::keys(err.unchecked_ref::<Object>()).iter() {
        let value = get(err, &key.as_string().unwrap_or_default());
        seen.push(
            value
                .as_string()
                .or_else(|| {
                    js_sys::JSON::stringify(&value)
                        .ok()
                        .and_then(|json| JsValue::from(json).as_string())
                })
                .unwrap_or_else(|| format!("{value:?}")),
        );
    }
    seen.join(" ")
}

#[wasm_bindgen_test]
async fn a_wrong_token_is_an_authentication_error_that_never_holds_a_token() {
    reset().await;
    let wrong = "stitch-wrong-token-7f3a9c";
    let errors = vec![
        refused(
            &stitch_with(&[("accessToken", wrong.into())]),
            "listSources",
            &[],
        )
        .await,
        refused(
            &stitch_with(&[("accessToken", wrong.into())]),
            "startReplication",
            &[int(POSTGRES)],
        )
        .await,
        refused(
            &stitch_with(&[("accessToken", TOKEN.into())]),
            "getSource",
            &[int(POSTGRES)],
        )
        .await,
    ];
    for err in &errors {
        assert!(is::<CensusAuthenticationErrorClass>(err));
        assert_eq!(text(err, "name"), "CensusAuthenticationError");
        assert_eq!(text(err, "code"), "unauthorized");
        assert_eq!(number(err, "status"), 401.0);
        assert_eq!(text(err, "type"), "unauthorized");
        let message = text(err, "message");
        assert!(message.contains("accessToken"), "{message}");
        let all = everything_of(err);
        for token in [wrong, STITCH_TOKEN, TOKEN] {
            assert!(!all.contains(token), "{token} leaked: {all}");
        }
    }
    // Nor does any other error of a client that holds the right token.
    let client = stitch();
    call::<StitchJobStarted>(&client, "startReplication", &[int(POSTGRES)]).await;
    let more = vec![
        refused(&client, "startReplication", &[int(POSTGRES)]).await,
        refused(&client, "getSource", &[int(999_999)]).await,
        refused(&client, "getSource", &["nope".into()]).await,
        refused(&client, "getStream", &[int(POSTGRES), int(1)]).await,
        refused(
            &client,
            "createSource",
            &[js(json!({ "type": "platform.nope", "display_name": "x" }))],
        )
        .await,
    ];
    for err in &more {
        let all = everything_of(err);
        assert!(!all.contains(STITCH_TOKEN), "the token leaked: {all}");
    }
}

#[wasm_bindgen_test]
async fn an_answer_that_echoes_the_token_never_puts_it_in_an_error() {
    // A proxy or gateway may quote the header it refused; the client words no error with it,
    // nor puts it in any property: message, apiMessage, type, path (README, "Errors").
    let t = STITCH_TOKEN;
    let cases = [
        (
            401,
            format!(r#"{{"error":{{"type":"unauthorized","message":"Bearer {t} is not valid"}}}}"#),
        ),
        (400, format!(r#""bad token {t}""#)),
        (200, format!(r#"{{"code":"{t}","message":"token {t}"}}"#)),
        (
            400,
            format!(r#"{{"error":{{"type":"{t}","message":"m"}}}}"#),
        ),
        (
            400,
            format!(r#"{{"error":"{t}","data":{{"message":"m"}}}}"#),
        ),
        (403, format!(r#"{{"error":{{"type":"{t}"}}}}"#)),
        (429, format!(r#"{{"message":"slow down, {t}"}}"#)),
        (502, format!("<html>upstream refused {t}</html>")),
        (200, format!("not json {t}")),
        (200, format!(r#"{{"id":"{t}"}}"#)),
        (200, format!(r#"{{"id":1,"display_name":{{"{t}":1}}}}"#)),
    ];
    let mut leaks = Vec::new();
    for (status, body) in cases {
        let err = refused(&answering(status, &body), "getSource", &[int(POSTGRES)]).await;
        for key in ["message", "stack", "apiMessage", "type", "path", "field"] {
            let value = get(&err, key).as_string().unwrap_or_default();
            if value.contains(t) {
                leaks.push(format!(
                    "HTTP {status} {body}: {}.{key} = {value:?}",
                    text(&err, "name")
                ));
            }
        }
        if leaks.is_empty() {
            let all = everything_of(&err);
            assert!(!all.contains(t), "HTTP {status} {body}: the token in {all}");
        }
    }
    assert!(leaks.is_empty(), "the token in:\n{}", leaks.join("\n"));
}

#[wasm_bindgen_test]
async fn hooks_see_every_url_without_the_token() {
    reset().await;
    let requests = Array::new();
    let responses = Array::new();
    let client = stitch_with(&[
        ("onRequest", recorder(&requests)),
        ("onResponse", recorder(&responses)),
    ]);
    call::<Vec<StitchSource>>(&client, "listSources", &[]).await;
    call::<StitchSource>(
        &client,
        "updateSource",
        &["120643".into(), js(json!({ "display_name": "Hooked" }))],
    )
    .await;
    let page: Paged<StitchExtraction> = call(
        &client,
        "listExtractions",
        &[int(CLIENT_ID), js(json!({ "page": 1 }))],
    )
    .await;
    resolved(
        &client,
        "getExtractionLogs",
        &[
            int(CLIENT_ID),
            page.data[0].job_name.clone().unwrap().into(),
        ],
    )
    .await;
    call::<StitchExtraction>(
        &client,
        "startReplicationAndWait",
        &[int(MYSQL), js(json!({ "intervalMs": 100 }))],
    )
    .await;
    refused(&client, "getStream", &[int(POSTGRES), int(1)]).await;
    let urls: Vec<String> = requests.iter().map(|r| text(&r, "url")).collect();
    let base = stitch_base();
    for expected in [
        format!("{base}/v4/sources"),
        format!("{base}/v4/sources/120643"),
        format!("{base}/v4/116078/extractions"),
        format!("{base}/v4/sources/120644/sync"),
        format!("{base}/v4/sources/120644"),
        format!("{base}/v4/sources/120643/streams/1"),
    ] {
        assert!(urls.contains(&expected), "{expected} in {urls:?}");
    }
    assert!(urls.iter().all(|url| url.starts_with(&base)), "{urls:?}");
    assert_eq!(responses.length(), requests.length());
    let statuses: Vec<f64> = responses.iter().map(|r| number(&r, "status")).collect();
    assert!(statuses.contains(&400.0) && statuses.contains(&200.0));
    let all = format!(
        "{} {}",
        String::from(js_sys::JSON::stringify(&requests).unwrap()),
        String::from(js_sys::JSON::stringify(&responses).unwrap())
    );
    assert!(!all.contains(STITCH_TOKEN), "a hook saw the token: {all}");
}
