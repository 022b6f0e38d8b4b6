//! What an object is: [`Obj`] (refcount, address, GC header state) and its [`Kind`] payload, with
//! the type-level facts CPython derives from the type: whether it is a GC type, its name, and its
//! outgoing references in `tp_traverse` order.

use std::rc::Rc;

use num_bigint::BigInt;

use super::ids::ObjId;

/// "No object" in intrusive links.
pub const NO_OBJ: u32 = u32::MAX;
/// `gen` value of an object that is not in any GC list.
pub const UNTRACKED: u8 = u8::MAX;
/// The permanent generation (`gc.freeze()`).
pub const PERMANENT: u8 = 3;

/// An integer value: machine-sized when it fits, arbitrary precision otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IntVal {
    /// Fits in an i64.
    Small(i64),
    /// Does not fit in an i64.
    Big(BigInt),
}

impl IntVal {
    /// Normalises a big integer to `Small` when it fits.
    pub fn from_big(b: BigInt) -> Self {
        match i64::try_from(&b) {
            Ok(v) => Self::Small(v),
            Err(_) => Self::Big(b),
        }
    }

    /// As a `BigInt`.
    pub fn to_big(&self) -> BigInt {
        match self {
            Self::Small(v) => BigInt::from(*v),
            Self::Big(b) => b.clone(),
        }
    }

    /// Number of 30-bit digits CPython uses for the magnitude (0 for zero).
    pub fn ndigits(&self) -> u64 {
        let bits = match self {
            Self::Small(v) => u64::from(64 - v.unsigned_abs().leading_zeros()),
            Self::Big(b) => b.bits(),
        };
        bits.div_ceil(30)
    }
}

impl std::fmt::Display for IntVal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Small(v) => write!(f, "{v}"),
            Self::Big(b) => write!(f, "{b}"),
        }
    }
}

/// How a dict stores its keys (decides entry size: 16 bytes for all-str tables, 24 otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeysKind {
    /// Every key is an exact `str`.
    Unicode,
    /// Any other key.
    General,
    /// A class's shared keys (instance dicts, split tables).
    Split,
}

/// A dict's entries and the geometry of its keys object (`PyDictKeysObject`).
#[derive(Debug, Clone, Default)]
pub struct DictData {
    /// Insertion-ordered entries; `None` marks a deleted slot (a dummy).
    pub entries: Vec<Option<(ObjId, ObjId)>>,
    /// Live entries (`ma_used`).
    pub used: usize,
    /// `dk_log2_size`, or 0 when the dict uses the shared empty keys.
    pub log2_size: u8,
    /// True when every key so far is an exact str.
    pub unicode: bool,
    /// Address of the separately allocated keys object (none for the empty dict).
    pub keys_block: Option<u64>,
    /// Bytes requested for the keys object.
    pub keys_bytes: u64,
    /// For a split (instance) dict in 3.8–3.10: the values array block.
    pub values_block: Option<u64>,
    /// Bytes of the values array.
    pub values_bytes: u64,
    /// 3.13: a materialised `__dict__` that shares its instance's inline values. Its entries are
    /// borrowed (the instance owns them): it holds and traverses no references of its own.
    pub borrowed: bool,
    /// 3.14+: a borrowed `__dict__` that `tp_traverse` walks through (its values are visited
    /// here, and the instance visits this dict instead of its values).
    pub traverses_shared: bool,
    /// The namespace of a class: changing it may change a type slot (`__del__`), so the heap's
    /// memo of which classes have finalizers is invalidated.
    pub class_namespace: bool,
    /// Whether the heap keeps a hash index of this dict's keys (dicts with more than a few
    /// entries; smaller ones are searched entry by entry).
    pub indexed: bool,
    /// The front end's type index when this is a dict subtype it implements
    /// (`collections.defaultdict`, `OrderedDict`, `Counter`); 0 for a plain dict.
    pub subtype: u16,
    /// `defaultdict.default_factory`.
    pub default_factory: Option<ObjId>,
    /// 3.11+: an instance's `__dict__` still sharing its class's keys (a split table): the class
    /// (not a reference), whose shared keys decide `sys.getsizeof`.
    pub split_class: Option<ObjId>,
}

impl DictData {
    /// Slots in the hash table (`DK_SIZE`), 0 for the shared empty keys.
    pub fn size(&self) -> usize {
        if self.log2_size == 0 {
            0
        } else {
            1 << self.log2_size
        }
    }

