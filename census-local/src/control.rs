//! The test-control endpoints under `/__control/`: they add and list the fault rules
//! (`faults.rs`) and mutation rules (`mutations.rs`), read the attempt log (`attempts.rs`), and
//! reset the store.
//!
//! CORS-enabled and without the API's tokens, so a test page on another port of this machine
//! (a dev server, wasm-bindgen's test runner) can switch faults and count what reached the
//! server. [`guard`] decides who may call them: pages on a loopback origin or `--host`, and
//! callers without an `Origin` (curl, Node, a test runner's own process) that address the
//! server by a name no rebinding page can use. Another site's page open in the same browser,
//! and a DNS-rebinding page (a name of its own resolving to 127.0.0.1), get a 403, so they
//! cannot reset the data, inject faults or read the attempt log. `--control-token` replaces that rule with a token
//! every caller presents; `--no-control` removes the endpoints (and stops the logging).
//!
//! | call | does | answers |
//! |---|---|---|
//! | `POST /__control/faults` `{"route", "fault", "times"?}` | adds a rule | `201 {"id": N}` |
//! | `GET /__control/faults` | lists live rules | `{"rules": [{id, route, fault, times, remaining}]}` |
//! | `DELETE /__control/faults` | removes every rule | `204` |
//! | `GET /__control/attempts` | the `/api/v1` requests since the last reset | `{"attempts": [...], "counts": {...}}` |
//! | `DELETE /__control/attempts` | empties the log | `204` |
//! | `POST /__control/mutations` `{"route", "query"?, "create"?, "delete"?, "delete_oldest"?, "delete_ids"?, "times"?}` | adds a mutation rule | `201 {"id": N}` |
//! | `GET /__control/mutations` | lists live mutation rules | `{"rules": [{id, route, query, create, delete, delete_oldest, delete_ids, times, remaining}]}` |
//! | `DELETE /__control/mutations` | removes every mutation rule | `204` |
//! | `GET /__control/sources` | every source id, oldest first | `{"ids": [...]}` |
//! | `POST /__control/webhooks/{id}/deliveries` `{"event"?, "sync_id"?}` | a signed test delivery of webhook `id` (an event it subscribes to, its first by default) | `200 {webhook_id, event, endpoint, body, signature, secret, headers}`: `signature` is the `X-Signature` Census sends, base64(HMAC-SHA256(body, secret)) |
//! | `GET /__control/stitch/jobs` | the local Stitch's "jobs" rate-limit count (extractions and loads, 30 per rolling 10 minutes) | `{count, window_started_at, limit, window_seconds, total, refused}`: `count` in the window, `window_started_at` the oldest counted (or null), `total` counted and `refused` (429s) since reset |
//! | `DELETE /__control/stitch/jobs` | empties that count | `204` |
//! | (with `--stitch-upstream`) `/__control/stitch/jobs` | nothing: the local Stitch is not used | `404` |
//! | `POST /__control/reset` | fault and mutation rules, log, and the seeded data (sources with their tables and models, destinations, syncs and their runs, segments, datasets, topics, links, webhooks, the organisation, every job, id counters, and the local Stitch account with its Import API access tokens and jobs count) set back to the start | `204` |

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::faults::{Fault, RoutePattern, RuleView};
use crate::http::{ApiError, CorsPolicy, constant_time_eq, cors, json, request_host, wrong_method};
use crate::mutations::{self, NewMutation};
use crate::seeding;
use crate::stitch_store;
use crate::upstream::{host_name, is_loopback_host};
use crate::webhooks;

/// The header that carries `--control-token`.
pub const CONTROL_TOKEN_HEADER: &str = "x-census-local-control-token";

/// CORS for the control endpoints: their own methods, and `content-type` for the JSON bodies.
const CONTROL_CORS: CorsPolicy = CorsPolicy {
    allow_methods: "GET, POST, DELETE, OPTIONS",
    allow_headers: "content-type",
    expose_headers: None,
};

/// [`CONTROL_CORS`] with `--control-token`: a page may then send the token's header.
const CONTROL_CORS_WITH_TOKEN: CorsPolicy = CorsPolicy {
    allow_headers: "content-type, x-census-local-control-token",
    ..CONTROL_CORS
};

