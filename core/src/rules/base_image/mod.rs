//! PL2xx: trusted and pinned base images (the seed's "ベースイメージのセキュリティ").

pub mod latest_tag;
pub mod not_pinned_by_digest;
mod platform;
pub mod platform_constant;
pub mod redundant_platform;
mod reference;
pub mod syntax_unpinned;
pub mod unofficial_image;
pub mod untrusted_registry;

use crate::model::{Base, ImageRef, Stage};
use crate::rules::Context;
use crate::span::Span;

/// Stages built on an external image, with the parsed reference.
pub(crate) fn external_bases<'a>(
    context: &'a Context,
) -> impl Iterator<Item = (&'a Stage, &'a ImageRef)> + 'a {
    context
        .model
        .stages
        .iter()
        .filter_map(|stage| match &stage.base {
            Base::Image(image) => Some((stage, image)),
            _ => None,
        })
}

/// The span of a part of the image reference (such as its tag) when the
/// FROM word is written literally; the whole word otherwise.
pub(crate) fn part_span(stage: &Stage, range: Option<&std::ops::Range<usize>>) -> Span {
    match range {
        Some(range)
            if stage.base_text.len() == stage.base_span.len() as usize
                && !stage.base_text.contains('$') =>
        {
            Span::new(
                stage.base_span.start + crate::span::to_u32(range.start),
                stage.base_span.start + crate::span::to_u32(range.end),
            )
        }
        _ => stage.base_span,
    }
}
