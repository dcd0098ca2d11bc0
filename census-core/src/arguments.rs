//! What a JavaScript caller gives, read in the core: a method's arguments, `[a, b, options]`,
//! and `new CensusClient(options)`, each crossing as one JSON text. The JS runtime writes that
//! text with `JSON.stringify` and marks what JSON cannot hold as a string that starts with NUL
//! (`function`, `bigint`, `symbol`, `NaN`, `Infinity`, `-Infinity`, `signal` for an
//! AbortSignal, `surrogate` for a string with an unpaired UTF-16 surrogate, `threw:<why>` for a
//! value `JSON.stringify` threw on), so a refusal can still say
//! what was given. Each value is read as the method's description says, and every refusal names
//! the argument or option at fault. The JS values themselves (the signal, the progress callback,
//! the fetch and hooks) stay in JS; this says whether they were given, and of the right type.

use crate::api::{Arg, ArgKind, ArgValue, Mode, Op};
use crate::checked;
use crate::config::ClientConfig;
use crate::error::{ClientError, ErrorKind};
use crate::input::{InKind, InValue, Input};
use crate::json_input::Json;
use crate::number;
use crate::operation::TypeCheck;
use crate::pagination::ListAllOptions;
use crate::raw_object::RawObject;
use crate::refresh::WaitPlan;
use crate::retry::{self, RetryOptions, RetryPolicy};
use crate::scan::{self, quoted};
use crate::sources::{self, ListOptions, MAX_SAFE_INTEGER};

/// One value as the caller gave it: its JSON text (`null` for `undefined` too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Given<'a>(pub &'a str);

impl<'a> Given<'a> {
    /// The text of a string, marked or not.
    fn text(self) -> Option<String> {
        Json(self.0).text()
    }

    /// What the runtime marked this value as, if it did. A caller's own string that starts with
    /// NUL comes with a second one (`\0\0…`), and is no mark.
    fn mark(self) -> Option<String> {
        self.text()?
            .strip_prefix('\0')
            .filter(|mark| !mark.starts_with('\0'))
            .map(str::to_owned)
    }

    /// `null` or `undefined`.
    pub fn is_absent(self) -> bool {
        self.0 == "null"
    }

    /// A string the caller gave (not a mark), with the NUL the runtime doubled taken off.
    pub fn string(self) -> Option<String> {
        let text = self.text()?;
        match text.strip_prefix('\0') {
            Some(rest) => rest.starts_with('\0').then(|| rest.to_owned()),
            None => Some(text),
        }
    }

