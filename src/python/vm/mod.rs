//! The virtual machine: runs compiled code ([`super::compiler`]) on the engine's heap with
//! CPython's execution model — frames on a value stack, an exception table, cells, generators
//! that keep their frame while suspended, tracebacks that keep frames alive — so that the
//! reference traffic, and with it every count a program can print, is CPython's.
//!
//! - [`eval`]: the instruction loop; [`frame`]: frames and their stacks;
//! - [`call`]: calling (argument binding, CPython's errors for bad calls);
//! - [`exception`]: raising, chaining, tracebacks; [`generator`]: generators;
//! - [`class`]: classes (`__build_class__`, the MRO, `super`); [`attr`]: attribute access and
//!   descriptors; [`ops`]: operators; [`iter`]: iteration; [`hash`]: hashing;
//! - [`builtins`]: builtin types and functions; [`stdlib`]: modules (`gc`, `sys`, `weakref`...).

pub(crate) mod api;
pub(crate) mod attr;
pub(crate) mod builtins;
pub(crate) mod call;
pub(crate) mod class;
pub(crate) mod eval;
pub(crate) mod exception;
pub(crate) mod format;
pub(crate) mod frame;
pub(crate) mod generator;
pub(crate) mod hash;
pub(crate) mod iter;
pub(crate) mod ops;
pub(crate) mod run;
pub(crate) mod runtime;
pub(crate) mod stdlib;
pub(crate) mod subscript;

use std::collections::HashMap;
use std::rc::Rc;

use crate::engine::fxhash::FxHashMap;
use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{IntVal, Kind};

use self::builtins::T;
use self::exception::Raised;
use self::frame::{Frame, Ref};
use super::compiler::code::{Code, Const, ConstOrigin};
use super::compiler::{const_key, ConstKey};
use super::source::Source;

/// The builtin type objects, by [`T`].
pub(crate) struct TypeTable {
    objs: Vec<ObjId>,
}

impl TypeTable {
    /// The type object of a builtin type.
    #[inline]
    pub(crate) fn get(&self, t: T) -> ObjId {
        self.objs[t as usize]
    }
}

/// Why a run stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// The source did not parse, or CPython's compiler rejects it.
    Syntax(String),
    /// A construct outside the supported subset.
    Unsupported(String),
    /// An uncaught Python exception (already printed as a traceback).
    Exception(String),
    /// The step or heap limit was hit.
    Limit(String),
    /// `sys.exit()` / `SystemExit` with this status.
    Exit(i32),
}

/// Reads more standard input (a line), `None` at its end.
pub type StdinSource = Box<dyn FnMut() -> Option<String>>;

/// Receives output as it is written: (to stderr, text).
pub type Echo = Box<dyn FnMut(bool, &str)>;

/// Output a run may write: what a program prints is kept (for the app's log, the lesson's
/// checks and the comparison with CPython), so a program printing in an endless loop stops
/// here instead of filling the memory.
pub const MAX_OUTPUT_BYTES: usize = 32 << 20;

