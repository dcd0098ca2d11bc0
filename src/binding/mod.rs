//! The JavaScript face of the client: the `CensusClient` class.
//!
//! Each method only reads its arguments into a [`Call`] and hands it, as a synchronous
//! [`Operation`], to the JS runtime (src/js/runtime.js), which sends the requests the operation
//! builds and gives it back the answers to read. No Rust here awaits anything, so the wasm
//! carries no futures machinery. Responses are checked as bytes in wasm, then turned into JS
//! objects by the engine's own `JSON.parse`, which is much faster than building them from Rust
//! field by field (see PERF-NOTES).

mod bag;
mod convert;
mod listing;
mod refresh_wait;
mod types;

use std::rc::Rc;

use js_sys::{Function, JsString, Object, Promise};
use wasm_bindgen::prelude::*;

use crate::core::checked::{self, CheckedCreated};
use crate::core::config::ClientConfig;
use crate::core::error::{ClientError, ErrorKind};
use crate::core::models::Page;
use crate::core::pagination::{self, ListAllOptions, ListPlan};
use crate::core::request::HttpRequest;
use crate::core::response::RawResponse;
use crate::core::retry;
use crate::core::scan::quoted;
use crate::core::source_types;
use crate::core::sources::{self, CreateSourceInput, ListOptions, Order, UpdateSourceInput};
use crate::core::tables::{self, TableListOptions};
use crate::transport::{CallSettings, Exchange, Received};
use convert::{get, js_error, js_id, read_call_options, read_client_options, set};
use listing::{ListKind, Listing};
use refresh_wait::RefreshWait;
pub use types::{
    CallOptionsArg, ClientOptionsArg, CreateSourceOptionsArg, ListAllOptionsArg,
    ListAllTablesOptionsArg, ListOptionsArg, ListTablesOptionsArg, RefreshWaitOptionsArg,
};

struct Inner {
    config: Rc<ClientConfig>,
    /// The fetch and hooks, as the JS runtime takes them.
    transport: JsValue,
    defaults: CallSettings,
}

#[wasm_bindgen(module = "/src/js/runtime.js")]
extern "C" {
    fn transport(
        fetch: &Function,
        this: &JsValue,
        on_request: Option<Function>,
        on_response: Option<Function>,
    ) -> JsValue;

    #[wasm_bindgen(js_name = runCall)]
    fn run_call(transport: &JsValue, operation: Operation) -> Promise;

    #[wasm_bindgen(js_name = listAll)]
    fn run_list_all(transport: &JsValue, listing: Listing) -> Promise;

    #[wasm_bindgen(js_name = iterate)]
    fn run_iterate(transport: &JsValue, listing: Listing) -> JsValue;

    #[wasm_bindgen(js_name = refreshAndWait)]
    fn run_refresh_wait(transport: &JsValue, wait: RefreshWait) -> Promise;
}

/// One API call, with its arguments read and checked.
enum Call {
    List(ListOptions),
    Get(u64),
    Create(CreateSourceInput),
    Update(u64, UpdateSourceInput),
    Delete(u64),
    RefreshTables(u64),
    RefreshStatus(u64, Option<u64>),
    /// `createSource` with `checkType`: reads the source type, checks the input, then creates.
    CheckedCreate(CreateSourceInput),
    GetSourceType(String),
    ListTables(u64, TableListOptions),
    GetTable(u64, u64),
    ListDataSources(u64, ListOptions),
    GetModel(u64, u64),
}

