//! The upstreams of proxy mode (`--upstream` for Census, `--stitch-upstream` for Stitch Connect):
//! a checked base URL and the token the server holds for it. The forwarding itself is in
//! [`crate::proxy`]; both APIs go through the same checks and the same forwarding, and differ
//! only in what [`Api`] names.
//!
//! The token is kept in a [`HeldToken`], whose `Debug` never shows it, so no `{:?}` of a
//! [`crate::Config`], no panic message and no log line can carry it by accident.

use std::fmt;
use std::net::IpAddr;

use axum::http::HeaderValue;
use axum::http::uri::{Scheme, Uri};

/// The environment variable the upstream token is read from. There is deliberately no flag:
/// a flag's value shows in `ps` output and in shell history.
pub const UPSTREAM_TOKEN_ENV: &str = "CENSUS_LOCAL_UPSTREAM_TOKEN";
/// Where the upstream's personal access token comes from, for the organisation APIs.
pub const UPSTREAM_PAT_ENV: &str = "CENSUS_LOCAL_UPSTREAM_PAT_TOKEN";

/// The environment variable the Stitch upstream's access token is read from; no flag either.
pub const STITCH_UPSTREAM_TOKEN_ENV: &str = "CENSUS_LOCAL_STITCH_UPSTREAM_TOKEN";

/// Which API an upstream serves: what census-local calls it in messages, where it is mounted,
/// the flag that sets it and the variable its token comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// The Census API, mounted at `/api/v1`.
    Census,
    /// Stitch Connect, mounted at `/stitch`.
    Stitch,
}

impl Api {
    /// The API's name in messages: "the upstream Census at ...".
    pub fn name(self) -> &'static str {
        match self {
            Self::Census => "Census",
            Self::Stitch => "Stitch",
        }
    }

    /// Where census-local serves it; the prefix is removed before forwarding.
    pub fn prefix(self) -> &'static str {
        match self {
            Self::Census => "/api/v1",
            Self::Stitch => "/stitch",
        }
    }

    /// The flag that sets the upstream URL.
    pub fn flag(self) -> &'static str {
        match self {
            Self::Census => "--upstream",
            Self::Stitch => "--stitch-upstream",
        }
    }

    /// The environment variable the held token comes from.
    pub fn token_env(self) -> &'static str {
        match self {
            Self::Census => UPSTREAM_TOKEN_ENV,
            Self::Stitch => STITCH_UPSTREAM_TOKEN_ENV,
        }
    }

    /// What the held token is, for messages.
    fn token_kind(self) -> &'static str {
        match self {
            Self::Census => "the upstream workspace token",
            Self::Stitch => "the Stitch Connect access token",
        }
    }

    /// An example of a URL, for messages.
    fn example(self) -> &'static str {
        match self {
            Self::Census => "https://app.getcensus.com/api/v1",
            Self::Stitch => "https://api.stitchdata.com",
        }
    }

    /// What is appended to the URL, for messages.
    fn paths(self) -> &'static str {
        match self {
            Self::Census => "/api/v1 paths are",
            Self::Stitch => "the paths below /stitch (/v4/sources, ...) are",
        }
    }
}

/// The real API census-local forwards to, and the token it adds.
#[derive(Clone, PartialEq, Eq)]
pub struct Upstream {
    /// Census or Stitch: names, prefix and error shapes.
    api: Api,
    /// `scheme://authority/path` with no trailing slash, e.g. `https://app.getcensus.com/api/v1`.
    base: String,
    token: HeldToken,
    /// The personal access token forwarded to the organisation APIs, when one is held.
    personal: Option<HeldToken>,
}

/// A bearer token held by the server. It is only ever written into the `Authorization` header
/// of a forwarded request; `Debug` prints a placeholder.
#[derive(Clone, PartialEq, Eq)]
struct HeldToken(String);

impl fmt::Debug for HeldToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HeldToken(<redacted>)")
    }
}

impl fmt::Debug for Upstream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upstream")
            .field("api", &self.api)
            .field("base", &self.base)
            .field("token", &self.token)
            .field("personal", &self.personal)
            .finish()
    }
}

