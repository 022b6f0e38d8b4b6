//! The typed event stream: every state change of the engine is recorded as one [`Event`], in order.
//! Views, the CLI's `--events` listing and the time-travel [`crate::engine::timeline`] consume only
//! events and read-only state.

use serde::{Deserialize, Serialize};

use super::ids::ObjId;

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    pub const NAMES: [&'static str; 32] = [
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
    ];

    /// The type name.
    pub fn name(self) -> &'static str {
        Self::NAMES.get(self.0 as usize).copied().unwrap_or("other")
    }
}

/// The append-only log of events, with the texts they refer to.
#[derive(Debug, Clone, Default)]
pub struct EventLog {
    /// When false, nothing is recorded (benchmarks of the bare engine).
    pub enabled: bool,
    /// Events in order.
    pub events: Vec<Event>,
    /// Texts written by the program.
    pub texts: Vec<String>,
}

impl EventLog {
    /// A log that records.
    pub fn recording() -> Self {
        Self {
            enabled: true,
            ..Self::default()
        }
    }

    /// Appends an event when recording.
    #[inline]
    pub fn push(&mut self, event: Event) {
        if self.enabled {
            self.events.push(event);
        }
    }

    /// Records program output.
    pub fn output(&mut self, text: &str, stderr: bool) {
        if self.enabled {
            let index = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
            self.texts.push(text.to_owned());
            self.events.push(Event::Output {
                text: index,
                stderr,
            });
        }
    }
}
