//! Offline files, written into Trunk's staging folder after the CSP hook
//! (so both see the final index.html):
//!
//! - `rule-docs.<lang>.json`: the rule docs, checklist guidance and workshop
//!   texts of one language as HTML (rendered here, so the page carries no
//!   Markdown parser), which the page (built without the core's `docs`
//!   feature) fetches the first time one of them opens;
//! - `rule-markdown.<lang>.json`: every rule's whole Markdown, which the
//!   project worker fetches for a SARIF export's rule help;
//! - `embed.html`: `index.html` loading the embed view's own module
//!   (`plimsoll-embed`: the widget without the playground, the rule reference
//!   and the workshop) instead of the site's. It is the one path a host lets
//!   other sites frame (a static host cannot vary headers by query string;
//!   see README "Hosting").
//! - `workshop.html`: likewise, loading workshop mode's own module
//!   (`plimsoll-workshop`); index.html sends `?workshop` links there.
//! - `sw.js`: `public/sw.js` with its placeholders replaced by a version
//!   (a hash of every file) and the list of files to precache.
//!
//! Also prints what the embed view downloads.

use std::fs;
use std::path::{Path, PathBuf};

use plimsoll_core::{docs, Lang};
use sha2::{Digest, Sha256};

use crate::jsapi::{gzip_len, kib};

const SW: &str = "sw.js";
const VERSION_PLACEHOLDER: &str = "'PLIMSOLL_SW_VERSION'";
const PRECACHE_PLACEHOLDER: &str = "['PLIMSOLL_SW_PRECACHE']";

/// Part of Trunk's post_build hook; does nothing outside a Trunk build.
pub fn hook() -> Result<(), String> {
    let Some(staging) = std::env::var_os("TRUNK_STAGING_DIR") else {
        return Ok(());
    };
    write(Path::new(&staging))
}

pub fn write(dir: &Path) -> Result<(), String> {
    write_rule_docs(dir)?;
    write_entry_pages(dir)?;

    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    files.retain(|name| precached(name));
    files.sort();
    let mut hasher = Sha256::new();
    let mut total = 0u64;
    for name in &files {
        let bytes =
            fs::read(dir.join(name)).map_err(|e| format!("offline: cannot read {name}: {e}"))?;
        total += bytes.len() as u64;
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(&bytes);
    }
    let version: String = hasher
        .finalize()
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect();

    let sw_path = dir.join(SW);
    let template = fs::read_to_string(&sw_path).map_err(|e| {
        format!(
            "offline: cannot read {} (public/sw.js copied by Trunk): {e}",
            sw_path.display()
        )
    })?;
    let worker = fill(&template, &version, &files)?;
    fs::write(&sw_path, worker).map_err(|e| format!("offline: cannot write {SW}: {e}"))?;
    println!(
        "offline: embed.html and workshop.html written; sw.js version {version} precaches {} files ({})",
        files.len(),
        kib(total)
    );
    embed_download(dir, &files)
}

/// The site's module, as Trunk names it (`plimsoll-web-<hash>`), and the
/// modules of the views with their own entry pages, which Trunk builds as
/// worker-type assets without a hash.
const SITE_MODULE: &str = "plimsoll-web";
const EMBED_MODULE: &str = "plimsoll-embed";
const WORKSHOP_MODULE: &str = "plimsoll-workshop";
const ENTRY_PAGES: [(&str, &str); 2] = [
    ("embed.html", EMBED_MODULE),
    ("workshop.html", WORKSHOP_MODULE),
];

/// Writes each view's entry page (embed.html, workshop.html): index.html
/// with the site's module files replaced by the view's (renamed with a hash
/// of their content, as Trunk names the site's, so a new build is never
/// read from an old HTTP cache), and the policy allowing the loader that
/// changed with them.
fn write_entry_pages(dir: &Path) -> Result<(), String> {
    let read = |name: &str| {
        fs::read_to_string(dir.join(name)).map_err(|e| format!("offline: cannot read {name}: {e}"))
    };
    let site = read("index.html")?;
    let site_module = module_stem(&site, SITE_MODULE)
        .ok_or("offline: index.html loads no plimsoll-web module")?;
    let site_hashes = crate::csp::inline_script_hashes(&site);
    for (page, module) in ENTRY_PAGES {
        let glue = read(&format!("{module}.js"))?;
        let wasm = fs::read(dir.join(format!("{module}_bg.wasm")))
            .map_err(|e| format!("offline: cannot read {module}_bg.wasm: {e}"))?;
        let digest = Sha256::new()
            .chain_update(glue.as_bytes())
            .chain_update(&wasm)
            .finalize();
        let hash: String = digest
            .iter()
            .take(8)
            .map(|byte| format!("{byte:02x}"))
            .collect();
        let hashed = format!("{module}-{hash}");
        for suffix in [".js", "_bg.wasm"] {
            let (from, to) = (
                dir.join(format!("{module}{suffix}")),
                dir.join(format!("{hashed}{suffix}")),
            );
            fs::rename(&from, &to)
                .map_err(|e| format!("offline: cannot rename {}: {e}", from.display()))?;
        }
        let mut html = site.replace(site_module, &hashed);
        for (old, new) in site_hashes
            .iter()
            .zip(crate::csp::inline_script_hashes(&html))
        {
            html = html.replace(old, &new);
        }
        fs::write(dir.join(page), html)
            .map_err(|e| format!("offline: cannot write {page}: {e}"))?;
    }
    Ok(())
}

