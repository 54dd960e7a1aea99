//! PLKxxx: Kubernetes containers. A manifest decides how the image runs:
//! the kubelet applies the pod's and the container's `securityContext`
//! over the image's USER, and resources, host namespaces and volumes are
//! set there. Codes take their hundreds digit from the seed's section, as
//! the Dockerfile rules do.
//!
//! Every rule reads each container (init, app and ephemeral) on its own and
//! reports one finding per container and rating; a pod-level setting
//! (`hostPID`, `automountServiceAccountToken`) is reported for each
//! container it applies to, so the checklist of every image the pod runs
//! sees it. Fixes edit block-style YAML only: a flow mapping gets advice.

pub mod capabilities;
pub mod container_port;
pub mod host_namespaces;
pub mod host_network;
pub mod host_path;
pub mod image_tag;
pub mod no_probes;
pub mod non_numeric_user;
pub mod privilege_escalation;
pub mod privileged;
pub mod resource_limits;
pub mod root_user;
pub mod seccomp;
pub mod secret_in_env;
pub mod service_account_token;
pub mod writable_root_filesystem;

use crate::companion::kubernetes::{Container, ContainerRole};
use crate::companion::yaml::Value;
use crate::companion::ImageFacts;
use crate::fix::{Edit, Fix};
use crate::report::Text;
use crate::rules::KubernetesContext;
use crate::span::{to_u32, Span};

/// Every container with the image of the project it runs, if linked.
pub(crate) fn containers<'a>(
    context: &'a KubernetesContext<'a>,
) -> impl Iterator<Item = (&'a Container<'a>, Option<&'a ImageFacts>)> + 'a {
    context
        .containers
        .iter()
        .enumerate()
        .map(|(index, container)| (container, context.images.get(index).copied().flatten()))
}

/// The containers of Linux pods, with their images: the fields of Linux
/// security (users by UID, capabilities, seccomp, a read-only root, host
/// namespaces) do not apply to Windows pods, which the API server tells
/// apart by `os.name` and the scheduler by the `kubernetes.io/os` node
/// selector.
pub(crate) fn linux_containers<'a>(
    context: &'a KubernetesContext<'a>,
) -> impl Iterator<Item = (&'a Container<'a>, Option<&'a ImageFacts>)> + 'a {
    containers(context).filter(|(container, _)| {
        let pod = container.workload.pod_spec;
        let os = pod
            .path(&["os", "name"])
            .or_else(|| pod.path(&["nodeSelector", "kubernetes.io/os"]))
            .and_then(|os| os.as_str());
        !os.is_some_and(|os| os.eq_ignore_ascii_case("windows"))
    })
}

/// How messages name a container: "container `app` (Deployment `api`)",
/// "init container `migrate` (Job `setup`)".
pub(crate) fn label(container: &Container) -> Text {
    let name = container.name.unwrap_or("?");
    let kind = container.workload.kind;
    let workload = container.workload.name.unwrap_or("?");
    let (en, ja) = match container.role {
        ContainerRole::Init => ("init container", "init コンテナ"),
        ContainerRole::App => ("container", "コンテナ"),
        ContainerRole::Ephemeral => ("ephemeral container", "エフェメラルコンテナ"),
    };
    crate::text!(
        format!("{en} `{name}` ({kind} `{workload}`)"),
        format!("{ja} `{name}`（{kind} `{workload}`）"),
    )
}

/// Where a finding about something the container lacks points: its
/// `name:` value, or the start of the container.
pub(crate) fn anchor(container: &Container) -> Span {
    container
        .get("name")
        .map_or_else(|| container.container.span(), |name| name.span())
}

/// Whether the workload runs one pod per node: node agents (network
/// plugins, log shippers, monitoring) that often need host access by
/// design.
pub(crate) fn is_node_agent(container: &Container) -> bool {
    container.workload.kind == "DaemonSet"
}

/// Whether the container is privileged (the field exists only on
/// containers): it then holds every capability and runs unconfined, which
/// PLK104 reports, so the narrower rules leave it alone.
pub(crate) fn is_privileged(container: &Container) -> bool {
    container
        .security("privileged")
        .is_some_and(|(value, _)| value.as_bool() == Some(true))
}

/// A fix that makes `edit` when there is one (block-style YAML), and
/// otherwise says what to write.
pub(crate) fn edit_or_advice(description: Text, edit: Option<Edit>) -> Fix {
    match edit {
        Some(edit) => Fix::needs_review(description, vec![edit]),
        None => Fix::manual(description),
    }
}

/// How messages say that a setting came from the pod's `securityContext`.
pub(crate) fn from_pod_note(from_pod: bool) -> (&'static str, &'static str) {
    if from_pod {
        (" (set for the whole pod)", "（Pod 全体の設定）")
    } else {
        ("", "")
    }
}

/// A pod-level boolean field set to true (`hostPID: true`), with its value.
pub(crate) fn pod_flag<'a>(container: &Container<'a>, key: &str) -> Option<Value<'a>> {
    container
        .workload
        .pod(key)
        .filter(|value| value.as_bool() == Some(true))
}

