//! The typed event stream: every state change of the engine is recorded as one [`Event`], in order.
//! Views, the CLI's `--events` listing and the time-travel [`crate::engine::timeline`] consume only
//! events and read-only state.
//!
//! The [`EventLog`] stores events packed, not as an array of [`Event`]s: a tag byte, then each
//! field as a LEB128 varint, with object ids and addresses as zig-zag deltas from the previous
//! event's (an incref is typically 4 bytes instead of 24). A run records tens of millions of
//! events, and writing fresh memory was most of the recording cost. Every [`STRIDE`]-th event
//! starts from fresh deltas and its byte offset is indexed, so any event is reached by decoding
//! at most `STRIDE - 1` others; iteration runs forwards or backwards over any range.
//!
//! Packing costs more than the simulation step that records the event, so it happens in
//! batches on a second thread where there is one (see [`EventLog`]).
//!
//! Most events are reference-count changes, and most of those touch an object whose count an
//! event of the same block stated just before: such an incref or decref is one byte, naming a
//! slot of a small table (by the object id's low bits) that encoder and decoder keep alike;
//! the new count is the slot's count plus or minus one. A statement's `Line` event is one byte
//! in the same way when its slot holds that position already, and a pymalloc block's address
//! is stored relative to the last block of its size class (see [`Deltas`]).

use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender, TryRecvError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use serde::{Deserialize, Serialize};

use super::ids::ObjId;
use super::prefault;

/// Which kind of allocation a block serves (shown by views; pymalloc itself does not care).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Domain {
    /// `PyObject_Malloc` and friends (objects, dict keys).
    Object,
    /// `PyMem_Malloc` (list item arrays, values arrays, set tables).
    Mem,
}

/// A phase of a cyclic-GC collection, in the order `gc_collect_main` runs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GcPhase {
    /// Younger generations appended to the collected one.
    Merge,
    /// `update_refs`: gc_refs = ob_refcnt for every object.
    UpdateRefs,
    /// `subtract_refs`: internal references subtracted.
    SubtractRefs,
    /// `move_unreachable`: tentatively unreachable objects moved and rescued.
    MoveUnreachable,
    /// Survivors promoted to the next generation.
    Promote,
    /// Legacy (`tp_del`) finalizers and what they reach set aside.
    LegacyFinalizers,
    /// Weak references to garbage cleared and callbacks run.
    Weakrefs,
    /// PEP 442 finalizers (`__del__`) called.
    Finalize,
    /// Resurrected objects detected and moved out.
    Resurrection,
    /// `tp_clear` called on the garbage.
    Clear,
}

/// One recorded change.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// The front end started executing the statement (or loop iteration) at this source position.
    Line {
        /// 1-based line.
        line: u32,
        /// 1-based column.
        col: u32,
    },
    /// An arena was mapped from the OS.
    ArenaNew {
        /// Index of its `arena_object` in `arenas[]`.
        slot: u32,
        /// Base address returned by mmap.
        address: u64,
        /// 64, or 63 when the base was not pool-aligned.
        ntotalpools: u32,
    },
    /// An arena was returned to the OS.
    ArenaFree {
        /// Index of its `arena_object`.
        slot: u32,
        /// Base address.
        address: u64,
        /// Its pool count (for undo).
        ntotalpools: u32,
    },
    /// A pool was (re)initialised for a size class.
    PoolInit {
        /// Address of the pool.
        pool: u64,
        /// Its size-class index.
        szidx: u32,
        /// The size class it served before (`u32::MAX` for a freshly carved pool).
        old_szidx: u32,
    },
    /// pymalloc handed out a block.
    BlockAlloc {
        /// Address of the block.
        addr: u64,
        /// Block size (the size class's size).
        size: u32,
    },
    /// A block went back on its pool's free list.
    BlockFree {
        /// Address of the block.
        addr: u64,
        /// Block size.
        size: u32,
    },
    /// The system malloc served a request pymalloc does not handle (0 or > 512 bytes).
    RawAlloc {
        /// Address.
        addr: u64,
        /// Requested bytes.
        size: u32,
    },
    /// A system-malloc chunk was freed.
    RawFree {
        /// Address.
        addr: u64,
        /// Requested bytes.
        size: u32,
    },
    /// A new object exists (memory already allocated).
    ObjNew {
        /// The object.
        obj: ObjId,
        /// Its address (`id()`).
        addr: u64,
        /// Its type, as [`TypeTag`].
        ty: TypeTag,
        /// Its starting reference count (1, or a static object's count).
        refcnt: u32,
    },
    /// An object was deallocated (its refcount was 0 and it was untracked).
    ObjFree {
        /// The object.
        obj: ObjId,
        /// Its address.
        addr: u64,
        /// Its type.
        ty: TypeTag,
    },
    /// `Py_INCREF`; `refcnt` is the new count.
    Incref {
        /// The object.
        obj: ObjId,
        /// Count after the change.
        refcnt: u32,
    },
    /// `Py_DECREF`; `refcnt` is the new count.
    Decref {
        /// The object.
        obj: ObjId,
        /// Count after the change.
        refcnt: u32,
    },
    /// The reference count was set directly (static objects at start-up, `sys.intern` making a
    /// string immortal).
    SetRefcnt {
        /// The object.
        obj: ObjId,
        /// Count before.
        old: u32,
        /// Count after.
        new: u32,
    },
    /// The object was linked into a generation list.
    Track {
        /// The object.
        obj: ObjId,
        /// Generation (3 = permanent).
        generation: u8,
    },
    /// The object left the GC lists.
    Untrack {
        /// The object.
        obj: ObjId,
        /// Generation it was in.
        generation: u8,
    },
    /// The object moved between generation lists (promotion, freeze, merge).
    GenMove {
        /// The object.
        obj: ObjId,
        /// Old generation.
        from: u8,
        /// New generation.
        to: u8,
    },
    /// A collection of `generation` began.
    GcStart {
        /// The generation collected.
        generation: u8,
    },
    /// A collection entered a phase; `objects` is how many objects the phase works on.
    GcPhase {
        /// The phase.
        phase: GcPhase,
        /// Size of the set the phase works on.
        objects: u32,
    },
    /// After `subtract_refs`: the object's gc_refs, i.e. references from outside the examined
    /// generations (0 means "only referenced from inside": tentatively unreachable).
    GcRefs {
        /// The object.
        obj: ObjId,
        /// gc_refs after internal references were subtracted.
        gc_refs: u32,
    },
    /// A collection ended.
    GcDone {
        /// The generation collected.
        generation: u8,
        /// Objects collected (`m`).
        collected: u32,
        /// Uncollectable objects (`n`).
        uncollectable: u32,
    },
    /// A finalizer (`__del__`) is about to run on this object.
    Finalize {
        /// The object.
        obj: ObjId,
    },
    /// A weakref callback is about to run.
    WeakrefCallback {
        /// The weak reference.
        weakref: ObjId,
    },
    /// The program wrote text (index into [`EventLog::texts`]).
    Output {
        /// Index of the text.
        text: u32,
        /// True for stderr.
        stderr: bool,
    },
}

/// A compact type tag carried by object events (index into [`TypeTag::NAMES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TypeTag(pub u8);

impl TypeTag {
    /// Type names by tag.
    pub const NAMES: [&'static str; 37] = [
        "object",
        "NoneType",
        "bool",
        "int",
        "float",
        "str",
        "bytes",
        "bytearray",
        "tuple",
        "list",
        "dict",
        "set",
        "frozenset",
        "instance",
        "type",
        "function",
        "method",
        "builtin",
        "module",
        "weakref",
        "finalize",
        "cell",
        "range",
        "iterator",
        "dict_view",
        "frame",
        "code",
        "descriptor",
        "ellipsis",
        "NotImplementedType",
        "other",
        "other",
        "exception",
        "traceback",
        "generator",
        "complex",
        "native",
    ];

    /// The type name.
    pub fn name(self) -> &'static str {
        Self::NAMES.get(self.0 as usize).copied().unwrap_or("other")
    }
}

