//! `plimsoll check`: exit statuses and error messages, end to end.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn plimsoll() -> Command {
    Command::cargo_bin("plimsoll").expect("the plimsoll binary is built")
}

/// A fresh directory under the target dir for one test's files.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(test);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

const CLEAN: &str = "FROM debian:12.8-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000\nUSER 1001\nHEALTHCHECK CMD [\"/app/health\"]\nCMD [\"/app/run\"]\n";
const LATEST: &str = "# syntax=docker/dockerfile:1\n\nFROM node:latest\nUSER node\n";

#[test]
fn clean_file_exits_0_and_prints_nothing() {
    let dir = scratch("clean");
    let file = dir.join("Dockerfile");
    fs::write(&file, CLEAN).unwrap();
    plimsoll()
        .arg("check")
        .arg(&file)
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
}

#[test]
fn finding_exits_1_and_prints_path_line_col_severity_rule() {
    let dir = scratch("finding");
    let file = dir.join("Dockerfile");
    fs::write(&file, LATEST).unwrap();
    let expected_prefix = format!("{}:3:", file.display());
    plimsoll()
        .arg("check")
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(expected_prefix))
        .stdout(predicate::str::contains(" PL201 "));
}

#[test]
fn stdin_is_read_for_dash() {
    plimsoll()
        .args(["check", "-"])
        .write_stdin(CLEAN)
        .assert()
        .code(0);
    plimsoll()
        .args(["check", "-"])
        .write_stdin(LATEST)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("<stdin>:3:"));
}

#[test]
fn missing_file_exits_2_and_names_it() {
    let dir = scratch("missing");
    let file = dir.join("no-such-Dockerfile");
    plimsoll()
        .arg("check")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}: no such file",
            file.display()
        )));
}

#[test]
fn directory_exits_2_and_names_it() {
    let dir = scratch("directory");
    plimsoll()
        .arg("check")
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}: directory holds no Dockerfile",
            dir.display()
        )));
}

#[test]
fn invalid_utf8_exits_2_with_the_byte_offset() {
    let dir = scratch("utf8");
    let file = dir.join("Dockerfile");
    fs::write(&file, b"FROM alpine:3.20\nRUN echo \xc3\x28\n").unwrap();
    plimsoll()
        .arg("check")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}: is not valid UTF-8 text (byte offset 26)",
            file.display()
        )));
}

#[test]
fn unreadable_input_wins_over_findings_and_others_are_still_checked() {
    let dir = scratch("mixed");
    let good = dir.join("Dockerfile");
    fs::write(&good, LATEST).unwrap();
    plimsoll()
        .arg("check")
        .arg(dir.join("missing"))
        .arg(&good)
        .assert()
        .code(2)
        .stdout(predicate::str::contains(" PL201 "))
        .stderr(predicate::str::contains("missing: no such file"));
}

#[test]
fn usage_errors_exit_2() {
    plimsoll().assert().code(2);
    plimsoll().arg("check").assert().code(2);
    plimsoll()
        .args(["check", "--no-such-flag", "x"])
        .assert()
        .code(2);
    plimsoll()
        .args(["check", "-", "-"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("only once"));
}

#[test]
fn help_exits_0() {
    plimsoll()
        .args(["check", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("FILE"));
}

#[test]
fn json_format_is_one_document() {
    let output = plimsoll()
        .args(["check", "--format", "json", "-"])
        .write_stdin(CLEAN)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("\"path\": \"-\""), "{text}");
}