/// Everything the interpreter has besides the heap.
pub struct Vm {
    /// The file name tracebacks print.
    pub(crate) path: String,
    /// Every code object compiled so far, by index (functions name theirs by index).
    pub(crate) codes: Vec<Rc<Code>>,
    /// Each code object's constants as objects (owned).
    pub(crate) code_consts: Vec<Vec<ObjId>>,
    /// The parser arena's references to the constants of the source loaded last (CPython
    /// keeps the arena of `__main__`, `exec` and `eval` source until it finished running).
    pub(crate) arena: Vec<ObjId>,
    /// Each code object's names as interned strings (owned).
    pub(crate) code_names: Vec<Vec<ObjId>>,
    /// The sources run so far.
    pub(crate) sources: Vec<Rc<Source>>,
    /// Running frames, innermost last.
    pub(crate) frames: Vec<Frame>,
    /// The value stacks of all running frames.
    pub(crate) stack: Vec<Ref>,
    /// The locals of all running frames.
    pub(crate) locals: Vec<Ref>,
    /// The exceptions being handled: the thread's, then one per running generator.
    pub(crate) exc_info: Vec<Ref>,
    /// The builtin type objects.
    pub(crate) types: TypeTable,
    /// Builtin function objects made so far, by function index.
    pub(crate) builtin_fns: HashMap<u16, ObjId>,
    /// `__main__`'s dict.
    pub(crate) main_dict: ObjId,
    /// Imported modules by name.
    pub(crate) modules: HashMap<String, ObjId>,
    /// 3.8–3.10: each code object's cached frame object.
    pub(crate) zombie_frames: HashMap<u32, ObjId>,
    stdout: String,
    stderr: String,
    chunks: Vec<(bool, String)>,
    /// Standard input for `input()`.
    pub stdin: String,
    /// More standard input when `stdin` runs out (a terminal, read a line at a time); `None`
    /// at the end of input.
    pub stdin_source: Option<StdinSource>,
    /// Where output goes as it is written (a terminal), besides being recorded.
    pub echo: Option<Echo>,
    pub(crate) stdin_pos: usize,
    /// Steps (statements and loop iterations) run so far.
    pub(crate) steps: u64,
    /// The run stops when `steps` passes it: set to the step limit past `steps` when a chunk
    /// starts, and brought nearer by each item a builtin takes from an iterator
    /// (`sum(range(10**12))` runs no statement), so that a statement pays one comparison.
    pub(crate) step_deadline: u64,
    /// Set when a limit stopped the run where nothing could propagate it (in a `__del__` or a
    /// callback): from then on every statement stops at once, so that the interpreter
    /// unwinds instead of running the finalizers the unwinding triggers.
    pub(crate) stopped: Option<String>,
    /// The outermost loop pauses before a step when `steps` reaches it (a run in slices, see
    /// [`Vm::resume_chunk`]); `u64::MAX` otherwise, and inside every nested loop.
    pub(crate) slice_end: u64,
    /// The chunk started and not yet ended, when it runs in slices.
    pub(crate) chunk: Option<run::ChunkRun>,
    /// The line of the statement running now.
    pub(crate) line: u32,
    /// Tests: check the heap's invariants at every step.
    pub check_invariants: bool,
    /// A limit or an unsupported construct met where Python would only print "Exception
    /// ignored" (a `__del__`, a weakref callback): the run stops at the next statement.
    pub(crate) fatal: Option<exception::Exc>,
    /// The host's clock for `time.perf_counter()`; `None` makes time the step count.
    pub clock: Option<Box<dyn FnMut() -> f64>>,
    /// Per-statement snapshots, when recording (the app turns this on).
    pub snapshots: Option<Vec<super::snapshot::StepSnapshot>>,
    /// Steps of the program (not of library code) seen while recording: snapshots thin out
    /// as it grows (every step for the first 400, then every second...).
    recorded_steps: u64,
    /// Object slots that belong to the interpreter itself.
    pub interpreter_objs: std::collections::HashSet<u32>,
    /// `gc.callbacks`.
    pub(crate) gc_callbacks: ObjId,
    /// `weakref.finalize` objects alive (their weakref, the finalizer).
    pub(crate) finalizer_registry: Vec<(ObjId, ObjId)>,
    /// `weakref.finalize` objects whose `atexit` was set to False.
    pub(crate) finalizers_not_at_exit: std::collections::HashSet<u32>,
    /// `finalize._shutdown`: set once the exit finalizers ran; a finalizer called after that
    /// (its referent dying during teardown) does nothing.
    pub(crate) finalize_shutdown: bool,
    /// `atexit` callbacks: (function, args tuple, kwargs dict).
    pub(crate) atexit: Vec<(ObjId, ObjId, Option<ObjId>)>,
    /// Blocks allocated by lesson operations, by label.
    pub(crate) raw_blocks: HashMap<String, u64>,
    /// `sys.getrecursionlimit()`.
    pub(crate) recursion_limit: u32,
    /// Nested runs of the instruction loop (calls from Rust into Python).
    pub(crate) nesting: u32,
    /// The key of str and bytes hashes (from `PYTHONHASHSEED`).
    pub(crate) hash_key: (u64, u64),
    /// The module the interpreter's start-up objects hang on.
    startup: Option<ObjId>,
    /// The top-level code of the previous chunk run (its constants are released when the next
    /// one starts).
    last_module_code: Option<u32>,
    /// The simulated clock (steps) for time.time() and friends.
    pub(crate) fake_time: f64,
    /// Interned strings made by the front end, by text.
    pub(crate) names: HashMap<Rc<str>, ObjId>,
    /// The `random` module's generator (a `Random` object).
    pub(crate) random_state: Option<ObjId>,
    /// The Python minor version (3.`minor`).
    pub(crate) minor: u8,
    /// Objects whose repr is being computed (`[...]` for a list inside itself).
    pub(crate) repr_stack: Vec<ObjId>,
    /// The tuple the arguments of the C call running now arrived in (`make_tp_call`;
    /// `gc.get_referrers` does not count it).
    pub(crate) varargs: Option<ObjId>,
    /// The thread state's dict and the `Py_Repr` list in it, made by the first
    /// `Py_ReprEnter` of the process (two GC objects that live for good).
    pub(crate) py_repr: Option<(ObjId, ObjId)>,
    /// 3.8–3.9: the empty frozenset singleton `frozenset()` returns, made on first use.
    pub(crate) empty_frozenset: Option<ObjId>,
    /// The argument parsers whose keyword tuple exists (`Vm::arg_parser_init`), by function.
    pub(crate) arg_parsers: std::collections::HashSet<&'static str>,
    /// `CALL` instructions (code, offset) that have called a class: the class, the class
    /// epoch then, and whether the call qualifies for 3.13+'s `CALL_ALLOC_AND_ENTER_INIT`,
    /// which such a call becomes on its second run (see [`Vm::call_type`]).
    pub(crate) class_call_sites: crate::engine::fxhash::FxHashMap<(u32, u32), (ObjId, u64, bool)>,
    /// Set by the `CALL` instruction for the class call it makes when that call is
    /// specialized; taken by [`Vm::call_type`].
    pub(crate) call_specialized: bool,
    /// Nested reprs (a limit stands in for CPython's recursion check).
    pub(crate) repr_depth: u32,
    /// `sys.get_int_max_str_digits()` (3.11+; 0: no limit).
    pub(crate) int_max_str_digits: usize,
    /// Builtin types' method objects by name (borrowed; they are static), and the names they
    /// do not have.
    pub(crate) type_attr_cache: FxHashMap<T, FxHashMap<Rc<str>, Option<ObjId>>>,
    /// What a name is along a type's MRO (CPython's type attribute cache), by type object and
    /// name, valid while no class namespace changes (the heap's class epoch).
    pub(crate) mro_cache: FxHashMap<u32, FxHashMap<Rc<str>, Option<ObjId>>>,
    /// Per code object and instruction: the dict entry a name instruction found its name at
    /// last time (`u32::MAX`: none), checked by the key's identity before use.
    pub(crate) name_sites: Vec<Vec<u32>>,
    /// Per code object and instruction: the builtin method `LOAD_METHOD` found for a builtin
    /// object's type last time (type, class epoch, method), valid while the epoch holds.
    pub(crate) method_sites: Vec<Vec<(u32, u64, u32)>>,
    /// Code objects made for programs that asked for them (`f.__code__`), by code index.
    pub(crate) code_objects: HashMap<u32, ObjId>,
    /// Names of builtins looked up so far: their (static) objects, or `None`.
    pub(crate) builtin_cache: FxHashMap<Rc<str>, Option<ObjId>>,
    /// Weak references' hashes, remembered from their first `hash()` while the referent was
    /// alive (`weakref_hash` caches it in the object); an entry is dropped when a new weak
    /// reference takes the record.
    pub(crate) weakref_hashes: FxHashMap<u32, i64>,
    /// The class epoch `mro_cache` was filled in.
    pub(crate) mro_cache_epoch: u64,
}

