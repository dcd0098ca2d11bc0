//! The whole seeded workspace: [`Store::seeded`]'s sources, then the destination side laid over
//! them, the same on every machine and after every reset.
//!
//! **Destinations** (ids fixed whatever `--seed`; the next created gets 19):
//!
//! | id | type | name | objects |
//! |---|---|---|---|
//! | 12 | google_sheets | Google Sheets | `Weekly Signups`, `Q3 Pipeline Review`, `Customers (export)` |
//! | 14 | hubspot | HubSpot | `contact`, `company` (shows `credentials: {}`, as 003 does) |
//! | 15 | braze | Braze | `user`, `event` |
//! | 16 | salesforce | Salesforce Production | `Account`, `Contact`, `Lead` |
//! | 18 | s3 | S3 exports | `exports/2024/users.csv`, `exports/2024/accounts.csv`, `données/été 50%?#1.csv`, `reports/q1 summary: v1.2.json` |
//!
//! **Syncs** (ids fixed; the next created gets 67). Each reads a table or model of a seeded
//! source chosen by name (`users`, `contacts`, …), so which source depends on `--seed`; with no
//! seeded source there are no syncs. Every seeded sync passes the same checks as `POST /syncs`.
//!
//! | id | label | to | schedule | triggered runs |
//! |---|---|---|---|---|
//! | 52 | Braze users | 15 `user`, upsert | hourly at :15 | complete |
//! | 53 | Braze purchase events | 15 `event`, append | mode triggered: daily 06:00, after sync 52 | complete |
//! | 55 | Salesforce contacts | 16 `Contact`, upsert | daily 06:30 | complete |
//! | 58 | Salesforce leads | 16 `Lead`, upsert | mode triggered: dbt Cloud job | **fail**: `JSON_ARRAY_ERROR` (maps `custom_field:Users` from a non-array column) |
//! | 60 | HubSpot contacts | 14 `contact`, upsert | never | complete |
//! | 61 | HubSpot companies | 14 `company`, update | weekly, Monday 09:00 | complete |
//! | 63 | Weekly signups sheet | 12 `Weekly Signups`, mirror, no primary identifier | cron `0 8 * * 1` | **skip** |
//! | 64 | S3 users export | 18 `exports/2024/users.csv`, mirror | mode live | complete |
//! | 66 | Export été 50% | 18 `données/été 50%?#1.csv`, append, paused | daily 23:45 | complete |
//!
//! Each sync also has past runs (30 for sync 52, so its run list pages; 3 to 6 for the others),
//! completed, failed and skipped ones, numbered from 90 in creation order, all before 2026.

use census_core::models::JsonObject;
use census_core::syncs::Destination;
use serde_json::Value;

use crate::clock::iso8601;
use crate::connectors::connector;
use crate::extras;
use crate::objects::Column;
use crate::outbound::{DestinationRecord, Outbound};
use crate::prng::Prng;
use crate::schemas;
use crate::store::{Record, SEED_ANCHOR_MS, Store};
use crate::sync_body;
use crate::timeline::{Failure, Outcome, RunClock, RunRecord, counts, trigger_reason};

/// The first seeded run id (document 003's runs are numbered 92 to 94).
const FIRST_RUN_ID: u64 = 90;
/// The constant the seeded runs' timing grows from.
const RUNS_SEED: u64 = 0x5EED_0052_2026_0003;

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// The workspace `--seed count` (and `--http-source`) starts with, and
/// `POST /__control/reset` restores: the sources, the destination side, then the rest
/// (`extras`: segments, datasets, links, webhooks, the HTTP-request source and its topics).
pub fn workspace(count: usize, http_source: bool) -> Store {
    let mut store = Store::seeded(count);
    seed_destinations(&mut store.outbound);
    seed_syncs(&mut store);
    extras::seed(&mut store, http_source);
    store
}

