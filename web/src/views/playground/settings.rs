//! The check settings people can change; non-default ones travel in share links.

use leptos::prelude::*;

use super::{texts, use_state};
use crate::share::{split_list, Options};

fn set_target(options: &mut Options, value: String) {
    options.target = value;
}

fn set_registries(options: &mut Options, value: String) {
    options.trusted_registries = split_list(&value);
}

fn set_labels(options: &mut Options, value: String) {
    options.required_labels = split_list(&value);
}

/// How long typing in a setting pauses before it applies.
const SETTING_DELAY: std::time::Duration = std::time::Duration::from_millis(300);

#[component]
pub fn SettingsPanel() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    // Applied as typed, once typing pauses.
    let edit = move |change: fn(&mut Options, String)| {
        let mut apply =
            leptos::leptos_dom::helpers::debounce(SETTING_DELAY, move |value: String| {
                state.edit_options(|options| change(options, value));
            });
        move |event| apply(event_target_value(&event))
    };
    // Leaving the field (or Enter) applies at once: a Share click right
    // after typing must carry the new value.
    let commit = move |change: fn(&mut Options, String)| {
        move |event| {
            let value = event_target_value(&event);
            state.edit_options(|options| change(options, value));
        }
    };
    let target_error = move || {
        state.analysis.with(|a| {
            let target = a.unknown_target.as_ref()?;
            let names: Vec<&str> = a
                .report
                .stages
                .iter()
                .filter_map(|stage| stage.name.as_deref())
                .collect();
            let names = if names.is_empty() {
                "–".to_owned()
            } else {
                names.join(", ")
            };
            Some(
                t().unknown_target
                    .replace("{target}", target)
                    .replace("{names}", &names),
            )
        })
    };
    let list = move |read: fn(&Options) -> &Vec<String>| {
        move || state.options.with(|o| read(o).join(", "))
    };
    view! {
        <details class="settings">
            <summary>{move || t().settings}</summary>
            <label>
                {move || t().target_stage}
                <input
                    type="text"
                    data-testid="setting-target"
                    aria-invalid=move || target_error().is_some().to_string()
                    aria-describedby="target-error"
                    prop:value=move || state.options.with(|o| o.target.clone())
                    on:input=edit(set_target)
                    on:change=commit(set_target)
                />
            </label>
            <p id="target-error" class="setting-error" data-testid="target-error" role="alert" hidden=move || target_error().is_none()>
                {target_error}
            </p>
            <label>
                {move || format!("{} ({})", t().trusted_registries, t().list_hint)}
                <input type="text" prop:value=list(|o| &o.trusted_registries) on:input=edit(set_registries) on:change=commit(set_registries) />
            </label>
            <label>
                {move || format!("{} ({})", t().required_labels, t().list_hint)}
                <input type="text" prop:value=list(|o| &o.required_labels) on:input=edit(set_labels) on:change=commit(set_labels) />
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
