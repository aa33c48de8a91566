//! Keys -> intents. One table of bindings (`table`) — typed id, config
//! name, keys, the intent in each context, help and hints — from which the
//! `Keymap` is built, changed by the config file, dispatched with, and
//! shown in the help overlay, the hints on screen and the README.

mod ids;
mod key;
mod table;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub use ids::{Binding, Context, Group, Mode, Spot};
pub use key::Key;
pub use table::{Entry, default_bindings};

use super::action::{Edit, Intent};

/// The bindings in force: the defaults, with the config file's changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Entry>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: default_bindings(),
        }
    }
}

impl Keymap {
    pub fn bindings(&self) -> &[Entry] {
        &self.bindings
    }

    fn entry(&self, id: Binding) -> Option<&Entry> {
        self.bindings.iter().find(|b| b.id == id)
    }

    /// Binds `keys` to the binding `name`, taking them from any other
    /// binding that acts where it does; returns the bindings that were
    /// left with no key at all by it (the caller says so: a quit with no
    /// key is a surprise).
    pub fn rebind(&mut self, name: &str, keys: Vec<Key>) -> Result<Vec<&'static str>, String> {
        let Some(at) = self.bindings.iter().position(|b| b.name == name) else {
            return Err(format!(
                "no key binding named {name:?} (`esf-browse config --print-default` lists them)"
            ));
        };
        let contexts: Vec<Context> = self.bindings[at].uses.iter().map(|(c, _)| *c).collect();
        let mut emptied = Vec::new();
        for (i, binding) in self.bindings.iter_mut().enumerate() {
            let shares = binding
                .uses
                .iter()
                .any(|(c, _)| contexts.iter().any(|own| own.overlaps(*c)));
            if i != at && shares {
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

    /// The intent of a key where `context` has the keyboard, if any.
    /// Ctrl-c always quits; a character no binding has is typed into a
    /// prompt; under an overlay any other key closes it; to the overwrite
    /// question any other key is a no.
    pub fn intent_for(&self, context: Context, event: KeyEvent) -> Option<Intent> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let key = Key::from_event(event);
        if key == Key::ctrl('c') {
            return Some(Intent::ForceQuit);
        }
        if let Some(intent) = self.bound(context, key) {
            return Some(intent.clone());
        }
        match (context, event.code) {
            (context, KeyCode::Char(c))
                if context.types_text()
                    && !event
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(Intent::EditText(Edit::Char(c)))
            }
            (Context::Overlay, _) => Some(Intent::Close),
            (Context::Confirm, _) => Some(Intent::Answer(false)),
            _ => None,
        }
    }

    /// The intent bound to exactly this key where `context` has the
    /// keyboard (no fallback).
    pub fn bound(&self, context: Context, key: Key) -> Option<&Intent> {
        context.chain().iter().find_map(|&acting| {
            self.bindings
                .iter()
                .filter(|b| b.keys.contains(&key))
                .find_map(|b| b.intent_in(acting))
        })
    }

    /// Whether a binding acts where `context` has the keyboard: one of
    /// its keys reaches it there.
    pub fn is_live(&self, id: Binding, context: Context) -> bool {
        self.entry(id).is_some_and(|entry| {
            entry.keys.iter().any(|&key| {
                let reached = self.bound(context, key);
                reached.is_some()
                    && context
                        .chain()
                        .iter()
                        .find_map(|&acting| entry.intent_in(acting))
                        == reached
            })
        })
    }

    /// The keys of a binding as help and hints write them: `j  ↓`.
    pub fn keys(&self, id: Binding) -> String {
        self.entry(id)
            .map(|b| join_keys(&b.keys))
            .unwrap_or_default()
    }

    /// The keys of the binding with this config name (`quit`).
    pub fn keys_of(&self, name: &str) -> String {
        self.bindings
            .iter()
            .find(|b| b.name == name)
            .map(|b| join_keys(&b.keys))
            .unwrap_or_default()
    }

    /// The first key of a binding, as a hint shows it (`?`), whatever the
    /// config file made it; `–` when it has none.
    pub fn key(&self, id: Binding) -> String {
        self.entry(id)
            .and_then(|b| b.keys.first())
            .map_or_else(|| "–".to_string(), Key::to_string)
    }

    /// A binding's hint at a spot: its first key and what it does there.
    pub fn hint(&self, id: Binding, spot: Spot) -> (String, &'static str) {
        let text = self.entry(id).and_then(|b| b.hint_at(spot)).unwrap_or("");
        (self.key(id), text)
    }

