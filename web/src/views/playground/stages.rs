//! The build stages, and which of them reach the final image.

use leptos::prelude::*;

use super::{texts, use_state};

#[component]
pub fn Stages() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let stages = Memo::new(move |_| state.analysis.with(|a| a.report.stages.clone()));
    let row = move |stage: plimsoll_core::report::StageSummary| {
        let name = stage
            .name
            .clone()
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        let reach = move || {
            let ui = t();
            if stage.is_final {
                ui.final_image
            } else if stage.builds_final {
                ui.builds_final_image
            } else if stage.reaches_final {
                ui.in_final_image
            } else {
                ui.not_in_final_image
            }
        };
        view! {
            <li data-testid="stage" data-final=stage.is_final.to_string() data-reaches=stage.reaches_final.to_string() data-builds-final=stage.builds_final.to_string()>
                <span class="stage-name">{move || format!("{} {}{name}", t().stage, stage.index)}</span>
                <code>{format!("FROM {}", stage.base)}</code>
                <span class="stage-line">{move || format!("{} {}", t().line, stage.line)}</span>
                <span class="reach">{reach}</span>
            </li>
        }
    };
    view! {
        <section class="stages" hidden=move || stages.with(Vec::is_empty)>
            <h2 class="pane-title">{move || t().stages}</h2>
            <ol>{move || stages.get().into_iter().map(row).collect_view()}</ol>
        </section>
    }
}
