//! A folder dropped on the page or chosen with "Choose folder", as plain
//! data: which of its entries the page opens, which it only names, which it
//! skips, and what it then says it read. The browser side
//! ([`crate::folder_walk`]) walks the folder and feeds each entry here.
//!
//! The page keeps the text of the files the core checks (the core decides:
//! [`project::read_limit`] by name before reading,
//! [`project::may_be_project_file`] from the text, without a YAML parser)
//! and only the names of all other files, which are the
//! build context the `.dockerignore` is judged against. It does not go into
//! the folders a project walk never enters ([`project::enters_directory`]:
//! `.git`, `node_modules`, `vendor`, virtual environments, build output,
//! caches and editor state): those are named, and counted when the browser
//! listed their files anyway.

use std::collections::HashMap;

use plimsoll_core::project::{self, FileKind};

use crate::project::{Companion, Companions};

/// Files larger than this are named but not read: a project file this large
/// is data, and reading it would hold the page up.
pub const MAX_READ_BYTES: u64 = 5_000_000;

/// Past this many names the build context is not kept (the core then judges
/// the `.dockerignore` on its own): sending and storing the list would cost
/// more than it tells.
pub const MAX_NAMES: usize = 100_000;

/// A folder the page did not go into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedDir {
    pub path: String,
    /// The files in it, when the browser listed them anyway (a chosen
    /// folder); `None` when it was not opened (a dropped one).
    pub files: Option<usize>,
}

/// What the page says it took from a folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FolderSummary {
    /// The folder's own name, when there is one.
    pub folder: String,
    /// The files whose text the page kept, with their kind, by path.
    pub read: Vec<(String, FileKind)>,
    /// How many other files the page knows by name only.
    pub names_only: usize,
    pub skipped_dirs: Vec<SkippedDir>,
    /// Files the page would have read, left out for their size.
    pub too_large: Vec<String>,
    /// Files the browser refused to read.
    pub unreadable: Vec<String>,
    /// The Dockerfile put in the editor, if the folder has one.
    pub dockerfile: Option<String>,
    /// Over [`MAX_NAMES`]: the names are not kept as the build context.
    pub context_dropped: bool,
    /// The editor's text before it was replaced was kept aside.
    pub draft_kept: bool,
}

/// A folder read: the Dockerfile for the editor, the files beside it, and
/// what to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Folder {
    /// Path and text of the Dockerfile for the editor.
    pub dockerfile: Option<(String, String)>,
    pub companions: Companions,
    pub summary: FolderSummary,
}

/// A folder as it is being read. Paths are relative to the folder,
/// `/`-separated.
#[derive(Debug, Default)]
pub struct FolderReading {
    folder: String,
    /// Files whose text is kept.
    read: Vec<(String, String)>,
    /// Files and folders known by name only.
    names: Vec<String>,
    /// Of those, the files.
    names_only: usize,
    skipped_dirs: Vec<SkippedDir>,
    too_large: Vec<String>,
    unreadable: Vec<String>,
    /// Folders already met in a listing: entered (`None`) or skipped (the
    /// index in `skipped_dirs`).
    listed_dirs: HashMap<String, Option<usize>>,
}

/// The last part of a path.
fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

impl FolderReading {
    /// Reading the folder named `folder`.
    pub fn new(folder: &str) -> Self {
        FolderReading {
            folder: folder.to_owned(),
            ..Self::default()
        }
    }

    /// A folder inside: whether to go into it. It is named in the build
    /// context either way.
    pub fn enter(&mut self, path: &str) -> bool {
        self.names.push(path.to_owned());
        let enters = project::enters_directory(base_name(path));
        if !enters {
            self.skipped_dirs.push(SkippedDir {
                path: path.to_owned(),
                files: None,
            });
        }
        enters
    }

    /// Whether the file at `path` may be a project file, by its name: only
    /// those are opened (see [`Self::file`]); the others are [`Self::name`]d.
    pub fn may_read(path: &str) -> bool {
        project::read_limit(base_name(path)).is_some()
    }

    /// A file that may be read ([`Self::may_read`]), of `size` bytes:
    /// whether to read its text. A file too large is named only.
    pub fn file(&mut self, path: &str, size: u64) -> bool {
        if size > MAX_READ_BYTES {
            self.too_large.push(path.to_owned());
            self.name(path);
            return false;
        }
        true
    }

