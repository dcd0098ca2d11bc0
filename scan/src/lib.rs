//! A byte-level JSON checker driven by static schemas (census-wasm's `core::schema`): the fast
//! path of reading a response, with no serde and no allocation while the body is valid.
//!
//! It checks full JSON syntax (RFC 8259: strings with their escapes and paired `\u` surrogates, no
//! control characters, valid UTF-8 everywhere, numbers per the grammar, at most 127 nested
//! containers, as serde_json allows) and the schema's shapes with the serde models' own rules:
//! unknown keys are skipped, known keys may not repeat, required members must be there, integers
//! are plain non-negative literals within range. Free-form values are skipped without building
//! anything. Where serde_json is laxer, this checker is strict on purpose (see `schema`'s docs):
//! arrays are never read as structs, and text that is not UTF-8 (or has a lone surrogate escape)
//! is refused even inside members that the models ignore.

/// What a JSON value must be.
#[derive(Debug, Clone, Copy)]
pub enum Kind<'a> {
    /// A string (also the lenient enums, which keep any string).
    Str,
    /// A non-negative integer literal up to `u64::MAX`.
    U64,
    /// A non-negative integer literal up to `u32::MAX`.
    U32,
    Bool,
    /// Any JSON value, read into a `serde_json::Value`: its numbers must be finite doubles.
    Any,
    /// Any JSON value, skipped (serde's `IgnoredAny`).
    Ignored,
    /// An object of any members (`JsonObject`); a repeated key is allowed (the last one wins).
    FreeObject,
    /// The `status` of an envelope: a string or an integer (i64 or u64).
    Status,
    Object(&'a Shape<'a>),
    Array(&'a Kind<'a>),
    /// An object whose `tag` member names the shape of the rest (serde's internally tagged enum).
    Tagged(&'a Tagged<'a>),
}

/// One member of an object shape.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    pub name: &'a str,
    pub kind: Kind<'a>,
    /// No `#[serde(default)]`: the member must be present.
    pub required: bool,
    /// An `Option`: `null` is accepted.
    pub nullable: bool,
}

/// The members of an object; others are skipped.
#[derive(Debug, Clone, Copy)]
pub struct Shape<'a> {
    pub name: &'a str,
    pub fields: &'a [Field<'a>],
}

/// An internally tagged union: `tag`'s string value picks one of `variants`.
#[derive(Debug, Clone, Copy)]
pub struct Tagged<'a> {
    pub tag: &'a str,
    pub variants: &'a [(&'a str, &'a Shape<'a>)],
}

/// Where a scan failed and why: the path (e.g. `data[3].id`) and a `json_error`-style reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    pub path: String,
    pub reason: String,
    /// True when the bytes are not JSON (syntax, UTF-8, nesting) rather than the wrong shape.
    pub not_json: bool,
}

/// serde_json's limit: the 128th nested array or object is refused.
const MAX_DEPTH: u32 = 127;

/// A byte range of the body.
pub type Span = (usize, usize);

/// Which members of a shape an object held, a bit per member index: members 0 to 63 in one
/// word, which is every shape but the longest, and the rest in words allocated only when one of
/// them is seen, so a shape may have any number of members.
#[derive(Debug, Clone, Default)]
struct Seen {
    low: u64,
    high: Vec<u64>,
}

impl Seen {
    /// Whether member `index` was seen.
    #[inline(always)]
    fn has(&self, index: usize) -> bool {
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
    fn insert(&mut self, index: usize) -> bool {
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
    fn has_all(&self, count: usize) -> bool {
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
    seen: Seen,
    /// A span per member of the shape last scanned into it (grown to its length, never
    /// shrunk): an entry is meaningful only while its member is in `seen`, so neither a new
    /// object nor the next item of an array clears it.
    spans: Vec<Span>,
}

impl ObjInfo {
    /// Nothing seen yet; the spans are allocated by the first object scanned into it.
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets what the last object held and makes room for a span per member of `shape`.
    #[inline(always)]
    fn start(&mut self, shape: &Shape<'_>) {
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

/// Called for each item of the one array scanned with [`Scanner::items`]: its index, variant
/// (for tagged items) and member spans.
pub type ItemSink<'s> = dyn FnMut(&[u8], usize, &ObjInfo) + 's;

enum Seg {
    Key(String),
    Index(usize),
}

/// An error on its way out, collecting its path as the scan unwinds.
pub struct Fail {
    segs: Vec<Seg>,
    reason: String,
    not_json: bool,
}

impl Fail {
    #[cold]
    #[inline(never)]
    fn syntax(reason: &str) -> Box<Self> {
        Box::new(Self {
            segs: Vec::new(),
            reason: reason.to_owned(),
            not_json: true,
        })
    }

    #[cold]
    #[inline(never)]
    fn shape(reason: String) -> Box<Self> {
        Box::new(Self {
            segs: Vec::new(),
            reason,
            not_json: false,
        })
    }

    /// The error as it reads outside: the path joined in document order.
    pub fn finish(self) -> ScanError {
        let mut path = String::new();
        for seg in self.segs.iter().rev() {
            match seg {
                Seg::Key(key) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Seg::Index(index) => {
                    path.push('[');
                    path.push_str(&index.to_string());
                    path.push(']');
                }
            }
        }
        ScanError {
            path: if self.not_json { String::new() } else { path },
            reason: self.reason,
            not_json: self.not_json,
        }
    }
}

type Res<T> = Result<T, Box<Fail>>;

fn at_key<T>(result: Res<T>, key: &str) -> Res<T> {
    result.map_err(|mut fail| {
        fail.segs.push(Seg::Key(key.to_owned()));
        fail
    })
}

fn under_key(mut fail: Box<Fail>, key: &str) -> Box<Fail> {
    fail.segs.push(Seg::Key(key.to_owned()));
    fail
}

fn at_index<T>(result: Res<T>, index: usize) -> Res<T> {
    result.map_err(|mut fail| {
        fail.segs.push(Seg::Index(index));
        fail
    })
}

/// The scanner: a position in the body and the nesting depth.
pub struct Scanner<'b> {
    bytes: &'b [u8],
    pos: usize,
    depth: u32,
}

// SWAR constants: one byte repeated over a u64.
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// A high bit for each byte of `word` that is `"`, `\`, a control character or ≥ 0x80.
#[inline(always)]
fn special_bytes(word: u64) -> u64 {
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let zero_in = |x: u64| x.wrapping_sub(ONES) & !x;
    (zero_in(quote) | zero_in(backslash) | word.wrapping_sub(ONES * 0x20) | word) & HIGHS
}

impl<'b> Scanner<'b> {
    pub fn new(bytes: &'b [u8]) -> Self {
        Self {
            bytes,
            pos: 0,
            depth: 0,
        }
    }

    pub fn bytes(&self) -> &'b [u8] {
        self.bytes
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline(always)]
    fn ws(&mut self) {
        // A local position, stored once: `self.pos` lives in memory (in wasm, linear memory).
        let mut pos = self.pos;
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(pos) {
            pos += 1;
        }
        self.pos = pos;
    }

    /// The next non-space byte, not consumed; end of input is a syntax error.
    #[inline(always)]
    fn next_token(&mut self) -> Res<u8> {
        self.ws();
        self.peek()
            .ok_or_else(|| Fail::syntax("EOF while parsing a value"))
    }

    /// Consumes `byte`, the next token. Compact JSON (no whitespace) takes the first branch.
    #[inline(always)]
    fn expect_byte(&mut self, byte: u8, what: &str) -> Res<()> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            self.expect_byte_slow(byte, what)
        }
    }

    #[inline(never)]
    fn expect_byte_slow(&mut self, byte: u8, what: &str) -> Res<()> {
        if self.next_token()? == byte {
            self.pos += 1;
            Ok(())
        } else {
            Err(Fail::syntax(what))
        }
    }

    /// After a member or an item: consumes `,` (true: another follows) or `close` (false).
    #[inline(always)]
    fn comma_or(&mut self, close: u8) -> Res<bool> {
        // Compact JSON has the separator right there; whitespace takes `next_token`.
        let byte = match self.peek() {
            Some(byte @ (b',' | b'}' | b']')) => byte,
            _ => self.next_token()?,
        };
        if byte == b',' || byte == close {
            self.pos += 1;
            Ok(byte == b',')
        } else if close == b'}' {
            Err(Fail::syntax("expected `,` or `}`"))
        } else {
            Err(Fail::syntax("expected `,` or `]`"))
        }
    }

    /// `expect_byte(b':')` on a local position (see `object`): returns the position after it.
    #[inline(always)]
    fn colon_at(&mut self, pos: usize) -> Res<usize> {
        if self.bytes.get(pos) == Some(&b':') {
            return Ok(pos + 1);
        }
        self.pos = pos;
        self.expect_byte_slow(b':', "expected `:`")?;
        Ok(self.pos)
    }

    /// `comma_or(close)` on a local position: the position after `,` when another member or item
    /// follows, `None` (with `self.pos` after `close`) at the end.
    #[inline(always)]
    fn comma_at(&mut self, pos: usize, close: u8) -> Res<Option<usize>> {
        match self.bytes.get(pos) {
            Some(b',') => Ok(Some(pos + 1)),
            Some(&byte) if byte == close => {
                self.pos = pos + 1;
                Ok(None)
            }
            _ => {
                self.pos = pos;
                Ok(if self.comma_or(close)? {
                    Some(self.pos)
                } else {
                    None
                })
            }
        }
    }

    /// The opening quote of a key at or after `pos` (compact JSON has it right there).
    #[inline(always)]
    fn key_quote_at(&mut self, pos: usize) -> Res<usize> {
        if self.bytes.get(pos) == Some(&b'"') {
            return Ok(pos);
        }
        self.pos = pos;
        if self.next_token()? != b'"' {
            return Err(Fail::syntax("key must be a string"));
        }
        Ok(self.pos)
    }

    /// Only whitespace may follow the document.
    pub fn end(&mut self) -> Res<()> {
        self.ws();
        if self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err(Fail::syntax("trailing characters"))
        }
    }

