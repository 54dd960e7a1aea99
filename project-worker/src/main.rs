//! The project worker: checks a Dockerfile with the files around it
//! (`plimsoll check DIR`'s check) for the playground. It is a module of its
//! own, built by Trunk beside the page's (`data-type="worker"`), because the
//! project check (Compose, Kubernetes and workflow rules, scan reports) would
//! make the page's first load a tenth larger: the page starts this worker the
//! first time a file is added beside the Dockerfile.
//!
//! Messages (arrays of strings and numbers): page → worker `[id, files,
//! settings, paths?]`, the files as JSON `[[path, text], ...]` with the
//! Dockerfile first, the settings as JSON and, when the page knows them,
//! every path of the project as a JSON array; worker → page `"ready"` once, then `[id,
//! milliseconds the check took, project]` with the project written by
//! [`plimsoll_core::wire::encode_project`].

use plimsoll_core::project::Project;
use plimsoll_core::Settings;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        if let Some(reply) = answer(&reply_to, &event.data()) {
            let _ = reply_to.post_message(&reply);
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

/// The reply to one request; `None` for anything that is not a request.
fn answer(scope: &DedicatedWorkerGlobalScope, data: &JsValue) -> Option<js_sys::Array> {
    let request: &js_sys::Array = data.dyn_ref()?;
    let id = request.get(0).as_f64()?;
    let files: Vec<(String, String)> = serde_json::from_str(&request.get(1).as_string()?).ok()?;
    let settings: Settings = serde_json::from_str(&request.get(2).as_string()?).ok()?;
    // Every path of the project, when the page knows them (a dropped
    // folder, a workshop exercise): the build contexts are cut from it.
    let paths: Option<Vec<String>> = request
        .get(3)
        .as_string()
        .and_then(|paths| serde_json::from_str(&paths).ok());
    let clock = scope.performance();
    let now = || clock.as_ref().map_or(0.0, web_sys::Performance::now);
    let started = now();
    let checked = Project { files, paths }.check(&settings);
    // Timed without the encoding, as the page times its own checks.
    let took = now() - started;
    let encoded = plimsoll_core::wire::encode_project(&checked);
    Some(js_sys::Array::of3(
        &JsValue::from_f64(id),
        &JsValue::from_f64(took),
        &JsValue::from_str(&encoded),
    ))
}
