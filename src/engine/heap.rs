//! The object heap: creating objects with CPython's sizes (per version), placing them in pymalloc
//! blocks or on type free lists, reference counting with CPython's deallocation order (list and
//! tuple items last-first, dict entries and attributes in order, `__del__` before the attributes
//! go, the trashcan for deep chains), weak references, and the dict layout (keys objects, split
//! tables, values arrays) that decides which blocks a dict uses.

use std::num::NonZeroU64;
use std::rc::Rc;

use super::config::{EngineConfig, InstanceLayout};
use super::event::{Event, EventLog, TypeTag};
use super::fxhash::FxHashMap;
use super::gc::{GcList, GcState};
use super::ids::ObjId;
use super::object::{
    AttrValues, ClassData, DictData, FunctionData, InstanceData, InstanceDict, IntVal, Kind,
    NativePayload, Obj, ObjFlags, SeqOf, SpecialCache, ValuesArray, NO_OBJ, UNTRACKED,
};
use super::prefault;
use super::pymalloc::Allocator;

/// `sizeof(PyListObject)`.
const LIST_SIZE: u64 = 40;
/// Size of the GC head that precedes every GC object.
pub const GC_HEAD: u64 = 16;
/// Object-table slots between two requests to fault in the slots ahead (768 KiB of 96-byte
/// records). A power of two, so that the test made for every new slot is a mask (1 MiB's
/// worth, 10 922 slots, cost four to five instructions more per new object).
const OBJS_FAULT_STEP: usize = 1 << 13;
/// Object-table slots faulted in ahead of the last one used (3 MiB of records): 32 768
/// objects, which the simulation makes in some milliseconds and the packer faults in in
/// about 1.5.
const OBJS_FAULT_AHEAD: usize = 4 * OBJS_FAULT_STEP;
/// The smallest int of the small-int cache (its top is per version:
/// [`EngineConfig::small_int_max`]).
pub const SMALL_INT_MIN: i64 = -5;

/// What the engine needs from the interpreter that runs on it: running Python code for
/// finalizers, weakref callbacks and `gc.callbacks`, and knowing which classes define `__del__`.
pub trait Runtime {
    /// Calls `obj.__del__()` (tp_finalize). Errors are reported as unraisable by the runtime.
    fn finalize(&mut self, heap: &mut Heap, obj: ObjId);
    /// Calls a weakref callback with the weakref.
    fn weakref_callback(&mut self, heap: &mut Heap, callback: ObjId, weakref: ObjId);
    /// Calls every `gc.callbacks` entry with `(phase, info)`.
    fn gc_callbacks(
        &mut self,
        heap: &mut Heap,
        start: bool,
        generation: u8,
        collected: u64,
        uncollectable: u64,
    );
}

/// A runtime that runs no Python code (for engine-only use and tests).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoRuntime;

impl Runtime for NoRuntime {
    fn finalize(&mut self, _: &mut Heap, _: ObjId) {}
    fn weakref_callback(&mut self, _: &mut Heap, _: ObjId, _: ObjId) {}
    fn gc_callbacks(&mut self, _: &mut Heap, _: bool, _: u8, _: u64, _: u64) {}
}

/// Special methods the runtime looks up on classes for its own operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Special {
    /// `__del__` (tp_finalize).
    Del,
    /// `__init__` (tp_init).
    Init,
    /// `__bool__` (nb_bool).
    Bool,
    /// `__len__` (sq_length / mp_length).
    Len,
    /// `__new__` (tp_new).
    New,
    /// `__setattr__` (tp_setattro).
    SetAttr,
}

impl Special {
    /// The method's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Del => "__del__",
            Self::Init => "__init__",
            Self::Bool => "__bool__",
            Self::Len => "__len__",
            Self::New => "__new__",
            Self::SetAttr => "__setattr__",
        }
    }
}

/// Blocks parked on the type free lists (LIFO: the last pushed is handed out next).
#[derive(Debug, Clone, Default)]
pub struct FreeLists {
    /// Float objects.
    pub float: Vec<u64>,
    /// Tuples by length (index = length).
    pub tuple: Vec<Vec<u64>>,
    /// List objects.
    pub list: Vec<u64>,
    /// Dict objects.
    pub dict: Vec<u64>,
    /// 8-slot keys objects.
    pub dict_keys: Vec<u64>,
    /// Frame objects (3.8–3.10).
    pub frame: Vec<u64>,
    /// 3.14+: one-digit ints, bound methods, ranges and range iterators.
    pub int: Vec<u64>,
    /// 3.14+: bound method objects.
    pub method: Vec<u64>,
    /// 3.14+: range objects.
    pub range: Vec<u64>,
    /// 3.14+: range iterators.
    pub range_iter: Vec<u64>,
    /// 3.14+: list iterators.
    pub list_iter: Vec<u64>,
    /// 3.14+: tuple iterators.
    pub tuple_iter: Vec<u64>,
    /// 3.8 and 3.14+: builtin function and method objects.
    pub cfunction: Vec<u64>,
}

/// The type free list an object's memory is taken from and returned to, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FreeList {
    None,
    Float,
    /// Tuples, by length.
    Tuple(usize),
    List,
    Dict,
    /// Frames (3.8–3.10).
    Frame,
    /// 3.14+: ints of one digit (`_PyLong_IsCompact`).
    Int,
    /// 3.14+: bound methods.
    Method,
    /// 3.14+: `range` objects.
    Range,
    /// 3.14+: `range` iterators.
    RangeIter,
    /// 3.14+: list iterators (`list_iters`).
    ListIter,
    /// 3.14+: tuple iterators (`tuple_iters`).
    TupleIter,
    /// 3.8 and 3.14+: builtin functions and methods (`PyCFunctionObject`).
    CFunction,
}

/// Free-list capacities of 3.14+ (`Py_ints_MAXFREELIST`, `Py_ranges_MAXFREELIST`,
/// `Py_range_iters_MAXFREELIST`).
const INT_FREELIST: usize = 100;
const RANGE_FREELIST: usize = 6;
/// 3.14+'s list and tuple iterator free lists (10 each: measured, `reversed` iterators have
/// none).
const SEQ_ITER_FREELIST: usize = 10;

impl FreeList {
    #[inline(always)]
    fn of(kind: &Kind) -> Self {
        match kind {
            Kind::Float(_) => Self::Float,
            Kind::Int(IntVal::Small(v)) if v.unsigned_abs() < 1 << 30 => Self::Int,
            Kind::Method(..) => Self::Method,
            Kind::BuiltinFn(..) => Self::CFunction,
            Kind::Range(..) => Self::Range,
            Kind::RangeIter(..) => Self::RangeIter,
            Kind::SeqIter(_, _, SeqOf::List) => Self::ListIter,
            Kind::SeqIter(_, _, SeqOf::Tuple) => Self::TupleIter,
            Kind::Tuple(items) if !items.is_empty() => Self::Tuple(items.len()),
            Kind::List(..) => Self::List,
            Kind::Dict(_) => Self::Dict,
            Kind::Frame | Kind::FrameObj(_) => Self::Frame,
            _ => Self::None,
        }
    }
}

/// Objects that exist before the program starts.
#[derive(Debug, Clone, Default)]
pub struct Statics {
    /// `None`.
    pub none: ObjId,
    /// `True`.
    pub true_: ObjId,
    /// `False`.
    pub false_: ObjId,
    /// `...`.
    pub ellipsis: ObjId,
    /// `NotImplemented`.
    pub not_implemented: ObjId,
    /// `()`.
    pub empty_tuple: ObjId,
    /// `''`.
    pub empty_str: ObjId,
    /// `b''`.
    pub empty_bytes: ObjId,
    /// -5 ..= 256.
    pub small_ints: Vec<ObjId>,
    /// One-character latin-1 strings, by code point.
    pub latin1: Vec<Option<ObjId>>,
    /// One-byte bytes objects, by value (`characters[]`: made on first use up to 3.10, static
    /// from 3.11, immortal from 3.12).
    pub byte_chars: Vec<Option<ObjId>>,
    /// `object.__subclasses__()` table: weakrefs to user classes without explicit bases.
    pub object_subclasses: Option<ObjId>,
}

/// Why an operation on the heap failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeapError {
    /// The configured object limit was reached.
    #[error("heap limit reached: more than {0} live objects (raise it with --heap-limit)")]
    HeapLimit(u64),
}

/// Dicts with more entries than this (dummies included) have a hash index beside them; smaller
/// ones are searched entry by entry, which is cheaper than keeping an index.
const DICT_LINEAR_MAX: usize = 8;

/// At most this many texts are kept in [`Heap`]'s `lookup_texts`.
const LOOKUP_TEXTS_MAX: usize = 4096;

/// A hashable key for dicts and sets: Python equality for the builtin immutable types.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum HKey {
    /// int, bool, and integral floats.
    Int(IntVal),
    /// Non-integral float, by bits.
    Float(u64),
    /// str.
    Str(Rc<str>),
    /// bytes.
    Bytes(Rc<[u8]>),
    /// tuple of hashables.
    Tuple(Vec<HKey>),
    /// Identity (None, functions, instances, classes...).
    Id(u32),
}

/// The simulated heap.
#[derive(Debug, Clone)]
pub struct Heap {
    /// The version preset.
    pub config: EngineConfig,
    /// pymalloc.
    pub alloc: Allocator,
    /// Object slots; freed slots are reused.
    pub objs: Vec<Obj>,
    free_slots: Vec<u32>,
    /// Emptied item vectors of freed lists and tuples, for reuse.
    spare_items: Vec<Vec<ObjId>>,
    /// Records of freed instances (with their vectors' capacity), for reuse: kept boxed, since
    /// the box is what a new instance's payload needs.
    #[allow(clippy::vec_box)]
    spare_instances: Vec<Box<InstanceData>>,
    /// Emptied records of freed dicts, for reuse (boxed, as a dict's payload is).
    #[allow(clippy::vec_box)]
    spare_dicts: Vec<Box<DictData>>,
    /// Live objects.
    pub live: u64,
    /// Most objects alive at once.
    pub peak_live: u64,
    /// The event log.
    pub log: EventLog,
    /// The cyclic GC's state.
    pub gc: GcState,
    /// Type free lists.
    pub freelists: FreeLists,
    /// Pre-existing objects.
    pub statics: Statics,
    /// The interned-string table.
    pub interned: FxHashMap<Rc<str>, ObjId>,
    /// The class of each object of a builtin layout whose type is a user class (a tuple
    /// subclass such as a namedtuple), which holds a reference to it.
    subtype_classes: FxHashMap<u32, ObjId>,
    /// Dict keys → entry index, per dict object.
    dict_index: FxHashMap<u32, FxHashMap<HKey, usize>>,
    /// Each object's weak references (`tp_weaklistoffset`'s list), in list order; only objects
    /// that have some are here (few do, and an object record stays smaller without a list).
    weakref_lists: FxHashMap<u32, Vec<ObjId>>,
    /// 3.13+: the instance each materialised `__dict__` view (a borrowed dict) belongs to.
    view_owners: FxHashMap<u32, ObjId>,
    trash_nesting: u32,
    trash_later: Vec<ObjId>,
    static_next: u64,
    /// Set once the heap limit was hit; the front end turns it into an error.
    pub limit_hit: bool,
    /// Set when the heap did something whose outcome pymemsim cannot reproduce exactly; the
    /// front end stops as unsupported at the next statement.
    pub unsupported: Option<&'static str>,
    /// Bumped whenever a class is created or a class namespace changes.
    class_epoch: u64,
    /// The dict whose set of keys is versioned (the module dict, as CPython 3.11's
    /// `dk_version` lets `LOAD_GLOBAL` skip looking up a name known to be missing), and that
    /// version: bumped whenever a key is added or removed.
    watched_dict: ObjId,
    watched_keys_version: u64,
    /// Texts of names the engine and front end look up that are not interned (`__init__`,
    /// `__del__`...): shared, so a lookup does not allocate a key each time. Bounded.
    lookup_texts: std::cell::RefCell<FxHashMap<Rc<str>, ()>>,
}

impl Heap {
    /// A heap with the interpreter's static objects in place.
    pub fn new(config: EngineConfig) -> Self {
        let alloc = Allocator::new(&config);
        let gc = GcState::new(&config);
        let mut heap = Self {
            alloc,
            objs: Vec::new(),
            free_slots: Vec::new(),
            spare_items: Vec::new(),
            spare_instances: Vec::new(),
            spare_dicts: Vec::new(),
            live: 0,
            peak_live: 0,
            log: {
                let mut log = EventLog::recording();
                log.set_limit(usize::try_from(config.event_limit).unwrap_or(usize::MAX));
                log
            },
            gc,
            freelists: FreeLists {
                tuple: vec![Vec::new(); config.tuple_freelist_max_len + 1],
                ..FreeLists::default()
            },
            statics: Statics::default(),
            interned: FxHashMap::default(),
            subtype_classes: FxHashMap::default(),
            dict_index: FxHashMap::default(),
            weakref_lists: FxHashMap::default(),
            view_owners: FxHashMap::default(),
            trash_nesting: 0,
            trash_later: Vec::new(),
            static_next: 0x7f3c_6e8a_1a40,
            limit_hit: false,
            unsupported: None,
            class_epoch: 0,
            watched_dict: ObjId(crate::engine::object::NO_OBJ),
            watched_keys_version: 0,
            lookup_texts: std::cell::RefCell::default(),
            config,
        };
        heap.create_statics();
        heap
    }

