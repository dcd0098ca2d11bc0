//! Start a background job, then poll its status on `core::refresh`'s schedule until it finishes,
//! the time is up or the caller's signal aborts: one [`Machine`] for every `…AndWait` call, with
//! the job's requests and readers given by a [`Job`]. Time comes in as `now_ms`, so every rule
//! (the backoff, the deadline, a status request cut short by it) is tested without a clock.

use crate::checked;
use crate::error::{ClientError, ErrorKind};
use crate::json_out::ObjectWriter;
use crate::models::RefreshState;
use crate::operation::{Answer, Machine, Output, Step};
use crate::refresh::{Next, WaitPlan};
use crate::request::HttpRequest;
use crate::scan::quoted;
use crate::sources;

/// How far a job is, as its status answer says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobState {
    /// Still running, in the state named (`processing`, `queued`, …).
    Running(String),
    /// Finished as hoped, in the state named.
    Finished(String),
}

/// A kind of background job: how to start it, how to ask about it, and what its answers mean.
pub trait Job {
    /// The name of the job's key in progress reports and the outcome (`refresh_key`).
    const KEY_NAME: &'static str;
    /// The request that starts the job.
    fn start(&self) -> Result<HttpRequest, ClientError>;
    /// The job's key, from the start's answer.
    fn started(&self, answer: &Answer<'_>) -> Result<u64, ClientError>;
    /// The request that asks how the job `key` is going.
    fn check(&self, key: u64) -> Result<HttpRequest, ClientError>;
    /// The job's state, from a status answer; an error when it ended otherwise than hoped.
    fn checked(&self, key: u64, answer: &Answer<'_>) -> Result<JobState, ClientError>;
    /// The job, for messages: `the table refresh of source 12 (refresh_key 99)`.
    fn describe(&self, key: u64) -> String;
    /// The call that reads the job's state once, for the timeout's advice.
    const CHECK_CALL: &'static str;
}

/// Where a wait is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Starting,
    Sleeping,
    Checking,
}

/// Starts a [`Job`] (unless resuming one) and waits for it: a [`Machine`].
#[derive(Debug, Clone)]
pub struct Wait<J> {
    job: J,
    plan: WaitPlan,
    /// The call's per-attempt timeout (0: none), cut to the time left for status requests.
    attempt_timeout_ms: u32,
    started_ms: u64,
    key: Option<u64>,
    /// Status checks answered so far.
    checks: u32,
    phase: Phase,
    /// The job's last known state, for the timeout's message.
    state: String,
    report: Option<String>,
}

impl<J: Job> Wait<J> {
    /// A wait for `job`; `resume` is the key of a job started earlier, which is then not
    /// started again.
    pub fn new(job: J, plan: WaitPlan, attempt_timeout_ms: u32, resume: Option<u64>) -> Self {
        Self {
            job,
            plan,
            attempt_timeout_ms,
            started_ms: 0,
            key: resume,
            checks: 0,
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
        match self.plan.next(self.checks, self.elapsed(now_ms)) {
            Next::CheckAfter(ms) => {
                self.phase = Phase::Sleeping;
                Step::Sleep(ms)
            }
            Next::TimedOut => Step::Fail(self.timed_out(now_ms)),
        }
    }

    /// The error of a wait that ran out of time.
    pub fn timed_out(&self, now_ms: u64) -> ClientError {
        let elapsed = self.elapsed(now_ms);
        let checks = self.checks;
        ClientError::new(
            ErrorKind::Timeout,
            format!(
                "{} was still {} after {elapsed} ms and {checks} status check{}; it may \
                 still finish: check again with {} or wait longer with a larger timeoutMs",
                self.job.describe(self.key()),
                self.state,
                if checks == 1 { "" } else { "s" },
                J::CHECK_CALL,
            ),
        )
    }

    /// `{ <key>, state, attempts, elapsedMs }`, for `onProgress`.
    fn progress(&mut self, state: &str, now_ms: u64) {
        state.clone_into(&mut self.state);
        self.report = Some(self.summary("state", state, now_ms));
    }

    /// `{ <key>, status, attempts, elapsedMs }`, what the wait resolves to.
    fn outcome(&self, state: &str, now_ms: u64) -> Output {
        Output::Json(self.summary("status", state, now_ms))
    }

    /// `{ <key>, <word>: state, attempts, elapsedMs }`.
    fn summary(&self, word: &str, state: &str, now_ms: u64) -> String {
        let mut out = ObjectWriter::new();
        out.integer(J::KEY_NAME, Some(self.key()))
            .string(word, Some(state))
            .integer("attempts", Some(u64::from(self.checks)))
            .integer("elapsedMs", Some(self.elapsed(now_ms)));
        out.finish()
    }
}

impl<J: Job> Machine for Wait<J> {
    fn start(&mut self, now_ms: u64) -> Step {
        self.started_ms = now_ms;
        if self.key.is_some() {
            return self.schedule(now_ms);
        }
        self.phase = Phase::Starting;
        match self.job.start() {
            Ok(request) => Step::Send {
                request,
                timeout_ms: None,
            },
            Err(err) => Step::Fail(err),
        }
    }

