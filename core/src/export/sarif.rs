//! SARIF 2.1.0 for code-scanning services (GitHub code scanning accepts it):
//! every rule with its help text and URI, levels, precise regions in Unicode
//! code points, stable fingerprints, in-source suppressions, the tool version.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::ser::{Error as _, SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run,
    Sarif, Suppression, Tool, ToolComponent,
};

use super::FileReport;
use crate::report::{Finding, Lang, Severity};
use crate::rules::{Rule, RULES};
use crate::span::LineIndex;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Critical | Severity::High => ResultLevel::Error,
        Severity::Medium => ResultLevel::Warning,
        Severity::Low | Severity::Info => ResultLevel::Note,
    }
}

/// GitHub's `security-severity`: 0.0 to 10.0, as CVSS bands.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "7.5",
        Severity::Medium => "5.0",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

fn text(value: impl Into<String>) -> Message {
    Message::builder().text(value.into()).build()
}

fn descriptor(rule: &Rule, lang: Lang, docs_url: Option<&str>) -> ReportingDescriptor {
    let doc = rule.docs(lang);
    let help_markdown = rule_markdown(rule, lang);
    let mut properties = BTreeMap::new();
    properties.insert(
        "security-severity".to_string(),
        serde_json::json!(security_severity(rule.severity)),
    );
    properties.insert("precision".to_string(), serde_json::json!("high"));
    let kind = match rule.check.reads() {
        crate::companion::FileKind::Compose => "compose",
        crate::companion::FileKind::Kubernetes => "kubernetes",
        _ => "dockerfile",
    };
    let mut tags = vec!["security".to_string(), kind.to_string()];
    tags.extend(rule.aliases.iter().map(|alias| alias.id.to_string()));
    let mut descriptor = ReportingDescriptor::builder()
        .id(rule.code)
        .name(rule.name)
        .short_description(MultiformatMessageString::builder().text(doc.title).build())
        .full_description(
            MultiformatMessageString::builder()
                .text(crate::docs::one_line(doc.summary()))
                .build(),
        )
        .help(
            MultiformatMessageString::builder()
                .text(crate::docs::one_line(doc.summary()))
                .markdown(help_markdown)
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::json!(level(rule.severity)))
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(tags)
                .additional_properties(properties)
                .build(),
        )
        .build();
    descriptor.help_uri = docs_url.map(|url| super::catalog::rule_page(rule, url));
    descriptor
}

/// The rule's docs without the title, for SARIF's `help.markdown`.
fn rule_markdown(rule: &Rule, lang: Lang) -> String {
    let doc = rule.docs(lang);
    crate::docs::SECTIONS
        .iter()
        .filter_map(|(section, en, ja)| {
            let heading = if lang == Lang::Ja { ja } else { en };
            doc.section(*section)
                .map(|body| format!("## {heading}\n\n{body}\n"))
        })
        .map(|section| crate::docs::join_wrapped_cjk(&section))
        .collect::<Vec<_>>()
        .join("\n")
}

