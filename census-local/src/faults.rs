//! Switchable faults for `/api/v1`: what a gateway, a rate limiter or the network can do to an
//! answer, so the client's retries, timeouts and aborts can be exercised against a real server.
//!
//! A fault is chosen per request by the [`FAULT_HEADER`], or else by the first live rule added
//! through `POST /__control/faults` whose route matches (see [`Rules`]). The grammar of a fault
//! is in [`Fault::parse`].

use std::fmt;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::Frame;
use serde::Serialize;

use crate::AppState;
use crate::attempts::{AttemptId, Dropped};
use crate::clock::{civil_from_days, now_ms};
use crate::proxy::refusal;
use crate::upstream::Api;

/// Test-control header: a fault [spec](Fault::parse) applied to this one request, ahead of any rule.
pub const FAULT_HEADER: &str = "x-census-local-fault";

/// Longest `delay:MS` accepted: an hour is beyond any client timeout worth testing.
const MAX_DELAY_MS: u64 = 3_600_000;
/// Largest `rate_limit:SECS` (or `503:SECS`) accepted: a day.
const MAX_RETRY_AFTER_SECS: u64 = 86_400;
/// Largest answer `truncated` reads back from the route before cutting it.
const MAX_TRUNCATED_SOURCE: usize = 16 * 1024 * 1024;
/// What `truncated` answers if the route's body cannot be read: valid-looking JSON, cut short.
const FALLBACK_TRUNCATED: &str = r#"{"status":"success","data":[{"id":1,"na"#;

const GATEWAY_PAGE: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
    <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n\
    </body>\r\n</html>\r\n";

/// One simulated failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// `delay:MS`: wait, then answer normally.
    Delay(u64),
    /// `rate_limit[:SECS]` (`date: false`) or `rate_limit_date[:SECS]` (`date: true`): a 429 whose
    /// `Retry-After` is SECS (default 1) as delta-seconds or as an HTTP-date that far ahead.
    /// `secs` keeps whether it was written, so the spec reads back as it was given.
    RateLimit { secs: Option<u64>, date: bool },
    /// `500`, `502`, `503`, `504` [`:SECS`]: that status with the JSON error envelope, and with
    /// SECS a `Retry-After` of that many seconds (a 503 may say how long the outage lasts).
    Status(StatusCode, Option<u64>),
    /// `html`: a gateway's 502 HTML page.
    Html,
    /// `truncated`: the route's answer cut to its first half, as a 200 with a matching `Content-Length`.
    Truncated,
    /// `wrong_content_type`: the route's answer unchanged but labelled `text/plain`.
    WrongContentType,
    /// `drop`: the connection is closed with no HTTP answer at all.
    Drop,
}

impl Fault {
    /// Parses a fault spec; `Ok(None)` is `none`, which explicitly asks for no fault (so a
    /// header can shield one request from the rules). Case and surrounding blanks are ignored.
    ///
    /// ```text
    /// SPEC := "none" | "delay:" MS | "rate_limit" [":" SECS] | "rate_limit_date" [":" SECS]
    ///       | ("500" | "502" | "503" | "504") [":" SECS]
    ///       | "html" | "truncated" | "wrong_content_type" | "drop"
    /// MS   := 0..=3600000          SECS := 0..=86400 (a rate_limit's default 1; a status
    ///                              without SECS sends no Retry-After)
    /// ```
    pub fn parse(spec: &str) -> Result<Option<Self>, String> {
        let spec = spec.trim().to_ascii_lowercase();
        let (name, argument) = match spec.split_once(':') {
            Some((name, argument)) => (name.trim(), Some(argument.trim())),
            None => (spec.as_str(), None),
        };
        let fault = match (name, argument) {
            ("none", None) => return Ok(None),
            ("delay", Some(ms)) => Self::Delay(number(ms, MAX_DELAY_MS, "delay")?),
            ("delay", None) => return Err("delay needs milliseconds, as in delay:500".into()),
            ("rate_limit" | "rate_limit_date", secs) => Self::RateLimit {
                secs: secs
                    .map(|secs| number(secs, MAX_RETRY_AFTER_SECS, name))
                    .transpose()?,
                date: name == "rate_limit_date",
            },
            ("500" | "502" | "503" | "504", secs) => Self::Status(
                match name {
                    "500" => StatusCode::INTERNAL_SERVER_ERROR,
                    "502" => StatusCode::BAD_GATEWAY,
                    "503" => StatusCode::SERVICE_UNAVAILABLE,
                    _ => StatusCode::GATEWAY_TIMEOUT,
                },
                secs.map(|secs| number(secs, MAX_RETRY_AFTER_SECS, name))
                    .transpose()?,
            ),
            ("html", None) => Self::Html,
            ("truncated", None) => Self::Truncated,
            ("wrong_content_type", None) => Self::WrongContentType,
            ("drop", None) => Self::Drop,
            (_, Some(_)) if known(name) => return Err(format!("{name} takes no argument")),
            _ => {
                return Err(format!(
                    "unknown fault {spec:?}; expected none, delay:MS, rate_limit[:SECS], \
                     rate_limit_date[:SECS], 500, 502, 503 or 504 [:SECS], html, truncated, \
                     wrong_content_type or drop"
                ));
            }
        };
        Ok(Some(fault))
    }

