//! Where things are: the repository, its tool folder and its outputs.

use std::path::{Path, PathBuf};

pub struct Paths {
    pub root: PathBuf,
    /// `cargo install --root` for Trunk and wasm-bindgen-cli.
    pub cargo_root: PathBuf,
    /// npm packages (binaryen, playwright-core).
    pub node_root: PathBuf,
    pub dist: PathBuf,
}

impl Paths {
    pub fn new() -> Self {
        // xtask lives in <root>/xtask. `cargo run` sets CARGO_MANIFEST_DIR for
        // the running process too; prefer it, so a binary built from another
        // checkout (shared CARGO_TARGET_DIR) still works on this one.
        let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        let root = manifest_dir
            .parent()
            .unwrap_or(Path::new(".."))
            .to_path_buf();
        let tools = root.join(".tools");
        Self {
            cargo_root: tools.join("cargo"),
            node_root: tools.join("node"),
            dist: root.join("dist"),
            root,
        }
    }

    /// Where `cargo install` compiles, kept across clones of the repository on
    /// one machine so that a fresh clone (CI) reuses the compiled tools
    /// instead of spending twenty minutes rebuilding Trunk. The binaries still
    /// go into `.tools/`. `PLIMSOLL_BUILD_CACHE` overrides the location.
    pub fn install_cache(&self) -> PathBuf {
        if let Some(dir) = std::env::var_os("PLIMSOLL_BUILD_CACHE") {
            return PathBuf::from(dir);
        }
        let cache = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")));
        match cache {
            Some(cache) => cache.join("plimsoll").join("cargo-install"),
            None => self.root.join(".tools").join("cargo-build"),
        }
    }

    pub fn cargo_bin(&self) -> PathBuf {
        self.cargo_root.join("bin")
    }

    pub fn node_bin(&self) -> PathBuf {
        self.node_root.join("node_modules").join(".bin")
    }

    pub fn node_modules(&self) -> PathBuf {
        self.node_root.join("node_modules")
    }

    /// The cargo that runs us (so a toolchain override carries over).
    pub fn cargo(&self) -> String {
        std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
    }
}
