//! Browser tests of `listSources` paging, `iterateSources` and `listAllSources` against the local
//! Census, in headless Chromium and Firefox: sizes at the page edges, order, bounded concurrent
//! prefetch, early ends, failures, and creations or deletions while a listing runs.
//!
//! Each test resets the server and shapes its own data set, then restores the seed.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

mod common;

use std::collections::HashSet;

use census_wasm::core::models::Source;
use common::*;
use gloo_net::http::Request;
use js_sys::{Array, Function, Object, Promise};
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Replaces every source with `count` new ones; resolves to their ids, oldest first.
async fn dataset(count: u32) -> Vec<u64> {
    control("POST", "/__control/reset", None).await;
    let rule = format!(
        r#"{{"route": "GET /sources/*", "delete_oldest": 100000, "create": {count}, "times": 1}}"#
    );
    control("POST", "/__control/mutations", Some(&rule)).await;
    // Any authorised request to a matching route applies the rule, whatever it answers.
    Request::get(&format!("{}/sources/999999999", api()))
        .header("authorization", &format!("Bearer {TOKEN}"))
        .send()
        .await
        .expect("trigger answered");
    control("DELETE", "/__control/attempts", None).await;
    source_ids().await
}

/// `GET /__control/sources`: every source id, oldest first.
async fn source_ids() -> Vec<u64> {
    #[derive(Deserialize)]
    struct SourceIds {
        ids: Vec<u64>,
    }
    let answer = control("GET", "/__control/sources", None).await;
    serde_json::from_value::<SourceIds>(answer)
        .expect("source ids")
        .ids
}

async fn restore() {
    control("POST", "/__control/reset", None).await;
}

fn ids(sources: &[Source]) -> Vec<u64> {
    sources.iter().map(|source| source.id).collect()
}

fn newest_first(mut oldest_first: Vec<u64>) -> Vec<u64> {
    oldest_first.reverse();
    oldest_first
}

fn list_all_options(pairs: &[(&str, JsValue)]) -> Option<Object> {
    Some(obj(pairs).unchecked_into())
}

async fn list_all(client: &CensusClient, pairs: &[(&str, JsValue)]) -> Vec<Source> {
    model(&ok(client.list_all_sources(list_all_options(pairs))).await)
}

async fn next_of(iterator: &JsValue) -> JsValue {
    let next: Function = get(iterator, "next").unchecked_into();
    let promise: Promise = next.call0(iterator).expect("next()").unchecked_into();
    JsFuture::from(promise).await.unwrap_or_else(|err| err)
}

/// onRequest/onResponse hooks that record the most page requests ever in flight at once.
fn in_flight_tracker() -> (JsValue, JsValue, Object) {
    let state = obj(&[("now", 0.into()), ("max", 0.into())]);
    let on_request = Function::new_with_args(
        "s",
        "return () => { s.now += 1; s.max = Math.max(s.max, s.now); }",
    )
    .call1(&JsValue::NULL, &state)
    .expect("hook");
    let on_response = Function::new_with_args("s", "return () => { s.now -= 1; }")
        .call1(&JsValue::NULL, &state)
        .expect("hook");
    (on_request, on_response, state)
}

#[wasm_bindgen_test]
async fn zero_sources_list_as_empty() {
    dataset(0).await;
    let client = client();
    assert_eq!(list_all(&client, &[]).await.len(), 0);
    let iterator = client.iterate_sources(None).expect("iterator");
    assert!(model::<Step<Source>>(&next_of(&iterator).await).done);
    let value = ok(client.list_sources(None)).await;
    let page: Listed<Source> = listed(&value);
    assert_eq!(page.page.data.len(), 0);
    assert!(!page.has_next_page);
    assert!(get(&value, "nextPage").is_null(), "null, not left out");
    restore().await;
}