    /// `USABLE_FRACTION`.
    pub fn usable_fraction(size: usize) -> usize {
        (size << 1) / 3
    }

    /// Live (key, value) pairs in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (ObjId, ObjId)> + '_ {
        self.entries.iter().filter_map(|e| *e)
    }
}

/// An instance's attributes by name, in insertion order: the first two without a separate
/// allocation (most instances have one or two; more inline room would make every instance's
/// record bigger).
pub type AttrValues = smallvec::SmallVec<[(Rc<str>, ObjId); 2]>;

/// A separately allocated values array (3.11–3.12): its block and its size in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValuesArray {
    /// The block's address (never 0).
    pub block: std::num::NonZeroU64,
    /// Bytes requested for it.
    pub bytes: u32,
}

/// How an instance keeps its attributes.
#[derive(Debug, Clone)]
pub enum InstanceDict {
    /// No `__dict__` (a `__slots__` class).
    None,
    /// A real dict object (3.8–3.10 always; 3.11+ once `__dict__` was materialised).
    Dict(ObjId),
    /// 3.11+: values live outside any dict (values array or inline); names in insertion order.
    Values(AttrValues),
}

/// The data of an instance of a user class.
#[derive(Debug, Clone)]
pub struct InstanceData {
    /// Its class.
    pub class: ObjId,
    /// Attributes.
    pub dict: InstanceDict,
    /// `__slots__` values in declaration order.
    pub slots: Box<[Option<ObjId>]>,
    /// Separately allocated values array (3.11–3.12).
    pub values_block: Option<ValuesArray>,
    /// 3.13: the materialised `__dict__` sharing the inline values (owned, not traversed).
    pub dict_view: Option<ObjId>,
    /// 3.14+: the traversal visits `dict_view` in place of the shared values.
    pub values_via_dict: bool,
}

/// The data of a user class (a heap type).
#[derive(Debug, Clone)]
pub struct ClassData {
    /// `__name__`.
    pub name: Rc<str>,
    /// `__qualname__` as the class statement gave it (`f.<locals>.C`, `A.B`; `type_new`
    /// takes it out of the namespace), `None` for classes made by `type(name, bases, ns)`.
    pub qualname: Option<Rc<str>>,
    /// `__bases__` (user classes only; `object` is implicit).
    pub bases: Vec<ObjId>,
    /// The class namespace (a dict object).
    pub dict: ObjId,
    /// `__slots__` names, if declared (own and inherited, declaration order).
    pub slots: Option<Vec<Rc<str>>>,
    /// Instances have a `__dict__`.
    pub has_dict: bool,
    /// Instances have a `__weakref__` slot.
    pub has_weakref: bool,
    /// 3.11+: the shared keys' remaining usable count (decremented per new instance).
    pub shared_usable: u32,
    /// 3.11+: attribute names in the shared keys, in insertion order.
    pub shared_names: Vec<Rc<str>>,
    /// The legacy `tp_del` finalizer (set by `_testcapi.with_tp_del`).
    pub legacy_tp_del: bool,
    /// `__bases__` as a tuple object.
    pub bases_tuple: Option<ObjId>,
    /// `__mro__`: a tuple that starts with the class itself (so every class is in a cycle, and
    /// only the collector frees classes, as in CPython).
    pub mro: Option<ObjId>,
    /// `tp_subclasses`: a dict of weak references to subclasses, created for the first one.
    pub subclasses: Option<ObjId>,
    /// `ht_slots`: the slot names as a tuple, for classes with `__slots__`.
    pub slots_tuple: Option<ObjId>,
    /// The special methods found along the MRO, remembered by the heap (see
    /// `Heap::class_special`); not part of the class's state.
    pub specials: std::cell::Cell<SpecialCache>,
    /// A user metaclass (`class C(metaclass=M)`), held by the class.
    pub metaclass: Option<ObjId>,
}

/// What `Heap::class_special` found for one class: valid while the heap's class epoch is
/// `epoch`; bit `i` of `known` says whether slot `i` holds the answer (an object id, or
/// `u32::MAX` for "not defined").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpecialCache {
    /// The heap's class epoch the answers hold for.
    pub epoch: u64,
    /// Which slots hold an answer.
    pub known: u8,
    /// The answers, by `Special` index.
    pub found: [u32; 6],
}