/// The `/__control` service, to be nested at that path.
pub fn router(state: Arc<AppState>) -> Router {
    let cors_policy = if state.control_token.is_some() {
        CONTROL_CORS_WITH_TOKEN
    } else {
        CONTROL_CORS
    };
    // With `--stitch-upstream` the local Stitch, and so its jobs count, is not used.
    let stitch_jobs = if state.stitch_proxying {
        any(|| async {
            ApiError::not_found(
                "The local Stitch is not used with --stitch-upstream: /stitch is forwarded to \
                 the upstream Stitch, which keeps its own jobs count",
            )
        })
    } else {
        get(stitch_jobs).delete(clear_stitch_jobs)
    };
    Router::new()
        .route(
            "/faults",
            get(list_rules).post(add_rule).delete(clear_rules),
        )
        .route(
            "/mutations",
            get(list_mutations)
                .post(add_mutation)
                .delete(clear_mutations),
        )
        .route("/sources", get(list_sources))
        .route("/attempts", get(list_attempts).delete(clear_attempts))
        .route("/webhooks/{id}/deliveries", post(deliver))
        .route("/stitch/jobs", stitch_jobs)
        .route("/reset", post(reset))
        .fallback(no_route)
        .method_not_allowed_fallback(wrong_method)
        .layer(from_fn_with_state(state.clone(), guard))
        .layer(from_fn(no_store))
        .layer(from_fn_with_state(cors_policy, cors))
        .with_state(state)
}

/// Lets through the control requests [`refusal`] accepts; the rest get a 403 saying why. It runs
/// inside CORS, so preflights are answered and a refused page can read the reason.
async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    match refusal(&state, request.headers()) {
        None => next.run(request).await,
        Some(message) => ApiError::new(StatusCode::FORBIDDEN, message).into_response(),
    }
}

/// Why a control request is refused, or `None` when it may go on.
///
/// With `--control-token`: unless it carries that token in [`CONTROL_TOKEN_HEADER`].
///
/// Without: a request with an `Origin` (every cross-origin fetch, every `POST` from a page) is
/// let through when that origin's host is this machine ([`is_own_name`]), whatever its port or
/// the `Host` it addressed: the test page on another port. A `null` or any other origin is
/// refused: another site's page, or a DNS-rebinding page, whose origin is its own name. A
/// request marked `Sec-Fetch-Site: cross-site` (another site's `<img>`) is refused too. Any
/// other request (curl, Node, a page's own same-origin `GET`, which carries no `Origin`, and
/// on a plain-http origin no `Sec-Fetch-Site` either) must have addressed the server by a name
/// no rebinding page can use ([`is_addressable`]).
fn refusal(state: &AppState, headers: &HeaderMap) -> Option<String> {
    if let Some(token) = &state.control_token {
        let presented = headers.get(CONTROL_TOKEN_HEADER).map(HeaderValue::as_bytes);
        return match presented {
            Some(presented) if constant_time_eq(presented, token.as_bytes()) => None,
            Some(_) => Some(format!(
                "The {CONTROL_TOKEN_HEADER} header does not hold this server's --control-token"
            )),
            None => Some(format!(
                "The test-control endpoints need the {CONTROL_TOKEN_HEADER} header with this \
                 server's --control-token"
            )),
        };
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let text = origin.to_str().unwrap_or("?");
        return (!origin_host(text).is_some_and(|name| is_own_name(state, name))).then(|| {
            format!(
                "The test-control endpoints refuse requests from a page on {text}: only pages on \
                 localhost, a loopback address or --host may use them (or give the server a \
                 --control-token and send it in {CONTROL_TOKEN_HEADER})"
            )
        });
    }
    if let Some(site) = headers.get("sec-fetch-site") {
        let site = site.to_str().unwrap_or("?").trim().to_ascii_lowercase();
        if !matches!(site.as_str(), "same-origin" | "same-site" | "none") {
            return Some(format!(
                "The test-control endpoints refuse requests another site's page makes \
                 (Sec-Fetch-Site: {site})"
            ));
        }
    }
    let addressed = request_host(headers, &state.fallback_host);
    (!is_addressable(state, host_name(&addressed))).then(|| {
        format!(
            "The test-control endpoints refuse requests addressed to {addressed}: address this \
             server as localhost, by an IP address or as --host (a page on a name of its own \
             that resolves here could otherwise use them), or give it a --control-token and \
             send it in {CONTROL_TOKEN_HEADER}"
        )
    })
}

/// Whether a page on a host called `name` is on this machine: loopback, a `*.localhost` name
/// (which browsers resolve to loopback themselves, never through DNS) or `--host`.
fn is_own_name(state: &AppState, name: &str) -> bool {
    let name = bare(name);
    !name.is_empty()
        && (is_loopback_host(&name) || name.ends_with(".localhost") || name == bare(&state.host))
}

