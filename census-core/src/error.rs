//! The one error type of the client: what went wrong, in words a person can act on.
//!
//! No variant ever carries the API token: errors are built from the request description (which
//! holds no credentials) and from what the server answered.

use std::fmt;

use crate::json_out::ObjectWriter;

/// What kind of failure an error is; each maps to one JavaScript error class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The caller's input was refused before anything was sent; `field` names it.
    InvalidInput,
    /// The client was configured wrongly (e.g. an `http:` base URL); `field` names the option.
    InvalidConfig,
    /// The API answered with an error status or an error envelope.
    Api,
    /// The API said the resource does not exist (`404` / `"not_found"`).
    NotFound,
    /// The API refused the credentials (`401`, `403`).
    Authentication,
    /// The API asked the client to slow down (`429`).
    RateLimited,
    /// The API answered something that is not the documented shape; `field` holds the JSON path.
    UnexpectedResponse,
    /// The request never got an HTTP answer (offline, DNS, CORS refusal, connection reset).
    Network,
    /// No answer came within the call's `timeoutMs`; the request was cancelled.
    Timeout,
    /// The caller's `AbortSignal` ended the call.
    Aborted,
    /// The API created the resource (`id` holds its id) but reading it back failed (`cause`
    /// says how). Distinct from every other kind so that no caller reads it as "not created"
    /// and creates it again.
    ReadBack,
    /// A sync run the caller waited for with `failOnError` ended `failed`; `run` holds it.
    SyncRunFailed,
    /// The Stitch Connect API answered an error that is none of the kinds above (`api_type`
    /// holds its `type` or `code`).
    StitchApi,
    /// A Stitch replication the caller waited for ended with a phase that failed; `run` holds
    /// its extraction.
    StitchJobFailed,
}

impl ErrorKind {
    /// Every kind, for the generated TypeScript union of codes.
    pub const ALL: [ErrorKind; 14] = [
        Self::InvalidInput,
        Self::InvalidConfig,
        Self::Api,
        Self::NotFound,
        Self::Authentication,
        Self::RateLimited,
        Self::UnexpectedResponse,
        Self::Network,
        Self::Timeout,
        Self::Aborted,
        Self::ReadBack,
        Self::SyncRunFailed,
        Self::StitchApi,
        Self::StitchJobFailed,
    ];

    /// The JavaScript class an error of this kind is thrown as.
    pub fn class(self) -> &'static str {
        match self {
            Self::InvalidInput | Self::InvalidConfig => "CensusInputError",
            Self::Api => "CensusApiError",
            Self::NotFound => "CensusNotFoundError",
            Self::Authentication => "CensusAuthenticationError",
            Self::RateLimited => "CensusRateLimitError",
            Self::UnexpectedResponse => "CensusResponseError",
            Self::Network => "CensusNetworkError",
            Self::Timeout => "CensusTimeoutError",
            Self::Aborted => "CensusAbortError",
            Self::ReadBack => "CensusReadBackError",
            Self::SyncRunFailed => "CensusSyncRunError",
            Self::StitchApi => "StitchApiError",
            Self::StitchJobFailed => "StitchJobError",
        }
    }

    /// The stable machine-readable code exposed to JavaScript as `error.code`.
    pub fn code(self) -> &'static str {
        match self {
            Self::InvalidInput => "invalid_input",
            Self::InvalidConfig => "invalid_config",
            Self::Api | Self::StitchApi => "api_error",
            Self::NotFound => "not_found",
            Self::Authentication => "unauthorized",
            Self::RateLimited => "rate_limited",
            Self::UnexpectedResponse => "unexpected_response",
            Self::Network => "network_error",
            Self::Timeout => "timeout",
            Self::Aborted => "aborted",
            Self::ReadBack => "read_back_failed",
            Self::SyncRunFailed => "sync_run_failed",
            Self::StitchJobFailed => "replication_failed",
        }
    }
}

/// An error of the Census client: its [`ErrorDetails`], behind one pointer. Every call returns
/// `Result<_, ClientError>`, so the error's size is what each `?` moves: boxed, a `Result` is a
/// few words, and the wasm's code no longer copies a large error at every step (see
/// bench/notes.md). Its members read as fields (`err.kind`) through `Deref`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientError(Box<ErrorDetails>);

impl std::ops::Deref for ClientError {
    type Target = ErrorDetails;

    fn deref(&self) -> &ErrorDetails {
        &self.0
    }
}

impl std::ops::DerefMut for ClientError {
    fn deref_mut(&mut self) -> &mut ErrorDetails {
        &mut self.0
    }
}

/// What an error says: its kind, message and what it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorDetails {
    pub kind: ErrorKind,
    /// A sentence a person can act on; never contains the API token.
    pub message: String,
    /// The HTTP status code, when the server answered.
    pub status: Option<u16>,
    /// The input field or option at fault, or the JSON path of an unexpected response value.
    pub field: Option<String>,
    /// The message the API itself gave, when it gave one.
    pub api_message: Option<Box<str>>,
    /// How long the server asked the client to wait (`Retry-After`), for rate limiting.
    /// 32 bits (49 days) are plenty.
    pub retry_after_ms: Option<u32>,
    /// Every missing required input, as paths like `field` (which names the first), when
    /// several can be missing at once: the credentials a source type requires. Kept as one
    /// text, the paths separated by NUL (which no path holds): a Vec costs the wasm more.
    /// The rarely set texts are boxed `str`s: most errors have none.
    pub missing: Option<Box<str>>,
    /// The resource the call created and the error that ended the call after that
    /// (`ReadBack`). Boxed: most errors have none.
    pub created: Option<Box<Created>>,
    /// What only some errors carry (boxed: most have none of it).
    pub extra: Option<Box<Extra>>,
}

