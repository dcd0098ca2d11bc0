//! `startReplicationAndWait`: Stitch has no job-status endpoint (stitchdata/docs issue 1071), so
//! the wait starts the job (`{ job_name }`), learns the source's `stitch_client_id` once, then
//! reads the extractions (the last job of each source) until the source's shows that job
//! completed. A phase that exited non-zero, or has no exit status once the job completed, fails
//! the wait with the extraction.

use crate::api::stitch::{CLIENT, GET_SOURCE, LIST_EXTRACTIONS, SOURCE};
use crate::api::{ArgValue, Call};
use crate::error::{ClientError, ErrorKind};
use crate::json_input::Json;
use crate::json_out::ObjectWriter;
use crate::operation::{Answer, Output};
use crate::pagination;
use crate::poll::{Job, JobState};
use crate::request::HttpRequest;
use crate::scan;
use crate::stitch;
use crate::stitch_models::{STITCH_JOB_STARTED, STITCH_SOURCE};

/// The phases of a job, in order, as an extraction names their exit statuses.
const PHASES: [&str; 3] = ["discovery", "tap", "target"];

/// A replication job of one source, watched through the extractions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicationJob {
    /// `POST /v4/sources/{id}/sync` for the source.
    start: Call,
    source_id: u64,
    client_id: Option<u64>,
    job_name: Option<String>,
    /// The page of extractions to read next.
    page: u32,
    /// The job's extraction as last read (JSON text), once the extractions have shown it.
    extraction: Option<String>,
    /// The phase the job was last seen in, reported again when a sweep of the pages misses it
    /// (records shift between pages), so progress does not go back to `waiting`.
    phase: Option<&'static str>,
    /// The other job first seen as the source's last extraction while this one had not shown.
    earlier: Option<String>,
}

impl ReplicationJob {
    /// A wait for a new job started by `start` (its first argument the source's id), or with
    /// `resume`, for a job started earlier: `start`'s second argument is its `job_name`.
    pub fn new(start: Call, resume: bool) -> Self {
        let source_id = match start.values.first() {
            Some(ArgValue::Id(id)) => *id,
            _ => 0,
        };
        let job_name = match start.values.get(1) {
            Some(ArgValue::Name(name)) if resume => Some(name.clone()),
            _ => None,
        };
        Self {
            start,
            source_id,
            client_id: None,
            job_name,
            page: 1,
            extraction: None,
            phase: None,
            earlier: None,
        }
    }

    fn job_text(&self) -> String {
        self.job_name
            .as_deref()
            .map(|name| format!(" ({})", scan::quoted(name)))
            .unwrap_or_default()
    }

    /// Reads a page of extractions: the state of this job, if the page shows it.
    fn read_extractions(&mut self, answer: &Answer<'_>) -> Result<JobState, ClientError> {
        let list = &crate::api::stitch::EXTRACTIONS;
        let (page, keys) = answer.read(|r, raw| stitch::check_page(r, raw, list.item, list.key))?;
        let body = crate::scan::lossy(answer.response.body);
        let found = Json(&body)
            .get("data")
            .map(Json::items)
            .unwrap_or_default()
            .into_iter()
            .find(|item| item.get("source_id").and_then(Json::integer) == Some(self.source_id));
        let Some(extraction) = found else {
            // Not on this page, which says nothing of the job: read the next one at once, or
            // after the last, start over from the first an interval later.
            if let Some(next) = pagination::next_page_of(page, &keys)? {
                self.page = next;
                return Ok(JobState::Prepared);
            }
            self.page = 1;
            return Ok(JobState::Running(self.phase.unwrap_or("waiting").into()));
        };
        // Each page read takes a slot of the jobs limit: the next check starts on this page.
        self.page = page;
        let name = extraction.get("job_name").and_then(Json::text);
        // Only an extraction that names this job is its: one without a name cannot be told
        // from an earlier job's, so the wait goes on (and what it resolves to names the job).
        if name != self.job_name {
            if name.is_some() && self.extraction.is_some() {
                // This job was shown, and another has replaced it before its end was seen.
                return Err(ClientError::new(
                    ErrorKind::UnexpectedResponse,
                    format!(
                        "{} was replaced by job {} as the source's last extraction before its \
                         end was seen; read its log with getExtractionLogs",
                        self.describe(self.source_id),
                        scan::quoted(name.as_deref().unwrap_or_default())
                    ),
                ));
            }
            // Stitch runs one job of a source at a time: once this job was accepted, another
            // that starts after the one first seen means this one ran unseen or was dropped.
            if let Some(name) = &name {
                match &self.earlier {
                    None => self.earlier = Some(name.clone()),
                    Some(earlier) if earlier != name => {
                        return Err(ClientError::new(
                            ErrorKind::UnexpectedResponse,
                            format!(
                                "{} never showed as the source's last extraction, and job {} \
                                 started after job {}: it ran unseen or was replaced; look for \
                                 it with listExtractions and read its log with \
                                 getExtractionLogs",
                                self.describe(self.source_id),
                                scan::quoted(name),
                                scan::quoted(earlier)
                            ),
                        ));
                    }
                    Some(_) => {}
                }
            }
            // The source's last extraction is still an earlier job's.
            return Ok(JobState::Running("waiting".into()));
        }
        self.extraction = Some(extraction.0.to_owned());
        let status = |phase: &str| extraction.get(&format!("{phase}_exit_status"));
        if extraction.get("completion_time").is_none() {
            let running = PHASES
                .iter()
                .find(|phase| status(phase).is_none())
                .unwrap_or(&"target");
            self.phase = Some(running);
            return Ok(JobState::Running((*running).into()));
        }
        // Any spelling of zero (`0`, `0.0`, `-0`) is a success: the answer is checked as a number.
        // A completed job's phase without one did not succeed: Stitch shows a job stopped or
        // timed out with every status null and "Terminated" as its descriptions.
        let failed = PHASES
            .iter()
            .find(|phase| status(phase).is_none_or(|code| crate::number::of_json(code.0) != 0.0));
        let Some(phase) = failed else {
            return Ok(JobState::Finished("succeeded".into()));
        };
        let why = |phase: &str| {
            extraction
                .get(&format!("{phase}_description"))
                .and_then(Json::text)
                .map(|text| format!(": {}", crate::response::said(&text)))
                .unwrap_or_default()
        };
        let job = format!(
            "the replication of Stitch source {}{}",
            self.source_id,
            self.job_text()
        );
        // Terminated (stopped, or timed out): no phase has an exit status, and the answer does
        // not say which phase was running, so none is named.
        let message = if PHASES.iter().all(|phase| status(phase).is_none()) {
            format!(
                "{job} was terminated before it finished (no phase has an exit status{})",
                why(phase)
            )
        } else {
            let code = status(phase).map_or("null", |code| code.0);
            format!(
                "{job} failed in its {phase} phase (exit status {code}{})",
                why(phase)
            )
        };
        let mut err = ClientError::new(ErrorKind::StitchJobFailed, message);
        err.extra_mut().run = Some(extraction.0.into());
        Ok(JobState::Refused("failed".into(), Box::new(err)))
    }
}

