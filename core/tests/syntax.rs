//! Parser tests: BuildKit's semantics for every construct, with exact spans.

use plimsoll_core::syntax::{parse, Args, Command, Dockerfile, Healthcheck, Instruction, Keyword};

fn keywords(dockerfile: &Dockerfile) -> Vec<(&'static str, u32, u32)> {
    dockerfile
        .instructions
        .iter()
        .map(|instruction| {
            (
                instruction.keyword.as_str(),
                instruction.line,
                instruction.end_line,
            )
        })
        .collect()
}

fn text(source: &str, span: plimsoll_core::Span) -> &str {
    &source[span.range()]
}

fn shell(instruction: &Instruction) -> &str {
    match instruction.command() {
        Some(Command::Shell { text, .. }) => text,
        other => panic!("not shell form: {other:?}"),
    }
}

#[test]
fn instructions_lines_and_case_insensitive_keywords() {
    let source = "# comment\nfrom alpine:3.19 AS Build\n\nrun echo hi\nCopy --from=build /a /b\n";
    let dockerfile = parse(source);
    assert!(dockerfile.errors.is_empty(), "{:?}", dockerfile.errors);
    assert_eq!(
        keywords(&dockerfile),
        vec![("FROM", 2, 2), ("RUN", 4, 4), ("COPY", 5, 5)]
    );
    let Args::From(from) = &dockerfile.instructions[0].args else {
        panic!()
    };
    assert_eq!(
        text(source, from.image.as_ref().unwrap().span),
        "alpine:3.19"
    );
    assert_eq!(from.name.as_ref().unwrap().text, "Build");
    assert_eq!(dockerfile.instructions[0].keyword_text, "from");
    assert_eq!(dockerfile.comments.len(), 1);
}

#[test]
fn continuations_skip_comment_and_empty_lines() {
    let source = "RUN apt-get update && \\\n# a comment\n\n    apt-get install -y curl \\  \n  && echo done\nUSER app";
    let dockerfile = parse(source);
    assert_eq!(keywords(&dockerfile), vec![("RUN", 1, 5), ("USER", 6, 6)]);
    let run = &dockerfile.instructions[0];
    assert_eq!(
        shell(run),
        "apt-get update &&     apt-get install -y curl   && echo done"
    );
    assert_eq!(run.empty_continuation_lines.len(), 1);
    assert!(dockerfile.comments[0].inside_instruction);
    // A word after the continuation maps back to its own line.
    let done = run.text.as_str().find("done").unwrap();
    let span = run.text.span(done..done + 4);
    assert_eq!(text(source, span), "done");
    assert_eq!(dockerfile.line_index.position(source, span.start).line, 5);
}

#[test]
fn escape_directive_switches_to_backtick() {
    let source = "# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN dir c:\\ `\n  && echo ok\nWORKDIR c:\\app";
    let dockerfile = parse(source);
    assert_eq!(dockerfile.escape, '`');
    assert_eq!(
        keywords(&dockerfile),
        vec![("FROM", 2, 2), ("RUN", 3, 4), ("WORKDIR", 5, 5)]
    );
    assert_eq!(shell(&dockerfile.instructions[1]), "dir c:\\   && echo ok");
}

#[test]
fn directives_only_at_the_top() {
    let source =
        "# syntax=docker/dockerfile:1.7\n# check=skip=JSONArgsRecommended\n# escape=`\nFROM a";
    let dockerfile = parse(source);
    let names: Vec<_> = dockerfile
        .directives
        .iter()
        .map(|d| (d.name.as_str(), d.value.as_str()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("syntax", "docker/dockerfile:1.7"),
            ("check", "skip=JSONArgsRecommended"),
            ("escape", "`")
        ]
    );
    // After a plain comment, a directive-looking line is only a comment.
    let late = parse("# hello\n# escape=`\nFROM a");
    assert!(late.directives.is_empty());
    assert_eq!(late.escape, '\\');
    // An empty line ends the directives too.
    assert!(parse("\n# escape=`\nFROM a").directives.is_empty());
    // After an instruction as well.
    assert!(parse("FROM a\n# syntax=x\n").directives.is_empty());
    // Duplicates and bad escape tokens are errors.
    assert_eq!(parse("# escape=`\n# escape=\\\nFROM a").errors.len(), 1);
    assert_eq!(parse("# escape=x\nFROM a").errors.len(), 1);
}

