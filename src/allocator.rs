//! Asks glibc's allocator to keep memory the process frees, for a while.
//!
//! A keystroke in a search over 100k titles allocates and frees a few
//! megabytes of hit lists. By default glibc gives the top of its heap back
//! to the kernel at once, and every page is then faulted in afresh on the
//! next keystroke: measured on a 2-core VM, a third of the first key's
//! time. A pad of 32 MiB kept at the heap's top leaves those pages in place.
//! The local browser asks for it; `serve` does not, as each session's thread
//! has an arena of its own that would keep a pad too. Elsewhere (musl,
//! other systems) this does nothing.

/// How much freed memory the heap keeps at its top.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TOP_PAD_BYTES: libc::c_int = 32 << 20;

/// Call once, early.
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable of the allocator, under the
    // allocator's own locks.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, TOP_PAD_BYTES);
    }
}
