//! Recognizers for the commands rules look at: which tool a simple command
//! runs (through `sudo`, `env` and other wrappers), its sub-command, its
//! options parsed with per-tool knowledge of which take a value, and its
//! operands. All tool knowledge lives in the tables at the end.

use std::collections::HashMap;

use super::script::{basename, ShellWord, SimpleCommand};

/// The tools [`classify`] knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tool {
    AptGet,
    Apt,
    Apk,
    Yum,
    Dnf,
    Microdnf,
    Tdnf,
    Zypper,
    Rpm,
    Dpkg,
    Pip,
    Npm,
    Yarn,
    Pnpm,
    Gem,
    Go,
    Cargo,
    Composer,
    Curl,
    Wget,
    Git,
    Chmod,
    Chown,
    Chgrp,
    Useradd,
    Adduser,
    Groupadd,
    Addgroup,
    Usermod,
    Sudo,
    Su,
    Tar,
    Unzip,
    /// `sh`, `bash`, `ash`, `dash`, `zsh`, `ksh`, `mksh`.
    Shell,
    Python,
    Perl,
    Ruby,
    Node,
    Php,
    Ln,
    Cd,
    Setcap,
    Chpasswd,
    Passwd,
    AptKey,
    UpdateAlternatives,
    Echo,
    Printf,
    Tee,
}

impl Tool {
    /// Whether the tool installs software packages.
    pub fn is_package_manager(self) -> bool {
        use Tool::*;
        matches!(
            self,
            AptGet
                | Apt
                | Apk
                | Yum
                | Dnf
                | Microdnf
                | Tdnf
                | Zypper
                | Rpm
                | Dpkg
                | Pip
                | Npm
                | Yarn
                | Pnpm
                | Gem
                | Go
                | Cargo
                | Composer
        )
    }

    /// Whether the tool runs code given as text, a file or standard input.
    pub fn is_interpreter(self) -> bool {
        matches!(
            self,
            Tool::Shell | Tool::Python | Tool::Perl | Tool::Ruby | Tool::Node | Tool::Php
        )
    }
}

/// A recognized command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recognized {
    /// Which tool runs.
    pub tool: Tool,
    /// Index into the command's words of the tool's name.
    pub program: usize,
    /// The sub-command (`install`, `add`, `update`, `global add`, …).
    pub subcommand: Option<Operand>,
    /// Options in order; a cluster such as `-fsSL` gives one entry a letter.
    pub options: Vec<CmdOption>,
    /// The arguments that are not options (nor the sub-command).
    pub operands: Vec<Operand>,
    /// The sub-command or options install the operands as packages.
    pub installs: bool,
    /// The command runs through `sudo` (or `doas`).
    pub via_sudo: bool,
}

/// An option such as `-o file`, `--output=file` or the `-L` of `-fsSL`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CmdOption {
    /// The name as written, with its dashes: `-o`, `--output`, `-ldflags`.
    pub name: String,
    /// The value, for options that take one.
    pub value: Option<String>,
    /// Index into the command's words of the option.
    pub word: usize,
    /// Index of the word holding the value (the option's own if attached).
    pub value_word: Option<usize>,
}

/// An argument that is not an option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operand {
    /// The text, quotes removed.
    pub value: String,
    /// Index into the command's words.
    pub word: usize,
}

impl CmdOption {
    fn is(&self, short: &[char], long: &[&str]) -> bool {
        let mut letters = self.name.strip_prefix('-').unwrap_or_default().chars();
        let single = match (letters.next(), letters.next()) {
            (Some(letter), None) => Some(letter),
            _ => None,
        };
        single.is_some_and(|letter| short.contains(&letter)) || long.contains(&self.name.as_str())
    }
}

impl Recognized {
    /// Whether any of the options is given (`long` names with their dashes).
    pub fn has_flag(&self, short: &[char], long: &[&str]) -> bool {
        self.options.iter().any(|option| option.is(short, long))
    }

    /// The value of the last of the options given with a value.
    pub fn flag_value(&self, short: &[char], long: &[&str]) -> Option<&str> {
        let mut matching = self
            .options
            .iter()
            .rev()
            .filter(|option| option.is(short, long));
        matching.find_map(|option| option.value.as_deref())
    }

    /// The values of all of the options, in order (`-H a -H b`).
    pub fn flag_values<'a>(
        &'a self,
        short: &'a [char],
        long: &'a [&str],
    ) -> impl Iterator<Item = &'a str> {
        self.options
            .iter()
            .filter(move |option| option.is(short, long))
            .filter_map(|option| option.value.as_deref())
    }

    /// The packages installed: the operands when the command installs.
    pub fn packages(&self) -> &[Operand] {
        if self.installs {
            &self.operands
        } else {
            &[]
        }
    }

    /// The operands that are URLs (they contain `://`).
    pub fn urls(&self) -> impl Iterator<Item = &Operand> {
        self.operands
            .iter()
            .filter(|operand| operand.value.contains("://"))
    }
}

/// Recognizes the tool `command` runs, looking through wrappers and paths.
/// Computed on the first call and kept with the command.
pub fn classify(command: &SimpleCommand) -> Option<&Recognized> {
    command
        .recognized
        .0
        .get_or_init(|| recognize_command(command))
        .as_ref()
}

fn recognize_command(command: &SimpleCommand) -> Option<Recognized> {
    let words = &command.words;
    let mut start = 0;
    let mut via_sudo = false;
    let name = loop {
        let name = program_name(words.get(start)?)?;
        let Some(wrapper) = WRAPPERS.iter().find(|w| w.names.contains(&name)) else {
            break name;
        };
        let args = parse_args(words, start + 1, &wrapper.syntax);
        if args
            .options
            .iter()
            .any(|option| wrapper.queries.contains(&option.name.as_str()))
        {
            return None;
        }
        let wrapped = args
            .operands
            .iter()
            .skip(wrapper.leading_operands)
            .find(|operand| {
                !(wrapper.takes_assignments
                    && operand.value.contains('=')
                    && !operand.value.starts_with('='))
            });
        let Some(wrapped) = wrapped else {
            // `sudo -i` and the like: the wrapper itself is what runs.
            return wrapper
                .elevates
                .then(|| recognize(&SUDO, words, start, true));
        };
        via_sudo |= wrapper.elevates;
        start = wrapped.word;
    };
    let spec = find_spec(name)?;
    let recognized = recognize(spec, words, start, via_sudo);
    if spec.tool == Tool::Python {
        if let Some(pip) = python_module_pip(&recognized, words, via_sudo) {
            return Some(pip);
        }
    }
    Some(recognized)
}

/// A word's program name, unless it is computed (`$PIP install`).
fn program_name(word: &ShellWord) -> Option<&str> {
    (!word.has_expansion).then(|| basename(&word.value))
}

