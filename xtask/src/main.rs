//! Plimsoll's build tasks. The README documents two commands:
//!
//! - `cargo xtask serve`: install what is missing, then serve the app on
//!   http://127.0.0.1:8080 (Trunk, rebuilding on change);
//! - `cargo xtask test`: install what is missing, then run every check CI runs.
//!
//! `cargo xtask csp` is Trunk's post-build hook (see Trunk.toml), not for people.

mod bundle;
mod csp;
mod floor;
mod jsapi;
mod offline;
mod paths;
mod run;
mod scale;
mod tools;
mod wasm_profile;

use std::process::{Command, ExitCode};

use crate::paths::Paths;
use crate::run::{run, Steps};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  serve [TRUNK ARGS…]  install missing tools, then serve the app on http://127.0.0.1:8080
                       (extra arguments go to `trunk serve`, e.g. --release)
  test                 install missing tools, then run fmt, clippy, tests, the scale
                       guard, the release build, the bundle report and the browser tests
  scale                the scale guard: the release CLI on 1, 8 and 10 MB of one-line
                       RUNs; fails when 8 MB takes over 16 times as long as 1 MB
  csp [INDEX_HTML]     (Trunk post_build hook) allow the inline loader in the CSP by hash,
                       then write embed.html and the service worker's precache list
  jsapi                build the JavaScript API ES module into dist/api/ (after a Trunk build)
  size                 the bundle report (first load against budget.toml) and what the wasm
                       is made of (twiggy), for the last release build in dist/
  size floor           what the rules engine alone and Leptos alone weigh, built as the
                       page's wasm is: the least a first checklist can download";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&args[1..]),
        Some("test") if args.len() == 1 => test(),
        // Then embed.html and the service worker, from the final index.html.
        Some("csp") => csp::hook(&args[1..]).and_then(|()| offline::hook()),
        Some("jsapi") => jsapi::build(&Paths::new()),
        Some("scale") => scale::guard(&Paths::new()),
        Some("size") if args.get(1).map(String::as_str) == Some("floor") => {
            floor::report(&Paths::new())
        }
        Some("size") => size(&Paths::new()),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn serve(trunk_args: &[String]) -> Result<(), String> {
    let paths = Paths::new();
    let mut steps = Steps::new("xtask serve", 2);
    steps.step("set up tools", || tools::ensure_all(&paths))?;
    steps.step(
        "trunk serve on http://127.0.0.1:8080 (Ctrl-C to stop)",
        || {
            let mut trunk = trunk(&paths)?;
            trunk.args(["serve", "--address", "127.0.0.1", "--port", "8080"]);
            trunk.args(trunk_args);
            exec(&mut trunk)
        },
    )
}

/// Becomes `command` (Unix), so signals reach Trunk directly and no xtask
/// process lingers; elsewhere, runs it and waits.
fn exec(command: &mut Command) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt as _;
        println!("  $ {}", run::command_line(command));
        let error = command.exec();
        Err(format!(
            "could not start `{}`: {error}",
            run::command_line(command)
        ))
    }
    #[cfg(not(unix))]
    {
        run(command)
    }
}

fn test() -> Result<(), String> {
    let paths = Paths::new();
    let cargo = paths.cargo();
    let mut steps = Steps::new("xtask test", 10);
    steps.step("set up tools", || tools::ensure_all(&paths))?;
    steps.step("format: cargo fmt --check", || {
        run(cargo_in(&paths, &cargo).args(["fmt", "--all", "--check"]))
    })?;
    steps.step("lint: clippy, native", || {
        run(cargo_in(&paths, &cargo).args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    steps.step("lint: clippy, web on wasm32", || {
        run(cargo_in(&paths, &cargo).args([
            "clippy",
            "-p",
            "plimsoll-web",
            "--target",
            tools::WASM_TARGET,
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    steps.step("unit tests: cargo test --workspace", || {
        // The shared corpus and the npm tools are required here: a test
        // that lacks them fails and says why instead of skipping.
        run(cargo_in(&paths, &cargo)
            .args(["test", "--workspace"])
            .env("PLIMSOLL_REQUIRE_FIXTURES", "1"))
    })?;
    steps.step("scale guard: the release CLI on 1, 8 and 10 MB", || {
        scale::guard(&paths)
    })?;
    steps.step("release build: trunk build --release", || {
        run(trunk(&paths)?.args(["build", "--release"]))
    })?;
    steps.step("bundle report and what the wasm is made of", || {
        size(&paths)
    })?;
    steps.step("JS API: ES module into dist/api/, sizes", || {
        jsapi::build(&paths)
    })?;
    steps.step("browser tests: node --test tests/*.test.mjs", || {
        browser_tests(&paths)
    })?;
    steps.summary();
    Ok(())
}

fn size(paths: &Paths) -> Result<(), String> {
    bundle::report(&paths.root, &paths.dist)?;
    wasm_profile::report(paths)
}

fn cargo_in(paths: &Paths, cargo: &str) -> Command {
    let mut command = Command::new(cargo);
    command.current_dir(&paths.root);
    command
}

/// Trunk from `.tools/`, with the pinned wasm-bindgen and wasm-opt first on
/// PATH, and this binary exported for the CSP hook.
fn trunk(paths: &Paths) -> Result<Command, String> {
    let mut command = Command::new(paths.cargo_bin().join("trunk"));
    command
        .current_dir(&paths.root)
        .env("PATH", tools::path_with_tools(paths)?);
    if let Ok(me) = std::env::current_exe() {
        command.env("PLIMSOLL_XTASK", me);
    }
    Ok(command)
}

fn browser_tests(paths: &Paths) -> Result<(), String> {
    let mut node = Command::new("node");
    node.current_dir(&paths.root)
        // Every test and hook has its own limit (tests/embed-harness.mjs,
        // LIMIT); this one bounds a whole file, for a hang outside them.
        .args(["--test", "--test-reporter=spec", "--test-timeout=900000"])
        .args(jsapi::browser_test_files(&paths.root)?)
        .env("PATH", tools::path_with_tools(paths)?)
        .env("PLIMSOLL_DIST", &paths.dist)
        .env("PLIMSOLL_NODE_MODULES", paths.node_modules())
        .env("PLIMSOLL_CHROMIUM", tools::CHROMIUM)
        .env("PLIMSOLL_ARTIFACTS", paths.root.join("tests/artifacts"));
    run(&mut node)
}
