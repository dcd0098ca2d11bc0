//! When to try a request again, and how long to wait first: a pure function of the policy, the
//! attempt so far and what it got, so every rule is tested without a clock or a network.
//!
//! Only calls that cannot duplicate work are retried by default (GET, PUT, DELETE: see
//! [`is_idempotent`]; the caller may opt in for others per call). Retried: no HTTP answer, 429,
//! 502, 503, 504. `Retry-After` (seconds or an HTTP date) is honoured; otherwise the wait is
//! exponential backoff with full jitter.

use crate::error::ClientError;
use crate::number;
use crate::request::Method;

/// How a client retries. Defaults: 3 attempts in all, 300 ms base, 10 s cap per wait, 60 s in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 means never retry.
    pub max_attempts: u32,
    /// The first backoff ceiling; it doubles each attempt.
    pub base_delay_ms: u64,
    /// No single wait is longer than this (a longer `Retry-After` ends the retries instead).
    pub max_delay_ms: u64,
    /// No retry starts after this much time since the first attempt began.
    pub max_elapsed_ms: u64,
    /// Retry POST and PATCH too. Only ever set for one call, by that call's caller.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay_ms: 300,
            max_delay_ms: 10_000,
            max_elapsed_ms: 60_000,
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn never() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Checks the numbers a caller gave; `prefix` names the option bag, e.g. `retry`.
    pub fn validate(&self, prefix: &str) -> Result<(), ClientError> {
        let field = |name: &str| format!("{prefix}.{name}");
        if !(1..=MAX_ATTEMPTS).contains(&self.max_attempts) {
            return Err(ClientError::invalid_input(
                &field("maxAttempts"),
                format!(
                    "expected an integer from 1 to {MAX_ATTEMPTS}, got {}",
                    self.max_attempts
                ),
            ));
        }
        // A wait is a timer, and timers hold at most 2^31 - 1 ms: past that, setTimeout fires at
        // once (a retry sent at once, not after the wait asked for). The one given is named.
        for (name, ms) in [
            ("baseDelayMs", self.base_delay_ms),
            ("maxDelayMs", self.max_delay_ms),
        ] {
            if ms > MAX_TIMER_MS {
                return Err(ClientError::invalid_input(
                    &field(name),
                    format!("expected at most {MAX_TIMER_MS} ms (about 24 days), got {ms}"),
                ));
            }
        }
        if self.base_delay_ms > self.max_delay_ms {
            return Err(ClientError::invalid_input(
                &field("baseDelayMs"),
                format!(
                    "must not exceed maxDelayMs ({} > {})",
                    self.base_delay_ms, self.max_delay_ms
                ),
            ));
        }
        Ok(())
    }
}

/// The `retry` option as a caller writes it; members left out keep the client's values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RetryOptions {
    /// Attempts in all, the first included (default 3, at most 20).
    #[serde(default)]
    pub max_attempts: Option<u32>,
    /// Backoff ceiling of the first retry in ms (default 300); it doubles each time, with full jitter.
    #[serde(default)]
    pub base_delay_ms: Option<u64>,
    /// Longest single wait in ms (default 10000); a longer `Retry-After` ends the retries
    /// instead, and the error's message says so.
    #[serde(default)]
    pub max_delay_ms: Option<u64>,
    /// No retry starts after this many ms since the first attempt (default 60000); a retry
    /// that would is not made, and the error's message says so.
    #[serde(default)]
    pub max_elapsed_ms: Option<u64>,
    /// Retry POST/PATCH too; accepted only in a single call's options.
    #[serde(default)]
    pub retry_non_idempotent: Option<bool>,
}

impl RetryOptions {
    /// The keys callers write, in the order of the fields.
    pub const KEYS: [&str; 5] = [
        "maxAttempts",
        "baseDelayMs",
        "maxDelayMs",
        "maxElapsedMs",
        "retryNonIdempotent",
    ];

