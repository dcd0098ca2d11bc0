//! The source-type catalogue and what a source contains: `/source_types`, the create checks it
//! drives, a source's `tables`, `models` and legacy `data_sources`, the switchable not-found
//! shape, and that auth, CORS, faults, deletion, seeding and reset cover them. Driven in-process
//! through `app(config).oneshot(request)`; answers are read back through the client's own wire
//! models where they fit, so a shape the client could not read fails here first.

mod common;

use std::collections::BTreeSet;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use census_core::models::{
    DataSource, Model as WireModel, Page, SourceType as WireSourceType, Table as WireTable,
};
use census_local::{CATALOGUE, Config, FAULT_HEADER, NOT_FOUND_SHAPE_HEADER, NotFoundShape, app};
use common::*;
use serde_json::{Value, json};

fn seeded(seed: usize) -> Router {
    app(Config {
        seed,
        ..base_config()
    })
}

/// An authorized `/api/v1` request from another origin.
fn api(method: Method, path: &str) -> axum::http::request::Builder {
    api_request(TOKEN, method, path)
}

/// A model fetched: 200 under envelope status `"created"`, as the reference's example shows.
async fn fetched_model(app: &Router, path: &str) -> Value {
    let reply = get(app, path).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text());
    let body = reply.json();
    assert_eq!(body["status"], "created", "{path}: {body}");
    body
}

async fn post_source(app: &Router, connection: Value) -> Reply {
    let request = api(Method::POST, "/sources")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({ "connection": connection }).to_string()))
        .expect("request");
    send(app, request).await
}

async fn delete(app: &Router, path: &str) -> Reply {
    send(
        app,
        api(Method::DELETE, path)
            .body(Body::empty())
            .expect("request"),
    )
    .await
}

fn strings(values: &Value, key: &str) -> Vec<String> {
    values
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v[key].as_str().expect(key).to_owned())
        .collect()
}

fn ids(values: &Value) -> Vec<u64> {
    values
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v["id"].as_u64().expect("id"))
        .collect()
}

/// Every source id, oldest first.
async fn source_ids(app: &Router) -> Vec<u64> {
    ids(&ok(app, "/sources?order=asc&per_page=100").await["data"])
}

/// A source's whole data sources list, ascending.
async fn data_sources(app: &Router, source: u64) -> Vec<Value> {
    let body = ok(
        app,
        &format!("/sources/{source}/data_sources?order=asc&per_page=100"),
    )
    .await;
    body["data"].as_array().expect("data").clone()
}

fn of_kind<'a>(items: &'a [Value], kind: &str) -> Vec<&'a Value> {
    items.iter().filter(|item| item["type"] == kind).collect()
}

/// The first source (oldest first) whose data sources satisfy `wanted`.
async fn find_source(app: &Router, wanted: impl Fn(&[Value]) -> bool) -> (u64, Vec<Value>) {
    for id in source_ids(app).await {
        let items = data_sources(app, id).await;
        if wanted(&items) {
            return (id, items);
        }
    }
    panic!("no seeded source fits");
}

// ---------------------------------------------------------------- source types

const FIELD_TYPES: &[&str] = &["string", "integer", "boolean"];

#[tokio::test]
async fn source_types_page_like_sources_in_both_orders() {
    let app = seeded(2);
    let catalogue: Vec<&str> = CATALOGUE.iter().map(|t| t.service_name).collect();
    assert!(catalogue.len() >= 12, "{catalogue:?}");

    let mut ascending = Vec::new();
    for page in 1..=3 {
        let body = ok(
            &app,
            &format!("/source_types?order=asc&per_page=5&page={page}"),
        )
        .await;
        let expected_next = (page < 3).then(|| page + 1);
        assert_eq!(
            body["pagination"],
            json!({"total_records": catalogue.len(), "per_page": 5, "prev_page": (page > 1).then(|| page - 1),
                   "page": page, "next_page": expected_next, "last_page": 3})
        );
        match expected_next {
            Some(next) => assert_eq!(
                body["next"],
                format!("http://{HOST}/api/v1/source_types?page={next}&per_page=5&order=asc")
            ),
            None => assert!(body.get("next").is_none()),
        }
        let page: Page<WireSourceType> =
            serde_json::from_value(body.clone()).expect("the client reads the page");
        ascending.extend(page.data.into_iter().map(|t| t.service_name));
    }
    assert_eq!(ascending, catalogue, "asc is the catalogue's fixed order");

    // desc, the default, is the reverse; per_page is capped at 100 and defaults to 25.
    let body = ok(&app, "/source_types").await;
    assert_eq!(body["pagination"]["per_page"], 25);
    let mut descending = strings(&body["data"], "service_name");
    descending.reverse();
    assert_eq!(descending, catalogue);
    // The reference says per_page is under 100 here: 99 at most, and more is refused.
    let body = ok(&app, "/source_types?order=desc&per_page=99&page=0").await;
    assert_eq!(body["pagination"]["per_page"], 99);
    assert_eq!(body["pagination"]["page"], 1);
    let message = get(&app, "/source_types?per_page=100")
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
    assert!(message.contains("per_page"), "{message}");
    assert_eq!(body["data"].as_array().map(Vec::len), Some(catalogue.len()));
    let beyond = ok(&app, "/source_types?page=9").await;
    assert_eq!(beyond["data"], json!([]));
    assert_eq!(beyond["pagination"]["next_page"], Value::Null);
    get(&app, "/source_types?order=sideways")
        .await
        .expect_error(StatusCode::BAD_REQUEST, "error");
}

