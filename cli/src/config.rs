//! `plimsoll.toml`: found in the current directory or its parents, or named
//! with `--config`. Unknown keys and bad values are errors naming the file,
//! the line and column, and the key.
//!
//! ```toml
//! disable = ["PL201", "missing-healthcheck"]   # codes or names
//! select = []                                  # when not empty: only these rules run
//! trusted-registries = ["registry.example.com", "*.corp.example"]
//! required-labels = ["org.opencontainers.image.source"]
//! target = "runtime"                           # the stage judged as the image
//! strict = false                               # true: suppression comments are ignored
//! fail-on = "high"                             # critical|high|medium|low|info|never
//! lang = "ja"                                  # en|ja
//! docs-url = "https://plimsoll.example.com"     # where the web app serves rule pages
//! show-info = false                            # true: the text format lists info findings
//!
//! [severity]                                   # overrides, by code or name
//! PL201 = "low"
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use plimsoll_core::rules::Rule;
use plimsoll_core::{Lang, Settings, Severity};
use serde::Deserialize;
use toml::Spanned;

use crate::args::FailOn;

/// The file name looked for in the current directory and its parents.
pub const FILE_NAME: &str = "plimsoll.toml";

/// What a configuration file sets; everything is optional.
#[derive(Debug, Default)]
pub struct Config {
    /// Where it was read from, when a file was found.
    pub path: Option<PathBuf>,
    pub settings: Settings,
    pub fail_on: Option<FailOn>,
    pub lang: Option<Lang>,
    /// Where the web app's rule pages are served (`docs-url`).
    pub docs_url: Option<String>,
    /// The text format lists info findings too (`show-info`).
    pub show_info: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    trusted_registries: Vec<Spanned<String>>,
    #[serde(default)]
    required_labels: Vec<Spanned<String>>,
    target: Option<Spanned<String>>,
    strict: Option<bool>,
    fail_on: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
    docs_url: Option<Spanned<String>>,
    show_info: Option<bool>,
}

/// A documentation address: `http://` or `https://`, without spaces.
pub fn check_docs_url(value: &str) -> Result<&str, String> {
    let value = value.trim();
    if !(value.starts_with("https://") || value.starts_with("http://"))
        || value.chars().any(char::is_whitespace)
    {
        return Err(format!(
            "`{value}` is not an http(s) address such as https://plimsoll.example.com"
        ));
    }
    Ok(value)
}

