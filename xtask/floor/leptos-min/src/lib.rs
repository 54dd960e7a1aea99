//! A Leptos CSR page with a signal, a list and an input: the framework's floor.
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn start() {
    mount_to_body(|| {
        let text = RwSignal::new(String::new());
        let items = move || text.get().lines().map(str::to_owned).collect::<Vec<_>>();
        view! {
            <textarea on:input=move |e| text.set(event_target_value(&e))></textarea>
            <ul>
                <For each=items key=|line| line.clone() let:line>
                    <li class:empty=line.is_empty()>{line.clone()}</li>
                </For>
            </ul>
            <Show when=move || text.get().is_empty()><p>"empty"</p></Show>
        }
    });
}
