//! JSON strings as the scanner checks them: eight bytes at a time while they are plain, escapes,
//! surrogate pairs and UTF-8 in full.

use crate::Scanner;
use crate::error::{Fail, Res};

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

impl Scanner<'_> {
    /// A string whose opening quote is at `pos`, up to its closing quote. Validates escapes,
    /// surrogate pairs, control characters and UTF-8. Returns nothing (a `Result` that fits one
    /// register): the few callers that read the text find it between the quotes.
    #[inline]
    pub(crate) fn string(&mut self) -> Res<()> {
        let bytes = self.bytes;
        // A local position (see `ws`), written back only around the cold calls.
        let mut pos = self.pos + 1;
        loop {
            // Eight plain bytes at a time. `chunk` is a range of 8 bytes, so the copy (whose
            // lengths must agree) cannot fail.
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
}

/// The end (after the closing quote) of the string whose opening quote is at `at`, when every
/// byte before the closing quote is printable ASCII other than `\\`: the common string, checked
/// eight bytes at a time on a local position. `None` for anything else (an escape, a control
/// character, a non-ASCII byte, the end of the body near), which `Scanner::string` checks in full.
#[inline(always)]
pub(crate) fn plain_string(bytes: &[u8], at: usize) -> Option<usize> {
    let mut pos = at + 1;
    loop {
        // A range of 8 bytes, as in `Scanner::string`: the copy cannot fail.
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
