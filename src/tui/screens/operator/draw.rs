//! Drawing the operator face: tab bar, a line about what is loaded, the table (or a user's
//! detail, or a group's members), the search form over the table, and a note line. `layout` is
//! shared with clicks.

mod bulk;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::{OperatorScreen, Tab, case_sensitive};
use crate::service::admin::UserSummary;
use crate::tui::keymap::{Command, Context};
use crate::tui::screens::Cx;
use crate::tui::widgets::list::{Rows, Scroll};
use crate::tui::widgets::{fit, tabs};

pub struct Areas {
    pub tabs: Rect,
    pub info: Rect,
    pub list: Rect,
    pub note: Rect,
}

pub fn layout(area: Rect) -> Areas {
    let inner = Block::bordered().inner(area);
    let [tabs, info, list, note] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    Areas {
        tabs,
        info,
        list,
        note,
    }
}

/// The users table's header line and its rows, inside the list area.
pub fn users_table(list: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(list)
}

const TABS: [(Tab, &str); 2] = [(Tab::Users, "Users"), (Tab::Groups, "Groups")];

pub fn tab_at(area: Rect, column: u16, row: u16) -> Option<Tab> {
    let titles = TABS.map(|(_, t)| t);
    tabs::at(area, &titles, column, row).map(|i| TABS[i].0)
}

fn key(cx: &Cx, context: Context, command: Command) -> String {
    cx.key(context, command)
        .unwrap_or_else(|| "(unbound)".into())
}

fn date(t: Option<time::OffsetDateTime>) -> String {
    t.map(|t| format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()))
        .unwrap_or_default()
}

fn email(u: &UserSummary) -> String {
    match u.attributes.get("email") {
        Some(e)
            if u.attributes
                .get("email_verified")
                .is_some_and(|v| v == "true") =>
        {
            format!("{e} ✓")
        }
        Some(e) => e.clone(),
        None => String::new(),
    }
}

pub fn render(
    screen: &OperatorScreen,
    scroll: &[Scroll; 5],
    area: Rect,
    buf: &mut Buffer,
    cx: &Cx,
) {
    let theme = cx.theme;
    Block::bordered()
        .title(Span::styled(
            format!(" Users and groups · {} ", screen.label),
            theme.title(true),
        ))
        .border_style(theme.border(true))
        .render(area, buf);
    let areas = layout(area);
    let selected = TABS.iter().position(|(t, _)| *t == screen.tab).unwrap_or(0);
    tabs::bar(&TABS.map(|(_, t)| t), selected, theme).render(areas.tabs, buf);

    if let Some(pane) = &screen.bulk {
        bulk::render(screen, pane, &scroll[4], &areas, buf, cx);
    } else if let Some(pane) = &screen.detail {
        detail(screen, pane, scroll, &areas, buf, cx);
    } else {
        match screen.tab {
            Tab::Users => users(screen, &scroll[0], &areas, buf, cx),
            Tab::Groups => groups(screen, scroll, &areas, buf, cx),
        }
    }
    if let Some(e) = &screen.error {
        Line::from(Span::styled(e.clone(), theme.error())).render(areas.note, buf);
    }
    if screen.users.search.is_some() {
        search(screen, areas.list, buf, cx);
    }
    if let Some(field) = &screen.users.choosing {
        let theme = cx.theme;
        let area = Rect::new(
            areas.list.x,
            areas.list.y,
            areas.list.width,
            5.min(areas.list.height),
        );
        Clear.render(area, buf);
        let block = Block::bordered()
            .title(Span::styled(" Extra columns ", theme.title(true)))
            .border_style(theme.border(true));
        let inner = block.inner(area);
        block.render(area, buf);
        let [value, note] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(inner);
        field.render(value, buf, theme, true);
        Paragraph::new(Line::from(Span::styled(
            "Attributes, comma-separated (a bare name not standard means custom:name); empty: none.",
            theme.muted(),
        )))
        .wrap(Wrap { trim: true })
        .render(note, buf);
    }
}

