//! Applying every safe fix leaves a Dockerfile that still parses, raises no
//! error it did not raise before, and no longer raises what was fixed: on
//! every rule's bad examples and on the real corpus.

mod support;

use std::collections::BTreeMap;

use plimsoll_core::docs::DocSection;
use plimsoll_core::fix::{self, Safety};
use plimsoll_core::project::Project;
use plimsoll_core::rules::RULES;
use plimsoll_core::{check, Report, Settings};
use support::fixtures::{corpus_files, read_lossy};
use support::new_errors;

/// How many active findings each rule raises, and how many of them carry a
/// safe fix that applies.
fn tally(report: &Report) -> BTreeMap<&'static str, (usize, usize)> {
    let mut tally = BTreeMap::new();
    for finding in report.active_findings() {
        let entry = tally.entry(finding.rule).or_insert((0, 0));
        entry.0 += 1;
        if safe_fix(finding).is_some() {
            entry.1 += 1;
        }
    }
    tally
}

fn safe_fix(finding: &plimsoll_core::report::Finding) -> Option<&fix::Fix> {
    finding
        .fix
        .as_ref()
        .filter(|fix| fix.safety == Safety::Safe && fix.is_applicable())
}

/// Applies safe fixes until none is left (overlapping fixes need a second
/// pass). Returns the final text and what still has a safe fix.
fn fix_all(source: &str) -> (String, Vec<String>) {
    let settings = Settings::default();
    let mut text = source.to_string();
    for _ in 0..6 {
        let report = check(&text, &settings);
        let safe: Vec<_> = report.findings.iter().filter_map(safe_fix).collect();
        if safe.is_empty() {
            return (text, Vec::new());
        }
        let (fixed, applied) = fix::apply(&text, safe);
        assert!(applied > 0, "safe fixes exist but none applies to:\n{text}");
        text = fixed;
    }
    let report = check(&text, &settings);
    let left = report
        .findings
        .iter()
        .filter(|finding| {
            finding
                .fix
                .as_ref()
                .is_some_and(|fix| fix.safety == Safety::Safe)
        })
        .map(|finding| {
            format!(
                "{} line {}: {}",
                finding.rule, finding.location.start.line, finding.message.en
            )
        })
        .collect();
    (text, left)
}

fn assert_fixed(name: &str, source: &str) {
    let before = check(source, &Settings::default());
    let (fixed, left) = fix_all(source);
    let after = check(&fixed, &Settings::default());
    let broken = new_errors(&before, &after);
    assert!(
        broken.is_empty(),
        "{name}: safe fixes broke the file: {broken:?}\n{fixed}"
    );
    assert!(
        left.is_empty(),
        "{name}: safe fixes do not converge: {left:?}\n{fixed}"
    );
    // Each fixed finding is gone: a rule with safe fixes raises at most what
    // it raised before, less the findings those fixes answered. (Other rules
    // may raise more: turning ADD into COPY exposes the COPY to COPY rules.)
    let after_tally = tally(&after);
    for (rule, (found, fixable)) in tally(&before) {
        if fixable == 0 {
            continue;
        }
        let still = after_tally.get(rule).map_or(0, |(found, _)| *found);
        assert!(
            still <= found - fixable,
            "{name}: {rule} raised {found} findings, {fixable} with a safe fix, and still raises {still} after the fixes:\n{fixed}"
        );
    }
}

#[test]
fn safe_fixes_on_every_bad_example() {
    for rule in RULES {
        for example in rule
            .docs(plimsoll_core::Lang::En)
            .examples(DocSection::Example)
        {
            match &example.file {
                Some(file) => assert_companion_fixed(rule.code, file, &example.code),
                None => assert_fixed(rule.code, &example.code),
            }
        }
    }
}

/// A Compose file, manifest or workflow example: its safe fixes keep the YAML
/// readable and leave nothing with a safe fix behind.
fn assert_companion_fixed(name: &str, file: &str, source: &str) {
    let check_file = |text: &str| {
        let project = Project {
            files: vec![(file.to_string(), text.to_string())],
            paths: None,
            name: None,
        };
        project.check(&Settings::default()).remove(0)
    };
    let before = check_file(source);
    let safe: Vec<_> = before.findings.iter().filter_map(safe_fix).collect();
    let (fixed, _) = fix::apply(source, safe);
    let after = check_file(&fixed);
    assert!(
        after.errors.is_empty(),
        "{name}: safe fixes broke the file: {:?}\n{fixed}",
        after.errors
    );
    let left: Vec<&str> = after
        .findings
        .iter()
        .filter(|finding| safe_fix(finding).is_some())
        .map(|finding| finding.rule)
        .collect();
    assert!(
        left.is_empty(),
        "{name}: still fixable after the fixes: {left:?}\n{fixed}"
    );
}

#[test]
fn safe_fixes_on_the_real_corpus() {
    let Some(files) = corpus_files("safe_fixes_on_the_real_corpus") else {
        return;
    };
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert_fixed(&name, &read_lossy(path));
    }
    println!("safe fixes applied and re-checked on {} files", files.len());
}

