//! The check, top to bottom: parse → model → rules → suppressions →
//! findings → checklist, for one Dockerfile (here) and then for a project
//! (`project.rs`, which runs the Compose and Kubernetes rules the same way
//! and decides each checklist with the files around it). The modules below
//! define what a check returns and how each step works; only this one
//! strings them together.

use crate::checklist;
use crate::companion::context::BuildContext;
use crate::model::{Base, Model};
use crate::report::{ErrorReport, Finding, Related, Report, StageSummary, Suppressed, Text};
use crate::rules::{self, Context, Diagnostic};
use crate::settings::Settings;
use crate::span::{Location, Span};
use crate::suppress;
use crate::syntax::{self, Dockerfile};

/// Parses `source` and runs every enabled rule on it.
pub fn check(source: &str, settings: &Settings) -> Report {
    let dockerfile = syntax::parse(source);
    let mut model = Model::build(&dockerfile, settings.target.as_deref());
    if let Some(path) = &settings.path {
        model.judge_by_path(path);
    }
    build(source, &dockerfile, &model, settings, None)
}

/// Checks the Dockerfile at `path` (as the project names it) with what its
/// build sees: the ignore file that applies and, when known, the paths of
/// the build context. The checklist says which files decided each item.
pub fn check_in_context(
    path: &str,
    source: &str,
    settings: &Settings,
    build_context: &BuildContext,
) -> Report {
    let dockerfile = syntax::parse(source);
    let mut model = Model::build(&dockerfile, settings.target.as_deref());
    model.judge_by_path(path);
    let mut report = build(source, &dockerfile, &model, settings, Some(build_context));
    report.image.path = path.to_string();
    report.checklist = checklist_in_context(&report, path, build_context, &[]);
    report
}

/// The checklist of a Dockerfile checked in its project: decided by the
/// Dockerfile, its build context, and the Compose files and manifests that
/// run its image (`runtime`).
pub(crate) fn checklist_in_context(
    report: &Report,
    path: &str,
    build_context: &BuildContext,
    runtime: &[checklist::RuntimeEvidence],
) -> checklist::Checklist {
    let mut evidence: Vec<String> = build_context
        .ignore
        .iter()
        .map(|ignore| ignore.path.clone())
        .collect();
    if build_context.paths.is_some() {
        let root = path.rsplit_once('/').map_or(".", |(dir, _)| dir);
        evidence.push(format!("{root}/"));
    }
    checklist::evaluate_with(
        &report.findings,
        &report.stages,
        std::slice::from_ref(&path.to_string()),
        &[("dockerignore", evidence)],
        runtime,
    )
}

pub(crate) fn build(
    source: &str,
    dockerfile: &Dockerfile,
    model: &Model,
    settings: &Settings,
    build_context: Option<&BuildContext>,
) -> Report {
    let index = &dockerfile.line_index;
    let location = |span: Span| index.location(source, span);
    let scripts = crate::model::scripts(dockerfile, model);
    let context = Context::new(source, dockerfile, model, settings, &scripts, build_context);
    let suppressions = if settings.strict {
        Vec::new()
    } else {
        suppress::collect(dockerfile)
    };
    let diagnostics = rules::run(&context);
    let image = rules::image_facts(&context, "");
    // The parsed scripts and what the rules shared are done with: freed
    // before the findings are made, the largest inputs are not held twice.
    drop(context);
    let make_findings = |diagnostics: rules::InOrder| {
        findings(
            diagnostics,
            &suppressions,
            settings,
            |_, span| location(span),
            |span| stage_at(dockerfile, model, span),
        )
    };
    let instructions = &dockerfile.instructions;
    let findings = if crate::threads::worth_two(instructions.len()) {
        // A very large file: the second thread frees the scripts, then
        // makes the second half's findings while this one makes the first's.
        let middle = instructions[instructions.len() / 2].span.start;
        let (before, after) = diagnostics.split_at(middle);
        let (mut findings, rest) = crate::threads::join(
            true,
            || make_findings(before),
            || {
                drop(scripts);
                make_findings(after)
            },
        );
        findings.extend(rest);
        findings
    } else {
        drop(scripts);
        make_findings(diagnostics)
    };
    let errors = dockerfile
        .errors
        .iter()
        .map(|error| (error.message.clone(), error.span))
        .chain(
            model
                .errors
                .iter()
                .map(|error| (error.message.clone(), error.span)),
        )
        .map(|(message, span)| ErrorReport {
            message,
            span,
            location: location(span),
        })
        .collect();
    // Once, not per stage: a chain of stages is as long as the file.
    let mut builds_final = vec![false; model.stages.len()];
    for stage in model
        .final_stage
        .map(|last| model.ancestry(last))
        .unwrap_or_default()
    {
        builds_final[stage] = true;
    }
    let stages: Vec<StageSummary> = model
        .stages
        .iter()
        .map(|stage| StageSummary {
            index: stage.index,
            name: stage.name.clone(),
            line: dockerfile.instructions[stage.from].line,
            base: stage.base_text.clone(),
            base_kind: match stage.base {
                Base::Scratch => "scratch",
                Base::Stage(_) => "stage",
                Base::Image(_) => "image",
                Base::Unresolved { .. } | Base::Invalid { .. } => "unresolved",
            },
            reaches_final: model.reaches_final[stage.index],
            builds_final: builds_final[stage.index],
            is_final: model.final_stage == Some(stage.index),
            purpose: model.purposes[stage.index],
        })
        .collect::<Vec<_>>();
    Report {
        version: crate::VERSION,
        checklist: checklist::evaluate(&findings, &stages),
        findings,
        stages,
        errors,
        image,
        vulnerabilities: None,
    }
}

