//! `new CensusClient(options)`: the core reads the options from their JSON text
//! (`core::arguments::read_client_options`); here the fetch and hooks, JS values, are taken.

use wasm_bindgen::prelude::*;

use super::args::live_function;
use crate::core::arguments::{self, CallDefaults, ClientKind};
use crate::core::config::ClientConfig;
use crate::core::error::{ClientError, ErrorKind};
use crate::transport::{Fetch, Hooks};

/// Everything `new CensusClient(options)` configures.
pub struct ClientSetup {
    pub config: ClientConfig,
    pub fetch: Fetch,
    pub hooks: Hooks,
    pub defaults: CallDefaults,
}

/// Reads `new CensusClient(options)` or `new StitchClient(options)`: `text` is the options'
/// JSON, `fetch`, `on_request` and `on_response` their members of those names.
pub fn read_client_options(
    kind: ClientKind,
    text: &str,
    fetch: JsValue,
    on_request: JsValue,
    on_response: JsValue,
) -> Result<ClientSetup, ClientError> {
    let options = arguments::read_client_options(kind, text)?;
    let as_config = |mut err: ClientError| {
        err.kind = ErrorKind::InvalidConfig;
        err
    };
    let fetch = match live_function(options.fetch, fetch, "fetch", "a function like fetch")
        .map_err(as_config)?
    {
        Some(function) => Fetch::custom(function),
        None => Fetch::global()?,
    };
    let hook =
        |given, value, name| live_function(given, value, name, "a function").map_err(as_config);
    Ok(ClientSetup {
        config: options.config,
        fetch,
        hooks: Hooks {
            on_request: hook(options.on_request, on_request, "onRequest")?,
            on_response: hook(options.on_response, on_response, "onResponse")?,
        },
        defaults: options.defaults,
    })
}
