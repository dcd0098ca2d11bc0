//! Browser tests of timeouts, cancellation, retries and hooks against the local Census's
//! switchable faults, in headless Chromium and Firefox. The server counts the attempts.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

mod common;

use census_wasm::core::models::JsonObject;
use common::*;
use js_sys::{Array, Function, Object};
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Fast retries, so the suite does not wait on real backoff.
fn quick_retry(extra: &[(&str, JsValue)]) -> JsValue {
    let mut pairs = vec![
        ("baseDelayMs", JsValue::from(10)),
        ("maxDelayMs", JsValue::from(3000)),
    ];
    pairs.extend(extra.iter().cloned());
    obj(&pairs).into()
}

fn options<T: JsCast>(pairs: &[(&str, JsValue)]) -> Option<T> {
    Some(obj(pairs).unchecked_into())
}

/// A fresh source, so rules and attempt counts on its paths belong to this test alone.
async fn own_source(client: &CensusClient, name: &str) -> (u64, String) {
    let id = create(client, name).await.id;
    (id, format!("GET /sources/{id}"))
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn abort_controller() -> JsValue {
    Function::new_no_args("return new AbortController()")
        .call0(&JsValue::NULL)
        .expect("AbortController")
}

fn abort_after(controller: &JsValue, ms: i32) {
    Function::new_with_args("c, ms", "setTimeout(() => c.abort(), ms)")
        .call2(&JsValue::NULL, controller, &ms.into())
        .expect("setTimeout");
}

#[wasm_bindgen_test]
async fn a_get_is_retried_through_transient_503s() {
    let client = client();
    let (id, route) = own_source(&client, "Retry 503").await;
    add_fault(&route, "503", Some(2)).await;
    let fetched =
        source(&ok(client.get_source(int(id), options(&[("retry", quick_retry(&[]))]))).await);
    assert_eq!(fetched.id, id);
    assert_eq!(attempts(&route).await, 3, "two 503s, then the answer");
}

#[wasm_bindgen_test]
async fn retries_stop_at_max_attempts_with_the_last_error() {
    let client = client();
    let (id, route) = own_source(&client, "Always 503").await;
    add_fault(&route, "503", Some(50)).await;
    let retry = quick_retry(&[("maxAttempts", 2.into())]);
    let err = fails(client.get_source(int(id), options(&[("retry", retry)]))).await;
    clear_faults().await;
    assert_eq!(text(&err, "name"), "CensusApiError");
    assert_eq!(number(&err, "status"), 503.0);
    assert_eq!(attempts(&route).await, 2);
}

#[wasm_bindgen_test]
async fn a_500_is_reported_at_once_not_retried() {
    let client = client();
    let (id, route) = own_source(&client, "Server error").await;
    add_fault(&route, "500", Some(3)).await;
    let err = fails(client.get_source(int(id), options(&[("retry", quick_retry(&[]))]))).await;
    clear_faults().await;
    assert_eq!(text(&err, "name"), "CensusApiError");
    assert_eq!(number(&err, "status"), 500.0);
    assert_eq!(text(&err, "apiMessage"), "Internal Server Error");
    assert_eq!(
        attempts(&route).await,
        1,
        "a 500 may be a bug, not a blip: no retry"
    );
}

#[wasm_bindgen_test]
async fn retry_after_in_seconds_is_honoured() {
    let client = client();
    let (id, route) = own_source(&client, "Retry-After seconds").await;
    add_fault(&route, "rate_limit:1", Some(1)).await;
    let started = now();
    ok(client.get_source(int(id), None)).await;
    let waited = now() - started;
    assert!(waited >= 900.0, "waited {waited} ms for Retry-After: 1");
    assert_eq!(attempts(&route).await, 2);
}

/// The retry after a 429 whose `Retry-After` is an HTTP date comes no earlier than that date.
///
/// The client waits from its own `Date.now()` until the date, so its retry is sent at the date
/// or later; browser and server read this machine's one clock, and `Date.now()` and timers round
/// by a few ms at most (`CLOCK_SLACK_MS`). `rate_limit_date:N` sends the server's clock rounded
/// *up* to the second, plus N s (`retry_at` in census-local/src/faults.rs), so the date is at
/// least N s after the server got the first attempt: the date's 1-second resolution cannot
/// bring it closer, and the retry comes at least N s after the first attempt. A client that
/// ignored the date would retry after its backoff instead, under 300 ms by default.
#[wasm_bindgen_test]
async fn retry_after_as_an_http_date_is_honoured() {
    const SECS: u64 = 2;
    const CLOCK_SLACK_MS: f64 = 20.0;
    /// One attempt as the injected fetch saw it.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Attempt {
        /// `Date.now()` when it was sent.
        sent: f64,
        retry_after: Option<String>,
    }
    let (id, route) = own_source(&client(), "Retry-After date").await;
    let log = Array::new();
    let fetch = Function::new_with_args(
        "log",
        "return async (request) => { \
           const sent = Date.now(); \
           const response = await fetch(request); \
           log.push({ sent, retryAfter: response.headers.get('retry-after') }); \
           return response; \
         };",
    )
    .call1(&JsValue::NULL, &log)
    .expect("fetch");
    let client = client_with(&[("apiToken", TOKEN.into()), ("fetch", fetch)]);
    add_fault(&route, &format!("rate_limit_date:{SECS}"), Some(1)).await;
    let started = now();
    ok(client.get_source(int(id), None)).await;
    assert!(now() - started < 5000.0);
    assert_eq!(attempts(&route).await, 2);

    let log: Vec<Attempt> = model(&log);
    let [limited, retry] = &log[..] else {
        panic!("the 429, then the retry: {log:?}");
    };
    let date = limited.retry_after.as_deref().expect("a Retry-After date");
    let date_ms = js_sys::Date::parse(date);
    assert!(date_ms.is_finite(), "Retry-After {date:?} is an HTTP date");
    assert!(
        retry.sent >= date_ms - CLOCK_SLACK_MS,
        "retried {} ms before the Retry-After date {date}",
        date_ms - retry.sent
    );
    let waited = retry.sent - limited.sent;
    assert!(
        waited >= (SECS * 1000) as f64 - CLOCK_SLACK_MS,
        "retried {waited} ms after the first attempt, under the {SECS} s the date was ahead"
    );
}

