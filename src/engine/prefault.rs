//! Faulting in memory before its first write, on a thread that has time for it. A run at 10^6
//! objects writes about 100 MB of fresh object records; each first write to a 4 KiB page is a
//! page fault (about 2 µs here, far more in a virtual machine whose host has taken the page
//! back), paid by the simulation itself. The event packer idles a good part of the time, so
//! the heap names the memory it will write next ([`Range`]) and the packer faults it in
//! beforehand ([`Queue`]), with Linux's `MADV_POPULATE_WRITE`.
//!
//! Faulting in never changes what memory holds: a page already present is left as it is, an
//! absent one arrives zeroed, as a first write would find it. So a range may be named while its
//! owner writes to it, and may even be gone (freed or moved) by the time the packer gets to it:
//! the system call then fails, and nothing else happens. Elsewhere than Linux (a web build
//! included) nothing is faulted in.

use std::collections::VecDeque;

/// Bytes of process memory, `start..start + len`, that will be written soon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// First byte.
    pub start: usize,
    /// Length in bytes.
    pub len: usize,
}

/// Bytes faulted in per call: about 0.1 ms of work, so that a batch of events arriving
/// meanwhile waits little.
const CHUNK: usize = 256 << 10;

/// Ranges waiting, at most this many: the newest are kept (the oldest are likely written by
/// now).
const MAX_WAITING: usize = 8;

/// Ranges waiting to be faulted in, oldest first.
#[derive(Debug, Default)]
pub struct Queue {
    waiting: VecDeque<Range>,
}

impl Queue {
    /// Adds a range to fault in.
    pub fn push(&mut self, range: Range) {
        if self.waiting.len() == MAX_WAITING {
            self.waiting.pop_front();
        }
        self.waiting.push_back(range);
    }

    /// Faults in the next chunk of at most [`CHUNK`] bytes; false when nothing was waiting.
    pub fn work(&mut self) -> bool {
        let Some(range) = self.waiting.front_mut() else {
            return false;
        };
        let n = range.len.min(CHUNK);
        populate(range.start, n);
        range.start += n;
        range.len -= n;
        if range.len == 0 {
            self.waiting.pop_front();
        }
        true
    }

    /// Ranges waiting.
    pub fn len(&self) -> usize {
        self.waiting.len()
    }

    /// True when nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.waiting.is_empty()
    }
}

/// Faults in the pages `start..start + len` overlaps for writing; false where that failed or
/// is not done.
pub fn populate(start: usize, len: usize) -> bool {
    #[cfg(target_os = "linux")]
    {
        const PAGE: usize = 4096;
        let first = start & !(PAGE - 1);
        let Some(end) = start.checked_add(len) else {
            return false;
        };
        if len == 0 {
            return true;
        }
        // SAFETY: MADV_POPULATE_WRITE only faults pages in; it writes nothing to them (see the
        // module's documentation), and fails without effect on memory that is not mapped
        // writable.
        unsafe {
            libc::madvise(
                first as *mut libc::c_void,
                end - first,
                libc::MADV_POPULATE_WRITE,
            ) == 0
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (start, len);
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_queue_works_through_its_ranges_in_chunks_and_keeps_the_newest() {
        let mut buf = vec![0u8; 3 * CHUNK + 100];
        let start = buf.as_mut_ptr() as usize;
        let mut q = Queue::default();
        q.push(Range {
            start,
            len: buf.len(),
        });
        for _ in 0..4 {
            assert!(q.work());
        }
        assert!(q.is_empty() && !q.work());
        for i in 0..MAX_WAITING + 3 {
            q.push(Range { start, len: i + 1 });
        }
        assert_eq!(q.len(), MAX_WAITING);
        // The three oldest (lengths 1 to 3) were dropped: the first waiting is 4 bytes long.
        assert_eq!(q.waiting.front().map(|r| r.len), Some(4));
    }

    /// What the heap does: fault in a vector's spare capacity while its first part holds data.
    #[cfg(target_os = "linux")]
    #[test]
    fn faulting_in_leaves_what_memory_holds_as_it_was() {
        let mut v: Vec<u64> = Vec::with_capacity(1 << 20);
        v.extend((0..10_000u64).map(|i| i * 7 + 1));
        let spare = v.spare_capacity_mut();
        let (start, len) = (spare.as_ptr() as usize, std::mem::size_of_val(spare));
        assert!(populate(start, len));
        // The written part, on the page the range starts in included, is intact.
        assert!(v.iter().enumerate().all(|(i, &x)| x == i as u64 * 7 + 1));
        // Memory that is not mapped: the call fails and nothing happens.
        assert!(!populate(0x1000, 4096));
    }
}
