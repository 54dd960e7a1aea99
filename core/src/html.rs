//! Our own Markdown (rule docs, checklist guidance, workshop briefs and
//! hints) rendered to HTML at build time, for the web page. The page then
//! needs no Markdown parser: it fetches [`crate::docs::bundle`]'s file, which
//! carries this HTML, the first time a text opens. Only texts that ship in
//! the core go through here, never what people type; raw HTML in them is
//! shown as text all the same.
//!
//! Code blocks get a copy button (`<button data-copy>`, run by the page).
//! Table cells lose pulldown-cmark's `style="text-align: …"`: the page's
//! Content-Security-Policy (`style-src 'self'`) refuses inline styles.

use std::collections::BTreeMap;

use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::docs::keys;
use crate::report::Lang;
use crate::rules::RULES;

/// `markdown` as HTML; code blocks get a button labelled `copy_label`.
pub fn render(markdown: &str, copy_label: &str) -> String {
    let open = format!(
        "<div class=\"snippet\"><button type=\"button\" class=\"copy\" data-copy>{}</button>",
        escape(copy_label)
    );
    let markdown = crate::docs::join_wrapped_cjk(markdown);
    let events = Parser::new_ext(&markdown, Options::ENABLE_TABLES).flat_map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => vec![Event::Text(html)],
        // Unaligned columns are written without a style attribute.
        Event::Start(Tag::Table(alignments)) => vec![Event::Start(Tag::Table(
            alignments.iter().map(|_| Alignment::None).collect(),
        ))],
        Event::Start(Tag::CodeBlock(kind)) => {
            let kind = match kind {
                CodeBlockKind::Fenced(info) => {
                    let language = info.split_whitespace().next().unwrap_or("").to_owned();
                    CodeBlockKind::Fenced(CowStr::from(language))
                }
                indented => indented,
            };
            vec![
                Event::Html(CowStr::from(open.clone())),
                Event::Start(Tag::CodeBlock(kind)),
            ]
        }
        Event::End(TagEnd::CodeBlock) => vec![
            Event::End(TagEnd::CodeBlock),
            Event::Html(CowStr::Borrowed("</div>")),
        ],
        other => vec![other],
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Every text of `lang` the page shows as HTML, by key (see [`keys`]).
pub fn texts(lang: Lang) -> BTreeMap<String, String> {
    let copy = match lang {
        Lang::En => "Copy",
        Lang::Ja => "コピー",
    };
    let mut texts = BTreeMap::new();
    for rule in RULES {
        let mut page = format!(
            "<div class=\"doc-head\">{}</div>",
            render(&crate::export::catalog::explain_head(rule, lang), copy)
        );
        for (section, heading, body) in crate::export::catalog::explain_sections(rule, lang) {
            page.push_str(&format!(
                "<section data-section=\"{}\">{}</section>",
                section.id(),
                render(&format!("## {heading}\n\n{body}\n"), copy)
            ));
        }
        texts.insert(keys::rule(rule.code), page);
    }
    for item in crate::checklist::ids() {
        if let Some(guidance) = crate::checklist::guidance(item) {
            texts.insert(keys::guidance(item), render(guidance.get(lang), copy));
        }
    }
    for exercise in crate::workshop::all() {
        texts.insert(
            keys::brief(exercise.id),
            render(exercise.brief.get(lang), copy),
        );
        for (index, hint) in exercise.hints.iter().enumerate() {
            texts.insert(keys::hint(exercise.id, index), render(hint.get(lang), copy));
        }
    }
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_get_a_copy_button_and_lose_fence_options() {
        let html = render("Text\n\n```dockerfile target=x\nFROM a\n```\n", "Copy");
        assert!(html.contains("<div class=\"snippet\"><button type=\"button\" class=\"copy\" data-copy>Copy</button>\n<pre><code class=\"language-dockerfile\">FROM a\n</code></pre>\n</div>"), "{html}");
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = render(
            "a <img src=x onerror=alert(1)> b\n\n<script>alert(1)</script>\n",
            "<b>",
        );
        assert!(
            !html.contains("<img") && !html.contains("<script") && !html.contains("<b>"),
            "{html}"
        );
        assert!(html.contains("&lt;img"), "{html}");
    }

    #[test]
    fn tables_carry_no_inline_style() {
        let html = render("| a | b |\n|:--|--:|\n| 1 | 2 |\n", "Copy");
        assert!(
            html.contains("<table>") && html.contains("<td>2</td>"),
            "{html}"
        );
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn every_rule_item_and_exercise_has_its_texts_in_both_languages() {
        for lang in [Lang::En, Lang::Ja] {
            let texts = texts(lang);
            for rule in RULES {
                let page = &texts[&keys::rule(rule.code)];
                assert!(
                    page.starts_with("<div class=\"doc-head\"><h1>"),
                    "{}",
                    rule.code
                );
                assert!(page.contains(rule.code), "{}", rule.code);
                assert!(
                    page.contains("<section data-section=\"why-it-is-risky\">"),
                    "{}",
                    rule.code
                );
            }
            for item in crate::checklist::ids() {
                assert!(!texts[&keys::guidance(item)].is_empty(), "{item}");
            }
            for exercise in crate::workshop::all() {
                assert!(texts[&keys::brief(exercise.id)].starts_with('<'));
                assert_eq!(
                    (0..exercise.hints.len())
                        .filter(|index| texts.contains_key(&keys::hint(exercise.id, *index)))
                        .count(),
                    exercise.hints.len()
                );
            }
        }
    }
}
