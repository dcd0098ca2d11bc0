//! Property test: no input makes a reader, builder or parser panic (a panic in wasm is an
//! `unreachable` trap that poisons the instance). Arbitrary bytes, arbitrary JSON biased
//! towards the API's own keys, and mutations of valid documents go to every reader with random
//! statuses; arbitrary values go to every builder and parser, and arbitrary pages to the
//! pagination machine. Each result must be a `Result`
//! that keeps the readers' promises (an error status is never `Ok`, messages are non-empty and
//! bounded).
//!
//! Every method's machine, of both clients, is driven with generated arguments against answers
//! that are valid, odd, failing or missing, with the clock jumping: no step may panic, a value
//! read from an answer comes from a 2xx answer, no POST is sent twice, a create the API
//! accepted never fails as anything but `ReadBack`, and no error shows the token when answers
//! quote it.
//!
//! Differential: every reader the wasm path uses (`core::checked`, over the `core::scan`
//! scanner) must agree with the serde reader it replaces (kept as the typed reference) on accept
//! vs reject, and on the item keys, pagination and `next` it extracts. The only disagreements
//! allowed are the scanner's deliberate refusals (see `core::schema`): invalid UTF-8 or a lone
//! surrogate escape inside a member serde skips, an array where a struct is expected, nesting
//! beyond 127 levels, a repeated key in a created source's `data`, and an integer id or count
//! above 2^53 - 1, which JavaScript would round. They are counted and
//! printed. The scanner's own error paths are compared with serde_path_to_error's too.
//!
//! Bounded by time: `FUZZ_SECONDS` (default 3) per run, seed from `FUZZ_SEED` or the clock,
//! printed so a failure can be replayed. A long run:
//! `FUZZ_SECONDS=300 cargo test --release --test fuzz_core -- --nocapture`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

mod rng;
mod samples;

use rng::Rng;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use census_wasm::core::api::{self, Call};
use census_wasm::core::arguments::{self, CallSettings, ClientKind};
use census_wasm::core::checked;
use census_wasm::core::config::ClientConfig;
use census_wasm::core::error::{ClientError, ErrorKind};
use census_wasm::core::input::InKind;
use census_wasm::core::json_error::from_json_slice;
use census_wasm::core::method;
use census_wasm::core::models::DataSource;
use census_wasm::core::models::{Page, Source};
use census_wasm::core::operation::{Answer, Output, Step};
use census_wasm::core::pagination::{Keyed, ListPlan, Paginator, Status};
use census_wasm::core::request::{HttpRequest, Method};
use census_wasm::core::response::Envelope;
use census_wasm::core::response::RawResponse;
use census_wasm::core::retry::{self, AttemptOutcome, RetryOptions, RetryPolicy};
use census_wasm::core::scan::{self, Field, Kind, Shape};
use census_wasm::core::sources::{self, CreateSourceInput, ListOptions, Order, UpdateSourceInput};
use census_wasm::core::{schema, source_types, tables};

const KEYS: &[&str] = &[
    "status",
    "data",
    "message",
    "pagination",
    "next",
    "id",
    "name",
    "type",
    "label",
    "created_at",
    "last_test_succeeded",
    "last_tested_at",
    "last_test_results",
    "steps",
    "step",
    "error",
    "connection_details",
    "read_only_connection",
    "sync_engine",
    "warehouse_writeback_retention_in_days",
    "data_sources",
    "total_records",
    "per_page",
    "prev_page",
    "page",
    "next_page",
    "last_page",
    "refresh_key",
    "service_name",
    "creatable_via_api",
    "configuration_fields",
    "fields",
    "rules",
    "show",
    "table_name",
    "table_schema",
    "columns",
    "query",
    "table",
    "model",
    "x",
    "",
];

const WORDS: &[&str] = &[
    "success",
    "error",
    "not_found",
    "created",
    "updated",
    "deleted",
    "completed",
    "processing",
    "basic",
    "advanced",
    "snowflake",
    "",
    "\u{0}",
    "é",
    "\\",
    "\"",
    "<html>",
    "table",
    "model",
    "\u{1F600}",
];

fn json_value(rng: &mut Rng, depth: u32, out: &mut String) {
    let kind = if depth > 4 {
        rng.below(5)
    } else {
        rng.below(8)
    };
    match kind {
        0 => out.push_str(rng.pick(&["null", "true", "false"])),
        1 => {
            let numbers = [
                "0",
                "1",
                "-1",
                "404",
                "200",
                "1.5",
                "1e400",
                "-0",
                "18446744073709551616",
                "9007199254740993",
            ];
            out.push_str(rng.pick(&numbers));
        }
        2 => out.push_str(&(rng.next() >> rng.below(64)).to_string()),
        3 | 4 => {
            out.push('"');
            out.push_str(
                &rng.pick(WORDS)
                    .replace('\\', "\\\\")
                    .replace('"', "\\\"")
                    .replace('\u{0}', "\\u0000"),
            );
            out.push('"');
        }
        5 => {
            out.push('[');
            for index in 0..rng.below(5) {
                if index > 0 {
                    out.push(',');
                }
                json_value(rng, depth + 1, out);
            }
            out.push(']');
        }
        _ => {
            out.push('{');
            for index in 0..rng.below(8) {
                if index > 0 {
                    out.push(',');
                }
                out.push('"');
                out.push_str(rng.pick(KEYS));
                out.push_str("\":");
                json_value(rng, depth + 1, out);
            }
            out.push('}');
        }
    }
}

const VALID: &[&str] = &[
    r#"{"status":"success","data":[{"id":4,"name":"S","label":null,"type":"snowflake","connection_details":{"a":1},"last_test_results":{"steps":[{"step":"x","status":"success","error":{"message":"m"}}]}}],"pagination":{"total_records":1,"per_page":25,"prev_page":null,"page":1,"next_page":null,"last_page":1},"next":"https://x/api/v1/sources?page=2"}"#,
    r#"{"status":"created","data":{"id":12345}}"#,
    r#"{"status":"updated","data":{"id":6,"name":"R","type":"redshift","sync_engine":"advanced","warehouse_writeback_retention_in_days":7}}"#,
    r#"{"status":"deleted"}"#,
    r#"{"refresh_key":1647978948}"#,
    r#"{"status":"success","data":{"status":"completed"}}"#,
    r#"{"status":404,"message":"Not found"}"#,
    r#"{"status":"success","data":[{"type":"table","id":1,"table_name":"a","table_schema":"public","columns":[{"name":"c","type":"text"}]},{"type":"model","id":1,"name":"m","query":"select 1"}],"pagination":{"total_records":2,"per_page":25,"prev_page":null,"page":1,"next_page":2,"last_page":1}}"#,
    r#"{"status":"success","data":[{"service_name":"snow\u0066lake","label":"S","creatable_via_api":true,"configuration_fields":{"fields":[{"id":"a","type":"string","rules":["required"]},{"id":"b","rules":"required|x","show":{"if":"a"}},{"id":"c","rules":[]}]},"supported_sync_engines":["basic"]}]}"#,
    r#"{"status":"success","data":{"service_name":"pg","label":"P","creatable_via_api":true,"configuration_fields":{"fields":[{"id":"host","rules":["required:notForEditing"]}]}}}"#,
    r#"{"status":"success","data":{"id":3,"table_name":"t","columns":[{"name":"n","type":"int"}]}}"#,
    r#"{"status":"success","data":{"id":3,"name":"m","columns":[],"x":[1e400]}}"#,
    r#"{"status":"error","message":"Invalid credentials"}"#,
];

