//! Where a command takes a password on its command line: `mysql -p<password>`,
//! `--password=<password>`, `htpasswd -b <file> <user> <password>`,
//! `curl -u <user>:<password>`, an `Authorization` header, `redis-cli -a
//! <password>`. PL402 reports the
//! ones written as literals; PL404 the ones that come from a build argument.

use std::ops::Range;

use crate::report::Text;
use crate::shell::{classify, ShellWord, SimpleCommand, Tool};

use super::{is_placeholder, is_secret_name, program};

/// A password on a command line.
pub(crate) struct PasswordArgument {
    /// The bytes of the password in the script (inside one word).
    pub range: Range<usize>,
    /// The password as written (quotes and `$` references kept).
    pub raw: String,
    /// What the password is for: "the MySQL password".
    pub what: Text,
}

/// The MySQL and MariaDB clients, which take `-p<password>` attached.
const MYSQL_CLIENTS: &[&str] = &[
    "mysql",
    "mysqladmin",
    "mysqldump",
    "mysqlimport",
    "mysqlshow",
    "mysqlcheck",
    "mysqlpump",
    "mariadb",
    "mariadb-admin",
    "mariadb-dump",
    "mariadb-import",
    "mariadb-show",
    "mariadb-check",
];

/// Every password a command is given on its command line.
pub(crate) fn password_arguments(command: &SimpleCommand) -> Vec<PasswordArgument> {
    let mut found = Vec::new();
    if let Some((at, _)) = program(command, MYSQL_CLIENTS) {
        let what = || crate::text!("the MySQL password", "MySQL のパスワード");
        for word in &command.words[at + 1..] {
            // `-p` alone prompts; `-p<password>` must be attached.
            if let Some(rest) = word.raw.strip_prefix("-p").filter(|rest| !rest.is_empty()) {
                found.push(suffix(word, rest, what()));
            } else if let Some(rest) = word.raw.strip_prefix("--password=") {
                found.push(suffix(word, rest, what()));
            }
        }
        // `mysqladmin -u root password <new password>`.
        let words = &command.words[at + 1..];
        if let Some(index) = words.iter().position(|word| word.value == "password") {
            if let Some(new) = words
                .get(index + 1)
                .filter(|word| !word.raw.starts_with('-'))
            {
                found.push(suffix(new, &new.raw, what()));
            }
        }
        return found;
    }
    if let Some((at, _)) = program(command, &["redis-server", "redis-cli"]) {
        // `redis-server --requirepass <pw>`, `redis-cli -a <pw>`.
        let words = &command.words[at + 1..];
        for (index, word) in words.iter().enumerate() {
            let takes_password = matches!(
                word.value.as_str(),
                "--requirepass" | "--masterauth" | "-a" | "--pass"
            );
            if let Some(next) = words.get(index + 1).filter(|_| takes_password) {
                found.push(suffix(
                    next,
                    &next.raw,
                    crate::text!("the Redis password", "Redis のパスワード"),
                ));
            }
        }
        return found;
    }
    if let Some((at, _)) = program(command, &["htpasswd"]) {
        found.extend(htpasswd_password(&command.words[at + 1..]));
        return found;
    }
    if let Some(curl) = classify(command).filter(|r| matches!(r.tool, Tool::Curl | Tool::Wget)) {
        for option in &curl.options {
            let (Some(value), Some(value_word)) = (&option.value, option.value_word) else {
                continue;
            };
            let word = &command.words[value_word];
            let user_option = curl.tool == Tool::Curl
                && matches!(
                    option.name.as_str(),
                    "-u" | "--user" | "-U" | "--proxy-user"
                );
            if user_option {
                // `user:password`; without `:` curl asks for the password.
                if let Some((_, password)) = value.split_once(':') {
                    found.push(within(
                        word,
                        password,
                        crate::text!("the password given to curl", "curl に渡したパスワード"),
                    ));
                }
            } else if matches!(option.name.as_str(), "-H" | "--header") {
                found.extend(header_credential(word, value));
            }
        }
    }
    for (index, word) in command.words.iter().enumerate().skip(1) {
        let what = || crate::text!("the password option", "パスワードのオプション");
        if let Some(rest) = ["--password=", "--passwd="]
            .iter()
            .find_map(|option| word.raw.strip_prefix(option))
        {
            found.push(suffix(word, rest, what()));
        } else if matches!(word.raw.as_str(), "--password" | "--passwd") {
            if let Some(next) = command
                .words
                .get(index + 1)
                .filter(|next| !next.raw.starts_with('-'))
            {
                found.push(suffix(next, &next.raw, what()));
            }
        }
    }
    found
}

