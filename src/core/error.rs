//! The one error type of the client: what went wrong, in words a person can act on.
//!
//! No variant ever carries the API token: errors are built from the request description (which
//! holds no credentials) and from what the server answered.

use std::fmt;

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
}

impl ErrorKind {
    /// The stable machine-readable code exposed to JavaScript as `error.code`.
    pub fn code(self) -> &'static str {
        match self {
            Self::InvalidInput => "invalid_input",
            Self::InvalidConfig => "invalid_config",
            Self::Api => "api_error",
            Self::NotFound => "not_found",
            Self::Authentication => "unauthorized",
            Self::RateLimited => "rate_limited",
            Self::UnexpectedResponse => "unexpected_response",
            Self::Network => "network_error",
            Self::Timeout => "timeout",
            Self::Aborted => "aborted",
        }
    }
}

/// An error of the Census client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientError {
    pub kind: ErrorKind,
    /// A sentence a person can act on; never contains the API token.
    pub message: String,
    /// The HTTP status code, when the server answered.
    pub status: Option<u16>,
    /// The input field or option at fault, or the JSON path of an unexpected response value.
    pub field: Option<String>,
    /// The message the API itself gave, when it gave one.
    pub api_message: Option<String>,
    /// How long the server asked the client to wait (`Retry-After`), for rate limiting.
    pub retry_after_ms: Option<u64>,
    /// Every missing required input, as paths like `field` (which names the first), when
    /// several can be missing at once: the credentials a source type requires. Kept as one
    /// text, the paths separated by NUL (which no path holds): a Vec costs the wasm more.
    pub missing: Option<String>,
}

impl ClientError {
    /// An error of `kind` with only a message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            status: None,
            field: None,
            api_message: None,
            retry_after_ms: None,
            missing: None,
        }
    }

    /// Input refused before sending: the message starts with the field name.
    pub fn invalid_input(field: &str, problem: impl fmt::Display) -> Self {
        Self::new(ErrorKind::InvalidInput, format!("{field}: {problem}")).with_field(field)
    }

    /// A client option refused at construction: the message starts with the option name.
    pub fn invalid_config(option: &str, problem: impl fmt::Display) -> Self {
        Self::new(ErrorKind::InvalidConfig, format!("{option}: {problem}")).with_field(option)
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
