//! The shell scripts a build runs: every RUN in shell form, its heredoc
//! bodies when they are the script, and `["sh", "-c", "..."]` exec forms,
//! parsed once with the positions of their commands mapped back to the
//! Dockerfile. `ONBUILD RUN` triggers are parsed the same way and marked
//! as triggers: they run in the builds that use the image as their base.

use crate::model::Model;
use crate::shell::powershell::{self, PsStatement};
use crate::shell::script::{parse_script, Script, ShellWord};
use crate::span::{to_u32, Span};
use crate::syntax::{Command, Dockerfile, Instruction, Keyword, Word};

/// Shells whose scripts we understand.
const POSIX_SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"];

/// Where a script's text comes from, to map its offsets back to the source.
#[derive(Clone, Debug, PartialEq)]
enum Origin {
    /// A range of the instruction's logical text.
    Logical { instruction: usize, start: usize },
    /// A run of source bytes (a heredoc body).
    Source { start: u32 },
    /// A JSON string or synthesized text: every offset maps to this span.
    Whole(Span),
}

/// Whether a script runs in this build or in the builds of child images.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunOrigin {
    /// A RUN instruction: it runs while this image is built.
    Run,
    /// An `ONBUILD RUN` trigger: it runs in every build that uses this
    /// image as its base, with that build's user, shell and files.
    Trigger,
}

/// One parsed script of one RUN (or of one `ONBUILD RUN` trigger).
#[derive(Clone, Debug, PartialEq)]
pub struct RunScript {
    /// Index of the RUN instruction (of the ONBUILD, for a trigger).
    pub instruction: usize,
    pub stage: Option<usize>,
    pub script: Script,
    /// True for a heredoc body run as the script.
    pub from_heredoc: bool,
    /// A RUN of this build or an `ONBUILD RUN` trigger.
    pub run_origin: RunOrigin,
    origin: Origin,
}

impl RunScript {
    /// Whether the script is an `ONBUILD RUN` trigger, which runs in the
    /// child image's build rather than in this one.
    pub fn is_trigger(&self) -> bool {
        self.run_origin == RunOrigin::Trigger
    }

    /// The RUN instruction itself: the instruction at `instruction`, or the
    /// RUN an ONBUILD wraps (its flags, such as `--mount`, are the RUN's).
    pub fn run<'a>(&self, dockerfile: &'a Dockerfile) -> &'a Instruction {
        dockerfile.instructions[self.instruction].effective()
    }

    /// The source span of a byte range of the script.
    pub fn span(&self, dockerfile: &Dockerfile, range: std::ops::Range<usize>) -> Span {
        match &self.origin {
            Origin::Logical { instruction, start } => dockerfile.instructions[*instruction]
                .effective()
                .text
                .span(start + range.start..start + range.end),
            Origin::Source { start } => {
                Span::new(start + to_u32(range.start), start + to_u32(range.end))
            }
            Origin::Whole(span) => *span,
        }
    }
}

/// Parses the scripts of every RUN and `ONBUILD RUN` whose shell is POSIX
/// (for a trigger, the shell this stage sets, which a child image inherits).
pub fn scripts(dockerfile: &Dockerfile, model: &Model) -> Vec<RunScript> {
    // A very large file's halves are parsed on two threads.
    let count = dockerfile.instructions.len();
    let two = crate::threads::worth_two(count);
    let half = if two { count / 2 } else { count };
    let (mut scripts, second) = crate::threads::join(
        two,
        || scripts_among(dockerfile, model, 0..half),
        || scripts_among(dockerfile, model, half..count),
    );
    scripts.extend(second);
    scripts
}

