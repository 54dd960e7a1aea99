//! What a Dockerfile's image says about how it runs, for the files that run
//! it (Compose services, Kubernetes containers) to be checked against.

use crate::companion::ImageFacts;
use crate::model::Base;
use crate::rules::network::{chain_instructions, exposed_ports};
use crate::rules::user::{defaults_to_non_root, final_users, is_root};
use crate::rules::Context;
use crate::syntax::{Args, Healthcheck, Keyword};

/// The facts of the image `context`'s Dockerfile builds (`path`: its path
/// in the project).
pub(crate) fn image_facts(context: &Context, path: &str) -> ImageFacts {
    let user = final_users(context)
        .pop()
        .map(|(_, word, user)| (user, word.span));
    let runs_as_root = match (&user, context.model.final_stage) {
        (Some((user, _)), _) => is_root(user),
        (None, Some(stage)) => match context.model.root_base(stage) {
            Base::Scratch => true,
            base => !defaults_to_non_root(base),
        },
        (None, None) => false,
    };
    let healthcheck = chain_instructions(context)
        .filter(|(_, instruction)| instruction.keyword == Keyword::Healthcheck)
        .last()
        .filter(|(_, instruction)| {
            !matches!(instruction.args, Args::Healthcheck(Healthcheck::None))
        })
        .map(|(_, instruction)| instruction.span);
    ImageFacts {
        path: path.to_string(),
        user,
        runs_as_root,
        exposed: exposed_ports(context)
            .into_iter()
            .map(|port| (port.ports, port.word.span))
            .collect(),
        healthcheck,
    }
}