/// What reading an answer leads to.
enum Step {
    Done(JsValue),
    /// The API created a source but answered only its id: fetch it.
    ReadBack(u64),
    /// The source type allows this input: now create the source.
    Create(CreateSourceInput),
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
        let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
        // No config yet, so nothing to redact with; option errors never quote the token.
        let setup = read_client_options(&options).map_err(|err| js_error(None, err))?;
        let transport = transport(
            &setup.fetch.function,
            &setup.fetch.this,
            setup.hooks.on_request,
            setup.hooks.on_response,
        );
        Ok(Self {
            inner: Rc::new(Inner {
                config: Rc::new(setup.config),
                transport,
                defaults: setup.defaults,
            }),
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
        let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
        self.start(
            convert::read_list_options(&options).map(Call::List),
            &options,
            &ListOptions::KEYS,
        )
    }

    /// Iterates over every source, in order, with `for await`. Pages are fetched ahead with at
    /// most `concurrency` requests in flight (default 4); `break` or the `signal` cancels them.
    #[wasm_bindgen(js_name = iterateSources, unchecked_return_type = "AsyncIterableIterator<Source, undefined, undefined>")]
    pub fn iterate_sources(&self, options: Option<ListAllOptionsArg>) -> Result<JsValue, JsValue> {
        let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
        self.iterate(ListKind::Sources, &options)
    }

    /// Lists every source, in order, as one array. `onProgress` receives
    /// `{ pagesDone, pagesTotal, itemsDone, itemsTotal }` after each page.
    #[wasm_bindgen(js_name = listAllSources, unchecked_return_type = "Promise<Source[]>")]
    pub fn list_all_sources(&self, options: Option<ListAllOptionsArg>) -> Promise {
        let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
        self.list_all(self.lister(ListKind::Sources, &options, &[]))
    }

    /// Fetches one source by id.
    #[wasm_bindgen(js_name = getSource, unchecked_return_type = "Promise<Source>")]
    pub fn get_source(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] id: JsValue,
        options: Option<CallOptionsArg>,
    ) -> Promise {
        self.start(
            (|| Ok(Call::Get(js_id("id", &id)?)))(),
            &call_options(options),
            &[],
        )
    }

    /// Creates a source and resolves to it. When the API answers only `{ id }` (older API
    /// versions), the client fetches the new source so the result is always a whole `Source`.
    /// With `checkType: true` it first reads the source type and refuses, before sending
    /// anything, a type that is unknown or not creatable via the API and credentials missing a
    /// required field; given the `SourceType` itself, it checks with that and sends one request
    /// fewer. Never retried unless this call's `retry.retryNonIdempotent` is set.
    #[wasm_bindgen(js_name = createSource, unchecked_return_type = "Promise<Source>")]
    pub fn create_source(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateSourceInput")] input: JsValue,
        options: Option<CreateSourceOptionsArg>,
    ) -> Promise {
        let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
        self.start(
            (|| {
                let input = convert::read_create_input(&input)?;
                let check = get(&options, "checkType");
                match check.as_bool() {
                    Some(true) => Ok(Call::CheckedCreate(input)),
                    Some(false) => Ok(Call::Create(input)),
                    None if check.is_undefined() || check.is_null() => Ok(Call::Create(input)),
                    None if check.is_object() && !js_sys::Array::is_array(&check) => {
                        let kind = checked::read_source_type(
                            "checkType",
                            &bag::json_text("checkType", &check)?,
                        )?;
                        source_types::check_held_type(&input, &kind)?;
                        Ok(Call::Create(input))
                    }
                    None => Err(ClientError::invalid_input(
                        "checkType",
                        format!(
                            "expected true, false or a SourceType, got {}",
                            convert::describe_js(&check)
                        ),
                    )),
                }
            })(),
            &options,
            &["checkType"],
        )
    }

