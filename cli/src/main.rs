//! `plimsoll`: check Dockerfiles from a terminal or CI.
//!
//! Exit status (see `args::EXIT_STATUS` for each command): 0 clean, 1 when a
//! finding at or above `--fail-on` or a Dockerfile error was reported, 2 for
//! usage, I/O and configuration errors.

mod args;
mod config;
mod context;
mod fixer;
mod input;
mod lsp;
mod output;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use plimsoll_core::rules::{Rule, RULES};
use plimsoll_core::{Lang, Report, Settings};

use crate::args::{
    CheckArgs, Cli, ColorChoice, Command, ExplainArgs, FailOn, FixArgs, Frames, GlobalArgs,
    ListFormat, ParseArgs, RulesArgs, Shell,
};
use crate::config::Config;
use crate::input::{Input, Source};

/// The process exit statuses, in one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Clean = 0,
    Findings = 1,
    Trouble = 2,
}

/// A problem that ends the command with status 2.
struct Trouble(String);

impl From<config::ConfigError> for Trouble {
    fn from(error: config::ConfigError) -> Self {
        Trouble(error.to_string())
    }
}

/// A large check allocates and frees millions of small values (shell words,
/// messages); mimalloc does that faster than the system allocator: 10 MB of
/// one-line RUNs, 2.77-3.05 s with glibc, 2.50-2.74 s with it (2 cores).
/// Without transparent huge pages (`no_thp`): with them, system time rose
/// to 4-20 s on a VM, each huge page faulted in and cleared.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(args) => check(&cli.global, args),
        Command::Fix(args) => fix(&cli.global, args),
        Command::Rules(args) => rules(&cli.global, args),
        Command::Explain(args) => explain(&cli.global, args),
        Command::Parse(args) => parse(&cli.global, args),
        Command::Completions(args) => completions(args.shell),
        Command::Man(args) => man(args.command.as_deref()),
        Command::Lsp => lsp::run(lsp::Options {
            config: cli.global.config.clone(),
            no_config: cli.global.no_config,
            lang: cli.global.lang.map(Lang::from),
        })
        .map(|()| Status::Clean)
        .map_err(Trouble),
    };
    let status = result.unwrap_or_else(|Trouble(message)| {
        eprintln!("plimsoll: error: {message}");
        Status::Trouble
    });
    ExitCode::from(status as u8)
}

fn load_config(global: &GlobalArgs) -> Result<Config, Trouble> {
    Ok(config::load(global.config.as_deref(), !global.no_config)?)
}

fn lang(global: &GlobalArgs, config: &Config) -> Lang {
    global
        .lang
        .map(Lang::from)
        .or(config.lang)
        .unwrap_or_default()
}

/// Colors for standard output: `--color`, else a terminal without NO_COLOR.
fn color(global: &GlobalArgs) -> bool {
    let choice = if global.no_color {
        ColorChoice::Never
    } else {
        global.color.unwrap_or(ColorChoice::Auto)
    };
    color_enabled(
        choice,
        io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR"),
        std::env::var_os("TERM"),
    )
}

/// `auto` means a terminal, no NO_COLOR (any non-empty value, as
/// no-color.org says) and not `TERM=dumb`.
fn color_enabled(
    choice: ColorChoice,
    terminal: bool,
    no_color: Option<std::ffi::OsString>,
    term: Option<std::ffi::OsString>,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            terminal
                && no_color.is_none_or(|value| value.is_empty())
                && term.is_none_or(|term| term != "dumb")
        }
    }
}

/// Rule names from the command line must exist, as in plimsoll.toml.
fn rule_codes(names: &[String]) -> Result<Vec<String>, Trouble> {
    names
        .iter()
        .map(|name| {
            Rule::by_code(name)
                .map(|rule| rule.code.to_owned())
                .ok_or_else(|| {
                    Trouble(format!(
                        "unknown rule `{name}` (`plimsoll rules` lists them)"
                    ))
                })
        })
        .collect()
}

/// Reads every source, printing the ones that cannot be read; says whether
/// all could.
fn read_all(paths: &[std::path::PathBuf]) -> Result<(Vec<Input>, bool), Trouble> {
    args::validate_files(paths).map_err(Trouble)?;
    let mut inputs = Vec::new();
    let mut all_read = true;
    for source in input::expand(paths) {
        match source.and_then(|source| Input::read(&source)) {
            Ok(input) => inputs.push(input),
            Err(error) => {
                eprintln!("plimsoll: error: {error}");
                all_read = false;
            }
        }
    }
    Ok((inputs, all_read))
}

