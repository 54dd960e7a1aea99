//! PL1xx: non-root user and privileges (the seed's "非rootユーザー").
//!
//! The helpers here are shared with the file system rules (PL7xx): which
//! instructions make up the final image, the shell commands of the RUNs, and
//! the files a build writes.

pub mod insecure_build_step;
pub mod missing_user;
pub mod password_set;
pub mod privilege_escalation;
pub mod root_user;
pub mod sudo_in_run;
pub mod sudo_installed;
pub mod user_not_numeric;
pub mod useradd_no_log_init;

use crate::model::{Base, RunScript};
use crate::report::Text;
use crate::rules::Context;
use crate::shell::{classify, expand_word, SimpleCommand, Tool};
use crate::span::Span;
use crate::syntax::{Args, Keyword};

/// The instructions of the final stage and of the stages it is built `FROM`,
/// oldest first: what the image's metadata (USER, ENV, VOLUME) comes from.
pub(crate) fn final_chain(context: &Context) -> Vec<usize> {
    let Some(final_stage) = context.model.final_stage else {
        // A fragment without FROM (an error of the file): its instructions
        // are all there is to judge.
        if context.model.stages.is_empty() {
            return (0..context.dockerfile.instructions.len()).collect();
        }
        return Vec::new();
    };
    let mut chain = context.model.ancestry(final_stage);
    chain.reverse();
    chain
        .into_iter()
        .flat_map(|stage| context.model.stages[stage].instructions.clone())
        .collect()
}

/// Whether an instruction's stage is the final stage or one it is built on.
pub(crate) fn in_final_chain(context: &Context, instruction: usize) -> bool {
    match (context.stage_of(instruction), context.model.final_stage) {
        (Some(stage), Some(_)) => context.model.in_final_chain(stage),
        _ => context.model.stages.is_empty(),
    }
}

/// Whether the final image is a test or development image (a stage named
/// `dev` or `test`, a test runner, a path such as `.devcontainer/` or
/// `tests/`): root and sudo there are the developer's own tools, so the
/// privilege rules rate what they find low.
pub(crate) fn development_image(context: &Context) -> bool {
    context.model.final_purpose() == Some(crate::model::Purpose::Test)
}

/// Expands a word with the variables an instruction sees; `None` when a
/// variable has no known value (it comes from the base image or the build).
pub(crate) fn expand_known(context: &Context, instruction: usize, word: &str) -> Option<String> {
    let expansion = expand_word(word, context.dockerfile.escape, &|name| {
        context
            .model
            .lookup(instruction, name)
            .and_then(|def| def.value.clone())
    })
    .ok()?;
    expansion.unset.is_empty().then_some(expansion.value)
}

/// `root`, `0`, `root:root`, `0:0`, `root:1000`: the user part is root (or
/// Windows' `ContainerAdministrator`). The runtime reads a numeric user as a
/// signed integer, so `000`, `+0` and `-0` are UID 0 too.
pub(crate) fn is_root(user: &str) -> bool {
    let user = user.split(':').next().unwrap_or(user).trim();
    let digits = user.strip_prefix(['+', '-']).unwrap_or(user);
    let zero = !digits.is_empty() && digits.bytes().all(|byte| byte == b'0');
    user == "root" || zero || user.eq_ignore_ascii_case("ContainerAdministrator")
}

/// The USER instructions of the final stage's chain, oldest first, with
/// the user they set (expanded when its variables are known).
pub(crate) fn final_users<'a>(
    context: &Context<'a>,
) -> Vec<(usize, &'a crate::syntax::Word, String)> {
    final_chain(context)
        .into_iter()
        .filter_map(|index| {
            let instruction = &context.dockerfile.instructions[index];
            match &instruction.args {
                Args::Text(Some(word)) if instruction.keyword == Keyword::User => {
                    let user = expand_known(context, index, &word.text)
                        .unwrap_or_else(|| word.text.clone());
                    Some((index, word, user))
                }
                _ => None,
            }
        })
        .collect()
}

