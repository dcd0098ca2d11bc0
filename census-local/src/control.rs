//! The test-control endpoints under `/__control/` and the attempt log they read.
//!
//! Unauthenticated and CORS-enabled, so a browser test page on any origin can switch faults
//! and count what reached the server; `--no-control` removes them (and stops the logging).
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
//! | `POST /__control/reset` | fault and mutation rules, log, and the seeded data (sources with their tables and models, id counters) set back to the start | `204` |

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode, Uri};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::Response;
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::faults::{Dropped, Fault, RoutePattern, RuleView};
use crate::http::{ApiError, CorsPolicy, cors, json, wrong_method};
use crate::mutations::{self, Applied, NewMutation};
use crate::store::Store;

/// Attempts kept in the log at most; the oldest are forgotten first. `counts` still counts them.
const MAX_ATTEMPTS: usize = 10_000;

/// CORS for the control endpoints: their own methods, and `content-type` for the JSON bodies.
const CONTROL_CORS: CorsPolicy = CorsPolicy {
    allow_methods: "GET, POST, DELETE, OPTIONS",
    allow_headers: "content-type",
    expose_headers: None,
};

/// Names a request's entry in the attempt log; set as a request extension by [`record`].
#[derive(Debug, Clone, Copy)]
pub struct AttemptId(pub u64);

/// One `/api/v1` request as the log shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    #[serde(skip)]
    id: u64,
    method: String,
    /// The concrete path below `/api/v1`, without the query.
    path: String,
    /// The raw query string, when the request had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    query: Option<String>,
    /// The status answered; `null` while the request is in flight, after a `drop` fault,
    /// or when the client went away before the answer (an abort or a timeout).
    status: Option<u16>,
    /// The fault applied, as its spec (`"503"`, `"delay:200"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    fault: Option<String>,
    /// What a mutation rule changed right before the request was handled.
    #[serde(skip_serializing_if = "Option::is_none")]
    mutation: Option<Applied>,
}

/// Every `/api/v1` request since the last reset, oldest first, and how many each
/// `METHOD /path` received.
#[derive(Debug, Default)]
pub struct Attempts {
    log: VecDeque<Attempt>,
    counts: BTreeMap<String, u64>,
    next_id: u64,
}

impl Attempts {
    /// Logs a request as it arrives and returns its id.
    pub fn begin(&mut self, method: &Method, path: &str, query: Option<&str>) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        *self.counts.entry(format!("{method} {path}")).or_default() += 1;
        self.log.push_back(Attempt {
            id,
            method: method.to_string(),
            path: path.to_owned(),
            query: query.map(str::to_owned),
            status: None,
            fault: None,
            mutation: None,
        });
        while self.log.len() > MAX_ATTEMPTS {
            self.log.pop_front();
        }
        id
    }

    /// Records the fault applied to attempt `id` (ignored if the log was reset since).
    pub fn set_fault(&mut self, id: u64, fault: String) {
        if let Some(attempt) = self.get_mut(id) {
            attempt.fault = Some(fault);
        }
    }

    /// Records the mutation applied for attempt `id` (ignored if the log was reset since).
    pub fn set_mutation(&mut self, id: u64, mutation: Applied) {
        if let Some(attempt) = self.get_mut(id) {
            attempt.mutation = Some(mutation);
        }
    }

    /// Records the status answered to attempt `id`; `None` when no HTTP answer is sent.
    fn finish(&mut self, id: u64, status: Option<u16>) {
        if let Some(attempt) = self.get_mut(id) {
            attempt.status = status;
        }
    }

    /// Empties the log and the counts. Ids keep counting, so a request still in flight cannot
    /// write into a newer entry.
    pub fn clear(&mut self) {
        self.log.clear();
        self.counts.clear();
    }

    /// Ids are consecutive in the log, so an entry is found by its offset from the oldest.
    fn get_mut(&mut self, id: u64) -> Option<&mut Attempt> {
        let first = self.log.front()?.id;
        let index = usize::try_from(id.checked_sub(first)?).ok()?;
        self.log.get_mut(index).filter(|attempt| attempt.id == id)
    }
}

/// Logs each `/api/v1` request (preflights are answered by CORS before reaching it) and, once
/// answered, its status. Runs only when the control endpoints are on.
pub async fn record(
    State(state): State<Arc<AppState>>,
    mut request: Request,
    next: Next,
) -> Response {
    if !state.control {
        return next.run(request).await;
    }
    let id = state.attempts().begin(
        request.method(),
        request.uri().path(),
        request.uri().query(),
    );
    request.extensions_mut().insert(AttemptId(id));
    let response = next.run(request).await;
    let status = if response.extensions().get::<Dropped>().is_some() {
        None
    } else {
        Some(response.status().as_u16())
    };
    state.attempts().finish(id, status);
    response
}

/// The `/__control` service, to be nested at that path.
pub fn router(state: Arc<AppState>) -> Router {
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
        .route("/reset", post(reset))
        .fallback(no_route)
        .method_not_allowed_fallback(wrong_method)
        .layer(from_fn(no_store))
        .layer(from_fn_with_state(CONTROL_CORS, cors))
        .with_state(state)
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

#[derive(Serialize)]
struct AttemptLog<'a> {
    attempts: &'a VecDeque<Attempt>,
    counts: &'a BTreeMap<String, u64>,
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
    let attempts = state.attempts();
    json(
        StatusCode::OK,
        &AttemptLog {
            attempts: &attempts.log,
            counts: &attempts.counts,
        },
    )
}

/// `DELETE /__control/attempts`.
async fn clear_attempts(State(state): State<Arc<AppState>>) -> StatusCode {
    state.attempts().clear();
    StatusCode::NO_CONTENT
}

/// `POST /__control/reset`: the server as it started (same seed), without restarting it.
async fn reset(State(state): State<Arc<AppState>>) -> StatusCode {
    let fresh = Store::seeded(state.seed);
    *state.store() = fresh;
    state.rules().clear();
    state.mutations().clear();
    state.attempts().clear();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_finds_entries_by_id_and_survives_trimming_and_clearing() {
        let mut log = Attempts::default();
        let first = log.begin(&Method::GET, "/sources", Some("page=2"));
        let second = log.begin(&Method::GET, "/sources", None);
        log.set_fault(second, "503".into());
        log.finish(second, Some(503));
        log.finish(first, Some(200));
        assert_eq!(log.counts.get("GET /sources"), Some(&2));
        assert_eq!(log.log[0].status, Some(200));
        assert_eq!(log.log[1].fault.as_deref(), Some("503"));

        for _ in 0..MAX_ATTEMPTS {
            log.begin(&Method::POST, "/sources", None);
        }
        assert_eq!(log.log.len(), MAX_ATTEMPTS);
        assert_eq!(
            log.counts.get("POST /sources"),
            Some(&(MAX_ATTEMPTS as u64))
        );
        log.finish(first, Some(500)); // trimmed away: ignored
        assert!(log.log.iter().all(|attempt| attempt.status.is_none()));

        log.clear();
        let late = second;
        log.finish(late, Some(200)); // from before the clear: ignored
        let fresh = log.begin(&Method::DELETE, "/sources/1", None);
        assert!(fresh > second);
        log.finish(fresh, None);
        assert_eq!(log.log.len(), 1);
        assert_eq!(log.log[0].status, None);
    }
}
