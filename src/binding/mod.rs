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

use js_sys::{Function, JsString, Promise};
use wasm_bindgen::prelude::*;

use crate::core::checked;
use crate::core::config::ClientConfig;
use crate::core::error::{ClientError, ErrorKind};
use crate::core::lists::ListKind;
use crate::core::operation::{
    Answer, Call, Machine, Operation as CallMachine, Output, Step, TypeCheck,
};
use crate::core::pagination::{ListAllOptions, ListPlan};
use crate::core::poll::{RefreshTables, Wait};
use crate::core::request::HttpRequest;
use crate::core::sources::{ListOptions, Order};
use crate::core::tables::TableListOptions;
use crate::transport::{CallSettings, Exchange, Received};
use convert::{get, js_error, js_id, read_call_options, read_client_options};
use listing::Listing;
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

    #[wasm_bindgen(js_name = drive)]
    fn run_call(transport: &JsValue, operation: Operation) -> Promise;

    #[wasm_bindgen(js_name = listAll)]
    fn run_list_all(transport: &JsValue, listing: Listing) -> Promise;

    #[wasm_bindgen(js_name = iterate)]
    fn run_iterate(transport: &JsValue, listing: Listing) -> JsValue;
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
            convert::read_list_options(&options).map(Call::ListSources),
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
            (|| Ok(Call::GetSource(js_id("id", &id)?)))(),
            &call_options(options),
            &[],
        )
    }

    /// Creates a source and resolves to it. When the API answers only `{ id }` (older API
    /// versions), the client fetches the new source so the result is always a whole `Source`;
    /// if that read-back fails, the call rejects with a `CensusReadBackError` carrying the new
    /// `id` (the source exists: do not create it again). `readBack: false` resolves to what
    /// the POST answered, `{ id }` or the whole source, with no second request.
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
                let check = match check.as_bool() {
                    Some(true) => TypeCheck::Fetch,
                    Some(false) => TypeCheck::Skip,
                    None if check.is_undefined() || check.is_null() => TypeCheck::Skip,
                    None if check.is_object() && !js_sys::Array::is_array(&check) => {
                        TypeCheck::Held(checked::read_source_type(
                            "checkType",
                            &bag::json_text("checkType", &check)?,
                        )?)
                    }
                    None => {
                        return Err(ClientError::invalid_input(
                            "checkType",
                            format!(
                                "expected true, false or a SourceType, got {}",
                                convert::describe_js(&check)
                            ),
                        ));
                    }
                };
                let read_back = match get(&options, "readBack") {
                    value if convert::is_absent(&value) => true,
                    value => value.as_bool().ok_or_else(|| {
                        ClientError::invalid_input(
                            "readBack",
                            format!(
                                "expected a boolean (true or false), got {}",
                                convert::describe_js(&value)
                            ),
                        )
                    })?,
                };
                Ok(Call::CreateSource {
                    input,
                    check,
                    read_back,
                })
            })(),
            &options,
            &["checkType", "readBack"],
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
                Ok(Call::UpdateSource(
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
            (|| Ok(Call::DeleteSource(js_id("id", &id)?)))(),
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
                Ok(Call::RefreshTablesStatus(id, key))
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
        self.wait(&source_id, &options, || Ok(None))
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
        // Read like refreshTablesStatus's key, but required here.
        self.wait(&source_id, &options, || {
            js_id("refreshKey", &refresh_key).map(Some)
        })
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
            Ok((call, settings)) => self.run(Box::new(CallMachine::new(call)), settings, None),
            Err(err) => self.reject(err),
        }
    }

    /// `refreshTablesAndWait` (`resume` gives no key) and `waitForRefresh` (it gives the key).
    fn wait(
        &self,
        source_id: &JsValue,
        options: &JsValue,
        resume: impl FnOnce() -> Result<Option<u64>, ClientError>,
    ) -> Promise {
        let read = refresh_wait::read(&self.inner.defaults, source_id, options).and_then(
            |(source_id, plan, settings, on_progress)| {
                let job = RefreshTables { source_id };
                let wait = Wait::new(job, plan, settings.timeout_ms, resume()?);
                Ok((wait, settings, on_progress))
            },
        );
        match read {
            Ok((wait, settings, on_progress)) => self.run(Box::new(wait), settings, on_progress),
            Err(err) => self.reject(err),
        }
    }

    fn run(
        &self,
        machine: Box<dyn Machine>,
        settings: CallSettings,
        on_progress: Option<Function>,
    ) -> Promise {
        run_call(
            &self.inner.transport,
            Operation {
                inner: Rc::clone(&self.inner),
                machine,
                settings,
                on_progress,
                pending: None,
                text: None,
            },
        )
    }

    fn reject(&self, err: ClientError) -> Promise {
        Promise::reject(&js_error(Some(&*self.inner.config), err))
    }
}

/// What the JS runtime does next for an [`Operation`]: `advance`'s numbers.
const DONE: u32 = 0;
const SEND: u32 = 1;
const SLEEP: u32 = 2;

