//! The names the binding table is keyed by: `Binding` (each binding's typed
//! id, and the config file's name for it), `Context` (who has the
//! keyboard), `Group` (the help's sections) and `Spot` (the places on
//! screen that name keys in a hint).

macro_rules! bindings {
    ($($id:ident => $name:literal,)*) => {
        /// A binding, as views and the help name it; its config name is
        /// `name()`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Binding {
            $($id,)*
        }

        impl Binding {
            pub const ALL: &[Binding] = &[$(Binding::$id,)*];

            /// The config file's name for it (`[keys]`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Binding::$id => $name,)*
                }
            }
        }
    };
}

bindings! {
    Search => "search",
    ToggleSearchKind => "toggle_search_kind",
    FocusNext => "focus_next",
    FocusPrevious => "focus_previous",
    Down => "down",
    Up => "up",
    PageDown => "page_down",
    PageUp => "page_up",
    Top => "top",
    Bottom => "bottom",
    CycleSort => "cycle_sort",
    ReverseSort => "reverse_sort",
    ClearFilters => "clear_filters",
    ToggleFilterPane => "toggle_filter_pane",
    Statistics => "statistics",
    Export => "export",
    MarkedOnly => "marked_only",
    CopyEmail => "copy_email",
    CopySummary => "copy_summary",
    CopyId => "copy_id",
    Messages => "messages",
    OpenSource => "open_source",
    Problems => "problems",
    Help => "help",
    Quit => "quit",
    Open => "open",
    Space => "space",
    ToggleMark => "toggle_mark",
    JumpBakgrund => "jump_bakgrund",
    JumpMalsattning => "jump_malsattning",
    Back => "back",
    ClearFacet => "clear_facet",
    NextFacet => "next_facet",
    PreviousFacet => "previous_facet",
    FoldFacet => "fold_facet",
    NextSection => "next_section",
    PreviousSection => "previous_section",
    NextMatch => "next_match",
    PreviousMatch => "previous_match",
    FullScreen => "full_screen",
    InputAccept => "input_accept",
    InputComplete => "input_complete",
    InputLeft => "input_left",
    InputRight => "input_right",
    InputHome => "input_home",
    InputEnd => "input_end",
    InputCancel => "input_cancel",
    InputToggleKind => "input_toggle_kind",
    InputDeleteWord => "input_delete_word",
    InputClear => "input_clear",
    InputBackspace => "input_backspace",
    InputDown => "input_down",
    InputUp => "input_up",
    InputPageDown => "input_page_down",
    InputPageUp => "input_page_up",
    ConfirmYes => "confirm_yes",
    ConfirmNo => "confirm_no",
}

/// Who has the keyboard, and so which bindings act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Any pane (and an overlay), where the focused pane binds nothing.
    Global,
    List,
    Filters,
    Detail,
    /// The help or the load report.
    Overlay,
    /// Typing in the search box.
    Search,
    /// Typing a word to find in the detail pane.
    Find,
    /// Typing what the filter pane's values (or the help's keys) must
    /// hold.
    Values,
    /// Typing the file name of an export.
    Export,
    /// The overwrite question.
    Confirm,
}

impl Context {
    /// The contexts whose bindings act here, the first that has the key
    /// winning.
    pub fn chain(self) -> &'static [Context] {
        use Context::*;
        match self {
            Global => &[Global],
            List => &[List, Global],
            Filters => &[Filters, Global],
            Detail => &[Detail, Global],
            Overlay => &[Overlay, Global],
            Search => &[Search],
            Find => &[Find],
            Values => &[Values],
            Export => &[Export],
            Confirm => &[Confirm],
        }
    }

    /// Whether one key can act in both (so must not be bound in both).
    pub fn overlaps(self, other: Context) -> bool {
        self.chain().contains(&other) || other.chain().contains(&self)
    }

    /// Whether characters not bound here are typed into a line.
    pub fn types_text(self) -> bool {
        matches!(
            self,
            Context::Search | Context::Find | Context::Values | Context::Export
        )
    }

    /// Which input has the keyboard, as the views and tests ask it.
    pub fn mode(self) -> Mode {
        match self {
            Context::Search => Mode::Search,
            Context::Find | Context::Values => Mode::Find,
            Context::Export => Mode::ExportPath,
            Context::Confirm => Mode::Confirm,
            _ => Mode::Browse,
        }
    }
}

/// Which input has the keyboard: a summary of the `Context`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Moving around the panes.
    Browse,
    /// Typing in the search box.
    Search,
    /// Typing a word to find in the detail pane, or what the filter
    /// pane's values must hold.
    Find,
    /// Typing the file name of an export.
    ExportPath,
    /// Answering yes or no.
    Confirm,
}

/// The help overlay's groups (and the README's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Anywhere,
    List,
    Filters,
    Detail,
    SearchBox,
    Overwrite,
}

impl Group {
    pub const ALL: [Group; 6] = [
        Group::Anywhere,
        Group::List,
        Group::Filters,
        Group::Detail,
        Group::SearchBox,
        Group::Overwrite,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Group::Anywhere => "Anywhere",
            Group::List => "List",
            Group::Filters => "Filters",
            Group::Detail => "Detail",
            Group::SearchBox => "Search box",
            Group::Overwrite => "Overwrite question",
        }
    }
}

/// A place on screen that names keys: the status bar of each pane, the
/// prompts, the titles of the overlays and the statistics, the empty list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    StatusList,
    StatusFilters,
    StatusDetail,
    /// The search box being typed in (and the status bar meanwhile).
    Search,
    /// The search box while the list has the keyboard.
    SearchBar,
    Find,
    Values,
    Export,
    Confirm,
    Overlay,
    EmptyList,
    Stats,
    /// After a message cut short in the status bar.
    Message,
}
