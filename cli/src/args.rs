//! Command-line arguments. Each subcommand gets its own `Args` struct so that
//! `parse`, `rules`, `explain` and `fix` can be added beside `check`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "plimsoll",
    version,
    about = "Security checklist for Dockerfiles.",
    after_help = "Exit status: 0 clean, 1 findings or Dockerfile errors, 2 usage or I/O error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Dockerfiles and print what is wrong with them.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Dockerfiles to check; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// How to print the results.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

impl CheckArgs {
    /// Checks what clap cannot express.
    pub fn validate(&self) -> Result<(), String> {
        let stdin_count = self.files.iter().filter(|path| is_stdin(path)).count();
        if stdin_count > 1 {
            return Err("standard input ('-') can be given only once".to_owned());
        }
        Ok(())
    }
}

/// `-` stands for standard input.
pub fn is_stdin(path: &std::path::Path) -> bool {
    path.as_os_str() == "-"
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: severity rule message`, one per line.
    Text,
    /// One JSON document: every input with its full report.
    Json,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
