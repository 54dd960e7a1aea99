//! Inputs that live outside the repository: the shared corpus of real
//! Dockerfiles (`../shared/corpus/real`) and the npm tools `cargo xtask test`
//! installs into `.tools/node`. A test that lacks one skips, and says so where
//! people look: libtest captures `eprintln!`, so the notice goes straight to
//! the terminal's standard error. Under the test command
//! (`PLIMSOLL_REQUIRE_FIXTURES=1`, set by `cargo xtask test`) a missing input
//! fails the test instead, with the reason.
//!
//! Shared by the core tests (`mod support`) and the CLI's end-to-end tests
//! (included by path), so it uses the standard library only.

#![allow(dead_code)] // each test binary uses its own subset

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Set by `cargo xtask test`: missing inputs fail instead of skipping.
pub const REQUIRE_VARIABLE: &str = "PLIMSOLL_REQUIRE_FIXTURES";

/// The corpus holds 264 Dockerfiles: fewer than this means a broken copy,
/// not a smaller corpus.
pub const MIN_CORPUS_FILES: usize = 250;

/// Whether missing inputs are failures (under the test command).
pub fn required() -> bool {
    std::env::var_os(REQUIRE_VARIABLE).is_some_and(|value| !value.is_empty() && value != "0")
}

/// Skips `test` because `why`: a `SKIPPED` line on the terminal, or a panic
/// under the test command. The caller returns right after.
pub fn skip(test: &str, why: &str) {
    assert!(
        !required(),
        "{test}: {why}; {REQUIRE_VARIABLE} is set (the test command), so this is a failure, not a skip"
    );
    // Not `eprintln!`: libtest would capture it and show it only on failure.
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}

/// `../shared/corpus/real`, seen from a crate directory of this workspace.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/real")
}

/// The real corpus's Dockerfiles (not `SOURCES.tsv`), sorted; `None` after a
/// visible skip when the corpus is absent. Fails when the directory holds
/// fewer than [`MIN_CORPUS_FILES`].
pub fn corpus_files(test: &str) -> Option<Vec<PathBuf>> {
    let dir = corpus_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        skip(test, &format!("the corpus is not at {}", dir.display()));
        return None;
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && !path.ends_with("SOURCES.tsv"))
        .collect();
    files.sort();
    assert!(
        files.len() >= MIN_CORPUS_FILES,
        "{test}: only {} Dockerfiles in {} (at least {MIN_CORPUS_FILES} expected)",
        files.len(),
        dir.display()
    );
    Some(files)
}

/// The files of `../shared/corpus/companions/<folder>` whose names end in
/// one of `extensions`, sorted; `None` after a visible skip when the
/// companions are absent. Fails when fewer than `at_least` match.
pub fn companion_files(
    test: &str,
    folder: &str,
    extensions: &[&str],
    at_least: usize,
) -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/companions")
        .join(folder);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        skip(
            test,
            &format!("the companions are not at {}", dir.display()),
        );
        return None;
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            let name = path.to_string_lossy();
            extensions.iter().any(|extension| name.ends_with(extension))
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= at_least,
        "{test}: only {} files in {} (at least {at_least} expected)",
        files.len(),
        dir.display()
    );
    Some(files)
}

/// A file as text (invalid UTF-8 replaced, as the CLI reads it).
pub fn read_lossy(path: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned()
}

/// `.tools/node/node_modules` when `package` (a path inside it) is installed;
/// `None` after a visible skip when no npm tools are installed at all. A
/// `node_modules` without the package is a failure: the pinned set changed
/// and `cargo xtask test` must be run again.
pub fn npm_tool(test: &str, package: &str) -> Option<PathBuf> {
    let node_modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/node/node_modules");
    if node_modules.join(package).exists() {
        return Some(node_modules);
    }
    assert!(
        !node_modules.exists(),
        "{test}: {package} is missing from {}: run `cargo xtask test`, which installs the pinned npm packages",
        node_modules.display()
    );
    skip(
        test,
        &format!("{package} is not installed (`cargo xtask test` installs it)"),
    );
    None
}
