//! Command-line and environment configuration, parsed by hand to keep the binary lean.

use std::path::PathBuf;
use std::time::Duration;

use crate::upstream::{
    Api, STITCH_UPSTREAM_TOKEN_ENV, UPSTREAM_PAT_ENV, UPSTREAM_TOKEN_ENV, Upstream,
    is_loopback_host,
};

/// The token the server holds and expects when none is configured.
pub const DEFAULT_TOKEN: &str = "census-local-dev-token";

/// The personal access token (the organisation APIs') the server expects when none is configured.
pub const DEFAULT_PAT_TOKEN: &str = "census-local-dev-pat";

/// The Stitch Connect access token the server expects when none is configured.
pub const DEFAULT_STITCH_TOKEN: &str = "census-local-dev-stitch";

/// How long a started Stitch replication job runs by default (discovery, tap, target).
pub const DEFAULT_STITCH_JOB: Duration = Duration::from_millis(3000);

/// How many Stitch sources are seeded by default.
pub const DEFAULT_STITCH_SOURCES: usize = 7;

/// Largest `--stitch-sources` accepted.
pub const MAX_STITCH_SOURCES: usize = 10_000;

/// Largest `--seed` accepted: enough for any pagination scenario, small enough to start instantly.
pub const MAX_SEED: usize = 100_000;

/// How the local Census is run. Every field has a flag and an environment variable;
/// flags win over the environment, which wins over the defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Interface to listen on (`--host`, `CENSUS_LOCAL_HOST`).
    pub host: String,
    /// Port to listen on; 0 picks a free one (`--port`, `CENSUS_LOCAL_PORT`).
    pub port: u16,
    /// Number of sources seeded at start (`--seed`, `CENSUS_LOCAL_SEED`).
    pub seed: usize,
    /// The workspace API token (`--token`, `CENSUS_LOCAL_TOKEN`).
    pub token: String,
    /// The personal access token of the organisation APIs (`/workspaces`, `/users`,
    /// `/invitations`) (`--pat-token`, `CENSUS_LOCAL_PAT_TOKEN`). Each token is refused by the
    /// other's routes.
    pub pat_token: String,
    /// Seed an HTTP-request source (with topics) after the `--seed` sources (`--http-source`,
    /// `CENSUS_LOCAL_HTTP_SOURCE=1`). Off by default, so `--seed N` still means N sources.
    pub http_source: bool,
    /// Delay added before every `/api/v1` and `/stitch` answer (`--latency-ms`,
    /// `CENSUS_LOCAL_LATENCY_MS`).
    pub latency: Duration,
    /// How long a refresh job (tables, destination objects) stays `processing` (`--refresh-ms`,
    /// `CENSUS_LOCAL_REFRESH_MS`).
    pub refresh: Duration,
    /// How long a triggered sync run takes from `queued` to its final state (`--run-ms`,
    /// `CENSUS_LOCAL_RUN_MS`); it is `queued` for the first 15% of it.
    pub run: Duration,
    /// Directory served at `/` (`--www`, `CENSUS_LOCAL_WWW`).
    pub www: PathBuf,
    /// Directory served at `/pkg/` (`--pkg`, `CENSUS_LOCAL_PKG`).
    pub pkg: PathBuf,
    /// Refuse tokenless same-origin requests instead of acting as the token-adding proxy
    /// (`--strict-auth`, `CENSUS_LOCAL_STRICT_AUTH=1`).
    pub strict_auth: bool,
    /// Serve the unauthenticated test-control endpoints under `/__control/` (fault rules,
    /// the attempt log, reset). On by default; `--no-control` (`CENSUS_LOCAL_NO_CONTROL=1`)
    /// turns them off, and then those paths answer 404.
    pub control: bool,
    /// A token every `/__control/` request must present in the `x-census-local-control-token`
    /// header (`--control-token`, `CENSUS_LOCAL_CONTROL_TOKEN`). `None`, the default, lets in
    /// callers that are not browser pages (curl, Node, test runners) and pages on a loopback
    /// origin (or `--host`), and refuses other sites' pages (see `control.rs`).
    pub control_token: Option<String>,
    /// The body of every `/api/v1` 404 (`--not-found-shape`, `CENSUS_LOCAL_NOT_FOUND_SHAPE`);
    /// the request header `x-census-local-not-found-shape` overrides it for one request.
    pub not_found_shape: NotFoundShape,
    /// The Stitch Connect access token of the `/stitch` routes (`--stitch-token`,
    /// `CENSUS_LOCAL_STITCH_TOKEN`); it must differ from `token` and `pat_token`, so each
    /// API refuses the other's tokens.
    pub stitch_token: String,
    /// How long a Stitch replication job started by `POST /stitch/v4/sources/{id}/sync` runs
    /// (`--stitch-job-ms`, `CENSUS_LOCAL_STITCH_JOB_MS`): a third each in discovery, tap, target.
    pub stitch_job: Duration,
    /// Number of Stitch sources seeded (`--stitch-sources`, `CENSUS_LOCAL_STITCH_SOURCES`).
    pub stitch_sources: usize,
    /// Forward `/api/v1` to this Census with the token the server holds, instead of answering
    /// from the local store (`--upstream URL`, `CENSUS_LOCAL_UPSTREAM`; the token only from
    /// `CENSUS_LOCAL_UPSTREAM_TOKEN`). `None`, the default, is the local Census.
    pub upstream: Option<Upstream>,
    /// How long an upstream (Census or Stitch) has to answer a forwarded request in full, body
    /// included, before the caller gets a 504 (`--upstream-timeout-ms`,
    /// `CENSUS_LOCAL_UPSTREAM_TIMEOUT_MS`).
    pub upstream_timeout: Duration,
    /// Forward `/stitch` to this Stitch Connect with the access token the server holds, instead
    /// of the local Stitch (`--stitch-upstream URL`, `CENSUS_LOCAL_STITCH_UPSTREAM`; the token
    /// only from `CENSUS_LOCAL_STITCH_UPSTREAM_TOKEN`). Independent of `upstream`.
    pub stitch_upstream: Option<Upstream>,
    /// How long a connection has to send a request's line and headers, counted from when it
    /// opens, and then its body, counted from its head; then it is closed
    /// (`--header-timeout-ms`, `CENSUS_LOCAL_HEADER_TIMEOUT_MS`). Without it a client that
    /// sends its request a byte at a time, or stops, held a connection and a task for ever.
    pub header_timeout: Duration,
}

