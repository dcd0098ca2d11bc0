//! The inputs of the Stitch Connect API: each a model (member types, required members,
//! TypeScript), checked by the rules in `api::stitch` before anything is sent, and sent as the
//! caller wrote it.

use crate::api::Call;
use crate::error::ClientError;
use crate::json_input::Json;
use crate::model;
use crate::models::JsonObject;
use crate::scan::Kind;

model! {
    /// The body of `POST /v4/sources`.
    pub struct CreateStitchSourceInput as CREATE_SOURCE_SHAPE, CREATE_SOURCE_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        /// The name shown in Stitch.
        display_name: String = req Kind::Str;
        /// A source type, e.g. `platform.postgres` (`listSourceTypes`).
        source_type ("type"): String = req Kind::Str;
        /// The schema name in the destination: lowercase letters, digits, `_` and `$`,
        /// starting with a letter or `_`; derived from `display_name` when left out.
        name: String = def Kind::Str;
        /// The type's form properties (its report card lists them), as strings.
        properties: JsonObject = def Kind::FreeObject;
        /// The destination to load into, for an account with several (`listDestinations`).
        destination_id: Option<u64> = omit Kind::U64;
    }
}

model! {
    /// The body of `PUT /v4/sources/{id}`: at least one member.
    pub struct UpdateStitchSourceInput as UPDATE_SOURCE_SHAPE, UPDATE_SOURCE_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        display_name: String = def Kind::Str;
        /// A timestamp (`2026-12-03T18:38:58Z`) pauses the source; `null` unpauses it.
        paused_at: Option<String> = opt Kind::Str;
        properties: JsonObject = def Kind::FreeObject;
        /// The destination to load into from now on (`listDestinations`).
        destination_id: u64 = def Kind::U64;
    }
}

model! {
    /// The body of `POST /v4/destinations`.
    pub struct CreateStitchDestinationInput as CREATE_DESTINATION_SHAPE, CREATE_DESTINATION_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        /// A destination type, e.g. `postgres` (`listDestinationTypes`).
        destination_type ("type"): String = req Kind::Str;
        name: Option<String> = omit Kind::Str;
        description: Option<String> = omit Kind::Str;
        properties: JsonObject = def Kind::FreeObject;
        /// `true` maps no source to this destination; left out or `false`, every source without
        /// a destination of its own loads into it.
        ignore_unmapped_sources: bool = def Kind::Bool;
    }
}

model! {
    /// The body of `PUT /v4/destinations/{id}`: at least one member; the type cannot change.
    pub struct UpdateStitchDestinationInput as UPDATE_DESTINATION_SHAPE, UPDATE_DESTINATION_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        name: Option<String> = omit Kind::Str;
        description: Option<String> = omit Kind::Str;
        properties: JsonObject = def Kind::FreeObject;
    }
}

model! {
    /// The body of `PUT /v4/sources/{id}/streams/metadata`.
    pub struct StitchStreamMetadataInput as STREAM_METADATA_SHAPE, STREAM_METADATA_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        streams: Vec<StitchStreamSelection> = req Kind::Array(&Kind::Object(&STREAM_SELECTION_SHAPE));
    }
}

model! {
    /// The metadata of one stream to change.
    pub struct StitchStreamSelection as STREAM_SELECTION_SHAPE, STREAM_SELECTION_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        /// The stream's `tap_stream_id` (`listStreams`).
        tap_stream_id: String = req Kind::Str;
        /// `StitchMetadataEntry`s, their breadcrumbs `readonly` too (`['properties', f] as const`).
        metadata: Vec<crate::stitch_models::StitchMetadataEntry> = req
            Kind::Array(&Kind::Object(&crate::stitch_models::STITCH_METADATA_ENTRY)),
            ts "{ breadcrumb: readonly string[]; metadata: StitchMetadataInput }[]";
    }
}

/// The input models, for the TypeScript generator.
pub static INPUT_MODELS: &[&crate::model::ModelDoc] = &[
    &CREATE_SOURCE_INPUT_MODEL,
    &UPDATE_SOURCE_INPUT_MODEL,
    &CREATE_DESTINATION_INPUT_MODEL,
    &UPDATE_DESTINATION_INPUT_MODEL,
    &STREAM_METADATA_INPUT_MODEL,
    &STREAM_SELECTION_MODEL,
];

/// A source's `name`, when given: what Stitch accepts as a schema name.
pub fn check_name(
    field: &str,
    _: Json<'_>,
    value: Option<Json<'_>>,
    _: &Call,
) -> Result<(), ClientError> {
    let Some(name) = value.and_then(Json::text) else {
        return Ok(());
    };
    let starts = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
    let rest = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '$'));
    if name.len() < 50 && starts && rest {
        return Ok(());
    }
    Err(ClientError::invalid_input(
        field,
        format!(
            "{} is not a schema name: use lowercase letters, digits, _ and $, start with a \
             letter or _, at most 49 characters (or leave it out to derive it from display_name)",
            crate::scan::quoted(&name)
        ),
    ))
}

/// A metadata entry's breadcrumb: `[]` (the stream) or `["properties", field]`.
pub fn check_breadcrumb(
    field: &str,
    _: Json<'_>,
    value: Option<Json<'_>>,
    _: &Call,
) -> Result<(), ClientError> {
    let Some(value) = value else {
        return Ok(());
    };
    let items: Vec<Option<String>> = value.items().into_iter().map(Json::text).collect();
    match items.as_slice() {
        [] => Ok(()),
        [Some(first), Some(name)] if first == "properties" && !name.is_empty() => Ok(()),
        _ => Err(ClientError::invalid_input(
            field,
            "expected [] for the stream or [\"properties\", \"<field>\"] for a field",
        )),
    }
}

/// `paused_at`, when a string: a timestamp (RFC 3339), as Stitch pauses a source from it.
pub fn check_paused_at(
    field: &str,
    _: Json<'_>,
    value: Option<Json<'_>>,
    _: &Call,
) -> Result<(), ClientError> {
    match value.and_then(Json::text) {
        Some(text) if !crate::dates::looks_like_timestamp(&text) => {
            let mut problem = String::from(
                "expected a timestamp such as \"2026-12-03T18:38:58Z\" (or null to unpause), got ",
            );
            problem.push_str(&crate::scan::quoted(&text));
            Err(ClientError::invalid_input(field, problem))
        }
        _ => Ok(()),
    }
}
