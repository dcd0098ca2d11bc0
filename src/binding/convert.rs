//! Conversions at the JS boundary: arguments and option bags in, error objects out.
//!
//! Every refusal names the argument or option at fault; nothing here can panic.

use js_sys::{Array, Function, Object, Reflect};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use crate::core::config::ClientConfig;
use crate::core::error::{ClientError, ErrorKind};
use crate::core::json_error::{check_known_fields, from_deserializer};
use crate::core::retry::{self, RetryOptions, RetryPolicy};
use crate::core::sources;
use crate::transport::{CallSettings, Fetch, Hooks};

#[wasm_bindgen(module = "/src/js/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = createCensusError)]
    fn create_census_error(
        code: &str,
        message: &str,
        status: Option<u16>,
        field: Option<String>,
        api_message: Option<String>,
        retry_after_ms: Option<f64>,
    ) -> JsValue;
}

/// Everything `new CensusClient(options)` configures.
pub struct ClientSetup {
    pub config: ClientConfig,
    pub fetch: Fetch,
    pub hooks: Hooks,
    pub defaults: CallSettings,
}

pub fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub fn set(object: &Object, key: &str, value: &JsValue) {
    // Setting a data property on a fresh plain object cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// Builds the JS error object for `err`, with the token scrubbed from anything quoted.
pub fn js_error(config: Option<&ClientConfig>, err: ClientError) -> JsValue {
    let redact = |text: &str| config.map_or_else(|| text.to_owned(), |c| c.redact(text));
    create_census_error(
        err.kind.code(),
        &redact(&err.message),
        err.status,
        err.field,
        err.api_message.as_deref().map(redact),
        err.retry_after_ms.map(|ms| ms as f64),
    )
}

/// A short description of a JS value's type for messages (`a string "12"`, `an object`).
fn describe_js(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        let shown: String = text.chars().take(40).collect();
        return format!("a string {shown:?}");
    }
    if value.is_null() {
        return "null".to_owned();
    }
    if Array::is_array(value) {
        return "an array".to_owned();
    }
    match value.js_typeof().as_string().as_deref() {
        Some("object") => "an object".to_owned(),
        Some("boolean") => "a boolean".to_owned(),
        Some("bigint") => "a bigint".to_owned(),
        Some(other) => format!("a {other}"),
        None => "a value of unknown type".to_owned(),
    }
}

/// Reads an id argument: a positive safe integer.
pub fn js_id(field: &str, value: &JsValue) -> Result<u64, ClientError> {
    if let Some(number) = value.as_f64() {
        return sources::check_id(field, number);
    }
    if value.is_undefined() {
        return Err(ClientError::invalid_input(
            field,
            "required: a positive integer",
        ));
    }
    Err(ClientError::invalid_input(
        field,
        format!("expected a positive integer, got {}", describe_js(value)),
    ))
}

fn object_keys(value: &JsValue) -> Vec<String> {
    Object::keys(value.unchecked_ref::<Object>())
        .iter()
        .filter_map(|key| key.as_string())
        .collect()
}

fn check_object(value: &JsValue, name: &str) -> Result<(), ClientError> {
    if value.is_object() && !Array::is_array(value) {
        Ok(())
    } else {
        Err(ClientError::invalid_input(
            name,
            format!("expected an object, got {}", describe_js(value)),
        ))
    }
}

/// Reads an input object through serde, naming the field at fault. Keys in `also_allowed`
/// belong to the same bag but are read elsewhere (call options).
pub fn js_input<T: DeserializeOwned + Default>(
    value: &JsValue,
    name: &str,
    required: bool,
    also_allowed: &[&str],
) -> Result<T, ClientError> {
    if is_absent(value) {
        return if required {
            Err(ClientError::invalid_input(name, "required: an object"))
        } else {
            Ok(T::default())
        };
    }
    check_object(value, name)?;
    // serde-wasm-bindgen reads only declared keys, so unknown ones are checked here.
    let keys = object_keys(value)
        .into_iter()
        .filter(|key| !also_allowed.contains(&key.as_str()));
    check_known_fields::<T>(keys)
        .and_then(|()| {
            from_deserializer::<T, _>(serde_wasm_bindgen::Deserializer::from(value.clone()))
        })
        .map_err(|err| {
            let field = if err.path.is_empty() {
                name.to_owned()
            } else {
                err.path
            };
            ClientError::invalid_input(&field, err.reason)
        })
}