    /// The help, group by group: (keys, what they do).
    pub fn help(&self) -> Vec<(Group, Vec<(String, &'static str)>)> {
        self.help_for(false)
    }

    /// The help, without what a read-only browser (on a shared server)
    /// cannot do: export files, open a page in a pager.
    pub fn help_for(&self, read_only: bool) -> Vec<(Group, Vec<(String, &'static str)>)> {
        let offered = |binding: &&Entry| {
            !(read_only
                && binding
                    .uses
                    .iter()
                    .any(|(_, i)| matches!(i, Intent::StartExport | Intent::OpenSource)))
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
            keymap.intent_for(Context::Search, key(KeyCode::Char('q'))),
            Some(Intent::EditText(Edit::Char('q')))
        );
        assert_eq!(
            keymap.intent_for(Context::List, key(KeyCode::Char('q'))),
            Some(Intent::Quit)
        );
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(
            keymap.intent_for(Context::Search, ctrl_c),
            Some(Intent::ForceQuit)
        );
    }

    #[test]
    fn space_means_what_it_does_in_each_pane() {
        let keymap = Keymap::default();
        let space = key(KeyCode::Char(' '));
        assert_eq!(
            keymap.intent_for(Context::List, space),
            Some(Intent::ToggleMark)
        );
        assert_eq!(
            keymap.intent_for(Context::Filters, space),
            Some(Intent::ToggleFilterValue)
        );
        assert_eq!(
            keymap.intent_for(Context::Detail, space),
            Some(Intent::PageDown)
        );
        let mut moved = Keymap::default();
        moved.rebind("space", vec![Key::char('_')]).unwrap();
        assert_eq!(
            moved.intent_for(Context::Detail, key(KeyCode::Char('_'))),
            Some(Intent::PageDown)
        );
        assert_eq!(moved.intent_for(Context::Detail, space), None);
    }

    #[test]
    fn binding_names_are_unique_and_keys_unique_where_they_act() {
        let keymap = Keymap::default();
        let bindings = keymap.bindings();
        assert_eq!(bindings.len(), Binding::ALL.len());
        for (i, a) in bindings.iter().enumerate() {
            for b in &bindings[i + 1..] {
                assert_ne!(a.name, b.name);
                let overlap = a
                    .uses
                    .iter()
                    .any(|(x, _)| b.uses.iter().any(|(y, _)| x.overlaps(*y)));
                if overlap {
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
            for (context, intent) in &binding.uses {
                for key in &binding.keys {
                    assert_eq!(Key::parse(&key.to_string()), Ok(*key));
                    assert_eq!(
                        keymap.intent_for(*context, key.event()).as_ref(),
                        Some(intent),
                        "{key} in {}",
                        binding.name
                    );
                }
            }
        }
        assert_eq!(
            keymap.intent_for(Context::List, key(KeyCode::Char('b'))),
            Some(Intent::JumpToSection("Bakgrund"))
        );
    }

    #[test]
    fn the_overwrite_question_has_bindings_and_any_other_key_is_no() {
        let keymap = Keymap::default();
        assert_eq!(
            keymap.intent_for(Context::Confirm, key(KeyCode::Char('j'))),
            Some(Intent::Answer(true))
        );
        assert_eq!(
            keymap.intent_for(Context::Confirm, key(KeyCode::Char('x'))),
            Some(Intent::Answer(false))
        );
        assert_eq!(keymap.keys(Binding::ConfirmYes), "y  Y  j  J");
        let help = keymap.help();
        let (group, entries) = help.last().unwrap();
        assert_eq!(*group, Group::Overwrite);
        assert!(entries.iter().any(|(keys, _)| keys.starts_with('y')));
    }

    #[test]
    fn a_rebound_key_acts_and_leaves_its_old_binding() {
        let mut keymap = Keymap::default();
        keymap.rebind("quit", vec![Key::char('x')]).unwrap();
        assert_eq!(
            keymap.intent_for(Context::List, key(KeyCode::Char('x'))),
            Some(Intent::Quit)
        );
        assert_eq!(
            keymap.intent_for(Context::List, key(KeyCode::Char('q'))),
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
    fn an_alt_binding_is_found() {
        let mut keymap = Keymap::default();
        keymap
            .rebind("quit", vec![Key::parse("Alt-q").unwrap()])
            .unwrap();
        let alt_q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT);
        assert_eq!(keymap.intent_for(Context::List, alt_q), Some(Intent::Quit));
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
