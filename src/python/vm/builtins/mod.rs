//! The builtin types: one index ([`T`]) per type the interpreter implements in Rust, with its
//! name, module, base and whether Python code may subclass it; the type objects themselves are
//! static objects made when the interpreter starts. Each type's methods live in a file of its
//! own (`int.rs`, `str.rs`, `list.rs`...); the builtin functions in [`functions`].

pub(crate) mod bytearray;
pub(crate) mod bytes;
pub(crate) mod code;
mod cpython_names;
pub(crate) mod dict;
pub(crate) mod dunders;
pub(crate) mod exceptions;
pub(crate) mod float;
pub(crate) mod functions;
pub(crate) mod int;
pub(crate) mod list;
pub(crate) mod object;
pub(crate) mod range;
pub(crate) mod set;
pub(crate) mod str;
pub(crate) mod tuple;

macro_rules! types {
    ($( $v:ident = ($name:expr, $base:ident, $module:expr, $sub:expr) ),* $(,)?) => {
        /// A builtin type.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u16)]
        pub(crate) enum T { $($v),* }

        impl T {
            /// Every builtin type, in index order.
            pub(crate) const ALL: &'static [T] = &[$(T::$v),*];

            /// `__name__`.
            pub(crate) fn name(self) -> &'static str {
                match self { $(T::$v => $name),* }
            }

            /// Its base (`object` has itself).
            pub(crate) fn base(self) -> T {
                match self { $(T::$v => T::$base),* }
            }

            /// The module its `repr` names when not `builtins`.
            pub(crate) fn module(self) -> Option<&'static str> {
                match self { $(T::$v => $module),* }
            }

            /// Whether Python classes may derive from it.
            pub(crate) fn subclassable(self) -> bool {
                match self { $(T::$v => $sub),* }
            }
        }
    };
}

