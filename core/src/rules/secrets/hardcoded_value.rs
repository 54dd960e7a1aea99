use std::ops::Range;

use crate::fix::Fix;
use crate::report::{Severity, Text};
use crate::rules::{alias, Context, Diagnostic, Diagnostics, FixAvailability, Rule, Section, Tool};
use crate::shell::{parse_script, Assignment, ShellWord, SimpleCommand};
use crate::span::{to_u32, Span};
use crate::syntax::{Args, Command, Instruction, Keyword};

use super::passwords::{literal_password, password_arguments, PasswordArgument};
use super::{
    is_placeholder, is_secret_name, is_slot_word, is_switch_value, is_throwaway, literal_secret_of,
    mask, secret_id, unquote,
};

pub const RULE: Rule = Rule {
    code: "PL402",
    name: "hardcoded-secret-value",
    section: Section::Secrets,
    severity: Severity::Critical,
    fix: FixAvailability::None,
    aliases: &[
        alias(Tool::Kics, "Passwords And Secrets"),
        alias(Tool::Dockle, "CIS-DI-0010"),
    ],
    docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA),
    check: crate::rules::Check::Dockerfile(check),
};

/// A credential format recognised by its prefix.
struct TokenFormat {
    prefixes: &'static [&'static str],
    what: (&'static str, &'static str),
    /// Shortest body after the prefix.
    min_len: usize,
    body: fn(char) -> bool,
}

fn alnum(ch: char) -> bool {
    ch.is_ascii_alphanumeric()
}

fn alnum_dash(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || ch == '_' || ch == '-'
}

fn upper_alnum(ch: char) -> bool {
    ch.is_ascii_uppercase() || ch.is_ascii_digit()
}

const TOKEN_FORMATS: &[TokenFormat] = &[
    TokenFormat {
        prefixes: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        what: ("a GitHub token", "GitHub トークン"),
        min_len: 36,
        body: alnum,
    },
    TokenFormat {
        prefixes: &["github_pat_"],
        what: ("a GitHub token", "GitHub トークン"),
        min_len: 50,
        body: alnum_dash,
    },
    TokenFormat {
        prefixes: &["glpat-"],
        what: ("a GitLab token", "GitLab トークン"),
        min_len: 20,
        body: alnum_dash,
    },
    TokenFormat {
        prefixes: &["xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-"],
        what: ("a Slack token", "Slack トークン"),
        min_len: 10,
        body: alnum_dash,
    },
    TokenFormat {
        prefixes: &["sk_live_", "rk_live_"],
        what: ("a Stripe live key", "Stripe の本番キー"),
        min_len: 20,
        body: alnum,
    },
    TokenFormat {
        prefixes: &["sk-"],
        what: ("an API key (`sk-`)", "API キー（`sk-`）"),
        min_len: 40,
        body: alnum_dash,
    },
    TokenFormat {
        prefixes: &["AIza"],
        what: ("a Google API key", "Google API キー"),
        min_len: 35,
        body: alnum_dash,
    },
    TokenFormat {
        prefixes: &["npm_"],
        what: ("an npm token", "npm トークン"),
        min_len: 36,
        body: alnum,
    },
    TokenFormat {
        prefixes: &["dckr_pat_"],
        what: ("a Docker Hub access token", "Docker Hub アクセストークン"),
        min_len: 20,
        body: alnum_dash,
    },
    TokenFormat {
        prefixes: &["AKIA", "ASIA"],
        what: ("an AWS access key ID", "AWS アクセスキー ID"),
        min_len: 16,
        body: upper_alnum,
    },
];

/// What was found, where in the scanned text, and the text to mask.
struct Found {
    range: Range<usize>,
    what: Text,
    value: String,
    /// Set when the value only stands in for a secret during one RUN.
    stand_in: Option<StandIn>,
}

/// A secret variable given a throw-away value for a RUN (`SECRET_KEY=build-only
/// python manage.py collectstatic`): not a leaked credential.
struct StandIn {
    name: String,
    /// The build step that needs the variable set but not the real secret,
    /// when the value itself does not say it is a stand-in.
    step: Option<String>,
    /// Set by an instruction, where it outlives one step: `ENV` or `ARG`.
    kept: Option<Keyword>,
}

/// Build steps that load the application's settings, so they need its secret
/// variables set, but never use the secrets: asset compilation and
/// translation catalogs.
const SETTINGS_ONLY_STEPS: &[&str] = &[
    "collectstatic",
    "compilemessages",
    "assets:precompile",
    "assets:clean",
    "webpacker:compile",
    "shakapacker:compile",
];

