//! What a source holds beyond its tables: the source objects list (tables, models and segments
//! tagged by `type`), a table's columns by locator (202 until they load), the refresh of a
//! table's or a model's columns, models (create, fetch under status `"created"`, update, delete),
//! segments (name search, the absolute build-status URL, the build), topics of an HTTP-request
//! source (405, 409), and datasets of both kinds. Answers are read through census-core's models;
//! jobs are driven with tokio's paused clock.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use axum::Router;
use axum::http::{Method, StatusCode};
use census_core::models::{Column, Model, Page, Table};
use census_core::workspace_models::{Dataset, JobStatus, Segment, Topic};
use census_local::{Config, app};
use common::*;
use serde_json::{Value, json};

/// How long a job takes in these tests.
const REFRESH: Duration = Duration::from_millis(1000);

fn seeded(http_source: bool) -> Router {
    app(Config {
        seed: 36,
        refresh: REFRESH,
        http_source,
        ..base_config()
    })
}

fn ids(items: &Value) -> Vec<u64> {
    items
        .as_array()
        .expect("a list")
        .iter()
        .map(|item| item["id"].as_u64().expect("id"))
        .collect()
}

/// The source segment 301 and dataset 401 are on (the oldest with a `users` table).
async fn users_source(app: &Router) -> u64 {
    ok(app, "/datasets/401").await["data"]["source_id"]
        .as_u64()
        .expect("source_id")
}

// ---------------------------------------------------------------- source objects

