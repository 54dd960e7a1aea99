//! The findings list: one row per finding (click to go to it in the
//! editor), its fix and "ignore here", and a card explaining it.

use leptos::prelude::*;

use plimsoll_core::Severity;

use super::card::FindingCard;
use super::checking::Checking;
use super::{texts, use_state, Message, OrderSelect};
use crate::analysis::{FindingKey, FindingOrder, ListedRow, MAX_CHECKED_BYTES};
use crate::state::Tab;

/// Rows rendered at first, and added by each "show more".
const FIRST_ROWS: usize = 200;

#[component]
pub fn Findings() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let count = move || state.with_shown(|a, _| a.findings.len());
    let listed = Memo::new(move |_| {
        let (order, only) = (state.order.get(), state.only_severity.get());
        let show_info = state.show_info.get();
        state
            .unfolded
            .with(|unfolded| state.with_shown(|a, _| a.listed(order, only, show_info, unfolded)))
    });
    // Huge pastes can have thousands of findings: render the first ones, more on request.
    let shown = RwSignal::new(FIRST_ROWS);
    let keys = move || {
        listed.with(|rows| {
            rows.iter()
                .take(shown.get())
                .map(|row| row.key)
                .collect::<Vec<_>>()
        })
    };
    let hidden_rows = move || listed.with(Vec::len).saturating_sub(shown.get());
    let has_errors = move || state.with_shown(|a, _| !a.errors.is_empty());
    let none_of_severity = move || count() > 0 && listed.with(Vec::is_empty);
    let no_safe_fix = move || state.with_shown(|a, _| a.safe_fixes().next().is_none());
    let blank = move || state.with_shown(|a, _| a.blank);
    let checking = move || state.checking.with(Option::is_some);
    let too_large = move || {
        let size = state.with_shown(|a, _| a.too_large)?;
        Some(
            t().too_large
                .replace("{size}", &crate::i18n::megabytes(size))
                .replace("{limit}", &crate::i18n::megabytes(MAX_CHECKED_BYTES)),
        )
    };
    let errors = move || {
        state.with_shown(|a, _| {
            a.errors
                .iter()
                .map(|e| view! { <li class="error" data-testid="error" data-line=e.line>{format!("{} {}:{} {}", t().line, e.line, e.column, e.message)}</li> })
                .collect_view()
        })
    };
    view! {
        <div class="panel-head">
            <h2
                class="pane-title"
                data-testid="summary"
                data-findings=count
                data-errors=move || state.with_shown(|a, _| a.errors.len())
            >
                {move || format!("{} ({})", t().findings, count())}
            </h2>
            <button type="button" data-testid="apply-all" disabled=no_safe_fix on:click=move |_| state.apply_all_safe_fixes()>
                {move || t().apply_all}
            </button>
        </div>
        <Checking />
        <p class="too-large" data-testid="too-large" hidden=move || too_large().is_none()>{too_large}</p>
        <p class="empty" hidden=move || !blank() || checking()>{move || t().empty_state}</p>
        <p class="empty" data-testid="no-findings" hidden=move || blank() || (count() > 0) || has_errors() || checking() || too_large().is_some()>{move || t().no_findings}</p>
        <ul class="errors" data-testid="errors" aria-label=move || t().errors>{errors}</ul>
        <SeverityBar />
        <p class="empty" data-testid="none-of-severity" hidden=move || !none_of_severity()>{move || t().none_of_severity}</p>
        <ol class="findings" data-testid="findings">
            <For each=keys key=|key| *key let:key>
                <FindingRow key listed />
            </For>
        </ol>
        <Show when=move || hidden_rows() != 0>
            <button type="button" data-testid="show-more" on:click=move |_| shown.update(|n| *n += FIRST_ROWS)>
                {move || format!("{} (+{})", t().show_more, hidden_rows())}
            </button>
        </Show>
        <FoldedInfo />
        <IgnoredList />
    }
}

/// How many info findings the list folds away, and a button that shows
/// them (or folds them away again).
#[component]
fn FoldedInfo() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let folded = move || state.with_shown(|a, _| a.report.folded_info());
    let hidden = move || folded() == 0 || state.only_severity.get() == Some(Severity::Info);
    let said = move || {
        if state.show_info.get() {
            t().info_shown.to_owned()
        } else {
            t().info_folded.replace("{count}", &folded().to_string())
        }
    };
    view! {
        <p class="folded-info" data-testid="folded-info" data-count=folded hidden=hidden>
            {said}
            " "
            <button
                type="button"
                data-testid="show-info"
                aria-pressed=move || state.show_info.get().to_string()
                on:click=move |_| state.show_info.update(|show| *show = !*show)
            >
                {move || if state.show_info.get() { t().fold_info } else { t().show_info }}
            </button>
        </p>
    }
}

