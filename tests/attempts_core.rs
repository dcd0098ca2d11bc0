//! Native tests of one request's attempts as the core decides them (`core::attempts`): the
//! request the runtime sends, when it tries again, how the jobs limit holds a Stitch request
//! back and gets its slot back when the request ends unsent, how a wait's status check ends with
//! the wait, and the errors of an exchange that got no answer.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

use std::cell::RefCell;
use std::rc::Rc;

use census_wasm::core::arguments::CallSettings;
use census_wasm::core::attempts::{AfterAttempt, RequestAttempts};
use census_wasm::core::config::ClientConfig;
use census_wasm::core::error::ErrorKind;
use census_wasm::core::request::{Auth, HttpRequest, Method};
use census_wasm::core::retry::{Limit, LongWait, RetryPolicy};
use census_wasm::core::stitch::{JOBS_LIMIT, JobPacer};

const TOKEN: &str = "secret-token:attempts";

fn config() -> Rc<ClientConfig> {
    Rc::new(ClientConfig::new(Some("https://census.test/api/v1"), Some(TOKEN)).unwrap())
}

fn get(path: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, path.into(), "source 12".into())
}

/// A request under Stitch's jobs limit.
fn extractions() -> HttpRequest {
    let mut request = get("/v4/116078/extractions");
    request.auth = Auth::StitchJobs;
    request
}

fn attempts(
    request: HttpRequest,
    settings: CallSettings,
    pacer: &Rc<RefCell<JobPacer>>,
) -> RequestAttempts {
    RequestAttempts::new(&config(), pacer, request, settings)
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("the request is JSON")
}

#[test]
fn a_get_that_got_no_answer_is_tried_again_and_a_post_is_not() {
    let pacer = Rc::default();
    let mut get = attempts(get("/sources/12"), CallSettings::default(), &pacer);
    let sent = json(&get.request_json(1_000.0));
    assert_eq!(sent["url"], "https://census.test/api/v1/sources/12");
    assert_eq!(sent["timeoutMs"], 30_000);
    assert!(sent.get("withinMs").is_none() && sent.get("waitMs").is_none());
    assert!(matches!(
        get.attempted(1, None, None, 1_500.0, 0.5),
        AfterAttempt::Retry { .. }
    ));
    assert!(matches!(
        get.attempted(2, Some(503), Some("2"), 2_000.0, 0.5),
        AfterAttempt::Retry { delay_ms: 2_000 }
    ));
    // The default three attempts are used up.
    assert_eq!(
        get.attempted(3, None, None, 5_000.0, 0.5),
        AfterAttempt::Stop
    );

    let post = HttpRequest::new(Method::Post, "/sources".into(), "a new source".into());
    let mut post = attempts(post, CallSettings::default(), &pacer);
    post.request_json(0.0);
    assert_eq!(post.attempted(1, None, None, 10.0, 0.5), AfterAttempt::Stop);
}

#[test]
fn a_waits_status_check_is_not_tried_again_after_the_wait_ends() {
    let pacer = Rc::default();
    let settings = CallSettings::default().within(1_000);
    let mut check = attempts(get("/sources/12/refresh_tables_status"), settings, &pacer);
    let sent = json(&check.request_json(0.0));
    assert_eq!(
        (sent["timeoutMs"].as_u64(), sent["withinMs"].as_u64()),
        (Some(1_000), Some(1_000))
    );
    // Cut short by the wait's end: no retry after it.
    assert_eq!(
        check.attempted(1, None, None, 1_000.0, 0.5),
        AfterAttempt::Stop
    );
    // An early failure still has time for another attempt.
    let mut check = attempts(get("/sources/12/refresh_tables_status"), settings, &pacer);
    check.request_json(0.0);
    assert!(matches!(
        check.attempted(1, Some(503), None, 20.0, 0.5),
        AfterAttempt::Retry { .. }
    ));
}