    #[inline(always)]
    fn enter(&mut self) -> Res<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(Fail::syntax("recursion limit exceeded"))
        } else {
            Ok(())
        }
    }

    /// A string whose opening quote is at `pos`, up to its closing quote. Validates escapes,
    /// surrogate pairs, control characters and UTF-8. Returns nothing (a `Result` that fits one
    /// register): the few callers that read the text find it between the quotes.
    #[inline]
    fn string(&mut self) -> Res<()> {
        let bytes = self.bytes;
        // A local position (see `ws`), written back only around the cold calls.
        let mut pos = self.pos + 1;
        loop {
            // Eight plain bytes at a time.
            while let Some(chunk) = bytes.get(pos..pos + 8) {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                let special = special_bytes(u64::from_le_bytes(word));
                if special == 0 {
                    pos += 8;
                } else {
                    pos += (special.trailing_zeros() / 8) as usize;
                    break;
                }
            }
            let Some(&byte) = bytes.get(pos) else {
                self.pos = pos;
                return Err(Fail::syntax("EOF while parsing a string"));
            };
            match byte {
                b'"' => {
                    self.pos = pos + 1;
                    return Ok(());
                }
                b'\\' => {
                    self.pos = pos;
                    self.escape()?;
                    pos = self.pos;
                }
                0..=0x1f => {
                    self.pos = pos;
                    return Err(Fail::syntax("control character while parsing a string"));
                }
                0x80.. => {
                    self.pos = pos;
                    self.utf8()?;
                    pos = self.pos;
                }
                _ => pos += 1,
            }
        }
    }

    /// One UTF-8 sequence of two to four bytes at `pos`, checked as `str::from_utf8` would.
    #[cold]
    fn utf8(&mut self) -> Res<()> {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let width = match rest.first().copied().unwrap_or(0) {
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => return Err(Fail::syntax("invalid UTF-8")),
        };
        match rest.get(..width).map(std::str::from_utf8) {
            Some(Ok(_)) => {
                self.pos += width;
                Ok(())
            }
            _ => Err(Fail::syntax("invalid UTF-8")),
        }
    }

    /// An escape whose backslash is at `pos`.
    #[cold]
    fn escape(&mut self) -> Res<()> {
        self.pos += 1;
        match self.peek() {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                self.pos += 1;
                Ok(())
            }
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4()?;
                match unit {
                    0xdc00..=0xdfff => Err(Fail::syntax("lone surrogate in hex escape")),
                    0xd800..=0xdbff => {
                        if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                            return Err(Fail::syntax("unexpected end of hex escape"));
                        }
                        self.pos += 2;
                        match self.hex4()? {
                            0xdc00..=0xdfff => Ok(()),
                            _ => Err(Fail::syntax("lone surrogate in hex escape")),
                        }
                    }
                    _ => Ok(()),
                }
            }
            Some(_) => Err(Fail::syntax("invalid escape")),
            None => Err(Fail::syntax("EOF while parsing a string")),
        }
    }

    fn hex4(&mut self) -> Res<u16> {
        let Some(digits) = self.bytes.get(self.pos..self.pos + 4) else {
            return Err(Fail::syntax("EOF while parsing a string"));
        };
        let mut value: u16 = 0;
        for &digit in digits {
            let nibble = match digit {
                b'0'..=b'9' => digit - b'0',
                b'a'..=b'f' => digit - b'a' + 10,
                b'A'..=b'F' => digit - b'A' + 10,
                _ => return Err(Fail::syntax("invalid escape")),
            };
            value = value << 4 | u16::from(nibble);
        }
        self.pos += 4;
        Ok(value)
    }

    /// A number at `pos` per the JSON grammar. Returns `Some(value)` for a plain non-negative
    /// integer that fits a u64, `None` for any other valid number. With `finite`, a number that
    /// serde_json would read as an infinite double is refused (as it refuses it in a `Value`).
    fn number(&mut self, finite: bool) -> Res<Option<u64>> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let mut value: Option<u64> = Some(0);
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(Fail::syntax("invalid number"));
                }
            }
            Some(b'1'..=b'9') => {
                let first = self.pos;
                let mut pos = first;
                let mut acc: u64 = 0;
                // Wrapping arithmetic, checked once at the end by the count of digits:
                // `checked_mul` on a u64 is a 128-bit multiply (a call) in wasm.
                while let Some(&digit @ b'0'..=b'9') = self.bytes.get(pos) {
                    acc = acc.wrapping_mul(10).wrapping_add(u64::from(digit - b'0'));
                    pos += 1;
                }
                self.pos = pos;
                let digits = &self.bytes[first..pos];
                // 19 digits always fit a u64; 20 fit up to u64::MAX (same length, so compared as
                // text); more never do.
                value = match digits.len() {
                    ..=19 => Some(acc),
                    20 if digits <= b"18446744073709551615".as_slice() => Some(acc),
                    _ => None,
                };
            }
            _ => return Err(Fail::syntax("invalid number")),
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            integer = false;
            self.pos += 1;
            self.digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            integer = false;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.digits()?;
        }
        let plain = integer && !negative;
        // serde_json reads other integers that fit as u64/i64, everything else as an f64.
        let fits = integer && value.is_some_and(|v| !negative || v <= 1 << 63);
        if finite && !fits && !finite_double(&self.bytes[start..self.pos]) {
            self.pos = start;
            return Err(Fail::syntax("number out of range"));
        }
        Ok(if plain { value } else { None })
    }

    fn digits(&mut self) -> Res<()> {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        if self.pos == start {
            Err(Fail::syntax("invalid number"))
        } else {
            Ok(())
        }
    }

    #[inline(always)]
    fn literal(&mut self, word: &[u8]) -> Res<()> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(Fail::syntax("expected ident"))
        }
    }

    /// `skip` for a value at `pos` inside a skipped container, returning the position after it:
    /// plain strings (most of them) and literals are checked in place, without the recursive
    /// call.
    #[inline(always)]
    fn skip_member(&mut self, finite: bool, pos: usize) -> Res<usize> {
        let bytes = self.bytes;
        let fast = match bytes.get(pos) {
            Some(b'"') => plain_string(bytes, pos),
            Some(b't') => literal_end(bytes, pos, b"true"),
            Some(b'f') => literal_end(bytes, pos, b"false"),
            Some(b'n') => literal_end(bytes, pos, b"null"),
            _ => None,
        };
        if let Some(end) = fast {
            return Ok(end);
        }
        self.pos = pos;
        self.skip(finite)?;
        Ok(self.pos)
    }

    /// Skips any value, checking its syntax (and, with `finite`, that numbers are finite).
    pub fn skip(&mut self, finite: bool) -> Res<()> {
        match self.next_token()? {
            b'"' => self.string(),
            b'{' => {
                self.pos += 1;
                self.enter()?;
                self.ws();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                } else {
                    // A local position, as in `object`.
                    let mut pos = self.pos;
                    loop {
                        let at = self.key_quote_at(pos)?;
                        pos = match plain_string(self.bytes, at) {
                            Some(end) => end,
                            None => {
                                self.pos = at;
                                self.string()?;
                                self.pos
                            }
                        };
                        pos = self.colon_at(pos)?;
                        pos = self.skip_member(finite, pos)?;
                        match self.comma_at(pos, b'}')? {
                            Some(next) => pos = next,
                            None => break,
                        }
                    }
                }
                self.depth -= 1;
                Ok(())
            }
            b'[' => {
                self.pos += 1;
                self.enter()?;
                self.ws();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                } else {
                    let mut pos = self.pos;
                    loop {
                        pos = self.skip_member(finite, pos)?;
                        match self.comma_at(pos, b']')? {
                            Some(next) => pos = next,
                            None => break,
                        }
                    }
                }
                self.depth -= 1;
                Ok(())
            }
            b'-' | b'0'..=b'9' => self.number(finite).map(|_| ()),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => Err(Fail::syntax("expected value")),
        }
    }

    /// Describes the value at `pos` (after a shape mismatch) as json_error does: `"x"`, `1.5`,
    /// `an object`. Consumes nothing; a value that is not even JSON is reported as such.
    #[cold]
    fn mismatch(&mut self, expected: &str) -> Box<Fail> {
        let start = self.pos;
        let got = match self.peek() {
            Some(b'{') => "an object".to_owned(),
            Some(b'[') => "an array".to_owned(),
            // serde parses the value it calls the wrong type: an infinite number is refused.
            _ => match self.skip(true) {
                Err(fail) => return fail,
                Ok(()) => {
                    let text = &self.bytes[start..self.pos];
                    if text.first() == Some(&b'"') {
                        string_value(text).map_or_else(|| "a string".to_owned(), |s| quoted(&s))
                    } else {
                        String::from_utf8_lossy(text).into_owned()
                    }
                }
            },
        };
        self.pos = start;
        Fail::shape(format!("expected {expected}, got {got}"))
    }

    /// `value` for a member of a shape (or an item of an array) whose value starts at `pos`,
    /// returning the position after it: the commonest members (a plain string where one is
    /// expected, `null` where it may be, a boolean, a short integer) are checked here on a local
    /// position, and nested objects go straight to `object`. Anything else, or anything unusual
    /// in these, takes `value` from `pos`.
    #[inline(always)]
    fn member_value(&mut self, field: &Field<'_>, finite: bool, pos: usize) -> Res<usize> {
        let bytes = self.bytes;
        let fast = match (field.kind, bytes.get(pos)) {
            (Kind::Str, Some(b'"')) => plain_string(bytes, pos),
            (_, Some(b'n')) if field.nullable => literal_end(bytes, pos, b"null"),
            (Kind::Bool, Some(b't')) => literal_end(bytes, pos, b"true"),
            (Kind::Bool, Some(b'f')) => literal_end(bytes, pos, b"false"),
            (Kind::U64, Some(b'1'..=b'9')) => short_integer(bytes, pos, u64::MAX),
            (Kind::U32, Some(b'1'..=b'9')) => short_integer(bytes, pos, u64::from(u32::MAX)),
            _ => None,
        };
        if let Some(end) = fast {
            return Ok(end);
        }
        self.pos = pos;
        match (field.kind, bytes.get(pos)) {
            // A nested object, without `value`'s dispatch.
            (Kind::Object(shape), Some(b'{')) => {
                self.object_into(shape, finite, false, &mut Seen::default(), &mut [])?;
            }
            _ => self.value(&field.kind, field.nullable, finite)?,
        }
        Ok(self.pos)
    }

    /// Checks one value against `kind`; `finite` is set inside values serde reads in full
    /// (`Value`, the buffered content of a tagged union), where unknown members are parsed too.
    pub fn value(&mut self, kind: &Kind<'_>, nullable: bool, finite: bool) -> Res<()> {
        let first = self.next_token()?;
        if first == b'n' && nullable {
            return self.literal(b"null");
        }
        match kind {
            Kind::Str => {
                if first == b'"' {
                    self.string()
                } else {
                    Err(self.mismatch("a string"))
                }
            }
            Kind::U64 | Kind::U32 => {
                let start = self.pos;
                let limit = if matches!(kind, Kind::U32) {
                    u64::from(u32::MAX)
                } else {
                    u64::MAX
                };
                if let b'-' | b'0'..=b'9' = first
                    && let Some(value) = self.number(false)?
                    && value <= limit
                {
                    return Ok(());
                }
                self.pos = start;
                Err(self.mismatch("a non-negative integer"))
            }
            Kind::Bool => match first {
                b't' => self.literal(b"true"),
                b'f' => self.literal(b"false"),
                _ => Err(self.mismatch("a boolean (true or false)")),
            },
            Kind::Any => self.skip(true),
            Kind::Ignored => self.skip(finite),
            Kind::Status => {
                let start = self.pos;
                match first {
                    b'"' => return self.string(),
                    b'-' | b'0'..=b'9' => {
                        self.number(false)?;
                        if status_code(&self.bytes[start..self.pos]).is_some() {
                            return Ok(());
                        }
                        self.pos = start;
                    }
                    _ => {}
                }
                Err(self.mismatch("a string or an integer"))
            }
            Kind::FreeObject => {
                if first != b'{' {
                    return Err(self.mismatch("an object"));
                }
                self.skip(true)
            }
            Kind::Object(shape) => {
                if first != b'{' {
                    return Err(self.mismatch("an object"));
                }
                self.object_into(shape, finite, false, &mut Seen::default(), &mut [])
            }
            Kind::Array(item) => {
                if first != b'[' {
                    return Err(self.mismatch("an array"));
                }
                self.array(item, finite, None)
            }
            Kind::Tagged(tagged) => {
                if first != b'{' {
                    return Err(self.mismatch("an object"));
                }
                // Its spans nobody reads, as for `Kind::Object`.
                let (_, shape) = self.tag(tagged)?;
                self.object_into(shape, true, false, &mut Seen::default(), &mut [])
            }
        }
    }

    /// An array at `pos` whose items are `item`. With a sink, items must be objects (or tagged
    /// unions) and each one's member spans go to the sink.
    fn array(
        &mut self,
        item: &Kind<'_>,
        finite: bool,
        mut sink: Option<&mut ItemSink<'_>>,
    ) -> Res<()> {
        self.pos += 1;
        self.enter()?;
        self.ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(());
        }
        let mut index = 0;
        // A local position, as in `object`; items without a sink are checked as members are.
        let mut pos = self.pos;
        // One for all the items given to the sink: each object starts by forgetting the last.
        let mut info = ObjInfo::new();
        let as_member = Field {
            name: "",
            kind: *item,
            required: false,
            nullable: false,
        };
        loop {
            match (&mut sink, item) {
                (Some(sink), Kind::Object(shape)) => {
                    self.pos = pos;
                    at_index(
                        if self.next_token()? == b'{' {
                            self.object(shape, finite, false, &mut info)
                        } else {
                            Err(self.mismatch("an object"))
                        },
                        index,
                    )?;
                    sink(self.bytes, 0, &info);
                    pos = self.pos;
                }
                (Some(sink), Kind::Tagged(tagged)) => {
                    self.pos = pos;
                    let variant = at_index(
                        if self.next_token()? == b'{' {
                            self.tag(tagged).and_then(|(variant, shape)| {
                                self.object(shape, true, false, &mut info).map(|()| variant)
                            })
                        } else {
                            Err(self.mismatch("an object"))
                        },
                        index,
                    )?;
                    sink(self.bytes, variant, &info);
                    pos = self.pos;
                }
                _ => pos = at_index(self.member_value(&as_member, finite, pos), index)?,
            }
            index += 1;
            match self.comma_at(pos, b']')? {
                Some(next) => pos = next,
                None => {
                    self.depth -= 1;
                    return Ok(());
                }
            }
        }
    }

    /// The key at `at` (its opening quote) of an object of `shape`: the member's index, if it
    /// is one, and the key's span (quotes included; it ends where the key does). Tries the
    /// expected member's name first, byte for byte: names are plain ASCII, so matching them is
    /// checking the key.
    #[inline(always)]
    fn member_key(
        &mut self,
        shape: &Shape<'_>,
        hint: &mut usize,
        at: usize,
    ) -> Res<(Option<usize>, Span)> {
        if let Some(field) = shape.fields.get(*hint) {
            let name = field.name.as_bytes();
            let end = at + 1 + name.len();
            if self.bytes.get(end) == Some(&b'"') && same_bytes(&self.bytes[at + 1..end], name) {
                *hint += 1;
                return Ok((Some(*hint - 1), (at, end + 1)));
            }
        }
        let end = match plain_string(self.bytes, at) {
            Some(end) => end,
            None => {
                self.pos = at;
                self.string()?;
                self.pos
            }
        };
        let mut buf = [0u8; 64];
        let key = key_bytes(&self.bytes[at..end], &mut buf);
        Ok((field_index(shape, key, hint), (at, end)))
    }

    /// An object at `pos` against `shape`. Known members are checked and recorded in `info`;
    /// others are skipped. `repeats` lets a key repeat (a `Value` map: the last one wins).
    pub fn object(
        &mut self,
        shape: &Shape<'_>,
        finite: bool,
        repeats: bool,
        info: &mut ObjInfo,
    ) -> Res<()> {
        info.start(shape);
        self.object_into(shape, finite, repeats, &mut info.seen, &mut info.spans)
    }

    /// `object`, recording members in `seen` and their value spans in `spans` (by index; an
    /// empty `spans` for an object whose spans nobody reads, which spares clearing an `ObjInfo`).
    fn object_into(
        &mut self,
        shape: &Shape<'_>,
        finite: bool,
        repeats: bool,
        seen: &mut Seen,
        spans: &mut [Span],
    ) -> Res<()> {
        self.pos += 1;
        self.enter()?;
        let mut hint = 0;
        // With `repeats`: the failure of each member's latest value, made only when one fails.
        let mut pending: Option<Vec<Option<Box<Fail>>>> = None;
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            // The position lives in a local through each member, written back to `self.pos` only
            // around the calls that read it: in wasm `self.pos` is in linear memory, and every
            // step of a member would otherwise store it and load it again.
            let bytes = self.bytes;
            let mut pos = self.pos;
            loop {
                pos = self.key_quote_at(pos)?;
                let (found, key) = self.member_key(shape, &mut hint, pos)?;
                pos = self.colon_at(key.1)?;
                match found {
                    Some(index) => {
                        let field = &shape.fields[index];
                        // Recorded before its value is read: a value that fails ends the scan, or
                        // with `repeats` stays pending, seen.
                        if !seen.insert(index) && !repeats {
                            return Err(Fail::shape(format!("duplicate field `{}`", field.name)));
                        }
                        while let Some(b' ' | b'\n' | b'\r' | b'\t') = bytes.get(pos) {
                            pos += 1;
                        }
                        let value_start = pos;
                        match at_key(self.member_value(field, finite, pos), field.name) {
                            Ok(end) => {
                                pos = end;
                                if let Some(slot) = pending.as_mut().and_then(|p| p.get_mut(index))
                                {
                                    *slot = None;
                                }
                            }
                            // A repeated key's last value is the one read: an earlier value of
                            // the wrong shape fails only if no later one replaces it.
                            Err(fail) if repeats && !fail.not_json => {
                                self.pos = value_start;
                                self.skip(finite)?;
                                pos = self.pos;
                                let pending = pending.get_or_insert_with(|| {
                                    std::iter::repeat_with(|| None)
                                        .take(shape.fields.len())
                                        .collect()
                                });
                                if let Some(slot) = pending.get_mut(index) {
                                    *slot = Some(fail);
                                }
                            }
                            Err(fail) => return Err(fail),
                        }
                        if let Some(span) = spans.get_mut(index) {
                            *span = (value_start, pos);
                        }
                    }
                    None => {
                        self.pos = pos;
                        let result = self.skip(finite);
                        if let Err(mut fail) = result {
                            fail.segs.push(Seg::Key(key_text(self.bytes, key)));
                            return Err(fail);
                        }
                        pos = self.pos;
                    }
                }
                match self.comma_at(pos, b'}')? {
                    Some(next) => pos = next,
                    None => break,
                }
            }
        }
        self.depth -= 1;
        if let Some(fail) = pending.and_then(|pending| pending.into_iter().flatten().next()) {
            return Err(fail);
        }
        // Servers send every member: when all are there, none is missing.
        if !seen.has_all(shape.fields.len())
            && let Some(missing) = shape
                .fields
                .iter()
                .enumerate()
                .find(|(index, field)| field.required && !seen.has(*index))
        {
            return Err(under_key(
                Fail::shape("required field is missing".to_owned()),
                missing.1.name,
            ));
        }
        Ok(())
    }

    /// The first pass over a tagged union at `pos`: finds the tag, checking the syntax on the
    /// way, and returns the variant it names with its shape, the position back at `pos`. The
    /// caller then checks the object against that shape as serde checks what it buffered
    /// (`finite`: unknown members parsed, numbers finite).
    fn tag<'t>(&mut self, tagged: &Tagged<'t>) -> Res<(usize, &'t Shape<'t>)> {
        let start = self.pos;
        let depth = self.depth;
        // First pass: the tag's value, checking syntax on the way.
        self.pos += 1;
        self.enter()?;
        let mut variant: Option<(usize, &'t Shape<'t>)> = None;
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                if self.next_token()? != b'"' {
                    return Err(Fail::syntax("key must be a string"));
                }
                let key_at = self.pos;
                self.string()?;
                let mut buf = [0u8; 64];
                let key = key_bytes(&self.bytes[key_at..self.pos], &mut buf);
                self.expect_byte(b':', "expected `:`")?;
                if key == tagged.tag.as_bytes() {
                    if variant.is_some() {
                        return Err(Fail::shape(format!("duplicate field `{}`", tagged.tag)));
                    }
                    let value_at = self.next_token().map(|_| self.pos)?;
                    let found = if self.peek() == Some(b'"') {
                        self.string()?;
                        let name =
                            string_value(&self.bytes[value_at..self.pos]).unwrap_or_default();
                        let mut variants = tagged.variants.iter().enumerate();
                        variants
                            .find(|(_, (wire, _))| *wire == name)
                            .map(|(index, (_, shape))| (index, *shape))
                    } else {
                        None
                    };
                    match found {
                        Some(found) => variant = Some(found),
                        None => {
                            self.pos = value_at;
                            let names: Vec<String> = tagged
                                .variants
                                .iter()
                                .map(|(w, _)| format!("`{w}`"))
                                .collect();
                            let fail = self.mismatch(&format!("one of {}", names.join(", ")));
                            return Err(under_key(fail, tagged.tag));
                        }
                    }
                } else {
                    self.skip(true)?;
                }
                if !self.comma_or(b'}')? {
                    break;
                }
            }
        }
        self.depth = depth;
        let Some(variant) = variant else {
            return Err(under_key(
                Fail::shape("required field is missing".to_owned()),
                tagged.tag,
            ));
        };
        self.pos = start;
        Ok(variant)
    }

    /// A top-level object against `shape` (an envelope), with `data`'s items, when `data` is an
    /// array of objects, going to `sink`. The whole document must be this object.
    pub fn document(
        &mut self,
        shape: &Shape<'_>,
        items_of: Option<usize>,
        sink: Option<&mut ItemSink<'_>>,
        info: &mut ObjInfo,
    ) -> Res<()> {
        if self.next_token()? != b'{' {
            let fail = self.mismatch("an object");
            return Err(fail);
        }
        match (items_of, sink) {
            (Some(index), Some(sink)) => self.object_with_items(shape, index, sink, info)?,
            _ => self.object(shape, false, false, info)?,
        }
        self.end()
    }

    /// `object` where the member at `items` is an array whose items go to `sink`.
    fn object_with_items(
        &mut self,
        shape: &Shape<'_>,
        items: usize,
        sink: &mut ItemSink<'_>,
        info: &mut ObjInfo,
    ) -> Res<()> {
        // The same loop as `object`, with one member scanned by `array` and the sink.
        info.start(shape);
        self.pos += 1;
        self.enter()?;
        let mut hint = 0;
        self.ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                if self.next_token()? != b'"' {
                    return Err(Fail::syntax("key must be a string"));
                }
                let (found, key) = self.member_key(shape, &mut hint, self.pos)?;
                self.pos = key.1;
                self.expect_byte(b':', "expected `:`")?;
                match found {
                    Some(index) => {
                        let field = &shape.fields[index];
                        if !info.seen.insert(index) {
                            return Err(Fail::shape(format!("duplicate field `{}`", field.name)));
                        }
                        let value_start = self.next_token().map(|_| self.pos)?;
                        let result = match field.kind {
                            Kind::Array(item) if index == items && self.peek() == Some(b'[') => {
                                self.array(item, false, Some(&mut *sink))
                            }
                            kind => self.value(&kind, field.nullable, false),
                        };
                        at_key(result, field.name)?;
                        if let Some(span) = info.spans.get_mut(index) {
                            *span = (value_start, self.pos);
                        }
                    }
                    None => {
                        if let Err(mut fail) = self.skip(false) {
                            fail.segs.push(Seg::Key(key_text(self.bytes, key)));
                            return Err(fail);
                        }
                    }
                }
                if !self.comma_or(b'}')? {
                    break;
                }
            }
        }
        self.depth -= 1;
        if let Some((_, field)) = shape
            .fields
            .iter()
            .enumerate()
            .find(|(index, field)| field.required && !info.seen.has(*index))
        {
            return Err(under_key(
                Fail::shape("required field is missing".to_owned()),
                field.name,
            ));
        }
        Ok(())
    }
}

