//! Conformance with BuildKit's own parser and shell-lexer tests.
//!
//! The data in `tests/buildkit/` comes from moby/buildkit (see its README):
//! every `testfiles/<case>/Dockerfile` must print, in BuildKit's `Node.Dump`
//! format, exactly its `result`; every `testfiles-negative` case must give
//! the error BuildKit gives it first; and the lexer's `envVarTest` / `wordsTest` tables and table tests
//! must expand as BuildKit's `ProcessWord` / `ProcessWords` do. The cases of
//! `parser_test.go`, `parser_heredoc_test.go`, `json_test.go`,
//! `directives_test.go`, `line_parsers_test.go` and of the instruction tests
//! (`instructions/parse_test.go`, `parse_heredoc_test.go`) follow, restated
//! against our model.
//!
//! Deliberate differences are asserted with a comment where they occur: we
//! report every problem and go on (BuildKit stops at the first), and our
//! parser also reports what BuildKit only refuses later, in
//! `instructions.Parse` (see `INSTRUCTION_ERRORS`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use plimsoll_core::shell::{expand_word, expand_words};
use plimsoll_core::syntax::{parse, Args, Command, Dockerfile, Healthcheck, Instruction, Keyword};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/buildkit")
}

fn cases(kind: &str) -> Vec<(String, PathBuf)> {
    let mut cases: Vec<(String, PathBuf)> = std::fs::read_dir(data_dir().join(kind))
        .expect("test data directory")
        .map(|entry| {
            let entry = entry.expect("directory entry");
            (
                entry.file_name().to_string_lossy().into_owned(),
                entry.path(),
            )
        })
        .collect();
    cases.sort();
    cases
}

// ---------------------------------------------------------------------------
// The printer: our parse in BuildKit's `Node.Dump` format.
// ---------------------------------------------------------------------------

/// Go's `strconv.Quote`.
fn go_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            ' ' => out.push(' '),
            ch if (ch as u32) < 0x20 || ch as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", ch as u32);
            }
            ch if ch.is_control() || ch.is_whitespace() => {
                if (ch as u32) < 0x10000 {
                    let _ = write!(out, "\\u{:04x}", ch as u32);
                } else {
                    let _ = write!(out, "\\U{:08x}", ch as u32);
                }
            }
            ch => out.push(ch),
        }
    }
    out.push('"');
    out
}