    /// A number, `NaN` and the infinities included.
    pub fn number(self) -> Option<f64> {
        match self.0.as_bytes().first() {
            Some(b'-' | b'0'..=b'9') => Some(number::of_json(self.0)),
            Some(b'"') => match self.mark()?.as_str() {
                "NaN" => Some(f64::NAN),
                "Infinity" => Some(f64::INFINITY),
                "-Infinity" => Some(f64::NEG_INFINITY),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn boolean(self) -> Option<bool> {
        match self.0 {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    pub fn is_object(self) -> bool {
        Json(self.0).is_object()
    }

    fn is_mark(self, mark: &str) -> bool {
        self.mark().as_deref() == Some(mark)
    }

    /// [`describe`](Self::describe), without a string's text: where an object was expected
    /// (`credentials`, Stitch's `properties`), a string given instead may be a secret.
    pub fn describe_kind(self) -> String {
        if self.mark().is_none() && self.string().is_some() {
            return "a string".to_owned();
        }
        if matches!(self.0.as_bytes().first(), Some(b'-' | b'0'..=b'9')) {
            return "a number".to_owned();
        }
        self.describe()
    }

    /// A short description of the JS value for messages (`a string "12"`, `the number 1.5`,
    /// `an object`).
    pub fn describe(self) -> String {
        if let Some(mark) = self.mark() {
            if let Some(why) = mark.strip_prefix("threw:") {
                return format!("a value that threw when read ({why})");
            }
            return match mark.as_str() {
                "function" | "bigint" | "symbol" => format!("a {mark}"),
                "NaN" | "Infinity" | "-Infinity" => mark,
                "surrogate" => {
                    "a string with an unpaired UTF-16 surrogate, which is not Unicode text"
                        .to_owned()
                }
                _ => "an object".to_owned(),
            };
        }
        if let Some(text) = self.string() {
            let shown: String = text.chars().take(40).collect();
            return format!("a string {}", quoted(&shown));
        }
        match self.0.as_bytes().first() {
            Some(b'[') => "an array",
            Some(b'{') => "an object",
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            _ => return format!("the number {}", self.0.get(..24).unwrap_or(self.0)),
        }
        .to_owned()
    }

    /// An object's members in order; `field` names it if it is not valid JSON.
    fn members(self, field: &str) -> Result<Vec<(String, Given<'a>)>, ClientError> {
        let members = scan::object_members(self.0.as_bytes()).map_err(|err| {
            ClientError::invalid_input(field, format!("not JSON: {}", err.reason))
        })?;
        Ok(members
            .into_iter()
            .map(|(key, (start, end))| (key, Given(self.0.get(start..end).unwrap_or("null"))))
            .collect())
    }

    /// An object sent as the JSON text the caller's object became: refused when it is not an
    /// object, or holds what JSON cannot (`a function`, `a number` for NaN, a cycle).
    pub fn json_object(self, field: &str) -> Result<RawObject, ClientError> {
        let threw = |mark: Given<'_>| mark.mark().is_some_and(|mark| mark.starts_with("threw:"));
        if threw(self) {
            return Err(unholdable(field, self));
        }
        if !self.is_object() {
            return Err(ClientError::invalid_input(
                field,
                format!("expected an object, got {}", self.describe_kind()),
            ));
        }
        let text = unmark(self.0).map_err(|mark| unholdable(field, mark))?;
        RawObject::parse(field, &text)
    }
}

/// The first of the runtime's marks among the string values of the JSON text `text` (keys are
/// never marked), or else `text` with the NUL the runtime doubled at the start of a caller's
/// own string taken off again.
fn unmark(text: &str) -> Result<String, Given<'_>> {
    const NUL: &[u8] = b"\\u0000";
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut copied, mut at) = (0, 0);
    while let Some(&byte) = bytes.get(at) {
        at += 1;
        if byte != b'"' {
            continue;
        }
        let start = at - 1;
        // The closing quote: the next one no backslash escapes.
        while let Some(&byte) = bytes.get(at) {
            at += if byte == b'\\' { 2 } else { 1 };
            if byte == b'"' {
                break;
            }
        }
        let after = bytes.get(at..).unwrap_or_default().trim_ascii_start();
        let starts = |from: usize| bytes.get(from..).is_some_and(|rest| rest.starts_with(NUL));
        if after.first() == Some(&b':') || !starts(start + 1) {
            continue;
        }
        if !starts(start + 1 + NUL.len()) {
            return Err(Given(text.get(start..at).unwrap_or_default()));
        }
        out.push_str(text.get(copied..=start).unwrap_or_default());
        copied = start + 1 + NUL.len();
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    Ok(out)
}

/// The refusal of the object `field` for the mark it holds.
fn unholdable(field: &str, mark: Given<'_>) -> ClientError {
    let problem = match mark
        .mark()
        .as_deref()
        .and_then(|mark| mark.strip_prefix("threw:"))
    {
        Some(why) => format!("JSON.stringify threw: {why}"),
        None => format!("it holds {}", mark.describe()),
    };
    ClientError::invalid_input(
        field,
        format!("expected an object JSON can hold, but {problem}"),
    )
}

/// An object whose keys have been checked, read member by member. `null` and `undefined`
/// members read as absent.
pub struct Members<'a> {
    members: Vec<(String, Given<'a>)>,
    /// Names members `prefix.key` in errors when not empty: `retry` for the nested retry bag.
    prefix: &'a str,
}

impl<'a> Members<'a> {
    /// Reads `value`, when given, as the option bag `name` with members `known`.
    pub fn optional(
        value: Given<'a>,
        name: &'a str,
        known: &[&str],
    ) -> Result<Option<Self>, ClientError> {
        if value.is_absent() {
            return Ok(None);
        }
        Self::open(value, name, known, "").map(Some)
    }

    /// Reads `value` as the object `name` with members `known`, which must be given. With
    /// `nested`, members are named `name.key` in errors, as `retry.maxAttempts` is.
    pub fn required(
        value: Given<'a>,
        name: &'a str,
        known: &[&str],
        nested: bool,
    ) -> Result<Self, ClientError> {
        if value.is_absent() {
            return Err(ClientError::invalid_input(name, "required: an object"));
        }
        Self::open(value, name, known, if nested { name } else { "" })
    }

    fn open(
        value: Given<'a>,
        name: &str,
        known: &[&str],
        prefix: &'a str,
    ) -> Result<Self, ClientError> {
        if !value.is_object() {
            return Err(ClientError::invalid_input(
                name,
                format!("expected an object, got {}", value.describe_kind()),
            ));
        }
        let bag = Self {
            members: value.members(name)?,
            prefix,
        };
        match bag
            .members
            .iter()
            .find(|(key, _)| !known.contains(&key.as_str()))
        {
            None => Ok(bag),
            Some((key, _)) => Err(ClientError::invalid_input(
                &bag.field(key),
                format!("unknown field; expected one of {}", scan::join(known, ", ")),
            )),
        }
    }

    fn field(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.prefix)
        }
    }

    fn error(&self, key: &str, expected: &str, value: Given<'_>) -> ClientError {
        ClientError::invalid_input(
            &self.field(key),
            format!("expected {expected}, got {}", value.describe()),
        )
    }

    /// The member's value as written, `null` included (the last, if the key repeats).
    fn written(&self, key: &str) -> Option<Given<'a>> {
        self.members
            .iter()
            .rev()
            .find(|(own, _)| own == key)
            .map(|(_, value)| *value)
    }

    /// The member's value, unless it is absent, `null` or `undefined`.
    pub fn member(&self, key: &str) -> Option<Given<'a>> {
        self.written(key).filter(|value| !value.is_absent())
    }

