//! The seeded rest of the workspace, laid over the seeded sources and syncs: segments, datasets,
//! links, webhooks and, with `--http-source`, an HTTP-request source with topics. Ids are fixed
//! whatever `--seed`; which source a segment or dataset is on depends on it (the oldest source
//! holding the table it is built on), and with no seeded source there are none of those.
//!
//! | id | what |
//! |---|---|
//! | 301 | segment "Active users (last 30 days)" on the oldest source with a `users` table |
//! | 302 | segment "High-value customers" on the same source, with cohorts 351 "Test" (90 %) and 352 "Control" (10 %, `is_control`) |
//! | 303 | segment "Churn-risk accounts" on the oldest source with an `accounts` table |
//! | 401 | SQL dataset "Paying users" on the source of segment 301 |
//! | 402 | SQL dataset "Recent orders" on the oldest source with an `orders` table |
//! | 403 | entity-resolution dataset "Unified customers" over 401 and 402 |
//! | 601 | source connect link for `snowflake`, expired |
//! | 602 | destination connect link for `salesforce`, revoked and expired |
//! | 603 | sync management link, expired |
//! | 701 | webhook "Sync failures" (`sync.failed`, `sync.alert.raised`) |
//! | 702 | webhook "Sync runs" (`sync.triggered`, `sync.started`, `sync.completed`) |
//!
//! With `--http-source`, one more source after the `--seed` ones (the next source id, created at
//! the seed anchor, so newest): "HTTP Request - product events" (`type: http_request`), with
//! topics 501 `page_viewed`, 502 `order_completed` and 503 `signup_started`, and a table of
//! received events per topic (schema `events`). Off by default, so `--seed N` is still N sources.

use census_core::models::{JsonObject, Source, SyncEngine};
use census_core::workspace_models::{Cohort, Dataset, Link, Segment, Topic, Webhook};
use serde_json::{Value, json};

use crate::clock::iso8601;
use crate::holdings::{DatasetRecord, LinkKind, SegmentRecord, Since, TopicRecord, WebhookRecord};
use crate::objects::{Column, HTTP_REQUEST, Objects, Table};
use crate::store::{Record, SEED_ANCHOR_MS, Store, connection_details, source_type};

const DAY_MS: i64 = 86_400_000;

/// Lays the seeded segments, datasets, links, webhooks and (when asked) the HTTP-request source
/// over `store`.
pub fn seed(store: &mut Store, http_source: bool) {
    seed_segments_and_datasets(store);
    seed_links(store);
    seed_webhooks(store);
    if http_source {
        seed_http_source(store);
    }
}

/// The oldest source with a table named `name` (any case), and that table.
fn oldest_with(store: &Store, name: &str) -> Option<(u64, Table)> {
    let mut records: Vec<&Record> = store.sources.values().collect();
    records.sort_by_key(|r| (r.created_ms, r.source.id));
    records.into_iter().find_map(|record| {
        record
            .objects
            .tables
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
            .map(|t| (record.source.id, t.clone()))
    })
}

/// `column` as `table` spells it (Snowflake upper-cases), or as given.
fn spelled(table: &Table, column: &str) -> String {
    table
        .columns
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(column))
        .map_or_else(|| column.to_owned(), |c| c.name.clone())
}

fn segment(
    id: u64,
    name: &str,
    description: &str,
    source: u64,
    created_ms: i64,
    molecules: Value,
    cohorts: Option<Vec<Cohort>>,
) -> SegmentRecord {
    SegmentRecord {
        segment: Segment {
            id,
            name: name.into(),
            description: Some(description.into()),
            source_id: Some(source),
            created_at: Some(iso8601(created_ms)),
            updated_at: Some(iso8601(created_ms + DAY_MS)),
            molecules: Some(molecules),
            cohorts,
        },
        created_ms,
        build: Since::Past,
    }
}

