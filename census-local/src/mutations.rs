//! Mutation rules: sources created or deleted right before a matching `/api/v1` request is
//! handled, so a test can check how a paginating client copes with a listing that changes
//! while it runs.
//!
//! A rule is added through `POST /__control/mutations` (see [`NewMutation::parse`]). The first
//! live rule whose route (the fault-rule syntax, [`RoutePattern`]) and query match an
//! authorized request is applied to the store and recorded in that request's attempt, before
//! any fault is applied; it uses up one of its `times`.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::AppState;
use crate::api::{param, parse_query};
use crate::attempts::{Applied, AttemptId};
use crate::faults::RoutePattern;
use crate::http::authorized;
use crate::store::Store;

/// Most sources one application of a rule creates; a larger workspace is made with `--seed`.
pub const MAX_CREATE: u64 = 10_000;

/// The members a `POST /__control/mutations` body may have.
const FIELDS: &[&str] = &[
    "route",
    "query",
    "create",
    "delete",
    "delete_oldest",
    "delete_ids",
    "times",
];

/// The body `POST /__control/mutations` expects, for error messages.
const SHAPE: &str = "{\"route\": \"GET /sources\", \"query\": {\"page\": \"2\"}, \"create\": N, \
    \"delete\": N, \"delete_oldest\": N, \"delete_ids\": [ID], \"times\": N} (route and at least \
    one change required; times defaults to 1, null means every match)";

/// What one application of a rule does to the store.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    /// New sources to create, newest of all.
    pub create: u64,
    /// How many of the newest sources to delete.
    pub delete_newest: u64,
    /// How many of the oldest sources to delete.
    pub delete_oldest: u64,
    /// Sources to delete by id; ids that do not exist then are skipped.
    pub delete_ids: Vec<u64>,
}

impl Changes {
    /// Applies the changes: first `delete_ids`, then the newest and the oldest of what remains
    /// (a source is deleted once even when both counts reach it), then the creations, so new
    /// sources are never among the deleted. Returns the ids created and the ids deleted.
    pub fn apply(&self, store: &mut Store) -> (Vec<u64>, Vec<u64>) {
        let mut deleted: Vec<u64> = self
            .delete_ids
            .iter()
            .copied()
            .filter(|id| store.sources.remove(id).is_some())
            .collect();
        let order = store.ids_oldest_first();
        let newest = order.len().min(clamp(self.delete_newest));
        let (rest, newest) = order.split_at(order.len() - newest);
        let oldest = &rest[..rest.len().min(clamp(self.delete_oldest))];
        for id in newest.iter().rev().chain(oldest) {
            store.sources.remove(id);
            deleted.push(*id);
        }
        let created = store.create_generated(clamp(self.create));
        (created, deleted)
    }

    fn is_empty(&self) -> bool {
        self.create == 0
            && self.delete_newest == 0
            && self.delete_oldest == 0
            && self.delete_ids.is_empty()
    }
}

fn clamp(count: u64) -> usize {
    usize::try_from(count).unwrap_or(usize::MAX)
}

/// A validated `POST /__control/mutations` body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMutation {
    pub route: RoutePattern,
    /// Query parameters the request must carry with exactly these (decoded) values.
    pub query: BTreeMap<String, String>,
    pub changes: Changes,
    /// `None`: every matching request.
    pub times: Option<u64>,
}

impl NewMutation {
    /// Reads a rule from a JSON body, naming the first problem found.
    pub fn parse(body: &Value) -> Result<Self, String> {
        let Value::Object(body) = body else {
            return Err(format!("The body must be a JSON object {SHAPE}"));
        };
        if let Some(unknown) = body.keys().find(|key| !FIELDS.contains(&key.as_str())) {
            return Err(format!(
                "unknown field {unknown:?}; expected {}",
                FIELDS.join(", ")
            ));
        }
        let route = match body.get("route") {
            Some(Value::String(route)) => RoutePattern::parse(route)?,
            Some(_) => return Err("route must be a string, as in \"GET /sources\"".into()),
            None => return Err(format!("route is required: {SHAPE}")),
        };
        let query = match body.get("query") {
            None | Some(Value::Null) => BTreeMap::new(),
            Some(Value::Object(query)) => query
                .iter()
                .map(|(key, value)| match value {
                    Value::String(text) if !key.is_empty() && !text.is_empty() => {
                        Ok((key.clone(), text.clone()))
                    }
                    _ => Err(format!(
                        "query.{key} must be a non-empty string (write \"3\", not 3), \
                         under a non-empty name"
                    )),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => {
                return Err(
                    "query must be an object of parameter names to strings, as in {\"page\": \"2\"}"
                        .into(),
                );
            }
        };
        let changes = Changes {
            create: count(body, "create", MAX_CREATE)?,
            delete_newest: count(body, "delete", u64::MAX)?,
            delete_oldest: count(body, "delete_oldest", u64::MAX)?,
            delete_ids: match body.get("delete_ids") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(ids)) => ids
                    .iter()
                    .map(|id| {
                        id.as_u64().ok_or_else(|| {
                            format!("delete_ids must hold source ids (whole numbers), got {id}")
                        })
                    })
                    .collect::<Result<_, _>>()?,
                Some(other) => {
                    return Err(format!(
                        "delete_ids must be an array of source ids, got {other}"
                    ));
                }
            },
        };
        if changes.is_empty() {
            return Err(
                "nothing to do: give a positive create, delete or delete_oldest, \
                 or a non-empty delete_ids"
                    .into(),
            );
        }
        let times = match body.get("times") {
            None => Some(1),
            Some(Value::Null) => None,
            Some(value) => Some(value.as_u64().filter(|n| *n >= 1).ok_or_else(|| {
                format!("times must be a positive integer, or null for every match, got {value}")
            })?),
        };
        Ok(Self {
            route,
            query,
            changes,
            times,
        })
    }
}

