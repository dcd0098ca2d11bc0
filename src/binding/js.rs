//! Every import from JavaScript, from the one module src/js/census.js.

use js_sys::Function;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/census.js")]
extern "C" {
    /// What the runtime needs of a client: its fetch and hooks, and the wasm memory it writes
    /// answers' bodies into.
    pub fn transport(
        fetch: &Function,
        this: &JsValue,
        on_request: Option<Function>,
        on_response: Option<Function>,
        memory: JsValue,
        stitch: bool,
    ) -> JsValue;

    /// Calls a progress callback with `JSON.parse(json)`; one that throws cannot break a call.
    pub fn report(hook: &Function, json: &str);

    /// Builds the error class of `code` from the error's one JSON object.
    #[wasm_bindgen(js_name = createCensusError)]
    pub fn create_census_error(json: &str) -> JsValue;
}
