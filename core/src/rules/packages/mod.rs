//! PL3xx: package managers, updates and caches (the seed's "脆弱性スキャン" and its troubleshooting).
//!
//! The rules read the RUN scripts through [`runs`]: every simple command of a
//! RUN (shell text and heredoc scripts together), recognized by
//! [`crate::shell::classify`] where it is a known tool.

pub mod apk_cache;
pub mod apt_in_scripts;
pub mod apt_key;
pub mod apt_lists;
pub mod assume_yes;
pub mod debian_frontend;
pub mod dist_upgrade;
pub mod install_recommends;
pub mod language_cache;
pub mod language_unpinned;
pub mod os_unpinned;
pub mod pip_cache;
pub mod rpm_cache;
pub mod update_alone;
pub mod yarn_cache;

use crate::fix::Edit;
use crate::model::RunScript;
use crate::report::Text;
use crate::rules::Context;
use crate::shell::script::basename;
use crate::shell::{classify, Recognized, SimpleCommand, Tool};
use crate::span::Span;
use crate::syntax::Command;

/// One simple command of a RUN, with its tool when [`classify`] knows it.
pub(crate) struct RunCommand<'a> {
    pub script: &'a RunScript,
    /// Index of the command in its script.
    pub index: usize,
    pub command: &'a SimpleCommand,
    pub tool: Option<&'a Recognized>,
}

/// The commands of one RUN instruction, from its shell text and its heredoc scripts.
pub(crate) struct Run<'a> {
    pub instruction: usize,
    pub commands: Vec<RunCommand<'a>>,
    /// The positions in [`Run::commands`] of its `rm` and `find` commands,
    /// found once: several rules ask whether a RUN removes a directory.
    removals: Vec<usize>,
}

/// Every RUN with a parsed script, in order (rules read them through
/// [`Context::runs`], built once).
pub(crate) fn runs(scripts: &[RunScript]) -> Vec<Run<'_>> {
    let mut runs: Vec<Run<'_>> = Vec::new();
    for script in scripts {
        let commands = script
            .script
            .commands
            .iter()
            .enumerate()
            .map(|(index, command)| RunCommand {
                script,
                index,
                command,
                tool: classify(command),
            });
        match runs.last_mut() {
            Some(run) if run.instruction == script.instruction => run.commands.extend(commands),
            _ => runs.push(Run {
                instruction: script.instruction,
                commands: commands.collect(),
                removals: Vec::new(),
            }),
        }
    }
    for run in &mut runs {
        run.removals = run
            .commands
            .iter()
            .enumerate()
            .filter(|(_, command)| {
                let words = unwrapped(command.command);
                words
                    .first()
                    .is_some_and(|word| matches!(basename(&word.value), "rm" | "find"))
            })
            .map(|(position, _)| position)
            .collect();
    }
    runs
}

impl<'a> Run<'a> {
    /// The commands run by one of `tools`, with what was recognized.
    pub fn using<'r>(
        &'r self,
        tools: &'r [Tool],
    ) -> impl Iterator<Item = (&'r RunCommand<'a>, &'r Recognized)> + 'r {
        self.commands.iter().filter_map(move |command| {
            command
                .tool
                .filter(|recognized| tools.contains(&recognized.tool))
                .map(|recognized| (command, recognized))
        })
    }

    /// Whether some command of one of `tools` has one of the sub-commands.
    pub fn runs_subcommand(&self, tools: &[Tool], subcommands: &[&str]) -> bool {
        self.using(tools)
            .any(|(_, recognized)| subcommand_in(recognized, subcommands))
    }

    /// Whether an `rm` (or `find … -delete`) of this RUN removes `dir` or its
    /// content, counting only the commands after position `after` of
    /// [`Run::commands`] (all of them for `None`).
    pub fn removes_after(&self, dir: &str, after: Option<usize>) -> bool {
        let skip = after.map_or(0, |position| position + 1);
        let removals = self.removals.iter().filter(|&&position| position >= skip);
        removals
            .map(|&position| &self.commands[position])
            .any(|command| {
                let words = unwrapped(command.command);
                match words.first().map(|word| basename(&word.value)) {
                    Some("rm") => words[1..]
                        .iter()
                        .any(|word| !word.value.starts_with('-') && covers(&word.value, dir)),
                    Some("find") => {
                        words.get(1).is_some_and(|word| covers(&word.value, dir))
                            && words.iter().any(|word| word.value == "-delete")
                    }
                    _ => false,
                }
            })
    }

    /// Whether `dir` is left out of the layer: removed by this RUN or under
    /// one of its cache or tmpfs mounts.
    pub fn cleans(&self, context: &Context, dirs: &[&str]) -> bool {
        self.cleans_after(context, dirs, None)
    }

    /// Like [`Run::cleans`], with the removal after position `after` of
    /// [`Run::commands`] (a mount covers the whole RUN).
    pub fn cleans_after(&self, context: &Context, dirs: &[&str], after: Option<usize>) -> bool {
        dirs.iter().any(|dir| {
            self.removes_after(dir, after)
                || mounted(context, self.instruction, |target| covers(target, dir))
        })
    }
}

