//! Rule documentation: Markdown with a `# Title` and fixed `##` sections, in
//! English and Japanese. The same text feeds the web app, the CLI and the
//! rule pages, and its examples are run by the test suite.
//!
//! With the `docs` feature (on by default) every rule's Markdown is compiled
//! in. Without it only the titles are (the web page leaves the rest out of its
//! WebAssembly and fetches [`bundle`]'s output, written at build time, when a
//! rule's documentation first opens, then hands it over with [`provide`]).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::companion::context::{BuildContext, LinkedIgnore};
use crate::companion::dockerignore::IgnoreFile;
use crate::report::Lang;
use crate::settings::Settings;

/// The fixed sections, in order, with their English and Japanese headings.
pub const SECTIONS: [(DocSection, &str, &str); 7] = [
    (DocSection::WhatItChecks, "What it checks", "チェック内容"),
    (DocSection::WhyItIsRisky, "Why it is risky", "なぜ危険か"),
    (DocSection::Example, "Example", "問題のある例"),
    (DocSection::UseInstead, "Use instead", "代わりに"),
    (DocSection::Fix, "Fix", "修正方法"),
    (
        DocSection::WhenAcceptable,
        "When it is acceptable",
        "許容される場合",
    ),
    (DocSection::References, "References", "参考資料"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocSection {
    WhatItChecks,
    WhyItIsRisky,
    Example,
    UseInstead,
    Fix,
    WhenAcceptable,
    References,
}

impl DocSection {
    /// The section's name in markup and data (`what-it-checks`, as serialized).
    pub fn id(self) -> &'static str {
        match self {
            DocSection::WhatItChecks => "what-it-checks",
            DocSection::WhyItIsRisky => "why-it-is-risky",
            DocSection::Example => "example",
            DocSection::UseInstead => "use-instead",
            DocSection::Fix => "fix",
            DocSection::WhenAcceptable => "when-acceptable",
            DocSection::References => "references",
        }
    }
}

/// A rule's documentation in English and Japanese, as its rule file writes
/// it: `docs: crate::docs::rule_docs!(DOCS_EN, DOCS_JA)`. The titles are
/// copied out while compiling; without the `docs` feature the Markdown is
/// dropped then, so it never reaches the binary.
#[derive(Clone, Copy, Debug)]
pub struct Docs {
    title_en: &'static str,
    title_ja: &'static str,
    #[cfg(feature = "docs")]
    en: &'static str,
    #[cfg(feature = "docs")]
    ja: &'static str,
}

/// `rule_docs!(DOCS_EN, DOCS_JA)`: a rule's [`Docs`] from its Markdown
/// constants.
macro_rules! rule_docs {
    ($en:expr, $ja:expr) => {
        $crate::docs::Docs::new(
            $crate::docs::title_copy!($en),
            $crate::docs::title_copy!($ja),
            $en,
            $ja,
        )
    };
}
pub(crate) use rule_docs;

/// The title of a Markdown constant as a `&'static str` of its own: a slice
/// of the constant would keep the whole text in the binary.
macro_rules! title_copy {
    ($markdown:expr) => {{
        const RANGE: (usize, usize) = $crate::docs::title_range($markdown);
        const BYTES: [u8; RANGE.1 - RANGE.0] = $crate::docs::copy_range($markdown, RANGE.0);
        match ::std::str::from_utf8(&BYTES) {
            Ok(title) => title,
            Err(_) => panic!("a title cut inside a character"),
        }
    }};
}
pub(crate) use title_copy;

/// Where the text after `# ` on the first non-blank line is (what
/// [`RuleDoc::parse`] calls the title), trimmed; empty when there is none.
pub(crate) const fn title_range(markdown: &str) -> (usize, usize) {
    let bytes = markdown.as_bytes();
    let mut start = 0;
    while start < bytes.len() && bytes[start].is_ascii_whitespace() {
        start += 1;
    }
    if start + 2 > bytes.len() || bytes[start] != b'#' || bytes[start + 1] != b' ' {
        return (0, 0);
    }
    start += 2;
    let mut end = start;
    while end < bytes.len() && bytes[end] != b'\n' {
        end += 1;
    }
    while end > start && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    while start < end && bytes[start].is_ascii_whitespace() {
        start += 1;
    }
    (start, end)
}

/// `N` bytes of `text` from `start`.
pub(crate) const fn copy_range<const N: usize>(text: &str, start: usize) -> [u8; N] {
    let bytes = text.as_bytes();
    let mut out = [0; N];
    let mut at = 0;
    while at < N {
        out[at] = bytes[start + at];
        at += 1;
    }
    out
}

impl Docs {
    /// A rule's docs from its titles and Markdown; see [`rule_docs!`].
    #[cfg_attr(not(feature = "docs"), allow(unused_variables))]
    pub const fn new(
        title_en: &'static str,
        title_ja: &'static str,
        en: &'static str,
        ja: &'static str,
    ) -> Docs {
        Docs {
            title_en,
            title_ja,
            #[cfg(feature = "docs")]
            en,
            #[cfg(feature = "docs")]
            ja,
        }
    }

    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.title_en,
            Lang::Ja => self.title_ja,
        }
    }

    /// The whole Markdown: compiled in, or else given by [`provide`]
    /// (`None` until then).
    pub fn markdown(&self, code: &str, lang: Lang) -> Option<&'static str> {
        #[cfg(feature = "docs")]
        {
            let _ = code;
            Some(match lang {
                Lang::En => self.en,
                Lang::Ja => self.ja,
            })
        }
        #[cfg(not(feature = "docs"))]
        {
            provided(lang)?.markdown.get(code).map(String::as_str)
        }
    }
}

