//! Shell-level understanding of Dockerfile text: BuildKit's word expansion
//! ([`expand`]), a model of the shell scripts inside RUN ([`script`]),
//! recognizers for the commands the rules care about ([`commands`]) and the
//! statements of Windows RUNs in PowerShell ([`powershell`]).

pub mod commands;
pub mod expand;
pub mod powershell;
pub mod script;

pub use commands::{classify, CmdOption, Operand, Recognized, Tool};
pub use expand::{expand_word, expand_words, variable_references, ExpandError, Expansion, VarRef};
pub use script::{
    parse_script, Assignment, Connector, HereDoc, PipelinePos, Redirect, RedirectOp, Script,
    ShellError, ShellWord, SimpleCommand,
};

/// Whether `text` contains `needle`, ignoring ASCII case: a quick test
/// before reading a text closely for a word that rarely occurs.
pub(crate) fn contains_ignore_ascii_case(text: &str, needle: &str) -> bool {
    text.as_bytes()
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}