/// Turns a file's diagnostics (in file order) into findings: settings
/// rate them, suppression comments mark them, their places get line and
/// column (`locate`: in the file, or in the other project file named).
pub(crate) fn findings(
    diagnostics: impl IntoIterator<Item = Diagnostic>,
    suppressions: &[suppress::Suppression],
    settings: &Settings,
    locate: impl Fn(Option<&str>, Span) -> Location,
    stage_at: impl Fn(Span) -> Option<usize>,
) -> Vec<Finding> {
    let mut sweep = suppress::Sweep::new(suppressions);
    diagnostics
        .into_iter()
        .map(|diagnostic: Diagnostic| {
            let suppressed = sweep
                .find(diagnostic.span.start, diagnostic.rule, diagnostic.not_for)
                .map(|suppression| Suppressed {
                    reason: suppression.reason.clone(),
                    scope: suppression.scope,
                    span: suppression.span,
                });
            let related: Vec<Related> = diagnostic
                .related
                .into_iter()
                .map(|part| Related {
                    location: locate(part.file.as_deref(), part.span),
                    file: part.file,
                    span: part.span,
                    message: part.message,
                })
                .collect();
            Finding {
                definition: diagnostic.rule,
                rule: diagnostic.rule.code,
                name: diagnostic.rule.name,
                severity: settings
                    .severity_override(diagnostic.rule)
                    .or(diagnostic.severity)
                    .unwrap_or(diagnostic.rule.severity),
                message: with_places(diagnostic.message, &related),
                span: diagnostic.span,
                location: locate(None, diagnostic.span),
                related,
                stage: diagnostic.stage.or_else(|| stage_at(diagnostic.span)),
                resource: diagnostic.resource,
                fix: diagnostic.fix,
                suppressed,
                not_for: diagnostic.not_for.to_vec(),
            }
        })
        .collect()
}

/// A finding's message naming its other places, for formats that show one
/// line per finding: `… (also at 12:5, 14:5 and 15:9)`.
fn with_places(message: Text, related: &[Related]) -> Text {
    const LISTED: usize = 5;
    // Places in other files are context (the image's USER), not repeats.
    let related: Vec<&Related> = related
        .iter()
        .filter(|related| related.file.is_none())
        .collect();
    if related.is_empty() {
        return message;
    }
    let places: Vec<String> = related
        .iter()
        .take(LISTED)
        .map(|related| {
            let start = related.location.start;
            format!("{}:{}", start.line, start.column)
        })
        .collect();
    let more = related.len().saturating_sub(LISTED);
    let en = match (places.split_last(), more) {
        (Some((last, [])), 0) => last.clone(),
        (Some((last, rest)), 0) => format!("{} and {last}", rest.join(", ")),
        _ => format!("{} and {more} more", places.join(", ")),
    };
    let ja = if more == 0 {
        places.join("、")
    } else {
        format!("{} ほか {more} か所", places.join("、"))
    };
    crate::text!(
        format!("{} (also at {en})", message.en),
        format!("{}（{ja} にもあります）", message.ja),
    )
}

/// The stage of the instruction containing `span`.
fn stage_at(dockerfile: &Dockerfile, model: &Model, span: Span) -> Option<usize> {
    let index = dockerfile
        .instructions
        .partition_point(|instruction| instruction.span.start <= span.start)
        .checked_sub(1)?;
    model.instruction_stage[index]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A very large file's findings are made in two halves: together they
    /// are the findings made at once, suppression comments included.
    #[test]
    fn findings_made_in_halves_are_the_findings_made_at_once() {
        let mut source =
            String::from("FROM ubuntu:22.04\n# plimsoll ignore-file=PL202 -- pinned elsewhere\n");
        for i in 0..600 {
            if i % 7 == 0 {
                source.push_str("# plimsoll ignore=PL310,PL801 -- reviewed\n");
            }
            if i % 50 == 0 {
                source.push_str(&format!("FROM alpine AS stage{i}\n"));
            }
            source.push_str(
                [
                    "RUN apt-get install -y curl git\n",
                    "RUN pip install requests flask\n",
                    "RUN curl -fsSL https://x.io/i.sh | sh\n",
                    "ADD app.js /app/\n",
                    "ENV PASSWORD=hunter2\n",
                ][i % 5],
            );
        }
        let dockerfile = syntax::parse(&source);
        let model = Model::build(&dockerfile, None);
        let settings = Settings::default();
        let scripts = crate::model::scripts(&dockerfile, &model);
        let context = Context::new(&source, &dockerfile, &model, &settings, &scripts, None);
        let suppressions = suppress::collect(&dockerfile);
        let make = |diagnostics: rules::InOrder| {
            findings(
                diagnostics,
                &suppressions,
                &settings,
                |_, span| dockerfile.line_index.location(&source, span),
                |span| stage_at(&dockerfile, &model, span),
            )
        };
        let at_once = make(rules::run(&context));
        let middle = dockerfile.instructions[dockerfile.instructions.len() / 2]
            .span
            .start;
        let (before, after) = rules::run(&context).split_at(middle);
        let mut in_halves = make(before);
        let first_half = in_halves.len();
        in_halves.extend(make(after));
        assert!(
            first_half > 100 && in_halves.len() - first_half > 100,
            "both halves have findings"
        );
        assert!(at_once.iter().any(|finding| finding.suppressed.is_some()));
        assert_eq!(in_halves, at_once);
    }
}
