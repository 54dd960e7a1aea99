//! The vulnerability table's filters and order, as plain data: which of a
//! scan report's vulnerable packages the table lists, and in what order.

use plimsoll_core::companion::workflow::Level;
use plimsoll_core::{VulnerabilitySummary, VulnerablePackage};

/// The order of the table's rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PackageOrder {
    /// The core's order: most severe, with a fix, most vulnerabilities.
    #[default]
    UpgradeFirst,
    /// By Dockerfile line (packages without one last), then upgrade first.
    Line,
    /// By package name, then installed version.
    Package,
}

impl PackageOrder {
    pub const ALL: [PackageOrder; 3] = [
        PackageOrder::UpgradeFirst,
        PackageOrder::Line,
        PackageOrder::Package,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PackageOrder::UpgradeFirst => "severity",
            PackageOrder::Line => "line",
            PackageOrder::Package => "package",
        }
    }

    pub fn parse(code: &str) -> Option<PackageOrder> {
        PackageOrder::ALL
            .into_iter()
            .find(|order| order.code() == code)
    }
}

/// What the table lists: packages of one severity (their most severe
/// vulnerability) or all, those with a fix only or all, in an order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PackageFilter {
    pub only: Option<Level>,
    pub fixable_only: bool,
    pub order: PackageOrder,
}

impl PackageFilter {
    fn keeps(&self, package: &VulnerablePackage) -> bool {
        self.only.is_none_or(|level| package.level == level)
            && (!self.fixable_only || package.fixed.is_some())
    }

    /// The packages to list, in order (indexes into `summary.packages`).
    pub fn rows(&self, summary: &VulnerabilitySummary) -> Vec<usize> {
        let mut rows: Vec<usize> = (0..summary.packages.len())
            .filter(|&at| self.keeps(&summary.packages[at]))
            .collect();
        let packages = &summary.packages;
        match self.order {
            // The summary comes in this order.
            PackageOrder::UpgradeFirst => {}
            PackageOrder::Line => plimsoll_core::order::sort_by_key(&mut rows, |&at| {
                packages[at].line.unwrap_or(u32::MAX)
            }),
            PackageOrder::Package => plimsoll_core::order::sort_by(&mut rows, |&a, &b| {
                let key = |at: usize| (&packages[at].package, &packages[at].installed);
                key(a).cmp(&key(b))
            }),
        }
        rows
    }

    /// How many packages have each severity, most severe first, those
    /// without a package left out (the severity filter's buttons).
    pub fn levels(summary: &VulnerabilitySummary) -> Vec<(Level, usize)> {
        let mut levels: Vec<(Level, usize)> = Vec::new();
        for package in &summary.packages {
            match levels.iter_mut().find(|(level, _)| *level == package.level) {
                Some((_, count)) => *count += 1,
                None => levels.push((package.level, 1)),
            }
        }
        plimsoll_core::order::sort_by_key(&mut levels, |(level, _)| std::cmp::Reverse(*level));
        levels
    }

    /// The filter with `only` dropped when no package has that severity
    /// any more (the report was edited).
    pub fn still_shown(self, summary: &VulnerabilitySummary) -> PackageFilter {
        let present = self
            .only
            .is_none_or(|level| summary.packages.iter().any(|p| p.level == level));
        PackageFilter {
            only: if present { self.only } else { None },
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plimsoll_core::project::Project;

    /// The example project with a Trivy report, checked as the worker
    /// checks it and carried over the wire as the page receives it.
    fn example_summary() -> VulnerabilitySummary {
        let example = plimsoll_core::gallery::GalleryExample::by_id("ci-trivy").unwrap();
        let companions = crate::project::Companions::of_example(example);
        let project: Project = companions.project("Dockerfile", example.source);
        let checked = project.check(&plimsoll_core::Settings::default());
        let wire = plimsoll_core::wire::encode_project(&checked);
        let mut decoded = plimsoll_core::wire::decode_project(&wire).unwrap();
        decoded.remove(0).report.unwrap().vulnerabilities.unwrap()
    }

    fn names(summary: &VulnerabilitySummary, rows: &[usize]) -> Vec<String> {
        rows.iter()
            .map(|&at| summary.packages[at].package.clone())
            .collect()
    }

    #[test]
    fn the_example_report_lists_its_packages_upgrade_first_each_with_its_line() {
        let summary = example_summary();
        let rows = PackageFilter::default().rows(&summary);
        assert_eq!(
            names(&summary, &rows),
            ["libssl3", "libcrypto3", "braces", "express"]
        );
        let libssl = &summary.packages[rows[0]];
        assert_eq!(libssl.level, Level::Critical);
        assert_eq!(libssl.ids.len(), 2);
        assert_eq!(libssl.fixed.as_deref(), Some("3.1.6-r0"));
        // Every package is traced to a line of the Dockerfile.
        assert!(summary.packages.iter().all(|p| p.line.is_some()));
        assert_eq!(
            PackageFilter::levels(&summary),
            [(Level::Critical, 1), (Level::High, 2), (Level::Medium, 1)]
        );
    }

    #[test]
    fn filters_keep_one_severity_or_the_fixable_packages() {
        let mut summary = example_summary();
        let high = PackageFilter {
            only: Some(Level::High),
            ..PackageFilter::default()
        };
        assert_eq!(
            names(&summary, &high.rows(&summary)),
            ["libcrypto3", "braces"]
        );
        summary.packages[1].fixed = None;
        let fixable = PackageFilter {
            fixable_only: true,
            ..high
        };
        assert_eq!(names(&summary, &fixable.rows(&summary)), ["braces"]);
        let low = PackageFilter {
            only: Some(Level::Low),
            ..PackageFilter::default()
        };
        assert!(low.rows(&summary).is_empty());
        assert_eq!(low.still_shown(&summary), PackageFilter::default());
        assert_eq!(high.still_shown(&summary), high);
    }

    #[test]
    fn orders_by_line_or_by_name() {
        let mut summary = example_summary();
        summary.packages[0].line = None;
        let by_line = PackageFilter {
            order: PackageOrder::Line,
            ..PackageFilter::default()
        };
        let lines: Vec<Option<u32>> = by_line
            .rows(&summary)
            .iter()
            .map(|&at| summary.packages[at].line)
            .collect();
        assert!(lines
            .windows(2)
            .all(|w| w[0].unwrap_or(u32::MAX) <= w[1].unwrap_or(u32::MAX)));
        assert_eq!(lines.last(), Some(&None));
        let by_name = PackageFilter {
            order: PackageOrder::Package,
            ..PackageFilter::default()
        };
        assert_eq!(
            names(&summary, &by_name.rows(&summary)),
            ["braces", "express", "libcrypto3", "libssl3"]
        );
        for order in PackageOrder::ALL {
            assert_eq!(PackageOrder::parse(order.code()), Some(order));
        }
    }
}
