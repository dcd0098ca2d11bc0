//! Response helpers and the shared middleware: CORS, latency, authentication, connection close.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use census_core::models::EnvelopeStatus;
use serde::Serialize;

use crate::AppState;
use crate::config::{MAX_MS, NotFoundShape};
use crate::upstream::{host_name, is_loopback_host};

/// Test-control header: `id` makes `POST /sources` answer the older `{"id": N}` shape.
pub const CREATE_SHAPE_HEADER: &str = "x-census-local-create-shape";

/// Test-control header: `word`, `code` or `route` ([`NotFoundShape::parse`]) picks the body of
/// a 404 for this one request, ahead of `--not-found-shape`.
pub const NOT_FOUND_SHAPE_HEADER: &str = "x-census-local-not-found-shape";

/// Test-control header: `next` gives a list answer the older shape with only the `next` link
/// (document 000), `bare` the `{status, data}` alone that document 003 shows for lists.
pub const LIST_SHAPE_HEADER: &str = "x-census-local-list-shape";

/// Test-control header: on a request that starts a refresh job, the job is `processing` for
/// this many milliseconds (0 to [`MAX_MS`]) instead of `--refresh-ms`, so a test can wait for a
/// job longer than its own scheduling may lag. An unreadable value is ignored.
pub const REFRESH_MS_HEADER: &str = "x-census-local-refresh-ms";

/// The job length the [`REFRESH_MS_HEADER`] asks for, if it is readable.
pub fn refresh_ms(headers: &HeaderMap) -> Option<Duration> {
    let ms: u64 = headers
        .get(REFRESH_MS_HEADER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    (ms <= MAX_MS).then(|| Duration::from_millis(ms))
}

/// Serializes `body` as a JSON response with `status`.
pub fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (status, [(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        // The bodies are plain structs of strings and numbers; this arm only guards the impossible.
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"status":"error","message":"Could not encode the response"}"#,
        )
            .into_response(),
    }
}

/// An API failure, rendered as `{"status": ..., "message": ...}`.
#[derive(Debug)]
pub struct ApiError {
    code: StatusCode,
    status: EnvelopeStatus,
    message: String,
}

impl ApiError {
    /// The common error envelope, `"status": "error"`.
    pub fn new(code: StatusCode, message: impl Into<String>) -> Self {
        Self {
            code,
            status: EnvelopeStatus::Word("error".into()),
            message: message.into(),
        }
    }

    /// 400 with the error envelope.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 422 with the error envelope.
    pub fn unprocessable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }

    /// 404 in the `"status": "not_found"` shape.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self {
            code: StatusCode::NOT_FOUND,
            status: EnvelopeStatus::Word("not_found".into()),
            message: message.into(),
        }
    }

    /// 404 in the `"status": 404` shape document 000 gives for delete.
    pub fn not_found_code(message: impl Into<String>) -> Self {
        Self::coded(StatusCode::NOT_FOUND, message)
    }

    /// `code` with the HTTP code as an integer `status`, as the reference shows the topic
    /// errors (`{"status": 409, "message": ...}`).
    pub fn coded(code: StatusCode, message: impl Into<String>) -> Self {
        Self {
            code,
            status: EnvelopeStatus::Code(i64::from(code.as_u16())),
            message: message.into(),
        }
    }
}

/// A 422 naming the field at `path` (`name`, `events[1]`, `workspaces[0].role`): the wording
/// every body check of the local Census uses, `"<field path>: <problem>"`.
pub fn invalid(path: &str, problem: impl std::fmt::Display) -> ApiError {
    ApiError::unprocessable(format!("{path}: {problem}"))
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    status: &'a EnvelopeStatus,
    message: &'a str,
}

/// Marks a not-found answer with its message, so [`reshape_not_found`] can render it again
/// in the shape the request or the configuration asks for.
#[derive(Debug, Clone)]
struct NotFoundMessage(String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = json(
            self.code,
            &ErrorBody {
                status: &self.status,
                message: &self.message,
            },
        );
        if self.code == StatusCode::NOT_FOUND {
            response
                .extensions_mut()
                .insert(NotFoundMessage(self.message));
        }
        response
    }
}