    /// `base` with these options applied. `per_call` says whether they come from one call's
    /// options (where `retryNonIdempotent` is allowed) or from the client's defaults.
    pub fn apply(
        &self,
        base: RetryPolicy,
        per_call: bool,
        prefix: &str,
    ) -> Result<RetryPolicy, ClientError> {
        if self.retry_non_idempotent == Some(true) && !per_call {
            return Err(ClientError::invalid_input(
                &format!("{prefix}.retryNonIdempotent"),
                "can only be set in one call's options, so that no call repeats work by default",
            ));
        }
        // A delay given here wins over the other one inherited (the default or the client's):
        // only two given together must agree.
        let (base_delay_ms, max_delay_ms) = match (self.base_delay_ms, self.max_delay_ms) {
            (Some(first), None) => (first, base.max_delay_ms.max(first)),
            (None, Some(most)) => (base.base_delay_ms.min(most), most),
            (first, most) => (
                first.unwrap_or(base.base_delay_ms),
                most.unwrap_or(base.max_delay_ms),
            ),
        };
        let policy = RetryPolicy {
            max_attempts: self.max_attempts.unwrap_or(base.max_attempts),
            base_delay_ms,
            max_delay_ms,
            max_elapsed_ms: self.max_elapsed_ms.unwrap_or(base.max_elapsed_ms),
            retry_non_idempotent: self.retry_non_idempotent.unwrap_or(false),
        };
        policy.validate(prefix)?;
        Ok(policy)
    }
}

/// The most attempts a call may make, the first included.
pub const MAX_ATTEMPTS: u32 = 20;

/// The longest wait a timer can hold, in ms.
pub const MAX_TIMER_MS: u64 = 2_147_483_647;

/// The default per-attempt timeout.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// Checks a `timeoutMs` value: a whole number of milliseconds, 0 meaning no timeout.
pub fn check_timeout_ms(field: &str, value: f64) -> Result<u32, ClientError> {
    check_ms(field, value, 0, " (no timeout)")
}

/// Checks a whole number of milliseconds from `min` (`min_means` says what it means) to the
/// longest a timer can hold.
pub fn check_ms(field: &str, value: f64, min: u32, min_means: &str) -> Result<u32, ClientError> {
    if number::is_whole(value) && (f64::from(min)..=MAX_TIMER_MS as f64).contains(&value) {
        // In range and integral, so the conversion is exact.
        Ok(value as u32)
    } else {
        Err(ClientError::invalid_input(
            field,
            format!(
                "expected a whole number of milliseconds from {min}{min_means} to {MAX_TIMER_MS}, got {}",
                number::text(value)
            ),
        ))
    }
}

/// What one attempt ended with, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptOutcome<'a> {
    /// No HTTP answer (connection refused or dropped, DNS, CORS, attempt timeout).
    NoAnswer,
    /// An HTTP answer with this status and `Retry-After` header, if any.
    Answered {
        status: u16,
        retry_after: Option<&'a str>,
    },
}

/// What to do after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Done: hand the outcome to the caller (success or error).
    Stop,
    /// Wait this long, then try again.
    RetryAfter { delay_ms: u64 },
    /// Done, because the wait before the next attempt did not fit a limit of the policy: the
    /// caller's error says so ([`LongWait::explain`]).
    WaitTooLong(LongWait),
}

/// A wait before the next attempt that did not fit a limit, which ended the retries instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LongWait {
    pub wait_ms: u64,
    /// Whether the server asked for it (`Retry-After`) rather than the backoff drawing it.
    pub asked: bool,
    pub limit: Limit,
}

/// The limit a [`LongWait`] did not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// `retry.maxDelayMs`: no single wait is longer.
    MaxDelay(u64),
    /// `retry.maxElapsedMs`, with what was left of it.
    MaxElapsed { max_ms: u64, left_ms: u64 },
    /// What was left of the call's `timeoutMs`, for the requests of a wait (or of a call that
    /// asks a "not ready" endpoint again), which all end within it.
    Timeout { left_ms: u64 },
}

