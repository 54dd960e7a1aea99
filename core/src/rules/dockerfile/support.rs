//! Helpers for PL916-PL929: "did you mean" suggestions, spans inside words,
//! the distribution family of a stage's base image, and the program a shell
//! command runs.

use crate::model::{Base, ImageRef};
use crate::rules::Context;
use crate::shell::script::basename;
use crate::shell::SimpleCommand;
use crate::span::{to_u32, Span};

/// How many edits a typo of `name` may have: none for very short names,
/// two for long ones.
pub(crate) fn typo_allowance(name: &str) -> usize {
    match name.chars().count() {
        0..=2 => 0,
        length => (length / 3).clamp(1, 2),
    }
}

/// The candidate closest to `name`, BuildKit-style: the same name in another
/// case, or one within `allowed` edits (a typo such as `PAHT`).
pub(crate) fn closest_name<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    allowed: usize,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .filter(|candidate| *candidate != name)
        .map(|candidate| {
            let distance = if candidate.eq_ignore_ascii_case(name) {
                0
            } else {
                edit_distance(name, candidate)
            };
            (distance, candidate)
        })
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Optimal string alignment distance: insertions, deletions, substitutions
/// and swaps of two neighbours each cost one.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// The span of `range` of `text`, a word read from `span`: exact when the
/// source there is `text` itself, the whole span otherwise (a word joined
/// across lines or decoded from JSON).
pub(crate) fn span_in_word(
    source: &str,
    span: Span,
    text: &str,
    range: std::ops::Range<usize>,
) -> Span {
    if source.get(span.range()) != Some(text) || range.end > text.len() {
        return span;
    }
    Span::new(
        span.start + to_u32(range.start),
        span.start + to_u32(range.end),
    )
}

/// Where the name sits inside a `$NAME` or `${NAME...}` reference.
pub(crate) fn name_in_reference(
    reference: &std::ops::Range<usize>,
    text: &str,
    name: &str,
) -> std::ops::Range<usize> {
    let braced = text.as_bytes().get(reference.start + 1) == Some(&b'{');
    let start = reference.start + if braced { 2 } else { 1 };
    start..start + name.len()
}

/// Whether `name` can be a variable (not `$1` or `$@`).
pub(crate) fn is_variable_name(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
}

/// The family of the distribution a stage's image is built on, as far as
/// its name and tag tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    /// Debian or Ubuntu: `/bin/sh` is dash and bash is installed.
    Debian,
    /// Alpine: `/bin/sh` is BusyBox ash, which knows `set -o pipefail`.
    Alpine,
    Unknown,
}

/// Official images whose default variants are Debian or Ubuntu.
const DEBIAN_IMAGES: &[&str] = &[
    "debian",
    "ubuntu",
    "buildpack-deps",
    "python",
    "node",
    "golang",
    "ruby",
    "rust",
    "php",
    "perl",
    "gcc",
    "openjdk",
    "eclipse-temurin",
    "maven",
    "gradle",
];

pub(crate) fn base_family(context: &Context, stage: usize) -> Family {
    match context.model.root_base(stage) {
        Base::Image(image) => image_family(image),
        _ => Family::Unknown,
    }
}

fn image_family(image: &ImageRef) -> Family {
    let tag = image.tag.as_deref().unwrap_or("");
    let name = image.short_name();
    if name == "alpine" || tag.contains("alpine") {
        return Family::Alpine;
    }
    let foreign_variant = [
        "windows",
        "nanoserver",
        "servercore",
        "ubi",
        "oracle",
        "centos",
    ]
    .iter()
    .any(|variant| tag.contains(variant));
    if image.is_official() && DEBIAN_IMAGES.contains(&name) && !foreign_variant {
        Family::Debian
    } else {
        Family::Unknown
    }
}

/// The program a command runs, looking through `sudo`/`doas` and their
/// options: `sudo -u app service x` runs `service`.
pub(crate) fn program(command: &SimpleCommand) -> Option<(usize, &str)> {
    let mut index = 0;
    loop {
        let word = command.words.get(index)?;
        if word.has_expansion {
            return None;
        }
        let name = basename(&word.value);
        if !matches!(name, "sudo" | "doas") {
            return Some((index, name));
        }
        index += 1;
        while let Some(option) = command.words.get(index) {
            if !option.value.starts_with('-') {
                break;
            }
            // `-u user`, `-g group`: the option's value is the next word.
            let takes_value = matches!(option.value.as_str(), "-u" | "-g" | "-C" | "-h" | "-p");
            index += if takes_value { 2 } else { 1 };
        }
    }
}

/// The start of the line holding `offset`.
pub(crate) fn line_start(source: &str, offset: u32) -> u32 {
    let before = &source[..(offset as usize).min(source.len())];
    before.rfind('\n').map_or(0, |newline| to_u32(newline + 1))
}

/// The start of the line after the one holding `offset` (the end of the
/// source when it is the last line).
pub(crate) fn next_line_start(source: &str, offset: u32) -> u32 {
    let from = (offset as usize).min(source.len());
    source[from..]
        .find('\n')
        .map_or(to_u32(source.len()), |newline| to_u32(from + newline + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let close = |name| {
            closest_name(
                name,
                ["PATH", "HOME", "VERSION", "VARIANT"],
                typo_allowance(name),
            )
        };
        assert_eq!(close("PAHT"), Some("PATH"));
        assert_eq!(close("version"), Some("VERSION"));
        assert_eq!(close("VERSON"), Some("VERSION"));
        assert_eq!(close("GOPATH"), Some("PATH"));
        assert_eq!(closest_name("GOPATH", ["PATH"], 1), None);
        assert_eq!(close("foo"), None);
        assert_eq!(close("A"), None);
    }
}
