//! The command line and the running binary: option bounds, the ready line, signals, a taken
//! port, and a reader that closes stdout.

mod common;

use census_local::{Command, MAX_MS};

fn parse(args: &[&str]) -> Result<Command, String> {
    Command::parse(args.iter().map(|a| (*a).to_owned()), |_| None)
}

#[test]
fn millisecond_options_are_bounded_with_a_clear_error() {
    // u64::MAX ms made a triggered run's timeline overflow: a panic, and no answer at all.
    for flag in [
        "--latency-ms",
        "--refresh-ms",
        "--run-ms",
        "--stitch-job-ms",
        "--upstream-timeout-ms",
        "--header-timeout-ms",
    ] {
        let error = parse(&[flag, "18446744073709551615"]).expect_err(flag);
        assert!(
            error.starts_with(&format!("{flag}: ")) && error.contains("86400000"),
            "{error}"
        );
        assert!(
            parse(&[flag, &MAX_MS.to_string()]).is_ok(),
            "{flag} takes a day"
        );
    }
    let error = Command::parse(std::iter::empty(), |key| {
        (key == "CENSUS_LOCAL_RUN_MS").then(|| "99999999999".to_owned())
    })
    .expect_err("the environment is bounded too");
    assert!(error.starts_with("CENSUS_LOCAL_RUN_MS: "), "{error}");
}

use std::io::{BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, ExitStatus};
use std::time::{Duration, Instant};

use common::servers::binary::{Server, census_local, spawn_ready};

/// Sends `signal` to the child (by its own id).
fn signal(child: &Child, signal: &str) {
    let sent = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
}

/// Waits up to `limit` for the child to exit; kills it and fails if it does not.
fn exit_within(child: &mut Child, limit: Duration) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("census-local did not exit within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A started server, killed (by its own id) when dropped, so none outlives a failed test.
struct Running(Child);

impl std::ops::Deref for Running {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.0
    }
}