    /// Whether the member is given (neither absent, `null` nor `undefined`).
    pub fn given(&self, key: &str) -> bool {
        self.member(key).is_some()
    }

    /// Whether the member is written as `null` (`undefined` leaves no member).
    fn is_null(&self, key: &str) -> bool {
        self.written(key).is_some_and(Given::is_absent)
    }

    /// A number (of milliseconds, say); its range is checked by the caller.
    pub fn number(&self, key: &str) -> Result<Option<f64>, ClientError> {
        let value = self.typed(key, "a number of milliseconds", |value| {
            value.number().is_some()
        })?;
        Ok(value.and_then(Given::number))
    }

    pub fn string(&self, key: &str) -> Result<Option<String>, ClientError> {
        let value = self.typed(key, "a string", |value| value.string().is_some())?;
        Ok(value.and_then(Given::string))
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>, ClientError> {
        let value = self.typed(key, "a boolean (true or false)", |value| {
            value.boolean().is_some()
        })?;
        Ok(value.and_then(Given::boolean))
    }

    /// Whether a function was given (the runtime holds it).
    pub fn function(&self, key: &str, expected: &str) -> Result<bool, ClientError> {
        let value = self.typed(key, expected, |value| value.is_mark("function"))?;
        Ok(value.is_some())
    }

    /// Whether an AbortSignal was given (the runtime holds it).
    pub fn signal(&self, key: &str) -> Result<bool, ClientError> {
        let value = self.typed(key, "an AbortSignal", |value| value.is_mark("signal"))?;
        Ok(value.is_some())
    }

    /// The member, when given and of the type `is` accepts (one reader for every type: a
    /// plain function pointer, so that it is not copied for each).
    fn typed(
        &self,
        key: &str,
        expected: &str,
        is: fn(Given<'a>) -> bool,
    ) -> Result<Option<Given<'a>>, ClientError> {
        match self.member(key) {
            Some(value) if !is(value) => Err(self.error(key, expected, value)),
            value => Ok(value),
        }
    }

    /// A non-negative safe integer.
    pub fn integer(&self, key: &str) -> Result<Option<u64>, ClientError> {
        let Some(value) = self.member(key) else {
            return Ok(None);
        };
        match value.number() {
            Some(number)
                if number::is_whole(number) && (0.0..=MAX_SAFE_INTEGER).contains(&number) =>
            {
                // Integral and in range, so the conversion is exact.
                Ok(Some(number as u64))
            }
            Some(number) => Err(ClientError::invalid_input(
                &self.field(key),
                format!(
                    "expected a non-negative integer, got {}",
                    number::text(number)
                ),
            )),
            None => Err(self.error(key, "a non-negative integer", value)),
        }
    }

    /// A count (`maxItems`): an integer from 1 to 2^53 − 1, refused as `≥ 1` whatever was
    /// given, and with its top only to a number above it.
    pub fn count(&self, key: &str) -> Result<Option<u64>, ClientError> {
        let value = match self.integer(key) {
            Ok(Some(0)) | Err(_) => self.member(key).unwrap_or(Given("null")),
            ok => return ok,
        };
        let expected = if value.number().is_some_and(|n| n > MAX_SAFE_INTEGER) {
            "an integer from 1 to 9007199254740991"
        } else {
            "an integer ≥ 1"
        };
        Err(self.error(key, expected, value))
    }

    /// `perPage`: an integer from 1 to `max`, refused with that range whatever was given.
    pub fn per_page(&self, max: u32) -> Result<Option<u32>, ClientError> {
        self.ranged("perPage", max)
    }

    /// An integer from 1 to `max`, refused with that range whatever was given (`0`, `1.5` or
    /// `"3"` alike). With no bound but 32 bits (`page`), the range is said as `≥ 1`, and its top
    /// only to a number above it.
    pub fn ranged(&self, key: &str, max: u32) -> Result<Option<u32>, ClientError> {
        match self.integer32(key) {
            Ok(Some(n)) if n == 0 || n > max => {}
            Ok(value) => return Ok(value),
            Err(_) => {}
        }
        let value = self.member(key).unwrap_or(Given("null"));
        let over = value.number().is_some_and(|n| n > f64::from(max));
        let expected = if max == u32::MAX && !over {
            "an integer ≥ 1".to_owned()
        } else {
            format!("an integer from 1 to {max}")
        };
        Err(self.error(key, &expected, value))
    }

    /// A non-negative integer that fits in 32 bits.
    pub fn integer32(&self, key: &str) -> Result<Option<u32>, ClientError> {
        self.integer(key)?
            .map(|number| {
                u32::try_from(number).map_err(|_| {
                    ClientError::invalid_input(
                        &self.field(key),
                        format!("expected a non-negative integer up to 4294967295, got {number}"),
                    )
                })
            })
            .transpose()
    }

    /// A free-form object, as its JSON text.
    pub fn json_object(&self, key: &str) -> Result<Option<RawObject>, ClientError> {
        self.member(key)
            .map(|value| value.json_object(&self.field(key)))
            .transpose()
    }
}

/// The arguments of a call as a list: `[a, b, options]`, or refused when not one.
fn list(text: &str) -> Result<Vec<Given<'_>>, ClientError> {
    let items = scan::array_items(text.as_bytes()).map_err(|err| {
        let problem = match err.reason.as_str() {
            "recursion limit exceeded" => "nested more than 127 levels deep".to_owned(),
            reason => format!("not JSON: {reason}"),
        };
        ClientError::invalid_input("arguments", problem)
    })?;
    Ok(items
        .into_iter()
        .map(|(start, end)| Given(text.get(start..end).unwrap_or("null")))
        .collect())
}

