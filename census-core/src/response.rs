//! Reads an HTTP answer: the status code and body become a typed value or a typed error.
//!
//! The rules are the contract's: an error is a non-2xx status *or* an envelope whose `status` is
//! `"error"`, `"not_found"` or an integer ≥ 400; unknown fields are ignored; a body that is not
//! JSON is reported with its status, content type and first bytes.

#[cfg(feature = "readers")]
use serde::Deserialize;

use crate::error::{ClientError, ErrorKind};
use crate::json_error::ShapeError;
#[cfg(feature = "readers")]
use crate::json_error::from_json_slice;
use crate::models::EnvelopeStatus;
#[cfg(feature = "readers")]
use crate::models::{Page, Pagination};
use crate::request::{Auth, HttpRequest};
use crate::scan::{self, Field, Kind, Shape};

/// What the transport received, read-only.
#[derive(Debug, Clone, Copy)]
pub struct RawResponse<'a> {
    pub status: u16,
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
}

impl<'a> RawResponse<'a> {
    /// A response with a JSON body (tests and the local Census use this).
    pub fn json(status: u16, body: &'a str) -> Self {
        Self {
            status,
            content_type: Some("application/json"),
            body: body.as_bytes(),
        }
    }

    /// A 2xx status.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

#[cfg(feature = "readers")]
/// The members every Census envelope may have. `data` stays generic so one parse checks it.
#[derive(Deserialize)]
pub struct Envelope<T> {
    #[serde(default)]
    pub status: Option<EnvelopeStatus>,
    #[serde(default)]
    pub message: Option<serde_json::Value>,
    #[serde(default = "none")]
    pub data: Option<T>,
    #[serde(default)]
    pub pagination: Option<Pagination>,
    #[serde(default)]
    pub next: Option<String>,
}

/// What any JSON object body says about an error: its `status` and its message, from `message`
/// or, as some gateways answer, `{"error": "..."}` or `{"error": {"message": "..."}}`. Read with
/// the scanner, so that wording an error needs no serde.
pub struct ErrorHead {
    pub status: Option<EnvelopeStatus>,
    /// The `message` member.
    pub message: Option<String>,
    /// The `error` member's text, which non-2xx answers fall back on.
    pub error: Option<String>,
}

impl ErrorHead {
    /// The head of `body`, or `None` when it is not a JSON object. Only non-2xx answers read
    /// `error` (with `with_error`); a 2xx envelope is read as the endpoint's own shape, which
    /// ignores that member, even repeated.
    pub fn read(body: &[u8], with_error: bool) -> Option<Self> {
        static HEAD: [Field<'static>; 3] =
            [skipped("status"), skipped("message"), skipped("error")];
        static ERROR: Shape<'static> = Shape {
            name: "Error",
            fields: &[skipped("message")],
        };
        let head = Shape {
            name: "ErrorHead",
            fields: if with_error {
                &HEAD
            } else {
                HEAD.get(..2).unwrap_or(&HEAD)
            },
        };
        let info = scan::check_document(body, &head, None, None).ok()?;
        let member = |index: usize| {
            info.get(index)
                .and_then(|(start, end)| body.get(start..end))
        };
        let status = member(0).and_then(envelope_status);
        let message = member(1).and_then(message_text);
        let error = member(2).and_then(|error| match scan::check_value_object(error, &ERROR) {
            Ok(inner) => inner
                .get(0)
                .and_then(|(start, end)| error.get(start..end))
                .and_then(message_text),
            Err(_) => message_text(error),
        });
        Some(Self {
            status,
            message,
            error,
        })
    }

