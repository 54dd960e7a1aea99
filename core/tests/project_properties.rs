//! Project mode on generated and hostile input: Compose files built from
//! random services and manifests built from random pods never make the
//! check panic, their fixes keep the file valid YAML with the same services
//! or containers, and inputs meant to exhaust the parser end in an error,
//! not a hang.

use plimsoll_core::companion::compose;
use plimsoll_core::companion::kubernetes;
use plimsoll_core::companion::yaml::Yaml;
use plimsoll_core::fix::apply;
use plimsoll_core::project::{FileKind, Project};
use plimsoll_core::Settings;
use proptest::prelude::*;

/// One key of a service, as a block of lines (first line at the key's
/// indentation, nested lines two spaces deeper).
const KEYS: &[&[&str]] = &[
    &["image: example/app:1.2"],
    &["build: ."],
    &["build:", "  context: ./app", "  dockerfile: Dockerfile"],
    &["user: root"],
    &["user: \"0:0\""],
    &["user: \"10001:10001\""],
    &["read_only: false"],
    &["read_only: true"],
    &["tmpfs:", "  - /tmp"],
    &[
        "ports:",
        "  - \"5432:5432\"",
        "  - 8080:80",
        "  - \"127.0.0.1:9000:9000\"",
    ],
    &["ports:", "  - target: 6379", "    published: 6379"],
    &["mem_limit: 256m"],
    &[
        "deploy:",
        "  resources:",
        "    limits:",
        "      memory: 128M",
    ],
    &["environment:", "  - NODE_ENV=production"],
    &["# a comment inside the service"],
];

fn compose_file(services: &[(Vec<usize>, bool)], indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut text = String::from("services:\n");
    for (number, (keys, commented)) in services.iter().enumerate() {
        if *commented {
            text.push_str(&format!("{pad}# plimsoll ignore=PLC701 -- generated\n"));
        }
        text.push_str(&format!("{pad}svc{number}:\n"));
        // A service needs a first key to be a block mapping.
        text.push_str(&format!("{pad}{pad}image: example/svc:{number}\n"));
        for &key in keys {
            for line in KEYS[key] {
                text.push_str(&format!("{pad}{pad}{line}\n"));
            }
        }
    }
    text
}

