//! Sends one built request with `fetch` (the global one, or the caller's): a fresh `Request` per
//! attempt, a per-attempt timeout that really cancels it, the caller's `AbortSignal`, and the
//! retries that `core::retry` decides on. Hooks see method, URL, status and timing, never headers.

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use crate::core::config::ClientConfig;
use crate::core::error::{ClientError, ErrorKind};
use crate::core::request::HttpRequest;
use crate::core::response::RawResponse;
use crate::core::retry::{self, AttemptOutcome, Decision, RetryPolicy};

#[wasm_bindgen(module = "/src/js/fetch.js")]
extern "C" {
    #[wasm_bindgen(js_name = fetchAttempt)]
    fn fetch_attempt(
        fetch: &Function,
        this: &JsValue,
        method: &str,
        url: &str,
        headers: &Array,
        body: Option<&str>,
        timeout_ms: f64,
        signal: Option<&AbortSignal>,
    ) -> Promise;

    #[wasm_bindgen(js_name = sleep)]
    pub(crate) fn sleep(ms: f64, signal: Option<&AbortSignal>) -> Promise;
}

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

impl Hooks {
    /// Calls a hook with one plain object; a hook that throws cannot break the call.
    fn notify(hook: &Function, fields: &[(&str, JsValue)]) {
        let info = Object::new();
        for (key, value) in fields {
            let _ = Reflect::set(&info, &JsValue::from_str(key), value);
        }
        let _ = hook.call1(&JsValue::UNDEFINED, &info);
    }
}

/// The `fetch` to call and the `this` to call it with.
#[derive(Clone)]
pub struct Fetch {
    function: Function,
    this: JsValue,
}

/// How one attempt ended.
enum Attempt {
    Answered(Received),
    Failed(ErrorKind, String),
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