fn check(context: &Context, out: &mut Diagnostics) {
    let mut found: Vec<(Span, Found, Option<usize>)> = Vec::new();
    // The places taken so far, in order. They do not overlap one another,
    // so of those starting before a new place ends, the last one reaches
    // furthest: it is the one to compare.
    let mut taken: std::collections::BTreeSet<(u32, u32)> = std::collections::BTreeSet::new();
    let mut push = |span: Span, finding: Found, stage: Option<usize>| {
        let overlapped = taken
            .range(..(span.end, 0))
            .next_back()
            .is_some_and(|&(start, end)| overlaps(Span::new(start, end), span));
        if !overlapped {
            taken.insert((span.start, span.end));
            found.push((span, finding, stage));
        }
    };
    for (index, instruction) in context.dockerfile.instructions.iter().enumerate() {
        let stage = context.stage_of(index);
        // Values in the text of the instruction and its heredoc bodies.
        let text = instruction.text.as_str();
        for finding in scan_text(text) {
            push(instruction.text.span(finding.range.clone()), finding, stage);
        }
        for heredoc in &instruction.heredocs {
            let mut findings = scan_text(&heredoc.body);
            if matches!(instruction.keyword, Keyword::Copy | Keyword::Add) {
                findings.extend(dotenv_assignments(&heredoc.body));
            }
            for finding in findings {
                let start = heredoc.body_span.start;
                let span = Span::new(
                    start + to_u32(finding.range.start),
                    start + to_u32(finding.range.end),
                );
                push(span, finding, stage);
            }
        }
        // Passwords given to the commands the image starts (CMD, ENTRYPOINT,
        // HEALTHCHECK), which the image configuration keeps.
        if !matches!(instruction.keyword, Keyword::Run | Keyword::Onbuild) {
            if let Some(command) = instruction.command() {
                for (span, finding) in start_command_literals(instruction, command) {
                    push(span, finding, stage);
                }
            }
        }
        // Secret-named ENV, ARG and LABEL keys with a literal value.
        let pairs: Vec<(&str, &crate::syntax::Word)> = match &instruction.args {
            Args::KeyValues(pairs) => pairs
                .iter()
                .map(|pair| (unquote(&pair.key.text), &pair.value))
                .collect(),
            Args::Arg(decls) => decls
                .iter()
                .filter_map(|decl| Some((decl.name.text.as_str(), decl.default.as_ref()?)))
                .collect(),
            _ => Vec::new(),
        };
        for (name, value) in pairs {
            let Some(mut found) = named_literal(name, &value.text, 0..value.text.len()) else {
                continue;
            };
            if instruction.keyword != Keyword::Label
                && (is_throwaway(&found.value) || is_slot_word(&found.value))
            {
                found.stand_in = Some(StandIn {
                    name: name.to_string(),
                    step: None,
                    kept: Some(instruction.keyword),
                });
            }
            push(value.span, found, stage);
        }
    }
    // Secret-named shell variables, options and passwords with a literal value.
    for script in context.scripts {
        for command in &script.script.commands {
            let mut findings: Vec<Found> = command
                .assignments
                .iter()
                .filter_map(|assignment| run_assignment(command, assignment))
                .collect();
            findings.extend(command_literals(&command.words));
            findings.extend(
                password_arguments(command)
                    .into_iter()
                    .filter_map(password_literal),
            );
            for finding in findings {
                let span = context.script_span(script, finding.range.clone());
                push(span, finding, script.stage);
            }
        }
    }
    crate::order::sort_by_key(&mut found, |(span, _, _)| span.start);
    for (span, finding, stage) in found {
        let diagnostic = match &finding.stand_in {
            None => report_credential(out, span, &finding),
            Some(stand_in) => report_stand_in(out, span, &finding, stand_in),
        };
        if let Some(stage) = stage {
            diagnostic.in_stage(stage);
        }
    }
}

fn report_credential<'a>(
    out: &'a mut Diagnostics,
    span: Span,
    finding: &Found,
) -> &'a mut Diagnostic {
    let what = &finding.what;
    if super::is_well_known_default(&finding.value) {
        let value = &finding.value;
        return out
            .report(span, crate::text!(
                format!("{} is the well-known default `{value}`, written in the Dockerfile: nothing secret leaks, but it is among the first values attackers try, and whatever is set up with it lets anyone in; give each deployment its own strong value at run time (`docker run -e`, a secret) instead of a default", what.en),
                format!("{} は Dockerfile に書かれたよく知られた既定値 `{value}` です。秘密が漏れるわけではありませんが、攻撃者が最初に試す値の一つで、この値で設定されたものには誰でも入れます。既定値を置かず、デプロイごとに強い値を実行時に（`docker run -e` やシークレットで）渡してください", what.ja),
            ))
            .with_fix(Fix::manual(crate::text!(
                "Delete the default, and have the container refuse to start without a value; give each deployment its own strong value with `docker run -e`, Docker or Kubernetes secrets, or `RUN --mount=type=secret` for a build step. Change it wherever a deployment kept the default.",
                "既定値を削除し、値がなければコンテナが起動しないようにしてください。デプロイごとに強い値を `docker run -e`、Docker や Kubernetes のシークレット、ビルド手順なら `RUN --mount=type=secret` で渡します。既定値のまま動いているデプロイがあれば、その値を変更してください。",
            )));
    }
    let masked = mask(&finding.value);
    out.report(span, crate::text!(
        format!("{} (`{masked}`) is written in the Dockerfile, where anyone with the Dockerfile, the image or its history can read it; revoke it and provide a new one at build time with `RUN --mount=type=secret` or at run time with `docker run -e`", what.en),
        format!("{}（`{masked}`）が Dockerfile に直接書かれており、Dockerfile・イメージ・その履歴を見られる人なら誰でも読めます。無効化したうえで、新しい値をビルド時は `RUN --mount=type=secret`、実行時は `docker run -e` で渡してください", what.ja),
    ))
    .with_fix(Fix::manual(crate::text!(
        "Revoke or rotate the credential first: it is in the repository history and in every image built from this file. Then delete it and provide it with `RUN --mount=type=secret,id=<id>` (build time) or `docker run -e` / Docker secrets (run time).",
        "まず資格情報を無効化またはローテーションしてください。リポジトリの履歴と、このファイルからビルドしたすべてのイメージに残っています。そのうえで Dockerfile から削除し、ビルド時は `RUN --mount=type=secret,id=<id>`、実行時は `docker run -e` や Docker secrets で渡します。",
    )))
}

