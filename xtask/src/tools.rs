//! Every external tool the build needs, pinned in this one table, and the
//! code that installs what is missing into the repository's `.tools/` folder.
//!
//! Only crates.io, npm and Debian's archive are reachable from the machines
//! this runs on, so every route below uses one of those (see README).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::paths::Paths;
use crate::run::{output_of, run};

/// Trunk, built from crates.io with its own lock file.
pub const TRUNK_VERSION: &str = "0.21.14";
/// twiggy, the code size profiler behind the bundle report's table of what
/// the WebAssembly is made of.
pub const TWIGGY_VERSION: &str = "0.8.0";
/// wasm-bindgen-cli must equal the `wasm-bindgen` crate in Cargo.lock.
pub const WASM_BINDGEN_CRATE: &str = "wasm-bindgen";
/// npm packages, installed with `npm ci` from tests/package-lock.json.
/// binaryen provides `wasm-opt` as a pure JS/wasm build.
/// dockerfile-ast is the independent parser the core's parser is compared with.
/// axe-core is the accessibility checker the playground's browser tests inject.
/// @microsoft/sarif-multitool is the official SARIF validator the CLI tests run
/// (a self-contained .NET build; its Linux x64 binary runs offline).
pub const NPM_PACKAGES: &[(&str, &str)] = &[
    ("@microsoft/sarif-multitool", "5.7.0"),
    ("axe-core", "4.14.1"),
    ("binaryen", "132.0.0"),
    ("dockerfile-ast", "0.7.1"),
    ("playwright-core", "1.65.1"),
];
/// What `wasm-opt --version` prints for the binaryen above; also Trunk.toml's `wasm_opt`.
pub const WASM_OPT_VERSION: &str = "version_132";
/// Debian packages for the browser tests, and the files that show they are
/// there. The Japanese font lets the layout tests see Japanese text at its
/// real width (without one, wrapping checks would pass without proof).
pub const APT_PACKAGES: &[&str] = &["chromium", "chromium-driver", "fonts-ipafont-gothic"];
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const JAPANESE_FONT: &str = "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf";
/// The Rust target the web app compiles to.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Looks for one tool and installs it when missing.
type Check<'a> = Box<dyn Fn() -> Result<Ensured, String> + 'a>;

/// Outcome of ensuring one tool.
enum Ensured {
    AlreadyThere(String),
    Installed(String),
}

/// Makes sure every pinned tool is present at its pinned version, installing
/// what is missing. Prints one line per tool; says so when nothing was needed.
pub fn ensure_all(paths: &Paths) -> Result<(), String> {
    let started = Instant::now();
    let wasm_bindgen = locked_version(&paths.root.join("Cargo.lock"), WASM_BINDGEN_CRATE)?;
    check_trunk_toml(&paths.root.join("Trunk.toml"), &wasm_bindgen)?;
    check_package_json(&paths.root.join("tests/package.json"))?;

    let checks: Vec<(String, Check<'_>)> = vec![
        (
            format!("rust target {WASM_TARGET}"),
            Box::new(ensure_wasm_target),
        ),
        (
            format!("trunk {TRUNK_VERSION}"),
            Box::new(|| ensure_trunk(paths)),
        ),
        (
            format!("wasm-bindgen-cli {wasm_bindgen}"),
            Box::new(|| ensure_wasm_bindgen(paths, &wasm_bindgen)),
        ),
        (
            format!("twiggy {TWIGGY_VERSION}"),
            Box::new(|| ensure_twiggy(paths)),
        ),
        (npm_label(), Box::new(|| ensure_npm(paths))),
        (
            format!("Debian {}", APT_PACKAGES.join(" + ")),
            Box::new(ensure_chromium),
        ),
    ];
    let mut installed = 0;
    for (label, ensure) in checks {
        match ensure() {
            Ok(Ensured::AlreadyThere(detail)) => {
                println!("  {label}: already installed ({detail})")
            }
            Ok(Ensured::Installed(detail)) => {
                installed += 1;
                println!("  {label}: installed ({detail})");
            }
            Err(why) => return Err(format!("installing {label} failed: {why}")),
        }
    }
    let took = started.elapsed().as_secs_f64();
    if installed == 0 {
        println!("  setup: nothing to install, every tool is at its pinned version ({took:.1}s)");
    } else {
        println!("  setup: installed {installed} tool(s) in {took:.1}s");
    }
    Ok(())
}

