//! The JavaScript face of the client: one exported class, `Core`, with one entry point, `call`.
//!
//! `CensusClient`'s camelCase methods are a thin JS layer (src/js/census.js) installed from
//! `Core.methods()`, the method descriptions of `core::api`, and declared in TypeScript
//! generated from the same descriptions (src/js/client.d.ts). `call` takes a method's number
//! and its arguments as one JSON text, which the core reads as the description says
//! (`core::arguments`), and hands the core's machine for it to the JS runtime, which sends the
//! requests, sleeps, keeps promises and keeps the JS values a caller gave (fetch, hooks, signal,
//! onProgress); no Rust here awaits anything or holds a JS value. Responses are checked as bytes
//! in wasm, then turned into JS objects by the engine's own `JSON.parse`, which is much faster
//! than building them from Rust field by field (see PERF-NOTES).

mod js;
mod listing;
mod types;

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::core::api::{self, Mode, Op};
use crate::core::arguments::{self, CallSettings, ClientKind, taken};
use crate::core::config::ClientConfig;
use crate::core::error::{ClientError, ErrorKind};
use crate::core::method;
use crate::core::operation::{Answer, Machine, Output, Step};
use crate::core::stitch::JobPacer;
use crate::transport::{Attempts, STOP};
use js::js_error;
use listing::Listing;

struct Inner {
    config: Rc<ClientConfig>,
    defaults: CallSettings,
    /// Which API: its methods and options.
    kind: ClientKind,
    /// Stitch's jobs limit, shared by every call of the client.
    pacer: Rc<RefCell<JobPacer>>,
}

/// What `CensusClient` holds: the client's configuration and the one entry point every method
/// goes through. Not for direct use; `CensusClient` is the class to use.
#[wasm_bindgen(skip_typescript)]
pub struct Core {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl Core {
    /// Reads `new CensusClient(options)` from the options' JSON text; `global_fetch` says
    /// whether the environment has a `fetch`, `browser` whether it is a browser's (a page or a
    /// worker), whose fetch applies CORS. Throws a `CensusConfigError` naming a wrong option.
    /// The options' functions (fetch, hooks) stay with the JS runtime.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str, global_fetch: bool, browser: bool) -> Result<Core, JsValue> {
        Self::of(ClientKind::Census, options, global_fetch, browser)
    }

    /// Reads `new StitchClient(options)`, as `new` does `CensusClient`'s.
    pub fn stitch(options: &str, global_fetch: bool, browser: bool) -> Result<Core, JsValue> {
        Self::of(ClientKind::Stitch, options, global_fetch, browser)
    }

    /// The wasm memory, which the runtime writes answers' bodies into.
    pub fn memory() -> JsValue {
        wasm_bindgen::memory()
    }

    /// The base URL requests go to.
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.inner.config.base_url().to_owned()
    }

    /// The methods of `CensusClient`, in the order `call` numbers them, each with how the
    /// runtime runs what `call` returns (`c`: drive a call, `a`: list all, `i`: iterate) and
    /// how many arguments it takes before its options: `listSources:c0,getSource:c1,…`.
    pub fn methods(stitch: bool) -> String {
        let ops: Vec<&'static Op> = if stitch {
            api::stitch::STITCH_OPS.iter().collect()
        } else {
            api::ops().collect()
        };
        let mut out = String::new();
        for op in ops {
            if !out.is_empty() {
                out.push(',');
            }
            out.push_str(op.name);
            out.push_str(match op.mode {
                Mode::Iterate => ":i",
                Mode::ListAll | Mode::Catalogue => ":a",
                Mode::Call | Mode::Create { .. } | Mode::Wait { .. } => ":c",
            });
            // At most 3 arguments before the options: one digit.
            out.push(char::from(b'0' + taken(op).min(9) as u8));
        }
        out
    }

    /// Reads the arguments given to method number `index` from `args`, their JSON list, and
    /// returns the call for the runtime to drive (which keeps the options' `signal` and
    /// `onProgress`). Throws the typed error of a refused argument.
    pub fn call(&self, index: u32, args: &str) -> Result<Operation, JsValue> {
        self.read(index, args)
            .and_then(|(op, read)| self.operation(op, read))
            .map_err(|err| self.error(err))
    }

    /// `call` for the methods that list every page: the listing for the runtime to drive.
    pub fn list(&self, index: u32, args: &str) -> Result<Listing, JsValue> {
        self.read(index, args)
            .and_then(|(op, read)| self.listing(op, read))
            .map_err(|err| self.error(err))
    }
}

