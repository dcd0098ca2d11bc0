//! Checked readers for the wasm path: the same rules as the serde readers of `response`,
//! `sources`, `source_types` and `tables`, but through `core::scan`, returning only what the
//! binding needs (item keys, pagination, a refresh key) rather than owned model structs.
//!
//! Errors are worded here too, without serde, so the wasm build carries no serde reader: non-2xx
//! answers and error envelopes by `response::ErrorHead`, shapes by the scanner's path and
//! reason (its paths are serde's: `tests/fuzz_core.rs` compares them), bodies that are not JSON
//! with their first characters. Where the scanner refuses what serde would take (see `schema`'s
//! docs) it is stricter on purpose.

use crate::error::ClientError;
use crate::json_error::ShapeError;
use crate::models::{Page, Pagination, RefreshKey, RefreshState, RefreshStatus};
use crate::request::HttpRequest;
use crate::response::{self, RawResponse};
use crate::scan::{self, Field, ItemSink, Kind, ObjInfo, ScanError, Shape, Span};
use crate::schema;
use crate::source_types::{self, CreatableType};
use crate::sources::MAX_PER_PAGE;
use crate::syncs;
use crate::workspace_models;

/// How a listing names its items.
#[derive(Debug, Clone, Copy)]
pub enum ItemKey {
    /// The `id` member (the first of the shape).
    Id,
    /// `source_types::key_of` of a string member.
    Hash(&'static str),
    /// A tagged item's `id`, doubled, with the variant index as the low bit (`DataSource::key`).
    TaggedId,
    /// A tagged item's `id` times 8, with the variant index in the low bits (up to 8 kinds).
    TaggedIdWide,
    /// An `id` given as a number or as text: its digits read as the number, other text hashed.
    IdOrText,
}

/// One list endpoint: its item schema and how items are keyed.
pub struct ListSchema {
    pub item: Kind<'static>,
    pub key: ItemKey,
    /// The most items a page may ask for: 100, or 99 where the reference says `per_page`
    /// must be under 100 (records, source types).
    pub max_per_page: u32,
}

pub static SOURCES: ListSchema = ListSchema {
    item: Kind::Object(&schema::SOURCE),
    key: ItemKey::Id,
    max_per_page: MAX_PER_PAGE,
};

pub static SOURCE_TYPES: ListSchema = ListSchema {
    item: Kind::Object(&schema::SOURCE_TYPE),
    key: ItemKey::Hash("service_name"),
    max_per_page: 99,
};

pub static TABLES: ListSchema = ListSchema {
    item: Kind::Object(&schema::TABLE),
    key: ItemKey::Id,
    max_per_page: MAX_PER_PAGE,
};

pub static DATA_SOURCES: ListSchema = ListSchema {
    item: Kind::Tagged(&schema::DATA_SOURCE),
    key: ItemKey::TaggedId,
    max_per_page: MAX_PER_PAGE,
};

/// One object read by `GET`/`PATCH`: its schema, and members that must be there although
/// the model makes them optional (a table fetched one by one always has its `columns`).
pub struct DataSchema {
    pub shape: &'static Shape<'static>,
    pub require: &'static [&'static str],
}

impl DataSchema {
    pub const fn of(shape: &'static Shape<'static>) -> Self {
        Self {
            shape,
            require: &[],
        }
    }
}

pub static SOURCE: DataSchema = DataSchema::of(&schema::SOURCE);

pub static SOURCE_TYPE: DataSchema = DataSchema::of(&schema::SOURCE_TYPE);

pub static TABLE: DataSchema = DataSchema {
    shape: &schema::TABLE,
    require: &["columns"],
};

pub static MODEL: DataSchema = DataSchema {
    shape: &schema::MODEL,
    require: &["columns"],
};

pub static WORKSPACE: DataSchema = DataSchema::of(&schema::WORKSPACE);

pub static DESTINATIONS: ListSchema = ListSchema {
    item: Kind::Object(&syncs::DESTINATION),
    key: ItemKey::Id,
    max_per_page: MAX_PER_PAGE,
};

pub static DESTINATION: DataSchema = DataSchema::of(&syncs::DESTINATION);

pub static DESTINATION_OBJECTS: ListSchema = ListSchema {
    item: Kind::Object(&syncs::DESTINATION_OBJECT),
    key: ItemKey::Hash("full_name"),
    max_per_page: MAX_PER_PAGE,
};

