//! PL901-PL915: Dockerfile correctness and style, true and false positives
//! and what their fixes produce.

use plimsoll_core::docs::DocSection;
use plimsoll_core::report::Severity;
use plimsoll_core::rules::Rule;
use plimsoll_core::{check, Settings};

mod support;
use support::fixtures::{corpus_files, read_lossy};
use support::{findings, fixed, lines, message, messages, new_errors, spans};

#[test]
fn fixes_of_the_bad_examples_parse_and_clear_the_rule() {
    for number in 901..=915 {
        let rule = Rule::by_code(&format!("PL{number}")).expect("registered");
        for example in rule
            .docs(plimsoll_core::Lang::En)
            .code_blocks(DocSection::Example)
        {
            let after = fixed(&example, rule.code);
            if after == example {
                continue;
            }
            let report = check(&after, &Settings::default());
            assert!(
                report.errors.is_empty(),
                "{}: {after}\n{:?}",
                rule.code,
                report.errors
            );
            assert!(
                lines(&after, rule.code).is_empty(),
                "{}: still raised after the fix:\n{after}",
                rule.code
            );
        }
    }
}

// PL901 duplicate-stage-name

#[test]
fn duplicate_stage_names_are_compared_without_case() {
    let source =
        "FROM alpine:3.20 AS Builder\nFROM alpine:3.20 AS builder\nFROM alpine:3.20 AS BUILDER\n";
    assert_eq!(lines(source, "PL901"), [2, 3]);
    assert!(message(source, "PL901").contains("line 1"));
    let unique = "FROM alpine:3.20 AS build\nFROM alpine:3.20 AS test\nFROM alpine:3.20\n";
    assert!(lines(unique, "PL901").is_empty());
}

// PL902 reserved-stage-name

#[test]
fn reserved_stage_names() {
    let source = "FROM alpine:3.20 AS Scratch\nFROM alpine:3.20 AS context\nFROM alpine:3.20 AS scratchpad\n";
    assert_eq!(spans(source, "PL902"), ["Scratch", "context"]);
}

// PL903 stage-name-casing

#[test]
fn stage_name_casing_fix_renames_every_reference() {
    let source = "\
FROM golang:1.22 AS BuildEnv
RUN go build -o /out/app .
FROM BuildEnv AS Test
RUN --mount=type=bind,from=BuildEnv,source=/out,target=/in ls /in
FROM alpine:3.20
COPY --from=BuildEnv /out/app /app
COPY --from=test /x /x
";
    assert_eq!(spans(source, "PL903"), ["BuildEnv", "Test"]);
    let after = fixed(source, "PL903");
    assert_eq!(
        after,
        "\
FROM golang:1.22 AS buildenv
RUN go build -o /out/app .
FROM buildenv AS test
RUN --mount=type=bind,from=buildenv,source=/out,target=/in ls /in
FROM alpine:3.20
COPY --from=buildenv /out/app /app
COPY --from=test /x /x
"
    );
    assert!(lines("FROM alpine:3.20 AS build-1.x\n", "PL903").is_empty());
}

// PL904 from-as-casing

#[test]
fn as_follows_the_case_of_from() {
    assert_eq!(
        fixed("FROM alpine:3.20 as build\n", "PL904"),
        "FROM alpine:3.20 AS build\n"
    );
    assert_eq!(
        fixed("from alpine:3.20 AS build\n", "PL904"),
        "from alpine:3.20 as build\n"
    );
    assert_eq!(
        fixed("FROM alpine:3.20 As build\n", "PL904"),
        "FROM alpine:3.20 AS build\n"
    );
    // Mixed-case FROM is PL914's finding, not this one.
    assert!(lines("From alpine:3.20 as build\n", "PL904").is_empty());
    assert!(lines(
        "FROM alpine:3.20 AS build\nfrom alpine:3.20 as test\n",
        "PL904"
    )
    .is_empty());
}

// PL905 copy-from-own-stage

#[test]
fn copy_from_own_stage_by_name_index_and_mount() {
    let source = "\
FROM alpine:3.20 AS build
COPY --from=build /a /b
COPY --from=0 /a /b
RUN --mount=from=Build,target=/x true
FROM alpine:3.20
COPY --from=build /a /b
COPY --from=0 /a /b
";
    assert_eq!(lines(source, "PL905"), [2, 3, 4]);
    assert_eq!(spans(source, "PL905"), ["build", "0", "Build"]);
}

