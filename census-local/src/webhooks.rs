//! Webhooks: list, create and fetch, and the signed test deliveries the control API makes.
//!
//! Create takes `{name?, endpoint, description?, events}`: `endpoint` an `https://` URL,
//! `events` a non-empty list of `sync.alert.raised`, `sync.alert.resolved`, `sync.triggered`,
//! `sync.started`, `sync.completed`, `sync.success`, `sync.failed`. It answers 201 with the
//! webhook and its signing `secret`, the one time the secret is shown: fetches and lists leave it
//! out.
//!
//! Census signs each delivery with an `X-Signature` header: base64(HMAC-SHA256(raw body, secret)).
//! This server posts nowhere; `POST /__control/webhooks/{id}/deliveries` ([`delivery`]) makes a
//! delivery on demand and answers what Census would send, so a test can check a signature check.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use census_core::workspace_models::Webhook;
use ring::hmac;
use serde::Serialize;
use serde_json::{Value, json as json_value};

use crate::AppState;
use crate::api::{Envelope, Paging, parse_query, read_object};
use crate::browse::path_id;
use crate::clock::{iso8601, now_ms};
use crate::fields::{optional_list, optional_text, optional_url};
use crate::holdings::WebhookRecord;
use crate::http::{ApiError, invalid, json};
use crate::store::Store;

/// Every event a webhook may subscribe to.
pub const EVENTS: &[&str] = &[
    "sync.alert.raised",
    "sync.alert.resolved",
    "sync.triggered",
    "sync.started",
    "sync.completed",
    "sync.success",
    "sync.failed",
];

/// The routes of `/webhooks`, below `/api/v1`.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/webhooks", get(list_webhooks).post(create_webhook))
        .route("/webhooks/{id}", get(get_webhook))
}

fn webhook_not_found() -> ApiError {
    ApiError::not_found("Webhook not found")
}

/// `GET /webhooks?page&per_page&order`, by creation time (then id), without secrets.
pub async fn list_webhooks(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = parse_query(query.as_deref().unwrap_or(""));
    let paging = Paging::read(&params)?;
    let mut records: Vec<(i64, Webhook)> = state
        .store()
        .holdings
        .webhooks
        .values()
        .map(|w| (w.created_ms, w.webhook.clone()))
        .collect();
    records.sort_by_key(|(created_ms, webhook)| (*created_ms, webhook.id));
    let (total, page) = paging.window(records);
    let data: Vec<Webhook> = page.into_iter().map(|(_, webhook)| webhook).collect();
    Ok(paging.answer(&state, &headers, "/webhooks", "", data, total))
}

/// `events`: a non-empty list of [`EVENTS`], each once.
fn read_events(items: Option<&[Value]>) -> Result<Vec<String>, ApiError> {
    let items = items.ok_or_else(|| invalid("events", "is required"))?;
    if items.is_empty() {
        return Err(invalid("events", "must not be empty"));
    }
    let mut events: Vec<String> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let event = item
            .as_str()
            .filter(|event| EVENTS.contains(event))
            .ok_or_else(|| {
                invalid(
                    &format!("events[{index}]"),
                    format!("{item} is not an event (known: {})", EVENTS.join(", ")),
                )
            })?;
        if !events.iter().any(|known| known == event) {
            events.push(event.to_owned());
        }
    }
    Ok(events)
}

/// `POST /webhooks`: 201 with the webhook and its one-time `secret`.
pub async fn create_webhook(
    State(state): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = read_object(body)?;
    let name = optional_text(&body, "name")?.flatten();
    let endpoint =
        optional_url(&body, "endpoint", true)?.ok_or_else(|| invalid("endpoint", "is required"))?;
    let description = optional_text(&body, "description")?.flatten();
    let events = read_events(optional_list(&body, "events")?)?;
    let mut store = state.store();
    let holdings = &mut store.holdings;
    let id = holdings.take_webhook_id();
    let created_ms = holdings.creation_time(holdings.webhooks.values().map(|w| w.created_ms));
    let secret = holdings.token(48);
    let webhook = Webhook {
        id,
        name,
        endpoint: Some(endpoint),
        description,
        events: Some(events),
        created_at: Some(iso8601(created_ms)),
        secret: None,
    };
    holdings.webhooks.insert(
        id,
        WebhookRecord {
            webhook: webhook.clone(),
            secret: secret.clone(),
            created_ms,
        },
    );
    drop(store);
    Ok(json(
        StatusCode::CREATED,
        &Envelope {
            status: "created",
            data: Webhook {
                secret: Some(secret),
                ..webhook
            },
        },
    ))
}