#[wasm_bindgen_test]
async fn a_rate_limit_error_carries_retry_after_ms() {
    let client = client();
    let (id, route) = own_source(&client, "Rate limited").await;
    add_fault(&route, "rate_limit:7", Some(1)).await;
    let err = fails(client.get_source(int(id), options(&[("retry", false.into())]))).await;
    assert_eq!(text(&err, "name"), "CensusRateLimitError");
    assert_eq!(number(&err, "status"), 429.0);
    assert_eq!(number(&err, "retryAfterMs"), 7000.0);
    assert_eq!(attempts(&route).await, 1, "retry: false sends once");
}

#[wasm_bindgen_test]
async fn a_post_is_never_retried_by_default() {
    let client = client();
    let before = attempts("POST /sources").await;
    add_fault("POST /sources", "503", Some(1)).await;
    let err = fails(client.create_source(create_input("Not twice").into(), None)).await;
    assert_eq!(text(&err, "name"), "CensusApiError");
    assert_eq!(number(&err, "status"), 503.0);
    assert_eq!(attempts("POST /sources").await - before, 1);

    // A dropped connection is the dangerous case: the server may have acted. Still one attempt.
    let fetch = wrapped_fetch("dropCreate", Some(("x-census-local-fault", "drop")));
    let dropping = client_with(&[("apiToken", TOKEN.into()), ("fetch", fetch)]);
    let before = attempts("POST /sources").await;
    let err = fails(dropping.create_source(create_input("Dropped").into(), None)).await;
    assert_eq!(text(&err, "name"), "CensusNetworkError");
    assert_eq!(attempts("POST /sources").await - before, 1);
}

