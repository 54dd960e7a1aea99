//! Every rule: its docs have both languages and every section, its bad
//! examples raise exactly it, its good examples do not, and what users see
//! for the examples is kept as a snapshot.

use plimsoll_core::docs::{DocSection, Example, SECTIONS};
use plimsoll_core::project::{FileKind, Project};
use plimsoll_core::rules::{Rule, RULES};
use plimsoll_core::{check, check_in_context, Lang, Report, Settings};

fn fired(report: &Report, code: &str) -> usize {
    report
        .findings
        .iter()
        .filter(|finding| finding.rule == code)
        .count()
}

/// Renders one rule's findings the way the CLI shows them: position, rule,
/// message, and the source line with a caret under the span. Other rules'
/// findings are left out so that adding a rule never changes this snapshot.
fn render(source: &str, report: &Report, code: &str) -> String {
    let mut out = String::new();
    for finding in report
        .findings
        .iter()
        .filter(|finding| finding.rule == code)
    {
        let start = finding.location.start;
        let line = source.lines().nth(start.line as usize - 1).unwrap_or("");
        let width = if finding.location.end.line == start.line {
            (finding.location.end.column - start.column).max(1)
        } else {
            (line.chars().count() as u32 + 1 - start.column).max(1)
        };
        out.push_str(&format!(
            "{}:{} {} {} [{}]\n  en: {}\n  ja: {}\n  | {}\n  | {}{}\n",
            start.line,
            start.column,
            finding.rule,
            finding.severity.as_str(),
            finding.name,
            finding.message.en,
            finding.message.ja,
            line,
            " ".repeat(start.column as usize - 1),
            "^".repeat(width as usize),
        ));
        for related in &finding.related {
            let start = related.location.start;
            let file = related
                .file
                .as_ref()
                .map(|file| format!("{file}:"))
                .unwrap_or_default();
            out.push_str(&format!("  also {file}{}:{}", start.line, start.column));
            if let Some(message) = &related.message {
                out.push_str(&format!(": {}", message.en));
            }
            out.push('\n');
        }
        if let Some(fix) = &finding.fix {
            out.push_str(&format!(
                "  fix ({:?}): {}\n",
                fix.safety, fix.description.en
            ));
        }
    }
    for error in &report.errors {
        out.push_str(&format!(
            "error {}: {}\n",
            error.location.start.line, error.message
        ));
    }
    out
}

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let mut codes = std::collections::HashSet::new();
    let mut names = std::collections::HashSet::new();
    for rule in RULES {
        assert!(codes.insert(rule.code), "duplicate code {}", rule.code);
        assert!(names.insert(rule.name), "duplicate name {}", rule.name);
        // `PL` + the kind of file for companion rules (`C` Compose, `K`
        // Kubernetes, `W` workflow) + three digits, the first one the
        // section's.
        let digits = match rule.check.reads() {
            FileKind::Dockerfile => rule.code.strip_prefix("PL"),
            FileKind::Compose => rule.code.strip_prefix("PLC"),
            FileKind::Kubernetes => rule.code.strip_prefix("PLK"),
            FileKind::Workflow => rule.code.strip_prefix("PLW"),
            kind => panic!("{}: no rules read {kind:?} files", rule.code),
        };
        let digits = digits.unwrap_or_else(|| panic!("{}: wrong prefix", rule.code));
        assert!(
            digits.len() == 3 && digits.bytes().all(|byte| byte.is_ascii_digit()),
            "{}",
            rule.code
        );
        assert_eq!(
            rule.section.digit(),
            digits.as_bytes()[0] - b'0',
            "{} is in the wrong section",
            rule.code
        );
        assert!(
            rule.name
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'),
            "{}",
            rule.name
        );
    }
}

#[test]
fn every_rule_has_complete_docs_in_both_languages() {
    for rule in RULES {
        for (lang, doc) in [("en", rule.docs(Lang::En)), ("ja", rule.docs(Lang::Ja))] {
            assert!(!doc.title.is_empty(), "{} {lang}: no title", rule.code);
            assert!(
                doc.unknown_headings.is_empty(),
                "{} {lang}: {:?}",
                rule.code,
                doc.unknown_headings
            );
            let order: Vec<DocSection> = doc.sections.iter().map(|(section, _)| *section).collect();
            let expected: Vec<DocSection> =
                SECTIONS.iter().map(|(section, _, _)| *section).collect();
            assert_eq!(
                order, expected,
                "{} {lang}: sections missing or out of order",
                rule.code
            );
            for (section, body) in &doc.sections {
                assert!(
                    !body.trim().is_empty(),
                    "{} {lang}: empty {section:?}",
                    rule.code
                );
            }
            assert!(
                !doc.code_blocks(DocSection::Example).is_empty(),
                "{} {lang}: no bad example",
                rule.code
            );
            assert!(
                !doc.code_blocks(DocSection::UseInstead).is_empty(),
                "{} {lang}: no good example",
                rule.code
            );
        }
        let en = rule.docs(Lang::En);
        let ja = rule.docs(Lang::Ja);
        assert_eq!(
            en.examples(DocSection::Example),
            ja.examples(DocSection::Example),
            "{}: the Japanese bad examples (or their files) differ from the English ones",
            rule.code
        );
        assert_eq!(
            en.examples(DocSection::UseInstead),
            ja.examples(DocSection::UseInstead),
            "{}",
            rule.code
        );
    }
}