fn document(rng: &mut Rng) -> Vec<u8> {
    match rng.below(4) {
        0 => (0..rng.below(300)).map(|_| rng.next() as u8).collect(),
        1 => {
            let mut text = String::new();
            json_value(rng, 0, &mut text);
            text.into_bytes()
        }
        _ => {
            let mut bytes = rng.pick(VALID).as_bytes().to_vec();
            for _ in 0..=rng.below(3) {
                if bytes.is_empty() {
                    break;
                }
                let at = rng.below(bytes.len() as u64) as usize;
                match rng.below(4) {
                    0 => bytes.truncate(at),
                    1 => bytes[at] = rng.next() as u8,
                    2 => {
                        let mut value = String::new();
                        json_value(rng, 2, &mut value);
                        bytes.splice(at..at, value.bytes());
                    }
                    _ => {
                        bytes.remove(at);
                    }
                }
            }
            bytes
        }
    }
}

fn check_error(err: &ClientError, context: &str) {
    assert!(!err.message.is_empty(), "{context}: empty message");
    assert!(
        err.message.len() < 4000,
        "{context}: message of {} bytes",
        err.message.len()
    );
}

fn readers(rng: &mut Rng, body: &[u8]) {
    let status = match rng.below(3) {
        0 => 200,
        1 => [201, 204, 400, 401, 403, 404, 422, 429, 500, 502, 503][rng.below(11) as usize],
        _ => rng.below(600) as u16,
    };
    let response = RawResponse {
        status,
        content_type: Some(rng.pick(&["application/json", "text/html", ""])),
        body,
    };
    let request = HttpRequest::new(Method::Get, "/sources/1".into(), "source 1".into());
    let results: [Result<(), ClientError>; 6] = [
        sources::read_source_page(&request, &response).map(|_| ()),
        sources::read_source(&request, &response).map(|_| ()),
        sources::read_created(&request, &response).map(|_| ()),
        sources::read_deleted(&request, &response),
        sources::read_refresh_key(&request, &response).map(|_| ()),
        sources::read_refresh_status(&request, &response).map(|_| ()),
    ];
    differential(&request, &response);
    for (index, result) in results.iter().enumerate() {
        match result {
            Ok(()) => assert!(
                (200..300).contains(&status),
                "reader {index} accepted HTTP {status}"
            ),
            Err(err) => check_error(err, &format!("reader {index}, HTTP {status}")),
        }
    }
}

/// Counts of the differential: agreements, and the scanner's deliberate refusals by kind.
static AGREED: AtomicU64 = AtomicU64::new(0);
static STRICT_UTF8: AtomicU64 = AtomicU64::new(0);
static STRICT_ARRAY: AtomicU64 = AtomicU64::new(0);
static STRICT_DEPTH: AtomicU64 = AtomicU64::new(0);
static STRICT_REPEAT: AtomicU64 = AtomicU64::new(0);
static STRICT_SAFE: AtomicU64 = AtomicU64::new(0);
static PATHS_COMPARED: AtomicU64 = AtomicU64::new(0);
static ENVELOPE_FIRST: AtomicU64 = AtomicU64::new(0);
static ACCEPTED: AtomicU64 = AtomicU64::new(0);

/// Why the scanner may refuse a body serde takes, or `None` if it may not.
fn deliberate_refusal(body: &[u8], err: &ClientError) -> Option<&'static AtomicU64> {
    let mut scanner = scan::Scanner::new(body);
    let syntax = scanner
        .skip(false)
        .and_then(|()| scanner.end())
        .err()
        .map(|f| f.finish());
    if let Some(err) = syntax {
        return match err.reason.as_str() {
            "invalid UTF-8" | "lone surrogate in hex escape" | "unexpected end of hex escape" => {
                Some(&STRICT_UTF8)
            }
            "recursion limit exceeded" => Some(&STRICT_DEPTH),
            _ => None,
        };
    }
    if err.message.contains("expected an object, got an array") {
        return Some(&STRICT_ARRAY);
    }
    if err.message.contains(": given twice") {
        return Some(&STRICT_REPEAT);
    }
    if err.message.contains("which JavaScript keeps exact") {
        return Some(&STRICT_SAFE);
    }
    None
}

static SOURCE_ITEM: Kind<'static> = Kind::Object(&schema::SOURCE);

/// An API error with a message that is not a string (an object the API sent) in one canonical
/// form: serde's `Value` sorts an object's keys, the checked readers keep them as sent.
fn same_json_message(err: &ClientError) -> ClientError {
    let mut err = err.clone();
    if let Some(text) = err.api_message.clone()
        && let Ok(value) = serde_json::from_str::<serde_json::Value>(&text)
        && !value.is_string()
    {
        let canonical = value.to_string();
        // The message quotes the API's words after `(HTTP 404: ` (or `(HTTP 200, status 404: `
        // for an envelope's code), cut short when they are long, so what is compared is the
        // message up to them and the whole text, made canonical.
        if let Some(at) = err.message.find("(HTTP ") {
            err.message.truncate(at);
        }
        err.api_message = Some(canonical.into());
    }
    err
}

