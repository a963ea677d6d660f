//! Drawing the configuration face: the tab bar, the current tab's list, the selected row's
//! detail and a note line. `layout` is shared with clicks, so a click hits what was drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::{Comparison, PoolConfigScreen, PoolRow, Tab};
use crate::pool_config::doctor::Severity;
use crate::tui::keymap::{Command, Context};
use crate::tui::screens::Cx;
use crate::tui::theme::Theme;
use crate::tui::widgets::list::{Rows, Scroll};
use crate::tui::widgets::{fit, tabs};

pub struct Areas {
    pub tabs: Rect,
    pub list: Rect,
    pub detail: Rect,
    pub note: Rect,
}

/// The areas inside the screen's border.
pub fn layout(area: Rect, tab: Tab) -> Areas {
    let inner = Block::bordered().inner(area);
    // The detail takes about a third (the doctor's, which explains, a half), at least three lines.
    let share = if tab == Tab::Doctor { 2 } else { 3 };
    let detail = (inner.height / share).max(3);
    let [tabs, list, detail, note] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(detail),
        Constraint::Length(1),
    ])
    .areas(inner);
    Areas {
        tabs,
        list,
        detail,
        note,
    }
}

/// The tab whose title is under (`column`, `row`).
pub fn tab_at(area: Rect, column: u16, row: u16) -> Option<Tab> {
    let titles = Tab::ALL.map(Tab::title);
    tabs::at(area, &titles, column, row).map(|i| Tab::ALL[i])
}

fn severity_style(severity: Severity, theme: &Theme) -> Style {
    match severity {
        Severity::Critical | Severity::High => theme.error(),
        Severity::Medium => theme.key(),
        Severity::Low | Severity::Info => theme.muted(),
    }
}

pub fn render(screen: &PoolConfigScreen, scroll: &Scroll, area: Rect, buf: &mut Buffer, cx: &Cx) {
    let theme = cx.theme;
    let block = Block::bordered()
        .title(Span::styled(
            format!(" Pool configuration · {} · read only ", screen.label),
            theme.title(true),
        ))
        .border_style(theme.border(true));
    block.render(area, buf);
    let areas = layout(area, screen.tab);

    let selected = Tab::ALL.iter().position(|t| *t == screen.tab).unwrap_or(0);
    tabs::bar(&Tab::ALL.map(Tab::title), selected, theme).render(areas.tabs, buf);

    let width = usize::from(areas.list.width);
    let keys = Keys::of(cx);
    let (lines, detail, note) = match screen.tab {
        Tab::Pool => pool_tab(screen, scroll, &areas, width, theme, &keys),
        Tab::Doctor => doctor_tab(screen, scroll, &areas, width, theme, &keys),
        Tab::Diff => diff_tab(screen, scroll, &areas, width, theme, &keys),
    };
    Paragraph::new(lines).render(areas.list, buf);
    Paragraph::new(detail)
        .wrap(Wrap { trim: false })
        .block(
            Block::new()
                .borders(ratatui::widgets::Borders::TOP)
                .border_style(theme.border(false)),
        )
        .render(areas.detail, buf);
    let note = match &screen.error {
        Some(e) => Line::from(Span::styled(e.clone(), theme.error())),
        None => note,
    };
    Paragraph::new(note).render(areas.note, buf);
}

type Drawn = (Vec<Line<'static>>, Vec<Line<'static>>, Line<'static>);

/// The keys the tabs' notes name, as bound.
struct Keys {
    reveal: String,
    copy: String,
    rules: String,
    compare: String,
    reload: String,
}

impl Keys {
    fn of(cx: &Cx) -> Self {
        let key = |command| {
            let context = match command {
                Command::RevealSecret => Context::PoolSettings,
                Command::RuleProfile => Context::PoolDoctor,
                Command::Compare => Context::PoolDiff,
                _ => Context::PoolSettings,
            };
            cx.key(context, command)
                .unwrap_or_else(|| "(unbound)".into())
        };
        Self {
            reveal: key(Command::RevealSecret),
            copy: key(Command::Copy),
            rules: key(Command::RuleProfile),
            compare: key(Command::Compare),
            reload: key(Command::Reload),
        }
    }
}

/// The list's placeholder while nothing is read, or the reason it could not be.
fn waiting(screen: &PoolConfigScreen, theme: &Theme, keys: &Keys) -> Option<Drawn> {
    if screen.config.is_some() {
        return None;
    }
    let text = if screen.loading || screen.error.is_none() {
        "Reading the pool's configuration…".to_string()
    } else {
        format!(
            "The configuration could not be read ({} tries again).",
            keys.reload
        )
    };
    Some((
        vec![Line::from(Span::styled(text, theme.muted()))],
        Vec::new(),
        Line::default(),
    ))
}

fn marker(chosen: bool) -> &'static str {
    if chosen { "› " } else { "  " }
}

