//! The examples menu of the web app: realistic Dockerfiles with the mistakes
//! people typically make, one per common stack, with a title and a one-line
//! description in every language the product speaks.

use crate::report::Text;

/// One example Dockerfile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GalleryExample {
    /// Stable id (used in links and tests).
    pub id: &'static str,
    title_en: &'static str,
    title_ja: &'static str,
    description_en: &'static str,
    description_ja: &'static str,
    pub source: &'static str,
}

impl GalleryExample {
    pub fn title(&self) -> Text {
        Text::new(self.title_en, self.title_ja)
    }

    pub fn description(&self) -> Text {
        Text::new(self.description_en, self.description_ja)
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
        for example in examples() {
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

    #[test]
    fn ids_are_unique_and_found() {
        for example in examples() {
            assert_eq!(GalleryExample::by_id(example.id), Some(example));
        }
        assert!(GalleryExample::by_id("nope").is_none());
    }
}