/// Compares one serde reader with its checked replacement.
fn agree<A, B>(
    name: &str,
    body: &[u8],
    status: u16,
    serde: Result<A, ClientError>,
    checked: Result<B, ClientError>,
    same: impl FnOnce(&A, &B) -> bool,
) {
    match (&serde, &checked) {
        (Ok(a), Ok(b)) => {
            assert!(
                same(a, b),
                "{name}: serde and checked read different values (HTTP {status})"
            );
            ACCEPTED.fetch_add(1, Ordering::Relaxed);
            AGREED.fetch_add(1, Ordering::Relaxed);
        }
        (Err(a), Err(b)) => {
            // API errors are worded by the same code (`response`), so they are the same. An
            // unexpected body is refused by both, each in its own words: a body with several
            // faults may be reported at a different one (serde checks a struct's required
            // members at its end, the scanner each member as it comes), or as not JSON by one
            // and the wrong type by the other. The paths themselves are compared where they
            // must agree: the envelope check at the end of `differential`.
            let context = format!("{name}: different errors (HTTP {status}): {a:?} / {b:?}");
            let same = (a.kind, a.status) == (b.kind, b.status)
                && (a.kind == ErrorKind::UnexpectedResponse
                    || same_json_message(a) == same_json_message(b));
            if same {
                AGREED.fetch_add(1, Ordering::Relaxed);
                return;
            }
            // serde reads an array as a struct, member by member (`["error", {}]` is an error
            // envelope to it); the scanner refuses the array, on purpose.
            let array_for_object = b.message.contains("expected an object, got an array");
            // The scanner read an error envelope where serde failed on the rest of the body
            // first (an array it read as a struct, a number it could not parse): the API's own
            // verdict is the better report.
            let envelope_first =
                a.kind == ErrorKind::UnexpectedResponse && b.kind != ErrorKind::UnexpectedResponse;
            match array_for_object
                .then_some(&STRICT_ARRAY)
                .or_else(|| envelope_first.then_some(&ENVELOPE_FIRST))
                .or_else(|| deliberate_refusal(body, b))
            {
                Some(counter) => {
                    counter.fetch_add(1, Ordering::Relaxed);
                }
                None => panic!("{context}"),
            }
        }
        (Ok(_), Err(err)) => match deliberate_refusal(body, err) {
            Some(counter) => {
                counter.fetch_add(1, Ordering::Relaxed);
            }
            None => panic!(
                "{name}: serde accepts, the scanner refuses: {} (HTTP {status})",
                err.message
            ),
        },
        (Err(err), Ok(_)) => {
            panic!(
                "{name}: the scanner accepts, serde refuses: {} (HTTP {status})",
                err.message
            )
        }
    }
}

fn same_page<T>(page: &Page<T>, keys: &Page<u64>, key: impl Fn(&T) -> u64) -> bool {
    page.data.iter().map(key).eq(keys.data.iter().copied())
        && page.pagination == keys.pagination
        && page.next == keys.next
}

/// Every checked reader against its serde reader, on one answer; and the scanner's own error
/// path against serde_path_to_error's for a page of sources.
fn differential(request: &HttpRequest, response: &RawResponse<'_>) {
    let body = response.body;
    let status = response.status;
    agree(
        "source page",
        body,
        status,
        sources::read_source_page(request, response),
        checked::check_page(request, response, &checked::SOURCES),
        |a, b| same_page(a, b, |s| s.id),
    );
    agree(
        "source type page",
        body,
        status,
        source_types::read_source_type_page(request, response),
        checked::check_page(request, response, &checked::SOURCE_TYPES),
        |a, b| same_page(a, b, |t| source_types::key_of(&t.service_name)),
    );
    agree(
        "table page",
        body,
        status,
        tables::read_table_page(request, response),
        checked::check_page(request, response, &checked::TABLES),
        |a, b| same_page(a, b, |t| t.id),
    );
    agree(
        "data source page",
        body,
        status,
        tables::read_data_source_page(request, response),
        checked::check_page(request, response, &checked::DATA_SOURCES),
        |a, b| same_page(a, b, DataSource::key),
    );
    agree(
        "source",
        body,
        status,
        sources::read_source(request, response),
        checked::check_data(request, response, &checked::SOURCE),
        |_, _| true,
    );
    agree(
        "source type",
        body,
        status,
        source_types::read_source_type(request, response),
        checked::check_data(request, response, &checked::SOURCE_TYPE),
        |_, _| true,
    );
    agree(
        "source type for checkType",
        body,
        status,
        source_types::read_source_type(request, response),
        checked::check_source_type(request, response),
        |a, b| {
            // What serde's whole SourceType says creating needs, worked out independently.
            let required = |rules: &Option<serde_json::Value>| {
                let rule = |text: &str| text == "required" || text.starts_with("required:");
                match rules {
                    Some(serde_json::Value::String(text)) => {
                        text.split('|').any(|one| rule(one.trim()))
                    }
                    Some(serde_json::Value::Array(items)) => {
                        items.iter().any(|item| item.as_str().is_some_and(rule))
                    }
                    _ => false,
                }
            };
            let expected = (
                a.service_name.clone(),
                a.label.clone(),
                a.creatable_via_api,
                a.configuration_fields.as_ref().map(|fields| {
                    fields
                        .fields
                        .iter()
                        .map(|field| (field.id.clone(), required(&field.rules), field.show.clone()))
                        .collect::<Vec<_>>()
                }),
            );
            let got = (
                b.service_name.clone(),
                b.label.clone(),
                b.creatable_via_api,
                b.fields.as_ref().map(|fields| {
                    fields
                        .iter()
                        .map(|field| {
                            let show = field.show.as_deref().map(|text| {
                                serde_json::from_str::<serde_json::Value>(text)
                                    .expect("checked JSON")
                            });
                            (field.id.clone(), field.required, show)
                        })
                        .collect::<Vec<_>>()
                }),
            );
            expected == got
        },
    );
    agree(
        "table",
        body,
        status,
        tables::read_table(request, response),
        checked::check_data(request, response, &checked::TABLE),
        |_, _| true,
    );
    agree(
        "model",
        body,
        status,
        tables::read_model(request, response),
        checked::check_data(request, response, &checked::MODEL),
        |_, _| true,
    );
    agree(
        "created",
        body,
        status,
        sources::read_created(request, response),
        checked::check_created(request, response, "id", &checked::SOURCE),
        |a, b| match (a, b) {
            (census_wasm::core::models::Created::Id(a), checked::CheckedCreated::Id(b)) => a == b,
            (census_wasm::core::models::Created::Source(_), checked::CheckedCreated::Source) => {
                true
            }
            _ => false,
        },
    );
    agree(
        "deleted",
        body,
        status,
        sources::read_deleted(request, response),
        checked::check_status_only(request, response),
        |_, _| true,
    );
    agree(
        "refresh key",
        body,
        status,
        sources::read_refresh_key(request, response),
        checked::check_refresh_key(request, response),
        |a, b| a == b,
    );
    agree(
        "refresh status",
        body,
        status,
        sources::read_refresh_status(request, response),
        checked::check_refresh_status(request, response),
        |a, b| a == b,
    );

    // The scanner's own paths: the first shape error in document order, as serde finds it.
    let opt = |name, kind| Field {
        name,
        kind,
        required: false,
        nullable: true,
    };
    let fields = [
        opt("status", Kind::Status),
        opt("message", Kind::Any),
        opt("pagination", Kind::Object(&schema::PAGINATION)),
        opt("next", Kind::Str),
        opt("data", Kind::Array(&SOURCE_ITEM)),
    ];
    let shape = Shape {
        name: "Envelope",
        fields: &fields,
    };
    let ours = scan::check_document(body, &shape, None, None);
    let theirs = from_json_slice::<Envelope<Vec<Source>>>(body);
    if let (Err(ours), Err(theirs)) = (&ours, &theirs)
        && !ours.not_json
        && !theirs.not_json
        && !ours.reason.contains("got an array")
        && !ours.reason.contains("which JavaScript keeps exact")
        // The scanner names a repeated member in its path; serde names the object.
        && ours.reason != "given twice"
    {
        PATHS_COMPARED.fetch_add(1, Ordering::Relaxed);
        assert_eq!(
            ours.path, theirs.path,
            "scanner path vs serde path: {} / {}",
            ours.reason, theirs.reason
        );
    }
}

