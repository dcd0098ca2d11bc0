//! The body of `POST /syncs` (and the merged body of `PATCH /syncs/{id}`) read and checked
//! against the workspace, as document 003 describes it. The first problem found is a 422
//! `{"status": "error", "message": "<field path>: <problem>"}`, the path as a client writes it
//! (`mappings[1].from`, `source_attributes.data_source.id`). Members the API takes that this
//! server does not act on ([`KEPT`]: alerts, `mirror_strategy`, …) are checked as the
//! client types them and kept as given, so reads show them back; other unknown members are
//! ignored.

use std::fmt::Display;

use census_core::models::JsonObject;
use census_core::syncs::{
    DestinationField, DestinationObject, Mapping, MappingFrom, Sync, SyncDestination,
    SyncOperation, SyncSource,
};
use serde_json::Value;

use crate::clock::iso8601;
use crate::connectors::{Identifier, connector};
use crate::objects::Column;
use crate::outbound::{DestinationRecord, SyncRecord};
use crate::store::Store;
use crate::timeline::{Failure, Outcome};

/// A 422 naming the field at `path`.
fn invalid(path: impl Display, problem: impl Display) -> crate::http::ApiError {
    crate::http::ApiError::unprocessable(format!("{path}: {problem}"))
}

type Checked<T> = Result<T, crate::http::ApiError>;

/// `key` of `object` unless absent or null.
fn present<'a>(object: &'a JsonObject, key: &str) -> Option<&'a Value> {
    object.get(key).filter(|value| !value.is_null())
}

fn optional_bool(object: &JsonObject, key: &str, path: &str) -> Checked<Option<bool>> {
    match present(object, key) {
        None => Ok(None),
        Some(Value::Bool(flag)) => Ok(Some(*flag)),
        Some(_) => Err(invalid(path, "must be a boolean")),
    }
}

fn optional_string<'a>(object: &'a JsonObject, key: &str, path: &str) -> Checked<Option<&'a str>> {
    match present(object, key) {
        None => Ok(None),
        Some(Value::String(text)) if !text.trim().is_empty() => Ok(Some(text)),
        Some(_) => Err(invalid(path, "must be a non-empty string")),
    }
}

/// One of `allowed`, or a 422 listing them.
fn one_of<'a>(value: &'a Value, allowed: &[&str], path: &str) -> Checked<&'a str> {
    value
        .as_str()
        .filter(|text| allowed.contains(text))
        .ok_or_else(|| invalid(path, format!("must be one of {}", allowed.join(", "))))
}

/// An integer from `min` to `max`.
fn number_in(value: &Value, min: u64, max: u64, path: &str) -> Checked<u32> {
    value
        .as_u64()
        .filter(|n| (min..=max).contains(n))
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| invalid(path, format!("must be an integer from {min} to {max}")))
}

const FREQUENCIES: &[&str] = &[
    "never",
    "continuous",
    "quarter_hourly",
    "hourly",
    "daily",
    "weekly",
    "expression",
];
const WEEKDAYS: &[&str] = &[
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const FIELD_BEHAVIORS: &[&str] = &["specific_properties", "sync_all_properties"];
const FIELD_NORMALIZATIONS: &[&str] = &[
    "start_case",
    "lower_case",
    "upper_case",
    "camel_case",
    "snake_case",
    "match_source_names",
];
const CONSTANT_TYPES: &[&str] = &["boolean", "datetime", "number", "text"];
const FROM_TYPES: &[&str] = &[
    "column",
    "constant_value",
    "sync_metadata",
    "segment_membership",
    "liquid_template",
];
const TRIGGERS: &[&str] = &["schedule", "dbt_cloud", "fivetran", "sync_sequence"];
/// The legacy flat schedule members.
pub const LEGACY_SCHEDULE: &[&str] = &[
    "schedule_frequency",
    "schedule_day",
    "schedule_hour",
    "schedule_minute",
    "cron_expression",
];

/// Members of a sync the API takes and shows back (CENSUS-SURFACE.md, "Mappings") but this
/// server does not act on: each is checked as the client's `SyncInput` types it, then stored
/// as given and shown on reads. A patch replaces one whole; null removes it. A create without
/// alerts gets the default ones ([`default_alerts`]), and every alert stored gets an `id`
/// ([`Valid::number_alerts`]).
pub const KEPT: &[(&str, Kept)] = &[
    ("alert_attributes", Kept::Objects),
    ("high_water_mark_attributes", Kept::Object),
    ("mirror_strategy", Kept::Text),
    ("field_order", Kept::Text),
];

/// The alerts a sync created without `alert_attributes` (or with null) gets, as Census adds
/// default alerts then (CENSUS-SURFACE.md, from the Terraform provider's 0.2.9 changelog; an
/// empty list asks for none, and an update leaves the alerts alone unless it gives them).
/// Which alerts Census adds is not documented: this is one alert of the type the API
/// reference lists as having no options (`FailureAlertConfiguration`, DG fetch-sync), so that
/// no option value is made up. Like every stored alert it gets an `id` when stored
/// ([`Valid::number_alerts`]).
pub fn default_alerts() -> Value {
    serde_json::json!([{"type": "FailureAlertConfiguration"}])
}

/// The JSON form a [`KEPT`] member must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// An array of objects (each alert is `{type, …}`).
    Objects,
    /// An object.
    Object,
    /// A string.
    Text,
}

