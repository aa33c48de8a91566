//! `Key`: one key with its modifiers, as help, hints and the config file
//! write it (`q`, `G`, `Ctrl-d`, `Shift-Tab`, `PgDn`, `Space`, `↓`).

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key and the modifiers that matter (Ctrl, Alt). Shift is part of the
/// character (`G`), or of the key's name (`Shift-Tab`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    ctrl: bool,
    alt: bool,
}

/// Names of keys that are not characters, as written and as parsed
/// (the first name is the one shown).
const NAMED: [(KeyCode, &[&str]); 15] = [
    (KeyCode::Enter, &["Enter", "Return"]),
    (KeyCode::Esc, &["Esc", "Escape"]),
    (KeyCode::Tab, &["Tab"]),
    (KeyCode::BackTab, &["Shift-Tab", "BackTab"]),
    (KeyCode::Backspace, &["Backspace"]),
    (KeyCode::Delete, &["Delete", "Del"]),
    (KeyCode::Up, &["↑", "Up"]),
    (KeyCode::Down, &["↓", "Down"]),
    (KeyCode::Left, &["←", "Left"]),
    (KeyCode::Right, &["→", "Right"]),
    (KeyCode::PageUp, &["PgUp", "PageUp"]),
    (KeyCode::PageDown, &["PgDn", "PageDown"]),
    (KeyCode::Home, &["Home"]),
    (KeyCode::End, &["End"]),
    (KeyCode::Char(' '), &["Space"]),
];

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    pub const fn ctrl_code(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: true,
            alt: false,
        }
    }

    /// The key a terminal event stands for.
    pub fn from_event(event: KeyEvent) -> Key {
        let code = match event.code {
            // Some terminals send Shift-Tab as Tab with Shift.
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            code => code,
        };
        Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// A terminal event of this key (as a test or a script sends it).
    pub fn event(self) -> KeyEvent {
        let mut modifiers = KeyModifiers::NONE;
        if self.ctrl {
            modifiers |= KeyModifiers::CONTROL;
        }
        if self.alt {
            modifiers |= KeyModifiers::ALT;
        }
        if self.code == KeyCode::BackTab {
            modifiers |= KeyModifiers::SHIFT;
        }
        KeyEvent::new(self.code, modifiers)
    }

    /// `q`, `Ctrl-d`, `Alt-x`, `PgDn`, `Space`, `F5` … in any case for
    /// names and modifiers; a single character as it is.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut rest = text.trim();
        let (mut ctrl, mut alt) = (false, false);
        loop {
            let lower = rest.to_lowercase();
            if let Some(after) = ["ctrl-", "control-", "c-"]
                .iter()
                .find_map(|p| lower.strip_prefix(p))
                .filter(|after| !after.is_empty())
            {
                ctrl = true;
                rest = &rest[rest.len() - after.len()..];
            } else if let Some(after) = ["alt-", "meta-", "m-"]
                .iter()
                .find_map(|p| lower.strip_prefix(p))
                .filter(|after| !after.is_empty())
            {
                alt = true;
                rest = &rest[rest.len() - after.len()..];
            } else {
                break;
            }
        }
        let code = Key::parse_code(rest).ok_or_else(|| format!("unknown key {text:?}"))?;
        Ok(Key { code, ctrl, alt })
    }

    fn parse_code(text: &str) -> Option<KeyCode> {
        if let Some((code, _)) = NAMED
            .iter()
            .find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(text)))
        {
            return Some(*code);
        }
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Some(KeyCode::Char(c));
        }
        let number = text.strip_prefix(['F', 'f'])?.parse().ok()?;
        (1..=12).contains(&number).then_some(KeyCode::F(number))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match NAMED.iter().find(|(code, _)| *code == self.code) {
            Some((_, names)) => f.write_str(names[0]),
            None => match self.code {
                KeyCode::Char(c) => write!(f, "{c}"),
                KeyCode::F(n) => write!(f, "F{n}"),
                other => write!(f, "{other:?}"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_and_write_the_same() {
        for text in [
            "q",
            "G",
            "/",
            "Ctrl-d",
            "Shift-Tab",
            "PgDn",
            "Space",
            "↓",
            "Enter",
            "F5",
            "Alt-x",
        ] {
            assert_eq!(Key::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(Key::parse("ctrl-D").unwrap(), Key::ctrl('D'));
        assert_eq!(Key::parse("down").unwrap(), Key::plain(KeyCode::Down));
        assert_eq!(Key::parse("C-u").unwrap(), Key::ctrl('u'));
        assert!(Key::parse("Ctrl-").is_err() || Key::parse("Ctrl-").unwrap() == Key::char('-'));
        assert!(Key::parse("Hyper-x").is_err());
        assert!(Key::parse("").is_err());
    }

    #[test]
    fn events_become_keys_without_shift() {
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(shifted), Key::char('G'));
        let back = KeyEvent::new(KeyCode::Tab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(back).to_string(), "Shift-Tab");
        let ctrl = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(Key::from_event(ctrl), Key::ctrl('d'));
    }
}