fn seed_segments_and_datasets(store: &mut Store) {
    let users = oldest_with(store, "users");
    let accounts = oldest_with(store, "accounts");
    let orders = oldest_with(store, "orders");
    let holdings = &mut store.holdings;
    let base_ms = SEED_ANCHOR_MS - 120 * DAY_MS;
    if let Some((source, table)) = &users {
        holdings.segments.insert(
            301,
            segment(
                301,
                "Active users (last 30 days)",
                "Users who logged in within the last 30 days",
                *source,
                base_ms,
                json!([{"attribute_type": "column", "attribute": spelled(table, "last_login_at"),
                        "operator": "withinlastdays", "value": 30}]),
                None,
            ),
        );
        let cohort = |id: u64, name: &str, percentage: u64, control: bool| Cohort {
            id: Some(id),
            name: Some(name.into()),
            percentage: Some(Value::from(percentage)),
            is_control: Some(control),
            resource_identifier: Some(format!("cohort_{id}")),
        };
        holdings.segments.insert(
            302,
            segment(
                302,
                "High-value customers",
                "Customers whose lifetime value is above 1,000",
                *source,
                base_ms + 10 * DAY_MS,
                json!([{"attribute_type": "column", "attribute": spelled(table, "lifetime_value"),
                        "operator": "greaterthan", "value": 1000}]),
                Some(vec![
                    cohort(351, "Test", 90, false),
                    cohort(352, "Control", 10, true),
                ]),
            ),
        );
    }
    if let Some((source, _)) = &accounts {
        holdings.segments.insert(
            303,
            segment(
                303,
                "Churn-risk accounts",
                "Accounts with little revenue that are not customers yet",
                *source,
                base_ms + 20 * DAY_MS,
                json!([{"attribute_type": "sql", "operator": "sql",
                        "value": "arr < 10000 and not is_customer"}]),
                None,
            ),
        );
    }
    // Later segments and cohorts take ids after the seeded ones.
    while holdings.take_segment_id() < 303 {}
    while holdings.take_cohort_id() < 352 {}

    let sql = |id: u64, name: &str, source: u64, query: String, created_ms: i64| DatasetRecord {
        dataset: Dataset {
            id,
            name: name.into(),
            dataset_type: "sql".into(),
            description: None,
            source_id: Some(source),
            query: Some(query),
            match_rules: None,
            merge_rules: None,
            source_dataset_ids: None,
            mode: None,
            status: None,
            created_at: Some(iso8601(created_ms)),
            updated_at: Some(iso8601(created_ms)),
        },
        created_ms,
    };
    let mut sql_ids = Vec::new();
    if let Some((source, table)) = &users {
        let query = format!(
            "select * from {}.{} where {} <> 'free'",
            table.schema,
            table.name,
            spelled(table, "plan")
        );
        holdings.datasets.insert(
            401,
            sql(401, "Paying users", *source, query, base_ms + 30 * DAY_MS),
        );
        sql_ids.push(401);
    }
    if let Some((source, table)) = &orders {
        let query = format!(
            "select * from {}.{} where {} >= current_date - 90",
            table.schema,
            table.name,
            spelled(table, "created_at")
        );
        holdings.datasets.insert(
            402,
            sql(402, "Recent orders", *source, query, base_ms + 31 * DAY_MS),
        );
        sql_ids.push(402);
    }
    if !sql_ids.is_empty() {
        let created_ms = base_ms + 32 * DAY_MS;
        holdings.datasets.insert(
            403,
            DatasetRecord {
                dataset: Dataset {
                    id: 403,
                    name: "Unified customers".into(),
                    dataset_type: "entity_resolution".into(),
                    description: Some("One customer per person across users and orders".into()),
                    source_id: None,
                    query: None,
                    match_rules: Some(json!([{"type": "exact", "attributes": ["email"]}])),
                    merge_rules: Some(json!([{"attribute": "email", "strategy": "most_recent"}])),
                    source_dataset_ids: Some(sql_ids),
                    mode: Some("standard".into()),
                    status: Some("ready".into()),
                    created_at: Some(iso8601(created_ms)),
                    updated_at: Some(iso8601(created_ms)),
                },
                created_ms,
            },
        );
    }
    while holdings.take_dataset_id() < 403 {}
}

fn link(kind: Option<&str>, redirect_uri: Option<&str>) -> Link {
    Link {
        id: 0,
        uri: None,
        link_type: kind.map(str::to_owned),
        redirect_uri: redirect_uri.map(str::to_owned),
        expiration: None,
        expired: None,
        revoked: None,
        source_id: None,
        destination_id: None,
        sync_id: None,
        segment_id: None,
        created_at: None,
    }
}

fn seed_links(store: &mut Store) {
    let holdings = &mut store.holdings;
    let seeded = [
        (
            601,
            LinkKind::SourceConnect,
            link(
                Some("snowflake"),
                Some("https://admin.example.com/census/sources"),
            ),
            SEED_ANCHOR_MS - 3 * DAY_MS,
            false,
        ),
        (
            602,
            LinkKind::DestinationConnect,
            link(
                Some("salesforce"),
                Some("https://admin.example.com/census/destinations"),
            ),
            SEED_ANCHOR_MS - 2 * DAY_MS,
            true,
        ),
        (
            603,
            LinkKind::SyncManagement,
            link(None, Some("https://admin.example.com/census/syncs")),
            SEED_ANCHOR_MS - DAY_MS,
            false,
        ),
    ];
    for (id, kind, link, created_ms, revoked) in seeded {
        holdings.insert_link(id, kind, link, created_ms, Since::Past);
        if let Some(record) = holdings.links.get_mut(&id) {
            record.link.revoked = Some(revoked);
        }
    }
}