/// The [`KEPT`] members of `body` that are given (not null), checked.
fn kept_members(body: &JsonObject) -> Checked<JsonObject> {
    let mut kept = JsonObject::new();
    for &(key, form) in KEPT {
        let Some(value) = present(body, key) else {
            continue;
        };
        match (form, value) {
            (Kept::Objects, Value::Array(items)) => {
                if let Some(at) = items.iter().position(|item| !item.is_object()) {
                    return Err(invalid(format!("{key}[{at}]"), "must be an object"));
                }
            }
            (Kept::Objects, _) => return Err(invalid(key, "must be an array of objects")),
            (Kept::Object, Value::Object(_)) | (Kept::Text, Value::String(_)) => {}
            (Kept::Object, _) => return Err(invalid(key, "must be an object")),
            (Kept::Text, _) => return Err(invalid(key, "must be a string")),
        }
        kept.insert(key.to_owned(), value.clone());
    }
    Ok(kept)
}

/// Checks the `id`s the alerts of `kept` give: each names one of the alerts sync `this`
/// has now (a new sync has none), at most once. An alert without one is a new alert.
fn alert_ids(kept: &JsonObject, store: &Store, this: Option<u64>) -> Checked<()> {
    let Some(Value::Array(alerts)) = kept.get("alert_attributes") else {
        return Ok(());
    };
    let current: Vec<u64> = this
        .and_then(|id| store.outbound.syncs.get(&id))
        .map(|record| crate::outbound::alert_ids(&record.sync).collect())
        .unwrap_or_default();
    let mut seen = Vec::new();
    for (at, alert) in alerts.iter().enumerate() {
        let Some(given) = alert.as_object().and_then(|alert| present(alert, "id")) else {
            continue;
        };
        let path = format!("alert_attributes[{at}].id");
        let id = given.as_u64().filter(|id| *id > 0).ok_or_else(|| {
            invalid(
                &path,
                "must be a positive integer (leave it out for a new alert)",
            )
        })?;
        if !current.contains(&id) {
            let whose = match this {
                Some(sync) => format!("sync {sync} has no alert {id}"),
                None => format!("a new sync has no alert {id}"),
            };
            return Err(invalid(
                &path,
                format!("{whose}; leave id out for a new alert"),
            ));
        }
        if seen.contains(&id) {
            return Err(invalid(&path, format!("alert {id} is given twice")));
        }
        seen.push(id);
    }
    Ok(())
}

/// When a sync runs.
#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    /// The legacy flat fields.
    Legacy {
        frequency: String,
        day: Option<String>,
        hour: Option<u32>,
        minute: Option<u32>,
        cron: Option<String>,
    },
    /// `mode: {type: live | triggered, triggers?}`, kept as sent.
    Mode(JsonObject),
}

/// A body that passed every check: what a sync is made of.
#[derive(Debug, Clone)]
pub struct Valid {
    pub label: Option<String>,
    pub operation: SyncOperation,
    pub paused: bool,
    pub schedule: Schedule,
    pub trigger_on_dbt_cloud_rebuild: bool,
    pub field_behavior: String,
    pub field_normalization: Option<String>,
    pub source: SyncSource,
    pub destination: SyncDestination,
    pub mappings: Vec<Mapping>,
    /// The [`KEPT`] members given, as given.
    pub kept: JsonObject,
    /// How the sync's runs end (see [`outcome`]).
    pub outcome: Outcome,
}

impl Valid {
    /// Gives each alert without an `id` the next one `take` hands out, so that every stored
    /// alert has one. Census's alerts carry an integer `id` it assigns (its Terraform
    /// provider reads it back as computed, `census/client/sync.go`); the API reference's
    /// examples leave it out and no document says how an update treats it. Here an alert
    /// given with an `id` is that alert kept ([`check`] refused ids the sync does not have),
    /// and one without is a new alert.
    pub fn number_alerts(&mut self, mut take: impl FnMut() -> u64) {
        let Some(Value::Array(alerts)) = self.kept.get_mut("alert_attributes") else {
            return;
        };
        for alert in alerts {
            if let Value::Object(alert) = alert
                && present(alert, "id").is_none()
            {
                alert.insert("id".to_owned(), take().into());
            }
        }
    }

    /// The sync `id`, created at `created_ms` and last changed at `updated_ms`, as stored
    /// (its `status` is filled in when shown).
    pub fn into_record(self, id: u64, created_ms: i64, updated_ms: i64) -> SyncRecord {
        let outcome = self.outcome.clone();
        SyncRecord {
            sync: self.into_sync(id, created_ms, updated_ms),
            created_ms,
            outcome,
        }
    }

    /// The sync, as [`Valid::into_record`] stores it.
    fn into_sync(self, id: u64, created_ms: i64, updated_ms: i64) -> Sync {
        let (frequency, day, hour, minute, cron, mode) = match self.schedule {
            Schedule::Legacy {
                frequency,
                day,
                hour,
                minute,
                cron,
            } => (Some(frequency), day, hour, minute, cron, None),
            Schedule::Mode(mode) => (None, None, None, None, None, Some(mode)),
        };
        Sync {
            id,
            label: self.label,
            operation: self.operation,
            status: None,
            paused: Some(self.paused),
            schedule_frequency: frequency,
            schedule_day: day.map(Value::from),
            schedule_hour: hour,
            schedule_minute: minute,
            cron_expression: cron,
            mode,
            created_at: Some(iso8601(created_ms)),
            updated_at: Some(iso8601(updated_ms)),
            trigger_on_dbt_cloud_rebuild: Some(self.trigger_on_dbt_cloud_rebuild),
            field_behavior: Some(self.field_behavior),
            field_normalization: self.field_normalization,
            // Document 003 shows it at the top level of a read sync as well.
            lead_union_insert_to: self.destination.lead_union_insert_to.clone(),
            source_attributes: Some(self.source),
            destination_attributes: Some(self.destination),
            mappings: Some(self.mappings),
            alert_attributes: kept(&self.kept, "alert_attributes"),
            high_water_mark_attributes: kept(&self.kept, "high_water_mark_attributes"),
            mirror_strategy: kept(&self.kept, "mirror_strategy"),
            field_order: kept(&self.kept, "field_order"),
        }
    }
}