impl Job for ReplicationJob {
    fn key_name(&self) -> &'static str {
        "source_id"
    }

    fn start(&self) -> Result<HttpRequest, ClientError> {
        self.start.request()
    }

    fn started(&mut self, answer: &Answer<'_>) -> Result<u64, ClientError> {
        let info = answer.read(|r, raw| stitch::check_object(r, raw, &STITCH_JOB_STARTED))?;
        self.job_name = info
            .get(0)
            .and_then(|(start, end)| answer.response.body.get(start..end))
            .and_then(scan::string_value);
        Ok(self.source_id)
    }

    fn started_state(&self) -> Option<&'static str> {
        Some("started")
    }

    fn check(&self, key: u64) -> Result<HttpRequest, ClientError> {
        match self.client_id {
            None => Call::new(&GET_SOURCE, SOURCE, vec![ArgValue::Id(key)]).request(),
            Some(client) => {
                let mut call = Call::new(&LIST_EXTRACTIONS, CLIENT, vec![ArgValue::Id(client)]);
                call.paging.page = Some(self.page);
                call.request()
            }
        }
    }

    fn checked(&mut self, _key: u64, answer: &Answer<'_>) -> Result<JobState, ClientError> {
        if self.client_id.is_some() {
            return self.read_extractions(answer);
        }
        let info = answer.read(|r, raw| stitch::check_object(r, raw, &STITCH_SOURCE))?;
        let index = STITCH_SOURCE
            .fields
            .iter()
            .position(|field| field.name == "stitch_client_id")
            .unwrap_or_default();
        let client = info
            .get(index)
            .and_then(|(start, end)| answer.response.body.get(start..end))
            .and_then(|raw| std::str::from_utf8(raw).ok()?.parse::<u64>().ok());
        match client {
            Some(client) => {
                self.client_id = Some(client);
                // Its extractions are read at once, not an interval later.
                Ok(JobState::Prepared)
            }
            None => Err(ClientError::new(
                ErrorKind::UnexpectedResponse,
                format!(
                    "Stitch source {} has no stitch_client_id, so its extractions cannot be \
                     read",
                    self.source_id
                ),
            )
            .with_field("stitch_client_id")),
        }
    }

    fn describe(&self, key: u64) -> String {
        format!("the replication of Stitch source {key}{}", self.job_text())
    }

    fn check_call(&self) -> &'static str {
        "waitForReplication (or listExtractions)"
    }

    /// `{ status, job_name, source_id, attempts, elapsedMs }`.
    fn report(&self, key: u64, state: &str, attempts: u32, elapsed_ms: u64) -> String {
        let mut out = ObjectWriter::new();
        out.string("status", Some(state))
            .string("job_name", self.job_name.as_deref())
            .integer("source_id", Some(key))
            .integer("attempts", Some(u64::from(attempts)))
            .integer("elapsedMs", Some(elapsed_ms));
        out.finish()
    }

    /// The job's extraction, as Stitch last answered it.
    fn outcome(&self, _key: u64, _state: &str, _attempts: u32, _elapsed_ms: u64) -> Output {
        Output::Json(self.extraction.clone().unwrap_or_else(|| "null".into()))
    }
}
