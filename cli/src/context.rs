//! Project mode: a directory on the command line is a project. Its
//! Dockerfiles build from their own directories (as `docker build -f
//! <Dockerfile> <its directory>`) with the ignore file BuildKit would use
//! there; its Compose files and Kubernetes manifests are checked with the
//! images they run. The core does the checking; this module reads the tree.

use std::path::Path;

use plimsoll_core::companion::helm;
use plimsoll_core::project::{classify, enters_directory, read_limit, FileKind, Project};
use plimsoll_core::{Lang, Report, Settings};

use crate::input::Input;

/// Past this many paths the build contexts are not listed (ignore files are
/// then judged on their own).
const MAX_PATHS: usize = 100_000;

/// The files of a directory the project check reads, and every path in it.
#[derive(Debug, Default)]
pub struct Listing {
    /// Dockerfiles, ignore files, Compose files, YAML that may be a
    /// manifest or a workflow, and JSON/SARIF that may be a scan report,
    /// relative to the directory, sorted.
    pub files: Vec<String>,
    /// Every path (directories listed without their contents when not
    /// entered); `None` past [`MAX_PATHS`].
    pub paths: Option<Vec<String>>,
}

/// Lists `dir`: what the project check reads, and its paths.
pub fn list(dir: &Path) -> std::io::Result<Listing> {
    let mut listing = Listing::default();
    let mut paths = Vec::new();
    walk(dir, "", &mut paths, &mut listing.files)?;
    listing.files.sort();
    listing.paths = (paths.len() <= MAX_PATHS).then_some(paths);
    Ok(listing)
}

fn walk(
    dir: &Path,
    prefix: &str,
    paths: &mut Vec<String>,
    files: &mut Vec<String>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        // Symbolic links are listed, not followed (no cycles).
        let kind = entry.file_type()?;
        if paths.len() <= MAX_PATHS {
            paths.push(path.clone());
        }
        if kind.is_dir() {
            if enters_directory(&name) {
                walk(&entry.path(), &path, paths, files)?;
            }
        } else if kind.is_file()
            && read_limit(&name)
                .is_some_and(|limit| entry.metadata().is_ok_and(|meta| meta.len() <= limit))
        {
            files.push(path);
        }
    }
    Ok(())
}

/// One file of a checked project as the output formats take it: named as
/// the command line reaches it (`dir/app/Dockerfile`).
pub type Checked = (Input, Report);

/// The repository `dir` is in: the nearest directory holding `.git`, when
/// it is above `dir` (its CI workflows build and scan the images `dir`
/// holds).
fn repository_root(dir: &Path) -> Option<std::path::PathBuf> {
    let dir = dir.canonicalize().ok()?;
    dir.ancestors()
        .skip(1)
        .find(|ancestor| ancestor.join(".git").exists())
        .map(Path::to_path_buf)
}

/// The CI workflows of a repository root: GitHub Actions and GitLab CI.
fn workflows_of(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(root.join(".github/workflows")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".yml") || name.ends_with(".yaml") {
                found.push(format!(".github/workflows/{name}"));
            }
        }
    }
    if root.join(".gitlab-ci.yml").is_file() {
        found.push(".gitlab-ci.yml".to_string());
    }
    found.sort();
    found
}

