//! The Stitch Connect API in the core, natively: the requests its descriptions build, the
//! readers of each of its error shapes (HTTP 200 ones included), its pages, the pacing of the
//! jobs limit under a fake clock, and the replication wait through the extractions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

use census_wasm::core::api::stitch::STITCH_OPS;
use census_wasm::core::api::{ArgValue, Call, Mode, stitch_op_at};
use census_wasm::core::config::ClientConfig;
use census_wasm::core::error::{ClientError, ErrorKind};
use census_wasm::core::operation::{Machine, Operation, Output, Step, run_with};
use census_wasm::core::poll::wait_machine;
use census_wasm::core::raw_object::RawObject;
use census_wasm::core::refresh::WaitPlan;
use census_wasm::core::request::{Auth, HttpRequest, Method};
use census_wasm::core::response::RawResponse;
use census_wasm::core::stitch::{self, JOBS_LIMIT, JOBS_MARGIN_MS, JOBS_WINDOW_MS, JobPacer};

type Reply = Result<(RawResponse<'static>, bool), ClientError>;

fn answer(status: u16, body: &'static str) -> Reply {
    Ok((RawResponse::json(status, body), false))
}

fn op(name: &str) -> &'static census_wasm::core::api::Op {
    STITCH_OPS.iter().find(|op| op.name == name).expect(name)
}

fn call(name: &str, values: Vec<ArgValue>) -> Call {
    let op = op(name);
    Call::new(op.endpoint, op.args, values)
}

fn json(text: &str) -> ArgValue {
    ArgValue::Json(RawObject::parse("input", text).expect("an object"))
}

/// Runs one call against `answers` in order: the requests sent and the outcome.
fn run(
    machine: &mut dyn Machine,
    answers: Vec<Reply>,
) -> (Vec<HttpRequest>, Result<Output, ClientError>) {
    let mut answers = answers.into_iter();
    run_with(machine, |_, _, _| {
        answers
            .next()
            .expect("the machine sent more requests than the test answers")
    })
}

/// What `machine` does next once `body` answered `request` with a 200 at `now`.
fn answered_ok(machine: &mut dyn Machine, request: &HttpRequest, body: &str, now: u64) -> Step {
    machine.answered(&census_wasm::core::operation::Answer {
        request,
        response: RawResponse::json(200, body),
        retry_after: None,
        long_wait: None,
        maybe_acted: false,
        now_ms: now,
    })
}

/// The outcome of `name` called with `values`, answered `status` and `body`.
fn outcome(
    name: &str,
    values: Vec<ArgValue>,
    status: u16,
    body: &'static str,
) -> Result<Output, ClientError> {
    let mut machine = Operation::new(call(name, values));
    run(&mut machine, vec![answer(status, body)]).1
}

#[test]
fn requests_are_built_from_the_descriptions() {
    let cases: Vec<(&str, Vec<ArgValue>, Method, &str)> = vec![
        ("listSources", vec![], Method::Get, "/v4/sources"),
        (
            "getSource",
            vec![ArgValue::Id(120_643)],
            Method::Get,
            "/v4/sources/120643",
        ),
        (
            "deleteSource",
            vec![ArgValue::Id(7)],
            Method::Delete,
            "/v4/sources/7",
        ),
        (
            "startReplication",
            vec![ArgValue::Id(7)],
            Method::Post,
            "/v4/sources/7/sync",
        ),
        (
            "stopReplication",
            vec![ArgValue::Id(7)],
            Method::Delete,
            "/v4/sources/7/sync",
        ),
        (
            "getLastConnectionCheck",
            vec![ArgValue::Id(7)],
            Method::Get,
            "/v4/sources/7/last-connection-check",
        ),
        (
            "getStream",
            vec![ArgValue::Id(7), ArgValue::Id(99)],
            Method::Get,
            "/v4/sources/7/streams/99",
        ),
        (
            "getSourceType",
            vec![ArgValue::Name("platform.postgres".into())],
            Method::Get,
            "/v4/source-types/platform.postgres",
        ),
        (
            "getDestinationType",
            vec![ArgValue::Name("big query/x".into())],
            Method::Get,
            "/v4/destination-types/big%20query%2Fx",
        ),
        (
            "deleteDestination",
            vec![ArgValue::Id(3)],
            Method::Delete,
            "/v4/destinations/3",
        ),
        (
            "getDestinationLastConnectionCheck",
            vec![ArgValue::Id(3)],
            Method::Get,
            "/v4/destinations/3/last-connection-check",
        ),
        (
            "listExtractions",
            vec![ArgValue::Id(116_078)],
            Method::Get,
            "/v4/116078/extractions",
        ),
        (
            "listLoads",
            vec![ArgValue::Id(116_078)],
            Method::Get,
            "/v4/116078/loads",
        ),
        (
            "getExtractionLogs",
            vec![
                ArgValue::Id(116_078),
                ArgValue::Name("116078.7.sync.a#b".into()),
            ],
            Method::Get,
            "/v4/116078/extractions/116078.7.sync.a%23b",
        ),
    ];
    for (name, values, method, path) in cases {
        let request = call(name, values).request().expect(name);
        assert_eq!(
            (request.method, request.path.as_str()),
            (method, path),
            "{name}"
        );
        let jobs = name.contains("Extraction") || name.contains("Loads");
        let expected = if jobs { Auth::StitchJobs } else { Auth::Stitch };
        assert_eq!(request.auth, expected, "{name}");
        assert_eq!(request.paced(), jobs, "{name}");
    }
    // Every method builds a request from ids alone, or refuses with the field named.
    for op in STITCH_OPS {
        let values: Vec<ArgValue> = op.args.iter().map(|_| ArgValue::Absent).collect();
        let err = Call::new(op.endpoint, op.args, values).request();
        if let Err(err) = err {
            assert_eq!(err.kind, ErrorKind::InvalidInput, "{}", op.name);
            assert!(err.field.is_some(), "{}", op.name);
        }
    }
    assert!(stitch_op_at(STITCH_OPS.len()).is_none());
    assert_eq!(stitch_op_at(0).map(|op| op.name), Some("listSources"));
}

