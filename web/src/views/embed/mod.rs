//! Embed mode: `embed.html?embed&…#v2.…` (or `/?embed…` where the host
//! allows framing the whole site). A chrome-less editor with the checklist
//! and/or the findings, for documentation pages; `public/embed.js` builds
//! these iframes. Options are query parameters ([`EmbedOptions`]), the
//! Dockerfile and the files beside it are in the fragment (the share-link
//! codec, [`crate::share`]; `#v1.` fragments hold a Dockerfile alone).
//! With files beside the Dockerfile, the project worker checks them all,
//! as the playground does.
//!
//! After every check the view posts `{type: "plimsoll:result", checklist,
//! findings, score, errors, files}` to the parent page, and it accepts
//! `{type: "plimsoll:set", dockerfile?, files?}` from it. The text itself
//! is never posted, and nothing is sent anywhere else.

mod checked;
mod editor;
mod messages;
mod options;
mod results;

use leptos::prelude::*;
use plimsoll_core::Lang;
use wasm_bindgen::JsCast;

use crate::browser;
use crate::checker::{self, ProjectChecker};
use crate::i18n;
use crate::project;
use crate::share::{self, ShareError};
use checked::Checked;
use editor::{EmbedEditor, Files};
use messages::{post_to_parent, set_from_parent, HeightMessage, ResultMessage};
use options::{EmbedOptions, Show};
use results::{EmbedChecklist, EmbedFindings};

const RECHECK_DELAY: std::time::Duration = std::time::Duration::from_millis(120);

/// Texts of the embed view's own chrome.
struct Texts {
    readonly: &'static str,
    open_full: &'static str,
    local: &'static str,
    link_broken: &'static str,
    link_foreign: &'static str,
    /// A line of the Dockerfile, when it is the only file.
    line: &'static str,
    why: &'static str,
    go_to: &'static str,
    unknown_options: &'static str,
    no_finding_of: &'static str,
    checking_files: &'static str,
    files_failed: &'static str,
    not_read: &'static str,
    set_refused: &'static str,
}

fn texts(lang: Lang) -> &'static Texts {
    const EN: Texts = Texts {
        readonly: "read-only",
        open_full: "Open in Plimsoll",
        local: "Checked in your browser",
        link_broken: "This example's text is damaged and cannot be read.",
        link_foreign: "This example's text is not in a format Plimsoll reads.",
        line: "line {line}",
        why: "Why and how to fix",
        go_to: "Show {place} in the editor",
        unknown_options: "Options this widget does not know, ignored: {options}",
        no_finding_of: "No finding of {rules} in these files.",
        checking_files: "Checking the files beside the Dockerfile…",
        files_failed: "The files beside the Dockerfile cannot be checked in this browser: the results are the Dockerfile's alone.",
        not_read: "Not read (not a .dockerignore, Compose file, Kubernetes manifest, CI workflow or scan report): {files}",
        set_refused: "The page sent files this widget cannot use (a path outside the project or twice, or too much text); they were ignored.",
    };
    const JA: Texts = Texts {
        readonly: "読み取り専用",
        open_full: "Plimsollで開く",
        local: "ブラウザ内でチェック",
        link_broken: "この例のテキストは壊れていて読み込めません。",
        link_foreign: "この例のテキストはPlimsollが読める形式ではありません。",
        line: "{line} 行目",
        why: "理由と直し方",
        go_to: "{place}をエディタで表示",
        unknown_options: "このウィジェットが知らないオプションを無視しました: {options}",
        no_finding_of: "これらのファイルに {rules} の検出事項はありません。",
        checking_files: "Dockerfile と一緒にあるファイルをチェックしています…",
        files_failed: "このブラウザでは Dockerfile と一緒にあるファイルをチェックできません。結果は Dockerfile だけのものです。",
        not_read: "読み込んでいないファイル（.dockerignore、Compose ファイル、Kubernetes マニフェスト、CI ワークフロー、スキャンレポートのどれでもありません）: {files}",
        set_refused: "ページから送られたファイルは使えないため無視しました（プロジェクトの外のパス、同じパスの重複、またはテキストが大きすぎます）。",
    };
    match lang {
        Lang::En => &EN,
        Lang::Ja => &JA,
    }
}

/// Where a finding or an error is: `line 3` with the Dockerfile alone,
/// `compose.yaml:3` when `several` files are checked.
fn place(t: &Texts, several: bool, path: &str, line: u32) -> String {
    if several {
        format!("{path}:{line}")
    } else {
        t.line.replace("{line}", &line.to_string())
    }
}