/// A throw-away value: say what it is, rated info when the value says so
/// itself, low when only the build step suggests it.
fn report_stand_in<'a>(
    out: &'a mut Diagnostics,
    span: Span,
    finding: &Found,
    stand_in: &StandIn,
) -> &'a mut Diagnostic {
    let name = &stand_in.name;
    let id = secret_id(name);
    let (message, severity) = match &stand_in.step {
        None if stand_in.kept == Some(Keyword::Arg) => {
            let value = &finding.value;
            (crate::text!(
                format!("`ARG {name}` defaults to a stand-in value (`{value}`), not a leaked credential: build steps get it unless `--build-arg` gives another; keep it a stand-in, and give a real secret with `RUN --mount=type=secret,id={id},env={name}`, never with `--build-arg`"),
                format!("`ARG {name}` のデフォルトは仮の値（`{value}`）で、漏えいした資格情報ではありません。`--build-arg` で別の値を渡さない限り、ビルド手順はこの値を使います。仮の値のままにし、本物のシークレットは `--build-arg` ではなく `RUN --mount=type=secret,id={id},env={name}` で渡してください"),
            ), Severity::Low)
        }
        None if stand_in.kept.is_some() => {
            let value = &finding.value;
            (crate::text!(
                format!("`{name}` is set to a stand-in value (`{value}`) that stays in the image, not a leaked credential, but every container started without the real value runs with this known one; set it only in the RUN that needs it (`{name}={value} <command>`) and give the real value at run time"),
                format!("`{name}` にはイメージに残る仮の値（`{value}`）が設定されています。漏えいした資格情報ではありませんが、本物の値を渡さずに起動したコンテナはすべて、この知られた値で動きます。必要な RUN の中だけで設定し（`{name}={value} <コマンド>`）、本物の値は実行時に渡してください"),
            ), Severity::Medium)
        }
        None => {
            let value = &finding.value;
            (crate::text!(
                format!("`{name}` gets a stand-in value (`{value}`) for this RUN only, not a credential: there is nothing to revoke and it is not kept in the image; keep it inside this RUN, and if the step needs the real secret, pass it with `RUN --mount=type=secret,id={id},env={name}`"),
                format!("`{name}` にはこの RUN の間だけの仮の値（`{value}`）が渡されています。資格情報ではないため無効化は不要で、イメージにも残りません。値はこの RUN の中だけにとどめ、本物のシークレットが必要な場合は `RUN --mount=type=secret,id={id},env={name}` で渡してください"),
            ), Severity::Info)
        }
        Some(step) => {
            let masked = mask(&finding.value);
            (crate::text!(
                format!("`{name}` gets a value (`{masked}`) for this command only, and `{step}` needs the variable set, not the real secret: a stand-in value is not a leaked credential; keep it inside this command, and never put the real secret here (a step that needs it reads it with `RUN --mount=type=secret,id={id},env={name}`)"),
                format!("`{name}` にはこのコマンドの間だけ値（`{masked}`）が渡されています。`{step}` は変数が設定されていればよく、本物のシークレットは使いません。仮の値なら漏えいした資格情報ではありません。値はこのコマンドの中だけにとどめ、本物のシークレットはここに書かないでください（必要な手順では `RUN --mount=type=secret,id={id},env={name}` で読み込みます）"),
            ), Severity::Low)
        }
    };
    out.report(span, message)
        .rated(severity)
        .with_fix(Fix::manual(crate::text!(
            format!("Nothing to revoke for a stand-in. Keep it scoped to the command (`{name}=... command`), never in `ENV` or `ARG`, where the running container would use it; a step that needs the real secret reads it from `RUN --mount=type=secret,id={id},env={name}`."),
            format!("仮の値であれば無効化は不要です。値はコマンドの中（`{name}=... コマンド`）だけにとどめ、実行中のコンテナが使ってしまう `ENV` や `ARG` には書かないでください。本物のシークレットが必要な手順は `RUN --mount=type=secret,id={id},env={name}` で読み込みます。"),
        )))
}

/// Literal passwords and secret options in a CMD, ENTRYPOINT or HEALTHCHECK
/// command, with their source spans.
fn start_command_literals(instruction: &Instruction, command: &Command) -> Vec<(Span, Found)> {
    let literals = |command: &SimpleCommand| -> Vec<Found> {
        let mut findings = command_literals(&command.words);
        findings.extend(
            password_arguments(command)
                .into_iter()
                .filter_map(password_literal),
        );
        findings
    };
    match command {
        Command::Shell { text, range } => parse_script(text)
            .commands
            .iter()
            .flat_map(literals)
            .map(|finding| {
                let at = range.start;
                let span = instruction
                    .text
                    .span(at + finding.range.start..at + finding.range.end);
                (span, finding)
            })
            .collect(),
        Command::Exec(words) => {
            // `["sh", "-c", "<script>"]`: the script string is a command line.
            let shell = words.first().is_some_and(|word| {
                matches!(
                    word.text.rsplit('/').next(),
                    Some("sh" | "bash" | "ash" | "dash" | "zsh")
                )
            });
            let script = words
                .iter()
                .position(|word| word.text == "-c")
                .and_then(|at| words.get(at + 1))
                .filter(|_| shell);
            if let Some(script) = script {
                return parse_script(&script.text)
                    .commands
                    .iter()
                    .flat_map(literals)
                    .map(|finding| (exec_word_span(script, finding.range.clone()), finding))
                    .collect();
            }
            // The words as one command line, each at its offset there.
            let mut offset = 0;
            let shell_words: Vec<ShellWord> = words
                .iter()
                .map(|word| {
                    let range = offset..offset + word.text.len();
                    offset = range.end + 1;
                    ShellWord {
                        raw: word.text.clone(),
                        value: word.text.clone(),
                        range,
                        ..ShellWord::default()
                    }
                })
                .collect();
            let command = SimpleCommand {
                words: shell_words.clone(),
                ..SimpleCommand::default()
            };
            literals(&command)
                .into_iter()
                .filter_map(|finding| {
                    let index = shell_words
                        .iter()
                        .position(|word| word.range.contains(&finding.range.start))?;
                    let start = shell_words[index].range.start;
                    let range = finding.range.start - start..finding.range.end - start;
                    Some((exec_word_span(&words[index], range), finding))
                })
                .collect()
        }
        Command::Empty => Vec::new(),
    }
}

