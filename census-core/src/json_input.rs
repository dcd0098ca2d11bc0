//! Object inputs read as the JSON text the caller's object became (`JSON.stringify`), checked,
//! then sent as that very text: inputs whose members hold objects and lists, such as a sync's.
//! The input's shape (a `model!`'s) checks types and required members and names each by its
//! path (`mappings[1].to`); the input's rules check values. Members the description does not
//! list pass through untouched, because the API adds settings over time.

use crate::api::Call;
use crate::error::ClientError;
use crate::raw_object::RawObject;
use crate::scan::{self, Field, Kind, ScanError, Shape, quoted};

/// An input checked as JSON text and sent as it is.
#[derive(Debug, Clone, Copy)]
pub struct JsonInput {
    /// Its TypeScript name, e.g. `CreateSyncInput`.
    pub name: &'static str,
    /// Its members' types and which are required.
    pub shape: &'static Shape<'static>,
    /// A patch: every top-level member optional (nested objects keep their required members,
    /// since they are sent whole), at least one given.
    pub patch: bool,
    /// The rules beyond types; the call is there for its flags.
    pub rules: fn(Json<'_>, &Call) -> Result<(), ClientError>,
}

impl PartialEq for JsonInput {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for JsonInput {}

impl JsonInput {
    /// Checks `input` and returns the body: its own text.
    pub fn body(&self, input: &RawObject, call: &Call) -> Result<String, ClientError> {
        let text = input.as_str();
        let fields: Vec<Field<'_>> = self
            .shape
            .fields
            .iter()
            .map(|field| Field {
                required: field.required && !self.patch,
                ..*field
            })
            .collect();
        let shape = Shape {
            name: self.shape.name,
            fields: &fields,
        };
        scan::check_value_object(text.as_bytes(), &shape).map_err(refused)?;
        if self.patch && input.is_empty() {
            return Err(ClientError::invalid_input(
                "input",
                "nothing to update: give at least one member",
            ));
        }
        (self.rules)(Json(text), call)?;
        Ok(text.to_owned())
    }
}

/// A shape's refusal as the input error naming the member's path.
fn refused(err: ScanError) -> ClientError {
    let field = if err.path.is_empty() {
        "input"
    } else {
        &err.path
    };
    if err.reason == "required field is missing" {
        ClientError::invalid_input(field, "required")
    } else {
        ClientError::invalid_input(field, err.reason)
    }
}

/// One checked JSON value, as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Json<'a>(pub &'a str);

impl<'a> Json<'a> {
    /// The member `name` of an object, null included; `None` when absent or not an object.
    pub fn member(self, name: &str) -> Option<Json<'a>> {
        let fields = [Field {
            name,
            kind: Kind::Ignored,
            required: false,
            nullable: true,
        }];
        let shape = Shape {
            name: "input",
            fields: &fields,
        };
        let info = scan::check_value_object(self.0.as_bytes(), &shape).ok()?;
        let (start, end) = info.get(0)?;
        self.0.get(start..end).map(Json)
    }

    /// The member `name`, unless absent or null.
    pub fn get(self, name: &str) -> Option<Json<'a>> {
        self.member(name).filter(|value| value.0 != "null")
    }

    /// The items of an array (none when it is not one).
    pub fn items(self) -> Vec<Json<'a>> {
        scan::array_items(self.0.as_bytes())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(start, end)| self.0.get(start..end).map(Json))
            .collect()
    }

    /// The value of a string.
    pub fn text(self) -> Option<String> {
        self.0
            .starts_with('"')
            .then(|| scan::string_value(self.0.as_bytes()))
            .flatten()
    }

    /// The value of a non-negative integer literal.
    pub fn integer(self) -> Option<u64> {
        self.0.parse().ok()
    }

    pub fn is_true(self) -> bool {
        self.0 == "true"
    }

    pub fn is_object(self) -> bool {
        self.0.starts_with('{')
    }
}

