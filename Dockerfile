# The plimsoll CLI as an image: one static binary on a distroless base, with
# no shell, no package manager and no root.
#
#   docker build -t plimsoll .
#   docker run --rm -v "$PWD:/work:ro" plimsoll check .
#
# Both base images are pinned by digest (README, "Our own image", says how to
# refresh them); `cargo test -p plimsoll-cli` checks this file and
# .dockerignore with Plimsoll itself and expects 100/100 without a finding.

# Rust on Alpine targets musl, which links statically by default; the image
# has the C toolchain the linker needs (gcc, musl-dev) and the crates here
# need nothing else.
FROM rust:1.95-alpine@sha256:606fd313a0f49743ee2a7bd49a0914bab7deedb12791f3a846a34a4711db7ed2 AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
# Every workspace member must be present for cargo to load the workspace,
# even the ones this build does not compile (web, js, xtask).
COPY core core
COPY cli cli
COPY web web
COPY js js
COPY xtask xtask
RUN cargo build --locked --profile release-cli -p plimsoll-cli \
    && cp target/release-cli/plimsoll /plimsoll

# distroless/static: CA certificates, /etc/passwd with `nonroot` (65532), and
# nothing to run but our binary.
FROM gcr.io/distroless/static-debian12:nonroot@sha256:afa5c872c891853ca7fcf1f12c3edb23f7eeef36189728842dd51042ff57f7ab
COPY --from=build /plimsoll /plimsoll
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/plimsoll"]
CMD ["check", "."]
