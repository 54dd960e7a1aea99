//! PL7xx: file system, ownership and modes (the seed's "ファイルシステムセキュリティ").

pub mod copy_destination_not_directory;
pub mod copy_relative_destination;
pub mod docker_socket_volume;
pub mod setuid_setgid;
pub mod volume_sensitive_directory;
pub mod workdir_relative;
pub mod workdir_system_directory;
pub mod world_writable;

use crate::rules::user::{exact_span, expand_known, final_chain, run_commands};
use crate::rules::Context;
use crate::shell::{classify, SimpleCommand, Tool};
use crate::span::Span;
use crate::syntax::{Args, CopyArgs, Keyword, Word};

/// A file mode given to files: `chmod MODE`, `mkdir -m MODE`, `install -m
/// MODE`, or `COPY/ADD --chmod=MODE`.
pub(crate) struct ModeChange {
    pub instruction: usize,
    pub stage: Option<usize>,
    pub mode: String,
    /// The mode as it appears in the source.
    pub span: Span,
    /// Whether `span` holds exactly `mode`, so it can be replaced.
    pub editable: bool,
    /// What sets it, for messages: `chmod`, `COPY --chmod`, ...
    pub setter: String,
    /// The files it applies to, as written.
    pub paths: Vec<String>,
    /// The mode is for directories being created (`mkdir -m`, `install -d -m`).
    pub directories: bool,
    /// The same RUN deletes every path later (a temporary directory), or
    /// every path is on a file system the build container mounts afresh
    /// (`/dev/shm`, `/proc`): the mode never reaches the image.
    pub temporary: bool,
}

/// `path` as an absolute path when the script shows where command `index`
/// runs: the directory of the last `cd` before it, else the WORKDIR. A path
/// whose directory is not known is returned as written.
fn absolute_path(
    commands: &[crate::shell::script::SimpleCommand],
    index: usize,
    workdir: Option<&str>,
    path: &str,
) -> String {
    // `$dir/file` is as absolute as the variable.
    if path.starts_with(['/', '$']) {
        return path.to_string();
    }
    let cd = commands[..index]
        .iter()
        .rev()
        .find(|earlier| earlier.name() == Some("cd"));
    let directory = match cd {
        Some(cd) => cd.args().first().map(|arg| arg.value.as_str()),
        None => workdir,
    };
    match directory.filter(|directory| directory.starts_with('/')) {
        Some(directory) => format!(
            "{}/{}",
            directory.trim_end_matches('/'),
            path.trim_start_matches("./")
        ),
        None => path.to_string(),
    }
}

/// The positional parameters the last `set -- a b c` before a command
/// gives `"$@"` (docker-library's images list their directories so).
fn positional_parameters(before: &[SimpleCommand]) -> Option<Vec<String>> {
    before.iter().rev().find_map(|command| {
        let args = command.args();
        (command.name() == Some("set") && args.first().is_some_and(|first| first.value == "--"))
            .then(|| args[1..].iter().map(|arg| arg.value.clone()).collect())
    })
}

