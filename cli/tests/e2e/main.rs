//! End-to-end tests of the `plimsoll` binary: every command, format, exit
//! status and error path. One test binary (modules below) keeps build time low.

mod check;
mod ci;
mod commands;
mod config;
mod fix;
mod formats;
mod integrations;
mod lsp;
mod project;
mod sarif;

/// The shared corpus and npm tools, skipped visibly or required (shared with core).
#[path = "../../../core/tests/support/fixtures.rs"]
mod fixtures;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn plimsoll() -> Command {
    let mut command = Command::cargo_bin("plimsoll").expect("the plimsoll binary is built");
    // No plimsoll.toml from the developer's directories, no colors from the
    // environment, unless a test asks for them.
    command.env_remove("NO_COLOR").arg("--no-config");
    command
}

/// `plimsoll` without `--no-config`, run in `dir`.
pub fn plimsoll_in(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("plimsoll").expect("the plimsoll binary is built");
    command.env_remove("NO_COLOR").current_dir(dir);
    command
}

/// The repository root, where the image, the hooks and the CI templates live.
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cli/ is in the repository")
        .to_owned()
}

/// A fresh directory under the target dir for one test's files.
pub fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("e2e")
        .join(test);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `text` to `dir/name` (creating folders) and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
    path
}

/// Runs and returns (status, stdout, stderr).
pub fn run(command: &mut Command) -> (i32, String, String) {
    let output = command.output().unwrap();
    (
        output.status.code().expect("exited"),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// `check --format json` of one file's text, parsed.
pub fn json_of(text: &str, extra: &[&str]) -> serde_json::Value {
    let (_, stdout, stderr) = run(plimsoll()
        .args(["check", "--format", "json"])
        .args(extra)
        .arg("-")
        .write_stdin(text));
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"))
}

/// The rule codes of a JSON file report's findings.
pub fn rules_of(file: &serde_json::Value) -> Vec<String> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["rule"].as_str().unwrap().to_owned())
        .collect()
}

/// Nothing to say: pinned by digest, non-root, health check, exec form.
pub const CLEAN: &str = "FROM debian:12.8-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000\nUSER 1001\nHEALTHCHECK CMD [\"/app/health\"]\nCMD [\"/app/run\"]\n";

/// PL201 (`latest`, medium) at 1:11 and PL202 (no digest, low) at 1:6.
pub const LATEST: &str =
    "FROM node:latest\nUSER 1001\nHEALTHCHECK CMD [\"/app/health\"]\nCMD [\"node\", \"app.js\"]\n";

/// Runs as root (PL101, high), `apk add` without `--no-cache` (safe fix).
pub const ROOT: &str = "FROM alpine:3.20\nRUN apk add curl\nEXPOSE 8080\n";

/// Not a Dockerfile: an unknown instruction before any FROM.
pub const INVALID: &str = "FORM alpine:3.20\n";