/// Where the files beside the Dockerfile stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FilesCheck {
    /// None beside it: the page checks the Dockerfile itself.
    None,
    /// In the project worker; the Dockerfile's own results are shown.
    Checking,
    Checked,
    /// The project worker could not check them.
    Failed,
}

impl FilesCheck {
    fn code(self) -> &'static str {
        match self {
            FilesCheck::None => "none",
            FilesCheck::Checking => "checking",
            FilesCheck::Checked => "checked",
            FilesCheck::Failed => "failed",
        }
    }
}

/// Stable hooks (`data-*`) share the playground's names so tests and
/// embedders can use one vocabulary.
#[component]
pub fn Embed() -> impl IntoView {
    let options = EmbedOptions::parse(&browser::location_search());
    let lang = options
        .lang
        .unwrap_or_else(|| i18n::lang_from_browser(&browser::browser_language()));
    let t = texts(lang);
    if let Some(theme) = options.theme {
        browser::set_root_attribute("data-theme", theme);
    }
    browser::set_root_attribute("lang", lang.code());
    browser::set_root_attribute("data-view", "embed");
    crate::offline::stylesheet();

    let (shared, problem) = match share::decode(&browser::location_hash()) {
        Ok(shared) => (shared.unwrap_or_default(), None),
        Err(ShareError::Broken) => (share::Shared::default(), Some(t.link_broken)),
        Err(ShareError::Foreign | ShareError::Newer) => {
            (share::Shared::default(), Some(t.link_foreign))
        }
    };
    let path = project::dockerfile_path(shared.path.as_deref());
    let link_options = shared.options;
    let settings = link_options.settings();
    let files = Files::new(shared.text, shared.companions, path.clone());
    let options = StoredValue::new(options);

    // A Dockerfile alone is checked here; with files beside it, in the
    // project worker (the page does not carry the project check), the
    // Dockerfile's own results shown meanwhile.
    let checked = RwSignal::new(Checked::default());
    let files_check = RwSignal::new(FilesCheck::None);
    // Also on the root, for tests and embedders' styles.
    let set_files_check = move |state: FilesCheck| {
        browser::set_root_attribute("data-embed-files", state.code());
        files_check.set(state);
    };
    let alone = {
        let (path, settings) = (path.clone(), settings.clone());
        move |text: &str| Checked::alone(&path, plimsoll_core::check(text, &settings))
    };
    let project_checker = ProjectChecker::new({
        let alone = alone.clone();
        move |answer| match answer
            .ok()
            .and_then(|answer| Checked::of_project(answer, lang))
        {
            Some(project) => {
                checked.set(project);
                set_files_check(FilesCheck::Checked);
            }
            None => {
                checked.set(files.text.with_untracked(|text| alone(text)));
                set_files_check(FilesCheck::Failed);
            }
        }
    });
    Effect::new({
        let (path, link_options) = (path.clone(), link_options.clone());
        move |_| {
            let request = checker::Request {
                text: files.text.get(),
                options: link_options.clone(),
                path: path.clone(),
                companions: files.companions.get(),
            };
            if !request.is_project() {
                project_checker.forget();
                set_files_check(FilesCheck::None);
                checked.set(alone(&request.text));
                return;
            }
            if checked.with_untracked(|checked| checked.path.is_empty()) {
                checked.set(alone(&request.text));
            }
            set_files_check(FilesCheck::Checking);
            let project = request.companions.project(&request.path, &request.text);
            project_checker.check(project, settings.clone());
        }
    });

    // Results to the parent page after every check (with files, once they
    // are checked too).
    Effect::new(move |_| {
        if files_check.get() == FilesCheck::Checking {
            return;
        }
        let message =
            checked.with(|checked| options.with_value(|o| ResultMessage::new(checked, o, lang)));
        post_to_parent(&message);
    });
    // Without a fixed height the widget is as tall as its content, and tells
    // the parent (the loader sizes the iframe with it) whenever that changes.
    let fits_content = options.with_value(|o| o.height.is_none());
    let posted_height = StoredValue::new(0_i32);
    let post_height = move || {
        request_animation_frame(move || {
            let Some(widget) = document().query_selector(".pl-embed").ok().flatten() else {
                return;
            };
            let height = widget.scroll_height();
            if height != posted_height.get_value() {
                posted_height.set_value(height);
                post_to_parent(&HeightMessage {
                    kind: "plimsoll:height",
                    height,
                });
            }
        });
    };
    let widget = NodeRef::<leptos::html::Div>::new();
    if fits_content {
        browser::set_root_attribute("data-embed-height", "content");
        // The content grows after a check, and again when the rule docs an
        // opened finding shows arrive (fetched later): only watching the
        // element's own size sees every change.
        Effect::new(move |_| {
            if let Some(element) = widget.get() {
                observe_size(&element, post_height);
            }
        });
    }
    // New files from the parent page.
    let refused = RwSignal::new(false);
    let listener = window_event_listener_untyped("message", {
        let path = path.clone();
        move |event| match set_from_parent(&event, &path) {
            Ok(Some(set)) => {
                refused.set(false);
                files.replace(set.dockerfile, set.files);
            }
            Ok(None) => {}
            Err(_) => refused.set(true),
        }
    });
    on_cleanup(move || listener.remove());
    post_to_parent(
        &serde_json::json!({ "type": "plimsoll:ready", "version": plimsoll_core::VERSION }),
    );

    let readonly = options.with_value(|o| o.readonly);
    let show = options.with_value(|o| o.show);
    // A project too large for a link opens the playground empty.
    let full_link = {
        let path = shared.path.clone();
        move || {
            let link = share::encode(&share::Shared {
                text: files.text.get(),
                path: path.clone(),
                companions: files.companions.get(),
                options: link_options.clone(),
                version: plimsoll_core::VERSION.to_owned(),
            });
            link.map_or_else(|_| "./".to_owned(), |link| format!("./#{}", link.fragment))
        }
    };
    let jump = move |path: &str, offset: u32| files.jump(path, offset);
    // What the widget says about its files, in one list (one reactive
    // node, not one per note: each costs the page's first load).
    let notes = move || {
        let mut notes: Vec<(bool, &'static str, String)> = Vec::new();
        if refused.get() {
            notes.push((true, "set-refused", t.set_refused.to_owned()));
        }
        match files_check.get() {
            FilesCheck::Checking => {
                notes.push((false, "checking-files", t.checking_files.to_owned()))
            }
            FilesCheck::Failed => notes.push((true, "files-failed", t.files_failed.to_owned())),
            FilesCheck::None | FilesCheck::Checked => {}
        }
        checked.with(|checked| {
            let unread: Vec<&str> = checked.unread().collect();
            if !unread.is_empty() {
                notes.push((
                    false,
                    "not-read",
                    t.not_read.replace("{files}", &unread.join(", ")),
                ));
            }
        });
        notes
            .into_iter()
            .map(|(problem, testid, text)| {
                let class = if problem { "pl-embed-problem" } else { "pl-embed-note" };
                view! { <p class=class role=problem.then_some("alert") data-testid=testid>{text}</p> }
            })
            .collect_view()
    };

    view! {
        <div class="pl-embed" data-testid="embed" data-readonly=readonly.to_string() node_ref=widget>
            <EmbedEditor files readonly label_readonly=t.readonly />
            <div class="pl-embed-results" aria-live="polite">
                {problem.map(|message| view! { <p class="pl-embed-problem" role="alert">{message}</p> })}
                {options.with_value(|o| (!o.unknown.is_empty()).then(|| {
                    let text = t.unknown_options.replace("{options}", &o.unknown.join(", "));
                    view! { <p class="pl-embed-problem" role="alert" data-testid="unknown-options">{text}</p> }
                }))}
                {notes}
                <ul class="pl-embed-errors">
                    {move || checked.with(|checked: &Checked| {
                        let several = !checked.companions.is_empty();
                        checked.errors().into_iter().map(|(path, error)| {
                            let line = error.location.start.line;
                            let place = place(t, several, path, line);
                            view! { <li data-testid="error" data-path=path.to_owned() data-line=line>
                                {format!("{place}: {}", error.message)}
                            </li> }
                        }).collect_view()
                    })}
                </ul>
                {(show != Show::Findings).then(|| view! {
                    <EmbedChecklist checked options lang />
                })}
                {(show != Show::Checklist).then(|| view! {
                    <EmbedFindings checked options lang jump />
                })}
                <p class="pl-embed-footer">
                    <span>{t.local}" · "{format!("Plimsoll {}", plimsoll_core::VERSION)}</span>
                    <a href=full_link target="_blank" rel="noopener">{t.open_full}" ↗"</a>
                </p>
            </div>
        </div>
    }
}

/// Calls `changed` whenever `element`'s size changes, for as long as the
/// page lives (the observer and its callback are leaked on purpose: the
/// widget is the whole page).
fn observe_size(element: &web_sys::Element, changed: impl Fn() + 'static) {
    let callback = wasm_bindgen::closure::Closure::<dyn Fn()>::new(changed);
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(element);
    }
    callback.forget();
}