/// `retry: false` turns retries off; an object overrides `base` member by member; `per_call`
/// says whether a call's options (where `retryNonIdempotent` is allowed) or the client's.
pub fn read_retry(
    value: Option<Given<'_>>,
    base: RetryPolicy,
    per_call: bool,
) -> Result<RetryPolicy, ClientError> {
    let Some(value) = value.filter(|value| !value.is_absent()) else {
        // A call never inherits an opt-in to repeating work.
        return Ok(RetryPolicy {
            retry_non_idempotent: false,
            ..base
        });
    };
    if value.boolean() == Some(false) {
        return Ok(RetryPolicy::never());
    }
    let bag = Members::required(value, "retry", &RetryOptions::KEYS, true)?;
    let options = RetryOptions {
        max_attempts: bag.ranged("maxAttempts", retry::MAX_ATTEMPTS)?,
        base_delay_ms: bag.integer("baseDelayMs")?,
        max_delay_ms: bag.integer("maxDelayMs")?,
        max_elapsed_ms: bag.integer("maxElapsedMs")?,
        retry_non_idempotent: bag.bool("retryNonIdempotent")?,
    };
    options.apply(base, per_call, "retry")
}

/// How a call is sent: a client's defaults, or one call's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallSettings {
    /// Milliseconds per attempt; 0 means no timeout.
    pub timeout_ms: u32,
    pub retry: RetryPolicy,
    /// When set, every attempt, retries included, ends within this many milliseconds of the
    /// first: the time a wait has left for one of its status checks.
    pub within_ms: Option<u32>,
}

impl Default for CallSettings {
    fn default() -> Self {
        Self {
            timeout_ms: retry::DEFAULT_TIMEOUT_MS,
            retry: RetryPolicy::default(),
            within_ms: None,
        }
    }
}

