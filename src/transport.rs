//! One built request on the wire, as a synchronous [`Exchange`] that the JS runtime
//! (src/js/runtime.js) drives: it sends attempts with `fetch`, and asks the exchange whether and
//! when to retry (`core::retry`) and what a failed attempt means. Hooks see method, URL, status
//! and timing, never headers.

use std::rc::Rc;

use js_sys::{Array, Function, JsString, Reflect, Uint8Array, WebAssembly};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use crate::core::config::ClientConfig;
use crate::core::error::{ClientError, ErrorKind};
use crate::core::request::HttpRequest;
use crate::core::response::RawResponse;
use crate::core::retry::{self, AttemptOutcome, Decision, RetryPolicy};

/// What came back over HTTP, before any interpretation.
pub struct Received {
    pub status: u16,
    pub content_type: Option<String>,
    pub retry_after: Option<String>,
    /// The body's UTF-8, written into wasm memory by the runtime, for the core's checks.
    pub body: Vec<u8>,
    /// The same body as the JS string `Response.text()` gave, for `JSON.parse` once checked.
    pub text: JsString,
}

impl Received {
    /// The answer as the core readers take it.
    pub fn raw(&self) -> RawResponse<'_> {
        RawResponse {
            status: self.status,
            content_type: self.content_type.as_deref(),
            body: &self.body,
        }
    }
}

/// How one call is sent: its cancellation signal, per-attempt timeout and retry policy.
#[derive(Clone)]
pub struct CallSettings {
    pub signal: Option<AbortSignal>,
    /// Milliseconds per attempt; 0 means no timeout.
    pub timeout_ms: u32,
    pub retry: RetryPolicy,
}

/// Optional observers of every attempt (logging, metrics).
#[derive(Clone, Default)]
pub struct Hooks {
    pub on_request: Option<Function>,
    pub on_response: Option<Function>,
}

/// The `fetch` to call and the `this` to call it with.
#[derive(Clone)]
pub struct Fetch {
    pub function: Function,
    pub this: JsValue,
}

impl Fetch {
    /// The environment's global `fetch` (window, worker or Node), looked up once.
    pub fn global() -> Result<Self, ClientError> {
        let global = js_sys::global();
        let function = Reflect::get(&global, &JsValue::from_str("fetch"))
            .ok()
            .and_then(|value| value.dyn_into::<Function>().ok())
            .ok_or_else(|| {
                ClientError::invalid_config(
                    "fetch",
                    "this environment has no global fetch; pass one as the fetch option",
                )
            })?;
        Ok(Self {
            function,
            this: global.into(),
        })
    }

    /// A caller-supplied `fetch`, called like the global one: `fetch(request)`.
    pub fn custom(function: Function) -> Self {
        Self {
            function,
            this: JsValue::UNDEFINED,
        }
    }
}

/// One request and its attempts, for the runtime's `send`: what to send, whether to retry after
/// an attempt, and why it failed when no answer came. JS sees no token in any of it except the
/// `headers()` it hands straight to `fetch`.
#[wasm_bindgen(skip_typescript)]
pub struct Exchange {
    config: Rc<ClientConfig>,
    pub(crate) request: HttpRequest,
    url: String,
    settings: CallSettings,
    started: f64,
    /// Why the last attempt got no usable answer, once `fail` was called.
    error: Option<ClientError>,
    /// Which answer of a listing this is (0 elsewhere).
    pub(crate) tag: u32,
    /// Whether an attempt before the last may have acted on the server (`retry::may_have_acted`),
    /// so that the last answer may describe the effect of an earlier one.
    pub(crate) maybe_acted: bool,
    /// Where the runtime writes the body of an answer (`bodyBuffer`).
    body: Vec<u8>,
    /// The answer to the last attempt, once the runtime handed it over (`answered`).
    received: Option<Received>,
}

#[wasm_bindgen]
impl Exchange {
    #[wasm_bindgen(getter)]
    pub fn method(&self) -> String {
        self.request.method.as_str().to_owned()
    }

    #[wasm_bindgen(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// `[name, value]` pairs, the credentials among them.
    pub fn headers(&self) -> Array {
        self.config
            .headers(&self.request)
            .into_iter()
            .map(|(name, value)| Array::of2(&JsValue::from_str(name), &JsValue::from_str(&value)))
            .collect()
    }

