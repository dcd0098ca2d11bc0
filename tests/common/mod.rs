//! Helpers shared by the browser suites (`tests/web.rs`, `tests/surface.rs`, `tests/listing.rs`,
//! `tests/resilience.rs`): the local Census's address and control API (called with gloo-net),
//! JS values from Rust, results read into the core models (with serde-wasm-bindgen), and
//! awaiting calls (with wasm-bindgen-futures).
#![allow(dead_code)] // each suite uses a different subset

use std::collections::HashMap;

use census_wasm::core::models::{Page, Pagination, Source};
use gloo_net::http::{Method, RequestBuilder};
use js_sys::{Function, Object, Promise, Reflect};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

// `CensusClient` as JavaScript sees it: the JS class of src/js/census.js, whose methods all go
// through the wasm's one entry point. The suites make and call it as a user's code does.
#[wasm_bindgen(module = "/src/js/census.js")]
extern "C" {
    /// Gives the runtime the wasm's `Core` class, as the package's entry does.
    #[wasm_bindgen(js_name = bind)]
    fn bind(core: &JsValue);

    pub type CensusClient;
    #[wasm_bindgen(constructor, catch, js_class = "CensusClient")]
    fn construct(options: &JsValue) -> Result<CensusClient, JsValue>;

    #[wasm_bindgen(method, getter, js_name = baseUrl)]
    pub fn base_url(this: &CensusClient) -> String;
    #[wasm_bindgen(method, js_name = listSources)]
    pub fn list_sources(this: &CensusClient, options: Option<Object>) -> Promise;
    #[wasm_bindgen(method, catch, js_name = iterateSources)]
    pub fn iterate_sources(
        this: &CensusClient,
        options: Option<Object>,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, js_name = listAllSources)]
    pub fn list_all_sources(this: &CensusClient, options: Option<Object>) -> Promise;
    #[wasm_bindgen(method, js_name = getSource)]
    pub fn get_source(this: &CensusClient, id: JsValue, options: Option<Object>) -> Promise;
    #[wasm_bindgen(method, js_name = createSource)]
    pub fn create_source(this: &CensusClient, input: JsValue, options: Option<Object>) -> Promise;
    #[wasm_bindgen(method, js_name = updateSource)]
    pub fn update_source(
        this: &CensusClient,
        id: JsValue,
        input: JsValue,
        options: Option<Object>,
    ) -> Promise;
    #[wasm_bindgen(method, js_name = deleteSource)]
    pub fn delete_source(this: &CensusClient, id: JsValue, options: Option<Object>) -> Promise;
    #[wasm_bindgen(method, js_name = refreshTables)]
    pub fn refresh_tables(this: &CensusClient, id: JsValue, options: Option<Object>) -> Promise;
    #[wasm_bindgen(method, js_name = refreshTablesStatus)]
    pub fn refresh_tables_status(
        this: &CensusClient,
        id: JsValue,
        refresh_key: JsValue,
        options: Option<Object>,
    ) -> Promise;
    #[wasm_bindgen(method, js_name = refreshTablesAndWait)]
    pub fn refresh_tables_and_wait(
        this: &CensusClient,
        source_id: JsValue,
        options: Option<Object>,
    ) -> Promise;
    #[wasm_bindgen(method, js_name = waitForRefresh)]
    pub fn wait_for_refresh(
        this: &CensusClient,
        source_id: JsValue,
        refresh_key: JsValue,
        options: Option<Object>,
    ) -> Promise;
    #[wasm_bindgen(method, js_name = listSourceTypes)]
    pub fn list_source_types(this: &CensusClient, options: Option<Object>) -> Promise;
    #[wasm_bindgen(method, js_name = getSourceType)]
    pub fn get_source_type(
        this: &CensusClient,
        service_name: JsValue,
        options: Option<Object>,
    ) -> Promise;
    #[wasm_bindgen(method, js_name = listTables)]
    pub fn list_tables(this: &CensusClient, source_id: JsValue, options: Option<Object>)
    -> Promise;
    #[wasm_bindgen(method, catch, js_name = iterateTables)]
    pub fn iterate_tables(
        this: &CensusClient,
        source_id: JsValue,
        options: Option<Object>,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, js_name = listAllTables)]
    pub fn list_all_tables(
        this: &CensusClient,
        source_id: JsValue,
        options: Option<Object>,
    ) -> Promise;
    #[wasm_bindgen(method, js_name = getTable)]
    pub fn get_table(
        this: &CensusClient,
        source_id: JsValue,
        table_id: JsValue,
        options: Option<Object>,
    ) -> Promise;
    #[wasm_bindgen(method, js_name = listDataSources)]
    pub fn list_data_sources(
        this: &CensusClient,
        source_id: JsValue,
        options: Option<Object>,
    ) -> Promise;
    #[wasm_bindgen(method, catch, js_name = iterateDataSources)]
    pub fn iterate_data_sources(
        this: &CensusClient,
        source_id: JsValue,
        options: Option<Object>,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, js_name = getWorkspace)]
    pub fn get_workspace(this: &CensusClient, options: Option<Object>) -> Promise;
    #[wasm_bindgen(method, js_name = getModel)]
    pub fn get_model(
        this: &CensusClient,
        source_id: JsValue,
        model_id: JsValue,
        options: Option<Object>,
    ) -> Promise;
}