impl CallSettings {
    /// These settings for a request that must be over within `within_ms` (a wait's time left):
    /// no retry starts after it, the first attempt's timeout is cut to it, and the runtime cuts
    /// each later attempt's to what is left of it. Without this a status check cut short by the
    /// wait's end was retried, and the wait overran its `timeoutMs` by those attempts.
    pub fn within(self, within_ms: u32) -> Self {
        let within_ms = within_ms.max(1);
        let timeout_ms = match self.timeout_ms {
            0 => within_ms,
            per_attempt => per_attempt.min(within_ms),
        };
        Self {
            timeout_ms,
            retry: RetryPolicy {
                max_elapsed_ms: self.retry.max_elapsed_ms.min(u64::from(within_ms)),
                ..self.retry
            },
            within_ms: Some(within_ms),
        }
    }
}

/// Which client is being made: `CensusClient` or `StitchClient`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientKind {
    Census,
    Stitch,
}

const STITCH_OPTIONS: [&str; 7] = [
    "accessToken",
    "baseUrl",
    "fetch",
    "timeoutMs",
    "retry",
    "onRequest",
    "onResponse",
];

const CLIENT_OPTIONS: [&str; 8] = [
    "apiToken",
    "personalAccessToken",
    "baseUrl",
    "fetch",
    "timeoutMs",
    "retry",
    "onRequest",
    "onResponse",
];

/// `new CensusClient(options)` or `new StitchClient(options)`, read.
#[derive(Debug)]
pub struct ClientOptions {
    pub config: ClientConfig,
    pub defaults: CallSettings,
    /// Whether `fetch`, `onRequest` and `onResponse` were given (as functions).
    pub fetch: bool,
    pub on_request: bool,
    pub on_response: bool,
}

/// Reads the options of a client of `kind` from their JSON text (`null` when none were given);
/// `global_fetch` says whether the environment has a `fetch` to use when the options give none.
/// Every refusal is a configuration error naming the option.
pub fn read_client_options(
    kind: ClientKind,
    text: &str,
    global_fetch: bool,
) -> Result<ClientOptions, ClientError> {
    client_options(kind, text, global_fetch).map_err(|mut err| {
        let tokens = ["apiToken", "personalAccessToken", "accessToken"];
        err.message = crate::config::redact_given(&err.message, text, &tokens);
        err
    })
}

fn client_options(
    kind: ClientKind,
    text: &str,
    global_fetch: bool,
) -> Result<ClientOptions, ClientError> {
    let allowed: &[&str] = match kind {
        ClientKind::Census => &CLIENT_OPTIONS,
        ClientKind::Stitch => &STITCH_OPTIONS,
    };
    let token_option = allowed.first().copied().unwrap_or_default();
    let options = Given(text.trim_matches(|c: char| c.is_ascii_whitespace()));
    let as_config = |mut err: ClientError| {
        err.kind = ErrorKind::InvalidConfig;
        err
    };
    if !options.is_absent() && !options.is_object() {
        return Err(ClientError::invalid_config(
            "options",
            format!(
                "expected an object such as {{ {token_option}, baseUrl }}, got {}",
                // A string here is most likely the token itself: never quoted.
                options.describe_kind()
            ),
        ));
    }
    // No options read as an empty object: every option takes its default. The members are
    // walked once, and their keys checked here, worded as options.
    let members = if options.is_absent() {
        Vec::new()
    } else {
        options.members("options").map_err(as_config)?
    };
    if let Some((key, _)) = members
        .iter()
        .find(|(key, _)| !allowed.contains(&key.as_str()))
    {
        return Err(ClientError::invalid_config(
            key,
            format!(
                "unknown option; expected one of {}",
                scan::join(allowed, ", ")
            ),
        ));
    }
    let bag = Members {
        members,
        prefix: "",
    };
    let read = || -> Result<ClientOptions, ClientError> {
        let token = bag.string(token_option)?;
        let personal = match kind {
            ClientKind::Census => bag.string("personalAccessToken")?,
            ClientKind::Stitch => None,
        };
        let base_url = bag.string("baseUrl")?;
        let fetch = bag.function("fetch", "a function like fetch")?;
        if !fetch && !global_fetch {
            return Err(ClientError::invalid_input(
                "fetch",
                "this environment has no global fetch; pass one as the fetch option",
            ));
        }
        let on_request = bag.function("onRequest", "a function")?;
        let on_response = bag.function("onResponse", "a function")?;
        let mut defaults = CallSettings::default();
        if let Some(ms) = bag.number("timeoutMs")? {
            defaults.timeout_ms = retry::check_timeout_ms("timeoutMs", ms)?;
        }
        defaults.retry = read_retry(bag.member("retry"), defaults.retry, false)?;
        let config = config_of(
            kind,
            base_url.as_deref(),
            token.as_deref(),
            personal.as_deref(),
        )?;
        Ok(ClientOptions {
            config,
            defaults,
            fetch,
            on_request,
            on_response,
        })
    };
    read().map_err(as_config)
}

