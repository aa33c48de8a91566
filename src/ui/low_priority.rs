//! Background work that gives way to input: a thread pool whose threads
//! run at the lowest priority (nice 19), so that building the full-text
//! index never keeps a keystroke's search from the cores. Linux (glibc)
//! only, as a best effort; elsewhere the threads keep the usual priority.

use rayon::{ThreadPool, ThreadPoolBuilder};

/// The nice value of background threads: the lowest priority there is.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const BACKGROUND_NICE: libc::c_int = 19;

/// Lowers the calling thread's priority (on Linux a nice value belongs to
/// a thread, not to the process). A failure leaves it as it was.
pub fn lower_this_thread() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: gettid and setpriority take and return plain integers and
    // change nothing but the scheduling of this thread.
    unsafe {
        let thread = libc::gettid() as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, thread, BACKGROUND_NICE);
    }
}

/// A pool of `threads` threads, each at the lowest priority; `None` if
/// the system gives no threads.
pub fn pool(name: &'static str, threads: usize) -> Option<ThreadPool> {
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(move |i| format!("{name}-{i}"))
        .start_handler(|_| lower_this_thread())
        .build()
        .ok()
}

/// This thread's nice value (Linux), for tests.
#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
fn nice_of_this_thread() -> libc::c_int {
    // SAFETY: as above; reads the value only.
    unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) }
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::*;

    #[test]
    fn the_pool_runs_at_the_lowest_priority_and_the_caller_is_untouched() {
        let before = nice_of_this_thread();
        let pool = pool("test-low", 2).expect("threads");
        let nices: Vec<libc::c_int> = pool.broadcast(|_| nice_of_this_thread());
        assert_eq!(nices, [BACKGROUND_NICE, BACKGROUND_NICE]);
        assert_eq!(nice_of_this_thread(), before);
    }

    #[test]
    fn a_thread_lowers_itself_alone() {
        let before = nice_of_this_thread();
        let lowered = std::thread::spawn(|| {
            lower_this_thread();
            nice_of_this_thread()
        })
        .join()
        .expect("the thread ends");
        assert_eq!(lowered, BACKGROUND_NICE);
        assert_eq!(nice_of_this_thread(), before);
    }
}
