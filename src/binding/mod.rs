//! The JavaScript face of the client: the `CensusClient` class and the conversions at the edge.
//!
//! Inputs cross once (serde-wasm-bindgen, small). Responses are checked as bytes inside wasm by
//! the core readers, then turned into JS objects by the engine's own `JSON.parse`, which is much
//! faster than building them from Rust field by field (see PERF-NOTES).

use std::future::Future;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::core::config::ClientConfig;
use crate::core::error::ClientError;
use crate::core::json_error::{check_known_fields, from_deserializer};
use crate::core::models::Created;
use crate::core::request::HttpRequest;
use crate::core::response::RawResponse;
use crate::core::sources::{self, CreateSourceInput, ListOptions, UpdateSourceInput};
use crate::transport::{Fetch, Received};

#[wasm_bindgen(module = "/src/js/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = createCensusError)]
    fn create_census_error(
        code: &str,
        message: &str,
        status: Option<u16>,
        field: Option<String>,
        api_message: Option<String>,
    ) -> JsValue;
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A free-form JSON object, such as `connection_details` or `credentials`. */
export type JsonObject = { [key: string]: JsonValue };

/** Options of `new CensusClient(...)`. */
export interface CensusClientOptions {
  /** Workspace API token, sent as `Authorization: Bearer …`. Leave it out when a proxy adds it. */
  apiToken?: string;
  /** Defaults to `https://app.getcensus.com/api/v1`. `http:` only for localhost; a path such as `/census/api/v1` targets a same-origin proxy. */
  baseUrl?: string;
  /** A `fetch` to use instead of the global one; it is called as `fetch(request)`. */
  fetch?: (request: Request) => Promise<Response>;
}

/** Options of `listSources`. */
export interface ListSourcesOptions {
  /** 1-based page number (default 1). */
  page?: number;
  /** Items per page, 1–100 (the API's default is 25). */
  perPage?: number;
  /** By creation time (the API's default is `desc`). */
  order?: 'asc' | 'desc';
}

/** One step of a connection test. */
export interface TestStep {
  step: string;
  status: 'running' | 'success' | 'failed' | 'warning' | (string & {});
  error?: { message?: string | null } | null;
}

/** A source connection (a warehouse or database) in a Census workspace. Wire field names. */
export interface Source {
  id: number;
  name: string;
  /** Deprecated in favour of `name`. */
  label?: string | null;
  /** A `service_name` from `/source_types`, e.g. `snowflake`. */
  type: string;
  created_at?: string | null;
  last_test_succeeded?: boolean | null;
  last_tested_at?: string | null;
  last_test_results?: { steps: TestStep[] } | null;
  connection_details?: JsonObject | null;
  read_only_connection?: boolean | null;
  sync_engine?: 'basic' | 'advanced' | (string & {}) | null;
  warehouse_writeback_retention_in_days?: number | null;
  /** Legacy list of the source's tables and models. */
  data_sources?: JsonObject[];
}

/** The `pagination` object of a list response. */
export interface Pagination {
  total_records: number;
  per_page: number;
  prev_page: number | null;
  page: number;
  next_page: number | null;
  last_page: number;
}

/** One page of sources. `pagination` is null when the API sent only the older `next` link. */
export interface SourcePage {
  data: Source[];
  pagination: Pagination | null;
  /** Full URL of the next page, when the API sent one (older responses). */
  next?: string;
}

/** The `connection` of a new source. Wire field names. */
export interface CreateSourceInput {
  /** A `service_name` from `/source_types` that is `creatable_via_api`. */
  type: string;
  credentials: JsonObject;
  label?: string;
  name?: string;
  read_only_connection?: boolean;
  /** Can only be chosen at creation. */
  sync_engine?: 'basic' | 'advanced';
  warehouse_writeback_retention_in_days?: number;
}

/** Changes to a source; give at least one member. `credentials` members not given keep their values. */
export interface UpdateSourceInput {
  name?: string;
  label?: string;
  credentials?: JsonObject;
  read_only_connection?: boolean;
  warehouse_writeback_retention_in_days?: number;
}

/** The key of a refresh-tables job. */
export interface RefreshKey {
  refresh_key: number;
}