/// The name a page loads module `name` by: `name-<hash>` (or `name`).
fn module_stem<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let start = html.find(&format!("{name}-")).or_else(|| html.find(name))?;
    let rest = &html[start + name.len()..];
    let hash = rest.strip_prefix('-').map_or(0, |hash| {
        1 + hash.len()
            - hash
                .trim_start_matches(|c: char| c.is_ascii_hexdigit())
                .len()
    });
    Some(&html[start..start + name.len() + hash])
}

fn write_rule_docs(dir: &Path) -> Result<(), String> {
    let mut written = Vec::new();
    for lang in Lang::ALL {
        // The page's (HTML and what it reads as data), and the project
        // worker's (whole Markdown, for the SARIF export's rule help).
        for (name, bundle) in [
            (docs::bundle_file(lang), docs::bundle(lang)),
            (
                docs::markdown_bundle_file(lang),
                docs::markdown_bundle(lang),
            ),
        ] {
            fs::write(dir.join(&name), &bundle)
                .map_err(|e| format!("offline: cannot write {name}: {e}"))?;
            written.push(format!(
                "{name} ({} raw, {} gzip)",
                kib(bundle.len() as u64),
                kib(gzip_len(bundle.as_bytes()))
            ));
        }
    }
    println!("offline: rule docs written: {}", written.join(", "));
    Ok(())
}

/// Everything the app, embed and workshop views or the loader may need.
fn precached(name: &str) -> bool {
    name != SW && !name.starts_with("api/") && !name.starts_with('.') && !name.ends_with(".d.ts")
}

fn fill(template: &str, version: &str, files: &[String]) -> Result<String, String> {
    for placeholder in [VERSION_PLACEHOLDER, PRECACHE_PLACEHOLDER] {
        if !template.contains(placeholder) {
            return Err(format!("offline: {SW} lacks the placeholder {placeholder}"));
        }
    }
    let list: Vec<String> = files.iter().map(|name| js_string(name)).collect();
    Ok(template
        .replace(VERSION_PLACEHOLDER, &js_string(version))
        .replace(PRECACHE_PLACEHOLDER, &format!("[{}]", list.join(", "))))
}

