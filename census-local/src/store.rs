//! The in-memory workspace: sources, their stored credentials, refresh jobs, and the seed data;
//! the destination side ([`Outbound`]), the rest of the workspace ([`Holdings`]) and the
//! organisation are held here too, so one lock and one reset cover all.

use std::collections::BTreeMap;
use std::time::Duration;

use census_core::models::{
    JsonObject, Source, StepError, StepStatus, SyncEngine, TestResults, TestStep,
};
use serde_json::Value;
use tokio::time::Instant;

pub use crate::catalogue::{CATALOGUE, SourceType, source_type};
use crate::clock::{iso8601, now_ms};
use crate::holdings::Holdings;
use crate::objects::{self, FIRST_OBJECT_ID, Objects, Scope};
use crate::organisation::Organisation;
use crate::outbound::Outbound;
use crate::prng::Prng;
use crate::secrets::is_secret_key;

/// Builds what the API shows of a source's credentials: secrets dropped, a numeric-string
/// `port` read as a number (the documented update answer turns `"5439"` into `5439`), and the
/// `ssh_tunnel_*` keys of SQL types present as null when unset, as the documents show them.
pub fn connection_details(kind: Option<&SourceType>, credentials: &JsonObject) -> JsonObject {
    let mut details = JsonObject::new();
    if kind.is_some_and(|k| k.ssh_tunnel) {
        for key in [
            "ssh_tunnel_enabled",
            "ssh_tunnel_hostname",
            "ssh_tunnel_port",
            "ssh_tunnel_user",
            "ssh_tunnel_public_key",
        ] {
            details.insert(key.into(), Value::Null);
        }
    }
    for (key, value) in credentials {
        if is_secret_key(key) {
            continue;
        }
        let value = match value {
            Value::String(text) if key.ends_with("port") => text
                .trim()
                .parse::<u64>()
                .map(Value::from)
                .unwrap_or_else(|_| value.clone()),
            _ => value.clone(),
        };
        details.insert(key.clone(), value);
    }
    details
}

/// A source as stored: what the API shows plus what it keeps to itself.
#[derive(Debug, Clone)]
pub struct Record {
    /// The wire form, kept current on every change.
    pub source: Source,
    /// All credentials, secrets included, so partial updates can merge into them.
    pub credentials: JsonObject,
    /// `created_at` in milliseconds since the epoch, the list sort key.
    pub created_ms: i64,
    /// Its tables and models; they go with the source when it is deleted.
    pub objects: Objects,
}

/// What a refresh job refreshes. Every kind shares one key counter and one timing
/// (`--refresh-ms`), as they share one status answer; a key is only found for its own target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshTarget {
    /// `POST /sources/{id}/refresh_tables`.
    SourceTables(u64),
    /// `POST /destinations/{id}/refresh_objects`.
    DestinationObjects(u64),
    /// `POST /sources/{source}/tables/{table}/refresh_columns`.
    TableColumns { source: u64, table: u64 },
    /// `POST /sources/{source}/models/{model}/refresh_columns`.
    ModelColumns { source: u64, model: u64 },
    /// `POST /destinations/{destination}/objects/{object}/refresh_fields`.
    ObjectFields { destination: u64, object: String },
    /// `POST /projects/{id}/refresh` (Looker).
    Project(u64),
}

/// A refresh job.
#[derive(Debug, Clone)]
pub struct RefreshJob {
    /// What the job refreshes.
    pub target: RefreshTarget,
    /// When the job was queued, on tokio's clock so tests can drive it with a paused runtime.
    pub started: Instant,
    /// How long it is `processing`, when the request that started it chose
    /// (`x-census-local-refresh-ms`); else `--refresh-ms`.
    pub duration: Option<Duration>,
}

/// The first refresh key, the value document 000 shows; later keys count up from it.
pub const FIRST_REFRESH_KEY: u64 = 1_647_978_948;

/// Refresh jobs kept at most; the oldest are forgotten first so a long session stays small.
const MAX_REFRESH_JOBS: usize = 10_000;

/// The whole mutable state of the workspace.
#[derive(Debug)]
pub struct Store {
    /// Sources by id.
    pub sources: BTreeMap<u64, Record>,
    next_id: u64,
    next_refresh_key: u64,
    refreshes: BTreeMap<u64, RefreshJob>,
    /// The next table or model id, shared by every source.
    next_object_id: u64,
    /// Draws the sources that mutation rules create, so a run is repeatable after each reset.
    generator: Prng,
    /// Destinations, syncs and runs; empty here, seeded by `seeding`.
    pub outbound: Outbound,
    /// Segments, datasets, topics, links, webhooks and jobs; empty here, seeded by `extras`.
    pub holdings: Holdings,
    /// The organisation of the personal access token.
    pub org: Organisation,
}

