//! Start a background job, then poll its status on `core::refresh`'s schedule until it finishes,
//! the time is up or the caller's signal aborts: one [`Machine`] for every `…AndWait` call, with
//! the job's requests and readers given by a [`Job`]. Time comes in as `now_ms`, so every rule
//! (the backoff, the deadline, a status request cut short by it) is tested without a clock.

use crate::api::syncs::GET_SYNC_RUN;
use crate::api::syncs::SYNC_RUN;
use crate::api::{ArgValue, Call, JobKind, Poll, TABLE_REFRESH};
use crate::checked;
use crate::error::{ClientError, ErrorKind};
use crate::json_out::ObjectWriter;
use crate::models::RefreshState;
use crate::operation::{Answer, Machine, Output, Step};
use crate::refresh::{Next, WaitPlan};
use crate::request::{Auth, HttpRequest, Method};
use crate::scan::quoted;
use crate::syncs::SyncRunStatus;

/// How far a job is, as its status answer says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobState {
    /// Still running, in the state named (`processing`, `queued`, …).
    Running(String),
    /// Finished, in the state named.
    Finished(String),
    /// Ended in the state named, which the caller asked to see as this error.
    Refused(String, Box<ClientError>),
    /// The answer was not the job's status but what asking for it needs (the Stitch client
    /// the extractions belong to): ask at once, and count no check.
    Prepared,
}

/// A kind of background job: how to start it, how to ask about it, and what its answers mean.
pub trait Job {
    /// The name of the job's key in progress reports and the outcome (`refresh_key`).
    fn key_name(&self) -> &'static str;
    /// The request that starts the job.
    fn start(&self) -> Result<HttpRequest, ClientError>;
    /// The job's key, from the start's answer.
    fn started(&mut self, answer: &Answer<'_>) -> Result<u64, ClientError>;
    /// The state to report as soon as the job has started, when the start's answer says it.
    fn started_state(&self) -> Option<&'static str> {
        None
    }
    /// The request that asks how the job `key` is going.
    fn check(&self, key: u64) -> Result<HttpRequest, ClientError>;
    /// The job's state, from a status answer; an error when it ended otherwise than hoped.
    fn checked(&mut self, key: u64, answer: &Answer<'_>) -> Result<JobState, ClientError>;
    /// The job, for messages: `the table refresh of source 12 (refresh_key 99)`.
    fn describe(&self, key: u64) -> String;
    /// The calls that read the job's state once, for the timeout's advice.
    fn check_call(&self) -> &'static str;
    /// A progress report: `{ <key>, state, attempts, elapsedMs }` unless the job says more.
    fn report(&self, key: u64, state: &str, attempts: u32, elapsed_ms: u64) -> String {
        summary(self.key_name(), key, "state", state, attempts, elapsed_ms)
    }
    /// What the wait resolves to: `{ <key>, status, attempts, elapsedMs }` unless the job's
    /// last answer is the value.
    fn outcome(&self, key: u64, state: &str, attempts: u32, elapsed_ms: u64) -> Output {
        Output::Json(summary(
            self.key_name(),
            key,
            "status",
            state,
            attempts,
            elapsed_ms,
        ))
    }
}

/// `{ <key_name>: key, <word>: state, attempts, elapsedMs }`.
fn summary(
    key_name: &str,
    key: u64,
    word: &str,
    state: &str,
    attempts: u32,
    elapsed_ms: u64,
) -> String {
    let mut out = ObjectWriter::new();
    out.integer(key_name, Some(key))
        .string(word, Some(state))
        .integer("attempts", Some(u64::from(attempts)))
        .integer("elapsedMs", Some(elapsed_ms));
    out.finish()
}

/// Where a wait is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Starting,
    Sleeping,
    Checking,
}

/// Starts a [`Job`] (unless resuming one) and waits for it: a [`Machine`]. The job is a
/// trait object: one copy of the wait's code serves every kind of job.
pub struct Wait {
    job: Box<dyn Job>,
    plan: WaitPlan,
    started_ms: u64,
    key: Option<u64>,
    /// Status checks answered so far.
    checks: u32,
    /// The last check the plan allows has been sent.
    last_made: bool,
    /// When the request in flight was sent, and the slowest answer so far (ms): the last
    /// check is sent as late as answers show it can still answer.
    sent_ms: u64,
    slowest_ms: Option<u64>,
    phase: Phase,
    /// The job's last known state, for the timeout's message.
    state: String,
    report: Option<String>,
}