/// The span of `range` of an exec-form word's text: exact when the JSON
/// string has no escapes (it then maps byte for byte inside its quotes),
/// else the whole word.
fn exec_word_span(word: &crate::syntax::Word, range: Range<usize>) -> Span {
    if word.span.len() as usize == word.text.len() + 2 {
        let from = word.span.start + 1 + to_u32(range.start);
        Span::new(from, from + to_u32(range.len()))
    } else {
        word.span
    }
}

/// A password argument written as a literal.
fn password_literal(password: PasswordArgument) -> Option<Found> {
    let value = literal_password(&password.raw)?;
    Some(Found {
        range: password.range,
        what: password.what,
        value: value.to_string(),
        stand_in: None,
    })
}

/// `NAME=value` in a RUN, before a command or alone.
fn run_assignment(command: &SimpleCommand, assignment: &Assignment) -> Option<Found> {
    let step = command.words.iter().find_map(|word| {
        SETTINGS_ONLY_STEPS
            .iter()
            .find(|step| word.value.ends_with(*step))
    });
    shell_variable(&assignment.name, &assignment.value, 0, step.copied())
}

/// A secret shell variable set to a literal (`value` from `value_offset` of
/// the word): a credential, or a stand-in when the value says so or `step`
/// only needs the variable set.
fn shell_variable(
    name: &str,
    value: &ShellWord,
    value_offset: usize,
    step: Option<&str>,
) -> Option<Found> {
    if !is_secret_name(name) || value.has_expansion {
        return None;
    }
    let written = unquote(value.raw[value_offset..].trim());
    if written.is_empty() || is_switch_value(written) {
        return None;
    }
    let range = value.range.start + value_offset..value.range.end;
    let stand_in = |step: Option<&str>| Found {
        range: range.clone(),
        what: crate::text!("", ""),
        value: written.to_string(),
        stand_in: Some(StandIn {
            name: name.to_string(),
            step: step.map(str::to_string),
            kept: None,
        }),
    };
    // The word for the slot (`APP_SECRET_TOKEN=secret bundle install`)
    // says as plainly as `dummy` that nothing real is given.
    if is_throwaway(written) || is_slot_word(written) {
        return Some(stand_in(None));
    }
    let found = assigned_literal(name, value, value_offset)?;
    Some(match step {
        Some(step) => stand_in(Some(step)),
        None => found,
    })
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

/// `name` is a secret variable and `raw` (at `range` of the scanned text) a literal.
fn named_literal(name: &str, raw: &str, range: Range<usize>) -> Option<Found> {
    if !is_secret_name(name) {
        return None;
    }
    let value = literal_secret_of(name, raw)?;
    Some(Found {
        range,
        what: crate::text!(
            format!("a hard-coded value for `{name}`"),
            format!("`{name}` のハードコードされた値"),
        ),
        value: value.to_string(),
        stand_in: None,
    })
}

/// `NAME=value` in a shell word (an assignment, or an `export` argument):
/// `value` is the part after `=`, starting at `value_offset` in the word.
fn assigned_literal(name: &str, value: &ShellWord, value_offset: usize) -> Option<Found> {
    if value.has_expansion {
        return None;
    }
    let raw = &value.raw[value_offset..];
    let range = value.range.start + value_offset..value.range.end;
    named_literal(name, raw, range)
}

/// `export NAME=value` arguments and `--password=value` / `--token value` options.
fn command_literals(words: &[ShellWord]) -> Vec<Found> {
    const DECLARERS: &[&str] = &["export", "declare", "local", "readonly", "typeset"];
    let declares = words
        .first()
        .is_some_and(|word| DECLARERS.contains(&word.value.as_str()));
    let mut findings = Vec::new();
    for (index, word) in words.iter().enumerate().skip(1) {
        if word.has_expansion {
            continue;
        }
        let raw = word.raw.as_str();
        if let Some(option) = raw.strip_prefix("--") {
            if let Some((name, _)) = option.split_once('=') {
                findings.extend(assigned_literal(name, word, 2 + name.len() + 1));
            } else if is_value_option(option) {
                if let Some(value) = words
                    .get(index + 1)
                    .filter(|next| !next.raw.starts_with('-'))
                {
                    findings.extend(assigned_literal(option, value, 0));
                }
            }
        } else if declares {
            if let Some((name, _)) = raw.split_once('=') {
                findings.extend(shell_variable(name, word, name.len() + 1, None));
            }
        }
    }
    findings
}

/// Long options whose next word is the secret (`--password hunter2`).
fn is_value_option(name: &str) -> bool {
    matches!(
        name,
        "password"
            | "passwd"
            | "token"
            | "api-key"
            | "apikey"
            | "secret"
            | "client-secret"
            | "access-token"
            | "auth-token"
    )
}

/// `NAME=value` lines of a file written by a COPY heredoc (a `.env` file).
fn dotenv_assignments(body: &str) -> Vec<Found> {
    let mut findings = Vec::new();
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end();
        let statement = content.trim_start().trim_start_matches("export ");
        if let Some((name, value)) = statement.split_once('=') {
            let value_start = offset + (content.len() - value.len());
            findings.extend(named_literal(
                name.trim(),
                value,
                value_start..value_start + value.len(),
            ));
        }
        offset += line.len();
    }
    findings
}