fn npm_label() -> String {
    let packages: Vec<String> = NPM_PACKAGES
        .iter()
        .map(|(name, version)| format!("{name}@{version}"))
        .collect();
    format!("npm {}", packages.join(" + "))
}

fn ensure_wasm_target() -> Result<Ensured, String> {
    let installed = output_of(Command::new("rustup").args(["target", "list", "--installed"]))
        .map_err(|why| format!("cannot ask rustup for installed targets: {why}"))?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(Ensured::AlreadyThere("rustup".into()));
    }
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))?;
    Ok(Ensured::Installed("rustup target add".into()))
}

/// `cargo install` into `.tools/cargo`, skipped when `bin --version` already
/// prints `expected`.
fn ensure_cargo_tool(
    paths: &Paths,
    krate: &str,
    bin: &str,
    version: &str,
    locked: bool,
) -> Result<Ensured, String> {
    ensure_cargo_tool_named(paths, krate, bin, bin, version, locked)
}

/// [`ensure_cargo_tool`] for a binary whose `--version` starts with
/// `printed_name` instead of its file name.
fn ensure_cargo_tool_named(
    paths: &Paths,
    krate: &str,
    bin: &str,
    printed_name: &str,
    version: &str,
    locked: bool,
) -> Result<Ensured, String> {
    let binary = paths.cargo_bin().join(bin);
    let expected = format!("{printed_name} {version}");
    let current = installed_version(&binary);
    if current.as_deref() == Some(expected.as_str()) {
        return Ok(Ensured::AlreadyThere(binary_display(paths, &binary)));
    }
    match &current {
        Some(other) => println!("  {krate}: found `{other}`, want `{expected}`: reinstalling"),
        None => println!("  {krate} {version}: not in .tools/cargo, installing with cargo install"),
    }
    let mut install = Command::new(paths.cargo());
    install
        .args(["install", krate, "--version", &format!("={version}")])
        .arg("--root")
        .arg(&paths.cargo_root)
        .arg("--target-dir")
        .arg(paths.install_cache())
        .arg("--force");
    if locked {
        install.arg("--locked");
    }
    run(&mut install)?;
    match installed_version(&binary) {
        Some(now) if now == expected => Ok(Ensured::Installed(binary_display(paths, &binary))),
        Some(now) => Err(format!(
            "after cargo install, `{bin} --version` prints `{now}`, not `{expected}`"
        )),
        None => Err(format!(
            "after cargo install, {} does not run",
            binary.display()
        )),
    }
}

fn ensure_trunk(paths: &Paths) -> Result<Ensured, String> {
    ensure_cargo_tool(paths, "trunk", "trunk", TRUNK_VERSION, true)
}

fn ensure_twiggy(paths: &Paths) -> Result<Ensured, String> {
    // The binary calls itself twiggy-opt in `--version`.
    ensure_cargo_tool_named(
        paths,
        "twiggy",
        "twiggy",
        "twiggy-opt",
        TWIGGY_VERSION,
        true,
    )
}

fn ensure_wasm_bindgen(paths: &Paths, version: &str) -> Result<Ensured, String> {
    // `--locked` fails on this registry mirror (webpki-roots); see README.
    ensure_cargo_tool(paths, "wasm-bindgen-cli", "wasm-bindgen", version, false)
}

fn installed_version(binary: &Path) -> Option<String> {
    if !binary.is_file() {
        return None;
    }
    let out = output_of(Command::new(binary).arg("--version")).ok()?;
    Some(out.lines().next().unwrap_or_default().trim().to_owned())
}

fn binary_display(paths: &Paths, binary: &Path) -> String {
    binary
        .strip_prefix(&paths.root)
        .unwrap_or(binary)
        .display()
        .to_string()
}