#[tokio::test]
async fn source_types_describe_what_creating_one_needs() {
    let app = seeded(0);
    let body = ok(&app, "/source_types?order=asc&per_page=99").await;
    let types = body["data"].as_array().expect("data");
    for kind in types {
        for key in [
            "service_name",
            "label",
            "documentation_slug",
            "creatable_via_api",
            "creatable_via_connect_link",
            "supported_sync_engines",
            "supports_warehouse_writeback",
            "configuration_fields",
        ] {
            assert!(kind.get(key).is_some(), "{key} in {kind}");
        }
        assert!(kind["creatable_via_api"].is_boolean());
        assert!(kind["creatable_via_connect_link"].is_boolean());
        assert!(kind["supports_warehouse_writeback"].is_boolean());
        let engines = kind["supported_sync_engines"].as_array().expect("engines");
        assert!(engines.contains(&json!("basic")), "{kind}");
        assert!(
            engines
                .iter()
                .all(|e| *e == json!("basic") || *e == json!("advanced"))
        );
        let Some(fields) = kind["configuration_fields"]["fields"].as_array() else {
            assert!(kind["configuration_fields"].is_null());
            continue;
        };
        assert!(!fields.is_empty(), "{kind}");
        for field in fields {
            let keys: BTreeSet<&str> = field
                .as_object()
                .expect("field")
                .keys()
                .map(String::as_str)
                .collect();
            // The documented members only (`configuration_fields.fields[]`).
            let documented = BTreeSet::from([
                "id",
                "label",
                "type",
                "rules",
                "show",
                "is_password_type_field",
                "placeholder",
                "input_type",
            ]);
            assert!(keys.is_subset(&documented), "{field}");
            for key in ["id", "label", "type", "rules", "is_password_type_field"] {
                assert!(keys.contains(key), "{key} in {field}");
            }
            assert!(FIELD_TYPES.contains(&field["type"].as_str().expect("type")));
            let rules = field["rules"].as_array().expect("rules");
            assert!(rules.is_empty() || rules == &[json!("required")], "{field}");
            assert!(field["is_password_type_field"].is_boolean());
            assert!(field["placeholder"].is_string() || field.get("placeholder").is_none());
            if let Some(show) = field.get("show") {
                assert_eq!(
                    rules,
                    &[json!("required")],
                    "only required fields are conditional"
                );
                let condition = &show["if"];
                let flag = match condition.as_str() {
                    Some(flag) => flag.to_owned(),
                    None => {
                        let object = condition.as_object().expect("a flag or an object");
                        assert_eq!(object.len(), 1, "{show}");
                        object.keys().next().expect("one flag").clone()
                    }
                };
                // The condition names a boolean field of the same type.
                assert!(
                    fields
                        .iter()
                        .any(|f| f["id"] == flag.as_str() && f["type"] == "boolean"),
                    "{flag} in {kind}"
                );
            }
        }
    }
    let find = |name: &str| {
        types
            .iter()
            .find(|t| t["service_name"] == name)
            .unwrap_or_else(|| panic!("{name} listed"))
    };
    // Several types only the Census app or a Connect Link can create; some have no field list.
    let not_creatable: Vec<&str> = types
        .iter()
        .filter(|t| t["creatable_via_api"] == false)
        .map(|t| t["service_name"].as_str().expect("name"))
        .collect();
    assert_eq!(not_creatable, ["google_sheets", "airtable", "salesforce"]);
    let without_fields: Vec<&str> = types
        .iter()
        .filter(|t| t["configuration_fields"].is_null())
        .map(|t| t["service_name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        without_fields,
        ["trino", "http_request", "google_sheets", "salesforce"]
    );

    // Required without a condition.
    let required = |name: &str| -> Vec<String> {
        find(name)["configuration_fields"]["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .filter(|f| f["rules"] == json!(["required"]) && f.get("show").is_none())
            .map(|f| f["id"].as_str().expect("id").to_owned())
            .collect()
    };
    assert_eq!(required("snowflake"), ["account", "warehouse", "user"]);
    assert_eq!(required("big_query"), ["project_id", "service_account_key"]);
    for sql in ["redshift", "postgres", "mysql", "sqlserver"] {
        assert_eq!(
            required(sql),
            ["hostname", "port", "database", "user", "password"]
        );
    }
    assert_eq!(
        required("databricks"),
        ["server_hostname", "http_path", "access_token"]
    );
    let key = find("big_query")["configuration_fields"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["id"] == "service_account_key")
        .expect("key field")
        .clone();
    assert_eq!(key["input_type"], json!({"type": "textarea"}));
    assert_eq!(key["is_password_type_field"], true);
    let port = &find("redshift")["configuration_fields"]["fields"][1];
    assert_eq!(
        (port["id"].as_str(), port["type"].as_str()),
        (Some("port"), Some("integer"))
    );
    // Snowflake's password applies unless key-pair auth is on; the private key when it is.
    let snowflake = find("snowflake")["configuration_fields"]["fields"]
        .as_array()
        .expect("fields")
        .clone();
    let show = |id: &str| {
        snowflake
            .iter()
            .find(|f| f["id"] == id)
            .map(|f| f["show"].clone())
            .expect(id)
    };
    assert_eq!(show("password"), json!({"if": {"use_keypair": false}}));
    assert_eq!(show("private_key"), json!({"if": "use_keypair"}));
    assert_eq!(
        find("snowflake")["supported_sync_engines"],
        json!(["basic", "advanced"])
    );
    assert_eq!(find("postgres")["supported_sync_engines"], json!(["basic"]));
}

#[tokio::test]
async fn a_source_type_is_fetched_by_name_and_unknown_is_404_in_both_shapes() {
    let app = seeded(0);
    let listed = ok(&app, "/source_types?order=asc&per_page=99").await["data"][0].clone();
    let body = ok(&app, "/source_types/snowflake").await;
    assert_eq!(body["data"], listed);
    let kind: WireSourceType = serde_json::from_value(body["data"].clone()).expect("client shape");
    assert!(kind.creatable_via_api);
    let salesforce = ok(&app, "/source_types/salesforce").await;
    assert_eq!(salesforce["data"]["creatable_via_api"], false);
    assert_eq!(salesforce["data"]["configuration_fields"], Value::Null);

    for name in ["oracle9", "SNOWFLAKE", "snow%20flake"] {
        let message = get(&app, &format!("/source_types/{name}"))
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
        assert!(message.contains("not found"), "{message}");
    }
    let reply = get(&app, "/source_types/oracle9").await;
    assert!(reply.expect_word("not_found").contains("oracle9"));

    // The integer shape, per request...
    let request = api(Method::GET, "/source_types/oracle9")
        .header(NOT_FOUND_SHAPE_HEADER, "code")
        .body(Body::empty())
        .expect("request");
    let reply = send(&app, request).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(
        reply.json(),
        json!({"status": 404, "message": "Source type \"oracle9\" not found"})
    );

    // ...or configured, which a request can still override.
    let coded = census_local::app(Config {
        not_found_shape: NotFoundShape::Code,
        ..base_config()
    });
    let reply = get(&coded, "/source_types/oracle9").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.json()["status"], 404);
    let request = api(Method::GET, "/source_types/oracle9")
        .header(NOT_FOUND_SHAPE_HEADER, "word")
        .body(Body::empty())
        .expect("request");
    send(&coded, request)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(
        ok(&coded, "/source_types/postgres").await["data"]["service_name"],
        "postgres"
    );
}

#[tokio::test]
async fn the_configured_not_found_shape_applies_to_every_route() {
    let worded = app(Config {
        not_found_shape: NotFoundShape::Word,
        seed: 3,
        ..base_config()
    });
    // DELETE answers the integer shape by default; configured as words, it does not.
    delete(&worded, "/sources/999999")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    let coded = app(Config {
        not_found_shape: NotFoundShape::Code,
        seed: 3,
        ..base_config()
    });
    for path in [
        "/sources/999999",
        "/sources/999999/tables",
        "/sources/999999/tables/1",
        "/sources/999999/models/1",
        "/sources/999999/data_sources",
        "/source_types/nope",
        "/no/such/route",
    ] {
        let reply = get(&coded, path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.json()["status"], 404, "{path}: {}", reply.text());
    }
    // An unreadable header is ignored, as an unreadable fault header is.
    let request = api(Method::GET, "/sources/999999")
        .header(NOT_FOUND_SHAPE_HEADER, "teapot")
        .body(Body::empty())
        .expect("request");
    assert_eq!(send(&coded, request).await.json()["status"], 404);
}

// ---------------------------------------------------------------- create against the catalogue

fn postgres_credentials() -> Value {
    json!({"hostname": "db.acme.internal", "port": 5432, "user": "census", "password": "pw", "database": "app"})
}

#[tokio::test]
async fn create_refuses_types_and_credentials_the_catalogue_does_not_allow() {
    let app = seeded(2);
    let cases = [
        (
            json!({"type": "oracle9", "credentials": {"x": 1}}),
            vec!["oracle9", "not a known source type"],
        ),
        (
            json!({"type": "salesforce", "credentials": {"instance_url": "https://x.my.salesforce.com"}}),
            vec!["salesforce", "not creatable via the API"],
        ),
        (
            json!({"type": "airtable", "credentials": {"base_id": "app1", "personal_access_token": "pat"}}),
            vec!["airtable", "not creatable via the API"],
        ),
        (
            json!({"type": "postgres", "credentials": {"hostname": "h", "port": 5432, "user": "u"}}),
            vec!["postgres", "required fields", "database", "password"],
        ),
        (
            json!({"type": "redshift", "credentials": {"hostname": "h", "port": "5439", "user": "u", "database": "", "password": null}}),
            vec!["redshift", "database", "password"],
        ),
        (
            json!({"type": "snowflake", "credentials": {"account": "a", "user": "u", "password": "p"}}),
            vec!["a required field", "warehouse"],
        ),
        (
            json!({"type": "snowflake", "credentials": {"account": "a", "warehouse": "w", "user": "u", "use_keypair": true}}),
            vec!["private_key"],
        ),
        (
            json!({"type": "big_query", "credentials": {"project_id": "p"}}),
            vec!["service_account_key"],
        ),
        (
            json!({"type": "postgres", "sync_engine": "advanced", "credentials": postgres_credentials()}),
            vec!["connection.sync_engine", "postgres", "basic"],
        ),
    ];
    for (connection, needles) in cases {
        let message = post_source(&app, connection.clone())
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
        for needle in needles {
            assert!(message.contains(needle), "{connection}: {message}");
        }
    }
    let message = post_source(&app, json!({"type": "postgres", "credentials": {"hostname": "h", "port": 1, "database": "d", "user": "u"}}))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
    assert!(
        message.ends_with(": password"),
        "only the missing field is named: {message}"
    );
    assert_eq!(source_ids(&app).await.len(), 2, "nothing was created");

    // Complete credentials pass: key-pair Snowflake needs no password, and a type whose fields
    // the catalogue does not list takes whatever it is given.
    for connection in [
        json!({"type": "postgres", "credentials": postgres_credentials()}),
        json!({"type": "snowflake", "sync_engine": "advanced", "credentials": {
            "account": "acme.us-east-1", "warehouse": "W", "user": "U", "use_keypair": true,
            "private_key": "-----BEGIN PRIVATE KEY-----\nMII...\n-----END PRIVATE KEY-----"}}),
        json!({"type": "trino", "credentials": {}}),
    ] {
        let reply = post_source(&app, connection.clone()).await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "{connection}: {}",
            reply.text()
        );
        assert!(!reply.text().contains("PRIVATE KEY"));
    }
}