/// How long a forwarded request may take by default: longer than any Census list page needs,
/// short enough that a hung upstream does not hold a browser request for minutes.
pub const DEFAULT_UPSTREAM_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a request's head may take by default: far longer than any client needs to send
/// one, short enough that slow or silent connections do not pile up.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a triggered sync run takes by default: long enough to watch it queue and work in the
/// demo, short enough that a poll loop finishes in seconds.
pub const DEFAULT_RUN: Duration = Duration::from_millis(4000);

/// Which of the two documented not-found bodies a 404 carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NotFoundShape {
    /// Each route's own: `{"status": 404, ...}` for `DELETE /sources/{id}` (document 000),
    /// `{"status": "not_found", ...}` everywhere else.
    #[default]
    Route,
    /// `{"status": "not_found", "message": ...}` everywhere.
    Word,
    /// `{"status": 404, "message": ...}` everywhere.
    Code,
}

impl NotFoundShape {
    /// Reads `route`, `word` (or `not_found`) and `code` (or `404`), in any case.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "route" => Ok(Self::Route),
            "word" | "not_found" => Ok(Self::Word),
            "code" | "404" => Ok(Self::Code),
            _ => Err(format!("`{text}` is not route, word or code")),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 8787,
            seed: 36,
            token: DEFAULT_TOKEN.into(),
            pat_token: DEFAULT_PAT_TOKEN.into(),
            http_source: false,
            latency: Duration::ZERO,
            refresh: Duration::from_millis(1500),
            run: DEFAULT_RUN,
            www: PathBuf::from("www"),
            pkg: PathBuf::from("pkg"),
            strict_auth: false,
            control: true,
            control_token: None,
            not_found_shape: NotFoundShape::Route,
            upstream: None,
            upstream_timeout: DEFAULT_UPSTREAM_TIMEOUT,
            stitch_upstream: None,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            stitch_token: DEFAULT_STITCH_TOKEN.into(),
            stitch_job: DEFAULT_STITCH_JOB,
            stitch_sources: DEFAULT_STITCH_SOURCES,
        }
    }
}

impl Config {
    /// Checks what no single option can: an upstream is only offered to other machines behind
    /// `--strict-auth` and a token of the operator's own, since otherwise anyone who can reach
    /// the port (tokenless, or with the published default token) would act with the held token.
    pub fn validate(&self) -> Result<(), String> {
        if self.token == self.pat_token {
            return Err(
                "--token and --pat-token must differ: each route takes one kind of token and \
                 refuses the other"
                    .into(),
            );
        }
        if self.stitch_token == self.token || self.stitch_token == self.pat_token {
            return Err(
                "--stitch-token must differ from --token and --pat-token: the Stitch routes \
                 refuse the Census tokens and the Census routes refuse the Stitch token"
                    .into(),
            );
        }
        if self.upstream.is_some()
            && !is_loopback_host(&self.host)
            && !(self.strict_auth && self.token != DEFAULT_TOKEN)
        {
            return Err(format!(
                "--upstream with --host {} (reachable from other machines) needs --strict-auth \
                 and a --token (or CENSUS_LOCAL_TOKEN) other than the default: otherwise anyone \
                 who can reach the port could use the held upstream token",
                self.host
            ));
        }
        // The Stitch routes take no tokenless requests, but the default --stitch-token is
        // published in this help: offered beyond this machine, it would open the held one.
        if self.stitch_upstream.is_some()
            && !is_loopback_host(&self.host)
            && !(self.strict_auth && self.stitch_token != DEFAULT_STITCH_TOKEN)
        {
            return Err(format!(
                "--stitch-upstream with --host {} (reachable from other machines) needs \
                 --strict-auth and a --stitch-token (or CENSUS_LOCAL_STITCH_TOKEN) other than the \
                 default: otherwise anyone who can reach the port could use the held Stitch token",
                self.host
            ));
        }
        Ok(())
    }
}

/// What the command line asked for.
// Built once at start-up and matched at once: boxing the configuration would only make every
// caller and test unwrap a `Box` for no measurable gain.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Start the server with this configuration.
    Run(Config),
    /// Print [`USAGE`] and exit.
    Help,
}

/// The `--help` text.
pub const USAGE: &str = "\
census-local: a local, in-memory Census API (every documented endpoint: sources and what they
hold, destinations, syncs and their runs, segments, datasets, topics, links, webhooks, and the
organisation APIs), the demo page and its wasm package

USAGE:
    census-local [OPTIONS]

