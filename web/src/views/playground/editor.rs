//! The editor: a plain textarea over a highlight layer that underlines each
//! finding's span, next to a line-number gutter marked by severity. The
//! textarea is sized to its text, so the three scroll together in one box.

use leptos::prelude::*;

use super::files::FileTabs;
use super::folder::ChooseFolder;
use super::{texts, use_state, Message};
use crate::analysis::plain_text;
use crate::editing::{self, GutterRun, Segment};
use crate::state::{Unsaved, MAX_STORED_CHARS};

#[component]
pub fn Editor() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let on_input = move |event| state.typed(&event_target_value(&event));
    let hover_message = RwSignal::new(None::<String>);
    let hover = move |event: leptos::ev::MouseEvent| {
        let message = highlight_under(event.client_x(), event.client_y()).and_then(|offset| {
            let lang = state.lang.get_untracked();
            state.with_shown_untracked(|a, _| {
                a.at(offset)
                    .map(|f| format!("{}: {}", f.rule, plain_text(f.message.get(lang))))
            })
        });
        if hover_message.get_untracked() != message {
            hover_message.set(message);
        }
    };
    let track_caret = move || {
        if let Some(editor) = state.editor.get_untracked() {
            state
                .caret
                .set(editor.selection_start().ok().flatten().unwrap_or(0));
        }
    };
    let chosen = move |event: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&event);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            state.open_file(file);
        }
        // The same file can be chosen again.
        input.set_value("");
    };
    view! {
        <div class="editor-frame">
            <FileTabs />
            <div class="editor-head">
                <label for="editor" class="pane-title" data-testid="editor-label">
                    {move || {
                        state
                            .active
                            .get()
                            .or_else(|| state.file_name.get())
                            .unwrap_or_else(|| t().editor_label.to_owned())
                    }}
                </label>
                <span class="open-buttons">
                    <label class="open-file" title=move || t().open_file_hint>
                        {move || t().open_file}
                        <input type="file" class="visually-hidden" data-testid="open-file" on:change=chosen />
                    </label>
                    <ChooseFolder />
                </span>
            </div>
            <div class="editor-scroll">
                <Gutter />
                <div class="code">
                    <Highlights />
                    <textarea
                        id="editor"
                        data-testid="editor"
                        node_ref=state.editor
                        wrap="off"
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        aria-describedby="caret-status"
                        rows=move || state.size.get().0
                        cols=move || state.size.get().1 + 2
                        placeholder=move || {
                            if state.shown_kind() == plimsoll_core::project::FileKind::ScanReport { t().report_placeholder } else { t().placeholder }
                        }
                        prop:value=state.source.get_untracked()
                        on:input=on_input
                        title=move || hover_message.get()
                        on:mousemove=hover
                        on:keyup=move |_| track_caret()
                        on:click=move |_| track_caret()
                        on:focus=move |_| track_caret()
                    ></textarea>
                </div>
            </div>
            <CaretStatus />
            <NotSaved />
        </div>
    }
}

/// The UTF-16 offset of the highlight under the pointer (the layer lies
/// under the textarea, so it is found among the elements at that point).
fn highlight_under(x: i32, y: i32) -> Option<u32> {
    use wasm_bindgen::JsCast;
    let elements = document().elements_from_point(x as f32, y as f32);
    let mark = elements
        .iter()
        .filter_map(|element| element.dyn_into::<web_sys::Element>().ok())
        .find(|element| element.tag_name() == "MARK")?;
    let mut offset = 0;
    let mut node = mark.previous_sibling();
    while let Some(sibling) = node {
        // Text and marks only: Leptos may leave comment markers in between.
        if matches!(
            sibling.node_type(),
            web_sys::Node::TEXT_NODE | web_sys::Node::ELEMENT_NODE
        ) {
            offset += sibling
                .text_content()
                .unwrap_or_default()
                .encode_utf16()
                .count();
        }
        node = sibling.previous_sibling();
    }
    u32::try_from(offset).ok()
}