impl Core {
    fn of(
        kind: ClientKind,
        options: &str,
        global_fetch: bool,
        browser: bool,
    ) -> Result<Core, JsValue> {
        // No config yet: option errors redact the tokens the options hold themselves.
        let setup = arguments::read_client_options(kind, options, global_fetch)
            .map_err(|err| js_error(None, err))?;
        Ok(Self {
            inner: Rc::new(Inner {
                config: Rc::new(setup.config.in_browser(browser)),
                defaults: setup.defaults,
                kind,
                pacer: Rc::default(),
            }),
        })
    }

    fn error(&self, err: ClientError) -> JsValue {
        js_error(Some(&*self.inner.config), err)
    }

    /// Reads the arguments of method number `index`.
    fn read(&self, index: u32, args: &str) -> Result<(&'static Op, arguments::Read), ClientError> {
        let op = match self.inner.kind {
            ClientKind::Census => api::op_at(index as usize),
            ClientKind::Stitch => api::stitch_op_at(index as usize),
        }
        .ok_or_else(|| ClientError::invalid_input("method", "no such method"))?;
        self.inner.config.check_auth(op.endpoint.auth)?;
        let read = arguments::read(op, args, &self.inner.defaults)?;
        read.refuse_tokens(op, &self.inner.config)?;
        Ok((op, read))
    }

    /// The machine of a method that is not a listing.
    fn operation(&self, op: &'static Op, read: arguments::Read) -> Result<Operation, ClientError> {
        let settings = read.settings;
        Ok(Operation {
            inner: Rc::clone(&self.inner),
            machine: method::machine(op, read),
            settings,
            pending: None,
            attempts: None,
        })
    }

    /// The listing of a method that lists every page.
    fn listing(&self, op: &'static Op, read: arguments::Read) -> Result<Listing, ClientError> {
        let settings = read.settings;
        let (listing, plan) = method::listing(op, read)?;
        Listing::new(Rc::clone(&self.inner), listing, plan, settings)
    }
}

// What the JS runtime does next for an [`Operation`] (`drive` in src/js/census.js): the
// numbers its steps return. A number ≥ 1 is done too: a page whose next page is that number.
const SEND: f64 = 0.0;
const DATA: f64 = -1.0;
const NOTHING: f64 = -2.0;
const LAST_PAGE: f64 = -3.0;
const SLEEP: f64 = -4.0;
const JSON_VALUE: f64 = -5.0;
const BODY: f64 = -6.0;
const TEXT: f64 = -7.0;

/// One call as the JS runtime drives it: a core [`Machine`] decides every step; this only
/// converts. `start`, `answered`, `failed` and `woke` return what to do next (see the numbers
/// above) or throw the call's typed error; `progress` then has the step's report, if any, for
/// the caller's `onProgress`. The runtime holds each answer's text and makes the call's value
/// from it as the number says.
#[wasm_bindgen(skip_typescript)]
pub struct Operation {
    inner: Rc<Inner>,
    machine: Box<dyn Machine>,
    settings: CallSettings,
    /// The step a method returned, until the runtime takes it.
    pending: Option<Step>,
    /// The request being sent.
    attempts: Option<Attempts>,
}

#[wasm_bindgen]
impl Operation {
    pub fn start(&mut self, now: f64) -> Result<f64, JsValue> {
        let step = self.machine.start(now as u64);
        self.advance(step)
    }