/// `value`, when given, must be one of `allowed`.
pub fn one_of(field: &str, value: Option<Json<'_>>, allowed: &[&str]) -> Result<(), ClientError> {
    let Some(value) = value else {
        return Ok(());
    };
    match value.text() {
        Some(text) if allowed.contains(&text.as_str()) => Ok(()),
        got => {
            let expected: Vec<String> = allowed.iter().map(|value| quoted(value)).collect();
            let got = got.map_or_else(|| value.0.to_owned(), |text| quoted(&text));
            Err(ClientError::invalid_input(
                field,
                format!("expected {}, got {got}", expected.join(", ")),
            ))
        }
    }
}

/// `value`, when given, must be a string that is not blank; `hint` says what to give.
pub fn not_blank(field: &str, value: Option<Json<'_>>, hint: &str) -> Result<(), ClientError> {
    match value.map(|value| value.text()) {
        None => Ok(()),
        Some(Some(text)) if !text.trim().is_empty() => Ok(()),
        Some(Some(_)) => Err(ClientError::invalid_input(
            field,
            format!("must not be empty: give {hint}"),
        )),
        Some(None) => Err(ClientError::invalid_input(
            field,
            format!("expected a string: {hint}"),
        )),
    }
}

/// `value`, when given, must be a positive integer (an id).
pub fn positive(field: &str, value: Option<Json<'_>>) -> Result<(), ClientError> {
    match value.map(|value| value.integer()) {
        None | Some(Some(1..)) => Ok(()),
        Some(_) => Err(ClientError::invalid_input(
            field,
            format!(
                "expected a positive integer id, got {}",
                value.map_or("", |value| value.0)
            ),
        )),
    }
}

/// `value`, when given, must be an integer from `low` to `high`.
pub fn within(
    field: &str,
    value: Option<Json<'_>>,
    low: u64,
    high: u64,
) -> Result<(), ClientError> {
    match value.map(|value| value.integer()) {
        None => Ok(()),
        Some(Some(number)) if (low..=high).contains(&number) => Ok(()),
        Some(_) => Err(ClientError::invalid_input(
            field,
            format!(
                "expected an integer from {low} to {high}, got {}",
                value.map_or("", |value| value.0)
            ),
        )),
    }
}

/// The TypeScript union of `values`.
pub fn ts_union(values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|value| format!("'{value}'")).collect();
    quoted.join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_items_and_values() {
        let input = Json(r#"{"a": {"b": [1, "x", null]}, "n": null, "s": "h\u00e9", "a": 5}"#);
        assert_eq!(
            input.get("a"),
            Some(Json("5")),
            "the last of a repeated key"
        );
        assert_eq!(input.member("n"), Some(Json("null")));
        assert_eq!(input.get("n"), None);
        assert_eq!(input.get("missing"), None);
        assert_eq!(input.get("s").and_then(Json::text).as_deref(), Some("hé"));
        let list = Json(r#"[1, "x", null]"#).items();
        assert_eq!(list, [Json("1"), Json("\"x\""), Json("null")]);
        assert_eq!(Json("7").integer(), Some(7));
        assert_eq!(Json("-7").integer(), None);
        assert!(Json("{}").is_object() && !Json("[]").is_object());
    }

    #[test]
    fn rules_name_the_field_and_say_what_was_given() {
        let err = one_of("operation", Some(Json("\"merge\"")), &["append", "upsert"])
            .expect_err("not allowed");
        assert_eq!(err.field.as_deref(), Some("operation"));
        assert_eq!(
            err.message,
            "operation: expected \"append\", \"upsert\", got \"merge\""
        );
        assert!(one_of("operation", None, &["append"]).is_ok());
        let err = not_blank("to", Some(Json("\"  \"")), "a field's full_name").expect_err("blank");
        assert_eq!(
            err.message,
            "to: must not be empty: give a field's full_name"
        );
        assert!(positive("id", Some(Json("0"))).is_err());
        assert!(positive("id", Some(Json("3"))).is_ok());
        assert!(within("hour", Some(Json("25")), 0, 24).is_err());
        assert!(within("hour", Some(Json("24")), 0, 24).is_ok());
        assert_eq!(ts_union(&["a", "b"]), "'a' | 'b'");
    }
}