/// Gives every `/api/v1` 404 (routes, unknown paths) the body the [`NOT_FOUND_SHAPE_HEADER`]
/// asks for, or else `--not-found-shape`; with `route` (the default) each keeps its own.
/// An unreadable header is ignored, as an unreadable fault header is.
pub async fn reshape_not_found(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let wanted = request
        .headers()
        .get(NOT_FOUND_SHAPE_HEADER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| NotFoundShape::parse(value).ok())
        .unwrap_or(state.not_found_shape);
    let response = next.run(request).await;
    let Some(NotFoundMessage(message)) = response.extensions().get::<NotFoundMessage>().cloned()
    else {
        return response;
    };
    match wanted {
        NotFoundShape::Route => response,
        NotFoundShape::Word => ApiError::not_found(message).into_response(),
        NotFoundShape::Code => ApiError::not_found_code(message).into_response(),
    }
}

/// What a CORS layer allows: each service (`/api/v1`, `/__control`) has its own.
#[derive(Debug, Clone, Copy)]
pub struct CorsPolicy {
    /// `Access-Control-Allow-Methods` on preflights.
    pub allow_methods: &'static str,
    /// `Access-Control-Allow-Headers` on preflights.
    pub allow_headers: &'static str,
    /// `Access-Control-Expose-Headers` on every other answer, if any.
    pub expose_headers: Option<&'static str>,
}

/// CORS for `/api/v1`.
pub const API_CORS: CorsPolicy = CorsPolicy {
    allow_methods: "GET, POST, PATCH, DELETE, OPTIONS",
    allow_headers: "authorization, content-type, x-census-local-fault, x-census-local-create-shape, \
                    x-census-local-not-found-shape, x-census-local-list-shape, \
                    x-census-local-refresh-ms",
    expose_headers: Some("retry-after"),
};

/// CORS: any origin is reflected, since the demo and test pages may be served from another
/// port; the headers go on every answer, errors and 401s included, so the browser client can
/// read them. A preflight is answered here, before latency, faults and auth.
pub async fn cors(State(policy): State<CorsPolicy>, request: Request, next: Next) -> Response {
    let origin = request.headers().get(header::ORIGIN).cloned();
    let is_preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);

    let mut response = if is_preflight {
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(policy.allow_methods),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(policy.allow_headers),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        headers.append(
            header::VARY,
            HeaderValue::from_static(
                "Access-Control-Request-Method, Access-Control-Request-Headers",
            ),
        );
        response
    } else {
        let mut response = next.run(request).await;
        if let Some(expose) = policy.expose_headers {
            response.headers_mut().insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static(expose),
            );
        }
        response
    };

    let headers = response.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = origin {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    response
}

/// Delays every API answer by `--latency-ms`, to exercise loading states and timeouts.
pub async fn latency(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    if !state.latency.is_zero() {
        tokio::time::sleep(state.latency).await;
    }
    next.run(request).await
}

/// Which token a route takes: the organisation APIs (`/workspaces…`, `/users…`,
/// `/invitations…`) take a personal access token, every other route the workspace API token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Workspace,
    Personal,
}

impl Slot {
    /// The slot of `path` (relative to `/api/v1`). `/workspace` (the token's own workspace) is
    /// a workspace route; `/workspaces` is the organisation's.
    pub fn of(path: &str) -> Self {
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        if matches!(first, "workspaces" | "users" | "invitations") {
            Self::Personal
        } else {
            Self::Workspace
        }
    }
}

/// Why [`auth`] refuses a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No token where one is needed, or a token this server does not hold: 401.
    Invalid,
    /// The other slot's token: 403, saying which token the route takes (never the token).
    WrongSlot(Slot),
}

