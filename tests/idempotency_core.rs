//! Nothing done twice, natively: what an audit of every method that sends POST, PUT, PATCH or
//! DELETE under scripted failures found (an answer whose body broke off after a 2xx, creates
//! that answer no id, a Stitch refusal after a lost answer, a `Retry-After` beyond any number,
//! waits beyond any timer).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

use std::cell::RefCell;
use std::rc::Rc;

use census_wasm::core::api::{self, ArgValue, Call};
use census_wasm::core::arguments::{self, CallSettings};
use census_wasm::core::attempts::RequestAttempts;
use census_wasm::core::config::ClientConfig;
use census_wasm::core::error::ErrorKind;
use census_wasm::core::operation::{Operation, run_with};
use census_wasm::core::raw_object::RawObject;
use census_wasm::core::request::{HttpRequest, Method};
use census_wasm::core::response::RawResponse;
use census_wasm::core::retry::{self, RetryOptions, RetryPolicy};
use census_wasm::core::stitch::JobPacer;

fn config() -> ClientConfig {
    ClientConfig::new(
        Some("https://app.getcensus.com/api/v1"),
        Some("secret-token:abc123456"),
    )
    .expect("config")
}

fn attempts(request: HttpRequest) -> RequestAttempts {
    let pacer = Rc::new(RefCell::new(JobPacer::default()));
    RequestAttempts::new(&Rc::new(config()), &pacer, request, CallSettings::default())
}

fn request_json(method: Method) -> serde_json::Value {
    let mut tries = attempts(HttpRequest::new(
        method,
        "/sources".into(),
        "the new source".into(),
    ));
    serde_json::from_str(&tries.request_json(0.0)).expect("JSON")
}

#[test]
fn only_a_request_that_does_the_same_work_again_may_be_resent_after_its_answer_broke_off() {
    for method in [Method::Get, Method::Put, Method::Delete] {
        assert_eq!(request_json(method)["resend"], true, "{method:?}");
    }
    for method in [Method::Post, Method::Patch] {
        assert!(request_json(method).get("resend").is_none(), "{method:?}");
    }
}

#[test]
fn a_post_whose_2xx_answer_broke_off_rejects_as_accepted_not_as_unreachable() {
    let post = HttpRequest::new(Method::Post, "/sources".into(), "the new source".into());
    let mut tries = attempts(post);
    tries.request_json(0.0);
    tries.fail("cut", "HTTP 201: TypeError: terminated", 1);
    let err = tries.take_error();
    assert_eq!((err.kind, err.status), (ErrorKind::ReadBack, Some(201)));
    assert!(
        err.message.contains(
            "POST /sources answered HTTP 201, but its body broke off (TypeError: terminated)"
        ),
        "{}",
        err.message
    );
    assert!(
        err.message
            .ends_with("it probably exists: look for it before creating it again")
    );
    // A trigger was done, not made.
    let trigger = HttpRequest::new(Method::Post, "/syncs/5/trigger".into(), "sync 5".into());
    let mut tries = attempts(trigger);
    tries.fail("cut", "HTTP 200: TypeError: terminated", 1);
    let err = tries.take_error();
    assert_eq!(err.kind, ErrorKind::ReadBack);
    assert!(
        err.message
            .ends_with("it was probably done: check before sending it again")
    );
    // A GET's (sent again first, by the runtime) and an error status's: the answer, as it was.
    for (method, detail, status) in [
        (Method::Get, "HTTP 200: TypeError: terminated", 200),
        (Method::Post, "HTTP 502: Error: socket hang up", 502),
    ] {
        let mut tries = attempts(HttpRequest::new(
            method,
            "/sources".into(),
            "sources".into(),
        ));
        tries.fail("cut", detail, 1);
        let err = tries.take_error();
        assert_eq!(
            (err.kind, err.status),
            (ErrorKind::UnexpectedResponse, Some(status))
        );
        assert!(
            err.message.contains("but its body broke off"),
            "{}",
            err.message
        );
    }
}

fn call(name: &str, values: Vec<ArgValue>) -> Operation {
    let op = api::op(name).unwrap_or_else(|| panic!("no method {name}"));
    let mut call = Call::new(op.endpoint, op.args, values);
    call.flags = op.flags;
    Operation::new(call)
}

fn json(text: &str) -> ArgValue {
    ArgValue::Json(RawObject::parse("input", text).expect("an object"))
}

