//! Helm charts. A chart's templates are Go templates that become manifests
//! only when Helm renders them with the chart's values (`helm template`);
//! Plimsoll reads manifests, not templates, so a template says nothing
//! here. A project with a chart says so on the checklist items a manifest
//! would decide, with the command that renders it.

use crate::report::Text;

/// The file that makes a directory a chart (Helm's name for it, exactly).
const CHART_FILE: &str = "Chart.yaml";
/// At most this many charts are named in a note.
const NAMED: usize = 3;

/// The charts among a project's `paths` (files, relative to its root): the
/// directories of their `Chart.yaml` files (`.` for the root), in order,
/// without the subcharts kept in a chart's `charts/` directory, which
/// render with it.
pub fn charts<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut charts: Vec<&str> = paths
        .into_iter()
        .filter_map(|path| match path.rsplit_once('/') {
            Some((dir, CHART_FILE)) => Some(dir),
            None if path == CHART_FILE => Some("."),
            _ => None,
        })
        .collect();
    charts.sort_unstable();
    charts.dedup();
    let parents = charts.clone();
    charts.retain(|chart| !parents.iter().any(|parent| is_subchart_of(chart, parent)));
    charts
}

/// `chart` is kept in `parent`'s `charts/` directory (at any depth).
fn is_subchart_of(chart: &str, parent: &str) -> bool {
    let inside = if parent == "." {
        Some(chart)
    } else {
        chart
            .strip_prefix(parent)
            .and_then(|rest| rest.strip_prefix('/'))
    };
    inside.is_some_and(|rest| rest.starts_with("charts/") || rest.contains("/charts/"))
}

/// What to say on an item that a manifest would decide, in a project with
/// `charts` (from [`charts`], not empty).
pub fn render_note(charts: &[&str]) -> Text {
    let named: Vec<String> = charts
        .iter()
        .take(NAMED)
        .map(|chart| format!("`{chart}`"))
        .collect();
    let more = charts.len().saturating_sub(NAMED);
    let (list_en, list_ja) = match (named.as_slice(), more) {
        ([one], 0) => (one.clone(), one.clone()),
        (_, 0) => (named.join(", "), named.join("、")),
        _ => (
            format!("{} and {more} more", named.join(", ")),
            format!("{} ほか {more} 個", named.join("、")),
        ),
    };
    let first = charts.first().copied().unwrap_or(".");
    let rendered = if first == "." {
        "rendered.yaml".to_string()
    } else {
        format!("{first}.rendered.yaml")
    };
    // "The Helm chart `a` is not read as it is: its templates …"
    let (chart, is, it, its, render) = if charts.len() == 1 {
        ("chart", "is", "it", "its", "it")
    } else {
        ("charts", "are", "they", "their", "each")
    };
    Text::new(
        format!(
            "The Helm {chart} {list_en} {is} not read as {it} {is}: {its} templates become \
             manifests only when Helm renders them. Render {render} (`helm template {first} > \
             {rendered}`, with the values you deploy with) and check the project again: the \
             manifests then decide this item."
        ),
        format!(
            "Helm チャート {list_ja} はそのままでは読み込みません。テンプレートは Helm でレンダリングして初めて\
             マニフェストになります。デプロイに使う値でレンダリングし（`helm template {first} > {rendered}`）、\
             プロジェクトをもう一度チェックすると、そのマニフェストでこの項目を判定できます。"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_the_directories_of_chart_files_without_their_subcharts() {
        let paths = [
            "Dockerfile",
            "deploy/helm/app/Chart.yaml",
            "deploy/helm/app/templates/deployment.yaml",
            "deploy/helm/app/charts/redis/Chart.yaml",
            "ops/chart/Chart.yaml",
            "docs/Chart.yml",
            "notChart.yaml",
        ];
        assert_eq!(charts(paths), ["deploy/helm/app", "ops/chart"]);
        assert_eq!(charts(["Chart.yaml", "charts/db/Chart.yaml"]), ["."]);
        assert!(charts(["k8s/deployment.yaml"]).is_empty());
    }

    #[test]
    fn the_note_names_the_charts_and_the_command_that_renders_the_first() {
        let one = render_note(&["deploy/chart"]);
        assert!(one
            .en
            .starts_with("The Helm chart `deploy/chart` is not read"));
        assert!(one
            .en
            .contains("`helm template deploy/chart > deploy/chart.rendered.yaml`"));
        assert!(one
            .ja
            .contains("`helm template deploy/chart > deploy/chart.rendered.yaml`"));
        let root = render_note(&["."]);
        assert!(root.en.contains("`helm template . > rendered.yaml`"));
        let many = render_note(&["a", "b", "c", "d"]);
        assert!(
            many.en
                .starts_with("The Helm charts `a`, `b`, `c` and 1 more are"),
            "{}",
            many.en
        );
    }
}
