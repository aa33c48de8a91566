//! The config file (TOML): key bindings, colours, the default sort, mouse
//! and clipboard. Read from `--config FILE`, else from the platform's config
//! directory (`~/.config/esf-browse/config.toml` on Linux) when it exists.
//! Unknown settings are errors that name the file, the line and the key;
//! `--no-config` starts with the defaults instead.

use std::collections::BTreeMap;
use std::fmt;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ratatui::style::Color;
use serde::Deserialize;
use toml::Spanned;

use crate::model::SortKey;
use crate::ui::keymap::{Key, Keymap};
use crate::ui::state::{ListColumn, Options};
use crate::ui::theme::Palette;

/// What a config file sets, with the defaults for what it leaves out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub keymap: Keymap,
    pub palette: Palette,
    pub sort: SortKey,
    pub reverse: bool,
    pub mouse: bool,
    pub clipboard: bool,
    pub hyperlinks: bool,
    pub columns: Vec<ListColumn>,
    /// Start where the last session on the same pages ended.
    pub remember: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            keymap: Keymap::default(),
            palette: Palette::default(),
            sort: SortKey::Relevance,
            reverse: false,
            mouse: true,
            clipboard: true,
            hyperlinks: true,
            columns: ListColumn::ALL.to_vec(),
            remember: true,
        }
    }
}

impl Settings {
    /// The browser's options as the config file sets them: no marks file,
    /// files may be written. The one place they are built; `browse` and
    /// `serve` change what their flags and their place change.
    pub fn options(&self) -> Options {
        Options {
            keymap: self.keymap.clone(),
            sort: self.sort,
            reverse: self.reverse,
            mouse: self.mouse,
            clipboard: self.clipboard,
            marks_file: None,
            read_only: false,
            columns: self.columns.clone(),
        }
    }
}

/// A config file that cannot be used: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}",
            crate::model::page::format::printable_path(&self.path)
        )?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(
            f,
            ": {} (start from `esf-browse config --print-default`, or run with --no-config)",
            self.message
        )
    }
}

impl std::error::Error for ConfigError {}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    browser: Browser,
    #[serde(default)]
    colors: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, Spanned<Vec<String>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Browser {
    sort: Option<Spanned<String>>,
    reverse: Option<bool>,
    mouse: Option<bool>,
    clipboard: Option<bool>,
    hyperlinks: Option<bool>,
    columns: Option<Spanned<Vec<String>>>,
    remember: Option<bool>,
}

/// The default location: `<config dir>/esf-browse/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    Some(dirs::config_dir()?.join("esf-browse").join("config.toml"))
}

/// The settings to start with: `--no-config` gives the defaults; a file
/// named with `--config` must exist; the default file is read if present.
pub fn load(explicit: Option<&Path>, no_config: bool) -> anyhow::Result<Settings> {
    if no_config {
        return Ok(Settings::default());
    }
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => match default_path().filter(|p| p.is_file()) {
            Some(path) => path,
            None => return Ok(Settings::default()),
        },
    };
    let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
        path: path.clone(),
        line: None,
        message: format!("cannot read: {e}"),
    })?;
    Ok(parse(&text, &path)?)
}

/// Reads a config file's text.
pub fn parse(text: &str, path: &Path) -> Result<Settings, ConfigError> {
    let error = |span: Option<std::ops::Range<usize>>, message: String| ConfigError {
        path: path.to_path_buf(),
        line: span.map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1),
        message,
    };
    let file: File = toml::from_str(text).map_err(|e| error(e.span(), e.message().to_string()))?;
    let mut settings = Settings::default();
    let browser = file.browser;
    if let Some(sort) = browser.sort {
        settings.sort = SortKey::ALL
            .into_iter()
            .find(|key| key.name() == sort.get_ref().as_str())
            .ok_or_else(|| {
                let names: Vec<&str> = SortKey::ALL.iter().map(|k| k.name()).collect();
                error(
                    Some(sort.span()),
                    format!(
                        "sort: no order {:?}; one of {}",
                        sort.get_ref(),
                        names.join(", ")
                    ),
                )
            })?;
    }
    settings.reverse = browser.reverse.unwrap_or(settings.reverse);
    settings.mouse = browser.mouse.unwrap_or(settings.mouse);
    settings.clipboard = browser.clipboard.unwrap_or(settings.clipboard);
    settings.hyperlinks = browser.hyperlinks.unwrap_or(settings.hyperlinks);
    settings.remember = browser.remember.unwrap_or(settings.remember);
    if let Some(columns) = browser.columns {
        settings.columns = list_columns(&columns, &error)?;
    }
    apply_colors(&mut settings, &file.colors, &error)?;
    apply_keys(&mut settings, &file.keys, &error)?;
    Ok(settings)
}

