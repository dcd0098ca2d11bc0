//! What a source contains: the tables Census found in the warehouse and the SQL models written
//! on top of them, generated deterministically for each source.
//!
//! Ids come from one workspace-wide counter, tables first and then models, so every id is
//! unique across both kinds and across sources, and a higher id is a newer object.

pub use census_core::models::Column;
use census_core::models::{JsonObject, Model as WireModel, Table as WireTable};
use census_core::workspace_models::Segment;
use serde::Serialize;
use serde_json::Value;

use crate::clock::iso8601;
use crate::prng::Prng;

/// The `service_name` of the HTTP-request source type, the only one with topics.
pub const HTTP_REQUEST: &str = "http_request";

/// The first table or model id of a freshly seeded workspace.
pub const FIRST_OBJECT_ID: u64 = 1;

/// Mixed with a source id to seed that source's own generator, so a source's tables and models
/// depend only on the source (and the ids taken before it), never on the other seed draws.
const OBJECTS_SEED: u64 = 0x7AB1_E5C0_1DE5_2026;

/// A table of a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub id: u64,
    pub catalog: String,
    pub schema: String,
    pub name: String,
    pub columns: Vec<Column>,
}

impl Table {
    /// The `search` filter of `GET /sources/{id}/tables`, with `needle` already lowercased:
    /// a term without a dot is a case-insensitive substring of `table_name`; a term with a dot
    /// is a substring of `schema.table` (so `analytics.orders` and `ytics.ord` both find
    /// `analytics.orders`).
    pub fn matches(&self, needle: &str) -> bool {
        if needle.contains('.') {
            format!("{}.{}", self.schema, self.name)
                .to_lowercase()
                .contains(needle)
        } else {
            self.name.to_lowercase().contains(needle)
        }
    }

    /// The wire form: in lists without `columns`, fetched alone with them.
    pub fn wire(&self, with_columns: bool) -> WireTable {
        WireTable {
            id: self.id,
            table_catalog: Some(self.catalog.clone()),
            table_schema: Some(self.schema.clone()),
            table_name: self.name.clone(),
            columns: with_columns.then(|| self.columns.clone()),
            // The lists and fetches add it as the tag of their union.
            table_type: None,
        }
    }
}

/// A SQL model of a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    pub id: u64,
    pub name: String,
    pub query: String,
    pub created_ms: i64,
    pub updated_ms: i64,
    /// The compiled SQL of a dbt-backed model; `None` for a model written in Census.
    pub compiled_query: Option<String>,
    pub columns: Vec<Column>,
    /// Set through `POST`/`PATCH /sources/{id}/models`; seeded models have none.
    pub description: Option<String>,
}

impl Model {
    /// The wire form: `detailed` (fetched alone) with `columns`. The model is also a source
    /// object and (as Census now calls models) a SQL dataset: `source_object_id` and the
    /// API's own misspelt `"dataset_id="` both carry its id.
    pub fn wire(&self, detailed: bool) -> WireModel {
        WireModel {
            id: self.id,
            name: self.name.clone(),
            query: Some(self.query.clone()),
            created_at: Some(iso8601(self.created_ms)),
            updated_at: Some(iso8601(self.updated_ms)),
            compiled_query: self.compiled_query.clone(),
            columns: detailed.then(|| self.columns.clone()),
            description: self.description.clone(),
            source_object_id: Some(self.id),
            dataset_id_deprecated: Some(self.id),
            // The lists and fetches add it as the tag of their union.
            model_type: None,
        }
    }
}

/// An item of `GET /sources/{id}/objects`: the client's own models, tagged by `type`
/// (census-core has the table-or-model union of the legacy list, `DataSource`, but no union
/// with segments).
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SourceObject {
    Table(WireTable),
    Model(WireModel),
    Segment(Segment),
}

/// Everything a source contains.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Objects {
    /// Ordered by id.
    pub tables: Vec<Table>,
    /// Ordered by id, every one above the source's table ids.
    pub models: Vec<Model>,
}

/// How much a source holds.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    /// A source in use: 3 to 40 tables and 0 to 6 models, written between the source's
    /// creation and `until_ms`.
    Established { until_ms: i64 },
    /// A source just connected through the API: 3 to 8 tables, no models yet.
    New,
}