/// BuildKit's `[\t\v\f\r ]+` split (`parseStringsWhitespaceDelimited`).
fn whitespace_delimited(text: &str) -> Vec<String> {
    text.split(['\t', '\u{b}', '\u{c}', '\r', ' '])
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

fn command_nodes(command: &Command) -> Vec<String> {
    match command {
        Command::Exec(words) => words.iter().map(|word| go_quote(&word.text)).collect(),
        Command::Shell { text, .. } => vec![go_quote(text)],
        Command::Empty => Vec::new(),
    }
}

/// The nodes after the instruction name, as `Node.Dump` prints them.
fn arg_nodes(instruction: &Instruction) -> Vec<String> {
    let quote_all =
        |words: &mut dyn Iterator<Item = &str>| words.map(go_quote).collect::<Vec<String>>();
    match (&instruction.args, instruction.keyword) {
        // FROM has no model for words past `AS name`: print what BuildKit
        // splits from the argument text we located.
        (_, Keyword::From) => whitespace_delimited(instruction.args_text())
            .iter()
            .map(|word| go_quote(word))
            .collect(),
        (Args::Command(command), _) => command_nodes(command),
        (args, Keyword::Healthcheck) => {
            // `parseHealthConfig`: the type as written, then the command.
            let text = instruction.args_text();
            let Some(kind) = text
                .split(char::is_whitespace)
                .next()
                .filter(|k| !k.is_empty())
            else {
                return Vec::new();
            };
            let mut nodes = vec![go_quote(kind)];
            match args {
                Args::Healthcheck(Healthcheck::Cmd(command)) => {
                    nodes.extend(command_nodes(command));
                }
                // NONE and unknown types: we keep no command, BuildKit's
                // parser keeps the rest as a string (its JSON form does not
                // occur in the test data).
                _ => {
                    let rest = text[kind.len()..].trim_start();
                    if !rest.is_empty() {
                        nodes.push(go_quote(rest));
                    }
                }
            }
            nodes
        }
        (Args::KeyValues(pairs), _) => pairs
            .iter()
            .flat_map(|pair| [go_quote(&pair.key.text), go_quote(&pair.value.text)])
            .collect(),
        (Args::Arg(declarations), _) => declarations
            .iter()
            .map(|declaration| match &declaration.default {
                Some(default) => go_quote(&format!("{}={}", declaration.name.text, default.text)),
                None => go_quote(&declaration.name.text),
            })
            .collect(),
        (Args::Copy(copy), _) => quote_all(
            &mut copy
                .sources
                .iter()
                .chain(copy.destination.iter())
                .map(|word| word.text.as_str()),
        ),
        (Args::List { items, .. }, _) => {
            quote_all(&mut items.iter().map(|word| word.text.as_str()))
        }
        (Args::Text(word), _) => quote_all(&mut word.iter().map(|word| word.text.as_str())),
        (Args::Onbuild(Some(inner)), _) => vec![format!("({})", node(inner))],
        (Args::Onbuild(None), _) => Vec::new(),
        // `parseIgnore`: one empty node.
        (Args::Unknown, _) => vec![go_quote("")],
        (args, keyword) => panic!("unexpected arguments {args:?} for {keyword:?}"),
    }
}

fn node(instruction: &Instruction) -> String {
    let mut out = instruction.keyword_text.to_lowercase();
    if !instruction.flags.is_empty() {
        let flags: Vec<String> = instruction
            .flags
            .iter()
            .map(|flag| {
                let raw = match &flag.value {
                    Some(value) => format!("--{}={value}", flag.name),
                    None => format!("--{}", flag.name),
                };
                go_quote(&raw)
            })
            .collect();
        let _ = write!(out, " [{}]", flags.join(" "));
    }
    for arg in arg_nodes(instruction) {
        out.push(' ');
        out.push_str(&arg);
    }
    out
}

/// Our parse as BuildKit's `result.AST.Dump() + "\n"`.
fn dump(dockerfile: &Dockerfile) -> String {
    let mut out = String::new();
    for instruction in &dockerfile.instructions {
        let _ = writeln!(out, "({})", node(instruction));
    }
    out
}

// ---------------------------------------------------------------------------
// testfiles and testfiles-negative
// ---------------------------------------------------------------------------

/// Errors we report for valid `testfiles` cases. BuildKit's `parser.Parse`
/// accepts these files; the same problems fail later, in
/// `instructions.Parse`, which our parser folds in (it reports everything a
/// build would refuse). Each entry: case, the messages we must report.
const INSTRUCTION_ERRORS: &[(&str, &[&str])] = &[
    (
        "flags",
        &[
            "unknown flag: --user",
            "unknown flag: --doit",
            "unknown flag: --user",
            "unknown flag: --doit",
            "unknown flag: --doit",
            "unknown flag: --doit",
            "unknown flag: --doit",
            "unknown flag: --doit",
        ],
    ),
    (
        "health",
        &[
            "HEALTHCHECK requires at least one argument",
            "missing command after HEALTHCHECK CMD",
            "unknown type \"CONNECT\" in HEALTHCHECK (try CMD)",
        ],
    ),
];

#[test]
fn testfiles_print_as_buildkit_results() {
    let mut agree = 0;
    let mut failures = Vec::new();
    let all = cases("testfiles");
    for (name, dir) in &all {
        let source = std::fs::read_to_string(dir.join("Dockerfile")).expect("Dockerfile");
        let expected = std::fs::read_to_string(dir.join("result")).expect("result");
        let dockerfile = parse(&source);
        let printed = dump(&dockerfile);
        let errors: Vec<&str> = dockerfile
            .errors
            .iter()
            .map(|error| error.message.as_str())
            .collect();
        let allowed = INSTRUCTION_ERRORS
            .iter()
            .find(|(case, _)| case == name)
            .map_or(&[][..], |(_, messages)| *messages);
        if printed == expected && errors == allowed {
            agree += 1;
        } else {
            failures.push(format!(
                "{name}:\n--- expected\n{expected}--- ours\n{printed}--- errors {errors:?}\n"
            ));
        }
    }
    eprintln!("BuildKit testfiles: {agree}/{} agree", all.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The error BuildKit's `parser.Parse` stops at for each negative case, and
/// its line. We go on and report every problem; the first must be BuildKit's.
const NEGATIVE_ERRORS: &[(&str, &str, u32)] = &[
    ("empty_dockerfile", "file with no instructions", 1),
    ("env_no_value", "ENV must have two arguments", 3),
    ("only_comments", "file with no instructions", 1),
    (
        "shykes-nested-json",
        "when using JSON array syntax, arrays must be comprised of strings only",
        1,
    ),
];

#[test]
fn negative_testfiles_give_buildkits_error() {
    let all = cases("testfiles-negative");
    let names: Vec<&str> = all.iter().map(|(name, _)| name.as_str()).collect();
    let listed: Vec<&str> = NEGATIVE_ERRORS.iter().map(|(name, _, _)| *name).collect();
    assert_eq!(
        names, listed,
        "every negative case needs its expected error"
    );
    for ((name, dir), (_, message, line)) in all.iter().zip(NEGATIVE_ERRORS) {
        let source = std::fs::read_to_string(dir.join("Dockerfile")).expect("Dockerfile");
        let report = plimsoll_core::check(&source, &plimsoll_core::Settings::default());
        let first = report
            .errors
            .first()
            .map(|error| (error.message.as_str(), error.location.start.line));
        assert_eq!(
            first,
            Some((*message, *line)),
            "{name}: {:?}",
            report.errors
        );
    }
}

// ---------------------------------------------------------------------------
// The shell lexer: envVarTest, wordsTest and lex_test.go's tables.
// ---------------------------------------------------------------------------

fn lookup<'a>(envs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |name: &str| {
        envs.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| (*value).to_string())
    }
}

#[test]
fn env_var_test_table() {
    // TestShellParser4EnvVars: its environment, Unix rows (`A` and `U`).
    let envs = [
        ("PWD", "/home"),
        ("SHELL", "bash"),
        ("KOREAN", "한국어"),
        ("NULL", ""),
    ];
    let vars = lookup(&envs);
    let table = std::fs::read_to_string(data_dir().join("envVarTest")).expect("envVarTest");
    let (mut agree, mut total, mut failures) = (0, 0, Vec::new());
    for (number, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.trim().split('|').collect();
        assert_eq!(fields.len(), 3, "line {}", number + 1);
        let (platform, source, expected) = (fields[0].trim(), fields[1].trim(), fields[2].trim());
        if platform == "W" {
            continue;
        }
        total += 1;
        let ours = expand_word(source, '\\', &vars).map(|expansion| expansion.value);
        let ok = match (&ours, expected) {
            (Err(_), "error") => true,
            (Ok(value), expected) => value == expected,
            _ => false,
        };
        if ok {
            agree += 1;
        } else {
            failures.push(format!(
                "line {}: {source:?} -> {ours:?}, BuildKit {expected:?}",
                number + 1
            ));
        }
    }
    eprintln!("envVarTest: {agree}/{total} agree");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn words_test_table() {
    // TestShellParser4Words, normal mode (RawQuotes/SkipUnsetEnv are not ours).
    let table = std::fs::read_to_string(data_dir().join("wordsTest")).expect("wordsTest");
    let mut envs: Vec<(String, String)> = Vec::new();
    let (mut agree, mut total, mut failures) = (0, 0, Vec::new());
    for (number, line) in table.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        if let Some(env) = line.strip_prefix("ENV ") {
            let env = env.trim_start_matches(' ');
            let (key, value) = env.split_once('=').unwrap_or((env, ""));
            envs.push((key.to_string(), value.to_string()));
            continue;
        }
        let (test, expected) = line.split_once('|').expect("one |");
        let test = test.trim();
        let expected: Vec<&str> = expected.trim_start_matches(' ').split(',').collect();
        let vars = |name: &str| {
            envs.iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        };
        total += 1;
        let ours: Vec<String> = match expand_words(test, '\\', &vars) {
            Ok(words) => words.into_iter().map(|word| word.value).collect(),
            Err(_) => vec!["error".to_string()],
        };
        if ours == expected {
            agree += 1;
        } else {
            failures.push(format!(
                "line {}: {test:?} -> {ours:?}, BuildKit {expected:?}",
                number + 1
            ));
        }
    }
    eprintln!("wordsTest: {agree}/{total} agree");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// One row of `TestProcessWithMatches`: input, environment, expected value
/// (`None`: an error), and the names BuildKit reports unmatched.
type MatchCase = (
    &'static str,
    &'static [(&'static str, &'static str)],
    Option<&'static str>,
    &'static [&'static str],
);

