//! Plimsoll's analysis core: a Dockerfile parser with BuildKit semantics, a
//! semantic model, the security rules and the checklist. Pure Rust, no I/O:
//! the same code runs in the CLI and, compiled to WebAssembly, in the browser.

pub mod checklist;
pub mod companion;
pub mod coverage;
pub mod docs;
pub mod export;
pub mod fix;
pub mod gallery;
pub mod model;
pub mod project;
pub mod report;
pub mod rules;
mod scan_evidence;
pub mod settings;
pub mod shell;
pub mod span;
pub mod suppress;
pub mod syntax;
pub mod wire;
pub mod workshop;

pub use report::{Finding, Lang, Report, Severity, Text};
pub use settings::Settings;
pub use span::{LineIndex, Location, Position, Span};

/// The version of the rule set, shown in every report and export.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Parses `source` and runs every enabled rule on it.
pub fn check(source: &str, settings: &Settings) -> Report {
    let dockerfile = syntax::parse(source);
    let mut model = model::Model::build(&dockerfile, settings.target.as_deref());
    if let Some(path) = &settings.path {
        model.judge_by_path(path);
    }
    report::build(source, &dockerfile, &model, settings, None)
}

/// Checks the Dockerfile at `path` (as the project names it) with what its
/// build sees: the ignore file that applies and, when known, the paths of
/// the build context. The checklist says which files decided each item.
pub fn check_in_context(
    path: &str,
    source: &str,
    settings: &Settings,
    build_context: &companion::context::BuildContext,
) -> Report {
    let dockerfile = syntax::parse(source);
    let mut model = model::Model::build(&dockerfile, settings.target.as_deref());
    model.judge_by_path(path);
    let mut report = report::build(source, &dockerfile, &model, settings, Some(build_context));
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
    build_context: &companion::context::BuildContext,
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
