//! Wire models of the Census Sources API, strict where the contract is and lenient where it evolves.
//!
//! Field names are the API's own (snake_case), so the same types describe what the client reads,
//! what the local Census writes, and what JavaScript receives. Unknown fields are ignored,
//! nullable fields are `Option`, and enum values the client does not know yet are kept as strings.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model;
use crate::model::ModelDoc;
use crate::scan::Kind;

/// A free-form JSON object (`connection_details`, `credentials`): values of any JSON type.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// Declares an enum read from a JSON string that keeps values it does not know as `Other`,
/// so a new value on the server never breaks a client that is already deployed.
macro_rules! lenient_string_enum {
    ($(#[doc = $doc:literal])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of the client does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Other(other) => other,
                }
            }

            /// Reads a wire value; unknown values become `Other`.
            pub fn from_wire(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)+
                    other => Self::Other(other.to_owned()),
                }
            }

            /// The values this version of the client knows.
            pub const KNOWN: &'static [&'static str] = &[$($wire),+];
        }

        impl $name {
            /// The TypeScript union of the known values, open to new ones, with the enum's doc
            /// comment as its JSDoc.
            pub const TYPESCRIPT: &'static str = concat!(
                "/**", $("\n *", $doc,)* "\n */\n",
                "export type ", stringify!($name), " = ", $("'", $wire, "' | ",)+ "(string & {});"
            );
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(Self::from_wire(&text))
            }
        }
    };
}

lenient_string_enum! {
    /// The sync engine a source uses (`basic` or `advanced`), settable only at creation.
    SyncEngine { Basic => "basic", Advanced => "advanced" }
}

lenient_string_enum! {
    /// The state of one step of a connection test.
    StepStatus { Running => "running", Success => "success", Failed => "failed", Warning => "warning" }
}

lenient_string_enum! {
    /// The state of a refresh-tables job.
    RefreshState { Processing => "processing", Completed => "completed" }
}

model! {
    /// A data source connection (a warehouse or database) in a Census workspace.
    pub struct Source as SOURCE, SOURCE_MODEL, derives(Debug, Clone, PartialEq) {
        id: u64 = req Kind::U64;
        name: String = req Kind::Str;
        /// Deprecated in favour of `name`; often null.
        label: Option<String> = opt Kind::Str;
        /// A `service_name` from `/source_types`, e.g. `snowflake`, `big_query`; some older
        /// answers (document 003's) leave it out.
        source_type ("type"): Option<String> = opt Kind::Str;
        created_at: Option<String> = opt Kind::Str;
        last_test_succeeded: Option<bool> = opt Kind::Bool;
        last_tested_at: Option<String> = opt Kind::Str;
        last_test_results: Option<TestResults> = opt Kind::Object(&TEST_RESULTS);
        /// Connection settings without secrets; values of any JSON type.
        connection_details: Option<JsonObject> = opt Kind::FreeObject;
        read_only_connection: Option<bool> = opt Kind::Bool;
        sync_engine: Option<SyncEngine> = opt Kind::Str, ts "SyncEngine";
        warehouse_writeback_retention_in_days: Option<u32> = opt Kind::U32;
        /// Legacy list of the source's tables and models, kept as sent.
        data_sources: Option<Vec<JsonObject>> = omit Kind::Array(&Kind::FreeObject);
    }
}

model! {
    /// The result of the last connection test of a source.
    pub struct TestResults as TEST_RESULTS, TEST_RESULTS_MODEL, derives(Debug, Clone, PartialEq) {
        steps: Vec<TestStep> = def Kind::Array(&Kind::Object(&TEST_STEP));
    }
}

model! {
    /// One step of a connection test.
    pub struct TestStep as TEST_STEP, TEST_STEP_MODEL, derives(Debug, Clone, PartialEq) {
        step: String = req Kind::Str;
        status: StepStatus = req Kind::Str, ts "StepStatus";
        error: Option<StepError> = opt Kind::Object(&STEP_ERROR);
    }
}

model! {
    /// Why a connection-test step failed.
    pub struct StepError as STEP_ERROR, STEP_ERROR_MODEL, derives(Debug, Clone, PartialEq) {
        message: Option<String> = opt Kind::Str;
    }
}

