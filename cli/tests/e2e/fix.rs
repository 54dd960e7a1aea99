//! `plimsoll fix`: safe fixes in place, `--dry-run` diffs, `--unsafe`, line
//! endings and the final newline, and files that must not be touched.

use std::fs;

use predicates::prelude::*;

use super::*;

/// `apk add` without `--no-cache` (safe fix) and a shell-form CMD (a fix to
/// review).
const FIXABLE: &str = "FROM alpine:3.20\nRUN apk add curl\nCMD python app.py\n";

#[test]
fn applies_safe_fixes_in_place() {
    let dir = scratch("fix-in-place");
    let file = write(&dir, "Dockerfile", FIXABLE);
    plimsoll()
        .arg("fix")
        .arg(&file)
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "{}: fixed 1 finding (PL305)",
            file.display()
        )))
        .stderr(predicate::str::contains("need review"));
    let fixed = fs::read_to_string(&file).unwrap();
    assert_eq!(
        fixed,
        "FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD python app.py\n"
    );
    // Nothing left to do: the file stays as it is.
    plimsoll().arg("fix").arg(&file).assert().code(0);
    assert_eq!(fs::read_to_string(&file).unwrap(), fixed);
    plimsoll()
        .args(["check", "--disable", "PL305"])
        .arg(&file)
        .assert()
        .code(1);
}

#[test]
fn unsafe_also_applies_fixes_that_need_review() {
    let dir = scratch("fix-unsafe");
    let file = write(&dir, "Dockerfile", FIXABLE);
    plimsoll()
        .args(["fix", "--unsafe"])
        .arg(&file)
        .assert()
        .code(0);
    let fixed = fs::read_to_string(&file).unwrap();
    assert!(fixed.contains("apk add --no-cache curl"), "{fixed}");
    assert!(fixed.contains("CMD [\"python\", \"app.py\"]"), "{fixed}");
    plimsoll()
        .args(["check", "--fail-on", "critical"])
        .arg(&file)
        .assert()
        .code(0);
}

#[test]
fn dry_run_prints_a_unified_diff_and_changes_nothing() {
    let dir = scratch("fix-dry-run");
    let file = write(&dir, "Dockerfile", FIXABLE);
    let name = file.display().to_string();
    let (code, stdout, _) = run(plimsoll().args(["fix", "--dry-run"]).arg(&file));
    assert_eq!(code, 1, "a change is pending");
    assert_eq!(
        stdout,
        format!(
            "--- a/{name}\n+++ b/{name}\n@@ -1,3 +1,3 @@\n FROM alpine:3.20\n-RUN apk add curl\n+RUN apk add --no-cache curl\n CMD python app.py\n"
        )
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), FIXABLE);
    let (_, stdout, _) = run(plimsoll().args(["fix", "--dry-run", "--unsafe"]).arg(&file));
    assert!(stdout.contains("+CMD [\"python\", \"app.py\"]"), "{stdout}");
    // Nothing to fix: no diff, status 0.
    let clean = write(&dir, "Clean.Dockerfile", CLEAN);
    plimsoll()
        .args(["fix", "--dry-run"])
        .arg(&clean)
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn keeps_crlf_line_endings() {
    let dir = scratch("fix-crlf");
    let file = write(&dir, "Dockerfile", &FIXABLE.replace('\n', "\r\n"));
    plimsoll()
        .args(["fix", "--unsafe"])
        .arg(&file)
        .assert()
        .code(0);
    let fixed = fs::read_to_string(&file).unwrap();
    assert!(fixed.contains("apk add --no-cache curl"), "{fixed:?}");
    assert!(
        fixed.contains("CMD [\"python\", \"app.py\"]\r\n"),
        "{fixed:?}"
    );
    assert_eq!(
        fixed.matches('\n').count(),
        fixed.matches("\r\n").count(),
        "every line ends in CRLF: {fixed:?}"
    );
    assert!(fixed.ends_with("\r\n"), "{fixed:?}");
}

