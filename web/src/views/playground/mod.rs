//! The playground: the editor with its file tabs, the checklist, findings
//! and vulnerabilities beside it, and the page's chrome. Each component
//! reads [`crate::state::AppState`] from context and renders what plain
//! functions computed; the pieces other views share are in
//! [`crate::components`].

pub mod app;
mod card;
mod checking;
mod checklist;
mod editor;
mod files;
mod findings;
mod folder;
mod header;
mod menus;
mod notice;
mod pages;
mod settings;
mod stages;
mod vulnerabilities;

use crate::components::doc_html;
use crate::components::{texts, use_state, Message, OrderSelect, ViewLink};