/// A whole number from 0 to `max` at `name`; absent or null is 0.
fn count(body: &Map<String, Value>, name: &str, max: u64) -> Result<u64, String> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(0),
        Some(value) => value
            .as_u64()
            .filter(|n| *n <= max)
            .ok_or_else(|| format!("{name} must be a whole number from 0 to {max}, got {value}")),
    }
}

/// A mutation rule as `GET /__control/mutations` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct RuleView {
    pub id: u64,
    pub route: String,
    pub query: BTreeMap<String, String>,
    pub create: u64,
    pub delete: u64,
    pub delete_oldest: u64,
    pub delete_ids: Vec<u64>,
    /// How many requests the rule was added for; `null` for every match.
    pub times: Option<u64>,
    /// How many of those are left; `null` for every match.
    pub remaining: Option<u64>,
}

#[derive(Debug)]
struct Rule {
    id: u64,
    rule: NewMutation,
    remaining: Option<u64>,
}

impl Rule {
    fn matches(&self, method: &Method, path: &str, query: Option<&str>) -> bool {
        if !self.rule.route.matches(method, path) {
            return false;
        }
        if self.rule.query.is_empty() {
            return true;
        }
        // Read as the API reads it: the first non-empty value of each parameter.
        let params = parse_query(query.unwrap_or(""));
        self.rule
            .query
            .iter()
            .all(|(key, want)| param(&params, key) == Some(want.as_str()))
    }
}

/// The mutation rules, in insertion order; a rule whose `times` are used up is removed.
#[derive(Debug)]
pub struct Mutations {
    rules: Vec<Rule>,
    next_id: u64,
}

impl Default for Mutations {
    fn default() -> Self {
        Self {
            rules: Vec::new(),
            next_id: 1,
        }
    }
}