/// An object fetched one by one always has its `fields`.
pub static DESTINATION_OBJECT: DataSchema = DataSchema {
    shape: &syncs::DESTINATION_OBJECT,
    require: &["fields"],
};

pub static CONNECTORS: ListSchema = ListSchema {
    item: Kind::Object(&syncs::CONNECTOR),
    key: ItemKey::Hash("service_name"),
    max_per_page: MAX_PER_PAGE,
};

pub static CONNECTOR: DataSchema = DataSchema::of(&syncs::CONNECTOR);

pub static SYNCS: ListSchema = ListSchema {
    item: Kind::Object(&syncs::SYNC),
    key: ItemKey::Id,
    max_per_page: MAX_PER_PAGE,
};

pub static SYNC: DataSchema = DataSchema::of(&syncs::SYNC);

pub static SYNC_RUNS: ListSchema = ListSchema {
    item: Kind::Object(&syncs::SYNC_RUN),
    key: ItemKey::Id,
    max_per_page: MAX_PER_PAGE,
};

pub static SYNC_RUN: DataSchema = DataSchema::of(&syncs::SYNC_RUN);

pub static SYNC_RUN_ID: DataSchema = DataSchema::of(&syncs::SYNC_RUN_ID);

/// A list of `shape` keyed by `id`.
const fn by_id(shape: &'static Shape<'static>) -> ListSchema {
    ListSchema {
        item: Kind::Object(shape),
        key: ItemKey::Id,
        max_per_page: MAX_PER_PAGE,
    }
}

pub static SOURCE_OBJECTS: ListSchema = ListSchema {
    item: Kind::Tagged(&schema::SOURCE_OBJECT),
    key: ItemKey::TaggedIdWide,
    max_per_page: MAX_PER_PAGE,
};
pub static COLUMNS: ListSchema = ListSchema {
    item: Kind::Object(&schema::COLUMN),
    key: ItemKey::Hash("name"),
    max_per_page: MAX_PER_PAGE,
};
pub static MODELS: ListSchema = by_id(&schema::MODEL);
/// A model read by the models API: as the legacy one, its columns when it has them.
pub static MODEL_ANY: DataSchema = DataSchema::of(&schema::MODEL);
pub static DATASETS: ListSchema = by_id(&workspace_models::DATASET);
pub static DATASET: DataSchema = DataSchema::of(&workspace_models::DATASET);
pub static SEGMENTS: ListSchema = by_id(&workspace_models::SEGMENT);
pub static SEGMENT: DataSchema = DataSchema::of(&workspace_models::SEGMENT);
pub static TOPICS: ListSchema = by_id(&workspace_models::TOPIC);
pub static TOPIC: DataSchema = DataSchema::of(&workspace_models::TOPIC);
pub static LINKS: ListSchema = by_id(&workspace_models::LINK);
pub static LINK: DataSchema = DataSchema::of(&workspace_models::LINK);
pub static WEBHOOKS: ListSchema = by_id(&workspace_models::WEBHOOK);
pub static WEBHOOK: DataSchema = DataSchema::of(&workspace_models::WEBHOOK);
pub static RECORDS: ListSchema = ListSchema {
    item: Kind::Object(&workspace_models::SYNC_RUN_RECORD),
    key: ItemKey::Hash("identifier"),
    max_per_page: 99,
};
pub static ORG_WORKSPACES: ListSchema = by_id(&workspace_models::ORG_WORKSPACE);
pub static ORG_WORKSPACE: DataSchema = DataSchema::of(&workspace_models::ORG_WORKSPACE);
pub static API_KEY: DataSchema = DataSchema::of(&workspace_models::API_KEY);
/// Users: their `id` may come as text (the workspace-users example shows `"12345"`).
pub static USERS: ListSchema = ListSchema {
    key: ItemKey::IdOrText,
    ..by_id(&workspace_models::USER)
};
pub static USER: DataSchema = DataSchema::of(&workspace_models::USER);
pub static INVITATIONS: ListSchema = by_id(&workspace_models::INVITATION);
pub static INVITATION: DataSchema = DataSchema::of(&workspace_models::INVITATION);
/// Lists whose items are kept as sent (object types, link types): not paged, not keyed.
pub static ANY_ITEMS: ListSchema = ListSchema {
    item: Kind::Any,
    key: ItemKey::Hash("name"),
    max_per_page: MAX_PER_PAGE,
};

