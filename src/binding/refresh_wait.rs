//! `refreshTablesAndWait`: start a table refresh, then check its status on the schedule
//! `core::refresh` decides until it completes, the time is up or the signal aborts. The only
//! timer is the abortable sleep between checks, so nothing keeps running once it settles.

use js_sys::{Date, Function, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::Inner;
use super::convert::{get, read_call_options, set};
use crate::core::checked;
use crate::core::error::{ClientError, ErrorKind};
use crate::core::models::RefreshState;
use crate::core::refresh::{self, Next, WaitPlan};
use crate::core::scan::quoted;
use crate::core::sources;
use crate::transport::{CallSettings, sleep};

/// A refresh to start and wait for, with its options read and checked.
pub(super) struct Waiter {
    source_id: u64,
    plan: WaitPlan,
    settings: CallSettings,
    on_progress: Option<Function>,
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

impl Waiter {
    /// Reads `(sourceId, { intervalMs, maxIntervalMs, timeoutMs, signal, retry, onProgress })`.
    /// `timeoutMs` bounds the whole wait here, not one request.
    pub(super) fn read(
        inner: &Inner,
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
            source_id,
            plan,
            settings,
            on_progress,
        })
    }

    pub(super) async fn run(self, inner: &Inner) -> Result<JsValue, ClientError> {
        let started = Date::now();
        let elapsed = || (Date::now() - started).max(0.0) as u64;
        let request = sources::refresh_tables(self.source_id)?;
        let received = inner.send(&request, &self.settings).await?;
        let key = checked::check_refresh_key(&request, &received.raw())
            .map_err(|err| super::with_retry_after(err, &received))?
            .refresh_key;
        self.report(&RefreshState::Processing, 0, elapsed());
        let mut checks = 0;
        loop {
            match self.plan.next(checks, elapsed()) {
                Next::TimedOut => {
                    return Err(refresh::timed_out(self.source_id, key, checks, elapsed()));
                }
                Next::CheckAfter(ms) => {
                    let slept = JsFuture::from(sleep(f64::from(ms), self.settings.signal.as_ref()))
                        .await
                        .ok()
                        .and_then(|done| done.as_bool())
                        .unwrap_or(false);
                    if !slept {
                        return Err(self.aborted(key));
                    }
                }
            }
            let request = sources::refresh_tables_status(self.source_id, Some(key))?;
            let mut settings = self.settings.clone();
            settings.timeout_ms = self
                .plan
                .request_timeout_ms(self.settings.timeout_ms, elapsed());
            let received = match inner.send(&request, &settings).await {
                Ok(received) => received,
                Err(err)
                    if err.kind == ErrorKind::Timeout
                        && self.plan.remaining_ms(elapsed()) == Some(0) =>
                {
                    return Err(refresh::timed_out(self.source_id, key, checks, elapsed()));
                }
                Err(err) => return Err(err),
            };
            let status = checked::check_refresh_status(&request, &received.raw())
                .map_err(|err| super::with_retry_after(err, &received))?
                .status;
            checks += 1;
            self.report(&status, checks, elapsed());
            match status {
                RefreshState::Completed => return Ok(outcome(key, checks, elapsed())),
                RefreshState::Processing => {}
                RefreshState::Other(state) => {
                    return Err(ClientError::new(
                        ErrorKind::Api,
                        format!(
                            "the table refresh of source {} (refresh_key {key}) ended with \
                             status {}",
                            self.source_id,
                            quoted(state.as_str())
                        ),
                    ));
                }
            }
        }
    }

    fn aborted(&self, key: u64) -> ClientError {
        ClientError::new(
            ErrorKind::Aborted,
            format!(
                "waiting for the table refresh of source {} (refresh_key {key}) was aborted by \
                 its AbortSignal",
                self.source_id
            ),
        )
    }

    /// Calls `onProgress` with `{ state, attempts, elapsedMs }`; a hook that throws cannot
    /// break the wait.
    fn report(&self, state: &RefreshState, attempts: u32, elapsed_ms: u64) {
        if let Some(hook) = &self.on_progress {
            let info = Object::new();
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