impl Store {
    /// A workspace holding `count` deterministic seeded sources.
    pub fn seeded(count: usize) -> Self {
        let mut next_object_id = FIRST_OBJECT_ID;
        let sources: BTreeMap<u64, Record> = seed_records(count)
            .into_iter()
            .map(|mut record| {
                // Oldest source first, so its tables and models have the lowest ids.
                record.objects = objects::generate(
                    record.source.id,
                    record.source.source_type.as_deref().unwrap_or_default(),
                    &record.credentials,
                    record.created_ms,
                    Scope::Established {
                        until_ms: SEED_ANCHOR_MS,
                    },
                    &mut next_object_id,
                );
                (record.source.id, record)
            })
            .collect();
        let next_id = sources.keys().next_back().map_or(1, |id| id + 1);
        Self {
            sources,
            next_id,
            next_refresh_key: FIRST_REFRESH_KEY,
            refreshes: BTreeMap::new(),
            next_object_id,
            generator: Prng(GENERATED_SEED),
            outbound: Outbound::default(),
            holdings: Holdings::default(),
            org: Organisation::seeded(),
        }
    }

    /// Reserves the next table or model id (models created through the API take one too).
    pub fn take_object_id(&mut self) -> u64 {
        let id = self.next_object_id;
        self.next_object_id += 1;
        id
    }

    /// The tables (and, for an established source, models) Census finds in source `id`,
    /// numbered from the workspace's object id counter.
    pub fn discover(
        &mut self,
        id: u64,
        service: &str,
        credentials: &JsonObject,
        created_ms: i64,
        scope: Scope,
    ) -> Objects {
        objects::generate(
            id,
            service,
            credentials,
            created_ms,
            scope,
            &mut self.next_object_id,
        )
    }

    /// Adds `count` realistic sources created now, so they list first under `order=desc`,
    /// and returns their ids in creation order (the last is the newest).
    pub fn create_generated(&mut self, count: usize) -> Vec<u64> {
        // One creation time for the batch: within it, the higher id is the newer source.
        let created_ms = self.creation_time();
        (0..count)
            .map(|_| {
                let id = self.take_id();
                let mut record = generate_record(&mut self.generator, id, created_ms, created_ms);
                record.objects = self.discover(
                    id,
                    record.source.source_type.as_deref().unwrap_or_default(),
                    &record.credentials,
                    created_ms,
                    Scope::Established {
                        until_ms: created_ms,
                    },
                );
                self.sources.insert(id, record);
                id
            })
            .collect()
    }

    /// Every source id in creation order, oldest first: the order of `GET /sources?order=asc`.
    pub fn ids_oldest_first(&self) -> Vec<u64> {
        let mut records: Vec<&Record> = self.sources.values().collect();
        records.sort_by_key(|r| (r.created_ms, r.source.id));
        records.into_iter().map(|r| r.source.id).collect()
    }

    /// Reserves the next source id.
    pub fn take_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The creation time for a source created now. Never earlier than the newest source,
    /// so a new source lists first under `order=desc` even if the clock is behind the seed data.
    pub fn creation_time(&self) -> i64 {
        let newest = self.sources.values().map(|r| r.created_ms).max();
        now_ms().max(newest.unwrap_or(i64::MIN))
    }

    /// Queues a refresh job for `target` and returns its key.
    pub fn start_refresh(&mut self, target: RefreshTarget, duration: Option<Duration>) -> u64 {
        let key = self.next_refresh_key;
        self.next_refresh_key += 1;
        self.refreshes.insert(
            key,
            RefreshJob {
                target,
                started: Instant::now(),
                duration,
            },
        );
        while self.refreshes.len() > MAX_REFRESH_JOBS {
            self.refreshes.pop_first();
        }
        key
    }

    /// Whether the job `key` of `target` has finished (after its own duration, else `duration`),
    /// or `None` when no such job exists.
    pub fn refresh_done(
        &self,
        target: &RefreshTarget,
        key: u64,
        duration: Duration,
    ) -> Option<bool> {
        self.refreshes
            .get(&key)
            .filter(|job| job.target == *target)
            .map(|job| job.started.elapsed() >= job.duration.unwrap_or(duration))
    }
}

/// The constant the seed data grows from.
const SEED: u64 = 0x00C3_4505_2024_0305;
/// The constant the sources created by mutation rules grow from.
const GENERATED_SEED: u64 = 0x00C3_4505_2026_1125;

