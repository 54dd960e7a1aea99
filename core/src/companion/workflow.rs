//! CI workflows: GitHub Actions (`.github/workflows/*.yml`) and GitLab CI
//! (`.gitlab-ci.yml` and the files it includes). Pure: the parsed YAML in,
//! the jobs with their steps out, and what the steps do to an image: the
//! builds (`docker build`, `docker buildx build`, `docker/build-push-action`,
//! podman, buildah, kaniko), the pushes, and the vulnerability scans with
//! what they fail the pipeline on.
//!
//! Scripts (`run:`, `script:`) are read with the shell layer; GitHub's
//! `${{ … }}` expressions are masked as variables of the same length first,
//! so every span still points into the file.

use std::ops::Range;

use super::yaml::{Value, Yaml};
use crate::rules::secrets::unquote;
use crate::shell::{parse_script, SimpleCommand};
use crate::span::{to_u32, Span};

/// Which CI system a workflow file is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    GitHub,
    GitLab,
}

/// A parsed workflow file.
#[derive(Clone, Debug)]
pub struct Workflow<'a> {
    /// The file's text.
    pub source: &'a str,
    pub platform: Platform,
    pub jobs: Vec<Job<'a>>,
    /// GitLab `include:` entries: what they name, and the scalar naming it.
    pub includes: Vec<(IncludeKind, Value<'a>)>,
}

/// The kind of a GitLab `include:` entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncludeKind {
    Template,
    Component,
    Local,
    Project,
    Remote,
}

/// One job.
#[derive(Clone, Debug)]
pub struct Job<'a> {
    pub name: &'a str,
    pub key: Value<'a>,
    pub job: Value<'a>,
    pub steps: Vec<Step<'a>>,
}

/// One GitHub step, or one GitLab script line.
#[derive(Clone, Copy, Debug)]
pub struct Step<'a> {
    /// The workflow file's text.
    pub source: &'a str,
    /// The step's mapping (GitHub) or the script item (GitLab).
    pub node: Value<'a>,
    /// `uses: owner/repo@ref` (GitHub).
    pub uses: Option<Value<'a>>,
    /// The shell script: `run:` (GitHub) or the script item (GitLab).
    pub run: Option<Value<'a>>,
    /// A GitLab `after_script` line: its failure never fails the job.
    pub after_script: bool,
}

impl<'a> Step<'a> {
    /// An input of `with:`.
    pub fn input(&self, name: &str) -> Option<Value<'a>> {
        self.node.path(&["with", name])
    }

    /// The action's name without its ref, in lower case
    /// (`aquasecurity/trivy-action`).
    pub fn action(&self) -> Option<String> {
        let uses = self.uses?.as_str()?;
        Some(uses.split('@').next().unwrap_or(uses).to_ascii_lowercase())
    }

    /// The ref after `@`, with its span.
    pub fn action_ref(&self) -> Option<(&'a str, Span)> {
        let uses = self.uses?;
        let text = uses.as_str()?;
        let at = text.find('@')?;
        let span = value_span(self.source, uses, at + 1..text.len());
        Some((&text[at + 1..], span))
    }
}

impl<'a> Job<'a> {
    /// The setting that lets this job fail without failing the pipeline:
    /// `continue-on-error: true` (GitHub) or `allow_failure: true` (or
    /// with `exit_codes`, GitLab). An expression counts as set.
    pub fn may_fail(&self, platform: Platform) -> Option<Value<'a>> {
        let key = match platform {
            Platform::GitHub => "continue-on-error",
            Platform::GitLab => "allow_failure",
        };
        self.job.get(key).filter(|value| tolerates_failure(*value))
    }
}

/// `true`, an expression, or GitLab's `allow_failure: {exit_codes: …}`.
fn tolerates_failure(value: Value) -> bool {
    value.as_bool() == Some(true)
        || value.is_mapping()
        || value.as_str().is_some_and(|text| text.contains("${{"))
}