    /// Answers `request` with this fault; `next` is the rest of the API (auth and the route),
    /// run only by the faults that need the real answer.
    /// Refusals (`rate_limit`, a status) come in `api`'s error shape.
    async fn apply(self, api: Api, request: Request, next: Next) -> Response {
        match self {
            Self::Delay(ms) => {
                tokio::time::sleep(Duration::from_millis(ms)).await;
                next.run(request).await
            }
            Self::RateLimit { secs, date } => {
                let secs = secs.unwrap_or(1);
                let retry_after = if date {
                    http_date(retry_at(now_ms(), secs))
                } else {
                    secs.to_string()
                };
                with_retry_after(
                    refusal(
                        api,
                        StatusCode::TOO_MANY_REQUESTS,
                        "Too many requests".to_owned(),
                    ),
                    &retry_after,
                )
            }
            Self::Status(code, secs) => {
                let response = refusal(
                    api,
                    code,
                    code.canonical_reason().unwrap_or("Server error").to_owned(),
                );
                match secs {
                    Some(secs) => with_retry_after(response, &secs.to_string()),
                    None => response,
                }
            }
            Self::Html => (
                StatusCode::BAD_GATEWAY,
                [(header::CONTENT_TYPE, "text/html")],
                GATEWAY_PAGE,
            )
                .into_response(),
            Self::Truncated => truncate(next.run(request).await).await,
            Self::WrongContentType => {
                let mut response = next.run(request).await;
                response
                    .headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
                response
            }
            Self::Drop => {
                let mut response = Response::new(Body::new(Abort));
                response.extensions_mut().insert(Dropped);
                response
            }
        }
    }
}

impl fmt::Display for Fault {
    /// The spec, in the form [`Fault::parse`] reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Delay(ms) => write!(f, "delay:{ms}"),
            Self::RateLimit { secs, date } => {
                f.write_str(if *date {
                    "rate_limit_date"
                } else {
                    "rate_limit"
                })?;
                match secs {
                    Some(secs) => write!(f, ":{secs}"),
                    None => Ok(()),
                }
            }
            Self::Status(code, secs) => {
                write!(f, "{}", code.as_u16())?;
                match secs {
                    Some(secs) => write!(f, ":{secs}"),
                    None => Ok(()),
                }
            }
            Self::Html => f.write_str("html"),
            Self::Truncated => f.write_str("truncated"),
            Self::WrongContentType => f.write_str("wrong_content_type"),
            Self::Drop => f.write_str("drop"),
        }
    }
}

fn known(name: &str) -> bool {
    matches!(
        name,
        "none" | "html" | "truncated" | "wrong_content_type" | "drop"
    )
}

/// `response` with a `Retry-After` of `value`.
fn with_retry_after(mut response: Response, value: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

fn number(text: &str, max: u64, what: &str) -> Result<u64, String> {
    text.parse()
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| format!("{what} takes a whole number from 0 to {max}, got {text:?}"))
}

/// A response body that fails on its first poll. hyper then abandons the connection before
/// flushing anything, the head included (it buffers the head and writes it with the first body
/// bytes), so the client sees the connection close with no HTTP answer: a network error.
struct Abort;

