//! What a build can copy: the paths of its build context, less what the
//! ignore file that applies leaves out.

use super::dockerignore::{clean, IgnoreFile, Pattern};

/// The build context of one Dockerfile, as far as the project shows it.
#[derive(Clone, Debug, Default)]
pub struct BuildContext {
    /// The ignore file BuildKit uses for this build.
    pub ignore: Option<LinkedIgnore>,
    /// Every path of the build context, relative to its root and
    /// `/`-separated (directories may be listed without their contents);
    /// `None` when the project does not list the context.
    pub paths: Option<Vec<String>>,
    /// Whether the context is the project's top directory, where a `.git`
    /// directory sits (a Dockerfile in a subdirectory usually builds from
    /// that subdirectory, which has none).
    pub is_project_root: bool,
}

/// An ignore file and its path in the project.
#[derive(Clone, Debug)]
pub struct LinkedIgnore {
    pub path: String,
    pub file: IgnoreFile,
}

impl BuildContext {
    /// Whether the ignore file leaves `path` out of the context.
    pub fn excludes(&self, path: &str) -> bool {
        self.ignore
            .as_ref()
            .is_some_and(|ignore| ignore.file.excludes(path))
    }

    /// The paths of the context that a `COPY`/`ADD` source takes, after the
    /// ignore file; `None` when the context is not listed or the source is
    /// not a plain path of the context (a variable, a URL). `source` is
    /// unquoted.
    pub fn copied_by(&self, source: &str) -> Option<Vec<&str>> {
        let paths = self.paths.as_ref()?;
        let source = ContextSource::new(source)?;
        Some(
            paths
                .iter()
                .map(String::as_str)
                .filter(|path| source.takes(path) && !self.excludes(path))
                .collect(),
        )
    }
}

/// A `COPY`/`ADD` source inside the build context.
pub enum ContextSource {
    /// `.`: the whole context.
    Root,
    /// A path: that file, or that directory and everything under it.
    Path(String),
    /// A path with wildcards, matched as BuildKit matches sources.
    Wildcard(Pattern),
}

impl ContextSource {
    /// `source` is the word with its quotes removed. `None` for sources
    /// that are not in the context: URLs, Git addresses, and words with
    /// variables left in them.
    pub fn new(source: &str) -> Option<ContextSource> {
        if source.contains('$') || source.contains("://") || source.starts_with("git@") {
            return None;
        }
        let cleaned = clean(source);
        let relative = cleaned.trim_start_matches('/');
        if relative.is_empty() || relative == "." {
            return Some(ContextSource::Root);
        }
        if relative.contains(['*', '?', '[']) {
            let pattern = Pattern::new(relative);
            return pattern
                .error()
                .is_none()
                .then_some(ContextSource::Wildcard(pattern));
        }
        Some(ContextSource::Path(relative.to_owned()))
    }

    /// Whether `path` of the context is copied by this source.
    pub fn takes(&self, path: &str) -> bool {
        match self {
            ContextSource::Root => true,
            ContextSource::Path(source) => {
                path == source
                    || path
                        .strip_prefix(source.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            }
            ContextSource::Wildcard(pattern) => pattern.matches(path),
        }
    }
}
