//! The examples menu and the export menu (downloads made in the page).

use leptos::html;
use leptos::prelude::*;
use plimsoll_core::export::{json, markdown, sarif, FileReport};
use plimsoll_core::gallery;

use super::{texts, use_state};
use crate::browser;
use crate::rule_docs;
use crate::state::{AppState, Notice};

fn close(menu: NodeRef<html::Details>) {
    if let Some(menu) = menu.get_untracked() {
        menu.set_open(false);
    }
}

#[component]
pub fn ExamplesMenu() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let menu = NodeRef::<html::Details>::new();
    let item = move |example: &'static gallery::GalleryExample| {
        let lang = move || state.lang.get();
        view! {
            <li>
                <button
                    type="button"
                    data-testid="example"
                    data-example=example.id
                    on:click=move |_| {
                        close(menu);
                        state.open_example(example);
                    }
                >
                    <strong>{move || example.title().get(lang()).to_owned()}</strong>
                    <small>{move || example.description().get(lang()).to_owned()}</small>
                </button>
            </li>
        }
    };
    view! {
        <details class="menu" node_ref=menu>
            <summary data-testid="examples">{move || t().examples}</summary>
            <ul class="menu-list examples">{gallery::examples().iter().map(item).collect_view()}</ul>
        </details>
    }
}

/// The report in one format, in the current language, as the CLI writes it.
fn export(state: AppState, format: &str) -> String {
    let lang = state.lang.get_untracked();
    let source = state.source.get_untracked();
    let path = state.export_path();
    state.analysis.with_untracked(|a| {
        let files = [FileReport {
            path: &path,
            source: &source,
            report: &a.report,
        }];
        match format {
            "json" => serde_json::to_string_pretty(&json::output(&files, lang)).unwrap_or_default(),
            "sarif" => {
                // The page serves the rule pages it links (`?rule=PL101`).
                let app = crate::browser::page_url("", "");
                serde_json::to_string_pretty(&sarif::log(&files, lang, Some(&app)))
                    .unwrap_or_default()
            }
            _ => markdown::render(&files, lang),
        }
    })
}

#[component]
pub fn ExportMenu() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let menu = NodeRef::<html::Details>::new();
    let download = move |format: &'static str, mime: &'static str, label: &'static str| {
        view! {
            <li>
                <button
                    type="button"
                    data-testid=format!("export-{format}")
                    on:click=move |_| {
                        close(menu);
                        leptos::task::spawn_local(async move {
                            // SARIF carries each rule's help text, fetched on first use.
                            if format == "sarif" {
                                rule_docs::ready(state.lang.get_untracked()).await;
                            }
                            browser::download(&format!("{}.plimsoll.{format}", state.export_path()), mime, &export(state, format));
                        });
                    }
                >
                    {label}
                </button>
            </li>
        }
    };
    let copy = move |_| {
        close(menu);
        browser::copy_text(export(state, "md"), move |ok| {
            if ok {
                state.notice.set(Some(Notice::Copied));
            }
        });
    };
    // The editor's text with every safe fix applied, as `plimsoll fix` writes it.
    let fixed = move || {
        let settings = state
            .options
            .with_untracked(crate::share::Options::settings);
        crate::analysis::Analysis::fixed_text(&state.editor_text(), &settings).0
    };
    let copy_fixed = move |_| {
        close(menu);
        browser::copy_text(fixed(), move |ok| {
            if ok {
                state.notice.set(Some(Notice::Copied));
            }
        });
    };
    let download_fixed = move |_| {
        close(menu);
        // Not text/plain: browsers add ".txt" to a name without an extension.
        browser::download(&state.export_path(), "application/octet-stream", &fixed());
    };
    view! {
        <details class="menu" node_ref=menu>
            <summary data-testid="export">{move || t().export}</summary>
            <ul class="menu-list">
                {download("md", "text/markdown", "Markdown")}
                {download("json", "application/json", "JSON")}
                {download("sarif", "application/sarif+json", "SARIF")}
                <li>
                    <button type="button" data-testid="copy-markdown" on:click=copy>
                        {move || t().copy_markdown}
                    </button>
                </li>
                <li>
                    <button type="button" data-testid="copy-fixed" on:click=copy_fixed>
                        {move || t().copy_fixed}
                    </button>
                </li>
                <li>
                    <button type="button" data-testid="download-fixed" on:click=download_fixed>
                        {move || t().download_fixed}
                    </button>
                </li>
                <li>
                    <a class="menu-link" href="embedding.html" target="_blank" rel="noopener" data-testid="embedding-docs">
                        {move || t().embedding_docs}
                    </a>
                </li>
            </ul>
        </details>
    }
}