/// Reads the project in `dir`: the files the check reads, its paths, and
/// each file as an input named as the command line reaches it
/// (`dir/app/Dockerfile`). When `dir` is inside a repository, the
/// repository's CI workflows join it and paths are taken from the
/// repository's root, as the workflows write them (`with_repository`: for
/// a check; `fix` edits only what is under `dir`); `reports` (`--report`)
/// join every project. Errors name the file.
pub fn read_directory(
    dir: &Path,
    reports: &[Input],
    with_repository: bool,
) -> Result<(Project, Vec<Input>), String> {
    let listing = list(dir).map_err(|error| format!("{}: cannot read: {error}", dir.display()))?;
    // The repository's workflows, when `dir` is below its root and it has
    // some: then paths are the repository's, as the workflows write them.
    let root =
        repository_root(dir).filter(|root| with_repository && !workflows_of(root).is_empty());
    // `dir` seen from the repository root (`services/api/`), or nothing.
    let prefix = root
        .as_ref()
        .and_then(|root| {
            let dir = dir.canonicalize().ok()?;
            let relative = dir
                .strip_prefix(root)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some(format!("{relative}/"))
        })
        .unwrap_or_default();
    let mut files = Vec::new();
    let mut inputs = Vec::new();
    let mut read = |path: std::path::PathBuf, key: String, name: String| -> Result<(), String> {
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(error) => return Err(format!("{}: cannot read: {error}", path.display())),
        };
        inputs.push(Input {
            path: Some(path),
            name,
            text: text.clone(),
        });
        files.push((key, text));
        Ok(())
    };
    for relative in &listing.files {
        let path = dir.join(relative);
        let name = if dir == Path::new(".") {
            relative.clone()
        } else {
            path.display().to_string()
        };
        read(path, format!("{prefix}{relative}"), name)?;
    }
    if let (Some(root), false) = (&root, prefix.is_empty()) {
        for workflow in workflows_of(root) {
            let path = root.join(&workflow);
            let name = path.display().to_string();
            read(path, workflow, name)?;
        }
    }
    for report in reports {
        let key = report
            .path
            .as_ref()
            .and_then(|path| path.file_name())
            .map_or_else(
                || report.name.clone(),
                |name| format!("{prefix}{}", name.to_string_lossy()),
            );
        inputs.push(Input {
            path: report.path.clone(),
            name: report.name.clone(),
            text: report.text.clone(),
        });
        files.push((key, report.text.clone()));
    }
    // A deployment folder of Compose files or manifests without a
    // Dockerfile is checked all the same.
    if !files.iter().any(|(path, text)| {
        matches!(
            classify(path, text),
            FileKind::Dockerfile | FileKind::Compose | FileKind::Kubernetes | FileKind::Workflow
        )
    }) {
        // A chart alone: its templates are manifests once rendered.
        let charts = helm::charts(listing.files.iter().map(String::as_str));
        let render = charts.first().map_or_else(String::new, |&chart| {
            let chart = if chart == "." {
                dir.to_path_buf()
            } else {
                dir.join(chart)
            };
            format!(
                "; its Helm chart is read once rendered: `helm template {} > rendered.yaml`, \
                 then check the output",
                chart.display()
            )
        });
        return Err(format!(
            "{}: directory holds no Dockerfile, Compose file, Kubernetes manifest or CI \
             workflow (looked for Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile, \
             compose.yaml, docker-compose.yml and YAML files){render}",
            dir.display()
        ));
    }
    let paths = listing.paths.map(|paths| {
        paths
            .into_iter()
            .map(|path| format!("{prefix}{path}"))
            .collect()
    });
    // The project's name: the repository's folder, else the one checked.
    let name = root
        .or_else(|| dir.canonicalize().ok())
        .and_then(|folder| Some(folder.file_name()?.to_string_lossy().into_owned()));
    Ok((Project { files, paths, name }, inputs))
}

/// Files given one by one as a project, named as given.
pub fn project_of(inputs: &[Input]) -> Project {
    Project {
        files: inputs
            .iter()
            .map(|input| (input.name.clone(), input.text.clone()))
            .collect(),
        paths: None,
        name: None,
    }
}

/// Checks the project in `dir`: every Dockerfile with its build context,
/// every Compose file and manifest with the images it runs. Files that are
/// neither (YAML of other tools) are left out.
pub fn check_directory(
    dir: &Path,
    reports: &[Input],
    settings: &Settings,
    lang: Lang,
) -> Result<Vec<Checked>, String> {
    let (project, inputs) = read_directory(dir, reports, true)?;
    Ok(checked_entries(&project, inputs, settings, lang))
}

/// Checks files given one by one as a project (`plimsoll check Dockerfile
/// compose.yaml k8s/deploy.yaml`): they are linked as their paths say.
pub fn check_files(inputs: Vec<Input>, settings: &Settings, lang: Lang) -> Vec<Checked> {
    let project = project_of(&inputs);
    checked_entries(&project, inputs, settings, lang)
}

/// Whether files given one by one make a project: one of them is a
/// Compose file, a manifest, an ignore file, a workflow or a scan report
/// (alone too: `plimsoll check compose.yaml` is no Dockerfile).
pub fn is_project(inputs: &[Input]) -> bool {
    inputs.iter().any(|input| {
        matches!(
            classify(&input.name, &input.text),
            FileKind::Compose
                | FileKind::Kubernetes
                | FileKind::Dockerignore
                | FileKind::Workflow
                | FileKind::ScanReport
        )
    })
}

/// The checked files as the output formats take them: `inputs` are the
/// project's files in its order, named as the command line reaches them.
pub fn checked_entries(
    project: &Project,
    inputs: Vec<Input>,
    settings: &Settings,
    lang: Lang,
) -> Vec<Checked> {
    let names: std::collections::HashMap<String, String> = project
        .files
        .iter()
        .zip(&inputs)
        .map(|((path, _), input)| (path.clone(), input.name.clone()))
        .collect();
    let display = |path: &str| names.get(path).map_or(path, String::as_str).to_string();
    let checked = project.check(settings);
    let mut entries = Vec::new();
    for (checked, input) in checked.into_iter().zip(inputs) {
        if checked.kind == FileKind::Other {
            continue;
        }
        let mut report = checked.into_report(lang);
        // Places, edits and deciding files elsewhere are named as the
        // command line reaches them, like the files themselves.
        for item in &mut report.checklist.items {
            for file in &mut item.decided_by {
                *file = display(file);
            }
            for elsewhere in &mut item.elsewhere {
                elsewhere.file = display(&elsewhere.file);
            }
        }
        for finding in &mut report.findings {
            for related in &mut finding.related {
                if let Some(file) = &mut related.file {
                    *file = display(file);
                }
            }
            for edit in finding.fix.iter_mut().flat_map(|fix| fix.edits.iter_mut()) {
                if let Some(file) = &mut edit.file {
                    *file = display(file);
                }
            }
        }
        entries.push((input, report));
    }
    entries
}
