//! Connect and management links (24-hour expiry on tokio's paused clock, revoke, the seeded
//! expired and revoked ones, URIs on this server) and webhooks (the one-time secret, the signed
//! test delivery of the control API, its `X-Signature` checked here with HMAC-SHA256 computed
//! independently through `ring`).

mod common;

use std::time::Duration;

use axum::Router;
use axum::http::{Method, StatusCode};
use census_core::syncs::Connector;
use census_core::workspace_models::{Link, Webhook};
use census_local::{Config, app};
use common::*;
use ring::hmac;
use serde_json::{Value, json};

const DAY: Duration = Duration::from_secs(24 * 3600);

fn seeded() -> Router {
    app(Config {
        seed: 36,
        ..base_config()
    })
}

/// A link answered 201 `{"status": "created", "data": link}`.
fn created_link(reply: &Reply) -> Link {
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["status"], "created");
    serde_json::from_value(body["data"].clone()).expect("a Link")
}

fn link_of(reply: &Reply) -> Link {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    serde_json::from_value(reply.json()["data"].clone()).expect("a Link")
}

async fn listed(app: &Router, path: &str) -> Vec<Link> {
    serde_json::from_value(ok(app, &format!("{path}?order=asc&per_page=100")).await["data"].clone())
        .expect("Links")
}

/// Milliseconds since the epoch of a timestamp as the API writes it (`2026-01-01T00:00:00.000Z`).
fn epoch_ms(at: &str) -> i64 {
    let n = |range: std::ops::Range<usize>| at[range].parse::<i64>().expect("digits");
    let (year, month, day) = (n(0..4), n(5..7), n(8..10));
    // Days from civil (Howard Hinnant), written out again here rather than borrowed.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400_000 + n(11..13) * 3_600_000 + n(14..16) * 60_000 + n(17..19) * 1000 + n(20..23)
}

// ---------------------------------------------------------------- links

