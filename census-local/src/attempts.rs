//! The attempt log: the `/api/v1` requests since the last reset, each with the status answered
//! and the fault or mutation applied to it, as `GET /__control/attempts` shows them.
//!
//! [`record`] fills it. The fault and mutation middlewares find their request's entry through
//! the [`AttemptId`] extension and write into it what they did; the types they write with
//! ([`Dropped`], [`Applied`]) are defined here, so the log depends on neither of them.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;

use crate::AppState;

/// Attempts kept in the log at most; the oldest are forgotten first. `counts` still counts them.
const MAX_ATTEMPTS: usize = 10_000;

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
/// `METHOD /path` received; serialized as `GET /__control/attempts` answers,
/// `{"attempts": [...], "counts": {...}}`.
#[derive(Debug, Default, Serialize)]
pub struct Attempts {
    #[serde(rename = "attempts")]
    log: VecDeque<Attempt>,
    counts: BTreeMap<String, u64>,
    #[serde(skip)]
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

/// Marks a response that gets no HTTP answer at all (the `drop` fault cuts the connection):
/// [`record`] logs no status for it.
#[derive(Debug, Clone, Copy)]
pub struct Dropped;

/// What a mutation rule did for one request, as its attempt shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Applied {
    /// The rule's id.
    pub rule: u64,
    /// The ids created, oldest first.
    pub created: Vec<u64>,
    /// The ids deleted, in the order they were deleted.
    pub deleted: Vec<u64>,
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
