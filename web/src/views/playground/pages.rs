//! The playground's other pages: the privacy explanation and the shortcut
//! list.

use leptos::prelude::*;

use super::{texts, use_state, ViewLink};
use crate::route::View;
use crate::shortcuts::{Shortcut, KEYS};

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    view! {
        <article class="page" data-testid="privacy-page">
            <ViewLink view=View::Playground>{move || t().back_to_playground}</ViewLink>
            <h1>{move || t().privacy_title}</h1>
            {move || t().privacy_body.iter().map(|paragraph| view! { <p>{*paragraph}</p> }).collect_view()}
        </article>
    }
}

#[component]
pub fn ShortcutsDialog() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let what = move |shortcut: Shortcut| {
        let ui = t();
        match shortcut {
            Shortcut::NextFinding => ui.shortcut_next,
            Shortcut::PreviousFinding => ui.shortcut_previous,
            Shortcut::ApplyFix => ui.shortcut_apply,
            Shortcut::ShowList => ui.shortcut_list,
        }
    };
    let close = move |_| {
        if let Some(dialog) = state.shortcuts.get_untracked() {
            dialog.close();
        }
    };
    view! {
        <dialog node_ref=state.shortcuts class="shortcuts" data-testid="shortcut-list" aria-labelledby="shortcuts-title">
            <h2 id="shortcuts-title">{move || t().shortcuts}</h2>
            <dl>
                {KEYS.map(|(keys, shortcut)| view! { <dt><kbd>{keys}</kbd></dt><dd>{move || what(shortcut)}</dd> }).collect_view()}
                <dt><kbd>"Esc"</kbd></dt>
                <dd>{move || t().shortcut_close}</dd>
            </dl>
            <button type="button" on:click=close>{move || t().close}</button>
        </dialog>
    }
}
