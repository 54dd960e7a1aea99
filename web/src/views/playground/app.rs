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
use super::pages::{PrivacyPage, ShortcutsDialog};
use super::settings::SettingsPanel;
use super::stages::Stages;
use super::texts;
use super::vulnerabilities::Vulnerabilities;
use crate::browser;
use crate::route::View;
use crate::shortcuts::{shortcut, Shortcut};
use crate::state::{AppState, Tab};
use crate::views::rules::{RuleIndex, RulePage};

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
    let has_report = has_vulnerabilities(state);
    // The report went away: its panel too.
    Effect::new(move |_| {
        if !has_report.get() {
            if state.side.get_untracked() == Tab::Vulnerabilities {
                state.side.set(Tab::Checklist);
            }
            if state.tab.get_untracked() == Tab::Vulnerabilities {
                state.tab.set(Tab::Editor);
            }
        }
    });
    view! {
        <main
            class="workspace"
            data-tab=move || tab_code(state.tab.get())
            data-side=move || tab_code(state.side.get())
            hidden=move || state.view.get() != View::Playground
            on:drop=move |event| super::folder::dropped(state, &event)
            on:dragover=|event| super::folder::dragged_over(&event)
        >
            <PanelBar tabs=&[Tab::Editor, Tab::Checklist, Tab::Findings, Tab::Vulnerabilities] shown=state.tab class="tabs" prefix="tab" />
            <section class="pane editor-pane">
                <Editor />
                <Stages />
                <SettingsPanel />
            </section>
            <PanelBar tabs=&[Tab::Checklist, Tab::Findings, Tab::Vulnerabilities] shown=state.side class="side-tabs" prefix="side" />
            <section class="pane checklist-pane">
                <Checklist />
            </section>
            <section class="pane findings-pane">
                <Findings />
            </section>
            <section class="pane vulnerabilities-pane">
                <Show when=move || has_report.get()>
                    <Vulnerabilities />
                </Show>
            </section>
        </main>
    }
}

fn tab_code(tab: Tab) -> &'static str {
    match tab {
        Tab::Editor => "editor",
        Tab::Findings => "findings",
        Tab::Checklist => "checklist",
        Tab::Vulnerabilities => "vulnerabilities",
    }
}

/// Whether the Dockerfile's project has a scan report linked to it.
fn has_vulnerabilities(state: AppState) -> Memo<bool> {
    Memo::new(move |_| state.analysis.with(|a| a.report.vulnerabilities.is_some()))
}

/// Buttons choosing the panel `shown`: on narrow screens every panel as
/// a tab (`tabs`), on wider ones the panel beside the editor (`side-tabs`);
/// CSS hides the bar that does not apply. The vulnerabilities' button only
/// with a scan report.
#[component]
fn PanelBar(
    tabs: &'static [Tab],
    shown: RwSignal<Tab>,
    class: &'static str,
    prefix: &'static str,
) -> impl IntoView {
    let state = super::use_state();
    let t = texts(state);
    let has_report = has_vulnerabilities(state);
    let button = move |tab: Tab| {
        let label = move || {
            let lang = state.lang.get();
            match tab {
                Tab::Editor => t().tab_editor,
                Tab::Findings => t().findings,
                Tab::Checklist => t().checklist,
                Tab::Vulnerabilities => plimsoll_core::table_words(lang).title,
            }
        };
        view! {
            <button
                type="button"
                data-testid=format!("{prefix}-{}", tab_code(tab))
                aria-pressed=move || (shown.get() == tab).to_string()
                hidden=move || tab == Tab::Vulnerabilities && !has_report.get()
                on:click=move |_| state.show_panel(tab)
            >
                {label}
            </button>
        }
    };
    view! {
        <nav class=class aria-label=move || t().panels>
            {tabs.iter().map(|tab| button(*tab)).collect_view()}
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
