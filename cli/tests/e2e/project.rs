//! `plimsoll check DIR`: each Dockerfile found builds from its directory,
//! with the `.dockerignore` BuildKit would use there.

use super::{plimsoll, run, scratch, write};

fn rules_in(json: &str) -> Vec<(String, String)> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    value["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|file| {
            let path = file["path"].as_str().unwrap().to_string();
            file["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |finding| (path.clone(), finding["rule"].as_str().unwrap().to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn a_directory_is_the_build_context() {
    let dir = scratch("project-context");
    write(
        &dir,
        "app/Dockerfile",
        "FROM node:22\nWORKDIR /app\nCOPY . .\nUSER node\n",
    );
    write(&dir, "app/.dockerignore", "node_modules\n.env\n");
    write(&dir, "app/.env", "");
    write(&dir, "app/src/.env", "TOKEN=x\n");
    write(&dir, "app/src/index.js", "");
    write(&dir, "app/.git/config", "");
    let (_, stdout, _) = run(plimsoll().args(["check", "--format", "json"]).arg(&dir));
    let rules = rules_in(&stdout);
    assert!(rules.iter().any(|(_, rule)| rule == "PL420"), "{rules:?}");
    assert!(!rules.iter().any(|(_, rule)| rule == "PL405"), "{rules:?}");
    assert!(stdout.contains("src/.env"), "{stdout}");
    assert!(stdout.contains("\"decided_by\""), "{stdout}");

    // `--no-companions` checks the Dockerfile alone.
    let (_, stdout, _) = run(plimsoll()
        .args(["check", "--format", "json", "--no-companions"])
        .arg(&dir));
    let rules = rules_in(&stdout);
    assert!(!rules.iter().any(|(_, rule)| rule == "PL420"), "{rules:?}");
    assert!(rules.iter().any(|(_, rule)| rule == "PL405"), "{rules:?}");
}

#[test]
fn the_dockerfile_s_own_ignore_file_is_used() {
    let dir = scratch("project-own-ignore");
    write(
        &dir,
        "Dockerfile",
        "FROM nginx:1.27\nCOPY conf/nginx.conf /etc/nginx/nginx.conf\n",
    );
    write(&dir, "Dockerfile.dockerignore", "conf\n");
    write(&dir, ".dockerignore", "");
    write(&dir, "conf/nginx.conf", "");
    let (_, stdout, _) = run(plimsoll().args(["check", "--format", "json"]).arg(&dir));
    assert!(
        stdout.contains("Dockerfile.dockerignore line 1"),
        "{stdout}"
    );
}