/// The example's own settings, with the rule selected when it is off by default.
fn settings_for(rule: &Rule, example: &Example) -> plimsoll_core::Settings {
    let mut settings = example.settings();
    if plimsoll_core::rules::OFF_BY_DEFAULT.contains(&rule.code) {
        settings.select.push(rule.code.to_string());
    }
    settings
}

/// Checks an example with the files around it that the docs show. A
/// Compose file or manifest example is checked as a project with the
/// Dockerfile shown before it; its findings and errors come back as a
/// report of that file.
fn check_example(rule: &Rule, example: &Example) -> Report {
    let settings = settings_for(rule, example);
    if let Some(file) = &example.file {
        let mut files = vec![(file.clone(), example.code.clone())];
        if let Some(dockerfile) = &example.dockerfile {
            files.push(("Dockerfile".to_string(), dockerfile.clone()));
        }
        let project = Project {
            files,
            paths: None,
            name: None,
        };
        let checked = project.check(&settings);
        let mut report = Report::default();
        for file in checked {
            if file.path == *file_name(example) {
                report.findings = file.findings;
                report.errors = file
                    .errors
                    .into_iter()
                    .map(|error| plimsoll_core::report::ErrorReport {
                        message: error.message.en,
                        span: error.span,
                        location: error.location,
                    })
                    .collect();
            } else if let Some(dockerfile) = file.report {
                report.errors.extend(dockerfile.errors);
            }
        }
        return report;
    }
    match example.build_context() {
        Some(build_context) => {
            check_in_context("Dockerfile", &example.code, &settings, &build_context)
        }
        None => check(&example.code, &settings),
    }
}

fn file_name(example: &Example) -> &String {
    example.file.as_ref().expect("a companion example")
}

#[test]
fn examples_behave_as_documented() {
    for rule in RULES {
        let doc = rule.docs(Lang::En);
        let mut rendered = String::new();
        for example in doc.examples(DocSection::Example) {
            let report = check_example(rule, &example);
            let example = example.code;
            assert!(
                report.errors.is_empty(),
                "{}: bad example does not parse: {:?}",
                rule.code,
                report.errors
            );
            assert!(
                fired(&report, rule.code) > 0,
                "{}: bad example does not raise it:\n{example}",
                rule.code
            );
            rendered.push_str(&format!(
                "--- bad example\n{example}--- findings\n{}",
                render(&example, &report, rule.code)
            ));
        }
        for example in doc.examples(DocSection::UseInstead) {
            let report = check_example(rule, &example);
            let example = example.code;
            assert!(
                report.errors.is_empty(),
                "{}: good example does not parse: {:?}",
                rule.code,
                report.errors
            );
            assert_eq!(
                fired(&report, rule.code),
                0,
                "{}: good example raises it:\n{example}",
                rule.code
            );
        }
        insta::assert_snapshot!(format!("{}-{}", rule.code, rule.name), rendered);
    }
}

#[test]
fn checklist_refers_only_to_registered_rules() {
    for code in plimsoll_core::checklist::referenced_rules() {
        assert!(
            plimsoll_core::rules::Rule::by_code(code).is_some(),
            "the checklist refers to {code}, which is not registered"
        );
    }
}

#[test]
fn nothing_to_judge_has_no_score() {
    for text in ["", "hello world\n", "# only a comment\n", "ARG VERSION=1\n"] {
        let report = plimsoll_core::check(text, &Settings::default());
        let checklist = &report.checklist;
        assert_eq!(checklist.score, None, "{text:?}");
        assert!(checklist.items.is_empty(), "{text:?}: no item passes");
        let why = checklist.no_verdict.as_ref().expect("the reason");
        assert!(why.get(Lang::En).contains("no build stage"), "{text:?}");
        assert!(why.get(Lang::Ja).contains("ビルドステージ"), "{text:?}");
    }
    let report = plimsoll_core::check("FROM alpine:3.20\nUSER 1000\n", &Settings::default());
    assert!(report.checklist.score.is_some());
    assert_eq!(report.checklist.no_verdict, None);
}
