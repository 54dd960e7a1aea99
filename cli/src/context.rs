//! The build context of a Dockerfile found in a directory: the directory
//! itself (as `docker build -f <Dockerfile> <its directory>`), its paths
//! and the ignore file BuildKit would use there.

use std::path::Path;

use plimsoll_core::companion::context::BuildContext;
use plimsoll_core::project::Project;

/// Directories listed but not entered: their contents are dependencies,
/// build output or version control, and can be huge.
const NOT_ENTERED: &[&str] = &[
    ".git",
    "node_modules",
    "target",
    "vendor",
    ".venv",
    "venv",
    "__pycache__",
    ".terraform",
];

/// Past this many paths the context is not listed (the ignore file is then
/// judged on its own).
const MAX_PATHS: usize = 100_000;

/// The build context of `dockerfile`, from the files beside it.
pub fn build_context(dockerfile: &Path) -> BuildContext {
    let dir = dockerfile.parent().unwrap_or(Path::new("."));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let name = dockerfile
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut paths = Vec::new();
    let listed = list(dir, "", &mut paths).is_ok() && paths.len() <= MAX_PATHS;
    let files = [format!("{name}.dockerignore"), ".dockerignore".to_owned()]
        .into_iter()
        .filter_map(|ignore| {
            let text = std::fs::read(dir.join(&ignore)).ok()?;
            Some((ignore, String::from_utf8_lossy(&text).into_owned()))
        })
        .collect();
    let project = Project {
        files,
        paths: listed.then_some(paths),
    };
    let mut build_context = project.build_context(&name);
    // Messages name the ignore file as the command line reaches it.
    if let Some(ignore) = &mut build_context.ignore {
        if dir != Path::new(".") {
            ignore.path = dir.join(&ignore.path).display().to_string();
        }
    }
    build_context
}

/// Lists `dir` into `paths`, relative to the context root (`prefix`).
fn list(dir: &Path, prefix: &str, paths: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        if paths.len() > MAX_PATHS {
            return Ok(());
        }
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        // Symbolic links are listed, not followed (no cycles).
        let is_dir = entry.file_type()?.is_dir();
        paths.push(path.clone());
        if is_dir && !NOT_ENTERED.contains(&name.as_str()) {
            list(&entry.path(), &path, paths)?;
        }
    }
    Ok(())
}
