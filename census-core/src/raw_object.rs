//! A free-form JSON object kept as checked text (a caller's `credentials`), so that it goes from
//! the caller to the request body without being parsed into a tree.

use census_scan::{Field, Kind, Shape, check_value_object};

use crate::error::ClientError;

/// One JSON object as compact-or-not JSON text, checked when it is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawObject(String);

impl RawObject {
    /// Checks that `text` is exactly one JSON object; errors name `field` and say what it is
    /// instead (`expected an object, got an array`).
    pub fn parse(field: &str, text: &str) -> Result<Self, ClientError> {
        let text = text.trim_matches(JSON_SPACE);
        let got = match text.as_bytes().first() {
            Some(b'{') => None,
            Some(b'[') => Some("an array"),
            Some(b'"') => Some("a string"),
            Some(b't' | b'f') => Some("a boolean"),
            Some(b'n') => Some("null"),
            Some(b'-' | b'0'..=b'9') => Some("a number"),
            _ => Some("no JSON value"),
        };
        if let Some(got) = got {
            return Err(ClientError::invalid_input(
                field,
                format!("expected an object, got {got}"),
            ));
        }
        check_value_object(
            text.as_bytes(),
            &Shape {
                name: field,
                fields: &[],
            },
        )
        .map_err(|err| {
            ClientError::invalid_input(field, format!("not valid JSON: {}", err.reason))
        })?;
        Ok(Self(text.to_owned()))
    }

    /// The object's JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the object has no members.
    pub fn is_empty(&self) -> bool {
        let inner = self.0.get(1..self.0.len().saturating_sub(1));
        inner.is_none_or(|inner| inner.trim_matches(JSON_SPACE).is_empty())
    }

    /// The JSON text of each named member's value, `None` where it is absent. A repeated key
    /// reads as its last value, as `JSON.parse` and serde_json read it.
    pub fn members<'a>(&'a self, names: &[&str]) -> Vec<Option<&'a str>> {
        let fields: Vec<Field<'_>> = names
            .iter()
            .map(|name| Field {
                name,
                kind: Kind::Ignored,
                required: false,
                nullable: true,
            })
            .collect();
        let shape = Shape {
            name: "object",
            fields: &fields,
        };
        // The text was checked when the object was made, so the scan cannot fail; were it to,
        // every member reads as absent, which callers treat as missing.
        let info = check_value_object(self.0.as_bytes(), &shape).ok();
        (0..names.len())
            .map(|index| {
                let (start, end) = info.as_ref()?.get(index)?;
                self.0.get(start..end)
            })
            .collect()
    }
}

/// JSON's insignificant whitespace (RFC 8259 §2).
const JSON_SPACE: &[char] = &[' ', '\t', '\n', '\r'];

/// Reads any JSON object (native callers and tests build inputs with serde_json); the wasm
/// binding makes `RawObject`s from `JSON.stringify` instead and never calls this.
impl<'de> serde::Deserialize<'de> for RawObject {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Self::parse("credentials", &value.to_string())
            .map_err(|err| serde::de::Error::custom(&err.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(text: &str) -> RawObject {
        RawObject::parse("credentials", text).expect(text)
    }

    #[test]
    fn keeps_an_object_as_given_without_outer_spaces() {
        let raw = object(" {\"b\": 1, \"a\": [true, null]}\n");
        assert_eq!(raw.as_str(), "{\"b\": 1, \"a\": [true, null]}");
        assert!(!raw.is_empty());
        assert!(object("{ \n }").is_empty());
        assert!(object("{}").is_empty());
    }

    #[test]
    fn refuses_other_values_saying_what_they_are() {
        for (text, got) in [
            ("[1]", "an array"),
            ("\"pw\"", "a string"),
            ("5", "a number"),
            ("-1.5", "a number"),
            ("true", "a boolean"),
            ("null", "null"),
            ("", "no JSON value"),
            ("<html>", "no JSON value"),
        ] {
            let err = RawObject::parse("credentials", text).expect_err(text);
            assert_eq!(err.field.as_deref(), Some("credentials"));
            assert_eq!(
                err.message,
                format!("credentials: expected an object, got {got}"),
                "{text}"
            );
        }
    }

    #[test]
    fn refuses_text_that_is_not_one_json_object() {
        for text in [
            "{",
            "{\"a\": }",
            "{\"a\": 1} {}",
            "{\"a\": 1},",
            "{'a': 1}",
            "{\"a\": NaN}",
        ] {
            let err = RawObject::parse("retry.x", text).expect_err(text);
            assert_eq!(err.field.as_deref(), Some("retry.x"));
            assert!(
                err.message.starts_with("retry.x: not valid JSON: "),
                "{text}: {}",
                err.message
            );
        }
    }

    #[test]
    fn finds_members_by_name_with_their_raw_values() {
        let raw =
            object(r#"{"host": "db", "port": 5432, "user": "", "pw": null, "o": {"host": 1}}"#);
        assert_eq!(
            raw.members(&["host", "port", "user", "pw", "nope", "o"]),
            [
                Some("\"db\""),
                Some("5432"),
                Some("\"\""),
                Some("null"),
                None,
                Some("{\"host\": 1}")
            ]
        );
        // Nested members are not top-level ones, and the last of repeated keys wins.
        let raw = object(r#"{"o": {"x": 1}, "x": 2, "x": 3}"#);
        assert_eq!(raw.members(&["x"]), [Some("3")]);
        // Escaped keys are compared by their meaning.
        let raw = object(r#"{"p\u0061ss": "s"}"#);
        assert_eq!(raw.members(&["pass"]), [Some("\"s\"")]);
    }

    #[test]
    fn finds_members_of_a_long_list_in_one_scan() {
        let names: Vec<String> = (0..70).map(|i| format!("k{i}")).collect();
        let text = format!(
            "{{{}}}",
            names
                .iter()
                .enumerate()
                .filter(|(i, _)| i % 3 != 0)
                .map(|(i, name)| format!("\"{name}\": {i}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let raw = object(&text);
        let wanted: Vec<&str> = names.iter().map(String::as_str).collect();
        let found = raw.members(&wanted);
        for (i, value) in found.iter().enumerate() {
            let expected = (i % 3 != 0).then(|| i.to_string());
            assert_eq!(value.map(str::to_owned), expected, "k{i}");
        }
    }

    #[test]
    fn reads_from_serde_as_native_callers_write_inputs() {
        let raw: RawObject = serde_json::from_value(serde_json::json!({"a": 1})).expect("object");
        assert_eq!(raw.as_str(), "{\"a\":1}");
        let err = serde_json::from_value::<RawObject>(serde_json::json!([1])).expect_err("array");
        assert!(
            err.to_string().contains("expected an object, got an array"),
            "{err}"
        );
    }
}