/// Whether a request addressed to `name` (its `Host`) cannot come from a DNS-rebinding page:
/// one of [`is_own_name`], or an IP address (rebinding needs a name), or any name when
/// `--host` is the unspecified address (`0.0.0.0`, `::`), since the server was then offered to
/// every name the network gives it (a container's service name); `--control-token` is the
/// guard there.
fn is_addressable(state: &AppState, name: &str) -> bool {
    let unspecified = bare(&state.host)
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_unspecified());
    unspecified || is_own_name(state, name) || bare(name).parse::<std::net::IpAddr>().is_ok()
}

/// A host name compared: lowercase, without IPv6 brackets or a final dot.
fn bare(name: &str) -> String {
    name.trim()
        .trim_end_matches('.')
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase()
}

/// The host of an `Origin` value (`http://name:port`), or `None` for `null` and anything that
/// is not an http(s) origin.
fn origin_host(origin: &str) -> Option<&str> {
    let rest = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))?;
    (!rest.contains(['/', '@', '?', '#'])).then(|| host_name(rest))
}

/// What `/__control` is under `--no-control` or in upstream mode: a 404 with `message` for
/// every path and method, without CORS headers, so no page can read or change anything there.
pub fn disabled(message: &'static str) -> Router {
    Router::new().fallback(move || async move { ApiError::not_found(message) })
}

/// The body of `POST /__control/faults`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewRule {
    route: String,
    fault: String,
    #[serde(default)]
    times: Option<u64>,
}

#[derive(Serialize)]
struct RuleId {
    id: u64,
}

#[derive(Serialize)]
struct RuleList {
    rules: Vec<RuleView>,
}

#[derive(Serialize)]
struct MutationList {
    rules: Vec<mutations::RuleView>,
}

#[derive(Serialize)]
struct SourceIds {
    ids: Vec<u64>,
}

/// `POST /__control/faults`. The body is read as JSON whatever its `Content-Type`, so a page
/// may send it as `text/plain` and skip the preflight.
async fn add_rule(
    State(state): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let bytes =
        body.map_err(|rejection| ApiError::new(rejection.status(), rejection.body_text()))?;
    // Read as a `Value` first: serde would also take an array for the struct, by position.
    let rule: NewRule = match serde_json::from_slice(&bytes) {
        Ok(value @ serde_json::Value::Object(_)) => serde_json::from_value(value),
        Ok(_) => Err(serde::de::Error::custom("the body is not a JSON object")),
        Err(e) => Err(e),
    }
    .map_err(|e| {
        ApiError::bad_request(format!(
            "Request body must be JSON {{\"route\": \"GET /sources\", \"fault\": \"503\", \
             \"times\": 2}} (times optional; null means until cleared): {e}"
        ))
    })?;
    let route = RoutePattern::parse(&rule.route).map_err(ApiError::bad_request)?;
    let fault = Fault::parse(&rule.fault).map_err(ApiError::bad_request)?;
    if rule.times == Some(0) {
        return Err(ApiError::bad_request(
            "times must be a positive integer, or null for until cleared",
        ));
    }
    let id = state.rules().add(route, fault, rule.times);
    Ok(json(StatusCode::CREATED, &RuleId { id }))
}

/// `GET /__control/faults`.
async fn list_rules(State(state): State<Arc<AppState>>) -> Response {
    let rules = state.rules().list();
    json(StatusCode::OK, &RuleList { rules })
}

/// `DELETE /__control/faults`.
async fn clear_rules(State(state): State<Arc<AppState>>) -> StatusCode {
    state.rules().clear();
    StatusCode::NO_CONTENT
}

/// `POST /__control/mutations`, read as JSON whatever its `Content-Type` as
/// `POST /__control/faults` is; the rules are described in [`crate::mutations`].
async fn add_mutation(
    State(state): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let bytes =
        body.map_err(|rejection| ApiError::new(rejection.status(), rejection.body_text()))?;
    let body: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::bad_request(format!(
            "Request body must be JSON {{\"route\": \"GET /sources\", \"create\": 1}}: {e}"
        ))
    })?;
    let rule = NewMutation::parse(&body).map_err(ApiError::bad_request)?;
    let id = state.mutations().add(rule);
    Ok(json(StatusCode::CREATED, &RuleId { id }))
}

/// `GET /__control/mutations`.
async fn list_mutations(State(state): State<Arc<AppState>>) -> Response {
    let rules = state.mutations().list();
    json(StatusCode::OK, &MutationList { rules })
}

/// `DELETE /__control/mutations`.
async fn clear_mutations(State(state): State<Arc<AppState>>) -> StatusCode {
    state.mutations().clear();
    StatusCode::NO_CONTENT
}

