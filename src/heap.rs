//! How the C library's allocator is set up for a run of the command (Linux with glibc only;
//! elsewhere these do nothing).
//!
//! A single `check` takes a few tens of milliseconds, and by default glibc spends a third of
//! that in the kernel: each worker thread's heap grows a page or two at a time (over a
//! thousand `mprotect` calls in one check), each large buffer is mapped and unmapped
//! again, and each new 4 KiB page of the 15 MB or so the check touches is a separate fault.
//! [`tune`] keeps large buffers on the heap and freed memory there for reuse;
//! [`prepare_thread`] grows a worker's heap once, in one step, and has it backed by 2 MiB
//! pages (1,295 `mprotect` calls and about 4,400 faults in one check become 18 and 450).
//! The memory counts towards the process only once touched, and the heap is never larger
//! than the most the run held at once (the audit's peak stays within its target;
//! `bench/RESULTS.md`).

use std::sync::atomic::{AtomicBool, Ordering};

/// Whether [`tune`] ran: the library alone (as the tests use it) leaves the allocator be.
static TUNED: AtomicBool = AtomicBool::new(false);

/// Largest buffer taken from the heap rather than mapped on its own (glibc's ceiling for
/// this setting on 64-bit systems).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const HEAP_BUFFER_LIMIT: usize = 32 << 20;

/// Free memory at the top of a heap kept rather than handed back: a thread heap's whole
/// size, so that the space [`prepare_thread`] makes is kept.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const KEEP_FREE: usize = THREAD_HEAP_SPAN;

/// Where glibc places a thread's heap: at a multiple of its largest size (64 MiB on 64-bit
/// systems).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const THREAD_HEAP_SPAN: usize = 64 << 20;

/// `madvise` advice to back a range by 2 MiB pages at once, contents kept (Linux 6.1; not
/// yet in the `libc` crate). An older kernel refuses it, which is ignored.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MADV_COLLAPSE: libc::c_int = 25;

/// How far [`prepare_thread`] grows a worker's heap: more than a single check touches on
/// any one thread.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const THREAD_HEAP: usize = 24 << 20;

/// Set the allocator up for this run. Call once, first thing, before any thread starts.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallopt only changes the allocator's settings; a value it refuses leaves
        // the setting as it was, which is also correct, only slower.
        let kept = unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, HEAP_BUFFER_LIMIT as libc::c_int) == 1
                && libc::mallopt(libc::M_TRIM_THRESHOLD, KEEP_FREE as libc::c_int) == 1
        };
        TUNED.store(kept, Ordering::Relaxed);
    }
}

/// On a worker thread, before its first allocation: grow its heap in one step (see the
/// module's notes). Does nothing unless [`tune`] ran.
pub fn prepare_thread() {
    if !TUNED.load(Ordering::Relaxed) {
        return;
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const HUGE_PAGE: usize = 2 << 20;
        // Taken from this thread's own heap (it is under HEAP_BUFFER_LIMIT) and handed back
        // at once: the heap stays grown (under KEEP_FREE), as free space for what follows.
        let space: Vec<u8> = Vec::with_capacity(THREAD_HEAP);
        let at = space.as_ptr() as usize;
        // only whole 2 MiB pages inside the space itself
        let start = at.next_multiple_of(HUGE_PAGE);
        let end = (at + THREAD_HEAP) / HUGE_PAGE * HUGE_PAGE;
        if end > start {
            // SAFETY: advice about memory this thread owns (the vector's spare capacity);
            // it changes how pages are backed, never their contents. A refusal is ignored.
            unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
            }
        }
        // The first 2 MiB of the heap already holds the allocator's own records, so are
        // not backed by a 2 MiB page on first touch; they are gathered into one now. A
        // thread heap starts at a multiple of its 64 MiB size; one sharing the main heap
        // (below the program break) is left alone.
        // SAFETY: gathering pages keeps their contents; `sbrk(0)` only reads the break.
        let thread_heap = at & !(THREAD_HEAP_SPAN - 1);
        if at > unsafe { libc::sbrk(0) } as usize {
            unsafe {
                libc::madvise(thread_heap as *mut libc::c_void, HUGE_PAGE, MADV_COLLAPSE);
            }
        }
        drop(std::hint::black_box(space));
    }
}