/// The text of a checked key (`raw` includes the quotes), decoded into `buf` when it has escapes;
/// an escaped key longer than `buf` matches no field, so it reads as `"\0"`, which none is.
fn key_bytes<'k>(raw: &'k [u8], buf: &'k mut [u8; 64]) -> &'k [u8] {
    let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default();
    if !inner.contains(&b'\\') {
        return inner;
    }
    let decoded = string_value(raw).and_then(|text| {
        let out = buf.get_mut(..text.len())?;
        out.copy_from_slice(text.as_bytes());
        Some(&*out)
    });
    decoded.unwrap_or(b"\0")
}

/// A key as a path segment (its span includes the quotes).
#[cold]
fn key_text(bytes: &[u8], (start, end): Span) -> String {
    let raw = bytes.get(start..end).unwrap_or_default();
    string_value(raw).unwrap_or_else(|| String::from_utf8_lossy(raw).trim_matches('"').to_owned())
}

/// Whether `a` and `b` (of the same length) are equal, compared a word at a time: `==` on slices
/// calls `memcmp`, which in wasm is a byte loop behind a call, and member names are short.
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| {
        let mut word = [0u8; 8];
        word.copy_from_slice(&s[at..at + 8]);
        u64::from_le_bytes(word)
    };
    let half = |s: &[u8], at: usize| {
        let mut half = [0u8; 4];
        half.copy_from_slice(&s[at..at + 4]);
        u32::from_le_bytes(half)
    };
    if n >= 8 {
        let mut at = 0;
        while at + 8 < n {
            if word(a, at) != word(b, at) {
                return false;
            }
            at += 8;
        }
        // The last eight bytes, overlapping the previous word when `n` is not a multiple of 8.
        word(a, n - 8) == word(b, n - 8)
    } else if n >= 4 {
        half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4)
    } else {
        a.iter().zip(b).all(|(x, y)| x == y)
    }
}

