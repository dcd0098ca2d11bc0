//! One built request and its attempts, decided here and driven by the JS runtime (`send` in
//! src/js/census.js, through the binding's transport): the request as one JSON object, whether
//! and when to try again after each attempt (`retry::decide`, the jobs limit's pacing, a wait's
//! time left), and why it failed when no answer came. The answers' bodies are the transport's.

use std::cell::RefCell;
use std::rc::Rc;

use crate::arguments::CallSettings;
use crate::config::ClientConfig;
use crate::error::{ClientError, ErrorKind};
use crate::request::HttpRequest;
use crate::retry::{self, AttemptOutcome, Decision, Limit, LongWait};
use crate::stitch::JobPacer;

/// What follows an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterAttempt {
    /// Try again after this many milliseconds (the backoff, and the jobs limit's hold).
    Retry { delay_ms: u64 },
    /// No more attempts: the last answer (or the lack of one) is the exchange's.
    Stop,
}

/// One request and its attempts.
pub struct RequestAttempts {
    config: Rc<ClientConfig>,
    /// The client's pacer of Stitch job requests, for a request that is `paced`.
    pacer: Option<Rc<RefCell<JobPacer>>>,
    /// The slot the first attempt of a paced request reserved, until it is sent.
    first_slot: Option<u64>,
    pub request: HttpRequest,
    settings: CallSettings,
    started: f64,
    /// Why the last attempt got no usable answer, once `fail` was called.
    error: Option<ClientError>,
    /// Whether an attempt before the last may have acted on the server (`retry::may_have_acted`),
    /// so that the last answer may describe the effect of an earlier one.
    pub maybe_acted: bool,
    /// The wait before another attempt, when it did not fit a limit and so ended the retries:
    /// the last attempt's error says so.
    pub long_wait: Option<LongWait>,
}

impl RequestAttempts {
    pub fn new(
        config: &Rc<ClientConfig>,
        pacer: &Rc<RefCell<JobPacer>>,
        request: HttpRequest,
        settings: CallSettings,
    ) -> Self {
        Self {
            config: Rc::clone(config),
            pacer: request.paced().then(|| Rc::clone(pacer)),
            first_slot: None,
            request,
            settings,
            started: 0.0,
            error: None,
            maybe_acted: false,
            long_wait: None,
        }
    }

    /// The request as one JSON object for the runtime, the credentials among its headers:
    /// `{method, url, headers: [[name, value]…], body?, timeoutMs, withinMs?}` (`withinMs`: the
    /// time all attempts together have, for a wait's status check), and `waitMs` when the jobs
    /// limit holds the first attempt back. `now` starts the retry budget.
    pub fn request_json(&mut self, now: f64) -> String {
        self.started = now;
        let json = self.config.request_json(
            &self.request,
            self.settings.timeout_ms,
            self.settings.within_ms,
        );
        let ready = now.max(0.0) as u64;
        match self.paced(ready) {
            0 => json,
            wait => {
                self.first_slot = Some(ready + wait);
                // Held past the end of its wait, or longer than the call's timeoutMs, by the
                // jobs limit, a request is not held at all: the runtime fails it as timed out
                // before any attempt, which gives the slot back and says how far it was.
                let json = json.strip_suffix('}').unwrap_or(&json);
                let limit = u64::from(self.hold_limit());
                if limit > 0 && wait > limit {
                    format!("{json},\"waitMs\":0,\"withinMs\":0}}")
                } else {
                    format!("{json},\"waitMs\":{wait}}}")
                }
            }
        }
    }

    /// The longest the jobs limit may hold the first attempt (0: no limit): the time its wait
    /// has left, else the call's timeoutMs.
    fn hold_limit(&self) -> u32 {
        self.settings.within_ms.unwrap_or(self.settings.timeout_ms)
    }

    /// How long an attempt of a paced request ready at `now` waits for its slot (0 for others).
    fn paced(&self, now: u64) -> u64 {
        self.pacer
            .as_ref()
            .map_or(0, |pacer| pacer.borrow_mut().reserve(now))
    }

    /// Gives back the jobs-limit slot a paced request reserved at `at` for an attempt that will
    /// not be sent.
    fn unreserve(&self, at: u64) {
        if let Some(pacer) = &self.pacer {
            pacer.borrow_mut().release(at);
        }
    }