impl Upstream {
    /// A Census upstream: checks `url` and `token` (the value of [`UPSTREAM_TOKEN_ENV`], if set)
    /// as [`Upstream::checked`] does.
    pub fn new(url: &str, token: Option<&str>) -> Result<Self, String> {
        Self::checked(Api::Census, url, token)
    }

    /// A Stitch Connect upstream (such as `https://api.stitchdata.com`): checks `url` and
    /// `token` (the value of [`STITCH_UPSTREAM_TOKEN_ENV`], if set) as [`Upstream::checked`]
    /// does.
    pub fn stitch(url: &str, token: Option<&str>) -> Result<Self, String> {
        Self::checked(Api::Stitch, url, token)
    }

    /// Checks `url` and `token` for `api`.
    ///
    /// The URL must be `https://`, or plain `http://` to a loopback host (for tests against a
    /// second local server); it may not carry credentials, a query or a fragment. The token must
    /// be present, non-empty and usable in an HTTP header. No error message repeats the token.
    pub fn checked(api: Api, url: &str, token: Option<&str>) -> Result<Self, String> {
        let url = url.trim();
        let not_absolute = || format!("`{url}` is not an absolute URL such as {}", api.example());
        let uri: Uri = url.parse().map_err(|_| not_absolute())?;
        let (Some(scheme), Some(authority)) = (uri.scheme(), uri.authority()) else {
            return Err(not_absolute());
        };
        let token_env = api.token_env();
        // Credentials in the URL would sit in `ps` output just like a token flag.
        if authority.as_str().contains('@') {
            return Err(format!(
                "the upstream URL must not carry credentials (user:password@); the token is read \
                 from {token_env}"
            ));
        }
        if uri.query().is_some() || url.contains('#') {
            return Err(format!(
                "`{url}` must not have a query or fragment: it is the base that {} appended to",
                api.paths()
            ));
        }
        let host = authority.host();
        if *scheme == Scheme::HTTP {
            if !is_loopback_host(host) {
                return Err(format!(
                    "`{url}` is plain http: the held token would cross the network unencrypted. \
                     Use https://, or http:// only to localhost, 127.0.0.0/8 or [::1] (for tests)"
                ));
            }
        } else if *scheme != Scheme::HTTPS {
            return Err(format!("`{url}` is not an https:// URL"));
        }
        let token = token.map(str::trim).unwrap_or_default();
        if token.is_empty() {
            return Err(format!(
                "{} needs {} in the environment variable {token_env} (it is never taken \
                 from a flag, so it stays out of `ps` output and shell history)",
                api.flag(),
                api.token_kind()
            ));
        }
        if HeaderValue::from_str(&format!("Bearer {token}")).is_err() {
            return Err(format!(
                "{token_env} holds characters an HTTP header cannot carry"
            ));
        }
        let path = uri.path().trim_end_matches('/');
        Ok(Self {
            api,
            base: format!("{scheme}://{authority}{path}"),
            token: HeldToken(token.to_owned()),
            personal: None,
        })
    }

    /// The same, holding `token` (the value of [`UPSTREAM_PAT_ENV`], if set) for the
    /// organisation APIs; the workspace token is never forwarded to them, nor this one
    /// elsewhere. No error message repeats the token.
    pub fn with_personal(mut self, token: Option<&str>) -> Result<Self, String> {
        let Some(token) = token else {
            return Ok(self);
        };
        if token.trim().is_empty() {
            return Err(format!("{UPSTREAM_PAT_ENV} is set but empty"));
        }
        if token == self.token.0 {
            return Err(format!(
                "{UPSTREAM_PAT_ENV} must differ from {UPSTREAM_TOKEN_ENV}: one is a personal \
                 access token, the other a workspace's"
            ));
        }
        if HeaderValue::from_str(&format!("Bearer {token}")).is_err() {
            return Err(format!(
                "{UPSTREAM_PAT_ENV} holds characters an HTTP header cannot carry"
            ));
        }
        self.personal = Some(HeldToken(token.to_owned()));
        Ok(self)
    }

    /// `Bearer <personal access token>` for the organisation APIs, if one is held.
    pub(crate) fn personal_authorization(&self) -> Option<HeaderValue> {
        let token = self.personal.as_ref()?;
        let mut value = HeaderValue::from_str(&format!("Bearer {}", token.0)).ok()?;
        value.set_sensitive(true);
        Some(value)
    }

