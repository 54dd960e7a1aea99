//! Suppression comments: ours and the peers' pragmas, mapped through the
//! rules' aliases.
//!
//! - `# plimsoll ignore=PL201,PL503 -- reason`: the next instruction;
//! - `# plimsoll ignore-stage=...`: from here to the end of the stage;
//! - `# plimsoll ignore-file=...`: the whole file;
//! - `# hadolint ignore=DL3007` (next), `# hadolint global ignore=...`,
//!   `# hadolint stage ignore=...`; `# trivy:ignore:DS-0001` (next);
//!   `# checkov:skip=CKV_DOCKER_7:reason` (file, as Checkov reads it);
//!   BuildKit's `# check=skip=Rule1,Rule2` directive (file).

use serde::Serialize;

use crate::fix::Edit;
use crate::report::{Finding, Lang, Text};
use crate::rules::{Rule, Tool};
use crate::span::{to_u32, Span};
use crate::syntax::{Dockerfile, Keyword};

/// Which part of the file a suppression covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Instruction,
    Stage,
    File,
}

/// One suppression comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// Rule codes, names or peer ids as written.
    pub ids: Vec<String>,
    pub reason: Option<String>,
    pub scope: Scope,
    /// The comment itself.
    pub span: Span,
    /// The source bytes it covers.
    #[serde(skip)]
    pub covers: Span,
}

impl Suppression {
    /// Whether this comment names the rule, or a peer id of it that a finding
    /// answers (`not_for`: tools whose ids the finding does not answer).
    pub fn matches(&self, rule: &Rule, not_for: &[Tool]) -> bool {
        self.ids.iter().any(|id| {
            id.eq_ignore_ascii_case("all")
                || id.eq_ignore_ascii_case(rule.code)
                || id == rule.name
                || rule.aliases.iter().any(|alias| {
                    !not_for.contains(&alias.tool)
                        && alias.id.eq_ignore_ascii_case(id.trim_start_matches("AVD-"))
                })
        })
    }
}

/// The suppression comments of a file, asked in file order which of them
/// covers a finding. Findings come sorted by offset, so one sweep over the
/// comments sorted by where their cover starts answers them all, however
/// many comments the file has.
pub(crate) struct Sweep<'a> {
    /// Comments whose cover starts after the last offset asked, with their
    /// position in the file; the next to open last.
    pending: Vec<(usize, &'a Suppression)>,
    /// Comments whose cover holds the last offset asked.
    open: Vec<(usize, &'a Suppression)>,
    last: u32,
}

impl<'a> Sweep<'a> {
    pub(crate) fn new(suppressions: &'a [Suppression]) -> Self {
        let mut pending: Vec<_> = suppressions.iter().enumerate().collect();
        crate::order::sort_by_key(&mut pending, |(_, suppression)| {
            std::cmp::Reverse(suppression.covers.start)
        });
        Self {
            pending,
            open: Vec::new(),
            last: 0,
        }
    }

    /// The first comment (in file order) that covers `offset` and names the
    /// rule (see [`Suppression::matches`]). Offsets must not decrease from
    /// one call to the next.
    pub(crate) fn find(
        &mut self,
        offset: u32,
        rule: &Rule,
        not_for: &[Tool],
    ) -> Option<&'a Suppression> {
        debug_assert!(offset >= self.last, "findings are asked in file order");
        self.last = offset;
        while let Some(&(position, suppression)) = self.pending.last() {
            if suppression.covers.start > offset {
                break;
            }
            self.pending.pop();
            self.open.push((position, suppression));
        }
        self.open
            .retain(|(_, suppression)| suppression.covers.end > offset);
        self.open
            .iter()
            .filter(|(_, suppression)| suppression.matches(rule, not_for))
            .min_by_key(|(position, _)| *position)
            .map(|(_, suppression)| *suppression)
    }
}

