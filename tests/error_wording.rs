//! The words of errors as a user reads them: each names what is at fault and says what
//! happened, no more and no less (found by reading ~400 errors of the package as a user would).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

use census_wasm::core::api::{self, ArgValue, Call};
use census_wasm::core::arguments::{self, CallSettings, ClientKind};
use census_wasm::core::attempts::RequestAttempts;
use census_wasm::core::checked;
use census_wasm::core::config::ClientConfig;
use census_wasm::core::error::{ClientError, ErrorKind};
use census_wasm::core::request::{Auth, HttpRequest, Method};
use census_wasm::core::response::{self, RawResponse};
use census_wasm::core::retry::RetryPolicy;
use census_wasm::core::{sources, stitch};
use std::rc::Rc;

fn get_source() -> HttpRequest {
    sources::get_source(94).expect("a request")
}

fn answer(
    status: u16,
    content_type: Option<&'static str>,
    body: &'static str,
) -> RawResponse<'static> {
    RawResponse {
        status,
        content_type,
        body: body.as_bytes(),
    }
}

fn refused(name: &str, text: &str) -> ClientError {
    let op = api::op(name).unwrap_or_else(|| panic!("no method {name}"));
    arguments::read(op, text, &CallSettings::default()).expect_err(text)
}

#[test]
fn a_token_given_as_the_options_is_never_quoted() {
    for kind in [ClientKind::Census, ClientKind::Stitch] {
        let err = arguments::read_client_options(kind, r#""secret-token:abc123""#, true)
            .expect_err("a string is no options object");
        assert_eq!(err.kind, ErrorKind::InvalidConfig);
        assert!(!err.message.contains("abc123"), "{}", err.message);
        assert!(err.message.ends_with("got a string"), "{}", err.message);
    }
}

#[test]
fn numbers_are_shown_and_a_range_is_said_whatever_was_given() {
    for (text, says) in [
        (r#"[{"perPage": 1.5}]"#, "got the number 1.5"),
        (r#"[{"perPage": -1}]"#, "got the number -1"),
        (r#"[{"perPage": 0}]"#, "got the number 0"),
        (r#"[{"perPage": "x"}]"#, r#"got a string "x""#),
    ] {
        let err = refused("listSources", text);
        assert_eq!(err.field.as_deref(), Some("perPage"), "{text}");
        assert_eq!(
            err.message,
            format!("perPage: expected an integer from 1 to 100, {says}"),
            "{text}"
        );
    }
    // Run records page at most 99; the iterator reads the same range.
    let err = refused("listSyncRunRecords", r#"[94, {"perPage": 2.5}]"#);
    assert!(err.message.contains("from 1 to 99"), "{}", err.message);
    let err = refused("iterateSources", r#"[{"perPage": 101}]"#);
    assert!(
        err.message.contains("from 1 to 100, got the number 101"),
        "{}",
        err.message
    );
    // NaN is named as what it is, not as "a number".
    let err = refused(
        "createSource",
        r#"[{"type": "t", "credentials": {"port": "\u0000NaN"}}]"#,
    );
    assert!(err.message.ends_with("it holds NaN"), "{}", err.message);
}

#[test]
fn a_getter_that_throws_is_said_plainly() {
    let err = refused(
        "getSource",
        r#"[94, {"timeoutMs": "\u0000threw:getter broke"}]"#,
    );
    assert_eq!(err.field.as_deref(), Some("timeoutMs"));
    assert!(
        err.message
            .ends_with("got a value that threw when read (getter broke)"),
        "{}",
        err.message
    );
}

#[test]
fn a_connector_name_is_asked_for_as_a_connector() {
    let op = api::op("getConnector").expect("getConnector");
    let err = Call::new(op.endpoint, op.args, vec![ArgValue::Name(String::new())])
        .request()
        .expect_err("an empty name");
    assert!(err.message.contains("\"braze\""), "{}", err.message);
    assert!(!err.message.contains("source type"), "{}", err.message);
}

#[test]
fn a_repeated_member_is_named_in_the_path_and_null_is_said_as_null() {
    let body = r#"{"status": "success", "data": {"id": 1, "id": 2, "name": "a"}}"#;
    let err = checked::check_data(
        &get_source(),
        &RawResponse::json(200, body),
        &checked::SOURCE,
    )
    .expect_err("id twice");
    assert_eq!(err.field.as_deref(), Some("data.id"), "{}", err.message);
    assert!(
        err.message.ends_with("data.id: given twice"),
        "{}",
        err.message
    );
    let null = RawResponse::json(200, r#"{"status": "success", "data": null}"#);
    let err = checked::check_data(&get_source(), &null, &checked::SOURCE).expect_err("null");
    assert!(
        err.message.ends_with("data: required field is null"),
        "{}",
        err.message
    );
    assert!(!err.message.contains("expected a value"), "{}", err.message);
}

#[test]
fn broken_json_is_said_as_such_and_only_a_page_that_is_not_json_hints_at_base_url() {
    // JSON cut short or out of range came from a JSON API: the reason, no baseUrl hint.
    for body in [
        r#"{"status": "success", "data": {"id": 1e400}}"#,
        r#"{"status": "success", "data": {"id": 1, "name": "cut"#,
    ] {
        let err = checked::check_data(
            &get_source(),
            &RawResponse::json(200, body),
            &checked::SOURCE,
        )
        .expect_err(body);
        assert_eq!(err.kind, ErrorKind::UnexpectedResponse, "{body}");
        assert!(
            err.message.contains("a body that is not valid JSON ("),
            "{}",
            err.message
        );
        assert!(!err.message.contains("baseUrl"), "{}", err.message);
    }
    // An HTML page where JSON belongs: the hint stays.
    let html = answer(200, Some("text/html"), "<!doctype html><title>App</title>");
    let err = checked::check_data(&get_source(), &html, &checked::SOURCE).expect_err("html");
    assert!(
        err.message
            .ends_with("; is baseUrl the API's address (ending in /api/v1)?"),
        "{}",
        err.message
    );
}

#[test]
fn a_404_that_is_not_the_apis_own_answer_says_base_url_may_be_wrong() {
    for (body, says) in [
        ("", "with an empty body, not the API's own answer"),
        (
            "<h1>Not Found</h1>",
            "with a body that is not JSON (text/html)",
        ),
    ] {
        let err =
            response::error_from_response(&get_source(), &answer(404, Some("text/html"), body));
        assert_eq!(
            (err.kind, err.status),
            (ErrorKind::NotFound, Some(404)),
            "{body:?}"
        );
        assert!(
            err.message
                .starts_with("source 94 was not found (HTTP 404)"),
            "{}",
            err.message
        );
        assert!(err.message.contains(says), "{}", err.message);
        assert!(
            err.message
                .ends_with("is baseUrl the API's address (ending in /api/v1)?"),
            "{}",
            err.message
        );
    }
    // The API's own not-found answer is taken at its word.
    let own = RawResponse::json(
        404,
        r#"{"status": "not_found", "message": "Source not found"}"#,
    );
    let err = response::error_from_response(&get_source(), &own);
    assert_eq!(
        err.message,
        "source 94 was not found (HTTP 404: Source not found)"
    );
    // Stitch: its own address.
    let mut request = HttpRequest::new(Method::Get, "/v4/sources/7".into(), "source 7".into());
    request.auth = Auth::Stitch;
    let err = stitch::error_from(&request, &answer(404, None, ""));
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(
        err.message.contains("is baseUrl Stitch's address"),
        "{}",
        err.message
    );
}

#[test]
fn an_error_envelope_in_a_2xx_answer_says_the_http_status_it_came_with() {
    let body = r#"{"status": "not_found", "message": "Source not found"}"#;
    let err = checked::check_data(
        &get_source(),
        &RawResponse::json(200, body),
        &checked::SOURCE,
    )
    .expect_err("an error envelope");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(
        err.message
            .contains("(HTTP 200, status \"not_found\": Source not found)"),
        "{}",
        err.message
    );
    let coded = RawResponse::json(200, r#"{"status": 500, "message": "boom"}"#);
    let err = checked::check_data(&get_source(), &coded, &checked::SOURCE).expect_err("500");
    assert_eq!(
        err.status,
        Some(500),
        "the stated code, as the contract says"
    );
    assert!(
        err.message.contains("(HTTP 200, status 500: boom)"),
        "{}",
        err.message
    );
}

#[test]
fn an_accepted_create_with_an_unreadable_answer_conditions_its_advice_on_base_url() {
    let request = HttpRequest::new(Method::Post, "/sources".into(), "a source".into());
    let html = answer(201, Some("text/html"), "<html>ok</html>");
    let cause = response::not_json_error(&request, &html, None);
    assert!(cause.message.contains("is baseUrl"), "{}", cause.message);
    let err = ClientError::accepted_unread("the new source", 201, cause);
    assert_eq!(err.kind, ErrorKind::ReadBack);
    assert!(!err.message.contains("?."), "{}", err.message);
    assert!(
        err.message.ends_with(
            "\"<html>ok</html>\". If baseUrl is the API's address, it probably exists: look for \
             it before creating it again"
        ),
        "{}",
        err.message
    );
}

#[test]
fn a_stitch_error_that_is_a_sentence_is_its_message() {
    let fault = stitch::fault(br#"{"error": "an account can have at most one destination"}"#)
        .expect("an error shape");
    assert_eq!(fault.kind, None);
    assert_eq!(
        fault.message.as_deref(),
        Some("an account can have at most one destination")
    );
    // A name with its message beside it stays a name.
    let fault = stitch::fault(br#"{"error": "InvalidBody", "data": {"message": "bad"}}"#)
        .expect("an error shape");
    assert_eq!(
        (fault.kind.as_deref(), fault.message.as_deref()),
        (Some("InvalidBody"), Some("bad"))
    );
    let fault = stitch::fault(br#"{"error": "already_running"}"#).expect("an error shape");
    assert_eq!(fault.kind.as_deref(), Some("already_running"));
}

#[test]
fn a_token_pasted_with_its_bearer_scheme_is_refused_saying_so() {
    for given in ["Bearer secret-token:abc", "bearer secret-token:abc"] {
        let err = census_wasm::core::config::ApiToken::new("apiToken", given).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("apiToken"));
        assert!(
            err.message
                .contains("starts with \"Bearer \": give the token alone"),
            "{}",
            err.message
        );
        assert!(!err.message.contains("secret-token"), "{}", err.message);
    }
    // A token that merely starts with the letters is a token.
    assert!(census_wasm::core::config::ApiToken::new("apiToken", "Bearerless-token").is_ok());
}

/// An answer's words reach logs and terminals through `message`: a hostile or broken server must
/// not be able to clear the screen, retitle the terminal, forge a log line or turn the sentence
/// around with them. `apiMessage` keeps them as sent.
#[test]
fn the_api_s_words_are_quoted_without_control_or_bidirectional_characters() {
    let words =
        "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31mRED\r\nFAKE LOG LINE\u{202e}evil\u{0}\u{2066}end";
    let escaped = serde_json::to_string(words).unwrap();
    for (status, body) in [
        (400, format!(r#"{{"status":"error","message":{escaped}}}"#)),
        (500, format!(r#"{{"error":{escaped}}}"#)),
        (
            422,
            format!(r#"{{"error":{{"type":{escaped},"message":{escaped}}}}}"#),
        ),
    ] {
        let answer = RawResponse {
            status,
            content_type: Some("application/json"),
            body: body.as_bytes(),
        };
        let err = response::error_from_response(&get_source(), &answer);
        assert!(
            !err.message.chars().any(|c| c.is_control()
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)),
            "{:?}",
            err.message
        );
        assert!(
            err.message.contains(
                r"\u001b]0;pwned\u0007\u001b[2J\u009b31mRED  FAKE LOG LINE\u202eevil\u0000\u2066end"
            ),
            "{:?}",
            err.message
        );
        assert_eq!(err.api_message.as_deref(), Some(words), "{body}");
    }
}

#[test]
fn a_refusal_of_a_client_without_a_token_says_it_sent_none() {
    use census_wasm::core::config::ClientConfig;
    let refused = answer(
        401,
        Some("application/json"),
        r#"{"status":"error","message":"Invalid credentials"}"#,
    );
    let said = "the Census API refused the credentials for GET /sources/94 (HTTP 401: Invalid \
                credentials); check the apiToken option and the workspace region, or that your \
                proxy adds the token";
    // `apiToken: process.env.CENSUS_API_TOKEN` with the variable unset: no token at all.
    for token in [None, Some("secret-token:abc")] {
        let config = ClientConfig::new(None, token).unwrap();
        let mut err = response::error_from_response(&get_source(), &refused);
        config.explain(&mut err);
        let expected = match token {
            None => format!("{said}; this client has no token, so it sent none"),
            Some(_) => said.to_owned(),
        };
        assert_eq!(err.message, expected);
    }
    // A client with only a personal access token sends it to the organisation endpoints.
    let config = ClientConfig::new(None, None)
        .and_then(|config| config.with_personal_token(Some("pat")))
        .unwrap();
    let mut err = response::error_from_response(&get_source(), &refused);
    config.explain(&mut err);
    assert!(!err.message.contains("no token"), "{}", err.message);
    // Other errors are as they were.
    let mut err = response::error_from_response(&get_source(), &answer(404, None, ""));
    let before = err.message.clone();
    ClientConfig::new(None, None).unwrap().explain(&mut err);
    assert_eq!(err.message, before);
}

#[test]
fn a_request_without_answer_blames_cors_only_in_a_browser() {
    // The runtime says whether it runs in a browser (or a worker of one), where fetch refuses a
    // cross-origin answer without CORS headers; Node, Deno and Bun have no such rule.
    for (browser, ends) in [
        (
            true,
            "The server may be down or unreachable, or it refused this origin (CORS)",
        ),
        (false, "The server may be down or unreachable"),
    ] {
        let config = ClientConfig::new(Some("https://census.test/api/v1"), None)
            .unwrap()
            .in_browser(browser);
        let settings = CallSettings {
            retry: RetryPolicy::never(),
            ..CallSettings::default()
        };
        let mut attempts =
            RequestAttempts::new(&Rc::new(config), &Rc::default(), get_source(), settings);
        attempts.request_json(0.0);
        attempts.fail("network", "TypeError: fetch failed", 1);
        assert_eq!(
            attempts.take_error().message,
            format!(
                "GET /sources/94 could not reach https://census.test/api/v1/sources/94: \
                 TypeError: fetch failed. {ends}"
            ),
            "browser: {browser}"
        );
    }
}