/// Checks one input on its own; its path tells what the image is for
/// (`tests/e2e/Dockerfile` is a test image).
fn check_input(input: &Input, settings: &Settings) -> Report {
    let settings = Settings {
        path: input.project_path(),
        ..settings.clone()
    };
    plimsoll_core::check(&input.text, &settings)
}

/// Checks every input on its own; on two cores and more, in parallel. The
/// reports are written in `lang`: every thread makes its messages in it alone.
fn check_all(inputs: Vec<Input>, settings: &Settings, lang: Lang) -> Vec<(Input, Report)> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |count| count.get())
        .min(inputs.len() / 8 + 1);
    if threads <= 1 {
        return inputs
            .into_iter()
            .map(|input| {
                let report = check_input(&input, settings);
                (input, report)
            })
            .collect();
    }
    let chunk = inputs.len().div_ceil(threads);
    let mut inputs = inputs;
    let mut chunks = Vec::new();
    while !inputs.is_empty() {
        let rest = inputs.split_off(chunk.min(inputs.len()));
        chunks.push(std::mem::replace(&mut inputs, rest));
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    plimsoll_core::report::written_in(lang, || {
                        chunk
                            .into_iter()
                            .map(|input| {
                                let report = check_input(&input, settings);
                                (input, report)
                            })
                            .collect::<Vec<_>>()
                    })
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("a check thread panicked"))
            .collect()
    })
}

/// Checks what the command line names. A directory is a project (unless
/// `--no-companions`): its Dockerfiles with their build contexts, its
/// Compose files and manifests with the images they run. Files given one by
/// one are checked on their own, or as one project when a Compose file, a
/// manifest or an ignore file is among them. Says whether all could be read.
fn check_inputs(
    args: &CheckArgs,
    settings: &Settings,
    lang: Lang,
) -> Result<(Vec<(Input, Report)>, bool), Trouble> {
    if args.no_companions {
        let (inputs, all_read) = read_all(&args.files)?;
        return Ok((check_all(inputs, settings, lang), all_read));
    }
    let (dirs, loose): (Vec<PathBuf>, Vec<PathBuf>) =
        args.files.iter().cloned().partition(|path| path.is_dir());
    let mut checked = Vec::new();
    let (reports, mut all_read) = if args.reports.is_empty() {
        (Vec::new(), true)
    } else {
        read_all(&args.reports)?
    };
    for dir in &dirs {
        match context::check_directory(dir, &reports, settings, lang) {
            Ok(files) => checked.extend(files),
            Err(message) => {
                eprintln!("plimsoll: error: {message}");
                all_read = false;
            }
        }
    }
    if !loose.is_empty() {
        let (mut inputs, read) = read_all(&loose)?;
        all_read &= read;
        inputs.extend(reports);
        if context::is_project(&inputs) {
            checked.extend(context::check_files(inputs, settings, lang));
        } else {
            checked.extend(check_all(inputs, settings, lang));
        }
    }
    Ok((checked, all_read))
}