/// Reads a workflow file; `None` when the file is neither kind.
pub fn parse<'a>(path: &str, source: &'a str, yaml: &'a Yaml) -> Option<Workflow<'a>> {
    let root = yaml.document(0)?;
    let platform = platform(path, root)?;
    let mut jobs = Vec::new();
    let mut includes = Vec::new();
    match platform {
        Platform::GitHub => {
            for (key, job) in root
                .get("jobs")
                .map(|jobs| jobs.entries())
                .unwrap_or_default()
            {
                let (Some(name), true) = (key.as_str(), job.is_mapping()) else {
                    continue;
                };
                let steps = job
                    .get("steps")
                    .into_iter()
                    .flat_map(|steps| steps.items())
                    .filter(Value::is_mapping)
                    .map(|node| Step {
                        source,
                        node,
                        uses: node.get("uses"),
                        run: node.get("run"),
                        after_script: false,
                    })
                    .collect();
                jobs.push(Job {
                    name,
                    key,
                    job,
                    steps,
                });
            }
        }
        Platform::GitLab => {
            for (key, value) in root.entries() {
                let Some(name) = key.as_str() else { continue };
                if name == "include" {
                    includes = gitlab_includes(value);
                    continue;
                }
                if !value.is_mapping() || GITLAB_KEYWORDS.contains(&name) {
                    continue;
                }
                let mut steps = Vec::new();
                for section in ["before_script", "script", "after_script"] {
                    let Some(lines) = value.get(section) else {
                        continue;
                    };
                    let lines: Vec<Value> = if lines.is_sequence() {
                        lines.items().flat_map(flatten_sequences).collect()
                    } else {
                        vec![lines]
                    };
                    steps.extend(lines.into_iter().map(|line| Step {
                        source,
                        node: line,
                        uses: None,
                        run: line.as_str().is_some().then_some(line),
                        after_script: section == "after_script",
                    }));
                }
                jobs.push(Job {
                    name,
                    key,
                    job: value,
                    steps,
                });
            }
        }
    }
    Some(Workflow {
        source,
        platform,
        jobs,
        includes,
    })
}

/// GitLab script lists may nest (`- !reference [...]` expands to a list).
fn flatten_sequences(value: Value) -> Vec<Value> {
    if value.is_sequence() {
        value.items().collect()
    } else {
        vec![value]
    }
}

/// Whether a top-level key of a GitLab CI file is one of its keywords, not
/// a job.
pub(crate) fn is_gitlab_keyword(key: &str) -> bool {
    GITLAB_KEYWORDS.contains(&key)
}

/// Top-level GitLab keys that are not jobs.
const GITLAB_KEYWORDS: &[&str] = &[
    "default",
    "include",
    "stages",
    "variables",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "spec",
    "pages",
];

fn gitlab_includes(value: Value) -> Vec<(IncludeKind, Value)> {
    let items: Vec<Value> = if value.is_sequence() {
        value.items().collect()
    } else {
        vec![value]
    };
    items
        .into_iter()
        .filter_map(|item| {
            if item.as_str().is_some() {
                let kind = if item.as_str()?.contains("://") {
                    IncludeKind::Remote
                } else {
                    IncludeKind::Local
                };
                return Some((kind, item));
            }
            [
                ("template", IncludeKind::Template),
                ("component", IncludeKind::Component),
                ("local", IncludeKind::Local),
                ("project", IncludeKind::Project),
                ("remote", IncludeKind::Remote),
            ]
            .into_iter()
            .find_map(|(key, kind)| item.get(key).map(|value| (kind, value)))
        })
        .collect()
}

/// GitHub by its `jobs:` of `runs-on`/`steps`/`uses`; GitLab by its file
/// name, or by top-level jobs with scripts, `stages:` or `include:`.
fn platform(path: &str, root: Value) -> Option<Platform> {
    if !root.is_mapping() || root.get("apiVersion").is_some() {
        return None;
    }
    let github = root.get("jobs").is_some_and(|jobs| {
        jobs.entries().iter().any(|(_, job)| {
            ["runs-on", "steps", "uses"]
                .iter()
                .any(|key| job.get(key).is_some())
        })
    });
    if github {
        return Some(Platform::GitHub);
    }
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    if name.ends_with(".gitlab-ci.yml") || name.ends_with(".gitlab-ci.yaml") {
        return Some(Platform::GitLab);
    }
    if root.get("services").is_some() && root.get("stages").is_none() {
        return None;
    }
    let jobs_with_scripts = root.entries().iter().any(|(key, job)| {
        !key.as_str()
            .is_some_and(|key| GITLAB_KEYWORDS.contains(&key))
            && ["script", "extends", "trigger"]
                .iter()
                .any(|field| job.get(field).is_some())
    });
    let layout = root
        .get("stages")
        .is_some_and(|stages| stages.is_sequence())
        || root.get("include").is_some_and(|include| {
            gitlab_includes(include)
                .iter()
                .any(|(kind, _)| *kind != IncludeKind::Local || include.is_sequence())
        });
    (jobs_with_scripts || layout).then_some(Platform::GitLab)
}