fn users(screen: &OperatorScreen, scroll: &Scroll, areas: &Areas, buf: &mut Buffer, cx: &Cx) {
    let theme = cx.theme;
    let tab = &screen.users;
    let mut info = match &tab.scan {
        Some(run) => vec![
            Span::styled(run.words(), theme.muted()),
            Span::styled(format!(" · scan {}", run.query), theme.key()),
        ],
        None => vec![Span::styled(tab.counter(), theme.muted())],
    };
    if let Some(filter) = &tab.filter {
        info.push(Span::styled(format!(" · filter {filter}"), theme.key()));
    }
    if tab.all_matching {
        info.push(Span::styled(" · all matching marked", theme.key()));
    } else if !tab.marked.is_empty() {
        info.push(Span::styled(
            format!(" · {} marked", tab.marked.len()),
            theme.key(),
        ));
    }
    if let Some((column, descending)) = tab.sort {
        info.push(Span::styled(
            format!(
                " · sorted by {} {} (the loaded users)",
                column.title(),
                if descending { "▼" } else { "▲" }
            ),
            theme.muted(),
        ));
    }
    Line::from(info).render(areas.info, buf);

    let width = usize::from(areas.list.width);
    let extra_w = 12;
    let extras = tab.columns.len();
    let wide = width >= 76 + extras * (extra_w + 2);
    // marker 2 · username · email · status 12 · enabled 3 · extra columns · created 10
    let name_w = 14.min(width / 4);
    let fixed =
        2 + name_w + 2 + 12 + 2 + 3 + extras * (extra_w + 2) + if wide { 2 + 10 } else { 0 };
    let email_w = width.saturating_sub(fixed + 2).max(6);
    let [head, list] = users_table(areas.list);
    let mut header = format!(
        "  {:<name_w$}  {:<email_w$}  {:<12}  {:<3}",
        "Username", "Email", "Status", "On"
    );
    for column in &tab.columns {
        header.push_str(&format!(
            "  {:<extra_w$}",
            fit(column.strip_prefix("custom:").unwrap_or(column), extra_w)
        ));
    }
    if wide {
        header.push_str(&format!("  {:<10}", "Created"));
    }
    Line::from(Span::styled(header, theme.muted())).render(head, buf);
    if tab.users.is_empty() {
        let text = if tab.scan.as_ref().is_some_and(|r| r.running()) {
            "Scanning: matches appear here as they are found.".to_string()
        } else if tab.scan.is_some() {
            "No user matches the scan.".to_string()
        } else if tab.loading {
            "Listing the users…".to_string()
        } else if tab.filter.is_some() {
            format!(
                "No user matches. {} changes the search.",
                key(cx, Context::Users, Command::Search)
            )
        } else {
            "The pool has no users.".to_string()
        };
        Line::from(Span::styled(text, theme.muted())).render(list, buf);
    }
    let rows = Rows::new(tab.users.len()).stopping();
    let mut lines = Vec::new();
    for (i, _) in rows.shown(tab.selected, list, scroll) {
        let u = &tab.users[i];
        let chosen = i == tab.selected;
        let style = if chosen {
            theme.selected()
        } else {
            theme.text()
        };
        let mut text = format!(
            "{:<name_w$}  {:<email_w$}  {:<12}  {:<3}",
            fit(&u.username, name_w),
            fit(&email(u), email_w),
            fit(u.status.as_str(), 12),
            if u.enabled { "yes" } else { "no" }
        );
        for column in &tab.columns {
            let value = u.attributes.get(column).map_or("", String::as_str);
            text.push_str(&format!("  {:<extra_w$}", fit(value, extra_w)));
        }
        if wide {
            text.push_str(&format!("  {:<10}", date(u.created)));
        }
        let marked = tab.all_matching || tab.marked.contains(&u.username);
        let marker = match (chosen, marked) {
            (true, true) => "›●",
            (false, true) => " ●",
            (true, false) => "› ",
            (false, false) => "  ",
        };
        lines.push(Line::from(vec![
            Span::raw(marker),
            Span::styled(text, style),
        ]));
    }
    Paragraph::new(lines).render(list, buf);
    let note = format!(
        "{} sorts · {} new · {} marks, {} all · {} bulk · {} export, {} import · {} columns",
        key(cx, Context::Users, Command::SortBy),
        key(cx, Context::Users, Command::NewUser),
        key(cx, Context::Users, Command::Mark),
        key(cx, Context::Users, Command::MarkAll),
        key(cx, Context::Users, Command::Bulk),
        key(cx, Context::Users, Command::ExportUsers),
        key(cx, Context::Users, Command::ImportUsers),
        key(cx, Context::Users, Command::Columns),
    );
    Line::from(Span::styled(note, theme.muted())).render(areas.note, buf);
}