impl CensusClient {
    /// Calls the method `name` with `args`, as JavaScript code does (`client[name](...args)`):
    /// a Promise, an async iterator, or the error it threw.
    pub fn invoke(&self, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
        let method: Function = Reflect::get(self, &JsValue::from_str(name))?.dyn_into()?;
        let list: js_sys::Array = args.iter().collect();
        method.apply(self, &list)
    }

    /// `invoke` of a method that returns a Promise.
    pub fn promise(&self, name: &str, args: &[JsValue]) -> Promise {
        match self.invoke(name, args) {
            Ok(value) => value
                .dyn_into()
                .unwrap_or_else(|value| Promise::resolve(&value)),
            Err(thrown) => Promise::reject(&thrown),
        }
    }

    /// `new CensusClient(options)`, made the way the package's class makes it.
    pub fn new(options: Option<Object>) -> Result<CensusClient, JsValue> {
        bound();
        CensusClient::construct(&options.map_or(JsValue::UNDEFINED, JsValue::from))
    }
}

/// Binds the wasm's `Core` class (taken from a `Core` made here) to the runtime, once, so that
/// `new CensusClient(options)` and `new StitchClient(options)` work as in the package.
pub fn bound() {
    thread_local!(static BOUND: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    BOUND.with(|done| {
        if !done.replace(true) {
            let core = JsValue::from(census_wasm::Core::new("null", true, true).expect("a core"));
            bind(&Reflect::get(&core, &JsValue::from_str("constructor")).expect("its class"));
        }
    });
}

pub const SERVER: &str = match option_env!("CENSUS_LOCAL_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8787",
};
pub const TOKEN: &str = match option_env!("CENSUS_LOCAL_TOKEN") {
    Some(token) => token,
    None => "census-local-dev-token",
};
/// The local Census's personal access token (`--pat-token`), for the organisation endpoints.
pub const PAT: &str = match option_env!("CENSUS_LOCAL_PAT_TOKEN") {
    Some(token) => token,
    None => "census-local-dev-pat",
};

pub fn api() -> String {
    format!("{SERVER}/api/v1")
}

pub fn obj(pairs: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &JsValue::from_str(key), value).expect("set");
    }
    object
}

pub fn json(text: &str) -> Object {
    js_sys::JSON::parse(text)
        .expect("test JSON")
        .unchecked_into()
}

pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).expect("get")
}

pub fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

pub fn number(value: &JsValue, key: &str) -> f64 {
    get(value, key).as_f64().expect(key)
}

/// Reads a value the client resolved to into a Rust type, usually one of the core models the
/// client itself reads the API with (`census_wasm::core::models`), through serde-wasm-bindgen.
/// A member that is missing or of the wrong type fails the test, naming its path (`data[3].id`).
/// Members the type does not name are ignored, as the models ignore them on the wire.
pub fn model<T: DeserializeOwned>(value: &impl AsRef<JsValue>) -> T {
    let value = value.as_ref();
    let deserializer = serde_wasm_bindgen::Deserializer::from(value.clone());
    serde_path_to_error::deserialize(deserializer).unwrap_or_else(|err| {
        let json =
            js_sys::JSON::stringify(value).map_or_else(|_| format!("{value:?}"), String::from);
        panic!("not a {}: {err}\n{json}", std::any::type_name::<T>())
    })
}

/// A `Source`, as `getSource`, `createSource` and `updateSource` resolve to it.
pub fn source(value: &JsValue) -> Source {
    model(value)
}

/// What a `list…` method resolves to: the API's page, as the core reads it, and the client's
/// paging helpers.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Listed<T> {
    #[serde(flatten)]
    pub page: Page<T>,
    pub has_next_page: bool,
    pub next_page: Option<u32>,
}

/// A `list…` result whose items are `T`.
pub fn listed<T: DeserializeOwned>(value: &JsValue) -> Listed<T> {
    model(value)
}

/// The `pagination` of a `list…` result, which the local Census always sends.
pub fn pagination<T>(listed: &Listed<T>) -> Pagination {
    listed.page.pagination.expect("pagination")
}