/// The scripts of the RUNs among a range of instructions, in order.
fn scripts_among(
    dockerfile: &Dockerfile,
    model: &Model,
    among: std::ops::Range<usize>,
) -> Vec<RunScript> {
    let mut scripts = Vec::new();
    for (index, outer) in dockerfile
        .instructions
        .iter()
        .enumerate()
        .take(among.end)
        .skip(among.start)
    {
        let instruction = outer.effective();
        if instruction.keyword != Keyword::Run {
            continue;
        }
        let run_origin = if outer.keyword == Keyword::Onbuild {
            RunOrigin::Trigger
        } else {
            RunOrigin::Run
        };
        let shell = model
            .effective
            .get(index)
            .and_then(|state| state.shell.as_deref());
        if !shell.is_none_or(|shell| shell.first().is_some_and(|program| is_posix_shell(program))) {
            continue;
        }
        let stage = model.instruction_stage.get(index).copied().flatten();
        let mut push = |mut script: Script, origin: Origin, from_heredoc: bool| {
            put_in_flag_variables(&mut script, model, index);
            scripts.push(RunScript {
                instruction: index,
                stage,
                script,
                from_heredoc,
                run_origin,
                origin,
            });
        };
        match instruction.command() {
            Some(Command::Shell { text, range }) => {
                push(
                    parse_script(text),
                    Origin::Logical {
                        instruction: index,
                        start: range.start,
                    },
                    false,
                );
                for heredoc in heredoc_scripts(&outer.heredocs, text) {
                    let body = heredoc.content();
                    push(
                        parse_script(&body),
                        if heredoc.chomp {
                            Origin::Whole(heredoc.body_span)
                        } else {
                            Origin::Source {
                                start: heredoc.body_span.start,
                            }
                        },
                        true,
                    );
                }
            }
            Some(Command::Exec(words)) => {
                if let Some((script, origin)) = exec_script(words, instruction) {
                    push(script, origin, false);
                }
            }
            _ => {}
        }
    }
    scripts
}

/// `apt-get install $NO_RECS` after `ARG NO_RECS=--no-install-recommends`:
/// the shell splits the value into words, so the command reads those
/// options. Only a `$NAME` whose value set in the Dockerfile is made of
/// options is put in (quoted, a single option); each keeps the word's position.
fn put_in_flag_variables(script: &mut Script, model: &Model, instruction: usize) {
    for command in &mut script.commands {
        if !command.words.iter().skip(1).any(|word| word.has_expansion) {
            continue;
        }
        let mut words = Vec::with_capacity(command.words.len());
        for (position, word) in std::mem::take(&mut command.words).into_iter().enumerate() {
            match flag_values(&word, model, instruction) {
                Some(flags) if position > 0 => {
                    words.extend(flags.into_iter().map(|flag| ShellWord {
                        value: flag,
                        has_expansion: false,
                        ..word.clone()
                    }));
                }
                _ => words.push(word),
            }
        }
        command.words = words;
    }
}

/// The options a word `$NAME` or `${NAME}` stands for.
fn flag_values(word: &ShellWord, model: &Model, instruction: usize) -> Option<Vec<String>> {
    if !word.has_expansion {
        return None;
    }
    let name = word
        .value
        .strip_prefix("${")
        .and_then(|rest| rest.strip_suffix('}'))
        .or_else(|| word.value.strip_prefix('$'))?;
    if name.is_empty()
        || !name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
    {
        return None;
    }
    let value = model.lookup(instruction, name)?.value.as_ref()?;
    let flags: Vec<String> = value.split_whitespace().map(str::to_string).collect();
    // Quoted, the value stays one word: only a single option is the same.
    let splits_as_written = !word.quoted || flags.len() == 1;
    (splits_as_written && !flags.is_empty() && flags.iter().all(|flag| flag.starts_with('-')))
        .then_some(flags)
}

/// A RUN whose script is PowerShell: under `SHELL ["powershell", …]`, or a
/// shell-form `RUN powershell -Command …` (the words after `-Command`).
#[derive(Clone, Debug, PartialEq)]
pub struct PowerShellRun {
    pub instruction: usize,
    pub stage: Option<usize>,
    pub statements: Vec<PsStatement>,
    /// Where the script starts in the instruction's logical text.
    start: usize,
}

impl PowerShellRun {
    /// The source span of a byte range of the script.
    pub fn span(&self, dockerfile: &Dockerfile, range: std::ops::Range<usize>) -> Span {
        dockerfile.instructions[self.instruction]
            .effective()
            .text
            .span(self.start + range.start..self.start + range.end)
    }
}

