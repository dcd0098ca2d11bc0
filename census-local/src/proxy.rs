//! Proxy mode: `/api/v1` forwarded to the real Census API (`--upstream`), and `/stitch` to
//! Stitch Connect (`--stitch-upstream`), each with the token the server holds for it. One
//! [`Proxy`] type and one [`forward`] handler serve both: the [`Api`] of the upstream names it in
//! messages, gives the prefix that is removed, and picks the error shape.
//!
//! Only what the API needs crosses, in both directions, so nothing the browser holds (its own
//! `Authorization`, cookies) reaches the upstream, and nothing the upstream sets (cookies,
//! caching) reaches the browser:
//!
//! - **to the upstream:** the method, the path below the prefix (`/api/v1`, `/stitch`), the
//!   query string, the body, `Content-Type` and `Accept`; then `Authorization: Bearer <held
//!   token>` and census-local's own `User-Agent`. Every other request header is dropped.
//! - **back:** the status, the body, `Content-Type`, `Retry-After` and `WWW-Authenticate`, and
//!   from Stitch also `Location`. CORS headers are added by the same middleware as local answers.
//!
//! A redirect is never followed (following one could carry the held token to another host).
//! From Census it is answered as a 502 naming where it pointed. From Stitch it is passed back
//! with its `Location`, since `GET /v4/{client_id}/extractions/{job_name}` answers its log as a
//! 302 to a pre-signed download: the caller follows it without the held token. An unreachable
//! upstream answers 502 and a slow one 504, each in the API's error shape (Census's envelope
//! `{"status": "error", "message"}`, Stitch's `{"error": {"type", "message"}}`) with a message
//! naming the upstream and what failed; the message is also written to stderr. The token is
//! redacted from both.

use std::error::Error as StdError;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::http::{ApiError, Slot};
use crate::stitch;
use crate::upstream::{Api, UPSTREAM_PAT_ENV, Upstream};

/// Largest request body forwarded: Census create and update bodies are a few KB.
const MAX_REQUEST_BODY: usize = 1024 * 1024;
/// Largest upstream answer read: a full page of 100 sources or tables is well under this.
const MAX_RESPONSE_BODY: usize = 32 * 1024 * 1024;

/// Request headers passed to the upstream. An allow-list rather than a deny-list, so a header
/// no one thought of (a cookie variant, a test-control header, a proxy header) never leaks.
const FORWARDED_REQUEST_HEADERS: [HeaderName; 2] = [header::CONTENT_TYPE, header::ACCEPT];
/// Upstream answer headers passed back: what the client reads (`Retry-After` for rate limits,
/// `WWW-Authenticate` on a 401). Cookies, caching and connection headers stay behind.
const FORWARDED_RESPONSE_HEADERS: [HeaderName; 3] = [
    header::CONTENT_TYPE,
    header::RETRY_AFTER,
    header::WWW_AUTHENTICATE,
];
/// What a Stitch answer also passes back: where its redirects point.
const STITCH_RESPONSE_HEADERS: [HeaderName; 4] = [
    header::CONTENT_TYPE,
    header::RETRY_AFTER,
    header::WWW_AUTHENTICATE,
    header::LOCATION,
];

/// Methods forwarded; the API uses the first five. `CONNECT` and `TRACE` have no place in a
/// REST call and would make the client do something else entirely.
const FORWARDED_METHODS: [Method; 7] = [
    Method::GET,
    Method::POST,
    Method::PATCH,
    Method::PUT,
    Method::DELETE,
    Method::HEAD,
    Method::OPTIONS,
];

const USER_AGENT: &str = concat!("census-local/", env!("CARGO_PKG_VERSION"), " (proxy)");

/// The forwarding half of proxy mode: the upstream, its deadline and one pooled HTTP client.
pub struct Proxy {
    upstream: Upstream,
    timeout: Duration,
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
}

