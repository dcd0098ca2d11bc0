//! Turns serde's deserialization errors into `path: expected X, got Y` sentences.
//!
//! serde reports `invalid type: string "x", expected u64 at line 1 column 30`; a person reading a
//! client error wants `data[3].id: expected a non-negative integer, got "x"`. The path comes from
//! `serde_path_to_error`; this module only rewrites the wording, so it works for every model.

#[cfg(feature = "readers")]
/// Deserializes `T` from JSON bytes, reporting the failing value's path and a readable reason.
pub fn from_json_slice<'de, T: serde::Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, ShapeError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        ShapeError::from_parts(
            &path,
            &strip_position(&inner),
            inner.is_syntax() || inner.is_eof(),
        )
    })?;
    // Trailing garbage after the value (e.g. two bodies glued together) is not valid JSON.
    de.end()
        .map_err(|err| ShapeError::from_parts(".", &strip_position(&err), true))?;
    Ok(value)
}

#[cfg(feature = "readers")]
/// Deserializes `T` from any serde deserializer (e.g. a `serde_json::Value`), with paths.
pub fn from_deserializer<'de, T, D>(deserializer: D) -> Result<T, ShapeError>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
    D::Error: std::fmt::Display,
{
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let path = err.path().to_string();
        ShapeError::from_parts(&path, &err.into_inner().to_string(), false)
    })
}

/// The field names that `T`'s serde derive accepts (renames applied), read without any data:
/// tests compare them with the hand-written lists that the scanner and the JS readers use.
#[cfg(test)]
pub fn struct_fields<'de, T: serde::Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldCapture(&mut fields));
    fields
}

/// A deserializer that records the field list of the struct asked of it, then stops.
#[cfg(test)]
struct FieldCapture<'a>(&'a mut &'static [&'static str]);

#[cfg(test)]
impl<'de> serde::Deserializer<'de> for FieldCapture<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(serde::de::Error::custom("fields captured"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// A value that does not have the expected shape (or text that is not JSON at all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError {
    /// Where the problem is, e.g. `data[3].id`; empty for the document itself.
    pub path: String,
    /// What is wrong there, e.g. `expected an integer, got "x"`.
    pub reason: String,
    /// True when the text is not JSON at all (rather than JSON of the wrong shape).
    pub not_json: bool,
}

impl ShapeError {
    #[cfg(feature = "readers")]
    fn from_parts(path: &str, serde_message: &str, not_json: bool) -> Self {
        let (path, reason) = rewrite(path, serde_message);
        Self {
            path,
            reason,
            not_json,
        }
    }

    /// Prefixes the path with `prefix` (e.g. `data`), for values checked after unwrapping.
    pub fn under(mut self, prefix: &str) -> Self {
        self.path = join_path(prefix, &self.path);
        self
    }
}

impl std::fmt::Display for ShapeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.reason)
        } else {
            write!(f, "{}: {}", self.path, self.reason)
        }
    }
}

#[cfg(feature = "readers")]
fn strip_position(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    match text.strip_suffix(&suffix) {
        Some(head) => head.to_owned(),
        None => text,
    }
}

fn join_path(prefix: &str, rest: &str) -> String {
    match (prefix, rest) {
        ("" | ".", rest) => normalise_root(rest),
        (prefix, "" | ".") => prefix.to_owned(),
        (prefix, rest) if rest.starts_with('[') => format!("{prefix}{rest}"),
        (prefix, rest) => format!("{prefix}.{rest}"),
    }
}

fn normalise_root(path: &str) -> String {
    if path == "." {
        String::new()
    } else {
        path.to_owned()
    }
}

#[cfg(feature = "readers")]
/// Rewrites one serde message at `path` into `(path, reason)`.
fn rewrite(path: &str, message: &str) -> (String, String) {
    let path = normalise_root(path);
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        return (
            join_path(&path, field),
            "required field is missing".to_owned(),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        // "unknown field `lable`, expected one of `a`, `b`"
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = expected.trim_start_matches(", ").replace('`', "");
        let reason = if expected.is_empty() {
            "unknown field".to_owned()
        } else {
            format!("unknown field; {expected}")
        };
        // serde_path_to_error already ends the path with the unknown field.
        let path = if path == field || path.ends_with(&format!(".{field}")) {
            path
        } else {
            join_path(&path, field)
        };
        return (path, reason);
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((got, expected)) = rest.rsplit_once(", expected ")
        {
            return (
                path,
                format!(
                    "expected {}, got {}",
                    expected_words(expected),
                    got_words(got)
                ),
            );
        }
    }
    (path, message.to_owned())
}

#[cfg(feature = "readers")]
/// Names Rust's expectations the way a JSON reader thinks of them.
fn expected_words(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a non-negative integer".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "an integer".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "a borrowed string" | "a string" | "string" => "a string".to_owned(),
        "a boolean" | "bool" => "a boolean (true or false)".to_owned(),
        "a sequence" => "an array".to_owned(),
        "a map" => "an object".to_owned(),
        other if other.starts_with("struct ") => "an object".to_owned(),
        other => other.to_owned(),
    }
}