impl Wait {
    /// A wait for `job`; `resume` is the key of a job started earlier, which is then not
    /// started again.
    pub fn new(job: impl Job + 'static, plan: WaitPlan, resume: Option<u64>) -> Self {
        Self {
            job: Box::new(job),
            plan,
            started_ms: 0,
            key: resume,
            checks: 0,
            last_made: false,
            sent_ms: 0,
            slowest_ms: None,
            phase: Phase::Starting,
            state: String::from("running"),
            report: None,
        }
    }

    fn key(&self) -> u64 {
        self.key.unwrap_or_default()
    }

    fn elapsed(&self, now_ms: u64) -> u64 {
        now_ms.saturating_sub(self.started_ms)
    }

    /// Sleeps until the next check, or ends the wait when the time is up.
    fn schedule(&mut self, now_ms: u64) -> Step {
        match self.plan.next(
            self.checks,
            self.elapsed(now_ms),
            self.last_made,
            self.slowest_ms,
        ) {
            Next::CheckAfter(ms) => {
                self.phase = Phase::Sleeping;
                Step::Sleep(ms)
            }
            Next::TimedOut => Step::Fail(self.timed_out(now_ms, None)),
        }
    }

    /// The error of a wait that ran out of time, or whose status check did (`check_failed`:
    /// why, with time left; the job goes on all the same).
    fn timed_out(&self, now_ms: u64, check_failed: Option<&str>) -> ClientError {
        let elapsed = self.elapsed(now_ms);
        let checks = self.checks;
        let why = check_failed
            .map(|why| format!(", and its next status check failed: {why}"))
            .unwrap_or_default();
        ClientError::new(
            ErrorKind::Timeout,
            format!(
                "{} was still {} after {elapsed} ms and {checks} status check{}{why}; it may \
                 still finish: check again with {} or wait longer with a larger timeoutMs",
                self.job.describe(self.key()),
                self.state,
                if checks == 1 { "" } else { "s" },
                self.job.check_call(),
            ),
        )
    }

    /// The job's report, for `onProgress`.
    fn progress(&mut self, state: &str, now_ms: u64) {
        state.clone_into(&mut self.state);
        self.report = Some(
            self.job
                .report(self.key(), state, self.checks, self.elapsed(now_ms)),
        );
    }
}

impl Machine for Wait {
    fn start(&mut self, now_ms: u64) -> Step {
        self.started_ms = now_ms;
        if self.key.is_some() {
            // A resumed job may have finished meanwhile: check it at once.
            return self.woke(now_ms);
        }
        self.phase = Phase::Starting;
        self.sent_ms = now_ms;
        match self.job.start() {
            Ok(request) => Step::Send {
                request,
                // The start, its retries included, is part of the wait too.
                within_ms: self.plan.remaining_ms(0),
            },
            Err(err) => Step::Fail(err),
        }
    }

    fn answered(&mut self, answer: &Answer<'_>) -> Step {
        let now = answer.now_ms;
        let took = now.saturating_sub(self.sent_ms);
        self.slowest_ms = Some(self.slowest_ms.map_or(took, |slowest| slowest.max(took)));
        match self.phase {
            Phase::Starting => match self.job.started(answer) {
                Ok(key) => {
                    self.key = Some(key);
                    if let Some(state) = self.job.started_state() {
                        self.progress(state, now);
                    }
                    self.schedule(now)
                }
                Err(err) => Step::Fail(err),
            },
            Phase::Checking => match self.job.checked(self.key(), answer) {
                Ok(state) => {
                    // What asking needed is no check of the job.
                    if !matches!(state, JobState::Prepared) {
                        self.checks += 1;
                    }
                    match state {
                        JobState::Finished(state) => {
                            self.progress(&state, now);
                            let elapsed = self.elapsed(now);
                            Step::Done(self.job.outcome(self.key(), &state, self.checks, elapsed))
                        }
                        JobState::Refused(state, err) => {
                            self.progress(&state, now);
                            Step::Fail(*err)
                        }
                        JobState::Running(state) => {
                            self.progress(&state, now);
                            self.schedule(now)
                        }
                        JobState::Prepared => self.woke(now),
                    }
                }
                Err(err) => Step::Fail(err),
            },
            Phase::Sleeping => Step::Fail(ClientError::new(
                ErrorKind::UnexpectedResponse,
                "an answer came while the wait was sleeping",
            )),
        }
    }

