//! PL4xx: secrets (the seed's "シークレット管理").
//!
//! Shared knowledge: which variable names hold secrets, which values are
//! placeholders rather than credentials, how to show a value without
//! leaking it, and where a stage's secrets end up.

pub mod arg_in_run;
pub mod arg_or_env;
pub mod context_secret;
pub mod credentials_in_run;
pub mod hardcoded_value;
mod passwords;
pub mod secret_file;
pub mod whole_context;

use crate::report::Text;
use crate::rules::Context;
use crate::shell::script::basename;
use crate::shell::SimpleCommand;
use crate::syntax::Instruction;

/// Words that make a variable name a secret (BuildKit's SecretsUsedInArgOrEnv
/// list, plus `passphrase` and `pass`, the usual short form in `DB_PASS`).
const SECRET_WORDS: &[&str] = &[
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "pass",
    "passphrase",
    "password",
    "pword",
    "passwd",
    "secret",
    "token",
];

/// Words anywhere in a name that say it is not the secret itself
/// (BuildKit's allow-list, plus `path` and `dir`, which are `file`'s kin).
const NOT_SECRET_WORDS: &[&str] = &["public", "file", "version", "path", "dir"];

/// A last word that describes a setting about the secret, not its value:
/// `AUTH_URL`, `TOKEN_TTL`, `PASSWORD_LENGTH`, `AUTH_ENABLED`.
const DESCRIPTOR_WORDS: &[&str] = &[
    "url",
    "uri",
    "host",
    "port",
    "endpoint",
    "server",
    "type",
    "method",
    "mode",
    "provider",
    "enabled",
    "disabled",
    "enable",
    "disable",
    "required",
    "length",
    "size",
    "ttl",
    "expiry",
    "expiration",
    "timeout",
    "header",
    "prefix",
    "name",
    "user",
    "username",
    "location",
    "algorithm",
    "alg",
    // The hashing scheme of stored passwords (`MAILCOW_PASS_SCHEME=BLF-CRYPT`).
    "scheme",
    "issuer",
    "audience",
    "scope",
    "realm",
    "fingerprint",
    "id",
    "ids",
    "sha1",
    "sha256",
    "sha512",
    "md5",
    "sum",
    "checksum",
    "hash",
    "digest",
    // Rails' `SECRET_KEY_BASE_DUMMY=1` asks for a stand-in key: a switch.
    "dummy",
    "placeholder",
    // A reference to a secret kept elsewhere (`DB_SECRET_ARN`, `TOKEN_REF`).
    "arn",
    "ref",
];

/// A first word that makes the name a switch: `NO_AUTH`, `SKIP_AUTH`.
const SWITCH_WORDS: &[&str] = &[
    "no", "skip", "disable", "enable", "use", "require", "allow", "without", "is", "has",
];

/// Words before `key` that make it an identifier or a setting, not a secret:
/// `GPG_KEY` is a fingerprint, `APT_KEY_DONT_WARN...` a switch, `CACHE_KEY` a name.
const NOT_SECRET_KEY_KINDS: &[&str] = &["gpg", "pgp", "gnupg", "apt", "cache"];

/// Well-known secret variables that the word rules miss or allow: single
/// words (`PGPASSWORD`), or names ending in a descriptor (`AWS_ACCESS_KEY_ID`,
/// which is an identifier but is always paired with the secret key, and
/// which Trivy reports too).
const WELL_KNOWN_SECRETS: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "PGPASSWORD",
    "MYSQL_PWD",
    "GITHUB_PAT",
    "GH_PAT",
    "HF_TOKEN",
    "HUGGING_FACE_HUB_TOKEN",
];

/// Whether a variable name looks like it holds a secret.
pub(crate) fn is_secret_name(name: &str) -> bool {
    let bare = name
        .trim_start_matches("VITE_")
        .trim_start_matches("REACT_APP_");
    // Odd casing (`PassWord`, `PasS`) must not split a secret word.
    if WELL_KNOWN_SECRETS.contains(&bare)
        || SECRET_WORDS.contains(&name.to_ascii_lowercase().as_str())
    {
        return true;
    }
    let words = name_words(name);
    let Some(position) = words
        .iter()
        .position(|word| SECRET_WORDS.contains(&word.as_str()) || ends_with_secret_word(word))
    else {
        return false;
    };
    let has =
        |list: &[&str], word: Option<&String>| word.is_some_and(|w| list.contains(&w.as_str()));
    let is_key_kind = words[position] == "key"
        && position > 0
        && has(NOT_SECRET_KEY_KINDS, words.get(position - 1));
    let described = words.len() > 1 && has(DESCRIPTOR_WORDS, words.last());
    let switch = words.len() > 1 && has(SWITCH_WORDS, words.first());
    !(is_key_kind
        || described
        || switch
        || words
            .iter()
            .any(|word| NOT_SECRET_WORDS.contains(&word.as_str())))
}

