//! The least a first checklist can weigh (`cargo xtask size floor`): the
//! rules engine alone (`plimsoll-core` without the rule documentation,
//! checking a Dockerfile and encoding the report as the check worker does)
//! and Leptos alone (a page with a signal, a list and an input), each built
//! as the page's wasm is: release profile, wasm-bindgen, `wasm-opt -Oz`
//! (and without its names).
//! Every view needs both before its first checklist, so their sum is what a
//! first load cannot go under without fewer rules or no UI framework.

use std::fs;
use std::process::Command;

use crate::jsapi::{gzip_len, kib, target_directory};
use crate::paths::Paths;
use crate::run::run;
use crate::tools;

/// The crates of `xtask/floor/`, as cargo names their wasm.
const PARTS: [(&str, &str); 2] = [
    (
        "core_only",
        "the rules engine: check + encode, no docs, no UI",
    ),
    ("leptos_min", "Leptos 0.8 CSR: a signal, a list, an input"),
];

pub fn report(paths: &Paths) -> Result<(), String> {
    let cargo = paths.cargo();
    let target = target_directory(paths, &cargo)?.join("size-floor");
    let manifest = paths.root.join("xtask/floor/Cargo.toml");
    run(Command::new(&cargo)
        .current_dir(&paths.root)
        .env("CARGO_TARGET_DIR", &target)
        .args([
            "build",
            "--release",
            "--target",
            tools::WASM_TARGET,
            "--manifest-path",
        ])
        .arg(&manifest))?;
    println!(
        "  {:<12} {:>12} {:>12}  what",
        "part", "wasm raw", "wasm+js gzip"
    );
    let mut sum = 0;
    for (name, what) in PARTS {
        let built = target
            .join(tools::WASM_TARGET)
            .join("release")
            .join(format!("{name}.wasm"));
        let out = target.join(format!("out-{name}"));
        run(Command::new(paths.cargo_bin().join("wasm-bindgen"))
            .args(["--target", "web", "--out-dir"])
            .arg(&out)
            .arg(&built))?;
        let wasm = out.join(format!("{name}_bg.wasm"));
        // Names and producers stripped too: a floor, not what Trunk ships.
        run(Command::new(paths.node_bin().join("wasm-opt"))
            .args(["-Oz", "--strip-debug", "--strip-producers"])
            .arg(&wasm)
            .arg("-o")
            .arg(&wasm))?;
        let read = |path: std::path::PathBuf| {
            fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
        };
        let wasm_bytes = read(wasm)?;
        let gzip = gzip_len(&wasm_bytes) + gzip_len(&read(out.join(format!("{name}.js")))?);
        sum += gzip;
        println!(
            "  {name:<12} {:>12} {:>12}  {what}",
            kib(wasm_bytes.len() as u64),
            kib(gzip)
        );
    }
    println!(
        "  both: {} gzip before any view of our own is drawn",
        kib(sum)
    );
    Ok(())
}
