//! What the widget shows: the Dockerfile's report and, when the page gave
//! it files beside the Dockerfile, each one's findings. The Dockerfile's
//! checklist is then the project's (decided with those files).

use plimsoll_core::project::{CheckedFile, FileKind};
use plimsoll_core::report::ErrorReport;
use plimsoll_core::{Finding, Lang, Report};

/// One file beside the Dockerfile, as checked.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedCompanion {
    pub path: String,
    /// What the project check read it as (`Other`: not read).
    pub kind: FileKind,
    /// Its findings and what kept it from being read.
    pub report: Report,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checked {
    /// The Dockerfile's path in the project.
    pub path: String,
    pub report: Report,
    pub companions: Vec<CheckedCompanion>,
}

impl Checked {
    /// The Dockerfile at `path` checked alone.
    pub fn alone(path: &str, report: Report) -> Self {
        Checked {
            path: path.to_owned(),
            report,
            companions: Vec::new(),
        }
    }

    /// The project worker's answer: the Dockerfile first, then the files
    /// beside it. `None` for an answer without a Dockerfile.
    pub fn of_project(files: Vec<CheckedFile>, lang: Lang) -> Option<Self> {
        let mut files = files.into_iter();
        let dockerfile = files.next()?;
        Some(Checked {
            path: dockerfile.path.clone(),
            report: dockerfile.into_report(lang),
            companions: files
                .map(|file| CheckedCompanion {
                    path: file.path.clone(),
                    kind: file.kind,
                    report: file.into_report(lang),
                })
                .collect(),
        })
    }

    /// Every file's report with its path, the Dockerfile's first.
    fn reports(&self) -> impl Iterator<Item = (&str, &Report)> {
        std::iter::once((self.path.as_str(), &self.report)).chain(
            self.companions
                .iter()
                .map(|file| (file.path.as_str(), &file.report)),
        )
    }

    /// The findings not suppressed, with their file's path, file by file.
    pub fn findings(&self) -> Vec<(&str, &Finding)> {
        self.reports()
            .flat_map(|(path, report)| report.active_findings().map(move |f| (path, f)))
            .collect()
    }

    /// What kept each file from being read, with its path.
    pub fn errors(&self) -> Vec<(&str, &ErrorReport)> {
        self.reports()
            .flat_map(|(path, report)| report.errors.iter().map(move |e| (path, e)))
            .collect()
    }

    /// The files beside the Dockerfile that the project check does not read.
    pub fn unread(&self) -> impl Iterator<Item = &str> {
        self.companions
            .iter()
            .filter(|file| file.kind == FileKind::Other)
            .map(|file| file.path.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plimsoll_core::project::Project;
    use plimsoll_core::Settings;

    #[test]
    fn a_project_answer_keeps_each_file_with_its_findings() {
        let project = Project {
            files: vec![
                (
                    "Dockerfile".to_owned(),
                    "FROM node:22-alpine\nCOPY . /app\nCMD [\"node\", \"/app/server.js\"]\n"
                        .to_owned(),
                ),
                (
                    "compose.yaml".to_owned(),
                    "services:\n  web:\n    build: .\n    user: root\n    privileged: true\n"
                        .to_owned(),
                ),
                ("notes.txt".to_owned(), "hello\n".to_owned()),
            ],
            paths: None,
            name: None,
        };
        let checked = Checked::of_project(project.check(&Settings::default()), Lang::En).unwrap();
        assert_eq!(checked.path, "Dockerfile");
        assert_eq!(checked.companions[0].kind, FileKind::Compose);
        assert_eq!(checked.unread().collect::<Vec<_>>(), ["notes.txt"]);
        let paths: Vec<&str> = checked.findings().iter().map(|(path, _)| *path).collect();
        assert!(paths.contains(&"Dockerfile") && paths.contains(&"compose.yaml"));
        // File by file, the Dockerfile's first.
        let first_compose = paths
            .iter()
            .position(|path| *path == "compose.yaml")
            .unwrap();
        assert!(paths[first_compose..]
            .iter()
            .all(|path| *path == "compose.yaml"));
        // The Compose file decides an item the Dockerfile alone leaves open.
        let decided: Vec<_> = checked
            .report
            .checklist
            .items
            .iter()
            .filter(|item| item.decided_by.iter().any(|path| path == "compose.yaml"))
            .collect();
        assert!(!decided.is_empty());
        assert!(Checked::of_project(Vec::new(), Lang::En).is_none());
    }
}