#[test]
fn pause_and_unpause_are_puts_of_paused_at() {
    let mut pause = call("pauseSource", vec![ArgValue::Id(7), ArgValue::Absent]);
    pause.now_ms = 1_796_323_138_000;
    let request = pause.request().unwrap();
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Put, "/v4/sources/7")
    );
    assert_eq!(
        request.body.as_deref(),
        Some(r#"{"paused_at":"2026-12-03T18:38:58Z"}"#)
    );
    let request = call("unpauseSource", vec![ArgValue::Id(7), ArgValue::Absent])
        .request()
        .unwrap();
    assert_eq!(request.body.as_deref(), Some(r#"{"paused_at":null}"#));
    // The machine stamps the time it starts at.
    let mut machine = Operation::new(call("pauseSource", vec![ArgValue::Id(7), ArgValue::Absent]));
    let Step::Send { request, .. } = machine.start(86_400_000) else {
        panic!("sends")
    };
    assert_eq!(
        request.body.as_deref(),
        Some(r#"{"paused_at":"1970-01-02T00:00:00Z"}"#)
    );
    // PUT is idempotent: retried like GET and DELETE.
    assert!(census_wasm::core::retry::is_idempotent(Method::Put));
}

#[test]
fn inputs_are_checked_before_sending_and_name_the_field() {
    let refused = |name: &str, values: Vec<ArgValue>| call(name, values).request().unwrap_err();
    let err = refused(
        "createSource",
        vec![json(r#"{"type":"platform.postgres"}"#)],
    );
    assert_eq!(err.field.as_deref(), Some("display_name"));
    let err = refused(
        "createSource",
        vec![json(
            r#"{"type":"platform.postgres","display_name":"X","name":"Orders DB"}"#,
        )],
    );
    assert_eq!(err.field.as_deref(), Some("name"));
    assert!(err.message.contains("lowercase"), "{}", err.message);
    let err = refused("updateSource", vec![ArgValue::Id(7), json("{}")]);
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    let err = refused(
        "updateStreamMetadata",
        vec![ArgValue::Id(7), json(r#"{"streams":[]}"#)],
    );
    assert_eq!(err.field.as_deref(), Some("streams"));
    let err = refused(
        "updateStreamMetadata",
        vec![
            ArgValue::Id(7),
            json(
                r#"{"streams":[{"tap_stream_id":"a","metadata":[{"breadcrumb":["fields","id"],"metadata":{}}]}]}"#,
            ),
        ],
    );
    assert_eq!(
        err.field.as_deref(),
        Some("streams[0].metadata[0].breadcrumb")
    );
    let err = refused(
        "updateStreamMetadata",
        vec![
            ArgValue::Id(7),
            json(
                r#"{"streams":[{"tap_stream_id":"a","metadata":[{"breadcrumb":[],"metadata":{"selected":"yes"}}]}]}"#,
            ),
        ],
    );
    assert_eq!(
        err.field.as_deref(),
        Some("streams[0].metadata[0].metadata.selected")
    );
    // A field's entry read back whole from getStream: a key Stitch discovered is named.
    let err = refused(
        "updateStreamMetadata",
        vec![
            ArgValue::Id(7),
            json(
                r#"{"streams":[{"tap_stream_id":"a","metadata":[{"breadcrumb":[],"metadata":{"selected":true}},{"breadcrumb":["properties","id"],"metadata":{"selected":true,"sql-datatype":"int"}}]}]}"#,
            ),
        ],
    );
    assert_eq!(
        err.field.as_deref(),
        Some("streams[0].metadata[1].metadata.sql-datatype")
    );
    assert!(
        err.message.contains("Stitch discovers it"),
        "{}",
        err.message
    );
    // Members Stitch takes as a string or an object when given are not sent as null (the
    // local Stitch refuses them as InvalidBody, InvalidDisplayName or InvalidProperties, and
    // only paused_at documents null); the refusal names the member.
    for (name, values, field) in [
        (
            "createSource",
            vec![json(
                r#"{"type":"platform.postgres","display_name":"X","name":null}"#,
            )],
            "name",
        ),
        (
            "createSource",
            vec![json(
                r#"{"type":"platform.postgres","display_name":"X","properties":null}"#,
            )],
            "properties",
        ),
        (
            "updateSource",
            vec![ArgValue::Id(7), json(r#"{"display_name":null}"#)],
            "display_name",
        ),
        (
            "updateSource",
            vec![ArgValue::Id(7), json(r#"{"properties":null}"#)],
            "properties",
        ),
        (
            "createDestination",
            vec![json(r#"{"type":"postgres","properties":null}"#)],
            "properties",
        ),
        (
            "updateDestination",
            vec![ArgValue::Id(7), json(r#"{"properties":null}"#)],
            "properties",
        ),
    ] {
        let err = refused(name, values);
        assert_eq!(err.field.as_deref(), Some(field), "{name}: {}", err.message);
        assert!(err.message.contains("null"), "{}", err.message);
    }
    // A string where an object belongs is refused without its text, which may be a secret.
    for (name, values) in [
        (
            "createSource",
            vec![json(
                r#"{"type":"platform.postgres","display_name":"X","properties":"password=hunter2"}"#,
            )],
        ),
        (
            "updateDestination",
            vec![
                ArgValue::Id(7),
                json(r#"{"properties":"password=hunter2"}"#),
            ],
        ),
    ] {
        let err = refused(name, values);
        assert_eq!(
            (err.field.as_deref(), err.message.as_str()),
            (
                Some("properties"),
                "properties: expected an object, got a string"
            ),
            "{name}"
        );
    }
    // paused_at is a timestamp (or null): other text is refused before sending, naming it.
    for not_a_time in ["yesterday", "2026-12-03", "2026-12-03T18:38:70Z", ""] {
        let err = refused(
            "updateSource",
            vec![
                ArgValue::Id(7),
                json(&format!(r#"{{"paused_at":"{not_a_time}"}}"#)),
            ],
        );
        assert_eq!(err.field.as_deref(), Some("paused_at"), "{not_a_time}");
        assert!(err.message.contains("timestamp"), "{}", err.message);
    }
    let paused = call(
        "updateSource",
        vec![
            ArgValue::Id(7),
            json(r#"{"paused_at":"2026-02-01T00:00:00.5+01:00"}"#),
        ],
    )
    .request();
    assert!(paused.is_ok(), "{paused:?}");
    // A good one goes as written, a null paused_at included.
    let request = call(
        "updateSource",
        vec![
            ArgValue::Id(7),
            json(r#"{"paused_at":null,"display_name":"Orders"}"#),
        ],
    )
    .request()
    .unwrap();
    assert_eq!(
        request.body.as_deref(),
        Some(r#"{"paused_at":null,"display_name":"Orders"}"#)
    );
    let err = refused("getSourceType", vec![ArgValue::Name("..".into())]);
    assert_eq!(err.field.as_deref(), Some("type"));
    // Ids given as digits.
    assert_eq!(stitch::key_of_text("sourceId", "120643"), Ok(120_643));
    assert!(stitch::key_of_text("sourceId", "12 3").is_err());
}

#[test]
fn a_source_is_moved_to_another_destination_by_its_documented_destination_id() {
    // stitchdata/docs `objects/sources/update-a-source.md` lists `destination_id` (an integer,
    // optional: "The ID of the destination you want to load data into") among PUT's arguments.
    let update = |input: &str| call("updateSource", vec![ArgValue::Id(7), json(input)]).request();
    let request = update(r#"{"destination_id":155582}"#).unwrap();
    assert_eq!(
        request.body.as_deref(),
        Some(r#"{"destination_id":155582}"#)
    );
    assert!(update(r#"{"display_name":"Orders","destination_id":155583}"#).is_ok());
    // Anything but an integer id is refused before sending, by name.
    for bad in [r#""155582""#, "1.5", "-1", "null", "true", "{}"] {
        let err = update(&format!(r#"{{"destination_id":{bad}}}"#)).unwrap_err();
        assert_eq!(
            (err.kind, err.field.as_deref()),
            (ErrorKind::InvalidInput, Some("destination_id")),
            "{bad}: {}",
            err.message
        );
    }
}

#[test]
fn each_error_shape_is_one_typed_error() {
    let source = || vec![ArgValue::Id(120_643)];
    // {"error": {"type", "message"}} on HTTP 200: not a success.
    let err = outcome(
        "startReplication",
        source(),
        200,
        r#"{"error":{"type":"already_running","message":"Did not create job"}}"#,
    )
    .unwrap_err();
    assert_eq!((err.kind, err.status), (ErrorKind::StitchApi, Some(200)));
    assert_eq!(err.api_type(), Some("already_running"));
    assert_eq!(err.api_message.as_deref(), Some("Did not create job"));
    assert!(
        err.message.contains("HTTP 200 with an error"),
        "{}",
        err.message
    );
    // The same on 400.
    let err = outcome(
        "startReplication",
        source(),
        400,
        r#"{"error":{"type":"invalid_source","message":"Integration is deleted."}}"#,
    )
    .unwrap_err();
    assert_eq!(
        (err.kind, err.status, err.api_type()),
        (ErrorKind::StitchApi, Some(400), Some("invalid_source"))
    );
    // {"error": "InvalidBody", "data": {"message"}}.
    let err = outcome(
        "createSource",
        vec![json(r#"{"type":"x","display_name":"X"}"#)],
        400,
        r#"{"error":"InvalidType","data":{"message":"invalid source type (x)"}}"#,
    )
    .unwrap_err();
    assert_eq!(err.api_type(), Some("InvalidType"));
    assert_eq!(err.api_message.as_deref(), Some("invalid source type (x)"));
    // {"code", "message"}.
    let err = outcome(
        "listSources",
        vec![],
        400,
        r#"{"code":"ExistingUser","message":"taken"}"#,
    )
    .unwrap_err();
    assert_eq!(
        (err.api_type(), err.api_message.as_deref()),
        (Some("ExistingUser"), Some("taken"))
    );
    // A bare string.
    let err = outcome(
        "createDestination",
        vec![json(r#"{"type":"postgres"}"#)],
        400,
        r#""you are at your destination limit""#,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::StitchApi);
    assert_eq!(err.api_type(), None);
    assert_eq!(
        err.api_message.as_deref(),
        Some("you are at your destination limit")
    );
    // {"invalid_fields"}, on 200 too.
    let metadata = || {
        vec![
            ArgValue::Id(7),
            json(
                r#"{"streams":[{"tap_stream_id":"a","metadata":[{"breadcrumb":[],"metadata":{"selected":true}}]}]}"#,
            ),
        ]
    };
    let err = outcome(
        "updateStreamMetadata",
        metadata(),
        200,
        r#"{"invalid_fields":"Unsupported fields cannot be selected"}"#,
    )
    .unwrap_err();
    assert_eq!(
        (err.kind, err.status, err.api_type()),
        (ErrorKind::StitchApi, Some(200), Some("invalid_fields"))
    );
    assert_eq!(
        err.api_message.as_deref(),
        Some("Unsupported fields cannot be selected")
    );
    assert_eq!(
        outcome("updateStreamMetadata", metadata(), 200, r#"{"status":200}"#),
        Ok(Output::Nothing)
    );
    // The shared kinds: 401, 404, 429.
    let err = outcome(
        "listSources",
        vec![],
        401,
        r#"{"error":{"type":"unauthorized","message":"no"}}"#,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Authentication);
    assert!(err.message.contains("accessToken"), "{}", err.message);
    let err = outcome(
        "getSource",
        source(),
        404,
        r#"{"error":{"type":"not_found","message":"source not found (120643)"}}"#,
    )
    .unwrap_err();
    assert_eq!(
        (err.kind, err.api_type()),
        (ErrorKind::NotFound, Some("not_found"))
    );
    assert!(
        err.message
            .starts_with("Stitch source 120643 was not found"),
        "{}",
        err.message
    );
    let err = outcome(
        "listExtractions",
        vec![ArgValue::Id(1)],
        429,
        r#"{"error":{"type":"rate_limited","message":"slow"}}"#,
    )
    .unwrap_err();
    assert_eq!(err.kind, ErrorKind::RateLimited);
    // A gateway's page is reported as such.
    let err = outcome("listSources", vec![], 502, "<html>bad gateway</html>").unwrap_err();
    assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
    assert!(err.message.contains("<html>bad gateway"), "{}", err.message);
    // The error crosses with its type.
    let err = outcome(
        "startReplication",
        source(),
        200,
        r#"{"error":{"type":"already_running","message":"m"}}"#,
    )
    .unwrap_err();
    let crossed = err.to_json(&|text| text.to_owned());
    assert!(crossed.contains(r#""class":"StitchApiError""#), "{crossed}");
    assert!(crossed.contains(r#""type":"already_running""#), "{crossed}");
}

#[test]
fn successes_are_read_bare_and_checked() {
    let check =
        r#"{"name":"c","mode":"check","status":"succeeded","error":false,"check_exit_status":0}"#;
    // A connection check's boolean `error` is not an error answer.
    assert_eq!(
        outcome("getLastConnectionCheck", vec![ArgValue::Id(7)], 200, check),
        Ok(Output::Body)
    );
    assert_eq!(
        outcome(
            "listSources",
            vec![],
            200,
            r#"[{"id":1},{"id":2,"paused_at":null}]"#
        ),
        Ok(Output::Body)
    );
    // A member of the wrong type is named with its index.
    let err = outcome("listSources", vec![], 200, r#"[{"id":1},{"id":"2"}]"#).unwrap_err();
    assert_eq!(
        (err.kind, err.field.as_deref()),
        (ErrorKind::UnexpectedResponse, Some("[1].id"))
    );
    let err = outcome("listSources", vec![], 200, r#"{"data":[]}"#).unwrap_err();
    assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
    assert_eq!(
        outcome("deleteSource", vec![ArgValue::Id(7)], 200, ""),
        Ok(Output::Nothing)
    );
    assert_eq!(
        outcome(
            "deleteSource",
            vec![ArgValue::Id(7)],
            200,
            r#"{"id":7,"deleted_at":"2026-12-03T00:00:00Z"}"#
        ),
        Ok(Output::Nothing)
    );
    assert_eq!(
        outcome(
            "getExtractionLogs",
            vec![ArgValue::Id(1), ArgValue::Name("j".into())],
            200,
            "INFO started\n"
        ),
        Ok(Output::Text)
    );
    let started = outcome(
        "startReplication",
        vec![ArgValue::Id(7)],
        200,
        r#"{"job_name":"1.7.sync.x"}"#,
    );
    assert_eq!(started, Ok(Output::Body));
    // Accepted (a 200 to a POST) but unreadable: it rejects as accepted, naming the member in
    // its cause.
    let err = outcome("startReplication", vec![ArgValue::Id(7)], 200, "{}").unwrap_err();
    assert_eq!(err.kind, ErrorKind::ReadBack);
    let cause = &err.created.as_ref().expect("the cause").cause;
    assert_eq!(cause.field.as_deref(), Some("job_name"));
    // Exit statuses are numbers (any, negative too, or null while a phase runs); a load's
    // error state is an object: anything else is refused by its path, as the types promise.
    for body in [
        r#"{"name":"c","tap_exit_status":-1}"#,
        r#"{"name":"c","tap_exit_status":0}"#,
        r#"{"name":"c","tap_exit_status":2.5e1}"#,
        r#"{"name":"c","tap_exit_status":null}"#,
    ] {
        assert_eq!(
            outcome("getLastConnectionCheck", vec![ArgValue::Id(7)], 200, body),
            Ok(Output::Body),
            "{body}"
        );
    }
    let err = outcome(
        "getLastConnectionCheck",
        vec![ArgValue::Id(7)],
        200,
        r#"{"name":"c","tap_exit_status":"boom"}"#,
    )
    .unwrap_err();
    assert_eq!(
        (err.kind, err.field.as_deref()),
        (ErrorKind::UnexpectedResponse, Some("tap_exit_status"))
    );
    assert!(err.message.contains("a number"), "{}", err.message);
    let err = outcome(
        "listLoads",
        vec![ArgValue::Id(7)],
        200,
        r#"{"data":[{"stream_name":"s","error_state":"oops"}],"links":{}}"#,
    )
    .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("data[0].error_state"));
}

#[test]
fn pages_follow_relative_links() {
    let page =
        |body: &'static str| outcome("listExtractions", vec![ArgValue::Id(116_078)], 200, body);
    assert_eq!(
        page(
            r#"{"data":[{"source_id":1}],"page":1,"total":150,"links":{"next":"/v4/116078/extractions?page=2"}}"#
        ),
        Ok(Output::Page { next_page: Some(2) })
    );
    assert_eq!(
        page(
            r#"{"data":[{"source_id":1}],"page":2,"total":150,"links":{"previous":"/v4/116078/extractions?page=1"}}"#
        ),
        Ok(Output::Page { next_page: None })
    );
    let err =
        page(r#"{"data":[],"page":2,"total":1,"links":{"next":"/v4/116078/extractions?page=1"}}"#)
            .unwrap_err();
    assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
    let err = page(r#"{"page":1}"#).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("data"));
    // Only `page` is sent, and page 1 not at all.
    let mut second = call("listExtractions", vec![ArgValue::Id(116_078)]);
    second.paging.page = Some(2);
    assert_eq!(
        second.request().unwrap().path_and_query(),
        "/v4/116078/extractions?page=2"
    );
    second.paging.page = Some(1);
    assert_eq!(
        second.request().unwrap().path_and_query(),
        "/v4/116078/extractions"
    );
    second.paging.page = Some(0);
    assert_eq!(second.request().unwrap_err().field.as_deref(), Some("page"));
}

#[test]
fn the_pacer_never_lets_a_31st_job_request_into_the_window() {
    // Every attempt at a fake time, the server's window checked at each send.
    let mut pacer = JobPacer::default();
    let window = JOBS_WINDOW_MS;
    let mut sent: Vec<u64> = Vec::new();
    let mut now = 0;
    for index in 0..100_u64 {
        // Bursts and pauses: ten at once, then two minutes apart.
        now += if index % 10 == 0 { 120_000 } else { 0 };
        let at = now + pacer.reserve(now);
        let in_window = sent.iter().filter(|t| **t + window > at).count();
        assert!(
            in_window < JOBS_LIMIT,
            "request {index} at {at} ms would be number {} in the window",
            in_window + 1
        );
        sent.push(at);
    }
    // The first 30 went at once; the 31st waited for the first to leave the window.
    let mut pacer = JobPacer::default();
    for _ in 0..JOBS_LIMIT {
        assert_eq!(pacer.reserve(5_000), 0);
    }
    assert_eq!(pacer.reserve(5_000), JOBS_WINDOW_MS + JOBS_MARGIN_MS);
}

fn wait(values: Vec<ArgValue>, plan: WaitPlan) -> Box<dyn Machine> {
    let op = op("startReplicationAndWait");
    let Mode::Wait { poll, resume } = op.mode else {
        panic!("a wait")
    };
    wait_machine(poll, Call::new(op.endpoint, op.args, values), resume, plan)
}

const SOURCE: &str = r#"{"id":120643,"type":"platform.postgres","stitch_client_id":116078}"#;

#[test]
fn a_replication_is_watched_through_the_extractions_until_it_completes() {
    let mut machine = wait(vec![ArgValue::Id(120_643)], WaitPlan::default());
    let answers = vec![
        answer(200, r#"{"job_name":"116078.120643.sync.new"}"#),
        answer(200, SOURCE),
        // Page 1 shows other sources only and links on; page 2 still the earlier job.
        answer(
            200,
            r#"{"data":[{"source_id":5,"job_name":"x"}],"page":1,"total":2,"links":{"next":"/v4/116078/extractions?page=2"}}"#,
        ),
        answer(
            200,
            r#"{"data":[{"source_id":120643,"job_name":"116078.120643.sync.old","completion_time":"2026-01-01T00:00:00Z","tap_exit_status":0}],"page":2,"total":2,"links":{}}"#,
        ),
        answer(
            200,
            r#"{"data":[{"source_id":120643,"job_name":"116078.120643.sync.new","discovery_exit_status":0,"tap_exit_status":null,"completion_time":null}],"page":2,"total":2,"links":{}}"#,
        ),
        answer(
            200,
            r#"{"data":[{"source_id":120643,"job_name":"116078.120643.sync.new","discovery_exit_status":0,"tap_exit_status":0,"target_exit_status":0,"completion_time":"2026-12-03T00:00:09Z"}],"page":2,"total":2,"links":{}}"#,
        ),
    ];
    let mut answers = answers.into_iter();
    let (sent, result) = run_with(machine.as_mut(), |_, _, _| {
        answers.next().expect("answered")
    });
    let paths: Vec<String> = sent.iter().map(HttpRequest::path_and_query).collect();
    assert_eq!(
        paths,
        [
            "/v4/sources/120643/sync",
            "/v4/sources/120643",
            "/v4/116078/extractions",
            "/v4/116078/extractions?page=2",
            // The source's extraction is on page 2: later checks read it there first.
            "/v4/116078/extractions?page=2",
            "/v4/116078/extractions?page=2",
        ]
    );
    assert!(sent[2].paced() && !sent[1].paced());
    let Ok(Output::Json(extraction)) = result else {
        panic!("{result:?}")
    };
    assert!(
        extraction.contains(r#""completion_time":"2026-12-03T00:00:09Z""#),
        "{extraction}"
    );
    let report = machine.take_report().expect("the last check's report");
    assert!(report.contains(r#""status":"succeeded""#), "{report}");
}

/// Drives a wait through `bodies` (all answered 200): its trace of requests sent (path),
/// sleeps (`sleep`) and progress reported (`status:<status>`), and its outcome.
fn trace(
    machine: &mut dyn Machine,
    bodies: &[&'static str],
) -> (Vec<String>, Result<Output, ClientError>) {
    let mut bodies = bodies.iter();
    let mut trace = Vec::new();
    let mut now = 0;
    let mut step = machine.start(now);
    loop {
        step = match step {
            Step::Done(output) => return (trace, Ok(output)),
            Step::Fail(err) => return (trace, Err(err)),
            Step::Sleep(ms) => {
                trace.push("sleep".to_owned());
                now += u64::from(ms);
                machine.woke(now)
            }
            Step::Send { request, .. } => {
                trace.push(request.path_and_query());
                let body = bodies
                    .next()
                    .expect("the wait sent more requests than answered");
                let step = answered_ok(machine, &request, body, now);
                if let Some(report) = machine.take_report() {
                    let status = report.split("\"status\":\"").nth(1).unwrap();
                    trace.push(format!("status:{}", status.split('"').next().unwrap()));
                }
                step
            }
        };
    }
}

#[test]
fn a_source_on_a_later_page_is_read_at_once_and_there_first() {
    // Each page read counts against the jobs limit, and a page without the source says nothing
    // of the job: the next page is read at once (no sleep, no "waiting" report), and once the
    // job is found on page 2 the next check reads page 2 first, not page 1 and then page 2.
    let mut machine = wait(vec![ArgValue::Id(120_643)], WaitPlan::default());
    let (trace, result) = trace(
        machine.as_mut(),
        &[
            r#"{"job_name":"116078.120643.sync.new"}"#,
            SOURCE,
            r#"{"data":[{"source_id":5,"job_name":"x"}],"page":1,"total":2,"links":{"next":"/v4/116078/extractions?page=2"}}"#,
            r#"{"data":[{"source_id":120643,"job_name":"116078.120643.sync.new","discovery_exit_status":null,"completion_time":null}],"page":2,"total":2,"links":{"previous":"/v4/116078/extractions?page=1"}}"#,
            r#"{"data":[{"source_id":120643,"job_name":"116078.120643.sync.new","discovery_exit_status":0,"tap_exit_status":null,"completion_time":null}],"page":2,"total":2,"links":{"previous":"/v4/116078/extractions?page=1"}}"#,
            // Moved to page 1: page 2 no longer shows it; the job's phase is not taken back.
            r#"{"data":[],"page":2,"total":1,"links":{"previous":"/v4/116078/extractions?page=1"}}"#,
            r#"{"data":[{"source_id":120643,"job_name":"116078.120643.sync.new","discovery_exit_status":0,"tap_exit_status":0,"target_exit_status":0,"completion_time":"2026-12-03T00:00:09Z"}],"page":1,"total":1,"links":{}}"#,
        ],
    );
    assert_eq!(
        trace,
        [
            "/v4/sources/120643/sync",
            "status:started",
            "sleep",
            "/v4/sources/120643",
            "/v4/116078/extractions",
            "/v4/116078/extractions?page=2",
            "status:discovery",
            "sleep",
            "/v4/116078/extractions?page=2",
            "status:tap",
            "sleep",
            "/v4/116078/extractions?page=2",
            "status:tap",
            "sleep",
            "/v4/116078/extractions",
            "status:succeeded",
        ]
    );
    assert!(matches!(result, Ok(Output::Json(_))), "{result:?}");
}

#[test]
fn progress_names_the_phase_and_the_job() {
    let mut machine = wait(vec![ArgValue::Id(120_643)], WaitPlan::default());
    let mut reports = Vec::new();
    let Step::Send { request, .. } = machine.start(0) else {
        panic!()
    };
    let step = machine.answered(&census_wasm::core::operation::Answer {
        request: &request,
        response: RawResponse::json(200, r#"{"job_name":"j1"}"#),
        retry_after: None,
        long_wait: None,
        maybe_acted: false,
        now_ms: 5,
    });
    reports.push(machine.take_report().expect("a report once started"));
    assert!(matches!(step, Step::Sleep(_)));
    // The first check reads the source's stitch_client_id: its extractions are read at once,
    // with no report between, not an interval later.
    let Step::Send { request, .. } = machine.woke(1_000) else {
        panic!()
    };
    assert_eq!(request.path_and_query(), "/v4/sources/120643");
    let step = answered_ok(machine.as_mut(), &request, SOURCE, 1_000);
    assert!(machine.take_report().is_none());
    let Step::Send { request: first, .. } = step else {
        panic!("the extractions, at once: {step:?}")
    };
    assert_eq!(first.path_and_query(), "/v4/116078/extractions");
    let bodies = [
        r#"{"data":[{"source_id":120643,"job_name":"j1","discovery_exit_status":null,"completion_time":null}],"links":{}}"#,
        r#"{"data":[{"source_id":120643,"job_name":"j1","discovery_exit_status":0,"tap_exit_status":0,"completion_time":null}],"links":{}}"#,
    ];
    let mut next = Some(first);
    for (index, body) in bodies.iter().enumerate() {
        let now = 1_000 * (index as u64 + 1);
        let request = match next.take() {
            Some(request) => request,
            None => {
                let Step::Send { request, .. } = machine.woke(now) else {
                    panic!()
                };
                request
            }
        };
        answered_ok(machine.as_mut(), &request, body, now);
        reports.push(machine.take_report().expect("a report per check"));
    }
    let status = |report: &str| {
        report
            .split("\"status\":\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned()
    };
    let statuses: Vec<String> = reports.iter().map(|r| status(r)).collect();
    assert_eq!(statuses, ["started", "discovery", "target"]);
    assert!(
        reports[2].contains(r#""job_name":"j1""#) && reports[2].contains(r#""source_id":120643"#),
        "{}",
        reports[2]
    );
}

#[test]
fn a_failed_phase_rejects_with_the_extraction() {
    let failed = r#"{"data":[{"source_id":120643,"job_name":"j1","discovery_exit_status":0,"tap_exit_status":1,"tap_description":"Tap exited: bad password","target_exit_status":null,"completion_time":"2026-12-03T00:00:05Z"}],"page":1,"total":1,"links":{}}"#;
    let err = replication_ending_with(failed).unwrap_err();
    assert_eq!(err.kind, ErrorKind::StitchJobFailed);
    assert!(
        err.message.contains("tap phase") && err.message.contains("bad password"),
        "{}",
        err.message
    );
    assert!(err.run().unwrap().contains(r#""tap_exit_status":1"#));
    assert!(
        err.to_json(&|t| t.to_owned())
            .contains(r#""class":"StitchJobError""#)
    );
}

#[test]
fn an_unknown_stream_or_its_source_is_not_found_though_stitch_answers_400() {
    // stitchdata/docs response-codes/streams.yml: GET of a stream Stitch cannot find, or of a
    // stream of a source it cannot find, answers 400 with the bare string "invalid stream-id:
    // <id>". To a caller that is "not found", as `getSource` and `listStreams` say with their
    // 404s; Stitch's words stay the apiMessage.
    let stream = || vec![ArgValue::Id(120_643), ArgValue::Id(1)];
    let err = outcome("getStream", stream(), 400, r#""invalid stream-id: 1""#).unwrap_err();
    assert_eq!(
        (err.kind, err.status, err.api_type()),
        (ErrorKind::NotFound, Some(400), None)
    );
    assert_eq!(err.api_message.as_deref(), Some("invalid stream-id: 1"));
    assert_eq!(
        err.message,
        "stream 1 of Stitch source 120643 was not found (HTTP 400: invalid stream-id: 1)"
    );
    // Any other 400 stays a refusal, a bare string included.
    for body in [
        r#""body must contain a 'streams' property""#,
        r#"{"error":{"type":"invalid_stream","message":"invalid stream-id: 1"}}"#,
    ] {
        let err = outcome("getStream", stream(), 400, body).unwrap_err();
        assert_eq!(err.kind, ErrorKind::StitchApi, "{body}");
    }
    // The same words with another status are not read as this answer.
    let err = outcome("getStream", stream(), 500, r#""invalid stream-id: 1""#).unwrap_err();
    assert_eq!(err.kind, ErrorKind::StitchApi);
}

#[test]
fn stitchs_other_not_found_400s_are_not_found() {
    // stitchdata/docs response-codes: a PUT or DELETE of a source Stitch cannot find answers
    // 400 InvalidId "source not found (<id>)" (sources.yml); POST …/sync of one, 400
    // invalid_source "Unable to locate source(<id>) for client (<client>)" (replication-jobs.yml;
    // the local Stitch answers DELETE …/sync so too); a PUT of a destination it cannot find,
    // the bare "invalid connection id", and a DELETE, "Unable to locate dest (<id>) for client
    // (<client>) to delete" (destinations.yml). Each is not found to a caller, Stitch's status,
    // type and words kept; the thing named is the one Stitch could not find.
    let id = || vec![ArgValue::Id(5)];
    let invalid_id = r#"{"error":"InvalidId","data":{"message":"source not found (5)"}}"#;
    let unlocated = r#"{"error":{"type":"invalid_source","message":"Unable to locate source(5) for client (116078)"}}"#;
    let dest = r#""Unable to locate dest (5) for client (116078) to delete""#;
    let cases = [
        (
            "updateSource",
            vec![ArgValue::Id(5), json(r#"{"display_name":"X"}"#)],
            invalid_id,
        ),
        ("deleteSource", id(), invalid_id),
        ("startReplication", id(), unlocated),
        ("stopReplication", id(), unlocated),
        (
            "updateDestination",
            vec![ArgValue::Id(5), json(r#"{"name":"X"}"#)],
            r#""invalid connection id""#,
        ),
        ("deleteDestination", id(), dest),
    ];
    for (name, values, body) in cases {
        let err = outcome(name, values, 400, body).unwrap_err();
        assert_eq!(
            (err.kind, err.status),
            (ErrorKind::NotFound, Some(400)),
            "{name}"
        );
        let fault = stitch::fault(body.as_bytes()).unwrap();
        assert_eq!(err.api_type(), fault.kind.as_deref(), "{name}");
        assert_eq!(
            err.api_message.as_deref(),
            fault.message.as_deref(),
            "{name}"
        );
        let thing = if name.contains("Destination") {
            "destination"
        } else {
            "source"
        };
        assert!(
            err.message
                .starts_with(&format!("Stitch {thing} 5 was not found (HTTP 400: ")),
            "{name}: {}",
            err.message
        );
    }
    // Other 400s stay refusals: a deleted source, other types or words, words that are not
    // a bare string, an id that is not one.
    for (name, body) in [
        (
            "startReplication",
            r#"{"error":{"type":"invalid_source","message":"Integration is deleted."}}"#,
        ),
        (
            "startReplication",
            r#"{"error":{"type":"generic","message":"Unable to locate source(5) for client (116078)"}}"#,
        ),
        (
            "deleteSource",
            r#"{"error":"InvalidBody","data":{"message":"source not found (5)"}}"#,
        ),
        (
            "deleteSource",
            r#"{"error":"InvalidId","data":{"message":"source 5 is gone"}}"#,
        ),
        ("deleteDestination", r#""invalid connection id: 5""#),
        ("deleteDestination", r#"{"error":"invalid connection id"}"#),
        (
            "deleteDestination",
            r#""Unable to locate dest (5) for client (116078)""#,
        ),
        (
            "deleteDestination",
            r#""Unable to locate dest () for client (116078) to delete""#,
        ),
        (
            "deleteSource",
            r#"{"error":"InvalidId","data":{"message":"source not found (5) "}}"#,
        ),
    ] {
        let err = outcome(name, id(), 400, body).unwrap_err();
        assert_eq!(err.kind, ErrorKind::StitchApi, "{name}: {body}");
    }
    // The same words with another status are not read as these answers.
    for body in [invalid_id, dest] {
        let err = outcome("deleteSource", id(), 500, body).unwrap_err();
        assert_eq!(err.kind, ErrorKind::StitchApi, "{body}");
    }
}

#[test]
fn a_terminated_job_rejects_and_is_not_taken_for_a_success() {
    // Stitch's reference shows a job that was stopped or timed out as completed with every exit
    // status null and "Terminated" as each phase's description: no phase succeeded, so the wait
    // rejects with its extraction, as for a phase that exited non-zero.
    let terminated = r#"{"data":[{"source_id":120643,"job_name":"j1","discovery_exit_status":null,"discovery_description":"Terminated","tap_exit_status":null,"tap_description":"Terminated","target_exit_status":null,"target_description":"Terminated","completion_time":"2026-12-03T06:38:35Z"}],"page":1,"total":1,"links":{}}"#;
    let err = replication_ending_with(terminated).unwrap_err();
    assert_eq!(err.kind, ErrorKind::StitchJobFailed);
    assert!(
        // The answer does not say which phase was running, so none is named.
        err.message.ends_with(
            "was terminated before it finished (no phase has an exit status: Terminated)"
        ) && !err.message.contains("phase ("),
        "{}",
        err.message
    );
    assert!(
        err.run()
            .unwrap()
            .contains(r#""completion_time":"2026-12-03T06:38:35Z""#)
    );
    // One that ended after its discovery succeeded ended in its tap phase.
    let stopped = r#"{"data":[{"source_id":120643,"job_name":"j1","discovery_exit_status":0,"tap_exit_status":null,"tap_description":"Terminated","target_exit_status":null,"completion_time":"2026-12-03T06:38:35Z"}],"page":1,"total":1,"links":{}}"#;
    let err = replication_ending_with(stopped).unwrap_err();
    assert!(err.message.contains("tap phase"), "{}", err.message);
}

#[test]
fn a_jobs_endpoints_401_names_the_client_id_as_well_as_the_token() {
    // Stitch answers 401 on the extraction and load endpoints for a client id the token does not
    // cover as for a bad token, and a source's `id` passed where its `stitch_client_id` goes is
    // the likely slip: the error says to check both, not the token alone.
    let body = r#"{"error":{"type":"unauthorized","message":"The access token doesn't have access to the Stitch client ID (120643)"}}"#;
    for name in ["listExtractions", "listLoads"] {
        let err = outcome(name, vec![ArgValue::Id(120_643)], 401, body).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Authentication);
        assert!(
            err.message.contains("accessToken") && err.message.contains("stitch_client_id"),
            "{name}: {}",
            err.message
        );
    }
    // Elsewhere the client id is not in the path: the token alone is named.
    let err = outcome("listSources", vec![], 401, body).unwrap_err();
    assert!(!err.message.contains("stitch_client_id"), "{}", err.message);
}

/// A replication wait of job `j1` whose extractions page reads `extractions` at once.
fn replication_ending_with(extractions: &'static str) -> Result<Output, ClientError> {
    let mut machine = wait(vec![ArgValue::Id(120_643)], WaitPlan::default());
    let answers = vec![
        answer(200, r#"{"job_name":"j1"}"#),
        answer(200, SOURCE),
        answer(200, extractions),
    ];
    run(machine.as_mut(), answers).1
}

#[test]
fn any_spelling_of_a_zero_exit_status_is_a_success() {
    // The exit statuses are checked as numbers, so `0.0`, `-0` and `0e0` are zero too.
    for zero in ["0.0", "-0", "0e0", "0E+2"] {
        let done = format!(
            r#"{{"data":[{{"source_id":120643,"job_name":"j1","discovery_exit_status":{zero},"tap_exit_status":0,"target_exit_status":{zero},"completion_time":"2026-12-03T00:00:05Z"}}],"page":1,"total":1,"links":{{}}}}"#
        );
        let result = replication_ending_with(Box::leak(done.into_boxed_str()));
        assert!(result.is_ok(), "{zero}: {result:?}");
    }
    // A non-zero status that starts with a zero is still a failure.
    let failed = r#"{"data":[{"source_id":120643,"job_name":"j1","discovery_exit_status":0,"tap_exit_status":0.5,"target_exit_status":0,"completion_time":"2026-12-03T00:00:05Z"}],"page":1,"total":1,"links":{}}"#;
    let err = replication_ending_with(failed).unwrap_err();
    assert_eq!(err.kind, ErrorKind::StitchJobFailed);
    assert!(err.message.contains("exit status 0.5"), "{}", err.message);
}

#[test]
fn a_job_already_running_fails_the_wait_at_once_and_time_runs_out() {
    let mut machine = wait(vec![ArgValue::Id(120_643)], WaitPlan::default());
    let (sent, result) = run(
        machine.as_mut(),
        vec![answer(
            200,
            r#"{"error":{"type":"already_running","message":"busy"}}"#,
        )],
    );
    assert_eq!(sent.len(), 1);
    assert_eq!(result.unwrap_err().api_type(), Some("already_running"));
    // A job that never shows up ends in the wait's timeout, naming the job.
    let plan = WaitPlan::from_options(Some(1_000.0), Some(1_000.0), Some(5_000.0)).unwrap();
    let mut machine = wait(vec![ArgValue::Id(120_643)], plan);
    let mut answers = vec![answer(200, r#"{"job_name":"j9"}"#), answer(200, SOURCE)].into_iter();
    let (_, result) = run_with(machine.as_mut(), |_, _, _| {
        answers
            .next()
            .unwrap_or_else(|| answer(200, r#"{"data":[],"page":1,"total":0,"links":{}}"#))
    });
    let err = result.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert!(
        err.message.contains("Stitch source 120643") && err.message.contains("j9"),
        "{}",
        err.message
    );
    assert!(err.message.contains("listExtractions"), "{}", err.message);
}

#[test]
fn the_access_token_is_sent_as_a_bearer_header_and_never_shown() {
    let config = ClientConfig::stitch(None, Some("ac_secret123")).unwrap();
    assert_eq!(config.base_url(), "https://api.stitchdata.com");
    let request = call("listSources", vec![]).request().unwrap();
    let headers = config.headers(&request);
    assert!(headers.contains(&("Authorization", "Bearer ac_secret123".to_owned())));
    assert!(!config.url(&request).contains("ac_secret123"));
    assert_eq!(
        config.redact("token ac_secret123 here"),
        "token [redacted] here"
    );
    let err = ClientConfig::stitch(None, Some("ac secret")).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("accessToken"));
    assert!(
        err.message.starts_with("accessToken: contains whitespace"),
        "{}",
        err.message
    );
    assert!(ClientConfig::stitch(Some("http://api.stitchdata.com"), None).is_err());
}

#[test]
fn a_stitch_base_url_refusal_names_stitchs_option_and_url() {
    // A StitchClient has no apiToken option and no Census URL: its refusals name its own.
    let err = ClientConfig::stitch(Some("https://ac_x@api.stitchdata.com"), None).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("baseUrl"));
    assert!(
        err.message.contains("accessToken") && !err.message.contains("apiToken"),
        "{}",
        err.message
    );
    for raw in ["", "api.stitchdata.com"] {
        let err = ClientConfig::stitch(Some(raw), None).unwrap_err();
        assert!(
            err.message.contains("https://api.stitchdata.com") && !err.message.contains("census"),
            "{raw:?}: {}",
            err.message
        );
    }
    // Census's stay as they were.
    let err = ClientConfig::new(Some("https://t@app.getcensus.com/api/v1"), None).unwrap_err();
    assert!(err.message.contains("apiToken"), "{}", err.message);
    let err = ClientConfig::new(Some(""), None).unwrap_err();
    assert!(err.message.contains("app.getcensus.com"), "{}", err.message);
}

#[test]
fn a_replication_started_earlier_is_resumed_by_its_job_name() {
    let op = op("waitForReplication");
    let Mode::Wait { poll, resume } = op.mode else {
        panic!("a wait")
    };
    let values = vec![ArgValue::Id(120_643), ArgValue::Name("j7".into())];
    let mut machine = wait_machine(
        poll,
        Call::new(op.endpoint, op.args, values),
        resume,
        WaitPlan::default(),
    );
    let done = r#"{"data":[{"source_id":120643,"job_name":"j7","discovery_exit_status":0,"tap_exit_status":0,"target_exit_status":0,"completion_time":"2026-12-03T00:00:09Z"}],"links":{}}"#;
    let (sent, result) = run(
        machine.as_mut(),
        vec![answer(200, SOURCE), answer(200, done)],
    );
    // Nothing is started again: the source, then its extractions.
    let paths: Vec<String> = sent.iter().map(HttpRequest::path_and_query).collect();
    assert_eq!(paths, ["/v4/sources/120643", "/v4/116078/extractions"]);
    assert!(
        matches!(result, Ok(Output::Json(ref e)) if e.contains("j7")),
        "{result:?}"
    );
    // An empty job name is refused before anything is sent.
    let mut machine = wait_machine(
        poll,
        Call::new(
            op.endpoint,
            op.args,
            vec![ArgValue::Id(120_643), ArgValue::Name(String::new())],
        ),
        resume,
        WaitPlan::default(),
    );
    let (sent, result) = run(machine.as_mut(), vec![]);
    assert!(sent.is_empty());
    assert_eq!(result.unwrap_err().field.as_deref(), Some("jobName"));
}

#[test]
fn import_api_tokens_read_both_list_shapes_as_one() {
    let request = call("createImportApiToken", vec![ArgValue::Id(216_359)])
        .request()
        .unwrap();
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Post, "/v4/sources/216359/tokens")
    );
    assert_eq!(
        outcome(
            "createImportApiToken",
            vec![ArgValue::Id(216_359)],
            200,
            r#"{"id":828792559,"access_token":"secret"}"#
        ),
        Ok(Output::Body)
    );
    let list = |body: &'static str| {
        outcome(
            "listImportApiTokens",
            vec![ArgValue::Id(216_359)],
            200,
            body,
        )
    };
    // The older answer: bare ids; the newer: objects with the creation time. Both read as objects.
    assert_eq!(
        list("[828705046, 828704779]"),
        Ok(Output::Json(
            r#"[{"token_id":828705046},{"token_id":828704779}]"#.into()
        ))
    );
    assert_eq!(
        list(r#"[{"token_id":828705046,"created_at":"2021-08-12T15:22:12Z"}]"#),
        Ok(Output::Json(
            r#"[{"token_id":828705046,"created_at":"2021-08-12T15:22:12Z"}]"#.into()
        ))
    );
    assert_eq!(list("[]"), Ok(Output::Json("[]".into())));
    let err = list(r#"[1, "two"]"#).unwrap_err();
    assert_eq!(
        (err.kind, err.field.as_deref()),
        (ErrorKind::UnexpectedResponse, Some("[1]"))
    );
    let err = list(r#"[{"created_at":"x"}]"#).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("[0].token_id"));
    let request = call(
        "deleteImportApiToken",
        vec![ArgValue::Id(216_359), ArgValue::Id(828_704_779)],
    )
    .request()
    .unwrap();
    assert_eq!(
        (request.method, request.path.as_str()),
        (Method::Delete, "/v4/sources/216359/tokens/828704779")
    );
    let err = outcome(
        "createImportApiToken",
        vec![ArgValue::Id(216_359)],
        400,
        r#"{"error":{"type":"token_limit","message":"at most two"}}"#,
    )
    .unwrap_err();
    assert_eq!(err.api_type(), Some("token_limit"));
}

#[test]
fn a_schema_name_may_hold_a_dollar_sign_as_stitch_accepts() {
    let input = r#"{"type":"platform.postgres","display_name":"X","name":"orders$2"}"#;
    let request = call("createSource", vec![json(input)]).request().unwrap();
    assert_eq!(request.body.as_deref(), Some(input));
    for bad in ["2orders", "Orders", "or-ders"] {
        let input = format!(r#"{{"type":"platform.postgres","display_name":"X","name":"{bad}"}}"#);
        let err = call("createSource", vec![json(&input)])
            .request()
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("name"), "{bad}");
    }
}

#[test]
fn an_error_type_that_echoes_the_token_is_redacted() {
    let err = outcome(
        "listSources",
        vec![],
        400,
        r#"{"error":{"type":"bad ac_secret123","message":"ac_secret123 refused"}}"#,
    )
    .unwrap_err();
    let config = ClientConfig::stitch(None, Some("ac_secret123")).unwrap();
    let crossed = err.to_json(&|text| config.redact(text));
    assert!(!crossed.contains("ac_secret123"), "{crossed}");
    assert!(crossed.contains(r#""type":"bad [redacted]""#), "{crossed}");
}

#[test]
fn a_job_replaced_before_its_end_was_seen_ends_the_wait() {
    let mut machine = wait(vec![ArgValue::Id(120_643)], WaitPlan::default());
    let running = r#"{"data":[{"source_id":120643,"job_name":"j1","discovery_exit_status":null,"completion_time":null}],"links":{}}"#;
    let replaced = r#"{"data":[{"source_id":120643,"job_name":"j2","discovery_exit_status":null,"completion_time":null}],"links":{}}"#;
    let (sent, result) = run(
        machine.as_mut(),
        vec![
            answer(200, r#"{"job_name":"j1"}"#),
            answer(200, SOURCE),
            answer(200, running),
            answer(200, replaced),
        ],
    );
    assert_eq!(sent.len(), 4);
    let err = result.unwrap_err();
    assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
    assert!(
        err.message.contains("replaced by job \"j2\""),
        "{}",
        err.message
    );
}

#[test]
fn a_job_that_never_showed_before_another_started_ends_the_wait() {
    // The last extraction is an earlier job's (j0), then a later one's (j2): Stitch runs one
    // job of a source at a time, so j1, accepted before j2 started, ran unseen or was dropped.
    let mut machine = wait(vec![ArgValue::Id(120_643)], WaitPlan::default());
    let earlier = r#"{"data":[{"source_id":120643,"job_name":"j0","discovery_exit_status":0,"completion_time":"2026-12-03T00:00:09Z"}],"links":{}}"#;
    let later = r#"{"data":[{"source_id":120643,"job_name":"j2","discovery_exit_status":null,"completion_time":null}],"links":{}}"#;
    let (sent, result) = run(
        machine.as_mut(),
        vec![
            answer(200, r#"{"job_name":"j1"}"#),
            answer(200, SOURCE),
            answer(200, earlier),
            answer(200, earlier),
            answer(200, later),
        ],
    );
    assert_eq!(sent.len(), 5, "waited through the earlier job");
    let err = result.unwrap_err();
    assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
    assert!(
        err.message.contains(
            "(\"j1\") never showed as the source's last extraction, and job \"j2\" started after \
             job \"j0\""
        ),
        "{}",
        err.message
    );
}

#[test]
fn an_extraction_without_a_job_name_is_not_taken_for_the_job() {
    let mut machine = wait(vec![ArgValue::Id(120_643)], WaitPlan::default());
    let unnamed = r#"{"data":[{"source_id":120643,"job_name":null,"discovery_exit_status":0,"tap_exit_status":0,"target_exit_status":0,"completion_time":"2026-12-03T00:00:09Z"}],"links":{}}"#;
    let done = r#"{"data":[{"source_id":120643,"job_name":"j1","discovery_exit_status":0,"tap_exit_status":0,"target_exit_status":0,"completion_time":"2026-12-03T00:00:19Z"}],"links":{}}"#;
    let (sent, result) = run(
        machine.as_mut(),
        vec![
            answer(200, r#"{"job_name":"j1"}"#),
            answer(200, SOURCE),
            answer(200, unnamed),
            answer(200, done),
        ],
    );
    // The finished but unnamed extraction did not end the wait: the next check did, and what
    // it resolves to names the job (as its TypeScript type says).
    assert_eq!(sent.len(), 4);
    assert!(
        matches!(result, Ok(Output::Json(ref e)) if e.contains(r#""job_name":"j1""#) && e.contains("00:00:19")),
        "{result:?}"
    );
}

#[test]
fn a_token_revoked_by_an_attempt_whose_answer_was_lost_resolves_to_the_source() {
    let gone = r#"{"error":{"type":"not_found","message":"no such token"}}"#;
    let values = || vec![ArgValue::Id(120_643), ArgValue::Id(828_704_779)];
    // The retry of a DELETE whose first attempt may have acted finds nothing: the token is
    // gone, as asked; the source it would have answered is read.
    let mut machine = Operation::new(call("deleteImportApiToken", values()));
    let (sent, result) = run(
        &mut machine,
        vec![
            Ok((RawResponse::json(404, gone), true)),
            answer(200, SOURCE),
        ],
    );
    let paths: Vec<String> = sent
        .iter()
        .map(|r| format!("{} {}", r.method.as_str(), r.path_and_query()))
        .collect();
    assert_eq!(
        paths,
        [
            "DELETE /v4/sources/120643/tokens/828704779",
            "GET /v4/sources/120643"
        ]
    );
    assert_eq!(result.expect("the source"), Output::Body);
    // A 404 with nothing sent before it is a plain not found.
    let mut machine = Operation::new(call("deleteImportApiToken", values()));
    let (sent, result) = run(&mut machine, vec![answer(404, gone)]);
    assert_eq!(sent.len(), 1);
    assert_eq!(result.expect_err("not found").kind, ErrorKind::NotFound);
}

#[test]
fn a_destination_deleted_by_an_attempt_whose_answer_was_lost_is_deleted() {
    // Stitch answers a DELETE of a destination it cannot find with a bare-string 400 (the
    // local Stitch as its reference words it). After an attempt that may have deleted it (no
    // answer, a 502 or a 504), that is the deletion asked for, not a failure.
    let gone = r#""Unable to locate dest (155582) for client (116078) to delete""#;
    let mut machine = Operation::new(call("deleteDestination", vec![ArgValue::Id(155_582)]));
    let (sent, result) = run(&mut machine, vec![Ok((RawResponse::json(400, gone), true))]);
    assert_eq!(sent.len(), 1);
    assert_eq!(result.expect("deleted"), Output::Nothing);
    // With nothing sent before it, it is the error it says: not found.
    let err = outcome("deleteDestination", vec![ArgValue::Id(155_582)], 400, gone).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    // Any other 400 after such an attempt stays a refusal.
    let mut machine = Operation::new(call("deleteDestination", vec![ArgValue::Id(155_582)]));
    let refused = r#""destination 155582 still has sources""#;
    let (_, result) = run(
        &mut machine,
        vec![Ok((RawResponse::json(400, refused), true))],
    );
    assert_eq!(result.unwrap_err().kind, ErrorKind::StitchApi);
    // A 404 after such an attempt is gone too; other errors stay errors.
    let mut machine = Operation::new(call("deleteDestination", vec![ArgValue::Id(155_582)]));
    let not_found = r#"{"error":{"type":"not_found","message":"no such destination"}}"#;
    let (_, result) = run(
        &mut machine,
        vec![Ok((RawResponse::json(404, not_found), true))],
    );
    assert_eq!(result.expect("deleted"), Output::Nothing);
    let mut machine = Operation::new(call("deleteDestination", vec![ArgValue::Id(155_582)]));
    let (_, result) = run(
        &mut machine,
        vec![Ok((
            RawResponse::json(401, r#"{"error":{"type":"unauthorized","message":"no"}}"#),
            true,
        ))],
    );
    assert_eq!(result.unwrap_err().kind, ErrorKind::Authentication);
    // Stopping a replication is not a deletion: its 400 invalid_source stays an error.
    let mut machine = Operation::new(call("stopReplication", vec![ArgValue::Id(7)]));
    let invalid = r#"{"error":{"type":"invalid_source","message":"Integration is deleted."}}"#;
    let (_, result) = run(
        &mut machine,
        vec![Ok((RawResponse::json(400, invalid), true))],
    );
    assert_eq!(result.unwrap_err().kind, ErrorKind::StitchApi);
}

#[test]
fn a_read_spread_into_a_source_or_destination_input_is_refused_by_member() {
    // Stitch refuses any member its source and destination bodies do not list, with one 400
    // naming none ("PUT body may only include …"): the client names the member first, and a
    // member a read answers (`{ ...source, display_name }`) as read-only.
    let refused = |name: &str, values: Vec<ArgValue>| call(name, values).request().unwrap_err();
    let source = r#"{"id":120643,"created_at":"2026-01-01T00:00:00Z","display_name":"Orders","properties":{"host":"db"},"report_card":{"type":"platform.postgres"}}"#;
    let err = refused("updateSource", vec![ArgValue::Id(120643), json(source)]);
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert_eq!(err.field.as_deref(), Some("id"), "{}", err.message);
    assert!(err.message.contains("read-only"), "{}", err.message);
    assert!(
        err.message.contains("display_name, paused_at, properties"),
        "{}",
        err.message
    );
    let err = refused(
        "updateSource",
        vec![
            ArgValue::Id(7),
            json(r#"{"display_name":"X","report_card":null}"#),
        ],
    );
    assert_eq!(err.field.as_deref(), Some("report_card"), "{}", err.message);
    let err = refused(
        "updateSource",
        vec![ArgValue::Id(7), json(r#"{"frequency_in_minutes":"60"}"#)],
    );
    assert_eq!(
        err.field.as_deref(),
        Some("frequency_in_minutes"),
        "{}",
        err.message
    );
    assert!(err.message.contains("unknown field"), "{}", err.message);
    // A Source object's schedule is read-only: it is set through the frequency property.
    let err = refused(
        "updateSource",
        vec![
            ArgValue::Id(7),
            json(r#"{"schedule":{"frequency_in_minutes":60}}"#),
        ],
    );
    assert_eq!(err.field.as_deref(), Some("schedule"), "{}", err.message);
    assert!(err.message.contains("read-only"), "{}", err.message);
    let err = refused(
        "createSource",
        vec![json(
            r#"{"type":"platform.postgres","display_name":"X","paused_at":null}"#,
        )],
    );
    assert_eq!(err.field.as_deref(), Some("paused_at"), "{}", err.message);
    let err = refused(
        "updateDestination",
        vec![
            ArgValue::Id(155582),
            json(r#"{"id":155582,"type":"postgres","description":"Warehouse"}"#),
        ],
    );
    assert_eq!(err.field.as_deref(), Some("id"), "{}", err.message);
    let err = refused(
        "updateDestination",
        vec![ArgValue::Id(155582), json(r#"{"type":"snowflake"}"#)],
    );
    assert_eq!(err.field.as_deref(), Some("type"), "{}", err.message);
    // A member Stitch's reference never named is refused too: the unmapped-sources switch is
    // `ignore_unmapped_sources` (stitchdata/docs create-a-destination-v4).
    let err = refused(
        "createDestination",
        vec![json(
            r#"{"type":"postgres","properties":{},"connect_unmapped_sources":true}"#,
        )],
    );
    assert_eq!(
        err.field.as_deref(),
        Some("connect_unmapped_sources"),
        "{}",
        err.message
    );
    // What Stitch takes still goes as written, `ignore_unmapped_sources` included.
    for (name, values) in [
        (
            "updateSource",
            vec![
                ArgValue::Id(7),
                json(r#"{"display_name":"X","paused_at":null,"properties":{}}"#),
            ],
        ),
        (
            "createSource",
            vec![json(
                r#"{"type":"platform.postgres","display_name":"X","name":"x","properties":{}}"#,
            )],
        ),
        (
            "createDestination",
            vec![json(
                r#"{"type":"postgres","name":null,"description":"d","properties":{},"ignore_unmapped_sources":true}"#,
            )],
        ),
        (
            "updateDestination",
            vec![
                ArgValue::Id(7),
                json(r#"{"name":"n","description":null,"properties":{}}"#),
            ],
        ),
    ] {
        let request = call(name, values).request().unwrap();
        assert!(request.body.is_some(), "{name}");
    }
}
