//! Waiting for a refresh-tables job: when to check its status again and when to give up.
//! Pure arithmetic over the number of checks and the time elapsed, so every rule is tested
//! without a clock; the binding supplies the clock, the timer and the requests.

use crate::error::ClientError;
use crate::retry::check_timeout_ms;

/// The first wait between status checks, unless the caller chooses.
pub const DEFAULT_INTERVAL_MS: u32 = 1_000;
/// Waits grow by half each check up to this, unless the caller chooses.
pub const DEFAULT_MAX_INTERVAL_MS: u32 = 10_000;
/// How long to wait for the job in all, unless the caller chooses.
pub const DEFAULT_TIMEOUT_MS: u32 = 300_000;
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
    /// The plan for the options a caller gave (each optional); errors name the option.
    pub fn from_options(
        interval_ms: Option<f64>,
        max_interval_ms: Option<f64>,
        timeout_ms: Option<f64>,
    ) -> Result<Self, ClientError> {
        let defaults = Self::default();
        let interval = match interval_ms {
            None => defaults.interval_ms,
            Some(value) => {
                let value = check_timeout_ms("intervalMs", value)?;
                if value < MIN_INTERVAL_MS {
                    return Err(ClientError::invalid_input(
                        "intervalMs",
                        format!("expected at least {MIN_INTERVAL_MS} milliseconds, got {value}"),
                    ));
                }
                value
            }
        };
        let max_interval = match max_interval_ms {
            // Left out, the cap follows a larger interval rather than refusing it.
            None => defaults.max_interval_ms.max(interval),
            Some(value) => {
                let value = check_timeout_ms("maxIntervalMs", value)?;
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
    /// the next check (cut to the time left), or stop.
    pub fn next(&self, checks: u32, elapsed_ms: u64) -> Next {
        let delay = self.delay_before(checks + 1);
        match self.remaining_ms(elapsed_ms) {
            None => Next::CheckAfter(delay),
            Some(0) => Next::TimedOut,
            Some(left) => Next::CheckAfter(delay.min(left)),
        }
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
    fn waits_grow_but_stay_bounded() {
        let plan = WaitPlan::from_options(Some(100.0), Some(250.0), Some(0.0)).expect("plan");
        assert_eq!(plan.delay_before(1), 100);
        assert_eq!(plan.delay_before(2), 150);
        assert_eq!(plan.delay_before(3), 225);
        assert_eq!(plan.delay_before(4), 250);
        assert_eq!(plan.delay_before(u32::MAX), 250);
        // Without a limit it never times out.
        assert_eq!(plan.next(1_000, u64::MAX), Next::CheckAfter(250));
    }

    #[test]
    fn the_last_wait_is_cut_to_the_time_left_then_it_times_out() {
        let plan = WaitPlan::from_options(Some(1000.0), None, Some(2500.0)).expect("plan");
        assert_eq!(plan.next(0, 0), Next::CheckAfter(1000));
        assert_eq!(plan.next(1, 1010), Next::CheckAfter(1490));
        assert_eq!(plan.next(2, 2500), Next::TimedOut);
        assert_eq!(plan.next(2, 9000), Next::TimedOut);
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
        // A large interval without a cap raises the cap instead of failing.
        let plan = WaitPlan::from_options(Some(20_000.0), None, None).expect("plan");
        assert_eq!(plan.max_interval_ms, 20_000);
    }
}