/// An event as the recording thread stores it: two words, built in registers and stored as
/// such. Storing an [`Event`] itself copies the enum through the stack, where it is written
/// field by field and read back in 16-byte loads; a load the processor cannot forward from
/// the narrower stores before it waits for them to reach the cache, and that stall on every
/// event cost a third of the interpreter's time (churn: 0.28 s against 0.18 s without events,
/// for the same instructions).
///
/// Word 0 holds the tag (the packed encoding's) in bits 0-7, a small field in bits 8-15, a
/// second small field or the low half of a 32-bit field `c` in bits 16-31, and a 32-bit field
/// in bits 32-63; word 1 holds a wide field `b`. The four events with three wide fields
/// (`ObjNew`, `ArenaNew`, `ArenaFree`, `PoolInit`) keep their address in the low 48 bits of
/// word 1 and the high half of `c` above it: the engine's simulated addresses lie below 2^47,
/// where a 64-bit Linux process's are (arenas below `0x7f3c_5a40_1000`, the system malloc's
/// chunks from `0x55d4_c2a0_0010` up). Sixteen bytes instead of 24 per event: a third less memory for the batches
/// to move between the two threads. That costs a few instructions more (w1: 1 940 instead of
/// 1 936 per iteration on the interpreter thread, 57.4 instead of 55.0 per event on the packer)
/// but saves time: in alternated runs the median of six went from 2.03 s to 1.60 s and from
/// 1.71 s to 1.30 s on w5, and of eight from 0.306 s to 0.227 s on w2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Recorded([u64; 2]);

/// Addresses in events are below this (see [`Recorded`]).
const ADDRESS_LIMIT: u64 = 1 << 48;

impl Recorded {
    #[inline(always)]
    fn words(tag: u8, small: u8, mid: u16, a: u32, b: u64) -> Self {
        let w0 = u64::from(tag)
            | (u64::from(small) << 8)
            | (u64::from(mid) << 16)
            | (u64::from(a) << 32);
        Self([w0, b])
    }

    /// Word 1 of an event with an address and a third 32-bit field `c` (whose low half goes
    /// in word 0).
    #[inline(always)]
    fn address_and_high_half(address: u64, c: u32) -> u64 {
        debug_assert!(address < ADDRESS_LIMIT, "address {address:#x} out of range");
        (address & (ADDRESS_LIMIT - 1)) | (u64::from(c >> 16) << 48)
    }

    #[inline(always)]
    fn new(e: Event) -> Self {
        match e {
            Event::Line { line, col } => Self::words(0, 0, 0, line, col.into()),
            Event::ArenaNew {
                slot,
                address,
                ntotalpools,
            } => Self::words(
                1,
                0,
                ntotalpools as u16,
                slot,
                Self::address_and_high_half(address, ntotalpools),
            ),
            Event::ArenaFree {
                slot,
                address,
                ntotalpools,
            } => Self::words(
                2,
                0,
                ntotalpools as u16,
                slot,
                Self::address_and_high_half(address, ntotalpools),
            ),
            Event::PoolInit {
                pool,
                szidx,
                old_szidx,
            } => Self::words(
                3,
                0,
                old_szidx as u16,
                szidx,
                Self::address_and_high_half(pool, old_szidx),
            ),
            Event::BlockAlloc { addr, size } => Self::words(4, 0, 0, size, addr),
            Event::BlockFree { addr, size } => Self::words(5, 0, 0, size, addr),
            Event::RawAlloc { addr, size } => Self::words(6, 0, 0, size, addr),
            Event::RawFree { addr, size } => Self::words(7, 0, 0, size, addr),
            Event::ObjNew {
                obj,
                addr,
                ty,
                refcnt,
            } => Self::words(
                8,
                ty.0,
                refcnt as u16,
                obj.0,
                Self::address_and_high_half(addr, refcnt),
            ),
            Event::ObjFree { obj, addr, ty } => Self::words(9, ty.0, 0, obj.0, addr),
            Event::Incref { obj, refcnt } => Self::words(10, 0, 0, obj.0, refcnt.into()),
            Event::Decref { obj, refcnt } => Self::words(11, 0, 0, obj.0, refcnt.into()),
            Event::SetRefcnt { obj, old, new } => {
                Self::words(12, 0, 0, obj.0, u64::from(old) | (u64::from(new) << 32))
            }
            Event::Track { obj, generation } => Self::words(13, generation, 0, obj.0, 0),
            Event::Untrack { obj, generation } => Self::words(14, generation, 0, obj.0, 0),
            Event::GenMove { obj, from, to } => Self::words(15, from, to.into(), obj.0, 0),
            Event::GcStart { generation } => Self::words(16, generation, 0, 0, 0),
            Event::GcPhase { phase, objects } => Self::words(17, phase_index(phase), 0, objects, 0),
            Event::GcRefs { obj, gc_refs } => Self::words(18, 0, 0, obj.0, gc_refs.into()),
            Event::GcDone {
                generation,
                collected,
                uncollectable,
            } => Self::words(19, generation, 0, collected, uncollectable.into()),
            Event::Finalize { obj } => Self::words(20, 0, 0, obj.0, 0),
            Event::WeakrefCallback { weakref } => Self::words(21, 0, 0, weakref.0, 0),
            Event::Output { text, stderr } => Self::words(22, u8::from(stderr), 0, text, 0),
        }
    }

    /// The event back (the words only ever come from [`Recorded::new`]).
    #[inline]
    fn event(&self) -> Event {
        let [w0, b] = self.0;
        let small = (w0 >> 8) as u8;
        let mid = (w0 >> 16) as u16;
        let a = (w0 >> 32) as u32;
        let b32 = b as u32;
        // The address and the 32-bit third field of the four events that have both.
        let address = || b & (ADDRESS_LIMIT - 1);
        let c = || u32::from(mid) | (((b >> 48) as u32) << 16);
        match w0 as u8 {
            0 => Event::Line { line: a, col: b32 },
            1 => Event::ArenaNew {
                slot: a,
                address: address(),
                ntotalpools: c(),
            },
            2 => Event::ArenaFree {
                slot: a,
                address: address(),
                ntotalpools: c(),
            },
            3 => Event::PoolInit {
                pool: address(),
                szidx: a,
                old_szidx: c(),
            },
            4 => Event::BlockAlloc { addr: b, size: a },
            5 => Event::BlockFree { addr: b, size: a },
            6 => Event::RawAlloc { addr: b, size: a },
            7 => Event::RawFree { addr: b, size: a },
            8 => Event::ObjNew {
                obj: ObjId(a),
                addr: address(),
                ty: TypeTag(small),
                refcnt: c(),
            },
            9 => Event::ObjFree {
                obj: ObjId(a),
                addr: b,
                ty: TypeTag(small),
            },
            10 => Event::Incref {
                obj: ObjId(a),
                refcnt: b32,
            },
            11 => Event::Decref {
                obj: ObjId(a),
                refcnt: b32,
            },
            12 => Event::SetRefcnt {
                obj: ObjId(a),
                old: b32,
                new: (b >> 32) as u32,
            },
            13 => Event::Track {
                obj: ObjId(a),
                generation: small,
            },
            14 => Event::Untrack {
                obj: ObjId(a),
                generation: small,
            },
            15 => Event::GenMove {
                obj: ObjId(a),
                from: small,
                to: mid as u8,
            },
            17 => Event::GcPhase {
                phase: phase_at(small),
                objects: a,
            },
            18 => Event::GcRefs {
                obj: ObjId(a),
                gc_refs: b32,
            },
            19 => Event::GcDone {
                generation: small,
                collected: a,
                uncollectable: b32,
            },
            20 => Event::Finalize { obj: ObjId(a) },
            21 => Event::WeakrefCallback { weakref: ObjId(a) },
            22 => Event::Output {
                text: a,
                stderr: small != 0,
            },
            _ => Event::GcStart { generation: small },
        }
    }
}

/// Events per index entry: every `STRIDE`-th event is encoded without deltas. Longer blocks
/// restart the deltas and the slot tables less often: with 512 instead of 32 (and 64 count
/// slots instead of 16) the mixed workload packed into 2.61 bytes per event instead of 3.80 and
/// the churn workload into 3.26 instead of 4.11; with 1 024 (and the one-byte `Line` events and
/// size-class block addresses) into 2.32 instead of 2.45 and 2.75 instead of 2.79, the packer
/// spending 53.9 instructions per event on the mixed workload instead of 55.1. Reaching an
/// event then decodes up to 1 023 others, a few microseconds: 100 random jumps in the mixed
/// workload's history took 1.52 ms median, 4.05 ms max, as with 512.
pub const STRIDE: usize = 1024;

/// Events recorded as they are before they are handed to the packer as one batch (128 KiB).
/// The few batches in use at a time fit in a core's 2 MiB L2 cache on the project's machine,
/// where 32 768-event batches (3.75 MiB for four in flight) did not: w5 took 1.85 s instead
/// of 2.14 s on average over ten alternated runs of each (faster in nine). 2 048-event batches
/// were not faster (w5 1.99 s against 1.56 s, medians of ten alternated runs).
const BATCH: usize = 8_192;

