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
    pub copied: &'static str,
    pub docs_loading: &'static str,
    pub docs_failed: &'static str,
    pub share: &'static str,
    pub share_copied: &'static str,
    pub share_long: &'static str,
    pub link_broken: &'static str,
    pub link_foreign: &'static str,
    pub link_newer: &'static str,
    pub share_context_left_out: &'static str,
    pub share_too_large: &'static str,
    pub export_json_instead: &'static str,
    pub export_failed: &'static str,
    pub project_check_failed: &'static str,
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
    pub not_saved_project: &'static str,
    pub not_saved_names: &'static str,
    pub too_large: &'static str,
    pub checking: &'static str,
    pub checking_for: &'static str,
    pub toolbar: &'static str,
    pub panels: &'static str,
    pub page_title: &'static str,
    pub privacy_page_title: &'static str,
    pub sort_findings: &'static str,
    pub by_line: &'static str,
    pub by_severity: &'static str,
    pub all_severities: &'static str,
    pub severity_filter: &'static str,
    pub none_of_severity: &'static str,
    pub copy_fixed: &'static str,
    pub download_fixed: &'static str,
    pub search_rules: &'static str,
    pub no_rule_matches: &'static str,
    pub ignored: &'static str,
    pub no_reason: &'static str,
    pub unknown_target: &'static str,
    pub open_file: &'static str,
    pub embedding_docs: &'static str,
    pub open_file_hint: &'static str,
    pub choose_folder: &'static str,
    pub choose_folder_hint: &'static str,
    pub folder_reading: &'static str,
    pub folder_read: &'static str,
    pub folder_nothing: &'static str,
    pub folder_dockerfile: &'static str,
    pub folder_no_dockerfile: &'static str,
    pub folder_nothing_sent: &'static str,
    pub folder_names_only: &'static str,
    pub folder_skipped: &'static str,
    pub folder_not_opened: &'static str,
    pub folder_files_inside: &'static str,
    pub folder_too_large: &'static str,
    pub folder_unreadable: &'static str,
    pub folder_context_dropped: &'static str,
    pub project_files: &'static str,
    pub add_file: &'static str,
    pub rename_file: &'static str,
    pub remove_file: &'static str,
    pub rename_to: &'static str,
    pub name_empty: &'static str,
    pub name_not_relative: &'static str,
    pub name_taken: &'static str,
    pub report_placeholder: &'static str,
    pub decided_by: &'static str,
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
/// What a kind of project file is called in the files panel.
pub fn kind_name(kind: plimsoll_core::project::FileKind, lang: Lang) -> &'static str {
    use plimsoll_core::project::FileKind;
    let (en, ja) = match kind {
        FileKind::Dockerfile => ("Dockerfile", "Dockerfile"),
        FileKind::Dockerignore => (".dockerignore", ".dockerignore"),
        FileKind::Compose => ("Compose file", "Compose ファイル"),
        FileKind::Kubernetes => ("Kubernetes manifest", "Kubernetes マニフェスト"),
        FileKind::Workflow => ("CI workflow", "CI ワークフロー"),
        FileKind::ScanReport => ("Scan report", "スキャンレポート"),
        FileKind::Other => ("Other file", "その他のファイル"),
    };
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

pub fn score_label(score: Option<u32>) -> String {
    score.map_or_else(|| "–".to_owned(), |score| format!("{score}/100"))
}

