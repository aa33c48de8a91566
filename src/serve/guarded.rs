//! A connection's socket with two guards around it: a write deadline (a
//! client that stops reading cannot hold the server's writes, and so its
//! memory and threads, for ever) and a switch that ends it from outside
//! whatever the SSH library is doing — the deadline to authenticate, the
//! idle limit and stopping the server all end a connection this way.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

/// Ends a connection: its next read or write fails, and a read or write
/// waiting now is woken to fail.
#[derive(Debug, Default)]
pub struct Switch {
    off: AtomicBool,
    waiting: Mutex<Vec<Waker>>,
    why: Mutex<Option<String>>,
}

impl Switch {
    /// Ends the connection, saying why (for the log); the first reason stays.
    pub fn turn_off(&self, why: &str) {
        if let Ok(mut reason) = self.why.lock()
            && reason.is_none()
        {
            *reason = Some(why.to_string());
        }
        self.off.store(true, Ordering::SeqCst);
        let waiting = self
            .waiting
            .lock()
            .map(|mut w| std::mem::take(&mut *w))
            .unwrap_or_default();
        for waker in waiting {
            waker.wake();
        }
    }

    pub fn is_off(&self) -> bool {
        self.off.load(Ordering::SeqCst)
    }

    /// Why it was turned off, if it was.
    pub fn why(&self) -> Option<String> {
        self.why.lock().ok().and_then(|why| why.clone())
    }

    fn check(&self, cx: &Context<'_>) -> io::Result<()> {
        if self.is_off() {
            return Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                self.why().unwrap_or_else(|| "closed by the server".into()),
            ));
        }
        if let Ok(mut waiting) = self.waiting.lock()
            && !waiting.iter().any(|w| w.will_wake(cx.waker()))
        {
            // Reads and writes come from one task: at most a few.
            if waiting.len() >= 4 {
                waiting.remove(0);
            }
            waiting.push(cx.waker().clone());
        }
        // Turned off between the check and the registration: say so now.
        if self.is_off() {
            return Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "closed by the server",
            ));
        }
        Ok(())
    }
}

/// A socket that fails a write that has made no progress for `stall`, and
/// fails everything once its `Switch` is turned off.
pub struct Guarded<S> {
    inner: S,
    switch: Arc<Switch>,
    stall: Duration,
    /// Running while a write waits for the client.
    write_timer: Option<Pin<Box<Sleep>>>,
}

impl<S> Guarded<S> {
    pub fn new(inner: S, switch: Arc<Switch>, stall: Duration) -> Guarded<S> {
        Guarded {
            inner,
            switch,
            stall,
            write_timer: None,
        }
    }

    /// After a write or flush that did not complete: start the deadline
    /// (once), and fail when it has passed.
    fn waited(&mut self, cx: &mut Context<'_>) -> io::Result<()> {
        let stall = self.stall;
        let timer = self
            .write_timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(stall)));
        if timer.as_mut().poll(cx).is_ready() {
            self.switch.turn_off("the client stopped reading");
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            ));
        }
        Ok(())
    }
}

impl<S> Guarded<S> {
    /// A write or flush polled: still waiting runs the deadline, done
    /// stops it.
    fn timed<T>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if polled.is_pending() {
            self.waited(cx)?;
        } else {
            self.write_timer = None;
        }
        polled
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Guarded<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.switch.check(cx)?;
        Pin::new(&mut this.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Guarded<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.switch.check(cx)?;
        let polled = Pin::new(&mut this.inner).poll_write(cx, buf);
        this.timed(cx, polled)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.switch.check(cx)?;
        let polled = Pin::new(&mut this.inner).poll_flush(cx);
        this.timed(cx, polled)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn turning_the_switch_off_wakes_a_waiting_read() {
        let (ours, _theirs) = tokio::io::duplex(64);
        let switch = Arc::new(Switch::default());
        let mut guarded = Guarded::new(ours, Arc::clone(&switch), Duration::from_secs(60));
        let reading = tokio::spawn(async move {
            let mut buffer = [0u8; 8];
            guarded.read(&mut buffer).await
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        switch.turn_off("test");
        let result = tokio::time::timeout(Duration::from_secs(10), reading)
            .await
            .expect("the read was woken")
            .unwrap();
        assert_eq!(result.unwrap_err().kind(), io::ErrorKind::ConnectionAborted);
        assert_eq!(switch.why().as_deref(), Some("test"));
    }

    #[tokio::test(start_paused = true)]
    async fn a_write_nobody_reads_fails_after_the_stall() {
        let (ours, _theirs) = tokio::io::duplex(16);
        let switch = Arc::new(Switch::default());
        let mut guarded = Guarded::new(ours, Arc::clone(&switch), Duration::from_secs(5));
        let result = guarded.write_all(&[b'x'; 1024]).await;
        assert_eq!(result.unwrap_err().kind(), io::ErrorKind::TimedOut);
        assert!(switch.is_off());
    }

    #[tokio::test]
    async fn writes_a_client_reads_go_through() {
        let (ours, mut theirs) = tokio::io::duplex(16);
        let switch = Arc::new(Switch::default());
        let mut guarded = Guarded::new(ours, switch, Duration::from_secs(60));
        let reader = tokio::spawn(async move {
            let mut all = Vec::new();
            theirs.read_to_end(&mut all).await.map(|_| all.len())
        });
        guarded.write_all(&[b'x'; 4096]).await.unwrap();
        guarded.shutdown().await.unwrap();
        drop(guarded);
        assert_eq!(reader.await.unwrap().unwrap(), 4096);
    }
}
