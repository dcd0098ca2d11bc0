//! A set of item keys for the pagination machine: open addressing with linear probing over a
//! power-of-two table. It is all a listing needs (insert and look up integers), and a fraction
//! of the wasm size of `std`'s `HashSet` with its SipHash and random state.

/// A set of `u64` keys.
#[derive(Debug, Clone, Default)]
pub struct KeySet {
    /// `0` marks a free slot; the key 0 itself is kept in `has_zero`.
    slots: Vec<u64>,
    /// Keys in `slots`.
    filled: usize,
    has_zero: bool,
}

impl KeySet {
    /// An empty set with room for `capacity` keys before it grows.
    pub fn with_capacity(capacity: usize) -> Self {
        let mut set = Self::default();
        if capacity > 0 {
            set.slots = vec![0; (capacity * 2).next_power_of_two()];
        }
        set
    }

    /// Adds `key`; false when it was already there.
    pub fn insert(&mut self, key: u64) -> bool {
        if key == 0 {
            return !std::mem::replace(&mut self.has_zero, true);
        }
        if (self.filled + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let index = self.find(key);
        match self.slots.get_mut(index) {
            Some(slot) if *slot == key => false,
            Some(slot) => {
                *slot = key;
                self.filled += 1;
                true
            }
            None => false,
        }
    }

    pub fn contains(&self, key: u64) -> bool {
        if key == 0 {
            return self.has_zero;
        }
        self.slots.get(self.find(key)) == Some(&key)
    }

    pub fn len(&self) -> usize {
        self.filled + usize::from(self.has_zero)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The slot holding `key`, or the free slot where it belongs. The table is never full
    /// (at most half its slots are used), so the probe ends.
    fn find(&self, key: u64) -> usize {
        let mask = self.slots.len().saturating_sub(1);
        // Fibonacci hashing spreads ids that differ only in their low bits.
        let mut index = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask;
        while let Some(&slot) = self.slots.get(index)
            && slot != 0
            && slot != key
        {
            index = (index + 1) & mask;
        }
        index
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        for key in old.into_iter().filter(|key| *key != 0) {
            let index = self.find(key);
            if let Some(slot) = self.slots.get_mut(index) {
                *slot = key;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::KeySet;
    use std::collections::HashSet;

    #[test]
    fn behaves_as_a_hash_set_on_ids_hashes_and_zero() {
        let mut ours = KeySet::with_capacity(3);
        let mut theirs = HashSet::new();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for round in 0..20_000u64 {
            // Dense ids, repeats, large hashes and zero, mixed.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let key = match round % 4 {
                0 => round / 3,
                1 => state,
                2 => state % 50,
                _ => u64::from(round % 97 == 0) * state,
            };
            assert_eq!(ours.insert(key), theirs.insert(key), "insert {key}");
            assert!(ours.contains(key));
        }
        assert_eq!(ours.len(), theirs.len());
        for key in [0, 1, 2, 49, 7_000, u64::MAX, 123_456_789] {
            assert_eq!(ours.contains(key), theirs.contains(&key), "contains {key}");
        }
        assert!(KeySet::default().is_empty() && !KeySet::default().contains(5));
    }
}