/// A seeded destination.
struct DestinationSeed {
    id: u64,
    service: &'static str,
    name: &'static str,
    created_ms: i64,
    credentials: &'static [(&'static str, &'static str)],
    /// When it was last tested and whether that passed; `None`: never tested.
    tested: Option<(i64, bool)>,
}

const DESTINATIONS: &[DestinationSeed] = &[
    DestinationSeed {
        id: 12,
        service: "google_sheets",
        name: "Google Sheets",
        created_ms: 1_707_573_791_000,
        credentials: &[
            (
                "service_account_email",
                "census-sheets@census-local.iam.gserviceaccount.com",
            ),
            (
                "spreadsheet_id",
                "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms",
            ),
            ("refresh_token", "1//0g-census-local-sheets"),
        ],
        tested: Some((1_707_573_791_000 + 40 * DAY_MS, true)),
    },
    DestinationSeed {
        id: 14,
        service: "hubspot",
        name: "HubSpot",
        created_ms: 1_709_285_400_000,
        credentials: &[
            ("hub_id", "21456789"),
            ("refresh_token", "na1-census-local-hubspot"),
        ],
        tested: Some((1_709_285_400_000 + 3 * DAY_MS, true)),
    },
    DestinationSeed {
        id: 15,
        service: "braze",
        name: "Braze",
        created_ms: 1_710_521_127_000,
        credentials: &[
            ("instance_url", "https://rest.iad-03.braze.com"),
            ("api_key", "b7c1e0d2-census-local-braze"),
        ],
        tested: Some((1_710_521_127_000 + 200 * DAY_MS, true)),
    },
    DestinationSeed {
        id: 16,
        service: "salesforce",
        name: "Salesforce Production",
        created_ms: 1_712_056_333_000,
        credentials: &[
            ("instance_url", "https://acme.my.salesforce.com"),
            ("username", "census-integration@acme.com"),
            ("refresh_token", "5Aep861census-local-salesforce"),
        ],
        tested: Some((1_712_056_333_000 + 300 * DAY_MS, false)),
    },
    DestinationSeed {
        id: 18,
        service: "s3",
        name: "S3 exports",
        created_ms: 1_716_192_000_000,
        credentials: &[
            ("bucket", "acme-census-exports"),
            ("region", "us-east-1"),
            ("access_key_id", "AKIAIOSFODNN7EXAMPLE"),
            ("secret_access_key", "wJalrXUtnFEMI/census-local"),
        ],
        tested: None,
    },
];

fn seed_destinations(outbound: &mut Outbound) {
    for seed in DESTINATIONS {
        let credentials: JsonObject = seed
            .credentials
            .iter()
            .map(|(key, value)| ((*key).to_owned(), Value::from(*value)))
            .collect();
        let (connection_details, shown) = connector(seed.service)
            .map(|kind| kind.shown(&credentials))
            .unwrap_or_default();
        outbound.insert_destination(DestinationRecord {
            destination: Destination {
                id: seed.id,
                name: seed.name.to_owned(),
                destination_type: Some(seed.service.to_owned()),
                created_at: Some(iso8601(seed.created_ms)),
                last_test_succeeded: seed.tested.map(|(_, passed)| passed),
                last_tested_at: seed.tested.map(|(at, _)| iso8601(at)),
                connection_details,
                credentials: shown,
                objects: None,
            },
            credentials,
            created_ms: seed.created_ms,
            objects: schemas::objects(seed.service),
        });
    }
}

/// Where a seeded mapping reads, when its preferred columns are missing.
#[derive(Clone, Copy)]
enum Fallback {
    /// The data source's first column (its row identifier).
    FirstColumn,
    /// A text constant.
    Text(&'static str),
    /// No mapping.
    Skip,
}

/// What a seeded mapping reads.
#[derive(Clone, Copy)]
enum FromSeed {
    /// The first of these columns (any case) the data source has, as a bare column name.
    Column(&'static [&'static str], Fallback),
    /// The same, in today's `{type: column, data}` form.
    Current(&'static [&'static str], Fallback),
    /// A constant `{value, type}`.
    Constant(ConstantSeed),
}

