//! A project: Dockerfiles with the files around them. Files are recognised
//! by name and content; each Dockerfile is checked with its build context
//! (the ignore file BuildKit would use, and the context's paths when the
//! caller lists them); companion files that cannot be read get errors with
//! their line and column.

use serde::Serialize;

use crate::companion::context::{BuildContext, LinkedIgnore};
use crate::companion::dockerignore::{IgnoreFile, PatternError};
use crate::companion::yaml::Yaml;
use crate::report::{Report, Text};
use crate::settings::Settings;
use crate::span::{LineIndex, Location, Span};

/// What a file of a project is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Dockerfile,
    Dockerignore,
    Compose,
    Kubernetes,
    /// Not a file Plimsoll reads.
    Other,
}

/// The workload kinds whose pods run containers, and `List`.
const WORKLOAD_KINDS: &[&str] = &[
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
    "List",
];

/// The last part of a `/`-separated path.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The directory of a path (`""` at the root).
fn directory(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// `Dockerfile`, `*.Dockerfile`, `Dockerfile.*`, `Containerfile` and the
/// like, in any letter case; not the per-Dockerfile ignore files.
pub fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".dockerignore") {
        return false;
    }
    ["dockerfile", "containerfile"].iter().any(|base| {
        lower == *base
            || lower
                .strip_suffix(base)
                .is_some_and(|stem| stem.len() > 1 && stem.ends_with('.'))
            || lower
                .strip_prefix(base)
                .is_some_and(|rest| rest.len() > 1 && rest.starts_with('.'))
    })
}

