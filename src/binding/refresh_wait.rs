//! `refreshTablesAndWait`: start a table refresh, then check its status on the schedule
//! `core::refresh` decides until it completes, the time is up or the signal aborts. The JS
//! runtime (`refreshAndWait` in src/js/runtime.js) sends the requests and sleeps; its only timer
//! is the abortable sleep between checks, so nothing keeps running once it settles.

use std::rc::Rc;

use js_sys::{Date, Function, Object};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use super::Inner;
use super::convert::{get, js_error, read_call_options, set};
use crate::core::checked;
use crate::core::error::{ClientError, ErrorKind};
use crate::core::models::RefreshState;
use crate::core::refresh::{self, Next, WaitPlan};
use crate::core::scan::quoted;
use crate::core::sources;
use crate::transport::{CallSettings, Exchange};

/// A refresh to start and wait for, with its options read and checked, for the JS runtime to
/// drive.
#[wasm_bindgen(skip_typescript)]
pub struct RefreshWait {
    inner: Rc<Inner>,
    source_id: u64,
    plan: WaitPlan,
    settings: CallSettings,
    on_progress: Option<Function>,
    started: f64,
    /// The job's key, once the refresh was started.
    key: Option<u64>,
    /// Status checks answered so far.
    checks: u32,
}

const OWN_OPTIONS: [&str; 4] = ["intervalMs", "maxIntervalMs", "onProgress", "timeoutMs"];

fn number(options: &JsValue, key: &str) -> Result<Option<f64>, ClientError> {
    match get(options, key) {
        value if value.is_undefined() || value.is_null() => Ok(None),
        value => value
            .as_f64()
            .map(Some)
            .ok_or_else(|| ClientError::invalid_input(key, "expected a number of milliseconds")),
    }
}

impl RefreshWait {
    /// Reads `(sourceId, { intervalMs, maxIntervalMs, timeoutMs, signal, retry, onProgress })`.
    /// `timeoutMs` bounds the whole wait here, not one request.
    pub(super) fn read(
        inner: &Rc<Inner>,
        source_id: &JsValue,
        options: &JsValue,
    ) -> Result<Self, ClientError> {
        let source_id = super::convert::js_id("sourceId", source_id)?;
        // `timeoutMs` is this call's own option, so the call options are read without it.
        let mut settings = read_call_options(options, &inner.defaults, &OWN_OPTIONS)?;
        settings.timeout_ms = inner.defaults.timeout_ms;
        let plan = WaitPlan::from_options(
            number(options, "intervalMs")?,
            number(options, "maxIntervalMs")?,
            number(options, "timeoutMs")?,
        )?;
        let on_progress =
            match get(options, "onProgress") {
                value if value.is_undefined() || value.is_null() => None,
                value => Some(value.dyn_into::<Function>().map_err(|_| {
                    ClientError::invalid_input("onProgress", "expected a function")
                })?),
            };
        Ok(Self {
            inner: Rc::clone(inner),
            source_id,
            plan,
            settings,
            on_progress,
            started: Date::now(),
            key: None,
            checks: 0,
        })
    }

    /// The wait for a job already started, whose key the caller kept.
    pub(super) fn resuming(mut self, key: u64) -> Self {
        self.key = Some(key);
        self
    }

    fn elapsed(&self) -> u64 {
        (Date::now() - self.started).max(0.0) as u64
    }

    fn error(&self, err: ClientError) -> JsValue {
        js_error(Some(&*self.inner.config), err)
    }

    fn key(&self) -> u64 {
        self.key.unwrap_or_default()
    }
}

#[wasm_bindgen]
impl RefreshWait {
    /// True until the refresh was started (or from the outset, when resuming a wait).
    #[wasm_bindgen(getter, js_name = needsStart)]
    pub fn needs_start(&self) -> bool {
        self.key.is_none()
    }

    /// The request that starts the refresh.
    pub fn start(&self) -> Result<Exchange, JsValue> {
        let request = sources::refresh_tables(self.source_id).map_err(|err| self.error(err))?;
        Ok(Exchange::new(
            &self.inner.config,
            request,
            self.settings.clone(),
        ))
    }