/// The member `key` of the [`KEPT`] members given, as the model types it (their forms were
/// checked by [`kept_members`]).
fn kept<T: serde::de::DeserializeOwned>(given: &JsonObject, key: &str) -> Option<T> {
    given
        .get(key)
        .and_then(|value| serde_json::from_value(value.clone()).ok())
}

/// Checks a whole sync body against `store`. `this` is the sync being patched, which a
/// `sync_sequence` trigger may not name.
pub fn check(body: &JsonObject, store: &Store, this: Option<u64>) -> Checked<Valid> {
    let label = match body.get("label") {
        None | Some(Value::Null) => None,
        Some(Value::String(label)) => Some(label.clone()),
        Some(_) => return Err(invalid("label", "must be a string or null")),
    };
    let operation = match body.get("operation") {
        Some(value) => SyncOperation::from_wire(one_of(value, SyncOperation::KNOWN, "operation")?),
        None => {
            return Err(invalid(
                "operation",
                format!("is required ({})", SyncOperation::KNOWN.join(", ")),
            ));
        }
    };
    let paused = optional_bool(body, "paused", "paused")?.unwrap_or(false);
    let trigger_on_dbt_cloud_rebuild = optional_bool(
        body,
        "trigger_on_dbt_cloud_rebuild",
        "trigger_on_dbt_cloud_rebuild",
    )?
    .unwrap_or(false);
    let field_behavior = match present(body, "field_behavior") {
        None => "specific_properties",
        Some(value) => one_of(value, FIELD_BEHAVIORS, "field_behavior")?,
    };
    let field_normalization = match present(body, "field_normalization") {
        None => None,
        Some(_) if field_behavior != "sync_all_properties" => {
            return Err(invalid(
                "field_normalization",
                "only applies with field_behavior sync_all_properties",
            ));
        }
        Some(value) => Some(one_of(value, FIELD_NORMALIZATIONS, "field_normalization")?.to_owned()),
    };
    let kept = kept_members(body)?;
    alert_ids(&kept, store, this)?;
    let schedule = schedule(body, store, this)?;
    let (source, columns) = source_attributes(body, store)?;
    let (destination, record, object, identifier) = destination_attributes(body, store)?;
    let supported = object.supported_operations.as_deref().unwrap_or_default();
    if !supported.iter().any(|op| op == operation.as_str()) {
        return Err(invalid(
            "operation",
            format!(
                "object {:?} does not support {} syncs (supported: {})",
                object.full_name,
                operation.as_str(),
                supported.join(", ")
            ),
        ));
    }
    let mappings = mappings(body, &columns, record, object, identifier, &operation)?;
    let outcome = outcome(&mappings, &columns, object);
    Ok(Valid {
        label,
        operation,
        paused,
        schedule,
        trigger_on_dbt_cloud_rebuild,
        field_behavior: field_behavior.to_owned(),
        field_normalization,
        source,
        destination,
        mappings,
        kept,
        outcome,
    })
}

// ---------------------------------------------------------------- schedules

fn schedule(body: &JsonObject, store: &Store, this: Option<u64>) -> Checked<Schedule> {
    let legacy_given = LEGACY_SCHEDULE
        .iter()
        .any(|key| present(body, key).is_some());
    match present(body, "mode") {
        Some(_) if legacy_given => Err(invalid(
            "mode",
            "give either mode or the legacy schedule_* fields, not both",
        )),
        Some(Value::Object(mode)) => {
            check_mode(mode, store, this)?;
            Ok(Schedule::Mode(mode.clone()))
        }
        Some(_) => Err(invalid("mode", "must be an object {type, triggers}")),
        None => legacy_schedule(body, ""),
    }
}

/// The flat schedule fields of `object` (a body, or a `schedule` trigger whose keys lack the
/// `schedule_` prefix), named under `prefix`.
fn legacy_schedule(object: &JsonObject, prefix: &str) -> Checked<Schedule> {
    let key = |name: &str| {
        if prefix.is_empty() {
            format!("schedule_{name}")
        } else {
            name.to_owned()
        }
    };
    let path = |name: &str| format!("{prefix}{}", key(name));
    let cron_path = format!("{prefix}cron_expression");
    let cron = optional_string(object, "cron_expression", &cron_path)?;
    let frequency = match present(object, &key("frequency")) {
        Some(value) => one_of(value, FREQUENCIES, &path("frequency"))?,
        None if cron.is_some() => "expression",
        None => "never",
    };
    let mut day = match present(object, &key("day")) {
        None => None,
        Some(value) => Some(weekday(value).ok_or_else(|| {
            invalid(
                path("day"),
                "must be a weekday name such as Monday (Sunday to Saturday)",
            )
        })?),
    };
    let mut hour = present(object, &key("hour"))
        .map(|value| number_in(value, 0, 24, &path("hour")))
        .transpose()?;
    let mut minute = present(object, &key("minute"))
        .map(|value| number_in(value, 0, 59, &path("minute")))
        .transpose()?;
    match (frequency, cron) {
        ("expression", None) => {
            return Err(invalid(
                cron_path,
                "is required when the frequency is expression",
            ));
        }
        ("expression", Some(cron)) => {
            // The API echoes the day, hour and minute a cron expression fixes (OTF 0.2.8).
            let fixed = cron_fields(cron).map_err(|problem| invalid(&cron_path, problem))?;
            minute = fixed.minute.or(minute);
            hour = fixed.hour.or(hour);
            day = fixed.day.map(str::to_owned).or(day);
        }
        (_, Some(_)) => {
            return Err(invalid(
                cron_path,
                format!("is only used when the frequency is expression, not {frequency}"),
            ));
        }
        (_, None) => {}
    }
    Ok(Schedule::Legacy {
        frequency: frequency.to_owned(),
        day,
        hour,
        minute,
        cron: cron.map(str::to_owned),
    })
}

