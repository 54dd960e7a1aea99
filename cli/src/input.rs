//! Finding and reading the Dockerfiles to check, with errors that name the
//! file.

use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::args::is_stdin;
use plimsoll_core::project::is_dockerfile_name;

/// What is printed in place of a path for standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// One Dockerfile's text and the name it is reported under.
#[derive(Clone, Debug)]
pub struct Input {
    /// Where it came from; `None` for standard input.
    pub path: Option<PathBuf>,
    /// The name people read (`<stdin>` for standard input).
    pub name: String,
    pub text: String,
}

impl Input {
    /// The path for machine-readable formats (`-` for standard input, as
    /// `plimsoll_core::export::FileReport` expects).
    pub fn report_path(&self) -> &str {
        if self.path.is_none() {
            "-"
        } else {
            &self.name
        }
    }
}

impl Input {
    /// The file's path in its project, as far as the command line tells:
    /// relative to the current directory when it is under it, else its
    /// name alone. (Directories above the project, `/home/me/e2e-work/`,
    /// say nothing about what the image is for.)
    pub fn project_path(&self) -> Option<String> {
        let path = self.path.as_ref()?;
        let cwd = std::env::current_dir().ok();
        let absolute = if path.is_absolute() {
            path.clone()
        } else {
            cwd.as_ref()?.join(path)
        };
        let relative = cwd
            .as_ref()
            .and_then(|cwd| absolute.strip_prefix(cwd).ok())
            .filter(|relative| !relative.as_os_str().is_empty());
        Some(match relative {
            Some(relative) => relative.to_string_lossy().replace('\\', "/"),
            None => path.file_name()?.to_string_lossy().into_owned(),
        })
    }
}

#[derive(Debug)]
pub enum InputError {
    NotFound(String),
    NoDockerfile(String),
    NotUtf8 { name: String, offset: usize },
    Io { name: String, error: io::Error },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::NotFound(name) => write!(f, "{name}: no such file or directory"),
            InputError::NoDockerfile(name) => write!(
                f,
                "{name}: directory holds no Dockerfile (looked for Dockerfile, *.Dockerfile, \
                 Dockerfile.*, Containerfile)"
            ),
            InputError::NotUtf8 { name, offset } => {
                write!(f, "{name}: is not valid UTF-8 text (byte offset {offset})")
            }
            InputError::Io { name, error } => write!(f, "{name}: cannot read: {error}"),
        }
    }
}

/// Something to read: standard input or a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

/// Expands the command line's paths: files as given, directories into the
/// Dockerfiles under them (sorted), `-` into standard input. Paths that do
/// not exist and directories without a Dockerfile are errors, in order.
pub fn expand(paths: &[PathBuf]) -> Vec<Result<Source, InputError>> {
    let mut sources = Vec::new();
    for path in paths {
        if is_stdin(path) {
            sources.push(Ok(Source::Stdin));
            continue;
        }
        let name = path.display().to_string();
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                if let Err(error) = walk(path, &mut found) {
                    sources.push(Err(InputError::Io { name, error }));
                    continue;
                }
                if found.is_empty() {
                    sources.push(Err(InputError::NoDockerfile(name)));
                }
                found.sort();
                sources.extend(found.into_iter().map(|file| Ok(Source::File(file))));
            }
            Ok(_) => sources.push(Ok(Source::File(path.clone()))),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                sources.push(Err(InputError::NotFound(name)));
            }
            Err(error) => sources.push(Err(InputError::Io { name, error })),
        }
    }
    sources
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        // Symbolic links are not followed into directories (no cycles).
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if plimsoll_core::project::enters_directory(&name) {
                walk(&entry.path(), found)?;
            }
        } else if is_dockerfile_name(&name) && entry.path().is_file() {
            found.push(entry.path());
        }
    }
    Ok(())
}

impl Input {
    /// Reads one source.
    pub fn read(source: &Source) -> Result<Self, InputError> {
        match source {
            Source::Stdin => {
                let mut bytes = Vec::new();
                io::stdin()
                    .lock()
                    .read_to_end(&mut bytes)
                    .map_err(|error| InputError::Io {
                        name: STDIN_NAME.to_owned(),
                        error,
                    })?;
                decode(None, STDIN_NAME.to_owned(), bytes)
            }
            Source::File(path) => {
                let name = path.display().to_string();
                match std::fs::read(path) {
                    Ok(bytes) => decode(Some(path.clone()), name, bytes),
                    Err(error) if error.kind() == io::ErrorKind::NotFound => {
                        Err(InputError::NotFound(name))
                    }
                    Err(error) => Err(InputError::Io { name, error }),
                }
            }
        }
    }

    #[cfg(test)]
    pub fn from_parts(name: &str, text: &str) -> Self {
        Self {
            path: Some(PathBuf::from(name)),
            name: name.to_owned(),
            text: text.to_owned(),
        }
    }
}

fn decode(path: Option<PathBuf>, name: String, bytes: Vec<u8>) -> Result<Input, InputError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Input { path, name, text }),
        Err(error) => Err(InputError::NotUtf8 {
            name,
            offset: error.utf8_error().valid_up_to(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_reports_the_first_bad_byte() {
        let error = decode(None, "Dockerfile".to_owned(), b"FROM a\n\xff".to_vec()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Dockerfile: is not valid UTF-8 text (byte offset 7)"
        );
    }

    #[test]
    fn dockerfile_names() {
        for yes in [
            "Dockerfile",
            "dockerfile",
            "api.Dockerfile",
            "Dockerfile.prod",
            "Containerfile",
            "Containerfile.dev",
            "web.containerfile",
        ] {
            assert!(is_dockerfile_name(yes), "{yes}");
        }
        for no in [
            "Dockerfile.dockerignore",
            ".dockerignore",
            "Dockerfile.",
            ".Dockerfile",
            "MyDockerfile",
            "Dockerfiles",
            "README.md",
            "Dockerfile.j2",
            "Dockerfile.template",
        ] {
            assert!(!is_dockerfile_name(no), "{no}");
        }
    }
}
