//! What suppression comments cover, by scope: the next instruction, the rest
//! of a stage, the whole file; in our spelling and the peers'. A finding a
//! comment covers stays in the report, marked suppressed; every other one
//! stays active.

mod support;

use plimsoll_core::{suppress, Settings};
use support::{lines, suppressed_lines};

/// `(active lines, suppressed lines)` of one rule.
fn split(source: &str, code: &str) -> (Vec<u32>, Vec<u32>) {
    (lines(source, code), suppressed_lines(source, code))
}

/// `sudo` (PL103) in every stage, and `latest` (PL201) on every FROM; the
/// comment goes in the middle of the second stage.
fn three_stages(comment: &str) -> String {
    format!(
        "FROM alpine:latest AS one\nRUN sudo true\nFROM alpine:latest AS two\nRUN sudo true\n{comment}\nRUN sudo true\nRUN sudo true\nFROM alpine:latest\nRUN sudo true\n"
    )
}

#[test]
fn a_stage_comment_covers_the_rest_of_its_stage_only() {
    for comment in [
        "# plimsoll ignore-stage=PL103 -- vendored build",
        "# plimsoll ignore-stage=sudo-in-run",
        "# hadolint stage ignore=DL3004",
    ] {
        let source = three_stages(comment);
        // Lines 2 and 4 are before the comment, 9 in the next stage.
        assert_eq!(
            split(&source, "PL103"),
            (vec![2, 4, 9], vec![6, 7]),
            "{comment}"
        );
    }
}

#[test]
fn a_stage_comment_above_from_covers_that_stage() {
    for comment in [
        "# plimsoll ignore-stage=PL201,PL103",
        "# hadolint stage ignore=DL3007,DL3004",
    ] {
        let source = format!(
            "FROM alpine:latest AS one\nRUN sudo true\n{comment}\nFROM alpine:latest AS two\nRUN sudo true\nFROM alpine:latest\nRUN sudo true\n"
        );
        assert_eq!(split(&source, "PL201"), (vec![1, 6], vec![4]), "{comment}");
        assert_eq!(split(&source, "PL103"), (vec![2, 7], vec![5]), "{comment}");
    }
}

#[test]
fn an_instruction_comment_covers_the_next_instruction_only() {
    for comment in [
        "# plimsoll ignore=PL103 -- needs root for this one",
        "# hadolint ignore=DL3004",
        "# trivy:ignore:DS-0010",
    ] {
        let source = three_stages(comment);
        assert_eq!(
            split(&source, "PL103"),
            (vec![2, 4, 7, 9], vec![6]),
            "{comment}"
        );
    }
}

#[test]
fn a_file_comment_covers_every_stage() {
    for comment in [
        "# plimsoll ignore-file=PL103",
        "# hadolint global ignore=DL3004",
    ] {
        let source = three_stages(comment);
        assert_eq!(
            split(&source, "PL103"),
            (vec![], vec![2, 4, 6, 7, 9]),
            "{comment}"
        );
    }
    // BuildKit's directive, for one of its own checks.
    let source = "# check=skip=JSONArgsRecommended\nFROM alpine:3.20\nCMD run --fast\nFROM alpine:3.20\nCMD run --slow\n";
    assert_eq!(split(source, "PL908"), (vec![], vec![3, 5]));
}

#[test]
fn a_comment_for_another_rule_covers_nothing() {
    let source = three_stages("# plimsoll ignore-stage=PL201");
    assert_eq!(split(&source, "PL103"), (vec![2, 4, 6, 7, 9], vec![]));
}

/// `text` with the edit of [`suppress::comment`] for a finding at `at`.
fn with_comment(text: &str, yaml: bool, at: usize, rule: &str, reason: &str) -> String {
    let (edit, _) = suppress::comment(text, yaml, at as u32, rule, reason);
    let mut text = text.to_owned();
    text.insert_str(edit.span.start as usize, &edit.replacement);
    text
}

#[test]
fn an_ignore_comment_goes_above_the_instruction_indented_alike() {
    let text = "FROM alpine:3.20\n  RUN apk add \\\n    curl\n";
    let fixed = with_comment(
        text,
        false,
        text.find("curl").unwrap(),
        "PL305",
        " no\ncache  needed ",
    );
    assert_eq!(
        fixed,
        "FROM alpine:3.20\n  # plimsoll ignore=PL305 -- no cache needed\n  RUN apk add \\\n    curl\n"
    );
    assert!(!lines(text, "PL305").is_empty());
    assert!(lines(&fixed, "PL305").is_empty(), "{fixed}");
}

