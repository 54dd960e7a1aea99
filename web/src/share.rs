//! Share links: the project (the Dockerfile, its file name, the files
//! beside it and its build context's names) and the settings that differ
//! from the defaults, in the URL fragment only: `#v2.` + deflate + URL-safe
//! base64 of JSON. Browsers never send the fragment to a server. `#v1.`
//! links (a Dockerfile alone, made before projects) are still read.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use plimsoll_core::Settings;
use serde::{Deserialize, Serialize};

use crate::project::{self, Companions};

/// The prefix of the links made now (`v1.` links hold a Dockerfile alone).
const V2: &str = "v2.";
/// Inflated payloads larger than this are refused (a link cannot be a bomb).
const MAX_PAYLOAD_BYTES: usize = 8 * 1024 * 1024;
/// Links longer than this get a warning: some chat tools cut them.
pub const LONG_LINK_CHARS: usize = 2000;
/// The longest link the page makes. Browsers open far longer ones
/// (Chromium up to 2 MB), but a link is made to be pasted into a chat, a
/// ticket or a mail, and few of those keep a message of tens of thousands
/// of characters in one piece (Slack cuts messages at 40,000): a project
/// larger than this (a scan report, usually) travels as the JSON export.
pub const MAX_LINK_CHARS: usize = 16_000;

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
    /// The name of the file the Dockerfile was opened from, if it was
    /// (`api.Dockerfile`).
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The files beside the Dockerfile and its build context's names.
    #[serde(rename = "f", default, skip_serializing_if = "is_none_beside")]
    pub companions: Companions,
    #[serde(rename = "o", default, skip_serializing_if = "Options::is_default")]
    pub options: Options,
    /// The rule set that made the link (for people reading an old link).
    #[serde(rename = "v", default)]
    pub version: String,
}

fn is_none_beside(companions: &Companions) -> bool {
    *companions == Companions::default()
}

/// Why a fragment could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Not one of our links (another prefix).
    Foreign,
    /// One of ours, in a format newer than this page reads (`#v3.`).
    Newer,
    /// Ours, but damaged: cut off, or edited by hand.
    Broken,
}

/// A link made for a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The fragment, without `#`.
    pub fragment: String,
    /// The build context's names did not fit in the link: the files went
    /// without them.
    pub context_left_out: bool,
}

/// The project is too large for a link: its fragment would be this many
/// characters (over [`MAX_LINK_CHARS`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLarge(pub usize);

fn pack(prefix: &str, shared: &Shared) -> String {
    let json = serde_json::to_vec(shared).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// The fragment for `shared`: with every file, and with the build
/// context's names while they fit under [`MAX_LINK_CHARS`].
pub fn encode(shared: &Shared) -> Result<Link, TooLarge> {
    let fragment = pack(V2, shared);
    if fragment.len() <= MAX_LINK_CHARS {
        return Ok(Link {
            fragment,
            context_left_out: false,
        });
    }
    if shared.companions.context.is_empty() {
        return Err(TooLarge(fragment.len()));
    }
    let mut without_context = shared.clone();
    without_context.companions.context.clear();
    let fragment = pack(V2, &without_context);
    if fragment.len() <= MAX_LINK_CHARS {
        Ok(Link {
            fragment,
            context_left_out: true,
        })
    } else {
        Err(TooLarge(fragment.len()))
    }
}

/// Reads a fragment (with or without `#`): `Ok(None)` when there is none.
pub fn decode(fragment: &str) -> Result<Option<Shared>, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.is_empty() {
        return Ok(None);
    }
    let (version, payload) = fragment.split_once('.').ok_or(ShareError::Foreign)?;
    let number: u32 = version
        .strip_prefix('v')
        .filter(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|digits| digits.parse().ok())
        .ok_or(ShareError::Foreign)?;
    match number {
        1 | 2 => {}
        0 => return Err(ShareError::Foreign),
        _ => return Err(ShareError::Newer),
    }
    let packed = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| ShareError::Broken)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_PAYLOAD_BYTES)
        .map_err(|_| ShareError::Broken)?;
    let mut shared: Shared = serde_json::from_slice(&json).map_err(|_| ShareError::Broken)?;
    if number == 1 {
        // A Dockerfile alone, as these links always were.
        shared.path = None;
        shared.companions = Companions::default();
    }
    if !shared.is_sound() {
        return Err(ShareError::Broken);
    }
    Ok(Some(shared))
}