/// The tool for a name, also without a version suffix (`pip3.11`, `python3`).
fn find_spec(name: &str) -> Option<&'static ToolSpec> {
    // Every command of every RUN is looked up (twice when its name is no
    // tool's), so the names are indexed once rather than read in a list.
    static BY_NAME: std::sync::LazyLock<HashMap<&str, &ToolSpec>> =
        std::sync::LazyLock::new(|| {
            let mut by_name = HashMap::new();
            for spec in TOOLS {
                for name in spec.names {
                    // The first tool naming it wins, as in the list.
                    by_name.entry(*name).or_insert(spec);
                }
            }
            by_name
        });
    let lookup = |name: &str| BY_NAME.get(name).copied();
    lookup(name).or_else(|| {
        let versionless = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        (!versionless.is_empty() && versionless != name)
            .then(|| lookup(versionless))
            .flatten()
    })
}

/// `python -m pip …` is pip.
fn python_module_pip(
    python: &Recognized,
    words: &[ShellWord],
    via_sudo: bool,
) -> Option<Recognized> {
    let module = python.options.iter().find(|option| option.name == "-m")?;
    if module.value.as_deref() != Some("pip") {
        return None;
    }
    Some(recognize(
        find_spec("pip")?,
        words,
        module.value_word?,
        via_sudo,
    ))
}

/// Reads the arguments after `words[program]` with the tool's syntax.
fn recognize(spec: &ToolSpec, words: &[ShellWord], program: usize, via_sudo: bool) -> Recognized {
    let Args {
        options,
        mut operands,
    } = parse_args(words, program + 1, &spec.syntax);
    let subcommand = if spec.subcommand && !operands.is_empty() {
        let mut subcommand = operands.remove(0);
        // `yarn global add x`, `composer global require x`.
        if subcommand.value == "global" && !operands.is_empty() {
            subcommand.value = format!("global {}", operands.remove(0).value);
        }
        Some(subcommand)
    } else {
        None
    };
    let mut recognized = Recognized {
        tool: spec.tool,
        program,
        subcommand,
        options,
        operands,
        installs: false,
        via_sudo,
    };
    recognized.installs = match spec.installs {
        Installs::Never => false,
        Installs::Subcommands(names) => recognized
            .subcommand
            .as_ref()
            .is_some_and(|sub| names.contains(&sub.value.as_str())),
        Installs::Options(short, long) => recognized.has_flag(short, long),
    };
    recognized
}

/// Options and operands of one command line.
struct Args {
    options: Vec<CmdOption>,
    operands: Vec<Operand>,
}

/// Parses `words[from..]` as options and operands.
fn parse_args(words: &[ShellWord], from: usize, syntax: &Syntax) -> Args {
    let mut args = Args {
        options: Vec::new(),
        operands: Vec::new(),
    };
    let mut options_done = false;
    let mut index = from;
    while let Some(word) = words.get(index) {
        let arg = word.value.as_str();
        let this = index;
        index += 1;
        let dashless_cluster = syntax.bundled_first
            && this == from
            && !arg.is_empty()
            && arg.chars().all(|c| c.is_ascii_alphabetic());
        if dashless_cluster {
            index = short_cluster(arg, this, index, words, syntax, &mut args.options);
        } else if options_done || !arg.starts_with('-') || arg == "-" || (syntax.dash_operand)(arg)
        {
            args.operands.push(Operand {
                value: arg.to_string(),
                word: this,
            });
            options_done |= syntax.options_first;
        } else if arg == "--" {
            options_done = true;
        } else if arg.starts_with("--") || syntax.single_dash_long {
            index = long_option(arg, this, index, words, syntax, &mut args.options);
        } else {
            index = short_cluster(&arg[1..], this, index, words, syntax, &mut args.options);
        }
    }
    args
}

/// `--name`, `--name=value` or `--name value`; returns the next word index.
fn long_option(
    arg: &str,
    this: usize,
    next: usize,
    words: &[ShellWord],
    syntax: &Syntax,
    options: &mut Vec<CmdOption>,
) -> usize {
    let (name, attached) = match arg.split_once('=') {
        Some((name, value)) => (name, Some(value)),
        None => (arg, None),
    };
    let name = syntax.full_long_name(name);
    let mut option = CmdOption {
        name: name.to_string(),
        value: None,
        word: this,
        value_word: None,
    };
    let mut next = next;
    if let Some(value) = attached {
        option.value = Some(value.to_string());
        option.value_word = Some(this);
    } else if syntax.long_values.contains(&name) {
        if let Some(word) = words.get(next) {
            option.value = Some(word.value.clone());
            option.value_word = Some(next);
            next += 1;
        }
    }
    options.push(option);
    next
}

/// Letters of `-fsSL` (or tar's `xzf`); a value-taking letter takes the rest
/// of the cluster or else the next word. Returns the next word index.
fn short_cluster(
    letters: &str,
    this: usize,
    next: usize,
    words: &[ShellWord],
    syntax: &Syntax,
    options: &mut Vec<CmdOption>,
) -> usize {
    for (at, letter) in letters.char_indices() {
        // Built by hand: `format!` costs several times more, per letter of
        // every option cluster of every command.
        let mut name = String::with_capacity(1 + letter.len_utf8());
        name.push('-');
        name.push(letter);
        let mut option = CmdOption {
            name,
            value: None,
            word: this,
            value_word: None,
        };
        if syntax.short_values.contains(letter) {
            let rest = &letters[at + letter.len_utf8()..];
            let (value, value_word, next) = match words.get(next) {
                _ if !rest.is_empty() => (Some(rest.to_string()), Some(this), next),
                Some(word) => (Some(word.value.clone()), Some(next), next + 1),
                None => (None, None, next),
            };
            option.value = value;
            option.value_word = value_word;
            options.push(option);
            return next;
        }
        options.push(option);
    }
    next
}

// ----- the tables -----

/// How a tool's arguments are read.
struct Syntax {
    /// Short options that take a value (`"oHX"` for curl's `-o`, `-H`, `-X`).
    short_values: &'static str,
    /// Long options that take a value, with their dashes.
    long_values: &'static [&'static str],
    /// Options end at the first operand; the rest belongs to a script or command.
    options_first: bool,
    /// `-name` is one option, as in `go build -ldflags …`.
    single_dash_long: bool,
    /// A dashless first argument is a cluster of short options (`tar xzf`).
    bundled_first: bool,
    /// Arguments starting with `-` that are operands (chmod's `-x`).
    dash_operand: fn(&str) -> bool,
    /// Long options without a value. When not empty, the tool (Python's
    /// optparse, as in pip) also accepts any unambiguous prefix of a long
    /// option: `--no-cache` is `--no-cache-dir`.
    long_flags: &'static [&'static str],
}

