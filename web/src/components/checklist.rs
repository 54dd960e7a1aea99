//! The checklist: items grouped build / scan / run time, each pass, warn,
//! fail or manual, with the score; an item opens to its findings or, for
//! manual items, what to check by hand.

use leptos::prelude::*;
use plimsoll_core::checklist::{Group, Status};

use super::markdown::Markdown;
use super::{texts, use_state, Message};

/// Findings listed under one item (all of them are in the findings list).
const ITEM_FINDINGS: usize = 20;

#[component]
pub fn Checklist() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let checklist = Memo::new(move |_| {
        state
            .analysis
            .with(|a| (a.report.checklist.score, a.report.checklist.counts))
    });
    let no_verdict = move || {
        let lang = state.lang.get();
        state.analysis.with(|a| {
            a.report
                .checklist
                .no_verdict
                .as_ref()
                .map(|why| why.get(lang).to_owned())
                .unwrap_or_default()
        })
    };
    let counts = move || {
        let (_, counts) = checklist.get();
        let ui = t();
        [(Status::Pass, counts.pass), (Status::Warn, counts.warn), (Status::Fail, counts.fail), (Status::Manual, counts.manual)]
            .map(|(status, count)| view! { <span class="count" data-status=status_code(status)>{format!("{} {count}", ui.status(status))}</span> })
            .collect_view()
    };
    let group = move |group: Group| {
        let ids = move || {
            state.analysis.with(|a| {
                a.report
                    .checklist
                    .items
                    .iter()
                    .filter(|i| i.group == group)
                    .map(|i| i.id)
                    .collect::<Vec<_>>()
            })
        };
        view! {
            <section class="checklist-group" hidden=move || ids().is_empty()>
                <h3>{move || group.title().get(state.lang.get()).to_owned()}</h3>
                <ul>
                    <For each=ids key=|id| *id let:id>
                        <ChecklistRow id />
                    </For>
                </ul>
            </section>
        }
    };
    view! {
        <div class="checklist" hidden=move || state.analysis.with(|a| a.blank || a.too_large.is_some())>
            <div class="panel-head">
                <h2 class="pane-title">{move || t().checklist}</h2>
                <p class="score" data-testid="score" data-score=move || checklist.get().0.map(|s| s.to_string())>
                    {move || format!("{} {}", t().score, crate::i18n::score_label(checklist.get().0))}
                </p>
            </div>
            <p class="no-verdict" data-testid="no-verdict" hidden=move || no_verdict().is_empty()>
                <Message text=Signal::derive(no_verdict) />
            </p>
            <p class="counts" hidden=move || !no_verdict().is_empty()>{counts}</p>
            {Group::ALL.map(group).collect_view()}
        </div>
    }
}

pub fn status_code(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Warn => "warn",
        Status::Fail => "fail",
        Status::Manual => "manual",
    }
}

#[component]
fn ChecklistRow(id: &'static str) -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let item = Memo::new(move |_| {
        state.analysis.with(|a| {
            let item = a.report.checklist.items.iter().find(|i| i.id == id)?;
            let findings: Vec<_> = item
                .findings
                .iter()
                .take(ITEM_FINDINGS)
                .filter_map(|&i| a.by_index(i))
                .map(|f| (f.key, f.line, f.message.clone()))
                .collect();
            Some((
                item.status,
                item.title.clone(),
                item.guidance.clone(),
                findings,
            ))
        })
    });
    let status = move || item.with(|i| i.as_ref().map_or(Status::Manual, |i| i.0));
    let guidance = Signal::derive(move || {
        item.with(|i| {
            i.as_ref()
                .map(|i| i.2.get(state.lang.get()).to_owned())
                .unwrap_or_default()
        })
    });
    let findings = move || {
        let lang = state.lang.get();
        item.get().map(|i| {
            i.3.into_iter()
                .map(|(key, line, message)| {
                    let message = message.get(lang).to_owned();
                    view! {
                        <li>
                            <button type="button" class="link" on:click=move |_| state.jump_to(key)>
                                {format!("{} {line}: ", t().line)}
                                <Message text=message />
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <li class="checklist-item" data-testid="checklist-item" data-item=id data-status=move || status_code(status())>
            <details>
                <summary>
                    <span class="status" data-status=move || status_code(status())>{move || t().status(status())}</span>
                    <span class="title">{move || item.with(|i| i.as_ref().map(|i| i.1.get(state.lang.get()).to_owned()))}</span>
                </summary>
                <ul class="item-findings">{findings}</ul>
                <Markdown source=guidance />
            </details>
        </li>
    }
}