/// `columns = ["region", "grant"]`: the list's columns, first shown first.
fn list_columns(
    columns: &Spanned<Vec<String>>,
    error: MakeError,
) -> Result<Vec<ListColumn>, ConfigError> {
    let mut chosen = Vec::new();
    for name in columns.get_ref() {
        let column = ListColumn::ALL
            .into_iter()
            .find(|column| column.name() == name.as_str())
            .ok_or_else(|| {
                let names: Vec<&str> = ListColumn::ALL.iter().map(|c| c.name()).collect();
                let message = format!("columns: no column {name:?}; any of {}", names.join(", "));
                error(Some(columns.span()), message)
            })?;
        if !chosen.contains(&column) {
            chosen.push(column);
        }
    }
    Ok(chosen)
}

/// Makes a `ConfigError` at a place in the file.
type MakeError<'a> = &'a dyn Fn(Option<std::ops::Range<usize>>, String) -> ConfigError;

/// The `[colors]` table: each role's colour, one of the 16.
fn apply_colors(
    settings: &mut Settings,
    colors: &BTreeMap<Spanned<String>, Spanned<String>>,
    error: MakeError<'_>,
) -> Result<(), ConfigError> {
    for (role, color) in colors {
        let slot = palette_slot(&mut settings.palette, role.get_ref()).ok_or_else(|| {
            error(
                Some(role.span()),
                format!(
                    "colors: no colour role {:?}; one of {}",
                    role.get_ref(),
                    ROLES.join(", ")
                ),
            )
        })?;
        *slot = parse_color(color.get_ref()).ok_or_else(|| {
            error(
                Some(color.span()),
                format!(
                    "colors.{}: {:?} is not one of the 16 terminal colours ({})",
                    role.get_ref(),
                    color.get_ref(),
                    COLORS
                        .iter()
                        .map(|(name, _)| *name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
    }
    Ok(())
}

/// The `[keys]` table: each binding's keys; a binding left with none is
/// warned about.
fn apply_keys(
    settings: &mut Settings,
    table: &BTreeMap<Spanned<String>, Spanned<Vec<String>>>,
    error: MakeError<'_>,
) -> Result<(), ConfigError> {
    for (name, keys) in table {
        let parsed: Result<Vec<Key>, String> =
            keys.get_ref().iter().map(|k| Key::parse(k)).collect();
        let parsed = parsed
            .map_err(|e| error(Some(keys.span()), format!("keys.{}: {e}", name.get_ref())))?;
        let emptied = settings
            .keymap
            .rebind(name.get_ref(), parsed)
            .map_err(|e| error(Some(name.span()), format!("keys: {e}")))?;
        for left in emptied {
            // Not an error (it may be meant), but never silent.
            super::print_error(format_args!(
                "warning: config: keys.{} takes the last key of {left}, which now has none{}",
                name.get_ref(),
                if left == "quit" {
                    " (Ctrl-c still quits)"
                } else {
                    ""
                }
            ));
        }
    }
    Ok(())
}

const ROLES: [&str; 5] = ["accent", "highlight", "selection", "label", "warning"];

fn palette_slot<'a>(palette: &'a mut Palette, role: &str) -> Option<&'a mut Color> {
    Some(match role {
        "accent" => &mut palette.accent,
        "highlight" => &mut palette.highlight,
        "selection" => &mut palette.selection,
        "label" => &mut palette.label,
        "warning" => &mut palette.warning,
        _ => return None,
    })
}

/// The 16 named colours every terminal has.
const COLORS: [(&str, Color); 16] = [
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark-gray", Color::DarkGray),
    ("light-red", Color::LightRed),
    ("light-green", Color::LightGreen),
    ("light-yellow", Color::LightYellow),
    ("light-blue", Color::LightBlue),
    ("light-magenta", Color::LightMagenta),
    ("light-cyan", Color::LightCyan),
    ("white", Color::White),
];

fn parse_color(name: &str) -> Option<Color> {
    let name = name.trim().to_lowercase().replace(['_', ' '], "-");
    COLORS.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

fn color_name(color: Color) -> &'static str {
    COLORS
        .iter()
        .find(|(_, c)| *c == color)
        .map_or("?", |(name, _)| *name)
}

/// A complete config file with every setting at its default, to start
/// from: `esf-browse config --print-default`.
pub fn default_text() -> String {
    let defaults = Settings::default();
    let mut out = String::new();
    out.push_str(
        "# esf-browse configuration. Every setting is optional: these are the defaults.\n\
         # Unknown settings are errors; `esf-browse --no-config` ignores this file.\n\n\
         [browser]\n",
    );
    let sorts: Vec<&str> = SortKey::ALL.iter().map(|k| k.name()).collect();
    let _ = writeln!(
        out,
        "sort = \"{}\"        # {}",
        defaults.sort.name(),
        sorts.join(", ")
    );
    let _ = writeln!(out, "reverse = {}", defaults.reverse);
    let _ = writeln!(
        out,
        "mouse = {}           # false leaves the mouse to the terminal",
        defaults.mouse
    );
    let _ = writeln!(
        out,
        "clipboard = {}       # false: y and Y never copy (OSC 52)",
        defaults.clipboard
    );
    let _ = writeln!(
        out,
        "hyperlinks = {}      # false: addresses are plain text, never OSC 8 links",
        defaults.hyperlinks
    );
    let columns: Vec<String> = defaults
        .columns
        .iter()
        .map(|c| format!("{:?}", c.name()))
        .collect();
    let _ = writeln!(
        out,
        "columns = [{}]  # beside the title, the first shown first when narrow",
        columns.join(", ")
    );
    let _ = writeln!(
        out,
        "remember = {}        # start where the last session on the same pages ended",
        defaults.remember
    );
    write_default_colors(&mut out, &defaults.palette);
    write_default_keys(&mut out, &defaults.keymap);
    out
}

/// The `[colors]` table of the default config.
fn write_default_colors(out: &mut String, palette: &Palette) {
    out.push_str(
        "\n[colors]\n# One of the 16 terminal colours: black, red, green, yellow, blue, magenta, cyan,\n\
         # gray, dark-gray, light-red, light-green, light-yellow, light-blue, light-magenta,\n\
         # light-cyan, white. NO_COLOR in the environment turns every colour off.\n",
    );
    for (role, color) in [
        ("accent", palette.accent),
        ("highlight", palette.highlight),
        ("selection", palette.selection),
        ("label", palette.label),
        ("warning", palette.warning),
    ] {
        let _ = writeln!(out, "{role} = \"{}\"", color_name(color));
    }
}

/// The `[keys]` table of the default config: every binding and its keys.
fn write_default_keys(out: &mut String, keymap: &Keymap) {
    out.push_str(
        "\n[keys]\n# Each binding and its keys: \"q\", \"G\", \"Ctrl-d\", \"Alt-x\", \"Shift-Tab\", \"PgDn\",\n\
         # \"Space\", \"Enter\", \"Esc\", \"Down\", \"F5\". Keys given here leave the binding that had them.\n\
         # Ctrl-c always quits.\n",
    );
    for binding in keymap.bindings() {
        let keys: Vec<String> = binding
            .keys
            .iter()
            .map(|k| format!("{:?}", plain_name(*k)))
            .collect();
        let _ = writeln!(out, "{} = [{}]", binding.name, keys.join(", "));
    }
}

/// Arrows are written by name in the file (`Down`, not `↓`).
fn plain_name(key: Key) -> String {
    key.to_string()
        .replace('↑', "Up")
        .replace('↓', "Down")
        .replace('←', "Left")
        .replace('→', "Right")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use crate::ui::action::Intent;
    use crate::ui::keymap::Context;

    fn parse_text(text: &str) -> Result<Settings, ConfigError> {
        parse(text, Path::new("config.toml"))
    }

    #[test]
    fn the_default_file_reads_back_as_the_defaults() {
        assert_eq!(parse_text(&default_text()), Ok(Settings::default()));
        assert_eq!(parse_text(""), Ok(Settings::default()));
    }

    #[test]
    fn keys_colours_and_the_sort_are_set() {
        let settings = parse_text(
            "[browser]\nsort = \"grant\"\nmouse = false\n[colors]\naccent = \"light-magenta\"\n[keys]\nquit = [\"x\", \"Ctrl-q\"]\n",
        )
        .unwrap();
        assert_eq!(settings.sort, SortKey::Grant);
        assert!(!settings.mouse);
        assert_eq!(settings.palette.accent, Color::LightMagenta);
        let x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
        assert_eq!(
            settings.keymap.intent_for(Context::List, x),
            Some(Intent::Quit)
        );
    }

    #[test]
    fn errors_name_the_line_and_the_key() {
        let error = parse_text("[browser]\nmouse = true\nspeed = 3\n").unwrap_err();
        assert_eq!(error.line, Some(3));
        assert!(error.message.contains("speed"), "{}", error.message);
        let error = parse_text("[keys]\nquit = [\"q\"]\nfly = [\"w\"]\n").unwrap_err();
        assert_eq!(error.line, Some(3));
        assert!(error.message.contains("fly"), "{}", error.message);
        let error = parse_text("[keys]\nquit = [\"Hyper-q\"]\n").unwrap_err();
        assert_eq!(error.line, Some(2));
        let error = parse_text("[colors]\naccent = \"#ff0000\"\n").unwrap_err();
        assert!(
            error.message.contains("16 terminal colours"),
            "{}",
            error.message
        );
        let error = parse_text("[browser]\nsort = \"size\"\n").unwrap_err();
        assert!(
            error.to_string().starts_with("config.toml:2: sort"),
            "{error}"
        );
    }

    #[test]
    fn an_alt_key_from_the_config_quits_the_browser() {
        use crate::model::load_bundled;
        use crate::ui::app::App;
        use crate::ui::state::{AppState, Effect, Options};
        use crate::ui::theme::Theme;
        let settings = parse_text("[keys]\nquit = [\"Alt-q\"]\n").unwrap();
        let options = Options {
            keymap: settings.keymap,
            ..Options::default()
        };
        let mut app = App::new(AppState::new(load_bundled(), options), Theme::new(false));
        let alt_q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT);
        assert_eq!(app.key(alt_q), Effect::Quit);
    }
}
