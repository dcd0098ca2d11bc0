//! Reads Stitch Connect answers: bare objects and arrays (no envelope), pages of `{data, page,
//! total, links}`, and the API's several error shapes, each worded as one typed error with its
//! status, Stitch's own `type` (or `code`) and message:
//!
//! - `{"error": {"type", "message"}}`;
//! - `{"error": "InvalidBody", "data": {"message", …}}`;
//! - `{"code", "message"}`;
//! - a bare JSON string;
//! - `{"invalid_fields": "…"}`, sometimes on HTTP 200.
//!
//! An answer in one of these shapes is an error whatever its status: `POST …/sync` answers
//! `already_running` with HTTP 200. Also here: the pacing of the "jobs" limit.

use crate::checked::opt;
use crate::error::{ClientError, ErrorKind};
use crate::json_error::ShapeError;
use crate::models::Page;
use crate::request::HttpRequest;
use crate::response::{self, RawResponse, skipped};
use crate::scan::{self, Field, Kind, ObjInfo, ScanError, Shape, Span};
use crate::source_types::fnv1a;
use crate::stitch_models::STITCH_LINKS;

/// What a Stitch error answer says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StitchFault {
    /// `error.type`, the `error` word, `code`, or `invalid_fields`.
    pub kind: Option<String>,
    pub message: Option<String>,
}

// The members an error answer may have, in this order.
static HEAD: Shape<'static> = Shape {
    name: "StitchError",
    fields: &[
        skipped("error"),
        skipped("data"),
        skipped("code"),
        skipped("message"),
        skipped("invalid_fields"),
    ],
};
static INNER: Shape<'static> = Shape {
    name: "Error",
    fields: &[skipped("type"), skipped("message")],
};
const ERROR: usize = 0;
const DATA: usize = 1;
const CODE: usize = 2;
const MESSAGE: usize = 3;
const INVALID_FIELDS: usize = 4;

fn text(bytes: &[u8], span: Option<Span>) -> Option<&[u8]> {
    span.and_then(|(start, end)| bytes.get(start..end))
        .filter(|raw| *raw != b"null")
}

/// A string as it reads, any other value as its JSON text.
fn words(raw: &[u8]) -> String {
    scan::string_value(raw).unwrap_or_else(|| crate::scan::lossy(raw))
}

/// The `type` and `message` of an object's member.
fn member_of(raw: &[u8], index: usize) -> Option<String> {
    let info = scan::check_value_object(raw, &INNER).ok()?;
    text(raw, info.get(index)).map(words)
}

/// The error an answer states, if it is in one of Stitch's error shapes. An `error` member
/// that is a boolean (a connection check's) states none.
pub fn fault(body: &[u8]) -> Option<StitchFault> {
    let trimmed = body.trim_ascii();
    if trimmed.first() == Some(&b'"') {
        return scan::string_value(trimmed).map(|message| StitchFault {
            kind: None,
            message: Some(message),
        });
    }
    let info = scan::check_document(body, &HEAD, None, None).ok()?;
    let member = |index| text(body, info.get(index));
    if let Some(error) = member(ERROR) {
        return match error.first() {
            Some(b'{') => Some(StitchFault {
                kind: member_of(error, 0),
                message: member_of(error, 1).or_else(|| member(MESSAGE).map(words)),
            }),
            Some(b'"') => {
                let named = scan::string_value(error);
                let message = member(DATA)
                    .and_then(|data| member_of(data, 1))
                    .or_else(|| member(MESSAGE).map(words));
                // `{"error": "InvalidBody", "data": {"message"}}` names the error; an `error`
                // that is a sentence, with no message beside it, is the message.
                match (named, message) {
                    (Some(named), None) if named.as_bytes().contains(&b' ') => Some(StitchFault {
                        kind: None,
                        message: Some(named),
                    }),
                    (kind, message) => Some(StitchFault { kind, message }),
                }
            }
            _ => None,
        };
    }
    if let Some(fields) = member(INVALID_FIELDS) {
        return Some(StitchFault {
            kind: Some("invalid_fields".into()),
            message: Some(words(fields)),
        });
    }
    member(CODE).map(|code| StitchFault {
        kind: Some(words(code)),
        message: member(MESSAGE).map(words),
    })
}

