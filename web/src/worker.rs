//! The check worker: the page's own WebAssembly module, started in a Web
//! Worker by `public/check-worker.js`. Instead of drawing the page, it answers
//! check requests, so a long check never holds up typing.
//!
//! Messages (arrays, so nothing but strings and numbers is copied):
//! page → worker `[id, text, options as JSON]`; worker → page `"ready"` once,
//! then `[id, milliseconds the check took, report]` with the report written
//! by [`plimsoll_core::wire::encode`].

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::share::Options;

/// Whether this module instance runs in a worker, not in a page.
pub fn is_worker() -> bool {
    js_sys::global().is_instance_of::<DedicatedWorkerGlobalScope>()
}

/// Answers check requests until the page ends the worker.
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(reply) = answer(&event.data()) {
            let _ = reply_to.post_message(&reply);
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    warm_up();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

/// Checks the examples a few times before saying "ready": the browser
/// first runs WebAssembly through a quick baseline compiler and optimizes
/// only code that has run a while, so the first real checks would
/// otherwise be several times slower. The page checks by itself meanwhile.
fn warm_up() {
    let settings = plimsoll_core::Settings::default();
    for _ in 0..WARM_UP_ROUNDS {
        for example in plimsoll_core::gallery::examples() {
            std::hint::black_box(plimsoll_core::check(example.source, &settings));
        }
    }
}

const WARM_UP_ROUNDS: usize = 4;

/// The reply to one request; `None` for anything that is not a request.
fn answer(data: &JsValue) -> Option<js_sys::Array> {
    let request: &js_sys::Array = data.dyn_ref()?;
    let id = request.get(0).as_f64()?;
    let text = request.get(1).as_string()?;
    let options: Options = serde_json::from_str(&request.get(2).as_string()?).ok()?;
    let clock = js_sys::global()
        .unchecked_into::<DedicatedWorkerGlobalScope>()
        .performance();
    let now = || clock.as_ref().map_or(0.0, web_sys::Performance::now);
    let started = now();
    let report = plimsoll_core::check(&text, &options.settings());
    let took = now() - started;
    let encoded = plimsoll_core::wire::encode(&report);
    Some(js_sys::Array::of3(
        &JsValue::from_f64(id),
        &JsValue::from_f64(took),
        &JsValue::from_str(&encoded),
    ))
}