    /// Which API this upstream serves.
    pub fn api(&self) -> Api {
        self.api
    }

    /// The base URL, without a trailing slash; safe to show, it holds no secret.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// `Bearer <token>`, marked sensitive so hyper never prints or indexes it.
    pub(crate) fn authorization(&self) -> HeaderValue {
        let mut value = HeaderValue::from_str(&format!("Bearer {}", self.token.0))
            // `new` refused any token that would not fit; this cannot be reached.
            .unwrap_or_else(|_| HeaderValue::from_static("Bearer"));
        value.set_sensitive(true);
        value
    }

    /// The held tokens as a text could quote them: as written, JSON-escaped and URL-encoded,
    /// longest first (one may begin with another).
    fn forms(&self) -> Vec<String> {
        let mut forms = Vec::new();
        for token in std::iter::once(&self.token).chain(&self.personal) {
            let json = serde_json::to_string(&token.0).unwrap_or_default();
            let escaped = json
                .get(1..json.len().saturating_sub(1))
                .unwrap_or_default();
            forms.extend([
                token.0.clone(),
                escaped.to_owned(),
                crate::percent::percent_encode(&token.0),
            ]);
        }
        forms.retain(|form| !form.is_empty());
        forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
        forms.dedup();
        forms
    }

    /// `text` with every occurrence of a held token replaced: the last guard on any message
    /// built from an error that some library might have filled with request details.
    pub(crate) fn redact(&self, text: &str) -> String {
        self.forms().iter().fold(text.to_owned(), |text, form| {
            text.replace(form, "<redacted>")
        })
    }

    /// An upstream answer's body or header value with every held token replaced, or `None`
    /// when it quotes none: an upstream that echoes the `Authorization` it got (an error
    /// page, a debugging endpoint) must not hand the held token to the browser.
    pub(crate) fn redact_bytes(&self, bytes: &[u8]) -> Option<Vec<u8>> {
        let mut out: Option<Vec<u8>> = None;
        for form in self.forms() {
            let form = form.as_bytes();
            let current = out.as_deref().unwrap_or(bytes);
            if current.windows(form.len()).any(|window| window == form) {
                out = Some(replace_bytes(current, form, b"<redacted>"));
            }
        }
        out
    }
}

/// `bytes` with every occurrence of `from` replaced by `to`.
fn replace_bytes(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes.get(at..at + from.len()) == Some(from) {
            out.extend_from_slice(to);
            at += from.len();
        } else {
            out.extend(bytes.get(at));
            at += 1;
        }
    }
    out
}

/// Whether `host` (a name or an IP address, IPv6 bracketed or not) names this machine:
/// `localhost`, 127.0.0.0/8 or `::1`. Subdomains of `localhost` are not counted: some resolvers
/// send them to DNS, which could answer with any address.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim().trim_end_matches('.');
    let bare = host
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(host);
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return ip.is_loopback();
    }
    bare.eq_ignore_ascii_case("localhost")
}