model! {
    /// The `pagination` object of a list response.
    pub struct Pagination as PAGINATION, PAGINATION_MODEL,
        derives(Debug, Clone, Copy, PartialEq, Eq)
    {
        total_records: u64 = req Kind::U64;
        per_page: u32 = req Kind::U32;
        prev_page: Option<u32> = opt Kind::U32;
        page: u32 = req Kind::U32;
        next_page: Option<u32> = opt Kind::U32;
        last_page: u32 = req Kind::U32;
    }
}

/// One page of a list endpoint. `pagination` is absent in older responses that give only `next`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub data: Vec<T>,
    #[serde(default)]
    pub pagination: Option<Pagination>,
    /// Full URL of the next page (older responses; being phased out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// How many items a linked list holds in all, when its pages say so but give no
    /// `pagination` (Stitch's `total`): for progress only.
    #[serde(skip)]
    pub total: Option<u64>,
}

/// The `status` member of an envelope: a word (`success`, `error`, `not_found`, …) or an HTTP code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvelopeStatus {
    Word(String),
    Code(i64),
}

impl EnvelopeStatus {
    /// True when the envelope reports a failure, whatever the HTTP status code said.
    pub fn is_error(&self) -> bool {
        match self {
            Self::Word(word) => word == "error" || word == "not_found",
            Self::Code(code) => *code >= 400,
        }
    }

    /// True for `404` and `"not_found"`, the two documented not-found shapes.
    pub fn is_not_found(&self) -> bool {
        match self {
            Self::Word(word) => word == "not_found",
            Self::Code(code) => *code == 404,
        }
    }
}

impl Serialize for EnvelopeStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Word(word) => serializer.serialize_str(word),
            Self::Code(code) => serializer.serialize_i64(*code),
        }
    }
}

impl<'de> Deserialize<'de> for EnvelopeStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StatusVisitor;
        impl serde::de::Visitor<'_> for StatusVisitor {
            type Value = EnvelopeStatus;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or an integer")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(EnvelopeStatus::Word(v.to_owned()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(EnvelopeStatus::Code(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(EnvelopeStatus::Code(i64::try_from(v).unwrap_or(i64::MAX)))
            }
        }
        deserializer.deserialize_any(StatusVisitor)
    }
}

model! {
    /// The response of `POST /sources/{id}/refresh_tables`.
    pub struct RefreshKey as REFRESH_KEY, REFRESH_KEY_MODEL,
        derives(Debug, Clone, Copy, PartialEq, Eq)
    {
        refresh_key: u64 = req Kind::U64;
    }
}

model! {
    /// The response of `GET /sources/{id}/refresh_tables_status`.
    pub struct RefreshStatus as REFRESH_STATUS, REFRESH_STATUS_MODEL,
        derives(Debug, Clone, PartialEq, Eq)
    {
        status: RefreshState = req Kind::Str, ts "RefreshState";
    }
}

model! {
    /// A kind of source the workspace can connect (`/source_types`), with what creating one needs.
    pub struct SourceType as SOURCE_TYPE, SOURCE_TYPE_MODEL, derives(Debug, Clone, PartialEq) {
        /// The value to pass as `type` when creating a source, e.g. `snowflake`.
        service_name: String = req Kind::Str;
        label: String = req Kind::Str;
        /// The page under `https://docs.getcensus.com/sources/available-sources/`.
        documentation_slug: Option<String> = opt Kind::Str;
        /// Whether `createSource` can create a source of this type.
        creatable_via_api: bool = req Kind::Bool;
        creatable_via_connect_link: Option<bool> = opt Kind::Bool;
        supported_sync_engines: Option<Vec<SyncEngine>> = opt Kind::Array(&Kind::Str),
            ts "SyncEngine[]";
        supports_warehouse_writeback: Option<bool> = opt Kind::Bool;
        /// The credential fields a source of this type takes (`{ fields: [...] }`); null when
        /// the API does not say.
        configuration_fields: Option<ConfigurationFields> =
            opt Kind::Object(&CONFIGURATION_FIELDS);
    }
}

lenient_string_enum! {
    /// The kind of value a configuration field takes.
    FieldType { String => "string", Integer => "integer", Boolean => "boolean" }
}