/// Full batches that may wait for the packer; recording waits when the packer is this far
/// behind, so memory stays bounded (2 MiB). The packer, awake, mostly keeps up: with 4,
/// recording waited 0.094 s of a mixed run (median of eight), 0.038 s with this.
const BATCHES_IN_FLIGHT: usize = 16;

/// Events in the scratch room of a log that does not record (4 KiB, which stays in the
/// first-level cache); see [`EventLog::set_enabled`].
const SCRATCH: usize = 256;

/// Emptied batches that rest before recording reuses one, the oldest first (1.5 MiB). The
/// packer reads every batch on its own core; recording into a batch whose lines are still in
/// that core's cache makes each store wait for the line to be taken from there. Rested, the
/// batch has left the packer's cache (1 MiB of level 2 per core, shared by the packer's reading
/// and writing, on the AMD EPYC the project ran on in the twelfth session; 2 MiB on the Xeon of
/// the thirteenth). Reusing the batch the packer
/// returned last, as before, doubled the time of the interpreter thread on w1 there (0.25 s
/// against 0.12 s with both threads on one core); with 12 resting, w1 took 0.128-0.144 s
/// instead of 0.253-0.261 s, w5 0.86-1.01 s instead of 1.42-1.61 s (`run --stats`, three
/// alternated runs each). 4 resting: w1 0.161-0.170 s; 24: no better than 12.
const SPARES_RESTING: usize = 12;

/// The append-only log of events, with the texts they refer to.
///
/// Recording stores each event as it is into a batch; full batches are packed (see the module
/// documentation) by a second thread, so that encoding and faulting in the log's memory stay
/// off the simulation's path. Where no thread can be started (a web build, or when spawning
/// fails) batches are packed on the recording thread instead; the bytes are the same. Readers
/// see every recorded event: they wait for the packer to finish what it was handed and read
/// the batch still being filled as it is.
#[derive(Debug)]
pub struct EventLog {
    /// When false, nothing is recorded (benchmarks of the bare engine); see
    /// [`EventLog::set_enabled`].
    enabled: bool,
    /// Texts written by the program.
    pub texts: Vec<String>,
    /// The batch being filled: `batch[..pending]` are recorded events not handed to the packer
    /// yet (empty until the first event, then [`BATCH`] long). While not recording, a scratch
    /// room of [`SCRATCH`] events whose contents mean nothing.
    batch: Box<[Recorded]>,
    pending: usize,
    /// Events handed to the packer (or packed here) so far.
    handed: usize,
    shared: Arc<Shared>,
    packer: Option<Packer>,
    /// Whether batches may be packed on a second thread.
    threaded: bool,
    /// Events the log may hold: past it, [`EventLog::over_limit`] tells the interpreter to
    /// stop the run (recording goes on until it does, a statement's events at most).
    limit: usize,
}

impl Default for EventLog {
    fn default() -> Self {
        Self {
            enabled: false,
            texts: Vec::new(),
            batch: Box::new([]),
            pending: 0,
            handed: 0,
            shared: Arc::default(),
            packer: None,
            threaded: !cfg!(target_arch = "wasm32"),
            limit: usize::MAX,
        }
    }
}

/// What the recording thread and the packer share.
#[derive(Debug, Default)]
struct Shared {
    packed: Mutex<Packed>,
    /// Notified each time the packer has packed a batch.
    progress: Condvar,
}

/// Bytes of one segment of the packed log (a batch needs at most `BATCH * MAX_EVENT_BYTES`,
/// 256 KiB, of room). Above 32 MiB, the most to which glibc raises its threshold for serving an
/// allocation with a mapping of its own, so that a segment is always fresh zeroed memory that
/// takes room only where it is written and goes back to the system when the log is dropped
/// (`strace` of a bench run showed the 16 MiB segments first tried all served from the heap).
/// A web build's address space is small.
const SEGMENT_BYTES: usize = if cfg!(target_arch = "wasm32") {
    4 << 20
} else {
    64 << 20
};

/// The packed events, in segments, and where every `STRIDE`-th event starts.
///
/// The log grows by whole segments that are never moved or resized: a growing vector would be
/// reallocated, copying (or, for glibc's large blocks, remapping) what was packed. A segment
/// is allocated zeroed, which the system does without touching it, so only the part written
/// takes memory.
#[derive(Debug)]
struct Packed {
    /// Segments of [`SEGMENT_BYTES`] (or one batch's room, if more): packed events in
    /// `segments[k][..ends[k]]`, zeroed room after them. An event never spans two segments.
    segments: Vec<Box<[u8]>>,
    ends: Vec<usize>,
    /// Where events `0, STRIDE, 2 * STRIDE, ...` start: segment number in the high 32 bits,
    /// byte offset in the low 32.
    index: Vec<u64>,
    /// Events packed.
    len: usize,
    deltas: Deltas,
    /// Size of a new segment (at least a batch's room): [`SEGMENT_BYTES`], smaller in tests.
    segment_bytes: usize,
}

impl Default for Packed {
    fn default() -> Self {
        Self {
            segments: Vec::new(),
            ends: Vec::new(),
            index: Vec::new(),
            len: 0,
            deltas: Deltas::default(),
            segment_bytes: SEGMENT_BYTES,
        }
    }
}

impl Clone for Packed {
    /// Copies the packed bytes only, not the zeroed room after them.
    fn clone(&self) -> Self {
        let segments = self
            .segments
            .iter()
            .zip(&self.ends)
            .map(|(segment, &end)| {
                let mut copy = vec![0; segment.len()].into_boxed_slice();
                copy[..end].copy_from_slice(&segment[..end]);
                copy
            })
            .collect();
        Self {
            segments,
            ends: self.ends.clone(),
            index: self.index.clone(),
            len: self.len,
            deltas: self.deltas,
            segment_bytes: self.segment_bytes,
        }
    }
}

