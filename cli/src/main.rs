//! `plimsoll`: check Dockerfiles from a terminal or CI.
//!
//! Exit status: 0 when every input is clean, 1 when any finding or Dockerfile
//! error was reported, 2 for usage errors and inputs that could not be read.

mod args;
mod input;
mod output;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::args::{CheckArgs, Cli, Command};
use crate::input::Input;

/// The process exit statuses, in one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Clean = 0,
    Findings = 1,
    Trouble = 2,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match cli.command {
        Command::Check(args) => check(&args),
    };
    ExitCode::from(status as u8)
}

fn check(args: &CheckArgs) -> Status {
    if let Err(message) = args.validate() {
        eprintln!("plimsoll: error: {message}");
        return Status::Trouble;
    }
    let settings = plimsoll_core::Settings::default();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut checked = Vec::new();
    let mut unreadable = false;
    for path in &args.files {
        match Input::read(path) {
            Ok(input) => {
                let report = plimsoll_core::check(&input.text, &settings);
                checked.push((input, report));
            }
            Err(error) => {
                eprintln!("plimsoll: error: {error}");
                unreadable = true;
            }
        }
    }
    let dirty = checked
        .iter()
        .any(|(_, report)| report.active_findings().next().is_some() || !report.errors.is_empty());
    let written = output::write(&mut out, args.format, &checked).and_then(|()| out.flush());
    if let Err(error) = written {
        // A closed pipe (`plimsoll check … | head`) is not worth a message.
        if error.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("plimsoll: error: cannot write the report: {error}");
        }
        return Status::Trouble;
    }
    if unreadable {
        Status::Trouble
    } else if dirty {
        Status::Findings
    } else {
        Status::Clean
    }
}
