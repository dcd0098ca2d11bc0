//! The source-type catalogue (`GET /source_types`): every kind of source the local Census
//! knows, what creating one through the API needs, and how the seeds and new sources use it.
//!
//! One table serves everything: the `/source_types` answers, the validation of
//! `POST /sources`, the default source names and the `connection_details` of SQL types.

use census_core::models::{self, JsonObject};
use serde::Serialize;
use serde_json::Value;

/// The kind of value a configuration field takes (its wire `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    String,
    Password,
    Integer,
    Boolean,
    Text,
    Json,
}

/// When a configuration field must be given. The API shows it as `rules: ["required"]`, the
/// conditional ones with a `show` condition on their flag ([`ConfigField::view`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    Always,
    Optional,
    /// Required unless the named boolean credential is `true` (a password, unless key-pair auth).
    UnlessTrue(&'static str),
    /// Required when the named boolean credential is `true` (the key of key-pair auth).
    WhenTrue(&'static str),
}

/// One credential field of a source type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfigField {
    /// The key under `connection.credentials`.
    pub name: &'static str,
    pub label: &'static str,
    pub field_type: FieldType,
    pub requirement: Requirement,
    /// Never shown back in `connection_details` (see [`crate::secrets::is_secret_key`]).
    pub secret: bool,
    pub placeholder: Option<&'static str>,
}

impl ConfigField {
    /// Whether `credentials` must carry this field.
    fn needed_by(&self, credentials: &JsonObject) -> bool {
        let flag = |name: &str| credentials.get(name) == Some(&Value::Bool(true));
        match self.requirement {
            Requirement::Always => true,
            Requirement::Optional => false,
            Requirement::UnlessTrue(name) => !flag(name),
            Requirement::WhenTrue(name) => flag(name),
        }
    }
}

/// A source type the workspace knows (a `service_name` of `/source_types`).
#[derive(Debug, Clone, Copy)]
pub struct SourceType {
    /// The wire value of `type`.
    pub service_name: &'static str,
    /// Human name, used for default source names ("Snowflake - acme.us-east-1").
    pub label: &'static str,
    /// The page under `https://docs.getcensus.com/sources/`.
    pub documentation_slug: &'static str,
    /// Whether `POST /sources` may create it; OAuth-connected types need the Census app.
    pub creatable_via_api: bool,
    /// Whether a Source Connect Link can set it up.
    pub creatable_via_connect_link: bool,
    /// `basic`, and `advanced` for the warehouses Census can keep sync state in.
    pub supported_sync_engines: &'static [&'static str],
    pub supports_warehouse_writeback: bool,
    /// The credential fields, or `None` where the API does not list them (then `POST /sources`
    /// cannot check the credentials and takes any object).
    pub configuration_fields: Option<&'static [ConfigField]>,
    /// Credential keys, in order of preference, whose value names the source by default.
    pub name_keys: &'static [&'static str],
    /// Whether the type connects over SQL with an optional SSH tunnel, whose
    /// `ssh_tunnel_*` details the API always reports (as null when unused).
    pub ssh_tunnel: bool,
}

impl SourceType {
    /// The required fields `credentials` lacks, in catalogue order; a field counts as given
    /// when present, not null and not a blank string. Empty when the fields are unknown.
    pub fn missing_credentials(&self, credentials: &JsonObject) -> Vec<&'static str> {
        self.configuration_fields
            .unwrap_or_default()
            .iter()
            .filter(|field| field.needed_by(credentials))
            .filter(|field| match credentials.get(field.name) {
                None | Some(Value::Null) => true,
                Some(Value::String(text)) => text.trim().is_empty(),
                Some(_) => false,
            })
            .map(|field| field.name)
            .collect()
    }

    /// Whether sources of this type may use `engine` (`basic` or `advanced`).
    pub fn supports_engine(&self, engine: &str) -> bool {
        self.supported_sync_engines.contains(&engine)
    }
}

/// Finds a catalogue entry by its `service_name`.
pub fn source_type(service_name: &str) -> Option<&'static SourceType> {
    CATALOGUE.iter().find(|t| t.service_name == service_name)
}

const BASIC: &[&str] = &["basic"];
const BOTH_ENGINES: &[&str] = &["basic", "advanced"];

const fn field(
    name: &'static str,
    label: &'static str,
    field_type: FieldType,
    requirement: Requirement,
    placeholder: Option<&'static str>,
) -> ConfigField {
    ConfigField {
        name,
        label,
        field_type,
        requirement,
        secret: matches!(field_type, FieldType::Password),
        placeholder,
    }
}