#[tokio::test(start_paused = true)]
async fn a_source_connect_link_expires_after_24_hours_and_revokes() {
    let app = seeded();
    let seeded = listed(&app, "/source_connect_links").await;
    assert_eq!(seeded.len(), 1);
    assert_eq!(seeded[0].id, 601);
    assert_eq!(seeded[0].expired, Some(true), "seeded in 2025");
    assert_eq!(seeded[0].revoked, Some(false));

    let link = created_link(
        &with_json(
            &app,
            Method::POST,
            "/source_connect_links",
            &json!({"type": "snowflake", "redirect_uri": "https://admin.example.com/back"}),
        )
        .await,
    );
    assert_eq!(link.id, 604);
    assert_eq!(link.link_type.as_deref(), Some("snowflake"));
    assert_eq!(
        link.redirect_uri.as_deref(),
        Some("https://admin.example.com/back")
    );
    assert_eq!((link.expired, link.revoked), (Some(false), Some(false)));
    let uri = link.uri.clone().expect("uri");
    assert!(
        uri.starts_with(&format!("http://{HOST}/embedded/source_connect/604/")),
        "{uri}"
    );
    let created = epoch_ms(link.created_at.as_deref().expect("created_at"));
    let expiration = epoch_ms(link.expiration.as_deref().expect("expiration"));
    assert_eq!(expiration - created, 86_400_000, "24 hours");

    tokio::time::advance(DAY - Duration::from_secs(1)).await;
    let now = listed(&app, "/source_connect_links").await;
    assert_eq!(now[1].expired, Some(false));
    tokio::time::advance(Duration::from_secs(1)).await;
    let now = listed(&app, "/source_connect_links").await;
    assert_eq!(now[1].expired, Some(true));

    let revoked = link_of(&empty(&app, Method::POST, "/source_connect_links/604/revoke").await);
    assert_eq!(revoked.revoked, Some(true));
    let again = link_of(&empty(&app, Method::POST, "/source_connect_links/604/revoke").await);
    assert_eq!(again, revoked, "revoking twice is fine");
    assert_eq!(
        listed(&app, "/source_connect_links").await[1].revoked,
        Some(true)
    );

    // A reauthorization link of a source is listed with them.
    let source = ok(&app, "/sources?per_page=1").await["data"][0].clone();
    let id = source["id"].as_u64().expect("id");
    let reauth =
        created_link(&empty(&app, Method::POST, &format!("/sources/{id}/connect_links")).await);
    assert_eq!(reauth.source_id, Some(id));
    assert_eq!(reauth.link_type.as_deref(), source["type"].as_str());
    assert_eq!(listed(&app, "/source_connect_links").await.len(), 3);

    for (body, field) in [
        (json!({}), "type"),
        (json!({"type": "nope"}), "type"),
        (json!({"type": "s3"}), "type"),
        (
            json!({"type": "snowflake", "redirect_uri": "ftp://x"}),
            "redirect_uri",
        ),
        (
            json!({"type": "snowflake", "redirect_uri": 3}),
            "redirect_uri",
        ),
    ] {
        unprocessable(
            &with_json(&app, Method::POST, "/source_connect_links", &body).await,
            field,
        );
    }
    for (method, path) in [
        (Method::POST, "/source_connect_links/999/revoke"),
        (Method::POST, "/source_connect_links/602/revoke"),
        (Method::POST, "/sources/999999/connect_links"),
    ] {
        empty(&app, method, path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
    }
}

#[tokio::test]
async fn destination_connect_links_and_their_types() {
    let app = seeded();
    let seeded = listed(&app, "/destination_connect_links").await;
    assert_eq!(seeded[0].id, 602);
    assert_eq!(
        (seeded[0].revoked, seeded[0].expired),
        (Some(true), Some(true))
    );
    let types: Vec<Connector> =
        serde_json::from_value(ok(&app, "/destination_connect_links/types").await["data"].clone())
            .expect("Connectors");
    assert!(types.iter().any(|t| t.service_name == "braze"));
    assert!(types.len() > 25);

    let link = created_link(
        &with_json(
            &app,
            Method::POST,
            "/destination_connect_links",
            &json!({"type": "hubspot"}),
        )
        .await,
    );
    assert_eq!(link.link_type.as_deref(), Some("hubspot"));
    assert_eq!(link.redirect_uri, None);
    let fetched = link_of(&get(&app, &format!("/destination_connect_links/{}", link.id)).await);
    assert_eq!(fetched, link);
    let revoked = link_of(
        &empty(
            &app,
            Method::POST,
            &format!("/destination_connect_links/{}/revoke", link.id),
        )
        .await,
    );
    assert_eq!(revoked.revoked, Some(true));
    assert_eq!(
        link_of(&get(&app, &format!("/destination_connect_links/{}", link.id)).await).revoked,
        Some(true)
    );
    let reauth = created_link(
        &with_json(
            &app,
            Method::POST,
            "/destinations/15/connect_links",
            &json!({"redirect_uri": "http://localhost:3000/done"}),
        )
        .await,
    );
    assert_eq!(reauth.destination_id, Some(15));
    assert_eq!(reauth.link_type.as_deref(), Some("braze"));

    unprocessable(
        &with_json(
            &app,
            Method::POST,
            "/destination_connect_links",
            &json!({"type": "snowflake"}),
        )
        .await,
        "type",
    );
    for path in [
        "/destination_connect_links/601",
        "/destination_connect_links/999",
    ] {
        get(&app, path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
    }
    empty(&app, Method::POST, "/destinations/999/connect_links")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn sync_and_segment_management_links() {
    let app = seeded();
    unprocessable(
        &with_json(&app, Method::POST, "/sync_management_links", &json!({})).await,
        "redirect_uri",
    );
    let link = created_link(
        &with_json(
            &app,
            Method::POST,
            "/sync_management_links",
            &json!({"redirect_uri": "https://admin.example.com/syncs"}),
        )
        .await,
    );
    assert!(
        link.uri
            .is_some_and(|u| u.contains("/embedded/sync_management/"))
    );
    let edit = created_link(&empty(&app, Method::POST, "/syncs/52/connect_links").await);
    assert_eq!(edit.sync_id, Some(52));
    let all = listed(&app, "/sync_management_links").await;
    assert_eq!(
        all.iter().map(|l| l.id).collect::<Vec<_>>(),
        [603, link.id, edit.id]
    );
    let revoked = link_of(
        &empty(
            &app,
            Method::POST,
            &format!("/sync_management_links/{}/revoke", edit.id),
        )
        .await,
    );
    assert_eq!(revoked.revoked, Some(true));
    empty(&app, Method::POST, "/syncs/999/connect_links")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");

    let segment_source = ok(&app, "/datasets/401").await["data"]["source_id"]
        .as_u64()
        .expect("source");
    let new = created_link(&empty(&app, Method::POST, "/segment_management_links").await);
    assert_eq!(new.source_id, None);
    let scoped = created_link(
        &with_json(
            &app,
            Method::POST,
            "/segment_management_links",
            &json!({"source_id": segment_source}),
        )
        .await,
    );
    assert_eq!(scoped.source_id, Some(segment_source));
    unprocessable(
        &with_json(
            &app,
            Method::POST,
            "/segment_management_links",
            &json!({"source_id": 999999}),
        )
        .await,
        "source_id",
    );
    let edit = created_link(
        &empty(
            &app,
            Method::POST,
            &format!("/sources/{segment_source}/filter_segments/301/segment_management_links"),
        )
        .await,
    );
    assert_eq!(edit.source_id, Some(segment_source));
    assert_eq!(edit.segment_id, Some(301), "the link names its segment");
    assert!(
        edit.uri
            .is_some_and(|u| u.contains("/embedded/segment_management/"))
    );
    empty(
        &app,
        Method::POST,
        &format!("/sources/{segment_source}/filter_segments/999/segment_management_links"),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "not_found");
}

// ---------------------------------------------------------------- webhooks

/// Standard base64, written here rather than taken from the server.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let mut n = [0u8; 3];
        n[..chunk.len()].copy_from_slice(chunk);
        let v = (u32::from(n[0]) << 16) | (u32::from(n[1]) << 8) | u32::from(n[2]);
        let chars = [18, 12, 6, 0].map(|s| ALPHABET[((v >> s) & 63) as usize] as char);
        out.extend(&chars[..chunk.len() + 1]);
        out.extend(std::iter::repeat_n('=', 3 - chunk.len()));
    }
    out
}

/// The `X-Signature` of `body` under `secret`: base64(HMAC-SHA256(body, secret)).
fn expected_signature(body: &str, secret: &str) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    base64(hmac::sign(&key, body.as_bytes()).as_ref())
}