/// The span in the file of `range` of a scalar's text: exact for plain and
/// quoted one-line scalars and literal blocks (`|`), the whole scalar
/// otherwise (folded blocks, escapes).
pub fn value_span(file: &str, value: Value, range: Range<usize>) -> Span {
    let span = value.span();
    let Some(text) = value.as_str() else {
        return span;
    };
    let Some(source) = file.get(span.range()) else {
        return span;
    };
    let whole = || span;
    if source == text {
        return Span::new(
            span.start + to_u32(range.start),
            span.start + to_u32(range.end),
        );
    }
    if (source.starts_with('"') || source.starts_with('\''))
        && source.get(1..source.len() - 1) == Some(text)
    {
        return Span::new(
            span.start + 1 + to_u32(range.start),
            span.start + 1 + to_u32(range.end),
        );
    }
    // A literal block (`|`): its text starts on the line after the
    // indicator; line n of the text is line n of the block after the
    // block's indentation (that of its first non-blank line).
    let before = &file[..span.start as usize];
    let header = before.trim_end_matches([' ', '\n', '\r']);
    let indicator =
        header.trim_end_matches(['-', '+', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    if !indicator.ends_with('|') {
        return whole();
    }
    let Some(first_line) = file[header.len()..]
        .find('\n')
        .map(|at| header.len() + at + 1)
    else {
        return whole();
    };
    let body = &file[first_line..];
    let indent = body
        .lines()
        .find(|line| !line.trim().is_empty())
        .map_or(0, |line| line.len() - line.trim_start_matches(' ').len());
    let locate = |offset: usize| -> Option<u32> {
        let offset = offset.min(text.len());
        let line = text[..offset].matches('\n').count();
        let column = offset - text[..offset].rfind('\n').map_or(0, |at| at + 1);
        let mut start = 0;
        for (index, source_line) in body.split('\n').enumerate() {
            if index == line {
                let pad = indent.min(source_line.len());
                return Some(to_u32(first_line + start + pad + column));
            }
            start += source_line.len() + 1;
        }
        None
    };
    match (locate(range.start), locate(range.end)) {
        (Some(start), Some(end)) if start <= end && end <= span.end => Span::new(start, end),
        _ => whole(),
    }
}

/// How a scan ends the pipeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Fails on vulnerabilities of at least this severity.
    Fails(Level),
    /// Only reports: why, and where that is written (or where the missing
    /// setting belongs).
    ReportsOnly(NoGate, Span),
    /// Depends on an expression or variable the file does not fix.
    Depends(Span),
}

/// Why a scan does not fail the pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoGate {
    /// trivy-action without `exit-code` (or `0`), a trivy command without
    /// `--exit-code`.
    ExitCodeZero,
    /// anchore/scan-action with `fail-build: false`.
    FailBuildFalse,
    /// docker/scout-action without `exit-code: true`, `docker scout cves`
    /// without `--exit-code`.
    ScoutNoExitCode,
    /// `continue-on-error: true` on the step or its job.
    ContinueOnError,
    /// GitLab `allow_failure: true`, or the job of GitLab's container
    /// scanning template, which reports and does not fail on findings.
    AllowFailure,
    /// `|| true` (or another `||`) after the scan command.
    OrTrue,
    /// In GitLab's `after_script`, whose failures never fail the job.
    AfterScript,
}

/// Vulnerability severities, lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Unknown,
    Negligible,
    Low,
    Medium,
    High,
    Critical,
}

impl Level {
    pub fn parse(word: &str) -> Option<Level> {
        Some(match word.trim().to_ascii_lowercase().as_str() {
            "critical" => Level::Critical,
            "high" => Level::High,
            "medium" | "moderate" => Level::Medium,
            "low" => Level::Low,
            "negligible" | "info" | "informational" => Level::Negligible,
            "unknown" => Level::Unknown,
            _ => return None,
        })
    }

    /// The lowest of a comma-separated list (`CRITICAL,HIGH` → High).
    fn lowest_of(list: &str) -> Option<Level> {
        list.split(',').filter_map(Level::parse).min()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Critical => "CRITICAL",
            Level::High => "HIGH",
            Level::Medium => "MEDIUM",
            Level::Low => "LOW",
            Level::Negligible => "NEGLIGIBLE",
            Level::Unknown => "UNKNOWN",
        }
    }
}

/// The scanners Plimsoll recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scanner {
    TrivyAction,
    AnchoreAction,
    ScoutAction,
    SnykAction,
    Trivy,
    Grype,
    Scout,
    Snyk,
    GitLabContainerScanning,
}

