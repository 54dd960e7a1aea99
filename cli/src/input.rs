//! Reading the Dockerfiles to check, with errors that name the file.

use std::fmt;
use std::io::{self, Read};
use std::path::Path;

use crate::args::is_stdin;

/// What is printed in place of a path for standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// One Dockerfile's text and the name it is reported under.
#[derive(Debug)]
pub struct Input {
    pub name: String,
    pub text: String,
}

#[derive(Debug)]
pub enum InputError {
    NotFound(String),
    IsDirectory(String),
    NotUtf8 { name: String, offset: usize },
    Io { name: String, error: io::Error },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::NotFound(name) => write!(f, "{name}: no such file"),
            InputError::IsDirectory(name) => {
                write!(f, "{name}: is a directory, not a Dockerfile")
            }
            InputError::NotUtf8 { name, offset } => {
                write!(f, "{name}: is not valid UTF-8 text (byte offset {offset})")
            }
            InputError::Io { name, error } => write!(f, "{name}: cannot read: {error}"),
        }
    }
}

impl Input {
    /// Reads `path`, or standard input when it is `-`.
    pub fn read(path: &Path) -> Result<Self, InputError> {
        if is_stdin(path) {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|error| InputError::Io {
                    name: STDIN_NAME.to_owned(),
                    error,
                })?;
            return decode(STDIN_NAME.to_owned(), bytes);
        }
        let name = path.display().to_string();
        if path.is_dir() {
            return Err(InputError::IsDirectory(name));
        }
        match std::fs::read(path) {
            Ok(bytes) => decode(name, bytes),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                Err(InputError::NotFound(name))
            }
            Err(error) => Err(InputError::Io { name, error }),
        }
    }

    #[cfg(test)]
    pub fn from_parts(name: &str, text: &str) -> Self {
        Self {
            name: name.to_owned(),
            text: text.to_owned(),
        }
    }
}

fn decode(name: String, bytes: Vec<u8>) -> Result<Input, InputError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Input { name, text }),
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
        let error = decode("Dockerfile".to_owned(), b"FROM a\n\xff".to_vec()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Dockerfile: is not valid UTF-8 text (byte offset 7)"
        );
    }
}
