//! The examples menu of the web app: realistic Dockerfiles with the mistakes
//! people typically make, one per common stack, and projects (a Dockerfile
//! with the files around it: Compose, a Kubernetes manifest, `.dockerignore`
//! and its build context, a CI workflow and a scan report), each with a
//! title and a one-line description in every language the product speaks.

use crate::report::Text;

/// One example: a Dockerfile, alone or with its project's other files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GalleryExample {
    /// Stable id (used in links and tests).
    pub id: &'static str,
    title_en: &'static str,
    title_ja: &'static str,
    description_en: &'static str,
    description_ja: &'static str,
    /// The Dockerfile, at [`DOCKERFILE_PATH`] in a project.
    pub source: &'static str,
    /// A project's other files, `(path, text)` (empty: the Dockerfile alone).
    pub companions: &'static [(&'static str, &'static str)],
    /// The other paths of a project's build context, names only.
    pub context: &'static [&'static str],
}

/// The Dockerfile's path in an example project.
pub const DOCKERFILE_PATH: &str = "Dockerfile";

impl GalleryExample {
    pub fn title(&self) -> Text {
        Text::new(self.title_en, self.title_ja)
    }

    pub fn description(&self) -> Text {
        Text::new(self.description_en, self.description_ja)
    }

    pub fn is_project(&self) -> bool {
        !self.companions.is_empty()
    }

    /// A project's files, `(path, text)`, the Dockerfile first.
    pub fn files(&self) -> Vec<(String, String)> {
        std::iter::once((DOCKERFILE_PATH, self.source))
            .chain(self.companions.iter().copied())
            .map(|(path, text)| (path.to_string(), text.to_string()))
            .collect()
    }

    pub fn by_id(id: &str) -> Option<&'static GalleryExample> {
        EXAMPLES.iter().find(|example| example.id == id)
    }
}

/// Every example, in menu order.
pub fn examples() -> &'static [GalleryExample] {
    EXAMPLES
}