impl Packed {
    /// Packs `events` after the ones packed so far.
    fn append_all(&mut self, events: &[Recorded]) {
        // Room for the longest encoding of every event, checked once per batch; the state
        // lives in locals while the batch is encoded.
        let room = events.len() * MAX_EVENT_BYTES;
        let fits = matches!(
            (self.segments.last(), self.ends.last()),
            (Some(segment), Some(&end)) if segment.len() - end >= room
        );
        if !fits {
            self.segments
                .push(vec![0; room.max(self.segment_bytes)].into_boxed_slice());
            self.ends.push(0);
        }
        let number = (self.segments.len() as u64 - 1) << 32;
        let (Some(segment), Some(end)) = (self.segments.last_mut(), self.ends.last_mut()) else {
            return;
        };
        let (mut at, mut len, mut deltas) = (*end, self.len, self.deltas);
        // Block by block: the index entry and the fresh deltas at a block's start, then its
        // events without that test.
        let mut rest = events;
        'blocks: while !rest.is_empty() {
            if len.is_multiple_of(STRIDE) {
                self.index.push(number | at as u64);
                deltas = Deltas::default();
            }
            let (block, after) = rest.split_at((STRIDE - len % STRIDE).min(rest.len()));
            for event in block {
                let Some(buf) = segment
                    .get_mut(at..at + MAX_EVENT_BYTES)
                    .and_then(|b| <&mut [u8; MAX_EVENT_BYTES]>::try_from(b).ok())
                else {
                    // Cannot happen: the room was made above.
                    break 'blocks;
                };
                let mut w = Writer { buf, n: 0 };
                let [w0, b] = event.0;
                let (tag, obj, refcnt) = (w0 as u8, ObjId((w0 >> 32) as u32), b as u32);
                if tag & !1 == 10 {
                    // Reference-count changes (most events), without the jump table.
                    deltas.count_event(&mut w, tag, obj, refcnt);
                } else {
                    deltas.encode(&event.event(), &mut w);
                }
                at += w.n;
                len += 1;
            }
            rest = after;
        }
        (*end, self.len, self.deltas) = (at, len, deltas);
    }

    /// Bytes packed in all segments together.
    fn used(&self) -> usize {
        self.ends.iter().sum()
    }

    /// The packed bytes of segment `k` (empty past the last).
    fn segment(&self, k: usize) -> &[u8] {
        match (self.segments.get(k), self.ends.get(k)) {
            (Some(segment), Some(&end)) => segment.get(..end).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Appends packed events `from..to` (at most `self.len`) to `out`, decoding from the
    /// indexed event at or before `from`.
    fn decode_into(&self, from: usize, to: usize, out: &mut Vec<Event>) {
        let to = to.min(self.len);
        let block = from / STRIDE;
        let Some(&start) = self.index.get(block).filter(|_| from < to) else {
            return;
        };
        let mut k = (start >> 32) as usize;
        let mut r = Reader {
            bytes: self.segment(k),
            pos: (start & 0xffff_ffff) as usize,
        };
        let mut deltas = Deltas::default();
        for at in block * STRIDE..to {
            if at.is_multiple_of(STRIDE) {
                deltas = Deltas::default();
            }
            // The rest of a block continues in the next segment.
            while r.pos >= r.bytes.len() && k + 1 < self.segments.len() {
                k += 1;
                r = Reader {
                    bytes: self.segment(k),
                    pos: 0,
                };
            }
            let e = deltas.decode(&mut r);
            if at >= from {
                out.push(e);
            }
        }
    }
}

fn lock(m: &Mutex<Packed>) -> MutexGuard<'_, Packed> {
    // The packer never panics while holding the lock; if it did, the bytes packed so far are
    // still valid.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A batch of [`BATCH`] events (what is not recorded yet holds a filler).
fn new_batch() -> Box<[Recorded]> {
    vec![Recorded([0; 2]); BATCH].into_boxed_slice()
}

/// How long the packer stays awake waiting for the next batch before it sleeps (the clock is
/// read only on the packer thread, which a build without threads never starts). Recording
/// fills a batch in about 50-100 µs; handing one to a sleeping packer costs the recording
/// thread a system call and, in a virtual machine, an interrupt between the processors (13 600
/// of them in one run of the mixed workload, 330 with this wait), and the packer a wake-up
/// during which recording may have to wait for room.
const PACKER_AWAKE: std::time::Duration = std::time::Duration::from_micros(200);

/// The next batch for the packer (`None` once the recording side is gone): meanwhile faulting
/// in the memory it was asked to ([`prefault`]), then spinning for [`PACKER_AWAKE`], then
/// sleeping.
fn next_batch<T>(
    batches: &Receiver<T>,
    ranges: &Receiver<prefault::Range>,
    waiting: &mut prefault::Queue,
) -> Option<T> {
    let mut awake = std::time::Instant::now();
    loop {
        match batches.try_recv() {
            Ok(batch) => return Some(batch),
            Err(TryRecvError::Disconnected) => return None,
            Err(TryRecvError::Empty) => {
                for range in ranges.try_iter() {
                    waiting.push(range);
                }
                if waiting.work() {
                    awake = std::time::Instant::now();
                } else if awake.elapsed() < PACKER_AWAKE {
                    for _ in 0..64 {
                        std::hint::spin_loop();
                    }
                } else {
                    return batches.recv().ok();
                }
            }
        }
    }
}

/// The packing thread: batches go to it, emptied batches come back for reuse, and between
/// batches it faults in memory the recording thread will write ([`EventLog::fault_in`]).
#[derive(Debug)]
struct Packer {
    batches: Option<SyncSender<(Box<[Recorded]>, usize)>>,
    ranges: Sender<prefault::Range>,
    spare: Receiver<Box<[Recorded]>>,
    /// Emptied batches taken back, oldest first; one is reused only once
    /// [`SPARES_RESTING`] others wait behind it.
    spares: std::collections::VecDeque<Box<[Recorded]>>,
    thread: Option<JoinHandle<()>>,
}

impl Packer {
    /// Starts a packer for `shared`, or None where no thread can be started.
    fn start(shared: &Arc<Shared>) -> Option<Self> {
        let (batches, batches_rx) = sync_channel::<(Box<[Recorded]>, usize)>(BATCHES_IN_FLIGHT);
        let (spare_tx, spare) = channel();
        let (ranges, ranges_rx) = channel();
        let shared = Arc::clone(shared);
        let thread = std::thread::Builder::new()
            .name("event-packer".into())
            .spawn(move || {
                let mut waiting = prefault::Queue::default();
                while let Some((batch, n)) = next_batch(&batches_rx, &ranges_rx, &mut waiting) {
                    {
                        let mut packed = lock(&shared.packed);
                        packed.append_all(batch.get(..n).unwrap_or(&batch));
                    }
                    shared.progress.notify_all();
                    // The recording side may be gone already; the batch is then just dropped.
                    let _ = spare_tx.send(batch);
                }
            })
            .ok()?;
        Some(Self {
            batches: Some(batches),
            ranges,
            spare,
            spares: std::collections::VecDeque::new(),
            thread: Some(thread),
        })
    }

    fn is_finished(&self) -> bool {
        self.thread.as_ref().is_none_or(JoinHandle::is_finished)
    }
}

impl Drop for Packer {
    fn drop(&mut self) {
        // Closing the channel ends the thread once it has packed what it holds.
        self.batches = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Clone for EventLog {
    fn clone(&self) -> Self {
        let packed = self.packed().clone();
        Self {
            enabled: self.enabled,
            texts: self.texts.clone(),
            batch: self.batch.clone(),
            pending: self.pending,
            handed: self.handed,
            shared: Arc::new(Shared {
                packed: Mutex::new(packed),
                progress: Condvar::new(),
            }),
            packer: None,
            threaded: self.threaded,
            limit: self.limit,
        }
    }
}

impl PartialEq for EventLog {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.texts == other.texts && self.iter().eq(other.iter())
    }
}

impl EventLog {
    /// A log that records.
    pub fn recording() -> Self {
        Self {
            enabled: true,
            ..Self::default()
        }
    }

    /// A log that records and packs on the recording thread (what a build without threads
    /// does; the packed bytes are the same).
    pub fn recording_unthreaded() -> Self {
        Self {
            enabled: true,
            threaded: false,
            ..Self::default()
        }
    }

    /// Appends an event when recording: while the batch has room, one store and an increment
    /// (a log that does not record keeps no room, so it never takes this path).
    ///
    /// Both paths take the event as its two words, computed in registers: had the cold path
    /// taken the [`Event`], the enum would be built on the stack before every push (three
    /// stores per event, seen in the generated code) just in case.
    #[inline(always)]
    pub fn push(&mut self, event: Event) {
        let Recorded([a, b]) = Recorded::new(event);
        let n = self.pending;
        if let Some(slot) = self.batch.get_mut(n) {
            slot.0[0] = a;
            slot.0[1] = b;
            self.pending = n + 1;
        } else {
            self.push_making_room(a, b);
        }
    }

    /// A full (or not yet allocated) batch is handed on and replaced, then the event (its two
    /// words) stored.
    #[cold]
    #[inline(never)]
    fn push_making_room(&mut self, a: u64, b: u64) {
        if !self.enabled {
            // The scratch room of a log that does not record is full: start it over.
            self.pending = 0;
            return;
        }
        if self.batch.is_empty() {
            self.batch = new_batch();
        } else {
            self.flush();
        }
        if let Some(slot) = self.batch.get_mut(self.pending) {
            *slot = Recorded([a, b]);
            self.pending += 1;
        }
    }

    /// Asks the packer thread to fault in `range` when it has time (see [`prefault`]); nothing
    /// happens while no packer runs (before the first batch is handed on, or without threads).
    pub fn fault_in(&self, range: prefault::Range) {
        if let Some(packer) = &self.packer {
            let _ = packer.ranges.send(range);
        }
    }

    /// Sets how many events the log may hold (see [`EventLog::over_limit`]).
    pub fn set_limit(&mut self, events: usize) {
        self.limit = events;
    }

    /// The number of events the log may hold.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Whether more events were recorded than the log may hold. Checked once per batch
    /// handed on (the count of handed events only grows there), so it costs nothing per event.
    pub fn over_limit(&self) -> bool {
        self.handed > self.limit
    }

    /// Whether events are recorded.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Starts or stops recording (what was recorded stays).
    ///
    /// A log that does not record keeps a small scratch room that pushes fill as when
    /// recording and that is started over when full, unread: the pushes inlined everywhere
    /// then take their usual path instead of calling [`EventLog::push_making_room`] for every
    /// event (w5 without recording: 10 670 instructions per iteration with that call, fewer
    /// than with recording (9 889) without it).
    pub fn set_enabled(&mut self, enabled: bool) {
        if enabled == self.enabled {
            return;
        }
        if enabled {
            self.batch = Box::new([]);
        } else {
            // Hand the pending events on first.
            self.flush();
            self.batch = vec![Recorded([0; 2]); SCRATCH].into_boxed_slice();
        }
        self.pending = 0;
        self.enabled = enabled;
    }

    /// Hands the pending events to the packer (or packs them here when there is none). Reading
    /// does not need this; it makes [`EventLog::encoded_bytes`] count every event.
    #[cold]
    #[inline(never)]
    pub fn flush(&mut self) {
        if self.pending == 0 || !self.enabled {
            return;
        }
        if self.threaded && self.packer.is_none() {
            self.packer = Packer::start(&self.shared);
            self.threaded = self.packer.is_some();
        }
        let n = self.pending;
        if let Some(packer) = &mut self.packer {
            packer.spares.extend(packer.spare.try_iter());
            let next = if packer.spares.len() >= SPARES_RESTING {
                packer.spares.pop_front().unwrap_or_else(new_batch)
            } else {
                new_batch()
            };
            let batch = std::mem::replace(&mut self.batch, next);
            match packer.batches.as_ref().map(|b| b.send((batch, n))) {
                Some(Ok(())) => {
                    self.handed += n;
                    self.pending = 0;
                    return;
                }
                // The packer is gone (it cannot be, short of a panic): pack here from now on.
                Some(Err(std::sync::mpsc::SendError((batch, _)))) => self.batch = batch,
                None => {}
            }
            self.packer = None;
            self.threaded = false;
        }
        lock(&self.shared.packed).append_all(self.batch.get(..n).unwrap_or(&self.batch));
        self.handed += n;
        self.pending = 0;
    }

    /// The recorded events not handed to the packer yet.
    fn pending(&self) -> &[Recorded] {
        if !self.enabled {
            return &[];
        }
        self.batch.get(..self.pending).unwrap_or(&[])
    }

    /// The packed part, once the packer has packed every batch it was handed.
    fn packed(&self) -> MutexGuard<'_, Packed> {
        let handed = self.handed;
        let mut packed = lock(&self.shared.packed);
        while packed.len < handed {
            if self.packer.as_ref().is_none_or(Packer::is_finished) {
                break;
            }
            packed = match self
                .shared
                .progress
                .wait_timeout(packed, std::time::Duration::from_millis(50))
            {
                Ok((guard, _)) => guard,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
        packed
    }

    /// Events `from..to` appended to `out`: decoded from the packed part, copied from the
    /// pending batch.
    fn read_into(&self, from: usize, to: usize, out: &mut Vec<Event>) {
        let to = to.min(self.len());
        let packed_len = self.handed;
        if from < packed_len.min(to) {
            self.packed().decode_into(from, to.min(packed_len), out);
        }
        let from = from.max(packed_len);
        if from < to {
            out.extend(
                self.pending()[from - packed_len..to - packed_len]
                    .iter()
                    .map(Recorded::event),
            );
        }
    }

    /// Records program output.
    pub fn output(&mut self, text: &str, stderr: bool) {
        if self.enabled {
            let index = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
            self.texts.push(text.to_owned());
            self.push(Event::Output {
                text: index,
                stderr,
            });
        }
    }

    /// Number of events recorded.
    pub fn len(&self) -> usize {
        self.handed + self.pending().len()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes the packed events take, index included (pending events counted as they will be
    /// packed).
    pub fn encoded_bytes(&self) -> usize {
        let packed = self.packed();
        // The pending events packed into a segment of just their room.
        let mut tail = Packed {
            len: packed.len,
            deltas: packed.deltas,
            segment_bytes: 0,
            ..Packed::default()
        };
        tail.append_all(self.pending());
        let entries = packed.index.len() + tail.index.len();
        packed.used() + tail.used() + entries * std::mem::size_of::<u64>()
    }

    /// Event `i`, if recorded.
    pub fn get(&self, i: usize) -> Option<Event> {
        let mut out = Vec::with_capacity(1);
        self.read_into(i, i + 1, &mut out);
        out.pop()
    }

    /// All events in order.
    pub fn iter(&self) -> EventIter<'_> {
        self.iter_from(0)
    }

    /// Events from `start` on.
    pub fn iter_from(&self, start: usize) -> EventIter<'_> {
        self.range(start..self.len())
    }

    /// Events `range.start..range.end` in order (clamped to the log).
    pub fn range(&self, range: std::ops::Range<usize>) -> EventIter<'_> {
        let end = range.end.min(self.len());
        EventIter {
            log: self,
            at: range.start.min(end),
            end,
            buf: Vec::with_capacity(STRIDE),
            next: 0,
        }
    }

    /// Events `range.start..range.end` from the last to the first.
    pub fn rev_range(&self, range: std::ops::Range<usize>) -> RevEventIter<'_> {
        let end = range.end.min(self.len());
        RevEventIter {
            log: self,
            start: range.start.min(end),
            end,
            buf: Vec::with_capacity(STRIDE),
        }
    }
}

/// Forward iterator over a range of an [`EventLog`]: decodes one indexed block at a time.
#[derive(Debug, Clone)]
pub struct EventIter<'a> {
    log: &'a EventLog,
    /// The next event to return.
    at: usize,
    end: usize,
    /// Decoded events; `buf[next]` is event `at`.
    buf: Vec<Event>,
    next: usize,
}

