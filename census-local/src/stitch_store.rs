//! The state of the local Stitch Connect (served by `stitch.rs`): one account with its sources,
//! their streams and replication jobs, its destinations, the source and destination types, the
//! access tokens of its Import API sources, and the "jobs" rate-limit count. Seeded deterministically ([`seed`]); job timing runs on tokio's
//! clock, so tests drive it with `tokio::time::pause` and `advance`.
//!
//! Views are built here as JSON in the shapes of the stitchdata/docs Connect API reference
//! (Source, Stream, Stream Schema, Extraction, Load, Connection Check, Destination, Report Card).

use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

use serde_json::{Map, Value, json};
use tokio::time::Instant;

use crate::clock::iso8601;

/// The `stitch_client_id` of the seeded account.
pub const CLIENT_ID: u64 = 116_078;

/// Requests allowed in a [`JOBS_WINDOW`] to the "jobs" endpoints (extractions and loads).
pub const JOBS_LIMIT: usize = 30;

/// The "jobs" rate-limit window: 10 minutes, rolling.
pub const JOBS_WINDOW: Duration = Duration::from_secs(600);

/// Records per page of the paginated lists (extractions, loads).
pub const PER_PAGE: usize = 100;

/// 2026-01-01T00:00:00Z: seeded objects are dated from here, so the seed is the same every run.
const SEED_EPOCH_MS: i64 = 1_767_225_600_000;
const DAY_MS: i64 = 86_400_000;

/// One property of a source or destination type's connection form.
#[derive(Debug, Clone, Copy)]
pub struct Prop {
    pub name: &'static str,
    pub required: bool,
    pub credential: bool,
    /// JSON Schema `type` of the value (Stitch properties are strings, some with a pattern).
    pub pattern: Option<&'static str>,
}

const fn prop(name: &'static str, required: bool, credential: bool) -> Prop {
    Prop {
        name,
        required,
        credential,
        pattern: None,
    }
}

const PORT: Prop = Prop {
    name: "port",
    required: true,
    credential: false,
    pattern: Some("^\\d+$"),
};

