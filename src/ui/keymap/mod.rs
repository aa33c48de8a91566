//! Keys -> actions. One table of bindings (`table`) — name, context, keys,
//! action, help — from which the `Keymap` is built, changed by the config
//! file, dispatched with, and shown in the help overlay, the hints on screen
//! and the README.

mod key;
mod table;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub use key::Key;
pub use table::{Binding, Context, Group, default_bindings};

use super::action::Action;

/// Which keymap applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Moving around the panes.
    Browse,
    /// Typing in the search box.
    Search,
    /// Typing a word to find in the detail pane.
    Find,
    /// Typing the file name of an export.
    ExportPath,
    /// Answering yes or no.
    Confirm,
}

/// The bindings in force: the defaults, with the config file's changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: default_bindings(),
        }
    }
}

impl Keymap {
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Gives the binding `name` these keys. The keys leave whatever other
    /// binding had them in the same context.
    /// Binds `keys` to the binding `name`, taking them from any other
    /// binding of its context; returns the bindings that were left with
    /// no key at all by it (the caller says so: a quit with no key is a
    /// surprise).
    pub fn rebind(&mut self, name: &str, keys: Vec<Key>) -> Result<Vec<&'static str>, String> {
        let Some(at) = self.bindings.iter().position(|b| b.name == name) else {
            return Err(format!(
                "no key binding named {name:?} (`esf-browse config --print-default` lists them)"
            ));
        };
        let context = self.bindings[at].context;
        let mut emptied = Vec::new();
        for (i, binding) in self.bindings.iter_mut().enumerate() {
            if i != at && binding.context == context {
                let had = !binding.keys.is_empty();
                binding.keys.retain(|key| !keys.contains(key));
                if had && binding.keys.is_empty() {
                    emptied.push(binding.name);
                }
            }
        }
        self.bindings[at].keys = keys;
        Ok(emptied)
    }

    /// The action for a key in a mode, if any. Ctrl-c always quits.
    pub fn action_for(&self, mode: Mode, event: KeyEvent) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let key = Key::from_event(event);
        if key == Key::ctrl('c') {
            return Some(Action::ForceQuit);
        }
        let context = match mode {
            Mode::Browse => Context::Browse,
            Mode::Search | Mode::Find | Mode::ExportPath => Context::Input,
            Mode::Confirm => {
                let yes = matches!(event.code, KeyCode::Char('y' | 'Y' | 'j' | 'J'));
                return Some(Action::Confirm(yes));
            }
        };
        let bound = self
            .bindings
            .iter()
            .find(|b| b.context == context && b.keys.contains(&key))
            .map(|b| b.action.clone());
        match (bound, context, event.code) {
            (Some(action), _, _) => Some(action),
            (None, Context::Input, KeyCode::Char(c))
                if !event
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(Action::SearchInput(c))
            }
            _ => None,
        }
    }

    /// The keys of a binding as help and hints write them: `j  ↓`.
    pub fn keys_of(&self, name: &str) -> String {
        self.bindings
            .iter()
            .find(|b| b.name == name)
            .map(|b| join_keys(&b.keys))
            .unwrap_or_default()
    }

    /// The first key of a binding, for a hint (`? help`).
    pub fn first_key(&self, name: &str) -> Option<Key> {
        let binding = self.bindings.iter().find(|b| b.name == name)?;
        binding.keys.first().copied()
    }

    /// The help, group by group: (keys, what they do).
    pub fn help(&self) -> Vec<(Group, Vec<(String, &'static str)>)> {
        self.help_for(false)
    }

    /// The help, without what a read-only browser (on a shared server)
    /// cannot do: export files, open a page in a pager.
    pub fn help_for(&self, read_only: bool) -> Vec<(Group, Vec<(String, &'static str)>)> {
        let offered = |binding: &&Binding| {
            !(read_only && matches!(binding.action, Action::StartExport | Action::OpenSource))
        };
        Group::ALL
            .iter()
            .map(|&group| {
                let mut entries: Vec<(String, &'static str)> = Vec::new();
                if group == Group::SearchBox {
                    entries.push(("type".to_string(), "narrow the list at each key"));
                }
                // Bindings that share a help text share its line
                // (`j  ↓  k  ↑  move`).
                for binding in self.bindings.iter().filter(offered) {
                    for (shown_in, text) in binding.help {
                        if *shown_in != group || binding.keys.is_empty() {
                            continue;
                        }
                        let keys = join_keys(&binding.keys);
                        match entries.iter_mut().find(|(_, t)| t == text) {
                            Some((shown, _)) => {
                                shown.push_str("  ");
                                shown.push_str(&keys);
                            }
                            None => entries.push((keys, text)),
                        }
                    }
                }
                (group, entries)
            })
            .collect()
    }
}

fn join_keys(keys: &[Key]) -> String {
    keys.iter()
        .map(Key::to_string)
        .collect::<Vec<_>>()
        .join("  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn letters_type_in_search_but_act_in_browse() {
        let keymap = Keymap::default();
        assert_eq!(
            keymap.action_for(Mode::Search, key(KeyCode::Char('q'))),
            Some(Action::SearchInput('q'))
        );
        assert_eq!(
            keymap.action_for(Mode::Browse, key(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            keymap.action_for(Mode::Search, ctrl_c),
            Some(Action::ForceQuit)
        );
    }

    #[test]
    fn binding_names_are_unique_and_keys_unique_per_context() {
        let keymap = Keymap::default();
        let bindings = keymap.bindings();
        for (i, a) in bindings.iter().enumerate() {
            for b in &bindings[i + 1..] {
                assert_ne!(a.name, b.name);
                if a.context == b.context {
                    for key in &a.keys {
                        assert!(!b.keys.contains(key), "{key} in {} and {}", a.name, b.name);
                    }
                }
            }
        }
    }

    #[test]
    fn every_key_of_every_binding_does_what_the_binding_says() {
        let keymap = Keymap::default();
        for binding in keymap.bindings() {
            let mode = match binding.context {
                Context::Browse => Mode::Browse,
                Context::Input => Mode::Search,
            };
            for key in &binding.keys {
                assert_eq!(Key::parse(&key.to_string()), Ok(*key));
                assert_eq!(
                    keymap.action_for(mode, key.event()),
                    Some(binding.action.clone()),
                    "{key} in {}",
                    binding.name
                );
            }
        }
        assert_eq!(
            keymap.action_for(Mode::Browse, key(KeyCode::Char('b'))),
            Some(Action::JumpToSection("Bakgrund"))
        );
    }

    #[test]
    fn a_rebound_key_acts_and_leaves_its_old_binding() {
        let mut keymap = Keymap::default();
        keymap.rebind("quit", vec![Key::char('x')]).unwrap();
        assert_eq!(
            keymap.action_for(Mode::Browse, key(KeyCode::Char('x'))),
            Some(Action::Quit)
        );
        assert_eq!(
            keymap.action_for(Mode::Browse, key(KeyCode::Char('q'))),
            None
        );
        // `x` was toggle_mark's: it is taken from there.
        assert_eq!(keymap.keys_of("toggle_mark"), "");
        assert!(keymap.rebind("fly", vec![Key::char('w')]).is_err());
        let help = keymap.help();
        let anywhere = &help[0].1;
        assert!(
            anywhere
                .iter()
                .any(|(keys, text)| keys == "x" && text.starts_with("quit"))
        );
    }

    #[test]
    fn a_read_only_browser_offers_no_export_and_no_pager() {
        let keymap = Keymap::default();
        let texts = |help: Vec<(Group, Vec<(String, &'static str)>)>| -> Vec<&'static str> {
            help.into_iter()
                .flat_map(|(_, entries)| entries.into_iter().map(|(_, text)| text))
                .collect()
        };
        let local = texts(keymap.help());
        let shared = texts(keymap.help_for(true));
        for gone in ["export the list", "open the page's file"] {
            assert!(local.iter().any(|t| t.starts_with(gone)), "{gone}");
            assert!(!shared.iter().any(|t| t.starts_with(gone)), "{gone}");
        }
        assert_eq!(local.len(), shared.len() + 2);
    }

    #[test]
    fn taking_the_last_key_of_a_binding_is_reported() {
        let mut keymap = Keymap::default();
        let emptied = keymap.rebind("cycle_sort", vec![Key::char('q')]).unwrap();
        assert_eq!(emptied, ["quit"]);
        assert_eq!(keymap.keys_of("quit"), "");
        // A binding that keeps another key is not reported.
        let emptied = keymap.rebind("cycle_sort", vec![Key::char('j')]).unwrap();
        assert!(emptied.is_empty(), "{emptied:?}");
    }
}
