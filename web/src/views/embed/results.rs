//! The widget's results: the checklist (each item with the files that
//! decided it) and the findings of every file, each finding opening to its
//! rule's documentation (fetched when first opened).

use leptos::prelude::*;
use plimsoll_core::checklist::Status;
use plimsoll_core::docs::keys;
use plimsoll_core::rules::Rule;
use plimsoll_core::Lang;

use super::checked::Checked;
use super::options::EmbedOptions;
use super::texts;
use crate::i18n;
use crate::rule_docs;

#[component]
pub fn EmbedChecklist(
    checked: RwSignal<Checked>,
    options: StoredValue<EmbedOptions>,
    lang: Lang,
) -> impl IntoView {
    let ui = i18n::ui(lang);
    let rows = move || {
        checked.with(|checked| {
            checked
                .report
                .checklist
                .items
                .iter()
                .filter(|item| options.with_value(|o| o.shows_item(item.id)))
                .map(|item| {
                    let status = status_code(item.status);
                    // The files beside the Dockerfile that decided it (the
                    // Dockerfile decides nearly every item: not repeated).
                    let others: Vec<&str> = item
                        .decided_by
                        .iter()
                        .map(String::as_str)
                        .filter(|path| *path != checked.path)
                        .collect();
                    let decided_by = (!others.is_empty()).then(|| {
                        let files = others.join(", ");
                        view! { <span class="pl-embed-decided" data-testid="decided-by">{format!("{}: {files}", ui.decided_by)}</span> }
                    });
                    view! {
                        <li class="pl-embed-item" data-testid="checklist-item" data-item=item.id data-status=status
                            data-decided-by=item.decided_by.join(" ")>
                            <span class="pl-embed-status" data-status=status>{ui.status(item.status)}</span>
                            <span>
                                <crate::components::Message text=item.title.get(lang).to_owned() />
                                {decided_by}
                            </span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let score = move || checked.with(|checked| options.with_value(|o| o.score(&checked.report)));
    let no_verdict = move || {
        checked.with(|Checked { report, .. }| {
            let why = report.checklist.no_verdict.as_ref()?.get(lang).to_owned();
            Some(view! { <p class="pl-embed-no-verdict" data-testid="no-verdict"><crate::components::Message text=why /></p> })
        })
    };
    view! {
        <section class="pl-embed-checklist">
            <h2>{ui.checklist}" "<span class="pl-embed-score" data-testid="score" data-score=move || score().map(|s| s.to_string())>{move || crate::i18n::score_label(score())}</span></h2>
            {no_verdict}
            <ul>{rows}</ul>
        </section>
    }
}

#[component]
pub fn EmbedFindings(
    checked: RwSignal<Checked>,
    options: StoredValue<EmbedOptions>,
    lang: Lang,
    /// Goes to a UTF-16 offset of the file at a path.
    jump: impl Fn(&str, u32) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ui = i18n::ui(lang);
    let t = texts(lang);
    let open = options.with_value(|o| o.open.clone());
    let rows = move || {
        checked.with(|checked| {
            let mut opened = false;
            // With files beside the Dockerfile, each finding names its file.
            let several = !checked.companions.is_empty();
            checked
                .findings()
                .into_iter()
                .filter(|(_, finding)| options.with_value(|o| o.shows_rule(finding.rule)))
                .map(|(path, finding)| {
                    let is_open = !opened && open.as_deref() == Some(finding.rule);
                    opened |= is_open;
                    let line = finding.location.start.line;
                    let offset = finding.location.start.utf16_offset;
                    let place = super::place(t, several, path, line);
                    let file = path.to_owned();
                    // The docs are fetched when a finding is first opened
                    // (the page loads only what the widget shows).
                    let shown = RwSignal::new(is_open);
                    let rule = Rule::by_code(finding.rule);
                    let docs = move || {
                        let rule = rule.filter(|_| shown.get())?;
                        Some(match rule_docs::html(lang, &keys::rule(rule.code)) {
                            Ok(html) => html.to_owned(),
                            Err(pending) => format!("<p>{pending}</p>"),
                        })
                    };
                    view! {
                        <li class="pl-embed-finding" data-testid="finding" data-rule=finding.rule
                            data-path=path.to_owned() data-line=line data-severity=finding.severity.as_str()>
                            <details open=is_open on:toggle=move |_| shown.set(true)>
                                <summary>
                                    <span class="pl-embed-severity" data-severity=finding.severity.as_str()>
                                        {finding.severity.label().get(lang).to_owned()}
                                    </span>
                                    " "<code>{finding.rule}</code>" "{place.clone()}": "
                                    <crate::components::Message text=finding.message.get(lang).to_owned() />
                                </summary>
                                // Not in the summary: a button there would be
                                // a control inside a control.
                                <p class="pl-embed-go">
                                    <button type="button" class="link" data-testid="go-to" on:click=move |_| jump(&file, offset)>
                                        {t.go_to.replace("{place}", &place)}
                                    </button>
                                </p>
                                <div class="pl-embed-docs" aria-label=t.why inner_html=docs></div>
                            </details>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let count = move || {
        checked.with(|checked| {
            checked
                .findings()
                .iter()
                .filter(|(_, finding)| options.with_value(|o| o.shows_rule(finding.rule)))
                .count()
        })
    };
    // With a rule filter, "no findings" is about those rules only.
    let none = options.with_value(|o| {
        if o.rules.is_empty() {
            ui.no_findings.to_owned()
        } else {
            t.no_finding_of.replace("{rules}", &o.rules.join(", "))
        }
    });
    view! {
        <section class="pl-embed-findings">
            <h2>{ui.findings}" "<span data-testid="summary" data-findings=count>{move || format!("({})", count())}</span></h2>
            <p class="pl-embed-none" data-testid="no-findings" hidden=move || count() != 0>{none}</p>
            <ul>{rows}</ul>
        </section>
    }
}

fn status_code(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Warn => "warn",
        Status::Fail => "fail",
        Status::Manual => "manual",
    }
}