impl Syntax {
    /// The long option a prefix stands for, when the tool accepts prefixes
    /// and exactly one of its options starts with it.
    fn full_long_name<'a>(&self, name: &'a str) -> &'a str {
        if self.long_flags.is_empty() {
            return name;
        }
        let mut known = self.long_values.iter().chain(self.long_flags);
        if known.clone().any(|option| *option == name) {
            return name;
        }
        let mut matches = known.by_ref().filter(|option| option.starts_with(name));
        match (matches.next(), matches.next()) {
            (Some(full), None) => full,
            _ => name,
        }
    }
}

const PLAIN: Syntax = Syntax {
    short_values: "",
    long_values: &[],
    long_flags: &[],
    options_first: false,
    single_dash_long: false,
    bundled_first: false,
    dash_operand: |_| false,
};

/// Which sub-commands or options make a package manager install its operands.
enum Installs {
    Never,
    Subcommands(&'static [&'static str]),
    Options(&'static [char], &'static [&'static str]),
}

struct ToolSpec {
    tool: Tool,
    names: &'static [&'static str],
    syntax: Syntax,
    /// The first operand is a sub-command.
    subcommand: bool,
    installs: Installs,
}

/// A command that runs another command given as its arguments.
struct Wrapper {
    names: &'static [&'static str],
    syntax: Syntax,
    /// Operands before the wrapped command (`timeout 10 cmd`).
    leading_operands: usize,
    /// `NAME=value` operands come before the command (`env A=1 cmd`).
    takes_assignments: bool,
    /// Options that make it look the command up instead of running it.
    queries: &'static [&'static str],
    /// It runs the command as another (by default the root) user.
    elevates: bool,
}

const SUDO_SYNTAX: Syntax = Syntax {
    short_values: "ugCDhprtUT",
    long_values: &[
        "--user",
        "--group",
        "--close-from",
        "--chdir",
        "--host",
        "--prompt",
        "--role",
        "--type",
        "--other-user",
        "--command-timeout",
    ],
    options_first: true,
    ..PLAIN
};

#[rustfmt::skip]
const WRAPPERS: &[Wrapper] = &[
    wrapper(&["sudo", "doas"], SUDO_SYNTAX, 0, true),
    wrapper(
        &["env"],
        Syntax {
            short_values: "uCS",
            long_values: &["--unset", "--chdir", "--split-string"],
            ..FIRST
        },
        0,
        false,
    )
    .with_assignments(),
    wrapper(
        &["nohup", "stdbuf", "ionice"],
        Syntax {
            short_values: "ioecnp",
            ..FIRST
        },
        0,
        false,
    ),
    wrapper(
        &["xargs"],
        Syntax {
            short_values: "IndPLsEa",
            long_values: &[
                "--max-args", "--max-procs", "--max-lines", "--delimiter", "--arg-file", "--eof",
                "--max-chars",
            ],
            ..FIRST
        },
        0,
        false,
    ),
    Wrapper {
        queries: &["-v", "-V"],
        ..wrapper(&["command"], FIRST, 0, false)
    },
    wrapper(
        &["exec"],
        Syntax {
            short_values: "a",
            ..FIRST
        },
        0,
        false,
    ),
    wrapper(
        &["time"],
        Syntax {
            short_values: "fo",
            long_values: &["--format", "--output"],
            ..FIRST
        },
        0,
        false,
    ),
    wrapper(
        &["nice"],
        Syntax {
            short_values: "n",
            long_values: &["--adjustment"],
            ..FIRST
        },
        0,
        false,
    ),
    wrapper(
        &["timeout"],
        Syntax {
            short_values: "sk",
            long_values: &["--signal", "--kill-after"],
            ..FIRST
        },
        1,
        false,
    ),
    wrapper(
        &["gosu", "su-exec", "chroot"],
        Syntax {
            long_values: &["--userspec", "--groups"],
            ..FIRST
        },
        1,
        false,
    ),
];

/// Wrappers and interpreters: options end where the command or script starts.
const FIRST: Syntax = Syntax {
    options_first: true,
    ..PLAIN
};

const fn wrapper(
    names: &'static [&'static str],
    syntax: Syntax,
    leading: usize,
    elevates: bool,
) -> Wrapper {
    Wrapper {
        names,
        syntax,
        leading_operands: leading,
        takes_assignments: false,
        queries: &[],
        elevates,
    }
}

impl Wrapper {
    const fn with_assignments(self) -> Wrapper {
        Wrapper {
            takes_assignments: true,
            ..self
        }
    }
}

const fn tool(tool: Tool, names: &'static [&'static str], syntax: Syntax) -> ToolSpec {
    ToolSpec {
        tool,
        names,
        syntax,
        subcommand: false,
        installs: Installs::Never,
    }
}

const fn with_subcommand(
    tool: Tool,
    names: &'static [&'static str],
    syntax: Syntax,
    installs: &'static [&'static str],
) -> ToolSpec {
    ToolSpec {
        tool,
        names,
        syntax,
        subcommand: true,
        installs: Installs::Subcommands(installs),
    }
}

const APT: Syntax = Syntax {
    short_values: "otca",
    long_values: &[
        "--option",
        "--target-release",
        "--default-release",
        "--config-file",
        "--host-architecture",
    ],
    ..PLAIN
};

const RPM_FAMILY: Syntax = Syntax {
    short_values: "cdexR",
    long_values: &[
        "--config",
        "--enablerepo",
        "--disablerepo",
        "--setopt",
        "--releasever",
        "--installroot",
        "--exclude",
        "--repo",
        "--repoid",
        "--repofrompath",
        "--forcearch",
        "--downloaddir",
        "--destdir",
        "--comment",
        "--rpmverbosity",
        "--color",
        "--debuglevel",
        "--errorlevel",
    ],
    ..PLAIN
};

const RPM_INSTALLS: &[&str] = &["install", "in", "reinstall", "localinstall", "groupinstall"];

const SHELL_SYNTAX: Syntax = Syntax {
    short_values: "coO",
    long_values: &["--rcfile", "--init-file"],
    ..FIRST
};

const SUDO: ToolSpec = tool(Tool::Sudo, &["sudo", "doas"], SUDO_SYNTAX);

