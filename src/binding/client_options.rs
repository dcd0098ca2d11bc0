//! `new CensusClient(options)`: the client's configuration, fetch, hooks and call defaults.

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;

use super::bag::Bag;
use super::convert::{describe_js, get, is_absent, object_keys};
use crate::core::config::ClientConfig;
use crate::core::error::{ClientError, ErrorKind};
use crate::core::retry::{self, RetryOptions, RetryPolicy};
use crate::transport::{CallSettings, Fetch, Hooks};

/// Everything `new CensusClient(options)` configures.
pub struct ClientSetup {
    pub config: ClientConfig,
    pub fetch: Fetch,
    pub hooks: Hooks,
    pub defaults: CallSettings,
}

fn read_timeout(options: &JsValue, settings: &mut CallSettings) -> Result<(), ClientError> {
    let value = get(options, "timeoutMs");
    if is_absent(&value) {
        return Ok(());
    }
    let Some(number) = value.as_f64() else {
        return Err(ClientError::invalid_input(
            "timeoutMs",
            format!(
                "expected a number of milliseconds, got {}",
                describe_js(&value)
            ),
        ));
    };
    settings.timeout_ms = retry::check_timeout_ms("timeoutMs", number)?;
    Ok(())
}

/// `retry: false` turns retries off; an object overrides `base` member by member.
pub fn read_retry(
    value: &JsValue,
    base: RetryPolicy,
    per_call: bool,
) -> Result<RetryPolicy, ClientError> {
    if is_absent(value) {
        // A call never inherits an opt-in to repeating work.
        return Ok(RetryPolicy {
            retry_non_idempotent: false,
            ..base
        });
    }
    if value.as_bool() == Some(false) {
        return Ok(RetryPolicy::never());
    }
    let bag = Bag::required(value, "retry", &RetryOptions::KEYS, true)?;
    let options = RetryOptions {
        max_attempts: bag.integer32("maxAttempts")?,
        base_delay_ms: bag.integer("baseDelayMs")?,
        max_delay_ms: bag.integer("maxDelayMs")?,
        max_elapsed_ms: bag.integer("maxElapsedMs")?,
        retry_non_idempotent: bag.bool("retryNonIdempotent")?,
    };
    options.apply(base, per_call, "retry")
}

/// Which client is being made: `CensusClient` or `StitchClient`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientKind {
    Census,
    Stitch,
}

const STITCH_OPTIONS: [&str; 7] = [
    "accessToken",
    "baseUrl",
    "fetch",
    "timeoutMs",
    "retry",
    "onRequest",
    "onResponse",
];

const CLIENT_OPTIONS: [&str; 8] = [
    "apiToken",
    "personalAccessToken",
    "baseUrl",
    "fetch",
    "timeoutMs",
    "retry",
    "onRequest",
    "onResponse",
];

/// Reads `new CensusClient(options)` or `new StitchClient(options)`.
pub fn read_client_options(
    kind: ClientKind,
    options: &JsValue,
) -> Result<ClientSetup, ClientError> {
    let allowed: &[&str] = match kind {
        ClientKind::Census => &CLIENT_OPTIONS,
        ClientKind::Stitch => &STITCH_OPTIONS,
    };
    let config = |base_url: Option<&str>, token: Option<&str>, personal: Option<&str>| match kind {
        ClientKind::Census => ClientConfig::new(base_url, token)
            .and_then(|config| config.with_personal_token(personal)),
        ClientKind::Stitch => ClientConfig::stitch(base_url, token),
    };
    let mut defaults = CallSettings {
        signal: None,
        timeout_ms: retry::DEFAULT_TIMEOUT_MS,
        retry: RetryPolicy::default(),
    };
    if is_absent(options) {
        return Ok(ClientSetup {
            config: config(None, None, None)?,
            fetch: Fetch::global()?,
            hooks: Hooks::default(),
            defaults,
        });
    }
    if !options.is_object() || Array::is_array(options) {
        return Err(ClientError::invalid_config(
            "options",
            format!(
                "expected an object such as {{ {}, baseUrl }}, got {}",
                allowed.first().copied().unwrap_or_default(),
                describe_js(options)
            ),
        ));
    }
    for key in object_keys(options) {
        if !allowed.contains(&key.as_str()) {
            return Err(ClientError::invalid_config(
                &key,
                format!(
                    "unknown option; expected one of {}",
                    crate::core::scan::join(allowed, ", ")
                ),
            ));
        }
    }
    let text_option = |name: &str| -> Result<Option<String>, ClientError> {
        let value = get(options, name);
        if is_absent(&value) {
            return Ok(None);
        }
        value.as_string().map(Some).ok_or_else(|| {
            ClientError::invalid_config(
                name,
                format!("expected a string, got {}", describe_js(&value)),
            )
        })
    };
    let function_option = |name: &str, what: &str| -> Result<Option<Function>, ClientError> {
        let value = get(options, name);
        if is_absent(&value) {
            return Ok(None);
        }
        value.dyn_into::<Function>().map(Some).map_err(|value| {
            ClientError::invalid_config(
                name,
                format!("expected {what}, got {}", describe_js(&value)),
            )
        })
    };
    let token = text_option(allowed.first().copied().unwrap_or_default())?;
    let personal = match kind {
        ClientKind::Census => text_option("personalAccessToken")?,
        ClientKind::Stitch => None,
    };
    let base_url = text_option("baseUrl")?;
    let fetch = match function_option("fetch", "a function like fetch")? {
        Some(function) => Fetch::custom(function),
        None => Fetch::global()?,
    };
    let hooks = Hooks {
        on_request: function_option("onRequest", "a function")?,
        on_response: function_option("onResponse", "a function")?,
    };
    // Option errors of the constructor are configuration errors, whatever reader found them.
    let as_config = |mut err: ClientError| {
        err.kind = ErrorKind::InvalidConfig;
        err
    };
    read_timeout(options, &mut defaults).map_err(as_config)?;
    defaults.retry =
        read_retry(&get(options, "retry"), defaults.retry, false).map_err(as_config)?;
    Ok(ClientSetup {
        config: config(base_url.as_deref(), token.as_deref(), personal.as_deref())?,
        fetch,
        hooks,
        defaults,
    })
}
