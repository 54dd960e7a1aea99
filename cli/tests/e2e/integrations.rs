//! Where users already work: shell completions and manual pages generated
//! from the argument definitions.

use super::*;

/// Every command `plimsoll --help` lists, read from the help itself so a new
/// command is covered without touching this test.
fn commands() -> Vec<String> {
    let (code, help, _) = run(plimsoll().arg("--help"));
    assert_eq!(code, 0);
    let listed: Vec<String> = help
        .split("Commands:\n")
        .nth(1)
        .expect("the help lists commands")
        .lines()
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next().map(str::to_owned))
        .filter(|name| name != "help")
        .collect();
    for known in ["check", "fix", "explain", "completions", "man"] {
        assert!(listed.iter().any(|name| name == known), "{known}: {help}");
    }
    listed
}

#[test]
fn completions_name_every_command_and_the_check_options() {
    let commands = commands();
    let (code, bash, stderr) = run(plimsoll().args(["completions", "bash"]));
    assert_eq!(code, 0, "{stderr}");
    for command in &commands {
        assert!(
            bash.contains(&format!("plimsoll,{command})")),
            "bash does not complete `{command}`"
        );
    }
    for option in ["--fail-on", "--format", "--no-companions", "--lang"] {
        assert!(bash.contains(option), "bash lacks {option}");
    }
    assert!(bash.contains("complete -F _plimsoll"), "{bash}");
    // The script is valid bash (syntax only: nothing runs).
    let dir = scratch("completions");
    let script = write(&dir, "plimsoll.bash", &bash);
    let syntax = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .expect("bash runs");
    assert!(syntax.status.success(), "{syntax:?}");

    let (code, zsh, _) = run(plimsoll().args(["completions", "zsh"]));
    assert_eq!(code, 0);
    assert!(zsh.starts_with("#compdef plimsoll"), "{zsh}");
    let (code, fish, _) = run(plimsoll().args(["completions", "fish"]));
    assert_eq!(code, 0);
    for command in &commands {
        assert!(zsh.contains(&format!("'{command}:")), "zsh lacks {command}");
        assert!(
            fish.contains(&format!("-a \"{command}\"")),
            "fish lacks {command}"
        );
    }
    // Severity values are offered where a severity is asked for.
    assert!(
        fish.contains("-l fail-on") && fish.contains("critical"),
        "{fish}"
    );

    let (code, _, stderr) = run(plimsoll().args(["completions", "tcsh"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("bash"), "{stderr}");
}

#[test]
fn man_pages_have_name_synopsis_and_the_options() {
    let (code, page, stderr) = run(plimsoll().arg("man"));
    assert_eq!(code, 0, "{stderr}");
    assert!(page.contains(".TH plimsoll 1"), "{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(page.contains(section), "{section}: {page}");
    }
    // roff escapes hyphens in options.
    for option in ["\\-\\-config", "\\-\\-lang", "\\-\\-no\\-color"] {
        assert!(page.contains(option), "{option}");
    }
    for command in commands() {
        assert!(
            page.contains(&format!("plimsoll\\-{command}(1)")),
            "{command}"
        );
        let (code, sub, stderr) = run(plimsoll().args(["man", &command]));
        assert_eq!(code, 0, "{command}: {stderr}");
        assert!(sub.contains(&format!(".TH plimsoll-{command} 1")), "{sub}");
        assert!(
            sub.contains(".SH NAME") && sub.contains(".SH SYNOPSIS"),
            "{sub}"
        );
        assert!(sub.contains(&format!("plimsoll {command}")), "{sub}");
    }
    let (_, check, _) = run(plimsoll().args(["man", "check"]));
    for option in [
        "\\-\\-fail\\-on",
        "\\-\\-format",
        "\\-\\-strict",
        "\\-\\-report",
    ] {
        assert!(check.contains(option), "{option}: {check}");
    }
    assert!(check.contains("sarif"), "the formats are listed");

    let (code, _, stderr) = run(plimsoll().args(["man", "nope"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("no manual page for `nope`"), "{stderr}");
}