    /// Updates a source (name, label, credentials, read_only_connection, retention) and resolves
    /// to the updated source.
    #[wasm_bindgen(js_name = updateSource, unchecked_return_type = "Promise<Source>")]
    pub fn update_source(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "UpdateSourceInput")] input: JsValue,
        options: Option<CallOptionsArg>,
    ) -> Promise {
        self.start(
            (|| {
                Ok(Call::Update(
                    js_id("id", &id)?,
                    convert::read_update_input(&input)?,
                ))
            })(),
            &call_options(options),
            &[],
        )
    }

    /// Deletes a source. Resolves to `undefined`; rejects with `CensusNotFoundError` if it is gone,
    /// unless an earlier attempt of this call got no answer, a 500, 502 or 504: that one may have
    /// deleted it.
    #[wasm_bindgen(js_name = deleteSource, unchecked_return_type = "Promise<void>")]
    pub fn delete_source(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] id: JsValue,
        options: Option<CallOptionsArg>,
    ) -> Promise {
        self.start(
            (|| Ok(Call::Delete(js_id("id", &id)?)))(),
            &call_options(options),
            &[],
        )
    }

    /// Starts a job that refreshes the source's list of tables: `{ refresh_key }`. Never retried
    /// unless this call's `retry.retryNonIdempotent` is set.
    #[wasm_bindgen(js_name = refreshTables, unchecked_return_type = "Promise<RefreshKey>")]
    pub fn refresh_tables(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] id: JsValue,
        options: Option<CallOptionsArg>,
    ) -> Promise {
        self.start(
            (|| Ok(Call::RefreshTables(js_id("id", &id)?)))(),
            &call_options(options),
            &[],
        )
    }

    /// Reads the state of a refresh-tables job: `{ status: "processing" | "completed" }`.
    #[wasm_bindgen(js_name = refreshTablesStatus, unchecked_return_type = "Promise<RefreshStatus>")]
    pub fn refresh_tables_status(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] id: JsValue,
        #[wasm_bindgen(js_name = refreshKey, unchecked_param_type = "number")] refresh_key: JsValue,
        options: Option<CallOptionsArg>,
    ) -> Promise {
        self.start(
            (|| {
                let id = js_id("id", &id)?;
                let key = if refresh_key.is_undefined() || refresh_key.is_null() {
                    None
                } else {
                    Some(js_id("refreshKey", &refresh_key)?)
                };
                Ok(Call::RefreshStatus(id, key))
            })(),
            &call_options(options),
            &[],
        )
    }

    /// Lists every source type (the whole catalogue, all pages), in the API's order.
    #[wasm_bindgen(js_name = listSourceTypes, unchecked_return_type = "Promise<SourceType[]>")]
    pub fn list_source_types(&self, options: Option<CallOptionsArg>) -> Promise {
        let options = call_options(options);
        let lister = read_call_options(&options, &self.inner.defaults, &[]).and_then(|settings| {
            let plan = ListPlan {
                order: Order::Asc,
                ..ListPlan::default()
            };
            Listing::new(
                Rc::clone(&self.inner),
                ListKind::SourceTypes,
                plan,
                settings,
                None,
            )
        });
        self.list_all(lister)
    }

    /// Fetches one source type by its `service_name`; rejects with `CensusNotFoundError` when
    /// the workspace has no such type.
    #[wasm_bindgen(js_name = getSourceType, unchecked_return_type = "Promise<SourceType>")]
    pub fn get_source_type(
        &self,
        #[wasm_bindgen(js_name = serviceName, unchecked_param_type = "string")]
        service_name: JsValue,
        options: Option<CallOptionsArg>,
    ) -> Promise {
        self.start(
            (|| {
                let name = service_name.as_string().ok_or_else(|| {
                    ClientError::invalid_input(
                        "serviceName",
                        "required: a string, e.g. \"snowflake\"",
                    )
                })?;
                Ok(Call::GetSourceType(name))
            })(),
            &call_options(options),
            &[],
        )
    }

    /// Lists one page of a source's tables: `{ data, pagination, hasNextPage, nextPage }`;
    /// `search` keeps the tables whose name contains it.
    #[wasm_bindgen(js_name = listTables, unchecked_return_type = "Promise<TablePage>")]
    pub fn list_tables(
        &self,
        #[wasm_bindgen(js_name = sourceId, unchecked_param_type = "number")] source_id: JsValue,
        options: Option<ListTablesOptionsArg>,
    ) -> Promise {
        let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
        self.start(
            (|| {
                let id = js_id("sourceId", &source_id)?;
                let list = convert::read_table_list_options(&options)?;
                Ok(Call::ListTables(id, list))
            })(),
            &options,
            &TableListOptions::KEYS,
        )
    }

    /// Iterates over every table of a source with `for await`, like `iterateSources`.
    #[wasm_bindgen(js_name = iterateTables, unchecked_return_type = "AsyncIterableIterator<Table, undefined, undefined>")]
    pub fn iterate_tables(
        &self,
        #[wasm_bindgen(js_name = sourceId, unchecked_param_type = "number")] source_id: JsValue,
        options: Option<ListAllTablesOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
        let kind = self
            .table_kind(&source_id, &options)
            .map_err(|err| js_error(Some(&*self.inner.config), err))?;
        self.iterate(kind, &options)
    }

    /// Lists every table of a source as one array, like `listAllSources`.
    #[wasm_bindgen(js_name = listAllTables, unchecked_return_type = "Promise<Table[]>")]
    pub fn list_all_tables(
        &self,
        #[wasm_bindgen(js_name = sourceId, unchecked_param_type = "number")] source_id: JsValue,
        options: Option<ListAllTablesOptionsArg>,
    ) -> Promise {
        let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
        let lister = self
            .table_kind(&source_id, &options)
            .and_then(|kind| self.lister(kind, &options, &["search"]));
        self.list_all(lister)
    }

    /// Fetches one table of a source, with its columns.
    #[wasm_bindgen(js_name = getTable, unchecked_return_type = "Promise<TableWithColumns>")]
    pub fn get_table(
        &self,
        #[wasm_bindgen(js_name = sourceId, unchecked_param_type = "number")] source_id: JsValue,
        #[wasm_bindgen(js_name = tableId, unchecked_param_type = "number")] table_id: JsValue,
        options: Option<CallOptionsArg>,
    ) -> Promise {
        self.start(
            (|| {
                Ok(Call::GetTable(
                    js_id("sourceId", &source_id)?,
                    js_id("tableId", &table_id)?,
                ))
            })(),
            &call_options(options),
            &[],
        )
    }

    /// Lists one page of a source's tables and models (the legacy `data_sources` endpoint);
    /// each item's `type` (`"table"` or `"model"`) tells which it is.
    #[wasm_bindgen(js_name = listDataSources, unchecked_return_type = "Promise<DataSourcePage>")]
    pub fn list_data_sources(
        &self,
        #[wasm_bindgen(js_name = sourceId, unchecked_param_type = "number")] source_id: JsValue,
        options: Option<ListOptionsArg>,
    ) -> Promise {
        let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
        self.start(
            (|| {
                let id = js_id("sourceId", &source_id)?;
                let list = convert::read_list_options(&options)?;
                Ok(Call::ListDataSources(id, list))
            })(),
            &options,
            &ListOptions::KEYS,
        )
    }

    /// Iterates over every table and model of a source (legacy `data_sources`) with `for await`.
    #[wasm_bindgen(js_name = iterateDataSources, unchecked_return_type = "AsyncIterableIterator<DataSource, undefined, undefined>")]
    pub fn iterate_data_sources(
        &self,
        #[wasm_bindgen(js_name = sourceId, unchecked_param_type = "number")] source_id: JsValue,
        options: Option<ListAllOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
        let source_id = js_id("sourceId", &source_id)
            .map_err(|err| js_error(Some(&*self.inner.config), err))?;
        self.iterate(ListKind::DataSources { source_id }, &options)
    }

    /// Fetches one model of a source, with its columns and, for dbt models, `compiled_query`.
    #[wasm_bindgen(js_name = getModel, unchecked_return_type = "Promise<ModelWithColumns>")]
    pub fn get_model(
        &self,
        #[wasm_bindgen(js_name = sourceId, unchecked_param_type = "number")] source_id: JsValue,
        #[wasm_bindgen(js_name = modelId, unchecked_param_type = "number")] model_id: JsValue,
        options: Option<CallOptionsArg>,
    ) -> Promise {
        self.start(
            (|| {
                Ok(Call::GetModel(
                    js_id("sourceId", &source_id)?,
                    js_id("modelId", &model_id)?,
                ))
            })(),
            &call_options(options),
            &[],
        )
    }

    /// Starts a table refresh and resolves when it has completed:
    /// `{ refresh_key, status: "completed", attempts, elapsedMs }`. Checks the status after
    /// `intervalMs` (default 1000), waiting half as long again each time up to `maxIntervalMs`
    /// (default 10000); rejects with `CensusTimeoutError` after `timeoutMs` (default 300000; 0
    /// waits without limit) and with an `AbortError` when `signal` aborts. `onProgress`
    /// receives `{ state, attempts, elapsedMs }` once the job is queued and after each check.
    #[wasm_bindgen(js_name = refreshTablesAndWait, unchecked_return_type = "Promise<RefreshOutcome>")]
    pub fn refresh_tables_and_wait(
        &self,
        #[wasm_bindgen(js_name = sourceId, unchecked_param_type = "number")] source_id: JsValue,
        options: Option<RefreshWaitOptionsArg>,
    ) -> Promise {
        let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
        match RefreshWait::read(&self.inner, &source_id, &options) {
            Ok(wait) => run_refresh_wait(&self.inner.transport, wait),
            Err(err) => Promise::reject(&js_error(Some(&*self.inner.config), err)),
        }
    }

    /// Waits for a table refresh started earlier (by `refreshTables`, perhaps before a page
    /// reload) to complete, without starting another: the same options, schedule, progress
    /// reports and outcome as `refreshTablesAndWait`.
    #[wasm_bindgen(js_name = waitForRefresh, unchecked_return_type = "Promise<RefreshOutcome>")]
    pub fn wait_for_refresh(
        &self,
        #[wasm_bindgen(js_name = sourceId, unchecked_param_type = "number")] source_id: JsValue,
        #[wasm_bindgen(js_name = refreshKey, unchecked_param_type = "number")] refresh_key: JsValue,
        options: Option<RefreshWaitOptionsArg>,
    ) -> Promise {
        let options: JsValue = options.map_or(JsValue::UNDEFINED, JsValue::from);
        let wait = RefreshWait::read(&self.inner, &source_id, &options).and_then(|wait| {
            // Read like refreshTablesStatus's key, but required here.
            Ok(wait.resuming(js_id("refreshKey", &refresh_key)?))
        });
        match wait {
            Ok(wait) => run_refresh_wait(&self.inner.transport, wait),
            Err(err) => Promise::reject(&js_error(Some(&*self.inner.config), err)),
        }
    }
}