impl HttpBody for Abort {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        Poll::Ready(Some(Err(io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "census-local drop fault",
        ))))
    }
}

/// The `truncated` answer: a 200 labelled JSON carrying the first half of `response`'s body.
async fn truncate(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, MAX_TRUNCATED_SOURCE).await {
        Ok(full) => full.slice(..full.len() / 2),
        Err(_) => Bytes::from_static(FALLBACK_TRUNCATED.as_bytes()),
    };
    parts.status = StatusCode::OK;
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    Response::from_parts(parts, Body::from(body))
}

/// Epoch seconds `secs` whole seconds after `now_ms`, rounded up so a client subtracting the
/// current time never waits less than `secs`.
fn retry_at(now_ms: i64, secs: u64) -> i64 {
    let now_secs = now_ms.div_euclid(1000) + i64::from(now_ms.rem_euclid(1000) != 0);
    now_secs.saturating_add(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// Epoch seconds as an IMF-fixdate (RFC 9110 §5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn http_date(epoch_secs: i64) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = epoch_secs.div_euclid(86_400);
    let in_day = epoch_secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    // 1970-01-01 was a Thursday; both lookups stay in range by construction.
    let weekday = WEEKDAYS[usize::try_from(days.rem_euclid(7)).unwrap_or(0)];
    let month = MONTHS[usize::try_from(month - 1).unwrap_or(0).min(11)];
    format!(
        "{weekday}, {day:02} {month} {year:04} {:02}:{:02}:{:02} GMT",
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60
    )
}

/// Which requests a rule applies to: `*` (any), or `METHOD PATH` where METHOD may be `*` and
/// PATH is `*` (any path) or `/`-separated segments, each literal or `*` for exactly one segment.
/// Paths are relative to `/api/v1` (a leading `/api/v1` is accepted and ignored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutePattern {
    method: Option<Method>,
    /// `None` matches any path.
    segments: Option<Vec<String>>,
}

impl RoutePattern {
    /// Parses `*`, `GET /sources`, `GET /sources/*`, `* /sources/*/refresh_tables`, `POST *`...
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text == "*" {
            return Ok(Self {
                method: None,
                segments: None,
            });
        }
        let invalid = || {
            format!(
                "route {text:?} is not \"*\" or \"METHOD /path\" (as in \"GET /sources/*\"; \
                 METHOD and path segments may be *)"
            )
        };
        let mut words = text.split_whitespace();
        let (Some(method), Some(path), None) = (words.next(), words.next(), words.next()) else {
            return Err(invalid());
        };
        let method = match method {
            "*" => None,
            method => Some(
                Method::from_bytes(method.to_ascii_uppercase().as_bytes())
                    .map_err(|_| invalid())?,
            ),
        };
        let segments = match path {
            "*" => None,
            path if path.starts_with('/') && !path.contains(['?', '#']) => {
                let path = strip_api_prefix(path);
                Some(segments(path).map(str::to_owned).collect())
            }
            _ => return Err(invalid()),
        };
        Ok(Self { method, segments })
    }

    /// Whether a request for `method` and `path` (relative to `/api/v1`) matches.
    pub fn matches(&self, method: &Method, path: &str) -> bool {
        if self.method.as_ref().is_some_and(|own| own != method) {
            return false;
        }
        let Some(pattern) = &self.segments else {
            return true;
        };
        let mut actual = segments(path);
        let all_match = pattern
            .iter()
            .all(|want| actual.next().is_some_and(|got| want == "*" || want == got));
        all_match && actual.next().is_none()
    }
}

impl fmt::Display for RoutePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.method, &self.segments) {
            (None, None) => f.write_str("*"),
            (method, segments) => {
                match method {
                    Some(method) => write!(f, "{method} ")?,
                    None => f.write_str("* ")?,
                }
                match segments {
                    Some(segments) => write!(f, "/{}", segments.join("/")),
                    None => f.write_str("*"),
                }
            }
        }
    }
}

fn strip_api_prefix(path: &str) -> &str {
    match path.strip_prefix("/api/v1") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
        _ => path,
    }
}

