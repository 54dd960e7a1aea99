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

/// The site: the playground and the rule reference in the page (workshop
/// mode and the embed view have their own modules and entry pages, which
/// index.html sends `?workshop` and `?embed` links to); check requests in
/// the check worker.
pub fn start_site() {
    if worker::is_worker() {
        worker::serve();
        return;
    }
    leptos::mount::mount_to_body(views::playground::app::App);
    offline::start();
}

/// Workshop mode alone: what `workshop.html` loads (index.html sends
/// `?workshop` links there), so that a room on conference Wi-Fi does not
/// download the playground. Exercises are checked in the page, project
/// exercises in the project worker.
pub fn start_workshop() {
    leptos::mount::mount_to_body(views::workshop::Workshop);
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