fn call_options(options: Option<CallOptionsArg>) -> JsValue {
    options.map_or(JsValue::UNDEFINED, JsValue::from)
}

impl CensusClient {
    /// Reads the options of an `iterate…` / `listAll…` call into a listing. `extra` names keys
    /// of the bag read elsewhere (the tables' `search`).
    fn lister(
        &self,
        kind: ListKind,
        options: &JsValue,
        extra: &[&str],
    ) -> Result<Listing, ClientError> {
        let mut own: Vec<&str> = ListAllOptions::KEYS.to_vec();
        own.push("onProgress");
        own.extend_from_slice(extra);
        let settings = read_call_options(options, &self.inner.defaults, &own)?;
        let mut also_allowed: Vec<&str> = convert::CALL_OPTIONS.to_vec();
        also_allowed.push("onProgress");
        also_allowed.extend_from_slice(extra);
        let list = convert::read_list_all_options(options, &also_allowed)?;
        let on_progress =
            match get(options, "onProgress") {
                value if value.is_undefined() || value.is_null() => None,
                value => Some(value.dyn_into::<js_sys::Function>().map_err(|_| {
                    ClientError::invalid_input("onProgress", "expected a function")
                })?),
            };
        Listing::new(
            Rc::clone(&self.inner),
            kind,
            list.plan()?,
            settings,
            on_progress,
        )
    }