/// What the web page fetches for one language, as JSON: every text the
/// page shows as HTML, rendered now so that the page carries no Markdown
/// parser (`html`, keyed by [`keys`]), and of every rule's Markdown the
/// parts the page reads as data (`markdown`, what [`provide`] hands to
/// [`Docs::markdown`]): the title, "What it checks" for the rule search, and
/// the examples a rule page opens in the playground.
#[cfg(feature = "html")]
pub fn bundle(lang: Lang) -> String {
    const READ_AS_DATA: [DocSection; 3] = [
        DocSection::WhatItChecks,
        DocSection::Example,
        DocSection::UseInstead,
    ];
    let markdown: BTreeMap<String, String> = crate::rules::RULES
        .iter()
        .map(|rule| {
            let doc = rule.docs(lang);
            let mut text = format!("# {}\n", doc.title);
            for (section, en, ja) in SECTIONS {
                if let Some(body) = doc
                    .section(section)
                    .filter(|_| READ_AS_DATA.contains(&section))
                {
                    let heading = if lang == Lang::Ja { ja } else { en };
                    text.push_str(&format!("\n## {heading}\n\n{body}\n"));
                }
            }
            (rule.code.to_owned(), text)
        })
        .collect();
    let bundle = Bundle {
        markdown,
        html: crate::html::texts(lang),
    };
    serde_json::to_string(&bundle).expect("maps of strings serialize")
}

/// The name a language's [`bundle`] is published under, next to the page.
pub fn bundle_file(lang: Lang) -> String {
    format!("rule-docs.{}.json", lang.code())
}

/// Every rule's whole Markdown in one language, in the shape [`provide`]
/// reads (without HTML): for the exports the project worker writes (SARIF
/// carries each rule's help), which the page's [`bundle`] is too short for.
#[cfg(feature = "docs")]
pub fn markdown_bundle(lang: Lang) -> String {
    let markdown = crate::rules::RULES
        .iter()
        .map(|rule| {
            let text = rule.docs.markdown(rule.code, lang).unwrap_or("");
            (rule.code.to_owned(), text.to_owned())
        })
        .collect();
    let bundle = Bundle {
        markdown,
        html: BTreeMap::new(),
    };
    serde_json::to_string(&bundle).expect("maps of strings serialize")
}

/// The name a language's [`markdown_bundle`] is published under.
pub fn markdown_bundle_file(lang: Lang) -> String {
    format!("rule-markdown.{}.json", lang.code())
}

#[derive(Debug, Default, serde::Deserialize, Serialize)]
struct Bundle {
    markdown: BTreeMap<String, String>,
    #[serde(default)]
    html: BTreeMap<String, String>,
}

/// The keys of the bundle's HTML texts ([`html`]).
pub mod keys {
    /// A rule's page: its head (`<div class="doc-head">`) and each section
    /// (`<section data-section="why-it-is-risky">`, ids of
    /// [`super::DocSection::id`]), so that a finding's card can leave parts out.
    pub fn rule(code: &str) -> String {
        format!("rule:{code}")
    }

    /// A checklist item's guidance.
    pub fn guidance(item: &str) -> String {
        format!("guidance:{item}")
    }

    /// A workshop exercise's brief.
    pub fn brief(exercise: &str) -> String {
        format!("brief:{exercise}")
    }

