//! Every text of the page's own chrome, in English and Japanese. Texts about
//! Dockerfiles (messages, rule docs, checklist, examples) come from the core.
//! A struct literal per language: a missing translation does not compile.

use plimsoll_core::checklist::Status;
use plimsoll_core::Lang;

pub struct Ui {
    pub tagline: &'static str,
    pub privacy_badge: &'static str,
    pub rule_set: &'static str,
    pub editor_label: &'static str,
    pub placeholder: &'static str,
    pub empty_state: &'static str,
    pub examples: &'static str,
    pub findings: &'static str,
    pub no_findings: &'static str,
    pub show_more: &'static str,
    pub errors: &'static str,
    pub checklist: &'static str,
    pub score: &'static str,
    pub stages: &'static str,
    pub stage: &'static str,
    pub final_image: &'static str,
    pub in_final_image: &'static str,
    pub builds_final_image: &'static str,
    pub not_in_final_image: &'static str,
    pub line: &'static str,
    pub details: &'static str,
    pub rule_page: &'static str,
    pub fix: &'static str,
    pub apply_fix: &'static str,
    pub apply_all: &'static str,
    pub nothing_to_fix: &'static str,
    pub ignore_here: &'static str,
    pub ignore_reason: &'static str,
    pub ignore_confirm: &'static str,
    pub cancel: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub share: &'static str,
    pub share_copied: &'static str,
    pub share_long: &'static str,
    pub link_broken: &'static str,
    pub link_foreign: &'static str,
    pub export: &'static str,
    pub copy_markdown: &'static str,
    pub other_language: &'static str,
    pub theme: &'static str,
    pub theme_system: &'static str,
    pub theme_light: &'static str,
    pub theme_dark: &'static str,
    pub shortcuts: &'static str,
    pub shortcut_next: &'static str,
    pub shortcut_previous: &'static str,
    pub shortcut_apply: &'static str,
    pub shortcut_list: &'static str,
    pub shortcut_close: &'static str,
    pub close: &'static str,
    pub at_caret: &'static str,
    pub checked_in: &'static str,
    pub tab_editor: &'static str,
    pub rules: &'static str,
    pub rules_intro: &'static str,
    pub unknown_rule: &'static str,
    pub back_to_playground: &'static str,
    pub open_in_playground: &'static str,
    pub privacy_title: &'static str,
    pub privacy_body: &'static [&'static str],
    pub settings: &'static str,
    pub target_stage: &'static str,
    pub trusted_registries: &'static str,
    pub required_labels: &'static str,
    pub strict: &'static str,
    pub list_hint: &'static str,
    pub pass: &'static str,
    pub warn: &'static str,
    pub fail: &'static str,
    pub manual: &'static str,
    pub draft_kept: &'static str,
    pub restore_draft: &'static str,
    pub link_settings: &'static str,
    pub keep_settings: &'static str,
    pub not_saved: &'static str,
    pub not_saved_storage: &'static str,
    pub too_large: &'static str,
    pub checking: &'static str,
}

impl Ui {
    pub fn status(&self, status: Status) -> &'static str {
        match status {
            Status::Pass => self.pass,
            Status::Warn => self.warn,
            Status::Fail => self.fail,
            Status::Manual => self.manual,
        }
    }
}

pub fn ui(lang: Lang) -> &'static Ui {
    match lang {
        Lang::En => &EN,
        Lang::Ja => &JA,
    }
}

/// A checklist score as shown: `87/100`, or a dash when there is no verdict.
pub fn score_label(score: Option<u32>) -> String {
    score.map_or_else(|| "–".to_owned(), |score| format!("{score}/100"))
}

/// A size for people: `1.2 MB` (decimal megabytes, as file managers show them).
pub fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// The language of the browser (`navigator.language`), if we speak it.
pub fn lang_from_browser(language: &str) -> Lang {
    if language.to_ascii_lowercase().starts_with("ja") {
        Lang::Ja
    } else {
        Lang::En
    }
}