/// A field of a seeded stream: name, JSON type, `inclusion`.
type FieldSpec = (&'static str, &'static str, &'static str);

/// A stream a source type discovers: `tap_stream_id`, `stream_name`, fields (the first is the key).
type StreamSpec = (&'static str, &'static str, &'static [FieldSpec]);

/// A source type (`platform.<name>`), its form and the streams its discovery finds.
#[derive(Debug)]
pub struct SourceKind {
    pub type_: &'static str,
    pub tap: &'static str,
    /// A database: its streams carry `database-name`, `schema-name`, `is-view`, `row-count`.
    pub database: bool,
    pub props: &'static [Prop],
    pub streams: &'static [StreamSpec],
}

/// A destination type and its form.
#[derive(Debug)]
pub struct DestinationKind {
    pub type_: &'static str,
    pub props: &'static [Prop],
}

/// The source types the seed cycles through (`SOURCE_TYPES[index % len]`), so this list and its
/// order are part of the seed: the Import API type ([`IMPORT_API`]) is kept out of it.
pub const SOURCE_TYPES: &[SourceKind] = &[
    SourceKind {
        type_: "platform.postgres",
        tap: "tap-postgres",
        database: true,
        props: &[
            prop("host", true, false),
            PORT,
            prop("database", true, false),
            prop("user", true, false),
            prop("password", true, true),
            prop("ssl", false, false),
        ],
        streams: &[
            (
                "demo-public-customers",
                "customers",
                &[
                    ("id", "integer", "automatic"),
                    ("email", "string", "available"),
                    ("name", "string", "available"),
                    ("legacy_blob", "string", "unsupported"),
                    ("updated_at", "string", "available"),
                ],
            ),
            (
                "demo-public-orders",
                "orders",
                &[
                    ("id", "integer", "automatic"),
                    ("customer_id", "integer", "available"),
                    ("total", "number", "available"),
                    ("updated_at", "string", "available"),
                ],
            ),
        ],
    },
    SourceKind {
        type_: "platform.mysql",
        tap: "tap-mysql",
        database: true,
        props: &[
            prop("host", true, false),
            PORT,
            prop("database", true, false),
            prop("user", true, false),
            prop("password", true, true),
        ],
        streams: &[
            (
                "shop-products",
                "products",
                &[
                    ("id", "integer", "automatic"),
                    ("title", "string", "available"),
                    ("price", "number", "available"),
                    ("updated_at", "string", "available"),
                ],
            ),
            (
                "shop-inventory",
                "inventory",
                &[
                    ("id", "integer", "automatic"),
                    ("product_id", "integer", "available"),
                    ("quantity", "integer", "available"),
                    ("updated_at", "string", "available"),
                ],
            ),
        ],
    },
    SourceKind {
        type_: "platform.hubspot",
        tap: "tap-hubspot",
        database: false,
        props: &[
            prop("start_date", true, false),
            prop("refresh_token", true, true),
            prop("frequency_in_minutes", false, false),
        ],
        streams: &[
            (
                "contacts",
                "contacts",
                &[
                    ("vid", "integer", "automatic"),
                    ("email", "string", "available"),
                    ("lifecyclestage", "string", "available"),
                    ("updated_at", "string", "available"),
                ],
            ),
            (
                "companies",
                "companies",
                &[
                    ("companyId", "integer", "automatic"),
                    ("name", "string", "available"),
                    ("updated_at", "string", "available"),
                ],
            ),
            (
                "deals",
                "deals",
                &[
                    ("dealId", "integer", "automatic"),
                    ("amount", "number", "available"),
                    ("updated_at", "string", "available"),
                ],
            ),
        ],
    },
    SourceKind {
        type_: "platform.shopify",
        tap: "tap-shopify",
        database: false,
        props: &[
            prop("shop", true, false),
            prop("api_key", true, true),
            prop("start_date", true, false),
        ],
        streams: &[
            (
                "orders",
                "orders",
                &[
                    ("id", "integer", "automatic"),
                    ("email", "string", "available"),
                    ("total_price", "string", "available"),
                    ("updated_at", "string", "available"),
                ],
            ),
            (
                "custom_collections",
                "custom_collections",
                &[
                    ("id", "integer", "automatic"),
                    ("title", "string", "available"),
                    ("published_at", "string", "available"),
                    ("updated_at", "string", "available"),
                ],
            ),
            (
                "abandoned_checkouts",
                "abandoned_checkouts",
                &[
                    ("id", "integer", "automatic"),
                    ("email", "string", "available"),
                    ("updated_at", "string", "available"),
                ],
            ),
        ],
    },
    SourceKind {
        type_: "platform.closeio",
        tap: "tap-closeio",
        database: false,
        props: &[prop("api_key", true, true), prop("start_date", true, false)],
        streams: &[
            (
                "leads",
                "leads",
                &[
                    ("id", "string", "automatic"),
                    ("display_name", "string", "available"),
                    ("date_updated", "string", "available"),
                ],
            ),
            (
                "activities",
                "activities",
                &[
                    ("id", "string", "automatic"),
                    ("type", "string", "available"),
                    ("date_updated", "string", "available"),
                ],
            ),
        ],
    },
];

/// The destination types `GET /v4/destination-types` lists.
pub const DESTINATION_TYPES: &[DestinationKind] = &[
    DestinationKind {
        type_: "postgres",
        props: &[
            prop("host", true, false),
            PORT,
            prop("database", true, false),
            prop("username", true, false),
            prop("password", true, true),
            prop("ssl", false, false),
        ],
    },
    DestinationKind {
        type_: "redshift",
        props: &[
            prop("host", true, false),
            PORT,
            prop("database", true, false),
            prop("username", true, false),
            prop("password", true, true),
        ],
    },
    DestinationKind {
        type_: "snowflake",
        props: &[
            prop("host", true, false),
            prop("warehouse", true, false),
            prop("database", true, false),
            prop("username", true, false),
            prop("password", true, true),
        ],
    },
    DestinationKind {
        type_: "bigquery",
        props: &[
            prop("project_id", true, false),
            prop("location", false, false),
        ],
    },
];

/// Stitch's Import API source type: no form properties (its report card is `form` then
/// `fully_configured`, so a new one is at step 2), no streams, no connection check, and it is
/// never replicated by Stitch (data is pushed to the Import API with its access tokens).
pub static IMPORT_API: SourceKind = SourceKind {
    type_: "import_api",
    tap: "import_api",
    database: false,
    props: &[],
    streams: &[],
};

impl SourceKind {
    /// Whether this is the Import API type.
    pub fn is_import_api(&self) -> bool {
        self.type_ == IMPORT_API.type_
    }

    /// The stream metadata keys a metadata update may set (the Stream Schema object's
    /// `non-discoverable-metadata-keys`): a database's streams also take their replication.
    pub fn writable_metadata(&self) -> &'static [&'static str] {
        if self.database {
            &[
                "selected",
                "replication-method",
                "replication-key",
                "view-key-properties",
            ]
        } else {
            &["selected"]
        }
    }

    /// The steps of this type's report card.
    pub fn steps(&self) -> &'static [&'static str] {
        if self.is_import_api() {
            &["form", "fully_configured"]
        } else {
            &[
                "form",
                "discover_schema",
                "field_selection",
                "fully_configured",
            ]
        }
    }
}

/// Every source type `GET /v4/source-types` lists: the seeded ones, then the Import API.
pub fn source_kinds() -> impl Iterator<Item = &'static SourceKind> {
    SOURCE_TYPES.iter().chain(std::iter::once(&IMPORT_API))
}

pub fn source_kind(type_: &str) -> Option<&'static SourceKind> {
    source_kinds().find(|kind| kind.type_ == type_)
}

pub fn destination_kind(type_: &str) -> Option<&'static DestinationKind> {
    DESTINATION_TYPES.iter().find(|kind| kind.type_ == type_)
}

/// A field of a stream, with its selection.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub json_type: &'static str,
    pub inclusion: &'static str,
    pub selected: Option<bool>,
}