#[tokio::test]
async fn a_created_source_has_tables_and_loses_them_when_deleted() {
    let app = seeded(3);
    let reply = post_source(
        &app,
        json!({"type": "postgres", "credentials": postgres_credentials()}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let id = reply.json()["data"]["id"].as_u64().expect("id");

    let tables = ok(&app, &format!("/sources/{id}/tables?order=asc")).await;
    let count = tables["pagination"]["total_records"]
        .as_u64()
        .expect("total");
    assert!((3..=8).contains(&count), "{count}");
    for table in tables["data"].as_array().expect("data") {
        assert_eq!(table["table_catalog"], "app", "the credentials' database");
        assert_eq!(table["type"], "table");
    }
    let items = data_sources(&app, id).await;
    assert_eq!(items.len() as u64, count);
    assert!(
        of_kind(&items, "model").is_empty(),
        "a new source has no models yet"
    );
    let table_id = items[0]["id"].as_u64().expect("id");
    let detail = ok(&app, &format!("/sources/{id}/tables/{table_id}")).await;
    assert!(
        detail["data"]["columns"]
            .as_array()
            .is_some_and(|c| c.len() >= 2)
    );

    // Refreshing the tables leaves the list as it was.
    let refresh = send(
        &app,
        api(Method::POST, &format!("/sources/{id}/refresh_tables"))
            .body(Body::empty())
            .expect("r"),
    )
    .await;
    assert_eq!(refresh.status, StatusCode::OK);
    assert_eq!(
        ok(&app, &format!("/sources/{id}/tables?order=asc")).await["data"],
        tables["data"]
    );

    // New tables never reuse an id another source has.
    let mut seen = BTreeSet::new();
    for source in source_ids(&app).await {
        for item in data_sources(&app, source).await {
            assert!(seen.insert(item["id"].as_u64().expect("id")), "{item}");
        }
    }

    assert_eq!(
        delete(&app, &format!("/sources/{id}")).await.json(),
        json!({"status": "deleted"})
    );
    for path in [
        format!("/sources/{id}/tables"),
        format!("/sources/{id}/tables/{table_id}"),
        format!("/sources/{id}/data_sources"),
    ] {
        assert_eq!(
            get(&app, &path)
                .await
                .expect_error(StatusCode::NOT_FOUND, "not_found"),
            "Source not found",
            "{path}"
        );
    }
}

// ---------------------------------------------------------------- tables

/// The oldest seeded source with more than `min` tables, and its tables in id order.
async fn source_with_tables(app: &Router, min: usize) -> (u64, Vec<Value>) {
    let (id, items) = find_source(app, |items| of_kind(items, "table").len() > min).await;
    let tables = of_kind(&items, "table").into_iter().cloned().collect();
    (id, tables)
}

#[tokio::test]
async fn tables_page_by_id_in_both_orders() {
    let app = seeded(12);
    let (id, tables) = source_with_tables(&app, 26).await;
    let all_ids = ids(&Value::Array(tables.clone()));
    assert!(all_ids.windows(2).all(|w| w[0] < w[1]));
    let total = all_ids.len();

    // The default: 25 per page, newest (highest id) first.
    let body = ok(&app, &format!("/sources/{id}/tables")).await;
    let page: Page<WireTable> = serde_json::from_value(body.clone()).expect("the client reads it");
    let mut expected: Vec<u64> = all_ids.iter().rev().copied().collect();
    assert_eq!(
        page.data.iter().map(|t| t.id).collect::<Vec<_>>(),
        expected[..25]
    );
    assert_eq!(
        body["pagination"],
        json!({"total_records": total, "per_page": 25, "prev_page": null, "page": 1, "next_page": 2, "last_page": 2})
    );
    assert_eq!(
        body["next"],
        format!("http://{HOST}/api/v1/sources/{id}/tables?page=2&per_page=25&order=desc")
    );
    for item in body["data"].as_array().expect("data") {
        let keys: BTreeSet<&str> = item
            .as_object()
            .expect("item")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            BTreeSet::from(["type", "id", "table_catalog", "table_schema", "table_name"]),
            "no columns in lists"
        );
        assert_eq!(item["type"], "table");
    }
    let second = ok(&app, &format!("/sources/{id}/tables?page=2")).await;
    assert_eq!(ids(&second["data"]), expected[25..]);
    assert_eq!(second["pagination"]["prev_page"], 1);
    assert!(second.get("next").is_none());

    // asc walks the same tables the other way, page by page.
    let mut walked = Vec::new();
    for page in 1..=total.div_ceil(10) {
        walked.extend(ids(&ok(
            &app,
            &format!("/sources/{id}/tables?order=asc&per_page=10&page={page}"),
        )
        .await["data"]));
    }
    expected.reverse();
    assert_eq!(walked, expected);
    let capped = ok(&app, &format!("/sources/{id}/tables?per_page=1000")).await;
    assert_eq!(capped["pagination"]["per_page"], 100);
    assert_eq!(capped["data"].as_array().map(Vec::len), Some(total));
    for bad in ["order=up", "page=x", "per_page=1.5"] {
        let message = get(&app, &format!("/sources/{id}/tables?{bad}"))
            .await
            .expect_error(StatusCode::BAD_REQUEST, "error");
        assert!(
            message.contains(bad.split('=').next().expect("name")),
            "{message}"
        );
    }
}

#[tokio::test]
async fn table_search_filters_by_name_or_schema_and_table() {
    let app = seeded(12);
    let (id, tables) = source_with_tables(&app, 20).await;
    let name_of = |t: &Value| t["table_name"].as_str().expect("name").to_owned();

    // A plain term: a case-insensitive substring of table_name; totals count only matches.
    let term = name_of(&tables[0])[..3].to_owned();
    let expected: Vec<u64> = tables
        .iter()
        .filter(|t| name_of(t).to_lowercase().contains(&term.to_lowercase()))
        .map(|t| t["id"].as_u64().expect("id"))
        .collect();
    assert!(
        !expected.is_empty() && expected.len() < tables.len(),
        "{term}"
    );
    let shouted = term.to_uppercase();
    let body = ok(
        &app,
        &format!("/sources/{id}/tables?order=asc&search={shouted}"),
    )
    .await;
    assert_eq!(ids(&body["data"]), expected);
    assert_eq!(body["pagination"]["total_records"], expected.len());

    // Paged, the next link keeps the search.
    if expected.len() > 1 {
        let body = ok(
            &app,
            &format!("/sources/{id}/tables?order=asc&per_page=1&search={term}"),
        )
        .await;
        assert_eq!(body["pagination"]["last_page"], expected.len());
        assert_eq!(
            body["next"],
            format!(
                "http://{HOST}/api/v1/sources/{id}/tables?page=2&per_page=1&order=asc&search={term}"
            )
        );
    }

    // "schema.table" finds that table; the schema alone does not match table names.
    let target = &tables[tables.len() / 2];
    let qualified = format!(
        "{}.{}",
        target["table_schema"].as_str().expect("schema"),
        name_of(target)
    );
    let body = ok(
        &app,
        &format!("/sources/{id}/tables?search={}", qualified.to_uppercase()),
    )
    .await;
    assert_eq!(body["data"], json!([target]));
    let schema = target["table_schema"].as_str().expect("schema");
    let by_name: Vec<u64> = tables
        .iter()
        .filter(|t| name_of(t).to_lowercase().contains(&schema.to_lowercase()))
        .map(|t| t["id"].as_u64().expect("id"))
        .collect();
    let body = ok(
        &app,
        &format!("/sources/{id}/tables?order=asc&per_page=100&search={schema}"),
    )
    .await;
    assert_eq!(
        ids(&body["data"]),
        by_name,
        "a dotless term is matched on names only"
    );
    let body = ok(
        &app,
        &format!("/sources/{id}/tables?order=asc&per_page=100&search={schema}."),
    )
    .await;
    let in_schema: Vec<u64> = tables
        .iter()
        .filter(|t| t["table_schema"] == schema)
        .map(|t| t["id"].as_u64().expect("id"))
        .collect();
    assert!(!in_schema.is_empty());
    assert_eq!(
        ids(&body["data"]),
        in_schema,
        "\"schema.\" lists the schema"
    );
    let body = ok(
        &app,
        &format!("/sources/{id}/tables?search=%20{qualified}%20"),
    )
    .await;
    assert_eq!(
        ids(&body["data"]),
        [target["id"].as_u64().expect("id")],
        "blanks are trimmed"
    );

    // No match: one empty page.
    let body = ok(
        &app,
        &format!("/sources/{id}/tables?search=zzz_no_such_table&page=3"),
    )
    .await;
    assert_eq!(body["data"], json!([]));
    assert_eq!(
        body["pagination"],
        json!({"total_records": 0, "per_page": 25, "prev_page": 1, "page": 3, "next_page": null, "last_page": 1})
    );
    let body = ok(
        &app,
        &format!("/sources/{id}/tables?search=zzz_no_such_table"),
    )
    .await;
    assert_eq!(
        body["pagination"],
        json!({"total_records": 0, "per_page": 25, "prev_page": null, "page": 1, "next_page": null, "last_page": 1})
    );
    // An empty search is no search.
    let body = ok(&app, &format!("/sources/{id}/tables?search=&per_page=100")).await;
    assert_eq!(body["pagination"]["total_records"], tables.len());
}

#[tokio::test]
async fn a_table_is_fetched_with_its_columns() {
    let app = seeded(6);
    let (id, tables) = source_with_tables(&app, 3).await;
    for listed in [&tables[0], &tables[tables.len() - 1]] {
        let table_id = listed["id"].as_u64().expect("id");
        let body = ok(&app, &format!("/sources/{id}/tables/{table_id}")).await;
        let data = &body["data"];
        for key in ["type", "id", "table_catalog", "table_schema", "table_name"] {
            assert_eq!(data[key], listed[key], "{key}");
        }
        let columns = data["columns"].as_array().expect("columns");
        assert!((2..=15).contains(&columns.len()), "{data}");
        for column in columns {
            assert_eq!(column.as_object().map(|c| c.len()), Some(2), "{column}");
            assert!(!column["name"].as_str().expect("name").is_empty());
            assert!(!column["type"].as_str().expect("type").is_empty());
        }
        let table: WireTable = serde_json::from_value(data.clone()).expect("the client reads it");
        assert_eq!(table.columns.map(|c| c.len()), Some(columns.len()));
    }
}

#[tokio::test]
async fn a_table_of_another_source_or_an_unknown_one_is_not_found() {
    let app = seeded(6);
    let sources = source_ids(&app).await;
    let (first, second) = (sources[0], sources[1]);
    let theirs = data_sources(&app, second).await;
    let foreign = theirs[0]["id"].as_u64().expect("id");
    let ours = data_sources(&app, first).await;
    let (id, items) = find_source(&app, |items| !of_kind(items, "model").is_empty()).await;
    let model_id = of_kind(&items, "model")[0]["id"].as_u64().expect("id");
    let table_id = of_kind(&items, "table")[0]["id"].as_u64().expect("id");

    for path in [
        format!("/sources/{first}/tables/{foreign}"),
        format!("/sources/{first}/tables/0"),
        format!("/sources/{first}/tables/abc"),
        format!("/sources/{first}/tables/-{}", ours[0]["id"]),
        format!("/sources/{first}/tables/99999999999999999999999"),
        format!("/sources/{id}/tables/{model_id}"),
    ] {
        let message = get(&app, &path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
        assert_eq!(message, "Table not found", "{path}");
    }
    for path in [
        format!("/sources/{first}/models/{foreign}"),
        format!("/sources/{id}/models/{table_id}"),
        format!("/sources/{id}/models/nope"),
    ] {
        let message = get(&app, &path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
        assert_eq!(message, "Model not found", "{path}");
    }
    // An unknown source is reported before the object.
    for path in [
        format!("/sources/999999/tables/{foreign}"),
        format!("/sources/x/models/{model_id}"),
        "/sources/999999/tables?search=users".to_owned(),
        "/sources/999999/data_sources?order=sideways".to_owned(),
    ] {
        let message = get(&app, &path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
        assert_eq!(message, "Source not found", "{path}");
    }
    // And the other shape, on request.
    let request = api(Method::GET, &format!("/sources/{first}/tables/{foreign}"))
        .header(NOT_FOUND_SHAPE_HEADER, "code")
        .body(Body::empty())
        .expect("request");
    assert_eq!(
        send(&app, request).await.json(),
        json!({"status": 404, "message": "Table not found"})
    );
}

// ---------------------------------------------------------------- models and data sources

#[tokio::test]
async fn models_are_fetched_with_columns_and_a_compiled_query_when_dbt_backed() {
    let app = seeded(36);
    let mut compiled = 0;
    let mut plain = 0;
    for source in source_ids(&app).await {
        let items = data_sources(&app, source).await;
        for listed in of_kind(&items, "model") {
            let model_id = listed["id"].as_u64().expect("id");
            let body = fetched_model(&app, &format!("/sources/{source}/models/{model_id}")).await;
            let data = &body["data"];
            for key in ["type", "id", "name", "query", "created_at", "updated_at"] {
                assert_eq!(data[key], listed[key], "{key}");
            }
            assert!(data["created_at"].as_str() <= data["updated_at"].as_str());
            let columns = data["columns"].as_array().expect("columns");
            assert!(columns.len() >= 2);
            let query = data["query"].as_str().expect("query");
            match &data["compiled_query"] {
                Value::String(sql) => {
                    compiled += 1;
                    assert!(query.contains("{{ ref('"), "{query}");
                    assert!(!sql.contains("{{"), "{sql}");
                }
                Value::Null => {
                    plain += 1;
                    assert!(query.starts_with("select "), "{query}");
                }
                other => panic!("compiled_query {other}"),
            }
            // Every selected column is one the query names.
            for column in columns {
                assert!(query.contains(column["name"].as_str().expect("name")));
            }
            let model: WireModel =
                serde_json::from_value(data.clone()).expect("the client reads it");
            assert_eq!(
                model.compiled_query.is_some(),
                data["compiled_query"].is_string()
            );
        }
    }
    assert!(compiled > 5 && plain > 5, "{compiled} dbt, {plain} plain");
}

#[tokio::test]
async fn data_sources_list_tables_then_models_with_unique_ids() {
    let app = seeded(12);
    let (id, items) = find_source(&app, |items| {
        !of_kind(items, "model").is_empty() && of_kind(items, "table").len() > 3
    })
    .await;
    let all = ids(&Value::Array(items.clone()));
    assert!(
        all.windows(2).all(|w| w[0] < w[1]),
        "ascending ids, so no repeats: {all:?}"
    );
    let first_model = items
        .iter()
        .position(|i| i["type"] == "model")
        .expect("a model");
    assert!(
        items[first_model..].iter().all(|i| i["type"] == "model"),
        "tables, then models"
    );
    for item in &items {
        let keys: BTreeSet<&str> = item
            .as_object()
            .expect("item")
            .keys()
            .map(String::as_str)
            .collect();
        // A model is census-core's Model: the legacy members, and today's `compiled_query`,
        // `source_object_id` and the API's misspelt `"dataset_id="`.
        let expected = if item["type"] == "table" {
            BTreeSet::from(["type", "id", "table_catalog", "table_schema", "table_name"])
        } else {
            BTreeSet::from([
                "type",
                "id",
                "name",
                "query",
                "created_at",
                "updated_at",
                "compiled_query",
                "source_object_id",
                "dataset_id=",
            ])
        };
        assert_eq!(keys, expected, "{item}");
    }
    // The tables are the /tables list's.
    let tables = ok(
        &app,
        &format!("/sources/{id}/tables?order=asc&per_page=100"),
    )
    .await;
    assert_eq!(
        tables["data"].as_array().expect("data")[..],
        items[..first_model]
    );

    // desc (the default) is the reverse, paged like every list, and the client reads it.
    let body = ok(&app, &format!("/sources/{id}/data_sources?per_page=3")).await;
    let page: Page<DataSource> = serde_json::from_value(body.clone()).expect("the client reads it");
    let newest: Vec<u64> = all.iter().rev().take(3).copied().collect();
    let read: Vec<u64> = page
        .data
        .iter()
        .map(|item| match item {
            DataSource::Table(table) => table.id,
            DataSource::Model(model) => model.id,
        })
        .collect();
    assert_eq!(read, newest);
    assert!(
        matches!(page.data[0], DataSource::Model(_)),
        "the newest is a model"
    );
    assert_eq!(body["pagination"]["total_records"], items.len());
    assert_eq!(body["pagination"]["last_page"], items.len().div_ceil(3));
    assert_eq!(
        body["next"],
        format!("http://{HOST}/api/v1/sources/{id}/data_sources?page=2&per_page=3&order=desc")
    );

    // Some sources have no models at all.
    let (_, bare) = find_source(&app, |items| of_kind(items, "model").is_empty()).await;
    assert!(!bare.is_empty());
}

// ---------------------------------------------------------------- auth, CORS, faults

const NEW_ROUTES: &[&str] = &[
    "/source_types",
    "/source_types/snowflake",
    "/sources/3/tables",
    "/sources/3/tables/3",
    "/sources/3/models/11",
    "/sources/3/data_sources",
];

#[tokio::test]
async fn the_new_routes_need_the_token() {
    let app = app(Config {
        seed: 36,
        strict_auth: true,
        ..base_config()
    });
    for path in NEW_ROUTES {
        assert_eq!(get(&app, path).await.status, StatusCode::OK, "{path}");
        for token in [None, Some("Bearer wrong"), Some("Basic YmVhcmVyOndyb25n")] {
            let mut builder = Request::builder()
                .uri(format!("/api/v1{path}"))
                .header(header::HOST, HOST)
                .header(header::ORIGIN, OTHER_ORIGIN);
            if let Some(token) = token {
                builder = builder.header(header::AUTHORIZATION, token);
            }
            let reply = send(&app, builder.body(Body::empty()).expect("request")).await;
            assert_eq!(
                reply.expect_error(StatusCode::UNAUTHORIZED, "error"),
                "Invalid credentials",
                "{path} {token:?}"
            );
            assert_eq!(
                reply.header("access-control-allow-origin"),
                Some(OTHER_ORIGIN)
            );
        }
    }
}

#[tokio::test]
async fn preflights_to_the_new_routes_are_answered() {
    let app = app(Config {
        strict_auth: true,
        ..base_config()
    });
    for path in NEW_ROUTES {
        let request = Request::builder()
            .method(Method::OPTIONS)
            .uri(format!("/api/v1{path}"))
            .header(header::HOST, HOST)
            .header(header::ORIGIN, OTHER_ORIGIN)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .header(
                header::ACCESS_CONTROL_REQUEST_HEADERS,
                "authorization,x-census-local-not-found-shape",
            )
            .body(Body::empty())
            .expect("request");
        let reply = send(&app, request).await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{path}");
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some(OTHER_ORIGIN)
        );
        let allowed = reply
            .header("access-control-allow-headers")
            .expect("allow-headers");
        assert!(allowed.contains("authorization"), "{allowed}");
        assert!(allowed.contains(NOT_FOUND_SHAPE_HEADER), "{allowed}");
        assert!(
            reply
                .header("access-control-allow-methods")
                .expect("methods")
                .contains("GET")
        );
    }
}

#[tokio::test]
async fn faults_and_rules_reach_the_new_routes() {
    let app = seeded(36);
    for path in NEW_ROUTES {
        let request = api(Method::GET, path)
            .header(FAULT_HEADER, "503")
            .body(Body::empty())
            .expect("request");
        send(&app, request)
            .await
            .expect_error(StatusCode::SERVICE_UNAVAILABLE, "error");
    }
    let rule = json!({"route": "GET /sources/*/tables", "fault": "rate_limit:2", "times": 1});
    let reply = send(&app, control(Method::POST, "/faults", Some(&rule))).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let limited = get(&app, "/sources/3/tables").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.header("retry-after"), Some("2"));
    assert_eq!(get(&app, "/sources/3/tables").await.status, StatusCode::OK);
    let reply = send(
        &app,
        api(Method::POST, "/source_types")
            .body(Body::empty())
            .expect("r"),
    )
    .await;
    reply.expect_error(StatusCode::METHOD_NOT_ALLOWED, "error");
}

// ---------------------------------------------------------------- seeds and reset

/// Every source's data sources, in full.
async fn snapshot(app: &Router) -> Vec<(u64, Vec<Value>)> {
    let mut all = Vec::new();
    for id in source_ids(app).await {
        all.push((id, data_sources(app, id).await));
    }
    all
}

#[tokio::test]
async fn seeds_are_deterministic_and_reset_restores_tables_and_models() {
    let first = seeded(8);
    let before = snapshot(&first).await;
    assert_eq!(
        before,
        snapshot(&seeded(8)).await,
        "the same seed, the same data"
    );

    let created = post_source(
        &first,
        json!({"type": "postgres", "credentials": postgres_credentials()}),
    )
    .await;
    let new_id = created.json()["data"]["id"].as_u64().expect("id");
    let (gone, _) = &before[0];
    delete(&first, &format!("/sources/{gone}")).await;
    let rule = json!({"route": "GET /source_types", "create": 2});
    send(&first, control(Method::POST, "/mutations", Some(&rule))).await;
    ok(&first, "/source_types").await;
    let changed = snapshot(&first).await;
    assert_ne!(changed, before);
    // Sources made by mutation rules have tables too, numbered after every earlier one.
    let newest = &changed[changed.len() - 1].1;
    assert!(newest.len() >= 3);
    let max_before = before
        .iter()
        .flat_map(|(_, items)| ids(&Value::Array(items.clone())))
        .max();
    assert!(
        ids(&Value::Array(newest.clone()))
            .iter()
            .all(|id| Some(*id) > max_before)
    );

    let reset = send(&first, control(Method::POST, "/reset", None)).await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    assert_eq!(snapshot(&first).await, before);
    get(&first, &format!("/sources/{new_id}/tables"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    // After a reset, a created source gets the same tables as the first time.
    let again = post_source(
        &first,
        json!({"type": "postgres", "credentials": postgres_credentials()}),
    )
    .await;
    assert_eq!(again.json()["data"]["id"], new_id);
}

/// The facts about the default workspace (`--seed 36`) that the client's tests may rely on.
#[tokio::test]
async fn the_default_seed_holds_the_documented_facts() {
    let app = seeded(36);
    let tables = ok(&app, "/sources/3/tables?order=asc").await;
    assert_eq!(tables["pagination"]["total_records"], 7);
    assert_eq!(
        tables["data"][0],
        json!({"type": "table", "id": 3, "table_catalog": "def", "table_schema": "crm", "table_name": "payments"})
    );
    let table = ok(&app, "/sources/3/tables/3").await;
    assert_eq!(
        table["data"]["columns"],
        json!([{"name": "id", "type": "integer"}, {"name": "invoice_id", "type": "integer"},
               {"name": "amount", "type": "decimal (18,2)"}])
    );
    let items = data_sources(&app, 3).await;
    assert_eq!(
        ids(&Value::Array(items.clone())),
        [3, 4, 5, 6, 7, 8, 9, 11, 12]
    );
    let model = fetched_model(&app, "/sources/3/models/11").await;
    assert_eq!(model["data"]["name"], "marketo_user_segments");
    assert!(model["data"]["compiled_query"].is_string());
    let model = fetched_model(&app, "/sources/11/models/118").await;
    assert_eq!(model["data"]["name"], "trial_sessions");
    assert_eq!(model["data"]["compiled_query"], Value::Null);
    assert!(of_kind(&data_sources(&app, 14).await, "model").is_empty());
    assert_eq!(
        ok(&app, "/sources/11/tables").await["pagination"]["total_records"],
        40
    );
}

// ---------------------------------------------------------------- workspace

#[tokio::test]
async fn the_workspace_is_the_clients_own_model_and_needs_the_token() {
    let app = seeded(2);
    let body = ok(&app, "/workspace").await;
    assert_eq!(body["status"], "success");
    let workspace: census_core::models::Workspace =
        serde_json::from_value(body["data"].clone()).expect("the core model reads it");
    assert_eq!(workspace.name, "Census local");
    assert!(workspace.id > 0);
    let refused = get_with(&app, "wrong-token", "/workspace").await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn tables_are_sorted_by_order_by_whatever_the_order() {
    let app = seeded(12);
    let (id, _) = source_with_tables(&app, 5).await;
    let names = |body: &Value| -> Vec<String> {
        body["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|t| t["table_name"].as_str().expect("name").to_owned())
            .collect()
    };
    let asc = ok(
        &app,
        &format!("/sources/{id}/tables?per_page=100&order_by=table_name:asc"),
    )
    .await;
    let mut expected = names(&asc);
    assert!(expected.len() > 2);
    let mut sorted = expected.clone();
    sorted.sort();
    assert_eq!(expected, sorted);
    // `order` has no say once order_by is given; `desc` turns it around.
    let with_order = ok(
        &app,
        &format!("/sources/{id}/tables?per_page=100&order=asc&order_by=table_name"),
    )
    .await;
    assert_eq!(names(&with_order), expected);
    let desc = ok(
        &app,
        &format!("/sources/{id}/tables?per_page=100&order_by=table_name:desc"),
    )
    .await;
    expected.reverse();
    assert_eq!(names(&desc), expected);
    // The next page's link keeps the sort.
    let first = ok(
        &app,
        &format!("/sources/{id}/tables?per_page=1&order_by=table_name:desc"),
    )
    .await;
    assert!(
        first["next"]
            .as_str()
            .expect("next")
            .contains("order_by=table_name%3Adesc"),
        "{}",
        first["next"]
    );
    get(&app, &format!("/sources/{id}/tables?order_by=colour:asc"))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "error");
    get(
        &app,
        &format!("/sources/{id}/tables?order_by=table_name:up"),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "error");
}
