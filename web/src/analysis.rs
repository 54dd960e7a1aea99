//! What the page shows for one check, as plain data: no signals, no DOM, so
//! it is tested natively with `cargo test`.

use std::collections::HashMap;
use std::time::Duration;

use plimsoll_core::fix::Fix;
use plimsoll_core::project::{CheckedFile, FileKind};
use plimsoll_core::{Lang, Report, Settings, Severity, Span, Text};

use crate::project::Companions;

/// How long typing must pause before the text is checked again. With the
/// check in a worker, texts up to 1,000 lines are checked as typed (the
/// worker takes the newest text whenever it is free); longer ones wait
/// longer, as drawing their result takes a while. On the page itself,
/// every check holds up typing, so at least 120 ms.
pub fn recheck_delay(lines: usize, off_the_page: bool) -> Duration {
    let extra = (lines.saturating_sub(1000) as u64 / 10).min(1880);
    Duration::from_millis(if off_the_page { extra } else { 120 + extra })
}

/// Identifies a finding across edits: its rule and which occurrence of that
/// rule it is, so an open card stays open while the text above it changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FindingKey {
    pub rule: &'static str,
    pub occurrence: usize,
}

/// One active finding, ready to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingView {
    pub key: FindingKey,
    /// Index into the report's findings (what checklist items refer to).
    pub index: usize,
    pub rule: &'static str,
    pub severity: Severity,
    pub message: Text,
    pub line: u32,
    pub column: u32,
    /// UTF-16 offsets into the text, for `setSelectionRange`.
    pub start: u32,
    pub end: u32,
    /// Byte span into the text.
    pub span: Span,
    /// Every place the finding concerns (`span` first), all underlined.
    pub spans: Vec<Span>,
    pub stage: Option<usize>,
    pub fix: Option<Fix>,
}

/// The order of the findings list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FindingOrder {
    /// As they appear in the file.
    #[default]
    Line,
    /// Most severe first, then by line.
    Severity,
}

impl FindingOrder {
    pub const ALL: [FindingOrder; 2] = [FindingOrder::Line, FindingOrder::Severity];

    pub fn code(self) -> &'static str {
        match self {
            FindingOrder::Line => "line",
            FindingOrder::Severity => "severity",
        }
    }

    pub fn parse(code: &str) -> Option<FindingOrder> {
        FindingOrder::ALL
            .into_iter()
            .find(|order| order.code() == code)
    }
}

/// A row of the findings list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedRow {
    pub key: FindingKey,
    /// On a rule's first finding: the same rule's other findings of the
    /// same severity, folded under it.
    pub repeats: Option<Repeats>,
    /// On one of those others, listed because its group is unfolded: the
    /// group's first finding.
    pub under: Option<FindingKey>,
}

/// A rule's other findings of one severity, under its first finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repeats {
    pub count: usize,
    /// Where they are: `3 more in this file, at lines 12, 20 and 31`.
    pub note: Text,
    /// Listed under the first finding.
    pub open: bool,
}

/// A finding a suppression comment silences, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoredView {
    pub rule: &'static str,
    pub line: u32,
    pub message: Text,
    pub reason: Option<String>,
}

/// One error in the Dockerfile itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorView {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Larger texts are not checked on the page: checking and drawing them
/// would hold the page for many seconds (the CLI checks any size).
pub const MAX_CHECKED_BYTES: usize = 4_000_000;

/// The result of checking the editor's text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Nothing to check yet (the editor is blank).
    pub blank: bool,
    /// Not checked: the text's size in bytes is over [`MAX_CHECKED_BYTES`].
    pub too_large: Option<usize>,
    pub report: Report,
    /// Active findings in reading order.
    pub findings: Vec<FindingView>,
    /// Where each key is in `findings` (rows look themselves up on every check).
    positions: HashMap<FindingKey, usize>,
    /// Where each report index is in `findings`.
    by_report_index: HashMap<usize, usize>,
    pub errors: Vec<ErrorView>,
    /// Findings silenced by a suppression comment, in reading order.
    pub ignored: Vec<IgnoredView>,
    /// The target stage setting, when no stage has that name.
    pub unknown_target: Option<String>,
    /// The files around the Dockerfile, checked with it.
    pub companions: Vec<CompanionAnalysis>,
}