impl Vm {
    /// A fresh interpreter state on `heap` (which must be new).
    pub(crate) fn new(heap: &mut Heap, path: &str) -> Self {
        let mut vm = Self {
            path: path.to_string(),
            codes: Vec::new(),
            code_consts: Vec::new(),
            arena: Vec::new(),
            code_names: Vec::new(),
            sources: Vec::new(),
            frames: Vec::new(),
            stack: Vec::new(),
            locals: Vec::new(),
            exc_info: vec![Ref::NULL],
            types: TypeTable { objs: Vec::new() },
            builtin_fns: HashMap::new(),
            main_dict: ObjId(0),
            modules: HashMap::new(),
            zombie_frames: HashMap::new(),
            stdout: String::new(),
            stderr: String::new(),
            chunks: Vec::new(),
            stdin: String::new(),
            stdin_source: None,
            echo: None,
            stdin_pos: 0,
            steps: 0,
            step_deadline: u64::MAX,
            stopped: None,
            slice_end: u64::MAX,
            chunk: None,
            line: 0,
            check_invariants: false,
            fatal: None,
            clock: None,
            snapshots: None,
            recorded_steps: 0,
            interpreter_objs: std::collections::HashSet::new(),
            gc_callbacks: ObjId(0),
            finalizer_registry: Vec::new(),
            atexit: Vec::new(),
            finalizers_not_at_exit: std::collections::HashSet::new(),
            finalize_shutdown: false,
            raw_blocks: HashMap::new(),
            recursion_limit: 1000,
            nesting: 0,
            hash_key: hash::key_from_seed(0),
            startup: None,
            last_module_code: None,
            fake_time: 0.0,
            names: HashMap::new(),
            random_state: None,
            minor: heap.config.version.minor,
            repr_stack: Vec::new(),
            varargs: None,
            py_repr: None,
            arg_parsers: std::collections::HashSet::new(),
            repr_depth: 0,
            int_max_str_digits: 4300,
            type_attr_cache: FxHashMap::default(),
            mro_cache: FxHashMap::default(),
            mro_cache_epoch: u64::MAX,
            builtin_cache: FxHashMap::default(),
            weakref_hashes: FxHashMap::default(),
            code_objects: HashMap::new(),
            name_sites: Vec::new(),
            method_sites: Vec::new(),
            class_call_sites: crate::engine::fxhash::FxHashMap::default(),
            empty_frozenset: None,
            call_specialized: false,
        };
        vm.create_types(heap);
        vm.main_dict = heap.dict(&mut vm);
        heap.watch_dict_keys(vm.main_dict);
        vm.gc_callbacks = heap.list(&mut vm, Vec::new(), 0);
        let garbage = heap.list(&mut vm, Vec::new(), 0);
        heap.gc.garbage = Some(garbage);
        vm.create_startup_population(heap);
        let main_module = vm.new_module(heap, "__main__", Some(vm.main_dict));
        vm.modules.insert("__main__".into(), main_module);
        let key = vm.intern(heap, "__name__");
        let val = heap.str("__main__");
        vm.dict_set_str_key(heap, vm.main_dict, key, val);
        let key = vm.intern(heap, "__builtins__");
        let builtins_mod = vm.import_builtin_module(heap, "builtins");
        if let Ok(m) = builtins_mod {
            vm.dict_set_str_key(heap, vm.main_dict, key, m);
        } else {
            heap.decref(&mut vm, key);
        }
        heap.fill_startup_blocks();
        vm.interpreter_objs = heap.live_objects().map(|id| id.0).collect();
        vm
    }

