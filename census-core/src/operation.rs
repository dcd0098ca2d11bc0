//! Every call as a sans-io state machine: the core says which request to send, reads the answer
//! (or the reason none came) it is handed, and says what follows: another request, a wait, the
//! call's value or a typed error. The binding and the JS runtime only send, wait and convert, so
//! every rule here (read-back after a create, `checkType`, a DELETE whose answer was lost, the
//! deadline of a polling wait in `core::poll`) runs under plain `cargo test`.

use crate::api::{
    Arg, ArgKind, ArgValue, CREATE_SOURCE_INPUT, Call, Creation, GET_SOURCE_TYPE, Place, Reply,
};
use crate::checked::{self, CheckedCreated};
use crate::error::{ClientError, ErrorKind};
use crate::pagination;
use crate::raw_object::RawObject;
use crate::request::{HttpRequest, Method};
use crate::response::RawResponse;
use crate::retry::{self, LongWait};
use crate::scan::quoted;
use crate::source_types;
use crate::source_types::CreatableType;
use crate::stitch;

/// What a machine wants next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Send this request (with the call's timeout and retries), then hand over its answer
    /// (`answered`) or why none came (`failed`).
    Send {
        request: HttpRequest,
        /// When given, all its attempts together end within this many milliseconds
        /// ([`crate::arguments::CallSettings::within`]): what a wait has left.
        within_ms: Option<u32>,
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
            within_ms: None,
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
    /// The last answer's whole body (an object the API answers without an envelope).
    Body,
    /// The last answer's body as text.
    Text,
}

/// An answer to the last request a machine sent.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    /// The request it answers, as the machine gave it.
    pub request: &'a HttpRequest,
    pub response: RawResponse<'a>,
    /// Its `Retry-After` header, for the wait its error carries.
    pub retry_after: Option<&'a str>,
    /// The wait it asked for, when that was too long to retry after (`RequestAttempts`).
    pub long_wait: Option<LongWait>,
    /// Whether an earlier attempt of the same request may have acted unseen
    /// (`retry::may_have_acted`), so that this answer may describe that attempt's effect.
    pub maybe_acted: bool,
    /// When it came, in milliseconds since the Unix epoch.
    pub now_ms: u64,
}