#[test]
fn heredocs() {
    let source = "FROM alpine\nRUN <<EOF\napk add curl\necho hi\nEOF\nCOPY <<-\"A\" /a <<B /b\n\tliteral $X\n\tA\nexpanded $Y\nB\nUSER 1000\n";
    let dockerfile = parse(source);
    assert!(dockerfile.errors.is_empty(), "{:?}", dockerfile.errors);
    assert_eq!(
        keywords(&dockerfile),
        vec![
            ("FROM", 1, 1),
            ("RUN", 2, 5),
            ("COPY", 6, 10),
            ("USER", 11, 11)
        ]
    );
    let run = &dockerfile.instructions[1];
    assert_eq!(run.heredocs[0].name, "EOF");
    assert_eq!(run.heredocs[0].body, "apk add curl\necho hi\n");
    assert_eq!(
        text(source, run.heredocs[0].body_span),
        "apk add curl\necho hi\n"
    );
    assert!(run.heredocs[0].expand);
    let copy = &dockerfile.instructions[2];
    assert_eq!(copy.heredocs.len(), 2);
    let (a, b) = (&copy.heredocs[0], &copy.heredocs[1]);
    assert_eq!((a.name.as_str(), a.expand, a.chomp), ("A", false, true));
    assert_eq!(a.content(), "literal $X\n");
    assert_eq!((b.name.as_str(), b.expand, b.chomp), ("B", true, false));
    assert_eq!(b.body, "expanded $Y\n");
    let Args::Copy(args) = &copy.args else {
        panic!()
    };
    assert_eq!(args.destination.as_ref().unwrap().text, "/b");
}

#[test]
fn heredoc_after_a_continuation_and_in_exec_form() {
    let source = "RUN --mount=type=cache,target=/var/cache/apt \\\n  <<EOF bash\nset -e\nEOF\nRUN [\"echo\", \"<<EOF\"]\nCMD x";
    let dockerfile = parse(source);
    assert_eq!(
        keywords(&dockerfile),
        vec![("RUN", 1, 4), ("RUN", 5, 5), ("CMD", 6, 6)]
    );
    assert_eq!(dockerfile.instructions[0].heredocs[0].body, "set -e\n");
    assert!(dockerfile.instructions[1].heredocs.is_empty());
}

#[test]
fn unterminated_heredoc_is_an_error_not_a_hang() {
    let dockerfile = parse("FROM a\nRUN <<EOF\necho hi\n");
    assert_eq!(dockerfile.errors.len(), 1);
    assert!(dockerfile.errors[0]
        .message
        .contains("unterminated heredoc"));
    assert_eq!(dockerfile.instructions[1].heredocs[0].body, "echo hi\n");
    assert_eq!(dockerfile.instructions[1].end_line, 3);
}

#[test]
fn exec_and_shell_forms() {
    let source = "CMD [\"node\", \"server.js\"]\nENTRYPOINT node server.js\nRUN [\"a\" \nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nCMD [1]\nSHELL /bin/sh";
    let dockerfile = parse(source);
    let [cmd, entrypoint, run, shell_instr, ..] = &dockerfile.instructions[..] else {
        panic!()
    };
    let Some(Command::Exec(words)) = cmd.command() else {
        panic!()
    };
    assert_eq!(
        words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(),
        vec!["node", "server.js"]
    );
    assert_eq!(text(source, words[1].span), "\"server.js\"");
    assert_eq!(shell(entrypoint), "node server.js");
    assert_eq!(shell(run), "[\"a\"");
    assert!(matches!(shell_instr.command(), Some(Command::Exec(words)) if words.len() == 4));
    let messages: Vec<_> = dockerfile
        .errors
        .iter()
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].contains("strings only"));
    assert!(messages[1].contains("JSON form"));
}