impl std::ops::DerefMut for Running {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.0
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary with `args` and reads its ready line; the child and its stdout.
fn start(args: &[&str]) -> (Running, BufReader<std::process::ChildStdout>, String) {
    let (child, stdout, base) = spawn_ready(census_local().args(["--port", "0"]).args(args));
    (Running(child), stdout, base)
}

#[test]
fn a_signal_right_after_the_ready_line_stops_the_server_cleanly() {
    // A large seed took a moment to build after the ready line: a signal sent then arrived
    // before the handlers, and killed the process instead of stopping it.
    for sig in ["-TERM", "-INT"] {
        let (mut child, mut stdout, _) = start(&["--seed", "20000"]);
        signal(&child, sig);
        let status = exit_within(&mut child, Duration::from_secs(20));
        assert_eq!(status.code(), Some(0), "{sig}: {status:?}");
        let mut printed = String::new();
        stdout.read_to_string(&mut printed).expect("stdout");
        assert!(printed.contains("census-local: stopped"), "{printed}");
    }
}

#[test]
fn open_connections_do_not_keep_a_stopped_server_alive() {
    let mut server = Server::start(census_local().args(["--port", "0"]));
    // A client that never finishes its request line and headers, one whose body never comes,
    // and a request held by an hour-long delay fault.
    let mut partial = TcpStream::connect(&server.base).expect("connect");
    partial
        .write_all(b"GET /api/v1/sources HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .expect("send");
    let mut no_body = TcpStream::connect(&server.base).expect("connect");
    no_body
        .write_all(
            b"POST /__control/faults HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{",
        )
        .expect("send");
    let mut delayed = TcpStream::connect(&server.base).expect("connect");
    delayed
        .write_all(
            b"GET /api/v1/sources HTTP/1.1\r\nHost: 127.0.0.1\r\n\
              x-census-local-fault: delay:3600000\r\n\r\n",
        )
        .expect("send");
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let status = server.terminate();
    assert!(status.success(), "{status:?}");
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "stopped after {:?}",
        started.elapsed()
    );
    let printed = server.stop();
    assert!(printed.contains("census-local: stopped"), "{printed}");
    assert!(printed.contains("still open"), "{printed}");
}

#[test]
fn an_idle_server_stops_at_once() {
    let mut server = Server::start(census_local().args(["--port", "0"]));
    let started = Instant::now();
    assert!(server.terminate().success());
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[test]
fn a_reader_that_closes_stdout_after_the_ready_line_does_not_stop_the_server() {
    let (mut child, stdout, base) = start(&[]);
    drop(stdout);
    std::thread::sleep(Duration::from_millis(200));
    assert!(child.try_wait().expect("wait").is_none(), "still running");
    let mut stream = TcpStream::connect(&base).expect("connect");
    stream
        .write_all(b"GET /api/v1/sources/3 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    signal(&child, "-TERM");
    let status = exit_within(&mut child, Duration::from_secs(10));
    assert_eq!(status.code(), Some(0), "no panic on the closed pipe");
}

#[test]
fn the_ready_line_comes_once_requests_can_be_answered() {
    // It came before the seeding, so the first request waited for the whole of it.
    let (mut child, _stdout, base) = start(&["--seed", "20000"]);
    let started = Instant::now();
    let mut stream = TcpStream::connect(&base).expect("connect");
    stream
        .write_all(b"GET /__control/sources HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{}", &answer[..80]);
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "answered {:?} after the ready line",
        started.elapsed()
    );
    signal(&child, "-TERM");
    exit_within(&mut child, Duration::from_secs(10));
}

#[test]
fn a_taken_port_is_named_in_the_error() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let output = census_local()
        .args(["--port", &port.to_string()])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")) && stderr.contains("in use"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "no ready line");
}

#[test]
fn control_offered_to_the_network_without_a_token_is_warned_about() {
    let warned = |args: &[&str]| {
        let (mut child, _stdout, _) = start(args);
        signal(&child, "-TERM");
        exit_within(&mut child, Duration::from_secs(10));
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .expect("stderr")
            .read_to_string(&mut stderr)
            .expect("stderr");
        stderr.contains("without a token; give --control-token")
    };
    assert!(warned(&["--host", "0.0.0.0"]));
    assert!(!warned(&["--host", "0.0.0.0", "--control-token", "t"]));
    assert!(!warned(&["--host", "0.0.0.0", "--no-control"]));
    assert!(!warned(&[]));
}

/// How long the server takes to close `stream` (a read gives end of file or a reset), sending
/// one more byte of `trickle` every 50 ms while it waits; `None` if it is still open after
/// `give_up`.
fn closed_after(stream: &mut TcpStream, trickle: &[u8], give_up: Duration) -> Option<Duration> {
    let started = Instant::now();
    stream
        .set_read_timeout(Some(Duration::from_millis(50)))
        .expect("timeout");
    let mut bytes = trickle.iter().cycle();
    let mut buffer = [0; 512];
    while started.elapsed() < give_up {
        if !trickle.is_empty() {
            let byte = bytes.next().expect("cycled");
            if stream.write_all(&[*byte]).is_err() {
                return Some(started.elapsed());
            }
        }
        match stream.read(&mut buffer) {
            Ok(0) => return Some(started.elapsed()),
            // An answer to the unfinished request (a 408, say) before the close.
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return Some(started.elapsed()),
        }
    }
    None
}

/// A census-local whose requests have `timeout` to arrive (`CENSUS_LOCAL_HEADER_TIMEOUT_MS`).
fn with_request_timeout(timeout: Duration) -> Server {
    Server::start(census_local().args(["--port", "0"]).env(
        "CENSUS_LOCAL_HEADER_TIMEOUT_MS",
        timeout.as_millis().to_string(),
    ))
}

/// A connection to `server` that sends each write at once.
fn connect_to(server: &Server) -> TcpStream {
    let stream = TcpStream::connect(&server.base).expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    stream
}

#[test]
fn a_request_head_that_never_ends_is_closed_while_requests_still_work() {
    // A client that sent its request line and headers a byte at a time, or never sent them,
    // held a connection and a task for ever (slowloris): nothing bounded the wait for a head.
    let timeout = Duration::from_millis(400);
    let server = with_request_timeout(timeout);
    let connect = || connect_to(&server);
    // Generous against a loaded machine; the old server never closed these at all.
    let bound = timeout + Duration::from_secs(5);
    let give_up = bound + Duration::from_secs(5);

    let mut silent = connect();
    let mut trickling = connect();
    trickling
        .write_all(b"GET /api/v1/sources HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .expect("send");
    let trickled = closed_after(&mut trickling, b"abcdefgh", give_up);
    let kept_silent = closed_after(&mut silent, b"", give_up);
    for (what, closed) in [("trickling", trickled), ("silent", kept_silent)] {
        let closed = closed.unwrap_or_else(|| panic!("the {what} connection is still open"));
        assert!(
            closed < bound,
            "the {what} connection was closed after {closed:?}"
        );
    }

    // An ordinary request, and one whose head comes in two parts within the bound asking to
    // keep the connection alive, are answered as before (every answer closes its connection:
    // `http::close_connections`).
    let answer = server.exchange("GET /api/v1/sources/3", "");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let mut split = connect();
    split
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    split
        .write_all(b"GET /api/v1/sources/3 HTTP/1.1\r\nHost: 1")
        .expect("send");
    std::thread::sleep(timeout / 2);
    split
        .write_all(b"27.0.0.1\r\nConnection: keep-alive\r\n\r\n")
        .expect("send");
    let mut answer = String::new();
    split.read_to_string(&mut answer).expect("answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"id\":3"), "{answer}");
}

#[test]
fn a_request_body_that_never_arrives_is_closed_while_slow_bodies_still_work() {
    // The head had a deadline, but a request whose body stopped short of its Content-Length
    // held its connection and a task for ever: nothing bounded the wait for the rest.
    let timeout = Duration::from_millis(400);
    let server = with_request_timeout(timeout);
    let connect = || connect_to(&server);
    let head = |length: usize| {
        format!(
            "POST /api/v1/sources HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \
             census-local-dev-token\r\nContent-Type: application/json\r\nContent-Length: \
             {length}\r\n\r\n"
        )
    };
    let bound = timeout + Duration::from_secs(5);
    let give_up = bound + Duration::from_secs(5);

    let mut stalled = connect();
    stalled
        .write_all(format!("{}{{\"connection\":", head(200)).as_bytes())
        .expect("send");
    let closed = closed_after(&mut stalled, b"", give_up)
        .unwrap_or_else(|| panic!("the connection whose body stalled is still open"));
    assert!(closed < bound, "closed after {closed:?}");

    // A body sent in two parts within the bound is read whole and answered as before.
    let body = r#"{"connection":{"type":"postgres","label":"Two parts","credentials":{"hostname":"db.test","port":5432,"user":"u","password":"p","database":"d"}}}"#;
    let mut split = connect();
    split
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let (first, second) = body.split_at(20);
    split
        .write_all(format!("{}{first}", head(body.len())).as_bytes())
        .expect("send");
    std::thread::sleep(timeout / 2);
    split.write_all(second.as_bytes()).expect("send");
    let mut answer = String::new();
    split.read_to_string(&mut answer).expect("answer");
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
}
