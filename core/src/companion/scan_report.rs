//! Vulnerability scan reports: Trivy JSON (`SchemaVersion` 2), Grype JSON,
//! SARIF written by Trivy, Grype, Docker Scout or Snyk, and GitLab's
//! container-scanning report. Recognised by content whatever the file's
//! name; read into one list of vulnerabilities.
//!
//! Reading is typed: serde skips every field not named here without
//! keeping it, so memory follows the vulnerabilities, not the file; files
//! over [`MAX_BYTES`] are refused with a message, and broken JSON gives the
//! parser's line and column.

use serde::Deserialize;

use super::workflow::Level;

/// Reports larger than this are not read.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Which tool wrote a report, and in which format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Trivy,
    Grype,
    Sarif,
    GitLab,
}

/// A report, read.
#[derive(Clone, Debug)]
pub struct ScanReport {
    pub format: Format,
    /// The scanner's name as the report writes it (`Trivy`, `grype`).
    pub tool: String,
    /// What was scanned (`ArtifactName`, Grype's `source.target.userInput`,
    /// GitLab's `location.image`), when the report says.
    pub artifact: Option<String>,
    /// Whether the scanned thing is a container image (`false`: a
    /// repository or a file system; `None`: the report does not say).
    pub is_image: Option<bool>,
    /// When the scan ran (RFC 3339, as written).
    pub created: Option<String>,
    pub vulnerabilities: Vec<Vulnerability>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vulnerability {
    pub id: String,
    pub package: String,
    pub installed: String,
    /// The first version that fixes it; `None` when there is none yet.
    pub fixed: Option<String>,
    pub severity: Level,
    /// The package manager the package belongs to, when the report says.
    pub ecosystem: Option<Ecosystem>,
}

/// Where a vulnerable package comes from: the distribution's packages, or
/// one language's package manager.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ecosystem {
    /// The distribution's packages (apk, deb, rpm).
    Os,
    Npm,
    Python,
    Go,
    Java,
    Ruby,
    Php,
    Rust,
    Dotnet,
}

impl Ecosystem {
    /// From a package type as Trivy (`Type` of a result) or Grype
    /// (`artifact.type`) writes it, or a purl's type.
    pub fn from_type(kind: &str) -> Option<Ecosystem> {
        Some(match kind.to_ascii_lowercase().as_str() {
            "npm" | "yarn" | "pnpm" | "bun" | "node-pkg" => Ecosystem::Npm,
            "pip" | "pipenv" | "poetry" | "uv" | "python-pkg" | "python" | "pypi" | "conda-pkg" => {
                Ecosystem::Python
            }
            "gomod" | "gobinary" | "go-module" | "golang" => Ecosystem::Go,
            "jar" | "pom" | "gradle" | "sbt" | "java-archive" | "jenkins-plugin" | "maven" => {
                Ecosystem::Java
            }
            "bundler" | "gemspec" | "gem" => Ecosystem::Ruby,
            "composer" | "composer-vendor" | "php-composer" => Ecosystem::Php,
            "cargo" | "rust-binary" | "rust-crate" => Ecosystem::Rust,
            "nuget" | "dotnet-core" | "packages-props" | "dotnet" => Ecosystem::Dotnet,
            "apk"
            | "deb"
            | "rpm"
            | "alpm"
            | "portage"
            | "alpine"
            | "debian"
            | "ubuntu"
            | "redhat"
            | "centos"
            | "rocky"
            | "alma"
            | "amazon"
            | "oracle"
            | "photon"
            | "wolfi"
            | "chainguard"
            | "cbl-mariner"
            | "azurelinux"
            | "opensuse"
            | "opensuse.leap"
            | "opensuse.tumbleweed"
            | "sles"
            | "suse"
            | "bottlerocket" => Ecosystem::Os,
            _ => return None,
        })
    }

    /// From a package URL: `pkg:npm/braces@3.0.2` → npm.
    fn from_purl(purl: &str) -> Option<Ecosystem> {
        let kind = purl.strip_prefix("pkg:")?.split('/').next()?;
        Ecosystem::from_type(kind)
    }

    /// The commands a `RUN` uses to install this ecosystem's packages;
    /// empty for the distribution's (their names are in the `RUN`).
    pub fn installers(self) -> &'static [&'static str] {
        match self {
            Ecosystem::Os => &[],
            Ecosystem::Npm => &["npm", "yarn", "pnpm", "bun", "npx"],
            Ecosystem::Python => &["pip", "pip3", "poetry", "pipenv", "uv", "pdm", "conda"],
            Ecosystem::Go => &["go"],
            Ecosystem::Java => &["mvn", "mvnw", "gradle", "gradlew", "sbt"],
            Ecosystem::Ruby => &["bundle", "bundler", "gem"],
            Ecosystem::Php => &["composer"],
            Ecosystem::Rust => &["cargo"],
            Ecosystem::Dotnet => &["dotnet", "nuget"],
        }
    }
}