    /// The request to send now (after `SEND`), as one JSON object (`transport::Attempts`).
    pub fn request(&mut self, now: f64) -> Result<String, JsValue> {
        let Some(Step::Send { request, within_ms }) = self.pending.take() else {
            return Err(self.error(out_of_turn()));
        };
        let settings = match within_ms {
            Some(within_ms) => self.settings.within(within_ms),
            None => self.settings,
        };
        let attempts = self.attempts.insert(Attempts::new(
            &self.inner.config,
            &self.inner.pacer,
            request,
            settings,
        ));
        Ok(attempts.request_json(now))
    }

    /// The progress report the last step made, as a JSON object, taken once.
    pub fn progress(&mut self) -> Option<String> {
        self.machine.take_report()
    }

    /// See `transport::Attempts::attempted`.
    pub fn attempted(
        &mut self,
        attempt: u32,
        status: Option<u16>,
        retry_after: Option<String>,
        now: f64,
        random: f64,
        length: usize,
    ) -> f64 {
        self.attempts.as_mut().map_or(STOP, |attempts| {
            attempts.attempted(attempt, status, retry_after, now, random, length)
        })
    }

    /// See `transport::Attempts::grow`.
    pub fn grow(&mut self, written: usize, more: usize) -> u32 {
        self.attempts
            .as_mut()
            .map_or(0, |attempts| attempts.grow(written, more))
    }

    /// Hands over the last answer (see `transport::Attempts::answered`) and reads it.
    pub fn answered(
        &mut self,
        content_type: Option<String>,
        written: usize,
        now: f64,
    ) -> Result<f64, JsValue> {
        let Some(attempts) = self.attempts.as_mut() else {
            return Err(self.error(out_of_turn()));
        };
        attempts.answered(content_type, written);
        let step = match attempts.received() {
            Ok(received) => self.machine.answered(&Answer {
                request: &attempts.tries.request,
                response: received.raw(),
                retry_after: received.retry_after.as_deref(),
                long_wait: attempts.tries.long_wait,
                maybe_acted: attempts.tries.maybe_acted,
                now_ms: now as u64,
            }),
            Err(err) => self.machine.failed(err, now as u64),
        };
        self.advance(step)
    }

    /// See `transport::Attempts::fail`.
    pub fn fail(&mut self, kind: &str, detail: &str, attempts: u32) {
        if let Some(sending) = self.attempts.as_mut() {
            sending.fail(kind, detail, attempts);
        }
    }

    /// The request got no answer (`fail` said why).
    pub fn failed(&mut self, now: f64) -> Result<f64, JsValue> {
        let err = match self.attempts.as_mut() {
            Some(attempts) => attempts.take_error(),
            None => out_of_turn(),
        };
        let step = self.machine.failed(err, now as u64);
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
    pub fn woke(&mut self, now: f64) -> Result<f64, JsValue> {
        let step = self.machine.woke(now as u64);
        self.advance(step)
    }

    /// The error of a call whose signal aborted a sleep.
    pub fn aborted(&self) -> JsValue {
        self.error(self.machine.aborted())
    }

    /// The value the core wrote (after `JSON_VALUE`), as JSON text.
    pub fn json(&mut self) -> String {
        match self.pending.take() {
            Some(Step::Done(Output::Json(json))) => json,
            _ => String::from("null"),
        }
    }
}

impl Operation {
    /// Keeps `step` for the runtime and says what it is.
    fn advance(&mut self, step: Step) -> Result<f64, JsValue> {
        let code = match &step {
            Step::Fail(_) | Step::Done(Output::Data) => DATA,
            Step::Send { .. } => SEND,
            Step::Sleep(_) => SLEEP,
            Step::Done(Output::Nothing) => NOTHING,
            Step::Done(Output::Page { next_page: None }) => LAST_PAGE,
            Step::Done(Output::Page {
                next_page: Some(next),
            }) => f64::from(*next),
            Step::Done(Output::Json(_)) => JSON_VALUE,
            Step::Done(Output::Body) => BODY,
            Step::Done(Output::Text) => TEXT,
        };
        if let Step::Fail(err) = step {
            return Err(self.error(err));
        }
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