#[test]
fn an_ignore_comment_for_a_directive_is_file_wide_after_the_directives() {
    let text = "# syntax=docker/dockerfile:1\r\nFROM alpine:3.20";
    let (edit, scope) = suppress::comment(text, false, 2, "PL205", "");
    assert_eq!(scope, suppress::Scope::File);
    assert_eq!(edit.replacement, "# plimsoll ignore-file=PL205\r\n");
    assert_eq!(edit.span.start as usize, text.find("FROM").unwrap());
}

/// (YAML text, the text the finding starts at, the text with the comment).
const YAML_COMMENTS: &[(&str, &str, &str)] = &[
    (
        "services:\n  web:\n    privileged: true\n",
        "true",
        "services:\n  web:\n    # plimsoll ignore=PL1 -- lab\n    privileged: true\n",
    ),
    // Inside `run: |` a `#` line would be part of the script: the comment
    // goes above the key, and covers the whole block.
    (
        "jobs:\n  build:\n    steps:\n      - run: |\n          echo hi\n          curl x | sh\n",
        "curl",
        "jobs:\n  build:\n    steps:\n      # plimsoll ignore=PL1 -- lab\n      - run: |\n          echo hi\n          curl x | sh\n",
    ),
    (
        "a:\n  key: >-\n    text\n\n    more\n",
        "more",
        "a:\n  # plimsoll ignore=PL1 -- lab\n  key: >-\n    text\n\n    more\n",
    ),
    // A line that only looks like a header is not one.
    (
        "a:\n  b: x |\n  c: y\n",
        "y",
        "a:\n  b: x |\n  # plimsoll ignore=PL1 -- lab\n  c: y\n",
    ),
];

#[test]
fn a_yaml_ignore_comment_goes_above_the_line_or_its_block_scalar() {
    for &(text, at, expected) in YAML_COMMENTS {
        let fixed = with_comment(text, true, text.find(at).unwrap(), "PL1", "lab");
        assert_eq!(fixed, expected, "{text}");
    }
}

/// Every active finding of the Compose files, manifests and workflows of
/// the companions corpus, suppressed with the comment the page and the
/// editors write: that finding becomes suppressed, and nothing else
/// changes (the file still reads the same, every other finding stays).
#[test]
fn a_yaml_ignore_comment_suppresses_exactly_its_finding_on_real_files() {
    use plimsoll_core::project::Project;
    let mut tried = 0;
    for folder in ["compose", "k8s", "workflows"] {
        let Some(files) = support::fixtures::companion_files(
            "a_yaml_ignore_comment_suppresses_exactly_its_finding_on_real_files",
            folder,
            &[".yml", ".yaml"],
            10,
        ) else {
            return;
        };
        for file in files {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let path = name.split("__").skip(2).collect::<Vec<_>>().join("/");
            let text = std::fs::read_to_string(&file).unwrap();
            let check = |text: &str| {
                Project {
                    files: vec![(path.clone(), text.to_owned())],
                    paths: None,
                    name: None,
                }
                .check(&Settings::default())
                .into_iter()
                .flat_map(|checked| checked.findings)
                .map(|finding| {
                    let active = finding.suppressed.is_none();
                    // Without the other places it names, whose lines move.
                    let message = finding.message.en;
                    let message = message.split(" (also at").next().unwrap_or("").to_owned();
                    (finding.rule, message, active)
                })
                .collect::<Vec<_>>()
            };
            let before = check(&text);
            let findings: Vec<_> = Project {
                files: vec![(path.clone(), text.clone())],
                paths: None,
                name: None,
            }
            .check(&Settings::default())
            .into_iter()
            .flat_map(|checked| checked.findings)
            .filter(|finding| finding.suppressed.is_none())
            .collect();
            // Enough of them to cover every shape, and the test stays quick.
            for finding in findings.iter().step_by(findings.len().div_ceil(6).max(1)) {
                tried += 1;
                let fixed = with_comment(
                    &text,
                    true,
                    finding.span.start as usize,
                    finding.rule,
                    "test",
                );
                let after = check(&fixed);
                let suppressed: Vec<_> = before
                    .iter()
                    .zip(&after)
                    .filter(|(was, now)| was != now)
                    .collect();
                assert_eq!(
                    before.len(),
                    after.len(),
                    "{name}: {}\n{fixed}",
                    finding.rule
                );
                assert!(
                    !suppressed.is_empty()
                        && suppressed.iter().all(|(was, now)| {
                            was.0 == finding.rule && was.1 == now.1 && was.2 && !now.2
                        }),
                    "{name}: suppressing {} at {:?} changed {suppressed:?}",
                    finding.rule,
                    finding.location.start
                );
            }
        }
    }
    assert!(tried >= 100, "only {tried} findings tried");
}
