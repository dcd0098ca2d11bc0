//! The static schemas a scan is driven by: what each value must be, member by member.

/// What a JSON value must be.
#[derive(Debug, Clone, Copy)]
pub enum Kind<'a> {
    /// A string (also the lenient enums, which keep any string).
    Str,
    /// A non-negative integer literal up to 2^53 - 1 ([`crate::MAX_SAFE_INTEGER`]): an id or
    /// a count, which JavaScript keeps exact.
    U64,
    /// A non-negative integer literal up to `u32::MAX`.
    U32,
    /// Any JSON number that is a finite double (an exit status, a percentage).
    Number,
    /// `true` or `false`.
    Bool,
    /// Any JSON value, read into a `serde_json::Value`: its numbers must be finite doubles.
    Any,
    /// Any JSON value, skipped (serde's `IgnoredAny`).
    Ignored,
    /// An object of any members (`JsonObject`); a repeated key is allowed (the last one wins).
    FreeObject,
    /// The `status` of an envelope: a string or an integer (i64 or u64).
    Status,
    /// An object of this shape (a struct).
    Object(&'a Shape<'a>),
    /// An array whose items are all of this kind.
    Array(&'a Kind<'a>),
    /// An object whose `tag` member names the shape of the rest (serde's internally tagged enum).
    Tagged(&'a Tagged<'a>),
}

/// One member of an object shape.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    /// The key, plain ASCII as the models name it.
    pub name: &'a str,
    /// What its value must be.
    pub kind: Kind<'a>,
    /// No `#[serde(default)]`: the member must be present.
    pub required: bool,
    /// An `Option`: `null` is accepted.
    pub nullable: bool,
}

/// The members of an object; others are skipped.
#[derive(Debug, Clone, Copy)]
pub struct Shape<'a> {
    /// The model's name.
    pub name: &'a str,
    /// The known members, in the order servers send them (which `object` tries first); any
    /// number of them.
    pub fields: &'a [Field<'a>],
}

/// An internally tagged union: `tag`'s string value picks one of `variants`.
#[derive(Debug, Clone, Copy)]
pub struct Tagged<'a> {
    /// The member that names the variant.
    pub tag: &'a str,
    /// Each variant's name as the tag gives it, and its shape (without the tag).
    pub variants: &'a [(&'a str, &'a Shape<'a>)],
}