// PL906 copy-from-unknown-stage

#[test]
fn copy_from_unknown_stage_fires_on_bare_names_and_bad_references() {
    let source = "\
FROM golang:1.22 AS builder
FROM alpine:3.20 AS runtime
COPY --from=biulder /a /b
COPY --from=5 /a /b
COPY --from=2 /a /b
COPY --from=later /a /b
RUN --mount=type=bind,from=buidler,target=/x true
FROM alpine:3.20 AS later
";
    assert_eq!(lines(source, "PL906"), [3, 4, 5, 6, 7]);
    let typo = message(source, "PL906");
    assert!(typo.contains("fix the stage name (`builder`?)"), "{typo}");
    assert!(typo.contains("pulls an image"), "{typo}");
}

#[test]
fn copy_from_a_name_far_from_every_stage_is_a_named_context() {
    let source = "\
FROM golang:1.22 AS builder
FROM alpine:3.20
FROM golang:1.22 AS license-set
FROM alpine:3.20
COPY --from=binary_dir gitlab-runner-helper /usr/bin/
COPY --from=biulder /a /b
COPY --from=set /out /
";
    let rated: Vec<(u32, Severity)> = findings(source, "PL906")
        .iter()
        .map(|finding| (finding.location.start.line, finding.severity))
        .collect();
    assert_eq!(
        rated,
        [
            (5, Severity::Low),
            (6, Severity::Medium),
            (7, Severity::Medium)
        ]
    );
    assert!(messages(source, "PL906")[2].contains("fix the stage name (`license-set`?)"));
    assert_eq!(
        message(source, "PL906"),
        "`--from=binary_dir` is not the name of an earlier stage (the stages before it are `builder`, `license-set`): it works as a named build context (`docker buildx build --build-context binary_dir=<dir>`, or Bake's `contexts`), and a build that does not give one pulls an image called `binary_dir` from Docker Hub instead; give the context in every build that uses this Dockerfile"
    );
}

#[test]
fn copy_from_images_indexes_and_variables_are_fine() {
    let source = "\
FROM golang:1.22 AS Builder
FROM alpine:3.20
ARG TOOLS=tools
COPY --from=builder /a /b
COPY --from=0 /a /b
COPY --from=nginx:1.25 /etc/nginx /etc/nginx
COPY --from=docker.io/library/busybox:1.36 /bin/busybox /bin/
COPY --from=ghcr.io/org/tool@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef /t /t
COPY --from=$TOOLS /a /b
RUN --mount=type=cache,target=/root/.cache true
ONBUILD COPY --from=anything /a /b
";
    assert!(
        lines(source, "PL906").is_empty(),
        "{:?}",
        lines(source, "PL906")
    );
}

// PL907 repeated-single-instruction