    fn failed(&mut self, error: ClientError, now_ms: u64) -> Step {
        // A status check cut short by the end of the wait is the wait's own timeout; one that
        // timed out before (its attempts, or a jobs-limit slot beyond the wait's end) ends the
        // wait as a timeout too, saying why: the job may still finish either way.
        if self.phase == Phase::Checking && error.kind == ErrorKind::Timeout {
            let at_end = self.plan.remaining_ms(self.elapsed(now_ms)) == Some(0);
            let why = (!at_end).then_some(error.message.as_str());
            return Step::Fail(self.timed_out(now_ms, why));
        }
        Step::Fail(error)
    }

    fn woke(&mut self, now_ms: u64) -> Step {
        self.phase = Phase::Checking;
        self.sent_ms = now_ms;
        self.last_made = self
            .plan
            .is_last_check(self.elapsed(now_ms), self.slowest_ms);
        match self.job.check(self.key()) {
            Ok(request) => Step::Send {
                request,
                // A status check, its retries included, cannot outlast the wait.
                within_ms: self.plan.remaining_ms(self.elapsed(now_ms)),
            },
            Err(err) => Step::Fail(err),
        }
    }

    fn aborted(&self) -> ClientError {
        ClientError::new(
            ErrorKind::Aborted,
            format!(
                "waiting for {} was aborted by its AbortSignal",
                self.job.describe(self.key())
            ),
        )
    }

    fn take_report(&mut self) -> Option<String> {
        self.report.take()
    }
}

/// A refresh job (tables, objects, columns, fields, a project): its start answers
/// `{ refresh_key }`, its status `{ status: processing | completed }`, both addressed by the
/// ids of what is refreshed (`poll.start_args`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refresh {
    pub poll: &'static Poll,
    /// The ids of what is refreshed, as `poll.start_args` names them.
    pub owners: Vec<ArgValue>,
}

impl Refresh {
    /// The table refresh of a source.
    pub fn tables(source_id: u64) -> Self {
        Self {
            poll: &TABLE_REFRESH,
            owners: vec![ArgValue::Id(source_id)],
        }
    }

    fn owner_text(&self) -> String {
        let shown: Vec<String> = self
            .owners
            .iter()
            .map(|owner| match owner {
                ArgValue::Id(id) => id.to_string(),
                ArgValue::Name(name) => quoted(name),
                _ => String::new(),
            })
            .collect();
        crate::scan::join(&shown, " ")
    }
}

/// A background job's state from its status word, whichever way Census spells it: finished,
/// failed (the error names the job, which `describe` says, and the word; the check that saw it
/// is reported first, as every other is), or still running for any other word, a state the
/// client does not know yet included.
fn job_state(word: String, describe: impl FnOnce() -> String) -> JobState {
    match word.to_ascii_lowercase().as_str() {
        "completed" | "complete" | "ready" | "success" | "succeeded" | "done" | "finished" => {
            JobState::Finished(word)
        }
        "failed" | "failure" | "error" | "errored" | "canceled" | "cancelled" => {
            let err = ClientError::new(
                ErrorKind::Api,
                format!("{} ended with status {}", describe(), quoted(&word)),
            );
            JobState::Refused(word, Box::new(err))
        }
        _ => JobState::Running(word),
    }
}

