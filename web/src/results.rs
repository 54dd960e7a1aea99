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
    pub findings: Vec<FindingRow>,
    pub errors: Vec<ErrorRow>,
}

impl CheckResults {
    /// Runs the core with default settings on `text`.
    pub fn check(text: &str) -> Self {
        Self::from_report(&plimsoll_core::check(text, &Settings::default()))
    }

    /// Rows in reading order: by line, then column, then rule.
    pub fn from_report(report: &Report) -> Self {
        let mut findings: Vec<FindingRow> = report
            .findings
            .iter()
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
        Self { findings, errors }
    }

    /// One line summing the check up.
    pub fn summary(&self) -> String {
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
    use plimsoll_core::report::ErrorReport;
    use plimsoll_core::{Finding, Location, Position, Severity, Span, Text};

    use super::*;

    fn location(line: u32, column: u32) -> Location {
        let position = Position {
            line,
            column,
            utf16_offset: 0,
        };
        Location {
            start: position,
            end: position,
        }
    }

    fn finding(rule: &'static str, line: u32, column: u32) -> Finding {
        Finding {
            rule,
            name: "test-rule",
            severity: Severity::High,
            message: Text::new(format!("message of {rule}"), "メッセージ"),
            span: Span::default(),
            location: location(line, column),
            stage: None,
        }
    }

    #[test]
    fn empty_text_has_no_results() {
        let results = CheckResults::check("");
        assert!(results.findings.is_empty());
        assert_eq!(results.summary(), "No findings");
    }

    #[test]
    fn findings_are_sorted_and_carry_what_the_page_shows() {
        let report = Report {
            findings: vec![
                finding("PL300", 7, 1),
                finding("PL201", 3, 6),
                finding("PL100", 3, 6),
            ],
            errors: Vec::new(),
        };
        let results = CheckResults::from_report(&report);
        let order: Vec<_> = results
            .findings
            .iter()
            .map(|row| (row.line, row.rule.as_str()))
            .collect();
        assert_eq!(order, [(3, "PL100"), (3, "PL201"), (7, "PL300")]);
        let row = &results.findings[1];
        assert_eq!(row.severity, "high");
        assert_eq!(row.column, 6);
        assert_eq!(row.label(), "line 3: message of PL201");
        assert_eq!(results.summary(), "3 findings");
    }

    #[test]
    fn errors_are_listed_with_their_line() {
        let report = Report {
            findings: vec![finding("PL201", 1, 1)],
            errors: vec![ErrorReport {
                message: "unterminated heredoc".to_owned(),
                span: Span::default(),
                location: location(4, 2),
            }],
        };
        let results = CheckResults::from_report(&report);
        assert_eq!(results.errors[0].label(), "line 4: unterminated heredoc");
        assert_eq!(results.summary(), "1 finding, 1 error");
    }

    #[test]
    fn markup_in_messages_stays_text() {
        // Rendering is Leptos's job (it creates text nodes); the model must not
        // escape or interpret anything either, so the text arrives unchanged.
        let mut bad = finding("PL201", 1, 1);
        bad.message.en = "<img src=x onerror=alert(1)>".to_owned();
        let results = CheckResults::from_report(&Report {
            findings: vec![bad],
            errors: Vec::new(),
        });
        assert_eq!(
            results.findings[0].label(),
            "line 1: <img src=x onerror=alert(1)>"
        );
    }
}
