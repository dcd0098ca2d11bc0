//! JSON numbers: their grammar, integers within range, finite doubles, and the integers and
//! status codes read back from checked spans.

use crate::error::{Fail, Res};
use crate::{Scanner, Span};

impl Scanner<'_> {
    /// A number at `pos` per the JSON grammar. Returns `Some(value)` for a plain non-negative
    /// integer that fits a u64, `None` for any other valid number. With `finite`, a number that
    /// serde_json would read as an infinite double is refused (as it refuses it in a `Value`).
    pub(crate) fn number(&mut self, finite: bool) -> Res<Option<u64>> {
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
                // 19 digits always fit a u64; 20 fit up to u64::MAX (same length, so compared as
                // text); more never do.
                value = match pos - first {
                    ..=19 => Some(acc),
                    20 if self
                        .bytes
                        .get(first..pos)
                        .is_some_and(|digits| digits <= b"18446744073709551615".as_slice()) =>
                    {
                        Some(acc)
                    }
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
        if finite && !fits && !self.bytes.get(start..self.pos).is_some_and(finite_double) {
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
}

/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`): the
/// ceiling of [`crate::Kind::U64`].
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// The end of the integer literal at `at` (its first digit `1`-`9`) when it is plain (no
/// fraction or exponent), has at most 19 digits (so fits a u64) and is at most `limit`; `None`
/// for anything else, which `Scanner::value` checks in full.
#[inline(always)]
pub(crate) fn short_integer(bytes: &[u8], at: usize, limit: u64) -> Option<usize> {
    let mut pos = at;
    let mut value: u64 = 0;
    while let Some(&digit @ b'0'..=b'9') = bytes.get(pos) {
        value = value.wrapping_mul(10).wrapping_add(u64::from(digit - b'0'));
        pos += 1;
    }
    let plain = !matches!(bytes.get(pos), Some(b'.' | b'e' | b'E'));
    (plain && pos - at <= 19 && value <= limit).then_some(pos)
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
    let (mantissa, exponent) = literal
        .split_at_checked(mantissa_end)
        .unwrap_or((literal, b""));
    let exponent = exponent.get(1..).unwrap_or_default();
    let (negative, exponent) = match exponent.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, exponent),
    };
    // Saturates far beyond any exponent that matters, so no literal overflows it.
    let magnitude = exponent.iter().fold(0i64, |acc, d| {
        (acc * 10 + i64::from(d.wrapping_sub(b'0'))).min(1_000_000_000)
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn status_codes_follow_serde() {
        assert_eq!(status_code(b"404"), Some(404));
        assert_eq!(status_code(b"-5"), Some(-5));
        assert_eq!(status_code(b"18446744073709551615"), Some(i64::MAX));
        assert_eq!(status_code(b"-0"), None);
        assert_eq!(status_code(b"1.0"), None);
    }
}
