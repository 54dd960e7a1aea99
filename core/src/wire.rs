//! A [`Report`] as text, to carry it from a Web Worker (where the check runs)
//! to the page that shows it. [`decode`] gives back exactly the report
//! [`encode`] was given: rule definitions and checklist texts are looked up
//! again instead of sent, and the checklist is decided again from the
//! findings, as [`crate::check`] does.

use crate::companion::ImageFacts;
use serde::{Deserialize, Serialize};

use crate::checklist;
use crate::fix::Fix;
use crate::model::Purpose;
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
}

#[derive(Deserialize)]
struct Incoming {
    version: String,
    findings: Vec<IncomingFinding>,
    stages: Vec<IncomingStage>,
    errors: Vec<ErrorReport>,
    image: ImageFacts,
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

/// The report as JSON text.
pub fn encode(report: &Report) -> String {
    let outgoing = Outgoing {
        version: report.version,
        findings: &report.findings,
        stages: &report.stages,
        errors: &report.errors,
        image: &report.image,
    };
    serde_json::to_string(&outgoing).expect("a report always serializes")
}

/// The report [`encode`] wrote. Fails on text it did not write, or wrote
/// with another rule set (a page and a worker of different versions).
pub fn decode(text: &str) -> Result<Report, String> {
    let incoming: Incoming = serde_json::from_str(text).map_err(|error| error.to_string())?;
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
    Ok(Report {
        version: crate::VERSION,
        checklist: checklist::evaluate(&findings, &stages),
        findings,
        stages,
        errors: incoming.errors,
        image: incoming.image,
        // Scan reports come with projects, which the page does not send
        // through the worker yet.
        vulnerabilities: None,
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
}
