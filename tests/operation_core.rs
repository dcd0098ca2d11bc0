//! The core's call machines, natively: which requests a call sends, and how each answer, lost
//! answer or wait ends it. These rules used to live in the wasm binding and run only in browsers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

use std::rc::Rc;

use census_wasm::core::api::{self, ArgValue, Call};
use census_wasm::core::arguments::CallSettings;
use census_wasm::core::attempts::{AfterAttempt, RequestAttempts};
use census_wasm::core::config::ClientConfig;
use census_wasm::core::error::{ClientError, ErrorKind};
use census_wasm::core::operation::{Answer, Machine, Operation, Output, Step, TypeCheck, run_with};
use census_wasm::core::poll::{Refresh, Wait};
use census_wasm::core::raw_object::RawObject;
use census_wasm::core::refresh::WaitPlan;
use census_wasm::core::request::{HttpRequest, Method};
use census_wasm::core::response::RawResponse;
use census_wasm::core::retry::RetryPolicy;
use census_wasm::core::source_types::{CreatableType, Credential};
use census_wasm::core::sources::CreateSourceInput;

const SOURCE: &str = r#"{"status":"success","data":{"id":7,"name":"Prod","type":"postgres"}}"#;
const ID_ONLY: &str = r#"{"status":"success","data":{"id":7}}"#;
const NOT_FOUND: &str = r#"{"status":"not_found","message":"Source not found"}"#;
const SERVER_ERROR: &str = r#"{"status":"error","message":"boom"}"#;

fn ok(body: &'static str) -> Result<(RawResponse<'static>, bool), ClientError> {
    Ok((RawResponse::json(200, body), false))
}

fn status(code: u16, body: &'static str) -> Result<(RawResponse<'static>, bool), ClientError> {
    Ok((RawResponse::json(code, body), false))
}

fn no_answer(kind: ErrorKind) -> Result<(RawResponse<'static>, bool), ClientError> {
    Err(ClientError::new(kind, "GET /sources/7 got no answer"))
}

