//! What a scanned object held: which known members, and the spans of their values.

use crate::Shape;

/// A byte range of the body.
pub type Span = (usize, usize);

/// Which members of a shape an object held, a bit per member index: members 0 to 63 in one
/// word, which is every shape but the longest, and the rest in words allocated only when one of
/// them is seen, so a shape may have any number of members.
#[derive(Debug, Clone, Default)]
pub(crate) struct Seen {
    low: u64,
    high: Vec<u64>,
}

impl Seen {
    /// Whether member `index` was seen.
    #[inline(always)]
    pub(crate) fn has(&self, index: usize) -> bool {
        if index < 64 {
            self.low & (1 << index) != 0
        } else {
            self.has_high(index)
        }
    }

    #[cold]
    #[inline(never)]
    fn has_high(&self, index: usize) -> bool {
        let (word, bit) = ((index - 64) / 64, (index - 64) % 64);
        self.high.get(word).is_some_and(|w| w & (1 << bit) != 0)
    }

    /// Records member `index`: true when it is new, false when it was seen before.
    #[inline(always)]
    pub(crate) fn insert(&mut self, index: usize) -> bool {
        if index < 64 {
            let bit = 1 << index;
            let new = self.low & bit == 0;
            self.low |= bit;
            new
        } else {
            self.insert_high(index)
        }
    }

    #[cold]
    #[inline(never)]
    fn insert_high(&mut self, index: usize) -> bool {
        let (word, bit) = ((index - 64) / 64, 1 << ((index - 64) % 64));
        if self.high.len() <= word {
            self.high.resize(word + 1, 0);
        }
        self.high.get_mut(word).is_some_and(|w| {
            let new = *w & bit == 0;
            *w |= bit;
            new
        })
    }

    /// Whether members 0 to `count - 1` were all seen: servers send every member, so this is
    /// what usually spares the search for a missing one.
    #[inline(always)]
    pub(crate) fn has_all(&self, count: usize) -> bool {
        if count <= 64 {
            self.low.trailing_ones() as usize >= count
        } else {
            self.has_all_high(count)
        }
    }

    #[cold]
    #[inline(never)]
    fn has_all_high(&self, count: usize) -> bool {
        self.low == u64::MAX && (64..count).all(|index| self.has_high(index))
    }

    fn is_empty(&self) -> bool {
        self.low == 0 && self.high.iter().all(|w| *w == 0)
    }

    /// Forgets every member, keeping the words allocated.
    #[inline(always)]
    fn clear(&mut self) {
        self.low = 0;
        if !self.high.is_empty() {
            self.high.fill(0);
        }
    }
}

/// What one object held: which known members, and where their values are.
#[derive(Debug, Clone, Default)]
pub struct ObjInfo {
    pub(crate) seen: Seen,
    /// A span per member of the shape last scanned into it (grown to its length, never
    /// shrunk): an entry is meaningful only while its member is in `seen`, so neither a new
    /// object nor the next item of an array clears it.
    pub(crate) spans: Vec<Span>,
}

impl ObjInfo {
    /// Nothing seen yet; the spans are allocated by the first object scanned into it.
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets what the last object held and makes room for a span per member of `shape`.
    #[inline(always)]
    pub(crate) fn start(&mut self, shape: &Shape<'_>) {
        self.seen.clear();
        if self.spans.len() < shape.fields.len() {
            self.spans.resize(shape.fields.len(), (0, 0));
        }
    }

    /// The value span of field `index`, when present.
    #[inline]
    pub fn get(&self, index: usize) -> Option<Span> {
        if !self.seen.has(index) {
            return None;
        }
        self.spans.get(index).copied()
    }

    /// Whether no known member was present.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

/// Called for each item of the array that a document's `items_of` member holds (see
/// [`crate::check_document`]), with the body, the item's variant (0 unless the items are tagged
/// unions) and its members. The `ObjInfo` is reused for the next item.
pub type ItemSink<'s> = dyn FnMut(&[u8], usize, &ObjInfo) + 's;