/// A well-typed page with arbitrary numbers: repeated ids, counts that disagree, no pagination.
fn random_page(rng: &mut Rng) -> Page<Source> {
    let source = |id: u64| Source {
        id,
        name: String::new(),
        label: None,
        source_type: None,
        created_at: None,
        last_test_succeeded: None,
        last_tested_at: None,
        last_test_results: None,
        connection_details: None,
        read_only_connection: None,
        sync_engine: None,
        warehouse_writeback_retention_in_days: None,
        data_sources: None,
    };
    let small = |rng: &mut Rng| {
        if rng.chance(10) {
            rng.next() as u32
        } else {
            rng.below(12) as u32
        }
    };
    Page {
        data: (0..rng.below(12)).map(|_| source(rng.below(30))).collect(),
        pagination: rng
            .chance(80)
            .then(|| census_wasm::core::models::Pagination {
                total_records: if rng.chance(10) {
                    rng.next()
                } else {
                    rng.below(300)
                },
                per_page: small(rng),
                prev_page: rng.chance(50).then(|| small(rng)),
                page: small(rng),
                next_page: rng.chance(50).then(|| small(rng)),
                last_page: small(rng),
            }),
        next: rng
            .chance(30)
            .then(|| format!("https://x/api/v1/sources?page={}", small(rng))),
        total: rng.chance(30).then(|| u64::from(small(rng))),
    }
}

/// How many cases reached the paginator, reported so a run shows it was exercised.
static PAGINATOR_CASES: AtomicU64 = AtomicU64::new(0);

/// Arbitrary (but well-typed) pages fed to a paginator with an arbitrary plan, in any order.
fn paginator(rng: &mut Rng, body: &[u8]) {
    let page = from_json_slice::<Page<Source>>(body).unwrap_or_else(|_| random_page(rng));
    PAGINATOR_CASES.fetch_add(1, Ordering::Relaxed);
    let plan = ListPlan {
        per_page: rng.below(120) as u32,
        order: if rng.chance(50) {
            Order::Asc
        } else {
            Order::Desc
        },
        concurrency: rng.below(20) as u32,
        max_items: rng.chance(30).then(|| rng.below(1000)),
        start_page: rng.below(4) as u32,
    };
    let Ok(mut machine) = Paginator::<Source>::new(plan) else {
        return;
    };
    for _ in 0..4 {
        let requested = machine.next_requests();
        for number in requested {
            let _ = machine.accept(number, page.clone());
        }
        let _ = machine.accept(rng.next() as u32, page.clone());
        let released = machine.take_ready();
        let keys: std::collections::HashSet<u64> =
            released.iter().map(|source| source.id).collect();
        assert_eq!(
            keys.len(),
            released.len(),
            "a key released twice in one batch"
        );
        let _ = machine.progress();
    }
}

fn builders(rng: &mut Rng, body: &[u8]) {
    if let Ok(options) = from_json_slice::<ListOptions>(body) {
        let _ = sources::list_sources(&options);
    }
    if let Ok(input) = from_json_slice::<CreateSourceInput>(body) {
        if let Err(err) = sources::create_source(&input) {
            check_error(&err, "create");
        }
    }
    if let Ok(input) = from_json_slice::<UpdateSourceInput>(body) {
        let _ = sources::update_source(rng.next(), &input);
    }
    let _ = from_json_slice::<RetryOptions>(body)
        .map(|options| options.apply(RetryPolicy::default(), rng.chance(50), "retry"));
    let options = ListOptions {
        page: rng.chance(70).then(|| rng.next() as u32),
        per_page: rng.chance(70).then(|| rng.below(300) as u32),
        order: rng.chance(50).then(|| rng.pick(WORDS).to_owned()),
    };
    let _ = sources::list_sources(&options);
    let float = f64::from_bits(rng.next());
    let _ = sources::check_id("id", float);
    let _ = sources::check_id("id", (rng.next() >> rng.below(64)) as f64);
    let _ = retry::check_timeout_ms("timeoutMs", float);
    let _ = sources::get_source(rng.next());
    let _ = sources::refresh_tables_status(rng.next(), rng.chance(80).then(|| rng.next()));
    let text = String::from_utf8_lossy(body);
    let _ = ClientConfig::new(Some(&text), rng.chance(50).then_some(text.as_ref()));
    callers(rng, &text);
    let _ = retry::parse_retry_after(&text, rng.next());
    let policy = RetryPolicy {
        max_attempts: rng.below(25) as u32,
        base_delay_ms: rng.next() >> rng.below(64),
        max_delay_ms: rng.next() >> rng.below(64),
        max_elapsed_ms: rng.next(),
        retry_non_idempotent: rng.chance(50),
    };
    let outcome = if rng.chance(30) {
        AttemptOutcome::NoAnswer
    } else {
        AttemptOutcome::Answered {
            status: rng.below(600) as u16,
            retry_after: Some(&text),
        }
    };
    let method = [Method::Get, Method::Post, Method::Patch, Method::Delete][rng.below(4) as usize];
    let _ = retry::decide(
        &policy,
        method,
        rng.below(30) as u32,
        rng.next(),
        outcome,
        rng.next(),
        f64::from_bits(rng.next()),
    );
}

