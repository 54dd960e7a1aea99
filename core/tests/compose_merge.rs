//! Compose files merged as Compose merges them: the default file with its
//! override, and `-f` overlays over the default file. Findings stay in the
//! file that sets (or fails to set) what they are about, once per service.

use plimsoll_core::checklist::{ChecklistItem, Status};
use plimsoll_core::project::{CheckedFile, FileKind, Project};
use plimsoll_core::Settings;

const DOCKERFILE: &str = "FROM alpine:3.20\nRUN adduser -D -u 10001 app\nUSER 10001\nHEALTHCHECK CMD true\nCMD [\"sleep\", \"1\"]\n";

fn check(files: &[(&str, &str)]) -> Vec<CheckedFile> {
    Project {
        files: files
            .iter()
            .map(|(path, text)| (path.to_string(), text.to_string()))
            .collect(),
        paths: None,
        name: None,
    }
    .check(&Settings::default())
}

fn file<'a>(checked: &'a [CheckedFile], path: &str) -> &'a CheckedFile {
    checked.iter().find(|file| file.path == path).unwrap()
}

/// `(rule, line)` of a file's findings.
fn fired(checked: &[CheckedFile], path: &str) -> Vec<(&'static str, u32)> {
    file(checked, path)
        .findings
        .iter()
        .map(|finding| (finding.rule, finding.location.start.line))
        .collect()
}

/// An item of the Dockerfile's checklist.
fn checklist_item<'a>(checked: &'a [CheckedFile], id: &str) -> &'a ChecklistItem {
    let report = file(checked, "Dockerfile").report.as_ref().unwrap();
    report
        .checklist
        .items
        .iter()
        .find(|item| item.id == id)
        .unwrap()
}

fn rules(checked: &[CheckedFile], path: &str) -> Vec<&'static str> {
    fired(checked, path)
        .into_iter()
        .map(|(rule, _)| rule)
        .collect()
}

const BASE: &str = "services:\n  web:\n    build: .\n    cap_drop: [ALL]\n    security_opt: [\"no-new-privileges:true\"]\n    deploy:\n      resources:\n        limits: {memory: 256M, cpus: \"1\", pids: 100}\n";

#[test]
fn the_override_s_read_only_decides_the_base_service() {
    let checked = check(&[
        ("Dockerfile", DOCKERFILE),
        ("compose.yaml", BASE),
        (
            "compose.override.yaml",
            "services:\n  web:\n    read_only: true\n    tmpfs: [/tmp]\n",
        ),
    ]);
    assert!(
        !rules(&checked, "compose.yaml").contains(&"PLC701"),
        "{:?}",
        fired(&checked, "compose.yaml")
    );
    assert!(rules(&checked, "compose.override.yaml").is_empty());
    let item = checklist_item(&checked, "read-only-root-filesystem");
    assert_eq!(item.status, Status::Pass);
    for path in ["Dockerfile", "compose.yaml", "compose.override.yaml"] {
        assert!(
            item.decided_by.contains(&path.to_string()),
            "{:?}",
            item.decided_by
        );
    }
}

#[test]
fn what_the_override_adds_is_reported_at_its_line() {
    let override_ = "services:\n  web:\n    read_only: true\n    privileged: true\n    ports:\n      - \"8080:80\"\n";
    let checked = check(&[
        ("Dockerfile", DOCKERFILE),
        ("compose.yaml", BASE),
        ("compose.override.yml", override_),
    ]);
    assert_eq!(
        fired(&checked, "compose.override.yml"),
        [("PLC102", 4), ("PLC501", 6)]
    );
    assert!(
        rules(&checked, "compose.yaml").is_empty(),
        "{:?}",
        fired(&checked, "compose.yaml")
    );
    let ports = checklist_item(&checked, "minimal-ports");
    assert_eq!(ports.status, Status::Warn);
    assert_eq!(ports.elsewhere[0].file, "compose.override.yml");
}

#[test]
fn a_setting_neither_file_makes_is_reported_once_on_the_base_and_fixed_there() {
    let base = "services:\n  web:\n    build: .\n";
    let override_ = "services:\n  web:\n    ports:\n      - \"127.0.0.1:8080:80\"\n";
    let checked = check(&[
        ("Dockerfile", DOCKERFILE),
        ("compose.yaml", base),
        ("compose.override.yaml", override_),
    ]);
    assert!(rules(&checked, "compose.override.yaml").is_empty());
    let findings = &file(&checked, "compose.yaml").findings;
    let read_only: Vec<_> = findings
        .iter()
        .filter(|finding| finding.rule == "PLC701")
        .collect();
    assert_eq!(read_only.len(), 1);
    let finding = read_only[0];
    assert_eq!(finding.location.start.line, 2);
    assert!(
        finding
            .message
            .en
            .contains("nor does `compose.override.yaml`"),
        "{}",
        finding.message.en
    );
    assert!(
        finding.message.ja.contains("`compose.override.yaml`"),
        "{}",
        finding.message.ja
    );
    assert_eq!(
        finding.related[0].file.as_deref(),
        Some("compose.override.yaml")
    );
    let fix = finding.fix.as_ref().unwrap();
    assert!(
        fix.edits.iter().all(|edit| edit.file.is_none()),
        "the base is edited"
    );
    let (fixed, applied) = plimsoll_core::fix::apply(base, [fix]);
    assert_eq!(applied, 1);
    let checked = check(&[
        ("Dockerfile", DOCKERFILE),
        ("compose.yaml", &fixed),
        ("compose.override.yaml", override_),
    ]);
    assert!(
        !rules(&checked, "compose.yaml").contains(&"PLC701"),
        "{fixed}"
    );
}