/// One call as the JS runtime drives it (`drive` in src/js/runtime.js): a core [`Machine`]
/// decides every step; this only converts. `start`, `answered`, `failed` and `woke` return what
/// to do next (`DONE`, `SEND` or `SLEEP`) or throw the call's typed error.
#[wasm_bindgen(skip_typescript)]
pub struct Operation {
    inner: Rc<Inner>,
    machine: Box<dyn Machine>,
    settings: CallSettings,
    on_progress: Option<Function>,
    /// The step `advance` returned, until the runtime takes it.
    pending: Option<Step>,
    /// The text of the last answer, which the call's value is parsed from.
    text: Option<JsString>,
}

#[wasm_bindgen]
impl Operation {
    pub fn start(&mut self) -> Result<u32, JsValue> {
        let step = self.machine.start(now());
        self.advance(step)
    }

    /// The request to send now (after `SEND`).
    pub fn exchange(&mut self) -> Result<Exchange, JsValue> {
        match self.pending.take() {
            Some(Step::Send {
                request,
                timeout_ms,
            }) => {
                let mut settings = self.settings.clone();
                if let Some(timeout_ms) = timeout_ms {
                    settings.timeout_ms = timeout_ms;
                }
                Ok(Exchange::new(&self.inner.config, request, settings))
            }
            _ => Err(self.error(out_of_turn())),
        }
    }

    /// Hands over the answer `exchange` got.
    pub fn answered(&mut self, exchange: &Exchange) -> Result<u32, JsValue> {
        let step = match exchange.received() {
            Ok(received) => {
                self.text = Some(received.text.clone());
                self.machine.answered(&answer(exchange, received))
            }
            Err(err) => self.machine.failed(err, now()),
        };
        self.advance(step)
    }

    /// Says that `exchange` got no answer.
    pub fn failed(&mut self, exchange: &mut Exchange) -> Result<u32, JsValue> {
        let step = self.machine.failed(exchange.take_error(), now());
        self.advance(step)
    }

    /// How long to sleep (after `SLEEP`).
    #[wasm_bindgen(getter)]
    pub fn delay(&self) -> u32 {
        match self.pending {
            Some(Step::Sleep(ms)) => ms,
            _ => 0,
        }
    }

    /// After the sleep.
    pub fn woke(&mut self) -> Result<u32, JsValue> {
        let step = self.machine.woke(now());
        self.advance(step)
    }

    /// The caller's signal, which cuts a sleep short.
    #[wasm_bindgen(getter)]
    pub fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.settings.signal.clone()
    }

    /// The error of a call whose signal aborted a sleep.
    pub fn aborted(&self) -> JsValue {
        self.error(self.machine.aborted())
    }

    /// The call's value (after `DONE`).
    pub fn value(&mut self) -> Result<JsValue, JsValue> {
        let Some(Step::Done(output)) = self.pending.take() else {
            return Err(self.error(out_of_turn()));
        };
        let text = self.text.take().unwrap_or_else(|| JsString::from(""));
        let value = match output {
            Output::Data => parse_data(&text),
            Output::Page { next_page } => parse_page(&text, next_page),
            Output::Nothing => Ok(JsValue::UNDEFINED),
            Output::Json(json) => js_sys::JSON::parse(&json),
        };
        value.map_err(|_| {
            self.error(ClientError::new(
                ErrorKind::UnexpectedResponse,
                "the API answered a body that JSON.parse refused",
            ))
        })
    }
}

impl Operation {
    /// Reports progress, keeps `step` for the runtime and says what it is.
    fn advance(&mut self, step: Step) -> Result<u32, JsValue> {
        if let Some(report) = self.machine.take_report()
            && let Some(hook) = &self.on_progress
            && let Ok(info) = js_sys::JSON::parse(&report)
        {
            // A progress callback that throws cannot break the call.
            let _ = hook.call1(&JsValue::UNDEFINED, &info);
        }
        let code = match step {
            Step::Fail(err) => return Err(self.error(err)),
            Step::Done(_) => DONE,
            Step::Send { .. } => SEND,
            Step::Sleep(_) => SLEEP,
        };
        self.pending = Some(step);
        Ok(code)
    }

    fn error(&self, err: ClientError) -> JsValue {
        js_error(Some(&*self.inner.config), err)
    }
}

fn out_of_turn() -> ClientError {
    ClientError::new(
        ErrorKind::UnexpectedResponse,
        "the client's runtime asked for a step out of turn",
    )
}

fn now() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

/// The answer an exchange holds, as the core reads it.
pub(super) fn answer<'a>(exchange: &'a Exchange, received: &'a Received) -> Answer<'a> {
    Answer {
        request: &exchange.request,
        response: received.raw(),
        retry_after: received.retry_after.as_deref(),
        maybe_acted: exchange.maybe_acted,
        now_ms: now(),
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
