//! The JavaScript API as an ES module: `js/` (crate `plimsoll-js`) built for
//! wasm32 in release, bound with the pinned wasm-bindgen CLI (`--target web`)
//! and shrunk with wasm-opt, into `dist/api/`:
//!
//! - `plimsoll.js`: the ES module (`import init, { check } from "./plimsoll.js"`);
//! - `plimsoll_bg.wasm`: what it loads;
//! - `plimsoll.d.ts`: the types.
//!
//! Runs after the Trunk build (which replaces `dist/`), and prints what a
//! page that imports the module downloads.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::paths::Paths;
use crate::run::{output_of, run};
use crate::tools;

/// Where the module goes, under `dist/`.
pub const OUT_DIR: &str = "api";
/// `plimsoll.js`, `plimsoll_bg.wasm`, `plimsoll.d.ts`.
pub const OUT_NAME: &str = "plimsoll";
const CRATE: &str = "plimsoll-js";

pub fn build(paths: &Paths) -> Result<(), String> {
    let cargo = paths.cargo();
    run(Command::new(&cargo).current_dir(&paths.root).args([
        "build",
        "-p",
        CRATE,
        "--lib",
        "--release",
        "--target",
        tools::WASM_TARGET,
    ]))?;
    let target_dir = target_directory(paths, &cargo)?;
    let input = target_dir
        .join(tools::WASM_TARGET)
        .join("release")
        .join(format!("{}.wasm", CRATE.replace('-', "_")));
    if !input.is_file() {
        return Err(format!("cargo build did not write {}", input.display()));
    }
    let out = paths.dist.join(OUT_DIR);
    if out.exists() {
        fs::remove_dir_all(&out).map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    run(Command::new(paths.cargo_bin().join("wasm-bindgen"))
        .current_dir(&paths.root)
        .args(["--target", "web", "--out-name", OUT_NAME, "--out-dir"])
        .arg(&out)
        .arg(&input))?;
    // The glue's own declaration file for the raw wasm exports is noise for
    // users of the module.
    let _ = fs::remove_file(out.join(format!("{OUT_NAME}_bg.wasm.d.ts")));
    let wasm = out.join(format!("{OUT_NAME}_bg.wasm"));
    run(Command::new(paths.node_bin().join("wasm-opt"))
        .current_dir(&paths.root)
        .arg("-Oz")
        .arg(&wasm)
        .arg("-o")
        .arg(&wasm))?;
    check_types(&out.join(format!("{OUT_NAME}.d.ts")))?;
    report(&out)
}

/// The hand-written signatures of `js/src/lib.rs`, which the d.ts must
/// carry instead of wasm-bindgen's `any`s.
const TYPED: &[&str] = &[
    "export function check(text: string, options?: CheckOptions): CheckResult;",
    "export function checkProject(files: Record<string, string>, options?: ProjectOptions): { files: ProjectFile[] };",
    "export function rules(lang?: \"en\" | \"ja\"): RuleInfo[];",
    "export function explain(code: string, lang?: \"en\" | \"ja\"): string | undefined;",
];

/// The d.ts must carry the hand-written types, not wasm-bindgen's `any`s.
fn check_types(path: &Path) -> Result<(), String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    for needle in TYPED.iter().chain(&["export default function __wbg_init"]) {
        if !text.contains(needle) {
            return Err(format!("{} lacks `{needle}`", path.display()));
        }
    }
    Ok(())
}

/// Prints each file raw and gzip, and what an importing page downloads.
fn report(out: &Path) -> Result<(), String> {
    let mut download = (0, 0);
    println!(
        "  {:<28}  {:>11}  {:>11}",
        "file (dist/api/)", "raw", "gzip -9"
    );
    let mut names: Vec<PathBuf> = fs::read_dir(out)
        .map_err(|e| format!("cannot list {}: {e}", out.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    names.sort();
    for path in names {
        let bytes = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let (raw, gzip) = (bytes.len() as u64, gzip_len(&bytes));
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        println!("  {name:<28}  {:>11}  {:>11}", kib(raw), kib(gzip));
        if name.ends_with(".js") || name.ends_with(".wasm") {
            download = (download.0 + raw, download.1 + gzip);
        }
    }
    println!(
        "  JS API download (plimsoll.js + plimsoll_bg.wasm): {} raw, {} gzip",
        kib(download.0),
        kib(download.1)
    );
    Ok(())
}

/// Cargo's target directory (CARGO_TARGET_DIR and config included).
pub fn target_directory(paths: &Paths, cargo: &str) -> Result<PathBuf, String> {
    let metadata = output_of(Command::new(cargo).current_dir(&paths.root).args([
        "metadata",
        "--format-version",
        "1",
        "--no-deps",
    ]))?;
    json_string(&metadata, "target_directory")
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata has no target_directory".to_owned())
}

/// The value of `"key":"value"` in compact JSON (paths: only `\\` and `\"` escapes).
fn json_string(json: &str, key: &str) -> Option<String> {
    let start = json.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let mut value = String::new();
    let mut chars = json[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => value.push(chars.next()?),
            c => value.push(c),
        }
    }
    None
}

pub fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory").len() as u64
}

pub fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

/// `tests/*.test.mjs`, sorted: every browser suite (the app's, the embed,
/// workshop, offline and JS API suites).
pub fn browser_test_files(root: &Path) -> Result<Vec<String>, String> {
    let dir = root.join("tests");
    let mut files: Vec<String> = fs::read_dir(&dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".test.mjs"))
        .map(|name| format!("tests/{name}"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.test.mjs in {}", dir.display()));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_target_directory() {
        let json = r#"{"packages":[],"target_directory":"/w/t\\x \"q\"","version":1}"#;
        assert_eq!(
            json_string(json, "target_directory").as_deref(),
            Some("/w/t\\x \"q\"")
        );
        assert_eq!(json_string(json, "missing"), None);
    }

    #[test]
    fn the_types_in_js_match_what_check_types_wants() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let source = fs::read_to_string(root.join("js/src/lib.rs")).unwrap();
        for needle in TYPED {
            assert!(source.contains(needle), "js/src/lib.rs lacks {needle}");
        }
    }
}
