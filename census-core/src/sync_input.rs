//! What `createSync` and `updateSync` send, and the checks made before sending it (003's
//! `POST /syncs` and CENSUS-SURFACE.md's schedules and mappings): the operation, where the
//! sync reads and writes, the mappings (a column name, a constant `{ value, type }` or today's
//! `{ type, data }`; exactly one primary identifier unless the caller opts out, since some
//! destinations take none) and the schedule in either of its forms, never both.

use crate::api::Call;
use crate::error::ClientError;
use crate::json_input::{Check, Json, JsonInput, READ_ONLY_CHECKS, Test, check, test, ts_union};
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
/// What can trigger a sync of the `triggered` mode (CENSUS-SURFACE.md, "Schedules").
pub const TRIGGERS: &[&str] = &["schedule", "dbt_cloud", "fivetran", "sync_sequence"];
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
/// `field_behavior`'s values.
pub const FIELD_BEHAVIORS: &[&str] = &["specific_properties", "sync_all_properties"];
/// The `field_behavior` whose automatic mappings `field_normalization` names: the only one it
/// goes with.
const ALL_PROPERTIES: &str = "sync_all_properties";
/// The `schedule_frequency` of a cron schedule: it needs `cron_expression`, the only one that
/// takes it.
const EXPRESSION: &str = "expression";
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
    /// Every member a sync's input may hold: `createSync` takes them under the rules between
    /// them (`CreateSyncInput`), `updateSync` patches them (`UpdateSyncInput`). Members not
    /// listed here are sent as given, but for the read-only `id`, `created_at`, `updated_at`
    /// and `status`, which are refused.
    pub struct CreateSyncInput as CREATE_SYNC_SHAPE, CREATE_SYNC_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        label: Option<String> = omit Kind::Str;
        /// How records are written.
        operation: String = req Kind::Str, ts "SyncOperationInput";
        source_attributes: SyncSourceInput = req Kind::Object(&SYNC_SOURCE_SHAPE);
        destination_attributes: SyncDestinationInput = req Kind::Object(&SYNC_DESTINATION_SHAPE);
        /// At least one; exactly one with `is_primary_identifier: true` unless the call's
        /// `requirePrimaryIdentifier` is false. Checked when called: a type cannot count a
        /// list's items.
        mappings: Vec<MappingInput> = req Kind::Array(&Kind::Object(&MAPPING_SHAPE));
        /// The legacy schedule (not with `mode`); a new sync's `expression` needs
        /// `cron_expression`.
        schedule_frequency: Option<String> = omit Kind::Str, ts "ScheduleFrequency";
        schedule_day: Option<String> = omit Kind::Str, ts "Weekday";
        /// 0–24, checked when called.
        schedule_hour: Option<u32> = omit Kind::U32;
        /// 0–59, checked when called.
        schedule_minute: Option<u32> = omit Kind::U32;
        /// Five fields (minute hour day-of-month month day-of-week), UTC, checked when called;
        /// with `schedule_frequency: 'expression'` or none.
        cron_expression: Option<String> = omit Kind::Str;
        /// Today's schedule form (not with the `schedule_*` fields).
        mode: Option<JsonObject> = omit Kind::FreeObject, ts "SyncModeInput";
        paused: Option<bool> = omit Kind::Bool;
        trigger_on_dbt_cloud_rebuild: Option<bool> = omit Kind::Bool;
        /// `sync_all_properties` maps new source columns automatically.
        field_behavior: Option<String> = omit Kind::Str, ts "FieldBehavior";
        /// How automatic mappings are named: only with `field_behavior: 'sync_all_properties'`.
        field_normalization: Option<String> = omit Kind::Str, ts "FieldNormalization";
        /// The sync's alerts, each `{ type, … }` as Census's reference lists them; without
        /// it Census adds its default alerts. Sent as given.
        alert_attributes: Option<Vec<JsonObject>> = omit Kind::Array(&Kind::FreeObject);
        /// Where an incremental sync starts reading. Sent as given.
        high_water_mark_attributes: Option<JsonObject> = omit Kind::FreeObject;
        /// How a `mirror` sync applies deletes. Sent as given.
        mirror_strategy: Option<String> = omit Kind::Str;
        /// The order of the destination's fields (file destinations). Sent as given.
        field_order: Option<String> = omit Kind::Str;
    }
}

