//! One built request on the wire, as a synchronous [`Exchange`] that the JS runtime
//! (src/js/runtime.js) drives: it sends attempts with `fetch`, and asks the exchange whether and
//! when to retry (`core::retry`) and what a failed attempt means. Hooks see method, URL, status
//! and timing, never headers.

use std::rc::Rc;

use js_sys::{Array, Function, Reflect, Uint8Array};
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
    /// The body copied into wasm memory, for the core's checks.
    pub body: Vec<u8>,
    /// The same bytes as JavaScript holds them, for `JSON.parse` once they have been checked.
    pub bytes: Uint8Array,
}

impl Received {
    /// An answer as the runtime reports it.
    pub fn new(
        status: u16,
        content_type: Option<String>,
        retry_after: Option<String>,
        bytes: Uint8Array,
    ) -> Self {
        Self {
            status,
            content_type,
            retry_after,
            body: bytes.to_vec(),
            bytes,
        }
    }

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
    pub fn retry(&self, attempt: u32, status: Option<u16>, retry_after: Option<String>) -> f64 {
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
            Decision::RetryAfter { delay_ms } => delay_ms as f64,
        }
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
        }
    }

    /// The error `fail` recorded.
    pub fn take_error(&mut self) -> ClientError {
        self.error.take().unwrap_or_else(|| {
            ClientError::new(
                ErrorKind::Network,
                format!("{} got no answer", self.request.describe()),
            )
        })
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
