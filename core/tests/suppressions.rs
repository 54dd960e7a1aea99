//! What suppression comments cover, by scope: the next instruction, the rest
//! of a stage, the whole file; in our spelling and the peers'. A finding a
//! comment covers stays in the report, marked suppressed; every other one
//! stays active.

mod support;

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