/// Stitch's 400s that say what a call names does not exist (stitchdata/docs
/// `response-codes/`): their `type` (`None`: a bare string), their words (`*`: an id) and
/// whether the thing missing is the subject's owner (`a replication of Stitch source 5`). To
/// a caller, not found, as a 404 is.
const NOT_FOUND: [(Option<&str>, &str, bool); 5] = [
    // streams.yml: a stream, or a stream of a source, Stitch cannot find (GET).
    (None, "invalid stream-id: *", false),
    // sources.yml: PUT or DELETE of a source it cannot find.
    (Some("InvalidId"), "source not found (*)", false),
    // replication-jobs.yml: POST …/sync of a source it cannot find.
    (
        Some("invalid_source"),
        "Unable to locate source(*) for client (*)",
        true,
    ),
    // destinations.yml: PUT, then DELETE, of a destination it cannot find.
    (None, "invalid connection id", false),
    (
        None,
        "Unable to locate dest (*) for client (*) to delete",
        false,
    ),
];

/// Whether `text` reads `pattern`, each `*` in it standing for the digits of an id.
fn is_worded(mut text: &[u8], pattern: &str) -> bool {
    for &wanted in pattern.as_bytes() {
        let skip = if wanted == b'*' {
            text.iter().take_while(|b| b.is_ascii_digit()).count()
        } else {
            usize::from(text.first() == Some(&wanted))
        };
        if skip == 0 {
            return false;
        }
        text = text.get(skip..).unwrap_or_default();
    }
    text.is_empty()
}

/// The error of a Stitch answer that is not a success: a non-2xx status, or a 2xx body in an
/// error shape (`fault`).
pub fn error_from(request: &HttpRequest, response: &RawResponse<'_>) -> ClientError {
    let body = response.body;
    let stated = fault(body).or_else(|| {
        // Any other JSON object: its `message`, if it has one.
        let info = scan::check_document(body, &HEAD, None, None).ok()?;
        Some(StitchFault {
            kind: None,
            message: text(body, info.get(MESSAGE)).map(words),
        })
    });
    let status = response.status;
    let bare = body.trim_ascii().first() == Some(&b'"');
    let missing = stated
        .as_ref()
        .filter(|_| status == 400)
        .and_then(|stated| {
            let (_, _, owner) = NOT_FOUND.iter().find(|(kind, words, _)| {
                *kind == stated.kind.as_deref()
                    && (kind.is_some() || bare)
                    && is_worded(
                        stated.message.as_deref().unwrap_or_default().as_bytes(),
                        words,
                    )
            })?;
            Some(*owner)
        });
    let kind = match status {
        401 | 403 => ErrorKind::Authentication,
        404 => ErrorKind::NotFound,
        _ if missing.is_some() => ErrorKind::NotFound,
        429 => ErrorKind::RateLimited,
        _ => ErrorKind::StitchApi,
    };
    let Some(stated) = stated else {
        if kind == ErrorKind::NotFound {
            return response::not_found_elsewhere(request, response);
        }
        if !body.trim_ascii().is_empty() {
            return response::not_json_error(request, response, None);
        }
        return response::api_error(request, kind, status, None, None);
    };
    let mut err = response::api_error(request, kind, status, stated.kind, stated.message);
    // "a replication of Stitch source 5 was not found (…)": the source was not.
    if missing == Some(true)
        && let Some((_, owner)) = crate::strings::split_once(&err.message, " of ")
    {
        err.message = owner.to_owned();
    }
    err
}

/// Checks a 2xx answer with `check`; every other outcome becomes its error.
fn run<T>(
    request: &HttpRequest,
    response: &RawResponse<'_>,
    check: impl FnOnce(&[u8]) -> Result<T, ScanError>,
) -> Result<T, ClientError> {
    if !response.is_success() || fault(response.body).is_some() {
        return Err(error_from(request, response));
    }
    check(response.body).map_err(|err| refused(request, response, err))
}