/// Words written together, as in `vaultpassword` or `CLIENTSECRET`, still end in
/// one of the unambiguous secret words.
fn ends_with_secret_word(word: &str) -> bool {
    // Not `token`: compounds such as `canarytoken` or `tokenizer` are settings.
    ["password", "passwd", "secret"]
        .iter()
        .any(|suffix| word.len() > suffix.len() && word.ends_with(suffix))
}

/// Splits a name into lower-case words at `_`, `-`, `.` and case changes:
/// `DATABASE_PASSWORD` → `database password`, `apiKey` → `api key`,
/// `APIKey` → `api key`.
fn name_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in name.split(['_', '-', '.']).filter(|part| !part.is_empty()) {
        let chars: Vec<char> = part.chars().collect();
        let mut word = String::new();
        for (index, &ch) in chars.iter().enumerate() {
            let previous = index.checked_sub(1).map(|i| chars[i]);
            let next = chars.get(index + 1);
            let boundary = ch.is_uppercase()
                && previous.is_some_and(|p| {
                    p.is_lowercase()
                        || p.is_ascii_digit()
                        || (p.is_uppercase() && next.is_some_and(|n| n.is_lowercase()))
                });
            if boundary && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            word.extend(ch.to_lowercase());
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

/// The words of a command after the program, with the program's index, when
/// the command runs one of `names` (also through `sudo`, `env` and the like).
pub(crate) fn program<'a>(
    command: &'a SimpleCommand,
    names: &[&str],
) -> Option<(usize, Vec<&'a str>)> {
    const WRAPPERS: &[&str] = &["sudo", "env", "exec", "command", "time", "nohup"];
    let words = &command.words;
    let mut index = 0;
    while let Some(word) = words.get(index) {
        let name = basename(&word.value);
        if names.contains(&name) {
            let args = words[index + 1..]
                .iter()
                .map(|w| w.value.as_str())
                .collect();
            return Some((index, args));
        }
        let skippable = WRAPPERS.contains(&name)
            || (index > 0 && (name.starts_with('-') || name.contains('=')));
        if !skippable {
            return None;
        }
        index += 1;
    }
    None
}

/// Removes one level of matching quotes.
pub(crate) fn unquote(value: &str) -> &str {
    let bytes = value.as_bytes();
    if bytes.len() >= 2
        && (bytes[0] == b'"' || bytes[0] == b'\'')
        && bytes[bytes.len() - 1] == bytes[0]
    {
        &value[1..value.len() - 1]
    } else {
        value
    }
}

/// Text that stands in for a credential in docs and templates:
/// `xxx`, `<token>`, `{{ token }}`, `example`, `dummy`, `****`, or that asks
/// for one (`if_you_see_this_configure_the_account`, `set-me`).
pub(crate) fn is_placeholder(value: &str) -> bool {
    const MARKERS: &[&str] = &[
        "xxx",
        "***",
        "...",
        "…",
        "example",
        "dummy",
        "placeholder",
        "redacted",
        "your_",
        "your-",
        "{{",
        "replace",
        "fake",
        // Instructions to whoever builds it: `if_you_see_this_configure_...`,
        // `set-me`, `change_this`, `token_here`.
        "configure",
        "set_me",
        "set-me",
        "setme",
        "change_this",
        "change-this",
        "changethis",
        "fill_in",
        "fill-in",
        "todo",
        "_here",
        "-here",
    ];
    let lower = value.to_ascii_lowercase();
    let mut chars = value.chars();
    let first = chars.next();
    // Words in capitals, as a form's hint reads (`SOME VALUE`,
    // `YOUR TOKEN`): no generator writes a secret so.
    let capital_words =
        value.contains(' ') && value.chars().all(|ch| ch.is_ascii_uppercase() || ch == ' ');
    MARKERS.iter().any(|marker| lower.contains(marker))
        || (value.starts_with('<') && value.ends_with('>'))
        || first.is_some_and(|first| chars.all(|ch| ch == first))
        || capital_words
        || is_hex_word_filler(&lower)
}

/// Hexadecimal filler that programmers write where a key of hex digits
/// belongs (`DEADBEEF`, `CAFEBABE`, `deadbeefcafebabe`): words chosen to be
/// recognised at a glance, so nobody's real key.
fn is_hex_word_filler(lower: &str) -> bool {
    const WORDS: &[&str] = &[
        "deadbeef", "cafebabe", "feedface", "deadc0de", "baadf00d", "8badf00d", "decafbad",
        "facefeed", "cafed00d", "c0ffee", "badc0de",
    ];
    let mut rest = lower.trim_start_matches(['-', '_']);
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let Some(word) = WORDS.iter().find(|word| rest.starts_with(*word)) else {
            return false;
        };
        rest = rest[word.len()..].trim_start_matches(['-', '_']);
    }
    true
}