// The members of an envelope (`response::Envelope`), `data` last so its index is fixed.
const STATUS: usize = 0;
const MESSAGE: usize = 1;
const PAGINATION: usize = 2;
const NEXT: usize = 3;
const DATA: usize = 4;

/// A member that may be absent or null.
pub(crate) const fn opt<'a>(name: &'a str, kind: Kind<'a>) -> Field<'a> {
    Field {
        name,
        kind,
        required: false,
        nullable: true,
    }
}

fn envelope(data: Kind<'_>) -> [Field<'_>; 5] {
    [
        opt("status", Kind::Status),
        opt("message", Kind::Any),
        opt("pagination", Kind::Object(&schema::PAGINATION)),
        opt("next", Kind::Str),
        opt("data", data),
    ]
}

/// Scans a whole body as an envelope whose `data` is `data`.
fn check_envelope(bytes: &[u8], data: Kind<'_>) -> Result<ObjInfo, ScanError> {
    let fields = envelope(data);
    let shape = Shape {
        name: "Envelope",
        fields: &fields,
    };
    scan::check_document(bytes, &shape, None, None)
}

/// The outcome of a check: accepted with a value, or `Refer`: the answer is an error envelope
/// or lacks the member named, which is what the error says.
enum Fast<T> {
    Accept(T),
    Refer(&'static str),
}

/// Checks a 2xx answer with `fast`; words every other outcome as an error.
fn run<T>(
    request: &HttpRequest,
    response: &RawResponse<'_>,
    fast: impl FnOnce(&[u8]) -> Result<Fast<T>, ScanError>,
) -> Result<T, ClientError> {
    if !response.is_success() {
        return Err(response::error_from_response(request, response));
    }
    match fast(response.body) {
        Ok(Fast::Accept(value)) => Ok(value),
        Ok(Fast::Refer(member)) => Err(refused(request, response, Err(member))),
        Err(err) => Err(refused(request, response, Ok(err))),
    }
}

/// The error of a 2xx answer `run` refused: the scanner's error, or the member it lacks. Not
/// generic, so that each `run` stays small.
fn refused(
    request: &HttpRequest,
    response: &RawResponse<'_>,
    why: Result<ScanError, &'static str>,
) -> ClientError {
    let (path, reason) = match why {
        Err(member) => {
            // Present as `null`, or as a value of another kind, is not the same fault as absent.
            let value = std::str::from_utf8(response.body)
                .ok()
                .and_then(|body| crate::json_input::Json(body).member(member));
            let reason = match value {
                None => "required field is missing".to_owned(),
                Some(value) if value.0 == "null" => "required field is null".to_owned(),
                Some(value) => format!(
                    "unexpected value {}",
                    crate::scan::printable(&response::shortened(value.0, 40))
                ),
            };
            (member.to_owned(), reason)
        }
        Ok(err) if err.not_json || (err.path.is_empty() && !is_json(response.body)) => {
            return response::not_json_error(request, response, Some(&err.reason));
        }
        Ok(err) => (err.path, err.reason),
    };
    // An error envelope outranks its shape: `{"status": "error"}` has no `data` to check.
    response::envelope_error(request, response).unwrap_or_else(|| {
        let err = ShapeError {
            path,
            reason,
            not_json: false,
        };
        response::shape_error(request, response, err)
    })
}

/// False when a body whose top level is not an object or array is not JSON either: serde parses
/// such a value before calling it the wrong type (numbers must be finite). Objects were scanned
/// in full, and arrays are refused as arrays (see `schema`), whatever they hold.
fn is_json(bytes: &[u8]) -> bool {
    match bytes.trim_ascii_start().first() {
        Some(b'{' | b'[') => true,
        _ => scan::Scanner::new(bytes).skip(true).is_ok(),
    }
}

/// The bytes of a span the scanner reported (always within the body); empty otherwise.
fn text(bytes: &[u8], (start, end): Span) -> &[u8] {
    bytes.get(start..end).unwrap_or_default()
}

fn is_null(bytes: &[u8], span: Option<Span>) -> bool {
    span.is_none_or(|span| text(bytes, span) == b"null")
}

/// True when the envelope's `status` says the answer is an error.
fn status_is_error(bytes: &[u8], info: &ObjInfo) -> bool {
    let Some(span) = info.get(STATUS) else {
        return false;
    };
    response::envelope_status(text(bytes, span)).is_some_and(|status| status.is_error())
}

fn string_at(bytes: &[u8], span: Span) -> Option<String> {
    scan::string_value(text(bytes, span))
}

/// An optional unsigned member of a checked object.
fn number_at(bytes: &[u8], info: &ObjInfo, index: usize) -> Option<u64> {
    info.get(index)
        .filter(|span| !is_null(bytes, Some(*span)))
        .map(|span| scan::integer_at(bytes, span))
}

/// A checked `pagination` object (see `schema::PAGINATION` for the member order).
fn pagination_at(bytes: &[u8], span: Span) -> Option<Pagination> {
    let raw = text(bytes, span);
    let info = scan::check_document(raw, &schema::PAGINATION, None, None).ok()?;
    let small = |index| number_at(raw, &info, index).and_then(|n| u32::try_from(n).ok());
    Some(Pagination {
        total_records: number_at(raw, &info, 0)?,
        per_page: small(1)?,
        prev_page: small(2),
        page: small(3)?,
        next_page: small(4),
        last_page: small(5)?,
    })
}

/// Checks a list page; returns its item keys in order, its pagination and `next` link.
pub fn check_page(
    request: &HttpRequest,
    response: &RawResponse<'_>,
    list: &ListSchema,
) -> Result<Page<u64>, ClientError> {
    run(request, response, |bytes| {
        let fields = envelope(Kind::Array(&list.item));
        let shape = Shape {
            name: "Envelope",
            fields: &fields,
        };
        let mut keys: Vec<u64> = Vec::new();
        let key_index = match (list.key, &list.item) {
            (ItemKey::Hash(name), Kind::Object(item)) => schema::index_of(item, name),
            _ => 0,
        };
        let mut sink = |bytes: &[u8], variant: usize, item: &ObjInfo| {
            let span = item.get(key_index).unwrap_or((0, 0));
            keys.push(match list.key {
                ItemKey::Id => scan::integer_at(bytes, span),
                ItemKey::TaggedId => scan::integer_at(bytes, span).wrapping_mul(2) | variant as u64,
                ItemKey::TaggedIdWide => {
                    scan::integer_at(bytes, span).wrapping_mul(8) | (variant as u64 & 7)
                }
                ItemKey::Hash(_) => hash_string(bytes, span),
                ItemKey::IdOrText => match text(bytes, span) {
                    [b'"', digits @ .., b'"']
                        if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) =>
                    {
                        scan::integer_at(digits, (0, digits.len()))
                    }
                    [b'"', ..] => hash_string(bytes, span),
                    _ => scan::integer_at(bytes, span),
                },
            });
        };
        let info = scan::check_document(
            bytes,
            &shape,
            Some(DATA),
            Some(&mut sink as &mut ItemSink<'_>),
        )?;
        if status_is_error(bytes, &info) || is_null(bytes, info.get(DATA)) {
            return Ok(Fast::Refer("data"));
        }
        let pagination = info
            .get(PAGINATION)
            .and_then(|span| pagination_at(bytes, span));
        let next = info.get(NEXT).and_then(|span| string_at(bytes, span));
        Ok(Fast::Accept(Page {
            data: keys,
            pagination,
            next,
            total: None,
        }))
    })
}

/// `source_types::key_of` of a checked string value (quotes included in `span`).
fn hash_string(bytes: &[u8], span: Span) -> u64 {
    let raw = text(bytes, span);
    match raw {
        [b'"', inner @ .., b'"'] if !inner.contains(&b'\\') => {
            // Valid UTF-8 (checked), so the same bytes key_of would hash.
            source_types::fnv1a(inner)
        }
        _ => source_types::key_of(&scan::string_value(raw).unwrap_or_default()),
    }
}

/// Checks an envelope whose `data` is one object of `schema`.
pub fn check_data(
    request: &HttpRequest,
    response: &RawResponse<'_>,
    schema: &DataSchema,
) -> Result<(), ClientError> {
    check_data_span(request, response, schema).map(|_| ())
}

/// `check_data`, returning where `data` is in the body.
fn check_data_span(
    request: &HttpRequest,
    response: &RawResponse<'_>,
    schema: &DataSchema,
) -> Result<Span, ClientError> {
    run(request, response, |bytes| {
        let info = check_envelope(bytes, Kind::Object(schema.shape))?;
        if status_is_error(bytes, &info) || is_null(bytes, info.get(DATA)) {
            return Ok(Fast::Refer("data"));
        }
        if !schema.require.is_empty() {
            let fields: Vec<Field<'_>> = schema
                .require
                .iter()
                .map(|name| Field {
                    name,
                    kind: Kind::Ignored,
                    required: true,
                    nullable: false,
                })
                .collect();
            let data = text(bytes, info.get(DATA).unwrap_or((0, 0)));
            let probe = Shape {
                name: schema.shape.name,
                fields: &fields,
            };
            // As the envelope's scan read `data` (a struct: numbers of skipped members need not
            // be finite), so the probe refuses only what is missing or null.
            scan::check_document(data, &probe, None, None).map_err(|err| ScanError {
                path: format!("data.{}", err.path),
                ..err
            })?;
        }
        Ok(Fast::Accept(info.get(DATA).unwrap_or((0, 0))))
    })
}

/// What a create answered: only the new id (the resource must be read back), or the whole
/// resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckedCreated {
    Id(u64),
    Source,
}

