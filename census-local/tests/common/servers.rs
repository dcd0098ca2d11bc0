//! Real servers for the proxy tests: routers on free ports of 127.0.0.1, an upstream that
//! records what reached it, a port nothing listens on, and the `census-local` binary itself.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, Uri};
use axum::response::Response;

use super::Reply;

/// Serves `router` on a free port of 127.0.0.1 for the rest of the test's runtime.
pub async fn listen(router: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router).await });
    addr
}

/// A port nothing listens on: bound, then released.
pub async fn dead_port() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    listener.local_addr().expect("addr")
}

/// One request as a capturing upstream saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: Method,
    pub uri: Uri,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts that only the headers a proxy forwards arrived (its allow-list, plus what the
    /// client adds: host, user-agent, content-length), and nowhere the caller's `token`.
    pub fn assert_only_api_headers(&self, token: &str) {
        let names: Vec<&str> = self.headers.keys().map(|name| name.as_str()).collect();
        for name in &names {
            assert!(
                [
                    "host",
                    "authorization",
                    "content-type",
                    "accept",
                    "user-agent",
                    "content-length"
                ]
                .contains(name),
                "{name} was forwarded (all: {names:?})"
            );
        }
        let all = format!("{:?}", self.headers);
        assert!(!all.contains(token), "the caller's token was forwarded");
    }
}

pub type Log = Arc<Mutex<Vec<Seen>>>;

/// An upstream that records every request, then answers it with `answer(uri)`.
pub async fn capturing<F, Fut>(answer: F) -> (Log, SocketAddr)
where
    F: Fn(Uri) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response> + Send + 'static,
{
    let log: Log = Arc::default();
    let seen = log.clone();
    let router = Router::new().fallback(move |request: Request<Body>| {
        let seen = seen.clone();
        let answer = answer.clone();
        async move {
            let (parts, body) = request.into_parts();
            let body = axum::body::to_bytes(body, 1 << 20).await.expect("body");
            seen.lock().expect("log").push(Seen {
                method: parts.method,
                uri: parts.uri.clone(),
                headers: parts.headers,
                body,
            });
            answer(parts.uri).await
        }
    });
    (log, listen(router).await)
}

/// Sends `request` (a whole HTTP/1.1 request, `Connection: close`) to `addr` over a real socket
/// and reads the answer to its end: its head, and its body as sent, for what only the wire
/// shows (`Content-Length`).
pub async fn exchange(addr: SocketAddr, request: String) -> (String, Vec<u8>) {
    use std::io::{Read, Write};
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .expect("timeout");
        stream.write_all(request.as_bytes()).expect("send");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("answer");
        let end = answer
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a head");
        let head = String::from_utf8_lossy(&answer[..end]).into_owned();
        (head, answer[end + 4..].to_vec())
    })
    .await
    .expect("the exchange")
}

