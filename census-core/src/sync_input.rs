//! What `createSync` and `updateSync` send, and the checks made before sending it (003's
//! `POST /syncs` and CENSUS-SURFACE.md's schedules and mappings): the operation, where the
//! sync reads and writes, the mappings (a column name, a constant `{ value, type }` or today's
//! `{ type, data }`; exactly one primary identifier unless the caller opts out, since some
//! destinations take none) and the schedule in either of its forms, never both.

use crate::api::Call;
use crate::error::ClientError;
use crate::json_input::{Json, JsonInput, not_blank, one_of, positive, ts_union, within};
use crate::model;
use crate::models::JsonObject;
use crate::scan::{Kind, quoted};
use crate::syncs::MappingFrom;

/// `operation`'s values.
pub const OPERATIONS: &[&str] = &["append", "insert", "mirror", "update", "upsert"];
/// The legacy schedule's `schedule_frequency` values.
pub const FREQUENCIES: &[&str] = &[
    "never",
    "continuous",
    "quarter_hourly",
    "hourly",
    "daily",
    "weekly",
    "expression",
];
/// `schedule_day`'s values: weekday names, never numbers.
pub const WEEKDAYS: &[&str] = &[
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
/// `mode.type`'s values.
pub const MODE_TYPES: &[&str] = &["live", "triggered"];
/// The types of a constant `from: { value, type }`.
pub const CONSTANT_TYPES: &[&str] = &["boolean", "datetime", "number", "text"];
/// The types of today's `from: { type, data }`.
pub const FROM_TYPES: &[&str] = &[
    "column",
    "constant_value",
    "sync_metadata",
    "segment_membership",
    "liquid_template",
];
/// A mapping's `operation` for array fields.
pub const ARRAY_OPERATIONS: &[&str] = &["merge", "overwrite"];
/// `field_normalization`'s values.
pub const NORMALIZATIONS: &[&str] = &[
    "start_case",
    "lower_case",
    "upper_case",
    "camel_case",
    "snake_case",
    "match_source_names",
];
/// The data source kinds a sync can read by name.
const DATA_SOURCE_TYPES: &[&str] = &["table", "model", "segment"];
/// The legacy schedule's members.
const LEGACY_SCHEDULE: &[&str] = &[
    "schedule_frequency",
    "schedule_day",
    "schedule_hour",
    "schedule_minute",
    "cron_expression",
];

model! {
    /// `createSync`'s input, the body of `POST /syncs`. Members not listed here
    /// (`alert_attributes`, `high_water_mark_attributes`, …) are sent as given.
    pub struct CreateSyncInput as CREATE_SYNC_SHAPE, CREATE_SYNC_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        label: Option<String> = omit Kind::Str;
        /// How records are written.
        operation: String = req Kind::Str, ts "SyncOperationInput";
        source_attributes: SyncSourceInput = req Kind::Object(&SYNC_SOURCE_SHAPE);
        destination_attributes: SyncDestinationInput = req Kind::Object(&SYNC_DESTINATION_SHAPE);
        /// At least one; exactly one with `is_primary_identifier: true` unless the call's
        /// `requirePrimaryIdentifier` is false.
        mappings: Vec<MappingInput> = req Kind::Array(&Kind::Object(&MAPPING_SHAPE));
        /// The legacy schedule (not with `mode`); `expression` needs `cron_expression`.
        schedule_frequency: Option<String> = omit Kind::Str, ts "ScheduleFrequency";
        schedule_day: Option<String> = omit Kind::Str, ts "Weekday";
        /// 0–24.
        schedule_hour: Option<u32> = omit Kind::U32;
        /// 0–59.
        schedule_minute: Option<u32> = omit Kind::U32;
        /// Five fields (minute hour day-of-month month day-of-week), UTC.
        cron_expression: Option<String> = omit Kind::Str;
        /// Today's schedule form (not with the `schedule_*` fields).
        mode: Option<JsonObject> = omit Kind::FreeObject, ts "SyncModeInput";
        paused: Option<bool> = omit Kind::Bool;
        trigger_on_dbt_cloud_rebuild: Option<bool> = omit Kind::Bool;
        field_behavior: Option<String> = omit Kind::Str,
            ts "'specific_properties' | 'sync_all_properties'";
        field_normalization: Option<String> = omit Kind::Str, ts "FieldNormalization";
    }
}