/// A suppression comment for one finding, as an editor's quick fix offers
/// it: the action's title, and the edit of [`comment`] with a placeholder
/// reason for the user to replace (a suppression should say why).
pub fn suggestion(source: &str, yaml: bool, finding: &Finding, lang: Lang) -> (String, Edit) {
    let reason = Text::new("why this does not apply here", "ここで当てはまらない理由");
    let (edit, scope) = comment(
        source,
        yaml,
        finding.span.start,
        finding.rule,
        reason.get(lang),
    );
    let code = finding.rule;
    let title = match scope {
        Scope::File => Text::new(
            format!("Suppress {code} in this file, with a reason"),
            format!("理由を書いて {code} をこのファイルで抑制する"),
        ),
        _ => Text::new(
            format!("Suppress {code} here, with a reason"),
            format!("理由を書いて {code} をここで抑制する"),
        ),
    };
    (title.get(lang).to_owned(), edit)
}

/// The edit that suppresses `rule` for a finding starting at `offset`:
/// `# plimsoll ignore=RULE -- reason` on a line of its own above what the
/// finding is in, indented the same, and the scope it takes. In a
/// Dockerfile that is the finding's instruction; a finding before the first
/// instruction (on a parser directive) gets `ignore-file=` above that
/// instruction instead, as nothing may come before the directives. In a
/// Compose file, manifest or workflow (`yaml`) it is the finding's line, or
/// the key of the block scalar the finding is in (a `#` line inside `run:
/// |` would become part of the script). The reason's white space is
/// collapsed to single spaces; an empty reason leaves out ` -- `.
pub fn comment(source: &str, yaml: bool, offset: u32, rule: &str, reason: &str) -> (Edit, Scope) {
    let offset = floor_char_boundary(source, offset as usize);
    let (anchor, scope) = if yaml {
        (yaml_anchor(source, offset), Scope::Instruction)
    } else {
        let instructions = crate::syntax::parse(source).instructions;
        match instructions
            .iter()
            .rev()
            .find(|instruction| instruction.span.start as usize <= offset)
        {
            Some(instruction) => (instruction.span.start as usize, Scope::Instruction),
            None => (
                instructions
                    .first()
                    .map_or(source.len(), |first| first.span.start as usize),
                Scope::File,
            ),
        }
    };
    let line_start = source[..anchor]
        .rfind('\n')
        .map_or(0, |newline| newline + 1);
    let line = &source[line_start..];
    let indent = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
    let line_end = line.find('\n').unwrap_or(line.len());
    // The file's own line break: this line's, or the first one's when
    // this line is the last and has none.
    let crlf = if line_end < line.len() {
        line[..line_end].ends_with('\r')
    } else {
        source
            .find('\n')
            .is_some_and(|at| source[..at].ends_with('\r'))
    };
    let newline = if crlf { "\r\n" } else { "\n" };
    let pragma = match scope {
        Scope::File => "ignore-file",
        _ => "ignore",
    };
    let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut comment = format!("{indent}# plimsoll {pragma}={rule}");
    if !reason.is_empty() {
        comment.push_str(" -- ");
        comment.push_str(&reason);
    }
    comment.push_str(newline);
    // At the end of a text without a last line break, the comment starts a
    // line of its own.
    if line_start == source.len() && !source.is_empty() && !source.ends_with('\n') {
        comment.insert_str(0, newline);
    }
    (Edit::insert(to_u32(line_start), comment), scope)
}