/// The edit that deletes a pod-level field written on a line of its own
/// (`  hostPID: true`).
pub(crate) fn remove_pod_field(source: &str, container: &Container, key: &str) -> Option<Edit> {
    let (written, value) = container.workload.pod_spec.entry(key)?;
    let line = crate::rules::compose::whole_line(source, written.span());
    let text = &source[line.range()];
    let alone = text[..(written.span().start - line.start) as usize]
        .bytes()
        .all(|byte| byte == b' ')
        && value.span().end <= line.end
        && !text.contains('{');
    alone.then(|| Edit::replace(line, ""))
}

/// The user a container runs as, as far as the manifest and the linked
/// image tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RunsAs {
    Root,
    NonRoot,
    Unknown,
}

/// Whether the container runs as root: its (or its pod's) `runAsUser`,
/// else the image's user; `runAsNonRoot: true` makes the kubelet refuse
/// root.
pub(crate) fn runs_as(container: &Container, image: Option<&ImageFacts>) -> RunsAs {
    if let Some(user) = container
        .security("runAsUser")
        .and_then(|(value, _)| value.as_i64())
    {
        return if user == 0 {
            RunsAs::Root
        } else {
            RunsAs::NonRoot
        };
    }
    if container
        .security("runAsNonRoot")
        .and_then(|(value, _)| value.as_bool())
        == Some(true)
    {
        return RunsAs::NonRoot;
    }
    match image {
        Some(image) if image.runs_as_root => RunsAs::Root,
        Some(_) => RunsAs::NonRoot,
        None => RunsAs::Unknown,
    }
}

/// The line start and column of the first key of a block mapping that
/// starts its own line (not the `- ` line of a list item): where a new key
/// goes, and its indentation.
fn key_line(source: &str, mapping: Value) -> Option<(u32, usize)> {
    if !mapping.is_mapping() {
        return None;
    }
    let own = mapping.span();
    mapping.entries().into_iter().find_map(|(key, _)| {
        // A key brought in by a merge key (`<<: *base`) is written at its
        // anchor: an edit there would change every user of the anchor.
        if !own.contains(key.span().start) {
            return None;
        }
        let start = key.span().start as usize;
        let line_start = source[..start].rfind('\n').map_or(0, |at| at + 1);
        let indent = &source[line_start..start];
        (!indent.is_empty() && indent.bytes().all(|byte| byte == b' '))
            .then_some((to_u32(line_start), indent.len()))
    })
}

/// Inserts `lines` (each relative to the mapping's indentation) as new
/// keys of a block mapping, before its first key written on a line of its
/// own.
fn insert_lines(source: &str, mapping: Value, lines: &[String]) -> Option<Edit> {
    let (at, indent) = key_line(source, mapping)?;
    let pad = " ".repeat(indent);
    let text: String = lines.iter().map(|line| format!("{pad}{line}\n")).collect();
    Some(Edit::insert(at, text))
}

/// The column of a key (its offset from the start of its line).
fn column(source: &str, key: Value) -> usize {
    let start = key.span().start as usize;
    start - source[..start].rfind('\n').map_or(0, |at| at + 1)
}

