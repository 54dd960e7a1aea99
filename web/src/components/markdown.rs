//! Renders our own Markdown (never user text) and runs its copy buttons.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{texts, use_state};
use crate::{browser, rule_docs};

/// A rule's documentation: its Markdown once the page has the docs of the
/// current language ([`rule_docs`]), a notice until then.
#[component]
pub fn RuleDocs(#[prop(into)] source: Signal<String>) -> impl IntoView {
    let state = use_state();
    move || match rule_docs::pending(state.lang.get()) {
        Some(notice) => {
            view! { <p class="docs-pending" data-testid="docs-pending">{notice}</p> }.into_any()
        }
        None => view! { <Markdown source /> }.into_any(),
    }
}

#[component]
pub fn Markdown(#[prop(into)] source: Signal<String>) -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let html = move || crate::markdown::to_html(&source.get(), t().copy);
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
        let copied = t().copied;
        browser::copy_text(code, move |ok| {
            if ok {
                button.set_text_content(Some(copied));
            }
        });
    };
    view! { <div class="prose" inner_html=html on:click=copy_snippet></div> }
}
