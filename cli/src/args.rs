//! Command-line arguments. Each subcommand has its own `Args` struct; the
//! options every command shares (`--config`, `--color`, `--lang`) are global.

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXIT_STATUS: &str = "\
Exit status:
  check  0 no finding at or above --fail-on; 1 a finding at or above it, or a
         Dockerfile error (unless --fail-on never); 2 usage, I/O or config error
  fix    0 fixed or nothing to fix; 1 --dry-run would change a file, or a file
         was left alone because it has Dockerfile errors; 2 usage, I/O or config error
  parse  0 parsed; 1 the Dockerfile has errors; 2 usage or I/O error

Configuration: plimsoll.toml in the current directory or the nearest parent,
or --config FILE. Command-line options win over the file.";

#[derive(Debug, Parser)]
#[command(
    name = "plimsoll",
    version,
    about = "Security checklist for Dockerfiles.",
    after_help = EXIT_STATUS
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Read this configuration file instead of looking for plimsoll.toml.
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Do not read any plimsoll.toml.
    #[arg(long, global = true)]
    pub no_config: bool,

    /// When to use colors (auto: on a terminal, unless NO_COLOR is set).
    #[arg(long, global = true, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,

    /// Never use colors (same as --color never).
    #[arg(long, global = true, conflicts_with = "color")]
    pub no_color: bool,

    /// Language of messages and explanations [default: en, or `lang` in plimsoll.toml].
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Dockerfiles and print what is wrong with them.
    Check(CheckArgs),
    /// Apply the safe fixes in place (--dry-run shows the diff instead).
    Fix(FixArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Explain one rule: why it matters, bad and good examples, how to fix it.
    Explain(ExplainArgs),
    /// Print what the parser understood of a Dockerfile.
    Parse(ParseArgs),
    /// Print a shell completion script (bash, zsh or fish).
    Completions(CompletionsArgs),
    /// Print the manual page (roff; `plimsoll man | man -l -`).
    Man(ManArgs),
    /// Run a language server on standard input and output, for editors.
    Lsp,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Dockerfiles or directories to check; `-` reads standard input.
    /// Directories are searched for Dockerfile, *.Dockerfile, Dockerfile.*
    /// and Containerfile.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// A vulnerability scan report (Trivy or Grype JSON, SARIF, GitLab) of
    /// the image, checked with the project; repeatable.
    #[arg(long = "report", value_name = "FILE")]
    pub reports: Vec<PathBuf>,

    /// How to print the results.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Exit with status 1 when an unsuppressed finding of this severity or
    /// higher exists [default: info, or `fail-on` in plimsoll.toml].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,

    /// Judge this stage as the final image (like `docker build --target`).
    #[arg(long, value_name = "STAGE")]
    pub target: Option<String>,

    /// Ignore suppression comments (`# plimsoll ignore=…`, `# hadolint ignore=…`).
    #[arg(long)]
    pub strict: bool,

    /// Do not run this rule (code or name); repeatable.
    #[arg(long, value_name = "RULE")]
    pub disable: Vec<String>,

    /// Text format: show code frames (auto: when writing to a terminal).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = Frames::Auto)]
    pub frames: Frames,

    /// Text and GitHub formats: show info findings (style and hygiene
    /// advice) too; by default they are counted in the summary but not
    /// listed [default: `show-info` in plimsoll.toml].
    #[arg(long)]
    pub show_info: bool,

    /// Where the Plimsoll web app is served: the frames' notes link each
    /// rule's page there (`URL/?rule=PL101`) [default: `docs-url` in
    /// plimsoll.toml].
    #[arg(long, value_name = "URL", value_parser = docs_url)]
    pub docs_url: Option<String>,

    /// Check Dockerfiles found in a directory on their own, without their
    /// build context and `.dockerignore`.
    #[arg(long)]
    pub no_companions: bool,
}

/// A `--docs-url`: an http(s) address.
fn docs_url(value: &str) -> Result<String, String> {
    crate::config::check_docs_url(value).map(str::to_owned)
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Dockerfiles or directories to fix; `-` reads standard input and
    /// prints the fixed file.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Print a unified diff of what would change, and change nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Also apply the fixes that need review (they change behaviour).
    #[arg(long = "unsafe")]
    pub unsafe_fixes: bool,

    /// Judge this stage as the final image.
    #[arg(long, value_name = "STAGE")]
    pub target: Option<String>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Rule code (`PL201`), name (`base-image-latest-tag`) or a peer's id (`DL3007`).
    #[arg(value_name = "CODE")]
    pub code: String,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The Dockerfile; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    #[arg(long, value_enum, default_value_t = ListFormat::Json)]
    pub format: ListFormat,

    /// The stage to treat as the final image.
    #[arg(long, value_name = "STAGE")]
    pub target: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in (where to put the script: README, "The CLI").
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command's own page, plimsoll-COMMAND(1), with its options (`check`,
    /// `fix`, …); without it, plimsoll(1).
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

impl From<Shell> for clap_complete::Shell {
    fn from(shell: Shell) -> Self {
        match shell {
            Shell::Bash => clap_complete::Shell::Bash,
            Shell::Zsh => clap_complete::Shell::Zsh,
            Shell::Fish => clap_complete::Shell::Fish,
        }
    }
}

/// Checks what clap cannot express.
pub fn validate_files(files: &[PathBuf]) -> Result<(), String> {
    let stdin_count = files.iter().filter(|path| is_stdin(path)).count();
    if stdin_count > 1 {
        return Err("standard input ('-') can be given only once".to_owned());
    }
    Ok(())
}

/// `-` stands for standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: severity rule message`, or code frames on a terminal.
    Text,
    /// One JSON document: every file with its findings, checklist and errors.
    Json,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
    /// A Markdown report for pull-request comments and handouts.
    Markdown,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality JSON, for `artifacts: reports: codequality`.
    Gitlab,
    /// The security checklist with statuses and what to check by hand.
    Checklist,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Critical,
    High,
    Medium,
    Low,
    Info,
    Never,
}

impl FailOn {
    pub fn parse(text: &str) -> Option<FailOn> {
        FailOn::from_str(text, true).ok()
    }

    /// The lowest severity that fails, or `None` for `never`.
    pub fn threshold(self) -> Option<plimsoll_core::Severity> {
        use plimsoll_core::Severity;
        match self {
            FailOn::Critical => Some(Severity::Critical),
            FailOn::High => Some(Severity::High),
            FailOn::Medium => Some(Severity::Medium),
            FailOn::Low => Some(Severity::Low),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Frames {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Ja,
}

impl From<LangArg> for plimsoll_core::Lang {
    fn from(lang: LangArg) -> Self {
        match lang {
            LangArg::En => plimsoll_core::Lang::En,
            LangArg::Ja => plimsoll_core::Lang::Ja,
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn fail_on_names_parse() {
        assert_eq!(FailOn::parse("HIGH"), Some(FailOn::High));
        assert_eq!(FailOn::parse("never"), Some(FailOn::Never));
        assert_eq!(FailOn::parse("urgent"), None);
        assert_eq!(FailOn::Never.threshold(), None);
    }
}
