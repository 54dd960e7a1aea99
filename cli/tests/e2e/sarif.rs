//! SARIF output checked by the official validator, `@microsoft/sarif-multitool`
//! (npm, pinned in xtask/src/tools.rs and installed into `.tools/node` by
//! `cargo xtask test`), with both its SARIF rules and its GitHub rules (what
//! GitHub code scanning requires).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::*;

/// The validator's native binary for this platform, inside `node_modules`.
fn multitool() -> String {
    let (platform, exe) = match std::env::consts::OS {
        "macos" => ("darwin", "Sarif.Multitool"),
        "windows" => ("win32", "Sarif.Multitool.exe"),
        _ => ("linux", "Sarif.Multitool"),
    };
    format!("@microsoft/sarif-multitool-{platform}/{exe}")
}

/// `npm ci --ignore-scripts` (as xtask runs it) skips the package's own
/// `chmod u+x`: set the execute bit ourselves.
#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(path).unwrap().permissions().mode();
    if mode & 0o100 == 0 {
        fs::set_permissions(path, fs::Permissions::from_mode(mode | 0o755))
            .unwrap_or_else(|e| panic!("cannot make {} executable: {e}", path.display()));
    }
}

#[cfg(not(unix))]
fn make_executable(_: &Path) {}

/// How many of `sample_files` are ours (the rest is the real corpus).
const OWN_FIXTURES: usize = 7;

/// Dockerfiles that exercise every part of a result: suppressions, errors,
/// several stages, CRLF, non-ASCII text and paths that need escaping.
fn sample_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![
        write(dir, "latest/Dockerfile", LATEST),
        write(dir, "root/Dockerfile", ROOT),
        write(dir, "invalid/Dockerfile", INVALID),
        write(dir, "clean/Dockerfile", CLEAN),
        write(
            dir,
            "suppressed/Dockerfile",
            "# plimsoll ignore=PL201 -- pinned by Renovate\nFROM node:latest\nRUN curl -fsSL http://get.example.com | sh\n",
        ),
        write(
            dir,
            "with space/api.Dockerfile",
            "FROM python:3.12 AS build\r\nENV API_TOKEN=ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\nRUN echo \"héllo wörld ✓\" && chmod 777 /tmp\r\nFROM build\r\nEXPOSE 22\r\n",
        ),
        write(dir, "ünïcode/Dockerfile.prod", "FROM alpine\nADD https://example.com/a.tar.gz /\n"),
    ];
    // The real corpus, when it is there: many more rules and regions.
    files.extend(
        fixtures::corpus_files("sarif_passes_the_official_validator (the corpus part)")
            .unwrap_or_default(),
    );
    files
}

/// Where the rule pages are served. Without it the log has no
/// `informationUri` or `helpUri` (there is no public page to link, and a
/// dead link helps nobody), which the validator's SARIF2005 asks for: CI
/// that publishes SARIF gives `--docs-url` (or `docs-url` in plimsoll.toml).
const DOCS_URL: &[&str] = &["--docs-url", "https://plimsoll.example/app"];

#[test]
fn sarif_passes_the_official_validator() {
    let Some(node_modules) =
        fixtures::npm_tool("sarif_passes_the_official_validator", &multitool())
    else {
        return;
    };
    let validator = node_modules.join(multitool());
    make_executable(&validator);
    let dir = scratch("sarif-validator");
    let files = sample_files(&dir);
    let mut logs = Vec::new();
    // The corpus once; our own fixtures in Japanese and with --strict too.
    for (name, extra, count) in [
        ("en.sarif", &[][..], files.len()),
        ("ja.sarif", &["--lang", "ja"][..], OWN_FIXTURES),
        ("strict.sarif", &["--strict"][..], OWN_FIXTURES),
    ] {
        let (code, stdout, stderr) = run(plimsoll()
            .args(["check", "--format", "sarif"])
            .args(DOCS_URL)
            .args(extra)
            .args(&files[..count]));
        assert_eq!(code, 1, "{stderr}");
        let log = dir.join(name);
        fs::write(&log, stdout).unwrap();
        logs.push(log);
    }
    // Standard input is reported too.
    let (code, stdout, stderr) = run(plimsoll()
        .args(["check", "--format", "sarif"])
        .args(DOCS_URL)
        .arg("-")
        .write_stdin(LATEST));
    assert_eq!(code, 1, "{stderr}");
    let log = dir.join("stdin.sarif");
    fs::write(&log, stdout).unwrap();
    logs.push(log);

    // SARIF2006 (URIs should be reachable) fetches every helpUri: off, so
    // that the validation runs offline and fast; every other rule stays on.
    let policy = write(
        &dir,
        "policy.xml",
        r#"<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
"#,
    );
    let running: Vec<(PathBuf, PathBuf, std::process::Child)> = logs
        .into_iter()
        .map(|log| {
            let report = dir.join(format!(
                "{}.validation.sarif",
                log.file_stem().unwrap().to_string_lossy()
            ));
            let child = Command::new(&validator)
                .arg("validate")
                .arg(&log)
                .arg("--output")
                .arg(&report)
                .arg("--config")
                .arg(&policy)
                .args(["--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh"])
                .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot run {}: {e}", validator.display()));
            (log, report, child)
        })
        .collect();
    for (log, report, child) in running {
        let output = child.wait_with_output().unwrap();
        let console = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && report.exists(),
            "the validator failed on {}: {console}{}",
            log.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        let validation: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
        let run = &validation["runs"][0];
        let problems: Vec<String> = run["results"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|result| result["level"] != "note")
            .map(|result| {
                format!(
                    "{} {}: {}",
                    result["level"].as_str().unwrap_or("warning"),
                    result["ruleId"].as_str().unwrap_or("?"),
                    result["message"]["text"]
                        .as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| result["message"].to_string())
                )
            })
            .collect();
        assert!(
            problems.is_empty(),
            "{} does not validate:\n{}",
            log.display(),
            problems.join("\n")
        );
        let notifications = &run["invocations"][0]["toolExecutionNotifications"];
        assert!(
            notifications.is_null() || notifications.as_array().is_some_and(Vec::is_empty),
            "the validator reported: {notifications}"
        );
        assert_eq!(
            run["invocations"][0]["executionSuccessful"], true,
            "{console}"
        );
    }
}