/// The largest char boundary of `source` at or before `offset`.
fn floor_char_boundary(source: &str, offset: usize) -> usize {
    let mut at = offset.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Where a YAML suppression comment goes for `offset`: its line, unless
/// that line is inside a block scalar (`key: |` or `key: >` and the lines
/// indented under it), whose key line is then the anchor.
fn yaml_anchor(source: &str, offset: usize) -> usize {
    let line_start = source[..offset]
        .rfind('\n')
        .map_or(0, |newline| newline + 1);
    let indent_of = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let own = &source[line_start..];
    let own = &own[..own.find('\n').unwrap_or(own.len())];
    let mut indent = if own.trim().is_empty() {
        usize::MAX
    } else {
        indent_of(own)
    };
    // Lines above, nearest first: the first one less indented is the
    // parent; a parent opening a block scalar holds this line.
    let mut end = line_start;
    while end > 0 {
        let start = source[..end - 1]
            .rfind('\n')
            .map_or(0, |newline| newline + 1);
        let line = source[start..end - 1].trim_end_matches('\r');
        end = start;
        let content = line.trim_start_matches([' ', '\t']);
        if content.is_empty() {
            continue;
        }
        let line_indent = indent_of(line);
        if line_indent >= indent {
            continue;
        }
        if opens_block_scalar(content) {
            return start;
        }
        if content.starts_with('#') {
            continue;
        }
        indent = line_indent;
        if indent == 0 {
            break;
        }
    }
    line_start
}

/// Whether a YAML line ends with a block scalar's header (`|`, `>`, with
/// chomping and indentation indicators), before any comment.
fn opens_block_scalar(content: &str) -> bool {
    let content = match comment_start(content) {
        Some(hash) => &content[..hash],
        None => content,
    }
    .trim_end();
    let (before, header) = content.rsplit_once([' ', '\t']).unwrap_or(("", content));
    let mut chars = header.chars();
    matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| matches!(c, '+' | '-' | '1'..='9'))
        && (before.is_empty() || before.trim_end().ends_with([':', '-']))
}

/// Reads every suppression comment of a file.
pub fn collect(dockerfile: &Dockerfile) -> Vec<Suppression> {
    let file_end = dockerfile
        .instructions
        .last()
        .map_or(0, |instruction| instruction.full_span().end);
    let whole_file = Span::new(0, file_end.max(1));
    let froms: Vec<usize> = dockerfile
        .instructions
        .iter()
        .enumerate()
        .filter(|(_, instruction)| instruction.keyword == Keyword::From)
        .map(|(index, _)| index)
        .collect();
    let mut found = Vec::new();
    if let Some(check) = dockerfile.directive("check") {
        for part in check.value.split(';') {
            if let Some(skip) = part.trim().strip_prefix("skip=") {
                found.push(Suppression {
                    ids: split_ids(skip),
                    reason: None,
                    scope: Scope::File,
                    span: check.span,
                    covers: whole_file,
                });
            }
        }
    }
    for comment in &dockerfile.comments {
        let Some((ids, reason, scope)) = parse_pragma(&comment.text) else {
            continue;
        };
        let covers = match scope {
            Scope::File => whole_file,
            Scope::Instruction => {
                next_instruction(dockerfile, comment.span, comment.inside_instruction)
            }
            Scope::Stage => rest_of_stage(dockerfile, &froms, comment.span),
        };
        found.push(Suppression {
            ids,
            reason,
            scope,
            span: comment.span,
            covers,
        });
    }
    found
}

