//! What a check returns: findings pinned to spans, the checklist, the
//! stages, and the errors that make the Dockerfile invalid. Plain types
//! and how people see them; the check itself is `pipeline.rs`.

use serde::{Deserialize, Serialize};

use crate::checklist::Checklist;
use crate::companion::ImageFacts;
use crate::fix::Fix;
use crate::model::Purpose;
use crate::rules::{self, Alias, Tool};
use crate::span::{Location, Span};
use crate::suppress::Scope;

/// Impact of a finding, rated by what an attacker or an outage gains from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// Most severe first.
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

    pub fn parse(text: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|severity| severity.as_str().eq_ignore_ascii_case(text))
    }

    pub fn label(self) -> Text {
        let (en, ja) = match self {
            Severity::Info => ("info", "情報"),
            Severity::Low => ("low", "低"),
            Severity::Medium => ("medium", "中"),
            Severity::High => ("high", "高"),
            Severity::Critical => ("critical", "重大"),
        };
        Text::new(en, ja)
    }
}

/// The languages the product speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ja];

    pub fn parse(text: &str) -> Option<Lang> {
        match text.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }
}

thread_local! {
    /// The one language the reports of the checks on this thread are
    /// written in, when the caller knows it (the CLI); `None` keeps every
    /// language (the page switches language without checking again).
    static WRITTEN_IN: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// Runs `work` (checks whose reports are written in `lang` only) with the
/// messages made in `lang` alone: the other language of every [`Text`]
/// built meanwhile through [`text!`](crate::text) stays empty.
pub fn written_in<T>(lang: Lang, work: impl FnOnce() -> T) -> T {
    /// Puts the caller's setting back, even when `work` unwinds.
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            WRITTEN_IN.set(self.0);
        }
    }
    let _restore = Restore(WRITTEN_IN.replace(Some(lang)));
    work()
}

/// `work` made to write its messages in the language of the calling thread
/// wherever it runs: a helper thread of the same check (see `threads.rs`).
pub(crate) fn in_callers_language<T>(work: impl FnOnce() -> T + Send) -> impl FnOnce() -> T + Send {
    let lang = WRITTEN_IN.get();
    move || match lang {
        Some(lang) => written_in(lang, work),
        None => work(),
    }
}

/// A [`Text`] whose two languages are formatted only when a report needs
/// them: `text!(format!("…{x}"), format!("…{x}"))`, the English first.
#[cfg(not(target_arch = "wasm32"))]
#[macro_export]
macro_rules! text {
    ($en:expr, $ja:expr $(,)?) => {
        $crate::report::Text::in_written_language(|| $en, || $ja)
    };
}

/// In WebAssembly (the page and its workers) every report keeps both
/// languages, as the page switches language without checking again: the
/// texts are made at once, without a closure per message (code size).
#[cfg(target_arch = "wasm32")]
#[macro_export]
macro_rules! text {
    ($en:expr, $ja:expr $(,)?) => {
        $crate::report::Text::new($en, $ja)
    };
}

/// A text a user reads, in every language the product speaks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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

    /// The text in the language reports are being written in (see
    /// [`written_in`]), the other left empty; in both when none is set.
    /// Built through [`text!`](crate::text): a check makes a message for
    /// every finding, and the CLI prints one language, so formatting the
    /// other would be half of that work and memory for nothing.
    pub fn in_written_language<E: Into<String>, J: Into<String>>(
        en: impl FnOnce() -> E,
        ja: impl FnOnce() -> J,
    ) -> Self {
        match WRITTEN_IN.get() {
            None => Self::new(en(), ja()),
            Some(Lang::En) => Self::new(en(), String::new()),
            Some(Lang::Ja) => Self::new(String::new(), ja()),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
        }
    }
}

/// Why a finding is not counted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppressed {
    pub reason: Option<String>,
    pub scope: Scope,
    /// The suppression comment.
    pub span: Span,
}

/// Another place one finding concerns: the second of six unpinned packages
/// in one RUN, another `sudo` of the same instruction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    /// The file of the place, when it is not the finding's own (a
    /// Dockerfile's `USER` behind a manifest's `runAsNonRoot`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub span: Span,
    pub location: Location,
    /// What is wrong there, when it differs from the finding's message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Text>,
}

