//! One built request on the wire: its [`Attempts`], which the JS runtime (`send` in
//! src/js/census.js) drives. The runtime takes the request as one JSON object, sends attempts
//! with `fetch`, and asks after each whether and when to try again (`core::retry`); the body of
//! the last answer is written straight into wasm memory. Hooks see method, URL, status and
//! timing, never headers.
//!
//! The body's bytes are written by JS into a [`Body`]: a buffer whose bytes are all
//! initialised, of which the first `len` are the body. Buffers are reused, so the zeroing that
//! keeps them initialised happens only when one grows, not for every answer (it measured 0.5 ms
//! per MB). No `unsafe`, so no count a JS caller passes can make it unsound.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::core::arguments::CallSettings;
use crate::core::config::ClientConfig;
use crate::core::error::{ClientError, ErrorKind};
use crate::core::request::HttpRequest;
use crate::core::response::RawResponse;
use crate::core::retry::{self, AttemptOutcome, Decision};
use crate::core::stitch::JobPacer;

thread_local! {
    /// Buffers of answers already read, kept for the next ones (a few: listings have several
    /// pages in flight).
    static SPARE: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

/// How many spare buffers are kept.
const SPARE_BUFFERS: usize = 8;

/// Where the runtime writes an answer's body: `buf`'s bytes are all initialised (zeroed when it
/// grew, left from an earlier answer otherwise) and the first `len` are this body's.
#[derive(Default)]
pub struct Body {
    buf: Vec<u8>,
    len: usize,
}

impl Body {
    /// An empty body in a spare buffer, if there is one.
    fn new() -> Self {
        let buf = SPARE
            .with(|spare| spare.borrow_mut().pop())
            .unwrap_or_default();
        Self { buf, len: 0 }
    }

    /// The body's bytes.
    pub fn bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }

    /// Room for `more` bytes after the body, initialised: where it starts in wasm memory
    /// (offsets in wasm32 are u32).
    fn room(&mut self, more: usize) -> u32 {
        let needed = self.len.saturating_add(more);
        if self.buf.len() < needed {
            self.buf.resize(needed, 0);
        }
        self.buf.as_ptr().wrapping_add(self.len) as usize as u32
    }

    /// Counts `written` bytes of the last room as the body's; a count beyond the room is cut.
    fn filled(&mut self, written: usize) {
        self.len = self.len.saturating_add(written).min(self.buf.len());
    }
}

impl Drop for Body {
    fn drop(&mut self) {
        let buf = std::mem::take(&mut self.buf);
        if buf.capacity() > 0 {
            SPARE.with(|spare| {
                let mut spare = spare.borrow_mut();
                if spare.len() < SPARE_BUFFERS {
                    spare.push(buf);
                }
            });
        }
    }
}

/// What came back over HTTP, before any interpretation.
pub struct Received {
    pub status: u16,
    pub content_type: Option<String>,
    pub retry_after: Option<String>,
    /// The body's UTF-8, written into wasm memory by the runtime.
    pub body: Body,
}

impl Received {
    /// The answer as the core readers take it.
    pub fn raw(&self) -> RawResponse<'_> {
        RawResponse {
            status: self.status,
            content_type: self.content_type.as_deref(),
            body: self.body.bytes(),
        }
    }
}

/// What `attempted` answers: a delay (≥ 0) before the next attempt; [`STOP`] when no answer
/// came and none will be tried again; otherwise `-2 - p` where `p` is where, in wasm memory,
/// to write the last answer's body.
pub const STOP: f64 = -1.0;

/// One request and its attempts: what to send, whether to retry after an attempt, and why it
/// failed when no answer came.
pub struct Attempts {
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
    /// The last answer's status and `Retry-After`, from `attempted`.
    status: u16,
    retry_after: Option<String>,
    /// Where the runtime writes the body of the last answer.
    body: Body,
    /// The last answer, once the runtime handed it over (`answered`).
    received: Option<Received>,
}

