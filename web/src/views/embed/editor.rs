//! The widget's files: the Dockerfile and, under it, the files the page
//! gave beside it, each in its own text area, each edit checked again.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::RECHECK_DELAY;
use crate::project::Companions;

/// The Dockerfile's text area; each file beside it is `pl-embed-file-<index>`.
const DOCKERFILE_ID: &str = "pl-embed-text";

/// The texts the widget checks.
#[derive(Clone, Copy)]
pub struct Files {
    pub text: RwSignal<String>,
    pub companions: RwSignal<Companions>,
    /// Counts the times the parent page replaced the files beside the
    /// Dockerfile: their text areas are drawn again then, and only then
    /// (not on each keystroke in them).
    replaced: RwSignal<u32>,
    dockerfile_path: StoredValue<String>,
}

impl Files {
    pub fn new(text: String, companions: Companions, dockerfile_path: String) -> Self {
        Files {
            text: RwSignal::new(text),
            companions: RwSignal::new(companions),
            replaced: RwSignal::new(0),
            dockerfile_path: StoredValue::new(dockerfile_path),
        }
    }

    /// What the parent page sent: a new Dockerfile, new files beside it.
    pub fn replace(self, dockerfile: Option<String>, companions: Option<Companions>) {
        if let Some(text) = dockerfile {
            if let Some(area) = text_area(DOCKERFILE_ID) {
                area.set_value(&text);
            }
            self.text.set(text);
        }
        if let Some(companions) = companions {
            self.companions.set(companions);
            self.replaced.update(|count| *count = count.wrapping_add(1));
        }
    }

    /// Puts the caret at UTF-16 offset `offset` of the file at `path`.
    pub fn jump(self, path: &str, offset: u32) {
        let id = if self.dockerfile_path.with_value(|own| own == path) {
            DOCKERFILE_ID.to_owned()
        } else {
            match self.companions.with_untracked(|files| files.index_of(path)) {
                Some(index) => file_id(index),
                None => return,
            }
        };
        if let Some(area) = text_area(&id) {
            let _ = area.focus();
            let _ = area.set_selection_range(offset, offset);
        }
    }
}

fn file_id(index: usize) -> String {
    format!("pl-embed-file-{index}")
}

fn text_area(id: &str) -> Option<web_sys::HtmlTextAreaElement> {
    document().get_element_by_id(id)?.dyn_into().ok()
}

/// Rows for a text of `lines` lines, between `fewest` and `most`.
fn rows(text: &str, fewest: usize, most: usize) -> usize {
    text.lines().count().clamp(fewest, most) + 1
}

#[component]
pub fn EmbedEditor(files: Files, readonly: bool, label_readonly: &'static str) -> impl IntoView {
    let mut recheck = leptos::leptos_dom::helpers::debounce(RECHECK_DELAY, move |value: String| {
        files.text.set(value)
    });
    let companions = move || {
        files.replaced.track();
        files.companions.with_untracked(|companions| {
            companions
                .files
                .iter()
                .enumerate()
                .map(|(index, file)| {
                    let mut edited = leptos::leptos_dom::helpers::debounce(
                        RECHECK_DELAY,
                        move |value: String| {
                            files
                                .companions
                                .update(|companions| companions.set_text(index, &value))
                        },
                    );
                    let id = file_id(index);
                    view! {
                        <label for=id.clone() class="pl-embed-label">{file.path.clone()}</label>
                        <textarea
                            id=id
                            data-testid="file-editor"
                            data-path=file.path.clone()
                            spellcheck="false"
                            autocomplete="off"
                            readonly=readonly
                            rows=rows(&file.text, 2, 16)
                            prop:value=file.text.clone()
                            on:input=move |event| edited(event_target_value(&event))
                        ></textarea>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="pl-embed-editor">
            <label for=DOCKERFILE_ID class="pl-embed-label">
                {files.dockerfile_path.get_value()}
                {readonly.then(|| view! { <span class="pl-embed-badge">{label_readonly}</span> })}
            </label>
            <textarea
                id=DOCKERFILE_ID
                data-testid="editor"
                spellcheck="false"
                autocomplete="off"
                readonly=readonly
                rows=move || files.text.with(|text| rows(text, 3, 40))
                prop:value=files.text.get_untracked()
                on:input=move |event| recheck(event_target_value(&event))
            ></textarea>
            {companions}
        </div>
    }
}