/// Argument lists `callers` saw accepted.
static ARGUMENTS_ACCEPTED: AtomicU64 = AtomicU64::new(0);

/// What a caller gives, as the JS layer writes it (`core::arguments`): the document as the
/// arguments of a random method, alone, in a list, beside the runtime's marks; the request built
/// from what was accepted; and the document as a client's options.
fn callers(rng: &mut Rng, text: &str) {
    const MARKS: &[&str] = &[
        r#""\u0000function""#,
        r#""\u0000NaN""#,
        r#""\u0000-Infinity""#,
        r#""\u0000signal""#,
        r#""\u0000threw:cycle""#,
        "null",
        "12",
        r#""12""#,
    ];
    let ops: Vec<_> = api::ops().chain(api::stitch::STITCH_OPS.iter()).collect();
    let op = ops[rng.below(ops.len() as u64) as usize];
    let mark = rng.pick(MARKS);
    for args in [
        text.to_owned(),
        format!("[{text}]"),
        format!("[{text},{mark}]"),
        format!("[{mark},{text}]"),
        format!("[{mark},{mark},{text}]"),
    ] {
        match arguments::read(op, &args, &CallSettings::default()) {
            Ok(read) => {
                ARGUMENTS_ACCEPTED.fetch_add(1, Ordering::Relaxed);
                let mut call = Call::new(op.endpoint, op.args, read.values);
                call.paging = read.paging;
                call.filters = read.filters;
                call.flags = op.flags;
                call.flag_values = read.flags;
                if let Err(err) = call.request() {
                    check_error(&err, "request from arguments");
                }
            }
            Err(err) => check_error(&err, "arguments"),
        }
    }
    let kind = if rng.chance(50) {
        ClientKind::Census
    } else {
        ClientKind::Stitch
    };
    if let Err(err) = arguments::read_client_options(kind, text, rng.chance(80)) {
        check_error(&err, "client options");
    }
}

// ---- every method's machine, against hostile answers ----------------------------------------

/// Calls whose machine ran, answers and failures handed to machines, and how the calls ended.
static MACHINE_CALLS: AtomicU64 = AtomicU64::new(0);
static MACHINE_ANSWERS: AtomicU64 = AtomicU64::new(0);
static MACHINE_DONE: AtomicU64 = AtomicU64::new(0);
static LISTING_CALLS: AtomicU64 = AtomicU64::new(0);
static TOKENS_SCRUBBED: AtomicU64 = AtomicU64::new(0);
/// The methods (by address: both clients have a `getSource`) whose machine ended with a value.
static ENDED_WITH_VALUE: std::sync::Mutex<std::collections::BTreeSet<usize>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