    /// The builtin type objects, static as CPython's.
    fn create_types(&mut self, heap: &mut Heap) {
        let mut objs = Vec::with_capacity(T::ALL.len());
        for &t in T::ALL {
            objs.push(heap.new_static_object(Kind::Type(t as u16), 400, 1000));
        }
        self.types = TypeTable { objs };
    }

    /// The interpreter's own long-lived objects (the loaded standard library): functions held by
    /// a start-up module, all in generation 2, as after the collections CPython runs at start-up.
    /// They stand for objects of every size: spread over the size classes in proportion to the
    /// start-up blocks CPython has there and pymemsim does not yet (see
    /// [`crate::engine::config::EngineConfig::startup_blocks`]; 32 bytes at least, a GC head
    /// and an object head), each its class's size.
    fn create_startup_population(&mut self, heap: &mut Heap) {
        let n = heap.config.startup_objects.saturating_sub(2) as usize;
        let globals = heap.dict(self);
        let mut funcs = Vec::with_capacity(n);
        let name: Rc<str> = Rc::from("<stdlib>");
        let room: Vec<(u32, u64)> = heap
            .startup_blocks_missing()
            .into_iter()
            .filter(|&(size, _)| size >= 32)
            .collect();
        let total: u64 = room.iter().map(|r| r.1).sum();
        let mut sizes: Vec<Option<u64>> = Vec::with_capacity(n);
        if total >= n as u64 {
            for &(size, missing) in &room {
                let share = (missing as u128 * n as u128 / u128::from(total)) as usize;
                sizes.extend(std::iter::repeat_n(Some(u64::from(size)), share));
            }
        }
        // What the shares' rounding left (or all of them without room): the function size.
        sizes.resize(n, None);
        for size in sizes {
            heap.incref(globals);
            let data = crate::engine::object::FunctionData {
                code: u32::MAX,
                name: name.clone(),
                qualname: name.clone(),
                globals,
                defaults: None,
                closure: None,
                kwdefaults: None,
                dict: None,
                doc: None,
                module: None,
                annotations: None,
                annotate: None,
            };
            let kind = Kind::Function(Box::new(data));
            funcs.push(heap.alloc_sized(self, kind, size));
        }
        let holder = heap.list(self, funcs, n);
        heap.track(globals);
        let module = heap.alloc(self, Kind::Module(Rc::from("<stdlib>"), globals));
        let _ = holder;
        heap.gcl_merge(0, 2);
        heap.gc.counts = [0; 3];
        heap.gc.long_lived_total = u64::from(heap.gc.len(2));
        heap.gc.long_lived_pending = 0;
        self.startup = Some(module);
    }

    // ----------------------------------------------------------------------------------------
    // Output