/// Known credential formats, private keys and URL passwords in a text.
fn scan_text(text: &str) -> Vec<Found> {
    let mut findings = private_keys(text);
    findings.extend(url_passwords(text));
    findings.extend(sql_passwords(text));
    findings.extend(debconf_passwords(text));
    let mut has_aws_key_id = false;
    for (format, prefix, start) in token_prefixes(text) {
        let before = text[..start].chars().next_back();
        if before.is_some_and(alnum_dash) {
            continue;
        }
        let body_start = start + prefix.len();
        let body_len = text[body_start..]
            .find(|ch: char| !(format.body)(ch))
            .unwrap_or(text.len() - body_start);
        let body = &text[body_start..body_start + body_len];
        let exact_aws = format.min_len == 16 && body_len != 16;
        if body_len < format.min_len || exact_aws || is_placeholder(body) {
            continue;
        }
        has_aws_key_id |= format.min_len == 16;
        findings.push(Found {
            range: start..body_start + body_len,
            what: crate::text!(format.what.0, format.what.1),
            value: text[start..body_start + body_len].to_string(),
            stand_in: None,
        });
    }
    if has_aws_key_id {
        findings.extend(aws_secret_keys(text));
    }
    findings
}

/// The bytes at `position` of the token prefixes (every prefix is longer).
const fn prefix_bytes(position: usize) -> [bool; 256] {
    let mut bytes = [false; 256];
    let mut format = 0;
    while format < TOKEN_FORMATS.len() {
        let prefixes = TOKEN_FORMATS[format].prefixes;
        let mut prefix = 0;
        while prefix < prefixes.len() {
            bytes[prefixes[prefix].as_bytes()[position] as usize] = true;
            prefix += 1;
        }
        format += 1;
    }
    bytes
}

/// The first and second bytes of the token prefixes: a place is compared
/// with the prefixes only when both match, which few words' starts do.
const PREFIX_STARTS: [bool; 256] = prefix_bytes(0);
const PREFIX_SECONDS: [bool; 256] = prefix_bytes(1);

/// Where each token prefix occurs in `text`, format by format and prefix by
/// prefix (the order decides between overlapping tokens), found in one pass
/// over the text rather than one search per prefix: every instruction is
/// scanned.
fn token_prefixes(text: &str) -> Vec<(&'static TokenFormat, &'static str, usize)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (start, &first) in bytes.iter().enumerate() {
        // Every prefix starts with an ASCII byte (so at a character boundary).
        let second = bytes.get(start + 1).copied().unwrap_or(0);
        if !PREFIX_STARTS[usize::from(first)] || !PREFIX_SECONDS[usize::from(second)] {
            continue;
        }
        for (format_index, format) in TOKEN_FORMATS.iter().enumerate() {
            for (prefix_index, prefix) in format.prefixes.iter().enumerate() {
                if prefix.as_bytes()[0] == first && bytes[start..].starts_with(prefix.as_bytes()) {
                    found.push((format_index, prefix_index, start));
                }
            }
        }
    }
    found.sort_unstable();
    found
        .into_iter()
        .map(|(format, prefix, start)| {
            let format = &TOKEN_FORMATS[format];
            (format, format.prefixes[prefix], start)
        })
        .collect()
}

/// `-----BEGIN ... PRIVATE KEY-----` followed by key material.
fn private_keys(text: &str) -> Vec<Found> {
    let mut findings = Vec::new();
    // Every instruction comes here: `contains` is a quick vectorized test,
    // where `match_indices` first prepares a search.
    if !text.contains("-----BEGIN ") {
        return findings;
    }
    for (start, _) in text.match_indices("-----BEGIN ") {
        let Some(header_len) = text[start + 11..].find("-----") else {
            continue;
        };
        let label = &text[start + 11..start + 11 + header_len];
        let end = start + 11 + header_len + 5;
        if !label.ends_with("PRIVATE KEY") && !label.ends_with("PRIVATE KEY BLOCK") {
            continue;
        }
        let following: String = text[end..].chars().take(160).collect();
        let longest_run = following
            .split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '+' || ch == '/'))
            .map(str::len)
            .max()
            .unwrap_or(0);
        if longest_run >= 40 {
            findings.push(Found {
                range: start..end,
                what: crate::text!("a private key", "秘密鍵"),
                value: text[start..end].to_string(),
                stand_in: None,
            });
        }
    }
    findings
}

/// The password of `scheme://user:password@host` URLs, when it is a literal.
fn url_passwords(text: &str) -> Vec<Found> {
    let mut findings = Vec::new();
    if !text.contains("://") {
        return findings;
    }
    for (at, _) in text.match_indices("://") {
        let scheme_ok = text[..at]
            .chars()
            .next_back()
            .is_some_and(|ch| ch.is_ascii_alphanumeric());
        let authority_start = at + 3;
        let authority_len = text[authority_start..]
            .find(|ch: char| ch.is_whitespace() || "/?#\"'`;|&()<>\\".contains(ch))
            .unwrap_or(text.len() - authority_start);
        let authority = &text[authority_start..authority_start + authority_len];
        let Some(user_end) = authority.rfind('@') else {
            continue;
        };
        let Some((_, password)) = authority[..user_end].split_once(':') else {
            continue;
        };
        let host = &authority[user_end + 1..];
        let url_end = text[authority_start..]
            .find(char::is_whitespace)
            .map_or(text.len(), |end| authority_start + end);
        let local = ["localhost", "127.0.0.1", "0.0.0.0", "[::1]"]
            .iter()
            .any(|local| host.starts_with(local));
        if !scheme_ok
            || host.is_empty()
            || local
            || is_placeholder(&text[authority_start..url_end])
            || password.is_empty()
            || password.contains(['$', '{', '%'])
            || is_placeholder(password)
        {
            continue;
        }
        let start = authority_start + user_end - password.len();
        findings.push(Found {
            range: start..start + password.len(),
            what: crate::text!("the URL password", "URL のパスワード"),
            value: password.to_string(),
            stand_in: None,
        });
    }
    findings
}

