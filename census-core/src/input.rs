//! Object inputs that become request bodies (`createSource`'s input, `updateSource`'s patch), as
//! data: each member's name, kind and rules, and the key the body wraps them in. One generic
//! checker and writer serve every such input, so a new one costs a description, not code.

use crate::error::ClientError;
use crate::json_out::ObjectWriter;
use crate::raw_object::RawObject;
use crate::scan::quoted;

/// What a member holds, as callers write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InKind {
    /// A string.
    Str,
    /// A string that must not be blank.
    Name,
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// A free-form object, kept as its JSON text.
    Object,
    Bool,
    /// An integer ≥ 1 that fits in 32 bits.
    Count,
    /// Refused: it can only be set when the resource is created.
    CreateOnly,
}

/// One member of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InField {
    pub name: &'static str,
    pub kind: InKind,
    /// `Some(hint)` when the member is required: what to give, for the error's message.
    pub required: Option<&'static str>,
    /// The member's TypeScript type, when it is not the kind's own.
    pub ts: Option<&'static str>,
    /// One line for the TypeScript docs.
    pub doc: crate::api::Text,
}

impl InField {
    pub const fn new(name: &'static str, kind: InKind, doc: crate::api::Text) -> Self {
        Self {
            name,
            kind,
            required: None,
            ts: None,
            doc,
        }
    }

    /// The member must be given; `hint` says what to give.
    pub const fn required(mut self, hint: &'static str) -> Self {
        self.required = Some(hint);
        self
    }

    /// The member's TypeScript type.
    pub const fn ts(mut self, ts: &'static str) -> Self {
        self.ts = Some(ts);
        self
    }

    /// The TypeScript type of the member's value.
    pub fn ts_type(&self) -> String {
        if let Some(ts) = self.ts {
            return ts.to_owned();
        }
        match self.kind {
            InKind::Str | InKind::Name => "string".into(),
            InKind::OneOf(values) => values
                .iter()
                .map(|value| format!("'{value}'"))
                .collect::<Vec<_>>()
                .join(" | "),
            InKind::Object => "JsonObject".into(),
            InKind::Bool => "boolean".into(),
            InKind::Count => "number".into(),
            InKind::CreateOnly => "never".into(),
        }
    }
}

/// An object input and the body it becomes: `{ <wrap>: { …members given… } }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Input {
    /// Its TypeScript name, e.g. `CreateSourceInput`.
    pub name: crate::api::Text,
    /// The body's one key, e.g. `connection`.
    pub wrap: &'static str,
    /// Members, in the order the body lists them.
    pub fields: &'static [InField],
    /// A patch: at least one member must be given (an empty object counts as none).
    pub patch: bool,
    /// One line for the TypeScript docs.
    pub doc: crate::api::Text,
}

/// A member's value as read from the caller's object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InValue {
    Str(String),
    Bool(bool),
    Int(u64),
    Object(RawObject),
    /// Given, but of a kind that is refused whatever its value (`CreateOnly`).
    Given,
}

/// The values of an input's members, by the index of their field (absent or null: `None`).
pub type InValues = Vec<Option<InValue>>;

impl Input {
    /// The index of the member `name`.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|field| field.name == name)
    }

    /// The string value of the member `name`, when given.
    pub fn string<'v>(&self, values: &'v InValues, name: &str) -> Option<&'v str> {
        match self
            .index(name)
            .and_then(|i| values.get(i))
            .and_then(Option::as_ref)
        {
            Some(InValue::Str(text)) => Some(text),
            _ => None,
        }
    }

    /// The object value of the member `name`, when given.
    pub fn object<'v>(&self, values: &'v InValues, name: &str) -> Option<&'v RawObject> {
        match self
            .index(name)
            .and_then(|i| values.get(i))
            .and_then(Option::as_ref)
        {
            Some(InValue::Object(object)) => Some(object),
            _ => None,
        }
    }

    /// Checks `values` against the description and writes the body. Errors name the member.
    pub fn body(&self, values: &InValues) -> Result<String, ClientError> {
        let mut members = ObjectWriter::new();
        let mut given = false;
        for (index, field) in self.fields.iter().enumerate() {
            let value = values.get(index).and_then(Option::as_ref);
            let Some(value) = value else {
                if let Some(hint) = field.required {
                    return Err(ClientError::invalid_input(
                        field.name,
                        format!("required: {hint}"),
                    ));
                }
                continue;
            };
            check(field, value)?;
            given |= !matches!(value, InValue::Object(object) if object.is_empty());
            match value {
                InValue::Str(text) => members.string(field.name, Some(text)),
                InValue::Bool(flag) => members.bool(field.name, Some(*flag)),
                InValue::Int(number) => members.integer(field.name, Some(*number)),
                InValue::Object(object) => members.raw_object(field.name, Some(object)),
                InValue::Given => &mut members,
            };
        }
        if self.patch && !given {
            let names: Vec<&str> = self
                .fields
                .iter()
                .filter(|field| field.kind != InKind::CreateOnly)
                .map(|field| field.name)
                .collect();
            return Err(ClientError::invalid_input(
                "input",
                format!(
                    "nothing to update: give at least one of {}",
                    crate::scan::join(&names, ", ")
                ),
            ));
        }
        let mut body = ObjectWriter::new();
        body.object(self.wrap, members);
        Ok(body.finish())
    }
}

/// The rules of `field` for a value of the right type (the reader checked the type).
fn check(field: &InField, value: &InValue) -> Result<(), ClientError> {
    let refuse = |problem: String| Err(ClientError::invalid_input(field.name, problem));
    match (field.kind, value) {
        (InKind::CreateOnly, _) => {
            refuse("can only be set when it is created; an update cannot change it".into())
        }
        (InKind::Name, InValue::Str(text)) if text.trim().is_empty() => refuse(format!(
            "must not be empty: give {}",
            field.required.unwrap_or("a value")
        )),
        (InKind::OneOf(values), InValue::Str(text)) if !values.contains(&text.as_str()) => {
            let expected: Vec<String> = values.iter().map(|value| quoted(value)).collect();
            refuse(format!(
                "expected {}, got {}",
                crate::scan::join(&expected, " or "),
                quoted(text)
            ))
        }
        (InKind::Count, InValue::Int(0)) => refuse("expected an integer ≥ 1, got 0".into()),
        _ => Ok(()),
    }
}
