//! The YAML tree under Compose and Kubernetes checks: spans, aliases, merge
//! keys, tags, and bounded work on hostile input.

mod support;

use plimsoll_core::companion::yaml::{Yaml, MAX_BYTES};
use support::fixtures::companion_files;

fn text(source: &str, span: plimsoll_core::Span) -> &str {
    &source[span.range()]
}

#[test]
fn values_keep_their_spans() {
    let source = "services:\n  web:\n    image: \"nginx:1.27\"  # pinned\n    privileged: yes\n    ports: [\"80:80\", 443]\n";
    let yaml = Yaml::parse(source);
    assert!(yaml.error.is_none(), "{:?}", yaml.error);
    let web = yaml
        .document(0)
        .unwrap()
        .path(&["services", "web"])
        .unwrap();
    let image = web.get("image").unwrap();
    assert_eq!(image.as_str(), Some("nginx:1.27"));
    assert_eq!(text(source, image.span()), "\"nginx:1.27\"");
    let (key, value) = web.entry("privileged").unwrap();
    assert_eq!(text(source, key.span()), "privileged");
    assert_eq!(value.as_bool(), Some(true));
    let ports: Vec<_> = web
        .get("ports")
        .unwrap()
        .items()
        .map(|port| text(source, port.span()))
        .collect();
    assert_eq!(ports, ["\"80:80\"", "443"]);
}

#[test]
fn spans_count_bytes_after_multibyte_text() {
    let source = "# 日本語のコメント\nname: ÿ\nkind: Pod\n";
    let yaml = Yaml::parse(source);
    let kind = yaml.document(0).unwrap().get("kind").unwrap();
    assert_eq!(text(source, kind.span()), "Pod");
}

#[test]
fn anchors_aliases_and_merge_keys() {
    let source = "x-base: &base\n  read_only: true\n  user: app\nservices:\n  a:\n    <<: *base\n    user: root\n  b: *base\n";
    let yaml = Yaml::parse(source);
    let services = yaml.document(0).unwrap().get("services").unwrap();
    let a = services.get("a").unwrap();
    assert_eq!(
        a.get("user").unwrap().as_str(),
        Some("root"),
        "own key wins"
    );
    assert_eq!(
        a.get("read_only").unwrap().as_bool(),
        Some(true),
        "merged key"
    );
    let b = services.get("b").unwrap();
    assert_eq!(b.get("user").unwrap().as_str(), Some("app"));
    // The alias is where it is written.
    assert_eq!(text(source, b.span()), "*base");
}

#[test]
fn null_and_reset_values_are_absent() {
    let source = "a: ~\nb:\nc: !reset []\nd: !reference [.x, y]\n";
    let yaml = Yaml::parse(source);
    let root = yaml.document(0).unwrap();
    assert!(root.get("a").is_none());
    assert!(root.get("b").is_none());
    assert!(root.get("c").is_none());
    assert_eq!(root.get("d").unwrap().tag(), Some("!reference"));
}

#[test]
fn several_documents() {
    let yaml = Yaml::parse("kind: A\n---\nkind: B\n---\n");
    let kinds: Vec<_> = yaml
        .documents()
        .filter_map(|document| document.get("kind").and_then(|kind| kind.as_str()))
        .collect();
    assert_eq!(kinds, ["A", "B"]);
}

#[test]
fn invalid_yaml_reports_where() {
    let source = "services:\n  web:\n    image: nginx\n   bad: [\n";
    let yaml = Yaml::parse(source);
    let error = yaml.error.expect("an error");
    assert!(!error.message.is_empty());
    assert!(error.span.start as usize <= source.len());
    assert!(error.span.start > 10, "{error:?}");
}

#[test]
fn alias_bomb_costs_one_node_per_alias() {
    let mut source = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..40 {
        let previous = format!("*a{}", level - 1);
        source.push_str(&format!(
            "a{level}: &a{level} [{}]\n",
            vec![previous; 10].join(", ")
        ));
    }
    source.push_str("services:\n  web:\n    <<: [*a39, *a39]\n    image: x\n");
    let yaml = Yaml::parse(&source);
    assert!(yaml.error.is_none(), "{:?}", yaml.error);
    let web = yaml
        .document(0)
        .unwrap()
        .path(&["services", "web"])
        .unwrap();
    assert_eq!(web.get("image").unwrap().as_str(), Some("x"));
    assert_eq!(
        yaml.document(0)
            .unwrap()
            .get("a39")
            .unwrap()
            .items()
            .count(),
        10
    );
}

#[test]
fn self_merging_mapping_ends() {
    let yaml = Yaml::parse("a: &a\n  k: v\n  <<: [*a, *a]\n");
    assert!(yaml.document(0).is_some());
    let a = yaml.document(0).unwrap().get("a").unwrap();
    assert_eq!(a.get("k").unwrap().as_str(), Some("v"));
}

#[test]
fn oversized_and_deep_input_is_refused() {
    let big = "a: b\n".repeat(MAX_BYTES / 5 + 1);
    let yaml = Yaml::parse(&big);
    assert!(yaml.error.is_some());
    assert!(yaml.documents.is_empty());

    let deep = "[".repeat(100_000);
    let yaml = Yaml::parse(&deep);
    assert!(yaml.error.is_some());
}

#[test]
fn every_companion_yaml_of_the_corpus_reads() {
    let test = "every_companion_yaml_of_the_corpus_reads";
    let mut read = 0;
    // The corpus holds 36 Compose files, 35 Kubernetes manifests and 31 workflows.
    for (folder, at_least) in [("compose", 30), ("k8s", 30), ("workflows", 25)] {
        let Some(files) = companion_files(test, folder, &[".yml", ".yaml"], at_least) else {
            return;
        };
        for path in files {
            let name = path.to_string_lossy();
            let source = std::fs::read_to_string(&path).unwrap();
            let yaml = Yaml::parse(&source);
            assert!(yaml.error.is_none(), "{name}: {:?}", yaml.error);
            assert!(!yaml.documents.is_empty(), "{name}");
            read += 1;
        }
    }
    println!("read {read} companion YAML files");
}
