//! The page: header, status line, the playground (editor, findings,
//! checklist) and the other views, chosen by the query string.
//!
//! Everything people type reaches the DOM only as text nodes and attribute
//! values (Leptos escapes both); `inner_html` is used for our own docs only.

use leptos::ev;
use leptos::prelude::*;

use super::checklist::Checklist;
use super::editor::Editor;
use super::findings::Findings;
use super::header::Header;
use super::notice::NoticeBar;
use super::pages::{PrivacyPage, RuleIndex, RulePage, ShortcutsDialog};
use super::settings::SettingsPanel;
use super::stages::Stages;
use super::texts;
use crate::browser;
use crate::route::View;
use crate::shortcuts::{shortcut, Shortcut};
use crate::state::{AppState, Tab};

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::restore();
    provide_context(state);
    state.persist();
    state.start_checking();
    listen_for_shortcuts(state);
    let popstate = window_event_listener(ev::popstate, move |_| {
        state.view.set(View::parse(&browser::location_search()));
    });
    let hashchange = window_event_listener(ev::hashchange, move |_| state.follow_link());
    on_cleanup(move || {
        popstate.remove();
        hashchange.remove();
    });
    Effect::new(move |_| {
        let title = state.view.with(|view| view.title(state.lang.get()));
        document().set_title(&title);
    });
    let other_view = move || match state.view.get() {
        View::Playground => ().into_any(),
        View::Rules => view! { <RuleIndex /> }.into_any(),
        View::Rule(code) => view! { <RulePage code /> }.into_any(),
        View::Privacy => view! { <PrivacyPage /> }.into_any(),
    };
    view! {
        <Header />
        <NoticeBar />
        <Playground />
        {other_view}
        <ShortcutsDialog />
    }
}

#[component]
fn Playground() -> impl IntoView {
    let state = super::use_state();
    let tab_code = move || match state.tab.get() {
        Tab::Editor => "editor",
        Tab::Findings => "findings",
        Tab::Checklist => "checklist",
    };
    view! {
        <main
            class="workspace"
            data-tab=tab_code
            hidden=move || state.view.get() != View::Playground
            on:drop=move |event| super::folder::dropped(state, &event)
            on:dragover=|event| super::folder::dragged_over(&event)
        >
            <TabBar />
            <section class="pane editor-pane">
                <Editor />
                <Stages />
            </section>
            <section class="pane findings-pane">
                <Findings />
            </section>
            <section class="pane checklist-pane">
                <Checklist />
                <SettingsPanel />
            </section>
        </main>
    }
}

/// Panels as tabs on narrow screens (hidden by CSS on wider ones).
#[component]
fn TabBar() -> impl IntoView {
    let state = super::use_state();
    let t = texts(state);
    let tab = move |tab: Tab, label: fn(&crate::i18n::Ui) -> &'static str| {
        view! {
            <button
                type="button"
                data-testid=format!("tab-{tab:?}").to_lowercase()
                aria-pressed=move || (state.tab.get() == tab).to_string()
                on:click=move |_| state.tab.set(tab)
            >
                {move || label(t())}
            </button>
        }
    };
    view! {
        <nav class="tabs" aria-label=move || t().panels>
            {tab(Tab::Editor, |ui| ui.tab_editor)}
            {tab(Tab::Findings, |ui| ui.findings)}
            {tab(Tab::Checklist, |ui| ui.checklist)}
        </nav>
    }
}

fn listen_for_shortcuts(state: AppState) {
    let handle = window_event_listener(ev::keydown, move |event| {
        let in_text_field = event
            .target()
            .and_then(|target| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(target).ok())
            .is_some_and(|element| {
                matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            });
        let Some(action) = shortcut(
            &event.key(),
            event.shift_key(),
            event.alt_key(),
            event.ctrl_key() || event.meta_key(),
            in_text_field,
        ) else {
            return;
        };
        event.prevent_default();
        match action {
            Shortcut::NextFinding => state.step(true),
            Shortcut::PreviousFinding => state.step(false),
            Shortcut::ApplyFix => state.apply_fix_at_caret(),
            Shortcut::ShowList => state.show_shortcuts(),
        }
    });
    on_cleanup(move || handle.remove());
}