/// Reads every suppression comment of a YAML file (a Compose file or a
/// manifest): `# plimsoll ignore=...` on a line of its own covers the next
/// line and the block indented under it (a whole service or container when
/// written above its key), at the end of a line it covers that line;
/// `ignore-file=` and `checkov:skip=` cover the file.
pub fn collect_yaml(source: &str) -> Vec<Suppression> {
    let whole_file = Span::new(0, crate::span::to_u32(source.len()).max(1));
    // (start, end without the line break, indentation, blank or comment only)
    let mut lines = Vec::new();
    let mut start = 0;
    for line in source.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        let content = text.trim_start_matches([' ', '\t']);
        let indent = text.len() - content.len();
        let empty = content.is_empty() || content.starts_with('#');
        lines.push((start, start + text.len(), indent, empty));
        start += line.len();
    }
    let mut found = Vec::new();
    for (index, &(line_start, line_end, indent, _)) in lines.iter().enumerate() {
        let text = &source[line_start..line_end];
        let Some(hash) = comment_start(text) else {
            continue;
        };
        let Some((ids, reason, scope)) = parse_pragma(text[hash + 1..].trim()) else {
            continue;
        };
        let span = Span::new(
            crate::span::to_u32(line_start + hash),
            crate::span::to_u32(line_end),
        );
        let own_line = hash == indent;
        let covers = match scope {
            Scope::File => whole_file,
            _ if !own_line => Span::new(crate::span::to_u32(line_start), span.end),
            _ => {
                let mut rest = lines[index + 1..].iter().filter(|line| !line.3);
                match rest.next() {
                    Some(&(next_start, next_end, next_indent, _)) => {
                        let end = rest
                            .take_while(|line| line.2 > next_indent)
                            .last()
                            .map_or(next_end, |line| line.1);
                        Span::new(crate::span::to_u32(next_start), crate::span::to_u32(end))
                    }
                    None => Span::new(span.end, span.end),
                }
            }
        };
        found.push(Suppression {
            ids,
            reason,
            scope: if scope == Scope::File {
                Scope::File
            } else {
                Scope::Instruction
            },
            span,
            covers,
        });
    }
    found
}

/// Where a YAML comment starts in a line: a `#` at the start or after
/// white space, outside quotes.
fn comment_start(line: &str) -> Option<usize> {
    let mut quote = None;
    let mut previous = ' ';
    for (at, ch) in line.char_indices() {
        match (quote, ch) {
            (None, '#') if previous == ' ' || previous == '\t' => return Some(at),
            (None, '"' | '\'') if previous == ' ' || previous == ':' || at == 0 => {
                quote = Some(ch);
            }
            (Some(open), _) if ch == open => quote = None,
            _ => {}
        }
        previous = ch;
    }
    None
}

fn split_ids(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .collect()
}

/// Splits `ids -- reason` (our form) into ids and reason.
fn ids_and_reason(rest: &str) -> (Vec<String>, Option<String>) {
    let (ids, reason) = match rest.split_once("--") {
        Some((ids, reason)) => (
            ids,
            Some(reason.trim().to_string()).filter(|r| !r.is_empty()),
        ),
        None => (rest, None),
    };
    let ids = ids.split_whitespace().next().unwrap_or("");
    (split_ids(ids), reason)
}

fn parse_pragma(text: &str) -> Option<(Vec<String>, Option<String>, Scope)> {
    if let Some(rest) = text.strip_prefix("plimsoll ") {
        let rest = rest.trim_start();
        let (scope, list) = if let Some(list) = rest.strip_prefix("ignore-file=") {
            (Scope::File, list)
        } else if let Some(list) = rest.strip_prefix("ignore-stage=") {
            (Scope::Stage, list)
        } else {
            (Scope::Instruction, rest.strip_prefix("ignore=")?)
        };
        let (ids, reason) = ids_and_reason(list);
        return Some((ids, reason, scope));
    }
    if let Some(rest) = text.strip_prefix("hadolint ") {
        let rest = rest.trim_start();
        let (scope, list) = if let Some(list) = rest.strip_prefix("global ignore=") {
            (Scope::File, list)
        } else if let Some(list) = rest.strip_prefix("stage ignore=") {
            (Scope::Stage, list)
        } else {
            (Scope::Instruction, rest.strip_prefix("ignore=")?)
        };
        let (ids, reason) = ids_and_reason(list);
        return Some((ids, reason, scope));
    }
    if let Some(rest) = text.strip_prefix("trivy:ignore:") {
        let id = rest.split_whitespace().next()?;
        let reason = rest[id.len()..].trim();
        return Some((
            vec![id.to_string()],
            Some(reason.to_string()).filter(|r| !r.is_empty()),
            Scope::Instruction,
        ));
    }
    if let Some(rest) = text.strip_prefix("checkov:skip=") {
        let (id, reason) = rest.split_once(':').unwrap_or((rest, ""));
        let reason = reason.trim();
        return Some((
            vec![id.trim().to_string()],
            Some(reason.to_string()).filter(|r| !r.is_empty()),
            Scope::File,
        ));
    }
    None
}