model! {
    /// Where a new sync reads.
    pub struct SyncSourceInput as SYNC_SOURCE_SHAPE, SYNC_SOURCE_INPUT_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        /// The source's id.
        connection_id: u64 = req Kind::U64;
        /// What it reads, in document 003's form; or give `object`.
        data_source: Option<JsonObject> = omit Kind::FreeObject, ts "SyncDataSourceInput";
        /// What it reads, in today's form (`{ type, id }`, `{ type: 'table', table_name, … }`);
        /// or give `data_source`.
        object: Option<JsonObject> = omit Kind::FreeObject, ts "SyncSourceObjectInput";
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
        /// `true` on exactly one mapping of a sync (at most one with the call's
        /// `requirePrimaryIdentifier: false`). Checked when called: a type cannot count the
        /// mappings that have it.
        is_primary_identifier: Option<bool> = omit Kind::Bool;
        generate_field: Option<bool> = omit Kind::Bool;
        preserve_values: Option<bool> = omit Kind::Bool;
        /// For array fields.
        operation: Option<String> = omit Kind::Str, ts "MappingOperation";
        /// For a reference field: the object it refers to, and the field to look it up by.
        lookup_object: Option<String> = omit Kind::Str;
        lookup_field: Option<String> = omit Kind::Str;
        /// Its place among the mappings, from 0, as reads show it (sent as given).
        position: Option<u32> = omit Kind::U32;
    }
}

/// `createSync`'s input.
pub static CREATE_SYNC_INPUT: JsonInput = JsonInput {
    name: crate::api::text("CreateSyncInput"),
    shape: &CREATE_SYNC_SHAPE,
    patch: false,
    checks: &[READ_ONLY_CHECKS, SYNC_READ_ONLY, CHECKS, CREATE_CHECKS],
    closed: None,
};

/// `updateSync`'s patch: any members of `CreateSyncInput`; nested objects are sent whole.
pub static UPDATE_SYNC_INPUT: JsonInput = JsonInput {
    name: crate::api::text("UpdateSyncInput"),
    shape: &CREATE_SYNC_SHAPE,
    patch: true,
    checks: &[READ_ONLY_CHECKS, SYNC_READ_ONLY, CHECKS],
    closed: None,
};

const REQUIRED: Test = Test::Required;
const NAME_UNLESS_ID: Test = Test::Unless("id", &Test::When("type", "model", &REQUIRED));
const SEGMENT_UNLESS_ID: Test = Test::Unless("id", &Test::When("type", "segment", &REQUIRED));

/// The checks of both inputs, on whatever members are given.
/// A read's `status`, Census's word on the sync's health.
static SYNC_READ_ONLY: &[Check] = &[check("status", Test::ReadOnly)];