/// A seeded constant: a text or a boolean.
#[derive(Clone, Copy)]
enum ConstantSeed {
    Text(&'static str),
    Bool(bool),
}

struct MappingSeed {
    to: &'static str,
    from: FromSeed,
    primary: bool,
    /// `lookup_object` and `lookup_field`.
    lookup: Option<(&'static str, &'static str)>,
}

const fn map(to: &'static str, from: FromSeed) -> MappingSeed {
    MappingSeed {
        to,
        from,
        primary: false,
        lookup: None,
    }
}

const fn key(to: &'static str, from: FromSeed) -> MappingSeed {
    MappingSeed {
        primary: true,
        ..map(to, from)
    }
}

const fn column(names: &'static [&'static str]) -> FromSeed {
    FromSeed::Column(names, Fallback::Skip)
}

/// A seeded sync and its history.
struct SyncSeed {
    id: u64,
    label: &'static str,
    destination: u64,
    object: &'static str,
    operation: &'static str,
    /// Table names to read, in order of preference (models built on them, when `model`).
    tables: &'static [&'static str],
    model: bool,
    /// How the data source is named: by `id`, or by type and name.
    by_id: bool,
    mappings: &'static [MappingSeed],
    /// The schedule members, as JSON.
    schedule: &'static str,
    paused: bool,
    created_ms: i64,
    /// Past runs, oldest first: `c` completed, `f` failed, `s` skipped.
    history: &'static str,
    every_ms: i64,
    /// Where in each `every_ms` period before the seed anchor (a Thursday, 00:00 UTC) its
    /// runs are scheduled.
    at_ms: i64,
    /// `sync_trigger_reason` of its past runs.
    reason: (&'static str, &'static str),
    /// Whether its triggered runs skip (else they end as its mappings say).
    skips: bool,
}

