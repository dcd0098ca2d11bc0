//! Native tests of how a call's arguments and a client's options are read from the JSON text the
//! JS runtime writes (`encode` in src/js/census.js): every kind of argument, the options of each
//! mode, the runtime's marks for what JSON cannot hold, and every refusal naming its field.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

use census_wasm::core::api::{self, ArgKind, ArgValue, Op};
use census_wasm::core::arguments::{self, CallSettings, ClientKind, Given, Read};
use census_wasm::core::error::{ClientError, ErrorKind};
use census_wasm::core::input::InValue;
use census_wasm::core::operation::TypeCheck;
use census_wasm::core::retry::RetryPolicy;

fn op(name: &str) -> &'static Op {
    api::op(name).unwrap_or_else(|| panic!("no method {name}"))
}

fn stitch_op(name: &str) -> &'static Op {
    api::stitch::STITCH_OPS
        .iter()
        .find(|op| op.name == name)
        .unwrap_or_else(|| panic!("no Stitch method {name}"))
}

fn read(name: &str, text: &str) -> Read {
    arguments::read(op(name), text, &CallSettings::default())
        .unwrap_or_else(|err| panic!("{name}({text}) refused: {err:?}"))
}

/// The refusal of `name(text)`: its field and message.
fn refused(name: &str, text: &str) -> (String, String) {
    let err = arguments::read(op(name), text, &CallSettings::default())
        .expect_err("the arguments must be refused");
    assert_eq!(err.kind, ErrorKind::InvalidInput, "{err:?}");
    let field = err.field.clone().unwrap_or_default();
    assert!(err.message.starts_with(&format!("{field}: ")), "{err:?}");
    (field, err.message.clone())
}

fn assert_refused(name: &str, text: &str, field: &str, message: &str) {
    let (got_field, got) = refused(name, text);
    assert_eq!(
        (got_field.as_str(), got.as_str()),
        (field, message),
        "{name}({text})"
    );
}

#[test]
fn ids_are_read_and_every_wrong_one_is_named() {
    assert_eq!(read("getSource", "[12]").values, [ArgValue::Id(12)]);
    assert_eq!(read("getSource", "[12,null]").values, [ArgValue::Id(12)]);
    let cases = [
        ("[]", "id: required: a positive integer"),
        ("[null]", "id: required: a positive integer"),
        // Digits, as a URL or a form gives them: refused, with the fix.
        (
            r#"["12"]"#,
            r#"id: expected a positive integer, got a string "12"; pass a number, e.g. Number(id)"#,
        ),
        (
            r#"["007"]"#,
            r#"id: expected a positive integer, got a string "007"; pass a number, e.g. Number(id)"#,
        ),
        // Only where Number() would make an id of it.
        (
            r#"["0"]"#,
            r#"id: expected a positive integer, got a string "0""#,
        ),
        (
            r#"[" 12"]"#,
            r#"id: expected a positive integer, got a string " 12""#,
        ),
        (
            r#"["1e3"]"#,
            r#"id: expected a positive integer, got a string "1e3""#,
        ),
        (
            r#"["9007199254740992"]"#,
            r#"id: expected a positive integer, got a string "9007199254740992""#,
        ),
        (
            r#"[""]"#,
            r#"id: expected a positive integer, got a string """#,
        ),
        ("[1.5]", "id: expected a positive integer, got 1.5"),
        (
            "[-3]",
            "id: expected a positive integer up to 2^53 - 1, got -3",
        ),
        (
            "[0]",
            "id: expected a positive integer up to 2^53 - 1, got 0",
        ),
        (
            "[9007199254740992]",
            "id: expected a positive integer up to 2^53 - 1, got 9007199254740992",
        ),
        (
            "[1e+21]",
            "id: expected a positive integer up to 2^53 - 1, got 1e+21",
        ),
        (
            r#"["\u0000NaN"]"#,
            "id: expected a positive integer, got NaN",
        ),
        (
            r#"["\u0000Infinity"]"#,
            "id: expected a positive integer, got Infinity",
        ),
        (
            r#"["\u0000function"]"#,
            "id: expected a positive integer, got a function",
        ),
        (
            r#"["\u0000bigint"]"#,
            "id: expected a positive integer, got a bigint",
        ),
        (
            r#"["\u0000symbol"]"#,
            "id: expected a positive integer, got a symbol",
        ),
        ("[true]", "id: expected a positive integer, got a boolean"),
        ("[[1]]", "id: expected a positive integer, got an array"),
        (
            r#"[{"id":1}]"#,
            "id: expected a positive integer, got an object",
        ),
    ];
    for (text, message) in cases {
        let (field, got) = refused("getSource", text);
        assert_eq!(
            (field.as_str(), got.as_str()),
            ("id", message),
            "getSource({text})"
        );
    }
    // A refresh's answer passed whole where its key belongs: the message says which member.
    assert_refused(
        "waitForRefresh",
        r#"[3,{"refresh_key":5}]"#,
        "refreshKey",
        "refreshKey: expected a positive integer (the refresh_key that refreshTables returned), \
         got an object",
    );
    assert_refused(
        "waitForRefresh",
        r#"[3,"5"]"#,
        "refreshKey",
        "refreshKey: expected a positive integer (the refresh_key that refreshTables returned), \
         got a string \"5\"; pass a number, e.g. Number(refreshKey)",
    );
}