/// The end (after the closing quote) of the string whose opening quote is at `at`, when every
/// byte before the closing quote is printable ASCII other than `\\`: the common string, checked
/// eight bytes at a time on a local position. `None` for anything else (an escape, a control
/// character, a non-ASCII byte, the end of the body near), which `Scanner::string` checks in full.
#[inline(always)]
fn plain_string(bytes: &[u8], at: usize) -> Option<usize> {
    let mut pos = at + 1;
    loop {
        let mut word = [0u8; 8];
        word.copy_from_slice(bytes.get(pos..pos + 8)?);
        let special = special_bytes(u64::from_le_bytes(word));
        if special != 0 {
            let end = pos + (special.trailing_zeros() / 8) as usize;
            return (bytes.get(end) == Some(&b'"')).then_some(end + 1);
        }
        pos += 8;
    }
}

/// The end of `word` (`null`, `true`, `false`) when the body has it at `at`.
#[inline(always)]
fn literal_end(bytes: &[u8], at: usize, word: &[u8]) -> Option<usize> {
    let end = at + word.len();
    (bytes.get(at..end) == Some(word)).then_some(end)
}

/// The end of the integer literal at `at` (its first digit `1`-`9`) when it is plain (no
/// fraction or exponent), has at most 19 digits (so fits a u64) and is at most `limit`; `None`
/// for anything else, which `Scanner::value` checks in full.
#[inline(always)]
fn short_integer(bytes: &[u8], at: usize, limit: u64) -> Option<usize> {
    let mut pos = at;
    let mut value: u64 = 0;
    while let Some(&digit @ b'0'..=b'9') = bytes.get(pos) {
        value = value.wrapping_mul(10).wrapping_add(u64::from(digit - b'0'));
        pos += 1;
    }
    let plain = !matches!(bytes.get(pos), Some(b'.' | b'e' | b'E'));
    (plain && pos - at <= 19 && value <= limit).then_some(pos)
}