/// A user function's data; `code` is opaque to the engine.
#[derive(Debug, Clone)]
pub struct FunctionData {
    /// Index of the code in the front end's code table.
    pub code: u32,
    /// `__name__`.
    pub name: Rc<str>,
    /// `__qualname__`.
    pub qualname: Rc<str>,
    /// The globals dict.
    pub globals: ObjId,
    /// `__defaults__` (a tuple) if any.
    pub defaults: Option<ObjId>,
    /// `__closure__` (a tuple of cells) if any.
    pub closure: Option<ObjId>,
    /// `__kwdefaults__` (a dict) if any.
    pub kwdefaults: Option<ObjId>,
    /// `__dict__`, once an attribute was set on the function.
    pub dict: Option<ObjId>,
    /// `__doc__` when assigned (otherwise the code's docstring).
    pub doc: Option<ObjId>,
    /// `__module__` when assigned (otherwise the globals' `__name__`).
    pub module: Option<ObjId>,
    /// `__annotations__`: a dict, or (3.10–3.13, until first read) the tuple of name/value
    /// pairs `MAKE_FUNCTION` received.
    pub annotations: Option<ObjId>,
    /// 3.14+ (PEP 649): `__annotate__`, the function that computes the annotations when
    /// `__annotations__` is first read.
    pub annotate: Option<ObjId>,
}

/// An exception instance (`BaseException` and its subclasses, user classes included).
#[derive(Debug, Clone)]
pub struct ExceptionData {
    /// Its class: a builtin exception type or a user class.
    pub class: ObjId,
    /// True when `class` is a user class (a heap type the instance holds a reference to).
    pub heap_class: bool,
    /// `args`, a tuple.
    pub args: ObjId,
    /// `__dict__`, created when an attribute is set.
    pub dict: Option<ObjId>,
    /// `__traceback__`.
    pub traceback: Option<ObjId>,
    /// `__context__`.
    pub context: Option<ObjId>,
    /// `__cause__`.
    pub cause: Option<ObjId>,
    /// `__suppress_context__`.
    pub suppress_context: bool,
    /// Fields of some subclasses: `StopIteration.value`, `SystemExit.code`, `NameError.name`,
    /// `AttributeError.name` and `.obj`, `KeyError`... in the subclass's traverse order.
    pub extra: [Option<ObjId>; 2],
}

/// The state of a frame or of a generator's frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameState {
    /// A generator that has not started.
    Created,
    /// Suspended at a `yield`.
    Suspended,
    /// Running now: its locals are on the interpreter's stacks.
    Executing,
    /// Returned or raised: nothing left to run.
    Completed,
}

/// A frame object (`sys._getframe()`, a traceback's `tb_frame`, 3.8–3.10's every call): while
/// its code runs the interpreter holds the locals; once it finishes, a frame object that is
/// still referenced takes them over (CPython's `take_ownership`).
#[derive(Debug, Clone)]
pub struct FrameData {
    /// The front end's index of the code.
    pub code: u32,
    /// 3.11+: the function being run (a strong reference).
    pub func: Option<ObjId>,
    /// The locals, once the frame object owns them.
    pub locals: Vec<Option<ObjId>>,
    /// The caller's frame object (`f_back`), when it was materialised.
    pub back: Option<ObjId>,
    /// The line being run (or last run).
    pub lineno: u32,
    /// Running, or finished.
    pub state: FrameState,
    /// The generator whose frame this is (not a reference).
    pub gen: Option<ObjId>,
    /// 3.8–3.12: the `f_locals` dict once read (a snapshot the frame keeps and refreshes).
    pub locals_dict: Option<ObjId>,
}

/// A generator: its code and, while suspended, its frame's locals and value stack.
#[derive(Debug, Clone)]
pub struct GenData {
    /// The front end's index of the code.
    pub code: u32,
    /// 3.11+: the generator function (a strong reference).
    pub func: Option<ObjId>,
    /// `__name__`.
    pub name: Rc<str>,
    /// `__qualname__`.
    pub qualname: Rc<str>,
    /// The frame object (`gi_frame`): always in 3.8–3.10, on demand from 3.11.
    pub frame: Option<ObjId>,
    /// The locals of the suspended frame.
    pub locals: Vec<Option<ObjId>>,
    /// The value stack of the suspended frame (`None`: a NULL slot, as the one below a
    /// callable waiting for its call).
    pub stack: Vec<Option<ObjId>>,
    /// Where it resumes (front end's instruction index).
    pub pc: u32,
    /// Created, suspended, running or completed.
    pub state: FrameState,
    /// The exception being handled when it was suspended inside a handler.
    pub exc_state: Option<ObjId>,
    /// The frame's globals (a strong reference in 3.8–3.10's frames).
    pub globals: ObjId,
}