/// A file beside the Dockerfile, as it was checked: its findings and
/// errors in an analysis of its own (without a checklist: it decides the
/// Dockerfile's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanionAnalysis {
    pub path: String,
    /// What the project check read it as (which parses it: the page only
    /// guesses from the name and lines); what it was added as when the
    /// check read nothing in it (a scan report not pasted yet).
    pub kind: FileKind,
    /// The text checked.
    pub text: String,
    pub analysis: Analysis,
}

impl Analysis {
    pub fn check(text: &str, settings: &Settings) -> Self {
        if text.trim().is_empty() {
            return Self {
                blank: true,
                ..Self::default()
            };
        }
        if text.len() > MAX_CHECKED_BYTES {
            return Self {
                too_large: Some(text.len()),
                ..Self::default()
            };
        }
        Self::from_report(plimsoll_core::check(text, settings), settings)
    }

    /// The analysis of a checked project whose first file is the
    /// Dockerfile and the others `companions`, in order; their errors in
    /// `lang`.
    pub fn from_project(
        checked: Vec<CheckedFile>,
        companions: &Companions,
        settings: &Settings,
        lang: Lang,
    ) -> Self {
        let mut files = checked.into_iter();
        let Some(dockerfile) = files.next() else {
            return Self::default();
        };
        let mut analysis = Self::from_report(dockerfile.into_report(lang), settings);
        analysis.companions = files
            .zip(&companions.files)
            .map(|(file, companion)| CompanionAnalysis {
                path: file.path.clone(),
                kind: match file.kind {
                    FileKind::Other => companion.kind,
                    kind => kind,
                },
                text: companion.text.clone(),
                analysis: Self::from_report(file.into_report(lang), settings),
            })
            .collect();
        analysis
    }

    /// The file at `path` beside the Dockerfile, as checked.
    pub fn companion(&self, path: &str) -> Option<&CompanionAnalysis> {
        self.companions.iter().find(|file| file.path == path)
    }