impl Iterator for EventIter<'_> {
    type Item = Event;

    #[inline]
    fn next(&mut self) -> Option<Event> {
        if self.at >= self.end {
            return None;
        }
        if self.next >= self.buf.len() {
            self.buf.clear();
            self.next = 0;
            let block_end = (self.at / STRIDE + 1) * STRIDE;
            self.log
                .read_into(self.at, block_end.min(self.end), &mut self.buf);
        }
        let e = *self.buf.get(self.next)?;
        self.next += 1;
        self.at += 1;
        Some(e)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end - self.at;
        (n, Some(n))
    }
}

impl ExactSizeIterator for EventIter<'_> {}

/// Backward iterator over a range of an [`EventLog`]: decodes one indexed block at a time.
#[derive(Debug, Clone)]
pub struct RevEventIter<'a> {
    log: &'a EventLog,
    start: usize,
    end: usize,
    buf: Vec<Event>,
}

impl Iterator for RevEventIter<'_> {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        if let Some(e) = self.buf.pop() {
            return Some(e);
        }
        if self.end <= self.start {
            return None;
        }
        let from = ((self.end - 1) / STRIDE * STRIDE).max(self.start);
        self.log.read_into(from, self.end, &mut self.buf);
        self.end = from;
        self.buf.pop()
    }
}

/// What encoder and decoder both remember within a block of [`STRIDE`] events: the previous
/// object id and address, which the next event's are stored relative to, the last count
/// stated for a few objects (one-byte reference-count events), the last few statement
/// positions (one-byte `Line` events) and the last block of each size class.
#[derive(Debug, Clone, Copy)]
struct Deltas {
    obj: u32,
    addr: u64,
    /// Slot `id % REFCNT_SLOTS`: (id + 1, its last stated count); id + 1 = 0 marks an empty slot.
    counts: [(u32, u32); REFCNT_SLOTS],
    /// Slot [`line_slot`]: the last statement position stated for it (a loop's statements come
    /// back to the same few positions).
    lines: [(u32, u32); LINE_SLOTS],
    /// The last block address of each size class ([`class_slot`]): a block handed out is
    /// mostly the one of its class freed last (pools' free lists are LIFO), a block freed one
    /// near it.
    blocks: [u64; CLASS_SLOTS],
}

impl Default for Deltas {
    fn default() -> Self {
        Self {
            obj: 0,
            addr: 0,
            counts: [(0, 0); REFCNT_SLOTS],
            lines: [(0, 0); LINE_SLOTS],
            blocks: [0; CLASS_SLOTS],
        }
    }
}

/// Slots of [`Deltas::counts`].
const REFCNT_SLOTS: usize = 64;
/// Tag of a one-byte incref: `SHORT_INCREF | slot`.
const SHORT_INCREF: u8 = 0x80;
/// Tag of a one-byte decref: `SHORT_DECREF | slot`.
const SHORT_DECREF: u8 = SHORT_INCREF + REFCNT_SLOTS as u8;
/// Slots of [`Deltas::lines`].
const LINE_SLOTS: usize = 64;
/// Tag of a one-byte `Line` event: `SHORT_LINE | slot`, the position that slot holds. Tags
/// below it are the events' own (0 to 22).
const SHORT_LINE: u8 = 0x40;

/// Slots of [`Deltas::blocks`]: one per pymalloc size class.
const CLASS_SLOTS: usize = 32;

/// The slot of [`Deltas::blocks`] for a block size (its size class for pymalloc's sizes).
#[inline]
fn class_slot(size: u32) -> usize {
    (size as usize >> 4).wrapping_sub(1) % CLASS_SLOTS
}

/// The slot of [`Deltas::lines`] for a statement position.
#[inline]
fn line_slot(line: u32, col: u32) -> usize {
    (line as usize).wrapping_add((col as usize).wrapping_mul(5)) % LINE_SLOTS
}