const EN: Ui = Ui {
    tagline: "A security checklist for Dockerfiles",
    privacy_badge: "Runs in your browser: nothing is uploaded",
    rule_set: "rules",
    editor_label: "Dockerfile",
    placeholder: "Paste or type a Dockerfile, e.g. FROM node:20-alpine",
    empty_state: "Paste or type a Dockerfile, or pick an example.",
    examples: "Examples",
    findings: "Findings",
    no_findings: "No findings. Check the manual items of the checklist too.",
    show_more: "Show more findings",
    errors: "Dockerfile errors",
    checklist: "Checklist",
    score: "Score",
    stages: "Stages",
    stage: "stage",
    final_image: "final image",
    in_final_image: "files copied into the final image",
    builds_final_image: "the final image is built on it",
    not_in_final_image: "not in the final image",
    line: "line",
    details: "Why and how to fix",
    rule_page: "Rule page",
    fix: "Fix",
    apply_fix: "Apply fix",
    apply_all: "Apply all safe fixes",
    nothing_to_fix: "No safe fix to apply.",
    ignore_here: "Ignore here",
    ignore_reason: "Why is this finding acceptable here?",
    ignore_confirm: "Add ignore comment",
    cancel: "Cancel",
    copy: "Copy",
    copied: "Copied",
    share: "Share link",
    share_copied: "Link copied. The text is in the part after #, which browsers never send to a server.",
    share_long: "This link is long; some chat tools cut long links. Export the report instead if it breaks.",
    link_broken: "This share link is damaged (perhaps cut off): the Dockerfile in it could not be restored.",
    link_foreign: "This link does not hold a Plimsoll Dockerfile (or comes from a newer version): nothing was loaded.",
    export: "Export",
    copy_markdown: "Copy as Markdown",
    other_language: "日本語",
    theme: "Theme",
    theme_system: "System",
    theme_light: "Light",
    theme_dark: "Dark",
    shortcuts: "Keyboard shortcuts",
    shortcut_next: "Next finding",
    shortcut_previous: "Previous finding",
    shortcut_apply: "Apply the fix of the finding at the caret",
    shortcut_list: "Show this list",
    shortcut_close: "Close a dialog or form",
    close: "Close",
    at_caret: "At the caret",
    checked_in: "checked in",
    tab_editor: "Editor",
    rules: "Rules",
    rules_intro: "Every rule Plimsoll checks, grouped by section. Open one for its explanation and examples.",
    unknown_rule: "There is no rule with this code.",
    back_to_playground: "Back to the playground",
    open_in_playground: "Open this example in the playground",
    privacy_title: "Nothing leaves your browser",
    privacy_body: &[
        "Plimsoll checks your Dockerfile with code that runs inside this page (Rust compiled to WebAssembly). The text you type is never sent anywhere.",
        "After the page has loaded it makes no network request at all: no analytics, no fonts or scripts from other sites, no server to store share links. A Content-Security-Policy in the page makes the browser refuse anything else.",
        "Share links carry the Dockerfile in the part after #, which browsers keep to themselves. Your text and preferences are kept in this browser's local storage only.",
    ],
    settings: "Settings",
    target_stage: "Target stage (empty: the last one)",
    trusted_registries: "Trusted registries",
    required_labels: "Required labels",
    strict: "Ignore suppression comments",
    list_hint: "comma-separated",
    pass: "pass",
    warn: "warn",
    fail: "fail",
    manual: "manual",
    checking: "Checking {lines} lines…",
    too_large: "This text ({size}) is larger than the page checks ({limit}). Check it with the command-line tool: plimsoll check Dockerfile",
    not_saved_storage: "This browser did not let the page keep the text (storage full or turned off): it will be gone after a reload. Save it to a file.",
    not_saved: "This text ({size}) is too large to keep in this browser (up to {limit}): it will be gone after a reload. Save it to a file.",
    keep_settings: "Keep these settings",
    link_settings: "The link's settings apply to this text only: your own settings are unchanged.",
    restore_draft: "Restore your previous draft",
    draft_kept: "Your previous draft is kept.",
};

