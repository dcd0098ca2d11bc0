//! The pure core: no I/O and no JavaScript types, so every line runs under plain `cargo test`.

pub mod api;
pub mod checked;
pub mod config;
pub mod error;
pub mod input;
pub mod json_error;
pub mod json_out;
pub mod key_set;
pub mod lists;
pub mod model;
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
pub mod tables;

/// The byte-level JSON checker (its own crate, so that it alone is built for speed).
pub use census_scan as scan;