    fn create_statics(&mut self) {
        let immortal = self.config.immortal_objects;
        let base = self.config.static_refcount_base;
        let singleton_rc = if immortal { 0 } else { 5000 };
        self.statics.none = self.new_static(Kind::None, 16, singleton_rc);
        self.statics.true_ = self.new_static(Kind::Bool(true), 28, singleton_rc / 4);
        self.statics.false_ = self.new_static(Kind::Bool(false), 28, singleton_rc / 4);
        self.statics.ellipsis = self.new_static(Kind::Ellipsis, 16, 10);
        self.statics.not_implemented = self.new_static(Kind::NotImplemented, 16, 10);
        let rc = base.unwrap_or(100);
        let empty_tuple_size = 16 + self.config.tuple_header;
        self.statics.empty_tuple = self.new_static(Kind::Tuple(Vec::new()), empty_tuple_size, rc);
        self.statics.empty_str = self.new_static(Kind::Str(Rc::from("")), 49, rc);
        self.statics.empty_bytes = self.new_static(Kind::Bytes(Rc::from(&b""[..])), 33, rc);
        let small_static = self.config.version.at_least(11);
        for v in SMALL_INT_MIN..=self.config.small_int_max {
            let id = if small_static {
                self.new_static(Kind::Int(IntVal::Small(v)), 28, rc)
            } else {
                // 3.8–3.10: small ints are ordinary heap objects created at start-up.
                let id = self.new_plain(Kind::Int(IntVal::Small(v)));
                self.set_refcnt(id, 50);
                id
            };
            self.statics.small_ints.push(id);
        }
        self.statics.latin1 = vec![None; 256];
        self.statics.byte_chars = vec![None; 256];
        self.interned.insert(Rc::from(""), self.statics.empty_str);
    }

    fn new_static(&mut self, kind: Kind, size: u64, refcnt: i64) -> ObjId {
        let addr = self.static_next;
        self.static_next += size.div_ceil(16) * 16;
        let immortal = self.config.immortal_objects;
        let id = self.push_obj(Obj {
            refcnt: if immortal {
                i64::from(u32::MAX)
            } else {
                refcnt
            },
            addr,
            block: 0,
            request: u32::try_from(size).unwrap_or(u32::MAX),
            kind,
            flags: ObjFlags {
                is_static: true,
                immortal,
                ..ObjFlags::default()
            },
            generation: UNTRACKED,
            gc_prev: NO_OBJ,
            gc_next: NO_OBJ,
            gc_refs: 0,
        });
        let (ty, refcnt) = (
            self.objs[id.index()].kind.tag(),
            self.objs[id.index()].refcnt,
        );
        self.log.push(Event::ObjNew {
            obj: id,
            addr,
            ty,
            refcnt: refcnt.clamp(0, i64::from(u32::MAX)) as u32,
        });
        id
    }

    fn push_obj(&mut self, obj: Obj) -> ObjId {
        self.live += 1;
        self.peak_live = self.peak_live.max(self.live);
        if let Some(slot) = self.free_slots.pop() {
            // A freed record holds no payload (deallocation took it out): nothing is dropped.
            self.objs[slot as usize] = obj;
            ObjId(slot)
        } else {
            self.before_new_slot();
            self.objs.push(obj);
            ObjId((self.objs.len() - 1) as u32)
        }
    }

    /// The object table is about to grow by a slot: every [`OBJS_FAULT_STEP`] slots (and when
    /// it is full, after making room as `push` would), the packer is asked to fault in the
    /// table's next [`OBJS_FAULT_AHEAD`] slots ([`crate::engine::prefault`]), so that the
    /// simulation does not stop at a page fault every 42 new objects.
    #[inline(always)]
    fn before_new_slot(&mut self) {
        let n = self.objs.len();
        if n.is_multiple_of(OBJS_FAULT_STEP) || n == self.objs.capacity() {
            self.fault_in_slots_ahead();
        }
    }

    #[cold]
    #[inline(never)]
    fn fault_in_slots_ahead(&mut self) {
        let n = self.objs.len();
        if n == self.objs.capacity() {
            // What `push` would do (doubling, at least four), done first so that the range
            // below is in the new allocation.
            self.objs.reserve(n.max(4));
        }
        let ahead = (self.objs.capacity() - n).min(OBJS_FAULT_AHEAD);
        let spare = self.objs.spare_capacity_mut();
        self.log.fault_in(prefault::Range {
            start: spare.as_ptr() as usize,
            len: ahead * std::mem::size_of::<Obj>(),
        });
    }

    /// The object behind an id.
    #[inline]
    pub fn get(&self, id: ObjId) -> &Obj {
        &self.objs[id.index()]
    }

    /// Mutable access to an object (payload edits by the front end go through the helpers below
    /// where references change).
    #[inline]
    pub fn get_mut(&mut self, id: ObjId) -> &mut Obj {
        &mut self.objs[id.index()]
    }

    /// The payload of an object.
    #[inline]
    pub fn kind(&self, id: ObjId) -> &Kind {
        &self.objs[id.index()].kind
    }

    /// True if `id` names a live object.
    pub fn is_live(&self, id: ObjId) -> bool {
        self.objs
            .get(id.index())
            .is_some_and(|o| o.refcnt > 0 || o.flags.is_static)
    }