/// A discovered stream (table) of a source.
#[derive(Debug, Clone)]
pub struct Stream {
    pub stream_id: u64,
    pub tap_stream_id: String,
    pub stream_name: String,
    pub selected: Option<bool>,
    /// The replication metadata set by a metadata update (`replication-method`, …), by key.
    pub replication: Map<String, Value>,
    pub fields: Vec<Field>,
    /// The last batch loaded before any job run by this server (seeded loads).
    pub loaded_ms: Option<i64>,
    /// The seeded load of this stream failed: `error_state` is set, `last_batch_loaded_at` null.
    pub load_failed: bool,
}

/// A connection check's outcome.
#[derive(Debug, Clone)]
pub struct Check {
    pub name: String,
    pub start_ms: i64,
    pub completion_ms: i64,
    pub error: Option<String>,
}

impl Check {
    /// The Connection Check object.
    pub fn view(&self) -> Value {
        let failed = self.error.is_some();
        json!({
            "name": self.name,
            "mode": "check",
            "status": if failed { "failed" } else { "succeeded" },
            "error": failed,
            "start_time": iso_secs(self.start_ms),
            "completion_time": iso_secs(self.completion_ms),
            "discovery_exit_status": if failed { 1 } else { 0 },
            "discovery_error_message": self.error,
            "check_exit_status": if failed { Value::Null } else { json!(0) },
            "tap_exit_status": null,
            "tap_error_message": null,
            "target_exit_status": null,
            "target_error_message": null,
        })
    }
}

/// How a replication job went or goes.
#[derive(Debug, Clone)]
pub enum Run {
    /// Seeded: finished before the server started.
    Past {
        completion_ms: i64,
        tap_exit_status: i64,
        tap_description: Option<String>,
    },
    /// Started on this server: its phases follow the tokio clock. `stopped` is how long it had
    /// run when `DELETE …/sync` stopped it.
    Live {
        started: Instant,
        stopped: Option<Duration>,
    },
}

/// A replication (extraction) job.
#[derive(Debug, Clone)]
pub struct Job {
    pub name: String,
    pub start_ms: i64,
    pub run: Run,
}

/// The three phases of an extraction, in order.
const PHASES: [&str; 3] = ["discovery", "tap", "target"];

impl Job {
    /// Whether the job is still running at `now` when jobs take `length`.
    pub fn running(&self, length: Duration, now: Instant) -> bool {
        match &self.run {
            Run::Past { .. } => false,
            Run::Live { started, stopped } => {
                stopped.is_none() && now.saturating_duration_since(*started) < length
            }
        }
    }

    /// When a finished job completed (epoch ms); `None` while it runs.
    pub fn completion_ms(&self, length: Duration, now: Instant) -> Option<i64> {
        match &self.run {
            Run::Past { completion_ms, .. } => Some(*completion_ms),
            Run::Live { started, stopped } => {
                let ran = match stopped {
                    Some(ran) => *ran,
                    None if now.saturating_duration_since(*started) >= length => length,
                    None => return None,
                };
                Some(self.start_ms + millis(ran))
            }
        }
    }

    /// Whether the job ended with every phase at exit status 0.
    pub fn succeeded(&self, length: Duration, now: Instant) -> bool {
        match &self.run {
            Run::Past {
                tap_exit_status, ..
            } => *tap_exit_status == 0,
            Run::Live { stopped, .. } => stopped.is_none() && !self.running(length, now),
        }
    }

    /// The Extraction object: exit statuses are `null` for phases not yet ended, 0 for the
    /// phases that succeeded. A stopped job ends as the reference shows a terminated one
    /// (stitchdata/docs, "List last extractions"): completed, every exit status `null` and
    /// every phase described "Terminated".
    pub fn view(&self, source: &Source, length: Duration, now: Instant) -> Value {
        let mut statuses: [Option<i64>; 3] = [Some(0), Some(0), Some(0)];
        let mut descriptions: [Option<String>; 3] = [None, None, None];
        match &self.run {
            Run::Past {
                tap_exit_status,
                tap_description,
                ..
            } => {
                statuses[1] = Some(*tap_exit_status);
                descriptions[1].clone_from(tap_description);
            }
            Run::Live { started, stopped } => {
                let ran = now.saturating_duration_since(*started);
                if stopped.is_some() {
                    statuses = [None; 3];
                    descriptions = [(); 3].map(|()| Some("Terminated".to_owned()));
                } else if ran < length {
                    let phase = usize::try_from(ran.as_nanos() * 3 / length.as_nanos().max(1))
                        .unwrap_or(2)
                        .min(2);
                    for status in statuses.iter_mut().skip(phase) {
                        *status = None;
                    }
                }
            }
        }
        json!({
            "job_name": self.name,
            "stitch_client_id": CLIENT_ID,
            "source_id": source.id,
            "source_type": source.kind.tap,
            "tap_name": source.kind.tap,
            "start_time": iso_secs(self.start_ms),
            "completion_time": self.completion_ms(length, now).map(iso_secs),
            "discovery_exit_status": statuses[0],
            "discovery_description": descriptions[0],
            "tap_exit_status": statuses[1],
            "tap_description": descriptions[1],
            "target_exit_status": statuses[2],
            "target_description": descriptions[2],
        })
    }

