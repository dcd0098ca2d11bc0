//! The arguments of `refreshTablesAndWait` and `waitForRefresh`. The wait itself is the core's
//! `poll::Wait` machine, driven like every other call.

use js_sys::Function;
use wasm_bindgen::prelude::*;

use super::convert::{get, is_absent, js_id, read_call_options};
use crate::core::error::ClientError;
use crate::core::refresh::WaitPlan;
use crate::transport::CallSettings;

const OWN_OPTIONS: [&str; 4] = ["intervalMs", "maxIntervalMs", "onProgress", "timeoutMs"];

fn number(options: &JsValue, key: &str) -> Result<Option<f64>, ClientError> {
    match get(options, key) {
        value if is_absent(&value) => Ok(None),
        value => value
            .as_f64()
            .map(Some)
            .ok_or_else(|| ClientError::invalid_input(key, "expected a number of milliseconds")),
    }
}

/// Reads `(sourceId, { intervalMs, maxIntervalMs, timeoutMs, signal, retry, onProgress })`.
/// `timeoutMs` bounds the whole wait here, not one request, whose timeout stays the client's.
pub(super) fn read(
    defaults: &CallSettings,
    source_id: &JsValue,
    options: &JsValue,
) -> Result<(u64, WaitPlan, CallSettings, Option<Function>), ClientError> {
    let source_id = js_id("sourceId", source_id)?;
    let mut settings = read_call_options(options, defaults, &OWN_OPTIONS)?;
    settings.timeout_ms = defaults.timeout_ms;
    let plan = WaitPlan::from_options(
        number(options, "intervalMs")?,
        number(options, "maxIntervalMs")?,
        number(options, "timeoutMs")?,
    )?;
    let on_progress = match get(options, "onProgress") {
        value if is_absent(&value) => None,
        value => Some(
            value
                .dyn_into::<Function>()
                .map_err(|_| ClientError::invalid_input("onProgress", "expected a function"))?,
        ),
    };
    Ok((source_id, plan, settings, on_progress))
}
