//! The records of a sync run (`GET /sync_runs/{id}/records`), generated from the run as it
//! stands rather than stored: a run that has processed N records has N of them, of which as many
//! are `rejected` as the run counts failed and as many `invalid` as it counts invalid, the rest
//! `succeeded`. A queued, failed or skipped run has none; a working run's grow with it; a canceled
//! run keeps those it had. A mirror sync's records include deletes (about one in ten); other
//! syncs only upsert.
//!
//! Record `i` (0-based, in processing order) is identified by the sync's primary identifier:
//! `user000001@example.com`… when it maps an email, else the numbers `100000`, `100001`…; which
//! records are rejected or invalid is spread over the run by a fixed permutation, so the same
//! run lists the same records on every machine.

use census_core::syncs::{Sync, SyncOperation, SyncRun, SyncRunStatus};
use census_core::workspace_models::{RecordStatus, SyncRunRecord};
use serde_json::Value;

use crate::fields::object_of;

/// Primes to multiply by in the permutation; the first that does not divide the count is used.
const PRIMES: &[u64] = &[7_919, 104_729, 1_299_709, 15_485_863];
/// The first numeric identifier.
const FIRST_NUMBER: u64 = 100_000;

/// What identifies a run's records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Email,
    Number,
}

/// How a run's records are made.
#[derive(Debug, Clone)]
pub struct Plan {
    /// How many records the run has.
    pub count: u64,
    rejected: u64,
    invalid: u64,
    deletes: bool,
    key: Key,
    /// The destination field the primary identifier is written to.
    key_field: String,
    object: String,
    multiplier: u64,
    offset: u64,
    /// When the run's batch started and completed, as its records show it.
    batch_started: Option<String>,
    batch_completed: Option<String>,
}

/// The records of `run` (as shown now) of `sync`.
pub fn plan(run: &SyncRun, sync: Option<&Sync>) -> Plan {
    let count = match run.status {
        SyncRunStatus::Completed | SyncRunStatus::Working | SyncRunStatus::Canceled => {
            run.records_processed.unwrap_or(0)
        }
        _ => 0,
    };
    let rejected = run.records_failed.unwrap_or(0).min(count);
    let invalid = run.records_invalid.unwrap_or(0).min(count - rejected);
    let mappings = sync.and_then(|s| s.mappings.as_deref()).unwrap_or_default();
    let key_mapping = mappings
        .iter()
        .find(|m| m.is_primary_identifier == Some(true))
        .or_else(|| mappings.first());
    let key_field = key_mapping.map_or_else(|| "id".to_owned(), |m| m.to.clone());
    let from_column = key_mapping
        .and_then(|m| match &m.from.0 {
            Value::String(column) => Some(column.clone()),
            Value::Object(from) => from.get("data").and_then(Value::as_str).map(str::to_owned),
            _ => None,
        })
        .unwrap_or_default();
    let key = if from_column.to_lowercase().contains("email")
        || key_field.to_lowercase().contains("email")
    {
        Key::Email
    } else {
        Key::Number
    };
    let multiplier = PRIMES.iter().copied().find(|p| count % p != 0).unwrap_or(1);
    Plan {
        count,
        rejected,
        invalid,
        deletes: sync.is_some_and(|s| s.operation == SyncOperation::Mirror),
        key,
        key_field,
        object: sync
            .and_then(|s| s.destination_attributes.as_ref())
            .and_then(|d| d.object.clone())
            .unwrap_or_default(),
        multiplier,
        offset: run.id.wrapping_mul(31),
        batch_started: run.created_at.clone(),
        batch_completed: run.completed_at.clone(),
    }
}

impl Plan {
    /// Where record `i` falls in the permutation (`0..count`).
    fn rank(&self, i: u64) -> u64 {
        let count = u128::from(self.count.max(1));
        let rank = (u128::from(i) * u128::from(self.multiplier) + u128::from(self.offset)) % count;
        u64::try_from(rank).unwrap_or(0)
    }

    /// What happened to record `i`.
    pub fn status(&self, i: u64) -> RecordStatus {
        let rank = self.rank(i);
        if rank < self.rejected {
            RecordStatus::Rejected
        } else if rank < self.rejected + self.invalid {
            RecordStatus::Invalid
        } else {
            RecordStatus::Succeeded
        }
    }

