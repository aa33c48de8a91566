//! The project list: a table of title, region, years and ESF grant whose
//! columns drop as the pane narrows; matched letters highlighted, marks
//! shown, and in full-text mode a snippet line under each title.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Margin, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};

use super::super::action::Pane;
use super::super::keymap::Mode;
use super::super::keymap::{Binding, Spot};
use super::super::panes::prompt::EDITING_HINTS;
use super::super::state::{AppState, ListColumn, SearchKind};
use super::super::theme::Theme;
use super::{hint, hint_text};
use crate::model::Project;
use crate::model::SortKey;
use crate::model::page::format::{group_thousands, years};
use crate::model::query::similar::SIMILAR;
use crate::model::query::text::{TextHit, snippet};
use crate::ui::panes::row_marks::Marks;

/// Which optional columns fit in `width`.
struct Columns {
    region: bool,
    years: bool,
    grant: bool,
    /// The money column shows the total budget (the list is sorted by it).
    budget: bool,
}

impl Columns {
    const REGION: u16 = 20;
    const YEARS: u16 = 9;
    const GRANT: u16 = 14;

    /// Columns besides the title, with their spacing.
    fn width_of_others(&self) -> u16 {
        let mut width = 0;
        if self.region {
            width += Self::REGION + 1;
        }
        if self.years {
            width += Self::YEARS + 1;
        }
        if self.grant {
            width += Self::GRANT + 1;
        }
        width
    }

    /// The columns that fit beside the title, in the user's order of
    /// choice: the first needs the least width. With full-text snippets
    /// under the titles, the title column (and so each snippet) keeps
    /// more of the width: the other columns need more room to show.
    fn fitting(width: u16, snippets: bool, chosen: &[ListColumn]) -> Columns {
        let needed: [u16; 3] = if snippets {
            [60, 90, 120]
        } else {
            [36, 50, 72]
        };
        let shown = |column: ListColumn| {
            chosen
                .iter()
                .position(|&c| c == column)
                .is_some_and(|slot| width >= needed[slot.min(2)])
        };
        Columns {
            grant: shown(ListColumn::Grant),
            years: shown(ListColumn::Years),
            region: shown(ListColumn::Region),
            budget: false,
        }
    }

    /// The table's column widths and header row.
    fn header(&self) -> (Vec<Constraint>, Vec<Cell<'static>>) {
        let mut widths = vec![Constraint::Fill(1)];
        let mut header = vec![Cell::from("Title")];
        if self.region {
            widths.push(Constraint::Length(Self::REGION));
            header.push(Cell::from("Region"));
        }
        if self.years {
            widths.push(Constraint::Length(Self::YEARS));
            header.push(Cell::from("Years"));
        }
        if self.grant {
            widths.push(Constraint::Length(Self::GRANT));
            header.push(Cell::from(
                Line::from(if self.budget {
                    "Total budget"
                } else {
                    "ESF grant"
                })
                .alignment(Alignment::Right),
            ));
        }
        (widths, header)
    }
}

impl Highlight {
    /// What the state's search shows on the rows.
    fn of(state: &AppState) -> Highlight {
        match (state.is_searching(), state.query().kind) {
            (false, _) => Highlight::None,
            (true, SearchKind::Titles) => Highlight::Title,
            (true, SearchKind::AllText) => Highlight::Text,
        }
    }
}

impl Columns {
    /// The list's columns at `width`: the user's choice that fits, the
    /// money column the total budget when sorted by it.
    fn for_list(width: u16, highlight: Highlight, state: &AppState) -> Columns {
        let snippets = highlight == Highlight::Text;
        Columns {
            budget: state.effective_sort() == SortKey::Budget,
            ..Columns::fitting(width, snippets, &state.options().columns)
        }
    }
}

/// What a search shows on a row: matched letters in the title, or a
/// snippet line under it; the marks themselves are the state's
/// (`row_marks`), made once per query.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Highlight {
    None,
    Title,
    Text,
}

