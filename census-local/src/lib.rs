//! census-local: a local, stateful, in-memory Census Sources API for the demo page and the
//! browser tests, faithful to the documented contract (including its older shapes), so the
//! client can be exercised on a fresh machine without a Census account.
//!
//! [`app`] builds the whole service (API, demo page, wasm package) for in-process tests;
//! [`serve`] binds it to a socket as the `census-local` binary does.

mod api;
mod browse;
mod catalogue;
mod config;
mod control;
mod faults;
mod http;
mod mutations;
mod objects;
mod store;

use std::io::Write;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use tower_http::services::ServeDir;

pub use catalogue::{ConfigField, FieldType, Requirement};
pub use config::{Command, Config, DEFAULT_TOKEN, MAX_SEED, NotFoundShape, USAGE};
pub use faults::FAULT_HEADER;
pub use http::{CREATE_SHAPE_HEADER, NOT_FOUND_SHAPE_HEADER};
pub use store::{CATALOGUE, FIRST_REFRESH_KEY, SourceType};

/// What every handler shares.
struct AppState {
    store: Mutex<store::Store>,
    /// `--seed`, for `POST /__control/reset`.
    seed: usize,
    /// Whether the `/__control` endpoints (and so the rules and the attempt log) are on.
    control: bool,
    rules: Mutex<faults::Rules>,
    mutations: Mutex<mutations::Mutations>,
    attempts: Mutex<control::Attempts>,
    token: String,
    strict_auth: bool,
    not_found_shape: config::NotFoundShape,
    latency: Duration,
    refresh: Duration,
    /// `host:port` used when a request carries no `Host` header.
    fallback_host: String,
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
    fn attempts(&self) -> MutexGuard<'_, control::Attempts> {
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

/// Builds the service: the Sources API under `/api/v1`, the test-control endpoints under
/// `/__control` (unless `--no-control`), the `--pkg` directory under `/pkg/`, and the `--www`
/// directory at `/`. Each call starts from a freshly seeded workspace.
pub fn app(config: Config) -> Router {
    let state = Arc::new(AppState {
        store: Mutex::new(store::Store::seeded(config.seed)),
        seed: config.seed,
        control: config.control,
        rules: Mutex::new(faults::Rules::default()),
        mutations: Mutex::new(mutations::Mutations::default()),
        attempts: Mutex::new(control::Attempts::default()),
        token: config.token.clone(),
        strict_auth: config.strict_auth,
        not_found_shape: config.not_found_shape,
        latency: config.latency,
        refresh: config.refresh,
        fallback_host: authority(&config.host, config.port),
    });

    // Layers run outermost-last: CORS answers preflights before anything else and decorates
    // every answer; the attempt log records what passes it; latency delays all API answers;
    // mutation rules change the store (for requests auth will let through); faults replace or
    // alter the answer; auth guards the routes; a 404 gets the body the request asks for.
    let api = Router::new()
        .route("/source_types", get(browse::list_source_types))
        .route("/source_types/{service_name}", get(browse::get_source_type))
        .route("/sources", get(api::list_sources).post(api::create_source))
        .route(
            "/sources/{id}",
            get(api::get_source)
                .patch(api::update_source)
                .delete(api::delete_source),
        )
        .route("/sources/{id}/refresh_tables", post(api::refresh_tables))
        .route(
            "/sources/{id}/refresh_tables_status",
            get(api::refresh_status),
        )
        .route("/sources/{id}/tables", get(browse::list_tables))
        .route("/sources/{id}/tables/{table_id}", get(browse::get_table))
        .route("/sources/{id}/models/{model_id}", get(browse::get_model))
        .route("/sources/{id}/data_sources", get(browse::list_data_sources))
        .fallback(http::no_route)
        .method_not_allowed_fallback(http::wrong_method)
        .layer(from_fn_with_state(state.clone(), http::reshape_not_found))
        .layer(from_fn_with_state(state.clone(), http::auth))
        .layer(from_fn_with_state(state.clone(), faults::fault))
        .layer(from_fn_with_state(state.clone(), mutations::mutate))
        .layer(from_fn_with_state(state.clone(), http::latency))
        .layer(from_fn_with_state(state.clone(), control::record))
        .layer(from_fn_with_state(http::API_CORS, http::cors))
        .with_state(state.clone());

    let statics = Router::new()
        .nest_service("/pkg", ServeDir::new(&config.pkg))
        .fallback_service(ServeDir::new(&config.www))
        .layer(from_fn(http::no_cache));

    let control = if config.control {
        control::router(state)
    } else {
        control::disabled()
    };
    Router::new()
        .nest("/api/v1", api)
        .nest("/__control", control)
        .merge(statics)
        .layer(from_fn(http::close_connections))
}

/// Binds `config.host:config.port`, prints the ready line and the human summary to stdout,
/// and serves until SIGINT or SIGTERM.
pub async fn serve(mut config: Config) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(authority(&config.host, config.port)).await?;
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
    let base = format!("http://{}", authority(&config.host, config.port));
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "CENSUS_LOCAL_READY {base}")?;
        writeln!(out, "census-local: demo page   {base}/")?;
        writeln!(out, "census-local: API base    {base}/api/v1")?;
        writeln!(out, "census-local: API token   {}", config.token)?;
        writeln!(
            out,
            "census-local: {} seeded sources; tokenless same-origin requests are {}",
            config.seed,
            if config.strict_auth {
                "refused (--strict-auth)"
            } else {
                "accepted (proxy mode)"
            }
        )?;
        if config.control {
            writeln!(
                out,
                "census-local: test control {base}/__control (faults, mutations, attempts, sources, reset; off with --no-control)"
            )?;
        }
        out.flush()?;
    }
    axum::serve(listener, app(config))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    println!("census-local: stopped");
    Ok(())
}

/// Resolves on the first SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