/// The instruction after a comment (or around it, for a comment inside a
/// continued instruction).
fn next_instruction(dockerfile: &Dockerfile, comment: Span, inside: bool) -> Span {
    // Instructions are in file order and do not overlap.
    let instructions = &dockerfile.instructions;
    let instruction = if inside {
        instructions
            .partition_point(|instruction| instruction.span.start <= comment.start)
            .checked_sub(1)
            .map(|index| &instructions[index])
            .filter(|instruction| comment.start < instruction.full_span().end)
    } else {
        instructions
            .get(instructions.partition_point(|instruction| instruction.span.start < comment.end))
    };
    instruction.map_or(Span::new(comment.end, comment.end), |instruction| {
        instruction.full_span()
    })
}

/// From the comment to the next FROM after the instruction it stands before
/// (`froms`: the indices of the FROM instructions).
fn rest_of_stage(dockerfile: &Dockerfile, froms: &[usize], comment: Span) -> Span {
    let next = dockerfile
        .instructions
        .partition_point(|instruction| instruction.span.start < comment.end);
    let end = froms
        .get(froms.partition_point(|&from| from <= next))
        .map(|&from| &dockerfile.instructions[from])
        .map_or_else(
            || {
                dockerfile
                    .instructions
                    .last()
                    .map_or(comment.end, |last| last.full_span().end)
            },
            |from| from.span.start,
        );
    Span::new(comment.start, end.max(comment.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Applies the suggestion for the first finding of `rule` and checks
    /// again: that finding is suppressed, with the placeholder reason.
    fn suppress_first(source: &str, rule: &str, lang: Lang) -> (String, String) {
        let settings = crate::Settings::default();
        let report = crate::check(source, &settings);
        let finding = report
            .findings
            .iter()
            .find(|finding| finding.rule == rule)
            .unwrap_or_else(|| panic!("{rule} in {source}"));
        let (title, edit) = suggestion(source, false, finding, lang);
        let fix = crate::fix::Fix::safe(Text::new("", ""), vec![edit]);
        let (fixed, _) = crate::fix::apply(source, [&fix]);
        let again = crate::check(&fixed, &settings);
        let suppressed = again
            .findings
            .iter()
            .find(|finding| finding.rule == rule)
            .and_then(|finding| finding.suppressed.as_ref())
            .unwrap_or_else(|| panic!("not suppressed:\n{fixed}"));
        assert!(suppressed.reason.is_some(), "{fixed}");
        (title, fixed)
    }

    #[test]
    fn suggestions_in_a_compose_file_cover_the_finding_s_line() {
        let source = "services:\n  app:\n    image: nginx:1.27\n    privileged: true\n";
        let check = |text: &str| {
            let project = crate::project::Project {
                files: vec![("compose.yaml".to_owned(), text.to_owned())],
                paths: None,
                name: None,
            };
            let mut checked = project.check(&crate::Settings::default());
            checked.remove(0).into_report(Lang::En)
        };
        let report = check(source);
        let finding = report
            .findings
            .iter()
            .find(|finding| finding.location.start.line == 4)
            .expect("a finding on `privileged: true`");
        let (_, edit) = suggestion(source, true, finding, Lang::En);
        let fix = crate::fix::Fix::safe(Text::new("", ""), vec![edit]);
        let (fixed, _) = crate::fix::apply(source, [&fix]);
        let expected = format!(
            "    # plimsoll ignore={} -- why this does not apply here\n    privileged: true\n",
            finding.rule
        );
        assert!(fixed.ends_with(&expected), "{fixed}");
        let again = check(&fixed);
        let same = again
            .findings
            .iter()
            .find(|other| other.rule == finding.rule)
            .expect("still found");
        assert!(same.suppressed.is_some(), "{fixed}");
    }

    #[test]
    fn suggestions_suppress_the_instruction_with_a_reason_to_fill_in() {
        // Inside a continued, indented RUN: the comment goes above its first line.
        let source = "FROM alpine:3.20@sha256:0000000000000000000000000000000000000000000000000000000000000000\nUSER 1001\n  RUN echo hi && \\\n    apk add curl\n";
        let (title, fixed) = suppress_first(source, "PL305", Lang::En);
        assert_eq!(title, "Suppress PL305 here, with a reason");
        assert!(
            fixed.contains(
                "USER 1001\n  # plimsoll ignore=PL305 -- why this does not apply here\n  RUN echo"
            ),
            "{fixed}"
        );
        // A finding on a parser directive: the whole file, after the directives.
        let directive = format!("# syntax=docker/dockerfile:1\n{source}");
        let (title, fixed) = suppress_first(&directive, "PL205", Lang::En);
        assert_eq!(title, "Suppress PL205 in this file, with a reason");
        assert!(
            fixed.starts_with("# syntax=docker/dockerfile:1\n# plimsoll ignore-file=PL205 -- "),
            "{fixed}"
        );
        let (title, fixed) = suppress_first(&source.replace('\n', "\r\n"), "PL305", Lang::Ja);
        assert!(title.contains("PL305"), "{title}");
        assert!(
            fixed.contains("# plimsoll ignore=PL305 -- ここで当てはまらない理由\r\n  RUN"),
            "{fixed}"
        );
    }

    #[test]
    fn pragma_forms() {
        let (ids, reason, scope) =
            parse_pragma("plimsoll ignore=PL201,PL503 -- pinned upstream").unwrap();
        assert_eq!(
            (ids, reason.as_deref(), scope),
            (
                vec!["PL201".to_string(), "PL503".to_string()],
                Some("pinned upstream"),
                Scope::Instruction
            )
        );
        assert_eq!(
            parse_pragma("hadolint global ignore=DL3008").unwrap().2,
            Scope::File
        );
        assert_eq!(
            parse_pragma("hadolint stage ignore=DL3008").unwrap().2,
            Scope::Stage
        );
        let (ids, reason, _) =
            parse_pragma("checkov:skip=CKV_DOCKER_2:no healthcheck in k8s").unwrap();
        assert_eq!(
            (ids[0].as_str(), reason.as_deref()),
            ("CKV_DOCKER_2", Some("no healthcheck in k8s"))
        );
        assert_eq!(
            parse_pragma("trivy:ignore:AVD-DS-0002").unwrap().0,
            vec!["AVD-DS-0002"]
        );
        assert!(parse_pragma("plimsoll rocks").is_none());
    }

    #[test]
    fn yaml_comments_cover_the_block_below_or_their_line() {
        let source = "services:\n  # plimsoll ignore=PLC701 -- needs to write /app\n  web:\n    image: x\n\n    user: root\n  db:\n    image: \"a # b\"\n    privileged: true # plimsoll ignore=PLC102\n";
        let found = collect_yaml(source);
        assert_eq!(found.len(), 2);
        let covered = |suppression: &Suppression| {
            &source[suppression.covers.start as usize..suppression.covers.end as usize]
        };
        assert_eq!(covered(&found[0]), "  web:\n    image: x\n\n    user: root");
        assert_eq!(found[0].reason.as_deref(), Some("needs to write /app"));
        assert_eq!(
            covered(&found[1]),
            "    privileged: true # plimsoll ignore=PLC102"
        );
        assert_eq!(found[1].ids, vec!["PLC102"]);
    }
}
