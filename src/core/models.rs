//! Wire models of the Census Sources API, strict where the contract is and lenient where it evolves.
//!
//! Field names are the API's own (snake_case), so the same types describe what the client reads,
//! what the local Census writes, and what JavaScript receives. Unknown fields are ignored,
//! nullable fields are `Option`, and enum values the client does not know yet are kept as strings.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A free-form JSON object (`connection_details`, `credentials`): values of any JSON type.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// Declares an enum read from a JSON string that keeps values it does not know as `Other`,
/// so a new value on the server never breaks a client that is already deployed.
macro_rules! lenient_string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
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

        // The TypeScript union of the known values, open to new ones.
        #[cfg(target_arch = "wasm32")]
        const _: () = {
            #[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
            const TS: &'static str = concat!(
                "export type ", stringify!($name), " = ", $("'", $wire, "' | ",)+ "(string & {});"
            );
        };

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

/// A data source connection (a warehouse or database) in a Census workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Source {
    pub id: u64,
    pub name: String,
    /// Deprecated in favour of `name`; often null.
    #[serde(default)]
    pub label: Option<String>,
    /// A `service_name` from `/source_types`, e.g. `snowflake`, `big_query`.
    #[serde(rename = "type")]
    pub source_type: String,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub last_test_succeeded: Option<bool>,
    #[serde(default)]
    pub last_tested_at: Option<String>,
    #[serde(default)]
    pub last_test_results: Option<TestResults>,
    /// Connection settings without secrets; values of any JSON type.
    #[serde(default)]
    pub connection_details: Option<JsonObject>,
    #[serde(default)]
    pub read_only_connection: Option<bool>,
    #[serde(default)]
    pub sync_engine: Option<SyncEngine>,
    #[serde(default)]
    pub warehouse_writeback_retention_in_days: Option<u32>,
    /// Legacy list of the source's tables and models, kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_sources: Option<Vec<JsonObject>>,
}

/// The result of the last connection test of a source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TestResults {
    #[serde(default)]
    pub steps: Vec<TestStep>,
}

/// One step of a connection test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TestStep {
    pub step: String,
    pub status: StepStatus,
    #[serde(default)]
    pub error: Option<StepError>,
}

/// Why a connection-test step failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct StepError {
    #[serde(default)]
    pub message: Option<String>,
}

/// The `pagination` object of a list response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Pagination {
    pub total_records: u64,
    pub per_page: u32,
    #[serde(default)]
    pub prev_page: Option<u32>,
    pub page: u32,
    #[serde(default)]
    pub next_page: Option<u32>,
    pub last_page: u32,
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

/// The response of `POST /sources/{id}/refresh_tables`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RefreshKey {
    pub refresh_key: u64,
}

/// The response of `GET /sources/{id}/refresh_tables_status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RefreshStatus {
    pub status: RefreshState,
}

/// A kind of source the workspace can connect (`/source_types`), with what creating one needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct SourceType {
    /// The value to pass as `type` when creating a source, e.g. `snowflake`.
    pub service_name: String,
    pub label: String,
    /// The page under `https://docs.getcensus.com/sources/available-sources/`.
    #[serde(default)]
    pub documentation_slug: Option<String>,
    /// Whether `createSource` can create a source of this type.
    pub creatable_via_api: bool,
    #[serde(default)]
    pub creatable_via_connect_link: Option<bool>,
    #[serde(default)]
    pub supported_sync_engines: Option<Vec<SyncEngine>>,
    #[serde(default)]
    pub supports_warehouse_writeback: Option<bool>,
    /// The credential fields a source of this type takes; null when the API does not say.
    #[serde(default)]
    pub configuration_fields: Option<Vec<ConfigurationField>>,
}

lenient_string_enum! {
    /// The kind of value a configuration field takes.
    FieldType {
        String => "string", Password => "password", Integer => "integer",
        Boolean => "boolean", Text => "text", Json => "json",
    }
}

/// One credential field of a source type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ConfigurationField {
    /// The key under `credentials`.
    pub name: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(rename = "type", default)]
    pub field_type: Option<FieldType>,
    #[serde(default)]
    pub required: Option<bool>,
    /// A secret (password, key): never shown back by the API.
    #[serde(default)]
    pub secret: Option<bool>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub placeholder: Option<String>,
}

/// A column of a table or model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Column {
    pub name: String,
    /// The warehouse's type, as it names it (`text (2000)`, `integer`, `array`, …).
    #[serde(rename = "type")]
    pub column_type: String,
}

/// A table of a source (`/sources/{id}/tables`); `columns` only when fetched one by one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Table {
    pub id: u64,
    #[serde(default)]
    pub table_catalog: Option<String>,
    #[serde(default)]
    pub table_schema: Option<String>,
    pub table_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<Column>>,
}

/// A SQL model of a source; `columns` and `compiled_query` only when fetched one by one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Model {
    pub id: u64,
    pub name: String,
    #[serde(default)]
    pub query: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    /// The compiled SQL, when the model is built on dbt.
    #[serde(default)]
    pub compiled_query: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<Column>>,
}

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

/// What `POST /sources` answered: older API versions send only the new id, newer ones the Source.
#[derive(Debug, Clone, PartialEq)]
pub enum Created {
    Id(u64),
    Source(Box<Source>),
}

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
        assert_eq!(source.source_type, "snowflake");
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
            source_type: "postgres".into(),
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
