//! How the PL2xx rules name and place an image reference.

use crate::model::{ImageRef, Stage};

/// The reference as Docker reads it: `node:20`, `gcr.io/distroless/static@sha256:…`.
pub(crate) fn resolved(image: &ImageRef) -> String {
    let mut text = image.familiar_name();
    if let Some(tag) = &image.tag {
        text.push(':');
        text.push_str(tag);
    }
    if let Some(digest) = &image.digest {
        text.push('@');
        text.push_str(digest);
    }
    text
}

/// The FROM image for a message: as written, followed by what it resolves to
/// when build arguments are involved (`${BASE}` (`node:20`)).
pub(crate) fn shown(stage: &Stage, image: &ImageRef) -> String {
    if stage.base_text.contains('$') {
        format!("`{}` (`{}`)", stage.base_text, resolved(image))
    } else {
        format!("`{}`", stage.base_text)
    }
}

/// `name:tag` to put a digest after, with a placeholder for a missing or `latest` tag.
pub(crate) fn tagged(image: &ImageRef) -> String {
    match image.tag.as_deref() {
        Some(tag) if tag != "latest" => format!("{}:{tag}", image.familiar_name()),
        _ => format!("{}:<version>", image.familiar_name()),
    }
}