fn search(screen: &OperatorScreen, list: Rect, buf: &mut Buffer, cx: &Cx) {
    let Some(form) = &screen.users.search else {
        return;
    };
    let theme = cx.theme;
    let height = 7.min(list.height);
    let area = Rect::new(list.x, list.y, list.width, height);
    Clear.render(area, buf);
    let block = Block::bordered()
        .title(Span::styled(" Search users ", theme.title(true)))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    block.render(area, buf);
    let [what, value, notes] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    if form.scan {
        Line::from(vec![
            Span::styled("Scan every user", theme.key()),
            Span::styled(
                format!(
                    " here, page by page ({} back to ListUsers' filter)",
                    key(cx, Context::UserSearch, Command::ToggleScan)
                ),
                theme.muted(),
            ),
        ])
        .render(what, buf);
        form.value.render(value, buf, theme, true);
        let note = match &form.error {
            Some(e) => Line::from(Span::styled(e.clone(), theme.error())),
            None => Line::from(Span::styled(
                "name=value, name^=prefix, name~part (* any attribute); all must hold. \
                 e.g. custom:team=qa email~example",
                theme.muted(),
            )),
        };
        Paragraph::new(note)
            .wrap(Wrap { trim: true })
            .render(notes, buf);
        return;
    }
    let attribute = form.attribute();
    Line::from(vec![
        Span::styled("Attribute ", theme.muted()),
        Span::styled(format!("‹{attribute}›"), theme.key()),
        Span::styled(
            format!(
                " ({} next)  ",
                key(cx, Context::UserSearch, Command::NextField)
            ),
            theme.muted(),
        ),
        Span::styled(
            if form.prefix {
                "^= starts with"
            } else {
                "= equals"
            },
            theme.key(),
        ),
        Span::styled(
            format!(" ({})", key(cx, Context::UserSearch, Command::ToggleMatch)),
            theme.muted(),
        ),
    ])
    .render(what, buf);
    form.value.render(value, buf, theme, true);
    let case = if case_sensitive(attribute) {
        "case-sensitively"
    } else {
        "case-insensitively"
    };
    Paragraph::new(Line::from(Span::styled(
        format!(
            "{attribute} is compared {case}. Empty value: every user. {} searches; {} scans instead (custom attributes, contains).",
            key(cx, Context::UserSearch, Command::Submit),
            key(cx, Context::UserSearch, Command::ToggleScan)
        ),
        theme.muted(),
    )))
    .wrap(Wrap { trim: true })
    .render(notes, buf);
}

fn detail(
    screen: &OperatorScreen,
    pane: &super::DetailPane,
    scroll: &[Scroll; 5],
    areas: &Areas,
    buf: &mut Buffer,
    cx: &Cx,
) {
    let theme = cx.theme;
    let _ = screen;
    Line::from(vec![
        Span::styled(pane.username().to_string(), theme.title(true)),
        Span::styled(
            format!("  sub {}", pane.summary.sub.as_deref().unwrap_or("")),
            theme.muted(),
        ),
    ])
    .render(areas.info, buf);
    let k = |c| key(cx, Context::UserDetail, c);
    let toggle = if pane.summary.enabled {
        "disable"
    } else {
        "enable"
    };
    let offered = [
        (Command::SetUserPassword, "set password", None),
        (Command::SetAttribute, "set attribute", None),
        (Command::DeleteUserAttribute, "delete attribute", None),
        (Command::JoinGroup, "join group", None),
        (Command::LeaveGroup, "leave group", None),
        (Command::ToggleEnabled, toggle, None),
        (
            Command::ResetUserPassword,
            "reset password",
            Some(super::Action::ResetPassword),
        ),
        (
            Command::ResendInvite,
            "invite again",
            Some(super::Action::ResendInvite),
        ),
        (
            Command::ConfirmUser,
            "confirm",
            Some(super::Action::Confirm),
        ),
        (Command::UserSignOut, "sign out", None),
        (Command::DeleteUser, "delete", None),
    ];
    let mut spans = Vec::new();
    let mut chars = 0;
    for (command, words, action) in offered {
        let allowed = action.is_none_or(|a| pane.allows(a).is_ok());
        let style = if allowed { theme.key() } else { theme.muted() };
        let text = format!("{} {words}", k(command));
        chars += text.chars().count() + 2;
        spans.push(Span::styled(text, style));
        spans.push(Span::raw("  "));
    }
    // As many lines as the actions need at this width (word wrap loses a little), and the rule.
    let width = usize::from(areas.list.width).max(1);
    let lines = (chars * 11 / 10).div_ceil(width).clamp(1, 4) as u16;
    let [list, actions] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(lines + 1)]).areas(areas.list);
    let rows = pane.rows();
    let width = usize::from(list.width);
    let name_w = rows
        .iter()
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(8)
        .min(width / 2);
    let shape = Rows::new(rows.len()).stopping();
    let mut rows_drawn = Vec::new();
    for (i, _) in shape.shown(pane.selected, list, &scroll[1]) {
        let (name, value) = &rows[i];
        let chosen = i == pane.selected;
        rows_drawn.push(Line::from(vec![
            Span::raw(if chosen { "› " } else { "  " }),
            Span::styled(format!("{:<name_w$}  ", fit(name, name_w)), theme.muted()),
            Span::styled(
                fit(value, width.saturating_sub(name_w + 4)),
                if chosen {
                    theme.selected()
                } else {
                    theme.text()
                },
            ),
        ]));
    }
    Paragraph::new(rows_drawn).render(list, buf);
    Paragraph::new(Line::from(spans))
        .wrap(Wrap { trim: true })
        .block(
            Block::new()
                .borders(Borders::TOP)
                .border_style(theme.border(false)),
        )
        .render(actions, buf);
    let note = match &pane.error {
        Some(e) => Line::from(Span::styled(e.clone(), theme.error())),
        None => Line::from(Span::styled(
            "Grey actions do not apply now (their key says why).",
            theme.muted(),
        )),
    };
    note.render(areas.note, buf);
}

