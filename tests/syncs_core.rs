//! Destinations, syncs and sync runs in the core, natively: the requests their descriptions
//! build (paths, percent-encoded object names, query flags), the checks of a sync's input,
//! the create rule for syncs and destinations, and the wait for a sync run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

use census_wasm::core::api::{self, ArgValue, Call};
use census_wasm::core::error::{ClientError, ErrorKind};
use census_wasm::core::input::InValue;
use census_wasm::core::operation::{Machine, Operation, Output, Step, TypeCheck, run_with};
use census_wasm::core::poll::wait_machine;
use census_wasm::core::raw_object::RawObject;
use census_wasm::core::refresh::WaitPlan;
use census_wasm::core::request::HttpRequest;
use census_wasm::core::response::RawResponse;

type Reply = Result<(RawResponse<'static>, bool), ClientError>;

fn ok(body: &'static str) -> Reply {
    Ok((RawResponse::json(200, body), false))
}

/// The call of method `name` with `values` and its flags set as given (by key).
fn call(name: &str, values: Vec<ArgValue>, flags: &[(&str, bool)]) -> Call {
    let op = api::op(name).expect(name);
    let mut call = Call::new(op.endpoint, op.args, values);
    call.flags = op.flags;
    call.flag_values = op
        .flags
        .iter()
        .map(|flag| {
            flags
                .iter()
                .find(|(key, _)| *key == flag.key)
                .map(|(_, value)| *value)
        })
        .collect();
    call
}

fn json(text: &str) -> ArgValue {
    ArgValue::Json(RawObject::parse("input", text).expect("an object"))
}

/// Runs `machine` against answers in order; the requests as `METHOD path?query`.
fn run(
    machine: &mut dyn Machine,
    answers: Vec<Reply>,
) -> (Vec<String>, Result<Output, ClientError>) {
    let mut answers = answers.into_iter();
    let (sent, result) = run_with(machine, |_, _, _| {
        answers
            .next()
            .expect("the machine sent more requests than the test answers")
    });
    (sent.iter().map(shown).collect(), result)
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

// ---- requests --------------------------------------------------------------------------------

#[test]
fn every_new_read_builds_its_documented_request() {
    let id = |n| ArgValue::Id(n);
    for (name, values, expected) in [
        ("listDestinations", vec![], "GET /destinations"),
        ("getDestination", vec![id(15)], "GET /destinations/15"),
        ("deleteDestination", vec![id(15)], "DELETE /destinations/15"),
        (
            "listDestinationObjects",
            vec![id(15)],
            "GET /destinations/15/objects",
        ),
        (
            "refreshDestinationObjects",
            vec![id(15)],
            "POST /destinations/15/refresh_objects",
        ),
        (
            "refreshDestinationObjectsStatus",
            vec![id(15), id(99)],
            "GET /destinations/15/refresh_objects_status?refresh_key=99",
        ),
        ("listConnectors", vec![], "GET /connectors"),
        (
            "getConnector",
            vec![ArgValue::Name("google_sheets".into())],
            "GET /connectors/google_sheets",
        ),
        ("listSyncs", vec![], "GET /syncs"),
        ("getSync", vec![id(61)], "GET /syncs/61"),
        ("deleteSync", vec![id(61)], "DELETE /syncs/61"),
        ("triggerSync", vec![id(61)], "POST /syncs/61/trigger"),
        ("listSyncRuns", vec![id(61)], "GET /syncs/61/sync_runs"),
        ("getSyncRun", vec![id(94)], "GET /sync_runs/94"),
    ] {
        let request = call(name, values, &[]).request().expect(name);
        assert_eq!(shown(&request), expected, "{name}");
        assert_eq!(request.body, None, "{name}");
    }
}

#[test]
fn an_object_full_name_is_one_percent_encoded_segment() {
    for (name, segment) in [
        ("user", "user"),
        (
            "user_identifier.hashed_email_PREHASHED",
            "user_identifier.hashed_email_PREHASHED",
        ),
        ("custom_field:Users", "custom_field%3AUsers"),
        ("exports/2024/users.csv", "exports%2F2024%2Fusers.csv"),
        ("Sheet 1", "Sheet%201"),
        (
            "données/été 50%?#1.csv",
            "donn%C3%A9es%2F%C3%A9t%C3%A9%2050%25%3F%231.csv",
        ),
    ] {
        let request = call(
            "getDestinationObject",
            vec![ArgValue::Id(15), ArgValue::Name(name.into())],
            &[],
        )
        .request()
        .expect(name);
        assert_eq!(request.path, format!("/destinations/15/objects/{segment}"));
        assert!(request.subject.contains(name), "{}", request.subject);
    }
    for (name, problem) in [
        ("", "must not be empty"),
        (".", "path segment"),
        ("..", "path segment"),
    ] {
        let err = call(
            "getDestinationObject",
            vec![ArgValue::Id(15), ArgValue::Name(name.into())],
            &[],
        )
        .request()
        .expect_err(name);
        assert_eq!(err.field.as_deref(), Some("objectFullName"));
        assert!(err.message.contains(problem), "{}", err.message);
    }
}

#[test]
fn force_full_sync_goes_in_the_query_only() {
    for (flag, query) in [
        (true, "force_full_sync=true"),
        (false, "force_full_sync=false"),
    ] {
        let request = call(
            "triggerSync",
            vec![ArgValue::Id(61)],
            &[("forceFullSync", flag)],
        )
        .request()
        .expect("trigger");
        assert_eq!(shown(&request), format!("POST /syncs/61/trigger?{query}"));
        assert_eq!(request.body, None);
    }
}

#[test]
fn a_destination_input_is_wrapped_in_service_connection() {
    let op = api::op("createDestination").expect("op");
    let api::ArgKind::Input(input) = op.args[0].kind else {
        panic!("an object input")
    };
    let mut values = vec![None; input.fields.len()];
    values[input.index("type").unwrap()] = Some(InValue::Str("braze".into()));
    values[input.index("credentials").unwrap()] = Some(InValue::Object(
        RawObject::parse("credentials", r#"{"api_key":"k"}"#).unwrap(),
    ));
    let request = call(
        "createDestination",
        vec![ArgValue::Input(values.clone())],
        &[],
    )
    .request()
    .expect("valid");
    assert_eq!(
        request.body.as_deref(),
        Some(r#"{"service_connection":{"type":"braze","credentials":{"api_key":"k"}}}"#)
    );
    let mut blank = values.clone();
    blank[input.index("name").unwrap()] = Some(InValue::Str(" ".into()));
    let err = call("createDestination", vec![ArgValue::Input(blank)], &[])
        .request()
        .expect_err("a blank name");
    assert_eq!(err.field.as_deref(), Some("name"));
    assert!(err.message.contains("must not be empty"), "{}", err.message);
    values[input.index("credentials").unwrap()] = None;
    let err = call("createDestination", vec![ArgValue::Input(values)], &[])
        .request()
        .expect_err("no credentials");
    assert_eq!(err.field.as_deref(), Some("credentials"));
}

#[test]
fn a_destination_update_cannot_change_its_type() {
    let op = api::op("updateDestination").expect("op");
    let api::ArgKind::Input(input) = op.args[1].kind else {
        panic!("an object input")
    };
    let mut values = vec![None; input.fields.len()];
    values[input.index("type").unwrap()] = Some(InValue::Str("braze".into()));
    let err = call(
        "updateDestination",
        vec![ArgValue::Id(15), ArgValue::Input(values)],
        &[],
    )
    .request()
    .expect_err("type is create-only");
    assert_eq!(err.field.as_deref(), Some("type"));
    // The wording is the destination's too: it once said "when a source is created".
    assert!(!err.message.contains("source"), "{}", err.message);
    assert!(
        err.message.contains("only be set when it is created"),
        "{}",
        err.message
    );
}

// ---- the sync input ----------------------------------------------------------------------------

const SYNC: &str = r#"{"label": "TEST 1", "operation": "mirror",
  "source_attributes": {"connection_id": 12, "data_source": {"type": "model", "name": "test_ads"}},
  "destination_attributes": {"connection_id": 15, "object": "user_data"},
  "mappings": [
    {"from": "hashed_email", "to": "user_identifier.hashed_email_PREHASHED", "is_primary_identifier": true},
    {"from": "list_id", "to": "list_id", "lookup_object": "user_list", "lookup_field": "name"},
    {"from": {"value": "cohort_1", "type": "text"}, "to": "cohort"},
    {"from": {"type": "constant_value", "data": 5}, "to": "tier"}],
  "schedule_frequency": "daily", "schedule_hour": 6, "schedule_minute": 30,
  "alert_attributes": [{"type": "FailureAlertConfiguration"}]}"#;

fn create_sync(input: &str, flags: &[(&str, bool)]) -> Result<HttpRequest, ClientError> {
    call("createSync", vec![json(input)], flags).request()
}

/// `SYNC` with `from` replaced by `to`.
fn edited(from: &str, to: &str) -> String {
    assert!(SYNC.contains(from), "{from}");
    SYNC.replacen(from, to, 1)
}

#[test]
fn a_valid_sync_is_sent_as_given_unknown_members_included() {
    let request = create_sync(SYNC, &[]).expect("003's example, with today's from form");
    assert_eq!(shown(&request), "POST /syncs");
    assert_eq!(request.body.as_deref(), Some(SYNC));
    let validate = create_sync(SYNC, &[("validateOnly", true)]).expect("valid");
    let body = validate.body.expect("body");
    assert!(body.ends_with(r#"}],"validate_only":true}"#), "{body}");
    let parsed: serde_json::Value = serde_json::from_str(&body).expect("still JSON");
    assert_eq!(parsed["validate_only"], serde_json::json!(true));
    assert_eq!(
        parsed["alert_attributes"][0]["type"],
        "FailureAlertConfiguration"
    );
}

#[test]
fn what_a_sync_reads_is_given_as_data_source_or_as_todays_object() {
    // Today's form, as the current reference and Census's Terraform provider send it.
    for object in [
        r#"{"type": "model", "id": 15}"#,
        r#"{"type": "dataset", "id": "7"}"#,
        r#"{"type": "table", "table_name": "users", "table_schema": "public"}"#,
        r#"{"type": "table", "id": 3}"#,
    ] {
        let input = edited(
            r#""data_source": {"type": "model", "name": "test_ads"}"#,
            &format!(r#""object": {object}"#),
        );
        let request = create_sync(&input, &[]).expect(object);
        assert_eq!(request.body.as_deref(), Some(input.as_str()));
    }
    for (object, field, says) in [
        (
            r#""object": {"id": 15}"#,
            "source_attributes.object.type",
            "required",
        ),
        (
            r#""object": {"type": " ", "id": 15}"#,
            "source_attributes.object.type",
            "must not be empty",
        ),
        (
            r#""object": {"type": "table", "table_schema": "public"}"#,
            "source_attributes.object.table_name",
            "required",
        ),
        (
            r#""data_source": {"id": 15}, "object": {"type": "model", "id": 15}"#,
            "source_attributes.object",
            "not both",
        ),
        // Today's object names what it reads by id, or a table by its names: a model (or any
        // other type) without an id named nothing and was sent (found by an audit of the
        // declarations, whose SyncSourceObjectInput requires the id).
        (
            r#""object": {"type": "model"}"#,
            "source_attributes.object.id",
            "required unless type is \"table\"",
        ),
        (
            r#""object": {"type": "model", "id": null}"#,
            "source_attributes.object.id",
            "required unless type is \"table\"",
        ),
        (
            r#""object": {"type": "segment", "name": "Churn risk"}"#,
            "source_attributes.object.id",
            "required unless type is \"table\"",
        ),
        (
            r#""neither": {}"#,
            "source_attributes.data_source",
            "data_source ({ id } or { type, name }) or as object",
        ),
    ] {
        let input = edited(
            r#""data_source": {"type": "model", "name": "test_ads"}"#,
            object,
        );
        let err = create_sync(&input, &[]).expect_err(object);
        assert_eq!(
            err.field.as_deref(),
            Some(field),
            "{object}: {}",
            err.message
        );
        assert!(err.message.contains(says), "{object}: {}", err.message);
    }
}

#[test]
fn each_rule_of_the_sync_input_names_its_member() {
    for (input, field, says) in [
        (
            edited(r#""mirror""#, r#""merge""#),
            "operation",
            "\"upsert\"",
        ),
        (
            edited(r#""operation": "mirror","#, ""),
            "operation",
            "required",
        ),
        (
            edited(r#""connection_id": 12"#, r#""connection_id": "12""#),
            "source_attributes.connection_id",
            "expected",
        ),
        (
            edited(r#""connection_id": 12"#, r#""connection_id": 0"#),
            "source_attributes.connection_id",
            "positive",
        ),
        (
            edited(r#""name": "test_ads""#, r#""nom": "test_ads""#),
            "source_attributes.data_source.name",
            "required",
        ),
        (
            edited(r#""type": "model""#, r#""type": "view""#),
            "source_attributes.data_source.type",
            "\"table\"",
        ),
        (
            edited(r#""object": "user_data""#, r#""object": " ""#),
            "destination_attributes.object",
            "empty",
        ),
        (
            edited(r#""to": "list_id""#, r#""to": """#),
            "mappings[1].to",
            "empty",
        ),
        (
            edited(r#""from": "list_id""#, r#""from": 7"#),
            "mappings[1].from",
            "column name",
        ),
        (
            edited(r#""from": "list_id""#, r#""from": null"#),
            "mappings[1].from",
            "required",
        ),
        (
            edited(r#""type": "text""#, r#""type": "string""#),
            "mappings[2].from.type",
            "\"datetime\"",
        ),
        (
            edited(r#""type": "constant_value""#, r#""kind": "constant_value""#),
            "mappings[3].from.type",
            "required",
        ),
        (
            edited(
                r#""lookup_field": "name""#,
                r#""lookup_field": "name", "is_primary_identifier": true"#,
            ),
            "mappings[1].is_primary_identifier",
            "mappings[0]",
        ),
        (
            edited(r#", "is_primary_identifier": true"#, ""),
            "mappings",
            "exactly one",
        ),
        (
            edited(r#""schedule_hour": 6"#, r#""schedule_hour": 25"#),
            "schedule_hour",
            "0 to 24",
        ),
        (
            edited(r#""schedule_minute": 30"#, r#""schedule_minute": 60"#),
            "schedule_minute",
            "0 to 59",
        ),
        (
            edited(
                r#""schedule_hour": 6"#,
                r#""schedule_day": 1, "schedule_hour": 6"#,
            ),
            "schedule_day",
            "expected a string",
        ),
        (
            edited(
                r#""schedule_hour": 6"#,
                r#""schedule_day": "monday", "schedule_hour": 6"#,
            ),
            "schedule_day",
            "\"Monday\"",
        ),
        (
            edited(r#""daily""#, r#""fortnightly""#),
            "schedule_frequency",
            "\"weekly\"",
        ),
        (
            edited(r#""daily""#, r#""expression""#),
            "cron_expression",
            "required",
        ),
        (
            edited(
                r#""schedule_frequency": "daily","#,
                r#""cron_expression": "0 6 * *","#,
            ),
            "cron_expression",
            "5 fields",
        ),
        (
            edited(
                r#""schedule_frequency": "daily","#,
                r#""cron_expression": "0 6 * * $","#,
            ),
            "cron_expression",
            "cron field",
        ),
        (
            edited(
                r#""schedule_frequency": "daily","#,
                r#""mode": {"type": "live"},"#,
            ),
            "mode",
            "not both",
        ),
        (
            edited(r#""mappings": ["#, r#""mappings": [], "x": ["#),
            "mappings",
            "must not be empty",
        ),
    ] {
        let err = create_sync(&input, &[]).expect_err(field);
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{field}");
        assert_eq!(err.field.as_deref(), Some(field), "{}", err.message);
        assert!(err.message.contains(says), "{field}: {}", err.message);
    }
}

#[test]
fn the_schedule_in_mode_form_and_a_cron_expression_are_taken() {
    let mode = edited(
        r#""schedule_frequency": "daily", "schedule_hour": 6, "schedule_minute": 30,"#,
        r#""mode": {"type": "triggered", "triggers": {"dbt_cloud": {"project_id": 1, "job_id": 2}}},"#,
    );
    create_sync(&mode, &[]).expect("mode form");
    let bad_mode = mode.replace(r#""type": "triggered""#, r#""type": "sometimes""#);
    assert_eq!(
        create_sync(&bad_mode, &[]).unwrap_err().field.as_deref(),
        Some("mode.type")
    );
    let cron = edited(
        r#""schedule_frequency": "daily", "schedule_hour": 6, "schedule_minute": 30,"#,
        r#""schedule_frequency": "expression", "cron_expression": "*/15 6-18 * * MON-FRI","#,
    );
    create_sync(&cron, &[]).expect("cron");
    let by_id = edited(r#"{"type": "model", "name": "test_ads"}"#, r#"{"id": 15}"#);
    create_sync(&by_id, &[]).expect("data source by id");
    let table = edited(
        r#"{"type": "model", "name": "test_ads"}"#,
        r#"{"type": "table", "table_name": "users", "table_schema": "public"}"#,
    );
    create_sync(&table, &[]).expect("table by name");
}

#[test]
fn each_trigger_is_a_documented_one_with_the_ids_it_needs() {
    let with = |triggers: &str| {
        edited(
            r#""schedule_frequency": "daily", "schedule_hour": 6, "schedule_minute": 30,"#,
            &format!(r#""mode": {{"type": "triggered", "triggers": {triggers}}},"#),
        )
    };
    for triggers in [
        r#"{"fivetran": {"job_id": "abc", "job_name": "nightly"}, "sync_sequence": {"sync_id": 60}}"#,
        r#"{"schedule": {"frequency": "daily"}, "dbt_cloud": null}"#,
        r#"{"dbt_cloud": {"project_id": "p1", "job_id": 2}}"#,
    ] {
        create_sync(&with(triggers), &[]).unwrap_or_else(|err| panic!("{triggers}: {err:?}"));
    }
    for (triggers, field, says) in [
        (
            r#"{"airflow": {}}"#,
            "mode.triggers.airflow",
            "not a trigger",
        ),
        (r#"[]"#, "mode.triggers", "an object"),
        (
            r#"{"fivetran": "nightly"}"#,
            "mode.triggers.fivetran",
            "an object",
        ),
        (
            r#"{"dbt_cloud": {"project_id": 1}}"#,
            "mode.triggers.dbt_cloud.job_id",
            "required",
        ),
        (
            r#"{"fivetran": {}}"#,
            "mode.triggers.fivetran.job_id",
            "required",
        ),
        (
            r#"{"sync_sequence": {}}"#,
            "mode.triggers.sync_sequence.sync_id",
            "required",
        ),
        (
            r#"{"sync_sequence": {"sync_id": "60"}}"#,
            "mode.triggers.sync_sequence.sync_id",
            "positive integer",
        ),
    ] {
        let err = create_sync(&with(triggers), &[]).expect_err(triggers);
        assert_eq!(
            err.field.as_deref(),
            Some(field),
            "{triggers}: {}",
            err.message
        );
        assert!(err.message.contains(says), "{triggers}: {}", err.message);
    }
}

#[test]
fn a_destination_without_a_primary_identifier_is_an_explicit_opt_out() {
    let none = edited(r#", "is_primary_identifier": true"#, "");
    assert!(create_sync(&none, &[]).is_err());
    create_sync(&none, &[("requirePrimaryIdentifier", false)]).expect("opted out");
    create_sync(SYNC, &[("requirePrimaryIdentifier", false)]).expect("one is still fine");
}

#[test]
fn a_sync_patch_checks_what_it_gives_and_needs_something() {
    let update =
        |input: &str| call("updateSync", vec![ArgValue::Id(61), json(input)], &[]).request();
    let request = update(r#"{"paused": true}"#).expect("patch");
    assert_eq!(shown(&request), "PATCH /syncs/61");
    assert_eq!(request.body.as_deref(), Some(r#"{"paused": true}"#));
    let err = update("{}").expect_err("empty");
    assert!(err.message.contains("nothing to update"), "{}", err.message);
    let err = update(r#"{"operation": "merge"}"#).expect_err("bad operation");
    assert_eq!(err.field.as_deref(), Some("operation"));
    let err =
        update(r#"{"destination_attributes": {"object": "user"}}"#).expect_err("partial nested");
    assert_eq!(
        err.field.as_deref(),
        Some("destination_attributes.connection_id")
    );
    assert!(err.message.contains("required"));
    update(r#"{"schedule_frequency": "expression"}"#).expect("the sync may already have a cron");
    // A patch may name its automatic mappings: the sync may already map every property.
    update(r#"{"field_normalization": "snake_case"}"#).expect("the sync's own field_behavior");
    // Given together, they make the sync's behaviour, which the API checks as a create's.
    let err =
        update(r#"{"field_behavior": "specific_properties", "field_normalization": "snake_case"}"#)
            .expect_err("a normalization of no automatic mappings");
    assert_eq!(err.field.as_deref(), Some("field_behavior"));
    assert!(
        err.message.contains("when field_normalization is given"),
        "{}",
        err.message
    );
    update(r#"{"field_behavior": "sync_all_properties", "field_normalization": "snake_case"}"#)
        .expect("both, agreeing");
    let err = update(r#"{"field_behavior": "all"}"#).expect_err("not a behaviour");
    assert_eq!(err.field.as_deref(), Some("field_behavior"));
}

#[test]
fn automatic_mappings_are_named_only_when_there_are_any() {
    let with = |members: &str| {
        edited(
            r#""operation": "mirror","#,
            &format!(r#""operation": "mirror", {members},"#),
        )
    };
    create_sync(
        &with(r#""field_behavior": "sync_all_properties", "field_normalization": "snake_case""#),
        &[],
    )
    .expect("003: a normalization with sync_all_properties");
    create_sync(&with(r#""field_behavior": "specific_properties""#), &[]).expect("specific");
    for (members, says) in [
        (r#""field_behavior": "all""#, "\"sync_all_properties\""),
        (
            r#""field_normalization": "snake_case""#,
            "required when field_normalization is given",
        ),
        (
            r#""field_behavior": "specific_properties", "field_normalization": "snake_case""#,
            "when field_normalization is given",
        ),
    ] {
        let err = create_sync(&with(members), &[]).expect_err(members);
        assert_eq!(err.field.as_deref(), Some("field_behavior"), "{members}");
        assert!(err.message.contains(says), "{members}: {}", err.message);
    }
}

// ---- create rule -------------------------------------------------------------------------------

fn create_op(name: &str, input: ArgValue, flags: &[(&str, bool)], read_back: bool) -> Operation {
    Operation::create(call(name, vec![input], flags), TypeCheck::Skip, read_back)
}

const SYNC_ANSWER: &str = r#"{"status":"success","data":{"id":4545,"operation":"mirror","label":"TEST 1",
  "mappings":[{"from":{"value":"cohort_1","basic_type":"text"},"to":"cohort"}]}}"#;

#[test]
fn a_sync_reads_back_the_members_a_create_may_set() {
    use census_wasm::core::checked;
    let request = call("getSync", vec![ArgValue::Id(4545)], &[])
        .request()
        .expect("request");
    let answer = r#"{"status":"success","data":{"id":4545,"operation":"mirror",
      "alert_attributes":[{"type":"FailureAlertConfiguration","send_for":"first_time","should_send_recovery":true}],
      "high_water_mark_attributes":{"column":"updated_at"},"mirror_strategy":"sync_updates_and_deletes",
      "field_order":"mapping_order"}}"#;
    checked::check_data(&request, &RawResponse::json(200, answer), &checked::SYNC).expect("typed");
    for (wrong, path) in [
        (r#""alert_attributes":[1]"#, "data.alert_attributes[0]"),
        (
            r#""high_water_mark_attributes":"x""#,
            "data.high_water_mark_attributes",
        ),
        (r#""mirror_strategy":5"#, "data.mirror_strategy"),
        (r#""field_order":{}"#, "data.field_order"),
    ] {
        let body =
            format!(r#"{{"status":"success","data":{{"id":4545,"operation":"mirror",{wrong}}}}}"#);
        let err = checked::check_data(&request, &RawResponse::json(200, &body), &checked::SYNC)
            .expect_err(wrong);
        assert_eq!(err.kind, ErrorKind::UnexpectedResponse, "{wrong}");
        assert!(err.message.contains(path), "{wrong}: {}", err.message);
    }
}

#[test]
fn a_created_sync_is_read_back_by_its_sync_id() {
    let mut op = create_op("createSync", json(SYNC), &[], true);
    let (sent, result) = run(
        &mut op,
        vec![
            Ok((
                RawResponse::json(201, r#"{"status":"created","data":{"sync_id":4545}}"#),
                false,
            )),
            ok(SYNC_ANSWER),
        ],
    );
    assert_eq!(sent, ["POST /syncs", "GET /syncs/4545"]);
    assert_eq!(result.expect("the sync"), Output::Data);

    let mut op = create_op("createSync", json(SYNC), &[], false);
    let (sent, result) = run(
        &mut op,
        vec![ok(r#"{"status":"created","data":{"sync_id":4545}}"#)],
    );
    assert_eq!(sent, ["POST /syncs"]);
    assert_eq!(result.expect("the id"), Output::Data);
}

#[test]
fn a_sync_whose_read_back_fails_is_still_reported_created() {
    let mut op = create_op("createSync", json(SYNC), &[], true);
    let (_, result) = run(
        &mut op,
        vec![
            ok(r#"{"status":"created","data":{"sync_id":4545}}"#),
            Ok((
                RawResponse::json(500, r#"{"status":"error","message":"boom"}"#),
                false,
            )),
        ],
    );
    let err = result.expect_err("read-back failed");
    assert_eq!(err.kind, ErrorKind::ReadBack);
    assert_eq!(err.created.as_ref().and_then(|c| c.id), Some(4545));
    assert!(
        err.message.starts_with("sync 4545 was created"),
        "{}",
        err.message
    );
}

#[test]
fn validate_only_creates_nothing_and_resolves_to_nothing() {
    let mut op = create_op("createSync", json(SYNC), &[("validateOnly", true)], true);
    let (sent, result) = run(&mut op, vec![ok(r#"{"status":"success"}"#)]);
    assert_eq!(sent, ["POST /syncs"]);
    assert_eq!(result.expect("valid"), Output::Nothing);
}

#[test]
fn a_destination_created_as_an_id_is_read_back() {
    let op = api::op("createDestination").expect("op");
    let api::ArgKind::Input(input) = op.args[0].kind else {
        panic!("an object input")
    };
    let mut values = vec![None; input.fields.len()];
    values[input.index("type").unwrap()] = Some(InValue::Str("braze".into()));
    values[input.index("credentials").unwrap()] = Some(InValue::Object(
        RawObject::parse("credentials", "{}").unwrap(),
    ));
    let mut create = create_op(
        "createDestination",
        ArgValue::Input(values.clone()),
        &[],
        true,
    );
    let (sent, result) = run(
        &mut create,
        vec![
            ok(r#"{"status":"created","data":{"id":20}}"#),
            ok(r#"{"status":"success","data":{"id":20,"name":"Braze","objects":[]}}"#),
        ],
    );
    assert_eq!(sent, ["POST /destinations", "GET /destinations/20"]);
    assert_eq!(result.expect("read back"), Output::Data);
    let mut whole = create_op("createDestination", ArgValue::Input(values), &[], true);
    let (sent, _) = run(
        &mut whole,
        vec![ok(
            r#"{"status":"created","data":{"id":20,"name":"Braze"}}"#,
        )],
    );
    assert_eq!(sent, ["POST /destinations"]);
}

// ---- answers -----------------------------------------------------------------------------------

#[test]
fn the_invalid_json_of_003s_sync_run_example_is_refused_not_guessed() {
    let body = r#"{"status": "success", "data": {"id": 94, "sync_id": 52, "status": "completed", "canceled": false, "full_sync": true,.
        "sync_trigger_reason": {"ui_tag": "Manual"}}}"#;
    let mut op = Operation::new(call("getSyncRun", vec![ArgValue::Id(94)], &[]));
    let (_, result) = run(&mut op, vec![ok(body)]);
    let err = result.expect_err("not JSON");
    assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
    assert_eq!(err.kind.class(), "CensusResponseError");
}

#[test]
fn an_object_read_one_by_one_must_have_its_fields() {
    let mut op = Operation::new(call(
        "getDestinationObject",
        vec![ArgValue::Id(15), ArgValue::Name("user".into())],
        &[],
    ));
    let (_, result) = run(
        &mut op,
        vec![ok(
            r#"{"status":"success","data":{"full_name":"user","label":"User"}}"#,
        )],
    );
    assert_eq!(
        result.expect_err("no fields").field.as_deref(),
        Some("data.fields")
    );
}

// ---- the sync-run wait -------------------------------------------------------------------------

fn plan() -> WaitPlan {
    WaitPlan::from_options(Some(100.0), Some(400.0), Some(5_000.0)).expect("plan")
}

fn run_answer(status: &str, processed: &str) -> String {
    format!(
        r#"{{"status":"success","data":{{"id":777,"sync_id":61,"status":"{status}","records_processed":{processed},"records_updated":{processed},"records_failed":0,"error_code":{code},"error_message":{message}}}}}"#,
        code = if status == "failed" {
            r#""JSON_ARRAY_ERROR""#
        } else {
            "null"
        },
        message = if status == "failed" {
            r#""bad array""#
        } else {
            "null"
        },
    )
}

/// Drives a wait with the answers given; returns the requests, the reports and the end.
fn drive(
    machine: &mut dyn Machine,
    answers: Vec<String>,
) -> (
    Vec<String>,
    Vec<serde_json::Value>,
    Result<Output, ClientError>,
) {
    let mut answers = answers.into_iter();
    let mut reports = Vec::new();
    let mut sent = Vec::new();
    let mut now = 0;
    let mut step = machine.start(now);
    loop {
        if let Some(report) = machine.take_report() {
            reports.push(serde_json::from_str(&report).expect("a report is JSON"));
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
                let body: &'static str =
                    Box::leak(answers.next().expect("an answer").into_boxed_str());
                machine.answered(&census_wasm::core::operation::Answer {
                    request: &request,
                    response: RawResponse::json(200, body),
                    retry_after: None,
                    long_wait: None,
                    maybe_acted: false,
                    now_ms: now,
                })
            }
        };
    }
}

fn trigger_and_wait(flags: &[(&str, bool)]) -> Box<dyn Machine> {
    let op = api::op("triggerSyncAndWait").expect("op");
    let api::Mode::Wait { poll, resume } = op.mode else {
        panic!("a wait")
    };
    wait_machine(
        poll,
        call(op.name, vec![ArgValue::Id(61)], flags),
        resume,
        plan(),
    )
}

const TRIGGERED: &str = r#"{"status":"success","data":{"sync_run_id":777}}"#;

#[test]
fn trigger_and_wait_polls_the_run_until_it_completes_reporting_counts() {
    let mut wait = trigger_and_wait(&[("forceFullSync", true)]);
    let (sent, reports, result) = drive(
        wait.as_mut(),
        vec![
            TRIGGERED.into(),
            run_answer("queued", "null"),
            run_answer("working", "40"),
            run_answer("completed", "100"),
        ],
    );
    assert_eq!(
        sent,
        [
            "POST /syncs/61/trigger?force_full_sync=true",
            "GET /sync_runs/777",
            "GET /sync_runs/777",
            "GET /sync_runs/777",
        ]
    );
    assert_eq!(result.expect("completed"), Output::Data);
    let statuses: Vec<&str> = reports
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    // The trigger's answer is reported at once (the run id, before any check), then each check.
    assert_eq!(statuses, ["queued", "queued", "working", "completed"]);
    assert_eq!(reports[0]["attempts"], 0);
    assert_eq!(reports[0]["sync_run_id"], 777);
    assert_eq!(reports[1]["records_processed"], serde_json::Value::Null);
    assert_eq!(reports[2]["records_processed"], 40);
    assert_eq!(reports[3]["records_updated"], 100);
    assert_eq!(reports[3]["records_failed"], 0);
    assert_eq!(reports[3]["attempts"], 3);
    assert_eq!(reports[3]["sync_run_id"], 777);
    assert!(reports[3]["elapsedMs"].as_u64().unwrap() >= 100 + 150);
}

#[test]
fn every_final_status_ends_the_wait_and_unknown_ones_do_not() {
    for last in ["failed", "skipped", "canceled"] {
        let mut wait = trigger_and_wait(&[]);
        let (sent, reports, result) = drive(
            wait.as_mut(),
            vec![
                TRIGGERED.into(),
                run_answer("paused_by_admin", "1"),
                run_answer(last, "2"),
            ],
        );
        assert_eq!(sent.len(), 3, "{last}");
        assert_eq!(reports[0]["status"], "queued");
        assert_eq!(reports[1]["status"], "paused_by_admin");
        assert_eq!(
            result.expect(last),
            Output::Data,
            "{last}: resolves to the run"
        );
    }
}

#[test]
fn fail_on_error_rejects_a_failed_run_with_the_run() {
    let mut wait = trigger_and_wait(&[("failOnError", true)]);
    let (_, reports, result) = drive(
        wait.as_mut(),
        vec![TRIGGERED.into(), run_answer("failed", "3")],
    );
    let err = result.expect_err("failed");
    assert_eq!(err.kind, ErrorKind::SyncRunFailed);
    assert_eq!(err.kind.class(), "CensusSyncRunError");
    assert_eq!(
        err.message,
        "run 777 of sync 61 failed: JSON_ARRAY_ERROR: bad array"
    );
    let details: serde_json::Value = serde_json::from_str(&err.to_json(&|t| t.to_owned())).unwrap();
    assert_eq!(details["run"]["error_code"], "JSON_ARRAY_ERROR");
    assert_eq!(details["run"]["id"], 777);
    assert_eq!(reports.last().unwrap()["status"], "failed");
    // Skipped is not failed.
    let mut wait = trigger_and_wait(&[("failOnError", true)]);
    let (_, _, result) = drive(
        wait.as_mut(),
        vec![TRIGGERED.into(), run_answer("skipped", "0")],
    );
    assert_eq!(result.expect("skipped"), Output::Data);
}

#[test]
fn wait_for_sync_run_resumes_without_triggering() {
    let op = api::op("waitForSyncRun").expect("op");
    let api::Mode::Wait { poll, resume } = op.mode else {
        panic!("a wait")
    };
    let mut wait = wait_machine(
        poll,
        call(op.name, vec![ArgValue::Id(777)], &[]),
        resume,
        plan(),
    );
    let (sent, _, result) = drive(wait.as_mut(), vec![run_answer("completed", "5")]);
    assert_eq!(sent, ["GET /sync_runs/777"]);
    assert_eq!(result.expect("done"), Output::Data);
    assert!(
        wait.aborted().message.contains("run 777 of sync 61"),
        "the run told its sync"
    );
}

#[test]
fn a_run_still_working_at_the_deadline_times_out_with_advice() {
    let mut wait = trigger_and_wait(&[]);
    let answers = std::iter::once(TRIGGERED.to_owned())
        .chain(std::iter::repeat_with(|| run_answer("working", "1")).take(100))
        .collect();
    let (_, _, result) = drive(wait.as_mut(), answers);
    let err = result.expect_err("timed out");
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert!(
        err.message
            .starts_with("run 777 of sync 61 was still working after"),
        "{}",
        err.message
    );
    assert!(err.message.contains("getSyncRun"), "{}", err.message);
}

#[test]
fn the_object_refresh_wait_uses_its_own_endpoints() {
    let op = api::op("refreshDestinationObjectsAndWait").expect("op");
    let api::Mode::Wait { poll, resume } = op.mode else {
        panic!("a wait")
    };
    let mut wait = wait_machine(
        poll,
        call(op.name, vec![ArgValue::Id(15)], &[]),
        resume,
        plan(),
    );
    let (sent, reports, result) = drive(
        wait.as_mut(),
        vec![
            r#"{"refresh_key": 5}"#.into(),
            r#"{"status": "processing"}"#.into(),
            r#"{"status": "completed"}"#.into(),
        ],
    );
    assert_eq!(
        sent,
        [
            "POST /destinations/15/refresh_objects",
            "GET /destinations/15/refresh_objects_status?refresh_key=5",
            "GET /destinations/15/refresh_objects_status?refresh_key=5",
        ]
    );
    assert_eq!(reports[0]["state"], "processing");
    let Ok(Output::Json(outcome)) = result else {
        panic!("an outcome")
    };
    let outcome: serde_json::Value = serde_json::from_str(&outcome).unwrap();
    assert_eq!(outcome["status"], "completed");
    assert_eq!(outcome["refresh_key"], 5);
}

#[test]
fn a_sync_read_back_into_an_input_is_refused_for_its_read_only_members() {
    // `updateSync(61, { ...sync, paused: true })` and `createSync({ ...sync })` carried the
    // read's `id` and timestamps to the API: members not listed are sent as given, and these
    // were not listed. They are refused by name, as a source's are.
    let update =
        |input: &str| call("updateSync", vec![ArgValue::Id(61), json(input)], &[]).request();
    for (member, value) in [
        ("id", "61"),
        ("created_at", r#""2024-08-19T15:30:00.000Z""#),
        ("updated_at", r#""2024-08-21T15:30:00.000Z""#),
    ] {
        let err = update(&format!(r#"{{"paused": true, "{member}": {value}}}"#)).expect_err(member);
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert_eq!(err.field.as_deref(), Some(member));
        assert!(
            err.message
                .starts_with(&format!("{member}: read-only: Census sets it")),
            "{}",
            err.message
        );
        let err = create_sync(
            &edited(r#"{"label""#, &format!(r#"{{"{member}": {value}, "label""#)),
            &[],
        )
        .expect_err(member);
        assert_eq!(err.field.as_deref(), Some(member));
    }
    // A read's `status` (Census's word on the sync's health) was sent as given: no create or
    // update takes it, so it is refused by name too.
    let err = update(r#"{"paused": true, "status": "Up to date"}"#).expect_err("status");
    assert_eq!(err.field.as_deref(), Some("status"));
    assert!(
        err.message.starts_with("status: read-only: Census sets it"),
        "{}",
        err.message
    );
    let err = create_sync(
        &edited(r#"{"label""#, r#"{"status": "Ready", "label""#),
        &[],
    )
    .expect_err("status");
    assert_eq!(err.field.as_deref(), Some("status"));
    // Null is as good as absent, and members the API takes that the client does not know, and
    // a read mapping's `position`, are still sent as given.
    let input = r#"{"paused": true, "id": null, "status": null, "sync_behavior_family": "mapRecords", "mappings": [{"from": "email", "to": "email", "is_primary_identifier": true, "position": 0}]}"#;
    let request = update(input).expect("null id");
    assert_eq!(request.body.as_deref(), Some(input));
}

#[test]
fn a_constant_mapping_as_reads_show_it_is_taken_back() {
    // Reads show a constant as `{ value, basic_type }`; updateSync takes it back as it is.
    let input = r#"{"mappings": [{"from": "email", "to": "email", "is_primary_identifier": true}, {"from": {"value": "gold", "basic_type": "text"}, "to": "tier"}]}"#;
    let request = call("updateSync", vec![ArgValue::Id(61), json(input)], &[])
        .request()
        .expect("a read's mappings");
    assert_eq!(request.body.as_deref(), Some(input));
}

#[test]
fn a_mapping_read_carries_its_position() {
    // Reads give each mapping its `position` (Census orders mappings by it); the model
    // declared none, so it was neither typed nor kept in a typed read.
    let mapping: census_wasm::core::syncs::Mapping = serde_json::from_str(
        r#"{"from": "email", "to": "Email", "is_primary_identifier": true, "position": 2}"#,
    )
    .unwrap();
    assert_eq!(mapping.position, Some(2));
    let back = serde_json::to_value(&mapping).unwrap();
    assert_eq!(back["position"], 2);
}
