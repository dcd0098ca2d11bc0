//! Reading the members of a JSON body, each problem a 422 naming the member as every body check
//! of the local Census does (`"name: must be a non-empty string"`), and building small objects.

use census_core::models::JsonObject;
use serde_json::Value;

use crate::http::{ApiError, invalid};

/// An object of these members, in this order.
pub fn object_of<'a>(pairs: impl IntoIterator<Item = (&'a str, Value)>) -> JsonObject {
    pairs
        .into_iter()
        .map(|(key, value)| (key.to_owned(), value))
        .collect()
}

/// A member that must be a non-empty string (trimmed).
pub fn required_text(body: &JsonObject, key: &str) -> Result<String, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Err(invalid(key, "is required")),
        Some(Value::String(text)) if !text.trim().is_empty() => Ok(text.trim().to_owned()),
        Some(_) => Err(invalid(key, "must be a non-empty string")),
    }
}

/// A member that may be absent (`None`); when present, a non-empty string.
pub fn optional_name(body: &JsonObject, key: &str) -> Result<Option<String>, ApiError> {
    match body.get(key) {
        None => Ok(None),
        Some(_) => required_text(body, key).map(Some),
    }
}

/// A member that may be absent (`None`), null (`Some(None)`, clears it) or a string.
pub fn optional_text(body: &JsonObject, key: &str) -> Result<Option<Option<String>>, ApiError> {
    match body.get(key) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(text)) => Ok(Some(Some(text.clone()))),
        Some(_) => Err(invalid(key, "must be a string or null")),
    }
}

/// A member that may be absent or null (`None`); when present, a boolean.
pub fn optional_bool(body: &JsonObject, key: &str) -> Result<Option<bool>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(flag)) => Ok(Some(*flag)),
        Some(_) => Err(invalid(key, "must be a boolean")),
    }
}

/// An id at `path`: a positive integer.
pub fn id_value(value: Option<&Value>, path: &str) -> Result<u64, ApiError> {
    match value {
        None | Some(Value::Null) => Err(invalid(path, "is required")),
        Some(value) => value
            .as_u64()
            .filter(|id| *id > 0)
            .ok_or_else(|| invalid(path, "must be a positive integer id")),
    }
}

/// A member that may be absent or null (`None`); when present, a list.
pub fn optional_list<'a>(body: &'a JsonObject, key: &str) -> Result<Option<&'a [Value]>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => Ok(Some(items)),
        Some(_) => Err(invalid(key, "must be a list")),
    }
}

/// A member that may be absent or null (`None`); when present, an `http://` or `https://` URL
/// (`https://` only when `https_only`) with a host.
pub fn optional_url(
    body: &JsonObject,
    key: &str,
    https_only: bool,
) -> Result<Option<String>, ApiError> {
    let wanted = if https_only {
        "must be an https:// URL"
    } else {
        "must be an http:// or https:// URL"
    };
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(url)) => {
            let url = url.trim();
            let rest = url
                .strip_prefix("https://")
                .or_else(|| url.strip_prefix("http://").filter(|_| !https_only));
            match rest {
                Some(rest) if !rest.is_empty() && !rest.starts_with('/') && !url.contains(' ') => {
                    Ok(Some(url.to_owned()))
                }
                _ => Err(invalid(key, wanted)),
            }
        }
        Some(_) => Err(invalid(key, wanted)),
    }
}

/// Whether `text` looks like an email address: one `@` with text on both sides, a dot in the
/// domain, no blanks.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(value: Value) -> JsonObject {
        match value {
            Value::Object(object) => object,
            _ => panic!("an object"),
        }
    }

    #[test]
    fn members_are_read_or_named_in_the_422() {
        let b = body(
            json!({"name": " a ", "blank": " ", "n": 3, "flag": true, "url": "http://x.test/cb"}),
        );
        assert_eq!(required_text(&b, "name").ok().as_deref(), Some("a"));
        let message = |e: ApiError| format!("{e:?}");
        assert!(
            message(required_text(&b, "blank").expect_err("blank"))
                .contains("blank: must be a non-empty string")
        );
        assert!(
            message(required_text(&b, "missing").expect_err("missing"))
                .contains("missing: is required")
        );
        assert_eq!(optional_bool(&b, "flag").ok(), Some(Some(true)));
        assert!(optional_bool(&b, "n").is_err());
        assert_eq!(
            optional_url(&b, "url", false).ok().flatten().as_deref(),
            Some("http://x.test/cb")
        );
        assert!(optional_url(&b, "url", true).is_err());
        assert_eq!(id_value(b.get("n"), "n").ok(), Some(3));
        assert!(id_value(b.get("name"), "name").is_err());
    }

    #[test]
    fn emails() {
        assert!(is_email("ada@example.com"));
        for bad in [
            "ada",
            "@example.com",
            "ada@example",
            "a b@example.com",
            "a@b@c.d",
            "a@.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