    /// The analysis of a report checked with `settings`.
    pub fn from_report(report: Report, settings: &Settings) -> Self {
        let mut active: Vec<(usize, &plimsoll_core::Finding)> = report
            .findings
            .iter()
            .enumerate()
            .filter(|(_, finding)| finding.suppressed.is_none())
            .collect();
        plimsoll_core::order::sort_by_key(&mut active, |(_, finding)| {
            (finding.span.start, finding.span.end, finding.rule)
        });
        let mut seen: Vec<(&'static str, usize)> = Vec::new();
        let findings: Vec<FindingView> = active
            .into_iter()
            .map(|(index, finding)| {
                let occurrence = match seen.iter_mut().find(|(rule, _)| *rule == finding.rule) {
                    Some((_, count)) => {
                        *count += 1;
                        *count
                    }
                    None => {
                        seen.push((finding.rule, 0));
                        0
                    }
                };
                FindingView {
                    key: FindingKey {
                        rule: finding.rule,
                        occurrence,
                    },
                    index,
                    rule: finding.rule,
                    severity: finding.severity,
                    message: finding.message.clone(),
                    line: finding.location.start.line,
                    column: finding.location.start.column,
                    start: finding.location.start.utf16_offset,
                    end: finding.location.end.utf16_offset,
                    span: finding.span,
                    spans: finding.spans().collect(),
                    stage: finding.stage,
                    fix: finding.fix.clone(),
                }
            })
            .collect();
        let mut errors: Vec<ErrorView> = report
            .errors
            .iter()
            .map(|error| ErrorView {
                line: error.location.start.line,
                column: error.location.start.column,
                message: error.message.clone(),
            })
            .collect();
        plimsoll_core::order::sort_by_key(&mut errors, |error| (error.line, error.column));
        // A target no stage is named is the setting's error, not the file's.
        let unknown_target = settings.target.clone().filter(|target| {
            let message = plimsoll_core::model::unknown_target_error(target);
            let before = errors.len();
            errors.retain(|error| error.message != message);
            errors.len() < before
        });
        let mut ignored: Vec<IgnoredView> = report
            .findings
            .iter()
            .filter_map(|finding| {
                let suppressed = finding.suppressed.as_ref()?;
                Some(IgnoredView {
                    rule: finding.rule,
                    line: finding.location.start.line,
                    message: finding.message.clone(),
                    reason: suppressed.reason.clone(),
                })
            })
            .collect();
        plimsoll_core::order::sort_by_key(&mut ignored, |ignored| (ignored.line, ignored.rule));
        let positions = findings
            .iter()
            .enumerate()
            .map(|(at, f)| (f.key, at))
            .collect();
        let by_report_index = findings
            .iter()
            .enumerate()
            .map(|(at, f)| (f.index, at))
            .collect();
        Self {
            blank: false,
            too_large: None,
            report,
            findings,
            positions,
            by_report_index,
            errors,
            ignored,
            unknown_target,
            companions: Vec::new(),
        }
    }

    pub fn finding(&self, key: FindingKey) -> Option<&FindingView> {
        self.findings.get(*self.positions.get(&key)?)
    }

    /// The finding at `index` of the report, if it is active.
    pub fn by_index(&self, index: usize) -> Option<&FindingView> {
        self.findings.get(*self.by_report_index.get(&index)?)
    }

    /// The finding after (or before) the caret, wrapping around.
    pub fn next_from(&self, caret: u32, forward: bool) -> Option<&FindingView> {
        if forward {
            let mut after = self.findings.iter().filter(|f| f.start > caret);
            after.next().or_else(|| self.findings.first())
        } else {
            let before = self.findings.iter().rev().find(|f| f.start < caret);
            before.or_else(|| self.findings.last())
        }
    }

    /// The most severe finding whose span touches the caret.
    pub fn at(&self, caret: u32) -> Option<&FindingView> {
        self.findings
            .iter()
            .filter(|f| f.start <= caret && caret <= f.end.max(f.start + 1))
            .max_by_key(|f| f.severity)
    }

    /// How many active findings each severity has, most severe first,
    /// severities without findings left out.
    pub fn severity_counts(&self) -> Vec<(Severity, usize)> {
        Severity::ALL
            .into_iter()
            .map(|severity| {
                let count = self
                    .findings
                    .iter()
                    .filter(|f| f.severity == severity)
                    .count();
                (severity, count)
            })
            .filter(|(_, count)| *count > 0)
            .collect()
    }

    /// The rows of the findings list, of one severity or all, in `order`:
    /// as the CLI's text shows them ([`Report::shown`]), info findings
    /// folded away unless `show_info` (or info is the severity asked for),
    /// and a rule's other findings of the same severity folded under its
    /// first one, listed under it when its key is in `unfolded`.
    pub fn listed(
        &self,
        order: FindingOrder,
        only: Option<Severity>,
        show_info: bool,
        unfolded: &[FindingKey],
    ) -> Vec<ListedRow> {
        let shown = self.report.shown(show_info || only == Some(Severity::Info));
        let mut groups: Vec<(&FindingView, &plimsoll_core::report::Shown)> = shown
            .iter()
            .filter_map(|group| Some((self.by_index(group.index)?, group)))
            .filter(|(first, _)| only.is_none_or(|severity| first.severity == severity))
            .collect();
        plimsoll_core::order::sort_by_key(&mut groups, |(first, _)| self.positions[&first.key]);
        if order == FindingOrder::Severity {
            // Stable: findings of one severity stay in reading order.
            plimsoll_core::order::sort_by_key(&mut groups, |(first, _)| {
                std::cmp::Reverse(first.severity)
            });
        }
        let mut rows = Vec::new();
        for (first, group) in groups {
            // `shown` holds active findings only, each one a row's.
            let open = !group.repeats.is_empty() && unfolded.contains(&first.key);
            rows.push(ListedRow {
                key: first.key,
                repeats: self.report.repeats_note(group).map(|note| Repeats {
                    count: group.repeats.len(),
                    note,
                    open,
                }),
                under: None,
            });
            if open {
                let repeats = group
                    .repeats
                    .iter()
                    .filter_map(|&index| self.by_index(index));
                rows.extend(repeats.map(|repeat| ListedRow {
                    key: repeat.key,
                    repeats: None,
                    under: Some(first.key),
                }));
            }
        }
        rows
    }

    /// The text after applying every safe fix, round after round as
    /// `plimsoll fix` does, and how many were applied.
    pub fn fixed_text(source: &str, settings: &Settings) -> (String, usize) {
        crate::editing::apply_safe_fixes(source, |text| {
            Analysis::check(text, settings)
                .safe_fixes()
                .cloned()
                .collect()
        })
    }

    /// The safe fixes, in reading order.
    pub fn safe_fixes(&self) -> impl Iterator<Item = &Fix> {
        self.findings
            .iter()
            .filter_map(|finding| finding.fix.as_ref())
            .filter(|fix| fix.safety == plimsoll_core::fix::Safety::Safe && fix.is_applicable())
    }

    /// The name (or number) of a stage, for "stage build" labels.
    pub fn stage_label(&self, index: usize) -> String {
        self.report
            .stages
            .get(index)
            .and_then(|stage| stage.name.clone())
            .unwrap_or_else(|| index.to_string())
    }
}

/// Splits a message at its backticks: `(is_code, text)` parts, so `code`
/// can be shown as code while everything stays a text node.
pub fn inline_code(text: &str) -> Vec<(bool, &str)> {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len() % 2 == 0 {
        // An unpaired backtick: show the text as written.
        return vec![(false, text)];
    }
    parts
        .into_iter()
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(index, part)| (index % 2 == 1, part))
        .collect()
}

