//! The bundle report: every file of the release build, raw and gzip, marked
//! with when a visitor loads it, and the budget check on the first load (what
//! a first visit downloads before its first checklist, at most); then what
//! the page's WebAssembly is made of (twiggy: per crate, the largest
//! functions, the data segments).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;

/// The budget file, at the repository root.
pub const BUDGET_FILE: &str = "budget.toml";
const BUDGET_KEY: &str = "max_first_load_gzip_bytes";

struct Entry {
    name: String,
    kind: &'static str,
    load: Load,
    raw: u64,
    gzip: u64,
}

/// When a file of dist/ is downloaded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Load {
    /// By a first visit of the playground before its first checklist, or
    /// soon after it (the check worker, the service worker and what it
    /// registers): counted by the budget.
    First,
    /// When a rule's documentation or a SARIF export first needs it, or
    /// the project worker when a file is first added beside the Dockerfile.
    OnDemand,
    /// By other pages: the JS API, the example docs page and its embed
    /// loader, the page documenting the embed (embedding.html), the embed
    /// view and workshop mode (embed.html, workshop.html and their own
    /// modules).
    Elsewhere,
}

impl Load {
    fn of(name: &str) -> Load {
        if name.starts_with("rule-docs.")
            || name.starts_with("rule-markdown.")
            || name.starts_with("plimsoll-project-worker")
            || name == "project-worker.js"
        {
            Load::OnDemand
        } else if name.starts_with("api/")
            || name.starts_with("docs-example.")
            || name == "embed.js"
            || name == "embed.html"
            || name.starts_with("plimsoll-embed-")
            || name == "workshop.html"
            || name.starts_with("plimsoll-workshop-")
            || name == "embedding.html"
        {
            Load::Elsewhere
        } else {
            Load::First
        }
    }

    fn label(self) -> &'static str {
        match self {
            Load::First => "first load",
            Load::OnDemand => "on demand",
            Load::Elsewhere => "other pages",
        }
    }
}

pub fn report(root: &Path, dist: &Path) -> Result<(), String> {
    let budget = read_budget(&root.join(BUDGET_FILE))?;
    let mut files = Vec::new();
    collect_files(dist, &mut files).map_err(|e| format!("cannot list {}: {e}", dist.display()))?;
    if !files
        .iter()
        .any(|f| f.extension().is_some_and(|e| e == "wasm"))
    {
        return Err(format!(
            "no .wasm file in {}; did the release build run?",
            dist.display()
        ));
    }
    let mut entries = Vec::new();
    for file in files {
        let bytes = fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let name = file
            .strip_prefix(dist)
            .unwrap_or(&file)
            .display()
            .to_string();
        entries.push(Entry {
            kind: kind_of(&name),
            load: Load::of(&name),
            raw: bytes.len() as u64,
            gzip: gzip_len(&bytes),
            name,
        });
    }
    entries.sort_by(|a, b| b.gzip.cmp(&a.gzip).then(a.name.cmp(&b.name)));

    let width = entries
        .iter()
        .map(|e| e.name.len())
        .max()
        .unwrap_or(4)
        .max(24);
    println!(
        "  {:<width$}  {:>11}  {:>11}  loaded",
        "file (dist/)", "raw", "gzip -9"
    );
    for entry in &entries {
        println!(
            "  {:<width$}  {:>11}  {:>11}  {}",
            entry.name,
            kib(entry.raw),
            kib(entry.gzip),
            entry.load.label()
        );
    }
    println!("  {}", "-".repeat(width + 26));
    for kind in ["wasm", "js", "css", "html", "other"] {
        let (raw, gzip) = totals(entries.iter().filter(|e| e.kind == kind));
        if raw > 0 {
            println!(
                "  {:<width$}  {:>11}  {:>11}",
                format!("{kind} total"),
                kib(raw),
                kib(gzip)
            );
        }
    }
    let (raw, gzip) = totals(entries.iter());
    println!("  {:<width$}  {:>11}  {:>11}", "TOTAL", kib(raw), kib(gzip));
    for load in [Load::First, Load::OnDemand, Load::Elsewhere] {
        let (raw, gzip) = totals(entries.iter().filter(|e| e.load == load));
        println!(
            "  {:<width$}  {:>11}  {:>11}",
            load.label(),
            kib(raw),
            kib(gzip)
        );
    }
    let (_, first) = totals(entries.iter().filter(|e| e.load == Load::First));
    let used = first as f64 * 100.0 / budget as f64;
    if first > budget {
        return Err(format!(
            "the first load is {} gzip, over the budget of {} in {BUDGET_FILE} ({used:.0}%)",
            kib(first),
            kib(budget)
        ));
    }
    println!(
        "  budget: first load {} of {} gzip ({used:.0}%, from {BUDGET_FILE})",
        kib(first),
        kib(budget)
    );
    Ok(())
}

fn totals<'a>(entries: impl Iterator<Item = &'a Entry>) -> (u64, u64) {
    entries.fold((0, 0), |(raw, gzip), e| (raw + e.raw, gzip + e.gzip))
}

fn kind_of(name: &str) -> &'static str {
    match Path::new(name).extension().and_then(|e| e.to_str()) {
        Some("wasm") => "wasm",
        Some("js" | "mjs") => "js",
        Some("css") => "css",
        Some("html") => "html",
        _ => "other",
    }
}

fn collect_files(dir: &Path, into: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, into)?;
        } else {
            into.push(path);
        }
    }
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory").len() as u64
}

fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

fn read_budget(path: &Path) -> Result<u64, String> {
    let text = fs::read_to_string(path)
        .map_err(|e| format!("cannot read the budget file {}: {e}", path.display()))?;
    parse_budget(&text).ok_or_else(|| {
        format!(
            "{} must contain a line `{BUDGET_KEY} = <bytes>`",
            path.display()
        )
    })
}

fn parse_budget(text: &str) -> Option<u64> {
    text.lines().find_map(|line| {
        let line = line.split('#').next()?;
        let (key, value) = line.split_once('=')?;
        if key.trim() != BUDGET_KEY {
            return None;
        }
        value.trim().replace('_', "").parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_parses_with_comments_and_underscores() {
        let text = "# budget\nmax_first_load_gzip_bytes = 409_600 # 400 KiB\n";
        assert_eq!(parse_budget(text), Some(409_600));
        assert_eq!(parse_budget("other = 1"), None);
    }

    #[test]
    fn the_repository_budget_parses() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        assert!(read_budget(&root.join(BUDGET_FILE)).unwrap() > 0);
    }

    #[test]
    fn gzip_shrinks_repetitive_data() {
        let data = vec![b'a'; 10_000];
        assert!(gzip_len(&data) < 100);
    }
}
