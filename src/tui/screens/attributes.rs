//! Attribute editor: the user's attributes in a table. Edits, additions and deletions are kept
//! locally and marked until Ctrl-S sends only what changed.

mod rows;
mod view;

use std::collections::{BTreeMap, BTreeSet};

use crossterm::event::KeyEvent;

use super::verify::VerifyScreen;
use super::{Cx, HomeChange, Outcome, Screen, View, delivery_words};
use crate::service::ServiceError;
use crate::service::account::User;
use crate::service::attributes::attribute_name;
use crate::tui::keymap::{Command, Context};
use crate::tui::msg::account::{AccountMsg, AccountTask, Saved};
use crate::tui::msg::{HomeData, Msg, Task};
use crate::tui::theme::Theme;
use crate::tui::widgets::Toast;
use crate::tui::widgets::list::Rows;
use crate::tui::widgets::{Confirm, Field, Form};

pub use rows::{Change, Row, apply_user, refused_attribute};

/// Attributes no user can write: Cognito sets them (the verified flags only through codes).
const READ_ONLY: &[&str] = &[
    "sub",
    "email_verified",
    "phone_number_verified",
    "identities",
];
/// Attributes that carry a verified mark.
const VERIFIABLE: &[&str] = &["email", "phone_number"];

/// What is being typed: a new value for a row, or a new attribute.
#[derive(Debug)]
enum Editor {
    Value { row: usize, form: Form },
    Add { form: Form },
}

#[derive(Debug)]
pub struct AttributesScreen {
    /// Whose attributes they are (the title).
    pub username: String,
    /// The verified marks of email and phone, as last read.
    pub email_verified: bool,
    pub phone_verified: bool,
    theme: Theme,
    pub rows: Vec<Row>,
    pub selected: usize,
    /// False until the first load answers.
    pub loaded: bool,
    editor: Option<Editor>,
    /// "Saved.", "Nothing to save: no changes." and the like.
    pub note: Option<String>,
    pub error: Option<String>,
    /// Attributes whose new value awaits verification, with where the code went.
    pub awaiting: BTreeMap<String, String>,
    /// Names the pool refused to change, learned from its answers.
    refused: BTreeSet<String>,
}

impl AttributesScreen {
    pub fn new(home: &HomeData, theme: Theme) -> Self {
        Self {
            username: home.username.clone(),
            email_verified: home.email_verified,
            phone_verified: home.phone_verified,
            theme,
            rows: Vec::new(),
            selected: 0,
            loaded: false,
            editor: None,
            note: None,
            error: None,
            awaiting: BTreeMap::new(),
            refused: BTreeSet::new(),
        }
    }

    /// The editor of `home`'s attributes, loading them at once; over the home, or in place
    /// of the screen that opens it (`replace`).
    pub fn open(home: &HomeData, cx: &Cx, replace: bool) -> Outcome {
        let screen = Screen::Attributes(Box::new(Self::new(home, *cx.theme)));
        let open = if replace {
            Outcome::Replace(screen)
        } else {
            Outcome::Push(screen)
        };
        open.then(Self::load(home, cx))
    }

    /// The request that (re)loads `home`'s user.
    pub fn load(home: &HomeData, cx: &Cx) -> Outcome {
        let task = AccountTask::LoadAttributes {
            session: Box::new(home.session.clone()),
        };
        cx.task(|conn| Task::Account { conn, task })
    }

    pub fn is_dirty(&self) -> bool {
        self.rows.iter().any(|r| r.change() != Change::None)
    }

    pub fn editing_text(&self) -> Option<String> {
        match &self.editor {
            Some(Editor::Value { form, .. }) => Some(form.field(0).value()),
            Some(Editor::Add { form }) => Some(form.field(0).value()),
            None => None,
        }
    }

    /// `then` at once when nothing is unsaved, else after a question.
    fn leave(&self, question: &str, then: Outcome) -> Outcome {
        if !self.is_dirty() {
            return then;
        }
        let count = self
            .rows
            .iter()
            .filter(|r| r.change() != Change::None)
            .count();
        let text = format!("{count} unsaved change(s) will be lost.");
        let confirm = Confirm::new(question, text, "discard");
        Outcome::Ask(Box::new(confirm), Box::new(then))
    }

    fn edit_command(&mut self, command: Command) -> Outcome {
        match command {
            Command::Back => self.editor = None,
            Command::Submit => self.finish_edit(),
            Command::NextField | Command::PrevField => {
                if let Some(Editor::Add { form }) = &mut self.editor {
                    if command == Command::NextField {
                        form.next(&self.theme);
                    } else {
                        form.prev(&self.theme);
                    }
                }
            }
            _ => {}
        }
        Outcome::None
    }