/// Room for one encoded event (the longest, `ObjNew`, takes at most 22 bytes).
const MAX_EVENT_BYTES: usize = 32;

/// Writes one event's bytes into the log's tail.
#[derive(Debug)]
struct Writer<'a> {
    buf: &'a mut [u8; MAX_EVENT_BYTES],
    n: usize,
}

impl Writer<'_> {
    #[inline]
    fn byte(&mut self, b: u8) {
        self.buf[self.n] = b;
        self.n += 1;
    }

    #[inline]
    fn var(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.byte((v as u8) | 0x80);
            v >>= 7;
        }
        self.byte(v as u8);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    #[inline]
    fn byte(&mut self) -> u8 {
        let b = self.bytes[self.pos];
        self.pos += 1;
        b
    }

    #[inline]
    fn var(&mut self) -> u64 {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.byte();
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return v;
            }
            shift += 7;
        }
    }

    #[inline]
    fn var32(&mut self) -> u32 {
        self.var() as u32
    }
}

#[inline]
fn zigzag(d: i64) -> u64 {
    ((d << 1) ^ (d >> 63)) as u64
}

#[inline]
fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

const PHASES: [GcPhase; 10] = [
    GcPhase::Merge,
    GcPhase::UpdateRefs,
    GcPhase::SubtractRefs,
    GcPhase::MoveUnreachable,
    GcPhase::Promote,
    GcPhase::LegacyFinalizers,
    GcPhase::Weakrefs,
    GcPhase::Finalize,
    GcPhase::Resurrection,
    GcPhase::Clear,
];

/// A phase's index in [`PHASES`] (how it is recorded and packed).
fn phase_index(phase: GcPhase) -> u8 {
    PHASES.iter().position(|&p| p == phase).unwrap_or(0) as u8
}

/// The phase at a recorded index (the last one for an index out of range).
fn phase_at(index: u8) -> GcPhase {
    PHASES[usize::from(index).min(PHASES.len() - 1)]
}

impl Deltas {
    #[inline]
    fn obj(&mut self, w: &mut Writer, id: ObjId) {
        w.var(zigzag(i64::from(id.0) - i64::from(self.obj)));
        self.obj = id.0;
    }

    #[inline]
    fn addr(&mut self, w: &mut Writer, a: u64) {
        w.var(zigzag(a.wrapping_sub(self.addr) as i64));
        self.addr = a;
    }

    /// An incref or decref to `refcnt`: one byte (`short | slot`) when the slot holds `obj`
    /// with the count `previous`, else `tag`, the id delta and the count.
    #[inline(always)]
    fn count_change(
        &mut self,
        w: &mut Writer,
        obj: ObjId,
        refcnt: u32,
        previous: u32,
        tag: u8,
        short: u8,
    ) {
        let slot = obj.0 as usize % REFCNT_SLOTS;
        if self.counts[slot] == (obj.0.wrapping_add(1), previous) {
            w.byte(short | slot as u8);
            self.obj = obj.0;
        } else {
            w.byte(tag);
            self.obj(w, obj);
            w.var(refcnt.into());
        }
        self.counts[slot] = (obj.0.wrapping_add(1), refcnt);
    }

    /// An incref (`tag` 10) or a decref (11) to `refcnt`.
    #[inline(always)]
    fn count_event(&mut self, w: &mut Writer, tag: u8, obj: ObjId, refcnt: u32) {
        if tag == 10 {
            self.count_change(w, obj, refcnt, refcnt.wrapping_sub(1), 10, SHORT_INCREF);
        } else {
            self.count_change(w, obj, refcnt, refcnt.wrapping_add(1), 11, SHORT_DECREF);
        }
    }

    /// Remembers the count an event stated for `obj` (encoder and decoder alike).
    #[inline]
    fn state_count(&mut self, obj: ObjId, refcnt: u32) {
        self.counts[obj.0 as usize % REFCNT_SLOTS] = (obj.0.wrapping_add(1), refcnt);
    }

    #[inline]
    fn read_obj(&mut self, r: &mut Reader) -> ObjId {
        self.obj = (i64::from(self.obj) + unzigzag(r.var())) as u32;
        ObjId(self.obj)
    }

    /// A pymalloc block event's size, then its address relative to the last block of its size
    /// class (which the next event's address is also relative to).
    #[inline]
    fn block(&mut self, w: &mut Writer, addr: u64, size: u32) {
        let slot = class_slot(size);
        w.var(size.into());
        w.var(zigzag(addr.wrapping_sub(self.blocks[slot]) as i64));
        self.blocks[slot] = addr;
        self.addr = addr;
    }

    #[inline]
    fn read_block(&mut self, r: &mut Reader) -> (u64, u32) {
        let size = r.var32();
        let slot = class_slot(size);
        let addr = self.blocks[slot].wrapping_add(unzigzag(r.var()) as u64);
        self.blocks[slot] = addr;
        self.addr = addr;
        (addr, size)
    }

    #[inline]
    fn read_addr(&mut self, r: &mut Reader) -> u64 {
        self.addr = self.addr.wrapping_add(unzigzag(r.var()) as u64);
        self.addr
    }

    #[inline(always)]
    fn encode(&mut self, e: &Event, w: &mut Writer) {
        match *e {
            Event::Line { line, col } => {
                let slot = line_slot(line, col);
                if self.lines[slot] == (line, col) {
                    w.byte(SHORT_LINE | slot as u8);
                } else {
                    w.byte(0);
                    w.var(line.into());
                    w.var(col.into());
                    self.lines[slot] = (line, col);
                }
            }
            Event::ArenaNew {
                slot,
                address,
                ntotalpools,
            } => {
                w.byte(1);
                w.var(slot.into());
                self.addr(w, address);
                w.var(ntotalpools.into());
            }
            Event::ArenaFree {
                slot,
                address,
                ntotalpools,
            } => {
                w.byte(2);
                w.var(slot.into());
                self.addr(w, address);
                w.var(ntotalpools.into());
            }
            Event::PoolInit {
                pool,
                szidx,
                old_szidx,
            } => {
                w.byte(3);
                self.addr(w, pool);
                w.var(szidx.into());
                // u32::MAX ("freshly carved") becomes 0.
                w.var(old_szidx.wrapping_add(1).into());
            }
            Event::BlockAlloc { addr, size } => {
                w.byte(4);
                self.block(w, addr, size);
            }
            Event::BlockFree { addr, size } => {
                w.byte(5);
                self.block(w, addr, size);
            }
            Event::RawAlloc { addr, size } => {
                w.byte(6);
                self.addr(w, addr);
                w.var(size.into());
            }
            Event::RawFree { addr, size } => {
                w.byte(7);
                self.addr(w, addr);
                w.var(size.into());
            }
            Event::ObjNew {
                obj,
                addr,
                ty,
                refcnt,
            } => {
                w.byte(8);
                self.obj(w, obj);
                self.addr(w, addr);
                w.byte(ty.0);
                w.var(refcnt.into());
                self.state_count(obj, refcnt);
            }
            Event::ObjFree { obj, addr, ty } => {
                w.byte(9);
                self.obj(w, obj);
                self.addr(w, addr);
                w.byte(ty.0);
            }
            Event::Incref { obj, refcnt } => self.count_event(w, 10, obj, refcnt),
            Event::Decref { obj, refcnt } => self.count_event(w, 11, obj, refcnt),
            Event::SetRefcnt { obj, old, new } => {
                w.byte(12);
                self.obj(w, obj);
                w.var(old.into());
                w.var(new.into());
                self.state_count(obj, new);
            }
            Event::Track { obj, generation } => {
                w.byte(13);
                self.obj(w, obj);
                w.byte(generation);
            }
            Event::Untrack { obj, generation } => {
                w.byte(14);
                self.obj(w, obj);
                w.byte(generation);
            }
            Event::GenMove { obj, from, to } => {
                w.byte(15);
                self.obj(w, obj);
                w.byte(from);
                w.byte(to);
            }
            Event::GcStart { generation } => {
                w.byte(16);
                w.byte(generation);
            }
            Event::GcPhase { phase, objects } => {
                w.byte(17);
                w.byte(phase_index(phase));
                w.var(objects.into());
            }
            Event::GcRefs { obj, gc_refs } => {
                w.byte(18);
                self.obj(w, obj);
                w.var(gc_refs.into());
            }
            Event::GcDone {
                generation,
                collected,
                uncollectable,
            } => {
                w.byte(19);
                w.byte(generation);
                w.var(collected.into());
                w.var(uncollectable.into());
            }
            Event::Finalize { obj } => {
                w.byte(20);
                self.obj(w, obj);
            }
            Event::WeakrefCallback { weakref } => {
                w.byte(21);
                self.obj(w, weakref);
            }
            Event::Output { text, stderr } => {
                w.byte(22);
                w.var(text.into());
                w.byte(u8::from(stderr));
            }
        }
    }