    /// How much has been written so far: (stdout bytes, stderr bytes).
    pub(crate) fn output_len(&self) -> (usize, usize) {
        (self.stdout.len(), self.stderr.len())
    }

    /// What was written since `mark`.
    pub(crate) fn output_since(&self, mark: (usize, usize)) -> (String, String) {
        (
            self.stdout.get(mark.0..).unwrap_or("").to_string(),
            self.stderr.get(mark.1..).unwrap_or("").to_string(),
        )
    }

    /// Writes program output, remembering the interleaving of the two streams. Past
    /// [`MAX_OUTPUT_BYTES`] the run stops (at the next statement) and nothing more is kept.
    pub(crate) fn emit(&mut self, heap: &mut Heap, to_stderr: bool, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.stdout.len() + self.stderr.len() + text.len() > MAX_OUTPUT_BYTES {
            if self.fatal.is_none() {
                self.fatal = Some(exception::limit(format!(
                    "{}:{}: output limit reached ({} MiB written, which pymemsim keeps in \
                     memory); the run stops",
                    self.path,
                    self.line,
                    MAX_OUTPUT_BYTES >> 20
                )));
            }
            return;
        }
        self.write_output(heap, to_stderr, text);
    }

    /// Writes output whatever the limit (pymemsim's own final messages).
    fn write_output(&mut self, heap: &mut Heap, to_stderr: bool, text: &str) {
        if to_stderr {
            self.stderr.push_str(text);
        } else {
            self.stdout.push_str(text);
        }
        heap.log.output(text, to_stderr);
        if let Some(echo) = &mut self.echo {
            echo(to_stderr, text);
        }
        match self.chunks.last_mut() {
            Some((e, t)) if *e == to_stderr => t.push_str(text),
            _ => self.chunks.push((to_stderr, text.to_string())),
        }
    }

    /// Everything written: (stdout, stderr, interleaved chunks).
    pub(crate) fn take_output(&mut self) -> (String, String, Vec<(bool, String)>) {
        (
            std::mem::take(&mut self.stdout),
            std::mem::take(&mut self.stderr),
            std::mem::take(&mut self.chunks),
        )
    }

    // ----------------------------------------------------------------------------------------
    // Code objects

    /// Registers a compiled module and every code object nested in it: their constants become
    /// objects now, as CPython's compiler makes them, one object per distinct constant of the
    /// whole compilation (`_PyCode_ConstantKey` merging). The parser arena's references to the
    /// source's literals go to [`Vm::arena`]. Returns the module code's index.
    pub(crate) fn load_code(&mut self, heap: &mut Heap, code: Rc<Code>) -> u32 {
        let mut cache = HashMap::new();
        self.load_code_in(heap, code, &mut cache)
    }

    fn load_code_in(
        &mut self,
        heap: &mut Heap,
        code: Rc<Code>,
        cache: &mut HashMap<ConstKey, ObjId>,
    ) -> u32 {
        let id = self.codes.len() as u32;
        self.codes.push(code.clone());
        self.code_consts.push(Vec::new());
        self.code_names.push(Vec::new());
        self.name_sites.push(vec![u32::MAX; code.instrs.len()]);
        self.method_sites
            .push(vec![(u32::MAX, 0, u32::MAX); code.instrs.len()]);
        let mut consts = Vec::with_capacity(code.consts.len());
        for (i, c) in code.consts.iter().enumerate() {
            let origin = code
                .const_origins
                .get(i)
                .copied()
                .unwrap_or(ConstOrigin::Compiler);
            consts.push(self.shared_const(heap, c, origin, cache));
        }
        let mut names = Vec::with_capacity(code.names.len());
        for n in &code.names {
            names.push(self.intern(heap, n));
        }
        self.code_consts[id as usize] = consts;
        self.code_names[id as usize] = names;
        id
    }

