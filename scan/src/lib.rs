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

mod error;
mod info;
mod number;
mod object;
mod scanner;
mod shape;
mod string;
mod text;
mod value;

pub use error::{Fail, ScanError};
pub use info::{ItemSink, ObjInfo, Span};
pub use number::{MAX_SAFE_INTEGER, integer_at, status_code};
pub use scanner::Scanner;
pub use shape::{Field, Kind, Shape, Tagged};
pub use text::{is_hidden, join, lossy, printable, quoted, string_value, write_json_string};

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

/// The spans of the items of one JSON array (the whole of `bytes`), each checked as JSON: how
/// an input's list members (a sync's `mappings`) are walked item by item.
pub fn array_items(bytes: &[u8]) -> Result<Vec<Span>, ScanError> {
    fn items(scanner: &mut Scanner<'_>, out: &mut Vec<Span>) -> error::Res<()> {
        if scanner.next_token()? != b'[' {
            return Err(scanner.mismatch("an array"));
        }
        scanner.pos += 1;
        scanner.ws();
        if scanner.peek() == Some(b']') {
            scanner.pos += 1;
        } else {
            loop {
                scanner.ws();
                let start = scanner.pos;
                scanner.skip(true)?;
                out.push((start, scanner.pos));
                if !scanner.comma_or(b']')? {
                    break;
                }
            }
        }
        scanner.end()
    }
    let mut out = Vec::new();
    items(&mut Scanner::new(bytes), &mut out).map_err(|fail| fail.finish())?;
    Ok(out)
}