static CHECKS: &[Check] = &[
    check("operation", Test::OneOf(OPERATIONS)),
    check("source_attributes.connection_id", Test::Id),
    check(
        "source_attributes.data_source",
        Test::Custom(one_source_form),
    ),
    check("source_attributes.object.type", REQUIRED),
    check("source_attributes.object.type", Test::Text),
    check("source_attributes.object.id", Test::Custom(id_unless_table)),
    check(
        "source_attributes.object.table_name",
        Test::Unless("id", &Test::When("type", "table", &REQUIRED)),
    ),
    check("source_attributes.object.table_name", Test::Text),
    check("source_attributes.data_source.id", Test::Id),
    check(
        "source_attributes.data_source.type",
        Test::Unless("id", &REQUIRED),
    ),
    check(
        "source_attributes.data_source.type",
        Test::OneOf(DATA_SOURCE_TYPES),
    ),
    check("source_attributes.data_source.name", NAME_UNLESS_ID),
    check("source_attributes.data_source.name", SEGMENT_UNLESS_ID),
    check(
        "source_attributes.data_source.table_name",
        Test::Unless("id", &Test::When("type", "table", &REQUIRED)),
    ),
    check("source_attributes.data_source.name", Test::Text),
    check("source_attributes.data_source.table_name", Test::Text),
    check("destination_attributes.connection_id", Test::Id),
    check("destination_attributes.object", Test::Text),
    check("mappings", Test::NotEmpty),
    check("mappings[].to", Test::Text),
    check("mappings[].from", Test::Custom(check_from)),
    check("mappings[].operation", Test::OneOf(ARRAY_OPERATIONS)),
    check("mappings", Test::Custom(one_primary_identifier)),
    check("mode", Test::Custom(one_schedule_form)),
    check("mode.type", REQUIRED),
    check("mode.type", Test::OneOf(MODE_TYPES)),
    check("mode.triggers", Test::Custom(known_triggers)),
    check("mode.triggers.dbt_cloud.project_id", REQUIRED),
    check("mode.triggers.dbt_cloud.job_id", REQUIRED),
    check("mode.triggers.fivetran.job_id", REQUIRED),
    check("mode.triggers.sync_sequence.sync_id", REQUIRED),
    check("mode.triggers.sync_sequence.sync_id", Test::Id),
    check("schedule_frequency", Test::OneOf(FREQUENCIES)),
    check("schedule_day", Test::OneOf(WEEKDAYS)),
    check("schedule_hour", Test::Within(0, 24)),
    check("schedule_minute", Test::Within(0, 59)),
    check("cron_expression", Test::Custom(check_cron)),
    check(
        "schedule_frequency",
        Test::When("cron_expression", "", &Test::OneOf(&[EXPRESSION])),
    ),
    check("field_behavior", Test::OneOf(FIELD_BEHAVIORS)),
    check("field_normalization", Test::OneOf(NORMALIZATIONS)),
    // Automatic mappings are named by `field_normalization` only when there are any: given
    // together, the two make the sync's behaviour, which the API checks whole on a patch too.
    check(
        "field_behavior",
        Test::When("field_normalization", "", &Test::OneOf(&[ALL_PROPERTIES])),
    ),
];

/// What a new sync needs besides: a cron expression for the `expression` frequency (a patch
/// may rely on the one the sync has).
static CREATE_CHECKS: &[Check] = &[
    check(
        "cron_expression",
        Test::When("schedule_frequency", EXPRESSION, &REQUIRED),
    ),
    // A new sync's automatic mappings are named only when there are any (a patch may rely on
    // the sync's own `field_behavior`).
    check(
        "field_behavior",
        Test::When("field_normalization", "", &REQUIRED),
    ),
];

/// A column name, `{ value, type }`, `{ value, basic_type }` (as reads show it) or
/// `{ type, data }`.
fn check_from(
    field: &str,
    _: Json<'_>,
    from: Option<Json<'_>>,
    call: &Call,
) -> Result<(), ClientError> {
    let Some(from) = from else {
        return Err(ClientError::invalid_input(field, "required"));
    };
    if from.text().is_some() {
        return test(&Test::Text, field, from, Some(from), call);
    }
    let kinds = match (from.member("data"), from.member("value")) {
        _ if !from.is_object() => {
            return Err(ClientError::invalid_input(
                field,
                format!(
                    "expected a column name, {{ value, type }} or {{ type, data }}, got {}",
                    from.0
                ),
            ));
        }
        (Some(_), _) => FROM_TYPES,
        (None, Some(_)) if from.get("basic_type").is_some() => return Ok(()),
        (None, Some(_)) => CONSTANT_TYPES,
        (None, None) => {
            return Err(ClientError::invalid_input(
                field,
                "expected a column name, { value, type } or { type, data }",
            ));
        }
    };
    let at = format!("{field}.type");
    let kind = from.get("type");
    test(&REQUIRED, &at, from, kind, call)?;
    test(&Test::OneOf(kinds), &at, from, kind, call)
}

