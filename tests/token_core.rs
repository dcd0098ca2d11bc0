//! Where the token may never go, natively: another host, a URL, a message. Found by an audit
//! that tried to make the token show up (a status URL an answer names after `baseUrl: "/"`, a
//! token passed as a name, a token given in another option's place, a proxy page that quotes
//! it URL-encoded, an answer cut short inside it).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

use census_wasm::core::api::{self, ArgValue};
use census_wasm::core::arguments::{self, CallSettings, ClientKind};
use census_wasm::core::config::ClientConfig;
use census_wasm::core::error::ErrorKind;
use census_wasm::core::poll::status_path;
use census_wasm::core::request::{HttpRequest, Method};

const TOKEN: &str = "secret-token:Zq7x9K2mVb4Lp8Rt";

fn config(base_url: &str) -> ClientConfig {
    ClientConfig::new(Some(base_url), Some(TOKEN)).expect("a config")
}

fn get(path: &str) -> HttpRequest {
    HttpRequest::new(Method::Get, path.into(), "a resource".into())
}

#[test]
fn a_path_never_leaves_the_base_even_after_an_empty_one() {
    // `baseUrl: "/"` is the empty base: a status URL's path `//host/…` would have named
    // another host, and the token would have gone there.
    let path =
        status_path("https://app.getcensus.com/api/v1//evil.test:8080/steal").expect("a path");
    assert_eq!(config("/").url(&get(&path)), "/evil.test:8080/steal");
    assert_eq!(config("/").url(&get("///x")), "/x");
    assert_eq!(
        config("https://app.getcensus.com/api/v1").url(&get(&path)),
        "https://app.getcensus.com/api/v1/evil.test:8080/steal"
    );
    assert_eq!(
        config("/census/api/v1/").url(&get("/sources?page=2")),
        "/census/api/v1/sources?page=2"
    );
}

#[test]
fn a_token_given_as_a_name_or_a_filter_is_refused_before_it_reaches_a_url() {
    let config = config("https://app.getcensus.com/api/v1");
    for (name, text, field) in [
        ("getSourceType", format!(r#"["{TOKEN}"]"#), "serviceName"),
        ("getConnector", format!(r#"["x{TOKEN}y"]"#), "serviceName"),
        (
            "listSyncRunRecords",
            format!(r#"[94, {{"primaryIdentifier": "{TOKEN}"}}]"#),
            "primaryIdentifier",
        ),
    ] {
        let op = api::op(name).expect(name);
        let read = arguments::read(op, &text, &CallSettings::default()).expect(name);
        let err = read.refuse_tokens(op, &config).expect_err(name);
        assert_eq!(
            (err.kind, err.field.as_deref()),
            (ErrorKind::InvalidInput, Some(field))
        );
        assert!(!err.message.contains("Zq7x9K"), "{}", err.message);
    }
    // Anything else passes.
    let op = api::op("getSourceType").expect("getSourceType");
    let read = arguments::read(op, r#"["postgres"]"#, &CallSettings::default()).expect("read");
    assert!(matches!(&read.values[0], ArgValue::Name(name) if name == "postgres"));
    read.refuse_tokens(op, &config).expect("not the token");
    // A client without a token (behind a proxy) refuses nothing.
    let tokenless = ClientConfig::new(Some("/api/v1"), None).expect("config");
    let read =
        arguments::read(op, &format!(r#"["{TOKEN}"]"#), &CallSettings::default()).expect("read");
    read.refuse_tokens(op, &tokenless)
        .expect("no token to refuse");
}

#[test]
fn a_token_given_in_another_options_place_is_not_quoted() {
    for (kind, key) in [
        (ClientKind::Census, "apiToken"),
        (ClientKind::Stitch, "accessToken"),
    ] {
        for other in ["timeoutMs", "baseUrl", "fetch"] {
            let text = format!(r#"{{"{key}": "{TOKEN}", "{other}": "{TOKEN}"}}"#);
            let err = arguments::read_client_options(kind, &text, true).expect_err(&text);
            assert_eq!(err.field.as_deref(), Some(other), "{}", err.message);
            assert!(!err.message.contains("Zq7x9K"), "{}", err.message);
        }
    }
}

#[test]
fn the_token_is_redacted_url_encoded_and_where_an_answer_cut_it_short() {
    let config = config("https://app.getcensus.com/api/v1");
    let encoded = "secret-token%3AZq7x9K2mVb4Lp8Rt";
    let said = config.redact(&format!("<a href=\"/login?t={encoded}\">sign in</a>"));
    assert_eq!(said, "<a href=\"/login?t=[redacted]\">sign in</a>");
    // A body the server cut inside the token: its long start goes too.
    let said = config.redact("answered: \"Bearer secret-token:Zq7x9K2m\"; a proxy answered");
    assert_eq!(said, "answered: \"Bearer [redacted]\"; a proxy answered");
    // A short start stays: it says nothing of the secret.
    assert_eq!(
        config.redact("secret-token: expected"),
        "secret-token: expected"
    );
    assert!(config.holds_token(&format!("x{TOKEN}")));
    assert!(!config.holds_token("secret-token:Zq7x9K2mVb4Lp8R"));
}

#[test]
fn a_url_encoded_token_goes_whole_even_when_its_raw_start_is_long() {
    // Half of this token is `secret-token`, which its URL-encoded form also starts with: the
    // long-start rule of the raw form had taken that and left `%3Aabcdef123456` behind.
    let token = "secret-token:abcdef123456";
    let config = ClientConfig::new(None, Some(token)).expect("a config");
    for encoded in ["secret-token%3Aabcdef123456", "secret-token%3aabcdef123456"] {
        assert_eq!(config.redact(&format!("bad {encoded}")), "bad [redacted]");
        assert_eq!(
            config.redact(&format!("refused https://p/?auth={encoded}&x=1")),
            "refused https://p/?auth=[redacted]&x=1"
        );
    }
    assert_eq!(config.redact(&format!("bad {token}.")), "bad [redacted].");
}
