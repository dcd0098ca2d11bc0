//! The models of `core::models` as static schemas for `core::scan`, member for member.
//!
//! `required` is "no `#[serde(default)]`", `nullable` is "an `Option`". The test at the end
//! checks every shape against its serde model (names, order, required-ness, nullability), so the
//! two cannot drift apart.
//!
//! Where the scanner is stricter than serde_json, on purpose (CONTRACT.md: bodies are JSON
//! objects, JSON text is UTF-8):
//! - a struct is only ever an object; serde would also read `[1, "a", null, "t"]` as a Source;
//! - invalid UTF-8 and lone `\u` surrogates are refused everywhere, even in members the models
//!   skip (serde_json does not look inside strings it skips);
//! - nesting is limited to 127 levels everywhere (serde_json does not limit skipped members).

use crate::core::scan::{Field, Kind, Shape, Tagged};

const fn req(name: &'static str, kind: Kind<'static>) -> Field<'static> {
    Field {
        name,
        kind,
        required: true,
        nullable: false,
    }
}

/// `#[serde(default)] Option<T>`: may be absent or null.
const fn opt(name: &'static str, kind: Kind<'static>) -> Field<'static> {
    Field {
        name,
        kind,
        required: false,
        nullable: true,
    }
}

/// `#[serde(default)] T` (not an Option): may be absent, not null.
const fn defaulted(name: &'static str, kind: Kind<'static>) -> Field<'static> {
    Field {
        name,
        kind,
        required: false,
        nullable: false,
    }
}

pub static STEP_ERROR: Shape<'static> = Shape {
    name: "StepError",
    fields: &[opt("message", Kind::Str)],
};

pub static TEST_STEP: Shape<'static> = Shape {
    name: "TestStep",
    fields: &[
        req("step", Kind::Str),
        req("status", Kind::Str),
        opt("error", Kind::Object(&STEP_ERROR)),
    ],
};

pub static TEST_RESULTS: Shape<'static> = Shape {
    name: "TestResults",
    fields: &[defaulted("steps", Kind::Array(&Kind::Object(&TEST_STEP)))],
};

pub static SOURCE: Shape<'static> = Shape {
    name: "Source",
    fields: &[
        req("id", Kind::U64),
        req("name", Kind::Str),
        opt("label", Kind::Str),
        req("type", Kind::Str),
        opt("created_at", Kind::Str),
        opt("last_test_succeeded", Kind::Bool),
        opt("last_tested_at", Kind::Str),
        opt("last_test_results", Kind::Object(&TEST_RESULTS)),
        opt("connection_details", Kind::FreeObject),
        opt("read_only_connection", Kind::Bool),
        opt("sync_engine", Kind::Str),
        opt("warehouse_writeback_retention_in_days", Kind::U32),
        opt("data_sources", Kind::Array(&Kind::FreeObject)),
    ],
};

pub static PAGINATION: Shape<'static> = Shape {
    name: "Pagination",
    fields: &[
        req("total_records", Kind::U64),
        req("per_page", Kind::U32),
        opt("prev_page", Kind::U32),
        req("page", Kind::U32),
        opt("next_page", Kind::U32),
        req("last_page", Kind::U32),
    ],
};

pub static REFRESH_KEY: Shape<'static> = Shape {
    name: "RefreshKey",
    fields: &[req("refresh_key", Kind::U64)],
};

pub static REFRESH_STATUS: Shape<'static> = Shape {
    name: "RefreshStatus",
    fields: &[req("status", Kind::Str)],
};

pub static CONFIGURATION_FIELD: Shape<'static> = Shape {
    name: "ConfigurationField",
    fields: &[
        req("name", Kind::Str),
        opt("label", Kind::Str),
        opt("type", Kind::Str),
        opt("required", Kind::Bool),
        opt("secret", Kind::Bool),
        opt("description", Kind::Str),
        opt("placeholder", Kind::Str),
    ],
};