/// The non-empty segments of a path, so `/sources/` and `/sources` are the same route.
fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|segment| !segment.is_empty())
}

/// A fault rule as `GET /__control/faults` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct RuleView {
    pub id: u64,
    pub route: String,
    pub fault: String,
    /// How many requests the rule was added for; `null` until cleared.
    pub times: Option<u64>,
    /// How many of those are left; `null` until cleared.
    pub remaining: Option<u64>,
}

#[derive(Debug)]
struct Rule {
    id: u64,
    route: RoutePattern,
    /// `None` is the `none` spec: matching requests get no fault and later rules are skipped.
    fault: Option<Fault>,
    times: Option<u64>,
    remaining: Option<u64>,
}

/// The fault rules, in insertion order; a rule whose `times` are used up is removed.
#[derive(Debug)]
pub struct Rules {
    rules: Vec<Rule>,
    next_id: u64,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            rules: Vec::new(),
            next_id: 1,
        }
    }
}

impl Rules {
    /// Adds a rule applying `fault` to the next `times` matching requests (all, when `None`).
    pub fn add(&mut self, route: RoutePattern, fault: Option<Fault>, times: Option<u64>) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.rules.push(Rule {
            id,
            route,
            fault,
            times,
            remaining: times,
        });
        id
    }

    /// Removes every rule; ids keep counting up, so an old id never names a new rule.
    pub fn clear(&mut self) {
        self.rules.clear();
    }

    /// The live rules, in the order they are tried.
    pub fn list(&self) -> Vec<RuleView> {
        self.rules
            .iter()
            .map(|rule| RuleView {
                id: rule.id,
                route: rule.route.to_string(),
                fault: rule
                    .fault
                    .map_or_else(|| "none".to_owned(), |fault| fault.to_string()),
                times: rule.times,
                remaining: rule.remaining,
            })
            .collect()
    }

    /// The fault for a request, from the first matching rule, using up one of its `times`.
    pub fn take(&mut self, method: &Method, path: &str) -> Option<Fault> {
        let index = self
            .rules
            .iter()
            .position(|rule| rule.route.matches(method, path))?;
        let rule = &mut self.rules[index];
        let fault = rule.fault;
        if let Some(remaining) = &mut rule.remaining {
            *remaining = remaining.saturating_sub(1);
            if *remaining == 0 {
                self.rules.remove(index);
            }
        }
        fault
    }
}

/// The `/api/v1` fault middleware. A valid [`FAULT_HEADER`] decides alone (an unreadable one is
/// ignored, as before rules existed); otherwise the rules are consulted. The applied fault is
/// written into the request's attempt record before it takes effect, so it is logged even if
/// the client hangs up during a delay.
pub async fn fault(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let rules = state.control;
    // The local Stitch routes keep their full paths; the local Census is nested at /api/v1.
    let path = request.uri().path();
    let api = if path.starts_with("/stitch/") {
        Api::Stitch
    } else {
        Api::Census
    };
    inject(&state, rules, api, request, next).await
}

/// The same for a proxied API: only the [`FAULT_HEADER`] picks a fault. Rules belong to the
/// local stand-ins they are written for, so a rule naming `/stitch/...` never touches requests
/// forwarded to a real Stitch, even while `/__control` is on for the local Census.
pub async fn header_fault(
    State((state, api)): State<(Arc<AppState>, Api)>,
    request: Request,
    next: Next,
) -> Response {
    inject(&state, false, api, request, next).await
}