impl Scanner {
    pub fn name(self) -> &'static str {
        match self {
            Scanner::TrivyAction => "aquasecurity/trivy-action",
            Scanner::AnchoreAction => "anchore/scan-action",
            Scanner::ScoutAction => "docker/scout-action",
            Scanner::SnykAction => "snyk/actions/docker",
            Scanner::Trivy => "trivy",
            Scanner::Grype => "grype",
            Scanner::Scout => "docker scout cves",
            Scanner::Snyk => "snyk container test",
            Scanner::GitLabContainerScanning => "GitLab container scanning",
        }
    }
}

/// A vulnerability scan of an image.
#[derive(Clone, Debug)]
pub struct Scan<'a> {
    /// Index of its job in [`Workflow::jobs`] (`None`: GitLab's template).
    pub job: Option<usize>,
    pub step: Option<Step<'a>>,
    /// The `uses:` of the action, the command, or the include.
    pub span: Span,
    pub scanner: Scanner,
    /// The image it scans, as written (`None`: not written, a tarball).
    pub image: Option<String>,
    pub gate: Gate,
}

/// An image build.
#[derive(Clone, Debug)]
pub struct Build<'a> {
    pub job: usize,
    pub step: Step<'a>,
    /// The `uses:` of the action or the build command.
    pub span: Span,
    /// The Dockerfile as written (`-f`, `file:`, kaniko `--dockerfile`).
    pub dockerfile: Option<String>,
    /// The context directory as written (`.` when the command gives it so).
    pub context: Option<String>,
    /// Every tag (`-t`, `tags:`, kaniko `--destination`), with its span.
    pub tags: Vec<(String, Span)>,
    /// Whether this step pushes what it builds.
    pub pushes: bool,
    /// `--build-arg NAME=value` / `build-args:` lines: the name, the value
    /// as written, and the span of the whole argument.
    pub build_args: Vec<(String, String, Span)>,
}

/// A `docker push` (or podman/buildah push) of an image built elsewhere.
#[derive(Clone, Debug)]
pub struct Push {
    pub job: usize,
    pub image: String,
    pub span: Span,
}

/// What the workflow does to images.
#[derive(Clone, Debug, Default)]
pub struct ImageSteps<'a> {
    pub builds: Vec<Build<'a>>,
    pub pushes: Vec<Push>,
    pub scans: Vec<Scan<'a>>,
}

impl<'a> Workflow<'a> {
    /// The builds, pushes and scans of every job.
    pub fn image_steps(&self) -> ImageSteps<'a> {
        let mut found = ImageSteps::default();
        for (index, job) in self.jobs.iter().enumerate() {
            let job_may_fail = job.may_fail(self.platform);
            for step in &job.steps {
                let step_may_fail = step
                    .node
                    .get("continue-on-error")
                    .filter(|value| tolerates_failure(*value))
                    .or(job_may_fail);
                if step.uses.is_some() {
                    action_step(index, *step, step_may_fail, self.platform, &mut found);
                }
                if let Some(run) = step.run {
                    script_step(index, *step, run, step_may_fail, self.platform, &mut found);
                }
            }
        }
        for (kind, value) in &self.includes {
            let Some(name) = value.as_str() else { continue };
            let lower = name.to_ascii_lowercase();
            let scanning = match kind {
                IncludeKind::Template => lower.contains("container-scanning"),
                IncludeKind::Component => lower.contains("/container-scanning"),
                _ => false,
            };
            if !scanning {
                continue;
            }
            // The template's job, `container_scanning`, as this file
            // changes it.
            let job = self
                .jobs
                .iter()
                .position(|job| job.name == "container_scanning");
            let image = job.and_then(|job| {
                self.jobs[job]
                    .job
                    .path(&["variables", "CS_IMAGE"])
                    .and_then(|image| image.as_str())
                    .map(str::to_string)
            });
            let gate_span = job
                .and_then(|job| {
                    self.jobs[job]
                        .job
                        .entry("allow_failure")
                        .map(|(key, _)| key.span())
                })
                .unwrap_or(value.span());
            found.scans.push(Scan {
                job,
                step: None,
                span: value.span(),
                scanner: Scanner::GitLabContainerScanning,
                image,
                gate: Gate::ReportsOnly(NoGate::AllowFailure, gate_span),
            });
        }
        found
    }
}