    /// The listing of a source's tables, with the `search` of `options`.
    fn table_kind(&self, source_id: &JsValue, options: &JsValue) -> Result<ListKind, ClientError> {
        let source_id = js_id("sourceId", source_id)?;
        let search = match get(options, "search") {
            value if value.is_undefined() || value.is_null() => None,
            value => Some(
                value
                    .as_string()
                    .ok_or_else(|| ClientError::invalid_input("search", "expected a string"))?,
            ),
        };
        Ok(ListKind::Tables { source_id, search })
    }

    /// An async iterable over a listing.
    fn iterate(&self, kind: ListKind, options: &JsValue) -> Result<JsValue, JsValue> {
        let extra: &[&str] = match kind {
            ListKind::Tables { .. } => &["search"],
            _ => &[],
        };
        let lister = self
            .lister(kind, options, extra)
            .map_err(|err| js_error(Some(&*self.inner.config), err))?;
        Ok(run_iterate(&self.inner.transport, lister))
    }

    /// A Promise of every item of a listing, as one array.
    fn list_all(&self, lister: Result<Listing, ClientError>) -> Promise {
        match lister {
            Ok(lister) => run_list_all(&self.inner.transport, lister),
            Err(err) => Promise::reject(&js_error(Some(&*self.inner.config), err)),
        }
    }