fn check(global: &GlobalArgs, args: &CheckArgs) -> Result<Status, Trouble> {
    let config = load_config(global)?;
    let lang = lang(global, &config);
    let mut settings = config.settings.clone();
    if let Some(target) = &args.target {
        settings.target = Some(target.clone());
    }
    settings.strict |= args.strict;
    settings.disabled.extend(rule_codes(&args.disable)?);
    // Scan reports older than 30 days are stale; the core has no clock.
    settings.today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|since| i64::try_from(since.as_secs() / 86_400).ok());
    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(FailOn::Info);

    // The report is written in `lang` only: messages are not made in the other.
    let (checked, all_read) =
        plimsoll_core::report::written_in(lang, || check_inputs(args, &settings, lang))?;

    let color = color(global);
    let frames = match args.frames {
        Frames::Always => true,
        Frames::Never => false,
        Frames::Auto => io::stdout().is_terminal(),
    };
    let options = output::Options {
        format: args.format,
        lang,
        color,
        frames,
        show_info: args.show_info || config.show_info,
        docs_url: args.docs_url.as_deref().or(config.docs_url.as_deref()),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = output::write(&mut out, options, &checked).and_then(|()| out.flush());
    if let Err(error) = written {
        // A closed pipe (`plimsoll check … | head`) is not worth a message.
        if error.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("plimsoll: error: cannot write the report: {error}");
        }
        return Ok(Status::Trouble);
    }
    let failed = fail_on.threshold().is_some_and(|threshold| {
        checked.iter().any(|(_, report)| {
            !report.errors.is_empty()
                || report
                    .active_findings()
                    .any(|finding| finding.severity >= threshold)
        })
    });
    let status = if !all_read {
        Status::Trouble
    } else if failed {
        Status::Findings
    } else {
        Status::Clean
    };
    // The process ends with this command: its memory goes back at once,
    // where freeing the reports finding by finding takes a noticeable part
    // of a large check (300,000 RUNs make 660,000 findings).
    std::mem::forget(checked);
    Ok(status)
}

/// A file to fix, with its fixed text or why it is left alone.
type FixJob = (Input, Result<fixer::Outcome, fixer::FixError>);

/// What `fix` works on, each file with its fixed text or why it is left
/// alone: a directory is fixed as a project (a Compose file's fixes, PL420's
/// lines appended to `.dockerignore`), so are files given one by one when a
/// Compose file, manifest or ignore file is among them; other files alone.
fn fix_inputs(args: &FixArgs, settings: &Settings) -> Result<(Vec<FixJob>, bool), Trouble> {
    let (dirs, loose): (Vec<PathBuf>, Vec<PathBuf>) =
        args.files.iter().cloned().partition(|path| path.is_dir());
    let mut jobs = Vec::new();
    let mut all_read = true;
    for dir in &dirs {
        match context::read_directory(dir, &[], false) {
            Ok((project, inputs)) => {
                let outcomes = fixer::fix_project(&project, settings, args.unsafe_fixes);
                jobs.extend(inputs.into_iter().zip(outcomes));
            }
            Err(message) => {
                eprintln!("plimsoll: error: {message}");
                all_read = false;
            }
        }
    }
    if !loose.is_empty() {
        let (inputs, read) = read_all(&loose)?;
        all_read &= read;
        if context::is_project(&inputs) {
            let project = context::project_of(&inputs);
            let outcomes = fixer::fix_project(&project, settings, args.unsafe_fixes);
            jobs.extend(inputs.into_iter().zip(outcomes));
        } else {
            for input in inputs {
                let settings = Settings {
                    path: input.project_path(),
                    ..settings.clone()
                };
                let outcome = fixer::fix_text(&input.text, &settings, args.unsafe_fixes);
                jobs.push((input, outcome));
            }
        }
    }
    Ok((jobs, all_read))
}