types! {
    Object = ("object", Object, None, true),
    Type = ("type", Object, None, true),
    NoneType = ("NoneType", Object, None, false),
    NotImplementedType = ("NotImplementedType", Object, None, false),
    Ellipsis = ("ellipsis", Object, None, false),
    Int = ("int", Object, None, true),
    Bool = ("bool", Int, None, false),
    Float = ("float", Object, None, true),
    Complex = ("complex", Object, None, true),
    Str = ("str", Object, None, true),
    Bytes = ("bytes", Object, None, true),
    ByteArray = ("bytearray", Object, None, true),
    List = ("list", Object, None, true),
    Tuple = ("tuple", Object, None, true),
    Dict = ("dict", Object, None, true),
    Set = ("set", Object, None, true),
    FrozenSet = ("frozenset", Object, None, true),
    Range = ("range", Object, None, false),
    Slice = ("slice", Object, None, false),
    Function = ("function", Object, None, false),
    BuiltinFunction = ("builtin_function_or_method", Object, None, false),
    Method = ("method", Object, None, false),
    MethodDescriptor = ("method_descriptor", Object, None, false),
    Module = ("module", Object, None, true),
    Cell = ("cell", Object, None, false),
    Code = ("code", Object, None, false),
    Frame = ("frame", Object, None, false),
    Generator = ("generator", Object, None, false),
    Traceback = ("traceback", Object, None, false),
    Property = ("property", Object, None, true),
    StaticMethod = ("staticmethod", Object, None, true),
    ClassMethod = ("classmethod", Object, None, true),
    Super = ("super", Object, None, true),
    GetSetDescriptor = ("getset_descriptor", Object, None, false),
    MemberDescriptor = ("member_descriptor", Object, None, false),
    WeakRef = ("ReferenceType", Object, Some("weakref"), true),
    WeakProxy = ("ProxyType", Object, Some("weakref"), false),
    WeakCallableProxy = ("CallableProxyType", Object, Some("weakref"), false),
    ListIterator = ("list_iterator", Object, None, false),
    ListReverseIterator = ("list_reverseiterator", Object, None, false),
    TupleIterator = ("tuple_iterator", Object, None, false),
    StrIterator = ("str_iterator", Object, None, false),
    StrAsciiIterator = ("str_ascii_iterator", Object, None, false),
    BytesIterator = ("bytes_iterator", Object, None, false),
    ByteArrayIterator = ("bytearray_iterator", Object, None, false),
    RangeIterator = ("range_iterator", Object, None, false),
    DictKeyIterator = ("dict_keyiterator", Object, None, false),
    DictValueIterator = ("dict_valueiterator", Object, None, false),
    DictItemIterator = ("dict_itemiterator", Object, None, false),
    DictReverseKeyIterator = ("dict_reversekeyiterator", Object, None, false),
    SetIterator = ("set_iterator", Object, None, false),
    DictKeys = ("dict_keys", Object, None, false),
    DictValues = ("dict_values", Object, None, false),
    DictItems = ("dict_items", Object, None, false),
    Enumerate = ("enumerate", Object, None, true),
    Zip = ("zip", Object, None, true),
    Map = ("map", Object, None, true),
    Filter = ("filter", Object, None, true),
    Reversed = ("reversed", Object, None, true),
    CallableIterator = ("callable_iterator", Object, None, false),
    SeqIterator = ("iterator", Object, None, false),
    // Exceptions.
    BaseException = ("BaseException", Object, None, true),
    SystemExit = ("SystemExit", BaseException, None, true),
    KeyboardInterrupt = ("KeyboardInterrupt", BaseException, None, true),
    GeneratorExit = ("GeneratorExit", BaseException, None, true),
    Exception = ("Exception", BaseException, None, true),
    StopIteration = ("StopIteration", Exception, None, true),
    StopAsyncIteration = ("StopAsyncIteration", Exception, None, true),
    ArithmeticError = ("ArithmeticError", Exception, None, true),
    FloatingPointError = ("FloatingPointError", ArithmeticError, None, true),
    OverflowError = ("OverflowError", ArithmeticError, None, true),
    ZeroDivisionError = ("ZeroDivisionError", ArithmeticError, None, true),
    AssertionError = ("AssertionError", Exception, None, true),
    AttributeError = ("AttributeError", Exception, None, true),
    BufferError = ("BufferError", Exception, None, true),
    EOFError = ("EOFError", Exception, None, true),
    ImportError = ("ImportError", Exception, None, true),
    ModuleNotFoundError = ("ModuleNotFoundError", ImportError, None, true),
    LookupError = ("LookupError", Exception, None, true),
    IndexError = ("IndexError", LookupError, None, true),
    KeyError = ("KeyError", LookupError, None, true),
    MemoryError = ("MemoryError", Exception, None, true),
    NameError = ("NameError", Exception, None, true),
    UnboundLocalError = ("UnboundLocalError", NameError, None, true),
    OSError = ("OSError", Exception, None, true),
    FileNotFoundError = ("FileNotFoundError", OSError, None, true),
    FileExistsError = ("FileExistsError", OSError, None, true),
    PermissionError = ("PermissionError", OSError, None, true),
    IsADirectoryError = ("IsADirectoryError", OSError, None, true),
    NotADirectoryError = ("NotADirectoryError", OSError, None, true),
    InterruptedError = ("InterruptedError", OSError, None, true),
    BlockingIOError = ("BlockingIOError", OSError, None, true),
    ChildProcessError = ("ChildProcessError", OSError, None, true),
    ProcessLookupError = ("ProcessLookupError", OSError, None, true),
    TimeoutError = ("TimeoutError", OSError, None, true),
    ConnectionError = ("ConnectionError", OSError, None, true),
    BrokenPipeError = ("BrokenPipeError", ConnectionError, None, true),
    ConnectionAbortedError = ("ConnectionAbortedError", ConnectionError, None, true),
    ConnectionRefusedError = ("ConnectionRefusedError", ConnectionError, None, true),
    ConnectionResetError = ("ConnectionResetError", ConnectionError, None, true),
    ReferenceError = ("ReferenceError", Exception, None, true),
    RuntimeError = ("RuntimeError", Exception, None, true),
    NotImplementedError = ("NotImplementedError", RuntimeError, None, true),
    RecursionError = ("RecursionError", RuntimeError, None, true),
    SyntaxError = ("SyntaxError", Exception, None, true),
    IndentationError = ("IndentationError", SyntaxError, None, true),
    TabError = ("TabError", IndentationError, None, true),
    SystemError = ("SystemError", Exception, None, true),
    TypeError = ("TypeError", Exception, None, true),
    ValueError = ("ValueError", Exception, None, true),
    UnicodeError = ("UnicodeError", ValueError, None, true),
    Warning = ("Warning", Exception, None, true),
    UserWarning = ("UserWarning", Warning, None, true),
    DeprecationWarning = ("DeprecationWarning", Warning, None, true),
    RuntimeWarning = ("RuntimeWarning", Warning, None, true),
    PendingDeprecationWarning = ("PendingDeprecationWarning", Warning, None, true),
    SyntaxWarning = ("SyntaxWarning", Warning, None, true),
    FutureWarning = ("FutureWarning", Warning, None, true),
    ImportWarning = ("ImportWarning", Warning, None, true),
    UnicodeWarning = ("UnicodeWarning", Warning, None, true),
    BytesWarning = ("BytesWarning", Warning, None, true),
    ResourceWarning = ("ResourceWarning", Warning, None, true),
    // Library types.
    Deque = ("deque", Object, Some("collections"), true),
    DequeIterator = ("_deque_iterator", Object, None, false),
    DefaultDict = ("defaultdict", Dict, Some("collections"), true),
    OrderedDict = ("OrderedDict", Dict, Some("collections"), true),
    Counter = ("Counter", Dict, Some("collections"), true),
    Partial = ("partial", Object, Some("functools"), true),
    LruCacheWrapper = ("_lru_cache_wrapper", Object, Some("functools"), false),
    Count = ("count", Object, Some("itertools"), false),
    Cycle = ("cycle", Object, Some("itertools"), false),
    Repeat = ("repeat", Object, Some("itertools"), false),
    Chain = ("chain", Object, Some("itertools"), false),
    ISlice = ("islice", Object, Some("itertools"), false),
    Product = ("product", Object, Some("itertools"), false),
    Permutations = ("permutations", Object, Some("itertools"), false),
    Combinations = ("combinations", Object, Some("itertools"), false),
    CombinationsWithReplacement = ("combinations_with_replacement", Object, Some("itertools"), false),
    GroupBy = ("groupby", Object, Some("itertools"), false),
    Grouper = ("_grouper", Object, Some("itertools"), false),
    Accumulate = ("accumulate", Object, Some("itertools"), false),
    ZipLongest = ("zip_longest", Object, Some("itertools"), false),
    StarMap = ("starmap", Object, Some("itertools"), false),
    TakeWhile = ("takewhile", Object, Some("itertools"), false),
    DropWhile = ("dropwhile", Object, Some("itertools"), false),
    FilterFalse = ("filterfalse", Object, Some("itertools"), false),
    Compress = ("compress", Object, Some("itertools"), false),
    Pairwise = ("pairwise", Object, Some("itertools"), false),
    Tee = ("_tee", Object, Some("itertools"), false),
    TeeData = ("_tee_dataobject", Object, Some("itertools"), false),
    Random = ("Random", Object, Some("random"), true),
    Finalize = ("finalize", Object, Some("weakref"), true),
    WeakMethod = ("WeakMethod", WeakRef, Some("weakref"), true),
    WeakValueDictionary = ("WeakValueDictionary", Object, Some("weakref"), true),
    WeakKeyDictionary = ("WeakKeyDictionary", Object, Some("weakref"), true),
    WeakSet = ("WeakSet", Object, Some("weakref"), true),
    AttrGetter = ("attrgetter", Object, Some("operator"), false),
    ItemGetter = ("itemgetter", Object, Some("operator"), false),
}