    #[wasm_bindgen(getter)]
    pub fn body(&self) -> Option<String> {
        self.request.body.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn signal(&self) -> Option<AbortSignal> {
        self.settings.signal.clone()
    }

    #[wasm_bindgen(getter, js_name = timeoutMs)]
    pub fn timeout_ms(&self) -> u32 {
        self.settings.timeout_ms
    }

    /// After attempt number `attempt` (from 1) answered with `status` (or got no answer when
    /// `status` is undefined): milliseconds to wait before the next attempt, or -1 to stop.
    pub fn retry(&mut self, attempt: u32, status: Option<u16>, retry_after: Option<String>) -> f64 {
        let outcome = match status {
            Some(status) => AttemptOutcome::Answered {
                status,
                retry_after: retry_after.as_deref(),
            },
            None => AttemptOutcome::NoAnswer,
        };
        let now = js_sys::Date::now();
        match retry::decide(
            &self.settings.retry,
            self.request.method,
            attempt,
            (now - self.started).max(0.0) as u64,
            outcome,
            now.max(0.0) as u64,
            js_sys::Math::random(),
        ) {
            Decision::Stop => -1.0,
            Decision::RetryAfter { delay_ms } => {
                self.maybe_acted |= retry::may_have_acted(outcome);
                delay_ms as f64
            }
        }
    }

    /// A view of `len` bytes of wasm memory for the runtime to write the answer's UTF-8 into
    /// with `TextEncoder.encodeInto`, after the `written` bytes it wrote into the last view:
    /// writing into wasm memory directly saves a decode and a copy per call. The view is only
    /// good until wasm next allocates (memory growth detaches it).
    #[wasm_bindgen(js_name = bodyBuffer)]
    pub fn body_buffer(&mut self, written: usize, len: usize) -> Uint8Array {
        self.filled(written);
        self.body.reserve(len);
        let spare = self.body.spare_capacity_mut();
        let memory: WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        // Offsets in wasm32 memory are u32.
        Uint8Array::new_with_byte_offset_and_length(
            &memory.buffer(),
            spare.as_ptr() as u32,
            len.min(spare.len()) as u32,
        )
    }

    /// Hands over the answer to the last attempt: its status and headers, the body as text, and
    /// the `written` bytes its UTF-8 took in the last view from `bodyBuffer`.
    pub fn answered(
        &mut self,
        status: u16,
        content_type: Option<String>,
        retry_after: Option<String>,
        written: usize,
        text: JsString,
    ) {
        self.filled(written);
        self.received = Some(Received {
            status,
            content_type,
            retry_after,
            body: std::mem::take(&mut self.body),
            text,
        });
    }

    /// Records why the exchange ended without an answer after `attempts` attempts: `kind` is
    /// `timeout`, `network`, `aborted`, `invalid` (no `Request` could be built) or `fetch` (the
    /// fetch machinery itself threw); `detail` is what the engine said.
    pub fn fail(&mut self, kind: &str, detail: &str, attempts: u32) {
        let config = &self.config;
        let request = &self.request;
        self.error = Some(match kind {
            "aborted" => aborted(request),
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
            "timeout" => failure(self, ErrorKind::Timeout, detail, attempts),
            _ => failure(self, ErrorKind::Network, detail, attempts),
        });
    }
}

impl Exchange {
    pub fn new(config: &Rc<ClientConfig>, request: HttpRequest, settings: CallSettings) -> Self {
        Self {
            config: Rc::clone(config),
            url: config.url(&request),
            request,
            settings,
            started: js_sys::Date::now(),
            error: None,
            tag: 0,
            maybe_acted: false,
            body: Vec::new(),
            received: None,
        }
    }

    /// The answer `answered` handed over; without one, the call ends as if no answer came.
    pub fn received(&self) -> Result<&Received, ClientError> {
        self.received.as_ref().ok_or_else(|| self.no_answer())
    }

    /// The error `fail` recorded.
    pub fn take_error(&mut self) -> ClientError {
        self.error.take().unwrap_or_else(|| self.no_answer())
    }

    /// Counts the `written` bytes of the last `bodyBuffer` view as part of the body. The view
    /// is not zero-filled first: a memset of every body would cost as much as the copy it saves.
    fn filled(&mut self, written: usize) {
        let len = self.body.len();
        let added = written.min(self.body.capacity() - len);
        // SAFETY: those bytes lie in the spare capacity the last view covered (`added` is capped
        // by it), encodeInto wrote them, and nothing has allocated since.
        unsafe { self.body.set_len(len + added) };
    }

    fn no_answer(&self) -> ClientError {
        ClientError::new(
            ErrorKind::Network,
            format!("{} got no answer", self.request.describe()),
        )
    }
}

fn aborted(request: &HttpRequest) -> ClientError {
    ClientError::new(
        ErrorKind::Aborted,
        format!("{} was aborted by its AbortSignal", request.describe()),
    )
}

fn failure(exchange: &Exchange, kind: ErrorKind, detail: &str, attempts: u32) -> ClientError {
    let request = &exchange.request;
    let tries = if attempts == 1 {
        String::new()
    } else {
        format!(" (after {attempts} attempts)")
    };
    let message = if kind == ErrorKind::Timeout {
        format!(
            "{} got no answer within {} ms and was cancelled{tries}",
            request.describe(),
            exchange.settings.timeout_ms
        )
    } else {
        format!(
            "{} could not reach {}{tries}: {}. The server may be down or unreachable, \
             or it refused this origin (CORS)",
            request.describe(),
            exchange.url,
            exchange.config.redact(detail)
        )
    };
    ClientError::new(kind, exchange.config.redact(&message))
}
