//! Fixes: text edits with a safety level, and applying them.

use serde::Serialize;

use crate::report::Text;
use crate::span::Span;

/// How far a fix can be trusted without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Safety {
    /// Keeps the build's meaning; can be applied without review.
    Safe,
    /// Changes behaviour (a user, a package set): read the diff first.
    NeedsReview,
    /// Cannot be computed offline; `description` says what to run.
    Manual,
}

/// Replace `span` with `replacement` (an empty span inserts).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Edit {
    /// The file to edit, when it is not the file the finding is in (a
    /// Dockerfile finding fixed in `.dockerignore`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub span: Span,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Fix {
    pub description: Text,
    pub safety: Safety,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(description: Text, edits: Vec<Edit>) -> Fix {
        Fix {
            description,
            safety: Safety::Safe,
            edits,
        }
    }

    pub fn needs_review(description: Text, edits: Vec<Edit>) -> Fix {
        Fix {
            description,
            safety: Safety::NeedsReview,
            edits,
        }
    }

    pub fn manual(description: Text) -> Fix {
        Fix {
            description,
            safety: Safety::Manual,
            edits: Vec::new(),
        }
    }

    pub fn is_applicable(&self) -> bool {
        self.safety != Safety::Manual && !self.edits.is_empty()
    }

    /// One fix doing both: for one finding that concerns several places,
    /// each with its own fix. The edits apply together (an edit that would
    /// clash with one already taken is left for the next round of fixes),
    /// at the more cautious safety; a fix with edits wins over advice.
    pub fn join(mut self, other: Fix) -> Fix {
        if !other.is_applicable() {
            return self;
        }
        if !self.is_applicable() {
            return other;
        }
        self.safety = self.safety.max(other.safety);
        if other.description != self.description {
            // Sentences follow each other; a phrase gets its stop first.
            let join = |mine: &str, theirs: &str, stop: char, space: &str| {
                if mine.contains(theirs) {
                    mine.to_string()
                } else if mine.ends_with(stop) {
                    format!("{mine}{space}{theirs}")
                } else {
                    format!("{mine}{stop}{space}{theirs}")
                }
            };
            self.description = Text::new(
                join(&self.description.en, &other.description.en, '.', " "),
                join(&self.description.ja, &other.description.ja, '。', ""),
            );
        }
        for edit in other.edits {
            if !self
                .edits
                .iter()
                .any(|taken| taken.file == edit.file && overlaps(taken.span, edit.span))
            {
                self.edits.push(edit);
            }
        }
        self
    }
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Edit {
        Edit {
            file: None,
            span,
            replacement: replacement.into(),
        }
    }

    /// The same edit, made in another file of the project (`file`, its path).
    pub fn in_file(self, file: &str) -> Edit {
        Edit {
            file: Some(file.to_string()),
            ..self
        }
    }

    pub fn insert(at: u32, text: impl Into<String>) -> Edit {
        Edit::replace(Span::new(at, at), text)
    }
}

/// Applies the fixes that do not overlap an earlier one, in order, to the
/// file the findings are in (edits of other files are left to
/// [`apply_in_file`]). Returns the new text and how many fixes were applied.
pub fn apply<'a>(source: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, usize) {
    apply_where(source, fixes.into_iter().map(|fix| ("", fix)), |_, edit| {
        edit.file.is_none()
    })
}

/// Applies the edits the fixes make in the project file `file` (a
/// `.dockerignore` a Dockerfile finding is fixed in), as [`apply`] does.
pub fn apply_in_file<'a>(
    file: &str,
    source: &str,
    fixes: impl IntoIterator<Item = &'a Fix>,
) -> (String, usize) {
    apply_where(source, fixes.into_iter().map(|fix| ("", fix)), |_, edit| {
        edit.file.as_deref() == Some(file)
    })
}

/// Applies in the project file `file` every edit the fixes make there, in
/// one pass (every span refers to `source`): the edits of its own findings'
/// fixes and those of other files' findings (a base Compose file's finding
/// fixed in its override). `fixes`: each with the path of the file its
/// finding is in.
pub fn apply_to<'a>(
    file: &str,
    source: &str,
    fixes: impl IntoIterator<Item = (&'a str, &'a Fix)>,
) -> (String, usize) {
    apply_where(source, fixes, |origin, edit| {
        edit.file.as_deref().unwrap_or(origin) == file
    })
}

/// `here`: whether an edit of a fix of a finding in file `origin` is made
/// in `source`.
fn apply_where<'a>(
    source: &str,
    fixes: impl IntoIterator<Item = (&'a str, &'a Fix)>,
    here: impl Fn(&str, &Edit) -> bool,
) -> (String, usize) {
    let mut accepted: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for (origin, fix) in fixes.into_iter().filter(|(_, fix)| fix.is_applicable()) {
        let edits: Vec<&Edit> = fix.edits.iter().filter(|edit| here(origin, edit)).collect();
        if edits.is_empty() {
            continue;
        }
        let fits = edits.iter().all(|edit| {
            edit.span.end as usize <= source.len()
                && source.is_char_boundary(edit.span.start as usize)
                && source.is_char_boundary(edit.span.end as usize)
                && accepted
                    .iter()
                    .all(|taken| !overlaps(taken.span, edit.span))
        });
        if fits {
            accepted.extend(edits);
            applied += 1;
        }
    }
    crate::order::sort_by_key(&mut accepted, |edit| (edit.span.start, edit.span.end));
    let mut output = String::with_capacity(source.len());
    let mut cursor = 0;
    for edit in accepted {
        output.push_str(&source[cursor..edit.span.start as usize]);
        output.push_str(&edit.replacement);
        cursor = edit.span.end as usize;
    }
    output.push_str(&source[cursor..]);
    (output, applied)
}

/// Two edits conflict when their spans overlap, or both insert at one point.
fn overlaps(a: Span, b: Span) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> Text {
        Text::new("", "")
    }

    #[test]
    fn applies_non_overlapping_fixes_in_order() {
        let source = "FROM node:latest\nADD a b\n";
        let first = Fix::safe(text(), vec![Edit::replace(Span::new(10, 16), "20")]);
        let clash = Fix::safe(text(), vec![Edit::replace(Span::new(12, 14), "x")]);
        let second = Fix::safe(text(), vec![Edit::replace(Span::new(17, 20), "COPY")]);
        let manual = Fix::manual(text());
        let (fixed, applied) = apply(source, [&first, &clash, &second, &manual]);
        assert_eq!(fixed, "FROM node:20\nCOPY a b\n");
        assert_eq!(applied, 2);
    }
}
