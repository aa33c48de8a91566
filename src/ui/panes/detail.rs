//! The detail pane: the selected project laid out for the pane's width
//! (cached), how far it is scrolled, whether it has the whole screen, and
//! find in page.

use std::sync::Arc;

use super::super::action::{Intent, Pane};
use super::super::keymap::Binding;
use super::super::layout::{LayoutInput, Panes};
use super::find::Find;
use super::{Ctx, Outcome, movement};
use crate::model::page::document::{Document, layout as document_layout};
use crate::model::query::text::TextQuery;

/// The bindings the status bar names while this pane has the keyboard.
pub const HINTS: &[Binding] = &[
    Binding::Help,
    Binding::Search,
    Binding::NextMatch,
    Binding::Quit,
];

/// One find-in-page match: a line of the detail document and the byte
/// range in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FindMatch {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// Where a jump lands.
enum Target {
    /// A heading, found again once the pane has its new width (else the
    /// line it was on).
    Heading(&'static str, usize),
    Line(usize),
}

#[derive(Debug, Clone, Default)]
pub struct DetailPane {
    pub scroll: usize,
    pub full: bool,
    pub find: Find,
    /// The selected project laid out, and for which (project, width).
    document: Option<((u32, u16), Arc<Document>)>,
}

impl DetailPane {
    /// Scrolling, jumps to sections and matches, full screen.
    pub fn update(&mut self, intent: &Intent, ctx: &Ctx) -> Outcome {
        let focus = ctx.layout.focus;
        if let Some(step) = movement(intent) {
            let delta = step.lines(self.height(ctx, focus));
            self.scroll = self.scroll.saturating_add_signed(delta);
            self.clamp(ctx, focus);
            return Outcome::default();
        }
        match *intent {
            Intent::ToggleFullScreen if ctx.selected.is_some() => {
                self.full = !self.full;
                // Taller now: no screen of blank rows past the end.
                self.clamp(ctx, Pane::Detail);
                focused()
            }
            Intent::NextSection => self.step_section(true, ctx),
            Intent::PreviousSection => self.step_section(false, ctx),
            Intent::JumpToSection(heading) => match self.document(ctx, focus) {
                Some(doc) => match doc.heading_line(heading) {
                    Some(line) => self.jump(Target::Heading(heading, line), ctx),
                    None => Outcome::message(format!("this project has no {heading}")),
                },
                None => Outcome::default(),
            },
            Intent::NextMatch => self.step_match(true, ctx),
            Intent::PreviousMatch => self.step_match(false, ctx),
            _ => Outcome::default(),
        }
    }

    fn step_section(&mut self, forward: bool, ctx: &Ctx) -> Outcome {
        let Some(doc) = self.document(ctx, ctx.layout.focus) else {
            return Outcome::default();
        };
        let mut starts = doc.headings.iter().map(|(_, line)| *line);
        let target = if forward {
            starts.clone().find(|&line| line > self.scroll)
        } else {
            starts.rfind(|&line| line < self.scroll).or(Some(0))
        };
        match target {
            Some(line) => self.jump(Target::Line(line), ctx),
            None => Outcome::default(),
        }
    }

    /// Brings the pane into view (the whole screen when it has no room of
    /// its own) and scrolls to the target.
    fn jump(&mut self, target: Target, ctx: &Ctx) -> Outcome {
        if !self.panes(ctx, Pane::Detail).is_visible(Pane::Detail) {
            self.full = true;
        }
        self.scroll = match target {
            Target::Line(line) => line,
            Target::Heading(heading, line) => self
                .document(ctx, Pane::Detail)
                .and_then(|doc| doc.heading_line(heading))
                .unwrap_or(line),
        };
        self.clamp(ctx, Pane::Detail);
        focused()
    }

    fn step_match(&mut self, forward: bool, ctx: &Ctx) -> Outcome {
        let matches = self.find_matches(ctx);
        if matches.is_empty() {
            return Outcome::message("no matches in this project");
        }
        self.find.step(forward, matches.len());
        self.show_current_match(&matches, ctx)
    }

    /// The find text changed: the first match from the top of the view on
    /// becomes current.
    pub fn find_changed(&mut self, text: &str, ctx: &Ctx) -> Outcome {
        self.find.text = text.to_string();
        let matches = self.find_matches(ctx);
        let mut outcome = Outcome::default();
        if matches.is_empty() && !self.find.text.trim().is_empty() {
            outcome.message = Some("no matches in this project".into());
        }
        self.find
            .first_from(matches.iter().map(|m| m.line), self.scroll);
        outcome.focus = self.show_current_match(&matches, ctx).focus;
        outcome
    }

    fn show_current_match(&mut self, matches: &[FindMatch], ctx: &Ctx) -> Outcome {
        let Some(current) = matches.get(self.find.current) else {
            return Outcome::default();
        };
        let height = self.height(ctx, Pane::Detail).max(1);
        if current.line < self.scroll || current.line >= self.scroll + height {
            self.scroll = current.line.saturating_sub(height / 3);
            self.clamp(ctx, Pane::Detail);
        }
        focused()
    }

    /// Another project is selected: from its top, its own first match.
    pub fn new_page(&mut self) {
        self.scroll = 0;
        self.find.current = 0;
    }

    /// The query that highlights: what was typed in find, or else the
    /// full-text search carried over.
    pub fn pattern(&self, ctx: &Ctx) -> Option<TextQuery> {
        if !self.find.text.trim().is_empty() {
            Some(TextQuery::parse(&self.find.text))
        } else {
            ctx.text_query.cloned()
        }
    }