fn groups(screen: &OperatorScreen, scroll: &[Scroll; 5], areas: &Areas, buf: &mut Buffer, cx: &Cx) {
    let theme = cx.theme;
    let tab = &screen.groups;
    let width = usize::from(areas.list.width);
    if let Some(pane) = &tab.members {
        let info = if pane.loading {
            format!("{}: listing the members…", pane.group)
        } else {
            let n = pane.members.len();
            format!(
                "{}: {n} member{}",
                pane.group,
                if n == 1 { "" } else { "s" }
            )
        };
        Line::from(Span::styled(info, theme.muted())).render(areas.info, buf);
        let rows = Rows::new(pane.members.len()).stopping();
        let lines: Vec<Line> = rows
            .shown(pane.selected, areas.list, &scroll[3])
            .map(|(i, _)| {
                let u = &pane.members[i];
                let chosen = i == pane.selected;
                Line::from(vec![
                    Span::raw(if chosen { "› " } else { "  " }),
                    Span::styled(
                        fit(
                            &format!("{:<16}  {}", u.username, email(u)),
                            width.saturating_sub(2),
                        ),
                        if chosen {
                            theme.selected()
                        } else {
                            theme.text()
                        },
                    ),
                ])
            })
            .collect();
        Paragraph::new(lines).render(areas.list, buf);
        Line::from(Span::styled(
            format!(
                "{} opens the user · {} adds · {} removes · {} back to the groups",
                key(cx, Context::GroupMembers, Command::OpenRow),
                key(cx, Context::GroupMembers, Command::AddMember),
                key(cx, Context::GroupMembers, Command::RemoveMember),
                key(cx, Context::GroupMembers, Command::Back)
            ),
            theme.muted(),
        ))
        .render(areas.note, buf);
        return;
    }
    let info = if tab.loading {
        "listing the groups…".to_string()
    } else {
        let n = tab.groups.len();
        format!(
            "{n} group{} · name, precedence, members (? until listed), description, role",
            if n == 1 { "" } else { "s" }
        )
    };
    Line::from(Span::styled(info, theme.muted())).render(areas.info, buf);
    let rows = Rows::new(tab.groups.len()).stopping();
    let name_w = tab
        .groups
        .iter()
        .map(|g| g.name.len())
        .max()
        .unwrap_or(4)
        .clamp(4, 24);
    let lines: Vec<Line> = rows
        .shown(tab.selected, areas.list, &scroll[2])
        .map(|(i, _)| {
            let g = &tab.groups[i];
            let chosen = i == tab.selected;
            let members = tab
                .counts
                .get(&g.name)
                .map_or("  ?".to_string(), |n| format!("{n:>3}"));
            let role = g
                .role_arn
                .as_deref()
                .map(|arn| format!("  role {}", arn.rsplit('/').next().unwrap_or(arn)))
                .unwrap_or_default();
            let text = format!(
                "{:<name_w$}  {:>4}  {members}  {}{role}",
                g.name,
                g.precedence.map_or(String::new(), |p| p.to_string()),
                g.description.as_deref().unwrap_or("")
            );
            Line::from(vec![
                Span::raw(if chosen { "› " } else { "  " }),
                Span::styled(
                    fit(&text, width.saturating_sub(2)),
                    if chosen {
                        theme.selected()
                    } else {
                        theme.text()
                    },
                ),
            ])
        })
        .collect();
    Paragraph::new(lines).render(areas.list, buf);
    Line::from(Span::styled(
        format!(
            "{} lists the members · {} new · {} edit · {} delete",
            key(cx, Context::Groups, Command::OpenRow),
            key(cx, Context::Groups, Command::NewGroup),
            key(cx, Context::Groups, Command::EditGroup),
            key(cx, Context::Groups, Command::DeleteGroup)
        ),
        theme.muted(),
    ))
    .render(areas.note, buf);
}

fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}
