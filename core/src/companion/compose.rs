//! Compose files: their services, and the Dockerfile each one builds.
//! Files with and without `version:` read the same; anchors, merge keys and
//! `x-` extensions are resolved by the YAML tree; `!reset` values are
//! absent.

use super::yaml::{Value, Yaml};

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
