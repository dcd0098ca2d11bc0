//! The API surface as data: one [`Endpoint`] per HTTP endpoint and one [`Op`] per JavaScript
//! method. From these come the request each call sends (method, path with each segment
//! percent-encoded, query, body), the checks of its arguments (which name the field), whether
//! it may be retried, how its answer is read, how it pages, its TypeScript declaration and its
//! row in the README's method table. Adding a plain endpoint is one entry here.

use crate::checked::{self, DataSchema, ListSchema};
use crate::error::ClientError;
use crate::input::{InField, InKind, InValues, Input};
use crate::json_input::JsonInput;
use crate::raw_object::RawObject;
use crate::request::{Auth, HttpRequest, Method, path_segment};
use crate::scan::quoted;
use crate::source_types::check_service_name;
use crate::sources::{self, ListOptions};
use crate::strings;

/// How an endpoint's answer is read, and what the call resolves to.
#[derive(Clone, Copy)]
pub enum Reply {
    /// An envelope whose `data` is one object: resolves to it.
    Data(&'static DataSchema),
    /// A page of a list: resolves to `{ data, pagination, next?, hasNextPage, nextPage }`.
    Page(&'static ListSchema),
    /// A create's answer: the new resource's id, or the whole resource.
    Created(&'static Creation),
    /// `{"status": "deleted"}` or an empty body: resolves to `undefined`.
    Status,
    /// `{ refresh_key }`, with or without an envelope.
    RefreshKey,
    /// One object with or without an envelope (`{ api_key }`, a job's state): resolves to it.
    Unwrapped(&'static DataSchema),
    /// An envelope whose `data` is a list that is not paged: resolves to the list.
    Items(&'static ListSchema),
    /// The start of a job followed at a URL the answer names in this member: resolves to
    /// `{ id?, <member> }`.
    Started(&'static str),
    /// `{ status }` of a refresh job, with or without an envelope.
    RefreshStatus,
    /// Stitch: a bare object of this shape: resolves to it.
    Bare(&'static crate::scan::Shape<'static>),
    /// Stitch: a bare array of objects of this shape: resolves to it.
    BareList(&'static crate::scan::Shape<'static>),
    /// Stitch: a page `{ data, page, total, links }` of these items.
    StitchPage(&'static crate::stitch::StitchList),
    /// Stitch: a success that carries nothing to return: resolves to `undefined`.
    Done,
    /// Stitch: a DELETE read as [`Reply::Done`]; after an attempt that may have deleted the
    /// resource unseen, the 400 or 404 Stitch gives for one it cannot find is the deletion.
    Deleted,
    /// Stitch: an Import API token's DELETE, answered by the token's source (a bare object);
    /// after an attempt that may have deleted the token unseen, a 404 is answered by reading
    /// the source.
    TokenDeleted,
    /// A text answer (a log): resolves to the text.
    Text,
    /// Stitch: a bare array of ids, or of objects of this shape with the id as their first
    /// member: resolves to the objects, bare ids made objects.
    BareIds(&'static crate::scan::Shape<'static>),
}

impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Data(_) => "Data",
            Self::Page(_) => "Page",
            Self::Created(_) => "Created",
            Self::Status => "Status",
            Self::RefreshKey => "RefreshKey",
            Self::RefreshStatus => "RefreshStatus",
            Self::Unwrapped(_) => "Unwrapped",
            Self::Items(_) => "Items",
            Self::Started(_) => "Started",
            Self::Bare(_) => "Bare",
            Self::BareList(_) => "BareList",
            Self::StitchPage(_) => "StitchPage",
            Self::Done => "Done",
            Self::Deleted => "Deleted",
            Self::TokenDeleted => "TokenDeleted",
            Self::Text => "Text",
            Self::BareIds(_) => "BareIds",
        })
    }
}

/// What a create answers and how the new resource is read back.
pub struct Creation {
    /// The resource, for messages: `source`, `sync`.
    pub noun: &'static str,
    /// The member of `data` holding the new id when the API answers only that (`id`,
    /// `sync_id`); a `data` with a `name`, `type` or `operation` is the whole resource.
    pub id_key: &'static str,
    /// The whole resource's schema.
    pub whole: &'static DataSchema,
    /// The endpoint that reads it back: the create's own path ids, then the new id.
    pub read: &'static Endpoint,
    /// `read`'s arguments.
    pub read_args: &'static [Arg],
    /// The TypeScript of what a `readBack: false` call resolves to.
    pub created_ts: Text,
}

impl std::fmt::Debug for Creation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.noun)
    }
}

/// A boolean option of a method, beyond the common ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag {
    /// The option's name, as callers write it.
    pub key: &'static str,
    /// Its name on the wire (unused for `Local`).
    pub wire: &'static str,
    pub place: FlagPlace,
    /// One line for the TypeScript docs.
    pub doc: Text,
}

/// Where a flag goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagPlace {
    /// A query parameter, `true` or `false`.
    Query,
    /// A member added to the JSON body.
    Body,
    /// Nowhere: it changes what the client itself checks or does.
    Local,
}

/// A query parameter taken from the options object (besides the paging ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filter {
    /// The option's name, as callers write it.
    pub key: &'static str,
    /// The parameter's name on the wire.
    pub wire: &'static str,
    /// The values it may take; empty for any text.
    pub allowed: &'static [&'static str],
    /// A Stitch id: a positive integer or its digits, as [`ArgKind::Key`] reads one.
    pub id: bool,
    /// One line for the TypeScript docs.
    pub doc: Text,
}

/// One HTTP endpoint.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    pub method: Method,
    /// The path, each `{}` taking the next path argument, percent-encoded as one segment.
    pub path: &'static str,
    /// What the call is about, for messages; `{0}`, `{1}` are the arguments (names quoted).
    pub subject: &'static str,
    /// Text filters (query parameters) the options may hold; an empty text is left out.
    pub filters: &'static [Filter],
    pub reply: Reply,
    /// The token it takes.
    pub auth: Auth,
    /// `202 Accepted` means "not ready yet": ask again after a while, within the call's
    /// timeout (columns by locator).
    pub accepted_is_pending: bool,
}

/// Endpoints are statics: one is another only if it is the same.
impl PartialEq for Endpoint {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for Endpoint {}

impl Endpoint {
    /// Whether a list endpoint: the options may hold `page` (and for Census, `perPage` and
    /// `order`).
    pub fn paged(&self) -> bool {
        matches!(self.reply, Reply::Page(_) | Reply::StitchPage(_))
    }

    /// The most items one of its pages may ask for (`per_page`).
    pub fn max_per_page(&self) -> u32 {
        match self.reply {
            Reply::Page(list) => list.max_per_page,
            _ => sources::MAX_PER_PAGE,
        }
    }