/// The fix of the first `rule` finding, if it has one that applies.
fn fix_of(source: &str, rule: &str) -> Option<fix::Fix> {
    check(source, &Settings::default())
        .findings
        .into_iter()
        .find(|finding| finding.rule == rule)
        .unwrap_or_else(|| panic!("{rule} is reported on:\n{source}"))
        .fix
        .filter(fix::Fix::is_applicable)
}

#[test]
fn no_fix_removes_what_a_later_step_needs() {
    // The lists fetched by an update-only RUN are what the next RUN installs from.
    let apt = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nUSER 1000\n";
    assert_eq!(fix_of(apt, "PL304"), None);
    let joined = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nUSER 1000\n";
    assert!(
        fix_of(joined, "PL304").is_some(),
        "install and update in one RUN"
    );
    // `go build` in a later RUN builds from the modules `go get` put in the cache.
    let go = "FROM golang:1.22\nWORKDIR /src\nRUN go get example.com/tool@v1.2.3\nRUN go build -o /app .\nUSER 1000\n";
    assert_eq!(fix_of(go, "PL315"), None);
    let alone = "FROM golang:1.22\nRUN go install example.com/tool@v1.2.3\nUSER 1000\n";
    assert!(
        fix_of(alone, "PL315").is_some(),
        "nothing later needs the cache"
    );
}

#[test]
fn a_fix_does_not_silence_another_rule() {
    let source = "FROM debian:12\nRUN curl -fsSL https://example.com/a.tgz | tar xz\nUSER 1000\nENTRYPOINT /app/run --serve\n";
    let shell = fix_of(source, "PL921").expect("PL921 offers a SHELL line");
    let (fixed, applied) = fix::apply(source, [&shell]);
    assert_eq!(applied, 1);
    assert!(
        fixed.contains("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]"),
        "{fixed}"
    );
    let report = check(&fixed, &Settings::default());
    assert!(
        report
            .findings
            .iter()
            .any(|finding| finding.rule == "PL908"),
        "the shell-form ENTRYPOINT is still reported after the SHELL line:\n{fixed}"
    );
    // A shell chosen on purpose (here PowerShell) is respected, as BuildKit does.
    let windows = "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL [\"powershell\", \"-Command\"]\nUSER ContainerUser\nENTRYPOINT C:\\app\\run.exe\n";
    assert!(check(windows, &Settings::default())
        .findings
        .iter()
        .all(|finding| finding.rule != "PL908"));
}

#[test]
fn a_fix_agrees_with_its_message() {
    let distroless = "FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nEXPOSE 8080\nENTRYPOINT [\"/app\"]\n";
    let report = check(distroless, &Settings::default());
    let finding = |rule: &str| {
        report
            .findings
            .iter()
            .find(|finding| finding.rule == rule)
            .unwrap_or_else(|| panic!("{rule} on:\n{distroless}"))
    };
    // No curl in distroless: neither the message nor the fix suggests it.
    let health = finding("PL503");
    let health_fix = health.fix.as_ref().unwrap().description.en.clone();
    assert!(!health_fix.contains("curl -f"), "{health_fix}");
    assert!(health.message.en.contains("no shell or curl"));
    // The user the fix switches to is the one files must belong to.
    let user = finding("PL101");
    let user_fix = user.fix.as_ref().unwrap();
    assert!(user_fix.edits[0].replacement.contains("USER 65532:65532"));
    assert!(
        user_fix.description.en.contains("--chown=65532:65532"),
        "{}",
        user_fix.description.en
    );
    assert!(user_fix.description.ja.contains("--chown=65532:65532"));
    // With a shell, the example probes the port the image exposes.
    let slim = "FROM node:20-slim\nEXPOSE 8080\nUSER node\nCMD [\"node\", \"server.js\"]\n";
    let report = check(slim, &Settings::default());
    let health = report.findings.iter().find(|f| f.rule == "PL503").unwrap();
    assert!(
        health.message.en.contains("localhost:8080"),
        "{}",
        health.message.en
    );
    assert!(!health.message.en.contains("3000"));
}

#[test]
fn stages_and_messages_agree_on_what_reaches_the_final_image() {
    let source = "FROM node:20 AS builder\nENV API_TOKEN=abc123def456\nRUN npm ci\nFROM node:20-slim\nCOPY --from=builder /app /app\nUSER node\nCMD [\"node\", \"/app/server.js\"]\n";
    let report = check(source, &Settings::default());
    let builder = &report.stages[0];
    assert!(builder.reaches_final && !builder.builds_final && !builder.is_final);
    assert!(report.stages[1].builds_final && report.stages[1].is_final);
    let secret = report.findings.iter().find(|f| f.rule == "PL401").unwrap();
    assert!(
        secret
            .message
            .en
            .contains("which the final image is not built on"),
        "{}",
        secret.message.en
    );
    assert!(!secret.message.en.contains("does not reach"));
}
