//! A sync run over time. A run is stored once, when triggered (or seeded), with the outcome it
//! will reach; its state is computed from the time elapsed, as refresh jobs are: `queued` for the
//! first 15% of the run time, then `working` with counts that grow, then its final state.
//!
//! The final states follow document 003's examples: a completed run has every count and
//! `completed_at`; a failed run keeps `source_record_count`, has `records_invalid` 0, the other
//! counts and `completed_at` null, and says why in `error_code`, `error_message` and
//! `error_detail`; a skipped run found nothing to send (every count 0, no `completed_at`).

use std::time::Duration;

use census_core::models::JsonObject;
use census_core::syncs::{SyncRun, SyncRunStatus};
use serde_json::Value;
use tokio::time::Instant;

use crate::clock::iso8601;
use crate::prng::Prng;

/// Mixed with sync and run ids to draw their record counts.
const VOLUME_SEED: u64 = 0x5_C0DE_2026_0003;

/// Part of the run time (in percent) a run spends `queued`.
const QUEUED_PERCENT: u64 = 15;

/// Why a run failed, as its `error_*` fields say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: String,
    pub message: String,
    pub detail: String,
}

impl Failure {
    /// Document 003's failure: an array field fed a value that is not a JSON array.
    pub fn json_array(field: &str) -> Self {
        let detail = format!(
            "Please make sure the field \"{field}\" with value \"jim\" is formatted as a JSON \
             Array. Don't hesitate to reach out to the Census Support Team if you need help \
             with this."
        );
        Self {
            code: "JSON_ARRAY_ERROR".into(),
            message: format!(
                "The array field being used does not appear to be valid JSON: {detail}"
            ),
            detail,
        }
    }

    /// The sync's source or destination connection (`kind`) was deleted after it was set up.
    pub fn missing_connection(kind: &str, id: u64) -> Self {
        Self {
            code: "CONNECTION_NOT_FOUND".into(),
            message: format!("The {kind} connection {id} of this sync no longer exists."),
            detail: format!(
                "Census could not find {kind} connection {id}. Point the sync at an existing \
                 {kind} or delete it."
            ),
        }
    }

    /// A destination that stopped answering: the occasional failure of a healthy sync's history.
    pub fn timeout(destination: &str) -> Self {
        Self {
            code: "DESTINATION_TIMEOUT".into(),
            message: format!("{destination} did not answer within 300 seconds."),
            detail: format!(
                "The request to {destination} timed out. Census will retry on the next run."
            ),
        }
    }
}

/// How a run ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Complete,
    Fail(Failure),
    Skip,
}

/// Where a run's time comes from.
#[derive(Debug, Clone, Copy)]
pub enum RunClock {
    /// Triggered in this session: its state follows tokio's clock (so tests can pause and
    /// advance it) against the `--run-ms` run time.
    Live { started: Instant },
    /// Seeded history: already over, having taken `duration_ms`.
    Past { duration_ms: u64 },
}

/// A sync run as stored.
#[derive(Debug, Clone)]
pub struct RunRecord {
    pub id: u64,
    pub sync_id: u64,
    /// `created_at` in epoch milliseconds; later times are counted from it.
    pub created_ms: i64,
    pub clock: RunClock,
    pub full_sync: bool,
    /// `sync_trigger_reason`: `{ui_tag, ui_detail}`.
    pub trigger: JsonObject,
    pub scheduled_execution_time: Option<String>,
    pub outcome: Outcome,
    /// The source records this run reads (0 for a skipped run).
    pub records: u64,
    /// Of those, how many the destination rejects and how many Census finds invalid.
    pub failed: u64,
    pub invalid: u64,
    /// `POST /sync_runs/{id}/cancel`: how far into its run time (ms) the run was canceled.
    pub canceled_ms: Option<u64>,
}

/// Where a run is in its run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Queued,
    /// Working, `done` of `of` through the working time.
    Working {
        done: u64,
        of: u64,
    },
    Ended,
}

fn phase(elapsed_ms: u64, total_ms: u64) -> Phase {
    let queued_ms = total_ms.saturating_mul(QUEUED_PERCENT) / 100;
    if elapsed_ms >= total_ms {
        Phase::Ended
    } else if elapsed_ms < queued_ms {
        Phase::Queued
    } else {
        Phase::Working {
            done: elapsed_ms - queued_ms,
            of: total_ms - queued_ms,
        }
    }
}