/// Inputs the generator below cannot make (an email, an https URL, a sync's rules), each valid
/// for the method named: the README's examples, as JSON.
const KNOWN_INPUTS: &[(&str, &str)] = &[
    (
        "createSync",
        r#"{"operation":"upsert","source_attributes":{"connection_id":8,"data_source":{"type":"table","table_schema":"billing","table_name":"users"}},"destination_attributes":{"connection_id":15,"object":"user"},"mappings":[{"from":"email","to":"external_id","is_primary_identifier":true}],"schedule_frequency":"daily","schedule_hour":6,"schedule_minute":0}"#,
    ),
    ("updateSync", r#"{"paused":true}"#),
    (
        "createDataset",
        r#"{"name":"Paying users","type":"sql","source_id":8,"query":"select 1"}"#,
    ),
    ("updateDataset", r#"{"description":"Refreshed daily"}"#),
    (
        "createWebhook",
        r#"{"endpoint":"https://hooks.example.com/census","events":["sync.failed"]}"#,
    ),
    (
        "inviteToWorkspace",
        r#"{"emails":["ana@example.com"],"role":"viewer"}"#,
    ),
    (
        "createInvitation",
        r#"{"email":"ana@example.com","role":"member","workspaces":[{"id":1002,"role":"editor"}]}"#,
    ),
    (
        "updateSource",
        r#"{"name":"Prod (EU)","warehouse_writeback_retention_in_days":14,"credentials":{"password":"p"}}"#,
    ),
    ("updateSource", r#"{"display_name":"Orders"}"#),
    (
        "updateStreamMetadata",
        r#"{"streams":[{"tap_stream_id":"demo-public-orders","metadata":[{"breadcrumb":[],"metadata":{"selected":true}}]}]}"#,
    ),
];

/// A valid argument for `arg` of the method `name` (or now and then a doubtful one), as the JS
/// layer writes it.
fn argument_json(rng: &mut Rng, name: &str, arg: &api::Arg) -> String {
    use api::ArgKind;
    if matches!(arg.kind, ArgKind::Input(_) | ArgKind::Json(_)) && rng.chance(50) {
        let known: Vec<&str> = KNOWN_INPUTS
            .iter()
            .filter(|(method, _)| *method == name)
            .map(|(_, input)| *input)
            .collect();
        if !known.is_empty() {
            return rng.pick(&known).to_owned();
        }
    }
    match arg.kind {
        ArgKind::Id { .. } => match rng.below(10) {
            0 => (rng.next() >> 11).to_string(),
            1 => rng.pick(&["0", "-1", "1.5", "null", r#""12""#]).to_owned(),
            _ => (1 + rng.below(50)).to_string(),
        },
        ArgKind::Key => match rng.below(4) {
            0 => format!("\"{}\"", 1 + rng.below(50)),
            _ => (1 + rng.below(50)).to_string(),
        },
        ArgKind::Name { .. } | ArgKind::Text { .. } => match rng.below(4) {
            0 => r#""https://app.getcensus.com/api/v1/segments/3/jobs/9""#.to_owned(),
            1 => {
                let mut value = String::new();
                json_value(rng, 3, &mut value);
                value
            }
            _ => format!("\"{}\"", rng.pick(&["snowflake", "a b/c%?#é", "x", " y "])),
        },
        ArgKind::Locator => r#"{"table_schema":"public","table_name":"users"}"#.to_owned(),
        ArgKind::Input(input) => {
            let mut members = Vec::new();
            for field in input.fields {
                if field.required.is_none() && !rng.chance(30) {
                    continue;
                }
                let value = match field.kind {
                    InKind::Str | InKind::Name => format!("\"{}\"", rng.pick(WORDS)),
                    InKind::OneOf(values) => format!("\"{}\"", rng.pick(values)),
                    InKind::Object => r#"{"account":"a","user":"u"}"#.to_owned(),
                    InKind::Bool => "true".to_owned(),
                    InKind::Count => (1 + rng.below(9)).to_string(),
                    InKind::CreateOnly => continue,
                };
                members.push(format!("\"{}\":{value}", field.name));
            }
            format!("{{{}}}", members.join(","))
        }
        ArgKind::Json(input) => samples::object(input.shape, rng.chance(50)),
        ArgKind::Stamp { .. } => "null".to_owned(),
    }
}

/// The options object of a call of `op`: none, or a few of the options its mode takes.
fn options_json(rng: &mut Rng, op: &api::Op) -> Option<String> {
    use api::Mode;
    if rng.chance(40) {
        return None;
    }
    let mut members = Vec::new();
    if rng.chance(30) {
        members.push(format!("\"timeoutMs\":{}", rng.below(100_000)));
    }
    if rng.chance(20) {
        members.push(format!(
            r#""retry":{{"maxAttempts":{},"baseDelayMs":{}}}"#,
            rng.below(6),
            rng.below(2000)
        ));
    }
    match op.mode {
        Mode::Create { typed } => {
            if rng.chance(50) {
                members.push(format!("\"readBack\":{}", rng.chance(50)));
            }
            if typed && rng.chance(50) {
                members.push("\"checkType\":true".to_owned());
            }
        }
        Mode::Wait { .. } => {
            members.retain(|member| !member.starts_with("\"timeoutMs\""));
            members.push(format!(
                r#""intervalMs":{},"maxIntervalMs":{},"timeoutMs":{}"#,
                rng.below(5000),
                5000 + rng.below(60_000),
                rng.below(600_000)
            ));
        }
        Mode::Iterate | Mode::ListAll => members.push(format!(
            r#""perPage":{},"concurrency":{},"maxItems":{}"#,
            1 + rng.below(100),
            1 + rng.below(6),
            rng.below(200)
        )),
        Mode::Call if op.endpoint.paged() && rng.chance(50) => {
            members.push(format!("\"page\":{}", 1 + rng.below(4)));
        }
        _ => {}
    }
    for flag in op.flags {
        if rng.chance(30) {
            members.push(format!("\"{}\":{}", flag.key, rng.chance(50)));
        }
    }
    Some(format!("{{{}}}", members.join(",")))
}

/// Every endpoint the requests of `op` may go to: its own, a create's read-back and the source
/// type it checks against, a wait's start and status, a token's source read again.
fn endpoints_of(op: &api::Op) -> Vec<&'static api::Endpoint> {
    let mut endpoints = vec![op.endpoint];
    match op.endpoint.reply {
        api::Reply::Created(creation) => endpoints.push(creation.read),
        api::Reply::TokenDeleted => endpoints.push(&api::stitch::GET_SOURCE),
        _ => {}
    }
    match op.mode {
        api::Mode::Create { typed: true } => endpoints.push(&api::GET_SOURCE_TYPE),
        api::Mode::Wait { poll, .. } => {
            endpoints.extend([poll.start, poll.status]);
            // A replication's extractions are listed under the source's Stitch client.
            if poll.job == api::JobKind::Extraction {
                endpoints.push(&api::stitch::GET_SOURCE);
            }
        }
        _ => {}
    }
    endpoints
}

/// Whether `path` is one of `template`'s (each `{}` one segment).
fn path_of(template: &str, path: &str) -> bool {
    let (mut ours, mut theirs) = (template.split('/'), path.split('/'));
    loop {
        match (ours.next(), theirs.next()) {
            (None, None) => return true,
            (Some("{}"), Some(segment)) if !segment.is_empty() => {}
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// The reply `request` expects: its endpoint's among `op`'s, or for a job followed at a URL an
/// answer named, the wait's status.
fn reply_for(op: &api::Op, request: &HttpRequest) -> Option<api::Reply> {
    let endpoints = endpoints_of(op);
    endpoints
        .iter()
        .find(|endpoint| endpoint.method == request.method && path_of(endpoint.path, &request.path))
        .or(match op.mode {
            api::Mode::Wait { poll, .. } => Some(&poll.status),
            _ => None,
        })
        .map(|endpoint| endpoint.reply)
}

/// The client's token, which answers quote in `answer_body` and no error may show.
const SECRET: &str = "csl_tok-7Hq2/Zp9w8Kd";

/// States a job, a run or an extraction may be in, put where a sample has `"x"` or another state.
const STATES: &[&str] = &[
    "completed",
    "failed",
    "working",
    "queued",
    "running",
    "succeeded",
    "cancelled",
    "error",
    "processing",
    "skipped",
    "x",
];

/// An answer body for `request`, one of `op`'s: mostly a valid answer to the reply it expects,
/// sometimes to another of `op`'s (now and then with other states), or an arbitrary document.
fn answer_body(rng: &mut Rng, op: &api::Op, request: &HttpRequest, body: &[u8]) -> Vec<u8> {
    let endpoints = endpoints_of(op);
    let reply = match reply_for(op, request) {
        Some(reply) if rng.chance(80) => reply,
        _ => endpoints[rng.below(endpoints.len() as u64) as usize].reply,
    };
    match (rng.below(12), samples::answer(reply, rng.chance(50))) {
        (0..=4, Some(sample)) => sample.into_bytes(),
        // Answers that quote the token: an error's message (now and then long enough to be
        // cut short around it), or any string of a valid answer.
        (7, _) => {
            let padding = "p".repeat(rng.below(320) as usize);
            format!(
                r#"{{"status":"error","message":"{padding}bad token {SECRET}","error":"{SECRET}","type":"{SECRET}"}}"#
            )
            .into_bytes()
        }
        (8, Some(sample)) => sample
            .replace("\"x\"", &format!("\"{SECRET}\""))
            .into_bytes(),
        (5..=6, Some(sample)) => {
            let state = rng.pick(STATES);
            let mut text = sample.replace("\"x\"", &format!("\"{state}\""));
            for from in ["completed", "success", "succeeded"] {
                if rng.chance(30) {
                    text = text.replace(&format!("\"{from}\""), &format!("\"{state}\""));
                }
            }
            text.into_bytes()
        }
        _ => body.to_vec(),
    }
}

/// Whether a call's value was read from an answer (rather than made by the core or nothing).
fn read_from_answer(output: &Output) -> bool {
    matches!(
        output,
        Output::Data | Output::Body | Output::Text | Output::Page { .. }
    )
}

/// A random method of either client, called with generated arguments, its machine driven
/// against answers that are valid, odd, failing or missing, with the clock jumping. No step may
/// panic; each error keeps the readers' promises; a value read from an answer comes from a
/// 2xx answer; no POST is sent twice; a create the API accepted never fails as anything but
/// `ReadBack`, which says the resource exists; and no error shows the token answers quote.
fn machines(rng: &mut Rng, body: &[u8]) {
    let ops: Vec<&api::Op> = api::ops().chain(api::stitch::STITCH_OPS.iter()).collect();
    let op = ops[rng.below(ops.len() as u64) as usize];
    let mut given: Vec<String> = op
        .args
        .iter()
        .filter(|arg| !matches!(arg.kind, api::ArgKind::Stamp { .. }))
        .map(|arg| argument_json(rng, op.name, arg))
        .collect();
    given.extend(options_json(rng, op));
    let args = format!("[{}]", given.join(","));
    let read = match arguments::read(op, &args, &CallSettings::default()) {
        Ok(read) => read,
        Err(err) => return check_error(&err, "arguments"),
    };
    if matches!(
        op.mode,
        api::Mode::Iterate | api::Mode::ListAll | api::Mode::Catalogue
    ) {
        return listing(rng, op, read, body);
    }
    MACHINE_CALLS.fetch_add(1, Ordering::Relaxed);
    let config = ClientConfig::new(Some("https://app.getcensus.com/api/v1"), Some(SECRET))
        .expect("a valid configuration");
    let mut machine = method::machine(op, read);
    let mut now: u64 = 1_764_800_000_000 + rng.below(1 << 40);
    let mut step = machine.start(now);
    let mut last_status: Option<u16> = None;
    let mut created = false;
    let mut posts: Vec<(String, Option<String>)> = Vec::new();
    let mut progress: [Option<u64>; 2] = [None, None];
    for _ in 0..64 {
        if let Some(report) = machine.take_report() {
            let value: serde_json::Value = serde_json::from_str(&report).unwrap_or_else(|_| {
                panic!("{}: a progress report that is not JSON: {report}", op.name)
            });
            // Progress never goes back: a caller may draw a bar from it.
            let counts = ["attempts", "elapsedMs"].map(|key| value[key].as_u64());
            for (key, (now, before)) in ["attempts", "elapsedMs"]
                .iter()
                .zip(counts.iter().zip(&progress))
            {
                assert!(
                    now >= before,
                    "{}: {key} went back from {before:?} to {now:?}: {report}",
                    op.name
                );
            }
            progress = counts;
        }
        step = match step {
            Step::Done(output) => {
                ENDED_WITH_VALUE
                    .lock()
                    .unwrap()
                    .insert(op as *const api::Op as usize);
                MACHINE_DONE.fetch_add(1, Ordering::Relaxed);
                if read_from_answer(&output) {
                    let status = last_status.unwrap_or_default();
                    assert!(
                        (200..300).contains(&status),
                        "{}: {output:?} read from an HTTP {status} answer",
                        op.name
                    );
                }
                if let Output::Json(json) = &output {
                    let mut scanner = scan::Scanner::new(json.as_bytes());
                    assert!(
                        scanner.skip(false).and_then(|()| scanner.end()).is_ok(),
                        "{}: a value that is not JSON: {json}",
                        op.name
                    );
                }
                return;
            }
            Step::Fail(err) => {
                check_error(&err, op.name);
                // What the JS error is built from, scrubbed as the binding scrubs it.
                if err.to_json(&str::to_owned).contains(SECRET) {
                    TOKENS_SCRUBBED.fetch_add(1, Ordering::Relaxed);
                }
                let json = err.to_json(&|text: &str| config.redact(text));
                assert!(
                    !json.contains(SECRET),
                    "{}: the token in an error: {json}",
                    op.name
                );
                assert!(
                    !created || err.kind == ErrorKind::ReadBack,
                    "{}: a create the API accepted failed as {:?}: {}",
                    op.name,
                    err.kind,
                    err.message
                );
                return;
            }
            Step::Sleep(ms) => {
                if rng.chance(5) {
                    check_error(&machine.aborted(), "aborted");
                    return;
                }
                now += u64::from(ms);
                machine.woke(now)
            }
            Step::Send { request, .. } => {
                assert!(
                    request.path.starts_with('/') || request.path.starts_with("https://"),
                    "{}: a request to {:?}",
                    op.name,
                    request.path
                );
                // Nothing is lost and nothing is done twice: a POST, answered or not, is
                // never sent again by the machine (the attempts layer alone may retry it,
                // and only when the caller allows).
                if request.method == Method::Post {
                    let post = (request.path.clone(), request.body.clone());
                    assert!(
                        !posts.contains(&post),
                        "{}: {} sent twice",
                        op.name,
                        request.path
                    );
                    posts.push(post);
                }
                now += rng.below(3000);
                if rng.chance(10) {
                    let kind = if rng.chance(50) {
                        ErrorKind::Network
                    } else {
                        ErrorKind::Timeout
                    };
                    machine.failed(ClientError::new(kind, "no answer"), now)
                } else {
                    MACHINE_ANSWERS.fetch_add(1, Ordering::Relaxed);
                    let status = match rng.below(10) {
                        0..=5 => [200, 200, 201, 202][rng.below(4) as usize],
                        6 => 204,
                        _ => [400, 401, 403, 404, 409, 422, 429, 500, 503][rng.below(9) as usize],
                    };
                    let text = answer_body(rng, op, &request, body);
                    let retry_after = rng.chance(10).then(|| rng.pick(&["1", "0", "x", "999999"]));
                    let response = RawResponse {
                        status,
                        content_type: Some(rng.pick(&[
                            "application/json",
                            "application/json; charset=utf-8",
                            "text/plain",
                            "text/html",
                        ])),
                        body: &text,
                    };
                    let posted = request.method == Method::Post;
                    let step = machine.answered(&Answer {
                        request: &request,
                        response,
                        retry_after,
                        long_wait: None,
                        maybe_acted: rng.chance(10),
                        now_ms: now,
                    });
                    last_status = Some(status);
                    if matches!(op.mode, api::Mode::Create { .. })
                        && posted
                        && (200..300).contains(&status)
                        && !validate_only(&request)
                    {
                        match &step {
                            // Reading the new resource back: the core took the create as done.
                            Step::Send { .. } => created = true,
                            // A 2xx that is not a create's answer is the API's error envelope
                            // (worded as the API's error) or unreadable (`ReadBack`: it may
                            // have created the resource).
                            Step::Fail(err) => assert!(
                                matches!(
                                    err.kind,
                                    ErrorKind::ReadBack
                                        | ErrorKind::Api
                                        | ErrorKind::NotFound
                                        | ErrorKind::Authentication
                                        | ErrorKind::RateLimited
                                        | ErrorKind::StitchApi
                                ),
                                "{}: a create answered {status} failed as {:?}: {}",
                                op.name,
                                err.kind,
                                err.message
                            ),
                            _ => {}
                        }
                    }
                    step
                }
            }
        };
    }
}

/// Whether `request` asks the API only to check its input (`validateOnly`).
fn validate_only(request: &HttpRequest) -> bool {
    request
        .query
        .iter()
        .any(|(key, value)| *key == "validate_only" && value == "true")
        || request
            .body
            .as_deref()
            .is_some_and(|body| body.contains("\"validate_only\":true"))
}

/// An item of a listing's page, by its key.
struct Key(u64);

impl Keyed for Key {
    fn key(&self) -> u64 {
        self.0
    }
}

/// A listing of `op` driven as the runtime drives one, every page answered by `answer_body`.
fn listing(rng: &mut Rng, op: &'static api::Op, read: arguments::Read, body: &[u8]) {
    let (listing, plan) = match method::listing(op, read) {
        Ok(listing) => listing,
        Err(err) => return check_error(&err, "listing"),
    };
    let Ok(mut paginator) = Paginator::<Key>::new(plan) else {
        return;
    };
    LISTING_CALLS.fetch_add(1, Ordering::Relaxed);
    for _ in 0..8 {
        if paginator.status() != Status::Running {
            break;
        }
        for page in paginator.next_requests() {
            let request = match listing.request(&paginator.list_options(page)) {
                Ok(request) => request,
                Err(err) => return check_error(&err, "page request"),
            };
            let text = answer_body(rng, op, &request, body);
            let status = if rng.chance(85) { 200 } else { 500 };
            let raw = RawResponse {
                status,
                content_type: Some("application/json"),
                body: &text,
            };
            match listing.read_keys(&request, &raw) {
                Ok(keys) => {
                    let page_of_keys = Page {
                        data: keys.data.into_iter().map(Key).collect(),
                        pagination: keys.pagination,
                        next: keys.next,
                        total: keys.total,
                    };
                    let _ = paginator.accept(page, page_of_keys);
                }
                Err(err) => {
                    check_error(&err, "page");
                    paginator.fail(page, err);
                }
            }
        }
        let _ = paginator.take_ready();
    }
}

/// Bodies the fuzzer once found the two readers disagreeing on, replayed on every run.
#[test]
fn the_readers_agree_on_bodies_the_fuzzer_found() {
    // An error envelope whose message is an object, beside a number no double holds: the serde
    // reader looked for `message` with a scan that the number stopped, and read the job's state.
    let bodies: [&[u8]; 1] = [br#"{"status":"error","x":[1e400],"message":{"a":1}}"#];
    let request = HttpRequest::new(Method::Get, "/sources/1".into(), "source 1".into());
    for body in bodies {
        let response = RawResponse {
            status: 200,
            content_type: Some("application/json"),
            body,
        };
        differential(&request, &response);
    }
}

#[test]
fn no_input_panics_a_reader_builder_or_parser() {
    let seconds = rng::env_seconds(3);
    let seed = rng::env_seed();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut cases: u64 = 0;
    while Instant::now() < deadline {
        for _ in 0..256 {
            // Each case has its own seed, so any failure replays alone with FUZZ_SEED.
            let case_seed = seed.wrapping_add(cases.wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1;
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                let mut rng = Rng(case_seed);
                let body = document(&mut rng);
                readers(&mut rng, &body);
                builders(&mut rng, &body);
                paginator(&mut rng, &body);
                machines(&mut rng, &body);
            }));
            if let Err(panic) = outcome {
                let mut rng = Rng(case_seed);
                let body = document(&mut rng);
                panic!(
                    "case seed {case_seed} (FUZZ_SEED={seed}, case {cases}) failed on body {:?}: {:?}",
                    String::from_utf8_lossy(&body),
                    panic
                        .downcast_ref::<String>()
                        .map(String::as_str)
                        .or(panic.downcast_ref::<&str>().copied())
                );
            }
            cases += 1;
        }
    }
    let paged = PAGINATOR_CASES.load(Ordering::Relaxed);
    println!(
        "fuzz: {cases} cases in {seconds} s ({paged} reached the paginator, {} argument lists \
         accepted), FUZZ_SEED={seed}",
        ARGUMENTS_ACCEPTED.load(Ordering::Relaxed)
    );
    let load = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
    println!(
        "differential: {} reader pairs agreed ({} both accepted), {} scanner paths matched serde's; \
         deliberate refusals: {} UTF-8/surrogate, {} array for a struct, {} nesting, {} repeated key, \
         {} integer above 2^53; \
         {} error envelopes the scanner reported where serde failed first",
        load(&AGREED),
        load(&ACCEPTED),
        load(&PATHS_COMPARED),
        load(&STRICT_UTF8),
        load(&STRICT_ARRAY),
        load(&STRICT_DEPTH),
        load(&STRICT_REPEAT),
        load(&STRICT_SAFE),
        load(&ENVELOPE_FIRST)
    );
    println!(
        "machines: {} calls driven ({} ended with a value), {} answers handed to them; {} listings; \
         {} errors quoted the token and were scrubbed",
        load(&MACHINE_CALLS),
        load(&MACHINE_DONE),
        load(&MACHINE_ANSWERS),
        load(&LISTING_CALLS),
        load(&TOKENS_SCRUBBED)
    );
    let ended = ENDED_WITH_VALUE.lock().unwrap();
    let machines: Vec<&api::Op> = api::ops()
        .chain(api::stitch::STITCH_OPS.iter())
        .filter(|op| {
            !matches!(
                op.mode,
                api::Mode::Iterate | api::Mode::ListAll | api::Mode::Catalogue
            )
        })
        .collect();
    let never: Vec<&str> = machines
        .iter()
        .filter(|op| !ended.contains(&(**op as *const api::Op as usize)))
        .map(|op| op.name)
        .collect();
    println!(
        "{} of {} methods that are not listings ended with a value at least once; not: {}",
        machines.len() - never.len(),
        machines.len(),
        never.join(", ")
    );
    assert!(cases > 1000, "too few cases ran: {cases}");
    assert!(
        load(&MACHINE_DONE) > 0 && load(&LISTING_CALLS) > 0,
        "no machine ended with a value, or no listing ran"
    );
}