/// Every simple command of every RUN, with its script and its index there.
pub(crate) fn run_commands<'a>(
    context: &'a Context,
) -> impl Iterator<Item = (&'a RunScript, usize, &'a SimpleCommand)> + 'a {
    context.scripts.iter().flat_map(|script| {
        script
            .script
            .commands
            .iter()
            .enumerate()
            .map(move |(index, command)| (script, index, command))
    })
}

/// The source span of a script range when it maps byte for byte, so an edit
/// can target it (JSON strings with escapes and `<<-` bodies do not).
pub(crate) fn exact_span(
    context: &Context,
    script: &RunScript,
    range: std::ops::Range<usize>,
) -> Option<Span> {
    let span = context.script_span(script, range.clone());
    (span.len() as usize == range.len()).then_some(span)
}

/// " in stage `builder`, which does not reach the final image" (empty for
/// stages that do), to append to messages.
pub(crate) fn unused_stage_note(context: &Context, stage: Option<usize>) -> Text {
    match stage {
        Some(stage) if !context.model.reaches_final[stage] => {
            let name = stage_label(context, stage);
            crate::text!(
                format!(" (in stage {name}, which does not reach the final image)"),
                format!("（最終イメージに含まれないステージ {name} 内）"),
            )
        }
        _ => crate::text!("", ""),
    }
}

/// `` `builder` `` or `#2` for an unnamed stage.
pub(crate) fn stage_label(context: &Context, stage: usize) -> String {
    match &context.model.stages[stage].name {
        Some(name) => format!("`{name}`"),
        None => format!("#{stage}"),
    }
}

/// The operating system family of an image, to pick the commands that
/// create a user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Distro {
    Alpine,
    Debian,
    Distroless,
    Scratch,
    Windows,
    Unknown,
}

/// Official images built on Debian or Ubuntu unless their tag says otherwise.
const DEBIAN_BASED: &[&str] = &[
    "debian",
    "ubuntu",
    "node",
    "python",
    "ruby",
    "golang",
    "php",
    "perl",
    "rust",
    "openjdk",
    "eclipse-temurin",
    "maven",
    "gradle",
    "nginx",
    "httpd",
    "buildpack-deps",
];

const DEBIAN_CODENAMES: &[&str] = &[
    "trixie", "bookworm", "bullseye", "buster", "stretch", "noble", "jammy", "focal", "bionic",
    "xenial",
];

pub(crate) fn distro(base: &Base) -> Distro {
    let image = match base {
        Base::Scratch => return Distro::Scratch,
        Base::Image(image) => image,
        _ => return Distro::Unknown,
    };
    let tag = image.tag.as_deref().unwrap_or("");
    let name = image.short_name();
    if is_windows_repository(&image.repository, name)
        || ["windowsservercore", "nanoserver", "servercore", "ltsc20"]
            .iter()
            .any(|windows| tag.contains(windows))
    {
        Distro::Windows
    } else if name == "alpine" || tag.contains("alpine") {
        Distro::Alpine
    } else if image.registry == "gcr.io" && image.repository.starts_with("distroless/") {
        Distro::Distroless
    } else if DEBIAN_CODENAMES
        .iter()
        .any(|codename| tag.contains(codename))
        || (image.is_official() && DEBIAN_BASED.contains(&name))
    {
        Distro::Debian
    } else {
        Distro::Unknown
    }
}

/// Repositories of Windows images whatever their tag: Microsoft's
/// `windows/*` and `windows` (`windows:1809`), the old `windowsservercore`
/// and `nanoserver` names (`microsoft/windowsservercore`,
/// `windowsservercore-insider`), .NET Framework, IIS and ASP.NET, which
/// exist only for Windows, and images of a product named for it
/// (`openjdk-windows`, `mssql-server-windows-express`). A name that starts
/// with it (`dockcross/windows-static-x64`) is a Linux cross-compiler.
fn is_windows_repository(repository: &str, name: &str) -> bool {
    const WINDOWS_ONLY: &[&str] = &[
        "microsoft/dotnet-framework",
        "microsoft/iis",
        "microsoft/aspnet",
    ];
    repository == "windows"
        || repository.starts_with("windows/")
        || repository.starts_with("dotnet/framework/")
        || WINDOWS_ONLY.contains(&repository)
        || name.contains("windowsservercore")
        || name.contains("nanoserver")
        || name.split('-').skip(1).any(|word| word == "windows")
}

