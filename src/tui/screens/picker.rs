//! The profile picker: saved profiles plus the local demo pool.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::profile_form::ProfileFormScreen;
use super::{Cx, Outcome, Screen, View};
use crate::store::{Profile, ProfileEntry};
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::{Msg, Target, Task};
use crate::tui::theme::Theme;
use crate::tui::widgets::Confirm;
use crate::tui::widgets::list::{Click, Rows, Scroll};

/// The picker's name for the embedded pool.
pub const LOCAL_DEMO_LABEL: &str = "Local demo pool";

#[derive(Debug)]
pub struct PickerItem {
    pub name: String,
    /// The pool and endpoint, or why the profile cannot be used.
    pub detail: String,
    pub target: Result<Target, String>,
}

#[derive(Debug)]
pub struct PickerScreen {
    pub items: Vec<PickerItem>,
    pub selected: usize,
    scroll: Scroll,
    pub error: Option<String>,
}

impl PickerScreen {
    pub fn new(entries: Vec<ProfileEntry>) -> Self {
        let mut items: Vec<PickerItem> = entries
            .into_iter()
            .map(|entry| match entry.profile {
                Ok(profile) => PickerItem {
                    name: entry.name,
                    detail: match &profile.endpoint_url {
                        Some(url) => format!("{} at {url}", profile.user_pool_id),
                        None => profile.user_pool_id.clone(),
                    },
                    target: Ok(Target::Profile(Box::new(profile))),
                },
                Err(reason) => PickerItem {
                    name: entry.name,
                    detail: reason.clone(),
                    target: Err(reason),
                },
            })
            .collect();
        items.push(PickerItem {
            name: LOCAL_DEMO_LABEL.to_string(),
            detail: "built in; no AWS account needed".to_string(),
            target: Ok(Target::LocalDemo),
        });
        Self {
            items,
            selected: 0,
            scroll: Scroll::default(),
            error: None,
        }
    }

    /// Selects the row of profile `name`, if listed.
    pub fn select_name(&mut self, name: &str) {
        if let Some(i) = self.items.iter().position(|item| item.name == name) {
            self.selected = i;
        }
    }

    /// The selected saved profile's name, or why it cannot be changed here.
    fn selected_saved(&self) -> Result<&PickerItem, String> {
        let item = self
            .items
            .get(self.selected)
            .ok_or("No profile is selected.")?;
        match &item.target {
            Ok(Target::LocalDemo) => Err(format!(
                "The {LOCAL_DEMO_LABEL} is built in: it cannot be edited or deleted."
            )),
            _ => Ok(item),
        }
    }

    /// Add, edit and delete: the profile form, or the question before a deletion.
    fn manage(&mut self, command: Command, cx: &Cx) -> Outcome {
        let edit = |profile: Option<&Profile>| {
            let form = ProfileFormScreen::new(profile, *cx.theme);
            Outcome::Push(Screen::ProfileForm(Box::new(form)))
        };
        match command {
            Command::AddProfile => return edit(None),
            Command::EditSavedProfile => match self.selected_saved() {
                Ok(PickerItem {
                    target: Ok(Target::Profile(profile)),
                    ..
                }) => return edit(Some(profile)),
                Ok(item) => {
                    self.error = Some(format!(
                        "{} cannot be read ({}): fix it in profiles.toml, or delete it.",
                        item.name,
                        item.target.as_ref().err().map_or("", String::as_str)
                    ))
                }
                Err(e) => self.error = Some(e),
            },
            Command::DeleteProfile => match self.selected_saved() {
                Ok(item) => {
                    let name = item.name.clone();
                    self.error = None;
                    let confirm = Confirm::new(
                        "Delete the profile?",
                        format!("Delete profile {name}? Its saved sessions are removed too."),
                        "delete",
                    );
                    let then = Outcome::Request(Task::DeleteProfile { name });
                    return Outcome::Ask(Box::new(confirm), Box::new(then));
                }
                Err(e) => self.error = Some(e),
            },
            _ => {}
        }
        Outcome::None
    }

