//! The examples menu and the export menu (reports written by the project
//! worker, downloads made in the page).

use leptos::html;
use leptos::prelude::*;
use plimsoll_core::gallery;

use super::{texts, use_state};
use crate::browser;
use crate::checker::ExportFormat;
use crate::i18n::Ui;
use crate::state::Notice;

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

#[component]
pub fn ExportMenu() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let menu = NodeRef::<html::Details>::new();
    // The project worker writes the reports (the page has no exporter).
    let download = move |format: ExportFormat, label: &'static str| {
        view! {
            <li>
                <button
                    type="button"
                    data-testid=format!("export-{}", format.extension())
                    on:click=move |_| {
                        close(menu);
                        state.download_export(format);
                    }
                >
                    {label}
                </button>
            </li>
        }
    };
    let copy = move || {
        let copy = browser::copy_text_when_ready(move |ok| {
            if ok {
                state.notice.set(Some(Notice::Copied));
            }
        });
        state.export(ExportFormat::Markdown, copy);
    };
    // The editor's text with every safe fix applied, as `plimsoll fix` writes it.
    let fixed = move || {
        let settings = state
            .options
            .with_untracked(crate::share::Options::settings);
        crate::analysis::Analysis::fixed_text(&state.editor_text(), &settings).0
    };
    let copy_fixed = move || {
        browser::copy_text(fixed(), move |ok| {
            if ok {
                state.notice.set(Some(Notice::Copied));
            }
        });
    };
    let download_fixed = move || {
        // Not text/plain: browsers add ".txt" to a name without an extension.
        browser::download(&state.export_path(), "application/octet-stream", &fixed());
    };
    // A menu item that closes the menu and runs `run`.
    let action = move |testid: &'static str, label: fn(&Ui) -> &'static str, run: Box<dyn Fn()>| {
        view! {
            <li>
                <button type="button" data-testid=testid on:click=move |_| {
                    close(menu);
                    run();
                }>
                    {move || label(t())}
                </button>
            </li>
        }
    };
    view! {
        <details class="menu" node_ref=menu>
            <summary data-testid="export">{move || t().export}</summary>
            <ul class="menu-list">
                {download(ExportFormat::Markdown, "Markdown")}
                {download(ExportFormat::Json, "JSON")}
                {download(ExportFormat::Sarif, "SARIF")}
                {action("copy-markdown", |t| t.copy_markdown, Box::new(copy))}
                {action("copy-fixed", |t| t.copy_fixed, Box::new(copy_fixed))}
                {action("download-fixed", |t| t.download_fixed, Box::new(download_fixed))}
                <li>
                    <a class="menu-link" href="embedding.html" target="_blank" rel="noopener" data-testid="embedding-docs">
                        {move || t().embedding_docs}
                    </a>
                </li>
            </ul>
        </details>
    }
}
