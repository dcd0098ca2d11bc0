//! Destinations, their objects and fields, the refresh of their objects, and the destination
//! types (`/connectors`): paging, 404s, 422s naming the field, creation answered as for sources,
//! patch and delete, and every awkward object name round-tripping as one path segment. Driven
//! in-process through `app(config).oneshot(request)`; answers are read back through the
//! client's own wire models, so a shape the client could not read fails here first.

mod common;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, StatusCode, header};
use census_core::models::{Page, RefreshKey, RefreshStatus};
use census_core::syncs::{AuthMethod, Connector, Destination, DestinationObject};
use census_local::{CREATE_SHAPE_HEADER, Config, app};
use common::*;
use serde_json::{Value, json};

fn seeded(seed: usize) -> Router {
    app(Config {
        seed,
        refresh: Duration::from_millis(300),
        ..base_config()
    })
}

fn page<T: serde::de::DeserializeOwned>(body: &Value) -> Page<T> {
    serde_json::from_value(body.clone()).expect("a page the client reads")
}

fn ids(page: &Page<Destination>) -> Vec<u64> {
    page.data.iter().map(|d| d.id).collect()
}

/// Percent-encodes a path segment: everything but RFC 3986's unreserved characters.
fn encode(segment: &str) -> String {
    segment
        .bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

// ---------------------------------------------------------------- destinations

#[tokio::test]
async fn destinations_page_newest_first_without_objects() {
    let app = seeded(36);
    let body = ok(&app, "/destinations").await;
    let all: Page<Destination> = page(&body);
    assert_eq!(ids(&all), [18, 16, 15, 14, 12]);
    assert_eq!(
        body["pagination"],
        json!({"total_records": 5, "per_page": 25, "prev_page": null, "page": 1, "next_page": null, "last_page": 1})
    );
    assert!(all.data.iter().all(|d| d.objects.is_none()));

    let body = ok(&app, "/destinations?per_page=2&page=2&order=asc").await;
    assert_eq!(ids(&page(&body)), [15, 16]);
    assert_eq!(
        body["pagination"],
        json!({"total_records": 5, "per_page": 2, "prev_page": 1, "page": 2, "next_page": 3, "last_page": 3})
    );
    assert_eq!(
        body["next"],
        "http://census.test:8787/api/v1/destinations?page=3&per_page=2&order=asc"
    );
    let zero = ok(&app, "/destinations?page=0&per_page=500").await;
    assert_eq!(zero["pagination"]["page"], 1);
    assert_eq!(zero["pagination"]["per_page"], 100);
    get(&app, "/destinations?order=sideways")
        .await
        .expect_error(StatusCode::BAD_REQUEST, "error");
}

#[tokio::test]
async fn a_destination_is_fetched_with_its_objects_and_never_shows_secrets() {
    let app = seeded(36);
    let body = ok(&app, "/destinations/16").await;
    let salesforce: Destination = serde_json::from_value(body["data"].clone()).expect("read");
    assert_eq!(salesforce.name, "Salesforce Production");
    assert_eq!(salesforce.destination_type.as_deref(), Some("salesforce"));
    let objects = salesforce.objects.expect("objects");
    let names: Vec<&str> = objects.iter().map(|o| o.full_name.as_str()).collect();
    assert_eq!(names, ["Account", "Contact", "Lead"]);
    assert!(objects.iter().all(|o| o.fields.is_none()), "no fields here");
    let details = salesforce.connection_details.expect("details");
    assert_eq!(details["instance_url"], "https://acme.my.salesforce.com");
    assert!(!details.contains_key("refresh_token"));

    let braze = ok(&app, "/destinations/15").await["data"].clone();
    assert_eq!(
        braze["connection_details"],
        json!({"instance_url": "https://rest.iad-03.braze.com"})
    );
    assert_eq!(
        braze["objects"][0],
        json!({"full_name": "user", "label": "User", "allow_custom_fields": true,
               "allow_case_sensitive_field_names": true,
               "supported_operations": ["upsert", "update", "mirror"]})
    );
    // Document 003's HubSpot: `credentials: {}` and no details.
    let hubspot = ok(&app, "/destinations/14").await["data"].clone();
    assert_eq!(hubspot["credentials"], json!({}));
    assert!(hubspot.get("connection_details").is_none());
}

#[tokio::test]
async fn unknown_destinations_and_objects_are_404() {
    let app = seeded(2);
    for path in [
        "/destinations/999",
        "/destinations/abc",
        "/destinations/-1",
        "/destinations/999/objects",
        "/destinations/999/objects/user",
        "/destinations/15/objects/nope",
        "/destinations/15/objects/User",
        "/destinations/999/refresh_objects_status?refresh_key=1",
    ] {
        get(&app, path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
    }
    for method in [Method::PATCH, Method::DELETE] {
        empty(&app, method, "/destinations/999")
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
    }
    empty(&app, Method::POST, "/destinations/999/refresh_objects")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn objects_page_in_both_orders_without_fields() {
    let app = seeded(2);
    let body = ok(&app, "/destinations/18/objects?order=asc&per_page=3").await;
    let first: Page<DestinationObject> = page(&body);
    let names: Vec<&str> = first.data.iter().map(|o| o.full_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "exports/2024/users.csv",
            "exports/2024/accounts.csv",
            "données/été 50%?#1.csv"
        ]
    );
    assert!(first.data.iter().all(|o| o.fields.is_none()));
    assert_eq!(body["pagination"]["total_records"], 4);
    assert_eq!(body["pagination"]["next_page"], 2);
    assert_eq!(
        body["next"],
        "http://census.test:8787/api/v1/destinations/18/objects?page=2&per_page=3&order=asc"
    );
    let desc: Page<DestinationObject> = page(&ok(&app, "/destinations/18/objects").await);
    assert_eq!(desc.data[0].full_name, "reports/q1 summary: v1.2.json");
}

#[tokio::test]
async fn an_object_comes_with_its_fields_in_the_documented_shape() {
    let app = seeded(2);
    let body = ok(&app, "/destinations/15/objects/user").await;
    let user: DestinationObject = serde_json::from_value(body["data"].clone()).expect("read");
    let fields = user.fields.expect("fields");
    assert_eq!(
        body["data"]["fields"][0],
        json!({"label": "First Name", "full_name": "first_name", "createable": true,
               "updateable": true, "operations": [], "array": false,
               "preserve_values_supported": false, "required_for_mapping": false,
               "can_be_upsert_key": false, "can_be_update_key": false,
               "can_be_insert_key": false, "can_be_reference_key": false,
               "lookup_object": null, "type": "String"})
    );
    let external = fields
        .iter()
        .find(|f| f.full_name == "external_id")
        .expect("key");
    assert_eq!(external.can_be_upsert_key, Some(true));
    let lead = ok(&app, "/destinations/16/objects/Lead").await;
    let fields: Vec<Value> = lead["data"]["fields"].as_array().expect("fields").clone();
    let field = |name: &str| {
        fields
            .iter()
            .find(|f| f["full_name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    assert_eq!(field("custom_field:Users")["array"], true);
    assert_eq!(
        field("custom_field:Users")["operations"],
        json!(["merge", "overwrite"])
    );
    assert_eq!(field("ConvertedAccountId")["lookup_object"], "Account");
    assert_eq!(field("LastName")["required_for_mapping"], true);
    field("user_identifier.hashed_email_PREHASHED");
}

/// Every object of every seeded destination, fetched by its encoded full name, comes back under
/// the same name: `/` (as `%2F`), `%`, `?`, `#`, spaces, dots, colons and non-ASCII letters.
#[tokio::test]
async fn every_object_name_round_trips_as_one_encoded_segment() {
    let app = seeded(2);
    let mut seen = Vec::new();
    for destination in [12, 14, 15, 16, 18] {
        let list = ok(
            &app,
            &format!("/destinations/{destination}/objects?per_page=100"),
        )
        .await;
        for object in list["data"].as_array().expect("objects") {
            let name = object["full_name"].as_str().expect("name").to_owned();
            let path = format!("/destinations/{destination}/objects/{}", encode(&name));
            let body = ok(&app, &path).await;
            assert_eq!(body["data"]["full_name"], name, "{path}");
            assert!(body["data"]["fields"].is_array(), "{path}");
            seen.push(name);
        }
    }
    for awkward in [
        "exports/2024/users.csv",
        "données/été 50%?#1.csv",
        "reports/q1 summary: v1.2.json",
        "Weekly Signups",
        "Customers (export)",
    ] {
        assert!(seen.iter().any(|name| name == awkward), "{awkward}");
    }

    // Hand-written encodings: colons and dots may stay bare, lowercase hex is the same escape.
    for (path, name) in [
        (
            "/destinations/18/objects/reports%2Fq1%20summary:%20v1.2.json",
            "reports/q1 summary: v1.2.json",
        ),
        (
            "/destinations/18/objects/donn%c3%a9es%2f%c3%a9t%c3%a9%2050%25%3f%231.csv",
            "données/été 50%?#1.csv",
        ),
        (
            "/destinations/12/objects/Weekly%20Signups",
            "Weekly Signups",
        ),
    ] {
        assert_eq!(ok(&app, path).await["data"]["full_name"], name, "{path}");
    }
    // A field name outside ASCII comes back as it is.
    let file = ok(
        &app,
        "/destinations/18/objects/donn%C3%A9es%2F%C3%A9t%C3%A9%2050%25%3F%231.csv",
    )
    .await;
    assert_eq!(file["data"]["fields"][1]["full_name"], "libellé");

    // Decoded exactly once: a double-encoded name is another (unknown) name; a bare `/`
    // splits the path, which then names no route; `%` without its escape is not the file.
    for path in [
        "/destinations/18/objects/exports%252F2024%252Fusers.csv",
        "/destinations/18/objects/exports/2024/users.csv",
        "/destinations/18/objects/donn%C3%A9es%2F%C3%A9t%C3%A9%2050%3F%231.csv",
        "/destinations/12/objects/Weekly+Signups",
    ] {
        get(&app, path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
    }
}

// ---------------------------------------------------------------- create, patch, delete

#[tokio::test]
async fn a_destination_is_created_as_a_source_is_and_lists_first() {
    let app = seeded(2);
    let created = with_json(
        &app,
        Method::POST,
        "/destinations",
        &json!({"service_connection": {"type": "braze", "name": "Braze EU",
            "credentials": {"instance_url": "https://rest.fra-01.braze.eu", "api_key": "k"}}}),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let body = created.json();
    assert_eq!(body["status"], "created");
    let destination: Destination = serde_json::from_value(body["data"].clone()).expect("read");
    assert_eq!(destination.id, 19, "after the seeded ids");
    assert_eq!(destination.name, "Braze EU");
    assert_eq!(
        destination.connection_details.as_ref().map(|d| d.len()),
        Some(1),
        "the api_key is not shown"
    );
    let objects = destination.objects.expect("objects");
    assert_eq!(objects.len(), 2);
    assert_eq!(
        ok(&app, "/destinations/19").await["data"],
        body["data"],
        "read back the same"
    );
    assert_eq!(ids(&page(&ok(&app, "/destinations").await))[0], 19);

    // Without a name, the type's label; the older `{id}` answer when asked for.
    let request = api_request(TOKEN, Method::POST, "/destinations")
        .header(CREATE_SHAPE_HEADER, "id")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"service_connection": {"type": "google_sheets", "credentials": {}}}).to_string(),
        ))
        .expect("request");
    let reply = send(&app, request).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.json(),
        json!({"status": "created", "data": {"id": 20}})
    );
    let sheets = ok(&app, "/destinations/20").await;
    assert_eq!(sheets["data"]["name"], "Google Sheets");
    assert_eq!(sheets["data"]["objects"][0]["full_name"], "Weekly Signups");
    // A type without a described schema still offers an object.
    let other = with_json(
        &app,
        Method::POST,
        "/destinations",
        &json!({"service_connection": {"type": "klaviyo", "credentials": {"api_key": "x"}}}),
    )
    .await;
    assert_eq!(other.json()["data"]["objects"][0]["full_name"], "profile");
}

#[tokio::test]
async fn creation_refuses_bad_bodies_naming_the_field() {
    let app = seeded(2);
    for (body, prefix) in [
        (json!({}), "service_connection: "),
        (
            json!({"service_connection": "braze"}),
            "service_connection: ",
        ),
        (
            json!({"service_connection": {"credentials": {}}}),
            "service_connection.type: ",
        ),
        (
            json!({"service_connection": {"type": "", "credentials": {}}}),
            "service_connection.type: ",
        ),
        (
            json!({"service_connection": {"type": "carrier_pigeon", "credentials": {}}}),
            "service_connection.type: \"carrier_pigeon\" is not a known connector",
        ),
        (
            json!({"service_connection": {"type": "braze"}}),
            "service_connection.credentials: must be an object",
        ),
        (
            json!({"service_connection": {"type": "braze", "credentials": "k"}}),
            "service_connection.credentials: ",
        ),
        (
            json!({"service_connection": {"type": "braze", "credentials": {}, "name": " "}}),
            "service_connection.name: ",
        ),
    ] {
        let reply = with_json(&app, Method::POST, "/destinations", &body).await;
        let message = reply.expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
        assert!(message.starts_with(prefix), "{body}: {message}");
    }
    let request = api_request(TOKEN, Method::POST, "/destinations")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{not json"))
        .expect("request");
    send(&app, request)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "error");
    assert_eq!(
        ok(&app, "/destinations").await["pagination"]["total_records"],
        5,
        "nothing was created"
    );
}

#[tokio::test]
async fn patch_renames_merges_credentials_and_refuses_the_type_and_nothing() {
    let app = seeded(2);
    let reply = with_json(
        &app,
        Method::PATCH,
        "/destinations/15",
        &json!({"service_connection": {"name": "Braze US",
            "credentials": {"instance_url": "https://rest.iad-05.braze.com", "api_key": "new"}}}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["status"], "updated");
    assert_eq!(body["data"]["name"], "Braze US");
    assert_eq!(
        body["data"]["connection_details"],
        json!({"instance_url": "https://rest.iad-05.braze.com"})
    );
    assert_eq!(ok(&app, "/destinations/15").await["data"], body["data"]);

    for (patch, prefix) in [
        (json!({"service_connection": {}}), "service_connection: "),
        (json!({}), "service_connection: "),
        (
            json!({"service_connection": {"type": "hubspot"}}),
            "service_connection.type: can only be set at creation",
        ),
        (
            json!({"service_connection": {"name": ""}}),
            "service_connection.name: ",
        ),
        (
            json!({"service_connection": {"credentials": []}}),
            "service_connection.credentials: ",
        ),
    ] {
        let reply = with_json(&app, Method::PATCH, "/destinations/15", &patch).await;
        let message = reply.expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
        assert!(message.starts_with(prefix), "{patch}: {message}");
    }
    assert_eq!(
        ok(&app, "/destinations/15").await["data"]["name"],
        "Braze US"
    );
}

#[tokio::test]
async fn a_deleted_destination_is_gone() {
    let app = seeded(2);
    let reply = empty(&app, Method::DELETE, "/destinations/18").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), json!({"status": "deleted"}));
    for path in [
        "/destinations/18",
        "/destinations/18/objects",
        "/destinations/18/objects/exports%2F2024%2Fusers.csv",
    ] {
        get(&app, path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
    }
    empty(&app, Method::DELETE, "/destinations/18")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(
        ids(&page(&ok(&app, "/destinations").await)),
        [16, 15, 14, 12]
    );
}

// ---------------------------------------------------------------- refresh objects

#[tokio::test(start_paused = true)]
async fn refresh_objects_is_processing_then_completed_on_the_refresh_clock() {
    let app = seeded(2);
    let reply = empty(&app, Method::POST, "/destinations/16/refresh_objects").await;
    assert_eq!(reply.status, StatusCode::OK);
    let key: RefreshKey = serde_json::from_value(reply.json()).expect("no envelope");
    let status = |key: u64| format!("/destinations/16/refresh_objects_status?refresh_key={key}");
    let read = |reply: Reply| -> RefreshStatus {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        serde_json::from_value(reply.json()).expect("no envelope")
    };
    let processing = read(get(&app, &status(key.refresh_key)).await);
    assert_eq!(processing.status.as_str(), "processing");
    tokio::time::advance(Duration::from_millis(299)).await;
    assert_eq!(
        read(get(&app, &status(key.refresh_key)).await)
            .status
            .as_str(),
        "processing"
    );
    tokio::time::advance(Duration::from_millis(1)).await;
    assert_eq!(
        read(get(&app, &status(key.refresh_key)).await)
            .status
            .as_str(),
        "completed"
    );

    // Keys come from the one counter the table refreshes use, and belong to their owner.
    let tables = empty(&app, Method::POST, "/sources/1/refresh_tables").await;
    let table_key = tables.json()["refresh_key"].as_u64().expect("key");
    assert_eq!(table_key, key.refresh_key + 1);
    get(&app, &status(table_key))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    get(
        &app,
        &format!(
            "/sources/1/refresh_tables_status?refresh_key={}",
            key.refresh_key
        ),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "not_found");
    get(
        &app,
        &format!(
            "/destinations/15/refresh_objects_status?refresh_key={}",
            key.refresh_key
        ),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "not_found");
    for bad in ["", "?refresh_key=", "?refresh_key=soon"] {
        let message = get(
            &app,
            &format!("/destinations/16/refresh_objects_status{bad}"),
        )
        .await
        .expect_error(StatusCode::BAD_REQUEST, "error");
        assert!(message.contains("refresh_key"), "{message}");
    }
}

// ---------------------------------------------------------------- connectors

#[tokio::test]
async fn connectors_page_like_source_types_and_are_fetched_by_name() {
    let app = seeded(0);
    let body = ok(&app, "/connectors?order=asc").await;
    let first: Page<Connector> = page(&body);
    let total = body["pagination"]["total_records"].as_u64().expect("total");
    assert!(total > 25, "more than a page: {total}");
    assert_eq!(body["pagination"]["last_page"], 2);
    let names: Vec<&str> = first.data.iter().map(|c| c.service_name.as_str()).collect();
    assert_eq!(
        names[..5],
        ["braze", "salesforce", "hubspot", "google_sheets", "s3"]
    );
    let second: Page<Connector> = page(&ok(&app, "/connectors?order=asc&page=2").await);
    assert_eq!(first.data.len() + second.data.len(), total as usize);
    let desc: Page<Connector> = page(&ok(&app, "/connectors?per_page=100").await);
    assert_eq!(
        desc.data.last().map(|c| c.service_name.as_str()),
        Some("braze")
    );
    assert!(
        desc.data
            .iter()
            .all(|c| !matches!(c.auth_method, Some(AuthMethod::Other(_)) | None))
    );

    let sheets = ok(&app, "/connectors/google_sheets").await;
    assert_eq!(
        sheets["data"],
        json!({"service_name": "google_sheets", "label": "Google Sheets",
               "auth_method": "oauth", "documentation_slug": "google-sheets"})
    );
    get(&app, "/connectors/carrier_pigeon")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}
