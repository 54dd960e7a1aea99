//! Deploy tools that rewrite the image references of Kubernetes manifests
//! before they reach the cluster: kustomize (`images:` of a
//! `kustomization.yaml`) and Skaffold (the images of its build artifacts,
//! set to the tag it builds). A bare `image: api` in such a manifest is a
//! placeholder, not the reference the kubelet pulls.

use super::dockerignore::clean;
use super::yaml::Yaml;

/// A deploy tool's file and the image names it sets a tag or digest for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeployTool {
    /// The directory of its file, relative to the project root.
    pub dir: String,
    /// Image names (no tag or digest) it gives a tag or digest.
    pub images: Vec<String>,
    /// For a kustomization: its `resources` (and the older `bases`),
    /// resolved from the project root; the manifests and directories it
    /// builds.
    pub resources: Vec<String>,
}

/// kustomize's file names, and Skaffold's.
const KUSTOMIZATION: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
const SKAFFOLD: [&str; 2] = ["skaffold.yaml", "skaffold.yml"];

/// An image reference without tag or digest, registry kept (as kustomize
/// and Skaffold match names): `ghcr.io/org/app:1.2@sha256:…` → `ghcr.io/org/app`.
pub fn image_name(image: &str) -> &str {
    let image = image.split('@').next().unwrap_or(image);
    match image.rfind(':') {
        Some(colon) if !image[colon..].contains('/') => &image[..colon],
        _ => image,
    }
}

/// Whether `path` names a kustomize or Skaffold file.
pub fn is_deploy_tool(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    KUSTOMIZATION.contains(&name) || SKAFFOLD.contains(&name)
}

/// The deploy tool a project file is, by its name: kustomize's and
/// Skaffold's files; `None` for any other file.
pub fn read(path: &str, text: &str) -> Option<DeployTool> {
    if !is_deploy_tool(path) {
        return None;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    let kustomize = KUSTOMIZATION.contains(&name);
    let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
    let yaml = Yaml::parse(text);
    let mut tool = DeployTool {
        dir,
        images: Vec::new(),
        resources: Vec::new(),
    };
    // Skaffold files hold several configurations, one per document.
    for document in yaml.documents() {
        if kustomize {
            for entry in document
                .get("images")
                .iter()
                .flat_map(|images| images.items())
            {
                // A `newTag: latest` leaves the image as untagged as before.
                let new_tag = entry.get("newTag").and_then(|tag| tag.as_str());
                let sets_version = entry.get("digest").is_some()
                    || new_tag.is_some_and(|tag| !tag.trim().is_empty() && tag.trim() != "latest");
                if let (Some(name), true) = (
                    entry.get("name").and_then(|name| name.as_str()),
                    sets_version,
                ) {
                    tool.images.push(image_name(name).to_string());
                }
            }
            for key in ["resources", "bases"] {
                for resource in document.get(key).iter().flat_map(|list| list.items()) {
                    if let Some(resource) = resource.as_str().filter(|text| !text.contains("://")) {
                        tool.resources.push(clean(
                            format!("{}/{resource}", tool.dir).trim_start_matches('/'),
                        ));
                    }
                }
            }
        } else {
            let artifacts = document.path(&["build", "artifacts"]);
            for artifact in artifacts.iter().flat_map(|artifacts| artifacts.items()) {
                if let Some(image) = artifact.get("image").and_then(|image| image.as_str()) {
                    tool.images.push(image_name(image).to_string());
                }
            }
        }
    }
    Some(tool)
}

/// Whether `path` is `dir` or inside it (`""`: the project root).
fn within(path: &str, dir: &str) -> bool {
    dir.is_empty()
        || path == dir
        || path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The image names the project's deploy tools set when they deploy the
/// manifest at `manifest`: a Skaffold file in its directory or above; a
/// kustomization there or above, or one whose resources (followed through
/// the kustomizations they name, as overlays name their base) include it.
pub fn replaced_images(tools: &[DeployTool], manifest: &str) -> Vec<String> {
    let mut images = Vec::new();
    for (index, tool) in tools.iter().enumerate() {
        if within(manifest, &tool.dir) || builds(tools, index, manifest, &mut vec![index]) {
            images.extend(tool.images.iter().cloned());
        }
    }
    images
}

/// Whether the kustomization `tools[index]` builds `manifest` through its
/// resources; `seen`: the kustomizations already followed.
fn builds(tools: &[DeployTool], index: usize, manifest: &str, seen: &mut Vec<usize>) -> bool {
    tools[index].resources.iter().any(|resource| {
        if within(manifest, resource) {
            return true;
        }
        let Some(next) = tools
            .iter()
            .position(|tool| tool.dir == *resource && !tool.resources.is_empty())
        else {
            return false;
        };
        if seen.contains(&next) {
            return false;
        }
        seen.push(next);
        builds(tools, next, manifest, seen)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_tag_and_digest_but_keep_the_registry() {
        assert_eq!(image_name("api"), "api");
        assert_eq!(image_name("ghcr.io/org/app:latest"), "ghcr.io/org/app");
        assert_eq!(image_name("localhost:5000/app"), "localhost:5000/app");
        assert_eq!(image_name("app:1@sha256:abc"), "app");
    }

    #[test]
    fn an_overlay_sets_the_images_of_its_base() {
        let base = read(
            "k8s/base/kustomization.yaml",
            "resources:\n  - deployment.yaml\n",
        )
        .unwrap();
        let overlay = read(
            "k8s/overlays/prod/kustomization.yaml",
            "resources:\n  - ../../base\nimages:\n  - name: api\n    newTag: 1.4.2\n  - name: renamed-only\n    newName: example/other\n  - name: still-latest\n    newTag: latest\n",
        )
        .unwrap();
        assert_eq!(overlay.resources, ["k8s/base"]);
        let skaffold = read(
            "skaffold.yaml",
            "apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: worker\n      context: worker\n",
        )
        .unwrap();
        let tools = [base, overlay, skaffold];
        assert_eq!(
            replaced_images(&tools, "k8s/base/deployment.yaml"),
            ["api", "worker"]
        );
        assert_eq!(replaced_images(&tools, "other/deployment.yaml"), ["worker"]);
        assert!(read("k8s/deployment.yaml", "kind: Deployment\n").is_none());
    }
}
