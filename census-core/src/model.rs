//! One description per wire model, from which come the serde struct (used natively and by the
//! local Census), the scanner's [`Shape`] (what the wasm checks answers against) and the
//! TypeScript interface: [`model!`]. A field is written once, with its presence:
//!
//! - `req`: must be there and not null;
//! - `opt`: may be absent or null (an `Option`);
//! - `omit`: like `opt`, and left out when serialized while `None`;
//! - `def`: may be absent, not null (`#[serde(default)]` on a non-`Option`).
//!
//! A wire name that is not the field's own name goes in parentheses (`source_type ("type")`);
//! `ts "SyncEngine"` names a TypeScript type the kind alone cannot say (a lenient enum). The
//! struct's derives are listed after `derives`; `Serialize` and `Deserialize` are added.

use crate::scan::{Kind, Shape, Tagged};

/// What the TypeScript generator needs of a model besides its shape.
pub struct ModelDoc {
    pub shape: &'static Shape<'static>,
    /// The model's doc comment.
    pub doc: &'static str,
    /// Each field's doc comment, by index.
    pub field_docs: &'static [&'static str],
    /// Each field's TypeScript type, when the kind alone does not say it.
    pub field_ts: &'static [Option<&'static str>],
}

/// The wire name: the given one, else the field's own.
#[doc(hidden)]
#[macro_export]
macro_rules! wire_name {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident, $wire:literal) => {
        $wire
    };
}