#[test]
fn stitch_keys_take_digits_or_numbers() {
    let op = stitch_op("getSource");
    let key =
        |text: &str| arguments::read(op, text, &CallSettings::default()).map(|read| read.values);
    assert_eq!(key("[42]").unwrap(), [ArgValue::Id(42)]);
    assert_eq!(key(r#"["42"]"#).unwrap(), [ArgValue::Id(42)]);
    let message = |text: &str| key(text).unwrap_err().message.clone();
    assert_eq!(
        message("[]"),
        "sourceId: required: a positive integer (or its digits as a string)"
    );
    assert_eq!(
        message("[true]"),
        "sourceId: expected a positive integer or its digits as a string, got a boolean"
    );
    assert!(message(r#"["4x"]"#).starts_with("sourceId: "));
}

#[test]
fn a_list_reads_its_paging_and_call_options() {
    let read = read(
        "listSources",
        r#"[{"page":2,"perPage":5,"order":"asc","timeoutMs":1000,"retry":{"maxAttempts":5},"signal":"\u0000signal"}]"#,
    );
    assert_eq!(read.paging.page, Some(2));
    assert_eq!(read.paging.per_page, Some(5));
    assert_eq!(read.paging.order.as_deref(), Some("asc"));
    assert_eq!(read.settings.timeout_ms, 1000);
    assert_eq!(read.settings.retry.max_attempts, 5);
    assert!(read.signal);
    assert!(!read.on_progress);

    // Nothing given: the client's defaults, and never its opt-in to repeating work.
    let defaults = CallSettings {
        timeout_ms: 77,
        retry: RetryPolicy {
            retry_non_idempotent: true,
            ..RetryPolicy::default()
        },
        within_ms: None,
    };
    for text in ["[]", "[null]", "[{}]"] {
        let read = arguments::read(op("listSources"), text, &defaults).unwrap();
        assert_eq!(read.settings.timeout_ms, 77, "{text}");
        assert!(!read.settings.retry.retry_non_idempotent, "{text}");
        assert!(!read.signal, "{text}");
    }
    let read = read_with_retry(r#"[{"retry":false}]"#);
    assert_eq!(read.settings.retry, RetryPolicy::never());
    let read = read_with_retry(r#"[{"retry":{"retryNonIdempotent":true}}]"#);
    assert!(read.settings.retry.retry_non_idempotent);
}

fn read_with_retry(text: &str) -> Read {
    read("listSources", text)
}

#[test]
fn option_refusals_name_the_option() {
    let cases = [
        (
            "[5]",
            "options",
            "options: expected an object, got a number",
        ),
        (
            "[[]]",
            "options",
            "options: expected an object, got an array",
        ),
        (
            r#"[{"perPage":"5"}]"#,
            "perPage",
            r#"perPage: expected an integer from 1 to 100, got a string "5""#,
        ),
        (
            "[{\"perPage\":2.5}]",
            "perPage",
            "perPage: expected an integer from 1 to 100, got the number 2.5",
        ),
        (
            "[{\"perPage\":4294967296}]",
            "perPage",
            "perPage: expected an integer from 1 to 100, got the number 4294967296",
        ),
        (
            r#"[{"nope":1}]"#,
            "nope",
            "nope: unknown field; expected one of page, perPage, order, signal, timeoutMs, retry",
        ),
        (
            r#"[{"signal":{}}]"#,
            "signal",
            "signal: expected an AbortSignal, got an object",
        ),
        (
            r#"[{"signal":"\u0000function"}]"#,
            "signal",
            "signal: expected an AbortSignal, got a function",
        ),
        (
            r#"[{"timeoutMs":"\u0000NaN"}]"#,
            "timeoutMs",
            "timeoutMs: expected a whole number of milliseconds from 0 (no timeout) to 2147483647, got NaN",
        ),
        (
            r#"[{"timeoutMs":"1"}]"#,
            "timeoutMs",
            r#"timeoutMs: expected a number of milliseconds, got a string "1""#,
        ),
        (
            r#"[{"retry":{"maxAttempts":"x"}}]"#,
            "retry.maxAttempts",
            r#"retry.maxAttempts: expected an integer from 1 to 20, got a string "x""#,
        ),
        // One rule, one wording, whatever is wrong with the number.
        (
            r#"[{"retry":{"maxAttempts":1.5}}]"#,
            "retry.maxAttempts",
            "retry.maxAttempts: expected an integer from 1 to 20, got the number 1.5",
        ),
        (
            r#"[{"retry":{"maxAttempts":0}}]"#,
            "retry.maxAttempts",
            "retry.maxAttempts: expected an integer from 1 to 20, got the number 0",
        ),
        // The option given is the one named, not the one it raised.
        (
            r#"[{"retry":{"baseDelayMs":2147483648}}]"#,
            "retry.baseDelayMs",
            "retry.baseDelayMs: expected at most 2147483647 ms (about 24 days), got 2147483648",
        ),
        (
            r#"[{"retry":{"tries":1}}]"#,
            "retry.tries",
            "retry.tries: unknown field; expected one of maxAttempts, baseDelayMs, maxDelayMs, maxElapsedMs, retryNonIdempotent",
        ),
        (
            r#"[{"retry":true}]"#,
            "retry",
            "retry: expected an object, got a boolean",
        ),
        (
            r#"[{"order":1}]"#,
            "order",
            "order: expected a string, got the number 1",
        ),
    ];
    for (text, field, message) in cases {
        assert_refused("listSources", text, field, message);
    }
    // A long string is shown cut to 40 characters.
    let long = "x".repeat(60);
    let (_, message) = refused(
        "listSources",
        &format!(r#"[{{"order":1,"perPage":"{long}"}}]"#),
    );
    assert_eq!(
        message,
        format!(
            "perPage: expected an integer from 1 to 100, got a string \"{}\"",
            "x".repeat(40)
        )
    );
}

#[test]
fn a_page_number_is_refused_in_one_wording_whatever_is_wrong_with_it() {
    for (text, got) in [
        (r#"[{"page":"2"}]"#, r#"a string "2""#),
        (r#"[{"page":0}]"#, "the number 0"),
        (r#"[{"page":-1}]"#, "the number -1"),
        (r#"[{"page":1.5}]"#, "the number 1.5"),
        (r#"[{"page":"\u0000NaN"}]"#, "NaN"),
        (r#"[{"page":true}]"#, "a boolean"),
    ] {
        let message = format!("page: expected an integer ≥ 1, got {got}");
        assert_refused("listSources", text, "page", &message);
        // Stitch's pages are numbered alike.
        let err = arguments::read(
            stitch_op("listExtractions"),
            &text.replace("[{", "[3,{"),
            &CallSettings::default(),
        )
        .expect_err(text);
        assert_eq!(
            (err.field.as_deref(), err.message.as_str()),
            (Some("page"), message.as_str())
        );
    }
    // Past 32 bits, the bound that refused it is said.
    assert_refused(
        "listSources",
        r#"[{"page":4294967296}]"#,
        "page",
        "page: expected an integer from 1 to 4294967295, got the number 4294967296",
    );
    assert_eq!(
        read("listSources", r#"[{"page":4294967295}]"#).paging.page,
        Some(u32::MAX)
    );
    // A listing's concurrency, as perPage: its range, whatever was given.
    for got in [r#""2""#, "0", "17", "1.5"] {
        let (field, message) = refused("listAllSources", &format!(r#"[{{"concurrency":{got}}}]"#));
        assert_eq!(field, "concurrency");
        assert!(
            message.starts_with("concurrency: expected an integer from 1 to 16, got "),
            "{message}"
        );
    }
}

#[test]
fn listing_options_and_progress() {
    let read = read(
        "listAllSources",
        r#"[{"perPage":100,"order":"desc","concurrency":4,"maxItems":250,"onProgress":"\u0000function"}]"#,
    );
    assert_eq!(read.list_all.per_page, Some(100));
    assert_eq!(read.list_all.concurrency, Some(4));
    assert_eq!(read.list_all.max_items, Some(250));
    assert!(read.on_progress);
    assert_refused(
        "listAllSources",
        r#"[{"onProgress":true}]"#,
        "onProgress",
        "onProgress: expected a function, got a boolean",
    );
    assert_refused(
        "listAllSources",
        r#"[{"page":2}]"#,
        "page",
        "page: unknown field; expected one of perPage, order, concurrency, maxItems, onProgress, signal, timeoutMs, retry",
    );
}

#[test]
fn an_object_input_is_read_member_by_member() {
    let read = read(
        "createSource",
        r#"[{"type":"postgres","label":"db","credentials":{"host":"h","port":5432}},{"readBack":false,"checkType":true}]"#,
    );
    let [ArgValue::Input(values)] = &read.values[..] else {
        panic!("{:?}", read.values)
    };
    assert!(values.contains(&Some(InValue::Str("postgres".into()))));
    assert!(
        values
            .iter()
            .flatten()
            .any(|value| matches!(value, InValue::Object(object)
        if object.as_str() == r#"{"host":"h","port":5432}"#))
    );
    assert!(!read.read_back);
    assert_eq!(read.check, TypeCheck::Fetch);

    let cases = [
        ("[]", "input", "input: required: an object"),
        (
            "[\"x\"]",
            "input",
            "input: expected an object, got a string",
        ),
        // A string where an object belongs may be a secret: its text is not shown.
        (
            r#"[{"type":"t","credentials":"password=hunter2"}]"#,
            "credentials",
            "credentials: expected an object, got a string",
        ),
        (
            r#"[{"type":5}]"#,
            "type",
            "type: expected a string, got the number 5",
        ),
        (
            r#"[{"type":"\u0000function"}]"#,
            "type",
            "type: expected a string, got a function",
        ),
        (
            r#"[{"type":"t","credentials":[1]}]"#,
            "credentials",
            "credentials: expected an object, got an array",
        ),
        (
            r#"[{"type":"t","credentials":{"retries":"\u0000NaN"}}]"#,
            "credentials",
            "credentials: expected an object JSON can hold, but it holds NaN",
        ),
        (
            r#"[{"type":"t","credentials":{"deep":[{"hook":"\u0000function"}]}}]"#,
            "credentials",
            "credentials: expected an object JSON can hold, but it holds a function",
        ),
        (
            r#"[{"type":"t","credentials":{"user":"u","again":"\u0000threw:cyclic"}}]"#,
            "credentials",
            "credentials: expected an object JSON can hold, but JSON.stringify threw: cyclic",
        ),
        (
            r#"[{"type":"t"},{"checkType":"yes"}]"#,
            "checkType",
            r#"checkType: expected true, false or a SourceType, got a string "yes""#,
        ),
        (
            r#"[{"type":"t"},{"readBack":1}]"#,
            "readBack",
            "readBack: expected a boolean (true or false), got the number 1",
        ),
    ];
    for (text, field, message) in cases {
        assert_refused("createSource", text, field, message);
    }
    let (field, _) = refused("createSource", r#"[{"type":"t","colour":"red"}]"#);
    assert_eq!(field, "colour");
    // An optional member written as null is not left out silently: it cannot clear a value.
    assert_refused(
        "updateSource",
        r#"[3,{"name":"x","label":null}]"#,
        "label",
        "label: expected a string, got null; leave the member out to keep its value",
    );
    assert_refused(
        "updateDestination",
        r#"[3,{"credentials":null}]"#,
        "credentials",
        "credentials: expected an object, got null; leave the member out to keep its value",
    );
    assert_refused(
        "createSource",
        r#"[{"type":"t","credentials":{},"read_only_connection":null}]"#,
        "read_only_connection",
        "read_only_connection: expected a boolean, got null; leave the member out to keep its value",
    );
    // undefined leaves no member: still read as not given.
    assert!(
        arguments::read(
            op("updateSource"),
            r#"[3,{"name":"x"}]"#,
            &CallSettings::default()
        )
        .is_ok()
    );
}

#[test]
fn a_json_input_is_sent_as_written_unless_it_holds_what_json_cannot() {
    let create_sync = op("createSync");
    assert!(matches!(create_sync.args[0].kind, ArgKind::Json(_)));
    let name = create_sync.args[0].name;
    let input = r#"{"operation":"upsert","nested":{"list":[1,{"a":"b"}]}}"#;
    assert_eq!(
        read("createSync", &format!("[{input}]")).values,
        [ArgValue::Json(
            census_wasm::core::raw_object::RawObject::parse("x", input).unwrap()
        )]
    );
    let marked = format!("[{}]", input.replace(r#"{"a":"b"}"#, r#""\u0000symbol""#));
    assert_refused(
        "createSync",
        &marked,
        name,
        &format!("{name}: expected an object JSON can hold, but it holds a symbol"),
    );
    assert_refused(
        "createSync",
        r#"["\u0000threw:Converting circular structure to JSON"]"#,
        name,
        &format!(
            "{name}: expected an object JSON can hold, but JSON.stringify threw: Converting circular structure to JSON"
        ),
    );
    assert_refused(
        "createSync",
        "[]",
        name,
        &format!("{name}: required: an object"),
    );
    assert_refused(
        "createSync",
        "[[]]",
        name,
        &format!("{name}: expected an object, got an array"),
    );
}

#[test]
fn stamped_arguments_are_not_given_by_the_caller() {
    let stamped = api::stitch::STITCH_OPS
        .iter()
        .find(|op| {
            op.args
                .iter()
                .any(|arg| matches!(arg.kind, ArgKind::Stamp { .. }))
        })
        .expect("a method with a stamped body");
    let taken = arguments::taken(stamped);
    assert_eq!(taken, stamped.args.len() - 1);
    // Its options come right after the arguments the caller gives.
    let mut given = vec!["1"; taken];
    given.push(r#"{"bogus":true}"#);
    let text = format!("[{}]", given.join(","));
    let err = arguments::read(stamped, &text, &CallSettings::default()).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("bogus"), "{err:?}");
    let read = arguments::read(
        stamped,
        &format!("[{}]", vec!["1"; taken].join(",")),
        &CallSettings::default(),
    )
    .unwrap();
    assert_eq!(read.values.len(), stamped.args.len());
    assert_eq!(read.values.last(), Some(&ArgValue::Absent));
}

#[test]
fn an_argument_after_the_options_is_refused_not_dropped() {
    // listSources takes its call options in its one options object: a second object (stripe's
    // `list(params, options)`) would drop its signal or timeoutMs without a word.
    let cases = [
        ("listSources", r#"[{"perPage":50},{"timeoutMs":5}]"#, 1, 2),
        ("getTable", r#"[3,5,{},{"signal":null},{}]"#, 3, 5),
        ("iterateSources", "[null,1]", 1, 2),
    ];
    for (name, text, last, given) in cases {
        assert_refused(
            name,
            text,
            "arguments",
            &format!(
                "arguments: {name} takes its options (signal, timeoutMs and retry among them) \
                 as argument {last}, the last, but was given {given}"
            ),
        );
    }
    // Trailing undefined (null in the JSON text) is no argument.
    assert_eq!(
        read("getSource", "[12,null,null]").values,
        [ArgValue::Id(12)]
    );
    assert_eq!(read("listSources", "[{},null]").settings.timeout_ms, 30_000);
}

#[test]
fn arguments_that_are_not_a_json_list_are_refused_not_panicked_on() {
    for text in ["", "{", "[1,", "[1] x", "12", "\"a\""] {
        let err = arguments::read(op("getSource"), text, &CallSettings::default()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidInput, "{text}");
        assert_eq!(err.field.as_deref(), Some("arguments"), "{text}");
    }
}

#[test]
fn a_string_with_an_unpaired_surrogate_is_refused_by_the_name_of_its_argument() {
    // The runtime marks it (JSON.stringify would escape it as \ud800, which no JSON reader
    // takes as text); the refusal names the argument, not the whole list.
    let (field, message) = refused("getDestinationObject", r#"[18, "\u0000surrogate"]"#);
    assert_eq!(field, "objectFullName", "{message}");
    assert!(message.contains("unpaired UTF-16 surrogate"), "{message}");
    let (field, message) = refused(
        "createSource",
        r#"[{"type": "postgres", "credentials": {"password": "\u0000surrogate"}}]"#,
    );
    assert_eq!(field, "credentials", "{message}");
    assert!(message.contains("unpaired UTF-16 surrogate"), "{message}");
}

#[test]
fn a_callers_own_string_that_starts_with_nul_is_no_mark() {
    // The runtime doubles the NUL at the start of such a string (`"\u0000\u0000…"`): it reads
    // as the caller's string, with one NUL, wherever it is.
    assert_eq!(
        Given(r#""\u0000\u0000function""#).string().as_deref(),
        Some("\0function")
    );
    assert_eq!(Given(r#""\u0000\u0000""#).string().as_deref(), Some("\0"));
    assert_eq!(
        Given(r#""\u0000\u0000function""#).describe(),
        "a string \"\\u0000function\""
    );
    let name = read("getSourceType", r#"["\u0000\u0000function"]"#);
    assert_eq!(name.values, [ArgValue::Name("\0function".into())]);
    // Inside a free-form object: the NUL taken off, keys and escaped quotes left alone.
    let input = r#"{"type":"t","credentials":{"\u0000key":"\u0000\u0000a","b":["x\"\u0000y","\u0000\u0000\u0000"]}}"#;
    let create = read("createSource", &format!("[{input}]"));
    let [ArgValue::Input(values)] = &create.values[..] else {
        panic!("{:?}", create.values)
    };
    assert!(
        values
            .iter()
            .flatten()
            .any(|value| matches!(value, InValue::Object(object)
            if object.as_str() == r#"{"\u0000key":"\u0000a","b":["x\"\u0000y","\u0000\u0000"]}"#)),
        "{values:?}"
    );
    // A mark after such a string is still found.
    assert_refused(
        "createSource",
        r#"[{"type":"t","credentials":{"a":"\u0000\u0000x","b":"\u0000function"}}]"#,
        "credentials",
        "credentials: expected an object JSON can hold, but it holds a function",
    );
}

#[test]
fn nesting_too_deep_is_refused_as_such_not_as_json_that_is_not() {
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let (field, message) = refused(
        "createSource",
        &format!(r#"[{{"type":"t","credentials":{{"a":{deep}}}}}]"#),
    );
    assert_eq!(field, "arguments", "{message}");
    assert_eq!(message, "arguments: nested more than 127 levels deep");
}

#[test]
fn values_are_described_as_javascript_would_name_them() {
    let cases = [
        ("null", "null"),
        ("true", "a boolean"),
        ("-0.5", "the number -0.5"),
        (r#""hi""#, r#"a string "hi""#),
        ("[]", "an array"),
        ("{}", "an object"),
        (r#""\u0000function""#, "a function"),
        (r#""\u0000bigint""#, "a bigint"),
        (r#""\u0000symbol""#, "a symbol"),
        (r#""\u0000-Infinity""#, "-Infinity"),
        (r#""\u0000NaN""#, "NaN"),
        (r#""\u0000signal""#, "an object"),
        (
            r#""\u0000threw:getter boom""#,
            "a value that threw when read (getter boom)",
        ),
        (
            r#""\u0000surrogate""#,
            "a string with an unpaired UTF-16 surrogate, which is not Unicode text",
        ),
    ];
    for (text, described) in cases {
        assert_eq!(Given(text).describe(), described, "{text}");
    }
    // A caller's own string is never taken for a mark unless it starts with NUL.
    assert_eq!(Given(r#""function""#).string().as_deref(), Some("function"));
    assert_eq!(Given(r#""\u0000function""#).string(), None);
    assert_eq!(
        Given(r#""\u0000NaN""#).number().map(f64::is_nan),
        Some(true)
    );
}

fn client(kind: ClientKind, text: &str) -> Result<arguments::ClientOptions, ClientError> {
    arguments::read_client_options(kind, text, true)
}

fn config_refusal(kind: ClientKind, text: &str) -> (String, String) {
    let err = client(kind, text).expect_err("the options must be refused");
    assert_eq!(err.kind, ErrorKind::InvalidConfig, "{err:?}");
    (
        err.field.clone().unwrap_or_default(),
        err.message.clone().clone(),
    )
}

#[test]
fn client_options_are_read_with_their_functions_marked() {
    let options = client(
        ClientKind::Census,
        r#"{"apiToken":"secret-token","baseUrl":"https://example.test/api/v1","timeoutMs":5000,"retry":{"maxAttempts":2},"fetch":"\u0000function","onResponse":"\u0000function"}"#,
    )
    .unwrap();
    assert_eq!(options.config.base_url(), "https://example.test/api/v1");
    assert_eq!(options.defaults.timeout_ms, 5000);
    assert_eq!(options.defaults.retry.max_attempts, 2);
    assert!(options.fetch && options.on_response && !options.on_request);

    for text in ["null", "  null ", "{}"] {
        let options = client(ClientKind::Census, text).unwrap();
        assert_eq!(options.defaults, CallSettings::default(), "{text}");
        assert!(!options.fetch, "{text}");
    }
    let stitch = client(ClientKind::Stitch, r#"{"accessToken":"t"}"#).unwrap();
    assert!(stitch.config.base_url().contains("stitch"));
}

#[test]
fn client_option_refusals_are_configuration_errors_naming_the_option() {
    let cases = [
        (
            ClientKind::Census,
            "5",
            "options",
            "options: expected an object such as { apiToken, baseUrl }, got a number",
        ),
        (
            ClientKind::Stitch,
            "[]",
            "options",
            "options: expected an object such as { accessToken, baseUrl }, got an array",
        ),
        (
            ClientKind::Census,
            r#"{"apiToken":5}"#,
            "apiToken",
            "apiToken: expected a string, got the number 5",
        ),
        (
            ClientKind::Census,
            r#"{"token":"secret-token"}"#,
            "token",
            "token: unknown option; expected one of apiToken, personalAccessToken, baseUrl, fetch, timeoutMs, retry, onRequest, onResponse",
        ),
        (
            ClientKind::Stitch,
            r#"{"apiToken":"t"}"#,
            "apiToken",
            "apiToken: unknown option; expected one of accessToken, baseUrl, fetch, timeoutMs, retry, onRequest, onResponse",
        ),
        (
            ClientKind::Census,
            r#"{"fetch":"x"}"#,
            "fetch",
            r#"fetch: expected a function like fetch, got a string "x""#,
        ),
        (
            ClientKind::Census,
            r#"{"onRequest":{}}"#,
            "onRequest",
            "onRequest: expected a function, got an object",
        ),
        (
            ClientKind::Census,
            r#"{"timeoutMs":-1}"#,
            "timeoutMs",
            "timeoutMs: expected a whole number of milliseconds from 0 (no timeout) to 2147483647, got -1",
        ),
        (
            ClientKind::Census,
            r#"{"retry":{"retryNonIdempotent":true}}"#,
            "retry.retryNonIdempotent",
            "retry.retryNonIdempotent: can only be set in one call's options, so that no call repeats work by default",
        ),
    ];
    for (kind, text, field, message) in cases {
        let (got_field, got) = config_refusal(kind, text);
        assert_eq!(
            (got_field.as_str(), got.as_str()),
            (field, message),
            "{text}"
        );
        assert!(!got.contains("secret-token"), "{got}");
    }
}

#[test]
fn a_client_needs_a_fetch_given_or_global() {
    let (field, message) = {
        let err = arguments::read_client_options(ClientKind::Census, "null", false).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidConfig);
        (
            err.field.clone().unwrap_or_default(),
            err.message.clone().clone().clone(),
        )
    };
    assert_eq!(field, "fetch");
    assert_eq!(
        message,
        "fetch: this environment has no global fetch; pass one as the fetch option"
    );
    assert!(arguments::read_client_options(ClientKind::Stitch, "{}", false).is_err());
    let given = r#"{"fetch":"\u0000function"}"#;
    assert!(
        arguments::read_client_options(ClientKind::Census, given, false)
            .unwrap()
            .fetch
    );
}

#[test]
fn every_method_takes_at_most_three_arguments_before_its_options() {
    // Core.methods() writes the count as one digit, and the JS layer reads it so.
    for op in api::ops().chain(api::stitch::STITCH_OPS.iter()) {
        assert!(arguments::taken(op) <= 3, "{}", op.name);
    }
}

#[test]
fn a_request_within_a_waits_time_neither_waits_nor_retries_past_it() {
    let settings = CallSettings::default();
    let within = settings.within(2_500);
    assert_eq!(within.within_ms, Some(2_500));
    // No attempt longer than the time left, and no retry that starts after it.
    assert_eq!(within.timeout_ms, 2_500);
    assert_eq!(within.retry.max_elapsed_ms, 2_500);
    assert_eq!(within.retry.max_attempts, settings.retry.max_attempts);
    // A shorter per-attempt timeout and budget are kept.
    let short = CallSettings {
        timeout_ms: 1_000,
        retry: RetryPolicy {
            max_elapsed_ms: 2_000,
            ..RetryPolicy::default()
        },
        within_ms: None,
    }
    .within(60_000);
    assert_eq!(
        (short.timeout_ms, short.retry.max_elapsed_ms),
        (1_000, 2_000)
    );
    // No per-attempt timeout (0) still ends with the wait; no time left is one millisecond.
    let unlimited = CallSettings {
        timeout_ms: 0,
        ..CallSettings::default()
    };
    assert_eq!(unlimited.within(900).timeout_ms, 900);
    assert_eq!(unlimited.within(0).timeout_ms, 1);
    // A retry the backoff would start after the wait's end is not made.
    let policy = settings.within(1_000).retry;
    let decide = |elapsed_ms| {
        census_wasm::core::retry::decide(
            &policy,
            census_wasm::core::request::Method::Get,
            1,
            elapsed_ms,
            census_wasm::core::retry::AttemptOutcome::NoAnswer,
            0,
            0.5,
        )
    };
    assert!(matches!(
        decide(1_000),
        census_wasm::core::retry::Decision::WaitTooLong(_)
    ));
    assert!(matches!(
        decide(10),
        census_wasm::core::retry::Decision::RetryAfter { .. }
    ));
}

#[test]
fn a_filter_with_known_values_takes_only_those() {
    let given = read(
        "listSyncRunRecords",
        r#"[94, {"status": "rejected", "operation": "delete", "primaryIdentifier": "a@b.co"}]"#,
    );
    assert_eq!(
        given.filters,
        [
            Some("rejected".to_owned()),
            Some("delete".to_owned()),
            Some("a@b.co".to_owned())
        ]
    );
    for (text, field, says) in [
        (
            r#"[94, {"status": "failed"}]"#,
            "status",
            r#"expected "succeeded", "rejected" or "invalid", got "failed""#,
        ),
        (
            r#"[94, {"operation": "insert"}]"#,
            "operation",
            r#"expected "upsert" or "delete", got "insert""#,
        ),
    ] {
        let (at, message) = refused("listSyncRunRecords", text);
        assert_eq!(at, field, "{text}");
        assert!(message.ends_with(says), "{text}: {message}");
    }
    // Free-text filters stay free.
    read("listSegments", r#"[12, {"name": "anything at all"}]"#);
}

#[test]
fn stitch_destinations_are_filtered_by_source_and_destination_id_as_stitch_takes_them() {
    // stitchdata/docs response-codes/destinations.yml: "GET may only include the params:
    // source_id and/or destination_id". Ids as every Stitch id argument takes them.
    let op = stitch_op("listDestinations");
    let request = |text: &str| {
        let given = arguments::read(op, text, &CallSettings::default())
            .unwrap_or_else(|err| panic!("{text} refused: {err:?}"));
        let mut call = api::Call::new(op.endpoint, op.args, given.values);
        call.filters = given.filters;
        call.request().expect(text).path_and_query()
    };
    assert_eq!(request("[]"), "/v4/destinations");
    assert_eq!(
        request(r#"[{"sourceId": 120643}]"#),
        "/v4/destinations?source_id=120643"
    );
    assert_eq!(
        request(r#"[{"sourceId": "120643", "destinationId": 155582}]"#),
        "/v4/destinations?source_id=120643&destination_id=155582"
    );
    assert_eq!(request(r#"[{"destinationId": null}]"#), "/v4/destinations");
    for (text, field, says) in [
        (
            r#"[{"sourceId": "x"}]"#,
            "sourceId",
            r#"expected a positive integer or its digits as a string, got "x""#,
        ),
        (
            r#"[{"destinationId": 1.5}]"#,
            "destinationId",
            "expected a positive integer, got 1.5",
        ),
        (
            r#"[{"destinationId": true}]"#,
            "destinationId",
            "expected a positive integer or its digits as a string, got a boolean",
        ),
    ] {
        let err = arguments::read(op, text, &CallSettings::default()).expect_err(text);
        assert_eq!(err.field.as_deref(), Some(field), "{text}");
        assert!(err.message.ends_with(says), "{text}: {}", err.message);
    }
}

#[test]
fn datasets_are_listed_by_kind_as_census_terraform_provider_asks() {
    // CENSUS-SURFACE.md: OTF lists `/datasets?type=sql`; every page and the walk keep it.
    for name in ["listDatasets", "iterateDatasets", "listAllDatasets"] {
        let given = read(name, r#"[{"type": "sql"}]"#);
        let op = op(name);
        let mut call = api::Call::new(op.endpoint, op.args, given.values);
        call.filters = given.filters;
        let request = call.request().expect(name);
        assert_eq!(request.path_and_query(), "/datasets?type=sql", "{name}");
    }
    assert_refused(
        "listDatasets",
        r#"[{"type": 5}]"#,
        "type",
        "type: expected a string, got the number 5",
    );
}

#[test]
fn pages_of_records_and_source_types_hold_at_most_99() {
    let records = op("listSyncRunRecords");
    assert_eq!(records.endpoint.max_per_page(), 99);
    assert_eq!(op("listSourceTypes").endpoint.max_per_page(), 99);
    assert_eq!(op("listSources").endpoint.max_per_page(), 100);
    let page = |name: &str, per_page: u32| {
        let op = op(name);
        let mut call = api::Call::new(op.endpoint, op.args, vec![ArgValue::Id(94)]);
        call.paging.per_page = Some(per_page);
        call.request()
    };
    let err = page("listSyncRunRecords", 100).expect_err("100 records");
    assert_eq!(err.field.as_deref(), Some("perPage"));
    assert!(err.message.contains("from 1 to 99"), "{}", err.message);
    let request = page("listSyncRunRecords", 99).expect("99 records");
    assert!(request.path_and_query().contains("per_page=99"));
    page("listSyncRuns", 100).expect("100 runs");
    // Every page of a catalogue, and a walk with no perPage, ask for as many as allowed.
    use census_wasm::core::pagination::{ListAllOptions, ListPlan};
    assert_eq!(ListPlan::catalogue(99).per_page, 99);
    assert_eq!(ListPlan::catalogue(100).per_page, 100);
    assert_eq!(ListAllOptions::default().plan(99).unwrap().per_page, 99);
    let too_many = ListAllOptions {
        per_page: Some(100),
        ..ListAllOptions::default()
    };
    assert_eq!(
        too_many.plan(99).unwrap_err().field.as_deref(),
        Some("perPage")
    );
    assert_eq!(too_many.plan(100).unwrap().per_page, 100);
}

#[test]
fn max_items_is_refused_in_one_wording_whatever_is_wrong_with_it() {
    for (text, got) in [
        (r#"[{"maxItems":"2"}]"#, r#"a string "2""#),
        (r#"[{"maxItems":0}]"#, "the number 0"),
        (r#"[{"maxItems":-1}]"#, "the number -1"),
        (r#"[{"maxItems":1.5}]"#, "the number 1.5"),
        (r#"[{"maxItems":true}]"#, "a boolean"),
    ] {
        let message = format!("maxItems: expected an integer ≥ 1, got {got}");
        assert_refused("listAllSources", text, "maxItems", &message);
    }
    assert_refused(
        "listAllSources",
        r#"[{"maxItems":9007199254740992}]"#,
        "maxItems",
        "maxItems: expected an integer from 1 to 9007199254740991, got the number 9007199254740992",
    );
    assert_eq!(
        read("listAllSources", r#"[{"maxItems":9007199254740991}]"#)
            .list_all
            .max_items,
        Some(9_007_199_254_740_991)
    );
}