/// What a column holds; its type name depends on the warehouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Id,
    Int,
    Text,
    Code,
    Decimal,
    Float,
    Timestamp,
    Date,
    Bool,
    Array,
    Object,
}

use Kind::{Array, Bool, Code, Date, Decimal, Float, Id, Int, Object, Text, Timestamp};

/// Tables found in warehouses, each with its columns in order (the first identifies a row).
const TEMPLATES: &[(&str, &[(&str, Kind)])] = &[
    (
        "users",
        &[
            ("id", Id),
            ("email", Text),
            ("first_name", Text),
            ("last_name", Text),
            ("created_at", Timestamp),
            ("updated_at", Timestamp),
            ("is_active", Bool),
            ("plan", Code),
            ("country", Code),
            ("signup_source", Text),
            ("last_login_at", Timestamp),
            ("tags", Array),
            ("lifetime_value", Decimal),
            ("company_id", Id),
        ],
    ),
    (
        "accounts",
        &[
            ("id", Id),
            ("name", Text),
            ("domain", Text),
            ("industry", Text),
            ("employee_count", Int),
            ("arr", Decimal),
            ("created_at", Timestamp),
            ("owner_email", Text),
            ("is_customer", Bool),
            ("tags", Array),
        ],
    ),
    (
        "orders",
        &[
            ("id", Id),
            ("user_id", Id),
            ("status", Code),
            ("total_amount", Decimal),
            ("currency", Code),
            ("created_at", Timestamp),
            ("shipped_at", Timestamp),
            ("is_gift", Bool),
            ("coupon_code", Code),
            ("line_item_count", Int),
        ],
    ),
    (
        "order_items",
        &[
            ("id", Id),
            ("order_id", Id),
            ("product_id", Id),
            ("quantity", Int),
            ("unit_price", Decimal),
            ("discount", Decimal),
        ],
    ),
    (
        "products",
        &[
            ("id", Id),
            ("sku", Code),
            ("name", Text),
            ("category", Text),
            ("price", Decimal),
            ("is_active", Bool),
            ("created_at", Timestamp),
            ("attributes", Object),
        ],
    ),
    (
        "subscriptions",
        &[
            ("id", Id),
            ("account_id", Id),
            ("plan", Code),
            ("status", Code),
            ("mrr", Decimal),
            ("started_at", Timestamp),
            ("canceled_at", Timestamp),
            ("trial_ends_at", Timestamp),
            ("seats", Int),
            ("billing_interval", Code),
        ],
    ),
    (
        "invoices",
        &[
            ("id", Id),
            ("subscription_id", Id),
            ("amount_due", Decimal),
            ("amount_paid", Decimal),
            ("status", Code),
            ("issued_at", Timestamp),
            ("due_at", Date),
            ("paid_at", Timestamp),
        ],
    ),
    (
        "payments",
        &[
            ("id", Id),
            ("invoice_id", Id),
            ("amount", Decimal),
            ("method", Code),
            ("succeeded", Bool),
            ("created_at", Timestamp),
        ],
    ),
    (
        "events",
        &[
            ("id", Id),
            ("user_id", Id),
            ("event_name", Text),
            ("occurred_at", Timestamp),
            ("properties", Object),
            ("session_id", Text),
            ("platform", Code),
        ],
    ),
    (
        "pageviews",
        &[
            ("id", Id),
            ("anonymous_id", Text),
            ("user_id", Id),
            ("url", Text),
            ("referrer", Text),
            ("viewed_at", Timestamp),
            ("utm_source", Text),
            ("utm_campaign", Text),
        ],
    ),
    (
        "sessions",
        &[
            ("id", Id),
            ("user_id", Id),
            ("started_at", Timestamp),
            ("ended_at", Timestamp),
            ("device", Code),
            ("country", Code),
        ],
    ),
    (
        "leads",
        &[
            ("id", Id),
            ("email", Text),
            ("full_name", Text),
            ("company", Text),
            ("status", Code),
            ("source", Text),
            ("score", Int),
            ("created_at", Timestamp),
        ],
    ),
    (
        "contacts",
        &[
            ("id", Id),
            ("email", Text),
            ("phone", Code),
            ("first_name", Text),
            ("last_name", Text),
            ("account_id", Id),
            ("lifecycle_stage", Code),
            ("opted_in", Bool),
            ("updated_at", Timestamp),
        ],
    ),
    (
        "opportunities",
        &[
            ("id", Id),
            ("account_id", Id),
            ("name", Text),
            ("stage", Code),
            ("amount", Decimal),
            ("close_date", Date),
            ("probability", Float),
            ("owner_email", Text),
            ("is_won", Bool),
        ],
    ),
    (
        "tickets",
        &[
            ("id", Id),
            ("requester_email", Text),
            ("subject", Text),
            ("priority", Code),
            ("status", Code),
            ("created_at", Timestamp),
            ("solved_at", Timestamp),
            ("tags", Array),
        ],
    ),
    (
        "campaigns",
        &[
            ("id", Id),
            ("name", Text),
            ("channel", Code),
            ("budget", Decimal),
            ("started_at", Timestamp),
            ("ended_at", Timestamp),
            ("is_active", Bool),
        ],
    ),
    (
        "email_sends",
        &[
            ("id", Id),
            ("campaign_id", Id),
            ("email", Text),
            ("sent_at", Timestamp),
            ("opened", Bool),
            ("clicked", Bool),
            ("bounced", Bool),
        ],
    ),
    (
        "feature_flags",
        &[
            ("key", Code),
            ("description", Text),
            ("enabled", Bool),
            ("rollout_percentage", Float),
            ("updated_at", Timestamp),
        ],
    ),
    (
        "experiments",
        &[
            ("id", Id),
            ("name", Text),
            ("variant", Code),
            ("user_id", Id),
            ("assigned_at", Timestamp),
            ("converted", Bool),
        ],
    ),
    (
        "nps_responses",
        &[
            ("id", Id),
            ("user_id", Id),
            ("score", Int),
            ("comment", Text),
            ("responded_at", Timestamp),
        ],
    ),
    (
        "inventory",
        &[
            ("sku", Code),
            ("warehouse", Code),
            ("quantity_on_hand", Int),
            ("reorder_point", Int),
            ("updated_at", Timestamp),
        ],
    ),
    (
        "shipments",
        &[
            ("id", Id),
            ("order_id", Id),
            ("carrier", Code),
            ("tracking_number", Code),
            ("status", Code),
            ("shipped_at", Timestamp),
            ("delivered_at", Timestamp),
        ],
    ),
    (
        "refunds",
        &[
            ("id", Id),
            ("order_id", Id),
            ("amount", Decimal),
            ("reason", Text),
            ("created_at", Timestamp),
        ],
    ),
    (
        "user_segments",
        &[
            ("user_id", Id),
            ("segment", Code),
            ("computed_at", Timestamp),
            ("score", Float),
        ],
    ),
    (
        "dim_customers",
        &[
            ("customer_id", Id),
            ("email", Text),
            ("full_name", Text),
            ("first_order_at", Timestamp),
            ("order_count", Int),
            ("lifetime_value", Decimal),
            ("is_vip", Bool),
            ("segments", Array),
            ("updated_at", Timestamp),
        ],
    ),
    (
        "fct_revenue",
        &[
            ("date", Date),
            ("account_id", Id),
            ("mrr", Decimal),
            ("arr", Decimal),
            ("new_mrr", Decimal),
            ("churned_mrr", Decimal),
            ("expansion_mrr", Decimal),
        ],
    ),
    (
        "product_usage_daily",
        &[
            ("date", Date),
            ("account_id", Id),
            ("active_users", Int),
            ("events_count", Int),
            ("feature_adoption", Object),
        ],
    ),
    (
        "audit_log",
        &[
            ("id", Id),
            ("actor_email", Text),
            ("action", Code),
            ("target", Text),
            ("created_at", Timestamp),
            ("metadata", Object),
        ],
    ),
    (
        "workspaces",
        &[
            ("id", Id),
            ("name", Text),
            ("plan", Code),
            ("seats", Int),
            ("created_at", Timestamp),
            ("owner_id", Id),
        ],
    ),
    (
        "customer_health_scores",
        &[
            ("account_id", Id),
            ("health_score", Float),
            ("risk_level", Code),
            ("nps", Int),
            ("open_tickets", Int),
            ("last_active_at", Timestamp),
            ("computed_at", Timestamp),
            ("drivers", Array),
            ("csm_email", Text),
            ("renewal_date", Date),
            ("arr", Decimal),
            ("seats_used", Int),
            ("seats_purchased", Int),
            ("is_at_risk", Bool),
            ("notes", Text),
        ],
    ),
];