/// A secret field whose value is not a password (a key file, a JSON key).
const fn secret(mut field: ConfigField) -> ConfigField {
    field.secret = true;
    field
}

use FieldType::{Boolean, Integer, Json, Password, Text};
use Requirement::{Always, Optional};

const fn string(
    name: &'static str,
    label: &'static str,
    requirement: Requirement,
    placeholder: Option<&'static str>,
) -> ConfigField {
    field(name, label, FieldType::String, requirement, placeholder)
}

const SSH_ENABLED: ConfigField = field(
    "ssh_tunnel_enabled",
    "Connect through an SSH tunnel",
    Boolean,
    Optional,
    None,
);
const SSH_HOSTNAME: ConfigField = string(
    "ssh_tunnel_hostname",
    "SSH tunnel hostname",
    Optional,
    Some("bastion.example.com"),
);
const SSH_PORT: ConfigField = field(
    "ssh_tunnel_port",
    "SSH tunnel port",
    Integer,
    Optional,
    Some("22"),
);
const SSH_USER: ConfigField = string(
    "ssh_tunnel_user",
    "SSH tunnel user",
    Optional,
    Some("census"),
);

const fn hostname(placeholder: &'static str) -> ConfigField {
    string("hostname", "Host", Always, Some(placeholder))
}

const fn port(placeholder: &'static str) -> ConfigField {
    field("port", "Port", Integer, Always, Some(placeholder))
}

const DATABASE: ConfigField = string("database", "Database", Always, Some("analytics"));
const USER: ConfigField = string("user", "User", Always, Some("census"));
const PASSWORD: ConfigField = field("password", "Password", Password, Always, None);

const SNOWFLAKE_FIELDS: &[ConfigField] = &[
    string("account", "Account", Always, Some("xy12345.us-east-1")),
    string("warehouse", "Warehouse", Always, Some("COMPUTE_WH")),
    string("user", "User", Always, Some("CENSUS")),
    field(
        "use_keypair",
        "Use key-pair authentication",
        Boolean,
        Optional,
        None,
    ),
    field(
        "password",
        "Password",
        Password,
        Requirement::UnlessTrue("use_keypair"),
        None,
    ),
    secret(field(
        "private_key",
        "Private key",
        Text,
        Requirement::WhenTrue("use_keypair"),
        Some("-----BEGIN PRIVATE KEY-----"),
    )),
    field(
        "private_key_passphrase",
        "Private key passphrase",
        Password,
        Optional,
        None,
    ),
    string("role", "Role", Optional, Some("CENSUS_ROLE")),
    string("database", "Database", Optional, Some("ANALYTICS")),
    string("schema", "Schema", Optional, Some("PUBLIC")),
];

const BIG_QUERY_FIELDS: &[ConfigField] = &[
    string("project_id", "Project ID", Always, Some("my-project-123")),
    secret(field(
        "service_account_key",
        "Service account key",
        Json,
        Always,
        Some("{\"type\": \"service_account\", ...}"),
    )),
    string(
        "service_account",
        "Service account",
        Optional,
        Some("census@my-project-123.iam.gserviceaccount.com"),
    ),
    string("location", "Location", Optional, Some("US")),
    field(
        "location_editable",
        "Location editable",
        Boolean,
        Optional,
        None,
    ),
];

const REDSHIFT_FIELDS: &[ConfigField] = &[
    hostname("<instance>.<region>.redshift.amazonaws.com"),
    port("5439"),
    DATABASE,
    USER,
    PASSWORD,
    SSH_ENABLED,
    SSH_HOSTNAME,
    SSH_PORT,
    SSH_USER,
];

const POSTGRES_FIELDS: &[ConfigField] = &[
    hostname("db.example.com"),
    port("5432"),
    DATABASE,
    USER,
    PASSWORD,
    SSH_ENABLED,
    SSH_HOSTNAME,
    SSH_PORT,
    SSH_USER,
];

const MYSQL_FIELDS: &[ConfigField] = &[
    hostname("mysql.example.com"),
    port("3306"),
    DATABASE,
    USER,
    PASSWORD,
    SSH_ENABLED,
    SSH_HOSTNAME,
    SSH_PORT,
    SSH_USER,
];