const SYNCS: &[SyncSeed] = &[
    SyncSeed {
        id: 52,
        label: "Braze users",
        destination: 15,
        object: "user",
        operation: "upsert",
        tables: &["users", "dim_customers", "contacts"],
        model: true,
        by_id: false,
        mappings: &[
            key(
                "external_id",
                FromSeed::Column(&["id", "user_id", "customer_id"], Fallback::FirstColumn),
            ),
            map("email", column(&["email"])),
            map("first_name", column(&["first_name"])),
            map("last_name", column(&["last_name"])),
            map("country", column(&["country"])),
            map("favorite_categories", column(&["tags", "segments"])),
            map(
                "email_subscribe",
                FromSeed::Constant(ConstantSeed::Text("opted_in")),
            ),
        ],
        schedule: r#"{"schedule_frequency": "hourly", "schedule_minute": 15}"#,
        paused: false,
        created_ms: 1_717_408_800_000,
        history: "cccccccccfcccccccccccccfcccccc",
        every_ms: HOUR_MS,
        at_ms: 15 * 60_000,
        reason: ("Schedule", "Scheduled hourly at :15"),
        skips: false,
    },
    SyncSeed {
        id: 53,
        label: "Braze purchase events",
        destination: 15,
        object: "event",
        operation: "append",
        tables: &["orders", "payments", "invoices"],
        model: false,
        by_id: true,
        mappings: &[
            key(
                "external_id",
                FromSeed::Column(&["user_id", "customer_id"], Fallback::FirstColumn),
            ),
            map("name", FromSeed::Constant(ConstantSeed::Text("purchase"))),
            map(
                "time",
                FromSeed::Current(
                    &["created_at", "ordered_at", "paid_at", "issued_at"],
                    Fallback::FirstColumn,
                ),
            ),
        ],
        schedule: r#"{"mode": {"type": "triggered", "triggers": {
            "schedule": {"frequency": "daily", "hour": 6, "minute": 0},
            "sync_sequence": {"sync_id": 52}}}}"#,
        paused: false,
        created_ms: 1_718_014_800_000,
        history: "cccccc",
        every_ms: DAY_MS,
        at_ms: 6 * HOUR_MS,
        reason: ("Schedule", "Scheduled daily at 06:00 UTC"),
        skips: false,
    },
    SyncSeed {
        id: 55,
        label: "Salesforce contacts",
        destination: 16,
        object: "Contact",
        operation: "upsert",
        tables: &["contacts", "users", "leads"],
        model: true,
        by_id: false,
        mappings: &[
            key(
                "External_ID__c",
                FromSeed::Column(&["id", "contact_id"], Fallback::FirstColumn),
            ),
            map("Email", column(&["email"])),
            map(
                "LastName",
                FromSeed::Column(&["last_name", "full_name", "name"], Fallback::FirstColumn),
            ),
            map("FirstName", column(&["first_name"])),
            map("Phone", column(&["phone"])),
            map("Title", column(&["title", "job_title"])),
            MappingSeed {
                lookup: Some(("Account", "External_ID__c")),
                ..map("AccountId", column(&["account_id", "company_id"]))
            },
            map(
                "LeadSource",
                FromSeed::Constant(ConstantSeed::Text("Census")),
            ),
            map(
                "HasOptedOutOfEmail",
                FromSeed::Constant(ConstantSeed::Bool(false)),
            ),
        ],
        schedule: r#"{"schedule_frequency": "daily", "schedule_hour": 6, "schedule_minute": 30}"#,
        paused: false,
        created_ms: 1_719_821_700_000,
        history: "ccfcc",
        every_ms: DAY_MS,
        at_ms: 6 * HOUR_MS + 30 * 60_000,
        reason: ("Schedule", "Scheduled daily at 06:30 UTC"),
        skips: false,
    },
    SyncSeed {
        id: 58,
        label: "Salesforce leads",
        destination: 16,
        object: "Lead",
        operation: "upsert",
        tables: &["leads", "contacts", "users"],
        model: true,
        by_id: true,
        mappings: &[
            key("Email", FromSeed::Column(&["email"], Fallback::FirstColumn)),
            map(
                "LastName",
                FromSeed::Column(&["last_name", "full_name", "name"], Fallback::FirstColumn),
            ),
            map(
                "Company",
                FromSeed::Column(&["company", "company_name"], Fallback::Text("Unknown")),
            ),
            map("Status", column(&["status"])),
            map("LeadSource", column(&["source"])),
            map("user_identifier.hashed_email_PREHASHED", column(&["email"])),
            // Never an array column: every run fails as document 003's example does.
            map(
                "custom_field:Users",
                FromSeed::Current(&["email", "first_name"], Fallback::FirstColumn),
            ),
        ],
        schedule: r#"{"mode": {"type": "triggered", "triggers": {
            "dbt_cloud": {"project_id": "70403", "job_id": "118202"}}}}"#,
        paused: false,
        created_ms: 1_721_050_800_000,
        history: "ffff",
        every_ms: 2 * DAY_MS,
        at_ms: 14 * HOUR_MS,
        reason: ("dbt Cloud", "Triggered by dbt Cloud job 118202"),
        skips: false,
    },
    SyncSeed {
        id: 60,
        label: "HubSpot contacts",
        destination: 14,
        object: "contact",
        operation: "upsert",
        tables: &["contacts", "users"],
        model: false,
        by_id: false,
        mappings: &[
            key("email", FromSeed::Column(&["email"], Fallback::FirstColumn)),
            map("firstname", column(&["first_name"])),
            map("lastname", column(&["last_name"])),
            map("phone", column(&["phone"])),
            map("lifecyclestage", column(&["lifecycle_stage"])),
            MappingSeed {
                lookup: Some(("company", "domain")),
                ..map("associatedcompanyid", column(&["company_id", "account_id"]))
            },
        ],
        schedule: r#"{"schedule_frequency": "never"}"#,
        paused: false,
        created_ms: 1_722_848_700_000,
        history: "cccc",
        every_ms: 9 * DAY_MS,
        at_ms: 3 * DAY_MS + 10 * HOUR_MS,
        reason: ("Manual", "Manually triggered by data-team@example.com"),
        skips: false,
    },
    SyncSeed {
        id: 61,
        label: "HubSpot companies",
        destination: 14,
        object: "company",
        operation: "update",
        tables: &["accounts", "dim_customers"],
        model: false,
        by_id: true,
        mappings: &[
            key(
                "domain",
                FromSeed::Column(&["domain", "website"], Fallback::FirstColumn),
            ),
            map("name", column(&["name"])),
            map("industry", column(&["industry"])),
            map("numberofemployees", column(&["employee_count"])),
            map("annualrevenue", column(&["arr"])),
        ],
        schedule: r#"{"schedule_frequency": "weekly", "schedule_day": "Monday",
            "schedule_hour": 9, "schedule_minute": 0}"#,
        paused: false,
        created_ms: 1_724_081_400_000,
        history: "ccccc",
        every_ms: 7 * DAY_MS,
        at_ms: 4 * DAY_MS + 9 * HOUR_MS,
        reason: ("Schedule", "Scheduled weekly on Monday at 09:00 UTC"),
        skips: false,
    },
    SyncSeed {
        id: 63,
        label: "Weekly signups sheet",
        destination: 12,
        object: "Weekly Signups",
        operation: "mirror",
        tables: &["users"],
        model: true,
        by_id: true,
        mappings: &[
            map("Email", FromSeed::Column(&["email"], Fallback::FirstColumn)),
            map("Signup Date", column(&["created_at"])),
            map("Plan", column(&["plan"])),
            map("Country", column(&["country"])),
            map(
                "Source",
                FromSeed::Constant(ConstantSeed::Text("census-local")),
            ),
        ],
        schedule: r#"{"cron_expression": "0 8 * * 1"}"#,
        paused: false,
        created_ms: 1_725_263_100_000,
        history: "cssss",
        every_ms: 7 * DAY_MS,
        at_ms: 4 * DAY_MS + 8 * HOUR_MS,
        reason: ("Schedule", "Scheduled by cron expression 0 8 * * 1"),
        skips: true,
    },
    SyncSeed {
        id: 64,
        label: "S3 users export",
        destination: 18,
        object: "exports/2024/users.csv",
        operation: "mirror",
        tables: &["users"],
        model: false,
        by_id: true,
        mappings: &[
            key("user_id", FromSeed::Column(&["id"], Fallback::FirstColumn)),
            map("email", column(&["email"])),
            map("first_name", column(&["first_name"])),
            map("last_name", column(&["last_name"])),
            map("plan", column(&["plan"])),
            map(
                "signed_up_at",
                FromSeed::Current(&["created_at"], Fallback::Skip),
            ),
        ],
        schedule: r#"{"mode": {"type": "live"}}"#,
        paused: false,
        created_ms: 1_728_302_400_000,
        history: "ccc",
        every_ms: 8 * HOUR_MS,
        at_ms: 2 * HOUR_MS,
        reason: ("Live", "Continuous sync"),
        skips: false,
    },
    SyncSeed {
        id: 66,
        label: "Export été 50%",
        destination: 18,
        object: "données/été 50%?#1.csv",
        operation: "append",
        tables: &["payments", "invoices", "orders"],
        model: false,
        by_id: false,
        mappings: &[
            key("id", FromSeed::Column(&["id"], Fallback::FirstColumn)),
            map(
                "libellé",
                FromSeed::Constant(ConstantSeed::Text("paiement")),
            ),
            map("montant", column(&["amount", "total"])),
            map("créé_le", column(&["created_at", "paid_at"])),
        ],
        schedule: r#"{"schedule_frequency": "daily", "schedule_hour": 23, "schedule_minute": 45}"#,
        paused: true,
        created_ms: 1_736_788_200_000,
        history: "ccc",
        every_ms: DAY_MS,
        at_ms: 23 * HOUR_MS + 45 * 60_000,
        reason: ("Schedule", "Scheduled daily at 23:45 UTC"),
        skips: false,
    },
];