#[test]
fn only_the_last_cmd_entrypoint_and_healthcheck_count() {
    let source = "\
FROM alpine:3.20 AS base
CMD [\"a\"]
FROM base
ENTRYPOINT [\"x\"]
CMD [\"b\"]
HEALTHCHECK CMD wget -q http://localhost/ || exit 1
ENTRYPOINT [\"y\"]
HEALTHCHECK NONE
ENTRYPOINT [\"z\"]
CMD [\"c\"]
";
    // The CMD of the parent stage and the CMD inside HEALTHCHECK are not repeats.
    assert_eq!(lines(source, "PL907"), [4, 5, 6, 7]);
    let after = fixed(source, "PL907");
    assert_eq!(
        after,
        "FROM alpine:3.20 AS base\nCMD [\"a\"]\nFROM base\nHEALTHCHECK NONE\nENTRYPOINT [\"z\"]\nCMD [\"c\"]\n"
    );
}

#[test]
fn repeated_cmd_in_a_builder_stage_says_so() {
    let source =
        "FROM alpine:3.20 AS build\nCMD [\"a\"]\nCMD [\"b\"]\nFROM alpine:3.20\nCMD [\"c\"]\n";
    assert_eq!(lines(source, "PL907"), [2]);
    assert!(message(source, "PL907").contains("does not reach the final image"));
}

// PL908 shell-form-command

#[test]
fn shell_form_cmd_gets_an_exec_form_when_it_is_plain_words() {
    let source = "FROM node:20-alpine\nCMD node server.js --port 8080\n";
    assert_eq!(spans(source, "PL908"), ["node server.js --port 8080"]);
    assert_eq!(
        fixed(source, "PL908"),
        "FROM node:20-alpine\nCMD [\"node\", \"server.js\", \"--port\", \"8080\"]\n"
    );
    let quoted = "FROM python:3.12\nENTRYPOINT exec python -m 'my app'\n";
    assert_eq!(
        fixed(quoted, "PL908"),
        "FROM python:3.12\nENTRYPOINT [\"python\", \"-m\", \"my app\"]\n"
    );
    assert!(message(quoted, "PL908").contains("ignores CMD"));
}

#[test]
fn shell_form_with_shell_syntax_has_no_edit() {
    for command in [
        "npm run migrate && npm start",
        "java $JAVA_OPTS -jar app.jar",
        "node server.js > /var/log/app.log",
        "cat /etc/*.conf",
        "node server.js # start",
    ] {
        let source = format!("FROM node:20-alpine\nCMD {command}\n");
        let found = findings(&source, "PL908");
        assert_eq!(found.len(), 1, "{command}");
        assert!(found[0].fix.is_none(), "{command}");
    }
}

#[test]
fn shell_form_is_fine_with_shell_exec_or_healthcheck() {
    let sources = [
        "FROM node:20-alpine\nCMD [\"node\", \"server.js\"]\n",
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nCMD Write-Host hi\n",
        "FROM alpine:3.20 AS base\nSHELL [\"/bin/bash\", \"-c\"]\nFROM base\nCMD echo hi\n",
        "FROM node:20-alpine\nCMD ./migrate.sh && exec node server.js\n",
        "FROM node:20-alpine\nHEALTHCHECK CMD wget -q -O /dev/null http://localhost:3000/ || exit 1\n",
        "FROM node:20-alpine\nONBUILD CMD node server.js\n",
    ];
    for source in sources {
        assert!(lines(source, "PL908").is_empty(), "{source}");
    }
}

// PL909 expose-port-out-of-range

#[test]
fn expose_ports_above_65535() {
    let source = "FROM nginx:1.27\nEXPOSE 80 65535 80800/tcp 8000-70000 99999999999999999999999\n";
    assert_eq!(
        spans(source, "PL909"),
        ["80800", "8000-70000", "99999999999999999999999"]
    );
    let fine = "FROM nginx:1.27\nARG PORT=99999\nEXPOSE 0 $PORT ${PORT}/udp 8000-8010\n";
    assert!(lines(fine, "PL909").is_empty());
}

// PL910 expose-invalid-format

#[test]
fn expose_mappings_keep_only_the_container_port() {
    let source = "FROM nginx:1.27\nEXPOSE 8080:80 127.0.0.1:8443:443/tcp [::1]:53:53/udp 9000\n";
    assert_eq!(
        spans(source, "PL910"),
        ["8080", "127.0.0.1:8443", "[::1]:53"]
    );
    assert_eq!(
        fixed(source, "PL910"),
        "FROM nginx:1.27\nEXPOSE 80 443/tcp 53/udp 9000\n"
    );
    assert!(message(source, "PL910").contains("docker run -p 8080:80"));
    assert!(lines("FROM nginx:1.27\nEXPOSE 80 443/tcp\n", "PL910").is_empty());
}

// PL911 expose-protocol-casing

#[test]
fn expose_protocol_is_lowercased() {
    let source = "FROM nginx:1.27\nEXPOSE 80/TCP 53/Udp 443/tcp\n";
    assert_eq!(spans(source, "PL911"), ["TCP", "Udp"]);
    assert_eq!(
        fixed(source, "PL911"),
        "FROM nginx:1.27\nEXPOSE 80/tcp 53/udp 443/tcp\n"
    );
}

// PL912 maintainer-deprecated

#[test]
fn maintainer_becomes_an_authors_label_with_escaping() {
    let source = "FROM alpine:3.20\nMAINTAINER \"Jane\" <jane@example.com> $5\n";
    let after = fixed(source, "PL912");
    assert_eq!(
        after,
        "FROM alpine:3.20\nLABEL org.opencontainers.image.authors=\"\\\"Jane\\\" <jane@example.com> \\$5\"\n"
    );
    let report = check(&after, &Settings::default());
    assert!(report.errors.is_empty());
    let backtick = "# escape=`\nFROM alpine:3.20\nMAINTAINER a\"b\n";
    assert!(
        fixed(backtick, "PL912").ends_with("LABEL org.opencontainers.image.authors=\"a`\"b\"\n")
    );
}

// PL913 legacy-key-value-format

#[test]
fn legacy_key_values_are_rewritten_with_the_same_value() {
    let cases = [
        ("ENV A b", "ENV A=b"),
        ("ENV A b c", "ENV A=\"b c\""),
        ("ENV A \"b c\"", "ENV A=\"b c\""),
        ("ENV PATH /app/bin:$PATH", "ENV PATH=/app/bin:$PATH"),
        ("ENV A 'x $y' z", "ENV A=\"x \\$y z\""),
        ("ENV A x\\ y", "ENV A=x\\ y"),
        ("ENV A a \\$b", "ENV A=\"a \\$b\""),
        (
            "LABEL description A small service",
            "LABEL description=\"A small service\"",
        ),
        ("ONBUILD ENV A b c", "ONBUILD ENV A=\"b c\""),
    ];
    for (before, after) in cases {
        let source = format!("FROM alpine:3.20\n{before}\n");
        assert_eq!(
            fixed(&source, "PL913"),
            format!("FROM alpine:3.20\n{after}\n"),
            "{before}"
        );
    }
    assert!(lines("FROM alpine:3.20\nENV A=b C=\"d e\"\nLABEL x=y\n", "PL913").is_empty());
}

// PL914 inconsistent-instruction-casing

#[test]
fn the_majority_case_wins_and_mixed_case_is_always_reported() {
    let upper = "FROM alpine:3.20\nRUN true\nrun true\nFrom alpine:3.20\n";
    assert_eq!(spans(upper, "PL914"), ["run", "From"]);
    let lower = "from alpine:3.20\nrun true\nRUN true\ncopy a b\n";
    assert_eq!(
        fixed(lower, "PL914"),
        "from alpine:3.20\nrun true\nrun true\ncopy a b\n"
    );
    // A tie goes to upper case, as in BuildKit.
    assert_eq!(spans("FROM alpine:3.20\nrun true\n", "PL914"), ["run"]);
    assert!(lines("from alpine:3.20\nrun true\n", "PL914").is_empty());
}

// PL915 empty-continuation-line

#[test]
fn empty_continuation_lines_are_removed() {
    let source = "FROM alpine:3.20\nRUN apk add \\\n\n    curl \\\n  \t\n    git\n";
    assert_eq!(lines(source, "PL915"), [3, 5]);
    assert_eq!(
        fixed(source, "PL915"),
        "FROM alpine:3.20\nRUN apk add \\\n    curl \\\n    git\n"
    );
    let comment = "FROM alpine:3.20\nRUN apk add \\\n# curl\n    git\n";
    assert!(lines(comment, "PL915").is_empty());
}

#[test]
fn fixes_on_the_real_corpus_parse_and_clear_their_findings() {
    let test = "fixes_on_the_real_corpus_parse_and_clear_their_findings";
    let Some(files) = corpus_files(test) else {
        return;
    };
    for path in &files {
        let source = read_lossy(path);
        let before = check(&source, &Settings::default());
        for number in 901..=915 {
            let code = format!("PL{number}");
            let found = findings(&source, &code);
            let fixable = found
                .iter()
                .filter(|finding| finding.fix.as_ref().is_some_and(|fix| fix.is_applicable()))
                .count();
            if fixable == 0 {
                continue;
            }
            let after = fixed(&source, &code);
            let broken = new_errors(&before, &check(&after, &Settings::default()));
            assert!(broken.is_empty(), "{code} {}: {broken:?}", path.display());
            let left = lines(&after, &code).len();
            assert!(
                left <= found.len() - fixable,
                "{code} {}: {left} left of {}",
                path.display(),
                found.len()
            );
        }
    }
}