impl LongWait {
    /// The sentence the error of the last attempt ends with, so that the caller knows why it
    /// was not retried and what to do.
    pub fn explain(&self) -> String {
        // Written piece by piece: each format! would cost its own code in the wasm.
        fn ms(out: &mut String, n: u64) {
            out.push_str(&n.to_string());
            out.push_str(" ms");
        }
        let mut out = String::new();
        if self.asked {
            out.push_str(". The server asked to wait ");
            // Whole seconds, rounded up, as Retry-After gives them (so never less than the
            // limit it passed); under one second in ms.
            if self.wait_ms >= 1000 {
                out.push_str(&self.wait_ms.div_ceil(1000).to_string());
                out.push_str(" s");
            } else {
                ms(&mut out, self.wait_ms);
            }
            out.push_str(" (Retry-After)");
        } else {
            out.push_str(". The next retry was due in ");
            ms(&mut out, self.wait_ms);
        }
        let (limit, max, left, raise) = match self.limit {
            Limit::MaxDelay(max) => (
                ", more than retry.maxDelayMs",
                Some(max),
                None,
                "retry.maxDelayMs",
            ),
            Limit::MaxElapsed { max_ms, left_ms } => (
                ", but retry.maxElapsedMs",
                Some(max_ms),
                Some(left_ms),
                "retry.maxElapsedMs",
            ),
            Limit::Timeout { left_ms } => (
                ", but the call's timeoutMs",
                None,
                Some(left_ms),
                "its timeoutMs",
            ),
        };
        out.push_str(limit);
        if let Some(max) = max {
            out.push_str(" (");
            ms(&mut out, max);
            out.push(')');
        }
        if let Some(left) = left {
            out.push_str(" had ");
            ms(&mut out, left);
            out.push_str(" left");
        }
        // A retry may start at the very end of maxElapsedMs (it bounds when retries start), so
        // a wait stopped by it is always longer than the time left. The requests of a wait end
        // within its timeoutMs, so a retry due exactly at its end is not made either (it could
        // not be answered): such a wait may equal the time left, and "asked to wait 1 s, but
        // had 1000 ms left" alone would read as a contradiction.
        if let Limit::Timeout { .. } = self.limit {
            out.push_str(", which that wait would use up");
        }
        out.push_str(", so the call was not retried: try again");
        if self.asked {
            out.push_str(" after that wait");
        }
        out.push_str(", or raise ");
        out.push_str(raise);
        out
    }
}

/// Whether a method can be repeated without duplicating work.
pub fn is_idempotent(method: Method) -> bool {
    matches!(method, Method::Get | Method::Put | Method::Delete)
}

/// Whether the server may have acted on a request whose attempt ended so, though the caller
/// will not hear of it: no answer came, or a 500 or a gateway's 502 or 504 did. A 429 or 503
/// says the request was not served; other answers are the server's last word.
pub fn may_have_acted(outcome: AttemptOutcome<'_>) -> bool {
    matches!(
        outcome,
        AttemptOutcome::NoAnswer
            | AttemptOutcome::Answered {
                status: 500 | 502 | 504,
                ..
            }
    )
}

/// The wait a retryable answer asked for (`Retry-After` of a 429, 502, 503 or 504), in ms.
pub fn server_wait(outcome: AttemptOutcome<'_>, now_ms: u64) -> Option<u64> {
    match outcome {
        AttemptOutcome::Answered {
            status: 429 | 502 | 503 | 504,
            retry_after,
        } => retry_after.and_then(|value| parse_retry_after(value, now_ms)),
        _ => None,
    }
}

/// Decides whether to retry after attempt number `attempt` (1-based) of a `method` call that
/// started `elapsed_ms` ago. `now_ms` (Unix epoch) reads HTTP-date `Retry-After` values and
/// `random` in [0, 1) draws the jitter.
pub fn decide(
    policy: &RetryPolicy,
    method: Method,
    attempt: u32,
    elapsed_ms: u64,
    outcome: AttemptOutcome<'_>,
    now_ms: u64,
    random: f64,
) -> Decision {
    if attempt >= policy.max_attempts || !(is_idempotent(method) || policy.retry_non_idempotent) {
        return Decision::Stop;
    }
    if let AttemptOutcome::Answered { status, .. } = outcome
        && !matches!(status, 429 | 502 | 503 | 504)
    {
        return Decision::Stop;
    }
    let server_wait = server_wait(outcome, now_ms);
    let asked = server_wait.is_some();
    let (wait_ms, limit) = match server_wait {
        // The server said how long; waiting longer than the cap means giving up instead.
        Some(wait_ms) if wait_ms > policy.max_delay_ms => {
            (wait_ms, Limit::MaxDelay(policy.max_delay_ms))
        }
        wait => {
            let delay_ms = wait.unwrap_or_else(|| backoff_ms(policy, attempt, random));
            if elapsed_ms.saturating_add(delay_ms) <= policy.max_elapsed_ms {
                return Decision::RetryAfter { delay_ms };
            }
            let left_ms = policy.max_elapsed_ms.saturating_sub(elapsed_ms);
            (
                delay_ms,
                Limit::MaxElapsed {
                    max_ms: policy.max_elapsed_ms,
                    left_ms,
                },
            )
        }
    };
    Decision::WaitTooLong(LongWait {
        wait_ms,
        asked,
        limit,
    })
}