impl Shared {
    /// Every path is a relative one, and no two files share one.
    fn is_sound(&self) -> bool {
        let dockerfile = project::dockerfile_path(self.path.as_deref());
        let mut paths: Vec<&str> = self
            .companions
            .files
            .iter()
            .map(|file| file.path.as_str())
            .chain([dockerfile.as_str()])
            .collect();
        let count = paths.len();
        paths.sort_unstable();
        paths.dedup();
        paths.len() == count
            && paths.iter().all(|path| project::is_relative(path))
            && self.path.as_deref().is_none_or(project::is_relative)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::Companion;
    use plimsoll_core::project::FileKind;
    use plimsoll_core::Lang;

    /// A link made by the page before projects (0.1.0): a Dockerfile with
    /// strict checking and a trusted registry.
    const V1_LINK: &str = "v1.TY67DoJAEEV_ZXJrXLDdXisfCYRKLAiMQrLskp3BaJB_d0vbm3tOzgqFxbG8nsmHnq1rlUUbX9YX6pboaPeQ6kSD6iw2z_ndTrNj04UpH71o65yRgb4kQ-Pr6lBSDCHhyBBgV2hcRLmHvSHycxSNH_PnwD1D2sYuRaQrbxleKacwe1Ng-wE";

    fn shared(text: &str) -> Shared {
        Shared {
            text: text.to_owned(),
            version: "0.1.0".to_owned(),
            ..Shared::default()
        }
    }

    /// A Dockerfile with a starter of every kind beside it.
    fn project() -> Shared {
        let mut project = shared("FROM node:22-alpine\nCOPY . .\nUSER node\n");
        project.path = Some("api.Dockerfile".to_owned());
        for kind in crate::project::ADDABLE {
            project
                .companions
                .add(kind, Lang::Ja, "api.Dockerfile")
                .unwrap();
        }
        project.companions.context = vec!["src/index.js".to_owned(), ".env".to_owned()];
        project.options.strict = true;
        project
    }

    fn fragment(shared: &Shared) -> String {
        encode(shared).unwrap().fragment
    }

    #[test]
    fn round_trip_keeps_text_and_options() {
        let mut original = shared("FROM node:latest\r\nRUN echo 日本語 😀\t<script>\n");
        original.options.strict = true;
        original.options.trusted_registries = vec!["registry.example.com".into()];
        let fragment = fragment(&original);
        assert!(fragment.starts_with("v2."));
        assert!(fragment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)));
        assert_eq!(decode(&format!("#{fragment}")), Ok(Some(original)));
    }

    #[test]
    fn a_project_comes_back_whole() {
        let original = project();
        let link = encode(&original).unwrap();
        assert!(!link.context_left_out);
        let back = decode(&link.fragment).unwrap().unwrap();
        assert_eq!(back, original);
        let kinds: Vec<FileKind> = back.companions.files.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, crate::project::ADDABLE);
        // The empty scan report keeps its kind (its text does not tell it).
        assert_eq!(back.companions.files[4].text, "");
    }

    #[test]
    fn links_made_before_projects_open_as_they_did() {
        let opened = decode(&format!("#{V1_LINK}")).unwrap().unwrap();
        assert_eq!(
            opened.text,
            "FROM node:latest\nRUN curl -fsSL https://example.com/install.sh | sh\nUSER root\n"
        );
        assert!(opened.options.strict);
        assert_eq!(opened.options.trusted_registries, ["registry.example.com"]);
        assert_eq!(opened.version, "0.1.0");
        assert_eq!(opened.path, None);
        assert!(opened.companions.is_empty());
        // A v1 payload never brings files, even when one was put in by hand.
        let mut edited = project();
        edited.options = Options::default();
        let json = serde_json::to_vec(&edited).unwrap();
        let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
        let by_hand = format!("v1.{}", URL_SAFE_NO_PAD.encode(packed));
        let opened = decode(&by_hand).unwrap().unwrap();
        assert_eq!(opened.companions, Companions::default());
        assert_eq!(opened.path, None);
    }

    #[test]
    fn default_options_and_no_files_are_left_out() {
        let json = serde_json::to_string(&shared("FROM a")).unwrap();
        assert_eq!(json, r#"{"t":"FROM a","v":"0.1.0"}"#);
    }

    #[test]
    fn no_fragment_is_not_an_error() {
        assert_eq!(decode(""), Ok(None));
        assert_eq!(decode("#"), Ok(None));
    }

    #[test]
    fn foreign_newer_and_broken_links_are_told_apart() {
        assert_eq!(decode("#section-2"), Err(ShareError::Foreign));
        assert_eq!(decode("#v1"), Err(ShareError::Foreign));
        assert_eq!(decode("#version.abc"), Err(ShareError::Foreign));
        assert_eq!(decode("#v0.abc"), Err(ShareError::Foreign));
        assert_eq!(decode("#v3.abc"), Err(ShareError::Newer));
        assert_eq!(decode("#v12.abc"), Err(ShareError::Newer));
        assert_eq!(
            decode("#v99999999999999999999.abc"),
            Err(ShareError::Foreign)
        );
        for version in ["v1", "v2"] {
            assert_eq!(decode(&format!("#{version}.%%%")), Err(ShareError::Broken));
            assert_eq!(decode(&format!("#{version}.AAAA")), Err(ShareError::Broken));
            assert_eq!(decode(&format!("#{version}.")), Err(ShareError::Broken));
            // Valid deflate, but not our JSON.
            let packed = miniz_oxide::deflate::compress_to_vec(b"[1,2]", 9);
            let other = format!("{version}.{}", URL_SAFE_NO_PAD.encode(packed));
            assert_eq!(decode(&other), Err(ShareError::Broken));
        }
        let fragment = fragment(&project());
        for cut in [fragment.len() / 2, fragment.len() - 3, 4] {
            assert_eq!(
                decode(&fragment[..cut]),
                Err(ShareError::Broken),
                "cut at {cut}"
            );
        }
        // One character changed in the middle.
        let mut bytes = fragment.into_bytes();
        let middle = bytes.len() / 2;
        bytes[middle] = if bytes[middle] == b'A' { b'B' } else { b'A' };
        let edited = String::from_utf8(bytes).unwrap();
        assert!(matches!(
            decode(&edited),
            Err(ShareError::Broken) | Ok(Some(_))
        ));
    }

    #[test]
    fn files_outside_the_project_or_twice_in_it_are_refused() {
        let file = |path: &str| Companion {
            path: path.to_owned(),
            kind: FileKind::Compose,
            text: "services: {}\n".to_owned(),
        };
        for paths in [
            vec!["/etc/compose.yaml"],
            vec!["../compose.yaml"],
            vec!["compose.yaml", "compose.yaml"],
            vec!["Dockerfile"],
        ] {
            let mut bad = shared("FROM a\n");
            bad.companions.files = paths.iter().map(|path| file(path)).collect();
            assert_eq!(
                decode(&fragment(&bad)),
                Err(ShareError::Broken),
                "{paths:?}"
            );
        }
        let mut bad = shared("FROM a\n");
        bad.path = Some("../api.Dockerfile".to_owned());
        assert_eq!(decode(&fragment(&bad)), Err(ShareError::Broken));
    }

    #[test]
    fn typical_dockerfiles_and_example_projects_make_short_links() {
        let text = plimsoll_core::gallery::examples()[0].source;
        assert!(fragment(&shared(text)).len() < LONG_LINK_CHARS / 2);
        for example in plimsoll_core::gallery::examples() {
            let mut project = shared(example.source);
            project.companions = Companions::of_example(example);
            let link = encode(&project).unwrap();
            assert!(!link.context_left_out, "{}", example.id);
            assert!(
                link.fragment.len() < LONG_LINK_CHARS,
                "{}: {}",
                example.id,
                link.fragment.len()
            );
        }
    }

    /// Text that deflate cannot shrink much.
    fn noise(bytes: usize) -> String {
        let mut state = 0x2545_f491_u32;
        (0..bytes)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                char::from(b'!' + (state % 90) as u8)
            })
            .collect()
    }

    #[test]
    fn a_large_context_is_left_out_and_a_large_project_is_refused() {
        let mut project = project();
        project.companions.context = (0..5000)
            .map(|n| format!("src/module-{n}/{}.js", noise(6)))
            .collect();
        let link = encode(&project).unwrap();
        assert!(link.context_left_out);
        assert!(link.fragment.len() <= MAX_LINK_CHARS);
        let back = decode(&link.fragment).unwrap().unwrap();
        assert!(back.companions.context.is_empty());
        assert_eq!(back.companions.files, project.companions.files);

        project.companions.files[4].text = noise(MAX_LINK_CHARS);
        let Err(TooLarge(chars)) = encode(&project) else {
            panic!("a link over the limit");
        };
        assert!(chars > MAX_LINK_CHARS, "{chars}");
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
