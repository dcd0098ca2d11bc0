//! The schemas `core::scan` checks answers against: the models' own shapes (declared with
//! their serde structs by `model!` in `core::models`) and the few shapes made of them here.
//!
//! `required` is "no `#[serde(default)]`", `nullable` is "an `Option`". The test at the end
//! checks every shape against its serde model (names, order, required-ness, nullability, and
//! that a sample of every member's kind is read), which is the macro's own check.
//!
//! Where the scanner is stricter than serde_json, on purpose (CONTRACT.md: bodies are JSON
//! objects, JSON text is UTF-8):
//! - a struct is only ever an object; serde would also read `[1, "a", null, "t"]` as a Source;
//! - invalid UTF-8 and lone `\u` surrogates are refused everywhere, even in members the models
//!   skip (serde_json does not look inside strings it skips);
//! - nesting is limited to 127 levels everywhere (serde_json does not limit skipped members).

use crate::scan::{Field, Kind, Shape, Tagged};

const fn req(name: &'static str, kind: Kind<'static>) -> Field<'static> {
    Field {
        name,
        kind,
        required: true,
        nullable: false,
    }
}

pub use crate::models::{
    COLUMN, CONFIGURATION_FIELD, CONFIGURATION_FIELDS, MODEL, PAGINATION, REFRESH_KEY,
    REFRESH_STATUS, SOURCE, SOURCE_TYPE, STEP_ERROR, TABLE, TEST_RESULTS, TEST_STEP, WORKSPACE,
};

/// `DataSource`: `#[serde(tag = "type", rename_all = "snake_case")]`, Table or Model. The
/// variant's index is the low bit of its listing key (`DataSource::key`).
pub static DATA_SOURCE: Tagged<'static> = Tagged {
    tag: "type",
    variants: &[("table", &TABLE), ("model", &MODEL)],
};

/// An item of `/sources/{id}/objects`: a table, a model or a segment, tagged by `type`; a kind
/// this client does not know yet is read as a source object with an id (`*`, last).
pub static SOURCE_OBJECT: Tagged<'static> = Tagged {
    tag: "type",
    variants: &[
        ("table", &TABLE),
        ("model", &MODEL),
        ("segment", &crate::workspace_models::SEGMENT),
        ("*", &ID_ONLY),
    ],
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
    use crate::json_error::struct_fields;
    use crate::models::{
        Column, ConfigurationField, ConfigurationFields, DataSource, Model, Pagination, RefreshKey,
        RefreshStatus, Source, SourceType, StepError, Table, TestResults, TestStep, Workspace,
    };
    use serde::de::DeserializeOwned;

    /// A valid JSON value of `kind` (the smallest one, or every member with `full`).
    fn sample(kind: &Kind<'_>, full: bool) -> String {
        match kind {
            Kind::Str => r#""x""#.into(),
            Kind::U64 | Kind::U32 => "7".into(),
            Kind::Number => "-0.5".into(),
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
            // A variant's own `type` member is the tag, written once below.
            .filter(|field| tag.is_none_or(|(tag, _)| field.name != tag))
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
        same::<ConfigurationFields>(&CONFIGURATION_FIELDS);
        same::<ConfigurationField>(&CONFIGURATION_FIELD);
        same::<Column>(&COLUMN);
        same::<Table>(&TABLE);
        same::<Model>(&MODEL);
        same::<Workspace>(&WORKSPACE);
        {
            use crate::syncs::*;
            same::<Destination>(&DESTINATION);
            same::<DestinationObject>(&DESTINATION_OBJECT);
            same::<DestinationField>(&DESTINATION_FIELD);
            same::<Connector>(&CONNECTOR);
            same::<Sync>(&SYNC);
            same::<SyncSource>(&SYNC_SOURCE);
            same::<SyncDestination>(&SYNC_DESTINATION);
            same::<Mapping>(&MAPPING);
            same::<SyncRun>(&SYNC_RUN);
            same::<SyncRunId>(&SYNC_RUN_ID);
            same::<SyncId>(&SYNC_ID);
        }
        {
            use crate::workspace_models::*;
            same::<Segment>(&SEGMENT);
            same::<Cohort>(&COHORT);
            same::<SegmentCreated>(&SEGMENT_CREATED);
            same::<Topic>(&TOPIC);
            same::<Dataset>(&DATASET);
            same::<Link>(&LINK);
            same::<Webhook>(&WEBHOOK);
            same::<SyncRunRecord>(&SYNC_RUN_RECORD);
            same::<JobStatus>(&JOB_STATUS);
            same::<JobStarted>(&JOB_STARTED);
            same::<OrgWorkspace>(&ORG_WORKSPACE);
            same::<ApiKey>(&API_KEY);
            same::<User>(&USER);
            same::<Invitation>(&INVITATION);
        }
        assert_eq!(index_of(&SOURCE, "id"), 0);
        // Every model the TypeScript generator knows is checked above.
        assert_eq!(crate::models::MODELS.len(), 39);
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
                crate::scan::check_document(text.as_bytes(), shape, None, None)
                    .unwrap_or_else(|err| panic!("{}: {err:?}", shape.name));
            }
        }
    }
}