fn config_of(
    kind: ClientKind,
    base_url: Option<&str>,
    token: Option<&str>,
    personal: Option<&str>,
) -> Result<ClientConfig, ClientError> {
    match kind {
        ClientKind::Census => ClientConfig::new(base_url, token)
            .and_then(|config| config.with_personal_token(personal)),
        ClientKind::Stitch => ClientConfig::stitch(base_url, token),
    }
}

/// A method's arguments and options, read.
#[derive(Debug)]
pub struct Read {
    /// The arguments, in the order of the method's description.
    pub values: Vec<ArgValue>,
    /// The call's timeout and retry policy: the client's, with the options' own.
    pub settings: CallSettings,
    /// Whether the options hold a `signal` and an `onProgress` (the runtime holds them).
    pub signal: bool,
    pub on_progress: bool,
    pub paging: ListOptions,
    pub filters: Vec<Option<String>>,
    pub list_all: ListAllOptions,
    pub check: TypeCheck,
    pub read_back: bool,
    pub wait: WaitPlan,
    /// The method's flags, by index.
    pub flags: Vec<Option<bool>>,
}

impl Read {
    /// Refuses a text argument or filter of `op` that holds one of `config`'s tokens: it would
    /// go into the request's URL, which hooks and logs see, where a token never goes.
    pub fn refuse_tokens(&self, op: &Op, config: &ClientConfig) -> Result<(), ClientError> {
        let mut at_fault = None;
        for (arg, value) in op.args.iter().zip(&self.values) {
            if let ArgValue::Name(text) = value
                && config.holds_token(text)
            {
                at_fault = Some(arg.name);
            }
        }
        for (filter, text) in op.endpoint.filters.iter().zip(&self.filters) {
            if let Some(text) = text
                && config.holds_token(text)
            {
                at_fault = Some(filter.key);
            }
        }
        match at_fault {
            Some(name) => Err(ClientError::invalid_input(
                name,
                "holds the client's own token, which would be sent in the request's URL: \
                 refused (the token goes in the client's options only)",
            )),
            None => Ok(()),
        }
    }
}

const CALL_OPTIONS: [&str; 3] = ["signal", "timeoutMs", "retry"];
const PAGING: [&str; 3] = ["page", "perPage", "order"];
const LISTING: [&str; 5] = ["perPage", "order", "concurrency", "maxItems", "onProgress"];
const CREATE: [&str; 1] = ["readBack"];
const WAIT: [&str; 6] = [
    "signal",
    "retry",
    "intervalMs",
    "maxIntervalMs",
    "timeoutMs",
    "onProgress",
];

/// The keys `op`'s options object may hold.
fn allowed(op: &Op) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = match op.mode {
        Mode::Wait { .. } => WAIT.to_vec(),
        // Stitch pages are its own size and order, and come one after another by link.
        Mode::Call if op.endpoint.stitch_paged() => vec!["page"],
        Mode::Iterate | Mode::ListAll if op.endpoint.stitch_paged() => {
            vec!["maxItems", "onProgress"]
        }
        Mode::Call if op.endpoint.paged() => PAGING.to_vec(),
        Mode::Create { typed: false } => CREATE.to_vec(),
        Mode::Create { typed: true } => vec!["readBack", "checkType"],
        Mode::Iterate | Mode::ListAll => LISTING.to_vec(),
        Mode::Call | Mode::Catalogue => Vec::new(),
    };
    if op.mode != Mode::Catalogue {
        keys.extend(op.endpoint.filters.iter().map(|filter| filter.key));
    }
    keys.extend(op.flags.iter().map(|flag| flag.key));
    if let Mode::Wait { .. } = op.mode {
        return keys;
    }
    keys.extend(CALL_OPTIONS);
    keys
}

/// How many arguments `op` takes before its options object: those the caller gives.
pub fn taken(op: &Op) -> usize {
    op.args.iter().filter(|arg| is_taken(arg)).count()
}

/// Stamped bodies (`pauseSource`'s) are not given by the caller.
fn is_taken(arg: &Arg) -> bool {
    !matches!(arg.kind, ArgKind::Stamp { .. })
}

