//! Client configuration: where the API is, and the token that authorises calls to it.

use crate::error::{ClientError, ErrorKind};
use crate::json_out::write_string;
use crate::request::{Auth, HttpRequest};

/// The US Census API; EU workspaces use `https://app-eu.getcensus.com/api/v1`.
pub const DEFAULT_BASE_URL: &str = "https://app.getcensus.com/api/v1";

/// The Stitch Connect API.
pub const STITCH_BASE_URL: &str = "https://api.stitchdata.com";

/// A workspace API token. Its `Debug` output is redacted so it cannot leak through logs.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiToken(String);

impl ApiToken {
    /// Checks the token given as `option`; the error names the option and never repeats the
    /// token.
    pub fn new(option: &str, token: &str) -> Result<Self, ClientError> {
        if token.is_empty() {
            return Err(ClientError::invalid_config(
                option,
                "is empty; leave it out to send no Authorization header (proxy mode)",
            ));
        }
        if token
            .get(..7)
            .is_some_and(|head| head.eq_ignore_ascii_case("bearer "))
        {
            return Err(ClientError::invalid_config(
                option,
                "starts with \"Bearer \": give the token alone, the client sends it as a Bearer \
                 token itself",
            ));
        }
        if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ClientError::invalid_config(
                option,
                "contains whitespace or control characters; copy the token again without them",
            ));
        }
        // An Authorization header holds bytes: fetch refuses any character above U+00FF, and
        // API tokens are plain ASCII.
        if !token.is_ascii() {
            return Err(ClientError::invalid_config(
                option,
                "contains characters outside ASCII, which no API token has; copy the token \
                 again",
            ));
        }
        Ok(Self(token.to_owned()))
    }

    fn bearer(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl std::fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiToken(<redacted>)")
    }
}

/// Where requests go and how they are authorised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    base_url: String,
    token: Option<ApiToken>,
    /// The personal access token of the organisation endpoints; never sent to any other.
    personal: Option<ApiToken>,
    /// Whether the runtime is a browser's (a page or a worker of one), whose fetch refuses a
    /// cross-origin answer without CORS headers: only there may a request without answer have
    /// been refused for its origin. Set by [`Self::in_browser`]; true until then.
    browser: bool,
}

impl ClientConfig {
    /// Checks the options: `baseUrl` must be `https:` (or `http:` on localhost) or a same-origin
    /// path such as `/census/api/v1`; no token means no `Authorization` header (proxy mode).
    pub fn new(base_url: Option<&str>, token: Option<&str>) -> Result<Self, ClientError> {
        let base_url = check_base_url(base_url, DEFAULT_BASE_URL, "apiToken")?;
        let token = token
            .map(|token| ApiToken::new("apiToken", token))
            .transpose()?;
        Ok(Self {
            base_url,
            token,
            personal: None,
            browser: true,
        })
    }

    /// A Stitch Connect client's: `baseUrl` checked as for Census (default
    /// `https://api.stitchdata.com`), the `accessToken` sent as a Bearer header to every call.
    pub fn stitch(base_url: Option<&str>, token: Option<&str>) -> Result<Self, ClientError> {
        let base_url = check_base_url(base_url, STITCH_BASE_URL, "accessToken")?;
        let token = token
            .map(|token| ApiToken::new("accessToken", token))
            .transpose()?;
        Ok(Self {
            base_url,
            token,
            personal: None,
            browser: true,
        })
    }

    /// The same, with a personal access token for the organisation endpoints; errors name
    /// `personalAccessToken`.
    pub fn with_personal_token(mut self, token: Option<&str>) -> Result<Self, ClientError> {
        self.personal = token
            .map(|token| ApiToken::new("personalAccessToken", token))
            .transpose()?;
        Ok(self)
    }

    /// The same, in a browser or not, as the JS runtime tells (`src/js/census.js`): outside one
    /// (Node, Deno, Bun) a network error does not suggest CORS.
    #[must_use]
    pub fn in_browser(mut self, browser: bool) -> Self {
        self.browser = browser;
        self
    }

