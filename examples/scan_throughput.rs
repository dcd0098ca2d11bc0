//! Native throughput of the response check on real bodies (a guide only: the browser's numbers in
//! `bench/validation.mjs` and `bench/profile.mjs` are the ones that count).
//!
//! Run: `node bench/write-bodies.mjs <census-local url> <token> <dir>` (writes page100.json and
//! large.json), then `cargo run --release --example scan_throughput -- <dir>/*.json`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

use std::time::Instant;

use census_wasm::core::checked::{self, SOURCES};
use census_wasm::core::request::{HttpRequest, Method};
use census_wasm::core::response::RawResponse;

fn main() {
    let request = HttpRequest::new(
        Method::Get,
        "/sources".to_owned(),
        "the source list".to_owned(),
    );
    for path in std::env::args().skip(1) {
        let body = std::fs::read_to_string(&path).expect("a readable body");
        let response = RawResponse::json(200, &body);
        let items = checked::check_page(&request, &response, &SOURCES)
            .expect("a valid source page")
            .data
            .len();
        // About 2 s per body, in 31 samples; the median sample's speed is reported.
        let mut reps = 1;
        while {
            let started = Instant::now();
            for _ in 0..reps {
                std::hint::black_box(checked::check_page(&request, &response, &SOURCES).is_ok());
            }
            started.elapsed().as_secs_f64() < 0.06
        } {
            reps *= 2;
        }
        let mut samples: Vec<f64> = (0..31)
            .map(|_| {
                let started = Instant::now();
                for _ in 0..reps {
                    std::hint::black_box(
                        checked::check_page(&request, &response, &SOURCES).is_ok(),
                    );
                }
                started.elapsed().as_secs_f64() / f64::from(reps)
            })
            .collect();
        samples.sort_by(f64::total_cmp);
        let median = samples[samples.len() / 2];
        println!(
            "{path}: {} bytes, {items} items: {:.1} µs per check, {:.0} MB/s",
            body.len(),
            median * 1e6,
            body.len() as f64 / median / 1e6
        );
    }
}