/// Exactly one mapping with `is_primary_identifier: true`; with `requirePrimaryIdentifier:
/// false`, at most one.
fn one_primary_identifier(
    field: &str,
    _: Json<'_>,
    mappings: Option<Json<'_>>,
    call: &Call,
) -> Result<(), ClientError> {
    let Some(mappings) = mappings else {
        return Ok(());
    };
    let primary: Vec<usize> = mappings
        .items()
        .iter()
        .enumerate()
        .filter(|(_, mapping)| {
            mapping
                .get("is_primary_identifier")
                .is_some_and(Json::is_true)
        })
        .map(|(index, _)| index)
        .collect();
    match primary.as_slice() {
        [] if call.flag("requirePrimaryIdentifier") != Some(false) => {
            Err(ClientError::invalid_input(
                field,
                "exactly one mapping must have is_primary_identifier: true, and none has (for a \
                 destination that takes none, pass { requirePrimaryIdentifier: false })",
            ))
        }
        [first, second, ..] => Err(ClientError::invalid_input(
            &format!("{field}[{second}].is_primary_identifier"),
            format!("only one mapping can be the primary identifier, and mappings[{first}] is"),
        )),
        _ => Ok(()),
    }
}

/// `mode` or the legacy `schedule_*` fields, not both.
fn one_schedule_form(
    field: &str,
    input: Json<'_>,
    mode: Option<Json<'_>>,
    _: &Call,
) -> Result<(), ClientError> {
    let legacy = LEGACY_SCHEDULE
        .iter()
        .find(|name| input.get(name).is_some());
    match (mode, legacy) {
        (Some(_), Some(legacy)) => Err(ClientError::invalid_input(
            field,
            format!(
                "give the schedule in one form, mode or the schedule_* fields, not both \
                 ({legacy} is given too)"
            ),
        )),
        _ => Ok(()),
    }
}

/// `source_attributes` names what it reads once: `data_source` (document 003's form) or
/// `object` (today's, as the current reference and Census's Terraform provider send it).
fn one_source_form(
    field: &str,
    source: Json<'_>,
    data_source: Option<Json<'_>>,
    _: &Call,
) -> Result<(), ClientError> {
    match (data_source, source.get("object")) {
        (Some(_), Some(_)) => Err(ClientError::invalid_input(
            "source_attributes.object",
            "give what the sync reads once: data_source or object, not both",
        )),
        (None, None) => Err(ClientError::invalid_input(
            field,
            "required: what the sync reads, as data_source ({ id } or { type, name }) or as \
             object ({ type, id } or { type: 'table', table_name })",
        )),
        _ => Ok(()),
    }
}

/// Today's `object` names what it reads by `id`, or a table by `table_name` (its type and
/// `SyncSourceObjectInput` say so): `{ type: 'model' }` alone names nothing, and was sent.
fn id_unless_table(
    field: &str,
    object: Json<'_>,
    id: Option<Json<'_>>,
    _: &Call,
) -> Result<(), ClientError> {
    let given = id.is_some_and(|id| id.0 != "null");
    if given || object.get("type").and_then(Json::text).as_deref() == Some("table") {
        return Ok(());
    }
    Err(ClientError::invalid_input(
        field,
        "required unless type is \"table\" (a table may be named by table_name instead)",
    ))
}

/// `mode.triggers`: an object of the documented triggers, each an object (or null).
fn known_triggers(
    field: &str,
    _: Json<'_>,
    triggers: Option<Json<'_>>,
    _: &Call,
) -> Result<(), ClientError> {
    let Some(triggers) = triggers else {
        return Ok(());
    };
    let members = crate::scan::object_members(triggers.0.as_bytes())
        .map_err(|_| ClientError::invalid_input(field, "expected an object of triggers"))?;
    for (name, (start, end)) in members {
        let at = format!("{field}.{name}");
        if !TRIGGERS.contains(&name.as_str()) {
            return Err(ClientError::invalid_input(
                &at,
                format!(
                    "not a trigger: {}",
                    crate::json_input::expected_one_of(TRIGGERS, &quoted(&name))
                ),
            ));
        }
        let value = Json(triggers.0.get(start..end).unwrap_or("null"));
        if value.0 != "null" && !value.is_object() {
            return Err(ClientError::invalid_input(&at, "expected an object"));
        }
    }
    Ok(())
}