fn ensure_npm(paths: &Paths) -> Result<Ensured, String> {
    let node_dir = &paths.node_root;
    let lock = paths.root.join("tests/package-lock.json");
    let manifest = paths.root.join("tests/package.json");
    let up_to_date = same_file_contents(&lock, &node_dir.join("package-lock.json"))
        && same_file_contents(&manifest, &node_dir.join("package.json"))
        && NPM_PACKAGES.iter().all(|(name, version)| {
            npm_installed_version(node_dir, name).as_deref() == Some(*version)
        });
    if !up_to_date {
        let node = output_of(Command::new("node").arg("--version")).map_err(|why| {
            format!("Node.js is needed (20 or newer): {why}. On Debian: apt-get install nodejs npm")
        })?;
        let node = node.trim();
        println!("  npm packages: installing with npm ci into .tools/node (node {node})");
        fs::create_dir_all(node_dir)
            .map_err(|e| format!("cannot create {}: {e}", node_dir.display()))?;
        for (from, name) in [(&manifest, "package.json"), (&lock, "package-lock.json")] {
            fs::copy(from, node_dir.join(name)).map_err(|e| {
                format!(
                    "cannot copy {} into {}: {e}",
                    from.display(),
                    node_dir.display()
                )
            })?;
        }
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
            .current_dir(node_dir))?;
        for (name, version) in NPM_PACKAGES {
            let now = npm_installed_version(node_dir, name);
            if now.as_deref() != Some(*version) {
                return Err(format!("after npm ci, {name} is {now:?}, not {version}"));
            }
        }
    }
    let wasm_opt = paths.node_bin().join("wasm-opt");
    let printed = output_of(Command::new(&wasm_opt).arg("--version"))
        .map_err(|why| format!("{} does not run: {why}", wasm_opt.display()))?;
    if !printed.contains(WASM_OPT_VERSION) {
        return Err(format!(
            "wasm-opt --version prints `{}`, expected {WASM_OPT_VERSION}",
            printed.trim()
        ));
    }
    let detail = format!(
        "{}, wasm-opt {WASM_OPT_VERSION}",
        binary_display(paths, node_dir)
    );
    Ok(if up_to_date {
        Ensured::AlreadyThere(detail)
    } else {
        Ensured::Installed(detail)
    })
}

fn npm_installed_version(node_dir: &Path, package: &str) -> Option<String> {
    let manifest = node_dir
        .join("node_modules")
        .join(package)
        .join("package.json");
    json_string_field(&fs::read_to_string(manifest).ok()?, "version")
}

fn same_file_contents(a: &Path, b: &Path) -> bool {
    matches!((fs::read(a), fs::read(b)), (Ok(x), Ok(y)) if x == y)
}

fn ensure_chromium() -> Result<Ensured, String> {
    let present = || {
        [CHROMIUM, CHROMEDRIVER, JAPANESE_FONT]
            .iter()
            .all(|file| Path::new(file).is_file())
    };
    let installed = !present();
    if installed {
        println!(
            "  chromium: {CHROMIUM}, {CHROMEDRIVER} or {JAPANESE_FONT} missing, installing with apt-get"
        );
        if !is_root() {
            return Err(format!(
                "apt-get needs root; run: sudo apt-get update && sudo apt-get install -y {}",
                APT_PACKAGES.join(" ")
            ));
        }
        run(Command::new("apt-get").arg("update"))?;
        run(Command::new("apt-get")
            .args(["install", "-y"])
            .args(APT_PACKAGES)
            .env("DEBIAN_FRONTEND", "noninteractive"))?;
        if !present() {
            return Err(format!(
                "apt-get finished but {CHROMIUM}, {CHROMEDRIVER} or {JAPANESE_FONT} is still missing"
            ));
        }
    }
    let version = output_of(Command::new(CHROMIUM).arg("--version"))
        .map_err(|why| format!("{CHROMIUM} --version failed: {why}"))?;
    let version = version.trim().to_owned();
    Ok(if installed {
        Ensured::Installed(version)
    } else {
        Ensured::AlreadyThere(version)
    })
}

fn is_root() -> bool {
    output_of(Command::new("id").arg("-u")).is_ok_and(|uid| uid.trim() == "0")
}