model! {
    /// Where a new sync reads.
    pub struct SyncSourceInput as SYNC_SOURCE_SHAPE, SYNC_SOURCE_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        /// The source's id.
        connection_id: u64 = req Kind::U64;
        data_source: JsonObject = req Kind::FreeObject, ts "SyncDataSourceInput";
    }
}

model! {
    /// Where a new sync writes.
    pub struct SyncDestinationInput as SYNC_DESTINATION_SHAPE, SYNC_DESTINATION_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        /// The destination's id.
        connection_id: u64 = req Kind::U64;
        /// The destination object's `full_name`.
        object: String = req Kind::Str;
        /// Salesforce: where a union object is inserted.
        lead_union_insert_to: Option<String> = omit Kind::Str;
    }
}

model! {
    /// One mapping of a new sync.
    pub struct MappingInput as MAPPING_SHAPE, MAPPING_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        from: MappingFrom = req Kind::Any, ts "MappingFromInput";
        /// The destination field's `full_name`.
        to: String = req Kind::Str;
        is_primary_identifier: Option<bool> = omit Kind::Bool;
        generate_field: Option<bool> = omit Kind::Bool;
        preserve_values: Option<bool> = omit Kind::Bool;
        /// For array fields.
        operation: Option<String> = omit Kind::Str, ts "'merge' | 'overwrite'";
        /// For a reference field: the object it refers to, and the field to look it up by.
        lookup_object: Option<String> = omit Kind::Str;
        lookup_field: Option<String> = omit Kind::Str;
    }
}

/// `createSync`'s input.
pub static CREATE_SYNC_INPUT: JsonInput = JsonInput {
    name: "CreateSyncInput",
    shape: &CREATE_SYNC_SHAPE,
    patch: false,
    rules: create_rules,
};

/// `updateSync`'s patch: any members of `CreateSyncInput`; nested objects are sent whole.
pub static UPDATE_SYNC_INPUT: JsonInput = JsonInput {
    name: "UpdateSyncInput",
    shape: &CREATE_SYNC_SHAPE,
    patch: true,
    rules: update_rules,
};

fn create_rules(input: Json<'_>, call: &Call) -> Result<(), ClientError> {
    rules(input, call, false)
}

fn update_rules(input: Json<'_>, call: &Call) -> Result<(), ClientError> {
    rules(input, call, true)
}

/// The checks of both inputs; a patch need not say what the sync already has.
fn rules(input: Json<'_>, call: &Call, patch: bool) -> Result<(), ClientError> {
    one_of("operation", input.get("operation"), OPERATIONS)?;
    if let Some(source) = input.get("source_attributes") {
        positive(
            "source_attributes.connection_id",
            source.get("connection_id"),
        )?;
        if let Some(data_source) = source.get("data_source") {
            check_data_source(data_source)?;
        }
    }
    if let Some(destination) = input.get("destination_attributes") {
        positive(
            "destination_attributes.connection_id",
            destination.get("connection_id"),
        )?;
        not_blank(
            "destination_attributes.object",
            destination.get("object"),
            "the destination object's full_name",
        )?;
    }
    if let Some(mappings) = input.get("mappings") {
        let require_primary = call.flag("requirePrimaryIdentifier") != Some(false);
        check_mappings(mappings, require_primary)?;
    }
    check_schedule(input, patch)?;
    one_of(
        "field_normalization",
        input.get("field_normalization"),
        NORMALIZATIONS,
    )
}

/// `{ id }`, or a type with its name (a model or segment) or its table_name (a table).
fn check_data_source(data_source: Json<'_>) -> Result<(), ClientError> {
    const AT: &str = "source_attributes.data_source";
    if let Some(id) = data_source.get("id") {
        return positive("source_attributes.data_source.id", Some(id));
    }
    let Some(kind) = data_source.get("type") else {
        return Err(ClientError::invalid_input(
            AT,
            "give its id, or its type with its name (a model or segment) or its table_name \
             (a table)",
        ));
    };
    one_of(
        "source_attributes.data_source.type",
        Some(kind),
        DATA_SOURCE_TYPES,
    )?;
    let (member, field) = if kind.text().as_deref() == Some("table") {
        ("table_name", "source_attributes.data_source.table_name")
    } else {
        ("name", "source_attributes.data_source.name")
    };
    match data_source.get(member) {
        Some(name) => not_blank(field, Some(name), "its name"),
        None => Err(ClientError::invalid_input(
            field,
            "required when data_source has no id",
        )),
    }
}

