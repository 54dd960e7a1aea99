//! Search on the rule index: which rules a query names.

use plimsoll_core::rules::{Rule, RULES};
use plimsoll_core::Lang;

/// The codes of the rules matching every word of `query` (case-insensitive)
/// in their code, name, peer ids, or title and summary in `lang`; all rules
/// for a blank query.
pub fn matching_rules(query: &str, lang: Lang) -> Vec<&'static str> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    RULES
        .iter()
        .filter(|rule| {
            words.is_empty() || {
                let haystack = haystack(rule, lang);
                words.iter().all(|word| haystack.contains(word.as_str()))
            }
        })
        .map(|rule| rule.code)
        .collect()
}

fn haystack(rule: &Rule, lang: Lang) -> String {
    let doc = rule.docs(lang);
    let mut text = format!(
        "{} {} {} {}",
        rule.code,
        rule.name,
        doc.title,
        doc.summary()
    );
    for alias in rule.aliases {
        text.push(' ');
        text.push_str(alias.id);
    }
    text.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rules_by_code_name_peer_id_and_words() {
        assert_eq!(matching_rules("pl201", Lang::En), ["PL201"]);
        let by_name = Rule::by_code("PL201").unwrap().name;
        assert!(matching_rules(by_name, Lang::En).contains(&"PL201"));
        assert!(matching_rules("DL3007", Lang::En).contains(&"PL201"));
        let secrets = matching_rules("secret", Lang::En);
        assert!(!secrets.is_empty() && secrets.len() < RULES.len());
        assert_eq!(matching_rules("  ", Lang::Ja).len(), RULES.len());
        assert!(matching_rules("no-such-rule-anywhere", Lang::En).is_empty());
        assert!(!matching_rules("シークレット", Lang::Ja).is_empty());
    }
}