impl Mutations {
    /// Adds a rule and returns its id.
    pub fn add(&mut self, rule: NewMutation) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let remaining = rule.times;
        self.rules.push(Rule {
            id,
            rule,
            remaining,
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
            .map(|entry| {
                let rule = &entry.rule;
                RuleView {
                    id: entry.id,
                    route: rule.route.to_string(),
                    query: rule.query.clone(),
                    create: rule.changes.create,
                    delete: rule.changes.delete_newest,
                    delete_oldest: rule.changes.delete_oldest,
                    delete_ids: rule.changes.delete_ids.clone(),
                    times: rule.times,
                    remaining: entry.remaining,
                }
            })
            .collect()
    }

    /// The first rule matching a request, as its id and changes, using up one of its `times`.
    pub fn take(
        &mut self,
        method: &Method,
        path: &str,
        query: Option<&str>,
    ) -> Option<(u64, Changes)> {
        let index = self
            .rules
            .iter()
            .position(|rule| rule.matches(method, path, query))?;
        let rule = &mut self.rules[index];
        let taken = (rule.id, rule.rule.changes.clone());
        if let Some(remaining) = &mut rule.remaining {
            *remaining = remaining.saturating_sub(1);
            if *remaining == 0 {
                self.rules.remove(index);
            }
        }
        Some(taken)
    }
}

/// The `/api/v1` mutation middleware, between latency and faults: an authorized request
/// matching a rule first changes the store, and the change is logged in its attempt.
/// Requests that auth will refuse change nothing and use up no rule.
pub async fn mutate(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    if state.control && authorized(&state, request.headers(), request.uri().path()) {
        let uri = request.uri();
        let taken = state
            .mutations()
            .take(request.method(), uri.path(), uri.query());
        if let Some((rule, changes)) = taken {
            let (created, deleted) = changes.apply(&mut state.store());
            if let Some(AttemptId(id)) = request.extensions().get::<AttemptId>() {
                state.attempts().set_mutation(
                    *id,
                    Applied {
                        rule,
                        created,
                        deleted,
                    },
                );
            }
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(body: Value) -> Result<NewMutation, String> {
        NewMutation::parse(&body)
    }

    #[test]
    fn bodies_parse_with_defaults() {
        let rule = parse(json!({"route": "GET /sources", "create": 2})).expect("valid");
        assert_eq!(rule.times, Some(1), "times defaults to 1");
        assert!(rule.query.is_empty());
        assert_eq!(rule.changes.create, 2);
        let rule = parse(json!({
            "route": "*", "query": {"page": "3"}, "delete": 1, "delete_oldest": 2,
            "delete_ids": [4, 5], "times": null
        }))
        .expect("valid");
        assert_eq!(rule.times, None, "null is every match");
        assert_eq!(rule.query.get("page").map(String::as_str), Some("3"));
        assert_eq!(
            rule.changes,
            Changes {
                create: 0,
                delete_newest: 1,
                delete_oldest: 2,
                delete_ids: vec![4, 5],
            }
        );
    }

    #[test]
    fn bad_bodies_name_the_problem() {
        for (body, needle) in [
            (json!(["GET /sources", 1]), "object"),
            (json!({"create": 1}), "route"),
            (json!({"route": 5, "create": 1}), "route"),
            (json!({"route": "GET sources", "create": 1}), "route"),
            (json!({"route": "*", "create": 1, "crate": 2}), "crate"),
            (json!({"route": "*"}), "nothing to do"),
            (
                json!({"route": "*", "create": 0, "delete_ids": []}),
                "nothing",
            ),
            (json!({"route": "*", "create": "2"}), "create"),
            (json!({"route": "*", "create": -1}), "create"),
            (json!({"route": "*", "create": 1.5}), "create"),
            (json!({"route": "*", "create": MAX_CREATE + 1}), "create"),
            (json!({"route": "*", "delete": true}), "delete"),
            (
                json!({"route": "*", "delete_oldest": "all"}),
                "delete_oldest",
            ),
            (json!({"route": "*", "delete_ids": 3}), "delete_ids"),
            (json!({"route": "*", "delete_ids": ["3"]}), "delete_ids"),
            (json!({"route": "*", "create": 1, "times": 0}), "times"),
            (json!({"route": "*", "create": 1, "times": "2"}), "times"),
            (
                json!({"route": "*", "create": 1, "query": "page=3"}),
                "query",
            ),
            (
                json!({"route": "*", "create": 1, "query": {"page": 3}}),
                "query.page",
            ),
            (
                json!({"route": "*", "create": 1, "query": {"page": ""}}),
                "query.page",
            ),
        ] {
            let error = parse(body.clone()).expect_err(&body.to_string());
            assert!(error.contains(needle), "{body}: {error}");
        }
    }

    #[test]
    fn rules_match_route_and_query_and_expire() {
        let mut rules = Mutations::default();
        let rule = |body: Value| parse(body).unwrap_or_else(|e| panic!("{e}"));
        let third = rules.add(rule(json!({
            "route": "GET /sources", "query": {"page": "3", "order": "desc"}, "create": 1, "times": 2
        })));
        let any = rules.add(rule(
            json!({"route": "GET /sources/*", "delete": 1, "times": null}),
        ));
        let get = Method::GET;
        assert_eq!(rules.take(&get, "/sources", Some("page=3")), None);
        assert_eq!(
            rules.take(&get, "/sources", Some("order=desc&page=2")),
            None
        );
        assert_eq!(
            rules.take(&Method::POST, "/sources", Some("page=3&order=desc")),
            None
        );
        let taken = rules.take(&get, "/sources", Some("order=de%73c&page=3&page=4"));
        assert_eq!(taken.map(|(id, _)| id), Some(third));
        assert_eq!(rules.list()[0].remaining, Some(1));
        assert!(
            rules
                .take(&get, "/sources", Some("page=&page=3&order=desc"))
                .is_some()
        );
        assert_eq!(rules.list().len(), 1, "the used-up rule is gone");
        for _ in 0..3 {
            assert_eq!(
                rules.take(&get, "/sources/7", None).map(|(id, _)| id),
                Some(any)
            );
        }
        rules.clear();
        assert_eq!(rules.take(&get, "/sources/7", None), None);
        assert!(rules.add(rule(json!({"route": "*", "create": 1}))) > any);
    }

    #[test]
    fn changes_delete_before_creating() {
        let mut store = Store::seeded(6);
        let ids = store.ids_oldest_first();
        let changes = Changes {
            create: 2,
            delete_newest: 2,
            delete_oldest: 1,
            delete_ids: vec![ids[5], 9_999],
        };
        let (created, deleted) = changes.apply(&mut store);
        assert_eq!(deleted, vec![ids[5], ids[4], ids[3], ids[0]]);
        assert_eq!(created.len(), 2);
        assert!(created.iter().all(|id| *id > ids[5]));
        let mut expected = vec![ids[1], ids[2]];
        expected.extend(&created);
        assert_eq!(store.ids_oldest_first(), expected);

        // Counts beyond what exists delete everything, each source once.
        let everything = Changes {
            delete_newest: 3,
            delete_oldest: u64::MAX,
            ..Changes::default()
        };
        let (created, deleted) = everything.apply(&mut store);
        assert!(created.is_empty());
        assert_eq!(deleted.len(), 4);
        assert!(store.sources.is_empty());
    }
}