/// The table or model a seeded sync reads: its source, how the body names it, its columns.
struct Chosen {
    source: u64,
    data_source: JsonObject,
    columns: Vec<Column>,
}

/// The first of `seed.tables` any source holds (looking from the `start`th source, oldest
/// first, wrapping), read through a model built on it (named `…_<table>`) when `model` asks for
/// one and there is one; else the `start`th source's first table.
fn choose(sources: &[&Record], seed: &SyncSeed, start: usize) -> Option<Chosen> {
    let count = sources.len();
    let rotated = || (0..count).filter_map(move |k| sources.get((start + k) % count.max(1)));
    for name in seed.tables {
        let suffix = format!("_{name}");
        let model = seed
            .model
            .then(|| {
                rotated().find_map(|record| {
                    let model = record
                        .objects
                        .models
                        .iter()
                        .find(|m| m.name.to_lowercase().ends_with(&suffix))?;
                    Some((record, model))
                })
            })
            .flatten();
        if let Some((record, model)) = model {
            let mut data_source = JsonObject::new();
            if seed.by_id {
                data_source.insert("id".into(), model.id.into());
            } else {
                data_source.insert("type".into(), "model".into());
                data_source.insert("name".into(), model.name.clone().into());
            }
            return Some(Chosen {
                source: record.source.id,
                data_source,
                columns: model.columns.clone(),
            });
        }
        let table = rotated().find_map(|record| {
            let table = record
                .objects
                .tables
                .iter()
                .find(|t| t.name.eq_ignore_ascii_case(name))?;
            Some((record, table))
        });
        if let Some((record, table)) = table {
            return Some(Chosen {
                source: record.source.id,
                data_source: table_reference(table, seed.by_id),
                columns: table.columns.clone(),
            });
        }
    }
    let record = sources.get(start % count.max(1))?;
    let table = record.objects.tables.first()?;
    Some(Chosen {
        source: record.source.id,
        data_source: table_reference(table, seed.by_id),
        columns: table.columns.clone(),
    })
}