/// Applies the header's fault, or else (with `rules`) the first live rule's, answering in
/// `api`'s error shape.
async fn inject(state: &AppState, rules: bool, api: Api, request: Request, next: Next) -> Response {
    let from_header = request
        .headers()
        .get(FAULT_HEADER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| Fault::parse(value).ok());
    let fault = match from_header {
        Some(choice) => choice,
        None if rules => state.rules().take(request.method(), request.uri().path()),
        None => None,
    };
    let Some(fault) = fault else {
        return next.run(request).await;
    };
    if let Some(AttemptId(id)) = request.extensions().get::<AttemptId>() {
        state.attempts().set_fault(*id, fault.to_string());
    }
    fault.apply(api, request, next).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_parse_and_read_back() {
        for spec in [
            "delay:250",
            "rate_limit",
            "rate_limit:7",
            "rate_limit_date",
            "rate_limit_date:0",
            "500",
            "502",
            "503",
            "503:30",
            "504",
            "500:0",
            "html",
            "truncated",
            "wrong_content_type",
            "drop",
        ] {
            let fault = Fault::parse(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
            assert_eq!(fault.map(|f| f.to_string()).as_deref(), Some(spec));
        }
        assert_eq!(Fault::parse(" NONE "), Ok(None));
        assert_eq!(
            Fault::parse(" Delay : 10 "),
            Ok(Some(Fault::Delay(10))),
            "case and blanks are ignored"
        );
        for bad in [
            "",
            "delay",
            "delay:",
            "delay:-1",
            "delay:3600001",
            "rate_limit:x",
            "rate_limit:86401",
            "404",
            "503:x",
            "502:86401",
            "html:1",
            "drop:now",
            "none:1",
            "503;times=2",
            "something-else",
        ] {
            assert!(Fault::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn http_dates_are_imf_fixdates() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(http_date(1_445_412_480), "Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(http_date(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT");
        assert_eq!(http_date(1_767_225_599), "Wed, 31 Dec 2025 23:59:59 GMT");
    }

    #[test]
    fn retry_dates_never_come_early() {
        assert_eq!(retry_at(10_000, 5), 15);
        assert_eq!(retry_at(10_001, 5), 16);
        assert_eq!(retry_at(10_999, 0), 11);
    }

    #[test]
    fn route_patterns_match_segment_by_segment() {
        let get = Method::GET;
        let post = Method::POST;
        let pattern = |text: &str| RoutePattern::parse(text).unwrap_or_else(|e| panic!("{e}"));

        assert!(pattern("*").matches(&post, "/sources/1/refresh_tables"));
        let list = pattern("get /sources");
        assert!(list.matches(&get, "/sources") && list.matches(&get, "/sources/"));
        assert!(!list.matches(&post, "/sources") && !list.matches(&get, "/sources/1"));
        let one = pattern("GET /api/v1/sources/*");
        assert!(one.matches(&get, "/sources/12"));
        assert!(!one.matches(&get, "/sources") && !one.matches(&get, "/sources/12/x"));
        let status = pattern("* /sources/*/refresh_tables_status");
        assert!(status.matches(&get, "/sources/3/refresh_tables_status"));
        assert!(status.matches(&post, "/sources/3/refresh_tables_status"));
        assert!(pattern("POST *").matches(&post, "/anything/at/all"));
        assert!(!pattern("POST *").matches(&get, "/sources"));

        assert_eq!(one.to_string(), "GET /sources/*");
        assert_eq!(pattern(" * ").to_string(), "*");
        assert_eq!(
            pattern("* *").to_string(),
            "*",
            "any method, any path is \"*\""
        );
        assert_eq!(pattern("* /sources/").to_string(), "* /sources");
        for bad in [
            "",
            "GET",
            "GET sources",
            "GET /sources?page=2",
            "GET /a /b",
            "G(T /a",
        ] {
            assert!(
                RoutePattern::parse(bad).is_err(),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn rules_apply_in_order_and_expire() {
        let mut rules = Rules::default();
        let route = |text: &str| RoutePattern::parse(text).unwrap_or_else(|e| panic!("{e}"));
        let first = rules.add(route("GET /sources"), Some(Fault::Html), Some(2));
        let second = rules.add(route("*"), Some(Fault::Drop), None);
        assert!(second > first);
        let get = Method::GET;
        assert_eq!(rules.take(&get, "/sources"), Some(Fault::Html));
        assert_eq!(rules.list()[0].remaining, Some(1));
        assert_eq!(rules.take(&get, "/sources"), Some(Fault::Html));
        assert_eq!(rules.list().len(), 1, "the used-up rule is gone");
        assert_eq!(rules.take(&get, "/sources"), Some(Fault::Drop));
        assert_eq!(rules.take(&get, "/sources"), Some(Fault::Drop));
        rules.clear();
        assert_eq!(rules.take(&get, "/sources"), None);
        assert!(rules.add(route("*"), None, Some(1)) > second);
    }
}
