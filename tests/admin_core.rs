//! The rest of the Census API in the core, natively: every request its descriptions build,
//! which token each takes, the inputs' checks, bodies without envelopes, columns that are not
//! ready yet, and the jobs followed at a URL the API answers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)] // test code

mod samples;
use samples::answer;

use census_wasm::core::api::{self, ArgValue, Call};
use census_wasm::core::error::{ClientError, ErrorKind};
use census_wasm::core::operation::{Answer, Machine, Operation, Output, Step, TypeCheck, run_with};
use census_wasm::core::poll::{status_path, wait_machine};
use census_wasm::core::raw_object::RawObject;
use census_wasm::core::refresh::WaitPlan;
use census_wasm::core::request::{Auth, HttpRequest};
use census_wasm::core::response::RawResponse;

fn call(name: &str, values: Vec<ArgValue>) -> Call {
    let op = api::op(name).unwrap_or_else(|| panic!("no method {name}"));
    let mut call = Call::new(op.endpoint, op.args, values);
    call.flags = op.flags;
    call
}

fn json(text: &str) -> ArgValue {
    ArgValue::Json(RawObject::parse("input", text).expect("an object"))
}

fn id(n: u64) -> ArgValue {
    ArgValue::Id(n)
}

fn name(text: &str) -> ArgValue {
    ArgValue::Name(text.into())
}

fn shown(request: &HttpRequest) -> String {
    let query: Vec<String> = request
        .query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if query.is_empty() {
        request.describe()
    } else {
        format!("{}?{}", request.describe(), query.join("&"))
    }
}