    /// A file known by its name only.
    pub fn name(&mut self, path: &str) {
        self.names.push(path.to_owned());
        self.names_only += 1;
    }

    /// The text of a file [`Self::file`] said to read: kept when the core
    /// checks such a file, else it is named only and the text dropped.
    pub fn text(&mut self, path: &str, text: String) {
        if project::may_be_project_file(path, &text) {
            self.read.push((path.to_owned(), text));
        } else {
            self.name(path);
        }
    }

    /// A file the browser could not read: named only.
    pub fn unreadable(&mut self, path: &str) {
        self.unreadable.push(path.to_owned());
        self.name(path);
    }

    /// A folder listed file by file with sizes (a chosen folder: the
    /// browser lists everything in it, `node_modules` too). Returns the
    /// indexes of the files to read, in order; the others are recorded.
    pub fn list<S: AsRef<str>>(&mut self, files: &[(S, u64)]) -> Vec<usize> {
        let mut to_read = Vec::new();
        for (index, (path, size)) in files.iter().enumerate() {
            let path = path.as_ref();
            if let Some(skipped) = self.skipped_ancestor(path) {
                if let Some(count) = &mut self.skipped_dirs[skipped].files {
                    *count += 1;
                }
                continue;
            }
            if !Self::may_read(path) {
                self.name(path);
            } else if self.file(path, *size) {
                to_read.push(index);
            }
        }
        to_read
    }

    /// Enters the folders above `path` met for the first time; the skipped
    /// one it is in, if any.
    fn skipped_ancestor(&mut self, path: &str) -> Option<usize> {
        let mut end = 0;
        while let Some(slash) = path[end..].find('/') {
            let dir = &path[..end + slash];
            end += slash + 1;
            let state = match self.listed_dirs.get(dir) {
                Some(state) => *state,
                None => {
                    let skipped = (!self.enter(dir)).then(|| self.skipped_dirs.len() - 1);
                    if let Some(at) = skipped {
                        self.skipped_dirs[at].files = Some(0);
                    }
                    self.listed_dirs.insert(dir.to_owned(), skipped);
                    skipped
                }
            };
            if state.is_some() {
                return state;
            }
        }
        None
    }

    /// The folder as the page takes it: the Dockerfile at the top (the
    /// shallowest, `Dockerfile` itself first, then by path) goes into the
    /// editor; every other file read becomes a tab, Dockerfiles included.
    pub fn finish(mut self) -> Folder {
        plimsoll_core::order::sort_by(&mut self.read, |a, b| a.0.cmp(&b.0));
        let kinds: Vec<FileKind> = self
            .read
            .iter()
            .map(|(path, text)| project::guess_kind(path, text))
            .collect();
        let edited = self
            .read
            .iter()
            .zip(&kinds)
            .enumerate()
            .filter(|(_, (_, kind))| **kind == FileKind::Dockerfile)
            .min_by_key(|(_, ((path, _), _))| {
                (
                    path.matches('/').count(),
                    base_name(path) != "Dockerfile",
                    path.clone(),
                )
            })
            .map(|(index, _)| index);
        let summary = FolderSummary {
            folder: self.folder,
            read: self
                .read
                .iter()
                .zip(&kinds)
                .map(|((path, _), kind)| (path.clone(), *kind))
                .collect(),
            names_only: self.names_only,
            skipped_dirs: self.skipped_dirs,
            too_large: self.too_large,
            unreadable: self.unreadable,
            dockerfile: edited.map(|index| self.read[index].0.clone()),
            context_dropped: self.names.len() > MAX_NAMES,
            draft_kept: false,
        };
        let mut dockerfile = None;
        let mut files = Vec::new();
        for (index, ((path, text), kind)) in self.read.into_iter().zip(kinds).enumerate() {
            if Some(index) == edited {
                dockerfile = Some((path, text));
            } else {
                files.push(Companion { path, kind, text });
            }
        }
        let mut context = if summary.context_dropped {
            Vec::new()
        } else {
            self.names
        };
        context.sort_unstable();
        let name = (!summary.folder.is_empty()).then(|| summary.folder.clone());
        Folder {
            dockerfile,
            companions: Companions {
                files,
                context,
                name,
            },
            summary,
        }
    }
}

