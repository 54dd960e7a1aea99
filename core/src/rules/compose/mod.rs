//! PLCxxx: Compose services. A Compose file decides how the image runs:
//! its user, file system, capabilities, published ports and limits override
//! or complete what the Dockerfile says. Codes take their hundreds digit
//! from the seed's section, as the Dockerfile rules do (`PLC701`: the file
//! system).
//!
//! Every rule reads each service on its own and reports one finding per
//! service (the pipeline merges a rule's places in one service). A service
//! is what Compose runs: the project merges a Compose file with its
//! override files first (`project::compose_runs`), and gives each finding
//! back to the file that wrote the value it points at. Fixes edit
//! block-style services only: a flow mapping (`web: {image: x}`) gets advice.

pub mod capabilities_not_dropped;
pub mod healthcheck_disabled;
pub mod host_control_mount;
pub mod host_device;
pub mod host_namespace;
pub mod no_new_privileges;
pub mod port_on_all_interfaces;
pub mod privileged;
pub mod resource_limits;
pub mod risky_capability;
pub mod root_user;
pub mod secret_in_environment;
pub mod unconfined_profile;
pub mod writable_root_filesystem;

pub(crate) use crate::companion::compose::colon_parts;
use crate::companion::compose::Service;
use crate::companion::yaml::Value;
use crate::fix::{Edit, Fix};
use crate::report::Text;
use crate::rules::ComposeContext;
use crate::span::to_u32;

/// Every service with the image it builds, if the project links one.
pub(crate) fn services<'a>(
    context: &'a ComposeContext<'a>,
) -> impl Iterator<Item = (&'a Service<'a>, Option<&'a crate::companion::ImageFacts>)> + 'a {
    context
        .services
        .iter()
        .enumerate()
        .map(|(index, service)| (service, context.images.get(index).copied().flatten()))
}

/// Where a new key of a block-style mapping goes: the start of the line of
/// its first key, and that key's indentation. `None` for a flow mapping or
/// an empty one.
pub(crate) fn first_key_line(source: &str, mapping: Value) -> Option<(u32, usize)> {
    let (key, _) = mapping.entries().into_iter().next()?;
    let key_start = key.span().start as usize;
    let line_start = source[..key_start].rfind('\n').map_or(0, |at| at + 1);
    let indent = &source[line_start..key_start];
    (!indent.is_empty() && indent.bytes().all(|byte| byte == b' '))
        .then_some((to_u32(line_start), indent.len()))
}

/// Inserts `lines` (each `key: value` or a nested line relative to the
/// mapping's indentation) as the first keys of a block-style service.
pub(crate) fn insert_keys(source: &str, service: &Service, lines: &[&str]) -> Option<Edit> {
    let (at, indent) = first_key_line(source, service.service)?;
    let pad = " ".repeat(indent);
    let text: String = lines.iter().map(|line| format!("{pad}{line}\n")).collect();
    Some(Edit::insert(at, text))
}

/// Adds `item` to a list that is written in the service itself: as the
/// first item of a block sequence (on its own line, indented like the
/// others) or of a flow sequence (`[a, b]`). `None` when the list comes
/// from a merge key or an alias (the edit would change other services too)
/// or is not a sequence.
pub(crate) fn add_item(source: &str, service: &Service, list: Value, item: &str) -> Option<Edit> {
    let span = list.span();
    if !list.is_sequence() || !service.service.covers(span) {
        return None;
    }
    if source.get(span.start as usize..)?.starts_with('[') {
        let separator = if list.items().next().is_some() {
            ", "
        } else {
            ""
        };
        return Some(Edit::insert(span.start + 1, format!("{item}{separator}")));
    }
    let first = list.items().next()?.span().start;
    if first < span.start {
        return None;
    }
    let first = first as usize;
    let dash = source[..first]
        .trim_end_matches(' ')
        .strip_suffix('-')?
        .len();
    let line_start = source[..dash].rfind('\n').map_or(0, |at| at + 1);
    let indent = &source[line_start..dash];
    indent
        .bytes()
        .all(|byte| byte == b' ')
        .then(|| Edit::insert(to_u32(line_start), format!("{indent}- {item}\n")))
}

/// The text items of a list (`cap_add`, `security_opt`, `devices`), with
/// each item's node.
pub(crate) fn text_items<'a>(list: Option<Value<'a>>) -> Vec<(Value<'a>, &'a str)> {
    list.map(|list| {
        list.items()
            .filter_map(|item| Some((item, item.as_str()?)))
            .collect()
    })
    .unwrap_or_default()
}

/// A `security_opt` item as Docker splits it: `seccomp:unconfined`,
/// `label=disable`, `no-new-privileges` (a name alone) into name and value,
/// the name in lower case.
pub(crate) fn security_option(item: &str) -> (String, Option<&str>) {
    let item = item.trim();
    match item.find([':', '=']) {
        Some(at) => (item[..at].to_ascii_lowercase(), Some(&item[at + 1..])),
        None => (item.to_ascii_lowercase(), None),
    }
}

/// The fix of a finding: `make` with the edit when the rule could write
/// one, else the same description as advice.
pub(crate) fn edit_or_advice(
    description: Text,
    edit: Option<Edit>,
    make: fn(Text, Vec<Edit>) -> Fix,
) -> Fix {
    match edit {
        Some(edit) => make(description, vec![edit]),
        None => Fix::manual(description),
    }
}

/// `services.web`: how messages name a service.
pub(crate) fn label(service: &Service) -> String {
    format!("`{}`", service.name)
}

/// The whole line of `span` with its line break: what removing a key
/// written on one line deletes.
pub(crate) fn whole_line(source: &str, span: crate::span::Span) -> crate::span::Span {
    let start = source[..span.start as usize]
        .rfind('\n')
        .map_or(0, |at| at + 1);
    let end = source[span.start as usize..]
        .find('\n')
        .map_or(source.len(), |at| span.start as usize + at + 1);
    crate::span::Span::new(to_u32(start), to_u32(end))
}

/// `${VAR:-default}` and `${VAR-default}` replaced by their defaults: what
/// Compose uses when the variable is not set (`"${DB_PORT:-127.0.0.1:5432}:5432"`
/// binds to the loopback address unless the variable says otherwise).
pub(crate) fn with_defaults(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let inner = &after[..end];
        match inner.split_once(":-").or_else(|| inner.split_once('-')) {
            Some((_, default)) => out.push_str(default),
            None => out.push_str(&rest[start..start + 2 + end + 1]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}