/// Build and scan actions.
fn action_step<'a>(
    job: usize,
    step: Step<'a>,
    may_fail: Option<Value<'a>>,
    platform: Platform,
    found: &mut ImageSteps<'a>,
) {
    let (Some(action), Some(uses)) = (step.action(), step.uses) else {
        return;
    };
    let input_str = |name: &str| step.input(name).and_then(|value| value.as_str());
    let with_span = step
        .node
        .entry("with")
        .map_or(uses.span(), |(key, _)| key.span());
    let scan = |scanner: Scanner, image: Option<&str>, gate: Gate| Scan {
        job: Some(job),
        step: Some(step),
        span: uses.span(),
        scanner,
        image: image.map(str::to_string),
        gate: tolerated(gate, may_fail, platform),
    };
    match action.as_str() {
        "docker/build-push-action" | "redhat-actions/buildah-build" => {
            let tags = step
                .input("tags")
                .map(|tags| list_items(step.source, tags))
                .unwrap_or_default();
            let pushes = step
                .input("push")
                .is_some_and(|push| push.as_bool() == Some(true))
                || input_str("outputs").is_some_and(|outputs| outputs.contains("push=true"));
            let file = input_str("file").or_else(|| input_str("containerfiles"));
            let file = file.map(|file| file.lines().next().unwrap_or(file).trim().to_string());
            let build_args = step
                .input("build-args")
                .map(|args| list_items(step.source, args))
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(line, span)| {
                    let (name, value) = line.split_once('=')?;
                    Some((name.trim().to_string(), value.trim().to_string(), span))
                })
                .collect();
            found.builds.push(Build {
                job,
                step,
                span: uses.span(),
                dockerfile: file,
                context: input_str("context").map(str::to_string),
                tags,
                pushes,
                build_args,
            });
        }
        "docker/bake-action" => found.builds.push(Build {
            job,
            step,
            span: uses.span(),
            dockerfile: None,
            context: None,
            tags: Vec::new(),
            pushes: step
                .input("push")
                .is_some_and(|push| push.as_bool() == Some(true)),
            build_args: Vec::new(),
        }),
        "aquasecurity/trivy-action" => {
            let scan_type = input_str("scan-type").unwrap_or("image");
            if scan_type != "image" && !scan_type.contains("${{") {
                return;
            }
            let gate = match step.input("exit-code") {
                Some(code) if is_expression(code) => Gate::Depends(code.span()),
                Some(code) if code.as_i64().is_some_and(|code| code != 0) => {
                    Gate::Fails(severity_floor(step.input("severity")))
                }
                Some(code) => Gate::ReportsOnly(NoGate::ExitCodeZero, code.span()),
                None => Gate::ReportsOnly(NoGate::ExitCodeZero, with_span),
            };
            let image = input_str("image-ref").or(input_str("input"));
            found.scans.push(scan(Scanner::TrivyAction, image, gate));
        }
        "anchore/scan-action" => {
            if step.input("image").is_none() {
                return;
            }
            let gate = match step.input("fail-build") {
                Some(fail) if is_expression(fail) => Gate::Depends(fail.span()),
                Some(fail) if fail.as_bool() == Some(false) => {
                    Gate::ReportsOnly(NoGate::FailBuildFalse, fail.span())
                }
                _ => Gate::Fails(
                    input_str("severity-cutoff")
                        .and_then(Level::parse)
                        .unwrap_or(Level::Medium),
                ),
            };
            found
                .scans
                .push(scan(Scanner::AnchoreAction, input_str("image"), gate));
        }
        "docker/scout-action" => {
            let command = input_str("command").unwrap_or("");
            let compare = !command.contains("cves");
            if compare && !command.contains("compare") {
                return;
            }
            // `cves` fails with `exit-code: true`; `compare` with
            // `exit-on: vulnerability`.
            let setting = if compare {
                step.input("exit-on").filter(|exit_on| {
                    exit_on
                        .as_str()
                        .is_some_and(|text| text.contains("vulnerability") || text.contains("${{"))
                })
            } else {
                step.input("exit-code")
            };
            let gate = match setting {
                Some(code) if is_expression(code) => Gate::Depends(code.span()),
                Some(code) if compare || code.as_bool() == Some(true) => {
                    Gate::Fails(severity_floor(step.input("only-severities")))
                }
                Some(code) => Gate::ReportsOnly(NoGate::ScoutNoExitCode, code.span()),
                None => Gate::ReportsOnly(NoGate::ScoutNoExitCode, with_span),
            };
            found
                .scans
                .push(scan(Scanner::ScoutAction, input_str("image"), gate));
        }
        action if action.starts_with("snyk/actions/docker") => {
            let threshold = input_str("args")
                .and_then(|args| {
                    args.split_whitespace()
                        .find_map(|arg| arg.strip_prefix("--severity-threshold="))
                        .and_then(Level::parse)
                })
                .unwrap_or(Level::Low);
            found.scans.push(scan(
                Scanner::SnykAction,
                input_str("image"),
                Gate::Fails(threshold),
            ));
        }
        _ => {}
    }
}