    /// Whether requests are sent by a browser's fetch, which applies CORS.
    pub fn browser(&self) -> bool {
        self.browser
    }

    /// Refuses, before anything is sent, a request whose token the client lacks while it holds
    /// the other one: a workspace token is never sent to the organisation endpoints, nor a
    /// personal access token to a workspace's. A client with neither (behind a proxy that adds
    /// the token) sends both kinds without one.
    pub fn check_auth(&self, auth: Auth) -> Result<(), ClientError> {
        match (auth, &self.token, &self.personal) {
            (Auth::Personal, Some(_), None) => Err(ClientError::invalid_config(
                "personalAccessToken",
                "required for the organisation endpoints (workspaces, users, invitations); \
                 the workspace apiToken is never sent to them",
            )),
            (Auth::Workspace, None, Some(_)) => Err(ClientError::invalid_config(
                "apiToken",
                "required for workspace endpoints; the personalAccessToken is only sent to the \
                 organisation endpoints",
            )),
            _ => Ok(()),
        }
    }

    /// Adds to `err` what only the client knows: an API that refused a client holding no
    /// token was sent none (`apiToken: process.env.X` with X unset), which its words, about
    /// the credentials, do not say.
    pub fn explain(&self, err: &mut ClientError) {
        if err.kind == ErrorKind::Authentication && self.token.is_none() && self.personal.is_none()
        {
            err.message
                .push_str("; this client has no token, so it sent none");
        }
    }

    /// The base URL without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// True when calls carry an `Authorization` header.
    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// The full URL of a request. Never contains credentials, and never leaves the base: the
    /// path is joined with one slash however many it starts with, since after the empty base
    /// of `baseUrl: "/"` a path such as `//host/…` (a status URL an answer named) would be
    /// another host's, and the token would go there.
    pub fn url(&self, request: &HttpRequest) -> String {
        let path = request.path_and_query();
        let slashes = path.bytes().take_while(|&byte| byte == b'/').count();
        format!(
            "{}/{}",
            self.base_url,
            path.get(slashes..).unwrap_or_default()
        )
    }

    /// `text` with every occurrence of the token replaced, for messages that quote foreign text
    /// (a custom fetch's error, a proxy's page) which might echo it: as written, as a quoted
    /// string escapes it, and cut short by a preview's `…`.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        // The longer token first: one may begin with the other, whose pass would leave the
        // longer one's tail showing.
        let tokens = match (&self.token, &self.personal) {
            (Some(token), Some(personal)) if personal.0.len() > token.0.len() => {
                [&self.personal, &self.token]
            }
            _ => [&self.token, &self.personal],
        };
        for token in tokens.into_iter().flatten() {
            out = redact_token(out, &token.0);
        }
        out
    }

    /// Whether `text` holds one of the client's tokens (a short one only as the whole text).
    pub fn holds_token(&self, text: &str) -> bool {
        [&self.token, &self.personal]
            .into_iter()
            .flatten()
            .any(|token| {
                text == token.0
                    || token.0.len() >= SHORT_TOKEN
                        && crate::strings::find(text, &token.0).is_some()
            })
    }

    /// A request as one JSON object for the JS runtime to `fetch`: `{method, url, headers:
    /// [[name, value]…], body?, resend?, timeoutMs, withinMs?}`, the credentials among the headers;
    /// `withinMs` bounds all its attempts together (`arguments::CallSettings::within`).
    pub fn request_json(
        &self,
        request: &HttpRequest,
        timeout_ms: u32,
        within_ms: Option<u32>,
    ) -> String {
        let mut out = String::from("{\"method\":");
        write_string(&mut out, request.method.as_str());
        out.push_str(",\"url\":");
        write_string(&mut out, &self.url(request));
        out.push_str(",\"headers\":[");
        for (index, (name, value)) in self.headers(request).iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            out.push('[');
            write_string(&mut out, name);
            out.push(',');
            write_string(&mut out, value);
            out.push(']');
        }
        out.push(']');
        if let Some(body) = &request.body {
            out.push_str(",\"body\":");
            write_string(&mut out, body);
        }
        // Whether an attempt whose answer broke off after its status came may be sent again:
        // only a request that does the same work however often it is sent.
        if crate::retry::is_idempotent(request.method) {
            out.push_str(",\"resend\":true");
        }
        out.push_str(",\"timeoutMs\":");
        out.push_str(&timeout_ms.to_string());
        if let Some(within_ms) = within_ms {
            out.push_str(",\"withinMs\":");
            out.push_str(&within_ms.to_string());
        }
        out.push('}');
        out
    }

    /// Every header of a request, `Authorization` included when a token is set.
    pub fn headers(&self, request: &HttpRequest) -> Vec<(&'static str, String)> {
        let mut headers: Vec<(&'static str, String)> = request
            .headers
            .iter()
            .map(|(name, value)| (*name, (*value).to_owned()))
            .collect();
        let token = match request.auth {
            Auth::Workspace | Auth::Stitch | Auth::StitchJobs => &self.token,
            Auth::Personal => &self.personal,
        };
        if let Some(token) = token {
            headers.push(("Authorization", token.bearer()));
        }
        headers
    }
}

