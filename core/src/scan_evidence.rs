//! The checklist's scan items decided by the project's CI workflows and
//! scan reports, for each Dockerfile: `scan-in-ci` from the scans of the
//! image it builds and what they fail the pipeline on, `vulnerability-scan`
//! from a report or a CI scan, `critical-high-fixed` from the reports'
//! counts.
//!
//! A build is this Dockerfile's when its `-f`/`file:` (or its context's
//! `Dockerfile`) is the Dockerfile's path; a project with one Dockerfile
//! links every build, scan and report to it. A scan is of this image when
//! its workflow file builds it, or it names an image a build of it tags.

use crate::checklist::{Decided, Status};
use crate::companion::scan_report::{self, Ecosystem, ScanReport, Vulnerability};
use crate::companion::workflow::{self, Build, Gate, ImageSteps, Level, NoGate, Push, Scan};
use crate::companion::yaml::Yaml;
use crate::companion::FileKind;
use crate::project::{clean_path, directory, repository, CheckedFile, Project};
use crate::report::Text;
use crate::span::LineIndex;

/// The fixable vulnerabilities a failed `critical-high-fixed` names.
const NAMED: usize = 5;

/// Decides the scan items of every Dockerfile's checklist in `checked`.
pub(crate) fn decide(
    project: &Project,
    kinds: &[FileKind],
    yamls: &[Option<Yaml>],
    checked: &mut [CheckedFile],
    today: Option<i64>,
) {
    let dockerfiles: Vec<usize> = (0..checked.len())
        .filter(|&index| checked[index].report.is_some())
        .collect();
    if dockerfiles.is_empty() {
        return;
    }
    let workflows: Vec<(usize, ImageSteps)> = kinds
        .iter()
        .enumerate()
        .filter(|(_, kind)| **kind == FileKind::Workflow)
        .filter_map(|(index, _)| Some((index, yamls[index].as_ref()?)))
        .filter_map(|(index, yaml)| {
            let (path, text) = &project.files[index];
            Some((index, workflow::parse(path, text, yaml)?.image_steps()))
        })
        .collect();
    let reports: Vec<(usize, ScanReport)> = kinds
        .iter()
        .enumerate()
        .filter(|(_, kind)| **kind == FileKind::ScanReport)
        .filter_map(|(index, _)| Some((index, scan_report::parse(&project.files[index].1).ok()?)))
        .filter(|(_, report)| report.is_image != Some(false))
        .collect();
    let lone = dockerfiles.len() == 1;
    for &dockerfile in &dockerfiles {
        let path = &project.files[dockerfile].0;
        let builds: Vec<(usize, &Build)> = workflows
            .iter()
            .flat_map(|(file, steps)| steps.builds.iter().map(move |build| (*file, build)))
            .filter(|(_, build)| lone || builds_dockerfile(build, path))
            .collect();
        let tagged: Vec<String> = builds
            .iter()
            .flat_map(|(_, build)| build.tags.iter().map(|(tag, _)| repository(tag)))
            .filter(|tag| !tag.contains('$'))
            .collect();
        let scans: Vec<(usize, &Scan)> = workflows
            .iter()
            .flat_map(|(file, steps)| steps.scans.iter().map(move |scan| (*file, scan)))
            .filter(|(file, scan)| {
                lone || builds.iter().any(|(built_in, _)| built_in == file)
                    || scan
                        .image
                        .as_deref()
                        .is_some_and(|image| tagged.contains(&repository(image)))
            })
            .collect();
        // `docker push` of an image built elsewhere (a Makefile, a script).
        let pushes: Vec<(usize, &Push)> = workflows
            .iter()
            .flat_map(|(file, steps)| steps.pushes.iter().map(move |push| (*file, push)))
            .filter(|(file, push)| {
                lone || builds.iter().any(|(built_in, _)| built_in == file)
                    || tagged.contains(&repository(&push.image))
            })
            .collect();
        let linked_reports: Vec<(usize, &ScanReport)> = reports
            .iter()
            .filter(|(file, report)| {
                lone || directory(&project.files[*file].0) == directory(path)
                    || report
                        .artifact
                        .as_deref()
                        .is_some_and(|artifact| tagged.contains(&repository(artifact)))
            })
            .map(|(file, report)| (*file, report))
            .collect();
        let stages = checked[dockerfile]
            .report
            .as_ref()
            .map(|report| report.stages.clone())
            .unwrap_or_default();
        // Read only when a report can ask where a package comes from.
        let parsed = (!linked_reports.is_empty())
            .then(|| crate::syntax::parse(&project.files[dockerfile].1));
        let runs = parsed.as_ref().map(run_instructions).unwrap_or_default();
        let origin = |package: &str, ecosystem: Option<Ecosystem>| {
            origin(&runs, &stages, package, ecosystem)
        };
        let vulnerabilities = summary(project, &linked_reports, origin);
        let Some(report) = checked[dockerfile].report.as_mut() else {
            continue;
        };
        report.vulnerabilities = vulnerabilities;
        let checklist = &mut report.checklist;
        if let Some(decided) = scan_in_ci(project, &builds, &pushes, &scans) {
            checklist.decide(decided);
        }
        if let Some(decided) = vulnerability_scan(project, &linked_reports, &scans, today) {
            checklist.decide(decided);
        }
        if let Some(decided) = critical_high_fixed(project, &linked_reports, origin) {
            checklist.decide(decided);
        }
    }
}