/// Five fields of digits, names and `* , - / ?`.
fn check_cron(
    field: &str,
    _: Json<'_>,
    cron: Option<Json<'_>>,
    _: &Call,
) -> Result<(), ClientError> {
    let Some(cron) = cron.and_then(Json::text) else {
        return Ok(());
    };
    let fields: Vec<&str> = cron.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(ClientError::invalid_input(
            field,
            format!(
                "expected 5 fields (minute hour day-of-month month day-of-week, UTC), got {}",
                fields.len()
            ),
        ));
    }
    let bad = fields.iter().find(|part| {
        !part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '*' | ',' | '-' | '/' | '?'))
    });
    match bad {
        Some(part) => Err(ClientError::invalid_input(
            field,
            format!(
                "{} is not a cron field (digits, names and * , - / only)",
                quoted(part)
            ),
        )),
        None => Ok(()),
    }
}

/// The TypeScript name of a sync input model: `createSync`'s model is every member a sync's
/// input may hold, `SyncInputFields`, which `CreateSyncInput` and `UpdateSyncInput` take under
/// the rules between them ([`typescript`]).
pub fn input_name(model: &crate::model::ModelDoc) -> &'static str {
    if std::ptr::eq(model, &CREATE_SYNC_INPUT_MODEL) {
        "SyncInputFields"
    } else {
        model.shape.name
    }
}

/// The TypeScript of the unions the inputs use, from the same lists the checks use, and of the
/// inputs themselves: `SyncInputFields` under the rules between its members.
pub fn typescript() -> String {
    let mut out = format!(
        "/** How a new sync writes records. */\nexport type SyncOperationInput = {};\n\
         /** The legacy schedule's frequency. */\nexport type ScheduleFrequency = {};\n\
         /** A weekday name. */\nexport type Weekday = {};\n\
         /** Whether new source columns are mapped automatically. */\nexport type FieldBehavior = {};\n\
         /** How `sync_all_properties` names new fields. */\nexport type FieldNormalization = {};\n\
         /** How a mapping writes an array field. */\nexport type MappingOperation = {};\n\
         /** A mapping's source as a new sync takes it: a column name, a constant (`{{ value, type }}`, or `{{ value, basic_type }}` as reads show it), or today's typed form. */\n\
         export type MappingFromInput = string | {{ value: JsonValue; type: {} }} | {{ value: JsonValue; basic_type: string }} | {{ type: {}; data: JsonValue }};\n\
         /** A mapping's source as the API sends it: a column name, a constant (`basic_type`), or today's typed form. */\n\
         export type MappingFrom = string | {{ value: JsonValue; basic_type?: string; type?: string }} | {{ type: string; data: JsonValue }};\n\
         /**\n * Where a new sync reads: the source's `connection_id`, and what it reads in one form, never\n * both (the client refuses both, and neither): `data_source` (document 003's) or `object`\n * (today's). The other form may be written as `null` or `undefined`.\n */\n\
         export type SyncSourceInput =\n  | {{ /** The source's id. */ connection_id: number; /** What it reads, in document 003's form. */ data_source: SyncDataSourceInput; object?: null | undefined }}\n  | {{ /** The source's id. */ connection_id: number; /** What it reads, in today's form (`{{ type, id }}`, `{{ type: 'table', table_name, … }}`). */ object: SyncSourceObjectInput; data_source?: null | undefined }};\n\
         /** What a new sync reads, in today's form: its type and id, or a table by its names. */\n\
         export type SyncSourceObjectInput = {{ type: string; id: number | string; [member: string]: JsonValue }} | {{ type: 'table'; table_name: string; table_schema?: string | undefined; table_catalog?: string | undefined }};\n\
         /** What a new sync reads, in document 003's form: by id, a model or segment by name, or a table by its names. */\n\
         export type SyncDataSourceInput = {{ id: number; type?: {} | undefined }} | {{ type: 'model' | 'segment'; name: string }} | {{ type: 'table'; table_name: string; table_schema?: string | undefined; table_catalog?: string | undefined }};\n\
         /** Today's schedule form. */\nexport interface SyncModeInput {{\n  type: {};\n  /** What triggers a `triggered` sync. */\n  triggers?: SyncTriggers | undefined;\n}}\n",
        ts_union(OPERATIONS),
        ts_union(FREQUENCIES),
        ts_union(WEEKDAYS),
        ts_union(FIELD_BEHAVIORS),
        ts_union(NORMALIZATIONS),
        ts_union(ARRAY_OPERATIONS),
        ts_union(CONSTANT_TYPES),
        ts_union(FROM_TYPES),
        ts_union(DATA_SOURCE_TYPES),
        ts_union(MODE_TYPES),
    );
    out.push_str(&triggers_typescript());
    out.push_str(&rules_typescript());
    out
}