/// An object of a library type the engine knows only by its references and size: `property`,
/// `staticmethod`, `super`, `slice`, `enumerate`, `zip`, `map`, the `itertools` iterators,
/// `functools.partial`, `collections.deque`...
#[derive(Debug, Clone)]
pub struct NativeData {
    /// The front end's type index.
    pub ty: u16,
    /// Whether it is a GC type (its references are traversed).
    pub gc: bool,
    /// Its references, in `tp_traverse` order (`None`: an empty slot).
    pub refs: Vec<Option<ObjId>>,
    /// Plain state (positions, counters, flags).
    pub nums: [i64; 4],
    /// Larger plain state.
    pub payload: NativePayload,
}

/// Plain data of a library object.
#[derive(Debug, Clone, Default)]
pub enum NativePayload {
    /// Nothing.
    #[default]
    None,
    /// 32-bit words (a Mersenne Twister's state).
    Words(Box<[u32]>),
    /// Floats.
    Floats(Box<[f64]>),
    /// Text.
    Text(Rc<str>),
    /// Memory blocks the object owns (address, bytes): a deque's blocks.
    Blocks(Vec<(u64, u64)>),
}

/// A slot of a set's hash table: a key (or [`NO_OBJ`], or [`SET_DUMMY`]) and its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetEntry {
    /// The key's object slot.
    pub key: u32,
    /// Its hash.
    pub hash: i64,
}

/// A deleted slot of a set's table.
pub const SET_DUMMY: u32 = u32::MAX - 1;

/// A `set` or `frozenset`: CPython's open-addressing table, so that iteration order is its.
#[derive(Debug, Clone)]
pub struct SetData {
    /// The table (`mask + 1` slots).
    pub table: Vec<SetEntry>,
    /// Active and dummy slots.
    pub fill: usize,
    /// Active slots.
    pub used: usize,
    /// `frozenset`.
    pub frozen: bool,
    /// The separately allocated table (more than 8 slots): block and bytes.
    pub table_block: Option<(u64, u64)>,
    /// Where `pop()` searches from.
    pub finger: usize,
}

impl SetData {
    /// An empty table of 8 slots (the set's own small table).
    pub fn new(frozen: bool) -> Self {
        Self {
            table: vec![
                SetEntry {
                    key: NO_OBJ,
                    hash: 0
                };
                8
            ],
            fill: 0,
            used: 0,
            frozen,
            table_block: None,
            finger: 0,
        }
    }

    /// The keys in table order.
    pub fn keys(&self) -> impl Iterator<Item = ObjId> + '_ {
        self.table
            .iter()
            .filter(|e| e.key != NO_OBJ && e.key != SET_DUMMY)
            .map(|e| ObjId(e.key))
    }
}

/// A builtin type, a builtin function, or a method of a builtin type, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BuiltinId(pub u16);

/// What a [`Kind::SeqIter`] iterates over, fixed when it is made: its type (`list_iterator`,
/// `str_ascii_iterator`...) stays when the exhausted iterator lets go of the sequence, and
/// 3.14+ keeps list and tuple iterators on free lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeqOf {
    /// `list_iterator`.
    List,
    /// `tuple_iterator`.
    Tuple,
    /// `str_iterator`.
    Str,
    /// `str_ascii_iterator` (3.12+, a str of ASCII characters).
    AsciiStr,
    /// `bytes_iterator`.
    Bytes,
    /// `bytearray_iterator`.
    ByteArray,
    /// `iterator`: the sequence protocol of a class with `__getitem__`.
    Other,
}