fn js_string(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\'' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// What a page with one widget downloads: embed.html and what it loads.
fn embed_download(dir: &Path, files: &[String]) -> Result<(), String> {
    let wanted = |name: &str| {
        !name.contains('/')
            && (name == "embed.html"
                || name == "views.css"
                || (name.starts_with(&format!("{EMBED_MODULE}-"))
                    && (name.ends_with(".js") || name.ends_with(".wasm")))
                || (name.starts_with("style-") && name.ends_with(".css")))
    };
    let (mut raw, mut gzip) = (0, 0);
    let mut names = Vec::new();
    for name in files.iter().filter(|name| wanted(name)) {
        let bytes =
            fs::read(dir.join(name)).map_err(|e| format!("offline: cannot read {name}: {e}"))?;
        raw += bytes.len() as u64;
        gzip += gzip_len(&bytes);
        names.push(name.as_str());
    }
    println!(
        "offline: the embed view downloads {} = {} raw, {} gzip",
        names.join(" + "),
        kib(raw),
        kib(gzip)
    );
    Ok(())
}

fn collect(root: &Path, dir: &Path, into: &mut Vec<String>) -> Result<(), String> {
    let entries =
        fs::read_dir(dir).map_err(|e| format!("offline: cannot list {}: {e}", dir.display()))?;
    for entry in entries {
        let path: PathBuf = entry.map_err(|e| format!("offline: {e}"))?.path();
        if path.is_dir() {
            collect(root, &path, into)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let name: Vec<String> = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect();
            into.push(name.join("/"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_the_worker_template() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let template = fs::read_to_string(root.join("public/sw.js")).unwrap();
        let files = vec!["index.html".to_owned(), "it's.js".to_owned()];
        let worker = fill(&template, "0123abcd", &files).unwrap();
        assert!(worker.contains("const VERSION = '0123abcd';"));
        assert!(worker.contains("const PRECACHE = ['index.html', 'it\\'s.js'];"));
        assert!(!worker.contains("PLIMSOLL_SW"));
        assert!(fill("no placeholders", "v", &files).is_err());
    }

    #[test]
    fn writes_embed_html_and_a_version_that_follows_the_files() {
        let dir = std::env::temp_dir().join(format!("plimsoll-offline-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("api")).unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let template = fs::read_to_string(root.join("public/sw.js")).unwrap();
        // As Trunk writes it, the CSP hook having run.
        let index = crate::csp::inject_hashes(
            "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self' \
             PLIMSOLL_INLINE_SCRIPT_HASHES\"><script type=\"module\">import init from \
             '/plimsoll-web-1a.js';\nawait init({ module_or_path: '/plimsoll-web-1a_bg.wasm' });\
             </script><link rel=\"modulepreload\" href=\"/plimsoll-web-1a.js\"></head></html>",
        )
        .unwrap()
        .0;
        let build = |wasm: &str| {
            for entry in fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_file() {
                    fs::remove_file(path).unwrap();
                }
            }
            fs::write(dir.join("index.html"), &index).unwrap();
            fs::write(dir.join("plimsoll-web-1a.js"), "site glue").unwrap();
            fs::write(dir.join("plimsoll-web-1a_bg.wasm"), "site").unwrap();
            fs::write(dir.join("plimsoll-embed.js"), "embed glue").unwrap();
            fs::write(dir.join("plimsoll-embed_bg.wasm"), wasm).unwrap();
            fs::write(dir.join("plimsoll-workshop.js"), "workshop glue").unwrap();
            fs::write(dir.join("plimsoll-workshop_bg.wasm"), "workshop").unwrap();
            fs::write(dir.join("api/plimsoll.js"), "api").unwrap();
            fs::write(dir.join(SW), &template).unwrap();
            write(&dir).unwrap();
            let workshop = fs::read_to_string(dir.join("workshop.html")).unwrap();
            let module = module_stem(&workshop, WORKSHOP_MODULE).unwrap().to_owned();
            assert!(workshop.contains(&format!("import init from '/{module}.js'")));
            assert!(dir.join(format!("{module}_bg.wasm")).exists());
            (
                fs::read_to_string(dir.join(SW)).unwrap(),
                fs::read_to_string(dir.join("embed.html")).unwrap(),
            )
        };
        let (first, embed) = build("one");
        let module = module_stem(&embed, EMBED_MODULE).unwrap().to_owned();
        assert_eq!(module.len(), "plimsoll-embed-".len() + 16, "{module}");
        assert!(!embed.contains("plimsoll-web"), "{embed}");
        assert!(embed.contains(&format!("import init from '/{module}.js'")));
        assert!(embed.contains(&format!("module_or_path: '/{module}_bg.wasm'")));
        assert!(embed.contains(&format!("modulepreload\" href=\"/{module}.js\"")));
        let allowed = crate::csp::inline_script_hashes(&embed);
        assert!(
            embed.contains(&allowed[0]),
            "the policy allows the new loader"
        );
        assert_ne!(allowed, crate::csp::inline_script_hashes(&index));
        assert!(!dir.join("plimsoll-embed_bg.wasm").exists());
        assert!(
            first.contains(&format!(
                "'embed.html', 'index.html', '{module}.js', '{module}_bg.wasm', \
                 'plimsoll-web-1a.js', 'plimsoll-web-1a_bg.wasm', 'plimsoll-workshop-"
            )),
            "{first}"
        );
        assert!(!first.contains("api/"), "the JS API is not part of the app");
        for lang in Lang::ALL {
            for name in [docs::bundle_file(lang), docs::markdown_bundle_file(lang)] {
                assert!(first.contains(&format!("'{name}'")), "{name} precached");
            }
        }
        assert_eq!(build("one").0, first, "same files, same worker");
        let (second, changed) = build("two");
        assert_ne!(second, first, "a changed file is a new version");
        assert_ne!(changed, embed, "a changed module gets a new name");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn finds_a_module_by_its_name() {
        let page = "<script>import init from '/plimsoll-web-0f3a.js'</script>";
        assert_eq!(module_stem(page, SITE_MODULE), Some("plimsoll-web-0f3a"));
        assert_eq!(
            module_stem("'/plimsoll-web.js'", SITE_MODULE),
            Some("plimsoll-web")
        );
        assert_eq!(module_stem("<html></html>", SITE_MODULE), None);
    }
}
