//! Plimsoll's analysis core: a Dockerfile parser with BuildKit semantics, a
//! semantic model, the security rules and the checklist. Pure Rust, no I/O:
//! the same code runs in the CLI and, compiled to WebAssembly, in the browser.

pub mod report;
pub mod settings;
pub mod shell;
pub mod span;
pub mod syntax;

pub use report::{Finding, Report, Severity, Text};
pub use settings::Settings;
pub use span::{LineIndex, Location, Position, Span};

/// Parses `source` and runs every enabled rule on it.
pub fn check(source: &str, settings: &Settings) -> Report {
    let dockerfile = syntax::parse(source);
    report::build(source, &dockerfile, settings)
}
