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
            // A byte's two halves are below 16: these indices are always in bounds.
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let hex = |half: u8| char::from(HEX.get(usize::from(half)).copied().unwrap_or(b'0'));
            out.push_str("\\u00");
            out.push(hex(byte >> 4));
            out.push(hex(byte & 0xf));
        } else {
            out.push_str(escape);
        }
        plain_from = at + 1;
    }
    out.push_str(value.get(plain_from..).unwrap_or_default());
    out.push('"');
}

/// `text` as a JSON string literal, for messages that quote what they refuse.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    write_json_string(&mut out, text);
    out
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