impl T {
    /// The type with this index.
    pub(crate) fn from_index(i: u16) -> T {
        T::ALL.get(i as usize).copied().unwrap_or(T::Object)
    }

    /// The chain from this type to `object` (its MRO: builtin types have single bases).
    pub(crate) fn mro(self) -> Vec<T> {
        let mut out = vec![self];
        let mut t = self;
        while t != T::Object {
            t = t.base();
            out.push(t);
        }
        out
    }

    /// `__name__` in Python 3.`minor` (the weak reference types were renamed in 3.10).
    pub(crate) fn name_in(self, minor: u8) -> &'static str {
        match (self, minor < 10) {
            (T::WeakRef, true) => "weakref",
            (T::WeakProxy, true) => "weakproxy",
            (T::WeakCallableProxy, true) => "weakcallableproxy",
            _ => self.name(),
        }
    }

    /// The module in Python 3.`minor` (`None`: `builtins`).
    pub(crate) fn module_in(self, minor: u8) -> Option<&'static str> {
        match self {
            T::WeakRef | T::WeakProxy | T::WeakCallableProxy if minor < 10 => None,
            _ => self.module(),
        }
    }

    /// The type of a dict whose `subtype` field is `sub` (0: a plain dict).
    pub(crate) fn of_dict(sub: u16) -> T {
        if sub == 0 {
            T::Dict
        } else {
            T::from_index(sub)
        }
    }

    /// Whether it derives from `BaseException`.
    pub(crate) fn is_exception(self) -> bool {
        self.is_subtype_of(T::BaseException)
    }

    /// Whether this type is `parent` or derives from it (a walk up the bases, no allocation).
    pub(crate) fn is_subtype_of(self, parent: T) -> bool {
        let mut t = self;
        loop {
            if t == parent {
                return true;
            }
            if t == T::Object {
                return false;
            }
            t = t.base();
        }
    }
}

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::Kind;

