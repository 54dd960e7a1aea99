//! `FROM --platform=...`, shared by PL206 and PL207.

use crate::fix::Edit;
use crate::model::Stage;
use crate::rules::Context;
use crate::span::Span;
use crate::syntax::Flag;

/// A stage's `--platform` flag, when it has a value.
pub(crate) fn platform_flag<'a>(
    context: &'a Context,
    stage: &Stage,
) -> Option<(&'a Flag, &'a str)> {
    let flag = context.dockerfile.instructions[stage.from].flag("platform")?;
    let value = flag.value.as_deref()?.trim();
    (!value.is_empty()).then_some((flag, value))
}

/// Deletes the flag and the blanks after it.
pub(crate) fn removal(context: &Context, flag: &Flag) -> Edit {
    let rest = &context.source[flag.span.end as usize..];
    let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    Edit::replace(
        Span::new(flag.span.start, flag.span.end + crate::span::to_u32(blanks)),
        "",
    )
}