OPTIONS (each also read from the environment variable shown):
    --host HOST        interface to listen on           [CENSUS_LOCAL_HOST, default 127.0.0.1]
    --port PORT        port, 0 picks a free one         [CENSUS_LOCAL_PORT, default 8787]
    --seed N           number of seeded sources         [CENSUS_LOCAL_SEED, default 36]
    --token TOKEN      the workspace API token          [CENSUS_LOCAL_TOKEN, default census-local-dev-token]
    --pat-token TOKEN  the personal access token of the organisation APIs (/workspaces, /users,
                       /invitations)                    [CENSUS_LOCAL_PAT_TOKEN, default census-local-dev-pat]
    --latency-ms N     delay before each /api/v1 and /stitch answer
                                                        [CENSUS_LOCAL_LATENCY_MS, default 0]
    --refresh-ms N     time a refresh job is processing [CENSUS_LOCAL_REFRESH_MS, default 1500]
    --run-ms N         time a triggered sync run takes  [CENSUS_LOCAL_RUN_MS, default 4000]
    --www DIR          directory served at /            [CENSUS_LOCAL_WWW, default www]
    --pkg DIR          directory served at /pkg/        [CENSUS_LOCAL_PKG, default pkg]
    --strict-auth      no tokenless same-origin access  [CENSUS_LOCAL_STRICT_AUTH=1; also --strict-auth=0|1]
    --no-control       no /__control/ test endpoints    [CENSUS_LOCAL_NO_CONTROL=1; also --no-control=0|1]
    --control-token TOKEN  require this token (header x-census-local-control-token) on every
                       /__control/ request, from any caller and any origin
                                                        [CENSUS_LOCAL_CONTROL_TOKEN, default none]
    --http-source      also seed an HTTP-request source with topics, after the --seed sources
                                                        [CENSUS_LOCAL_HTTP_SOURCE=1; also --http-source=0|1]
    --not-found-shape S  route | word | code (see below) [CENSUS_LOCAL_NOT_FOUND_SHAPE, default route]
    --upstream URL     forward /api/v1 to this Census   [CENSUS_LOCAL_UPSTREAM, default none]
    --stitch-upstream URL  forward /stitch to this Stitch Connect
                                                        [CENSUS_LOCAL_STITCH_UPSTREAM, default none]
    --upstream-timeout-ms N  answer deadline of either upstream
                                                        [CENSUS_LOCAL_UPSTREAM_TIMEOUT_MS, default 30000]
    --header-timeout-ms N  time a connection has to send its request head, and again its body
                                                        [CENSUS_LOCAL_HEADER_TIMEOUT_MS, default 10000]
    --stitch-token TOKEN  the Stitch Connect access token of /stitch
                                                        [CENSUS_LOCAL_STITCH_TOKEN, default census-local-dev-stitch]
    --stitch-job-ms N  time a Stitch replication job runs [CENSUS_LOCAL_STITCH_JOB_MS, default 3000]
    --stitch-sources N number of seeded Stitch sources  [CENSUS_LOCAL_STITCH_SOURCES, default 7]
    --help             print this help

Flags accept `--flag value` and `--flag=value`; the -ms options take 0 to 86400000 (a day).
On start the first stdout line is `CENSUS_LOCAL_READY http://HOST:PORT`. SIGINT or SIGTERM
stops the server: open connections get 2 s to finish, then it exits 0.