    /// Every match in the selected project's document, in order.
    pub fn find_matches(&self, ctx: &Ctx) -> Vec<FindMatch> {
        // Lay the page out only when there is something to find.
        let Some(pattern) = self.pattern(ctx) else {
            return Vec::new();
        };
        self.document(ctx, ctx.layout.focus)
            .map_or_else(Vec::new, |doc| matches_in(&pattern, &doc))
    }

    /// The pane rectangles with this focus and the pane's full screen.
    pub fn panes(&self, ctx: &Ctx, focus: Pane) -> Panes {
        Panes::compute(LayoutInput {
            focus,
            detail_full: self.full,
            ..ctx.layout
        })
    }

    /// Lines the pane shows at once.
    pub fn height(&self, ctx: &Ctx, focus: Pane) -> usize {
        self.panes(ctx, focus)
            .detail
            .map_or(0, |r| usize::from(r.height.saturating_sub(2)))
    }

    /// What the layout depends on: the project and the width.
    fn document_key(&self, ctx: &Ctx, focus: Pane) -> Option<(u32, u16)> {
        let width = self
            .panes(ctx, focus)
            .detail
            .map_or(ctx.layout.area.width.saturating_sub(2), |r| {
                r.width.saturating_sub(2)
            });
        Some((ctx.selected?, width))
    }

    /// The selected project laid out for the pane's width: the one laid
    /// out when it was selected or the width changed.
    pub fn document(&self, ctx: &Ctx, focus: Pane) -> Option<Arc<Document>> {
        let key = self.document_key(ctx, focus)?;
        match &self.document {
            Some((cached, document)) if *cached == key => Some(document.clone()),
            _ => Some(Arc::new(lay_out(ctx, key))),
        }
    }

    /// Brings the cached layout up to date, so that drawing only reads it.
    pub fn sync(&mut self, ctx: &Ctx) {
        let Some(key) = self.document_key(ctx, ctx.layout.focus) else {
            return;
        };
        if self
            .document
            .as_ref()
            .is_none_or(|(cached, _)| *cached != key)
        {
            self.document = Some((key, Arc::new(lay_out(ctx, key))));
        }
    }

    pub fn clamp(&mut self, ctx: &Ctx, focus: Pane) {
        let lines = self.document(ctx, focus).map_or(0, |doc| doc.lines.len());
        let max = lines.saturating_sub(self.height(ctx, focus).max(1));
        self.scroll = self.scroll.min(max);
    }

    /// Where the view stands: the section it is in, and how far into it
    /// (0.0 = its heading).
    pub fn anchor(&self, ctx: &Ctx) -> Option<(usize, f64)> {
        if self.scroll == 0 {
            return None;
        }
        let doc = self.document(ctx, ctx.layout.focus)?;
        let section = doc
            .headings
            .iter()
            .rposition(|(_, line)| *line <= self.scroll)?;
        let (start, end) = section_span(&doc, section);
        let share = (self.scroll - start) as f64 / (end - start).max(1) as f64;
        Some((section, share))
    }

    /// After a rewrap: the same section, the same share of the way in.
    pub fn restore_anchor(&mut self, anchor: Option<(usize, f64)>, ctx: &Ctx) {
        let (Some((section, share)), Some(doc)) = (anchor, self.document(ctx, ctx.layout.focus))
        else {
            return;
        };
        if section < doc.headings.len() {
            let (start, end) = section_span(&doc, section);
            self.scroll = start + ((end - start) as f64 * share).round() as usize;
        }
    }
}

fn focused() -> Outcome {
    Outcome {
        focus: Some(Pane::Detail),
        ..Outcome::default()
    }
}

fn section_span(doc: &Document, section: usize) -> (usize, usize) {
    let start = doc.headings[section].1;
    let end = doc
        .headings
        .get(section + 1)
        .map_or(doc.lines.len(), |(_, line)| *line);
    (start, end)
}

fn lay_out(ctx: &Ctx, (index, width): (u32, u16)) -> Document {
    document_layout(ctx.store.project(index as usize), usize::from(width))
}

/// Every match of `pattern` in a laid out document.
pub fn matches_in(pattern: &TextQuery, doc: &Document) -> Vec<FindMatch> {
    doc.lines
        .iter()
        .enumerate()
        .flat_map(|(line, text)| {
            pattern
                .matches_in(&text.text)
                .into_iter()
                .map(move |(start, end)| FindMatch { line, start, end })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::fixture;
    use super::*;

    #[test]
    fn scrolling_stays_on_the_page_and_sections_jump() {
        let fixture = fixture();
        let ctx = fixture.ctx_selected(Pane::Detail);
        let mut detail = DetailPane::default();
        detail.update(&Intent::Bottom, &ctx);
        let doc = detail.document(&ctx, Pane::Detail).unwrap();
        let height = detail.height(&ctx, Pane::Detail);
        assert_eq!(detail.scroll, doc.lines.len().saturating_sub(height));
        detail.update(&Intent::Top, &ctx);
        assert_eq!(detail.scroll, 0);
        let outcome = detail.update(&Intent::JumpToSection("Bakgrund"), &ctx);
        assert_eq!(outcome.focus, Some(Pane::Detail));
        let line = doc.heading_line("Bakgrund").unwrap();
        assert_eq!(detail.scroll, line.min(doc.lines.len() - height));
        let none = detail.update(&Intent::JumpToSection("Nowhere"), &ctx);
        assert!(none.message.is_some());
        detail.find_changed("projekt", &ctx);
        let matches = detail.find_matches(&ctx);
        assert!(!matches.is_empty());
        let first = detail.find.current;
        assert!(matches[first].line >= line.min(doc.lines.len() - height));
        detail.update(&Intent::NextMatch, &ctx);
        assert_eq!(detail.find.current, (first + 1) % matches.len());
    }
}