    /// A workshop exercise's `index`th hint (from 0).
    pub fn hint(exercise: &str, index: usize) -> String {
        format!("hint:{exercise}:{index}")
    }
}

/// Docs handed over at run time, per language.
static PROVIDED: [OnceLock<Bundle>; 2] = [OnceLock::new(), OnceLock::new()];

fn provided(lang: Lang) -> Option<&'static Bundle> {
    PROVIDED[lang as usize].get()
}

/// Hands over a language's docs (the text [`bundle`] writes) to a build
/// without the `docs` feature; the first bundle given for a language stays.
/// A build with the feature has the Markdown already and keeps its own.
pub fn provide(lang: Lang, bundle: &str) -> Result<(), String> {
    let bundle: Bundle = serde_json::from_str(bundle)
        .map_err(|e| format!("the rule documentation bundle is not valid: {e}"))?;
    let _ = PROVIDED[lang as usize].set(bundle);
    Ok(())
}

/// A text the page shows as HTML (by [`keys`]), once
/// [`provide`] has the bundle of `lang`.
pub fn html(lang: Lang, key: &str) -> Option<&'static str> {
    provided(lang)?.html.get(key).map(String::as_str)
}

/// Whether every rule's documentation in `lang` is at hand.
pub fn available(lang: Lang) -> bool {
    cfg!(feature = "docs") || provided(lang).is_some()
}

/// A rule's documentation split into its parts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleDoc<'a> {
    pub title: &'a str,
    /// Sections in the order written, with their Markdown bodies.
    pub sections: Vec<(DocSection, &'a str)>,
    /// Headings that are not one of [`SECTIONS`] (a test rejects them).
    pub unknown_headings: Vec<&'a str>,
}

impl<'a> RuleDoc<'a> {
    pub fn parse(markdown: &'a str) -> RuleDoc<'a> {
        let markdown = markdown.trim();
        let title = markdown
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("# "))
            .unwrap_or("")
            .trim();
        let mut sections = Vec::new();
        let mut unknown_headings = Vec::new();
        let mut current: Option<(Option<DocSection>, usize)> = None;
        let mut offset = 0;
        let mut in_code = false;
        for line in markdown.split_inclusive('\n') {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
            }
            if let Some(heading) = line.strip_prefix("## ").filter(|_| !in_code) {
                if let Some((Some(section), start)) = current.take() {
                    sections.push((section, markdown[start..offset].trim()));
                }
                let heading = heading.trim();
                let section = SECTIONS
                    .iter()
                    .find(|(_, en, ja)| heading == *en || heading == *ja)
                    .map(|(section, _, _)| *section);
                if section.is_none() {
                    unknown_headings.push(heading);
                }
                current = Some((section, offset + line.len()));
            }
            offset += line.len();
        }
        if let Some((Some(section), start)) = current {
            sections.push((section, markdown[start..].trim()));
        }
        RuleDoc {
            title,
            sections,
            unknown_headings,
        }
    }

    pub fn section(&self, wanted: DocSection) -> Option<&'a str> {
        self.sections
            .iter()
            .find(|(section, _)| *section == wanted)
            .map(|(_, body)| *body)
    }

    /// The first summary paragraph of "What it checks".
    pub fn summary(&self) -> &'a str {
        self.section(DocSection::WhatItChecks)
            .and_then(|body| body.split("\n\n").next())
            .unwrap_or(self.title)
    }

    /// The `dockerfile` code blocks of a section (the examples).
    pub fn code_blocks(&self, wanted: DocSection) -> Vec<String> {
        self.examples(wanted)
            .into_iter()
            .map(|example| example.code)
            .collect()
    }

    /// The `dockerfile` examples of a section, with the settings their fence
    /// asks for (```` ```dockerfile trusted-registries=registry.example.com ````)
    /// and the files around them: a ```` ```dockerignore ```` block and a
    /// ```` ```context ```` block (one path of the build context a line)
    /// before a `dockerfile` block belong to it. A ```` ```yaml file=NAME ````
    /// block is a Compose file or manifest example, and a
    /// ```` ```dockerfile file=Dockerfile ```` block before it the Dockerfile
    /// whose image it runs.
    pub fn examples(&self, wanted: DocSection) -> Vec<Example> {
        let Some(body) = self.section(wanted) else {
            return Vec::new();
        };
        let mut examples = Vec::new();
        // The open block: its language, options and text.
        let mut open: Option<(String, Vec<String>, String)> = None;
        let mut dockerignore = None;
        let mut context = None;
        let mut dockerfile = None;
        for line in body.lines() {
            let fence = line.trim_start();
            match (&mut open, fence.starts_with("```")) {
                (None, true) => {
                    let mut info = fence.trim_start_matches('`').split_whitespace();
                    let language = info.next().unwrap_or("").to_string();
                    open = Some((language, info.map(str::to_string).collect(), String::new()));
                }
                (Some(_), true) => {
                    let Some((language, options, code)) = open.take() else {
                        continue;
                    };
                    let file = options
                        .iter()
                        .find_map(|option| option.strip_prefix("file="))
                        .map(str::to_string);
                    match (language.as_str(), file) {
                        // A Dockerfile shown for the companion file after it.
                        ("dockerfile", Some(_)) => dockerfile = Some(code),
                        ("dockerfile", None) => examples.push(Example {
                            code,
                            options,
                            dockerignore: dockerignore.take(),
                            context: context.take(),
                            file: None,
                            dockerfile: None,
                        }),
                        ("yaml", Some(file)) => examples.push(Example {
                            code,
                            options,
                            dockerignore: dockerignore.take(),
                            context: context.take(),
                            file: Some(file),
                            dockerfile: dockerfile.take(),
                        }),
                        ("dockerignore", _) => dockerignore = Some(code),
                        ("context", _) => {
                            context = Some(code.lines().map(str::to_string).collect());
                        }
                        _ => {}
                    }
                }
                (Some((_, _, code)), false) => {
                    code.push_str(line);
                    code.push('\n');
                }
                (None, false) => {}
            }
        }
        examples
    }
}