async fn deliver(app: &Router, id: u64, body: Option<Value>) -> Reply {
    send(
        app,
        control(
            Method::POST,
            &format!("/webhooks/{id}/deliveries"),
            body.as_ref(),
        ),
    )
    .await
}

#[tokio::test]
async fn a_webhooks_secret_is_shown_once_and_signs_its_deliveries() {
    let app = seeded();
    let seeded: Vec<Webhook> =
        serde_json::from_value(ok(&app, "/webhooks?order=asc").await["data"].clone())
            .expect("Webhooks");
    assert_eq!(seeded.iter().map(|w| w.id).collect::<Vec<_>>(), [701, 702]);
    assert!(seeded.iter().all(|w| w.secret.is_none()));

    let created = with_json(
        &app,
        Method::POST,
        "/webhooks",
        &json!({"name": "Alerts", "endpoint": "https://hooks.example.com/in",
                "events": ["sync.completed", "sync.failed", "sync.completed"]}),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    assert_eq!(created.json()["status"], "created");
    let webhook: Webhook =
        serde_json::from_value(created.json()["data"].clone()).expect("a Webhook");
    assert_eq!(webhook.id, 703);
    assert_eq!(
        webhook.events.as_deref(),
        Some(&["sync.completed".to_owned(), "sync.failed".to_owned()][..]),
        "each event once"
    );
    let secret = webhook.secret.clone().expect("the secret, this once");
    assert!(secret.len() >= 32);
    let fetched = ok(&app, "/webhooks/703").await;
    assert!(fetched["data"].get("secret").is_none(), "{fetched}");
    assert!(!fetched.to_string().contains(&secret));
    assert!(
        !ok(&app, "/webhooks?per_page=100")
            .await
            .to_string()
            .contains(&secret)
    );

    // The control API's delivery is signed with it, as Census signs X-Signature.
    let delivery = deliver(
        &app,
        703,
        Some(json!({"event": "sync.failed", "sync_id": 58})),
    )
    .await;
    assert_eq!(delivery.status, StatusCode::OK, "{}", delivery.text());
    let delivery = delivery.json();
    let body = delivery["body"].as_str().expect("the raw body");
    let signature = delivery["signature"].as_str().expect("signature");
    assert_eq!(signature, expected_signature(body, &secret));
    assert_eq!(delivery["headers"]["X-Signature"], signature);
    assert_eq!(delivery["secret"], secret.as_str());
    assert_ne!(
        signature,
        expected_signature(&format!("{body} "), &secret),
        "the body is signed"
    );
    assert_ne!(signature, expected_signature(body, "another secret"));
    let payload: Value = serde_json::from_str(body).expect("a JSON body");
    assert_eq!(payload["event"], "sync.failed");
    assert_eq!(payload["webhook_id"], 703);
    assert_eq!(payload["data"]["sync"]["label"], "Salesforce leads");

    // A seeded webhook delivers its first event by default.
    let seeded = deliver(&app, 701, None).await.json();
    assert_eq!(
        serde_json::from_str::<Value>(seeded["body"].as_str().expect("body")).expect("json")["event"],
        "sync.failed"
    );
    assert_eq!(
        seeded["signature"].as_str(),
        Some(
            expected_signature(
                seeded["body"].as_str().expect("body"),
                seeded["secret"].as_str().expect("secret")
            )
            .as_str()
        )
    );
    let refused = deliver(&app, 701, Some(json!({"event": "sync.started"}))).await;
    assert!(
        refused
            .expect_error(StatusCode::BAD_REQUEST, "error")
            .contains("not subscribed")
    );
    deliver(&app, 999, None)
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn webhook_bodies_are_checked() {
    let app = seeded();
    for (body, field) in [
        (json!({"events": ["sync.failed"]}), "endpoint"),
        (
            json!({"endpoint": "http://hooks.example.com", "events": ["sync.failed"]}),
            "endpoint",
        ),
        (
            json!({"endpoint": "https://", "events": ["sync.failed"]}),
            "endpoint",
        ),
        (json!({"endpoint": "https://hooks.example.com"}), "events"),
        (
            json!({"endpoint": "https://hooks.example.com", "events": []}),
            "events",
        ),
        (
            json!({"endpoint": "https://hooks.example.com", "events": "sync.failed"}),
            "events",
        ),
        (
            json!({"endpoint": "https://hooks.example.com", "events": ["sync.failed", "sync.exploded"]}),
            "events[1]",
        ),
        (
            json!({"name": 5, "endpoint": "https://hooks.example.com", "events": ["sync.failed"]}),
            "name",
        ),
    ] {
        unprocessable(
            &with_json(&app, Method::POST, "/webhooks", &body).await,
            field,
        );
    }
    for path in ["/webhooks/999", "/webhooks/abc"] {
        assert_eq!(
            get(&app, path)
                .await
                .expect_error(StatusCode::NOT_FOUND, "not_found"),
            "Webhook not found"
        );
    }
}
