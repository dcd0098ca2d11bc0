//! Reads a JS argument object or option bag member by member, with no serde: unknown keys are
//! refused, each getter checks one member's type, and every error names the member at fault.

use js_sys::{JSON, Reflect};
use wasm_bindgen::prelude::*;

use super::convert::{describe_js, get, is_absent, object_keys};
use crate::core::error::ClientError;
use crate::core::number;
use crate::core::raw_object::RawObject;

/// Ids and counts above this lose precision in a JavaScript number.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A JS object whose keys have been checked. `null` and `undefined` members read as absent.
/// Its own keys are read once, so reading a member it lacks costs no call into JS.
pub struct Bag<'a> {
    object: &'a JsValue,
    keys: Vec<String>,
    /// Names members `prefix.key` in errors when not empty: `retry` for the nested retry bag.
    prefix: &'a str,
}

impl<'a> Bag<'a> {
    /// Reads `value`, when given, as the option bag `name` with members `known`; `also_allowed`
    /// are keys of the same bag read elsewhere (e.g. call options).
    pub fn optional(
        value: &'a JsValue,
        name: &'a str,
        known: &[&str],
        also_allowed: &[&str],
    ) -> Result<Option<Self>, ClientError> {
        if is_absent(value) {
            return Ok(None);
        }
        Self::open(value, name, known, also_allowed, "").map(Some)
    }

    /// Reads `value` as the object `name` with members `known`, which must be given. With
    /// `nested`, members are named `name.key` in errors, as `retry.maxAttempts` is.
    pub fn required(
        value: &'a JsValue,
        name: &'a str,
        known: &[&str],
        nested: bool,
    ) -> Result<Self, ClientError> {
        if is_absent(value) {
            return Err(ClientError::invalid_input(name, "required: an object"));
        }
        Self::open(value, name, known, &[], if nested { name } else { "" })
    }

    fn open(
        value: &'a JsValue,
        name: &'a str,
        known: &[&str],
        also_allowed: &[&str],
        prefix: &'a str,
    ) -> Result<Self, ClientError> {
        if !value.is_object() || js_sys::Array::is_array(value) {
            return Err(ClientError::invalid_input(
                name,
                format!("expected an object, got {}", describe_js(value)),
            ));
        }
        let bag = Self {
            object: value,
            keys: object_keys(value),
            prefix,
        };
        let unknown = bag
            .keys
            .iter()
            .find(|key| !known.contains(&key.as_str()) && !also_allowed.contains(&key.as_str()));
        match unknown {
            None => Ok(bag),
            Some(key) => Err(ClientError::invalid_input(
                &bag.field(key),
                format!(
                    "unknown field; expected one of {}",
                    crate::core::scan::join(known, ", ")
                ),
            )),
        }
    }

    fn field(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.prefix)
        }
    }

    fn error(&self, key: &str, message: String) -> ClientError {
        ClientError::invalid_input(&self.field(key), message)
    }

    /// The member's value, unless it is absent, `null` or `undefined`.
    pub fn member(&self, key: &str) -> Option<JsValue> {
        if !self.keys.iter().any(|own| own == key) {
            return None;
        }
        Some(get(self.object, key)).filter(|value| !is_absent(value))
    }

    /// A number (of milliseconds, say); its range is checked by the caller.
    pub fn number(&self, key: &str) -> Result<Option<f64>, ClientError> {
        self.member(key)
            .map(|value| {
                value.as_f64().ok_or_else(|| {
                    self.error(
                        key,
                        format!(
                            "expected a number of milliseconds, got {}",
                            describe_js(&value)
                        ),
                    )
                })
            })
            .transpose()
    }

    /// A function (a callback).
    pub fn function(&self, key: &str) -> Result<Option<js_sys::Function>, ClientError> {
        self.member(key)
            .map(|value| {
                value.dyn_into::<js_sys::Function>().map_err(|value| {
                    self.error(
                        key,
                        format!("expected a function, got {}", describe_js(&value)),
                    )
                })
            })
            .transpose()
    }

    /// Whether the member is given (neither absent, `null` nor `undefined`).
    pub fn given(&self, key: &str) -> bool {
        self.member(key).is_some()
    }

    /// A non-negative safe integer.
    pub fn integer(&self, key: &str) -> Result<Option<u64>, ClientError> {
        let Some(value) = self.member(key) else {
            return Ok(None);
        };
        match value.as_f64() {
            Some(number)
                if crate::core::number::is_whole(number)
                    && (0.0..=MAX_SAFE_INTEGER).contains(&number) =>
            {
                // Integral and in range, so the conversion is exact.
                Ok(Some(number as u64))
            }
            Some(number) => Err(self.error(
                key,
                format!(
                    "expected a non-negative integer, got {}",
                    number::text(number)
                ),
            )),
            None => Err(self.error(
                key,
                format!(
                    "expected a non-negative integer, got {}",
                    describe_js(&value)
                ),
            )),
        }
    }

    /// A non-negative integer that fits in 32 bits.
    pub fn integer32(&self, key: &str) -> Result<Option<u32>, ClientError> {
        self.integer(key)?
            .map(|number| {
                u32::try_from(number).map_err(|_| {
                    self.error(
                        key,
                        format!("expected a non-negative integer up to 4294967295, got {number}"),
                    )
                })
            })
            .transpose()
    }

    pub fn string(&self, key: &str) -> Result<Option<String>, ClientError> {
        self.member(key)
            .map(|value| {
                value.as_string().ok_or_else(|| {
                    self.error(
                        key,
                        format!("expected a string, got {}", describe_js(&value)),
                    )
                })
            })
            .transpose()
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>, ClientError> {
        self.member(key)
            .map(|value| {
                value.as_bool().ok_or_else(|| {
                    self.error(
                        key,
                        format!(
                            "expected a boolean (true or false), got {}",
                            describe_js(&value)
                        ),
                    )
                })
            })
            .transpose()
    }

    /// A free-form object, taken as the JSON text `JSON.stringify` writes of it.
    pub fn json_object(&self, key: &str) -> Result<Option<RawObject>, ClientError> {
        let Some(value) = self.member(key) else {
            return Ok(None);
        };
        if !value.is_object() || js_sys::Array::is_array(&value) {
            return Err(self.error(
                key,
                format!("expected an object, got {}", describe_js(&value)),
            ));
        }
        let field = self.field(key);
        RawObject::parse(&field, &json_text(&field, &value)?).map(Some)
    }
}

/// The JSON text `JSON.stringify` writes of `value`, the argument `field`.
pub fn json_text(field: &str, value: &JsValue) -> Result<String, ClientError> {
    // Throws on a cycle or a BigInt; the engine's message says which.
    let text = JSON::stringify(value).map_err(|thrown| {
        let reason = Reflect::get(&thrown, &JsValue::from_str("message"))
            .ok()
            .and_then(|message| message.as_string())
            .unwrap_or_default();
        ClientError::invalid_input(
            field,
            format!("expected an object JSON can hold, but JSON.stringify threw: {reason}"),
        )
    })?;
    // `undefined` when a `toJSON` method returns nothing: parsing "" then says so.
    Ok(JsValue::from(text).as_string().unwrap_or_default())
}