/// A create's answer through the scanner: `data` is `{<id_key>}` or the whole resource, told
/// apart by a `type`, `name` or `operation` member (one of which every whole resource has),
/// and read as serde reads it from a `Value`.
pub fn check_created(
    request: &HttpRequest,
    response: &RawResponse<'_>,
    id_key: &str,
    whole: &DataSchema,
) -> Result<CheckedCreated, ClientError> {
    static PROBE: Shape<'static> = Shape {
        name: "Created",
        fields: &[
            opt("type", Kind::Ignored),
            opt("name", Kind::Ignored),
            opt("operation", Kind::Ignored),
        ],
    };
    let id_fields = [Field {
        name: id_key,
        kind: Kind::U64,
        required: true,
        nullable: false,
    }];
    let id_only = Shape {
        name: "Created",
        fields: &id_fields,
    };
    run(request, response, |bytes| {
        let info = check_envelope(bytes, Kind::Any)?;
        if status_is_error(bytes, &info) || is_null(bytes, info.get(DATA)) {
            return Ok(Fast::Refer("data"));
        }
        let data = text(bytes, info.get(DATA).unwrap_or((0, 0)));
        let under = |err: ScanError| ScanError {
            path: if err.path.is_empty() {
                "data".to_owned()
            } else {
                format!("data.{}", err.path)
            },
            ..err
        };
        let probe = scan::check_value_object(data, &PROBE).map_err(under)?;
        if !probe.is_empty() {
            scan::check_value_object(data, whole.shape).map_err(under)?;
            Ok(Fast::Accept(CheckedCreated::Source))
        } else {
            let id = scan::check_value_object(data, &id_only).map_err(under)?;
            let id = scan::integer_at(data, id.get(0).unwrap_or((0, 0)));
            Ok(Fast::Accept(CheckedCreated::Id(id)))
        }
    })
}