/// A table as a sync body names it: by id, or by type, name, schema and catalog.
fn table_reference(table: &crate::objects::Table, by_id: bool) -> JsonObject {
    let mut out = JsonObject::new();
    if by_id {
        out.insert("id".into(), table.id.into());
    } else {
        out.insert("type".into(), "table".into());
        out.insert("table_name".into(), table.name.clone().into());
        out.insert("table_schema".into(), table.schema.clone().into());
        out.insert("table_catalog".into(), table.catalog.clone().into());
    }
    out
}

/// The mappings of `seed` over `columns`, as a body sends them.
fn mappings(seed: &SyncSeed, columns: &[Column]) -> Vec<Value> {
    let find = |names: &[&str]| {
        names.iter().find_map(|name| {
            columns
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(name))
                .map(|c| c.name.clone())
        })
    };
    let constant = |value: Value, kind: &str| {
        let mut out = JsonObject::new();
        out.insert("value".into(), value);
        out.insert("type".into(), kind.into());
        Value::Object(out)
    };
    let current = |name: String| {
        let mut out = JsonObject::new();
        out.insert("type".into(), "column".into());
        out.insert("data".into(), name.into());
        Value::Object(out)
    };
    let first = columns.first().map(|c| c.name.clone());
    seed.mappings
        .iter()
        .filter_map(|mapping| {
            let read = |names: &[&str], fallback: Fallback, wrap: &dyn Fn(String) -> Value| match (
                find(names),
                fallback,
            ) {
                (Some(name), _) => Some(wrap(name)),
                (None, Fallback::FirstColumn) => first.clone().map(wrap),
                (None, Fallback::Text(text)) => Some(constant(text.into(), "text")),
                (None, Fallback::Skip) => None,
            };
            let from = match mapping.from {
                FromSeed::Column(names, fallback) => read(names, fallback, &Value::String)?,
                FromSeed::Current(names, fallback) => read(names, fallback, &current)?,
                FromSeed::Constant(ConstantSeed::Text(text)) => constant(text.into(), "text"),
                FromSeed::Constant(ConstantSeed::Bool(flag)) => constant(flag.into(), "boolean"),
            };
            let mut out = JsonObject::new();
            out.insert("from".into(), from);
            out.insert("to".into(), mapping.to.into());
            out.insert("is_primary_identifier".into(), mapping.primary.into());
            if let Some((object, field)) = mapping.lookup {
                out.insert("lookup_object".into(), object.into());
                out.insert("lookup_field".into(), field.into());
            }
            Some(Value::Object(out))
        })
        .collect()
}

