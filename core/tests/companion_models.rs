//! The Compose and Kubernetes models under the project rules: which
//! containers and services a file holds, and which security settings apply
//! to each container as the kubelet resolves them.

use plimsoll_core::companion::compose::{self, Build};
use plimsoll_core::companion::kubernetes::{self, ContainerRole};
use plimsoll_core::companion::yaml::Yaml;

#[test]
fn helm_template_names_are_shown_as_written() {
    // YAML reads `{{ .Chart.Name }}` as a flow mapping; the name is its text.
    let manifest = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ template \"server.fullname\" . }}
spec:
  template:
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: \"{{ .Values.image.name }}\"
        - name: {a: b}
          image: x:1
";
    let yaml = Yaml::parse(manifest);
    let workloads = kubernetes::workloads(&yaml, manifest);
    assert_eq!(
        workloads[0].name,
        Some("{{ template \"server.fullname\" . }}")
    );
    let names: Vec<_> = workloads[0].containers().iter().map(|c| c.name).collect();
    assert_eq!(names, [Some("{{ .Chart.Name }}"), None]);
}

#[test]
fn pod_settings_reach_containers_only_where_the_kubelet_applies_them() {
    let manifest = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 1000
        readOnlyRootFilesystem: true
      initContainers:
        - name: setup
          image: busybox:1.36
          securityContext: {runAsUser: 0}
      containers:
        - name: app
          image: example/app:1.0
";
    let yaml = Yaml::parse(manifest);
    let workloads = kubernetes::workloads(&yaml, manifest);
    assert_eq!(workloads.len(), 1);
    assert_eq!(workloads[0].name, Some("web"));
    let containers = workloads[0].containers();
    let names: Vec<_> = containers
        .iter()
        .map(|c| (c.name.unwrap(), c.role))
        .collect();
    assert_eq!(
        names,
        [("setup", ContainerRole::Init), ("app", ContainerRole::App)]
    );
    let (user, from_pod) = containers[0].security("runAsUser").unwrap();
    assert_eq!((user.as_i64(), from_pod), (Some(0), false));
    let (user, from_pod) = containers[1].security("runAsUser").unwrap();
    assert_eq!((user.as_i64(), from_pod), (Some(1000), true));
    assert_eq!(
        containers[1].security("runAsNonRoot").unwrap().0.as_bool(),
        Some(true)
    );
    // Not a pod-level field: it protects nothing.
    assert!(containers[1].security("readOnlyRootFilesystem").is_none());
}

#[test]
fn lists_cronjobs_and_other_kinds() {
    let manifest = "\
apiVersion: v1
kind: List
items:
  - apiVersion: batch/v1
    kind: CronJob
    metadata: {name: nightly}
    spec:
      schedule: '0 3 * * *'
      jobTemplate:
        spec:
          template:
            spec:
              containers: [{name: job, image: example/job:2}]
  - apiVersion: v1
    kind: Service
    metadata: {name: web}
---
apiVersion: v1
kind: Pod
metadata: {name: debug}
spec:
  ephemeralContainers: [{name: shell, image: busybox}]
";
    let yaml = Yaml::parse(manifest);
    let kinds: Vec<_> = kubernetes::workloads(&yaml, manifest)
        .iter()
        .map(|workload| (workload.kind, workload.containers().len()))
        .collect();
    assert_eq!(kinds, [("CronJob", 1), ("Pod", 1)]);
}

#[test]
fn compose_services_and_what_they_build() {
    let file = "\
x-common: &common
  restart: unless-stopped
services:
  web:
    <<: *common
    build: ./web
  api:
    build:
      context: ./api
      dockerfile: Dockerfile.prod
  db:
    image: postgres:16
  remote:
    build: https://github.com/example/repo.git
";
    let yaml = Yaml::parse(file);
    let services = compose::services(&yaml);
    let builds: Vec<_> = services
        .iter()
        .map(|service| (service.name, service.build()))
        .collect();
    let build = |context: &str, dockerfile: &str| {
        Some(Build {
            context: context.into(),
            dockerfile: dockerfile.into(),
        })
    };
    assert_eq!(
        builds,
        [
            ("web", build("./web", "Dockerfile")),
            ("api", build("./api", "Dockerfile.prod")),
            ("db", None),
            ("remote", None),
        ]
    );
    assert_eq!(
        services[0].get("restart").unwrap().as_str(),
        Some("unless-stopped")
    );
}

/// Every Compose file and manifest of the companion corpus: prints how many
/// services, workloads and containers the models find.
#[test]
fn the_companion_corpus_reads_into_models() {
    let root =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/companions");
    let read = |folder: &str| -> Vec<(String, String)> {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            return Vec::new();
        };
        let mut files: Vec<_> = entries
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|ext| ext == "yml" || ext == "yaml")
            })
            .map(|path| {
                (
                    path.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read_to_string(&path).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let compose_files = read("compose");
    let mut services = 0;
    for (name, text) in &compose_files {
        let found = compose::services(&Yaml::parse(text)).len();
        assert!(found > 0, "{name}: no service");
        services += found;
    }
    let manifests = read("k8s");
    let (mut workloads, mut containers) = (0, 0);
    for (name, text) in &manifests {
        let yaml = Yaml::parse(text);
        let found = kubernetes::workloads(&yaml, text);
        assert!(!found.is_empty(), "{name}: no workload");
        workloads += found.len();
        containers += found
            .iter()
            .map(|workload| workload.containers().len())
            .sum::<usize>();
    }
    println!(
        "{} compose files, {services} services; {} manifests, {workloads} workloads, {containers} containers",
        compose_files.len(),
        manifests.len()
    );
}
