//! A method's arguments: the core reads them from their JSON text (`core::arguments`), as the
//! method's description says. Here only the JS values that cannot cross as JSON (the options'
//! `signal` and `onProgress`) are taken, when the core has found them given.

use js_sys::Function;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use crate::core::api::Op;
use crate::core::arguments::{self, CallDefaults};
use crate::core::error::ClientError;
use crate::transport::CallSettings;

/// A method's arguments and options, read, with the JS values they hold.
pub struct Read {
    pub core: arguments::Read,
    pub settings: CallSettings,
    pub on_progress: Option<Function>,
}

/// Reads `text`, the JSON list of the arguments given to `op`, on top of the client's
/// `defaults`; `signal` and `on_progress` are the options' own members (or `undefined`).
pub fn read(
    op: &Op,
    text: &str,
    signal: JsValue,
    on_progress: JsValue,
    defaults: &CallDefaults,
) -> Result<Read, ClientError> {
    let core = arguments::read(op, text, defaults)?;
    let signal = core
        .signal
        .then(|| live::<AbortSignal>(signal, "signal", "an AbortSignal"))
        .transpose()?;
    let on_progress = live_function(core.on_progress, on_progress, "onProgress", "a function")?;
    Ok(Read {
        settings: CallSettings {
            signal,
            timeout_ms: core.timeout_ms,
            retry: core.retry,
        },
        on_progress,
        core,
    })
}

/// The JS value of an option the core found given as a `T`. Only a caller who wrote the
/// runtime's mark as a string could make it something else.
pub fn live<T: JsCast>(value: JsValue, name: &str, expected: &str) -> Result<T, ClientError> {
    value
        .dyn_into::<T>()
        .map_err(|_| ClientError::invalid_input(name, format!("expected {expected}")))
}

/// `live` for a function given as an option (`fetch`, a hook, `onProgress`), when it was.
pub fn live_function(
    given: bool,
    value: JsValue,
    name: &str,
    expected: &str,
) -> Result<Option<Function>, ClientError> {
    given.then(|| live(value, name, expected)).transpose()
}
