//! `.dockerignore` reading and matching, restating the cases of
//! moby/patternmatcher (`patternmatcher_test.go`, `ignorefile_test.go`) as
//! our own tables: what BuildKit leaves out of the build context.

use plimsoll_core::companion::dockerignore::{clean, IgnoreFile, PatternError};

fn ignore(patterns: &[&str]) -> IgnoreFile {
    IgnoreFile::parse(&patterns.join("\n"))
}

/// (pattern, path, excluded): one pattern against one path, parents included.
const SINGLE: &[(&str, &str, bool)] = &[
    ("*", "fileutils.go", true),
    ("*.go", "fileutils.go", true),
    ("**", "file", true),
    ("**", "file/", true),
    ("**/", "file", true),
    ("**/", "file/", true),
    ("**", "/", true),
    ("**/", "/", true),
    ("**", "dir/file", true),
    ("**/", "dir/file", true),
    ("**", "dir/file/", true),
    ("**/", "dir/file/", true),
    ("**/**", "dir/file", true),
    ("**/**", "dir/file/", true),
    ("dir/**", "dir/file", true),
    ("dir/**", "dir/file/", true),
    ("dir/**", "dir/dir2/file", true),
    ("dir/**", "dir/dir2/file/", true),
    ("**/dir", "dir", true),
    ("**/dir", "dir/file", true),
    ("**/dir2/*", "dir/dir2/file", true),
    ("**/dir2/*", "dir/dir2/file/", true),
    ("**/dir2/**", "dir/dir2/dir3/file", true),
    ("**/dir2/**", "dir/dir2/dir3/file/", true),
    ("**file", "file", true),
    ("**file", "dir/file", true),
    ("**/file", "dir/file", true),
    ("**file", "dir/dir/file", true),
    ("**/file", "dir/dir/file", true),
    ("**/file*", "dir/dir/file", true),
    ("**/file*", "dir/dir/file.txt", true),
    ("**/file*txt", "dir/dir/file.txt", true),
    ("**/file*.txt", "dir/dir/file.txt", true),
    ("**/file*.txt*", "dir/dir/file.txt", true),
    ("**/**/*.txt", "dir/dir/file.txt", true),
    ("**/**/*.txt2", "dir/dir/file.txt", false),
    ("**/*.txt", "file.txt", true),
    ("**/**/*.txt", "file.txt", true),
    ("a**/*.txt", "a/file.txt", true),
    ("a**/*.txt", "a/dir/file.txt", true),
    ("a**/*.txt", "a/dir/dir/file.txt", true),
    ("a/*.txt", "a/dir/file.txt", false),
    ("a/*.txt", "a/file.txt", true),
    ("a/*.txt**", "a/file.txt", true),
    ("a[b-d]e", "ae", false),
    ("a[b-d]e", "ace", true),
    ("a[b-d]e", "aae", false),
    ("a[^b-d]e", "aze", true),
    (".*", ".foo", true),
    (".*", "foo", false),
    ("abc.def", "abcdef", false),
    ("abc.def", "abc.def", true),
    ("abc.def", "abcZdef", false),
    ("abc?def", "abcZdef", true),
    ("abc?def", "abcdef", false),
    ("a\\\\", "a\\", true),
    ("**/foo/bar", "foo/bar", true),
    ("**/foo/bar", "dir/foo/bar", true),
    ("**/foo/bar", "dir/dir2/foo/bar", true),
    ("abc/**", "abc", false),
    ("abc/**", "abc/def", true),
    ("abc/**", "abc/def/ghi", true),
    ("**/.foo", ".foo", true),
    ("**/.foo", "bar.foo", false),
    ("a(b)c/def", "a(b)c/def", true),
    ("a(b)c/def", "a(b)c/xyz", false),
    ("a.|)$(}+{bc", "a.|)$(}+{bc", true),
    (
        "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
        "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
        true,
    ),
    (
        "dist/*.whl",
        "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
        true,
    ),
    ("a\\*b", "a*b", true),
    // Go's filepath.Match cases, as the matcher reads them.
    ("abc", "abc", true),
    ("*", "abc", true),
    ("*c", "abc", true),
    ("a*", "a", true),
    ("a*", "abc", true),
    // `a*` does not cross `/`, but it matches the parent directory `ab`.
    ("a*", "ab/c", true),
    ("a*/b", "abc/b", true),
    ("a*/b", "a/c/b", false),
    ("a*b*c*d*e*/f", "axbxcxdxe/f", true),
    ("a*b*c*d*e*/f", "axbxcxdxexxx/f", true),
    ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false),
    ("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false),
    ("a*b?c*x", "abxbbxdbxebxczzx", true),
    ("a*b?c*x", "abxbbxdbxebxczzy", false),
    ("ab[c]", "abc", true),
    ("ab[b-d]", "abc", true),
    ("ab[e-g]", "abc", false),
    ("ab[^c]", "abc", false),
    ("ab[^b-d]", "abc", false),
    ("ab[^e-g]", "abc", true),
    ("a\\*b", "ab", false),
    ("a?b", "a☺b", true),
    ("a[^a]b", "a☺b", true),
    ("a???b", "a☺b", false),
    ("a[^a][^a][^a]b", "a☺b", false),
    ("[a-ζ]*", "α", true),
    ("*[a-ζ]", "A", false),
    ("a?b", "a/b", false),
    ("a*b", "a/b", false),
    ("[\\]a]", "]", true),
    ("[\\-]", "-", true),
    ("[x\\-]", "x", true),
    ("[x\\-]", "-", true),
    ("[x\\-]", "z", false),
    ("[\\-x]", "x", true),
    ("[\\-x]", "-", true),
    ("[\\-x]", "a", false),
    ("*x", "xxx", true),
    // What the translation implies: a leading `**` followed by plain text is
    // a suffix test, and `**` inside a name stands for whole directories.
    ("**file", "dir/myfile", true),
    ("a**b", "ab", true),
    ("a**b", "ax/b", true),
    ("a**b", "axb", false),
    ("a^b", "a^b", true),
    ("*^b", "x^b", false),
    // Literal starts and ends of wildcard patterns, on paths and parents.
    ("src/*.py", "src/a.py", true),
    ("src/*.py", "src/a.py/inner", true),
    ("src/*.py", "lib/src/a.py", false),
    ("src/*.py", "src/a.pyc", false),
    ("**/*.pyc", "a/b.pyc/c", true),
    ("**/*.pyc", "a/b.pyc.txt", false),
    ("a?c", "abc/d", true),
    ("a?c", "xabc", false),
];