#[tokio::test]
async fn the_objects_list_tags_tables_models_and_segments() {
    let app = seeded(false);
    let source = users_source(&app).await;
    let tables = ok(
        &app,
        &format!("/sources/{source}/tables?order=asc&per_page=100"),
    )
    .await;
    let models = ok(
        &app,
        &format!("/sources/{source}/models?order=asc&per_page=100"),
    )
    .await;
    let segments = ok(
        &app,
        &format!("/sources/{source}/filter_segments?order=asc&per_page=100"),
    )
    .await;
    let segment_ids = ids(&segments["data"]);
    assert!(segment_ids.starts_with(&[301, 302]), "{segment_ids:?}");
    let body = ok(
        &app,
        &format!("/sources/{source}/objects?order=asc&per_page=100"),
    )
    .await;
    let items = body["data"].as_array().expect("data").clone();
    let kinds: Vec<&str> = items
        .iter()
        .map(|i| i["type"].as_str().expect("type"))
        .collect();
    let tables_n = tables["data"].as_array().expect("tables").len();
    let models_n = models["data"].as_array().expect("models").len();
    assert!(tables_n >= 3);
    assert_eq!(
        items.len(),
        tables_n + models_n + segment_ids.len(),
        "{kinds:?}"
    );
    assert!(kinds[..tables_n].iter().all(|k| *k == "table"));
    assert!(
        kinds[tables_n..tables_n + models_n]
            .iter()
            .all(|k| *k == "model")
    );
    assert!(kinds[tables_n + models_n..].iter().all(|k| *k == "segment"));
    for item in &items {
        match item["type"].as_str() {
            Some("table") => {
                serde_json::from_value::<Table>(item.clone()).expect("a Table");
                assert!(item.get("columns").is_none(), "no columns in the list");
            }
            Some("model") => {
                let model: Model = serde_json::from_value(item.clone()).expect("a Model");
                assert_eq!(model.source_object_id, Some(model.id));
                assert_eq!(model.dataset_id_deprecated, Some(model.id));
            }
            _ => {
                let segment: Segment = serde_json::from_value(item.clone()).expect("a Segment");
                assert_eq!(segment.source_id, Some(source));
            }
        }
    }
    assert_eq!(
        ids(&Value::Array(items[tables_n + models_n..].to_vec())),
        segment_ids
    );
    // Paged like every list; desc (the default) is the reverse.
    let page = ok(
        &app,
        &format!("/sources/{source}/objects?per_page=2&page=2"),
    )
    .await;
    let total = items.len() as u64;
    assert_eq!(page["pagination"]["total_records"], total);
    assert_eq!(page["pagination"]["per_page"], 2);
    assert_eq!(page["pagination"]["prev_page"], 1);
    assert_eq!(
        page["next"],
        format!("http://{HOST}/api/v1/sources/{source}/objects?page=3&per_page=2&order=desc")
    );
    let reversed: Vec<Value> = items.iter().rev().skip(2).take(2).cloned().collect();
    assert_eq!(page["data"], Value::Array(reversed));
    get(&app, "/sources/999999/objects")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

// ---------------------------------------------------------------- columns by locator

/// The first table of `source`, as listed.
async fn first_table(app: &Router, source: u64) -> Value {
    ok(
        app,
        &format!("/sources/{source}/tables?order=asc&per_page=1"),
    )
    .await["data"][0]
        .clone()
}

fn locator(table: &Value) -> String {
    format!(
        "table_catalog={}&table_schema={}&table_name={}",
        table["table_catalog"].as_str().expect("catalog"),
        table["table_schema"].as_str().expect("schema"),
        table["table_name"].as_str().expect("name"),
    )
}

#[tokio::test(start_paused = true)]
async fn columns_by_locator_answer_202_until_loaded_then_the_columns() {
    let app = seeded(false);
    let source = users_source(&app).await;
    let table = first_table(&app, source).await;
    let id = table["id"].as_u64().expect("id");
    let path = format!("/sources/{source}/tables/columns?{}", locator(&table));

    let first = get(&app, &path).await;
    assert_eq!(first.status, StatusCode::ACCEPTED, "{}", first.text());
    assert_eq!(first.json(), json!({"status": "processing"}));
    tokio::time::advance(REFRESH - Duration::from_millis(1)).await;
    assert_eq!(get(&app, &path).await.status, StatusCode::ACCEPTED);
    tokio::time::advance(Duration::from_millis(1)).await;
    let loaded = ok(&app, &path).await;
    let columns: Vec<Column> = serde_json::from_value(loaded["data"].clone()).expect("columns");
    let fetched = ok(&app, &format!("/sources/{source}/tables/{id}")).await;
    assert_eq!(loaded["data"], fetched["data"]["columns"]);
    assert!(!columns.is_empty());

    // Another table has its own load; names match in any case; catalog and schema are optional.
    let all = ok(&app, &format!("/sources/{source}/tables?per_page=100")).await;
    let all = all["data"].as_array().expect("tables");
    let named = |name: &str| {
        all.iter()
            .filter(|t| {
                t["table_name"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
            .count()
    };
    let name = all
        .iter()
        .filter(|t| t["id"] != table["id"])
        .filter_map(|t| t["table_name"].as_str())
        .find(|name| named(name) == 1)
        .expect("a table whose name no other table of the source has");
    let loose = format!(
        "/sources/{source}/tables/columns?table_name={}",
        name.to_uppercase()
    );
    assert_eq!(get(&app, &loose).await.status, StatusCode::ACCEPTED);
    assert_eq!(
        get(&app, &path).await.status,
        StatusCode::OK,
        "still loaded"
    );
    tokio::time::advance(REFRESH).await;
    assert_eq!(get(&app, &loose).await.status, StatusCode::OK);

    // Refreshing the columns loads them again: 202 until the refresh job is done.
    let refresh = empty(
        &app,
        Method::POST,
        &format!("/sources/{source}/tables/{id}/refresh_columns"),
    )
    .await;
    assert_eq!(refresh.status, StatusCode::OK, "{}", refresh.text());
    let key = refresh.json()["refresh_key"]
        .as_u64()
        .expect("a bare refresh_key");
    let status = format!("/sources/{source}/tables/{id}/refresh_columns_status?refresh_key={key}");
    assert_eq!(
        get(&app, &status).await.json(),
        json!({"status": "processing"})
    );
    assert_eq!(get(&app, &path).await.status, StatusCode::ACCEPTED);
    tokio::time::advance(REFRESH).await;
    assert_eq!(
        get(&app, &status).await.json(),
        json!({"status": "completed"})
    );
    assert_eq!(get(&app, &path).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_locator_names_its_problems() {
    let app = app(Config {
        seed: 36,
        refresh: Duration::ZERO,
        ..base_config()
    });
    let source = users_source(&app).await;
    // `/tables/columns` is its own route, not table "columns".
    unprocessable(
        &get(&app, &format!("/sources/{source}/tables/columns")).await,
        "table_name",
    );
    unprocessable(
        &get(
            &app,
            &format!("/sources/{source}/tables/columns?table_name="),
        )
        .await,
        "table_name",
    );
    let missing = get(
        &app,
        &format!("/sources/{source}/tables/columns?table_name=no_such_table"),
    )
    .await;
    assert_eq!(
        missing.expect_error(StatusCode::NOT_FOUND, "not_found"),
        "Table not found"
    );
    get(&app, "/sources/999999/tables/columns?table_name=users")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    // With no refresh time the first request has the columns.
    let table = first_table(&app, source).await;
    ok(
        &app,
        &format!("/sources/{source}/tables/columns?{}", locator(&table)),
    )
    .await;
    // A name two schemas share needs the schema.
    let mut ambiguous = None;
    for id in source_ids(&app).await {
        let tables = ok(&app, &format!("/sources/{id}/tables?per_page=100")).await;
        let mut seen = BTreeSet::new();
        for t in tables["data"].as_array().expect("tables") {
            let name = t["table_name"].as_str().expect("name").to_lowercase();
            if !seen.insert(name.clone()) {
                ambiguous = Some((id, name));
            }
        }
        if ambiguous.is_some() {
            break;
        }
    }
    let (id, name) = ambiguous.expect("the seed has a table name in two schemas");
    let message = unprocessable(
        &get(
            &app,
            &format!("/sources/{id}/tables/columns?table_name={name}"),
        )
        .await,
        "table_schema",
    );
    assert!(message.contains("give table_schema"), "{message}");
}

async fn source_ids(app: &Router) -> Vec<u64> {
    ids(&ok(app, "/sources?per_page=100&order=asc").await["data"])
}

// ---------------------------------------------------------------- models

#[tokio::test(start_paused = true)]
async fn models_are_created_fetched_updated_and_deleted() {
    let app = seeded(false);
    let source = users_source(&app).await;
    let table = first_table(&app, source).await;
    let table_id = table["id"].as_u64().expect("id");
    let columns =
        ok(&app, &format!("/sources/{source}/tables/{table_id}")).await["data"]["columns"].clone();
    let query = format!(
        "select * from {}.{}",
        table["table_schema"].as_str().expect("schema"),
        table["table_name"].as_str().expect("name")
    );
    let created = with_json(
        &app,
        Method::POST,
        &format!("/sources/{source}/models"),
        &json!({"name": "census_local_model", "query": query, "description": "All of it"}),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let body = created.json();
    assert_eq!(body["status"], "created");
    let data = &body["data"];
    assert_eq!(data["type"], "model");
    assert_eq!(data["columns"], columns, "the columns the query selects");
    let model: Model = serde_json::from_value(data.clone()).expect("a Model");
    assert_eq!(model.description.as_deref(), Some("All of it"));
    assert_eq!(data["dataset_id="], model.id);
    assert_eq!(data["source_object_id"], model.id);
    assert_eq!(data["compiled_query"], Value::Null);

    // The fetch answers under status "created", as the reference shows.
    let path = format!("/sources/{source}/models/{}", model.id);
    let fetched = get(&app, &path).await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.json(), body);
    let listed = ok(&app, &format!("/sources/{source}/models")).await;
    assert_eq!(listed["data"][0]["id"], model.id, "newest first");
    assert!(listed["data"][0].get("columns").is_none());
    let page: Page<Value> = serde_json::from_value(listed).expect("a page");
    assert!(page.pagination.is_some() && page.next.is_none());

    // Problems are named.
    let models = format!("/sources/{source}/models");
    for (body, field) in [
        (json!({"query": "select 1"}), "name"),
        (json!({"name": " ", "query": "select 1"}), "name"),
        (json!({"name": "x"}), "query"),
        (json!({"name": "x", "query": 7}), "query"),
        (
            json!({"name": "x", "query": "select 1", "description": 3}),
            "description",
        ),
        (
            json!({"name": "CENSUS_LOCAL_MODEL", "query": "select 1"}),
            "name",
        ),
        (json!([1]), "body"),
    ] {
        unprocessable(&with_json(&app, Method::POST, &models, &body).await, field);
    }
    get(&app, "/sources/999999/models")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");

    // Update: a new query reads the columns again.
    let updated = with_json(
        &app,
        Method::PATCH,
        &path,
        &json!({"query": format!("select {} as key from {}.{}", columns[0]["name"].as_str().expect("c"),
            table["table_schema"].as_str().expect("s"), table["table_name"].as_str().expect("n")),
            "description": null}),
    )
    .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text());
    let updated = updated.json();
    assert_eq!(updated["status"], "updated");
    assert_eq!(
        updated["data"]["columns"],
        json!([{"name": "key", "type": columns[0]["type"]}])
    );
    assert!(updated["data"].get("description").is_none());
    assert_eq!(updated["data"]["name"], "census_local_model");
    unprocessable(
        &with_json(&app, Method::PATCH, &path, &json!({})).await,
        "body",
    );
    unprocessable(
        &with_json(&app, Method::PATCH, &path, &json!({"name": ""})).await,
        "name",
    );

    // Its columns refresh like a table's.
    let refresh = empty(&app, Method::POST, &format!("{path}/refresh_columns")).await;
    let key = refresh.json()["refresh_key"].as_u64().expect("key");
    let status = format!("{path}/refresh_columns_status?refresh_key={key}");
    let processing: JobStatus =
        serde_json::from_value(get(&app, &status).await.json()).expect("a status");
    assert_eq!(processing.status, "processing");
    tokio::time::advance(REFRESH).await;
    assert_eq!(
        get(&app, &status).await.json(),
        json!({"status": "completed"})
    );
    // A key of another job, or none, is refused.
    let table_refresh = empty(
        &app,
        Method::POST,
        &format!("/sources/{source}/tables/{table_id}/refresh_columns"),
    )
    .await;
    let other = table_refresh.json()["refresh_key"].as_u64().expect("key");
    assert_eq!(other, key + 1, "one key counter");
    get(
        &app,
        &format!("{path}/refresh_columns_status?refresh_key={other}"),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "not_found");
    get(&app, &format!("{path}/refresh_columns_status"))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "error");

    // Delete.
    let deleted = empty(&app, Method::DELETE, &path).await;
    assert_eq!(deleted.json(), json!({"status": "deleted"}));
    assert_eq!(
        get(&app, &path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found"),
        "Model not found"
    );
    empty(&app, Method::DELETE, &path)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    empty(&app, Method::POST, &format!("{path}/refresh_columns"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

// ---------------------------------------------------------------- segments

#[tokio::test(start_paused = true)]
async fn a_created_segment_answers_an_absolute_status_url_and_builds() {
    let app = seeded(false);
    let source = users_source(&app).await;
    let segments = format!("/sources/{source}/filter_segments");
    let created = with_json(
        &app,
        Method::POST,
        &segments,
        &json!({"name": "Recent signups", "description": "Joined this month",
                "molecules": [{"attribute_type": "column", "attribute": "created_at",
                               "operator": "withinlastdays", "value": 30}],
                "cohorts": [{"name": "A", "percentage": 50}, {"name": "B", "percentage": 50, "is_control": true}]}),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let url = format!("http://{HOST}/api/v1/sources/{source}/filter_segments/304/source_status");
    assert_eq!(
        created.json(),
        json!({"status": "created", "data": {"id": 304}, "filter_segment_source_url": url})
    );
    // The URL points at this server, on the host the request addressed.
    let status_path = url
        .strip_prefix(&format!("http://{HOST}/api/v1"))
        .expect("this server");
    let status: JobStatus =
        serde_json::from_value(get(&app, status_path).await.json()).expect("a status");
    assert_eq!(status.status, "processing");
    tokio::time::advance(REFRESH).await;
    assert_eq!(
        get(&app, status_path).await.json(),
        json!({"status": "completed"})
    );

    let fetched = ok(&app, &format!("{segments}/304")).await;
    let segment: Segment = serde_json::from_value(fetched["data"].clone()).expect("a Segment");
    assert_eq!(segment.source_id, Some(source));
    let cohorts = segment.cohorts.expect("cohorts");
    assert_eq!(cohorts.len(), 2);
    assert_eq!(cohorts[1].is_control, Some(true));
    assert_eq!(
        cohorts[0].id,
        Some(353),
        "after the seeded cohorts 351 and 352"
    );
    assert_eq!(
        cohorts[0].resource_identifier.as_deref(),
        Some("cohort_353")
    );
    assert_eq!(
        segment.molecules,
        Some(
            json!([{"attribute_type": "column", "attribute": "created_at",
                     "operator": "withinlastdays", "value": 30}])
        )
    );

    // Changing the filter builds it again; renaming does not.
    let renamed = with_json(
        &app,
        Method::PATCH,
        &format!("{segments}/304"),
        &json!({"name": "Signups"}),
    )
    .await;
    assert_eq!(renamed.json()["status"], "updated");
    assert_eq!(get(&app, status_path).await.json()["status"], "completed");
    let refiltered = with_json(
        &app,
        Method::PATCH,
        &format!("{segments}/304"),
        &json!({"molecules": []}),
    )
    .await;
    assert_eq!(refiltered.json()["data"]["name"], "Signups");
    assert_eq!(get(&app, status_path).await.json()["status"], "processing");
    tokio::time::advance(REFRESH).await;
    assert_eq!(get(&app, status_path).await.json()["status"], "completed");

    // The name search: every term, any case; the next link keeps it.
    let found = ok(&app, &format!("{segments}?name=VALUE%20customers")).await;
    assert_eq!(ids(&found["data"]), [302]);
    let with_s = ok(&app, &format!("{segments}?per_page=100")).await["data"]
        .as_array()
        .expect("segments")
        .iter()
        .filter(|s| {
            s["name"]
                .as_str()
                .is_some_and(|n| n.to_lowercase().contains('s'))
        })
        .count();
    assert!(with_s >= 3, "{with_s}");
    let all = ok(&app, &format!("{segments}?per_page=1&name=s")).await;
    assert_eq!(all["pagination"]["total_records"], with_s);
    assert!(
        all["next"]
            .as_str()
            .is_some_and(|next| next.ends_with("&name=s")),
        "{}",
        all["next"]
    );

    // Delete.
    assert_eq!(
        empty(&app, Method::DELETE, &format!("{segments}/304"))
            .await
            .json(),
        json!({"status": "deleted"})
    );
    assert_eq!(
        get(&app, &format!("{segments}/304"))
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found"),
        "Segment not found"
    );
    get(&app, status_path)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn segment_bodies_and_paths_are_checked() {
    let app = seeded(false);
    let source = users_source(&app).await;
    let segments = format!("/sources/{source}/filter_segments");
    for (body, field) in [
        (json!({}), "name"),
        (json!({"name": 4}), "name"),
        (json!({"name": "x", "molecules": {}}), "molecules"),
        (
            json!({"name": "x", "cohorts": [{"percentage": 10}]}),
            "cohorts[0].name",
        ),
        (
            json!({"name": "x", "cohorts": [{"name": "a", "percentage": 101}]}),
            "cohorts[0].percentage",
        ),
        (
            json!({"name": "x", "cohorts": [{"name": "a", "percentage": 60}, {"name": "b", "percentage": 50}]}),
            "cohorts",
        ),
        (
            json!({"name": "x", "cohorts": [{"name": "a", "percentage": 5, "is_control": "yes"}]}),
            "cohorts[0].is_control",
        ),
        (json!({"name": "x", "cohorts": [3]}), "cohorts[0]"),
    ] {
        unprocessable(
            &with_json(&app, Method::POST, &segments, &body).await,
            field,
        );
    }
    unprocessable(
        &with_json(&app, Method::PATCH, &format!("{segments}/301"), &json!({})).await,
        "body",
    );
    // A segment is found under its own source only.
    let other = source_ids(&app)
        .await
        .into_iter()
        .find(|id| *id != source)
        .expect("another source");
    for path in [
        format!("/sources/{other}/filter_segments/301"),
        format!("{segments}/999"),
        format!("{segments}/x"),
        format!("{segments}/999/source_status"),
    ] {
        assert_eq!(
            get(&app, &path)
                .await
                .expect_error(StatusCode::NOT_FOUND, "not_found"),
            "Segment not found",
            "{path}"
        );
    }
    get(&app, "/sources/999999/filter_segments")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    // The seeded ones are built.
    assert_eq!(
        get(&app, &format!("{segments}/302/source_status"))
            .await
            .json(),
        json!({"status": "completed"})
    );
}

// ---------------------------------------------------------------- topics

#[tokio::test]
async fn topics_belong_to_http_request_sources() {
    let app = seeded(true);
    let sources = ok(&app, "/sources?per_page=1").await;
    let http = &sources["data"][0];
    assert_eq!(http["type"], "http_request", "the newest source");
    let id = http["id"].as_u64().expect("id");
    assert_eq!(sources["pagination"]["total_records"], 37);
    let topics = format!("/sources/{id}/topics");
    let listed = ok(&app, &format!("{topics}?order=asc")).await;
    let seeded: Vec<Topic> = serde_json::from_value(listed["data"].clone()).expect("Topics");
    assert_eq!(
        seeded.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
        ["page_viewed", "order_completed", "signup_started"]
    );
    // Each topic's events are a table of the source.
    assert_eq!(
        ok(&app, &format!("/sources/{id}/tables")).await["pagination"]["total_records"],
        3
    );

    let created = with_json(
        &app,
        Method::POST,
        &topics,
        &json!({"name": "cart_abandoned", "description": "Left at checkout"}),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let topic: Topic = serde_json::from_value(created.json()["data"].clone()).expect("a Topic");
    assert_eq!(topic.id, 504);
    assert_eq!(topic.source_id, Some(id));
    assert_eq!(
        ok(&app, &format!("{topics}/504")).await["data"]["name"],
        "cart_abandoned"
    );

    // A name another topic has is a 409, with the code as the status.
    for (method, path, body) in [
        (Method::POST, topics.clone(), json!({"name": "Page_Viewed"})),
        (
            Method::PATCH,
            format!("{topics}/504"),
            json!({"name": "order_completed"}),
        ),
    ] {
        let conflict = with_json(&app, method, &path, &body).await;
        assert_eq!(conflict.status, StatusCode::CONFLICT);
        assert_eq!(conflict.json()["status"], 409);
        assert!(
            conflict.json()["message"]
                .as_str()
                .is_some_and(|m| m.contains("already exists"))
        );
    }
    let renamed = with_json(
        &app,
        Method::PATCH,
        &format!("{topics}/504"),
        &json!({"name": "cart_left", "description": null}),
    )
    .await;
    assert_eq!(renamed.json()["status"], "updated");
    assert_eq!(renamed.json()["data"]["name"], "cart_left");
    unprocessable(
        &with_json(&app, Method::POST, &topics, &json!({})).await,
        "name",
    );
    unprocessable(
        &with_json(&app, Method::PATCH, &format!("{topics}/504"), &json!({})).await,
        "body",
    );
    for path in [format!("{topics}/999"), format!("{topics}/nope")] {
        assert_eq!(
            get(&app, &path)
                .await
                .expect_error(StatusCode::NOT_FOUND, "not_found"),
            "Topic not found"
        );
    }

    // A warehouse source has no topics: 405, with the code as the status.
    let warehouse = ok(&app, "/sources?order=asc&per_page=1").await["data"][0]["id"]
        .as_u64()
        .expect("id");
    for reply in [
        get(&app, &format!("/sources/{warehouse}/topics")).await,
        with_json(
            &app,
            Method::POST,
            &format!("/sources/{warehouse}/topics"),
            &json!({"name": "x"}),
        )
        .await,
        get(&app, &format!("/sources/{warehouse}/topics/501")).await,
    ] {
        assert_eq!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{}",
            reply.text()
        );
        assert_eq!(reply.json()["status"], 405);
    }
    get(&app, "/sources/999999/topics")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn without_the_flag_an_http_request_source_can_be_created_for_topics() {
    let app = seeded(false);
    assert_eq!(
        ok(&app, "/sources").await["pagination"]["total_records"],
        36
    );
    let created = with_json(
        &app,
        Method::POST,
        "/sources",
        &json!({"connection": {"type": "http_request", "credentials": {}, "name": "Events"}}),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let id = created.json()["data"]["id"].as_u64().expect("id");
    let topics = format!("/sources/{id}/topics");
    assert_eq!(ok(&app, &topics).await["data"], json!([]));
    assert_eq!(
        ok(&app, &format!("/sources/{id}/tables")).await["data"],
        json!([])
    );
    let topic = with_json(&app, Method::POST, &topics, &json!({"name": "first"})).await;
    assert_eq!(topic.json()["data"]["id"], 501, "topic ids start at 501");
}

// ---------------------------------------------------------------- datasets

#[tokio::test]
async fn datasets_of_both_kinds_are_listed_created_updated_and_deleted() {
    let app = seeded(false);
    let listed = ok(&app, "/datasets?order=asc").await;
    let seeded: Vec<Dataset> = serde_json::from_value(listed["data"].clone()).expect("Datasets");
    assert_eq!(
        seeded.iter().map(|d| d.id).collect::<Vec<_>>(),
        [401, 402, 403]
    );
    assert_eq!(seeded[2].dataset_type, "entity_resolution");
    assert_eq!(seeded[2].source_dataset_ids, Some(vec![401, 402]));
    assert_eq!(seeded[2].status.as_deref(), Some("ready"));
    let sql = ok(&app, "/datasets?type=sql&per_page=1").await;
    assert_eq!(sql["pagination"]["total_records"], 2);
    assert!(
        sql["next"]
            .as_str()
            .is_some_and(|n| n.ends_with("&type=sql"))
    );

    let source = users_source(&app).await;
    let created = with_json(
        &app,
        Method::POST,
        "/datasets",
        &json!({"name": "Everyone", "type": "sql", "source_id": source, "query": "select 1"}),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    assert_eq!(created.json()["status"], "created");
    let dataset: Dataset =
        serde_json::from_value(created.json()["data"].clone()).expect("a Dataset");
    assert_eq!((dataset.id, dataset.source_id), (404, Some(source)));
    let er = with_json(
        &app,
        Method::POST,
        "/datasets",
        &json!({"name": "People", "type": "entity_resolution", "source_dataset_ids": [401, 404],
                "match_rules": [{"type": "exact", "attributes": ["email"]}], "merge_rules": []}),
    )
    .await;
    assert_eq!(er.status, StatusCode::CREATED, "{}", er.text());
    assert_eq!(er.json()["data"]["status"], "ready");
    assert_eq!(er.json()["data"]["merge_rules"], json!([]));

    for (body, field) in [
        (
            json!({"type": "sql", "source_id": source, "query": "q"}),
            "name",
        ),
        (json!({"name": "x", "type": "python"}), "type"),
        (json!({"name": "x"}), "type"),
        (
            json!({"name": "x", "type": "sql", "query": "q"}),
            "source_id",
        ),
        (
            json!({"name": "x", "type": "sql", "source_id": 999999, "query": "q"}),
            "source_id",
        ),
        (
            json!({"name": "x", "type": "sql", "source_id": "1", "query": "q"}),
            "source_id",
        ),
        (
            json!({"name": "x", "type": "sql", "source_id": source}),
            "query",
        ),
        (
            json!({"name": "x", "type": "entity_resolution", "match_rules": [{}], "merge_rules": []}),
            "source_dataset_ids",
        ),
        (
            json!({"name": "x", "type": "entity_resolution", "source_dataset_ids": [401, 999], "match_rules": [{}], "merge_rules": []}),
            "source_dataset_ids[1]",
        ),
        (
            json!({"name": "x", "type": "entity_resolution", "source_dataset_ids": [401], "match_rules": [], "merge_rules": []}),
            "match_rules",
        ),
        (
            json!({"name": "x", "type": "entity_resolution", "source_dataset_ids": [401], "match_rules": [1], "merge_rules": []}),
            "match_rules[0]",
        ),
        (
            json!({"name": "x", "type": "entity_resolution", "source_dataset_ids": [401], "match_rules": [{}]}),
            "merge_rules",
        ),
    ] {
        unprocessable(
            &with_json(&app, Method::POST, "/datasets", &body).await,
            field,
        );
    }

    let updated = with_json(
        &app,
        Method::PATCH,
        "/datasets/404",
        &json!({"name": "All", "query": "select 2"}),
    )
    .await;
    assert_eq!(updated.json()["status"], "updated");
    assert_eq!(updated.json()["data"]["query"], "select 2");
    assert_eq!(updated.json()["data"]["name"], "All");
    unprocessable(
        &with_json(
            &app,
            Method::PATCH,
            "/datasets/404",
            &json!({"type": "entity_resolution"}),
        )
        .await,
        "type",
    );
    unprocessable(
        &with_json(
            &app,
            Method::PATCH,
            "/datasets/404",
            &json!({"match_rules": [{}]}),
        )
        .await,
        "match_rules",
    );
    unprocessable(
        &with_json(&app, Method::PATCH, "/datasets/403", &json!({"query": "q"})).await,
        "query",
    );
    unprocessable(
        &with_json(
            &app,
            Method::PATCH,
            "/datasets/403",
            &json!({"source_dataset_ids": [403]}),
        )
        .await,
        "source_dataset_ids[0]",
    );
    unprocessable(
        &with_json(&app, Method::PATCH, "/datasets/403", &json!({})).await,
        "body",
    );

    assert_eq!(
        empty(&app, Method::DELETE, "/datasets/404").await.json(),
        json!({"status": "deleted"})
    );
    for path in ["/datasets/404", "/datasets/x"] {
        assert_eq!(
            get(&app, path)
                .await
                .expect_error(StatusCode::NOT_FOUND, "not_found"),
            "Dataset not found"
        );
    }
    empty(&app, Method::DELETE, "/datasets/404")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}