/// Whether a build's Dockerfile is `path`: its `-f`/`file:` as the
/// workflow runs it from the repository root, or its context's
/// `Dockerfile`. Builds whose Dockerfile depends on a variable link only
/// in a project with one Dockerfile.
fn builds_dockerfile(build: &Build, path: &str) -> bool {
    let written = match (&build.dockerfile, &build.context) {
        (Some(file), _) => file.clone(),
        (None, Some(context)) => format!("{context}/Dockerfile"),
        (None, None) => return false,
    };
    let written = [
        "${{ github.workspace }}/",
        "$CI_PROJECT_DIR/",
        "${CI_PROJECT_DIR}/",
    ]
    .iter()
    .fold(written, |written, root| written.replace(root, ""));
    if written.contains('$') {
        return false;
    }
    clean_path(&written) == clean_path(path)
}

/// `ci.yml:23`: where a place of a project file is.
fn place(project: &Project, file: usize, offset: u32) -> String {
    let (path, text) = &project.files[file];
    let line = LineIndex::new(text).line_of(offset) + 1;
    format!("{path}:{line}")
}

fn scan_in_ci(
    project: &Project,
    builds: &[(usize, &Build)],
    pushes: &[(usize, &Push)],
    scans: &[(usize, &Scan)],
) -> Option<Decided> {
    let files = |places: &mut dyn Iterator<Item = usize>| {
        let mut files: Vec<String> = Vec::new();
        for file in places {
            let path = &project.files[file].0;
            if !files.contains(path) {
                files.push(path.clone());
            }
        }
        files
    };
    let gating = scans
        .iter()
        .find(|(_, scan)| matches!(scan.gate, Gate::Fails(level) if level <= Level::High));
    if let Some((file, scan)) = gating {
        let at = place(project, *file, scan.span.start);
        let name = scan.scanner.name();
        return Some(Decided {
            id: "scan-in-ci",
            status: Status::Pass,
            decided_by: files(&mut scans.iter().map(|(file, _)| *file)),
            note: Text::new(
                format!("`{name}` ({at}) fails the pipeline on CRITICAL and HIGH vulnerabilities."),
                format!(
                    "`{name}`（{at}）は CRITICAL と HIGH の脆弱性でパイプラインを失敗させます。"
                ),
            ),
        });
    }
    if let Some((file, scan)) = scans.first() {
        let at = place(project, *file, scan.span.start);
        let name = scan.scanner.name();
        let (en, ja) = match &scan.gate {
            Gate::Fails(_) => (
                "fails only on CRITICAL vulnerabilities: HIGH ones pass".to_string(),
                "CRITICAL の脆弱性でしか失敗しません。HIGH は通ります".to_string(),
            ),
            Gate::Depends(span) => (
                format!(
                    "fails the pipeline or not depending on a value set elsewhere ({})",
                    place(project, *file, span.start)
                ),
                format!(
                    "パイプラインを失敗させるかどうかは別の場所で決まる値次第です（{}）",
                    place(project, *file, span.start)
                ),
            ),
            Gate::ReportsOnly(reason, _) => {
                let (en, ja) = no_gate_reason(*reason);
                (
                    format!("only reports: {en}"),
                    format!("報告するだけです。{ja}"),
                )
            }
        };
        return Some(Decided {
            id: "scan-in-ci",
            status: Status::Warn,
            decided_by: files(&mut scans.iter().map(|(file, _)| *file)),
            note: Text::new(
                format!("`{name}` ({at}) {en}."),
                format!("`{name}`（{at}）は{ja}。"),
            ),
        });
    }
    let (file, span) = builds
        .first()
        .map(|(file, build)| (*file, build.span))
        .or_else(|| pushes.first().map(|(file, push)| (*file, push.span)))?;
    let at = place(project, file, span.start);
    let pushed = !pushes.is_empty() || builds.iter().any(|(_, build)| build.pushes);
    let (en, ja) = if builds.is_empty() {
        ("pushes the image", "イメージをプッシュします")
    } else if pushed {
        (
            "builds and pushes the image",
            "イメージをビルドしてプッシュします",
        )
    } else {
        ("builds the image", "イメージをビルドします")
    };
    Some(Decided {
        id: "scan-in-ci",
        status: Status::Fail,
        decided_by: files(
            &mut builds
                .iter()
                .map(|(file, _)| *file)
                .chain(pushes.iter().map(|(file, _)| *file)),
        ),
        note: Text::new(
            format!("The workflow ({at}) {en} and no step scans it for vulnerabilities."),
            format!("ワークフロー（{at}）は{ja}が、脆弱性をスキャンするステップがありません。"),
        ),
    })
}