    /// Iterates over live objects.
    pub fn live_objects(&self) -> impl Iterator<Item = ObjId> + '_ {
        self.objs
            .iter()
            .enumerate()
            .filter(|(_, o)| o.refcnt > 0 || o.flags.is_static)
            .map(|(i, _)| ObjId(i as u32))
    }

    // ----------------------------------------------------------------------------------------
    // Sizes

    /// The bytes `PyObject_Malloc` is asked for when creating an object of this kind (GC head
    /// and pre-headers included), and the pre-header size before the `PyObject*`.
    pub fn request_size(&self, kind: &Kind) -> (u64, u64) {
        let v = self.config.version;
        let gc = if kind.is_gc_type() { GC_HEAD } else { 0 };
        let body = match kind {
            Kind::None | Kind::Ellipsis | Kind::NotImplemented | Kind::Object => 16,
            Kind::Bool(_) => 28,
            Kind::Int(i) => 24 + 4 * i.ndigits().max(u64::from(v.at_least(11))),
            Kind::Float(_) => 24,
            Kind::Str(s) => str_size(s, v.at_least(12)),
            Kind::Bytes(b) => 33 + b.len() as u64,
            Kind::ByteArray(..) => self.bytearray_basicsize(),
            Kind::Tuple(items) => self.config.tuple_header + 8 * items.len() as u64,
            Kind::List(..) => LIST_SIZE,
            Kind::Dict(_) => 48,
            Kind::Set(..) => 200,
            Kind::Instance(inst) => return self.instance_request(inst),
            Kind::Class(_) => 904,
            Kind::Function(_) => self.config.function_size - GC_HEAD,
            Kind::Method(..) => 48,
            Kind::Builtin(_) | Kind::BuiltinMethod(..) => 56 - gc,
            Kind::Module(..) => 56,
            Kind::WeakRef(..) => 64,
            Kind::Finalizer(..) => 40,
            Kind::Cell(_) => 24,
            Kind::Range(..) => 48,
            Kind::SeqIter(..) => 32,
            Kind::RangeIter(..) => 48,
            Kind::DictView(..) => 24,
            Kind::Frame => 400,
            Kind::Descriptor(..) => 56,
            Kind::Code => 200,
            // Static type objects; the front end sizes the rest when it allocates them.
            Kind::Type(_) => 0,
            Kind::BuiltinFn(..) => 56,
            Kind::Exception(_) => {
                if v.at_least(11) {
                    72
                } else {
                    64
                }
            }
            Kind::Traceback(..) => 40,
            Kind::FrameObj(_) => 120,
            Kind::Generator(_) => 96,
            Kind::Complex(..) => 32,
            Kind::Native(_) => 32,
            Kind::PySet(_) => 200,
        };
        (gc + body, gc)
    }

    fn instance_request(&self, inst: &InstanceData) -> (u64, u64) {
        let class = match self.kind(inst.class) {
            Kind::Class(c) => c,
            _ => return (48, GC_HEAD),
        };
        let nslots = inst.slots.len() as u64;
        let mut body = 16 + 8 * nslots;
        let mut pre = GC_HEAD;
        let layout = self.config.instance_layout;
        if class.has_dict {
            match layout {
                InstanceLayout::SeparateDict => body += 8,
                _ => pre += 16,
            }
        }
        if class.has_weakref {
            if self.config.version.at_least(12) {
                // 3.12+: the weakref pointer lives in the pre-header (`MANAGED_WEAKREF`), with
                // the dict pointer when there is one, else in a pre-header of its own.
                if !class.has_dict {
                    pre += 16;
                }
            } else {
                body += 8;
            }
        }
        body += self.inline_values_bytes(inst);
        (pre + body, pre)
    }

    /// 3.13: bytes of the inline values at the end of an instance (`_PyInlineValuesSize`).
    fn inline_values_bytes(&self, inst: &InstanceData) -> u64 {
        match self.kind(inst.class) {
            Kind::Class(class)
                if class.has_dict
                    && self.config.instance_layout == InstanceLayout::InlineValues =>
            {
                let size = u64::from(class.shared_usable) + class.shared_names.len() as u64;
                size.div_ceil(8) * 8 + (size + 1) * 8
            }
            _ => 0,
        }
    }

    /// `bytearray.__basicsize__`: 56, and 64 from 3.15 (the backing bytes object).
    pub fn bytearray_basicsize(&self) -> u64 {
        if self.config.bytearray_bytes_backed {
            64
        } else {
            56
        }
    }

    /// `sys.getsizeof(obj)`.
    pub fn getsizeof(&self, id: ObjId) -> u64 {
        let obj = self.get(id);
        let v = self.config.version;
        match &obj.kind {
            Kind::List(_, allocated, _) => 56 + 8 * *allocated as u64,
            Kind::Dict(d) if d.split_class.is_some() && v.at_least(11) => {
                // `_PyDict_SizeOf` of a split table: a slot per entry the class's shared keys
                // can hold now (they shrink by one with each new instance).
                let shared = d.split_class.map_or(0, |c| match self.kind(c) {
                    Kind::Class(cd) => u64::from(cd.shared_usable) + cd.shared_names.len() as u64,
                    _ => 0,
                });
                64 + 8 * shared
            }
            Kind::Dict(d) => {
                let mut size = 64
                    + if d.values_block.is_some() {
                        d.values_bytes
                    } else {
                        0
                    };
                if d.keys_block.is_some() && d.values_block.is_none() {
                    size += d.keys_bytes;
                }
                size
            }
            Kind::Set(_, table, _) => 216 + table.as_ref().map_or(0, |t| t.1),
            Kind::PySet(d) => 216 + d.table_block.map_or(0, |t| t.1),
            Kind::Int(i) => 24 + 4 * i.ndigits().max(u64::from(v.at_least(11))),
            Kind::Bool(_) => 24 + 4 * u64::from(v.at_least(11) || obj.kind_is_true()),
            Kind::Str(s) => str_size(s, v.at_least(12)),
            // The object and its buffer (`ob_alloc` bytes).
            // 3.15: the buffer is a bytes object of `ob_alloc` bytes (33 + ob_alloc).
            Kind::ByteArray(_, buf) if self.config.bytearray_bytes_backed => {
                self.bytearray_basicsize() + buf.map_or(0, |b| 33 + b.1)
            }
            Kind::ByteArray(_, buf) => self.bytearray_basicsize() + buf.map_or(0, |b| b.1),
            Kind::Instance(inst) => {
                // 3.13: the inline values are not part of `tp_basicsize`, so not of getsizeof.
                let (req, _) = self.instance_request(inst);
                req - self.inline_values_bytes(inst)
            }
            _ => u64::from(obj.request),
        }
    }

    // ----------------------------------------------------------------------------------------
    // Creation

    /// Allocates a new object with refcount 1; `kind` owns (steals) the references it holds.
    /// A GC-type allocation counts towards `gc.get_count()[0]` and may run (3.8–3.11) or
    /// schedule (3.12+) an automatic collection first, exactly as `_PyObject_GC_Link` does.
    pub fn alloc(&mut self, rt: &mut dyn Runtime, kind: Kind) -> ObjId {
        self.alloc_sized(rt, kind, None)
    }

    /// [`Heap::alloc`] with an explicit request size (an int allocated with a spare digit).
    pub fn alloc_sized(&mut self, rt: &mut dyn Runtime, kind: Kind, request: Option<u64>) -> ObjId {
        self.alloc_with(rt, kind, request, true)
    }

    /// [`Heap::alloc`] as a type's `tp_alloc` (`PyType_GenericAlloc`) does it: never from the
    /// type's free list (`list(...)`, `dict(...)`: only `PyList_New` and `PyDict_New` take
    /// from theirs).
    pub fn alloc_generic(&mut self, rt: &mut dyn Runtime, kind: Kind) -> ObjId {
        self.alloc_with(rt, kind, None, false)
    }

    #[inline]
    fn alloc_with(
        &mut self,
        rt: &mut dyn Runtime,
        kind: Kind,
        request: Option<u64>,
        from_free_list: bool,
    ) -> ObjId {
        let (natural, pre) = self.request_size(&kind);
        let request = request.unwrap_or(natural);
        let gc_type = kind.is_gc_type();
        // An int allocated with a spare digit is never a one-digit allocation.
        let free_list = match FreeList::of(&kind) {
            _ if !from_free_list => FreeList::None,
            FreeList::Int if request != natural => FreeList::None,
            f => f,
        };
        let from_freelist = self.pop_freelist(free_list);
        let block = match from_freelist {
            Some(b) => b,
            None => {
                if gc_type {
                    self.gc_link(rt);
                }
                self.alloc.malloc(request, &mut self.log)
            }
        };
        let track = match &kind {
            Kind::Tuple(items) => !items.is_empty(),
            // Dicts are tracked lazily up to 3.13, from creation on from 3.14.
            Kind::Dict(_) => self.config.dicts_always_tracked,
            k => gc_type && !matches!(k, Kind::Frame),
        };
        let id = self.new_record(block, pre, request, || kind);
        if track {
            // `_PyObject_GC_TRACK` of an object that is new, so not tracked yet.
            self.gcl_append(0, id);
            self.log.push(Event::Track {
                obj: id,
                generation: 0,
            });
        }
        id
    }

    /// An object that needs no runtime (not a GC type), e.g. an int or a str.
    pub fn new_plain(&mut self, kind: Kind) -> ObjId {
        if kind.is_gc_type() {
            return self.alloc(&mut NoRuntime, kind);
        }
        let (request, _) = self.request_size(&kind);
        let free_list = FreeList::of(&kind);
        self.alloc_leaf(kind, request, free_list)
    }

    fn pop_freelist(&mut self, free_list: FreeList) -> Option<u64> {
        let fl = &mut self.freelists;
        match free_list {
            FreeList::None => None,
            FreeList::Float => fl.float.pop(),
            FreeList::Tuple(n) => fl.tuple.get_mut(n)?.pop(),
            FreeList::List => fl.list.pop(),
            FreeList::Dict => fl.dict.pop(),
            FreeList::Frame if self.config.frames_are_objects => fl.frame.pop(),
            FreeList::Frame => None,
            FreeList::CFunction => fl.cfunction.pop(),
            FreeList::Method => fl.method.pop(),
            _ if !self.config.more_freelists => None,
            FreeList::Int => fl.int.pop(),
            FreeList::Range => fl.range.pop(),
            FreeList::RangeIter => fl.range_iter.pop(),
            FreeList::ListIter => fl.list_iter.pop(),
            FreeList::TupleIter => fl.tuple_iter.pop(),
        }
    }

    /// `_PyObject_GC_Link`: count a GC allocation and maybe collect.
    fn gc_link(&mut self, rt: &mut dyn Runtime) {
        self.gc.counts[0] += 1;
        if self.gc.should_trigger() {
            if self.config.gc_deferred {
                self.gc.scheduled = true;
            } else {
                self.gc.collecting = true;
                self.collect_generations(rt);
                self.gc.collecting = false;
            }
        }
    }

    /// Runs a collection scheduled by a 3.12+ allocation (the eval-breaker check).
    pub fn run_scheduled_gc(&mut self, rt: &mut dyn Runtime) {
        if self.gc.scheduled {
            self.gc.scheduled = false;
            if self.gc.enabled && !self.gc.collecting && self.gc.thresholds[0] != 0 {
                self.gc.collecting = true;
                self.collect_generations(rt);
                self.gc.collecting = false;
            }
        }
    }

    /// A small int, cached or new.
    #[inline]
    pub fn int(&mut self, value: i64) -> ObjId {
        if (SMALL_INT_MIN..=self.config.small_int_max).contains(&value) {
            let id = self.statics.small_ints[(value - SMALL_INT_MIN) as usize];
            self.incref(id);
            return id;
        }
        // `_PyLong_New`: the header and 30-bit digits (at least one from 3.11 on).
        let digits = u64::from(64 - value.unsigned_abs().leading_zeros()).div_ceil(30);
        let request = 24 + 4 * digits.max(u64::from(self.config.version.at_least(11)));
        let block = match digits {
            0 | 1 => self.pop_freelist(FreeList::Int),
            _ => None,
        }
        .unwrap_or_else(|| self.alloc.malloc(request, &mut self.log));
        self.new_record(block, 0, request, || Kind::Int(IntVal::Small(value)))
    }

    /// Allocates an object that holds no references and is not a GC type (ints, floats,
    /// strings): no collection can start, nothing is tracked. (Inlined, so that the payload is
    /// written into the record rather than copied there from the caller's stack.)
    #[inline(always)]
    fn alloc_leaf(&mut self, kind: Kind, request: u64, free_list: FreeList) -> ObjId {
        let block = match self.pop_freelist(free_list) {
            Some(b) => b,
            None => self.alloc.malloc(request, &mut self.log),
        };
        self.new_record(block, 0, request, || kind)
    }

    /// The record of a new object (reference count 1, untracked) whose memory is `block`, its
    /// address `pre` bytes in, and its `ObjNew` event. `kind` builds the payload where the
    /// record is (inlined): built first and moved in, it would be copied through the stack in
    /// loads the processor cannot forward from the stores that built it.
    #[inline(always)]
    fn new_record(
        &mut self,
        block: u64,
        pre: u64,
        request: u64,
        kind: impl FnOnce() -> Kind,
    ) -> ObjId {
        if self.live >= self.config.heap_limit_objects {
            self.limit_hit = true;
        }
        self.live += 1;
        self.peak_live = self.peak_live.max(self.live);
        let slot = match self.free_slots.pop() {
            Some(slot) => slot as usize,
            None => {
                self.before_new_slot();
                self.objs.push(Obj {
                    refcnt: 0,
                    addr: 0,
                    block: 0,
                    request: 0,
                    kind: Kind::None,
                    flags: ObjFlags::default(),
                    generation: UNTRACKED,
                    gc_prev: NO_OBJ,
                    gc_next: NO_OBJ,
                    gc_refs: 0,
                });
                self.objs.len() - 1
            }
        };
        let o = &mut self.objs[slot];
        o.refcnt = 1;
        o.addr = block + pre;
        o.block = block;
        o.request = u32::try_from(request).unwrap_or(u32::MAX);
        o.flags = ObjFlags::default();
        o.generation = UNTRACKED;
        o.gc_prev = NO_OBJ;
        o.gc_next = NO_OBJ;
        o.gc_refs = 0;
        // A freed record holds no payload (deallocation took it out), so the old payload is
        // forgotten rather than dropped: that saves the call to the payload's drop glue.
        debug_assert!(
            matches!(o.kind, Kind::None),
            "a freed record holds no payload"
        );
        std::mem::forget(std::mem::replace(&mut o.kind, kind()));
        let ty = o.kind.tag();
        let id = ObjId(slot as u32);
        self.log.push(Event::ObjNew {
            obj: id,
            addr: block + pre,
            ty,
            refcnt: 1,
        });
        id
    }

    /// An int from an arbitrary value (small ints come from the cache).
    pub fn int_val(&mut self, value: IntVal) -> ObjId {
        match value {
            IntVal::Small(v) => self.int(v),
            big => self.new_plain(Kind::Int(big)),
        }
    }

    /// An int result of `+`/`-` on operands of which one has more than one digit: CPython's
    /// `x_add`/`x_sub` allocate one spare digit and keep the block after normalising.
    pub fn int_with_spare_digit(&mut self, value: IntVal, digits_allocated: u64) -> ObjId {
        if let IntVal::Small(v) = value {
            if (SMALL_INT_MIN..=self.config.small_int_max).contains(&v) {
                return self.int(v);
            }
        }
        let kind = Kind::Int(value);
        let request = (24 + 4 * digits_allocated).max(self.request_size(&kind).0);
        self.alloc_sized(&mut NoRuntime, kind, Some(request))
    }

    /// A bool singleton (new reference).
    pub fn bool(&mut self, value: bool) -> ObjId {
        let id = if value {
            self.statics.true_
        } else {
            self.statics.false_
        };
        self.incref(id);
        id
    }

    /// `None` (new reference).
    pub fn none(&mut self) -> ObjId {
        let id = self.statics.none;
        self.incref(id);
        id
    }

    /// A str (the empty string and 1-character latin-1 strings are shared singletons).
    pub fn str(&mut self, s: &str) -> ObjId {
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (None, _) => {
                let id = self.statics.empty_str;
                self.incref(id);
                id
            }
            (Some(c), None) if (c as u32) < 256 => {
                let cp = c as usize;
                if let Some(id) = self.statics.latin1[cp] {
                    self.incref(id);
                    return id;
                }
                let rc = self.config.static_refcount_base.unwrap_or(3);
                let size = str_size(s, self.config.version.at_least(12));
                let id = self.new_static(Kind::Str(Rc::from(s)), size, rc);
                self.statics.latin1[cp] = Some(id);
                self.objs[id.index()].flags.interned = true;
                self.incref(id);
                id
            }
            _ => self.new_plain(Kind::Str(Rc::from(s))),
        }
    }

    /// A new str even of one latin-1 character (`PyUnicode_New` without `unicode_result`: what
    /// `str()` and `repr()` of an int return, `long_to_decimal_string`); the empty string is
    /// still the shared one.
    pub fn str_new(&mut self, s: &str) -> ObjId {
        if s.is_empty() {
            return self.str(s);
        }
        self.new_plain(Kind::Str(Rc::from(s)))
    }

    /// A bytes object (the empty one is shared).
    pub fn bytes(&mut self, b: &[u8]) -> ObjId {
        if b.is_empty() {
            let id = self.statics.empty_bytes;
            self.incref(id);
            return id;
        }
        if let [c] = b {
            let c = usize::from(*c);
            if let Some(id) = self.statics.byte_chars[c] {
                self.incref(id);
                return id;
            }
            let id = if self.config.version.at_least(11) {
                let rc = self.config.static_refcount_base.unwrap_or(100);
                self.new_static(Kind::Bytes(Rc::from(b)), 34, rc)
            } else {
                // The cache keeps a reference for ever.
                self.new_plain(Kind::Bytes(Rc::from(b)))
            };
            self.statics.byte_chars[c] = Some(id);
            self.incref(id);
            return id;
        }
        self.new_plain(Kind::Bytes(Rc::from(b)))
    }

    /// An object outside pymalloc that lives as long as the interpreter (a builtin type, a
    /// builtin function): immortal from 3.12, else with a large reference count.
    pub fn new_static_object(&mut self, kind: Kind, size: u64, refcnt: i64) -> ObjId {
        self.new_static(kind, size, refcnt)
    }

    /// `sys.intern`: the interned str equal to `id` (new reference).
    pub fn intern(&mut self, id: ObjId) -> ObjId {
        let Kind::Str(s) = self.kind(id).clone() else {
            self.incref(id);
            return id;
        };
        if let Some(&existing) = self.interned.get(&s) {
            self.incref(existing);
            return existing;
        }
        self.interned.insert(s, id);
        let immortal = self.config.immortal_interned;
        let obj = &mut self.objs[id.index()];
        obj.flags.interned = true;
        if immortal {
            obj.flags.immortal = true;
            self.set_refcnt(id, i64::from(u32::MAX));
            return id;
        }
        // The interned dict's two references are not counted (3.10+): nothing to add.
        self.incref(id);
        id
    }

    /// A tuple that steals `items` (the empty tuple is the shared singleton).
    pub fn tuple(&mut self, rt: &mut dyn Runtime, items: Vec<ObjId>) -> ObjId {
        self.tuple_tracked(rt, items, true)
    }

    /// A tuple built from an array of items (`_PyTuple_FromArray`: `BUILD_TUPLE`, `tuple(list)`,
    /// `*args`): from 3.14 it is created untracked when no item's type is a GC type (the
    /// collector would untrack it anyway; gh-139951).
    pub fn tuple_from_array(&mut self, rt: &mut dyn Runtime, items: Vec<ObjId>) -> ObjId {
        let track =
            !self.config.tuples_untracked_at_creation || items.iter().any(|&i| self.type_is_gc(i));
        self.tuple_tracked(rt, items, track)
    }

    /// A tuple built by `PyTuple_Pack` (`divmod` of ints...): from 3.15 created untracked when
    /// no item's type is a GC type (gh-139389).
    pub fn tuple_pack(&mut self, rt: &mut dyn Runtime, items: Vec<ObjId>) -> ObjId {
        let track =
            !self.config.pack_and_frozenset_untracked || items.iter().any(|&i| self.type_is_gc(i));
        self.tuple_tracked(rt, items, track)
    }

    /// `PyTuple_New(n)` released before any of its slots was set (`zip_next`'s result tuple
    /// when an iterator is exhausted): allocated and tracked, then untracked and back on the
    /// free list of its length (or freed).
    pub fn tuple_new_released(&mut self, rt: &mut dyn Runtime, n: usize) {
        if n == 0 {
            return;
        }
        let id = self.tuple_alloc(rt, n, Vec::new(), true);
        self.untrack(id);
        let tag = self.objs[id.index()].kind.tag();
        self.objs[id.index()].kind = Kind::None;
        self.free_memory(id, true, tag, FreeList::Tuple(n));
    }

    /// Start-up blocks still missing per size class: what [`EngineConfig::startup_blocks`]
    /// wants beyond the blocks in use now, as `(block size, blocks)`.
    pub fn startup_blocks_missing(&self) -> Vec<(u32, u64)> {
        let usage = self.alloc.class_usage();
        self.config
            .startup_blocks
            .iter()
            .filter_map(|&(size, want)| {
                let szidx = self.alloc.size_class(u64::from(size))?;
                let have = usage.get(szidx as usize).map_or(0, |u| u.blocks_in_use);
                Some((size, u64::from(want).saturating_sub(have)))
            })
            .collect()
    }

    /// Tops every size class up to CPython's start-up block count (see
    /// [`EngineConfig::startup_blocks`]) with blocks the interpreter holds for good.
    pub fn fill_startup_blocks(&mut self) {
        for (size, missing) in self.startup_blocks_missing() {
            for _ in 0..missing {
                self.alloc.malloc(u64::from(size), &mut self.log);
            }
        }
    }

    /// Whether the type of `id` has `Py_TPFLAGS_HAVE_GC` (even if `id` itself is untracked).
    pub fn type_is_gc(&self, id: ObjId) -> bool {
        let k = self.kind(id);
        k.is_gc_type() || matches!(k, Kind::Type(_) | Kind::BuiltinFn(..) | Kind::Native(_))
    }

    fn tuple_tracked(&mut self, rt: &mut dyn Runtime, items: Vec<ObjId>, track: bool) -> ObjId {
        if items.is_empty() {
            let id = self.statics.empty_tuple;
            self.incref(id);
            return id;
        }
        self.tuple_alloc(rt, items.len(), items, track)
    }

    /// `PyTuple_New(n)` holding `items`: from the free list of its length, or a GC
    /// allocation; tracked when `track`.
    #[inline]
    fn tuple_alloc(
        &mut self,
        rt: &mut dyn Runtime,
        n: usize,
        items: Vec<ObjId>,
        track: bool,
    ) -> ObjId {
        let request = GC_HEAD + self.config.tuple_header + 8 * n as u64;
        let block = match self.freelists.tuple.get_mut(n).and_then(Vec::pop) {
            Some(b) => b,
            None => {
                self.gc_link(rt);
                self.alloc.malloc(request, &mut self.log)
            }
        };
        let id = self.new_record(block, GC_HEAD, request, || Kind::Tuple(items));
        if track {
            self.gcl_append(0, id);
            self.log.push(Event::Track {
                obj: id,
                generation: 0,
            });
        }
        id
    }

    /// A list that steals `items`, with an item array of exactly `capacity` slots.
    pub fn list(&mut self, rt: &mut dyn Runtime, items: Vec<ObjId>, capacity: usize) -> ObjId {
        self.list_with(rt, items, capacity, true)
    }

    /// An empty list made by calling the type (`list(...)`: `PyType_GenericAlloc`, never
    /// from the free list).
    pub fn list_generic(&mut self, rt: &mut dyn Runtime) -> ObjId {
        self.list_with(rt, Vec::new(), 0, false)
    }

    /// An empty dict made by calling the type (`dict(...)`, `dict.fromkeys`: never from the
    /// free list).
    pub fn dict_generic(&mut self, rt: &mut dyn Runtime) -> ObjId {
        let data = self.spare_dicts.pop().unwrap_or_default();
        self.alloc_generic(rt, Kind::Dict(data))
    }

    #[inline(always)]
    fn list_with(
        &mut self,
        rt: &mut dyn Runtime,
        items: Vec<ObjId>,
        capacity: usize,
        from_free_list: bool,
    ) -> ObjId {
        let capacity = capacity.max(items.len());
        // `PyList_New`: the object (after its GC head) from the free list or a GC allocation,
        // tracked, then its item array.
        let recycled = if from_free_list {
            self.freelists.list.pop()
        } else {
            None
        };
        let block = match recycled {
            Some(b) => b,
            None => {
                self.gc_link(rt);
                self.alloc.malloc(GC_HEAD + LIST_SIZE, &mut self.log)
            }
        };
        let id = self.new_record(block, GC_HEAD, GC_HEAD + LIST_SIZE, || {
            Kind::List(items, capacity, None)
        });
        self.gcl_append(0, id);
        self.log.push(Event::Track {
            obj: id,
            generation: 0,
        });
        if capacity > 0 {
            let buffer = self.alloc.malloc(8 * capacity as u64, &mut self.log);
            if let Kind::List(_, _, buf) = &mut self.objs[id.index()].kind {
                *buf = Some(buffer);
            }
        }
        id
    }

    /// An instance of the tuple subclass `class` holding `items` (taken): laid out as a
    /// tuple of that length, allocated by `PyType_GenericAlloc` (never from the tuple free
    /// lists), tracked at once, and holding a reference to its class.
    pub fn tuple_subtype(
        &mut self,
        rt: &mut dyn Runtime,
        class: ObjId,
        items: Vec<ObjId>,
    ) -> ObjId {
        let kind = Kind::Tuple(items);
        let (request, pre) = self.request_size(&kind);
        self.gc_link(rt);
        let block = self.alloc.malloc(request, &mut self.log);
        let id = self.new_record(block, pre, request, || kind);
        self.gcl_append(0, id);
        self.log.push(Event::Track {
            obj: id,
            generation: 0,
        });
        self.incref(class);
        self.objs[id.index()].flags.heap_subtype = true;
        self.subtype_classes.insert(id.0, class);
        id
    }

    /// The user class of an object of builtin layout (`None` for the builtin types' own).
    #[inline]
    pub fn subtype_class(&self, id: ObjId) -> Option<ObjId> {
        if self.objs[id.index()].flags.heap_subtype {
            self.subtype_classes.get(&id.0).copied()
        } else {
            None
        }
    }

    /// What the object refers to, in `tp_traverse` order: its payload's references, then
    /// (an instance of a user class of builtin layout) its class.
    #[inline]
    pub fn refs_of_into(&self, id: ObjId, out: &mut Vec<ObjId>) {
        let o = &self.objs[id.index()];
        o.kind.refs_into(out);
        if o.flags.heap_subtype {
            if let Some(&c) = self.subtype_classes.get(&id.0) {
                out.push(c);
            }
        }
    }

    /// [`Heap::refs_of_into`] into a new vector.
    pub fn refs_of(&self, id: ObjId) -> Vec<ObjId> {
        let mut out = Vec::new();
        self.refs_of_into(id, &mut out);
        out
    }

    /// `list_resize(newsize)`: CPython's over-allocation, then `PyMem_Realloc` of the item array.
    pub fn list_resize(&mut self, id: ObjId, newsize: usize) {
        let Kind::List(_, allocated, buffer) = &self.objs[id.index()].kind else {
            return;
        };
        let (allocated, buffer) = (*allocated, *buffer);
        let oldsize = self.list_len(id);
        if allocated >= newsize && newsize >= (allocated >> 1) {
            return;
        }
        // 3.14+: an item array of up to 32 slots is never shrunk by a resize, not even to no
        // items (measured: `[0] * 32` popped to 1 item keeps 32 slots, `[0] * 33` shrinks to
        // 4; `list()` of an iterator hinting 8 items that gives none keeps 8); clearing the list
        // frees it.
        if allocated >= newsize && allocated <= self.config.list_keep_small_capacity {
            return;
        }
        let new_allocated = if newsize == 0 {
            0
        } else if self.config.list_growth_38 {
            newsize + (newsize >> 3) + if newsize < 9 { 3 } else { 6 }
        } else {
            let mut n = (newsize + (newsize >> 3) + 6) & !3;
            if newsize - oldsize.min(newsize) > n - newsize {
                n = (newsize + 3) & !3;
            }
            n
        };
        self.set_list_capacity(id, new_allocated, buffer);
    }

    /// Sets a list's item array to exactly `capacity` slots (`PyMem_Realloc`).
    pub fn set_list_capacity(&mut self, id: ObjId, capacity: usize, buffer: Option<u64>) {
        let new_buffer = if capacity == 0 {
            if let Some(b) = buffer {
                self.alloc.free(b, &mut self.log);
            }
            None
        } else {
            Some(
                self.alloc
                    .realloc(buffer, 8 * capacity as u64, &mut self.log),
            )
        };
        if let Kind::List(_, allocated, buf) = &mut self.objs[id.index()].kind {
            *allocated = capacity;
            *buf = new_buffer;
        }
    }

    /// Number of items in a list.
    pub fn list_len(&self, id: ObjId) -> usize {
        match self.kind(id) {
            Kind::List(v, ..) => v.len(),
            _ => 0,
        }
    }

    /// `list.append(item)` (steals `item`).
    pub fn list_append(&mut self, id: ObjId, item: ObjId) {
        let n = self.list_len(id);
        self.list_resize(id, n + 1);
        if let Kind::List(v, ..) = &mut self.objs[id.index()].kind {
            v.push(item);
        }
    }

    /// An empty dict (no keys object: it shares the static empty keys).
    pub fn dict(&mut self, rt: &mut dyn Runtime) -> ObjId {
        // A freed dict's record (emptied, its entry vector's capacity kept) is reused.
        let data = self.spare_dicts.pop().unwrap_or_default();
        self.alloc(rt, Kind::Dict(data))
    }

    /// A dict presized for `n` items, as `_PyDict_FromItems` / `_PyDict_NewPresized` do.
    pub fn dict_presized(&mut self, rt: &mut dyn Runtime, n: usize, unicode: bool) -> ObjId {
        let id = self.dict(rt);
        if n > 5 {
            let minsize = (n * 3).div_ceil(2);
            let log2 = log2_keysize(minsize);
            self.dict_new_keys(id, log2, unicode);
        }
        id
    }

    fn keys_bytes(&self, log2: u8, unicode: bool) -> u64 {
        let size = 1u64 << log2;
        let usable = (size << 1) / 3;
        if self.config.version.at_least(11) {
            let width = match log2 {
                0..=7 => 1,
                8..=15 => 2,
                16..=31 => 4,
                _ => 8,
            };
            32 + size * width + usable * if unicode { 16 } else { 24 }
        } else {
            let width = match log2 {
                0..=7 => 1,
                8..=15 => 2,
                16..=31 => 4,
                _ => 8,
            };
            40 + size * width + usable * 24
        }
    }

    /// Replaces a dict's keys object with a fresh one of `2^log2` slots.
    fn dict_new_keys(&mut self, id: ObjId, log2: u8, unicode: bool) {
        let bytes = self.keys_bytes(log2, unicode);
        let v11 = self.config.version.at_least(11);
        let reuse = log2 == 3 && (unicode || !v11);
        let block = if reuse {
            self.freelists.dict_keys.pop()
        } else {
            None
        };
        let block = block.unwrap_or_else(|| self.alloc.malloc(bytes, &mut self.log));
        let mut split_values = None;
        let old = if let Kind::Dict(d) = &mut self.objs[id.index()].kind {
            let old = d.keys_block.take().map(|b| (b, d.log2_size, d.unicode));
            if let Some(v) = d.values_block.take() {
                split_values = Some(v);
                d.values_bytes = 0;
            }
            // A resized dict has its own (combined) keys.
            d.split_class = None;
            d.keys_block = Some(block);
            d.keys_bytes = bytes;
            d.log2_size = log2;
            d.unicode = unicode;
            // A resize compacts the entries (dummies dropped).
            d.entries.retain(Option::is_some);
            old
        } else {
            None
        };
        if let Some((b, l, u)) = old {
            self.free_keys_block(b, l, u);
        }
        if let Some(v) = split_values {
            self.alloc.free(v, &mut self.log);
        }
        self.reindex_dict(id);
    }

    fn free_keys_block(&mut self, block: u64, log2: u8, unicode: bool) {
        let v11 = self.config.version.at_least(11);
        if log2 == 3
            && (unicode || !v11)
            && self.freelists.dict_keys.len() < self.config.freelist_capacity.dict_keys
        {
            self.freelists.dict_keys.push(block);
        } else {
            self.alloc.free(block, &mut self.log);
        }
    }

    /// Rebuilds a dict's hash index after its entries moved (or drops it when the dict is small
    /// enough to be searched entry by entry).
    fn reindex_dict(&mut self, id: ObjId) {
        let Kind::Dict(d) = self.kind(id) else { return };
        if d.entries.len() <= DICT_LINEAR_MAX {
            if d.indexed {
                self.dict_index.remove(&id.0);
                if let Kind::Dict(d) = &mut self.objs[id.index()].kind {
                    d.indexed = false;
                }
            }
            return;
        }
        let pairs: Vec<(usize, ObjId)> = d
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.map(|(k, _)| (i, k)))
            .collect();
        let mut index = FxHashMap::default();
        for (i, k) in pairs {
            if let Some(h) = self.hkey(k) {
                index.insert(h, i);
            }
        }
        self.dict_index.insert(id.0, index);
        if let Kind::Dict(d) = &mut self.objs[id.index()].kind {
            d.indexed = true;
        }
    }

    /// The entry of `key` in a dict: by its hash index, or by comparing entry by entry.
    fn dict_find(&self, dict: ObjId, key: &HKey) -> Option<usize> {
        let Kind::Dict(d) = self.kind(dict) else {
            return None;
        };
        if d.indexed {
            return self.dict_index.get(&dict.0)?.get(key).copied();
        }
        d.entries
            .iter()
            .position(|e| matches!(*e, Some((k, _)) if self.key_equals(k, key)))
    }

    /// Whether the object `stored` (a key in a dict) equals `key`, as `hkey` would compare it.
    fn key_equals(&self, stored: ObjId, key: &HKey) -> bool {
        match (self.kind(stored), key) {
            (Kind::Str(s), HKey::Str(k)) => Rc::ptr_eq(s, k) || **s == **k,
            (Kind::Str(_), _) | (_, HKey::Str(_)) => false,
            (Kind::Int(IntVal::Small(a)), HKey::Int(IntVal::Small(b))) => a == b,
            _ => self.hkey(stored).as_ref() == Some(key),
        }
    }

    /// The hashable key of an object, or `None` if it is unhashable (list, dict, set).
    pub fn hkey(&self, id: ObjId) -> Option<HKey> {
        Some(match self.kind(id) {
            Kind::Int(i) => HKey::Int(i.clone()),
            Kind::Bool(b) => HKey::Int(IntVal::Small(i64::from(*b))),
            Kind::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 9.0e18 {
                    HKey::Int(IntVal::Small(*f as i64))
                } else {
                    HKey::Float(f.to_bits())
                }
            }
            Kind::Str(s) => HKey::Str(s.clone()),
            Kind::Bytes(b) => HKey::Bytes(b.clone()),
            Kind::Tuple(items) => HKey::Tuple(
                items
                    .iter()
                    .map(|&i| self.hkey(i))
                    .collect::<Option<Vec<_>>>()?,
            ),
            Kind::List(..) | Kind::Dict(_) | Kind::ByteArray(..) => return None,
            Kind::Set(_, _, frozen) if !frozen => return None,
            _ => HKey::Id(id.0),
        })
    }

    /// Looks a key up in a dict: the value (borrowed), if present.
    pub fn dict_get(&self, dict: ObjId, key: &HKey) -> Option<ObjId> {
        let index = self.dict_find(dict, key)?;
        match self.kind(dict) {
            Kind::Dict(d) => d.entries.get(index).copied().flatten().map(|(_, v)| v),
            _ => None,
        }
    }

    /// Looks a str key up in a dict.
    pub fn dict_get_str(&self, dict: ObjId, key: &str) -> Option<ObjId> {
        // An identifier is usually interned already: reuse its text instead of allocating one.
        let text = match self.interned.get_key_value(key) {
            Some((text, _)) => text.clone(),
            None => {
                let mut texts = self.lookup_texts.borrow_mut();
                match texts.get_key_value(key) {
                    Some((text, ())) => text.clone(),
                    None => {
                        let text: Rc<str> = Rc::from(key);
                        if texts.len() < LOOKUP_TEXTS_MAX {
                            texts.insert(text.clone(), ());
                        }
                        text
                    }
                }
            }
        };
        self.dict_get(dict, &HKey::Str(text))
    }

    /// `d[key] = value`, stealing both references. When the key was already present, returns
    /// `(old value, unused new key)`, both owned by the caller, who releases them in that order
    /// (as `insertdict` does).
    pub fn dict_set(
        &mut self,
        dict: ObjId,
        key: ObjId,
        hkey: HKey,
        value: ObjId,
    ) -> Option<(ObjId, ObjId)> {
        self.dict_changed(dict);
        if let Some(i) = self.dict_find(dict, &hkey) {
            // Existing key: keep the old key object, drop the new one (the caller's decref).
            let old = if let Kind::Dict(d) = &mut self.objs[dict.index()].kind {
                d.entries
                    .get_mut(i)
                    .and_then(|e| e.as_mut())
                    .map(|e| std::mem::replace(&mut e.1, value))
            } else {
                None
            };
            self.maintain_tracking(dict, key, value);
            return old.map(|o| (o, key));
        }
        let is_str = matches!(self.kind(key), Kind::Str(_));
        let (log2, unicode, nentries) = match self.kind(dict) {
            Kind::Dict(d) => (d.log2_size, d.unicode, d.entries.len()),
            _ => return None,
        };
        if log2 == 0 {
            self.dict_new_keys(dict, 3, is_str);
        } else if unicode && !is_str && self.config.version.at_least(11) {
            let used = self.dict_used(dict);
            self.dict_new_keys(dict, log2_keysize(used * 3), false);
        } else if nentries >= DictData::usable_fraction(1 << log2) {
            let used = self.dict_used(dict);
            let uni = unicode && is_str;
            self.dict_new_keys(dict, log2_keysize(used * 3), uni);
        } else if unicode && !is_str {
            if let Kind::Dict(d) = &mut self.objs[dict.index()].kind {
                d.unicode = false;
            }
        }
        self.dict_keys_changed(dict);
        if let Kind::Dict(d) = &mut self.objs[dict.index()].kind {
            d.entries.push(Some((key, value)));
            d.used += 1;
            let i = d.entries.len() - 1;
            if d.indexed {
                self.dict_index.entry(dict.0).or_default().insert(hkey, i);
            } else if i >= DICT_LINEAR_MAX {
                self.reindex_dict(dict);
            }
        }
        self.maintain_tracking(dict, key, value);
        None
    }

    fn dict_used(&self, dict: ObjId) -> usize {
        match self.kind(dict) {
            Kind::Dict(d) => d.used,
            _ => 0,
        }
    }

    /// `MAINTAIN_TRACKING`: an untracked dict becomes tracked when it stores something that may be.
    fn maintain_tracking(&mut self, dict: ObjId, key: ObjId, value: ObjId) {
        if !self.get(dict).is_tracked() && (self.may_be_tracked(key) || self.may_be_tracked(value))
        {
            self.track(dict);
        }
    }

    /// The entry index of a key in a dict, if present.
    pub fn dict_entry_index(&self, dict: ObjId, key: &HKey) -> Option<u32> {
        u32::try_from(self.dict_find(dict, key)?).ok()
    }

    /// The (key, value) of a dict's entry `i`, if it holds one.
    pub fn dict_entry(&self, dict: ObjId, i: u32) -> Option<(ObjId, ObjId)> {
        match self.kind(dict) {
            Kind::Dict(d) => d.entries.get(i as usize).copied().flatten(),
            _ => None,
        }
    }

    /// The value (borrowed) at entry `i` if that entry's key is the object `key` itself: a
    /// lookup by a remembered position, no hashing. `None` when the position is stale.
    #[inline]
    pub fn dict_value_at(&self, dict: ObjId, i: u32, key: ObjId) -> Option<ObjId> {
        self.dict_entry(dict, i)
            .and_then(|(k, v)| (k == key).then_some(v))
    }

    /// `d[key] = value` for a key already at entry `i` (checked by identity), stealing `value`
    /// and returning the old value, owned by the caller. `None` (nothing changed) when entry `i`
    /// holds another key: the caller takes the hashing path, [`Heap::dict_set`].
    pub fn dict_replace_at(
        &mut self,
        dict: ObjId,
        i: u32,
        key: ObjId,
        value: ObjId,
    ) -> Option<ObjId> {
        let Kind::Dict(d) = &mut self.objs[dict.index()].kind else {
            return None;
        };
        let entry = d.entries.get_mut(i as usize)?.as_mut()?;
        if entry.0 != key {
            return None;
        }
        let old = std::mem::replace(&mut entry.1, value);
        self.dict_changed(dict);
        self.maintain_tracking(dict, key, value);
        Some(old)
    }

    /// `del d[key]`: removes the entry and returns (key, value), owned by the caller.
    pub fn dict_del(&mut self, dict: ObjId, hkey: &HKey) -> Option<(ObjId, ObjId)> {
        self.dict_changed(dict);
        let i = self.dict_find(dict, hkey)?;
        if matches!(self.kind(dict), Kind::Dict(d) if d.indexed) {
            if let Some(index) = self.dict_index.get_mut(&dict.0) {
                index.remove(hkey);
            }
        }
        self.dict_keys_changed(dict);
        if let Kind::Dict(d) = &mut self.objs[dict.index()].kind {
            let e = d.entries.get_mut(i)?.take()?;
            d.used -= 1;
            return Some(e);
        }
        None
    }

    /// Removes every entry (`dict.clear()`), returning them in order, owned by the caller.
    pub fn dict_clear(&mut self, dict: ObjId) -> Vec<(ObjId, ObjId)> {
        self.dict_changed(dict);
        self.dict_keys_changed(dict);
        let old = if let Kind::Dict(d) = &mut self.objs[dict.index()].kind {
            let entries: Vec<_> = d.entries.drain(..).flatten().collect();
            d.used = 0;
            let keys = d.keys_block.take().map(|b| (b, d.log2_size, d.unicode));
            d.log2_size = 0;
            (entries, keys)
        } else {
            return Vec::new();
        };
        if let Some((b, l, u)) = old.1 {
            self.free_keys_block(b, l, u);
        }
        self.reindex_dict(dict);
        old.0
    }

    /// `_PyObject_GC_MAY_BE_TRACKED`.
    pub fn may_be_tracked(&self, id: ObjId) -> bool {
        let obj = self.get(id);
        obj.kind.is_gc_type() && (!matches!(obj.kind, Kind::Tuple(_)) || obj.is_tracked())
    }

    /// A user class object (a heap type) with its namespace dict (stolen).
    pub fn class(&mut self, rt: &mut dyn Runtime, data: ClassData) -> ObjId {
        let namespace = data.dict;
        if let Kind::Dict(d) = &mut self.objs[namespace.index()].kind {
            d.class_namespace = true;
        }
        self.class_epoch += 1;
        let id = self.alloc(rt, Kind::Class(Box::new(data)));
        // Heap types are big (> 512 bytes) and come from the system malloc; already handled.
        id
    }

    /// A new instance of a user class (takes a new reference to the class).
    pub fn instance(&mut self, rt: &mut dyn Runtime, class: ObjId) -> ObjId {
        let (nslots, has_dict) = match self.kind(class) {
            Kind::Class(c) => (c.slots.as_ref().map_or(0, Vec::len), c.has_dict),
            _ => (0, true),
        };
        self.incref(class);
        let layout = self.config.instance_layout;
        let values = has_dict && layout != InstanceLayout::SeparateDict;
        let data = match self.spare_instances.pop() {
            // A recycled record keeps the capacity of its attribute and slot vectors.
            Some(mut data) => {
                data.class = class;
                match &mut data.dict {
                    InstanceDict::Values(vals) if values => vals.clear(),
                    d => {
                        *d = if values {
                            InstanceDict::Values(AttrValues::new())
                        } else {
                            InstanceDict::None
                        }
                    }
                }
                if data.slots.len() == nslots {
                    data.slots.fill(None);
                } else {
                    data.slots = vec![None; nslots].into_boxed_slice();
                }
                data.values_block = None;
                data.dict_view = None;
                data.values_via_dict = false;
                data
            }
            None => Box::new(InstanceData {
                class,
                dict: if values {
                    InstanceDict::Values(AttrValues::new())
                } else {
                    InstanceDict::None
                },
                slots: vec![None; nslots].into_boxed_slice(),
                values_block: None,
                dict_view: None,
                values_via_dict: false,
            }),
        };
        let id = self.alloc(rt, Kind::Instance(data));
        if has_dict && layout != InstanceLayout::SeparateDict {
            // init_inline_values / _PyObject_InitInlineValues: shrink the shared keys' usable count.
            let size = if let Kind::Class(c) = &mut self.objs[class.index()].kind {
                let before = u64::from(c.shared_usable) + c.shared_names.len() as u64;
                if c.shared_usable > 1 {
                    c.shared_usable -= 1;
                }
                let after = u64::from(c.shared_usable) + c.shared_names.len() as u64;
                if layout == InstanceLayout::InlineValues {
                    before
                } else {
                    after
                }
            } else {
                0
            };
            if layout == InstanceLayout::ValuesArray {
                let bytes = (size + 2).div_ceil(8) * 8 + 8 * size;
                let block = self.alloc.malloc(bytes, &mut self.log);
                if let Kind::Instance(inst) = &mut self.objs[id.index()].kind {
                    inst.values_block = NonZeroU64::new(block).map(|block| ValuesArray {
                        block,
                        bytes: u32::try_from(bytes).unwrap_or(u32::MAX),
                    });
                }
            }
        }
        id
    }

    /// A user function object.
    pub fn function(&mut self, rt: &mut dyn Runtime, data: FunctionData) -> ObjId {
        self.alloc(rt, Kind::Function(Box::new(data)))
    }

    // ----------------------------------------------------------------------------------------
    // GC lists (the generation lists are intrusive doubly linked lists through gc_prev/gc_next)

    /// `_PyObject_GC_TRACK`: append to the tail of generation 0.
    pub fn track(&mut self, id: ObjId) {
        if self.get(id).is_tracked() || !self.get(id).kind.is_gc_type() {
            return;
        }
        self.gcl_append(0, id);
        self.log.push(Event::Track {
            obj: id,
            generation: 0,
        });
    }

    /// `_PyObject_GC_UNTRACK`.
    pub fn untrack(&mut self, id: ObjId) {
        let generation = self.get(id).generation;
        if generation == UNTRACKED {
            return;
        }
        self.gcl_remove(id);
        self.log.push(Event::Untrack {
            obj: id,
            generation,
        });
    }

    /// Appends `id` (in no list) to the tail of list `list`.
    pub(crate) fn gcl_append(&mut self, list: u8, id: ObjId) {
        let tail = self.gc.lists[list as usize].tail;
        {
            let o = &mut self.objs[id.index()];
            o.generation = list;
            o.gc_prev = tail;
            o.gc_next = NO_OBJ;
        }
        if tail == NO_OBJ {
            self.gc.lists[list as usize].head = id.0;
        } else {
            self.objs[tail as usize].gc_next = id.0;
        }
        let l = &mut self.gc.lists[list as usize];
        l.tail = id.0;
        l.len += 1;
    }

    /// Unlinks `id` from whatever list it is in.
    pub(crate) fn gcl_remove(&mut self, id: ObjId) {
        let (list, prev, next) = {
            let o = &self.objs[id.index()];
            (o.generation, o.gc_prev, o.gc_next)
        };
        if list == UNTRACKED {
            return;
        }
        if prev == NO_OBJ {
            self.gc.lists[list as usize].head = next;
        } else {
            self.objs[prev as usize].gc_next = next;
        }
        if next == NO_OBJ {
            self.gc.lists[list as usize].tail = prev;
        } else {
            self.objs[next as usize].gc_prev = prev;
        }
        self.gc.lists[list as usize].len -= 1;
        let o = &mut self.objs[id.index()];
        o.generation = UNTRACKED;
        o.gc_prev = NO_OBJ;
        o.gc_next = NO_OBJ;
    }

    /// Moves `id` to the tail of list `to` (`gc_list_move`).
    pub(crate) fn gcl_move(&mut self, id: ObjId, to: u8) {
        let from = self.get(id).generation;
        self.gcl_remove(id);
        self.gcl_append(to, id);
        // Every move is recorded, temporary lists included, so that un-applying is exact.
        self.log.push(Event::GenMove { obj: id, from, to });
    }

    /// Appends every object of list `from` to list `to`, in order (`gc_list_merge`). Each object
    /// is recorded as moved, as if moved one by one; the lists are spliced once.
    pub fn gcl_merge(&mut self, from: u8, to: u8) {
        let src = self.gc.lists[from as usize];
        if src.head == NO_OBJ || from == to {
            return;
        }
        let mut cur = src.head;
        while cur != NO_OBJ {
            let id = ObjId(cur);
            let o = &mut self.objs[cur as usize];
            o.generation = to;
            cur = o.gc_next;
            self.log.push(Event::GenMove { obj: id, from, to });
        }
        let tail = self.gc.lists[to as usize].tail;
        if tail == NO_OBJ {
            self.gc.lists[to as usize].head = src.head;
        } else {
            self.objs[tail as usize].gc_next = src.head;
            self.objs[src.head as usize].gc_prev = tail;
        }
        let dst = &mut self.gc.lists[to as usize];
        dst.tail = src.tail;
        dst.len += src.len;
        self.gc.lists[from as usize] = GcList::default();
    }

    /// The first object of a list.
    pub fn gcl_head(&self, list: u8) -> Option<ObjId> {
        let h = self.gc.lists.get(list as usize)?.head;
        (h != NO_OBJ).then_some(ObjId(h))
    }

    /// Calls `f` on each object of a GC list, in list order, without collecting them first.
    /// `f` may move or untrack the object it is given (its successor is read before), but must
    /// not move any other object of the list.
    pub fn gcl_for_each(&mut self, list: u8, mut f: impl FnMut(&mut Self, ObjId)) {
        let mut cur = self.gc.lists.get(list as usize).map_or(NO_OBJ, |l| l.head);
        while cur != NO_OBJ {
            let next = self.objs[cur as usize].gc_next;
            f(self, ObjId(cur));
            cur = next;
        }
    }

    /// Whether `f` holds for some object of a list (walked in order until it does).
    pub fn gcl_any(&self, list: u8, mut f: impl FnMut(&Self, ObjId) -> bool) -> bool {
        let mut cur = self.gc.lists.get(list as usize).map_or(NO_OBJ, |l| l.head);
        while cur != NO_OBJ {
            if f(self, ObjId(cur)) {
                return true;
            }
            cur = self.objs[cur as usize].gc_next;
        }
        false
    }

    /// The objects of a list, in order.
    pub fn gcl_objects(&self, list: u8) -> Vec<ObjId> {
        let mut out = Vec::new();
        let mut cur = self.gc.lists.get(list as usize).map_or(NO_OBJ, |l| l.head);
        while cur != NO_OBJ {
            out.push(ObjId(cur));
            cur = self.objs[cur as usize].gc_next;
        }
        out
    }

    // ----------------------------------------------------------------------------------------
    // Reference counting

    /// Sets a reference count directly, recording the change.
    pub fn set_refcnt(&mut self, id: ObjId, refcnt: i64) {
        let o = &mut self.objs[id.index()];
        let old = o.refcnt.clamp(0, i64::from(u32::MAX)) as u32;
        o.refcnt = refcnt;
        let new = refcnt.clamp(0, i64::from(u32::MAX)) as u32;
        self.log.push(Event::SetRefcnt { obj: id, old, new });
    }

    /// `Py_INCREF`.
    #[inline]
    pub fn incref(&mut self, id: ObjId) {
        let o = &mut self.objs[id.index()];
        if o.flags.immortal {
            return;
        }
        o.refcnt += 1;
        let refcnt = o.refcnt as u32;
        self.log.push(Event::Incref { obj: id, refcnt });
    }

    /// `Py_INCREF` then `Py_DECREF` of an object that another reference keeps alive (a
    /// comparison's `True` or `False`, taken and dropped by the jump after it): the two
    /// events, with one lookup.
    pub fn incref_decref(&mut self, id: ObjId) {
        let o = &mut self.objs[id.index()];
        if o.flags.immortal {
            return;
        }
        let refcnt = o.refcnt as u32;
        self.log.push(Event::Incref {
            obj: id,
            refcnt: refcnt.wrapping_add(1),
        });
        self.log.push(Event::Decref { obj: id, refcnt });
    }

    /// `n` times `Py_INCREF` of one object (the same `n` events), checked and looked up once.
    pub fn incref_n(&mut self, id: ObjId, n: usize) {
        let o = &mut self.objs[id.index()];
        if o.flags.immortal || n == 0 {
            return;
        }
        let first = o.refcnt as u32;
        o.refcnt += n as i64;
        for k in 1..=n as u32 {
            self.log.push(Event::Incref {
                obj: id,
                refcnt: first.wrapping_add(k),
            });
        }
    }

    /// `Py_DECREF`: deallocates at zero.
    #[inline]
    pub fn decref(&mut self, rt: &mut dyn Runtime, id: ObjId) {
        let o = &mut self.objs[id.index()];
        if o.flags.immortal {
            return;
        }
        o.refcnt -= 1;
        let refcnt = o.refcnt;
        self.log.push(Event::Decref {
            obj: id,
            refcnt: refcnt.max(0) as u32,
        });
        if refcnt == 0 {
            self.dealloc(rt, id);
        }
    }

    /// A list's or tuple's items released last to first (`list_dealloc`, `tupledealloc`).
    /// A run of one object (`[0] * n`) is looked up once: its references all go before it can
    /// reach zero, so the events are those of one `Py_DECREF` per item.
    #[inline]
    fn decref_items_reversed(&mut self, rt: &mut dyn Runtime, items: &[ObjId]) {
        let mut i = items.len();
        while i > 0 {
            i -= 1;
            let item = items[i];
            let mut run = 1;
            while i > 0 && items[i - 1] == item {
                i -= 1;
                run += 1;
            }
            if run == 1 {
                self.decref(rt, item);
            } else {
                self.decref_run(rt, item, run);
            }
        }
    }

    /// `run` references to one object released (one `Decref` event each); it is deallocated
    /// if the last one was.
    #[inline(never)]
    fn decref_run(&mut self, rt: &mut dyn Runtime, id: ObjId, run: usize) {
        let o = &mut self.objs[id.index()];
        if o.flags.immortal {
            return;
        }
        let start = o.refcnt;
        o.refcnt -= run as i64;
        for k in 1..=run as i64 {
            self.log.push(Event::Decref {
                obj: id,
                refcnt: (start - k).max(0) as u32,
            });
        }
        if start - run as i64 == 0 {
            self.dealloc(rt, id);
        }
    }

    /// `Py_XDECREF` of several references, in the given order.
    pub fn decref_all(&mut self, rt: &mut dyn Runtime, ids: impl IntoIterator<Item = ObjId>) {
        for id in ids {
            self.decref(rt, id);
        }
    }

    fn uses_trashcan(kind: &Kind) -> bool {
        matches!(
            kind,
            Kind::List(..)
                | Kind::Tuple(_)
                | Kind::Dict(_)
                | Kind::Set(..)
                | Kind::PySet(_)
                | Kind::Instance(_)
                | Kind::Exception(_)
        )
    }

    /// `tp_dealloc` (out of line: the decrement before it is inlined everywhere). Ints and
    /// floats, the commonest, are freed here; containers and the rest go on to
    /// [`Heap::dealloc_object`], whose registers the leaf path then does not pay for.
    #[inline(never)]
    fn dealloc(&mut self, rt: &mut dyn Runtime, id: ObjId) {
        let o = &mut self.objs[id.index()];
        if o.flags.is_static {
            return;
        }
        // `long_dealloc`, `float_dealloc`: nothing to release, not GC objects.
        if let Kind::Int(IntVal::Small(_)) | Kind::Float(_) = o.kind {
            let (ty, free_list) = (o.kind.tag(), FreeList::of(&o.kind));
            // No payload on the Rust heap: nothing to drop.
            std::mem::forget(std::mem::replace(&mut o.kind, Kind::None));
            self.free_memory(id, false, ty, free_list);
            return;
        }
        self.dealloc_object(rt, id);
    }

    /// `tp_dealloc` of anything but an int or a float: the trashcan, then the body.
    ///
    /// The trashcan (`Py_TRASHCAN_BEGIN`/`END`) bounds the C recursion of deallocating a deep
    /// chain: past a nesting depth the object is deposited on a stack instead, and once the
    /// nesting has unwound far enough the deposited objects are deallocated, most recent
    /// first. The depths are per version (`EngineConfig::trashcan`).
    #[inline(never)]
    fn dealloc_object(&mut self, rt: &mut dyn Runtime, id: ObjId) {
        let trashcan = Self::uses_trashcan(&self.objs[id.index()].kind);
        if trashcan {
            self.untrack(id);
            let t = self.config.trashcan;
            if self.trash_nesting >= t.deposit_at {
                if !t.exact && self.unsupported.is_none() {
                    self.unsupported = Some(
                        "deallocating a chain of containers nested this deep (CPython's \
                         trashcan then depends on the size of the C stack)",
                    );
                }
                self.trash_later.push(id);
                return;
            }
            self.trash_nesting += 1;
        }
        self.dealloc_body(rt, id);
        if trashcan {
            self.trash_nesting -= 1;
            let t = self.config.trashcan;
            if !self.trash_later.is_empty() && self.trash_nesting < t.destroy_below {
                self.trash_nesting += t.chain_nesting;
                while let Some(next) = self.trash_later.pop() {
                    self.dealloc_object(rt, next);
                }
                self.trash_nesting -= t.chain_nesting;
            }
        }
    }

    fn dealloc_body(&mut self, rt: &mut dyn Runtime, id: ObjId) {
        match self.kind(id) {
            Kind::Instance(_) | Kind::Exception(_) => {
                if !self.dealloc_instance_prologue(rt, id) {
                    return;
                }
            }
            Kind::Generator(_) => {
                // gen_dealloc: weak references first, then the finalizer (close).
                self.clear_weakrefs(rt, id);
                if !self.dealloc_instance_prologue(rt, id) {
                    return;
                }
            }
            _ => {
                if self.objs[id.index()].flags.weakly_referenced
                    && !matches!(self.kind(id), Kind::Class(_))
                {
                    self.clear_weakrefs(rt, id);
                }
            }
        }
        self.untrack(id);
        // The payload leaves the record here; the record reads as `None` while the references
        // it held are released.
        let o = &mut self.objs[id.index()];
        let gc_type = o.kind.is_gc_type();
        let tag = o.kind.tag();
        let mut free_list = FreeList::of(&o.kind);
        let kind = std::mem::replace(&mut o.kind, Kind::None);
        let mut class_to_release = None;
        // An instance of a user subclass of a builtin type (`subtype_dealloc`): the base's
        // deallocation without its free list, then the class is released.
        if o.flags.heap_subtype {
            o.flags.heap_subtype = false;
            free_list = FreeList::None;
            class_to_release = self.subtype_classes.remove(&id.0);
        }
        match kind {
            Kind::List(items, _, buffer) => {
                self.decref_items_reversed(rt, &items);
                if let Some(b) = buffer {
                    self.alloc.free(b, &mut self.log);
                }
                self.recycle_items(items);
            }
            Kind::Tuple(items) => {
                self.decref_items_reversed(rt, &items);
                self.recycle_items(items);
            }
            Kind::Dict(d) => {
                self.dict_keys_changed(id);
                if d.indexed {
                    self.dict_index.remove(&id.0);
                }
                if !d.borrowed {
                    for (k, v) in d.iter() {
                        self.decref(rt, k);
                        self.decref(rt, v);
                    }
                }
                if let Some(f) = d.default_factory {
                    self.decref(rt, f);
                }
                if let Some(b) = d.values_block {
                    self.alloc.free(b, &mut self.log);
                }
                if let Some(b) = d.keys_block {
                    self.free_keys_block(b, d.log2_size, d.unicode);
                }
                if self.spare_dicts.len() < 1024 {
                    let mut d = d;
                    let mut entries = std::mem::take(&mut d.entries);
                    entries.clear();
                    *d = DictData {
                        entries,
                        ..DictData::default()
                    };
                    self.spare_dicts.push(d);
                }
            }
            Kind::Instance(mut inst) => {
                if let Some(view) = inst.dict_view.take() {
                    self.release_dict_view(rt, view);
                }
                for i in 0..inst.slots.len() {
                    if let Some(v) = inst.slots[i] {
                        self.decref(rt, v);
                    }
                }
                match &inst.dict {
                    InstanceDict::Dict(d) => self.decref(rt, *d),
                    InstanceDict::Values(vals) => {
                        for i in 0..vals.len() {
                            self.decref(rt, vals[i].1);
                        }
                    }
                    InstanceDict::None => {}
                }
                if let Some(values) = inst.values_block {
                    self.alloc.free(values.block.get(), &mut self.log);
                }
                class_to_release = Some(inst.class);
                if self.spare_instances.len() < 1024 {
                    if let InstanceDict::Values(vals) = &mut inst.dict {
                        vals.clear();
                    }
                    self.spare_instances.push(inst);
                }
            }
            Kind::Set(items, table, _) => {
                self.decref_all(rt, items);
                if let Some(t) = table {
                    self.alloc.free(t.0, &mut self.log);
                }
            }
            Kind::WeakRef(target, callback, ..) => {
                if let Some(t) = target {
                    self.remove_weakref(t, id);
                }
                if let Some(cb) = callback {
                    self.decref(rt, cb);
                }
            }
            Kind::PySet(d) => {
                // set_dealloc: the keys in table order, then the table.
                for k in d.keys() {
                    self.decref(rt, k);
                }
                if let Some((b, _)) = d.table_block {
                    self.alloc.free(b, &mut self.log);
                }
            }
            Kind::Native(n) => {
                for r in n.refs.iter().flatten() {
                    self.decref(rt, *r);
                }
                if let NativePayload::Blocks(blocks) = &n.payload {
                    for &(b, _) in blocks {
                        self.alloc.free(b, &mut self.log);
                    }
                }
            }
            Kind::FrameObj(f) => {
                // frame_dealloc: the function and `f_locals`, the locals (from the last one in
                // 3.14+, `_PyFrame_ClearLocals`), then `f_back`.
                for r in [f.func, f.locals_dict].into_iter().flatten() {
                    self.decref(rt, r);
                }
                if self.config.version.at_least(14) {
                    for r in f.locals.iter().rev().flatten() {
                        self.decref(rt, *r);
                    }
                } else {
                    for r in f.locals.iter().flatten() {
                        self.decref(rt, *r);
                    }
                }
                if let Some(b) = f.back {
                    self.decref(rt, b);
                }
            }
            Kind::ByteArray(_, Some((buffer, ..))) => self.alloc.free(buffer, &mut self.log),
            Kind::Str(s) => {
                // unicode_dealloc: a mortal interned string leaves the interned table.
                if self.objs[id.index()].flags.interned && self.interned.get(&s) == Some(&id) {
                    self.interned.remove(&s);
                }
            }
            // Nothing to release, and no payload on the Rust heap.
            k @ (Kind::Int(IntVal::Small(_)) | Kind::Float(_)) => std::mem::forget(k),
            other => {
                if let Kind::Class(c) = &other {
                    // type_dealloc: leave the bases' subclass tables, then clear weakrefs.
                    let tables: Vec<ObjId> = if c.bases.is_empty() {
                        self.statics.object_subclasses.into_iter().collect()
                    } else {
                        c.bases
                            .iter()
                            .filter_map(|&b| match self.kind(b) {
                                Kind::Class(bc) => bc.subclasses,
                                _ => None,
                            })
                            .collect()
                    };
                    let addr = self.objs[id.index()].addr;
                    let key = HKey::Int(IntVal::from_big(num_bigint::BigInt::from(addr)));
                    for t in tables {
                        if let Some((k, v)) = self.dict_del(t, &key) {
                            self.decref(rt, k);
                            self.decref(rt, v);
                        }
                    }
                    self.clear_weakrefs(rt, id);
                }
                let mut refs = Vec::new();
                other.for_each_ref(|r| refs.push(r));
                refs.extend(other.untraversed_refs());
                self.decref_all(rt, refs);
            }
        }
        self.free_memory(id, gc_type, tag, free_list);
        if let Some(class) = class_to_release {
            self.decref(rt, class);
        }
    }

    /// Keeps an emptied item vector for the next list or tuple (small ones only), so that
    /// building and freeing containers does not call the Rust allocator each time.
    fn recycle_items(&mut self, mut items: Vec<ObjId>) {
        if items.capacity() != 0 && items.capacity() <= 64 && self.spare_items.len() < 1024 {
            items.clear();
            self.spare_items.push(items);
        }
    }

    /// An empty item vector with room for `n` items (a recycled one when there is one).
    pub fn items_vec(&mut self, n: usize) -> Vec<ObjId> {
        match self.spare_items.pop() {
            Some(mut v) => {
                v.reserve(n);
                v
            }
            None => Vec::with_capacity(n),
        }
    }

    /// For instances: `__del__` (may resurrect), then weakrefs cleared with callbacks.
    /// Returns false when the object was resurrected and must not be freed.
    fn dealloc_instance_prologue(&mut self, rt: &mut dyn Runtime, id: ObjId) -> bool {
        if self.has_finalizer(id) && !self.get(id).flags.finalized {
            // PyObject_CallFinalizerFromDealloc: resurrect temporarily, call, check.
            self.incref(id);
            self.objs[id.index()].flags.finalized = true;
            self.log.push(Event::Finalize { obj: id });
            rt.finalize(self, id);
            let o = &mut self.objs[id.index()];
            o.refcnt -= 1;
            let refcnt = o.refcnt;
            self.log.push(Event::Decref {
                obj: id,
                refcnt: refcnt.max(0) as u32,
            });
            if refcnt > 0 {
                return false;
            }
        }
        self.clear_weakrefs(rt, id);
        true
    }

    /// The weak references to `id`, head first.
    pub fn weakrefs(&self, id: ObjId) -> &[ObjId] {
        if !self.objs[id.index()].flags.weakly_referenced {
            return &[];
        }
        self.weakref_lists.get(&id.0).map_or(&[], Vec::as_slice)
    }

    /// Inserts a weak reference into `id`'s list at `pos` (clamped to its length).
    pub fn insert_weakref(&mut self, id: ObjId, pos: usize, wr: ObjId) {
        let list = self.weakref_lists.entry(id.0).or_default();
        list.insert(pos.min(list.len()), wr);
        self.objs[id.index()].flags.weakly_referenced = true;
    }

    /// Unlinks a weak reference from `id`'s list.
    pub fn remove_weakref(&mut self, id: ObjId, wr: ObjId) {
        if let Some(list) = self.weakref_lists.get_mut(&id.0) {
            list.retain(|&w| w != wr);
            if list.is_empty() {
                self.weakref_lists.remove(&id.0);
                self.objs[id.index()].flags.weakly_referenced = false;
            }
        }
    }

    /// Empties `id`'s weakref list, returning it.
    pub fn take_weakrefs(&mut self, id: ObjId) -> Vec<ObjId> {
        let flags = &mut self.objs[id.index()].flags;
        if !flags.weakly_referenced {
            return Vec::new();
        }
        flags.weakly_referenced = false;
        self.weakref_lists.remove(&id.0).unwrap_or_default()
    }

    /// Removes the weakrefs to `id` that have a callback from its list, returning them.
    pub fn take_weakrefs_with_callbacks(&mut self, id: ObjId) -> Vec<ObjId> {
        if !self.objs[id.index()].flags.weakly_referenced {
            return Vec::new();
        }
        let Some(list) = self.weakref_lists.remove(&id.0) else {
            return Vec::new();
        };
        let (with, without): (Vec<ObjId>, Vec<ObjId>) = list
            .into_iter()
            .partition(|&w| matches!(&self.objs[w.index()].kind, Kind::WeakRef(_, Some(_), ..)));
        if without.is_empty() {
            self.objs[id.index()].flags.weakly_referenced = false;
        } else {
            self.weakref_lists.insert(id.0, without);
        }
        with
    }

    /// `PyObject_ClearWeakRefs`: clear every weakref to `id`, then call the callbacks
    /// (most recently created first, as they sit in the list).
    #[inline]
    pub fn clear_weakrefs(&mut self, rt: &mut dyn Runtime, id: ObjId) {
        if self.objs[id.index()].flags.weakly_referenced {
            self.clear_weakrefs_listed(rt, id);
        }
    }

    /// [`Heap::clear_weakrefs`] of an object that has weakrefs.
    #[inline(never)]
    fn clear_weakrefs_listed(&mut self, rt: &mut dyn Runtime, id: ObjId) {
        let refs = self.take_weakrefs(id);
        let mut callbacks = Vec::new();
        for &wr in &refs {
            // The callback is detached from the weakref (only the collector's path keeps it).
            if let Kind::WeakRef(target, cb, ..) = &mut self.objs[wr.index()].kind {
                *target = None;
                if let Some(cb) = cb.take() {
                    callbacks.push((wr, cb));
                }
            }
        }
        for (wr, cb) in callbacks {
            self.incref(wr);
            self.log.push(Event::WeakrefCallback { weakref: wr });
            rt.weakref_callback(self, cb, wr);
            self.decref(rt, wr);
            self.decref(rt, cb);
        }
    }

    /// Does the object's type have a `tp_finalize`: a user class defining `__del__` (an
    /// exception's class included), or a generator (`_PyGen_Finalize`, which closes it)?
    pub fn has_finalizer(&self, id: ObjId) -> bool {
        match self.kind(id) {
            Kind::Instance(inst) => self.class_special(inst.class, Special::Del).is_some(),
            Kind::Exception(e) if e.heap_class => {
                self.class_special(e.class, Special::Del).is_some()
            }
            Kind::Generator(_) => true,
            _ => false,
        }
    }

    /// A number that changes whenever a class is created or a class namespace changes (caches
    /// of what classes define are valid while it stays the same).
    pub fn class_epoch(&self) -> u64 {
        self.class_epoch
    }

    /// Invalidates what is cached about classes (a class's MRO or bases changed).
    pub fn bump_class_epoch(&mut self) {
        self.class_epoch += 1;
    }

    /// A special method of a class (along its bases), remembered until a class is created or a
    /// class namespace changes.
    pub fn class_special(&self, class: ObjId, which: Special) -> Option<ObjId> {
        let Kind::Class(c) = self.kind(class) else {
            return None;
        };
        let slot = which as usize;
        let bit = 1u8 << slot;
        let mut cache = c.specials.get();
        if cache.epoch != self.class_epoch {
            cache = SpecialCache {
                epoch: self.class_epoch,
                ..SpecialCache::default()
            };
        } else if cache.known & bit != 0 {
            let found = cache.found[slot];
            return (found != u32::MAX).then_some(ObjId(found));
        }
        let found = self.class_lookup(class, which.name());
        cache.known |= bit;
        cache.found[slot] = found.map_or(u32::MAX, |f| f.0);
        c.specials.set(cache);
        found
    }

    /// Notes a change to a dict: if it is a class namespace, what classes define may change.
    /// Versions the keys of `dict` from now on ([`Heap::watched_keys_version`]).
    pub fn watch_dict_keys(&mut self, dict: ObjId) {
        self.watched_dict = dict;
        self.watched_keys_version += 1;
    }

    /// The version of the watched dict's set of keys: the same number means no key was
    /// added or removed in between.
    pub fn watched_keys_version(&self) -> u64 {
        self.watched_keys_version
    }

    fn dict_keys_changed(&mut self, dict: ObjId) {
        if dict == self.watched_dict {
            self.watched_keys_version += 1;
        }
    }

    fn dict_changed(&mut self, dict: ObjId) {
        if matches!(&self.objs[dict.index()].kind, Kind::Dict(d) if d.class_namespace) {
            self.class_epoch += 1;
        }
    }

    /// Looks a name up along a class's MRO (depth-first over bases, as simple hierarchies do).
    pub fn class_lookup(&self, class: ObjId, name: &str) -> Option<ObjId> {
        let Kind::Class(c) = self.kind(class) else {
            return None;
        };
        // Along the MRO (C3 linearisation), as `_PyType_Lookup`; before the class has one
        // (while it is being created), depth first along the bases.
        if let Some(Kind::Tuple(mro)) = c.mro.map(|m| self.kind(m)) {
            return mro.iter().find_map(|&k| match self.kind(k) {
                Kind::Class(kc) => self.dict_get_str(kc.dict, name),
                _ => None,
            });
        }
        if let Some(v) = self.dict_get_str(c.dict, name) {
            return Some(v);
        }
        c.bases.iter().find_map(|&b| self.class_lookup(b, name))
    }

    /// Returns the object's memory: to its type's free list when it has room, or
    /// `PyObject_GC_Del` / `PyObject_Free`.
    #[inline(always)]
    fn free_memory(&mut self, id: ObjId, gc_type: bool, ty: TypeTag, free_list: FreeList) {
        let (block, addr) = {
            let o = &self.objs[id.index()];
            (o.block, o.addr)
        };
        let caps = self.config.freelist_capacity;
        let fl = &mut self.freelists;
        let (list, cap) = match free_list {
            FreeList::None => (None, 0),
            FreeList::Float => (Some(&mut fl.float), caps.float),
            FreeList::Tuple(n) => (fl.tuple.get_mut(n), caps.tuple),
            FreeList::List => (Some(&mut fl.list), caps.list),
            FreeList::Dict => (Some(&mut fl.dict), caps.dict),
            // frame_dealloc (3.8–3.10): up to 200 frames kept for reuse.
            FreeList::Frame if self.config.frames_are_objects => (Some(&mut fl.frame), 200),
            FreeList::Frame => (None, 0),
            FreeList::CFunction => (Some(&mut fl.cfunction), caps.cfunction),
            FreeList::Method => (Some(&mut fl.method), caps.method),
            _ if !self.config.more_freelists => (None, 0),
            FreeList::Int => (Some(&mut fl.int), INT_FREELIST),
            FreeList::Range => (Some(&mut fl.range), RANGE_FREELIST),
            FreeList::RangeIter => (Some(&mut fl.range_iter), RANGE_FREELIST),
            FreeList::ListIter => (Some(&mut fl.list_iter), SEQ_ITER_FREELIST),
            FreeList::TupleIter => (Some(&mut fl.tuple_iter), SEQ_ITER_FREELIST),
        };
        let parked = match list {
            Some(list) if list.len() < cap => {
                list.push(block);
                true
            }
            _ => false,
        };
        if !parked {
            if gc_type && self.gc.counts[0] > 0 {
                self.gc.counts[0] -= 1;
            }
            self.alloc.free(block, &mut self.log);
        }
        self.log.push(Event::ObjFree { obj: id, addr, ty });
        let o = &mut self.objs[id.index()];
        o.refcnt = 0;
        let weakly_referenced = o.flags.weakly_referenced;
        o.flags = ObjFlags::default();
        if weakly_referenced {
            self.weakref_lists.remove(&id.0);
        }
        self.free_slots.push(id.0);
        self.live -= 1;
    }

    /// Empties every free list (a full collection does this).
    pub fn clear_freelists(&mut self) {
        let mut blocks: Vec<u64> = Vec::new();
        blocks.append(&mut self.freelists.float);
        for l in &mut self.freelists.tuple {
            blocks.append(l);
        }
        blocks.append(&mut self.freelists.frame);
        blocks.append(&mut self.freelists.int);
        blocks.append(&mut self.freelists.range);
        blocks.append(&mut self.freelists.range_iter);
        blocks.append(&mut self.freelists.method);
        let mut gc_blocks = std::mem::take(&mut self.freelists.list);
        gc_blocks.append(&mut self.freelists.list_iter);
        gc_blocks.append(&mut self.freelists.tuple_iter);
        gc_blocks.append(&mut self.freelists.cfunction);
        let dict_blocks = std::mem::take(&mut self.freelists.dict);
        blocks.append(&mut self.freelists.dict_keys);
        for b in blocks.into_iter().chain(gc_blocks).chain(dict_blocks) {
            self.alloc.free(b, &mut self.log);
        }
    }

    /// Moves an instance's attributes into a real dict object (`__dict__` materialised).
    pub fn materialize_instance_dict(
        &mut self,
        rt: &mut dyn Runtime,
        inst_id: ObjId,
    ) -> Option<ObjId> {
        let (values, values_block) = match &mut self.objs[inst_id.index()].kind {
            Kind::Instance(inst) => match &inst.dict {
                InstanceDict::Dict(d) => return Some(*d),
                InstanceDict::None => {
                    if self.config.instance_layout != InstanceLayout::SeparateDict {
                        return None;
                    }
                    (AttrValues::new(), None)
                }
                InstanceDict::Values(_) => {
                    let InstanceDict::Values(v) =
                        std::mem::replace(&mut inst.dict, InstanceDict::None)
                    else {
                        return None;
                    };
                    (v, inst.values_block.take())
                }
            },
            _ => return None,
        };
        let class_has_dict = match self.kind(inst_id) {
            Kind::Instance(inst) => matches!(self.kind(inst.class), Kind::Class(c) if c.has_dict),
            _ => false,
        };
        if !class_has_dict {
            return None;
        }
        let class = match self.kind(inst_id) {
            Kind::Instance(inst) => inst.class,
            _ => return None,
        };
        let split = self.config.version.at_least(11);
        let dict = self.dict(rt);
        if let Kind::Dict(d) = &mut self.objs[dict.index()].kind {
            if let Some(values) = values_block {
                d.values_block = Some(values.block.get());
                d.values_bytes = u64::from(values.bytes);
                if split {
                    d.split_class = Some(class);
                }
            }
        }
        for (name, v) in values {
            let key = self.str(&name);
            let key = self.intern(key);
            self.decref(rt, key);
            let hk = HKey::Str(name);
            let _ = self.dict_set_split(dict, key, hk, v);
        }
        if let Kind::Instance(inst) = &mut self.objs[inst_id.index()].kind {
            inst.dict = InstanceDict::Dict(dict);
        }
        Some(dict)
    }

    /// 3.13: makes (or returns) the `__dict__` that shares an instance's inline values.
    /// Returns a borrowed id; the instance owns one reference to it.
    pub fn inline_dict_view(
        &mut self,
        rt: &mut dyn Runtime,
        inst_id: ObjId,
        keys: &[(ObjId, ObjId)],
    ) -> ObjId {
        if let Kind::Instance(inst) = self.kind(inst_id) {
            if let Some(v) = inst.dict_view {
                return v;
            }
        }
        let class = match self.kind(inst_id) {
            Kind::Instance(inst) => Some(inst.class),
            _ => None,
        };
        let dict = self.alloc(rt, Kind::Dict(Box::default()));
        let traversed = self.config.version.at_least(14);
        if let Kind::Dict(d) = &mut self.objs[dict.index()].kind {
            d.borrowed = true;
            d.traverses_shared = traversed;
            d.split_class = class;
            d.log2_size = 6;
            d.unicode = true;
        }
        if let Kind::Instance(inst) = &mut self.objs[inst_id.index()].kind {
            inst.dict_view = Some(dict);
            inst.values_via_dict = traversed;
        }
        self.view_owners.insert(dict.0, inst_id);
        self.sync_dict_view(dict, keys);
        dict
    }

    /// A materialised `__dict__` view is about to be changed through the dict itself
    /// (`obj.__dict__.update(...)`, `vars(obj)[k] = v`): the dict takes references of its own
    /// and becomes the instance's attribute storage (its inline values are released), so that
    /// attribute reads and the dict agree.
    pub fn detach_dict_view(&mut self, rt: &mut dyn Runtime, dict: ObjId) {
        if !matches!(self.kind(dict), Kind::Dict(d) if d.borrowed) {
            return;
        }
        let Some(inst) = self.view_owners.remove(&dict.0) else {
            return;
        };
        let pairs: Vec<(ObjId, ObjId)> = match self.kind(dict) {
            Kind::Dict(d) => d.iter().collect(),
            _ => Vec::new(),
        };
        for &(k, v) in &pairs {
            self.incref(k);
            self.incref(v);
        }
        if let Kind::Dict(d) = &mut self.objs[dict.index()].kind {
            d.borrowed = false;
            d.traverses_shared = false;
            d.split_class = None;
        }
        let old = match &mut self.objs[inst.index()].kind {
            Kind::Instance(i) => {
                i.dict_view = None;
                i.values_via_dict = false;
                std::mem::replace(&mut i.dict, InstanceDict::Dict(dict))
            }
            _ => return,
        };
        if let InstanceDict::Values(vals) = old {
            let values: Vec<ObjId> = vals.iter().map(|(_, v)| *v).collect();
            self.decref_all(rt, values);
        }
        if pairs
            .iter()
            .any(|&(k, v)| self.may_be_tracked(k) || self.may_be_tracked(v))
        {
            self.track(dict);
        }
    }

    /// Re-mirrors a shared-values dict from its instance's (key object, value) pairs.
    pub fn sync_dict_view(&mut self, dict: ObjId, pairs: &[(ObjId, ObjId)]) {
        self.dict_keys_changed(dict);
        if let Kind::Dict(d) = &mut self.objs[dict.index()].kind {
            d.entries = pairs.iter().map(|&p| Some(p)).collect();
            d.used = pairs.len();
        }
        self.reindex_dict(dict);
    }

    /// The instance is going away: a `__dict__` that someone else still holds takes ownership of
    /// the values (it detaches); otherwise it simply dies with the instance.
    fn release_dict_view(&mut self, rt: &mut dyn Runtime, view: ObjId) {
        self.view_owners.remove(&view.0);
        if self.get(view).refcnt > 1 {
            let pairs: Vec<(ObjId, ObjId)> = match self.kind(view) {
                Kind::Dict(d) => d.iter().collect(),
                _ => Vec::new(),
            };
            for &(k, v) in &pairs {
                self.incref(k);
                self.incref(v);
            }
            if let Kind::Dict(d) = &mut self.objs[view.index()].kind {
                d.borrowed = false;
                d.traverses_shared = false;
                d.split_class = None;
            }
            if pairs
                .iter()
                .any(|&(k, v)| self.may_be_tracked(k) || self.may_be_tracked(v))
            {
                self.track(view);
            }
        }
        self.decref(rt, view);
    }

    /// Inserts into a dict without allocating a keys object (split tables share the class's keys).
    pub fn dict_set_split(
        &mut self,
        dict: ObjId,
        key: ObjId,
        hkey: HKey,
        value: ObjId,
    ) -> Option<(ObjId, ObjId)> {
        self.incref(key);
        if let Kind::Dict(d) = &mut self.objs[dict.index()].kind {
            if d.log2_size == 0 {
                d.log2_size = 6;
                d.unicode = true;
            }
        }
        self.dict_set(dict, key, hkey, value)
    }
}