const SQLSERVER_FIELDS: &[ConfigField] = &[
    hostname("myserver.database.windows.net"),
    port("1433"),
    DATABASE,
    USER,
    PASSWORD,
    SSH_ENABLED,
    SSH_HOSTNAME,
    SSH_PORT,
    SSH_USER,
];

const DATABRICKS_FIELDS: &[ConfigField] = &[
    string(
        "server_hostname",
        "Server hostname",
        Always,
        Some("dbc-a1b2c3d4-e5f6.cloud.databricks.com"),
    ),
    string(
        "http_path",
        "HTTP path",
        Always,
        Some("/sql/1.0/warehouses/1234567890abcdef"),
    ),
    field(
        "access_token",
        "Access token",
        Password,
        Always,
        Some("dapi..."),
    ),
    field("port", "Port", Integer, Optional, Some("443")),
    string("catalog", "Catalog", Optional, Some("main")),
    string("schema", "Schema", Optional, Some("default")),
];

const ATHENA_FIELDS: &[ConfigField] = &[
    string("region", "AWS region", Always, Some("us-east-1")),
    string(
        "s3_output_location",
        "Query result location",
        Always,
        Some("s3://my-bucket/athena-results/"),
    ),
    string(
        "access_key_id",
        "Access key ID",
        Always,
        Some("AKIAIOSFODNN7EXAMPLE"),
    ),
    field(
        "secret_access_key",
        "Secret access key",
        Password,
        Always,
        None,
    ),
    string("workgroup", "Workgroup", Optional, Some("primary")),
    string("catalog", "Data catalog", Optional, Some("AwsDataCatalog")),
];

const S3_FIELDS: &[ConfigField] = &[
    string("bucket", "Bucket", Always, Some("my-exports")),
    string("region", "AWS region", Always, Some("us-east-1")),
    string("path_prefix", "Path prefix", Optional, Some("exports/")),
    string(
        "role_arn",
        "IAM role ARN",
        Optional,
        Some("arn:aws:iam::123456789012:role/census"),
    ),
    string("access_key_id", "Access key ID", Optional, None),
    field(
        "secret_access_key",
        "Secret access key",
        Password,
        Optional,
        None,
    ),
];

const AIRTABLE_FIELDS: &[ConfigField] = &[
    string("base_id", "Base ID", Always, Some("appXXXXXXXXXXXXXX")),
    field(
        "personal_access_token",
        "Personal access token",
        Password,
        Always,
        Some("pat..."),
    ),
];