#[test]
fn every_request_is_the_documented_one_with_the_right_token() {
    let org = Auth::Personal;
    let ws = Auth::Workspace;
    for (method, values, expected, auth) in [
        (
            "listSourceObjects",
            vec![id(12)],
            "GET /sources/12/objects",
            ws,
        ),
        (
            "getTableColumns",
            vec![
                id(12),
                json(r#"{"table_schema": "public", "table_name": "users"}"#),
            ],
            "GET /sources/12/tables/columns?table_schema=public&table_name=users",
            ws,
        ),
        (
            "refreshTableColumns",
            vec![id(12), id(3)],
            "POST /sources/12/tables/3/refresh_columns",
            ws,
        ),
        (
            "refreshTableColumnsStatus",
            vec![id(12), id(3), id(9)],
            "GET /sources/12/tables/3/refresh_columns_status?refresh_key=9",
            ws,
        ),
        ("listModels", vec![id(12)], "GET /sources/12/models", ws),
        (
            "getSourceModel",
            vec![id(12), id(18)],
            "GET /sources/12/models/18",
            ws,
        ),
        (
            "createModel",
            vec![id(12), json(r#"{"name": "m", "query": "select 1"}"#)],
            "POST /sources/12/models",
            ws,
        ),
        (
            "deleteModel",
            vec![id(12), id(18)],
            "DELETE /sources/12/models/18",
            ws,
        ),
        (
            "refreshModelColumns",
            vec![id(12), id(18)],
            "POST /sources/12/models/18/refresh_columns",
            ws,
        ),
        ("listDatasets", vec![], "GET /datasets", ws),
        ("getDataset", vec![id(7)], "GET /datasets/7", ws),
        ("deleteDataset", vec![id(7)], "DELETE /datasets/7", ws),
        (
            "listSegments",
            vec![id(12)],
            "GET /sources/12/filter_segments",
            ws,
        ),
        (
            "getSegment",
            vec![id(12), id(5)],
            "GET /sources/12/filter_segments/5",
            ws,
        ),
        (
            "createSegment",
            vec![id(12), json(r#"{"name": "s"}"#)],
            "POST /sources/12/filter_segments",
            ws,
        ),
        (
            "deleteSegment",
            vec![id(12), id(5)],
            "DELETE /sources/12/filter_segments/5",
            ws,
        ),
        ("listTopics", vec![id(40)], "GET /sources/40/topics", ws),
        (
            "getTopic",
            vec![id(40), id(2)],
            "GET /sources/40/topics/2",
            ws,
        ),
        (
            "updateTopic",
            vec![id(40), id(2), json(r#"{"description": "d"}"#)],
            "PATCH /sources/40/topics/2",
            ws,
        ),
        (
            "refreshProject",
            vec![id(3)],
            "POST /projects/3/refresh",
            ws,
        ),
        (
            "projectRefreshStatus",
            vec![id(3), id(4)],
            "GET /projects/3/refresh_status?refresh_key=4",
            ws,
        ),
        (
            "listDestinationObjectTypes",
            vec![id(18)],
            "GET /destinations/18/object_types",
            ws,
        ),
        (
            "listConnectorObjectTypes",
            vec![name("s3")],
            "GET /connectors/s3/object_types",
            ws,
        ),
        (
            "createDestinationObject",
            vec![id(18), json(r#"{"object_type": "csv"}"#)],
            "POST /destinations/18/object_creation_requests",
            ws,
        ),
        (
            "refreshFields",
            vec![id(16), name("exports/a b.csv")],
            "POST /destinations/16/objects/exports%2Fa%20b.csv/refresh_fields",
            ws,
        ),
        (
            "listSourceConnectLinks",
            vec![],
            "GET /source_connect_links",
            ws,
        ),
        (
            "createSourceConnectLink",
            vec![json(r#"{"type": "snowflake"}"#)],
            "POST /source_connect_links",
            ws,
        ),
        (
            "revokeSourceConnectLink",
            vec![id(8)],
            "POST /source_connect_links/8/revoke",
            ws,
        ),
        (
            "createSourceReauthLink",
            vec![id(12), json("{}")],
            "POST /sources/12/connect_links",
            ws,
        ),
        (
            "getDestinationConnectLink",
            vec![id(4)],
            "GET /destination_connect_links/4",
            ws,
        ),
        (
            "listDestinationConnectLinkTypes",
            vec![],
            "GET /destination_connect_links/types",
            ws,
        ),
        (
            "createDestinationReauthLink",
            vec![id(15), json("{}")],
            "POST /destinations/15/connect_links",
            ws,
        ),
        (
            "createSyncManagementLink",
            vec![json(r#"{"redirect_uri": "https://admin.example.com"}"#)],
            "POST /sync_management_links",
            ws,
        ),
        (
            "revokeSyncManagementLink",
            vec![id(9)],
            "POST /sync_management_links/9/revoke",
            ws,
        ),
        (
            "createSyncEditLink",
            vec![id(61), json("{}")],
            "POST /syncs/61/connect_links",
            ws,
        ),
        (
            "createSegmentManagementLink",
            vec![json("{}")],
            "POST /segment_management_links",
            ws,
        ),
        (
            "createSegmentEditLink",
            vec![id(12), id(5), json("{}")],
            "POST /sources/12/filter_segments/5/segment_management_links",
            ws,
        ),
        ("listWebhooks", vec![], "GET /webhooks", ws),
        ("getWebhook", vec![id(2)], "GET /webhooks/2", ws),
        (
            "listSyncRunRecords",
            vec![id(94)],
            "GET /sync_runs/94/records",
            ws,
        ),
        (
            "cancelSyncRun",
            vec![id(94)],
            "POST /sync_runs/94/cancel",
            ws,
        ),
        ("listWorkspaces", vec![], "GET /workspaces", org),
        ("getOrgWorkspace", vec![id(3)], "GET /workspaces/3", org),
        (
            "createWorkspace",
            vec![json(r#"{"name": "Staging"}"#)],
            "POST /workspaces",
            org,
        ),
        ("deleteWorkspace", vec![id(3)], "DELETE /workspaces/3", org),
        (
            "getWorkspaceApiKey",
            vec![id(3)],
            "GET /workspaces/3/api_key",
            org,
        ),
        (
            "cloneWorkspace",
            vec![id(3)],
            "POST /workspaces/3/clone",
            org,
        ),
        (
            "listWorkspaceUsers",
            vec![id(3)],
            "GET /workspaces/3/users",
            org,
        ),
        (
            "inviteToWorkspace",
            vec![id(3), json(r#"{"emails": ["a@b.co"], "role": "viewer"}"#)],
            "POST /workspaces/3/invitations",
            org,
        ),
        ("listUsers", vec![], "GET /users", org),
        ("getUser", vec![id(5)], "GET /users/5", org),
        ("listInvitations", vec![], "GET /invitations", org),
    ] {
        let request = call(method, values)
            .request()
            .unwrap_or_else(|err| panic!("{method}: {err}"));
        assert_eq!(shown(&request), expected, "{method}");
        assert_eq!(request.auth, auth, "{method}");
    }
}

#[test]
fn every_method_is_covered_by_a_description_with_docs() {
    let names: Vec<&str> = api::ops().map(|op| op.name).collect();
    for wanted in [
        "listSourceObjects",
        "getTableColumns",
        "refreshTableColumnsAndWait",
        "refreshModelColumnsAndWait",
        "createDataset",
        "createSegmentAndWait",
        "waitForSegment",
        "createTopic",
        "refreshProjectAndWait",
        "createDestinationObjectAndWait",
        "refreshFieldsAndWait",
        "createWebhook",
        "listSyncRunRecords",
        "cancelSyncRun",
        "cloneWorkspaceAndWait",
        "waitForWorkspaceClone",
        "createInvitation",
        "getWorkspace",
    ] {
        assert!(names.contains(&wanted), "{wanted}");
    }
    assert!(names.len() >= 130, "{} methods", names.len());
}

#[test]
fn inputs_are_checked_naming_the_member() {
    for (method, values, field, says) in [
        (
            "createDataset",
            vec![json(r#"{"name": "d", "type": "sql", "query": "q"}"#)],
            "source_id",
            "when type is \"sql\"",
        ),
        (
            "createDataset",
            vec![json(r#"{"name": "d", "type": "sql", "source_id": 3}"#)],
            "query",
            "required",
        ),
        (
            "createDataset",
            vec![json(
                r#"{"name": "d", "type": "entity_resolution", "source_dataset_ids": []}"#,
            )],
            "source_dataset_ids",
            "must not be empty",
        ),
        (
            "createDataset",
            vec![json(r#"{"name": "d", "type": "view"}"#)],
            "type",
            "\"sql\"",
        ),
        (
            "createModel",
            vec![id(12), json(r#"{"name": "m"}"#)],
            "query",
            "required",
        ),
        (
            "createWebhook",
            vec![json(
                r#"{"endpoint": "http://x.test/h", "events": ["sync.failed"]}"#,
            )],
            "endpoint",
            "https://",
        ),
        (
            "createWebhook",
            vec![json(
                r#"{"endpoint": "https://x.test/h", "events": ["sync.exploded"]}"#,
            )],
            "events[0]",
            "\"sync.failed\"",
        ),
        (
            "createWebhook",
            vec![json(r#"{"endpoint": "https://x.test/h", "events": []}"#)],
            "events",
            "must not be empty",
        ),
        (
            "createSourceConnectLink",
            vec![json(r#"{"redirect_uri": "https://x"}"#)],
            "type",
            "required",
        ),
        (
            "createSyncManagementLink",
            vec![json("{}")],
            "redirect_uri",
            "required",
        ),
        (
            "createSyncManagementLink",
            vec![json(r#"{"redirect_uri": ""}"#)],
            "redirect_uri",
            "empty",
        ),
        (
            "updateWorkspace",
            vec![id(3), json(r#"{"return_workspace_api_key": true}"#)],
            "return_workspace_api_key",
            "only createWorkspace",
        ),
        (
            "inviteToWorkspace",
            vec![id(3), json(r#"{"emails": ["a@b.co"], "role": "admin"}"#)],
            "role",
            "\"viewer\"",
        ),
        (
            "inviteToWorkspace",
            vec![
                id(3),
                json(r#"{"emails": ["not-an-email"], "role": "viewer"}"#),
            ],
            "emails[0]",
            "email address",
        ),
        (
            "createInvitation",
            vec![json(
                r#"{"email": "a@b.co", "role": "member", "workspaces": [{"id": 3}]}"#,
            )],
            "workspaces[0].role",
            "required",
        ),
        (
            "createInvitation",
            vec![json(r#"{"email": "a@b.co", "role": "owner"}"#)],
            "role",
            "\"admin\"",
        ),
        (
            "updateWorkspace",
            vec![id(3), json("{}")],
            "input",
            "nothing to update",
        ),
        (
            "getTableColumns",
            vec![id(12), json(r#"{"table_schema": "public"}"#)],
            "table.table_name",
            "required",
        ),
        (
            "getTableColumns",
            vec![id(12), json(r#"{"table_name": 3}"#)],
            "table.table_name",
            "string",
        ),
        (
            "createSegment",
            vec![
                id(8),
                json(
                    r#"{"name": "Split", "cohorts": [{"name": "A", "percentage": 50}, {"percentage": 50}]}"#,
                ),
            ],
            "cohorts[1].name",
            "required",
        ),
        (
            "updateSegment",
            vec![id(8), id(3), json(r#"{"cohorts": [{"name": "A"}]}"#)],
            "cohorts[0].percentage",
            "required",
        ),
        // A misspelt member of the locator would otherwise read another table (the one
        // without a schema): it is neither sent nor silently dropped.
        (
            "getTableColumns",
            vec![
                id(12),
                json(r#"{"table_name": "users", "tabel_schema": "crm"}"#),
            ],
            "table.tabel_schema",
            "unknown field; expected one of table_catalog, table_schema, table_name",
        ),
    ] {
        let err = call(method, values).request().expect_err(method);
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{method}");
        assert_eq!(
            err.field.as_deref(),
            Some(field),
            "{method}: {}",
            err.message
        );
        assert!(err.message.contains(says), "{method}: {}", err.message);
    }
    let ok = call(
        "createDataset",
        vec![json(r#"{"name": "d", "type": "entity_resolution", "source_dataset_ids": [1, 2], "match_rules": [{"x": 1}]}"#)],
    )
    .request()
    .expect("entity resolution");
    assert!(ok.body.unwrap().contains("match_rules"), "sent as given");
}

type Reply = Result<(RawResponse<'static>, bool), ClientError>;

fn ok(body: &'static str) -> Reply {
    Ok((RawResponse::json(200, body), false))
}

fn run(
    machine: &mut dyn Machine,
    answers: Vec<Reply>,
) -> (Vec<String>, Result<Output, ClientError>) {
    let mut answers = answers.into_iter();
    let (sent, result) = run_with(machine, |_, _, _| answers.next().expect("an answer"));
    (sent.iter().map(shown).collect(), result)
}

#[test]
fn bodies_without_an_envelope_are_read_as_they_come() {
    for (body, output) in [
        (r#"{"api_key": "secret-key"}"#, Output::Body),
        (
            r#"{"status": "success", "data": {"api_key": "secret-key"}}"#,
            Output::Data,
        ),
    ] {
        let mut op = Operation::new(call("getWorkspaceApiKey", vec![id(3)]));
        assert_eq!(run(&mut op, vec![ok(body)]).1.expect(body), output);
    }
    let mut op = Operation::new(call("getWorkspaceApiKey", vec![id(3)]));
    let err = run(&mut op, vec![ok(r#"{"key": 1}"#)])
        .1
        .expect_err("no api_key");
    assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
    assert_eq!(err.field.as_deref(), Some("api_key"));
    let mut op = Operation::new(call("projectRefreshStatus", vec![id(3), id(4)]));
    let body = r#"{"status": "completed", "details": {"explores": 4}}"#;
    assert_eq!(run(&mut op, vec![ok(body)]).1.expect("bare"), Output::Body);
}

#[test]
fn columns_that_are_not_ready_are_asked_again_within_the_calls_timeout() {
    let locator = || json(r#"{"table_name": "users"}"#);
    let columns = r#"{"status": "success", "data": [{"name": "ID", "type": "integer"}]}"#;
    let mut op =
        Operation::new(call("getTableColumns", vec![id(12), locator()])).with_patience(10_000);
    let (sent, result) = run(
        &mut op,
        vec![
            Ok((RawResponse::json(202, r#"{"status": "processing"}"#), false)),
            Ok((RawResponse::json(202, r#"{"status": "processing"}"#), false)),
            ok(columns),
        ],
    );
    assert_eq!(sent.len(), 3);
    assert!(
        sent.iter()
            .all(|s| s == "GET /sources/12/tables/columns?table_name=users")
    );
    assert_eq!(result.expect("columns"), Output::Data);

    let mut op =
        Operation::new(call("getTableColumns", vec![id(12), locator()])).with_patience(1_000);
    let (sent, result) = run(
        &mut op,
        (0..10)
            .map(|_| Ok((RawResponse::json(202, r#"{"status": "processing"}"#), false)))
            .collect(),
    );
    let err = result.expect_err("patience ran out");
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert!(err.message.contains("not ready"), "{}", err.message);
    assert!(sent.len() < 10);

    // The last ask goes out while it can still answer, and within the call's time: with 2 s,
    // asks at 0, 500 and 1250 ms, and a last one at 1500 ms with 500 ms to answer (it gave up
    // at 1250 ms before, with 750 ms left).
    let mut op =
        Operation::new(call("getTableColumns", vec![id(12), locator()])).with_patience(2_000);
    let mut asked = Vec::new();
    let mut answers = 0;
    let (_, result) = run_with(&mut op, |_, within, now| {
        asked.push((now, within));
        answers += 1;
        if answers < 4 {
            Ok((RawResponse::json(202, r#"{"status": "processing"}"#), false))
        } else {
            Ok((RawResponse::json(200, columns), false))
        }
    });
    assert_eq!(result.expect("ready at the last ask"), Output::Data);
    assert_eq!(
        asked,
        [
            (0, None),
            (500, Some(1500)),
            (1250, Some(750)),
            (1500, Some(500))
        ]
    );
    // Elsewhere a 202 is an ordinary success.
    let mut op = Operation::new(call("getSourceModel", vec![id(12), id(18)]));
    let model = r#"{"status": "created", "data": {"id": 18, "name": "m", "dataset_id=": 4, "source_object_id": 9}}"#;
    let answer = Ok((RawResponse::json(202, model), false));
    assert_eq!(
        run(&mut op, vec![answer])
            .1
            .expect("a model read with status created"),
        Output::Data
    );
}

#[test]
fn a_source_objects_page_takes_the_three_kinds_and_one_it_does_not_know() {
    let body = r#"{"status": "success", "data": [
        {"type": "table", "id": 1, "table_name": "users"},
        {"type": "model", "id": 1, "name": "m"},
        {"type": "segment", "id": 2, "name": "s"},
        {"type": "dataset", "id": 3, "whatever": true}],
        "pagination": {"total_records": 4, "per_page": 25, "prev_page": null, "page": 1, "next_page": null, "last_page": 1}}"#;
    let mut op = Operation::new(call("listSourceObjects", vec![id(12)]));
    assert_eq!(
        run(&mut op, vec![ok(body)]).1.expect("page"),
        Output::Page { next_page: None }
    );
    let bad = r#"{"status": "success", "data": [{"type": "segment", "id": 2}]}"#;
    let mut op = Operation::new(call("listSourceObjects", vec![id(12)]));
    let err = run(&mut op, vec![ok(bad)])
        .1
        .expect_err("a segment needs its name");
    assert_eq!(err.field.as_deref(), Some("data[0].name"));
}

#[test]
fn a_model_is_read_back_under_its_source() {
    let mut op = Operation::create(
        call(
            "createModel",
            vec![id(12), json(r#"{"name": "m", "query": "select 1"}"#)],
        ),
        TypeCheck::Skip,
        true,
    );
    let (sent, result) = run(
        &mut op,
        vec![
            ok(r#"{"status": "created", "data": {"id": 30}}"#),
            ok(r#"{"status": "success", "data": {"id": 30, "name": "m", "query": "select 1"}}"#),
        ],
    );
    assert_eq!(
        sent,
        ["POST /sources/12/models", "GET /sources/12/models/30"]
    );
    assert_eq!(result.expect("read back"), Output::Data);
}

#[test]
fn a_segment_create_answers_its_id_and_status_url() {
    let mut op = Operation::new(call(
        "createSegment",
        vec![id(12), json(r#"{"name": "s"}"#)],
    ));
    let body = r#"{"status": "created", "data": {"id": 5}, "filter_segment_source_url": "https://app.getcensus.com/api/v1/sources/12/filter_segments/5/source_status"}"#;
    let Ok(Output::Json(value)) = run(&mut op, vec![Ok((RawResponse::json(201, body), false))]).1
    else {
        panic!("a JSON value")
    };
    let value: serde_json::Value = serde_json::from_str(&value).unwrap();
    assert_eq!(value["id"], 5);
    assert_eq!(
        value["filter_segment_source_url"],
        "https://app.getcensus.com/api/v1/sources/12/filter_segments/5/source_status"
    );
}

#[test]
fn status_urls_are_asked_of_the_clients_own_base_url() {
    for (url, path) in [
        (
            "https://app.getcensus.com/api/v1/workspaces/3/clone_status",
            "/workspaces/3/clone_status",
        ),
        (
            "https://evil.example/api/v1/sources/1/filter_segments/2/source_status",
            "/sources/1/filter_segments/2/source_status",
        ),
        ("http://127.0.0.1:8787/api/v1/x?y=1", "/x?y=1"),
        (
            "/api/v1/destinations/18/object_creation_requests/4",
            "/destinations/18/object_creation_requests/4",
        ),
        // The path a progress report gives, already below the base URL.
        (
            "/sources/8/filter_segments/304/source_status",
            "/sources/8/filter_segments/304/source_status",
        ),
    ] {
        assert_eq!(status_path(url).expect(url), path);
    }
    for url in [
        "https://app.getcensus.com/other",
        "",
        "api/v1",
        "sources/1/x",
        "//evil.example/sources/1",
        // Path steps would lead the token outside the base URL, whatever their spelling.
        "https://app.getcensus.com/api/v1/../../../payroll/api/export",
        "https://app.getcensus.com/api/v1/%2e%2E/%2e%2e/payroll",
        "https://app.getcensus.com/api/v1/sources/./1",
        "/sources/1/..",
        "https://app.getcensus.com/api/v1/sources\\..\\x",
    ] {
        assert!(status_path(url).is_err(), "{url}");
    }
    // Dots that are not whole segments, and dots in the query, are names like any other.
    for url in [
        "https://app.getcensus.com/api/v1/jobs/a..b/status",
        "https://app.getcensus.com/api/v1/jobs/.../status",
        "https://app.getcensus.com/api/v1/jobs/4/status?next=../x",
    ] {
        assert!(status_path(url).is_ok(), "{url}");
    }
    let err = status_path("https://gateway.example.com/census/api/v1/../../../payroll/api/export")
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("url"));
    assert!(err.message.contains("path step"), "{}", err.message);
}

fn plan() -> WaitPlan {
    WaitPlan::from_options(Some(100.0), Some(400.0), Some(5_000.0)).expect("plan")
}

/// Drives a wait; returns the requests, the reports and how it ended.
fn drive(
    machine: &mut dyn Machine,
    answers: Vec<(u16, &'static str)>,
) -> (
    Vec<String>,
    Vec<serde_json::Value>,
    Result<Output, ClientError>,
) {
    let mut answers = answers.into_iter();
    let (mut sent, mut reports, mut now) = (Vec::new(), Vec::new(), 0);
    let mut step = machine.start(now);
    loop {
        if let Some(report) = machine.take_report() {
            reports.push(serde_json::from_str(&report).unwrap());
        }
        step = match step {
            Step::Done(output) => return (sent, reports, Ok(output)),
            Step::Fail(err) => return (sent, reports, Err(err)),
            Step::Sleep(ms) => {
                now += u64::from(ms);
                machine.woke(now)
            }
            Step::Send { request, .. } => {
                sent.push(shown(&request));
                let (status, body) = answers.next().expect("an answer");
                machine.answered(&Answer {
                    request: &request,
                    response: RawResponse::json(status, body),
                    retry_after: None,
                    long_wait: None,
                    maybe_acted: false,
                    now_ms: now,
                })
            }
        };
    }
}

fn wait(name: &str, values: Vec<ArgValue>) -> Box<dyn Machine> {
    let op = api::op(name).unwrap();
    let api::Mode::Wait { poll, resume } = op.mode else {
        panic!("{name}: a wait")
    };
    wait_machine(poll, call(name, values), resume, plan())
}

#[test]
fn a_segment_build_is_followed_at_its_url_and_resumed_by_it() {
    let mut machine = wait(
        "createSegmentAndWait",
        vec![id(12), json(r#"{"name": "s"}"#)],
    );
    let (sent, reports, result) = drive(
        machine.as_mut(),
        vec![
            (
                201,
                r#"{"status": "created", "data": {"id": 5}, "filter_segment_source_url": "https://elsewhere.test/api/v1/sources/12/filter_segments/5/source_status"}"#,
            ),
            (200, r#"{"status": "processing"}"#),
            (200, r#"{"status": "completed"}"#),
        ],
    );
    assert_eq!(
        sent,
        [
            "POST /sources/12/filter_segments",
            "GET /sources/12/filter_segments/5/source_status",
            "GET /sources/12/filter_segments/5/source_status",
        ]
    );
    assert_eq!(
        reports[0]["url"],
        "/sources/12/filter_segments/5/source_status"
    );
    assert_eq!(reports[0]["id"], 5);
    let Ok(Output::Json(outcome)) = result else {
        panic!("an outcome")
    };
    let outcome: serde_json::Value = serde_json::from_str(&outcome).unwrap();
    assert_eq!(
        (outcome["status"].as_str(), outcome["id"].as_u64()),
        (Some("completed"), Some(5))
    );

    // Resumed with the URL a report gave (as the docs say to keep it), or a full one.
    let reported = reports[0]["url"].as_str().unwrap().to_owned();
    for url in [
        reported.as_str(),
        "/api/v1/sources/12/filter_segments/5/source_status",
    ] {
        let mut resumed = wait("waitForSegment", vec![name(url)]);
        let (sent, _, result) = drive(resumed.as_mut(), vec![(200, r#"{"status": "completed"}"#)]);
        assert_eq!(
            sent,
            ["GET /sources/12/filter_segments/5/source_status"],
            "{url}"
        );
        assert!(result.is_ok(), "{url}");
    }

    let mut refused = wait(
        "waitForSegment",
        vec![name("https://example.com/not-census")],
    );
    let (sent, _, result) = drive(refused.as_mut(), vec![]);
    assert!(sent.is_empty());
    assert_eq!(
        result.expect_err("not a Census URL").field.as_deref(),
        Some("url")
    );
}

#[test]
fn a_clone_that_fails_names_its_url_and_one_without_a_url_is_refused() {
    let mut machine = wait("cloneWorkspaceAndWait", vec![id(3)]);
    let (sent, _, result) = drive(
        machine.as_mut(),
        vec![
            (
                202,
                r#"{"status_endpoint": "https://app.getcensus.com/api/v1/workspaces/9/clone_status", "data": {"id": 9}}"#,
            ),
            (200, r#"{"status": "failed"}"#),
        ],
    );
    assert_eq!(sent[1], "GET /workspaces/9/clone_status");
    let err = result.expect_err("failed");
    assert_eq!(err.kind, ErrorKind::Api);
    assert!(
        err.message.contains("/workspaces/9/clone_status") && err.message.contains("\"failed\"")
    );

    let mut machine = wait("cloneWorkspaceAndWait", vec![id(3)]);
    let (_, _, result) = drive(machine.as_mut(), vec![(202, r#"{"data": {"id": 9}}"#)]);
    let err = result.expect_err("no status_endpoint");
    assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
    assert_eq!(err.field.as_deref(), Some("status_endpoint"));
}

/// The README's promise that each token goes only to its own endpoints holds for the status URLs
/// an answer names too: a segment build (workspace token) is not followed to an organisation
/// endpoint, nor a clone (personal access token) to a workspace's, however the path spells it.
#[test]
fn a_status_url_on_the_other_token_s_side_is_refused_before_it_is_asked() {
    for url in [
        "/api/v1/workspaces/1/api_key",
        "https://app.getcensus.com/api/v1/users",
        "/api/v1/%77orkspaces/1/api_key",
        "/api/v1//Invitations",
    ] {
        let body: &'static str =
            format!(r#"{{"data": {{"id": 5}}, "filter_segment_source_url": "{url}"}}"#).leak();
        let mut machine = wait(
            "createSegmentAndWait",
            vec![id(12), json(r#"{"name": "x"}"#)],
        );
        let (sent, _, result) = drive(machine.as_mut(), vec![(201, body)]);
        assert_eq!(sent, ["POST /sources/12/filter_segments"], "{url}");
        let err = result.expect_err(url);
        assert_eq!(
            err.field.as_deref(),
            Some("filter_segment_source_url"),
            "{url}"
        );
        assert!(
            err.message
                .contains("never goes to an organisation endpoint"),
            "{}",
            err.message
        );

        let mut resumed = wait("waitForSegment", vec![name(url)]);
        let (sent, _, result) = drive(resumed.as_mut(), vec![]);
        assert!(sent.is_empty(), "{url}");
        assert_eq!(result.expect_err(url).field.as_deref(), Some("url"));
    }
    for url in [
        "/api/v1/sources/3/refresh_tables_status",
        "/api/v1/workspace",
    ] {
        let body: &'static str =
            format!(r#"{{"status_endpoint": "{url}", "data": {{"id": 9}}}}"#).leak();
        let mut machine = wait("cloneWorkspaceAndWait", vec![id(3)]);
        let (sent, _, result) = drive(machine.as_mut(), vec![(202, body)]);
        assert_eq!(sent, ["POST /workspaces/3/clone"], "{url}");
        let err = result.expect_err(url);
        assert_eq!(err.field.as_deref(), Some("status_endpoint"), "{url}");
        assert!(
            err.message.contains("goes only to organisation endpoints"),
            "{}",
            err.message
        );
    }
}

#[test]
fn column_and_field_refreshes_address_their_table_and_object() {
    let mut machine = wait("refreshTableColumnsAndWait", vec![id(12), id(3)]);
    let (sent, _, result) = drive(
        machine.as_mut(),
        vec![
            (200, r#"{"refresh_key": 7}"#),
            (200, r#"{"status": "completed"}"#),
        ],
    );
    assert_eq!(
        sent,
        [
            "POST /sources/12/tables/3/refresh_columns",
            "GET /sources/12/tables/3/refresh_columns_status?refresh_key=7",
        ]
    );
    assert!(result.is_ok());
    let mut machine = wait("refreshFieldsAndWait", vec![id(16), name("Lead")]);
    let (sent, _, _) = drive(
        machine.as_mut(),
        vec![
            (200, r#"{"refresh_key": 8}"#),
            (200, r#"{"status": "completed"}"#),
        ],
    );
    assert_eq!(
        sent[1],
        "GET /destinations/16/objects/Lead/refresh_fields_status?refresh_key=8"
    );
    let mut machine = wait("waitForTableColumnsRefresh", vec![id(12), id(3), id(7)]);
    let (sent, _, _) = drive(machine.as_mut(), vec![(200, r#"{"status": "completed"}"#)]);
    assert_eq!(
        sent,
        ["GET /sources/12/tables/3/refresh_columns_status?refresh_key=7"]
    );
}

#[test]
fn a_clone_is_followed_with_the_personal_access_token() {
    let mut machine = wait("cloneWorkspaceAndWait", vec![id(3)]);
    let Step::Send { request, .. } = machine.start(0) else {
        panic!("the clone's POST")
    };
    assert_eq!(request.auth, Auth::Personal);
    let body =
        r#"{"status_endpoint": "https://app.getcensus.com/api/v1/workspaces/9/clone_status"}"#;
    let step = machine.answered(&Answer {
        request: &request,
        response: RawResponse::json(202, body),
        retry_after: None,
        long_wait: None,
        maybe_acted: false,
        now_ms: 0,
    });
    let Step::Sleep(ms) = step else {
        panic!("a wait before the first check")
    };
    let Step::Send { request, .. } = machine.woke(u64::from(ms)) else {
        panic!("the first check")
    };
    assert_eq!(request.path, "/workspaces/9/clone_status");
    assert_eq!(request.auth, Auth::Personal, "never the workspace token");
}

#[test]
fn every_refresh_can_be_resumed_by_its_key() {
    for (method, values, expected) in [
        (
            "waitForModelColumnsRefresh",
            vec![id(12), id(18), id(5)],
            "GET /sources/12/models/18/refresh_columns_status?refresh_key=5",
        ),
        (
            "waitForFieldsRefresh",
            vec![id(16), name("Contact"), id(6)],
            "GET /destinations/16/objects/Contact/refresh_fields_status?refresh_key=6",
        ),
        (
            "waitForProjectRefresh",
            vec![id(31), id(7)],
            "GET /projects/31/refresh_status?refresh_key=7",
        ),
    ] {
        let mut machine = wait(method, values);
        let (sent, _, result) = drive(
            machine.as_mut(),
            vec![
                (200, r#"{"status": "processing"}"#),
                (200, r#"{"status": "completed", "details": {}}"#),
            ],
        );
        assert_eq!(
            sent,
            [expected, expected],
            "{method}: no new start, two checks"
        );
        assert!(result.is_ok(), "{method}");
    }
}

// ---- every endpoint's reader -------------------------------------------------------------------

/// The step after one 200 answer with `body` to a call of `endpoint`.
fn answered_once(endpoint: &'static api::Endpoint, name: &str, body: &str) -> Step {
    let mut machine = Operation::new(Call::new(endpoint, &[], Vec::new()));
    let request = HttpRequest::new(endpoint.method, "/x".into(), name.into());
    machine.start(0);
    machine.answered(&Answer {
        request: &request,
        response: RawResponse::json(200, body),
        retry_after: None,
        long_wait: None,
        maybe_acted: false,
        now_ms: 0,
    })
}

#[test]
fn every_endpoint_reads_its_documented_answer_and_names_a_missing_member() {
    let mut read = 0;
    let every = api::ops().chain(api::stitch::STITCH_OPS.iter());
    for op in every.filter(|op| op.mode == api::Mode::Call) {
        let endpoint = op.endpoint;
        for full in [false, true] {
            let body: &'static str =
                Box::leak(answer(endpoint.reply, full).unwrap().into_boxed_str());
            let step = answered_once(endpoint, op.name, body);
            assert!(
                matches!(step, Step::Done(_)),
                "{} ({full}): {body} read as {step:?}",
                op.name
            );
        }
        // A bare (Stitch) object missing a required member is refused, naming it.
        let bare = match endpoint.reply {
            api::Reply::Bare(shape) => Some(shape),
            api::Reply::TokenDeleted => Some(&census_wasm::core::stitch_models::STITCH_SOURCE),
            _ => None,
        };
        if let Some(shape) = bare
            && let Some(first) = shape.fields.iter().find(|field| field.required)
        {
            let step = answered_once(endpoint, op.name, "{}");
            let Step::Fail(err) = step else {
                panic!("{}: an empty object was accepted", op.name)
            };
            let err = if !census_wasm::core::retry::is_idempotent(endpoint.method) {
                assert_eq!(err.kind, ErrorKind::ReadBack, "{}", op.name);
                err.created.as_ref().expect("the cause").cause.clone()
            } else {
                err
            };
            assert_eq!(err.kind, ErrorKind::UnexpectedResponse, "{}", op.name);
            assert_eq!(err.field.as_deref(), Some(first.name), "{}", op.name);
        }
        // An object missing a required member is refused, naming it.
        if let api::Reply::Data(schema) = endpoint.reply
            && let Some(first) = schema.shape.fields.iter().find(|field| field.required)
        {
            let step = answered_once(endpoint, op.name, r#"{"status":"success","data":{}}"#);
            let Step::Fail(err) = step else {
                panic!("{}: an empty object was accepted", op.name)
            };
            // A POST or PATCH the API accepted rejects as accepted, the shape error as its cause.
            let err = if !census_wasm::core::retry::is_idempotent(endpoint.method) {
                assert_eq!(err.kind, ErrorKind::ReadBack, "{}", op.name);
                err.created.as_ref().expect("the cause").cause.clone()
            } else {
                err
            };
            assert_eq!(err.kind, ErrorKind::UnexpectedResponse, "{}", op.name);
            assert!(
                err.field.as_deref().is_some_and(|f| f.starts_with("data.")),
                "{}: {:?} names the member ({} is required)",
                op.name,
                err.field,
                first.name
            );
        }
        read += 1;
    }
    assert!(read >= 110, "{read} one-request methods read");
}

#[test]
fn a_workspaces_users_are_read_with_their_ids_as_text_or_numbers() {
    use census_wasm::core::checked;
    use census_wasm::core::request::{HttpRequest, Method};
    // The reference's example of GET /workspaces/{id}/users gives the id as text; the
    // organisation's lists give numbers. Both read, and the same user keys the same either way.
    let request = HttpRequest::new(Method::Get, "/workspaces/3/users".into(), "u".into());
    let body = r#"{"status":"success","pagination":{"total_records":3,"per_page":25,"prev_page":null,"page":1,"next_page":null,"last_page":1},
        "data":[{"id":"12345","email":"john.doe@example.com","role":"admin","created_at":"2023-08-20T10:00:00Z"},
                {"id":12345,"email":"john.doe@example.com"},
                {"id":"u-7f3a","email":"x@example.com"}]}"#;
    let page = checked::check_page(&request, &RawResponse::json(200, body), &checked::USERS)
        .expect("the documented shape");
    assert_eq!(page.data[0], 12_345);
    assert_eq!(page.data[1], 12_345, "the same user as a number");
    assert_ne!(page.data[2], 12_345);
    // Neither text nor a number (null, an object) is still refused.
    for id in ["null", "{}", "true"] {
        let body = format!(r#"{{"status":"success","data":[{{"id":{id}}}]}}"#);
        let err = checked::check_page(&request, &RawResponse::json(200, &body), &checked::USERS)
            .expect_err(id);
        assert_eq!(err.kind, ErrorKind::UnexpectedResponse, "{id}");
    }
}

#[test]
fn the_fetch_records_reference_example_is_read() {
    use census_wasm::core::checked;
    // developers.getcensus.com's Fetch Records example, verbatim but for the pagination.
    let body = r#"{
  "status": "success",
  "data": [
    {
      "record_payload": {
        "ID": "id_1234",
        "NAME": "Hello World"
      },
      "identifier": "id_1234",
      "batch_started_at": "2024-06-28T21:33:54Z",
      "batch_completed_at": "2024-06-28T21:33:54Z",
      "operation": "upsert",
      "status": "succeeded",
      "status_message": ""
    }
  ]
}"#;
    let request = HttpRequest::new(
        census_wasm::core::request::Method::Get,
        "/sync_runs/94/records".into(),
        "the records of sync run 94".into(),
    );
    let page = checked::check_page(&request, &RawResponse::json(200, body), &checked::RECORDS)
        .expect("the reference's shape");
    // Keyed by the record's identifier.
    assert_eq!(
        page.data,
        [census_wasm::core::source_types::key_of("id_1234")]
    );
    let typed: census_wasm::core::models::Page<census_wasm::core::workspace_models::SyncRunRecord> =
        serde_json::from_str(body).expect("serde reads it too");
    assert_eq!(typed.data[0].status_message.as_deref(), Some(""));
    assert_eq!(typed.data[0].identifier, Some(serde_json::json!("id_1234")));
}

#[test]
fn a_resource_read_back_into_an_input_is_refused_for_its_read_only_members() {
    // `updateWorkspace(id, { ...workspace, name })`, `updateSegment(8, id, { ...segment, name })`
    // and the like sent the read's `id` and timestamps: they are refused by name before
    // anything is sent, as a source's are.
    let cases: Vec<(&str, Vec<ArgValue>)> = vec![
        (
            "updateWorkspace",
            vec![id(1003), json(r#"{"id": 1003, "name": "W"}"#)],
        ),
        (
            "createWorkspace",
            vec![json(
                r#"{"name": "W", "created_at": "2024-07-26T13:20:00.000Z"}"#,
            )],
        ),
        (
            "updateSegment",
            vec![
                id(8),
                id(302),
                json(r#"{"name": "z", "updated_at": "2025-09-14T00:00:00.000Z"}"#),
            ],
        ),
        (
            "createSegment",
            vec![id(8), json(r#"{"id": 302, "name": "z"}"#)],
        ),
        (
            "updateModel",
            vec![id(3), id(12), json(r#"{"id": 12, "name": "m"}"#)],
        ),
        (
            "updateDataset",
            vec![id(401), json(r#"{"id": 401, "description": "d"}"#)],
        ),
        (
            "createDataset",
            vec![json(
                r#"{"id": 401, "name": "n", "type": "sql", "source_id": 8, "query": "select 1"}"#,
            )],
        ),
        (
            "updateTopic",
            vec![id(75), id(503), json(r#"{"id": 503, "description": "d"}"#)],
        ),
        (
            "createWebhook",
            vec![json(
                r#"{"id": 701, "endpoint": "https://x.test/h", "events": ["sync.failed"]}"#,
            )],
        ),
    ];
    for (method, values) in cases {
        let err = call(method, values).request().expect_err(method);
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{method}");
        let field = err.field.clone().unwrap_or_default();
        assert!(
            ["id", "created_at", "updated_at"].contains(&field.as_str()),
            "{method}: {err:?}"
        );
        assert!(
            err.message
                .starts_with(&format!("{field}: read-only: Census sets it")),
            "{method}: {}",
            err.message
        );
    }
    // Other members only reads carry, which no create or update of the resource takes
    // (`{ ...model, name }` carried `compiled_query`, `columns` and the rest): refused by name
    // as read-only too, whether creating or updating.
    let model = |input: &str| vec![id(3), json(input)];
    let model_update = |input: &str| vec![id(3), id(12), json(input)];
    /// A method's arguments around its input's JSON text.
    type ArgsAround = Box<dyn Fn(&str) -> Vec<ArgValue>>;
    let readonly: Vec<(&str, &str, ArgsAround, &str)> = vec![
        (
            "createModel",
            r#""name": "m", "query": "q""#,
            Box::new(model),
            "type",
        ),
        (
            "updateModel",
            r#""name": "m""#,
            Box::new(model_update),
            "compiled_query",
        ),
        (
            "updateModel",
            r#""name": "m""#,
            Box::new(model_update),
            "columns",
        ),
        (
            "updateModel",
            r#""name": "m""#,
            Box::new(model_update),
            "source_object_id",
        ),
        (
            "updateModel",
            r#""name": "m""#,
            Box::new(model_update),
            "dataset_id=",
        ),
        (
            "updateModel",
            r#""name": "m""#,
            Box::new(model_update),
            "type",
        ),
        (
            "createDataset",
            r#""name": "n", "type": "sql", "source_id": 8, "query": "q""#,
            Box::new(|input: &str| vec![json(input)]),
            "status",
        ),
        (
            "updateDataset",
            r#""name": "n""#,
            Box::new(|input: &str| vec![id(401), json(input)]),
            "status",
        ),
        (
            "createSegment",
            r#""name": "z""#,
            Box::new(|input: &str| vec![id(8), json(input)]),
            "source_id",
        ),
        (
            "updateSegment",
            r#""name": "z""#,
            Box::new(|input: &str| vec![id(8), id(302), json(input)]),
            "source_id",
        ),
        (
            "createTopic",
            r#""name": "t""#,
            Box::new(|input: &str| vec![id(75), json(input)]),
            "source_id",
        ),
        (
            "updateTopic",
            r#""name": "t""#,
            Box::new(|input: &str| vec![id(75), id(503), json(input)]),
            "source_id",
        ),
        (
            "createWebhook",
            r#""endpoint": "https://x.test/h", "events": ["sync.failed"]"#,
            Box::new(|input: &str| vec![json(input)]),
            "secret",
        ),
        (
            "createWorkspace",
            r#""name": "W""#,
            Box::new(|input: &str| vec![json(input)]),
            "organization_id",
        ),
        (
            "createWorkspace",
            r#""name": "W""#,
            Box::new(|input: &str| vec![json(input)]),
            "api_key",
        ),
        (
            "updateWorkspace",
            r#""name": "W""#,
            Box::new(|input: &str| vec![id(1003), json(input)]),
            "organization_id",
        ),
        (
            "updateWorkspace",
            r#""name": "W""#,
            Box::new(|input: &str| vec![id(1003), json(input)]),
            "api_key",
        ),
    ];
    for (method, members, args, field) in &readonly {
        let err = call(method, args(&format!(r#"{{{members}, "{field}": 1}}"#)))
            .request()
            .expect_err(field);
        assert_eq!(err.field.as_deref(), Some(*field), "{method}: {err:?}");
        assert!(
            err.message
                .starts_with(&format!("{field}: read-only: Census sets it")),
            "{method}: {}",
            err.message
        );
        // Null is as good as absent.
        call(method, args(&format!(r#"{{{members}, "{field}": null}}"#)))
            .request()
            .unwrap_or_else(|err| panic!("{method} {field}: null: {err:?}"));
    }
    // What the documents say an input takes is still sent: an entity-resolution dataset's
    // `mode`.
    call(
        "updateDataset",
        vec![id(401), json(r#"{"mode": "standard"}"#)],
    )
    .request()
    .expect("mode is an input");
    // An object creation request's members depend on the destination: still sent as given.
    call(
        "createDestinationObject",
        vec![
            id(18),
            json(r#"{"id": 1, "object_type": "file", "name": "a.csv"}"#),
        ],
    )
    .request()
    .expect("sent as given");
}