/// The index of `key` in `shape`, trying first the member after the last one found: servers
/// send members in the model's order, so this is usually one comparison.
#[inline(always)]
fn field_index(shape: &Shape<'_>, key: &[u8], hint: &mut usize) -> Option<usize> {
    if let Some(field) = shape.fields.get(*hint)
        && field.name.as_bytes() == key
    {
        *hint += 1;
        return Some(*hint - 1);
    }
    let index = shape
        .fields
        .iter()
        .position(|field| field.name.as_bytes() == key)?;
    *hint = index + 1;
    Some(index)
}

/// An envelope status code as serde reads it: an integer in i64 or u64 range (not `-0`, which
/// serde_json reads as a float).
pub fn status_code(text: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(text).ok()?;
    if let Ok(value) = text.parse::<u64>()
        && !text.starts_with('+')
    {
        return Some(i64::try_from(value).unwrap_or(i64::MAX));
    }
    match text.parse::<i64>() {
        Ok(value) if value < 0 && text.starts_with('-') => Some(value),
        _ => None,
    }
}

/// The value of a plain integer literal (a span the scanner has checked as `U64`).
pub fn integer_at(bytes: &[u8], (start, end): Span) -> u64 {
    let digits = bytes.get(start..end).unwrap_or_default();
    digits.iter().fold(0u64, |acc, d| {
        acc.wrapping_mul(10)
            .wrapping_add(u64::from(d.wrapping_sub(b'0')))
    })
}

