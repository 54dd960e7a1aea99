//! Share links: the Dockerfile and the settings that differ from the
//! defaults, in the URL fragment only (`#v1.` + deflate + URL-safe base64).
//! Browsers never send the fragment to a server.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use plimsoll_core::Settings;
use serde::{Deserialize, Serialize};

const PREFIX: &str = "v1.";
/// Inflated payloads larger than this are refused (a link cannot be a bomb).
const MAX_PAYLOAD_BYTES: usize = 8 * 1024 * 1024;
/// Links longer than this get a warning: some chat tools cut them.
pub const LONG_LINK_CHARS: usize = 2000;

/// The check settings the page lets people change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Options {
    #[serde(rename = "target", skip_serializing_if = "String::is_empty")]
    pub target: String,
    #[serde(rename = "trusted", skip_serializing_if = "Vec::is_empty")]
    pub trusted_registries: Vec<String>,
    #[serde(rename = "labels", skip_serializing_if = "Vec::is_empty")]
    pub required_labels: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub strict: bool,
}

impl Options {
    pub fn is_default(&self) -> bool {
        *self == Options::default()
    }

    pub fn settings(&self) -> Settings {
        Settings {
            target: Some(self.target.trim().to_owned()).filter(|target| !target.is_empty()),
            trusted_registries: self.trusted_registries.clone(),
            required_labels: self.required_labels.clone(),
            strict: self.strict,
            ..Settings::default()
        }
    }
}

/// Splits `a, b,,c` into `["a", "b", "c"]`.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What a share link carries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shared {
    /// The Dockerfile.
    #[serde(rename = "t")]
    pub text: String,
    #[serde(rename = "o", default, skip_serializing_if = "Options::is_default")]
    pub options: Options,
    /// The rule set that made the link (for people reading an old link).
    #[serde(rename = "v", default)]
    pub version: String,
}

/// Why a fragment could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Not one of our links (another prefix, or a newer format).
    Foreign,
    /// Ours, but damaged: cut off, or edited by hand.
    Broken,
}

/// The fragment (without `#`) for `shared`.
pub fn encode(shared: &Shared) -> String {
    let json = serde_json::to_vec(shared).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Reads a fragment (with or without `#`): `Ok(None)` when there is none.
pub fn decode(fragment: &str) -> Result<Option<Shared>, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.is_empty() {
        return Ok(None);
    }
    let payload = fragment.strip_prefix(PREFIX).ok_or(ShareError::Foreign)?;
    let packed = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| ShareError::Broken)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_PAYLOAD_BYTES)
        .map_err(|_| ShareError::Broken)?;
    serde_json::from_slice(&json)
        .map(Some)
        .map_err(|_| ShareError::Broken)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(text: &str) -> Shared {
        Shared {
            text: text.to_owned(),
            options: Options::default(),
            version: "0.1.0".to_owned(),
        }
    }

    #[test]
    fn round_trip_keeps_text_and_options() {
        let mut original = shared("FROM node:latest\r\nRUN echo 日本語 😀\t<script>\n");
        original.options.strict = true;
        original.options.trusted_registries = vec!["registry.example.com".into()];
        let fragment = encode(&original);
        assert!(fragment.starts_with("v1."));
        assert!(fragment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)));
        assert_eq!(decode(&format!("#{fragment}")), Ok(Some(original)));
    }

    #[test]
    fn default_options_are_left_out() {
        let json = serde_json::to_string(&shared("FROM a")).unwrap();
        assert_eq!(json, r#"{"t":"FROM a","v":"0.1.0"}"#);
    }

    #[test]
    fn no_fragment_is_not_an_error() {
        assert_eq!(decode(""), Ok(None));
        assert_eq!(decode("#"), Ok(None));
    }

    #[test]
    fn foreign_and_broken_links_are_told_apart() {
        assert_eq!(decode("#section-2"), Err(ShareError::Foreign));
        assert_eq!(decode("#v2.abc"), Err(ShareError::Foreign));
        assert_eq!(decode("#v1.%%%"), Err(ShareError::Broken));
        assert_eq!(decode("#v1.AAAA"), Err(ShareError::Broken));
        let fragment = encode(&shared(&"RUN echo hello\n".repeat(50)));
        let cut = &fragment[..fragment.len() / 2];
        assert_eq!(decode(cut), Err(ShareError::Broken));
        // Valid deflate, but not our JSON.
        let packed = miniz_oxide::deflate::compress_to_vec(b"[1,2]", 9);
        let other = format!("v1.{}", URL_SAFE_NO_PAD.encode(packed));
        assert_eq!(decode(&other), Err(ShareError::Broken));
    }

    #[test]
    fn typical_dockerfiles_make_short_links() {
        let text = plimsoll_core::gallery::examples()[0].source;
        assert!(encode(&shared(text)).len() < LONG_LINK_CHARS / 2);
    }

    #[test]
    fn options_become_settings() {
        let options = Options {
            target: " runtime ".into(),
            trusted_registries: split_list("a.example, ,b.example"),
            required_labels: vec![],
            strict: true,
        };
        let settings = options.settings();
        assert_eq!(settings.target.as_deref(), Some("runtime"));
        assert_eq!(settings.trusted_registries, ["a.example", "b.example"]);
        assert!(settings.strict);
        assert_eq!(Options::default().settings(), Settings::default());
    }
}
