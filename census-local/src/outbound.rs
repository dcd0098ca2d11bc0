//! The destination side of the workspace as stored: destinations with their objects, syncs,
//! and sync runs, with their id counters. Routes read and change it through the store.

use std::collections::BTreeMap;
use std::time::Duration;

use census_core::models::JsonObject;
use census_core::syncs::{Destination, DestinationObject, Sync, SyncRunStatus};

use crate::clock::now_ms;
use crate::timeline::{Outcome, RunRecord};

/// Runs kept at most; the oldest are forgotten first so a long session stays small.
const MAX_RUNS: usize = 10_000;

/// A destination as stored: what the API shows plus what it keeps to itself.
#[derive(Debug, Clone)]
pub struct DestinationRecord {
    /// The wire form without `objects`, kept current on every change.
    pub destination: Destination,
    /// All credentials, secrets included, so partial updates can merge into them.
    pub credentials: JsonObject,
    /// `created_at` in epoch milliseconds, the list sort key.
    pub created_ms: i64,
    /// Its objects, each with its fields.
    pub objects: Vec<DestinationObject>,
}

impl DestinationRecord {
    /// The object named `full_name`.
    pub fn object(&self, full_name: &str) -> Option<&DestinationObject> {
        self.objects.iter().find(|o| o.full_name == full_name)
    }

    /// The destination as `GET /destinations/{id}` shows it: with its objects, each without
    /// fields (those come with the object alone).
    pub fn with_objects(&self) -> Destination {
        Destination {
            objects: Some(self.objects.iter().map(without_fields).collect()),
            ..self.destination.clone()
        }
    }
}

/// An object as lists show it, without `fields`.
pub fn without_fields(object: &DestinationObject) -> DestinationObject {
    DestinationObject {
        fields: None,
        ..object.clone()
    }
}

/// A sync as stored.
#[derive(Debug, Clone)]
pub struct SyncRecord {
    /// The wire form; `status` is filled in when shown ([`Outbound::sync_view`]).
    pub sync: Sync,
    /// `created_at` in epoch milliseconds, the list sort key.
    pub created_ms: i64,
    /// How its runs end while its source and destination exist.
    pub outcome: Outcome,
}

/// Destinations, syncs and runs by id, and the next id of each.
#[derive(Debug, Default)]
pub struct Outbound {
    pub destinations: BTreeMap<u64, DestinationRecord>,
    pub syncs: BTreeMap<u64, SyncRecord>,
    runs: BTreeMap<u64, RunRecord>,
    next_destination_id: u64,
    next_sync_id: u64,
    next_run_id: u64,
    next_alert_id: u64,
}

/// The `id`s of the alerts of `sync` that have one.
pub fn alert_ids(sync: &Sync) -> impl Iterator<Item = u64> + '_ {
    sync.alert_attributes
        .iter()
        .flatten()
        .filter_map(|alert| alert.get("id").and_then(serde_json::Value::as_u64))
}

/// The next id after `taken`, never going back below `next`.
fn after(next: u64, taken: u64) -> u64 {
    next.max(taken.saturating_add(1))
}

impl Outbound {
    /// Reserves the next destination id.
    pub fn take_destination_id(&mut self) -> u64 {
        let id = self.next_destination_id.max(1);
        self.next_destination_id = id + 1;
        id
    }

    /// Reserves the next sync id.
    pub fn take_sync_id(&mut self) -> u64 {
        let id = self.next_sync_id.max(1);
        self.next_sync_id = id + 1;
        id
    }

    /// Reserves the next run id.
    pub fn take_run_id(&mut self) -> u64 {
        let id = self.next_run_id.max(1);
        self.next_run_id = id + 1;
        id
    }

    /// Reserves the next alert id: one counter for the workspace's alerts, as the ids Census
    /// gives the alerts of every sync come from one table.
    pub fn take_alert_id(&mut self) -> u64 {
        let id = self.next_alert_id.max(1);
        self.next_alert_id = id + 1;
        id
    }

    /// Adds a destination; later ids come after its own.
    pub fn insert_destination(&mut self, record: DestinationRecord) {
        let id = record.destination.id;
        self.next_destination_id = after(self.next_destination_id, id);
        self.destinations.insert(id, record);
    }

    /// Adds a sync; later ids come after its own.
    pub fn insert_sync(&mut self, record: SyncRecord) {
        let id = record.sync.id;
        self.next_sync_id = after(self.next_sync_id, id);
        self.syncs.insert(id, record);
    }

    /// Adds a run; later ids come after its own.
    pub fn insert_run(&mut self, run: RunRecord) {
        self.next_run_id = after(self.next_run_id, run.id);
        self.runs.insert(run.id, run);
        while self.runs.len() > MAX_RUNS {
            self.runs.pop_first();
        }
    }

    /// Deletes a sync and its runs; `None` when there is no such sync.
    pub fn remove_sync(&mut self, id: u64) -> Option<SyncRecord> {
        let record = self.syncs.remove(&id)?;
        self.runs.retain(|_, run| run.sync_id != id);
        Some(record)
    }

    /// The creation time for something created now. Never earlier than anything already there,
    /// so a new item lists first under `order=desc` even if the clock is behind the seed data.
    pub fn creation_time(&self) -> i64 {
        let newest = self
            .destinations
            .values()
            .map(|d| d.created_ms)
            .chain(self.syncs.values().map(|s| s.created_ms))
            .chain(self.runs.values().map(|r| r.created_ms))
            .max();
        now_ms().max(newest.unwrap_or(i64::MIN))
    }

    /// Run `id`.
    pub fn run(&self, id: u64) -> Option<&RunRecord> {
        self.runs.get(&id)
    }

    /// Run `id`, to change (cancel) it.
    pub fn run_mut(&mut self, id: u64) -> Option<&mut RunRecord> {
        self.runs.get_mut(&id)
    }

    /// The runs of sync `id`, oldest first (by creation time, then id).
    pub fn runs_of(&self, id: u64) -> Vec<&RunRecord> {
        let mut runs: Vec<&RunRecord> = self.runs.values().filter(|r| r.sync_id == id).collect();
        runs.sort_by_key(|r| (r.created_ms, r.id));
        runs
    }

    /// Sync `id` as the API shows it, its `status` from its newest run: `Ready` before any run
    /// has ended (and after a skipped one), `Up to date` after a completed run, `Failing` after
    /// a failed one (document 003 writes `Ready`, other clients see `up to date` and `failing`).
    pub fn sync_view(&self, id: u64, run: Duration) -> Option<Sync> {
        let record = self.syncs.get(&id)?;
        let ended = self
            .runs_of(id)
            .into_iter()
            .rev()
            .map(|r| r.view(run).status)
            .find(SyncRunStatus::is_final);
        let status = match ended {
            Some(SyncRunStatus::Completed) => "Up to date",
            Some(SyncRunStatus::Failed) => "Failing",
            _ => "Ready",
        };
        Some(Sync {
            status: Some(status.into()),
            ..record.sync.clone()
        })
    }
}