/// A weekday name in any case, as the API spells it.
fn weekday(value: &Value) -> Option<String> {
    let name = value.as_str()?;
    WEEKDAYS
        .iter()
        .find(|day| day.eq_ignore_ascii_case(name.trim()))
        .map(|day| (*day).to_owned())
}

/// What a valid cron expression fixes.
struct CronFixed {
    minute: Option<u32>,
    hour: Option<u32>,
    day: Option<&'static str>,
}

/// Checks a five-field cron expression (minute, hour, day of month, month, day of week; UTC),
/// each field `*`, a value, a range or a list, with an optional `/step`; months and weekdays
/// may be named (`JAN`, `MON`).
fn cron_fields(cron: &str) -> Result<CronFixed, String> {
    const MONTHS: &[&str] = &[
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    const DAYS: &[&str] = &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    let fields: Vec<&str> = cron.split_whitespace().collect();
    let [minute, hour, day_of_month, month, day_of_week] = fields.as_slice() else {
        return Err(format!(
            "must have 5 fields (minute hour day-of-month month day-of-week), got {}",
            fields.len()
        ));
    };
    /// One field: its name, its text, its range, and its value names (the first worth `first`).
    struct Field<'a> {
        name: &'a str,
        text: &'a str,
        min: u32,
        max: u32,
        names: &'a [&'a str],
        first: u32,
    }
    let field = |name, text, min, max| Field {
        name,
        text,
        min,
        max,
        names: &[],
        first: 0,
    };
    let specs = [
        field("minute", minute, 0, 59),
        field("hour", hour, 0, 23),
        field("day of month", day_of_month, 1, 31),
        Field {
            names: MONTHS,
            first: 1,
            ..field("month", month, 1, 12)
        },
        Field {
            names: DAYS,
            ..field("day of week", day_of_week, 0, 7)
        },
    ];
    for Field {
        name,
        text,
        min,
        max,
        names,
        first,
    } in specs
    {
        let value = |part: &str| -> Option<u32> {
            part.parse::<u32>()
                .ok()
                .or_else(|| {
                    names
                        .iter()
                        .position(|n| n.eq_ignore_ascii_case(part))
                        .and_then(|at| u32::try_from(at).ok())
                        .map(|at| at + first)
                })
                .filter(|n| (min..=max).contains(n))
        };
        let valid = text.split(',').all(|item| {
            let (range, step) = match item.split_once('/') {
                Some((range, step)) => (range, Some(step)),
                None => (item, None),
            };
            let step_ok = step.is_none_or(|step| step.parse::<u32>().is_ok_and(|s| s >= 1));
            let range_ok = range == "*"
                || match range.split_once('-') {
                    Some((low, high)) => value(low)
                        .zip(value(high))
                        .is_some_and(|(low, high)| low <= high),
                    None => value(range).is_some(),
                };
            step_ok && range_ok
        });
        if !valid {
            return Err(format!(
                "the {name} field {text:?} is not *, a value from {min} to {max}, a range or a list"
            ));
        }
    }
    let plain = |text: &str| text.parse::<u32>().ok();
    let day = plain(day_of_week)
        .or_else(|| {
            DAYS.iter()
                .position(|n| n.eq_ignore_ascii_case(day_of_week))
                .and_then(|at| u32::try_from(at).ok())
        })
        .and_then(|n| WEEKDAYS.get(usize::try_from(n % 7).ok()?).copied());
    Ok(CronFixed {
        minute: plain(minute),
        hour: plain(hour),
        day,
    })
}