/// The `POST /syncs` body of `seed` reading `chosen`.
fn body(seed: &SyncSeed, chosen: &Chosen) -> JsonObject {
    let mut body: JsonObject = serde_json::from_str(seed.schedule).unwrap_or_default();
    let mut put = |key: &str, value: Value| {
        body.insert(key.to_owned(), value);
    };
    put("label", seed.label.into());
    put("operation", seed.operation.into());
    put("paused", seed.paused.into());
    let mut source = JsonObject::new();
    source.insert("connection_id".into(), chosen.source.into());
    source.insert(
        "data_source".into(),
        Value::Object(chosen.data_source.clone()),
    );
    put("source_attributes", Value::Object(source));
    let mut destination = JsonObject::new();
    destination.insert("connection_id".into(), seed.destination.into());
    destination.insert("object".into(), seed.object.into());
    put("destination_attributes", Value::Object(destination));
    put("mappings", Value::Array(mappings(seed, &chosen.columns)));
    body
}

fn seed_syncs(store: &mut Store) {
    let mut sources: Vec<&Record> = store.sources.values().collect();
    sources.sort_by_key(|r| (r.created_ms, r.source.id));
    let bodies: Vec<(usize, JsonObject)> = SYNCS
        .iter()
        .enumerate()
        .filter_map(|(index, seed)| {
            choose(&sources, seed, index).map(|chosen| (index, body(seed, &chosen)))
        })
        .collect();
    let mut runs = Vec::new();
    for (index, body) in bodies {
        let Some(seed) = SYNCS.get(index) else {
            continue;
        };
        // Checked as a created sync is; one that does not fit this workspace is left out.
        let Ok(valid) = sync_body::check(&body, store, None) else {
            continue;
        };
        let updated_ms = seed.created_ms + 2 * DAY_MS;
        let mut record = valid.into_record(seed.id, seed.created_ms, updated_ms);
        if seed.skips {
            record.outcome = Outcome::Skip;
        }
        runs.extend(history(seed, &record.outcome, store));
        store.outbound.insert_sync(record);
    }
    // Numbered across syncs in creation order, as one workspace counter numbers them.
    runs.sort_by_key(|run: &RunRecord| (run.created_ms, run.sync_id));
    for (run_id, mut run) in (FIRST_RUN_ID..).zip(runs) {
        run.id = run_id;
        let (records, failed, invalid) = counts(run.sync_id, run_id, run.full_sync, &run.outcome);
        run.records = records;
        run.failed = failed;
        run.invalid = invalid;
        store.outbound.insert_run(run);
    }
}

