//! xorshift64*, small, fast and reproducible from its seed, and the `FUZZ_SECONDS` and
//! `FUZZ_SEED` the property tests read: those that drive the client (`tests/fuzz_core.rs`) and
//! the local Census (`census-local/tests/any_request.rs`, which includes this file by path).
#![allow(dead_code)] // each test uses what it needs

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// `FUZZ_SECONDS`, how long a property test runs, or `default`.
pub fn env_seconds(default: u64) -> u64 {
    std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// `FUZZ_SEED`, to replay a run, or else one from the clock (odd: xorshift never leaves 0).
pub fn env_seed() -> u64 {
    std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        })
}
