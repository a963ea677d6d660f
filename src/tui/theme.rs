//! Semantic styles: widgets ask for a role (`error`, `title`), never a raw colour, so one place
//! decides the look and `NO_COLOR` turns every colour off.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// Colours unless `NO_COLOR` is set to anything non-empty (<https://no-color.org>).
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self { color: !no_color }
    }

    pub fn colored() -> Self {
        Self { color: true }
    }

    pub fn monochrome() -> Self {
        Self { color: false }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn text(&self) -> Style {
        Style::new()
    }

    pub fn title(&self, focused: bool) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD);
        if focused {
            style.patch(self.fg(Color::Cyan))
        } else {
            style
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan)
        } else {
            self.fg(Color::DarkGray)
        }
    }

    pub fn label(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            self.fg(Color::Gray)
        }
    }

    /// The text of an input field; the focused one is underlined so it shows without colour.
    pub fn input(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::UNDERLINED)
        } else {
            self.fg(Color::Gray)
        }
    }

    pub fn cursor(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn muted(&self) -> Style {
        self.fg(Color::DarkGray)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn success(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn selected(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::REVERSED)
    }

    pub fn status_bar(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// A QR code's light modules are drawn as ink: white on black reads on any background;
    /// without colour the terminal's own (usually light on dark) has to do.
    pub fn qr(&self) -> Style {
        if self.color {
            Style::new().fg(Color::White).bg(Color::Black)
        } else {
            Style::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Theme;

    #[test]
    fn monochrome_has_no_colours_but_keeps_emphasis() {
        let mono = Theme::monochrome();
        for style in [
            mono.error(),
            mono.success(),
            mono.key(),
            mono.muted(),
            mono.status_bar(),
        ] {
            assert_eq!(style.fg, None);
            assert_eq!(style.bg, None);
        }
        assert!(!mono.error().add_modifier.is_empty());
        assert!(Theme::colored().error().fg.is_some());
    }
}