#[wasm_bindgen_test]
async fn a_post_is_retried_when_the_call_opts_in() {
    let client = client();
    let before = attempts("POST /sources").await;
    add_fault("POST /sources", "503", Some(1)).await;
    let retry = quick_retry(&[("retryNonIdempotent", true.into())]);
    let created = ok(client.create_source(
        create_input("Opted in").into(),
        options(&[("retry", retry)]),
    ))
    .await;
    assert_eq!(source(&created).name, "Opted in");
    assert_eq!(attempts("POST /sources").await - before, 2);
}

#[wasm_bindgen_test]
async fn refresh_tables_is_never_retried_by_default() {
    let client = client();
    let (id, _) = own_source(&client, "Refresh once").await;
    let route = format!("POST /sources/{id}/refresh_tables");
    add_fault(&route, "502", Some(1)).await;
    let err = fails(client.refresh_tables(int(id), None)).await;
    assert_eq!(number(&err, "status"), 502.0);
    assert_eq!(attempts(&route).await, 1);
}

#[wasm_bindgen_test]
async fn a_dropped_connection_is_retried_for_a_get() {
    let client = client();
    let (id, route) = own_source(&client, "Dropped GET").await;
    add_fault(&route, "drop", Some(1)).await;
    ok(client.get_source(int(id), options(&[("retry", quick_retry(&[]))]))).await;
    assert_eq!(attempts(&route).await, 2);
}

#[wasm_bindgen_test]
async fn a_gateway_html_page_is_retried_then_reported() {
    let client = client();
    let (id, route) = own_source(&client, "HTML page").await;
    add_fault(&route, "html", Some(10)).await;
    let retry = quick_retry(&[("maxAttempts", 2.into())]);
    let err = fails(client.get_source(int(id), options(&[("retry", retry)]))).await;
    clear_faults().await;
    assert_eq!(text(&err, "name"), "CensusResponseError");
    assert_eq!(number(&err, "status"), 502.0);
    assert!(text(&err, "message").contains("text/html"));
    assert_eq!(attempts(&route).await, 2);
}

#[wasm_bindgen_test]
async fn a_truncated_body_is_an_unexpected_response_not_retried() {
    let client = client();
    let (id, route) = own_source(&client, "Truncated").await;
    add_fault(&route, "truncated", Some(1)).await;
    let err = fails(client.get_source(int(id), None)).await;
    assert_eq!(text(&err, "name"), "CensusResponseError");
    assert_eq!(number(&err, "status"), 200.0);
    // It starts as JSON and breaks off: the reason is said, and no baseUrl hint is given.
    assert!(
        text(&err, "message").contains("not valid JSON (")
            && !text(&err, "message").contains("baseUrl"),
        "{}",
        text(&err, "message")
    );
    assert_eq!(attempts(&route).await, 1);
}

#[wasm_bindgen_test]
async fn a_wrong_content_type_on_a_valid_json_body_is_accepted() {
    let client = client();
    let (id, route) = own_source(&client, "Text plain").await;
    add_fault(&route, "wrong_content_type", Some(1)).await;
    let fetched = source(&ok(client.get_source(int(id), None)).await);
    assert_eq!(fetched.name, "Text plain");
}

#[wasm_bindgen_test]
async fn a_timeout_cancels_the_request() {
    let client = client();
    let (id, route) = own_source(&client, "Slow").await;
    add_fault(&route, "delay:3000", Some(1)).await;
    let started = now();
    let err = fails(client.get_source(
        int(id),
        options(&[("timeoutMs", 200.into()), ("retry", false.into())]),
    ))
    .await;
    let elapsed = now() - started;
    assert_eq!(text(&err, "name"), "CensusTimeoutError");
    assert_eq!(text(&err, "code"), "timeout");
    assert!(text(&err, "message").contains("200 ms"));
    assert!(elapsed < 2000.0, "gave up after {elapsed} ms");
}