/// Writes `lines` (`field: value` and lines nested under it, relative to
/// the `securityContext` indentation) into the container's own
/// `securityContext`, creating it when the container has none (or an
/// empty `{}`). Every rule inserts at the same place, so fixes of several
/// rules apply one per round and never write the key twice.
pub(crate) fn add_to_security_context(
    source: &str,
    container: &Container,
    lines: &[String],
) -> Option<Edit> {
    let entry = container.container.entry("securityContext");
    if entry.is_some_and(|(key, _)| !container.container.span().contains(key.span().start)) {
        // Merged from an anchor: editing it there would change every user.
        return None;
    }
    match entry {
        Some((_, context)) if context.is_mapping() && !context.entries().is_empty() => {
            insert_lines(source, context, lines)
        }
        Some((key, context)) if context.is_mapping() => {
            // `securityContext: {}`: written out as a block.
            let pad = " ".repeat(column(source, key) + 2);
            let mut start = context.span().start as usize;
            while source[..start].ends_with(' ') {
                start -= 1;
            }
            let text: String = lines.iter().map(|line| format!("\n{pad}{line}")).collect();
            Some(Edit::replace(
                Span::new(to_u32(start), context.span().end),
                text,
            ))
        }
        Some(_) => None,
        None => {
            let mut block = vec!["securityContext:".to_string()];
            block.extend(lines.iter().map(|line| format!("  {line}")));
            insert_lines(source, container.container, &block)
        }
    }
}

/// The edit that makes a container's own boolean security field `value`:
/// its written value replaced, or the field added.
pub(crate) fn set_security_flag(
    source: &str,
    container: &Container,
    field: &str,
    value: bool,
) -> Option<Edit> {
    match container.container.path(&["securityContext", field]) {
        Some(written) if written.as_bool().is_some() => {
            Some(Edit::replace(written.span(), value.to_string()))
        }
        Some(_) => None,
        None => add_to_security_context(source, container, &[format!("{field}: {value}")]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::companion::kubernetes::workloads;
    use crate::companion::yaml::Yaml;
    use crate::fix::{apply, Fix};

    fn fixed(source: &str, lines: &[&str]) -> String {
        let yaml = Yaml::parse(source);
        let workloads = workloads(&yaml, source);
        let containers = workloads[0].containers();
        let lines: Vec<String> = lines.iter().map(|line| line.to_string()).collect();
        let edit = add_to_security_context(source, &containers[0], &lines).unwrap();
        let fix = Fix::needs_review(crate::text!("", ""), vec![edit]);
        let (text, applied) = apply(source, [&fix]);
        assert_eq!(applied, 1);
        assert!(Yaml::parse(&text).error.is_none(), "{text}");
        text
    }

    #[test]
    fn security_context_is_created_extended_or_written_out() {
        let pod =
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n    image: x:1\n";
        assert_eq!(
            fixed(pod, &["readOnlyRootFilesystem: true"]),
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n    securityContext:\n      readOnlyRootFilesystem: true\n    image: x:1\n"
        );
        let existing = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: x:1\n      name: app\n      securityContext:\n        runAsNonRoot: true\n";
        assert_eq!(
            fixed(existing, &["capabilities:", "  drop: [ALL]"]),
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: x:1\n      name: app\n      securityContext:\n        capabilities:\n          drop: [ALL]\n        runAsNonRoot: true\n"
        );
        let merged = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nx-base: &base\n  securityContext:\n    runAsNonRoot: true\nspec:\n  containers:\n  - <<: *base\n    name: app\n    image: x:1\n";
        let yaml = Yaml::parse(merged);
        let containers = workloads(&yaml, merged)[0].containers();
        assert_eq!(
            add_to_security_context(merged, &containers[0], &["privileged: false".into()]),
            None,
            "the anchor is shared: no edit"
        );
        let empty = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n    image: x:1\n    securityContext: {}\n";
        assert_eq!(
            fixed(empty, &["allowPrivilegeEscalation: false"]),
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n    image: x:1\n    securityContext:\n      allowPrivilegeEscalation: false\n"
        );
    }
}