    fn start_edit(&mut self) {
        let Some(row) = self.rows.get(self.selected) else {
            return;
        };
        if let Some(why) = self.refusal(&row.name) {
            self.error = Some(why);
        } else if row.delete {
            self.error = Some(format!(
                "{} is marked for deletion: unmark it to edit it.",
                row.name
            ));
        } else {
            let field = Field::new("New value").with_value(&row.value);
            self.editor = Some(Editor::Value {
                row: self.selected,
                form: Form::new(vec![field], &self.theme),
            });
            self.error = None;
        }
    }

    /// Why `name` cannot be written, if it cannot.
    fn refusal(&self, name: &str) -> Option<String> {
        let read_only = READ_ONLY.contains(&name) || self.refused.contains(name);
        read_only.then(|| format!("{name} is read-only: the pool does not let users change it."))
    }

    fn finish_edit(&mut self) {
        match self.editor.take() {
            Some(Editor::Value { row, form }) => {
                if let Some(r) = self.rows.get_mut(row) {
                    r.value = form.field(0).value();
                }
                self.note = None;
            }
            Some(Editor::Add { mut form }) => {
                if let Err(message) = form.require(&[0, 1], &self.theme) {
                    self.error = Some(message);
                    self.editor = Some(Editor::Add { form });
                    return;
                }
                match self.add(&form.field(0).value(), form.field(1).value()) {
                    Ok(()) => self.note = None,
                    Err(message) => {
                        self.error = Some(message);
                        self.editor = Some(Editor::Add { form });
                    }
                }
            }
            None => {}
        }
    }

    /// Adds `name` (a bare custom name gets `custom:`), or sets it if it is already a row.
    fn add(&mut self, name: &str, value: String) -> Result<(), String> {
        let name = attribute_name(name).map_err(|e| e.to_string())?;
        if let Some(why) = self.refusal(&name) {
            return Err(why);
        }
        match self.rows.iter().position(|r| r.name == name) {
            Some(i) => {
                self.rows[i].value = value;
                self.rows[i].delete = false;
                self.selected = i;
            }
            None => {
                self.rows.push(Row {
                    name,
                    original: None,
                    value,
                    delete: false,
                    read_only: false,
                });
                self.selected = self.rows.len() - 1;
            }
        }
        Ok(())
    }

    fn toggle_delete(&mut self) {
        let Some(row) = self.rows.get(self.selected) else {
            return;
        };
        if let Some(why) = self.refusal(&row.name) {
            self.error = Some(why);
            return;
        }
        self.error = None;
        self.note = None;
        if row.original.is_none() {
            self.rows.remove(self.selected);
            self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        } else if let Some(row) = self.rows.get_mut(self.selected) {
            row.delete = !row.delete;
        }
    }

    /// Only the changes go out; with none, nothing is sent.
    fn save(&mut self, cx: &Cx) -> Outcome {
        let mut update = Vec::new();
        let mut delete = Vec::new();
        for row in &self.rows {
            match row.change() {
                Change::None => {}
                Change::Changed | Change::Added => {
                    update.push((row.name.clone(), row.value.clone()))
                }
                Change::Deleted => delete.push(row.name.clone()),
            }
        }
        if update.is_empty() && delete.is_empty() {
            self.note = Some("Nothing to save: no changes.".into());
            return Outcome::None;
        }
        self.error = None;
        let Some(home) = cx.home else {
            return Outcome::None;
        };
        let task = AccountTask::SaveAttributes {
            session: Box::new(home.session.clone()),
            update,
            delete,
        };
        cx.task(|conn| Task::Account { conn, task })
    }

    /// Takes the user as the pool has it: the table is rebuilt, and the home follows.
    pub fn loaded(&mut self, user: &User) -> Outcome {
        self.loaded = true;
        self.error = None;
        self.rows = user
            .attributes
            .iter()
            .map(|(name, value)| Row {
                read_only: READ_ONLY.contains(&name.as_str()) || self.refused.contains(name),
                name: name.clone(),
                original: Some(value.clone()),
                value: value.clone(),
                delete: false,
            })
            .collect();
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        self.awaiting.retain(|name, _| match name.as_str() {
            "email" => !user.email_verified,
            "phone_number" => !user.phone_verified,
            _ => false,
        });
        self.email_verified = user.email_verified;
        self.phone_verified = user.phone_verified;
        Outcome::Home(HomeChange::User(Box::new(user.clone())))
    }

