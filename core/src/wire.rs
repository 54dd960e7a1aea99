//! A [`Report`] as text, to carry it from a Web Worker (where the check runs)
//! to the page that shows it. [`decode`] gives back exactly the report
//! [`encode`] was given: rule definitions and checklist texts are looked up
//! again instead of sent, and the checklist is decided again from the
//! findings, as [`crate::check`] does. A checked project travels the same
//! way ([`encode_project`], [`decode_project`]), with what the files around
//! each Dockerfile decided of its checklist.

use crate::companion::scan_report::Counts;
use crate::companion::workflow::Level;
use crate::companion::{FileKind, ImageFacts};
use crate::scan_evidence::{VulnerabilitySummary, VulnerablePackage};
use serde::{Deserialize, Serialize};

use crate::checklist::{self, ChecklistItem, FindingRef, Status};
use crate::fix::Fix;
use crate::model::Purpose;
use crate::project::{CheckedFile, FileError};
use crate::report::{
    ErrorReport, Finding, Related, Report, Severity, StageSummary, Suppressed, Text,
};
use crate::rules::{Rule, Tool};
use crate::span::{Location, Span};

#[derive(Serialize)]
struct Outgoing<'a> {
    version: &'a str,
    findings: &'a [Finding],
    stages: &'a [StageSummary],
    errors: &'a [ErrorReport],
    image: &'a ImageFacts,
    /// In a project: what the other files decided of each item (a lone
    /// Dockerfile's checklist follows from its findings alone).
    #[serde(skip_serializing_if = "Option::is_none")]
    decisions: Option<Vec<Decision<'a>>>,
    /// What the scan reports found in the image, when the project has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    vulnerabilities: Option<OutgoingVulnerabilities<'a>>,
}

/// A package as an array, `[name, installed, fixed, level, line, ids]`:
/// the page parses the project on every keystroke, and a report may list
/// hundreds of packages. The words saying where it comes from follow from
/// its line and the stages, and are not sent.
type PackageRow<'a> = (
    &'a str,
    &'a str,
    Option<&'a str>,
    &'a str,
    Option<u32>,
    &'a [String],
);

/// A [`PackageRow`] as read.
type IncomingPackageRow = (
    String,
    String,
    Option<String>,
    String,
    Option<u32>,
    Vec<String>,
);

#[derive(Serialize)]
struct OutgoingVulnerabilities<'a> {
    reports: &'a [String],
    counts: &'a Counts,
    packages: Vec<PackageRow<'a>>,
}

#[derive(Deserialize)]
struct IncomingVulnerabilities {
    reports: Vec<String>,
    counts: Counts,
    packages: Vec<IncomingPackageRow>,
}

impl<'a> OutgoingVulnerabilities<'a> {
    fn of(summary: &'a VulnerabilitySummary) -> Self {
        OutgoingVulnerabilities {
            reports: &summary.reports,
            counts: &summary.counts,
            packages: summary
                .packages
                .iter()
                .map(|package| {
                    (
                        package.package.as_str(),
                        package.installed.as_str(),
                        package.fixed.as_deref(),
                        package.severity(),
                        package.line,
                        package.ids.as_slice(),
                    )
                })
                .collect(),
        }
    }
}