impl Job for Refresh {
    fn key_name(&self) -> &'static str {
        "refresh_key"
    }

    fn start(&self) -> Result<HttpRequest, ClientError> {
        Call::new(self.poll.start, self.poll.start_args, self.owners.clone()).request()
    }

    fn started(&mut self, answer: &Answer<'_>) -> Result<u64, ClientError> {
        answer
            .read(checked::check_refresh_key)
            .map(|key| key.refresh_key)
    }

    fn started_state(&self) -> Option<&'static str> {
        Some("processing")
    }

    fn check(&self, key: u64) -> Result<HttpRequest, ClientError> {
        let mut values = self.owners.clone();
        values.push(ArgValue::Id(key));
        Call::new(self.poll.status, self.poll.status_args, values).request()
    }

    fn checked(&mut self, key: u64, answer: &Answer<'_>) -> Result<JobState, ClientError> {
        match answer.read(checked::check_refresh_status)?.status {
            RefreshState::Completed => Ok(JobState::Finished("completed".into())),
            RefreshState::Processing => Ok(JobState::Running("processing".into())),
            // A state the documents do not name (a project refresh's are not named at all):
            // read as a job's word, so that a new in-progress state does not fail the wait.
            RefreshState::Other(state) => Ok(job_state(state, || self.describe(key))),
        }
    }

    fn describe(&self, key: u64) -> String {
        format!(
            "the {} of {} {} (refresh_key {key})",
            self.poll.what,
            self.poll.owner,
            self.owner_text()
        )
    }

    fn check_call(&self) -> &'static str {
        self.poll.check_call
    }
}

/// A job followed at a URL its start answers (a workspace clone, an object creation, a
/// segment build). The URL's path below `/api/v1` is asked of the client's own base URL, so
/// the token never goes to a host an answer names.
#[derive(Debug, Clone, PartialEq)]
pub struct UrlJob {
    poll: &'static Poll,
    /// The start; none when resuming at a URL.
    start: Option<Call>,
    /// Where its state is read, below the base URL.
    path: Option<String>,
    /// The id the start's `data` gave, if any (the new segment's).
    id: Option<u64>,
}

impl UrlJob {
    /// A job started by `start`, or with `start` None, resumed at `url`.
    pub fn new(
        poll: &'static Poll,
        start: Option<Call>,
        url: Option<&str>,
    ) -> Result<Self, ClientError> {
        let auth = poll.status.auth;
        let path = url.map(|url| job_status_path(url, auth)).transpose()?;
        Ok(Self {
            poll,
            start,
            path,
            id: None,
        })
    }

    fn member(&self) -> &'static str {
        match self.poll.job {
            JobKind::Url(member) => member,
            _ => "url",
        }
    }

    fn url_summary(&self, word: &str, state: &str, attempts: u32, elapsed_ms: u64) -> String {
        let mut out = ObjectWriter::new();
        out.integer("id", self.id)
            .string("url", self.path.as_deref())
            .string(word, Some(state))
            .integer("attempts", Some(u64::from(attempts)))
            .integer("elapsedMs", Some(elapsed_ms));
        out.finish()
    }
}

/// The path below the base URL of a status URL: what follows `/api/v1` in a URL the API
/// answered (absolute, on any host, or a path), or the path a progress report gave (`url`,
/// already below the base URL). Either is asked of the client's own base URL.
pub fn status_path(url: &str) -> Result<String, ClientError> {
    let after_host = match crate::strings::split_once(url, "://") {
        Some((_, rest)) => rest.find('/').and_then(|at| rest.get(at..)).unwrap_or(""),
        None => url,
    };
    let below_base = crate::strings::find(after_host, "/api/v1/")
        .and_then(|at| after_host.get(at + "/api/v1".len()..));
    // A report's own path: no scheme, no host (`//host/…` would name one).
    let reported =
        (after_host == url && url.starts_with('/') && !url.starts_with("//")).then_some(url);
    let path = below_base.or(reported).ok_or_else(|| {
        ClientError::invalid_input(
            "url",
            format!(
                "{} is not a Census API URL (expected one with /api/v1/ in its path, or the \
                 `url` of a progress report)",
                quoted(url)
            ),
        )
    })?;
    if has_path_steps(path) {
        // The token goes with the request: it must stay below the client's base URL.
        return Err(ClientError::invalid_input(
            "url",
            format!(
                "{} holds a `.` or `..` path step (or a backslash), which would lead outside \
                 the API: refused",
                quoted(url)
            ),
        ));
    }
    Ok(path.to_owned())
}

