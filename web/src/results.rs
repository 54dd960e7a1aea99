//! What the page shows for one check, as plain data: no signals, no DOM, so it
//! is tested natively with `cargo test`.

use std::time::Duration;

use plimsoll_core::{Report, Settings};

/// How long typing must pause before the text is checked again.
pub const RECHECK_DELAY: Duration = Duration::from_millis(150);

/// One finding, ready to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingRow {
    pub rule: String,
    pub severity: &'static str,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl FindingRow {
    /// The visible text of the row, for example `line 3: The base image …`.
    pub fn label(&self) -> String {
        format!("line {}: {}", self.line, self.message)
    }
}

/// One error in the Dockerfile itself (it could not be fully understood).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorRow {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl ErrorRow {
    pub fn label(&self) -> String {
        format!("line {}: {}", self.line, self.message)
    }
}

/// The result of checking the editor's text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckResults {
    /// Nothing to check yet (the editor is blank): say so instead of
    /// reporting the core's "empty Dockerfile" error at someone who has not typed.
    pub blank: bool,
    pub findings: Vec<FindingRow>,
    pub errors: Vec<ErrorRow>,
}

impl CheckResults {
    /// Runs the core with default settings on `text`.
    pub fn check(text: &str) -> Self {
        if text.trim().is_empty() {
            return Self {
                blank: true,
                ..Self::default()
            };
        }
        Self::from_report(&plimsoll_core::check(text, &Settings::default()))
    }

    /// Rows in reading order: by line, then column, then rule.
    pub fn from_report(report: &Report) -> Self {
        let mut findings: Vec<FindingRow> = report
            .active_findings()
            .map(|finding| FindingRow {
                rule: finding.rule.to_owned(),
                severity: finding.severity.as_str(),
                line: finding.location.start.line,
                column: finding.location.start.column,
                message: finding.message.en.clone(),
            })
            .collect();
        findings.sort_by(|a, b| (a.line, a.column, &a.rule).cmp(&(b.line, b.column, &b.rule)));
        let mut errors: Vec<ErrorRow> = report
            .errors
            .iter()
            .map(|error| ErrorRow {
                line: error.location.start.line,
                column: error.location.start.column,
                message: error.message.clone(),
            })
            .collect();
        errors.sort_by_key(|error| (error.line, error.column));
        Self {
            blank: false,
            findings,
            errors,
        }
    }

    /// One line summing the check up.
    pub fn summary(&self) -> String {
        if self.blank {
            return "Paste or type a Dockerfile to check it".to_owned();
        }
        let findings = plural(self.findings.len(), "finding", "findings");
        match self.errors.len() {
            0 => findings,
            n => format!("{findings}, {}", plural(n, "error", "errors")),
        }
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    match count {
        0 => format!("No {many}"),
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_text_is_not_checked() {
        for text in ["", "  \n\t\n"] {
            let results = CheckResults::check(text);
            assert!(results.blank);
            assert!(results.findings.is_empty() && results.errors.is_empty());
            assert_eq!(results.summary(), "Paste or type a Dockerfile to check it");
        }
    }

    #[test]
    fn latest_tag_is_reported_on_its_line() {
        let results = CheckResults::check("FROM alpine:3.20\n\nFROM node:latest\n");
        assert!(!results.blank);
        let row = results
            .findings
            .iter()
            .find(|row| row.rule == "PL201")
            .expect("a PL201 finding");
        assert_eq!((row.line, row.column), (3, 11));
        assert!(row.label().starts_with("line 3: "), "{}", row.label());
        assert!(!row.severity.is_empty());
    }

    #[test]
    fn findings_and_errors_are_in_reading_order() {
        let results = CheckResults::check("FORM alpine\nFROM python:latest\nFROM node:latest\n");
        let lines: Vec<u32> = results.findings.iter().map(|row| row.line).collect();
        assert_eq!(lines, [2, 3]);
        assert!(!results.errors.is_empty());
        assert!(results.errors.iter().all(|row| row.line == 1));
        assert!(results.errors[0].label().starts_with("line 1: "));
        assert!(
            results.summary().starts_with("2 findings, "),
            "{}",
            results.summary()
        );
    }

    #[test]
    fn suppressed_findings_are_not_listed() {
        let results = CheckResults::check("# plimsoll ignore=PL201\nFROM node:latest\n");
        assert!(results.findings.iter().all(|row| row.rule != "PL201"));
    }

    #[test]
    fn summary_counts() {
        let mut results = CheckResults::default();
        assert_eq!(results.summary(), "No findings");
        results.errors.push(ErrorRow {
            line: 1,
            column: 1,
            message: "x".into(),
        });
        assert_eq!(results.summary(), "No findings, 1 error");
    }
}