/// `SyncTriggers`: a member for each of [`TRIGGERS`], with the ids its checks require.
fn triggers_typescript() -> String {
    let members: String = TRIGGERS
        .iter()
        .map(|name| {
            let ts = match *name {
                "dbt_cloud" => "{ project_id: string | number; job_id: string | number }",
                "fivetran" => "{ job_id: string | number; job_name?: string | undefined }",
                "sync_sequence" => "{ sync_id: number }",
                _ => "JsonObject",
            };
            format!("  {name}?: {ts} | null | undefined;\n")
        })
        .collect();
    format!(
        "/** The triggers of a `triggered` sync; the ids Census needs for each. */\nexport interface SyncTriggers {{\n{members}}}\n"
    )
}

/// `CreateSyncInput` and `UpdateSyncInput`: `SyncInputFields` under the rules between members
/// that the checks make, as unions whose other members are `null` or `undefined`, as the
/// checks take them: the schedule in one form ([`one_schedule_form`], over
/// [`LEGACY_SCHEDULE`]); a cron expression only with [`EXPRESSION`] or no frequency, and (a new
/// sync's) that frequency only with one; `field_normalization` only with [`ALL_PROPERTIES`]
/// (given, for a new sync; a patch may rely on the sync's own). A patch's rules are those of
/// `CHECKS`, a new sync's those and `CREATE_CHECKS`.
///
/// Where a member refuses a value that another member takes (`mode` beside the legacy
/// schedule, `field_normalization` beside another `field_behavior`), it declares that value as
/// `Refused<rule>` rather than leaving it out: tsc picks the member an object literal's other
/// members match to type its values, and with only `null | undefined` there it widened `'live'`
/// and `'snake_case'` to `string`, then reported them as missing from their own lists
/// (`Type 'string' is not assignable to type '"start_case" | … | "snake_case" | …'`). Typed
/// against `Refused`, they stay literals and the error names the member and its rule.
fn rules_typescript() -> String {
    let no_legacy: String = LEGACY_SCHEDULE
        .iter()
        .map(|name| format!("; {name}?: null | undefined"))
        .collect();
    let expression = format!("'{EXPRESSION}'");
    let no_mode = "mode?: (SyncModeInput & Refused<'not with schedule_* or cron_expression'>) | null | undefined";
    let schedule = |other: &str| {
        format!(
            "  | {{ mode: SyncModeInput{no_legacy} }}\n  | {{ {no_mode}; schedule_frequency?: {expression} | null | undefined; cron_expression: string }}\n  | {{ {no_mode}; schedule_frequency?: {other} | null | undefined; cron_expression?: null | undefined }};\n"
        )
    };
    let normalization = |behavior: &str| {
        format!(
            "  | {{ field_normalization?: (FieldNormalization & Refused<\"only with field_behavior: '{ALL_PROPERTIES}'\">) | null | undefined }}\n  | {{ field_behavior{behavior}; field_normalization: FieldNormalization }};\n"
        )
    };
    format!(
        "/**\n * `createSync`'s input, the body of `POST /syncs`: the members of `SyncInputFields` under the\n * rules between them that the client checks before sending, the schedule in one form\n * (`SyncScheduleInput`) and `field_normalization` only with `sync_all_properties`\n * (`SyncFieldNormalizationInput`). What a type cannot state (at least one mapping and exactly\n * one primary identifier, an hour's range, a cron expression's fields) is checked when called,\n * naming the member.\n */\n\
         export type CreateSyncInput = SyncInputFields & SyncScheduleInput & SyncFieldNormalizationInput;\n\
         /**\n * `updateSync`'s patch: any members of `SyncInputFields`, at least one, under the rules a\n * patch shares with a create (`SyncSchedulePatch`, `SyncFieldNormalizationPatch`), where the\n * sync's own members stand for those it leaves out. Top-level members given replace the\n * sync's; a nested object (`source_attributes`, `destination_attributes`, `mode`) or `mappings`\n * must be sent whole, as the API requires: what it leaves out is lost.\n */\n\
         export type UpdateSyncInput = NonEmptyPatch<SyncInputFields> & SyncSchedulePatch & SyncFieldNormalizationPatch;\n\
         /**\n * A new sync's schedule in one form, or none (the client refuses both): today's `mode`, or the\n * legacy `schedule_*` members and `cron_expression`; the other form may be written as `null`\n * or `undefined`. A `cron_expression` goes with the `{EXPRESSION}` frequency or none, and\n * that frequency needs one.\n */\n\
         export type SyncScheduleInput =\n{}\
         /**\n * A patch's schedule: as `SyncScheduleInput`, but `schedule_frequency: {expression}` may come\n * without a `cron_expression`, relying on the sync's own.\n */\n\
         export type SyncSchedulePatch =\n{}\
         /**\n * `field_normalization` names the fields that `{ALL_PROPERTIES}` maps automatically, so a\n * new sync takes it only with that `field_behavior`.\n */\n\
         export type SyncFieldNormalizationInput =\n{}\
         /**\n * A patch's `field_normalization`: with `field_behavior: '{ALL_PROPERTIES}'`, or with none,\n * relying on the sync's own.\n */\n\
         export type SyncFieldNormalizationPatch =\n{}\
         /**\n * A value a member of `SyncScheduleInput` or `SyncFieldNormalizationInput` (and their patch forms)\n * refuses under the rule it names, which tsc's error then quotes. No value has this type.\n */\n\
         export interface Refused<Rule extends string> {{\n  readonly [refused]: Rule;\n}}\n\
         declare const refused: unique symbol;\n",
        schedule(&format!("Exclude<ScheduleFrequency, {expression}>")),
        schedule("ScheduleFrequency"),
        normalization(&format!(": '{ALL_PROPERTIES}'")),
        normalization(&format!("?: '{ALL_PROPERTIES}' | null | undefined")),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // test code
    use super::*;

    /// Each trigger of `SyncTriggers` declares, not optional, every id the client requires of
    /// it before sending (the `mode.triggers.*` checks).
    #[test]
    fn each_trigger_requires_in_typescript_what_the_client_requires() {
        let ts = triggers_typescript();
        let mut seen = 0;
        for check in CHECKS {
            let (Some(rest), Test::Required) =
                (check.path.strip_prefix("mode.triggers."), check.test)
            else {
                continue;
            };
            let (trigger, member) = rest.split_once('.').expect("a trigger's member");
            let declared = ts
                .lines()
                .find(|line| line.starts_with(&format!("  {trigger}?: ")))
                .unwrap_or_else(|| panic!("SyncTriggers declares {trigger}"));
            assert!(
                declared.contains(&format!("{{ {member}: "))
                    || declared.contains(&format!("; {member}: ")),
                "SyncTriggers' {trigger} requires {member}: {declared}"
            );
            seen += 1;
        }
        assert_eq!(seen, 4, "the checks require four ids");
    }
}