fn fix(global: &GlobalArgs, args: &FixArgs) -> Result<Status, Trouble> {
    let config = load_config(global)?;
    let mut settings = config.settings.clone();
    if let Some(target) = &args.target {
        settings.target = Some(target.clone());
    }
    let (jobs, all_read) = fix_inputs(args, &settings)?;
    let mut status = if all_read {
        Status::Clean
    } else {
        Status::Trouble
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let verb = if args.dry_run { "would fix" } else { "fixed" };
    for (input, outcome) in &jobs {
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(fixer::FixError::Invalid { line, message }) => {
                eprintln!(
                    "plimsoll: {}:{line}: not fixed: the file has an error ({message}); \
                     fix it by hand first",
                    input.name
                );
                status = status.max(Status::Findings);
                continue;
            }
            Err(fixer::FixError::WouldBreak { line, message }) => {
                eprintln!(
                    "plimsoll: {}: not fixed: the fixes would make it invalid (line {line}: \
                     {message}); please report this",
                    input.name
                );
                status = status.max(Status::Findings);
                continue;
            }
        };
        let changed = outcome.text != input.text;
        let written = if args.dry_run {
            if changed {
                status = status.max(Status::Findings);
                out.write_all(fixer::diff(&input.name, &input.text, &outcome.text).as_bytes())
            } else {
                Ok(())
            }
        } else if input.path.is_none() {
            out.write_all(outcome.text.as_bytes())
        } else if changed {
            let path = input.path.as_deref().unwrap_or(std::path::Path::new("-"));
            std::fs::write(path, &outcome.text).map_err(|error| {
                eprintln!("plimsoll: error: {}: cannot write: {error}", input.name);
                status = Status::Trouble;
                error
            })
        } else {
            Ok(())
        };
        if let Err(error) = written {
            if error.kind() == io::ErrorKind::BrokenPipe {
                return Ok(Status::Trouble);
            }
            if input.path.is_none() || args.dry_run {
                return Err(Trouble(format!("cannot write the output: {error}")));
            }
            continue;
        }
        // In a project a fix can edit another file (PL420 appends to
        // `.dockerignore`): the finding's file is fixed, the other changed.
        let count = outcome.fixed_count();
        match (changed, count) {
            (true, 0) => eprintln!(
                "plimsoll: {}: {} by the fixes of findings in other files",
                input.name,
                if args.dry_run {
                    "would change"
                } else {
                    "changed"
                }
            ),
            (_, 0) => {}
            (changed, _) => eprintln!(
                "plimsoll: {}: {verb} {count} finding{} ({}){}",
                input.name,
                if count == 1 { "" } else { "s" },
                outcome.fixed_list(),
                if changed {
                    ""
                } else {
                    " by editing other files"
                }
            ),
        }
        if outcome.review_left > 0 && !args.unsafe_fixes {
            eprintln!(
                "plimsoll: {}: {} more fix{} need{} review: run `plimsoll fix --unsafe --dry-run` \
                 to see {}",
                input.name,
                outcome.review_left,
                if outcome.review_left == 1 { "" } else { "es" },
                if outcome.review_left == 1 { "s" } else { "" },
                if outcome.review_left == 1 {
                    "it"
                } else {
                    "them"
                },
            );
        }
    }
    out.flush()
        .map_err(|error| Trouble(format!("cannot write the output: {error}")))?;
    Ok(status)
}

fn print(text: &str) -> Result<Status, Trouble> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(Status::Clean),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(Status::Clean),
        Err(error) => Err(Trouble(format!("cannot write the output: {error}"))),
    }
}

fn to_json(value: &impl serde::Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("plain data serializes");
    text.push('\n');
    text
}

fn rules(global: &GlobalArgs, args: &RulesArgs) -> Result<Status, Trouble> {
    let lang = global.lang.map(Lang::from).unwrap_or_default();
    // `docs-url` (plimsoll.toml) says where the rule pages are served.
    let docs_url = load_config(global)?.docs_url;
    let text = match args.format {
        ListFormat::Json => to_json(&plimsoll_core::export::catalog::rules_json(
            lang,
            docs_url.as_deref(),
        )),
        ListFormat::Text => {
            let width = RULES.iter().map(|rule| rule.name.len()).max().unwrap_or(0);
            let mut text = String::new();
            for rule in RULES {
                text += &format!(
                    "{}  {:<8}  {:<width$}  {}\n",
                    rule.code,
                    rule.severity.as_str(),
                    rule.name,
                    rule.docs(lang).title
                );
            }
            text
        }
    };
    print(&text)
}

fn explain(global: &GlobalArgs, args: &ExplainArgs) -> Result<Status, Trouble> {
    let lang = global.lang.map(Lang::from).unwrap_or_default();
    let found: Vec<&Rule> = match Rule::by_code(args.code.trim()) {
        Some(rule) => vec![rule],
        None => Rule::by_alias(&args.code).collect(),
    };
    if found.is_empty() {
        return Err(Trouble(format!(
            "unknown rule `{}` (`plimsoll rules` lists them; peer ids such as DL3007 work too)",
            args.code
        )));
    }
    let pages: Vec<String> = found
        .iter()
        .map(|rule| plimsoll_core::export::catalog::explain(rule, lang))
        .collect();
    print(&pages.join("\n"))
}

/// A completion script generated from the argument definitions, so it never
/// lags behind them.
fn completions(shell: Shell) -> Result<Status, Trouble> {
    let mut script = Vec::new();
    clap_complete::generate(
        clap_complete::Shell::from(shell),
        &mut <Cli as clap::CommandFactory>::command(),
        "plimsoll",
        &mut script,
    );
    print(&String::from_utf8_lossy(&script))
}

