//! Styles. Only the 16 named ANSI colours (never truecolor); with
//! `NO_COLOR` set, no colour at all and emphasis by bold, reverse, underline.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub palette: Palette,
}

/// The colours of the roles things play on screen; the config file's
/// `[colors]` may change them, within the 16 named colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// The focused pane's border and title, titles, keys in the help.
    pub accent: Color,
    /// Matched letters and headings.
    pub highlight: Color,
    /// The selected row's background.
    pub selection: Color,
    /// Field labels and selected filter values.
    pub label: Color,
    pub warning: Color,
}

impl Default for Palette {
    fn default() -> Palette {
        Palette {
            accent: Color::Cyan,
            highlight: Color::Yellow,
            selection: Color::Blue,
            label: Color::Green,
            warning: Color::Red,
        }
    }
}

impl Theme {
    /// The default colours, or none.
    pub fn new(color: bool) -> Theme {
        Theme {
            color,
            palette: Palette::default(),
        }
    }

    /// Colour unless `NO_COLOR` is set to a non-empty value (no-color.org),
    /// whatever the palette says.
    pub fn from_env(palette: Palette) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme {
            color: !no_color,
            palette,
        }
    }

    fn pick(&self, colored: Style, plain: Style) -> Style {
        if self.color { colored } else { plain }
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(self.palette.accent),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => Style::new(),
        }
    }

    pub fn pane_title(&self, focused: bool) -> Style {
        let base = Style::new().add_modifier(Modifier::BOLD);
        if focused && self.color {
            base.fg(self.palette.accent)
        } else {
            base
        }
    }

    /// The selected row; dimmer when its pane has no focus.
    pub fn selection(&self, focused: bool) -> Style {
        match (focused, self.color) {
            // Background only: matched letters keep their colour on the selected row.
            (true, true) => Style::new()
                .bg(self.palette.selection)
                .add_modifier(Modifier::BOLD),
            (false, true) => Style::new().bg(Color::DarkGray),
            (true, false) => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            // Without colour an unfocused pane's row must still differ
            // from the focused one's: underlined, not reversed.
            (false, false) => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// Letters that the search matched.
    pub fn matched(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.palette.highlight)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn heading(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.palette.highlight)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        )
    }

    pub fn title(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.palette.accent)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn label(&self) -> Style {
        self.pick(
            Style::new().fg(self.palette.label),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn dim(&self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new())
    }

    /// A selected filter value.
    pub fn active(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.palette.label)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn status(&self) -> Style {
        self.pick(Style::new().bg(Color::Black).fg(Color::White), Style::new())
    }

    pub fn key(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.palette.accent)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn warning(&self) -> Style {
        self.pick(
            Style::new()
                .fg(self.palette.warning)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }
}