/// The members of one JSON object (the whole of `bytes`), in order, each as its key's text and
/// its value's span, checked as JSON: how the arguments a JavaScript call gives are walked.
pub fn object_members(bytes: &[u8]) -> Result<Vec<(String, Span)>, ScanError> {
    // The whole text is checked first, so the walk below meets only valid JSON: each key and
    // value is passed over by one `skip`, and nothing else can fail.
    let mut scanner = Scanner::new(bytes);
    let checked = match scanner.next_token() {
        Ok(b'{') => scanner.skip(true).and_then(|()| scanner.end()),
        Ok(_) => Err(scanner.mismatch("an object")),
        Err(fail) => Err(fail),
    };
    checked.map_err(|fail| fail.finish())?;
    let mut out = Vec::new();
    let mut scanner = Scanner::new(bytes);
    let _ = scanner.next_token();
    scanner.pos += 1;
    let pass = |scanner: &mut Scanner<'_>| {
        scanner.ws();
        let start = scanner.pos;
        let _ = scanner.skip(true);
        let end = scanner.pos;
        scanner.ws();
        scanner.pos += 1; // the `:`, `,` or `}` after it
        (start, end)
    };
    while scanner.peek_past_ws() == Some(b'"') {
        let (start, end) = pass(&mut scanner);
        let key = bytes
            .get(start..end)
            .and_then(string_value)
            .unwrap_or_default();
        let (start, end) = pass(&mut scanner);
        out.push((key, (start, end)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_members_lists_keys_and_value_spans() {
        let text = br#" { "a" : 1 , "b\u0041":[1,{"c":2}],"":null} "#;
        let members = object_members(text).unwrap();
        let shown: Vec<(&str, &[u8])> = members
            .iter()
            .map(|(key, (start, end))| (key.as_str(), &text[*start..*end]))
            .collect();
        assert_eq!(
            shown,
            [
                ("a", &b"1"[..]),
                ("bA", &br#"[1,{"c":2}]"#[..]),
                ("", &b"null"[..])
            ]
        );
        assert!(object_members(b"{}").unwrap().is_empty());
        for bad in [
            &b"[]"[..],
            b"{",
            b"{\"a\"}",
            b"{\"a\":1,}",
            b"{\"a\":1} x",
            b"{a:1}",
        ] {
            assert!(
                object_members(bad).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

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
        let repeated =
            check_document(br#"{"id": 7, "id": 8}"#, &ID, None, None).expect_err("a repeated id");
        assert_eq!((&*repeated.path, &*repeated.reason), ("id", "given twice"));
    }

    #[test]
    fn a_value_object_forgets_the_depth_of_values_it_replaces() {
        // A wrong nested value left its containers open: 130 of them once read as 130 levels
        // of nesting, and the last, right value as "recursion limit exceeded".
        for wrong in [r#"{"message": 5}"#, r#"[{"message": 5}]"#] {
            let body = format!(r#"{{{}"inner": {{}}, "list": []}}"#, {
                let inner = format!(r#""inner": {wrong}, "list": {wrong}, "#);
                inner.repeat(130)
            });
            let info = check_value_object(body.as_bytes(), &SHAPE_WITH_INNER)
                .unwrap_or_else(|err| panic!("{wrong}: {err:?}"));
            assert!(info.get(0).is_some() && info.get(1).is_some());
        }
    }

    const SHAPE_WITH_INNER: Shape<'static> = Shape {
        name: "WithInner",
        fields: &[
            Field {
                name: "inner",
                kind: Kind::Object(&INNER),
                required: true,
                nullable: false,
            },
            Field {
                name: "list",
                kind: Kind::Array(&Kind::Object(&INNER)),
                required: true,
                nullable: false,
            },
        ],
    };

    #[test]
    fn accepts_valid_documents_and_skips_unknown_members() {
        check(r#"{"id": 1}"#).expect("minimal");
        check(
            r#" {"id":9007199254740991,"small":4294967295,"inner":{"message":"a\"b\\c\u00e9\ud83d\ude00 é 😀"},
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
        assert_eq!((&*err.path, &*err.reason), ("id", "given twice"));
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
    fn array_items_are_spans_of_checked_values() {
        let text = br#" [1, {"a": [2]} , "x,]"] "#;
        let spans = array_items(text).expect("array");
        let items: Vec<&[u8]> = spans.iter().map(|(s, e)| &text[*s..*e]).collect();
        assert_eq!(items, [&b"1"[..], br#"{"a": [2]}"#, br#""x,]""#]);
        assert_eq!(array_items(b"[]").expect("empty"), []);
        assert_eq!(
            array_items(b"{}").expect_err("object").reason,
            "expected an array, got an object"
        );
        assert!(array_items(b"[1,]").expect_err("syntax").not_json);
        assert!(array_items(b"[1] x").is_err());
    }

    #[test]
    fn integers_up_to_javascripts_safe_integers() {
        let refused = |text: &str| check(text).err().map(|err| err.reason);
        for (digits, fits) in [
            ("9007199254740991", true),
            ("9007199254740992", false),
            ("9999999999999999999", false),
            ("18446744073709551615", false),
            ("18446744073709551616", false),
            ("100000000000000000000", false),
        ] {
            let result = check(&format!(r#"{{"id": {digits}}}"#));
            assert_eq!(result.is_ok(), fits, "{digits}");
        }
        // Refused for its size, not its type: a larger id would reach JavaScript rounded.
        assert_eq!(
            refused(r#"{"id": 9007199254740993}"#).as_deref(),
            Some(
                "expected an integer up to 2^53 - 1, which JavaScript keeps exact, got \
                 9007199254740993"
            )
        );
        assert_eq!(
            refused(r#"{"id": 1, "small": 4294967296}"#).as_deref(),
            Some("expected an integer up to 2^32 - 1, got 4294967296")
        );
        // Beyond a u64, and not an integer at all: the type is what is wrong.
        for text in [
            r#"{"id": 18446744073709551616}"#,
            r#"{"id": -1}"#,
            r#"{"id": 1.5}"#,
        ] {
            let reason = refused(text).unwrap_or_default();
            assert!(
                reason.starts_with("expected a non-negative integer, got"),
                "{text}: {reason}"
            );
        }
        let text = br#"{"id": 9007199254740991}"#;
        let info = check_document(text, &SHAPE, None, None);
        let span = info.ok().and_then(|info| info.get(0));
        assert_eq!(
            span.map(|span| integer_at(text, span)),
            Some(MAX_SAFE_INTEGER)
        );
    }
}
