//! Plimsoll in the browser. Components live in [`components`] and stay
//! small; what they show is computed by plain types and functions
//! ([`analysis`], [`editing`], [`share`], [`route`], [`markdown`], [`i18n`])
//! that have native tests. Shared state is [`state::AppState`], in context.

mod analysis;
mod browser;
mod checker;
mod components;
mod editing;
mod folder;
mod folder_walk;
mod i18n;
mod offline;
mod project;
mod query;
mod route;
mod rule_docs;
mod rule_search;
mod share;
mod shortcuts;
mod state;
mod views;
mod vulnerabilities;
mod worker;

/// The whole site: the playground, the rule reference and workshop mode,
/// and the embed view when the page is `embed.html` (`?embed`), in the
/// page; check requests in the check worker.
pub fn start_site() {
    if worker::is_worker() {
        worker::serve();
        return;
    }
    // Embed and workshop views are chosen by the query string (static hosts).
    let location = leptos::prelude::window().location();
    let (search, path) = (
        location.search().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
    );
    if views::embed::requested(&search, &path) {
        leptos::mount::mount_to_body(views::embed::Embed);
    } else if views::workshop::requested(&search) {
        leptos::mount::mount_to_body(views::workshop::Workshop);
    } else {
        leptos::mount::mount_to_body(views::playground::app::App);
    }
    offline::start();
}

/// The embed view alone: what `embed.html` loads, so that a page with
/// widgets does not download the playground, the rule reference and the
/// workshop. The widget checks its short text itself (files beside it go
/// to the project worker), so this module never serves as a check worker.
pub fn start_embed() {
    leptos::mount::mount_to_body(views::embed::Embed);
    offline::start();
}