fn seed_webhooks(store: &mut Store) {
    let holdings = &mut store.holdings;
    let seeded = [
        (
            "Sync failures",
            "https://hooks.example.com/census/failures",
            "Pages the data team when a sync fails",
            &["sync.failed", "sync.alert.raised"][..],
            SEED_ANCHOR_MS - 60 * DAY_MS,
        ),
        (
            "Sync runs",
            "https://hooks.example.com/census/runs",
            "Every run, for the audit log",
            &["sync.triggered", "sync.started", "sync.completed"][..],
            SEED_ANCHOR_MS - 30 * DAY_MS,
        ),
    ];
    for (name, endpoint, description, events, created_ms) in seeded {
        let id = holdings.take_webhook_id();
        let secret = holdings.token(48);
        holdings.webhooks.insert(
            id,
            WebhookRecord {
                webhook: Webhook {
                    id,
                    name: Some(name.into()),
                    endpoint: Some(endpoint.into()),
                    description: Some(description.into()),
                    events: Some(events.iter().map(|e| (*e).to_owned()).collect()),
                    created_at: Some(iso8601(created_ms)),
                    secret: None,
                },
                secret,
                created_ms,
            },
        );
    }
}

/// The seeded topics: name, description.
const TOPICS: &[(&str, &str)] = &[
    ("page_viewed", "A page of the web app was viewed"),
    ("order_completed", "A checkout finished"),
    ("signup_started", "The signup form was opened"),
];

fn seed_http_source(store: &mut Store) {
    let id = store.take_id();
    let created_ms = SEED_ANCHOR_MS;
    let text = |name: &str, column_type: &str| Column {
        name: name.into(),
        column_type: column_type.into(),
    };
    let mut tables = Vec::new();
    for (name, _) in TOPICS {
        tables.push(Table {
            id: store.take_object_id(),
            catalog: "census".into(),
            schema: "events".into(),
            name: (*name).into(),
            columns: vec![
                text("event_id", "text (256)"),
                text("user_id", "text (256)"),
                text("anonymous_id", "text (256)"),
                text("received_at", "timestamp"),
                text("properties", "object"),
            ],
        });
    }
    let credentials = JsonObject::new();
    store.sources.insert(
        id,
        Record {
            source: Source {
                id,
                name: "HTTP Request - product events".into(),
                label: None,
                source_type: Some(HTTP_REQUEST.into()),
                created_at: Some(iso8601(created_ms)),
                last_test_succeeded: None,
                last_tested_at: None,
                last_test_results: None,
                connection_details: Some(connection_details(
                    source_type(HTTP_REQUEST),
                    &credentials,
                )),
                read_only_connection: Some(false),
                sync_engine: Some(SyncEngine::Basic),
                warehouse_writeback_retention_in_days: None,
                data_sources: None,
            },
            credentials,
            created_ms,
            objects: Objects {
                tables,
                models: Vec::new(),
            },
        },
    );
    let holdings = &mut store.holdings;
    for (k, (name, description)) in TOPICS.iter().enumerate() {
        let topic_id = holdings.take_topic_id();
        let topic_ms = created_ms - (TOPICS.len() - k) as i64 * DAY_MS;
        holdings.topics.insert(
            topic_id,
            TopicRecord {
                topic: Topic {
                    id: topic_id,
                    name: (*name).into(),
                    description: Some((*description).into()),
                    source_id: Some(id),
                    created_at: Some(iso8601(topic_ms)),
                    updated_at: Some(iso8601(topic_ms)),
                },
                created_ms: topic_ms,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seeding;

    #[test]
    fn the_extras_are_seeded_with_fixed_ids() {
        let store = seeding::workspace(36, true);
        let holdings = &store.holdings;
        assert_eq!(
            holdings.segments.keys().copied().collect::<Vec<_>>(),
            [301, 302, 303]
        );
        assert_eq!(
            holdings.datasets.keys().copied().collect::<Vec<_>>(),
            [401, 402, 403]
        );
        assert_eq!(
            holdings.links.keys().copied().collect::<Vec<_>>(),
            [601, 602, 603]
        );
        assert_eq!(
            holdings.webhooks.keys().copied().collect::<Vec<_>>(),
            [701, 702]
        );
        assert_eq!(
            holdings.topics.keys().copied().collect::<Vec<_>>(),
            [501, 502, 503]
        );
        let http = store
            .sources
            .values()
            .find(|r| r.source.source_type.as_deref() == Some(HTTP_REQUEST))
            .expect("the HTTP-request source");
        assert_eq!(Some(&http.source.id), store.sources.keys().next_back());
        assert_eq!(http.objects.tables.len(), TOPICS.len());

        let plain = seeding::workspace(36, false);
        assert_eq!(plain.sources.len(), 36, "--seed N is still N sources");
        assert!(plain.holdings.topics.is_empty());
        let empty = seeding::workspace(0, false);
        assert!(empty.holdings.segments.is_empty() && empty.holdings.datasets.is_empty());
        assert_eq!(empty.holdings.webhooks.len(), 2);
    }
}
