//! The generated rule reference (`RULES.md`, `RULES.ja.md`) matches the
//! rules' docs. `UPDATE_RULES=1 cargo test -p plimsoll-core --test catalog`
//! regenerates it.

use plimsoll_core::export::catalog;
use plimsoll_core::Lang;

fn check_generated(file: &str, lang: Lang) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(file);
    let generated = catalog::reference(lang);
    if std::env::var_os("UPDATE_RULES").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{file} is stale: run `UPDATE_RULES=1 cargo test -p plimsoll-core --test catalog` and commit it"
    );
}

#[test]
fn rules_md_is_up_to_date() {
    check_generated("RULES.md", Lang::En);
}

#[test]
fn rules_ja_md_is_up_to_date() {
    check_generated("RULES.ja.md", Lang::Ja);
}

#[test]
fn every_rule_is_listed_with_its_aliases() {
    let rules = catalog::rules_json(Lang::En, None);
    assert_eq!(rules.len(), plimsoll_core::rules::RULES.len());
    let latest = rules.iter().find(|rule| rule.code == "PL201").unwrap();
    assert!(latest.aliases.iter().any(|alias| alias.id == "DL3007"));
    assert_eq!(latest.url, None, "no page to link without a docs URL");
    let hosted = catalog::rules_json(Lang::En, Some("https://docs.example/app"));
    assert_eq!(
        hosted[0].url.as_deref(),
        Some(format!("https://docs.example/app/?rule={}", hosted[0].code).as_str())
    );
    let explained = catalog::explain(
        plimsoll_core::rules::Rule::by_code("PL201").unwrap(),
        Lang::Ja,
    );
    assert!(explained.starts_with("# PL201: "));
    assert!(explained.contains("## なぜ危険か"));
}