/// `continue-on-error` / `allow_failure` turn a failing scan into a report.
fn tolerated(gate: Gate, may_fail: Option<Value>, platform: Platform) -> Gate {
    match (gate, may_fail) {
        (Gate::Fails(_), Some(setting)) if is_expression(setting) => Gate::Depends(setting.span()),
        (Gate::Fails(_), Some(setting)) => {
            let reason = match platform {
                Platform::GitHub => NoGate::ContinueOnError,
                Platform::GitLab => NoGate::AllowFailure,
            };
            Gate::ReportsOnly(reason, setting.span())
        }
        (gate, _) => gate,
    }
}

fn is_expression(value: Value) -> bool {
    value
        .as_str()
        .is_some_and(|text| text.contains("${{") || text.starts_with('$'))
}

/// The lowest severity a `severity:` list names; every severity when the
/// input is absent or an expression.
fn severity_floor(list: Option<Value>) -> Level {
    list.and_then(|list| list.as_str())
        .and_then(Level::lowest_of)
        .unwrap_or(Level::Unknown)
}

/// A `tags:`-style input: a sequence, or lines and commas of a string.
fn list_items(source: &str, value: Value) -> Vec<(String, Span)> {
    if value.is_sequence() {
        return value
            .items()
            .filter_map(|item| Some((item.as_str()?.trim().to_string(), item.span())))
            .collect();
    }
    let Some(text) = value.as_str() else {
        return Vec::new();
    };
    let mut items = Vec::new();
    let mut start = 0;
    for piece in split_outside_expressions(text) {
        let trimmed = piece.trim();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            let offset = start + (piece.len() - piece.trim_start().len());
            items.push((
                trimmed.to_string(),
                value_span(source, value, offset..offset + trimmed.len()),
            ));
        }
        start += piece.len() + 1;
    }
    items
}

/// Pieces of `text` between line breaks and commas that are not inside
/// a `${{ … }}` expression.
fn split_outside_expressions(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let (mut start, mut depth) = (0, 0usize);
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if text[at..].starts_with("${{") {
            depth += 1;
            at += 3;
            continue;
        }
        if depth > 0 && text[at..].starts_with("}}") {
            depth -= 1;
            at += 2;
            continue;
        }
        if depth == 0 && matches!(bytes[at], b'\n' | b',') {
            pieces.push(&text[start..at]);
            start = at + 1;
        }
        at += 1;
    }
    pieces.push(&text[start..]);
    pieces
}

/// `${{ … }}` replaced by `$EEE…` of the same length: the shell layer reads
/// it as one variable, and offsets stay those of the text.
fn mask_expressions(text: &str) -> String {
    let mut masked = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        let Some(length) = rest[start..].find("}}").map(|end| end + 2) else {
            break;
        };
        masked.push_str(&rest[..start]);
        let expression = &rest[start..start + length];
        masked.push('$');
        masked.extend(expression.chars().skip(1).map(|_| 'E'));
        rest = &rest[start + length..];
    }
    masked.push_str(rest);
    // Multi-byte characters inside an expression became one `E` each:
    // keep byte offsets by padding.
    if masked.len() != text.len() {
        return text.to_string();
    }
    masked
}