/// A Dockerfile example from the docs, the settings it is checked with and
/// the files of its project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    pub code: String,
    /// `key=value` words after `dockerfile` in the fence.
    pub options: Vec<String>,
    /// The `.dockerignore` shown before the Dockerfile.
    pub dockerignore: Option<String>,
    /// The paths of the build context shown before the Dockerfile.
    pub context: Option<Vec<String>>,
    /// For a Compose file or manifest example (```` ```yaml file=compose.yaml ````):
    /// its file name; `code` is its text.
    pub file: Option<String>,
    /// The Dockerfile shown before a Compose file or manifest example
    /// (```` ```dockerfile file=Dockerfile ````), which it runs.
    pub dockerfile: Option<String>,
}

impl Example {
    /// The settings the example asks for: `trusted-registries=a,b`,
    /// `required-labels=a,b`, `target=stage`.
    pub fn settings(&self) -> Settings {
        let mut settings = Settings::default();
        for option in &self.options {
            let Some((key, value)) = option.split_once('=') else {
                continue;
            };
            let list = || value.split(',').map(str::to_string).collect();
            match key {
                "trusted-registries" => settings.trusted_registries = list(),
                "required-labels" => settings.required_labels = list(),
                "target" => settings.target = Some(value.to_string()),
                _ => {}
            }
        }
        settings
    }

    /// The build context the example shows, if it shows one.
    pub fn build_context(&self) -> Option<BuildContext> {
        if self.dockerignore.is_none() && self.context.is_none() {
            return None;
        }
        Some(BuildContext {
            ignore: self.dockerignore.as_ref().map(|text| LinkedIgnore {
                path: ".dockerignore".to_string(),
                file: IgnoreFile::parse(text),
            }),
            paths: self.context.clone(),
            is_project_root: true,
        })
    }
}

/// Is `c` written without spaces between words (Japanese kana, CJK
/// ideographs, their punctuation and full-width forms)?
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}' // CJK punctuation, hiragana, katakana
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}')
}

/// Joins the hard-wrapped lines of Markdown prose where the break falls
/// between two CJK characters: Markdown turns such a break into a space,
/// which Japanese does not put between words ("多くの カーネル"). Code
/// blocks are left as written; every other break stays.
pub fn join_wrapped_cjk(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut in_code = false;
    for line in markdown.split_inclusive('\n') {
        let fence = line.trim_start().starts_with("```");
        let continues_prose = !in_code
            && !fence
            && out.ends_with('\n')
            && out[..out.len() - 1].chars().next_back().is_some_and(is_cjk)
            && line.trim_start().chars().next().is_some_and(is_cjk);
        if continues_prose {
            out.pop();
            out.push_str(line.trim_start());
        } else {
            out.push_str(line);
        }
        if fence {
            in_code = !in_code;
        }
    }
    out
}

