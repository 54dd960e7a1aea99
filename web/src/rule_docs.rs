//! The rule documentation. The page is built without the core's `docs`
//! feature, so its WebAssembly carries only the rule titles; the rest is one
//! file per language next to the page
//! ([`plimsoll_core::docs::bundle_file`], written by `xtask csp` with
//! [`plimsoll_core::docs::bundle`]), fetched the first time a card or a rule
//! page needs it, then kept for the life of the page. The
//! service worker precaches both files, so docs open offline too.

use leptos::prelude::*;
use plimsoll_core::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where a language's docs are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Docs {
    Loading,
    Ready,
    /// The file could not be fetched or read (offline before the service
    /// worker had them, or a broken deploy).
    Failed,
}

thread_local! {
    /// Per language: `None` until asked for.
    static LOADS: [ArcRwSignal<Option<Docs>>; 2] = Default::default();
}

/// The state of `lang`'s docs (tracked, so a view that asks shows them once
/// they arrive); the first call for a language starts fetching them.
pub fn docs(lang: Lang) -> Docs {
    let state = state_of(lang);
    if state.get_untracked().is_none() {
        state.set(Some(Docs::Loading));
        leptos::task::spawn_local(async move {
            load(lang).await;
        });
    }
    state.get().unwrap_or(Docs::Loading)
}

/// What to show instead of `lang`'s docs while they are not here (tracked;
/// `None` once they are).
pub fn pending(lang: Lang) -> Option<&'static str> {
    let ui = crate::i18n::ui(lang);
    match docs(lang) {
        Docs::Ready => None,
        Docs::Loading => Some(ui.docs_loading),
        Docs::Failed => Some(ui.docs_failed),
    }
}

/// The text `key` of `lang` (see [`plimsoll_core::html`]) as HTML, or what
/// to show while it is not here (tracked, like [`pending`]). A key the
/// bundle does not have gives an empty text.
pub fn html(lang: Lang, key: &str) -> Result<&'static str, &'static str> {
    match pending(lang) {
        Some(notice) => Err(notice),
        None => Ok(plimsoll_core::docs::html(lang, key).unwrap_or("")),
    }
}

fn state_of(lang: Lang) -> ArcRwSignal<Option<Docs>> {
    LOADS.with(|loads| loads[lang as usize].clone())
}

async fn load(lang: Lang) -> Docs {
    let outcome = match fetch_text(&plimsoll_core::docs::bundle_file(lang)).await {
        Some(bundle) if plimsoll_core::docs::provide(lang, &bundle).is_ok() => Docs::Ready,
        _ => Docs::Failed,
    };
    state_of(lang).set(Some(outcome));
    outcome
}

/// The body of a file of this site, `None` on any failure. `no-cache`: the
/// browser asks the server whether its copy is current (the name stays the
/// same across releases); the service worker answers from its cache.
async fn fetch_text(path: &str) -> Option<String> {
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoCache);
    let promise = window().fetch_with_str_and_init(path, &init);
    let response: web_sys::Response = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}
