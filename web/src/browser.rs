//! The few browser APIs the page uses, behind plain functions. Failures
//! (storage full or disabled, clipboard refused) are ignored or reported as
//! `false`: the page keeps working without them.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

pub fn storage_get(key: &str) -> Option<String> {
    window().local_storage().ok()??.get_item(key).ok()?
}

/// Whether the browser kept it (storage can be full or turned off).
pub fn storage_set(key: &str, value: &str) -> bool {
    match window().local_storage() {
        Ok(Some(storage)) => storage.set_item(key, value).is_ok(),
        _ => false,
    }
}

pub fn browser_language() -> String {
    window().navigator().language().unwrap_or_default()
}

pub fn location_hash() -> String {
    window().location().hash().unwrap_or_default()
}

pub fn location_search() -> String {
    window().location().search().unwrap_or_default()
}

/// The page's own URL with `query` and `fragment` (both may be empty).
pub fn page_url(query: &str, fragment: &str) -> String {
    let location = window().location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    let hash = if fragment.is_empty() {
        String::new()
    } else {
        format!("#{fragment}")
    };
    format!("{origin}{path}{query}{hash}")
}

/// Rewrites the address bar without a request or a history entry.
pub fn replace_url(url: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(url));
    }
}

/// Adds a history entry without a request (Back returns to the old view).
pub fn push_url(url: &str) {
    if let Ok(history) = window().history() {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(url));
    }
}

/// Copies `text`; `done` learns whether it worked.
pub fn copy_text(text: String, done: impl FnOnce(bool) + 'static) {
    let promise = window().navigator().clipboard().write_text(&text);
    leptos::task::spawn_local(async move {
        done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
    });
}

/// Copies a text still being written (the project worker writes the
/// exports): the clipboard is asked now, within the click (Safari and
/// Firefox let a page write to it only then), and gets the text when the
/// function returned is called with it; where `ClipboardItem` is missing,
/// the text is written as it arrives. `done` learns whether it worked.
pub fn copy_text_when_ready(done: impl FnOnce(bool) + 'static) -> Box<dyn FnOnce(String)> {
    let mut resolve = None;
    let text = js_sys::Promise::new(&mut |resolve_with, _| resolve = Some(resolve_with));
    let items = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&items, &JsValue::from_str("text/plain"), &text);
    let Ok(item) = web_sys::ClipboardItem::new_with_record_from_str_to_blob_promise(&items) else {
        return Box::new(move |text| copy_text(text, done));
    };
    let written = window()
        .navigator()
        .clipboard()
        .write(&js_sys::Array::of1(&item));
    leptos::task::spawn_local(async move {
        done(wasm_bindgen_futures::JsFuture::from(written).await.is_ok());
    });
    Box::new(move |text: String| {
        let blob = text_blob(&text, "text/plain");
        if let (Some(resolve), Some(blob)) = (resolve, blob) {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        }
    })
}

/// `content` as a `Blob` of type `mime`.
fn text_blob(content: &str, mime: &str) -> Option<web_sys::Blob> {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()
}

/// Offers `content` as a file download, made in the page (a `blob:` URL).
pub fn download(file_name: &str, mime: &str, content: &str) {
    let Some(blob) = text_blob(content, mime) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(anchor) = document().create_element("a") {
        let anchor: web_sys::HtmlAnchorElement = anchor.unchecked_into();
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.click();
    }
    set_timeout(
        move || drop(web_sys::Url::revoke_object_url(&url)),
        std::time::Duration::from_secs(10),
    );
}

/// Reads a file the person chose or dropped, as text (invalid UTF-8
/// replaced), then calls `done` with its name and text.
pub fn read_file(file: web_sys::File, done: impl FnOnce(String, String) + 'static) {
    let name = file.name();
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(buffer) = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await else {
            return;
        };
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        done(name, String::from_utf8_lossy(&bytes).into_owned());
    });
}

pub fn now_ms() -> f64 {
    window()
        .performance()
        .map_or(0.0, |performance| performance.now())
}

/// Sets an attribute of `<html>` (`lang`, `data-theme`).
pub fn set_root_attribute(name: &str, value: &str) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute(name, value);
    }
}

/// Scrolls the element with `id` into view, if there is one.
pub fn scroll_into_view(id: &str) {
    if let Some(element) = document().get_element_by_id(id) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// Replaces the one stretch where the textarea's text and `text` differ
/// through the editing commands, so that it is a single step of the
/// editor's own undo and redo, whatever the size of the text. Falls back to
/// setting the value (no undo) where the commands are missing.
pub fn replace_textarea_value(editor: &web_sys::HtmlTextAreaElement, text: &str) {
    let current = editor.value();
    if current == text {
        return;
    }
    let change = crate::editing::Change::between(&current, text);
    let focused = document()
        .active_element()
        .is_some_and(|element| element == ***editor);
    let _ = editor.focus();
    let _ = editor.set_selection_range(
        crate::editing::utf16_len(&current, change.start),
        crate::editing::utf16_len(&current, change.old_end),
    );
    let html: Option<web_sys::HtmlDocument> = document().dyn_into().ok();
    let edited = html.is_some_and(|html| {
        let (command, value) = if change.inserted.is_empty() {
            ("delete", "")
        } else {
            ("insertText", change.inserted)
        };
        html.exec_command_with_show_ui_and_value(command, false, value)
            .unwrap_or(false)
    });
    if !focused {
        let _ = editor.blur();
    }
    if !edited || editor.value() != text {
        editor.set_value(text);
    }
}
