//! The status line: share links, broken links, fixes applied, what was
//! read from a folder.

use leptos::prelude::*;

use super::folder::FolderNotice;
use super::{texts, use_state};
use crate::checker::ExportFormat;
use crate::state::Notice;

/// The sentences whose flag is set, in order, as one text.
fn said_together(said: &[(bool, &str)]) -> String {
    said.iter()
        .filter(|(shown, _)| *shown)
        .map(|(_, text)| *text)
        .collect::<Vec<_>>()
        .join(" ")
}

#[component]
pub fn NoticeBar() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let message = move || {
        let ui = t();
        state.notice.get().and_then(|notice| {
            Some(match notice {
                Notice::LinkBroken => (ui.link_broken.to_owned(), "error", None),
                Notice::LinkForeign => (ui.link_foreign.to_owned(), "error", None),
                Notice::LinkNewer => (ui.link_newer.to_owned(), "error", None),
                Notice::Shared {
                    url,
                    long,
                    context_left_out,
                } => {
                    let said = [
                        (true, ui.share_copied),
                        (context_left_out, ui.share_context_left_out),
                        (long, ui.share_long),
                    ];
                    (said_together(&said), "info", Some(url))
                }
                Notice::ShareTooLarge(chars) => {
                    let text = ui
                        .share_too_large
                        .replace("{chars}", &chars.to_string())
                        .replace("{limit}", &crate::share::MAX_LINK_CHARS.to_string());
                    (text, "error", None)
                }
                Notice::ExportFailed => (ui.export_failed.to_owned(), "error", None),
                Notice::ProjectCheckFailed => (ui.project_check_failed.to_owned(), "error", None),
                Notice::Copied => (ui.copied.to_owned(), "info", None),
                Notice::NothingToFix => (ui.nothing_to_fix.to_owned(), "info", None),
                Notice::Fixed(count) => (format!("{} ✓ {count}", ui.fix), "info", None),
                Notice::Opened {
                    draft_kept,
                    link_settings,
                } => {
                    let said = [
                        (draft_kept, ui.draft_kept),
                        (link_settings, ui.link_settings),
                    ];
                    (said_together(&said), "opened", None)
                }
                Notice::ReadingFolder => (ui.folder_reading.to_owned(), "info", None),
                // Drawn by its own component.
                Notice::Folder(_) => return None,
            })
        })
    };
    let folder = move || match state.notice.get() {
        Some(Notice::Folder(summary)) => Some(view! { <FolderNotice summary=*summary /> }),
        _ => None,
    };
    let opened = move || match state.notice.get() {
        Some(Notice::Opened {
            draft_kept,
            link_settings,
        }) => (draft_kept, link_settings),
        _ => (false, false),
    };
    let too_large = move || matches!(state.notice.get(), Some(Notice::ShareTooLarge(_)));
    view! {
        <div class="notice-bar" role="status" aria-live="polite">
            {folder}
            {move || {
                message()
                    .map(|(text, kind, url)| {
                        view! {
                            <div class="notice" data-testid="notice" data-kind=kind>
                                <span>{text}</span>
                                {url.map(|url| view! { <input class="share-url" readonly value=url aria-label=move || t().share /> })}
                                <Show when=move || opened().0>
                                    <button type="button" data-testid="restore-draft" on:click=move |_| state.restore_draft()>{move || t().restore_draft}</button>
                                </Show>
                                <Show when=move || opened().1>
                                    <button type="button" data-testid="keep-settings" on:click=move |_| state.keep_link_settings()>{move || t().keep_settings}</button>
                                </Show>
                                <Show when=too_large>
                                    <button
                                        type="button"
                                        data-testid="share-export-json"
                                        on:click=move |_| state.download_export(ExportFormat::Json)
                                    >
                                        {move || t().export_json_instead}
                                    </button>
                                </Show>
                                <button type="button" class="link" on:click=move |_| state.notice.set(None)>{move || t().close}</button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}
