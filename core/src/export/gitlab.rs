//! GitLab Code Quality (a subset of Code Climate's issue format): a JSON
//! array of issues that GitLab shows in merge requests and pipelines, when a
//! job publishes it as `artifacts: reports: codequality`. Each issue has a
//! description, the rule as `check_name`, a fingerprint stable across
//! unrelated edits (GitLab compares the branch's issues with the target's by
//! it), a severity and the file with its first line.
//!
//! Suppressed findings are left out: the format has no way to show them.
//! Dockerfile errors are in, as blockers: they fail the build too.

use std::collections::BTreeMap;

use serde::Serialize;

use super::FileReport;
use crate::report::{Lang, Severity};
use crate::span::{LineIndex, Location};

/// One Code Quality issue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// Always `issue` (Code Climate's type; GitLab accepts only issues).
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub check_name: String,
    pub description: String,
    pub categories: [&'static str; 1],
    pub severity: &'static str,
    pub fingerprint: String,
    pub location: IssueLocation,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IssueLocation {
    pub path: String,
    pub lines: Lines,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Lines {
    pub begin: u32,
    pub end: u32,
}

/// GitLab's five severities, in the same order as ours.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "blocker",
        Severity::High => "critical",
        Severity::Medium => "major",
        Severity::Low => "minor",
        Severity::Info => "info",
    }
}

/// `check_name` of a Dockerfile error, which has no rule.
pub const ERROR_CHECK: &str = "dockerfile-error";

fn location(path: &str, location: &Location) -> IssueLocation {
    IssueLocation {
        path: path.to_owned(),
        lines: Lines {
            begin: location.start.line,
            end: location.end.line.max(location.start.line),
        },
    }
}

/// Unique in the report (the path, the rule and the finding's place in
/// its file) and stable when other lines move.
fn unique(path: &str, check: &str, local: &str) -> String {
    format!(
        "{:016x}",
        super::fnv1a(format!("{path}\0{check}\0{local}").as_bytes())
    )
}

/// The issues of every file, in file order and then source order.
pub fn issues(files: &[FileReport], lang: Lang) -> Vec<Issue> {
    let mut issues = Vec::new();
    for file in files {
        let path = if file.path == "-" { "stdin" } else { file.path };
        for (number, error) in file.report.errors.iter().enumerate() {
            issues.push(Issue {
                kind: "issue",
                check_name: ERROR_CHECK.to_owned(),
                description: error.message.clone(),
                categories: ["Bug Risk"],
                severity: "blocker",
                fingerprint: unique(path, ERROR_CHECK, &number.to_string()),
                location: location(path, &error.location),
            });
        }
        let index = LineIndex::new(file.source);
        let mut seen = BTreeMap::new();
        for finding in file.report.active_findings() {
            let local = super::fingerprint(finding, file.source, &index, &mut seen);
            issues.push(Issue {
                kind: "issue",
                check_name: finding.rule.to_owned(),
                description: format!("{}: {}", finding.rule, finding.message.get(lang)),
                categories: ["Security"],
                severity: severity(finding.severity),
                fingerprint: unique(path, finding.rule, &local),
                location: location(path, &finding.location),
            });
        }
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check, Settings};

    fn report_of(path: &str, text: &str) -> Vec<serde_json::Value> {
        let report = check(text, &Settings::default());
        let files = [FileReport {
            path,
            source: text,
            report: &report,
        }];
        issues(&files, Lang::En)
            .iter()
            .map(|issue| serde_json::to_value(issue).unwrap())
            .collect()
    }

    /// GitLab's documented fields, with their types and allowed values.
    fn assert_gitlab_shape(issue: &serde_json::Value) {
        assert!(issue["description"]
            .as_str()
            .is_some_and(|text| !text.is_empty()));
        assert!(issue["check_name"]
            .as_str()
            .is_some_and(|text| !text.is_empty()));
        assert!(issue["fingerprint"]
            .as_str()
            .is_some_and(|text| !text.is_empty()));
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap()),
            "{issue}"
        );
        assert!(issue["location"]["path"].as_str().is_some(), "{issue}");
        let begin = issue["location"]["lines"]["begin"].as_u64().unwrap();
        assert!(begin >= 1, "{issue}");
        assert!(issue["location"]["lines"]["end"].as_u64().unwrap() >= begin);
        assert_eq!(issue["type"], "issue");
    }

    #[test]
    fn findings_become_issues_with_gitlab_fields() {
        let text = "FROM node:latest\nRUN apt-get update\n";
        let issues = report_of("app/Dockerfile", text);
        assert!(!issues.is_empty());
        for issue in &issues {
            assert_gitlab_shape(issue);
            assert_eq!(issue["location"]["path"], "app/Dockerfile");
        }
        let latest = issues
            .iter()
            .find(|issue| issue["check_name"] == "PL201")
            .expect("PL201");
        assert_eq!(latest["severity"], "major", "medium");
        assert_eq!(latest["location"]["lines"]["begin"], 1);
        assert!(latest["description"]
            .as_str()
            .unwrap()
            .starts_with("PL201: `node:latest`"));
        // Each finding's severity, on GitLab's scale in the same order.
        let report = check(text, &Settings::default());
        for (finding, issue) in report.active_findings().zip(&issues) {
            assert_eq!(issue["check_name"], finding.rule);
            assert_eq!(issue["severity"], severity(finding.severity));
        }
        let scale: Vec<&str> = [
            Severity::Info,
            Severity::Low,
            Severity::Medium,
            Severity::High,
            Severity::Critical,
        ]
        .into_iter()
        .map(severity)
        .collect();
        assert_eq!(scale, ["info", "minor", "major", "critical", "blocker"]);
    }

    #[test]
    fn fingerprints_are_unique_and_survive_moved_lines() {
        let text = "FROM node:latest\nFROM python:latest\nFROM node:latest\n";
        let before = report_of("Dockerfile", text);
        let mut prints: Vec<&str> = before
            .iter()
            .map(|issue| issue["fingerprint"].as_str().unwrap())
            .collect();
        let count = prints.len();
        prints.sort_unstable();
        prints.dedup();
        assert_eq!(prints.len(), count, "unique: {before:#?}");

        let moved = report_of("Dockerfile", &format!("# a comment\n\n{text}"));
        let print_of = |issues: &[serde_json::Value], rule: &str, line: u64| {
            issues
                .iter()
                .find(|issue| {
                    issue["check_name"] == rule && issue["location"]["lines"]["begin"] == line
                })
                .map(|issue| issue["fingerprint"].clone())
                .unwrap()
        };
        assert_eq!(print_of(&before, "PL201", 2), print_of(&moved, "PL201", 4));
        // Another file, another fingerprint.
        let other = report_of("other/Dockerfile", text);
        assert_ne!(print_of(&before, "PL201", 1), print_of(&other, "PL201", 1));
    }

    #[test]
    fn errors_are_blockers_and_suppressed_findings_are_left_out() {
        let issues = report_of("-", "FORM alpine\n");
        let error = issues
            .iter()
            .find(|issue| issue["check_name"] == ERROR_CHECK)
            .expect("the error");
        assert_gitlab_shape(error);
        assert_eq!(error["severity"], "blocker");
        assert_eq!(error["location"]["path"], "stdin");

        let suppressed = report_of(
            "Dockerfile",
            "# plimsoll ignore=PL201 -- pinned by the release job\nFROM node:latest\n",
        );
        assert!(suppressed
            .iter()
            .all(|issue| issue["check_name"] != "PL201"));
    }
}
