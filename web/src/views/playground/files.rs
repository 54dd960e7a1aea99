//! The project's files as tabs above the editor: the Dockerfile first, then
//! the files beside it, each with its finding count; add a file by kind,
//! rename or remove the one in the editor.

use leptos::prelude::*;
use plimsoll_core::project::FileKind;

use super::{texts, use_state, Message};
use crate::project::{NameError, ADDABLE};

pub fn kind_code(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Dockerfile => "dockerfile",
        FileKind::Dockerignore => "dockerignore",
        FileKind::Compose => "compose",
        FileKind::Kubernetes => "kubernetes",
        FileKind::Workflow => "workflow",
        FileKind::ScanReport => "scan-report",
        FileKind::Other => "other",
    }
}

#[component]
pub fn FileTabs() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let paths = move || {
        state
            .companions
            .with(|c| c.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>())
    };
    let add = move |event| {
        let code = event_target_value(&event);
        if let Some(kind) = ADDABLE.into_iter().find(|kind| kind_code(*kind) == code) {
            state.add_file(kind);
        }
        event_target::<web_sys::HtmlSelectElement>(&event).set_value("");
    };
    let dockerfile_count = move || state.analysis.with(|a| a.findings.len());
    view! {
        <div class="file-tabs" role="group" aria-label=move || t().project_files>
            <button
                type="button"
                class="file-tab"
                data-testid="file-tab"
                data-path=move || crate::project::dockerfile_path(state.file_name.get().as_deref())
                data-kind="dockerfile"
                aria-pressed=move || state.active.with(Option::is_none).to_string()
                on:click=move |_| state.show_file(None)
            >
                {move || crate::project::dockerfile_path(state.file_name.get().as_deref())}
                <span class="file-count">{dockerfile_count}</span>
            </button>
            <For each=paths key=|path| path.clone() let:path>
                <CompanionTab path />
            </For>
            <select class="add-file" data-testid="add-file" aria-label=move || t().add_file on:change=add>
                <option value="" selected>{move || t().add_file}</option>
                {ADDABLE
                    .map(|kind| {
                        view! { <option value=kind_code(kind)>{move || crate::i18n::kind_name(kind, state.lang.get())}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
        <FileActions />
    }
}

#[component]
fn CompanionTab(path: String) -> impl IntoView {
    let state = use_state();
    let kind = {
        let path = path.clone();
        move || state.kind_of(&path)
    };
    let count = {
        let path = path.clone();
        Memo::new(move |_| {
            state.analysis.with(|a| {
                a.companion(&path)
                    .map(|c| c.analysis.findings.len() + c.analysis.errors.len())
            })
        })
    };
    let active = {
        let path = path.clone();
        move || {
            state
                .active
                .with(|active| active.as_deref() == Some(path.as_str()))
        }
    };
    let open = {
        let path = path.clone();
        move |_| state.show_file(Some(path.clone()))
    };
    view! {
        <button
            type="button"
            class="file-tab"
            data-testid="file-tab"
            data-path=path.clone()
            data-kind=move || kind_code(kind())
            aria-pressed=move || active().to_string()
            on:click=open
        >
            {path.clone()}
            <span class="file-count" hidden=move || count.with(Option::is_none)>{move || count.get()}</span>
        </button>
    }
}

/// Rename and remove for the file in the editor (not the Dockerfile).
#[component]
fn FileActions() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let renaming = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<NameError>);
    let start = move |_| {
        name.set(state.active.get_untracked().unwrap_or_default());
        error.set(None);
        renaming.set(true);
    };
    let confirm = move || {
        let Some(path) = state.active.get_untracked() else {
            return;
        };
        match state.rename_file(&path, &name.get_untracked()) {
            Ok(()) => renaming.set(false),
            Err(why) => error.set(Some(why)),
        }
    };
    let remove = move |_| {
        if let Some(path) = state.active.get_untracked() {
            state.remove_file(&path);
        }
    };
    let message = Signal::derive(move || {
        let ui = t();
        match error.get() {
            Some(NameError::Empty) => ui.name_empty,
            Some(NameError::NotRelative) => ui.name_not_relative,
            Some(NameError::Taken) => ui.name_taken,
            None => "",
        }
        .to_owned()
    });
    // Another file in the editor: the form is for the one it was opened on.
    Effect::new(move |_| {
        state.active.track();
        renaming.set(false);
    });
    view! {
        <div class="file-actions" hidden=move || state.active.with(Option::is_none)>
            <Show
                when=move || renaming.get()
                fallback=move || {
                    view! {
                        <button type="button" data-testid="rename-file" on:click=start>{move || t().rename_file}</button>
                        <button type="button" data-testid="remove-file" on:click=remove>{move || t().remove_file}</button>
                    }
                }
            >
                <form class="rename-form" on:submit=move |e| { e.prevent_default(); confirm(); }>
                    <label>
                        {move || t().rename_to}
                        " "
                        <input
                            type="text"
                            data-testid="file-name"
                            bind:value=name
                            autofocus
                            on:keydown=move |e| if e.key() == "Escape" { renaming.set(false) }
                        />
                    </label>
                    <button type="submit" data-testid="rename-confirm">{move || t().rename_file}</button>
                    <button type="button" on:click=move |_| renaming.set(false)>{move || t().cancel}</button>
                    <p class="name-error" data-testid="name-error" role="alert" hidden=move || error.get().is_none()>
                        <Message text=message />
                    </p>
                </form>
            </Show>
        </div>
    }
}