    /// After attempt number `attempt` (from 1) answered with `status` (or got no answer when
    /// `status` is `None`), at `now` with `random` in [0, 1) for the jitter.
    pub fn attempted(
        &mut self,
        attempt: u32,
        status: Option<u16>,
        retry_after: Option<&str>,
        now: f64,
        random: f64,
    ) -> AfterAttempt {
        let outcome = match status {
            Some(status) => AttemptOutcome::Answered {
                status,
                retry_after,
            },
            None => AttemptOutcome::NoAnswer,
        };
        let elapsed = (now - self.started).max(0.0) as u64;
        let delay_ms = match retry::decide(
            &self.settings.retry,
            self.request.method,
            attempt,
            elapsed,
            outcome,
            now.max(0.0) as u64,
            random,
        ) {
            Decision::RetryAfter { delay_ms } => delay_ms,
            Decision::WaitTooLong(mut wait) => {
                // Within a wait, maxElapsedMs was cut to the time it had left: when that is
                // the limit passed, the wait's end is what stopped the retries.
                if let (Limit::MaxElapsed { max_ms, left_ms }, Some(within)) =
                    (wait.limit, self.settings.within_ms)
                    && max_ms == u64::from(within)
                {
                    wait.limit = Limit::Timeout { left_ms };
                }
                self.long_wait = Some(wait);
                return AfterAttempt::Stop;
            }
            Decision::Stop => return AfterAttempt::Stop,
        };
        let ready = (now.max(0.0) as u64).saturating_add(delay_ms);
        let wait = self.paced(ready);
        let total = elapsed.saturating_add(delay_ms + wait);
        let max_elapsed = self.settings.retry.max_elapsed_ms;
        let limit = match self.settings.within_ms {
            // The retry (held by the jobs limit, or due at the very end) would start when its
            // wait is over.
            Some(within) if total >= u64::from(within) => Some(Limit::Timeout {
                left_ms: u64::from(within).saturating_sub(elapsed),
            }),
            // Held by the jobs limit past the retry budget: the rule of every retry's wait
            // (`retry::decide` judged the backoff alone).
            _ if wait > 0 && total > max_elapsed => Some(Limit::MaxElapsed {
                max_ms: max_elapsed,
                left_ms: max_elapsed.saturating_sub(elapsed),
            }),
            _ => None,
        };
        match limit {
            // Stop instead, say so, and give the slot back.
            Some(limit) => {
                self.unreserve(ready + wait);
                self.long_wait = Some(LongWait {
                    wait_ms: delay_ms + wait,
                    // Only a wait the server asked for, not lengthened by the jobs limit.
                    asked: wait == 0 && retry::server_wait(outcome, now.max(0.0) as u64).is_some(),
                    limit,
                });
                AfterAttempt::Stop
            }
            None => {
                self.maybe_acted |= retry::may_have_acted(outcome);
                AfterAttempt::Retry {
                    delay_ms: delay_ms + wait,
                }
            }
        }
    }

    /// Records why the exchange ended without an answer after `attempts` attempts: `kind` is
    /// `timeout`, `network`, `aborted`, `redirect`, `cut` (`HTTP <status>: <why>`: the body
    /// broke off after the status came), `large` (`HTTP <status>: more than <n> bytes`: the
    /// body was longer than the client reads), `invalid` (no `Request` could be built),
    /// `answer` (fetch resolved to no Response; `detail` is its type) or `fetch` (the fetch
    /// machinery itself threw); `detail` is what the engine said.
    pub fn fail(&mut self, kind: &str, detail: &str, attempts: u32) {
        // Ended before its first attempt (while the jobs limit held it): its slot is unused.
        if attempts == 0
            && let Some(at) = self.first_slot.take()
        {
            self.unreserve(at);
            let held_ms = at.saturating_sub(self.started.max(0.0) as u64);
            let limit = self.hold_limit();
            if kind == "timeout" && limit > 0 && held_ms > u64::from(limit) {
                let (than, advice) = match self.settings.within_ms {
                    Some(left) => (format!("the {left} ms its wait had left"), ""),
                    None => (
                        format!("its timeoutMs ({limit} ms)"),
                        "; give it a larger timeoutMs (0: no limit) to wait for the slot",
                    ),
                };
                self.error = Some(ClientError::new(
                    ErrorKind::Timeout,
                    format!(
                        "{} would wait {held_ms} ms for a slot under Stitch's jobs limit (30 \
                         requests per 10 minutes), longer than {than}, so it was not sent{advice}",
                        self.request.describe(),
                    ),
                ));
                return;
            }
        }
        let config = &self.config;
        let request = &self.request;
        self.error = Some(match kind {
            "aborted" => ClientError::new(
                ErrorKind::Aborted,
                format!("{} was aborted by its AbortSignal", request.describe()),
            ),
            "invalid" => ClientError::invalid_config(
                "baseUrl",
                format!("the request could not be built: {}", config.redact(detail)),
            ),
            // `HTTP 201: TypeError: terminated`: the status came, then the body broke off.
            "cut" => unread_body(request, detail, |reason| {
                format!(", but its body broke off ({})", config.redact(reason))
            }),
            // `HTTP 200: more than 67108864 bytes`: the body was not read past that.
            "large" => unread_body(request, detail, |size| {
                format!(
                    " with a body of {}, more than the client reads: no API answer is that long, \
                     so it was not read to its end",
                    crate::scan::printable(size)
                )
            }),
            "redirect" => {
                // `HTTP 301 to …`, or `a redirect` when the browser hid it.
                let status = status_in(detail);
                let why = if request.body.is_some() {
                    "which the client does not follow for a request with a body: an answer may \
                     not send it to another address"
                } else {
                    "which fetch did not follow"
                };
                let mut err = ClientError::new(
                    ErrorKind::UnexpectedResponse,
                    format!(
                        "{} was answered with a redirect ({}), {why}. Give baseUrl the address \
                         the API answers at",
                        request.describe(),
                        // The Location is the answer's text: printable, as an answer's words are.
                        crate::scan::printable(&config.redact(detail))
                    ),
                );
                err.status = status;
                err
            }
            "answer" => ClientError::invalid_config(
                "fetch",
                format!("fetch resolved to {detail}, not a Response"),
            ),
            // What a fetch option threw that is no network failure (a ReferenceError, …).
            "fetch" => ClientError::invalid_config(
                "fetch",
                format!(
                    "the fetch option threw {}, a bug in it rather than a network failure, so \
                     the request was not tried again",
                    config.redact(detail)
                ),
            ),
            "timeout" => self.failure(ErrorKind::Timeout, detail, attempts),
            _ => self.failure(ErrorKind::Network, detail, attempts),
        });
    }