/// Whether the stage of instruction `index` is built on a Windows image, so
/// that paths it suggests are Windows paths (`C:/app`).
pub(crate) fn windows_stage(context: &Context, index: usize) -> bool {
    context
        .stage_of(index)
        .is_some_and(|stage| distro(context.model.root_base(stage)) == Distro::Windows)
}

/// Whether the final image is built on a Windows image (no numeric UIDs;
/// `ContainerAdministrator` and `ContainerUser` instead of root and a user).
pub(crate) fn runs_windows(context: &Context) -> bool {
    context
        .model
        .final_stage
        .is_some_and(|stage| distro(context.model.root_base(stage)) == Distro::Windows)
}

/// Images that run as a non-root user unless told otherwise: `:nonroot`
/// tags, Chainguard images (not their `-dev` variants), the usual
/// `unprivileged`/`rootless` builds, .NET's chiseled images, Bitnami's
/// application images, Windows Nano Server (`ContainerUser`), the Jupyter
/// Docker Stacks (`jovyan`), JetBrains' TeamCity images and the vendor
/// images of `sets_non_root_user`.
pub(crate) fn defaults_to_non_root(base: &Base) -> bool {
    let Base::Image(image) = base else {
        return false;
    };
    let tag = image.tag.as_deref().unwrap_or("");
    let named = |word: &str| image.repository.contains(word) || tag.contains(word);
    let last_segment = image.repository.rsplit('/').next().unwrap_or("");
    named("nonroot")
        || named("non-root")
        // Bitnami's application images run as UID 1001 (minideb is a plain OS base).
        || (image.repository.starts_with("bitnami/") && last_segment != "minideb")
        || named("unprivileged")
        || named("rootless")
        || named("nanoserver")
        || (image.registry == "cgr.dev"
            && image.repository.starts_with("chainguard/")
            && !tag.ends_with("-dev")
            && tag != "dev")
        || (image.repository.starts_with("jupyter/") && image.short_name().ends_with("-notebook"))
        || image.repository.starts_with("jetbrains/teamcity-")
        // .NET's chiseled images run as `app` (UID 1654).
        || (image.registry == "mcr.microsoft.com"
            && image.repository.starts_with("dotnet/")
            && tag.contains("chiseled"))
        || sets_non_root_user(&image.familiar_name(), tag)
}

/// Vendor images whose Dockerfile ends with a non-root `USER`, as their
/// makers document: Keycloak (UID 1000), Grafana (472), Loki (10001), the
/// Prometheus project's images (`nobody`), Jenkins (`jenkins`), SonarQube,
/// Nexus, Elastic's images (1000), Airflow, n8n (`node`), Confluent's
/// (`appuser`), Selenium's (`seluser`), code-server (`coder`), and SQL
/// Server from 2019 on (`mssql`; the 2017 images run as root).
fn sets_non_root_user(name: &str, tag: &str) -> bool {
    const IMAGES: &[&str] = &[
        "quay.io/keycloak/keycloak",
        "jboss/keycloak",
        "grafana/grafana",
        "grafana/grafana-oss",
        "grafana/grafana-enterprise",
        "grafana/loki",
        "jenkins/jenkins",
        "jenkins/inbound-agent",
        "sonarqube",
        "sonatype/nexus3",
        "docker.elastic.co/elasticsearch/elasticsearch",
        "docker.elastic.co/kibana/kibana",
        "docker.elastic.co/logstash/logstash",
        "apache/airflow",
        "n8nio/n8n",
        "codercom/code-server",
    ];
    const FAMILIES: &[&str] = &[
        "prom/",
        "quay.io/prometheus/",
        "confluentinc/cp-",
        "selenium/",
    ];
    IMAGES.contains(&name)
        || FAMILIES.iter().any(|family| name.starts_with(family))
        || (name == "mcr.microsoft.com/mssql/server" && !tag.starts_with("2017"))
}