/// Where a wait the server asked for meets the end of the time the retries have: under
/// `retry.maxElapsedMs`, which bounds when a retry starts, a wait that ends exactly at it is
/// waited; within a wait's `timeoutMs`, which every attempt must end within, a retry due
/// exactly at its end could not be answered and is not made, and the error does not word that
/// wait as if it fitted the time left.
#[test]
fn a_server_wait_ending_exactly_at_the_limit_is_taken_under_max_elapsed_but_not_within_a_wait() {
    let pacer = Rc::default();
    let budget = CallSettings {
        retry: RetryPolicy {
            max_elapsed_ms: 2_000,
            ..RetryPolicy::default()
        },
        ..CallSettings::default()
    };
    let mut call = attempts(get("/sources/12"), budget, &pacer);
    call.request_json(0.0);
    assert_eq!(
        call.attempted(1, Some(503), Some("1"), 1_000.0, 0.5),
        AfterAttempt::Retry { delay_ms: 1_000 }
    );
    assert_eq!(call.long_wait, None);

    for (at, after) in [
        (999.0, AfterAttempt::Retry { delay_ms: 1_000 }),
        (1_000.0, AfterAttempt::Stop),
    ] {
        let settings = CallSettings::default().within(2_000);
        let mut check = attempts(get("/sources/12/refresh_tables_status"), settings, &pacer);
        check.request_json(0.0);
        assert_eq!(check.attempted(1, Some(503), Some("1"), at, 0.5), after);
    }
    let settings = CallSettings::default().within(2_000);
    let mut check = attempts(get("/sources/12/refresh_tables_status"), settings, &pacer);
    check.request_json(0.0);
    check.attempted(1, Some(503), Some("1"), 1_000.0, 0.5);
    let wait = check.long_wait.expect("the wait that stopped the retries");
    assert_eq!(
        wait,
        LongWait {
            wait_ms: 1_000,
            asked: true,
            limit: Limit::Timeout { left_ms: 1_000 },
        }
    );
    assert_eq!(
        wait.explain(),
        ". The server asked to wait 1 s (Retry-After), but the call's timeoutMs had 1000 ms \
         left, which that wait would use up, so the call was not retried: try again after that \
         wait, or raise its timeoutMs"
    );
}

/// A pacer whose window holds `JOBS_LIMIT` requests sent at `0`, `1 000`, … ms.
fn full_pacer() -> Rc<RefCell<JobPacer>> {
    let pacer: Rc<RefCell<JobPacer>> = Rc::default();
    for second in 0..JOBS_LIMIT as u64 {
        assert_eq!(pacer.borrow_mut().reserve(second * 1_000), 0);
    }
    pacer
}

#[test]
fn a_request_the_jobs_limit_holds_back_gives_its_slot_back_when_it_ends_unsent() {
    let pacer = full_pacer();
    let no_limit = CallSettings {
        timeout_ms: 0,
        ..CallSettings::default()
    };
    let mut held = attempts(extractions(), no_limit, &pacer);
    let sent = json(&held.request_json(40_000.0));
    // The oldest slot leaves the window (10 minutes and a margin) after 601 s.
    assert_eq!(sent["waitMs"], 601_000 - 40_000);
    assert_eq!(pacer.borrow().in_window(), JOBS_LIMIT + 1);
    // Aborted while it waited: the slot it had is free again.
    held.fail("aborted", "", 0);
    assert_eq!(pacer.borrow().in_window(), JOBS_LIMIT);
    assert_eq!(held.take_error().kind, ErrorKind::Aborted);
    // A request that was sent keeps its slot: it counted.
    let mut sent = attempts(extractions(), CallSettings::default(), &pacer);
    sent.request_json(40_000.0);
    sent.fail("network", "TypeError: failed to fetch", 1);
    assert_eq!(pacer.borrow().in_window(), JOBS_LIMIT + 1);
}

#[test]
fn a_request_held_longer_than_its_timeout_is_not_held_and_says_why() {
    let pacer = full_pacer();
    // The slot is 561 s away and the call's timeoutMs is 30 s: no point waiting for it.
    let mut held = attempts(extractions(), CallSettings::default(), &pacer);
    let sent = json(&held.request_json(40_000.0));
    assert_eq!(
        (sent["waitMs"].as_u64(), sent["withinMs"].as_u64()),
        (Some(0), Some(0))
    );
    // The runtime ends it as timed out before any attempt: the slot is given back, and the
    // error says what held it.
    held.fail("timeout", "", 0);
    assert_eq!(pacer.borrow().in_window(), JOBS_LIMIT);
    let err = held.take_error();
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert!(
        err.message.contains("would wait 561000 ms for a slot"),
        "{}",
        err.message
    );
    assert!(
        err.message.contains("timeoutMs (30000 ms)"),
        "{}",
        err.message
    );
    // Within its timeout, it waits for the slot as before.
    let pacer: Rc<RefCell<JobPacer>> = Rc::default();
    for second in 0..JOBS_LIMIT as u64 {
        pacer.borrow_mut().reserve(580_000 + second * 10);
    }
    let mut soon = attempts(extractions(), CallSettings::default(), &pacer);
    let sent = json(&soon.request_json(1_180_000.0));
    assert_eq!(sent["waitMs"], 1_000, "{sent}");
    assert!(sent.get("withinMs").is_none());
}