/// A configuration file that cannot be used.
#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    /// 1-based line and column, when known.
    pub position: Option<(usize, usize)>,
    /// The key the problem is in (`severity.PL201`).
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": ")?;
        if let Some(key) = &self.key {
            write!(f, "`{key}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Finds `plimsoll.toml` in `start` or the nearest parent that has one.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Reads the configuration: `explicit` when given, otherwise the one found
/// from the current directory up, otherwise the defaults.
pub fn load(explicit: Option<&Path>, search: bool) -> Result<Config, ConfigError> {
    let path = match explicit {
        Some(path) => Some(path.to_path_buf()),
        None if search => std::env::current_dir().ok().and_then(|dir| discover(&dir)),
        None => None,
    };
    let Some(path) = path else {
        return Ok(Config::default());
    };
    let name = path.display().to_string();
    let bytes = std::fs::read(&path).map_err(|error| ConfigError {
        path: name.clone(),
        position: None,
        key: None,
        message: if error.kind() == std::io::ErrorKind::NotFound {
            "no such configuration file".to_owned()
        } else if path.is_dir() {
            "is a directory, not a configuration file".to_owned()
        } else {
            format!("cannot read: {error}")
        },
    })?;
    let text = String::from_utf8(bytes).map_err(|error| ConfigError {
        path: name.clone(),
        position: None,
        key: None,
        message: format!(
            "is not valid UTF-8 text (byte offset {})",
            error.utf8_error().valid_up_to()
        ),
    })?;
    let mut config = parse(&name, &text)?;
    config.path = Some(path);
    Ok(config)
}

/// Parses and validates the text of a configuration file named `name`.
pub fn parse(name: &str, text: &str) -> Result<Config, ConfigError> {
    let error_at = |span: Option<Range<usize>>, key: Option<String>, message: String| {
        let position = span.as_ref().map(|span| line_column(text, span.start));
        let key = key.or_else(|| span.and_then(|span| key_at(text, span.start)));
        ConfigError {
            path: name.to_owned(),
            position,
            key,
            message,
        }
    };
    let raw: RawConfig = toml::from_str(text)
        .map_err(|error| error_at(error.span(), None, clean_message(error.message())))?;

    let rule = |entry: &Spanned<String>, key: String| -> Result<&'static Rule, ConfigError> {
        Rule::by_code(entry.get_ref()).ok_or_else(|| {
            error_at(
                Some(entry.span()),
                Some(key),
                format!(
                    "unknown rule `{}` (use a code such as PL201 or a name such as base-image-latest-tag; \
                     `plimsoll rules` lists them)",
                    entry.get_ref()
                ),
            )
        })
    };
    let mut settings = Settings::default();
    for entry in &raw.disable {
        settings
            .disabled
            .push(rule(entry, "disable".into())?.code.to_owned());
    }
    for entry in &raw.select {
        settings
            .select
            .push(rule(entry, "select".into())?.code.to_owned());
    }
    for (code, level) in &raw.severity {
        let key = format!("severity.{}", code.get_ref());
        let found = rule(code, key.clone())?;
        let severity = Severity::parse(level.get_ref()).ok_or_else(|| {
            error_at(
                Some(level.span()),
                Some(key),
                format!(
                    "unknown severity `{}` (expected critical, high, medium, low or info)",
                    level.get_ref()
                ),
            )
        })?;
        settings
            .severity_overrides
            .push((found.code.to_owned(), severity));
    }
    for (key, list, out) in [
        (
            "trusted-registries",
            &raw.trusted_registries,
            &mut settings.trusted_registries,
        ),
        (
            "required-labels",
            &raw.required_labels,
            &mut settings.required_labels,
        ),
    ] {
        for entry in list {
            let value = entry.get_ref().trim();
            let problem = if value.is_empty() {
                Some("must not be empty".to_owned())
            } else if value.chars().any(char::is_whitespace) {
                Some(format!("`{value}` must not contain spaces"))
            } else if key == "trusted-registries" && value.contains("://") {
                Some(format!(
                    "`{value}`: write the registry host without a scheme, such as registry.example.com"
                ))
            } else {
                None
            };
            if let Some(message) = problem {
                return Err(error_at(Some(entry.span()), Some(key.into()), message));
            }
            out.push(value.to_owned());
        }
    }
    if let Some(target) = &raw.target {
        if target.get_ref().trim().is_empty() {
            return Err(error_at(
                Some(target.span()),
                Some("target".into()),
                "must name a stage".into(),
            ));
        }
        settings.target = Some(target.get_ref().trim().to_owned());
    }
    settings.strict = raw.strict.unwrap_or(false);
    let fail_on = match &raw.fail_on {
        Some(value) => Some(FailOn::parse(value.get_ref()).ok_or_else(|| {
            error_at(
                Some(value.span()),
                Some("fail-on".into()),
                format!(
                    "unknown value `{}` (expected critical, high, medium, low, info or never)",
                    value.get_ref()
                ),
            )
        })?),
        None => None,
    };
    let lang = match &raw.lang {
        Some(value) => Some(Lang::parse(value.get_ref()).ok_or_else(|| {
            error_at(
                Some(value.span()),
                Some("lang".into()),
                format!("unknown language `{}` (expected en or ja)", value.get_ref()),
            )
        })?),
        None => None,
    };
    let docs_url = match &raw.docs_url {
        Some(value) => Some(
            check_docs_url(value.get_ref())
                .map_err(|message| error_at(Some(value.span()), Some("docs-url".into()), message))?
                .to_owned(),
        ),
        None => None,
    };
    Ok(Config {
        path: None,
        settings,
        fail_on,
        lang,
        docs_url,
        show_info: raw.show_info.unwrap_or(false),
    })
}

/// serde speaks of fields; a TOML file has keys.
fn clean_message(message: &str) -> String {
    let message = message.trim();
    match message.strip_prefix("unknown field ") {
        Some(rest) => format!("unknown key {rest}"),
        None => message.to_owned(),
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let offset = (0..=offset)
        .rev()
        .find(|&at| text.is_char_boundary(at))
        .unwrap_or(0);
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

/// The dotted key whose line holds `offset`: the `key =` on that line or the
/// nearest one above it (values may span lines), under the last `[table]`.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let mut table: Option<String> = None;
    let mut key: Option<String> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if line_start > offset {
            break;
        }
        line_start += line.len();
        let trimmed = line.trim();
        if trimmed.starts_with('#') || trimmed.is_empty() {
            continue;
        }
        if let Some(header) = trimmed
            .strip_prefix('[')
            .and_then(|rest| rest.split(']').next())
        {
            if !trimmed.starts_with("[\"") && !trimmed.starts_with("['") {
                table = Some(header.trim().to_owned());
                key = None;
                continue;
            }
        }
        if let Some((name, _)) = trimmed.split_once('=') {
            let name = name.trim().trim_matches(['"', '\'']);
            if !name.is_empty() && !name.contains([' ', ',', '[', ']']) {
                key = Some(name.to_owned());
            }
        }
    }
    match (table, key) {
        (Some(table), Some(key)) => Some(format!("{table}.{key}")),
        (Some(table), None) => Some(table),
        (None, key) => key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key() {
        let config = parse(
            "plimsoll.toml",
            r#"
disable = ["PL201", "base-image-latest-tag"]
trusted-registries = ["registry.example.com"]
required-labels = ["org.opencontainers.image.source"]
target = "runtime"
strict = true
fail-on = "high"
lang = "ja"

[severity]
PL201 = "low"
"#,
        )
        .unwrap();
        assert_eq!(config.settings.disabled, ["PL201", "PL201"]);
        assert_eq!(
            config.settings.severity_overrides,
            [("PL201".to_owned(), Severity::Low)]
        );
        assert_eq!(config.settings.trusted_registries, ["registry.example.com"]);
        assert_eq!(config.settings.target.as_deref(), Some("runtime"));
        assert!(config.settings.strict);
        assert_eq!(config.fail_on, Some(FailOn::High));
        assert_eq!(config.lang, Some(Lang::Ja));
    }

    #[test]
    fn unknown_key_names_line_and_key() {
        let error = parse("p.toml", "strict = true\nfail_on = \"high\"\n").unwrap_err();
        assert_eq!(error.position, Some((2, 1)));
        assert_eq!(error.key.as_deref(), Some("fail_on"));
        assert!(
            error.message.starts_with("unknown key `fail_on`"),
            "{error}"
        );
    }

    #[test]
    fn bad_values_name_the_key() {
        let error = parse("p.toml", "\n[severity]\nPL201 = \"urgent\"\n").unwrap_err();
        assert_eq!(error.position, Some((3, 9)));
        assert_eq!(error.key.as_deref(), Some("severity.PL201"));
        let config = parse("p.toml", "docs-url = \"https://docs.example.com\"\n").unwrap();
        assert_eq!(config.docs_url.as_deref(), Some("https://docs.example.com"));
        let error = parse("p.toml", "docs-url = \"docs.example.com\"\n").unwrap_err();
        assert_eq!(error.key.as_deref(), Some("docs-url"));
        let error = parse("p.toml", "strict = \"yes\"\n").unwrap_err();
        assert_eq!(error.key.as_deref(), Some("strict"));
        assert_eq!(error.position, Some((1, 10)));
        let error = parse("p.toml", "disable = [\n  \"PL201\",\n  \"PL9999\",\n]\n").unwrap_err();
        assert_eq!(error.key.as_deref(), Some("disable"));
        assert_eq!(error.position, Some((3, 3)));
        assert!(error.to_string().contains("unknown rule `PL9999`"));
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let error = parse("p.toml", "strict = \n").unwrap_err();
        assert_eq!(error.position.map(|(line, _)| line), Some(1));
    }
}