/// Why a report could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportError {
    pub message: String,
    /// 1-based, 0 when the error has no position.
    pub line: usize,
    pub column: usize,
}

/// The JSON object of a report file and the number of lines before it: a
/// report saved with the scanner's log (`grype dir:. > report.json 2>&1`)
/// has log lines before the object and after it. The object starts on the
/// first line that starts with `{` and ends on the last line that ends with
/// `}`.
fn json_object(text: &str) -> (&str, usize) {
    let text = text.trim_start_matches('\u{feff}');
    let mut start = None;
    let mut offset = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        if line.trim_start().starts_with('{') {
            start = Some((offset, number));
            break;
        }
        offset += line.len();
    }
    let Some((start, skipped)) = start else {
        return (text, 0);
    };
    let body = &text[start..];
    let mut end = body.len();
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let kept = line.trim_end();
        if kept.ends_with('}') {
            end = at + kept.len();
        }
        at += line.len();
    }
    (&body[..end], skipped)
}

/// Whether `text` looks like a scan report: a JSON object with a report's
/// top-level fields (after any log lines the scanner wrote before it).
/// Cheap: the file is not parsed.
pub fn looks_like_report(text: &str) -> bool {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('[')
        && trimmed.contains("\"Target\"")
        && trimmed.contains("\"Vulnerabilities\"")
    {
        // Trivy before 0.20: its results alone, as an array.
        return true;
    }
    let (text, _) = json_object(text);
    let text = text.trim_start();
    if !text.starts_with('{') {
        return false;
    }
    let has = |key: &str| text.contains(key);
    (has("\"SchemaVersion\"") && (has("\"Results\"") || has("\"ArtifactName\"")))
        || (has("\"matches\"") && has("\"vulnerability\"") && has("\"artifact\""))
        // A Grype report that found nothing: no match, only its descriptor.
        || (has("\"matches\"") && has("\"descriptor\"") && has("\"grype\""))
        || (has("\"runs\"") && has("\"2.1.0\"") && sarif_tool(text).is_some())
        || (has("\"vulnerabilities\"") && has("\"scan\"") && has("\"container_scanning\""))
}

/// The container scanners whose SARIF we read, by the driver name they
/// write.
fn sarif_tool(text: &str) -> Option<&'static str> {
    [
        "\"Trivy\"",
        "\"Grype\"",
        "\"docker scout\"",
        "\"Docker Scout\"",
        "\"Snyk Container\"",
    ]
    .into_iter()
    .find(|name| text.contains(name))
}

pub fn parse(text: &str) -> Result<ScanReport, ReportError> {
    if text.len() > MAX_BYTES {
        return Err(ReportError {
            message: format!(
                "the report has {} bytes; Plimsoll reads reports up to {MAX_BYTES} bytes",
                text.len()
            ),
            line: 0,
            column: 0,
        });
    }
    let text = text.trim_start_matches('\u{feff}');
    // Trivy before 0.20 wrote its results alone, as an array.
    if text.trim_start().starts_with('[') {
        if let Ok(results) = serde_json::from_str::<Vec<TrivyResult>>(text) {
            return Ok(trivy(Raw {
                results: Some(results),
                ..Raw::default()
            }));
        }
    }
    let (text, skipped) = json_object(text);
    let raw: Raw = serde_json::from_str(text).map_err(|error| ReportError {
        message: format!("not a scan report this tool can read: {error}"),
        line: error.line() + skipped,
        column: error.column(),
    })?;
    let unknown = |message: String| ReportError {
        message,
        line: 0,
        column: 0,
    };
    if let Some(version) = raw.schema_version {
        if version != 2 {
            return Err(unknown(format!(
                "Trivy report with SchemaVersion {version}; Plimsoll reads SchemaVersion 2"
            )));
        }
        return Ok(trivy(raw));
    }
    if let Some(matches) = raw.matches {
        return Ok(grype(matches, raw.source, raw.descriptor));
    }
    if let Some(runs) = raw.runs {
        return Ok(sarif(runs));
    }
    if let (Some(vulnerabilities), Some(scan)) = (raw.vulnerabilities, raw.scan) {
        return Ok(gitlab(vulnerabilities, scan));
    }
    Err(unknown(
        "the JSON is not a Trivy, Grype, SARIF or GitLab container-scanning report".to_string(),
    ))
}