/// [`status_path`], for a job whose status is read with `auth`'s token: a URL on the other
/// token's side is refused, so that an answer cannot have the workspace token sent to an
/// organisation endpoint (`/workspaces/1/api_key`) nor the personal access token to a
/// workspace's.
fn job_status_path(url: &str, auth: Auth) -> Result<String, ClientError> {
    let path = status_path(url)?;
    let personal = auth == Auth::Personal;
    if is_org_path(&path) != personal {
        return Err(ClientError::invalid_input(
            "url",
            format!(
                "{} is not a status URL of this job: it would be sent the {}, refused",
                quoted(url),
                if personal {
                    "personalAccessToken, which goes only to organisation endpoints"
                } else {
                    "apiToken, which never goes to an organisation endpoint"
                }
            ),
        ));
    }
    Ok(path)
}

/// Whether a path below the base URL is an organisation endpoint's (`/workspaces…`, `/users…`,
/// `/invitations…`: the personal access token's), its first segment read as a server would,
/// percent-escapes decoded and in any case.
fn is_org_path(path: &str) -> bool {
    let mut first = Vec::new();
    let mut rest = path.trim_start_matches('/').as_bytes();
    while let Some((&byte, after)) = rest.split_first() {
        if matches!(byte, b'/' | b'?' | b'#') {
            break;
        }
        let escape = (byte == b'%')
            .then(|| after.get(..2))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        first.push(escape.unwrap_or(byte).to_ascii_lowercase());
        rest = after
            .get(if escape.is_some() { 2 } else { 0 }..)
            .unwrap_or_default();
    }
    [&b"workspaces"[..], b"users", b"invitations"].contains(&first.as_slice())
}

/// Whether a path (before its query) holds a segment a URL parser resolves as a step, `.` or
/// `..` (`%2e` too), or a backslash, which parsers read as `/`.
fn has_path_steps(path: &str) -> bool {
    let bytes = path.as_bytes();
    let end = bytes
        .iter()
        .position(|byte| *byte == b'?' || *byte == b'#')
        .unwrap_or(bytes.len());
    let path = bytes.get(..end).unwrap_or_default();
    path.contains(&b'\\')
        || path.split(|byte| *byte == b'/').any(|segment| {
            let mut rest = segment;
            let mut dots = 0;
            while !rest.is_empty() {
                if rest.first() == Some(&b'.') {
                    rest = rest.get(1..).unwrap_or_default();
                } else if rest
                    .get(..3)
                    .is_some_and(|s| s.eq_ignore_ascii_case(b"%2e"))
                {
                    rest = rest.get(3..).unwrap_or_default();
                } else {
                    return false;
                }
                dots += 1;
            }
            dots == 1 || dots == 2
        })
}

impl Job for UrlJob {
    fn key_name(&self) -> &'static str {
        "id"
    }

    fn start(&self) -> Result<HttpRequest, ClientError> {
        match &self.start {
            Some(call) => call.request(),
            None => Err(ClientError::invalid_input("url", "required")),
        }
    }

    fn started(&mut self, answer: &Answer<'_>) -> Result<u64, ClientError> {
        let member = self.member();
        let (url, id) = answer.read(|r, raw| checked::check_job_start(r, raw, member))?;
        let path = job_status_path(&url, self.poll.status.auth).map_err(|err| {
            ClientError::new(
                ErrorKind::UnexpectedResponse,
                format!("{member}: {}", err.message),
            )
            .with_field(member)
        })?;
        self.path = Some(path);
        self.id = id;
        Ok(id.unwrap_or_default())
    }

    fn started_state(&self) -> Option<&'static str> {
        Some("processing")
    }

    fn check(&self, _key: u64) -> Result<HttpRequest, ClientError> {
        let path = self.path.clone().unwrap_or_default();
        let subject = format!("the {} at {path}", self.poll.what);
        let mut request = HttpRequest::new(Method::Get, path, subject);
        // A clone's status is the organisation's: the same token as its start.
        request.auth = self.poll.status.auth;
        Ok(request)
    }

    fn checked(&mut self, key: u64, answer: &Answer<'_>) -> Result<JobState, ClientError> {
        let word = answer.read(checked::check_job_status)?;
        Ok(job_state(word, || self.describe(key)))
    }

    fn describe(&self, _key: u64) -> String {
        format!(
            "the {} at {}",
            self.poll.what,
            self.path.as_deref().unwrap_or("its status URL")
        )
    }

    fn check_call(&self) -> &'static str {
        self.poll.check_call
    }

    /// `{ id?, url, state, attempts, elapsedMs }`: the URL to resume with after a reload.
    fn report(&self, _key: u64, state: &str, attempts: u32, elapsed_ms: u64) -> String {
        self.url_summary("state", state, attempts, elapsed_ms)
    }

    fn outcome(&self, _key: u64, state: &str, attempts: u32, elapsed_ms: u64) -> Output {
        Output::Json(self.url_summary("status", state, attempts, elapsed_ms))
    }
}

