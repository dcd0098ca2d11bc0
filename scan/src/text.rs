//! Checked strings as text: their escapes decoded, and text written as JSON strings.

/// `bytes` as text, each invalid UTF-8 sequence shown as U+FFFD, as `String::from_utf8_lossy`
/// does, without its chunk iterator's code.
pub fn lossy(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                out.push_str(text);
                return out;
            }
            Err(err) => {
                let (valid, after) = rest
                    .split_at_checked(err.valid_up_to())
                    .unwrap_or((b"", rest));
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                out.push('\u{FFFD}');
                rest = after
                    .get(err.error_len().unwrap_or(after.len())..)
                    .unwrap_or_default();
            }
        }
    }
}

/// `items` with `separator` between them: `[T]::join`'s code is a kilobyte per item type, for
/// lists of a few names in messages.
pub fn join<T: AsRef<str>>(items: &[T], separator: &str) -> String {
    let mut out = String::new();
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push_str(separator);
        }
        out.push_str(item.as_ref());
    }
    out
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
        out.push_str(std::str::from_utf8(rest.get(..at)?).ok()?);
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
                rest = rest.get(4..)?;
                let code = if (0xd800..0xdc00).contains(&high) {
                    // A text no scan checked may pair a high surrogate with anything.
                    let low = rest
                        .strip_prefix(b"\\u")
                        .and_then(hex_unit)
                        .filter(|low| (0xdc00..0xe000).contains(low))?;
                    rest = rest.get(6..)?;
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
        // Escaped bytes are ASCII, so `at` is always a char boundary (and `get` always `Some`).
        out.push_str(value.get(plain_from..at).unwrap_or_default());
        if escape.is_empty() {
            push_u_escape(out, u32::from(byte));
        } else {
            out.push_str(escape);
        }
        plain_from = at + 1;
    }
    out.push_str(value.get(plain_from..).unwrap_or_default());
    out.push('"');
}

/// `text` as a JSON string literal, for messages that quote what they refuse. Besides JSON's
/// own escapes, the characters that [`is_hidden`] names are written as `\uXXXX` (still valid
/// JSON), so that a quoted value cannot drive a terminal or turn a log's text around.
pub fn quoted(text: &str) -> String {
    let mut json = String::with_capacity(text.len() + 2);
    write_json_string(&mut json, text);
    escaped(&json, false)
}

/// Foreign prose (the API's own message, a failed run's reason) made safe to put in an error's
/// message, which ends up in logs and terminals: tabs and line breaks become spaces, and the
/// other characters [`is_hidden`] names are written as `\uXXXX`. Nothing else changes.
pub fn printable(text: &str) -> String {
    escaped(text, true)
}

/// Characters that text quoted from elsewhere must not carry as they are into a message: the
/// control characters (C0, DEL and C1: a terminal's escape sequences start with ESC or CSI,
/// and a carriage return or line break forges a log line), the bidirectional formatting
/// characters (which turn the text after them around, as in "Trojan Source"), and the line and
/// paragraph separators.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                | '\u{2028}' | '\u{2029}'
        )
}

/// `text` with each character [`is_hidden`] names written as `\uXXXX`, or with `spaces` a
/// space for a tab or line break.
fn escaped(text: &str, spaces: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !is_hidden(c) {
            out.push(c);
        } else if spaces && matches!(c, '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}') {
            out.push(' ');
        } else {
            // A hidden character is in the Basic Multilingual Plane: four hex digits hold it.
            push_u_escape(&mut out, u32::from(c));
        }
    }
    out
}

/// `\uXXXX` for `code` (below 0x10000), as JSON writes an escaped character.
fn push_u_escape(out: &mut String, code: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        // Each digit is below 16: the index is always in bounds.
        let digit = (code >> shift) & 0xf;
        out.push(char::from(HEX.get(digit as usize).copied().unwrap_or(b'0')));
    }
}

/// The code unit of four hex digits at the start of `bytes`.
fn hex_unit(bytes: &[u8]) -> Option<u16> {
    let digits = std::str::from_utf8(bytes.get(..4)?).ok()?;
    u16::from_str_radix(digits, 16).ok()
}

#[cfg(test)]
mod lossy_tests {
    use super::lossy;

    #[test]
    fn lossy_agrees_with_std() {
        let samples: [&[u8]; 9] = [
            b"",
            b"plain",
            "é€😀".as_bytes(),
            b"\xff",
            b"a\xffb",
            b"\xe2\x82",
            b"a\xe2\x82",
            b"\xf0\x9f\x98\xc3\xa9\xed\xa0\x80z",
            b"\xc0\x80\x80",
        ];
        for bytes in samples {
            assert_eq!(lossy(bytes), String::from_utf8_lossy(bytes), "{bytes:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn string_value_refuses_what_no_scan_checked_without_panicking() {
        for raw in [
            r#""\ud800\u0041""#,
            r#""\ud800\ud800""#,
            r#""\ud800""#,
            r#""\ud800\u""#,
            r#""\u12""#,
            r#""\udc00""#,
            r#""\""#,
            "\"",
            "",
        ] {
            assert_eq!(string_value(raw.as_bytes()), None, "{raw}");
        }
        assert_eq!(string_value(b"\"\xff\""), None);
    }
}

#[cfg(test)]
mod hidden_tests {
    use super::*;

    #[test]
    fn quoted_escapes_what_would_drive_a_terminal_or_turn_text_around() {
        assert_eq!(quoted("plain é"), r#""plain é""#);
        assert_eq!(
            quoted("\u{1b}[2J\u{7}\r\n\u{7f}\u{9b}31m\u{202e}ab\u{2066}\u{2028}"),
            r#""\u001b[2J\u0007\r\n\u007f\u009b31m\u202eab\u2066\u2028""#
        );
    }

    #[test]
    fn printable_keeps_prose_on_one_line_and_escapes_the_rest() {
        assert_eq!(printable("plain, é"), "plain, é");
        assert_eq!(
            printable("a\r\nFAKE\tb\u{1b}]0;title\u{7}\u{0}\u{202e}c\u{9b}"),
            r"a  FAKE b\u001b]0;title\u0007\u0000\u202ec\u009b"
        );
    }
}
