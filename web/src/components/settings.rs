//! The check settings people can change; non-default ones travel in share links.

use leptos::prelude::*;

use super::{texts, use_state};
use crate::share::{split_list, Options};

#[component]
pub fn SettingsPanel() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let edit = move |change: fn(&mut Options, String)| {
        move |event| {
            let value = event_target_value(&event);
            state.edit_options(|options| change(options, value));
        }
    };
    let list = move |read: fn(&Options) -> &Vec<String>| {
        move || state.options.with(|o| read(o).join(", "))
    };
    view! {
        <details class="settings">
            <summary>{move || t().settings}</summary>
            <label>
                {move || t().target_stage}
                <input type="text" data-testid="setting-target" prop:value=move || state.options.with(|o| o.target.clone()) on:change=edit(|o, v| o.target = v) />
            </label>
            <label>
                {move || format!("{} ({})", t().trusted_registries, t().list_hint)}
                <input type="text" prop:value=list(|o| &o.trusted_registries) on:change=edit(|o, v| o.trusted_registries = split_list(&v)) />
            </label>
            <label>
                {move || format!("{} ({})", t().required_labels, t().list_hint)}
                <input type="text" prop:value=list(|o| &o.required_labels) on:change=edit(|o, v| o.required_labels = split_list(&v)) />
            </label>
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || state.options.with(|o| o.strict)
                    on:change=move |e| { let on = event_target_checked(&e); state.edit_options(|o| o.strict = on); }
                />
                {move || t().strict}
            </label>
        </details>
    }
}
