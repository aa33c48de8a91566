//! The browser's one loop, for the local terminal and for every SSH
//! session alike: block for events, take everything already waiting,
//! update the state once, carry out its commands, draw at most once. What
//! differs between the two — where events come from, where frames go, what
//! commands may do there — is a `Console`.

use std::io::{self, Write};

use ratatui::Terminal;
use ratatui::backend::Backend;

use super::action::Msg;
use super::app::App;
use super::event::AppEvent;
use super::screen::Screen;
use super::state::{AppState, Effect};

/// What one wake-up brought.
#[derive(Default)]
pub struct Wake {
    pub events: Vec<AppEvent>,
    /// Said in the status line once the events are handled.
    pub notice: Option<String>,
    /// End after this batch (drawn first), saying why.
    pub stop: Option<String>,
}

/// Whether the frame written to the backend reached the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    Yes,
    /// Dropped unseen (the client had not taken the one before): the next
    /// frame must be drawn whole.
    Dropped,
}

/// The terminal the browser runs on, local or over SSH.
pub trait Console {
    type Backend: Backend<Error = io::Error> + Write;

    fn terminal(&mut self) -> &mut Terminal<Self::Backend>;

    /// Blocks until events arrive and returns them with everything else
    /// already waiting; `None` when none will come again.
    fn wait(&mut self) -> Option<Wake>;

    /// Carries out the state's queued commands with what this terminal
    /// allows; `true` when the terminal was lent to another program (the
    /// next frame is drawn whole).
    fn run_commands(&mut self, state: &mut AppState) -> bool;

    /// Sends the frame just written to the backend.
    fn send_frame(&mut self) -> Sent {
        Sent::Yes
    }

    /// Why the browser must end though nobody quit (the client has gone).
    fn gone(&self) -> Option<String> {
        None
    }
}

/// How the loop ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// The user quit, or a signal ended it (which one).
    Quit { signal: Option<i32> },
    /// The console ended it, saying why (the server stops, the client left).
    Stopped(String),
    /// No event will come again.
    Closed,
}

/// Draws the first frame, then runs until the user quits or the console
/// ends it. Commands queued before a quit (a mark saved, say) are carried
/// out first.
pub fn run<C: Console>(app: &mut App, console: &mut C, hyperlinks: bool) -> io::Result<Ending> {
    let mut screen = Screen::new(hyperlinks);
    draw(&mut screen, console, app, false)?;
    while let Some(wake) = console.wait() {
        let signal = wake.events.iter().find_map(|event| match event {
            AppEvent::Signal(signal) => Some(*signal),
            _ => None,
        });
        let mut effect = app.handle_batch(wake.events);
        if let Some(notice) = wake.notice {
            app.state.update(Msg::Notify(notice));
            effect = effect.max(Effect::Redraw);
        }
        let lent = console.run_commands(&mut app.state);
        if effect == Effect::Quit {
            return Ok(Ending::Quit { signal });
        }
        if let Some(reason) = console.gone() {
            return Ok(Ending::Stopped(reason));
        }
        if effect == Effect::Redraw || lent {
            draw(&mut screen, console, app, lent)?;
        }
        // Pages that came with input, once its frame is out.
        if app.holds_pages() && app.release_held() == Effect::Redraw {
            draw(&mut screen, console, app, false)?;
        }
        if let Some(reason) = wake.stop {
            return Ok(Ending::Stopped(reason));
        }
    }
    Ok(Ending::Closed)
}

/// Draws a frame and sends it; when it was dropped unseen, draws the
/// whole screen once more.
fn draw<C: Console>(
    screen: &mut Screen,
    console: &mut C,
    app: &App,
    whole: bool,
) -> io::Result<()> {
    screen.draw(console.terminal(), app, whole)?;
    if console.send_frame() == Sent::Dropped && !whole {
        screen.draw(console.terminal(), app, true)?;
        console.send_frame();
    }
    Ok(())
}
