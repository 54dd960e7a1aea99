//! PL5xx: ports, health checks and remote access (the seed's "ネットワークセキュリティ").
//!
//! All of these are about the image that runs: EXPOSE and HEALTHCHECK live in
//! the image configuration and installed servers in its file system, and
//! both pass to the final image only through its `FROM <stage>` chain, not
//! through `COPY --from`. So these rules look at that chain alone.

pub mod healthcheck_disabled;
pub mod missing_healthcheck;
pub mod remote_access_server;
pub mod risky_port;
pub mod ssh_port;

use crate::fix::Edit;
use crate::model::RunScript;
use crate::rules::Context;
use crate::shell::script::basename;
use crate::shell::{classify, Tool};
use crate::syntax::{Args, Command, Instruction, Keyword, Word};

/// The final stage and the stages it is built on, base first.
pub(crate) fn final_chain(context: &Context) -> Vec<usize> {
    let mut chain = context
        .model
        .final_stage
        .map(|last| context.model.ancestry(last))
        .unwrap_or_default();
    chain.reverse();
    chain
}

/// The instructions of the final chain, in build order (ONBUILD triggers
/// excluded: they run in images built from this one).
pub(crate) fn chain_instructions<'a, 'c>(
    context: &'a Context<'c>,
) -> impl Iterator<Item = (usize, &'a Instruction)> + use<'a, 'c> {
    final_chain(context).into_iter().flat_map(move |stage| {
        context.model.stages[stage]
            .instructions
            .clone()
            .map(move |index| (index, &context.dockerfile.instructions[index]))
    })
}

/// One port (or range) of an EXPOSE in the final chain.
pub(crate) struct ExposedPort<'a> {
    pub instruction: usize,
    /// Position of the item in the EXPOSE.
    pub item: usize,
    pub word: &'a Word,
    /// First and last port, after variables are expanded.
    pub ports: (u32, u32),
}

/// Every port the final image exposes.
pub(crate) fn exposed_ports<'a>(context: &'a Context) -> Vec<ExposedPort<'a>> {
    let mut exposed = Vec::new();
    for (index, instruction) in chain_instructions(context) {
        let (Keyword::Expose, Args::List { items, .. }) = (instruction.keyword, &instruction.args)
        else {
            continue;
        };
        for (item, word) in items.iter().enumerate() {
            let text = context
                .model
                .expand(context.dockerfile, index, &word.text)
                .unwrap_or_else(|| word.text.clone());
            if let Some(ports) = parse_ports(&text) {
                exposed.push(ExposedPort {
                    instruction: index,
                    item,
                    word,
                    ports,
                });
            }
        }
    }
    exposed
}

/// `22`, `22/tcp`, `8000-8010/udp`.
fn parse_ports(text: &str) -> Option<(u32, u32)> {
    let ports = text.split('/').next()?;
    let (low, high) = ports.split_once('-').unwrap_or((ports, ports));
    let low: u32 = low.trim().parse().ok()?;
    let high: u32 = high.trim().parse().ok()?;
    (low <= high).then_some((low, high))
}

/// Removes one item of an EXPOSE, or the whole instruction when it is the only one.
pub(crate) fn remove_exposed(context: &Context, port: &ExposedPort) -> Edit {
    let instruction = &context.dockerfile.instructions[port.instruction];
    let Args::List { items, .. } = &instruction.args else {
        return Edit::replace(port.word.span, "");
    };
    if items.len() == 1 {
        let source = context.source.as_bytes();
        let mut end = instruction.span.end as usize;
        if source.get(end) == Some(&b'\r') {
            end += 1;
        }
        if source.get(end) == Some(&b'\n') {
            end += 1;
        }
        let start = context.dockerfile.line_index.line_start(
            context
                .dockerfile
                .line_index
                .line_of(instruction.span.start),
        );
        return Edit::replace(crate::Span::new(start, crate::span::to_u32(end)), "");
    }
    let span = match items.get(port.item + 1) {
        Some(next) => crate::Span::new(port.word.span.start, next.span.start),
        None => crate::Span::new(items[port.item - 1].span.end, port.word.span.end),
    };
    Edit::replace(span, "")
}

