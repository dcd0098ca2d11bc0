//! census-core: everything census-wasm decides, with no I/O and no JavaScript types, so every
//! line runs under plain `cargo test` and the local Census serializes the same models.
//!
//! - [`api`] and [`model`]: the descriptions of every endpoint, method and wire model, and what
//!   they generate (requests, argument checks, scanner shapes, TypeScript, the README table);
//! - [`operation`], [`poll`], [`pagination`]: every call as a sans-io machine, and [`method`]:
//!   which machine a method's call is;
//! - [`checked`], [`response`]: answers read through the scanner, errors worded;
//! - [`retry`], [`refresh`], [`config`], [`error`]: the rules they use.

pub mod admin_input;
pub mod api;
pub mod arguments;
pub mod attempts;
pub mod checked;
pub mod config;
pub mod dates;
pub mod error;
pub mod input;
pub mod json_error;
pub mod json_input;
pub mod json_out;
pub mod key_set;
pub mod lists;
pub mod method;
pub mod model;
#[macro_use]
pub mod models;
pub mod number;
pub mod operation;
pub mod pagination;
pub mod poll;
pub mod raw_object;
pub mod refresh;
pub mod request;
pub mod response;
pub mod retry;
pub mod schema;
pub mod source_types;
pub mod sources;
pub mod stitch;
pub mod stitch_input;
pub mod stitch_job;
pub mod stitch_models;
pub mod strings;
pub mod sync_input;
pub mod syncs;
pub mod tables;
pub mod workspace_models;

/// The byte-level JSON checker (its own crate, so that it alone is built for speed).
pub use census_scan as scan;
