//! The doctor: risky settings of a pool and its app clients, each rule with a stable id, a
//! severity, one line of why, where the rule comes from, and the exact aws CLI command that
//! fixes it. The command is shown, never run: UpdateUserPool and UpdateUserPoolClient reset
//! every setting they are not given, so each fix carries the whole current configuration with
//! the one change.

mod client_rules;
mod fix;
mod pool_rules;

use serde::Serialize;

use super::{ClientConfig, PoolConfig};

/// How much a finding matters; `--fail-on` compares against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        }
    }
}

/// Rule profiles, because the standards disagree (composition rules above all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// AWS's own baseline: Security Hub's Cognito controls and Prowler's checks (character
    /// classes required).
    AwsBaseline,
    /// OWASP ASVS: length over composition, short sessions.
    Asvs,
    /// Every rule.
    All,
}

impl Profile {
    pub fn name(self) -> &'static str {
        match self {
            Self::AwsBaseline => "aws-baseline",
            Self::Asvs => "asvs",
            Self::All => "all",
        }
    }
}

/// What a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Pool,
    /// Each app client.
    Client,
}

/// What a rule is given.
pub struct Subject<'a> {
    pub config: &'a PoolConfig,
    /// The app client, for client rules.
    pub client: Option<&'a ClientConfig>,
}

/// A rule's verdict on one subject: what is wrong, and the command that fixes it.
pub struct Hit {
    pub detail: String,
    pub fix: String,
}

pub struct Rule {
    pub id: &'static str,
    pub scope: Scope,
    pub severity: Severity,
    /// The profiles that flag it (every rule is in "all").
    pub profiles: &'static [Profile],
    pub title: &'static str,
    pub why: &'static str,
    /// The published rules it draws on.
    pub source: &'static str,
    pub check: fn(&Subject<'_>) -> Option<Hit>,
}

impl Rule {
    pub fn in_profile(&self, profile: Profile) -> bool {
        profile == Profile::All || self.profiles.contains(&profile)
    }

    pub fn profile_names(&self) -> Vec<&'static str> {
        self.profiles.iter().map(|p| p.name()).collect()
    }
}

/// Every rule, pool rules first.
pub fn rules() -> impl Iterator<Item = &'static Rule> {
    pool_rules::RULES.iter().chain(client_rules::RULES)
}

/// One thing the doctor found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// "pool", or "client <name> (<id>)".
    pub subject: String,
    pub title: &'static str,
    pub why: &'static str,
    pub detail: String,
    pub profiles: Vec<&'static str>,
    pub source: &'static str,
    /// The aws CLI command that would fix it (never run by cognito-tui).
    pub fix: String,
}

/// The findings of `profile`'s rules, most severe first (rule order within a severity).
pub fn examine(config: &PoolConfig, profile: Profile) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in rules().filter(|r| r.in_profile(profile)) {
        let subjects: Vec<Subject<'_>> = match rule.scope {
            Scope::Pool => vec![Subject {
                config,
                client: None,
            }],
            Scope::Client => config
                .clients
                .iter()
                .map(|c| Subject {
                    config,
                    client: Some(c),
                })
                .collect(),
        };
        for subject in subjects {
            if let Some(hit) = (rule.check)(&subject) {
                out.push(Finding {
                    rule: rule.id,
                    severity: rule.severity,
                    subject: match subject.client {
                        Some(c) => format!("client {} ({})", c.name(), c.id()),
                        None => "pool".into(),
                    },
                    title: rule.title,
                    why: rule.why,
                    detail: hit.detail,
                    profiles: rule.profile_names(),
                    source: rule.source,
                    fix: hit.fix,
                });
            }
        }
    }
    out.sort_by_key(|f| std::cmp::Reverse(f.severity));
    out
}

/// Whether any finding reaches `threshold`.
pub fn fails(findings: &[Finding], threshold: Severity) -> bool {
    findings.iter().any(|f| f.severity >= threshold)
}

/// The findings as text: one block per finding, then a count by severity.
pub fn text(config: &PoolConfig, profile: Profile, findings: &[Finding]) -> String {
    let mut out = format!(
        "doctor: pool {} ({}), rules: {}\n",
        config.pool_id(),
        config.pool_name(),
        profile.name()
    );
    for note in &config.notes {
        out.push_str(&format!("note: not read: {note}\n"));
    }
    if findings.is_empty() {
        out.push_str("no findings\n");
        return out;
    }
    for f in findings {
        out.push_str(&format!(
            "\n[{}] {}  {} — {}\n  {}\n  why: {}\n  flagged by: {} ({})\n  fix: {}\n",
            f.severity.name().to_uppercase(),
            f.rule,
            f.subject,
            f.title,
            f.detail,
            f.why,
            f.profiles.join(", "),
            f.source,
            f.fix
        ));
    }
    out.push_str(&format!(
        "\n{} findings: {}\n",
        findings.len(),
        summary(findings)
    ));
    out
}

/// "1 high, 4 medium, 1 low", most severe first; "nothing found" for none.
pub fn summary(findings: &[Finding]) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let parts: Vec<String> = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ]
    .into_iter()
    .filter(|s| count(*s) > 0)
    .map(|s| format!("{} {}", count(s), s.name()))
    .collect();
    if parts.is_empty() {
        "nothing found".into()
    } else {
        parts.join(", ")
    }
}

/// The rule table as Markdown, for the README (a test keeps the README's copy equal).
pub fn rule_table_markdown() -> String {
    let mut out = String::from(
        "| id | applies to | severity | profiles | what it flags | drawn from |\n|---|---|---|---|---|---|\n",
    );
    for r in rules() {
        let profiles = if r.profiles.is_empty() {
            "all only".to_string()
        } else {
            r.profile_names().join(", ")
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            r.id,
            match r.scope {
                Scope::Pool => "pool",
                Scope::Client => "app client",
            },
            r.severity.name(),
            profiles,
            r.title,
            r.source
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_there_are_at_least_25_rules() {
        let ids: Vec<&str> = rules().map(|r| r.id).collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "duplicate rule id");
        assert!(ids.len() >= 25, "{} rules", ids.len());
    }

    #[test]
    fn the_readme_lists_exactly_these_rules() {
        let readme = include_str!("../../../README.md");
        let start =
            "<!-- doctor rules: generated from src/pool_config/doctor, do not edit by hand -->\n";
        let listed = readme
            .split_once(start)
            .and_then(|(_, rest)| rest.split_once("<!-- end of doctor rules -->"))
            .map(|(table, _)| table)
            .expect("the README has the generated rule table");
        let expected = rule_table_markdown();
        assert!(
            listed == expected,
            "README.md's rule table is stale; replace it with:\n{expected}"
        );
    }

    #[test]
    fn severities_order_for_fail_on() {
        assert!(Severity::High > Severity::Medium);
        assert!(Severity::Info < Severity::Low);
    }
}