    fn answered(&mut self, answer: &Answer<'_>) -> Step {
        let now = answer.now_ms;
        match self.phase {
            Phase::Starting => match self.job.started(answer) {
                Ok(key) => {
                    self.key = Some(key);
                    self.progress("processing", now);
                    self.schedule(now)
                }
                Err(err) => Step::Fail(err),
            },
            Phase::Checking => match self.job.checked(self.key(), answer) {
                Ok(state) => {
                    self.checks += 1;
                    match state {
                        JobState::Finished(state) => {
                            self.progress(&state, now);
                            Step::Done(self.outcome(&state, now))
                        }
                        JobState::Running(state) => {
                            self.progress(&state, now);
                            self.schedule(now)
                        }
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
        // A status check cut short by the end of the wait is the wait's own timeout.
        if self.phase == Phase::Checking
            && error.kind == ErrorKind::Timeout
            && self.plan.remaining_ms(self.elapsed(now_ms)) == Some(0)
        {
            return Step::Fail(self.timed_out(now_ms));
        }
        Step::Fail(error)
    }

    fn woke(&mut self, now_ms: u64) -> Step {
        self.phase = Phase::Checking;
        match self.job.check(self.key()) {
            Ok(request) => Step::Send {
                request,
                timeout_ms: Some(
                    self.plan
                        .request_timeout_ms(self.attempt_timeout_ms, self.elapsed(now_ms)),
                ),
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

/// `refreshTablesAndWait`: `POST /sources/{id}/refresh_tables`, then
/// `GET …/refresh_tables_status` until `completed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefreshTables {
    pub source_id: u64,
}

impl Job for RefreshTables {
    const KEY_NAME: &'static str = "refresh_key";
    const CHECK_CALL: &'static str = "refreshTablesStatus";

    fn start(&self) -> Result<HttpRequest, ClientError> {
        sources::refresh_tables(self.source_id)
    }

    fn started(&self, answer: &Answer<'_>) -> Result<u64, ClientError> {
        answer
            .read(checked::check_refresh_key)
            .map(|key| key.refresh_key)
    }

    fn check(&self, key: u64) -> Result<HttpRequest, ClientError> {
        sources::refresh_tables_status(self.source_id, Some(key))
    }

    fn checked(&self, key: u64, answer: &Answer<'_>) -> Result<JobState, ClientError> {
        match answer.read(checked::check_refresh_status)?.status {
            RefreshState::Completed => Ok(JobState::Finished("completed".into())),
            RefreshState::Processing => Ok(JobState::Running("processing".into())),
            RefreshState::Other(state) => Err(ClientError::new(
                ErrorKind::Api,
                format!(
                    "{} ended with status {}",
                    self.describe(key),
                    quoted(&state)
                ),
            )),
        }
    }

    fn describe(&self, key: u64) -> String {
        format!(
            "the table refresh of source {} (refresh_key {key})",
            self.source_id
        )
    }
}
