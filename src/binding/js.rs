//! Every import from JavaScript, from the one module src/js/census.js.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/census.js")]
extern "C" {
    /// Builds the error class of `code` from the error's one JSON object.
    #[wasm_bindgen(js_name = createCensusError)]
    pub fn create_census_error(json: &str) -> JsValue;
}