    /// The compilation's object for a constant (new reference): the first one made for an
    /// equal constant, or a new one (the arena taking its references if the parser made it).
    fn shared_const(
        &mut self,
        heap: &mut Heap,
        c: &Const,
        origin: ConstOrigin,
        cache: &mut HashMap<ConstKey, ObjId>,
    ) -> ObjId {
        if let Const::Code(inner) = c {
            let id = self.load_code_in(heap, inner.clone(), cache);
            return heap.int(i64::from(id));
        }
        let key = const_key(c);
        if let Some(&o) = cache.get(&key) {
            heap.incref(o);
            return o;
        }
        let item_origin = match origin {
            ConstOrigin::Compiler => ConstOrigin::Compiler,
            _ => ConstOrigin::Literal,
        };
        let o = match c {
            Const::Tuple(items) if !items.is_empty() => {
                let objs: Vec<ObjId> = items
                    .iter()
                    .map(|i| self.shared_const(heap, i, item_origin, cache))
                    .collect();
                self.const_tuple(heap, objs)
            }
            Const::FrozenSet(items) => {
                let objs: Vec<ObjId> = items
                    .iter()
                    .map(|i| self.shared_const(heap, i, item_origin, cache))
                    .collect();
                self.const_frozenset(heap, objs)
            }
            _ => self.const_object(heap, c),
        };
        cache.insert(key, o);
        let arena_refs = match (origin, c) {
            (ConstOrigin::Compiler, _) => 0,
            (ConstOrigin::Literal, Const::Int(_) | Const::Float(_) | Const::Complex(..)) => 1,
            (ConstOrigin::Literal, Const::Str(_)) => 1,
            // 3.12 and 3.13's parser keeps a bytes literal twice (measured).
            (ConstOrigin::Literal, Const::Bytes(_)) => 1 + u32::from(matches!(self.minor, 12 | 13)),
            (ConstOrigin::Literal, _) => 0,
            // Folded by the AST optimizer up to 3.13, by the CFG optimizer after.
            (ConstOrigin::Folded, _) => u32::from(self.minor <= 13),
        };
        for _ in 0..arena_refs {
            heap.incref(o);
            self.arena.push(o);
        }
        o
    }

    /// Drops the parser arena's references (the source finished running).
    pub(crate) fn release_arena(&mut self, heap: &mut Heap, arena: Vec<ObjId>) {
        for o in arena {
            heap.decref(self, o);
        }
    }