/// Compose's file names: `compose.yaml`, `docker-compose.yml`, and their
/// override and environment variants (`compose.override.yaml`,
/// `docker-compose.prod.yml`).
pub fn is_compose_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let Some(stem) = lower
        .strip_suffix(".yaml")
        .or_else(|| lower.strip_suffix(".yml"))
    else {
        return false;
    };
    ["compose", "docker-compose"].iter().any(|base| {
        stem == *base
            || stem
                .strip_prefix(base)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// What `path` holds, from its name and, for YAML, its content.
pub fn classify(path: &str, text: &str) -> FileKind {
    let name = file_name(path);
    if is_dockerfile_name(name) {
        return FileKind::Dockerfile;
    }
    if name.to_ascii_lowercase().ends_with(".dockerignore") {
        return FileKind::Dockerignore;
    }
    if is_compose_name(name) {
        return FileKind::Compose;
    }
    let lower = name.to_ascii_lowercase();
    if !(lower.ends_with(".yaml") || lower.ends_with(".yml")) {
        return FileKind::Other;
    }
    let yaml = Yaml::parse(text);
    if yaml.documents().any(|document| {
        document.get("apiVersion").is_some()
            && document
                .get("kind")
                .and_then(|kind| kind.as_str())
                .is_some_and(|kind| WORKLOAD_KINDS.contains(&kind))
    }) {
        return FileKind::Kubernetes;
    }
    let compose_like = yaml.document(0).is_some_and(|document| {
        document.get("apiVersion").is_none()
            && document.get("services").is_some_and(|services| {
                services.entries().iter().any(|(_, service)| {
                    service.get("image").is_some() || service.get("build").is_some()
                })
            })
    });
    if compose_like {
        FileKind::Compose
    } else {
        FileKind::Other
    }
}

/// A project's files and, when known, every path in it.
#[derive(Clone, Debug, Default)]
pub struct Project {
    /// `(path, text)`, paths relative to the project root, `/`-separated.
    pub files: Vec<(String, String)>,
    /// Every path of the project (files and directories, relative to its
    /// root), when the caller lists them; the build contexts are cut from
    /// it.
    pub paths: Option<Vec<String>>,
}

/// One file of a checked project.
#[derive(Clone, Debug, Serialize)]
pub struct CheckedFile {
    pub path: String,
    pub kind: FileKind,
    /// For a Dockerfile: its findings and checklist, checked with its
    /// build context.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<Report>,
    /// For a Dockerfile: the ignore file its build uses, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dockerignore: Option<String>,
    /// Problems that keep the file from being read (or, in an ignore file,
    /// patterns that make BuildKit fail).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FileError>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileError {
    pub message: Text,
    pub span: Span,
    pub location: Location,
}

impl Project {
    /// The build context of the Dockerfile at `dockerfile`, built from its
    /// directory as `docker build -f <dockerfile> <its directory>` would:
    /// `<Dockerfile>.dockerignore` beside it wins over the context's
    /// `.dockerignore`, as in BuildKit.
    pub fn build_context(&self, dockerfile: &str) -> BuildContext {
        let root = directory(dockerfile);
        let in_root = |name: &str| {
            if root.is_empty() {
                name.to_string()
            } else {
                format!("{root}/{name}")
            }
        };
        let own = format!("{dockerfile}.dockerignore");
        let ignore = [own, in_root(".dockerignore")]
            .into_iter()
            .find_map(|path| {
                self.files
                    .iter()
                    .find(|(file, _)| *file == path)
                    .map(|(path, text)| LinkedIgnore {
                        path: path.clone(),
                        file: IgnoreFile::parse(text),
                    })
            });
        let paths = self.paths.as_ref().map(|paths| {
            paths
                .iter()
                .filter_map(|path| {
                    if root.is_empty() {
                        Some(path.clone())
                    } else {
                        path.strip_prefix(root)
                            .and_then(|rest| rest.strip_prefix('/'))
                            .map(str::to_string)
                    }
                })
                .filter(|path| !path.is_empty())
                .collect()
        });
        BuildContext {
            ignore,
            paths,
            is_project_root: root.is_empty(),
        }
    }

    /// Checks every file: Dockerfiles with their build contexts, the
    /// other files for what keeps them from being read.
    pub fn check(&self, settings: &Settings) -> Vec<CheckedFile> {
        self.files
            .iter()
            .map(|(path, text)| {
                let kind = classify(path, text);
                let mut file = CheckedFile {
                    path: path.clone(),
                    kind,
                    report: None,
                    dockerignore: None,
                    errors: Vec::new(),
                };
                match kind {
                    FileKind::Dockerfile => {
                        let build_context = self.build_context(path);
                        let report = crate::check_in_context(path, text, settings, &build_context);
                        let ignore = build_context.ignore.map(|ignore| ignore.path);
                        file.dockerignore = ignore;
                        file.report = Some(report);
                    }
                    FileKind::Dockerignore => file.errors = ignore_errors(text),
                    FileKind::Compose | FileKind::Kubernetes => {
                        file.errors = yaml_errors(text);
                    }
                    FileKind::Other => {}
                }
                file
            })
            .collect()
    }
}

fn file_error(text: &str, message: Text, span: Span) -> FileError {
    FileError {
        location: LineIndex::new(text).location(text, span),
        message,
        span,
    }
}

/// Patterns BuildKit refuses: the build fails before it starts.
fn ignore_errors(text: &str) -> Vec<FileError> {
    IgnoreFile::parse(text)
        .errors()
        .map(|(pattern, error)| {
            let message = match error {
                PatternError::LoneExclamation => Text::new(
                    "`!` alone is not a pattern: BuildKit stops the build (illegal exclusion pattern); write the path to re-include after it",
                    "`!` だけではパターンになりません。BuildKit はビルドを止めます（illegal exclusion pattern）。再び含めるパスを続けて書いてください",
                ),
                PatternError::Malformed => Text::new(
                    format!("`{}` is not a valid pattern (an unclosed `[`, an empty or reversed range, or a trailing `\\`): BuildKit stops the build (syntax error in pattern)", pattern.text),
                    format!("`{}` は正しいパターンではありません（閉じていない `[`、空または逆順の範囲、末尾の `\\`）。BuildKit はビルドを止めます（syntax error in pattern）", pattern.text),
                ),
                PatternError::UnsupportedEscape(escape) => Text::new(
                    format!("`\\{escape}` in `{}` is read by BuildKit as a regular-expression escape; Plimsoll does not evaluate this pattern, so write the character itself", pattern.text),
                    format!("`{}` の `\\{escape}` は BuildKit では正規表現のエスケープとして読まれます。Plimsoll はこのパターンを評価しないため、文字そのものを書いてください", pattern.text),
                ),
            };
            file_error(text, message, pattern.span)
        })
        .collect()
}

fn yaml_errors(text: &str) -> Vec<FileError> {
    Yaml::parse(text)
        .error
        .map(|error| {
            let message = Text::new(
                format!("invalid YAML: {}", error.message),
                format!("YAML として読めません: {}", error.message),
            );
            file_error(text, message, error.span)
        })
        .into_iter()
        .collect()
}