/// A message where Markdown cannot go (tooltips, titles): the backticks
/// around `code` dropped, everything else as written.
pub fn plain_text(text: &str) -> String {
    inline_code(text)
        .into_iter()
        .map(|(_, part)| part)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Analysis {
        Analysis::check(text, &Settings::default())
    }

    #[test]
    fn long_texts_wait_longer_before_a_check() {
        assert_eq!(recheck_delay(300, false), Duration::from_millis(120));
        assert_eq!(recheck_delay(6000, false), Duration::from_millis(620));
        assert_eq!(recheck_delay(1_000_000, false), Duration::from_millis(2000));
        assert_eq!(recheck_delay(300, true), Duration::ZERO);
        assert_eq!(recheck_delay(6000, true), Duration::from_millis(500));
    }

    #[test]
    fn backticks_become_code_parts() {
        assert_eq!(
            inline_code("pin `node:20` as `x`."),
            [
                (false, "pin "),
                (true, "node:20"),
                (false, " as "),
                (true, "x"),
                (false, ".")
            ]
        );
        assert_eq!(inline_code("a ` b"), [(false, "a ` b")]);
        assert_eq!(inline_code(""), []);
    }

    #[test]
    fn plain_text_drops_the_backticks_of_code_only() {
        assert_eq!(plain_text("pin `node:20` as `x`."), "pin node:20 as x.");
        assert_eq!(plain_text("a ` b"), "a ` b");
    }

    #[test]
    fn findings_listed_by_severity_with_counts() {
        let analysis = check(
            "FROM node:latest\nENV API_TOKEN=abc123def456ghi\nRUN curl https://a.example/x.sh | sh\n",
        );
        let counts = analysis.severity_counts();
        assert!(counts.windows(2).all(|w| w[0].0 > w[1].0), "{counts:?}");
        assert_eq!(
            counts.iter().map(|(_, n)| n).sum::<usize>(),
            analysis.findings.len()
        );
        let rows = |order, only| {
            analysis
                .listed(order, only, true, &[])
                .into_iter()
                .map(|row| analysis.finding(row.key).unwrap())
                .collect::<Vec<_>>()
        };
        let by_line = rows(FindingOrder::Line, None);
        assert!(by_line
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start));
        let by_severity = rows(FindingOrder::Severity, None);
        assert_eq!(by_severity.len(), analysis.findings.len());
        assert!(by_severity.windows(2).all(|w| w[0].severity > w[1].severity
            || (w[0].severity == w[1].severity && w[0].span.start <= w[1].span.start)));
        let (most, count) = counts[0];
        let only = rows(FindingOrder::Line, Some(most));
        assert_eq!(only.len(), count);
        assert!(only.iter().all(|f| f.severity == most));
        assert_eq!(
            FindingOrder::parse("severity"),
            Some(FindingOrder::Severity)
        );
    }

    #[test]
    fn info_findings_are_folded_away_unless_shown_or_asked_for() {
        // PL924 (info): two one-command RUNs in a row could be one.
        let analysis = check("FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN mkdir /app\n");
        let info = analysis.report.folded_info();
        assert!(info > 0, "{:?}", analysis.findings);
        let severities = |show_info, only| {
            analysis
                .listed(FindingOrder::Line, only, show_info, &[])
                .iter()
                .map(|row| analysis.finding(row.key).unwrap().severity)
                .collect::<Vec<_>>()
        };
        assert!(!severities(false, None).contains(&Severity::Info));
        assert!(severities(true, None).contains(&Severity::Info));
        let only_info = severities(false, Some(Severity::Info));
        assert!(!only_info.is_empty() && only_info.iter().all(|s| *s == Severity::Info));
    }

    #[test]
    fn a_rules_repeats_fold_under_its_first_finding_and_unfold_under_it() {
        // PL201 (medium) on each of three stages.
        let analysis = check(
            "FROM node:latest AS a\nRUN true\nFROM node:latest AS b\nRUN true\nFROM node:latest\nRUN true\n",
        );
        let latest: Vec<&FindingView> = analysis
            .findings
            .iter()
            .filter(|f| f.rule == "PL201")
            .collect();
        assert_eq!(latest.len(), 3);
        let folded = analysis.listed(FindingOrder::Severity, None, false, &[]);
        let first = folded.iter().find(|row| row.key.rule == "PL201").unwrap();
        assert_eq!(first.key, latest[0].key);
        let repeats = first.repeats.as_ref().unwrap();
        assert_eq!((repeats.count, repeats.open), (2, false));
        assert_eq!(repeats.note.en, "2 more in this file, at lines 3 and 5");
        assert_eq!(
            folded.iter().filter(|row| row.key.rule == "PL201").count(),
            1
        );
        let unfolded = analysis.listed(FindingOrder::Severity, None, false, &[latest[0].key]);
        let group: Vec<&ListedRow> = unfolded
            .iter()
            .skip_while(|row| row.key != latest[0].key)
            .take(3)
            .collect();
        assert!(group[0].repeats.as_ref().unwrap().open);
        assert_eq!(
            group.iter().map(|row| row.key).collect::<Vec<_>>(),
            latest.iter().map(|f| f.key).collect::<Vec<_>>()
        );
        assert!(group[1..]
            .iter()
            .all(|row| row.under == Some(latest[0].key)));
        // Every row folds exactly the other findings of its rule and severity.
        for row in &folded {
            let first = analysis.finding(row.key).unwrap();
            let others = analysis
                .findings
                .iter()
                .filter(|f| f.rule == first.rule && f.severity == first.severity)
                .count()
                - 1;
            assert_eq!(
                row.repeats.as_ref().map_or(0, |r| r.count),
                others,
                "{first:?}"
            );
        }
    }

    #[test]
    fn the_fixed_text_has_no_safe_fix_left() {
        let settings = Settings::default();
        let source = "FROM alpine:3.20\nRUN apk add curl\nUSER 1000\n";
        let (fixed, applied) = Analysis::fixed_text(source, &settings);
        assert!(applied > 0, "{fixed}");
        assert_ne!(fixed, source);
        assert_eq!(Analysis::check(&fixed, &settings).safe_fixes().count(), 0);
    }

    #[test]
    fn an_unknown_target_is_the_settings_error_not_the_files() {
        let settings = Settings {
            target: Some("biuld".into()),
            ..Settings::default()
        };
        let analysis = Analysis::check("FROM alpine:3.20 AS build\nFROM alpine:3.20\n", &settings);
        assert_eq!(analysis.unknown_target.as_deref(), Some("biuld"));
        assert!(analysis.errors.is_empty(), "{:?}", analysis.errors);
        let settings = Settings {
            target: Some("BUILD".into()),
            ..Settings::default()
        };
        let analysis = Analysis::check("FROM alpine:3.20 AS build\nFROM alpine:3.20\n", &settings);
        assert_eq!(analysis.unknown_target, None);
    }

    #[test]
    fn blank_text_is_not_checked() {
        for text in ["", "  \n\t\n"] {
            let analysis = check(text);
            assert!(analysis.blank);
            assert!(analysis.findings.is_empty() && analysis.errors.is_empty());
        }
    }

    #[test]
    fn too_large_text_is_not_checked_and_says_its_size() {
        let text = format!("FROM node:latest\n{}", "#\n".repeat(MAX_CHECKED_BYTES / 2));
        let analysis = check(&text);
        assert_eq!(analysis.too_large, Some(text.len()));
        assert!(!analysis.blank && analysis.findings.is_empty());
        assert_eq!(check("FROM node:latest\n").too_large, None);
    }

    #[test]
    fn latest_tag_is_found_with_utf16_offsets() {
        let text = "# 日本 😀\nFROM node:latest\n";
        let analysis = check(text);
        let row = analysis
            .findings
            .iter()
            .find(|row| row.rule == "PL201")
            .unwrap();
        assert_eq!(row.line, 2);
        let prefix: String = text
            .encode_utf16()
            .take(row.start as usize)
            .map(|_| 'x')
            .collect();
        assert_eq!(prefix.len(), "# 日本 😀\nFROM node:".encode_utf16().count());
        assert!(row.end > row.start);
    }

    #[test]
    fn a_finding_underlines_every_place_it_concerns() {
        let text = "FROM alpine:3.20\nRUN wget https://a.example/x && wget https://a.example/y\n";
        let analysis = check(text);
        let row = analysis
            .findings
            .iter()
            .find(|row| row.rule == "PL926")
            .unwrap();
        let underlined: Vec<&str> = row.spans.iter().map(|span| &text[span.range()]).collect();
        assert_eq!(underlined, ["wget", "wget"]);
        assert_eq!(row.spans[0], row.span);
    }

    #[test]
    fn keys_count_occurrences_per_rule() {
        let analysis = check("FROM node:latest\nFROM python:latest\n");
        let keys: Vec<_> = analysis
            .findings
            .iter()
            .filter(|row| row.rule == "PL201")
            .map(|row| row.key.occurrence)
            .collect();
        assert_eq!(keys, [0, 1]);
        let first = &analysis.findings[0];
        assert_eq!(analysis.finding(first.key), Some(first));
        assert_eq!(analysis.by_index(first.index), Some(first));
    }

    #[test]
    fn navigation_wraps_around() {
        let analysis = check("FROM node:latest\nFROM python:latest\n");
        assert!(analysis.findings.len() >= 2);
        let first = analysis.findings.first().unwrap();
        let last = analysis.findings.last().unwrap();
        assert_eq!(
            analysis.next_from(0, true).map(|f| f.start),
            analysis
                .findings
                .iter()
                .find(|f| f.start > 0)
                .map(|f| f.start)
                .or(Some(first.start))
        );
        assert_eq!(analysis.next_from(last.start, true), Some(first));
        assert_eq!(analysis.next_from(0, false), Some(last));
        assert_eq!(
            analysis
                .next_from(last.start, false)
                .map(|f| f.start < last.start),
            Some(true)
        );
    }

    #[test]
    fn finding_at_caret() {
        let text = "FROM node:latest\nUSER 1000\n";
        let analysis = check(text);
        let latest = text.find("latest").unwrap() as u32;
        let found = analysis.at(latest + 2).expect("a finding at the caret");
        assert!(found.start <= latest + 2 && latest + 2 <= found.end);
        assert!(analysis.findings.iter().any(|f| f.rule == "PL201"));
        assert!(analysis
            .at(text.len() as u32 - 1)
            .is_none_or(|f| f.line == 2));
    }

    #[test]
    fn suppressed_findings_are_listed_apart_with_their_reason() {
        let analysis = check("# plimsoll ignore=PL201 -- pinned by the CI\nFROM node:latest\n");
        assert!(analysis.findings.iter().all(|row| row.rule != "PL201"));
        let ignored = analysis.ignored.iter().find(|i| i.rule == "PL201").unwrap();
        assert_eq!(ignored.line, 2);
        assert!(
            ignored
                .reason
                .as_deref()
                .is_some_and(|r| r.contains("pinned by the CI")),
            "{ignored:?}"
        );
    }

    /// What the project worker answers, as the page reads it.
    fn check_project(text: &str, companions: &Companions, lang: Lang) -> Analysis {
        let settings = Settings::default();
        let project = plimsoll_core::project::Project {
            files: companions.with_dockerfile("Dockerfile", text),
            paths: None,
            name: None,
        };
        let wire = plimsoll_core::wire::encode_project(&project.check(&settings));
        let checked = plimsoll_core::wire::decode_project(&wire).unwrap();
        Analysis::from_project(checked, companions, &settings, lang)
    }

    #[test]
    fn companions_are_checked_with_the_dockerfile_and_decide_its_checklist() {
        let dockerfile = "FROM node:22-alpine\nCOPY . .\nCMD [\"node\", \"server.js\"]\n";
        let mut companions = Companions::default();
        companions.add(FileKind::Compose, Lang::En, "Dockerfile");
        companions.add(FileKind::Dockerignore, Lang::En, "Dockerfile");
        companions.add(FileKind::ScanReport, Lang::En, "Dockerfile");
        companions.set_text(0, "services:\n  app:\n    build: .\n    privileged: true\n");
        let project = check_project(dockerfile, &companions, Lang::En);
        let paths: Vec<&str> = project.companions.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(
            paths,
            ["compose.yaml", ".dockerignore", "trivy-report.json"]
        );
        let compose = project.companion("compose.yaml").unwrap();
        assert_eq!(compose.kind, FileKind::Compose);
        assert!(compose.text.contains("privileged"));
        let privileged = compose
            .analysis
            .findings
            .iter()
            .find(|f| f.line == 4)
            .expect("a finding on `privileged: true`");
        assert!(privileged.severity >= Severity::High, "{privileged:?}");
        let decided: Vec<&str> = project
            .report
            .checklist
            .items
            .iter()
            .filter(|item| item.decided_by.iter().any(|path| path == "compose.yaml"))
            .map(|item| item.id)
            .collect();
        assert!(!decided.is_empty());
        let read_only = project
            .report
            .checklist
            .items
            .iter()
            .find(|item| item.id == "read-only-root-filesystem")
            .unwrap();
        let decided_by: Vec<_> = read_only
            .elsewhere
            .iter()
            .map(|at| {
                (
                    at.file.as_str(),
                    project
                        .companion(&at.file)
                        .and_then(|c| c.analysis.by_index(at.index))
                        .map(|f| f.line),
                )
            })
            .collect();
        assert_eq!(decided_by, [("compose.yaml", Some(2))]);
        let broken = {
            let mut broken = companions.clone();
            broken.set_text(0, "services: [\n");
            check_project(dockerfile, &broken, Lang::Ja)
        };
        let errors = &broken.companion("compose.yaml").unwrap().analysis.errors;
        assert!(
            errors[0].message.starts_with("YAML として読めません"),
            "{errors:?}"
        );
    }

    #[test]
    fn safe_fixes_are_applicable() {
        let analysis = check(plimsoll_core::gallery::examples()[0].source);
        assert!(analysis.safe_fixes().all(Fix::is_applicable));
    }
}
