//! The scan report's vulnerable packages as a table: severity, package,
//! installed and fixed version, the Dockerfile line it comes from (a
//! button that opens it) and its vulnerabilities; filtered by severity and
//! fixability, in an order ([`crate::vulnerabilities::PackageFilter`]).

use leptos::prelude::*;
use plimsoll_core::table_words;

use super::{use_state, Message, OrderSelect};
use crate::vulnerabilities::{PackageFilter, PackageOrder};

/// Vulnerability ids shown in a row; the rest are counted.
const SHOWN_IDS: usize = 3;

#[component]
pub fn Vulnerabilities() -> impl IntoView {
    let state = use_state();
    let words = move || table_words(state.lang.get());
    let filter = RwSignal::new(PackageFilter::default());
    let with_summary = move |read: &dyn Fn(&plimsoll_core::VulnerabilitySummary) -> String| {
        state.analysis.with(|a| {
            a.report
                .vulnerabilities
                .as_ref()
                .map(read)
                .unwrap_or_default()
        })
    };
    let levels = Memo::new(move |_| {
        state.analysis.with(|a| {
            a.report
                .vulnerabilities
                .as_ref()
                .map(PackageFilter::levels)
                .unwrap_or_default()
        })
    });
    // A severity whose last package went away shows every package again.
    Effect::new(move |_| {
        let kept = state.analysis.with(|a| {
            a.report
                .vulnerabilities
                .as_ref()
                .map(|s| filter.get_untracked().still_shown(s))
        });
        if let Some(kept) = kept.filter(|kept| *kept != filter.get_untracked()) {
            filter.set(kept);
        }
    });
    let listed = Memo::new(move |_| {
        let filter = filter.get();
        state.analysis.with(|a| {
            a.report
                .vulnerabilities
                .as_ref()
                .map(|s| filter.rows(s))
                .unwrap_or_default()
        })
    });
    let rows = move || {
        let lang = state.lang.get();
        state.analysis.with(|a| {
            let Some(summary) = a.report.vulnerabilities.as_ref() else {
                return Vec::new();
            };
            listed
                .get()
                .into_iter()
                .map(|at| {
                    let package = &summary.packages[at];
                    let mut ids = package.ids.iter().take(SHOWN_IDS).cloned().collect::<Vec<_>>().join(" ");
                    if package.ids.len() > SHOWN_IDS {
                        ids.push_str(&format!(" +{}", package.ids.len() - SHOWN_IDS));
                    }
                    let from = match package.line {
                        Some(line) => {
                            let origin = package.origin.get(lang).trim_matches(['(', ')', '（', '）']).to_owned();
                            view! {
                                <button type="button" class="link" data-testid="vulnerability-line" data-line=line on:click=move |_| state.jump_to_dockerfile_line(line)>
                                    <Message text=origin />
                                </button>
                            }
                            .into_any()
                        }
                        None => table_words(lang).unknown_origin.into_any(),
                    };
                    view! {
                        <tr data-testid="vulnerability-row" data-severity=package.severity() data-fixable=package.fixed.is_some().to_string()>
                            <td><span class="severity" data-severity=package.severity()>{package.level.as_str()}</span></td>
                            <td class="package">{package.package.clone()}</td>
                            <td class="version">{package.installed.clone()}</td>
                            <td class="version">{package.fixed.clone().unwrap_or_else(|| table_words(lang).no_fix.to_owned())}</td>
                            <td>{from}</td>
                            <td class="ids">{ids}</td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    let none_shown = move || listed.with(Vec::is_empty);
    let level_button = move |level: Option<plimsoll_core::companion::workflow::Level>| {
        let label = move || match level {
            None => format!(
                "{} {}",
                words().all,
                state.analysis.with(|a| a
                    .report
                    .vulnerabilities
                    .as_ref()
                    .map_or(0, |s| s.packages.len()))
            ),
            Some(level) => format!(
                "{} {}",
                level.as_str(),
                levels.with(|l| l.iter().find(|(l, _)| *l == level).map_or(0, |(_, n)| *n))
            ),
        };
        view! {
            <button
                type="button"
                data-testid="vulnerability-severity"
                data-severity=level.map_or("all", |level| level.as_str()).to_lowercase()
                aria-pressed=move || (filter.get().only == level).to_string()
                on:click=move |_| filter.update(|f| f.only = level)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="vulnerabilities" data-testid="vulnerabilities">
            <h2 class="pane-title">{move || words().title}</h2>
            <p class="vulnerability-headline">{move || with_summary(&|s| s.headline(state.lang.get()))}</p>
            <div class="severity-bar">
                <div class="severity-counts" role="group" aria-label=move || words().severity_filter>
                    {level_button(None)}
                    {move || levels.get().into_iter().map(|(level, _)| level_button(Some(level))).collect_view()}
                </div>
                <label class="fixable">
                    <input type="checkbox" data-testid="fixable-only" prop:checked=move || filter.get().fixable_only on:change=move |e| filter.update(|f| f.fixable_only = event_target_checked(&e)) />
                    " "
                    {move || words().fixable_only}
                </label>
                <OrderSelect
                    label=Signal::derive(move || words().order)
                    testid="vulnerability-order"
                    options=PackageOrder::ALL
                        .map(|order| {
                            let label = move || match order {
                                PackageOrder::UpgradeFirst => words().by_severity,
                                PackageOrder::Line => words().by_line,
                                PackageOrder::Package => words().by_package,
                            };
                            (order.code(), Signal::derive(label))
                        })
                        .to_vec()
                    chosen=Signal::derive(move || filter.get().order.code())
                    pick=move |code: String| {
                        if let Some(order) = PackageOrder::parse(&code) {
                            filter.update(|f| f.order = order);
                        }
                    }
                />
            </div>
            <p class="empty" data-testid="no-vulnerability-shown" hidden=move || !none_shown()>{move || words().none_shown}</p>
            <div class="table-scroll" hidden=none_shown tabindex="0" role="region" aria-label=move || words().title>
                <table class="vulnerability-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || words().severity}</th>
                            <th scope="col">{move || words().package}</th>
                            <th scope="col">{move || words().installed}</th>
                            <th scope="col">{move || words().fixed}</th>
                            <th scope="col">{move || words().from}</th>
                            <th scope="col">{move || words().ids}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
}
