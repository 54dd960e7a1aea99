//! `plimsoll fix`: applies fixes until none is left, and refuses to produce
//! a file that does not parse. Line endings and the final newline stay as
//! they were.

use std::collections::BTreeMap;

use plimsoll_core::fix::{self, Fix, Safety};
use plimsoll_core::project::Project;
use plimsoll_core::{check, Lang, Report, Settings};

/// Rounds of fixing: overlapping fixes wait for the next round.
const MAX_ROUNDS: usize = 10;

#[derive(Debug)]
pub struct Outcome {
    pub text: String,
    /// Rules whose findings went away, with how many.
    pub fixed: BTreeMap<&'static str, usize>,
    /// Fixes left that need review (not applied without `--unsafe`).
    pub review_left: usize,
}

impl Outcome {
    pub fn fixed_count(&self) -> usize {
        self.fixed.values().sum()
    }

    /// `PL301, PL302 ×2`
    pub fn fixed_list(&self) -> String {
        self.fixed
            .iter()
            .map(|(code, count)| {
                if *count == 1 {
                    (*code).to_owned()
                } else {
                    format!("{code} ×{count}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Why a file is left alone.
#[derive(Debug, PartialEq, Eq)]
pub enum FixError {
    /// The Dockerfile has errors: fixes are only trusted on a valid file.
    Invalid { line: u32, message: String },
    /// The fixes would make the file invalid (a bug in a fix).
    WouldBreak { line: u32, message: String },
}

fn first_error(report: &Report) -> Option<(u32, String)> {
    report
        .errors
        .first()
        .map(|error| (error.location.start.line, error.message.clone()))
}

fn wanted(fix: &Fix, unsafe_fixes: bool) -> bool {
    fix.is_applicable()
        && (fix.safety == Safety::Safe || (unsafe_fixes && fix.safety == Safety::NeedsReview))
}

fn active_counts(report: &Report) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for finding in report.active_findings() {
        *counts.entry(finding.rule).or_insert(0) += 1;
    }
    counts
}

/// Fixes `source`. Suppressed findings are not fixed.
pub fn fix_text(
    source: &str,
    settings: &Settings,
    unsafe_fixes: bool,
) -> Result<Outcome, FixError> {
    let before = check(source, settings);
    if let Some((line, message)) = first_error(&before) {
        return Err(FixError::Invalid { line, message });
    }
    let crlf = is_crlf(source);
    let mut text = if crlf {
        source.replace("\r\n", "\n")
    } else {
        source.to_owned()
    };
    let mut report = if crlf {
        check(&text, settings)
    } else {
        before.clone()
    };
    for _ in 0..MAX_ROUNDS {
        let fixes: Vec<&Fix> = report
            .active_findings()
            .filter_map(|finding| finding.fix.as_ref())
            .filter(|fix| wanted(fix, unsafe_fixes))
            .collect();
        if fixes.is_empty() {
            break;
        }
        let (fixed, applied) = fix::apply(&text, fixes);
        if applied == 0 || fixed == text {
            break;
        }
        text = fixed;
        report = check(&text, settings);
    }
    if let Some((line, message)) = first_error(&report) {
        return Err(FixError::WouldBreak { line, message });
    }
    let review_left = report
        .active_findings()
        .filter_map(|finding| finding.fix.as_ref())
        .filter(|fix| fix.is_applicable() && fix.safety == Safety::NeedsReview)
        .count();
    let after = active_counts(&report);
    let fixed = active_counts(&before)
        .into_iter()
        .filter_map(|(code, count)| {
            let gone = count.saturating_sub(after.get(code).copied().unwrap_or(0));
            (gone > 0).then_some((code, gone))
        })
        .collect();
    Ok(Outcome {
        text: with_endings_of(source, text, crlf),
        fixed,
        review_left,
    })
}

/// Whether every line of `source` ends in CRLF: such a file is fixed with
/// LF endings and turned back, so that inserted lines get CRLF too.
fn is_crlf(source: &str) -> bool {
    source.contains("\r\n") && source.matches('\n').count() == source.matches("\r\n").count()
}

/// `text` with the line endings and the final newline (or its absence) of
/// `source`.
fn with_endings_of(source: &str, mut text: String, crlf: bool) -> String {
    if crlf {
        text = text.replace('\n', "\r\n");
    }
    let newline = if crlf { "\r\n" } else { "\n" };
    match (source.ends_with('\n'), text.ends_with('\n')) {
        (true, false) => text.push_str(newline),
        (false, true) => {
            text.pop();
            if text.ends_with('\r') {
                text.pop();
            }
        }
        _ => {}
    }
    text
}

/// Fixes every file of a project together: each file's own fixes, and the
/// edits other files' fixes make in it (PL420 appends to `.dockerignore`).
/// A file with errors is left alone; one the fixes would break is refused.
/// One result per file of the project, in its order.
pub fn fix_project(
    project: &Project,
    settings: &Settings,
    unsafe_fixes: bool,
) -> Vec<Result<Outcome, FixError>> {
    let lang = Lang::En;
    let reports = |texts: &[String]| -> Vec<(String, Report)> {
        Project {
            files: project
                .files
                .iter()
                .zip(texts)
                .map(|((path, _), text)| (path.clone(), text.clone()))
                .collect(),
            paths: project.paths.clone(),
            name: project.name.clone(),
        }
        .check(settings)
        .into_iter()
        .map(|file| (file.path.clone(), file.into_report(lang)))
        .collect()
    };
    let crlf: Vec<bool> = project
        .files
        .iter()
        .map(|(_, text)| is_crlf(text))
        .collect();
    let mut texts: Vec<String> = project
        .files
        .iter()
        .zip(&crlf)
        .map(|((_, text), crlf)| {
            if *crlf {
                text.replace("\r\n", "\n")
            } else {
                text.clone()
            }
        })
        .collect();
    let before = reports(&texts);
    // Files with errors are not edited: fixes are only trusted on valid files.
    let editable: Vec<bool> = before
        .iter()
        .map(|(_, report)| report.errors.is_empty())
        .collect();
    let mut report = before.clone();
    for _ in 0..MAX_ROUNDS {
        // Each fix with the file its finding is in: its edits land there
        // or in the file they name.
        let fixes: Vec<(&str, &Fix)> = report
            .iter()
            .flat_map(|(path, report)| {
                report
                    .active_findings()
                    .filter_map(|finding| finding.fix.as_ref())
                    .map(move |fix| (path.as_str(), fix))
            })
            .filter(|(_, fix)| wanted(fix, unsafe_fixes))
            .collect();
        let mut changed = false;
        for (index, (path, _)) in report.iter().enumerate() {
            if !editable[index] {
                continue;
            }
            let (fixed, _) = fix::apply_to(path, &texts[index], fixes.iter().copied());
            if fixed != texts[index] {
                texts[index] = fixed;
                changed = true;
            }
        }
        if !changed {
            break;
        }
        report = reports(&texts);
    }
    before
        .iter()
        .zip(&report)
        .zip(project.files.iter().zip(texts).zip(crlf))
        .map(|(((_, before), (_, after)), (((_, source), text), crlf))| {
            if let Some((line, message)) = first_error(before) {
                return Err(FixError::Invalid { line, message });
            }
            if let Some((line, message)) = first_error(after) {
                return Err(FixError::WouldBreak { line, message });
            }
            let counts = active_counts(after);
            let fixed = active_counts(before)
                .into_iter()
                .filter_map(|(code, count)| {
                    let gone = count.saturating_sub(counts.get(code).copied().unwrap_or(0));
                    (gone > 0).then_some((code, gone))
                })
                .collect();
            let review_left = after
                .active_findings()
                .filter_map(|finding| finding.fix.as_ref())
                .filter(|fix| fix.is_applicable() && fix.safety == Safety::NeedsReview)
                .count();
            Ok(Outcome {
                text: with_endings_of(source, text, crlf),
                fixed,
                review_left,
            })
        })
        .collect()
}

/// A unified diff of `old` and `new` for `name`.
pub fn diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const APT: &str =
        "FROM debian:12.8-slim\nRUN apt-get update && apt-get install -y curl\nUSER nobody\n";

    #[test]
    fn keeps_crlf_and_missing_final_newline() {
        let crlf = APT.replace('\n', "\r\n");
        let crlf = crlf.trim_end_matches("\r\n");
        let outcome = fix_text(crlf, &Settings::default(), false).unwrap();
        assert!(outcome.fixed_count() > 0, "{outcome:?}");
        assert_ne!(outcome.text, crlf);
        assert!(!outcome.text.ends_with('\n'));
        assert_eq!(
            outcome.text.matches('\n').count(),
            outcome.text.matches("\r\n").count(),
            "{:?}",
            outcome.text
        );
    }

    #[test]
    fn refuses_invalid_files() {
        let error = fix_text("FORM alpine\n", &Settings::default(), false).unwrap_err();
        assert!(
            matches!(error, FixError::Invalid { line: 1, .. }),
            "{error:?}"
        );
    }
}