/// The error of a 2xx answer `run` refused. Not generic, so that each `run` stays small.
fn refused(request: &HttpRequest, response: &RawResponse<'_>, err: ScanError) -> ClientError {
    if err.not_json || err.path.is_empty() && !response::looks_like_json(response.body) {
        response::not_json_error(request, response, Some(&err.reason))
    } else {
        let err = ShapeError {
            path: err.path,
            reason: err.reason,
            not_json: false,
        };
        response::shape_error(request, response, err)
    }
}

/// A bare object of `shape`.
pub fn check_object(
    request: &HttpRequest,
    response: &RawResponse<'_>,
    shape: &Shape<'_>,
) -> Result<ObjInfo, ClientError> {
    run(request, response, |bytes| {
        scan::check_document(bytes, shape, None, None)
    })
}

/// A bare array whose items are of `item`.
pub fn check_array(
    request: &HttpRequest,
    response: &RawResponse<'_>,
    item: &Shape<'_>,
) -> Result<(), ClientError> {
    run(request, response, |bytes| {
        for (index, (start, end)) in scan::array_items(bytes)?.into_iter().enumerate() {
            let raw = bytes.get(start..end).unwrap_or_default();
            scan::check_value_object(raw, item).map_err(|err| ScanError {
                path: if err.path.is_empty() {
                    format!("[{index}]")
                } else {
                    format!("[{index}].{}", err.path)
                },
                ..err
            })?;
        }
        Ok(())
    })
}

/// A bare array whose items are ids or objects of `shape` (the id its first member): the
/// objects, as JSON, every bare id made `{ <first member>: id }`.
pub fn check_ids(
    request: &HttpRequest,
    response: &RawResponse<'_>,
    shape: &Shape<'_>,
) -> Result<String, ClientError> {
    let id = shape.fields.first().map_or("id", |field| field.name);
    run(request, response, |bytes| {
        let mut out = String::from("[");
        for (index, (start, end)) in scan::array_items(bytes)?.into_iter().enumerate() {
            let raw = bytes.get(start..end).unwrap_or_default();
            if index > 0 {
                out.push(',');
            }
            if raw.first() == Some(&b'{') {
                scan::check_value_object(raw, shape).map_err(|err| ScanError {
                    path: format!("[{index}].{}", err.path),
                    ..err
                })?;
                out.push_str(&crate::scan::lossy(raw));
            } else if raw.iter().all(u8::is_ascii_digit) {
                out.push_str("{\"");
                out.push_str(id);
                out.push_str("\":");
                out.push_str(&crate::scan::lossy(raw));
                out.push('}');
            } else {
                return Err(ScanError {
                    path: format!("[{index}]"),
                    reason: "expected an id or an object".into(),
                    not_json: false,
                });
            }
        }
        out.push(']');
        Ok(out)
    })
}

/// A success that carries nothing the call returns: an empty body, `{"status": 200}`, or the
/// resource (a deleted source); only the error shapes are refused.
pub fn check_done(request: &HttpRequest, response: &RawResponse<'_>) -> Result<(), ClientError> {
    if response.is_success() && fault(response.body).is_none() {
        return Ok(());
    }
    Err(error_from(request, response))
}

/// A text answer (a job's log).
pub fn check_text(request: &HttpRequest, response: &RawResponse<'_>) -> Result<(), ClientError> {
    if response.is_success() {
        return Ok(());
    }
    Err(error_from(request, response))
}

/// The items of a Stitch list endpoint and how they are keyed.
#[derive(Debug)]
pub struct StitchList {
    pub item: &'static Shape<'static>,
    pub key: PageKey,
}