impl<'a> Answer<'a> {
    /// `check` of this answer; a rate-limited answer's error gets its wait.
    pub fn read<T>(
        &self,
        check: impl FnOnce(&HttpRequest, &RawResponse<'_>) -> Result<T, ClientError>,
    ) -> Result<T, ClientError> {
        check(self.request, &self.response).map_err(|err| self.with_wait(err))
    }

    /// `err`, given the wait the answer asked for (a 429's, or a 503's), and why it was not
    /// retried after when that was too long. Not generic, so that each `read` stays small.
    fn with_wait(&self, mut err: ClientError) -> ClientError {
        err.retry_after_ms = self
            .retry_after
            .and_then(|value| retry::parse_retry_after(value, self.now_ms))
            .map(|ms| u32::try_from(ms).unwrap_or(u32::MAX));
        if let Some(wait) = self.long_wait {
            err.message.push_str(&wait.explain());
        }
        err
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
    Held(CreatableType),
}

/// What a create does besides its POST.
#[derive(Debug, Clone, PartialEq)]
struct Create {
    check: TypeCheck,
    /// Read the resource back when the API answers only its id (the default).
    read_back: bool,
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
    /// A Stitch DELETE that answers the source (an Import API token's) found nothing after an
    /// attempt that may have acted: reading the source it would have answered.
    Rereading,
}

/// One call as a [`Machine`]: its endpoint's request, then the answer read as the endpoint's
/// [`Reply`] says; a create may first read the source type and afterwards read the new source
/// back.
#[derive(Debug, Clone)]
pub struct Operation {
    call: Call,
    create: Option<Create>,
    stage: Stage,
    /// When the call started, for `patience_ms`.
    started_ms: u64,
    /// How long an endpoint that answers `202` ("not ready") is asked again (0: no limit).
    patience_ms: u32,
    /// `202` answers so far.
    pending: u32,
}

/// How long a "not ready" endpoint is asked again, unless the call says (its `timeoutMs`).
pub const DEFAULT_PATIENCE_MS: u32 = 30_000;

impl Operation {
    /// A call of one request.
    pub fn new(call: Call) -> Self {
        Self {
            call,
            create: None,
            stage: Stage::First,
            started_ms: 0,
            patience_ms: DEFAULT_PATIENCE_MS,
            pending: 0,
        }
    }

    /// `createSource`: `call` is its POST.
    pub fn create(call: Call, check: TypeCheck, read_back: bool) -> Self {
        Self {
            call,
            create: Some(Create { check, read_back }),
            stage: Stage::First,
            started_ms: 0,
            patience_ms: DEFAULT_PATIENCE_MS,
            pending: 0,
        }
    }

    /// The create input's `type` and `credentials`.
    fn create_input(&self) -> (&str, Option<&RawObject>) {
        match self.call.value("input") {
            Some(ArgValue::Input(values)) => (
                CREATE_SOURCE_INPUT
                    .string(values, "type")
                    .unwrap_or_default(),
                CREATE_SOURCE_INPUT.object(values, "credentials"),
            ),
            _ => ("", None),
        }
    }

    /// How long a "not ready" (`202`) endpoint is asked again: the call's timeout (0: no limit).
    pub fn with_patience(mut self, patience_ms: u32) -> Self {
        self.patience_ms = patience_ms;
        self
    }

    /// What the call's endpoint creates, if it is a create.
    fn creation(&self) -> Option<&'static Creation> {
        match self.call.endpoint.reply {
            Reply::Created(creation) => Some(creation),
            _ => None,
        }
    }

    /// `validateOnly`: the API checks the input and creates nothing.
    fn validate_only(&self) -> bool {
        self.call.flag("validateOnly") == Some(true)
    }

    /// The request of the current stage.
    fn request(&self) -> Result<HttpRequest, ClientError> {
        if self.stage == Stage::Rereading {
            let source = self
                .call
                .values
                .first()
                .cloned()
                .unwrap_or(ArgValue::Absent);
            return Call::new(
                &crate::api::stitch::GET_SOURCE,
                crate::api::stitch::SOURCE,
                vec![source],
            )
            .request();
        }
        if let (Stage::ReadingBack(id), Some(creation)) = (self.stage, self.creation()) {
            // The create's own path ids (a model's source), then the new id.
            let mut values: Vec<ArgValue> = self
                .call
                .args
                .iter()
                .zip(&self.call.values)
                .filter(|(arg, _)| arg.place == Place::Path)
                .map(|(_, value)| value.clone())
                .collect();
            values.push(ArgValue::Id(id));
            return Call::new(creation.read, creation.read_args, values).request();
        }
        // The input's own checks come first, so a missing type is named `type`.
        let request = self.call.request()?;
        let check = match &self.create {
            Some(create) if self.stage == Stage::First => &create.check,
            _ => return Ok(request),
        };
        let (wanted, credentials) = self.create_input();
        match check {
            TypeCheck::Skip => Ok(request),
            TypeCheck::Held(kind) => {
                source_types::check_held(wanted, credentials, kind).map(|()| request)
            }
            TypeCheck::Fetch => Call::new(
                &GET_SOURCE_TYPE,
                TYPE_ARGS,
                vec![ArgValue::Name(wanted.to_owned())],
            )
            .request()
            .map_err(|err| ClientError::invalid_input("type", &err.message)),
        }
    }

    /// Reads the answer of the current stage: the value, or the next stage. A POST or PATCH the
    /// API accepted (a 2xx) whose answer cannot be read is no failure a caller may retry: it
    /// rejects as accepted (`ReadBack`), whatever the endpoint answers.
    fn read(&mut self, answer: &Answer<'_>) -> Result<Next, ClientError> {
        let status = answer.response.status;
        self.read_stage(answer).map_err(|err| {
            if self.answered_own_non_idempotent()
                && (200..300).contains(&status)
                && err.kind == ErrorKind::UnexpectedResponse
            {
                let subject = self.call.request().map(|r| r.subject).unwrap_or_default();
                ClientError::accepted_unread(&subject, status, err)
            } else {
                err
            }
        })
    }

    /// Whether the request just answered was the call's own POST or PATCH (work a second
    /// request would do again; not a checked create's type, nor a read-back).
    fn answered_own_non_idempotent(&self) -> bool {
        let checking = self
            .create
            .as_ref()
            .is_some_and(|create| create.check == TypeCheck::Fetch);
        !retry::is_idempotent(self.call.endpoint.method)
            && match self.stage {
                Stage::First => !checking,
                Stage::Creating => true,
                Stage::ReadingBack(_) | Stage::Rereading => false,
            }
    }

    /// [`read_reply`] for this call's page.
    fn read_reply(&self, reply: Reply, answer: &Answer<'_>) -> Result<Output, ClientError> {
        read_reply(reply, answer, self.call.paging.page.unwrap_or(1))
    }

    fn read_stage(&mut self, answer: &Answer<'_>) -> Result<Next, ClientError> {
        if let (Stage::ReadingBack(_), Some(creation)) = (self.stage, self.creation()) {
            return self.read_reply(creation.read.reply, answer).map(Next::Done);
        }
        if self.stage == Stage::Rereading {
            return self
                .read_reply(crate::api::stitch::GET_SOURCE.reply, answer)
                .map(Next::Done);
        }
        if let Some(create) = &self.create
            && self.stage == Stage::First
            && create.check == TypeCheck::Fetch
        {
            return self.read_type(answer);
        }
        let endpoint = self.call.endpoint;
        if endpoint.accepted_is_pending && answer.response.status == 202 {
            return self.not_ready(answer.now_ms);
        }
        match endpoint.reply {
            Reply::Created(_) if self.validate_only() => answer
                .read(checked::check_status_only)
                .map(|()| Next::Done(Output::Nothing)),
            Reply::Created(creation) => {
                let read_back = self.create.as_ref().is_none_or(|create| create.read_back);
                let check = |r: &HttpRequest, raw: &RawResponse<'_>| {
                    checked::check_created(r, raw, creation.id_key, creation.whole)
                };
                // Accepted but unreadable: `read` makes that a `ReadBack`.
                let created = answer.read(check)?;
                Ok(match created {
                    CheckedCreated::Id(id) if read_back => Next::Stage(Stage::ReadingBack(id)),
                    CheckedCreated::Id(_) | CheckedCreated::Source => Next::Done(Output::Data),
                })
            }
            // An earlier attempt may have deleted it, its answer lost: gone is what was asked.
            Reply::Status => match answer.read(checked::check_status_only) {
                Err(err)
                    if err.kind == ErrorKind::NotFound
                        && answer.maybe_acted
                        && endpoint.method == Method::Delete =>
                {
                    Ok(Next::Done(Output::Nothing))
                }
                other => other.map(|()| Next::Done(Output::Nothing)),
            },
            // The same rule for a Stitch DELETE that answers the source: the source is read.
            Reply::TokenDeleted if answer.maybe_acted => match self
                .read_reply(endpoint.reply, answer)
            {
                Err(err) if err.kind == ErrorKind::NotFound => Ok(Next::Stage(Stage::Rereading)),
                other => other.map(Next::Done),
            },
            // Stitch answers a DELETE of a destination it cannot find with a 404, or a 400 whose
            // bare string says "Unable to locate dest (…)" (not found, `core::stitch`): after an
            // attempt that may have deleted it, gone is what was asked. Any other 400 (it still
            // has sources, say) is a refusal, and stays one.
            Reply::Deleted if answer.maybe_acted => match self.read_reply(Reply::Done, answer) {
                Err(err) if err.kind == ErrorKind::NotFound => Ok(Next::Done(Output::Nothing)),
                other => other.map(Next::Done),
            },
            reply => self.read_reply(reply, answer).map(Next::Done),
        }
    }