use super::exception::{type_error, R};
use super::Vm;

/// How a builtin callable binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// A function (`len`, `gc.collect`).
    Function,
    /// A method of its type: the instance comes first.
    Method,
    /// A class method (`dict.fromkeys`): the class comes first.
    ClassMethod,
    /// A static method (`str.maketrans`).
    StaticMethod,
}

/// The arguments a builtin receives (all borrowed): the object a method is called on, the
/// positional arguments, and the keyword arguments by name.
pub(crate) struct Args<'a> {
    /// `self` of a method (or the class of a class method).
    pub(crate) this: Option<ObjId>,
    /// Positional arguments.
    pub(crate) pos: &'a [ObjId],
    /// Keyword names (str objects).
    pub(crate) kwnames: &'a [ObjId],
    /// Keyword values.
    pub(crate) kwvals: &'a [ObjId],
    /// The builtin's name, for messages.
    pub(crate) name: &'static str,
}

impl Args<'_> {
    /// `self` (methods are always called with one).
    pub(crate) fn this(&self) -> ObjId {
        self.this.unwrap_or(ObjId(crate::engine::object::NO_OBJ))
    }

    /// Positional argument `i`.
    pub(crate) fn get(&self, i: usize) -> Option<ObjId> {
        self.pos.get(i).copied()
    }

    /// Keyword argument `name`.
    pub(crate) fn kw(&self, heap: &Heap, name: &str) -> Option<ObjId> {
        self.kwnames
            .iter()
            .position(|&k| matches!(heap.kind(k), Kind::Str(s) if &**s == name))
            .map(|i| self.kwvals[i])
    }

    /// Positional argument `i`, or keyword `name`.
    pub(crate) fn arg(&self, heap: &Heap, i: usize, name: &str) -> Option<ObjId> {
        self.get(i).or_else(|| self.kw(heap, name))
    }

    /// Checks the number of positional arguments, with CPython's messages.
    pub(crate) fn count(&self, min: usize, max: usize) -> R<()> {
        let n = self.pos.len();
        if n >= min && n <= max {
            return Ok(());
        }
        let name = self.name;
        Err(type_error(if min == max && min == 1 {
            format!("{name}() takes exactly one argument ({n} given)")
        } else if max == 0 {
            format!("{name}() takes no arguments ({n} given)")
        } else if n < min {
            if min == max {
                format!(
                    "{name} expected {min} argument{}, got {n}",
                    if min == 1 { "" } else { "s" }
                )
            } else {
                format!(
                    "{name} expected at least {min} argument{}, got {n}",
                    if min == 1 { "" } else { "s" }
                )
            }
        } else if min == max {
            format!(
                "{name} expected {max} argument{}, got {n}",
                if max == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{name} expected at most {max} argument{}, got {n}",
                if max == 1 { "" } else { "s" }
            )
        }))
    }

    /// Refuses keyword arguments.
    pub(crate) fn no_kw(&self) -> R<()> {
        if self.kwnames.is_empty() {
            Ok(())
        } else {
            Err(type_error(format!(
                "{}() takes no keyword arguments",
                self.name
            )))
        }
    }

    /// Refuses keyword arguments other than `allowed`.
    pub(crate) fn only_kw(&self, heap: &Heap, allowed: &[&str]) -> R<()> {
        for &k in self.kwnames {
            if let Kind::Str(s) = heap.kind(k) {
                if !allowed.contains(&&**s) {
                    return Err(type_error(format!(
                        "'{s}' is an invalid keyword argument for {}()",
                        self.name
                    )));
                }
            }
        }
        Ok(())
    }
}

/// A builtin's implementation: returns a new reference.
pub(crate) type Impl = fn(&mut Vm, &mut Heap, &Args) -> R<ObjId>;