/// The newest seeded `created_at` (2026-01-01T00:00:00Z). Seeds are fixed in time so every run
/// and every machine sees the same data; they spread over the two years before this instant.
pub(crate) const SEED_ANCHOR_MS: i64 = 1_767_225_600_000;
const SEED_SPAN_MS: i64 = 730 * 86_400_000;

const ORGS: &[&str] = &[
    "acme",
    "globex",
    "initech",
    "umbrella",
    "hooli",
    "stark",
    "wayne",
    "soylent",
    "tyrell",
    "cyberdyne",
    "wonka",
    "gringotts",
];
const ENVS: &[&str] = &["prod", "prod", "staging", "dev", "analytics"];
const AWS_REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-2",
];
const BQ_PROJECTS: &[&str] = &[
    "analytics",
    "marketing-data",
    "warehouse",
    "growth",
    "finance-dw",
    "product-events",
];
const BQ_LOCATIONS: &[&str] = &["US", "US", "EU", "us-central1", "europe-west2"];
const DATABASES: &[&str] = &[
    "analytics",
    "warehouse",
    "production",
    "app",
    "dw",
    "events",
];
const USERS: &[&str] = &[
    "census",
    "census_reader",
    "census_loader",
    "etl_user",
    "svc_census",
];
const LABELS: &[&str] = &[
    "Production warehouse",
    "Marketing",
    "Finance (read-only)",
    "Product analytics",
    "Staging",
    "Data team sandbox",
    "Customer 360",
];

/// Weighted seed types: the common warehouses more often than the rest.
const SEED_TYPES: &[&str] = &[
    "snowflake",
    "snowflake",
    "snowflake",
    "snowflake",
    "big_query",
    "big_query",
    "big_query",
    "redshift",
    "redshift",
    "postgres",
    "postgres",
    "postgres",
    "databricks",
    "databricks",
    "mysql",
    "mysql",
    "sqlserver",
];

/// Credentials of one seeded source of type `kind`, secrets included.
fn seed_credentials(rng: &mut Prng, kind: &str) -> JsonObject {
    let org = *rng.pick(ORGS);
    let env = *rng.pick(ENVS);
    let region = *rng.pick(AWS_REGIONS);
    let user = *rng.pick(USERS);
    let database = *rng.pick(DATABASES);
    let mut c = JsonObject::new();
    let mut put = |key: &str, value: Value| {
        c.insert(key.to_owned(), value);
    };
    match kind {
        "snowflake" => {
            let use_keypair = rng.chance(40);
            put("account", format!("{org}.{region}").into());
            put("user", user.to_ascii_uppercase().into());
            put(
                "warehouse",
                rng.pick(&["COMPUTE_WH", "TRANSFORMING", "CENSUS_WH", "REPORTING"])
                    .to_string()
                    .into(),
            );
            put(
                "role",
                rng.pick(&["CENSUS_ROLE", "TRANSFORMER", "REPORTER"])
                    .to_string()
                    .into(),
            );
            put("use_keypair", use_keypair.into());
            if use_keypair {
                put(
                    "private_key",
                    "-----BEGIN PRIVATE KEY-----\nMIIEvQ...\n-----END PRIVATE KEY-----".into(),
                );
            } else {
                put("password", format!("sf-{}", rng.hex(16)).into());
            }
        }
        "big_query" => {
            let project = format!("{}-{env}", rng.pick(BQ_PROJECTS));
            put(
                "service_account",
                format!("census-{}@{project}.iam.gserviceaccount.com", rng.hex(6)).into(),
            );
            put("project_id", project.into());
            put("location", rng.pick(BQ_LOCATIONS).to_string().into());
            put("location_editable", rng.chance(30).into());
            put(
                "service_account_key",
                format!(
                    "{{\"type\":\"service_account\",\"private_key_id\":\"{}\"}}",
                    rng.hex(40)
                )
                .into(),
            );
        }
        "databricks" => {
            put(
                "server_hostname",
                format!("dbc-{}-{}.cloud.databricks.com", rng.hex(8), rng.hex(4)).into(),
            );
            put(
                "http_path",
                format!("/sql/1.0/warehouses/{}", rng.hex(16)).into(),
            );
            put("port", 443.into());
            put(
                "catalog",
                rng.pick(&["main", "hive_metastore", "analytics"])
                    .to_string()
                    .into(),
            );
            put(
                "schema",
                rng.pick(&["default", "marts", "census"]).to_string().into(),
            );
            put("access_token", format!("dapi{}", rng.hex(32)).into());
        }
        _ => {
            let (host, port) = match kind {
                "redshift" => (
                    format!(
                        "{org}-{env}.c{}.{region}.redshift.amazonaws.com",
                        rng.hex(10)
                    ),
                    5439,
                ),
                "mysql" => (
                    format!("{org}-{env}.{}.{region}.rds.amazonaws.com", rng.hex(12)),
                    3306,
                ),
                "sqlserver" => (format!("{org}-{env}.database.windows.net"), 1433),
                _ if rng.chance(50) => (
                    format!("{org}-{env}.{}.{region}.rds.amazonaws.com", rng.hex(12)),
                    5432,
                ),
                _ => (format!("db.{env}.{org}.internal"), 5432),
            };
            put("hostname", host.into());
            put("port", port.into());
            put("user", user.into());
            put("database", database.into());
            put("password", format!("pw-{}", rng.hex(16)).into());
        }
    }
    c
}

