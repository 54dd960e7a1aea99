//! The project worker: checks a Dockerfile with the files around it
//! (`plimsoll check DIR`'s check) for the playground, and writes the
//! playground's exports. It is a module of its own, built by Trunk beside
//! the page's (`data-type="worker"`), because the project check (Compose,
//! Kubernetes and workflow rules, scan reports) and the exporters (SARIF,
//! JSON, Markdown) would make the page's first load much larger: the page
//! starts this worker the first time a file is added beside the Dockerfile
//! or a report is exported.
//!
//! Messages (arrays of strings and numbers), page → worker:
//! - a check, `[id, files, settings, paths?]`: the files as JSON `[[path,
//!   text], ...]` with the Dockerfile first, the settings as JSON and, when
//!   the page knows them, every path of the project as a JSON array (else
//!   nothing or `null`);
//! - an export, `[id, files, settings, paths or null, export]`, the same
//!   project and `export` as JSON `{"format": "markdown" | "json" |
//!   "sarif", "lang": "en" | "ja", "app": the page's URL}` (SARIF links
//!   each rule's page there). A Dockerfile alone is checked as the page
//!   checks it; a project as `plimsoll check DIR` does, each file its own
//!   report.
//!
//! Worker → page: `"ready"` once; for a check `[id, milliseconds the check
//! took, project]` with the project written by
//! [`plimsoll_core::wire::encode_project`]; for an export `["exported", id,
//! text]`, the text as `plimsoll check --format <format>` writes it.

use plimsoll_core::export::{json, markdown, sarif, FileReport};
use plimsoll_core::project::Project;
use plimsoll_core::{Lang, Report, Settings};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let Some(request) = Request::read(&data) else {
            return;
        };
        match request.export {
            Some(export) => {
                let scope = reply_to.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let text = exported(&scope, &request.project, &request.settings, &export).await;
                    let reply = js_sys::Array::of3(
                        &JsValue::from_str("exported"),
                        &JsValue::from_f64(request.id),
                        &JsValue::from_str(&text),
                    );
                    let _ = scope.post_message(&reply);
                });
            }
            None => {
                let reply = checked(&reply_to, request.id, &request.project, &request.settings);
                let _ = reply_to.post_message(&reply);
            }
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

/// What an export asks for.
#[derive(Deserialize)]
struct Export {
    format: Format,
    /// A language code (`en`, `ja`).
    lang: String,
    /// The page's URL: SARIF links each rule's page there.
    app: String,
}

#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Format {
    Markdown,
    Json,
    Sarif,
}

/// One request from the page.
struct Request {
    id: f64,
    project: Project,
    settings: Settings,
    export: Option<Export>,
}

impl Request {
    /// `None` for anything that is not a request.
    fn read(data: &JsValue) -> Option<Request> {
        let request: &js_sys::Array = data.dyn_ref()?;
        let id = request.get(0).as_f64()?;
        let files = serde_json::from_str(&request.get(1).as_string()?).ok()?;
        let settings = serde_json::from_str(&request.get(2).as_string()?).ok()?;
        // Every path of the project, when the page knows them (a dropped
        // folder, an example project): the build contexts are cut from it.
        let paths = request
            .get(3)
            .as_string()
            .and_then(|paths| serde_json::from_str(&paths).ok());
        let export = match request.get(4).as_string() {
            Some(export) => Some(serde_json::from_str(&export).ok()?),
            None => None,
        };
        // The name of the folder read, which names the project's images.
        let name = request.get(5).as_string();
        Some(Request {
            id,
            project: Project { files, paths, name },
            settings,
            export,
        })
    }
}

/// `[id, milliseconds, project]`: the project checked.
fn checked(
    scope: &DedicatedWorkerGlobalScope,
    id: f64,
    project: &Project,
    settings: &Settings,
) -> js_sys::Array {
    let clock = scope.performance();
    let now = || clock.as_ref().map_or(0.0, web_sys::Performance::now);
    let started = now();
    let checked = project.check(settings);
    // Timed without the encoding, as the page times its own checks.
    let took = now() - started;
    let encoded = plimsoll_core::wire::encode_project(&checked);
    js_sys::Array::of3(
        &JsValue::from_f64(id),
        &JsValue::from_f64(took),
        &JsValue::from_str(&encoded),
    )
}

/// Each file the report covers, with its report: a Dockerfile alone as
/// the page checks it, a project's files as `plimsoll check DIR` reports
/// them (the files Plimsoll does not read left out).
fn reports(project: &Project, settings: &Settings, lang: Lang) -> Vec<(String, String, Report)> {
    if let ([(path, text)], None) = (project.files.as_slice(), &project.paths) {
        return vec![(
            path.clone(),
            text.clone(),
            plimsoll_core::check(text, settings),
        )];
    }
    project.reports(settings, lang)
}

/// The report of `project` as `export` asks.
async fn exported(
    scope: &DedicatedWorkerGlobalScope,
    project: &Project,
    settings: &Settings,
    export: &Export,
) -> String {
    let lang = Lang::parse(&export.lang).unwrap_or_default();
    if matches!(export.format, Format::Sarif) {
        // SARIF carries each rule's help text: the docs this build leaves
        // out are fetched (without them, the help is the rule's title).
        provide_docs(scope, lang).await;
    }
    let checked = reports(project, settings, lang);
    let files = FileReport::all(&checked);
    match export.format {
        Format::Json => serde_json::to_string_pretty(&json::output(&files, lang)),
        Format::Sarif => serde_json::to_string_pretty(&sarif::log(&files, lang, Some(&export.app))),
        Format::Markdown => Ok(markdown::render(&files, lang)),
    }
    .unwrap_or_default()
}

/// Fetches `lang`'s whole rule docs from the site (a file next to the page,
/// which the service worker keeps for offline use) unless they are here
/// already.
async fn provide_docs(scope: &DedicatedWorkerGlobalScope, lang: Lang) {
    if plimsoll_core::docs::available(lang) {
        return;
    }
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoCache);
    let promise =
        scope.fetch_with_str_and_init(&plimsoll_core::docs::markdown_bundle_file(lang), &init);
    let text = async {
        let response: web_sys::Response = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
        if !response.ok() {
            return None;
        }
        JsFuture::from(response.text().ok()?)
            .await
            .ok()?
            .as_string()
    };
    if let Some(bundle) = text.await {
        let _ = plimsoll_core::docs::provide(lang, &bundle);
    }
}