    /// Sends `request`, retrying as `settings.retry` allows. Resolves to the last HTTP answer,
    /// whatever its status; fails only when no answer came (network, timeout, abort).
    pub async fn send(
        &self,
        config: &ClientConfig,
        request: &HttpRequest,
        settings: &CallSettings,
        hooks: &Hooks,
    ) -> Result<Received, ClientError> {
        let url = config.url(request);
        let started = js_sys::Date::now();
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            if let Some(hook) = &hooks.on_request {
                Hooks::notify(
                    hook,
                    &[
                        ("method", JsValue::from_str(request.method.as_str())),
                        ("url", JsValue::from_str(&url)),
                        ("attempt", attempt.into()),
                    ],
                );
            }
            let attempt_started = js_sys::Date::now();
            let outcome = self.attempt(config, request, &url, settings).await?;
            if let Some(hook) = &hooks.on_response {
                let duration = js_sys::Date::now() - attempt_started;
                let (status, kind) = match &outcome {
                    Attempt::Answered(received) => (JsValue::from(received.status), "answered"),
                    Attempt::Failed(kind, _) => (JsValue::UNDEFINED, kind.code()),
                };
                Hooks::notify(
                    hook,
                    &[
                        ("method", JsValue::from_str(request.method.as_str())),
                        ("url", JsValue::from_str(&url)),
                        ("attempt", attempt.into()),
                        ("status", status),
                        ("outcome", JsValue::from_str(kind)),
                        ("durationMs", JsValue::from_f64(duration)),
                    ],
                );
            }
            if let Attempt::Failed(ErrorKind::Aborted, _) = outcome {
                return Err(aborted(request));
            }
            let retry_outcome = match &outcome {
                Attempt::Answered(received) => AttemptOutcome::Answered {
                    status: received.status,
                    retry_after: received.retry_after.as_deref(),
                },
                Attempt::Failed(..) => AttemptOutcome::NoAnswer,
            };
            let now = js_sys::Date::now();
            let decision = retry::decide(
                &settings.retry,
                request.method,
                attempt,
                (now - started).max(0.0) as u64,
                retry_outcome,
                now.max(0.0) as u64,
                js_sys::Math::random(),
            );
            match decision {
                Decision::Stop => {
                    return match outcome {
                        Attempt::Answered(received) => Ok(received),
                        Attempt::Failed(kind, detail) => Err(failure(
                            config, request, &url, kind, &detail, attempt, settings,
                        )),
                    };
                }
                Decision::RetryAfter { delay_ms } => {
                    let waited = JsFuture::from(sleep(delay_ms as f64, settings.signal.as_ref()))
                        .await
                        .map(|done| done.is_truthy())
                        .unwrap_or(false);
                    if !waited {
                        return Err(aborted(request));
                    }
                }
            }
        }
    }

    /// One attempt with a fresh `Request` (a body can be sent only once).
    async fn attempt(
        &self,
        config: &ClientConfig,
        request: &HttpRequest,
        url: &str,
        settings: &CallSettings,
    ) -> Result<Attempt, ClientError> {
        let headers: Array = config
            .headers(request)
            .into_iter()
            .map(|(name, value)| Array::of2(&JsValue::from_str(name), &JsValue::from_str(&value)))
            .collect();
        let result = JsFuture::from(fetch_attempt(
            &self.function,
            &self.this,
            request.method.as_str(),
            url,
            &headers,
            request.body.as_deref(),
            f64::from(settings.timeout_ms),
            settings.signal.as_ref(),
        ))
        .await
        .map_err(|err| {
            ClientError::invalid_config(
                "fetch",
                format!(
                    "the fetch option failed unexpectedly: {}",
                    config.redact(&describe(&err))
                ),
            )
        })?;
        let text = |key: &str| {
            Reflect::get(&result, &JsValue::from_str(key))
                .ok()
                .and_then(|value| value.as_string())
        };
        Ok(match text("kind").as_deref() {
            Some("answered") => {
                let status = Reflect::get(&result, &JsValue::from_str("status"))
                    .ok()
                    .and_then(|value| value.as_f64())
                    .unwrap_or(0.0) as u16;
                let bytes = Reflect::get(&result, &JsValue::from_str("body"))
                    .ok()
                    .and_then(|value| value.dyn_into::<Uint8Array>().ok())
                    .unwrap_or_else(|| Uint8Array::new_with_length(0));
                Attempt::Answered(Received {
                    status,
                    content_type: text("contentType"),
                    retry_after: text("retryAfter"),
                    body: bytes.to_vec(),
                    bytes,
                })
            }
            Some("invalid") => {
                return Err(ClientError::invalid_config(
                    "baseUrl",
                    format!(
                        "the request could not be built: {}",
                        config.redact(&text("detail").unwrap_or_default())
                    ),
                ));
            }
            Some("timeout") => Attempt::Failed(ErrorKind::Timeout, String::new()),
            Some("aborted") => Attempt::Failed(ErrorKind::Aborted, String::new()),
            _ => Attempt::Failed(
                ErrorKind::Network,
                config.redact(&text("detail").unwrap_or_default()),
            ),
        })
    }
}

fn aborted(request: &HttpRequest) -> ClientError {
    ClientError::new(
        ErrorKind::Aborted,
        format!("{} was aborted by its AbortSignal", request.describe()),
    )
}

fn failure(
    config: &ClientConfig,
    request: &HttpRequest,
    url: &str,
    kind: ErrorKind,
    detail: &str,
    attempts: u32,
    settings: &CallSettings,
) -> ClientError {
    let tries = if attempts == 1 {
        String::new()
    } else {
        format!(" (after {attempts} attempts)")
    };
    let message = if kind == ErrorKind::Timeout {
        format!(
            "{} got no answer within {} ms and was cancelled{tries}",
            request.describe(),
            settings.timeout_ms
        )
    } else {
        format!(
            "{} could not reach {url}{tries}: {detail}. The server may be down or unreachable, \
             or it refused this origin (CORS)",
            request.describe()
        )
    };
    ClientError::new(kind, config.redact(&message))
}

/// `TypeError: Failed to fetch`, from whatever a rejected promise held.
fn describe(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        let name: String = error.name().into();
        let message: String = error.message().into();
        return format!("{name}: {message}");
    }
    value
        .as_string()
        .unwrap_or_else(|| "a non-Error value".to_owned())
}