/// The pane's border: the counts at the top, the cursor's row below.
fn block<'a>(state: &AppState, theme: &Theme, focused: bool) -> Block<'a> {
    let store = &state.corpus().store;
    let hits = state.hits();
    // Similar titles come after the matches (see `Query::run`).
    let similar = hits
        .iter()
        .rev()
        .take_while(|hit| hit.score == SIMILAR)
        .count();
    let mut count = if similar == 0 {
        format!(" {} / {} projects ", hits.len(), store.len())
    } else if similar == hits.len() {
        format!(" no match; {similar} similar / {} projects ", store.len())
    } else {
        format!(
            " {} + {similar} similar / {} projects ",
            hits.len() - similar,
            store.len()
        )
    };
    if state.marked_count() > 0 {
        let only = if state.marked_only() {
            ", only marked"
        } else {
            ""
        };
        count = format!(" {} marked{only} ·{count}", state.marked_count());
    }
    let block = Block::bordered()
        .border_style(theme.border(focused))
        .title(Line::styled(" Projects ", theme.pane_title(focused)))
        .title(Line::from(count).alignment(Alignment::Right));
    if hits.is_empty() {
        return block;
    }
    // Where the cursor is, so a list not at its top says so.
    let position = format!(
        " {}/{} ",
        group_thousands(state.list_cursor() as u64 + 1, ' '),
        group_thousands(hits.len() as u64, ' ')
    );
    block.title_bottom(Line::from(position).alignment(Alignment::Right))
}

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let focused = state.focus() == Pane::List;
    let store = &state.corpus().store;
    let hits = state.hits();
    let block = block(state, theme, focused);
    let body = area.inner(Margin::new(1, 1));
    frame.render_widget(block, area);
    if body.width == 0 || body.height == 0 {
        return;
    }
    if hits.is_empty() {
        frame.render_widget(
            Paragraph::new(empty_list_text(state))
                .style(theme.dim())
                .wrap(Default::default()),
            body,
        );
        return;
    }
    let highlight = Highlight::of(state);
    let columns = Columns::for_list(body.width, highlight, state);
    let row_height = state.list_row_height();
    let rows_shown = usize::from(body.height.saturating_sub(1)) / row_height;
    let offset = state.list_offset();
    let title_width = usize::from(body.width.saturating_sub(columns.width_of_others()));
    let rows: Vec<Row> = hits
        .iter()
        .skip(offset)
        .take(rows_shown.max(1))
        .map(|hit| {
            let index = hit.index as usize;
            let project = store.project(index);
            let marks = state.row_marks(hit.index);
            row(
                project,
                (state.is_marked(index), hit.score == SIMILAR),
                (highlight, marks),
                theme,
                &columns,
                title_width,
            )
            .height(row_height as u16)
        })
        .collect();
    let (widths, header) = columns.header();
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.dim()))
        .column_spacing(1)
        .row_highlight_style(theme.selection(focused));
    let mut table_state = TableState::new().with_selected(state.list_cursor().checked_sub(offset));
    frame.render_stateful_widget(table, body, &mut table_state);
}

fn row<'a>(
    project: &'a Project,
    (marked, similar): (bool, bool),
    (highlight, marks): (Highlight, Option<&Marks>),
    theme: &Theme,
    columns: &Columns,
    width: usize,
) -> Row<'a> {
    let mut title = match (highlight, marks) {
        (Highlight::Title, Some(marks)) => highlighted_title(&project.title, &marks.title, theme),
        _ => Line::from(project.title.as_str()),
    };
    if project.copies() > 1 {
        // Saved in several files, merged: one row, counted once (before
        // the title, so that a long title never hides it).
        let copies = format!("×{} ", project.copies());
        title.spans.insert(0, Span::styled(copies, theme.dim()));
    }
    if similar {
        // Found by typo tolerance, not by the search itself.
        title.spans.insert(0, Span::styled("≈ ", theme.dim()));
    }
    if marked {
        title.spans.insert(0, Span::styled("● ", theme.active()));
    }
    let title = ellipsized(title, width);
    let title_cell = match highlight {
        Highlight::Text => Cell::from(Text::from(vec![
            title,
            snippet_line(project, marks.and_then(|m| m.text), theme, width),
        ])),
        _ => Cell::from(title),
    };
    let mut cells = vec![title_cell];
    if columns.region {
        cells.push(Cell::from(project.region_name().unwrap_or("")));
    }
    if columns.years {
        cells.push(Cell::from(years(project)));
    }
    if columns.grant {
        let money = if columns.budget {
            project.total_budget_sek
        } else {
            project.esf_grant_sek
        };
        let grant = money
            .map(|g| format!("{} kr", group_thousands(g, ' ')))
            .unwrap_or_default();
        cells.push(Cell::from(Line::from(grant).alignment(Alignment::Right)));
    }
    Row::new(cells)
}