const EXAMPLES: &[GalleryExample] = &[
    GalleryExample {
        id: "node",
        title_en: "Node.js web service",
        title_ja: "Node.js の Web サービス",
        description_en: "Floating tag, the whole context copied, dev dependencies and root at run time.",
        description_ja: "固定されていないタグ、ビルドコンテキスト全体のコピー、開発用依存関係、root での実行。",
        source: r#"FROM node:latest

WORKDIR /usr/src/app
ENV NPM_TOKEN=npm_8f3b2c1d9e7a6f5b4c3d2e1f0a9b8c7d6e5f
COPY . .
RUN npm install
RUN npm install -g nodemon

EXPOSE 3000
CMD npm start
"#,
        companions: &[],
        context: &[],
    },
    GalleryExample {
        id: "python",
        title_en: "Python Flask app",
        title_ja: "Python Flask アプリ",
        description_en: "apt without cleanup, pip cache kept, unpinned packages and a secret in ENV.",
        description_ja: "後片付けのない apt、残った pip キャッシュ、固定されていないパッケージ、ENV のシークレット。",
        source: r#"FROM python:3.12
ENV DATABASE_PASSWORD=hunter2
RUN apt-get update
RUN apt-get install -y build-essential libpq-dev curl
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
RUN pip install gunicorn flask
ADD . /app
EXPOSE 5000 22
CMD ["gunicorn", "-b", "0.0.0.0:5000", "app:app"]
"#,
        companions: &[],
        context: &[],
    },
    GalleryExample {
        id: "go",
        title_en: "Go API in one stage",
        title_ja: "1ステージの Go API",
        description_en: "The whole Go toolchain ships in the final image, which runs as root.",
        description_ja: "Go のツールチェーン全体が最終イメージに残り、root で実行されます。",
        source: r#"FROM golang:1.22
WORKDIR /go/src/api
COPY . .
RUN go get -d -v ./...
RUN go build -o /usr/local/bin/api .
RUN curl -sSL https://example.com/install-migrate.sh | sh
EXPOSE 8080
ENTRYPOINT /usr/local/bin/api
"#,
        companions: &[],
        context: &[],
    },
    GalleryExample {
        id: "java",
        title_en: "Java Spring Boot jar",
        title_ja: "Java Spring Boot の jar",
        description_en: "A jar fetched over plain HTTP with ADD, a JDK at run time and a debug port.",
        description_ja: "ADD で平文 HTTP から取得した jar、実行時の JDK、デバッグポート。",
        source: r#"FROM openjdk:17
MAINTAINER platform-team@example.com
ARG JAR_URL=http://repo.example.com/releases/app-1.4.2.jar
ADD ${JAR_URL} /app.jar
RUN chmod 777 /app.jar
EXPOSE 8080 5005
ENV JAVA_TOOL_OPTIONS="-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:5005"
ENTRYPOINT ["java", "-jar", "/app.jar"]
"#,
        companions: &[],
        context: &[],
    },
    GalleryExample {
        id: "rust",
        title_en: "Rust service",
        title_ja: "Rust のサービス",
        description_en: "rustup piped into a shell, no lockfile build and the compiler in the final image.",
        description_ja: "rustup をシェルにパイプ、lockfile なしのビルド、最終イメージに残るコンパイラ。",
        source: r#"FROM ubuntu:latest
RUN apt-get update && apt-get install -y curl build-essential pkg-config libssl-dev
RUN curl https://sh.rustup.rs -sSf | sh -s -- -y
ENV PATH="/root/.cargo/bin:${PATH}"
WORKDIR /src
COPY . .
RUN cargo build --release
EXPOSE 8000
CMD ["./target/release/server"]
"#,
        companions: &[],
        context: &[],
    },
    GalleryExample {
        id: "php",
        title_en: "PHP with Apache",
        title_ja: "PHP と Apache",
        description_en: "Composer installed with curl | php, world-writable uploads and root.",
        description_ja: "curl | php でのComposer インストール、誰でも書き込めるアップロード先、root での実行。",
        source: r#"FROM php:8.2-apache
RUN apt-get update && apt-get install -y git unzip libzip-dev && docker-php-ext-install zip pdo_mysql
RUN curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin --filename=composer
COPY . /var/www/html/
WORKDIR /var/www/html
RUN composer install
RUN chmod -R 777 /var/www/html/uploads
ENV APP_SECRET=9f86d081884c7d659a2feaa0c55ad015
EXPOSE 80
"#,
        companions: &[],
        context: &[],
    },
    GalleryExample {
        id: "alpine",
        title_en: "Alpine utility image",
        title_ja: "Alpine のユーティリティイメージ",
        description_en: "apk cache kept, TLS checks disabled and an SSH server inside the container.",
        description_ja: "残った apk キャッシュ、無効化された TLS 検証、コンテナ内の SSH サーバー。",
        source: r#"FROM alpine
RUN apk update && apk add openssh curl bash
RUN wget --no-check-certificate https://downloads.example.com/tool.tar.gz && tar xzf tool.tar.gz -C /usr/local/bin
RUN echo "root:changeme" | chpasswd
EXPOSE 22
CMD ["/usr/sbin/sshd", "-D"]
"#,
        companions: &[],
        context: &[],
    },
    GalleryExample {
        id: "multi-stage",
        title_en: "Multi-stage Node build",
        title_ja: "マルチステージの Node ビルド",
        description_en: "A good shape with leftovers: a token passed as a build argument, an unpinned runtime and root.",
        description_ja: "形は良いが問題が残る例: ビルド引数で渡すトークン、固定されていない実行用イメージ、root。",
        source: r#"# syntax=docker/dockerfile:1
FROM node:20 AS build
ARG NPM_TOKEN
WORKDIR /app
COPY package.json package-lock.json ./
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
COPY . .
RUN npm run build

FROM node:20-slim AS test
COPY --from=build /app /app
RUN cd /app && npm test

FROM node:20-slim
WORKDIR /app
COPY --from=build /app/dist ./dist
COPY --from=build /app/node_modules ./node_modules
EXPOSE 3000
CMD ["node", "dist/server.js"]
"#,
        companions: &[],
        context: &[],
    },
    GalleryExample {
        id: "node-compose",
        title_en: "Node.js service with Compose",
        title_ja: "Compose で動かす Node.js サービス",
        description_en: "Root at run time, a database password in the Compose file and ports open on every interface.",
        description_ja: "実行時に root、Compose ファイルに書かれたデータベースのパスワード、全インターフェースに公開したポート。",
        source: r#"FROM node:20-alpine
WORKDIR /usr/src/app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
EXPOSE 3000
CMD ["node", "server.js"]
"#,
        companions: &[
            (".dockerignore", "node_modules\n.git\n**/.env\n"),
            (
                "compose.yaml",
                r#"services:
  web:
    build: .
    ports:
      - "3000:3000"
    environment:
      DATABASE_URL: postgres://app@db:5432/app
    depends_on:
      - db
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: Vx9kq2Lw7tR4
    ports:
      - "5432:5432"
    volumes:
      - db-data:/var/lib/postgresql/data
volumes:
  db-data:
"#,
            ),
        ],
        context: &["package.json", "package-lock.json", "server.js", "routes", "routes/orders.js"],
    },
    GalleryExample {
        id: "go-kubernetes",
        title_en: "Go service on Kubernetes",
        title_ja: "Kubernetes で動かす Go サービス",
        description_en: "A named user that `runAsNonRoot` cannot verify, the `latest` tag and a container without limits.",
        description_ja: "`runAsNonRoot` が確認できない名前のユーザー、`latest` タグ、制限のないコンテナ。",
        source: r#"FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/api /api
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/api"]
"#,
        companions: &[(
            "k8s/deployment.yaml",
            r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: api
          image: registry.example/team/api:latest
          ports:
            - containerPort: 8080
          readinessProbe:
            httpGet:
              path: /healthz
              port: 8080
"#,
        )],
        context: &["go.mod", "go.sum", "cmd", "cmd/api", "cmd/api/main.go"],
    },
    GalleryExample {
        id: "python-dockerignore",
        title_en: "Python app that copies its .env",
        title_ja: ".env までコピーする Python アプリ",
        description_en: "`COPY . .` with a `.dockerignore` that forgets the environment file next to the code.",
        description_ja: "コードの隣にある環境変数ファイルを `.dockerignore` が除外し忘れたままの `COPY . .`。",
        source: r#"FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
RUN useradd --uid 10001 --no-create-home app
USER 10001
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app.wsgi:application"]
"#,
        companions: &[(".dockerignore", "__pycache__/\n*.pyc\n.venv/\n.git\n")],
        context: &[
            ".env",
            ".git",
            ".git/HEAD",
            "requirements.txt",
            "app",
            "app/__init__.py",
            "app/wsgi.py",
        ],
    },
    GalleryExample {
        id: "ci-trivy",
        title_en: "Image with its CI workflow and a Trivy report",
        title_ja: "CI ワークフローと Trivy レポートのあるイメージ",
        description_en: "A scan that never fails the build, actions pinned by tag, and critical fixes waiting in the report.",
        description_ja: "ビルドを一度も止めないスキャン、タグで参照したアクション、レポートに残る修正可能な重大な脆弱性。",
        source: r#"FROM node:20.11-alpine3.19
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY src/ ./src/
USER 1001
EXPOSE 3000
HEALTHCHECK CMD ["node", "src/healthcheck.js"]
CMD ["node", "src/server.js"]
"#,
        companions: &[
            (
                ".github/workflows/image.yml",
                r#"name: image
on:
  push:
    branches: [main]
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      packages: write
    steps:
      - uses: actions/checkout@v4
      - uses: docker/login-action@v3
        with:
          registry: ghcr.io
          username: ${{ github.actor }}
          password: ${{ secrets.GITHUB_TOKEN }}
      - name: Build image
        run: docker build -t ghcr.io/example/shop:${{ github.sha }} .
      - name: Scan image
        uses: aquasecurity/trivy-action@master
        with:
          image-ref: ghcr.io/example/shop:${{ github.sha }}
          format: json
          output: trivy-results.json
      - name: Push image
        run: docker push ghcr.io/example/shop:${{ github.sha }}
"#,
            ),
            (
                "trivy-results.json",
                r#"{
  "SchemaVersion": 2,
  "ArtifactName": "ghcr.io/example/shop:3f9c2e1",
  "ArtifactType": "container_image",
  "Results": [
    {
      "Target": "ghcr.io/example/shop:3f9c2e1 (alpine 3.19.1)",
      "Class": "os-pkgs",
      "Type": "alpine",
      "Vulnerabilities": [
        {"VulnerabilityID": "CVE-2024-5535", "PkgName": "libssl3", "InstalledVersion": "3.1.4-r5", "FixedVersion": "3.1.6-r0", "Severity": "CRITICAL"},
        {"VulnerabilityID": "CVE-2024-4741", "PkgName": "libcrypto3", "InstalledVersion": "3.1.4-r5", "FixedVersion": "3.1.6-r0", "Severity": "HIGH"},
        {"VulnerabilityID": "CVE-2024-6119", "PkgName": "libssl3", "InstalledVersion": "3.1.4-r5", "FixedVersion": "3.1.7-r0", "Severity": "HIGH"},
        {"VulnerabilityID": "CVE-2024-9143", "PkgName": "libcrypto3", "InstalledVersion": "3.1.4-r5", "FixedVersion": "3.1.7-r1", "Severity": "LOW"}
      ]
    },
    {
      "Target": "app/package-lock.json",
      "Class": "lang-pkgs",
      "Type": "npm",
      "Vulnerabilities": [
        {"VulnerabilityID": "CVE-2024-29041", "PkgName": "express", "InstalledVersion": "4.18.2", "FixedVersion": "4.19.2", "Severity": "MEDIUM"},
        {"VulnerabilityID": "CVE-2024-4068", "PkgName": "braces", "InstalledVersion": "3.0.2", "FixedVersion": "3.0.3", "Severity": "HIGH"}
      ]
    }
  ]
}
"#,
            ),
        ],
        context: &["package.json", "package-lock.json", "src", "src/server.js", "src/healthcheck.js"],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Severity;
    use crate::Settings;

    #[test]
    fn every_example_is_valid_and_has_serious_findings() {
        assert!(examples().len() >= 8);
        for example in examples().iter().filter(|example| !example.is_project()) {
            let report = crate::check(example.source, &Settings::default());
            assert!(
                report.errors.is_empty(),
                "{}: {:?}",
                example.id,
                report.errors
            );
            assert!(
                report
                    .active_findings()
                    .any(|finding| finding.severity >= Severity::Medium),
                "{} shows no medium or worse finding",
                example.id
            );
            for text in [example.title(), example.description()] {
                assert!(!text.en.is_empty() && !text.ja.is_empty(), "{}", example.id);
            }
        }
    }

    /// Each project example's files decide checklist items a Dockerfile
    /// alone leaves to a person, and show at least one serious finding in
    /// a file other than the Dockerfile or in the item they decide.
    #[test]
    fn every_project_is_read_as_a_project() {
        let projects: Vec<_> = examples().iter().filter(|e| e.is_project()).collect();
        assert!(projects.len() >= 4);
        for example in projects {
            let project = crate::project::Project::with_context(example.files(), example.context);
            let checked = project.check(&Settings::default());
            for file in &checked {
                assert!(
                    file.errors.is_empty(),
                    "{}: {}: {:?}",
                    example.id,
                    file.path,
                    file.errors
                );
                assert_ne!(
                    file.kind,
                    crate::companion::FileKind::Other,
                    "{}: {}",
                    example.id,
                    file.path
                );
            }
            let report = checked
                .iter()
                .find(|file| file.path == DOCKERFILE_PATH)
                .and_then(|file| file.report.as_ref())
                .unwrap();
            let decided: Vec<&str> = report
                .checklist
                .items
                .iter()
                .filter(|item| {
                    item.decided_by
                        .iter()
                        .any(|path| path != "./" && path != DOCKERFILE_PATH)
                })
                .map(|item| item.id)
                .collect();
            assert!(
                !decided.is_empty(),
                "{}: no item decided by a companion",
                example.id
            );
            let serious = |finding: &crate::report::Finding| {
                finding.severity >= Severity::Medium && finding.suppressed.is_none()
            };
            let elsewhere = checked.iter().flat_map(|file| &file.findings).any(serious);
            let failed_item = report.checklist.items.iter().any(|item| {
                decided.contains(&item.id) && item.status == crate::checklist::Status::Fail
            });
            assert!(
                elsewhere || failed_item,
                "{}: nothing serious to show",
                example.id
            );
        }
    }

    #[test]
    fn ids_are_unique_and_found() {
        for example in examples() {
            assert_eq!(GalleryExample::by_id(example.id), Some(example));
        }
        assert!(GalleryExample::by_id("nope").is_none());
    }
}
