//! census-local: a local, stateful, in-memory Census API (sources and what they hold, destinations,
//! syncs and their runs, segments, datasets, topics, links, webhooks, and the organisation APIs)
//! for the demo page and the browser tests, faithful to the documented contract (including its
//! older shapes), so the client can be exercised on a fresh machine without a Census account.
//!
//! [`app`] builds the whole service (API, demo page, wasm package) for in-process tests;
//! [`serve`] binds it to a socket as the `census-local` binary does. With an [`Upstream`]
//! configured, `/api/v1` is forwarded to the real Census API instead (the proxy mode in
//! `proxy.rs`), with the token the server holds; with a Stitch [`Upstream`], `/stitch` is
//! forwarded to Stitch Connect the same way. Each is independent of the other.

mod api;
mod attempts;
mod browse;
mod catalogue;
mod clock;
mod config;
mod connectors;
mod control;
mod datasets;
mod destination_jobs;
mod destinations;
mod extras;
mod faults;
mod fields;
mod holdings;
mod http;
mod links;
mod models;
mod mutations;
mod objects;
mod org;
mod organisation;
mod outbound;
mod percent;
mod prng;
mod projects;
mod proxy;
mod run_records;
mod runs;
mod schemas;
mod secrets;
mod seeding;
mod segments;
mod source_objects;
mod stitch;
mod stitch_store;
mod store;
mod sync_body;
mod syncs;
mod timeline;
mod topics;
mod upstream;
mod webhooks;

use std::io::Write;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::middleware::{from_fn, from_fn_with_state};
use tower_http::services::ServeDir;

pub use catalogue::{ConfigField, FieldType, Requirement};
pub use config::{
    Command, Config, DEFAULT_HEADER_TIMEOUT, DEFAULT_PAT_TOKEN, DEFAULT_STITCH_JOB,
    DEFAULT_STITCH_SOURCES, DEFAULT_STITCH_TOKEN, DEFAULT_TOKEN, DEFAULT_UPSTREAM_TIMEOUT, MAX_MS,
    MAX_SEED, NotFoundShape, USAGE,
};
pub use faults::FAULT_HEADER;
pub use http::{CREATE_SHAPE_HEADER, NOT_FOUND_SHAPE_HEADER};
pub use store::{CATALOGUE, FIRST_REFRESH_KEY, SourceType};
pub use upstream::{Api, STITCH_UPSTREAM_TOKEN_ENV, UPSTREAM_TOKEN_ENV, Upstream};

/// What every handler shares.
struct AppState {
    store: Mutex<store::Store>,
    /// `--seed`, for `POST /__control/reset`.
    seed: usize,
    /// `--http-source`, for `POST /__control/reset`.
    http_source: bool,
    /// Whether the `/__control` endpoints (and so the rules and the attempt log) are on.
    control: bool,
    /// `--control-token`: when set, the only key to `/__control` (see `control.rs`).
    control_token: Option<String>,
    rules: Mutex<faults::Rules>,
    mutations: Mutex<mutations::Mutations>,
    attempts: Mutex<attempts::Attempts>,
    token: String,
    /// `--pat-token`: the personal access token the organisation APIs take.
    pat_token: String,
    strict_auth: bool,
    not_found_shape: config::NotFoundShape,
    latency: Duration,
    refresh: Duration,
    /// `--run-ms`: how long a triggered sync run takes.
    run: Duration,
    /// The local Stitch Connect account (`stitch.rs`).
    stitch: Mutex<stitch_store::Stitch>,
    /// `--stitch-sources`, for `POST /__control/reset`.
    stitch_sources: usize,
    /// `--stitch-token`: the only token the `/stitch` routes take.
    stitch_token: String,
    /// `--stitch-job-ms`: how long a Stitch replication job runs.
    stitch_job: Duration,
    /// `host:port` used when a request carries no `Host` header.
    fallback_host: String,
    /// `--host`: in proxy mode, one of the names a tokenless request may address.
    host: String,
    /// Proxy mode: `/api/v1` goes to an upstream, so tokenless requests must also address this
    /// machine by name (see [`http::authorized`]).
    proxying: bool,
    /// `--stitch-upstream`: `/stitch` goes to an upstream, so the local Stitch (and its
    /// `/__control/stitch` endpoints) is not used.
    stitch_proxying: bool,
}