/// Declares a wire model; see the module's docs.
#[macro_export]
macro_rules! model {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident as $shape:ident, $info:ident, derives($($derive:path),*)
        { $($body:tt)* }
    ) => {
        $crate::model!(@munch
            [$(#[doc = $doc])* #[derive($($derive,)* serde::Serialize, serde::Deserialize)]]
            [$($doc)*] $name $shape $info [[] [] [] []] $($body)*);
    };
    // One field: its presence picks the serde attributes and the shape's flags (`model_presence!`),
    // which hands everything back to `@field`.
    (@munch $meta:tt $doc:tt $name:ident $shape:ident $info:ident $acc:tt
        $(#[doc = $fdoc:literal])* $field:ident $(($wire:literal))? : $ty:ty = $presence:ident
        $kind:expr $(, ts $tsname:literal)? ; $($rest:tt)*) => {
        $crate::model_presence!($presence ($meta $doc $name $shape $info $acc
            [$($fdoc),*] [$field] [$($wire)?] [$ty] [$kind] [$($tsname)?] [$($rest)*]));
    };
    (@field [$($attr:tt)*] $required:literal $nullable:literal
        ($meta:tt $doc:tt $name:ident $shape:ident $info:ident
        [[$($fields:tt)*] [$($shapes:tt)*] [$($docs:tt)*] [$($ts:tt)*]]
        [$($fdoc:literal),*] [$field:ident] [$($wire:literal)?] [$ty:ty] [$kind:expr]
        [$($tsname:literal)?] [$($rest:tt)*])) => {
        $crate::model!(@munch $meta $doc $name $shape $info
            [[$($fields)* $(#[doc = $fdoc])* $(#[serde(rename = $wire)])? $($attr)*
                pub $field: $ty,]
            [$($shapes)* $crate::scan::Field {
                name: $crate::wire_name!($field $(, $wire)?), kind: $kind,
                required: $required, nullable: $nullable },]
            [$($docs)* $crate::model_text!(concat!("" $(, $fdoc)*)),]
            [$($ts)* $crate::model_ts!($($tsname)?),]]
            $($rest)*);
    };
    (@munch [$($meta:tt)*] [$($doc:literal)*] $name:ident $shape:ident $info:ident
        [[$($fields:tt)*] [$($shapes:tt)*] [$($docs:tt)*] [$($ts:tt)*]]) => {
        $($meta)*
        pub struct $name { $($fields)* }

        #[doc = concat!("`", stringify!($name), "` as the scanner checks it.")]
        pub static $shape: $crate::scan::Shape<'static> = $crate::scan::Shape {
            name: stringify!($name),
            fields: &[$($shapes)*],
        };

        #[doc = concat!("`", stringify!($name), "` for the TypeScript generator.")]
        pub static $info: $crate::model::ModelDoc = $crate::model::ModelDoc {
            shape: &$shape,
            doc: $crate::model_text!(concat!("" $(, $doc)*)),
            field_docs: &[$($docs)*],
            field_ts: &[$($ts)*],
        };
    };
}

/// A field's presence as serde attributes and the shape's `required` and `nullable`.
#[doc(hidden)]
#[macro_export]
macro_rules! model_presence {
    (req $args:tt) => {
        $crate::model!(@field [] true false $args);
    };
    (opt $args:tt) => {
        $crate::model!(@field [#[serde(default)]] false true $args);
    };
    (omit $args:tt) => {
        $crate::model!(@field [#[serde(default, skip_serializing_if = "Option::is_none")]]
            false true $args);
    };
    (def $args:tt) => {
        $crate::model!(@field [#[serde(default)]] false false $args);
    };
}

/// Text only the TypeScript generator reads: empty in the wasm.
#[doc(hidden)]
#[macro_export]
#[cfg(not(target_arch = "wasm32"))]
macro_rules! model_text {
    ($text:expr) => {
        $text
    };
}

/// Text only the TypeScript generator reads: empty in the wasm.
#[doc(hidden)]
#[macro_export]
#[cfg(target_arch = "wasm32")]
macro_rules! model_text {
    ($text:expr) => {
        ""
    };
}

/// A field's TypeScript type when given.
#[doc(hidden)]
#[macro_export]
macro_rules! model_ts {
    () => {
        None
    };
    ($ts:literal) => {
        Some($crate::model_text!($ts))
    };
}

/// The TypeScript type of a value of `kind`.
pub fn ts_of(kind: &Kind<'_>) -> String {
    match kind {
        Kind::Str | Kind::Status => "string".into(),
        Kind::U64 | Kind::U32 | Kind::Number => "number".into(),
        Kind::Bool => "boolean".into(),
        Kind::FreeObject => "JsonObject".into(),
        Kind::Any | Kind::Ignored => "JsonValue".into(),
        Kind::Object(shape) => shape.name.into(),
        Kind::Array(item) => match **item {
            Kind::Tagged(_) => format!("({})[]", ts_of(item)),
            _ => format!("{}[]", ts_of(item)),
        },
        Kind::Tagged(tagged) => tagged_ts(tagged),
    }
}

fn tagged_ts(tagged: &Tagged<'_>) -> String {
    let variants: Vec<String> = tagged
        .variants
        .iter()
        .map(|(wire, shape)| format!("({{ {}: '{wire}' }} & {})", tagged.tag, shape.name))
        .collect();
    variants.join(" | ")
}

/// Whether a TypeScript type is a union at its top level (`A[] | null`), not only within
/// brackets (`{ on?: boolean | undefined }[]`, `(A | B)[]`).
fn top_level_union(ts: &str) -> bool {
    let mut depth = 0i32;
    for c in ts.chars() {
        match c {
            '{' | '(' | '[' => depth += 1,
            '}' | ')' | ']' => depth -= 1,
            '|' if depth == 0 => return true,
            _ => {}
        }
    }
    false
}

/// The TypeScript interface of a model.
pub fn typescript(model: &ModelDoc) -> String {
    interface(model, false, model.shape.name)
}

/// The TypeScript interface of an input model: its arrays `readonly`, so a caller's
/// `readonly` arrays (`as const`, a `ReadonlyArray` parameter) are accepted as given.
pub fn input_typescript(model: &ModelDoc) -> String {
    interface(model, true, model.shape.name)
}

/// [`input_typescript`] with the interface called `name` rather than by the model's name (a
/// patch's members, whose input type is a `NonEmptyPatch` of them).
pub fn input_typescript_as(model: &ModelDoc, name: &str) -> String {
    interface(model, true, name)
}

fn interface(model: &ModelDoc, input: bool, name: &str) -> String {
    let mut out = format!("/** {} */\nexport interface {name} {{\n", model.doc.trim());
    for (index, field) in model.shape.fields.iter().enumerate() {
        let doc = model
            .field_docs
            .get(index)
            .copied()
            .unwrap_or_default()
            .trim();
        if !doc.is_empty() {
            out.push_str(&format!("  /** {doc} */\n"));
        }
        let ts = model
            .field_ts
            .get(index)
            .copied()
            .flatten()
            .map_or_else(|| ts_of(&field.kind), str::to_owned);
        let one_array = ts.ends_with("[]") && !top_level_union(&ts);
        let ts = if input && one_array {
            format!("readonly {ts}")
        } else {
            ts
        };
        let (optional, null) = match (field.required, field.nullable) {
            (true, _) => ("", ""),
            (false, true) => ("?", " | null"),
            (false, false) => ("?", ""),
        };
        // An input's optional member may be given as `undefined` (`exactOptionalPropertyTypes`);
        // an answer's, parsed from JSON, is never `undefined`.
        let undefined = if input && !field.required {
            " | undefined"
        } else {
            ""
        };
        // A wire name that is not an identifier (the API's own `dataset_id=`) is quoted.
        let name = if field
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            field.name.to_owned()
        } else {
            format!("{:?}", field.name)
        };
        out.push_str(&format!("  {name}{optional}: {ts}{null}{undefined};\n"));
    }
    out.push_str("}\n");
    out
}