    /// The log text `GET …/extractions/{job_name}` redirects to.
    pub fn log(&self, source: &Source, length: Duration, now: Instant) -> String {
        let view = self.view(source, length, now);
        let mut lines = vec![format!(
            "{} INFO job {} started for source {} ({})",
            iso_secs(self.start_ms),
            self.name,
            source.id,
            source.kind.tap
        )];
        for phase in PHASES {
            match view[format!("{phase}_exit_status")].as_i64() {
                Some(0) => lines.push(format!("INFO {phase} phase exited with status 0")),
                Some(code) => lines.push(format!(
                    "ERROR {phase} phase exited with status {code}: {}",
                    view[format!("{phase}_description")]
                        .as_str()
                        .unwrap_or("failed")
                )),
                None => match view[format!("{phase}_description")].as_str() {
                    Some(why) => lines.push(format!("ERROR {phase} phase {why}")),
                    None => lines.push(format!("INFO {phase} phase pending")),
                },
            }
        }
        if let Some(done) = self.completion_ms(length, now) {
            lines.push(format!("{} INFO job finished", iso_secs(done)));
        }
        lines.join("\n") + "\n"
    }
}

/// A source of the account.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: u64,
    pub kind: &'static SourceKind,
    pub display_name: String,
    pub name: String,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub deleted_ms: Option<i64>,
    /// As the client sent it (`PUT` with `paused_at`), or seeded.
    pub paused_at: Option<String>,
    /// Every property given, credentials included (never shown).
    pub properties: BTreeMap<String, String>,
    pub streams: Vec<Stream>,
    pub check: Option<Check>,
    /// The last replication job, if any.
    pub job: Option<Job>,
    /// The destination it loads into: `None`, or a deleted one, when it has none.
    pub destination: Option<u64>,
}

impl Source {
    /// The Source object.
    pub fn view(&self) -> Value {
        json!({
            "id": self.id,
            "created_at": iso_secs(self.created_ms),
            "updated_at": iso_secs(self.updated_ms),
            "deleted_at": self.deleted_ms.map(iso_secs),
            "display_name": self.display_name,
            "name": self.name,
            "paused_at": self.paused_at,
            "system_paused_at": null,
            "properties": shown(self.kind.props, &self.properties),
            "report_card": self.report_card(),
            "stitch_client_id": CLIENT_ID,
            "type": self.kind.type_,
            "schedule": self.schedule(),
            "check_job_name": self.check.as_ref().map(|c| &c.name),
        })
    }

    /// The Schedule object: every `frequency_in_minutes` (60 unless given) from its creation,
    /// `null` while paused or once deleted, and for an Import API source (never replicated).
    fn schedule(&self) -> Value {
        if self.paused_at.is_some() || self.deleted_ms.is_some() || self.kind.is_import_api() {
            return Value::Null;
        }
        let minutes: u32 = self
            .properties
            .get("frequency_in_minutes")
            .and_then(|m| m.parse().ok())
            .filter(|m| *m > 0)
            .unwrap_or(60);
        let every = i64::from(minutes) * 60_000;
        let since = crate::clock::now_ms()
            .saturating_sub(self.created_ms)
            .max(0);
        let next = self.created_ms + (since / every + 1) * every;
        json!({
            "type": "interval",
            "unit": "minute",
            "interval": f64::from(minutes),
            "next_fire_time": iso_secs(next),
        })
    }

    /// The source's report card: step 1 (form) until every required property is given, then
    /// step 3 (field selection) until a stream is selected, then 4 (fully configured). An
    /// Import API source, with neither properties nor streams, is always at step 2 of its two
    /// (fully configured).
    pub fn report_card(&self) -> Value {
        let complete = missing(self.kind.props, &self.properties).is_empty();
        let selected = self.streams.iter().any(|s| s.selected == Some(true));
        let step = match (self.kind.is_import_api(), complete, selected) {
            (true, _, _) => 2,
            (false, false, _) => 1,
            (false, true, false) => 3,
            (false, true, true) => 4,
        };
        report_card(
            self.kind.type_,
            self.kind.props,
            &self.properties,
            self.kind.steps(),
            step,
            true,
        )
    }

    pub fn stream(&self, stream_id: &str) -> Option<&Stream> {
        self.streams
            .iter()
            .find(|s| s.stream_id.to_string() == stream_id.trim())
    }
}

impl Stream {
    fn stream_metadata(&self, kind: &SourceKind) -> Map<String, Value> {
        let key = self
            .fields
            .first()
            .map(|f| f.name.clone())
            .unwrap_or_default();
        let mut metadata = Map::new();
        metadata.insert("selected".into(), json!(self.selected));
        metadata.insert("table-key-properties".into(), json!([key]));
        if kind.database {
            metadata.insert("database-name".into(), json!("demo"));
            metadata.insert(
                "schema-name".into(),
                json!(self.tap_stream_id.split('-').nth(1).unwrap_or("public")),
            );
            metadata.insert("is-view".into(), json!(false));
            metadata.insert("row-count".into(), json!(100 + self.stream_id % 900));
            metadata.insert("replication-method".into(), Value::Null);
            metadata.extend(self.replication.clone());
        } else {
            metadata.insert("forced-replication-method".into(), json!("INCREMENTAL"));
            let replication_key = self.fields.last().map(|f| f.name.clone());
            metadata.insert("valid-replication-keys".into(), json!(replication_key));
        }
        metadata
    }

