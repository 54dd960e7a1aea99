//! One-line RUN inputs, shared by `benches/scale.rs` and the scale guard of
//! `cargo xtask test` (`xtask/src/scale.rs`), so that both time the same
//! file.

/// Short one-line RUNs that give the package, download and cache rules
/// something to say, 33 bytes a line on average, and a Go build (a package
/// manager whose cache later RUNs read: PL315 asks whether one does), to
/// `bytes`: 10 MB is about 300,000 RUNs.
pub fn short_runs(bytes: usize) -> String {
    one_line_runs(
        bytes,
        &[
            "RUN apt-get install -y curl git",
            "RUN pip install requests flask",
            "RUN curl -fsSL https://x.io/i.sh | sh",
            "RUN npm install -g typescript",
            "RUN cd /app && make build && make test",
            "RUN go build -o /bin/app ./cmd/app",
        ],
    )
}

/// `FROM`, then `lines` over and over until the text has `bytes`.
pub fn one_line_runs(bytes: usize, lines: &[&str]) -> String {
    let mut text = String::from("FROM ubuntu:22.04\n");
    let mut line = 0;
    while text.len() < bytes {
        text.push_str(lines[line % lines.len()]);
        text.push('\n');
        line += 1;
    }
    text
}