fn check_mode(mode: &JsonObject, store: &Store, this: Option<u64>) -> Checked<()> {
    let kind = match present(mode, "type") {
        Some(value) => one_of(value, &["live", "triggered"], "mode.type")?,
        None => return Err(invalid("mode.type", "is required (live or triggered)")),
    };
    let triggers = match present(mode, "triggers") {
        None => return Ok(()),
        Some(Value::Object(triggers)) => triggers,
        Some(_) => return Err(invalid("mode.triggers", "must be an object")),
    };
    if kind == "live" && triggers.values().any(|v| !v.is_null()) {
        return Err(invalid(
            "mode.triggers",
            "live syncs run continuously and take no triggers",
        ));
    }
    for (name, trigger) in triggers {
        let path = format!("mode.triggers.{name}");
        if !TRIGGERS.contains(&name.as_str()) {
            return Err(invalid(
                path,
                format!("is not a trigger ({})", TRIGGERS.join(", ")),
            ));
        }
        let trigger = match trigger {
            Value::Null => continue,
            Value::Object(trigger) => trigger,
            _ => return Err(invalid(path, "must be an object")),
        };
        let id = |key: &str| -> Checked<()> {
            match present(trigger, key) {
                Some(Value::String(text)) if !text.trim().is_empty() => Ok(()),
                Some(Value::Number(number)) if number.is_u64() => Ok(()),
                _ => Err(invalid(
                    format!("{path}.{key}"),
                    "is required: a non-empty string or a whole number",
                )),
            }
        };
        match name.as_str() {
            "schedule" => {
                if present(trigger, "frequency").is_none()
                    && present(trigger, "cron_expression").is_none()
                {
                    return Err(invalid(
                        format!("{path}.frequency"),
                        format!("is required ({})", FREQUENCIES.join(", ")),
                    ));
                }
                legacy_schedule(trigger, &format!("{path}."))?;
            }
            "dbt_cloud" => {
                id("project_id")?;
                id("job_id")?;
            }
            "fivetran" => id("job_id")?,
            _ => {
                let sync_id = present(trigger, "sync_id").and_then(Value::as_u64);
                match sync_id {
                    Some(id) if Some(id) == this => {
                        return Err(invalid(
                            format!("{path}.sync_id"),
                            "a sync cannot follow itself",
                        ));
                    }
                    Some(id) if store.outbound.syncs.contains_key(&id) => {}
                    Some(id) => {
                        return Err(invalid(
                            format!("{path}.sync_id"),
                            format!("no sync has id {id}"),
                        ));
                    }
                    None => {
                        return Err(invalid(
                            format!("{path}.sync_id"),
                            "is required: the id of the sync to follow",
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- source and destination

/// `source_attributes`: the source and the table or model read, described as the API shows
/// it back, with the columns mappings may read.
fn source_attributes(body: &JsonObject, store: &Store) -> Checked<(SyncSource, Vec<Column>)> {
    let attributes = match present(body, "source_attributes") {
        Some(Value::Object(attributes)) => attributes,
        _ => {
            return Err(invalid(
                "source_attributes",
                "must be an object {connection_id, data_source}",
            ));
        }
    };
    let id = present(attributes, "connection_id")
        .and_then(Value::as_u64)
        .ok_or_else(|| {
            invalid(
                "source_attributes.connection_id",
                "must be the id of a source",
            )
        })?;
    let record = store.sources.get(&id).ok_or_else(|| {
        invalid(
            "source_attributes.connection_id",
            format!("no source has id {id}"),
        )
    })?;
    // Document 003's `data_source`, or today's `object`: the same description either way.
    let (form, data_source) = match (
        present(attributes, "data_source"),
        present(attributes, "object"),
    ) {
        (Some(Value::Object(data_source)), None) => ("data_source", data_source),
        (None, Some(Value::Object(object))) => ("object", object),
        (Some(_), Some(_)) => {
            return Err(invalid(
                "source_attributes.object",
                "give data_source or object, not both",
            ));
        }
        _ => {
            return Err(invalid(
                "source_attributes.data_source",
                "must be an object: {id}, {type: model, name} or {type: table, table_name, \
                 table_schema, table_catalog} (or give it as object)",
            ));
        }
    };
    let path = &format!("source_attributes.{form}");
    let kind = match present(data_source, "type") {
        None => None,
        Some(value) => Some(one_of(value, &["table", "model"], &format!("{path}.type"))?),
    };
    let objects = &record.objects;
    let found = if let Some(value) = present(data_source, "id") {
        let wanted = value
            .as_u64()
            .ok_or_else(|| invalid(format!("{path}.id"), "must be a whole number"))?;
        let table = objects.tables.iter().find(|t| t.id == wanted);
        let model = objects.models.iter().find(|m| m.id == wanted);
        match (kind, table, model) {
            (None | Some("table"), Some(table), _) => Described::Table(table),
            (None | Some("model"), _, Some(model)) => Described::Model(model),
            _ => {
                return Err(invalid(
                    format!("{path}.id"),
                    format!(
                        "source {id} has no {} with id {wanted}",
                        kind.unwrap_or("table or model")
                    ),
                ));
            }
        }
    } else {
        match kind {
            None => {
                return Err(invalid(
                    format!("{path}.type"),
                    "is required without an id (table or model)",
                ));
            }
            Some("model") => {
                let name = optional_string(data_source, "name", &format!("{path}.name"))?
                    .ok_or_else(|| invalid(format!("{path}.name"), "is required for a model"))?;
                Described::Model(objects.models.iter().find(|m| m.name == name).ok_or_else(
                    || {
                        invalid(
                            format!("{path}.name"),
                            format!("source {id} has no model named {name:?}"),
                        )
                    },
                )?)
            }
            Some(_) => {
                let name =
                    optional_string(data_source, "table_name", &format!("{path}.table_name"))?
                        .ok_or_else(|| {
                            invalid(format!("{path}.table_name"), "is required for a table")
                        })?;
                let schema =
                    optional_string(data_source, "table_schema", &format!("{path}.table_schema"))?;
                let catalog = optional_string(
                    data_source,
                    "table_catalog",
                    &format!("{path}.table_catalog"),
                )?;
                let matching: Vec<_> = objects
                    .tables
                    .iter()
                    .filter(|t| t.name == name)
                    .filter(|t| schema.is_none_or(|s| t.schema == s))
                    .filter(|t| catalog.is_none_or(|c| t.catalog == c))
                    .collect();
                match matching.as_slice() {
                    [table] => Described::Table(table),
                    [] => {
                        return Err(invalid(
                            format!("{path}.table_name"),
                            format!("source {id} has no such table {name:?}"),
                        ));
                    }
                    _ => {
                        return Err(invalid(
                            format!("{path}.table_schema"),
                            format!(
                                "source {id} has several tables named {name:?}; give \
                                 table_schema and table_catalog"
                            ),
                        ));
                    }
                }
            }
        }
    };
    let (described, columns) = found.describe();
    // Shown back in the form it was given in.
    let (data_source, object) = if form == "object" {
        (None, Some(described))
    } else {
        (Some(described), None)
    };
    Ok((
        SyncSource {
            connection_id: Some(id),
            data_source,
            object,
        },
        columns,
    ))
}

/// The table or model a sync reads.
enum Described<'a> {
    Table(&'a crate::objects::Table),
    Model(&'a crate::objects::Model),
}

impl Described<'_> {
    /// The `data_source` a read sync shows (document 003 shows a model whole) and the columns.
    fn describe(&self) -> (JsonObject, Vec<Column>) {
        let mut out = JsonObject::new();
        let mut put = |key: &str, value: Value| {
            out.insert(key.to_owned(), value);
        };
        match self {
            Self::Table(table) => {
                put("type", "table".into());
                put("id", table.id.into());
                put("table_catalog", table.catalog.clone().into());
                put("table_schema", table.schema.clone().into());
                put("table_name", table.name.clone().into());
                (out, table.columns.clone())
            }
            Self::Model(model) => {
                put("type", "model".into());
                put("id", model.id.into());
                put("name", model.name.clone().into());
                put("created_at", iso8601(model.created_ms).into());
                put("updated_at", iso8601(model.updated_ms).into());
                put("query", model.query.clone().into());
                (out, model.columns.clone())
            }
        }
    }
}

/// `destination_attributes`: the destination and the object written, with whether the
/// destination's type needs a primary identifier.
fn destination_attributes<'a>(
    body: &JsonObject,
    store: &'a Store,
) -> Checked<(
    SyncDestination,
    &'a DestinationRecord,
    &'a DestinationObject,
    Identifier,
)> {
    let attributes = match present(body, "destination_attributes") {
        Some(Value::Object(attributes)) => attributes,
        _ => {
            return Err(invalid(
                "destination_attributes",
                "must be an object {connection_id, object}",
            ));
        }
    };
    let id = present(attributes, "connection_id")
        .and_then(Value::as_u64)
        .ok_or_else(|| {
            invalid(
                "destination_attributes.connection_id",
                "must be the id of a destination",
            )
        })?;
    let record = store.outbound.destinations.get(&id).ok_or_else(|| {
        invalid(
            "destination_attributes.connection_id",
            format!("no destination has id {id}"),
        )
    })?;
    let name = match present(attributes, "object") {
        Some(Value::String(name)) if !name.is_empty() => name,
        _ => {
            return Err(invalid(
                "destination_attributes.object",
                "must be the full name of an object of the destination",
            ));
        }
    };
    let object = record.object(name).ok_or_else(|| {
        invalid(
            "destination_attributes.object",
            format!("destination {id} has no object {name:?}"),
        )
    })?;
    // Document 003 puts it here when creating, and at the top level of a read sync.
    let lead_union = match present(attributes, "lead_union_insert_to") {
        Some(_) => optional_string(
            attributes,
            "lead_union_insert_to",
            "destination_attributes.lead_union_insert_to",
        )?,
        None => optional_string(body, "lead_union_insert_to", "lead_union_insert_to")?,
    };
    let identifier = record
        .destination
        .destination_type
        .as_deref()
        .and_then(connector)
        .map_or(Identifier::Required, |kind| kind.identifier);
    Ok((
        SyncDestination {
            connection_id: Some(id),
            object: Some(name.clone()),
            lead_union_insert_to: lead_union.map(str::to_owned),
        },
        record,
        object,
        identifier,
    ))
}

// ---------------------------------------------------------------- mappings

/// Whether a field may be the primary identifier of a sync with `operation`.
fn can_identify(field: &DestinationField, operation: &SyncOperation) -> bool {
    let key = match operation {
        SyncOperation::Update => field.can_be_update_key,
        SyncOperation::Insert | SyncOperation::Append => field.can_be_insert_key,
        _ => field.can_be_upsert_key,
    };
    key == Some(true)
}

fn mappings(
    body: &JsonObject,
    columns: &[Column],
    record: &DestinationRecord,
    object: &DestinationObject,
    identifier: Identifier,
    operation: &SyncOperation,
) -> Checked<Vec<Mapping>> {
    let items = match present(body, "mappings") {
        Some(Value::Array(items)) if !items.is_empty() => items,
        Some(Value::Array(_)) => return Err(invalid("mappings", "must have at least one mapping")),
        _ => {
            return Err(invalid(
                "mappings",
                "must be an array of mappings {from, to}",
            ));
        }
    };
    let fields = object.fields.as_deref().unwrap_or_default();
    let mut out: Vec<Mapping> = Vec::with_capacity(items.len());
    let mut primary: Vec<usize> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let path = format!("mappings[{index}]");
        let Value::Object(item) = item else {
            return Err(invalid(path, "must be an object {from, to}"));
        };
        let from = mapping_from(item.get("from"), columns, &format!("{path}.from"))?;
        let to = match item.get("to") {
            Some(Value::String(to)) if !to.is_empty() => to.clone(),
            _ => {
                return Err(invalid(
                    format!("{path}.to"),
                    "must be the full name of a field of the object",
                ));
            }
        };
        let generate_field =
            optional_bool(item, "generate_field", &format!("{path}.generate_field"))?
                .unwrap_or(false);
        let field = fields.iter().find(|f| f.full_name == to);
        if field.is_none() && !(generate_field && object.allow_custom_fields == Some(true)) {
            return Err(invalid(
                format!("{path}.to"),
                format!(
                    "object {:?} has no field {to:?}{}",
                    object.full_name,
                    if object.allow_custom_fields == Some(true) {
                        " (set generate_field to create it)"
                    } else {
                        ""
                    }
                ),
            ));
        }
        if let Some(earlier) = out.iter().position(|m| m.to == to) {
            return Err(invalid(
                format!("{path}.to"),
                format!("{to:?} is already mapped by mappings[{earlier}]"),
            ));
        }
        let is_primary = optional_bool(
            item,
            "is_primary_identifier",
            &format!("{path}.is_primary_identifier"),
        )?
        .unwrap_or(false);
        if is_primary {
            if !field.is_some_and(|f| can_identify(f, operation)) {
                return Err(invalid(
                    format!("{path}.is_primary_identifier"),
                    format!(
                        "field {to:?} cannot be the primary identifier of an {} sync",
                        operation.as_str()
                    ),
                ));
            }
            primary.push(index);
        }
        let preserve_values =
            optional_bool(item, "preserve_values", &format!("{path}.preserve_values"))?
                .unwrap_or(false);
        if preserve_values && field.is_none_or(|f| f.preserve_values_supported != Some(true)) {
            return Err(invalid(
                format!("{path}.preserve_values"),
                format!("field {to:?} cannot preserve existing values"),
            ));
        }
        let array_operation = match present(item, "operation") {
            None => None,
            Some(value) => {
                let op_path = format!("{path}.operation");
                let op = one_of(value, &["merge", "overwrite"], &op_path)?;
                let allowed = field
                    .and_then(|f| f.operations.as_deref())
                    .unwrap_or_default();
                if !allowed.iter().any(|a| a == op) {
                    return Err(invalid(
                        op_path,
                        format!("field {to:?} is not an array field that takes {op}"),
                    ));
                }
                Some(op.to_owned())
            }
        };
        let (lookup_object, lookup_field) = lookup(item, field, record, &to, &path)?;
        out.push(Mapping {
            from: MappingFrom(from),
            to,
            is_primary_identifier: Some(is_primary),
            generate_field: Some(generate_field),
            preserve_values: Some(preserve_values),
            operation: array_operation,
            lookup_object,
            lookup_field,
            position: None,
        });
    }
    match (identifier, primary.as_slice()) {
        (_, [_]) | (Identifier::Optional, []) => {}
        (Identifier::Required, []) => {
            return Err(invalid(
                "mappings",
                "exactly one mapping must have is_primary_identifier: true (found none)",
            ));
        }
        (_, [_, second, ..]) => {
            return Err(invalid(
                format!("mappings[{second}].is_primary_identifier"),
                format!(
                    "exactly one mapping may be the primary identifier (found {})",
                    primary.len()
                ),
            ));
        }
    }
    // Required fields must be there when records may be created.
    if !matches!(operation, SyncOperation::Update) {
        if let Some(missing) = fields
            .iter()
            .filter(|f| f.required_for_mapping == Some(true))
            .find(|f| !out.iter().any(|m| m.to == f.full_name))
        {
            return Err(invalid(
                "mappings",
                format!(
                    "field {:?} of {:?} is required and not mapped",
                    missing.full_name, object.full_name
                ),
            ));
        }
    }
    Ok(out)
}

/// A mapping's `from`, checked and normalized: a column name or `{type, data}` as sent; a
/// constant `{value, type}` as the API reads it back, `{value, basic_type}` (document 003).
fn mapping_from(from: Option<&Value>, columns: &[Column], path: &str) -> Checked<Value> {
    let column = |name: &str, path: &str| -> Checked<()> {
        if columns.iter().any(|c| c.name == name) {
            return Ok(());
        }
        let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        Err(invalid(
            path,
            format!(
                "the data source has no column {name:?} (columns: {})",
                names.join(", ")
            ),
        ))
    };
    match from {
        Some(Value::String(name)) if !name.is_empty() => {
            column(name, path)?;
            Ok(Value::String(name.clone()))
        }
        Some(Value::Object(from)) if from.contains_key("data") => {
            let kind = match from.get("type") {
                Some(value) => one_of(value, FROM_TYPES, &format!("{path}.type"))?,
                None => {
                    return Err(invalid(
                        format!("{path}.type"),
                        format!("is required ({})", FROM_TYPES.join(", ")),
                    ));
                }
            };
            let data_path = format!("{path}.data");
            let data = from.get("data").unwrap_or(&Value::Null);
            match (kind, data) {
                ("column", Value::String(name)) if !name.is_empty() => column(name, &data_path)?,
                ("column", _) => return Err(invalid(data_path, "must be a column name")),
                ("constant_value", Value::Object(constant)) if constant.contains_key("value") => {}
                ("constant_value", _) => {
                    return Err(invalid(data_path, "must be an object {value, basic_type}"));
                }
                ("sync_metadata", Value::String(key)) if !key.is_empty() => {}
                ("sync_metadata", _) => {
                    return Err(invalid(data_path, "must name a sync metadata key"));
                }
                ("liquid_template", Value::String(template)) if !template.is_empty() => {}
                ("liquid_template", Value::Object(template))
                    if template
                        .get("liquid_template")
                        .and_then(Value::as_str)
                        .is_some_and(|t| !t.is_empty()) => {}
                ("liquid_template", _) => {
                    return Err(invalid(
                        data_path,
                        "must be a template or an object {liquid_template}",
                    ));
                }
                (_, Value::Object(_)) => {}
                (_, _) => return Err(invalid(data_path, "must be an object")),
            }
            Ok(Value::Object(from.clone()))
        }
        Some(Value::Object(from)) if from.contains_key("value") => {
            // `type` when creating (003's POST), `basic_type` in what the API reads back.
            let (key, kind) = match (from.get("type"), from.get("basic_type")) {
                (Some(kind), _) => ("type", kind),
                (None, Some(kind)) => ("basic_type", kind),
                (None, None) => {
                    return Err(invalid(
                        format!("{path}.type"),
                        format!("is required ({})", CONSTANT_TYPES.join(", ")),
                    ));
                }
            };
            let kind = one_of(kind, CONSTANT_TYPES, &format!("{path}.{key}"))?;
            let value = from.get("value").unwrap_or(&Value::Null);
            let fits = match kind {
                "boolean" => value.is_boolean(),
                "number" => value.is_number(),
                _ => value.is_string(),
            };
            if !fits {
                return Err(invalid(
                    format!("{path}.value"),
                    format!(
                        "must be a {}",
                        if kind == "datetime" { "string" } else { kind }
                    ),
                ));
            }
            let mut constant = JsonObject::new();
            constant.insert("value".into(), value.clone());
            constant.insert("basic_type".into(), Value::from(kind));
            Ok(Value::Object(constant))
        }
        _ => Err(invalid(
            path,
            "must be a column name, a constant {value, type} or {type, data}",
        )),
    }
}

/// `lookup_object` and `lookup_field`: only for a reference field, naming the object it refers
/// to and (when that object is one of the destination's) one of its reference keys.
fn lookup(
    item: &JsonObject,
    field: Option<&DestinationField>,
    record: &DestinationRecord,
    to: &str,
    path: &str,
) -> Checked<(Option<String>, Option<String>)> {
    let object = optional_string(item, "lookup_object", &format!("{path}.lookup_object"))?;
    let lookup_field = optional_string(item, "lookup_field", &format!("{path}.lookup_field"))?;
    if object.is_none() && lookup_field.is_none() {
        return Ok((None, None));
    }
    let refers_to = field.and_then(|f| f.lookup_object.as_deref());
    let Some(refers_to) = refers_to else {
        let at = if object.is_some() {
            "lookup_object"
        } else {
            "lookup_field"
        };
        return Err(invalid(
            format!("{path}.{at}"),
            format!("field {to:?} is not a reference field"),
        ));
    };
    if let Some(object) = object.filter(|o| *o != refers_to) {
        return Err(invalid(
            format!("{path}.lookup_object"),
            format!("field {to:?} refers to {refers_to:?}, not {object:?}"),
        ));
    }
    let keys = record.object(refers_to).and_then(|o| o.fields.as_deref());
    if let (Some(name), Some(keys)) = (lookup_field, keys) {
        if !keys
            .iter()
            .any(|f| f.full_name == name && f.can_be_reference_key == Some(true))
        {
            let usable: Vec<&str> = keys
                .iter()
                .filter(|f| f.can_be_reference_key == Some(true))
                .map(|f| f.full_name.as_str())
                .collect();
            return Err(invalid(
                format!("{path}.lookup_field"),
                format!(
                    "{name:?} is not a field {refers_to:?} can be looked up by (use one of: {})",
                    usable.join(", ")
                ),
            ));
        }
    }
    Ok((object.map(str::to_owned), lookup_field.map(str::to_owned)))
}

/// How a sync's runs end, from what it maps: an array field fed anything but an array column
/// fails every run with document 003's `JSON_ARRAY_ERROR` (as its example sync does); otherwise
/// runs complete.
pub fn outcome(mappings: &[Mapping], columns: &[Column], object: &DestinationObject) -> Outcome {
    let fields = object.fields.as_deref().unwrap_or_default();
    let is_array_column = |from: &Value| {
        let name = match from {
            Value::String(name) => Some(name.as_str()),
            Value::Object(from) if from.get("type").and_then(Value::as_str) == Some("column") => {
                from.get("data").and_then(Value::as_str)
            }
            _ => None,
        };
        name.and_then(|name| columns.iter().find(|c| c.name == name))
            .is_some_and(|c| c.column_type == "array")
    };
    mappings
        .iter()
        .find(|m| {
            fields
                .iter()
                .any(|f| f.full_name == m.to && f.array == Some(true))
                && !is_array_column(&m.from.0)
        })
        .map_or(Outcome::Complete, |m| {
            Outcome::Fail(Failure::json_array(&m.to))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cron_expressions_are_checked_and_fix_what_they_name() {
        let fixed = cron_fields("30 8 * * 1").expect("valid");
        assert_eq!(
            (fixed.minute, fixed.hour, fixed.day),
            (Some(30), Some(8), Some("Monday"))
        );
        let fixed = cron_fields("*/15 9-17 1,15 JAN-jun sun").expect("valid");
        assert_eq!(
            (fixed.minute, fixed.hour, fixed.day),
            (None, None, Some("Sunday"))
        );
        assert_eq!(cron_fields("0 0 * * 7").expect("valid").day, Some("Sunday"));
        for bad in [
            "",
            "* * * *",
            "* * * * * *",
            "60 * * * *",
            "* 24 * * *",
            "* * 0 * *",
            "* * * 13 *",
            "* * * * 8",
            "5-1 * * * *",
            "*/0 * * * *",
            "a * * * *",
            "1,,2 * * * *",
        ] {
            assert!(cron_fields(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn weekdays_are_named_in_any_case() {
        assert_eq!(weekday(&Value::from("monday")).as_deref(), Some("Monday"));
        assert_eq!(
            weekday(&Value::from(" SATURDAY ")).as_deref(),
            Some("Saturday")
        );
        assert_eq!(weekday(&Value::from(1)), None);
        assert_eq!(weekday(&Value::from("Mon")), None);
    }
}