impl AppState {
    /// Locks the store. Handlers never panic while holding it, but a poisoned lock would
    /// otherwise turn every later request into a panic, so it is recovered rather than unwrapped.
    fn store(&self) -> MutexGuard<'_, store::Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Locks the fault rules, recovering a poisoned lock as [`AppState::store`] does.
    fn rules(&self) -> MutexGuard<'_, faults::Rules> {
        self.rules.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Locks the mutation rules, recovering a poisoned lock as [`AppState::store`] does.
    fn mutations(&self) -> MutexGuard<'_, mutations::Mutations> {
        self.mutations
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Locks the attempt log, recovering a poisoned lock as [`AppState::store`] does.
    fn attempts(&self) -> MutexGuard<'_, attempts::Attempts> {
        self.attempts.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// `host:port` as it appears in a URL (IPv6 addresses bracketed).
fn authority(host: &str, port: u16) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// Builds the service: the API under `/api/v1`, Stitch Connect under `/stitch`, the
/// test-control endpoints under `/__control` (unless `--no-control`), the `--pkg` directory
/// under `/pkg/`, and the `--www` directory at `/`. Each call starts from a freshly seeded
/// workspace.
///
/// With `config.upstream` set, `/api/v1` is forwarded there instead, and the local store,
/// seeding and `/__control` are not used; with `config.stitch_upstream` set, `/stitch` is
/// forwarded there, and the local Stitch and `/__control/stitch` are not used. Either may be set
/// without the other ([`Config::validate`] is the caller's to run; the binary runs it while
/// parsing and again in [`serve`]).
pub fn app(config: Config) -> Router {
    let proxying = config.upstream.is_some();
    let stitch_proxying = config.stitch_upstream.is_some();
    let state = Arc::new(AppState {
        // Nothing reads the store in proxy mode; seeding it would only cost start-up time.
        store: Mutex::new(if proxying {
            seeding::workspace(0, false)
        } else {
            seeding::workspace(config.seed, config.http_source)
        }),
        seed: config.seed,
        http_source: config.http_source,
        // The control endpoints, their rules and the attempt log all act on the local store.
        control: config.control && !proxying,
        control_token: config.control_token.clone(),
        rules: Mutex::new(faults::Rules::default()),
        mutations: Mutex::new(mutations::Mutations::default()),
        attempts: Mutex::new(attempts::Attempts::default()),
        token: config.token.clone(),
        pat_token: config.pat_token.clone(),
        strict_auth: config.strict_auth,
        not_found_shape: config.not_found_shape,
        latency: config.latency,
        refresh: config.refresh,
        run: config.run,
        stitch: Mutex::new(stitch_store::seed(if stitch_proxying {
            0
        } else {
            config.stitch_sources
        })),
        stitch_sources: config.stitch_sources,
        stitch_token: config.stitch_token.clone(),
        stitch_job: config.stitch_job,
        fallback_host: authority(&config.host, config.port),
        host: config.host.clone(),
        proxying,
        stitch_proxying,
    });

    let statics = Router::new()
        .nest_service("/pkg", ServeDir::new(&config.pkg))
        .fallback_service(ServeDir::new(&config.www))
        .layer(from_fn(http::no_cache));

    let timeout = config.upstream_timeout;
    // Layers run outermost-last: CORS answers preflights before anything else and decorates
    // every answer; the attempt log records what passes it; latency delays all API answers;
    // mutation rules change the store (for requests auth will let through); faults replace or
    // alter the answer; auth guards the routes (each with its token slot); a 404 gets the body
    // the request asks for; finished object creations are settled into their destinations.
    // Each module serves its own routes, so an endpoint's route sits beside its handler.
    let api = match config.upstream {
        Some(upstream) => forwarding(upstream, timeout, &state, http::API_CORS, |router| {
            router.layer(from_fn_with_state(state.clone(), http::auth))
        }),
        None => Router::new()
            .merge(api::routes())
            .merge(browse::routes())
            .merge(source_objects::routes())
            .merge(models::routes())
            .merge(segments::routes())
            .merge(topics::routes())
            .merge(datasets::routes())
            .merge(connectors::routes())
            .merge(destinations::routes())
            .merge(destination_jobs::routes())
            .merge(syncs::routes())
            .merge(runs::routes())
            .merge(links::routes())
            .merge(webhooks::routes())
            .merge(projects::routes())
            .merge(org::routes())
            .fallback(http::no_route)
            .method_not_allowed_fallback(http::wrong_method)
            .layer(from_fn_with_state(state.clone(), destination_jobs::settle))
            .layer(from_fn_with_state(state.clone(), http::reshape_not_found))
            .layer(from_fn(http::reshape_lists))
            .layer(from_fn(http::json_bodies))
            .layer(from_fn_with_state(state.clone(), http::auth))
            .layer(from_fn_with_state(state.clone(), faults::fault))
            .layer(from_fn_with_state(state.clone(), mutations::mutate))
            .layer(from_fn_with_state(state.clone(), http::latency))
            .layer(from_fn_with_state(state.clone(), attempts::record))
            .layer(from_fn_with_state(http::API_CORS, http::cors))
            .with_state(state.clone()),
    };

    // Stitch Connect under `/stitch`. Locally, with its full paths (not nested), so fault rules
    // and the attempt log see `/stitch/v4/...`: the same outer layers as `/api/v1`, with its own
    // CORS (PUT) and auth (the Stitch token only); the log download takes no token. Proxied,
    // nested, so the prefix is removed before forwarding, behind the same CORS and auth.
    let stitch = match config.stitch_upstream {
        Some(upstream) => Router::new().nest(
            "/stitch",
            forwarding(upstream, timeout, &state, stitch::CORS, |router| {
                router.layer(from_fn_with_state(state.clone(), stitch::auth))
            }),
        ),
        None => {
            let routes = stitch::routes()
                .layer(from_fn(stitch::json_bodies))
                .layer(from_fn_with_state(state.clone(), stitch::auth))
                .layer(from_fn_with_state(state.clone(), faults::fault))
                .layer(from_fn_with_state(state.clone(), http::latency))
                .layer(from_fn_with_state(state.clone(), attempts::record))
                .layer(from_fn_with_state(stitch::CORS, http::cors))
                .with_state(state.clone());
            let logs = stitch::log_routes()
                .layer(from_fn_with_state(state.clone(), faults::fault))
                .layer(from_fn_with_state(state.clone(), attempts::record))
                .layer(from_fn_with_state(stitch::CORS, http::cors))
                .with_state(state.clone());
            routes.merge(logs)
        }
    };

    let control = if proxying {
        control::disabled(
            "The test-control endpoints act on the local store, which upstream mode \
             (--upstream) does not use",
        )
    } else if config.control {
        control::router(state)
    } else {
        control::disabled("The test-control endpoints are off (--no-control)")
    };
    Router::new()
        .nest("/api/v1", api)
        .nest("/__control", control)
        .merge(stitch)
        .merge(statics)
        .layer(from_fn_with_state(
            config.header_timeout,
            http::body_deadline,
        ))
        .layer(from_fn(http::close_connections))
}

/// The router of a proxied API, to be nested at its prefix: every request goes to
/// [`proxy::forward`], behind the same outer layers as the local API, in the same order (CORS,
/// latency, header faults, then `auth`, which the caller adds: the API's own token check), so
/// they behave alike. Rule faults, mutations, the attempt log and the not-found reshaping are
/// features of the local stand-ins and are left out.
fn forwarding(
    upstream: Upstream,
    timeout: Duration,
    state: &Arc<AppState>,
    cors: http::CorsPolicy,
    auth: impl FnOnce(Router<Arc<proxy::Proxy>>) -> Router<Arc<proxy::Proxy>>,
) -> Router {
    let api = upstream.api();
    let proxy = Arc::new(proxy::Proxy::new(
        upstream,
        timeout,
        state.fallback_host.clone(),
    ));
    auth(Router::new().fallback(proxy::forward))
        .layer(from_fn_with_state(
            (state.clone(), api),
            faults::header_fault,
        ))
        .layer(from_fn_with_state(state.clone(), http::latency))
        .layer(from_fn_with_state(cors, http::cors))
        .with_state(proxy)
}

/// Binds `config.host:config.port`, prints the ready line and the human summary to stdout,
/// and serves until SIGINT or SIGTERM.
pub async fn serve(mut config: Config) -> std::io::Result<()> {
    config
        .validate()
        .map_err(|message| std::io::Error::new(std::io::ErrorKind::InvalidInput, message))?;
    // Listening for SIGINT and SIGTERM before the ready line: a process manager may signal as
    // soon as it reads it, and a signal that came before the handlers would kill the process
    // (exit by signal, no `stopped` line) instead of stopping it.
    let mut signals = Signals::install()?;
    let address = authority(&config.host, config.port);
    let listener = tokio::net::TcpListener::bind(&address)
        .await
        .map_err(|error| {
            std::io::Error::new(error.kind(), format!("cannot listen on {address}: {error}"))
        })?;
    // With `--port 0` the OS picked the port; the app and the printed URLs must use the real one.
    config.port = listener.local_addr()?.port();
    for (flag, dir) in [("--www", &config.www), ("--pkg", &config.pkg)] {
        if !dir.is_dir() {
            eprintln!(
                "census-local: warning: {flag} directory {} not found; its paths will answer 404",
                dir.display()
            );
        }
    }
    if config.control
        && config.upstream.is_none()
        && config.control_token.is_none()
        && !upstream::is_loopback_host(&config.host)
    {
        eprintln!(
            "census-local: warning: --host {} offers the test-control endpoints (reset, faults) \
             to every machine that can reach the port, without a token; give --control-token \
             (or --no-control)",
            config.host
        );
    }
    // Seeded before the ready line, so what reads it can be answered at once (the largest
    // --seed takes seconds to build).
    let router = app(config.clone());
    let base = format!("http://{}", authority(&config.host, config.port));
    // Best effort: a harness that reads the ready line and then closes the pipe must not stop
    // the server (a failed write to a closed stdout is EPIPE, which would end `serve`).
    let _ = (|| -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        writeln!(out, "CENSUS_LOCAL_READY {base}")?;
        writeln!(out, "census-local: demo page   {base}/")?;
        writeln!(out, "census-local: API base    {base}/api/v1")?;
        let tokenless = if config.strict_auth {
            "refused (--strict-auth)"
        } else {
            "accepted (proxy mode)"
        };
        if let Some(upstream) = &config.upstream {
            // The caller token now guards real data: shown only while it is the published
            // default. The upstream token is never shown.
            writeln!(
                out,
                "census-local: API token   {}",
                shown(&config.token, DEFAULT_TOKEN)
            )?;
            writeln!(
                out,
                "census-local: upstream    {} (token from {UPSTREAM_TOKEN_ENV}, timeout {} ms); \
                 tokenless same-origin requests are {tokenless}",
                upstream.base(),
                config.upstream_timeout.as_millis()
            )?;
        } else {
            writeln!(out, "census-local: API token   {}", config.token)?;
            writeln!(
                out,
                "census-local: access token {} (personal access token of /workspaces, /users, /invitations)",
                config.pat_token
            )?;
            writeln!(
                out,
                "census-local: {} seeded sources{}, with the seeded destinations, syncs and runs, \
                 segments, datasets, links, webhooks and the organisation; tokenless same-origin \
                 requests are {tokenless}",
                config.seed,
                if config.http_source {
                    " and an HTTP-request source with topics"
                } else {
                    ""
                },
            )?;
        }
        if let Some(upstream) = &config.stitch_upstream {
            writeln!(
                out,
                "census-local: Stitch base {base}/stitch -> upstream {} (token from \
                 {STITCH_UPSTREAM_TOKEN_ENV}, timeout {} ms); callers present the access token {}",
                upstream.base(),
                config.upstream_timeout.as_millis(),
                shown(&config.stitch_token, DEFAULT_STITCH_TOKEN)
            )?;
        } else {
            writeln!(
                out,
                "census-local: Stitch base {base}/stitch (access token {}, {} seeded sources, jobs take {} ms)",
                config.stitch_token,
                config.stitch_sources,
                config.stitch_job.as_millis()
            )?;
        }
        if config.control && config.upstream.is_none() {
            let who = if config.control_token.is_some() {
                "with the --control-token in x-census-local-control-token"
            } else {
                "from scripts and pages on this machine"
            };
            writeln!(
                out,
                "census-local: test control {base}/__control (faults, mutations, attempts, sources, webhook deliveries, reset; {who}; off with --no-control)"
            )?;
        }
        out.flush()
    })();
    let stop = Arc::new(tokio::sync::Notify::new());
    let stopping = stop.clone();
    let serving = connections(listener, router, config.header_timeout, async move {
        stopping.notified().await;
    });
    tokio::pin!(serving);
    tokio::select! {
        () = &mut serving => {}
        () = signals.next() => {
            // No new connections; the open ones get `SHUTDOWN_GRACE` to finish (a request held
            // by a `delay:` fault, a client that never sends its whole request would otherwise
            // keep the process alive forever). A second signal stops at once.
            stop.notify_one();
            tokio::select! {
                () = &mut serving => {}
                () = tokio::time::sleep(SHUTDOWN_GRACE) => {
                    let _ = writeln!(
                        std::io::stderr(),
                        "census-local: connections still open {} ms after the signal were closed",
                        SHUTDOWN_GRACE.as_millis()
                    );
                }
                () = signals.next() => {}
            }
        }
    }
    let _ = writeln!(std::io::stdout(), "census-local: stopped");
    Ok(())
}