    pub fn load_failed(&mut self, error: &ServiceError) {
        self.loaded = true;
        self.error = Some(format!("The profile could not be loaded: {error}"));
    }

    pub fn saved(&mut self, saved: &Saved) -> Outcome {
        for delivery in &saved.deliveries {
            if let Some(attribute) = &delivery.attribute {
                self.awaiting
                    .insert(attribute.clone(), delivery_words(delivery));
            }
        }
        let home = self.loaded(&saved.user);
        self.note = Some("Saved.".into());
        home
    }

    /// Keeps the edits; an attribute the pool refuses to change becomes read-only here, and
    /// its edit is undone so the others can be saved.
    pub fn save_failed(&mut self, error: &ServiceError) {
        let mut text = format!("Not saved: {error}");
        if let Some(name) = refused_attribute(error) {
            self.refused.insert(name.clone());
            if let Some(i) = self.rows.iter().position(|r| r.name == name) {
                match self.rows[i].original.clone() {
                    Some(original) => {
                        let row = &mut self.rows[i];
                        row.value = original;
                        row.delete = false;
                        row.read_only = true;
                    }
                    None => {
                        self.rows.remove(i);
                        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
                    }
                }
            }
            text = format!(
                "Not saved: the pool does not let users change {name}, so that edit is undone; \
                 save again for the others."
            );
        }
        self.note = None;
        self.error = Some(text);
    }
}

impl View for AttributesScreen {
    fn context(&self) -> Context {
        if self.editor.is_some() {
            Context::AttributeEdit
        } else {
            Context::Attributes
        }
    }

    fn input(&mut self, key: KeyEvent, _cx: &Cx) -> Outcome {
        let form = match &mut self.editor {
            Some(Editor::Value { form, .. } | Editor::Add { form }) => form,
            None => return Outcome::None,
        };
        if form.input(key) {
            self.error = None;
        }
        Outcome::None
    }

    fn command(&mut self, command: Command, cx: &Cx) -> Outcome {
        if self.editor.is_some() {
            return self.edit_command(command);
        }
        if let Some(moved) = Rows::new(self.rows.len()).moved(self.selected, command, 1) {
            self.selected = moved;
            return Outcome::None;
        }
        match command {
            Command::Edit => self.start_edit(),
            Command::AddAttribute => {
                let fields = vec![Field::new("Name"), Field::new("Value")];
                self.editor = Some(Editor::Add {
                    form: Form::new(fields, &self.theme),
                });
                self.error = None;
            }
            Command::DeleteAttribute => self.toggle_delete(),
            Command::Save => return self.save(cx),
            Command::Reload => {
                let Some(home) = cx.home else {
                    return Outcome::None;
                };
                return self.leave("Discard the changes and reload?", Self::load(home, cx));
            }
            Command::VerifyAttribute => {
                let Some(home) = cx.home else {
                    return Outcome::None;
                };
                let attribute = self
                    .rows
                    .get(self.selected)
                    .filter(|r| VERIFIABLE.contains(&r.name.as_str()))
                    .map(|r| r.name.clone());
                let sent_to = attribute
                    .as_ref()
                    .and_then(|a| self.awaiting.get(a))
                    .cloned();
                let verify = VerifyScreen::open(home, attribute.as_deref(), sent_to, true, cx);
                return self.leave("Discard the changes and verify?", Outcome::Replace(verify));
            }
            Command::Back => return self.leave("Discard the changes?", Outcome::Pop),
            _ => {}
        }
        Outcome::None
    }

    fn click(&mut self, area: ratatui::layout::Rect, column: u16, row: u16, cx: &Cx) -> Outcome {
        self.clicked(area, column, row, cx)
    }

    fn render(&self, area: ratatui::layout::Rect, buf: &mut ratatui::buffer::Buffer, cx: &Cx) {
        self.draw(area, buf, cx.theme, cx.spinner);
    }

    fn on_result(&mut self, msg: Msg, _cx: &Cx) -> Outcome {
        match msg {
            Msg::Account(AccountMsg::AttributesLoaded(Ok(user))) => self.loaded(&user),
            Msg::Account(AccountMsg::AttributesLoaded(Err(e))) => {
                self.load_failed(&e);
                Outcome::None
            }
            Msg::Account(AccountMsg::AttributesSaved(Ok(saved))) => self
                .saved(&saved)
                .then(Outcome::Toast(Toast::info("The profile is saved."))),
            Msg::Account(AccountMsg::AttributesSaved(Err(e))) => {
                self.save_failed(&e);
                Outcome::None
            }
            _ => Outcome::None,
        }
    }
}