/// The literal written as a secret variable's value, unless it is no
/// credential: empty, a variable or command substitution (`${TOKEN}`,
/// `$(cat /run/secrets/x)`), a path to a file holding the secret, a
/// switch (`true`, `none`, `0`), or a placeholder. Weak defaults such as
/// `changeme` or `secret123` are literals: attackers try them first.
pub(crate) fn literal_secret(raw: &str) -> Option<&str> {
    // `invalid` is the sentinel some images take for "no key configured"
    // (`API_KEY=${API_KEY:-invalid}`).
    const NOT_CREDENTIALS: &[&str] = &[
        "none", "null", "nil", "unset", "required", "optional", "default", "invalid",
    ];
    let value = unquote(raw.trim());
    let short_number = value.len() < 6 && value.chars().all(|ch| ch.is_ascii_digit());
    let not_credential = value.len() < 4
        || value.contains(['$', '`'])
        || is_file_reference(value)
        || short_number
        || is_switch_value(value)
        || NOT_CREDENTIALS.contains(&value.to_ascii_lowercase().as_str())
        || is_placeholder(value)
        || is_key_fingerprint(value);
    (!not_credential).then_some(value)
}

/// A value that turns something on or off (`true`, `0`, `disabled`): the
/// variable is a switch, whatever its name says. (`none` or `default` is
/// not: it may stand for a secret given later with `--build-arg`.)
pub(crate) fn is_switch_value(value: &str) -> bool {
    const SWITCHES: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "enabled", "disabled", "0", "1",
    ];
    SWITCHES.contains(&value.to_ascii_lowercase().as_str())
}

/// A path to the file that holds the secret (`/run/secrets/db`,
/// `./keys/app.pem`, `config/master.key`), not the secret itself. A relative
/// path counts when its last part has a file extension: credentials in
/// base64 have `/` but no `.`.
pub(crate) fn is_file_reference(value: &str) -> bool {
    let rooted = ["/", "./", "../", "~/"]
        .iter()
        .any(|start| value.starts_with(start));
    let path_chars = value
        .chars()
        .all(|ch| ch.is_ascii_alphanumeric() || "/._-".contains(ch));
    let has_extension = value.rsplit('/').next().is_some_and(|name| {
        name.rsplit_once('.').is_some_and(|(stem, extension)| {
            !stem.is_empty()
                && (1..=5).contains(&extension.len())
                && extension.chars().all(|ch| ch.is_ascii_alphabetic())
        })
    });
    rooted || (path_chars && value.contains('/') && has_extension)
}

/// A value that says it only stands in for a secret during the build:
/// a placeholder, or words such as `build-only`, `not-a-secret`, `insecure`.
pub(crate) fn is_throwaway(value: &str) -> bool {
    const MARKERS: &[&str] = &[
        "build",
        "dummy",
        "notsecret",
        "not-secret",
        "not_secret",
        "not-a-secret",
        "insecure",
        "unused",
        "throwaway",
        "throw-away",
        "temporary",
        "mock",
        "stub",
        "ignored",
        "precompile",
        "collectstatic",
    ];
    let lower = value.to_ascii_lowercase();
    is_placeholder(value) || MARKERS.iter().any(|marker| lower.contains(marker))
}

