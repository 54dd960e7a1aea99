//! Offline use: registers the service worker (`sw.js`, generated at build
//! time with the list of files to precache, see `xtask/src/offline.rs`) and
//! shows "new version available, reload" when a new build has been
//! installed. No inline script: everything runs from the app's wasm.
//!
//! The worker is registered in release builds only, so `trunk serve` keeps
//! serving fresh files while developing.

use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use plimsoll_core::Lang;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::browser;

/// Adds the stylesheet of the embed and workshop views (not Trunk-managed:
/// those views are outside the playground's components and style.css).
pub fn stylesheet() {
    add_head_link("pl-views-css", "stylesheet", "views.css");
}

fn add_head_link(id: &str, rel: &str, href: &str) {
    let document = document();
    if document.get_element_by_id(id).is_some() {
        return;
    }
    let (Some(head), Ok(link)) = (document.head(), document.create_element("link")) else {
        return;
    };
    let _ = link.set_attribute("id", id);
    let _ = link.set_attribute("rel", rel);
    let _ = link.set_attribute("href", href);
    let _ = head.append_child(&link);
}

/// Mounts the update notice (its own root at the end of `<body>`) and
/// registers the service worker.
pub fn start() {
    add_head_link("pl-manifest", "manifest", "manifest.webmanifest");
    leptos::mount::mount_to_body(UpdateNotice);
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let function: Function = get(target, method).dyn_into().ok()?;
    let array: js_sys::Array = args.iter().collect();
    function.apply(target, &array).ok()
}

fn listen(target: &JsValue, event: &str, handler: impl FnMut(JsValue) + 'static) {
    let closure = Closure::<dyn FnMut(JsValue)>::new(handler);
    call(
        target,
        "addEventListener",
        &[JsValue::from_str(event), closure.as_ref().clone()],
    );
    // Listeners live as long as the page.
    closure.forget();
}

fn container() -> Option<JsValue> {
    let container = get(&window().navigator().into(), "serviceWorker");
    (!container.is_undefined() && !container.is_null()).then_some(container)
}

fn has_controller(container: &JsValue) -> bool {
    let controller = get(container, "controller");
    !controller.is_null() && !controller.is_undefined()
}

fn register(
    update_ready: RwSignal<bool>,
    registration_slot: StoredValue<Option<JsValue>, LocalStorage>,
) {
    if cfg!(debug_assertions) {
        return;
    }
    let Some(container) = container() else {
        return;
    };
    let Some(promise) = call(&container, "register", &[JsValue::from_str("sw.js")])
        .and_then(|value| value.dyn_into::<Promise>().ok())
    else {
        return;
    };
    leptos::task::spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(promise).await else {
            return;
        };
        registration_slot.set_value(Some(registration.clone()));
        // A new version installed on an earlier visit is already waiting.
        let waiting = get(&registration, "waiting");
        if !waiting.is_null() && !waiting.is_undefined() && has_controller(&container) {
            update_ready.set(true);
        }
        let container_for_install = container.clone();
        let registration_for_install = registration.clone();
        listen(&registration, "updatefound", move |_| {
            let installing = get(&registration_for_install, "installing");
            if installing.is_null() || installing.is_undefined() {
                return;
            }
            let container = container_for_install.clone();
            let worker = installing.clone();
            listen(&installing, "statechange", move |_| {
                // "installed" with a controller: an update, not the first visit.
                if get(&worker, "state").as_string().as_deref() == Some("installed")
                    && has_controller(&container)
                {
                    update_ready.set(true);
                }
            });
        });
    });
}

/// Asks the waiting worker to take over; the page reloads when it has.
fn reload_into_new_version(registration: Option<JsValue>) {
    let reload = || {
        let _ = window().location().reload();
    };
    let (Some(registration), Some(container)) = (registration, container()) else {
        return reload();
    };
    let waiting = get(&registration, "waiting");
    if waiting.is_null() || waiting.is_undefined() {
        return reload();
    }
    let mut reloading = false;
    listen(&container, "controllerchange", move |_| {
        if !reloading {
            reloading = true;
            let _ = window().location().reload();
        }
    });
    let message = js_sys::Object::new();
    let _ = Reflect::set(&message, &"type".into(), &"plimsoll:skip-waiting".into());
    call(&waiting, "postMessage", &[message.into()]);
}

fn lang() -> Lang {
    let search = browser::location_search();
    let from_query = crate::query::query_pairs(&search)
        .find(|(key, _)| *key == "lang")
        .and_then(|(_, value)| Lang::parse(&value));
    from_query
        .or_else(|| browser::storage_get("plimsoll.lang").and_then(|code| Lang::parse(&code)))
        .unwrap_or_else(|| crate::i18n::lang_from_browser(&browser::browser_language()))
}

#[component]
fn UpdateNotice() -> impl IntoView {
    let update_ready = RwSignal::new(false);
    let registration = StoredValue::new_local(None::<JsValue>);
    register(update_ready, registration);
    let (message, action) = match lang() {
        Lang::En => ("A new version of Plimsoll is available.", "Reload"),
        Lang::Ja => ("Plimsollの新しいバージョンがあります。", "再読み込み"),
    };
    view! {
        <div class="pl-update" data-testid="update-notice" role="status" hidden=move || !update_ready.get()>
            <span>{message}</span>
            " "
            <button
                type="button"
                data-testid="update-reload"
                on:click=move |_| reload_into_new_version(registration.get_value())
            >
                {action}
            </button>
        </div>
    }
}
