//! An error object out of the boundary: every typed error crosses as one JSON object.

use wasm_bindgen::prelude::*;

use super::js::create_census_error;
use crate::core::config::ClientConfig;
use crate::core::error::ClientError;

/// Builds the JS error object for `err`, with the token scrubbed from anything quoted.
pub fn js_error(config: Option<&ClientConfig>, err: ClientError) -> JsValue {
    let redact = |text: &str| config.map_or_else(|| text.to_owned(), |c| c.redact(text));
    create_census_error(&err.to_json(&redact))
}