#[wasm_bindgen_test]
async fn a_timed_out_get_is_retried() {
    let client = client();
    let (id, route) = own_source(&client, "Slow once").await;
    add_fault(&route, "delay:2000", Some(1)).await;
    let retry = quick_retry(&[]);
    ok(client.get_source(
        int(id),
        options(&[("timeoutMs", 300.into()), ("retry", retry)]),
    ))
    .await;
    assert_eq!(attempts(&route).await, 2);
}

#[wasm_bindgen_test]
async fn abort_mid_request_rejects_with_abort_error_at_once() {
    let client = client();
    let (id, route) = own_source(&client, "Abort in flight").await;
    add_fault(&route, "delay:3000", Some(1)).await;
    let controller = abort_controller();
    abort_after(&controller, 100);
    let started = now();
    let err =
        fails(client.get_source(int(id), options(&[("signal", get(&controller, "signal"))]))).await;
    assert_eq!(text(&err, "name"), "AbortError");
    assert_eq!(text(&err, "code"), "aborted");
    assert!(now() - started < 1500.0);
    assert_eq!(attempts(&route).await, 1);
}

#[wasm_bindgen_test]
async fn abort_mid_backoff_ends_the_wait_at_once() {
    let client = client();
    let (id, route) = own_source(&client, "Abort in backoff").await;
    add_fault(&route, "rate_limit:3", Some(5)).await;
    let controller = abort_controller();
    abort_after(&controller, 300);
    let started = now();
    let err =
        fails(client.get_source(int(id), options(&[("signal", get(&controller, "signal"))]))).await;
    let elapsed = now() - started;
    clear_faults().await;
    assert_eq!(text(&err, "name"), "AbortError");
    assert!(
        elapsed < 2000.0,
        "the 3 s Retry-After wait was cut short: {elapsed} ms"
    );
    assert_eq!(attempts(&route).await, 1);
}

#[wasm_bindgen_test]
async fn an_already_aborted_signal_sends_nothing() {
    let client = client();
    let (id, route) = own_source(&client, "Pre-aborted").await;
    let controller = abort_controller();
    Function::new_with_args("c", "c.abort()")
        .call1(&JsValue::NULL, &controller)
        .expect("abort");
    let err =
        fails(client.get_source(int(id), options(&[("signal", get(&controller, "signal"))]))).await;
    assert_eq!(text(&err, "name"), "AbortError");
    assert_eq!(attempts(&route).await, 0);
}

/// What `onResponse` receives for each attempt.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Answered {
    method: String,
    url: String,
    attempt: u32,
    status: Option<u16>,
    outcome: String,
    duration_ms: f64,
}

#[wasm_bindgen_test]
async fn hooks_see_each_attempt_without_the_token() {
    let log = Array::new();
    let record = |kind: &str| -> JsValue {
        Function::new_with_args(
            "log",
            &format!("return (info) => log.push(['{kind}', info])"),
        )
        .call1(&JsValue::NULL, &log)
        .expect("hook")
    };
    let client = client_with(&[
        ("apiToken", TOKEN.into()),
        ("onRequest", record("request")),
        ("onResponse", record("response")),
    ]);
    let (id, route) = own_source(&client, "Hooked").await;
    log.set_length(0);
    add_fault(&route, "503", Some(1)).await;
    ok(client.get_source(int(id), options(&[("retry", quick_retry(&[]))]))).await;
    assert_eq!(log.length(), 4, "request, response, request, response");
    let (kind, first_response): (String, Answered) = model(&log.get(1));
    assert_eq!(kind, "response");
    assert_eq!(first_response.method, "GET");
    assert!(
        first_response
            .url
            .ends_with(&format!("/api/v1/sources/{id}"))
    );
    assert_eq!(first_response.status, Some(503));
    assert_eq!(first_response.attempt, 1);
    assert_eq!(first_response.outcome, "answered");
    assert!(first_response.duration_ms >= 0.0);
    let (kind, last): (String, Answered) = model(&log.get(3));
    assert_eq!(kind, "response");
    assert_eq!((last.status, last.attempt), (Some(200), 2));
    let everything: String = js_sys::JSON::stringify(&log)
        .map(String::from)
        .unwrap_or_default();
    assert!(!everything.contains(TOKEN), "a hook saw the token");
}