/// A file a build writes, and what it writes when the Dockerfile shows it.
pub(crate) struct FileWrite {
    pub instruction: usize,
    /// The path as written, quotes removed.
    pub path: String,
    pub path_span: Span,
    /// The written text: `echo`/`printf` arguments and `sed` expressions as
    /// written, heredoc bodies.
    pub content: Vec<(String, Span)>,
    /// `sed -i` edits the file in place rather than adding to it.
    pub edits_in_place: bool,
}

impl FileWrite {
    /// Whether the path is `file` or inside `file`'s directory form (`file.d`).
    pub fn targets(&self, file: &str) -> bool {
        let path = self.path.trim_end_matches('/');
        path == file || path.starts_with(&format!("{file}.d"))
    }

    /// The span of the first occurrence of `needle` in the written text.
    pub fn find(&self, needle: &str) -> Option<Span> {
        self.content.iter().find_map(|(text, span)| {
            let at = text.find(needle)?;
            Some(if span.len() as usize == text.len() {
                let start = span.start + crate::span::to_u32(at);
                Span::new(start, start + crate::span::to_u32(needle.len()))
            } else {
                *span
            })
        })
    }
}

/// Files written by RUN commands (`echo … > f`, `… | tee f`, `cat <<EOF > f`,
/// `sed -i … f`) and by COPY/ADD (with the body of `COPY <<EOF f`).
pub(crate) fn file_writes(context: &Context) -> Vec<FileWrite> {
    let mut writes = Vec::new();
    for (script, index, command) in run_commands(context) {
        let recognized = classify(command);
        let tool = recognized.as_ref().map(|recognized| recognized.tool);
        let mut paths: Vec<&crate::shell::ShellWord> = command
            .redirects
            .iter()
            .filter(|redirect| redirect.op.writes())
            .map(|redirect| &redirect.target)
            .collect();
        let tee = matches!(tool, Some(Tool::Tee));
        if let (true, Some(recognized)) = (tee, &recognized) {
            paths.extend(
                recognized
                    .operands
                    .iter()
                    .map(|operand| &command.words[operand.word]),
            );
        }
        let edits_in_place = command.name() == Some("sed")
            && command
                .args()
                .iter()
                .any(|arg| arg.value.starts_with("-i") || arg.value.starts_with("--in-place"));
        if edits_in_place {
            paths.extend(
                command
                    .args()
                    .iter()
                    .filter(|arg| arg.value.starts_with('/')),
            );
        }
        // Most commands write nothing: their text is not copied.
        if paths.is_empty() {
            continue;
        }
        let mut content = command_text(context, script, command);
        if tee {
            if let Some(feeder) = script.script.pipeline_predecessor(index) {
                content.extend(command_text(context, script, feeder));
            }
        }
        if edits_in_place {
            content.extend(raw_words(context, script, command.args()));
        }
        for path in paths {
            // `/etc/sudoers.d/$USERNAME`: expanded when the Dockerfile sets
            // the variable, else kept as written, which still names the directory.
            let written = if path.has_expansion {
                expand_known(context, script.instruction, &path.value)
                    .unwrap_or_else(|| path.value.clone())
            } else {
                path.value.clone()
            };
            writes.push(FileWrite {
                instruction: script.instruction,
                path: written,
                path_span: context.script_span(script, path.range.clone()),
                content: content.clone(),
                edits_in_place,
            });
        }
    }
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        let Args::Copy(copy) = &instruction.args else {
            continue;
        };
        let Some(destination) = &copy.destination else {
            continue;
        };
        let content = instruction
            .heredocs
            .iter()
            .map(|heredoc| (heredoc.content().into_owned(), heredoc.body_span))
            .collect();
        writes.push(FileWrite {
            instruction: index,
            path: expand_known(context, index, &destination.text)
                .unwrap_or_else(|| destination.text.clone()),
            path_span: destination.span,
            content,
            edits_in_place: false,
        });
    }
    writes
}

/// Words as written (quotes kept, so offsets in them map to the source).
fn raw_words<'a, 'c>(
    context: &'a Context<'c>,
    script: &'a RunScript,
    words: &'a [crate::shell::ShellWord],
) -> impl Iterator<Item = (String, Span)> + use<'a, 'c> {
    words.iter().map(|word| {
        (
            word.raw.clone(),
            context.script_span(script, word.range.clone()),
        )
    })
}