/// Why a scan only reports, in a clause.
pub(crate) fn no_gate_reason(reason: NoGate) -> (&'static str, &'static str) {
    match reason {
        NoGate::ExitCodeZero => (
            "its exit code stays 0 whatever it finds",
            "何が見つかっても終了コードは 0 のままです",
        ),
        NoGate::FailBuildFalse => (
            "`fail-build: false` keeps the build green",
            "`fail-build: false` によりビルドは成功のままです",
        ),
        NoGate::ScoutNoExitCode => (
            "without `exit-code: true` (`--exit-code`) Docker Scout exits 0",
            "`exit-code: true`（`--exit-code`）がないと Docker Scout は 0 で終了します",
        ),
        NoGate::ContinueOnError => (
            "`continue-on-error` lets the workflow go on when it fails",
            "`continue-on-error` により失敗してもワークフローは続きます",
        ),
        NoGate::AllowFailure => (
            "the GitLab job may fail (`allow_failure`), and GitLab's container scanning job does not fail on findings",
            "GitLab のジョブは失敗が許されており（`allow_failure`）、GitLab のコンテナスキャンのジョブは検出があっても失敗しません",
        ),
        NoGate::OrTrue => (
            "`||` after the command swallows its exit code",
            "コマンドの後の `||` が終了コードを打ち消しています",
        ),
        NoGate::AfterScript => (
            "GitLab ignores failures in `after_script`",
            "GitLab は `after_script` の失敗を無視します",
        ),
    }
}

/// Reports older than this are stale: new vulnerabilities are published
/// every day.
const STALE_DAYS: i64 = 30;