    /// `checkType: true`: the type read, the input checked against it; an unknown type is the
    /// input's fault.
    fn read_type(&self, answer: &Answer<'_>) -> Result<Next, ClientError> {
        let (wanted, credentials) = self.create_input();
        match answer.read(checked::check_source_type) {
            Ok(kind) => source_types::check_create(credentials, &kind)
                .map(|()| Next::Stage(Stage::Creating)),
            Err(err) if err.kind == ErrorKind::NotFound => Err(ClientError::invalid_input(
                "type",
                format!(
                    "unknown source type {}: the workspace's /source_types has no such \
                     service_name",
                    quoted(wanted)
                ),
            )),
            Err(err) => Err(err),
        }
    }

    fn step(&mut self, next: Result<Next, ClientError>) -> Step {
        match next {
            Ok(Next::Done(output)) => Step::Done(output),
            Ok(Next::Stage(stage)) => {
                self.stage = stage;
                // A read-back that cannot even be asked is still a read-back that failed.
                Step::sending(self.request().map_err(|err| self.after_create(err)))
            }
            Ok(Next::Again(ms)) => Step::Sleep(ms),
            Err(err) => Step::Fail(self.after_create(err)),
        }
    }

    /// A `202` of an endpoint that answers it while its data is not ready: ask again, waiting
    /// half as long again each time (0.5 s up to 5 s), until the patience runs out. As a wait
    /// does, the last ask is sent while it can still answer ([`crate::refresh::last_request_at`]).
    fn not_ready(&mut self, now_ms: u64) -> Result<Next, ClientError> {
        let waited = now_ms.saturating_sub(self.started_ms);
        let mut delay =
            (500_u64 * 3_u64.pow(self.pending.min(8)) / 2_u64.pow(self.pending.min(8))).min(5_000);
        self.pending += 1;
        let limit = u64::from(self.patience_ms);
        let last_at = crate::refresh::last_request_at(limit, None);
        if limit > 0 && waited < last_at {
            delay = delay.min(last_at - waited);
        } else if limit > 0 {
            return Err(ClientError::new(
                ErrorKind::Timeout,
                format!(
                    "{} was still not ready (HTTP 202) after {waited} ms and {} request{}; ask \
                     again later, or give the call a larger timeoutMs",
                    self.call.request().map(|r| r.subject).unwrap_or_default(),
                    self.pending,
                    if self.pending == 1 { "" } else { "s" },
                ),
            ));
        }
        Ok(Next::Again(u32::try_from(delay).unwrap_or(5_000)))
    }