pub static SOURCE_TYPE: Shape<'static> = Shape {
    name: "SourceType",
    fields: &[
        req("service_name", Kind::Str),
        req("label", Kind::Str),
        opt("documentation_slug", Kind::Str),
        req("creatable_via_api", Kind::Bool),
        opt("creatable_via_connect_link", Kind::Bool),
        opt("supported_sync_engines", Kind::Array(&Kind::Str)),
        opt("supports_warehouse_writeback", Kind::Bool),
        opt(
            "configuration_fields",
            Kind::Array(&Kind::Object(&CONFIGURATION_FIELD)),
        ),
    ],
};

pub static COLUMN: Shape<'static> = Shape {
    name: "Column",
    fields: &[req("name", Kind::Str), req("type", Kind::Str)],
};

const COLUMNS: Kind<'static> = Kind::Array(&Kind::Object(&COLUMN));

pub static TABLE: Shape<'static> = Shape {
    name: "Table",
    fields: &[
        req("id", Kind::U64),
        opt("table_catalog", Kind::Str),
        opt("table_schema", Kind::Str),
        req("table_name", Kind::Str),
        opt("columns", COLUMNS),
    ],
};

/// A table fetched one by one: `columns` must be there (`tables::read_table`).
pub static TABLE_WITH_COLUMNS: Shape<'static> = Shape {
    name: "Table",
    fields: &[
        req("id", Kind::U64),
        opt("table_catalog", Kind::Str),
        opt("table_schema", Kind::Str),
        req("table_name", Kind::Str),
        req("columns", COLUMNS),
    ],
};

pub static MODEL: Shape<'static> = Shape {
    name: "Model",
    fields: &[
        req("id", Kind::U64),
        req("name", Kind::Str),
        opt("query", Kind::Str),
        opt("created_at", Kind::Str),
        opt("updated_at", Kind::Str),
        opt("compiled_query", Kind::Str),
        opt("columns", COLUMNS),
    ],
};

/// A model fetched one by one: `columns` must be there (`tables::read_model`).
pub static MODEL_WITH_COLUMNS: Shape<'static> = Shape {
    name: "Model",
    fields: &[
        req("id", Kind::U64),
        req("name", Kind::Str),
        opt("query", Kind::Str),
        opt("created_at", Kind::Str),
        opt("updated_at", Kind::Str),
        opt("compiled_query", Kind::Str),
        req("columns", COLUMNS),
    ],
};

/// `DataSource`: `#[serde(tag = "type", rename_all = "snake_case")]`, Table or Model. The
/// variant's index is the low bit of its listing key (`DataSource::key`).
pub static DATA_SOURCE: Tagged<'static> = Tagged {
    tag: "type",
    variants: &[("table", &TABLE), ("model", &MODEL)],
};

/// What `sources::read_created` reads when `data` is not a whole Source.
pub static ID_ONLY: Shape<'static> = Shape {
    name: "IdOnly",
    fields: &[req("id", Kind::U64)],
};