/// Line numbers; lines with findings are marked and show their messages.
#[component]
fn Gutter() -> impl IntoView {
    let state = use_state();
    let runs = Memo::new(move |_| {
        let lang = state.lang.get();
        let lines = state.size.get().0;
        state.with_shown(|analysis, _| {
            let marks: Vec<_> = analysis
                .findings
                .iter()
                .map(|f| {
                    (
                        f.line,
                        f.severity,
                        format!("{}: {}", f.rule, plain_text(f.message.get(lang))),
                    )
                })
                .collect();
            editing::gutter(lines, &marks)
        })
    });
    // One listener for the whole gutter: a listener per marked line costs
    // more than the line itself when thousands of lines are marked.
    let jump_to_line = move |event: leptos::ev::MouseEvent| {
        use wasm_bindgen::JsCast;
        let line = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest(".gutter-mark").ok().flatten())
            .and_then(|mark| mark.get_attribute("data-line"))
            .and_then(|line| line.parse::<u32>().ok());
        let key = line.and_then(|line| {
            state.with_shown_untracked(|a, _| {
                a.findings.iter().find(|f| f.line == line).map(|f| f.key)
            })
        });
        if let Some(key) = key {
            state.jump_to(key);
        }
    };
    let run = move |run: GutterRun| match run {
        GutterRun::Plain(numbers) => numbers.into_any(),
        GutterRun::Marked {
            line,
            severity,
            messages,
        } => view! {
            <span
                class="gutter-mark"
                id=format!("line-{line}")
                data-line=line
                data-severity=severity.as_str()
                title=messages.join("\n")
            >
                <span class="gutter-dot"></span>
                {line}
                "\n"
            </span>
        }
        .into_any(),
    };
    view! {
        <pre class="gutter" aria-hidden="true" on:click=jump_to_line>
            {move || runs.get().into_iter().map(run).collect_view()}
        </pre>
    }
}

/// The text again, invisible, with the findings' spans marked.
#[component]
fn Highlights() -> impl IntoView {
    let state = use_state();
    let segments = Memo::new(move |_| {
        state.with_shown(|analysis, text| {
            let marks: Vec<_> = analysis
                .findings
                .iter()
                .flat_map(|f| f.spans.iter().map(|&span| (span, f.severity)))
                .collect();
            editing::segments(text, &marks)
        })
    });
    let segment = |segment: Segment| match segment.severity {
        None => segment.text.into_any(),
        Some(severity) => {
            view! { <mark data-severity=severity.as_str()>{segment.text}</mark> }.into_any()
        }
    };
    view! {
        <pre class="highlights" aria-hidden="true">
            {move || segments.get().into_iter().map(segment).collect_view()}
            "\n"
        </pre>
    }
}

/// Says when the text will be gone after a reload, and why.
#[component]
fn NotSaved() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let why = move || {
        state.unsaved.get().map(|unsaved| match unsaved {
            Unsaved::TooLarge(size) | Unsaved::ProjectTooLarge(size) => {
                let ui = t();
                let said = match unsaved {
                    Unsaved::ProjectTooLarge(_) => ui.not_saved_project,
                    _ => ui.not_saved,
                };
                said.replace("{size}", &crate::i18n::megabytes(size))
                    .replace("{limit}", &crate::i18n::megabytes(MAX_STORED_CHARS))
            }
            Unsaved::ContextLeftOut(names) => t()
                .not_saved_names
                .replace("{count}", &names.to_string())
                .replace("{limit}", &crate::i18n::megabytes(MAX_STORED_CHARS)),
            Unsaved::Refused => t().not_saved_storage.to_owned(),
        })
    };
    view! {
        <p class="not-saved" data-testid="not-saved" role="status" hidden=move || why().is_none()>{why}</p>
    }
}

/// The message of the finding at the caret, and how long the last check took.
#[component]
fn CaretStatus() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let at_caret = move || {
        let lang = state.lang.get();
        let caret = state.caret.get();
        state.with_shown(|analysis, _| {
            analysis.at(caret).map(|f| {
                let head = format!(
                    "{}: {} {}: ",
                    t().at_caret,
                    f.rule,
                    f.severity.label().get(lang)
                );
                let message = f.message.get(lang).to_owned();
                view! { {head} <Message text=message /> }
            })
        })
    };
    let timing = move || {
        format!(
            "{} {} ms",
            t().checked_in,
            crate::i18n::whole(state.update_ms.get())
        )
    };
    view! {
        <p id="caret-status" class="caret-status">
            <span class="at-caret" data-testid="at-caret">{at_caret}</span>
            <span
                class="timing"
                data-testid="timing"
                data-ms=move || crate::i18n::one_decimal(state.update_ms.get())
                data-check-ms=move || crate::i18n::one_decimal(state.check_ms.get())
                data-checked-in=move || if state.checked_off_the_page.get() { "worker" } else { "page" }
                data-shown=move || state.shown.get()
            >
                {timing}
            </span>
        </p>
    }
}