#[test]
fn keeps_the_final_newline_as_it_was() {
    let dir = scratch("fix-final-newline");
    let without = FIXABLE.trim_end_matches('\n');
    let file = write(&dir, "Dockerfile", without);
    plimsoll()
        .args(["fix", "--unsafe"])
        .arg(&file)
        .assert()
        .code(0);
    let fixed = fs::read_to_string(&file).unwrap();
    assert!(!fixed.ends_with('\n'), "{fixed:?}");
    assert!(fixed.contains("apk add --no-cache curl"), "{fixed:?}");
    let crlf_without = FIXABLE.replace('\n', "\r\n");
    let file = write(&dir, "Containerfile", crlf_without.trim_end_matches("\r\n"));
    plimsoll().arg("fix").arg(&file).assert().code(0);
    let fixed = fs::read_to_string(&file).unwrap();
    assert!(!fixed.ends_with('\n'), "{fixed:?}");
    assert!(fixed.contains("--no-cache curl\r\nCMD"), "{fixed:?}");
}

#[test]
fn never_touches_a_file_that_does_not_parse() {
    let dir = scratch("fix-invalid");
    let text = format!("{FIXABLE}FORM x\n");
    let file = write(&dir, "Dockerfile", &text);
    plimsoll()
        .arg("fix")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}:4: not fixed: the file has an error",
            file.display()
        )));
    assert_eq!(fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn suppressed_findings_are_not_fixed() {
    let dir = scratch("fix-suppressed");
    let text =
        "FROM alpine:3.20\n# plimsoll ignore=PL305 -- the cache is wanted\nRUN apk add curl\n";
    let file = write(&dir, "Dockerfile", text);
    plimsoll().arg("fix").arg(&file).assert().code(0);
    assert_eq!(fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn stdin_prints_the_fixed_file() {
    plimsoll()
        .args(["fix", "-"])
        .write_stdin(FIXABLE)
        .assert()
        .code(0)
        .stdout("FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD python app.py\n");
    plimsoll()
        .args(["fix", "--dry-run", "-"])
        .write_stdin(FIXABLE)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "--- a/<stdin>\n+++ b/<stdin>\n",
        ));
}

#[test]
fn directories_and_errors() {
    let dir = scratch("fix-directory");
    let a = write(&dir, "a/Dockerfile", FIXABLE);
    let b = write(&dir, "b/Dockerfile.prod", FIXABLE);
    plimsoll().arg("fix").arg(&dir).assert().code(0);
    for file in [a, b] {
        assert!(fs::read_to_string(file).unwrap().contains("--no-cache"));
    }
    plimsoll()
        .arg("fix")
        .arg(dir.join("missing"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing: no such file"));
    plimsoll().arg("fix").assert().code(2);
}

/// A directory is fixed as a project: the Compose file's safe fixes, and
/// PL420's patterns appended to the `.dockerignore` beside the Dockerfile.
#[test]
fn a_directory_is_fixed_as_a_project() {
    let dir = scratch("fix-project");
    write(&dir, "Dockerfile", "FROM node:22.11.0-alpine3.20\nWORKDIR /app\nCOPY . .\nUSER node\nCMD [\"node\", \"server.js\"]\n");
    write(&dir, ".dockerignore", "node_modules");
    write(&dir, ".env", "TOKEN=x\n");
    write(&dir, "server.js", "");
    write(
        &dir,
        "compose.yaml",
        "services:\n  web:\n    build: .\n    ports:\n      - \"8080:3000\"\n",
    );
    let (code, _, stderr) = run(plimsoll().args(["fix"]).arg(&dir));
    assert_eq!(code, 0, "{stderr}");
    let ignore = fs::read_to_string(dir.join(".dockerignore")).unwrap();
    assert!(ignore.starts_with("node_modules\n"), "{ignore:?}");
    assert!(ignore.contains("**/.env"), "{ignore:?}");
    assert!(stderr.contains("PL420"), "{stderr}");
    // Fixes that need review wait for --unsafe; then the Compose file gets
    // them and stays valid YAML.
    let compose = fs::read_to_string(dir.join("compose.yaml")).unwrap();
    assert!(!compose.contains("read_only"), "{compose}");
    let (code, _, stderr) = run(plimsoll().args(["fix", "--unsafe"]).arg(&dir));
    assert_eq!(code, 0, "{stderr}");
    let compose = fs::read_to_string(dir.join("compose.yaml")).unwrap();
    assert!(compose.contains("read_only: true"), "{compose}");
    assert!(compose.contains("127.0.0.1:8080:3000"), "{compose}");
    let (_, stdout, _) = run(plimsoll().args(["check", "--format", "json"]).arg(&dir));
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for file in value["files"].as_array().unwrap() {
        assert_eq!(file["errors"], serde_json::json!([]), "{file}");
    }
}
