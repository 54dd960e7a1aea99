//! Reports in the formats people and tools read: JSON (the stable contract
//! of the CLI and the JavaScript API), Markdown and SARIF 2.1.0. Built here so
//! the CLI and the web app export exactly the same thing.

pub mod catalog;
pub mod json;
pub mod markdown;
pub mod parse;
pub mod sarif;

/// A checked file: where it came from and its report.
pub struct FileReport<'a> {
    /// The path as the user gave it (`-` for standard input).
    pub path: &'a str,
    pub source: &'a str,
    pub report: &'a crate::Report,
}