    /// The error `fail` recorded.
    pub fn take_error(&mut self) -> ClientError {
        self.error.take().unwrap_or_else(|| self.no_answer())
    }

    /// The error of an exchange that ended with no answer and no recorded reason.
    pub fn no_answer(&self) -> ClientError {
        ClientError::new(
            ErrorKind::Network,
            format!("{} got no answer", self.request.describe()),
        )
    }

    fn failure(&self, kind: ErrorKind, detail: &str, attempts: u32) -> ClientError {
        let request = &self.request;
        let tries = if attempts == 1 {
            String::new()
        } else {
            format!(" (after {attempts} attempts)")
        };
        let message = if kind == ErrorKind::Timeout {
            format!(
                "{} got no answer within {} ms and was cancelled{tries}",
                request.describe(),
                self.settings.timeout_ms
            )
        } else {
            // Only a browser's fetch refuses an answer for its origin (CORS).
            format!(
                "{} could not reach {}{tries}: {}. The server may be down or unreachable{}",
                request.describe(),
                self.config.url(request),
                self.config.redact(detail),
                if self.config.browser() {
                    ", or it refused this origin (CORS)"
                } else {
                    ""
                }
            )
        };
        let mut message = self.config.redact(&message);
        if let Some(wait) = self.long_wait {
            message.push_str(&wait.explain());
        }
        ClientError::new(kind, message)
    }
}

/// The error of an answer whose status came but whose body was not read (`cut`, `large`):
/// `detail` is `HTTP <status>: <why>`, and `words(why)` ends the message after the status. A
/// non-idempotent request answered 2xx was probably done, so it is said as accepted.
fn unread_body(
    request: &HttpRequest,
    detail: &str,
    words: impl FnOnce(&str) -> String,
) -> ClientError {
    let status = status_in(detail).unwrap_or_default();
    let why = crate::strings::split_once(detail, ": ").map_or(detail, |(_, why)| why);
    let mut cause = ClientError::new(
        ErrorKind::UnexpectedResponse,
        format!(
            "{} answered HTTP {status}{}",
            request.describe(),
            words(why)
        ),
    );
    cause.status = Some(status);
    if (200..300).contains(&status) && !crate::retry::is_idempotent(request.method) {
        ClientError::accepted_unread(&request.subject, status, cause)
    } else {
        cause
    }
}

/// The status a failure's detail starts with (`HTTP 301 …`): three digits, read by hand, as
/// `str::parse` would link integer parsing for this.
fn status_in(detail: &str) -> Option<u16> {
    let code = detail.strip_prefix("HTTP ")?.as_bytes().get(..3)?;
    code.iter().try_fold(0u16, |n, &digit| {
        digit
            .is_ascii_digit()
            .then(|| n * 10 + u16::from(digit - b'0'))
    })
}
