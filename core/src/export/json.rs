//! The JSON contract of `plimsoll check --format json` and the JavaScript
//! API's `check()`: plain, 1-based lines and columns, texts in one language.

use serde::Serialize;

use super::FileReport;
use crate::checklist::{FindingRef, Group, Status};
use crate::companion::scan_report::Counts;
use crate::companion::FileKind;
use crate::fix::Safety;
use crate::model::Purpose;
use crate::report::{Finding, Lang};
use crate::rules::Rule;
use crate::span::Location;
use crate::suppress::Scope;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsonOutput<'a> {
    pub tool: &'static str,
    pub version: &'static str,
    pub lang: Lang,
    pub files: Vec<JsonFile<'a>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsonFile<'a> {
    pub path: &'a str,
    /// What the file is: `dockerfile`, `compose`, `kubernetes`,
    /// `dockerignore` ...
    pub kind: FileKind,
    pub findings: Vec<JsonFinding<'a>>,
    /// The checklist of the image a Dockerfile builds; absent for the other
    /// files, whose findings decide it in their Dockerfile's entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checklist: Option<JsonChecklist>,
    pub stages: Vec<JsonStage>,
    pub errors: Vec<JsonError>,
    /// For a Dockerfile with scan reports in its project: what they found
    /// in its image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vulnerabilities: Option<JsonVulnerabilities>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsonVulnerabilities {
    pub reports: Vec<String>,
    /// `critical`, `high`, `medium`, `low`, `other`, `critical_fixable`,
    /// `high_fixable`.
    #[serde(flatten)]
    pub counts: Counts,
    /// The packages to upgrade first (most severe, with a fix), at most ten.
    pub packages: Vec<JsonVulnerablePackage>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsonVulnerablePackage {
    pub package: String,
    pub installed: String,
    pub fixed: Option<String>,
    pub severity: &'static str,
    pub ids: Vec<String>,
    /// The Dockerfile line it comes from (the RUN installing it, or the
    /// final stage's FROM), and in words.
    pub line: Option<u32>,
    pub origin: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsonFinding<'a> {
    pub rule: &'static str,
    pub name: &'static str,
    pub title: &'static str,
    pub severity: &'static str,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// The other places of the same instruction the finding concerns, in
    /// source order (the second of six unpinned packages ...); usually empty.
    pub related: Vec<JsonRelated<'a>>,
    /// Stage index, or null for findings outside any stage.
    pub stage: Option<usize>,
    pub stage_name: Option<&'a str>,
    pub message: &'a str,
    pub aliases: Vec<&'static str>,
    pub fix: Option<JsonFix<'a>>,
    pub suppressed: bool,
    pub suppression: Option<JsonSuppression<'a>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsonRelated<'a> {
    /// The project file of the place, when it is not the finding's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<&'a str>,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// What is wrong there, when it differs from the finding's message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'a str>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsonFix<'a> {
    pub description: &'a str,
    pub safety: Safety,
    pub edits: Vec<JsonEdit<'a>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsonEdit<'a> {
    /// The project file to edit, when it is not the finding's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<&'a str>,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// Byte offsets in the file.
    pub start: u32,
    pub end: u32,
    pub replacement: &'a str,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsonSuppression<'a> {
    pub reason: Option<&'a str>,
    pub scope: Scope,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsonChecklist {
    /// `null` when there is nothing to judge (`no_verdict` says why).
    pub score: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_verdict: Option<String>,
    pub pass: usize,
    pub warn: usize,
    pub fail: usize,
    pub manual: usize,
    /// Which stage was judged as the image, and what it is for.
    pub judged: Option<JsonJudged>,
    pub items: Vec<JsonChecklistItem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsonJudged {
    pub stage: usize,
    pub purpose: Purpose,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsonChecklistItem {
    pub id: &'static str,
    pub group: Group,
    pub title: String,
    pub status: Status,
    pub rules: &'static [&'static str],
    /// Indices into this file's `findings`.
    pub findings: Vec<usize>,
    /// The project files that decided the item (see
    /// [`crate::checklist::ChecklistItem::decided_by`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decided_by: Vec<String>,
    /// Findings of the Compose files and manifests that run the image.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub elsewhere: Vec<FindingRef>,
    /// What in a workflow or a scan report decided the item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For an item left to a person: the kinds of file that would decide it.
    #[serde(skip_serializing_if = "<[FileKind]>::is_empty")]
    pub decidable_by: &'static [FileKind],
    pub guidance: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsonStage {
    pub index: usize,
    pub name: Option<String>,
    pub line: u32,
    pub base: String,
    pub base_kind: &'static str,
    pub reaches_final: bool,
    pub builds_final: bool,
    pub is_final: bool,
    pub purpose: Purpose,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsonError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

pub fn output<'a>(files: &[FileReport<'a>], lang: Lang) -> JsonOutput<'a> {
    JsonOutput {
        tool: "plimsoll",
        version: crate::VERSION,
        lang,
        files: files
            .iter()
            .map(|file| file_json_in(file, files, lang))
            .collect(),
    }
}

/// One file on its own (edits of other files keep their offsets only).
pub fn file_json<'a>(file: &FileReport<'a>, lang: Lang) -> JsonFile<'a> {
    file_json_in(file, &[], lang)
}

/// One file of `files`, whose edits in the other files get their lines.
fn file_json_in<'a>(file: &FileReport<'a>, files: &[FileReport], lang: Lang) -> JsonFile<'a> {
    let report = file.report;
    let index = crate::LineIndex::new(file.source);
    // A file given on its own is read as a Dockerfile, whatever its name.
    let kind = match crate::project::classify(file.path, file.source) {
        FileKind::Other => FileKind::Dockerfile,
        kind => kind,
    };
    JsonFile {
        path: file.path,
        kind,
        findings: report
            .findings
            .iter()
            .map(|finding| finding_json(finding, report, file.source, &index, files, lang))
            .collect(),
        checklist: (kind == FileKind::Dockerfile).then(|| JsonChecklist {
            score: report.checklist.score,
            no_verdict: report
                .checklist
                .no_verdict
                .as_ref()
                .map(|why| why.get(lang).to_owned()),
            pass: report.checklist.counts.pass,
            warn: report.checklist.counts.warn,
            fail: report.checklist.counts.fail,
            manual: report.checklist.counts.manual,
            judged: report.checklist.judged.as_ref().map(|judged| JsonJudged {
                stage: judged.stage,
                purpose: judged.purpose,
                note: judged.note.get(lang).to_string(),
            }),
            items: report
                .checklist
                .items
                .iter()
                .map(|item| JsonChecklistItem {
                    id: item.id,
                    group: item.group,
                    title: item.title.get(lang).to_string(),
                    status: item.status,
                    rules: item.rules,
                    findings: item.findings.clone(),
                    decided_by: item.decided_by.clone(),
                    elsewhere: item.elsewhere.clone(),
                    decidable_by: item.decidable_by,
                    note: item.note.as_ref().map(|note| note.get(lang).to_string()),
                    guidance: item.guidance.get(lang).to_string(),
                })
                .collect(),
        }),
        stages: report
            .stages
            .iter()
            .map(|stage| JsonStage {
                index: stage.index,
                name: stage.name.clone(),
                line: stage.line,
                base: stage.base.clone(),
                base_kind: stage.base_kind,
                reaches_final: stage.reaches_final,
                builds_final: stage.builds_final,
                is_final: stage.is_final,
                purpose: stage.purpose,
            })
            .collect(),
        errors: report
            .errors
            .iter()
            .map(|error| JsonError {
                line: error.location.start.line,
                column: error.location.start.column,
                message: error.message.clone(),
            })
            .collect(),
        vulnerabilities: report
            .vulnerabilities
            .as_ref()
            .map(|summary| JsonVulnerabilities {
                reports: summary.reports.clone(),
                counts: summary.counts,
                packages: summary
                    .packages
                    .iter()
                    .map(|package| JsonVulnerablePackage {
                        package: package.package.clone(),
                        installed: package.installed.clone(),
                        fixed: package.fixed.clone(),
                        severity: package.severity(),
                        ids: package.ids.clone(),
                        line: package.line,
                        origin: package.origin.get(lang).to_string(),
                    })
                    .collect(),
            }),
    }
}

fn finding_json<'a>(
    finding: &'a Finding,
    report: &'a crate::Report,
    source: &str,
    index: &crate::LineIndex,
    files: &[FileReport],
    lang: Lang,
) -> JsonFinding<'a> {
    let rule: &Rule = finding.definition;
    let Location { start, end } = finding.location;
    JsonFinding {
        rule: finding.rule,
        name: finding.name,
        // The title alone: parsing the rule's docs per finding would cost
        // more than the rest of the output.
        title: rule.docs.title(lang),
        severity: finding.severity.as_str(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        related: finding
            .related
            .iter()
            .map(|related| JsonRelated {
                file: related.file.as_deref(),
                line: related.location.start.line,
                column: related.location.start.column,
                end_line: related.location.end.line,
                end_column: related.location.end.column,
                message: related.message.as_ref().map(|message| message.get(lang)),
            })
            .collect(),
        stage: finding.stage,
        stage_name: finding
            .stage
            .and_then(|stage| report.stages.get(stage))
            .and_then(|stage| stage.name.as_deref()),
        message: finding.message.get(lang),
        aliases: finding.aliases().map(|alias| alias.id).collect(),
        fix: finding.fix.as_ref().map(|fix| JsonFix {
            description: fix.description.get(lang),
            safety: fix.safety,
            edits: fix
                .edits
                .iter()
                .map(|edit| {
                    // An edit of another project file gets its line and
                    // column there, when the output holds that file.
                    let other = edit
                        .file
                        .as_ref()
                        .and_then(|file| files.iter().find(|other| other.path == file.as_str()));
                    let location = match other {
                        Some(other) => {
                            crate::LineIndex::new(other.source).location(other.source, edit.span)
                        }
                        None => index.location(source, edit.span),
                    };
                    JsonEdit {
                        file: edit.file.as_deref(),
                        line: location.start.line,
                        column: location.start.column,
                        end_line: location.end.line,
                        end_column: location.end.column,
                        start: edit.span.start,
                        end: edit.span.end,
                        replacement: &edit.replacement,
                    }
                })
                .collect(),
        }),
        suppressed: finding.suppressed.is_some(),
        suppression: finding
            .suppressed
            .as_ref()
            .map(|suppressed| JsonSuppression {
                reason: suppressed.reason.as_deref(),
                scope: suppressed.scope,
                line: index.position(source, suppressed.span.start).line,
            }),
    }
}