/** The state of a refresh-tables job. */
export interface RefreshStatus {
  status: 'processing' | 'completed' | (string & {});
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `CensusClientOptions` from JS; an extern type so TypeScript marks the argument optional.
    #[wasm_bindgen(typescript_type = "CensusClientOptions")]
    pub type ClientOptionsArg;
    /// `ListSourcesOptions` from JS; an extern type so TypeScript marks the argument optional.
    #[wasm_bindgen(typescript_type = "ListSourcesOptions")]
    pub type ListOptionsArg;
}

struct Inner {
    config: ClientConfig,
    fetch: Fetch,
}

/// A client for the Census Sources API. Every method returns a Promise; failures reject with a
/// `CensusError` subclass whose `name`, `code` and `status` say what went wrong.
#[wasm_bindgen]
pub struct CensusClient {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl CensusClient {
    /// Creates a client. Throws a `CensusInputError` naming the option when an option is wrong.
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<ClientOptionsArg>) -> Result<CensusClient, JsValue> {
        let (config, fetch) = read_client_options(options.map(JsValue::from)).map_err(|err| {
            // No config yet, so nothing to redact with; option errors never quote the token.
            js_error(None, err)
        })?;
        Ok(Self {
            inner: Rc::new(Inner { config, fetch }),
        })
    }

    /// The base URL requests go to.
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.inner.config.base_url().to_owned()
    }

    /// Lists one page of sources: `{ data, pagination }`.
    #[wasm_bindgen(js_name = listSources, unchecked_return_type = "Promise<SourcePage>")]
    pub fn list_sources(&self, options: Option<ListOptionsArg>) -> Promise {
        self.run(|inner| async move {
            let options: ListOptions =
                js_input(options.map(JsCast::unchecked_into), "options", false)?;
            let request = sources::list_sources(&options)?;
            let received = inner.exchange(&request).await?;
            sources::read_source_page(&request, &received.raw())?;
            let body = parse_body(&request, &received)?;
            let page = Object::new();
            set(&page, "data", &get(&body, "data"));
            let pagination = get(&body, "pagination");
            set(
                &page,
                "pagination",
                &if pagination.is_undefined() {
                    JsValue::NULL
                } else {
                    pagination
                },
            );
            let next = get(&body, "next");
            if next.is_string() {
                set(&page, "next", &next);
            }
            Ok(page.into())
        })
    }

    /// Fetches one source by id.
    #[wasm_bindgen(js_name = getSource, unchecked_return_type = "Promise<Source>")]
    pub fn get_source(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] id: JsValue,
    ) -> Promise {
        self.run(|inner| async move {
            let id = js_id("id", &id)?;
            inner.get_source(id).await
        })
    }

    /// Creates a source and resolves to it. When the API answers only `{ id }` (older API
    /// versions), the client fetches the new source so the result is always a whole `Source`.
    #[wasm_bindgen(js_name = createSource, unchecked_return_type = "Promise<Source>")]
    pub fn create_source(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateSourceInput")] input: Option<Object>,
    ) -> Promise {
        self.run(|inner| async move {
            let input: CreateSourceInput = js_input(input, "input", true)?;
            let request = sources::create_source(&input)?;
            let received = inner.exchange(&request).await?;
            match sources::read_created(&request, &received.raw())? {
                Created::Source(_) => Ok(get(&parse_body(&request, &received)?, "data")),
                Created::Id(id) => inner.get_source(id).await.map_err(|mut err| {
                    err.message = format!(
                        "source {id} was created, but reading it back failed: {}",
                        err.message
                    );
                    err
                }),
            }
        })
    }

    /// Updates a source (name, label, credentials, read_only_connection, retention) and resolves
    /// to the updated source.
    #[wasm_bindgen(js_name = updateSource, unchecked_return_type = "Promise<Source>")]
    pub fn update_source(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "UpdateSourceInput")] input: Option<Object>,
    ) -> Promise {
        self.run(|inner| async move {
            let id = js_id("id", &id)?;
            let input: UpdateSourceInput = js_input(input, "input", true)?;
            let request = sources::update_source(id, &input)?;
            let received = inner.exchange(&request).await?;
            sources::read_source(&request, &received.raw())?;
            Ok(get(&parse_body(&request, &received)?, "data"))
        })
    }

    /// Deletes a source. Resolves to `undefined`; rejects with `CensusNotFoundError` if it is gone.
    #[wasm_bindgen(js_name = deleteSource, unchecked_return_type = "Promise<void>")]
    pub fn delete_source(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] id: JsValue,
    ) -> Promise {
        self.run(|inner| async move {
            let id = js_id("id", &id)?;
            let request = sources::delete_source(id)?;
            let received = inner.exchange(&request).await?;
            sources::read_deleted(&request, &received.raw())?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Starts a job that refreshes the source's list of tables: `{ refresh_key }`.
    #[wasm_bindgen(js_name = refreshTables, unchecked_return_type = "Promise<RefreshKey>")]
    pub fn refresh_tables(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] id: JsValue,
    ) -> Promise {
        self.run(|inner| async move {
            let id = js_id("id", &id)?;
            let request = sources::refresh_tables(id)?;
            let received = inner.exchange(&request).await?;
            let key = sources::read_refresh_key(&request, &received.raw())?;
            let out = Object::new();
            // Keys are integers below 2^53 in practice; a JS number is what callers pass back.
            set(
                &out,
                "refresh_key",
                &JsValue::from_f64(key.refresh_key as f64),
            );
            Ok(out.into())
        })
    }

    /// Reads the state of a refresh-tables job: `{ status: "processing" | "completed" }`.
    #[wasm_bindgen(js_name = refreshTablesStatus, unchecked_return_type = "Promise<RefreshStatus>")]
    pub fn refresh_tables_status(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] id: JsValue,
        #[wasm_bindgen(js_name = refreshKey, unchecked_param_type = "number")] refresh_key: JsValue,
    ) -> Promise {
        self.run(|inner| async move {
            let id = js_id("id", &id)?;
            let refresh_key = if refresh_key.is_undefined() || refresh_key.is_null() {
                None
            } else {
                Some(js_id("refreshKey", &refresh_key)?)
            };
            let request = sources::refresh_tables_status(id, refresh_key)?;
            let received = inner.exchange(&request).await?;
            let status = sources::read_refresh_status(&request, &received.raw())?;
            let out = Object::new();
            set(&out, "status", &JsValue::from_str(status.status.as_str()));
            Ok(out.into())
        })
    }
}

