//! Every call as a sans-io state machine: the core says which request to send, reads the answer
//! (or the reason none came) it is handed, and says what follows: another request, a wait, the
//! call's value or a typed error. The binding and the JS runtime only send, wait and convert, so
//! every rule here (read-back after a create, `checkType`, a DELETE whose answer was lost, the
//! deadline of a polling wait in `core::poll`) runs under plain `cargo test`.

use crate::core::checked::{self, CheckedCreated, DataSchema, ListSchema};
use crate::core::error::{ClientError, ErrorKind};
use crate::core::models::SourceType;
use crate::core::pagination;
use crate::core::request::HttpRequest;
use crate::core::response::RawResponse;
use crate::core::retry;
use crate::core::scan::quoted;
use crate::core::source_types;
use crate::core::sources::{self, CreateSourceInput, ListOptions, UpdateSourceInput};
use crate::core::tables::{self, TableListOptions};

/// What a machine wants next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Send this request (with its own per-attempt timeout when given, else the call's), then
    /// hand over its answer (`answered`) or why none came (`failed`).
    Send {
        request: HttpRequest,
        timeout_ms: Option<u32>,
    },
    /// Wait this many milliseconds (the caller's signal cuts it short), then call `woke`.
    Sleep(u32),
    /// The call's value.
    Done(Output),
    /// The call's error.
    Fail(ClientError),
}

impl Step {
    fn send(request: HttpRequest) -> Self {
        Self::Send {
            request,
            timeout_ms: None,
        }
    }

    /// `Send` of a built request, or the error that refused to build it.
    fn sending(request: Result<HttpRequest, ClientError>) -> Self {
        request.map_or_else(Self::Fail, Self::send)
    }
}

/// What a call resolves to, described for the binding, which holds the last answer's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// The `data` member of the last answer, checked.
    Data,
    /// The last answer as a page, `{ data, pagination, next?, hasNextPage, nextPage }`.
    Page { next_page: Option<u32> },
    /// `undefined`.
    Nothing,
    /// A JSON value the core wrote.
    Json(String),
}

/// An answer to the last request a machine sent.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    /// The request it answers, as the machine gave it.
    pub request: &'a HttpRequest,
    pub response: RawResponse<'a>,
    /// Its `Retry-After` header, for the error of a rate-limited answer.
    pub retry_after: Option<&'a str>,
    /// Whether an earlier attempt of the same request may have acted unseen
    /// (`retry::may_have_acted`), so that this answer may describe that attempt's effect.
    pub maybe_acted: bool,
    /// When it came, in milliseconds since the Unix epoch.
    pub now_ms: u64,
}

impl<'a> Answer<'a> {
    /// A plain answer to `request` at time 0 with no earlier attempt.
    pub fn of(request: &'a HttpRequest, response: RawResponse<'a>) -> Self {
        Self {
            request,
            response,
            retry_after: None,
            maybe_acted: false,
            now_ms: 0,
        }
    }

    /// `check` of this answer; a rate-limited answer's error gets its wait.
    pub fn read<T>(
        &self,
        check: impl FnOnce(&HttpRequest, &RawResponse<'_>) -> Result<T, ClientError>,
    ) -> Result<T, ClientError> {
        check(self.request, &self.response).map_err(|mut err| {
            if err.kind == ErrorKind::RateLimited {
                err.retry_after_ms = self
                    .retry_after
                    .and_then(|value| retry::parse_retry_after(value, self.now_ms))
                    .map(|ms| u32::try_from(ms).unwrap_or(u32::MAX));
            }
            err
        })
    }
}

/// A call in progress, driven by whoever does the I/O: `start`, then for each `Step::Send` the
/// request's `answered` or `failed`, and for each `Step::Sleep` a `woke`, until `Done` or `Fail`.
pub trait Machine {
    /// The first step. `now_ms` is the time since the Unix epoch.
    fn start(&mut self, now_ms: u64) -> Step;
    /// The step after an answer to the request last sent.
    fn answered(&mut self, answer: &Answer<'_>) -> Step;
    /// The step after the request last sent got no answer (`error` says why).
    fn failed(&mut self, error: ClientError, now_ms: u64) -> Step;
    /// The step after a `Sleep`.
    fn woke(&mut self, now_ms: u64) -> Step;
    /// The error of a call the caller's signal aborted while it slept.
    fn aborted(&self) -> ClientError;
    /// A progress report made by the last step, as a JSON object, taken once.
    fn take_report(&mut self) -> Option<String> {
        None
    }
}

/// How `createSource` checks its input against the source type before sending it.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeCheck {
    /// No check: the API itself answers 422.
    Skip,
    /// Read the type first (one more request).
    Fetch,
    /// Check against a type the caller holds.
    Held(SourceType),
}

/// One call of the Sources surface, with its arguments read.
#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    ListSources(ListOptions),
    GetSource(u64),
    CreateSource {
        input: CreateSourceInput,
        check: TypeCheck,
        /// Read the source back when the API answers only its id (the default).
        read_back: bool,
    },
    UpdateSource(u64, UpdateSourceInput),
    DeleteSource(u64),
    RefreshTables(u64),
    RefreshTablesStatus(u64, Option<u64>),
    GetSourceType(String),
    ListTables(u64, TableListOptions),
    GetTable(u64, u64),
    ListDataSources(u64, ListOptions),
    GetModel(u64, u64),
}