impl Proxy {
    /// A client for `upstream`: rustls with the `ring` provider and the webpki roots, HTTP/1.1.
    /// Plain http is allowed by the connector because [`Upstream::new`] already limited it to
    /// loopback addresses.
    pub fn new(upstream: Upstream, timeout: Duration) -> Self {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = hyper_rustls::HttpsConnectorBuilder::new();
        let connector = match builder.with_provider_and_webpki_roots(provider) {
            Ok(builder) => builder.https_or_http().enable_http1().build(),
            // Only fails if the provider supports no safe protocol version; ring's supports
            // TLS 1.2 and 1.3, so this arm is never taken. Falling back to the default builder
            // keeps `app` infallible.
            Err(_) => hyper_rustls::HttpsConnectorBuilder::new()
                .with_webpki_roots()
                .https_or_http()
                .enable_http1()
                .build(),
        };
        let client = Client::builder(TokioExecutor::new()).build(connector);
        Self {
            upstream,
            timeout,
            client,
        }
    }
}

/// What went wrong between census-local and the upstream.
enum Failure {
    /// No answer in time.
    Timeout,
    /// The request could not be sent or no answer head came back.
    Request(hyper_util::client::legacy::Error),
    /// The answer head came, its body did not (or was too large).
    Body(Box<dyn StdError + Send + Sync>),
}

/// The `Authorization` a request for `path` (below the API's prefix) is forwarded with: Stitch
/// takes its one token everywhere; Census its workspace token, or on the organisation APIs the
/// personal access token, `None` when none is held (the workspace token is never sent there).
fn authorization(upstream: &Upstream, path: &str) -> Option<HeaderValue> {
    match (upstream.api(), Slot::of(path)) {
        (Api::Census, Slot::Personal) => upstream.personal_authorization(),
        (Api::Census, Slot::Workspace) | (Api::Stitch, _) => Some(upstream.authorization()),
    }
}

/// An error census-local answers itself in `api`'s shape: Census's envelope
/// `{"status": "error", "message"}`, or Stitch's `{"error": {"type", "message"}}`
/// ([`stitch::refusal`]), which the StitchClient reads as an error of that type. Used by the
/// proxy and by injected faults.
pub(crate) fn refusal(api: Api, status: StatusCode, message: String) -> Response {
    match api {
        Api::Census => ApiError::new(status, message).into_response(),
        Api::Stitch => stitch::refusal(status, message),
    }
}

/// The handler of a proxied API (the router is nested at the API's prefix, so the path is
/// below `/api/v1` or `/stitch`).
pub async fn forward(State(proxy): State<Arc<Proxy>>, request: Request) -> Response {
    let api = proxy.upstream.api();
    let (parts, body) = request.into_parts();
    let method = parts.method;
    let path = parts.uri.path().to_owned();
    // Named in messages and logs without the query, which may carry search text.
    let what = format!("{method} {}{path}", api.prefix());
    if !FORWARDED_METHODS.contains(&method) {
        return refusal(
            api,
            StatusCode::METHOD_NOT_ALLOWED,
            format!("Method {method} is not forwarded to the upstream"),
        );
    }
    let body = match axum::body::to_bytes(body, MAX_REQUEST_BODY).await {
        Ok(body) => body,
        Err(error) if caused_by::<LengthLimitError>(&error) => {
            return refusal(
                api,
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("Request bodies over {MAX_REQUEST_BODY} bytes are not forwarded"),
            );
        }
        Err(error) => {
            return refusal(
                api,
                StatusCode::BAD_REQUEST,
                format!("Could not read the request body: {error}"),
            );
        }
    };

    // Census's organisation APIs take the held personal access token; without one they are
    // not forwarded at all, rather than sent the workspace token.
    let Some(authorization) = authorization(&proxy.upstream, &path) else {
        return refusal(
            api,
            StatusCode::FORBIDDEN,
            format!(
                "{what} is an organisation endpoint: start census-local with \
                 {UPSTREAM_PAT_ENV} set to a personal access token to forward it"
            ),
        );
    };
    let query = parts
        .uri
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let mut builder = hyper::Request::builder()
        .method(method.clone())
        .uri(format!("{}{path}{query}", proxy.upstream.base()));
    for name in &FORWARDED_REQUEST_HEADERS {
        for value in parts.headers.get_all(name) {
            builder = builder.header(name, value.clone());
        }
    }
    let upstream_request = match builder
        .header(header::USER_AGENT, USER_AGENT)
        .header(header::AUTHORIZATION, authorization)
        .body(Full::new(body))
    {
        Ok(request) => request,
        Err(error) => {
            let message = format!(
                "Could not build the request for {what} to the upstream {} at {}: {error}",
                api.name(),
                proxy.upstream.base()
            );
            return failure_response(&proxy, StatusCode::BAD_GATEWAY, &message);
        }
    };

    let exchange = async {
        let response = proxy
            .client
            .request(upstream_request)
            .await
            .map_err(Failure::Request)?;
        let (head, body) = response.into_parts();
        let body = Limited::new(body, MAX_RESPONSE_BODY)
            .collect()
            .await
            .map_err(Failure::Body)?
            .to_bytes();
        Ok((head, body))
    };
    let outcome = tokio::time::timeout(proxy.timeout, exchange)
        .await
        .unwrap_or(Err(Failure::Timeout));
    let (head, body) = match outcome {
        Ok(answer) => answer,
        Err(failure) => {
            let (status, message) = describe(&proxy, &what, &failure);
            return failure_response(&proxy, status, &message);
        }
    };

    if head.status.is_redirection() && api == Api::Census {
        let location = head
            .headers
            .get(header::LOCATION)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("nowhere given");
        let message = format!(
            "The upstream Census at {} answered {what} with a redirect ({}) to {location}; \
             redirects are not followed, so the held token only ever goes to {flag}: \
             set {flag} to the final URL",
            proxy.upstream.base(),
            head.status.as_u16(),
            flag = api.flag()
        );
        return failure_response(&proxy, StatusCode::BAD_GATEWAY, &message);
    }

    let mut response = Response::new(Body::from(body));
    *response.status_mut() = head.status;
    let passed: &[HeaderName] = match api {
        Api::Census => &FORWARDED_RESPONSE_HEADERS,
        Api::Stitch => &STITCH_RESPONSE_HEADERS,
    };
    for name in passed {
        for value in head.headers.get_all(name) {
            response.headers_mut().append(name, value.clone());
        }
    }
    response
}

