//! Sends one built request with `fetch` (the global one, or the caller's) and reads the answer.

use gloo_net::http::{Method as GlooMethod, RequestBuilder};
use js_sys::{Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::core::config::ClientConfig;
use crate::core::error::{ClientError, ErrorKind};
use crate::core::request::{HttpRequest, Method};

/// What came back over HTTP, before any interpretation.
pub struct Received {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// The `fetch` to call and the `this` to call it with.
#[derive(Clone)]
pub struct Fetch {
    function: Function,
    this: JsValue,
}

impl Fetch {
    /// The environment's global `fetch` (window, worker or Node), looked up once.
    pub fn global() -> Result<Self, ClientError> {
        let global = js_sys::global();
        let function = js_sys::Reflect::get(&global, &JsValue::from_str("fetch"))
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

    /// Sends `request` and reads the whole body. Fails only when no HTTP answer arrived.
    pub async fn send(
        &self,
        config: &ClientConfig,
        request: &HttpRequest,
    ) -> Result<Received, ClientError> {
        let url = config.url(request);
        let network_error = |detail: String| {
            ClientError::new(
                ErrorKind::Network,
                format!(
                    "{} could not reach {url}: {detail}. The server may be down or unreachable, \
                     or it refused this origin (CORS)",
                    request.describe()
                ),
            )
        };
        let mut builder = RequestBuilder::new(&url).method(gloo_method(request.method));
        for (name, value) in config.headers(request) {
            builder = builder.header(name, &value);
        }
        let built = match &request.body {
            Some(body) => builder.body(body.as_str()),
            None => builder.build(),
        }
        .map_err(|err| network_error(config.redact(&err.to_string())))?;
        let raw_request: web_sys::Request = built.into();
        let promise = self
            .function
            .call1(&self.this, &raw_request)
            .map_err(|err| network_error(config.redact(&describe_js_error(&err))))?;
        let promise = promise.dyn_into::<Promise>().map_err(|_| {
            ClientError::invalid_config(
                "fetch",
                "the fetch option must return a Promise of a Response",
            )
        })?;
        let answer = JsFuture::from(promise)
            .await
            .map_err(|err| network_error(config.redact(&describe_js_error(&err))))?;
        let raw_response = answer.dyn_into::<web_sys::Response>().map_err(|_| {
            ClientError::invalid_config("fetch", "the fetch option must resolve to a Response")
        })?;
        let response = gloo_net::http::Response::from(raw_response);
        let status = response.status();
        let content_type = response.headers().get("content-type");
        let body = response.binary().await.map_err(|err| {
            network_error(format!(
                "the connection broke while reading the HTTP {status} answer ({})",
                config.redact(&err.to_string())
            ))
        })?;
        Ok(Received {
            status,
            content_type,
            body,
        })
    }
}

fn gloo_method(method: Method) -> GlooMethod {
    match method {
        Method::Get => GlooMethod::GET,
        Method::Post => GlooMethod::POST,
        Method::Patch => GlooMethod::PATCH,
        Method::Delete => GlooMethod::DELETE,
    }
}

/// `TypeError: Failed to fetch`, from whatever a rejected promise held.
fn describe_js_error(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        let name: String = error.name().into();
        let message: String = error.message().into();
        return format!("{name}: {message}");
    }
    value
        .as_string()
        .unwrap_or_else(|| "fetch rejected with a non-Error value".to_owned())
}
