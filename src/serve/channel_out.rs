//! Writing to a channel: a command's output streamed at the client's pace
//! (line ends as a pty wants them), a refusal on the error stream, and the
//! task that pumps a session's frames from its outbox to the client.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use russh::server::{Handle, Msg};
use russh::{Channel, ChannelId};

use super::limits::MOST_COMMAND_BYTES;
use super::outbox::{Outbox, Outgoing, Queued};
use super::traffic::Stats;
use crate::model::Corpus;

/// A command's output on its way to the client, in chunks, at the
/// client's pace (at most a few of them wait in memory).
struct StreamOut {
    outbox: Arc<Outbox>,
    /// No terminal on the server turns \n into \r\n for a pty: done here.
    on_pty: bool,
    buffer: Vec<u8>,
}

/// The most bytes of output that wait for a slow client.
const STREAM_CHUNK: usize = 64 * 1024;

impl StreamOut {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::take(&mut self.buffer);
        let chunk = if self.on_pty { crlf(&chunk) } else { chunk };
        match self.outbox.stream(&chunk, 4 * STREAM_CHUNK) {
            Queued::ClientGone => Err(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "the client has gone",
            )),
            _ => Ok(()),
        }
    }
}

impl std::io::Write for StreamOut {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= STREAM_CHUNK {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// Says on the error stream that the command is too long; status 2.
pub(super) fn refuse_long_command(
    handle: Handle,
    channel: ChannelId,
    outbox: Arc<Outbox>,
    on_pty: bool,
    length: usize,
) {
    let refusal = format!(
        "esf-browse: the command is {length} bytes long; at most {MOST_COMMAND_BYTES} are accepted\n"
    );
    let refusal = refusal.into_bytes();
    let refusal = if on_pty { crlf(&refusal) } else { refusal };
    tokio::spawn(async move {
        let _ = handle.extended_data(channel, 1, refusal).await;
        outbox.finish(2);
    });
}

/// Runs `command` off the network threads, its output streamed to the
/// channel as it is made, its errors on the error stream, then its status.
pub(super) async fn run_command(
    handle: Handle,
    channel: ChannelId,
    outbox: Arc<Outbox>,
    on_pty: bool,
    corpus: Arc<Corpus>,
    command: Vec<u8>,
) {
    let streamed = Arc::clone(&outbox);
    let output = tokio::task::spawn_blocking(move || {
        let mut out = StreamOut {
            outbox: streamed,
            on_pty,
            buffer: Vec::new(),
        };
        super::exec::run_into(&corpus, &command, &mut out)
    })
    .await
    .unwrap_or_else(|_| super::exec::Output {
        stderr: b"esf-browse: the command failed\n".to_vec(),
        status: 1,
        ..Default::default()
    });
    if !output.stderr.is_empty() {
        let stderr = if on_pty {
            crlf(&output.stderr)
        } else {
            output.stderr
        };
        let _ = handle.extended_data(channel, 1, stderr).await;
    }
    outbox.finish(output.status);
}

/// `\n` → `\r\n`, byte by byte (UTF-8 never has 0x0A inside a letter).
fn crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 32);
    for &byte in bytes {
        if byte == b'\n' {
            out.push(b'\r');
        }
        out.push(byte);
    }
    out
}

/// Writes what the channel's outbox holds to the client, waiting for the
/// client's window (a slow client only slows this task); ends with the
/// exit status, end of file and close.
pub async fn pump(channel: Channel<Msg>, outbox: Arc<Outbox>, stats: Arc<Stats>) {
    let (mut read, write) = channel.split();
    // The read half gets a copy of every message for the channel: drain
    // it, or the connection stalls after a hundred of them.
    let watcher = Arc::clone(&outbox);
    tokio::spawn(async move {
        while read.wait().await.is_some() {}
        watcher.client_gone();
    });
    while let Some(next) = outbox.next().await {
        match next {
            Outgoing::Bytes(bytes) => {
                let length = bytes.len() as u64;
                if write.data_bytes(bytes).await.is_err() {
                    break;
                }
                stats.bytes_out.fetch_add(length, Ordering::Relaxed);
            }
            Outgoing::Exit(status) => {
                let _ = write.exit_status(status).await;
                let _ = write.eof().await;
                let _ = write.close().await;
                break;
            }
        }
    }
    outbox.client_gone();
}
