//! One built request on the wire: its [`Attempts`], which the JS runtime (`send` in
//! src/js/census.js) drives. The runtime takes the request as one JSON object, sends attempts
//! with `fetch`, and asks after each whether and when to try again (decided in the core:
//! `core::attempts`); the body of the last answer is written straight into wasm memory. Hooks
//! see method, URL, status and timing, never headers.
//!
//! The body's bytes are written by JS into a [`Body`]: a buffer whose bytes are all
//! initialised, of which the first `len` are the body. Buffers are reused, so the zeroing that
//! keeps them initialised happens only when one grows, not for every answer (it measured 0.5 ms
//! per MB). No `unsafe`, so no count a JS caller passes can make it unsound.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::core::arguments::CallSettings;
use crate::core::attempts::{AfterAttempt, RequestAttempts};
use crate::core::config::ClientConfig;
use crate::core::error::ClientError;
use crate::core::request::HttpRequest;
use crate::core::response::RawResponse;
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

/// One request on the wire: the core's [`RequestAttempts`] decides, and the last answer's status,
/// `Retry-After` and body are kept here until the runtime hands the answer over.
pub struct Attempts {
    pub tries: RequestAttempts,
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
            tries: RequestAttempts::new(config, pacer, request, settings),
            status: 0,
            retry_after: None,
            body: Body::default(),
            received: None,
        }
    }

    /// The request as one JSON object for the runtime ([`RequestAttempts::request_json`]).
    pub fn request_json(&mut self, now: f64) -> String {
        self.tries.request_json(now)
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
        let after = self
            .tries
            .attempted(attempt, status, retry_after.as_deref(), now, random);
        match (after, status) {
            (AfterAttempt::Retry { delay_ms }, _) => delay_ms as f64,
            (AfterAttempt::Stop, None) => STOP,
            (AfterAttempt::Stop, Some(status)) => {
                self.status = status;
                self.retry_after = retry_after;
                self.body = Body::new();
                -2.0 - f64::from(self.body.room(length))
            }
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

    /// Why the exchange ended without an answer ([`RequestAttempts::fail`]).
    pub fn fail(&mut self, kind: &str, detail: &str, attempts: u32) {
        self.tries.fail(kind, detail, attempts);
    }

    /// The answer `answered` handed over; without one, the call ends as if no answer came.
    pub fn received(&self) -> Result<&Received, ClientError> {
        self.received.as_ref().ok_or_else(|| self.tries.no_answer())
    }

    /// The error `fail` recorded.
    pub fn take_error(&mut self) -> ClientError {
        self.tries.take_error()
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