/// Reads the answer of a Stitch endpoint as its `reply` says (one function for every kind, so
/// the wasm holds one copy of the path from an answer to a value).
pub fn read(
    reply: crate::api::Reply,
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<crate::operation::Output, ClientError> {
    use crate::api::Reply;
    use crate::operation::Output;
    match reply {
        Reply::Bare(shape) => check_object(request, response, shape).map(|_| Output::Body),
        Reply::TokenDeleted => {
            check_object(request, response, &crate::stitch_models::STITCH_SOURCE)
                .map(|_| Output::Body)
        }
        Reply::BareList(shape) => check_array(request, response, shape).map(|()| Output::Body),
        Reply::StitchPage(list) => {
            let (page, keys) = check_page(request, response, list.item, list.key)?;
            let next_page = crate::pagination::next_page_of(page, &keys)?;
            Ok(Output::Page { next_page })
        }
        Reply::Text => check_text(request, response).map(|()| Output::Text),
        Reply::BareIds(shape) => check_ids(request, response, shape).map(Output::Json),
        _ => check_done(request, response).map(|()| Output::Nothing),
    }
}

/// How a page's items are keyed, so that the listing machine can tell them apart.
#[derive(Debug, Clone, Copy)]
pub enum PageKey {
    /// An integer member (an extraction's `source_id`).
    Id(&'static str),
    /// Two text members together (a load's `source_name` and `stream_name`).
    Pair(&'static str, &'static str),
}

/// The fields of a Stitch page, in this order.
const PAGE_DATA: usize = 0;
const PAGE_NUMBER: usize = 1;
const PAGE_TOTAL: usize = 2;
const PAGE_LINKS: usize = 3;

/// A page `{data, page, total, links}`: its item keys and the `next` link, which the listing
/// machine follows (Stitch's page size is its own, so pages are read one after another).
pub fn check_page(
    request: &HttpRequest,
    response: &RawResponse<'_>,
    item: &'static Shape<'static>,
    key: PageKey,
) -> Result<(u32, Page<u64>), ClientError> {
    run(request, response, |bytes| {
        let items = Kind::Object(item);
        let fields = [
            Field {
                name: "data",
                kind: Kind::Array(&items),
                required: true,
                nullable: false,
            },
            opt("page", Kind::U32),
            opt("total", Kind::U64),
            opt("links", Kind::Object(&STITCH_LINKS)),
        ];
        let shape = Shape {
            name: "StitchPage",
            fields: &fields,
        };
        let index_of = |name: &str| item.fields.iter().position(|f| f.name == name);
        let mut keys = Vec::new();
        let mut sink = |bytes: &[u8], _variant: usize, info: &ObjInfo| {
            let at = |name| {
                index_of(name)
                    .and_then(|index| info.get(index))
                    .unwrap_or((0, 0))
            };
            keys.push(match key {
                PageKey::Id(name) => scan::integer_at(bytes, at(name)),
                PageKey::Pair(a, b) => {
                    let (a, b) = (at(a), at(b));
                    fnv1a(bytes.get(a.0..a.1).unwrap_or_default())
                        .rotate_left(1)
                        .wrapping_add(fnv1a(bytes.get(b.0..b.1).unwrap_or_default()))
                }
            });
        };
        let info = scan::check_document(bytes, &shape, Some(PAGE_DATA), Some(&mut sink))?;
        let page = info
            .get(PAGE_NUMBER)
            .filter(|(start, end)| bytes.get(*start..*end) != Some(b"null"))
            .map(|span| u32::try_from(scan::integer_at(bytes, span)).unwrap_or(u32::MAX));
        let next = info.get(PAGE_LINKS).and_then(|(start, end)| {
            let links = bytes.get(start..end)?;
            let inner = scan::check_value_object(links, &STITCH_LINKS).ok()?;
            text(links, inner.get(0)).and_then(scan::string_value)
        });
        Ok((
            page.unwrap_or(1),
            Page {
                data: keys,
                pagination: None,
                next,
                total: info
                    .get(PAGE_TOTAL)
                    .filter(|(start, end)| bytes.get(*start..*end) != Some(b"null"))
                    .map(|span| scan::integer_at(bytes, span)),
            },
        ))
    })
}

/// Stitch's "jobs" rate limit: 30 requests to the extraction and load endpoints in any 10
/// minutes, per client.
pub const JOBS_LIMIT: usize = 30;
/// The limit's window.
pub const JOBS_WINDOW_MS: u64 = 600_000;
/// Kept on top of the window: a request is counted when it reaches Stitch, a little after the
/// client sent it, so a slot is reused only this long after the window has let it go.
pub const JOBS_MARGIN_MS: u64 = 1_000;

/// Paces a client's job requests so that none is ever the 31st in the window: each attempt
/// takes a slot when it is sent, and an attempt that finds the window full waits until its
/// oldest slot leaves it. Slots are reserved in order, so concurrent calls queue fairly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobPacer {
    /// When each slot in the window was (or will be) used, oldest first.
    slots: Vec<u64>,
}

impl JobPacer {
    /// Reserves the next slot for an attempt ready at `now_ms`; returns how long it must wait
    /// (0: send now).
    pub fn reserve(&mut self, now_ms: u64) -> u64 {
        let window = JOBS_WINDOW_MS + JOBS_MARGIN_MS;
        self.slots
            .retain(|used| used.saturating_add(window) > now_ms);
        let at = match self.slots.len().checked_sub(JOBS_LIMIT) {
            // Full: the slot the one `JOBS_LIMIT` places back frees.
            Some(back) => self
                .slots
                .get(back)
                .map_or(now_ms, |used| used.saturating_add(window))
                .max(now_ms),
            None => now_ms,
        };
        self.slots.push(at);
        at - now_ms
    }

    /// Gives back a slot reserved at `at` that went unused (its call was aborted while it
    /// waited). Slots reserved after it keep their times: still never a 31st.
    pub fn release(&mut self, at: u64) {
        if let Some(index) = self.slots.iter().rposition(|used| *used == at) {
            self.slots.remove(index);
        }
    }

    /// Slots used or reserved within the window.
    pub fn in_window(&self) -> usize {
        self.slots.len()
    }
}

/// A Stitch id given as text (the stitch-connect OpenAPI file types ids as strings): its
/// digits, a positive safe integer.
pub fn key_of_text(field: &str, text: &str) -> Result<u64, ClientError> {
    let number = (!text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()))
        .then(|| text.parse::<u64>().ok())
        .flatten()
        .filter(|number| (1..=scan::MAX_SAFE_INTEGER).contains(number));
    number.ok_or_else(|| {
        ClientError::invalid_input(
            field,
            format!(
                "expected a positive integer or its digits as a string, got {}",
                scan::quoted(text)
            ),
        )
    })
}

