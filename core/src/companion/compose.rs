//! Compose files: their services, and the Dockerfile each one builds.
//! Files with and without `version:` read the same; anchors, merge keys and
//! `x-` extensions are resolved by the YAML tree; `!reset` values are
//! absent.

use super::yaml::{MergeRule, Value, Yaml};

/// One service of a Compose file.
#[derive(Clone, Copy, Debug)]
pub struct Service<'a> {
    pub name: &'a str,
    /// The service's key (where findings about the whole service point).
    pub key: Value<'a>,
    pub service: Value<'a>,
}

/// What a service builds: its context directory and Dockerfile, relative
/// to the Compose file's directory as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Build {
    pub context: String,
    pub dockerfile: String,
}

/// The services of a parsed Compose file, in order.
pub fn services(yaml: &Yaml) -> Vec<Service<'_>> {
    let Some(services) = yaml.document(0).and_then(|root| root.get("services")) else {
        return Vec::new();
    };
    services
        .entries()
        .into_iter()
        .filter(|(_, service)| service.is_mapping())
        .filter_map(|(key, service)| {
            Some(Service {
                name: key.as_str()?,
                key,
                service,
            })
        })
        .collect()
}

impl<'a> Service<'a> {
    pub fn get(&self, key: &str) -> Option<Value<'a>> {
        self.service.get(key)
    }

    /// `build: ./dir` or `build: {context, dockerfile}`; `None` for a
    /// service that only pulls an image, or builds from a URL.
    pub fn build(&self) -> Option<Build> {
        let build = self.get("build")?;
        let (context, dockerfile) = if let Some(context) = build.as_str() {
            (context, None)
        } else {
            (
                build
                    .get("context")
                    .and_then(|context| context.as_str())
                    .unwrap_or("."),
                build
                    .get("dockerfile")
                    .and_then(|dockerfile| dockerfile.as_str()),
            )
        };
        if context.contains("://") || context.starts_with("git@") {
            return None;
        }
        Some(Build {
            context: context.to_string(),
            dockerfile: dockerfile.unwrap_or("Dockerfile").to_string(),
        })
    }
}

/// The parts of a short-syntax item (`[IP:]HOST:CONTAINER`,
/// `SOURCE:TARGET[:MODE]`) at the colons that are not inside `${...}` or
/// `[...]` (an IPv6 address).
pub fn colon_parts(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (at, ch) in text.char_indices() {
        match ch {
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            ':' if depth == 0 => {
                parts.push(&text[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// The file Compose reads in a directory when no `-f` names one: the first
/// of these that exists.
pub const DEFAULT_FILES: [&str; 4] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];

/// The override file Compose merges over it by default: the first of these
/// that exists, whatever the default file is called.
pub const OVERRIDE_FILES: [&str; 4] = [
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
];

/// How Compose merges a later file's value at `path` (keys from the root)
/// into an earlier file's, per the Compose Specification's merge rules:
/// commands replaced; volumes unique by target, ports by address, secrets
/// and configs by source; variables and labels merged by name in either
/// form; other mappings merged and sequences appended.
pub fn merge_rule(path: &[&str]) -> MergeRule {
    match path {
        ["services", _, "command" | "entrypoint"] | ["services", _, "healthcheck", "test"] => {
            MergeRule::Replace
        }
        ["services", _, "volumes"] => MergeRule::UniqueBy(volume_target),
        ["services", _, "ports"] => MergeRule::UniqueBy(port_address),
        ["services", _, "secrets" | "configs"] => MergeRule::UniqueBy(source),
        ["services", _, "environment" | "labels"] | ["services", _, "build", "args"] => {
            MergeRule::ByName
        }
        _ => MergeRule::Deep,
    }
}

/// Where a volume is mounted in the container: `target` of the long
/// syntax, the part after the source in `SOURCE:TARGET[:MODE]`, or the
/// path alone of an anonymous volume.
fn volume_target(volume: Value) -> Option<String> {
    if volume.is_mapping() {
        return Some(volume.get("target")?.as_str()?.to_string());
    }
    let parts = colon_parts(volume.as_str()?);
    parts
        .get(1)
        .or(parts.first())
        .map(|target| target.to_string())
}

/// A published port's address (IP, published and target port, protocol):
/// the short syntax as written, the long syntax's fields.
fn port_address(port: Value) -> Option<String> {
    if !port.is_mapping() {
        return port.as_str().map(|text| text.trim().to_string());
    }
    let field = |key: &str| port.get(key).and_then(|value| value.as_str()).unwrap_or("");
    Some(format!(
        "{}:{}:{}/{}",
        field("host_ip"),
        field("published"),
        field("target"),
        field("protocol")
    ))
}

/// The secret or config a service item names.
fn source(item: Value) -> Option<String> {
    let source = if item.is_mapping() {
        item.get("source")?
    } else {
        item
    };
    source.as_str().map(str::to_string)
}