/// What models are written for: the prefix of their names.
const MODEL_PURPOSES: &[&str] = &[
    "active",
    "recent",
    "high_value",
    "braze",
    "hubspot",
    "salesforce",
    "churn_risk",
    "marketo",
    "trial",
];

/// Where a source's tables live, as its warehouse names things.
struct Layout {
    catalog: String,
    schemas: Vec<String>,
    /// Snowflake folds unquoted identifiers to upper case.
    upper: bool,
}

fn credential(credentials: &JsonObject, key: &str) -> Option<String> {
    match credentials.get(key) {
        Some(Value::String(text)) if !text.trim().is_empty() => Some(text.trim().to_owned()),
        _ => None,
    }
}

fn layout(rng: &mut Prng, service: &str, credentials: &JsonObject) -> Layout {
    let given = |key: &str| credential(credentials, key);
    let strings = |names: &[&str]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for name in names {
            if !out.iter().any(|known| known == name) {
                out.push((*name).to_owned());
            }
        }
        out
    };
    let (catalog, schemas, upper) = match service {
        "snowflake" => (
            given("database").unwrap_or_else(|| {
                rng.pick(&["ANALYTICS", "PROD", "RAW", "WAREHOUSE"])
                    .to_string()
            }),
            strings(&["PUBLIC", "MARTS", "STAGING", "CENSUS", "REPORTING"]),
            true,
        ),
        "big_query" => (
            given("project_id").unwrap_or_else(|| "analytics-prod".into()),
            strings(&["analytics", "marts", "dbt_prod", "crm", "events"]),
            false,
        ),
        "redshift" => (
            given("database").unwrap_or_else(|| "dev".into()),
            strings(&["public", "analytics", "marts", "staging"]),
            false,
        ),
        "postgres" => (
            given("database").unwrap_or_else(|| "postgres".into()),
            strings(&["public", "analytics", "billing"]),
            false,
        ),
        // MySQL's information_schema reports every table in catalog `def`; a database is a schema.
        "mysql" => {
            let database = given("database").unwrap_or_else(|| "app".into());
            (
                "def".into(),
                strings(&[&database, "crm", "reporting"]),
                false,
            )
        }
        "databricks" => {
            let schema = given("schema").unwrap_or_else(|| "default".into());
            (
                given("catalog").unwrap_or_else(|| "main".into()),
                strings(&[&schema, "marts", "silver", "gold"]),
                false,
            )
        }
        "sqlserver" => (
            given("database").unwrap_or_else(|| "master".into()),
            strings(&["dbo", "sales", "reporting"]),
            false,
        ),
        "athena" => (
            given("catalog").unwrap_or_else(|| "AwsDataCatalog".into()),
            strings(&["analytics", "raw_events", "marts"]),
            false,
        ),
        "s3" => (
            given("bucket").unwrap_or_else(|| "s3".into()),
            strings(&["exports", "landing"]),
            false,
        ),
        _ => (
            given("database")
                .or_else(|| given("catalog"))
                .unwrap_or_else(|| "default".into()),
            strings(&["public", "analytics"]),
            false,
        ),
    };
    let case = |text: String| {
        if upper {
            text.to_ascii_uppercase()
        } else {
            text
        }
    };
    Layout {
        catalog: case(catalog),
        schemas: schemas.into_iter().map(case).collect(),
        upper,
    }
}