/// The password of SQL statements that create or change an account:
/// `IDENTIFIED BY 'pw'`, `IDENTIFIED WITH plugin BY 'pw'`, `WITH PASSWORD
/// 'pw'`, `ALTER USER x PASSWORD 'pw'`, `SET PASSWORD ... = 'pw'`, when the
/// quoted password is a literal.
fn sql_passwords(text: &str) -> Vec<Found> {
    // Every instruction comes here; few hold SQL.
    let keyword = |word| crate::shell::contains_ignore_ascii_case(text, word);
    if !keyword("by") && !keyword("password") {
        return Vec::new();
    }
    let lower = text.to_ascii_lowercase();
    let words = sql_words(&lower);
    let mut findings = Vec::new();
    for (index, &(start, word)) in words.iter().enumerate() {
        let previous = |back: usize| index.checked_sub(back).map(|at| words[at].1);
        let follows_keyword = match word {
            // `IDENTIFIED BY`, `IDENTIFIED WITH <plugin> BY`.
            "by" => previous(1) == Some("identified") || previous(3) == Some("identified"),
            "password" => {
                let statement = &lower[lower[..start].rfind(';').map_or(0, |end| end + 1)..start];
                // `IDENTIFIED BY PASSWORD '<hash>'` gives a hash, not a password.
                previous(1) != Some("by")
                    && (matches!(
                        previous(1),
                        Some("with" | "encrypted" | "unencrypted" | "set")
                    ) || ["alter user", "create user", "alter role", "create role"]
                        .iter()
                        .any(|kind| statement.contains(kind)))
            }
            _ => false,
        };
        if follows_keyword {
            findings.extend(quoted_password(text, start + word.len()));
        }
    }
    findings
}

/// The words of a text with their offsets: runs of letters, digits and `_`.
fn sql_words(lower: &str) -> Vec<(usize, &str)> {
    let mut words = Vec::new();
    let mut start = None;
    for (at, ch) in lower.char_indices().chain([(lower.len(), ' ')]) {
        let in_word = ch.is_ascii_alphanumeric() || ch == '_';
        match (in_word, start) {
            (true, None) => start = Some(at),
            (false, Some(begin)) => {
                words.push((begin, &lower[begin..at]));
                start = None;
            }
            _ => {}
        }
    }
    words
}

/// The literal in `= 'pw'`, `'pw'` or `= PASSWORD('pw')` after a keyword
/// ending at `end` (the quote may be escaped, as inside a shell string).
fn quoted_password(text: &str, end: usize) -> Option<Found> {
    let mut rest = text[end..].trim_start_matches([' ', '\t', '=', '(']);
    if rest.len() == text.len() - end {
        return None;
    }
    if rest.to_ascii_lowercase().starts_with("password(") {
        rest = &rest["password(".len()..];
    }
    let escaped = rest.starts_with('\\');
    let body = rest.trim_start_matches('\\');
    let quote = body.chars().next().filter(|ch| matches!(ch, '\'' | '"'))?;
    let closing = if escaped {
        format!("\\{quote}")
    } else {
        quote.to_string()
    };
    let start = text.len() - body.len() + 1;
    let length = text[start..].find(&closing)?;
    let password = &text[start..start + length];
    if password.contains('\n') {
        return None;
    }
    let value = literal_password(password)?;
    Some(Found {
        range: start..start + length,
        what: crate::text!("the database password", "データベースのパスワード"),
        value: value.to_string(),
        stand_in: None,
    })
}

/// Answers of type `password` given to `debconf-set-selections` (or in a
/// preseed file): `mysql-server mysql-server/root_password password <pw>`.
fn debconf_passwords(text: &str) -> Vec<Found> {
    let mut findings = Vec::new();
    if !text.contains(" password ") {
        return findings;
    }
    for (at, _) in text.match_indices(" password ") {
        let question = text[..at]
            .rsplit([' ', '\t', '"', '\''])
            .next()
            .unwrap_or("");
        let is_question = question.contains('/')
            && !question.starts_with('/')
            && question
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || "/._-:".contains(ch));
        if !is_question {
            continue;
        }
        let start = at + " password ".len();
        let length = text[start..]
            .find(|ch: char| ch.is_whitespace() || "\"'|;\\)".contains(ch))
            .unwrap_or(text.len() - start);
        let password = &text[start..start + length];
        if let Some(value) = literal_password(password) {
            findings.push(Found {
                range: start..start + length,
                what: crate::text!("a debconf password answer", "debconf のパスワードの回答"),
                value: value.to_string(),
                stand_in: None,
            });
        }
    }
    findings
}

/// 40-character AWS secret access keys next to an access key ID.
fn aws_secret_keys(text: &str) -> Vec<Found> {
    let is_key_char = |ch: char| ch.is_ascii_alphanumeric() || ch == '/' || ch == '+';
    let mut findings = Vec::new();
    let mut start = 0;
    for run in text.split(|ch: char| !is_key_char(ch)) {
        let mixed = run.chars().any(|ch| ch.is_ascii_lowercase())
            && run.chars().any(|ch| ch.is_ascii_uppercase())
            && run.chars().any(|ch| ch.is_ascii_digit());
        if run.len() == 40 && mixed && !is_placeholder(run) {
            findings.push(Found {
                range: start..start + 40,
                what: crate::text!("an AWS secret access key", "AWS シークレットアクセスキー"),
                value: run.to_string(),
                stand_in: None,
            });
        }
        start += run.len() + 1;
    }
    findings
}