/// Checks the token (`Bearer`, or the older Basic `bearer:<token>`): the workspace API token
/// for workspace routes, the personal access token for the organisation APIs ([`Slot`]). The
/// other slot's token is refused with a 403 that says which one the route takes; an unknown
/// token with the 401 "Invalid credentials".
///
/// Without `--strict-auth`, a request with no `Authorization` header from the server's own
/// origin (or with no `Origin` at all, as from curl or a server-side caller) is let through:
/// the local Census then plays the same-origin proxy that attaches its held token (of either
/// slot) for admin pages. A browser's request that its `Sec-Fetch-Site` marks as sent by
/// another site's page is not, `Origin` or none ([`from_another_page`]). A presented token is
/// always checked, so a wrong one is refused even then.
///
/// In upstream mode the same rules guard the real API, and the presented token is this
/// server's `--token`, never the upstream's: the proxy drops it and adds the held one.
pub async fn auth(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let slot = Slot::of(request.uri().path());
    match check(&state, request.headers(), slot) {
        Ok(()) => next.run(request).await,
        Err(Refusal::Invalid) => {
            let mut response =
                ApiError::new(StatusCode::UNAUTHORIZED, "Invalid credentials").into_response();
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            response
        }
        Err(Refusal::WrongSlot(Slot::Personal)) => ApiError::new(
            StatusCode::FORBIDDEN,
            "This organisation endpoint takes a personal access token; a workspace API token \
             was sent",
        )
        .into_response(),
        Err(Refusal::WrongSlot(Slot::Workspace)) => ApiError::new(
            StatusCode::FORBIDDEN,
            "This workspace endpoint takes a workspace API token; a personal access token was \
             sent",
        )
        .into_response(),
    }
}

/// Whether [`auth`] lets a request for `path` (relative to `/api/v1`) with these headers through.
pub fn authorized(state: &AppState, headers: &HeaderMap, path: &str) -> bool {
    check(state, headers, Slot::of(path)).is_ok()
}

/// [`auth`]'s decision for a route of `slot`.
pub fn check(state: &AppState, headers: &HeaderMap, slot: Slot) -> Result<(), Refusal> {
    match headers.get(header::AUTHORIZATION) {
        Some(value) => {
            let token = value
                .to_str()
                .ok()
                .and_then(presented_token)
                .ok_or(Refusal::Invalid)?;
            let is = |held: &str| constant_time_eq(token.as_bytes(), held.as_bytes());
            let (own, other) = match slot {
                Slot::Workspace => (&state.token, &state.pat_token),
                Slot::Personal => (&state.pat_token, &state.token),
            };
            if is(own) {
                Ok(())
            } else if is(other) {
                Err(Refusal::WrongSlot(slot))
            } else {
                Err(Refusal::Invalid)
            }
        }
        None => {
            let through = !state.strict_auth
                && is_same_origin(headers, &state.fallback_host)
                && !from_another_page(headers)
                && (!state.proxying || addressed_by_own_name(state, headers));
            if through {
                Ok(())
            } else {
                Err(Refusal::Invalid)
            }
        }
    }
}

/// Whether a browser says the request was made by a page of another origin. A cross-site
/// `no-cors` GET (an `<img>` or `<script>`, `fetch(url, { mode: 'no-cors' })`) carries no
/// `Origin`, so to the origin check it looks like curl, but every browser that sends Fetch
/// Metadata marks it `Sec-Fetch-Site: cross-site`. Only `same-origin` and `none` (the user's
/// own navigation: an address typed, a bookmark) pass; `same-site` is refused as well, since a
/// page on another port of `localhost` is same-site but not this server's page (its CORS
/// requests, which carry its `Origin`, are refused already), and so is any other value. curl
/// and server-side callers send no `Sec-Fetch-*` header and are not affected.
fn from_another_page(headers: &HeaderMap) -> bool {
    headers.get("sec-fetch-site").is_some_and(|site| {
        !site.to_str().is_ok_and(|site| {
            ["same-origin", "none"]
                .iter()
                .any(|ok| site.trim().eq_ignore_ascii_case(ok))
        })
    })
}