#[test]
fn flags_and_mounts() {
    let source = "RUN --mount=type=secret,id=npm,target=/root/.npmrc --network=none npm ci\nCOPY --chown=app:app --chmod=755 --link src/ /app/\nADD --checksum=sha256:abc https://x/y.tgz /y\nFROM --platform=$BUILDPLATFORM golang AS b\nCOPY --bogus a b";
    let dockerfile = parse(source);
    let run = &dockerfile.instructions[0];
    assert_eq!(shell(run), "npm ci");
    let mounts = run.mounts();
    assert_eq!(mounts[0].kind, "secret");
    assert_eq!(mounts[0].option(&["id"]), Some("npm"));
    assert_eq!(run.flag("network").unwrap().value.as_deref(), Some("none"));
    let copy = &dockerfile.instructions[1];
    let chmod = copy.flag("chmod").unwrap();
    assert_eq!(text(source, chmod.span), "--chmod=755");
    assert_eq!(text(source, chmod.value_span.unwrap()), "755");
    assert_eq!(copy.flag("link").unwrap().value, None);
    assert_eq!(
        dockerfile.instructions[2]
            .flag("checksum")
            .unwrap()
            .value
            .as_deref(),
        Some("sha256:abc")
    );
    assert_eq!(
        dockerfile.instructions[3]
            .flag("platform")
            .unwrap()
            .value
            .as_deref(),
        Some("$BUILDPLATFORM")
    );
    assert_eq!(dockerfile.errors.len(), 1);
    assert!(dockerfile.errors[0]
        .message
        .contains("unknown flag: --bogus"));
}

#[test]
fn env_label_arg_forms() {
    let source = "ENV A=1 B=\"two words\" C=three\\ words\nENV LEGACY some value here\nLABEL a.b=c \"key with space\"=v\nARG X Y=2 Z=\"q r\"\nENV bad";
    let dockerfile = parse(source);
    let Args::KeyValues(env) = &dockerfile.instructions[0].args else {
        panic!()
    };
    let pairs: Vec<_> = env
        .iter()
        .map(|kv| (kv.key.text.as_str(), kv.value.text.as_str()))
        .collect();
    assert_eq!(
        pairs,
        vec![("A", "1"), ("B", "\"two words\""), ("C", "three\\ words")]
    );
    let Args::KeyValues(legacy) = &dockerfile.instructions[1].args else {
        panic!()
    };
    assert!(legacy[0].legacy);
    assert_eq!(legacy[0].value.text, "some value here");
    assert_eq!(text(source, legacy[0].key.span), "LEGACY");
    let Args::KeyValues(labels) = &dockerfile.instructions[2].args else {
        panic!()
    };
    assert_eq!(labels[1].key.text, "\"key with space\"");
    let Args::Arg(args) = &dockerfile.instructions[3].args else {
        panic!()
    };
    let decls: Vec<_> = args
        .iter()
        .map(|a| {
            (
                a.name.text.as_str(),
                a.default.as_ref().map(|d| d.text.as_str()),
            )
        })
        .collect();
    assert_eq!(
        decls,
        vec![("X", None), ("Y", Some("2")), ("Z", Some("\"q r\""))]
    );
    assert_eq!(dockerfile.errors.len(), 1);
    assert!(dockerfile.errors[0].message.contains("two arguments"));
}

