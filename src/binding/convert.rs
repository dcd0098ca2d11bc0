//! The primitives of the JS boundary, which the readers (`bag`, `args`, `client_options`)
//! build on: a member of an object, whether a value is given, a value described for a message,
//! and an error object out. Nothing here can panic.

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

use super::js::{self, create_census_error};
use crate::core::config::ClientConfig;
use crate::core::error::ClientError;
use crate::core::scan::quoted;

pub fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `undefined` or `null`, asked of JS once rather than twice.
pub fn is_absent(value: &JsValue) -> bool {
    js::absent(value)
}

/// Builds the JS error object for `err`, with the token scrubbed from anything quoted.
pub fn js_error(config: Option<&ClientConfig>, err: ClientError) -> JsValue {
    let redact = |text: &str| config.map_or_else(|| text.to_owned(), |c| c.redact(text));
    create_census_error(&err.to_json(&redact))
}

/// A short description of a JS value's type for messages (`a string "12"`, `an object`).
pub fn describe_js(value: &JsValue) -> String {
    if let Some(text) = value.as_string() {
        let shown: String = text.chars().take(40).collect();
        return format!("a string {}", quoted(&shown));
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

/// An object's own enumerable keys, read in one call into JS.
pub fn object_keys(value: &JsValue) -> Vec<String> {
    let keys = js::keys(value);
    if keys.is_empty() {
        return Vec::new();
    }
    keys.split('\0').map(str::to_owned).collect()
}

/// The keys every call's options may have.
pub const CALL_OPTIONS: [&str; 3] = ["signal", "timeoutMs", "retry"];