/// A builtin callable: a function of `builtins` or of a module, or a method of a type.
pub(crate) struct Def {
    /// The type it is a method of.
    pub(crate) owner: Option<T>,
    /// The module it is a function of (`None`: `builtins`).
    pub(crate) module: Option<&'static str>,
    /// Its name.
    pub(crate) name: &'static str,
    /// How it binds.
    pub(crate) flavor: Flavor,
    /// What it does.
    pub(crate) imp: Impl,
}

/// A method of type `t`.
pub(crate) const fn method(t: T, name: &'static str, imp: Impl) -> Def {
    Def {
        owner: Some(t),
        module: None,
        name,
        flavor: Flavor::Method,
        imp,
    }
}

/// A class method of type `t`.
pub(crate) const fn classmethod(t: T, name: &'static str, imp: Impl) -> Def {
    Def {
        owner: Some(t),
        module: None,
        name,
        flavor: Flavor::ClassMethod,
        imp,
    }
}

/// A static method of type `t`.
pub(crate) const fn staticmethod(t: T, name: &'static str, imp: Impl) -> Def {
    Def {
        owner: Some(t),
        module: None,
        name,
        flavor: Flavor::StaticMethod,
        imp,
    }
}

/// A function of module `m` (`None`: `builtins`).
pub(crate) const fn function(m: Option<&'static str>, name: &'static str, imp: Impl) -> Def {
    Def {
        owner: None,
        module: m,
        name,
        flavor: Flavor::Function,
        imp,
    }
}

/// Builtins CPython implements with `METH_VARARGS` (possibly `| METH_KEYWORDS`) in this version:
/// their positional arguments arrive packed in a tuple, and keyword arguments in a dict.
/// Argument Clinic converted some later (`METH_FASTCALL`, no tuple).
fn packs_varargs(d: &Def, minor: u8) -> bool {
    match (d.owner, d.module, d.name) {
        (None, Some("sys"), "getsizeof") => true,
        (None, Some("gc"), "set_threshold" | "get_referrers" | "get_referents") => true,
        (None, None, "min" | "max") => minor < 13,
        // `tp_new_wrapper` (`object.__new__(cls)`, `int.__new__(cls, x)`...) until 3.14.
        (Some(_), None, "__new__") => minor <= 14,
        // `do_string_format`, `dict_update`: always.
        (Some(T::Str), None, "format") | (Some(T::Dict), None, "update") => true,
        // `unicode_find` & co. and their bytes twins, clinic from 3.13.
        (
            Some(T::Str | T::Bytes | T::ByteArray),
            None,
            "startswith" | "endswith" | "find" | "rfind" | "index" | "rindex" | "count",
        ) => minor <= 12,
        // `set_update` & co. (`*others`), passed as an array from 3.14.
        (
            Some(T::Set | T::FrozenSet),
            None,
            "update"
            | "union"
            | "intersection"
            | "difference"
            | "intersection_update"
            | "difference_update",
        ) => minor <= 13,
        _ => false,
    }
}

/// Builtins by (owner type, module), then by name.
type RegistryIndex = HashMap<(Option<T>, Option<&'static str>), HashMap<&'static str, u16>>;

/// Every builtin callable, and an index by (owner type, module) then name.
struct Registry {
    defs: Vec<&'static Def>,
    /// Per builtin, what `call_builtin` must know before calling it (see [`call_flags`]),
    /// decided once from the names instead of on every call.
    call_flags: Vec<(u8, u8)>,
    index: RegistryIndex,
}

/// The last minor version in which a builtin packs its arguments ([`packs_varargs`]):
/// 0 for none, [`PACKS_ALWAYS`] for every one.
const PACKS_ALWAYS: u8 = u8::MAX;
/// `print`'s flag, whose argument parser runs even without keyword arguments.
const IS_PRINT: u8 = 1;

/// The [`Registry::call_flags`] of `d`: whether it is `print`, and the last minor version
/// that packs its arguments.
fn call_flags(d: &Def) -> (u8, u8) {
    let packs_until = if packs_varargs(d, 99) {
        PACKS_ALWAYS
    } else {
        (8..=20).rev().find(|&m| packs_varargs(d, m)).unwrap_or(0)
    };
    (u8::from(d.name == "print") * IS_PRINT, packs_until)
}

fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| {
        let mut defs: Vec<&'static Def> = Vec::new();
        for group in [
            functions::DEFS,
            object::DEFS,
            int::DEFS,
            float::DEFS,
            str::DEFS,
            bytes::DEFS,
            bytearray::DEFS,
            list::DEFS,
            tuple::DEFS,
            dict::DEFS,
            set::DEFS,
            range::DEFS,
            exceptions::DEFS,
            dunders::DEFS,
            super::stdlib::DEFS,
        ] {
            defs.extend(group.iter());
        }
        for group in super::stdlib::module_defs() {
            defs.extend(group.iter());
        }
        let mut index = RegistryIndex::new();
        for (i, d) in defs.iter().enumerate() {
            index
                .entry((d.owner, d.module))
                .or_default()
                .entry(d.name)
                .or_insert(i as u16);
        }
        let call_flags = defs.iter().map(|d| call_flags(d)).collect();
        Registry {
            defs,
            call_flags,
            index,
        }
    })
}