/// A sync run (`triggerSyncAndWait`, `waitForSyncRun`): the trigger answers
/// `{ sync_run_id }`, then the run is read until its status is final. The wait resolves to the
/// run as the last answer gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncRunJob {
    /// The trigger: the sync's id and the call's flags (`forceFullSync`). None when resuming.
    trigger: Option<Call>,
    /// The sync's id, once known (from the trigger's argument or the run).
    sync_id: Option<String>,
    fail_on_error: bool,
    /// The last answer's counts, as JSON texts, in `COUNTS`' order.
    counts: Vec<Option<String>>,
}

/// The counts a progress report carries.
const COUNTS: [&str; 3] = ["records_processed", "records_updated", "records_failed"];
/// What a run's answer is read for: its status, counts, sync and error.
const RUN_MEMBERS: [&str; 7] = [
    "status",
    "records_processed",
    "records_updated",
    "records_failed",
    "sync_id",
    "error_code",
    "error_message",
];

impl SyncRunJob {
    /// A wait for a run of `trigger`'s sync, or with `trigger` None, for a run started earlier.
    pub fn new(trigger: Option<Call>, fail_on_error: bool) -> Self {
        let sync_id = trigger.as_ref().and_then(|call| match call.values.first() {
            Some(ArgValue::Id(id)) => Some(id.to_string()),
            _ => None,
        });
        Self {
            trigger,
            sync_id,
            fail_on_error,
            counts: Vec::new(),
        }
    }
}

impl Job for SyncRunJob {
    fn key_name(&self) -> &'static str {
        "sync_run_id"
    }

    fn start(&self) -> Result<HttpRequest, ClientError> {
        match &self.trigger {
            Some(call) => call.request(),
            None => Err(ClientError::invalid_input("syncId", "required")),
        }
    }

    fn started(&mut self, answer: &Answer<'_>) -> Result<u64, ClientError> {
        let (_, values) = answer.read(|r, raw| {
            checked::check_data_members(r, raw, &checked::SYNC_RUN_ID, &["sync_run_id"])
        })?;
        Ok(values
            .first()
            .cloned()
            .flatten()
            .and_then(|text| text.parse().ok())
            .unwrap_or_default())
    }

    /// A run the trigger has just created is queued: reporting it at once hands the caller its
    /// `sync_run_id` before the first check, to keep for a resume after a page reload.
    fn started_state(&self) -> Option<&'static str> {
        Some("queued")
    }

    fn check(&self, key: u64) -> Result<HttpRequest, ClientError> {
        Call::new(&GET_SYNC_RUN, SYNC_RUN.status_args, vec![ArgValue::Id(key)]).request()
    }

    fn checked(&mut self, key: u64, answer: &Answer<'_>) -> Result<JobState, ClientError> {
        let (run, mut values) = answer
            .read(|r, raw| checked::check_data_members(r, raw, &checked::SYNC_RUN, &RUN_MEMBERS))?;
        values.resize(RUN_MEMBERS.len(), None);
        let text = |index: usize| {
            values
                .get(index)
                .cloned()
                .flatten()
                .and_then(|raw| crate::scan::string_value(raw.as_bytes()))
        };
        let word = text(0).unwrap_or_default();
        self.counts = values.get(1..4).unwrap_or_default().to_vec();
        if self.sync_id.is_none() {
            self.sync_id = values.get(4).cloned().flatten();
        }
        let status = SyncRunStatus::from_wire(&word);
        if !status.is_final() {
            return Ok(JobState::Running(word));
        }
        if status == SyncRunStatus::Failed && self.fail_on_error {
            // The run's own words, cut short and made printable; `run` keeps them whole.
            let said = |text: String| crate::response::said(&text);
            let reason = match (text(5).map(said), text(6).map(said)) {
                (Some(code), Some(message)) => format!(": {code}: {message}"),
                (Some(one), None) | (None, Some(one)) => format!(": {one}"),
                (None, None) => String::new(),
            };
            let err =
                ClientError::sync_run_failed(format!("{} failed{reason}", self.describe(key)), run);
            return Ok(JobState::Refused(word, Box::new(err)));
        }
        Ok(JobState::Finished(word))
    }

    fn describe(&self, key: u64) -> String {
        match &self.sync_id {
            Some(sync) => format!("run {key} of sync {sync}"),
            None => format!("sync run {key}"),
        }
    }

    fn check_call(&self) -> &'static str {
        "getSyncRun (or waitForSyncRun)"
    }

    /// `{ status, records_processed, records_updated, records_failed, attempts, elapsedMs,
    /// sync_run_id }`.
    fn report(&self, key: u64, state: &str, attempts: u32, elapsed_ms: u64) -> String {
        let mut out = ObjectWriter::new();
        out.string("status", Some(state));
        for (index, name) in COUNTS.iter().enumerate() {
            let count = self.counts.get(index).cloned().flatten();
            out.raw(name, count.as_deref().unwrap_or("null"));
        }
        out.integer("attempts", Some(u64::from(attempts)))
            .integer("elapsedMs", Some(elapsed_ms))
            .integer("sync_run_id", Some(key));
        out.finish()
    }

    fn outcome(&self, _key: u64, _state: &str, _attempts: u32, _elapsed_ms: u64) -> Output {
        Output::Data
    }
}

