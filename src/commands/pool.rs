//! `pool show`, `pool diff`, `pool export` and `doctor`: the pool-configuration face for shells
//! and CI. Each reads the whole configuration once (`Operator::read_config`) and hands it to
//! `pool_config`, which the TUI's Pool and Doctor tabs use too.

use super::operator::{Opened, json, open};
use super::{CommandError, Threads, runtime};
use crate::cli::{DoctorArgs, PoolAction, PoolArgs};
use crate::pool_config::{PoolConfig, diff, doctor, export, show};

async fn read(args: &PoolArgs) -> Result<(PoolConfig, Opened), CommandError> {
    let opened = open(args).await?;
    let config = opened.operator.read_config().await?;
    Ok((config, opened))
}

/// `PoolConfig` as `pool show --json` prints it.
fn config_json(config: &PoolConfig) -> serde_json::Value {
    serde_json::json!({
        "UserPool": config.pool,
        "MfaConfig": config.mfa,
        "RiskConfiguration": config.risk,
        "DomainDescription": config.domain,
        "UserPoolClients": config.clients.iter().map(|c| {
            let mut settings = c.settings.clone();
            settings.insert("HasClientSecret".into(), c.has_secret.into());
            if let Some(risk) = &c.risk {
                settings.insert("RiskConfiguration".into(), serde_json::Value::Object(risk.clone()));
            }
            serde_json::Value::Object(settings)
        }).collect::<Vec<_>>(),
        "Groups": config.groups,
        "NotRead": config.notes,
    })
}

pub fn run(action: PoolAction) -> Result<String, CommandError> {
    runtime(Threads::One)?.block_on(async {
        match action {
            PoolAction::Show {
                pool,
                json: as_json,
                reveal_secret,
            } => {
                let (config, opened) = read(&pool).await?;
                let mut out = if as_json {
                    json(&config_json(&config))?
                } else {
                    show::text_of(&config)
                };
                if let Some(client_id) = reveal_secret {
                    let secret = opened.operator.app_client_secret(&client_id).await?;
                    let shown = secret
                        .as_ref()
                        .map_or("(none: a public client)", |s| s.expose());
                    out.push_str(&format!("\nsecret of app client {client_id}: {shown}"));
                }
                Ok(out.trim_end().to_string())
            }
            PoolAction::Export { pool } => {
                let (config, _opened) = read(&pool).await?;
                export::to_toml(&config).map_err(CommandError::Refused)
            }
            PoolAction::Diff {
                profile,
                json: as_json,
            } => {
                let [left, right] = profile.as_slice() else {
                    return Err(CommandError::Refused(format!(
                        "pool diff compares two pools: give --profile twice (got {})",
                        profile.len()
                    )));
                };
                let a = read(&PoolArgs {
                    profile: Some(left.clone()),
                })
                .await?;
                let b = read(&PoolArgs {
                    profile: Some(right.clone()),
                })
                .await?;
                let differences = diff::diff(&a.0, &b.0);
                if as_json {
                    return json(&differences);
                }
                Ok(diff::text((&a.1.label, &b.1.label), &differences)
                    .trim_end()
                    .to_string())
            }
        }
    })
}

pub fn doctor(args: DoctorArgs) -> Result<String, CommandError> {
    runtime(Threads::One)?.block_on(async {
        let (config, _opened) = read(&args.pool).await?;
        let findings = doctor::examine(&config, args.rules);
        let out = if args.json {
            json(&serde_json::json!({
                "UserPoolId": config.pool_id(),
                "Rules": args.rules,
                "Findings": findings,
                "NotRead": config.notes,
            }))?
        } else {
            doctor::text(&config, args.rules, &findings)
                .trim_end()
                .to_string()
        };
        match args.fail_on {
            Some(threshold) if doctor::fails(&findings, threshold) => Err(CommandError::Gate {
                output: out,
                reason: format!(
                    "{} finding(s) at or above {}",
                    findings.iter().filter(|f| f.severity >= threshold).count(),
                    threshold.name()
                ),
                code: 2,
            }),
            _ => Ok(out),
        }
    })
}