const PROCESS_WITH_MATCHES: &[MatchCase] = &[
    ("x", &[("DUMMY", "dummy")], Some("x"), &[]),
    (
        "x ${UNUSED}",
        &[("DUMMY", "dummy")],
        Some("x "),
        &["UNUSED"],
    ),
    ("x ${FOO}", &[("FOO", "y")], Some("x y"), &[]),
    (
        "${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}",
        &[("FOO", "xxx"), ("BAR", "")],
        Some("xxx  ccc"),
        &["BAZ"],
    ),
    (
        "${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}",
        &[("FOO", "xxx"), ("BAR", "")],
        Some("xxx bbb ccc"),
        &["BAZ"],
    ),
    ("${FOO:-}", &[("FOO", "xxx"), ("BAR", "")], Some("xxx"), &[]),
    ("${FOO:-}", &[], Some(""), &["FOO"]),
    (
        "${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}",
        &[("FOO", "xxx"), ("BAR", "")],
        Some("aaa bbb "),
        &["BAZ"],
    ),
    (
        "${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}",
        &[("FOO", "xxx"), ("BAR", "")],
        Some("aaa  "),
        &["BAZ"],
    ),
    (
        "${FOO?aaa}",
        &[("FOO", "xxx"), ("BAR", "")],
        Some("xxx"),
        &[],
    ),
    ("${BAR?bbb}", &[("FOO", "xxx"), ("BAR", "")], Some(""), &[]),
    ("${BAZ?ccc}", &[("FOO", "xxx"), ("BAR", "")], None, &[]),
    (
        "${FOO:?aaa}",
        &[("FOO", "xxx"), ("BAR", "")],
        Some("xxx"),
        &[],
    ),
    ("${BAR:?bbb}", &[("FOO", "xxx"), ("BAR", "")], None, &[]),
    ("${BAZ:?ccc}", &[("FOO", "xxx"), ("BAR", "")], None, &[]),
    ("${BAZ:?}", &[("FOO", "xxx"), ("BAR", "")], None, &[]),
    ("${FOO=aaa}", &[("FOO", "xxx"), ("BAR", "")], None, &[]),
    ("${FOO=:aaa}", &[("FOO", "xxx"), ("BAR", "")], None, &[]),
    ("${FOO=}", &[], None, &[]),
    (
        r"${FOO#()[]{\}^$.\*\?|\\}",
        &[("FOO", r"()[]{}^$.*?|\x")],
        Some("x"),
        &[],
    ),
    (r"${FOO%%\**}", &[("FOO", "xx**")], Some("xx"), &[]),
    ("${FOO#*x*y}", &[("FOO", "xxyy")], Some("y"), &[]),
    ("${FOO#*}", &[("FOO", "xxyy")], Some("xxyy"), &[]),
    (
        "${FOO#$BAR}",
        &[("FOO", "xxyy"), ("BAR", "x")],
        Some("xyy"),
        &[],
    ),
    (
        "${FOO#$BAR}",
        &[("FOO", "xxyy"), ("BAR", "")],
        Some("xxyy"),
        &[],
    ),
    ("${FOO#}", &[("FOO", "xxyy")], Some("xxyy"), &[]),
    ("${FOO##*x}", &[("FOO", "xxyy")], Some("yy"), &[]),
    ("${FOO##}", &[("FOO", "xxyy")], Some("xxyy"), &[]),
    (r"${FOO#?\?}", &[("FOO", "???y")], Some("?y"), &[]),
    (
        "${ABC:-.}${FOO%x}${ABC:-.}",
        &[("FOO", "xxyy")],
        Some(".xxyy."),
        &["ABC"],
    ),
    (r"${FOO%%\**\*}", &[("FOO", "a***yy*")], Some("a"), &[]),
    ("${FOO%}", &[("FOO", "xxyy")], Some("xxyy"), &[]),
    (
        "${FOO%%$BAR}",
        &[("FOO", "xxyy"), ("BAR", "")],
        Some("xxyy"),
        &[],
    ),
    (
        "${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}",
        &[("FOO", "/foo*/*/*.txt"), ("NEEDLE", r"\*/")],
        Some("/foo.*/*.txt - /foo..*.txt"),
        &[],
    ),
    (
        "${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}",
        &[("FOO", "/tmp/tmp/bar.txt"), ("NEEDLE", "/tmp")],
        Some("/tmp/bar.txt - /bar.txt"),
        &[],
    ),
    (
        "${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
        &[
            ("FOO", "/a/foo/b/c.txt"),
            ("NEEDLE", "/?/"),
            ("REPLACEMENT", "/"),
        ],
        Some("/foo/b/c.txt - /foo/c.txt"),
        &[],
    ),
    (
        "${FOO/$NEEDLE/$REPLACEMENT}",
        &[
            ("FOO", "http://google.de"),
            ("NEEDLE", "http://"),
            ("REPLACEMENT", "https://"),
        ],
        Some("https://google.de"),
        &[],
    ),
    (
        r"${FOO//\//\/}",
        &[("FOO", "/tmp/foo.txt")],
        Some(r"\/tmp\/foo.txt"),
        &[],
    ),
    (
        "${FOO/$BAR/ww}",
        &[("FOO", "xxyy"), ("BAR", "")],
        Some("wwxxyy"),
        &[],
    ),
    ("${FOO//ww}", &[("FOO", "xxyy")], None, &[]),
    ("${FOO//}", &[("FOO", "xxyy")], None, &[]),
    ("${FOO///}", &[("FOO", "xxyy")], Some("xxyy"), &[]),
    ("${FOO///}", &[], Some(""), &["FOO"]),
    // TestProcessWithMatchesPlatform
    (
        "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz",
        &[
            ("VERSION", "v1.2.3"),
            ("TARGETOS", "linux"),
            ("TARGETARCH", "arm"),
            ("TARGETVARIANT", "v7"),
        ],
        Some("something-v1.2.3.linux-arm-v7.tar.gz"),
        &[],
    ),
    (
        "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz",
        &[
            ("VERSION", "v1.2.3"),
            ("TARGETOS", "linux"),
            ("TARGETARCH", "amd64"),
            ("TARGETVARIANT", ""),
        ],
        Some("something-v1.2.3.linux-amd64.tar.gz"),
        &[],
    ),
    (
        "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz",
        &[
            ("VERSION", "v1.2.3"),
            ("TARGETOS", "linux"),
            ("TARGETARCH", "arm64"),
        ],
        Some("something-v1.2.3.linux-arm64.tar.gz"),
        &["TARGETVARIANT"],
    ),
    // TestShellParserMandatoryEnvVars
    (
        "${VAR:?message here$ARG}",
        &[("VAR", "plain"), ("ARG", "x")],
        Some("plain"),
        &[],
    ),
    (
        "${VAR:?message here$ARG}",
        &[("VAR", ""), ("ARG", "x")],
        None,
        &[],
    ),
    ("${VAR:?message here$ARG}", &[("ARG", "x")], None, &[]),
    (
        "${VAR?message here$ARG}",
        &[("VAR", "plain"), ("ARG", "x")],
        Some("plain"),
        &[],
    ),
    (
        "${VAR?message here$ARG}",
        &[("VAR", ""), ("ARG", "x")],
        Some(""),
        &[],
    ),
    ("${VAR?message here$ARG}", &[("ARG", "x")], None, &[]),
];