/// Reads `text`, the JSON list of the arguments given to `op` (those it takes, then its options
/// object), on top of the client's `defaults`. Options are read first, so their errors win.
pub fn read(op: &Op, text: &str, defaults: &CallSettings) -> Result<Read, ClientError> {
    let given = list(text)?;
    // One given after the options (stripe's `list(params, options)`) would be dropped, with
    // the signal or timeoutMs it holds; trailing undefineds are no arguments.
    if let Some(last) = given.iter().rposition(|value| !value.is_absent())
        && last > taken(op)
    {
        return Err(too_many(op, taken(op) + 1, last + 1));
    }
    let bag = match given.get(taken(op)) {
        Some(&options) => Members::optional(options, "options", &allowed(op))?,
        None => None,
    };
    let wait = matches!(op.mode, Mode::Wait { .. });
    let mut read = Read {
        values: Vec::new(),
        settings: *defaults,
        signal: false,
        on_progress: false,
        paging: ListOptions::default(),
        filters: Vec::new(),
        list_all: ListAllOptions::default(),
        check: TypeCheck::Skip,
        read_back: true,
        wait: WaitPlan::default(),
        flags: Vec::new(),
    };
    read.settings.retry.retry_non_idempotent = false;
    if let Some(bag) = &bag {
        read.signal = bag.signal("signal")?;
        if !wait && let Some(ms) = bag.number("timeoutMs")? {
            read.settings.timeout_ms = retry::check_timeout_ms("timeoutMs", ms)?;
        }
        read.settings.retry = read_retry(bag.member("retry"), defaults.retry, true)?;
        options_of(op, bag, &mut read)?;
    }
    let mut given = given.into_iter();
    for arg in op.args {
        read.values.push(if is_taken(arg) {
            argument(arg, given.next().unwrap_or(Given("null")))?
        } else {
            ArgValue::Absent
        });
    }
    Ok(read)
}

/// The refusal of `given` arguments to `op`, whose options are argument `last`.
#[cold]
#[inline(never)]
fn too_many(op: &Op, last: usize, given: usize) -> ClientError {
    ClientError::invalid_input(
        "arguments",
        format!(
            "{} takes its options (signal, timeoutMs and retry among them) as argument {last}, \
             the last, but was given {given}",
            op.name
        ),
    )
}

/// The options of `op`'s mode.
fn options_of(op: &Op, bag: &Members<'_>, read: &mut Read) -> Result<(), ClientError> {
    match op.mode {
        Mode::Call if op.endpoint.paged() => {
            read.paging = ListOptions {
                page: bag.ranged("page", u32::MAX)?,
                per_page: bag.per_page(op.endpoint.max_per_page())?,
                order: bag.string("order")?,
            };
        }
        Mode::Iterate | Mode::ListAll => {
            read.list_all = ListAllOptions {
                per_page: bag.per_page(op.endpoint.max_per_page())?,
                order: bag.string("order")?,
                concurrency: bag.ranged("concurrency", crate::pagination::MAX_CONCURRENCY)?,
                max_items: bag.count("maxItems")?,
            };
            read.on_progress = bag.function("onProgress", "a function")?;
        }
        Mode::Create { typed } => {
            if typed {
                read.check = type_check(bag)?;
            }
            read.read_back = bag.bool("readBack")?.unwrap_or(true);
        }
        Mode::Wait { poll, .. } => {
            let defaults = match poll.job {
                crate::api::JobKind::Extraction => WaitPlan::EXTRACTION,
                _ => WaitPlan::default(),
            };
            read.wait = defaults.with_options(
                bag.number("intervalMs")?,
                bag.number("maxIntervalMs")?,
                bag.number("timeoutMs")?,
            )?;
            read.on_progress = bag.function("onProgress", "a function")?;
        }
        Mode::Call | Mode::Catalogue => {}
    }
    if op.mode != Mode::Catalogue {
        for filter in op.endpoint.filters {
            let text = match bag.member(filter.key) {
                Some(value) if filter.id => Some(key(filter.key, value)?.to_string()),
                _ => bag.string(filter.key)?,
            };
            if let Some(text) = &text
                && !filter.allowed.is_empty()
                && !filter.allowed.contains(&text.as_str())
            {
                return Err(ClientError::invalid_input(
                    filter.key,
                    crate::json_input::expected_one_of(filter.allowed, &quoted(text)),
                ));
            }
            read.filters.push(text);
        }
    }
    for flag in op.flags {
        read.flags.push(bag.bool(flag.key)?);
    }
    Ok(())
}