/// One problem found by one rule: one per rule and instruction, pinned to
/// its first place (`span`) and carrying the others (`related`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's definition: docs, aliases, default severity.
    #[serde(skip)]
    pub definition: &'static rules::Rule,
    pub rule: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// What is wrong, ending with the other places (`also at 12:5`) when
    /// there are some.
    pub message: Text,
    pub span: Span,
    pub location: Location,
    /// The other places of the same instruction, in source order; empty for
    /// most findings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    /// Index of the build stage the finding belongs to.
    pub stage: Option<usize>,
    /// In a Compose file or manifest: the service or container the finding
    /// is about (`web`, `Deployment/api/app`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    pub fix: Option<Fix>,
    pub suppressed: Option<Suppressed>,
    /// Peer tools whose alias of the rule this finding does not answer; empty
    /// for most findings, which answer every alias.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_for: Vec<Tool>,
}

impl Finding {
    /// Every place the finding concerns in its own file: its span, then
    /// the related ones.
    pub fn spans(&self) -> impl Iterator<Item = Span> + '_ {
        std::iter::once(self.span).chain(self.local_related().map(|related| related.span))
    }

    /// The related places in the finding's own file.
    pub fn local_related(&self) -> impl Iterator<Item = &Related> + '_ {
        self.related.iter().filter(|related| related.file.is_none())
    }

    /// The peer ids this finding answers: the rule's aliases, less those of
    /// the tools it is narrowed away from.
    pub fn aliases(&self) -> impl Iterator<Item = &'static Alias> + '_ {
        self.definition
            .aliases
            .iter()
            .filter(|alias| self.answers(alias.tool))
    }

    /// Whether the finding answers the rule's aliases of `tool`.
    pub fn answers(&self, tool: Tool) -> bool {
        !self.not_for.contains(&tool)
    }
}

/// A syntax or semantic error in the Dockerfile itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorReport {
    pub message: String,
    pub span: Span,
    pub location: Location,
}

/// A build stage as the report shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StageSummary {
    pub index: usize,
    pub name: Option<String>,
    pub line: u32,
    /// The base as written.
    pub base: String,
    /// `scratch`, `stage`, `image` or `unresolved`.
    pub base_kind: &'static str,
    /// Files copied from it (`COPY --from`) or its layers reach the final image.
    pub reaches_final: bool,
    /// The final image is built on it (`FROM` this stage, directly or not):
    /// its layers, ENV and ARG values are part of the image.
    pub builds_final: bool,
    pub is_final: bool,
    /// What the stage's image is for (with its `FROM <stage>` chain).
    pub purpose: Purpose,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The version of the rule set that produced this report.
    pub version: &'static str,
    pub findings: Vec<Finding>,
    pub checklist: Checklist,
    pub stages: Vec<StageSummary>,
    pub errors: Vec<ErrorReport>,
    /// What the image says about how it runs (its user, ports, health
    /// check), for the Compose files and manifests that run it.
    #[serde(skip)]
    pub image: ImageFacts,
    /// What the project's scan reports found in the image, when it has
    /// some.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vulnerabilities: Option<crate::scan_evidence::VulnerabilitySummary>,
}

impl Report {
    /// Findings that count (not suppressed).
    pub fn active_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|finding| finding.suppressed.is_none())
    }

    /// The findings as people see them by default (the CLI's text format,
    /// the page), what matters first: info findings (style and hygiene
    /// advice) are folded away unless `show_info`, and a rule that fires in
    /// several instructions is shown once per severity, at its first
    /// finding, with the others counted under it (a high finding is never
    /// folded under a medium one). In source order. Machine formats (JSON,
    /// SARIF) keep every finding.
    pub fn shown(&self, show_info: bool) -> Vec<Shown> {
        self.grouped((0..self.findings.len()).filter(|&index| {
            let finding = &self.findings[index];
            finding.suppressed.is_none() && (show_info || finding.severity != Severity::Info)
        }))
    }

    /// Findings (indices into [`Report::findings`], in source order)
    /// grouped as [`Report::shown`] groups them: a rule's findings of one
    /// severity under its first one.
    pub fn grouped(&self, indices: impl IntoIterator<Item = usize>) -> Vec<Shown> {
        let mut shown: Vec<Shown> = Vec::new();
        for index in indices {
            let finding = &self.findings[index];
            // Searched, not hashed: a file has a few dozen groups at most,
            // and the page's wasm does without another map's code.
            let group = shown.iter_mut().find(|group| {
                let first = &self.findings[group.index];
                first.rule == finding.rule && first.severity == finding.severity
            });
            match group {
                Some(group) => group.repeats.push(index),
                None => shown.push(Shown {
                    index,
                    repeats: Vec::new(),
                }),
            }
        }
        shown
    }

    /// How many active info findings [`Report::shown`] folds away.
    pub fn folded_info(&self) -> usize {
        self.active_findings()
            .filter(|finding| finding.severity == Severity::Info)
            .count()
    }

    /// What a shown finding says about the same rule's other findings
    /// (`None` when it has none): `3 more in this file, at lines 12, 20 and 31`.
    pub fn repeats_note(&self, shown: &Shown) -> Option<Text> {
        const LISTED: usize = 8;
        let count = shown.repeats.len();
        if count == 0 {
            return None;
        }
        let lines: Vec<String> = shown
            .repeats
            .iter()
            .take(LISTED)
            .map(|&index| self.findings[index].location.start.line.to_string())
            .collect();
        let rest = count.saturating_sub(LISTED);
        let en_lines = match (lines.split_last(), rest) {
            (Some((last, [])), 0) => last.clone(),
            (Some((last, others)), 0) => format!("{} and {last}", others.join(", ")),
            _ => format!("{} …", lines.join(", ")),
        };
        let ja_lines = if rest == 0 {
            lines.join("、")
        } else {
            format!("{} …", lines.join("、"))
        };
        let line_word = if count == 1 { "line" } else { "lines" };
        Some(Text::new(
            format!("{count} more in this file, at {line_word} {en_lines}"),
            format!("このファイルのほか {count} か所（{ja_lines} 行目）にもあります"),
        ))
    }
}

