//! A finding's card: the rule's explanation with its bad and good
//! examples and references (HTML rendered from the core's Markdown at build
//! time), and the fix's diff.

use super::doc_html::DocHtml;
use super::{texts, use_state, ViewLink};
use crate::analysis::FindingKey;
use crate::editing;
use crate::route::View;
use leptos::prelude::*;

#[component]
pub fn FindingCard(key: FindingKey) -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    view! {
        <div class="card-body">
            <DiffView key />
            // The rule's page without what it checks (the finding says it).
            <DocHtml name=plimsoll_core::docs::keys::rule(key.rule) lang=state.lang class="card-docs" />
            <ViewLink view=View::Rule(key.rule.to_owned())>{move || t().rule_page}</ViewLink>
        </div>
    }
}

/// The lines the finding's fix changes, before and after.
#[component]
fn DiffView(key: FindingKey) -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let preview = Memo::new(move |_| {
        state.with_shown(|a, source| {
            let fix = a.finding(key)?.fix.as_ref()?;
            editing::diff_preview(source, fix)
        })
    });
    view! {
        <Show when=move || preview.with(Option::is_some)>
            <h3>{move || t().fix}</h3>
            <pre class="diff" data-testid="diff">
                {move || {
                    preview
                        .get()
                        .map(|p| {
                            let removed = p.removed.into_iter().map(|line| view! { <del>{format!("- {line}\n")}</del> });
                            let added = p.added.into_iter().map(|line| view! { <ins>{format!("+ {line}\n")}</ins> });
                            (removed.collect_view(), added.collect_view())
                        })
                }}
            </pre>
        </Show>
    }
}
