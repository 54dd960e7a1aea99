//! What a new file of each kind starts with when it is added to a project
//! on the page: the smallest file that shows what the kind decides, its
//! comment in the reader's language. A scan report starts empty (a made-up
//! report would decide items without a real scan): people paste theirs.

use crate::companion::FileKind;
use crate::report::Lang;

/// A new file: where it goes in the project, and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Starter {
    pub path: &'static str,
    pub text: String,
}

/// The starter of a file of `kind`; `None` for a Dockerfile (the project
/// has one) and for files Plimsoll does not read.
pub fn starter(kind: FileKind, lang: Lang) -> Option<Starter> {
    let comment = |en: &str, ja: &str| match lang {
        Lang::En => format!("# {en}\n"),
        Lang::Ja => format!("# {ja}\n"),
    };
    let (path, text) = match kind {
        FileKind::Dockerignore => (
            ".dockerignore",
            comment(
                "Kept out of the build context, so `COPY . .` cannot put them in the image.",
                "ビルドコンテキストから外すファイルです。`COPY . .` でもイメージに入りません。",
            ) + ".git\n.env\n*.pem\nnode_modules\n",
        ),
        FileKind::Compose => (
            "compose.yaml",
            comment(
                "How the image runs: each service is checked with the Dockerfile it builds.",
                "イメージの動かし方です。各サービスは、ビルドする Dockerfile と合わせて検査されます。",
            ) + "services:\n  app:\n    build: .\n    ports:\n      - \"8080:8080\"\n",
        ),
        FileKind::Kubernetes => (
            "deployment.yaml",
            comment(
                "How the image runs in a cluster: each container is checked with the Dockerfile of its image.",
                "クラスタでのイメージの動かし方です。各コンテナは、そのイメージの Dockerfile と合わせて検査されます。",
            ) + "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  selector:\n    matchLabels:\n      app: app\n  template:\n    metadata:\n      labels:\n        app: app\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0\n",
        ),
        FileKind::Workflow => (
            ".github/workflows/image.yml",
            comment(
                "How CI builds the image: a scan that fails the pipeline decides the scan items.",
                "CI でのイメージのビルドです。パイプラインを失敗させるスキャンがあれば、スキャンの項目が判定されます。",
            ) + "name: image\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: docker build -t app:${{ github.sha }} .\n",
        ),
        FileKind::ScanReport => ("trivy-report.json", String::new()),
        FileKind::Dockerfile | FileKind::Other => return None,
    };
    Some(Starter { path, text })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{classify, Project};
    use crate::Settings;

    const KINDS: [FileKind; 5] = [
        FileKind::Dockerignore,
        FileKind::Compose,
        FileKind::Kubernetes,
        FileKind::Workflow,
        FileKind::ScanReport,
    ];

    #[test]
    fn every_starter_is_read_as_its_kind_and_decides_items() {
        let dockerfile =
            "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"server.js\"]\n";
        for lang in [Lang::En, Lang::Ja] {
            for kind in KINDS {
                let starter = starter(kind, lang).unwrap();
                if kind == FileKind::ScanReport {
                    assert!(starter.text.is_empty());
                    continue;
                }
                assert_eq!(classify(starter.path, &starter.text), kind, "{kind:?}");
                let project = Project {
                    files: vec![
                        ("Dockerfile".to_owned(), dockerfile.to_owned()),
                        (starter.path.to_owned(), starter.text.clone()),
                    ],
                    paths: None,
                    name: None,
                };
                let checked = project.check(&Settings::default());
                assert!(
                    checked.iter().all(|file| file.errors.is_empty()),
                    "{kind:?}"
                );
                let checklist = &checked[0].report.as_ref().unwrap().checklist;
                let decided: Vec<&str> = checklist
                    .items
                    .iter()
                    .filter(|item| item.decided_by.iter().any(|path| path == starter.path))
                    .map(|item| item.id)
                    .collect();
                assert!(!decided.is_empty(), "{kind:?} decides nothing");
            }
        }
    }

    #[test]
    fn only_companions_have_starters() {
        assert_eq!(starter(FileKind::Dockerfile, Lang::En), None);
        assert_eq!(starter(FileKind::Other, Lang::Ja), None);
        let ja = starter(FileKind::Compose, Lang::Ja).unwrap().text;
        assert!(ja.starts_with("# イメージ"), "{ja}");
    }
}
