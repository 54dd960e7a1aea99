//! Reports in the formats people and tools read: JSON (the stable contract
//! of the CLI and the JavaScript API), Markdown, SARIF 2.1.0 and GitLab Code
//! Quality. Built here so the CLI and the web app export exactly the same
//! thing.

use std::collections::BTreeMap;

use crate::report::Finding;
use crate::span::LineIndex;

pub mod catalog;
pub mod gitlab;
pub mod json;
pub mod markdown;
pub mod parse;
pub mod sarif;

/// Writes `value` as pretty JSON, byte for byte as `serde_json`'s pretty
/// printer (two spaces a level), with each line break and its indentation
/// in one write: that printer writes the indentation two bytes at a time,
/// which was about a third of the time spent writing a large report
/// (hundreds of thousands of findings, each a dozen indented lines).
pub fn to_writer_pretty<W: std::io::Write, T: serde::Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(
        writer,
        Indented::default(),
    ))
}

/// `serde_json`'s pretty layout: what its `PrettyFormatter` does, but for
/// how the indentation is written.
#[derive(Default)]
struct Indented {
    depth: usize,
    /// The array or object being closed has a member.
    has_value: bool,
}

impl Indented {
    /// A line break, then two spaces per level of depth.
    fn new_line<W: ?Sized + std::io::Write>(&self, writer: &mut W) -> std::io::Result<()> {
        const LINE: [u8; 129] = {
            let mut line = [b' '; 129];
            line[0] = b'\n';
            line
        };
        let mut width = 1 + 2 * self.depth;
        let mut part: &[u8] = &LINE;
        while width > 0 {
            let taken = width.min(part.len());
            writer.write_all(&part[..taken])?;
            width -= taken;
            part = &LINE[1..];
        }
        Ok(())
    }

    /// `[` or `{`: one level deeper.
    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// `]` or `}`, on a line of its own after members.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.new_line(writer)?;
        }
        writer.write_all(bracket)
    }

    /// Before an element or a key: a comma after the first, a new line.
    fn member<W: ?Sized + std::io::Write>(
        &self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        self.new_line(writer)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.member(writer, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.member(writer, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// A checked file: where it came from and its report.
pub struct FileReport<'a> {
    /// The path as the user gave it (`-` for standard input).
    pub path: &'a str,
    pub source: &'a str,
    pub report: &'a crate::Report,
}

impl<'a> FileReport<'a> {
    /// The `(path, source, report)` entries of a project
    /// ([`crate::project::Project::reports`]) as file reports.
    pub fn all(entries: &'a [(String, String, crate::Report)]) -> Vec<FileReport<'a>> {
        entries
            .iter()
            .map(|(path, source, report)| FileReport {
                path,
                source,
                report,
            })
            .collect()
    }
}

/// A fingerprint that survives unrelated edits: the rule, the trimmed text
/// of the finding's line, and how many times that pair occurred before in
/// the file (`seen` counts them). Code-scanning services match findings
/// across commits with it.
pub(crate) fn fingerprint(
    finding: &Finding,
    source: &str,
    index: &LineIndex,
    seen: &mut BTreeMap<(&'static str, u64), u32>,
) -> String {
    let line = (finding.location.start.line as usize).saturating_sub(1);
    let end = if line + 1 < index.line_count() {
        index.line_start(line + 1) as usize
    } else {
        source.len()
    };
    let line = source
        .get(index.line_start(line) as usize..end)
        .unwrap_or("")
        .trim();
    let hash = fnv1a(line.as_bytes());
    let count = seen.entry((finding.rule, hash)).or_insert(0);
    *count += 1;
    format!("{hash:016x}:{count}")
}

pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
