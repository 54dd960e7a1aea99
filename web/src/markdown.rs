//! Our own Markdown (rule docs, checklist guidance) to HTML. Only texts that
//! ship in the core go through here, never what people type; raw HTML in
//! them is shown as text all the same. Code blocks get a copy button, which
//! the [`crate::components::markdown::Markdown`] component handles.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

pub fn to_html(markdown: &str, copy_label: &str) -> String {
    let open = format!(
        "<div class=\"snippet\"><button type=\"button\" class=\"copy\" data-copy>{}</button>",
        escape(copy_label)
    );
    let markdown = plimsoll_core::docs::join_wrapped_cjk(markdown);
    let events = Parser::new_ext(&markdown, Options::ENABLE_TABLES).flat_map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => vec![Event::Text(html)],
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
        Event::End(TagEnd::CodeBlock) => {
            vec![
                Event::End(TagEnd::CodeBlock),
                Event::Html(CowStr::Borrowed("</div>")),
            ]
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_get_a_copy_button_and_lose_fence_options() {
        let html = to_html("Text\n\n```dockerfile target=x\nFROM a\n```\n", "Copy");
        assert!(html.contains("<div class=\"snippet\"><button type=\"button\" class=\"copy\" data-copy>Copy</button>\n<pre><code class=\"language-dockerfile\">FROM a\n</code></pre>\n</div>"), "{html}");
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_html(
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
    fn every_rule_doc_renders() {
        for rule in plimsoll_core::rules::RULES {
            for lang in [plimsoll_core::Lang::En, plimsoll_core::Lang::Ja] {
                let html = to_html(&plimsoll_core::export::catalog::explain(rule, lang), "Copy");
                assert!(html.contains(rule.code), "{}", rule.code);
            }
        }
    }
}