impl Vm {
    /// The index of a builtin by owner type, module and name.
    pub(crate) fn builtin_index(
        owner: Option<T>,
        module: Option<&'static str>,
        name: &str,
    ) -> Option<u16> {
        registry().index.get(&(owner, module))?.get(name).copied()
    }

    /// The static object for builtin `i` (new reference).
    pub(crate) fn builtin_object(&mut self, heap: &mut Heap, i: u16) -> ObjId {
        if let Some(&o) = self.builtin_fns.get(&i) {
            heap.incref(o);
            return o;
        }
        let o = heap.new_static_object(Kind::BuiltinFn(i, None), 56, 1000);
        self.builtin_fns.insert(i, o);
        heap.incref(o);
        o
    }

    /// The static object for builtin `i`, borrowed.
    fn builtin_object_borrowed(&mut self, heap: &mut Heap, i: u16) -> ObjId {
        let o = self.builtin_object(heap, i);
        heap.decref(self, o);
        o
    }

    /// A builtin function of `builtins` by name (new reference); panics never: unknown names
    /// give `None`'s object.
    pub(crate) fn builtin_function(&mut self, heap: &mut Heap, name: &str) -> ObjId {
        match Self::builtin_index(None, None, name) {
            Some(i) => self.builtin_object(heap, i),
            None => heap.none(),
        }
    }

    /// The object of a builtin function of `builtins`, borrowed (for identity checks).
    pub(crate) fn builtin_function_id(&mut self, heap: &mut Heap, name: &str) -> ObjId {
        let o = self.builtin_function(heap, name);
        heap.decref(self, o);
        o
    }

    /// An attribute of a builtin type: its method's static object (borrowed).
    pub(crate) fn builtin_type_attr(&mut self, heap: &mut Heap, t: T, name: &str) -> Option<ObjId> {
        if let Some(&o) = self.type_attr_cache.get(&t).and_then(|m| m.get(name)) {
            return o;
        }
        // A method this version of CPython does not have yet (or any more) is not there.
        let o = Self::builtin_index(Some(t), None, name)
            .filter(|_| cpython_has_in_this_version(t.name_in(self.minor), name, self.minor))
            .map(|i| self.builtin_object_borrowed(heap, i));
        self.type_attr_cache
            .entry(t)
            .or_default()
            .insert(std::rc::Rc::from(name), o);
        o
    }

    /// Whether builtin `i` is a method of a type (binds to an instance).
    pub(crate) fn builtin_is_method_descriptor(&self, i: u16) -> bool {
        registry()
            .defs
            .get(i as usize)
            .is_some_and(|d| d.flavor == Flavor::Method)
    }

    /// Whether builtin `i` is a class method.
    pub(crate) fn builtin_is_classmethod(&self, i: u16) -> bool {
        registry()
            .defs
            .get(i as usize)
            .is_some_and(|d| d.flavor == Flavor::ClassMethod)
    }