/// `checkType`: `true`, `false`, or a `SourceType` the caller holds.
fn type_check(bag: &Members<'_>) -> Result<TypeCheck, ClientError> {
    let Some(check) = bag.member("checkType") else {
        return Ok(TypeCheck::Skip);
    };
    match check.boolean() {
        Some(true) => Ok(TypeCheck::Fetch),
        Some(false) => Ok(TypeCheck::Skip),
        None if check.is_object() => Ok(TypeCheck::Held(checked::read_source_type(
            "checkType",
            check.json_object("checkType")?.as_str(),
        )?)),
        None => Err(ClientError::invalid_input(
            "checkType",
            format!(
                "expected true, false or a SourceType, got {}",
                check.describe()
            ),
        )),
    }
}

/// A Stitch id: a positive integer, or its digits as a string.
fn key(name: &str, value: Given<'_>) -> Result<u64, ClientError> {
    match (value.string(), value.number()) {
        (Some(text), _) => crate::stitch::key_of_text(name, &text),
        (None, Some(number)) => sources::check_id(name, number),
        (None, None) if value.is_absent() => Err(ClientError::invalid_input(
            name,
            "required: a positive integer (or its digits as a string)",
        )),
        (None, None) => Err(ClientError::invalid_input(
            name,
            format!(
                "expected a positive integer or its digits as a string, got {}",
                value.describe()
            ),
        )),
    }
}

/// One argument before the options.
fn argument(arg: &Arg, value: Given<'_>) -> Result<ArgValue, ClientError> {
    match arg.kind {
        ArgKind::Id { hint } => {
            if let Some(number) = value.number() {
                return sources::check_id(arg.name, number).map(ArgValue::Id);
            }
            if value.is_absent() {
                return Err(ClientError::invalid_input(
                    arg.name,
                    format!("required: {hint}"),
                ));
            }
            // A key a call answered (`{ refresh_key }`) is often passed whole: say which member.
            let which = if hint == "a positive integer" {
                String::new()
            } else {
                format!(" ({hint})")
            };
            let mut problem = format!(
                "expected a positive integer{which}, got {}",
                value.describe()
            );
            crate::json_input::hint_number(&mut problem, arg.name, value.string().as_deref());
            Err(ClientError::invalid_input(arg.name, problem))
        }
        ArgKind::Stamp { .. } => Ok(ArgValue::Absent),
        ArgKind::Key => key(arg.name, value).map(ArgValue::Id),
        ArgKind::Name { hint } | ArgKind::Text { hint } => {
            value.string().map(ArgValue::Name).ok_or_else(|| {
                let problem = if value.is_absent() {
                    format!("required: a string, {hint}")
                } else {
                    format!("expected a string, {hint}; got {}", value.describe())
                };
                ClientError::invalid_input(arg.name, problem)
            })
        }
        ArgKind::Input(input) => input_values(input, value).map(ArgValue::Input),
        ArgKind::Json(_) | ArgKind::Locator => {
            if value.is_absent() {
                return Err(ClientError::invalid_input(arg.name, "required: an object"));
            }
            value.json_object(arg.name).map(ArgValue::Json)
        }
    }
}

/// An object input, member by member, as its description lists them.
fn input_values(input: &Input, value: Given<'_>) -> Result<Vec<Option<InValue>>, ClientError> {
    let names: Vec<&str> = input.fields.iter().map(|field| field.name).collect();
    let bag = Members::required(value, "input", &names, false)?;
    let mut values = Vec::with_capacity(input.fields.len());
    for field in input.fields {
        let key = field.name;
        // An optional member sent as `null` would be left out, so `{ label: null }` would
        // not clear the label it seems to: refused, saying what it takes.
        if field.required.is_none() && field.kind != InKind::CreateOnly && bag.is_null(key) {
            let takes = match field.kind {
                InKind::Object => "an object",
                InKind::Bool => "a boolean",
                InKind::Count => "an integer",
                _ => "a string",
            };
            return Err(ClientError::invalid_input(
                key,
                format!("expected {takes}, got null; leave the member out to keep its value"),
            ));
        }
        values.push(match field.kind {
            InKind::Str | InKind::Name | InKind::OneOf(_) => bag.string(key)?.map(InValue::Str),
            InKind::Object => bag.json_object(key)?.map(InValue::Object),
            InKind::Bool => bag.bool(key)?.map(InValue::Bool),
            InKind::Count => bag
                .integer32(key)?
                .map(|number| InValue::Int(u64::from(number))),
            InKind::CreateOnly => bag.given(key).then_some(InValue::Given),
        });
    }
    Ok(values)
}
