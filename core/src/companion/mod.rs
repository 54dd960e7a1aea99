//! The files around a Dockerfile that decide how its image is built and run:
//! `.dockerignore` (what the build context holds), Compose files and
//! Kubernetes manifests; and the evidence that the image is scanned: CI
//! workflows and scan reports. One module per format, each pure: text in, a
//! parsed form with spans out.

pub mod compose;
pub mod context;
pub mod deploy_tools;
pub mod dockerignore;
pub mod helm;
pub mod kubernetes;
pub mod scan_report;
pub mod workflow;
pub mod yaml;

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// What a file of a project is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Dockerfile,
    Dockerignore,
    Compose,
    Kubernetes,
    /// A CI workflow: GitHub Actions or GitLab CI.
    Workflow,
    /// A vulnerability scan report (Trivy, Grype, SARIF, GitLab).
    #[serde(rename = "scan-report")]
    ScanReport,
    /// Not a file Plimsoll reads.
    Other,
}

impl FileKind {
    /// Whether files of this kind are YAML, where `# plimsoll ignore=...`
    /// comments suppress findings (see [`crate::suppress::collect_yaml`]).
    pub fn is_yaml(self) -> bool {
        matches!(
            self,
            FileKind::Compose | FileKind::Kubernetes | FileKind::Workflow
        )
    }

    /// What people call a file of this kind, with its article.
    pub fn label(self) -> crate::report::Text {
        let (en, ja) = match self {
            FileKind::Dockerfile => ("a Dockerfile", "Dockerfile"),
            FileKind::Dockerignore => ("a `.dockerignore`", "`.dockerignore`"),
            FileKind::Compose => ("a Compose file", "Compose ファイル"),
            FileKind::Kubernetes => ("a Kubernetes manifest", "Kubernetes マニフェスト"),
            FileKind::Workflow => (
                "a CI workflow (GitHub Actions or GitLab CI)",
                "CI ワークフロー（GitHub Actions か GitLab CI）",
            ),
            FileKind::ScanReport => (
                "a vulnerability scan report (Trivy, Grype, SARIF)",
                "脆弱性スキャンのレポート（Trivy、Grype、SARIF）",
            ),
            FileKind::Other => ("another file", "その他のファイル"),
        };
        crate::report::Text::new(en, ja)
    }
}

/// What a Dockerfile says about the image it builds that the files running
/// it (Compose, Kubernetes) are checked against.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ImageFacts {
    /// The Dockerfile's path in the project.
    pub path: String,
    /// The last `USER` of the image (expanded when its variables are
    /// known) and where it is written; `None` when the Dockerfile sets none.
    pub user: Option<(String, Span)>,
    /// Whether the image's user is root: a root `USER`, or no `USER` on a
    /// base image that runs as root.
    pub runs_as_root: bool,
    /// Every port range the image exposes, with its `EXPOSE` item.
    pub exposed: Vec<((u32, u32), Span)>,
    /// The image's `HEALTHCHECK` (not `NONE`), if it has one.
    pub healthcheck: Option<Span>,
}
