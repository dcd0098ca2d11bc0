//! The `census-local` binary: parses flags and environment, then runs [`census_local::serve`].

use std::io::Write;
use std::process::ExitCode;

use census_local::{Command, USAGE};

#[tokio::main]
async fn main() -> ExitCode {
    let command = Command::parse(std::env::args().skip(1), |key| std::env::var(key).ok());
    match command {
        Ok(Command::Help) => {
            // A closed stdout (`census-local --help | head`) is not worth a panic.
            let _ = std::io::stdout().write_all(USAGE.as_bytes());
            ExitCode::SUCCESS
        }
        Ok(Command::Run(config)) => match census_local::serve(config).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                let _ = writeln!(std::io::stderr(), "census-local: {error}");
                ExitCode::FAILURE
            }
        },
        Err(message) => {
            let _ = writeln!(std::io::stderr(), "census-local: {message}");
            ExitCode::from(2)
        }
    }
}