model! {
    /// The credential fields of a source type or a connector: the API's object around its list.
    pub struct ConfigurationFields as CONFIGURATION_FIELDS, CONFIGURATION_FIELDS_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        fields: Vec<ConfigurationField> = def Kind::Array(&Kind::Object(&CONFIGURATION_FIELD));
    }
}

model! {
    /// One credential field of a source type or a connector.
    pub struct ConfigurationField as CONFIGURATION_FIELD, CONFIGURATION_FIELD_MODEL,
        derives(Debug, Clone, PartialEq)
    {
        /// The key under `credentials`.
        id: String = req Kind::Str;
        label: Option<String> = opt Kind::Str;
        field_type ("type"): Option<FieldType> = opt Kind::Str, ts "FieldType";
        /// Validations, one or a list: `required` (or `required:notForEditing`) marks a
        /// credential that creating needs (while `show`'s condition holds, if it has one).
        rules: Option<serde_json::Value> = opt Kind::Any, ts "string | string[]";
        /// When the field applies: `{ if: 'ssl' }` (the credential `ssl` is true) or
        /// `{ if: { ssl: true } }` (each named credential has that value).
        show: Option<serde_json::Value> = omit Kind::FreeObject, ts "ConfigurationFieldShow";
        /// A secret (a password, a key): never shown back by the API.
        is_password_type_field: Option<bool> = opt Kind::Bool;
        /// Usually an example of the value.
        placeholder: Option<serde_json::Value> = omit Kind::Any, ts "JsonValue";
        /// The values it takes, when they are few.
        possible_values: Option<Vec<serde_json::Value>> = omit Kind::Array(&Kind::Any),
            ts "JsonValue[]";
        /// How the Census app asks for it (`textbox`, `textarea`, `toggle`, `select`, …).
        input_type: Option<JsonObject> = omit Kind::FreeObject, ts "ConfigurationFieldInput";
        /// A regular expression the value must match.
        matches: Option<String> = omit Kind::Str;
        /// A page that explains the field.
        read_more: Option<String> = omit Kind::Str;
    }
}

model! {
    /// A column of a table or model.
    pub struct Column as COLUMN, COLUMN_MODEL, derives(Debug, Clone, PartialEq, Eq) {
        name: String = req Kind::Str;
        /// The warehouse's type, as it names it (`text (2000)`, `integer`, `array`, …).
        column_type ("type"): String = req Kind::Str;
    }
}

model! {
    /// A table of a source (`/sources/{id}/tables`); `columns` only when fetched one by one.
    pub struct Table as TABLE, TABLE_MODEL, derives(Debug, Clone, PartialEq, Eq) {
        id: u64 = req Kind::U64;
        table_catalog: Option<String> = opt Kind::Str;
        table_schema: Option<String> = opt Kind::Str;
        table_name: String = req Kind::Str;
        columns: Option<Vec<Column>> = omit Kind::Array(&Kind::Object(&COLUMN));
        /// `table` (document 003 shows it on a fetch and in the legacy list); also the tag of
        /// the source objects and legacy data sources lists. Another value is kept as sent.
        table_type ("type"): Option<String> = omit Kind::Str, ts "'table' | (string & {})";
    }
}

model! {
    /// A SQL model of a source; `columns` only when fetched one by one, `compiled_query` (a model
    /// built on dbt) whenever the API sends it, in a list too.
    pub struct Model as MODEL, MODEL_MODEL, derives(Debug, Clone, PartialEq, Eq) {
        id: u64 = req Kind::U64;
        name: String = req Kind::Str;
        query: Option<String> = opt Kind::Str;
        created_at: Option<String> = opt Kind::Str;
        updated_at: Option<String> = opt Kind::Str;
        /// The compiled SQL, when the model is built on dbt.
        compiled_query: Option<String> = opt Kind::Str;
        columns: Option<Vec<Column>> = omit Kind::Array(&Kind::Object(&COLUMN));
        description: Option<String> = omit Kind::Str;
        /// The model as a source object (`listSourceObjects`).
        source_object_id: Option<u64> = omit Kind::U64;
        /// Deprecated, and misspelt by the API itself (with the `=`); read it as sent.
        dataset_id_deprecated ("dataset_id="): Option<u64> = omit Kind::U64;
        /// `model` (document 003 shows it on a fetch); also the tag of the source objects and
        /// legacy data sources lists. Another value is kept as sent.
        model_type ("type"): Option<String> = omit Kind::Str, ts "'model' | (string & {})";
    }
}

