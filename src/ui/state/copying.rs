//! Copying the selected project's e-mail address, its title and
//! summary, or its registration number (or file id) to the terminal's
//! clipboard (OSC 52).

use super::{AppState, Command};

impl AppState {
    pub(super) fn copy_email(&mut self) {
        let Some(index) = self.selected() else { return };
        match self.corpus.store.project(index).email.clone() {
            Some(email) => self.copy("e-mail", email),
            None => self.message = Some("this project has no e-mail address".into()),
        }
    }

    pub(super) fn copy_summary(&mut self) {
        let Some(index) = self.selected() else { return };
        let project = self.corpus.store.project(index);
        let mut text = project.title.clone();
        if let Some(summary) = project.section("Sammanfattning") {
            text.push_str("\n\n");
            text.push_str(&summary.text);
        }
        self.copy("title and summary", text);
    }

    /// The registration number, or the file id of a page without one.
    pub(super) fn copy_id(&mut self) {
        let Some(index) = self.selected() else { return };
        let project = self.corpus.store.project(index);
        let (what, text) = match &project.registration_number {
            Some(number) => ("registration number", number.clone()),
            None => ("file id", project.id.clone()),
        };
        self.copy(what, text);
    }

    fn copy(&mut self, what: &'static str, text: String) {
        if self.options.clipboard {
            self.commands.push(Command::Copy { what, text });
        } else {
            self.message = Some("copying is turned off (--no-clipboard)".into());
        }
    }
}