/// Days since 1970-01-01 of an RFC 3339 date or time (`2026-11-02T10:00:00Z`).
fn days_of(date: &str) -> Option<i64> {
    let mut parts = date.get(..10)?.split('-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    // Howard Hinnant's days-from-civil.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

fn vulnerability_scan(
    project: &Project,
    reports: &[(usize, &ScanReport)],
    scans: &[(usize, &Scan)],
    today: Option<i64>,
) -> Option<Decided> {
    if let Some((file, report)) = reports.first() {
        let path = &project.files[*file].0;
        // What the report scanned, when it says (" (of `app:1`)").
        let (of_en, of_ja) = report.artifact.as_deref().map_or_else(
            || (String::new(), String::new()),
            |artifact| {
                (
                    format!(" (of `{artifact}`)"),
                    format!("（`{artifact}` のスキャン）"),
                )
            },
        );
        let age = today
            .zip(report.created.as_deref().and_then(days_of))
            .map(|(today, created)| today - created);
        if let Some(age) = age.filter(|age| *age > STALE_DAYS) {
            let date = report
                .created
                .as_deref()
                .unwrap_or("")
                .get(..10)
                .unwrap_or("");
            return Some(Decided {
                id: "vulnerability-scan",
                status: Status::Warn,
                decided_by: vec![path.clone()],
                note: Text::new(
                    format!("{} report `{path}`{of_en} is {age} days old ({date}): vulnerabilities published since are not in it; scan the image again.", report.tool),
                    format!("{} のレポート `{path}`{of_ja}は {age} 日前（{date}）のものです。その後に公開された脆弱性は含まれていないため、イメージを再スキャンしてください。", report.tool),
                ),
            });
        }
        // An undated report (Trivy's before 0.20) cannot be judged stale.
        let (undated_en, undated_ja) = if report.created.is_none() {
            (
                " It does not say when it was made: make sure it is a recent scan of the current image.",
                "作成日時が書かれていないため、現在のイメージを最近スキャンしたものか確かめてください。",
            )
        } else {
            ("", "")
        };
        return Some(Decided {
            id: "vulnerability-scan",
            status: Status::Pass,
            decided_by: reports
                .iter()
                .map(|(file, _)| project.files[*file].0.clone())
                .collect(),
            note: Text::new(
                format!("{} report `{path}`{of_en}.{undated_en}", report.tool),
                format!(
                    "{} のレポート `{path}`{of_ja}があります。{undated_ja}",
                    report.tool
                ),
            ),
        });
    }
    let (file, scan) = scans.first()?;
    let at = place(project, *file, scan.span.start);
    let name = scan.scanner.name();
    Some(Decided {
        id: "vulnerability-scan",
        status: Status::Pass,
        decided_by: vec![project.files[*file].0.clone()],
        note: Text::new(
            format!("CI scans the image with `{name}` ({at})."),
            format!("CI が `{name}`（{at}）でイメージをスキャンしています。"),
        ),
    })
}

fn critical_high_fixed(
    project: &Project,
    reports: &[(usize, &ScanReport)],
    origin: impl Fn(&str, Option<Ecosystem>) -> Origin,
) -> Option<Decided> {
    if reports.is_empty() {
        return None;
    }
    let all: Vec<&Vulnerability> = reports
        .iter()
        .flat_map(|(_, report)| &report.vulnerabilities)
        .collect();
    let serious = |level: Level| all.iter().filter(move |found| found.severity == level);
    let critical = serious(Level::Critical).count();
    let high = serious(Level::High).count();
    let critical_fixable = serious(Level::Critical)
        .filter(|found| found.fixed.is_some())
        .count();
    let high_fixable = serious(Level::High)
        .filter(|found| found.fixed.is_some())
        .count();
    let decided_by = reports
        .iter()
        .map(|(file, _)| project.files[*file].0.clone())
        .collect();
    let counts_en = format!(
        "{critical} CRITICAL ({critical_fixable} with a fix), {high} HIGH ({high_fixable} with a fix)"
    );
    let counts_ja = format!(
        "CRITICAL {critical} 件（修正版あり {critical_fixable} 件）、HIGH {high} 件（修正版あり {high_fixable} 件）"
    );
    let (status, en, ja) = if critical_fixable + high_fixable > 0 {
        let mut fixable: Vec<&&Vulnerability> = all
            .iter()
            .filter(|found| found.severity >= Level::High && found.fixed.is_some())
            .collect();
        crate::order::sort_by_key(&mut fixable, |found| std::cmp::Reverse(found.severity));
        let named = |lang: crate::report::Lang| {
            fixable
                .iter()
                .take(NAMED)
                .map(|found| {
                    format!(
                        "{} {} {} → {} {}",
                        found.id,
                        found.package,
                        found.installed,
                        found.fixed.as_deref().unwrap_or(""),
                        origin(&found.package, found.ecosystem).text.get(lang)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        (
            Status::Fail,
            format!(
                "{counts_en}: update the base image or upgrade these packages and rebuild: {}.",
                named(crate::report::Lang::En)
            ),
            format!(
                "{counts_ja}。ベースイメージを更新するか、次のパッケージを更新して再ビルドしてください: {}。",
                named(crate::report::Lang::Ja)
            ),
        )
    } else if critical + high > 0 {
        (
            Status::Warn,
            format!("{counts_en}: no fixed version yet; watch for one and consider a smaller base image."),
            format!("{counts_ja}。まだ修正版がありません。修正版を待ちつつ、より小さなベースイメージを検討してください。"),
        )
    } else {
        (
            Status::Pass,
            format!("{counts_en}."),
            format!("{counts_ja}。"),
        )
    };
    Some(Decided {
        id: "critical-high-fixed",
        status,
        decided_by,
        note: Text::new(en, ja),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_of_dates_and_times() {
        assert_eq!(super::days_of("1970-01-01"), Some(0));
        assert_eq!(super::days_of("2000-03-01T00:00:00Z"), Some(11_017));
        assert_eq!(
            super::days_of("2026-12-04T21:54:32.123+09:00"),
            Some(20_791)
        );
        assert_eq!(super::days_of("2026-13-01"), None);
        assert_eq!(super::days_of("yesterday"), None);
    }
}

/// Where a vulnerable package comes from in the Dockerfile. A
/// distribution package: the `RUN` of a stage the image is built on that
/// names it (`apk add openssl`), else the final stage's base image. A
/// language package (npm, pip, Go modules ...): the `RUN` that runs its
/// package manager, in a stage the image is built on first, then in any
/// stage (built there and copied), else the base image (which may bring
/// one, as `node` images bring npm's own).
fn origin(
    runs: &[(u32, Vec<&str>)],
    stages: &[crate::report::StageSummary],
    package: &str,
    ecosystem: Option<Ecosystem>,
) -> Origin {
    let in_image = |line: u32| {
        stages
            .iter()
            .rev()
            .find(|stage| stage.line <= line)
            .is_some_and(|stage| stage.builds_final)
    };
    // A path as a command (`./mvnw`) runs the tool it names.
    let runs_tool = |words: &[&str], tools: &[&str]| {
        words
            .iter()
            .any(|word| tools.contains(&word.rsplit('/').next().unwrap_or(word)))
    };
    let found = match ecosystem.filter(|ecosystem| *ecosystem != Ecosystem::Os) {
        Some(ecosystem) => {
            let installs =
                |(_, words): &&(u32, Vec<&str>)| runs_tool(words, ecosystem.installers());
            runs.iter()
                .filter(|(line, _)| in_image(*line))
                .find(installs)
                .or_else(|| runs.iter().find(installs))
        }
        None => runs
            .iter()
            .find(|(line, words)| in_image(*line) && words.contains(&package)),
    };
    let line = match found {
        Some((line, _)) => Some(*line),
        None => stages
            .iter()
            .find(|stage| stage.is_final)
            .map(|stage| stage.line),
    };
    origin_at(line, stages)
}

/// The origin whose Dockerfile line is `line`: the final stage's `FROM`
/// (its base image) or a `RUN` (nothing else is an origin).
pub(crate) fn origin_at(line: Option<u32>, stages: &[crate::report::StageSummary]) -> Origin {
    let base = stages
        .iter()
        .find(|stage| stage.is_final && Some(stage.line) == line);
    let text = match (line, base) {
        (None, _) => Text::new("", ""),
        (Some(line), Some(stage)) => Text::new(
            format!("(base image `{}`, line {line})", stage.base),
            format!("（ベースイメージ `{}`、{line} 行目）", stage.base),
        ),
        (Some(line), None) => Text::new(
            format!("(`RUN`, line {line})"),
            format!("（{line} 行目の `RUN`）"),
        ),
    };
    Origin { line, text }
}

/// Each `RUN` of the Dockerfile, as the parser read it (continuation lines
/// joined, their comments and heredoc bodies left out): its first line and
/// its words.
fn run_instructions(dockerfile: &crate::syntax::Dockerfile) -> Vec<(u32, Vec<&str>)> {
    dockerfile
        .instructions
        .iter()
        .filter(|instruction| instruction.keyword == crate::syntax::Keyword::Run)
        .map(|instruction| {
            let words = instruction
                .text
                .as_str()
                .split(|c: char| {
                    c.is_whitespace() || matches!(c, '=' | ',' | ';' | '\\' | '&' | '|')
                })
                .filter(|word| !word.is_empty())
                .collect();
            (instruction.line, words)
        })
        .collect()
}

/// Where a vulnerable package comes from: the Dockerfile line, and the
/// words that say so.
pub(crate) struct Origin {
    pub(crate) line: Option<u32>,
    pub(crate) text: Text,
}

/// The packages the text formats list (JSON and the page have them all).
const LISTED: usize = 10;

/// The vulnerabilities of the reports linked to a Dockerfile, summed up:
/// counts by severity, and the packages to upgrade first (most severe,
/// with a fix, most findings), each traced to its Dockerfile line.
fn summary(
    project: &Project,
    reports: &[(usize, &ScanReport)],
    origin: impl Fn(&str, Option<Ecosystem>) -> Origin,
) -> Option<VulnerabilitySummary> {
    if reports.is_empty() {
        return None;
    }
    let mut counts = scan_report::Counts::default();
    let mut packages: Vec<VulnerablePackage> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (_, report) in reports {
        for found in &report.vulnerabilities {
            // The same finding in two reports (JSON and SARIF of one scan)
            // counts once.
            if !seen.insert((
                found.id.as_str(),
                found.package.as_str(),
                found.installed.as_str(),
            )) {
                continue;
            }
            counts.add(found);
            match packages.iter_mut().find(|package| {
                package.package == found.package && package.installed == found.installed
            }) {
                Some(package) => {
                    package.ids.push(found.id.clone());
                    if found.severity > package.level {
                        package.level = found.severity;
                    }
                    if package.fixed.is_none() {
                        package.fixed.clone_from(&found.fixed);
                    }
                }
                None => packages.push(VulnerablePackage {
                    package: found.package.clone(),
                    installed: found.installed.clone(),
                    fixed: found.fixed.clone(),
                    level: found.severity,
                    ids: vec![found.id.clone()],
                    ecosystem: found.ecosystem,
                    line: None,
                    origin: Text::default(),
                }),
            }
        }
    }
    crate::order::sort_by(&mut packages, |a, b| {
        (b.level, b.fixed.is_some(), b.ids.len()).cmp(&(a.level, a.fixed.is_some(), a.ids.len()))
    });
    for package in &mut packages {
        let Origin { line, text } = origin(&package.package, package.ecosystem);
        package.line = line;
        package.origin = text;
    }
    Some(VulnerabilitySummary {
        reports: reports
            .iter()
            .map(|(file, _)| project.files[*file].0.clone())
            .collect(),
        counts,
        packages,
    })
}

/// What the scan reports linked to a Dockerfile found in its image.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct VulnerabilitySummary {
    /// The reports' paths.
    pub reports: Vec<String>,
    pub counts: scan_report::Counts,
    /// Every vulnerable package, those to upgrade first first (most
    /// severe, with a fix, most vulnerabilities).
    pub packages: Vec<VulnerablePackage>,
}

/// One vulnerable package of the image.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct VulnerablePackage {
    pub package: String,
    pub installed: String,
    /// The first version that fixes one of its vulnerabilities, if any.
    pub fixed: Option<String>,
    /// Its most severe vulnerability.
    #[serde(skip)]
    pub level: Level,
    /// The vulnerability ids, as the reports give them.
    pub ids: Vec<String>,
    #[serde(skip)]
    pub ecosystem: Option<Ecosystem>,
    /// The Dockerfile line it comes from: the `RUN` that installs it, or
    /// the final stage's `FROM`.
    pub line: Option<u32>,
    #[serde(skip)]
    pub origin: Text,
}

impl VulnerabilitySummary {
    /// One line of counts: `3 critical (2 fixable), 10 high (4 fixable), ...`.
    pub fn headline(&self, lang: crate::report::Lang) -> String {
        let c = self.counts;
        let reports = self.reports.join(", ");
        match lang {
            crate::report::Lang::En => format!(
                "Vulnerabilities ({reports}): {} critical ({} fixable), {} high ({} fixable), {} medium, {} low",
                c.critical, c.critical_fixable, c.high, c.high_fixable, c.medium, c.low
            ),
            crate::report::Lang::Ja => format!(
                "脆弱性（{reports}）: CRITICAL {} 件（修正版あり {} 件）、HIGH {} 件（修正版あり {} 件）、MEDIUM {} 件、LOW {} 件",
                c.critical, c.critical_fixable, c.high, c.high_fixable, c.medium, c.low
            ),
        }
    }

    /// The packages to upgrade first as rows (at most ten; [`Self::unlisted`]
    /// says how many more): severity, package, installed → fixed, where in
    /// the Dockerfile, vulnerability ids (the first three).
    pub fn rows(&self, lang: crate::report::Lang) -> Vec<[String; 5]> {
        self.packages
            .iter()
            .take(LISTED)
            .map(|package| {
                let fixed = package.fixed.as_deref().unwrap_or(table_words(lang).no_fix);
                let more = package.ids.len().saturating_sub(3);
                let mut ids = package
                    .ids
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ");
                if more > 0 {
                    ids.push_str(&format!(" +{more}"));
                }
                [
                    package.severity().to_string(),
                    package.package.clone(),
                    format!("{} → {fixed}", package.installed),
                    package
                        .origin
                        .get(lang)
                        .trim_matches(['(', ')', '（', '）'])
                        .to_string(),
                    ids,
                ]
            })
            .collect()
    }

    /// How many packages the rows leave out.
    pub fn unlisted(&self) -> usize {
        self.packages.len().saturating_sub(LISTED)
    }

    /// "and 12 more packages", when the rows leave some out.
    pub fn unlisted_note(&self, lang: crate::report::Lang) -> Option<String> {
        let more = self.unlisted();
        (more > 0).then(|| match lang {
            crate::report::Lang::En => {
                format!("and {more} more packages (the JSON export lists them all)")
            }
            crate::report::Lang::Ja => {
                format!("ほか {more} パッケージ（JSON 出力にはすべて含まれます）")
            }
        })
    }

    /// The summary as aligned plain text: the headline, then a row per
    /// package.
    pub fn table(&self, lang: crate::report::Lang) -> String {
        let rows = self.rows(lang);
        let mut widths = [0usize; 5];
        for row in &rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let mut out = self.headline(lang);
        out.push('\n');
        for row in rows {
            let cells: Vec<String> = row
                .iter()
                .zip(widths)
                .map(|(cell, width)| format!("{cell}{}", " ".repeat(width - cell.chars().count())))
                .collect();
            out.push_str(&format!("  {}\n", cells.join("  ").trim_end()));
        }
        if let Some(note) = self.unlisted_note(lang) {
            out.push_str(&format!("  {note}\n"));
        }
        out
    }
}

impl VulnerablePackage {
    /// `critical`, `high` ...: the most severe of its vulnerabilities.
    pub fn severity(&self) -> &'static str {
        match self.level {
            Level::Critical => "critical",
            Level::High => "high",
            Level::Medium => "medium",
            Level::Low => "low",
            Level::Negligible => "negligible",
            Level::Unknown => "unknown",
        }
    }
}

/// The words of the page's vulnerability table: its title, column
/// headers, filters and orders.
pub struct TableWords {
    pub title: &'static str,
    pub severity: &'static str,
    pub package: &'static str,
    pub installed: &'static str,
    pub fixed: &'static str,
    /// The column of the Dockerfile line a package comes from.
    pub from: &'static str,
    pub ids: &'static str,
    pub no_fix: &'static str,
    pub all: &'static str,
    pub severity_filter: &'static str,
    pub fixable_only: &'static str,
    pub order: &'static str,
    pub by_severity: &'static str,
    pub by_line: &'static str,
    pub by_package: &'static str,
    /// No package matches the filters.
    pub none_shown: &'static str,
    /// A package the Dockerfile's lines do not explain.
    pub unknown_origin: &'static str,
    /// The button of a checklist item a scan report decided.
    pub open: &'static str,
}

const WORDS_EN: TableWords = TableWords {
    title: "Vulnerabilities",
    severity: "Severity",
    package: "Package",
    installed: "Installed",
    fixed: "Fixed in",
    from: "Dockerfile line",
    ids: "IDs",
    no_fix: "no fix yet",
    all: "All",
    severity_filter: "Show packages of one severity",
    fixable_only: "Fixable only",
    order: "Sort",
    by_severity: "Upgrade first",
    by_line: "By line",
    by_package: "By package",
    none_shown: "No package matches these filters.",
    unknown_origin: "not found",
    open: "Show the vulnerable packages",
};

const WORDS_JA: TableWords = TableWords {
    title: "脆弱性",
    severity: "重大度",
    package: "パッケージ",
    installed: "現在のバージョン",
    fixed: "修正版",
    from: "Dockerfile の行",
    ids: "ID",
    no_fix: "修正版なし",
    all: "すべて",
    severity_filter: "重大度でパッケージを絞り込む",
    fixable_only: "修正版ありのみ",
    order: "並び順",
    by_severity: "更新する順",
    by_line: "行順",
    by_package: "パッケージ名順",
    none_shown: "条件に合うパッケージはありません。",
    unknown_origin: "不明",
    open: "脆弱なパッケージの一覧を表示",
};

/// The table's words in `lang`.
pub fn table_words(lang: crate::report::Lang) -> &'static TableWords {
    match lang {
        crate::report::Lang::En => &WORDS_EN,
        crate::report::Lang::Ja => &WORDS_JA,
    }
}
