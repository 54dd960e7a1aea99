//! What a check returns: findings pinned to spans, and parse errors.

use serde::Serialize;

use crate::settings::Settings;
use crate::span::{LineIndex, Location, Span};
use crate::syntax::Dockerfile;

/// Impact of a finding, rated by what an attacker or an outage gains from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// A text a user reads, in every language the product speaks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Text {
    pub en: String,
    pub ja: String,
}

impl Text {
    pub fn new(en: impl Into<String>, ja: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            ja: ja.into(),
        }
    }
}

/// One problem found by one rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: Text,
    pub span: Span,
    pub location: Location,
    /// Index of the build stage the finding belongs to.
    pub stage: Option<usize>,
}

/// A syntax or semantic error in the Dockerfile itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorReport {
    pub message: String,
    pub span: Span,
    pub location: Location,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub errors: Vec<ErrorReport>,
}

pub(crate) fn build(source: &str, dockerfile: &Dockerfile, _settings: &Settings) -> Report {
    let index = LineIndex::new(source);
    let errors = dockerfile
        .errors
        .iter()
        .map(|error| ErrorReport {
            message: error.message.clone(),
            span: error.span,
            location: index.location(source, error.span),
        })
        .collect();
    Report {
        findings: Vec::new(),
        errors,
    }
}
