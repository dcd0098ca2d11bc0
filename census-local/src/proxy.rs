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
//!   The upstream's own absolute URLs in a JSON body or a `Location` (a list's `next`, a job's
//!   `status_endpoint`) are moved onto this server ([`Rebase`]), so a caller that follows one
//!   comes back through the proxy, which adds the held token, instead of reaching the upstream
//!   without it.
//!
//! A redirect is never followed (following one could carry the held token to another host).
//! From Census it is answered as a 502 naming where it pointed. From Stitch it is passed back
//! with its `Location`, since `GET /v4/{client_id}/extractions/{job_name}` answers its log as a
//! 302 to a pre-signed download: the caller follows it without the held token. An unreachable
//! upstream answers 502 and a slow one 504, each in the API's error shape (Census's envelope
//! `{"status": "error", "message"}`, Stitch's `{"error": {"type", "message"}}`) with a message
//! naming the upstream and what failed; the message is also written to stderr. The token is
//! redacted from both.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::uri::Authority;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::http::{ApiError, Slot, request_host};
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
    /// `host:port` as configured, for rebased URLs when a request names no usable `Host`.
    own_host: String,
}

impl Proxy {
    /// A client for `upstream`: rustls with the `ring` provider and the webpki roots, HTTP/1.1.
    /// Plain http is allowed by the connector because [`Upstream::new`] already limited it to
    /// loopback addresses. `own_host` is this server's configured `host:port`.
    pub fn new(upstream: Upstream, timeout: Duration, own_host: String) -> Self {
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
            own_host,
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

    // The body is whole in memory and its length is sent from it, so a rebased body goes out
    // with its own `Content-Length` (the upstream's is never copied).
    let rebase = Rebase::new(&proxy.upstream, &own_host(&proxy, &parts.headers));
    let body = if is_json(&head.headers) {
        rebase.json(&body).map_or(body, Bytes::from)
    } else {
        body
    };
    // An upstream that quotes the token it was sent (an error page that echoes the request)
    // must not hand it to the browser: the last guard, in the body and in every header.
    let body = proxy.upstream.redact_bytes(&body).map_or(body, Bytes::from);
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = head.status;
    let passed: &[HeaderName] = match api {
        Api::Census => &FORWARDED_RESPONSE_HEADERS,
        Api::Stitch => &STITCH_RESPONSE_HEADERS,
    };
    for name in passed {
        for value in head.headers.get_all(name) {
            let moved = (name == header::LOCATION)
                .then(|| value.to_str().ok().and_then(|url| rebase.text(url)))
                .flatten()
                .and_then(|url| HeaderValue::from_str(&url).ok());
            let value = moved.unwrap_or_else(|| value.clone());
            let value = proxy
                .upstream
                .redact_bytes(value.as_bytes())
                .and_then(|bytes| HeaderValue::from_bytes(&bytes).ok())
                .unwrap_or(value);
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// `host[:port]` as the request addressed this server: its `Host` when that is a plain
/// authority, else the configured address.
fn own_host(proxy: &Proxy, headers: &HeaderMap) -> String {
    let host = request_host(headers, &proxy.own_host);
    match host.parse::<Authority>() {
        Ok(_) if !host.contains('@') => host,
        _ => proxy.own_host.clone(),
    }
}

/// Whether the answer says it is JSON: `application/json` or a `+json` type.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(label) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
    else {
        return false;
    };
    let essence = label.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.to_ascii_lowercase().ends_with("+json")
}

/// Moves the upstream's own absolute URLs onto this server: `{upstream base}{rest}` becomes
/// `http://{host}{prefix}{rest}`, the URL the proxy forwards to exactly that upstream URL.
/// A URL matches when it starts with the base (scheme and authority in any case, the path
/// exactly) and goes on with `/`, `?`, `#` or nothing that could extend it, so
/// `https://api.stitchdata.com.evil.test` or `/api/v10` is left alone.
struct Rebase<'a> {
    /// `scheme://authority/path`, no trailing slash.
    from: &'a str,
    /// The length of `from`'s `scheme://authority`.
    origin: usize,
    /// `http://host[:port]/prefix`.
    to: String,
}

impl<'a> Rebase<'a> {
    fn new(upstream: &'a Upstream, own_host: &str) -> Self {
        let from = upstream.base();
        let authority = from.find("://").map_or(0, |at| at + 3);
        let origin = from[authority..]
            .find('/')
            .map_or(from.len(), |at| authority + at);
        Self {
            from,
            origin,
            to: format!("http://{own_host}{}", upstream.api().prefix()),
        }
    }

    /// `text` with every upstream URL in it rebased, or `None` when it holds none.
    fn text(&self, text: &str) -> Option<String> {
        // ASCII lowercasing keeps every byte offset, so matches index `text` too.
        let lower = text.to_ascii_lowercase();
        let origin = self.from[..self.origin].to_ascii_lowercase();
        let path = &self.from[self.origin..];
        let (mut out, mut copied, mut from) = (String::new(), 0, 0);
        while let Some(found) = lower[from..].find(&origin) {
            let start = from + found;
            let end = start + self.from.len();
            // The origin starts with an ASCII letter, so the next byte is a char boundary.
            from = start + 1;
            let matched = text.get(start + self.origin..end) == Some(path)
                && !text[..start].ends_with(|c: char| is_scheme_char(c))
                && !text[end..].starts_with(|c: char| extends_url(c));
            if matched {
                out.push_str(&text[copied..start]);
                out.push_str(&self.to);
                (copied, from) = (end, end);
            }
        }
        if copied == 0 {
            return None;
        }
        out.push_str(&text[copied..]);
        Some(out)
    }

    /// A JSON `body` with the upstream URLs in its strings rebased, everything else byte for
    /// byte as it came; `None` when it is not JSON or holds none. Strings are read with their
    /// escapes (`https:\/\/...`, `\u002F`) and a rebased one is written back plainly.
    fn json(&self, body: &[u8]) -> Option<Vec<u8>> {
        serde_json::from_slice::<serde::de::IgnoredAny>(body).ok()?;
        let (mut out, mut copied, mut at) = (Vec::new(), 0, 0);
        // Valid JSON has quotes only around strings, and within one only escaped.
        while at < body.len() {
            if body[at] != b'"' {
                at += 1;
                continue;
            }
            let start = at;
            at += 1;
            while at < body.len() && body[at] != b'"' {
                at += if body[at] == b'\\' { 2 } else { 1 };
            }
            at += 1;
            let token = body.get(start..at)?;
            let text: Cow<'_, str> = if token.contains(&b'\\') {
                Cow::Owned(serde_json::from_slice(token).ok()?)
            } else {
                Cow::Borrowed(std::str::from_utf8(token.get(1..token.len() - 1)?).ok()?)
            };
            if let Some(moved) = self.text(&text) {
                out.extend_from_slice(&body[copied..start]);
                out.extend(serde_json::to_vec(&moved).ok()?);
                copied = at;
            }
        }
        if copied == 0 {
            return None;
        }
        out.extend_from_slice(&body[copied..]);
        Some(out)
    }
}

/// A character of a URL scheme: before `https://`, it makes another scheme.
fn is_scheme_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')
}

