//! The header: name, rule-set version, privacy badge and the toolbar.

use leptos::prelude::*;
use plimsoll_core::Lang;

use super::menus::{ExamplesMenu, ExportMenu};
use super::{texts, use_state, ViewLink};
use crate::route::View;
use crate::state::Theme;

#[component]
pub fn Header() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let switch_language = move |_| {
        state.lang.update(|lang| {
            *lang = match lang {
                Lang::En => Lang::Ja,
                Lang::Ja => Lang::En,
            }
        });
    };
    let theme_label = move |theme: Theme| match theme {
        Theme::System => t().theme_system,
        Theme::Light => t().theme_light,
        Theme::Dark => t().theme_dark,
    };
    let set_theme = move |event| {
        let code = event_target_value(&event);
        if let Some(theme) = Theme::ALL.into_iter().find(|theme| theme.code() == code) {
            state.theme.set(theme);
        }
    };
    view! {
        <header class="masthead">
            <div class="brand">
                <ViewLink view=View::Playground class="home">
                    <h1>"Plimsoll"</h1>
                </ViewLink>
                <span class="version" data-testid="version">
                    {move || format!("{} v{}", t().rule_set, plimsoll_core::VERSION)}
                </span>
                <p class="tagline">{move || t().tagline}</p>
            </div>
            <ViewLink view=View::Privacy class="badge">
                <span data-testid="privacy-badge">{move || t().privacy_badge}</span>
            </ViewLink>
            <nav class="toolbar" aria-label=move || t().toolbar>
                <ExamplesMenu />
                <button type="button" data-testid="share" on:click=move |_| state.share()>
                    {move || t().share}
                </button>
                <ExportMenu />
                <ViewLink view=View::Rules testid="rules-link">{move || t().rules}</ViewLink>
                <button
                    type="button"
                    data-testid="lang"
                    lang=move || if state.lang.get() == Lang::En { "ja" } else { "en" }
                    on:click=switch_language
                >
                    {move || t().other_language}
                </button>
                <label class="theme">
                    <span class="visually-hidden">{move || t().theme}</span>
                    <select data-testid="theme" on:change=set_theme>
                        {Theme::ALL
                            .map(|theme| {
                                view! {
                                    <option value=theme.code() selected=move || state.theme.get() == theme>
                                        {move || theme_label(theme)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button
                    type="button"
                    data-testid="shortcuts"
                    aria-label=move || t().shortcuts
                    title=move || t().shortcuts
                    on:click=move |_| state.show_shortcuts()
                >
                    "?"
                </button>
            </nav>
        </header>
    }
}