/// `GET /__control/sources`: every source id in creation order, oldest first.
async fn list_sources(State(state): State<Arc<AppState>>) -> Response {
    let ids = state.store().ids_oldest_first();
    json(StatusCode::OK, &SourceIds { ids })
}

/// `GET /__control/attempts`.
async fn list_attempts(State(state): State<Arc<AppState>>) -> Response {
    json(StatusCode::OK, &*state.attempts())
}

/// `DELETE /__control/attempts`.
async fn clear_attempts(State(state): State<Arc<AppState>>) -> StatusCode {
    state.attempts().clear();
    StatusCode::NO_CONTENT
}

fn stitch_lock(state: &AppState) -> std::sync::MutexGuard<'_, stitch_store::Stitch> {
    state
        .stitch
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `GET /__control/stitch/jobs`: the Stitch "jobs" rate-limit count
/// (`{count, window_started_at, limit, window_seconds, total, refused}`).
async fn stitch_jobs(State(state): State<Arc<AppState>>) -> Response {
    let view = stitch_lock(&state).jobs.view(tokio::time::Instant::now());
    json(StatusCode::OK, &view)
}

/// `DELETE /__control/stitch/jobs`: empties the Stitch "jobs" count.
async fn clear_stitch_jobs(State(state): State<Arc<AppState>>) -> StatusCode {
    stitch_lock(&state).jobs = stitch_store::JobsLimit::default();
    StatusCode::NO_CONTENT
}

/// `POST /__control/webhooks/{id}/deliveries` with an optional `{"event", "sync_id"}`: what
/// Census would post to the webhook now, signed ([`webhooks::delivery`]). Read as JSON whatever
/// its `Content-Type`; an empty body takes the defaults.
async fn deliver(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let bytes =
        body.map_err(|rejection| ApiError::new(rejection.status(), rejection.body_text()))?;
    let options: serde_json::Value = if bytes.iter().all(u8::is_ascii_whitespace) {
        serde_json::Value::Null
    } else {
        serde_json::from_slice(&bytes).map_err(|e| {
            ApiError::bad_request(format!(
                "Request body must be JSON {{\"event\": \"sync.failed\", \"sync_id\": 52}} \
                 (both optional): {e}"
            ))
        })?
    };
    // Checked as `POST /__control/faults` checks its body: a misspelt or mistyped option must
    // not quietly give a delivery of another event or of no sync.
    let none = serde_json::Map::new();
    let options = match &options {
        serde_json::Value::Null => &none,
        serde_json::Value::Object(options) => options,
        _ => {
            return Err(ApiError::bad_request(
                "Request body must be a JSON object {\"event\": \"sync.failed\", \"sync_id\": 52} \
                 (both optional)",
            ));
        }
    };
    if let Some(unknown) = options
        .keys()
        .find(|key| !matches!(key.as_str(), "event" | "sync_id"))
    {
        return Err(ApiError::bad_request(format!(
            "unknown field {unknown:?}; expected event, sync_id"
        )));
    }
    let event = match options.get("event") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(event)) => Some(event.as_str()),
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "event must be a string such as \"sync.failed\", got {other}"
            )));
        }
    };
    let sync_id = match options.get("sync_id") {
        None | Some(serde_json::Value::Null) => None,
        Some(value) => Some(value.as_u64().ok_or_else(|| {
            ApiError::bad_request(format!(
                "sync_id must be a sync id (a whole number), got {value}"
            ))
        })?),
    };
    let id = id
        .ok()
        .and_then(|Path(raw)| raw.parse::<u64>().ok())
        .ok_or_else(|| ApiError::not_found("No webhook has this id"))?;
    let delivery = webhooks::delivery(&state.store(), id, event, sync_id).map_err(|message| {
        if message.starts_with("no webhook") {
            ApiError::not_found(message)
        } else {
            ApiError::bad_request(message)
        }
    })?;
    Ok(json(StatusCode::OK, &delivery))
}

/// `POST /__control/reset`: the server as it started (same seed), without restarting it.
async fn reset(State(state): State<Arc<AppState>>) -> StatusCode {
    let fresh = seeding::workspace(state.seed, state.http_source);
    *state.store() = fresh;
    state.rules().clear();
    state.mutations().clear();
    state.attempts().clear();
    if !state.stitch_proxying {
        *stitch_lock(&state) = stitch_store::seed(state.stitch_sources);
    }
    StatusCode::NO_CONTENT
}

async fn no_route(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("No route for {method} /__control{}", uri.path()))
}

/// Control answers change with every call; no cache may keep one.
async fn no_store(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