/// Connection test steps; the write step only exists for sources Census may write to.
fn seed_test_results(rng: &mut Prng, succeeded: bool, read_only: bool) -> TestResults {
    let mut names = vec![
        "Test network connectivity",
        "Test authentication",
        "Test listing schemas and tables",
    ];
    if !read_only {
        names.push("Test write access to the CENSUS schema");
    }
    let failing = if succeeded {
        None
    } else {
        Some(rng.below(names.len() as u64) as usize)
    };
    let warning = if succeeded && rng.chance(30) {
        Some(names.len() - 1)
    } else {
        None
    };
    let mut steps = Vec::new();
    for (index, name) in names.into_iter().enumerate() {
        let (status, message) = if Some(index) == failing {
            let message = match index {
                0 => "Connection timed out after 30 seconds; check that Census IPs are allowed.",
                1 => "Incorrect username or password was specified.",
                2 => "Permission denied: the user cannot list schemas.",
                _ => "Permission denied for schema CENSUS.",
            };
            (StepStatus::Failed, Some(message))
        } else if Some(index) == warning {
            (
                StepStatus::Warning,
                Some("Query history is not readable; incremental syncs will scan more data."),
            )
        } else {
            (StepStatus::Success, None)
        };
        steps.push(TestStep {
            step: name.to_owned(),
            status,
            error: message.map(|m| StepError {
                message: Some(m.to_owned()),
            }),
        });
        // A failed step stops the test: later steps never ran.
        if Some(index) == failing {
            break;
        }
    }
    TestResults { steps }
}

/// The deterministic seed data: `count` sources, ids increasing with `created_at`
/// (with the gaps a workspace that deleted sources has).
fn seed_records(count: usize) -> Vec<Record> {
    let mut rng = Prng(SEED);
    let mut times: Vec<i64> = (0..count)
        .map(|_| SEED_ANCHOR_MS - SEED_SPAN_MS + rng.below(SEED_SPAN_MS as u64) as i64)
        .collect();
    times.sort_unstable();
    // Two sources created in the same millisecond (a scripted setup), so the id tie-break matters.
    if count > 5 {
        times[5] = times[4];
    }

    let mut id = 0;
    let mut records = Vec::with_capacity(count);
    for created_ms in times {
        id += 1 + rng.below(3);
        records.push(generate_record(&mut rng, id, created_ms, SEED_ANCHOR_MS));
    }
    records
}

