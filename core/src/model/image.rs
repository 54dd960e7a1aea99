//! Image references (`registry/repository:tag@digest`), read the way Docker
//! normalises them (`node` is `docker.io/library/node`).

use serde::Serialize;

pub const DOCKER_HUB: &str = "docker.io";

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImageRef {
    /// The registry host, `docker.io` when none is written.
    pub registry: String,
    /// The repository path, with `library/` added for Docker Hub's official images.
    pub repository: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
    /// Byte ranges in the reference text, for pointing at the tag or digest.
    #[serde(skip)]
    pub tag_range: Option<std::ops::Range<usize>>,
    #[serde(skip)]
    pub digest_range: Option<std::ops::Range<usize>>,
    /// Whether a registry host was written.
    #[serde(skip)]
    pub explicit_registry: bool,
}

/// Why a reference is not a valid image name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidReference(pub String);

impl ImageRef {
    pub fn parse(reference: &str) -> Result<ImageRef, InvalidReference> {
        let invalid = |why: &str| {
            Err(InvalidReference(format!(
                "invalid image reference {reference:?}: {why}"
            )))
        };
        if reference.is_empty() {
            return invalid("it is empty");
        }
        let (name_and_tag, digest) = match reference.split_once('@') {
            Some((name, digest)) => (name, Some(digest)),
            None => (reference, None),
        };
        if let Some(digest) = digest {
            let valid = digest.split_once(':').is_some_and(|(algorithm, hex)| {
                !algorithm.is_empty()
                    && hex.len() >= 32
                    && hex.chars().all(|ch| ch.is_ascii_hexdigit())
            });
            if !valid {
                return invalid("the digest must look like sha256:<hex>");
            }
        }
        let last_slash = name_and_tag.rfind('/').map_or(0, |index| index + 1);
        let (name, tag) = match name_and_tag[last_slash..].rfind(':') {
            Some(colon) => (
                &name_and_tag[..last_slash + colon],
                Some(&name_and_tag[last_slash + colon + 1..]),
            ),
            None => (name_and_tag, None),
        };
        if let Some(tag) = tag {
            let valid = !tag.is_empty()
                && tag.len() <= 128
                && tag
                    .chars()
                    .next()
                    .is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '_')
                && tag
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '_' | '.' | '-'));
            if !valid {
                return invalid("the tag may only hold letters, digits, `_`, `.` and `-`");
            }
        }
        let (registry, path, explicit_registry) = match name.split_once('/') {
            Some((first, rest))
                if first.contains(['.', ':'])
                    || first == "localhost"
                    || first.chars().any(|ch| ch.is_ascii_uppercase()) =>
            {
                (first.to_string(), rest.to_string(), true)
            }
            _ => (DOCKER_HUB.to_string(), name.to_string(), false),
        };
        let registry = if registry == "index.docker.io" {
            DOCKER_HUB.to_string()
        } else {
            registry
        };
        if path.is_empty() || !path.split('/').all(is_path_component) {
            return invalid("the repository name must be lowercase letters, digits and separators");
        }
        let repository = if registry == DOCKER_HUB && !path.contains('/') {
            format!("library/{path}")
        } else {
            path
        };
        let tag_start = name.len() + 1;
        Ok(ImageRef {
            registry,
            repository,
            tag: tag.map(str::to_string),
            digest: digest.map(str::to_string),
            tag_range: tag.map(|tag| tag_start..tag_start + tag.len()),
            digest_range: digest
                .map(|digest| name_and_tag.len() + 1..name_and_tag.len() + 1 + digest.len()),
            explicit_registry,
        })
    }

    /// A Docker Hub official image (`docker.io/library/...`).
    pub fn is_official(&self) -> bool {
        self.registry == DOCKER_HUB && self.repository.starts_with("library/")
    }

    /// The name as people write it: `node`, `bitnami/redis`, `gcr.io/distroless/static`.
    pub fn familiar_name(&self) -> String {
        match self.repository.strip_prefix("library/") {
            Some(official) if self.registry == DOCKER_HUB => official.to_string(),
            _ if self.registry == DOCKER_HUB => self.repository.clone(),
            _ => format!("{}/{}", self.registry, self.repository),
        }
    }

    /// The repository's last component (`node` for `docker.io/library/node`).
    pub fn short_name(&self) -> &str {
        self.repository
            .rsplit('/')
            .next()
            .unwrap_or(&self.repository)
    }

    /// Whether the tag is `latest` or missing, with no digest to pin it.
    pub fn is_floating(&self) -> bool {
        self.digest.is_none() && self.tag.as_deref().is_none_or(|tag| tag == "latest")
    }
}

/// A lowercase path component: `[a-z0-9]+` joined by `.`, `_`, `__` or `-`s.
fn is_path_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    if bytes.is_empty()
        || !bytes[0].is_ascii_alphanumeric()
        || !bytes[bytes.len() - 1].is_ascii_alphanumeric()
    {
        return false;
    }
    bytes.iter().all(|&byte| {
        byte.is_ascii_lowercase() || byte.is_ascii_digit() || matches!(byte, b'.' | b'_' | b'-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(reference: &str) -> (String, String, Option<String>, Option<String>) {
        let image = ImageRef::parse(reference).unwrap();
        (image.registry, image.repository, image.tag, image.digest)
    }

    #[test]
    fn normalises_like_docker() {
        assert_eq!(
            parts("node"),
            ("docker.io".into(), "library/node".into(), None, None)
        );
        assert_eq!(
            parts("node:20-alpine"),
            (
                "docker.io".into(),
                "library/node".into(),
                Some("20-alpine".into()),
                None
            )
        );
        assert_eq!(parts("bitnami/redis:7").1, "bitnami/redis");
        assert_eq!(parts("docker.io/library/node:20").1, "library/node");
        let (registry, repository, tag, _) = parts("localhost:5000/team/app:1.2");
        assert_eq!(
            (registry.as_str(), repository.as_str(), tag.as_deref()),
            ("localhost:5000", "team/app", Some("1.2"))
        );
        assert_eq!(parts("gcr.io/distroless/nodejs20-debian12").0, "gcr.io");
        let digest = "sha256:".to_string() + &"a".repeat(64);
        let image = ImageRef::parse(&format!("node:20@{digest}")).unwrap();
        assert_eq!(image.digest.as_deref(), Some(digest.as_str()));
        assert_eq!(image.tag_range, Some(5..7));
        assert!(!image.is_floating());
        assert!(ImageRef::parse("node:latest").unwrap().is_floating());
        assert!(ImageRef::parse("node").unwrap().is_official());
    }

    #[test]
    fn rejects_invalid_references() {
        for bad in [
            "",
            "Node:1",
            "node:",
            "node:-x",
            "node@sha256:zz",
            "a//b",
            "node:a b",
        ] {
            assert!(ImageRef::parse(bad).is_err(), "{bad}");
        }
    }
}