/// The payload of an object.
#[derive(Debug, Clone)]
pub enum Kind {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// `...`.
    Ellipsis,
    /// `NotImplemented`.
    NotImplemented,
    /// `int`.
    Int(IntVal),
    /// `float`.
    Float(f64),
    /// `str`.
    Str(Rc<str>),
    /// `bytes`.
    Bytes(Rc<[u8]>),
    /// `bytearray` with its separately allocated buffer: (block, `ob_alloc`, logical offset of
    /// the data in the buffer, `ob_start - ob_bytes`).
    ByteArray(Vec<u8>, Option<(u64, u64, u64)>),
    /// `tuple`.
    Tuple(Vec<ObjId>),
    /// `list`: items, `allocated`, and the item array's block.
    List(Vec<ObjId>, usize, Option<u64>),
    /// `dict`.
    Dict(Box<DictData>),
    /// `set` / `frozenset`: elements in table order, the separate table (block, bytes), frozen
    /// flag. The table is boxed so that a set does not make every object record larger.
    Set(Vec<ObjId>, Option<Box<(u64, u64)>>, bool),
    /// An instance of a user class.
    Instance(Box<InstanceData>),
    /// A user class.
    Class(Box<ClassData>),
    /// A user function or lambda.
    Function(Box<FunctionData>),
    /// A bound method: (function, self).
    Method(ObjId, ObjId),
    /// A builtin function or type object exposed to Python.
    Builtin(BuiltinId),
    /// A builtin method bound to an object (`lst.append`).
    BuiltinMethod(BuiltinId, ObjId),
    /// A module: name and dict.
    Module(Rc<str>, ObjId),
    /// `weakref.ref`, `weakref.proxy` and kin: referent (None once cleared), callback, and the
    /// front end's type index (which of them it is).
    WeakRef(Option<ObjId>, Option<ObjId>, u16),
    /// `object()`: a bare, non-GC 16-byte object.
    Object,
    /// `weakref.finalize`: func, args tuple, alive flag (its weakref is kept in a registry, as
    /// CPython's `finalize._registry` does, so there is no cycle between the two).
    Finalizer(ObjId, ObjId, bool),
    /// A closure cell.
    Cell(Option<ObjId>),
    /// `range(start, stop, step)`.
    Range(i64, i64, i64),
    /// An iterator over a sequence object (list, tuple, str, dict keys...) at a position (an
    /// index; a byte offset in a str); the sequence is `None` once the iterator is exhausted
    /// (CPython's iterators let go of it then).
    SeqIter(Option<ObjId>, usize, SeqOf),
    /// A `range` iterator: next value, stop, step.
    RangeIter(i64, i64, i64),
    /// A dict view (keys / values / items) over a dict.
    DictView(ObjId, u8),
    /// A frame object (3.8–3.10 only); opaque to the engine.
    Frame,
    /// A `getset_descriptor` (`__dict__`, `__weakref__`) or `member_descriptor` (a slot) of a
    /// class: the owning class, and true for a member descriptor.
    Descriptor(ObjId, bool),
    /// A code object; opaque.
    Code,
    /// A builtin type object (static): the front end's type index.
    Type(u16),
    /// A builtin function or method: the front end's index, and the object it is bound to.
    BuiltinFn(u16, Option<ObjId>),
    /// An exception.
    Exception(Box<ExceptionData>),
    /// A traceback entry: `tb_next`, `tb_frame`, `tb_lineno`, `tb_lasti` (the front end's
    /// instruction index).
    Traceback(Option<ObjId>, ObjId, u32, u32),
    /// A frame object.
    FrameObj(Box<FrameData>),
    /// A generator.
    Generator(Box<GenData>),
    /// A complex number.
    Complex(f64, f64),
    /// An object of a library type.
    Native(Box<NativeData>),
    /// A set or frozenset as a hash table.
    PySet(Box<SetData>),
}

impl Kind {
    /// The compact tag events carry.
    pub fn tag(&self) -> super::event::TypeTag {
        use super::event::TypeTag;
        TypeTag(match self {
            Self::Object => 0,
            Self::None => 1,
            Self::Bool(_) => 2,
            Self::Int(_) => 3,
            Self::Float(_) => 4,
            Self::Str(_) => 5,
            Self::Bytes(_) => 6,
            Self::ByteArray(..) => 7,
            Self::Tuple(_) => 8,
            Self::List(..) => 9,
            Self::Dict(_) => 10,
            Self::Set(_, _, false) => 11,
            Self::Set(_, _, true) => 12,
            Self::Instance(_) => 13,
            Self::Class(_) => 14,
            Self::Function(_) => 15,
            Self::Method(..) => 16,
            Self::Builtin(_) | Self::BuiltinMethod(..) => 17,
            Self::Module(..) => 18,
            Self::WeakRef(..) => 19,
            Self::Finalizer(..) => 20,
            Self::Cell(_) => 21,
            Self::Range(..) => 22,
            Self::SeqIter(..) | Self::RangeIter(..) => 23,
            Self::DictView(..) => 24,
            Self::Frame => 25,
            Self::Code => 26,
            Self::Descriptor(..) => 27,
            Self::Ellipsis => 28,
            Self::NotImplemented => 29,
            Self::Type(_) => 14,
            Self::BuiltinFn(..) => 17,
            Self::Exception(_) => 32,
            Self::Traceback(..) => 33,
            Self::FrameObj(_) => 25,
            Self::Generator(_) => 34,
            Self::Complex(..) => 35,
            Self::Native(_) => 36,
            Self::PySet(d) if d.frozen => 12,
            Self::PySet(_) => 11,
        })
    }