const JA: Ui = Ui {
    tagline: "Dockerfile のセキュリティチェックリスト",
    privacy_badge: "ブラウザ内で動作: 何もアップロードされません",
    rule_set: "ルール",
    editor_label: "Dockerfile",
    placeholder: "Dockerfile を貼り付けるか入力してください（例: FROM node:20-alpine）",
    empty_state: "Dockerfile を貼り付けるか入力するか、例を選んでください。",
    examples: "例",
    findings: "検出事項",
    no_findings: "検出事項はありません。チェックリストの手動確認項目も確認してください。",
    show_more: "さらに表示",
    errors: "Dockerfile のエラー",
    checklist: "チェックリスト",
    score: "スコア",
    stages: "ステージ",
    stage: "ステージ",
    final_image: "最終イメージ",
    in_final_image: "ファイルが最終イメージにコピーされる",
    builds_final_image: "最終イメージのベース",
    not_in_final_image: "最終イメージに含まれない",
    line: "行",
    details: "理由と修正方法",
    rule_page: "ルールのページ",
    fix: "修正",
    apply_fix: "修正を適用",
    apply_all: "安全な修正をすべて適用",
    nothing_to_fix: "適用できる安全な修正はありません。",
    ignore_here: "ここで無視",
    ignore_reason: "この検出事項がここで許容される理由は？",
    ignore_confirm: "無視コメントを追加",
    cancel: "キャンセル",
    copy: "コピー",
    copied: "コピーしました",
    share: "共有リンク",
    share_copied: "リンクをコピーしました。テキストは # 以降に入っており、ブラウザはこの部分をサーバーに送りません。",
    share_long: "リンクが長いため、チャットツールによっては途中で切れることがあります。その場合はレポートをエクスポートしてください。",
    link_broken: "この共有リンクは壊れています（途中で切れた可能性があります）。Dockerfile を復元できませんでした。",
    link_foreign: "このリンクには Plimsoll の Dockerfile が含まれていません（新しいバージョンのリンクの可能性があります）。何も読み込んでいません。",
    export: "エクスポート",
    copy_markdown: "Markdown としてコピー",
    other_language: "English",
    theme: "テーマ",
    theme_system: "システム",
    theme_light: "ライト",
    theme_dark: "ダーク",
    shortcuts: "キーボードショートカット",
    shortcut_next: "次の検出事項",
    shortcut_previous: "前の検出事項",
    shortcut_apply: "カーソル位置の検出事項の修正を適用",
    shortcut_list: "この一覧を表示",
    shortcut_close: "ダイアログやフォームを閉じる",
    close: "閉じる",
    at_caret: "カーソル位置",
    checked_in: "チェック時間",
    tab_editor: "エディター",
    rules: "ルール",
    rules_intro: "Plimsoll がチェックするすべてのルールをセクションごとに示します。開くと説明と例を確認できます。",
    unknown_rule: "このコードのルールはありません。",
    back_to_playground: "プレイグラウンドに戻る",
    open_in_playground: "この例をプレイグラウンドで開く",
    privacy_title: "ブラウザの外には何も出ません",
    privacy_body: &[
        "Plimsoll は、このページ内で動くコード（WebAssembly にコンパイルした Rust）で Dockerfile をチェックします。入力したテキストはどこにも送信されません。",
        "ページの読み込み後は一切ネットワーク通信をしません。アナリティクスも、他サイトのフォントやスクリプトも、共有リンクを保存するサーバーもありません。ページの Content-Security-Policy により、ブラウザはそれ以外の読み込みを拒否します。",
        "共有リンクは Dockerfile を # 以降の部分に入れて運びます。この部分はブラウザの外に送られません。テキストと設定はこのブラウザのローカルストレージにだけ保存されます。",
    ],
    settings: "設定",
    target_stage: "対象ステージ（空欄: 最後のステージ）",
    trusted_registries: "信頼するレジストリ",
    required_labels: "必須ラベル",
    strict: "抑制コメントを無視する",
    list_hint: "カンマ区切り",
    pass: "合格",
    warn: "警告",
    fail: "不合格",
    manual: "手動確認",
    checking: "{lines} 行を検査しています…",
    too_large: "このテキスト（{size}）は、このページで検査できる大きさ（{limit}）を超えています。コマンドラインツールで検査してください: plimsoll check Dockerfile",
    not_saved_storage: "このブラウザではテキストを保存できませんでした（保存領域が満杯か無効です）。再読み込みすると消えるため、ファイルに保存してください。",
    not_saved: "このテキスト（{size}）は、このブラウザに保存できる大きさ（{limit} まで）を超えているため、再読み込みすると消えます。ファイルに保存してください。",
    keep_settings: "この設定を使い続ける",
    link_settings: "リンクの設定はこのテキストにだけ使われます。あなたの設定は変わっていません。",
    restore_draft: "以前の下書きに戻す",
    draft_kept: "それまでの下書きは残してあります。",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_language_picks_japanese_or_english() {
        assert_eq!(lang_from_browser("ja-JP"), Lang::Ja);
        assert_eq!(lang_from_browser("JA"), Lang::Ja);
        assert_eq!(lang_from_browser("en-US"), Lang::En);
        assert_eq!(lang_from_browser("fr"), Lang::En);
        assert_eq!(lang_from_browser(""), Lang::En);
    }

    #[test]
    fn both_languages_say_something_different() {
        assert_ne!(EN.share, JA.share);
        assert_eq!(EN.privacy_body.len(), JA.privacy_body.len());
        assert_eq!(ui(Lang::Ja).status(Status::Fail), "不合格");
    }
}
