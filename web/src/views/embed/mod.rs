//! Embed mode: `embed.html?embed&…#v1.…` (or `/?embed…` where the host
//! allows framing the whole site). A chrome-less editor with the checklist
//! and/or the findings, for documentation pages; `public/embed.js` builds
//! these iframes. Options are query parameters ([`EmbedOptions`]), the
//! Dockerfile is in the fragment (the share-link codec, [`crate::share`]).
//!
//! After every check the view posts `{type: "plimsoll:result", checklist,
//! findings, score, errors}` to the parent page, and it accepts
//! `{type: "plimsoll:set", dockerfile}` from it. The text itself is never
//! posted, and nothing is sent anywhere else.

mod messages;
mod options;
mod results;

use leptos::prelude::*;
use plimsoll_core::{Lang, Settings};
use wasm_bindgen::JsCast;

use crate::browser;
use crate::i18n;
use crate::share::{self, ShareError};
use messages::{dockerfile_from_parent, post_to_parent, HeightMessage, ResultMessage};
pub use options::requested;
use options::{EmbedOptions, Show};
use results::{EmbedChecklist, EmbedFindings};

const RECHECK_DELAY: std::time::Duration = std::time::Duration::from_millis(120);

/// Texts of the embed view's own chrome.
struct Texts {
    dockerfile: &'static str,
    readonly: &'static str,
    open_full: &'static str,
    local: &'static str,
    link_broken: &'static str,
    link_foreign: &'static str,
    line: &'static str,
    why: &'static str,
    unknown_options: &'static str,
    no_finding_of: &'static str,
}

fn texts(lang: Lang) -> &'static Texts {
    const EN: Texts = Texts {
        dockerfile: "Dockerfile",
        readonly: "read-only",
        open_full: "Open in Plimsoll",
        local: "Checked in your browser",
        link_broken: "This example's text is damaged and cannot be read.",
        link_foreign: "This example's text is not in a format Plimsoll reads.",
        line: "line",
        why: "Why and how to fix",
        unknown_options: "Options this widget does not know, ignored: {options}",
        no_finding_of: "No finding of {rules} in this Dockerfile.",
    };
    const JA: Texts = Texts {
        dockerfile: "Dockerfile",
        readonly: "読み取り専用",
        open_full: "Plimsollで開く",
        local: "ブラウザ内でチェック",
        link_broken: "この例のテキストは壊れていて読み込めません。",
        link_foreign: "この例のテキストはPlimsollが読める形式ではありません。",
        line: "行",
        why: "理由と直し方",
        unknown_options: "このウィジェットが知らないオプションを無視しました: {options}",
        no_finding_of: "この Dockerfile に {rules} の検出事項はありません。",
    };
    match lang {
        Lang::En => &EN,
        Lang::Ja => &JA,
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

    let (initial, settings, problem) = match share::decode(&browser::location_hash()) {
        Ok(Some(shared)) => (shared.text, shared.options.settings(), None),
        Ok(None) => (String::new(), Settings::default(), None),
        Err(ShareError::Broken) => (String::new(), Settings::default(), Some(t.link_broken)),
        Err(ShareError::Foreign | ShareError::Newer) => {
            (String::new(), Settings::default(), Some(t.link_foreign))
        }
    };
    let text = RwSignal::new(initial);
    let report = Memo::new(move |_| text.with(|text| plimsoll_core::check(text, &settings)));
    let editor = NodeRef::<leptos::html::Textarea>::new();
    let options = StoredValue::new(options);

    // Results to the parent page after every check.
    Effect::new(move |_| {
        let message =
            report.with(|report| options.with_value(|o| ResultMessage::new(report, o, lang)));
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
    // New text from the parent page.
    let listener = window_event_listener_untyped("message", move |event| {
        let Some(dockerfile) = dockerfile_from_parent(&event) else {
            return;
        };
        if let Some(area) = editor.get_untracked() {
            area.set_value(&dockerfile);
        }
        text.set(dockerfile);
    });
    on_cleanup(move || listener.remove());
    post_to_parent(
        &serde_json::json!({ "type": "plimsoll:ready", "version": plimsoll_core::VERSION }),
    );

    let mut recheck =
        leptos::leptos_dom::helpers::debounce(RECHECK_DELAY, move |value: String| text.set(value));
    let readonly = options.with_value(|o| o.readonly);
    let show = options.with_value(|o| o.show);
    // A text too large for a link opens the playground empty.
    let full_link = move || {
        let link = share::encode(&share::Shared {
            text: text.get(),
            version: plimsoll_core::VERSION.to_owned(),
            ..Default::default()
        });
        link.map_or_else(|_| "./".to_owned(), |link| format!("./#{}", link.fragment))
    };
    let jump = move |offset: u32| {
        let Some(area) = editor.get_untracked() else {
            return;
        };
        let _ = area.focus();
        let _ = area.set_selection_range(offset, offset);
    };

    view! {
        <div class="pl-embed" data-testid="embed" data-readonly=readonly.to_string() node_ref=widget>
            <div class="pl-embed-editor">
                <label for="pl-embed-text" class="pl-embed-label">
                    {t.dockerfile}
                    {readonly.then(|| view! { <span class="pl-embed-badge">{t.readonly}</span> })}
                </label>
                <textarea
                    id="pl-embed-text"
                    data-testid="editor"
                    node_ref=editor
                    spellcheck="false"
                    autocomplete="off"
                    readonly=readonly
                    rows=move || text.with(|text| text.lines().count().clamp(3, 40) + 1)
                    prop:value=text.get_untracked()
                    on:input=move |event| recheck(event_target_value(&event))
                ></textarea>
            </div>
            <div class="pl-embed-results" aria-live="polite">
                {problem.map(|message| view! { <p class="pl-embed-problem" role="alert">{message}</p> })}
                {options.with_value(|o| (!o.unknown.is_empty()).then(|| {
                    let text = t.unknown_options.replace("{options}", &o.unknown.join(", "));
                    view! { <p class="pl-embed-problem" role="alert" data-testid="unknown-options">{text}</p> }
                }))}
                <ul class="pl-embed-errors">
                    {move || report.with(|report| report.errors.iter().map(|error| {
                        view! { <li data-testid="error" data-line=error.location.start.line>
                            {format!("{} {}: {}", t.line, error.location.start.line, error.message)}
                        </li> }
                    }).collect_view())}
                </ul>
                {(show != Show::Findings).then(|| view! {
                    <EmbedChecklist report options lang />
                })}
                {(show != Show::Checklist).then(|| view! {
                    <EmbedFindings report options lang jump />
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