fn result(
    finding: &Finding,
    file: &FileReport,
    index: &LineIndex,
    lang: Lang,
    seen: &mut BTreeMap<(&'static str, u64), u32>,
) -> SarifResult {
    let uri = file_uri(file.path);
    let physical_in = |uri: &String, location: &crate::span::Location| {
        let (start, end) = (location.start, location.end);
        let region = Region::builder()
            .start_line(i64::from(start.line))
            .start_column(i64::from(start.column))
            .end_line(i64::from(end.line))
            .end_column(i64::from(
                end.column
                    .max(start.column + u32::from(end.line == start.line)),
            ))
            .build();
        PhysicalLocation::builder()
            .artifact_location(ArtifactLocation::builder().uri(uri.clone()).build())
            .region(region)
            .build()
    };
    let physical = |location: &crate::span::Location| physical_in(&uri, location);
    let location = Location::builder()
        .physical_location(physical(&finding.location))
        .build();
    // The other places of the instruction, each with what is wrong there.
    let related: Vec<Location> = finding
        .related
        .iter()
        .zip(1..)
        .map(|(related, id)| {
            let message = related.message.as_ref().unwrap_or(&finding.message);
            // A place in another project file (a Dockerfile's USER behind a
            // Compose service) points at that file.
            let physical_location = match &related.file {
                Some(other) => physical_in(&file_uri(other), &related.location),
                None => physical(&related.location),
            };
            Location::builder()
                .id(id)
                .physical_location(physical_location)
                .message(text(message.get(lang)))
                .build()
        })
        .collect();
    let rule_index = RULES
        .iter()
        .position(|rule| rule.code == finding.rule)
        .unwrap_or(0);
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(
        "plimsoll/v1".to_string(),
        super::fingerprint(finding, file.source, index, seen),
    );
    let builder = SarifResult::builder()
        .rule_id(finding.rule)
        .rule_index(i64::try_from(rule_index).unwrap_or(0))
        .level(level(finding.severity))
        .message(text(finding.message.get(lang)))
        .locations(vec![location])
        .partial_fingerprints(fingerprints);

    let mut result = match &finding.suppressed {
        Some(suppressed) => builder
            .suppressions(vec![Suppression::builder()
                .kind(serde_json::json!("inSource"))
                .justification(suppressed.reason.clone().unwrap_or_default())
                .build()])
            .build(),
        None => builder.build(),
    };
    if !related.is_empty() {
        result.related_locations = Some(related);
    }
    // The rule's tags list all its peer ids; a finding that answers only
    // some of them says which.
    if !finding.not_for.is_empty() {
        let aliases: Vec<&str> = finding.aliases().map(|alias| alias.id).collect();
        let mut properties = BTreeMap::new();
        properties.insert("aliases".to_string(), serde_json::json!(aliases));
        result.properties = Some(
            PropertyBag::builder()
                .additional_properties(properties)
                .build(),
        );
    }
    result
}

/// A path as a URI: relative paths stay relative references (SARIF resolves
/// them against the checkout), absolute ones become `file://` URIs.
fn file_uri(path: &str) -> String {
    let path = if path == "-" { "stdin" } else { path };
    let path = path.replace('\\', "/");
    let encoded: String = path
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect();
    let bytes = path.as_bytes();
    let windows_drive = bytes.len() >= 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && bytes.get(2).is_none_or(|&byte| byte == b'/');
    if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else if windows_drive {
        format!("file:///{encoded}")
    } else {
        // A colon in a relative path would read as a URI scheme.
        encoded.replace(':', "%3A")
    }
}

/// The SARIF log of `files`. Rules link their pages (`helpUri`) on the web
/// app served at `docs_url`, when the caller says where that is: without
/// it there is no public page, and a dead link helps nobody.
pub fn log(files: &[FileReport], lang: Lang, docs_url: Option<&str>) -> Sarif {
    let mut log = log_without_results(lang, docs_url);
    log.runs[0].results = Some(results(files, lang).collect());
    log
}

/// Writes the SARIF log of `files` as pretty JSON with its object keys in
/// alphabetical order, building one result at a time: a report of hundreds
/// of thousands of findings is never held whole in memory, as the value of
/// [`log`] holds it.
pub fn write(
    out: &mut impl std::io::Write,
    files: &[FileReport],
    lang: Lang,
    docs_url: Option<&str>,
) -> serde_json::Result<()> {
    let frame = serde_json::to_value(log_without_results(lang, docs_url))?;
    let results = RefCell::new(Some(results(files, lang)));
    let log = Streamed {
        value: &frame,
        at: Place::Log,
        results: &results,
    };
    super::to_writer_pretty(out, &log)
}

/// The log without its results (an empty list in the first run).
fn log_without_results(lang: Lang, docs_url: Option<&str>) -> Sarif {
    let mut driver = ToolComponent::builder()
        .name("Plimsoll")
        .version(crate::VERSION)
        .semantic_version(crate::VERSION)
        .rules(
            RULES
                .iter()
                .map(|rule| descriptor(rule, lang, docs_url))
                .collect::<Vec<_>>(),
        )
        .build();
    driver.information_uri = docs_url.map(str::to_string);
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(Vec::new())
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .build();
    Sarif::builder()
        .schema(SCHEMA)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build()
}

/// The results of every file, in order, built as they are asked for.
fn results<'a>(files: &'a [FileReport<'a>], lang: Lang) -> impl Iterator<Item = SarifResult> + 'a {
    files.iter().flat_map(move |file| {
        let index = LineIndex::new(file.source);
        let mut seen = BTreeMap::new();
        file.report
            .findings
            .iter()
            .map(move |finding| result(finding, file, &index, lang, &mut seen))
    })
}

/// Where [`Streamed`] is in the log's value.
#[derive(Clone, Copy)]
enum Place {
    Log,
    Runs,
    FirstRun,
    Inside,
}

/// A log's JSON value written as it is, except the first run's `results`,
/// which are taken from an iterator and each turned into a JSON value only
/// when its turn comes (so that its keys are sorted too, as in the value of
/// the whole log).
struct Streamed<'a, I> {
    value: &'a serde_json::Value,
    at: Place,
    results: &'a RefCell<Option<I>>,
}

impl<I: Iterator<Item = SarifResult>> Serialize for Streamed<'_, I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde_json::Value;
        let inner = |value, at| Streamed {
            value,
            at,
            results: self.results,
        };
        match (self.value, self.at) {
            (Value::Object(map), Place::Log | Place::FirstRun) => {
                let mut entries = serializer.serialize_map(Some(map.len()))?;
                for (key, value) in map {
                    match (self.at, key.as_str()) {
                        (Place::Log, "runs") => {
                            entries.serialize_entry(key, &inner(value, Place::Runs))?;
                        }
                        (Place::FirstRun, "results") => {
                            entries.serialize_entry(key, &Results(self.results))?;
                        }
                        _ => entries.serialize_entry(key, value)?,
                    }
                }
                entries.end()
            }
            (Value::Array(runs), Place::Runs) => {
                let mut elements = serializer.serialize_seq(Some(runs.len()))?;
                for (index, run) in runs.iter().enumerate() {
                    let at = if index == 0 {
                        Place::FirstRun
                    } else {
                        Place::Inside
                    };
                    elements.serialize_element(&inner(run, at))?;
                }
                elements.end()
            }
            (value, _) => value.serialize(serializer),
        }
    }
}

/// The results still to be built, written as a list (once: the iterator
/// is used up).
struct Results<'a, I>(&'a RefCell<Option<I>>);

impl<I: Iterator<Item = SarifResult>> Serialize for Results<'_, I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let results = self.0.borrow_mut().take().into_iter().flatten();
        serializer.collect_seq(results.map(Sorted))
    }
}

/// One result, written with its keys sorted.
struct Sorted(SarifResult);

impl Serialize for Sorted {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde_json::to_value(&self.0)
            .map_err(S::Error::custom)?
            .serialize(serializer)
    }
}