/// `htpasswd -b[c] <file> <user> <password>`, `htpasswd -nb <user> <password>`.
fn htpasswd_password(args: &[ShellWord]) -> Option<PasswordArgument> {
    let mut letters = String::new();
    let mut operands = Vec::new();
    let mut words = args.iter();
    while let Some(word) = words.next() {
        match word.value.strip_prefix('-') {
            Some(cluster) if !cluster.is_empty() => {
                letters.push_str(cluster);
                // `-C <cost>` and `-r <rounds>` take a value.
                if cluster.ends_with(['C', 'r']) {
                    words.next();
                }
            }
            _ => operands.push(word),
        }
    }
    if !letters.contains('b') {
        return None;
    }
    let position = if letters.contains('n') { 1 } else { 2 };
    let word = operands.get(position)?;
    Some(suffix(
        word,
        &word.raw,
        crate::text!("the htpasswd password", "htpasswd のパスワード"),
    ))
}

/// `Authorization: Bearer <token>` or `X-Api-Key: <key>` in a header option.
fn header_credential(word: &ShellWord, header: &str) -> Option<PasswordArgument> {
    let (name, value) = header.split_once(':')?;
    let name = name.trim();
    let value = value.trim();
    let credential = if name.eq_ignore_ascii_case("authorization")
        || name.eq_ignore_ascii_case("proxy-authorization")
    {
        // `Bearer <token>`, `Basic <base64>`, `token <token>`: a scheme alone
        // (`Authorization: Bearer`) carries nothing.
        value.split_once(' ')?.1.trim()
    } else if is_secret_name(name) {
        value
    } else {
        return None;
    };
    (!credential.is_empty()).then(|| {
        within(
            word,
            credential,
            crate::text!(
                format!("the credential in the `{name}` header"),
                format!("`{name}` ヘッダーの資格情報"),
            ),
        )
    })
}

/// The password `rest`, which ends the raw text of `word`.
fn suffix(word: &ShellWord, rest: &str, what: Text) -> PasswordArgument {
    PasswordArgument {
        range: word.range.end - rest.len()..word.range.end,
        raw: rest.to_string(),
        what,
    }
}

/// The password `value` (quotes removed) inside `word`: its place in the raw
/// text when it is written there as is, else the whole word.
fn within(word: &ShellWord, value: &str, what: Text) -> PasswordArgument {
    let range = match word.raw.rfind(value).filter(|_| !value.is_empty()) {
        Some(at) => word.range.start + at..word.range.start + at + value.len(),
        None => word.range.clone(),
    };
    PasswordArgument {
        range,
        raw: value.to_string(),
        what,
    }
}

/// The password written as a literal: not empty, no variable or command
/// substitution (`$DB_PASS`, `%PASS%`, `$(cat /run/secrets/db)`), no
/// placeholder. Unlike a variable's value, a short one counts: the command
/// says it is a password.
pub(crate) fn literal_password(raw: &str) -> Option<&str> {
    let value = super::unquote(raw.trim());
    let not_literal = value.is_empty()
        || value == "*"
        || value.contains(['$', '`', '%'])
        || is_placeholder(value);
    (!not_literal).then_some(value)
}
