//! The control API's answers to bad input: a 400 naming the field, never a quiet default.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use census_local::app;
use common::*;

fn delivery(body: &str) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri("/__control/webhooks/702/deliveries")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_owned()))
        .expect("request")
}

#[tokio::test]
async fn webhook_delivery_options_are_checked_like_the_other_control_bodies() {
    let app = app(base_config());
    for (body, field) in [
        (r#"{"sync_id": "x"}"#, "sync_id"),
        (r#"{"sync_id": -3}"#, "sync_id"),
        (r#"{"sync_id": 1.5}"#, "sync_id"),
        (r#"{"event": 5}"#, "event"),
        (r#"{"evnt": "sync.failed"}"#, "evnt"),
        ("[1]", "JSON object"),
        (r#""sync.failed""#, "JSON object"),
        ("{", "JSON"),
    ] {
        let reply = send(&app, delivery(body)).await;
        let message = reply.expect_error(StatusCode::BAD_REQUEST, "error");
        assert!(message.contains(field), "{body}: {message}");
    }
    // No options, in every spelling, deliver the first event about no sync.
    for body in [
        "",
        "  ",
        "null",
        "{}",
        r#"{"event": null, "sync_id": null}"#,
    ] {
        let reply = send(&app, delivery(body)).await;
        assert_eq!(reply.status, StatusCode::OK, "{body:?}: {}", reply.text());
        let payload: serde_json::Value =
            serde_json::from_str(reply.json()["body"].as_str().expect("body")).expect("json");
        assert_eq!(payload["event"], "sync.triggered", "{body:?}");
        assert!(payload["data"]["sync"].is_null(), "{body:?}");
    }
    let reply = send(
        &app,
        delivery(r#"{"event": "sync.completed", "sync_id": 52}"#),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
}