    /// The Stream object of `GET /v4/sources/{id}/streams`.
    pub fn view(&self, kind: &SourceKind) -> Value {
        json!({
            "stream_id": self.stream_id,
            "tap_stream_id": self.tap_stream_id,
            "stream_name": self.stream_name,
            "selected": self.selected,
            "metadata": self.stream_metadata(kind),
        })
    }

    /// The Stream Schema object of `GET /v4/sources/{id}/streams/{stream_id}`: `schema` is a
    /// JSON Schema encoded as a string, as Stitch sends it; `metadata` has the stream's entry
    /// (breadcrumb `[]`) and one per field (breadcrumb `["properties", field]`).
    pub fn schema_view(&self, kind: &SourceKind) -> Value {
        let properties: Map<String, Value> = self
            .fields
            .iter()
            .map(|f| (f.name.clone(), json!({"type": ["null", f.json_type]})))
            .collect();
        let schema = json!({"type": "object", "properties": properties}).to_string();
        let mut metadata = vec![json!({
            "breadcrumb": [],
            "metadata": self.stream_metadata(kind),
        })];
        metadata.extend(self.fields.iter().map(|f| {
            json!({
                "breadcrumb": ["properties", f.name],
                "metadata": {"inclusion": f.inclusion, "selected": f.selected},
            })
        }));
        json!({
            "schema": schema,
            "metadata": metadata,
            "non-discoverable-metadata-keys": kind.writable_metadata(),
        })
    }
}

/// A destination of the account.
#[derive(Debug, Clone)]
pub struct Destination {
    pub id: u64,
    pub kind: &'static DestinationKind,
    pub name: Option<String>,
    pub description: Option<String>,
    pub properties: BTreeMap<String, String>,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub deleted_ms: Option<i64>,
    pub check: Check,
}

impl Destination {
    /// The Destination object (v4).
    pub fn view(&self) -> Value {
        let complete = missing(self.kind.props, &self.properties).is_empty();
        json!({
            "id": self.id,
            "type": self.kind.type_,
            "name": self.name,
            "description": self.description,
            "display_name": null,
            "properties": shown(self.kind.props, &self.properties),
            "created_at": iso_secs(self.created_ms),
            "updated_at": iso_secs(self.updated_ms),
            "deleted_at": self.deleted_ms.map(iso_secs),
            "paused_at": null,
            "system_paused_at": null,
            "stitch_client_id": CLIENT_ID,
            "report_card": report_card(
                self.kind.type_,
                self.kind.props,
                &self.properties,
                &["form", "fully_configured"],
                if complete { 2 } else { 1 },
                false,
            ),
        })
    }
}

/// A Report Card object: the type's steps, the form's properties with `provided` set from
/// `given`, and the current step (1-based).
pub fn report_card(
    type_: &str,
    props: &[Prop],
    given: &BTreeMap<String, String>,
    steps: &[&str],
    current: usize,
    source: bool,
) -> Value {
    let form: Vec<Value> = props
        .iter()
        .map(|p| {
            let mut schema = json!({"type": "string"});
            if let Some(pattern) = p.pattern {
                schema["pattern"] = json!(pattern);
            }
            let mut entry = json!({
                "name": p.name,
                "is_required": p.required,
                "is_credential": p.credential,
                "system_provided": false,
                "property_type": "user_provided",
                "json_schema": schema,
                "provided": given.contains_key(p.name),
            });
            if source {
                entry["tap_mutable"] = json!(false);
            }
            entry
        })
        .collect();
    let steps: Vec<Value> = steps
        .iter()
        .map(|step| {
            let properties = if *step == "form" {
                form.clone()
            } else {
                Vec::new()
            };
            json!({"type": step, "properties": properties})
        })
        .collect();
    let current_type = steps
        .get(current.saturating_sub(1))
        .map_or(Value::Null, |s| s["type"].clone());
    json!({
        "type": type_,
        "current_step": current,
        "current_step_type": current_type,
        "steps": steps,
    })
}

/// The report card of a type with nothing given (`GET /v4/source-types/{type}`).
pub fn source_type_view(kind: &SourceKind) -> Value {
    report_card(
        kind.type_,
        kind.props,
        &BTreeMap::new(),
        kind.steps(),
        1,
        true,
    )
}

/// The report card of a destination type with nothing given.
pub fn destination_type_view(kind: &DestinationKind) -> Value {
    report_card(
        kind.type_,
        kind.props,
        &BTreeMap::new(),
        &["form", "fully_configured"],
        1,
        false,
    )
}

