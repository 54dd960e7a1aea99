//! The page: a header, the editor, and the results of the last check.
//!
//! Everything typed by users reaches the DOM only as text nodes and attribute
//! values (Leptos escapes both); nothing here sets `inner_html`.

use leptos::prelude::*;

use crate::results::{CheckResults, ErrorRow, FindingRow, RECHECK_DELAY};

#[component]
pub fn App() -> impl IntoView {
    // The text the last check ran on; the textarea itself is not controlled,
    // so typing stays fast and only the debounced value reaches the core.
    let checked_text = RwSignal::new(String::new());
    let results = Memo::new(move |_| checked_text.with(|text| CheckResults::check(text)));

    view! {
        <header class="masthead">
            <h1>"Plimsoll"</h1>
            <p class="tagline">"A security checklist for Dockerfiles. Your text never leaves this page."</p>
        </header>
        <main class="workspace">
            <Editor on_change=move |text| checked_text.set(text) />
            <Results results=results />
        </main>
    }
}

#[component]
fn Editor(on_change: impl Fn(String) + 'static) -> impl IntoView {
    let mut recheck = leptos::leptos_dom::helpers::debounce(RECHECK_DELAY, on_change);
    view! {
        <section class="editor-pane">
            <label for="editor">"Dockerfile"</label>
            <textarea
                id="editor"
                data-testid="editor"
                spellcheck="false"
                autocomplete="off"
                placeholder="FROM debian:12-slim"
                on:input=move |event| recheck(event_target_value(&event))
            ></textarea>
        </section>
    }
}

#[component]
fn Results(results: Memo<CheckResults>) -> impl IntoView {
    view! {
        <section class="results-pane" aria-live="polite">
            <h2 data-testid="summary"
                data-findings=move || results.with(|r| r.findings.len())
                data-errors=move || results.with(|r| r.errors.len())
            >
                {move || results.with(CheckResults::summary)}
            </h2>
            <ul class="errors" data-testid="errors">
                {move || results.with(|r| r.errors.iter().cloned().map(error_item).collect_view())}
            </ul>
            <ul class="findings" data-testid="findings">
                {move || results.with(|r| r.findings.iter().cloned().map(finding_item).collect_view())}
            </ul>
        </section>
    }
}

fn finding_item(row: FindingRow) -> impl IntoView {
    let label = row.label();
    let rule = row.rule.clone();
    view! {
        <li
            class="finding"
            data-testid="finding"
            data-rule=rule
            data-line=row.line
            data-column=row.column
            data-severity=row.severity
        >
            <span class="severity">{row.severity}</span>
            <span class="rule">{row.rule}</span>
            <span class="text">{label}</span>
        </li>
    }
}

fn error_item(row: ErrorRow) -> impl IntoView {
    view! {
        <li class="error" data-testid="error" data-line=row.line data-column=row.column>
            {row.label()}
        </li>
    }
}