#[test]
fn a_waits_check_held_by_the_jobs_limit_past_the_waits_end_is_not_held() {
    let pacer = full_pacer();
    let settings = CallSettings::default().within(5_000);
    let mut check = attempts(extractions(), settings, &pacer);
    let sent = json(&check.request_json(40_000.0));
    // The slot is 561 s away, past the wait's end: not held at all, failed at once.
    assert_eq!(
        (sent["waitMs"].clone(), sent["withinMs"].clone()),
        (0.into(), 0.into()),
        "{sent}"
    );
    // The runtime then ends it as timed out before any attempt: the slot is given back, and
    // the error says how far the slot was.
    check.fail("timeout", "", 0);
    assert_eq!(pacer.borrow().in_window(), JOBS_LIMIT);
    let err = check.take_error();
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert!(
        err.message.contains(
            "would wait 561000 ms for a slot under Stitch's jobs limit (30 requests per 10 \
             minutes), longer than the 5000 ms its wait had left, so it was not sent"
        ),
        "{}",
        err.message
    );
    // A slot within the wait's time is waited for.
    let pacer: Rc<RefCell<JobPacer>> = Rc::default();
    for second in 0..JOBS_LIMIT as u64 {
        pacer.borrow_mut().reserve(580_000 + second * 10);
    }
    let mut soon = attempts(extractions(), CallSettings::default().within(5_000), &pacer);
    let sent = json(&soon.request_json(1_180_000.0));
    assert_eq!(sent["waitMs"], 1_000, "{sent}");
    // A retry the limit would hold past the wait's end is not made, and its slot is given back.
    let pacer: Rc<RefCell<JobPacer>> = Rc::default();
    for second in 0..(JOBS_LIMIT as u64 - 1) {
        pacer.borrow_mut().reserve(second * 1_000);
    }
    let mut check = attempts(
        extractions(),
        CallSettings::default().within(60_000),
        &pacer,
    );
    check.request_json(40_000.0);
    assert_eq!(pacer.borrow().in_window(), JOBS_LIMIT);
    assert_eq!(
        check.attempted(1, Some(503), None, 40_100.0, 0.5),
        AfterAttempt::Stop
    );
    assert_eq!(pacer.borrow().in_window(), JOBS_LIMIT);
}

#[test]
fn an_exchange_without_an_answer_says_why_and_never_shows_the_token() {
    let pacer = Rc::default();
    let mut timed_out = attempts(get("/sources/12"), CallSettings::default(), &pacer);
    timed_out.request_json(0.0);
    timed_out.fail("timeout", "", 3);
    let err = timed_out.take_error();
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert!(
        err.message
            .ends_with("got no answer within 30000 ms and was cancelled (after 3 attempts)"),
        "{}",
        err.message
    );
    let mut unreachable = attempts(get("/sources/12"), CallSettings::default(), &pacer);
    unreachable.request_json(0.0);
    unreachable.fail(
        "network",
        &format!("TypeError: fetch failed for Bearer {TOKEN}"),
        1,
    );
    let err = unreachable.take_error();
    assert_eq!(err.kind, ErrorKind::Network);
    assert!(
        err.message
            .contains("could not reach https://census.test/api/v1/sources/12")
    );
    assert!(!err.message.contains(TOKEN), "{}", err.message);
    assert!(err.message.contains("[redacted]"), "{}", err.message);
    // A redirect is not followed: it ends the call, saying where it pointed.
    let mut redirected = attempts(get("/sources/12"), CallSettings::default(), &pacer);
    redirected.request_json(0.0);
    redirected.fail("redirect", "HTTP 307 to https://elsewhere.test/collect", 1);
    let err = redirected.take_error();
    assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
    assert!(
        err.message
            .contains("redirect (HTTP 307 to https://elsewhere.test/collect)")
            && err.message.contains("which fetch did not follow"),
        "{}",
        err.message
    );
    assert_eq!(err.status, Some(307), "the redirect's status");
    // A request with a body is never redirected: the message says why.
    let post = HttpRequest::new(Method::Post, "/sources".into(), "a source".into())
        .with_json_body("{}".into());
    let mut refused = attempts(post, CallSettings::default(), &pacer);
    refused.request_json(0.0);
    refused.fail("redirect", "a redirect", 1);
    let err = refused.take_error();
    assert!(
        err.message
            .contains("does not follow for a request with a body"),
        "{}",
        err.message
    );
    assert_eq!(err.status, None, "a redirect the browser hid has no status");
    // A body longer than the client reads is said as such, not as a server out of reach; a
    // create's, as accepted but unread.
    let mut large = attempts(get("/sources/12"), CallSettings::default(), &pacer);
    large.request_json(0.0);
    large.fail("large", "HTTP 200: more than 67108864 bytes", 1);
    let err = large.take_error();
    assert_eq!(
        (err.kind, err.status),
        (ErrorKind::UnexpectedResponse, Some(200))
    );
    assert!(
        err.message.contains(
            "answered HTTP 200 with a body of more than 67108864 bytes, more than the client reads"
        ),
        "{}",
        err.message
    );
    let post = HttpRequest::new(Method::Post, "/sources".into(), "a new source".into())
        .with_json_body("{}".into());
    let mut created = attempts(post, CallSettings::default(), &pacer);
    created.request_json(0.0);
    created.fail("large", "HTTP 201: more than 67108864 bytes", 1);
    assert_eq!(created.take_error().kind, ErrorKind::ReadBack);
    // A redirect's Location is the answer's text: no control character of it reaches the message.
    let mut escape = attempts(get("/sources/12"), CallSettings::default(), &pacer);
    escape.request_json(0.0);
    escape.fail("redirect", "HTTP 302 to https://x.test/\u{9b}2J", 1);
    let err = escape.take_error();
    assert!(
        err.message.contains(r"https://x.test/\u009b2J"),
        "{}",
        err.message
    );
    // A fetch option that resolves to no Response is a configuration error naming it.
    let mut odd = attempts(get("/sources/12"), CallSettings::default(), &pacer);
    odd.request_json(0.0);
    odd.fail("answer", "undefined", 1);
    let err = odd.take_error();
    assert_eq!(
        (err.kind, err.field.as_deref(), &*err.message),
        (
            ErrorKind::InvalidConfig,
            Some("fetch"),
            "fetch: fetch resolved to undefined, not a Response"
        )
    );
    // A fetch option that threw a bug (a ReferenceError, …) is named, not taken for the network.
    let mut buggy = attempts(get("/sources/12"), CallSettings::default(), &pacer);
    buggy.request_json(0.0);
    buggy.fail("fetch", "ReferenceError: tokn is not defined", 1);
    let err = buggy.take_error();
    assert_eq!(
        (err.kind, err.field.as_deref(), &*err.message),
        (
            ErrorKind::InvalidConfig,
            Some("fetch"),
            "fetch: the fetch option threw ReferenceError: tokn is not defined, a bug in it \
             rather than a network failure, so the request was not tried again"
        )
    );
    let mut invalid = attempts(get("/sources/12"), CallSettings::default(), &pacer);
    invalid.fail("invalid", "TypeError: bad URL", 1);
    assert_eq!(invalid.take_error().field.as_deref(), Some("baseUrl"));
    // No reason recorded: still an error, never a panic.
    let mut silent = attempts(get("/sources/12"), CallSettings::default(), &pacer);
    assert_eq!(silent.take_error().kind, ErrorKind::Network);
}