/// The version of `krate` in Cargo.lock (the only one: two would be ambiguous).
pub fn locked_version(cargo_lock: &Path, krate: &str) -> Result<String, String> {
    let text = fs::read_to_string(cargo_lock)
        .map_err(|e| format!("cannot read {}: {e}", cargo_lock.display()))?;
    let versions = locked_versions(&text, krate);
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!(
            "{krate} is not in {}; run `cargo fetch`",
            cargo_lock.display()
        )),
        many => Err(format!(
            "{} holds several {krate} versions ({}); the wasm-bindgen CLI must match exactly one",
            cargo_lock.display(),
            many.join(", ")
        )),
    }
}

fn locked_versions(lock: &str, krate: &str) -> Vec<String> {
    let mut versions = Vec::new();
    for package in lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            package.lines().find_map(|line| {
                let (k, v) = line.split_once('=')?;
                (k.trim() == key).then(|| v.trim().trim_matches('"').to_owned())
            })
        };
        if field("name").as_deref() == Some(krate) {
            versions.extend(field("version"));
        }
    }
    versions
}

/// Trunk.toml names the same versions; Trunk checks the binaries against them.
fn check_trunk_toml(path: &Path, wasm_bindgen: &str) -> Result<(), String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    for (key, want) in [
        ("wasm_bindgen", wasm_bindgen),
        ("wasm_opt", WASM_OPT_VERSION),
    ] {
        let found = toml_string(&text, key);
        if found.as_deref() != Some(want) {
            return Err(format!(
                "{} sets [tools] {key} = {found:?}, but the pinned version is {want:?} \
                 (wasm_bindgen follows Cargo.lock, wasm_opt follows xtask/src/tools.rs)",
                path.display()
            ));
        }
    }
    Ok(())
}

/// tests/package.json must list exactly the npm pins above.
fn check_package_json(path: &Path) -> Result<(), String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    for (name, version) in NPM_PACKAGES {
        if json_string_field(&text, name).as_deref() != Some(*version) {
            return Err(format!(
                "{} must pin \"{name}\": \"{version}\" (the version in xtask/src/tools.rs); \
                 update both, then run `npm install --package-lock-only` in tests/",
                path.display()
            ));
        }
    }
    Ok(())
}

/// The string value of the first `key = "value"` line (enough for Trunk.toml).
fn toml_string(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// The string value of the first `"key": "value"` pair (enough for package.json).
fn json_string_field(text: &str, key: &str) -> Option<String> {
    let needle = format!("\"{key}\"");
    let after = &text[text.find(&needle)? + needle.len()..];
    let after = after
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    Some(after[..after.find('"')?].to_owned())
}

/// PATH with the repository's tools first, for Trunk and the browser tests.
pub fn path_with_tools(paths: &Paths) -> Result<std::ffi::OsString, String> {
    let mut entries: Vec<PathBuf> = vec![paths.cargo_bin(), paths.node_bin()];
    if let Some(path) = std::env::var_os("PATH") {
        entries.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(entries).map_err(|e| format!("cannot build PATH: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_locked_version() {
        let lock = "version = 4\n\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\
                    source = \"registry\"\n\n[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.2.130\"\n";
        assert_eq!(locked_versions(lock, "wasm-bindgen"), ["0.2.130"]);
    }

    #[test]
    fn repository_files_agree_with_the_pins() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let version = locked_version(&root.join("Cargo.lock"), WASM_BINDGEN_CRATE).unwrap();
        check_trunk_toml(&root.join("Trunk.toml"), &version).unwrap();
        check_package_json(&root.join("tests/package.json")).unwrap();
        let web = fs::read_to_string(root.join("web/Cargo.toml")).unwrap();
        assert!(
            web.contains(&format!("wasm-bindgen = \"={version}\"")),
            "web/Cargo.toml must pin wasm-bindgen = \"={version}\""
        );
    }

    #[test]
    fn json_field_lookup() {
        let text = r#"{ "devDependencies": { "binaryen": "132.0.0" }, "version" : "1.2.3" }"#;
        assert_eq!(
            json_string_field(text, "binaryen").as_deref(),
            Some("132.0.0")
        );
        assert_eq!(json_string_field(text, "version").as_deref(), Some("1.2.3"));
        assert_eq!(json_string_field(text, "missing"), None);
    }
}
