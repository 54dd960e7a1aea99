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
use crate::companion::scan_report::{self, ScanReport, Vulnerability};
use crate::companion::workflow::{self, Build, Gate, ImageSteps, Level, NoGate, Push, Scan};
use crate::companion::yaml::Yaml;
use crate::companion::FileKind;
use crate::project::{clean_path, directory, repository, CheckedFile, Project};
use crate::report::Text;
use crate::span::LineIndex;

/// The fixable vulnerabilities a failed `critical-high-fixed` names.
const NAMED: usize = 5;

/// Decides the scan items of every Dockerfile's checklist in `checked`.
pub(crate) fn decide(project: &Project, kinds: &[FileKind], checked: &mut [CheckedFile]) {
    let dockerfiles: Vec<usize> = (0..checked.len())
        .filter(|&index| checked[index].report.is_some())
        .collect();
    if dockerfiles.is_empty() {
        return;
    }
    let yamls: Vec<(usize, Yaml)> = kinds
        .iter()
        .enumerate()
        .filter(|(_, kind)| **kind == FileKind::Workflow)
        .map(|(index, _)| (index, Yaml::parse(&project.files[index].1)))
        .collect();
    let workflows: Vec<(usize, ImageSteps)> = yamls
        .iter()
        .filter_map(|(index, yaml)| {
            let (path, text) = &project.files[*index];
            Some((*index, workflow::parse(path, text, yaml)?.image_steps()))
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
        let origin = |package: &str| origin(&project.files[dockerfile].1, &stages, package);
        let Some(checklist) = checked[dockerfile]
            .report
            .as_mut()
            .map(|report| &mut report.checklist)
        else {
            continue;
        };
        if let Some(decided) = scan_in_ci(project, &builds, &pushes, &scans) {
            checklist.decide(decided);
        }
        if let Some(decided) = vulnerability_scan(project, &linked_reports, &scans) {
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

fn vulnerability_scan(
    project: &Project,
    reports: &[(usize, &ScanReport)],
    scans: &[(usize, &Scan)],
) -> Option<Decided> {
    if let Some((file, report)) = reports.first() {
        let path = &project.files[*file].0;
        let artifact = report.artifact.as_deref().unwrap_or("?");
        return Some(Decided {
            id: "vulnerability-scan",
            status: Status::Pass,
            decided_by: reports
                .iter()
                .map(|(file, _)| project.files[*file].0.clone())
                .collect(),
            note: Text::new(
                format!("{} report `{path}` (of `{artifact}`).", report.tool),
                format!(
                    "{} のレポート `{path}`（`{artifact}` のスキャン）があります。",
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
    origin: impl Fn(&str) -> Text,
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
        fixable.sort_by_key(|found| std::cmp::Reverse(found.severity));
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
                        origin(&found.package).get(lang)
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

/// Where a vulnerable package comes from in the Dockerfile: the `RUN` of
/// a stage the image is built on that names it (`apk add openssl`), or
/// else the base image of the final stage.
fn origin(dockerfile: &str, stages: &[crate::report::StageSummary], package: &str) -> Text {
    let in_image = |line: u32| {
        stages
            .iter()
            .rev()
            .find(|stage| stage.line <= line)
            .is_some_and(|stage| stage.builds_final)
    };
    let (mut instruction_line, mut is_run, mut continued) = (0, false, false);
    for (index, line) in dockerfile.lines().enumerate() {
        if !continued {
            instruction_line = u32::try_from(index + 1).unwrap_or(u32::MAX);
            is_run = line.trim_start().to_ascii_uppercase().starts_with("RUN");
        }
        let trimmed = line.trim_end();
        continued = trimmed.ends_with('\\');
        let mut names =
            trimmed.split(|c: char| c.is_whitespace() || matches!(c, '=' | ',' | ';' | '\\'));
        if is_run && in_image(instruction_line) && names.any(|word| word == package) {
            return Text::new(
                format!("(`RUN`, line {instruction_line})"),
                format!("（{instruction_line} 行目の `RUN`）"),
            );
        }
    }
    match stages.iter().find(|stage| stage.is_final) {
        Some(stage) => Text::new(
            format!("(base image `{}`, line {})", stage.base, stage.line),
            format!("（ベースイメージ `{}`、{} 行目）", stage.base, stage.line),
        ),
        None => Text::new("", ""),
    }
}