#[test]
fn healthcheck_onbuild_and_the_rest() {
    let source = "HEALTHCHECK --interval=30s --retries=3 CMD curl -f http://localhost/ || exit 1\nHEALTHCHECK NONE\nONBUILD RUN make\nONBUILD ONBUILD RUN x\nEXPOSE 80/tcp 443\nVOLUME [\"/data\", \"/logs\"]\nVOLUME /a /b\nUSER app:app\nWORKDIR /srv/app\nSTOPSIGNAL SIGTERM\nMAINTAINER Jane Doe <jane@example.com>\nHEALTHCHECK --interval=soon CMD x\nFROBNICATE x";
    let dockerfile = parse(source);
    let ins = &dockerfile.instructions;
    assert!(
        matches!(&ins[0].args, Args::Healthcheck(Healthcheck::Cmd(Command::Shell { text, .. })) if text == "curl -f http://localhost/ || exit 1")
    );
    assert!(matches!(&ins[1].args, Args::Healthcheck(Healthcheck::None)));
    let Args::Onbuild(Some(inner)) = &ins[2].args else {
        panic!()
    };
    assert_eq!(inner.keyword, Keyword::Run);
    assert_eq!(text(source, inner.keyword_span), "RUN");
    assert_eq!(shell(inner), "make");
    assert!(matches!(&ins[5].args, Args::List { items, json: true } if items.len() == 2));
    assert!(matches!(&ins[6].args, Args::List { items, json: false } if items.len() == 2));
    assert!(
        matches!(&ins[10].args, Args::Text(Some(word)) if word.text == "Jane Doe <jane@example.com>")
    );
    assert_eq!(ins[12].keyword, Keyword::Unknown);
    let messages: Vec<_> = dockerfile
        .errors
        .iter()
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages[0].contains("ONBUILD ONBUILD"));
    assert!(messages[1].contains("--interval"));
    assert!(messages[2].contains("unknown instruction: FROBNICATE"));
}

#[test]
fn crlf_bom_tabs_and_unicode() {
    let source = "\u{feff}FROM\talpine:3.19\r\nRUN echo \"日本語\" \\\r\n\t&& echo 😀\r\nLABEL 説明=\"テスト\"\r\n";
    let dockerfile = parse(source);
    assert!(dockerfile.errors.is_empty(), "{:?}", dockerfile.errors);
    assert_eq!(
        keywords(&dockerfile),
        vec![("FROM", 1, 1), ("RUN", 2, 3), ("LABEL", 4, 4)]
    );
    let Args::From(from) = &dockerfile.instructions[0].args else {
        panic!()
    };
    assert_eq!(
        text(source, from.image.as_ref().unwrap().span),
        "alpine:3.19"
    );
    assert_eq!(
        shell(&dockerfile.instructions[1]),
        "echo \"日本語\" \t&& echo 😀"
    );
    let pos = dockerfile
        .line_index
        .position(source, from.image.as_ref().unwrap().span.start);
    assert_eq!((pos.line, pos.column), (1, 6));
}

#[test]
fn missing_arguments_and_bad_from() {
    let dockerfile =
        parse("FROM\nFROM a b\nFROM a AS 1x\nCOPY onlyone\nUSER\nWORKDIR a b\nEXPOSE\n");
    let messages: Vec<_> = dockerfile
        .errors
        .iter()
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(messages.len(), 7, "{messages:?}");
}

#[test]
fn hostile_inputs_come_back() {
    let garbage: String = (0..20_000u32)
        .map(|i| char::from_u32((i * 7919) % 0x10FFFF).unwrap_or('\u{FFFD}'))
        .collect();
    parse(&garbage);
    let long_line = format!("RUN {}", "x".repeat(1 << 20));
    assert_eq!(parse(&long_line).instructions.len(), 1);
    let continuations = format!("RUN a \\\n{}b", "  c \\\n".repeat(100_000));
    let dockerfile = parse(&continuations);
    assert_eq!(dockerfile.instructions[0].end_line, 100_002);
    parse("\\");
    parse("RUN <<");
    parse("RUN <<\"\nEOF");
    parse("COPY <<EOF\n");
    parse("ONBUILD");
    parse("HEALTHCHECK");
    parse("CMD [\"\\ud800\"]");
    parse("ENV \"a");
}
