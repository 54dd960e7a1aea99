//! PL8xx: downloads, checksums, TLS and signature verification, ADD.

pub mod add_archive;
pub mod add_instead_of_copy;
pub mod add_remote;
pub mod git_unpinned;
pub mod pip_extra_index;
pub mod pipe_to_shell;
pub mod plain_http;
pub mod signature_disabled;
pub mod tls_disabled;
pub mod unverified_download;

use crate::fix::Edit;
use crate::model::RunScript;
use crate::rules::Context;
use crate::shell::script::basename;
use crate::shell::{classify, expand_word, Recognized, ShellWord, SimpleCommand, Tool};
use crate::span::{to_u32, Span};
use crate::syntax::{Args, Instruction, Keyword, Word};

/// One command of a RUN script, with what [`classify`] recognised.
pub(crate) struct RunCommand<'a> {
    pub script: &'a RunScript,
    /// Index into `script.script.commands`.
    pub index: usize,
    pub command: &'a SimpleCommand,
    pub recognized: Option<&'a Recognized>,
}

/// Every command of every RUN script, in order.
pub(crate) fn run_commands<'a>(context: &'a Context) -> impl Iterator<Item = RunCommand<'a>> + 'a {
    context.scripts.iter().flat_map(|script| {
        script
            .script
            .commands
            .iter()
            .enumerate()
            .map(move |(index, command)| RunCommand {
                script,
                index,
                command,
                recognized: classify(command),
            })
    })
}

impl RunCommand<'_> {
    pub fn tool(&self) -> Option<Tool> {
        self.recognized.map(|recognized| recognized.tool)
    }

    /// The source span of one of the command's words.
    pub fn word_span(&self, context: &Context, word: usize) -> Span {
        let range = self.command.words[word].range.clone();
        context.script_span(self.script, range)
    }

    /// The source span of `len` bytes at `offset` of a word as written.
    pub fn part_span(
        &self,
        context: &Context,
        word: &ShellWord,
        offset: usize,
        len: usize,
    ) -> Span {
        let start = word.range.start + offset;
        context.script_span(self.script, start..start + len)
    }

    /// The command name, without its directory.
    pub fn program(&self) -> &str {
        let name = self.command.name().unwrap_or_default();
        basename(name)
    }

    /// Replaces words `first..=last` when the source shows them exactly as
    /// parsed (no line continuation or escape inside); an empty replacement
    /// also takes the blanks before them.
    pub fn replace_words(
        &self,
        context: &Context,
        first: usize,
        last: usize,
        replacement: &str,
    ) -> Option<Edit> {
        let words = self.command.words.get(first..=last)?;
        let written = |index: usize, word: &ShellWord| {
            let span = self.word_span(context, index);
            context.source.get(span.range()) == Some(word.raw.as_str())
        };
        if !words
            .iter()
            .enumerate()
            .all(|(offset, word)| written(first + offset, word))
        {
            return None;
        }
        let mut span = self
            .word_span(context, first)
            .cover(self.word_span(context, last));
        if replacement.is_empty() {
            let before = &context.source[..span.start as usize];
            let blanks = before.len() - before.trim_end_matches([' ', '\t']).len();
            span = Span::new(span.start - to_u32(blanks), span.end);
        }
        Some(Edit::replace(span, replacement))
    }
}

/// Where a download's content goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Output {
    /// Standard output: a pipe, a substitution or the build log.
    Stdout,
    /// A file, by the name given (or the URL's last segment).
    File(String),
    /// `/dev/null`: a probe, not a download.
    Discarded,
}

/// A curl or wget command that fetches content.
pub(crate) struct Download {
    /// Indices into the command's words of what it fetches.
    pub sources: Vec<usize>,
    pub output: Output,
}

/// What a curl or wget command fetches and where the content goes; `None`
/// for uploads, HEAD requests and probes that only check a URL.
pub(crate) fn download(command: &SimpleCommand, recognized: &Recognized) -> Option<Download> {
    let mut sources: Vec<usize> = recognized
        .operands
        .iter()
        .map(|operand| operand.word)
        .collect();
    if recognized.tool == Tool::Curl {
        let urls = recognized
            .options
            .iter()
            .filter(|option| option.name == "--url");
        sources.extend(urls.filter_map(|option| option.value_word));
    }
    let to_file = |name: Option<&str>| match name {
        Some("-" | "/dev/stdout") => Output::Stdout,
        Some("/dev/null") => Output::Discarded,
        Some(name) => Output::File(name.to_string()),
        None => Output::File(
            sources
                .first()
                .map(|&word| last_segment(&command.words[word].value))
                .unwrap_or_default(),
        ),
    };
    let output = match recognized.tool {
        Tool::Curl => {
            let sends = recognized.has_flag(
                &['d', 'F', 'T', 'I'],
                &[
                    "--data",
                    "--data-binary",
                    "--data-raw",
                    "--data-urlencode",
                    "--data-ascii",
                    "--form",
                    "--form-string",
                    "--upload-file",
                    "--json",
                    "--head",
                ],
            ) || recognized
                .flag_value(&['X'], &["--request"])
                .is_some_and(|method| !method.eq_ignore_ascii_case("GET"));
            if sends {
                return None;
            }
            if let Some(name) = recognized.flag_value(&['o'], &["--output"]) {
                to_file(Some(name))
            } else if recognized.has_flag(&['O'], &["--remote-name", "--remote-name-all"]) {
                to_file(None)
            } else {
                Output::Stdout
            }
        }
        Tool::Wget => {
            if recognized.has_flag(&[], &["--spider"]) {
                return None;
            }
            to_file(recognized.flag_value(&['O'], &["--output-document"]))
        }
        _ => return None,
    };
    if sources.is_empty() {
        return None;
    }
    // `curl url > file` writes the file through the shell.
    let output = match output {
        Output::Stdout => command
            .redirects
            .iter()
            .find(|redirect| redirect.op.writes() && redirect.fd.is_none_or(|fd| fd == 1))
            .map_or(Output::Stdout, |redirect| {
                to_file(Some(&redirect.target.value))
            }),
        other => other,
    };
    (output != Output::Discarded).then_some(Download { sources, output })
}