    /// Builtin `i`'s name.
    pub(crate) fn builtin_name(&self, i: u16) -> &'static str {
        registry().defs.get(i as usize).map_or("?", |d| d.name)
    }

    /// The type builtin `i` is a method of.
    pub(crate) fn builtin_owner(&self, i: u16) -> Option<T> {
        registry().defs.get(i as usize).and_then(|d| d.owner)
    }

    /// Calls builtin `i` (bound to `bound` when it is a bound method object).
    pub(crate) fn call_builtin(
        &mut self,
        heap: &mut Heap,
        i: u16,
        bound: Option<ObjId>,
        pos: &[ObjId],
        kwnames: &[ObjId],
        kwvals: &[ObjId],
    ) -> R<ObjId> {
        let registry = registry();
        let (Some(d), Some(&(flags, packs_until))) = (
            registry.defs.get(i as usize),
            registry.call_flags.get(i as usize),
        ) else {
            return Err(type_error("unknown builtin"));
        };
        let (this, pos) = match (d.flavor, bound) {
            (Flavor::Function | Flavor::StaticMethod, _) => (None, pos),
            (_, Some(b)) => (Some(b), pos),
            (Flavor::Method, None) => {
                // Called unbound: `list.append(l, x)`.
                let Some((&first, rest)) = pos.split_first() else {
                    let owner = d.owner.map_or("object", T::name);
                    return Err(type_error(format!(
                        "unbound method {owner}.{}() needs an argument",
                        d.name
                    )));
                };
                if let Some(owner) = d.owner {
                    if !Self::is_exactly(heap, first, owner)
                        && !self.is_instance_of(heap, first, owner)
                    {
                        let t = self.type_name(heap, first);
                        return Err(type_error(format!(
                            "descriptor '{}' for '{}' objects doesn't apply to a '{t}' object",
                            d.name,
                            owner.name()
                        )));
                    }
                }
                (Some(first), rest)
            }
            (Flavor::ClassMethod, None) => (d.owner.map(|t| self.types.get(t)), pos),
        };
        let args = Args {
            this,
            pos,
            kwnames,
            kwvals,
            name: d.name,
        };
        if !kwnames.is_empty() || flags & IS_PRINT != 0 {
            let function = match d.owner {
                Some(t) if d.module.is_none() => format!("{}.{}", t.name(), d.name),
                _ => d.name.to_string(),
            };
            self.arg_parser_init(heap, &function, !kwnames.is_empty());
        }
        // `METH_VARARGS` functions have no vectorcall: their arguments arrive packed.
        if self.minor <= packs_until {
            return self.make_tp_call(heap, pos, kwnames, kwvals, |vm, heap| {
                (d.imp)(vm, heap, &args)
            });
        }
        (d.imp)(self, heap, &args)
    }
}

/// The attribute names CPython's built-in type named `ty` has on 3.`minor` (`dir(ty)`);
/// `None` when the table does not know the type.
pub(crate) fn cpython_dir(ty: &str, minor: u8) -> Option<Vec<&'static str>> {
    let bit = minor.checked_sub(8)?;
    let names = cpython_names::NAMES;
    let start = names.partition_point(|(t, _, _)| *t < ty);
    let end = names.partition_point(|(t, _, _)| *t <= ty);
    if start == end {
        return None;
    }
    Some(
        names[start..end]
            .iter()
            .filter(|(_, _, m)| m & (1 << bit) != 0)
            .map(|(_, n, _)| *n)
            .collect(),
    )
}

/// False only when CPython's built-in type named `ty` has `name` in other versions but not in
/// 3.`minor` (names the table does not know at all are pymemsim's own).
fn cpython_has_in_this_version(ty: &str, name: &str, minor: u8) -> bool {
    let Some(bit) = minor.checked_sub(8) else {
        return true;
    };
    cpython_names::NAMES
        .binary_search_by(|(t, n, _)| (*t, *n).cmp(&(ty, name)))
        .map_or(true, |i| cpython_names::NAMES[i].2 & (1 << bit) != 0)
}

/// Whether CPython's built-in type named `ty` has an attribute `name` on 3.`minor` (recorded from
/// the real interpreters in `cpython_names`).
/// Whether the table of CPython's names has any entry for `ty`.
pub(crate) fn cpython_knows(ty: &str) -> bool {
    let i = cpython_names::NAMES.partition_point(|(t, _, _)| *t < ty);
    cpython_names::NAMES
        .get(i)
        .is_some_and(|(t, _, _)| *t == ty)
}

pub(crate) fn cpython_has(ty: &str, name: &str, minor: u8) -> bool {
    let Some(bit) = minor.checked_sub(8) else {
        return false;
    };
    cpython_names::NAMES
        .binary_search_by(|(t, n, _)| (*t, *n).cmp(&(ty, name)))
        .is_ok_and(|i| cpython_names::NAMES[i].2 & (1 << bit) != 0)
}