/// `GET /webhooks/{id}`, without its secret.
pub async fn get_webhook(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = path_id(id).ok_or_else(webhook_not_found)?;
    let webhook = state
        .store()
        .holdings
        .webhooks
        .get(&id)
        .map(|w| w.webhook.clone())
        .ok_or_else(webhook_not_found)?;
    Ok(json(
        StatusCode::OK,
        &Envelope {
            status: "success",
            data: webhook,
        },
    ))
}

/// `base64(HMAC-SHA256(body, secret))`: the `X-Signature` of a delivery of `body`.
pub fn signature(body: &[u8], secret: &str) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    base64_encode(hmac::sign(&key, body).as_ref())
}

/// Standard base64 with padding.
fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for (k, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> shift) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// What `POST /__control/webhooks/{id}/deliveries` answers: the delivery Census would post.
#[derive(Debug, Serialize)]
pub struct Delivery {
    pub webhook_id: u64,
    pub event: String,
    /// Where Census would post it.
    pub endpoint: Option<String>,
    /// The raw body, exactly the bytes that were signed.
    pub body: String,
    /// The `X-Signature` header: base64(HMAC-SHA256(body, secret)).
    pub signature: String,
    /// The webhook's secret (the control API is for tests).
    pub secret: String,
    /// The headers Census would send.
    pub headers: Value,
}

/// A signed delivery of `event` (by default the webhook's first) for webhook `id`, about sync
/// `sync_id` when given. `Err` says why there is none.
pub fn delivery(
    store: &Store,
    id: u64,
    event: Option<&str>,
    sync_id: Option<u64>,
) -> Result<Delivery, String> {
    let record = store
        .holdings
        .webhooks
        .get(&id)
        .ok_or_else(|| format!("no webhook has id {id}"))?;
    let subscribed = record.webhook.events.as_deref().unwrap_or_default();
    let event = match event {
        Some(event) if subscribed.iter().any(|e| e == event) => event.to_owned(),
        Some(event) => {
            return Err(format!(
                "webhook {id} is not subscribed to {event:?} (its events: {})",
                subscribed.join(", ")
            ));
        }
        None => subscribed
            .first()
            .cloned()
            .ok_or_else(|| format!("webhook {id} has no events"))?,
    };
    let sync = sync_id.map(|sync_id| {
        let label = store
            .outbound
            .syncs
            .get(&sync_id)
            .and_then(|s| s.sync.label.clone());
        json_value!({"id": sync_id, "label": label})
    });
    let payload = json_value!({
        "event": event,
        "webhook_id": id,
        "created_at": iso8601(now_ms()),
        "test": true,
        "data": {"sync": sync},
    });
    let body = payload.to_string();
    let signature = signature(body.as_bytes(), &record.secret);
    Ok(Delivery {
        webhook_id: id,
        endpoint: record.webhook.endpoint.clone(),
        headers: json_value!({
            "Content-Type": "application/json",
            "X-Signature": signature,
        }),
        event,
        body,
        signature,
        secret: record.secret.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64_encode(b""), "");
        assert_eq!(base64_encode(b"f"), "Zg==");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_encode(b"foo"), "Zm9v");
        assert_eq!(base64_encode(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn the_signature_is_rfc_4231s_hmac_sha256() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        let expected_hex = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        let bytes: Vec<u8> = (0..expected_hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&expected_hex[i..i + 2], 16).expect("hex"))
            .collect();
        assert_eq!(
            signature(b"what do ya want for nothing?", "Jefe"),
            base64_encode(&bytes)
        );
    }
}