    /// An error after the API created the resource says so, with its id.
    fn after_create(&self, err: ClientError) -> ClientError {
        match (self.stage, self.creation()) {
            (Stage::ReadingBack(id), Some(creation)) => {
                ClientError::read_back(creation.noun, id, err)
            }
            _ => err,
        }
    }
}

const TYPE_ARGS: &[Arg] = &[Arg {
    name: "type",
    kind: ArgKind::Name { hint: "" },
    place: Place::Path,
}];

/// What an answer leads to.
enum Next {
    Done(Output),
    Stage(Stage),
    /// Ask again after this many milliseconds.
    Again(u32),
}

/// Reads the answer of a one-request call as `reply` says; `page` is the page it asked for.
fn read_reply(reply: Reply, answer: &Answer<'_>, page: u32) -> Result<Output, ClientError> {
    match reply {
        Reply::Page(schema) => answer.read(|r, raw| {
            let list = checked::check_page(r, raw, schema)?;
            // An answer with only a `next` link does not say its page: it is the one asked for.
            let current = list.pagination.map_or(page, |p| p.page);
            let next_page = pagination::next_page_of(current, &list)?;
            Ok(Output::Page { next_page })
        }),
        Reply::Data(schema) => answer
            .read(|r, raw| checked::check_data(r, raw, schema))
            .map(|()| Output::Data),
        Reply::Created(creation) => answer
            .read(|r, raw| checked::check_created(r, raw, creation.id_key, creation.whole))
            .map(|_| Output::Data),
        Reply::Status => answer
            .read(checked::check_status_only)
            .map(|()| Output::Nothing),
        Reply::Unwrapped(schema) => answer
            .read(|r, raw| checked::check_unwrapped(r, raw, schema))
            .map(|enveloped| {
                if enveloped {
                    Output::Data
                } else {
                    Output::Body
                }
            }),
        Reply::Items(schema) => answer
            .read(|r, raw| checked::check_page(r, raw, schema))
            .map(|_| Output::Data),
        Reply::Started(member) => answer
            .read(|r, raw| checked::check_job_start(r, raw, member))
            .map(|(url, id)| {
                let mut out = crate::json_out::ObjectWriter::new();
                out.integer("id", id).string(member, Some(&url));
                Output::Json(out.finish())
            }),
        Reply::RefreshKey => answer
            .read(checked::check_refresh_key)
            .map(|key| Output::Json(format!("{{\"refresh_key\":{}}}", key.refresh_key))),
        Reply::RefreshStatus => answer.read(checked::check_refresh_status).map(|status| {
            let mut out = String::from("{\"status\":");
            crate::json_out::write_string(&mut out, status.status.as_str());
            out.push('}');
            Output::Json(out)
        }),
        Reply::Bare(_)
        | Reply::BareList(_)
        | Reply::BareIds(_)
        | Reply::StitchPage(_)
        | Reply::Done
        | Reply::Deleted
        | Reply::TokenDeleted
        | Reply::Text => answer.read(|r, raw| stitch::read(reply, r, raw)),
    }
}