/// `GET path` sent on the wire to `proxy` (a router served here) with `Host: host` and the
/// caller's `token`: asserts a 200 whose head and body never show `held`, with the
/// `Content-Length` of the body as it arrived, and returns that body as JSON.
pub async fn get_on_the_wire(
    proxy: Router,
    path: &str,
    host: &str,
    token: &str,
    held: &str,
) -> serde_json::Value {
    let served = listen(proxy).await;
    let (head, body) = exchange(
        served,
        format!(
            "GET {path} HTTP/1.1\r\nHost: {host}\r\n\
             Authorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        ),
    )
    .await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(!head.contains(held) && !String::from_utf8_lossy(&body).contains(held));
    assert_eq!(
        head_value(&head, "content-length"),
        Some(body.len().to_string().as_str()),
        "{head}"
    );
    serde_json::from_slice(&body).expect("JSON")
}

/// The value of header `name` in an answer's `head`, as [`exchange`] returns it.
pub fn head_value<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

/// Asserts that neither the body nor any header of `reply` carries `secret`.
pub fn assert_no_secret(reply: &Reply, secret: &str) {
    assert!(
        !reply.text().contains(secret),
        "the held token leaked into a body: {}",
        reply.text()
    );
    for (name, value) in &reply.headers {
        assert!(
            !String::from_utf8_lossy(value.as_bytes()).contains(secret),
            "the held token leaked into the {name} header"
        );
    }
}

/// The binary, run as an operator would.
pub mod binary {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;
    use std::process::{Child, Command, Stdio};
    use std::time::Duration;

    /// The binary with no `CENSUS_LOCAL_*` variable from the test's environment, so only what a
    /// test sets applies.
    pub fn census_local() -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_census-local"));
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("CENSUS_LOCAL_") {
                command.env_remove(name);
            }
        }
        command.args(["--www", "/nonexistent", "--pkg", "/nonexistent"]);
        command
    }

    /// A running server, killed (by its own id) when dropped, so none outlives a failed test.
    pub struct Server {
        child: Child,
        pub base: String,
        stdout: BufReader<std::process::ChildStdout>,
    }

    /// Spawns `command` with its output piped and reads its ready line: the child, the rest of
    /// its stdout, and the address it serves (`127.0.0.1:PORT`).
    pub fn spawn_ready(
        command: &mut Command,
    ) -> (Child, BufReader<std::process::ChildStdout>, String) {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn census-local");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("ready line");
        let base = line
            .trim_end()
            .strip_prefix("CENSUS_LOCAL_READY http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        (child, stdout, base)
    }

    impl Server {
        pub fn start(command: &mut Command) -> Self {
            let (child, stdout, base) = spawn_ready(command);
            Self {
                child,
                base,
                stdout,
            }
        }

        /// Sends one raw HTTP/1.1 request and reads the answer (the server closes after it).
        pub fn exchange(&self, request_line: &str, headers: &str) -> String {
            self.exchange_with_body(request_line, headers, "")
        }

        pub fn exchange_with_body(&self, request_line: &str, headers: &str, body: &str) -> String {
            let mut stream = TcpStream::connect(&self.base).expect("connect");
            stream
                .set_read_timeout(Some(Duration::from_secs(20)))
                .expect("timeout");
            write!(
                stream,
                "{request_line} HTTP/1.1\r\nHost: {}\r\n{headers}Content-Length: {}\r\n\
                 Connection: close\r\n\r\n{body}",
                self.base,
                body.len()
            )
            .expect("send");
            let mut answer = String::new();
            stream.read_to_string(&mut answer).expect("answer");
            answer
        }

        /// The next line the server prints on stdout.
        pub fn read_line(&mut self) -> String {
            let mut line = String::new();
            self.stdout.read_line(&mut line).expect("a line");
            line
        }

        /// Sends SIGTERM, as a process manager would, and waits (up to 10 s) for the exit.
        pub fn terminate(&mut self) -> std::process::ExitStatus {
            let sent = Command::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .status()
                .expect("kill");
            assert!(sent.success());
            let deadline = std::time::Instant::now() + Duration::from_secs(10);
            loop {
                if let Some(status) = self.child.try_wait().expect("wait") {
                    return status;
                }
                assert!(
                    std::time::Instant::now() < deadline,
                    "census-local did not stop on SIGTERM"
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }

        /// Stops the server and returns everything it printed, stdout then stderr.
        pub fn stop(mut self) -> String {
            let _ = self.child.kill();
            let _ = self.child.wait();
            let mut printed = String::new();
            self.stdout.read_to_string(&mut printed).expect("stdout");
            if let Some(mut stderr) = self.child.stderr.take() {
                stderr.read_to_string(&mut printed).expect("stderr");
            }
            printed
        }
    }

    impl Drop for Server {
        fn drop(&mut self) {
            if matches!(self.child.try_wait(), Ok(None)) {
                let _ = self.child.kill();
                let _ = self.child.wait();
            }
        }
    }

    /// Runs the binary expecting a refusal (exit code 2, nothing on stdout); returns what it
    /// printed, after checking that `secret` is not in it.
    pub fn refused(command: &mut Command, secret: &str) -> String {
        let output = command.output().expect("run census-local");
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        assert!(output.stdout.is_empty(), "{output:?}");
        let printed = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(!printed.contains(secret), "{printed}");
        printed
    }

    /// A port nothing listens on, as `127.0.0.1:PORT`.
    pub fn dead_address() -> String {
        std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .to_string()
    }

    /// What a proxy does when its upstream fails. `proxy_to(upstream, extra flags)` starts it:
    /// against a port nothing listens on, `request` (request line, headers) answers 502 and
    /// `connect_failure` is logged; against `slow` (3 s late) with `--upstream-timeout-ms 200`,
    /// it answers 504 and "did not answer" is logged. Returns the two answers and everything
    /// printed, for the caller to sweep.
    pub fn failing_upstreams(
        proxy_to: impl Fn(&str, &[&str]) -> Server,
        slow: &Server,
        (line, headers): (&str, &str),
        connect_failure: &str,
    ) -> ([String; 2], String) {
        let proxy = proxy_to(&dead_address(), &[]);
        let unreachable = proxy.exchange(line, headers);
        assert!(unreachable.starts_with("HTTP/1.1 502"), "{unreachable}");
        let mut printed = proxy.stop();
        assert!(
            printed.contains(connect_failure),
            "the failure is logged: {printed}"
        );

        let proxy = proxy_to(&slow.base, &["--upstream-timeout-ms", "200"]);
        let late = proxy.exchange(line, headers);
        assert!(late.starts_with("HTTP/1.1 504"), "{late}");
        let log = proxy.stop();
        assert!(
            log.contains("did not answer"),
            "the timeout is logged: {log}"
        );
        printed.push_str(&log);
        ([unreachable, late], printed)
    }

    /// Asserts that `secret` is in nothing printed or answered, and that the startup summary
    /// names `env` as where the held token came from.
    pub fn assert_swept(printed: &str, answers: &[String], secret: &str, env: &str) {
        assert!(
            printed.contains("upstream") && printed.contains(env),
            "the summary says where the token came from: {printed}"
        );
        assert!(!printed.contains(secret), "printed: {printed}");
        for answer in answers {
            assert!(!answer.contains(secret), "answered: {answer}");
        }
    }
}

/// The `Host` a fake upstream was addressed by (empty when none), to build its own URLs from.
pub fn host_of(headers: &axum::http::HeaderMap) -> String {
    headers
        .get(axum::http::header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}