/// Every mode the Dockerfile gives files, in source order per kind.
pub(crate) fn mode_changes(context: &Context) -> Vec<ModeChange> {
    let mut changes = Vec::new();
    for (script, index, command) in run_commands(context) {
        let name = command.name().map(crate::shell::script::basename);
        let (mode_word, paths, setter, directories) = match classify(command) {
            Some(chmod) if chmod.tool == Tool::Chmod => {
                if chmod.has_flag(&[], &["--reference"]) {
                    continue;
                }
                let Some((mode, files)) = chmod.operands.split_first() else {
                    continue;
                };
                let paths = files
                    .iter()
                    .flat_map(|file| match file.value.as_str() {
                        "$@" | "$*" => positional_parameters(&script.script.commands[..index])
                            .unwrap_or_else(|| vec![file.value.clone()]),
                        _ => vec![file.value.clone()],
                    })
                    .collect();
                (&command.words[mode.word], paths, "chmod".to_string(), false)
            }
            _ if matches!(name, Some("mkdir" | "install")) => {
                let Some((mode, operands)) = mode_option(&command.words[1..]) else {
                    continue;
                };
                let setter = format!("{} -m", name.unwrap_or_default());
                let directories = name == Some("mkdir")
                    || command
                        .args()
                        .iter()
                        .any(|arg| arg.value == "-d" || arg.value == "--directory");
                (mode, operands, setter, directories)
            }
            _ => continue,
        };
        if mode_word.has_expansion {
            continue;
        }
        let span = context.script_span(script, mode_word.range.clone());
        // A later `rm` of the path, of a directory holding it, or of that
        // directory's contents (`rm -rf /tmp/*` after `cd /tmp/src && chmod
        // 777 configure`).
        let commands = &script.script.commands;
        let workdir = context.model.effective[script.instruction]
            .workdir
            .as_deref();
        let removed_later = |path: &String| {
            let path = absolute_path(commands, index, workdir, path);
            commands[index + 1..]
                .iter()
                .enumerate()
                .any(|(offset, later)| {
                    later.name() == Some("rm")
                        && later.args().iter().any(|arg| {
                            let target =
                                absolute_path(commands, index + 1 + offset, workdir, &arg.value);
                            let target = target.trim_end_matches('/');
                            let folder = target.strip_suffix("/*").unwrap_or(target);
                            target == path
                                || (!folder.is_empty()
                                    && path
                                        .strip_prefix(folder)
                                        .is_some_and(|rest| rest.starts_with('/')))
                        })
                })
        };
        let temporary = !paths.is_empty()
            && paths.iter().all(|path| {
                removed_later(path)
                    || on_mounted_file_system(&absolute_path(commands, index, workdir, path))
            });
        changes.push(ModeChange {
            instruction: script.instruction,
            stage: script.stage,
            mode: mode_word.value.clone(),
            span,
            editable: mode_word.raw == mode_word.value
                && exact_span(context, script, mode_word.range.clone()).is_some(),
            setter,
            paths,
            directories,
            temporary,
        });
    }
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        let (Args::Copy(copy), Some(flag)) = (&instruction.args, instruction.flag("chmod")) else {
            continue;
        };
        let (Some(mode), Some(span)) = (&flag.value, flag.value_span) else {
            continue;
        };
        let Some(mode) = expand_known(context, index, mode) else {
            continue;
        };
        changes.push(ModeChange {
            instruction: index,
            stage: context.stage_of(index),
            editable: span.len() as usize == mode.len(),
            mode,
            span,
            setter: format!("{} --chmod", instruction.keyword.as_str()),
            paths: copy
                .destination
                .iter()
                .map(|word| word.text.clone())
                .collect(),
            directories: false,
            temporary: false,
        });
    }
    changes
}