    /// `upsert` or `delete`.
    pub fn operation(&self, i: u64) -> &'static str {
        let spread = (i ^ self.offset).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
        if self.deletes && spread % 10 == 0 {
            "delete"
        } else {
            "upsert"
        }
    }

    /// Record `i`'s primary identifier.
    fn identifier(&self, i: u64) -> Value {
        match self.key {
            Key::Email => Value::from(format!("user{:06}@example.com", i + 1)),
            Key::Number => Value::from(FIRST_NUMBER + i),
        }
    }

    /// The record whose primary identifier is `text`, if the run has one.
    pub fn find(&self, text: &str) -> Option<u64> {
        let text = text.trim();
        let i = match self.key {
            Key::Email => {
                let lower = text.to_ascii_lowercase();
                let digits = lower.strip_prefix("user")?.strip_suffix("@example.com")?;
                let number: u64 = digits.parse().ok()?;
                // Only the exact spelling of an identifier: `user000042@…`, not `user42@…`.
                if format!("user{number:06}@example.com") != lower {
                    return None;
                }
                number.checked_sub(1)?
            }
            Key::Number => text.parse::<u64>().ok()?.checked_sub(FIRST_NUMBER)?,
        };
        (i < self.count).then_some(i)
    }

    /// Record `i` as the API shows it.
    pub fn record(&self, i: u64) -> SyncRunRecord {
        let status = self.status(i);
        let identifier = self.identifier(i);
        let status_message = match status {
            RecordStatus::Rejected => Some(format!(
                "The destination rejected the record: the value of {} is not accepted by {}",
                self.key_field,
                if self.object.is_empty() {
                    "the object"
                } else {
                    &self.object
                }
            )),
            RecordStatus::Invalid => Some(
                "Invalid record: its primary identifier appears more than once in the source"
                    .to_owned(),
            ),
            _ => None,
        };
        SyncRunRecord {
            record_payload: Some(Value::Object(object_of([(
                self.key_field.as_str(),
                identifier.clone(),
            )]))),
            identifier: Some(identifier),
            batch_started_at: self.batch_started.clone(),
            batch_completed_at: self.batch_completed.clone(),
            operation: Some(self.operation(i).to_owned()),
            status: Some(status),
            // The reference's example shows an empty message for a record that went through.
            status_message: Some(status_message.unwrap_or_default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(status: SyncRunStatus, processed: u64, failed: u64, invalid: u64) -> SyncRun {
        SyncRun {
            id: 95,
            sync_id: 52,
            status,
            source_record_count: Some(processed),
            records_processed: Some(processed),
            records_updated: None,
            records_failed: Some(failed),
            records_invalid: Some(invalid),
            created_at: None,
            updated_at: None,
            completed_at: None,
            scheduled_execution_time: None,
            error_code: None,
            error_message: None,
            error_detail: None,
            current_step: None,
            canceled: None,
            full_sync: None,
            sync_trigger_reason: None,
        }
    }

    #[test]
    fn the_counts_of_each_status_are_the_runs_own() {
        for count in [1, 2, 97, 7_919, 10_000] {
            let plan = plan(
                &run(SyncRunStatus::Completed, count, count / 10, count / 20),
                None,
            );
            let mut seen = [0u64; 3];
            for i in 0..count {
                seen[match plan.status(i) {
                    RecordStatus::Rejected => 0,
                    RecordStatus::Invalid => 1,
                    _ => 2,
                }] += 1;
            }
            assert_eq!(
                seen,
                [count / 10, count / 20, count - count / 10 - count / 20]
            );
        }
        assert_eq!(plan(&run(SyncRunStatus::Failed, 50, 0, 0), None).count, 0);
    }

    #[test]
    fn identifiers_are_found_again() {
        let plan = plan(&run(SyncRunStatus::Completed, 300, 3, 3), None);
        let record = plan.record(41);
        assert_eq!(record.identifier, Some(Value::from(100_041)));
        assert_eq!(plan.find("100041"), Some(41));
        assert_eq!(plan.find("100300"), None);
        assert_eq!(plan.find("99999"), None);
        assert_eq!(plan.find("x"), None);
    }
}