    fn rows(&self) -> Rows {
        Rows::new(self.items.len())
    }

    /// Where the list and the notes under it go: the list as tall as it is, as far as it
    /// fits (then it scrolls), one blank row, the notes. Drawing and clicks both use it.
    fn layout(&self, area: Rect) -> [Rect; 2] {
        let inner = Block::bordered().inner(area);
        let wanted = u16::try_from(self.items.len()).unwrap_or(u16::MAX);
        let notes = if self.error.is_some() { 2 } else { 0 };
        let fits = inner.height.saturating_sub(notes + 1).max(1);
        let [list, _, notes] = Layout::vertical([
            Constraint::Length(wanted.min(fits)),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(inner);
        [list, notes]
    }

    fn draw(&self, area: Rect, buf: &mut Buffer, theme: &Theme) {
        let width = self
            .items
            .iter()
            .map(|i| i.name.chars().count())
            .max()
            .unwrap_or(0);
        let block = Block::bordered()
            .title(Span::styled(" Choose a profile ", theme.title(true)))
            .border_style(theme.border(true));
        block.render(area, buf);
        let [list, notes] = self.layout(area);
        for (i, row) in self.rows().shown(self.selected, list, &self.scroll) {
            let item = &self.items[i];
            let chosen = i == self.selected;
            let marker = if chosen { "› " } else { "  " };
            let name_style = if chosen {
                theme.selected()
            } else {
                theme.text()
            };
            let detail_style = if item.target.is_ok() {
                theme.muted()
            } else {
                theme.error()
            };
            Line::from(vec![
                Span::raw(marker),
                Span::styled(format!("{:<width$}", item.name), name_style),
                Span::styled(format!("  {}", item.detail), detail_style),
            ])
            .render(row, buf);
        }
        let mut notes_lines = Vec::new();
        if let Some(error) = &self.error {
            notes_lines.push(Line::from(Span::styled(error.as_str(), theme.error())));
        }
        Paragraph::new(notes_lines)
            .wrap(Wrap { trim: true })
            .render(notes, buf);
    }
}

impl View for PickerScreen {
    fn context(&self) -> Context {
        Context::Picker
    }

    fn command(&mut self, command: Command, cx: &Cx) -> Outcome {
        if let Some(moved) = self.rows().moved(self.selected, command, 1) {
            self.selected = moved;
            return Outcome::None;
        }
        match command {
            Command::Select => {
                let Some(item) = self.items.get(self.selected) else {
                    return Outcome::None;
                };
                match &item.target {
                    Ok(target) => return Outcome::Open(target.clone()),
                    Err(reason) => {
                        self.error = Some(format!("{} cannot be used: {reason}", item.name))
                    }
                }
            }
            Command::AddProfile | Command::EditSavedProfile | Command::DeleteProfile => {
                return self.manage(command, cx);
            }
            _ => {}
        }
        Outcome::None
    }

    /// A click on a row selects it; on the selected row, opens it.
    fn click(&mut self, area: Rect, column: u16, row: u16, cx: &Cx) -> Outcome {
        let [list, _] = self.layout(area);
        match self
            .rows()
            .click(&mut self.selected, list, &self.scroll, column, row)
        {
            Click::Again => View::command(self, Command::Select, cx),
            Click::Selected | Click::Missed => Outcome::None,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, cx: &Cx) {
        self.draw(area, buf, cx.theme);
    }

    fn on_result(&mut self, msg: Msg, _cx: &Cx) -> Outcome {
        match msg {
            Msg::ProfileDeleted(Ok(changed)) => Outcome::ProfilesChanged(changed),
            Msg::ProfileDeleted(Err(e)) => {
                self.error = Some(e);
                Outcome::None
            }
            _ => Outcome::None,
        }
    }
}