model! {
    /// The workspace the API token belongs to (`GET /workspace`). Only `id` and `name` are
    /// documented as always there; the rest is read leniently.
    pub struct Workspace as WORKSPACE, WORKSPACE_MODEL, derives(Debug, Clone, PartialEq, Eq) {
        id: u64 = req Kind::U64;
        name: String = req Kind::Str;
        organization_id: Option<u64> = opt Kind::U64;
        created_at: Option<String> = opt Kind::Str;
        /// Who gets the workspace's notification emails; changed through the organisation API.
        notification_emails: Option<Vec<String>> = opt Kind::Array(&Kind::Str);
    }
}

/// The TypeScript of a configuration field's `show` and `input_type`.
const CONFIGURATION_FIELD_TYPESCRIPT: &str = "/** When a configuration field applies: `{ if: 'ssl' }` (the credential `ssl` is true) or `{ if: { ssl: true } }`. */\n\
export type ConfigurationFieldShow = { if?: string | { [credential: string]: JsonValue } };\n\
/** How the Census app asks for a configuration field. */\n\
export interface ConfigurationFieldInput {\n  type?: 'textbox' | 'textarea' | 'toggle' | 'select' | 'keyvaluepairs' | (string & {});\n  allow_manual_inputs?: boolean;\n}";

/// Every lenient enum's TypeScript union, for the TypeScript generator.
pub static ENUMS: &[&str] = &[
    SyncEngine::TYPESCRIPT,
    StepStatus::TYPESCRIPT,
    RefreshState::TYPESCRIPT,
    FieldType::TYPESCRIPT,
    CONFIGURATION_FIELD_TYPESCRIPT,
    crate::syncs::SyncOperation::TYPESCRIPT,
    crate::syncs::SyncRunStatus::TYPESCRIPT,
    crate::syncs::AuthMethod::TYPESCRIPT,
    crate::workspace_models::WorkspaceRole::TYPESCRIPT,
    crate::workspace_models::OrganizationRole::TYPESCRIPT,
    crate::workspace_models::RecordStatus::TYPESCRIPT,
];

/// Every model, for the TypeScript generator, in the order the declarations list them.
pub static MODELS: &[&ModelDoc] = &[
    &SOURCE_MODEL,
    &TEST_RESULTS_MODEL,
    &TEST_STEP_MODEL,
    &STEP_ERROR_MODEL,
    &PAGINATION_MODEL,
    &REFRESH_KEY_MODEL,
    &REFRESH_STATUS_MODEL,
    &SOURCE_TYPE_MODEL,
    &CONFIGURATION_FIELDS_MODEL,
    &CONFIGURATION_FIELD_MODEL,
    &COLUMN_MODEL,
    &TABLE_MODEL,
    &MODEL_MODEL,
    &WORKSPACE_MODEL,
    &crate::syncs::DESTINATION_MODEL,
    &crate::syncs::DESTINATION_OBJECT_MODEL,
    &crate::syncs::DESTINATION_FIELD_MODEL,
    &crate::syncs::CONNECTOR_MODEL,
    &crate::syncs::SYNC_MODEL,
    &crate::syncs::SYNC_SOURCE_MODEL,
    &crate::syncs::SYNC_DESTINATION_MODEL,
    &crate::syncs::MAPPING_MODEL,
    &crate::syncs::SYNC_RUN_MODEL,
    &crate::syncs::SYNC_RUN_ID_MODEL,
    &crate::syncs::SYNC_ID_MODEL,
    &crate::workspace_models::SEGMENT_MODEL,
    &crate::workspace_models::COHORT_MODEL,
    &crate::workspace_models::SEGMENT_CREATED_MODEL,
    &crate::workspace_models::TOPIC_MODEL,
    &crate::workspace_models::DATASET_MODEL,
    &crate::workspace_models::LINK_MODEL,
    &crate::workspace_models::WEBHOOK_MODEL,
    &crate::workspace_models::SYNC_RUN_RECORD_MODEL,
    &crate::workspace_models::JOB_STATUS_MODEL,
    &crate::workspace_models::JOB_STARTED_MODEL,
    &crate::workspace_models::ORG_WORKSPACE_MODEL,
    &crate::workspace_models::API_KEY_MODEL,
    &crate::workspace_models::USER_MODEL,
    &crate::workspace_models::INVITATION_MODEL,
];