/// The words of a command after `sudo`-like prefixes and their options.
fn unwrapped(command: &SimpleCommand) -> &[crate::shell::ShellWord] {
    let words = &command.words;
    let mut start = 0;
    while let Some(word) = words.get(start) {
        let name = basename(&word.value);
        if matches!(name, "sudo" | "doas" | "command" | "exec")
            || (start > 0 && name.starts_with('-'))
        {
            start += 1;
        } else {
            break;
        }
    }
    &words[start.min(words.len())..]
}

/// Whether `path` (an `rm` operand or a mount target) is `dir`, a parent of
/// it, or something inside it (`dir/*`).
pub(crate) fn covers(path: &str, dir: &str) -> bool {
    let path = path.trim_end_matches('*').trim_end_matches('/');
    !path.is_empty()
        && (dir == path
            || dir
                .strip_prefix(path)
                .is_some_and(|rest| rest.starts_with('/'))
            || path
                .strip_prefix(dir)
                .is_some_and(|rest| rest.starts_with('/')))
}

/// Whether a cache or tmpfs `--mount` of the RUN has a target that `accepts`.
pub(crate) fn mounted(
    context: &Context,
    instruction: usize,
    accepts: impl Fn(&str) -> bool,
) -> bool {
    context.dockerfile.instructions[instruction]
        .effective()
        .mounts()
        .iter()
        .filter(|mount| mount.kind == "cache" || mount.kind == "tmpfs")
        .any(|mount| mount.target().is_some_and(&accepts))
}

/// Whether the sub-command is one of `names`.
pub(crate) fn subcommand_in(recognized: &Recognized, names: &[&str]) -> bool {
    recognized
        .subcommand
        .as_ref()
        .is_some_and(|sub| names.contains(&sub.value.as_str()))
}

impl RunCommand<'_> {
    /// Whether a command pipes into this one (`yes | apt-get install …`).
    pub fn is_piped_into(&self) -> bool {
        self.script
            .script
            .pipeline_predecessor(self.index)
            .is_some()
    }

    /// The source span of word `index` of the command.
    pub fn word_span(&self, context: &Context, index: usize) -> Span {
        let range = self.command.words[index].range.clone();
        context.script_span(self.script, range)
    }

    /// The span from the tool's name through its sub-command: `apt-get install`.
    pub fn name_span(&self, context: &Context, recognized: &Recognized) -> Span {
        let program = self.word_span(context, recognized.program);
        match &recognized.subcommand {
            Some(sub) => program.cover(self.word_span(context, sub.word)),
            None => program,
        }
    }

    /// The span of word `index` when the source holds it as the script does
    /// (not inside an escaped JSON string or a tab-stripped heredoc), so an
    /// edit next to it lands where it should.
    pub fn exact_word_span(&self, context: &Context, index: usize) -> Option<Span> {
        let span = self.word_span(context, index);
        (context.source.get(span.range()) == Some(self.command.words[index].raw.as_str()))
            .then_some(span)
    }

    /// An edit inserting ` text` right after word `index`.
    pub fn insert_after(&self, context: &Context, index: usize, text: &str) -> Option<Edit> {
        self.exact_word_span(context, index)
            .map(|span| Edit::insert(span.end, format!(" {text}")))
    }
}