    /// Reads a call's arguments and options, then runs it as a Promise. Argument errors reject
    /// the Promise without sending anything. The operation owns clones of what it needs, so
    /// concurrent calls never share state.
    fn start(
        &self,
        call: Result<Call, ClientError>,
        options: &JsValue,
        extra_options: &[&str],
    ) -> Promise {
        // Options are checked before the arguments, so their errors win; the arguments were read
        // already by the caller.
        let prepared = read_call_options(options, &self.inner.defaults, extra_options)
            .and_then(|settings| call.map(|call| (call, settings)));
        match prepared {
            Ok((call, settings)) => run_call(
                &self.inner.transport,
                Operation {
                    inner: Rc::clone(&self.inner),
                    call,
                    settings,
                    created: None,
                    more: false,
                },
            ),
            Err(err) => Promise::reject(&js_error(Some(&*self.inner.config), err)),
        }
    }
}

/// One call as the JS runtime runs it (`runCall`): the request to send next, and what each
/// answer leads to: the value, a typed error, or one more request (the read-back after a
/// create, or the create after `checkType`).
#[wasm_bindgen(skip_typescript)]
pub struct Operation {
    inner: Rc<Inner>,
    call: Call,
    settings: CallSettings,
    /// The id of a source created by this call, once the API answered only that.
    created: Option<u64>,
    more: bool,
}

#[wasm_bindgen]
impl Operation {
    /// The next request to send; throws the typed error when it cannot be built.
    pub fn exchange(&self) -> Result<Exchange, JsValue> {
        let request = self.call.request().map_err(|err| self.error(err))?;
        Ok(Exchange::new(
            &self.inner.config,
            request,
            self.settings.clone(),
        ))
    }

    /// The error to reject with when `exchange` got no answer.
    pub fn failed(&self, exchange: &mut Exchange) -> JsValue {
        self.error(exchange.take_error())
    }