/// A finding shown to people, with the same rule's other findings of the
/// file folded under it (see [`Report::shown`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    /// Index into [`Report::findings`] of the finding shown.
    pub index: usize,
    /// Indices of the same rule's other active findings of the same
    /// severity, in source order.
    pub repeats: Vec<usize>,
}

#[cfg(test)]
mod tests {
    use super::{written_in, Lang};
    use crate::{check, Settings};

    #[test]
    fn shown_folds_info_and_groups_a_rules_repeats() {
        let source = "FROM node:latest AS build\nRUN wget https://example.com/a\nFROM node:latest\nLABEL NAME=x\n";
        let report = check(source, &Settings::default());
        let shown = report.shown(false);
        let rules: Vec<&str> = shown
            .iter()
            .map(|shown| report.findings[shown.index].rule)
            .collect();
        assert_eq!(rules.iter().filter(|rule| **rule == "PL201").count(), 1);
        assert!(shown
            .iter()
            .all(|shown| report.findings[shown.index].severity > crate::Severity::Info));
        let latest = shown
            .iter()
            .find(|shown| report.findings[shown.index].rule == "PL201")
            .unwrap();
        assert_eq!(report.findings[latest.index].location.start.line, 1);
        assert_eq!(
            report.repeats_note(latest).unwrap().en,
            "1 more in this file, at line 3"
        );
        assert!(report.folded_info() >= 2, "PL926 and PL927 are info");
        let everything = report.shown(true);
        assert!(everything
            .iter()
            .any(|shown| report.findings[shown.index].rule == "PL927"));
    }

    #[test]
    fn a_report_written_in_one_language_makes_messages_in_it_alone() {
        let source = "FROM node:latest\nRUN apt-get install -y curl\n";
        let both = check(source, &Settings::default());
        let english = written_in(Lang::En, || check(source, &Settings::default()));
        let japanese = written_in(Lang::Ja, || check(source, &Settings::default()));
        assert!(!both.findings.is_empty());
        for ((both, english), japanese) in both
            .findings
            .iter()
            .zip(&english.findings)
            .zip(&japanese.findings)
        {
            assert_eq!(english.message.en, both.message.en);
            assert_eq!(japanese.message.ja, both.message.ja);
            assert!(!both.message.en.is_empty() && !both.message.ja.is_empty());
            assert!(english.message.ja.is_empty() && japanese.message.en.is_empty());
        }
        // A file large enough for two threads: the helper thread's rules too.
        let large =
            "FROM alpine:3.20\n".to_owned() + &"RUN apt-get install -y curl\n".repeat(2_500);
        let report = written_in(Lang::En, || check(&large, &Settings::default()));
        assert!(report.findings.len() > 2);
        assert!(report
            .findings
            .iter()
            .all(|finding| !finding.message.en.is_empty() && finding.message.ja.is_empty()));
        // Set back afterwards, also when the work unwinds.
        let unwound = std::panic::catch_unwind(|| written_in(Lang::En, || panic!("stop")));
        assert!(unwound.is_err());
        assert_eq!(check(source, &Settings::default()).findings, both.findings);
    }
}