const DOCS_EN: &str = r#"
# Hard-coded secret value

## What it checks
A credential written into the Dockerfile itself: in an `ENV`, `ARG` default or `LABEL`, in
a `RUN` command, in a heredoc, or in a URL. It recognises:

- private keys (`-----BEGIN ... PRIVATE KEY-----` followed by key material);
- tokens by their format: GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`),
  GitLab (`glpat-`), Slack (`xoxb-` ...), Stripe live keys (`sk_live_`, `rk_live_`),
  OpenAI-style keys (`sk-` and 40 more characters), Google API keys (`AIza`), npm tokens
  (`npm_`), Docker Hub tokens (`dckr_pat_`), AWS access key IDs (`AKIA`, `ASIA`) and the
  secret access keys written next to them;
- passwords in URLs (`https://user:password@host`);
- passwords given to commands, in a `RUN` or in what the image starts (`CMD`, `ENTRYPOINT`,
  `HEALTHCHECK`): `mysql -p<password>` and the other MySQL and MariaDB clients (and
  `mysqladmin password <new>`), `--password=<password>` or `--password <password>`,
  `redis-server --requirepass <password>`, `redis-cli -a <password>`, `htpasswd -b <file>
  <user> <password>`, `curl -u <user>:<password>`, an `Authorization` or API-key header
  (`-H 'Authorization: Bearer ...'`), SQL that sets an account's password (`IDENTIFIED BY
  '...'`, `WITH PASSWORD '...'`, `ALTER USER ... PASSWORD '...'`) and `password` answers
  given to `debconf-set-selections` or a preseed file;
- a secret-named variable (see PL401) or option (`--token=...`) set to a literal, such
  as `ENV DATABASE_PASSWORD=secret123` or `export API_TOKEN=...`.

Placeholders are not credentials and are not reported: empty values, variables and command
substitutions (`${TOKEN}`, `$(cat /run/secrets/token)`), file paths, switches (`true`, `0`,
`1`), text such as `xxx`, `<token>`, `example`, `dummy` or `****`, and hexadecimal filler
(`DEADBEEF`, `CAFEBABE`). Weak defaults such as
`changeme` or `secret123` *are* reported: they are real passwords, and the first ones
attackers try. For a well-known default (`123456`, `changeme`, `admin`) the finding says
so and asks for a strong value per deployment instead of asking you to revoke it: nothing
secret leaked, but whatever is set up with it lets anyone in. Account passwords (`chpasswd`, `passwd`, `net user`) are PL106's. The
message shows only the start of the value.

A secret variable given a stand-in value for one `RUN` (`SECRET_KEY=build-only python
manage.py collectstatic`, `APP_SECRET_TOKEN=dummy rake assets:precompile`, or only the word
for the slot, `APP_SECRET_TOKEN=secret bundle install`) is not a leaked
credential: the finding says what it is and is rated info. When the value does not say so
but the command only loads the application's settings (Django's `collectstatic` and
`compilemessages`, Rails' `assets:precompile`), it is rated low. A stand-in kept by an
`ARG` default is rated low, and one kept by `ENV` medium: every container started without
the real value runs with that known one. A value that is only the word for what belongs
there (`ARG NEXTAUTH_SECRET=secret`, `ENV DB_PASSWORD=password`) is such a stand-in too. None
of them asks you to revoke anything.

## Why it is risky
The value is in the Dockerfile, so it is in the repository and its history, in every image
built from it (as an `ENV`, a label, a file or a history entry), and in the build cache.
Anyone who can read any of them can use the credential. Deleting the line later does not
take it back.

## Example
```dockerfile
FROM node:20-alpine
ENV DATABASE_PASSWORD=secret123
```

## Use instead
```dockerfile
FROM node:20-alpine
# The password is read from a Docker secret when the container runs:
#   docker secret create db_password ./db_password.txt
ENV DATABASE_PASSWORD_FILE=/run/secrets/db_password
```

## Fix
First revoke or rotate the credential: assume it is compromised. Then remove it from the
Dockerfile and provide it where it is needed: with a BuildKit secret mount for a build step
(`RUN --mount=type=secret,id=npm_token ...`, built with `docker build --secret
id=npm_token,src=./npm_token.txt .`), or at run time with `docker run -e`, `--env-file` or
Docker secrets.

## When it is acceptable
Credentials that only exist in a throw-away test environment, such as the password of a
database container started for the test suite. Prefer a placeholder even there, so the
pattern is not copied into production files. A stand-in value given to one build step
(`SECRET_KEY=build-only python manage.py collectstatic`) is fine where it is: keep it in
that command, never in `ENV` or `ARG`, where the running container would use it.

## References
- [Docker docs: build secrets](https://docs.docker.com/build/building/secrets/)
- [Docker docs: manage sensitive data with Docker secrets](https://docs.docker.com/engine/swarm/secrets/)
- CWE-798: Use of Hard-coded Credentials
"#;

const DOCS_JA: &str = r#"
# ハードコードされたシークレットの値

## チェック内容
Dockerfile 自体に書かれた資格情報を検出します。`ENV`・`ARG` のデフォルト値・`LABEL`・`RUN` の
コマンド・ヒアドキュメント・URL が対象です。次のものを認識します。

- 秘密鍵（`-----BEGIN ... PRIVATE KEY-----` の後に鍵の本体が続くもの）
- 形式で分かるトークン: GitHub（`ghp_`・`gho_`・`ghu_`・`ghs_`・`ghr_`・`github_pat_`）、
  GitLab（`glpat-`）、Slack（`xoxb-` など）、Stripe の本番キー（`sk_live_`・`rk_live_`）、
  OpenAI 形式のキー（`sk-` の後に40文字以上）、Google API キー（`AIza`）、npm トークン
  （`npm_`）、Docker Hub トークン（`dckr_pat_`）、AWS アクセスキー ID（`AKIA`・`ASIA`）と
  その隣に書かれたシークレットアクセスキー
- URL 中のパスワード（`https://user:password@host`）
- `RUN` や、イメージが起動するもの（`CMD`・`ENTRYPOINT`・`HEALTHCHECK`）でコマンドに渡した
  パスワード: `mysql -p<パスワード>`（ほかの MySQL・MariaDB クライアントと
  `mysqladmin password <新しいパスワード>` も同様）、`--password=<パスワード>` や
  `--password <パスワード>`、`redis-server --requirepass <パスワード>`、`redis-cli -a <パスワード>`、
  `htpasswd -b <ファイル> <ユーザー>
  <パスワード>`、`curl -u <ユーザー>:<パスワード>`、`Authorization` や API キーのヘッダー
  （`-H 'Authorization: Bearer ...'`）、アカウントのパスワードを設定する SQL（`IDENTIFIED BY
  '...'`・`WITH PASSWORD '...'`・`ALTER USER ... PASSWORD '...'`）、`debconf-set-selections` や
  preseed ファイルに渡す `password` 型の回答