/// One realistic source of id `id` created at `created_ms`, drawn from `rng`; a tested source
/// was last tested between its creation and `tested_by_ms`.
fn generate_record(rng: &mut Prng, id: u64, created_ms: i64, tested_by_ms: i64) -> Record {
    let service = *rng.pick(SEED_TYPES);
    let kind = source_type(service);
    let credentials = seed_credentials(rng, service);
    let details = connection_details(kind, &credentials);
    let label_text = kind.map_or(service, |k| k.label);
    let subject = kind
        .and_then(|k| k.name_keys.iter().find_map(|key| details.get(*key)))
        .and_then(Value::as_str)
        .unwrap_or("default");
    let read_only = rng.chance(25);
    let advanced_capable = matches!(
        service,
        "snowflake" | "big_query" | "databricks" | "redshift"
    );
    let sync_engine = if advanced_capable && rng.chance(45) {
        SyncEngine::Advanced
    } else {
        SyncEngine::Basic
    };
    let retention = *rng.pick(&[Some(7), Some(30), None, Some(14), None]);
    let label = rng.chance(35).then(|| rng.pick(LABELS).to_string());

    let outcome = rng.below(10);
    let (succeeded, tested_at, results) = if outcome < 2 {
        (None, None, None)
    } else {
        let ok = outcome >= 4;
        let tested = created_ms + rng.below((tested_by_ms - created_ms).max(1) as u64) as i64;
        (
            Some(ok),
            Some(iso8601(tested)),
            Some(seed_test_results(rng, ok, read_only)),
        )
    };

    Record {
        source: Source {
            id,
            name: format!("{label_text} - {subject}"),
            label,
            source_type: Some(service.to_owned()),
            created_at: Some(iso8601(created_ms)),
            last_test_succeeded: succeeded,
            last_tested_at: tested_at,
            last_test_results: results,
            connection_details: Some(details),
            read_only_connection: Some(read_only),
            sync_engine: Some(sync_engine),
            warehouse_writeback_retention_in_days: retention,
            data_sources: None,
        },
        credentials,
        created_ms,
        objects: Objects::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_anchor_is_new_year_2026() {
        assert_eq!(iso8601(SEED_ANCHOR_MS), "2026-01-01T00:00:00.000Z");
    }

    #[test]
    fn seed_data_is_deterministic_and_ordered() {
        let a = seed_records(36);
        let b = seed_records(36);
        assert_eq!(a.len(), 36);
        assert!(a.iter().zip(&b).all(|(x, y)| x.source == y.source));
        assert!(a.windows(2).all(|w| w[0].source.id < w[1].source.id));
        assert!(a.windows(2).all(|w| w[0].created_ms <= w[1].created_ms));
        assert_eq!(a[4].created_ms, a[5].created_ms);
        let types: std::collections::BTreeSet<_> = a
            .iter()
            .map(|r| r.source.source_type.as_deref().unwrap_or_default())
            .collect();
        assert!(types.len() >= 5, "varied types: {types:?}");
        assert!(a.iter().any(|r| r.source.label.is_none()));
        assert!(
            a.iter()
                .any(|r| r.source.last_test_succeeded == Some(false))
        );
        assert!(a.iter().any(|r| r.source.last_test_succeeded.is_none()));
        for record in &a {
            let details = record.source.connection_details.as_ref().expect("details");
            assert!(details.keys().all(|k| !is_secret_key(k)));
            assert_eq!(
                record.source.last_tested_at.is_some(),
                record.source.last_test_succeeded.is_some()
            );
        }
    }

    #[test]
    fn seeded_and_generated_sources_fit_the_catalogue() {
        let mut store = Store::seeded(200);
        store.create_generated(50);
        let mut object_ids = std::collections::BTreeSet::new();
        let mut with_models = 0;
        for record in store.sources.values() {
            let service = record.source.source_type.as_deref().unwrap_or_default();
            let kind = source_type(service).expect("a catalogue type");
            assert!(kind.creatable_via_api, "{service}");
            let fields = kind
                .configuration_fields
                .expect("seeded types describe their fields");
            assert_eq!(
                kind.missing_credentials(&record.credentials),
                Vec::<&str>::new(),
                "{service} {}",
                record.source.id
            );
            for key in record.credentials.keys() {
                assert!(
                    fields.iter().any(|f| f.name == key),
                    "{service} credential {key} is a declared field"
                );
            }
            let engine = record.source.sync_engine.as_ref().expect("engine");
            assert!(kind.supports_engine(engine.as_str()), "{service}");

            let objects = &record.objects;
            assert!((3..=40).contains(&objects.tables.len()));
            assert!(objects.models.len() <= 6);
            with_models += usize::from(!objects.models.is_empty());
            for id in objects.tables.iter().map(|t| t.id) {
                assert!(object_ids.insert(id), "table id {id} is unique");
            }
            for model in &objects.models {
                assert!(
                    object_ids.insert(model.id),
                    "model id {} is unique",
                    model.id
                );
                assert!(model.created_ms >= record.created_ms);
            }
        }
        assert!(with_models > 20 && with_models < 250, "{with_models}");
    }

    #[test]
    fn details_drop_secrets_and_read_ports_as_numbers() {
        let credentials: JsonObject = serde_json::from_str(
            r#"{"hostname":"h","port":"5439","password":"p","ssh_tunnel_public_key":"k","client_secret":"s","refresh_token":"t"}"#,
        )
        .expect("json");
        let details = connection_details(source_type("redshift"), &credentials);
        assert_eq!(details["port"], Value::from(5439));
        assert_eq!(details["ssh_tunnel_public_key"], Value::from("k"));
        assert_eq!(details["ssh_tunnel_user"], Value::Null);
        for secret in ["password", "client_secret", "refresh_token"] {
            assert!(!details.contains_key(secret), "{secret} leaked");
        }
    }
}