/// An async iterator's `{ done, value }`.
#[derive(Debug, Deserialize)]
pub struct Step<T> {
    pub done: bool,
    pub value: Option<T>,
}

/// A whole number as JavaScript passes it (a Number: `u64` would become a BigInt).
pub fn int(n: u64) -> JsValue {
    JsValue::from_f64(n as f64)
}

pub fn client_with(pairs: &[(&str, JsValue)]) -> CensusClient {
    let mut all = vec![("baseUrl", JsValue::from_str(&api()))];
    all.extend(pairs.iter().cloned());
    CensusClient::new(Some(obj(&all).unchecked_into())).expect("client")
}

pub fn client() -> CensusClient {
    client_with(&[("apiToken", JsValue::from_str(TOKEN))])
}

/// A fetch that counts its calls in `globalThis[counter]` and adds `header: value` when given.
pub fn wrapped_fetch(counter: &str, header: Option<(&str, &str)>) -> JsValue {
    let add = header
        .map(|(name, value)| format!("request.headers.set({name:?}, {value:?});"))
        .unwrap_or_default();
    let body = format!(
        "globalThis[{counter:?}] = (globalThis[{counter:?}] || 0) + 1; {add} return fetch(request);"
    );
    Function::new_with_args("request", &body).into()
}

pub fn calls(counter: &str) -> f64 {
    get(&js_sys::global(), counter).as_f64().unwrap_or(0.0)
}

pub async fn ok(promise: Promise) -> JsValue {
    match JsFuture::from(promise).await {
        Ok(value) => value,
        Err(err) => panic!("call failed: {}", text(&err, "message")),
    }
}

pub async fn fails(promise: Promise) -> JsValue {
    let err = JsFuture::from(promise).await.expect_err("call must fail");
    assert!(
        err.is_instance_of::<js_sys::Error>(),
        "rejected with a real Error"
    );
    err
}

pub async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        let set_timeout: Function = get(&js_sys::global(), "setTimeout").unchecked_into();
        set_timeout
            .call2(&JsValue::NULL, &resolve, &JsValue::from(ms))
            .expect("setTimeout");
    });
    JsFuture::from(promise).await.expect("sleep");
}

/// A valid `createSource` input for a postgres source called `name`.
pub fn create_input(name: &str) -> Object {
    json(&format!(
        r#"{{"type": "postgres", "name": {name:?}, "label": "Test",
            "credentials": {{"hostname": "db.internal", "port": 5432, "user": "census", "password": "pw", "database": "app"}}}}"#
    ))
}

/// Creates a postgres source called `name` and resolves to it.
pub async fn create(client: &CensusClient, name: &str) -> Source {
    source(&ok(client.create_source(JsValue::from(create_input(name)), None)).await)
}

/// Calls the local Census's control API (`/__control/...`); resolves to the JSON answer, or
/// `Value::Null` for a 204. Panics on an answer that is not 2xx, with its status and body.
pub async fn control(method: &str, path: &str, body: Option<&str>) -> Value {
    let url = format!("{SERVER}{path}");
    let verb = Method::from_bytes(method.as_bytes()).expect("an HTTP method");
    let request = RequestBuilder::new(&url).method(verb);
    let request = match body {
        // text/plain keeps it a simple request (no preflight); the server reads the body as JSON.
        Some(body) => request.header("content-type", "text/plain").body(body),
        None => request.build(),
    }
    .unwrap_or_else(|err| panic!("control {method} {path}: {err}"));
    let response = request
        .send()
        .await
        .unwrap_or_else(|err| panic!("control {method} {path}: {err}"));
    if !response.ok() {
        let text = response.text().await.unwrap_or_default();
        panic!("control {method} {path}: {} {text}", response.status());
    }
    if response.status() == 204 {
        return Value::Null;
    }
    response
        .json()
        .await
        .unwrap_or_else(|err| panic!("control {method} {path}: {err}"))
}

/// Adds a fault rule, e.g. `("GET /sources/12", "503", Some(2))`.
pub async fn add_fault(route: &str, fault: &str, times: Option<u32>) {
    let body = serde_json::json!({ "route": route, "fault": fault, "times": times });
    control("POST", "/__control/faults", Some(&body.to_string())).await;
}

/// Removes every fault rule.
pub async fn clear_faults() {
    control("DELETE", "/__control/faults", None).await;
}

/// How many requests the server received for `METHOD /path` since the last reset.
pub async fn attempts(route: &str) -> u64 {
    /// `GET /__control/attempts`, of which only the counts are read.
    #[derive(Deserialize)]
    struct Log {
        counts: HashMap<String, u64>,
    }
    let log: Log = serde_json::from_value(control("GET", "/__control/attempts", None).await)
        .expect("the attempt log");
    log.counts.get(route).copied().unwrap_or(0)
}
