//! Kubernetes manifests: the containers of every workload, with the
//! security settings that apply to each as the kubelet resolves them.
//!
//! The pod's `securityContext` gives containers `runAsUser`, `runAsGroup`,
//! `runAsNonRoot`, `seLinuxOptions`, `seccompProfile` and `appArmorProfile`
//! unless the container sets its own; `readOnlyRootFilesystem`,
//! `allowPrivilegeEscalation`, `privileged` and `capabilities` exist only
//! on containers (a pod-level one is not a field and does nothing).

use super::yaml::{Value, Yaml};

/// Where a kind keeps its pod spec.
const POD_SPEC_PATHS: &[(&str, &[&str])] = &[
    ("Pod", &["spec"]),
    ("Deployment", &["spec", "template", "spec"]),
    ("StatefulSet", &["spec", "template", "spec"]),
    ("DaemonSet", &["spec", "template", "spec"]),
    ("ReplicaSet", &["spec", "template", "spec"]),
    ("ReplicationController", &["spec", "template", "spec"]),
    ("Job", &["spec", "template", "spec"]),
    (
        "CronJob",
        &["spec", "jobTemplate", "spec", "template", "spec"],
    ),
];

/// The fields a pod's `securityContext` hands down to its containers.
const INHERITED: &[&str] = &[
    "runAsUser",
    "runAsGroup",
    "runAsNonRoot",
    "seLinuxOptions",
    "seccompProfile",
    "appArmorProfile",
];

/// Which list of the pod spec a container is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerRole {
    Init,
    App,
    Ephemeral,
}

/// One workload of a manifest.
#[derive(Clone, Copy, Debug)]
pub struct Workload<'a> {
    pub kind: &'a str,
    pub name: Option<&'a str>,
    /// The resource (the document, or the item of a `List`).
    pub resource: Value<'a>,
    /// The manifest's text.
    source: &'a str,
    pub pod_spec: Value<'a>,
}

/// One container with the settings that apply to it.
#[derive(Clone, Copy, Debug)]
pub struct Container<'a> {
    pub workload: Workload<'a>,
    pub role: ContainerRole,
    pub container: Value<'a>,
    pub name: Option<&'a str>,
}

/// The workloads of a parsed manifest file, in order (items of `List`
/// documents included).
pub fn workloads<'a>(yaml: &'a Yaml, source: &'a str) -> Vec<Workload<'a>> {
    let mut found = Vec::new();
    for document in yaml.documents() {
        collect(document, source, &mut found);
    }
    found
}

/// A name as written: a scalar's text, or a Helm template's source
/// (`name: {{ .Chart.Name }}`, which YAML reads as a flow mapping).
fn name_of<'a>(node: Value<'a>, source: &'a str) -> Option<&'a str> {
    node.as_str().or_else(|| {
        source
            .get(node.span().range())
            .filter(|text| text.starts_with("{{") && text.ends_with("}}"))
    })
}

fn collect<'a>(resource: Value<'a>, source: &'a str, found: &mut Vec<Workload<'a>>) {
    let Some(kind) = resource.get("kind").and_then(|kind| kind.as_str()) else {
        return;
    };
    if resource.get("apiVersion").is_none() {
        return;
    }
    if kind == "List" || kind.ends_with("List") {
        // Lists hold resources, not more lists.
        for item in resource
            .get("items")
            .into_iter()
            .flat_map(|items| items.items())
        {
            if item.get("kind").and_then(|kind| kind.as_str()) != Some("List") {
                collect(item, source, found);
            }
        }
        return;
    }
    let Some((_, path)) = POD_SPEC_PATHS.iter().find(|(name, _)| *name == kind) else {
        return;
    };
    if let Some(pod_spec) = resource.path(path) {
        found.push(Workload {
            kind,
            name: resource
                .path(&["metadata", "name"])
                .and_then(|name| name_of(name, source)),
            resource,
            source,
            pod_spec,
        });
    }
}

impl<'a> Workload<'a> {
    /// Every container: init containers, app containers, ephemeral ones.
    pub fn containers(&self) -> Vec<Container<'a>> {
        [
            ("initContainers", ContainerRole::Init),
            ("containers", ContainerRole::App),
            ("ephemeralContainers", ContainerRole::Ephemeral),
        ]
        .into_iter()
        .flat_map(|(key, role)| {
            let workload = *self;
            self.pod_spec
                .get(key)
                .into_iter()
                .flat_map(|list| list.items())
                .filter(|container| container.is_mapping())
                .map(move |container| Container {
                    workload,
                    role,
                    name: container
                        .get("name")
                        .and_then(|name| name_of(name, workload.source)),
                    container,
                })
        })
        .collect()
    }

    /// A pod-level field (`hostNetwork`, `automountServiceAccountToken`).
    pub fn pod(&self, key: &str) -> Option<Value<'a>> {
        self.pod_spec.get(key)
    }
}

impl<'a> Container<'a> {
    /// A security setting as it applies to this container: its own, or for
    /// the fields a pod hands down, the pod's. The value and whether it
    /// came from the pod.
    pub fn security(&self, field: &str) -> Option<(Value<'a>, bool)> {
        if let Some(own) = self.container.path(&["securityContext", field]) {
            return Some((own, false));
        }
        if !INHERITED.contains(&field) {
            return None;
        }
        self.workload
            .pod_spec
            .path(&["securityContext", field])
            .map(|value| (value, true))
    }

    /// How findings name the container: `Deployment/api/app` (kind,
    /// workload name, container name; `?` for a missing name).
    pub fn resource(&self) -> String {
        format!(
            "{}/{}/{}",
            self.workload.kind,
            self.workload.name.unwrap_or("?"),
            self.name.unwrap_or("?")
        )
    }

    /// A field of the container (`image`, `ports`, `resources`).
    pub fn get(&self, key: &str) -> Option<Value<'a>> {
        self.container.get(key)
    }
}
