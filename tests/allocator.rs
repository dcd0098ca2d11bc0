//! The allocator after a trap inside it, in the browsers (a suite of its own: a trap may leave
//! the wasm's state unlike what other tests expect).
//!
//! A wasm trap (an out-of-bounds access, the engine's stack running out) ends the call where it
//! is: no Rust code runs after it, no destructor. Talc built with debug assertions (as `cargo
//! test` and `wasm-pack test` build it) marks itself borrowed on every call and clears the mark
//! on the way out, so a trap inside it left it marked and the next allocation panicked with
//! "Tried to borrow the Talc, was borrowed previously". That next allocation is
//! wasm-bindgen-test's own, as it reports the test that trapped: the report never printed that
//! test's error, only the panic. A WebKit run of the surface suite failed that way once, its
//! first error unknown. The test builds now take talc as the package ships it (Cargo.toml).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

// Linked for its global allocator (talc), which a test that names nothing of it would not get.
extern crate census_wasm;

use std::hint::black_box;

use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

// Frees, through the wasm's own export (as wasm-bindgen's glue does), a pointer far past the end
// of wasm memory: talc's first read of the chunk's tag traps, inside the allocator, before it
// changed anything. Returns the error's text.
#[wasm_bindgen(inline_js = r#"
export function free_past_the_end_of_memory(exports) {
  try {
    exports.__wbindgen_free(0xffffff00, 64, 1);
    return '';
  } catch (error) {
    return String(error);
  }
}
"#)]
extern "C" {
    fn free_past_the_end_of_memory(exports: &JsValue) -> String;
}

#[wasm_bindgen_test]
fn the_allocator_still_allocates_after_a_trap_inside_it() {
    let error = free_past_the_end_of_memory(&wasm_bindgen::exports());
    assert!(
        error.contains("RuntimeError"),
        "the free trapped: {error:?}"
    );
    // Before the fix: "Tried to borrow the Talc, was borrowed previously", a panic and a trap.
    let bytes: Vec<u8> = black_box(vec![7; 100]);
    let text = black_box(format!("{} bytes after {error}", bytes.len()));
    assert!(text.starts_with("100 bytes"));
}