/// `https://x/a/b.tar.gz?x=1` → `b.tar.gz`.
fn last_segment(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path)
        .to_string()
}

/// How an ADD source behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AddSource {
    /// An `http(s)://` URL: downloaded, not extracted.
    Url,
    /// A Git repository: cloned.
    Git,
    /// A local tar archive: extracted.
    Archive,
    /// Any other local file or directory (heredocs included): copied.
    Local,
    /// Depends on a build argument without a value.
    Unknown,
}

/// The ADD instructions (also under ONBUILD), by index.
pub(crate) fn adds<'a>(
    context: &'a Context,
) -> impl Iterator<Item = (usize, &'a Instruction)> + 'a {
    context
        .dockerfile
        .instructions
        .iter()
        .enumerate()
        .map(|(index, instruction)| (index, instruction.effective()))
        .filter(|(_, instruction)| instruction.keyword == Keyword::Add)
}

/// The sources of an ADD, each with how it behaves after expansion.
pub(crate) fn add_sources<'a>(
    context: &Context,
    index: usize,
    instruction: &'a Instruction,
) -> Vec<(&'a Word, String, AddSource)> {
    let Args::Copy(args) = &instruction.args else {
        return Vec::new();
    };
    args.sources
        .iter()
        .map(|word| {
            if word.text.starts_with("<<") && !args.json {
                return (word, word.text.clone(), AddSource::Local);
            }
            let text = if args.json {
                Ok(word.text.clone())
            } else {
                expand_word(&word.text, context.dockerfile.escape, &|name| {
                    context
                        .model
                        .lookup(index, name)
                        .and_then(|def| def.value.clone())
                })
                .map_err(|_| ())
                .and_then(|expansion| {
                    if expansion.unset.is_empty() {
                        Ok(expansion.value)
                    } else {
                        Err(())
                    }
                })
            };
            match text {
                Ok(text) => {
                    let kind = add_source_kind(&text);
                    (word, text, kind)
                }
                Err(()) => (word, word.text.clone(), AddSource::Unknown),
            }
        })
        .collect()
}

/// BuildKit's reading of an ADD source.
fn add_source_kind(source: &str) -> AddSource {
    let lower = source.to_ascii_lowercase();
    let before_fragment = lower.split(['#', '?']).next().unwrap_or(&lower);
    if lower.starts_with("git@")
        || lower.starts_with("git://")
        || lower.starts_with("ssh://")
        || ((lower.starts_with("https://") || lower.starts_with("http://"))
            && before_fragment.ends_with(".git"))
    {
        AddSource::Git
    } else if lower.starts_with("https://") || lower.starts_with("http://") {
        AddSource::Url
    } else if is_tar_archive(&lower) {
        AddSource::Archive
    } else {
        AddSource::Local
    }
}

/// File names ADD unpacks: tar archives, plain or compressed, and files with
/// only a compression suffix (`.gz`, `.bz2`, `.xz`, ...), which ADD unpacks
/// when they hold a tar archive (it looks at the content, not the name).
pub(crate) fn is_tar_archive(name: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        ".tar", ".tgz", ".taz", ".tbz2", ".tbz", ".tb2", ".txz", ".tzst", ".tlz", ".tar.z", ".gz",
        ".bz2", ".xz", ".zst", ".lzma", ".lz",
    ];
    let name = name.to_ascii_lowercase();
    SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
}

/// `http://` URLs in a text, as (byte offset, URL) pairs.
pub(crate) fn http_urls(text: &str) -> Vec<(usize, &str)> {
    let lower = text.to_ascii_lowercase();
    lower
        .match_indices("http://")
        .map(|(start, _)| {
            let rest = &text[start..];
            let end = rest
                .find(|ch: char| {
                    ch.is_whitespace()
                        || matches!(ch, '"' | '\'' | '`' | ')' | ']' | '>' | ';' | '|')
                })
                .unwrap_or(rest.len());
            (start, &rest[..end])
        })
        .collect()
}

/// Whether a hex string is a full commit id (SHA-1 or SHA-256).
pub(crate) fn is_commit(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.chars().all(|ch| ch.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_source_kinds() {
        assert_eq!(add_source_kind("https://x/a.tar.gz"), AddSource::Url);
        assert_eq!(
            add_source_kind("https://github.com/a/b.git#v1"),
            AddSource::Git
        );
        assert_eq!(add_source_kind("git@github.com:a/b.git"), AddSource::Git);
        assert_eq!(add_source_kind("rootfs.tar.xz"), AddSource::Archive);
        assert_eq!(add_source_kind("app.zip"), AddSource::Local);
        assert_eq!(add_source_kind("."), AddSource::Local);
    }

    #[test]
    fn urls_in_text() {
        assert_eq!(
            http_urls("deb [arch=amd64] HTTP://x.org/debian main; y 'http://a'"),
            [(17, "HTTP://x.org/debian"), (46, "http://a")]
        );
        assert_eq!(last_segment("https://x/a/b.tgz?sig=1"), "b.tgz");
    }
}