#[cfg(feature = "readers")]
/// Renders serde's description of the value it found close to how it looked in JSON.
fn got_words(got: &str) -> String {
    let unquote = |s: &str| s.trim_matches('`').to_owned();
    if let Some(text) = got.strip_prefix("string ") {
        return text.to_owned(); // already quoted by serde
    }
    for prefix in ["integer ", "floating point ", "boolean "] {
        if let Some(value) = got.strip_prefix(prefix) {
            return unquote(value);
        }
    }
    match got {
        "map" => "an object".to_owned(),
        "sequence" => "an array".to_owned(),
        "unit value" | "null" => "null".to_owned(),
        other => other.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{Page, Source};

    fn shape_error<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
        from_json_slice::<T>(json.as_bytes())
            .expect_err("must fail")
            .to_string()
    }

    const OK: &str = r#"{"id": 1, "name": "a", "type": "postgres"}"#;

    #[test]
    fn names_the_path_and_the_offending_value() {
        let body =
            format!(r#"{{"data": [{OK}, {OK}, {OK}, {{"id": "x", "name": "b", "type": "t"}}]}}"#);
        assert_eq!(
            shape_error::<Page<Source>>(&body),
            r#"data[3].id: expected a non-negative integer, got "x""#
        );
    }

    #[test]
    fn names_missing_fields_with_their_full_path() {
        assert_eq!(
            shape_error::<Page<Source>>(r#"{"data": [{"id": 1, "type": "t"}]}"#),
            "data[0].name: required field is missing"
        );
        assert_eq!(
            shape_error::<Page<Source>>("{}"),
            "data: required field is missing"
        );
    }

    #[test]
    fn describes_values_as_json_does() {
        let err = shape_error::<Page<Source>>(r#"{"data": {"id": 1}}"#);
        assert_eq!(err, "data: expected an array, got an object");
        let err = shape_error::<Source>(r#"{"id": 1.5, "name": "a", "type": "t"}"#);
        assert_eq!(err, "id: expected a non-negative integer, got 1.5");
        let err = shape_error::<Source>(r#"{"id": 1, "name": true, "type": "t"}"#);
        assert_eq!(err, "name: expected a string, got true");
        let err = shape_error::<Source>(
            r#"{"id": 1, "name": "a", "type": "t", "read_only_connection": "no"}"#,
        );
        assert_eq!(
            err,
            r#"read_only_connection: expected a boolean (true or false), got "no""#
        );
        let err = shape_error::<Source>(
            r#"{"id": 1, "name": "a", "type": "t", "connection_details": [1]}"#,
        );
        assert_eq!(err, "connection_details: expected an object, got an array");
    }

    #[test]
    fn text_that_is_not_json_is_flagged() {
        let err = from_json_slice::<Source>(b"<html>").expect_err("not json");
        assert!(err.not_json);
        let err = from_json_slice::<Source>(br#"{"id": 1, "name": "a", "type": "t"} trailing"#)
            .expect_err("trailing");
        assert!(err.not_json);
        let err = from_json_slice::<Source>(br#"{"id": 1, "na"#).expect_err("truncated");
        assert!(err.not_json);
        let err = from_json_slice::<Source>(br#"{"id": "1", "name": "a", "type": "t"}"#)
            .expect_err("shape");
        assert!(!err.not_json);
    }

    #[test]
    fn prefixes_compose() {
        let err = ShapeError {
            path: "[2].id".into(),
            reason: "r".into(),
            not_json: false,
        };
        assert_eq!(err.clone().under("data").path, "data[2].id");
        let err = ShapeError {
            path: "id".into(),
            ..err
        };
        assert_eq!(err.clone().under("data").path, "data.id");
        let err = ShapeError {
            path: String::new(),
            ..err
        };
        assert_eq!(err.under("data").path, "data");
    }

    #[test]
    fn struct_fields_reads_the_derived_names_with_renames() {
        use crate::sources::{CreateSourceInput, ListOptions};
        assert_eq!(struct_fields::<ListOptions>(), ["page", "perPage", "order"]);
        assert!(struct_fields::<CreateSourceInput>().contains(&"type"));
        assert!(struct_fields::<String>().is_empty());
    }

    /// The JS readers list each input's keys by hand; the TypeScript declarations take them
    /// from the serde names, so the two must agree, in the same order.
    #[test]
    fn the_input_key_lists_match_the_declared_names() {
        use crate::pagination::ListAllOptions;
        use crate::retry::RetryOptions;
        use crate::sources::{CreateSourceInput, ListOptions, UpdateSourceInput};
        use crate::tables::TableListOptions;
        assert_eq!(ListOptions::KEYS, struct_fields::<ListOptions>());
        assert_eq!(TableListOptions::KEYS, struct_fields::<TableListOptions>());
        assert_eq!(ListAllOptions::KEYS, struct_fields::<ListAllOptions>());
        assert_eq!(
            CreateSourceInput::KEYS,
            struct_fields::<CreateSourceInput>()
        );
        assert_eq!(
            UpdateSourceInput::KEYS,
            struct_fields::<UpdateSourceInput>()
        );
        assert_eq!(RetryOptions::KEYS, struct_fields::<RetryOptions>());
    }

    #[test]
    fn unknown_fields_list_what_is_allowed() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Options {
            page: Option<u32>,
            order: Option<String>,
        }
        let err = shape_error::<Options>(r#"{"pgae": 2}"#);
        assert_eq!(err, "pgae: unknown field; expected page or order");
    }
}