fn service_names(text: &str) -> Vec<String> {
    compose::services(&Yaml::parse(text))
        .iter()
        .map(|service| service.name.to_string())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn compose_fixes_keep_the_file_valid(
        services in prop::collection::vec(
            (prop::collection::vec(0..KEYS.len(), 0..6), any::<bool>()),
            1..5,
        ),
        indent in prop::sample::select(vec![2usize, 4]),
    ) {
        let text = compose_file(&services, indent);
        let before = service_names(&text);
        prop_assume!(Yaml::parse(&text).error.is_none());
        let project = Project {
            files: vec![
                ("compose.yaml".to_string(), text.clone()),
                ("Dockerfile".to_string(), "FROM alpine:3.20\nUSER 10001\n".to_string()),
            ],
            paths: None,
            name: None,
        };
        let checked = project.check(&Settings::default());
        let compose = checked.iter().find(|file| file.kind == FileKind::Compose).unwrap();
        let fixes: Vec<_> = compose.findings.iter().filter_map(|finding| finding.fix.as_ref()).collect();
        let (fixed, _) = apply(&text, fixes.iter().copied());
        let parsed = Yaml::parse(&fixed);
        prop_assert!(parsed.error.is_none(), "{:?}\n{fixed}", parsed.error);
        prop_assert_eq!(service_names(&fixed), before, "{}", fixed);
        // Fixed twice over: the second round has nothing left to break.
        let again = Project {
            files: vec![("compose.yaml".to_string(), fixed.clone())],
            paths: None,
            name: None,
        }
        .check(&Settings::default());
        let fixes: Vec<_> = again[0].findings.iter().filter_map(|finding| finding.fix.as_ref()).collect();
        let (twice, _) = apply(&fixed, fixes.iter().copied());
        prop_assert!(Yaml::parse(&twice).error.is_none(), "{twice}");
    }

    #[test]
    fn a_merged_override_reports_each_finding_once_in_one_file(
        base in prop::collection::vec(
            (prop::collection::vec(0..KEYS.len(), 0..4), any::<bool>()),
            1..4,
        ),
        fragments in prop::collection::vec(prop::collection::vec(0..KEYS.len(), 1..4), 1..4),
    ) {
        let base_text = compose_file(&base, 2);
        // The override's services are fragments: a few keys, no image.
        let mut override_text = String::from("services:\n");
        for (number, keys) in fragments.iter().enumerate() {
            override_text.push_str(&format!("  svc{number}:\n"));
            for &key in keys {
                for line in KEYS[key] {
                    override_text.push_str(&format!("    {line}\n"));
                }
            }
        }
        prop_assume!(Yaml::parse(&base_text).error.is_none());
        prop_assume!(Yaml::parse(&override_text).error.is_none());
        let texts = [base_text, override_text];
        let names = ["compose.yaml", "compose.override.yaml"];
        let project = Project {
            files: names
                .iter()
                .zip(&texts)
                .map(|(name, text)| (name.to_string(), text.clone()))
                .collect(),
            paths: None,
            name: None,
        };
        let checked = project.check(&Settings::default());
        let mut seen = Vec::new();
        for (file, text) in checked.iter().zip(&texts) {
            for finding in &file.findings {
                prop_assert!(finding.span.end as usize <= text.len(), "{finding:?}");
                // One finding per rule, service and rating; several places
                // of one rule are one finding's related places.
                let key = (finding.rule, finding.resource.clone(), finding.severity);
                prop_assert!(!seen.contains(&key), "{key:?} twice\n{}\n{}", texts[0], texts[1]);
                seen.push(key);
            }
        }
        // Every edit in a file, from its own findings or the other file's,
        // applied in one pass, keeps it valid with the same services.
        let fixes: Vec<_> = checked
            .iter()
            .zip(names)
            .flat_map(|(file, name)| {
                file.findings
                    .iter()
                    .filter_map(|finding| finding.fix.as_ref())
                    .map(move |fix| (name, fix))
            })
            .collect();
        for (name, text) in names.iter().zip(&texts) {
            let (fixed, _) = plimsoll_core::fix::apply_to(name, text, fixes.iter().copied());
            prop_assert!(Yaml::parse(&fixed).error.is_none(), "{fixed}");
            prop_assert_eq!(service_names(&fixed), service_names(text), "{}", fixed);
        }
    }

    #[test]
    fn any_text_under_a_project_name_is_checked_without_panic(
        text in "[ -~\n\t:\\-\\[\\]{}&*!|>'\"#%@`]{0,300}",
        name in prop::sample::select(vec![
            "compose.yaml", "k8s/deploy.yaml", ".dockerignore", "Dockerfile", "app.Dockerfile",
        ]),
    ) {
        let project = Project {
            files: vec![
                (name.to_string(), text),
                ("Dockerfile.dockerignore".to_string(), "*\n".to_string()),
            ],
            paths: Some(vec!["a".to_string(), ".env".to_string()]),
            name: None,
        };
        let _ = project.check(&Settings::default());
    }
}

/// Pod-level keys of a generated manifest (relative to the pod spec).
const POD_KEYS: &[&[&str]] = &[
    &["hostNetwork: true"],
    &["hostPID: true"],
    &["hostIPC: true"],
    &["automountServiceAccountToken: false"],
    &["securityContext:", "  runAsNonRoot: true"],
    &["securityContext:", "  runAsUser: 0"],
    &["securityContext: {}"],
    &[
        "volumes:",
        "  - name: sock",
        "    hostPath:",
        "      path: /var/run/docker.sock",
    ],
    &["# a comment in the pod spec"],
];

/// Keys of a generated container (relative to the container mapping).
const CONTAINER_KEYS: &[&[&str]] = &[
    &["securityContext:", "  privileged: true"],
    &["securityContext:", "  allowPrivilegeEscalation: true"],
    &["securityContext:", "  readOnlyRootFilesystem: false"],
    &[
        "securityContext:",
        "  capabilities:",
        "    add: [NET_ADMIN]",
    ],
    &["securityContext: {}"],
    &[
        "securityContext:",
        "  seccompProfile:",
        "    type: Unconfined",
    ],
    &["resources:", "  limits:", "    memory: 128Mi"],
    &["ports:", "  - containerPort: 8080", "    hostPort: 8080"],
    &[
        "volumeMounts:",
        "  - name: sock",
        "    mountPath: /var/run/docker.sock",
    ],
    &["livenessProbe:", "  tcpSocket: {port: 8080}"],
    &["# a comment in the container"],
];