/// A count per severity, each a toggle that lists only that severity, and
/// the order of the list.
#[component]
fn SeverityBar() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let counts = Memo::new(move |_| state.with_shown(|a, _| a.severity_counts()));
    // A severity whose last finding went away shows everything again.
    Effect::new(move |_| {
        let present = counts.with(|counts| {
            state
                .only_severity
                .get_untracked()
                .is_none_or(|only| counts.iter().any(|(severity, _)| *severity == only))
        });
        if !present {
            state.only_severity.set(None);
        }
    });
    let toggle = move |severity: Option<Severity>| {
        view! {
            <button
                type="button"
                data-testid="severity-count"
                data-severity=severity.map_or("all", Severity::as_str)
                aria-pressed=move || (state.only_severity.get() == severity).to_string()
                on:click=move |_| state.only_severity.set(severity)
            >
                {move || {
                    let lang = state.lang.get();
                    match severity {
                        None => format!("{} {}", t().all_severities, state.with_shown(|a, _| a.findings.len())),
                        Some(severity) => {
                            let count = counts.with(|c| c.iter().find(|(s, _)| *s == severity).map_or(0, |(_, n)| *n));
                            format!("{} {count}", severity.label().get(lang))
                        }
                    }
                }}
            </button>
        }
    };
    view! {
        <div class="severity-bar" hidden=move || counts.with(Vec::is_empty)>
            <div class="severity-counts" role="group" aria-label=move || t().severity_filter>
                {toggle(None)}
                {move || counts.get().into_iter().map(|(severity, _)| toggle(Some(severity))).collect_view()}
            </div>
            <OrderSelect
                label=Signal::derive(move || t().sort_findings)
                testid="finding-order"
                options=FindingOrder::ALL
                    .map(|order| {
                        let label = move || match order {
                            FindingOrder::Line => t().by_line,
                            FindingOrder::Severity => t().by_severity,
                        };
                        (order.code(), Signal::derive(label))
                    })
                    .to_vec()
                chosen=Signal::derive(move || state.order.get().code())
                pick=move |code: String| {
                    if let Some(order) = FindingOrder::parse(&code) {
                        state.order.set(order);
                    }
                }
            />
        </div>
    }
}

