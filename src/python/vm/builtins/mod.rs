//! The builtin types: one index ([`T`]) per type the interpreter implements in Rust, with its
//! name, module, base and whether Python code may subclass it; the type objects themselves are
//! static objects made when the interpreter starts. Each type's methods live in a file of its
//! own (`int.rs`, `str.rs`, `list.rs`...); the builtin functions in [`functions`].

pub(crate) mod bytes;
pub(crate) mod dict;
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
    ReferenceError = ("ReferenceError", Exception, None, true),
    RuntimeError = ("RuntimeError", Exception, None, true),
    NotImplementedError = ("NotImplementedError", RuntimeError, None, true),
    RecursionError = ("RecursionError", RuntimeError, None, true),
    SyntaxError = ("SyntaxError", Exception, None, true),
    SystemError = ("SystemError", Exception, None, true),
    TypeError = ("TypeError", Exception, None, true),
    ValueError = ("ValueError", Exception, None, true),
    UnicodeError = ("UnicodeError", ValueError, None, true),
    Warning = ("Warning", Exception, None, true),
    UserWarning = ("UserWarning", Warning, None, true),
    DeprecationWarning = ("DeprecationWarning", Warning, None, true),
    RuntimeWarning = ("RuntimeWarning", Warning, None, true),
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

    /// Whether it derives from `BaseException`.
    pub(crate) fn is_exception(self) -> bool {
        self.mro().contains(&T::BaseException)
    }
}
