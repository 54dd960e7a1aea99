//! PL6xx: minimal images (the seed's "最小イメージ").

pub mod build_tools;
pub mod copy_whole_filesystem;
pub mod sdk_final_stage;

use crate::model::{Base, ImageRef, Purpose, RunScript};
use crate::rules::Context;
use crate::shell::script::basename;

/// The stages whose file system becomes the final image: the final stage and
/// the stages it is built `FROM`.
pub(crate) fn final_chain(context: &Context) -> Vec<usize> {
    context
        .model
        .final_stage
        .map(|stage| context.model.ancestry(stage))
        .unwrap_or_default()
}

/// The RUN scripts of those stages. `ONBUILD RUN` triggers are left out:
/// they build nothing into this image, and an image with triggers is most
/// often the base of a build stage, where build tools belong.
pub(crate) fn final_chain_scripts<'a, 'c>(
    context: &'a Context<'c>,
) -> impl Iterator<Item = &'a RunScript> + use<'a, 'c> {
    context.scripts.iter().filter(move |script| {
        !script.is_trigger()
            && script
                .stage
                .is_some_and(|stage| context.model.in_final_chain(stage))
    })
}

/// Whether the final image is one where build tools belong: a build or test
/// image, or a base meant to be built upon (`CMD ["python3"]`, ONBUILD, no
/// command of its own).
pub(crate) fn final_image_is_for_building(context: &Context) -> bool {
    matches!(
        context.model.final_purpose(),
        Some(Purpose::Build | Purpose::Test | Purpose::Base | Purpose::Export)
    )
}

/// `./mvnw` → `mvnw`.
pub(crate) fn program(name: &str) -> &str {
    basename(name)
}

/// Toolchain families and the final images to use instead.
#[derive(Clone, Copy)]
pub(crate) enum Toolchain {
    /// Go, Rust, C/C++, Swift: static or self-contained binaries.
    Native,
    Java,
    Dotnet,
}

/// Images that carry a compiler or SDK rather than only a runtime.
pub(crate) fn toolchain(image: &ImageRef) -> Option<Toolchain> {
    let name = image.familiar_name();
    let tag = image.tag.as_deref().unwrap_or_default();
    match name.as_str() {
        "golang" | "rust" | "rustlang/rust" | "gcc" | "swift" | "buildpack-deps" => {
            Some(Toolchain::Native)
        }
        "maven" | "gradle" => Some(Toolchain::Java),
        "openjdk" | "eclipse-temurin" | "amazoncorretto" | "sapmachine" | "ibm-semeru-runtimes"
            if !tag.contains("jre") =>
        {
            Some(Toolchain::Java)
        }
        "mcr.microsoft.com/dotnet/sdk" | "mcr.microsoft.com/dotnet/core/sdk" => {
            Some(Toolchain::Dotnet)
        }
        _ => None,
    }
}

/// The toolchain image the final image is rooted in, if it is one.
pub(crate) fn final_toolchain(context: &Context) -> Option<(usize, Toolchain)> {
    let root = *final_chain(context).last()?;
    match &context.model.stages[root].base {
        Base::Image(image) => toolchain(image).map(|toolchain| (root, toolchain)),
        _ => None,
    }
}