#[test]
fn process_with_matches_table() {
    let mut failures = Vec::new();
    for (input, envs, expected, unmatched) in PROCESS_WITH_MATCHES {
        let vars = lookup(envs);
        let ours = expand_word(input, '\\', &vars);
        match (&ours, expected) {
            (Err(_), None) => {}
            (Ok(expansion), Some(value)) if expansion.value == *value => {
                let mut unset = expansion.unset.clone();
                unset.sort();
                let mut want: Vec<String> = unmatched.iter().map(|s| s.to_string()).collect();
                want.sort();
                if unset != want {
                    failures.push(format!("{input:?}: unset {unset:?}, BuildKit {want:?}"));
                }
            }
            _ => failures.push(format!("{input:?}: {ours:?}, BuildKit {expected:?}")),
        }
    }
    eprintln!(
        "lex_test.go tables: {}/{} agree",
        PROCESS_WITH_MATCHES.len() - failures.len(),
        PROCESS_WITH_MATCHES.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------
// parser_heredoc_test.go
// ---------------------------------------------------------------------------

/// `(name, content, expand, chomp, file descriptor)` of one heredoc.
type HeredocRow = (&'static str, &'static str, bool, bool, u32);

fn heredoc_rows(instruction: &Instruction) -> Vec<(String, String, bool, bool, u32)> {
    instruction
        .heredocs
        .iter()
        .map(|heredoc| {
            (
                heredoc.name.clone(),
                heredoc.body.clone(),
                heredoc.expand,
                heredoc.chomp,
                heredoc.file_descriptor.unwrap_or(0),
            )
        })
        .collect()
}

/// TestParseExtractsHeredoc's Dockerfile.
const HEREDOC_DOCKERFILE: &str = "
FROM alpine:3.6

ENV NAME=me

RUN ls

USER <<INVALID
INVALID

RUN <<EMPTY
EMPTY

RUN 3<<EMPTY2
EMPTY2

RUN \"<<NOHEREDOC\"

RUN <<INDENT
\tfoo
\tbar
INDENT

RUN <<-UNINDENT
\tbaz
\tquux
UNINDENT

RUN <<-UNINDENT2
\tbaz
\tquux
\tUNINDENT2

RUN <<-EXPAND
\texpand $NAME
EXPAND

RUN <<-'NOEXPAND'
\tdon't expand $NAME
NOEXPAND

RUN <<COPY
echo hello world
echo foo bar
COPY

RUN <<COMMENT
# internal comment
echo hello world
echo foo bar # trailing comment
COMMENT

RUN --mount=type=cache,target=/foo <<MOUNT
echo hello
MOUNT

COPY <<FILE1 <<FILE2 /dest
content 1
FILE1
content 2
FILE2

COPY <<EOF /quotes
\"foo\"
'bar'
EOF

COPY <<X <<Y /dest
Y
X
X
Y

RUN <<COMPLEX python3
print('hello world')
COMPLEX

COPY <<file.txt /dest
hello world
file.txt

RUN <<eo'f'
echo foo
eof

RUN <<eo\\'f
echo foo
eo'f

RUN <<'e'o\\'f
echo foo
eo'f

RUN <<'one two'
echo bar
one two

RUN <<$EOF
$EOF

RUN <<  EOF
EOF

RUN <<  EOF  > foo
EOF
\t";

#[test]
fn parse_extracts_heredocs() {
    // TestParseExtractsHeredoc: one row per instruction after FROM.
    let expected: &[&[HeredocRow]] = &[
        &[],
        &[],
        &[],
        &[],
        &[("EMPTY", "", true, false, 0)],
        &[("EMPTY2", "", true, false, 3)],
        &[],
        &[("INDENT", "\tfoo\n\tbar\n", true, false, 0)],
        &[("UNINDENT", "\tbaz\n\tquux\n", true, true, 0)],
        &[("UNINDENT2", "\tbaz\n\tquux\n", true, true, 0)],
        &[("EXPAND", "\texpand $NAME\n", true, true, 0)],
        &[("NOEXPAND", "\tdon't expand $NAME\n", false, true, 0)],
        &[("COPY", "echo hello world\necho foo bar\n", true, false, 0)],
        &[(
            "COMMENT",
            "# internal comment\necho hello world\necho foo bar # trailing comment\n",
            true,
            false,
            0,
        )],
        &[("MOUNT", "echo hello\n", true, false, 0)],
        &[
            ("FILE1", "content 1\n", true, false, 0),
            ("FILE2", "content 2\n", true, false, 0),
        ],
        &[("EOF", "\"foo\"\n'bar'\n", true, false, 0)],
        &[("X", "Y\n", true, false, 0), ("Y", "X\n", true, false, 0)],
        &[("COMPLEX", "print('hello world')\n", true, false, 0)],
        &[("file.txt", "hello world\n", true, false, 0)],
        &[("eof", "echo foo\n", false, false, 0)],
        &[("eo'f", "echo foo\n", true, false, 0)],
        &[("eo'f", "echo foo\n", false, false, 0)],
        &[("one two", "echo bar\n", false, false, 0)],
        &[("$EOF", "", true, false, 0)],
        &[("EOF", "", true, false, 0)],
        &[("EOF", "", true, false, 0)],
    ];
    let dockerfile = parse(HEREDOC_DOCKERFILE);
    let instructions = &dockerfile.instructions[1..];
    assert_eq!(instructions.len(), expected.len());
    let mut failures = Vec::new();
    for (instruction, rows) in instructions.iter().zip(expected) {
        let want: Vec<(String, String, bool, bool, u32)> = rows
            .iter()
            .map(|&(name, content, expand, chomp, fd)| {
                (name.to_string(), content.to_string(), expand, chomp, fd)
            })
            .collect();
        let ours = heredoc_rows(instruction);
        if ours != want {
            failures.push(format!(
                "line {}: {:?}: ours {ours:?}, BuildKit {want:?}",
                instruction.line,
                instruction.text.as_str()
            ));
        }
    }
    eprintln!(
        "parser_heredoc_test.go: {}/{} agree",
        expected.len() - failures.len(),
        expected.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn json_forms_have_no_heredocs() {
    // TestParseJSONHeredoc
    let dockerfile =
        parse("\nFROM alpine:3.6\n\nRUN [\"whoami\"]\nRUN [\"<<EOF\"]\nRUN [\"<<'EOF'\"]\n\t");
    assert_eq!(dockerfile.instructions.len(), 4);
    for instruction in &dockerfile.instructions[1..] {
        assert!(
            instruction.heredocs.is_empty(),
            "{:?}",
            instruction.text.as_str()
        );
    }
}

#[test]
fn heredoc_names_from_a_line() {
    // TestHeredocsFromLine and TestParseHeredocHelpers, through a RUN line.
    let cases: &[(&str, &[&str])] = &[
        ("RUN <<EOF", &["EOF"]),
        ("RUN <<-EOF", &["EOF"]),
        // BuildKit's test lists `EOF` here but only checks the heredocs it
        // finds, and finds none: the lexer takes the blanks after `<<` into
        // the word, not those after `<<-`, so `<<-` and `EOF` are two words.
        ("RUN <<- EOF", &[]),
        ("RUN << -EOF", &["-EOF"]),
        ("RUN <<'EOF'", &["EOF"]),
        ("RUN 4<<EOF", &["EOF"]),
        ("RUN <<EOF <<EOF2", &["EOF", "EOF2"]),
        ("RUN '<<EOF'", &[]),
        ("RUN \"<<EOF\"", &[]),
        ("RUN <<\"EOF\"", &["EOF"]),
        ("RUN <<-'EOF'", &["EOF"]),
        ("RUN <<-\"EOF\"", &["EOF"]),
        ("RUN <<EO\"F\"", &["EOF"]),
        ("RUN << EOF", &["EOF"]),
        ("RUN <<", &[]),
        ("RUN <<-", &[]),
        ("RUN <EOF", &[]),
        ("RUN <<<EOF", &[]),
        // The lexer fails on the unterminated quote: no word, no heredoc.
        ("RUN cat <<EOF 'x", &[]),
    ];
    let mut failures = Vec::new();
    for (line, names) in cases {
        let mut source = format!("FROM scratch\n{line}\n");
        for name in *names {
            source.push_str(name);
            source.push('\n');
        }
        let dockerfile = parse(&source);
        let ours: Vec<&str> = dockerfile.instructions[1]
            .heredocs
            .iter()
            .map(|heredoc| heredoc.name.as_str())
            .collect();
        if ours != *names {
            failures.push(format!("{line:?}: ours {ours:?}, BuildKit {names:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------
// parser_test.go, directives_test.go, line_parsers_test.go
// ---------------------------------------------------------------------------

#[test]
fn line_numbers_of_instructions() {
    // TestParseIncludesLineNumbers, on moby's testfile-line/Dockerfile: empty
    // lines inside a continuation belong to the instruction.
    let source = "\n\n\nFROM brimstone/ubuntu:14.04\n\n\n# TORUN -v /var/run/docker.sock:/var/run/docker.sock\n\n\nENV GOPATH \\\n/go\n\n\n\n# Install the packages we need, clean up after them and us\nRUN apt-get update \\\n\t&& dpkg -l | awk '/^ii/ {print $2}' > /tmp/dpkg.clean \\\n\n\n    && apt-get install -y --no-install-recommends git golang ca-certificates \\\n    && apt-get clean \\\n    && rm -rf /var/lib/apt/lists \\\n\n\t&& go get -v github.com/brimstone/consuldock \\\n    && mv $GOPATH/bin/consuldock /usr/local/bin/consuldock \\\n\n\t&& dpkg -l | awk '/^ii/ {print $2}' > /tmp/dpkg.dirty \\\n\t&& apt-get remove --purge -y $(diff /tmp/dpkg.clean /tmp/dpkg.dirty | awk '/^>/ {print $2}') \\\n\t&& rm /tmp/dpkg.* \\\n\t&& rm -rf $GOPATH\n";
    let dockerfile = parse(source);
    let lines: Vec<(u32, u32)> = dockerfile
        .instructions
        .iter()
        .map(|instruction| (instruction.line, instruction.end_line))
        .collect();
    assert_eq!(lines, [(4, 4), (10, 11), (16, 30)]);
}

#[test]
fn empty_continuation_lines_are_reported() {
    // TestParseWarnsOnEmptyContinutationLine: two instructions have empty
    // continuation lines; comment lines inside a continuation are not empty.
    let source = "
FROM alpine:3.6

RUN valid \\
    continuation

RUN something \\

    following \\

    more

RUN another \\

    thing

RUN non-indented \\
# this is a comment
   after-comment

RUN indented \\
    # this is an indented comment
    comment
\t";
    let dockerfile = parse(source);
    let with_empty: Vec<&str> = dockerfile
        .instructions
        .iter()
        .filter(|instruction| !instruction.empty_continuation_lines.is_empty())
        .map(|instruction| instruction.text.as_str())
        .collect();
    assert_eq!(
        with_empty,
        [
            "RUN something     following     more",
            "RUN another     thing"
        ]
    );
    assert!(dockerfile.errors.is_empty(), "{:?}", dockerfile.errors);
}

#[test]
fn a_line_over_64_kib_is_an_error() {
    // TestParseReturnsScannerErrors
    let label = "a".repeat(64 * 1024);
    let dockerfile = parse(&format!("\n\t\tFROM image\n\t\tLABEL test={label}\n"));
    let messages: Vec<&str> = dockerfile
        .errors
        .iter()
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(
        messages,
        ["dockerfile line greater than max allowed size of 65535"]
    );
    let fits = format!("FROM image\nLABEL a={}\n", "a".repeat(65535 - 8));
    assert!(parse(&fits).errors.is_empty());
}

#[test]
fn words_of_arg() {
    // TestParseWords, through ARG (`parseNameOrNameVal` is `parseWords`).
    let cases: &[(&str, &[&str])] = &[
        ("foo", &["foo"]),
        ("foo bar", &["foo", "bar"]),
        ("foo\\ bar", &["foo\\ bar"]),
        ("foo=bar", &["foo=bar"]),
        ("foo bar 'abc xyz'", &["foo", "bar", "'abc xyz'"]),
        ("foo bar \"abc xyz\"", &["foo", "bar", "\"abc xyz\""]),
        ("àöû", &["àöû"]),
        ("föo bàr \"âbc xÿz\"", &["föo", "bàr", "\"âbc xÿz\""]),
    ];
    for (input, words) in cases {
        let dockerfile = parse(&format!("ARG {input}\nFROM scratch\n"));
        let printed = node(&dockerfile.instructions[0]);
        let expected: Vec<String> = words.iter().map(|word| go_quote(word)).collect();
        assert_eq!(printed, format!("arg {}", expected.join(" ")), "{input:?}");
    }
}

#[test]
fn name_value_forms() {
    // line_parsers_test.go: old and new LABEL forms, ENV without a value.
    let dockerfile = parse("FROM scratch\nLABEL foo bar\nLABEL foo=bar thing=star\n");
    assert_eq!(
        dump(&dockerfile),
        "(from \"scratch\")\n(label \"foo\" \"bar\")\n(label \"foo\" \"bar\" \"thing\" \"star\")\n"
    );
    let messages: Vec<String> = parse("FROM scratch\nENV foo\n")
        .errors
        .into_iter()
        .map(|error| error.message)
        .collect();
    assert_eq!(messages, ["ENV must have two arguments"]);
}

#[test]
fn directives_and_shebang() {
    // TestDirectives: the name is case-insensitive, an unknown one ends the
    // directives.
    let dockerfile = parse("# EScape=\\\n# KEY = FOO bar\n# syntax=x\n\nFROM scratch\n");
    let names: Vec<(&str, &str)> = dockerfile
        .directives
        .iter()
        .map(|directive| (directive.name.as_str(), directive.value.as_str()))
        .collect();
    assert_eq!(names, [("escape", "\\")]);
    // TestDetectSyntax and TestParseDirective: after a shebang, `# syntax=`
    // and `# check=` are read; an escape directive is not applied.
    let dockerfile =
        parse("#!/bin/sh\n# syntax = dockerfile:experimental\n# escape=`\n# check=skip=all\nFROM busybox\nRUN a \\\n b\n");
    let names: Vec<(&str, &str)> = dockerfile
        .directives
        .iter()
        .map(|directive| (directive.name.as_str(), directive.value.as_str()))
        .collect();
    assert_eq!(
        names,
        [("syntax", "dockerfile:experimental"), ("check", "skip=all")]
    );
    assert_eq!(dockerfile.escape, '\\');
    assert_eq!(dockerfile.instructions.len(), 2);
    assert!(dockerfile.errors.is_empty(), "{:?}", dockerfile.errors);
    // A blank line after the shebang ends the directives.
    let dockerfile = parse("#!/bin/sh\n\n# syntax = dockerfile:experimental\nFROM busybox\n");
    assert!(dockerfile.directives.is_empty());
}

#[test]
fn other_buildkit_line_semantics() {
    // `parseJSON` decodes the first JSON value and ignores what follows.
    let dockerfile = parse("FROM scratch\nCMD [\"a\", \"b\"] c\nRUN [\"x\"]]\n");
    assert_eq!(
        dump(&dockerfile),
        "(from \"scratch\")\n(cmd \"a\" \"b\")\n(run \"x\")\n"
    );
    // `trimNewline` drops every trailing \r and \n.
    let dockerfile = parse("FROM scratch\r\r\nRUN a \\\r\r\n b\r\n");
    assert_eq!(dump(&dockerfile), "(from \"scratch\")\n(run \"a  b\")\n");
    // Only a lone or unescaped escape character continues a line; a line of
    // just the escape character joins nothing.
    let dockerfile = parse("FROM scratch\nRUN a\\\\\nRUN b \\\\\\\nRUN c\n\\\nRUN d\n");
    assert_eq!(
        dump(&dockerfile),
        "(from \"scratch\")\n(run \"a\\\\\\\\\")\n(run \"b \\\\\\\\\\\\\")\n(run \"c\")\n(run \"d\")\n"
    );
    // `splitCommand` splits the keyword off at `[\t\v\f\r ]+` only: a
    // no-break space leaves one unknown word.
    let dockerfile = parse("FROM scratch\nRUN\u{a0}ls\nRUN\u{b}ls\n");
    assert_eq!(
        dump(&dockerfile),
        "(from \"scratch\")\n(run\u{a0}ls \"\")\n(run \"ls\")\n"
    );
    // The same with the backtick.
    let dockerfile = parse("# escape=`\nFROM scratch\nRUN a``\nRUN b `\n c\n");
    assert_eq!(
        dump(&dockerfile),
        "(from \"scratch\")\n(run \"a``\")\n(run \"b  c\")\n"
    );
}

// ---------------------------------------------------------------------------
// instructions/parse_test.go: what BuildKit refuses when it turns the parse
// into instructions (our parser reports these too).
// ---------------------------------------------------------------------------

#[test]
fn instruction_errors_as_buildkit() {
    let mut cases: Vec<(String, String)> = Vec::new();
    for keyword in ["MAINTAINER", "WORKDIR", "USER", "STOPSIGNAL"] {
        // TestCommandsExactlyOneArgument
        cases.push((
            keyword.into(),
            format!("{keyword} requires exactly one argument"),
        ));
    }
    for keyword in ["ENV", "LABEL", "ONBUILD", "HEALTHCHECK", "EXPOSE", "VOLUME"] {
        // TestCommandsAtLeastOneArgument
        cases.push((
            keyword.into(),
            format!("{keyword} requires at least one argument"),
        ));
    }
    for keyword in ["ADD", "COPY"] {
        // TestCommandsNoDestinationArgument
        cases.push((
            format!("{keyword} arg1"),
            format!("{keyword} requires at least two arguments"),
        ));
    }
    for keyword in ["ENV", "LABEL"] {
        // TestCommandsBlankNames
        cases.push((
            format!("{keyword} =arg2"),
            format!("{keyword} names can not be blank"),
        ));
    }
    // TestErrorCases
    for (source, message) in [
        (
            "COPY\t\n\t\tquux \\\n      bar",
            "COPY requires at least two arguments",
        ),
        (
            "ONBUILD FROM scratch",
            "FROM isn't allowed as an ONBUILD trigger",
        ),
        ("MAINTAINER --boo joe@example.com", "unknown flag: --boo"),
        (
            "ONBUILD ONBUILD RUN touch foobar",
            "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
        ),
        ("FOO bar", "unknown instruction: FOO"),
        ("foo bar", "unknown instruction: foo"),
    ] {
        cases.push((source.into(), message.into()));
    }
    let mut failures = Vec::new();
    for (source, message) in &cases {
        let errors: Vec<String> = parse(source)
            .errors
            .into_iter()
            .map(|error| error.message)
            .collect();
        if !errors.iter().any(|error| error.contains(message.as_str())) {
            failures.push(format!("{source:?}: ours {errors:?}, BuildKit {message:?}"));
        }
    }
    eprintln!(
        "instructions/parse_test.go errors: {}/{} agree",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------
// instructions/parse_heredoc_test.go
// ---------------------------------------------------------------------------

#[test]
fn copy_and_run_heredocs_as_buildkit() {
    // TestErrorCasesHeredoc
    let errors: Vec<String> = parse("COPY /foo <<EOF\nEOF")
        .errors
        .into_iter()
        .map(|error| error.message)
        .collect();
    assert!(
        errors
            .iter()
            .any(|error| error.contains("COPY cannot accept a heredoc as a destination")),
        "{errors:?}"
    );
    // TestCopyHeredoc: (source paths, destination, [(name, data, expand)]).
    type CopyCase = (
        &'static str,
        &'static [&'static str],
        &'static str,
        &'static [(&'static str, &'static str, bool)],
    );
    let copies: &[CopyCase] = &[
        ("COPY /foo /bar", &["/foo"], "/bar", &[]),
        ("COPY <<EOF /bar\nEOF", &[], "/bar", &[("EOF", "", true)]),
        (
            "COPY <<EOF /bar\nTESTING\nEOF",
            &[],
            "/bar",
            &[("EOF", "TESTING\n", true)],
        ),
        (
            "COPY <<-EOF /bar\n\tTESTING\nEOF",
            &[],
            "/bar",
            &[("EOF", "TESTING\n", true)],
        ),
        (
            "COPY <<'EOF' /bar\nTESTING\nEOF",
            &[],
            "/bar",
            &[("EOF", "TESTING\n", false)],
        ),
        (
            "COPY <<EOF1 <<EOF2 /bar\nthis is the first file\nEOF1\nthis is the second file\nEOF2",
            &[],
            "/bar",
            &[
                ("EOF1", "this is the first file\n", true),
                ("EOF2", "this is the second file\n", true),
            ],
        ),
        (
            "COPY <<EOF foo.txt /bar\nthis is inline\nEOF",
            &["foo.txt"],
            "/bar",
            &[("EOF", "this is inline\n", true)],
        ),
        (
            "COPY <<EOF /quotes\n\"quotes\"\nEOF",
            &[],
            "/quotes",
            &[("EOF", "\"quotes\"\n", true)],
        ),
    ];
    for (source, paths, destination, contents) in copies {
        let dockerfile = parse(source);
        assert!(
            dockerfile.errors.is_empty(),
            "{source:?}: {:?}",
            dockerfile.errors
        );
        let instruction = &dockerfile.instructions[0];
        let Args::Copy(copy) = &instruction.args else {
            panic!("{source:?}: {:?}", instruction.args)
        };
        let ours_paths: Vec<&str> = copy
            .sources
            .iter()
            .map(|word| word.text.as_str())
            .filter(|text| !text.starts_with("<<"))
            .collect();
        assert_eq!(ours_paths, *paths, "{source:?}");
        assert_eq!(
            copy.destination.as_ref().map(|word| word.text.as_str()),
            Some(*destination),
            "{source:?}"
        );
        let ours_contents: Vec<(String, String, bool)> = instruction
            .heredocs
            .iter()
            .map(|heredoc| {
                (
                    heredoc.name.clone(),
                    heredoc.content().into_owned(),
                    heredoc.expand,
                )
            })
            .collect();
        let want: Vec<(String, String, bool)> = contents
            .iter()
            .map(|&(name, data, expand)| (name.to_string(), data.to_string(), expand))
            .collect();
        assert_eq!(ours_contents, want, "{source:?}");
    }
    // TestRunHeredoc: the command line, and the files with their raw data.
    // (Dockerfile, exec-form words, shell-form text, [(name, data, chomp)]).
    type RunCase = (
        &'static str,
        Option<&'static [&'static str]>,
        &'static str,
        &'static [(&'static str, &'static str, bool)],
    );
    let runs: &[RunCase] = &[
        ("RUN [\"ls\", \"/\"]", Some(&["ls", "/"]), "", &[]),
        ("RUN [\"<<EOF\"]", Some(&["<<EOF"]), "", &[]),
        ("RUN ls /", None, "ls /", &[]),
        (
            "RUN <<EOF\nls /\nwhoami\nEOF",
            None,
            "<<EOF",
            &[("EOF", "ls /\nwhoami\n", false)],
        ),
        (
            "RUN <<'EOF' | python\nprint(\"hello\")\nprint(\"world\")\nEOF",
            None,
            "<<'EOF' | python",
            &[("EOF", "print(\"hello\")\nprint(\"world\")\n", false)],
        ),
        (
            "RUN <<-EOF\n\techo test\nEOF",
            None,
            "<<-EOF",
            &[("EOF", "\techo test\n", true)],
        ),
    ];
    for (source, exec, shell, files) in runs {
        let dockerfile = parse(source);
        assert!(
            dockerfile.errors.is_empty(),
            "{source:?}: {:?}",
            dockerfile.errors
        );
        let instruction = &dockerfile.instructions[0];
        match (instruction.command(), exec) {
            (Some(Command::Exec(words)), Some(exec)) => {
                let words: Vec<&str> = words.iter().map(|word| word.text.as_str()).collect();
                assert_eq!(words, *exec, "{source:?}");
            }
            (Some(Command::Shell { text, .. }), None) => assert_eq!(text, shell, "{source:?}"),
            (other, _) => panic!("{source:?}: {other:?}"),
        }
        let ours: Vec<(String, String, bool)> = instruction
            .heredocs
            .iter()
            .map(|heredoc| (heredoc.name.clone(), heredoc.body.clone(), heredoc.chomp))
            .collect();
        let want: Vec<(String, String, bool)> = files
            .iter()
            .map(|&(name, data, chomp)| (name.to_string(), data.to_string(), chomp))
            .collect();
        assert_eq!(ours, want, "{source:?}");
    }
}

// ---------------------------------------------------------------------------
// json_test.go, through CMD
// ---------------------------------------------------------------------------

#[test]
fn json_arrays_of_strings() {
    let valid: &[(&str, &[&str])] = &[
        ("[]", &[]),
        ("[\"\"]", &[""]),
        ("[\"a\"]", &["a"]),
        ("[\"a\",\"b\"]", &["a", "b"]),
        ("[ \"a\", \"b\" ]", &["a", "b"]),
        ("[\t\"a\",\t\"b\"\t]", &["a", "b"]),
        ("\t[\t\"a\",\t\"b\"\t]\t", &["a", "b"]),
        (
            "[\"abc 123\", \"♥\", \"☃\", \"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0000\"]",
            &["abc 123", "♥", "☃", "\" \\ / \u{8} \u{c} \n \r \t \u{0}"],
        ),
    ];
    for (json, strings) in valid {
        let dockerfile = parse(&format!("CMD {json}\n"));
        assert!(
            dockerfile.errors.is_empty(),
            "{json:?}: {:?}",
            dockerfile.errors
        );
        match dockerfile.instructions[0].command() {
            Some(Command::Exec(words)) => {
                let words: Vec<&str> = words.iter().map(|word| word.text.as_str()).collect();
                assert_eq!(words, *strings, "{json:?}");
            }
            other => panic!("{json:?}: {other:?}"),
        }
    }
    let invalid = [
        "[\"a\",42,\"b\"]",
        "[\"a\",123.456,\"b\"]",
        "[\"a\",{},\"b\"]",
        "[\"a\",{\"c\": \"d\"},\"b\"]",
        "[\"a\",[\"c\"],\"b\"]",
        "[\"a\",true,\"b\"]",
        "[\"a\",false,\"b\"]",
        "[\"a\",null,\"b\"]",
    ];
    for json in invalid {
        let messages: Vec<String> = parse(&format!("CMD {json}\n"))
            .errors
            .into_iter()
            .map(|error| error.message)
            .collect();
        assert!(
            messages
                .iter()
                .any(|message| message.contains("arrays must be comprised of strings only")),
            "{json:?}: {messages:?}"
        );
    }
}