impl IncomingVulnerabilities {
    /// The summary, each package's origin told again from its line.
    fn summary(self, stages: &[StageSummary]) -> Result<VulnerabilitySummary, String> {
        let packages = self
            .packages
            .into_iter()
            .map(|(package, installed, fixed, level, line, ids)| {
                let level =
                    Level::parse(&level).ok_or_else(|| format!("unknown severity `{level}`"))?;
                let origin = crate::scan_evidence::origin_at(line, stages);
                Ok(VulnerablePackage {
                    package,
                    installed,
                    fixed,
                    level,
                    ids,
                    ecosystem: None,
                    line: origin.line,
                    origin: origin.text,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(VulnerabilitySummary {
            reports: self.reports,
            counts: self.counts,
            packages,
        })
    }
}

#[derive(Deserialize)]
struct Incoming {
    version: String,
    findings: Vec<IncomingFinding>,
    stages: Vec<IncomingStage>,
    errors: Vec<ErrorReport>,
    image: ImageFacts,
    #[serde(default)]
    decisions: Option<Vec<IncomingDecision>>,
    #[serde(default)]
    vulnerabilities: Option<IncomingVulnerabilities>,
}

/// The parts of a checklist item that depend on the project; titles,
/// rules and guidance are looked up again.
#[derive(Serialize)]
struct Decision<'a> {
    id: &'a str,
    status: Status,
    findings: &'a [usize],
    elsewhere: &'a [FindingRef],
    decided_by: &'a [String],
    /// Whether the item says which files would decide it.
    decidable: bool,
    note: &'a Option<Text>,
}

#[derive(Deserialize)]
struct IncomingDecision {
    id: String,
    status: Status,
    findings: Vec<usize>,
    elsewhere: Vec<FindingRef>,
    decided_by: Vec<String>,
    decidable: bool,
    note: Option<Text>,
}

impl<'a> Decision<'a> {
    fn of(item: &'a ChecklistItem) -> Self {
        Decision {
            id: item.id,
            status: item.status,
            findings: &item.findings,
            elsewhere: &item.elsewhere,
            decided_by: &item.decided_by,
            decidable: !item.decidable_by.is_empty(),
            note: &item.note,
        }
    }
}

#[derive(Serialize)]
struct OutgoingFile<'a> {
    path: &'a str,
    kind: FileKind,
    report: Option<Outgoing<'a>>,
    dockerignore: &'a Option<String>,
    findings: &'a [Finding],
    errors: &'a [FileError],
}

#[derive(Deserialize)]
struct IncomingFile {
    path: String,
    kind: FileKind,
    report: Option<Incoming>,
    dockerignore: Option<String>,
    findings: Vec<IncomingFinding>,
    errors: Vec<FileError>,
}

#[derive(Deserialize)]
struct IncomingFinding {
    rule: String,
    severity: Severity,
    message: Text,
    span: Span,
    location: Location,
    #[serde(default)]
    related: Vec<Related>,
    stage: Option<usize>,
    #[serde(default)]
    resource: Option<String>,
    fix: Option<Fix>,
    suppressed: Option<Suppressed>,
    #[serde(default)]
    not_for: Vec<Tool>,
}

#[derive(Deserialize)]
struct IncomingStage {
    index: usize,
    name: Option<String>,
    line: u32,
    base: String,
    base_kind: String,
    reaches_final: bool,
    builds_final: bool,
    is_final: bool,
    purpose: Purpose,
}

fn outgoing(report: &Report, decisions: bool) -> Outgoing<'_> {
    Outgoing {
        version: report.version,
        findings: &report.findings,
        stages: &report.stages,
        errors: &report.errors,
        image: &report.image,
        decisions: decisions.then(|| report.checklist.items.iter().map(Decision::of).collect()),
        vulnerabilities: report
            .vulnerabilities
            .as_ref()
            .map(OutgoingVulnerabilities::of),
    }
}

/// The report as JSON text.
pub fn encode(report: &Report) -> String {
    serde_json::to_string(&outgoing(report, false)).expect("a report always serializes")
}

/// The report [`encode`] wrote. Fails on text it did not write, or wrote
/// with another rule set (a page and a worker of different versions).
pub fn decode(text: &str) -> Result<Report, String> {
    let incoming: Incoming = serde_json::from_str(text).map_err(|error| error.to_string())?;
    report(incoming)
}

/// A checked project as JSON text. The Dockerfiles' vulnerability
/// summaries travel without their packages' ecosystems (they only served
/// to find each package's line).
pub fn encode_project(files: &[CheckedFile]) -> String {
    let outgoing: Vec<OutgoingFile> = files
        .iter()
        .map(|file| OutgoingFile {
            path: &file.path,
            kind: file.kind,
            report: file.report.as_ref().map(|report| outgoing(report, true)),
            dockerignore: &file.dockerignore,
            findings: &file.findings,
            errors: &file.errors,
        })
        .collect();
    serde_json::to_string(&outgoing).expect("a project always serializes")
}

/// The project [`encode_project`] wrote.
pub fn decode_project(text: &str) -> Result<Vec<CheckedFile>, String> {
    let incoming: Vec<IncomingFile> =
        serde_json::from_str(text).map_err(|error| error.to_string())?;
    incoming
        .into_iter()
        .map(|file| {
            Ok(CheckedFile {
                path: file.path,
                kind: file.kind,
                report: file.report.map(report).transpose()?,
                dockerignore: file.dockerignore,
                findings: file
                    .findings
                    .into_iter()
                    .map(finding)
                    .collect::<Result<_, _>>()?,
                errors: file.errors,
            })
        })
        .collect()
}

fn report(incoming: Incoming) -> Result<Report, String> {
    if incoming.version != crate::VERSION {
        return Err(format!(
            "report of rule set {} cannot be read by rule set {}",
            incoming.version,
            crate::VERSION
        ));
    }
    let findings = incoming
        .findings
        .into_iter()
        .map(finding)
        .collect::<Result<Vec<_>, _>>()?;
    let stages = incoming
        .stages
        .into_iter()
        .map(stage)
        .collect::<Result<Vec<_>, _>>()?;
    let vulnerabilities = incoming
        .vulnerabilities
        .map(|vulnerabilities| vulnerabilities.summary(&stages))
        .transpose()?;
    let mut checklist = checklist::evaluate(&findings, &stages);
    for decision in incoming.decisions.into_iter().flatten() {
        let Some(item) = checklist
            .items
            .iter_mut()
            .find(|item| item.id == decision.id)
        else {
            return Err(format!("unknown checklist item `{}`", decision.id));
        };
        item.status = decision.status;
        item.findings = decision.findings;
        item.elsewhere = decision.elsewhere;
        item.decided_by = decision.decided_by;
        item.decidable_by = if decision.decidable {
            checklist::decidable_by(item.id)
        } else {
            &[]
        };
        item.note = decision.note;
    }
    if checklist.score.is_some() {
        checklist.counts = checklist::Counts::of(checklist.items.iter().map(|item| item.status));
        checklist.score = Some(checklist.counts.score());
    }
    Ok(Report {
        version: crate::VERSION,
        checklist,
        findings,
        stages,
        errors: incoming.errors,
        image: incoming.image,
        vulnerabilities,
    })
}

fn finding(incoming: IncomingFinding) -> Result<Finding, String> {
    let definition =
        Rule::by_code(&incoming.rule).ok_or_else(|| format!("unknown rule `{}`", incoming.rule))?;
    Ok(Finding {
        definition,
        rule: definition.code,
        name: definition.name,
        severity: incoming.severity,
        message: incoming.message,
        span: incoming.span,
        location: incoming.location,
        related: incoming.related,
        stage: incoming.stage,
        resource: incoming.resource,
        fix: incoming.fix,
        suppressed: incoming.suppressed,
        not_for: incoming.not_for,
    })
}

fn stage(incoming: IncomingStage) -> Result<StageSummary, String> {
    let base_kind = ["scratch", "stage", "image", "unresolved"]
        .into_iter()
        .find(|kind| *kind == incoming.base_kind)
        .ok_or_else(|| format!("unknown base kind `{}`", incoming.base_kind))?;
    Ok(StageSummary {
        index: incoming.index,
        name: incoming.name,
        line: incoming.line,
        base: incoming.base,
        base_kind,
        reaches_final: incoming.reaches_final,
        builds_final: incoming.builds_final,
        is_final: incoming.is_final,
        purpose: incoming.purpose,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check, Settings};

    #[test]
    fn a_report_comes_back_unchanged() {
        let source = "# plimsoll ignore=PL201 reason=\"pinned by renovate\"\nFROM node:latest AS build\nRUN curl -k https://example.com/x | sh\nWORKDIR /app\nFROM build\nWORKDIR src\nUSER root\nEXPOSE 22\nRUN\n";
        let report = check(source, &Settings::default());
        assert!(report.findings.iter().any(|f| f.fix.is_some()));
        assert!(report.findings.iter().any(|f| !f.not_for.is_empty()));
        assert!(report.findings.iter().any(|f| f.suppressed.is_some()));
        assert!(!report.errors.is_empty() && report.stages.len() == 2);
        assert_eq!(decode(&encode(&report)), Ok(report));
    }

    #[test]
    fn a_finding_with_several_places_comes_back_unchanged() {
        // Two label keys of one LABEL with upper-case letters, two `wget`s
        // of one RUN without `-q`: one finding each, two places each.
        let source = "FROM alpine:3.20\nLABEL NAME=x MAINTAINER=y\nRUN wget https://example.com/a && wget https://example.com/b\n";
        let report = check(source, &Settings::default());
        let several: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|finding| !finding.related.is_empty())
            .collect();
        assert!(several.len() >= 2, "{:#?}", report.findings);
        assert!(several.iter().any(|finding| finding
            .related
            .iter()
            .any(|related| related.message.is_some())));
        assert_eq!(decode(&encode(&report)), Ok(report));
    }

    #[test]
    fn the_gallery_comes_back_unchanged() {
        for example in crate::gallery::examples() {
            let report = check(example.source, &Settings::default());
            assert_eq!(
                decode(&encode(&report)).as_ref(),
                Ok(&report),
                "{}",
                example.id
            );
        }
    }

    #[test]
    fn foreign_text_is_refused_with_a_reason() {
        assert!(decode("").is_err());
        assert!(decode("{\"version\":1}").is_err());
        let report = check("FROM node:latest\n", &Settings::default());
        let other = encode(&report).replacen(crate::VERSION, "0.0.0-other", 1);
        assert!(decode(&other).unwrap_err().contains("0.0.0-other"));
        let unknown = encode(&report).replace("PL201", "PL000");
        assert!(decode(&unknown).unwrap_err().contains("PL000"));
    }

    #[test]
    fn a_project_comes_back_unchanged_but_for_the_packages_ecosystems() {
        use crate::companion::FileKind;
        use crate::project::Project;
        let trivy = r#"{"SchemaVersion": 2, "ArtifactName": "app:1", "ArtifactType": "container_image",
            "Metadata": {"OS": {"Family": "alpine", "Name": "3.20"}},
            "Results": [{"Target": "app", "Vulnerabilities": [{"VulnerabilityID": "CVE-2026-1",
            "PkgName": "openssl", "InstalledVersion": "3.0.1", "FixedVersion": "3.0.2", "Severity": "HIGH"},
            {"VulnerabilityID": "CVE-2026-2", "PkgName": "musl", "InstalledVersion": "1.2.5", "Severity": "LOW"}]}]}"#;
        let mut files = vec![
            (
                "Dockerfile".to_owned(),
                "FROM alpine:3.20\nRUN apk add openssl\nCOPY . .\nUSER 1000\n".to_owned(),
            ),
            ("report.json".to_owned(), trivy.to_owned()),
            ("compose.broken.yaml".to_owned(), "services: [\n".to_owned()),
            ("other.Dockerfile".to_owned(), "RUN\n".to_owned()),
        ];
        for kind in [
            FileKind::Dockerignore,
            FileKind::Compose,
            FileKind::Kubernetes,
            FileKind::Workflow,
        ] {
            let starter = crate::starter::starter(kind, crate::Lang::En).unwrap();
            files.push((starter.path.to_owned(), starter.text));
        }
        let project = Project {
            files,
            paths: Some(vec![
                "Dockerfile".to_owned(),
                ".env".to_owned(),
                "src/app.js".to_owned(),
            ]),
            name: None,
        };
        let mut checked = project.check(&Settings::default());
        // One package from a `RUN`, one from the base image.
        let summary = checked[0].report.as_ref().unwrap().vulnerabilities.as_ref();
        let lines: Vec<Option<u32>> = summary.unwrap().packages.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(2), Some(1)]);
        assert!(checked.iter().any(|file| !file.findings.is_empty()));
        assert!(checked.iter().any(|file| !file.errors.is_empty()));
        let decoded = decode_project(&encode_project(&checked));
        for file in &mut checked {
            let summary = file
                .report
                .as_mut()
                .and_then(|r| r.vulnerabilities.as_mut());
            for package in summary.into_iter().flat_map(|s| &mut s.packages) {
                package.ecosystem = None;
            }
        }
        assert_eq!(decoded, Ok(checked));
        assert!(decode_project("[{\"path\": 1}]").is_err());
    }
}
