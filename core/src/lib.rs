//! Plimsoll's analysis core: a Dockerfile parser with BuildKit semantics, a
//! semantic model, the security rules and the checklist. Pure Rust, no I/O:
//! the same code runs in the CLI and, compiled to WebAssembly, in the browser.

pub mod checklist;
pub mod companion;
pub mod coverage;
pub mod docs;
pub mod export;
pub mod fix;
pub mod gallery;
#[cfg(feature = "html")]
pub mod html;
pub mod model;
pub mod order;
mod pipeline;
pub mod project;
pub mod report;
pub mod rules;
mod scan_evidence;
pub mod settings;
pub mod shell;
pub mod span;
pub mod starter;
pub mod suppress;
pub mod syntax;
mod threads;
pub mod wire;
pub mod workshop;

pub use pipeline::{check, check_in_context};
pub use report::{Finding, Lang, Report, Severity, Text};
pub use scan_evidence::{table_words, TableWords, VulnerabilitySummary, VulnerablePackage};
pub use settings::Settings;
pub use span::{LineIndex, Location, Position, Span};

/// The version of the rule set, shown in every report and export.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