/// `baseUrl` (else `default`) checked; refusals name the client's own default URL and token
/// option (`apiToken` or Stitch's `accessToken`).
fn check_base_url(
    raw: Option<&str>,
    default: &str,
    token_option: &str,
) -> Result<String, ClientError> {
    let raw = raw.unwrap_or(default);
    let refuse = |problem: &str| Err(ClientError::invalid_config("baseUrl", problem));
    let trimmed = raw.trim_end_matches('/');
    if trimmed.is_empty() && raw.is_empty() {
        return refuse(&format!("is empty; leave it out to use {default}"));
    }
    if trimmed.contains(['?', '#']) {
        return refuse("must not contain a query string or fragment");
    }
    if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return refuse("must not contain whitespace");
    }
    if raw.starts_with('/') && !raw.starts_with("//") {
        // A same-origin path, e.g. a proxy at /census/api/v1 that adds the token server-side.
        return Ok(trimmed.to_owned());
    }
    let Some((scheme, rest)) = crate::strings::split_once(trimmed, "://") else {
        return refuse(&format!(
            "must be an absolute https:// URL (e.g. {default}) or a path starting with /"
        ));
    };
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return refuse(&format!(
            "must not contain user info (name:password@); pass the token as {token_option}"
        ));
    }
    let host = host_of(authority);
    if host.is_empty() {
        return refuse("has no host name");
    }
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(trimmed.to_owned()),
        "http" if is_loopback(host) => Ok(trimmed.to_owned()),
        "http" => refuse(
            "http: is only allowed for this machine (localhost, *.localhost, 127.0.0.1, [::1]); use https: so the token is not sent in clear text",
        ),
        _ => refuse("must use https: (or http: for localhost)"),
    }
}

fn host_of(authority: &str) -> &str {
    if let Some(rest) = authority.strip_prefix('[') {
        // IPv6 literal, e.g. [::1]:8787
        return rest.split(']').next().unwrap_or_default();
    }
    authority.split(':').next().unwrap_or_default()
}

fn is_loopback(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host == "localhost" || host.ends_with(".localhost") || host == "127.0.0.1" || host == "::1"
}

/// Tokens shorter than this are redacted only where they stand alone (see `redact`).
const SHORT_TOKEN: usize = 8;

/// Whether `byte` can be part of a word (or of a token) around a short token.
fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-')
}

