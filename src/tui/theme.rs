//! Semantic styles: widgets ask for a role (`error`, `title`), never a raw colour, so one place
//! decides the look and `NO_COLOR` turns every colour off.

use ratatui::style::{Color, Modifier, Style};

/// The colour of each semantic slot; `tui.toml`'s `[theme]` overrides them by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// Focused titles, borders and labels, the selection, the status bar's background.
    pub accent: Color,
    /// Borders of what has no focus.
    pub border: Color,
    /// Labels and values of fields without the focus.
    pub label: Color,
    /// Notes and hint words.
    pub muted: Color,
    pub error: Color,
    pub success: Color,
    /// Keys in the footer and help.
    pub key: Color,
    /// The status bar's text.
    pub status_text: Color,
}

impl Default for Palette {
    fn default() -> Self {
        Self {
            accent: Color::Cyan,
            border: Color::DarkGray,
            label: Color::Gray,
            muted: Color::DarkGray,
            error: Color::Red,
            success: Color::Green,
            key: Color::Yellow,
            status_text: Color::Black,
        }
    }
}

impl Palette {
    /// Every slot's name, as `tui.toml` writes it.
    pub const SLOTS: [&'static str; 8] = [
        "accent",
        "border",
        "label",
        "muted",
        "error",
        "success",
        "key",
        "status_text",
    ];

    /// The slot called `name`, if there is one.
    pub fn slot_mut(&mut self, name: &str) -> Option<&mut Color> {
        Some(match name {
            "accent" => &mut self.accent,
            "border" => &mut self.border,
            "label" => &mut self.label,
            "muted" => &mut self.muted,
            "error" => &mut self.error,
            "success" => &mut self.success,
            "key" => &mut self.key,
            "status_text" => &mut self.status_text,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
    palette: Palette,
}

impl Theme {
    /// Colours unless `NO_COLOR` is set to anything non-empty (<https://no-color.org>).
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self {
            color: !no_color,
            palette: Palette::default(),
        }
    }

    pub fn colored() -> Self {
        Self {
            color: true,
            palette: Palette::default(),
        }
    }

    pub fn monochrome() -> Self {
        Self {
            color: false,
            palette: Palette::default(),
        }
    }

    /// The same theme with the user's colours; without colour (`NO_COLOR`) they stay unused.
    pub fn with_palette(self, palette: Palette) -> Self {
        Self { palette, ..self }
    }

    pub fn palette(&self) -> &Palette {
        &self.palette
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
            style.patch(self.fg(self.palette.accent))
        } else {
            style
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(self.palette.accent)
        } else {
            self.fg(self.palette.border)
        }
    }

    pub fn label(&self, focused: bool) -> Style {
        if focused {
            self.fg(self.palette.accent).add_modifier(Modifier::BOLD)
        } else {
            self.fg(self.palette.label)
        }
    }

    /// The text of an input field; the focused one is underlined so it shows without colour.
    pub fn input(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::UNDERLINED)
        } else {
            self.fg(self.palette.label)
        }
    }

    pub fn cursor(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn muted(&self) -> Style {
        self.fg(self.palette.muted)
    }

    pub fn error(&self) -> Style {
        self.fg(self.palette.error).add_modifier(Modifier::BOLD)
    }

    pub fn success(&self) -> Style {
        self.fg(self.palette.success)
    }

    pub fn key(&self) -> Style {
        self.fg(self.palette.key).add_modifier(Modifier::BOLD)
    }

    pub fn selected(&self) -> Style {
        self.fg(self.palette.accent)
            .add_modifier(Modifier::REVERSED)
    }

    pub fn status_bar(&self) -> Style {
        if self.color {
            Style::new()
                .fg(self.palette.status_text)
                .bg(self.palette.accent)
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
    use ratatui::style::Color;

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

    #[test]
    fn palettes_recolour_and_no_color_still_wins() {
        let palette = super::Palette {
            error: Color::Magenta,
            ..Default::default()
        };
        assert_eq!(
            Theme::colored().with_palette(palette).error().fg,
            Some(Color::Magenta)
        );
        assert_eq!(Theme::monochrome().with_palette(palette).error().fg, None);
    }
}
