//! Waiting for a refresh-tables job: when to check its status again and when to give up.
//! Pure arithmetic over the number of checks and the time elapsed, so every rule is tested
//! without a clock; the binding supplies the clock, the timer and the requests.

use crate::error::ClientError;
use crate::retry::{check_ms, check_timeout_ms};

/// The first wait between status checks, unless the caller chooses.
pub const DEFAULT_INTERVAL_MS: u32 = 1_000;
/// Waits grow by half each check up to this, unless the caller chooses.
pub const DEFAULT_MAX_INTERVAL_MS: u32 = 10_000;
/// How long to wait for the job in all, unless the caller chooses.
pub const DEFAULT_TIMEOUT_MS: u32 = 300_000;
/// The time the last status check of a wait with a limit gets to answer (a quarter of the
/// limit, if that is shorter), until answers show how long a check takes: a check sent at the
/// very end could not answer.
pub const LAST_CHECK_MS: u32 = 1_000;
/// The least time the last check gets to answer once answers have been timed.
pub const MIN_LAST_CHECK_MS: u64 = 50;

/// When, in a time limit of `limit_ms`, the last request is sent so that it has time to
/// answer: [`LAST_CHECK_MS`] before the end, or three quarters in for a shorter limit; once
/// an answer took `slowest_ms` at most, twice that before the end (at least
/// [`MIN_LAST_CHECK_MS`], never earlier than without it), so that a job that ends shortly
/// before the limit is still seen ending.
pub fn last_request_at(limit_ms: u64, slowest_ms: Option<u64>) -> u64 {
    let keep = (limit_ms / 4).min(u64::from(LAST_CHECK_MS));
    let keep = slowest_ms.map_or(keep, |slowest| {
        slowest.saturating_mul(2).max(MIN_LAST_CHECK_MS).min(keep)
    });
    limit_ms - keep
}
/// No interval is shorter: polling faster only adds load and invites rate limiting.
pub const MIN_INTERVAL_MS: u32 = 10;

/// How a refresh is waited for. `timeout_ms == 0` waits without limit (until the signal aborts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitPlan {
    pub interval_ms: u32,
    pub max_interval_ms: u32,
    pub timeout_ms: u32,
}

impl Default for WaitPlan {
    fn default() -> Self {
        Self {
            interval_ms: DEFAULT_INTERVAL_MS,
            max_interval_ms: DEFAULT_MAX_INTERVAL_MS,
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }
}

/// What to do after a check that found the job still processing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Wait this long, then check again.
    CheckAfter(u32),
    /// The time is up.
    TimedOut,
}

impl WaitPlan {
    /// A Stitch replication's defaults: its checks count against Stitch's 30 job requests per
    /// 10 minutes, so they start at 5 s and grow to 30 s (about 14 in five minutes, where the
    /// general defaults would send about 34, more than the limit allows).
    pub const EXTRACTION: Self = Self {
        interval_ms: 5_000,
        max_interval_ms: 30_000,
        timeout_ms: DEFAULT_TIMEOUT_MS,
    };

    /// The plan for the options a caller gave (each optional); errors name the option.
    pub fn from_options(
        interval_ms: Option<f64>,
        max_interval_ms: Option<f64>,
        timeout_ms: Option<f64>,
    ) -> Result<Self, ClientError> {
        Self::default().with_options(interval_ms, max_interval_ms, timeout_ms)
    }

    /// These defaults with the options a caller gave (each optional); errors name the option.
    pub fn with_options(
        self,
        interval_ms: Option<f64>,
        max_interval_ms: Option<f64>,
        timeout_ms: Option<f64>,
    ) -> Result<Self, ClientError> {
        let defaults = self;
        let interval = match interval_ms {
            None => defaults.interval_ms,
            Some(value) => check_ms("intervalMs", value, MIN_INTERVAL_MS, "")?,
        };
        let max_interval = match max_interval_ms {
            // Left out, the cap follows a larger interval rather than refusing it.
            None => defaults.max_interval_ms.max(interval),
            Some(value) => {
                let value = check_ms("maxIntervalMs", value, MIN_INTERVAL_MS, "")?;
                if value < interval {
                    return Err(ClientError::invalid_input(
                        "maxIntervalMs",
                        format!("must be at least intervalMs ({interval}), got {value}"),
                    ));
                }
                value
            }
        };
        let timeout = match timeout_ms {
            None => defaults.timeout_ms,
            Some(value) => check_timeout_ms("timeoutMs", value)?,
        };
        Ok(Self {
            interval_ms: interval,
            max_interval_ms: max_interval,
            timeout_ms: timeout,
        })
    }

    /// The wait before check number `check` (1 for the first): the interval, growing by half
    /// each time, never above `max_interval_ms`.
    pub fn delay_before(&self, check: u32) -> u32 {
        let mut delay = u64::from(self.interval_ms);
        for _ in 1..check {
            delay += delay / 2;
            if delay >= u64::from(self.max_interval_ms) {
                break;
            }
        }
        delay.min(u64::from(self.max_interval_ms)) as u32
    }