/// A size for people: `1.2 MB` (decimal megabytes, as file managers show them).
pub fn megabytes(bytes: usize) -> String {
    let tenths = (bytes + 50_000) / 100_000;
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// `12.3` for 12.34 milliseconds: one decimal, rounded. Written with
/// integers: the page formats no float, so its wasm carries none of the
/// float formatting code (about 10 KiB).
pub fn one_decimal(value: f64) -> String {
    // Durations: never negative, never near u64's limit.
    let tenths = (value.max(0.0) * 10.0).round_ties_even() as u64;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// `12` for 12.34 milliseconds, rounded, as [`one_decimal`] writes it.
pub fn whole(value: f64) -> u64 {
    value.max(0.0).round_ties_even() as u64
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
    copied: "Copied",
    docs_loading: "Loading the documentation…",
    docs_failed: "The documentation could not be loaded. Check the connection and reload the page.",
    share: "Share link",
    share_copied: "Link copied. The Dockerfile and the files beside it are in the part after #, which browsers never send to a server.",
    share_long: "This link is long; some chat tools cut long links. Export the report instead if it breaks.",
    link_broken: "This share link is damaged (perhaps cut off): the files in it could not be restored.",
    link_foreign: "This link does not hold a Plimsoll project: nothing was loaded.",
    link_newer: "This link was made by a newer version of Plimsoll than this page: nothing was loaded. Reload the page to get the newest version.",
    share_context_left_out: "The names of the build context's other files did not fit in the link and were left out: the .dockerignore items may read differently for whoever opens it.",
    share_too_large: "This project is too large for a link ({chars} characters, up to {limit}): no link was made. Export it as JSON instead.",
    export_json_instead: "Export as JSON",
    export_failed: "The report could not be exported: this browser did not start the page's worker that writes it.",
    project_check_failed: "The files beside the Dockerfile are not checked: this browser did not start the page's worker that checks them. The checklist and findings are the Dockerfile's alone.",
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
        "Share links carry the Dockerfile and the files beside it in the part after #, which browsers keep to themselves. Your files and preferences are kept in this browser's local storage only.",
        "A folder you drop on the page or choose with \"Choose folder\" gives the page two things: the text of the files Plimsoll checks (Dockerfiles, .dockerignore, Compose files, Kubernetes manifests, CI workflows, scan reports), and the names of the other files, which are the build context the .dockerignore is judged against. To tell whether a YAML or JSON file is one of those, the page reads it and drops the text of those that are not. It does not open .git, node_modules and other dependency or tool folders, nor files over 5 MB. What it took is listed in a notice, stays in this tab and is kept in this browser's local storage (when it fits); no other file's contents are read, and nothing is sent anywhere.",
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
    checking_for: "{seconds} s",
    too_large: "This text ({size}) is larger than the page checks ({limit}). Check it with the command-line tool: plimsoll check Dockerfile",
    not_saved_storage: "This browser did not let the page keep the text (storage full or turned off): it will be gone after a reload. Save it to a file.",
    not_saved: "This text ({size}) is too large to keep in this browser (up to {limit}): it will be gone after a reload. Save it to a file.",
    not_saved_project: "The Dockerfile and the files beside it ({size}) are too large to keep in this browser (up to {limit}): they will be gone after a reload. Save them to files.",
    not_saved_names: "The files are kept in this browser, but not the folder's other {count} names (the build context), which would pass {limit}: after a reload, drop the folder again to check the build context.",
    keep_settings: "Keep these settings",
    link_settings: "The link's settings apply to this text only: your own settings are unchanged.",
    restore_draft: "Restore your previous draft",
    draft_kept: "Your previous draft is kept.",
    toolbar: "Toolbar",
    panels: "Panels",
    page_title: "Plimsoll: Dockerfile security checklist",
    privacy_page_title: "Privacy",
    sort_findings: "Order",
    by_line: "By line",
    by_severity: "Most severe first",
    all_severities: "All",
    severity_filter: "Show findings of one severity",
    none_of_severity: "No finding of this severity.",
    copy_fixed: "Copy the fixed Dockerfile",
    download_fixed: "Download the fixed Dockerfile",
    search_rules: "Search rules (code, name or words)",
    no_rule_matches: "No rule matches this search.",
    ignored: "Ignored here",
    no_reason: "no reason given",
    open_file: "Open a file",
    embedding_docs: "Embed in your docs, JavaScript API ↗",
    open_file_hint: "Open a Dockerfile from this computer, or drop one on the editor. It is read here and never uploaded.",
    choose_folder: "Choose folder",
    choose_folder_hint: "Choose a project folder, or drop one on the page. The page reads the text of its Dockerfiles, .dockerignore, Compose files, Kubernetes manifests, CI workflows and scan reports, and only the names of the other files. Nothing is uploaded.",
    folder_reading: "Reading the folder…",
    folder_read: "Read {count} files of {folder}.",
    folder_nothing: "Nothing in {folder} is a file Plimsoll checks.",
    folder_dockerfile: "In the editor: `{path}`.",
    folder_no_dockerfile: "No Dockerfile in this folder: the one in the editor is checked with these files.",
    folder_nothing_sent: "They stay in this browser; nothing was uploaded.",
    folder_names_only: "{count} other files: names only, as the build context the .dockerignore is judged against.",
    folder_skipped: "Not opened (dependencies, version control, tool folders):",
    folder_not_opened: "contents not listed",
    folder_files_inside: "{count} files, names not kept",
    folder_too_large: "Over 5 MB, not read (names only):",
    folder_unreadable: "The browser could not read these (names only):",
    folder_context_dropped: "Over {count} names: they are not kept, and the .dockerignore is judged without the list of the build context.",
    project_files: "Project files",
    add_file: "Add a file…",
    rename_file: "Rename",
    remove_file: "Remove",
    rename_to: "New name (path in the project)",
    name_empty: "Give the file a name.",
    name_not_relative: "Use a path inside the project, such as `deploy/compose.yaml` (no leading `/`, no `..`).",
    name_taken: "Another file of the project has this name.",
    report_placeholder: "Paste a vulnerability scan report here: the JSON of `trivy image --format json IMAGE`, `grype IMAGE -o json`, or SARIF.",
    decided_by: "Decided by",
    unknown_target: "No stage is named \"{target}\": the last stage is judged instead. Stage names here: {names}.",
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
    copied: "コピーしました",
    docs_loading: "解説を読み込んでいます…",
    docs_failed: "解説を読み込めませんでした。接続を確認してページを再読み込みしてください。",
    share: "共有リンク",
    share_copied: "リンクをコピーしました。Dockerfile とその隣のファイルは # 以降に入っており、ブラウザはこの部分をサーバーに送りません。",
    share_long: "リンクが長いため、チャットツールによっては途中で切れることがあります。その場合はレポートをエクスポートしてください。",
    link_broken: "この共有リンクは壊れています（途中で切れた可能性があります）。中のファイルを復元できませんでした。",
    link_foreign: "このリンクには Plimsoll のプロジェクトが含まれていません。何も読み込んでいません。",
    link_newer: "このリンクは、このページより新しいバージョンの Plimsoll で作られています。何も読み込んでいません。ページを再読み込みして最新版にしてください。",
    share_context_left_out: "ビルドコンテキストのほかのファイル名はリンクに収まらないため省きました。リンクを開いた人には .dockerignore の項目が違って判定されることがあります。",
    share_too_large: "このプロジェクトはリンクにするには大きすぎるため（{chars} 文字、上限 {limit} 文字）、リンクを作りませんでした。代わりに JSON でエクスポートしてください。",
    export_json_instead: "JSON でエクスポート",
    export_failed: "レポートをエクスポートできませんでした。レポートを書き出すページのワーカーをこのブラウザが起動できませんでした。",
    project_check_failed: "Dockerfile 以外のファイルはチェックされていません。それらをチェックするページのワーカーをこのブラウザが起動できませんでした。チェックリストと検出結果は Dockerfile だけのものです。",
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
        "共有リンクは Dockerfile とその隣のファイルを # 以降の部分に入れて運びます。この部分はブラウザの外に送られません。ファイルと設定はこのブラウザのローカルストレージにだけ保存されます。",
        "ページにドロップしたフォルダーや「フォルダーを選ぶ」で選んだフォルダーからページが受け取るのは 2 つだけです。Plimsoll が確認するファイル（Dockerfile・.dockerignore・Compose ファイル・Kubernetes マニフェスト・CI ワークフロー・スキャンレポート）の内容と、その他のファイルの名前（.dockerignore を判定するビルドコンテキストとして使います）です。YAML や JSON のファイルは、対象のファイルかどうかを見分けるために読み取り、対象でなければ内容をすぐに破棄します。.git や node_modules などの依存関係やツールのフォルダーと、5 MB を超えるファイルは開きません。受け取ったものは通知に一覧で示し、このタブの中にとどまり、（収まる大きさなら）このブラウザのローカルストレージに保存されます。その他のファイルの内容は読み取らず、どこにも送信しません。",
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
    checking_for: "{seconds} 秒",
    too_large: "このテキスト（{size}）は、このページで検査できる大きさ（{limit}）を超えています。コマンドラインツールで検査してください: plimsoll check Dockerfile",
    not_saved_storage: "このブラウザではテキストを保存できませんでした（保存領域が満杯か無効です）。再読み込みすると消えるため、ファイルに保存してください。",
    not_saved: "このテキスト（{size}）は、このブラウザに保存できる大きさ（{limit} まで）を超えているため、再読み込みすると消えます。ファイルに保存してください。",
    not_saved_project: "Dockerfile とその隣のファイル（{size}）は、このブラウザに保存できる大きさ（{limit} まで）を超えているため、再読み込みすると消えます。ファイルに保存してください。",
    not_saved_names: "ファイルはこのブラウザに保存されますが、フォルダー内のほかの {count} 個の名前（ビルドコンテキスト）は {limit} を超えるため保存されません。再読み込みした後にビルドコンテキストをチェックするには、フォルダーをもう一度ドロップしてください。",
    keep_settings: "この設定を使い続ける",
    link_settings: "リンクの設定はこのテキストにだけ使われます。あなたの設定は変わっていません。",
    restore_draft: "以前の下書きに戻す",
    draft_kept: "それまでの下書きは残してあります。",
    toolbar: "ツールバー",
    panels: "パネル",
    page_title: "Plimsoll: Dockerfile セキュリティチェックリスト",
    privacy_page_title: "プライバシー",
    sort_findings: "並び順",
    by_line: "行順",
    by_severity: "重大度順",
    all_severities: "すべて",
    severity_filter: "重大度で絞り込む",
    none_of_severity: "この重大度の検出事項はありません。",
    copy_fixed: "修正済みの Dockerfile をコピー",
    download_fixed: "修正済みの Dockerfile をダウンロード",
    search_rules: "ルールを検索（コード、名前、キーワード）",
    no_rule_matches: "この検索に合うルールはありません。",
    ignored: "無視した検出事項",
    no_reason: "理由の記載なし",
    open_file: "ファイルを開く",
    embedding_docs: "ドキュメントへの埋め込みと JavaScript API ↗",
    open_file_hint: "このコンピューターの Dockerfile を開くか、エディターにドロップしてください。読み込みはこのページ内で行われ、アップロードはされません。",
    choose_folder: "フォルダーを選ぶ",
    choose_folder_hint: "プロジェクトのフォルダーを選ぶか、ページにドロップしてください。Dockerfile・.dockerignore・Compose ファイル・Kubernetes マニフェスト・CI ワークフロー・スキャンレポートは内容を、その他のファイルは名前だけを読み取ります。何もアップロードされません。",
    folder_reading: "フォルダーを読み取っています…",
    folder_read: "{folder} から {count} 個のファイルを読み取りました。",
    folder_nothing: "{folder} には Plimsoll が確認するファイルがありません。",
    folder_dockerfile: "エディターには `{path}` を開きました。",
    folder_no_dockerfile: "このフォルダーには Dockerfile がありません。エディターの Dockerfile をこれらのファイルと一緒に確認します。",
    folder_nothing_sent: "内容はこのブラウザー内にとどまり、何もアップロードしていません。",
    folder_names_only: "その他の {count} 個のファイルは名前だけを読み取りました（.dockerignore を判定するビルドコンテキストとして使います）。",
    folder_skipped: "開かなかったフォルダー（依存関係、バージョン管理、ツールのフォルダー）:",
    folder_not_opened: "中身は一覧にしていません",
    folder_files_inside: "{count} 個のファイル（名前は保持しません）",
    folder_too_large: "5 MB を超えるため読み取らなかったファイル（名前のみ）:",
    folder_unreadable: "ブラウザーが読み取れなかったファイル（名前のみ）:",
    folder_context_dropped: "名前が {count} 個を超えるため保持せず、.dockerignore はビルドコンテキストの一覧なしで判定します。",
    project_files: "プロジェクトのファイル",
    add_file: "ファイルを追加…",
    rename_file: "名前を変更",
    remove_file: "削除",
    rename_to: "新しい名前（プロジェクト内のパス）",
    name_empty: "ファイル名を入力してください。",
    name_not_relative: "`deploy/compose.yaml` のように、プロジェクト内のパスを指定してください（先頭の `/` や `..` は使えません）。",
    name_taken: "プロジェクトの別のファイルがこの名前を使っています。",
    report_placeholder: "脆弱性スキャンのレポートをここに貼り付けてください。`trivy image --format json IMAGE`、`grype IMAGE -o json` の JSON か SARIF です。",
    decided_by: "判定に使ったファイル",
    unknown_target: "「{target}」という名前のステージはありません。代わりに最後のステージを判定しています。このファイルのステージ名: {names}",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_float_formatting_would() {
        for value in [0.0, 0.04, 0.96, 1.25, 9.99, 12.345, 55.0, 1234.5678] {
            assert_eq!(one_decimal(value), format!("{value:.1}"), "{value}");
            assert_eq!(whole(value).to_string(), format!("{value:.0}"), "{value}");
        }
        // (Not on an exact half, where decimal and binary rounding differ.)
        for bytes in [0, 49_999, 1_000_000, 1_234_567, 5_000_000, 16_960_000] {
            assert_eq!(
                megabytes(bytes),
                format!("{:.1} MB", bytes as f64 / 1e6),
                "{bytes}"
            );
        }
    }

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