/// Checks an envelope whose `data` is one object of `schema`, and returns `data`'s text and
/// the text of each member named (`None` where absent or null), for machines that decide by
/// them (a sync run's `status`) or report them (its counts).
pub fn check_data_members(
    request: &HttpRequest,
    response: &RawResponse<'_>,
    schema: &DataSchema,
    names: &[&str],
) -> Result<(String, Vec<Option<String>>), ClientError> {
    let span = check_data_span(request, response, schema)?;
    let data = text(response.body, span);
    let fields: Vec<Field<'_>> = names
        .iter()
        .map(|name| Field {
            name,
            kind: Kind::Ignored,
            required: false,
            nullable: true,
        })
        .collect();
    let probe = Shape {
        name: schema.shape.name,
        fields: &fields,
    };
    let members = scan::check_value_object(data, &probe).unwrap_or_default();
    let values = (0..names.len())
        .map(|index| {
            members
                .get(index)
                .filter(|span| !is_null(data, Some(*span)))
                .map(|span| crate::scan::lossy(text(data, span)))
        })
        .collect();
    Ok((crate::scan::lossy(data), values))
}

/// A body that is one object of `schema`, with or without an envelope around it (the API
/// answers `api_key`, job starts and job states bare): `true` when it came inside `data`.
pub fn check_unwrapped(
    request: &HttpRequest,
    response: &RawResponse<'_>,
    schema: &DataSchema,
) -> Result<bool, ClientError> {
    unwrapped(request, response, schema).map(|(enveloped, ..)| enveloped)
}