fn pool_tab(
    screen: &PoolConfigScreen,
    scroll: &Scroll,
    areas: &Areas,
    width: usize,
    theme: &Theme,
    keys: &Keys,
) -> Drawn {
    if let Some(drawn) = waiting(screen, theme, keys) {
        return drawn;
    }
    let selected = screen.selected();
    let rows = Rows::new(screen.pool_rows.len()).stopping();
    let longest = screen
        .pool_rows
        .iter()
        .filter_map(|r| match r {
            PoolRow::Setting { label, .. } => Some(label.chars().count()),
            PoolRow::Heading(_) => None,
        })
        .max()
        .unwrap_or(12);
    let label_width = longest.min(width * 2 / 5).max(8);
    let mut lines = Vec::new();
    for (i, _) in rows.shown(selected, areas.list, scroll) {
        let chosen = i == selected;
        let line = match &screen.pool_rows[i] {
            PoolRow::Heading(title) => Line::from(vec![
                Span::raw(marker(chosen)),
                Span::styled(fit(title, width.saturating_sub(2)), theme.title(chosen)),
            ]),
            PoolRow::Setting { label, value, .. } => {
                let value_width = width.saturating_sub(label_width + 4);
                let style = if chosen {
                    theme.selected()
                } else {
                    theme.text()
                };
                Line::from(vec![
                    Span::raw(marker(chosen)),
                    Span::styled(
                        format!("{:<label_width$}  ", fit(label, label_width)),
                        theme.muted(),
                    ),
                    Span::styled(fit(value, value_width), style),
                ])
            }
        };
        lines.push(line);
    }
    let detail = match screen.pool_rows.get(selected) {
        Some(PoolRow::Setting {
            label,
            name,
            value,
            client,
        }) => {
            let secret = screen.revealed.as_ref().filter(|(id, _)| {
                name == "ClientSecret"
                    && client
                        .and_then(|c| screen.config.as_ref()?.clients.get(c))
                        .is_some_and(|c| c.id() == id)
            });
            let shown = match secret {
                Some((_, s)) => s.expose().to_string(),
                None => value.clone(),
            };
            vec![
                Line::from(vec![
                    Span::styled(label.clone(), theme.text()),
                    Span::styled(format!("  [{name}]"), theme.muted()),
                ]),
                Line::from(Span::styled(shown, theme.key())),
            ]
        }
        Some(PoolRow::Heading(title)) => {
            vec![Line::from(Span::styled(title.clone(), theme.muted()))]
        }
        None => Vec::new(),
    };
    let note = Line::from(Span::styled(
        format!(
            "{} on a client's row: its secret · {} copies the value",
            keys.reveal, keys.copy
        ),
        theme.muted(),
    ));
    (lines, detail, note)
}

fn doctor_tab(
    screen: &PoolConfigScreen,
    scroll: &Scroll,
    areas: &Areas,
    width: usize,
    theme: &Theme,
    keys: &Keys,
) -> Drawn {
    if let Some(drawn) = waiting(screen, theme, keys) {
        return drawn;
    }
    let selected = screen.selected();
    let rows = Rows::new(screen.findings.len()).stopping();
    let mut lines = Vec::new();
    if screen.findings.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("No findings under the {} rules.", screen.profile.name()),
            theme.success(),
        )));
    }
    for (i, _) in rows.shown(selected, areas.list, scroll) {
        let f = &screen.findings[i];
        let chosen = i == selected;
        let rest = width.saturating_sub(2 + 9);
        let text = fit(&format!("{}  {}", f.rule, f.subject), rest);
        lines.push(Line::from(vec![
            Span::raw(marker(chosen)),
            Span::styled(
                format!("{:<9}", f.severity.name().to_uppercase()),
                severity_style(f.severity, theme),
            ),
            Span::styled(
                text,
                if chosen {
                    theme.selected()
                } else {
                    theme.text()
                },
            ),
        ]));
    }
    // The fix is a whole request: one line of it here, all of it on the clipboard.
    let fix_width = usize::from(areas.detail.width);
    let detail = match screen.findings.get(selected) {
        Some(f) => vec![
            Line::from(Span::styled(
                fit(
                    &format!("Fix ({} copies it): {}", keys.copy, f.fix),
                    fix_width,
                ),
                theme.key(),
            )),
            Line::from(Span::styled(
                format!("{}: {}", f.subject, f.detail),
                theme.text(),
            )),
            Line::from(Span::styled(format!("Why: {}", f.why), theme.muted())),
            Line::from(Span::styled(
                format!("Flagged by {} ({})", f.profiles.join(", "), f.source),
                theme.muted(),
            )),
        ],
        None => Vec::new(),
    };
    let note = Line::from(Span::styled(
        format!(
            "Rules: {} ({} changes) · {}",
            screen.profile.name(),
            keys.rules,
            crate::pool_config::doctor::summary(&screen.findings)
        ),
        theme.muted(),
    ));
    (lines, detail, note)
}

