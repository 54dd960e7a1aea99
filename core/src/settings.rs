//! What a user can change about a check.

use serde::{Deserialize, Serialize};

use crate::report::Severity;
use crate::rules::Rule;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Stage to judge as the final image (`--target`); the last stage when `None`.
    pub target: Option<String>,
    /// When not empty, only these rules (codes or names) run.
    pub select: Vec<String>,
    /// Rules (codes or names) that do not run.
    pub disabled: Vec<String>,
    /// Severity overrides per rule code or name.
    pub severity_overrides: Vec<(String, Severity)>,
    /// Registries base images may come from (`*.example.com` wildcards).
    /// Empty: no registry policy.
    pub trusted_registries: Vec<String>,
    /// Labels every final image must carry.
    pub required_labels: Vec<String>,
    /// Ignore suppression comments.
    pub strict: bool,
    /// The Dockerfile's path in its project (`tests/e2e/Dockerfile`), when
    /// known: a test or development directory or file name says what the
    /// image is for, as a stage name does.
    pub path: Option<String>,
    /// Today, as days since 1970-01-01 (the core has no clock): scan
    /// reports older than 30 days are stale. `None`: not judged.
    pub today: Option<i64>,
}

fn names(rule: &Rule, list: &[String]) -> bool {
    list.iter()
        .any(|entry| entry.eq_ignore_ascii_case(rule.code) || entry == rule.name)
}

impl Settings {
    pub fn is_enabled(&self, rule: &Rule) -> bool {
        let selected = if self.select.is_empty() {
            !crate::rules::OFF_BY_DEFAULT.contains(&rule.code)
        } else {
            names(rule, &self.select)
        };
        selected && !names(rule, &self.disabled)
    }

    pub fn severity(&self, rule: &Rule) -> Severity {
        self.severity_override(rule).unwrap_or(rule.severity)
    }

    /// The severity the user set for `rule`, if any.
    pub fn severity_override(&self, rule: &Rule) -> Option<Severity> {
        self.severity_overrides
            .iter()
            .rev()
            .find(|(entry, _)| entry.eq_ignore_ascii_case(rule.code) || entry == rule.name)
            .map(|(_, severity)| *severity)
    }
}
