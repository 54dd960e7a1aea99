//! Plimsoll in the browser. The components live in [`app`]; everything they
//! show is computed by plain types in [`results`], which have native tests.

mod app;
mod results;

fn main() {
    leptos::mount::mount_to_body(app::App);
}