/// The status and message for a failed exchange.
fn describe(proxy: &Proxy, what: &str, failure: &Failure) -> (StatusCode, String) {
    let base = proxy.upstream.base();
    let name = proxy.upstream.api().name();
    match failure {
        Failure::Timeout => (
            StatusCode::GATEWAY_TIMEOUT,
            format!(
                "The upstream {name} at {base} did not answer {what} within {} ms \
                 (--upstream-timeout-ms)",
                proxy.timeout.as_millis()
            ),
        ),
        Failure::Request(error) if error.is_connect() => (
            StatusCode::BAD_GATEWAY,
            format!(
                "Could not connect to the upstream {name} at {base} for {what}: {}",
                chain(error)
            ),
        ),
        Failure::Request(error) => (
            StatusCode::BAD_GATEWAY,
            format!(
                "The upstream {name} at {base} gave no answer to {what}: {}",
                chain(error)
            ),
        ),
        Failure::Body(error) if caused_by::<LengthLimitError>(error.as_ref()) => (
            StatusCode::BAD_GATEWAY,
            format!(
                "The upstream {name} at {base} answered {what} with more than \
                 {MAX_RESPONSE_BODY} bytes"
            ),
        ),
        Failure::Body(error) => (
            StatusCode::BAD_GATEWAY,
            format!(
                "The upstream {name} at {base} broke off its answer to {what}: {}",
                chain(error.as_ref())
            ),
        ),
    }
}

/// Logs the failure to stderr and answers it in the API's error shape, the token redacted from
/// both (no error here is built from the token, but a library's message is not ours to trust).
fn failure_response(proxy: &Proxy, status: StatusCode, message: &str) -> Response {
    let message = proxy.upstream.redact(message);
    eprintln!("census-local: {message}");
    refusal(proxy.upstream.api(), status, message)
}

/// An error and its sources, `outer: inner: innermost`, since hyper's own text ("client error
/// (Connect)") says little and the cause ("Connection refused", "invalid peer certificate")
/// is what helps.
fn chain(error: &(dyn StdError + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        // Some wrappers repeat their source's text; once is enough.
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// Whether `error` or any of its sources is an `E`.
fn caused_by<E: StdError + 'static>(error: &(dyn StdError + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(error) = current {
        if error.is::<E>() {
            return true;
        }
        current = error.source();
    }
    false
}