/// A chosen folder's paths (`webkitRelativePath`: `folder/src/main.go`):
/// the folder's name, and each path inside it.
pub fn split_root<S: AsRef<str>>(paths: &[S]) -> (String, Vec<String>) {
    let root = paths
        .first()
        .and_then(|path| path.as_ref().split_once('/'))
        .map_or("", |(root, _)| root)
        .to_owned();
    let inside = paths
        .iter()
        .map(|path| {
            let path = path.as_ref();
            path.strip_prefix(&root)
                .and_then(|rest| rest.strip_prefix('/'))
                .unwrap_or(path)
                .to_owned()
        })
        .collect();
    (root, inside)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMPOSE: &str = "services:\n  app:\n    build: .\n";
    const IGNORE: &str = "node_modules\n.git\n";

    /// A chosen folder: every file listed with its size, as the browser
    /// gives them.
    fn chosen(files: &[(&str, u64)]) -> (FolderReading, Vec<String>) {
        let mut reading = FolderReading::new("app");
        let to_read = reading.list(files);
        let paths = to_read.iter().map(|&i| files[i].0.to_owned()).collect();
        (reading, paths)
    }

    #[test]
    fn a_listed_folder_is_read_by_name_and_size_and_its_huge_trees_are_counted() {
        let mut files = vec![
            ("Dockerfile", 120),
            (".dockerignore", 20),
            (".env", 30),
            ("compose.yaml", 40),
            ("package.json", 200),
            ("src/server.js", 900),
            ("dump/trivy.json", 6_000_000),
            (".git/HEAD", 20),
            (".git/objects/ab/cdef", 2000),
            (".github/workflows/image.yml", 300),
            (".idea/workspace.xml", 300),
        ];
        let modules: Vec<String> = (0..1000)
            .map(|i| format!("node_modules/pkg{i}/index.js"))
            .collect();
        files.extend(modules.iter().map(|path| (path.as_str(), 10)));
        files.push(("packages/web/node_modules/a/package.json", 10));
        let (reading, to_read) = chosen(&files);
        assert_eq!(
            to_read,
            [
                "Dockerfile",
                ".dockerignore",
                "compose.yaml",
                "package.json",
                ".github/workflows/image.yml"
            ]
        );
        let skipped: Vec<(&str, Option<usize>)> = reading
            .skipped_dirs
            .iter()
            .map(|dir| (dir.path.as_str(), dir.files))
            .collect();
        assert_eq!(
            skipped,
            [
                (".git", Some(2)),
                (".idea", Some(1)),
                ("node_modules", Some(1000)),
                ("packages/web/node_modules", Some(1))
            ]
        );
        assert_eq!(reading.too_large, ["dump/trivy.json"]);
        // .env, src/server.js and the large report: names only.
        assert_eq!(reading.names_only, 3);
    }

    #[test]
    fn only_what_the_core_checks_keeps_its_text() {
        let (mut reading, to_read) = chosen(&[
            ("Dockerfile", 1),
            ("compose.yaml", 1),
            (".dockerignore", 1),
            ("package.json", 1),
            ("src/.eslintrc.yml", 1),
            (".env", 1),
        ]);
        for path in to_read {
            let text = match path.as_str() {
                "Dockerfile" => "FROM node:22\nCOPY . .\n",
                "compose.yaml" => COMPOSE,
                ".dockerignore" => IGNORE,
                "package.json" => "{\"name\": \"app\"}",
                _ => "root: true\n",
            };
            reading.text(&path, text.to_owned());
        }
        let folder = reading.finish();
        assert_eq!(
            folder.dockerfile,
            Some((
                "Dockerfile".to_owned(),
                "FROM node:22\nCOPY . .\n".to_owned()
            ))
        );
        let tabs: Vec<(&str, FileKind)> = folder
            .companions
            .files
            .iter()
            .map(|file| (file.path.as_str(), file.kind))
            .collect();
        assert_eq!(
            tabs,
            [
                (".dockerignore", FileKind::Dockerignore),
                ("compose.yaml", FileKind::Compose)
            ]
        );
        assert_eq!(
            folder.companions.context,
            [".env", "package.json", "src", "src/.eslintrc.yml"]
        );
        let summary = folder.summary;
        assert_eq!(summary.folder, "app");
        assert_eq!(summary.names_only, 3);
        assert_eq!(summary.dockerfile.as_deref(), Some("Dockerfile"));
        assert_eq!(
            summary.read,
            [
                (".dockerignore".to_owned(), FileKind::Dockerignore),
                ("Dockerfile".to_owned(), FileKind::Dockerfile),
                ("compose.yaml".to_owned(), FileKind::Compose)
            ]
        );
        // Checked as the project worker checks it: the .env the ignore
        // file forgets is found in the build context.
        let project = folder
            .companions
            .project("Dockerfile", "FROM node:22\nCOPY . .\n");
        // The folder's name names the project, whose images are named like it.
        assert_eq!(project.name.as_deref(), Some("app"));
        let checked = project.check(&plimsoll_core::Settings::default());
        let report = checked[0].report.as_ref().unwrap();
        assert!(report.findings.iter().any(|f| f.rule == "PL420"));
    }

    #[test]
    fn the_dockerfile_at_the_top_is_edited_and_the_others_stay_tabs() {
        let mut reading = FolderReading::new("mono");
        for (path, text) in [
            ("services/api/Dockerfile", "FROM golang:1.23\n"),
            ("Dockerfile.dev", "FROM node:22\n"),
            ("web/Dockerfile", "FROM nginx\n"),
        ] {
            reading.text(path, text.to_owned());
        }
        let folder = reading.finish();
        assert_eq!(folder.dockerfile.unwrap().0, "Dockerfile.dev");
        let tabs: Vec<&str> = folder
            .companions
            .files
            .iter()
            .map(|file| file.path.as_str())
            .collect();
        assert_eq!(tabs, ["services/api/Dockerfile", "web/Dockerfile"]);
        assert!(folder
            .companions
            .files
            .iter()
            .all(|file| file.kind == FileKind::Dockerfile));
        // At the same depth, `Dockerfile` itself wins.
        let mut reading = FolderReading::new("two");
        reading.text("Containerfile", "FROM a\n".to_owned());
        reading.text("Dockerfile", "FROM b\n".to_owned());
        assert_eq!(
            reading.finish().summary.dockerfile.as_deref(),
            Some("Dockerfile")
        );
        // No Dockerfile: nothing for the editor, the files are still tabs.
        let mut reading = FolderReading::new("deploy");
        reading.text("compose.yaml", COMPOSE.to_owned());
        let folder = reading.finish();
        assert_eq!(folder.dockerfile, None);
        assert_eq!(folder.companions.files.len(), 1);
    }

    #[test]
    fn a_walked_folder_names_the_folders_it_does_not_open() {
        let mut reading = FolderReading::new("app");
        assert!(reading.enter("src"));
        assert!(!reading.enter("node_modules"));
        assert!(!reading.enter(".git"));
        assert!(reading.enter(".github"));
        assert!(FolderReading::may_read("src/compose.yml"));
        assert!(!FolderReading::may_read(".env"));
        assert!(!reading.file("big.json", MAX_READ_BYTES + 1));
        assert!(reading.file("small.json", MAX_READ_BYTES));
        reading.unreadable("locked.yaml");
        let folder = reading.finish();
        let summary = &folder.summary;
        assert_eq!(
            summary.skipped_dirs,
            [
                SkippedDir {
                    path: "node_modules".to_owned(),
                    files: None
                },
                SkippedDir {
                    path: ".git".to_owned(),
                    files: None
                }
            ]
        );
        assert_eq!(summary.too_large, ["big.json"]);
        assert_eq!(summary.unreadable, ["locked.yaml"]);
        assert_eq!(summary.names_only, 2);
        // Skipped folders are in the build context by name (a `.git` the
        // ignore file forgets is still found).
        assert_eq!(
            folder.companions.context,
            [
                ".git",
                ".github",
                "big.json",
                "locked.yaml",
                "node_modules",
                "src"
            ]
        );
    }

    #[test]
    fn too_many_names_are_not_kept_as_the_build_context() {
        let mut reading = FolderReading::new("huge");
        for i in 0..=MAX_NAMES {
            reading.name(&format!("f{i}"));
        }
        let folder = reading.finish();
        assert!(folder.summary.context_dropped);
        assert!(folder.companions.context.is_empty());
        assert_eq!(folder.summary.names_only, MAX_NAMES + 1);
    }

    #[test]
    fn a_chosen_folder_s_paths_lose_the_folder_s_name() {
        let (root, inside) = split_root(&["app/Dockerfile", "app/src/a.js"]);
        assert_eq!(root, "app");
        assert_eq!(inside, ["Dockerfile", "src/a.js"]);
        let (root, inside) = split_root::<&str>(&[]);
        assert_eq!((root.as_str(), inside.len()), ("", 0));
    }
}
