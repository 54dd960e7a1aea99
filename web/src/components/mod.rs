//! Pieces more than one view uses: the page's state from context, its
//! texts, links between views, the core's messages and our own docs as
//! HTML. The views themselves are in [`crate::views`].

pub mod doc_html;

use leptos::prelude::*;

use crate::i18n::{ui, Ui};
use crate::route::View;
use crate::state::AppState;

pub fn use_state() -> AppState {
    expect_context::<AppState>()
}

/// The chrome's texts in the current language.
pub fn texts(state: AppState) -> impl Fn() -> &'static Ui + Copy {
    move || ui(state.lang.get())
}

/// A link to another view of the page: a real link (it opens in a new tab),
/// followed in place without a request.
#[component]
pub fn ViewLink(
    view: View,
    children: Children,
    #[prop(optional)] class: &'static str,
    #[prop(optional, into)] testid: Option<&'static str>,
) -> impl IntoView {
    let state = use_state();
    let href = crate::browser::page_url(&view.query(), "");
    let follow = move |event: leptos::ev::MouseEvent| {
        if event.ctrl_key() || event.meta_key() || event.shift_key() || event.button() != 0 {
            return;
        }
        event.prevent_default();
        state.navigate(view.clone());
    };
    view! {
        <a href=href class=class data-testid=testid on:click=follow>
            {children()}
        </a>
    }
}

/// A message from the core: `code` in backticks shown as code, all as text nodes.
#[component]
pub fn Message(#[prop(into)] text: Signal<String>) -> impl IntoView {
    move || {
        text.with(|text| {
            crate::analysis::inline_code(text)
                .into_iter()
                .map(|(is_code, part)| {
                    let part = part.to_owned();
                    if is_code {
                        view! { <code>{part}</code> }.into_any()
                    } else {
                        part.into_any()
                    }
                })
                .collect_view()
        })
    }
}

/// A labelled `<select>` of a list's orders: each option's code and label,
/// the code of the one chosen; `pick` gets the code chosen.
#[component]
pub fn OrderSelect(
    #[prop(into)] label: Signal<&'static str>,
    testid: &'static str,
    options: Vec<(&'static str, Signal<&'static str>)>,
    #[prop(into)] chosen: Signal<&'static str>,
    pick: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <label class="order">
            {label}
            " "
            <select data-testid=testid on:change=move |event| pick(event_target_value(&event))>
                {options
                    .into_iter()
                    .map(|(code, label)| view! { <option value=code selected=move || chosen.get() == code>{label}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}
