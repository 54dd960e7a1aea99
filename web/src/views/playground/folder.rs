//! A project folder given to the page: dropped anywhere on the playground,
//! or chosen with "Choose folder" (the File System Access API's picker where
//! the browser has it, `<input webkitdirectory>` otherwise); and the notice
//! that says exactly what the page took from it.

use leptos::prelude::*;

use super::files::kind_code;
use super::{texts, use_state, Message};
use crate::folder::{Folder, FolderSummary, MAX_NAMES};
use crate::folder_walk;
use crate::state::{AppState, Notice};

/// Reads a folder (`reading` walks it) and opens it once read.
fn read_folder(
    state: AppState,
    reading: impl std::future::Future<Output = Option<Folder>> + 'static,
) {
    state.notice.set(Some(Notice::ReadingFolder));
    leptos::task::spawn_local(async move {
        match reading.await {
            Some(folder) => state.open_folder(folder),
            None => state.notice.set(None),
        }
    });
}

/// Dropped on the playground: a folder is read as a project; a single file
/// is opened as the Dockerfile.
pub fn dropped(state: AppState, event: &leptos::ev::DragEvent) {
    let Some(transfer) = event.data_transfer() else {
        return;
    };
    if let Some(entries) = folder_walk::dropped_entries(&transfer) {
        event.prevent_default();
        read_folder(state, async move {
            Some(folder_walk::read_dropped(entries).await)
        });
        return;
    }
    if let Some(file) = transfer.files().and_then(|files| files.get(0)) {
        event.prevent_default();
        state.open_file(file);
    }
}

/// Lets files be dropped (the browser would open them itself otherwise).
pub fn dragged_over(event: &leptos::ev::DragEvent) {
    let has_files = event
        .data_transfer()
        .is_some_and(|transfer| transfer.types().includes(&"Files".into(), 0));
    if has_files {
        event.prevent_default();
    }
}

/// "Choose folder": the browser's folder picker, or the folder input.
#[component]
pub fn ChooseFolder() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let input = NodeRef::<leptos::html::Input>::new();
    let choose = move |_| {
        if folder_walk::can_pick() {
            read_folder(state, folder_walk::pick_and_read());
        } else if let Some(input) = input.get_untracked() {
            input.click();
        }
    };
    let chosen = move |event: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&event);
        // Taken out of the input now: clearing it empties its list.
        let files: Vec<web_sys::File> = input
            .files()
            .map(|files| (0..files.length()).filter_map(|i| files.get(i)).collect())
            .unwrap_or_default();
        if !files.is_empty() {
            read_folder(
                state,
                async move { Some(folder_walk::read_listed(files).await) },
            );
        }
        // The same folder can be chosen again.
        input.set_value("");
    };
    view! {
        <button type="button" class="open-file" data-testid="choose-folder" title=move || t().choose_folder_hint on:click=choose>
            {move || t().choose_folder}
        </button>
        <input
            type="file"
            class="visually-hidden"
            tabindex="-1"
            aria-hidden="true"
            data-testid="folder-input"
            prop:webkitdirectory=true
            multiple
            node_ref=input
            on:change=chosen
        />
    }
}

/// `{count}` in `text`, with thousands separated (`50,012`).
fn counted(text: &str, count: usize) -> String {
    let digits = count.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    text.replace("{count}", &grouped)
}

/// What the page took from a folder: the files read, by path; how many are
/// known by name only; the folders and files it left alone. Drawn again
/// when the language changes.
#[component]
pub fn FolderNotice(summary: FolderSummary) -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let lang = state.lang.get();
    let ui = t();
    let headline = if summary.read.is_empty() {
        ui.folder_nothing.to_owned()
    } else {
        counted(ui.folder_read, summary.read.len())
    }
    .replace("{folder}", &summary.folder);
    let editor = match &summary.dockerfile {
        Some(path) => ui.folder_dockerfile.replace("{path}", path),
        None => ui.folder_no_dockerfile.to_owned(),
    };
    let read = summary
        .read
        .iter()
        .map(|(path, kind)| {
            // The kind, unless the name already says it (`Dockerfile`).
            let name = crate::i18n::kind_name(*kind, lang);
            let said = path
                .rsplit('/')
                .next()
                .is_some_and(|base| base.eq_ignore_ascii_case(name));
            view! {
                <li data-testid="folder-read" data-path=path.clone() data-kind=kind_code(*kind)>
                    <code>{path.clone()}</code>
                    " "
                    <span class="folder-kind" hidden=said>{name}</span>
                </li>
            }
        })
        .collect_view();
    let skipped = summary
        .skipped_dirs
        .iter()
        .map(|dir| {
            let inside = dir.files.map_or(ui.folder_not_opened.to_owned(), |files| {
                counted(ui.folder_files_inside, files)
            });
            view! {
                <li data-testid="folder-skipped" data-path=dir.path.clone() data-files=dir.files.map(|files| files.to_string())>
                    <code>{format!("{}/", dir.path)}</code>
                    " "
                    {inside}
                </li>
            }
        })
        .collect_view();
    // A heading and its list, when there is something to list.
    let section = |heading: &'static str, paths: &[String], testid: &'static str| {
        (!paths.is_empty()).then(|| {
            let items = paths
                .iter()
                .map(|path| view! { <li data-testid=testid data-path=path.clone()><code>{path.clone()}</code></li> })
                .collect_view();
            view! {
                <p>{heading}</p>
                <ul class="folder-files">{items}</ul>
            }
        })
    };
    let too_large = section(ui.folder_too_large, &summary.too_large, "folder-too-large");
    let unreadable = section(
        ui.folder_unreadable,
        &summary.unreadable,
        "folder-unreadable",
    );
    let skipped = (!summary.skipped_dirs.is_empty()).then(|| {
        view! {
            <p>{ui.folder_skipped}</p>
            <ul class="folder-files">{skipped}</ul>
        }
    });
    let context_dropped = summary
        .context_dropped
        .then(|| view! { <p>{counted(ui.folder_context_dropped, MAX_NAMES)}</p> });
    view! {
        <div class="notice folder-notice" data-testid="notice" data-kind="folder">
            <div class="folder-report" data-testid="folder-notice" data-names-only=summary.names_only>
                <p>
                    <strong>{headline}</strong>
                    " "
                    <Message text=editor />
                    " "
                    {ui.folder_nothing_sent}
                </p>
                <ul class="folder-files">{read}</ul>
                <p data-testid="folder-names">{counted(ui.folder_names_only, summary.names_only)}</p>
                {skipped}
                {too_large}
                {unreadable}
                {context_dropped}
            </div>
            {summary.draft_kept.then(|| view! {
                <button type="button" data-testid="restore-draft" on:click=move |_| state.restore_draft()>{ui.restore_draft}</button>
            })}
            <button type="button" class="link" on:click=move |_| state.notice.set(None)>{ui.close}</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(super::counted("{count} files", 50_012), "50,012 files");
        assert_eq!(super::counted("{count}", 999), "999");
        assert_eq!(super::counted("{count}", 1_000_000), "1,000,000");
    }
}