#[test]
fn single_patterns_match_as_in_patternmatcher() {
    let mut wrong = Vec::new();
    for &(pattern, path, excluded) in SINGLE {
        let file = ignore(&[pattern]);
        assert!(file.errors().next().is_none(), "{pattern} rejected");
        if file.excludes(path) != excluded {
            wrong.push(format!("{pattern:?} on {path:?}: expected {excluded}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// (patterns, path, excluded): the last matching pattern decides.
const SEVERAL: &[(&[&str], &str, bool)] = &[
    (&["!fileutils.go", "*.go"], "fileutils.go", true),
    (&["*.go", "!fileutils.go"], "fileutils.go", false),
    (&["docs", "!docs/README.md"], "docs/README.md", false),
    (&["docs/", "!docs/README.md"], "docs/README.md", false),
    (&["docs/*", "!docs/README.md"], "docs/README.md", false),
    (&["**", "!util/docker/web"], "util/docker/web/foo", false),
    (
        &["**", "!util/docker/web", "util/docker/web/foo"],
        "util/docker/web/foo",
        true,
    ),
    (
        &[
            "**",
            "!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
        ],
        "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
        false,
    ),
    (
        &["**", "!dist/*.whl"],
        "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
        false,
    ),
    (&["*.go"], ".", false),
    (&[], "any/path/there", false),
    // Anchored at the root: `.env` leaves `config/.env` in the context.
    (&[".env"], "config/.env", false),
    (&["**/.env"], "config/.env", true),
    (&["/secrets"], "secrets/key.pem", true),
];

#[test]
fn several_patterns_last_match_wins() {
    for &(patterns, path, excluded) in SEVERAL {
        assert_eq!(
            ignore(patterns).excludes(path),
            excluded,
            "{patterns:?} on {path:?}"
        );
    }
}

#[test]
fn malformed_patterns_are_rejected() {
    for pattern in [
        "[]a]",
        "[-]",
        "[x-]",
        "[-x]",
        "\\",
        "[a-b-c]",
        "[",
        "[^",
        "[^bc",
        "a[",
        "!",
        // filepath.Match accepts a reversed range, Go's regexp does not.
        "[Local-Only]/",
    ] {
        let file = ignore(&[pattern]);
        assert!(file.errors().next().is_some(), "{pattern:?} accepted");
        assert!(!file.excludes("a"), "{pattern:?} matched");
    }
    let lone = ignore(&["!"]);
    assert_eq!(
        lone.errors().next().map(|(_, error)| error.clone()),
        Some(PatternError::LoneExclamation)
    );
}

#[test]
fn reading_follows_the_ignorefile_reader() {
    let source = "\u{feff}test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n!\n! \n  # not a comment\nsub/../dir/\r\n";
    let file = IgnoreFile::parse(source);
    let read: Vec<String> = file
        .patterns
        .iter()
        .map(|pattern| {
            format!(
                "{}{}",
                if pattern.exception { "!" } else { "" },
                pattern.text
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            "test1",
            "test2",
            "a/file/here",
            "lastfile",
            "!inverted/abs/path",
            "!",
            "!",
            "# not a comment",
            "dir",
        ]
    );
    let lines: Vec<u32> = file.patterns.iter().map(|pattern| pattern.line).collect();
    assert_eq!(lines, [1, 2, 3, 5, 7, 8, 9, 10, 11]);
    // Spans cover the trimmed line, after the byte order mark.
    let first = file.patterns[0].span;
    assert_eq!(&source[first.range()], "test1");
    let last = file.patterns[8].span;
    assert_eq!(&source[last.range()], "sub/../dir/");
}

#[test]
fn verdict_names_the_deciding_pattern() {
    let file = ignore(&["*.md", "!README.md", "docs"]);
    assert_eq!(file.verdict("README.md").decided_by, Some(1));
    assert!(!file.verdict("README.md").excluded);
    assert_eq!(file.verdict("docs/README.md").decided_by, Some(2));
    assert_eq!(file.verdict("main.rs").decided_by, None);
}

#[test]
fn clean_follows_go() {
    for (path, cleaned) in [
        ("", "."),
        ("a//b/./c/", "a/b/c"),
        ("../a", "../a"),
        ("a/../..", ".."),
        ("/../a", "/a"),
        ("/", "/"),
        ("./", "."),
    ] {
        assert_eq!(clean(path), cleaned, "{path:?}");
    }
}

#[test]
fn long_patterns_match_in_bounded_time() {
    let pattern = "*a".repeat(200);
    let path = "a".repeat(5000) + "b";
    assert!(!ignore(&[&pattern]).excludes(&path));
}
