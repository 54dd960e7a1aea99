//! What the page's WebAssembly is made of, as shipped: Trunk's wasm-bindgen
//! output optimised the way Trunk does it (`wasm-opt -Oz`) but keeping the
//! names (`-g`), then measured with twiggy: bytes per crate, the largest
//! functions, and each data segment (strings and tables; rule messages and
//! texts live there).

use std::collections::BTreeMap;
use std::process::Command;

use crate::paths::Paths;
use crate::run::{output_of, run};
use crate::tools;

const CRATES_SHOWN: usize = 16;
const FUNCTIONS_SHOWN: usize = 12;
const SEGMENTS_SHOWN: usize = 5;

pub fn report(paths: &Paths) -> Result<(), String> {
    let target = crate::jsapi::target_directory(paths, &paths.cargo())?;
    let bound = target.join("wasm-bindgen/release/plimsoll-web_bg.wasm");
    if !bound.is_file() {
        return Err(format!(
            "{} is missing; did the release build run?",
            bound.display()
        ));
    }
    let named = target.join("wasm-profile/plimsoll-web.named.wasm");
    std::fs::create_dir_all(named.parent().unwrap_or(&target))
        .map_err(|e| format!("cannot create {}: {e}", named.display()))?;
    let path = tools::path_with_tools(paths)?;
    run(Command::new("wasm-opt")
        .env("PATH", &path)
        .args(["-Oz", "-g"])
        .arg(&bound)
        .arg("-o")
        .arg(&named))?;
    let csv = output_of(
        Command::new(paths.cargo_bin().join("twiggy"))
            .args(["top", "-n", "1000000", "--format", "csv"])
            .arg(&named),
    )?;
    let items = parse(&csv);
    let code: Vec<&Item> = items.iter().filter(|item| item.is_code()).collect();
    let total: u64 = items
        .iter()
        .filter(|item| !item.is_name_section())
        .map(|item| item.bytes)
        .sum();
    println!("  the page's wasm without its name section: {}", kib(total));

    let mut crates: BTreeMap<&str, u64> = BTreeMap::new();
    for item in &code {
        *crates.entry(crate_of(&item.name)).or_default() += item.bytes;
    }
    let mut crates: Vec<(&str, u64)> = crates.into_iter().collect();
    crates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    println!("  code per crate (shallow bytes of its functions):");
    for (name, bytes) in crates.iter().take(CRATES_SHOWN) {
        println!("    {:>11}  {name}", kib(*bytes));
    }
    let rest: u64 = crates.iter().skip(CRATES_SHOWN).map(|(_, b)| b).sum();
    println!(
        "    {:>11}  {} other crates",
        kib(rest),
        crates.len().saturating_sub(CRATES_SHOWN)
    );

    println!("  largest functions:");
    for item in code.iter().take(FUNCTIONS_SHOWN) {
        println!("    {:>11}  {}", kib(item.bytes), shorten(&item.name));
    }
    let data: Vec<&Item> = items.iter().filter(|item| item.is_data()).collect();
    println!(
        "  data segments: {} in {} segments, the largest:",
        kib(data.iter().map(|item| item.bytes).sum()),
        data.len()
    );
    for item in data.iter().take(SEGMENTS_SHOWN) {
        println!("    {:>11}  {}", kib(item.bytes), item.name);
    }
    Ok(())
}

struct Item {
    name: String,
    bytes: u64,
}

impl Item {
    fn is_data(&self) -> bool {
        self.name.starts_with("data segment") || self.name.starts_with("data[")
    }

    fn is_name_section(&self) -> bool {
        self.name.contains(" names\" subsection") || self.name == "\"name\" section"
    }

    /// A function (or an import, export or table of them), not a section.
    fn is_code(&self) -> bool {
        !self.is_data() && !self.name.starts_with('"') && !self.name.starts_with("custom section")
    }
}

/// twiggy's CSV: `Name,ShallowSize,…`, names quoted when they hold a comma
/// or a quote (doubled inside). Sorted by size already.
fn parse(csv: &str) -> Vec<Item> {
    csv.lines()
        .skip(1)
        .filter_map(|line| {
            let (name, rest) = match line.strip_prefix('"') {
                Some(quoted) => {
                    let end = closing_quote(quoted)?;
                    (
                        quoted[..end].replace("\"\"", "\""),
                        quoted[end + 1..].strip_prefix(',')?,
                    )
                }
                None => {
                    let (name, rest) = line.split_once(',')?;
                    (name.to_owned(), rest)
                }
            };
            let bytes = rest.split(',').next()?.parse().ok()?;
            Some(Item { name, bytes })
        })
        .collect()
}

/// The index of the quote that ends a quoted CSV field (`""` is a quote).
fn closing_quote(field: &str) -> Option<usize> {
    let bytes = field.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'"' {
            if bytes.get(at + 1) == Some(&b'"') {
                at += 2;
                continue;
            }
            return Some(at);
        }
        at += 1;
    }
    None
}

/// The crate a demangled name belongs to: its first path segment
/// (`<T as tachys::view::Render>::build` belongs to tachys, the trait's
/// crate), without the crate hash the legacy mangling adds.
fn crate_of(name: &str) -> &str {
    let name = name.trim_start_matches(['<', '&']);
    let name = name.strip_prefix("mut ").unwrap_or(name);
    let name = name.strip_prefix("dyn ").unwrap_or(name);
    let path = match name.split_once(" as ") {
        Some((own, theirs)) if !own.contains("::") => theirs,
        _ => name,
    };
    match path.split_once("::") {
        Some((krate, _)) => krate.split('[').next().unwrap_or(krate),
        None => "(unnamed: imports, exports, tables)",
    }
}

fn shorten(name: &str) -> String {
    const MAX: usize = 110;
    match name.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &name[..at]),
        None => name.to_owned(),
    }
}

fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_twiggy_csv() {
        let csv = "Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent\n\
                   \"\"\"function names\"\" subsection\",100,10.0,,\n\
                   \"data segment \"\".rodata\"\"\",50,5.0,,\n\
                   \"<T as tachys::view::Render>::build::h1, x\",40,4.0,,\n\
                   plimsoll_core::check::h2,30,3.0,,\n";
        let items = parse(csv);
        let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "\"function names\" subsection",
                "data segment \".rodata\"",
                "<T as tachys::view::Render>::build::h1, x",
                "plimsoll_core::check::h2"
            ]
        );
        assert!(items[0].is_name_section() && !items[0].is_code());
        assert!(items[1].is_data());
        assert_eq!(crate_of(&items[2].name), "tachys");
        assert_eq!(crate_of(&items[3].name), "plimsoll_core");
        assert_eq!(
            crate_of("<core[abc1]::iter::FlatMap<I> as core::iter::Iterator>::next"),
            "core"
        );
    }
}