/// What a command itself writes out: `echo`/`printf` arguments and the
/// bodies of its heredocs (in the script, or the Dockerfile's `RUN <<EOF`).
fn command_text(
    context: &Context,
    script: &RunScript,
    command: &SimpleCommand,
) -> Vec<(String, Span)> {
    let mut text = Vec::new();
    if matches!(
        classify(command).map(|recognized| recognized.tool),
        Some(Tool::Echo | Tool::Printf)
    ) {
        text.extend(raw_words(context, script, command.args()));
    }
    let instruction = &context.dockerfile.instructions[script.instruction];
    for redirect in &command.redirects {
        match &redirect.heredoc {
            Some(body) if !body.body.is_empty() => {
                text.push((
                    body.body.clone(),
                    context.script_span(script, body.range.clone()),
                ));
            }
            Some(_) => {
                // The body of a Dockerfile heredoc is not part of the script text.
                if let Some(heredoc) = instruction
                    .heredocs
                    .iter()
                    .find(|heredoc| heredoc.name == redirect.target.value)
                {
                    text.push((heredoc.content().into_owned(), heredoc.body_span));
                }
            }
            None => {}
        }
    }
    text
}

/// What `commands[index]` of a script reads on standard input, when the
/// Dockerfile shows it: the words of an `echo`/`printf` piped into it, a
/// here-string, or a heredoc body. `None` when it reads something else (a
/// file, another command's output) or nothing the Dockerfile says.
pub(crate) fn stdin_text(
    context: &Context,
    script: &RunScript,
    index: usize,
) -> Option<Vec<(String, Span)>> {
    let command = &script.script.commands[index];
    let mut text = command_text(context, script, command);
    for redirect in &command.redirects {
        if redirect.op == crate::shell::RedirectOp::HereString {
            text.push((
                redirect.target.raw.clone(),
                context.script_span(script, redirect.target.range.clone()),
            ));
        }
    }
    if let Some(feeder) = script.script.pipeline_predecessor(index) {
        // What `echo`/`printf` print: their operands, not options such as `-e`.
        let recognized = classify(feeder)
            .filter(|recognized| matches!(recognized.tool, Tool::Echo | Tool::Printf))?;
        text.extend(recognized.operands.iter().map(|operand| {
            let word = &feeder.words[operand.word];
            (
                word.raw.clone(),
                context.script_span(script, word.range.clone()),
            )
        }));
    }
    (!text.is_empty()).then_some(text)
}

/// The lines of a text written to standard input, with their offsets: split
/// at line breaks and at `\n` escapes (`printf 'a\nb'`), quotes and blanks
/// trimmed from both ends.
pub(crate) fn input_lines(text: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut push = |from: usize, to: usize| {
        let line = &text[from..to];
        let trimmed_start = line.trim_start_matches(['"', '\'', ' ', '\t']);
        let offset = from + line.len() - trimmed_start.len();
        let trimmed = trimmed_start.trim_end_matches(['"', '\'', ' ', '\t', '\r']);
        if !trimmed.is_empty() {
            lines.push((offset, trimmed));
        }
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'\n' {
            push(start, at);
            start = at + 1;
        } else if bytes[at] == b'\\' && bytes.get(at + 1) == Some(&b'n') {
            push(start, at);
            start = at + 2;
            at += 1;
        }
        at += 1;
    }
    push(start, text.len());
    lines
}

/// The line start at which to insert new instructions before `instruction`.
pub(crate) fn line_start_of(context: &Context, instruction: usize) -> u32 {
    let line = context.dockerfile.instructions[instruction].line;
    context.dockerfile.line_index.line_start(line as usize - 1)
}

/// Where to insert text after `instruction`, and the line break to put
/// first when the file does not end with one.
pub(crate) fn after_instruction(context: &Context, instruction: usize) -> (u32, &'static str) {
    let end_line = context.dockerfile.instructions[instruction].end_line as usize;
    let index = &context.dockerfile.line_index;
    if end_line < index.line_count() {
        (index.line_start(end_line), "")
    } else {
        (crate::span::to_u32(context.source.len()), "\n")
    }
}