#[rustfmt::skip]
const TOOLS: &[ToolSpec] = &[
    with_subcommand(Tool::AptGet, &["apt-get"], APT, &["install", "reinstall"]),
    with_subcommand(Tool::Apt, &["apt"], APT, &["install", "reinstall"]),
    with_subcommand(
        Tool::Apk,
        &["apk"],
        Syntax {
            short_values: "Xpt",
            long_values: &[
                "--repository", "--root", "--arch", "--virtual", "--cache-dir", "--keys-dir",
                "--repositories-file", "--cache-max-age", "--timeout",
            ],
            ..PLAIN
        },
        &["add"],
    ),
    with_subcommand(Tool::Yum, &["yum"], RPM_FAMILY, RPM_INSTALLS),
    with_subcommand(Tool::Dnf, &["dnf"], RPM_FAMILY, RPM_INSTALLS),
    with_subcommand(Tool::Microdnf, &["microdnf"], RPM_FAMILY, RPM_INSTALLS),
    with_subcommand(Tool::Tdnf, &["tdnf"], RPM_FAMILY, RPM_INSTALLS),
    with_subcommand(
        Tool::Zypper,
        &["zypper"],
        Syntax {
            short_values: "rt",
            long_values: &[
                "--repo", "--root", "--from", "--type", "--reposd-path", "--cache-dir", "--config",
            ],
            ..PLAIN
        },
        &["install", "in", "source-install", "si"],
    ),
    ToolSpec {
        installs: Installs::Options(
            &['i', 'U', 'F'],
            &["--install", "--upgrade", "--freshen", "--reinstall"],
        ),
        ..tool(
            Tool::Rpm,
            &["rpm"],
            Syntax {
                short_values: "D",
                long_values: &[
                    "--root", "--dbpath", "--define", "--predefine", "--rcfile", "--macros",
                    "--relocate", "--excludepath", "--prefix",
                ],
                ..PLAIN
            },
        )
    },
    ToolSpec {
        installs: Installs::Options(&['i'], &["--install", "--unpack"]),
        ..tool(
            Tool::Dpkg,
            &["dpkg"],
            Syntax {
                long_values: &[
                    "--root", "--admindir", "--instdir", "--path-include", "--path-exclude",
                    "--log",
                ],
                ..PLAIN
            },
        )
    },
    with_subcommand(
        Tool::Pip,
        &["pip", "pip3", "pip2"],
        Syntax {
            short_values: "rciedtfC",
            long_values: &[
                "--requirement", "--constraint", "--index-url", "--extra-index-url",
                "--trusted-host", "--editable", "--target", "--prefix", "--root", "--find-links",
                "--src", "--cache-dir", "--progress-bar", "--platform", "--python-version",
                "--implementation", "--abi", "--only-binary", "--no-binary", "--upgrade-strategy",
                "--log", "--proxy", "--retries", "--timeout", "--exists-action", "--cert",
                "--client-cert", "--config-settings", "--global-option", "--python", "--dest",
                "--report", "--keyring-provider", "--root-user-action", "--use-feature",
                "--use-deprecated", "--local-log", "--resume-retries", "--group",
            ],
            long_flags: &[
                "--help", "--debug", "--isolated", "--require-virtualenv", "--verbose",
                "--version", "--quiet", "--no-input", "--no-cache-dir",
                "--disable-pip-version-check", "--no-color", "--no-python-version-warning",
                "--no-deps", "--pre", "--dry-run", "--user", "--upgrade", "--force-reinstall",
                "--ignore-installed", "--ignore-requires-python", "--no-build-isolation",
                "--use-pep517", "--no-use-pep517", "--check-build-dependencies",
                "--break-system-packages", "--no-clean", "--require-hashes", "--no-index",
                "--prefer-binary", "--compile", "--no-compile", "--no-warn-script-location",
                "--no-warn-conflicts",
            ],
            ..PLAIN
        },
        &["install"],
    ),
    with_subcommand(
        Tool::Npm,
        &["npm"],
        Syntax {
            short_values: "w",
            long_values: &[
                "--registry", "--prefix", "--cache", "--loglevel", "--workspace", "--tag",
                "--userconfig", "--omit", "--include",
            ],
            ..PLAIN
        },
        &["install", "i", "in", "add"],
    ),
    with_subcommand(
        Tool::Yarn,
        &["yarn"],
        Syntax {
            long_values: &[
                "--cwd", "--registry", "--modules-folder", "--cache-folder", "--network-timeout",
                "--mutex",
            ],
            ..PLAIN
        },
        &["add", "global add"],
    ),
    with_subcommand(
        Tool::Pnpm,
        &["pnpm"],
        Syntax {
            short_values: "CF",
            long_values: &["--dir", "--filter", "--registry", "--store-dir"],
            ..PLAIN
        },
        &["add", "global add"],
    ),
    with_subcommand(
        Tool::Gem,
        &["gem"],
        Syntax {
            short_values: "vsinP",
            long_values: &[
                "--version", "--source", "--install-dir", "--bindir", "--trust-policy",
                "--platform",
            ],
            ..PLAIN
        },
        &["install", "i"],
    ),
    with_subcommand(
        Tool::Go,
        &["go"],
        Syntax {
            long_values: &[
                "-o", "-C", "-p", "-ldflags", "-gcflags", "-asmflags", "-tags", "-mod", "-modfile",
                "-pkgdir", "-toolexec", "-overlay", "-buildmode", "-compiler", "-installsuffix",
                "-pgo", "-exec", "-run", "-count", "-timeout", "-coverprofile",
            ],
            single_dash_long: true,
            ..PLAIN
        },
        &["install", "get"],
    ),
    with_subcommand(
        Tool::Cargo,
        &["cargo"],
        Syntax {
            short_values: "jFZ",
            long_values: &[
                "--version", "--vers", "--git", "--branch", "--tag", "--rev", "--path", "--root",
                "--index", "--registry", "--jobs", "--target", "--features", "--profile", "--bin",
                "--example", "--target-dir", "--manifest-path", "--config", "--color",
            ],
            ..PLAIN
        },
        &["install"],
    ),
    with_subcommand(
        Tool::Composer,
        &["composer", "composer.phar"],
        Syntax {
            short_values: "d",
            long_values: &["--working-dir"],
            ..PLAIN
        },
        &["require", "global require"],
    ),
    tool(
        Tool::Curl,
        &["curl"],
        Syntax {
            short_values: "AbcCdDeEFHKmoPQrtTuUwxXyYz",
            long_values: &[
                "--output", "--header", "--request", "--user", "--data", "--data-binary",
                "--data-raw", "--data-urlencode", "--data-ascii", "--form", "--form-string",
                "--user-agent", "--referer", "--cookie", "--cookie-jar", "--proxy", "--max-time",
                "--connect-timeout", "--retry", "--retry-delay", "--retry-max-time", "--write-out",
                "--upload-file", "--range", "--cert", "--cacert", "--capath", "--key", "--config",
                "--resolve", "--url", "--time-cond", "--continue-at", "--limit-rate", "--proto",
                "--proto-redir", "--max-redirs", "--output-dir", "--ciphers", "--interface",
                "--dns-servers", "--oauth2-bearer", "--pinnedpubkey", "--quote", "--netrc-file",
                "--proxy-user", "--dump-header", "--json", "--connect-to", "--cert-type",
                "--key-type", "--pass", "--unix-socket", "--speed-limit", "--speed-time",
                "--max-filesize", "--trace", "--trace-ascii", "--stderr", "--noproxy",
                "--preproxy", "--socks5", "--socks5-hostname", "--tls-max", "--variable",
                "--aws-sigv4",
            ],
            ..PLAIN
        },
    ),
    tool(
        Tool::Wget,
        &["wget"],
        Syntax {
            short_values: "OoaeiBtTwQPUlARDXI",
            long_values: &[
                "--output-document", "--output-file", "--append-output", "--execute",
                "--input-file", "--base", "--tries", "--timeout", "--wait", "--quota",
                "--directory-prefix", "--user-agent", "--level", "--accept", "--reject",
                "--domains", "--header", "--user", "--password", "--http-user", "--http-password",
                "--post-data", "--post-file", "--body-data", "--body-file", "--method",
                "--ca-certificate", "--ca-directory", "--certificate", "--private-key",
                "--limit-rate", "--max-redirect", "--load-cookies", "--save-cookies", "--referer",
                "--bind-address", "--dns-timeout", "--connect-timeout", "--read-timeout",
                "--waitretry", "--secure-protocol", "--ciphers", "--progress", "--proxy-user",
                "--proxy-password", "--default-page", "--cut-dirs", "--exclude-domains",
                "--exclude-directories", "--include-directories", "--accept-regex",
                "--reject-regex",
            ],
            ..PLAIN
        },
    ),
    with_subcommand(
        Tool::Git,
        &["git"],
        Syntax {
            short_values: "Ccbojmu",
            long_values: &[
                "--git-dir", "--work-tree", "--namespace", "--config", "--branch", "--depth",
                "--origin", "--reference", "--template", "--separate-git-dir", "--jobs",
                "--filter", "--shallow-since", "--shallow-exclude", "--upload-pack", "--message",
            ],
            ..PLAIN
        },
        &[],
    ),
    tool(
        Tool::Chmod,
        &["chmod"],
        Syntax {
            long_values: &["--reference"],
            dash_operand: is_symbolic_mode,
            ..PLAIN
        },
    ),
    tool(
        Tool::Chown,
        &["chown"],
        Syntax {
            long_values: &["--reference", "--from"],
            ..PLAIN
        },
    ),
    tool(
        Tool::Chgrp,
        &["chgrp"],
        Syntax {
            long_values: &["--reference"],
            ..PLAIN
        },
    ),
    tool(
        Tool::Useradd,
        &["useradd"],
        Syntax {
            short_values: "bcdefgGkKpRPsuZ",
            long_values: &[
                "--base-dir", "--comment", "--home-dir", "--expiredate", "--inactive", "--gid",
                "--groups", "--skel", "--key", "--password", "--root", "--prefix", "--shell",
                "--uid", "--selinux-user",
            ],
            ..PLAIN
        },
    ),
    tool(
        Tool::Adduser,
        &["adduser"],
        Syntax {
            short_values: "hgsGuk",
            long_values: &[
                "--home", "--shell", "--uid", "--gid", "--ingroup", "--gecos", "--conf",
                "--firstuid", "--lastuid", "--firstgid", "--lastgid", "--comment",
            ],
            ..PLAIN
        },
    ),
    tool(
        Tool::Groupadd,
        &["groupadd"],
        Syntax {
            short_values: "gKpRP",
            long_values: &["--gid", "--key", "--password", "--root", "--prefix", "--users"],
            ..PLAIN
        },
    ),
    tool(
        Tool::Addgroup,
        &["addgroup"],
        Syntax {
            short_values: "g",
            long_values: &["--gid", "--conf", "--firstgid", "--lastgid"],
            ..PLAIN
        },
    ),
    tool(
        Tool::Usermod,
        &["usermod"],
        Syntax {
            short_values: "cdefgGlpRPsuvVwWZ",
            long_values: &[
                "--comment", "--home", "--expiredate", "--inactive", "--gid", "--groups",
                "--login", "--password", "--root", "--prefix", "--shell", "--uid", "--add-subuids",
                "--del-subuids", "--add-subgids", "--del-subgids", "--selinux-user",
            ],
            ..PLAIN
        },
    ),
    SUDO,
    tool(
        Tool::Su,
        &["su"],
        Syntax {
            short_values: "csgG",
            long_values: &[
                "--command", "--shell", "--group", "--supp-group", "--session-command",
                "--whitelist-environment",
            ],
            ..PLAIN
        },
    ),
    tool(
        Tool::Tar,
        &["tar", "bsdtar", "gtar"],
        Syntax {
            short_values: "fCTXbIKNgLVH",
            long_values: &[
                "--file", "--directory", "--files-from", "--exclude-from", "--exclude",
                "--blocking-factor", "--use-compress-program", "--starting-file", "--newer",
                "--listed-incremental", "--tape-length", "--label", "--format", "--owner",
                "--group", "--mode", "--mtime", "--transform", "--xform", "--strip-components",
                "--checkpoint-action", "--to-command", "--warning", "--index-file",
                "--record-size", "--suffix",
            ],
            bundled_first: true,
            ..PLAIN
        },
    ),
    tool(
        Tool::Unzip,
        &["unzip"],
        Syntax {
            short_values: "dP",
            ..PLAIN
        },
    ),
    tool(
        Tool::Shell,
        &["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"],
        SHELL_SYNTAX,
    ),
    tool(
        Tool::Python,
        &["python", "python3", "python2", "pypy", "pypy3"],
        Syntax {
            short_values: "cmWXQ",
            ..FIRST
        },
    ),
    tool(
        Tool::Perl,
        &["perl"],
        Syntax {
            short_values: "eEIMm",
            ..FIRST
        },
    ),
    tool(
        Tool::Ruby,
        &["ruby"],
        Syntax {
            short_values: "erIECF",
            ..FIRST
        },
    ),
    tool(
        Tool::Node,
        &["node", "nodejs"],
        Syntax {
            short_values: "epr",
            long_values: &[
                "--eval", "--print", "--require", "--input-type", "--loader", "--import",
            ],
            ..FIRST
        },
    ),
    tool(
        Tool::Php,
        &["php", "php7", "php8"],
        Syntax {
            short_values: "rcdfzBRFE",
            ..FIRST
        },
    ),
    tool(
        Tool::Ln,
        &["ln"],
        Syntax {
            short_values: "tS",
            long_values: &["--target-directory", "--suffix"],
            ..PLAIN
        },
    ),
    tool(Tool::Cd, &["cd"], PLAIN),
    tool(
        Tool::Setcap,
        &["setcap"],
        Syntax {
            short_values: "n",
            ..PLAIN
        },
    ),
    tool(
        Tool::Chpasswd,
        &["chpasswd"],
        Syntax {
            short_values: "csRP",
            long_values: &["--crypt-method", "--sha-rounds", "--root", "--prefix"],
            ..PLAIN
        },
    ),
    tool(
        Tool::Passwd,
        &["passwd"],
        Syntax {
            short_values: "xnwiR",
            long_values: &[
                "--maxdays", "--mindays", "--warndays", "--inactive", "--root", "--repository",
            ],
            ..PLAIN
        },
    ),
    with_subcommand(
        Tool::AptKey,
        &["apt-key"],
        Syntax {
            long_values: &["--keyring", "--keyserver", "--keyserver-options"],
            ..PLAIN
        },
        &[],
    ),
    tool(
        Tool::UpdateAlternatives,
        &["update-alternatives"],
        Syntax {
            long_values: &["--altdir", "--admindir", "--log"],
            ..PLAIN
        },
    ),
    tool(
        Tool::Echo,
        &["echo"],
        Syntax {
            dash_operand: |arg| !arg[1..].chars().all(|c| "neE".contains(c)),
            ..FIRST
        },
    ),
    tool(
        Tool::Printf,
        &["printf"],
        Syntax {
            short_values: "v",
            dash_operand: |arg| arg != "-v",
            ..FIRST
        },
    ),
    tool(Tool::Tee, &["tee"], PLAIN),
];