- シークレットらしい名前の変数（PL401 参照）やオプション（`--token=...`）へのリテラル値の
  代入。例: `ENV DATABASE_PASSWORD=secret123`、`export API_TOKEN=...`

プレースホルダーは資格情報ではないため報告しません。空の値、変数やコマンド置換
（`${TOKEN}`・`$(cat /run/secrets/token)`）、ファイルパス、スイッチ（`true`・`0`・`1`）、`xxx`・
`<token>`・`example`・`dummy`・`****`、16 進の埋め草（`DEADBEEF`・`CAFEBABE`）などが該当します。一方、`changeme` や `secret123` のような
弱い初期値は報告します。実在するパスワードであり、攻撃者が最初に試す値だからです。よく知られた既定値
（`123456`・`changeme`・`admin`）の場合は、その旨を伝え、無効化ではなくデプロイごとに強い値を渡すよう
求めます。秘密が漏れたわけではありませんが、その値で設定されたものには誰でも入れるからです。アカウントの
パスワード（`chpasswd`・`passwd`・`net user`）は PL106 が扱います。メッセージには値の先頭だけを
表示します。

1 つの `RUN` の間だけシークレットの変数に仮の値を渡している場合（`SECRET_KEY=build-only python
manage.py collectstatic`、`APP_SECRET_TOKEN=dummy rake assets:precompile`、枠の名前だけの
`APP_SECRET_TOKEN=secret bundle install`）は、漏えいした資格情報
ではありません。指摘ではそれが何かを説明し、重大度は info とします。値からは仮の値と分からなくても、
コマンドがアプリケーションの設定を読み込むだけのもの（Django の `collectstatic`・`compilemessages`、
Rails の `assets:precompile`）であれば low とします。`ARG` のデフォルトに残る仮の値は low、
`ENV` に残る仮の値は medium とします。後者では、本物の値を渡さずに起動したコンテナがすべて、
その知られた値で動くからです。そこに入れるものの名前をそのまま値にしたもの
（`ARG NEXTAUTH_SECRET=secret`、`ENV DB_PASSWORD=password`）も同じく仮の値として扱います。
いずれの場合も無効化は求めません。

## なぜ危険か
値が Dockerfile にあるということは、リポジトリとその履歴、そこからビルドしたすべてのイメージ
（`ENV`・ラベル・ファイル・履歴エントリとして）、そしてビルドキャッシュに残るということです。
そのどれかを読める人なら誰でも資格情報を使えます。後から行を削除しても取り消せません。

## 問題のある例
```dockerfile
FROM node:20-alpine
ENV DATABASE_PASSWORD=secret123
```

## 代わりに
```dockerfile
FROM node:20-alpine
# The password is read from a Docker secret when the container runs:
#   docker secret create db_password ./db_password.txt
ENV DATABASE_PASSWORD_FILE=/run/secrets/db_password
```

## 修正方法
まず資格情報を無効化またはローテーションします。漏えいしたものとして扱ってください。そのうえで
Dockerfile から削除し、必要な場所で渡します。ビルド中の処理には BuildKit のシークレットマウント
（`RUN --mount=type=secret,id=npm_token ...`、ビルドは `docker build --secret
id=npm_token,src=./npm_token.txt .`）、実行時には `docker run -e`・`--env-file`・Docker secrets
を使います。

## 許容される場合
使い捨てのテスト環境にしか存在しない資格情報（テストスイートのために起動するデータベース
コンテナのパスワードなど）です。それでも、本番用のファイルに書き写されないよう、
プレースホルダーを使うほうが安全です。1 つのビルド手順に渡す仮の値
（`SECRET_KEY=build-only python manage.py collectstatic`）はそのままでかまいません。値はその
コマンドの中だけにとどめ、実行中のコンテナが使ってしまう `ENV` や `ARG` には書かないでください。

## 参考資料
- [Docker ドキュメント: ビルドシークレット](https://docs.docker.com/build/building/secrets/)
- [Docker ドキュメント: Docker secrets による機密データの管理](https://docs.docker.com/engine/swarm/secrets/)
- CWE-798: ハードコードされた資格情報の使用
"#;