#[test]
fn any_create_the_api_accepted_with_an_unreadable_answer_rejects_as_accepted() {
    let webhook = || {
        call(
            "createWebhook",
            vec![json(
                r#"{"endpoint": "https://hooks.example.com/c", "events": ["sync.failed"]}"#,
            )],
        )
    };
    for body in [
        r#"{"status": "created", "data": {}}"#,
        "",
        "<html>ok</html>",
    ] {
        let (sent, result) = run_with(&mut webhook(), |_, _, _| {
            Ok((
                RawResponse::json(201, Box::leak(body.to_owned().into_boxed_str())),
                false,
            ))
        });
        assert_eq!(sent.len(), 1, "one POST");
        let err = result.expect_err(body);
        assert_eq!(
            (err.kind, err.status),
            (ErrorKind::ReadBack, Some(201)),
            "{body}: {}",
            err.message
        );
        assert!(
            err.message
                .starts_with("the API accepted the new webhook (HTTP 201)"),
            "{}",
            err.message
        );
    }
    // Its errors stay errors: a 422 is the API's refusal, nothing was made.
    let (_, result) = run_with(&mut webhook(), |_, _, _| {
        Ok((
            RawResponse::json(422, r#"{"status": "error", "message": "bad"}"#),
            false,
        ))
    });
    assert_eq!(result.expect_err("422").kind, ErrorKind::Api);
    // A GET's unreadable answer is no acceptance.
    let (_, result) = run_with(&mut call("getWebhook", vec![ArgValue::Id(7)]), |_, _, _| {
        Ok((
            RawResponse::json(200, r#"{"status": "success", "data": {}}"#),
            false,
        ))
    });
    assert_eq!(
        result.expect_err("no id").kind,
        ErrorKind::UnexpectedResponse
    );
}

#[test]
fn a_stitch_destination_delete_after_a_lost_answer_resolves_only_when_it_is_gone() {
    let delete = || {
        let op = api::stitch::STITCH_OPS
            .iter()
            .find(|op| op.name == "deleteDestination")
            .expect("deleteDestination");
        Operation::new(Call::new(op.endpoint, op.args, vec![ArgValue::Id(3)]))
    };
    let stitch_400 = |body: &'static str| RawResponse {
        status: 400,
        content_type: Some("application/json"),
        body: body.as_bytes(),
    };
    // Gone: Stitch's own words for a destination it cannot find.
    let (_, result) = run_with(&mut delete(), |_, _, _| {
        Ok((
            stitch_400(r#""Unable to locate dest (3) for client (116078) to delete""#),
            true,
        ))
    });
    result.expect("gone is what was asked");
    // A refusal after a lost answer is still a refusal.
    let (_, result) = run_with(&mut delete(), |_, _, _| {
        Ok((
            stitch_400(r#""Cannot delete a destination that has active sources""#),
            true,
        ))
    });
    let err = result.expect_err("a refusal");
    assert_eq!(err.status, Some(400), "{}", err.message);
}

#[test]
fn a_retry_after_beyond_any_number_ends_the_retries_and_waits_fit_a_timer() {
    let wait = retry::parse_retry_after("99999999999999999999", 0);
    assert_eq!(wait, Some(u64::MAX));
    // Longer than maxDelayMs: the retries end, as for any long wait.
    let policy = RetryPolicy::default();
    assert!(wait.unwrap() > policy.max_delay_ms);
    // maxDelayMs beyond what setTimeout can hold (2^31 - 1 ms) is refused.
    let options = RetryOptions {
        max_delay_ms: Some(retry::MAX_TIMER_MS + 1),
        ..RetryOptions::default()
    };
    let err = options.apply(policy, true, "retry").expect_err("too long");
    assert_eq!(err.field.as_deref(), Some("retry.maxDelayMs"));
    let options = RetryOptions {
        max_delay_ms: Some(retry::MAX_TIMER_MS),
        ..RetryOptions::default()
    };
    options
        .apply(policy, true, "retry")
        .expect("the longest a timer holds");
    // Read from a call's options the same way.
    let op = api::op("getSource").expect("getSource");
    let err = arguments::read(
        op,
        r#"[1, {"retry": {"maxDelayMs": 3000000000}}]"#,
        &CallSettings::default(),
    )
    .expect_err("too long");
    assert_eq!(
        err.field.as_deref(),
        Some("retry.maxDelayMs"),
        "{}",
        err.message
    );
}