/// chmod's symbolic modes that look like options: `-x`, `-rwx`, `-w,u+s`.
fn is_symbolic_mode(arg: &str) -> bool {
    arg.len() > 1 && arg[1..].chars().all(|c| "rwxXstugoa+-=,".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::script::parse_script;

    /// Classifies each command of `text`.
    fn classify_all(text: &str) -> Vec<Option<Recognized>> {
        parse_script(text)
            .commands
            .iter()
            .map(|command| classify(command).cloned())
            .collect()
    }

    fn recognize_one(text: &str) -> Recognized {
        let mut all = classify_all(text);
        assert_eq!(all.len(), 1, "{text:?}");
        all.remove(0)
            .unwrap_or_else(|| panic!("{text:?} not recognized"))
    }

    fn operand_values(operands: &[Operand]) -> Vec<&str> {
        operands
            .iter()
            .map(|operand| operand.value.as_str())
            .collect()
    }

    fn option_names(recognized: &Recognized) -> Vec<(&str, Option<&str>)> {
        recognized
            .options
            .iter()
            .map(|o| (o.name.as_str(), o.value.as_deref()))
            .collect()
    }

    #[test]
    fn shell_commands_apt_get_chain() {
        let all = classify_all(
            "apt-get update && apt-get install -y --no-install-recommends a=1.0 b && rm -rf /var/lib/apt/lists/*",
        );
        let update = all[0].as_ref().unwrap();
        assert_eq!(
            (
                update.tool,
                update.subcommand.as_ref().map(|s| s.value.as_str())
            ),
            (Tool::AptGet, Some("update"))
        );
        assert!(update.packages().is_empty() && !update.installs);
        let install = all[1].as_ref().unwrap();
        assert_eq!(install.subcommand.as_ref().map(|s| s.word), Some(1));
        assert_eq!(operand_values(install.packages()), ["a=1.0", "b"]);
        assert_eq!(install.packages()[1].word, 5);
        assert!(install.has_flag(&['y'], &["--yes"]));
        assert!(install.has_flag(&[], &["--no-install-recommends"]));
        assert!(!install.has_flag(&['q'], &[]));
        assert!(all[2].is_none(), "rm is not a tool of interest");
    }

    #[test]
    fn shell_commands_apt_options_with_values() {
        let apt = recognize_one("/usr/bin/apt-get -o Dpkg::Options::=--force-confold -t bookworm-backports -qy install x");
        assert_eq!(apt.tool, Tool::AptGet);
        assert_eq!(
            option_names(&apt),
            [
                ("-o", Some("Dpkg::Options::=--force-confold")),
                ("-t", Some("bookworm-backports")),
                ("-q", None),
                ("-y", None)
            ]
        );
        assert_eq!(operand_values(apt.packages()), ["x"]);
        assert_eq!(apt.options[0].value_word, Some(2));
    }

    #[test]
    fn shell_commands_curl_flags() {
        let curl = recognize_one(
            "curl -fsSLo /tmp/x -H 'A: b' --header=C:d -X POST https://example.com/i.sh",
        );
        assert_eq!(curl.tool, Tool::Curl);
        assert!(
            curl.has_flag(&['f'], &["--fail"])
                && curl.has_flag(&['L'], &[])
                && curl.has_flag(&['S'], &[])
        );
        assert_eq!(curl.flag_value(&['o'], &["--output"]), Some("/tmp/x"));
        assert_eq!(
            curl.flag_values(&['H'], &["--header"]).collect::<Vec<_>>(),
            ["A: b", "C:d"]
        );
        assert_eq!(curl.flag_value(&['X'], &["--request"]), Some("POST"));
        assert_eq!(operand_values(&curl.operands), ["https://example.com/i.sh"]);
        assert_eq!(curl.urls().map(|u| u.word).collect::<Vec<_>>(), [8]);
        let curl = recognize_one("curl --output out -u user:pw http://x");
        assert_eq!(curl.flag_value(&['o'], &["--output"]), Some("out"));
        assert_eq!(curl.flag_value(&['u'], &["--user"]), Some("user:pw"));
    }

    #[test]
    fn shell_commands_curl_piped_into_shell() {
        let script = parse_script("curl -fsSL https://x | sh -");
        let sh = classify(&script.commands[1]).unwrap();
        assert!(sh.tool.is_interpreter());
        assert_eq!(operand_values(&sh.operands), ["-"]);
        let feeder = script.pipeline_predecessor(1).and_then(classify).unwrap();
        assert_eq!(feeder.tool, Tool::Curl);
    }

    #[test]
    fn shell_commands_wget_cluster_with_attached_value() {
        let wget = recognize_one("wget -qO- --header 'X: y' -P /tmp url");
        assert_eq!(
            option_names(&wget),
            [
                ("-q", None),
                ("-O", Some("-")),
                ("--header", Some("X: y")),
                ("-P", Some("/tmp"))
            ]
        );
        assert_eq!(operand_values(&wget.operands), ["url"]);
        assert_eq!(wget.options[1].value_word, Some(1));
    }

    #[test]
    fn shell_commands_pip_forms() {
        let pip = recognize_one("pip install --no-cache-dir -r requirements.txt");
        assert_eq!(pip.tool, Tool::Pip);
        assert!(pip.installs && pip.packages().is_empty());
        assert_eq!(
            pip.flag_value(&['r'], &["--requirement"]),
            Some("requirements.txt")
        );
        assert!(pip.has_flag(&[], &["--no-cache-dir"]));
        let pip = recognize_one("python3 -m pip install -i https://mirror/simple --trusted-host mirror 'requests>=2' flask");
        assert_eq!((pip.tool, pip.program), (Tool::Pip, 2));
        assert_eq!(
            pip.flag_value(&['i'], &["--index-url"]),
            Some("https://mirror/simple")
        );
        assert_eq!(pip.flag_value(&[], &["--trusted-host"]), Some("mirror"));
        assert_eq!(operand_values(pip.packages()), ["requests>=2", "flask"]);
        let pip = recognize_one("pip3.11 install --index-url=https://x/simple -c c.txt y");
        assert_eq!(
            pip.flag_value(&['i'], &["--index-url"]),
            Some("https://x/simple")
        );
        assert_eq!(operand_values(pip.packages()), ["y"]);
        // optparse takes any unambiguous prefix of a long option.
        let pip = recognize_one("pip install --no-cache --index https://x/simple --no-c y");
        assert!(pip.has_flag(&[], &["--no-cache-dir"]));
        assert_eq!(
            pip.flag_value(&['i'], &["--index-url"]),
            Some("https://x/simple")
        );
        // `--no-c` could be --no-cache-dir, --no-color, --no-clean or --no-compile.
        assert_eq!(pip.options[2].name, "--no-c");
        assert_eq!(operand_values(pip.packages()), ["y"]);
        let python = recognize_one("python -m venv /venv");
        assert_eq!(python.tool, Tool::Python);
    }

    #[test]
    fn shell_commands_wrappers() {
        let apt = recognize_one("sudo -u root -E apt-get install -y vim");
        assert!(apt.via_sudo);
        assert_eq!((apt.tool, apt.program), (Tool::AptGet, 4));
        assert_eq!(operand_values(apt.packages()), ["vim"]);
        let npm = recognize_one("env -u X NODE_ENV=production npm ci");
        assert_eq!(
            (npm.tool, npm.subcommand.unwrap().value.as_str()),
            (Tool::Npm, "ci")
        );
        let chmod = recognize_one("nohup time exec command chmod 777 /x");
        assert_eq!((chmod.tool, chmod.via_sudo), (Tool::Chmod, false));
        let curl = classify_all("echo a | xargs -n1 -I{} curl {}")
            .remove(1)
            .unwrap();
        assert_eq!((curl.tool, curl.program), (Tool::Curl, 3));
        let script = parse_script("echo a | xargs -n1 -I {} curl -O {}");
        assert_eq!(
            classify(&script.commands[1]).map(|r| r.tool),
            Some(Tool::Curl)
        );
        assert_eq!(recognize_one("timeout 30 wget url").tool, Tool::Wget);
        assert_eq!(recognize_one("gosu app bash -c id").tool, Tool::Shell);
        let sudo = recognize_one("sudo -i");
        assert_eq!((sudo.tool, sudo.via_sudo), (Tool::Sudo, true));
        assert!(classify_all("command -v curl")[0].is_none());
        assert!(classify_all("$PIP install x")[0].is_none());
        assert!(classify_all("sudo")[0]
            .as_ref()
            .is_some_and(|r| r.tool == Tool::Sudo));
        assert!(classify_all("env")[0].is_none());
    }

    #[test]
    fn shell_commands_package_managers() {
        let cases: &[(&str, Tool, &str, &[&str])] = &[
            (
                "apk add --no-cache --virtual .deps gcc musl-dev",
                Tool::Apk,
                "add",
                &["gcc", "musl-dev"],
            ),
            ("apk -X http://dl/edge add x", Tool::Apk, "add", &["x"]),
            (
                "yum install -y --setopt=tsflags=nodocs httpd",
                Tool::Yum,
                "install",
                &["httpd"],
            ),
            (
                "dnf -y --enablerepo crb install a",
                Tool::Dnf,
                "install",
                &["a"],
            ),
            ("microdnf install -y b", Tool::Microdnf, "install", &["b"]),
            ("tdnf install c", Tool::Tdnf, "install", &["c"]),
            (
                "zypper --non-interactive in -r repo d",
                Tool::Zypper,
                "in",
                &["d"],
            ),
            (
                "npm install -g --registry https://r typescript",
                Tool::Npm,
                "install",
                &["typescript"],
            ),
            (
                "yarn global add serve",
                Tool::Yarn,
                "global add",
                &["serve"],
            ),
            ("pnpm add -D vite", Tool::Pnpm, "add", &["vite"]),
            (
                "gem install bundler -v 2.4.0 --no-document",
                Tool::Gem,
                "install",
                &["bundler"],
            ),
            (
                "go install -ldflags '-s -w' example.com/cmd@latest",
                Tool::Go,
                "install",
                &["example.com/cmd@latest"],
            ),
            (
                "cargo install --locked --version 1.0 ripgrep",
                Tool::Cargo,
                "install",
                &["ripgrep"],
            ),
            (
                "composer global require -d /x vendor/pkg",
                Tool::Composer,
                "global require",
                &["vendor/pkg"],
            ),
            (
                "apt install -y ./local.deb",
                Tool::Apt,
                "install",
                &["./local.deb"],
            ),
        ];
        for (text, tool, subcommand, packages) in cases {
            let recognized = recognize_one(text);
            assert_eq!(recognized.tool, *tool, "{text}");
            assert!(recognized.tool.is_package_manager());
            assert_eq!(
                recognized.subcommand.as_ref().map(|s| s.value.as_str()),
                Some(*subcommand),
                "{text}"
            );
            assert_eq!(operand_values(recognized.packages()), *packages, "{text}");
        }
        let go = recognize_one("go build -o /bin/app -tags netgo ./cmd");
        assert_eq!(go.flag_value(&[], &["-o"]), Some("/bin/app"));
        assert!(go.packages().is_empty());
    }

    #[test]
    fn shell_commands_rpm_and_dpkg_install_by_option() {
        let rpm = recognize_one("rpm -ivh --nodeps https://x/y.rpm");
        assert_eq!(operand_values(rpm.packages()), ["https://x/y.rpm"]);
        let rpm = recognize_one("rpm --import https://x/key");
        assert!(rpm.packages().is_empty());
        let dpkg = recognize_one("dpkg -i --force-all /tmp/a.deb");
        assert_eq!(operand_values(dpkg.packages()), ["/tmp/a.deb"]);
        assert!(recognize_one("dpkg --add-architecture i386")
            .packages()
            .is_empty());
    }

    #[test]
    fn shell_commands_file_permissions_and_users() {
        let chmod = recognize_one("chmod -R 777 /app");
        assert!(chmod.has_flag(&['R'], &["--recursive"]));
        assert_eq!(operand_values(&chmod.operands), ["777", "/app"]);
        let chmod = recognize_one("chmod -x,u+s /bin/x");
        assert_eq!(operand_values(&chmod.operands), ["-x,u+s", "/bin/x"]);
        let chmod = recognize_one("chmod -w f");
        assert_eq!(operand_values(&chmod.operands), ["-w", "f"]);
        let chown = recognize_one("chown -R app:app /srv");
        assert_eq!(operand_values(&chown.operands), ["app:app", "/srv"]);
        assert_eq!(recognize_one("chgrp staff f").tool, Tool::Chgrp);
        let useradd =
            recognize_one("useradd -u 0 -o -g root -s /bin/bash -d /home/x -G wheel,sudo -m x");
        assert_eq!(useradd.flag_value(&['u'], &["--uid"]), Some("0"));
        assert_eq!(
            useradd.flag_value(&['G'], &["--groups"]),
            Some("wheel,sudo")
        );
        assert_eq!(operand_values(&useradd.operands), ["x"]);
        let adduser = recognize_one("adduser -D -u 1000 -h /home/app -s /bin/sh app");
        assert_eq!(operand_values(&adduser.operands), ["app"]);
        let adduser = recognize_one("adduser --disabled-password --gecos '' --uid 1001 app");
        assert_eq!(adduser.flag_value(&['u'], &["--uid"]), Some("1001"));
        assert_eq!(operand_values(&adduser.operands), ["app"]);
        assert_eq!(
            operand_values(&recognize_one("groupadd -g 1000 grp").operands),
            ["grp"]
        );
        assert_eq!(
            operand_values(&recognize_one("addgroup -S -g 101 grp").operands),
            ["grp"]
        );
        let usermod = recognize_one("usermod -aG docker app");
        assert_eq!(usermod.flag_value(&['G'], &["--groups"]), Some("docker"));
        assert_eq!(operand_values(&usermod.operands), ["app"]);
    }

    #[test]
    fn shell_commands_misc_tools() {
        let git =
            recognize_one("git -C /src clone --depth 1 -b main https://github.com/a/b.git dir");
        assert_eq!(
            git.subcommand.as_ref().map(|s| s.value.as_str()),
            Some("clone")
        );
        assert_eq!(git.flag_value(&['b'], &["--branch"]), Some("main"));
        assert_eq!(
            git.urls().map(|u| u.value.as_str()).collect::<Vec<_>>(),
            ["https://github.com/a/b.git"]
        );
        let tar = recognize_one("tar xzf /tmp/a.tgz -C /opt");
        assert_eq!(tar.flag_value(&['f'], &["--file"]), Some("/tmp/a.tgz"));
        assert_eq!(tar.flag_value(&['C'], &["--directory"]), Some("/opt"));
        assert!(tar.has_flag(&['x'], &["--extract"]) && tar.operands.is_empty());
        let tar = recognize_one("tar -xJf a.txz --strip-components=1 b");
        assert_eq!(tar.flag_value(&[], &["--strip-components"]), Some("1"));
        assert_eq!(operand_values(&tar.operands), ["b"]);
        let unzip = recognize_one("unzip -q a.zip -d /opt");
        assert_eq!(
            (
                unzip.flag_value(&['d'], &[]),
                operand_values(&unzip.operands)
            ),
            (Some("/opt"), vec!["a.zip"])
        );
        let ln = recognize_one("ln -sf /usr/bin/python3 /usr/bin/python");
        assert_eq!(
            operand_values(&ln.operands),
            ["/usr/bin/python3", "/usr/bin/python"]
        );
        assert_eq!(operand_values(&recognize_one("cd /app").operands), ["/app"]);
        let setcap = recognize_one("setcap cap_net_bind_service=+ep /usr/bin/node");
        assert_eq!(
            operand_values(&setcap.operands),
            ["cap_net_bind_service=+ep", "/usr/bin/node"]
        );
        assert_eq!(recognize_one("chpasswd -e").tool, Tool::Chpasswd);
        assert_eq!(
            operand_values(&recognize_one("passwd -d root").operands),
            ["root"]
        );
        let key = recognize_one("apt-key adv --keyserver hkp://k --recv-keys ABCD");
        assert_eq!(
            key.subcommand.as_ref().map(|s| s.value.as_str()),
            Some("adv")
        );
        assert_eq!(key.flag_value(&[], &["--keyserver"]), Some("hkp://k"));
        assert_eq!(operand_values(&key.operands), ["ABCD"]);
        let alternatives =
            recognize_one("update-alternatives --install /usr/bin/py py /usr/bin/python3 1");
        assert_eq!(
            operand_values(&alternatives.operands),
            ["/usr/bin/py", "py", "/usr/bin/python3", "1"]
        );
        let su = recognize_one("su -c 'make install' builder");
        assert_eq!(
            (
                su.flag_value(&['c'], &["--command"]),
                operand_values(&su.operands)
            ),
            (Some("make install"), vec!["builder"])
        );
    }

    #[test]
    fn shell_commands_interpreters() {
        let bash = classify_all("bash -ec 'echo hi' name arg -x")
            .remove(0)
            .unwrap();
        assert_eq!(bash.flag_value(&['c'], &[]), Some("echo hi"));
        assert_eq!(operand_values(&bash.operands), ["name", "arg", "-x"]);
        let python = recognize_one("python3 -c 'import os'");
        assert_eq!(python.flag_value(&['c'], &[]), Some("import os"));
        let script = parse_script(
            "perl -pi -e 's/a/b/' f; ruby -e 'p 1'; node -e 'x' app.js; python app.py --debug",
        );
        let tools: Vec<Option<Tool>> = script
            .commands
            .iter()
            .map(|c| classify(c).map(|r| r.tool))
            .collect();
        assert_eq!(
            tools,
            [
                Some(Tool::Perl),
                Some(Tool::Ruby),
                Some(Tool::Node),
                Some(Tool::Python)
            ]
        );
        let python = classify(&script.commands[3]).unwrap();
        assert_eq!(operand_values(&python.operands), ["app.py", "--debug"]);
        assert!(python.options.is_empty());
    }

    #[test]
    fn shell_commands_writers() {
        let script = parse_script("echo -n 'k=v' > /etc/conf && printf '%s\\n' x >> f && echo -----BEGIN | tee -a /etc/key");
        let all: Vec<Recognized> = script
            .commands
            .iter()
            .filter_map(classify)
            .cloned()
            .collect();
        assert_eq!(
            all.iter().map(|r| r.tool).collect::<Vec<_>>(),
            [Tool::Echo, Tool::Printf, Tool::Echo, Tool::Tee]
        );
        assert!(all[0].has_flag(&['n'], &[]));
        assert_eq!(operand_values(&all[0].operands), ["k=v"]);
        assert!(script.commands[0].redirects[0].op.writes());
        assert_eq!(operand_values(&all[1].operands), ["%s\\n", "x"]);
        assert_eq!(operand_values(&all[2].operands), ["-----BEGIN"]);
        assert_eq!(operand_values(&all[3].operands), ["/etc/key"]);
        assert!(all[3].has_flag(&['a'], &["--append"]));
    }

    #[test]
    fn shell_commands_double_dash_and_missing_values() {
        let curl = recognize_one("curl -o");
        assert_eq!(option_names(&curl), [("-o", None)]);
        let rm_like = recognize_one("chown -- -weird f");
        assert_eq!(operand_values(&rm_like.operands), ["-weird", "f"]);
        let apt = recognize_one("apt-get");
        assert!(apt.subcommand.is_none() && apt.operands.is_empty());
    }
}