/// The keys every call's options may have.
pub const CALL_OPTIONS: [&str; 3] = ["signal", "timeoutMs", "retry"];

/// Reads a call's `{ signal, timeoutMs, retry }` on top of the client's defaults. `extra` lists
/// the other keys the same bag may hold (e.g. `page` for `listSources`).
pub fn read_call_options(
    options: &JsValue,
    defaults: &CallSettings,
    extra: &[&str],
) -> Result<CallSettings, ClientError> {
    let mut settings = defaults.clone();
    if is_absent(options) {
        return Ok(settings);
    }
    check_object(options, "options")?;
    for key in object_keys(options) {
        if !CALL_OPTIONS.contains(&key.as_str()) && !extra.contains(&key.as_str()) {
            let allowed: Vec<&str> = extra.iter().chain(CALL_OPTIONS.iter()).copied().collect();
            return Err(ClientError::invalid_input(
                &key,
                format!("unknown option; expected one of {}", allowed.join(", ")),
            ));
        }
    }
    let signal = get(options, "signal");
    if !is_absent(&signal) {
        settings.signal = Some(signal.dyn_into::<AbortSignal>().map_err(|value| {
            ClientError::invalid_input(
                "signal",
                format!("expected an AbortSignal, got {}", describe_js(&value)),
            )
        })?);
    }
    read_timeout(options, &mut settings)?;
    settings.retry = read_retry(&get(options, "retry"), settings.retry, true)?;
    Ok(settings)
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
fn read_retry(
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
    let options: RetryOptions = js_input(value, "retry", true, &[]).map_err(|mut err| {
        if let Some(field) = err.field.as_mut().filter(|field| field.as_str() != "retry") {
            let prefixed = format!("retry.{field}");
            err.message = err.message.replacen(field.as_str(), &prefixed, 1);
            *field = prefixed;
        }
        err
    })?;
    options.apply(base, per_call, "retry")
}

const CLIENT_OPTIONS: [&str; 7] = [
    "apiToken",
    "baseUrl",
    "fetch",
    "timeoutMs",
    "retry",
    "onRequest",
    "onResponse",
];

/// Reads `new CensusClient(options)`.
pub fn read_client_options(options: &JsValue) -> Result<ClientSetup, ClientError> {
    let mut defaults = CallSettings {
        signal: None,
        timeout_ms: retry::DEFAULT_TIMEOUT_MS,
        retry: RetryPolicy::default(),
    };
    if is_absent(options) {
        return Ok(ClientSetup {
            config: ClientConfig::new(None, None)?,
            fetch: Fetch::global()?,
            hooks: Hooks::default(),
            defaults,
        });
    }
    if !options.is_object() || Array::is_array(options) {
        return Err(ClientError::invalid_config(
            "options",
            format!(
                "expected an object such as {{ apiToken, baseUrl }}, got {}",
                describe_js(options)
            ),
        ));
    }
    for key in object_keys(options) {
        if !CLIENT_OPTIONS.contains(&key.as_str()) {
            return Err(ClientError::invalid_config(
                &key,
                format!(
                    "unknown option; expected one of {}",
                    CLIENT_OPTIONS.join(", ")
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
    let token = text_option("apiToken")?;
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
        config: ClientConfig::new(base_url.as_deref(), token.as_deref())?,
        fetch,
        hooks,
        defaults,
    })
}