    #[inline]
    fn decode(&mut self, r: &mut Reader) -> Event {
        match r.byte() {
            0 => {
                let (line, col) = (r.var32(), r.var32());
                self.lines[line_slot(line, col)] = (line, col);
                Event::Line { line, col }
            }
            tag @ SHORT_LINE..SHORT_INCREF => {
                let (line, col) = self.lines[usize::from(tag) % LINE_SLOTS];
                Event::Line { line, col }
            }
            1 => Event::ArenaNew {
                slot: r.var32(),
                address: self.read_addr(r),
                ntotalpools: r.var32(),
            },
            2 => Event::ArenaFree {
                slot: r.var32(),
                address: self.read_addr(r),
                ntotalpools: r.var32(),
            },
            3 => Event::PoolInit {
                pool: self.read_addr(r),
                szidx: r.var32(),
                old_szidx: r.var32().wrapping_sub(1),
            },
            4 => {
                let (addr, size) = self.read_block(r);
                Event::BlockAlloc { addr, size }
            }
            5 => {
                let (addr, size) = self.read_block(r);
                Event::BlockFree { addr, size }
            }
            6 => Event::RawAlloc {
                addr: self.read_addr(r),
                size: r.var32(),
            },
            7 => Event::RawFree {
                addr: self.read_addr(r),
                size: r.var32(),
            },
            8 => {
                let (obj, addr, ty, refcnt) = (
                    self.read_obj(r),
                    self.read_addr(r),
                    TypeTag(r.byte()),
                    r.var32(),
                );
                self.state_count(obj, refcnt);
                Event::ObjNew {
                    obj,
                    addr,
                    ty,
                    refcnt,
                }
            }
            9 => Event::ObjFree {
                obj: self.read_obj(r),
                addr: self.read_addr(r),
                ty: TypeTag(r.byte()),
            },
            10 => {
                let (obj, refcnt) = (self.read_obj(r), r.var32());
                self.state_count(obj, refcnt);
                Event::Incref { obj, refcnt }
            }
            11 => {
                let (obj, refcnt) = (self.read_obj(r), r.var32());
                self.state_count(obj, refcnt);
                Event::Decref { obj, refcnt }
            }
            12 => {
                let (obj, old, new) = (self.read_obj(r), r.var32(), r.var32());
                self.state_count(obj, new);
                Event::SetRefcnt { obj, old, new }
            }
            tag @ SHORT_INCREF.. => {
                let slot = usize::from(tag) % REFCNT_SLOTS;
                let (key, last) = self.counts[slot];
                let obj = ObjId(key.wrapping_sub(1));
                self.obj = obj.0;
                if tag < SHORT_DECREF {
                    self.counts[slot].1 = last.wrapping_add(1);
                    Event::Incref {
                        obj,
                        refcnt: last.wrapping_add(1),
                    }
                } else {
                    self.counts[slot].1 = last.wrapping_sub(1);
                    Event::Decref {
                        obj,
                        refcnt: last.wrapping_sub(1),
                    }
                }
            }
            13 => Event::Track {
                obj: self.read_obj(r),
                generation: r.byte(),
            },
            14 => Event::Untrack {
                obj: self.read_obj(r),
                generation: r.byte(),
            },
            15 => Event::GenMove {
                obj: self.read_obj(r),
                from: r.byte(),
                to: r.byte(),
            },
            16 => Event::GcStart {
                generation: r.byte(),
            },
            17 => Event::GcPhase {
                phase: phase_at(r.byte()),
                objects: r.var32(),
            },
            18 => Event::GcRefs {
                obj: self.read_obj(r),
                gc_refs: r.var32(),
            },
            19 => Event::GcDone {
                generation: r.byte(),
                collected: r.var32(),
                uncollectable: r.var32(),
            },
            20 => Event::Finalize {
                obj: self.read_obj(r),
            },
            21 => Event::WeakrefCallback {
                weakref: self.read_obj(r),
            },
            _ => Event::Output {
                text: r.var32(),
                stderr: r.byte() != 0,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_event() -> impl Strategy<Value = Event> {
        // Few distinct objects and small counts, so that counts often step by one from the last
        // stated count of the same object (the one-byte forms), plus the extremes.
        let obj = prop_oneof![any::<u32>(), 0u32..20, Just(u32::MAX)].prop_map(ObjId);
        let count = prop_oneof![any::<u32>(), 0u32..3, Just(u32::MAX)];
        let addr = prop_oneof![any::<u64>(), 0x7f00_0000_0000u64..0x7f00_0010_0000];
        // Addresses of the events that also carry a third 32-bit field are below 2^48 (see
        // `Recorded`), as every address the engine makes is.
        let user_addr = prop_oneof![
            0..ADDRESS_LIMIT,
            Just(ADDRESS_LIMIT - 1),
            0x7f00_0000_0000u64..0x7f00_0010_0000
        ];
        prop_oneof![
            // Few positions, so that the one-byte form (and slot collisions) occur, plus any.
            prop_oneof![(0u32..12, 0u32..4), (any::<u32>(), any::<u32>())]
                .prop_map(|(line, col)| Event::Line { line, col }),
            (any::<u32>(), user_addr.clone(), any::<u32>()).prop_map(
                |(slot, address, ntotalpools)| Event::ArenaNew {
                    slot,
                    address,
                    ntotalpools,
                }
            ),
            (any::<u32>(), user_addr.clone(), any::<u32>()).prop_map(
                |(slot, address, ntotalpools)| Event::ArenaFree {
                    slot,
                    address,
                    ntotalpools,
                }
            ),
            (user_addr.clone(), any::<u32>(), any::<u32>()).prop_map(|(pool, szidx, old_szidx)| {
                Event::PoolInit {
                    pool,
                    szidx,
                    old_szidx,
                }
            }),
            (addr.clone(), any::<u32>()).prop_map(|(addr, size)| Event::BlockAlloc { addr, size }),
            (addr.clone(), any::<u32>()).prop_map(|(addr, size)| Event::BlockFree { addr, size }),
            (addr.clone(), any::<u32>()).prop_map(|(addr, size)| Event::RawAlloc { addr, size }),
            (addr.clone(), any::<u32>()).prop_map(|(addr, size)| Event::RawFree { addr, size }),
            (obj.clone(), user_addr, any::<u8>(), count.clone()).prop_map(
                |(obj, addr, ty, refcnt)| Event::ObjNew {
                    obj,
                    addr,
                    ty: TypeTag(ty),
                    refcnt
                }
            ),
            (obj.clone(), addr, any::<u8>()).prop_map(|(obj, addr, ty)| Event::ObjFree {
                obj,
                addr,
                ty: TypeTag(ty)
            }),
            (obj.clone(), count.clone()).prop_map(|(obj, refcnt)| Event::Incref { obj, refcnt }),
            (obj.clone(), count.clone()).prop_map(|(obj, refcnt)| Event::Decref { obj, refcnt }),
            (obj.clone(), any::<u32>(), count).prop_map(|(obj, old, new)| Event::SetRefcnt {
                obj,
                old,
                new
            }),
            (obj.clone(), any::<u8>())
                .prop_map(|(obj, generation)| Event::Track { obj, generation }),
            (obj.clone(), any::<u8>())
                .prop_map(|(obj, generation)| Event::Untrack { obj, generation }),
            (obj.clone(), any::<u8>(), any::<u8>()).prop_map(|(obj, from, to)| Event::GenMove {
                obj,
                from,
                to
            }),
            any::<u8>().prop_map(|generation| Event::GcStart { generation }),
            (0..PHASES.len(), any::<u32>()).prop_map(|(p, objects)| Event::GcPhase {
                phase: PHASES[p],
                objects
            }),
            (obj.clone(), any::<u32>()).prop_map(|(obj, gc_refs)| Event::GcRefs { obj, gc_refs }),
            (any::<u8>(), any::<u32>(), any::<u32>()).prop_map(
                |(generation, collected, uncollectable)| Event::GcDone {
                    generation,
                    collected,
                    uncollectable
                }
            ),
            obj.clone().prop_map(|obj| Event::Finalize { obj }),
            obj.prop_map(|weakref| Event::WeakrefCallback { weakref }),
            (any::<u32>(), any::<bool>()).prop_map(|(text, stderr)| Event::Output { text, stderr }),
        ]
    }

    proptest! {
        /// The three words an event is recorded as give back that event, field for field.
        #[test]
        fn recorded_words_give_the_event_back(event in any_event()) {
            prop_assert_eq!(Recorded::new(event).event(), event);
        }

        /// Whatever is pushed comes back, by index, forwards from any point and backwards over
        /// any range (deltas restart at every indexed event), whether it was packed or is
        /// still pending.
        #[test]
        fn packed_log_round_trips(
            events in proptest::collection::vec(any_event(), 0..200),
            a in 0usize..220,
            b in 0usize..220,
            flush_at in 0usize..220,
            threaded in any::<bool>(),
        ) {
            // Events before `flush_at` are packed (on the packer thread or here), the rest are
            // read from the pending batch.
            let mut log = if threaded {
                EventLog::recording()
            } else {
                EventLog::recording_unthreaded()
            };
            for (i, e) in events.iter().enumerate() {
                if i == flush_at {
                    log.flush();
                }
                log.push(*e);
            }
            prop_assert_eq!(log.len(), events.len());
            prop_assert_eq!(log.iter().collect::<Vec<_>>(), events.clone());
            let (lo, hi) = (a.min(b).min(events.len()), a.max(b).min(events.len()));
            prop_assert_eq!(log.range(lo..hi).collect::<Vec<_>>(), events[lo..hi].to_vec());
            let back: Vec<Event> = log.rev_range(lo..hi).collect();
            let expected: Vec<Event> = events[lo..hi].iter().rev().copied().collect();
            prop_assert_eq!(back, expected);
            prop_assert_eq!(log.get(lo), events.get(lo).copied());
        }
    }

    #[test]
    fn events_read_back_across_segments() {
        // Small segments and batches of odd sizes: blocks of STRIDE events start in one
        // segment and end in the next, and some batches need more than a segment's room.
        let mut seed = 99u64;
        let mut events = Vec::new();
        for i in 0..5_000u32 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            events.push(match seed >> 61 {
                0 => Event::BlockAlloc {
                    addr: seed >> 20,
                    size: 16,
                },
                1 => Event::Incref {
                    obj: ObjId(i % 7),
                    refcnt: (seed >> 40) as u32 % 3,
                },
                2 => Event::Decref {
                    obj: ObjId(i % 7),
                    refcnt: (seed >> 40) as u32 % 3,
                },
                3 => Event::ObjNew {
                    obj: ObjId(i),
                    addr: seed >> 17,
                    ty: TypeTag(3),
                    refcnt: 1,
                },
                _ => Event::Line {
                    line: i,
                    col: (seed >> 50) as u32,
                },
            });
        }
        let mut packed = Packed {
            segment_bytes: 2_000,
            ..Packed::default()
        };
        let mut at = 0;
        while at < events.len() {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let n = ((seed >> 33) as usize % 90 + 1).min(events.len() - at);
            let batch: Vec<Recorded> = events[at..at + n]
                .iter()
                .map(|&e| Recorded::new(e))
                .collect();
            packed.append_all(&batch);
            at += n;
        }
        assert!(
            packed.segments.len() > 20,
            "{} segments",
            packed.segments.len()
        );
        assert!(packed
            .segments
            .iter()
            .zip(&packed.ends)
            .all(|(s, &end)| end <= s.len()));
        let mut all = Vec::new();
        packed.decode_into(0, events.len(), &mut all);
        assert_eq!(all, events);
        for from in (0..events.len()).step_by(37) {
            let mut part = Vec::new();
            packed.decode_into(from, from + 45, &mut part);
            assert_eq!(
                part,
                events[from..(from + 45).min(events.len())],
                "from {from}"
            );
        }
        let copy = packed.clone();
        let mut again = Vec::new();
        copy.decode_into(0, events.len(), &mut again);
        assert_eq!(again, events);
    }

    #[test]
    fn batches_packed_on_another_thread_read_like_those_packed_here() {
        // Several batches, with flushes at odd points and reads while recording, so that reads
        // meet packed events, batches handed to the packer and the pending batch.
        let mut seed = 12_345u64;
        let mut events = Vec::new();
        let mut threaded = EventLog::recording();
        let mut here = EventLog::recording_unthreaded();
        for i in 0..3 * BATCH + 777 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let obj = ObjId((seed >> 40) as u32 % 50);
            let e = match (seed >> 33) % 4 {
                0 => Event::Incref {
                    obj,
                    refcnt: (seed >> 20) as u32 % 4,
                },
                1 => Event::Decref {
                    obj,
                    refcnt: (seed >> 20) as u32 % 4,
                },
                2 => Event::BlockAlloc {
                    addr: 0x7f00_0000_0000 + (seed >> 30) % 4096 * 16,
                    size: 32,
                },
                _ => Event::Line {
                    line: i as u32,
                    col: 1,
                },
            };
            events.push(e);
            threaded.push(e);
            here.push(e);
            if i % 1000 == 999 {
                threaded.flush();
            }
            if i % 2500 == 0 {
                assert_eq!(threaded.get(i), Some(e));
                assert_eq!(threaded.len(), i + 1);
            }
        }
        assert!(threaded.packer.is_some(), "a packer thread was started");
        assert!(here.packer.is_none());
        let n = events.len();
        for log in [&threaded, &here] {
            assert_eq!(log.iter().collect::<Vec<_>>(), events);
            for (lo, hi) in [
                (0, 1),
                (BATCH - 5, BATCH + 40),
                (2 * BATCH + 3, n),
                (n - 10, n),
            ] {
                assert_eq!(log.range(lo..hi).collect::<Vec<_>>(), events[lo..hi]);
                let back: Vec<Event> = log.rev_range(lo..hi).collect();
                let expected: Vec<Event> = events[lo..hi].iter().rev().copied().collect();
                assert_eq!(back, expected);
            }
        }
        assert!(threaded == here);
        let counted = threaded.encoded_bytes();
        threaded.flush();
        here.flush();
        assert_eq!(
            threaded.encoded_bytes(),
            counted,
            "pending events counted as packed"
        );
        assert_eq!(
            threaded.encoded_bytes(),
            here.encoded_bytes(),
            "the same bytes"
        );
        let copy = threaded.clone();
        assert!(copy == threaded);
    }

    #[test]
    fn counts_that_step_by_one_take_one_byte() {
        let mut log = EventLog::recording();
        let events = [
            Event::ObjNew {
                obj: ObjId(11_380),
                addr: 0x7f00_0000_1000,
                ty: TypeTag(9),
                refcnt: 1,
            },
            Event::Incref {
                obj: ObjId(11_380),
                refcnt: 2,
            },
            Event::Incref {
                obj: ObjId(7),
                refcnt: 1_000_000_001,
            },
            Event::Incref {
                obj: ObjId(11_380),
                refcnt: 3,
            },
            Event::Decref {
                obj: ObjId(7),
                refcnt: 1_000_000_000,
            },
            Event::Decref {
                obj: ObjId(11_380),
                refcnt: 2,
            },
        ];
        for e in events {
            log.push(e);
        }
        // ObjNew: tag, 3-byte id, 7-byte address, type, count; the first incref of #7 states
        // its count (tag, 3-byte delta, 5-byte count); every other change is a single byte.
        log.flush();
        assert_eq!(log.packed().used(), 13 + 9 + 4);
        assert_eq!(log.iter().collect::<Vec<_>>(), events.to_vec());
    }

    #[test]
    fn common_events_are_small() {
        let mut log = EventLog::recording();
        for i in 0..STRIDE as u32 {
            log.push(Event::Incref {
                obj: ObjId(11_380 + i % 3),
                refcnt: 2,
            });
        }
        // One tag byte, a one-byte delta and a one-byte count; the first event's id is absolute
        // (three bytes for 11380).
        log.flush();
        assert_eq!(log.packed().used(), 3 * STRIDE + 2);
        assert_eq!(log.encoded_bytes(), 3 * STRIDE + 2 + 8, "one index entry");
        log.set_enabled(false);
        for _ in 0..3 * SCRATCH {
            log.push(Event::GcStart { generation: 0 });
        }
        assert_eq!(log.len(), STRIDE, "a disabled log records nothing");
        assert_eq!(log.encoded_bytes(), 3 * STRIDE + 2 + 8);
        log.set_enabled(true);
        log.push(Event::GcDone {
            generation: 1,
            collected: 0,
            uncollectable: 0,
        });
        assert_eq!(
            log.len(),
            STRIDE + 1,
            "recording again appends after what was recorded"
        );
        assert!(matches!(
            log.get(STRIDE),
            Some(Event::GcDone { generation: 1, .. })
        ));
    }
}
