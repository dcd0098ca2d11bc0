//! The scanner's walk over the body: its position and nesting depth, whitespace, separators,
//! literals, and skipping any value with its syntax checked.

use crate::error::{Fail, Res};
use crate::string::plain_string;

/// serde_json's limit: the 128th nested array or object is refused.
const MAX_DEPTH: u32 = 127;

/// The scanner: a position in the body and the nesting depth.
pub struct Scanner<'b> {
    pub(crate) bytes: &'b [u8],
    pub(crate) pos: usize,
    pub(crate) depth: u32,
}

impl<'b> Scanner<'b> {
    /// A scanner at the start of `bytes`.
    pub fn new(bytes: &'b [u8]) -> Self {
        Self {
            bytes,
            pos: 0,
            depth: 0,
        }
    }

    /// The body being scanned.
    pub fn bytes(&self) -> &'b [u8] {
        self.bytes
    }

    #[inline(always)]
    pub(crate) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline(always)]
    pub(crate) fn ws(&mut self) {
        // A local position, stored once: `self.pos` lives in memory (in wasm, linear memory).
        let mut pos = self.pos;
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(pos) {
            pos += 1;
        }
        self.pos = pos;
    }

    /// The next non-space byte, if any, not consumed.
    pub(crate) fn peek_past_ws(&mut self) -> Option<u8> {
        self.ws();
        self.peek()
    }

    /// The next non-space byte, not consumed; end of input is a syntax error.
    #[inline(always)]
    pub(crate) fn next_token(&mut self) -> Res<u8> {
        self.ws();
        self.peek()
            .ok_or_else(|| Fail::syntax("EOF while parsing a value"))
    }

    /// Consumes `byte`, the next token. Compact JSON (no whitespace) takes the first branch.
    #[inline(always)]
    pub(crate) fn expect_byte(&mut self, byte: u8, what: &str) -> Res<()> {
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
    pub(crate) fn comma_or(&mut self, close: u8) -> Res<bool> {
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
    pub(crate) fn colon_at(&mut self, pos: usize) -> Res<usize> {
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
    pub(crate) fn comma_at(&mut self, pos: usize, close: u8) -> Res<Option<usize>> {
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
    pub(crate) fn key_quote_at(&mut self, pos: usize) -> Res<usize> {
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
    pub(crate) fn enter(&mut self) -> Res<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(Fail::syntax("recursion limit exceeded"))
        } else {
            Ok(())
        }
    }

    #[inline(always)]
    pub(crate) fn literal(&mut self, word: &[u8]) -> Res<()> {
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
}

/// The end of `word` (`null`, `true`, `false`) when the body has it at `at`.
#[inline(always)]
pub(crate) fn literal_end(bytes: &[u8], at: usize, word: &[u8]) -> Option<usize> {
    let end = at + word.len();
    (bytes.get(at..end) == Some(word)).then_some(end)
}
