//! Command-line and environment configuration, parsed by hand to keep the binary lean.

use std::path::PathBuf;
use std::time::Duration;

/// The token the server holds and expects when none is configured.
pub const DEFAULT_TOKEN: &str = "census-local-dev-token";

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
    /// Delay added before every `/api/v1` answer (`--latency-ms`, `CENSUS_LOCAL_LATENCY_MS`).
    pub latency: Duration,
    /// How long a refresh-tables job stays `processing` (`--refresh-ms`, `CENSUS_LOCAL_REFRESH_MS`).
    pub refresh: Duration,
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
    /// The body of every `/api/v1` 404 (`--not-found-shape`, `CENSUS_LOCAL_NOT_FOUND_SHAPE`);
    /// the request header `x-census-local-not-found-shape` overrides it for one request.
    pub not_found_shape: NotFoundShape,
}

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
            latency: Duration::ZERO,
            refresh: Duration::from_millis(1500),
            www: PathBuf::from("www"),
            pkg: PathBuf::from("pkg"),
            strict_auth: false,
            control: true,
            not_found_shape: NotFoundShape::Route,
        }
    }
}

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Start the server with this configuration.
    Run(Config),
    /// Print [`USAGE`] and exit.
    Help,
}

/// The `--help` text.
pub const USAGE: &str = "\
census-local: a local, in-memory Census Sources API, the demo page and its wasm package

USAGE:
    census-local [OPTIONS]

OPTIONS (each also read from the environment variable shown):
    --host HOST        interface to listen on           [CENSUS_LOCAL_HOST, default 127.0.0.1]
    --port PORT        port, 0 picks a free one         [CENSUS_LOCAL_PORT, default 8787]
    --seed N           number of seeded sources         [CENSUS_LOCAL_SEED, default 36]
    --token TOKEN      the workspace API token          [CENSUS_LOCAL_TOKEN, default census-local-dev-token]
    --latency-ms N     delay before each /api/v1 answer [CENSUS_LOCAL_LATENCY_MS, default 0]
    --refresh-ms N     time a refresh job is processing [CENSUS_LOCAL_REFRESH_MS, default 1500]
    --www DIR          directory served at /            [CENSUS_LOCAL_WWW, default www]
    --pkg DIR          directory served at /pkg/        [CENSUS_LOCAL_PKG, default pkg]
    --strict-auth      no tokenless same-origin access  [CENSUS_LOCAL_STRICT_AUTH=1; also --strict-auth=0|1]
    --no-control       no /__control/ test endpoints    [CENSUS_LOCAL_NO_CONTROL=1; also --no-control=0|1]
    --not-found-shape S  route | word | code (see below) [CENSUS_LOCAL_NOT_FOUND_SHAPE, default route]
    --help             print this help

Flags accept `--flag value` and `--flag=value`. On start the first stdout line is
`CENSUS_LOCAL_READY http://HOST:PORT`.

FAULTS (for testing retries, timeouts and aborts; /api/v1 only, never preflights):
    per request:  header `x-census-local-fault: SPEC`
    by rule:      POST /__control/faults {\"route\": \"GET /sources/*\", \"fault\": SPEC, \"times\": N}
    SPEC:         none | delay:MS | rate_limit[:SECS] | rate_limit_date[:SECS] | 500 | 502 | 503
                  | 504 | html | truncated | wrong_content_type | drop
    also:         GET|DELETE /__control/faults, GET|DELETE /__control/attempts, POST /__control/reset

MUTATIONS (sources created or deleted right before a matching /api/v1 request, before faults):
    POST /__control/mutations {\"route\": \"GET /sources\", \"query\": {\"page\": \"2\"}, \"create\": N,
                               \"delete\": N, \"delete_oldest\": N, \"delete_ids\": [ID], \"times\": N|null}
    also:         GET|DELETE /__control/mutations, GET /__control/sources (ids, oldest first)

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
    ("--latency-ms", "CENSUS_LOCAL_LATENCY_MS"),
    ("--refresh-ms", "CENSUS_LOCAL_REFRESH_MS"),
    ("--www", "CENSUS_LOCAL_WWW"),
    ("--pkg", "CENSUS_LOCAL_PKG"),
    ("--not-found-shape", "CENSUS_LOCAL_NOT_FOUND_SHAPE"),
];

const STRICT_AUTH_ENV: &str = "CENSUS_LOCAL_STRICT_AUTH";
const NO_CONTROL_ENV: &str = "CENSUS_LOCAL_NO_CONTROL";

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
        for (flag, var) in VALUED {
            if let Some(value) = env(var) {
                apply(&mut config, flag, &value).map_err(|e| format!("{var}: {e}"))?;
            }
        }
        if let Some(value) = env(STRICT_AUTH_ENV) {
            config.strict_auth =
                parse_bool(&value).map_err(|e| format!("{STRICT_AUTH_ENV}: {e}"))?;
        }
        if let Some(value) = env(NO_CONTROL_ENV) {
            config.control = !parse_bool(&value).map_err(|e| format!("{NO_CONTROL_ENV}: {e}"))?;
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
                "--no-control" => config.control = false,
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
                    if !VALUED.iter().any(|(known, _)| *known == flag) {
                        return Err(format!("unknown argument `{arg}` (see --help)"));
                    }
                    let value = match inline {
                        Some(value) => value,
                        None => args
                            .next()
                            .ok_or_else(|| format!("{flag} needs a value (see --help)"))?,
                    };
                    apply(&mut config, &flag, &value).map_err(|e| format!("{flag}: {e}"))?;
                }
            }
        }
        Ok(Self::Run(config))
    }
}

fn apply(config: &mut Config, flag: &str, value: &str) -> Result<(), String> {
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
        "--latency-ms" => config.latency = Duration::from_millis(parse_ms(value)?),
        "--refresh-ms" => config.refresh = Duration::from_millis(parse_ms(value)?),
        "--www" => config.www = PathBuf::from(value),
        "--pkg" => config.pkg = PathBuf::from(value),
        "--not-found-shape" => config.not_found_shape = NotFoundShape::parse(value)?,
        _ => return Err(format!("unknown option {flag}")),
    }
    Ok(())
}

fn parse_ms(value: &str) -> Result<u64, String> {
    value
        .trim()
        .parse()
        .map_err(|_| format!("`{value}` is not a number of milliseconds"))
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
        let run = |args: &[&str], env: &[(&str, &str)]| match parse(args, env) {
            Ok(Command::Run(config)) => config.not_found_shape,
            other => panic!("expected a run command, got {other:?}"),
        };
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
        let run = |args: &[&str], env: &[(&str, &str)]| match parse(args, env) {
            Ok(Command::Run(config)) => config.control,
            other => panic!("expected a run command, got {other:?}"),
        };
        assert!(run(&[], &[]));
        assert!(!run(&["--no-control"], &[]));
        assert!(!run(&[], &[("CENSUS_LOCAL_NO_CONTROL", "1")]));
        assert!(run(
            &["--no-control=0"],
            &[("CENSUS_LOCAL_NO_CONTROL", "1")]
        ));
        assert!(parse(&["--no-control=sometimes"], &[]).is_err());
    }
}
