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

/// An external image the build pulls: a `FROM` base, or the image of a
/// `COPY --from=<image>` or `RUN --mount=from=<image>`, which is pulled and
/// trusted the same way.
pub(crate) struct ImageUse<'a> {
    pub stage: usize,
    pub image: &'a ImageRef,
    /// For a message: `` `node:${V}` (`node:20`) ``, `` `nginx:1.27` ``.
    pub shown: String,
    /// The reference's span: the FROM word or the `--from` value.
    pub span: Span,
    /// The span of its tag when the reference is written literally.
    pub tag_span: Span,
    /// How the Dockerfile uses it: `FROM` or `COPY --from=`.
    pub written_as: &'static str,
}

impl ImageUse<'_> {
    /// `COPY --from=templates`: a one-word name that is no stage may be a
    /// named build context (`--build-context templates=…`) rather than an image.
    pub fn may_be_build_context(&self) -> bool {
        self.written_as != "FROM " && self.image.tag.is_none() && self.image.is_official()
    }
}

/// Every external image the build pulls, FROM bases first.
pub(crate) fn image_uses<'a>(context: &'a Context) -> Vec<ImageUse<'a>> {
    let mut uses: Vec<ImageUse> = external_bases(context)
        .map(|(stage, image)| ImageUse {
            stage: stage.index,
            image,
            shown: reference::shown(stage, image),
            span: stage.base_span,
            tag_span: match &image.tag {
                Some(_) => part_span(stage, image.tag_range.as_ref()),
                None => stage.base_span,
            },
            written_as: "FROM ",
        })
        .collect();
    for stage in &context.model.stages {
        for (image, span) in &stage.external_sources {
            let written = context
                .source
                .get(span.start as usize..span.end as usize)
                .unwrap_or_default();
            // The tag's offsets hold in the source when the value is written
            // literally (a `--mount` span covers its whole option list).
            let tag_span = match &image.tag_range {
                Some(range)
                    if !written.contains('$')
                        && written.get(range.clone()) == image.tag.as_deref() =>
                {
                    Span::new(
                        span.start + crate::span::to_u32(range.start),
                        span.start + crate::span::to_u32(range.end),
                    )
                }
                _ => *span,
            };
            uses.push(ImageUse {
                stage: stage.index,
                image,
                shown: format!("`{}`", reference::resolved(image)),
                span: *span,
                tag_span,
                written_as: "COPY --from=",
            });
        }
    }
    uses
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