/// `part` of `count`, `done` of `of` through: what a growing count has reached.
fn share(count: u64, done: u64, of: u64) -> u64 {
    let scaled = u128::from(count) * u128::from(done) / u128::from(of.max(1));
    u64::try_from(scaled).unwrap_or(count)
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

impl RunRecord {
    /// The run as the API shows it now; a live run takes `run` (`--run-ms`) in all.
    pub fn view(&self, run: Duration) -> SyncRun {
        let (elapsed_ms, total_ms) = self.progress(run);
        match self.canceled_ms {
            Some(at) if elapsed_ms >= at => self.canceled_at(at, total_ms),
            _ => self.view_at(elapsed_ms, total_ms),
        }
    }

    /// How far into its run time the run is now, and that run time (ms).
    pub fn progress(&self, run: Duration) -> (u64, u64) {
        match self.clock {
            RunClock::Live { started } => (millis(started.elapsed()), millis(run)),
            RunClock::Past { duration_ms } => (duration_ms, duration_ms),
        }
    }

    /// The run canceled `at_ms` into its run time: `canceled`, its counts as they stood then,
    /// never completed.
    fn canceled_at(&self, at_ms: u64, total_ms: u64) -> SyncRun {
        let mut run = self.view_at(at_ms, total_ms);
        run.status = SyncRunStatus::Canceled;
        run.canceled = Some(true);
        run.current_step = None;
        run.completed_at = None;
        run.updated_at = Some(iso8601(
            self.created_ms
                .saturating_add(i64::try_from(at_ms).unwrap_or(i64::MAX)),
        ));
        run
    }

    /// The run `elapsed_ms` into a run time of `total_ms`.
    pub fn view_at(&self, elapsed_ms: u64, total_ms: u64) -> SyncRun {
        let at = |ms: u64| {
            iso8601(
                self.created_ms
                    .saturating_add(i64::try_from(ms).unwrap_or(i64::MAX)),
            )
        };
        let mut run = SyncRun {
            id: self.id,
            sync_id: self.sync_id,
            status: SyncRunStatus::Queued,
            source_record_count: None,
            records_processed: None,
            records_updated: None,
            records_failed: None,
            records_invalid: None,
            created_at: Some(at(0)),
            updated_at: Some(at(elapsed_ms.min(total_ms))),
            completed_at: None,
            scheduled_execution_time: self.scheduled_execution_time.clone(),
            error_code: None,
            error_message: None,
            error_detail: None,
            current_step: None,
            canceled: Some(false),
            full_sync: Some(self.full_sync),
            sync_trigger_reason: Some(self.trigger.clone()),
        };
        match (phase(elapsed_ms, total_ms), &self.outcome) {
            // Nothing has happened to a queued run since it was created.
            (Phase::Queued, _) => run.updated_at = run.created_at.clone(),
            (Phase::Working { done, of }, _) => {
                let failed = share(self.failed, done, of);
                let invalid = share(self.invalid, done, of);
                let processed = share(self.records, done, of);
                run.status = SyncRunStatus::Working;
                run.current_step = Some("Running sync".into());
                run.source_record_count = Some(self.records);
                run.records_processed = Some(processed);
                run.records_updated = Some(processed.saturating_sub(failed + invalid));
                run.records_failed = Some(failed);
                run.records_invalid = Some(invalid);
            }
            (Phase::Ended, Outcome::Complete) => {
                run.status = SyncRunStatus::Completed;
                run.source_record_count = Some(self.records);
                run.records_processed = Some(self.records);
                run.records_updated = Some(self.records.saturating_sub(self.failed + self.invalid));
                run.records_failed = Some(self.failed);
                run.records_invalid = Some(self.invalid);
                run.completed_at = Some(at(total_ms));
            }
            (Phase::Ended, Outcome::Fail(failure)) => {
                run.status = SyncRunStatus::Failed;
                run.current_step = Some("Running sync".into());
                run.source_record_count = Some(self.records);
                run.records_invalid = Some(0);
                run.error_code = Some(failure.code.clone());
                run.error_message = Some(failure.message.clone());
                run.error_detail = Some(failure.detail.clone());
            }
            (Phase::Ended, Outcome::Skip) => {
                run.status = SyncRunStatus::Skipped;
                run.source_record_count = Some(0);
                run.records_processed = Some(0);
                run.records_updated = Some(0);
                run.records_failed = Some(0);
                run.records_invalid = Some(0);
            }
        }
        run
    }
}

/// The source records run `run_id` of sync `sync_id` reads, and of those how many the
/// destination rejects and how many are invalid: each sync has its own volume, a full sync
/// reads all of it and an incremental run a twentieth or so; a skipped run reads nothing.
pub fn counts(sync_id: u64, run_id: u64, full_sync: bool, outcome: &Outcome) -> (u64, u64, u64) {
    if *outcome == Outcome::Skip {
        return (0, 0, 0);
    }
    let volume =
        500 + Prng(VOLUME_SEED ^ sync_id.wrapping_mul(0x9E37_79B9_7F4A_7C15)).below(120_000);
    let mut rng = Prng(VOLUME_SEED ^ sync_id.rotate_left(32) ^ run_id);
    let records = if full_sync {
        volume + rng.below(volume / 50 + 1)
    } else {
        volume / 20 + rng.below(volume / 20 + 1)
    };
    (
        records,
        rng.below(records / 200 + 1),
        rng.below(records / 100 + 1),
    )
}

/// `{ui_tag, ui_detail}`, a run's `sync_trigger_reason`.
pub fn trigger_reason(tag: &str, detail: &str) -> JsonObject {
    let mut reason = JsonObject::new();
    reason.insert("ui_tag".into(), Value::from(tag));
    reason.insert("ui_detail".into(), Value::from(detail));
    reason
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(outcome: Outcome) -> RunRecord {
        RunRecord {
            id: 94,
            sync_id: 52,
            created_ms: 1_634_698_267_546,
            clock: RunClock::Past { duration_ms: 0 },
            full_sync: true,
            trigger: trigger_reason("API", "Triggered through the API"),
            scheduled_execution_time: None,
            outcome,
            records: 1000,
            failed: 10,
            invalid: 20,
            canceled_ms: None,
        }
    }

    #[test]
    fn a_run_queues_then_works_with_growing_counts_then_completes() {
        let run = run(Outcome::Complete);
        let queued = run.view_at(100, 1000);
        assert_eq!(queued.status, SyncRunStatus::Queued);
        assert_eq!(queued.records_processed, None);
        assert_eq!(queued.updated_at, queued.created_at);
        let early = run.view_at(150, 1000);
        let late = run.view_at(900, 1000);
        assert_eq!(early.status, SyncRunStatus::Working);
        assert_eq!(early.records_processed, Some(0));
        assert_eq!(late.status, SyncRunStatus::Working);
        assert!(late.records_processed > early.records_processed);
        assert_eq!(late.source_record_count, Some(1000));
        assert_eq!(late.completed_at, None);
        let done = run.view_at(5000, 1000);
        assert_eq!(done.status, SyncRunStatus::Completed);
        assert_eq!(done.records_processed, Some(1000));
        assert_eq!(done.records_updated, Some(970));
        assert_eq!(done.records_failed, Some(10));
        assert_eq!(done.records_invalid, Some(20));
        assert_eq!(
            done.completed_at.as_deref(),
            Some("2021-10-20T02:51:08.546Z")
        );
        assert_eq!(done.updated_at, done.completed_at);
    }

    #[test]
    fn a_failed_run_reads_like_document_003() {
        let run = run(Outcome::Fail(Failure::json_array("custom_field:Users")));
        let failed = run.view_at(1000, 1000);
        assert_eq!(failed.status, SyncRunStatus::Failed);
        assert_eq!(failed.records_processed, None);
        assert_eq!(failed.records_invalid, Some(0));
        assert_eq!(failed.completed_at, None);
        assert_eq!(failed.error_code.as_deref(), Some("JSON_ARRAY_ERROR"));
        assert_eq!(
            failed.error_message.as_deref(),
            Some(
                "The array field being used does not appear to be valid JSON: Please make sure \
                 the field \"custom_field:Users\" with value \"jim\" is formatted as a JSON \
                 Array. Don't hesitate to reach out to the Census Support Team if you need help \
                 with this."
            )
        );
        assert_eq!(failed.current_step.as_deref(), Some("Running sync"));
    }

    #[test]
    fn a_canceled_run_keeps_the_counts_it_had() {
        let mut run = run(Outcome::Complete);
        run.clock = RunClock::Past { duration_ms: 1000 };
        run.canceled_ms = Some(500);
        let canceled = run.view(Duration::ZERO);
        assert_eq!(canceled.status, SyncRunStatus::Canceled);
        assert_eq!(canceled.canceled, Some(true));
        assert_eq!(canceled.completed_at, None);
        assert!(canceled.records_processed < Some(1000));
        assert_eq!(
            canceled.updated_at.as_deref(),
            Some("2021-10-20T02:51:08.046Z")
        );
    }

    #[test]
    fn a_skipped_run_and_a_zero_run_time() {
        let skipped = run(Outcome::Skip).view_at(0, 0);
        assert_eq!(skipped.status, SyncRunStatus::Skipped);
        assert_eq!(skipped.records_processed, Some(0));
        assert_eq!(skipped.completed_at, None);
        assert_eq!(phase(0, 0), Phase::Ended);
        assert_eq!(share(u64::MAX, 3, 3), u64::MAX);
    }

    #[test]
    fn counts_are_per_sync_and_smaller_when_incremental() {
        let (full, failed, invalid) = counts(52, 1, true, &Outcome::Complete);
        assert_eq!(
            counts(52, 1, true, &Outcome::Complete),
            (full, failed, invalid)
        );
        assert!(failed + invalid <= full);
        let (part, _, _) = counts(52, 2, false, &Outcome::Complete);
        assert!(part < full, "{part} < {full}");
        assert_eq!(counts(52, 3, true, &Outcome::Skip), (0, 0, 0));
    }
}