/// A value that is only the word for what belongs there (`secret`,
/// `password`, `token`): a default that names the slot, not a secret someone
/// chose and leaked.
pub(crate) fn is_slot_word(value: &str) -> bool {
    SECRET_WORDS.contains(&value.to_ascii_lowercase().as_str())
}

/// A password on every list of defaults attackers try first (`123456`,
/// `changeme`, `admin`): known to everyone, so nothing leaks and there is
/// nothing to revoke, but whatever accepts it lets anyone in.
pub(crate) fn is_well_known_default(value: &str) -> bool {
    const DEFAULTS: &[&str] = &[
        "0000",
        "1234",
        "12345",
        "123456",
        "1234567",
        "12345678",
        "123456789",
        "1234567890",
        "111111",
        "000000",
        "654321",
        "abc123",
        "qwerty",
        "letmein",
        "changeme",
        "change_me",
        "change-me",
        "changeit",
        "admin",
        "admin123",
        "administrator",
        "root",
        "toor",
        "default",
        "passw0rd",
        "password1",
        "password123",
        "guest",
    ];
    DEFAULTS.contains(&value.to_ascii_lowercase().as_str())
}

/// Like [`literal_secret`], for the value of variable `name`: a value shaped
/// like a key fingerprint is still a credential when the name says secret,
/// password or token (`SECRET_API_KEY=63AF…`) rather than only key
/// (`GPG_KEY=B97B…`).
pub(crate) fn literal_secret_of<'a>(name: &str, raw: &'a str) -> Option<&'a str> {
    if let Some(value) = literal_secret(raw) {
        return Some(value);
    }
    let value = unquote(raw.trim());
    (names_a_credential(name) && is_key_fingerprint(value)).then_some(value)
}

/// A key fingerprint held by a variable whose name says it is a signing
/// key and nothing more secret than `key` (`GPG_COUCH_KEY`,
/// `SWIFT_SIGNING_KEY`): the identifier of the public key that downloads
/// are verified with, which official images publish. (`API_KEY` with the
/// same value stays a secret.)
pub(crate) fn is_key_identifier(name: &str, value: &str) -> bool {
    const SIGNING_WORDS: &[&str] = &[
        "gpg",
        "pgp",
        "gnupg",
        "signing",
        "signer",
        "sign",
        "release",
        "fingerprint",
        "keyid",
    ];
    is_key_fingerprint(unquote(value.trim()))
        && !names_a_credential(name)
        && name_words(name)
            .iter()
            .any(|word| SIGNING_WORDS.contains(&word.as_str()))
}

/// Whether the name says secret, password or token, not only `key` or
/// `auth`, which also name identifiers.
fn names_a_credential(name: &str) -> bool {
    name_words(name).iter().any(|word| {
        (SECRET_WORDS.contains(&word.as_str()) && !matches!(word.as_str(), "key" | "auth"))
            || ends_with_secret_word(word)
    })
}

/// A GPG key ID or fingerprint (`B97B0AFCAA1A47F044F244A07FCC7D46ACCC4CF8`,
/// `BCA4 3417 C3B4 ...`): upper-case hex of 16 or 40 digits, which
/// official images keep in variables named `key` to verify downloads.
fn is_key_fingerprint(value: &str) -> bool {
    let digits: String = value.chars().filter(|ch| *ch != ' ').collect();
    matches!(digits.len(), 16 | 40)
        && digits
            .chars()
            .all(|ch| ch.is_ascii_digit() || ('A'..='F').contains(&ch))
}

/// A value shown without giving it away: `ghp_…abcd`, `se…`.
pub(crate) fn mask(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    if chars.len() >= 16 {
        let head: String = chars[..4].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{head}…{tail}")
    } else {
        let head: String = chars.iter().take(2).collect();
        format!("{head}…")
    }
}

/// The id to give a secret mount for a variable: `NPM_TOKEN` → `npm_token`.
pub(crate) fn secret_id(name: &str) -> String {
    name.to_ascii_lowercase()
}

/// The `RUN --mount=type=secret` flags of an instruction.
pub(crate) fn secret_mounts(instruction: &Instruction) -> Vec<crate::syntax::Mount> {
    instruction
        .mounts()
        .into_iter()
        .filter(|mount| mount.kind == "secret")
        .collect()
}

