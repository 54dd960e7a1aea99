//! A finding's card: the rule's explanation with its bad and good
//! examples and references (Markdown from the core), and the fix's diff.

use leptos::prelude::*;
use plimsoll_core::docs::{DocSection, SECTIONS};
use plimsoll_core::rules::Rule;

use super::markdown::RuleDocs;
use super::{texts, use_state, ViewLink};
use crate::analysis::FindingKey;
use crate::editing;
use crate::route::View;

#[component]
pub fn FindingCard(key: FindingKey) -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let explanation = Signal::derive(move || {
        let lang = state.lang.get();
        let Some(rule) = Rule::by_code(key.rule) else {
            return String::new();
        };
        let doc = rule.docs(lang);
        let mut markdown = format!("**{}: {}**\n\n", rule.code, doc.title);
        for (section, en, ja) in SECTIONS {
            if section == DocSection::WhatItChecks {
                continue;
            }
            if let Some(body) = doc.section(section) {
                let heading = if lang == plimsoll_core::Lang::Ja {
                    ja
                } else {
                    en
                };
                markdown.push_str(&format!("### {heading}\n\n{body}\n\n"));
            }
        }
        markdown
    });
    view! {
        <div class="card-body">
            <DiffView key />
            <RuleDocs source=explanation />
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
