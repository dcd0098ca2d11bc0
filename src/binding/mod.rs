//! The JavaScript face of the client: one exported class, `Core`, with one entry point, `call`.
//!
//! `CensusClient`'s camelCase methods are a thin JS layer (src/js/census.js) installed from
//! `Core.methods()`, the method descriptions of `core::api`, and declared in TypeScript
//! generated from the same descriptions (src/js/client.d.ts). `call` reads a method's arguments
//! as its description says and hands the core's machine for it to the JS runtime, which sends
//! the requests, sleeps and keeps promises; no Rust here awaits anything. Responses are checked
//! as bytes in wasm, then turned into JS objects by the engine's own `JSON.parse`, which is much
//! faster than building them from Rust field by field (see PERF-NOTES).

mod args;
mod bag;
mod convert;
mod js;
mod listing;
mod types;

use std::rc::Rc;

use js_sys::{Function, JsString, Promise};
use wasm_bindgen::prelude::*;

use crate::core::api::{ArgValue, Call, Mode, OPS, Op};
use crate::core::config::ClientConfig;
use crate::core::error::{ClientError, ErrorKind};
use crate::core::lists;
use crate::core::operation::{Answer, Machine, Operation as CallMachine, Output, Step};
use crate::core::pagination::ListPlan;
use crate::core::poll::{RefreshTables, Wait};
use crate::core::request::HttpRequest;
use crate::core::sources::Order;
use crate::transport::{CallSettings, Exchange, Received};
use convert::{js_error, read_client_options};
use js::{parse_data, parse_page, run_call, run_iterate, run_list_all, transport};
use listing::Listing;

struct Inner {
    config: Rc<ClientConfig>,
    /// The fetch and hooks, as the JS runtime takes them.
    transport: JsValue,
    defaults: CallSettings,
}

/// What `CensusClient` holds: the client's configuration and the one entry point every method
/// goes through. Not for direct use; `CensusClient` is the class to use.
#[wasm_bindgen(skip_typescript)]
pub struct Core {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl Core {
    /// Reads `new CensusClient(options)`; throws a `CensusInputError` naming a wrong option.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Core, JsValue> {
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

    /// The methods of `CensusClient`, in the order `call` numbers them, joined by commas.
    pub fn methods() -> String {
        let names: Vec<&str> = OPS.iter().map(|op| op.name).collect();
        names.join(",")
    }

    /// Calls method number `index` with its arguments (`a`, `b`, `c`: the ones it takes, then
    /// its options). Returns its Promise, which rejects with the typed error of a refused
    /// argument, or for `iterate…` an async iterator (then a refused argument throws).
    pub fn call(&self, index: u32, a: JsValue, b: JsValue, c: JsValue) -> Result<JsValue, JsValue> {
        let Some(op) = OPS.get(index as usize) else {
            return Err(self.error(ClientError::invalid_input("method", "no such method")));
        };
        let started = self.start(op, &[a, b, c]);
        match (op.mode, started) {
            (_, Ok(value)) => Ok(value),
            (Mode::Iterate, Err(err)) => Err(self.error(err)),
            (_, Err(err)) => Ok(Promise::reject(&self.error(err)).into()),
        }
    }
}

impl Core {
    fn error(&self, err: ClientError) -> JsValue {
        js_error(Some(&*self.inner.config), err)
    }

    /// Reads the arguments of `op` and starts it: a Promise, or an iterator.
    fn start(&self, op: &'static Op, args: &[JsValue]) -> Result<JsValue, ClientError> {
        let read = args::read(op, args, &self.inner.defaults)?;
        let transport = &self.inner.transport;
        let mut call = Call::new(op.endpoint, op.args, read.values);
        call.paging = read.paging;
        call.filters = read.filters;
        let machine: Box<dyn Machine> = match op.mode {
            Mode::Call => Box::new(CallMachine::new(call)),
            Mode::Create => Box::new(CallMachine::create(call, read.check, read.read_back)),
            Mode::Wait { start } => {
                let id = |index: usize| match call.values.get(index) {
                    Some(ArgValue::Id(id)) => *id,
                    _ => 0,
                };
                let resume = start.is_none().then(|| id(1));
                let job = RefreshTables { source_id: id(0) };
                let wait = Wait::new(job, read.wait, read.settings.timeout_ms, resume);
                return Ok(self
                    .run(Box::new(wait), read.settings, read.on_progress)
                    .into());
            }
            Mode::Iterate | Mode::ListAll | Mode::Catalogue => {
                let plan = if op.mode == Mode::Catalogue {
                    ListPlan {
                        order: Order::Asc,
                        ..ListPlan::default()
                    }
                } else {
                    read.list_all.plan()?
                };
                // The arguments are checked now, so a bad one fails the call, not its first page.
                call.request()?;
                let listing = Listing::new(
                    Rc::clone(&self.inner),
                    lists::Listing::new(call)?,
                    plan,
                    read.settings,
                    read.on_progress,
                )?;
                return Ok(if op.mode == Mode::Iterate {
                    run_iterate(transport, listing)
                } else {
                    run_list_all(transport, listing).into()
                });
            }
        };
        Ok(self.run(machine, read.settings, None).into())
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
