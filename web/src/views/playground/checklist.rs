//! The checklist: items grouped build / scan / run time, each pass, warn,
//! fail or manual, with the score; an item opens to its findings or, for
//! manual items, what to check by hand.

use leptos::prelude::*;
use plimsoll_core::checklist::{Group, Status};
use plimsoll_core::project::FileKind;
use plimsoll_core::Text;

use crate::analysis::FindingKey;
use crate::state::Tab;

use super::checking::Checking;
use super::doc_html::DocHtml;
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
        <Checking />
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

/// One item as its row shows it.
#[derive(Clone, PartialEq)]
struct Row {
    status: Status,
    title: Text,
    findings: Vec<ItemFinding>,
    /// The paths of the files that decided it.
    decided_by: Vec<String>,
    /// What would decide an item left to a person, and the kinds to add.
    decidable: Option<(Text, Vec<FileKind>)>,
    note: Option<Text>,
}

/// A finding listed under an item.
#[derive(Clone, PartialEq)]
struct ItemFinding {
    /// The file to open: `None` for the Dockerfile.
    file: Option<String>,
    path: String,
    key: FindingKey,
    line: u32,
    message: Text,
    /// What its fix does, when it has one that applies.
    fix: Option<Text>,
}

impl ItemFinding {
    fn of(file: Option<String>, path: String, finding: &crate::analysis::FindingView) -> Self {
        ItemFinding {
            file,
            path,
            key: finding.key,
            line: finding.line,
            message: finding.message.clone(),
            fix: finding
                .fix
                .as_ref()
                .filter(|fix| fix.is_applicable())
                .map(|fix| fix.description.clone()),
        }
    }
}

#[component]
fn ChecklistRow(id: &'static str) -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let item = Memo::new(move |_| {
        let dockerfile = crate::project::dockerfile_path(state.file_name.get().as_deref());
        state.analysis.with(|a| {
            let item = a.report.checklist.items.iter().find(|i| i.id == id)?;
            let own = item
                .findings
                .iter()
                .filter_map(|&i| a.by_index(i))
                .map(|f| ItemFinding::of(None, dockerfile.clone(), f));
            let elsewhere = item.elsewhere.iter().filter_map(|at| {
                let file = a.companion(&at.file)?;
                let f = file.analysis.by_index(at.index)?;
                Some(ItemFinding::of(Some(at.file.clone()), at.file.clone(), f))
            });
            let findings: Vec<_> = own.chain(elsewhere).take(ITEM_FINDINGS).collect();
            Some(Row {
                status: item.status,
                title: item.title.clone(),
                findings,
                decided_by: item.decided_by.clone(),
                decidable: item
                    .decidable_note()
                    .map(|note| (note, item.decidable_by.to_vec())),
                note: item.note.clone(),
            })
        })
    });
    let status = move || item.with(|i| i.as_ref().map_or(Status::Manual, |i| i.status));
    let findings = move || {
        let lang = state.lang.get();
        item.get().map(|i| {
            i.findings
                .into_iter()
                .map(|finding| {
                    let ItemFinding { file, path, key, line, message, fix } = finding;
                    let message = message.get(lang).to_owned();
                    let to_fix = file.clone();
                    let go = move |_| state.jump_to_file(file.clone(), key);
                    let fix = fix.map(|fix| {
                        let apply = move |_| state.apply_fix_in(to_fix.clone(), key);
                        view! {
                            <span class="item-fix">
                                <Message text=fix.get(lang).to_owned() />
                                " "
                                <button type="button" data-testid="item-apply-fix" on:click=apply>{t().apply_fix}</button>
                            </span>
                        }
                    });
                    view! {
                        <li data-testid="item-finding" data-path=path.clone() data-line=line>
                            <button type="button" class="link" data-path=path.clone() on:click=go>
                                {format!("{path}:{line}: ")}
                                <Message text=message />
                            </button>
                            {fix}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let note = Signal::derive(move || {
        let lang = state.lang.get();
        item.with(|i| {
            i.as_ref()
                .and_then(|i| i.note.as_ref())
                .map(|note| note.get(lang).to_owned())
                .unwrap_or_default()
        })
    });
    let decided_by =
        move || item.with(|i| i.as_ref().map(|i| i.decided_by.clone()).unwrap_or_default());
    // Decided by a scan report: its table is one click away.
    let by_report = move || {
        let decided_by = decided_by();
        state.analysis.with(|a| {
            a.report
                .vulnerabilities
                .as_ref()
                .is_some_and(|summary| decided_by.iter().any(|path| summary.reports.contains(path)))
        })
    };
    let decided_by_text = move || {
        let lang = state.lang.get();
        let labels: Vec<String> = decided_by()
            .iter()
            .map(|path| {
                plimsoll_core::checklist::decided_by_label(path)
                    .get(lang)
                    .to_owned()
            })
            .collect();
        format!("{}: {}", t().decided_by, labels.join(", "))
    };
    let decidable = move || {
        let lang = state.lang.get();
        item.get().and_then(|i| i.decidable).map(|(note, kinds)| {
            let buttons = kinds
                .into_iter()
                .map(|kind| {
                    view! {
                        <button type="button" data-testid="add-deciding-file" data-kind=super::files::kind_code(kind) on:click=move |_| state.add_file(kind)>
                            {crate::i18n::kind_name(kind, lang)}
                        </button>
                    }
                })
                .collect_view();
            view! {
                <p class="decidable" data-testid="decidable">
                    <Message text=note.get(lang).to_owned() />
                    " "
                    {buttons}
                </p>
            }
        })
    };
    view! {
        <li
            class="checklist-item"
            data-testid="checklist-item"
            data-item=id
            data-status=move || status_code(status())
            data-decided-by=move || decided_by().join(" ")
        >
            <details>
                <summary>
                    <span class="status" data-status=move || status_code(status())>{move || t().status(status())}</span>
                    <span class="title">{move || item.with(|i| i.as_ref().map(|i| i.title.get(state.lang.get()).to_owned()))}</span>
                </summary>
                <ul class="item-findings">{findings}</ul>
                <p class="decided-by" data-testid="decided-by" hidden=move || decided_by().is_empty()>
                    <Message text=Signal::derive(decided_by_text) />
                </p>
                <p class="item-note" hidden=move || note.with(String::is_empty)>
                    <Message text=note />
                </p>
                {decidable}
                <Show when=by_report>
                    <p>
                        <button type="button" class="link" data-testid="open-vulnerabilities" on:click=move |_| state.show_panel(Tab::Vulnerabilities)>
                            {move || plimsoll_core::table_words(state.lang.get()).open}
                        </button>
                    </p>
                </Show>
                <DocHtml name=plimsoll_core::docs::keys::guidance(id) lang=state.lang />
            </details>
        </li>
    }
}
