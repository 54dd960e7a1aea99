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
    let _ = scope.post_message(&JsValue::from_str("ready"));
    warm_up(
        scope,
        WARM_UP_ROUNDS * plimsoll_core::gallery::examples().len(),
    );
}

/// Browsers first run WebAssembly through a quick baseline compiler and
/// optimize only code that has run a while, so the first checks of a fresh
/// worker are several times slower than later ones (measured: 10 to 30 ms
/// for a 300-line Dockerfile before, 6 to 8 ms after). Checking the
/// examples gets the optimizing done before people type. One example at a
/// time, so a request waits for one short check at most.
fn warm_up(scope: DedicatedWorkerGlobalScope, checks: usize) {
    let examples = plimsoll_core::gallery::examples();
    let Some(example) = checks
        .checked_sub(1)
        .map(|left| &examples[left % examples.len()])
    else {
        return;
    };
    let settings = plimsoll_core::Settings::default();
    std::hint::black_box(plimsoll_core::check(example.source, &settings));
    let next_scope = scope.clone();
    let next = Closure::once_into_js(move || warm_up(next_scope, checks - 1));
    let _ = scope.set_timeout_with_callback(next.unchecked_ref());
}

/// Rounds of checking the eight examples: measured in Node (V8) on a fresh
/// instance, 4 or 16 rounds still left the next checks 2 to 5 times slower
/// than 40 rounds did. 40 rounds take 0.3 to 0.6 s of the worker's time.
const WARM_UP_ROUNDS: usize = 40;

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
