//! The command line and the running binary: option bounds.

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