/// Every PowerShell RUN (ONBUILD triggers left out: they run elsewhere).
pub fn powershell_runs(dockerfile: &Dockerfile, model: &Model) -> Vec<PowerShellRun> {
    let mut runs = Vec::new();
    for (index, instruction) in dockerfile.instructions.iter().enumerate() {
        let Some(Command::Shell { text, range }) = instruction.command() else {
            continue;
        };
        if instruction.keyword != Keyword::Run {
            continue;
        }
        let shell = model
            .effective
            .get(index)
            .and_then(|state| state.shell.as_deref());
        let under_powershell = shell
            .and_then(|shell| shell.first())
            .is_some_and(|program| powershell::is_powershell(program));
        // A RUN of a Linux image is read as PowerShell only when its first
        // word can be PowerShell's name: not worth parsing every RUN for.
        if !under_powershell && !powershell::may_name_powershell(text) {
            continue;
        }
        let mut statements = powershell::statements(text);
        if !under_powershell {
            // `powershell -NoProfile -Command <script>`: the script follows.
            let Some(first) = statements.first_mut() else {
                continue;
            };
            if !first
                .words
                .first()
                .is_some_and(|word| powershell::is_powershell(&word.text))
            {
                continue;
            }
            let command = first.words.iter().position(|word| {
                matches!(word.text.to_ascii_lowercase().as_str(), "-command" | "-c")
            });
            let skip = match command {
                Some(at) => at + 1,
                None => {
                    1 + first.words[1..]
                        .iter()
                        .take_while(|word| word.text.starts_with('-'))
                        .count()
                }
            };
            first.words.drain(..skip.min(first.words.len()));
            if first.words.is_empty() {
                statements.remove(0);
            }
            // `powershell -Command "iwr … | iex"`: the quoted word is the script.
            if let [only] = statements.as_slice() {
                if let [word] = only.words.as_slice() {
                    if word.value().len() + 2 == word.text.len() {
                        let offset = word.range.start + 1;
                        statements = powershell::statements(word.value());
                        for word in statements.iter_mut().flat_map(|s| &mut s.words) {
                            word.range = word.range.start + offset..word.range.end + offset;
                        }
                    }
                }
            }
        }
        runs.push(PowerShellRun {
            instruction: index,
            stage: model.instruction_stage.get(index).copied().flatten(),
            statements,
            start: range.start,
        });
    }
    runs
}

pub(crate) fn is_posix_shell(program: &str) -> bool {
    let name = program.rsplit(['/', '\\']).next().unwrap_or(program);
    POSIX_SHELLS.contains(&name)
}

/// Heredoc bodies that are shell scripts: `RUN <<EOF` alone runs the body
/// with the shell (unless a shebang names another interpreter), and so does
/// `RUN <<EOF sh` or `RUN bash <<EOF`.
fn heredoc_scripts<'a>(
    heredocs: &'a [crate::syntax::Heredoc],
    command: &str,
) -> Vec<&'a crate::syntax::Heredoc> {
    let rest: Vec<&str> = command
        .split_whitespace()
        .filter(|word| {
            !heredocs
                .iter()
                .any(|heredoc| is_marker(word, &heredoc.name))
        })
        .collect();
    let runs_shell = match rest.as_slice() {
        [] => true,
        [program, flags @ ..] => {
            is_posix_shell(program) && flags.iter().all(|flag| flag.starts_with('-'))
        }
    };
    if !runs_shell {
        return Vec::new();
    }
    heredocs
        .iter()
        .filter(|heredoc| match heredoc.body.strip_prefix("#!") {
            Some(shebang) => shebang.split_whitespace().next().is_some_and(|program| {
                is_posix_shell(program)
                    || program.ends_with("/env")
                        && shebang
                            .split_whitespace()
                            .nth(1)
                            .is_some_and(is_posix_shell)
            }),
            None => true,
        })
        .collect()
}

fn is_marker(word: &str, name: &str) -> bool {
    let word = word.trim_start_matches(|ch: char| ch.is_ascii_digit());
    word.strip_prefix("<<")
        .map(|rest| rest.trim_start_matches('-').trim_matches(['"', '\'']))
        .is_some_and(|delimiter| delimiter == name)
}

/// `["sh", "-c", "script"]` runs a script; other exec forms run one command,
/// which is modelled as a one-command script.
fn exec_script(words: &[Word], instruction: &Instruction) -> Option<(Script, Origin)> {
    let first = words.first()?;
    if is_posix_shell(&first.text) {
        let flag = words
            .iter()
            .skip(1)
            .position(|word| word.text.starts_with('-') && word.text.contains('c'))?;
        let script = words.get(flag + 2)?;
        // The JSON string is quoted in the source: offsets map 1:1 when it has no escapes.
        let raw_len = script.span.len() as usize;
        let origin = if raw_len == script.text.len() + 2 {
            Origin::Source {
                start: script.span.start + 1,
            }
        } else {
            Origin::Whole(script.span)
        };
        return Some((parse_script(&script.text), origin));
    }
    let text = words
        .iter()
        .map(|word| shell_quote(&word.text))
        .collect::<Vec<_>>()
        .join(" ");
    Some((parse_script(&text), Origin::Whole(instruction.args_span())))
}

fn shell_quote(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || "-_./=:@%+,".contains(ch))
    {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}