FAULTS (for testing retries, timeouts and aborts; /api/v1 and /stitch, never preflights):
    per request:  header `x-census-local-fault: SPEC`
    by rule:      POST /__control/faults {\"route\": \"GET /sources/*\", \"fault\": SPEC, \"times\": N}
    SPEC:         none | delay:MS | rate_limit[:SECS] | rate_limit_date[:SECS]
                  | (500 | 502 | 503 | 504)[:SECS] | html | truncated | wrong_content_type | drop
    also:         GET|DELETE /__control/faults, GET|DELETE /__control/attempts, POST /__control/reset
    who:          pages on localhost, a loopback address or --host (any port), and callers
                  without an Origin (curl, Node, test runners) that address the server as
                  localhost, by IP or as --host (any name with --host 0.0.0.0); another site's
                  page and a DNS-rebinding page get a 403. With --control-token, only requests
                  with that token in the header x-census-local-control-token, from anywhere

WEBHOOKS (a signed test delivery of a webhook, as Census would post it; nothing is sent):
    POST /__control/webhooks/ID/deliveries {\"event\": \"sync.failed\", \"sync_id\": 52} (both optional)
                  -> {body, signature, secret, headers, ...}; signature is the X-Signature header,
                  base64(HMAC-SHA256(body, secret))

TOKENS (two slots, as Census has):
    --token       workspace routes (everything but the organisation APIs), GET /workspace included
    --pat-token   the organisation APIs: /workspaces..., /users..., /invitations...
    each slot's routes refuse the other slot's token with a 403 naming the token they take

MUTATIONS (sources created or deleted right before a matching /api/v1 request, before faults):
    POST /__control/mutations {\"route\": \"GET /sources\", \"query\": {\"page\": \"2\"}, \"create\": N,
                               \"delete\": N, \"delete_oldest\": N, \"delete_ids\": [ID], \"times\": N|null}
    also:         GET|DELETE /__control/mutations, GET /__control/sources (ids, oldest first)

UPSTREAM (proxy mode: /api/v1 forwarded to the real API, e.g. https://app.getcensus.com/api/v1
          or https://app-eu.getcensus.com/api/v1):
    token:        only from the environment variable CENSUS_LOCAL_UPSTREAM_TOKEN, never a flag;
                  sent upstream as `Authorization: Bearer`, never shown or logged; the
                  organisation APIs' personal access token likewise only from
                  CENSUS_LOCAL_UPSTREAM_PAT_TOKEN (without it they answer 403)
    URL:          https://, or http:// to localhost, 127.0.0.0/8 or [::1] only
    callers:      the same auth as locally (--token, tokenless same-origin unless --strict-auth);
                  a caller's own Authorization, cookies and other headers are never forwarded
    off:          the local store, --seed, /__control/ and the not-found shape; faults by header
                  and --latency-ms still apply
    --host other than loopback needs --strict-auth and a --token of your own

STITCH UPSTREAM (/stitch forwarded to Stitch Connect, e.g. https://api.stitchdata.com, so a browser
          page can reach it on its own origin: client baseUrl = http://HOST:PORT/stitch):
    token:        only from the environment variable CENSUS_LOCAL_STITCH_UPSTREAM_TOKEN, never a
                  flag; sent upstream as `Authorization: Bearer`, never shown or logged
    URL:          https://, or http:// to localhost, 127.0.0.0/8 or [::1] only;
                  /stitch/v4/sources?x=1 goes to URL/v4/sources?x=1
    callers:      the same auth as the local Stitch: `Authorization: Bearer <--stitch-token>`
                  (no tokenless access); their own Authorization and other headers are never
                  forwarded
    off:          the local Stitch, /__control/stitch/ and fault rules for /stitch; faults by
                  header and --latency-ms still apply. Redirects are passed back, not followed
    failures:     502 (unreachable) and 504 (timeout) as {\"error\": {\"type\": \"bad_gateway\" |
                  \"gateway_timeout\", \"message\"}}
    independent of --upstream; --host other than loopback needs --strict-auth and a
    --stitch-token of your own

STITCH CONNECT (a local Stitch Connect API under /stitch: client baseUrl = http://HOST:PORT/stitch):
    routes:       /stitch/v4/sources[/{id}[/sync|/last-connection-check|/streams[/{stream_id}|/metadata]]],
                  /stitch/v4/sources/{id}/tokens[/{token_id}] (Import API sources' access tokens),
                  /stitch/v4/source-types[/{type}], /stitch/v4/destinations[/{id}[/last-connection-check]],
                  /stitch/v4/destination-types[/{type}], /stitch/v4/{client_id}/extractions[/{job_name}],
                  /stitch/v4/{client_id}/loads (shapes and errors: the doc comment of src/stitch.rs)
    auth:         `Authorization: Bearer <--stitch-token>` only (no tokenless access); the Census
                  tokens are refused there (401), and the Stitch token on /api/v1 (401)
    jobs limit:   extractions and loads share 30 requests per 10 minutes; the 31st is a 429 with
                  Retry-After; GET|DELETE /__control/stitch/jobs reads or empties the count
    faults:       rules name the whole path, as in {\"route\": \"GET /stitch/v4/sources\", ...};
                  the attempt log shows Stitch requests as /stitch/v4/...; POST /__control/reset
                  reseeds Stitch too

NOT FOUND (the two documented bodies of an /api/v1 404):
    route:        DELETE /sources/{id} answers {\"status\": 404, ...}, every other 404
                  {\"status\": \"not_found\", ...}
    word | code:  every 404 answers \"not_found\" | 404
    per request:  header `x-census-local-not-found-shape: route|word|code`, ahead of the flag
";

/// The options that take a value: flag, environment variable.
const VALUED: &[(&str, &str)] = &[
    ("--host", "CENSUS_LOCAL_HOST"),
    ("--port", "CENSUS_LOCAL_PORT"),
    ("--seed", "CENSUS_LOCAL_SEED"),
    ("--token", "CENSUS_LOCAL_TOKEN"),
    ("--pat-token", "CENSUS_LOCAL_PAT_TOKEN"),
    ("--latency-ms", "CENSUS_LOCAL_LATENCY_MS"),
    ("--refresh-ms", "CENSUS_LOCAL_REFRESH_MS"),
    ("--run-ms", "CENSUS_LOCAL_RUN_MS"),
    ("--www", "CENSUS_LOCAL_WWW"),
    ("--pkg", "CENSUS_LOCAL_PKG"),
    ("--not-found-shape", "CENSUS_LOCAL_NOT_FOUND_SHAPE"),
    ("--upstream", "CENSUS_LOCAL_UPSTREAM"),
    ("--upstream-timeout-ms", "CENSUS_LOCAL_UPSTREAM_TIMEOUT_MS"),
    ("--header-timeout-ms", "CENSUS_LOCAL_HEADER_TIMEOUT_MS"),
    ("--stitch-upstream", "CENSUS_LOCAL_STITCH_UPSTREAM"),
    ("--stitch-token", "CENSUS_LOCAL_STITCH_TOKEN"),
    ("--stitch-job-ms", "CENSUS_LOCAL_STITCH_JOB_MS"),
    ("--stitch-sources", "CENSUS_LOCAL_STITCH_SOURCES"),
    ("--control-token", "CENSUS_LOCAL_CONTROL_TOKEN"),
];

const STRICT_AUTH_ENV: &str = "CENSUS_LOCAL_STRICT_AUTH";
const NO_CONTROL_ENV: &str = "CENSUS_LOCAL_NO_CONTROL";
const HTTP_SOURCE_ENV: &str = "CENSUS_LOCAL_HTTP_SOURCE";

impl Command {
    /// Parses the arguments (without the program name) over the environment read through `env`.
    ///
    /// `env` is a parameter so tests need not touch the process environment.
    pub fn parse<I, E>(args: I, env: E) -> Result<Self, String>
    where
        I: IntoIterator<Item = String>,
        E: Fn(&str) -> Option<String>,
    {
        let mut config = Config::default();
        // The upstream URLs are checked once everything is read, with their tokens beside them;
        // each keeps the name of where it came from, for the error message.
        let mut urls = UpstreamUrls::default();
        for (flag, var) in VALUED {
            if let Some(value) = env(var) {
                apply(&mut config, &mut urls, (flag, var), &value)
                    .map_err(|e| format!("{var}: {e}"))?;
            }
        }
        if let Some(value) = env(STRICT_AUTH_ENV) {
            config.strict_auth =
                parse_bool(&value).map_err(|e| format!("{STRICT_AUTH_ENV}: {e}"))?;
        }
        if let Some(value) = env(NO_CONTROL_ENV) {
            config.control = !parse_bool(&value).map_err(|e| format!("{NO_CONTROL_ENV}: {e}"))?;
        }
        if let Some(value) = env(HTTP_SOURCE_ENV) {
            config.http_source =
                parse_bool(&value).map_err(|e| format!("{HTTP_SOURCE_ENV}: {e}"))?;
        }

        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--help" | "-h" => return Ok(Self::Help),
                "--strict-auth" => config.strict_auth = true,
                _ if arg.starts_with("--strict-auth=") => {
                    let value = &arg["--strict-auth=".len()..];
                    config.strict_auth =
                        parse_bool(value).map_err(|e| format!("--strict-auth: {e}"))?;
                }
                // Refused before its value is read, and without echoing it: a token typed here is
                // already in shell history, and should not also land in an error log.
                _ if is_flag(&arg, "--upstream-token") => {
                    return Err(token_flag_refused("upstream", UPSTREAM_TOKEN_ENV));
                }
                _ if is_flag(&arg, "--stitch-upstream-token") => {
                    return Err(token_flag_refused(
                        "Stitch upstream",
                        STITCH_UPSTREAM_TOKEN_ENV,
                    ));
                }
                "--no-control" => config.control = false,
                "--http-source" => config.http_source = true,
                _ if arg.starts_with("--http-source=") => {
                    let value = &arg["--http-source=".len()..];
                    config.http_source =
                        parse_bool(value).map_err(|e| format!("--http-source: {e}"))?;
                }
                _ if arg.starts_with("--no-control=") => {
                    let value = &arg["--no-control=".len()..];
                    config.control =
                        !parse_bool(value).map_err(|e| format!("--no-control: {e}"))?;
                }
                _ => {
                    let (flag, inline) = match arg.split_once('=') {
                        Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
                        None => (arg.clone(), None),
                    };
                    let Some(known) = VALUED.iter().find(|(known, _)| *known == flag) else {
                        return Err(format!("unknown argument `{arg}` (see --help)"));
                    };
                    let value = match inline {
                        Some(value) => value,
                        None => args
                            .next()
                            .ok_or_else(|| format!("{flag} needs a value (see --help)"))?,
                    };
                    apply(&mut config, &mut urls, (known.0, known.0), &value)
                        .map_err(|e| format!("{flag}: {e}"))?;
                }
            }
        }
        // An empty URL (`--upstream=`) means none, so a flag can turn off an upstream set in
        // the environment.
        let checked = |api: Api, url: Option<(String, &str)>| {
            let Some((url, source)) = url.filter(|(url, _)| !url.trim().is_empty()) else {
                return Ok(None);
            };
            let upstream = Upstream::checked(api, &url, env(api.token_env()).as_deref());
            // Only Census has organisation APIs, behind a personal access token.
            let upstream = match api {
                Api::Census => upstream
                    .and_then(|upstream| upstream.with_personal(env(UPSTREAM_PAT_ENV).as_deref())),
                Api::Stitch => upstream,
            };
            upstream.map(Some).map_err(|e| format!("{source}: {e}"))
        };
        config.upstream = checked(Api::Census, urls.census)?;
        config.stitch_upstream = checked(Api::Stitch, urls.stitch)?;
        config.validate()?;
        Ok(Self::Run(config))
    }
}

/// The upstream URLs as read, each with the flag or variable it came from.
#[derive(Default)]
struct UpstreamUrls {
    census: Option<(String, &'static str)>,
    stitch: Option<(String, &'static str)>,
}

/// Whether `arg` is `flag` or `flag=...`.
fn is_flag(arg: &str, flag: &str) -> bool {
    arg.strip_prefix(flag)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('='))
}

/// The refusal of a token flag. Given before its value is read, and without echoing it: a
/// token typed there is already in shell history, and should not also land in an error log.
fn token_flag_refused(what: &str, env: &str) -> String {
    format!(
        "the {what} token is never taken from a flag (flags show in `ps` output and shell \
         history); set {env} instead"
    )
}

/// Applies one option; `(flag, source)` is its flag and where its value came from (the flag
/// itself or its environment variable).
fn apply(
    config: &mut Config,
    urls: &mut UpstreamUrls,
    (flag, source): (&'static str, &'static str),
    value: &str,
) -> Result<(), String> {
    match flag {
        "--host" if value.trim().is_empty() => return Err("must not be empty".into()),
        "--host" => config.host = value.trim().to_owned(),
        "--port" => {
            config.port = value
                .trim()
                .parse()
                .map_err(|_| format!("`{value}` is not a port number (0-65535)"))?;
        }
        "--seed" => {
            let seed: usize = value
                .trim()
                .parse()
                .map_err(|_| format!("`{value}` is not a non-negative integer"))?;
            if seed > MAX_SEED {
                return Err(format!("at most {MAX_SEED} sources can be seeded"));
            }
            config.seed = seed;
        }
        "--token" if value.trim().is_empty() => return Err("must not be empty".into()),
        "--token" => config.token = value.trim().to_owned(),
        "--pat-token" if value.trim().is_empty() => return Err("must not be empty".into()),
        "--pat-token" => config.pat_token = value.trim().to_owned(),
        "--stitch-token" if value.trim().is_empty() => return Err("must not be empty".into()),
        "--stitch-token" => config.stitch_token = value.trim().to_owned(),
        // An empty value (`--control-token=`) turns off one set in the environment.
        "--control-token" => {
            config.control_token = Some(value.trim().to_owned()).filter(|t| !t.is_empty());
        }
        "--stitch-job-ms" => config.stitch_job = Duration::from_millis(parse_ms(value)?),
        "--stitch-sources" => {
            let n: usize = value
                .trim()
                .parse()
                .map_err(|_| format!("`{value}` is not a non-negative integer"))?;
            if n > MAX_STITCH_SOURCES {
                return Err(format!(
                    "at most {MAX_STITCH_SOURCES} Stitch sources can be seeded"
                ));
            }
            config.stitch_sources = n;
        }
        "--latency-ms" => config.latency = Duration::from_millis(parse_ms(value)?),
        "--refresh-ms" => config.refresh = Duration::from_millis(parse_ms(value)?),
        "--run-ms" => config.run = Duration::from_millis(parse_ms(value)?),
        "--www" => config.www = PathBuf::from(value),
        "--pkg" => config.pkg = PathBuf::from(value),
        "--not-found-shape" => config.not_found_shape = NotFoundShape::parse(value)?,
        "--upstream" => urls.census = Some((value.to_owned(), source)),
        "--stitch-upstream" => urls.stitch = Some((value.to_owned(), source)),
        "--upstream-timeout-ms" => match parse_ms(value)? {
            0 => return Err("must be at least 1".into()),
            ms => config.upstream_timeout = Duration::from_millis(ms),
        },
        "--header-timeout-ms" => match parse_ms(value)? {
            0 => return Err("must be at least 1".into()),
            ms => config.header_timeout = Duration::from_millis(ms),
        },
        _ => return Err(format!("unknown option {flag}")),
    }
    Ok(())
}

/// Largest value of a `-ms` option: a day. Longer means nothing for a test server, and the run
/// and job timelines multiply it (a run's queued share), which must not overflow.
pub const MAX_MS: u64 = 86_400_000;

fn parse_ms(value: &str) -> Result<u64, String> {
    let ms: u64 = value
        .trim()
        .parse()
        .map_err(|_| format!("`{value}` is not a number of milliseconds"))?;
    if ms > MAX_MS {
        return Err(format!(
            "`{value}` is more than {MAX_MS} milliseconds (a day)"
        ));
    }
    Ok(ms)
}

fn parse_bool(value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "" | "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(format!("`{value}` is not a boolean (1/0, true/false)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The configuration `args` and `env` make the server run with.
    fn running(args: &[&str], env: &[(&str, &str)]) -> Config {
        match parse(args, env) {
            Ok(Command::Run(config)) => config,
            other => panic!("expected a run command, got {other:?}"),
        }
    }

    fn parse(args: &[&str], env: &[(&str, &str)]) -> Result<Command, String> {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Command::parse(args.iter().map(|a| (*a).to_owned()), |key| {
            env.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn defaults_apply_without_arguments() {
        assert_eq!(parse(&[], &[]), Ok(Command::Run(Config::default())));
    }

    #[test]
    fn flags_override_environment() {
        let Ok(Command::Run(config)) = parse(
            &[
                "--port",
                "0",
                "--seed=3",
                "--strict-auth",
                "--latency-ms",
                "20",
            ],
            &[("CENSUS_LOCAL_PORT", "9000"), ("CENSUS_LOCAL_TOKEN", "tok")],
        ) else {
            panic!("expected a run command");
        };
        assert_eq!(config.port, 0);
        assert_eq!(config.seed, 3);
        assert_eq!(config.token, "tok");
        assert!(config.strict_auth);
        assert_eq!(config.latency, Duration::from_millis(20));
    }

    #[test]
    fn run_ms_is_read_from_flag_and_environment() {
        let run = |args: &[&str], env: &[(&str, &str)]| running(args, env).run;
        assert_eq!(run(&[], &[]), DEFAULT_RUN);
        assert_eq!(run(&["--run-ms", "600"], &[]), Duration::from_millis(600));
        assert_eq!(
            run(&["--run-ms=0"], &[("CENSUS_LOCAL_RUN_MS", "900")]),
            Duration::ZERO
        );
        assert_eq!(
            run(&[], &[("CENSUS_LOCAL_RUN_MS", "900")]),
            Duration::from_millis(900)
        );
        assert!(parse(&["--run-ms", "soon"], &[]).is_err());
        assert!(parse(&["--run-ms"], &[]).is_err());
    }

    #[test]
    fn header_timeout_ms_is_read_from_flag_and_environment_and_never_zero() {
        let timeout = |args: &[&str], env: &[(&str, &str)]| running(args, env).header_timeout;
        assert_eq!(timeout(&[], &[]), DEFAULT_HEADER_TIMEOUT);
        let env = [("CENSUS_LOCAL_HEADER_TIMEOUT_MS", "900")];
        assert_eq!(timeout(&[], &env), Duration::from_millis(900));
        assert_eq!(
            timeout(&["--header-timeout-ms=250"], &env),
            Duration::from_millis(250)
        );
        // No timeout at all is what this bound is there to end.
        let zero = parse(&["--header-timeout-ms", "0"], &[]).expect_err("0 is refused");
        assert!(
            zero.contains("--header-timeout-ms: must be at least 1"),
            "{zero}"
        );
        assert!(parse(&["--header-timeout-ms", "soon"], &[]).is_err());
    }

    #[test]
    fn the_personal_access_token_and_the_http_source_are_read_and_checked() {
        let config = |args: &[&str], env: &[(&str, &str)]| match parse(args, env) {
            Ok(Command::Run(config)) => config,
            other => panic!("expected a run command, got {other:?}"),
        };
        let defaults = config(&[], &[]);
        assert_eq!(defaults.pat_token, DEFAULT_PAT_TOKEN);
        assert!(!defaults.http_source);
        let set = config(
            &["--pat-token", " pat-1 "],
            &[("CENSUS_LOCAL_HTTP_SOURCE", "1")],
        );
        assert_eq!(set.pat_token, "pat-1");
        assert!(set.http_source);
        assert_eq!(
            config(&[], &[("CENSUS_LOCAL_PAT_TOKEN", "pat-2")]).pat_token,
            "pat-2"
        );
        assert!(config(&["--http-source"], &[]).http_source);
        assert!(!config(&["--http-source=0"], &[("CENSUS_LOCAL_HTTP_SOURCE", "1")]).http_source);
        assert!(parse(&["--pat-token", " "], &[]).is_err());
        let same = parse(&["--token", "t", "--pat-token", "t"], &[]).expect_err("refused");
        assert!(same.contains("must differ"), "{same}");
        assert!(parse(&["--http-source=maybe"], &[]).is_err());
    }

    #[test]
    fn the_stitch_flags_are_read_and_the_stitch_token_must_be_its_own() {
        let Ok(Command::Run(config)) = parse(
            &["--stitch-token", "st", "--stitch-job-ms=250"],
            &[("CENSUS_LOCAL_STITCH_SOURCES", "150")],
        ) else {
            panic!("expected a run command");
        };
        assert_eq!(config.stitch_token, "st");
        assert_eq!(config.stitch_job, Duration::from_millis(250));
        assert_eq!(config.stitch_sources, 150);
        assert_eq!(Config::default().stitch_token, DEFAULT_STITCH_TOKEN);
        assert_eq!(Config::default().stitch_job, DEFAULT_STITCH_JOB);
        for clash in [DEFAULT_TOKEN, DEFAULT_PAT_TOKEN] {
            let refused = parse(&["--stitch-token", clash], &[]).expect_err("refused");
            assert!(refused.contains("--stitch-token must differ"), "{refused}");
        }
        assert!(parse(&["--stitch-token="], &[]).is_err());
        assert!(parse(&["--stitch-sources", "10001"], &[]).is_err());
    }

    #[test]
    fn bad_input_is_reported_not_ignored() {
        assert!(parse(&["--port", "x"], &[]).is_err());
        assert!(parse(&["--seed"], &[]).is_err());
        assert!(parse(&["--nope"], &[]).is_err());
        assert!(parse(&["--strict-auth=perhaps"], &[]).is_err());
        assert!(parse(&[], &[("CENSUS_LOCAL_STRICT_AUTH", "maybe")]).is_err());
        assert_eq!(parse(&["--help"], &[]), Ok(Command::Help));
        let Ok(Command::Run(config)) =
            parse(&["--strict-auth=0"], &[("CENSUS_LOCAL_STRICT_AUTH", "1")])
        else {
            panic!("expected a run command");
        };
        assert!(!config.strict_auth);
    }

    #[test]
    fn not_found_shape_is_read_from_flag_and_environment() {
        let run = |args: &[&str], env: &[(&str, &str)]| running(args, env).not_found_shape;
        assert_eq!(run(&[], &[]), NotFoundShape::Route);
        assert_eq!(
            run(&["--not-found-shape", "code"], &[]),
            NotFoundShape::Code
        );
        assert_eq!(run(&["--not-found-shape=404"], &[]), NotFoundShape::Code);
        assert_eq!(
            run(&[], &[("CENSUS_LOCAL_NOT_FOUND_SHAPE", "Not_Found")]),
            NotFoundShape::Word
        );
        assert_eq!(
            run(
                &["--not-found-shape", "route"],
                &[("CENSUS_LOCAL_NOT_FOUND_SHAPE", "word")]
            ),
            NotFoundShape::Route
        );
        assert!(parse(&["--not-found-shape", "teapot"], &[]).is_err());
        assert!(parse(&["--not-found-shape"], &[]).is_err());
    }

    #[test]
    fn control_is_on_unless_turned_off() {
        let run = |args: &[&str], env: &[(&str, &str)]| running(args, env).control;
        assert!(run(&[], &[]));
        assert!(!run(&["--no-control"], &[]));
        assert!(!run(&[], &[("CENSUS_LOCAL_NO_CONTROL", "1")]));
        assert!(run(
            &["--no-control=0"],
            &[("CENSUS_LOCAL_NO_CONTROL", "1")]
        ));
        assert!(parse(&["--no-control=sometimes"], &[]).is_err());
    }

    const SECRET: &str = "held-secret-for-config-tests";

    #[test]
    fn upstream_reads_the_url_from_flag_or_environment_and_the_token_from_the_environment() {
        let run = running;
        assert_eq!(run(&[], &[]).upstream, None);
        let token = ("CENSUS_LOCAL_UPSTREAM_TOKEN", SECRET);
        let config = run(
            &["--upstream", "https://app.getcensus.com/api/v1"],
            &[token],
        );
        let upstream = config.upstream.expect("upstream");
        assert_eq!(upstream.base(), "https://app.getcensus.com/api/v1");
        assert_eq!(config.upstream_timeout, DEFAULT_UPSTREAM_TIMEOUT);

        let from_env = run(
            &["--upstream-timeout-ms=250"],
            &[
                (
                    "CENSUS_LOCAL_UPSTREAM",
                    "https://app-eu.getcensus.com/api/v1/",
                ),
                token,
            ],
        );
        assert_eq!(
            from_env.upstream.as_ref().map(Upstream::base),
            Some("https://app-eu.getcensus.com/api/v1")
        );
        assert_eq!(from_env.upstream_timeout, Duration::from_millis(250));

        // A flag wins over the environment, and an empty one turns the upstream off.
        let flag_wins = run(
            &["--upstream=http://127.0.0.1:9/api/v1"],
            &[("CENSUS_LOCAL_UPSTREAM", "https://a.test/api/v1"), token],
        );
        assert_eq!(
            flag_wins.upstream.as_ref().map(Upstream::base),
            Some("http://127.0.0.1:9/api/v1")
        );
        let off = run(
            &["--upstream="],
            &[("CENSUS_LOCAL_UPSTREAM", "https://a.test/api/v1")],
        );
        assert_eq!(off.upstream, None);
    }

    #[test]
    fn upstream_refusals_say_why_and_never_repeat_the_token() {
        let refused = |args: &[&str], env: &[(&str, &str)]| {
            let error = parse(args, env).expect_err("should be refused");
            assert!(!error.contains(SECRET), "{error}");
            error
        };
        let token = ("CENSUS_LOCAL_UPSTREAM_TOKEN", SECRET);

        let no_token = refused(&["--upstream", "https://app.getcensus.com/api/v1"], &[]);
        assert!(
            no_token.contains("CENSUS_LOCAL_UPSTREAM_TOKEN"),
            "{no_token}"
        );
        let blank = refused(
            &["--upstream", "https://app.getcensus.com/api/v1"],
            &[("CENSUS_LOCAL_UPSTREAM_TOKEN", " ")],
        );
        assert!(blank.contains("CENSUS_LOCAL_UPSTREAM_TOKEN"), "{blank}");

        let plain = refused(&["--upstream", "http://app.getcensus.com/api/v1"], &[token]);
        assert!(plain.contains("plain http"), "{plain}");

        for flag in [
            vec!["--upstream-token", SECRET],
            vec!["--upstream-token=held-secret-for-config-tests"],
        ] {
            let error = refused(&flag, &[]);
            assert!(error.contains("CENSUS_LOCAL_UPSTREAM_TOKEN"), "{error}");
        }

        assert!(refused(&["--upstream-timeout-ms", "0"], &[]).contains("at least 1"));
        refused(&["--upstream-timeout-ms", "soon"], &[]);

        // Offered beyond this machine, the proxy needs --strict-auth and a token of one's own.
        let upstream = ["--upstream", "https://app.getcensus.com/api/v1"];
        let open = refused(&[&upstream[..], &["--host", "0.0.0.0"]].concat(), &[token]);
        assert!(open.contains("--strict-auth"), "{open}");
        refused(
            &[&upstream[..], &["--host", "0.0.0.0", "--strict-auth"]].concat(),
            &[token],
        );
        refused(
            &[&upstream[..], &["--host", "0.0.0.0", "--token", "mine"]].concat(),
            &[token],
        );
        assert!(
            parse(
                &[
                    &upstream[..],
                    &["--host", "0.0.0.0", "--strict-auth", "--token", "mine"]
                ]
                .concat(),
                &[token]
            )
            .is_ok()
        );
        assert!(parse(&[&upstream[..], &["--host", "::1"]].concat(), &[token]).is_ok());
    }

    const STITCH_SECRET: &str = "held-stitch-secret-for-config-tests";

    #[test]
    fn the_stitch_upstream_is_read_on_its_own_with_its_token_from_the_environment() {
        let run = running;
        assert_eq!(run(&[], &[]).stitch_upstream, None);
        let token = ("CENSUS_LOCAL_STITCH_UPSTREAM_TOKEN", STITCH_SECRET);
        let config = run(
            &["--stitch-upstream", "https://api.stitchdata.com/"],
            &[token],
        );
        let upstream = config.stitch_upstream.expect("stitch upstream");
        assert_eq!(upstream.api(), Api::Stitch);
        assert_eq!(upstream.base(), "https://api.stitchdata.com");
        assert_eq!(config.upstream, None, "the Census stays local");

        let from_env = run(
            &[],
            &[
                ("CENSUS_LOCAL_STITCH_UPSTREAM", "http://127.0.0.1:9/stitch"),
                token,
            ],
        );
        assert_eq!(
            from_env.stitch_upstream.as_ref().map(Upstream::base),
            Some("http://127.0.0.1:9/stitch")
        );
        let off = run(
            &["--stitch-upstream="],
            &[("CENSUS_LOCAL_STITCH_UPSTREAM", "https://api.stitchdata.com")],
        );
        assert_eq!(off.stitch_upstream, None);

        // Both, each with its own token; the Census token does not serve Stitch.
        let both = run(
            &[
                "--upstream",
                "https://app.getcensus.com/api/v1",
                "--stitch-upstream",
                "https://api.stitchdata.com",
            ],
            &[("CENSUS_LOCAL_UPSTREAM_TOKEN", SECRET), token],
        );
        assert_eq!(both.upstream.map(|u| u.api()), Some(Api::Census));
        assert_eq!(both.stitch_upstream.map(|u| u.api()), Some(Api::Stitch));
        let census_token_only = parse(
            &["--stitch-upstream", "https://api.stitchdata.com"],
            &[("CENSUS_LOCAL_UPSTREAM_TOKEN", SECRET)],
        )
        .expect_err("the Census token is not the Stitch one");
        assert!(
            census_token_only.contains("CENSUS_LOCAL_STITCH_UPSTREAM_TOKEN"),
            "{census_token_only}"
        );
    }

    #[test]
    fn stitch_upstream_refusals_say_why_and_never_repeat_the_token() {
        let refused = |args: &[&str], env: &[(&str, &str)]| {
            let error = parse(args, env).expect_err("should be refused");
            assert!(!error.contains(STITCH_SECRET), "{error}");
            error
        };
        let token = ("CENSUS_LOCAL_STITCH_UPSTREAM_TOKEN", STITCH_SECRET);
        let url = ["--stitch-upstream", "https://api.stitchdata.com"];

        let no_token = refused(&url, &[]);
        assert!(
            no_token.starts_with("--stitch-upstream: ")
                && no_token.contains("CENSUS_LOCAL_STITCH_UPSTREAM_TOKEN"),
            "{no_token}"
        );
        let plain = refused(
            &["--stitch-upstream", "http://api.stitchdata.com"],
            &[token],
        );
        assert!(plain.contains("plain http"), "{plain}");
        let from_env = refused(
            &[],
            &[
                ("CENSUS_LOCAL_STITCH_UPSTREAM", "https://a.test/?x=1"),
                token,
            ],
        );
        assert!(
            from_env.starts_with("CENSUS_LOCAL_STITCH_UPSTREAM: "),
            "{from_env}"
        );

        for flag in [
            vec!["--stitch-upstream-token", STITCH_SECRET],
            vec!["--stitch-upstream-token=held-stitch-secret-for-config-tests"],
        ] {
            let error = refused(&flag, &[]);
            assert!(
                error.contains("never taken from a flag")
                    && error.contains("CENSUS_LOCAL_STITCH_UPSTREAM_TOKEN"),
                "{error}"
            );
        }

        let open = refused(&[&url[..], &["--host", "0.0.0.0"]].concat(), &[token]);
        assert!(
            open.contains("--stitch-upstream") && open.contains("--strict-auth"),
            "{open}"
        );
        // --strict-auth alone is not enough while the Stitch token is the published default.
        let default_token = refused(
            &[&url[..], &["--host", "0.0.0.0", "--strict-auth"]].concat(),
            &[token],
        );
        assert!(default_token.contains("--stitch-token"), "{default_token}");
        refused(
            &[&url[..], &["--host", "0.0.0.0", "--stitch-token", "mine"]].concat(),
            &[token],
        );
        let open_ok = [
            &url[..],
            &[
                "--host",
                "0.0.0.0",
                "--strict-auth",
                "--stitch-token",
                "mine",
            ],
        ]
        .concat();
        assert!(parse(&open_ok, &[token]).is_ok());
        assert!(parse(&[&url[..], &["--host", "localhost"]].concat(), &[token]).is_ok());
    }

    /// lib.rs puts the local `/stitch` routes behind the same latency and fault layers as
    /// `/api/v1` (tests/stitch.rs has the faults), so the help must not say `/api/v1` alone.
    #[test]
    fn the_help_says_latency_and_faults_reach_stitch_too() {
        let line = |start: &str| {
            USAGE
                .lines()
                .find(|line| line.trim_start().starts_with(start))
                .unwrap_or_else(|| panic!("no help line starts with {start}"))
        };
        let latency = line("--latency-ms");
        assert!(
            latency.contains("/api/v1") && latency.contains("/stitch"),
            "{latency}"
        );
        let faults = line("FAULTS");
        assert!(
            faults.contains("/api/v1") && faults.contains("/stitch"),
            "{faults}"
        );
        assert!(!faults.contains("only"), "{faults}");
    }
}
