//! Every import from JavaScript, from the one module src/js/census.js: only the error out, since
//! the arguments come in as text and the JS values a caller gives stay in JS.

use wasm_bindgen::prelude::*;

use crate::core::config::ClientConfig;
use crate::core::error::ClientError;

#[wasm_bindgen(module = "/src/js/census.js")]
extern "C" {
    /// Builds the error class of `code` from the error's one JSON object.
    #[wasm_bindgen(js_name = createCensusError)]
    fn create_census_error(json: &str) -> JsValue;
}

/// Builds the JS error object for `err`, with the token scrubbed from anything quoted.
pub fn js_error(config: Option<&ClientConfig>, mut err: ClientError) -> JsValue {
    if let Some(config) = config {
        config.explain(&mut err);
    }
    let redact = |text: &str| config.map_or_else(|| text.to_owned(), |c| c.redact(text));
    create_census_error(&err.to_json(&redact))
}