/// The machine of a wait method: `poll`'s job for `call` (the method's arguments and flags),
/// started, or with `resume` picked up by the key that is its last argument.
pub fn wait_machine(
    poll: &'static Poll,
    call: Call,
    resume: bool,
    plan: WaitPlan,
) -> Box<dyn Machine> {
    let ids: Vec<u64> = call
        .values
        .iter()
        .filter_map(|value| match value {
            ArgValue::Id(id) => Some(*id),
            _ => None,
        })
        .collect();
    let key = if resume { ids.last().copied() } else { None };
    match poll.job {
        JobKind::Refresh => {
            let mut owners = call.values;
            if resume {
                owners.pop();
            }
            let job = Refresh { poll, owners };
            Box::new(Wait::new(job, plan, key))
        }
        JobKind::Url(_) => {
            // Resumed at the URL the start answered: the last argument.
            let url = match (resume, call.values.last()) {
                (true, Some(ArgValue::Name(url))) => Some(url.clone()),
                _ => None,
            };
            let start = (!resume).then_some(Call {
                endpoint: poll.start,
                ..call
            });
            match UrlJob::new(poll, start, url.as_deref()) {
                Ok(job) => Box::new(Wait::new(job, plan, resume.then_some(0))),
                Err(err) => Box::new(Refused(Some(err))),
            }
        }
        JobKind::SyncRun => {
            let fail_on_error = call.flag("failOnError") == Some(true);
            let trigger = (!resume).then_some(Call {
                endpoint: poll.start,
                ..call
            });
            let job = SyncRunJob::new(trigger, fail_on_error);
            Box::new(Wait::new(job, plan, key))
        }
        JobKind::Extraction => {
            let start = Call {
                endpoint: poll.start,
                ..call
            };
            // The arguments are checked now: a resumed job's name is never sent otherwise.
            if let Err(err) = start.request() {
                return Box::new(Refused(Some(err)));
            }
            let job = crate::stitch_job::ReplicationJob::new(start, resume);
            let source = ids.first().copied().filter(|_| resume);
            Box::new(Wait::new(job, plan, source))
        }
    }
}

/// A machine that fails at once: a wait whose arguments were refused.
struct Refused(Option<ClientError>);

impl Machine for Refused {
    fn start(&mut self, _now_ms: u64) -> Step {
        Step::Fail(self.0.take().unwrap_or_else(|| self.aborted()))
    }

    fn answered(&mut self, _answer: &Answer<'_>) -> Step {
        self.start(0)
    }

    fn failed(&mut self, error: ClientError, _now_ms: u64) -> Step {
        Step::Fail(error)
    }

    fn woke(&mut self, now_ms: u64) -> Step {
        self.start(now_ms)
    }

    fn aborted(&self) -> ClientError {
        ClientError::new(
            ErrorKind::Aborted,
            "the call was aborted by its AbortSignal",
        )
    }
}