/// The findings that suppression comments silence, with their reasons.
#[component]
fn IgnoredList() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let rows = move || {
        let lang = state.lang.get();
        state.with_shown(|a, _| {
            a.ignored
                .iter()
                .map(|ignored| {
                    let reason = ignored.reason.clone().unwrap_or_else(|| t().no_reason.to_owned());
                    let message = ignored.message.get(lang).to_owned();
                    view! {
                        <li data-testid="ignored-finding" data-rule=ignored.rule data-line=ignored.line>
                            <span class="rule">{ignored.rule}</span>
                            " "
                            <span class="where">{format!("{} {}", t().line, ignored.line)}</span>
                            " "
                            <span class="message"><Message text=message /></span>
                            <span class="reason" data-testid="ignored-reason">{reason}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let count = move || state.with_shown(|a, _| a.ignored.len());
    view! {
        <details class="ignored" data-testid="ignored" hidden=move || count() == 0>
            <summary>{move || format!("{} ({})", t().ignored, count())}</summary>
            <ul>{rows}</ul>
        </details>
    }
}

/// Where the same rule's other findings are, folded under this one, and a
/// button that lists them under it (or folds them again).
#[component]
fn RepeatsNote(key: FindingKey, listed: Memo<Vec<ListedRow>>) -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    // The row's folded repeats: how many, listed or not, and where.
    let repeats = move || {
        let lang = state.lang.get();
        listed.with(|rows| {
            let repeats = rows.iter().find(|row| row.key == key)?.repeats.as_ref()?;
            Some((
                repeats.count,
                repeats.open,
                repeats.note.get(lang).to_owned(),
            ))
        })
    };
    let open = move || repeats().is_some_and(|(_, open, _)| open);
    let toggle = move |_| {
        state.unfolded.update(|unfolded| {
            if let Some(at) = unfolded.iter().position(|k| *k == key) {
                unfolded.remove(at);
            } else {
                unfolded.push(key);
            }
        });
    };
    view! {
        <p class="repeats" data-testid="repeats" hidden=move || repeats().is_none() data-count=move || repeats().map(|(count, _, _)| count)>
            <Message text=Signal::derive(move || repeats().map(|(_, _, note)| note).unwrap_or_default()) />
            " "
            <button type="button" data-testid="unfold" aria-expanded=move || open().to_string() on:click=toggle>
                {move || if open() { t().fold_repeats } else { t().unfold_repeats }}
            </button>
        </p>
    }
}

#[component]
fn FindingRow(key: FindingKey, listed: Memo<Vec<ListedRow>>) -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let finding = Memo::new(move |_| state.with_shown(|a, _| a.finding(key).cloned()));
    let field = move |read: fn(&crate::analysis::FindingView) -> String| {
        move || finding.with(|f| f.as_ref().map(read))
    };
    let open = RwSignal::new(false);
    let label = move || {
        let lang = state.lang.get();
        finding.with(|f| {
            f.as_ref().map(|f| {
                let stage = f.stage.map(|s| {
                    format!(
                        " · {} {}",
                        t().stage,
                        state.with_shown(|a, _| a.stage_label(s))
                    )
                });
                (
                    f.severity.label().get(lang).to_owned(),
                    format!(
                        "{} {}:{}{}",
                        t().line,
                        f.line,
                        f.column,
                        stage.unwrap_or_default()
                    ),
                    f.message.get(lang).to_owned(),
                )
            })
        })
    };
    let go = move |_| {
        state.jump_to(key);
        state.tab.set(Tab::Editor);
    };
    view! {
        <li
            class=move || if listed.with(|rows| rows.iter().any(|row| row.key == key && row.under.is_some())) { "finding repeat" } else { "finding" }
            data-testid="finding"
            data-path=move || state.shown_path()
            data-rule=key.rule
            data-line=field(|f| f.line.to_string())
            data-severity=field(|f| f.severity.as_str().to_owned())
        >
            <button type="button" class="finding-jump" on:click=go>
                <span class="severity" data-severity=field(|f| f.severity.as_str().to_owned())>
                    {move || label().map(|l| l.0)}
                </span>
                <span class="rule">{key.rule}</span>
                <span class="where">{move || label().map(|l| l.1)}</span>
                <span class="message">
                    <Message text=Signal::derive(move || label().map(|l| l.2).unwrap_or_default()) />
                </span>
            </button>
            <RepeatsNote key listed />
            <FixActions key />
            <details class="card" on:toggle=move |e| open.set(event_target::<web_sys::HtmlDetailsElement>(&e).open())>
                <summary>{move || t().details}</summary>
                <Show when=move || open.get()>
                    <FindingCard key />
                </Show>
            </details>
        </li>
    }
}

/// "Apply fix" (when there is one) and "ignore here" with its reason.
#[component]
fn FixActions(key: FindingKey) -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let fix = Memo::new(move |_| {
        let lang = state.lang.get();
        state.with_shown(|a, _| {
            let fix = a.finding(key)?.fix.as_ref()?;
            let safety = plimsoll_core::export::catalog::safety_label(fix.safety, lang);
            Some((
                fix.is_applicable(),
                format!("{safety}: {}", fix.description.get(lang)),
            ))
        })
    });
    let asking = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let ignore_button = NodeRef::<leptos::html::Button>::new();
    // Closing the form gives the focus back to the button that opened it.
    let cancel = move || {
        asking.set(false);
        // Once the button is shown again.
        set_timeout(
            move || {
                if let Some(button) = ignore_button.get_untracked() {
                    let _ = button.focus();
                }
            },
            std::time::Duration::ZERO,
        );
    };
    let confirm = move || {
        state.ignore(key, &reason.get_untracked());
        asking.set(false);
        reason.set(String::new());
    };
    view! {
        <div class="fix-actions">
            <span class="fix-text">
                <Message text=Signal::derive(move || fix.get().map(|f| f.1).unwrap_or_default()) />
            </span>
            <Show when=move || fix.get().is_some_and(|f| f.0)>
                <button type="button" data-testid="apply-fix" on:click=move |_| state.apply_fix(key)>
                    {move || t().apply_fix}
                </button>
            </Show>
            <button type="button" data-testid="ignore" node_ref=ignore_button hidden=move || asking.get() || !state.shown_file_takes_suppressions() on:click=move |_| asking.set(true)>
                {move || t().ignore_here}
            </button>
        </div>
        <Show when=move || asking.get()>
            <form class="ignore-form" on:submit=move |e| { e.prevent_default(); confirm(); }>
                <label>
                    {move || t().ignore_reason}
                    <input
                        type="text"
                        data-testid="ignore-reason"
                        bind:value=reason
                        autofocus
                        on:keydown=move |e| if e.key() == "Escape" { cancel() }
                    />
                </label>
                <button type="submit" data-testid="ignore-confirm">{move || t().ignore_confirm}</button>
                <button type="button" on:click=move |_| cancel()>{move || t().cancel}</button>
            </form>
        </Show>
    }
}