/// The type Census shows for a column of `kind` in a `service` warehouse.
fn type_name(service: &str, kind: Kind) -> &'static str {
    let snowflake = service == "snowflake";
    match kind {
        Id | Int if snowflake => "number (38,0)",
        Id | Int => "integer",
        Text => "text (2000)",
        Code => "text (256)",
        Decimal if snowflake => "number (18,2)",
        Decimal => "decimal (18,2)",
        Float => "float",
        Timestamp => "timestamp",
        Date => "date",
        Bool => "boolean",
        Array => "array",
        Object => "object",
    }
}

/// An SQL condition on `column` for the last 30 days, in the warehouse's dialect.
fn last_30_days(service: &str, column: &str) -> String {
    match service {
        "snowflake" | "redshift" => format!("{column} >= dateadd(day, -30, current_date)"),
        "big_query" => {
            format!("{column} >= timestamp_sub(current_timestamp(), interval 30 day)")
        }
        "sqlserver" => format!("{column} >= dateadd(day, -30, getdate())"),
        "postgres" => format!("{column} >= current_date - interval '30 days'"),
        _ => format!("{column} >= current_date - interval '30' day"),
    }
}

/// Generates the tables and models of source `source_id`, taking ids from `next_id`.
pub fn generate(
    source_id: u64,
    service: &str,
    credentials: &JsonObject,
    created_ms: i64,
    scope: Scope,
    next_id: &mut u64,
) -> Objects {
    // Events arrive in an HTTP-request source through its topics; Census finds no warehouse
    // tables there (seeding gives the seeded one a table per topic).
    if service == HTTP_REQUEST {
        return Objects::default();
    }
    let mut rng = Prng(OBJECTS_SEED ^ source_id.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let layout = layout(&mut rng, service, credentials);
    let count = match scope {
        Scope::Established { .. } => 3 + rng.below(38),
        Scope::New => 3 + rng.below(6),
    };

    // Every (schema, template) pair, shuffled; the first `count` are the source's tables,
    // discovered (and so numbered) in schema and name order.
    let mut pairs: Vec<(usize, usize)> = (0..layout.schemas.len())
        .flat_map(|s| (0..TEMPLATES.len()).map(move |t| (s, t)))
        .collect();
    for i in (1..pairs.len()).rev() {
        let j = usize::try_from(rng.below(i as u64 + 1)).unwrap_or(0);
        pairs.swap(i, j);
    }
    let mut chosen: Vec<(usize, usize)> = pairs.into_iter().take(count as usize).collect();
    chosen.sort_by(|a, b| {
        (&layout.schemas[a.0], TEMPLATES[a.1].0).cmp(&(&layout.schemas[b.0], TEMPLATES[b.1].0))
    });

    let case = |text: &str| {
        if layout.upper {
            text.to_ascii_uppercase()
        } else {
            text.to_owned()
        }
    };
    // A few ids were taken by objects since deleted.
    *next_id += rng.below(4);
    let tables: Vec<Table> = chosen
        .into_iter()
        .map(|(schema, template)| {
            let (name, columns) = TEMPLATES[template];
            // Older copies of a table lack its newest columns; at least two always remain.
            let dropped = rng.below((columns.len() as u64 - 2).min(3) + 1) as usize;
            let columns = columns[..columns.len() - dropped]
                .iter()
                .map(|(column, kind)| Column {
                    name: case(column),
                    column_type: type_name(service, *kind).to_owned(),
                })
                .collect();
            let id = *next_id;
            *next_id += 1;
            Table {
                id,
                catalog: layout.catalog.clone(),
                schema: layout.schemas[schema].clone(),
                name: case(name),
                columns,
            }
        })
        .collect();

    let Scope::Established { until_ms } = scope else {
        return Objects {
            tables,
            models: Vec::new(),
        };
    };
    let model_count = *rng.pick(&[0, 0, 1, 2, 2, 3, 4, 5, 6]);
    let mut models: Vec<Model> = Vec::with_capacity(model_count);
    for _ in 0..model_count {
        let base = rng.pick(&tables);
        let mut name = format!("{}_{}", rng.pick(MODEL_PURPOSES), base.name.to_lowercase());
        while models.iter().any(|m| m.name == name) {
            name.push_str("_v2");
        }
        // The row identifier, and some of the other columns in table order.
        let mut columns = vec![base.columns[0].clone()];
        for column in &base.columns[1..] {
            if columns.len() < 8 && rng.chance(60) {
                columns.push(column.clone());
            }
        }
        if columns.len() < 2 {
            columns.push(base.columns[1].clone());
        }
        let filter = base
            .columns
            .iter()
            .find(|c| c.column_type == "boolean")
            .map(|c| c.name.clone())
            .or_else(|| {
                base.columns
                    .iter()
                    .find(|c| c.column_type == "timestamp")
                    .map(|c| last_30_days(service, &c.name))
            });
        let filter = filter.map_or_else(String::new, |f| format!("\nwhere {f}"));
        let list = columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(",\n    ");
        let qualified = match service {
            "big_query" => format!("`{}.{}.{}`", base.catalog, base.schema, base.name),
            // MySQL names a table by database (its schema) alone; `def` is not addressable.
            "mysql" => format!("{}.{}", base.schema, base.name),
            _ => format!("{}.{}.{}", base.catalog, base.schema, base.name),
        };
        let (query, compiled_query) = if rng.chance(45) {
            (
                format!(
                    "select\n    {list}\nfrom {{{{ ref('{}') }}}}{filter}\n",
                    base.name.to_lowercase()
                ),
                Some(format!("select\n    {list}\nfrom {qualified}{filter}\n")),
            )
        } else {
            (
                format!(
                    "select {} from {}.{}{}",
                    list.replace(",\n    ", ", "),
                    base.schema,
                    base.name,
                    filter.replace('\n', " ")
                ),
                None,
            )
        };
        let span = (until_ms - created_ms).max(0) as u64;
        let model_created = created_ms + rng.below(span + 1) as i64;
        let model_updated =
            model_created + rng.below((until_ms - model_created).max(0) as u64 + 1) as i64;
        *next_id += 1 + rng.below(3);
        models.push(Model {
            id: *next_id - 1,
            name,
            query,
            created_ms: model_created,
            updated_ms: model_updated,
            compiled_query,
            columns,
            description: None,
        });
    }
    Objects { tables, models }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials(json: &str) -> JsonObject {
        serde_json::from_str(json).expect("json")
    }

    #[test]
    fn generation_is_deterministic_and_well_formed() {
        let creds = credentials(r#"{"account": "acme.us-east-1", "warehouse": "W"}"#);
        let until = 1_767_225_600_000;
        let mut next = FIRST_OBJECT_ID;
        let a = generate(
            7,
            "snowflake",
            &creds,
            until - 1_000_000,
            Scope::Established { until_ms: until },
            &mut next,
        );
        let mut again = FIRST_OBJECT_ID;
        let b = generate(
            7,
            "snowflake",
            &creds,
            until - 1_000_000,
            Scope::Established { until_ms: until },
            &mut again,
        );
        assert_eq!(a, b);
        assert_eq!(next, again);
        assert!((3..=40).contains(&a.tables.len()));
        assert!(a.models.len() <= 6);
        let ids: Vec<u64> = a
            .tables
            .iter()
            .map(|t| t.id)
            .chain(a.models.iter().map(|m| m.id))
            .collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
        assert!(ids.iter().all(|id| *id < next));
        for table in &a.tables {
            assert!((2..=15).contains(&table.columns.len()));
            assert_eq!(
                table.name,
                table.name.to_ascii_uppercase(),
                "snowflake folds case"
            );
        }
        for model in &a.models {
            assert!(model.created_ms <= model.updated_ms && model.updated_ms <= until);
            assert!(model.columns.len() >= 2);
        }
    }

    #[test]
    fn scopes_differ_and_sources_vary() {
        let creds = credentials(r#"{"database": "demo"}"#);
        let mut next = 100;
        let fresh = generate(3, "postgres", &creds, 0, Scope::New, &mut next);
        assert!((3..=8).contains(&fresh.tables.len()));
        assert!(fresh.models.is_empty());
        assert!(
            fresh
                .tables
                .iter()
                .all(|t| t.catalog == "demo" && t.id >= 100)
        );
        let counts: std::collections::BTreeSet<usize> = (1..40)
            .map(|id| {
                let mut next = 1;
                generate(
                    id,
                    "redshift",
                    &creds,
                    0,
                    Scope::Established { until_ms: 10 },
                    &mut next,
                )
                .tables
                .len()
            })
            .collect();
        assert!(counts.len() > 5, "table counts vary: {counts:?}");
    }

    #[test]
    fn search_matches_names_or_qualified_names() {
        let table = Table {
            id: 1,
            catalog: "dev".into(),
            schema: "analytics".into(),
            name: "Orders".into(),
            columns: Vec::new(),
        };
        assert!(table.matches("order"));
        assert!(table.matches("analytics.orders"));
        assert!(table.matches("ytics.ord"));
        assert!(
            !table.matches("analytics"),
            "a dotless term is matched on the name"
        );
        assert!(!table.matches("public.orders"));
    }
}