/// Serves `router` on each connection `listener` accepts until `stop` resolves; then accepts no
/// more and returns once every open connection has finished the request it is answering.
///
/// In place of `axum::serve`, which gives hyper no timer and so no header read timeout: a
/// connection has `header_timeout` to send a request's head, counted from when the server starts
/// waiting for it, so a client that sends its head a byte at a time or never (slowloris) is
/// closed then instead of holding a task for ever. (Every answer closes its connection,
/// `http::close_connections`, so none is left idle between requests.)
async fn connections(
    mut listener: tokio::net::TcpListener,
    router: Router,
    header_timeout: Duration,
    stop: impl Future<Output = ()>,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let open = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            // Accept errors (a full file table, say) are waited out inside `accept`.
            (stream, _) = axum::serve::Listener::accept(&mut listener) => {
                let service = hyper_util::service::TowerToHyperService::new(router.clone());
                let connection = http.serve_connection(TokioIo::new(stream), service);
                // A connection's error (a timeout, a reset, a `drop` fault) ends only it.
                tokio::spawn(open.watch(connection));
            }
            () = &mut stop => break,
        }
    }
    drop(listener);
    open.shutdown().await;
}

/// How long, after SIGINT or SIGTERM, open connections may take to finish before the server
/// stops anyway.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// `token` if it is the published `default`, else a placeholder: in front of an upstream, the
/// token callers present guards real data.
fn shown<'a>(token: &'a str, default: &str) -> &'a str {
    if token == default {
        token
    } else {
        "(as given; not shown)"
    }
}

/// SIGINT (Ctrl-C) and SIGTERM, listened for from [`Signals::install`] on.
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    fn install() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    /// Resolves on the next SIGINT or SIGTERM.
    async fn next(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