#[wasm_bindgen_test]
async fn no_error_path_leaks_the_token() {
    let client = client();
    let (id, route) = own_source(&client, "Leak sweep").await;
    let controller = abort_controller();
    abort_after(&controller, 50);
    let faulty = |fault: &str| {
        let fetch = wrapped_fetch("sweep", Some(("x-census-local-fault", fault)));
        client_with(&[
            ("apiToken", TOKEN.into()),
            ("fetch", fetch),
            ("retry", false.into()),
        ])
    };
    let no_retry = || options(&[("retry", false.into())]);
    let errors = vec![
        fails(client.get_source(987_654_321.into(), None)).await,
        fails(client.get_source("nope".into(), None)).await,
        fails(client.create_source(
            json(r#"{"type": "no_such", "credentials": {}}"#).into(),
            None,
        ))
        .await,
        fails(client.list_sources(Some(obj(&[("perPage", 0.into())]).unchecked_into()))).await,
        fails(faulty("html").get_source(int(id), None)).await,
        fails(faulty("truncated").get_source(int(id), None)).await,
        fails(faulty("drop").get_source(int(id), None)).await,
        fails(faulty("503").get_source(int(id), None)).await,
        fails(faulty("rate_limit:9").get_source(int(id), None)).await,
        fails(faulty("delay:2000").get_source(int(id), options(&[("timeoutMs", 100.into())])))
            .await,
        fails(
            faulty("delay:2000")
                .get_source(int(id), options(&[("signal", get(&controller, "signal"))])),
        )
        .await,
        fails(
            client_with(&[("apiToken", format!("{TOKEN}-wrong").into())])
                .get_source(int(id), no_retry()),
        )
        .await,
    ];
    let names: Vec<String> = errors.iter().map(|err| text(err, "name")).collect();
    for expected in [
        "CensusNotFoundError",
        "CensusInputError",
        "CensusApiError",
        "CensusResponseError",
        "CensusNetworkError",
        "CensusRateLimitError",
        "CensusTimeoutError",
        "AbortError",
        "CensusAuthenticationError",
    ] {
        assert!(
            names.iter().any(|name| name == expected),
            "{expected} not swept: {names:?}"
        );
    }
    for err in &errors {
        let mut seen = vec![text(err, "message"), text(err, "stack")];
        seen.push(
            js_sys::JSON::stringify(err)
                .map(String::from)
                .unwrap_or_default(),
        );
        for key in Object::keys(err.unchecked_ref::<Object>()).iter() {
            let value = get(err, &key.as_string().unwrap_or_default());
            seen.push(value.as_string().unwrap_or_else(|| format!("{value:?}")));
        }
        let all = seen.join(" ");
        assert!(
            !all.contains(TOKEN),
            "token leaked by {}: {all}",
            text(err, "name")
        );
    }
    assert!(attempts(&route).await >= 1);
}

#[wasm_bindgen_test]
async fn bad_call_options_are_refused_naming_the_option() {
    let client = client();
    for (pairs, field) in [
        (vec![("timeoutMs", JsValue::from(-1))], "timeoutMs"),
        (vec![("timeoutMs", JsValue::from("fast"))], "timeoutMs"),
        (
            vec![("retry", obj(&[("maxAttempts", 0.into())]).into())],
            "retry.maxAttempts",
        ),
        (
            vec![("retry", obj(&[("maxAtempts", 2.into())]).into())],
            "retry.maxAtempts",
        ),
        (vec![("retry", JsValue::from(3))], "retry"),
        (vec![("signal", JsValue::from(5))], "signal"),
        (vec![("retries", JsValue::from(1))], "retries"),
    ] {
        let err = fails(client.get_source(1.into(), options(&pairs))).await;
        assert_eq!(text(&err, "name"), "CensusInputError");
        assert_eq!(text(&err, "field"), field, "{}", text(&err, "message"));
    }
    let opt_in = obj(&[("retryNonIdempotent", true.into())]);
    let options = obj(&[("baseUrl", api().into()), ("retry", opt_in.into())]);
    let err = match CensusClient::new(Some(options.unchecked_into())) {
        Ok(_) => panic!("a client-wide opt-in to repeating work must be refused"),
        Err(err) => err,
    };
    assert_eq!(text(&err, "field"), "retry.retryNonIdempotent");
    assert_eq!(text(&err, "code"), "invalid_config");
}

/// A fetch whose first DELETE reaches the server, which acts on it, but whose answer is lost on
/// the way back, as when a connection drops after the server processed the request.
fn losing_first_delete_answer() -> JsValue {
    Function::new_no_args(
        "let lost = false;
         return async (request) => {
           const response = await fetch(request);
           if (request.method === 'DELETE' && !lost) {
             lost = true;
             await response.arrayBuffer();
             throw new TypeError('Failed to fetch');
           }
           return response;
         };",
    )
    .call0(&JsValue::NULL)
    .expect("fetch")
}

#[wasm_bindgen_test]
async fn a_delete_whose_first_answer_was_lost_resolves_when_the_retry_finds_it_gone() {
    let setup = client();
    let (id, route) = own_source(&setup, "Delete, answer lost").await;
    let client = client_with(&[
        ("apiToken", TOKEN.into()),
        ("fetch", losing_first_delete_answer()),
        ("retry", quick_retry(&[])),
    ]);
    let deleted = ok(client.delete_source(int(id), None)).await;
    assert!(deleted.is_undefined());
    assert_eq!(
        attempts(&format!("DELETE /sources/{id}")).await,
        2,
        "the lost answer, then the retry's 404"
    );
    let err = fails(setup.get_source(int(id), None)).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError", "{route} is gone");

    // Answered at the first attempt, a 404 is still the caller's to see.
    let err = fails(client.delete_source(int(id), None)).await;
    assert_eq!(text(&err, "name"), "CensusNotFoundError");
    assert_eq!(number(&err, "status"), 404.0);
    // And so is one after a 429 or a 503, which say the request was not served.
    let delete_route = format!("DELETE /sources/{id}");
    for fault in ["rate_limit:0", "503"] {
        add_fault(&delete_route, fault, Some(1)).await;
        let err = fails(client.delete_source(int(id), None)).await;
        assert_eq!(text(&err, "name"), "CensusNotFoundError", "{fault}");
    }
    // After a 502 the gateway may have passed it on: the 404 that follows is taken as gone.
    add_fault(&delete_route, "502", Some(1)).await;
    assert!(ok(client.delete_source(int(id), None)).await.is_undefined());
}

/// A fetch that asks the local Census for the older `{ id }` create answer, and does `on_get` to
/// each `GET /sources/{id}` (the read-back): adds a fault header, or answers a 404 itself.
fn read_back_fetch(on_get: &str) -> JsValue {
    Function::new_with_args(
        "request",
        &format!(
            "request.headers.set('x-census-local-create-shape', 'id'); \
             if (request.method === 'GET' && /\\/sources\\/\\d+$/.test(new URL(request.url).pathname)) {{ {on_get} }} \
             return fetch(request);"
        ),
    )
    .into()
}

/// Creates through `fetch`, whose read-back fails; checks that the call says the source was
/// created, with its id and the read-back's error, and that the source really exists.
async fn created_but_unread(fetch: JsValue, name: &str, options: Option<Object>, cause: &str) {
    let client = client_with(&[("apiToken", TOKEN.into()), ("fetch", fetch)]);
    let before = attempts("POST /sources").await;
    let err = fails(client.create_source(
        create_input(name).into(),
        options.map(|o| o.unchecked_into()),
    ))
    .await;
    assert_eq!(attempts("POST /sources").await - before, 1, "one create");
    assert_eq!(text(&err, "name"), "CensusReadBackError");
    assert_eq!(text(&err, "code"), "read_back_failed", "never not_found");
    let message = text(&err, "message");
    assert!(message.contains("was created"), "{message}");
    assert!(!message.contains(TOKEN));
    assert_eq!(text(&get(&err, "cause"), "name"), cause);
    let id = get(&err, "id");
    let created = source(&ok(self::client().get_source(id.clone(), None)).await);
    assert_eq!(created.name, name, "the source exists");
    ok(self::client().delete_source(id, None)).await;
}

#[wasm_bindgen_test]
async fn a_create_whose_read_back_404s_rejects_as_created_with_its_id() {
    let not_found = "return Promise.resolve(new Response('{\"status\":\"not_found\",\"message\":\"Source not found\"}', \
                     { status: 404, headers: { 'content-type': 'application/json' } }));";
    created_but_unread(
        read_back_fetch(not_found),
        "Read back 404",
        None,
        "CensusNotFoundError",
    )
    .await;
}

#[wasm_bindgen_test]
async fn a_create_whose_read_back_gets_500s_rejects_as_created_with_its_id() {
    let fault = "request.headers.set('x-census-local-fault', '500');";
    let options = obj(&[("retry", quick_retry(&[("maxAttempts", 2.into())]))]);
    created_but_unread(
        read_back_fetch(fault),
        "Read back 500",
        Some(options),
        "CensusApiError",
    )
    .await;
}

#[wasm_bindgen_test]
async fn a_create_whose_read_back_times_out_rejects_as_created_with_its_id() {
    let fault = "request.headers.set('x-census-local-fault', 'delay:3000');";
    let options = obj(&[("timeoutMs", 400.into()), ("retry", false.into())]);
    created_but_unread(
        read_back_fetch(fault),
        "Read back timeout",
        Some(options),
        "CensusTimeoutError",
    )
    .await;
}

#[wasm_bindgen_test]
async fn read_back_false_resolves_with_the_posts_own_answer() {
    let client = client_with(&[
        ("apiToken", TOKEN.into()),
        (
            "fetch",
            wrapped_fetch("idOnly", Some(("x-census-local-create-shape", "id"))),
        ),
    ]);
    let created = ok(client.create_source(
        create_input("No read-back").into(),
        options(&[("readBack", false.into())]),
    ))
    .await;
    assert_eq!(calls("idOnly"), 1.0, "no second request");
    let answer: JsonObject = model(&created);
    assert_eq!(
        answer.keys().collect::<Vec<_>>(),
        ["id"],
        "only {{ id }}: {answer:?}"
    );
    let id = answer["id"].as_u64().expect("a whole id");
    ok(self::client().delete_source(int(id), None)).await;
    let err = fails(client.create_source(
        create_input("Bad option").into(),
        options(&[("readBack", "no".into())]),
    ))
    .await;
    assert_eq!(text(&err, "field"), "readBack");
}

#[wasm_bindgen_test]
async fn a_waits_status_check_is_not_retried_past_the_waits_end() {
    let client = client();
    let (id, _) = own_source(&client, "Slow status").await;
    // Every status check answers after the wait has ended; the start answers at once.
    let route = format!("GET /sources/{id}/refresh_tables_status");
    add_fault(&route, "delay:4000", None).await;
    let started = now();
    let err = fails(client.refresh_tables_and_wait(
        int(id),
        options(&[
            ("intervalMs", 100.into()),
            ("timeoutMs", 700.into()),
            ("retry", quick_retry(&[])),
        ]),
    ))
    .await;
    let elapsed = now() - started;
    clear_faults().await;
    assert_eq!(text(&err, "name"), "CensusTimeoutError");
    // The wait's own timeout, with its advice, not a request's.
    assert!(
        text(&err, "message").contains("was still"),
        "{}",
        text(&err, "message")
    );
    // The check cut short by the wait's end was sent once: three attempts would have run on
    // for seconds after it.
    assert_eq!(attempts(&route).await, 1);
    assert!(elapsed < 3000.0, "the wait ended after {elapsed} ms");
}
