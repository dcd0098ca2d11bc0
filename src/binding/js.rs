//! Every import from JavaScript, from the one module src/js/census.js.

use js_sys::{Function, JsString, Promise};
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, AbortSignal};

use super::Operation;
use super::listing::Listing;

#[wasm_bindgen(module = "/src/js/census.js")]
extern "C" {
    /// What the runtime needs of a client: its fetch and hooks, read once.
    pub fn transport(
        fetch: &Function,
        this: &JsValue,
        on_request: Option<Function>,
        on_response: Option<Function>,
    ) -> JsValue;

    /// Runs an operation to its value or typed error.
    #[wasm_bindgen(js_name = drive)]
    pub fn run_call(transport: &JsValue, operation: Operation) -> Promise;

    /// Every item of a listing, as one array.
    #[wasm_bindgen(js_name = listAll)]
    pub fn run_list_all(transport: &JsValue, listing: Listing) -> Promise;

    /// An async iterator over a listing.
    #[wasm_bindgen(js_name = iterate)]
    pub fn run_iterate(transport: &JsValue, listing: Listing) -> JsValue;

    /// Builds the error class of `code` from the error's one JSON object.
    #[wasm_bindgen(js_name = createCensusError)]
    pub fn create_census_error(json: &str) -> JsValue;

    /// An AbortController that also aborts when `signal` does.
    #[wasm_bindgen(js_name = linkedController)]
    pub fn linked_controller(signal: Option<&AbortSignal>) -> AbortController;

    /// The `data` of a checked body.
    #[wasm_bindgen(js_name = parseData, catch)]
    pub fn parse_data(text: &JsString) -> Result<JsValue, JsValue>;

    /// The page object of a checked list body.
    #[wasm_bindgen(js_name = parsePage, catch)]
    pub fn parse_page(text: &JsString, next_page: Option<u32>) -> Result<JsValue, JsValue>;
}
