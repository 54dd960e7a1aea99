//! PLWxxx: CI workflows (GitHub Actions, GitLab CI). The workflow builds,
//! scans and pushes the image: whether a scan can stop a vulnerable image,
//! whether secrets reach the build as build arguments, whether the actions
//! that see the image and the registry credentials are pinned, and how the
//! pushed image is tagged. Codes take their hundreds digit from the seed's
//! section (`PLW3xx`: vulnerabilities).

pub mod action_not_pinned;
pub mod image_not_scanned;
pub mod push_latest_only;
pub mod scan_does_not_fail;
pub mod secret_build_arg;

use crate::companion::workflow::Step;
use crate::fix::Edit;
use crate::rules::compose::first_key_line;
use crate::rules::WorkflowContext;

/// How findings name a job, or a job's step (`build`, `build/Scan image`).
pub(crate) fn resource(
    context: &WorkflowContext,
    job: Option<usize>,
    step: Option<Step>,
) -> String {
    let Some(job) = job.and_then(|job| context.workflow.jobs.get(job)) else {
        return String::new();
    };
    match step
        .and_then(|step| step.node.get("name"))
        .and_then(|name| name.as_str())
    {
        Some(name) => format!("{}/{name}", job.name),
        None => job.name.to_string(),
    }
}

/// Inserts `line` as the first key of a step's block-style `with:`
/// mapping; `None` for a flow mapping or a step without `with:`.
pub(crate) fn insert_input(source: &str, step: Step, line: &str) -> Option<Edit> {
    let with = step.node.get("with")?;
    let (at, indent) = first_key_line(source, with)?;
    Some(Edit::insert(at, format!("{}{line}\n", " ".repeat(indent))))
}