#[test]
fn a_list_written_in_the_override_is_fixed_in_the_override() {
    let base = "services:\n  web:\n    image: example/web:1\n";
    let override_ = "services:\n  web:\n    cap_drop:\n      - NET_RAW\n";
    let checked = check(&[("compose.yaml", base), ("compose.override.yaml", override_)]);
    let finding = file(&checked, "compose.override.yaml")
        .findings
        .iter()
        .find(|finding| finding.rule == "PLC104")
        .expect("cap_drop without ALL, where the override writes it");
    assert_eq!(finding.location.start.line, 3);
    assert!(!rules(&checked, "compose.yaml").contains(&"PLC104"));
    let (fixed, applied) = plimsoll_core::fix::apply(override_, [finding.fix.as_ref().unwrap()]);
    assert_eq!(applied, 1);
    assert_eq!(
        fixed,
        "services:\n  web:\n    cap_drop:\n      - ALL\n      - NET_RAW\n"
    );
}

#[test]
fn a_lone_partial_override_is_judged_on_what_it_sets() {
    let override_ =
        "services:\n  web:\n    privileged: true\n  extra:\n    image: example/extra:1\n";
    let checked = check(&[("compose.override.yaml", override_)]);
    assert_eq!(checked[0].kind, FileKind::Compose);
    let about_web: Vec<_> = checked[0]
        .findings
        .iter()
        .filter(|finding| finding.resource.as_deref() == Some("web"))
        .map(|finding| finding.rule)
        .collect();
    // What it sets is judged; what it leaves to the base it lacks is not.
    assert_eq!(about_web, ["PLC102"]);
    // A whole service (it names its image) is judged in full.
    let about_extra = checked[0]
        .findings
        .iter()
        .filter(|finding| finding.resource.as_deref() == Some("extra"))
        .count();
    assert!(about_extra >= 3, "{:?}", checked[0].findings);
}

#[test]
fn an_overlay_is_judged_over_the_default_file_for_what_it_sets() {
    let prod = "services:\n  web:\n    read_only: false\n  worker:\n    image: redis:7\n    read_only: true\n";
    let checked = check(&[
        ("Dockerfile", DOCKERFILE),
        ("compose.yaml", BASE),
        (
            "compose.override.yaml",
            "services:\n  web:\n    read_only: true\n",
        ),
        ("compose.prod.yaml", prod),
    ]);
    // `docker compose -f compose.yaml -f compose.prod.yaml` runs `web`
    // writable: reported where prod says so.
    let prod_findings = fired(&checked, "compose.prod.yaml");
    assert!(prod_findings.contains(&("PLC701", 3)), "{prod_findings:?}");
    // The worker exists only in prod: judged in full there.
    assert!(prod_findings.contains(&("PLC001", 4)), "{prod_findings:?}");
    // The default run (with the override) keeps the base clean.
    assert!(
        rules(&checked, "compose.yaml").is_empty(),
        "{:?}",
        fired(&checked, "compose.yaml")
    );
}

#[test]
fn merge_rules_follow_the_compose_specification() {
    // Volumes are unique by target: the override's named volume replaces
    // the socket mount. Variables merge by name across list and map forms.
    // `!reset` removes a value, `!override` replaces a list instead of
    // appending to it.
    let base = "services:\n  web:\n    image: example/web:1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n    environment:\n      DB_PASSWORD: hunter2hunter2\n    cap_add: [SYS_ADMIN]\n    ports:\n      - \"8080:80\"\n";
    let override_ = "services:\n  web:\n    volumes:\n      - sock:/var/run/docker.sock\n    environment:\n      - DB_PASSWORD=${DB_PASSWORD}\n    cap_add: !reset []\n    ports: !override\n      - \"127.0.0.1:8080:80\"\n";
    let checked = check(&[("compose.yaml", base), ("compose.override.yaml", override_)]);
    for path in ["compose.yaml", "compose.override.yaml"] {
        let found = rules(&checked, path);
        for code in ["PLC401", "PLC501", "PLC103", "PLC702"] {
            assert!(
                !found.contains(&code),
                "{path}: {code} in {:?}",
                fired(&checked, path)
            );
        }
    }
    // Without the override, the base's own values are reported.
    let alone = check(&[("compose.yaml", base)]);
    let found = rules(&alone, "compose.yaml");
    for code in ["PLC401", "PLC501", "PLC103", "PLC702"] {
        assert!(found.contains(&code), "{code}: {found:?}");
    }
}