/// A paragraph of Markdown prose on one line, for places that show plain
/// text (JSON summaries, SARIF descriptions).
pub fn one_line(paragraph: &str) -> String {
    join_wrapped_cjk(paragraph)
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_japanese_lines_join_without_a_space() {
        let doc = "多くの\nカーネルでは、\n  対象外です。\nSee `x`\nand y.\n\n```dockerfile\n# 日本\n日本\n```\n";
        assert_eq!(
            join_wrapped_cjk(doc),
            "多くのカーネルでは、対象外です。\nSee `x`\nand y.\n\n```dockerfile\n# 日本\n日本\n```\n"
        );
        assert_eq!(
            one_line("多くの\nカーネル\nand\nmore"),
            "多くのカーネル and more"
        );
    }

    #[test]
    fn japanese_docs_have_no_space_between_cjk_characters_once_joined() {
        let spaced = |text: &str| {
            let chars: Vec<char> = text.chars().collect();
            chars
                .windows(3)
                .any(|w| w[1] == ' ' && is_cjk(w[0]) && is_cjk(w[2]))
        };
        for rule in crate::rules::RULES {
            let summary = one_line(rule.docs(crate::Lang::Ja).summary());
            assert!(!summary.contains('\n'), "{}: {summary}", rule.code);
            assert!(!spaced(&summary), "{}: {summary}", rule.code);
        }
    }

    #[test]
    fn titles_cut_at_compile_time_are_the_parsed_titles() {
        assert_eq!(
            title_copy!("\n  # A title \n\n## What it checks\n"),
            "A title"
        );
        assert_eq!(title_copy!("No heading\n"), "");
        assert_eq!(title_copy!("#"), "");
        for rule in crate::rules::RULES {
            for lang in Lang::ALL {
                let markdown = rule.docs.markdown(rule.code, lang).unwrap();
                let parsed = RuleDoc::parse(markdown).title;
                assert!(!parsed.is_empty(), "{}", rule.code);
                assert_eq!(rule.docs.title(lang), parsed, "{}", rule.code);
            }
        }
    }

    #[cfg(feature = "html")]
    #[test]
    fn the_bundle_holds_every_rule_and_reads_back() {
        for lang in Lang::ALL {
            let bundle = bundle(lang);
            let read: Bundle = serde_json::from_str(&bundle).unwrap();
            assert_eq!(read.markdown.len(), crate::rules::RULES.len());
            for rule in crate::rules::RULES {
                let full = rule.docs(lang);
                let read = RuleDoc::parse(&read.markdown[rule.code]);
                assert_eq!(read.title, full.title, "{}", rule.code);
                assert_eq!(read.summary(), full.summary(), "{}", rule.code);
                for section in [DocSection::Example, DocSection::UseInstead] {
                    assert_eq!(
                        read.examples(section),
                        full.examples(section),
                        "{}",
                        rule.code
                    );
                }
                assert_eq!(
                    read.section(DocSection::Fix),
                    None,
                    "{}: HTML only",
                    rule.code
                );
            }
            assert!(provide(lang, &bundle).is_ok());
            assert!(available(lang));
            let key = keys::rule("PL101");
            assert_eq!(html(lang, &key), read.html.get(&key).map(String::as_str));
            assert!(html(lang, &key).is_some());
        }
    }

    #[test]
    fn the_markdown_bundle_holds_every_rule_whole() {
        for lang in Lang::ALL {
            let read: Bundle = serde_json::from_str(&markdown_bundle(lang)).unwrap();
            assert!(read.html.is_empty());
            for rule in crate::rules::RULES {
                assert_eq!(
                    read.markdown.get(rule.code).map(String::as_str),
                    rule.docs.markdown(rule.code, lang),
                    "{}",
                    rule.code
                );
            }
        }
    }

    #[test]
    fn a_broken_bundle_is_refused() {
        assert!(provide(Lang::En, "not json").is_err());
    }

    #[test]
    fn splits_sections_and_examples() {
        let doc = RuleDoc::parse(
            "# Title\n\n## What it checks\nSummary.\n\nMore.\n## Example\n```dockerfile trusted-registries=a.example,b.example\nFROM a\n## not a heading\n```\n## Odd\nx\n",
        );
        let examples = doc.examples(DocSection::Example);
        assert_eq!(
            examples[0].settings().trusted_registries,
            vec!["a.example", "b.example"]
        );
        assert_eq!(doc.title, "Title");
        assert_eq!(doc.summary(), "Summary.");
        assert_eq!(
            doc.code_blocks(DocSection::Example),
            vec!["FROM a\n## not a heading\n"]
        );
        assert_eq!(doc.unknown_headings, vec!["Odd"]);
    }
}