/// The required properties not in `given`.
pub fn missing(props: &[Prop], given: &BTreeMap<String, String>) -> Vec<&'static str> {
    props
        .iter()
        .filter(|p| p.required && !given.contains_key(p.name))
        .map(|p| p.name)
        .collect()
}

/// The properties a response shows: every given one except credentials.
fn shown(props: &[Prop], given: &BTreeMap<String, String>) -> Map<String, Value> {
    given
        .iter()
        .filter(|(name, _)| {
            !props
                .iter()
                .any(|p| p.name == name.as_str() && p.credential)
        })
        .map(|(name, value)| (name.clone(), json!(value)))
        .collect()
}

/// Stitch timestamps: ISO 8601 to the second, `Z`.
pub fn iso_secs(ms: i64) -> String {
    let full = iso8601(ms.div_euclid(1000) * 1000);
    format!("{}Z", &full[..19])
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// The "jobs" rate limit: the requests counted in the last [`JOBS_WINDOW`] (rolling), and
/// totals since the last reset.
#[derive(Debug, Default)]
pub struct JobsLimit {
    hits: VecDeque<(Instant, i64)>,
    total: u64,
    refused: u64,
}

impl JobsLimit {
    fn expire(&mut self, now: Instant) {
        while self
            .hits
            .front()
            .is_some_and(|(at, _)| now.saturating_duration_since(*at) >= JOBS_WINDOW)
        {
            self.hits.pop_front();
        }
    }

    /// Counts one request at `now`; a 31st within the window is refused with how long until
    /// the oldest counted request leaves it (refusals are not counted in the window).
    pub fn take(&mut self, now: Instant, now_ms: i64) -> Result<(), Duration> {
        self.expire(now);
        if self.hits.len() >= JOBS_LIMIT {
            self.refused += 1;
            let oldest = self.hits.front().map_or(now, |(at, _)| *at);
            return Err(JOBS_WINDOW.saturating_sub(now.saturating_duration_since(oldest)));
        }
        self.hits.push_back((now, now_ms));
        self.total += 1;
        Ok(())
    }

    /// `GET /__control/stitch/jobs`.
    pub fn view(&mut self, now: Instant) -> Value {
        self.expire(now);
        json!({
            "count": self.hits.len(),
            "window_started_at": self.hits.front().map(|(_, ms)| iso8601(*ms)),
            "limit": JOBS_LIMIT,
            "window_seconds": JOBS_WINDOW.as_secs(),
            "total": self.total,
            "refused": self.refused,
        })
    }
}

/// Active access tokens an Import API source may have at once.
pub const TOKENS_PER_SOURCE: usize = 2;

/// The first Import API access token id (as in Stitch's guide); ids then count up.
const FIRST_TOKEN_ID: u64 = 828_704_779;

/// An active Import API access token. Its secret is not kept: Stitch shows it once, in the answer
/// that created it.
#[derive(Debug, Clone)]
pub struct ImportToken {
    pub id: u64,
    pub source: u64,
    pub created_ms: i64,
}

impl ImportToken {
    /// An entry of `GET /v4/sources/{id}/tokens`: `{token_id, created_at}`.
    pub fn view(&self) -> Value {
        json!({"token_id": self.id, "created_at": iso_secs(self.created_ms)})
    }
}

/// A new Import API access token's secret: 64 random hexadecimal digits.
pub fn access_token_secret() -> String {
    use ring::rand::{SecureRandom, SystemRandom};
    let mut bytes = [0u8; 32];
    if SystemRandom::new().fill(&mut bytes).is_err() {
        // No system randomness: still a secret-looking string, unique per call.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let mut rng = crate::prng::Prng(u64::try_from(nanos & u128::from(u64::MAX)).unwrap_or(0));
        return rng.hex(64);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The seeded destination's id: every seeded source loads into it.
const DESTINATION_ID: u64 = 155_582;

/// How many destinations an account may have at once: an Advanced plan's (`crate::stitch`).
pub const DESTINATION_LIMIT: usize = 3;

/// The whole local Stitch account.
#[derive(Debug)]
pub struct Stitch {
    pub sources: BTreeMap<u64, Source>,
    pub destinations: BTreeMap<u64, Destination>,
    pub jobs: JobsLimit,
    /// The active Import API access tokens, oldest first.
    pub tokens: Vec<ImportToken>,
    next_source: u64,
    next_destination: u64,
    next_stream: u64,
    next_job: u64,
    next_token: u64,
}

impl Stitch {
    pub fn new_source_id(&mut self) -> u64 {
        self.next_source += 1;
        self.next_source
    }

    pub fn new_destination_id(&mut self) -> u64 {
        self.next_destination += 1;
        self.next_destination
    }

    /// A job or check name as Stitch writes it: `<client>.<source>.<mode>.<uuid>`.
    pub fn job_name(&mut self, source: u64, mode: &str) -> String {
        self.next_job += 1;
        let n = self.next_job;
        format!(
            "{CLIENT_ID}.{source}.{mode}.{:08x}-{:04x}-11ea-840a-{:012x}",
            n.wrapping_mul(2_654_435_761) & 0xffff_ffff,
            n & 0xffff,
            n
        )
    }

    /// The streams discovery finds for `kind`, with new stream ids, nothing selected.
    pub fn discover(&mut self, kind: &SourceKind) -> Vec<Stream> {
        kind.streams
            .iter()
            .map(|(tap_stream_id, stream_name, fields)| {
                self.next_stream += 1;
                Stream {
                    stream_id: self.next_stream,
                    tap_stream_id: (*tap_stream_id).to_owned(),
                    stream_name: (*stream_name).to_owned(),
                    selected: None,
                    replication: Map::new(),
                    fields: fields
                        .iter()
                        .map(|(name, json_type, inclusion)| Field {
                            name: (*name).to_owned(),
                            json_type,
                            inclusion,
                            selected: None,
                        })
                        .collect(),
                    loaded_ms: None,
                    load_failed: false,
                }
            })
            .collect()
    }

    /// A connection check made at `now_ms` for a source or destination whose required
    /// properties are all given.
    pub fn passed_check(&mut self, id: u64, now_ms: i64) -> Check {
        Check {
            name: self.job_name(id, "check"),
            start_ms: now_ms,
            completion_ms: now_ms + 2000,
            error: None,
        }
    }

    /// The active access tokens of source `source`, newest first.
    pub fn tokens_of(&self, source: u64) -> Vec<&ImportToken> {
        let mut tokens: Vec<&ImportToken> =
            self.tokens.iter().filter(|t| t.source == source).collect();
        tokens.sort_by_key(|t| std::cmp::Reverse(t.id));
        tokens
    }

    /// A new access token for source `source` made at `now_ms`, or `None` when it already has
    /// [`TOKENS_PER_SOURCE`] active ones.
    pub fn issue_token(&mut self, source: u64, now_ms: i64) -> Option<ImportToken> {
        if self.tokens_of(source).len() >= TOKENS_PER_SOURCE {
            return None;
        }
        let token = ImportToken {
            id: self.next_token,
            source,
            created_ms: now_ms,
        };
        self.next_token += 1;
        self.tokens.push(token.clone());
        Some(token)
    }

    /// Revokes token `token` of source `source`; false when it has no such active token.
    pub fn revoke_token(&mut self, source: u64, token: u64) -> bool {
        let before = self.tokens.len();
        self.tokens
            .retain(|t| !(t.source == source && t.id == token));
        self.tokens.len() < before
    }

    /// The destinations that are not deleted, oldest first.
    pub fn destinations(&self) -> impl Iterator<Item = &Destination> {
        self.destinations
            .values()
            .filter(|d| d.deleted_ms.is_none())
    }

    /// The destination `source` loads into, if it has one that is not deleted.
    pub fn destination_of(&self, source: &Source) -> Option<u64> {
        source
            .destination
            .filter(|id| self.destinations().any(|d| d.id == *id))
    }

    /// The Load objects: the last load of each stream of each source that is not deleted, by
    /// `stream_name` then source name. A stream loads when a job of its source succeeds while it
    /// is selected.
    pub fn loads(&self, length: Duration, now: Instant) -> Vec<Value> {
        let mut loads = Vec::new();
        for source in self.sources.values().filter(|s| s.deleted_ms.is_none()) {
            let job_load = source
                .job
                .as_ref()
                .filter(|job| job.succeeded(length, now))
                .and_then(|job| job.completion_ms(length, now))
                .map(|done| done + 1000);
            for stream in &source.streams {
                let live = job_load.filter(|_| stream.selected == Some(true));
                let last = match (stream.loaded_ms, live) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
                let failed = stream.load_failed && live.is_none();
                if last.is_none() && !failed {
                    continue;
                }
                let error_state = failed.then(|| {
                    json!({"notification_data": {
                        "message": "There was an internal error. We are investigating.",
                        "error": "LOADER_INTERNAL_ERROR",
                        "status": "ERROR",
                    }})
                });
                loads.push((
                    stream.stream_name.clone(),
                    source.name.clone(),
                    json!({
                        "stitch_client_id": CLIENT_ID,
                        "source_name": source.name,
                        "stream_name": stream.stream_name,
                        "last_batch_loaded_at": if failed { None } else { last.map(iso_secs) },
                        "error_state": error_state,
                    }),
                ));
            }
        }
        loads.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        loads.into_iter().map(|(_, _, load)| load).collect()
    }
}

/// The seeded account: `sources` sources cycling through the source types (the third is
/// paused, the sixth deleted, the fifth's last extraction failed and its connection check too,
/// the last has never run), each with its discovered streams (the first selected with its
/// available fields, the rest not), loads for the selected streams of sources that ran, and one
/// Postgres destination.
pub fn seed(sources: usize) -> Stitch {
    let mut stitch = Stitch {
        sources: BTreeMap::new(),
        destinations: BTreeMap::new(),
        jobs: JobsLimit::default(),
        tokens: Vec::new(),
        next_source: 120_642,
        next_destination: 155_581,
        next_stream: 2_288_756,
        next_job: 0,
        next_token: FIRST_TOKEN_ID,
    };
    for index in 0..sources {
        let kind = &SOURCE_TYPES[index % SOURCE_TYPES.len()];
        let id = stitch.new_source_id();
        let i = i64::try_from(index).unwrap_or(0);
        let created_ms = SEED_EPOCH_MS + i * DAY_MS;
        let label = kind.type_.trim_start_matches("platform.");
        let display_name = format!("{} {}", capitalised(label), index + 1);
        let properties: BTreeMap<String, String> = kind
            .props
            .iter()
            .filter(|p| p.required)
            .map(|p| (p.name.to_owned(), sample_value(p.name, index)))
            .collect();
        let mut streams = stitch.discover(kind);
        if let Some(first) = streams.first_mut() {
            first.selected = Some(true);
            for field in &mut first.fields {
                field.selected = Some(field.inclusion == "available");
            }
        }
        for stream in streams.iter_mut().skip(1) {
            stream.selected = Some(false);
        }
        let failed = index == 4;
        let never_ran = index + 1 == sources && sources > 1;
        let job_start = SEED_EPOCH_MS + 40 * DAY_MS + i * 3_600_000;
        let job = (!never_ran).then(|| Job {
            name: stitch.job_name(id, "sync"),
            start_ms: job_start,
            run: Run::Past {
                completion_ms: job_start + 95_000,
                tap_exit_status: i64::from(failed),
                tap_description: failed.then(|| {
                    "Response returned http error code 401\n401 Client Error: Unauthorized"
                        .to_owned()
                }),
            },
        });
        if job.is_some() {
            for stream in &mut streams {
                if stream.selected == Some(true) {
                    if failed {
                        stream.load_failed = true;
                    } else {
                        stream.loaded_ms = Some(job_start + 96_000);
                    }
                }
            }
        }
        let check = Check {
            name: stitch.job_name(id, "check"),
            start_ms: created_ms + 60_000,
            completion_ms: created_ms + 62_000,
            error: failed
                .then(|| "FATAL:  password authentication failed for user \"stitch\"".to_owned()),
        };
        let source = Source {
            id,
            kind,
            name: derive_name(&display_name),
            display_name,
            created_ms,
            updated_ms: created_ms + 120_000,
            deleted_ms: (index == 5).then_some(created_ms + 10 * DAY_MS),
            paused_at: (index == 2).then(|| iso_secs(created_ms + 5 * DAY_MS)),
            properties,
            streams,
            check: Some(check),
            job,
            destination: Some(DESTINATION_ID),
        };
        stitch.sources.insert(id, source);
    }
    let id = stitch.new_destination_id();
    debug_assert_eq!(id, DESTINATION_ID);
    let kind = &DESTINATION_TYPES[0];
    let check = Check {
        name: format!("{CLIENT_ID}.{id}.check.0f6d1c2a-0000-11ea-840a-000000000001"),
        start_ms: SEED_EPOCH_MS - DAY_MS + 60_000,
        completion_ms: SEED_EPOCH_MS - DAY_MS + 62_000,
        error: None,
    };
    stitch.destinations.insert(
        id,
        Destination {
            id,
            kind,
            name: Some("Warehouse".into()),
            description: Some("Postgres warehouse of the local Stitch account".into()),
            properties: kind
                .props
                .iter()
                .filter(|p| p.required)
                .map(|p| (p.name.to_owned(), sample_value(p.name, 0)))
                .collect(),
            created_ms: SEED_EPOCH_MS - DAY_MS,
            updated_ms: SEED_EPOCH_MS - DAY_MS,
            deleted_ms: None,
            check,
        },
    );
    stitch
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn sample_value(name: &str, index: usize) -> String {
    match name {
        "port" => "5432".into(),
        "start_date" => "2025-01-01T00:00:00Z".into(),
        "host" => format!("db{index}.example.test"),
        "shop" => format!("shop-{index}"),
        "password" | "api_key" | "refresh_token" => format!("secret-{index}"),
        other => format!("{other}_{index}"),
    }
}

/// The `name` Stitch derives from a display name: lowercase letters, digits and underscores
/// (everything else becomes `_`), starting with a letter or underscore.
pub fn derive_name(display_name: &str) -> String {
    let mut name: String = display_name
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_timestamps_look_like_stitch() {
        assert_eq!(derive_name("Postgres Prod-1"), "postgres_prod_1");
        assert_eq!(derive_name("1st"), "_1st");
        assert_eq!(iso_secs(1_709_633_472_345), "2024-03-05T10:11:12Z");
    }

    #[tokio::test(start_paused = true)]
    async fn the_jobs_limit_rolls() {
        let mut limit = JobsLimit::default();
        for _ in 0..JOBS_LIMIT {
            assert!(limit.take(Instant::now(), 0).is_ok());
        }
        tokio::time::advance(Duration::from_secs(100)).await;
        assert_eq!(limit.take(Instant::now(), 0), Err(Duration::from_secs(500)));
        tokio::time::advance(Duration::from_secs(500)).await;
        assert!(limit.take(Instant::now(), 0).is_ok());
        let view = limit.view(Instant::now());
        assert_eq!(view["count"], 1);
        assert_eq!(view["refused"], 1);
        assert_eq!(view["total"], 31);
    }
}