    /// Whether a Stitch list endpoint, whose pages are Stitch's own size and order.
    pub fn stitch_paged(&self) -> bool {
        matches!(self.reply, Reply::StitchPage(_))
    }
}

/// How an argument before the options object is read and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    /// A positive safe integer; `hint` says what to give when it is missing.
    Id { hint: &'static str },
    /// A name: a non-empty string without surrounding spaces; `hint` is an example.
    Name { hint: &'static str },
    /// Any non-empty text, sent as one path segment (a destination object's full name, which
    /// may hold slashes, `%`, `?`, `#`, spaces and non-ASCII).
    Text { hint: &'static str },
    /// An object input, the body.
    Input(&'static Input),
    /// An object input read as JSON text, checked and sent as that text.
    Json(&'static JsonInput),
    /// A table's locator, `{ table_catalog?, table_schema?, table_name }`, sent as those query
    /// parameters.
    Locator,
    /// A Stitch id: a positive integer, or a string of its digits (the stitch-connect OpenAPI
    /// file types ids as strings).
    Key,
    /// Not given by the caller: the body `{ <member>: <the call's time, ISO 8601> }`, or with
    /// `now` false `{ <member>: null }` (`pauseSource`'s and `unpauseSource`'s `paused_at`).
    Stamp { member: &'static str, now: bool },
}

/// Where an argument goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The next `{}` of the path.
    Path,
    /// A query parameter of this name.
    Query(&'static str),
    /// The body.
    Body,
}

/// One argument of a method, before its options object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arg {
    /// Its name, as callers and messages know it (`sourceId`).
    pub name: &'static str,
    pub kind: ArgKind,
    pub place: Place,
}

pub(crate) const fn id(name: &'static str) -> Arg {
    Arg {
        name,
        kind: ArgKind::Id {
            hint: "a positive integer",
        },
        place: Place::Path,
    }
}

/// What a JavaScript method does with its endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One request (a list endpoint: one page).
    Call,
    /// A create: the POST, then the read-back of an `{ id }` answer; `typed`: with
    /// `createSource`'s `checkType`.
    Create { typed: bool },
    /// Every page, as an async iterator.
    Iterate,
    /// Every page, as one array.
    ListAll,
    /// Every page, as one array, in the API's order, with no listing options.
    Catalogue,
    /// Start the job of `poll` (or with `resume`, wait for one started earlier, whose key is
    /// the last argument) and poll its status until it finishes.
    Wait { poll: &'static Poll, resume: bool },
}

/// A background job a wait polls: how it starts, how its state is read, and for messages.
#[derive(Debug)]
pub struct Poll {
    /// The request that starts it.
    pub start: &'static Endpoint,
    /// The arguments of `start`: the ids in its path.
    pub start_args: &'static [Arg],
    /// The request that reads its state, by the key the start answered.
    pub status: &'static Endpoint,
    /// The arguments of `status`: `start_args` and the key (a refresh's `refresh_key` query).
    pub status_args: &'static [Arg],
    pub job: JobKind,
    /// What the job is, for messages: `table refresh`.
    pub what: &'static str,
    /// What owns it, for messages: `source`.
    pub owner: &'static str,
    /// The calls that read its state once, for the timeout's advice.
    pub check_call: &'static str,
}

/// Polls are statics: one is another only if it is the same.
impl PartialEq for Poll {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for Poll {}

/// How a polled job's answers are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// `{ refresh_key }`, then `{ status: processing | completed }`.
    Refresh,
    /// `{ sync_run_id }`, then the SyncRun until its status is final.
    SyncRun,
    /// The start answers a URL in this member (`url`, `status_endpoint`,
    /// `filter_segment_source_url`); that URL answers `{ status }` until the job is done.
    Url(&'static str),
    /// A Stitch replication: `{ job_name }`, then the source's extraction until that job has
    /// completed.
    Extraction,
}

/// One JavaScript method of `CensusClient`.
#[derive(Debug, Clone, Copy)]
pub struct Op {
    /// Its camelCase name.
    pub name: &'static str,
    pub endpoint: &'static Endpoint,
    pub args: &'static [Arg],
    pub mode: Mode,
    /// Its own boolean options.
    pub flags: &'static [Flag],
    /// The TypeScript type of its options argument.
    pub options: Text,
    /// The TypeScript type it returns (its Promise's value, or the iterator's items).
    pub returns: Text,
    /// Marked legacy in the README.
    pub legacy: bool,
    /// Its JSDoc: what it does, in a sentence or two.
    pub doc: Text,
    /// One line of code for the README's method table.
    pub example: Text,
}

impl Op {
    /// The call as the README's table names it: `` `GET /sources/{id}` ``, with `, every page`
    /// or `, polled` for the modes that send more than one request.
    pub fn call_text(&self) -> String {
        let path_names: Vec<String> = self
            .args
            .iter()
            .filter(|arg| arg.place == Place::Path)
            .map(|arg| wire_name(arg.name))
            .collect();
        let shown_with = |endpoint: &Endpoint, names: &[String]| {
            let mut names = names.iter().cloned();
            let mut pieces = endpoint.path.split("{}");
            let mut path = format!(
                "`{} {}",
                endpoint.method.as_str(),
                pieces.next().unwrap_or_default()
            );
            for piece in pieces {
                path.push('{');
                path.push_str(&names.next().unwrap_or_default());
                path.push('}');
                path.push_str(piece);
            }
            path.push('`');
            path
        };
        let shown = |endpoint: &Endpoint| shown_with(endpoint, &path_names);
        match self.mode {
            Mode::Iterate | Mode::ListAll | Mode::Catalogue => {
                format!("{}, every page", shown(self.endpoint))
            }
            Mode::Wait {
                poll,
                resume: false,
            } => {
                // A run is read by the id the trigger answered, not by the sync's.
                let status = match poll.job {
                    JobKind::SyncRun => shown_with(poll.status, &["sync_run_id".to_owned()]),
                    JobKind::Extraction => {
                        shown_with(poll.status, &["stitch_client_id".to_owned()])
                    }
                    JobKind::Refresh => shown(poll.status),
                    JobKind::Url(member) => format!("`GET {{{member}}}`"),
                };
                format!("{}, then {status}, polled", shown(poll.start))
            }
            Mode::Wait {
                poll:
                    Poll {
                        job: JobKind::Url(member),
                        ..
                    },
                resume: true,
            } => format!("`GET {{{member}}}`, polled"),
            Mode::Wait {
                poll:
                    Poll {
                        job: JobKind::Extraction,
                        status,
                        ..
                    },
                resume: true,
            } => format!(
                "{}, polled",
                shown_with(status, &["stitch_client_id".to_owned()])
            ),
            Mode::Wait { poll, resume: true } => format!("{}, polled", shown(poll.status)),
            Mode::Call | Mode::Create { .. } => shown(self.endpoint),
        }
    }
}

/// `sourceId` → `id` of the source's own path segment, `tableId` → `table_id`, `serviceName`
/// → `service_name`: the names the API reference uses in paths.
fn wire_name(name: &str) -> String {
    match name {
        // The resource's own id, as the API reference writes it (`/syncs/[ID]/sync_runs`).
        "sourceId" | "destinationId" | "syncId" | "id" => "id".into(),
        other => {
            let mut out = String::new();
            for c in other.chars() {
                if c.is_ascii_uppercase() {
                    out.push('_');
                    out.push(c.to_ascii_lowercase());
                } else {
                    out.push(c);
                }
            }
            out
        }
    }
}

/// A value of an argument, read and type-checked by the binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgValue {
    Id(u64),
    Name(String),
    Input(InValues),
    Json(RawObject),
    /// Left out (an optional id, such as `refreshTablesStatus`'s key in older callers).
    Absent,
}

/// One request's arguments, read: what [`Call::request`] checks and builds the request from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub endpoint: &'static Endpoint,
    pub args: &'static [Arg],
    pub values: Vec<ArgValue>,
    /// `page`, `perPage`, `order` of a list endpoint.
    pub paging: ListOptions,
    /// The filters' texts, by the index of the endpoint's filter.
    pub filters: Vec<Option<String>>,
    /// The method's flags, and their values by index.
    pub flags: &'static [Flag],
    pub flag_values: Vec<Option<bool>>,
    /// When the call started (ms since the Unix epoch), for a body that holds the time.
    pub now_ms: u64,
}

impl Call {
    /// A call of `endpoint` with `values` for `args` and no options.
    pub fn new(endpoint: &'static Endpoint, args: &'static [Arg], values: Vec<ArgValue>) -> Self {
        Self {
            endpoint,
            args,
            values,
            paging: ListOptions::default(),
            filters: Vec::new(),
            flags: &[],
            flag_values: Vec::new(),
            now_ms: 0,
        }
    }

    /// The value of the flag `key`, when given.
    pub fn flag(&self, key: &str) -> Option<bool> {
        self.flags
            .iter()
            .position(|flag| flag.key == key)
            .and_then(|index| self.flag_values.get(index).copied().flatten())
    }

    /// The value of the argument `name`.
    pub fn value(&self, name: &str) -> Option<&ArgValue> {
        self.args
            .iter()
            .position(|arg| arg.name == name)
            .and_then(|index| self.values.get(index))
    }

    /// Checks the arguments and builds the request. Errors name the argument or option.
    pub fn request(&self) -> Result<HttpRequest, ClientError> {
        let endpoint = self.endpoint;
        let mut segments: Vec<String> = Vec::new();
        let mut shown: Vec<String> = Vec::new();
        let mut query: Vec<(&'static str, String)> = Vec::new();
        let mut body = None;
        for (index, arg) in self.args.iter().enumerate() {
            let value = self.values.get(index).unwrap_or(&ArgValue::Absent);
            let text = match (arg.kind, value) {
                (ArgKind::Id { .. } | ArgKind::Key, ArgValue::Id(id)) => {
                    sources::positive(arg.name, *id)?.to_string()
                }
                (ArgKind::Name { hint }, ArgValue::Name(name)) => {
                    check_service_name(arg.name, name, hint)?;
                    shown.push(quoted(name));
                    segments.push(path_segment(name));
                    continue;
                }
                (ArgKind::Text { hint }, ArgValue::Name(text)) => {
                    check_segment(arg.name, text, hint)?;
                    shown.push(quoted(text));
                    segments.push(path_segment(text));
                    continue;
                }
                (ArgKind::Input(input), ArgValue::Input(values)) => {
                    body = Some(input.body(values)?);
                    continue;
                }
                (ArgKind::Json(input), ArgValue::Json(raw)) => {
                    body = Some(input.body(raw, self)?);
                    continue;
                }
                (ArgKind::Locator, ArgValue::Json(raw)) => {
                    unknown_locator_member(arg.name, raw)?;
                    let table = crate::json_input::Json(raw.as_str());
                    for (member, required) in LOCATOR {
                        let path = format!("{}.{member}", arg.name);
                        let value = table.get(member);
                        match value.and_then(crate::json_input::Json::text) {
                            Some(text) if !text.trim().is_empty() => {
                                if *member == "table_name" {
                                    shown.push(quoted(&text));
                                }
                                query.push((member, text));
                            }
                            Some(_) => {
                                return Err(ClientError::invalid_input(&path, "must not be empty"));
                            }
                            None if value.is_some() => {
                                return Err(ClientError::invalid_input(&path, "expected a string"));
                            }
                            None if *required => {
                                return Err(ClientError::invalid_input(&path, "required"));
                            }
                            None => {}
                        }
                    }
                    continue;
                }
                (ArgKind::Id { hint }, _) => {
                    return Err(ClientError::invalid_input(
                        arg.name,
                        format!("required: {hint}"),
                    ));
                }
                (ArgKind::Stamp { member, now }, _) => {
                    let mut out = crate::json_out::ObjectWriter::new();
                    if now {
                        out.string(member, Some(&crate::dates::iso_seconds(self.now_ms)));
                    } else {
                        out.raw(member, "null");
                    }
                    body = Some(out.finish());
                    continue;
                }
                (ArgKind::Key, _) => {
                    return Err(ClientError::invalid_input(
                        arg.name,
                        "required: a positive integer (or its digits as a string)",
                    ));
                }
                (_, _) => {
                    return Err(ClientError::invalid_input(arg.name, "required"));
                }
            };
            shown.push(text.clone());
            match arg.place {
                Place::Query(wire) => query.push((wire, text)),
                Place::Path | Place::Body => segments.push(text),
            }
        }
        let mut path = String::new();
        let mut rest = endpoint.path;
        let mut segments = segments.iter();
        while let Some((before, after)) = strings::split_once(rest, "{}") {
            path.push_str(before);
            let Some(segment) = segments.next() else {
                rest = "";
                break;
            };
            path.push_str(segment);
            rest = after;
        }
        path.push_str(rest);
        let mut request = HttpRequest::new(endpoint.method, path, subject(endpoint, &shown));
        request.auth = endpoint.auth;
        if endpoint.stitch_paged() {
            let page = self.paging.page.filter(|page| *page != 1);
            if page == Some(0) {
                return Err(ClientError::invalid_input(
                    "page",
                    "expected an integer ≥ 1, got 0",
                ));
            }
            request
                .query
                .extend(page.map(|page| ("page", page.to_string())));
        } else if endpoint.paged() {
            request.query.extend(sources::paging_query(
                &self.paging,
                endpoint.max_per_page(),
            )?);
        }

        request.query.extend(query);
        for (filter, text) in endpoint.filters.iter().zip(&self.filters) {
            if let Some(text) = text.as_deref().filter(|text| !text.is_empty()) {
                request.query.push((filter.wire, text.to_owned()));
            }
        }
        for (flag, value) in self.flags.iter().zip(&self.flag_values) {
            let Some(value) = value else { continue };
            let text = if *value { "true" } else { "false" };
            match flag.place {
                FlagPlace::Query => request.query.push((flag.wire, text.to_owned())),
                FlagPlace::Body => {
                    let object = body.take().unwrap_or_else(|| String::from("{}"));
                    body = Some(with_member(&object, flag.wire, text));
                }
                FlagPlace::Local => {}
            }
        }
        Ok(match body {
            Some(body) => request.with_json_body(body),
            None => request,
        })
    }
}

/// A path segment of any text: not empty, and not `.` or `..`, which URL parsers would take
/// as a step up or nothing even when percent-encoded.
fn check_segment(field: &str, text: &str, hint: &str) -> Result<(), ClientError> {
    if text.is_empty() {
        return Err(ClientError::invalid_input(
            field,
            format!("must not be empty: give {hint}"),
        ));
    }
    if text == "." || text == ".." {
        return Err(ClientError::invalid_input(
            field,
            format!("{} cannot be sent as a path segment", quoted(text)),
        ));
    }
    Ok(())
}

/// `object` (a JSON object's text) with the member `key: raw` added at its end.
fn with_member(object: &str, key: &str, raw: &str) -> String {
    let inner = object
        .trim_end()
        .strip_suffix('}')
        .unwrap_or(object)
        .trim_end();
    let mut out = String::with_capacity(inner.len() + key.len() + raw.len() + 6);
    out.push_str(inner);
    if !inner.ends_with('{') {
        out.push(',');
    }
    crate::json_out::write_string(&mut out, key);
    out.push(':');
    out.push_str(raw);
    out.push('}');
    out
}

/// Refuses a member of a table locator other than [`LOCATOR`]'s: only those become query
/// parameters, so another (a misspelt `tabel_schema`) would be dropped and another table read.
/// Out of line: `Call::request` is copied into each machine that builds requests.
#[inline(never)]
fn unknown_locator_member(name: &str, raw: &RawObject) -> Result<(), ClientError> {
    let members = crate::scan::object_members(raw.as_str().as_bytes()).unwrap_or_default();
    match members
        .iter()
        .find(|(key, _)| !LOCATOR.iter().any(|(member, _)| member == key))
    {
        None => Ok(()),
        Some((key, _)) => Err(ClientError::invalid_input(
            &format!("{name}.{key}"),
            "unknown field; expected one of table_catalog, table_schema, table_name",
        )),
    }
}

/// A table locator's members, and whether each is required.
const LOCATOR: &[(&str, bool)] = &[
    ("table_catalog", false),
    ("table_schema", false),
    ("table_name", true),
];

/// The endpoint's subject with the arguments put in.
fn subject(endpoint: &Endpoint, shown: &[String]) -> String {
    let mut out = endpoint.subject.to_owned();
    for (index, text) in shown.iter().enumerate() {
        out = strings::replace_all(&out, &format!("{{{index}}}"), text);
    }
    out
}

/// Text only the generators read (docs, TypeScript, README examples): native builds keep it,
/// the wasm gets [`Text`]'s zero-sized stand-in, so descriptions cost the bundle only what calls
/// use (not even an empty string's pointer and length).
#[cfg(not(target_arch = "wasm32"))]
macro_rules! text {
    ($text:expr) => {
        $text
    };
}
#[cfg(target_arch = "wasm32")]
macro_rules! text {
    ($text:expr) => {
        $crate::api::Text
    };
}

/// What [`text!`] gives: the text natively, nothing in the wasm.
#[cfg(not(target_arch = "wasm32"))]
pub type Text = &'static str;
/// What [`text!`] gives: the text natively, nothing in the wasm.
#[cfg(target_arch = "wasm32")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text;

/// [`text!`] as a function, for a text that arrives as an argument.
#[cfg(not(target_arch = "wasm32"))]
pub const fn text(text: &'static str) -> Text {
    text
}
/// [`text!`] as a function, for a text that arrives as an argument.
#[cfg(target_arch = "wasm32")]
pub const fn text(_: &'static str) -> Text {
    Text
}

/// A `GET` endpoint.
pub(crate) const fn get(path: &'static str, subject: &'static str, reply: Reply) -> Endpoint {
    endpoint(Method::Get, path, subject, reply)
}

/// A `POST` endpoint.
pub(crate) const fn post(path: &'static str, subject: &'static str, reply: Reply) -> Endpoint {
    endpoint(Method::Post, path, subject, reply)
}

/// An argument read as JSON text and checked by `input`: the body.
pub(crate) const fn json(name: &'static str, input: &'static JsonInput) -> Arg {
    Arg {
        name,
        kind: ArgKind::Json(input),
        place: Place::Body,
    }
}

/// Builds an `Op` with no flags, not legacy (the arguments are the fields, in order).
#[allow(clippy::too_many_arguments)]
pub(crate) const fn describe(
    name: &'static str,
    endpoint: &'static Endpoint,
    args: &'static [Arg],
    mode: Mode,
    options: Text,
    returns: Text,
    doc: Text,
    example: Text,
) -> Op {
    Op {
        name,
        endpoint,
        args,
        mode,
        flags: &[],
        options,
        returns,
        legacy: false,
        doc,
        example,
    }
}

pub mod admin;
pub mod catalog;
pub mod stitch;
pub mod syncs;

// ---- the Sources API --------------------------------------------------------------------------

pub(crate) const fn endpoint(
    method: Method,
    path: &'static str,
    subject: &'static str,
    reply: Reply,
) -> Endpoint {
    Endpoint {
        method,
        path,
        subject,
        filters: &[],
        reply,
        auth: Auth::Workspace,
        accepted_is_pending: false,
    }
}

pub static LIST_SOURCES: Endpoint = endpoint(
    Method::Get,
    "/sources",
    "the source list",
    Reply::Page(&checked::SOURCES),
);
pub static GET_SOURCE: Endpoint = endpoint(
    Method::Get,
    "/sources/{}",
    "source {0}",
    Reply::Data(&checked::SOURCE),
);
pub static CREATE_SOURCE: Endpoint = endpoint(
    Method::Post,
    "/sources",
    "the new source",
    Reply::Created(&SOURCE_CREATION),
);
static SOURCE_CREATION: Creation = Creation {
    noun: "source",
    id_key: "id",
    whole: &checked::SOURCE,
    read: &GET_SOURCE,
    read_args: &[id("id")],
    created_ts: text!("Source | { id: number }"),
};
pub static UPDATE_SOURCE: Endpoint = endpoint(
    Method::Patch,
    "/sources/{}",
    "source {0}",
    Reply::Data(&checked::SOURCE),
);
pub static DELETE_SOURCE: Endpoint =
    endpoint(Method::Delete, "/sources/{}", "source {0}", Reply::Status);
pub static REFRESH_TABLES: Endpoint = endpoint(
    Method::Post,
    "/sources/{}/refresh_tables",
    "source {0}",
    Reply::RefreshKey,
);
pub static REFRESH_TABLES_STATUS: Endpoint = endpoint(
    Method::Get,
    "/sources/{}/refresh_tables_status",
    "refresh job {1} of source {0}",
    Reply::RefreshStatus,
);
/// The `refresh_key` query argument of a refresh's status.
pub(crate) const REFRESH_KEY: Arg = Arg {
    name: "refreshKey",
    kind: ArgKind::Id {
        hint: "the refresh_key the refresh answered",
    },
    place: Place::Query("refresh_key"),
};

/// `refreshTablesAndWait` and `waitForRefresh`.
pub static TABLE_REFRESH: Poll = Poll {
    start: &REFRESH_TABLES,
    start_args: &[id("id")],
    status: &REFRESH_TABLES_STATUS,
    status_args: &[id("id"), REFRESH_KEY],
    job: JobKind::Refresh,
    what: "table refresh",
    owner: "source",
    check_call: "refreshTablesStatus",
};
pub static LIST_SOURCE_TYPES: Endpoint = endpoint(
    Method::Get,
    "/source_types",
    "the source type list",
    Reply::Page(&checked::SOURCE_TYPES),
);
pub static GET_SOURCE_TYPE: Endpoint = endpoint(
    Method::Get,
    "/source_types/{}",
    "source type {0}",
    Reply::Data(&checked::SOURCE_TYPE),
);
pub static LIST_TABLES: Endpoint = Endpoint {
    filters: &[
        Filter {
            key: "search",
            wire: "search",
            allowed: &[],
            id: false,
            doc: text!(
                "Only tables whose name contains this text (the API decides how it matches)."
            ),
        },
        Filter {
            key: "orderBy",
            wire: "order_by",
            allowed: &[],
            id: false,
            doc: text!(
                "The sort, as `field:direction`, e.g. `table_name:asc` (then `order` has no say)."
            ),
        },
    ],
    ..endpoint(
        Method::Get,
        "/sources/{}/tables",
        "the tables of source {0}",
        Reply::Page(&checked::TABLES),
    )
};
pub static GET_TABLE: Endpoint = endpoint(
    Method::Get,
    "/sources/{}/tables/{}",
    "table {1} of source {0}",
    Reply::Data(&checked::TABLE),
);
pub static LIST_DATA_SOURCES: Endpoint = endpoint(
    Method::Get,
    "/sources/{}/data_sources",
    "the data sources of source {0}",
    Reply::Page(&checked::DATA_SOURCES),
);
pub static GET_MODEL: Endpoint = endpoint(
    Method::Get,
    "/sources/{}/models/{}",
    "model {1} of source {0}",
    Reply::Data(&checked::MODEL),
);

pub static GET_WORKSPACE: Endpoint = endpoint(
    Method::Get,
    "/workspace",
    "the workspace",
    Reply::Data(&checked::WORKSPACE),
);

const TYPE_HINT: &str = "the service_name of a source type, e.g. \"snowflake\"";
const SYNC_ENGINES: &[&str] = &["basic", "advanced"];

/// `createSource`'s input: `{"connection": {...}}`.
pub static CREATE_SOURCE_INPUT: Input = Input {
    name: text!("CreateSourceInput"),
    wrap: "connection",
    fields: &[
        InField::new(
            "type",
            InKind::Name,
            text!("Required: a `service_name` from `/source_types` that is `creatable_via_api`."),
        )
        .required(TYPE_HINT),
        InField::new(
            "credentials",
            InKind::Object,
            text!("Required: the connection's credentials, an object."),
        )
        .required("an object with the connection's credentials, e.g. { hostname, user, password }"),
        InField::new(
            "label",
            InKind::Str,
            text!("Deprecated in favour of `name`."),
        ),
        InField::new(
            "name",
            InKind::Name,
            text!("The source's name (not blank)."),
        ),
        InField::new(
            "read_only_connection",
            InKind::Bool,
            text!("Connect without write access (no warehouse writeback)."),
        ),
        InField::new(
            "sync_engine",
            InKind::OneOf(SYNC_ENGINES),
            text!("`basic` or `advanced`; can only be chosen at creation."),
        ),
        InField::new(
            "warehouse_writeback_retention_in_days",
            InKind::Count,
            text!("Days to keep writeback data, at least 1."),
        ),
    ],
    patch: false,
    doc: text!("The `connection` of `POST /sources`."),
};

/// `updateSource`'s patch: `{"connection": {...}}`, at least one member.
pub static UPDATE_SOURCE_INPUT: Input = Input {
    name: text!("UpdateSourceInput"),
    wrap: "connection",
    fields: &[
        InField::new(
            "type",
            InKind::CreateOnly,
            text!("Cannot be changed after creation."),
        ),
        InField::new(
            "credentials",
            InKind::Object,
            text!("Credentials to change; members not given keep their values."),
        ),
        InField::new(
            "label",
            InKind::Str,
            text!("Deprecated in favour of `name`."),
        ),
        InField::new(
            "name",
            InKind::Name,
            text!("The source's name (not blank)."),
        ),
        InField::new(
            "read_only_connection",
            InKind::Bool,
            text!("Connect without write access (no warehouse writeback)."),
        ),
        InField::new(
            "sync_engine",
            InKind::CreateOnly,
            text!("Cannot be changed after creation."),
        ),
        InField::new(
            "warehouse_writeback_retention_in_days",
            InKind::Count,
            text!("Days to keep writeback data, at least 1."),
        ),
    ],
    patch: true,
    doc: text!(
        "The `connection` of `PATCH /sources/{id}`: every member optional, at least one given."
    ),
};

const ID: &[Arg] = &[id("id")];
const SOURCE_ID: &[Arg] = &[id("sourceId")];

/// The methods of sources, tables, models and the workspace, in the README's order.
pub static SOURCE_OPS: &[Op] = &[
    Op {
        name: "listSources",
        endpoint: &LIST_SOURCES,
        args: &[],
        mode: Mode::Call,
        flags: &[],
        options: text!("ListSourcesOptions"),
        returns: text!("SourcePage"),
        legacy: false,
        doc: text!("Lists one page of sources: `{ data, pagination, hasNextPage, nextPage }`."),
        example: text!(
            "const { data, pagination, hasNextPage, nextPage } = await census.listSources({ page: 2, perPage: 50, order: 'asc' });"
        ),
    },
    Op {
        name: "iterateSources",
        endpoint: &LIST_SOURCES,
        args: &[],
        mode: Mode::Iterate,
        flags: &[],
        options: text!("ListAllSourcesOptions"),
        returns: text!("Source"),
        legacy: false,
        doc: text!(
            "Iterates over every source, in order, with `for await`. Pages are fetched ahead with at most `concurrency` requests in flight (default 4); `break` or the `signal` cancels them."
        ),
        example: text!(
            "for await (const source of census.iterateSources({ concurrency: 4 })) console.log(source.name);"
        ),
    },
    Op {
        name: "listAllSources",
        endpoint: &LIST_SOURCES,
        args: &[],
        mode: Mode::ListAll,
        flags: &[],
        options: text!("ListAllSourcesOptions"),
        returns: text!("Source"),
        legacy: false,
        doc: text!(
            "Lists every source, in order, as one array. `onProgress` receives `{ pagesDone, pagesTotal, itemsDone, itemsTotal }` after each page."
        ),
        example: text!(
            "const all = await census.listAllSources({ maxItems: 500, onProgress: (p) => console.log(p.itemsDone) });"
        ),
    },
    Op {
        name: "getSource",
        endpoint: &GET_SOURCE,
        args: ID,
        mode: Mode::Call,
        flags: &[],
        options: text!("CallOptions"),
        returns: text!("Source"),
        legacy: false,
        doc: text!("Fetches one source by id."),
        example: text!("const source = await census.getSource(3);"),
    },
    Op {
        name: "createSource",
        endpoint: &CREATE_SOURCE,
        args: &[Arg {
            name: "input",
            kind: ArgKind::Input(&CREATE_SOURCE_INPUT),
            place: Place::Body,
        }],
        mode: Mode::Create { typed: true },
        flags: &[],
        options: text!("CreateSourceReadBackOptions"),
        returns: text!("Source"),
        legacy: false,
        doc: text!(
            "Creates a source and resolves to it. When the API answers only `{ id }` (older API versions), the client reads the new source back so the result is always a whole `Source`; if that read-back fails, the call rejects with a `CensusReadBackError` carrying the new `id` (the source exists: do not create it again). `readBack: false` resolves to what the POST answered, with no second request. With `checkType: true` it first reads the source type and refuses, before sending anything, a type that is unknown or not creatable via the API and credentials missing a required field; given the `SourceType` itself, it checks with that and sends one request fewer. Never retried unless this call's `retry.retryNonIdempotent` is set."
        ),
        example: text!(
            "const created = await census.createSource({ type: 'postgres', name: 'Prod', credentials: { hostname, port: 5432, database, user, password } }, { checkType: true });"
        ),
    },
    Op {
        name: "updateSource",
        endpoint: &UPDATE_SOURCE,
        args: &[
            id("id"),
            Arg {
                name: "input",
                kind: ArgKind::Input(&UPDATE_SOURCE_INPUT),
                place: Place::Body,
            },
        ],
        mode: Mode::Call,
        flags: &[],
        options: text!("CallOptions"),
        returns: text!("Source"),
        legacy: false,
        doc: text!(
            "Updates a source (name, label, credentials, read_only_connection, retention) and resolves to the updated source."
        ),
        example: text!(
            "await census.updateSource(3, { name: 'Prod (EU)', warehouse_writeback_retention_in_days: 14, credentials: { password: newPassword } });"
        ),
    },
    Op {
        name: "deleteSource",
        endpoint: &DELETE_SOURCE,
        args: ID,
        mode: Mode::Call,
        flags: &[],
        options: text!("CallOptions"),
        returns: text!("void"),
        legacy: false,
        doc: text!(
            "Deletes a source. Resolves to `undefined`; rejects with `CensusNotFoundError` if it is gone, unless an earlier attempt of this call got no answer, a 500, 502 or 504: that one may have deleted it."
        ),
        example: text!("await census.deleteSource(3);"),
    },
    Op {
        name: "refreshTables",
        endpoint: &REFRESH_TABLES,
        args: ID,
        mode: Mode::Call,
        flags: &[],
        options: text!("CallOptions"),
        returns: text!("RefreshKey"),
        legacy: false,
        doc: text!(
            "Starts a job that refreshes the source's list of tables: `{ refresh_key }`. Never retried unless this call's `retry.retryNonIdempotent` is set."
        ),
        example: text!("const { refresh_key } = await census.refreshTables(3);"),
    },
    Op {
        name: "refreshTablesStatus",
        endpoint: &REFRESH_TABLES_STATUS,
        args: &[
            id("id"),
            Arg {
                name: "refreshKey",
                kind: ArgKind::Id {
                    hint: "the refresh_key that refreshTables returned",
                },
                place: Place::Query("refresh_key"),
            },
        ],
        mode: Mode::Call,
        flags: &[],
        options: text!("CallOptions"),
        returns: text!("RefreshStatus"),
        legacy: false,
        doc: text!(
            "Reads the state of a refresh-tables job: `{ status: \"processing\" | \"completed\" }`."
        ),
        example: text!(
            "const { status } = await census.refreshTablesStatus(3, refresh_key); // 'processing' \\| 'completed'"
        ),
    },
    Op {
        name: "refreshTablesAndWait",
        endpoint: &REFRESH_TABLES_STATUS,
        args: SOURCE_ID,
        mode: Mode::Wait {
            poll: &TABLE_REFRESH,
            resume: false,
        },
        flags: &[],
        options: text!("RefreshWaitOptions"),
        returns: text!("RefreshOutcome"),
        legacy: false,
        doc: text!(
            "Starts a table refresh and resolves when it has completed: `{ refresh_key, status: \"completed\", attempts, elapsedMs }`. Checks the status after `intervalMs` (default 1000), waiting half as long again each time up to `maxIntervalMs` (default 10000); rejects with `CensusTimeoutError` after `timeoutMs` (default 300000; 0 waits without limit) and with an `AbortError` when `signal` aborts. `onProgress` receives `{ refresh_key, state, attempts, elapsedMs }` once the job is queued and after each check."
        ),
        example: text!(
            "await census.refreshTablesAndWait(3, { intervalMs: 1000, timeoutMs: 120_000, signal, onProgress: ({ state, attempts, elapsedMs }) => … });"
        ),
    },
    Op {
        name: "waitForRefresh",
        endpoint: &REFRESH_TABLES_STATUS,
        args: &[
            id("sourceId"),
            Arg {
                name: "refreshKey",
                kind: ArgKind::Id {
                    hint: "the refresh_key that refreshTables returned",
                },
                place: Place::Query("refresh_key"),
            },
        ],
        mode: Mode::Wait {
            poll: &TABLE_REFRESH,
            resume: true,
        },
        flags: &[],
        options: text!("RefreshWaitOptions"),
        returns: text!("RefreshOutcome"),
        legacy: false,
        doc: text!(
            "Waits for a table refresh started earlier (by `refreshTables`, perhaps before a page reload) to complete, without starting another: the same options, schedule, progress reports and outcome as `refreshTablesAndWait`."
        ),
        example: text!(
            "await census.waitForRefresh(3, refresh_key, { timeoutMs: 120_000 }); // refresh_key from refreshTables, kept over a reload"
        ),
    },
    Op {
        name: "listSourceTypes",
        endpoint: &LIST_SOURCE_TYPES,
        args: &[],
        mode: Mode::Catalogue,
        flags: &[],
        options: text!("CallOptions"),
        returns: text!("SourceType"),
        legacy: false,
        doc: text!("Lists every source type (the whole catalogue, all pages), in the API's order."),
        example: text!(
            "const creatable = (await census.listSourceTypes()).filter((t) => t.creatable_via_api);"
        ),
    },
    Op {
        name: "getSourceType",
        endpoint: &GET_SOURCE_TYPE,
        args: &[Arg {
            name: "serviceName",
            kind: ArgKind::Name {
                hint: "e.g. \"snowflake\"",
            },
            place: Place::Path,
        }],
        mode: Mode::Call,
        flags: &[],
        options: text!("CallOptions"),
        returns: text!("SourceType"),
        legacy: false,
        doc: text!(
            "Fetches one source type by its `service_name`; rejects with `CensusNotFoundError` when the workspace has no such type."
        ),
        example: text!("const { configuration_fields } = await census.getSourceType('snowflake');"),
    },
    Op {
        name: "listTables",
        endpoint: &LIST_TABLES,
        args: SOURCE_ID,
        mode: Mode::Call,
        flags: &[],
        options: text!("ListTablesOptions"),
        returns: text!("TablePage"),
        legacy: false,
        doc: text!(
            "Lists one page of a source's tables: `{ data, pagination, hasNextPage, nextPage }`; `search` keeps the tables whose name contains it."
        ),
        example: text!(
            "const { data } = await census.listTables(3, { search: 'order', perPage: 100 });"
        ),
    },
    Op {
        name: "iterateTables",
        endpoint: &LIST_TABLES,
        args: SOURCE_ID,
        mode: Mode::Iterate,
        flags: &[],
        options: text!("ListAllTablesOptions"),
        returns: text!("Table"),
        legacy: false,
        doc: text!(
            "Iterates over every table of a source with `for await`, like `iterateSources`."
        ),
        example: text!(
            "for await (const table of census.iterateTables(3, { search: 'reporting.' })) console.log(table.table_name);"
        ),
    },
    Op {
        name: "listAllTables",
        endpoint: &LIST_TABLES,
        args: SOURCE_ID,
        mode: Mode::ListAll,
        flags: &[],
        options: text!("ListAllTablesOptions"),
        returns: text!("Table"),
        legacy: false,
        doc: text!("Lists every table of a source as one array, like `listAllSources`."),
        example: text!("const tables = await census.listAllTables(3);"),
    },
    Op {
        name: "getTable",
        endpoint: &GET_TABLE,
        args: &[id("sourceId"), id("tableId")],
        mode: Mode::Call,
        flags: &[],
        options: text!("CallOptions"),
        returns: text!("TableWithColumns"),
        legacy: false,
        doc: text!("Fetches one table of a source, with its columns."),
        example: text!("const { columns } = await census.getTable(3, 5); // [{ name, type }]"),
    },
    Op {
        name: "listDataSources",
        endpoint: &LIST_DATA_SOURCES,
        args: SOURCE_ID,
        mode: Mode::Call,
        flags: &[],
        options: text!("ListSourcesOptions"),
        returns: text!("DataSourcePage"),
        legacy: true,
        doc: text!(
            "Lists one page of a source's tables and models (the legacy `data_sources` endpoint); each item's `type` (`\"table\"` or `\"model\"`) tells which it is."
        ),
        example: text!(
            "for (const item of (await census.listDataSources(3)).data) if (item.type === 'model') console.log(item.query);"
        ),
    },
    Op {
        name: "iterateDataSources",
        endpoint: &LIST_DATA_SOURCES,
        args: SOURCE_ID,
        mode: Mode::Iterate,
        flags: &[],
        options: text!("ListAllSourcesOptions"),
        returns: text!("DataSource"),
        legacy: true,
        doc: text!(
            "Iterates over every table and model of a source (legacy `data_sources`) with `for await`."
        ),
        example: text!(
            "for await (const item of census.iterateDataSources(3)) console.log(item.type, item.id);"
        ),
    },
    Op {
        name: "listAllDataSources",
        endpoint: &LIST_DATA_SOURCES,
        args: SOURCE_ID,
        mode: Mode::ListAll,
        flags: &[],
        options: text!("ListAllSourcesOptions"),
        returns: text!("DataSource"),
        legacy: true,
        doc: text!("Lists every table and model of a source (legacy `data_sources`) as one array."),
        example: text!("const items = await census.listAllDataSources(3);"),
    },
    Op {
        name: "getModel",
        endpoint: &GET_MODEL,
        args: &[id("sourceId"), id("modelId")],
        mode: Mode::Call,
        flags: &[],
        options: text!("CallOptions"),
        returns: text!("ModelWithColumns"),
        legacy: true,
        doc: text!(
            "Fetches one model of a source, with its columns and, for dbt models, `compiled_query`."
        ),
        example: text!("const { columns, compiled_query } = await census.getModel(3, 11);"),
    },
    Op {
        name: "getWorkspace",
        endpoint: &GET_WORKSPACE,
        args: &[],
        mode: Mode::Call,
        flags: &[],
        options: text!("CallOptions"),
        returns: text!("Workspace"),
        legacy: false,
        doc: text!(
            "Fetches the workspace the API token belongs to: `{ id, name, organization_id, created_at, notification_emails }`."
        ),
        example: text!("const { name } = await census.getWorkspace();"),
    },
];

/// Every method of `CensusClient`, in the order of the README's table and of `op_at`.
pub fn ops() -> impl Iterator<Item = &'static Op> {
    GROUPS.iter().flat_map(|group| group.iter())
}

/// The groups of methods, in the README's order.
static GROUPS: [&[Op]; 4] = [
    SOURCE_OPS,
    syncs::SYNC_OPS,
    catalog::CATALOG_OPS,
    admin::ADMIN_OPS,
];

/// The method numbered `index` in `ops`' order.
pub fn op_at(index: usize) -> Option<&'static Op> {
    let mut index = index;
    for group in GROUPS {
        match group.get(index) {
            Some(op) => return Some(op),
            None => index = index.checked_sub(group.len())?,
        }
    }
    None
}

/// The method called `name`.
pub fn op(name: &str) -> Option<&'static Op> {
    ops().find(|op| op.name == name)
}

/// The method of `StitchClient` numbered `index`.
pub fn stitch_op_at(index: usize) -> Option<&'static Op> {
    stitch::STITCH_OPS.get(index)
}

// ---- what the descriptions generate -------------------------------------------------------------

#[cfg(not(target_arch = "wasm32"))]
/// The TypeScript of `CensusClient` and of the object inputs: src/js/client.d.ts, which the
/// package's declarations include. `tests/generated.rs` checks the file is current.
pub fn typescript() -> String {
    let mut out = String::from(
        "// Generated from census-core/src/api.rs and the models of census-core/src/models.rs by\n// `UPDATE_GENERATED=1 cargo test --test generated`: do not edit.\n\n",
    );
    let mut codes: Vec<String> = Vec::new();
    for kind in crate::error::ErrorKind::ALL {
        let code = format!("'{}'", kind.code());
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    out.push_str(&format!(
        "/** Codes carried by `CensusError.code`. */\nexport type CensusErrorCode = {};\n\n",
        codes.join(" | ")
    ));
    for declaration in crate::models::ENUMS {
        out.push_str(declaration);
        out.push('\n');
    }
    out.push('\n');
    for model in crate::models::MODELS {
        out.push_str(&crate::model::typescript(model));
        out.push('\n');
    }
    // SyncSourceInput is a union (what it reads in one form, never both), and CreateSyncInput
    // and UpdateSyncInput are SyncInputFields under the rules between its members: all written
    // by sync_input::typescript() with the other unions.
    for model in [
        &crate::sync_input::CREATE_SYNC_INPUT_MODEL,
        &crate::sync_input::SYNC_DESTINATION_INPUT_MODEL,
        &crate::sync_input::MAPPING_INPUT_MODEL,
    ] {
        let interface =
            crate::model::input_typescript_as(model, crate::sync_input::input_name(model));
        out.push_str(&with_refused(interface, model, ops()));
        out.push('\n');
    }
    for model in crate::admin_input::INPUT_MODELS {
        let interface =
            crate::model::input_typescript_as(model, crate::admin_input::input_name(model));
        out.push_str(&with_refused(interface, model, ops()));
        out.push('\n');
    }
    out.push_str(&crate::sync_input::typescript());
    out.push_str(&crate::admin_input::typescript());
    out.push('\n');
    out.push_str(&options_typescript());
    for input in [
        &CREATE_SOURCE_INPUT,
        &UPDATE_SOURCE_INPUT,
        &syncs::CREATE_DESTINATION_INPUT,
        &syncs::UPDATE_DESTINATION_INPUT,
    ] {
        // A patch's members are an interface of their own (`UpdateSourceFields`), and the
        // input is a `NonEmptyPatch` of it: an empty patch is refused by the type as it is
        // by the client.
        let name = match input.name.strip_suffix("Input") {
            Some(base) if input.patch => {
                let fields = format!("{base}Fields");
                let mut method: Vec<char> = base.chars().collect();
                if let Some(first) = method.first_mut() {
                    first.make_ascii_lowercase();
                }
                out.push_str(&format!(
                    "/** `{}`'s patch: members of `{fields}`, at least one of them given. */\nexport type {} = NonEmptyPatch<{fields}>;\n\n",
                    method.into_iter().collect::<String>(),
                    input.name,
                ));
                fields
            }
            _ => input.name.to_owned(),
        };
        out.push_str(&format!(
            "/** {} */\nexport interface {name} {{\n",
            input.doc
        ));
        for field in input.fields {
            // An optional member may be given as `undefined` (`exactOptionalPropertyTypes`).
            let (optional, undefined) = if field.required.is_some() {
                ("", "")
            } else {
                ("?", " | undefined")
            };
            out.push_str(&format!(
                "  /** {} */\n  {}{optional}: {}{undefined};\n",
                field.doc,
                field.name,
                field.ts_type()
            ));
        }
        out.push_str("}\n\n");
    }
    out.push_str(
        "/**\n * A client for the Census API. Every method returns a Promise (`iterate…` an async\n * iterator); failures reject with a `CensusError` subclass whose `name`, `code` and `status`\n * say what went wrong.\n */\nexport declare class CensusClient {\n  /** Creates a client. Throws a `CensusInputError` naming the option when an option is wrong. */\n  constructor(options?: CensusClientOptions);\n  /** The base URL requests go to. */\n  readonly baseUrl: string;\n  /** Frees the client's wasm memory now rather than when it is collected. */\n  free(): void;\n",
    );
    out.push_str(&methods_typescript(ops()));
    out.push_str("}\n\n");
    for model in crate::stitch_models::STITCH_MODELS {
        out.push_str(&crate::model::typescript(model));
        out.push('\n');
    }
    for model in crate::stitch_input::INPUT_MODELS {
        out.push_str(&stitch_input_typescript(model));
        out.push('\n');
    }
    out.push_str(&stitch_metadata_typescript());
    out.push_str(
        "/**\n * A client for the Stitch Connect API, on the same transport, retry policy, timeouts, hooks and\n * errors as `CensusClient`. Every method returns a Promise (`iterate…` an async iterator);\n * failures reject with a `CensusError` subclass (`StitchApiError` for Stitch's own errors).\n */\nexport declare class StitchClient {\n  /** Creates a client. Throws a `CensusInputError` naming the option when an option is wrong. */\n  constructor(options?: StitchClientOptions);\n  /** The base URL requests go to. */\n  readonly baseUrl: string;\n  /** Frees the client's wasm memory now rather than when it is collected. */\n  free(): void;\n",
    );
    out.push_str(&methods_typescript(stitch::STITCH_OPS.iter()));
    out.push_str("}\n");
    out
}

#[cfg(not(target_arch = "wasm32"))]
/// What a metadata entry of `updateStreamMetadata` may hold: the keys Stitch lets an update set
/// typed, the ones it discovers refused as `never` (as the client refuses them), a tap's own
/// keys as JSON.
fn stitch_metadata_typescript() -> String {
    let mut out = String::from(
        "/** A metadata entry's keys, as `updateStreamMetadata` sends them: the stream's `non-discoverable-metadata-keys`; the keys Stitch discovers (`inclusion`, …) are refused. */\nexport interface StitchMetadataInput {\n  /** Replicate the stream or field. */\n  selected?: boolean | undefined;\n  /** How the stream is replicated (stream-level). */\n  'replication-method'?: 'FULL_TABLE' | 'INCREMENTAL' | 'LOG_BASED' | (string & {}) | undefined;\n  /** The field an incremental replication resumes by (stream-level). */\n  'replication-key'?: string | undefined;\n  /** The fields that identify a row of a view (stream-level). */\n  'view-key-properties'?: string[] | undefined;\n",
    );
    for key in stitch::DISCOVERED_METADATA_KEYS {
        out.push_str(&format!(
            "  /** Read-only: Stitch discovers it, and the client refuses it. */\n  '{key}'?: never | undefined;\n"
        ));
    }
    out.push_str("  [key: string]: JsonValue | undefined;\n}\n\n");
    out
}

#[cfg(not(target_arch = "wasm32"))]
/// The TypeScript of a Stitch input model. A patch (the input of a method that takes it as one)
/// is a `NonEmptyPatch` of its members' interface, `UpdateStitchSourceFields`: an empty patch
/// is refused by the type as it is by the client.
fn stitch_input_typescript(model: &crate::model::ModelDoc) -> String {
    let name = model.shape.name;
    let input = stitch::STITCH_OPS
        .iter()
        .flat_map(|op| op.args)
        .find_map(|arg| match arg.kind {
            ArgKind::Json(input) if input.name == name => Some(input),
            _ => None,
        });
    let patch = input.is_some_and(|input| input.patch);
    // A closed input refuses the read's other members (a read spread into it) as `never`.
    let closed = |interface: String| with_refused(interface, model, stitch::STITCH_OPS.iter());
    match name.strip_suffix("Input") {
        Some(base) if patch => format!(
            "/** {} */\nexport type {name} = NonEmptyPatch<{base}Fields>;\n\n{}",
            model.doc.trim(),
            closed(crate::model::input_typescript_as(
                model,
                &format!("{base}Fields")
            ))
        ),
        _ => closed(crate::model::input_typescript(model)),
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// `interface`, the TypeScript of `model`, with the members the inputs of `ops` written with it
/// refuse (a read's, as `never`: `json_input::refused_typescript`).
fn with_refused<'a>(
    interface: String,
    model: &crate::model::ModelDoc,
    mut ops: impl Iterator<Item = &'a Op>,
) -> String {
    let input = ops.find_map(|op| {
        op.args.iter().find_map(|arg| match arg.kind {
            ArgKind::Json(input) if input.shape.name == model.shape.name => Some(input),
            _ => None,
        })
    });
    match input {
        Some(input) => crate::json_input::with_members(
            interface,
            &crate::json_input::refused_typescript(input),
        ),
        None => interface,
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// The declarations of `ops`' methods, inside a class.
fn methods_typescript<'a>(ops: impl Iterator<Item = &'a Op>) -> String {
    let mut out = String::new();
    for op in ops {
        let params: Vec<String> = op
            .args
            .iter()
            .filter(|arg| !matches!(arg.kind, ArgKind::Stamp { .. }))
            .map(|arg| {
                let ts = match arg.kind {
                    ArgKind::Id { .. } => "number",
                    ArgKind::Name { .. } | ArgKind::Text { .. } => "string",
                    ArgKind::Input(input) => input.name,
                    ArgKind::Json(input) => input.name,
                    ArgKind::Locator => "TableLocator",
                    // A positive integer, or its digits as a string.
                    ArgKind::Key => "number | `${number}`",
                    ArgKind::Stamp { .. } => "never",
                };
                format!("{}: {ts}", arg.name)
            })
            .collect();
        let returns = |value: &str| match op.mode {
            Mode::Iterate => format!("ListIterator<{value}>"),
            Mode::ListAll | Mode::Catalogue => format!("Promise<{value}[]>"),
            Mode::Call | Mode::Create { .. } | Mode::Wait { .. } => format!("Promise<{value}>"),
        };
        let mut signature = |doc: &str, options: String, value: &str| {
            let mut all = params.clone();
            all.push(options);
            out.push_str(&format!(
                "  /** {doc} */\n  {}({}): {};\n",
                op.name,
                all.join(", "),
                returns(value)
            ));
        };
        if let (Mode::Create { .. }, Reply::Created(creation)) = (op.mode, op.endpoint.reply) {
            // The overloads that pick what a create resolves to from its options, most
            // particular first: TypeScript takes the first that fits a call, but the last for
            // `ReturnType`, so the general one (the whole resource) comes last.
            let loose = loose_options(op);
            let created = created_name(creation);
            let whole = op.returns;
            if op.flags.iter().any(|flag| flag.place == FlagPlace::Body) {
                signature(
                    &format!(
                        "`{}` with `validateOnly: true`: resolves to `undefined` when the API finds the input valid.",
                        op.name
                    ),
                    format!("options: {loose} & {{ validateOnly: true }}"),
                    "void",
                );
                signature(
                    &format!(
                        "`{}` with `readBack: true` or `validateOnly: false`, as by default: the whole {}.",
                        op.name, creation.noun
                    ),
                    format!(
                        "options: {} & ({{ readBack: true }} | {{ validateOnly: false }})",
                        op.options
                    ),
                    whole,
                );
                signature(
                    &format!(
                        "`{}` with `readBack: false` (or a `readBack` known only at run time): what the POST answered, with no second request.",
                        op.name
                    ),
                    format!(
                        "options: {loose} & {{ readBack: boolean; validateOnly?: false | null | undefined }}"
                    ),
                    &created,
                );
                signature(
                    &format!(
                        "`{}` with a `validateOnly` known only at run time: `undefined` when it only validated.",
                        op.name
                    ),
                    format!("options: {loose} & {{ validateOnly: boolean }}"),
                    &format!("{created} | undefined"),
                );
            } else {
                signature(
                    &format!(
                        "`{}` with `readBack: true`, as by default: the whole {}.",
                        op.name, creation.noun
                    ),
                    format!("options: {} & {{ readBack: true }}", op.options),
                    whole,
                );
                signature(
                    &format!(
                        "`{}` with `readBack: false` (or a `readBack` known only at run time): what the POST answered, with no second request.",
                        op.name
                    ),
                    format!("options: {loose} & {{ readBack: boolean }}"),
                    &created,
                );
            }
        }
        signature(op.doc, format!("options?: {}", op.options), op.returns);
    }
    out
}

#[cfg(not(target_arch = "wasm32"))]
/// The name of what a create resolves to with `readBack: false`: `CreatedSource`.
fn created_name(creation: &Creation) -> String {
    let mut chars = creation.noun.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase());
    format!(
        "Created{}{}",
        first.map(String::from).unwrap_or_default(),
        chars.as_str()
    )
}

#[cfg(not(target_arch = "wasm32"))]
/// A create's options type that allows `readBack: false`: its read-back options' name less
/// `ReadBack` (`CreateSourceReadBackOptions` → `CreateSourceOptions`).
fn loose_options(op: &Op) -> String {
    op.options.replace("ReadBack", "")
}

#[cfg(not(target_arch = "wasm32"))]
/// The options types the descriptions imply: each create's read-back variant, and an
/// interface for every method with flags, extending its mode's options.
fn options_typescript() -> String {
    let mut out = String::new();
    let mut declared: Vec<&str> = Vec::new();
    for op in ops() {
        if matches!(op.mode, Mode::Create { .. }) {
            created_typescript(op, &mut out);
        }
        let parent = match op.mode {
            Mode::Create { .. } if declared.contains(&op.options) => "CreateOptions",
            Mode::Create { .. } => {
                declared.push(op.options);
                let loose = loose_options(op);
                let validate = op.flags.iter().any(|flag| flag.place == FlagPlace::Body);
                out.push_str(&format!(
                    "/** Options of `{}` that resolve to the whole resource. */\nexport type {} = {loose} & {{ readBack?: true | null | undefined{} }};\n\n",
                    op.name,
                    op.options,
                    if validate {
                        "; validateOnly?: false | null | undefined"
                    } else {
                        ""
                    },
                ));
                "CreateOptions"
            }
            Mode::Wait { .. } => "SyncRunWaitOptions",
            _ => "CallOptions",
        };
        if op.flags.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "/** Options of `{}`. */\nexport interface {} extends {parent} {{\n",
            op.name,
            loose_options(op)
        ));
        for flag in op.flags {
            out.push_str(&format!(
                "  /** {} */\n  {}?: boolean | null | undefined;\n",
                flag.doc, flag.key
            ));
        }
        out.push_str("}\n\n");
    }
    out
}

#[cfg(not(target_arch = "wasm32"))]
/// The name and type of what a create resolves to with `readBack: false` (`CreatedSource`), so
/// that callers can name it.
fn created_typescript(op: &Op, out: &mut String) {
    if let Reply::Created(creation) = op.endpoint.reply {
        out.push_str(&format!(
            "/** What `{}` resolves to with `readBack: false`: what the POST answered, the whole {} or only its `{}`. */\nexport type {} = {};\n\n",
            op.name,
            creation.noun,
            creation.id_key,
            created_name(creation),
            creation.created_ts
        ));
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// The README's method table: one row per method, from its description. `tests/generated.rs`
/// checks the README holds it.
pub fn readme_table() -> String {
    table_of(ops())
}

#[cfg(not(target_arch = "wasm32"))]
/// The README's table of `StitchClient`'s methods.
pub fn stitch_readme_table() -> String {
    table_of(stitch::STITCH_OPS.iter())
}

#[cfg(not(target_arch = "wasm32"))]
fn table_of<'a>(ops: impl Iterator<Item = &'a Op>) -> String {
    let mut out = String::from("| method | call | example |\n|---|---|---|\n");
    for op in ops {
        let legacy = if op.legacy { " (legacy)" } else { "" };
        out.push_str(&format!(
            "| `{}`{legacy} | {} | `{}` |\n",
            op.name,
            op.call_text(),
            op.example
        ));
    }
    out
}
