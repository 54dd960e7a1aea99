//! The files around the Dockerfile on the page, as plain data: added by
//! kind with a starter text, renamed, removed, edited. The Dockerfile itself
//! stays the editor's own text; [`Companions::with_dockerfile`] puts it first
//! in the list the project check reads.

use plimsoll_core::project::{self, FileKind};
use plimsoll_core::Lang;
use serde::{Deserialize, Serialize};

/// The kinds of file people can add beside the Dockerfile, in menu order.
pub const ADDABLE: [FileKind; 5] = [
    FileKind::Dockerignore,
    FileKind::Compose,
    FileKind::Kubernetes,
    FileKind::Workflow,
    FileKind::ScanReport,
];

/// One file beside the Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Companion {
    /// Relative to the project root, `/`-separated.
    pub path: String,
    /// What it was added as (a scan report starts empty, so its text does
    /// not say yet).
    pub kind: FileKind,
    pub text: String,
}

/// Why a new name was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameError {
    Empty,
    /// Starts with `/`, has an empty, `.` or `..` part, or a `\`.
    NotRelative,
    Taken,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Companions {
    pub files: Vec<Companion>,
    /// The other paths of the build context, names only, when the page
    /// knows them (an example project): what `COPY . .` would take.
    #[serde(default)]
    pub context: Vec<String>,
    /// The name of the folder they were read from (a dropped or chosen
    /// folder): an image named like it is the project's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The path the project check gives the Dockerfile: its file name (or its
/// path in a folder read) when that names a Dockerfile (`api.Dockerfile`,
/// `services/api/Dockerfile`), else `Dockerfile`.
pub fn dockerfile_path(file_name: Option<&str>) -> String {
    file_name
        .filter(|path| project::is_dockerfile_name(path.rsplit('/').next().unwrap_or(path)))
        .unwrap_or("Dockerfile")
        .to_owned()
}

/// Whether `path` names a place inside the project: not absolute, no
/// empty, `.` or `..` part, no `\\`.
pub fn is_relative(path: &str) -> bool {
    !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// `a/b.yaml` → `a/b-2.yaml`; `.dockerignore` → `.dockerignore-2`.
fn numbered(path: &str, number: usize) -> String {
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let name = match name.rfind('.').filter(|&dot| dot > 0) {
        Some(dot) => format!("{}-{number}{}", &name[..dot], &name[dot..]),
        None => format!("{name}-{number}"),
    };
    if dir.is_empty() {
        name
    } else {
        format!("{dir}/{name}")
    }
}

impl Companions {
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    fn taken(&self, path: &str, dockerfile: &str) -> bool {
        path == dockerfile || self.files.iter().any(|file| file.path == path)
    }

    /// Adds a file of `kind` with its starter text, and returns its index.
    /// A project has one `.dockerignore`: asking for another gives the one
    /// it has. `None` for a kind without a starter.
    pub fn add(&mut self, kind: FileKind, lang: Lang, dockerfile: &str) -> Option<usize> {
        if kind == FileKind::Dockerignore {
            if let Some(at) = self.files.iter().position(|file| file.kind == kind) {
                return Some(at);
            }
        }
        let starter = plimsoll_core::starter::starter(kind, lang)?;
        let path = (1..)
            .map(|number| match number {
                1 => starter.path.to_owned(),
                _ => numbered(starter.path, number),
            })
            .find(|path| !self.taken(path, dockerfile))?;
        self.files.push(Companion {
            path,
            kind,
            text: starter.text,
        });
        Some(self.files.len() - 1)
    }

    /// Renames file `index` to `path` (trimmed); a `.dockerignore` renamed
    /// to a Compose file name is then read as one, and so on.
    pub fn rename(&mut self, index: usize, path: &str, dockerfile: &str) -> Result<(), NameError> {
        let path = path.trim();
        if path.is_empty() {
            return Err(NameError::Empty);
        }
        if !is_relative(path) {
            return Err(NameError::NotRelative);
        }
        let Some(file) = self.files.get(index) else {
            return Ok(());
        };
        if file.path == path {
            return Ok(());
        }
        if self.taken(path, dockerfile) {
            return Err(NameError::Taken);
        }
        let kind = match project::guess_kind(path, &file.text) {
            FileKind::Other | FileKind::Dockerfile => file.kind,
            kind => kind,
        };
        let file = &mut self.files[index];
        file.path = path.to_owned();
        file.kind = kind;
        Ok(())
    }

    pub fn remove(&mut self, index: usize) {
        if index < self.files.len() {
            self.files.remove(index);
        }
    }

    pub fn set_text(&mut self, index: usize, text: &str) {
        if let Some(file) = self.files.get_mut(index) {
            if file.text != text {
                file.text = text.to_owned();
            }
        }
    }

    pub fn index_of(&self, path: &str) -> Option<usize> {
        self.files.iter().position(|file| file.path == path)
    }

    /// An example project's files beside its Dockerfile, each of the kind
    /// the project check reads it as, and its build context.
    pub fn of_example(example: &plimsoll_core::gallery::GalleryExample) -> Companions {
        Companions {
            files: example
                .companions
                .iter()
                .map(|(path, text)| Companion {
                    path: (*path).to_owned(),
                    kind: project::guess_kind(path, text),
                    text: (*text).to_owned(),
                })
                .collect(),
            context: example
                .context
                .iter()
                .map(|path| (*path).to_owned())
                .collect(),
            name: None,
        }
    }

    /// The project to check: every file, the Dockerfile (at `path`) first,
    /// and every path of the project when the build context is known.
    pub fn project(&self, path: &str, text: &str) -> project::Project {
        let files = self.with_dockerfile(path, text);
        let project = if self.context.is_empty() {
            project::Project {
                files,
                ..project::Project::default()
            }
        } else {
            project::Project::with_context(files, &self.context)
        };
        project::Project {
            name: self.name.clone(),
            ..project
        }
    }

    /// Every file as the project check reads them: the Dockerfile first.
    pub fn with_dockerfile(&self, path: &str, text: &str) -> Vec<(String, String)> {
        std::iter::once((path.to_owned(), text.to_owned()))
            .chain(
                self.files
                    .iter()
                    .map(|file| (file.path.clone(), file.text.clone())),
            )
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_example_project_brings_its_files_and_its_build_context() {
        let example = plimsoll_core::gallery::GalleryExample::by_id("python-dockerignore").unwrap();
        let companions = Companions::of_example(example);
        assert_eq!(companions.files[0].path, ".dockerignore");
        assert_eq!(companions.files[0].kind, FileKind::Dockerignore);
        let project = companions.project("Dockerfile", example.source);
        assert_eq!(
            project.files[0],
            ("Dockerfile".to_owned(), example.source.to_owned())
        );
        let paths = project.paths.clone().unwrap();
        assert!(paths.contains(&".env".to_owned()) && paths.contains(&"Dockerfile".to_owned()));
        // Checked as the project worker checks it: the .env is found.
        let checked = project.check(&plimsoll_core::Settings::default());
        let report = checked[0].report.as_ref().unwrap();
        assert!(
            report.findings.iter().any(|f| f.rule == "PL420"),
            "{:?}",
            report.findings
        );
        // Files added by hand have no build context: none is invented.
        let mut by_hand = Companions::default();
        by_hand.add(FileKind::Compose, Lang::En, "Dockerfile");
        assert_eq!(by_hand.project("Dockerfile", "FROM a\n").paths, None);
        assert_eq!(by_hand.project("Dockerfile", "FROM a\n").name, None);
        let folder = Companions {
            name: Some("shop".to_owned()),
            ..by_hand
        };
        assert_eq!(
            folder.project("Dockerfile", "FROM a\n").name.as_deref(),
            Some("shop")
        );
    }

    #[test]
    fn files_are_added_by_kind_with_their_starter_under_a_free_name() {
        let mut companions = Companions::default();
        for kind in ADDABLE {
            let at = companions.add(kind, Lang::En, "Dockerfile").unwrap();
            assert_eq!(companions.files[at].kind, kind);
        }
        let paths: Vec<&str> = companions.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                ".dockerignore",
                "compose.yaml",
                "deployment.yaml",
                ".github/workflows/image.yml",
                "trivy-report.json"
            ]
        );
        assert_eq!(
            companions.add(FileKind::Dockerignore, Lang::En, "Dockerfile"),
            Some(0)
        );
        let second = companions
            .add(FileKind::Workflow, Lang::Ja, "Dockerfile")
            .unwrap();
        assert_eq!(
            companions.files[second].path,
            ".github/workflows/image-2.yml"
        );
        assert!(companions.files[second].text.contains("CI でのイメージ"));
        assert_eq!(
            companions.add(FileKind::Other, Lang::En, "Dockerfile"),
            None
        );
        assert_eq!(numbered(".dockerignore", 3), ".dockerignore-3");
    }

    #[test]
    fn names_must_be_relative_and_free() {
        let mut companions = Companions::default();
        companions.add(FileKind::Compose, Lang::En, "Dockerfile");
        companions.add(FileKind::Kubernetes, Lang::En, "Dockerfile");
        for (name, error) in [
            ("  ", NameError::Empty),
            ("/etc/compose.yaml", NameError::NotRelative),
            ("a/../compose.yaml", NameError::NotRelative),
            ("a//b.yaml", NameError::NotRelative),
            ("a\\b.yaml", NameError::NotRelative),
            ("deployment.yaml", NameError::Taken),
            ("Dockerfile", NameError::Taken),
        ] {
            assert_eq!(
                companions.rename(0, name, "Dockerfile"),
                Err(error),
                "{name}"
            );
        }
        assert_eq!(
            companions.rename(0, " deploy/docker-compose.yml ", "Dockerfile"),
            Ok(())
        );
        assert_eq!(companions.files[0].path, "deploy/docker-compose.yml");
        assert_eq!(companions.rename(1, "k8s/app.yaml", "Dockerfile"), Ok(()));
        assert_eq!(companions.files[1].kind, FileKind::Kubernetes);
    }

    #[test]
    fn a_rename_reads_the_file_as_its_new_name_says() {
        let mut companions = Companions::default();
        companions.add(FileKind::ScanReport, Lang::En, "Dockerfile");
        companions.set_text(0, "services:\n  app:\n    image: app\n");
        companions.rename(0, "compose.yaml", "Dockerfile").unwrap();
        assert_eq!(companions.files[0].kind, FileKind::Compose);
    }

    #[test]
    fn the_dockerfile_comes_first_and_removed_files_go() {
        let mut companions = Companions::default();
        companions.add(FileKind::Compose, Lang::En, "Dockerfile");
        companions.add(FileKind::Dockerignore, Lang::En, "Dockerfile");
        companions.remove(0);
        companions.remove(7);
        let files = companions.with_dockerfile("api.Dockerfile", "FROM scratch\n");
        assert_eq!(
            files[0],
            ("api.Dockerfile".to_owned(), "FROM scratch\n".to_owned())
        );
        assert_eq!(files[1].0, ".dockerignore");
        assert_eq!(files.len(), 2);
        assert_eq!(companions.index_of(".dockerignore"), Some(0));
        assert_eq!(dockerfile_path(Some("api.Dockerfile")), "api.Dockerfile");
        assert_eq!(dockerfile_path(Some("notes.txt")), "Dockerfile");
        assert_eq!(
            dockerfile_path(Some("services/api/Dockerfile")),
            "services/api/Dockerfile"
        );
        assert_eq!(dockerfile_path(None), "Dockerfile");
    }
}