/// An edit appending ` && command` after the last command of a shell-form
/// RUN. `None` when the end is not plain text we can extend: exec form,
/// heredocs, a trailing `&` or a dangling continuation.
pub(crate) fn append_to_run(context: &Context, instruction: usize, command: &str) -> Option<Edit> {
    // For an `ONBUILD RUN`, the command is the trigger's; the text and the
    // heredocs are the ONBUILD's.
    let run = &context.dockerfile.instructions[instruction];
    if !run.heredocs.is_empty() || !matches!(run.effective().command(), Some(Command::Shell { .. }))
    {
        return None;
    }
    let text = context.source.get(run.span.range())?.trim_end();
    let last_line = text.lines().last()?.trim_start();
    // A trailing comment would swallow the appended command.
    if last_line.starts_with('#')
        || last_line.contains(" #")
        || text.ends_with(['\\', '&', '|', '`'])
    {
        return None;
    }
    let end = run.span.start + crate::span::to_u32(text.len());
    let joiner = if text.ends_with(';') { " " } else { " && " };
    Some(Edit::insert(end, format!("{joiner}{command}")))
}

/// Whether the layers of an instruction's stage end up in the image: the
/// final stage and the stages it is built `FROM`. A stage that is only
/// copied from (`COPY --from`) leaves its caches behind, so cleanup rules
/// skip it. A fragment without any `FROM` (an error of the file) is judged
/// as the image's own instructions. An `ONBUILD RUN` trigger leaves its
/// layer in every image built from this one, whatever its stage.
pub(crate) fn in_final_image(context: &Context, instruction: usize) -> bool {
    if is_trigger(context, instruction) {
        return true;
    }
    match (context.stage_of(instruction), context.model.final_stage) {
        (Some(stage), Some(_)) => context.model.in_final_chain(stage),
        _ => context.model.stages.is_empty(),
    }
}

/// Whether the instruction is an `ONBUILD` (its scripts are triggers).
fn is_trigger(context: &Context, instruction: usize) -> bool {
    context.dockerfile.instructions[instruction].keyword == crate::syntax::Keyword::Onbuild
}

/// In a fragment without any `FROM`, where the model keeps no variables:
/// the first ENV or ARG that defines `name`.
pub(crate) fn fragment_definition(context: &Context, name: &str) -> Option<usize> {
    use crate::syntax::Args;
    if !context.model.stages.is_empty() {
        return None;
    }
    context
        .dockerfile
        .instructions
        .iter()
        .position(|instruction| match &instruction.args {
            Args::KeyValues(pairs) => pairs.iter().any(|pair| pair.key.text == name),
            Args::Arg(declarations) => declarations
                .iter()
                .any(|declaration| declaration.name.text == name),
            _ => false,
        })
}

/// A message, with a note when the RUN sits in a stage that does not reach
/// the final image (for rules that judge every stage).
pub(crate) fn message(context: &Context, instruction: usize, en: String, ja: String) -> Text {
    if is_trigger(context, instruction) {
        return crate::text!(
            format!("{en} (in an ONBUILD trigger, which runs in every build based on this image)"),
            format!("{ja}（このイメージを土台にするすべてのビルドで実行される ONBUILD トリガーでの指摘です）"),
        );
    }
    if context.reaches_final(instruction) || context.model.stages.is_empty() {
        return crate::text!(en, ja);
    }
    let stage = context
        .model
        .stage_of(instruction)
        .map(|stage| match &stage.name {
            Some(name) => format!("`{name}`"),
            None => format!("#{}", stage.index),
        })
        .unwrap_or_default();
    crate::text!(
        format!("{en} (in stage {stage}, which does not reach the final image)"),
        format!("{ja}（最終イメージに含まれないステージ {stage} での指摘です）"),
    )
}

/// `apt-get install -s …` only shows what would happen.
pub(crate) fn apt_simulates(recognized: &Recognized) -> bool {
    matches!(recognized.tool, Tool::AptGet | Tool::Apt)
        && recognized.has_flag(
            &['s'],
            &[
                "--simulate",
                "--just-print",
                "--dry-run",
                "--recon",
                "--no-act",
            ],
        )
}

/// Package operands that are not written with a variable (whose value we cannot see).
pub(crate) fn literal_packages<'r>(
    command: &'r RunCommand,
    recognized: &'r Recognized,
) -> impl Iterator<Item = &'r crate::shell::Operand> + 'r {
    recognized
        .packages()
        .iter()
        .filter(move |operand| !command.command.words[operand.word].has_expansion)
}

/// The packages named in a message, in English and Japanese: the first few,
/// then "…".
pub(crate) fn package_list(packages: &[&crate::shell::Operand]) -> (String, String) {
    const LISTED: usize = 4;
    let mut names: Vec<String> = packages
        .iter()
        .take(LISTED)
        .map(|operand| format!("`{}`", operand.value))
        .collect();
    if packages.len() > LISTED {
        names.push("…".to_string());
    }
    (names.join(", "), names.join("、"))
}