/// `  3× …text before match after…`, the match highlighted.
fn snippet_line<'a>(
    project: &Project,
    hit: Option<TextHit>,
    theme: &Theme,
    width: usize,
) -> Line<'a> {
    let Some(hit) = hit else {
        return Line::default();
    };
    let count = format!("  {}× ", hit.hits);
    let room = width.saturating_sub(count.chars().count());
    let (before, matched, after) = snippet(project, hit.first, room);
    Line::from(vec![
        Span::styled(count, theme.dim()),
        Span::styled(before, theme.dim()),
        Span::styled(matched, theme.matched()),
        Span::styled(after, theme.dim()),
    ])
}

/// A line cut to `width` columns with `…` as its last column when it does
/// not fit (the table would cut it silently), styles kept.
fn ellipsized(line: Line<'_>, width: usize) -> Line<'_> {
    use unicode_width::UnicodeWidthChar;
    if line.width() <= width || width == 0 {
        return line;
    }
    let mut spans = Vec::new();
    let mut used = 0;
    'spans: for span in line.spans {
        let mut kept = String::new();
        for c in span.content.chars() {
            let w = c.width().unwrap_or(0);
            if used + w + 1 > width {
                if !kept.is_empty() {
                    spans.push(Span::styled(kept, span.style));
                }
                break 'spans;
            }
            used += w;
            kept.push(c);
        }
        spans.push(Span::styled(kept, span.style));
    }
    spans.push(Span::raw("…"));
    Line::from(spans)
}

/// The title as spans, matched letters in the match style.
fn highlighted_title<'a>(title: &'a str, positions: &[usize], theme: &Theme) -> Line<'a> {
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_matched = false;
    for (i, c) in title.chars().enumerate() {
        let matched = positions.binary_search(&i).is_ok();
        if matched != run_matched && !run.is_empty() {
            let style = if run_matched {
                theme.matched()
            } else {
                Style::new()
            };
            spans.push(Span::styled(std::mem::take(&mut run), style));
        }
        run_matched = matched;
        run.push(c);
    }
    let style = if run_matched {
        theme.matched()
    } else {
        Style::new()
    };
    spans.push(Span::styled(run, style));
    Line::from(spans)
}

/// What an empty list says, and how to get projects back.
fn empty_list_text(state: &AppState) -> String {
    let store = &state.corpus().store;
    if state.loading().is_some() {
        "Loading pages …".to_string()
    } else if state.corpus().files_seen == 0 {
        "No project pages (*.txt) were found in the paths given.".to_string()
    } else if store.is_empty() {
        "No projects loaded. Press ! to see which files failed.".to_string()
    } else if state.marked_only() {
        let (key, does) = hint(state, Binding::MarkedOnly, Spot::EmptyList);
        format!("No marked project matches. {key} {does}.")
    } else {
        let (back, clears_search) = hint(state, Binding::Back, Spot::EmptyList);
        let (clear, clears_filters) = hint(state, Binding::ClearFilters, Spot::EmptyList);
        format!("No project matches. {back} {clears_search}, {clear} {clears_filters}.")
    }
}

/// The one-line search box above the list.
pub fn render_search(frame: &mut Frame, area: Rect, state: &AppState, theme: &Theme) {
    let editing = state.mode() == Mode::Search;
    let prompt = match state.query().kind {
        SearchKind::Titles => " titles / ",
        SearchKind::AllText => " all text / ",
    };
    let hint = if editing {
        hint_text(state, EDITING_HINTS, Spot::Search)
    } else {
        hint_text(state, &[Binding::Search, Binding::Back], Spot::SearchBar)
    };
    let hint = format!("  {hint}");
    let mut spans = vec![
        Span::styled(prompt, theme.key()),
        Span::raw(state.query().text.as_str()),
    ];
    if state.text_search_running() {
        // Until the index is built, a search reads every page.
        let doing = if state.indexing_progress().is_some() {
            "  scanning (index not ready)…"
        } else {
            "  searching…"
        };
        spans.push(Span::styled(doing, theme.key()));
    }
    spans.push(Span::styled(hint, theme.dim()));
    let line = Line::from(spans);
    frame.render_widget(Paragraph::new(line), area);
    if editing {
        let width = unicode_width::UnicodeWidthStr::width(state.query().text.as_str()) as u16;
        let x = area
            .x
            .saturating_add(prompt.chars().count() as u16)
            .saturating_add(width)
            .min(area.right().saturating_sub(1));
        frame.set_cursor_position(Position::new(x, area.y));
    }
}