/// `count` calls of the iterator's `next()`, made at once (none awaited before the next), as
/// `Promise.all` settles them.
async fn next_at_once(iterator: &JsValue, count: u32) -> Array {
    let calls = Function::new_with_args(
        "it, n",
        "return Promise.all(Array.from({ length: n }, () => it.next()));",
    );
    let all: Promise = calls
        .call2(&JsValue::NULL, iterator, &count.into())
        .expect("next() calls")
        .unchecked_into();
    JsFuture::from(all)
        .await
        .expect("next() results")
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn next_calls_made_at_once_are_answered_in_order() {
    let expected = newest_first(dataset(25).await);
    let client = client();
    let iterator = client
        .iterate_sources(list_all_options(&[("perPage", 10.into())]))
        .expect("iterator");
    let mut seen = Vec::new();
    for batch in [12, 13] {
        let results: Vec<Step<Source>> = model(&next_at_once(&iterator, batch).await);
        for result in results {
            assert!(!result.done, "item {}", seen.len());
            seen.push(result.value.expect("a source").id);
        }
    }
    assert_eq!(seen, expected);
    let results: Vec<Step<Source>> = model(&next_at_once(&iterator, 3).await);
    assert!(results.iter().all(|result| result.done));
    assert_eq!(attempts("GET /sources").await, 3);
    restore().await;
}

#[wasm_bindgen_test]
async fn page_edges_exactly_one_page_and_one_more() {
    let client = client();
    for (count, requests) in [(1u32, 1), (10, 1), (11, 2)] {
        let expected = newest_first(dataset(count).await);
        let all = list_all(&client, &[("perPage", 10.into())]).await;
        assert_eq!(ids(&all), expected, "{count} sources");
        assert_eq!(attempts("GET /sources").await, requests, "{count} sources");
    }
    restore().await;
}

#[wasm_bindgen_test]
async fn a_thousand_sources_come_in_order_with_progress() {
    let expected = newest_first(dataset(1005).await);
    let progress = Array::new();
    let record = Function::new_with_args("log", "return (p) => log.push(p)")
        .call1(&JsValue::NULL, &progress)
        .expect("hook");
    let all = list_all(
        &client(),
        &[("perPage", 100.into()), ("onProgress", record)],
    )
    .await;
    assert_eq!(ids(&all), expected);
    assert_eq!(
        attempts("GET /sources").await,
        11,
        "each page requested once"
    );
    let last = progress.get(progress.length() - 1);
    assert_eq!(number(&last, "pagesDone"), 11.0);
    assert_eq!(number(&last, "pagesTotal"), 11.0);
    assert_eq!(number(&last, "itemsDone"), 1005.0);
    assert_eq!(number(&last, "itemsTotal"), 1005.0);
    assert!(progress.length() >= 11);
    restore().await;
}

#[wasm_bindgen_test]
async fn ascending_order_and_the_page_helpers() {
    let expected = dataset(30).await;
    let client = client();
    let all = list_all(&client, &[("order", "asc".into()), ("perPage", 25.into())]).await;
    assert_eq!(ids(&all), expected);
    let first: Listed<Source> = listed(
        &ok(client.list_sources(Some(obj(&[("perPage", 25.into())]).unchecked_into()))).await,
    );
    assert!(first.has_next_page);
    let next_page = first.next_page.expect("nextPage");
    assert_eq!(next_page, 2);
    let options = obj(&[("perPage", 25.into()), ("page", next_page.into())]);
    let second: Listed<Source> =
        listed(&ok(client.list_sources(Some(options.unchecked_into()))).await);
    assert_eq!(second.page.data.len(), 5);
    assert!(!second.has_next_page);
    restore().await;
}

#[wasm_bindgen_test]
async fn prefetch_never_exceeds_the_concurrency() {
    dataset(1000).await;
    add_fault("GET /sources", "delay:40", None).await;
    for (concurrency, at_least) in [(4u32, 2.0), (1, 1.0)] {
        let (on_request, on_response, state) = in_flight_tracker();
        let client = client_with(&[
            ("apiToken", TOKEN.into()),
            ("onRequest", on_request),
            ("onResponse", on_response),
        ]);
        let all = list_all(
            &client,
            &[("perPage", 100.into()), ("concurrency", concurrency.into())],
        )
        .await;
        assert_eq!(all.len(), 1000);
        let max = number(&state, "max");
        assert!(
            max <= f64::from(concurrency),
            "{max} in flight with concurrency {concurrency}"
        );
        assert!(
            max >= at_least,
            "prefetch in use: {max} with concurrency {concurrency}"
        );
    }
    restore().await;
}

#[wasm_bindgen_test]
async fn max_items_stops_early() {
    let expected = newest_first(dataset(500).await);
    let all = list_all(
        &client(),
        &[("perPage", 100.into()), ("maxItems", 150.into())],
    )
    .await;
    assert_eq!(ids(&all), expected[..150].to_vec());
    assert_eq!(
        attempts("GET /sources").await,
        2,
        "only the pages holding 150 items"
    );
    restore().await;
}

#[wasm_bindgen_test]
async fn a_failing_page_fails_the_listing() {
    dataset(300).await;
    // Page 2 alone answers 500 (not retried), through an injected fetch.
    let fetch = Function::new_with_args(
        "request",
        "if (/[?&]page=2(&|$)/.test(request.url)) request.headers.set('x-census-local-fault', '500'); \
         return fetch(request);",
    );
    let client = client_with(&[("apiToken", TOKEN.into()), ("fetch", fetch.into())]);
    let err = fails(client.list_all_sources(list_all_options(&[("perPage", 100.into())]))).await;
    assert_eq!(text(&err, "name"), "CensusApiError");
    assert_eq!(number(&err, "status"), 500.0);

    let iterator = client
        .iterate_sources(list_all_options(&[
            ("perPage", 100.into()),
            ("concurrency", 1.into()),
        ]))
        .expect("iterator");
    let mut yielded = 0;
    loop {
        let result = next_of(&iterator).await;
        if text(&result, "name") == "CensusApiError" {
            break;
        }
        assert!(
            !get(&result, "done").is_truthy(),
            "a failed listing must not end as done"
        );
        yielded += 1;
    }
    assert_eq!(yielded, 100, "page 1's items, then the error");
    restore().await;
}

#[wasm_bindgen_test]
async fn break_stops_all_further_requests() {
    dataset(1000).await;
    add_fault("GET /sources", "delay:100", None).await;
    // The client's own fetch calls are counted: a request started before `return()` may reach the
    // server after it, so the server's count is read only once those have landed.
    let client = client_with(&[
        ("apiToken", JsValue::from_str(TOKEN)),
        ("fetch", wrapped_fetch("breakFetches", None)),
    ]);
    let iterator = client
        .iterate_sources(list_all_options(&[
            ("perPage", 100.into()),
            ("concurrency", 4.into()),
        ]))
        .expect("iterator");
    for _ in 0..5 {
        assert!(!model::<Step<Source>>(&next_of(&iterator).await).done);
    }
    let finish: Function = get(&iterator, "return").unchecked_into();
    let promise: Promise = finish.call0(&iterator).expect("return()").unchecked_into();
    let ended = JsFuture::from(promise).await.expect("return resolves");
    assert!(model::<Step<Source>>(&ended).done);
    let started_before_break = calls("breakFetches");
    sleep(600).await;
    assert_eq!(
        calls("breakFetches"),
        started_before_break,
        "no request started after break"
    );
    let reached_server = attempts("GET /sources").await;
    // A page aborted by `return()` may never reach the server, so this is a bound, not equality.
    assert!(
        reached_server as f64 <= started_before_break,
        "the server saw only requests started before break: {reached_server}"
    );
    assert!(
        reached_server <= 5,
        "page 1 and at most 4 prefetched: {reached_server}"
    );
    assert!(model::<Step<Source>>(&next_of(&iterator).await).done);
    assert_eq!(
        calls("breakFetches"),
        started_before_break,
        "next() after break sends nothing"
    );
    restore().await;
}

#[wasm_bindgen_test]
async fn abort_cancels_every_page_in_flight() {
    dataset(1000).await;
    add_fault("GET /sources", "delay:1500", None).await;
    let controller = Function::new_no_args("return new AbortController()")
        .call0(&JsValue::NULL)
        .expect("controller");
    Function::new_with_args("c", "setTimeout(() => c.abort(), 100)")
        .call1(&JsValue::NULL, &controller)
        .expect("timer");
    let started = js_sys::Date::now();
    let err = fails(
        client().list_all_sources(list_all_options(&[("signal", get(&controller, "signal"))])),
    )
    .await;
    assert_eq!(text(&err, "name"), "AbortError");
    assert!(
        js_sys::Date::now() - started < 1200.0,
        "ended before the slow pages answered"
    );
    restore().await;
}

/// Lists while `rule` changes the data, and checks the guarantee: every source that existed for
/// the whole listing comes exactly once, and nothing comes twice.
async fn listing_under_change(rule: &str, pairs: &[(&str, JsValue)]) {
    let before: HashSet<u64> = dataset(250).await.into_iter().collect();
    control("POST", "/__control/mutations", Some(rule)).await;
    let all = list_all(&client(), pairs).await;
    let after: HashSet<u64> = source_ids().await.into_iter().collect();
    let listed = ids(&all);
    let unique: HashSet<u64> = listed.iter().copied().collect();
    assert_eq!(unique.len(), listed.len(), "no source listed twice");
    for id in before.intersection(&after) {
        assert!(
            unique.contains(id),
            "source {id} existed throughout but was not listed ({rule})"
        );
    }
    assert_ne!(before, after, "the rule changed the data");
    restore().await;
}

#[wasm_bindgen_test]
async fn creations_during_a_concurrent_listing_lose_and_repeat_nothing() {
    let rule = r#"{"route": "GET /sources", "query": {"page": "3"}, "create": 7, "times": 1}"#;
    listing_under_change(rule, &[("perPage", 50.into()), ("concurrency", 4.into())]).await;
}

#[wasm_bindgen_test]
async fn deletions_during_a_concurrent_listing_lose_and_repeat_nothing() {
    let rule = r#"{"route": "GET /sources", "query": {"page": "2"}, "delete": 6, "times": 1}"#;
    listing_under_change(rule, &[("perPage", 50.into()), ("concurrency", 4.into())]).await;
}

#[wasm_bindgen_test]
async fn mixed_changes_during_a_sequential_newest_first_listing() {
    let rule = r#"{"route": "GET /sources", "query": {"page": "2"}, "create": 3, "delete": 3, "times": 1}"#;
    listing_under_change(rule, &[("perPage", 50.into()), ("concurrency", 1.into())]).await;
}

#[wasm_bindgen_test]
async fn bad_listing_options_name_the_option() {
    let client = client();
    for (pairs, field) in [
        (vec![("perPage", JsValue::from(101))], "perPage"),
        (vec![("concurrency", JsValue::from(0))], "concurrency"),
        (vec![("maxItems", JsValue::from(0))], "maxItems"),
        (vec![("order", JsValue::from("up"))], "order"),
        (vec![("onProgress", JsValue::from(1))], "onProgress"),
        (vec![("page", JsValue::from(2))], "page"),
    ] {
        let err = fails(client.list_all_sources(list_all_options(&pairs))).await;
        assert_eq!(text(&err, "name"), "CensusInputError");
        assert_eq!(text(&err, "field"), field, "{}", text(&err, "message"));
    }
}