/// Every source type the local Census knows, in the fixed order `/source_types` lists them
/// (`order=asc`; the default `desc` is the reverse).
pub const CATALOGUE: &[SourceType] = &[
    SourceType {
        service_name: "snowflake",
        label: "Snowflake",
        documentation_slug: "snowflake",
        creatable_via_api: true,
        creatable_via_connect_link: true,
        supported_sync_engines: BOTH_ENGINES,
        supports_warehouse_writeback: true,
        configuration_fields: Some(SNOWFLAKE_FIELDS),
        name_keys: &["account"],
        ssh_tunnel: false,
    },
    SourceType {
        service_name: "big_query",
        label: "BigQuery",
        documentation_slug: "google-bigquery",
        creatable_via_api: true,
        creatable_via_connect_link: true,
        supported_sync_engines: BOTH_ENGINES,
        supports_warehouse_writeback: true,
        configuration_fields: Some(BIG_QUERY_FIELDS),
        name_keys: &["project_id"],
        ssh_tunnel: false,
    },
    SourceType {
        service_name: "redshift",
        label: "Redshift",
        documentation_slug: "amazon-redshift",
        creatable_via_api: true,
        creatable_via_connect_link: true,
        supported_sync_engines: BOTH_ENGINES,
        supports_warehouse_writeback: true,
        configuration_fields: Some(REDSHIFT_FIELDS),
        name_keys: &["hostname", "host"],
        ssh_tunnel: true,
    },
    SourceType {
        service_name: "postgres",
        label: "Postgres",
        documentation_slug: "postgres",
        creatable_via_api: true,
        creatable_via_connect_link: true,
        supported_sync_engines: BASIC,
        supports_warehouse_writeback: false,
        configuration_fields: Some(POSTGRES_FIELDS),
        name_keys: &["hostname", "host"],
        ssh_tunnel: true,
    },
    SourceType {
        service_name: "mysql",
        label: "MySQL",
        documentation_slug: "mysql",
        creatable_via_api: true,
        creatable_via_connect_link: true,
        supported_sync_engines: BASIC,
        supports_warehouse_writeback: false,
        configuration_fields: Some(MYSQL_FIELDS),
        name_keys: &["hostname", "host"],
        ssh_tunnel: true,
    },
    SourceType {
        service_name: "databricks",
        label: "Databricks",
        documentation_slug: "databricks",
        creatable_via_api: true,
        creatable_via_connect_link: true,
        supported_sync_engines: BOTH_ENGINES,
        supports_warehouse_writeback: true,
        configuration_fields: Some(DATABRICKS_FIELDS),
        name_keys: &["server_hostname"],
        ssh_tunnel: false,
    },
    SourceType {
        service_name: "sqlserver",
        label: "SQL Server",
        documentation_slug: "microsoft-sql-server",
        creatable_via_api: true,
        creatable_via_connect_link: true,
        supported_sync_engines: BASIC,
        supports_warehouse_writeback: false,
        configuration_fields: Some(SQLSERVER_FIELDS),
        name_keys: &["hostname", "host"],
        ssh_tunnel: true,
    },
    SourceType {
        service_name: "athena",
        label: "Amazon Athena",
        documentation_slug: "amazon-athena",
        creatable_via_api: true,
        creatable_via_connect_link: true,
        supported_sync_engines: BASIC,
        supports_warehouse_writeback: false,
        configuration_fields: Some(ATHENA_FIELDS),
        name_keys: &["region"],
        ssh_tunnel: false,
    },
    SourceType {
        service_name: "s3",
        label: "Amazon S3",
        documentation_slug: "amazon-s3",
        creatable_via_api: true,
        creatable_via_connect_link: false,
        supported_sync_engines: BASIC,
        supports_warehouse_writeback: false,
        configuration_fields: Some(S3_FIELDS),
        name_keys: &["bucket"],
        ssh_tunnel: false,
    },
    // Creatable, but the API does not describe its fields: any credentials object is taken.
    SourceType {
        service_name: "trino",
        label: "Trino",
        documentation_slug: "trino",
        creatable_via_api: true,
        creatable_via_connect_link: false,
        supported_sync_engines: BASIC,
        supports_warehouse_writeback: false,
        configuration_fields: None,
        name_keys: &["hostname", "host"],
        ssh_tunnel: false,
    },
    // Events posted to Census over HTTP, grouped in topics (`/sources/{id}/topics`); there are
    // no credentials to describe, so any credentials object (`{}`) is taken.
    SourceType {
        service_name: "http_request",
        label: "HTTP Request",
        documentation_slug: "http-request",
        creatable_via_api: true,
        creatable_via_connect_link: false,
        supported_sync_engines: BASIC,
        supports_warehouse_writeback: false,
        configuration_fields: None,
        name_keys: &[],
        ssh_tunnel: false,
    },
    // Connected through OAuth in the Census app or a Connect Link, never through the API.
    SourceType {
        service_name: "google_sheets",
        label: "Google Sheets",
        documentation_slug: "google-sheets",
        creatable_via_api: false,
        creatable_via_connect_link: true,
        supported_sync_engines: BASIC,
        supports_warehouse_writeback: false,
        configuration_fields: None,
        name_keys: &["spreadsheet_id"],
        ssh_tunnel: false,
    },
    SourceType {
        service_name: "airtable",
        label: "Airtable",
        documentation_slug: "airtable",
        creatable_via_api: false,
        creatable_via_connect_link: true,
        supported_sync_engines: BASIC,
        supports_warehouse_writeback: false,
        configuration_fields: Some(AIRTABLE_FIELDS),
        name_keys: &["base_id"],
        ssh_tunnel: false,
    },
    SourceType {
        service_name: "salesforce",
        label: "Salesforce",
        documentation_slug: "salesforce",
        creatable_via_api: false,
        creatable_via_connect_link: true,
        supported_sync_engines: BASIC,
        supports_warehouse_writeback: false,
        configuration_fields: None,
        name_keys: &["instance_url"],
        ssh_tunnel: false,
    },
];