impl Attempts {
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
            status: 0,
            retry_after: None,
            body: Body::default(),
            received: None,
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
                // Held past the end of its wait by the jobs limit, the request sleeps only until
                // that end; the runtime then fails it as timed out before any attempt, which
                // gives the slot back.
                let wait = self
                    .settings
                    .within_ms
                    .map_or(wait, |within| wait.min(u64::from(within)));
                format!(
                    "{},\"waitMs\":{wait}}}",
                    json.strip_suffix('}').unwrap_or(&json)
                )
            }
        }
    }

    /// How long an attempt of a paced request ready at `now` waits for its slot (0 for others).
    fn paced(&self, now: u64) -> u64 {
        self.pacer
            .as_ref()
            .map_or(0, |pacer| pacer.borrow_mut().reserve(now))
    }

    /// After attempt number `attempt` (from 1) answered with `status` (or got no answer when
    /// `status` is `None`), at `now` with `random` in [0, 1) for the jitter: see [`STOP`]. A
    /// last answer gets room for `length` bytes of body, its text's length in UTF-16 units
    /// (one byte each when it is ASCII; [`Attempts::grow`] makes room for the rest).
    pub fn attempted(
        &mut self,
        attempt: u32,
        status: Option<u16>,
        retry_after: Option<String>,
        now: f64,
        random: f64,
        length: usize,
    ) -> f64 {
        let outcome = match status {
            Some(status) => AttemptOutcome::Answered {
                status,
                retry_after: retry_after.as_deref(),
            },
            None => AttemptOutcome::NoAnswer,
        };
        match retry::decide(
            &self.settings.retry,
            self.request.method,
            attempt,
            (now - self.started).max(0.0) as u64,
            outcome,
            now.max(0.0) as u64,
            random,
        ) {
            Decision::RetryAfter { delay_ms } => {
                let ready = (now.max(0.0) as u64).saturating_add(delay_ms);
                let wait = self.paced(ready);
                let elapsed = (now - self.started).max(0.0) as u64;
                match self.settings.within_ms {
                    // The jobs limit would hold the retry past the end of its wait: stop
                    // instead, and give the slot back.
                    Some(within) if elapsed + delay_ms + wait >= u64::from(within) => {
                        self.unreserve(ready + wait);
                        self.stopped(status, retry_after, length)
                    }
                    _ => {
                        self.maybe_acted |= retry::may_have_acted(outcome);
                        (delay_ms + wait) as f64
                    }
                }
            }
            Decision::Stop => self.stopped(status, retry_after, length),
        }
    }

    /// `attempted`'s answer when no attempt follows: [`STOP`] without an answer, else where
    /// to write the last answer's body.
    fn stopped(&mut self, status: Option<u16>, retry_after: Option<String>, length: usize) -> f64 {
        match status {
            None => STOP,
            Some(status) => {
                self.status = status;
                self.retry_after = retry_after;
                self.body = Body::new();
                -2.0 - f64::from(self.body.room(length))
            }
        }
    }

    /// Gives back the jobs-limit slot a paced request reserved at `at` for an attempt that will
    /// not be sent.
    fn unreserve(&self, at: u64) {
        if let Some(pacer) = &self.pacer {
            pacer.borrow_mut().release(at);
        }
    }

    /// After the runtime wrote `written` bytes of the body, room for `more`: where to write it.
    pub fn grow(&mut self, written: usize, more: usize) -> u32 {
        self.body.filled(written);
        self.body.room(more)
    }

    /// Hands over the last answer: its content type and the `written` bytes of body written
    /// since the last `attempted` or `grow`.
    pub fn answered(&mut self, content_type: Option<String>, written: usize) {
        self.body.filled(written);
        self.received = Some(Received {
            status: self.status,
            content_type,
            retry_after: self.retry_after.take(),
            body: std::mem::take(&mut self.body),
        });
    }

    /// Records why the exchange ended without an answer after `attempts` attempts: `kind` is
    /// `timeout`, `network`, `aborted`, `invalid` (no `Request` could be built) or `fetch` (the
    /// fetch machinery itself threw); `detail` is what the engine said.
    pub fn fail(&mut self, kind: &str, detail: &str, attempts: u32) {
        // Aborted before its first attempt (while the jobs limit held it): its slot is unused.
        if attempts == 0
            && let (Some(pacer), Some(at)) = (&self.pacer, self.first_slot.take())
        {
            pacer.borrow_mut().release(at);
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
            "fetch" => ClientError::invalid_config(
                "fetch",
                format!(
                    "the fetch option failed unexpectedly: {}",
                    config.redact(detail)
                ),
            ),
            "timeout" => self.failure(ErrorKind::Timeout, detail, attempts),
            _ => self.failure(ErrorKind::Network, detail, attempts),
        });
    }

    /// The answer `answered` handed over; without one, the call ends as if no answer came.
    pub fn received(&self) -> Result<&Received, ClientError> {
        self.received.as_ref().ok_or_else(|| self.no_answer())
    }

    /// The error `fail` recorded.
    pub fn take_error(&mut self) -> ClientError {
        self.error.take().unwrap_or_else(|| self.no_answer())
    }

    fn no_answer(&self) -> ClientError {
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
            format!(
                "{} could not reach {}{tries}: {}. The server may be down or unreachable, \
                 or it refused this origin (CORS)",
                request.describe(),
                self.config.url(request),
                self.config.redact(detail)
            )
        };
        ClientError::new(kind, self.config.redact(&message))
    }
}

/// One page request of a listing, for the runtime's `send` (see [`Attempts`]).
#[wasm_bindgen(skip_typescript)]
pub struct Exchange {
    pub(crate) attempts: Attempts,
}

#[wasm_bindgen]
impl Exchange {
    pub fn request(&mut self, now: f64) -> String {
        self.attempts.request_json(now)
    }

    pub fn attempted(
        &mut self,
        attempt: u32,
        status: Option<u16>,
        retry_after: Option<String>,
        now: f64,
        random: f64,
        length: usize,
    ) -> f64 {
        self.attempts
            .attempted(attempt, status, retry_after, now, random, length)
    }

    pub fn grow(&mut self, written: usize, more: usize) -> u32 {
        self.attempts.grow(written, more)
    }

    pub fn answered(&mut self, content_type: Option<String>, written: usize) {
        self.attempts.answered(content_type, written);
    }

    pub fn fail(&mut self, kind: &str, detail: &str, attempts: u32) {
        self.attempts.fail(kind, detail, attempts);
    }
}