/// A character that, right after the base, would make a longer host, port or path segment.
fn extends_url(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:@!$&'()*+,;=%[]".contains(c)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn census() -> Upstream {
        Upstream::new("https://app.getcensus.com/api/v1", Some("held")).expect("upstream")
    }

    fn stitch() -> Upstream {
        Upstream::stitch("https://api.stitchdata.com", Some("held")).expect("upstream")
    }

    #[test]
    fn urls_of_the_upstream_move_onto_this_server_with_the_apis_prefix() {
        let census = census();
        let rebase = Rebase::new(&census, "127.0.0.1:8787");
        for (given, moved) in [
            (
                "https://app.getcensus.com/api/v1/sources?page=2&per_page=25",
                "http://127.0.0.1:8787/api/v1/sources?page=2&per_page=25",
            ),
            (
                "HTTPS://App.GetCensus.com/api/v1/clone/9",
                "http://127.0.0.1:8787/api/v1/clone/9",
            ),
            (
                "https://app.getcensus.com/api/v1",
                "http://127.0.0.1:8787/api/v1",
            ),
            (
                "poll https://app.getcensus.com/api/v1/a and https://app.getcensus.com/api/v1#b.",
                "poll http://127.0.0.1:8787/api/v1/a and http://127.0.0.1:8787/api/v1#b.",
            ),
        ] {
            assert_eq!(rebase.text(given).as_deref(), Some(moved), "{given}");
        }
        for kept in [
            "https://app.getcensus.com/api/v10/sources",
            "https://app.getcensus.com/api/v1x",
            "https://app.getcensus.com/API/v1/sources",
            "https://app.getcensus.com/other",
            "https://app.getcensus.com.evil.test/api/v1/sources",
            "https://app.getcensus.com:8443/api/v1/sources",
            "xhttps://app.getcensus.com/api/v1/sources",
            "https://app-eu.getcensus.com/api/v1/sources",
            "/api/v1/sources",
            "été",
        ] {
            assert_eq!(rebase.text(kept), None, "{kept}");
        }

        let stitch = stitch();
        let rebase = Rebase::new(&stitch, "[::1]:9000");
        assert_eq!(
            rebase
                .text("https://api.stitchdata.com/v4/sources/5")
                .as_deref(),
            Some("http://[::1]:9000/stitch/v4/sources/5")
        );
        for kept in [
            "https://api.stitchdata.com.evil.test/v4",
            "https://api.stitchdata.com@evil.test/v4",
            "https://api.stitchdata.com:444/v4",
        ] {
            assert_eq!(rebase.text(kept), None, "{kept}");
        }
    }

    #[test]
    fn json_strings_are_rebased_in_any_escaped_form_and_nothing_else_changes() {
        let census = census();
        let rebase = Rebase::new(&census, "census.test:8787");
        let body = br#"{ "next" : "https://app.getcensus.com/api/v1/syncs?page=2",
            "data": {"status_endpoint": "https:\/\/app.getcensus.com\/api\/v1\/clone\/7",
                     "url": "https:\u002F\u002Fapp.getcensus.com\u002Fapi\u002Fv1\u002Fx",
                     "n": 1.50, "quote": "a \"https://app.getcensus.com/api/v1\" \\",
                     "https://app.getcensus.com/api/v1/k": ["https://elsewhere.test/api/v1"]}}"#;
        let moved = rebase.json(body).expect("rebased");
        let expected = br#"{ "next" : "http://census.test:8787/api/v1/syncs?page=2",
            "data": {"status_endpoint": "http://census.test:8787/api/v1/clone/7",
                     "url": "http://census.test:8787/api/v1/x",
                     "n": 1.50, "quote": "a \"http://census.test:8787/api/v1\" \\",
                     "http://census.test:8787/api/v1/k": ["https://elsewhere.test/api/v1"]}}"#;
        assert_eq!(
            String::from_utf8_lossy(&moved),
            String::from_utf8_lossy(expected)
        );

        for kept in [
            &br#"{"next": "https://elsewhere.test/api/v1/syncs", "n": 1}"#[..],
            br#"https://app.getcensus.com/api/v1/syncs"#,
            br#"{"next": "https://app.getcensus.com/api/v1/syncs""#,
            b"",
        ] {
            assert_eq!(rebase.json(kept), None, "{}", String::from_utf8_lossy(kept));
        }
    }

    #[test]
    fn only_json_answers_are_read_as_json() {
        let headers = |label: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_str(label).expect("label"),
            );
            headers
        };
        for json in [
            "application/json",
            "Application/JSON; charset=utf-8",
            "application/problem+json",
        ] {
            assert!(is_json(&headers(json)), "{json}");
        }
        for other in [
            "text/plain",
            "text/html; charset=utf-8",
            "application/jsonx",
        ] {
            assert!(!is_json(&headers(other)), "{other}");
        }
        assert!(!is_json(&HeaderMap::new()));
    }
}