/// What only some errors carry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Extra {
    /// The sync run, as the API sent it (JSON), of a `SyncRunFailed` error; the extraction of
    /// a `StitchJobFailed` one.
    pub run: Option<Box<str>>,
    /// The Stitch API's own name for the error: its `error.type` (`already_running`,
    /// `invalid_source`), `error` word (`InvalidBody`) or `code`; `invalid_fields` for that
    /// answer.
    pub api_type: Option<Box<str>>,
}

/// A resource the API created before the call failed (`ErrorKind::ReadBack`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// Its id; `None` when the create's own answer could not be read.
    pub id: Option<u64>,
    /// Why the call failed after creating it.
    pub cause: ClientError,
}

impl ClientError {
    /// An error of `kind` with only a message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self::with_message(kind, message.into())
    }

    /// `new`'s body, once: each caller only converts its message.
    #[inline(never)]
    fn with_message(kind: ErrorKind, message: String) -> Self {
        Self(Box::new(ErrorDetails {
            kind,
            message,
            status: None,
            field: None,
            api_message: None,
            retry_after_ms: None,
            missing: None,
            created: None,
            extra: None,
        }))
    }

    /// A sync run that ended `failed` while the caller asked for that to be an error; `run`
    /// is the run's JSON as the API sent it.
    pub fn sync_run_failed(message: String, run: String) -> Self {
        let mut err = Self::new(ErrorKind::SyncRunFailed, message);
        err.extra_mut().run = Some(run.into_boxed_str());
        err
    }

    /// The rarely set members, made when first written.
    pub fn extra_mut(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// The run (or extraction) the error carries, as JSON.
    pub fn run(&self) -> Option<&str> {
        self.extra.as_ref().and_then(|extra| extra.run.as_deref())
    }

    /// Stitch's own name for the error.
    pub fn api_type(&self) -> Option<&str> {
        self.extra
            .as_ref()
            .and_then(|extra| extra.api_type.as_deref())
    }

    /// The error of a create whose POST succeeded and whose read-back of `id` failed with
    /// `cause`: the resource exists, so the call must not read as a failed create.
    pub fn read_back(subject: &str, id: u64, cause: ClientError) -> Self {
        let mut err = Self::new(
            ErrorKind::ReadBack,
            format!(
                "{subject} {id} was created, but reading it back failed: {}. It exists: do not \
                 create it again; read it with its id",
                cause.message
            ),
        );
        err.status = cause.status;
        err.created = Some(Box::new(Created {
            id: Some(id),
            cause,
        }));
        err
    }

    /// The API accepted a create (a 2xx) whose answer could not be read (`cause`): the resource
    /// probably exists, but its id is unknown. Never an error a caller would retry blindly.
    pub fn accepted_unread(subject: &str, status: u16, cause: ClientError) -> Self {
        // The cause's hint that baseUrl may be wrong becomes the condition of the advice.
        let said = crate::strings::split_once(&cause.message, crate::response::BASE_URL_HINT)
            .map_or(&*cause.message, |(said, _)| said);
        // A create's subject is "the new source", "a new segment of source 3"; others (a
        // trigger, a replication) were done, not made.
        let advice = if crate::strings::find(subject, "new ").is_some() {
            "it probably exists: look for it before creating it again"
        } else {
            "it was probably done: check before sending it again"
        };
        let mut err = Self::new(
            ErrorKind::ReadBack,
            format!(
                "the API accepted {subject} (HTTP {status}), but its answer could not be read: \
                 {said}. If baseUrl is the API's address, {advice}",
            ),
        );
        err.status = Some(status);
        err.created = Some(Box::new(Created { id: None, cause }));
        err
    }

    /// The error as the one JSON object the JS side builds its `CensusError` from:
    /// `{class, code, message, status?, field?, apiMessage?, retryAfterMs?, missing?, type?, id?,
    /// cause?, run?}`.
    /// `redact` scrubs the token from every text that may quote foreign words.
    pub fn to_json(&self, redact: &dyn Fn(&str) -> String) -> String {
        let mut out = ObjectWriter::new();
        out.string("class", Some(self.kind.class()))
            .string("code", Some(self.kind.code()))
            .string("message", Some(&redact(&self.message)))
            .integer("status", self.status.map(u64::from))
            .string("field", self.field.as_deref())
            .string(
                "apiMessage",
                self.api_message.as_deref().map(redact).as_deref(),
            )
            .integer("retryAfterMs", self.retry_after_ms.map(u64::from))
            .string("missing", self.missing.as_deref())
            .string("type", self.api_type().map(redact).as_deref());
        if let Some(created) = &self.created {
            out.integer("id", created.id)
                .raw("cause", &created.cause.to_json(redact));
        }
        if let Some(run) = self.run() {
            out.raw("run", &redact(run));
        }
        out.finish()
    }

    /// Input refused before sending: the message starts with the field name.
    pub fn invalid_input(field: &str, problem: impl fmt::Display) -> Self {
        Self::about(ErrorKind::InvalidInput, field, &problem)
    }

    /// A client option refused at construction: the message starts with the option name.
    pub fn invalid_config(option: &str, problem: impl fmt::Display) -> Self {
        Self::about(ErrorKind::InvalidConfig, option, &problem)
    }

    /// An error about `field`, its message `field: problem`. Not generic, so that the callers'
    /// many kinds of `problem` share one body.
    #[inline(never)]
    fn about(kind: ErrorKind, field: &str, problem: &dyn fmt::Display) -> Self {
        Self::new(kind, format!("{field}: {problem}")).with_field(field)
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ClientError {}