/// Checks a whole document against a top-level shape: `Ok` with the members' spans.
pub fn check_document(
    bytes: &[u8],
    shape: &Shape<'_>,
    items_of: Option<usize>,
    sink: Option<&mut ItemSink<'_>>,
) -> Result<ObjInfo, ScanError> {
    let mut scanner = Scanner::new(bytes);
    let mut info = ObjInfo::new();
    scanner
        .document(shape, items_of, sink, &mut info)
        .map_err(|fail| fail.finish())?;
    Ok(info)
}

/// Checks one value (a span of a checked document) against `shape`, as serde reads it from a
/// `serde_json::Value`: a repeated key is allowed, the last one wins.
pub fn check_value_object(bytes: &[u8], shape: &Shape<'_>) -> Result<ObjInfo, ScanError> {
    let mut scanner = Scanner::new(bytes);
    let mut info = ObjInfo::new();
    let result = match scanner.next_token() {
        Ok(b'{') => scanner.object(shape, true, true, &mut info),
        Ok(_) => Err(scanner.mismatch("an object")),
        Err(fail) => Err(fail),
    };
    result
        .and_then(|()| scanner.end())
        .map_err(|fail| fail.finish())?;
    Ok(info)
}

/// The text of a JSON string literal (quotes included) that a scan has checked; `None` for any
/// other value. Checked strings are valid UTF-8 with well-formed escapes, so decoding only
/// replaces escapes.
pub fn string_value(raw: &[u8]) -> Option<String> {
    let inner = raw.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    if !inner.contains(&b'\\') {
        return std::str::from_utf8(inner).ok().map(str::to_owned);
    }
    let mut out = String::with_capacity(inner.len());
    let mut rest = inner;
    while let Some(at) = rest.iter().position(|b| *b == b'\\') {
        out.push_str(std::str::from_utf8(&rest[..at]).ok()?);
        let (escape, after) = rest.get(at + 1..)?.split_first()?;
        rest = after;
        let simple = match escape {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = hex_unit(rest)?;
                rest = &rest[4..];
                let code = if (0xd800..0xdc00).contains(&high) {
                    let low = rest.strip_prefix(b"\\u").and_then(hex_unit)?;
                    rest = &rest[6..];
                    0x10000 + ((u32::from(high) - 0xd800) << 10) + (u32::from(low) - 0xdc00)
                } else {
                    u32::from(high)
                };
                char::from_u32(code)?
            }
            _ => return None,
        };
        out.push(simple);
    }
    out.push_str(std::str::from_utf8(rest).ok()?);
    Some(out)
}

