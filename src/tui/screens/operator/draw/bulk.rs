//! A bulk action drawn: its menu, the group to choose, who it reaches, its run and results.

use super::*;

pub(super) fn render(
    screen: &OperatorScreen,
    pane: &super::super::BulkPane,
    scroll: &Scroll,
    areas: &Areas,
    buf: &mut Buffer,
    cx: &Cx,
) {
    use super::super::Stage;
    use crate::flows::bulk::Outcome;
    let theme = cx.theme;
    let who = match &pane.who {
        super::super::Who::Marked(names) => format!("{} marked users", names.len()),
        super::super::Who::AllMatching => match &screen.users.filter {
            Some(f) => format!("everyone matching {f}"),
            None if screen.users.scan.is_some() => "everyone the scan found".to_string(),
            None => "every user of the pool".to_string(),
        },
    };
    let width = usize::from(areas.list.width);
    let list_of =
        |items: Vec<(String, ratatui::style::Style)>, selected: usize| -> Vec<Line<'static>> {
            let rows = Rows::new(items.len()).stopping();
            rows.shown(selected, areas.list, scroll)
                .map(|(i, _)| {
                    let (text, style) = &items[i];
                    let chosen = i == selected;
                    Line::from(vec![
                        Span::raw(if chosen { "› " } else { "  " }),
                        Span::styled(
                            fit(text, width.saturating_sub(2)),
                            if chosen { theme.selected() } else { *style },
                        ),
                    ])
                })
                .collect()
        };
    let (info, lines, note) = match &pane.stage {
        Stage::Menu { selected } => (
            format!("Bulk action for {who}"),
            list_of(
                super::super::bulk::MENU
                    .iter()
                    .map(|m| (m.to_string(), theme.text()))
                    .collect(),
                *selected,
            ),
            format!(
                "{} chooses · Esc cancels",
                key(cx, Context::Bulk, Command::OpenRow)
            ),
        ),
        Stage::Group { join, selected } => (
            format!(
                "{} which group? ({who})",
                if *join { "Add to" } else { "Remove from" }
            ),
            if screen.groups.loading {
                vec![Line::from(Span::styled(
                    "listing the groups…",
                    theme.muted(),
                ))]
            } else {
                list_of(
                    screen
                        .groups
                        .groups
                        .iter()
                        .map(|g| (g.name.clone(), theme.text()))
                        .collect(),
                    *selected,
                )
            },
            format!(
                "{} chooses · Esc cancels",
                key(cx, Context::Bulk, Command::OpenRow)
            ),
        ),
        Stage::Collecting { action } => (
            format!("{}: collecting {who}…", action.words()),
            Vec::new(),
            "Esc cancels".to_string(),
        ),
        Stage::Preview {
            action,
            plan,
            selected,
        } => {
            let mut items: Vec<(String, ratatui::style::Style)> = plan
                .targets
                .iter()
                .map(|u| (u.clone(), theme.text()))
                .collect();
            items.extend(
                plan.protected
                    .iter()
                    .map(|u| (format!("{u}  (protected: left alone)"), theme.muted())),
            );
            (
                format!(
                    "{} {} users{}",
                    capital(&action.words()),
                    plan.targets.len(),
                    if plan.protected.is_empty() {
                        String::new()
                    } else {
                        format!(", {} protected left alone", plan.protected.len())
                    }
                ),
                list_of(items, *selected),
                format!(
                    "{} runs · {} dry run · Esc cancels · protected: {}",
                    key(cx, Context::BulkPreview, Command::RunBulk),
                    key(cx, Context::BulkPreview, Command::DryRun),
                    if screen.protected.patterns().is_empty() {
                        "none (profiles.toml protected_users)".to_string()
                    } else {
                        screen.protected.patterns().join(", ")
                    }
                ),
            )
        }
        Stage::Running {
            action, dry_run, ..
        } => {
            let (done, total) = pane.progress().unwrap_or((0, 0));
            let bar_width = width.saturating_sub(12).max(4);
            let filled = (done * bar_width).checked_div(total).unwrap_or(0);
            let bar = format!(
                "[{}{}] {done}/{total}",
                "█".repeat(filled),
                "░".repeat(bar_width - filled)
            );
            (
                format!(
                    "{}{}…",
                    if *dry_run { "dry run: " } else { "" },
                    action.words()
                ),
                vec![Line::from(Span::styled(bar, theme.key()))],
                "Esc stops after the user in progress".to_string(),
            )
        }
        Stage::Done {
            action,
            results,
            dry_run,
            selected,
        } => {
            let items = results
                .iter()
                .map(|(u, o)| match o {
                    Outcome::Done => (format!("✓ {u}"), theme.success()),
                    Outcome::WouldDo => (format!("· {u}  would be done"), theme.text()),
                    Outcome::NotStarted => (format!("– {u}  not started"), theme.muted()),
                    Outcome::Failed(why) => (format!("✗ {u}  {why}"), theme.error()),
                })
                .collect();
            (
                format!(
                    "{}{}: {}",
                    if *dry_run { "Dry run, " } else { "" },
                    action.words(),
                    crate::flows::bulk::summary(results)
                ),
                list_of(items, *selected),
                format!("{} or Esc closes", key(cx, Context::Bulk, Command::OpenRow)),
            )
        }
    };
    Line::from(Span::styled(info, theme.title(true))).render(areas.info, buf);
    Paragraph::new(lines).render(areas.list, buf);
    Line::from(Span::styled(note, theme.muted())).render(areas.note, buf);
}