    /// After `checks` checks found the job processing, `elapsed_ms` after it started: wait for
    /// the next check, or stop. With a limit, the last check is sent by [`Self::last_check_at`]
    /// (`slowest_ms`: the slowest answer so far), so that it has time to answer; once it has
    /// been (`last_made`), the wait is over.
    pub fn next(
        &self,
        checks: u32,
        elapsed_ms: u64,
        last_made: bool,
        slowest_ms: Option<u64>,
    ) -> Next {
        let delay = self.delay_before(checks + 1);
        let Some(last) = self.last_check_at(slowest_ms) else {
            return Next::CheckAfter(delay);
        };
        if last_made || self.remaining_ms(elapsed_ms) == Some(0) {
            return Next::TimedOut;
        }
        let until_last = u32::try_from(last.saturating_sub(elapsed_ms)).unwrap_or(u32::MAX);
        Next::CheckAfter(delay.min(until_last))
    }

    /// When, after the start, the last status check is sent ([`last_request_at`], with the
    /// slowest answer so far). `None` without a limit.
    pub fn last_check_at(&self, slowest_ms: Option<u64>) -> Option<u64> {
        (self.timeout_ms > 0).then(|| last_request_at(u64::from(self.timeout_ms), slowest_ms))
    }

    /// Whether a check sent at `elapsed_ms` is the last one.
    pub fn is_last_check(&self, elapsed_ms: u64, slowest_ms: Option<u64>) -> bool {
        self.last_check_at(slowest_ms)
            .is_some_and(|last| elapsed_ms >= last)
    }