#[test]
fn a_retry_the_jobs_limit_would_hold_past_max_elapsed_ms_is_not_made() {
    // One slot left: the first attempt takes it; its retry would wait about 561 s for the next.
    let pacer: Rc<RefCell<JobPacer>> = Rc::default();
    for second in 0..(JOBS_LIMIT as u64 - 1) {
        pacer.borrow_mut().reserve(second * 1_000);
    }
    let mut request = attempts(extractions(), CallSettings::default(), &pacer);
    let sent = json(&request.request_json(40_000.0));
    assert!(
        sent.get("waitMs").is_none(),
        "the first attempt is sent at once: {sent}"
    );
    assert_eq!(
        request.attempted(1, Some(503), None, 40_100.0, 0.5),
        AfterAttempt::Stop,
        "not held for minutes past retry.maxElapsedMs (60 s)"
    );
    assert_eq!(
        pacer.borrow().in_window(),
        JOBS_LIMIT,
        "the retry's slot is given back"
    );
    let wait = request.long_wait.expect("the error says why");
    assert_eq!(
        wait.limit,
        Limit::MaxElapsed {
            max_ms: 60_000,
            left_ms: 59_900
        }
    );
    assert!(wait.wait_ms > 560_000, "{wait:?}");
    // With a budget that covers the hold, the retry waits for its slot as before.
    let pacer: Rc<RefCell<JobPacer>> = Rc::default();
    for second in 0..(JOBS_LIMIT as u64 - 1) {
        pacer.borrow_mut().reserve(second * 1_000);
    }
    let patient = CallSettings {
        retry: RetryPolicy {
            max_elapsed_ms: 900_000,
            ..RetryPolicy::default()
        },
        ..CallSettings::default()
    };
    let mut request = attempts(extractions(), patient, &pacer);
    request.request_json(40_000.0);
    match request.attempted(1, Some(503), None, 40_100.0, 0.5) {
        AfterAttempt::Retry { delay_ms } => assert!(delay_ms > 560_000, "{delay_ms}"),
        AfterAttempt::Stop => panic!("a retry within its budget was not made"),
    }
}