/// Whether the request's `Host` names this machine (a loopback name or `--host`). Against DNS
/// rebinding: a page on `evil.test` whose name is made to resolve to 127.0.0.1 is same-origin
/// with itself, so the origin check alone would let it use the held upstream token. Its
/// requests still carry `Host: evil.test`, which this refuses.
fn addressed_by_own_name(state: &AppState, headers: &HeaderMap) -> bool {
    let host = request_host(headers, &state.fallback_host);
    let name = host_name(&host);
    // `--host` is written bare (`::1`), a `Host` header brackets IPv6 (`[::1]:8787`).
    let unbracketed = |name: &str| {
        name.trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned()
    };
    is_loopback_host(name) || unbracketed(name).eq_ignore_ascii_case(&unbracketed(&state.host))
}

/// The token in an `Authorization` value, from `Bearer <token>` or `Basic base64(bearer:<token>)`.
fn presented_token(value: &str) -> Option<String> {
    let (scheme, rest) = value.trim().split_once(' ')?;
    let rest = rest.trim();
    if scheme.eq_ignore_ascii_case("bearer") {
        return Some(rest.to_owned());
    }
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded = String::from_utf8(base64_decode(rest)?).ok()?;
        let (user, password) = decoded.split_once(':')?;
        return user
            .eq_ignore_ascii_case("bearer")
            .then(|| password.to_owned());
    }
    None
}

/// Compares without an early exit, so response time does not hint at how much of a token matched.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Standard base64 (padding optional), enough for Basic credentials without a dependency.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The host the client addressed (`Host` header), or the configured one when absent.
pub fn request_host(headers: &HeaderMap, fallback: &str) -> String {
    headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|host| !host.is_empty())
        .unwrap_or(fallback)
        .to_owned()
}

fn is_same_origin(headers: &HeaderMap, fallback_host: &str) -> bool {
    match headers.get(header::ORIGIN) {
        None => true,
        Some(origin) => {
            let own = format!("http://{}", request_host(headers, fallback_host));
            origin
                .to_str()
                .is_ok_and(|origin| origin.eq_ignore_ascii_case(&own))
        }
    }
}

/// Answers every request with `Connection: close`, so hyper closes each connection after one
/// answer and no browser ever sends a request on a reused keep-alive connection.
///
/// That keeps the `drop` fault honest: Chromium silently resends any request, POST included,
/// whose *reused* connection closed before an answer (the server may have timed the idle
/// connection out), so the client would never see the failure and a `times: 1` rule would be
/// spent on a request the client did not know about. On a fresh connection Chromium fails the
/// fetch at once. Firefox does too for unsafe methods, but resends a GET or HEAD that got no
/// answer even on a fresh connection, up to `network.http.request.max-attempts` (10) times in
/// all; the attempt log shows each resend, and setting that preference to 1 turns it off.
pub async fn close_connections(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// Gives a request's body `timeout`, counted from when its head was read, to arrive; a body
/// still short of its end then fails to read (a 400 from the handler's extractor), and its
/// connection closes with the answer. Without it a client that stopped sending part way through
/// its body held a connection and a task for ever. A body that has arrived is read whatever
/// the time: a `delay:` fault or `--latency` may hold a request for longer than `timeout`.
pub async fn body_deadline(
    State(timeout): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let body = Body::new(Deadline {
        body,
        timeout,
        alarm: Box::pin(tokio::time::sleep(timeout)),
    });
    next.run(Request::from_parts(parts, body)).await
}

/// A request body that fails once its alarm rings while it waits for more.
struct Deadline {
    body: Body,
    timeout: Duration,
    alarm: Pin<Box<tokio::time::Sleep>>,
}

impl HttpBody for Deadline {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        if let ready @ Poll::Ready(_) = Pin::new(&mut this.body).poll_frame(cx) {
            return ready;
        }
        match this.alarm.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(axum::Error::new(format!(
                "the request body did not arrive within {} ms of its head",
                this.timeout.as_millis()
            ))))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// Gives a list answer (one with `pagination`) the older shape the [`LIST_SHAPE_HEADER`] asks
/// for: without `pagination` (`next`), or without `next` too (`bare`). Other answers, and an
/// unknown value, are left as they are.
pub async fn reshape_lists(request: Request, next: Next) -> Response {
    let keep_next = match request
        .headers()
        .get(LIST_SHAPE_HEADER)
        .map(HeaderValue::as_bytes)
    {
        Some(b"next") => true,
        Some(b"bare") => false,
        _ => return next.run(request).await,
    };
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the answer could not be read",
        )
        .into_response();
    };
    let mut value: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(value) => value,
        Err(_) => return Response::from_parts(parts, axum::body::Body::from(bytes)),
    };
    let Some(object) = value
        .as_object_mut()
        .filter(|o| o.contains_key("pagination"))
    else {
        return Response::from_parts(parts, axum::body::Body::from(bytes));
    };
    object.remove("pagination");
    if !keep_next {
        object.remove("next");
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    let reshaped = serde_json::to_vec(&value).unwrap_or_default();
    Response::from_parts(parts, axum::body::Body::from(reshaped))
}