/// Appends `value` as a JSON string, escaped as serde_json does (RFC 8259 §7): `"` and `\`, the
/// short forms `\b \f \n \r \t`, and `\u00XX` for the other control characters; nothing else.
pub fn write_json_string(out: &mut String, value: &str) {
    out.push('"');
    let mut plain_from = 0;
    for (at, byte) in value.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        // Escaped bytes are ASCII, so `at` is always a char boundary.
        out.push_str(&value[plain_from..at]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        } else {
            out.push_str(escape);
        }
        plain_from = at + 1;
    }
    out.push_str(&value[plain_from..]);
    out.push('"');
}

/// `text` as a JSON string literal, for messages that quote what they refuse.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    write_json_string(&mut out, text);
    out
}

/// The digits of 2^1024 - 2^970, halfway between the largest double and 2^1024: a decimal at
/// least this large rounds to infinity (ties go to the even 2^1024), one below it to a double.
const OVERFLOW_DIGITS: &[u8] = b"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// Whether a JSON number literal (checked grammar) reads as a finite double, decided from its
/// decimal exponent and digits instead of parsing it (`f64::from_str` and its tables are about
/// 18 KB of wasm).
fn finite_double(literal: &[u8]) -> bool {
    let literal = literal.strip_prefix(b"-").unwrap_or(literal);
    let mantissa_end = literal
        .iter()
        .position(|b| matches!(b, b'e' | b'E'))
        .unwrap_or(literal.len());
    let (mantissa, exponent) = literal.split_at(mantissa_end);
    let exponent = exponent.get(1..).unwrap_or_default();
    let (negative, exponent) = match exponent.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, exponent),
    };
    // Saturates far beyond any exponent that matters, so no literal overflows it.
    let magnitude = exponent.iter().fold(0i64, |acc, d| {
        (acc * 10 + i64::from(d - b'0')).min(1_000_000_000)
    });
    let exponent = if negative { -magnitude } else { magnitude };
    let whole_digits = mantissa
        .iter()
        .position(|b| *b == b'.')
        .unwrap_or(mantissa.len());
    let digits = mantissa.iter().copied().filter(u8::is_ascii_digit);
    let Some(leading_zeros) = digits.clone().position(|d| d != b'0') else {
        return true; // zero
    };
    // The power of ten of the first significant digit.
    let power = whole_digits as i64 - 1 - leading_zeros as i64 + exponent;
    match power.cmp(&308) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Greater => false,
        std::cmp::Ordering::Equal => {
            let mut significant = digits.skip(leading_zeros);
            for limit in OVERFLOW_DIGITS {
                match significant.next() {
                    Some(d) if d == *limit => {}
                    Some(d) => return d < *limit,
                    // A prefix of the limit, with only zeros after: below it.
                    None => return true,
                }
            }
            // Equal to the limit up to its last nonzero digit: at least the limit.
            false
        }
    }
}