    /// The type name, as `type(x).__name__` shows it (instances name their class elsewhere).
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::None => "NoneType",
            Self::Bool(_) => "bool",
            Self::Ellipsis => "ellipsis",
            Self::NotImplemented => "NotImplementedType",
            Self::Int(_) => "int",
            Self::Float(_) => "float",
            Self::Str(_) => "str",
            Self::Bytes(_) => "bytes",
            Self::ByteArray(..) => "bytearray",
            Self::Tuple(_) => "tuple",
            Self::List(..) => "list",
            Self::Dict(_) => "dict",
            Self::Set(_, _, false) => "set",
            Self::Set(_, _, true) => "frozenset",
            Self::Instance(_) => "object",
            Self::Class(_) => "type",
            Self::Function(_) => "function",
            Self::Method(..) => "method",
            Self::Builtin(_) => "builtin_function_or_method",
            Self::BuiltinMethod(..) => "builtin_function_or_method",
            Self::Module(..) => "module",
            Self::WeakRef(..) => "weakref",
            Self::Finalizer(..) => "finalize",
            Self::Object => "object",
            Self::Cell(_) => "cell",
            Self::Range(..) => "range",
            Self::SeqIter(..) => "iterator",
            Self::RangeIter(..) => "range_iterator",
            Self::DictView(_, 0) => "dict_keys",
            Self::DictView(_, 1) => "dict_values",
            Self::DictView(..) => "dict_items",
            Self::Frame => "frame",
            Self::Descriptor(_, false) => "getset_descriptor",
            Self::Descriptor(_, true) => "member_descriptor",
            Self::Code => "code",
            Self::Type(_) => "type",
            Self::BuiltinFn(..) => "builtin_function_or_method",
            Self::Exception(_) => "BaseException",
            Self::Traceback(..) => "traceback",
            Self::FrameObj(_) => "frame",
            Self::Generator(_) => "generator",
            Self::Complex(..) => "complex",
            Self::Native(_) => "object",
            Self::PySet(d) if d.frozen => "frozenset",
            Self::PySet(_) => "set",
        }
    }

    /// `PyObject_IS_GC`: the type has `Py_TPFLAGS_HAVE_GC` (a 16-byte GC head precedes the object).
    pub fn is_gc_type(&self) -> bool {
        matches!(
            self,
            Self::Tuple(_)
                | Self::List(..)
                | Self::Dict(_)
                | Self::Set(..)
                | Self::Instance(_)
                | Self::Class(_)
                | Self::Function(_)
                | Self::Method(..)
                | Self::BuiltinMethod(..)
                | Self::Module(..)
                | Self::WeakRef(..)
                | Self::Finalizer(..)
                | Self::Cell(_)
                | Self::SeqIter(..)
                | Self::DictView(..)
                | Self::Frame
                | Self::Descriptor(..)
                | Self::Exception(_)
                | Self::Traceback(..)
                | Self::FrameObj(_)
                | Self::Generator(_)
                | Self::PySet(_)
        ) || matches!(self, Self::Native(n) if n.gc)
            || matches!(self, Self::BuiltinFn(_, Some(_)))
    }

    /// References an object owns that its `tp_traverse` does not visit (a class's
    /// `tp_subclasses` and `ht_slots`): its deallocation releases them after the others.
    pub fn untraversed_refs(&self) -> impl Iterator<Item = ObjId> {
        let refs = match self {
            Self::Class(c) => [c.subclasses, c.slots_tuple],
            _ => [None, None],
        };
        refs.into_iter().flatten()
    }

    /// Calls `visit` for every reference in `tp_traverse` order.
    pub fn for_each_ref(&self, mut visit: impl FnMut(ObjId)) {
        match self {
            Self::Tuple(items) | Self::List(items, ..) | Self::Set(items, ..) => {
                items.iter().copied().for_each(visit)
            }
            Self::Dict(d) if d.borrowed && d.traverses_shared => {
                d.iter().for_each(|(_, v)| visit(v));
            }
            Self::Dict(d) if d.borrowed => {}
            // dict_traverse: tables whose keys are all str visit only the values.
            Self::Dict(d) if d.unicode || d.values_block.is_some() => {
                d.iter().for_each(|(_, v)| visit(v));
                if let Some(f) = d.default_factory {
                    visit(f);
                }
            }
            Self::Dict(d) => {
                for (k, v) in d.iter() {
                    visit(v);
                    visit(k);
                }
                if let Some(f) = d.default_factory {
                    visit(f);
                }
            }
            Self::Instance(inst) => {
                // subtype_traverse: the slots, then the dict or values, then the (heap) type.
                inst.slots.iter().flatten().copied().for_each(&mut visit);
                match &inst.dict {
                    InstanceDict::Dict(d) => visit(*d),
                    InstanceDict::Values(_) if inst.values_via_dict => {}
                    InstanceDict::Values(vals) => vals.iter().for_each(|(_, v)| visit(*v)),
                    InstanceDict::None => {}
                }
                // 3.13+: a `__dict__` sharing the inline values (it holds none of them).
                if let Some(v) = inst.dict_view {
                    visit(v);
                }
                visit(inst.class);
            }
            // type_traverse: the dict, bases, MRO and metaclass; not `tp_subclasses` (weak
            // references) nor `ht_slots` (strings), which "can't be involved in cycles": the
            // collector never counts them as garbage; type_dealloc releases them
            // ([`Kind::untraversed_refs`]).
            Self::Class(c) => {
                visit(c.dict);
                c.bases.iter().copied().for_each(&mut visit);
                for t in [c.bases_tuple, c.mro, c.metaclass].into_iter().flatten() {
                    visit(t);
                }
            }
            Self::Descriptor(owner, _) => visit(*owner),
            Self::Function(f) => {
                visit(f.globals);
                for x in [
                    f.defaults,
                    f.kwdefaults,
                    f.doc,
                    f.module,
                    f.dict,
                    f.closure,
                    f.annotations,
                    f.annotate,
                ]
                .into_iter()
                .flatten()
                {
                    visit(x);
                }
            }
            Self::Method(func, this) => {
                visit(*func);
                visit(*this);
            }
            Self::BuiltinMethod(_, this) => visit(*this),
            Self::Module(_, dict) => visit(*dict),
            Self::WeakRef(_, Some(cb), ..) => visit(*cb),
            Self::Finalizer(func, args, _) => {
                visit(*func);
                visit(*args);
            }
            Self::Cell(Some(x)) | Self::SeqIter(Some(x), ..) | Self::DictView(x, _) => visit(*x),
            Self::BuiltinFn(_, Some(this)) => visit(*this),
            Self::Exception(e) => {
                // BaseException_traverse, then the subclass's own fields, then a heap type.
                if let Some(d) = e.dict {
                    visit(d);
                }
                visit(e.args);
                for x in [e.traceback, e.cause, e.context].into_iter().flatten() {
                    visit(x);
                }
                for x in e.extra.into_iter().flatten() {
                    visit(x);
                }
                if e.heap_class {
                    visit(e.class);
                }
            }
            Self::Traceback(next, frame, ..) => {
                if let Some(n) = next {
                    visit(*n);
                }
                visit(*frame);
            }
            Self::FrameObj(f) => {
                if let Some(b) = f.back {
                    visit(b);
                }
                if let Some(func) = f.func {
                    visit(func);
                }
                if let Some(d) = f.locals_dict {
                    visit(d);
                }
                f.locals.iter().flatten().copied().for_each(visit);
            }
            Self::Generator(g) => {
                if let Some(fr) = g.frame {
                    visit(fr);
                }
                if let Some(func) = g.func {
                    visit(func);
                }
                g.locals.iter().flatten().copied().for_each(&mut visit);
                g.stack.iter().flatten().copied().for_each(&mut visit);
                if let Some(e) = g.exc_state {
                    visit(e);
                }
            }
            Self::Native(n) => n.refs.iter().flatten().copied().for_each(visit),
            Self::PySet(d) => d.keys().for_each(visit),
            _ => {}
        }
    }

    /// Replaces `out`'s contents with the references, in `tp_traverse` order (the collector's
    /// passes: a list's or tuple's items are copied at once).
    #[inline(always)]
    pub fn refs_into(&self, out: &mut Vec<ObjId>) {
        out.clear();
        match self {
            Self::Tuple(items) | Self::List(items, ..) => out.extend_from_slice(items),
            // The commonest object in a collection after lists and tuples; the same order as
            // `for_each_ref`'s, without a call per reference.
            Self::Instance(inst) => {
                out.extend(inst.slots.iter().flatten().copied());
                match &inst.dict {
                    InstanceDict::Dict(d) => out.push(*d),
                    InstanceDict::Values(_) if inst.values_via_dict => {}
                    InstanceDict::Values(vals) => out.extend(vals.iter().map(|(_, v)| *v)),
                    InstanceDict::None => {}
                }
                out.extend(inst.dict_view);
                out.push(inst.class);
            }
            other => other.for_each_ref(|r| out.push(r)),
        }
    }

    /// All references, in `tp_traverse` order.
    pub fn refs(&self) -> Vec<ObjId> {
        let mut out = Vec::new();
        self.for_each_ref(|r| out.push(r));
        out
    }
}