/// Full jitter: a uniform wait between 0 and `base · 2^(attempt-1)`, capped at `max_delay_ms`.
pub fn backoff_ms(policy: &RetryPolicy, attempt: u32, random: f64) -> u64 {
    let exponent = attempt.saturating_sub(1).min(32);
    let ceiling = policy
        .base_delay_ms
        .saturating_mul(1u64 << exponent)
        .min(policy.max_delay_ms);
    let random = if random.is_finite() {
        random.clamp(0.0, 1.0)
    } else {
        0.0
    };
    // Rounds down, so the wait never exceeds the ceiling.
    (ceiling as f64 * random) as u64
}

/// Reads `Retry-After` as delay-seconds (`120`) or an HTTP-date in any of its three forms,
/// relative to `now_ms`. Unreadable values give `None`.
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // All digits, so only a number too large for u64 fails to parse: a wait beyond any.
        let secs = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(secs.saturating_mul(1000));
    }
    let at_ms = parse_http_date(value)?;
    Some(at_ms.saturating_sub(now_ms))
}

/// Parses an HTTP-date (RFC 9110 §5.6.7) into milliseconds since the Unix epoch, in the three
/// forms a recipient must accept: the IMF-fixdate `Wed, 21 Oct 2015 07:28:00 GMT`, the obsolete
/// RFC 850 `Wednesday, 21-Oct-15 07:28:00 GMT` and asctime's `Wed Oct 21 07:28:00 2015`.
fn parse_http_date(value: &str) -> Option<u64> {
    // Its words, between spaces, commas and dashes: five or six.
    let mut words = [""; 6];
    let mut count = 0;
    let mut start = None;
    for (at, byte) in value.bytes().chain([b' ']).enumerate() {
        if matches!(byte, b' ' | b',' | b'-') {
            if let Some(from) = start.take() {
                *words.get_mut(count)? = value.get(from..at)?;
                count += 1;
            }
        } else if start.is_none() {
            start = Some(at);
        }
    }
    let [weekday, rest @ ..] = words;
    if count < 5 {
        return None;
    }
    // The first two forms put a comma after the weekday; asctime does not.
    let comma = value
        .get(weekday.len()..)
        .is_some_and(|rest| rest.starts_with(", "));
    let (day, month, year, clock) = match rest {
        // IMF-fixdate and RFC 850, with `GMT` at the end.
        [day, month, year, clock, "GMT"] if comma => {
            let year: u64 = year.parse().ok()?;
            // RFC 850's two digits: a year in the past rather than over 50 years ahead.
            let year = match year {
                0..=69 => 2000 + year,
                70..=99 => 1900 + year,
                _ => year,
            };
            (day, month, year, clock)
        }
        // asctime: the month, the day (space-padded), the time, the year.
        [month, day, clock, year, ""] if !comma => (day, month, year.parse().ok()?, clock),
        _ => return None,
    };
    let day: u64 = day.parse().ok()?;
    let month = match month {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let mut clock = clock.split(':');
    let hour: u64 = clock.next()?.parse().ok()?;
    let minute: u64 = clock.next()?.parse().ok()?;
    let second: u64 = clock.next()?.parse().ok()?;
    if clock.next().is_some() {
        return None;
    }
    if !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 || year < 1970 {
        return None;
    }
    let days = crate::dates::days_from_civil(year, month, day)?;
    Some(((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_445_412_480_000; // Wed, 21 Oct 2015 07:28:00 GMT

    fn answered(status: u16, retry_after: Option<&str>) -> AttemptOutcome<'_> {
        AttemptOutcome::Answered {
            status,
            retry_after,
        }
    }

    fn get(policy: &RetryPolicy, attempt: u32, outcome: AttemptOutcome<'_>) -> Decision {
        decide(policy, Method::Get, attempt, 0, outcome, NOW, 0.5)
    }

    #[test]
    fn attempts_that_may_have_acted_are_the_unanswered_and_500_502_504() {
        assert!(may_have_acted(AttemptOutcome::NoAnswer));
        for status in [500, 502, 504] {
            assert!(may_have_acted(answered(status, None)), "{status}");
        }
        for status in [200, 404, 429, 503] {
            assert!(!may_have_acted(answered(status, Some("1"))), "{status}");
        }
    }

    #[test]
    fn retries_only_transient_failures() {
        let policy = RetryPolicy::default();
        for status in [429, 502, 503, 504] {
            assert!(matches!(
                get(&policy, 1, answered(status, None)),
                Decision::RetryAfter { .. }
            ));
        }
        assert!(matches!(
            get(&policy, 1, AttemptOutcome::NoAnswer),
            Decision::RetryAfter { .. }
        ));
        for status in [200, 201, 400, 401, 404, 422, 500, 501] {
            assert_eq!(
                get(&policy, 1, answered(status, None)),
                Decision::Stop,
                "{status}"
            );
        }
    }

    #[test]
    fn never_repeats_work_unless_the_call_opts_in() {
        let policy = RetryPolicy::default();
        for method in [Method::Post, Method::Patch] {
            let decision = decide(&policy, method, 1, 0, AttemptOutcome::NoAnswer, NOW, 0.5);
            assert_eq!(decision, Decision::Stop, "{method:?}");
        }
        let delete = decide(&policy, Method::Delete, 1, 0, answered(503, None), NOW, 0.5);
        assert!(matches!(delete, Decision::RetryAfter { .. }));
        let opted_in = RetryPolicy {
            retry_non_idempotent: true,
            ..policy
        };
        let decision = decide(&opted_in, Method::Post, 1, 0, answered(503, None), NOW, 0.5);
        assert!(matches!(decision, Decision::RetryAfter { .. }));
    }

    #[test]
    fn stops_after_max_attempts() {
        let policy = RetryPolicy::default();
        assert!(matches!(
            get(&policy, 2, AttemptOutcome::NoAnswer),
            Decision::RetryAfter { .. }
        ));
        assert_eq!(get(&policy, 3, AttemptOutcome::NoAnswer), Decision::Stop);
        assert_eq!(
            get(&RetryPolicy::never(), 1, AttemptOutcome::NoAnswer),
            Decision::Stop
        );
    }

    #[test]
    fn honours_retry_after_in_seconds_and_dates() {
        let policy = RetryPolicy::default();
        assert_eq!(
            get(&policy, 1, answered(429, Some("2"))),
            Decision::RetryAfter { delay_ms: 2000 }
        );
        assert_eq!(
            get(
                &policy,
                1,
                answered(503, Some("Wed, 21 Oct 2015 07:28:05 GMT"))
            ),
            Decision::RetryAfter { delay_ms: 5000 }
        );
        // A date in the past means "now".
        assert_eq!(
            get(
                &policy,
                1,
                answered(429, Some("Wed, 21 Oct 2015 07:00:00 GMT"))
            ),
            Decision::RetryAfter { delay_ms: 0 }
        );
        // Longer than the cap: give up rather than hang, and say why.
        let long = |wait_ms| {
            Decision::WaitTooLong(LongWait {
                wait_ms,
                asked: true,
                limit: Limit::MaxDelay(10_000),
            })
        };
        assert_eq!(
            get(&policy, 1, answered(429, Some("3600"))),
            long(3_600_000)
        );
        assert_eq!(get(&policy, 2, answered(503, Some("11"))), long(11_000));
        assert_eq!(
            get(
                &policy,
                1,
                answered(503, Some("Wed, 21 Oct 2015 07:28:10 GMT"))
            ),
            Decision::RetryAfter { delay_ms: 10_000 },
            "exactly the cap is waited"
        );
        // Out of attempts, or a call that is never retried: the wait asked for did not matter.
        assert_eq!(get(&policy, 3, answered(503, Some("3600"))), Decision::Stop);
        assert_eq!(
            get(&RetryPolicy::never(), 1, answered(503, Some("3600"))),
            Decision::Stop
        );
        // Unreadable: fall back to backoff.
        assert_eq!(
            get(&policy, 1, answered(429, Some("soon"))),
            Decision::RetryAfter { delay_ms: 150 }
        );
    }

    #[test]
    fn a_wait_too_long_is_explained_in_seconds_or_milliseconds() {
        let explain = |wait_ms, max_delay_ms| {
            LongWait {
                wait_ms,
                asked: true,
                limit: Limit::MaxDelay(max_delay_ms),
            }
            .explain()
        };
        assert_eq!(
            explain(3_600_000, 10_000),
            ". The server asked to wait 3600 s (Retry-After), more than retry.maxDelayMs \
             (10000 ms), so the call was not retried: try again after that wait, or raise \
             retry.maxDelayMs"
        );
        // An HTTP date is read to the millisecond: the wait is rounded up, never below the cap.
        assert!(
            explain(10_001, 10_000)
                .contains("wait 11 s (Retry-After), more than retry.maxDelayMs (10000 ms)")
        );
        assert!(
            explain(800, 500)
                .contains("wait 800 ms (Retry-After), more than retry.maxDelayMs (500 ms)")
        );
    }

    #[test]
    fn a_wait_past_max_elapsed_ms_or_the_calls_timeout_is_explained_with_the_time_left() {
        let past = |wait_ms, asked, limit| {
            LongWait {
                wait_ms,
                asked,
                limit,
            }
            .explain()
        };
        let elapsed = Limit::MaxElapsed {
            max_ms: 60_000,
            left_ms: 2_000,
        };
        assert_eq!(
            past(5_000, true, elapsed),
            ". The server asked to wait 5 s (Retry-After), but retry.maxElapsedMs (60000 ms) \
             had 2000 ms left, so the call was not retried: try again after that wait, or raise \
             retry.maxElapsedMs"
        );
        // A wait the backoff drew: nothing to wait for before trying again.
        assert_eq!(
            past(2_400, false, elapsed),
            ". The next retry was due in 2400 ms, but retry.maxElapsedMs (60000 ms) had 2000 \
             ms left, so the call was not retried: try again, or raise retry.maxElapsedMs"
        );
        assert_eq!(
            past(700, true, Limit::Timeout { left_ms: 300 }),
            ". The server asked to wait 700 ms (Retry-After), but the call's timeoutMs had 300 \
             ms left, which that wait would use up, so the call was not retried: try again after \
             that wait, or raise its timeoutMs"
        );
        // A wait that would end exactly as the call's time runs out stops the retries too
        // (the retry could not be answered), and is not worded as if it fitted.
        assert_eq!(
            past(1_000, true, Limit::Timeout { left_ms: 1_000 }),
            ". The server asked to wait 1 s (Retry-After), but the call's timeoutMs had 1000 ms \
             left, which that wait would use up, so the call was not retried: try again after \
             that wait, or raise its timeoutMs"
        );
        assert_eq!(
            past(450, false, Limit::Timeout { left_ms: 450 }),
            ". The next retry was due in 450 ms, but the call's timeoutMs had 450 ms left, which \
             that wait would use up, so the call was not retried: try again, or raise its \
             timeoutMs"
        );
    }

    #[test]
    fn backoff_is_full_jitter_doubling_and_capped() {
        let policy = RetryPolicy::default();
        assert_eq!(backoff_ms(&policy, 1, 0.999_999), 299);
        assert_eq!(backoff_ms(&policy, 2, 0.5), 300);
        assert_eq!(backoff_ms(&policy, 3, 1.0), 1200);
        assert_eq!(backoff_ms(&policy, 40, 1.0), 10_000);
        assert_eq!(backoff_ms(&policy, 1, 0.0), 0);
        assert_eq!(backoff_ms(&policy, 1, f64::NAN), 0);
        for attempt in 1..30 {
            for random in [0.0, 0.3, 0.999] {
                assert!(backoff_ms(&policy, attempt, random) <= policy.max_delay_ms);
            }
        }
    }

    #[test]
    fn no_retry_starts_past_the_total_budget_and_the_decision_says_so() {
        let policy = RetryPolicy {
            max_elapsed_ms: 1000,
            ..RetryPolicy::default()
        };
        let at =
            |elapsed_ms, outcome| decide(&policy, Method::Get, 1, elapsed_ms, outcome, NOW, 0.5);
        // Under maxDelayMs, but past maxElapsedMs: the wait asked for and what was left.
        assert_eq!(
            at(900, answered(429, Some("1"))),
            Decision::WaitTooLong(LongWait {
                wait_ms: 1000,
                asked: true,
                limit: Limit::MaxElapsed {
                    max_ms: 1000,
                    left_ms: 100,
                },
            })
        );
        assert_eq!(
            at(0, answered(429, Some("1"))),
            Decision::RetryAfter { delay_ms: 1000 },
            "ending exactly at maxElapsedMs is waited"
        );
        // A backoff wait (150 ms at 0.5) that would start the retry too late; an attempt that
        // itself ran past the budget.
        let backoff = |left_ms| {
            Decision::WaitTooLong(LongWait {
                wait_ms: 150,
                asked: false,
                limit: Limit::MaxElapsed {
                    max_ms: 1000,
                    left_ms,
                },
            })
        };
        assert_eq!(at(900, AttemptOutcome::NoAnswer), backoff(100));
        assert_eq!(at(5_000, answered(503, None)), backoff(0));
        // Out of attempts, or never retried: the budget did not stop anything.
        let last = decide(
            &policy,
            Method::Get,
            3,
            900,
            answered(429, Some("1")),
            NOW,
            0.5,
        );
        assert_eq!(last, Decision::Stop);
        let post = decide(
            &policy,
            Method::Post,
            1,
            900,
            AttemptOutcome::NoAnswer,
            NOW,
            0.5,
        );
        assert_eq!(post, Decision::Stop);
        assert_eq!(at(900, answered(500, None)), Decision::Stop);
    }

    #[test]
    fn http_dates_parse_exactly() {
        assert_eq!(parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT"), Some(NOW));
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2000 12:00:00 GMT"),
            Some(951_825_600_000)
        );
        // The two obsolete forms a recipient must still accept.
        assert_eq!(
            parse_http_date("Wednesday, 21-Oct-15 07:28:00 GMT"),
            Some(NOW)
        );
        assert_eq!(parse_http_date("Wed Oct 21 07:28:00 2015"), Some(NOW));
        assert_eq!(
            parse_http_date("Fri Dec  4 12:00:00 2026"),
            parse_http_date("Fri, 04 Dec 2026 12:00:00 GMT")
        );
        assert_eq!(parse_http_date("Thursday, 01-Jan-70 00:00:00 GMT"), Some(0));
        for bad in [
            "",
            "21 Oct 2015 07:28:00 GMT",
            "Wed, 21 Oct 2015 07:28:00 UTC",
            "Wed, 32 Oct 2015 07:28:00 GMT",
            "Wed, 21 Foo 2015 07:28:00 GMT",
            "Wed, 21 Oct 2015 25:28:00 GMT",
            "Wed, 21 Oct 2015 07:28 GMT",
            "Wed, 21 Oct 1969 07:28:00 GMT",
            "Wed 21 Oct 2015 07:28:00 GMT",
            "Wed, Oct 21 07:28:00 2015",
            "Wed Oct 21 07:28:00 2015 GMT",
            "Wednesday, 21-Oct-15 07:28:00",
            "Wed, 21 Oct 2015 07:28:00 GMT extra",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
        assert_eq!(parse_retry_after(" 7 ", NOW), Some(7000));
        assert_eq!(parse_retry_after("-1", NOW), None);
        // Beyond u64: a wait beyond any maxDelayMs, not an unreadable value (which backs off).
        assert_eq!(
            parse_retry_after("99999999999999999999999", NOW),
            Some(u64::MAX)
        );
    }

    #[test]
    fn options_override_the_client_defaults() {
        let options = RetryOptions {
            max_attempts: Some(5),
            ..RetryOptions::default()
        };
        let policy = options
            .apply(RetryPolicy::default(), false, "retry")
            .expect("ok");
        assert_eq!(policy.max_attempts, 5);
        assert_eq!(policy.base_delay_ms, 300);
        assert!(!policy.retry_non_idempotent);
    }

    #[test]
    fn only_one_call_may_opt_in_to_repeating_work() {
        let opt_in = RetryOptions {
            retry_non_idempotent: Some(true),
            ..RetryOptions::default()
        };
        let err = opt_in
            .apply(RetryPolicy::default(), false, "retry")
            .expect_err("client-wide");
        assert_eq!(err.field.as_deref(), Some("retry.retryNonIdempotent"));
        let policy = opt_in
            .apply(RetryPolicy::default(), true, "retry")
            .expect("per call");
        assert!(policy.retry_non_idempotent);
        // A call's options never inherit an opt-in: each call decides for itself.
        let plain = RetryOptions::default()
            .apply(policy, true, "retry")
            .expect("ok");
        assert!(!plain.retry_non_idempotent);
    }

    #[test]
    fn timeouts_are_whole_milliseconds() {
        assert_eq!(check_timeout_ms("timeoutMs", 0.0).expect("none"), 0);
        assert_eq!(check_timeout_ms("timeoutMs", 1500.0).expect("ok"), 1500);
        for bad in [-1.0, 1.5, f64::NAN, f64::INFINITY, 3e9] {
            let err = check_timeout_ms("timeoutMs", bad).expect_err("bad");
            assert_eq!(err.field.as_deref(), Some("timeoutMs"));
        }
    }

    #[test]
    fn validation_names_the_option() {
        let bad = RetryPolicy {
            max_attempts: 0,
            ..RetryPolicy::default()
        };
        assert_eq!(
            bad.validate("retry").expect_err("0").field.as_deref(),
            Some("retry.maxAttempts")
        );
        let bad = RetryPolicy {
            base_delay_ms: 20_000,
            ..RetryPolicy::default()
        };
        assert_eq!(
            bad.validate("retry").expect_err("base").field.as_deref(),
            Some("retry.baseDelayMs")
        );
        RetryPolicy::default()
            .validate("retry")
            .expect("defaults are valid");
    }

    #[test]
    fn a_delay_given_alone_moves_the_inherited_one_and_two_given_must_agree() {
        let given = |base: Option<u64>, most: Option<u64>| RetryOptions {
            base_delay_ms: base,
            max_delay_ms: most,
            ..RetryOptions::default()
        };
        let defaults = RetryPolicy::default();
        let policy = given(None, Some(100))
            .apply(defaults, false, "retry")
            .expect("alone");
        assert_eq!((policy.base_delay_ms, policy.max_delay_ms), (100, 100));
        let policy = given(Some(20_000), None)
            .apply(defaults, false, "retry")
            .expect("alone");
        assert_eq!(
            (policy.base_delay_ms, policy.max_delay_ms),
            (20_000, 20_000)
        );
        // A call's maxDelayMs below the client's baseDelayMs: the client's gives way.
        let client = given(Some(50), None)
            .apply(defaults, false, "retry")
            .expect("client");
        let call = given(None, Some(40))
            .apply(client, true, "retry")
            .expect("call");
        assert_eq!((call.base_delay_ms, call.max_delay_ms), (40, 40));
        let err = given(Some(500), Some(100))
            .apply(defaults, true, "retry")
            .expect_err("both given, in conflict");
        assert_eq!(err.field.as_deref(), Some("retry.baseDelayMs"));
        // retryNonIdempotent: false says what the client does anyway, so it is not refused.
        let off = RetryOptions {
            retry_non_idempotent: Some(false),
            ..RetryOptions::default()
        };
        off.apply(defaults, false, "retry")
            .expect("false at the client");
    }
}