impl CensusClient {
    /// Runs one call as a Promise. The state is cloned into the future first, so no borrow of
    /// `self` is held across an `await` and concurrent calls never conflict.
    fn run<F, Fut>(&self, call: F) -> Promise
    where
        F: FnOnce(Rc<Inner>) -> Fut,
        Fut: Future<Output = Result<JsValue, ClientError>> + 'static,
    {
        let inner = Rc::clone(&self.inner);
        let future = call(Rc::clone(&inner));
        future_to_promise(async move {
            future
                .await
                .map_err(|err| js_error(Some(&inner.config), err))
        })
    }
}

impl Inner {
    async fn exchange(&self, request: &HttpRequest) -> Result<Received, ClientError> {
        self.fetch.send(&self.config, request).await
    }

    async fn get_source(&self, id: u64) -> Result<JsValue, ClientError> {
        let request = sources::get_source(id)?;
        let received = self.exchange(&request).await?;
        sources::read_source(&request, &received.raw())?;
        Ok(get(&parse_body(&request, &received)?, "data"))
    }
}

impl Received {
    fn raw(&self) -> RawResponse<'_> {
        RawResponse {
            status: self.status,
            content_type: self.content_type.as_deref(),
            body: &self.body,
        }
    }
}

/// Turns a checked body into JS objects with the engine's `JSON.parse`.
fn parse_body(request: &HttpRequest, received: &Received) -> Result<JsValue, ClientError> {
    let text = String::from_utf8_lossy(&received.body);
    js_sys::JSON::parse(&text).map_err(|_| {
        ClientError::new(
            crate::core::error::ErrorKind::UnexpectedResponse,
            format!(
                "{} answered a body that JSON.parse refused",
                request.describe()
            ),
        )
        .with_status(received.status)
    })
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(object: &Object, key: &str, value: &JsValue) {
    // Setting a data property on a fresh plain object cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// Builds the JS error object for `err`, with the token scrubbed from anything quoted.
fn js_error(config: Option<&ClientConfig>, err: ClientError) -> JsValue {
    let redact = |text: &str| config.map_or_else(|| text.to_owned(), |c| c.redact(text));
    create_census_error(
        err.kind.code(),
        &redact(&err.message),
        err.status,
        err.field,
        err.api_message.as_deref().map(redact),
    )
}

/// A short description of a JS value's type for messages (`a string "12"`, `an object`).
fn describe_js(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        let shown: String = text.chars().take(40).collect();
        return format!("a string {shown:?}");
    }
    if value.is_null() {
        return "null".to_owned();
    }
    if Array::is_array(value) {
        return "an array".to_owned();
    }
    match value.js_typeof().as_string().as_deref() {
        Some("object") => "an object".to_owned(),
        Some("boolean") => "a boolean".to_owned(),
        Some("bigint") => "a bigint".to_owned(),
        Some(other) => format!("a {other}"),
        None => "a value of unknown type".to_owned(),
    }
}

/// Reads an id argument: a positive safe integer.
fn js_id(field: &str, value: &JsValue) -> Result<u64, ClientError> {
    if let Some(number) = value.as_f64() {
        return sources::check_id(field, number);
    }
    if value.is_undefined() {
        return Err(ClientError::invalid_input(
            field,
            "required: a positive integer",
        ));
    }
    Err(ClientError::invalid_input(
        field,
        format!("expected a positive integer, got {}", describe_js(value)),
    ))
}

/// Reads an option bag or input object through serde, naming the field at fault.
fn js_input<T: DeserializeOwned + Default>(
    value: Option<Object>,
    name: &str,
    required: bool,
) -> Result<T, ClientError> {
    let value: JsValue = match value {
        Some(object) => object.into(),
        None => JsValue::UNDEFINED,
    };
    if value.is_undefined() || value.is_null() {
        return if required {
            Err(ClientError::invalid_input(name, "required: an object"))
        } else {
            Ok(T::default())
        };
    }
    if !value.is_object() || Array::is_array(&value) {
        return Err(ClientError::invalid_input(
            name,
            format!("expected an object, got {}", describe_js(&value)),
        ));
    }
    let keys = Object::keys(value.unchecked_ref::<Object>());
    check_known_fields::<T>(keys.iter().filter_map(|key| key.as_string()))
        .and_then(|()| from_deserializer::<T, _>(serde_wasm_bindgen::Deserializer::from(value)))
        .map_err(|err| {
            let field = if err.path.is_empty() {
                name.to_owned()
            } else {
                err.path
            };
            ClientError::invalid_input(&field, err.reason)
        })
}

const CLIENT_OPTIONS: [&str; 3] = ["apiToken", "baseUrl", "fetch"];

fn read_client_options(options: Option<JsValue>) -> Result<(ClientConfig, Fetch), ClientError> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    if options.is_undefined() || options.is_null() {
        return Ok((ClientConfig::new(None, None)?, Fetch::global()?));
    }
    if !options.is_object() || Array::is_array(&options) {
        return Err(ClientError::invalid_config(
            "options",
            format!(
                "expected an object such as {{ apiToken, baseUrl }}, got {}",
                describe_js(&options)
            ),
        ));
    }
    let object: &Object = options.unchecked_ref();
    for key in Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !CLIENT_OPTIONS.contains(&key.as_str()) {
            return Err(ClientError::invalid_config(
                &key,
                format!(
                    "unknown option; expected one of {}",
                    CLIENT_OPTIONS.join(", ")
                ),
            ));
        }
    }
    let text_option = |name: &str| -> Result<Option<String>, ClientError> {
        let value = get(&options, name);
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        value.as_string().map(Some).ok_or_else(|| {
            ClientError::invalid_config(
                name,
                format!("expected a string, got {}", describe_js(&value)),
            )
        })
    };
    let token = text_option("apiToken")?;
    let base_url = text_option("baseUrl")?;
    let fetch = get(&options, "fetch");
    let fetch = if fetch.is_undefined() || fetch.is_null() {
        Fetch::global()?
    } else {
        Fetch::custom(fetch.dyn_into::<Function>().map_err(|value| {
            ClientError::invalid_config(
                "fetch",
                format!(
                    "expected a function like fetch, got {}",
                    describe_js(&value)
                ),
            )
        })?)
    };
    Ok((
        ClientConfig::new(base_url.as_deref(), token.as_deref())?,
        fetch,
    ))
}