    /// Reads the answer to `start`: the job's key; reports it queued.
    pub fn started(&mut self, exchange: &Exchange) -> Result<(), JsValue> {
        let key = super::read_answer(exchange, checked::check_refresh_key)
            .map_err(|err| self.error(err))?
            .refresh_key;
        self.key = Some(key);
        self.report(&RefreshState::Processing, 0, self.elapsed());
        Ok(())
    }

    /// Milliseconds to wait before the next status check; throws when the time is up.
    pub fn next(&self) -> Result<u32, JsValue> {
        match self.plan.next(self.checks, self.elapsed()) {
            Next::CheckAfter(ms) => Ok(ms),
            Next::TimedOut => Err(self.error(refresh::timed_out(
                self.source_id,
                self.key(),
                self.checks,
                self.elapsed(),
            ))),
        }
    }

    /// The caller's signal, which cuts the wait short.
    #[wasm_bindgen(getter)]
    pub fn signal(&self) -> Option<AbortSignal> {
        self.settings.signal.clone()
    }

    /// The error of a wait its signal aborted.
    pub fn aborted(&self) -> JsValue {
        self.error(ClientError::new(
            ErrorKind::Aborted,
            format!(
                "waiting for the table refresh of source {} (refresh_key {}) was aborted by \
                 its AbortSignal",
                self.source_id,
                self.key()
            ),
        ))
    }

    /// The next status check, its timeout cut to the time left.
    pub fn check(&self) -> Result<Exchange, JsValue> {
        let request = sources::refresh_tables_status(self.source_id, Some(self.key()))
            .map_err(|err| self.error(err))?;
        let mut settings = self.settings.clone();
        settings.timeout_ms = self
            .plan
            .request_timeout_ms(self.settings.timeout_ms, self.elapsed());
        Ok(Exchange::new(&self.inner.config, request, settings))
    }

    /// The error to reject with when `exchange` got no answer; a status check cut short by the
    /// end of the wait is the wait's timeout.
    pub fn failed(&self, exchange: &mut Exchange) -> JsValue {
        let err = exchange.take_error();
        if self.key.is_some()
            && err.kind == ErrorKind::Timeout
            && self.plan.remaining_ms(self.elapsed()) == Some(0)
        {
            return self.error(refresh::timed_out(
                self.source_id,
                self.key(),
                self.checks,
                self.elapsed(),
            ));
        }
        self.error(err)
    }

    /// Reads a status check: the outcome once completed, `undefined` while processing; throws
    /// when the job ended otherwise.
    pub fn checked(&mut self, exchange: &Exchange) -> Result<JsValue, JsValue> {
        let state = super::read_answer(exchange, checked::check_refresh_status)
            .map_err(|err| self.error(err))?
            .status;
        self.checks += 1;
        let elapsed = self.elapsed();
        self.report(&state, self.checks, elapsed);
        match state {
            RefreshState::Completed => Ok(outcome(self.key(), self.checks, elapsed)),
            RefreshState::Processing => Ok(JsValue::UNDEFINED),
            RefreshState::Other(state) => Err(self.error(ClientError::new(
                ErrorKind::Api,
                format!(
                    "the table refresh of source {} (refresh_key {}) ended with status {}",
                    self.source_id,
                    self.key(),
                    quoted(state.as_str())
                ),
            ))),
        }
    }
}

impl RefreshWait {
    /// Calls `onProgress` with `{ state, attempts, elapsedMs }`; a hook that throws cannot
    /// break the wait.
    fn report(&self, state: &RefreshState, attempts: u32, elapsed_ms: u64) {
        if let Some(hook) = &self.on_progress {
            let info = Object::new();
            set(&info, "refresh_key", &JsValue::from_f64(self.key() as f64));
            set(&info, "state", &JsValue::from_str(state.as_str()));
            set(&info, "attempts", &JsValue::from(attempts));
            set(&info, "elapsedMs", &JsValue::from_f64(elapsed_ms as f64));
            let _ = hook.call1(&JsValue::UNDEFINED, &info);
        }
    }
}

fn outcome(key: u64, attempts: u32, elapsed_ms: u64) -> JsValue {
    let out = Object::new();
    set(&out, "refresh_key", &JsValue::from_f64(key as f64));
    set(&out, "status", &JsValue::from_str("completed"));
    set(&out, "attempts", &JsValue::from(attempts));
    set(&out, "elapsedMs", &JsValue::from_f64(elapsed_ms as f64));
    out.into()
}