fn input() -> CreateSourceInput {
    CreateSourceInput {
        source_type: Some("postgres".into()),
        credentials: Some(
            RawObject::parse("credentials", r#"{"hostname":"db","password":"p"}"#)
                .expect("credentials"),
        ),
        name: Some("Prod".into()),
        ..CreateSourceInput::default()
    }
}

fn create(check: TypeCheck, read_back: bool) -> Operation {
    let op = api::op("createSource").expect("createSource");
    let call = Call::new(
        op.endpoint,
        op.args,
        vec![ArgValue::Input(input().values())],
    );
    Operation::create(call, check, read_back)
}

/// A one-request call of the method `name`.
fn call(name: &str, values: Vec<ArgValue>) -> Operation {
    let op = api::op(name).expect(name);
    Operation::new(Call::new(op.endpoint, op.args, values))
}

/// Runs `operation` against answers given in order; returns the requests as `METHOD path`.
fn run(
    mut operation: Operation,
    answers: Vec<Result<(RawResponse<'static>, bool), ClientError>>,
) -> (Vec<String>, Result<Output, ClientError>) {
    let mut answers = answers.into_iter();
    let (sent, result) = run_with(&mut operation, |_, _, _| {
        answers
            .next()
            .expect("the machine sent more requests than the test answers")
    });
    (sent.iter().map(HttpRequest::describe).collect(), result)
}

// ---- create: read-back, and a create the API accepted never reads as a failed create --------

#[test]
fn an_id_only_create_is_read_back_into_the_whole_source() {
    let (sent, result) = run(create(TypeCheck::Skip, true), vec![ok(ID_ONLY), ok(SOURCE)]);
    assert_eq!(sent, ["POST /sources", "GET /sources/7"]);
    assert_eq!(result, Ok(Output::Data));
}

#[test]
fn a_whole_source_answer_needs_no_read_back() {
    let (sent, result) = run(create(TypeCheck::Skip, true), vec![ok(SOURCE)]);
    assert_eq!(sent, ["POST /sources"]);
    assert_eq!(result, Ok(Output::Data));
}

#[test]
fn read_back_false_resolves_with_the_posts_own_answer() {
    let (sent, result) = run(create(TypeCheck::Skip, false), vec![ok(ID_ONLY)]);
    assert_eq!(sent, ["POST /sources"]);
    assert_eq!(result, Ok(Output::Data));
}

fn read_back_error(answer: Result<(RawResponse<'static>, bool), ClientError>) -> ClientError {
    let (sent, result) = run(create(TypeCheck::Skip, true), vec![ok(ID_ONLY), answer]);
    assert_eq!(sent, ["POST /sources", "GET /sources/7"]);
    let err = result.expect_err("the read-back failed");
    assert_eq!(err.kind, ErrorKind::ReadBack, "{err:?}");
    assert_eq!(err.kind.code(), "read_back_failed");
    assert_eq!(
        err.created.as_ref().and_then(|c| c.id),
        Some(7),
        "the error carries the new id"
    );
    assert!(
        err.message.contains("source 7 was created"),
        "{}",
        err.message
    );
    assert!(
        err.message.contains("do not create it again"),
        "{}",
        err.message
    );
    err
}

#[test]
fn a_read_back_that_404s_says_the_source_was_created() {
    let err = read_back_error(status(404, NOT_FOUND));
    let cause = err.created.clone().expect("created").cause;
    assert_eq!(cause.kind, ErrorKind::NotFound);
    assert_eq!(err.status, Some(404));
}

#[test]
fn a_read_back_that_times_out_says_the_source_was_created() {
    let err = read_back_error(no_answer(ErrorKind::Timeout));
    assert_eq!(
        err.created.clone().expect("created").cause.kind,
        ErrorKind::Timeout
    );
    assert_eq!(err.status, None);
}

#[test]
fn a_read_back_that_gets_a_500_says_the_source_was_created() {
    let err = read_back_error(status(500, SERVER_ERROR));
    let cause = err.created.clone().expect("created").cause;
    assert_eq!((cause.kind, cause.status), (ErrorKind::Api, Some(500)));
}

#[test]
fn a_read_back_of_the_wrong_shape_says_the_source_was_created() {
    let err = read_back_error(ok(r#"{"status":"success","data":{"id":"7"}}"#));
    assert_eq!(
        err.created.clone().expect("created").cause.kind,
        ErrorKind::UnexpectedResponse
    );
}

#[test]
fn a_create_accepted_with_an_unreadable_answer_says_it_probably_exists() {
    for body in [
        r#"{"status":"created","data":{"id":"75"}}"#,
        r#"{"status":"created","da"#,
        "",
        // An id JavaScript would round names no resource it can read back.
        r#"{"status":"created","data":{"id":9007199254740993}}"#,
    ] {
        let answer = Ok((RawResponse::json(201, body), false));
        let (sent, result) = run(create(TypeCheck::Skip, true), vec![answer]);
        assert_eq!(sent, ["POST /sources"], "{body}");
        let err = result.expect_err(body);
        assert_eq!(err.kind, ErrorKind::ReadBack, "{body}: {err:?}");
        assert_eq!(err.status, Some(201));
        let created = err.created.clone().expect("created");
        assert_eq!(created.id, None, "no id could be read");
        assert_eq!(created.cause.kind, ErrorKind::UnexpectedResponse);
        assert!(
            err.message.contains("accepted") && err.message.contains("before creating it again"),
            "{}",
            err.message
        );
    }
}

#[test]
fn a_read_back_that_cannot_be_asked_says_the_source_was_created() {
    // Id 0 is read (a count may be 0), but no source has it: the read-back's own argument
    // check refuses it. That refusal is not the caller's input, and the source exists.
    let (sent, result) = run(
        create(TypeCheck::Skip, true),
        vec![ok(r#"{"status":"success","data":{"id":0}}"#)],
    );
    assert_eq!(sent, ["POST /sources"], "no read-back is sent");
    let err = result.expect_err("the read-back cannot be asked");
    assert_eq!(err.kind, ErrorKind::ReadBack, "{err:?}");
    let created = err.created.clone().expect("created");
    assert_eq!(
        created.id,
        Some(0),
        "the error carries the id the API answered"
    );
    assert_eq!(created.cause.kind, ErrorKind::InvalidInput);
    assert!(
        err.message.contains("source 0 was created")
            && err.message.contains("do not create it again"),
        "{}",
        err.message
    );
}

#[test]
fn an_id_javascript_would_round_is_refused_naming_it() {
    let answer = |id: &str| format!(r#"{{"status":"success","data":{{"id":{id},"name":"Prod"}}}}"#);
    let body: &'static str = Box::leak(answer("9007199254740993").into_boxed_str());
    let (_, result) = run(call("getSource", vec![ArgValue::Id(7)]), vec![ok(body)]);
    let err = result.expect_err("an id above 2^53 - 1");
    assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
    assert_eq!(err.field.as_deref(), Some("data.id"));
    assert!(
        err.message
            .contains("expected an integer up to 2^53 - 1, which JavaScript keeps exact"),
        "{}",
        err.message
    );
    let body: &'static str = Box::leak(answer("9007199254740991").into_boxed_str());
    let (_, result) = run(call("getSource", vec![ArgValue::Id(7)]), vec![ok(body)]);
    assert_eq!(result, Ok(Output::Data), "the largest safe id is read");
}

#[test]
fn a_failed_post_is_a_plain_error() {
    let (sent, result) = run(
        create(TypeCheck::Skip, true),
        vec![status(500, SERVER_ERROR)],
    );
    assert_eq!(sent, ["POST /sources"]);
    let err = result.expect_err("500");
    assert_eq!((err.kind, err.created.clone()), (ErrorKind::Api, None));
    let (_, result) = run(
        create(TypeCheck::Skip, true),
        vec![no_answer(ErrorKind::Network)],
    );
    assert_eq!(result.expect_err("lost").kind, ErrorKind::Network);
}

#[test]
fn the_read_back_error_crosses_as_one_json_object_with_its_cause() {
    let err = read_back_error(status(404, NOT_FOUND));
    let json = err.to_json(&|text| text.replace("Source", "[redacted]"));
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(value["code"], "read_back_failed");
    assert_eq!(value["id"], 7);
    assert_eq!(value["status"], 404);
    assert_eq!(value["cause"]["code"], "not_found");
    assert_eq!(
        value["cause"]["apiMessage"], "[redacted] not found",
        "the cause is redacted too"
    );
}

// ---- checkType ------------------------------------------------------------------------------

/// `configuration_fields` as the API documents it: an object around `fields`, each with its `id`
/// and `rules` (one rule, or a list).
const POSTGRES: &str = r#"{"status":"success","data":{"service_name":"postgres","label":"Postgres","creatable_via_api":true,"configuration_fields":{"fields":[{"id":"hostname","rules":["required"]},{"id":"user","rules":"required"},{"id":"password","rules":["required:notForEditing"]},{"id":"port","rules":[]}]}}}"#;

#[test]
fn check_type_reads_the_type_and_refuses_missing_credentials_before_creating() {
    let (sent, result) = run(create(TypeCheck::Fetch, true), vec![ok(POSTGRES)]);
    assert_eq!(sent, ["GET /source_types/postgres"], "nothing was created");
    let err = result.expect_err("user is missing");
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert_eq!(err.field.as_deref(), Some("credentials.user"));
    assert_eq!(err.missing.as_deref(), Some("credentials.user"));
}

#[test]
fn check_type_creates_when_the_type_allows_the_input() {
    let ok_type = r#"{"status":"success","data":{"service_name":"postgres","label":"Postgres","creatable_via_api":true,"configuration_fields":{"fields":[{"id":"hostname","rules":["required"]}]}}}"#;
    let (sent, result) = run(
        create(TypeCheck::Fetch, true),
        vec![ok(ok_type), ok(ID_ONLY), ok(SOURCE)],
    );
    assert_eq!(
        sent,
        [
            "GET /source_types/postgres",
            "POST /sources",
            "GET /sources/7"
        ]
    );
    assert_eq!(result, Ok(Output::Data));
}

#[test]
fn check_type_names_an_unknown_type_as_the_inputs_fault() {
    let (sent, result) = run(create(TypeCheck::Fetch, true), vec![status(404, NOT_FOUND)]);
    assert_eq!(sent.len(), 1);
    let err = result.expect_err("unknown");
    assert_eq!(
        (err.kind, err.field.as_deref()),
        (ErrorKind::InvalidInput, Some("type"))
    );
    assert!(err.message.contains("unknown source type \"postgres\""));
}

#[test]
fn a_held_type_is_checked_with_no_request() {
    let held = |name: &str, creatable: bool| CreatableType {
        service_name: name.into(),
        label: "L".into(),
        creatable_via_api: creatable,
        fields: Some(vec![Credential {
            id: "hostname".into(),
            required: true,
            show: None,
        }]),
    };
    let (sent, result) = run(create(TypeCheck::Held(held("mysql", true)), true), vec![]);
    assert!(sent.is_empty());
    assert_eq!(
        result.expect_err("other type").field.as_deref(),
        Some("checkType")
    );
    let (sent, result) = run(
        create(TypeCheck::Held(held("postgres", false)), true),
        vec![],
    );
    assert!(sent.is_empty());
    assert_eq!(
        result.expect_err("not creatable").field.as_deref(),
        Some("type")
    );
    let (sent, result) = run(
        create(TypeCheck::Held(held("postgres", true)), true),
        vec![ok(SOURCE)],
    );
    assert_eq!(sent, ["POST /sources"]);
    assert_eq!(result, Ok(Output::Data));
}

// ---- DELETE after a lost answer ---------------------------------------------------------------

#[test]
fn a_delete_that_finds_nothing_after_an_attempt_that_may_have_acted_succeeds() {
    let delete = || call("deleteSource", vec![ArgValue::Id(7)]);
    let (sent, result) = run(
        delete(),
        vec![Ok((RawResponse::json(404, NOT_FOUND), true))],
    );
    assert_eq!(sent, ["DELETE /sources/7"]);
    assert_eq!(result, Ok(Output::Nothing));
    // Without such an attempt, gone means it was never there.
    let (_, result) = run(delete(), vec![status(404, NOT_FOUND)]);
    assert_eq!(result.expect_err("404").kind, ErrorKind::NotFound);
    let (_, result) = run(delete(), vec![ok(r#"{"status":"deleted"}"#)]);
    assert_eq!(result, Ok(Output::Nothing));
}

// ---- one-request calls ----------------------------------------------------------------------

#[test]
fn a_page_says_its_next_page() {
    let body = r#"{"status":"success","data":[{"id":1,"name":"a","type":"postgres"}],"pagination":{"total_records":30,"per_page":1,"prev_page":null,"page":1,"next_page":2,"last_page":30}}"#;
    let (sent, result) = run(call("listSources", Vec::new()), vec![ok(body)]);
    assert_eq!(sent, ["GET /sources"]);
    assert_eq!(result, Ok(Output::Page { next_page: Some(2) }));
}

/// Document 003's list and fetch answers, verbatim: its sources carry no `type`.
const DOC_003_LIST: &str = r#"{
    "status": "success",
    "data": [
        {
            "id": 4,
            "name": "Snowflake - xxxxxxx.us-east-1",
            "label": null,
            "last_test_succeeded": null,
            "last_tested_at": null,
            "connection_details": {
                "account": "xxxxxxx.us-east-1",
                "user": "DEV",
                "warehouse": "TEST",
                "use_keypair": false
            },
            "read_only_connection": false
        },
        {
            "id": 10,
            "name": "BigQuery - Development",
            "label": "BigQuery",
            "last_test_succeeded": true,
            "last_tested_at": "2021-10-07T20:02:19.544Z",
            "connection_details": {
                "project_id": "development",
                "location": "US",
                "service_account": "xxxxxx.iam.gserviceaccount.com",
                "location_editable": false
            },
            "read_only_connection": false
        }
    ]
}"#;
const DOC_003_SOURCE: &str = r#"{
    "status": "success",
    "data": {
        "id": 4,
        "name": "Snowflake - xxxxxxx.us-east-1",
        "label": null,
        "last_test_succeeded": null,
        "last_tested_at": null,
        "connection_details": {
            "account": "xxxxxxx.us-east-1",
            "user": "DEV",
            "warehouse": "TEST",
            "use_keypair": false
        },
        "read_only_connection": false
    }
}"#;

/// A page asked for by number, answered with only an older `next` link.
fn linked_page(page: u32, link: &'static str) -> (Vec<String>, Result<Output, ClientError>) {
    let op = api::op("listSources").expect("listSources");
    let mut call = Call::new(op.endpoint, op.args, Vec::new());
    call.paging.page = Some(page);
    let body: &'static str = Box::leak(
        format!(r#"{{"status":"success","data":[{{"id":1,"name":"a","type":"postgres"}}],"next":"{link}"}}"#)
            .into_boxed_str(),
    );
    run(Operation::new(call), vec![ok(body)])
}

#[test]
fn a_linked_page_is_judged_from_the_page_asked_for() {
    let (sent, result) = linked_page(5, "https://app.getcensus.com/api/v1/sources?page=6");
    assert_eq!(sent, ["GET /sources (page 5)"]);
    assert_eq!(result, Ok(Output::Page { next_page: Some(6) }));
    // Page 5 linking back to page 3 would send a caller following nextPage round forever.
    let (_, result) = linked_page(5, "https://app.getcensus.com/api/v1/sources?page=3");
    let err = result.expect_err("a link back is refused");
    assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
    assert!(
        err.message
            .contains("page 5 of the list points back to page 3"),
        "{}",
        err.message
    );
}

#[test]
fn document_003s_sources_without_a_type_are_read() {
    let (_, result) = run(call("listSources", Vec::new()), vec![ok(DOC_003_LIST)]);
    assert_eq!(result, Ok(Output::Page { next_page: None }));
    let (_, result) = run(
        call("getSource", vec![ArgValue::Id(4)]),
        vec![ok(DOC_003_SOURCE)],
    );
    assert_eq!(result, Ok(Output::Data));
    // `type` is optional, not free: a number there is still refused.
    let wrong = r#"{"status":"success","data":{"id":4,"name":"x","type":5}}"#;
    let (_, result) = run(call("getSource", vec![ArgValue::Id(4)]), vec![ok(wrong)]);
    let err = result.expect_err("a number for type");
    assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
    assert!(err.message.contains("type"), "{}", err.message);
}

#[test]
fn bad_arguments_fail_before_anything_is_sent() {
    let (sent, result) = run(call("getSource", vec![ArgValue::Id(0)]), vec![]);
    assert!(sent.is_empty());
    assert_eq!(result.expect_err("0").field.as_deref(), Some("id"));
}

#[test]
fn a_refresh_key_and_status_are_written_as_json() {
    let (_, result) = run(
        call("refreshTables", vec![ArgValue::Id(3)]),
        vec![ok(r#"{"refresh_key":99}"#)],
    );
    assert_eq!(result, Ok(Output::Json(r#"{"refresh_key":99}"#.into())));
    let (_, result) = run(
        call(
            "refreshTablesStatus",
            vec![ArgValue::Id(3), ArgValue::Id(99)],
        ),
        vec![ok(r#"{"status":"processing"}"#)],
    );
    assert_eq!(
        result,
        Ok(Output::Json(r#"{"status":"processing"}"#.into()))
    );
}

#[test]
fn a_rate_limited_answer_carries_its_wait() {
    let request = HttpRequest::new(Method::Get, "/sources".into(), "the source list".into());
    let answer = Answer {
        request: &request,
        response: RawResponse::json(429, r#"{"status":"error","message":"slow down"}"#),
        retry_after: Some("3"),
        long_wait: None,
        maybe_acted: false,
        now_ms: 0,
    };
    let mut op = call("listSources", Vec::new());
    let Step::Send { request: sent, .. } = op.start(0) else {
        panic!("a request")
    };
    assert_eq!(sent, request);
    let Step::Fail(err) = op.answered(&answer) else {
        panic!("429 fails the call")
    };
    assert_eq!(
        (err.kind, err.retry_after_ms),
        (ErrorKind::RateLimited, Some(3000))
    );
    let read = answer.read(|_, _| Err::<(), _>(ClientError::new(ErrorKind::RateLimited, "x")));
    assert_eq!(read.expect_err("429").retry_after_ms, Some(3000));
}

/// How a `getSource` call ends when each attempt is answered `status` with `Retry-After`
/// `retry_after` at `now` (1 s apart): the attempts decide whether to try again, as the
/// runtime asks them, and the last answer is read with what they decided.
fn get_source_answered(
    status: u16,
    retry_after: &str,
    retry: RetryPolicy,
    now: u64,
) -> (u32, ClientError) {
    let settings = CallSettings {
        retry,
        ..CallSettings::default()
    };
    get_source_answered_with(status, retry_after, settings, now)
}

fn test_config() -> Rc<ClientConfig> {
    Rc::new(
        ClientConfig::new(
            Some("https://census.test/api/v1"),
            Some("secret-token:wait"),
        )
        .unwrap(),
    )
}

/// [`get_source_answered`] with the whole `settings` (a wait's request: `within`).
fn get_source_answered_with(
    status: u16,
    retry_after: &str,
    settings: CallSettings,
    now: u64,
) -> (u32, ClientError) {
    let config = test_config();
    let mut op = call("getSource", vec![ArgValue::Id(7)]);
    let Step::Send { request, .. } = op.start(now) else {
        panic!("a request")
    };
    let mut attempts = RequestAttempts::new(&config, &Rc::default(), request, settings);
    attempts.request_json(now as f64);
    let mut attempt = 1;
    let mut at = now as f64;
    while let AfterAttempt::Retry { .. } =
        attempts.attempted(attempt, Some(status), Some(retry_after), at, 0.5)
    {
        attempt += 1;
        at += 1000.0;
    }
    let response = RawResponse::json(status, r#"{"status":"error","message":"busy"}"#);
    let Step::Fail(err) = op.answered(&Answer {
        request: &attempts.request,
        response,
        retry_after: Some(retry_after),
        long_wait: attempts.long_wait,
        maybe_acted: attempts.maybe_acted,
        now_ms: at as u64,
    }) else {
        panic!("a {status} fails the call")
    };
    (attempt, err)
}

#[test]
fn a_wait_longer_than_max_delay_ms_is_not_retried_and_the_error_says_so() {
    let (attempts, err) = get_source_answered(503, "3600", RetryPolicy::default(), 0);
    assert_eq!(attempts, 1, "not retried");
    assert_eq!((err.kind, err.status), (ErrorKind::Api, Some(503)));
    assert_eq!(
        err.message,
        "GET /sources/7 failed (HTTP 503: busy). The server asked to wait 3600 s (Retry-After), more \
         than retry.maxDelayMs (10000 ms), so the call was not retried: try again after that \
         wait, or raise retry.maxDelayMs"
    );
    // A 503's wait is carried as a 429's is.
    assert_eq!(err.retry_after_ms, Some(3_600_000));

    // A 429 whose Retry-After is a date two minutes on, past a call's maxDelayMs of 5 s.
    let now = 1_445_412_480_000; // Wed, 21 Oct 2015 07:28:00 GMT
    let policy = RetryPolicy {
        max_delay_ms: 5_000,
        ..RetryPolicy::default()
    };
    let (attempts, err) = get_source_answered(429, "Wed, 21 Oct 2015 07:30:00 GMT", policy, now);
    assert_eq!(attempts, 1);
    assert_eq!(err.kind, ErrorKind::RateLimited);
    assert!(
        err.message.ends_with(
            "wait before retrying. The server asked to wait 120 s (Retry-After), more than \
             retry.maxDelayMs (5000 ms), so the call was not retried: try again after that \
             wait, or raise retry.maxDelayMs"
        ),
        "{}",
        err.message
    );
    assert_eq!(err.retry_after_ms, Some(120_000));
}

#[test]
fn a_wait_that_did_not_stop_the_retries_is_not_blamed() {
    // Retries off: the wait asked for changed nothing.
    let (attempts, err) = get_source_answered(503, "3600", RetryPolicy::never(), 0);
    assert_eq!(attempts, 1);
    assert_eq!(err.message, "GET /sources/7 failed (HTTP 503: busy)");
    assert_eq!(err.retry_after_ms, Some(3_600_000));
    // Waits within maxDelayMs, taken until the attempts ran out.
    let (attempts, err) = get_source_answered(503, "1", RetryPolicy::default(), 0);
    assert_eq!(attempts, 3);
    assert_eq!(err.message, "GET /sources/7 failed (HTTP 503: busy)");
    assert_eq!(err.retry_after_ms, Some(1_000));
}

#[test]
fn a_wait_past_max_elapsed_ms_is_not_retried_and_the_error_says_so() {
    // 1 s asked for each time, attempts 1 s apart: the second wait would end at 2 s, past 1.5 s.
    let policy = RetryPolicy {
        max_elapsed_ms: 1_500,
        ..RetryPolicy::default()
    };
    let (attempts, err) = get_source_answered(503, "1", policy, 0);
    assert_eq!(attempts, 2, "retried once, within maxElapsedMs");
    assert_eq!(
        err.message,
        "GET /sources/7 failed (HTTP 503: busy). The server asked to wait 1 s (Retry-After), but \
         retry.maxElapsedMs (1500 ms) had 500 ms left, so the call was not retried: try again \
         after that wait, or raise retry.maxElapsedMs"
    );
    assert_eq!(err.retry_after_ms, Some(1_000));
}

#[test]
fn an_attempt_without_answer_says_when_max_elapsed_ms_ended_the_retries() {
    let settings = CallSettings {
        retry: RetryPolicy {
            max_elapsed_ms: 1_000,
            ..RetryPolicy::default()
        },
        ..CallSettings::default()
    };
    let Step::Send { request, .. } = call("getSource", vec![ArgValue::Id(7)]).start(0) else {
        panic!("a request")
    };
    let mut attempts = RequestAttempts::new(&test_config(), &Rc::default(), request, settings);
    attempts.request_json(0.0);
    assert!(matches!(
        attempts.attempted(1, None, None, 0.0, 0.5),
        AfterAttempt::Retry { delay_ms: 150 }
    ));
    // The second attempt failed at 900 ms; its backoff (300 ms at 0.5) would end past 1 s.
    assert_eq!(
        attempts.attempted(2, None, None, 900.0, 0.5),
        AfterAttempt::Stop
    );
    attempts.fail("network", "TypeError: Failed to fetch", 2);
    let err = attempts.take_error();
    assert_eq!(err.kind, ErrorKind::Network);
    assert!(
        err.message.ends_with(
            "(after 2 attempts): TypeError: Failed to fetch. The server may be down or \
             unreachable, or it refused this origin (CORS). The next retry was due in 300 ms, \
             but retry.maxElapsedMs (1000 ms) had 100 ms left, so the call was not retried: try \
             again, or raise retry.maxElapsedMs"
        ),
        "{}",
        err.message
    );

    // Out of attempts: the budget is not blamed.
    let Step::Send { request, .. } = call("getSource", vec![ArgValue::Id(7)]).start(0) else {
        panic!("a request")
    };
    let mut attempts = RequestAttempts::new(&test_config(), &Rc::default(), request, settings);
    attempts.request_json(0.0);
    for attempt in 1..=2 {
        let after = attempts.attempted(attempt, None, None, 0.0, 0.5);
        assert!(matches!(after, AfterAttempt::Retry { .. }), "{after:?}");
    }
    assert_eq!(
        attempts.attempted(3, None, None, 0.0, 0.5),
        AfterAttempt::Stop
    );
    attempts.fail("timeout", "", 3);
    assert_eq!(
        attempts.take_error().message,
        "GET /sources/7 got no answer within 30000 ms and was cancelled (after 3 attempts)"
    );
}

#[test]
fn a_wait_past_the_end_of_a_polling_wait_is_not_retried_and_the_error_says_so() {
    // A status check sent with 1.5 s of its wait left: the second 1 s wait would end past it.
    let (attempts, err) =
        get_source_answered_with(503, "1", CallSettings::default().within(1_500), 0);
    assert_eq!(attempts, 2);
    assert!(
        err.message.ends_with(
            "(HTTP 503: busy). The server asked to wait 1 s (Retry-After), but the call's \
             timeoutMs had 500 ms left, which that wait would use up, so the call was not \
             retried: try again after that wait, or raise its timeoutMs"
        ),
        "{}",
        err.message
    );
    // A retry due exactly at the wait's end would have no time to answer: not made either.
    let (attempts, err) =
        get_source_answered_with(503, "1", CallSettings::default().within(2_000), 0);
    assert_eq!(attempts, 2);
    assert!(
        err.message.ends_with(
            "The server asked to wait 1 s (Retry-After), but the call's timeoutMs had 1000 ms \
             left, which that wait would use up, so the call was not retried: try again after \
             that wait, or raise its timeoutMs"
        ),
        "{}",
        err.message
    );
    // A caller's maxElapsedMs shorter than the wait's time left is the caller's limit.
    let short = CallSettings {
        retry: RetryPolicy {
            max_elapsed_ms: 1_500,
            ..RetryPolicy::default()
        },
        ..CallSettings::default()
    };
    let (_, err) = get_source_answered_with(503, "1", short.within(60_000), 0);
    assert!(
        err.message
            .contains("but retry.maxElapsedMs (1500 ms) had 500 ms left"),
        "{}",
        err.message
    );
    // Attempts used up within the wait: nothing to blame.
    let (attempts, err) =
        get_source_answered_with(503, "1", CallSettings::default().within(60_000), 0);
    assert_eq!(attempts, 3);
    assert_eq!(err.message, "GET /sources/7 failed (HTTP 503: busy)");
}

// ---- the polling wait ---------------------------------------------------------------------------

fn plan(interval: f64, timeout: f64) -> WaitPlan {
    WaitPlan::from_options(Some(interval), None, Some(timeout)).expect("plan")
}

/// Drives a refresh wait by hand: answers are given at the times they come.
struct Driver {
    wait: Wait,
    reports: Vec<String>,
    last: Option<HttpRequest>,
}

impl Driver {
    fn new(plan: WaitPlan, resume: Option<u64>) -> Self {
        Self {
            wait: Wait::new(Refresh::tables(12), plan, resume),
            reports: Vec::new(),
            last: None,
        }
    }

    fn note(&mut self, step: Step) -> Step {
        if let Step::Send { request, .. } = &step {
            self.last = Some(request.clone());
        }
        if let Some(report) = self.wait.take_report() {
            self.reports.push(report);
        }
        step
    }

    fn start(&mut self, now: u64) -> Step {
        let step = self.wait.start(now);
        self.note(step)
    }

    fn answer(&mut self, body: &'static str, now: u64) -> Step {
        let request = self.last.clone().expect("a request was sent");
        let step = self.wait.answered(&Answer {
            request: &request,
            response: RawResponse::json(200, body),
            retry_after: None,
            long_wait: None,
            maybe_acted: false,
            now_ms: now,
        });
        self.note(step)
    }

    fn woke(&mut self, now: u64) -> Step {
        let step = self.wait.woke(now);
        self.note(step)
    }
}

fn path(step: &Step) -> String {
    match step {
        Step::Send { request, .. } => request.path_and_query(),
        other => panic!("expected a request, got {other:?}"),
    }
}

#[test]
fn a_refresh_wait_starts_polls_with_backoff_and_resolves_when_completed() {
    let mut wait = Driver::new(plan(100.0, 0.0), None);
    assert_eq!(path(&wait.start(1_000)), "/sources/12/refresh_tables");
    assert_eq!(
        wait.answer(r#"{"refresh_key":99}"#, 1_010),
        Step::Sleep(100)
    );
    let check = wait.woke(1_110);
    assert_eq!(
        path(&check),
        "/sources/12/refresh_tables_status?refresh_key=99"
    );
    assert_eq!(
        wait.answer(r#"{"status":"processing"}"#, 1_120),
        Step::Sleep(150)
    );
    wait.woke(1_270);
    assert_eq!(
        wait.answer(r#"{"status":"processing"}"#, 1_280),
        Step::Sleep(225)
    );
    wait.woke(1_505);
    let done = wait.answer(r#"{"status":"completed"}"#, 1_510);
    assert_eq!(
        done,
        Step::Done(Output::Json(
            r#"{"refresh_key":99,"status":"completed","attempts":3,"elapsedMs":510}"#.into()
        ))
    );
    assert_eq!(
        wait.reports,
        [
            r#"{"refresh_key":99,"state":"processing","attempts":0,"elapsedMs":10}"#,
            r#"{"refresh_key":99,"state":"processing","attempts":1,"elapsedMs":120}"#,
            r#"{"refresh_key":99,"state":"processing","attempts":2,"elapsedMs":280}"#,
            r#"{"refresh_key":99,"state":"completed","attempts":3,"elapsedMs":510}"#,
        ]
    );
}

#[test]
fn a_resumed_wait_sends_no_start_and_checks_at_once() {
    let mut wait = Driver::new(plan(100.0, 0.0), Some(42));
    // The job may have finished while nobody waited: its status is read first.
    assert_eq!(
        path(&wait.start(0)),
        "/sources/12/refresh_tables_status?refresh_key=42"
    );
    assert!(wait.reports.is_empty());
    assert!(matches!(
        wait.answer(r#"{"status":"completed"}"#, 5),
        Step::Done(_)
    ));
    assert_eq!(wait.reports.len(), 1);
}

#[test]
fn a_resumed_wait_shorter_than_its_interval_still_checks_twice() {
    // timeoutMs 500 with the default interval of a second: a check at once, and a last one at
    // 450 ms, keeping 50 ms to answer (twice the first answer's 10 ms, at least 50 ms); it did
    // not check at all before.
    let mut wait = Driver::new(plan(1000.0, 500.0), Some(42));
    let Step::Send { within_ms, .. } = wait.start(0) else {
        panic!("a check")
    };
    assert_eq!(within_ms, Some(500));
    assert_eq!(
        wait.answer(r#"{"status":"processing"}"#, 10),
        Step::Sleep(440)
    );
    let Step::Send { within_ms, .. } = wait.woke(450) else {
        panic!("the last check")
    };
    assert_eq!(within_ms, Some(50));
    assert!(matches!(
        wait.answer(r#"{"status":"completed"}"#, 460),
        Step::Done(_)
    ));
}

#[test]
fn the_start_of_a_wait_is_bounded_by_the_waits_timeout() {
    let mut wait = Driver::new(plan(1000.0, 500.0), None);
    let Step::Send { within_ms, .. } = wait.start(0) else {
        panic!("the start")
    };
    assert_eq!(within_ms, Some(500));
    // A start answered late still gets one status check, at once.
    assert_eq!(wait.answer(r#"{"refresh_key":5}"#, 400), Step::Sleep(0));
    let Step::Send { within_ms, .. } = wait.woke(400) else {
        panic!("a check")
    };
    assert_eq!(within_ms, Some(100));
    let unlimited = Driver::new(plan(1000.0, 0.0), None).start(0);
    assert!(matches!(
        unlimited,
        Step::Send {
            within_ms: None,
            ..
        }
    ));
}

#[test]
fn the_last_check_has_time_to_answer_then_the_wait_times_out() {
    let mut wait = Driver::new(plan(1000.0, 2500.0), None);
    wait.start(0);
    assert_eq!(wait.answer(r#"{"refresh_key":5}"#, 0), Step::Sleep(1000));
    wait.woke(1000);
    // A slow answer (400 ms): the next check would be at 2900 ms, past the last one's time
    // (1875 ms: twice the slowest answer is more than a quarter of the limit, which it keeps).
    assert_eq!(
        wait.answer(r#"{"status":"processing"}"#, 1400),
        Step::Sleep(475)
    );
    // The status request, its retries included, may take no longer than the time left: sent
    // with the call's settings within it, its attempt's timeout is 625 ms.
    let Step::Send { within_ms, .. } = wait.woke(1875) else {
        panic!("a check")
    };
    assert_eq!(within_ms, Some(625));
    let timeout_ms = within_ms.map(|left| CallSettings::default().within(left).timeout_ms);
    assert_eq!(timeout_ms, Some(625));
    let Step::Fail(err) = wait.answer(r#"{"status":"processing"}"#, 1900) else {
        panic!("timed out")
    };
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert!(err.message.contains("source 12"), "{}", err.message);
    assert!(err.message.contains("refresh_key 5"), "{}", err.message);
    assert!(err.message.contains("still processing"), "{}", err.message);
    assert!(err.message.contains("2 status checks"), "{}", err.message);

    // Answers of 10 ms: the last check goes 50 ms before the end, and sees a job that ended
    // at 2.4 s.
    let mut wait = Driver::new(plan(1000.0, 2500.0), None);
    wait.start(0);
    assert_eq!(wait.answer(r#"{"refresh_key":5}"#, 10), Step::Sleep(1000));
    wait.woke(1010);
    assert_eq!(
        wait.answer(r#"{"status":"processing"}"#, 1020),
        Step::Sleep(1430)
    );
    let Step::Send { within_ms, .. } = wait.woke(2450) else {
        panic!("the last check")
    };
    assert_eq!(within_ms, Some(50));
    assert!(matches!(
        wait.answer(r#"{"status":"completed"}"#, 2460),
        Step::Done(_)
    ));
}

#[test]
fn a_status_check_cut_short_by_the_deadline_is_the_waits_timeout() {
    let mut wait = Driver::new(plan(1000.0, 1500.0), Some(5));
    wait.start(0);
    wait.woke(1000);
    // The request's own timeout fired at the deadline: the wait's timeout, with its advice.
    let Step::Fail(err) = wait.wait.failed(
        ClientError::new(ErrorKind::Timeout, "GET … got no answer"),
        1500,
    ) else {
        panic!("fails")
    };
    assert!(
        err.message.contains("refreshTablesStatus"),
        "{}",
        err.message
    );
    // Before the deadline, the request's timeout ends the wait as a timeout that says why: the
    // job may still finish.
    let mut wait = Driver::new(plan(1000.0, 60_000.0), Some(5));
    wait.start(0);
    wait.woke(1000);
    let Step::Fail(err) = wait.wait.failed(
        ClientError::new(ErrorKind::Timeout, "GET … got no answer"),
        1500,
    ) else {
        panic!("fails")
    };
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert!(
        err.message
            .contains("and its next status check failed: GET … got no answer; it may still finish"),
        "{}",
        err.message
    );
}

#[test]
fn a_refresh_in_a_state_the_documents_do_not_name_is_still_waited_for() {
    // `processing` and `completed` are the documented states; a project refresh's are not
    // named at all. A new in-progress word keeps the wait going, and is reported.
    let mut wait = Driver::new(plan(100.0, 0.0), Some(8));
    wait.start(0);
    wait.woke(100);
    assert_eq!(wait.answer(r#"{"status":"queued"}"#, 110), Step::Sleep(150));
    assert!(
        wait.reports
            .last()
            .is_some_and(|r| r.contains(r#""state":"queued""#)),
        "{:?}",
        wait.reports
    );
    wait.woke(260);
    let Step::Done(Output::Json(outcome)) = wait.answer(r#"{"status":"succeeded"}"#, 270) else {
        panic!("a job's word for done ends the wait")
    };
    assert!(outcome.contains(r#""status":"succeeded""#), "{outcome}");
    // A word that says it failed still fails it.
    let mut wait = Driver::new(plan(100.0, 0.0), Some(8));
    wait.start(0);
    wait.woke(100);
    let Step::Fail(err) = wait.answer(r#"{"status":"cancelled"}"#, 110) else {
        panic!("fails")
    };
    assert!(
        err.message.contains("ended with status \"cancelled\""),
        "{}",
        err.message
    );
    // The check that saw it is reported before the wait rejects, as every other check is.
    assert!(
        wait.reports
            .last()
            .is_some_and(|r| r.contains(r#""state":"cancelled","attempts":1"#)),
        "{:?}",
        wait.reports
    );
    // A bare `{"status": "error"}` is the job's state, not an error envelope without a
    // message: it names the state and the job.
    let mut wait = Driver::new(plan(100.0, 0.0), Some(8));
    wait.start(0);
    wait.woke(100);
    let Step::Fail(err) = wait.answer(r#"{"status":"error"}"#, 110) else {
        panic!("fails")
    };
    assert_eq!(err.kind, ErrorKind::Api);
    assert!(
        err.message
            .contains("(refresh_key 8) ended with status \"error\""),
        "{}",
        err.message
    );
    assert!(
        wait.reports
            .last()
            .is_some_and(|r| r.contains(r#""state":"error""#))
    );
    // With a message it is the API's error envelope, as before.
    let mut wait = Driver::new(plan(100.0, 0.0), Some(8));
    wait.start(0);
    wait.woke(100);
    let Step::Fail(err) = wait.answer(r#"{"status":"error","message":"no such key"}"#, 110) else {
        panic!("fails")
    };
    assert!(err.message.contains("no such key"), "{}", err.message);
    // A status that is not a word is named as it came, not as missing.
    let mut wait = Driver::new(plan(100.0, 0.0), Some(8));
    wait.start(0);
    wait.woke(100);
    let Step::Fail(err) = wait.answer(r#"{"status":7}"#, 110) else {
        panic!("fails")
    };
    assert!(
        err.message.contains("status: unexpected value 7"),
        "{}",
        err.message
    );
}

#[test]
fn a_refresh_that_ends_otherwise_fails_and_an_abort_names_the_job() {
    let mut wait = Driver::new(plan(100.0, 0.0), Some(8));
    wait.start(0);
    wait.woke(100);
    let Step::Fail(err) = wait.answer(r#"{"status":"failed"}"#, 110) else {
        panic!("fails")
    };
    assert_eq!(err.kind, ErrorKind::Api);
    assert!(err.message.contains("ended with status \"failed\""));
    let aborted = wait.wait.aborted();
    assert_eq!(aborted.kind, ErrorKind::Aborted);
    assert!(aborted.message.contains("refresh_key 8"));
}

// ---- the trial endpoint: GET /workspace, one description ---------------------------------------

#[test]
fn get_workspace_is_one_get_read_as_the_workspace_model() {
    let body = r#"{"status":"success","data":{"id":1001,"name":"Census local","organization_id":501,"created_at":"2024-01-02T03:04:05.000Z","notification_emails":["a@b.c"],"new_field":true}}"#;
    let (sent, result) = run(call("getWorkspace", Vec::new()), vec![ok(body)]);
    assert_eq!(sent, ["GET /workspace"]);
    assert_eq!(result, Ok(Output::Data));
    // Only id and name are required; the rest may be missing or null.
    let (_, result) = run(
        call("getWorkspace", Vec::new()),
        vec![ok(r#"{"data":{"id":1,"name":"w","organization_id":null}}"#)],
    );
    assert_eq!(result, Ok(Output::Data));
    let (_, result) = run(
        call("getWorkspace", Vec::new()),
        vec![ok(r#"{"data":{"id":"1","name":"w"}}"#)],
    );
    let err = result.expect_err("a string id");
    assert_eq!(
        (err.kind, err.field.as_deref()),
        (ErrorKind::UnexpectedResponse, Some("data.id"))
    );
    let workspace: census_wasm::core::models::Workspace =
        serde_json::from_str(r#"{"id":1,"name":"w","notification_emails":["a@b.c"]}"#)
            .expect("the serde model reads it too");
    assert_eq!(
        workspace.notification_emails,
        Some(vec!["a@b.c".to_owned()])
    );
}
