//! Helpers shared by the rule test files: one rule's findings on a source,
//! where they are, what they point at, their messages, and the source after
//! their fixes. Only the rule asked about runs (also when it is off by
//! default), and only findings that count (not suppressed) are returned.

#![allow(dead_code)] // each test file uses its own subset

pub mod fixtures;

use plimsoll_core::report::{Finding, Severity};
use plimsoll_core::{check, fix, Report, Settings};

/// The findings of one rule with `settings` (its `select` is ignored: the
/// rule always runs).
pub fn findings_with(source: &str, code: &str, settings: &Settings) -> Vec<Finding> {
    let settings = Settings {
        select: vec![code.to_string()],
        ..settings.clone()
    };
    check(source, &settings)
        .findings
        .into_iter()
        .filter(|finding| finding.rule == code && finding.suppressed.is_none())
        .collect()
}

/// The findings of one rule.
pub fn findings(source: &str, code: &str) -> Vec<Finding> {
    findings_with(source, code, &Settings::default())
}

/// The lines (1-based) where each place a rule's findings concern starts
/// (a finding with several places counts each).
pub fn lines(source: &str, code: &str) -> Vec<u32> {
    places_lines(&findings(source, code))
}

/// The start line of every place of `findings`, in order.
pub fn places_lines(findings: &[Finding]) -> Vec<u32> {
    findings
        .iter()
        .flat_map(|finding| {
            std::iter::once(finding.location.start.line).chain(
                finding
                    .related
                    .iter()
                    .map(|related| related.location.start.line),
            )
        })
        .collect()
}

/// The text of every place a rule's findings point at.
pub fn spans(source: &str, code: &str) -> Vec<String> {
    findings(source, code)
        .iter()
        .flat_map(Finding::spans)
        .map(|span| source[span.range()].to_string())
        .collect()
}

/// What every place of a rule's findings points at, with the severity.
pub fn rated(source: &str, code: &str) -> Vec<(String, Severity)> {
    findings(source, code)
        .iter()
        .flat_map(|finding| {
            finding
                .spans()
                .map(|span| (source[span.range()].to_string(), finding.severity))
        })
        .collect()
}

/// The English messages of a rule's findings.
pub fn messages(source: &str, code: &str) -> Vec<String> {
    findings(source, code)
        .into_iter()
        .map(|finding| finding.message.en)
        .collect()
}

/// The English message of every place of a rule's findings: a related
/// place's own message, or its finding's.
pub fn place_messages(source: &str, code: &str) -> Vec<String> {
    findings(source, code)
        .into_iter()
        .flat_map(|finding| {
            let first = finding.message.en;
            let others: Vec<String> = finding
                .related
                .into_iter()
                .map(|related| {
                    related
                        .message
                        .map_or_else(|| first.clone(), |message| message.en)
                })
                .collect();
            std::iter::once(first).chain(others)
        })
        .collect()
}

/// The English message of a rule's first finding (empty when it does not fire).
pub fn message(source: &str, code: &str) -> String {
    messages(source, code)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// The source after applying every fix of one rule.
pub fn fixed(source: &str, code: &str) -> String {
    let found = findings(source, code);
    fix::apply(
        source,
        found.iter().filter_map(|finding| finding.fix.as_ref()),
    )
    .0
}

/// The errors `after` raises that `before` did not (by message: a fix may
/// move an error, not add one).
pub fn new_errors(before: &Report, after: &Report) -> Vec<String> {
    let mut old: Vec<&str> = before
        .errors
        .iter()
        .map(|error| error.message.as_str())
        .collect();
    let mut added = Vec::new();
    for error in &after.errors {
        match old.iter().position(|message| *message == error.message) {
            Some(index) => {
                old.swap_remove(index);
            }
            None => added.push(format!(
                "line {}: {}",
                error.location.start.line, error.message
            )),
        }
    }
    added
}

/// The lines (1-based) of a rule's findings that a suppression comment
/// covers (the rule runs as in [`findings`]).
pub fn suppressed_lines(source: &str, code: &str) -> Vec<u32> {
    let settings = Settings {
        select: vec![code.to_string()],
        ..Settings::default()
    };
    check(source, &settings)
        .findings
        .into_iter()
        .filter(|finding| finding.rule == code && finding.suppressed.is_some())
        .map(|finding| finding.location.start.line)
        .collect()
}
