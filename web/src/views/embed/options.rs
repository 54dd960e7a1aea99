//! The embed view's options, from the query string of `embed.html?embed&…`.

use plimsoll_core::rules::Rule;
use plimsoll_core::{Lang, Report};

use crate::query::query_pairs;

/// What the panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Show {
    Checklist,
    Findings,
    #[default]
    Both,
}

/// The embed view's options, from the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmbedOptions {
    pub readonly: bool,
    /// Height in CSS pixels: the loader sizes the iframe with it, and the
    /// view fills its iframe.
    pub height: Option<u32>,
    /// `light`, `dark` or `system`.
    pub theme: Option<&'static str>,
    pub lang: Option<Lang>,
    pub show: Show,
    /// Only these checklist items (ids); all when empty.
    pub items: Vec<String>,
    /// Only findings of these rules (codes, upper case); all when empty.
    pub rules: Vec<String>,
    /// Open the first finding of this rule.
    pub open: Option<String>,
    /// What the query asked for that the widget does not know, as written
    /// (`name` or `name=value`); the widget lists them.
    pub unknown: Vec<String>,
}

/// The query keys the embed view reads.
const OPTION_NAMES: [&str; 10] = [
    "embed", "readonly", "editable", "height", "theme", "lang", "show", "items", "rules", "open",
];

/// The code of the rule `entry` names (code, name or a peer's id).
fn rule_code(entry: &str) -> Option<String> {
    Rule::by_code(entry)
        .or_else(|| Rule::by_alias(entry).next())
        .map(|rule| rule.code.to_owned())
}

impl EmbedOptions {
    pub fn parse(search: &str) -> Self {
        let mut options = EmbedOptions::default();
        for (key, value) in query_pairs(search) {
            let mut understood = true;
            match key {
                "readonly" => options.readonly = value != "0" && value != "false",
                "editable" => options.readonly = value == "0" || value == "false",
                "height" => {
                    options.height = value.parse().ok().filter(|h| (80..=4000).contains(h));
                    understood = options.height.is_some();
                }
                "theme" => {
                    options.theme = ["light", "dark", "system"]
                        .into_iter()
                        .find(|theme| *theme == value);
                    understood = options.theme.is_some();
                }
                "lang" => {
                    options.lang = Lang::parse(&value);
                    understood = options.lang.is_some();
                }
                "show" => {
                    options.show = match value.as_str() {
                        "checklist" => Show::Checklist,
                        "findings" => Show::Findings,
                        "both" | "" => Show::Both,
                        _ => {
                            understood = false;
                            Show::Both
                        }
                    }
                }
                "items" => {
                    for entry in list(&value) {
                        if plimsoll_core::checklist::ids().any(|id| id == entry) {
                            options.items.push(entry);
                        } else {
                            options.unknown.push(format!("items={entry}"));
                        }
                    }
                }
                "rules" | "open" => {
                    for entry in list(&value) {
                        match rule_code(&entry) {
                            Some(code) if key == "rules" => options.rules.push(code),
                            Some(code) => options.open = options.open.take().or(Some(code)),
                            None => options.unknown.push(format!("{key}={entry}")),
                        }
                    }
                }
                _ => understood = OPTION_NAMES.contains(&key),
            }
            if !understood {
                options.unknown.push(if value.is_empty() {
                    key.to_owned()
                } else {
                    format!("{key}={value}")
                });
            }
        }
        options
    }

    pub fn shows_item(&self, id: &str) -> bool {
        self.items.is_empty() || self.items.iter().any(|item| item == id)
    }

    pub fn shows_rule(&self, code: &str) -> bool {
        self.rules.is_empty() || self.rules.iter().any(|rule| rule == code)
    }

    /// The score of what the widget shows: the items asked for, or the
    /// whole checklist; none without a verdict.
    pub fn score(&self, report: &Report) -> Option<u32> {
        let checklist = &report.checklist;
        if self.items.is_empty() || checklist.no_verdict.is_some() {
            return checklist.score;
        }
        let shown = checklist
            .items
            .iter()
            .filter(|item| self.shows_item(item.id))
            .map(|item| item.status);
        Some(plimsoll_core::checklist::Counts::of(shown).score())
    }
}

/// Comma-separated, trimmed, non-empty, at most 64 entries of 40 bytes.
fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .take(64)
        .map(|entry| entry.chars().take(40).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use plimsoll_core::Settings;

    #[test]
    fn options_parse_with_defaults() {
        assert_eq!(EmbedOptions::parse("?embed"), EmbedOptions::default());
        let options = EmbedOptions::parse(
            "?embed&readonly&height=320&theme=dark&lang=ja&show=checklist\
             &items=runs-as-non-root,%20healthcheck&rules=pl101,PL503&open=pl101",
        );
        assert!(options.readonly);
        assert_eq!(options.height, Some(320));
        assert_eq!(options.theme, Some("dark"));
        assert_eq!(options.lang, Some(Lang::Ja));
        assert_eq!(options.show, Show::Checklist);
        assert_eq!(options.items, ["runs-as-non-root", "healthcheck"]);
        assert_eq!(options.rules, ["PL101", "PL503"]);
        assert_eq!(options.open.as_deref(), Some("PL101"));
    }

    #[test]
    fn odd_options_are_ignored() {
        let options = EmbedOptions::parse(
            "?embed&height=99999&theme=%3Cscript%3E&lang=fr&show=x&rules=%3Cb%3E,PL1&readonly=0",
        );
        assert_eq!(options.height, None);
        assert_eq!(options.theme, None);
        assert_eq!(options.lang, None);
        assert_eq!(options.show, Show::Both);
        assert!(options.rules.is_empty());
        assert!(!options.readonly);
        assert_eq!(
            options.unknown,
            [
                "height=99999",
                "theme=<script>",
                "lang=fr",
                "show=x",
                "rules=<b>",
                "rules=PL1"
            ]
        );
    }

    #[test]
    fn unknown_options_items_and_rules_are_reported_and_names_resolve() {
        let options = EmbedOptions::parse(
            "?embed&colour=red&items=healthcheck,no-such-item&rules=missing-user,DL3007,PL9999&open=PL9",
        );
        assert_eq!(options.items, ["healthcheck"]);
        assert_eq!(options.rules, ["PL101", "PL201"]);
        assert_eq!(options.open, None);
        assert_eq!(
            options.unknown,
            [
                "colour=red",
                "items=no-such-item",
                "rules=PL9999",
                "open=PL9"
            ]
        );
        assert!(EmbedOptions::parse("?embed&readonly&show=both")
            .unknown
            .is_empty());
    }

    #[test]
    fn a_filtered_widget_scores_the_items_it_shows() {
        let report = plimsoll_core::check("FROM node:latest\nEXPOSE 22\n", &Settings::default());
        let all = EmbedOptions::default();
        assert_eq!(all.score(&report), report.checklist.score);
        let one = EmbedOptions::parse("?items=runs-as-non-root");
        assert_eq!(one.score(&report), Some(0));
        assert_eq!(
            super::super::messages::ResultMessage::new(
                &super::super::checked::Checked::alone("Dockerfile", report.clone()),
                &one,
                Lang::En
            )
            .score,
            Some(0)
        );
        let nothing = plimsoll_core::check("hello\n", &Settings::default());
        assert_eq!(one.score(&nothing), None);
    }
}