/// The past runs of `seed` (ids and counts still to be given): one per `every_ms` up to the
/// seed anchor, the first a full sync.
fn history(seed: &SyncSeed, outcome: &Outcome, store: &Store) -> Vec<RunRecord> {
    let mut rng = Prng(RUNS_SEED ^ seed.id);
    let destination = store
        .outbound
        .destinations
        .get(&seed.destination)
        .map_or("The destination", |d| d.destination.name.as_str())
        .to_owned();
    let count = i64::try_from(seed.history.len()).unwrap_or(0);
    seed.history
        .chars()
        .zip(0..)
        .map(|(kind, k)| {
            let jitter = i64::try_from(rng.below(120_000)).unwrap_or(0);
            let due_ms = SEED_ANCHOR_MS - (count - k) * seed.every_ms + seed.at_ms;
            let created_ms = due_ms + jitter;
            let outcome = match (kind, outcome) {
                ('f', Outcome::Fail(failure)) => Outcome::Fail(failure.clone()),
                ('f', _) => Outcome::Fail(Failure::timeout(&destination)),
                ('s', _) => Outcome::Skip,
                _ => Outcome::Complete,
            };
            let scheduled = (seed.reason.0 == "Schedule").then(|| iso8601(created_ms - jitter));
            RunRecord {
                id: 0,
                sync_id: seed.id,
                created_ms,
                clock: RunClock::Past {
                    duration_ms: 40_000 + rng.below(260_000),
                },
                full_sync: k == 0,
                trigger: trigger_reason(seed.reason.0, seed.reason.1),
                scheduled_execution_time: scheduled,
                outcome,
                records: 0,
                failed: 0,
                invalid: 0,
                canceled_ms: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use census_core::syncs::SyncRunStatus;
    use std::time::Duration;

    #[test]
    fn every_seeded_sync_is_valid_and_deterministic() {
        let store = workspace(36, false);
        let ids: Vec<u64> = store.outbound.syncs.keys().copied().collect();
        assert_eq!(ids, SYNCS.iter().map(|s| s.id).collect::<Vec<_>>());
        let again = workspace(36, false);
        for id in ids {
            let view = |store: &Store| store.outbound.sync_view(id, Duration::ZERO);
            assert_eq!(view(&store), view(&again), "sync {id}");
            let runs = store.outbound.runs_of(id);
            let seed = SYNCS.iter().find(|s| s.id == id).expect("seed");
            assert_eq!(runs.len(), seed.history.len(), "sync {id}");
            assert!(runs.iter().all(|r| r.created_ms < SEED_ANCHOR_MS));
        }
        let outcome = |id: u64| store.outbound.syncs.get(&id).map(|s| s.outcome.clone());
        assert!(matches!(outcome(58), Some(Outcome::Fail(f)) if f.code == "JSON_ARRAY_ERROR"));
        assert_eq!(outcome(63), Some(Outcome::Skip));
        for id in [52, 53, 55, 60, 61, 64, 66] {
            assert_eq!(outcome(id), Some(Outcome::Complete), "sync {id}");
        }
    }

    #[test]
    fn past_runs_are_numbered_in_creation_order_and_end_as_their_history_says() {
        let store = workspace(36, false);
        let mut all: Vec<&RunRecord> = store
            .outbound
            .syncs
            .keys()
            .flat_map(|id| store.outbound.runs_of(*id))
            .collect();
        all.sort_by_key(|r| r.id);
        assert_eq!(all.first().map(|r| r.id), Some(FIRST_RUN_ID));
        assert!(all.windows(2).all(|w| w[0].created_ms <= w[1].created_ms));
        let statuses: String = store
            .outbound
            .runs_of(63)
            .iter()
            .map(|r| match r.view(Duration::ZERO).status {
                SyncRunStatus::Completed => 'c',
                SyncRunStatus::Failed => 'f',
                SyncRunStatus::Skipped => 's',
                _ => '?',
            })
            .collect();
        assert_eq!(statuses, "cssss");
    }

    #[test]
    fn without_sources_there_are_destinations_but_no_syncs() {
        let store = workspace(0, false);
        assert_eq!(store.outbound.destinations.len(), DESTINATIONS.len());
        assert!(store.outbound.syncs.is_empty());
        // A small workspace still gets every sync, through the fallbacks.
        assert_eq!(workspace(1, false).outbound.syncs.len(), SYNCS.len());
    }
}