impl ConfigField {
    /// The field as the API shows it (`configuration_fields.fields[]`): its requirement as
    /// `rules`, with a `show` condition for the conditional ones; a secret as
    /// `is_password_type_field`; text and JSON as a `textarea`.
    fn view(&self) -> models::ConfigurationField {
        let required = || Some(serde_json::json!(["required"]));
        let (rules, show) = match self.requirement {
            Requirement::Always => (required(), None),
            Requirement::Optional => (Some(serde_json::json!([])), None),
            Requirement::UnlessTrue(flag) => (
                required(),
                Some(serde_json::json!({ "if": { flag: false } })),
            ),
            Requirement::WhenTrue(flag) => (required(), Some(serde_json::json!({ "if": flag }))),
        };
        let (field_type, input) = match self.field_type {
            FieldType::String | FieldType::Password => (models::FieldType::String, "textbox"),
            FieldType::Integer => (models::FieldType::Integer, "textbox"),
            FieldType::Boolean => (models::FieldType::Boolean, "toggle"),
            FieldType::Text | FieldType::Json => (models::FieldType::String, "textarea"),
        };
        let mut input_type = JsonObject::new();
        input_type.insert("type".into(), input.into());
        models::ConfigurationField {
            id: self.name.into(),
            label: Some(self.label.into()),
            field_type: Some(field_type),
            rules,
            show,
            is_password_type_field: Some(self.secret),
            placeholder: self.placeholder.map(Value::from),
            possible_values: None,
            input_type: Some(input_type),
            matches: None,
            read_more: None,
        }
    }
}

impl Serialize for SourceType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        models::SourceType {
            service_name: self.service_name.into(),
            label: self.label.into(),
            documentation_slug: Some(self.documentation_slug.into()),
            creatable_via_api: self.creatable_via_api,
            creatable_via_connect_link: Some(self.creatable_via_connect_link),
            supported_sync_engines: Some(
                self.supported_sync_engines
                    .iter()
                    .map(|engine| models::SyncEngine::from_wire(engine))
                    .collect(),
            ),
            supports_warehouse_writeback: Some(self.supports_warehouse_writeback),
            configuration_fields: self.configuration_fields.map(|fields| {
                models::ConfigurationFields {
                    fields: fields.iter().map(ConfigField::view).collect(),
                }
            }),
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::is_secret_key;

    #[test]
    fn the_catalogue_is_consistent() {
        let mut names: Vec<&str> = CATALOGUE.iter().map(|t| t.service_name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CATALOGUE.len(), "service names are unique");
        for kind in CATALOGUE {
            assert!(kind.supports_engine("basic"), "{}", kind.service_name);
            assert!(
                kind.supported_sync_engines
                    .iter()
                    .all(|e| ["basic", "advanced"].contains(e))
            );
            let Some(fields) = kind.configuration_fields else {
                continue;
            };
            for field in fields {
                // What the catalogue calls secret is exactly what connection_details hides.
                assert_eq!(
                    field.secret,
                    is_secret_key(field.name),
                    "{}.{}",
                    kind.service_name,
                    field.name
                );
                if let Requirement::UnlessTrue(flag) | Requirement::WhenTrue(flag) =
                    field.requirement
                {
                    assert!(
                        fields
                            .iter()
                            .any(|f| f.name == flag && f.field_type == Boolean),
                        "{flag} is a boolean field of {}",
                        kind.service_name
                    );
                }
            }
            let mut field_names: Vec<&str> = fields.iter().map(|f| f.name).collect();
            field_names.sort_unstable();
            field_names.dedup();
            assert_eq!(field_names.len(), fields.len(), "{}", kind.service_name);
        }
    }

    #[test]
    fn missing_credentials_follow_the_conditions() {
        let snowflake = source_type("snowflake").expect("snowflake");
        let credentials = |json: &str| -> JsonObject { serde_json::from_str(json).expect("json") };
        assert_eq!(
            snowflake.missing_credentials(&credentials("{}")),
            ["account", "warehouse", "user", "password"]
        );
        assert_eq!(
            snowflake.missing_credentials(&credentials(
                r#"{"account": "a", "warehouse": " ", "user": null, "password": "p"}"#
            )),
            ["warehouse", "user"]
        );
        assert_eq!(
            snowflake.missing_credentials(&credentials(
                r#"{"account": "a", "warehouse": "w", "user": "u", "use_keypair": true}"#
            )),
            ["private_key"]
        );
        let trino = source_type("trino").expect("trino");
        assert!(trino.missing_credentials(&credentials("{}")).is_empty());
        let redshift = source_type("redshift").expect("redshift");
        assert!(
            redshift
                .missing_credentials(&credentials(
                    r#"{"hostname": "h", "port": "5439", "database": "d", "user": "u", "password": "p"}"#
                ))
                .is_empty(),
            "the documented create body is complete"
        );
    }
}