    /// Reads the answer to `exchange`: the call's value, or a throw of its typed error. When
    /// `more` is then true, the value is meaningless and there is another request to send.
    pub fn finish(&mut self, exchange: &Exchange) -> Result<JsValue, JsValue> {
        self.more = true;
        let step = exchange
            .received()
            .and_then(|received| self.call.finish(&exchange.request, received))
            .or_else(|err| match self.call {
                // An earlier attempt may have deleted it, its answer lost: gone is what was asked.
                Call::Delete(_) if err.kind == ErrorKind::NotFound && exchange.maybe_acted => {
                    Ok(Step::Done(JsValue::UNDEFINED))
                }
                _ => Err(err),
            });
        match step {
            Ok(Step::Done(value)) => {
                self.more = false;
                Ok(value)
            }
            Ok(Step::ReadBack(id)) => {
                self.created = Some(id);
                self.call = Call::Get(id);
                Ok(JsValue::UNDEFINED)
            }
            Ok(Step::Create(input)) => {
                self.call = Call::Create(input);
                Ok(JsValue::UNDEFINED)
            }
            Err(err) => {
                self.more = false;
                Err(self.error(err))
            }
        }
    }

    /// True when the last answer asked for another request.
    #[wasm_bindgen(getter)]
    pub fn more(&self) -> bool {
        self.more
    }
}

impl Operation {
    fn error(&self, mut err: ClientError) -> JsValue {
        if let Some(id) = self.created {
            err.message = format!(
                "source {id} was created, but reading it back failed: {}",
                err.message
            );
        }
        js_error(Some(&*self.inner.config), err)
    }
}

impl Call {
    fn request(&self) -> Result<HttpRequest, ClientError> {
        match self {
            Self::List(options) => sources::list_sources(options),
            Self::Get(id) => sources::get_source(*id),
            Self::Create(input) => sources::create_source(input),
            Self::Update(id, input) => sources::update_source(*id, input),
            Self::Delete(id) => sources::delete_source(*id),
            Self::RefreshTables(id) => sources::refresh_tables(*id),
            Self::RefreshStatus(id, key) => sources::refresh_tables_status(*id, *key),
            Self::CheckedCreate(input) => {
                // The input's own checks come first, so a missing type is named `type`.
                sources::create_source(input)?;
                source_types::get_source_type(input.source_type.as_deref().unwrap_or_default())
                    .map_err(|err| ClientError::invalid_input("type", err.message))
            }
            Self::GetSourceType(name) => source_types::get_source_type(name),
            Self::ListTables(id, options) => tables::list_tables(*id, options),
            Self::GetTable(id, table) => tables::get_table(*id, *table),
            Self::ListDataSources(id, options) => tables::list_data_sources(*id, options),
            Self::GetModel(id, model) => tables::get_model(*id, *model),
        }
    }