/// A package installed in the final chain.
pub(crate) struct Installed<'a> {
    pub script: &'a RunScript,
    pub tool: Tool,
    /// The package name without version or release (`openssh-server`).
    pub name: String,
    /// The package's word in the script.
    pub word_range: std::ops::Range<usize>,
}

impl Installed<'_> {
    /// Whether this is the server package of `base`: `postgresql`,
    /// `postgresql-15`, `postgresql15-server`, `redis-server`, but not
    /// `postgresql-client` or `redis-tools`.
    pub fn is_server(&self, base: &str) -> bool {
        self.name.strip_prefix(base).is_some_and(|rest| {
            let mut letters = rest.bytes().filter(u8::is_ascii_alphabetic).peekable();
            letters.peek().is_none() || letters.eq("server".bytes())
        })
    }
}

/// The programs the final image starts: every word of its last ENTRYPOINT
/// and CMD, by base name (`docker-entrypoint.sh`, `postgres`).
pub(crate) fn started_programs(context: &Context) -> Vec<String> {
    let mut entrypoint = None;
    let mut cmd = None;
    for (_, instruction) in chain_instructions(context) {
        match instruction.keyword {
            Keyword::Entrypoint => entrypoint = instruction.command(),
            Keyword::Cmd => cmd = instruction.command(),
            _ => {}
        }
    }
    let words = |command: Option<&Command>| -> Vec<String> {
        match command {
            Some(Command::Exec(words)) => words.iter().map(|word| word.text.clone()).collect(),
            Some(Command::Shell { text, .. }) => {
                text.split_whitespace().map(str::to_string).collect()
            }
            _ => Vec::new(),
        }
    };
    let mut programs = words(entrypoint);
    programs.extend(words(cmd));
    programs
        .iter()
        .map(|word| basename(word).to_string())
        .collect()
}

/// Every package the final chain's RUN scripts install (`ONBUILD RUN`
/// triggers install into the images built from this one, not into it).
/// Rules read them through [`Context::installed_packages`], built once.
pub(crate) fn installed_packages<'a>(context: &Context<'a>) -> Vec<Installed<'a>> {
    let mut installed = Vec::new();
    for script in context.scripts.iter().filter(|script| {
        !script.is_trigger()
            && script
                .stage
                .is_some_and(|stage| context.model.in_final_chain(stage))
    }) {
        for command in &script.script.commands {
            let Some(recognized) = classify(command) else {
                continue;
            };
            if !recognized.tool.is_package_manager() {
                continue;
            }
            for operand in recognized.packages() {
                // `"postgresql-$PG_MAJOR"`, `${MONGO_PACKAGE}`: ENV and ARG values.
                let expanded = context
                    .model
                    .expand(context.dockerfile, script.instruction, &operand.value)
                    .unwrap_or_else(|| operand.value.clone());
                let name = package_name(&expanded);
                installed.push(Installed {
                    script,
                    tool: recognized.tool,
                    name,
                    word_range: command.words[operand.word].range.clone(),
                });
            }
        }
    }
    installed
}

/// `openssh-server=1:9.2p1-2` → `openssh-server`; `redis@7` → `redis`;
/// an unresolved `postgresql-$PG_MAJOR` → `postgresql-`.
fn package_name(spec: &str) -> String {
    spec.split(['=', '@', '<', '>', '~', '$'])
        .next()
        .unwrap_or(spec)
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_specs() {
        assert_eq!(parse_ports("22"), Some((22, 22)));
        assert_eq!(parse_ports("22/tcp"), Some((22, 22)));
        assert_eq!(parse_ports("20-25/udp"), Some((20, 25)));
        assert_eq!(parse_ports("${PORT}"), None);
        assert_eq!(package_name("openssh-server=1:9.2"), "openssh-server");
        assert_eq!(package_name("postgresql-$PG_MAJOR"), "postgresql-");
    }
}