/// The index of `name` in `shape` (the shapes here are fixed, so a wrong name is a bug that
/// the tests catch).
pub fn index_of(shape: &Shape<'_>, name: &str) -> usize {
    shape
        .fields
        .iter()
        .position(|field| field.name == name)
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json_error::struct_fields;
    use crate::core::models::{
        Column, ConfigurationField, DataSource, Model, Pagination, RefreshKey, RefreshStatus,
        Source, SourceType, StepError, Table, TestResults, TestStep,
    };
    use serde::de::DeserializeOwned;

    /// A valid JSON value of `kind` (the smallest one, or every member with `full`).
    fn sample(kind: &Kind<'_>, full: bool) -> String {
        match kind {
            Kind::Str => r#""x""#.into(),
            Kind::U64 | Kind::U32 => "7".into(),
            Kind::Bool => "true".into(),
            Kind::Any | Kind::Ignored => r#"{"a":[1,"b",null]}"#.into(),
            Kind::FreeObject => r#"{"a":1,"b":"c"}"#.into(),
            Kind::Status => r#""success""#.into(),
            Kind::Object(shape) => object(shape, full, None),
            Kind::Array(item) => format!("[{}]", sample(item, full)),
            Kind::Tagged(tagged) => {
                let (wire, shape) = tagged.variants[0];
                object(shape, full, Some((tagged.tag, wire)))
            }
        }
    }

    fn object(shape: &Shape<'_>, full: bool, tag: Option<(&str, &str)>) -> String {
        let mut members: Vec<String> = shape
            .fields
            .iter()
            .filter(|field| full || field.required)
            .map(|field| format!("{:?}:{}", field.name, sample(&field.kind, full)))
            .collect();
        if let Some((tag, wire)) = tag {
            members.push(format!("{tag:?}:{wire:?}"));
        }
        format!("{{{}}}", members.join(","))
    }

    /// Every member of `shape` against the serde model `T`.
    fn same<T: DeserializeOwned>(shape: &Shape<'_>) {
        let names: Vec<&str> = shape.fields.iter().map(|field| field.name).collect();
        assert_eq!(names, struct_fields::<T>(), "{}: member names", shape.name);
        let parse = |text: &str| serde_json::from_str::<T>(text).map(|_| ());
        parse(&object(shape, false, None))
            .unwrap_or_else(|err| panic!("{}: required members are not enough: {err}", shape.name));
        parse(&object(shape, true, None))
            .unwrap_or_else(|err| panic!("{}: every member: {err}", shape.name));
        for (index, field) in shape.fields.iter().enumerate() {
            let without: Vec<String> = shape
                .fields
                .iter()
                .enumerate()
                .filter(|(other, _)| *other != index)
                .map(|(_, f)| format!("{:?}:{}", f.name, sample(&f.kind, true)))
                .collect();
            let absent = parse(&format!("{{{}}}", without.join(",")));
            assert_eq!(
                absent.is_err(),
                field.required,
                "{}.{}: required",
                shape.name,
                field.name
            );
            let mut nulled = without.clone();
            nulled.push(format!("{:?}:null", field.name));
            assert_eq!(
                parse(&format!("{{{}}}", nulled.join(","))).is_ok(),
                field.nullable,
                "{}.{}: nullable",
                shape.name,
                field.name
            );
        }
    }

    #[test]
    fn every_schema_matches_its_serde_model() {
        same::<Source>(&SOURCE);
        same::<TestResults>(&TEST_RESULTS);
        same::<TestStep>(&TEST_STEP);
        same::<StepError>(&STEP_ERROR);
        same::<Pagination>(&PAGINATION);
        same::<RefreshKey>(&REFRESH_KEY);
        same::<RefreshStatus>(&REFRESH_STATUS);
        same::<SourceType>(&SOURCE_TYPE);
        same::<ConfigurationField>(&CONFIGURATION_FIELD);
        same::<Column>(&COLUMN);
        same::<Table>(&TABLE);
        same::<Model>(&MODEL);
        let names =
            |shape: &Shape<'static>| shape.fields.iter().map(|f| f.name).collect::<Vec<_>>();
        assert_eq!(names(&TABLE_WITH_COLUMNS), names(&TABLE));
        assert_eq!(names(&MODEL_WITH_COLUMNS), names(&MODEL));
        assert_eq!(index_of(&SOURCE, "id"), 0);
    }

    #[test]
    fn the_tagged_union_matches_data_source() {
        for (wire, shape) in DATA_SOURCE.variants {
            let text = object(shape, true, Some((DATA_SOURCE.tag, wire)));
            let item: DataSource = serde_json::from_str(&text).expect(wire);
            let expected_low_bit = u64::from(*wire == "model");
            assert_eq!(item.key() & 1, expected_low_bit, "{wire}");
        }
    }

    #[test]
    fn samples_pass_the_scanner() {
        for shape in [&SOURCE, &SOURCE_TYPE, &TABLE, &MODEL, &PAGINATION] {
            for full in [false, true] {
                let text = object(shape, full, None);
                crate::core::scan::check_document(text.as_bytes(), shape, None, None)
                    .unwrap_or_else(|err| panic!("{}: {err:?}", shape.name));
            }
        }
    }
}
