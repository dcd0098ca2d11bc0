//! Helpers shared by the local Census's integration tests: one in-process request, its reply.
#![allow(dead_code)] // each test file uses a different subset

pub mod servers;

use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use census_local::Config;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub const TOKEN: &str = "test-token";
pub const HOST: &str = "census.test:8787";
pub const OTHER_ORIGIN: &str = "http://localhost:9000";

/// An `/api/v1` request addressed to `HOST` from `OTHER_ORIGIN` (as the demo page on another
/// port sends it) with `token` as its bearer.
pub fn api_request(token: &str, method: Method, path: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(format!("/api/v1{path}"))
        .header(header::HOST, HOST)
        .header(header::ORIGIN, OTHER_ORIGIN)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
}

/// `GET path` as [`api_request`] sends it, answered.
pub async fn get_with(app: &Router, token: &str, path: &str) -> Reply {
    let request = api_request(token, Method::GET, path).body(Body::empty());
    send(app, request.expect("request")).await
}

/// A configuration with the test token and no static directories.
pub fn base_config() -> Config {
    Config {
        token: TOKEN.into(),
        www: PathBuf::from("/nonexistent/census-local/www"),
        pkg: PathBuf::from("/nonexistent/census-local/pkg"),
        ..Config::default()
    }
}

/// A whole answer, read.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the status and a JSON `{"status": word, "message": ...}` envelope; returns the message.
    pub fn expect_error(&self, code: StatusCode, word: &str) -> String {
        assert_eq!(self.status, code, "body: {}", self.text());
        self.expect_word(word)
    }

    /// Asserts a JSON `{"status": word, "message": ...}` envelope, returning the message.
    pub fn expect_word(&self, word: &str) -> String {
        assert_eq!(self.header("content-type"), Some("application/json"));
        let body = self.json();
        assert_eq!(body["status"], word, "body: {body}");
        let message = body["message"].as_str().expect("message").to_owned();
        assert!(!message.is_empty());
        message
    }
}

/// Sends one request through the router and reads the whole answer.
pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app
        .clone()
        .oneshot(request)
        .await
        .expect("the router is infallible");
    let (parts, body) = response.into_parts();
    let body = body.collect().await.expect("body").to_bytes().to_vec();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

/// A request to the control API (`/__control{path}`) from another origin.
pub fn control(method: Method, path: &str, body: Option<&Value>) -> Request<Body> {
    let builder = Request::builder()
        .method(method)
        .uri(format!("/__control{path}"))
        .header(header::HOST, HOST)
        .header(header::ORIGIN, OTHER_ORIGIN);
    match body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => builder.body(Body::empty()),
    }
    .expect("request")
}

/// `GET` with the workspace token.
pub async fn get(app: &Router, path: &str) -> Reply {
    get_with(app, TOKEN, path).await
}

/// A `GET` answered 200 with `status: success`; its body.
pub async fn ok(app: &Router, path: &str) -> Value {
    let reply = get_with(app, TOKEN, path).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text());
    let body = reply.json();
    assert_eq!(body["status"], "success", "{path}: {body}");
    body
}

pub async fn with_json(app: &Router, method: Method, path: &str, body: &Value) -> Reply {
    let request = api_request(TOKEN, method, path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    send(app, request).await
}

pub async fn empty(app: &Router, method: Method, path: &str) -> Reply {
    send(
        app,
        api_request(TOKEN, method, path)
            .body(Body::empty())
            .expect("request"),
    )
    .await
}

/// A 422 whose message starts with `field: `; the message.
pub fn unprocessable(reply: &Reply, field: &str) -> String {
    let message = reply.expect_error(StatusCode::UNPROCESSABLE_ENTITY, "error");
    assert!(
        message.starts_with(&format!("{field}: ")),
        "{message:?} names {field}"
    );
    message
}
