//! "Checking 300,000 lines… 4 s": shown in the checklist and the findings
//! while a long check runs in the worker (typing goes on meanwhile), with
//! the seconds it has taken so far.

use std::time::Duration;

use leptos::prelude::*;

use super::{texts, use_state};

#[component]
pub fn Checking() -> impl IntoView {
    let state = use_state();
    let t = texts(state);
    let seconds = RwSignal::new(0_u32);
    // A timer only while a check is shown running.
    let timer = StoredValue::new(None::<IntervalHandle>);
    let stop = move || {
        if let Some(timer) = timer.try_update_value(Option::take).flatten() {
            timer.clear();
        }
    };
    Effect::new(move |was_checking: Option<bool>| {
        let checking = state.checking.with(Option::is_some);
        if checking && was_checking != Some(true) {
            seconds.set(0);
            let tick = move || seconds.update(|seconds| *seconds += 1);
            timer.set_value(set_interval_with_handle(tick, Duration::from_secs(1)).ok());
        } else if !checking {
            stop();
        }
        checking
    });
    on_cleanup(stop);
    let text = move || {
        let lines = state.checking.get()?;
        let ui = t();
        let mut said = ui.checking.replace("{lines}", &lines.to_string());
        let seconds = seconds.get();
        if seconds > 0 {
            said.push(' ');
            said.push_str(&ui.checking_for.replace("{seconds}", &seconds.to_string()));
        }
        Some(said)
    };
    view! {
        <p class="checking" data-testid="checking" role="status" hidden=move || text().is_none()>{text}</p>
    }
}