/// Each mapping's `from`, `to` and `operation`, and the one primary identifier.
fn check_mappings(mappings: Json<'_>, require_primary: bool) -> Result<(), ClientError> {
    let items = mappings.items();
    if items.is_empty() {
        return Err(ClientError::invalid_input(
            "mappings",
            "give at least one mapping",
        ));
    }
    let mut primary: Option<usize> = None;
    for (index, mapping) in items.iter().enumerate() {
        let at = |member: &str| format!("mappings[{index}].{member}");
        not_blank(&at("to"), mapping.get("to"), "a field's full_name")?;
        check_from(&at("from"), mapping.member("from"))?;
        one_of(&at("operation"), mapping.get("operation"), ARRAY_OPERATIONS)?;
        if mapping
            .get("is_primary_identifier")
            .is_some_and(Json::is_true)
        {
            if let Some(first) = primary {
                return Err(ClientError::invalid_input(
                    &at("is_primary_identifier"),
                    format!(
                        "only one mapping can be the primary identifier, and mappings[{first}] is"
                    ),
                ));
            }
            primary = Some(index);
        }
    }
    if primary.is_none() && require_primary {
        return Err(ClientError::invalid_input(
            "mappings",
            "exactly one mapping must have is_primary_identifier: true, and none has (for a \
             destination that takes none, pass { requirePrimaryIdentifier: false })",
        ));
    }
    Ok(())
}

/// A column name, `{ value, type }`, `{ value, basic_type }` (as reads show it) or
/// `{ type, data }`.
fn check_from(field: &str, from: Option<Json<'_>>) -> Result<(), ClientError> {
    let Some(from) = from else {
        return Err(ClientError::invalid_input(field, "required"));
    };
    if from.text().is_some() {
        return not_blank(field, Some(from), "a column name");
    }
    if from.is_object() {
        if from.member("data").is_some() {
            return match from.get("type") {
                Some(kind) => one_of(&format!("{field}.type"), Some(kind), FROM_TYPES),
                None => Err(ClientError::invalid_input(
                    &format!("{field}.type"),
                    format!("required with data: one of {}", ts_union(FROM_TYPES)),
                )),
            };
        }
        if from.member("value").is_some() {
            if from.get("basic_type").is_some() {
                return Ok(());
            }
            return match from.get("type") {
                Some(kind) => one_of(&format!("{field}.type"), Some(kind), CONSTANT_TYPES),
                None => Err(ClientError::invalid_input(
                    &format!("{field}.type"),
                    format!(
                        "required with value: the constant's type, one of {}",
                        ts_union(CONSTANT_TYPES)
                    ),
                )),
            };
        }
    }
    Err(ClientError::invalid_input(
        field,
        format!(
            "expected a column name, {{ value, type }} or {{ type, data }}, got {}",
            from.0
        ),
    ))
}