/// `check_unwrapped`, with where the object is in the body and its members' spans within it.
fn unwrapped(
    request: &HttpRequest,
    response: &RawResponse<'_>,
    schema: &DataSchema,
) -> Result<(bool, Span, ObjInfo), ClientError> {
    run(request, response, |bytes| {
        let info = check_envelope(bytes, Kind::Any)?;
        if let Some(span) = info.get(DATA).filter(|_| !is_null(bytes, info.get(DATA))) {
            if status_is_error(bytes, &info) {
                return Ok(Fast::Refer("data"));
            }
            let data = text(bytes, span);
            if data.first() == Some(&b'{') {
                let members =
                    scan::check_value_object(data, schema.shape).map_err(|err| ScanError {
                        path: format!("data.{}", err.path),
                        ..err
                    })?;
                return Ok(Fast::Accept((true, span, members)));
            }
        }
        // A bare object: its own `status` is the job's, not an envelope's.
        let members = scan::check_document(bytes, schema.shape, None, None)?;
        Ok(Fast::Accept((false, (0, bytes.len()), members)))
    })
}

/// The start of a job followed at a URL: the URL in `member` (at the top level, as Census
/// answers object creations, clones and segments, or inside `data`), and `data.id` when given.
pub fn check_job_start(
    request: &HttpRequest,
    response: &RawResponse<'_>,
    member: &'static str,
) -> Result<(String, Option<u64>), ClientError> {
    let fields = [
        opt("status", Kind::Status),
        opt("message", Kind::Any),
        opt("data", Kind::Any),
        opt(member, Kind::Str),
    ];
    let shape = Shape {
        name: "JobStarted",
        fields: &fields,
    };
    let inner_fields = [opt("id", Kind::U64), opt(member, Kind::Str)];
    let inner = Shape {
        name: "JobStarted",
        fields: &inner_fields,
    };
    run(request, response, |bytes| {
        let info = scan::check_document(bytes, &shape, None, None)?;
        if status_is_error(bytes, &info) {
            return Ok(Fast::Refer(member));
        }
        let data = info
            .get(2)
            .map(|span| text(bytes, span))
            .filter(|data| data.first() == Some(&b'{'));
        let data_info = match data {
            Some(data) => Some((
                data,
                scan::check_value_object(data, &inner).map_err(|err| ScanError {
                    path: format!("data.{}", err.path),
                    ..err
                })?,
            )),
            None => None,
        };
        let id = data_info
            .as_ref()
            .and_then(|(data, info)| number_at(data, info, 0));
        let url = info
            .get(3)
            .and_then(|span| string_at(bytes, span))
            .or_else(|| {
                data_info
                    .as_ref()
                    .and_then(|(data, info)| info.get(1).and_then(|span| string_at(data, span)))
            });
        Ok(match url {
            Some(url) => Fast::Accept((url, id)),
            None => Fast::Refer(member),
        })
    })
}