/// A Deployment whose containers list is written with `- ` at the parent's
/// indentation or two spaces deeper; each container's first key on the
/// dash line, the others below it (each key at most once).
fn manifest(pod_keys: &[usize], containers: &[Vec<usize>], nested_dash: bool) -> String {
    let mut text = String::from(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: gen\nspec:\n  template:\n    spec:\n",
    );
    let pad = "      ";
    let mut seen = std::collections::BTreeSet::new();
    for &key in pod_keys {
        if !seen.insert(POD_KEYS[key][0].split(':').next().unwrap()) {
            continue;
        }
        for line in POD_KEYS[key] {
            text.push_str(&format!("{pad}{line}\n"));
        }
    }
    text.push_str(&format!("{pad}containers:\n"));
    let dash = if nested_dash { "  - " } else { "- " };
    let inner = " ".repeat(pad.len() + dash.len());
    for (number, keys) in containers.iter().enumerate() {
        text.push_str(&format!("{pad}{dash}name: c{number}\n"));
        text.push_str(&format!("{inner}image: example/c{number}:1.0\n"));
        let mut seen = std::collections::BTreeSet::new();
        for &key in keys {
            if !seen.insert(CONTAINER_KEYS[key][0].split(':').next().unwrap()) {
                continue;
            }
            for line in CONTAINER_KEYS[key] {
                text.push_str(&format!("{inner}{line}\n"));
            }
        }
    }
    text
}

fn container_names(text: &str) -> Vec<String> {
    let yaml = Yaml::parse(text);
    kubernetes::workloads(&yaml, text)
        .iter()
        .flat_map(|workload| workload.containers())
        .map(|container| container.name.unwrap_or("?").to_string())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every Kubernetes fix keeps the manifest valid YAML with the same
    /// containers, and fixing converges: round after round, the fixable
    /// findings run out.
    #[test]
    fn kubernetes_fixes_keep_the_manifest_valid(
        pod_keys in prop::collection::vec(0..POD_KEYS.len(), 0..5),
        containers in prop::collection::vec(prop::collection::vec(0..CONTAINER_KEYS.len(), 0..5), 1..4),
        nested_dash in any::<bool>(),
    ) {
        let mut text = manifest(&pod_keys, &containers, nested_dash);
        prop_assume!(Yaml::parse(&text).error.is_none());
        let names = container_names(&text);
        for _round in 0..12 {
            let project = Project {
                files: vec![("k8s/gen.yaml".to_string(), text.clone())],
                paths: None,
                name: None,
            };
            let checked = project.check(&Settings::default());
            prop_assert_eq!(checked[0].kind, FileKind::Kubernetes);
            let fixes: Vec<_> = checked[0]
                .findings
                .iter()
                .filter_map(|finding| finding.fix.as_ref())
                .filter(|fix| fix.is_applicable())
                .collect();
            if fixes.is_empty() {
                return Ok(());
            }
            let (fixed, applied) = apply(&text, fixes.iter().copied());
            prop_assert!(applied > 0, "fixes that never apply:\n{}", text);
            let parsed = Yaml::parse(&fixed);
            prop_assert!(parsed.error.is_none(), "{:?}\n{}", parsed.error, fixed);
            prop_assert_eq!(container_names(&fixed), names.clone(), "{}", fixed);
            text = fixed;
        }
        prop_assert!(false, "fixes do not converge:\n{}", text);
    }
}

/// An alias bomb (each level doubling the last) and a 10 MB manifest end in
/// an error of that file; the Dockerfile beside them is still checked.
#[test]
fn hostile_yaml_ends_in_an_error_not_a_hang() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for level in 1..40 {
        let previous = level - 1;
        bomb.push_str(&format!(
            "a{level}: &a{level} [*a{previous}, *a{previous}, *a{previous}, *a{previous}]\n"
        ));
    }
    bomb.push_str("services:\n  web:\n    image: x\n    environment: *a39\n");
    let huge = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\n  annotations:\n{}",
        "    note: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
            .repeat(140_000)
    );
    assert!(huge.len() > 10_000_000);
    let project = Project {
        files: vec![
            ("compose.yaml".to_string(), bomb),
            ("k8s/big.yaml".to_string(), huge),
            ("Dockerfile".to_string(), "FROM alpine:3.20\n".to_string()),
        ],
        paths: None,
        name: None,
    };
    let started = std::time::Instant::now();
    let checked = project.check(&Settings::default());
    let elapsed = started.elapsed();
    println!("alias bomb + 10 MB manifest: {elapsed:?}");
    let big = checked
        .iter()
        .find(|file| file.path == "k8s/big.yaml")
        .unwrap();
    assert_eq!(
        big.errors.len(),
        1,
        "the 10 MB manifest is refused with a reason"
    );
    assert!(
        big.errors[0].message.en.contains("bytes"),
        "{:?}",
        big.errors
    );
    let dockerfile = checked
        .iter()
        .find(|file| file.path == "Dockerfile")
        .unwrap();
    assert!(dockerfile
        .report
        .as_ref()
        .is_some_and(|report| !report.findings.is_empty()));
}