/// Per-object flags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ObjFlags {
    /// Statically allocated (not in pymalloc): None, small ints in 3.11+, `()`...
    pub is_static: bool,
    /// PEP 683 immortal (3.12+): the refcount never changes.
    pub immortal: bool,
    /// Interned str.
    pub interned: bool,
    /// `tp_finalize` already ran (the FINALIZED bit in `_gc_prev`).
    pub finalized: bool,
    /// Currently in the unreachable set of a running collection.
    pub collecting: bool,
    /// Weak references to it exist (its list is in the heap's side table).
    pub weakly_referenced: bool,
    /// An instance of a user class laid out as a builtin type (a tuple subclass): its class
    /// is in the heap's side table (`Heap::subtype_class`).
    pub heap_subtype: bool,
}

/// One object of the simulated heap.
#[derive(Debug, Clone)]
pub struct Obj {
    /// `ob_refcnt`.
    pub refcnt: i64,
    /// The object's address: what `id()` returns.
    pub addr: u64,
    /// Start of its memory block (before the GC head and any pre-header), 0 for static objects.
    pub block: u64,
    /// Bytes requested from the allocator for the object itself (objects over 4 GB cannot be
    /// built: the front end refuses payloads over 400 MB).
    pub request: u32,
    /// The payload.
    pub kind: Kind,
    /// Flags.
    pub flags: ObjFlags,
    /// Generation list the object is in, or [`UNTRACKED`].
    pub generation: u8,
    /// Links of the generation list (`_gc_prev`/`_gc_next`), [`NO_OBJ`] when none.
    pub gc_prev: u32,
    /// Next in the generation list.
    pub gc_next: u32,
    /// Temporary `gc_refs` during a collection (a copy of the reference count, which no
    /// collected object comes near 2^31 of).
    pub gc_refs: i32,
}