/// The builds, pushes and scans of one script.
fn script_step<'a>(
    job: usize,
    step: Step<'a>,
    run: Value<'a>,
    may_fail: Option<Value<'a>>,
    platform: Platform,
    found: &mut ImageSteps<'a>,
) {
    let Some(text) = run.as_str() else { return };
    let masked = mask_expressions(text);
    let script = parse_script(&masked);
    for command in &script.commands {
        let words: Vec<&str> = command
            .words
            .iter()
            .map(|word| word.value.as_str())
            .collect();
        let span_of = |range: Range<usize>| value_span(step.source, run, range);
        let command_span = span_of(command.range.clone());
        let scan = |scanner: Scanner, image: Option<String>, gate: Gate| Scan {
            job: Some(job),
            step: Some(step),
            span: command_span,
            scanner,
            image,
            gate: command_gate(gate, command, step, command_span, may_fail, platform),
        };
        let Some(program) = words
            .first()
            .map(|word| word.rsplit('/').next().unwrap_or(word))
        else {
            continue;
        };
        match program {
            "docker" | "podman" | "buildah" | "nerdctl" => {
                let rest = &words[1..];
                let (verb_len, verb) = match rest {
                    ["buildx", "build" | "b", ..] | ["image", "build", ..] => (2, "build"),
                    ["build" | "bud", ..] => (1, "build"),
                    ["push", ..] => (1, "push"),
                    ["image", "push", ..] => (2, "push"),
                    ["scout", "cves", ..] => (2, "scout"),
                    _ => continue,
                };
                let args = Args::new(command, 1 + verb_len, text);
                match verb {
                    "build" => found.builds.push(Build {
                        job,
                        step,
                        span: command_span,
                        dockerfile: args.value(&["-f", "--file"]).map(|(value, _)| value),
                        context: args.operands.last().map(|(value, _)| value.clone()),
                        tags: args
                            .values(&["-t", "--tag"])
                            .into_iter()
                            .map(|(tag, range)| (tag, span_of(range)))
                            .collect(),
                        pushes: args.flag(&["--push"])
                            || args
                                .value(&["-o", "--output"])
                                .is_some_and(|(output, _)| output.contains("push=true")),
                        build_args: args.build_args(span_of),
                    }),
                    "push" => {
                        if let Some((image, range)) = args.operands.first() {
                            found.pushes.push(Push {
                                job,
                                image: image.clone(),
                                span: span_of(range.clone()),
                            });
                        }
                    }
                    _ => {
                        // `--exit-code` is a flag of `docker scout cves`.
                        let gate = if args.flag(&["-e", "--exit-code"]) {
                            Gate::Fails(
                                args.value(&["--only-severity"])
                                    .and_then(|(list, _)| Level::lowest_of(&list))
                                    .unwrap_or(Level::Unknown),
                            )
                        } else {
                            Gate::ReportsOnly(NoGate::ScoutNoExitCode, command_span)
                        };
                        let image = args.operands.first().map(|(image, _)| image.clone());
                        found.scans.push(scan(Scanner::Scout, image, gate));
                    }
                }
            }
            "executor"
                if words.iter().any(|word| {
                    word.starts_with("--dockerfile")
                        || word.starts_with("--destination")
                        || word.starts_with("--context")
                }) =>
            {
                let args = Args::new(command, 1, text);
                let tags: Vec<(String, Span)> = args
                    .values(&["-d", "--destination"])
                    .into_iter()
                    .map(|(tag, range)| (tag, span_of(range)))
                    .collect();
                found.builds.push(Build {
                    job,
                    step,
                    span: command_span,
                    dockerfile: args.value(&["-f", "--dockerfile"]).map(|(value, _)| value),
                    context: args.value(&["-c", "--context"]).map(|(value, _)| value),
                    pushes: !tags.is_empty() && !args.flag(&["--no-push"]),
                    tags,
                    build_args: args.build_args(span_of),
                });
            }
            "trivy" => {
                let Some(target) = words.get(1) else { continue };
                if !matches!(*target, "image" | "i") {
                    continue;
                }
                let args = Args::new(command, 2, text);
                let gate = match args.value(&["--exit-code"]) {
                    Some((code, range)) if code.starts_with('$') => Gate::Depends(span_of(range)),
                    Some((code, _)) if code.trim() != "0" => Gate::Fails(
                        args.value(&["-s", "--severity"])
                            .and_then(|(list, _)| Level::lowest_of(&list))
                            .unwrap_or(Level::Unknown),
                    ),
                    Some((_, range)) => Gate::ReportsOnly(NoGate::ExitCodeZero, span_of(range)),
                    None => Gate::ReportsOnly(NoGate::ExitCodeZero, command_span),
                };
                let image = args
                    .operands
                    .first()
                    .map(|(image, _)| image.clone())
                    .or_else(|| args.value(&["--input"]).map(|(input, _)| input));
                found.scans.push(scan(Scanner::Trivy, image, gate));
            }
            "grype" => {
                let args = Args::new(command, 1, text);
                let Some((image, _)) = args.operands.first().cloned() else {
                    continue;
                };
                let gate = match args.value(&["--fail-on", "-f"]) {
                    Some((level, range)) => match Level::parse(&level) {
                        Some(level) => Gate::Fails(level),
                        None => Gate::Depends(span_of(range)),
                    },
                    None => Gate::ReportsOnly(NoGate::ExitCodeZero, command_span),
                };
                found.scans.push(scan(Scanner::Grype, Some(image), gate));
            }
            "snyk" if words.get(1) == Some(&"container") && words.get(2) == Some(&"test") => {
                let args = Args::new(command, 3, text);
                let threshold = args
                    .value(&["--severity-threshold"])
                    .and_then(|(level, _)| Level::parse(&level))
                    .unwrap_or(Level::Low);
                let image = args.operands.first().map(|(image, _)| image.clone());
                found
                    .scans
                    .push(scan(Scanner::Snyk, image, Gate::Fails(threshold)));
            }
            _ => {}
        }
    }
}