/// Whether a stage's configuration (ENV, ARG, its layers) is part of the
/// final image: it is the final stage or one of its `FROM` ancestors.
pub(crate) fn in_final_image(context: &Context, stage: usize) -> bool {
    context.model.in_final_chain(stage)
}

/// The name of a stage as people refer to it: its `AS` name or its index.
pub(crate) fn stage_label(context: &Context, stage: usize) -> String {
    context.model.stages[stage]
        .name
        .clone()
        .unwrap_or_else(|| stage.to_string())
}

/// What to say about a secret set in a stage that is not part of the
/// final image.
pub(crate) fn builder_stage_note(context: &Context, stage: usize) -> Text {
    let label = stage_label(context, stage);
    // As the Stages panel says: files copied from a stage reach the image,
    // its own layers and values do not.
    if context.model.reaches_final[stage] {
        crate::text!(
            format!("in builder stage `{label}`, which the final image is not built on (only files copied from it reach the image); its value still sits in the build cache and history of that stage"),
            format!("最終イメージのベースではないビルダーステージ `{label}` にあります（最終イメージに届くのは、そこからコピーしたファイルだけです）が、その値はこのステージのビルドキャッシュと履歴に残ります"),
        )
    } else {
        crate::text!(
            format!("in builder stage `{label}`, which does not reach the final image; its value still sits in the build cache and history of that stage"),
            format!("最終イメージに含まれないビルダーステージ `{label}` にありますが、その値はこのステージのビルドキャッシュと履歴に残ります"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_words_written_together() {
        for name in ["vaultpassword", "DBPASSWORD", "clientSecret", "ADMINPASSWD"] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "secretary",
            "PASSWORDLESS_LOGIN",
            "tokenizer",
            "VAULTPASSWORD_FILE",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn secret_names_follow_buildkit_words() {
        for secret in [
            "API_KEY",
            "apiKey",
            "APIKey",
            "DATABASE_PASSWORD",
            "SECRET_KEY",
            "GITHUB_TOKEN",
            "NPM_TOKEN",
            "AUTH",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID",
            "VITE_OPENAI_API_KEY",
            "PGPASSWORD",
            "db-password",
            "SSH_PRIVATE_KEY",
            "credentials",
        ] {
            assert!(is_secret_name(secret), "{secret}");
        }
        for plain in [
            "GPG_KEY",
            "GPG_KEYS",
            "PASSWORD_FILE",
            "SSL_KEY_PATH",
            "KEYRING",
            "PUBLIC_KEY",
            "NEXT_PUBLIC_API_KEY",
            "GPG_KEY_ID",
            "AUTH_URL",
            "TOKENIZERS_PARALLELISM",
            "APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE",
            "NODE_VERSION",
            "KEY_VERSION",
            "NO_AUTH",
            "MONKEY",
            "PASSWORD_LENGTH",
            "KEY_SHA512",
        ] {
            assert!(!is_secret_name(plain), "{plain}");
        }
    }

    #[test]
    fn literal_secrets_skip_placeholders() {
        assert_eq!(literal_secret("secret123"), Some("secret123"));
        assert_eq!(literal_secret("\"changeme\""), Some("changeme"));
        // A passphrase is not a hint in capitals.
        assert_eq!(
            literal_secret("correct Horse battery"),
            Some("correct Horse battery")
        );
        assert_eq!(literal_secret("AB3K 9QZ"), Some("AB3K 9QZ"));
        for not in [
            "",
            "\"\"",
            "${TOKEN}",
            "$(cat /run/secrets/token)",
            "sk-xxxxx",
            "<your-token>",
            "\"if_you_see_this_configure_the_google_service_account_properly\"",
            "set-me",
            "api_token_here",
            "SOME VALUE",
            "\"YOUR API TOKEN\"",
            "example",
            "dummy",
            "/run/secrets/db",
            "true",
            "0",
            "****",
            "B97B0AFCAA1A47F044F244A07FCC7D46ACCC4CF8",
            "BCA4 3417 C3B4 85DD 128E C6D4 B7B3 B788 A8D3 785C",
        ] {
            assert_eq!(literal_secret(not), None, "{not}");
        }
    }

    #[test]
    fn masks_values() {
        assert_eq!(
            mask("ghp_0123456789abcdefghijklmnopqrstuvwxyz"),
            "ghp_…wxyz"
        );
        assert_eq!(mask("secret123"), "se…");
    }
}