/// The host name of a `Host` header value (`name`, `name:port`, `[v6]`, `[v6]:port`).
pub fn host_name(authority: &str) -> &str {
    let authority = authority.trim();
    if authority.starts_with('[') {
        return authority
            .find(']')
            .map_or(authority, |end| &authority[..=end]);
    }
    match authority.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => authority,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "s3cr3t-upstream-token";

    #[test]
    fn https_urls_are_normalized() {
        let up = Upstream::new(" https://app.getcensus.com/api/v1/ ", Some(SECRET)).expect("ok");
        assert_eq!(up.base(), "https://app.getcensus.com/api/v1");
        let eu = Upstream::new("https://app-eu.getcensus.com/api/v1", Some(SECRET)).expect("ok");
        assert_eq!(eu.base(), "https://app-eu.getcensus.com/api/v1");
        let root = Upstream::new("https://census.example:8443", Some(SECRET)).expect("ok");
        assert_eq!(root.base(), "https://census.example:8443");
    }

    #[test]
    fn plain_http_only_to_loopback() {
        for ok in [
            "http://127.0.0.1:9000/api/v1",
            "http://127.8.9.10/api/v1",
            "http://localhost:1/api/v1",
            "http://[::1]:8080/api/v1",
        ] {
            assert!(Upstream::new(ok, Some(SECRET)).is_ok(), "{ok}");
        }
        for bad in [
            "http://app.getcensus.com/api/v1",
            "http://10.0.0.1/api/v1",
            "http://localhost.evil.test/api/v1",
        ] {
            let error = Upstream::new(bad, Some(SECRET)).expect_err(bad);
            assert!(error.contains("plain http"), "{error}");
        }
    }

    #[test]
    fn malformed_urls_and_tokens_are_refused_without_echoing_the_token() {
        for bad in [
            "",
            "app.getcensus.com/api/v1",
            "/api/v1",
            "ftp://app.getcensus.com/api/v1",
            "https://user:pw@app.getcensus.com/api/v1",
            "https://app.getcensus.com/api/v1?x=1",
            "https://app.getcensus.com/api/v1#top",
        ] {
            let error = Upstream::new(bad, Some(SECRET)).expect_err(bad);
            assert!(!error.contains(SECRET), "{error}");
        }
        for token in [None, Some(""), Some("   ")] {
            let error = Upstream::new("https://app.getcensus.com/api/v1", token).expect_err("no");
            assert!(error.contains(UPSTREAM_TOKEN_ENV), "{error}");
        }
        let error = Upstream::new("https://a.test", Some("abc\ndef")).expect_err("newline");
        assert!(!error.contains("abc"), "{error}");
    }

    #[test]
    fn the_token_never_shows_in_debug() {
        let up = Upstream::new("https://app.getcensus.com/api/v1", Some(SECRET)).expect("ok");
        let debug = format!("{up:?} {up:#?}");
        assert!(!debug.contains(SECRET), "{debug}");
        assert!(debug.contains("app.getcensus.com"));
        assert!(up.authorization().is_sensitive());
        assert_eq!(
            up.authorization().to_str().ok(),
            Some(format!("Bearer {SECRET}").as_str())
        );
        assert_eq!(up.redact(&format!("x {SECRET} y")), "x <redacted> y");
    }

    #[test]
    fn a_stitch_upstream_names_its_own_flag_and_variable_and_hides_its_token() {
        let up = Upstream::stitch(" https://api.stitchdata.com/ ", Some(SECRET)).expect("ok");
        assert_eq!(up.api(), Api::Stitch);
        assert_eq!(up.base(), "https://api.stitchdata.com");
        let local = Upstream::stitch("http://127.0.0.1:9/stitch", Some(SECRET)).expect("ok");
        assert_eq!(local.base(), "http://127.0.0.1:9/stitch");
        let debug = format!("{up:?}");
        assert!(
            !debug.contains(SECRET) && debug.contains("Stitch"),
            "{debug}"
        );
        assert_eq!(up.redact(&format!("a{SECRET}b")), "a<redacted>b");

        let missing = Upstream::stitch("https://api.stitchdata.com", None).expect_err("no token");
        assert!(
            missing.contains("--stitch-upstream") && missing.contains(STITCH_UPSTREAM_TOKEN_ENV),
            "{missing}"
        );
        assert!(!missing.contains(UPSTREAM_TOKEN_ENV), "{missing}");
        for bad in [
            "http://api.stitchdata.com",
            "https://user:pw@api.stitchdata.com",
            "https://api.stitchdata.com?x=1",
            "api.stitchdata.com",
        ] {
            let error = Upstream::stitch(bad, Some(SECRET)).expect_err(bad);
            assert!(!error.contains(SECRET), "{error}");
        }
        let example = Upstream::stitch("nope", Some(SECRET)).expect_err("not a URL");
        assert!(example.contains("https://api.stitchdata.com"), "{example}");
    }

    #[test]
    fn loopback_hosts_and_host_names() {
        for host in [
            "localhost",
            "LOCALHOST",
            "localhost.",
            "127.0.0.1",
            "[::1]",
            "::1",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "0.0.0.0",
            "192.168.1.2",
            "census.test",
            "app.localhost",
            "::",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
        assert_eq!(host_name("census.test:8787"), "census.test");
        assert_eq!(host_name("census.test"), "census.test");
        assert_eq!(host_name("[::1]:8787"), "[::1]");
        assert_eq!(host_name("[::1]"), "[::1]");
    }
}