impl Machine for Operation {
    fn start(&mut self, now_ms: u64) -> Step {
        self.stage = Stage::First;
        self.started_ms = now_ms;
        self.call.now_ms = now_ms;
        self.pending = 0;
        Step::sending(self.request())
    }

    fn answered(&mut self, answer: &Answer<'_>) -> Step {
        let next = self.read(answer);
        self.step(next)
    }

    fn failed(&mut self, error: ClientError, _now_ms: u64) -> Step {
        Step::Fail(self.after_create(error))
    }

    fn woke(&mut self, now_ms: u64) -> Step {
        // Asking a "not ready" endpoint again: within the call's patience.
        let left = (self.patience_ms > 0).then(|| {
            let waited = now_ms.saturating_sub(self.started_ms);
            u32::try_from(u64::from(self.patience_ms).saturating_sub(waited)).unwrap_or(u32::MAX)
        });
        match self.request() {
            Ok(request) => Step::Send {
                request,
                within_ms: left,
            },
            Err(err) => Step::Fail(err),
        }
    }

    fn aborted(&self) -> ClientError {
        ClientError::new(
            ErrorKind::Aborted,
            "the call was aborted by its AbortSignal",
        )
    }
}

/// Runs `machine` against `exchange`, which plays the server: given each request (and the time
/// its attempts have, for a wait's check), it answers (`Ok`) or fails (`Err`). Returns every request sent and how the call ended. For tests, and
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
            Step::Send { request, within_ms } => {
                let result = exchange(&request, within_ms, now);
                let step = match result {
                    Ok((response, maybe_acted)) => machine.answered(&Answer {
                        request: &request,
                        response,
                        retry_after: None,
                        long_wait: None,
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