/// Where a call is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Sending the call's own request (for a checked create, the source type's).
    First,
    /// A checked create: the type allowed the input, the create is in flight.
    Creating,
    /// The API created this id and answered only that: reading it back.
    ReadingBack(u64),
}

/// One call as a [`Machine`].
#[derive(Debug, Clone)]
pub struct Operation {
    call: Call,
    stage: Stage,
}

impl Operation {
    pub fn new(call: Call) -> Self {
        Self {
            call,
            stage: Stage::First,
        }
    }

    /// The request of the current stage.
    fn request(&self) -> Result<HttpRequest, ClientError> {
        match (&self.call, self.stage) {
            (_, Stage::ReadingBack(id)) => sources::get_source(id),
            (Call::CreateSource { input, check, .. }, Stage::First) => match check {
                // The input's own checks come first, so a missing type is named `type`.
                TypeCheck::Fetch => sources::create_source(input).and_then(|_| {
                    source_types::get_source_type(input.source_type.as_deref().unwrap_or_default())
                        .map_err(|err| ClientError::invalid_input("type", err.message))
                }),
                TypeCheck::Held(kind) => sources::create_source(input).and_then(|request| {
                    source_types::check_held_type(input, kind).map(|()| request)
                }),
                TypeCheck::Skip => sources::create_source(input),
            },
            (Call::CreateSource { input, .. }, Stage::Creating) => sources::create_source(input),
            (call, _) => call.request(),
        }
    }

    /// Reads the answer of the current stage: the value, or the next stage.
    fn read(&self, answer: &Answer<'_>) -> Result<Next, ClientError> {
        if let Stage::ReadingBack(_) = self.stage {
            return answer
                .read(|r, raw| checked::check_data(r, raw, &checked::SOURCE))
                .map(|()| Next::Done(Output::Data));
        }
        match &self.call {
            Call::CreateSource { input, check, .. } if self.stage == Stage::First => {
                if *check == TypeCheck::Fetch {
                    return read_type_then_create(input, answer);
                }
                self.read_created(answer)
            }
            Call::CreateSource { .. } => self.read_created(answer),
            // An earlier attempt may have deleted it, its answer lost: gone is what was asked.
            Call::DeleteSource(_) => match answer.read(checked::check_status_only) {
                Err(err) if err.kind == ErrorKind::NotFound && answer.maybe_acted => {
                    Ok(Next::Done(Output::Nothing))
                }
                other => other.map(|()| Next::Done(Output::Nothing)),
            },
            call => call.read(answer).map(Next::Done),
        }
    }

    /// `POST /sources` answered: the whole source, or only its id, read back unless the caller
    /// said not to.
    fn read_created(&self, answer: &Answer<'_>) -> Result<Next, ClientError> {
        let read_back = matches!(
            self.call,
            Call::CreateSource {
                read_back: true,
                ..
            }
        );
        Ok(match answer.read(checked::check_created)? {
            CheckedCreated::Id(id) if read_back => Next::Stage(Stage::ReadingBack(id)),
            CheckedCreated::Id(_) | CheckedCreated::Source => Next::Done(Output::Data),
        })
    }

    fn step(&mut self, next: Result<Next, ClientError>) -> Step {
        match next {
            Ok(Next::Done(output)) => Step::Done(output),
            Ok(Next::Stage(stage)) => {
                self.stage = stage;
                Step::sending(self.request())
            }
            Err(err) => Step::Fail(self.after_create(err)),
        }
    }

    /// An error after the API created the resource says so, with its id.
    fn after_create(&self, err: ClientError) -> ClientError {
        match self.stage {
            Stage::ReadingBack(id) => ClientError::read_back("source", id, err),
            _ => err,
        }
    }
}

/// What an answer leads to.
enum Next {
    Done(Output),
    Stage(Stage),
}

/// `checkType: true`: the type read, the input checked against it; an unknown type is the
/// input's fault.
fn read_type_then_create(
    input: &CreateSourceInput,
    answer: &Answer<'_>,
) -> Result<Next, ClientError> {
    match answer.read(checked::check_source_type) {
        Ok(kind) => {
            source_types::check_create_input(input, &kind).map(|()| Next::Stage(Stage::Creating))
        }
        Err(err) if err.kind == ErrorKind::NotFound => Err(ClientError::invalid_input(
            "type",
            format!(
                "unknown source type {}: the workspace's /source_types has no such service_name",
                quoted(input.source_type.as_deref().unwrap_or_default())
            ),
        )),
        Err(err) => Err(err),
    }
}

