//! Trunk writes its wasm loader as an inline `<script type="module">`. The
//! page's Content-Security-Policy allows inline scripts only by hash, so after
//! every build (Trunk `post_build` hook) this replaces the placeholder in the
//! policy with the sha256 of each inline script in the final index.html.

use std::fs;
use std::path::PathBuf;

use base64::Engine as _;
use sha2::{Digest, Sha256};

pub const PLACEHOLDER: &str = "PLIMSOLL_INLINE_SCRIPT_HASHES";

/// Entry point of `xtask csp [INDEX_HTML]` (default: Trunk's staging index.html).
pub fn hook(args: &[String]) -> Result<(), String> {
    let path = match args.first() {
        Some(path) => PathBuf::from(path),
        None => {
            let staging = std::env::var_os("TRUNK_STAGING_DIR").ok_or(
                "csp: give the index.html to rewrite, or run as Trunk's post_build hook \
                 (TRUNK_STAGING_DIR is not set)",
            )?;
            PathBuf::from(staging).join("index.html")
        }
    };
    let html = fs::read_to_string(&path)
        .map_err(|e| format!("csp: cannot read {}: {e}", path.display()))?;
    let (rewritten, count) = inject_hashes(&html)?;
    fs::write(&path, rewritten)
        .map_err(|e| format!("csp: cannot write {}: {e}", path.display()))?;
    println!(
        "csp: allowed {count} inline script(s) by sha256 in {}",
        path.display()
    );
    Ok(())
}

/// Returns the page with the placeholder replaced, and how many inline scripts it allows.
pub fn inject_hashes(html: &str) -> Result<(String, usize), String> {
    if !html.contains(PLACEHOLDER) {
        return Err(format!(
            "csp: index.html has no {PLACEHOLDER} in its Content-Security-Policy; \
             the inline scripts would be blocked"
        ));
    }
    if html.contains("<style") {
        return Err(
            "csp: index.html has an inline <style>, which style-src 'self' blocks".to_owned(),
        );
    }
    let hashes = inline_script_hashes(html);
    let replacement = if hashes.is_empty() {
        // Nothing inline: keep the policy tidy.
        String::new()
    } else {
        hashes.join(" ")
    };
    let mut out = html.replace(&format!(" {PLACEHOLDER}"), &format!(" {replacement}"));
    out = out.replace(PLACEHOLDER, &replacement);
    out = out.replace(" ;", ";");
    Ok((out, hashes.len()))
}

/// The policy's source for each inline script of `html`: `'sha256-…'`.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    inline_scripts(html)
        .into_iter()
        .map(|body| {
            let digest = Sha256::digest(body.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect()
}

/// Bodies of `<script>` elements without `src`, exactly as they appear (the
/// browser hashes the raw text between the tags).
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut bodies = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<script") {
        let after_name = &rest[open + "<script".len()..];
        // `<scripts>` or similar is not a script element.
        if !after_name.starts_with(|c: char| c == '>' || c.is_ascii_whitespace()) {
            rest = after_name;
            continue;
        }
        let Some(tag_end) = after_name.find('>') else {
            break;
        };
        let attributes = &after_name[..tag_end];
        let body_and_rest = &after_name[tag_end + 1..];
        let Some(close) = body_and_rest.find("</script") else {
            break;
        };
        if !has_src(attributes) {
            bodies.push(&body_and_rest[..close]);
        }
        rest = &body_and_rest[close..];
    }
    bodies
}

fn has_src(attributes: &str) -> bool {
    attributes
        .split(|c: char| c.is_ascii_whitespace())
        .any(|attribute| attribute == "src" || attribute.starts_with("src="))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str =
        "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; \
        script-src 'self' 'wasm-unsafe-eval' PLIMSOLL_INLINE_SCRIPT_HASHES; style-src 'self'\">\
        <script src=\"/a.js\"></script></head><body>\
        <script type=\"module\">import init from '/app.js';\nawait init();</script></body></html>";

    #[test]
    fn hashes_each_inline_script() {
        let (page, count) = inject_hashes(PAGE).unwrap();
        assert_eq!(count, 1);
        // echo -n "import init from '/app.js';\nawait init();" | openssl dgst -sha256 -binary | base64
        let expected = Sha256::digest(b"import init from '/app.js';\nawait init();");
        let expected = base64::engine::general_purpose::STANDARD.encode(expected);
        assert!(page.contains(&format!(
            "'wasm-unsafe-eval' 'sha256-{expected}'; style-src"
        )));
        assert!(!page.contains(PLACEHOLDER));
    }

    #[test]
    fn no_inline_script_leaves_a_clean_policy() {
        let page = PAGE.replace(
            "<script type=\"module\">import init from '/app.js';\nawait init();</script>",
            "",
        );
        let (page, count) = inject_hashes(&page).unwrap();
        assert_eq!(count, 0);
        assert!(page.contains("'wasm-unsafe-eval'; style-src"));
    }

    #[test]
    fn missing_placeholder_is_an_error() {
        assert!(inject_hashes("<html></html>").is_err());
    }

    #[test]
    fn known_vector() {
        // The example from the CSP specification's hash-source section.
        let digest = Sha256::digest(b"alert('Hello, world.');");
        assert_eq!(
            base64::engine::general_purpose::STANDARD.encode(digest),
            "qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng="
        );
    }
}
