//! Our own texts (rule docs, checklist guidance, workshop briefs and hints)
//! as HTML rendered at build time ([`plimsoll_core::html`]), fetched with the
//! rule docs ([`rule_docs`]) the first time one shows; never user text. Runs
//! their code blocks' copy buttons.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use plimsoll_core::Lang;

use crate::{browser, i18n, rule_docs};

/// The text `name` (one of [`plimsoll_core::html`]'s keys) in the page's
/// language once the docs are here, a notice until then.
#[component]
pub fn DocHtml(
    #[prop(into)] name: Signal<String>,
    #[prop(into)] lang: Signal<Lang>,
    /// Extra classes of the wrapper (`prose` always).
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let html = move || rule_docs::html(lang.get(), &name.get());
    let copy_snippet = move |event: leptos::ev::MouseEvent| {
        let Some(button) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("[data-copy]").ok().flatten())
        else {
            return;
        };
        let code = button
            .parent_element()
            .and_then(|snippet| snippet.query_selector("code").ok().flatten())
            .and_then(|code| code.text_content())
            .unwrap_or_default();
        let copied = i18n::ui(lang.get_untracked()).copied;
        browser::copy_text(code, move |ok| {
            if ok {
                button.set_text_content(Some(copied));
            }
        });
    };
    move || match html() {
        Ok(html) => view! {
            <div class=format!("prose {class}") inner_html=html on:click=copy_snippet></div>
        }
        .into_any(),
        Err(notice) => {
            view! { <p class="docs-pending" data-testid="docs-pending">{notice}</p> }.into_any()
        }
    }
}
