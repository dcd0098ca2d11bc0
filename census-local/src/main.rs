//! The `census-local` binary: parses flags and environment, then runs [`census_local::serve`].

use std::process::ExitCode;

use census_local::{Command, USAGE};

#[tokio::main]
async fn main() -> ExitCode {
    let command = Command::parse(std::env::args().skip(1), |key| std::env::var(key).ok());
    match command {
        Ok(Command::Help) => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Command::Run(config)) => match census_local::serve(config).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("census-local: {error}");
                ExitCode::FAILURE
            }
        },
        Err(message) => {
            eprintln!("census-local: {message}");
            ExitCode::from(2)
        }
    }
}