/// A scan command's gate, with what its script and job make of its exit
/// code.
fn command_gate(
    gate: Gate,
    command: &SimpleCommand,
    step: Step,
    span: Span,
    may_fail: Option<Value>,
    platform: Platform,
) -> Gate {
    use crate::shell::Connector;
    match gate {
        Gate::Fails(_) if command.connector_after == Some(Connector::Or) => {
            Gate::ReportsOnly(NoGate::OrTrue, span)
        }
        Gate::Fails(_) if step.after_script => Gate::ReportsOnly(NoGate::AfterScript, span),
        gate => tolerated(gate, may_fail, platform),
    }
}

/// An option's value or an operand, unquoted, with its range in the script.
type Argument = (String, Range<usize>);

/// A command's options and operands after its verb, as the text writes
/// them (expressions unmasked).
struct Args {
    /// `(option, value, range of the value)`; flags have no value.
    options: Vec<(String, Option<Argument>)>,
    operands: Vec<(String, Range<usize>)>,
}

/// Options that take a value in the tools read here; others are flags.
const VALUE_OPTIONS: &[&str] = &[
    "-f",
    "--file",
    "-t",
    "--tag",
    "--build-arg",
    "--platform",
    "--target",
    "--label",
    "--cache-from",
    "--cache-to",
    "-o",
    "--output",
    "--secret",
    "--ssh",
    "--network",
    "--progress",
    "--iidfile",
    "--metadata-file",
    "--builder",
    "--build-context",
    "--add-host",
    "--shm-size",
    "--ulimit",
    "--attest",
    "--sbom",
    "--provenance",
    "--annotation",
    "--allow",
    "--call",
    "-m",
    "--memory",
    "--exit-code",
    "-e",
    "-s",
    "--severity",
    "--format",
    "--output-file",
    "--template",
    "--ignorefile",
    "--skip-dirs",
    "--skip-files",
    "--timeout",
    "--input",
    "--fail-on",
    "--only-severity",
    "--only-severities",
    "--severity-threshold",
    "-d",
    "--destination",
    "--dockerfile",
    "-c",
    "--context",
    "--cache-repo",
    "--vuln-type",
    "--pkg-types",
    "--scanners",
    "--db-repository",
    "--cache-dir",
    "--username",
    "-u",
    "--password",
    "-p",
    "--authfile",
    "--config",
    "--org",
    "--name",
    "--only-fixed",
    "--scope",
];

impl Args {
    fn new(command: &SimpleCommand, skip: usize, text: &str) -> Args {
        let mut options = Vec::new();
        let mut operands = Vec::new();
        let words = command.words.get(skip..).unwrap_or_default();
        let value_of = |index: usize| {
            let word = &words[index];
            let raw = text.get(word.range.clone()).unwrap_or(&word.value);
            (
                unquote(raw.trim()).replace(['"', '\''], ""),
                word.range.clone(),
            )
        };
        let mut index = 0;
        while index < words.len() {
            let word = &words[index].value;
            if word.starts_with('-') && word.len() > 1 {
                if let Some((name, value)) = word.split_once('=') {
                    let range = &words[index].range;
                    let start = range.end - value.len().min(range.len());
                    options.push((
                        name.to_string(),
                        Some((unquote(value.trim()).to_string(), start..range.end)),
                    ));
                } else if VALUE_OPTIONS.contains(&word.as_str())
                    && words
                        .get(index + 1)
                        .is_some_and(|next| !next.value.starts_with('-'))
                {
                    options.push((word.clone(), Some(value_of(index + 1))));
                    index += 1;
                } else {
                    options.push((word.clone(), None));
                }
            } else {
                operands.push(value_of(index));
            }
            index += 1;
        }
        Args { options, operands }
    }

    fn flag(&self, names: &[&str]) -> bool {
        self.options
            .iter()
            .any(|(name, _)| names.contains(&name.as_str()))
    }

    fn value(&self, names: &[&str]) -> Option<(String, Range<usize>)> {
        self.values(names).into_iter().last()
    }

    /// `--build-arg NAME=value` as (name, value, span of the argument).
    fn build_args(&self, span_of: impl Fn(Range<usize>) -> Span) -> Vec<(String, String, Span)> {
        self.values(&["--build-arg"])
            .into_iter()
            .map(|(arg, range)| {
                let (name, value) = arg.split_once('=').unwrap_or((&arg, ""));
                (name.to_string(), value.to_string(), span_of(range))
            })
            .collect()
    }

    fn values(&self, names: &[&str]) -> Vec<(String, Range<usize>)> {
        self.options
            .iter()
            .filter(|(name, _)| names.contains(&name.as_str()))
            .filter_map(|(_, value)| value.clone())
            .collect()
    }
}