/// A manual page: plimsoll(1) (global options, the commands, the exit
/// statuses) or one command's page, plimsoll-check(1), with its options.
fn man(name: Option<&str>) -> Result<Status, Trouble> {
    let mut command = <Cli as clap::CommandFactory>::command().disable_help_subcommand(true);
    // Built, the subcommands are named `plimsoll-check` as their pages are.
    command.build();
    let command = match name {
        None => command,
        Some(name) => command.find_subcommand(name).cloned().ok_or_else(|| {
            let names: Vec<&str> = command
                .get_subcommands()
                .map(|sub| sub.get_name())
                .collect();
            Trouble(format!(
                "no manual page for `{name}`; the commands are {}",
                names.join(", ")
            ))
        })?,
    };
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        // A command's page would otherwise say `check` without the version.
        .source(format!("plimsoll {}", env!("CARGO_PKG_VERSION")))
        .render(&mut page)
        .map_err(|error| Trouble(format!("cannot render the manual page: {error}")))?;
    print(&String::from_utf8_lossy(&page))
}

fn parse(global: &GlobalArgs, args: &ParseArgs) -> Result<Status, Trouble> {
    let config = load_config(global)?;
    let source = if args::is_stdin(&args.file) {
        Source::Stdin
    } else {
        Source::File(args.file.clone())
    };
    if std::fs::metadata(&args.file).is_ok_and(|meta| meta.is_dir()) {
        return Err(Trouble(format!(
            "{}: is a directory; `plimsoll parse` takes one Dockerfile",
            args.file.display()
        )));
    }
    let input = Input::read(&source).map_err(|error| Trouble(error.to_string()))?;
    let target = args.target.as_deref().or(config.settings.target.as_deref());
    let parsed = plimsoll_core::export::parse::parse_source(&input.text, target);
    let text = match args.format {
        ListFormat::Json => to_json(&parsed),
        ListFormat::Text => parse_outline(&parsed),
    };
    print(&text)?;
    Ok(if parsed.errors.is_empty() {
        Status::Clean
    } else {
        Status::Findings
    })
}

/// `plimsoll parse --format text`: stages and instructions, one per line.
fn parse_outline(parsed: &plimsoll_core::export::parse::ParseOutput) -> String {
    let mut text = String::new();
    for stage in &parsed.stages {
        let image = stage.image.as_ref().map_or(String::new(), |image| {
            let mut full = format!(" = {}/{}", image.registry, image.repository);
            if let Some(tag) = &image.tag {
                full += &format!(":{tag}");
            }
            if let Some(digest) = &image.digest {
                full += &format!("@{digest}");
            }
            full
        });
        text += &format!(
            "stage {}{} (line {}): {} {}{}{}\n",
            stage.index,
            stage
                .name
                .as_ref()
                .map_or(String::new(), |name| format!(" {name}")),
            stage.line,
            stage.base_kind,
            stage.base,
            image,
            if Some(stage.index) == parsed.final_stage {
                " [final]"
            } else {
                ""
            }
        );
        for instruction in parsed
            .instructions
            .iter()
            .filter(|instruction| instruction.stage == Some(stage.index))
        {
            text += &format!(
                "  {:>4}-{:<4} {}\n",
                instruction.line, instruction.end_line, instruction.keyword
            );
        }
    }
    for instruction in parsed
        .instructions
        .iter()
        .filter(|instruction| instruction.stage.is_none())
    {
        text += &format!(
            "  {:>4}-{:<4} {} (outside any stage)\n",
            instruction.line, instruction.end_line, instruction.keyword
        );
    }
    for error in &parsed.errors {
        text += &format!("error: line {}: {}\n", error.line, error.message);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colors_follow_the_terminal_no_color_and_term() {
        let auto = ColorChoice::Auto;
        assert!(color_enabled(auto, true, None, None));
        assert!(!color_enabled(auto, false, None, None));
        assert!(!color_enabled(auto, true, Some("1".into()), None));
        assert!(color_enabled(auto, true, Some("".into()), None));
        assert!(!color_enabled(auto, true, None, Some("dumb".into())));
        assert!(color_enabled(
            ColorChoice::Always,
            false,
            Some("1".into()),
            None
        ));
        assert!(!color_enabled(ColorChoice::Never, true, None, None));
    }
}