    /// Time left at `elapsed_ms`, or `None` without a limit.
    pub fn remaining_ms(&self, elapsed_ms: u64) -> Option<u32> {
        (self.timeout_ms > 0).then(|| u64::from(self.timeout_ms).saturating_sub(elapsed_ms) as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn defaults_are_a_second_growing_to_ten_within_five_minutes() {
        let plan = WaitPlan::from_options(None, None, None).expect("defaults");
        assert_eq!(plan, WaitPlan::default());
        let delays: Vec<u32> = (1..=8).map(|check| plan.delay_before(check)).collect();
        assert_eq!(delays, [1000, 1500, 2250, 3375, 5062, 7593, 10000, 10000]);
    }

    #[test]
    fn a_replication_waits_longer_between_checks_to_spare_the_jobs_limit() {
        let plan = WaitPlan::EXTRACTION
            .with_options(None, None, None)
            .expect("defaults");
        // Checks sent within the default five minutes: well under Stitch's 30 per 10 minutes.
        let (mut checks, mut elapsed) = (0, 0_u64);
        while let Next::CheckAfter(delay) = plan.next(checks, elapsed, false, None) {
            elapsed += u64::from(delay);
            checks += 1;
            if plan.is_last_check(elapsed, None) {
                break;
            }
        }
        assert!((10..=16).contains(&checks), "{checks} checks");
        let general = WaitPlan::default();
        let (mut checks, mut elapsed) = (0, 0_u64);
        while let Next::CheckAfter(delay) = general.next(checks, elapsed, false, None) {
            elapsed += u64::from(delay);
            checks += 1;
            if general.is_last_check(elapsed, None) {
                break;
            }
        }
        assert!(checks > 30, "the general default would send {checks}");
        // A caller's interval still wins, and a larger one raises the cap.
        let chosen = WaitPlan::EXTRACTION
            .with_options(Some(1000.0), None, None)
            .expect("chosen");
        assert_eq!((chosen.interval_ms, chosen.max_interval_ms), (1000, 30_000));
    }

    #[test]
    fn waits_grow_but_stay_bounded() {
        let plan = WaitPlan::from_options(Some(100.0), Some(250.0), Some(0.0)).expect("plan");
        assert_eq!(plan.delay_before(1), 100);
        assert_eq!(plan.delay_before(2), 150);
        assert_eq!(plan.delay_before(3), 225);
        assert_eq!(plan.delay_before(4), 250);
        assert_eq!(plan.delay_before(u32::MAX), 250);
        // Without a limit it never times out.
        assert_eq!(
            plan.next(1_000, u64::MAX, true, None),
            Next::CheckAfter(250)
        );
    }

    #[test]
    fn the_last_check_has_time_to_answer_then_the_wait_times_out() {
        let plan = WaitPlan::from_options(Some(1000.0), None, Some(6000.0)).expect("plan");
        assert_eq!(plan.last_check_at(None), Some(5000));
        assert_eq!(plan.next(0, 0, false, None), Next::CheckAfter(1000));
        // The next delay would pass the last check's time: the last check is sent at 5000 ms,
        // with a second to answer.
        assert_eq!(plan.next(3, 4010, false, None), Next::CheckAfter(990));
        assert!(plan.is_last_check(5000, None) && !plan.is_last_check(4999, None));
        assert_eq!(plan.next(4, 5100, true, None), Next::TimedOut);
        // A start that answered late still gets its check, at once.
        assert_eq!(plan.next(0, 5500, false, None), Next::CheckAfter(0));
        assert_eq!(plan.next(2, 6000, false, None), Next::TimedOut);
        assert_eq!(plan.next(2, 9000, false, None), Next::TimedOut);
        // A short limit keeps a quarter of itself for the last check.
        let short = WaitPlan::from_options(None, None, Some(500.0)).expect("plan");
        assert_eq!(short.last_check_at(None), Some(375));
        assert_eq!(short.next(1, 10, false, None), Next::CheckAfter(365));
        assert_eq!(last_request_at(2000, None), 1500);
        let unlimited = WaitPlan::from_options(None, None, Some(0.0)).expect("plan");
        assert_eq!(unlimited.last_check_at(None), None);
        assert!(!unlimited.is_last_check(u64::MAX, None));
    }

    #[test]
    fn the_last_check_moves_towards_the_end_once_answers_are_timed() {
        let plan = WaitPlan::from_options(Some(1000.0), None, Some(4500.0)).expect("plan");
        // Untimed: a second before the end.
        assert_eq!(plan.last_check_at(None), Some(3500));
        // Answers of 5 ms: 50 ms before the end, so a job that ends at 4 s is seen ending.
        assert_eq!(plan.last_check_at(Some(5)), Some(4450));
        assert_eq!(plan.next(3, 3505, false, Some(5)), Next::CheckAfter(945));
        assert!(!plan.is_last_check(3505, Some(5)) && plan.is_last_check(4450, Some(5)));
        // Slow answers keep twice the slowest, never more than the untimed rule.
        assert_eq!(plan.last_check_at(Some(300)), Some(3900));
        assert_eq!(plan.last_check_at(Some(5_000)), Some(3500));
        let short = WaitPlan::from_options(None, None, Some(120.0)).expect("plan");
        assert_eq!(
            short.last_check_at(Some(1)),
            Some(90),
            "a quarter of a short limit at most"
        );
    }

    /// The timeout a status check sent at `elapsed_ms` gets, with the call's `per_attempt_ms`:
    /// the call's settings within the time the wait has left, as the binding sends it.
    fn check_timeout(plan: &WaitPlan, per_attempt_ms: u32, elapsed_ms: u64) -> u32 {
        let settings = crate::arguments::CallSettings {
            timeout_ms: per_attempt_ms,
            ..Default::default()
        };
        plan.remaining_ms(elapsed_ms)
            .map_or(settings, |left| settings.within(left))
            .timeout_ms
    }

    #[test]
    fn a_status_request_cannot_outlast_the_wait() {
        let plan = WaitPlan::from_options(None, None, Some(2000.0)).expect("plan");
        assert_eq!(check_timeout(&plan, 30_000, 500), 1500);
        assert_eq!(check_timeout(&plan, 1_000, 500), 1000);
        assert_eq!(check_timeout(&plan, 0, 500), 1500);
        // At the deadline the request still gets a (tiny) timeout rather than none.
        assert_eq!(check_timeout(&plan, 0, 5000), 1);
        let unlimited = WaitPlan::from_options(None, None, Some(0.0)).expect("plan");
        assert_eq!(check_timeout(&unlimited, 30_000, 1 << 40), 30_000);
        assert_eq!(check_timeout(&unlimited, 0, 0), 0);
    }

    #[test]
    fn bad_options_are_named() {
        for (interval, max, timeout, field) in [
            (Some(5.0), None, None, "intervalMs"),
            (Some(1.5), None, None, "intervalMs"),
            (Some(-1.0), None, None, "intervalMs"),
            (Some(500.0), Some(100.0), None, "maxIntervalMs"),
            (None, None, Some(f64::NAN), "timeoutMs"),
            (None, None, Some(-5.0), "timeoutMs"),
        ] {
            let err = WaitPlan::from_options(interval, max, timeout).expect_err(field);
            assert_eq!(err.field.as_deref(), Some(field));
            assert_eq!(err.kind, ErrorKind::InvalidInput);
        }
        // An interval's least value is its own, not a timeout's 0.
        let err = WaitPlan::from_options(Some(-1.0), None, None).expect_err("negative");
        assert!(
            err.message
                .contains("a whole number of milliseconds from 10 to 2147483647, got -1"),
            "{}",
            err.message
        );
        let err = WaitPlan::from_options(None, Some(5.0), None).expect_err("small cap");
        assert_eq!(err.field.as_deref(), Some("maxIntervalMs"));
        assert!(!err.message.contains("no timeout"), "{}", err.message);
        // A large interval without a cap raises the cap instead of failing.
        let plan = WaitPlan::from_options(Some(20_000.0), None, None).expect("plan");
        assert_eq!(plan.max_interval_ms, 20_000);
    }
}