/// Every top-level field of the four formats; the format is the one whose
/// fields are present.
#[derive(Deserialize, Default)]
struct Raw {
    #[serde(rename = "SchemaVersion")]
    schema_version: Option<u64>,
    #[serde(rename = "ArtifactName")]
    artifact_name: Option<String>,
    #[serde(rename = "ArtifactType")]
    artifact_type: Option<String>,
    #[serde(rename = "CreatedAt")]
    created_at: Option<String>,
    #[serde(rename = "Results")]
    results: Option<Vec<TrivyResult>>,
    matches: Option<Vec<GrypeMatch>>,
    source: Option<GrypeSource>,
    descriptor: Option<GrypeDescriptor>,
    runs: Option<Vec<SarifRun>>,
    vulnerabilities: Option<Vec<GitLabVulnerability>>,
    scan: Option<GitLabScan>,
}

#[derive(Deserialize)]
struct TrivyResult {
    #[serde(rename = "Vulnerabilities", default)]
    vulnerabilities: Option<Vec<TrivyVulnerability>>,
    /// `os-pkgs` or `lang-pkgs` (among others).
    #[serde(rename = "Class", default)]
    class: Option<String>,
    /// The distribution (`alpine`) or the package manager (`npm`).
    #[serde(rename = "Type", default)]
    kind: Option<String>,
}