    /// Checks the answer in wasm (`core::checked`), then materialises it in JS with `JSON.parse`
    /// from the text JavaScript already holds.
    fn finish(&self, request: &HttpRequest, received: &Received) -> Result<Step, ClientError> {
        let raw = received.raw();
        let checked = match self {
            Self::List(_) => checked::check_page(request, &raw, &checked::SOURCES)
                .and_then(|page| page_step(request, received, &page)),
            Self::ListTables(..) => checked::check_page(request, &raw, &checked::TABLES)
                .and_then(|page| page_step(request, received, &page)),
            Self::ListDataSources(..) => checked::check_page(request, &raw, &checked::DATA_SOURCES)
                .and_then(|page| page_step(request, received, &page)),
            Self::GetSourceType(_) => {
                checked::check_data(request, &raw, &checked::SOURCE_TYPE).map(|()| None)
            }
            Self::GetTable(..) => {
                checked::check_data(request, &raw, &checked::TABLE).map(|()| None)
            }
            Self::GetModel(..) => {
                checked::check_data(request, &raw, &checked::MODEL).map(|()| None)
            }
            // The typed SourceType is needed to check the input: one small body.
            Self::CheckedCreate(input) => match checked::check_source_type(request, &raw) {
                Ok(kind) => source_types::check_create_input(input, &kind)
                    .map(|()| Some(Step::Create(input.clone()))),
                Err(err) if err.kind == ErrorKind::NotFound => Err(ClientError::invalid_input(
                    "type",
                    format!(
                        "unknown source type {}: the workspace's /source_types has no such \
                         service_name",
                        quoted(input.source_type.as_deref().unwrap_or_default())
                    ),
                )),
                Err(err) => Err(err),
            },
            Self::Get(_) | Self::Update(..) => {
                checked::check_data(request, &raw, &checked::SOURCE).map(|()| None)
            }
            Self::Create(_) => checked::check_created(request, &raw).map(|created| match created {
                CheckedCreated::Id(id) => Some(Step::ReadBack(id)),
                CheckedCreated::Source => None,
            }),
            Self::Delete(_) => checked::check_status_only(request, &raw)
                .map(|()| Some(Step::Done(JsValue::UNDEFINED))),
            Self::RefreshTables(_) => checked::check_refresh_key(request, &raw).map(|key| {
                let out = Object::new();
                // Keys are integers below 2^53 in practice; a JS number is what callers pass back.
                set(
                    &out,
                    "refresh_key",
                    &JsValue::from_f64(key.refresh_key as f64),
                );
                Some(Step::Done(out.into()))
            }),
            Self::RefreshStatus(..) => checked::check_refresh_status(request, &raw).map(|status| {
                let out = Object::new();
                set(&out, "status", &JsValue::from_str(status.status.as_str()));
                Some(Step::Done(out.into()))
            }),
        };
        match checked {
            Ok(Some(step)) => Ok(step),
            Ok(None) => Ok(Step::Done(parsed(
                request,
                received,
                parse_data(&received.text),
            )?)),
            Err(err) => Err(with_retry_after(err, received)),
        }
    }
}

#[wasm_bindgen(module = "/src/js/fetch.js")]
extern "C" {
    #[wasm_bindgen(js_name = parseData, catch)]
    fn parse_data(text: &JsString) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = parsePage, catch)]
    fn parse_page(text: &JsString, next_page: Option<u32>) -> Result<JsValue, JsValue>;
}

/// The objects `JSON.parse` made of a checked body; it refuses nothing the scanner accepts, so
/// an exception here means a bug, reported as an unexpected response.
pub(super) fn parsed(
    request: &HttpRequest,
    received: &Received,
    result: Result<JsValue, JsValue>,
) -> Result<JsValue, ClientError> {
    result.map_err(|_| {
        ClientError::new(
            ErrorKind::UnexpectedResponse,
            format!(
                "{} answered a body that JSON.parse refused",
                request.describe()
            ),
        )
        .with_status(received.status)
    })
}

/// Reads the answer `exchange` holds with `check`; a rate-limited answer's error gets its wait.
pub(super) fn read_answer<T>(
    exchange: &Exchange,
    check: impl FnOnce(&HttpRequest, &RawResponse<'_>) -> Result<T, ClientError>,
) -> Result<T, ClientError> {
    let received = exchange.received()?;
    check(&exchange.request, &received.raw()).map_err(|err| with_retry_after(err, received))
}

/// Adds the wait a rate-limited answer asked for to its error.
fn with_retry_after(mut err: ClientError, received: &Received) -> ClientError {
    if err.kind == ErrorKind::RateLimited {
        err.retry_after_ms = received
            .retry_after
            .as_deref()
            .and_then(|value| retry::parse_retry_after(value, js_sys::Date::now().max(0.0) as u64));
    }
    err
}

/// The step of a checked list page: its JS page object, `{ data, pagination, next?,
/// hasNextPage, nextPage }`, built in JS.
fn page_step(
    request: &HttpRequest,
    received: &Received,
    page: &Page<u64>,
) -> Result<Option<Step>, ClientError> {
    let current = page.pagination.map_or(1, |p| p.page);
    let next_page = pagination::next_page_of(current, page)?;
    let object = parsed(request, received, parse_page(&received.text, next_page))?;
    Ok(Some(Step::Done(object)))
}
