//! Helpers shared by the rule test files: one rule's findings on a source,
//! what they point at, their messages, and the source after their fixes.

use plimsoll_core::report::Finding;
use plimsoll_core::{check, fix, Settings};

/// The findings of one rule, with default settings.
pub fn findings(source: &str, code: &str) -> Vec<Finding> {
    check(source, &Settings::default())
        .findings
        .into_iter()
        .filter(|finding| finding.rule == code)
        .collect()
}

/// The text each finding of a rule points at.
pub fn spans(source: &str, code: &str) -> Vec<String> {
    findings(source, code)
        .iter()
        .map(|finding| source[finding.span.range()].to_string())
        .collect()
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

/// The English message of a rule's first finding (empty when it does not fire).
pub fn message(source: &str, code: &str) -> String {
    findings(source, code)
        .first()
        .map(|finding| finding.message.en.clone())
        .unwrap_or_default()
}