/// Refuses a request body that is not labelled `application/json` with a 415, as a
/// Rails API would not read it: every documented body is sent with that type, and a client
/// (or an injected `fetch`) that drops the header must fail here as it would against Census.
pub async fn json_bodies(request: Request, next: Next) -> Response {
    match unlabelled_body(&request) {
        Some(refusal) => ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, refusal).into_response(),
        None => next.run(request).await,
    }
}

/// When the request carries a body whose `Content-Type` is not JSON: the refusal's message,
/// which says what it is labelled instead (`none` when unlabelled).
pub fn unlabelled_body(request: &Request) -> Option<String> {
    let headers = request.headers();
    // The body's own size (from `Content-Length` or chunking on the wire) says whether it has one.
    let has_body = request.body().size_hint().upper() != Some(0);
    let label = headers
        .get(header::CONTENT_TYPE)
        .map(|value| value.to_str().unwrap_or("?").to_owned());
    let is_json = label.as_deref().is_some_and(|label| {
        label
            .split(';')
            .next()
            .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
    });
    (has_body && !is_json).then(|| {
        format!(
            "Request bodies must be sent as Content-Type: application/json (got {})",
            label.as_deref().unwrap_or("none")
        )
    })
}

/// Adds `Cache-Control: no-cache` to static files, so a rebuilt wasm package is picked up at once.
pub async fn no_cache(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// The answer for any `/api/v1` path with no route.
pub async fn no_route(method: Method, uri: Uri) -> ApiError {
    // The API router is nested, so `uri` lacks the prefix the client sent.
    ApiError::not_found(format!("No route for {method} /api/v1{}", uri.path()))
}

/// The answer for a known `/api/v1` path called with a method it does not take.
pub async fn wrong_method(method: Method) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("Method {method} is not allowed here"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_authorization_forms() {
        assert_eq!(presented_token("Bearer abc").as_deref(), Some("abc"));
        assert_eq!(presented_token("bearer  abc ").as_deref(), Some("abc"));
        // base64("bearer:abc")
        assert_eq!(
            presented_token("Basic YmVhcmVyOmFiYw==").as_deref(),
            Some("abc")
        );
        // base64("admin:abc"): only the `bearer` user carries a token
        assert_eq!(presented_token("Basic YWRtaW46YWJj"), None);
        assert_eq!(presented_token("Basic !!!"), None);
        assert_eq!(presented_token("Token abc"), None);
        assert_eq!(presented_token("abc"), None);
    }

    #[test]
    fn base64_decodes_with_and_without_padding() {
        assert_eq!(base64_decode("aGk=").as_deref(), Some(&b"hi"[..]));
        assert_eq!(base64_decode("aGk").as_deref(), Some(&b"hi"[..]));
        assert_eq!(base64_decode("").as_deref(), Some(&b""[..]));
    }

    #[test]
    fn compares_tokens_exactly() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