/// `text` with every `token` replaced; with `alone`, only where no word byte touches it.
fn replace_token(text: &str, token: &str, alone: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, after)) = crate::strings::split_once(rest, token) {
        // The byte before it: `out` ends with the text before (never with a replacement, since
        // a token followed by this one was touched, and kept).
        let previous = before.as_bytes().last().or(out.as_bytes().last());
        let touched = alone
            && [previous, after.as_bytes().first()]
                .into_iter()
                .flatten()
                .any(|&byte| is_word_byte(byte));
        out.push_str(before);
        out.push_str(if touched { token } else { "[redacted]" });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `text` with each start of `token` that a preview cut short (it ends right before `…`)
/// replaced: a truncated excerpt must not show part of the token either. Tokens are ASCII
/// (`ApiToken::new`), so their starts are compared byte by byte. With `alone`, only a start
/// that no word byte precedes; without, a start of at least `CUT_START` bytes (a page cut
/// after `</c` is no sign of a token that starts with `c`).
fn redact_cut(text: &str, token: &str, alone: bool) -> String {
    const CUT: &str = "…";
    const CUT_START: usize = 4;
    let token = token.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = crate::strings::find(rest, CUT) {
        let before = rest.get(..at).unwrap_or_default();
        // The longest proper start of the token that `before` ends with.
        let cut = (1..token.len())
            .rev()
            .find(|&len| {
                let bytes = before.as_bytes();
                token.get(..len).is_some_and(|start| bytes.ends_with(start))
                    && (alone || len >= CUT_START)
                    && !(alone
                        && bytes
                            .len()
                            .checked_sub(len + 1)
                            .and_then(|at| bytes.get(at))
                            .is_some_and(|&byte| is_word_byte(byte)))
            })
            .unwrap_or(0);
        out.push_str(before.get(..at - cut).unwrap_or_default());
        if cut > 0 {
            out.push_str("[redacted]");
        }
        out.push_str(CUT);
        rest = rest.get(at + CUT.len()..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// `text` with `token` replaced: as written, as a quoted string escapes it, URL-encoded, cut
/// short by a preview's `…`, and (a long start of it) where an answer broke off.
fn redact_token(mut text: String, token: &str) -> String {
    let quoted = crate::scan::quoted(token);
    let escaped = quoted
        .get(1..quoted.len().saturating_sub(1))
        .unwrap_or(token);
    // As a URL or a form would carry it (a proxy's redirect, a login page's link), with its
    // escapes' hex digits in either case.
    let mut encoded = String::new();
    crate::request::percent_encode_into(&mut encoded, token);
    let lower = lower_escapes(&encoded);
    // A token of a few characters also occurs inside ordinary words ("t" in "maxItems"): it is
    // taken only where it stands alone, so that messages stay readable.
    let alone = token.len() < SHORT_TOKEN;
    let forms = [token, escaped, &encoded, &lower];
    // Every whole form first: a start of one form is also the start of another
    // (`secret-token` of `secret-token%3A…`), which would leave the rest of it behind. A form
    // that is the same as one before finds nothing left to replace.
    for form in forms {
        text = replace_token(&text, form, alone);
    }
    for form in forms {
        text = redact_cut(&text, form, alone);
        if !alone {
            text = redact_start(&text, form);
        }
    }
    text
}

/// `encoded` with the hex digits of its `%XX` escapes in lower case.
fn lower_escapes(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut escape = 0;
    for c in encoded.chars() {
        if c == '%' {
            escape = 2;
            out.push(c);
        } else if escape > 0 {
            escape -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` with each long start of `token` (half of it, and at least [`SHORT_TOKEN`] bytes)
/// replaced: an answer the server cut short may end inside the token, with no `…` to say so.
/// Tokens and their forms are ASCII, so any byte offset in them is a char boundary.
fn redact_start(text: &str, token: &str) -> String {
    let least = (token.len() / 2).max(SHORT_TOKEN);
    let Some(head) = token.get(..least) else {
        return text.to_owned();
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = crate::strings::find(rest, head) {
        let from = rest.as_bytes().get(at..).unwrap_or_default();
        let len = from
            .iter()
            .zip(token.as_bytes())
            .take_while(|(a, b)| a == b)
            .count();
        out.push_str(rest.get(..at).unwrap_or_default());
        out.push_str("[redacted]");
        rest = rest.get(at + len..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// `message` with each token given among `options` (a client's options as JSON text) replaced:
/// an option error comes before any client exists to redact with, and a token given in
/// another option's place (`timeoutMs: token`) would be quoted.
pub fn redact_given(message: &str, options: &str, keys: &[&str]) -> String {
    let mut out = message.to_owned();
    for key in keys {
        let token = crate::json_input::Json(options)
            .member(key)
            .and_then(|value| value.text())
            .unwrap_or_default();
        if !token.is_empty() {
            out = redact_token(out, &token);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::request::Method;

    fn refused(base_url: &str) -> String {
        let err = ClientConfig::new(Some(base_url), None).expect_err("must refuse");
        assert_eq!(err.kind, ErrorKind::InvalidConfig);
        assert_eq!(err.field.as_deref(), Some("baseUrl"));
        err.message.clone()
    }

    #[test]
    fn defaults_to_the_us_api() {
        let config = ClientConfig::new(None, None).expect("default");
        assert_eq!(config.base_url(), DEFAULT_BASE_URL);
    }

    #[test]
    fn accepts_https_loopback_http_and_same_origin_paths() {
        for (given, kept) in [
            (
                "https://app-eu.getcensus.com/api/v1/",
                "https://app-eu.getcensus.com/api/v1",
            ),
            (
                "http://localhost:8787/api/v1",
                "http://localhost:8787/api/v1",
            ),
            (
                "http://127.0.0.1:8787/api/v1",
                "http://127.0.0.1:8787/api/v1",
            ),
            ("http://[::1]:8787/api/v1", "http://[::1]:8787/api/v1"),
            ("HTTP://LOCALHOST/api/v1", "HTTP://LOCALHOST/api/v1"),
            ("/census/api/v1", "/census/api/v1"),
        ] {
            let config = ClientConfig::new(Some(given), None).expect(given);
            assert_eq!(config.base_url(), kept);
        }
    }

    #[test]
    fn refuses_insecure_or_malformed_urls() {
        assert!(refused("http://app.getcensus.com/api/v1").contains("http: is only allowed"));
        // The refusal names every host that passes, not only two of them.
        assert!(
            refused("http://example.com").contains("(localhost, *.localhost, 127.0.0.1, [::1])")
        );
        assert!(refused("http://127.0.0.2.evil.com/api").contains("http: is only allowed"));
        assert!(refused("http://localhost.evil.com/api").contains("http: is only allowed"));
        assert!(refused("ftp://x/api").contains("https"));
        assert!(refused("app.getcensus.com/api/v1").contains("absolute"));
        assert!(refused("//app.getcensus.com/api/v1").contains("absolute"));
        assert!(refused("https://user:pw@app.getcensus.com").contains("user info"));
        assert!(refused("https://app.getcensus.com/api/v1?token=abc").contains("query"));
        assert!(refused("https:///api").contains("host"));
        assert!(refused("").contains("empty"));
    }

    #[test]
    fn each_token_goes_only_to_its_own_endpoints_and_both_are_redacted() {
        let config = ClientConfig::new(Some("https://x.test/api/v1"), Some("ws-token-1"))
            .and_then(|config| config.with_personal_token(Some("pat-token-2")))
            .expect("ok");
        let workspace = HttpRequest::new(Method::Get, "/sources".into(), "s".into());
        let mut org = HttpRequest::new(Method::Get, "/workspaces".into(), "w".into());
        org.auth = Auth::Personal;
        let bearer = |request: &HttpRequest| {
            config
                .headers(request)
                .into_iter()
                .find(|(name, _)| *name == "Authorization")
                .map(|(_, value)| value)
        };
        assert_eq!(bearer(&workspace).as_deref(), Some("Bearer ws-token-1"));
        assert_eq!(bearer(&org).as_deref(), Some("Bearer pat-token-2"));
        assert_eq!(
            config.redact("a ws-token-1 b pat-token-2"),
            "a [redacted] b [redacted]"
        );
        // One token the start of the other: neither shows, in either slot.
        for (workspace, personal) in [("tok_A", "tok_A_PAT_SUFFIX"), ("tok_A_PAT_SUFFIX", "tok_A")]
        {
            let config = ClientConfig::new(Some("https://x.test/api/v1"), Some(workspace))
                .and_then(|config| config.with_personal_token(Some(personal)))
                .expect("ok");
            let redacted = config.redact("sent tok_A_PAT_SUFFIX and tok_A");
            assert_eq!(redacted, "sent [redacted] and [redacted]", "{workspace}");
        }
        let only_workspace =
            ClientConfig::new(Some("https://x.test/api/v1"), Some("ws-token-1")).expect("ok");
        let err = only_workspace
            .check_auth(Auth::Personal)
            .expect_err("no PAT");
        assert_eq!(err.field.as_deref(), Some("personalAccessToken"));
        assert!(!err.message.contains("ws-token-1"));
        assert!(only_workspace.check_auth(Auth::Workspace).is_ok());
        let only_personal = ClientConfig::new(Some("https://x.test/api/v1"), None)
            .and_then(|config| config.with_personal_token(Some("pat-token-2")))
            .expect("ok");
        assert_eq!(
            only_personal
                .check_auth(Auth::Workspace)
                .expect_err("no workspace token")
                .field
                .as_deref(),
            Some("apiToken")
        );
        let proxied = ClientConfig::new(Some("/census/api/v1"), None).expect("ok");
        assert!(
            proxied.check_auth(Auth::Personal).is_ok()
                && proxied.check_auth(Auth::Workspace).is_ok()
        );
        let err = ClientConfig::new(None, None)
            .and_then(|config| config.with_personal_token(Some("")))
            .expect_err("empty");
        assert_eq!(err.field.as_deref(), Some("personalAccessToken"));
    }

    #[test]
    fn the_token_goes_only_into_the_authorization_header() {
        let token = "secret-token-XYZ";
        let config = ClientConfig::new(Some("https://x.test/api/v1"), Some(token)).expect("ok");
        let request = HttpRequest::new(Method::Get, "/sources".into(), "s".into())
            .with_query("page", Some("2".into()));
        assert_eq!(config.url(&request), "https://x.test/api/v1/sources?page=2");
        assert!(!config.url(&request).contains(token));
        let headers = config.headers(&request);
        assert!(headers.contains(&("Authorization", format!("Bearer {token}"))));
        assert!(!format!("{config:?}").contains(token));
    }

    #[test]
    fn redact_removes_the_token_escaped_or_cut_short() {
        let config = ClientConfig::new(None, Some("tok\"SECRET\\987654321")).expect("ok");
        // As a quoted string shows it.
        assert_eq!(
            config.redact(r#"got "tok\"SECRET\\987654321" here"#),
            r#"got "[redacted]" here"#
        );
        // Cut short by a preview, raw or escaped; any start of it, down to four characters
        // (fewer are no sign of it).
        assert_eq!(config.redact("<html>xxtok\"SECRE…"), "<html>xx[redacted]…");
        assert_eq!(config.redact(r#""<p>tok\"SEC…""#), r#""<p>[redacted]…""#);
        assert_eq!(config.redact("a tok\"…"), "a [redacted]…");
        assert_eq!(config.redact("a to…"), "a to…");
        // Text that is no start of the token is kept, and so is a whole preview.
        assert_eq!(config.redact("tok SECRET… x…"), "tok SECRET… x…");
        assert_eq!(config.redact("no cut"), "no cut");
        // A token with nothing to escape is replaced once: the replacement is not searched again.
        let short = ClientConfig::new(None, Some("t")).expect("ok");
        assert_eq!(short.redact("a t b"), "a [redacted] b");
        assert!(!short.redact("maxItems: expected").contains("[redac["));
        // A short token is taken only where it stands alone: inside words it is just letters.
        assert_eq!(
            short.redact("maxItems: expected t, got \"t\" (t…"),
            "maxItems: expected [redacted], got \"[redacted]\" ([redacted]…"
        );
        assert_eq!(short.redact("a test…"), "a test…");
        let word = ClientConfig::new(None, Some("abc12")).expect("ok");
        assert_eq!(
            word.redact("abc12 xabc12 abc12y abc12abc12 (abc12) ab…"),
            "[redacted] xabc12 abc12y abc12abc12 ([redacted]) [redacted]…"
        );
        // A long token is taken wherever it is, inside a word too.
        let long = ClientConfig::new(None, Some("secret-token:abc")).expect("ok");
        // A few letters before a cut are no sign of the token: an HTML page cut after `</s`.
        assert_eq!(
            long.redact("<hr><center>nginx</s… and secr…"),
            "<hr><center>nginx</s… and [redacted]…"
        );
        assert_eq!(
            long.redact("Bearersecret-token:abcX and secret-to…"),
            "Bearer[redacted]X and [redacted]…"
        );
    }

    #[test]
    fn redact_removes_the_token_from_foreign_text() {
        let config = ClientConfig::new(None, Some("tok-123")).expect("ok");
        assert_eq!(
            config.redact("bad header: Bearer tok-123!"),
            "bad header: Bearer [redacted]!"
        );
        let no_token = ClientConfig::new(None, None).expect("ok");
        assert_eq!(no_token.redact("as is"), "as is");
    }

    #[test]
    fn no_token_means_no_authorization_header() {
        let config = ClientConfig::new(Some("/api/v1"), None).expect("ok");
        let request = HttpRequest::new(Method::Get, "/sources".into(), "s".into());
        assert!(
            config
                .headers(&request)
                .iter()
                .all(|(name, _)| *name != "Authorization")
        );
        assert!(!config.has_token());
    }

    #[test]
    fn bad_tokens_are_refused_without_repeating_them() {
        for token in ["", "abc def", "abc\ndef", "tok中", "café"] {
            let err = ClientConfig::new(None, Some(token)).expect_err("refused");
            assert_eq!(err.field.as_deref(), Some("apiToken"));
            if !token.is_empty() {
                assert!(!err.message.contains(token));
            }
        }
        // Each token option names itself (fetch would have blamed baseUrl at the first call).
        let err = ClientConfig::stitch(None, Some("tok中")).expect_err("refused");
        assert_eq!(err.field.as_deref(), Some("accessToken"));
        let err = ClientConfig::new(None, None)
            .and_then(|config| config.with_personal_token(Some("pat中")))
            .expect_err("refused");
        assert_eq!(err.field.as_deref(), Some("personalAccessToken"));
    }

    #[test]
    fn a_request_crosses_as_one_json_object_the_runtime_can_send() {
        let config = ClientConfig::new(Some("https://h.test/api/v1/"), Some("secret-token:x"))
            .expect("config");
        let request = HttpRequest::new(Method::Post, "/sources".into(), "s".into())
            .with_query("q", Some("a b".into()))
            .with_json_body(r#"{"connection":{"name":"a\"b"}}"#.into());
        let json = config.request_json(&request, 30_000, None);
        let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        assert_eq!(value["method"], "POST");
        assert_eq!(value["url"], "https://h.test/api/v1/sources?q=a%20b");
        assert_eq!(value["body"], r#"{"connection":{"name":"a\"b"}}"#);
        assert_eq!(value["timeoutMs"], 30_000);
        assert!(value.get("withinMs").is_none());
        let headers: Vec<(String, String)> =
            serde_json::from_value(value["headers"].clone()).expect("pairs");
        assert!(headers.contains(&("Authorization".into(), "Bearer secret-token:x".into())));
        assert!(headers.contains(&("Content-Type".into(), "application/json".into())));
        let get = HttpRequest::new(Method::Get, "/sources".into(), "s".into());
        let value: serde_json::Value =
            serde_json::from_str(&config.request_json(&get, 0, Some(700))).expect("JSON");
        assert!(value.get("body").is_none());
        assert_eq!(value["withinMs"], 700);
    }
}