    /// The object for a constant (new reference); nested code objects are registered.
    fn const_object(&mut self, heap: &mut Heap, c: &Const) -> ObjId {
        match c {
            Const::None => heap.none(),
            Const::Bool(b) => heap.bool(*b),
            Const::Ellipsis => {
                let e = heap.statics.ellipsis;
                heap.incref(e);
                e
            }
            Const::Int(i) => heap.int_val(i.clone()),
            Const::Float(f) => heap.new_plain(Kind::Float(*f)),
            Const::Complex(a, b) => heap.new_plain(Kind::Complex(*a, *b)),
            Const::Str(s) => {
                // Identifier-like constants are interned, as CPython's compiler does.
                if s.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_') {
                    self.intern(heap, s)
                } else {
                    heap.str(s)
                }
            }
            Const::Bytes(b) => heap.bytes(b),
            Const::Tuple(items) => {
                let objs: Vec<ObjId> = items.iter().map(|i| self.const_object(heap, i)).collect();
                self.const_tuple(heap, objs)
            }
            Const::FrozenSet(items) => {
                let objs: Vec<ObjId> = items.iter().map(|i| self.const_object(heap, i)).collect();
                self.const_frozenset(heap, objs)
            }
            Const::Code(inner) => {
                let id = self.load_code(heap, inner.clone());
                heap.int(i64::from(id))
            }
        }
    }

    /// A constant tuple of the given items (owned).
    fn const_tuple(&mut self, heap: &mut Heap, objs: Vec<ObjId>) -> ObjId {
        if objs.is_empty() {
            let t = heap.statics.empty_tuple;
            heap.incref(t);
            return t;
        }
        let atomic = objs.iter().all(|&o| !heap.may_be_tracked(o));
        let t = heap.tuple(self, objs);
        // 3.12's compiler leaves its constant tuples of atomic values untracked
        // (measured: a dict holding one stays untracked there only).
        if atomic && self.minor == 12 {
            heap.untrack(t);
        }
        t
    }

    /// A constant frozenset of the given items (owned).
    fn const_frozenset(&mut self, heap: &mut Heap, objs: Vec<ObjId>) -> ObjId {
        let s = self.new_set(heap, true);
        for o in objs {
            if let Err(e) = self.set_add(heap, s, o) {
                self.discard(heap, e);
            }
        }
        s
    }

    /// The code index a `Const::Code` constant object stands for.
    pub(crate) fn code_index_of(heap: &Heap, obj: ObjId) -> Option<u32> {
        match heap.kind(obj) {
            Kind::Int(IntVal::Small(i)) => u32::try_from(*i).ok(),
            _ => None,
        }
    }

    /// `args` packed in a new tuple for a C function that takes them so (`None` when there
    /// are none: the empty tuple is a singleton). The caller releases it after the call.
    pub(crate) fn packed_args(&mut self, heap: &mut Heap, args: &[ObjId]) -> Option<ObjId> {
        if args.is_empty() {
            return None;
        }
        for &a in args {
            heap.incref(a);
        }
        Some(heap.tuple(self, args.to_vec()))
    }

    /// `_PyObject_MakeTpCall`, for a type without a vectorcall constructor: the positional
    /// arguments packed in a tuple and the keyword ones in a dict, for `tp_call`; both are
    /// released after it, tuple first.
    pub(crate) fn make_tp_call(
        &mut self,
        heap: &mut Heap,
        args: &[ObjId],
        kwnames: &[ObjId],
        kwvals: &[ObjId],
        call: impl FnOnce(&mut Self, &mut Heap) -> exception::R<ObjId>,
    ) -> exception::R<ObjId> {
        let packed = self.packed_args(heap, args);
        let kwdict = if kwnames.is_empty() {
            None
        } else {
            let d = heap.dict(self);
            for (&k, &v) in kwnames.iter().zip(kwvals) {
                heap.incref(k);
                heap.incref(v);
                if let Err(e) = self.dict_setitem(heap, d, k, v) {
                    heap.decref(self, d);
                    if let Some(p) = packed {
                        heap.decref(self, p);
                    }
                    return Err(e);
                }
            }
            Some(d)
        };
        // (`gc.get_referrers` does not count the tuple its own arguments came in.)
        let outer = std::mem::replace(&mut self.varargs, packed);
        let r = call(self, heap);
        self.varargs = outer;
        if let Some(p) = packed {
            heap.decref(self, p);
        }
        if let Some(d) = kwdict {
            heap.decref(self, d);
        }
        r
    }

    /// The first call of an argument parser (`_PyArg_Parser`) that parses keywords — a call
    /// with keyword arguments; on 3.11 `print` always, for its clinic `*args` — makes the
    /// parser's keyword tuple (`parser_init`), kept for good. 3.12 made the tuples of Argument
    /// Clinic's parsers static; hand-written parsers (`min`/`max` from 3.13) still make theirs.
    /// Measured against the next version: `sorted(x, reverse=True)`, `int('5', base=10)`,
    /// `s.split(maxsplit=1)`, `b.decode(encoding=...)`, `round(x, ndigits=0)`,
    /// `print(x, end=...)`, `max(x, key=f)` each +1 once; positional calls 0.
    pub(crate) fn arg_parser_init(&mut self, heap: &mut Heap, function: &str, keywords: bool) {
        /// (function, its keyword parameters, the versions whose parser makes its tuple).
        const PARSERS: &[(&str, &[&str], std::ops::RangeInclusive<u8>)] = &[
            ("print", &["sep", "end", "file", "flush"], 8..=11),
            ("list.sort", &["key", "reverse"], 8..=11),
            ("sum", &["start"], 8..=11),
            ("enumerate", &["iterable", "start"], 8..=10),
            ("round", &["number", "ndigits"], 8..=11),
            ("int", &["base"], 8..=11),
            ("str.encode", &["encoding", "errors"], 8..=11),
            ("str.split", &["sep", "maxsplit"], 8..=11),
            ("str.rsplit", &["sep", "maxsplit"], 8..=11),
            ("str.splitlines", &["keepends"], 8..=11),
            ("bytes.decode", &["encoding", "errors"], 8..=11),
            ("bytearray.decode", &["encoding", "errors"], 8..=11),
            ("min", &["key", "default"], 13..=255),
            ("max", &["key", "default"], 13..=255),
        ];
        // `sorted` has no parser of its own: it hands its keywords to the new list's `sort`.
        let function = if function == "sorted" {
            "list.sort"
        } else {
            function
        };
        let Some((name, names, versions)) = PARSERS.iter().find(|p| p.0 == function) else {
            return;
        };
        let parses = keywords || (*name == "print" && self.minor == 11);
        if parses && versions.contains(&self.minor) && self.arg_parsers.insert(name) {
            let items: Vec<ObjId> = names.iter().map(|n| self.intern(heap, n)).collect();
            let kwtuple = heap.tuple(self, items);
            self.interpreter_objs.insert(kwtuple.0);
        }
    }

    /// A builtin method bound to `this` for the length of one C call (the `__sizeof__` that
    /// `_PyObject_LookupSpecial` finds for `sys.getsizeof`, the file's `write` that print looks
    /// up for each piece): a `builtin_function_or_method`, from its free list on 3.8 and 3.14+;
    /// the caller releases it after the call.
    pub(crate) fn transient_cmethod(&mut self, heap: &mut Heap, this: ObjId) -> ObjId {
        heap.incref(this);
        heap.alloc_sized(self, Kind::BuiltinFn(0, Some(this)), Some(72))
    }

    /// A bound method object (`PyMethod_New`) of `func` on `this` (both get a reference).
    pub(crate) fn new_method(&mut self, heap: &mut Heap, func: ObjId, this: ObjId) -> ObjId {
        heap.incref(func);
        heap.incref(this);
        heap.alloc_sized(self, Kind::Method(func, this), Some(64))
    }

    /// An interned str (new reference).
    pub(crate) fn intern(&mut self, heap: &mut Heap, s: &str) -> ObjId {
        if let Some(&id) = heap.interned.get(s) {
            heap.incref(id);
            return id;
        }
        let o = heap.str(s);
        // `heap.intern` returns a new reference and leaves ours to drop.
        let id = heap.intern(o);
        heap.decref(self, o);
        id
    }

    // ----------------------------------------------------------------------------------------
    // Small object constructors

    /// A new tuple from owned items.
    pub(crate) fn new_tuple(&mut self, heap: &mut Heap, items: Vec<ObjId>) -> ObjId {
        if items.is_empty() {
            let t = heap.statics.empty_tuple;
            heap.incref(t);
            return t;
        }
        heap.tuple(self, items)
    }

    /// A new tuple built from an array of owned items (`BUILD_TUPLE`, `tuple(list)`,
    /// `*args`): untracked from 3.14 when no item's type is a GC type.
    pub(crate) fn new_tuple_from_array(&mut self, heap: &mut Heap, items: Vec<ObjId>) -> ObjId {
        if items.is_empty() {
            let t = heap.statics.empty_tuple;
            heap.incref(t);
            return t;
        }
        heap.tuple_from_array(self, items)
    }

    /// A new list from owned items.
    pub(crate) fn new_list(&mut self, heap: &mut Heap, items: Vec<ObjId>) -> ObjId {
        let n = items.len();
        heap.list(self, items, n)
    }

    /// `d[key] = value` for a str key object, stealing both.
    pub(crate) fn dict_set_str_key(
        &mut self,
        heap: &mut Heap,
        dict: ObjId,
        key: ObjId,
        value: ObjId,
    ) {
        if let Err(e) = self.dict_setitem(heap, dict, key, value) {
            self.discard(heap, e);
        }
    }

    /// A new module object (its dict is made when `dict` is `None`).
    pub(crate) fn new_module(&mut self, heap: &mut Heap, name: &str, dict: Option<ObjId>) -> ObjId {
        let dict = match dict {
            Some(d) => {
                heap.incref(d);
                d
            }
            None => {
                let d = heap.dict(self);
                let key = self.intern(heap, "__name__");
                let val = heap.str(name);
                self.dict_set_str_key(heap, d, key, val);
                d
            }
        };
        heap.alloc(self, Kind::Module(Rc::from(name), dict))
    }

    /// The raised condition as a `RunError`, printing the traceback of an uncaught exception.
    pub(crate) fn report(&mut self, heap: &mut Heap, e: exception::Exc) -> RunError {
        match e.take() {
            Raised::Unsupported(msg) => {
                let (line, col) = self.error_location();
                let text = format!(
                    "{}:{}:{}: not supported in pymemsim: {}",
                    self.path, line, col, msg
                );
                self.write_output(heap, true, &format!("{text}\n"));
                RunError::Unsupported(text)
            }
            Raised::Limit(msg) => {
                self.write_output(heap, true, &format!("{msg}\n"));
                RunError::Limit(msg)
            }
            other => {
                let exc = match self.normalize(heap, exception::Exc::new(other)) {
                    Ok(o) => o,
                    Err(e) => return self.report(heap, e),
                };
                if self.exception_matches(heap, exc, T::SystemExit) {
                    let code = self.system_exit_code(heap, exc);
                    heap.decref(self, exc);
                    return RunError::Exit(code);
                }
                let text = self.format_exception(heap, exc);
                self.emit(heap, true, &text);
                let last = text.lines().last().unwrap_or("").to_string();
                heap.decref(self, exc);
                RunError::Exception(last)
            }
        }
    }

    /// Where the statement running now is (line, column), for unsupported constructs.
    fn error_location(&self) -> (u32, u32) {
        // The innermost frame of the program itself (not of a library module in Python).
        let program = self
            .frames
            .iter()
            .rev()
            .find(|f| !f.code.library)
            .or(self.frames.last());
        if let Some(f) = program {
            let span = f
                .code
                .spans
                .get(f.lasti as usize)
                .copied()
                .unwrap_or_default();
            let (line, col) = f.code.source.line_col(span.start as usize);
            return (line, col);
        }
        (self.line, 1)
    }
}