/// An item of the legacy `/sources/{id}/data_sources` list: a table or a model, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DataSource {
    Table(Table),
    Model(Model),
}

impl DataSource {
    /// A key unique across both kinds, whose ids may overlap.
    pub fn key(&self) -> u64 {
        match self {
            Self::Table(table) => table.id.wrapping_mul(2),
            Self::Model(model) => model.id.wrapping_mul(2) | 1,
        }
    }
}

#[cfg(feature = "readers")]
/// What `POST /sources` answered: older API versions send only the new id, newer ones the Source.
#[derive(Debug, Clone, PartialEq)]
pub enum Created {
    Id(u64),
    Source(Box<Source>),
}

#[cfg(feature = "readers")]
impl Created {
    /// The id of the created source, whichever shape the API used.
    pub fn id(&self) -> u64 {
        match self {
            Self::Id(id) => *id,
            Self::Source(source) => source.id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_list_item_and_ignores_unknown_fields() {
        let source: Source = serde_json::from_str(
            r#"{"id": 4, "name": "Snowflake - x", "label": null, "type": "snowflake",
                "last_test_succeeded": null, "last_tested_at": null,
                "connection_details": {"account": "x", "use_keypair": false, "port": 5439, "n": null},
                "read_only_connection": false, "brand_new_field": {"x": [1, 2]}}"#,
        )
        .expect("documented shape");
        assert_eq!(source.id, 4);
        assert_eq!(source.source_type.as_deref(), Some("snowflake"));
        assert_eq!(source.label, None);
        assert_eq!(source.created_at, None);
        let details = source.connection_details.expect("details");
        assert_eq!(details["port"], serde_json::json!(5439));
        assert_eq!(details["n"], serde_json::Value::Null);
    }

    #[test]
    fn unknown_enum_values_are_kept_as_strings() {
        let step: TestStep =
            serde_json::from_str(r#"{"step": "Verify", "status": "skipped"}"#).expect("step");
        assert_eq!(step.status, StepStatus::Other("skipped".into()));
        assert_eq!(step.status.as_str(), "skipped");
        assert_eq!(SyncEngine::from_wire("advanced"), SyncEngine::Advanced);
        assert_eq!(
            serde_json::to_string(&SyncEngine::Other("turbo".into())).expect("json"),
            r#""turbo""#
        );
    }

    #[test]
    fn envelope_status_reads_words_and_codes() {
        let word: EnvelopeStatus = serde_json::from_str(r#""not_found""#).expect("word");
        let code: EnvelopeStatus = serde_json::from_str("404").expect("code");
        assert!(word.is_not_found() && word.is_error());
        assert!(code.is_not_found() && code.is_error());
        assert!(!EnvelopeStatus::Word("created".into()).is_error());
        assert!(EnvelopeStatus::Code(500).is_error());
        assert!(!EnvelopeStatus::Code(200).is_error());
        assert_eq!(serde_json::to_string(&code).expect("json"), "404");
    }

    #[test]
    fn a_source_round_trips_through_json() {
        let source = Source {
            id: 7,
            name: "Postgres - prod".into(),
            label: Some("Prod".into()),
            source_type: Some("postgres".into()),
            created_at: Some("2024-01-02T03:04:05.000Z".into()),
            last_test_succeeded: Some(true),
            last_tested_at: None,
            last_test_results: Some(TestResults {
                steps: vec![TestStep {
                    step: "Verify connectivity".into(),
                    status: StepStatus::Success,
                    error: None,
                }],
            }),
            connection_details: Some(JsonObject::new()),
            read_only_connection: Some(false),
            sync_engine: Some(SyncEngine::Basic),
            warehouse_writeback_retention_in_days: Some(7),
            data_sources: None,
        };
        let text = serde_json::to_string(&source).expect("json");
        assert!(!text.contains("data_sources"));
        assert_eq!(serde_json::from_str::<Source>(&text).expect("back"), source);
    }
}