impl Machine for Operation {
    fn start(&mut self, _now_ms: u64) -> Step {
        self.stage = Stage::First;
        Step::sending(self.request())
    }

    fn answered(&mut self, answer: &Answer<'_>) -> Step {
        let next = self.read(answer);
        self.step(next)
    }

    fn failed(&mut self, error: ClientError, _now_ms: u64) -> Step {
        Step::Fail(self.after_create(error))
    }

    fn woke(&mut self, _now_ms: u64) -> Step {
        Step::sending(self.request())
    }

    fn aborted(&self) -> ClientError {
        ClientError::new(
            ErrorKind::Aborted,
            "the call was aborted by its AbortSignal",
        )
    }
}

impl Call {
    /// The call's one request (a create's is its POST).
    pub fn request(&self) -> Result<HttpRequest, ClientError> {
        match self {
            Self::ListSources(options) => sources::list_sources(options),
            Self::GetSource(id) => sources::get_source(*id),
            Self::CreateSource { input, .. } => sources::create_source(input),
            Self::UpdateSource(id, input) => sources::update_source(*id, input),
            Self::DeleteSource(id) => sources::delete_source(*id),
            Self::RefreshTables(id) => sources::refresh_tables(*id),
            Self::RefreshTablesStatus(id, key) => sources::refresh_tables_status(*id, *key),
            Self::GetSourceType(name) => source_types::get_source_type(name),
            Self::ListTables(id, options) => tables::list_tables(*id, options),
            Self::GetTable(id, table) => tables::get_table(*id, *table),
            Self::ListDataSources(id, options) => tables::list_data_sources(*id, options),
            Self::GetModel(id, model) => tables::get_model(*id, *model),
        }
    }

    /// Reads the answer of a one-request call.
    fn read(&self, answer: &Answer<'_>) -> Result<Output, ClientError> {
        let data = |schema: &'static DataSchema| {
            answer
                .read(|r, raw| checked::check_data(r, raw, schema))
                .map(|()| Output::Data)
        };
        let page = |schema: &'static ListSchema| {
            answer.read(|r, raw| {
                let page = checked::check_page(r, raw, schema)?;
                let current = page.pagination.map_or(1, |p| p.page);
                let next_page = pagination::next_page_of(current, &page)?;
                Ok(Output::Page { next_page })
            })
        };
        match self {
            Self::ListSources(_) => page(&checked::SOURCES),
            Self::ListTables(..) => page(&checked::TABLES),
            Self::ListDataSources(..) => page(&checked::DATA_SOURCES),
            Self::GetSource(_) | Self::UpdateSource(..) | Self::CreateSource { .. } => {
                data(&checked::SOURCE)
            }
            Self::GetSourceType(_) => data(&checked::SOURCE_TYPE),
            Self::GetTable(..) => data(&checked::TABLE),
            Self::GetModel(..) => data(&checked::MODEL),
            Self::DeleteSource(_) => answer
                .read(checked::check_status_only)
                .map(|()| Output::Nothing),
            Self::RefreshTables(_) => answer
                .read(checked::check_refresh_key)
                .map(|key| Output::Json(format!("{{\"refresh_key\":{}}}", key.refresh_key))),
            Self::RefreshTablesStatus(..) => {
                answer.read(checked::check_refresh_status).map(|status| {
                    let mut out = String::from("{\"status\":");
                    crate::core::json_out::write_string(&mut out, status.status.as_str());
                    out.push('}');
                    Output::Json(out)
                })
            }
        }
    }
}

/// Runs `machine` against `exchange`, which plays the server: given each request, it answers
/// (`Ok`) or fails (`Err`). Returns every request sent and how the call ended. For tests, and
/// for anyone driving a machine synchronously; sleeps advance the clock at once.
pub fn run_with(
    machine: &mut dyn Machine,
    mut exchange: impl FnMut(
        &HttpRequest,
        Option<u32>,
        u64,
    ) -> Result<(RawResponse<'static>, bool), ClientError>,
) -> (Vec<HttpRequest>, Result<Output, ClientError>) {
    let mut now = 0;
    let mut sent = Vec::new();
    let mut step = machine.start(now);
    loop {
        step = match step {
            Step::Done(output) => return (sent, Ok(output)),
            Step::Fail(err) => return (sent, Err(err)),
            Step::Sleep(ms) => {
                now += u64::from(ms);
                machine.woke(now)
            }
            Step::Send {
                request,
                timeout_ms,
            } => {
                let result = exchange(&request, timeout_ms, now);
                let step = match result {
                    Ok((response, maybe_acted)) => machine.answered(&Answer {
                        request: &request,
                        response,
                        retry_after: None,
                        maybe_acted,
                        now_ms: now,
                    }),
                    Err(err) => machine.failed(err, now),
                };
                sent.push(request);
                step
            }
        };
        if sent.len() > 10_000 {
            return (
                sent,
                Err(ClientError::new(ErrorKind::Api, "the machine never ended")),
            );
        }
    }
}
