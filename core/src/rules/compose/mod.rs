//! PLCxxx: Compose services. A Compose file decides how the image runs:
//! its user, file system, capabilities, published ports and limits override
//! or complete what the Dockerfile says. Codes take their hundreds digit
//! from the seed's section, as the Dockerfile rules do (`PLC701`: the file
//! system).
//!
//! Every rule reads each service on its own and reports one finding per
//! service (the pipeline merges a rule's places in one service). Fixes edit
//! block-style services only: a flow mapping (`web: {image: x}`) gets advice.

pub mod port_on_all_interfaces;
pub mod resource_limits;
pub mod root_user;
pub mod writable_root_filesystem;

use crate::companion::compose::Service;
use crate::companion::yaml::Value;
use crate::fix::Edit;
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