/// `sys.getsizeof` of a str: compact ASCII or compact unicode layout.
pub fn str_size(s: &str, v312: bool) -> u64 {
    // ASCII text (most of it) is one byte per character: no decoding pass needed.
    let (n, max) = if s.is_ascii() {
        (s.len() as u64, 0)
    } else {
        let n = s.chars().count() as u64;
        (n, s.chars().map(|c| c as u32).max().unwrap_or(0))
    };
    let ascii_header = if v312 { 40 } else { 48 };
    let compact_header = if v312 { 56 } else { 72 };
    match max {
        0..=127 => ascii_header + n + 1,
        // 3.12+: the statically allocated one-character latin-1 strings carry their UTF-8 form.
        128..=255 if v312 && n == 1 => compact_header + n + 1 + 3,
        128..=255 => compact_header + n + 1,
        256..=0xffff => compact_header + 2 * (n + 1),
        _ => compact_header + 4 * (n + 1),
    }
}

/// `calculate_log2_keysize`: smallest log2 size ≥ `minsize`, at least 8 slots.
pub fn log2_keysize(minsize: usize) -> u8 {
    let mut log2 = 3u8;
    while (1usize << log2) < minsize {
        log2 += 1;
    }
    log2
}

impl Obj {
    fn kind_is_true(&self) -> bool {
        matches!(self.kind, Kind::Bool(true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::{EngineConfig, PyVersion};

    fn heap() -> Heap {
        Heap::new(EngineConfig::for_version(PyVersion { minor: 11 }))
    }

    /// The reference-count and free events from event `start` on, as (what, object, count
    /// after; 0 for a free).
    fn counts_since(heap: &Heap, start: usize) -> Vec<(&'static str, ObjId, u32)> {
        heap.log
            .iter_from(start)
            .filter_map(|e| match e {
                Event::Incref { obj, refcnt } => Some(("incref", obj, refcnt)),
                Event::Decref { obj, refcnt } => Some(("decref", obj, refcnt)),
                Event::ObjFree { obj, .. } => Some(("free", obj, 0)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn incref_n_records_what_n_increfs_record() {
        let (mut a, mut b) = (heap(), heap());
        let (x, y) = (a.int(1000), b.int(1000));
        assert_eq!(x, y);
        let (from_a, from_b) = (a.log.len(), b.log.len());
        a.incref_n(x, 3);
        for _ in 0..3 {
            b.incref(y);
        }
        let expected = vec![("incref", x, 2), ("incref", x, 3), ("incref", x, 4)];
        assert_eq!(counts_since(&a, from_a), expected);
        assert_eq!(counts_since(&b, from_b), expected);
        assert_eq!(a.get(x).refcnt, 4);
        // Immortal objects (3.12's small ints, here `None`) record nothing.
        let none = a.none();
        let from = a.log.len();
        a.incref_n(none, 5);
        if a.get(none).flags.immortal {
            assert!(counts_since(&a, from).is_empty());
        } else {
            assert_eq!(counts_since(&a, from).len(), 5);
        }
    }

    #[test]
    fn incref_decref_records_an_incref_and_a_decref() {
        let rt = &mut NoRuntime;
        let (mut a, mut b) = (heap(), heap());
        let (x, y) = (a.bool(false), b.bool(false));
        let (from_a, from_b) = (a.log.len(), b.log.len());
        a.incref_decref(x);
        b.incref(y);
        b.decref(rt, y);
        let recorded = counts_since(&a, from_a);
        assert_eq!(recorded, counts_since(&b, from_b));
        let before = a.get(x).refcnt as u32;
        assert_eq!(
            recorded,
            vec![("incref", x, before + 1), ("decref", x, before)]
        );
    }

    #[test]
    fn a_run_of_one_item_is_released_one_decref_per_reference() {
        let rt = &mut NoRuntime;
        let mut h = heap();
        let x = h.int(1000);
        let y = h.int(2000);
        // [x, y, y, y, x]: the list owns two references to x and three to y.
        h.incref(x);
        h.incref(y);
        h.incref(y);
        let list = h.list(rt, vec![x, y, y, y, x], 5);
        let from = h.log.len();
        h.decref(rt, list);
        let decrefs: Vec<_> = counts_since(&h, from)
            .into_iter()
            .filter(|&(_, obj, _)| obj != list)
            .collect();
        // Last item first; y is freed when its third reference goes, before the first x.
        assert_eq!(
            decrefs,
            vec![
                ("decref", x, 1),
                ("decref", y, 2),
                ("decref", y, 1),
                ("decref", y, 0),
                ("free", y, 0),
                ("decref", x, 0),
                ("free", x, 0),
            ]
        );
    }
}