/// A job's state, `{ status }`, with or without an envelope: the status word.
pub fn check_job_status(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<String, ClientError> {
    // `status` is the first member of `JobStatus`, and required.
    let (_, span, members) = unwrapped(request, response, &JOB_STATUS)?;
    let object = text(response.body, span);
    Ok(members
        .get(0)
        .and_then(|span| string_at(object, span))
        .unwrap_or_default())
}

pub static JOB_STATUS: DataSchema = DataSchema::of(&workspace_models::JOB_STATUS);

/// `DELETE`: `{"status": "deleted"}`, any envelope that is not an error, or an empty 2xx body.
pub fn check_status_only(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<(), ClientError> {
    if response.is_success() && response.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    run(request, response, |bytes| {
        let info = check_envelope(bytes, Kind::Ignored)?;
        Ok(if status_is_error(bytes, &info) {
            Fast::Refer("status")
        } else {
            Fast::Accept(())
        })
    })
}

/// `POST /sources/{id}/refresh_tables`: `{"refresh_key": K}` or the same inside `data`.
pub fn check_refresh_key(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<RefreshKey, ClientError> {
    static BODY: Shape<'static> = Shape {
        name: "RefreshKeyBody",
        fields: &[
            opt("status", Kind::Status),
            opt("message", Kind::Any),
            opt("refresh_key", Kind::U64),
            opt("data", Kind::Object(&schema::REFRESH_KEY)),
        ],
    };
    run(request, response, |bytes| {
        let info = scan::check_document(bytes, &BODY, None, None)?;
        if status_is_error(bytes, &info) {
            return Ok(Fast::Refer("refresh_key"));
        }
        if !is_null(bytes, info.get(2)) {
            let span = info.get(2).unwrap_or((0, 0));
            return Ok(Fast::Accept(RefreshKey {
                refresh_key: scan::integer_at(bytes, span),
            }));
        }
        // `data` was checked as a `RefreshKey`, whose one member is required.
        Ok(match info.get(3).filter(|_| !is_null(bytes, info.get(3))) {
            Some(span) => {
                let data = text(bytes, span);
                let key = scan::check_document(data, &schema::REFRESH_KEY, None, None)?;
                Fast::Accept(RefreshKey {
                    refresh_key: number_at(data, &key, 0).unwrap_or_default(),
                })
            }
            None => Fast::Refer("refresh_key"),
        })
    })
}

/// `GET /sources/{id}/refresh_tables_status`: `{"status": "completed"}` or the same in `data`.
pub fn check_refresh_status(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<RefreshStatus, ClientError> {
    run(request, response, |bytes| {
        let info = check_envelope(bytes, Kind::Object(&schema::REFRESH_STATUS))?;
        // A bare `{"status": "error"}`, without an envelope's message or data, is the job's own
        // state (read below: it failed), not an error envelope.
        let bare = info.get(MESSAGE).is_none()
            && info.get(DATA).is_none()
            && info
                .get(STATUS)
                .and_then(|span| string_at(bytes, span))
                .as_deref()
                == Some("error");
        if status_is_error(bytes, &info) && !bare {
            return Ok(Fast::Refer("status"));
        }
        if let Some(span) = info.get(DATA).filter(|_| !is_null(bytes, info.get(DATA))) {
            // `data` was checked as a `RefreshStatus`: its `status` is a string.
            let data = text(bytes, span);
            let status = scan::check_document(data, &schema::REFRESH_STATUS, None, None)?;
            let word = status.get(0).and_then(|span| string_at(data, span));
            return Ok(Fast::Accept(RefreshStatus {
                status: RefreshState::from_wire(&word.unwrap_or_default()),
            }));
        }
        let word = info
            .get(STATUS)
            .filter(|span| text(bytes, *span).first() == Some(&b'"'))
            .and_then(|span| string_at(bytes, span));
        Ok(match word {
            Some(word) => Fast::Accept(RefreshStatus {
                status: RefreshState::from_wire(&word),
            }),
            None => Fast::Refer("status"),
        })
    })
}

/// `GET /source_types/{name}` for `createSource`'s `checkType`: the whole type is checked, and
/// what `source_types::check_create_input` reads is kept (see [`source_type_of`]).
pub fn check_source_type(
    request: &HttpRequest,
    response: &RawResponse<'_>,
) -> Result<CreatableType, ClientError> {
    run(request, response, |bytes| {
        let info = check_envelope(bytes, Kind::Object(&schema::SOURCE_TYPE))?;
        if status_is_error(bytes, &info) || is_null(bytes, info.get(DATA)) {
            return Ok(Fast::Refer("data"));
        }
        source_type_of(text(bytes, info.get(DATA).unwrap_or((0, 0)))).map(Fast::Accept)
    })
}

/// A source type the caller already holds, given to `createSource` as `checkType`: its JSON text
/// (as `JSON.stringify` wrote it) is checked as the API's answers are, and errors name `field`
/// with the path inside it (`checkType.configuration_fields[0].name`).
pub fn read_source_type(field: &str, json: &str) -> Result<CreatableType, ClientError> {
    source_type_of(json.as_bytes()).map_err(|err| {
        let at = if err.path.is_empty() {
            field.to_owned()
        } else {
            format!("{field}.{}", err.path)
        };
        let problem = if err.not_json {
            format!("not valid JSON: {}", err.reason)
        } else {
            format!("not a SourceType: {}", err.reason)
        };
        ClientError::invalid_input(&at, problem)
    })
}

/// Checks one SourceType object and keeps what creating reads of it
/// ([`crate::source_types::creatable_of`]).
fn source_type_of(data: &[u8]) -> Result<CreatableType, ScanError> {
    scan::check_document(data, &schema::SOURCE_TYPE, None, None)?;
    // A checked document is valid UTF-8.
    let text = std::str::from_utf8(data).unwrap_or_default();
    Ok(crate::source_types::creatable_of(crate::json_input::Json(
        text,
    )))
}