/// A path on a file system that every container, the build's included, gets
/// mounted afresh (`/dev`, `/dev/shm`, `/proc`, `/sys`): what a RUN changes
/// there is not part of the layer.
fn on_mounted_file_system(path: &str) -> bool {
    ["/dev", "/proc", "/sys"].iter().any(|mount| {
        path.strip_prefix(mount)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// Options of `mkdir` and `install` whose value is the next word.
const VALUE_OPTIONS: &[&str] = &[
    "-m",
    "--mode",
    "-o",
    "--owner",
    "-g",
    "--group",
    "-t",
    "--target-directory",
    "-S",
    "--suffix",
    "-Z",
    "--context",
];

/// The `-m MODE` (`--mode MODE`) word of `mkdir` or `install`, and the
/// arguments that are neither options nor their values.
fn mode_option(
    words: &[crate::shell::ShellWord],
) -> Option<(&crate::shell::ShellWord, Vec<String>)> {
    let mut mode = None;
    let mut operands = Vec::new();
    let mut iter = words.iter();
    while let Some(word) = iter.next() {
        let value = word.value.as_str();
        if VALUE_OPTIONS.contains(&value) {
            let option_value = iter.next();
            if value == "-m" || value == "--mode" {
                mode = option_value;
            }
        } else if !value.starts_with('-') {
            operands.push(value.to_string());
        }
    }
    Some((mode?, operands))
}

/// What a file mode grants, as far as it matters here.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ModeEffect {
    /// Others get write permission (and no sticky bit limits it).
    pub world_writable: bool,
    pub setuid: bool,
    pub setgid: bool,
    /// The mode as an octal number, when written as one.
    pub octal: Option<u32>,
}

/// Reads an octal (`0777`, `4755`) or symbolic (`a+w`, `u+s,o-w`) mode.
/// Symbolic clauses without a "who" (`+w`) follow the build's umask 022, so
/// they never add write permission for others.
pub(crate) fn mode_effect(mode: &str) -> Option<ModeEffect> {
    if !mode.is_empty() && mode.len() <= 5 && mode.chars().all(|c| ('0'..='7').contains(&c)) {
        let bits = u32::from_str_radix(mode, 8).ok()?;
        return Some(ModeEffect {
            world_writable: bits & 0o002 != 0 && bits & 0o1000 == 0,
            setuid: bits & 0o4000 != 0,
            setgid: bits & 0o2000 != 0,
            octal: Some(bits),
        });
    }
    let mut effect = ModeEffect::default();
    let mut sticky = false;
    for clause in mode.split(',') {
        let who_end = clause.find(['+', '-', '=']).unwrap_or(clause.len());
        let who = &clause[..who_end];
        if !who.chars().all(|c| "ugoa".contains(c)) || who_end == clause.len() {
            return None;
        }
        let every = who.is_empty() || who.contains('a');
        let mut rest = &clause[who_end..];
        while let Some(operator) = rest.chars().next() {
            let end = rest[1..]
                .find(['+', '-', '='])
                .map_or(rest.len(), |end| end + 1);
            let perms = &rest[1..end];
            if !perms.chars().all(|c| "rwxXstugo".contains(c)) {
                return None;
            }
            if operator != '-' {
                effect.world_writable |=
                    perms.contains('w') && (who.contains('o') || who.contains('a'));
                sticky |= perms.contains('t');
                if perms.contains('s') {
                    effect.setuid |= every || who.contains('u');
                    effect.setgid |= every || who.contains('g');
                }
            }
            rest = &rest[end..];
        }
    }
    effect.world_writable &= !sticky;
    Some(effect)
}

/// An octal mode written back with as many digits as the original.
pub(crate) fn octal_text(bits: u32, like: &str) -> String {
    let width = like.len().max(3);
    let text = format!("{bits:0width$o}");
    // Drop a leading zero the new mode does not need (`4755` becomes `0755` -> `755`).
    match text.strip_prefix('0') {
        Some(rest) if text.len() == 4 && !like.starts_with('0') => rest.to_string(),
        _ => text,
    }
}

/// Paths joined for messages: `` `/app`, `/data` ``.
pub(crate) fn path_list(paths: &[String]) -> String {
    if paths.is_empty() {
        return "the files".to_string();
    }
    paths
        .iter()
        .map(|path| format!("`{path}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An absolute path: `/app`, or on Windows `C:\app`, `c:/app` and `\app`.
pub(crate) fn is_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with(['/', '\\'])
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}

/// `/a/./b/../c//` becomes `/a/c`.
pub(crate) fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Whether a normalized path is `dir` or inside it.
pub(crate) fn is_within(path: &str, dir: &str) -> bool {
    path == dir || path.starts_with(&format!("{dir}/"))
}

/// The WORKDIR instructions with their argument word.
pub(crate) fn workdirs<'a>(context: &'a Context) -> impl Iterator<Item = (usize, &'a Word)> + 'a {
    context
        .dockerfile
        .instructions
        .iter()
        .enumerate()
        .filter_map(|(index, instruction)| match &instruction.args {
            Args::Text(Some(word)) if instruction.keyword == Keyword::Workdir => {
                Some((index, word))
            }
            _ => None,
        })
}

/// The VOLUME paths of the final image, expanded and normalized, with their word.
pub(crate) fn final_volumes<'a>(context: &'a Context) -> Vec<(String, &'a Word)> {
    let mut volumes = Vec::new();
    for index in final_chain(context) {
        let instruction = &context.dockerfile.instructions[index];
        let Args::List { items, .. } = &instruction.args else {
            continue;
        };
        if instruction.keyword != Keyword::Volume {
            continue;
        }
        for item in items {
            if let Some(path) = expand_known(context, index, &item.text) {
                volumes.push((normalize(&path), item));
            }
        }
    }
    volumes
}

/// Every COPY and ADD (not under ONBUILD) with its keyword, arguments and destination.
pub(crate) fn copy_destinations<'a>(
    context: &'a Context,
) -> impl Iterator<Item = (usize, &'static str, &'a CopyArgs, &'a Word)> + 'a {
    context
        .dockerfile
        .instructions
        .iter()
        .enumerate()
        // `ONBUILD COPY` copies in the builds based on the image: same rules.
        .map(|(index, instruction)| (index, instruction.effective()))
        .filter_map(|(index, instruction)| match &instruction.args {
            Args::Copy(copy) => Some((
                index,
                instruction.keyword.as_str(),
                copy,
                copy.destination.as_ref()?,
            )),
            _ => None,
        })
}