/// The code unit of four hex digits at the start of `bytes`.
fn hex_unit(bytes: &[u8]) -> Option<u16> {
    let digits = std::str::from_utf8(bytes.get(..4)?).ok()?;
    u16::from_str_radix(digits, 16).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_repeated_key_is_read_from_its_last_value_in_a_value_object() {
        static ID: Shape<'static> = Shape {
            name: "IdOnly",
            fields: &[Field {
                name: "id",
                kind: Kind::U64,
                required: true,
                nullable: false,
            }],
        };
        let ok = br#"{"id": {"not": "a number"}, "id": 7}"#;
        let info = check_value_object(ok, &ID).expect("the last id is a number");
        assert_eq!(integer_at(ok, info.get(0).expect("id")), 7);
        let last_bad = check_value_object(br#"{"id": 7, "id": "x"}"#, &ID);
        assert_eq!(last_bad.err().map(|err| err.path).as_deref(), Some("id"));
        let repeated = check_document(br#"{"id": 7, "id": 8}"#, &ID, None, None);
        assert_eq!(
            repeated.err().map(|err| err.reason).as_deref(),
            Some("duplicate field `id`")
        );
    }

    #[test]
    fn finite_double_agrees_with_parsing_at_the_overflow_boundary_and_elsewhere() {
        let mut cases: Vec<String> = [
            "0", "-0", "0.0", "0e999999999999", "1e308", "1e309", "-1e309", "1.7976931348623157e308",
            "1.7976931348623158e308", "1.79769313486231580793728971405303415e308",
            "1.797693134862315807937289714053034150799e308", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791",
            "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792",
            "0.000179769313486231580793728971405303415e312", "17976931348623158e292", "17976931348623157e292",
            "1e-400", "123.456e-789", "1.5", "1e400", "1E+308", "9.99e307", "10e307", "0.1e310",
            "0.01e310", "1e-999999999999999999999",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let digits = format!("{}", state % 100_000_000_000_000_000);
            let split = (state >> 60) as usize % digits.len();
            let exponent = (state >> 40) as i64 % 700 - 350 + 290;
            let (whole, fraction) = digits.split_at(split.max(1));
            cases.push(format!("{whole}.{fraction}0e{exponent}"));
        }
        for case in cases {
            let parsed = case.parse::<f64>().is_ok_and(f64::is_finite);
            assert_eq!(finite_double(case.as_bytes()), parsed, "{case}");
        }
    }

    #[test]
    fn string_value_decodes_escapes_and_refuses_other_values() {
        assert_eq!(string_value(br#""plain""#).as_deref(), Some("plain"));
        assert_eq!(
            string_value(br#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#).as_deref(),
            Some("a\"b\\c/d\n\t\u{e9}\u{1f600}")
        );
        assert_eq!(string_value(b"12"), None);
        assert_eq!(string_value(b"null"), None);
        assert_eq!(string_value(br#""bad \x""#), None);
    }

    use super::*;

    const INNER: Shape<'static> = Shape {
        name: "Inner",
        fields: &[Field {
            name: "message",
            kind: Kind::Str,
            required: false,
            nullable: true,
        }],
    };
    const SHAPE: Shape<'static> = Shape {
        name: "Thing",
        fields: &[
            Field {
                name: "id",
                kind: Kind::U64,
                required: true,
                nullable: false,
            },
            Field {
                name: "small",
                kind: Kind::U32,
                required: false,
                nullable: true,
            },
            Field {
                name: "inner",
                kind: Kind::Object(&INNER),
                required: false,
                nullable: true,
            },
            Field {
                name: "list",
                kind: Kind::Array(&Kind::Object(&INNER)),
                required: false,
                nullable: false,
            },
            Field {
                name: "any",
                kind: Kind::Any,
                required: false,
                nullable: true,
            },
        ],
    };

    fn check(text: &str) -> Result<(), ScanError> {
        check_document(text.as_bytes(), &SHAPE, None, None).map(|_| ())
    }

    #[test]
    fn accepts_valid_documents_and_skips_unknown_members() {
        check(r#"{"id": 1}"#).expect("minimal");
        check(
            r#" {"id":18446744073709551615,"small":4294967295,"inner":{"message":"a\"b\\c\u00e9\ud83d\ude00 é 😀"},
              "list":[{},{"message":null}],"any":[1,-2.5e10,{"x":[true,false,null]}],
              "x":{"deep":[[[]]],"s":"very long string with nothing special in it at all"}} "#,
        )
        .expect("full");
    }

    #[test]
    fn refuses_wrong_shapes_with_paths() {
        let err = check(r#"{"id": "x"}"#).expect_err("string id");
        assert_eq!(
            (err.path.as_str(), err.reason.as_str()),
            ("id", r#"expected a non-negative integer, got "x""#)
        );
        let err = check(r#"{"id": 1, "list": [{}, {"message": 5}]}"#).expect_err("item");
        assert_eq!(err.path, "list[1].message");
        assert_eq!(check(r#"{"small": 1}"#).expect_err("missing").path, "id");
        assert_eq!(
            check(r#"{"id": 1, "small": 4294967296}"#)
                .expect_err("u32")
                .path,
            "small"
        );
        for bad in ["-1", "1.0", "1e2", "-0", "18446744073709551616"] {
            let err = check(&format!(r#"{{"id": {bad}}}"#)).expect_err(bad);
            assert!(!err.not_json, "{bad}");
        }
        let err = check(r#"{"id": 1, "id": 2}"#).expect_err("duplicate");
        assert_eq!(err.reason, "duplicate field `id`");
        assert_eq!(
            check(r#"{"id": 1, "list": null}"#).expect_err("null").path,
            "list"
        );
        assert_eq!(
            check(r#"[1]"#).expect_err("array").reason,
            "expected an object, got an array"
        );
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [
            "",
            "{",
            r#"{"id": 1} x"#,
            r#"{"id": 01}"#,
            r#"{"id": 1,}"#,
            "{\"id\": 1, \"s\": \"\t\"}",
            r#"{"id": 1, "s": "\x"}"#,
            r#"{"id": 1, "s": "\ud800"}"#,
            r#"{"id": 1, "s": "\udc00x"}"#,
            r#"{"id": 1, "any": 1e400}"#,
            r#"{"id": 1, "x": 1.}"#,
            r#"{"id": 1, "x": tru}"#,
        ] {
            let err = check(bad).expect_err(bad);
            assert!(err.not_json, "{bad}: {err:?}");
        }
        let mut bytes = br#"{"id": 1, "x": "ab"}"#.to_vec();
        bytes[17] = 0xff;
        assert!(check_document(&bytes, &SHAPE, None, None).is_err());
        let deep = format!(
            r#"{{"id": 1, "x": {}{}}}"#,
            "[".repeat(127),
            "]".repeat(127)
        );
        assert!(check(&deep).expect_err("deep").not_json);
        let ok = format!(
            r#"{{"id": 1, "x": {}{}}}"#,
            "[".repeat(126),
            "]".repeat(126)
        );
        check(&ok).expect("126 levels inside the object");
        check(r#"{"id": 1, "x": 1e400}"#).expect("an ignored number may be any size");
    }

    #[test]
    fn swar_finds_special_bytes() {
        for (index, byte) in [b'"', b'\\', 0x00, 0x1f, 0x80, 0xff]
            .into_iter()
            .enumerate()
        {
            let mut word = [b'a'; 8];
            word[index] = byte;
            let special = special_bytes(u64::from_le_bytes(word));
            assert_eq!(special.trailing_zeros() / 8, index as u32, "{byte:#x}");
        }
        assert_eq!(special_bytes(u64::from_le_bytes(*b" ~azAZ09")), 0);
    }

    #[test]
    fn same_bytes_agrees_with_slice_equality() {
        let name = b"warehouse_writeback_retention_in_days_and_more";
        for len in 0..name.len() {
            let a = &name[..len];
            assert!(same_bytes(a, a), "{len}");
            for at in 0..len {
                let mut b = a.to_vec();
                b[at] ^= 0x20;
                assert!(!same_bytes(a, &b), "{len} {at}");
            }
        }
        assert!(!same_bytes(b"id", b"ids"));
    }

    #[test]
    fn integers_at_the_u64_boundary() {
        for (digits, fits) in [
            ("9999999999999999999", true),
            ("10000000000000000000", true),
            ("18446744073709551615", true),
            ("18446744073709551616", false),
            ("36893488147419103231", false),
            ("99999999999999999999", false),
            ("100000000000000000000", false),
        ] {
            let result = check(&format!(r#"{{"id": {digits}}}"#));
            assert_eq!(result.is_ok(), fits, "{digits}");
        }
        let info = check_document(br#"{"id": 18446744073709551615}"#, &SHAPE, None, None);
        let span = info.ok().and_then(|info| info.get(0));
        assert_eq!(
            span.map(|span| integer_at(br#"{"id": 18446744073709551615}"#, span)),
            Some(u64::MAX)
        );
    }

    #[test]
    fn status_codes_follow_serde() {
        assert_eq!(status_code(b"404"), Some(404));
        assert_eq!(status_code(b"-5"), Some(-5));
        assert_eq!(status_code(b"18446744073709551615"), Some(i64::MAX));
        assert_eq!(status_code(b"-0"), None);
        assert_eq!(status_code(b"1.0"), None);
    }
}