    fn is_error(&self) -> bool {
        self.status.as_ref().is_some_and(EnvelopeStatus::is_error)
    }
}

/// An envelope's `status` member (raw JSON) as serde reads it: a word or an integer code; any
/// other value (null, a float, an object) says nothing.
pub fn envelope_status(raw: &[u8]) -> Option<EnvelopeStatus> {
    match raw.first() {
        Some(b'"') => scan::string_value(raw).map(EnvelopeStatus::Word),
        _ => scan::status_code(raw).map(EnvelopeStatus::Code),
    }
}

/// A member that may be absent or null, whatever its value: skipped by the scanner.
pub(crate) const fn skipped(name: &'static str) -> Field<'static> {
    Field {
        name,
        kind: Kind::Ignored,
        required: false,
        nullable: true,
    }
}

/// A message member as text: a string as it reads, any other value as compact JSON.
fn message_text(raw: &[u8]) -> Option<String> {
    match raw {
        b"null" => None,
        [b'"', ..] => scan::string_value(raw),
        _ => Some(compact_json(raw)),
    }
}

/// JSON text without the whitespace between tokens.
fn compact_json(raw: &[u8]) -> String {
    let mut out = Vec::with_capacity(raw.len());
    let mut in_string = false;
    let mut escaped = false;
    for &byte in raw {
        if in_string {
            in_string = escaped || byte != b'"';
            escaped = !escaped && byte == b'\\';
        } else if byte == b'"' {
            in_string = true;
        } else if byte.is_ascii_whitespace() {
            continue;
        }
        out.push(byte);
    }
    crate::scan::lossy(&out)
}

#[cfg(feature = "readers")]
fn none<T>() -> Option<T> {
    None
}

#[cfg(feature = "readers")]
/// Reads `{"status": ..., "data": T}` and returns `data`, which must be present.
pub fn read_data<T: for<'de> Deserialize<'de>>(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<T, ClientError> {
    let envelope = read_envelope::<T>(request, response)?;
    envelope
        .data
        .ok_or_else(|| shape_error(request, response, missing("data")))
}

#[cfg(feature = "readers")]
/// Reads a list page: `data` must be an array; `pagination` and `next` are optional.
pub fn read_page<T: for<'de> Deserialize<'de>>(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<Page<T>, ClientError> {
    let envelope = read_envelope::<Vec<T>>(request, response)?;
    let data = envelope
        .data
        .ok_or_else(|| shape_error(request, response, missing("data")))?;
    Ok(Page {
        data,
        pagination: envelope.pagination,
        next: envelope.next,
        total: None,
    })
}

#[cfg(feature = "readers")]
/// Reads an answer that carries only a status word (e.g. delete's `{"status": "deleted"}`);
/// an empty body counts as success too.
pub fn read_status_only(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<(), ClientError> {
    if response.is_success() && response.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    read_envelope::<serde::de::IgnoredAny>(request, response).map(|_| ())
}

#[cfg(feature = "readers")]
/// A body that may carry the envelope's `status` and `message` members.
pub trait Enveloped {
    fn envelope_status(&self) -> Option<&EnvelopeStatus>;
    fn envelope_message(&self) -> Option<&serde_json::Value>;
}

#[cfg(feature = "readers")]
impl<T> Enveloped for Envelope<T> {
    fn envelope_status(&self) -> Option<&EnvelopeStatus> {
        self.status.as_ref()
    }
    fn envelope_message(&self) -> Option<&serde_json::Value> {
        self.message.as_ref()
    }
}

#[cfg(feature = "readers")]
/// Reads a 2xx body of an endpoint's own shape `T` (e.g. one that may or may not be wrapped in
/// an envelope); non-2xx answers and error envelopes become errors.
pub fn read_body<T: for<'de> Deserialize<'de> + Enveloped>(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<T, ClientError> {
    if !response.is_success() {
        return Err(error_from_response(request, response));
    }
    let body: T = parse_success_body(request, response)?;
    if let Some(status) = body.envelope_status()
        && status.is_error()
    {
        return Err(error_from_envelope(
            request,
            response.status,
            status,
            body.envelope_message().and_then(value_message),
        ));
    }
    Ok(body)
}

#[cfg(feature = "readers")]
/// Reads an envelope whose `status` is not an error; `data` may be absent.
pub fn read_envelope<T: for<'de> Deserialize<'de>>(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<Envelope<T>, ClientError> {
    read_body::<Envelope<T>>(request, response)
}

#[cfg(feature = "readers")]
/// A required member that the body lacks, as an unexpected-response error.
pub fn missing_member(
    request: &HttpRequest,
    response: &RawResponse<'_>,
    path: &str,
) -> ClientError {
    shape_error(request, response, missing(path))
}

#[cfg(feature = "readers")]
/// Parses a 2xx body as `T`; if it does not fit but is an error envelope, reports that error.
fn parse_success_body<T: for<'de> Deserialize<'de>>(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<T, ClientError> {
    match from_json_slice::<T>(response.body) {
        Ok(value) => Ok(value),
        Err(err) if err.not_json => Err(not_json_error(request, response, Some(&err.reason))),
        Err(err) => Err(envelope_error(request, response)
            .unwrap_or_else(|| shape_error(request, response, err))),
    }
}

/// The error a 2xx body reports in its envelope (`status` an error word or code), if it does.
pub fn envelope_error(request: &HttpRequest, response: &RawResponse<'_>) -> Option<ClientError> {
    let head = ErrorHead::read(response.body, false).filter(ErrorHead::is_error)?;
    let status = head.status?;
    Some(error_from_envelope(
        request,
        response.status,
        &status,
        head.message,
    ))
}

/// Builds the error for a non-2xx answer, using whatever the body says about it.
pub fn error_from_response(request: &HttpRequest, response: &RawResponse<'_>) -> ClientError {
    let head = ErrorHead::read(response.body, true);
    let envelope_not_found = head
        .as_ref()
        .and_then(|head| head.status.as_ref())
        .is_some_and(EnvelopeStatus::is_not_found);
    let kind = kind_for_status(response.status, envelope_not_found);
    if head.is_none() && kind == ErrorKind::Api && !response.body.is_empty() {
        // A gateway or proxy page rather than the API: say so, with what it sent.
        return not_json_error(request, response, None);
    }
    if head.is_none() && kind == ErrorKind::NotFound {
        return not_found_elsewhere(request, response);
    }
    let api_message = head.and_then(|head| head.message.or(head.error));
    api_error(request, kind, response.status, None, api_message)
}

/// A 404 whose body is not the API's own answer (empty, or not JSON): most often a `baseUrl`
/// that is not the API's, so the message says so. Still a not-found error, by its status.
pub(crate) fn not_found_elsewhere(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> ClientError {
    let mut error = api_error(request, ErrorKind::NotFound, response.status, None, None);
    error.message = format!(
        "{} with {}, not the API's own answer{}",
        error.message,
        body_words(response),
        base_url_hint(request)
    );
    error
}

fn error_from_envelope(
    request: &HttpRequest,
    http_status: u16,
    status: &EnvelopeStatus,
    message: Option<String>,
) -> ClientError {
    let code = match status {
        EnvelopeStatus::Code(code) => u16::try_from(*code).unwrap_or(http_status),
        EnvelopeStatus::Word(_) if status.is_not_found() => 404,
        EnvelopeStatus::Word(_) => http_status,
    };
    let kind = kind_for_status(code, status.is_not_found());
    // A 2xx answer carrying an error envelope is still an API error, never a success.
    let kind = if kind_is_success(code) {
        ErrorKind::Api
    } else {
        kind
    };
    if code == http_status {
        return api_error(request, kind, code, None, message);
    }
    // The envelope states another code than the answer's (a 404 in an HTTP 200): the error's
    // status is the stated code, as the contract says, and its message says both.
    let stated = match status {
        // As a double: no signed formatting linked for this one message.
        EnvelopeStatus::Code(code) => crate::number::text(*code as f64),
        EnvelopeStatus::Word(word) => scan::quoted(word),
    };
    let http = format!("HTTP {http_status}, status {stated}");
    worded_api_error(request, kind, code, &http, None, message)
}

fn kind_is_success(code: u16) -> bool {
    (200..300).contains(&code)
}

fn kind_for_status(status: u16, envelope_not_found: bool) -> ErrorKind {
    match status {
        _ if envelope_not_found => ErrorKind::NotFound,
        401 | 403 => ErrorKind::Authentication,
        404 => ErrorKind::NotFound,
        429 => ErrorKind::RateLimited,
        _ => ErrorKind::Api,
    }
}

/// Whether a subject names several things: `the tables of source 12`, `invitations to
/// workspace 3` (the word before its first ` of ` or ` to ` is a plural), not `table 4 of
/// source 12`.
fn is_plural(subject: &str) -> bool {
    let head = [" of ", " to "]
        .iter()
        .filter_map(|joint| crate::strings::split_once(subject, joint))
        .map(|(head, _)| head)
        .min_by_key(|head| head.len());
    head.is_some_and(|head| head.ends_with('s'))
}

/// The error of an answer the API gave as one: its words, with what the API said (its own
/// name for the error, `api_type`, and its message).
pub(crate) fn api_error(
    request: &HttpRequest,
    kind: ErrorKind,
    status: u16,
    api_type: Option<String>,
    api_message: Option<String>,
) -> ClientError {
    let http = format!("HTTP {status}");
    worded_api_error(request, kind, status, &http, api_type, api_message)
}

/// [`api_error`], with `http` saying what answered (`HTTP 404`, or `HTTP 200, status 404`
/// when an envelope states another code than its answer's).
fn worded_api_error(
    request: &HttpRequest,
    kind: ErrorKind,
    status: u16,
    http: &str,
    api_type: Option<String>,
    api_message: Option<String>,
) -> ClientError {
    // The message quotes at most a few hundred characters of the API's words, however many it
    // sent, with no control or bidirectional characters (`said`); `apiMessage` keeps them all.
    let said = match (&api_type, &api_message) {
        (Some(kind), Some(message)) => format!(": {}: {}", said(kind), said(message)),
        (Some(one), None) | (None, Some(one)) => format!(": {}", said(one)),
        (None, None) => String::new(),
    };
    let stitch = matches!(request.auth, Auth::Stitch | Auth::StitchJobs);
    let (api, check) = if stitch {
        ("Stitch Connect API", "the access token")
    } else {
        ("Census API", "the credentials")
    };
    let message = match kind {
        ErrorKind::NotFound => format!(
            "{} {} not found ({http}{said})",
            request.subject,
            if is_plural(&request.subject) {
                "were"
            } else {
                "was"
            }
        ),
        ErrorKind::Authentication => format!(
            "the {api} refused {check} for {} ({http}{said}); check the {}, or that your \
             proxy adds the token",
            request.describe(),
            match request.auth {
                Auth::Stitch => "accessToken option",
                // Stitch answers a client id the token does not cover with a 401 too.
                Auth::StitchJobs => {
                    "accessToken option and that the client id is the account's (a source's \
                     stitch_client_id, not its id)"
                }
                Auth::Personal => "personalAccessToken option",
                Auth::Workspace => "apiToken option and the workspace region",
            }
        ),
        ErrorKind::RateLimited => format!(
            "rate limited by the {api} on {} ({http}{said}); wait before retrying",
            request.describe()
        ),
        // Stitch answers some errors with HTTP 200.
        _ if stitch && (200..300).contains(&status) => {
            format!("{} answered {http} with an error{said}", request.describe())
        }
        _ => format!("{} failed ({http}{said})", request.describe()),
    };
    let mut error = ClientError::new(kind, message).with_status(status);
    error.api_message = api_message.map(String::into_boxed_str);
    if let Some(api_type) = api_type {
        error.extra_mut().api_type = Some(api_type.into_boxed_str());
    }
    error
}

#[cfg(feature = "readers")]
/// A serde-read message member as text, as `message_text` words raw JSON.
fn value_message(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(feature = "readers")]
fn missing(member: &str) -> ShapeError {
    ShapeError {
        path: member.to_owned(),
        reason: "required field is missing".to_owned(),
        not_json: false,
    }
}

/// A body of the wrong shape, as an unexpected-response error naming the JSON path.
pub fn shape_error(
    request: &HttpRequest,
    response: &RawResponse<'_>,
    err: ShapeError,
) -> ClientError {
    ClientError::new(
        ErrorKind::UnexpectedResponse,
        format!(
            "{} answered HTTP {} with an unexpected shape: {err}",
            request.describe(),
            response.status
        ),
    )
    .with_status(response.status)
    .with_field(err.path)
}

/// How the hint that `baseUrl` may be wrong starts, in every message that gives it.
pub const BASE_URL_HINT: &str = "; is baseUrl ";

/// The hint that `baseUrl` may not be the API's address (each starts with [`BASE_URL_HINT`]).
fn base_url_hint(request: &HttpRequest) -> &'static str {
    if matches!(request.auth, Auth::Stitch | Auth::StitchJobs) {
        "; is baseUrl Stitch's address (https://api.stitchdata.com, or a proxy to it)?"
    } else {
        "; is baseUrl the API's address (ending in /api/v1)?"
    }
}

/// Whether a body starts as a JSON object or array does (a broken one: cut short, say).
pub(crate) fn looks_like_json(body: &[u8]) -> bool {
    matches!(body.trim_ascii_start().first(), Some(b'{' | b'['))
}

/// What a body that is not JSON was: empty, or its content type and first characters.
fn body_words(response: &RawResponse<'_>) -> String {
    if response.body.is_empty() {
        return "an empty body".to_owned();
    }
    let content_type = response.content_type.unwrap_or("no content type");
    format!(
        "a body that is not JSON ({content_type}): {}",
        preview(response.body)
    )
}

/// A body that is not JSON, reported with its status, content type and first characters, and
/// `reason` (the scanner's) when it starts as JSON does. Only a body that is not JSON at all
/// gets the `baseUrl` hint: one that starts as JSON came from a JSON API, cut short or broken.
pub fn not_json_error(
    request: &HttpRequest,
    response: &RawResponse<'_>,
    reason: Option<&str>,
) -> ClientError {
    let (body, hint) = match reason {
        Some(reason) if looks_like_json(response.body) => (
            format!(
                "a body that is not valid JSON ({reason}): {}",
                preview(response.body)
            ),
            "",
        ),
        _ if response.is_success() => (body_words(response), base_url_hint(request)),
        _ => (
            body_words(response),
            "; a proxy or gateway may have answered instead of the API",
        ),
    };
    ClientError::new(
        ErrorKind::UnexpectedResponse,
        format!(
            "{} answered HTTP {} with {body}{hint}",
            request.describe(),
            response.status
        ),
    )
    .with_status(response.status)
}

/// How many characters of the API's own words an error's message quotes.
const SAID: usize = 300;

/// Foreign words (the API's message, a failed run's reason) as an error's message quotes them:
/// their first `SAID` characters, on one line, with no character that could drive a terminal
/// or turn the text around (`scan::printable`).
pub(crate) fn said(text: &str) -> String {
    scan::printable(&shortened(text, SAID))
}

/// `text` cut to its first `limit` characters, with `…` where it was cut.
pub(crate) fn shortened(text: &str, limit: usize) -> String {
    if text.chars().count() > limit {
        text.chars().take(limit).collect::<String>() + "…"
    } else {
        text.to_owned()
    }
}

/// The first characters of a body, on one line, quoted.
fn preview(body: &[u8]) -> String {
    const LIMIT: usize = 120;
    let text = crate::scan::lossy(body.get(..LIMIT * 4).unwrap_or(body));
    let flat = crate::scan::join(&text.split_whitespace().collect::<Vec<_>>(), " ");
    scan::quoted(&shortened(&flat, LIMIT))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Method;

    fn get(path: &str, subject: &str) -> HttpRequest {
        HttpRequest::new(Method::Get, path.into(), subject.into())
    }

    #[test]
    fn a_long_api_message_is_quoted_short_and_kept_whole() {
        let words = "é".repeat(5_000);
        let body = format!(r#"{{"status": "error", "message": "{words}"}}"#);
        let err = error_from_response(&get("/sources", "sources"), &RawResponse::json(500, &body));
        assert!(err.message.chars().count() < 400, "{}", err.message);
        assert!(
            err.message
                .ends_with(&format!("(HTTP 500: {}…)", "é".repeat(SAID))),
            "{}",
            err.message
        );
        assert_eq!(err.api_message.as_deref(), Some(words.as_str()));
        let short = r#"{"status": "error", "message": "bad"}"#;
        let err = error_from_response(&get("/sources", "sources"), &RawResponse::json(500, short));
        assert!(err.message.ends_with("(HTTP 500: bad)"), "{}", err.message);
    }

    #[test]
    fn not_found_agrees_with_its_subject() {
        let gone = RawResponse::json(404, r#"{"status": 404}"#);
        for (subject, said) in [
            ("source 12", "source 12 was not found"),
            ("table 4 of source 12", "table 4 of source 12 was not found"),
            (
                "the tables of source 12",
                "the tables of source 12 were not found",
            ),
            (
                "invitations to workspace 3",
                "invitations to workspace 3 were not found",
            ),
        ] {
            let err = error_from_response(&get("/x", subject), &gone);
            assert!(err.message.starts_with(said), "{}", err.message);
        }
    }

    #[test]
    fn a_page_that_is_not_json_hints_at_the_base_url_of_its_own_api() {
        let page = RawResponse {
            content_type: Some("text/html"),
            ..RawResponse::json(200, "<html>sign in</html>")
        };
        let mut request = get("/v4/sources", "the Stitch sources");
        assert!(
            not_json_error(&request, &page, None)
                .message
                .contains("ending in /api/v1")
        );
        request.auth = Auth::Stitch;
        let message = not_json_error(&request, &page, None).message.clone();
        assert!(!message.contains("/api/v1"), "{message}");
        assert!(message.contains("api.stitchdata.com"), "{message}");
    }

    #[test]
    fn a_refused_token_names_the_option_that_holds_it() {
        let refused = RawResponse::json(
            401,
            r#"{"status": "error", "message": "Invalid credentials"}"#,
        );
        for (auth, option) in [
            (Auth::Workspace, "check the apiToken option"),
            (Auth::Personal, "check the personalAccessToken option"),
            (Auth::Stitch, "check the accessToken option"),
        ] {
            let mut request = get("/workspaces", "the workspaces");
            request.auth = auth;
            let err = error_from_response(&request, &refused);
            assert_eq!(err.kind, ErrorKind::Authentication);
            assert!(err.message.contains(option), "{auth:?}: {}", err.message);
        }
    }

    #[test]
    fn error_envelope_becomes_an_api_error_with_the_api_message() {
        let request = HttpRequest::new(Method::Post, "/sources".into(), "a new source".into());
        let err = read_data::<serde_json::Value>(
            &request,
            &RawResponse::json(
                422,
                r#"{"status": "error", "message": "credentials are invalid"}"#,
            ),
        )
        .expect_err("422");
        assert_eq!(err.kind, ErrorKind::Api);
        assert_eq!(err.status, Some(422));
        assert_eq!(err.api_message.as_deref(), Some("credentials are invalid"));
        assert_eq!(
            err.message,
            "POST /sources failed (HTTP 422: credentials are invalid)"
        );
    }

    #[test]
    fn both_not_found_shapes_are_understood() {
        let request = get("/sources/12", "source 12");
        for body in [
            r#"{"status": 404, "message": "Source not found"}"#,
            r#"{"status": "not_found", "message": "Source not found"}"#,
        ] {
            for http in [404, 200, 400] {
                let err = read_data::<serde_json::Value>(&request, &RawResponse::json(http, body))
                    .expect_err("not found");
                assert_eq!(err.kind, ErrorKind::NotFound, "{http} {body}");
                assert!(
                    err.message.starts_with("source 12 was not found"),
                    "{}",
                    err.message
                );
            }
        }
    }

    #[test]
    fn an_integer_status_in_a_2xx_body_is_an_error_code() {
        let err = read_data::<serde_json::Value>(
            &get("/sources", "the source list"),
            &RawResponse::json(200, r#"{"status": 500, "message": "boom"}"#),
        )
        .expect_err("500 in body");
        assert_eq!((err.kind, err.status), (ErrorKind::Api, Some(500)));
    }

    #[test]
    fn unauthorised_says_what_to_check() {
        let err = read_data::<serde_json::Value>(
            &get("/sources", "the source list"),
            &RawResponse::json(
                401,
                r#"{"status": "error", "message": "Invalid credentials"}"#,
            ),
        )
        .expect_err("401");
        assert_eq!(err.kind, ErrorKind::Authentication);
        assert_eq!(err.status, Some(401));
        assert!(err.message.contains("Invalid credentials"));
        assert!(err.message.contains("apiToken"));
    }

    #[test]
    fn an_html_page_is_reported_with_status_and_first_bytes() {
        let html = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>";
        let response = RawResponse {
            status: 502,
            content_type: Some("text/html"),
            body: html.as_bytes(),
        };
        let err =
            read_data::<serde_json::Value>(&get("/sources", "s"), &response).expect_err("html");
        assert_eq!(err.kind, ErrorKind::UnexpectedResponse);
        assert_eq!(err.status, Some(502));
        assert!(err.message.contains("HTTP 502"), "{}", err.message);
        assert!(err.message.contains("text/html"));
        assert!(
            err.message.contains("<html> <head><title>502 Bad Gateway"),
            "{}",
            err.message
        );
        assert!(err.message.contains("proxy or gateway"));

        let ok_html = RawResponse {
            status: 200,
            ..response
        };
        let err =
            read_data::<serde_json::Value>(&get("/sources", "s"), &ok_html).expect_err("html");
        assert!(err.message.contains("HTTP 200") && err.message.contains("baseUrl"));
    }

    #[test]
    fn long_bodies_are_cut_in_the_message() {
        let body = "x".repeat(10_000);
        let response = RawResponse {
            status: 500,
            content_type: Some("text/plain"),
            body: body.as_bytes(),
        };
        let err =
            read_data::<serde_json::Value>(&get("/sources", "s"), &response).expect_err("text");
        assert!(err.message.len() < 400, "{}", err.message.len());
        assert!(
            err.message
                .ends_with("…\"; a proxy or gateway may have answered instead of the API")
        );
    }

    #[test]
    fn status_only_answers() {
        let request = HttpRequest::new(Method::Delete, "/sources/6".into(), "source 6".into());
        read_status_only(
            &request,
            &RawResponse::json(200, r#"{"status": "deleted"}"#),
        )
        .expect("deleted");
        read_status_only(&request, &RawResponse::json(204, "")).expect("no content");
        let err = read_status_only(&request, &RawResponse::json(404, r#"{"status": 404}"#))
            .expect_err("gone");
        assert_eq!(err.kind, ErrorKind::NotFound);
    }

    #[test]
    fn error_without_a_body_still_has_kind_and_status() {
        let err =
            read_status_only(&get("/sources", "s"), &RawResponse::json(503, "")).expect_err("503");
        assert_eq!((err.kind, err.status), (ErrorKind::Api, Some(503)));
        let err =
            read_status_only(&get("/sources", "s"), &RawResponse::json(429, "")).expect_err("429");
        assert_eq!(err.kind, ErrorKind::RateLimited);
    }

    #[test]
    fn gateway_error_objects_are_read() {
        let err = read_status_only(
            &get("/sources", "s"),
            &RawResponse::json(
                500,
                r#"{"error": {"type": "x", "message": "upstream down"}}"#,
            ),
        )
        .expect_err("500");
        assert_eq!(err.api_message.as_deref(), Some("upstream down"));
    }
}