impl TrivyResult {
    fn ecosystem(&self) -> Option<Ecosystem> {
        match (self.class.as_deref(), self.kind.as_deref()) {
            (Some("os-pkgs"), _) => Some(Ecosystem::Os),
            (_, Some(kind)) => Ecosystem::from_type(kind),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
struct TrivyVulnerability {
    #[serde(rename = "VulnerabilityID", default)]
    id: String,
    #[serde(rename = "PkgName", default)]
    package: String,
    #[serde(rename = "InstalledVersion", default)]
    installed: String,
    #[serde(rename = "FixedVersion", default)]
    fixed: Option<String>,
    #[serde(rename = "Severity", default)]
    severity: String,
    #[serde(rename = "SeveritySource", default)]
    severity_source: String,
    /// Per source: 0 unknown, 1 low, 2 medium, 3 high, 4 critical.
    #[serde(rename = "VendorSeverity", default)]
    vendor_severity: std::collections::HashMap<String, u8>,
}

fn trivy(raw: Raw) -> ScanReport {
    let vulnerabilities = raw
        .results
        .unwrap_or_default()
        .into_iter()
        .flat_map(|result| {
            let ecosystem = result.ecosystem();
            result
                .vulnerabilities
                .unwrap_or_default()
                .into_iter()
                .map(move |found| (ecosystem, found))
        })
        .map(|(ecosystem, found)| Vulnerability {
            id: found.id,
            package: found.package,
            installed: found.installed,
            // Trivy lists every fixing version: `1.2.3, 2.0.1`.
            fixed: found.fixed.filter(|fixed| !fixed.trim().is_empty()),
            severity: Level::parse(&found.severity)
                .or_else(|| {
                    let level = found.vendor_severity.get(&found.severity_source)?;
                    [
                        Level::Unknown,
                        Level::Low,
                        Level::Medium,
                        Level::High,
                        Level::Critical,
                    ]
                    .get(usize::from(*level))
                    .copied()
                })
                .unwrap_or(Level::Unknown),
            ecosystem,
        })
        .collect();
    ScanReport {
        format: Format::Trivy,
        tool: "Trivy".to_string(),
        artifact: raw.artifact_name.filter(|name| !name.is_empty()),
        is_image: raw.artifact_type.map(|kind| kind == "container_image"),
        created: raw.created_at,
        vulnerabilities,
    }
}

#[derive(Deserialize)]
struct GrypeMatch {
    vulnerability: GrypeVulnerability,
    artifact: GrypeArtifact,
}

#[derive(Deserialize)]
struct GrypeVulnerability {
    #[serde(default)]
    id: String,
    #[serde(default)]
    severity: String,
    #[serde(default)]
    fix: Option<GrypeFix>,
}

#[derive(Deserialize)]
struct GrypeFix {
    #[serde(default)]
    versions: Vec<String>,
}

#[derive(Deserialize)]
struct GrypeArtifact {
    #[serde(default)]
    name: String,
    #[serde(default)]
    version: String,
    #[serde(rename = "type", default)]
    kind: String,
}

#[derive(Deserialize)]
struct GrypeSource {
    #[serde(rename = "type", default)]
    kind: String,
    target: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct GrypeDescriptor {
    timestamp: Option<String>,
}

fn grype(
    matches: Vec<GrypeMatch>,
    source: Option<GrypeSource>,
    descriptor: Option<GrypeDescriptor>,
) -> ScanReport {
    let vulnerabilities = matches
        .into_iter()
        .map(|found| Vulnerability {
            id: found.vulnerability.id,
            package: found.artifact.name,
            installed: found.artifact.version,
            fixed: found
                .vulnerability
                .fix
                .and_then(|fix| fix.versions.into_iter().next()),
            severity: Level::parse(&found.vulnerability.severity).unwrap_or(Level::Unknown),
            ecosystem: Ecosystem::from_type(&found.artifact.kind),
        })
        .collect();
    let artifact = source.as_ref().and_then(|source| match &source.target {
        Some(serde_json::Value::Object(target)) => target
            .get("userInput")
            .and_then(|input| input.as_str())
            .map(str::to_string),
        Some(serde_json::Value::String(target)) => Some(target.clone()),
        _ => None,
    });
    ScanReport {
        format: Format::Grype,
        tool: "Grype".to_string(),
        artifact,
        is_image: source.map(|source| source.kind == "image"),
        created: descriptor.and_then(|descriptor| descriptor.timestamp),
        vulnerabilities,
    }
}

#[derive(Deserialize)]
struct SarifRun {
    tool: SarifTool,
    #[serde(default)]
    results: Vec<SarifResult>,
}

#[derive(Deserialize)]
struct SarifTool {
    driver: SarifDriver,
}

#[derive(Deserialize)]
struct SarifDriver {
    #[serde(default)]
    name: String,
    #[serde(default)]
    rules: Vec<SarifRule>,
}

#[derive(Deserialize)]
struct SarifRule {
    #[serde(default)]
    id: String,
    #[serde(default)]
    properties: Option<SarifProperties>,
}

#[derive(Deserialize, Default)]
struct SarifProperties {
    #[serde(rename = "security-severity")]
    security_severity: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(rename = "cvssV3_severity")]
    cvss_severity: Option<String>,
    fixed_version: Option<String>,
    #[serde(default)]
    purls: Vec<String>,
}

#[derive(Deserialize)]
struct SarifResult {
    #[serde(rename = "ruleId", default)]
    rule_id: String,
    message: Option<SarifMessage>,
}

#[derive(Deserialize)]
struct SarifMessage {
    #[serde(default)]
    text: String,
}

/// SARIF from container scanners: each result's rule carries the severity
/// (Scout's `cvssV3_severity`, Trivy's tag, or the numeric
/// `security-severity`); the package and versions come from Scout's rule
/// properties or Trivy's message lines (`Package: …`).
fn sarif(runs: Vec<SarifRun>) -> ScanReport {
    let mut tool = String::new();
    let mut vulnerabilities = Vec::new();
    for run in runs {
        if tool.is_empty() {
            tool = run.tool.driver.name.clone();
        }
        for result in run.results {
            let properties = run
                .tool
                .driver
                .rules
                .iter()
                .find(|rule| rule.id == result.rule_id)
                .and_then(|rule| rule.properties.as_ref());
            let default = SarifProperties::default();
            let properties = properties.unwrap_or(&default);
            let message = result
                .message
                .map(|message| message.text)
                .unwrap_or_default();
            let line = |label: &str| {
                message
                    .lines()
                    .find_map(|line| line.trim().strip_prefix(label))
                    .map(|value| value.trim().to_string())
            };
            let severity = properties
                .cvss_severity
                .as_deref()
                .and_then(Level::parse)
                .or_else(|| line("Severity:").as_deref().and_then(Level::parse))
                .or_else(|| properties.tags.iter().find_map(|tag| Level::parse(tag)))
                .or_else(|| {
                    let score: f64 = properties.security_severity.as_deref()?.parse().ok()?;
                    Some(match score {
                        s if s >= 9.0 => Level::Critical,
                        s if s >= 7.0 => Level::High,
                        s if s >= 4.0 => Level::Medium,
                        s if s > 0.0 => Level::Low,
                        _ => Level::Unknown,
                    })
                })
                .unwrap_or(Level::Unknown);
            let ecosystem = properties
                .purls
                .first()
                .and_then(|purl| Ecosystem::from_purl(purl));
            let purl = properties.purls.first().map(|purl| purl_parts(purl));
            vulnerabilities.push(Vulnerability {
                id: result.rule_id,
                package: line("Package:")
                    .or_else(|| purl.as_ref().map(|(name, _)| name.clone()))
                    .unwrap_or_default(),
                installed: line("Installed Version:")
                    .or_else(|| purl.map(|(_, version)| version))
                    .unwrap_or_default(),
                fixed: line("Fixed Version:")
                    .or_else(|| properties.fixed_version.clone())
                    .filter(|fixed| !fixed.is_empty() && fixed != "not fixed"),
                severity,
                ecosystem,
            });
        }
    }
    ScanReport {
        format: Format::Sarif,
        tool,
        artifact: None,
        is_image: None,
        created: None,
        vulnerabilities,
    }
}

/// `pkg:deb/debian/openssl@1.1.1n-0?arch=amd64` → (`openssl`, `1.1.1n-0`).
fn purl_parts(purl: &str) -> (String, String) {
    let purl = purl.split(['?', '#']).next().unwrap_or(purl);
    let (path, version) = purl.rsplit_once('@').unwrap_or((purl, ""));
    let name = path.rsplit('/').next().unwrap_or(path);
    (name.to_string(), version.to_string())
}

#[derive(Deserialize)]
struct GitLabVulnerability {
    #[serde(default)]
    id: String,
    #[serde(default)]
    identifiers: Vec<GitLabIdentifier>,
    #[serde(default)]
    severity: String,
    #[serde(default)]
    solution: Option<String>,
    location: Option<GitLabLocation>,
}

#[derive(Deserialize)]
struct GitLabIdentifier {
    #[serde(default)]
    value: String,
}

#[derive(Deserialize)]
struct GitLabLocation {
    dependency: Option<GitLabDependency>,
    image: Option<String>,
}

#[derive(Deserialize)]
struct GitLabDependency {
    package: Option<GitLabPackage>,
    #[serde(default)]
    version: String,
}

#[derive(Deserialize)]
struct GitLabPackage {
    #[serde(default)]
    name: String,
}

#[derive(Deserialize)]
struct GitLabScan {
    end_time: Option<String>,
    scanner: Option<GitLabScanner>,
}

#[derive(Deserialize)]
struct GitLabScanner {
    #[serde(default)]
    name: String,
}

/// GitLab's report has no fixed-version field: the fix is in `solution`
/// ("Upgrade openssl to 1.1.1n-0+deb11u1").
fn gitlab(vulnerabilities: Vec<GitLabVulnerability>, scan: GitLabScan) -> ScanReport {
    let mut artifact = None;
    let vulnerabilities = vulnerabilities
        .into_iter()
        .map(|found| {
            let location = found.location;
            if artifact.is_none() {
                artifact = location
                    .as_ref()
                    .and_then(|location| location.image.clone());
            }
            let dependency = location.and_then(|location| location.dependency);
            let fixed = found.solution.as_deref().and_then(|solution| {
                let (_, version) = solution.trim().rsplit_once(" to ")?;
                let version = version.trim().trim_end_matches('.');
                (solution
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("upgrade")
                    && !version.is_empty()
                    && !version.contains(' '))
                .then(|| version.to_string())
            });
            Vulnerability {
                id: found
                    .identifiers
                    .into_iter()
                    .next()
                    .map(|identifier| identifier.value)
                    .unwrap_or(found.id),
                package: dependency
                    .as_ref()
                    .and_then(|dependency| dependency.package.as_ref())
                    .map(|package| package.name.clone())
                    .unwrap_or_default(),
                installed: dependency
                    .map(|dependency| dependency.version)
                    .unwrap_or_default(),
                fixed,
                severity: Level::parse(&found.severity).unwrap_or(Level::Unknown),
                // The report names no package manager.
                ecosystem: None,
            }
        })
        .collect();
    ScanReport {
        format: Format::GitLab,
        tool: scan
            .scanner
            .map(|scanner| scanner.name)
            .unwrap_or_else(|| "GitLab container scanning".to_string()),
        artifact,
        is_image: Some(true),
        created: scan.end_time,
        vulnerabilities,
    }
}

/// Counts by severity, and how many of each have a fixed version.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct Counts {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    /// Negligible and unknown.
    pub other: usize,
    pub critical_fixable: usize,
    pub high_fixable: usize,
}

impl Counts {
    /// Counts one more vulnerability.
    pub fn add(&mut self, vulnerability: &Vulnerability) {
        let fixable = usize::from(vulnerability.fixed.is_some());
        match vulnerability.severity {
            Level::Critical => {
                self.critical += 1;
                self.critical_fixable += fixable;
            }
            Level::High => {
                self.high += 1;
                self.high_fixable += fixable;
            }
            Level::Medium => self.medium += 1,
            Level::Low => self.low += 1,
            Level::Negligible | Level::Unknown => self.other += 1,
        }
    }
}

impl ScanReport {
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for vulnerability in &self.vulnerabilities {
            counts.add(vulnerability);
        }
        counts
    }
}