/// The schedule in one form: `mode`, or the legacy `schedule_*` fields and `cron_expression`.
fn check_schedule(input: Json<'_>, patch: bool) -> Result<(), ClientError> {
    let legacy = LEGACY_SCHEDULE
        .iter()
        .find(|name| input.get(name).is_some());
    if let Some(mode) = input.get("mode") {
        if let Some(legacy) = legacy {
            return Err(ClientError::invalid_input(
                "mode",
                format!(
                    "give the schedule in one form, mode or the schedule_* fields, not both \
                     ({legacy} is given too)"
                ),
            ));
        }
        match mode.get("type") {
            Some(kind) => one_of("mode.type", Some(kind), MODE_TYPES)?,
            None => {
                return Err(ClientError::invalid_input(
                    "mode.type",
                    format!("required: {}", ts_union(MODE_TYPES)),
                ));
            }
        }
        if let Some(triggers) = mode.get("triggers")
            && !triggers.is_object()
        {
            return Err(ClientError::invalid_input(
                "mode.triggers",
                format!("expected an object, got {}", triggers.0),
            ));
        }
    }
    let frequency = input.get("schedule_frequency");
    one_of("schedule_frequency", frequency, FREQUENCIES)?;
    one_of("schedule_day", input.get("schedule_day"), WEEKDAYS)?;
    within("schedule_hour", input.get("schedule_hour"), 0, 24)?;
    within("schedule_minute", input.get("schedule_minute"), 0, 59)?;
    let expression = frequency.and_then(Json::text).as_deref() == Some("expression");
    match input.get("cron_expression").and_then(Json::text) {
        Some(cron) => {
            check_cron(&cron)?;
            if frequency.is_some() && !expression {
                return Err(ClientError::invalid_input(
                    "schedule_frequency",
                    "must be \"expression\" when cron_expression is given",
                ));
            }
        }
        None if expression && !patch => {
            return Err(ClientError::invalid_input(
                "cron_expression",
                "required when schedule_frequency is \"expression\"",
            ));
        }
        None => {}
    }
    Ok(())
}

/// Five fields of digits, names and `* , - /`.
fn check_cron(cron: &str) -> Result<(), ClientError> {
    let fields: Vec<&str> = cron.split_whitespace().collect();
    let well_formed = |field: &&str| {
        field
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '*' | ',' | '-' | '/' | '?'))
    };
    if fields.len() != 5 {
        return Err(ClientError::invalid_input(
            "cron_expression",
            format!(
                "expected 5 fields (minute hour day-of-month month day-of-week, UTC), got {}",
                fields.len()
            ),
        ));
    }
    match fields.iter().find(|field| !well_formed(field)) {
        Some(field) => Err(ClientError::invalid_input(
            "cron_expression",
            format!(
                "{} is not a cron field (digits, names and * , - / only)",
                quoted(field)
            ),
        )),
        None => Ok(()),
    }
}

/// The TypeScript of the unions the inputs use, from the same lists the checks use.
pub fn typescript() -> String {
    format!(
        "/** How a new sync writes records. */\nexport type SyncOperationInput = {};\n\
         /** The legacy schedule's frequency. */\nexport type ScheduleFrequency = {};\n\
         /** A weekday name. */\nexport type Weekday = {};\n\
         /** How `sync_all_properties` names new fields. */\nexport type FieldNormalization = {};\n\
         /** A mapping's source as a new sync takes it: a column name, a constant, or today's typed form. */\n\
         export type MappingFromInput = string | {{ value: JsonValue; type: {} }} | {{ type: {}; data: JsonValue }};\n\
         /** A mapping's source as the API sends it: a column name, a constant (`basic_type`), or today's typed form. */\n\
         export type MappingFrom = string | {{ value: JsonValue; basic_type?: string; type?: string }} | {{ type: string; data: JsonValue }};\n\
         /** What a new sync reads: by id, a model or segment by name, or a table by its names. */\n\
         export type SyncDataSourceInput = {{ id: number; type?: {} }} | {{ type: 'model' | 'segment'; name: string }} | {{ type: 'table'; table_name: string; table_schema?: string; table_catalog?: string }};\n\
         /** Today's schedule form. */\nexport interface SyncModeInput {{\n  type: {};\n  /** `schedule`, `dbt_cloud: {{ project_id, job_id }}`, `fivetran: {{ job_id, job_name }}`, `sync_sequence: {{ sync_id }}`. */\n  triggers?: JsonObject;\n}}\n\
         /**\n * `updateSync`'s patch: any members of `CreateSyncInput`, at least one. Top-level members\n * given replace the sync's; a nested object (`source_attributes`, `destination_attributes`,\n * `mode`) or `mappings` must be sent whole, as the API requires: what it leaves out is lost.\n */\nexport type UpdateSyncInput = Partial<CreateSyncInput>;\n",
        ts_union(OPERATIONS),
        ts_union(FREQUENCIES),
        ts_union(WEEKDAYS),
        ts_union(NORMALIZATIONS),
        ts_union(CONSTANT_TYPES),
        ts_union(FROM_TYPES),
        ts_union(DATA_SOURCE_TYPES),
        ts_union(MODE_TYPES),
    )
}