impl Obj {
    /// True while the object is in a GC list.
    pub fn is_tracked(&self) -> bool {
        self.generation != UNTRACKED
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An instance's payload is a separate allocation per instance, so its size is a budget:
    /// a million instances take a million of these (112 bytes fill a 128-byte chunk of the
    /// system allocator; the payload was 192 bytes, a 208-byte chunk).
    #[test]
    fn an_instance_payload_fits_in_112_bytes() {
        assert!(
            std::mem::size_of::<InstanceData>() <= 112,
            "{} bytes",
            std::mem::size_of::<InstanceData>()
        );
    }

    /// The collector's copy of an object's references is `tp_traverse`'s list, in its order.
    #[test]
    fn refs_into_lists_what_for_each_ref_visits() {
        let values: AttrValues = [(Rc::from("a"), ObjId(7)), (Rc::from("b"), ObjId(9))]
            .into_iter()
            .collect();
        let kinds = [
            Kind::Instance(Box::new(InstanceData {
                class: ObjId(3),
                dict: InstanceDict::Values(values),
                slots: Box::new([Some(ObjId(5)), None, Some(ObjId(6))]),
                values_block: None,
                dict_view: None,
                values_via_dict: false,
            })),
            Kind::Instance(Box::new(InstanceData {
                class: ObjId(3),
                dict: InstanceDict::Dict(ObjId(11)),
                slots: Box::new([]),
                values_block: None,
                dict_view: None,
                values_via_dict: false,
            })),
            Kind::List(vec![ObjId(1), ObjId(2)], 4, None),
            Kind::Tuple(vec![ObjId(2), ObjId(1)]),
        ];
        let mut out = vec![ObjId(99)];
        for kind in &kinds {
            kind.refs_into(&mut out);
            assert_eq!(out, kind.refs());
        }
        kinds[0].refs_into(&mut out);
        assert_eq!(
            out,
            [ObjId(5), ObjId(6), ObjId(7), ObjId(9), ObjId(3)],
            "slots, then values, then the class"
        );
    }
}