fn diff_tab(
    screen: &PoolConfigScreen,
    scroll: &Scroll,
    areas: &Areas,
    width: usize,
    theme: &Theme,
    keys: &Keys,
) -> Drawn {
    let selected = screen.selected();
    let muted = |text: String| Line::from(Span::styled(text, theme.muted()));
    match &screen.comparison {
        Comparison::Choosing => {
            if screen.others.is_empty() {
                return (
                    vec![muted(
                        "No other pool to compare with: save another profile in the picker.".into(),
                    )],
                    Vec::new(),
                    Line::default(),
                );
            }
            let rows = Rows::new(screen.others.len()).stopping();
            let lines = rows
                .shown(selected, areas.list, scroll)
                .map(|(i, _)| {
                    let chosen = i == selected;
                    Line::from(vec![
                        Span::raw(marker(chosen)),
                        Span::styled(
                            fit(&screen.others[i].label, width.saturating_sub(2)),
                            if chosen {
                                theme.selected()
                            } else {
                                theme.text()
                            },
                        ),
                    ])
                })
                .collect();
            (
                lines,
                vec![muted(format!(
                    "{} compares {} with the selected pool: every setting that differs, app clients matched by name.",
                    keys.compare, screen.label
                ))],
                muted("Left out: ids, dates, secrets, ARNs' account and region.".into()),
            )
        }
        Comparison::Reading(label) => (
            vec![muted(format!("Reading {label}…"))],
            Vec::new(),
            Line::default(),
        ),
        Comparison::Failed(reason) => (
            vec![Line::from(Span::styled(reason.clone(), theme.error()))],
            Vec::new(),
            muted(format!("{} chooses another pool.", keys.compare)),
        ),
        Comparison::Done { label, differences } => {
            if differences.is_empty() {
                return (
                    vec![Line::from(Span::styled(
                        format!("No difference between {} and {label}.", screen.label),
                        theme.success(),
                    ))],
                    Vec::new(),
                    muted(format!("{} chooses another pool.", keys.compare)),
                );
            }
            let rows = Rows::new(differences.len()).stopping();
            let lines = rows
                .shown(selected, areas.list, scroll)
                .map(|(i, _)| {
                    let chosen = i == selected;
                    Line::from(vec![
                        Span::raw(marker(chosen)),
                        Span::styled(
                            fit(&differences[i].path, width.saturating_sub(2)),
                            if chosen {
                                theme.selected()
                            } else {
                                theme.text()
                            },
                        ),
                    ])
                })
                .collect();
            let shown = |v: &Option<serde_json::Value>| {
                v.as_ref()
                    .map_or("(not set)".to_string(), ToString::to_string)
            };
            let detail = differences
                .get(selected)
                .map(|d| {
                    vec![
                        Line::from(vec![
                            Span::styled(format!("{}: ", screen.label), theme.muted()),
                            Span::styled(shown(&d.left), theme.text()),
                        ]),
                        Line::from(vec![
                            Span::styled(format!("{label}: "), theme.muted()),
                            Span::styled(shown(&d.right), theme.key()),
                        ]),
                    ]
                })
                .unwrap_or_default();
            (
                lines,
                detail,
                muted(format!(
                    "{} settings differ from {label} · {} chooses another pool",
                    differences.len(),
                    keys.compare
                )),
            )
        }
    }
}