pub use crate::dates::iso_seconds;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_may_be_digits() {
        assert_eq!(key_of_text("sourceId", "120643"), Ok(120_643));
        for bad in ["", "0", "-1", "12a", " 12", "1e3", "9007199254740992"] {
            let err = key_of_text("sourceId", bad).expect_err(bad);
            assert_eq!(err.field.as_deref(), Some("sourceId"), "{bad}");
        }
    }

    #[test]
    fn the_31st_request_waits_for_the_first_to_leave_the_window() {
        let mut pacer = JobPacer::default();
        for second in 0..30 {
            assert_eq!(pacer.reserve(second * 1_000), 0);
        }
        // At 40 s, the 31st waits until the first (at 0) has left the window.
        assert_eq!(
            pacer.reserve(40_000),
            JOBS_WINDOW_MS + JOBS_MARGIN_MS - 40_000
        );
        // The 32nd, asked at once, waits for the second.
        assert_eq!(
            pacer.reserve(40_000),
            1_000 + JOBS_WINDOW_MS + JOBS_MARGIN_MS - 40_000
        );
        // After the window, all are free again.
        let later = 2 * (JOBS_WINDOW_MS + JOBS_MARGIN_MS) + 40_000;
        assert_eq!(pacer.reserve(later), 0);
        assert_eq!(pacer.in_window(), 1);
    }

    #[test]
    fn a_slot_given_back_is_free_again() {
        let mut pacer = JobPacer::default();
        for _ in 0..JOBS_LIMIT {
            pacer.reserve(0);
        }
        let wait = pacer.reserve(1_000);
        assert!(wait > 0);
        pacer.release(1_000 + wait);
        assert_eq!(pacer.in_window(), JOBS_LIMIT);
        assert_eq!(pacer.reserve(1_000), wait);
    }
}
