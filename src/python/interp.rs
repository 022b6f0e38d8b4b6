//! The tree-walking interpreter: statements, expressions, calls, classes, and the builtins and
//! modules (`gc`, `sys`, `weakref`) that programs about memory use.

use crate::engine::fxhash::FxHashMap as HashMap;
use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer as _;
use num_traits::{Signed as _, ToPrimitive as _, Zero as _};
use rustpython_parser::ast::{self, Constant, Expr, Ranged as _, Stmt};

use super::builtins;

mod builtin_impl;
mod compile;
use super::repr::{self, FormatSpec};
use crate::engine::config::{EngineConfig, InstanceLayout, PyVersion};
use crate::engine::event::Event;
use crate::engine::heap::{HKey, Heap, Runtime, Special};
use crate::engine::ids::ObjId;
use crate::engine::object::{BuiltinId, ClassData, FunctionData, InstanceDict, IntVal, Kind};

/// Why a run stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// The source did not parse.
    Syntax(String),
    /// A construct outside the supported subset.
    Unsupported(String),
    /// An uncaught Python exception (already printed as a traceback).
    Exception(String),
    /// The step or heap limit was hit.
    Limit(String),
}

/// What a program printed and how it ended.
#[derive(Debug, Clone, Default)]
pub struct RunOutput {
    /// Everything written to stdout.
    pub stdout: String,
    /// Everything written to stderr.
    pub stderr: String,
    /// Both streams in the order the program wrote them: (is stderr, text).
    pub chunks: Vec<(bool, String)>,
    /// `None` when the program ran to the end.
    pub error: Option<RunError>,
}

/// A raised condition: a Python exception, or something that stops the run.
#[derive(Debug, Clone)]
enum Raised {
    /// A Python exception.
    Py(PyException),
    Unsupported(String),
    Limit(String),
}

/// A [`Raised`] on its way up: a 4-byte handle to it in this thread's table of raised
/// conditions. Four bytes make `R<ObjId>` eight, one register: a wider result came back
/// through the stack from every compiled closure, and a wrapper passing it on copied it in a
/// 16-byte load that cannot be forwarded from the two stores that wrote it. Not `Send`: the
/// handle means something only on the thread whose table holds the condition.
#[derive(Debug)]
struct Exc(std::num::NonZeroU32, std::marker::PhantomData<*const ()>);

thread_local! {
    /// Raised conditions by handle (index + 1), and the free indices.
    static RAISED: std::cell::RefCell<(Vec<Option<Raised>>, Vec<u32>)> =
        const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

impl Exc {
    #[cold]
    #[inline(never)]
    fn new(raised: Raised) -> Self {
        RAISED.with_borrow_mut(|(table, free)| {
            let i = match free.pop() {
                Some(i) => {
                    table[i as usize] = Some(raised);
                    i
                }
                None => {
                    table.push(Some(raised));
                    (table.len() - 1) as u32
                }
            };
            Self(
                std::num::NonZeroU32::MIN.saturating_add(i),
                std::marker::PhantomData,
            )
        })
    }

    fn py(p: PyException) -> Self {
        Self::new(Raised::Py(p))
    }

    fn unsupported(m: String) -> Self {
        Self::new(Raised::Unsupported(m))
    }

    fn limit(m: String) -> Self {
        Self::new(Raised::Limit(m))
    }

    fn index(&self) -> usize {
        self.0.get() as usize - 1
    }

    /// The condition, out of the table.
    fn take(self) -> Raised {
        let i = self.index();
        std::mem::forget(self);
        RAISED
            .with_borrow_mut(|(table, free)| {
                free.push(i as u32);
                table[i].take()
            })
            .unwrap_or_else(|| Raised::Limit("internal error: a lost exception".into()))
    }

    /// The Python exception, if that is what this is, for `f` to change.
    fn with_py_mut<T>(&mut self, f: impl FnOnce(&mut PyException) -> T) -> Option<T> {
        let i = self.index();
        RAISED.with_borrow_mut(|(table, _)| match table.get_mut(i) {
            Some(Some(Raised::Py(p))) => Some(f(p)),
            _ => None,
        })
    }

    /// Whether this is a Python exception (not a limit or an unsupported construct).
    fn is_py(&self) -> bool {
        let i = self.index();
        RAISED.with_borrow(|(table, _)| matches!(table.get(i), Some(Some(Raised::Py(_)))))
    }
}

impl Clone for Exc {
    fn clone(&self) -> Self {
        let i = self.index();
        let raised = RAISED.with_borrow(|(table, _)| table.get(i).cloned().flatten());
        Self::new(raised.unwrap_or_else(|| Raised::Limit("internal error".into())))
    }
}

impl Drop for Exc {
    fn drop(&mut self) {
        let i = self.index();
        // At thread exit the table may be gone already; then there is nothing to free.
        let _ = RAISED.try_with(|r| {
            if let Ok(mut r) = r.try_borrow_mut() {
                let (table, free) = &mut *r;
                if let Some(slot) = table.get_mut(i) {
                    *slot = None;
                    free.push(i as u32);
                }
            }
        });
    }
}

type R<T> = Result<T, Exc>;

/// A Python exception: type, message, the line of the statement that raised it in the current
/// frame (0 until known), where in that frame's source it was raised (the innermost failing
/// expression, for 3.11+'s carets), and the frames it left so far.
#[derive(Debug, Clone)]
struct PyException {
    ty: String,
    msg: String,
    line: u32,
    span: Option<ErrSpan>,
    trace: Vec<TraceFrame>,
}

fn py_err(ty: &str, msg: impl Into<String>) -> Exc {
    Exc::py(PyException {
        ty: ty.into(),
        msg: msg.into(),
        line: 0,
        span: None,
        trace: Vec::new(),
    })
}

/// The largest object (payload bytes, or 8 per item of a list or tuple) the simulator builds:
/// 400 MB, 50 million items. Beyond it the program gets the `MemoryError` CPython raises when an
/// allocation fails, instead of exhausting the host's memory.
const MAX_OBJECT_BYTES: u128 = 400_000_000;

/// `str * n` and `bytes * n` whose length (in characters, in bytes) would pass
/// `PY_SSIZE_T_MAX`: CPython's `OverflowError` (lists and tuples give `MemoryError` instead).
fn check_repeat_length(len: usize, n: usize, what: &str) -> R<()> {
    if len as u128 * n as u128 > i64::MAX as u128 {
        return Err(py_err("OverflowError", format!("repeated {what} too long")));
    }
    Ok(())
}

fn check_object_bytes(bytes: u128) -> R<()> {
    if bytes > MAX_OBJECT_BYTES {
        return Err(py_err("MemoryError", ""));
    }
    Ok(())
}

/// Marks an error that does not know where it was raised as raised at `e` (an assignment or
/// `del` target, a method name: where CPython's instruction for it points).
#[cold]
#[inline(never)]
fn raised_at<T>(r: R<T>, e: &Expr) -> R<T> {
    if r.is_ok() {
        return r;
    }
    raised_at_span(r, ErrSpan::of(e))
}

/// [`raised_at`] with the span already known (compiled code keeps its nodes' spans).
#[cold]
#[inline(never)]
fn raised_at_span<T>(r: R<T>, span: ErrSpan) -> R<T> {
    let mut r = r;
    if let Err(e) = &mut r {
        e.with_py_mut(|p| {
            if p.span.is_none() {
                p.span = Some(span);
            }
        });
    }
    r
}

/// A frame an exception left: line, function name, source line, and the caret line under it.
type TraceFrame = (u32, Rc<str>, String, Option<String>);

/// Where an exception was raised in a frame's source (byte offsets in its chunk), and how
/// CPython 3.11+ divides the underline: `~` for operands, `^` for the operator, subscript or
/// (3.13) call arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ErrSpan {
    start: u32,
    end: u32,
    anchor: Anchor,
    /// 3.13 shows no carets for `x = f(...)` / `return f(...)` with `f` a plain name.
    plain_call_statement: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    None,
    /// End of the left operand, start of the right one.
    BinOp(u32, u32),
    /// End of the subscripted value, end of the subscript.
    Subscript(u32, u32),
    /// End of the called expression (anchors from 3.13 on).
    Call(u32),
}

impl ErrSpan {
    fn of(e: &Expr) -> Self {
        let r = e.range();
        let anchor = match e {
            Expr::BinOp(b) => {
                Anchor::BinOp(b.left.range().end().into(), b.right.range().start().into())
            }
            Expr::Subscript(s) => {
                Anchor::Subscript(s.value.range().end().into(), s.slice.range().end().into())
            }
            Expr::Call(c) => Anchor::Call(c.func.range().end().into()),
            _ => Anchor::None,
        };
        Self {
            start: r.start().into(),
            end: r.end().into(),
            anchor,
            plain_call_statement: false,
        }
    }

    /// The caret line CPython prints under the (stripped) source line `text`, which starts at
    /// byte `line_start` of the chunk; `None` when it prints none.
    fn carets(&self, text: &str, line_start: usize, minor: u8) -> Option<String> {
        if minor < 11 || (minor >= 13 && self.plain_call_statement) {
            return None;
        }
        let start = (self.start as usize).checked_sub(line_start)?;
        if start > text.len() || !text.is_char_boundary(start) {
            return None;
        }
        let multiline = self.end as usize > line_start + text.len();
        let end = (self.end as usize - line_start).min(text.len());
        if !text.is_char_boundary(end) {
            return None;
        }
        let segment = &text[start..end];
        // Anchors are byte positions inside the segment.
        let rel = |at: u32| {
            (at as usize)
                .checked_sub(line_start + start)
                .filter(|&a| a <= segment.len())
        };
        let anchors = if multiline {
            None
        } else {
            match self.anchor {
                Anchor::BinOp(left_end, right_start) => {
                    let (l, r) = (rel(left_end)?, rel(right_start)?);
                    let op = segment.get(l..r)?;
                    let offset = op.len() - op.trim_start().len();
                    let mut left = l + offset;
                    let mut right = left + 1;
                    if op.get(offset + 1..).is_some_and(|rest| {
                        !rest.is_empty() && !rest.starts_with(char::is_whitespace)
                    }) {
                        right += 1;
                    }
                    while let Some(ch) = segment.get(left..).and_then(|t| t.chars().next()) {
                        if !(ch.is_whitespace() || ch == ')' || ch == '#') {
                            break;
                        }
                        left += ch.len_utf8();
                        right += ch.len_utf8();
                    }
                    Some((left, right.min(segment.len())))
                }
                Anchor::Subscript(value_end, slice_end) => {
                    let mut left = rel(value_end)?;
                    let mut right = rel(slice_end)? + 1;
                    let at = |i: usize, c: char| segment.get(i..).is_some_and(|t| t.starts_with(c));
                    while left < segment.len() && !at(left, '[') {
                        left += 1;
                    }
                    while right < segment.len() && !at(right, ']') {
                        right += 1;
                    }
                    if right < segment.len() {
                        right += 1;
                    }
                    Some((left, right.min(segment.len())))
                }
                Anchor::Call(func_end) if minor >= 13 => {
                    let mut left = rel(func_end)?;
                    while left < segment.len()
                        && !segment.get(left..).is_some_and(|t| t.starts_with('('))
                    {
                        left += 1;
                    }
                    Some((left, segment.len()))
                }
                _ => None,
            }
        };
        let indent = text.len() - text.trim_start().len();
        let stripped = text.trim();
        let chars = |s: &str| s.chars().count();
        let col = chars(&text[..start]).saturating_sub(chars(&text[..indent.min(start)]));
        let width = chars(segment);
        let whole = col == 0 && width >= chars(stripped);
        if anchors.is_none() && whole {
            return None;
        }
        let mut line = " ".repeat(col);
        let mut at = 0;
        for ch in segment.chars() {
            let primary = anchors.is_none_or(|(l, r)| at >= l && at < r);
            line.push(if primary { '^' } else { '~' });
            at += ch.len_utf8();
        }
        Some(line)
    }
}

/// Control flow out of a statement.
enum Flow {
    Normal,
    Break,
    Continue,
    Return(ObjId),
}

/// Entries in [`Rt::interned_name`]'s cache.
const NAME_CACHE: usize = 256;

/// Entries in [`Rt::ident_cache`].
const IDENT_CACHE: usize = 1024;

/// [`IdentSite::code`] of module-level code (no frame).
const NO_CODE: u32 = u32::MAX;

/// [`IdentSite`]'s slot of a name that is not a local of the frame.
const NO_SLOT: u32 = u32::MAX;

/// What an identifier resolves to in a frame.
#[derive(Debug, Clone, Copy)]
struct IdentSite {
    /// Address of the identifier's text in a live syntax tree (0: empty entry).
    addr: usize,
    /// The code whose frame this holds for ([`NO_CODE`]: module level).
    code: u32,
    /// Index in `name_table`, when the name is not a local for loads or stores.
    name: u32,
    /// The local slot a load reads, or [`NO_SLOT`].
    load_slot: u32,
    /// The local slot a store writes, or [`NO_SLOT`] (a `global` declaration).
    store_slot: u32,
}

impl IdentSite {
    const EMPTY: Self = Self {
        addr: 0,
        code: NO_CODE,
        name: u32::MAX,
        load_slot: NO_SLOT,
        store_slot: NO_SLOT,
    };
}

/// Entries in [`Rt::method_cache`].
const METHOD_CACHE: usize = 64;

/// Entries in [`Rt::const_sites`].
const CONST_CACHE: usize = 256;

/// Entries in [`LineTable`]'s cache of located offsets.
const LINE_CACHE: usize = 32;

/// Where each line of a chunk of source starts, and its text, for locating events and errors.
#[derive(Debug, Default)]
struct LineTable {
    starts: Vec<usize>,
    text: Vec<String>,
    /// Lines of the file before this chunk (a chapter inside a lesson file).
    offset: u32,
    /// Recently located offsets: `(offset + 1, line, column)`, direct-mapped by offset (loops
    /// locate the same few statements again and again).
    cache: [std::cell::Cell<(u32, u32, u32)>; LINE_CACHE],
}

impl LineTable {
    fn new(source: &str, offset: u32) -> Self {
        Self {
            starts: std::iter::once(0)
                .chain(source.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            text: source.lines().map(str::to_string).collect(),
            offset,
            cache: Default::default(),
        }
    }

    /// 1-based (file line, column) of a byte offset in the chunk.
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let slot = &self.cache[offset % LINE_CACHE];
        let (key, line, col) = slot.get();
        if key as usize == offset + 1 {
            return (line as usize, col as usize);
        }
        let (line, col) = self.locate(offset);
        if let (Ok(key), Ok(l), Ok(c)) = (
            u32::try_from(offset + 1),
            u32::try_from(line),
            u32::try_from(col),
        ) {
            slot.set((key, l, c));
        }
        (line, col)
    }

    fn locate(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        (line + self.offset as usize, offset - start + 1)
    }

    /// Byte offset in the chunk where a file line starts, if it belongs to this chunk.
    fn line_start(&self, file_line: u32) -> Option<usize> {
        let i = file_line.checked_sub(self.offset + 1)?;
        self.starts.get(i as usize).copied()
    }

    /// The caret line under a file line for an exception raised at `span`.
    fn carets(&self, file_line: u32, span: Option<ErrSpan>, minor: u8) -> Option<String> {
        let span = span?;
        span.carets(
            self.source_line(file_line)?,
            self.line_start(file_line)?,
            minor,
        )
    }

    /// The text of a file line, if it belongs to this chunk.
    fn source_line(&self, file_line: u32) -> Option<&str> {
        let i = file_line.checked_sub(self.offset + 1)?;
        self.text.get(i as usize).map(String::as_str)
    }
}

/// What [`Interp::inspect`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    /// The object.
    pub id: ObjId,
    /// Its reference count, not counting the inspection's own reference.
    pub refcnt: i64,
    /// Whether the GC tracks it.
    pub tracked: bool,
    /// Its `repr()`.
    pub repr: String,
}

/// A compiled function body.
struct Code {
    /// The line table of the chunk that defined it.
    lines: Rc<LineTable>,
    name: Rc<str>,
    qualname: Rc<str>,
    params: Vec<Rc<str>>,
    body: Rc<[Stmt]>,
    lambda_body: Option<Rc<Expr>>,
    /// The body compiled (a function's statements, or a lambda's expression).
    block: Option<compile::Block>,
    lambda_code: Option<Rc<compile::ExprCode>>,
    slots: HashMap<Rc<str>, usize>,
    globals_declared: Vec<String>,
    /// 3.8–3.10: the frame cached on the code object.
    zombie_frame: Option<ObjId>,
}

/// A running function's frame.
struct Frame {
    code: usize,
    locals: Vec<Option<ObjId>>,
    /// 3.8–3.10: the frame object.
    frame_obj: Option<ObjId>,
}

/// The interpreter: the heap and everything else.
pub struct Interp {
    /// The simulated heap (public so the CLI can read stats and events).
    pub heap: Heap,
    /// Everything except the heap.
    pub rt: Rt,
}

/// The interpreter state other than the heap (it implements the engine's [`Runtime`]).
pub struct Rt {
    path: String,
    /// Line table of the code running now (each chunk of source has its own).
    lines: Rc<LineTable>,
    codes: Vec<Code>,
    frames: Vec<Frame>,
    stdout: String,
    stderr: String,
    main_dict: ObjId,
    modules: HashMap<String, ObjId>,
    builtin_objs: HashMap<u16, ObjId>,
    /// Identifiers interned so far: text -> index into `name_table`.
    names: HashMap<String, u32>,
    name_table: Vec<InternedName>,
    /// The last identifiers looked up, by the address of their text in the syntax tree: a
    /// direct-mapped cache in front of `names` (each hit is checked against the text itself).
    name_cache: Box<[(usize, u32); NAME_CACHE]>,
    /// Identifiers of the syntax trees by the address of their text: what they resolve to in
    /// the frame of the code they belong to (see [`Rt::ident_site`]).
    ident_cache: Box<[IdentSite; IDENT_CACHE]>,
    /// Constant expressions (literals and what the optimizer folds) met lately, by the address of
    /// their syntax-tree node, with the constant object they evaluate to: direct-mapped. The
    /// objects are the code's constants (`int_consts`, `str_consts`, `consts`, or statics), which
    /// live until the next run; the cache is emptied with them and whenever a syntax tree that
    /// may have been cached is dropped (an inspected expression), so an address is never stale.
    /// An operation that does not fold is remembered with `NO_OBJ`.
    const_sites: Box<[(usize, ObjId); CONST_CACHE]>,
    /// Counts compilation units (and dropped syntax trees): compiled constants remember the
    /// object they evaluated to together with the unit it belongs to.
    const_unit: u64,
    /// Methods of builtin types found lately: (name's address, type, method).
    method_cache: Box<[(usize, u8, BuiltinId); METHOD_CACHE]>,
    consts: HashMap<ConstKey, ObjId>,
    /// The commonest constants, found without building a key: ints that fit in 64 bits...
    int_consts: HashMap<i64, ObjId>,
    /// ...and strings.
    str_consts: HashMap<String, ObjId>,
    callbacks: ObjId,
    steps: u64,
    line: u32,
    chunks: Vec<(bool, String)>,
    /// Tests: run `invariants::check` at every statement and loop iteration.
    pub check_invariants: bool,
    finalizer_registry: Vec<(ObjId, ObjId)>,
    /// Blocks allocated by lesson operations, by label.
    raw_blocks: HashMap<String, u64>,
    /// The host's clock for `time.perf_counter()` (seconds); `None` makes time the step count,
    /// so runs stay reproducible and the engine never reads a clock itself.
    pub clock: Option<Box<dyn FnMut() -> f64>>,
    top_level_statements: u64,
    /// Steps taken before the current run started (limits apply per run).
    run_start_steps: u64,
    /// Per-statement snapshots, when recording (the app turns this on).
    pub snapshots: Option<Vec<super::snapshot::StepSnapshot>>,
    /// Object slots that belong to the interpreter itself (start-up population, imported modules).
    pub interpreter_objs: std::collections::HashSet<u32>,
    startup: Option<ObjId>,
    /// Code objects of comprehension and class-body sites, by AST node identity.
    comp_codes: HashMap<usize, usize>,
    /// The variables of the comprehensions running now (each scope's slice, innermost last).
    comp_vars: Vec<Option<ObjId>>,
    comp_scopes: Vec<CompScope>,
    /// The class bodies running now, innermost last: their namespaces are where `LOAD_NAME`
    /// looks first ([`Rt::class_namespace`]).
    class_bodies: Vec<ClassBody>,
    /// Compiling: the variables of the comprehensions being compiled, innermost last.
    compiling_comps: Vec<Rc<[String]>>,
    /// Compiling: how the statement being compiled consumes the comprehension that is its
    /// value (see [`CompEnd`]); read by that comprehension.
    comp_value_end: CompEnd,
}

/// A running comprehension's scope: its variables are `comp_vars[base..base + names.len()]`,
/// seen by the code running in the frame it was entered from (`frames` deep), not by functions
/// it calls: CPython runs a comprehension as a function of its own (3.8–3.11) or keeps its
/// variables in hidden fast locals (3.12+, PEP 709), never in the enclosing namespace.
struct CompScope {
    base: usize,
    frames: usize,
    names: Rc<[String]>,
}

/// How a comprehension's statement consumes its value, which decides in which order CPython
/// 3.12+ restores (releases) its variables at the end: the inlined comprehension ends with
/// `SWAP n+1; STORE_FAST n_k; ...; STORE_FAST n_1`, last variable first, unless the very next
/// instruction on the same line is a store that `apply_static_swaps` may exchange with
/// `STORE_FAST n_k` (a `STORE_FAST` of another name; from 3.13 also the `POP_TOP` of an
/// expression statement): then `n_{k-1}, ..., n_1` go first and `n_k` last.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum CompEnd {
    /// Anything else (a global store, an argument, a return...).
    Other,
    /// `local = [...]` in a function, the local not one of the comprehension's variables.
    StoreFast,
    /// `[...]` as an expression statement.
    PopTop,
}

#[derive(Hash, PartialEq, Eq)]
enum ConstKey {
    Int(BigInt),
    Float(u64),
    Str(String),
    Bytes(Vec<u8>),
    Tuple(Vec<ConstKey>),
    Other(u8),
}

impl Interp {
    /// A fresh interpreter for a preset.
    pub fn new(config: EngineConfig, path: &str) -> Self {
        let mut heap = Heap::new(config);
        let mut rt = Rt {
            path: path.to_string(),
            lines: Rc::new(LineTable::default()),
            codes: Vec::new(),
            frames: Vec::new(),
            stdout: String::new(),
            stderr: String::new(),
            main_dict: ObjId(0),
            modules: HashMap::default(),
            builtin_objs: HashMap::default(),
            names: HashMap::default(),
            name_table: Vec::new(),
            name_cache: Box::new([(0, u32::MAX); NAME_CACHE]),
            ident_cache: Box::new([IdentSite::EMPTY; IDENT_CACHE]),
            const_sites: Box::new([(0, ObjId(crate::engine::object::NO_OBJ)); CONST_CACHE]),
            const_unit: 0,
            method_cache: Box::new([(0, u8::MAX, BuiltinId(u16::MAX)); METHOD_CACHE]),
            consts: HashMap::default(),
            int_consts: HashMap::default(),
            str_consts: HashMap::default(),
            callbacks: ObjId(0),
            steps: 0,
            line: 0,
            chunks: Vec::new(),
            check_invariants: false,
            finalizer_registry: Vec::new(),
            raw_blocks: HashMap::default(),
            clock: None,
            top_level_statements: 0,
            run_start_steps: 0,
            snapshots: None,
            interpreter_objs: std::collections::HashSet::new(),
            startup: None,
            comp_codes: HashMap::default(),
            comp_vars: Vec::new(),
            comp_scopes: Vec::new(),
            class_bodies: Vec::new(),
            compiling_comps: Vec::new(),
            comp_value_end: CompEnd::Other,
        };
        rt.main_dict = heap.dict(&mut rt);
        heap.watch_dict_keys(rt.main_dict);
        rt.callbacks = heap.list(&mut rt, Vec::new(), 0);
        let garbage = heap.list(&mut rt, Vec::new(), 0);
        heap.gc.garbage = Some(garbage);
        rt.create_startup_population(&mut heap);
        let name_key = rt.name_obj(&mut heap, "__name__");
        let main_name = heap.str("__main__");
        rt.dict_store(&mut heap, rt.main_dict, name_key, main_name);
        rt.interpreter_objs = heap.live_objects().map(|id| id.0).collect();
        Self { heap, rt }
    }

    /// Runs a program's source.
    ///
    /// It may be called again on the same interpreter to run more code on the same heap (a
    /// lesson's chapters, a command line): each call is a new compilation unit, so the previous
    /// unit's constants are released first, as a finished code object's are.
    pub fn run_source(&mut self, source: &str) -> Option<RunError> {
        self.run_source_at(source, 0)
    }

    /// [`Interp::run_source`] for code that starts at line `first_line + 1` of a larger file
    /// (errors then name the file's lines).
    pub fn run_source_at(&mut self, source: &str, first_line: u32) -> Option<RunError> {
        let mut old: Vec<ObjId> = self.rt.consts.drain().map(|(_, v)| v).collect();
        old.extend(self.rt.int_consts.drain().map(|(_, v)| v));
        old.extend(self.rt.str_consts.drain().map(|(_, v)| v));
        for id in old {
            self.heap.decref(&mut self.rt, id);
        }
        self.rt.forget_const_sites();
        self.rt.forget_ident_sites();
        self.rt.lines = Rc::new(LineTable::new(source, first_line));
        self.rt.run_start_steps = self.rt.steps;
        let parsed =
            rustpython_parser::parse(source, rustpython_parser::Mode::Module, &self.rt.path);
        let module = match parsed {
            Ok(ast::Mod::Module(m)) => m,
            Ok(_) => return Some(RunError::Syntax("not a module".into())),
            Err(e) => {
                let (line, col) = self.rt.line_col(u32::from(e.offset) as usize);
                let msg = format!(
                    "{}:{}:{}: syntax error: {}",
                    self.rt.path, line, col, e.error
                );
                self.rt.emit(true, &format!("{msg}\n"));
                return Some(RunError::Syntax(msg));
            }
        };
        if let Err(msg) = check_supported(&module.body, &self.rt) {
            self.rt.emit(true, &format!("{msg}\n"));
            return Some(RunError::Unsupported(msg));
        }
        let heap = &mut self.heap;
        let block = self.rt.compile_block(&module.body, None);
        let result = self.rt.run_block(heap, &block);
        match result {
            Ok(_) => None,
            Err(e) => Some(self.rt.report(heap, e)),
        }
    }

    /// Evaluates an expression on the current heap and describes the object it names: its
    /// `ob_refcnt` (without the evaluation's own temporary reference), whether it is tracked,
    /// and its `repr()`. Used by lesson expectations and the app's inspector.
    pub fn inspect(&mut self, expr: &str) -> Result<Inspection, String> {
        let parsed =
            rustpython_parser::parse(expr, rustpython_parser::Mode::Expression, "<expect>");
        let body = match parsed {
            Ok(ast::Mod::Expression(e)) => e.body,
            Ok(_) => return Err(format!("not an expression: {expr}")),
            Err(e) => return Err(format!("cannot parse {expr:?}: {}", e.error)),
        };
        self.rt.forget_ident_sites();
        let saved = std::mem::replace(&mut self.rt.lines, Rc::new(LineTable::new(expr, 0)));
        let heap = &mut self.heap;
        let r = self.rt.eval(heap, &body);
        self.rt.lines = saved;
        // The expression's syntax tree is dropped now: forget what was cached by its addresses.
        self.rt.forget_const_sites();
        self.rt.forget_ident_sites();
        match r {
            Ok(id) => {
                let o = heap.get(id);
                let refcnt = if o.flags.immortal {
                    i64::from(u32::MAX)
                } else {
                    o.refcnt - 1
                };
                let tracked = o.is_tracked();
                let repr = self.rt.repr_of(heap, id).unwrap_or_default();
                heap.decref(&mut self.rt, id);
                Ok(Inspection {
                    id,
                    refcnt,
                    tracked,
                    repr,
                })
            }
            Err(e) => match e.take() {
                Raised::Py(p) => Err(format!("{}: {}", p.ty, p.msg)),
                Raised::Unsupported(m) | Raised::Limit(m) => Err(m),
            },
        }
    }

    /// Records a snapshot of the state now (after a chunk finished), when recording.
    pub fn snapshot_now(&mut self) {
        if self.rt.snapshots.is_some() {
            let line = self.rt.line;
            self.rt.record_snapshot(&self.heap, line);
        }
    }

    /// A raw allocator operation of a lesson (`PyObject_Malloc`, `free()`...).
    pub fn raw_op(&mut self, op: &crate::scenario::Op) -> Result<(), String> {
        use crate::scenario::Op;
        let heap = &mut self.heap;
        match op {
            Op::Malloc(label, size) | Op::MemMalloc(label, size) => {
                let addr = heap.alloc.malloc(*size, &mut heap.log);
                self.rt.raw_blocks.insert(label.clone(), addr);
            }
            Op::RawMalloc(label, size) => {
                let addr = heap.alloc.raw_malloc(*size, &mut heap.log);
                self.rt.raw_blocks.insert(label.clone(), addr);
            }
            Op::Free(label) => {
                let addr = self
                    .rt
                    .raw_blocks
                    .remove(label)
                    .ok_or_else(|| format!("no block labelled {label:?}"))?;
                heap.alloc.free(addr, &mut heap.log);
            }
            Op::SystemFree(label) => {
                let addr = *self
                    .rt
                    .raw_blocks
                    .get(label)
                    .ok_or_else(|| format!("no block labelled {label:?}"))?;
                if let Some(place) = heap.alloc.place_of(addr) {
                    let pool = heap
                        .alloc
                        .pool_address(place.arena as usize, place.pool as usize);
                    let text = format!(
                        "free(): invalid pointer {addr:#x}: it is a block of the pymalloc pool at {pool:#x}, not a malloc chunk.\n\
                         A real process now has a corrupted C heap and usually aborts; pymemsim leaves the block allocated.\n\
                         Release pymalloc blocks with PyObject_Free / PyMem_Free.\n"
                    );
                    heap.log.output(&text, true);
                    self.rt.emit(true, &text);
                } else {
                    self.rt.raw_blocks.remove(label);
                    heap.alloc.free(addr, &mut heap.log);
                }
            }
        }
        Ok(())
    }

    /// Ends the run and returns the output.
    pub fn finish(self) -> RunOutput {
        RunOutput {
            stdout: self.rt.stdout,
            stderr: self.rt.stderr,
            chunks: self.rt.chunks,
            error: None,
        }
    }
}

/// Rejects constructs outside the subset before running, with `file:line:col`.
fn check_supported(body: &[Stmt], rt: &Rt) -> Result<(), String> {
    for s in body {
        let what = match s {
            Stmt::AsyncFunctionDef(_) => Some("async def"),
            Stmt::AsyncFor(_) => Some("async for"),
            Stmt::AsyncWith(_) | Stmt::With(_) => Some("with statement"),
            Stmt::Try(_) | Stmt::TryStar(_) => Some("try statement"),
            Stmt::Raise(_) => Some("raise statement"),
            Stmt::Match(_) => Some("match statement"),
            Stmt::TypeAlias(_) => Some("type alias"),
            Stmt::Nonlocal(_) => Some("nonlocal statement"),
            _ => None,
        };
        if let Some(what) = what {
            let (line, col) = rt.line_col(u32::from(s.range().start()) as usize);
            return Err(format!(
                "{}:{}:{}: not supported in pymemsim: {}",
                rt.path, line, col, what
            ));
        }
        match s {
            Stmt::FunctionDef(f) => check_supported(&f.body, rt)?,
            Stmt::ClassDef(c) => check_supported(&c.body, rt)?,
            Stmt::If(i) => {
                check_supported(&i.body, rt)?;
                check_supported(&i.orelse, rt)?;
            }
            Stmt::For(f) => {
                check_supported(&f.body, rt)?;
                check_supported(&f.orelse, rt)?;
            }
            Stmt::While(w) => {
                check_supported(&w.body, rt)?;
                check_supported(&w.orelse, rt)?;
            }
            _ => {}
        }
    }
    Ok(())
}

impl Runtime for Rt {
    fn finalize(&mut self, heap: &mut Heap, obj: ObjId) {
        let Kind::Instance(inst) = heap.kind(obj) else {
            return;
        };
        let Some(del) = heap.class_special(inst.class, Special::Del) else {
            return;
        };
        heap.incref(del);
        heap.incref(obj);
        let r = self.call(heap, del, vec![obj]);
        heap.decref(self, del);
        match r {
            Ok(v) => heap.decref(self, v),
            Err(e) => self.unraisable(heap, e, del),
        }
    }

    fn weakref_callback(&mut self, heap: &mut Heap, callback: ObjId, weakref: ObjId) {
        heap.incref(callback);
        heap.incref(weakref);
        let r = self.call(heap, callback, vec![weakref]);
        heap.decref(self, callback);
        match r {
            Ok(v) => heap.decref(self, v),
            Err(e) => self.unraisable(heap, e, callback),
        }
    }

    fn gc_callbacks(
        &mut self,
        heap: &mut Heap,
        start: bool,
        generation: u8,
        collected: u64,
        uncollectable: u64,
    ) {
        let cbs = match heap.kind(self.callbacks) {
            Kind::List(items, ..) => items.clone(),
            _ => return,
        };
        if cbs.is_empty() {
            return;
        }
        for cb in cbs {
            heap.incref(cb);
            let phase = heap.str(if start { "start" } else { "stop" });
            let info = heap.dict(self);
            for (k, v) in [
                ("generation", i64::from(generation)),
                ("collected", collected as i64),
                ("uncollectable", uncollectable as i64),
            ] {
                let key = self.name_obj(heap, k);
                let val = heap.int(v);
                self.dict_store(heap, info, key, val);
            }
            let r = self.call(heap, cb, vec![phase, info]);
            heap.decref(self, cb);
            match r {
                Ok(v) => heap.decref(self, v),
                Err(e) => self.unraisable(heap, e, cb),
            }
        }
    }
}

impl Rt {
    /// The interpreter's own long-lived objects (the loaded standard library): functions held by
    /// a start-up module, all in generation 2, as after the collections CPython runs at start-up.
    fn create_startup_population(&mut self, heap: &mut Heap) {
        let n = heap.config.startup_objects.saturating_sub(2) as usize;
        let globals = heap.dict(self);
        let mut funcs = Vec::with_capacity(n);
        let name: Rc<str> = Rc::from("<stdlib>");
        for _ in 0..n {
            heap.incref(globals);
            let data = FunctionData {
                code: u32::MAX,
                name: name.clone(),
                qualname: name.clone(),
                globals,
                defaults: None,
                closure: None,
                kwdefaults: None,
                dict: None,
            };
            funcs.push(heap.function(self, data));
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

    /// Records a per-statement snapshot (views and plots read them).
    fn record_snapshot(&mut self, heap: &Heap, line: u32) {
        let mut names = Vec::new();
        if let Kind::Dict(d) = heap.kind(self.main_dict) {
            for (k, v) in d.iter() {
                if let Kind::Str(s) = heap.kind(k) {
                    if !s.starts_with("__") {
                        names.push((s.to_string(), v));
                    }
                }
            }
        }
        let event = heap.log.len();
        let snap = super::snapshot::take(heap, event, line, names, &self.interpreter_objs);
        if let Some(list) = &mut self.snapshots {
            list.push(snap);
        }
    }

    /// How much has been written so far: (stdout bytes, stderr bytes).
    pub fn output_len(&self) -> (usize, usize) {
        (self.stdout.len(), self.stderr.len())
    }

    /// What was written since [`Rt::output_len`] returned `mark`.
    pub fn output_since(&self, mark: (usize, usize)) -> (String, String) {
        (
            self.stdout.get(mark.0..).unwrap_or("").to_string(),
            self.stderr.get(mark.1..).unwrap_or("").to_string(),
        )
    }

    /// Writes program output to stdout or stderr, remembering the interleaving.
    fn emit(&mut self, to_stderr: bool, text: &str) {
        if to_stderr {
            self.stderr.push_str(text);
        } else {
            self.stdout.push_str(text);
        }
        match self.chunks.last_mut() {
            Some((e, t)) if *e == to_stderr => t.push_str(text),
            _ => self.chunks.push((to_stderr, text.to_string())),
        }
    }

    fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(offset)
    }

    fn at(&mut self, heap: &mut Heap, range: rustpython_parser::text_size::TextRange) -> R<()> {
        let (line, col) = self.line_col(u32::from(range.start()) as usize);
        self.at_located(heap, line as u32, col as u32)
    }

    /// A statement (or loop iteration) starts at `line`:`col`: its `Line` event, the step
    /// count and limits, and a snapshot when recording them.
    fn at_located(&mut self, heap: &mut Heap, line: u32, col: u32) -> R<()> {
        self.line = line;
        heap.log.push(Event::Line { line, col });
        let line = line as usize;
        self.steps += 1;
        if self.steps - self.run_start_steps > heap.config.step_limit {
            return Err(self.step_limit_reached(heap, line));
        }
        if self.snapshots.is_some() && self.frames.is_empty() {
            // Long runs are thinned: about two hundred snapshots per tenfold more statements.
            self.top_level_statements += 1;
            let stride = (self.top_level_statements / 200).max(1);
            if self.top_level_statements.is_multiple_of(stride) {
                self.record_snapshot(heap, line as u32);
            }
        }
        if self.check_invariants || heap.limit_hit {
            return self.at_checks(heap, line);
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn step_limit_reached(&self, heap: &Heap, line: usize) -> Exc {
        Exc::limit(format!(
            "{}:{}: step limit reached ({} steps); raise it with --step-limit",
            self.path, line, heap.config.step_limit
        ))
    }

    /// The rare part of [`Rt::at`]: invariants checked (tests), or the heap limit reached.
    #[cold]
    #[inline(never)]
    fn at_checks(&mut self, heap: &mut Heap, line: usize) -> R<()> {
        if self.check_invariants {
            if let Err(v) = crate::engine::invariants::check(heap) {
                return Err(Exc::limit(format!("{}:{}: {v}", self.path, line)));
            }
        }
        if heap.limit_hit {
            return Err(self.heap_limit_reached(heap));
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn heap_limit_reached(&self, heap: &Heap) -> Exc {
        Exc::limit(format!(
            "{}:{}: heap limit reached ({} live objects); raise it with --heap-limit",
            self.path, self.line, heap.config.heap_limit_objects
        ))
    }

    fn report(&mut self, heap: &mut Heap, e: Exc) -> RunError {
        match e.take() {
            Raised::Py(p) => {
                let PyException {
                    ty,
                    msg,
                    line,
                    span,
                    trace,
                } = p;
                let line = if line == 0 { self.line } else { line };
                let carets = self.lines.carets(line, span, heap.config.version.minor);
                let text = if msg.is_empty() {
                    ty.clone()
                } else {
                    format!("{ty}: {msg}")
                };
                let mut out = String::from("Traceback (most recent call last):\n");
                let module_src = self.lines.source_line(line).unwrap_or("").to_string();
                let frames: Vec<TraceFrame> =
                    std::iter::once((line, Rc::from("<module>"), module_src, carets))
                        .chain(trace.into_iter().rev())
                        .collect();
                // Like CPython, a frame repeated more than three times in a row is summarised.
                let mut i = 0;
                while i < frames.len() {
                    let mut run = 1;
                    while i + run < frames.len() && frames[i + run] == frames[i] {
                        run += 1;
                    }
                    for (l, name, src, carets) in frames[i..i + run.min(3)].iter() {
                        out.push_str(&format!("  File \"{}\", line {l}, in {name}\n", self.path));
                        if !src.trim().is_empty() {
                            out.push_str(&format!("    {}\n", src.trim()));
                            if let Some(c) = carets {
                                out.push_str(&format!("    {c}\n"));
                            }
                        }
                    }
                    if run > 3 {
                        out.push_str(&format!(
                            "  [Previous line repeated {} more times]\n",
                            run - 3
                        ));
                    }
                    i += run;
                }
                out.push_str(&text);
                out.push('\n');
                self.emit(true, &out);
                RunError::Exception(text)
            }
            Raised::Unsupported(msg) => {
                let msg = format!(
                    "{}:{}: not supported in pymemsim: {}",
                    self.path, self.line, msg
                );
                self.emit(true, &format!("{msg}\n"));
                RunError::Unsupported(msg)
            }
            Raised::Limit(msg) => {
                self.emit(true, &format!("{msg}\n"));
                RunError::Limit(msg)
            }
        }
    }

    fn unraisable(&mut self, heap: &mut Heap, e: Exc, obj: ObjId) {
        let what = self.repr_of(heap, obj).unwrap_or_default();
        match e.take() {
            Raised::Py(p) => {
                let (ty, msg) = (&p.ty, &p.msg);
                self.emit(true, &format!("Exception ignored in: {what}\nTraceback (most recent call last):\n{ty}: {msg}\n"));
            }
            Raised::Unsupported(m) | Raised::Limit(m) => self.emit(true, &format!("{m}\n")),
        }
    }

    // ---------------------------------------------------------------------------------------
    // Small helpers

    #[inline]
    fn dec(&mut self, heap: &mut Heap, id: ObjId) {
        heap.decref(self, id);
    }

    fn dec_all(&mut self, heap: &mut Heap, ids: impl IntoIterator<Item = ObjId>) {
        for id in ids {
            heap.decref(self, id);
        }
    }

    /// The interned str object for an identifier (new reference).
    fn name_obj(&mut self, heap: &mut Heap, name: &str) -> ObjId {
        let id = self.interned_name(heap, name).key;
        heap.incref(id);
        id
    }

    /// The identifier's interned key and main-dict hint (the key stays alive in `names`).
    fn interned_name(&mut self, heap: &mut Heap, name: &str) -> &mut InternedName {
        let i = self.name_index(heap, name);
        &mut self.name_table[i as usize]
    }

    /// The index in `name_table` of an identifier, interning it the first time.
    fn name_index(&mut self, heap: &mut Heap, name: &str) -> u32 {
        let addr = name.as_ptr() as usize;
        let slot = (addr >> 3) % NAME_CACHE;
        let (cached_addr, cached) = self.name_cache[slot];
        if cached_addr == addr {
            if let Some(entry) = self.name_table.get(cached as usize) {
                if matches!(heap.kind(entry.key), Kind::Str(s) if **s == *name) {
                    return cached;
                }
            }
        }
        let i = match self.names.get(name) {
            Some(&i) => i,
            None => {
                let s = heap.str(name);
                let key = heap.intern(s);
                heap.decref(self, s);
                let i = self.name_table.len() as u32;
                self.name_table.push(InternedName {
                    key,
                    hint: u32::MAX,
                    builtin: None,
                    missing_at: u64::MAX,
                });
                self.names.insert(name.to_string(), i);
                i
            }
        };
        self.name_cache[slot] = (addr, i);
        i
    }

    /// How an identifier of a live syntax tree resolves in the running frame: found by the
    /// address of its text, without hashing or comparing it. Entries are only made for
    /// identifiers of syntax trees, and the cache is emptied before a new tree is parsed (a
    /// finished program's or inspected expression's tree may have been freed), so an address
    /// in it always names the same text.
    #[inline]
    fn ident_site(&mut self, heap: &mut Heap, ident: &ast::Identifier) -> IdentSite {
        let addr = ident.as_str().as_ptr() as usize;
        let code = self.frames.last().map_or(NO_CODE, |f| f.code as u32);
        let i = (addr >> 4) % IDENT_CACHE;
        let e = self.ident_cache[i];
        if e.addr == addr && e.code == code {
            return e;
        }
        self.resolve_ident(heap, ident.as_str(), addr, code, i)
    }

    #[inline(never)]
    fn resolve_ident(
        &mut self,
        heap: &mut Heap,
        name: &str,
        addr: usize,
        code: u32,
        i: usize,
    ) -> IdentSite {
        let (load_slot, store_slot) = match self.frames.last() {
            Some(f) => {
                let c = &self.codes[f.code];
                let slot = c.slots.get(name).map_or(NO_SLOT, |&s| s as u32);
                let global = c.globals_declared.iter().any(|g| g == name);
                (slot, if global { NO_SLOT } else { slot })
            }
            None => (NO_SLOT, NO_SLOT),
        };
        // A name only ever used as a local is not interned by using it (CPython interns at
        // compile time; the simulation creates the str when a namespace needs it).
        let name = if load_slot == NO_SLOT || store_slot == NO_SLOT {
            self.name_index(heap, name)
        } else {
            u32::MAX
        };
        let e = IdentSite {
            addr,
            code,
            name,
            load_slot,
            store_slot,
        };
        self.ident_cache[i] = e;
        e
    }

    fn forget_ident_sites(&mut self) {
        self.ident_cache.fill(IdentSite::EMPTY);
    }

    /// The text of an interned name's str object, shared with it.
    fn name_text(&self, heap: &Heap, key: ObjId) -> Rc<str> {
        match heap.kind(key) {
            Kind::Str(s) => s.clone(),
            _ => Rc::from(""),
        }
    }

    fn name_key(&mut self, heap: &mut Heap, name: &str) -> HKey {
        let key = self.interned_name(heap, name).key;
        HKey::Str(self.name_text(heap, key))
    }

    /// `d[key] = value` stealing both.
    fn dict_store(&mut self, heap: &mut Heap, dict: ObjId, key: ObjId, value: ObjId) {
        let hk = heap.hkey(key).unwrap_or(HKey::Id(key.0));
        if let Some((old, unused_key)) = heap.dict_set(dict, key, hk, value) {
            heap.decref(self, old);
            heap.decref(self, unused_key);
        }
    }

    fn dict_store_checked(
        &mut self,
        heap: &mut Heap,
        dict: ObjId,
        key: ObjId,
        value: ObjId,
    ) -> R<()> {
        let Some(hk) = heap.hkey(key) else {
            let t = repr::type_name(heap, key);
            heap.decref(self, key);
            heap.decref(self, value);
            return Err(py_err("TypeError", format!("unhashable type: '{t}'")));
        };
        if let Some((old, unused_key)) = heap.dict_set(dict, key, hk, value) {
            heap.decref(self, old);
            heap.decref(self, unused_key);
        }
        Ok(())
    }

    fn builtin_obj(&mut self, heap: &mut Heap, b: BuiltinId) -> ObjId {
        if let Some(&id) = self.builtin_objs.get(&b.0) {
            heap.incref(id);
            return id;
        }
        let id = heap.new_plain(Kind::Builtin(b));
        heap.get_mut(id).flags.is_static = true;
        heap.set_refcnt(id, 1000);
        self.builtin_objs.insert(b.0, id);
        heap.incref(id);
        id
    }

    fn truthy(&mut self, heap: &mut Heap, id: ObjId) -> R<bool> {
        Ok(match heap.kind(id) {
            Kind::None => false,
            Kind::Bool(b) => *b,
            Kind::Int(i) => !matches!(i, IntVal::Small(0)),
            Kind::Float(f) => *f != 0.0,
            Kind::Str(s) => !s.is_empty(),
            Kind::Bytes(b) => !b.is_empty(),
            Kind::ByteArray(b, _) => !b.is_empty(),
            Kind::Tuple(v) | Kind::List(v, ..) | Kind::Set(v, ..) => !v.is_empty(),
            Kind::Dict(d) => d.used > 0,
            Kind::Range(a, b, s) => range_len(*a, *b, *s) > 0,
            Kind::Instance(inst) => {
                if let Some(f) = heap.class_special(inst.class, Special::Bool) {
                    heap.incref(f);
                    heap.incref(id);
                    let r = self.call(heap, f, vec![id]);
                    heap.decref(self, f);
                    let r = r?;
                    let b = matches!(heap.kind(r), Kind::Bool(true));
                    heap.decref(self, r);
                    return Ok(b);
                }
                if let Some(f) = heap.class_special(inst.class, Special::Len) {
                    heap.incref(f);
                    heap.incref(id);
                    let r = self.call(heap, f, vec![id]);
                    heap.decref(self, f);
                    let r = r?;
                    let b = !matches!(heap.kind(r), Kind::Int(IntVal::Small(0)));
                    heap.decref(self, r);
                    return Ok(b);
                }
                true
            }
            _ => true,
        })
    }

    fn constant(&mut self, heap: &mut Heap, c: &Constant) -> ObjId {
        match c {
            Constant::None => return heap.none(),
            Constant::Bool(b) => return heap.bool(*b),
            Constant::Ellipsis => {
                let e = heap.statics.ellipsis;
                heap.incref(e);
                return e;
            }
            Constant::Int(i) => {
                if let Some(v) = i.to_i64() {
                    if (-5..=256).contains(&v) {
                        return heap.int(v);
                    }
                }
            }
            Constant::Tuple(items) if items.is_empty() => {
                let t = heap.statics.empty_tuple;
                heap.incref(t);
                return t;
            }
            _ => {}
        }
        // The code object's constants: one object per distinct value for the program's life.
        let small_int = match c {
            Constant::Int(i) => i.to_i64(),
            _ => None,
        };
        let cached = match (c, small_int) {
            (_, Some(v)) => self.int_consts.get(&v).copied(),
            (Constant::Str(s), _) => self.str_consts.get(s.as_str()).copied(),
            _ => self.consts.get(&const_key(c)).copied(),
        };
        if let Some(id) = cached {
            heap.incref(id);
            return id;
        }
        let id = match c {
            Constant::Int(i) => heap.int_val(IntVal::from_big(to_num_bigint(i))),
            Constant::Float(f) => heap.new_plain(Kind::Float(*f)),
            Constant::Str(s) => {
                let id = heap.str(s);
                if !s.is_empty() && s.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_') {
                    let interned = heap.intern(id);
                    heap.decref(self, id);
                    interned
                } else {
                    id
                }
            }
            Constant::Bytes(b) => {
                if b.is_empty() {
                    let e = heap.statics.empty_bytes;
                    heap.incref(e);
                    e
                } else {
                    heap.new_plain(Kind::Bytes(Rc::from(b.as_slice())))
                }
            }
            Constant::Tuple(items) => {
                let objs: Vec<ObjId> = items.iter().map(|c| self.constant(heap, c)).collect();
                heap.tuple(self, objs)
            }
            Constant::Complex { .. } => heap.none(),
            _ => heap.none(),
        };
        heap.incref(id);
        match (c, small_int) {
            (_, Some(v)) => self.int_consts.insert(v, id),
            (Constant::Str(s), _) => self.str_consts.insert(s.clone(), id),
            _ => self.consts.insert(const_key(c), id),
        };
        id
    }

    /// The constant object a constant expression evaluated to before, with a new reference.
    #[inline]
    fn const_site(&mut self, heap: &mut Heap, e: &Expr) -> Option<ObjId> {
        let addr = std::ptr::from_ref(e) as usize;
        let (cached_addr, id) = self.const_sites[(addr >> 3) % CONST_CACHE];
        if cached_addr != addr {
            return None;
        }
        heap.incref(id);
        Some(id)
    }

    fn remember_const_site(&mut self, e: &Expr, id: ObjId) {
        let addr = std::ptr::from_ref(e) as usize;
        self.const_sites[(addr >> 3) % CONST_CACHE] = (addr, id);
    }

    fn forget_const_sites(&mut self) {
        self.const_sites
            .fill((0, ObjId(crate::engine::object::NO_OBJ)));
        self.const_unit += 1;
    }

    // ---------------------------------------------------------------------------------------
    // Names

    /// `LOAD_NAME` (and a global load the compiled code did not find at its remembered entry):
    /// the scopes around, then the module dict and the builtins.
    fn load_name(&mut self, heap: &mut Heap, name: &str) -> R<ObjId> {
        if let Some(r) = self.load_enclosing(heap, name) {
            return r;
        }
        let i = self.name_index(heap, name);
        self.load_global(heap, i, name)
    }

    /// [`Rt::load_name`] for a name compiled code has interned already (`name_table[i]`).
    fn load_name_at(&mut self, heap: &mut Heap, i: u32, name: &str) -> R<ObjId> {
        if let Some(r) = self.load_enclosing(heap, name) {
            return r;
        }
        self.load_global(heap, i, name)
    }

    /// A name bound by a running comprehension, the class body running, or the frame's code.
    fn load_enclosing(&mut self, heap: &mut Heap, name: &str) -> Option<R<ObjId>> {
        if let Some(at) = self.comp_slot(name) {
            return Some(self.load_comp_var(heap, Some(at), name));
        }
        if let Some(v) = self.load_class_name(heap, name) {
            return Some(Ok(v));
        }
        let frame = self.frames.last()?;
        let &slot = self.codes[frame.code].slots.get(name)?;
        Some(bound_local(
            heap,
            frame.locals.get(slot).copied().flatten(),
            name,
        ))
    }

    /// The interned name `i` in the module dict (at its remembered entry, else by hash), then
    /// among the builtins (which builtin a name denotes is worked out once per name: matching
    /// it against every builtin's name took most of the 855 instructions a load of `float`
    /// cost), then the fallbacks below.
    fn load_global(&mut self, heap: &mut Heap, i: u32, name: &str) -> R<ObjId> {
        let dict = self.main_dict;
        let Some(&InternedName {
            key,
            hint,
            builtin,
            missing_at,
        }) = self.name_table.get(i as usize)
        else {
            return Err(py_err("NameError", format!("name '{name}' is not defined")));
        };
        // Most loads find the name at the entry where it was last seen, without hashing it.
        if let Some(v) = heap.dict_value_at(dict, hint, key) {
            heap.incref(v);
            return Ok(v);
        }
        // A builtin's name is looked up in the module dict only when its keys changed since.
        let keys_version = heap.watched_keys_version();
        if missing_at != keys_version {
            let hkey = HKey::Str(self.name_text(heap, key));
            if let Some(at) = heap.dict_entry_index(dict, &hkey) {
                self.name_table[i as usize].hint = at;
                if let Some((_, v)) = heap.dict_entry(dict, at) {
                    heap.incref(v);
                    return Ok(v);
                }
            }
            self.name_table[i as usize].missing_at = keys_version;
        }
        let builtin = builtin.unwrap_or_else(|| {
            let b = builtins::id(name).filter(|_| builtins::is_global_builtin(name));
            self.name_table[i as usize].builtin = Some(b);
            b
        });
        if let Some(b) = builtin {
            return Ok(self.builtin_obj(heap, b));
        }
        // Closures are not modelled: a function that runs while a comprehension does (a lambda
        // called in its element, say) finds the comprehension's variable as its cell would.
        let running_comp_var = self.comp_scopes.iter().rev().find_map(|scope| {
            let k = scope.names.iter().position(|n| n == name)?;
            Some(scope.base + k)
        });
        if let Some(at) = running_comp_var {
            return self.load_comp_var(heap, Some(at), name);
        }
        match name {
            "None" => Ok(heap.none()),
            "__name__" => Ok(heap.str("__main__")),
            _ => Err(py_err("NameError", format!("name '{name}' is not defined"))),
        }
    }

    /// The namespace of the class body whose own statements are running, if any: not inside
    /// a function it calls, nor inside a comprehension of its (whose scope skips the class's,
    /// as a function's does).
    fn class_namespace(&self) -> Option<ObjId> {
        self.class_bodies
            .last()
            .filter(|c| c.frames == self.frames.len() && c.comps == self.comp_scopes.len())
            .map(|c| c.ns)
    }

    /// `LOAD_NAME` in a class body: the class namespace first (a new reference).
    fn load_class_name(&self, heap: &mut Heap, name: &str) -> Option<ObjId> {
        let ns = self.class_namespace()?;
        let v = heap.dict_get_str(ns, name)?;
        heap.incref(v);
        Some(v)
    }

    /// Whether a comprehension runs in the current frame (its variables are then looked up by
    /// name first).
    #[inline]
    fn in_comprehension(&self) -> bool {
        self.comp_scopes
            .last()
            .is_some_and(|s| s.frames == self.frames.len())
    }

    /// `LOAD_FAST` / `LOAD_NAME` of an identifier of the syntax tree.
    #[inline]
    fn load_ident(&mut self, heap: &mut Heap, ident: &ast::Identifier) -> R<ObjId> {
        if !self.class_bodies.is_empty() {
            if let Some(v) = self.load_class_name(heap, ident.as_str()) {
                return Ok(v);
            }
        }
        if self.in_comprehension() {
            return self.load_name(heap, ident.as_str());
        }
        let site = self.ident_site(heap, ident);
        if site.load_slot != NO_SLOT {
            let v = self
                .frames
                .last()
                .and_then(|f| f.locals.get(site.load_slot as usize).copied().flatten());
            return match v {
                Some(v) => {
                    heap.incref(v);
                    Ok(v)
                }
                None => self.load_name(heap, ident.as_str()),
            };
        }
        let entry = &self.name_table[site.name as usize];
        if let Some(v) = heap.dict_value_at(self.main_dict, entry.hint, entry.key) {
            heap.incref(v);
            return Ok(v);
        }
        self.load_name(heap, ident.as_str())
    }

    /// `STORE_FAST` / `STORE_NAME` of an identifier of the syntax tree (steals `value`).
    #[inline]
    fn store_ident(&mut self, heap: &mut Heap, ident: &ast::Identifier, value: ObjId) {
        if self.in_comprehension() && self.comp_slot(ident.as_str()).is_some() {
            self.store_name(heap, ident.as_str(), value);
            return;
        }
        let site = self.ident_site(heap, ident);
        if site.store_slot != NO_SLOT {
            if let Some(frame) = self.frames.last_mut() {
                if let Some(local) = frame.locals.get_mut(site.store_slot as usize) {
                    if let Some(old) = local.replace(value) {
                        heap.decref(self, old);
                    }
                    return;
                }
            }
        }
        if site.name == u32::MAX {
            self.store_name(heap, ident.as_str(), value);
            return;
        }
        self.store_global(heap, site.name, value);
    }

    fn store_name(&mut self, heap: &mut Heap, name: &str, value: ObjId) {
        if let Some(at) = self.comp_slot(name) {
            self.store_comp_var(heap, at, value);
            return;
        }
        if let Some(frame) = self.frames.last() {
            let code = &self.codes[frame.code];
            if !code.globals_declared.iter().any(|g| g == name) {
                if let Some(&slot) = code.slots.get(name) {
                    let frame = self.frames.last_mut().expect("frame exists");
                    let old = frame.locals[slot].replace(value);
                    if let Some(old) = old {
                        heap.decref(self, old);
                    }
                    return;
                }
            }
        }
        let i = self.name_index(heap, name);
        self.store_global(heap, i, value);
    }

    /// `STORE_NAME` into the module dict of the interned name `i` (steals `value`).
    #[inline]
    fn store_global(&mut self, heap: &mut Heap, i: u32, value: ObjId) {
        let dict = self.main_dict;
        let entry = &self.name_table[i as usize];
        let (key, hint) = (entry.key, entry.hint);
        heap.incref(key);
        // An existing binding at its last-seen entry is replaced without hashing the name; the
        // references move exactly as in `insertdict` (new key dropped, old value released).
        if let Some(old) = heap.dict_replace_at(dict, hint, key, value) {
            heap.decref(self, old);
            heap.decref(self, key);
            return;
        }
        self.store_global_slow(heap, i, key, value);
    }

    #[inline(never)]
    fn store_global_slow(&mut self, heap: &mut Heap, i: u32, key: ObjId, value: ObjId) {
        let dict = self.main_dict;
        self.dict_store(heap, dict, key, value);
        let hkey = HKey::Str(self.name_text(heap, key));
        if let Some(at) = heap.dict_entry_index(dict, &hkey) {
            self.name_table[i as usize].hint = at;
        }
    }

    fn delete_name(&mut self, heap: &mut Heap, name: &str) -> R<()> {
        if let Some(frame) = self.frames.last() {
            let code = &self.codes[frame.code];
            if let Some(&slot) = code.slots.get(name) {
                let frame = self.frames.last_mut().expect("frame exists");
                return match frame.locals[slot].take() {
                    Some(old) => {
                        heap.decref(self, old);
                        Ok(())
                    }
                    None => Err(unbound_local(heap, name)),
                };
            }
        }
        let key = self.name_key(heap, name);
        match heap.dict_del(self.main_dict, &key) {
            Some((k, v)) => {
                heap.decref(self, v);
                heap.decref(self, k);
                Ok(())
            }
            None => Err(py_err("NameError", format!("name '{name}' is not defined"))),
        }
    }

    // ---------------------------------------------------------------------------------------
    // Statements

    fn exec_block(&mut self, heap: &mut Heap, body: &[Stmt]) -> R<Flow> {
        for s in body {
            match self.exec(heap, s)? {
                Flow::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal)
    }

    fn exec(&mut self, heap: &mut Heap, s: &Stmt) -> R<Flow> {
        self.at(heap, s.range())?;
        let r = self.exec_inner(heap, s);
        if r.is_err() {
            return self.raised_in_statement(r, s);
        }
        r
    }

    /// An exception leaving statement `s`: it was raised on the current line of this frame.
    #[cold]
    #[inline(never)]
    fn raised_in_statement(&self, r: R<Flow>, s: &Stmt) -> R<Flow> {
        self.raised_in_statement_at(r, plain_call_range(s))
    }

    /// [`Rt::raised_in_statement`] for a statement whose plain call (see
    /// [`plain_call_range`]) is known.
    #[cold]
    #[inline(never)]
    fn raised_in_statement_at(&self, r: R<Flow>, plain_call: Option<(u32, u32)>) -> R<Flow> {
        let mut r = r;
        if let Err(e) = &mut r {
            let line = self.line;
            e.with_py_mut(|p| {
                if p.line == 0 {
                    if let Some(sp) = p.span.as_mut() {
                        sp.plain_call_statement = plain_call == Some((sp.start, sp.end));
                    }
                    p.line = line;
                }
            });
        }
        r
    }

    /// An exception leaves the running frame (a function, or a 3.8–3.11 comprehension) for
    /// its caller: the frame joins the traceback, with its line and carets.
    fn leave_frame(&self, heap: &Heap, p: &mut PyException, name: Rc<str>) {
        let l = if p.line == 0 { self.line } else { p.line };
        let src = self.lines.source_line(l).unwrap_or("").to_string();
        let carets = self.lines.carets(l, p.span, heap.config.version.minor);
        p.trace.push((l, name, src, carets));
        p.line = 0;
        p.span = None;
    }

    #[inline(always)]
    fn exec_inner(&mut self, heap: &mut Heap, s: &Stmt) -> R<Flow> {
        match s {
            Stmt::Expr(e) => {
                let v = self.eval(heap, &e.value)?;
                self.dec(heap, v);
            }
            Stmt::Assign(a) => {
                let v = self.eval(heap, &a.value)?;
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < a.targets.len() {
                        heap.incref(v);
                    }
                    self.assign(heap, t, v)?;
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(value) = &a.value {
                    let v = self.eval(heap, value)?;
                    self.assign(heap, &a.target, v)?;
                }
            }
            Stmt::AugAssign(a) => self.aug_assign(heap, a)?,
            Stmt::Delete(d) => {
                for t in &d.targets {
                    raised_at(self.delete(heap, t), t)?;
                }
            }
            Stmt::Pass(_) => {}
            Stmt::Break(_) => return Ok(Flow::Break),
            Stmt::Continue(_) => return Ok(Flow::Continue),
            Stmt::Return(r) => {
                let v = match &r.value {
                    Some(e) => self.eval(heap, e)?,
                    None => heap.none(),
                };
                return Ok(Flow::Return(v));
            }
            Stmt::If(i) => {
                let c = self.eval(heap, &i.test)?;
                let t = self.truthy(heap, c);
                self.dec(heap, c);
                return if t? {
                    self.exec_block(heap, &i.body)
                } else {
                    self.exec_block(heap, &i.orelse)
                };
            }
            Stmt::While(w) => loop {
                let c = self.eval(heap, &w.test)?;
                let t = self.truthy(heap, c);
                self.dec(heap, c);
                if !t? {
                    return self.exec_block(heap, &w.orelse);
                }
                match self.exec_block(heap, &w.body)? {
                    Flow::Break => break,
                    Flow::Return(v) => return Ok(Flow::Return(v)),
                    _ => {}
                }
                self.eval_breaker(heap);
                self.at(heap, s.range())?;
            },
            Stmt::For(f) => {
                let iterable = self.eval(heap, &f.iter)?;
                let mut it = self.get_iter(heap, iterable);
                self.dec(heap, iterable);
                // 3.13 points at the iterable; 3.11 and 3.12 at the whole `for` line.
                if heap.config.version.minor >= 13 {
                    it = raised_at(it, &f.iter);
                }
                let it = it?;
                let result = self.for_loop(heap, it, f, s);
                self.dec(heap, it);
                return result;
            }
            Stmt::FunctionDef(fd) => {
                let func =
                    self.make_function(heap, fd.name.as_str(), &fd.args, fd.body.clone(), None)?;
                let mut func = func;
                for dec in fd.decorator_list.iter().rev() {
                    let d = self.eval(heap, dec)?;
                    func = self.call_owned(heap, d, vec![func])?;
                }
                self.store_name(heap, fd.name.as_str(), func);
            }
            Stmt::ClassDef(cd) => self.class_def(heap, cd)?,
            Stmt::Import(imp) => {
                for alias in &imp.names {
                    let m = self.import_module(heap, alias.name.as_str())?;
                    let bind = alias
                        .asname
                        .as_ref()
                        .map_or(alias.name.as_str(), |a| a.as_str());
                    self.store_name(heap, bind, m);
                }
            }
            Stmt::ImportFrom(imp) => {
                let module = imp.module.as_ref().map_or("", |m| m.as_str());
                let m = self.import_module(heap, module)?;
                for alias in &imp.names {
                    let v = self.getattr(heap, m, alias.name.as_str());
                    let v = match v {
                        Ok(v) => v,
                        Err(_) => {
                            self.dec(heap, m);
                            return Err(py_err(
                                "ImportError",
                                format!("cannot import name '{}' from '{}'", alias.name, module),
                            ));
                        }
                    };
                    let bind = alias
                        .asname
                        .as_ref()
                        .map_or(alias.name.as_str(), |a| a.as_str());
                    self.store_name(heap, bind, v);
                }
                self.dec(heap, m);
            }
            Stmt::Global(_) => {}
            Stmt::Assert(a) => {
                let c = self.eval(heap, &a.test)?;
                let t = self.truthy(heap, c);
                self.dec(heap, c);
                if !t? {
                    let msg = match &a.msg {
                        Some(m) => {
                            let v = self.eval(heap, m)?;
                            let s = self.str_of(heap, v);
                            self.dec(heap, v);
                            s?
                        }
                        None => String::new(),
                    };
                    return Err(py_err("AssertionError", msg));
                }
            }
            other => return Err(Exc::unsupported(stmt_name(other).into())),
        }
        Ok(Flow::Normal)
    }

    fn for_loop(&mut self, heap: &mut Heap, it: ObjId, f: &ast::StmtFor, s: &Stmt) -> R<Flow> {
        let mut first = true;
        loop {
            if !first {
                self.at(heap, s.range())?;
            }
            first = false;
            let Some(item) = self.next(heap, it)? else {
                return self.exec_block(heap, &f.orelse);
            };
            self.assign(heap, &f.target, item)?;
            match self.exec_block(heap, &f.body)? {
                Flow::Break => return Ok(Flow::Normal),
                Flow::Return(v) => return Ok(Flow::Return(v)),
                _ => {}
            }
            self.eval_breaker(heap);
        }
    }

    /// 3.12+: run a collection that an allocation scheduled (an eval-breaker check).
    fn eval_breaker(&mut self, heap: &mut Heap) {
        if heap.gc.scheduled {
            heap.run_scheduled_gc(self);
        }
    }

    #[inline]
    fn assign(&mut self, heap: &mut Heap, target: &Expr, value: ObjId) -> R<()> {
        let r = self.assign_target(heap, target, value);
        if r.is_err() {
            return raised_at(r, target);
        }
        r
    }

    fn assign_target(&mut self, heap: &mut Heap, target: &Expr, value: ObjId) -> R<()> {
        match target {
            Expr::Name(n) => {
                self.store_ident(heap, &n.id, value);
                Ok(())
            }
            Expr::Attribute(a) => {
                let obj = match self.eval(heap, &a.value) {
                    Ok(o) => o,
                    Err(e) => {
                        self.dec(heap, value);
                        return Err(e);
                    }
                };
                let r = self.setattr(heap, obj, a.attr.as_str(), value);
                self.dec(heap, obj);
                r
            }
            Expr::Subscript(sub) => {
                let obj = self.eval(heap, &sub.value)?;
                let key = self.eval(heap, &sub.slice)?;
                let r = self.setitem(heap, obj, key, value);
                self.dec(heap, obj);
                r
            }
            Expr::Tuple(t) => self.unpack(heap, &t.elts, value),
            Expr::List(t) => self.unpack(heap, &t.elts, value),
            _ => {
                self.dec(heap, value);
                Err(Exc::unsupported("assignment target".into()))
            }
        }
    }

    fn unpack(&mut self, heap: &mut Heap, targets: &[Expr], value: ObjId) -> R<()> {
        self.unpack_with(heap, targets.len(), value, |rt, heap, i, v| {
            rt.assign(heap, &targets[i], v)
        })
    }

    /// Unpacks `value` into `count` targets: `assign(i, item)` stores item `i` (owned). On a
    /// length mismatch nothing is stored; after a failed store the remaining items are released.
    fn unpack_with(
        &mut self,
        heap: &mut Heap,
        count: usize,
        value: ObjId,
        mut assign: impl FnMut(&mut Self, &mut Heap, usize, ObjId) -> R<()>,
    ) -> R<()> {
        let items = self.collect_items(heap, value);
        self.dec(heap, value);
        let items = items?;
        if items.len() != count {
            let n = items.len();
            self.dec_all(heap, items);
            return Err(unpack_error(n, count));
        }
        let mut iter = items.into_iter().enumerate();
        while let Some((i, v)) = iter.next() {
            if let Err(e) = assign(self, heap, i, v) {
                let rest: Vec<ObjId> = iter.map(|(_, v)| v).collect();
                self.dec_all(heap, rest);
                return Err(e);
            }
        }
        Ok(())
    }

    fn delete(&mut self, heap: &mut Heap, target: &Expr) -> R<()> {
        match target {
            Expr::Name(n) => self.delete_name(heap, n.id.as_str()),
            Expr::Attribute(a) => {
                let obj = self.eval(heap, &a.value)?;
                let r = self.delattr(heap, obj, a.attr.as_str());
                self.dec(heap, obj);
                r
            }
            Expr::Subscript(sub) => {
                let obj = self.eval(heap, &sub.value)?;
                let key = self.eval(heap, &sub.slice);
                let key = match key {
                    Ok(k) => k,
                    Err(e) => {
                        self.dec(heap, obj);
                        return Err(e);
                    }
                };
                let r = self.delitem(heap, obj, key);
                self.dec(heap, key);
                self.dec(heap, obj);
                r
            }
            Expr::Tuple(t) => {
                for e in &t.elts {
                    self.delete(heap, e)?;
                }
                Ok(())
            }
            _ => Err(Exc::unsupported("del target".into())),
        }
    }

    fn aug_assign(&mut self, heap: &mut Heap, a: &ast::StmtAugAssign) -> R<()> {
        match &*a.target {
            Expr::Name(n) => {
                let cur = self.load_ident(heap, &n.id)?;
                let rhs = self.eval(heap, &a.value)?;
                let v = self.inplace_op(heap, a.op, cur, rhs)?;
                self.store_ident(heap, &n.id, v);
                Ok(())
            }
            Expr::Attribute(at) => {
                let obj = self.eval(heap, &at.value)?;
                let cur = self.getattr(heap, obj, at.attr.as_str())?;
                let rhs = self.eval(heap, &a.value)?;
                let v = self.inplace_op(heap, a.op, cur, rhs)?;
                let r = self.setattr(heap, obj, at.attr.as_str(), v);
                self.dec(heap, obj);
                r
            }
            Expr::Subscript(sub) => {
                let obj = self.eval(heap, &sub.value)?;
                let key = self.eval(heap, &sub.slice)?;
                heap.incref(key);
                let cur = self.getitem(heap, obj, key)?;
                let rhs = self.eval(heap, &a.value)?;
                let v = self.inplace_op(heap, a.op, cur, rhs)?;
                let r = self.setitem(heap, obj, key, v);
                self.dec(heap, obj);
                r
            }
            _ => Err(Exc::unsupported("augmented assignment target".into())),
        }
    }

    fn inplace_op(
        &mut self,
        heap: &mut Heap,
        op: ast::Operator,
        cur: ObjId,
        rhs: ObjId,
    ) -> R<ObjId> {
        if matches!(op, ast::Operator::Add) && matches!(heap.kind(cur), Kind::List(..)) {
            let r = self.list_extend(heap, cur, rhs);
            self.dec(heap, rhs);
            r?;
            return Ok(cur);
        }
        let r = self.binop(heap, op, cur, rhs);
        self.dec(heap, cur);
        self.dec(heap, rhs);
        r
    }

    fn class_def(&mut self, heap: &mut Heap, cd: &ast::StmtClassDef) -> R<()> {
        let mut bases = Vec::new();
        for b in &cd.bases {
            let v = self.eval(heap, b)?;
            if matches!(heap.kind(v), Kind::Builtin(_)) {
                self.dec(heap, v);
                continue;
            }
            if !matches!(heap.kind(v), Kind::Class(_)) {
                self.dec(heap, v);
                self.dec_all(heap, bases);
                return Err(Exc::unsupported(
                    "base class that is not a user class or object".into(),
                ));
            }
            bases.push(v);
        }
        // __build_class__: the body is a function (one code object per class statement) run
        // in a fresh namespace dict; 3.8–3.10 run it in a frame that stays as the zombie frame.
        let site = cd as *const ast::StmtClassDef as usize;
        let code_index = self.site_code(site, cd.name.as_str());
        let globals = self.main_dict;
        heap.incref(globals);
        let body_fn = heap.function(
            self,
            FunctionData {
                code: code_index as u32,
                name: Rc::from(cd.name.as_str()),
                qualname: Rc::from(cd.name.as_str()),
                globals,
                defaults: None,
                closure: None,
                kwdefaults: None,
                dict: None,
            },
        );
        let ns = heap.dict(self);
        let frame = if heap.config.frames_are_objects {
            Some(self.new_frame_object(heap, Some(code_index)))
        } else {
            None
        };
        let module_key = self.name_obj(heap, "__module__");
        let module_val = heap.str("__main__");
        self.dict_store(heap, ns, module_key, module_val);
        let qual_key = self.name_obj(heap, "__qualname__");
        let qual_val = heap.str(cd.name.as_str());
        self.dict_store(heap, ns, qual_key, qual_val);
        let body = self.class_body(heap, ns, &cd.body, cd.name.as_str());
        if let Some(f) = frame {
            self.release_frame_for_code(heap, f, code_index);
        }
        if let Err(e) = body {
            self.dec(heap, ns);
            self.dec(heap, body_fn);
            self.dec_all(heap, bases);
            return Err(e);
        }
        let mut slots: Option<Vec<Rc<str>>> = None;
        if let Some(sv) = heap.dict_get_str(ns, "__slots__") {
            let names = match heap.kind(sv) {
                Kind::Tuple(items) | Kind::List(items, ..) => items.clone(),
                Kind::Str(_) => vec![sv],
                _ => Vec::new(),
            };
            let mut v = Vec::new();
            for n in names {
                if let Kind::Str(s) = heap.kind(n) {
                    v.push(s.clone());
                }
            }
            slots = Some(v);
        }
        let inherited_slots: Vec<Rc<str>> = bases
            .iter()
            .filter_map(|&b| match heap.kind(b) {
                Kind::Class(c) => c.slots.clone(),
                _ => None,
            })
            .flatten()
            .collect();
        let base_has_dict = bases
            .iter()
            .any(|&b| matches!(heap.kind(b), Kind::Class(c) if c.has_dict));
        let base_has_weakref = bases
            .iter()
            .any(|&b| matches!(heap.kind(b), Kind::Class(c) if c.has_weakref));
        let (has_dict, has_weakref, all_slots) = match &slots {
            None => (
                true,
                true,
                if inherited_slots.is_empty() {
                    None
                } else {
                    Some(inherited_slots)
                },
            ),
            Some(own) => {
                let own_no_special: Vec<Rc<str>> = own
                    .iter()
                    .filter(|s| &***s != "__dict__" && &***s != "__weakref__")
                    .cloned()
                    .collect();
                let mut all = inherited_slots;
                all.extend(own_no_special);
                (
                    base_has_dict || own.iter().any(|s| &**s == "__dict__"),
                    base_has_weakref || own.iter().any(|s| &**s == "__weakref__"),
                    Some(all),
                )
            }
        };
        let has_dict = has_dict || (slots.is_some() && base_has_dict);
        let own_slots: Vec<Rc<str>> = slots
            .as_ref()
            .map(|v| {
                v.iter()
                    .filter(|s| &***s != "__dict__" && &***s != "__weakref__")
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let cls = self.type_new(
            heap,
            cd.name.as_str(),
            bases,
            ns,
            all_slots,
            own_slots,
            has_dict,
            has_weakref,
        );
        self.dec(heap, ns);
        self.dec(heap, body_fn);
        let mut cls = cls;
        for dec in cd.decorator_list.iter().rev() {
            let d = self.eval(heap, dec)?;
            cls = self.call_owned(heap, d, vec![cls])?;
        }
        self.store_name(heap, cd.name.as_str(), cls);
        Ok(())
    }

    /// The code index for a class body or comprehension at a source position (its zombie frame
    /// lives there in 3.8–3.10).
    fn site_code(&mut self, site: usize, name: &str) -> usize {
        if let Some(&c) = self.comp_codes.get(&site) {
            return c;
        }
        let c = self.new_site_code(name);
        self.comp_codes.insert(site, c);
        c
    }

    /// A new code object for a class body or comprehension (no parameters, no locals).
    fn new_site_code(&mut self, name: &str) -> usize {
        let c = self.codes.len();
        self.codes.push(Code {
            lines: Rc::clone(&self.lines),
            name: Rc::from(name),
            qualname: Rc::from(name),
            params: Vec::new(),
            body: Rc::from(Vec::new()),
            lambda_body: None,
            block: None,
            lambda_code: None,
            slots: HashMap::default(),
            globals_declared: Vec::new(),
            zombie_frame: None,
        });
        c
    }

    /// `type.__new__(name, bases, ns)`: the type object, a copy of the namespace as its dict, the
    /// bases and MRO tuples, `__dict__`/`__weakref__`/slot descriptors, and a weakref to the new
    /// class in each base's subclass table. Steals `bases`; `ns` is borrowed.
    #[allow(clippy::too_many_arguments)]
    fn type_new(
        &mut self,
        heap: &mut Heap,
        name: &str,
        bases: Vec<ObjId>,
        ns: ObjId,
        all_slots: Option<Vec<Rc<str>>>,
        own_slots: Vec<Rc<str>>,
        has_dict: bool,
        has_weakref: bool,
    ) -> ObjId {
        // The metaclass call packs (name, bases, ns) in an args tuple.
        let name_obj = heap.str(name);
        let base_items: Vec<ObjId> = if bases.is_empty() {
            builtins::id("object")
                .map(|b| self.builtin_obj(heap, b))
                .into_iter()
                .collect()
        } else {
            bases
                .iter()
                .inspect(|&&b| heap.incref(b))
                .copied()
                .collect()
        };
        let bases_tuple = heap.tuple(self, base_items);
        heap.incref(bases_tuple);
        heap.incref(ns);
        let args = heap.tuple(self, vec![name_obj, bases_tuple, ns]);
        let dict = heap.dict(self);
        let pairs: Vec<(ObjId, ObjId)> = match heap.kind(ns) {
            Kind::Dict(d) => d.iter().collect(),
            _ => Vec::new(),
        };
        let base_has = |heap: &Heap, f: fn(&ClassData) -> bool| {
            bases
                .iter()
                .any(|&b| matches!(heap.kind(b), Kind::Class(c) if f(c)))
        };
        let adds_dict = has_dict && !base_has(heap, |c| c.has_dict);
        let adds_weakref = has_weakref && !base_has(heap, |c| c.has_weakref);
        let slots_tuple = if all_slots.is_none() {
            None
        } else {
            let names: Vec<ObjId> = own_slots.iter().map(|s| self.name_obj(heap, s)).collect();
            Some(heap.tuple(self, names))
        };
        let data = ClassData {
            name: Rc::from(name),
            bases,
            dict,
            slots: all_slots,
            has_dict,
            has_weakref,
            shared_usable: 30,
            shared_names: Vec::new(),
            legacy_tp_del: false,
            bases_tuple: Some(bases_tuple),
            mro: None,
            subclasses: None,
            slots_tuple,
            specials: std::cell::Cell::default(),
            metaclass: None,
        };
        let cls = heap.class(self, data);
        for (k, v) in pairs {
            heap.incref(k);
            heap.incref(v);
            self.dict_store(heap, dict, k, v);
        }
        // Descriptors for what this class adds.
        let mut descriptors: Vec<(String, bool)> =
            own_slots.iter().map(|s| (s.to_string(), true)).collect();
        if adds_dict {
            descriptors.push(("__dict__".into(), false));
        }
        if adds_weakref {
            descriptors.push(("__weakref__".into(), false));
        }
        for (dname, member) in descriptors {
            heap.incref(cls);
            let d = heap.alloc(self, Kind::Descriptor(cls, member));
            let key = self.name_obj(heap, &dname);
            self.dict_store(heap, dict, key, d);
        }
        // __mro__ = (cls, then each base's MRO, later duplicates winning, object last).
        let parents: Vec<ObjId> = match heap.kind(cls) {
            Kind::Class(c) => c.bases.clone(),
            _ => Vec::new(),
        };
        let mut mro = vec![cls];
        for p in parents {
            let pm: Vec<ObjId> = match heap.kind(p) {
                Kind::Class(pc) => match pc.mro.map(|m| heap.kind(m)) {
                    Some(Kind::Tuple(items)) => items.clone(),
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            for x in pm {
                if let Some(pos) = mro.iter().position(|&y| y == x) {
                    mro.remove(pos);
                }
                mro.push(x);
            }
        }
        if !mro
            .iter()
            .any(|&x| matches!(heap.kind(x), Kind::Builtin(_)))
        {
            if let Some(o) = builtins::id("object").map(|b| self.builtin_obj(heap, b)) {
                mro.push(o);
                heap.decref(self, o);
            }
        }
        for &x in &mro {
            heap.incref(x);
        }
        let mro_tuple = heap.tuple(self, mro);
        if let Kind::Class(c) = &mut heap.get_mut(cls).kind {
            c.mro = Some(mro_tuple);
        }
        // Register in each base's subclass table (created for a base's first subclass).
        let bases: Vec<ObjId> = match heap.kind(cls) {
            Kind::Class(c) => c.bases.clone(),
            _ => Vec::new(),
        };
        let mut tables = Vec::new();
        if bases.is_empty() {
            let t = match heap.statics.object_subclasses {
                Some(t) => t,
                None => {
                    let t = heap.dict(self);
                    heap.statics.object_subclasses = Some(t);
                    t
                }
            };
            tables.push(t);
        }
        for &b in &bases {
            let existing = match heap.kind(b) {
                Kind::Class(bc) => bc.subclasses,
                _ => None,
            };
            let t = match existing {
                Some(t) => t,
                None => {
                    let t = heap.dict(self);
                    if let Kind::Class(bc) = &mut heap.get_mut(b).kind {
                        bc.subclasses = Some(t);
                    }
                    t
                }
            };
            tables.push(t);
        }
        for t in tables {
            let addr = heap.get(cls).addr;
            let key = heap.int_val(IntVal::from_big(BigInt::from(addr)));
            let wr = heap.alloc(self, Kind::WeakRef(Some(cls), None, 0));
            heap.insert_weakref(cls, usize::MAX, wr);
            self.dict_store(heap, t, key, wr);
        }
        self.dec(heap, args);
        cls
    }

    /// Runs a class body with `ns` as the namespace its names are looked up in first.
    fn class_body(&mut self, heap: &mut Heap, ns: ObjId, body: &[Stmt], cname: &str) -> R<()> {
        self.class_bodies.push(ClassBody {
            ns,
            frames: self.frames.len(),
            comps: self.comp_scopes.len(),
        });
        let r = self.class_body_statements(heap, ns, body, cname);
        self.class_bodies.pop();
        r
    }

    fn class_body_statements(
        &mut self,
        heap: &mut Heap,
        ns: ObjId,
        body: &[Stmt],
        cname: &str,
    ) -> R<()> {
        for s in body {
            self.at(heap, s.range())?;
            match s {
                Stmt::FunctionDef(fd) => {
                    let qual = format!("{}.{}", cname, fd.name);
                    let mut func = self.make_function(
                        heap,
                        fd.name.as_str(),
                        &fd.args,
                        fd.body.clone(),
                        Some(qual),
                    )?;
                    for dec in fd.decorator_list.iter().rev() {
                        let d = self.eval(heap, dec)?;
                        func = self.call_owned(heap, d, vec![func])?;
                    }
                    let key = self.name_obj(heap, fd.name.as_str());
                    self.dict_store(heap, ns, key, func);
                }
                Stmt::Assign(a) => {
                    let v = self.eval(heap, &a.value)?;
                    for (i, t) in a.targets.iter().enumerate() {
                        let Expr::Name(n) = t else {
                            self.dec(heap, v);
                            return Err(Exc::unsupported("class attribute target".into()));
                        };
                        if i + 1 < a.targets.len() {
                            heap.incref(v);
                        }
                        let key = self.name_obj(heap, n.id.as_str());
                        self.dict_store(heap, ns, key, v);
                    }
                }
                Stmt::Pass(_) => {}
                Stmt::Expr(e) => {
                    let v = self.eval(heap, &e.value)?;
                    self.dec(heap, v);
                }
                _ => return Err(Exc::unsupported("this statement in a class body".into())),
            }
        }
        Ok(())
    }

    fn make_function(
        &mut self,
        heap: &mut Heap,
        name: &str,
        args: &ast::Arguments,
        body: Vec<Stmt>,
        qualname: Option<String>,
    ) -> R<ObjId> {
        self.make_function_full(heap, name, args, body, None, qualname)
    }

    fn make_function_full(
        &mut self,
        heap: &mut Heap,
        name: &str,
        args: &ast::Arguments,
        body: Vec<Stmt>,
        lambda: Option<Expr>,
        qualname: Option<String>,
    ) -> R<ObjId> {
        if args.vararg.is_some() || args.kwarg.is_some() || !args.kwonlyargs.is_empty() {
            return Err(Exc::unsupported(
                "*args, **kwargs and keyword-only parameters".into(),
            ));
        }
        let params: Vec<Rc<str>> = args
            .posonlyargs
            .iter()
            .chain(args.args.iter())
            .map(|a| Rc::from(a.def.arg.as_str()))
            .collect();
        let mut defaults = Vec::new();
        for a in args.posonlyargs.iter().chain(args.args.iter()) {
            if let Some(d) = &a.default {
                defaults.push(self.eval(heap, d)?);
            }
        }
        let mut slots: HashMap<Rc<str>, usize> = HashMap::default();
        for p in &params {
            let n = slots.len();
            slots.entry(p.clone()).or_insert(n);
        }
        let mut globals_declared = Vec::new();
        let mut assigned = Vec::new();
        collect_locals(&body, &mut assigned, &mut globals_declared);
        for a in assigned {
            if !globals_declared.contains(&a) {
                let n = slots.len();
                slots.entry(Rc::from(a.as_str())).or_insert(n);
            }
        }
        let code_index = self.codes.len();
        let qual: Rc<str> = Rc::from(qualname.unwrap_or_else(|| name.to_string()).as_str());
        self.codes.push(Code {
            lines: Rc::clone(&self.lines),
            name: Rc::from(name),
            qualname: qual.clone(),
            params,
            body: Rc::from(Vec::new()),
            lambda_body: None,
            block: None,
            lambda_code: None,
            slots,
            globals_declared,
            zombie_frame: None,
        });
        // The body is compiled now, against the code's own slots.
        let block = self.compile_block(&body, Some(code_index));
        let lambda_code = lambda
            .as_ref()
            .map(|l| Rc::new(self.compile_expr(l, Some(code_index))));
        let code = &mut self.codes[code_index];
        code.block = Some(block);
        code.lambda_code = lambda_code;
        code.body = Rc::from(body);
        code.lambda_body = lambda.map(Rc::new);
        let defaults = if defaults.is_empty() {
            None
        } else {
            Some(heap.tuple(self, defaults))
        };
        heap.incref(self.main_dict);
        let data = FunctionData {
            code: code_index as u32,
            name: Rc::from(name),
            qualname: qual,
            globals: self.main_dict,
            defaults,
            closure: None,
            kwdefaults: None,
            dict: None,
        };
        Ok(heap.function(self, data))
    }

    fn import_module(&mut self, heap: &mut Heap, name: &str) -> R<ObjId> {
        if let Some(&m) = self.modules.get(name) {
            heap.incref(m);
            return Ok(m);
        }
        let members = builtins::module_members(name);
        if members.is_empty() {
            return Err(py_err(
                "ModuleNotFoundError",
                format!("No module named '{name}'"),
            ));
        }
        let dict = heap.dict(self);
        let minor = heap.config.version.minor;
        for (member, b) in members
            .into_iter()
            .filter(|(_, b)| builtins::exists_in(*b, minor))
        {
            let key = self.name_obj(heap, member);
            let v = self.builtin_obj(heap, b);
            self.dict_store(heap, dict, key, v);
        }
        match name {
            "gc" => {
                for (k, v) in [
                    ("DEBUG_STATS", 1),
                    ("DEBUG_COLLECTABLE", 2),
                    ("DEBUG_UNCOLLECTABLE", 4),
                    ("DEBUG_SAVEALL", 32),
                    ("DEBUG_LEAK", 38),
                ] {
                    let key = self.name_obj(heap, k);
                    let val = heap.int(v);
                    self.dict_store(heap, dict, key, val);
                }
                let key = self.name_obj(heap, "garbage");
                let g = heap.gc.garbage.unwrap_or(self.callbacks);
                heap.incref(g);
                self.dict_store(heap, dict, key, g);
                let key = self.name_obj(heap, "callbacks");
                heap.incref(self.callbacks);
                self.dict_store(heap, dict, key, self.callbacks);
            }
            "sys" => {
                let v = heap.config.version;
                let items: Vec<ObjId> =
                    vec![heap.int(3), heap.int(i64::from(v.minor)), heap.int(0)];
                let t = heap.tuple(self, items);
                let key = self.name_obj(heap, "version_info");
                self.dict_store(heap, dict, key, t);
                for k in ["stdout", "stderr"] {
                    let key = self.name_obj(heap, k);
                    let val = heap.str(k);
                    self.dict_store(heap, dict, key, val);
                }
            }
            _ => {}
        }
        let m = heap.alloc(self, Kind::Module(Rc::from(name), dict));
        heap.incref(m);
        // The module and what it holds are interpreter machinery, not the program's objects.
        self.interpreter_objs.insert(m.0);
        self.interpreter_objs.insert(dict.0);
        if let Kind::Dict(d) = heap.kind(dict) {
            for (k, v) in d.iter() {
                self.interpreter_objs.insert(k.0);
                self.interpreter_objs.insert(v.0);
            }
        }
        self.modules.insert(name.to_string(), m);
        Ok(m)
    }

    // ---------------------------------------------------------------------------------------
    // Expressions

    #[inline]
    fn eval(&mut self, heap: &mut Heap, e: &Expr) -> R<ObjId> {
        let r = self.eval_expr(heap, e);
        if r.is_err() {
            // The innermost expression that failed is where CPython's traceback points.
            return raised_at(r, e);
        }
        r
    }

    fn eval_expr(&mut self, heap: &mut Heap, e: &Expr) -> R<ObjId> {
        match e {
            Expr::Constant(c) => {
                if let Some(id) = self.const_site(heap, e) {
                    return Ok(id);
                }
                let id = self.constant(heap, &c.value);
                self.remember_const_site(e, id);
                Ok(id)
            }
            // CPython's AST optimizer folds constant arithmetic at compile time. Whether an
            // operation folds is remembered too (as "no object"), so the subtree is not walked
            // again each time the operation runs.
            Expr::BinOp(_) | Expr::UnaryOp(_) => {
                let addr = std::ptr::from_ref(e) as usize;
                let (cached_addr, id) = self.const_sites[(addr >> 3) % CONST_CACHE];
                if cached_addr == addr {
                    if id.0 == crate::engine::object::NO_OBJ {
                        return self.eval_unfolded(heap, e);
                    }
                    heap.incref(id);
                    return Ok(id);
                }
                if let Some(c) = is_foldable(e).then(|| fold(e)).flatten() {
                    let id = self.constant(heap, &c);
                    self.remember_const_site(e, id);
                    return Ok(id);
                }
                self.remember_const_site(e, ObjId(crate::engine::object::NO_OBJ));
                self.eval_unfolded(heap, e)
            }
            Expr::Name(n) => self.load_ident(heap, &n.id),
            Expr::Attribute(a) => {
                let obj = self.eval(heap, &a.value)?;
                let r = self.getattr(heap, obj, a.attr.as_str());
                self.dec(heap, obj);
                r
            }
            Expr::Subscript(s) => {
                let obj = self.eval(heap, &s.value)?;
                let key = match self.eval(heap, &s.slice) {
                    Ok(k) => k,
                    Err(err) => {
                        self.dec(heap, obj);
                        return Err(err);
                    }
                };
                let r = self.getitem(heap, obj, key);
                self.dec(heap, obj);
                r
            }
            Expr::Slice(s) => {
                let mut parts = Vec::new();
                for p in [&s.lower, &s.upper, &s.step] {
                    parts.push(match p {
                        Some(x) => self.eval(heap, x)?,
                        None => heap.none(),
                    });
                }
                // Slices are modelled as 3-tuples (CPython caches one slice object).
                Ok(heap.tuple(self, parts))
            }
            Expr::Call(c) => {
                let r = self.eval_call(heap, c);
                if r.is_ok() {
                    self.eval_breaker(heap);
                }
                r
            }

            Expr::BoolOp(b) => {
                let mut last = None;
                for (i, value) in b.values.iter().enumerate() {
                    if let Some(prev) = last.take() {
                        self.dec(heap, prev);
                    }
                    let v = self.eval(heap, value)?;
                    let t = self.truthy(heap, v)?;
                    let stop = match b.op {
                        ast::BoolOp::And => !t,
                        ast::BoolOp::Or => t,
                    };
                    if stop || i + 1 == b.values.len() {
                        return Ok(v);
                    }
                    last = Some(v);
                }
                Ok(heap.none())
            }
            Expr::Compare(c) => {
                let mut left = self.eval(heap, &c.left)?;
                for (i, (op, right)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
                    let r = match self.eval(heap, right) {
                        Ok(r) => r,
                        Err(err) => {
                            self.dec(heap, left);
                            return Err(err);
                        }
                    };
                    let res = self.compare(heap, *op, left, r);
                    self.dec(heap, left);
                    let res = match res {
                        Ok(b) => b,
                        Err(err) => {
                            self.dec(heap, r);
                            return Err(err);
                        }
                    };
                    if !res || i + 1 == c.ops.len() {
                        self.dec(heap, r);
                        return Ok(heap.bool(res));
                    }
                    left = r;
                }
                Ok(heap.bool(true))
            }
            Expr::IfExp(i) => {
                let c = self.eval(heap, &i.test)?;
                let t = self.truthy(heap, c);
                self.dec(heap, c);
                if t? {
                    self.eval(heap, &i.body)
                } else {
                    self.eval(heap, &i.orelse)
                }
            }
            Expr::List(l) => {
                let items = self.eval_all(heap, &l.elts)?;
                let all_const = l.elts.iter().all(|e| matches!(e, Expr::Constant(_)));
                let cap = list_display_capacity(heap.config.version, items.len(), all_const);
                Ok(heap.list(self, items, cap))
            }
            Expr::Tuple(t) => {
                if let Some(c) = const_tuple(&t.elts) {
                    return Ok(self.constant(heap, &c));
                }
                let items = self.eval_all(heap, &t.elts)?;
                Ok(heap.tuple(self, items))
            }
            Expr::Set(s) => {
                let items = self.eval_all(heap, &s.elts)?;
                let set = heap.alloc(self, Kind::Set(Vec::new(), None, false));
                for i in items {
                    self.set_add(heap, set, i)?;
                }
                Ok(set)
            }
            Expr::Dict(d) => {
                let unicode = d.keys.iter().all(
                    |k| matches!(k, Some(Expr::Constant(c)) if matches!(c.value, Constant::Str(_))),
                );
                let mut pairs = Vec::new();
                for (k, v) in d.keys.iter().zip(d.values.iter()) {
                    let Some(k) = k else {
                        return Err(Exc::unsupported("** in dict display".into()));
                    };
                    let kv = self.eval(heap, k)?;
                    let vv = self.eval(heap, v)?;
                    pairs.push((kv, vv));
                }
                let dict = heap.dict_presized(self, pairs.len(), unicode);
                for (k, v) in pairs {
                    self.dict_store_checked(heap, dict, k, v)?;
                }
                Ok(dict)
            }
            Expr::ListComp(c) => {
                let kind = CompKind::List(&c.elt);
                self.eval_comprehension(heap, c as *const _ as usize, &c.generators, kind)
            }
            Expr::SetComp(c) => {
                let kind = CompKind::Set(&c.elt);
                self.eval_comprehension(heap, c as *const _ as usize, &c.generators, kind)
            }
            Expr::DictComp(c) => {
                let kind = CompKind::Dict(&c.key, &c.value);
                self.eval_comprehension(heap, c as *const _ as usize, &c.generators, kind)
            }
            Expr::GeneratorExp(g) => {
                let kind = CompKind::Gen(&g.elt);
                self.eval_comprehension(heap, g as *const _ as usize, &g.generators, kind)
            }
            Expr::Lambda(l) => {
                let qual = match self.frames.last() {
                    Some(f) => format!("{}.<locals>.<lambda>", self.codes[f.code].qualname),
                    None => "<lambda>".to_string(),
                };
                self.make_function_full(
                    heap,
                    "<lambda>",
                    &l.args,
                    Vec::new(),
                    Some((*l.body).clone()),
                    Some(qual),
                )
            }
            Expr::JoinedStr(j) => {
                let mut out = String::new();
                for part in &j.values {
                    match part {
                        Expr::Constant(c) => {
                            if let Constant::Str(s) = &c.value {
                                out.push_str(s);
                            }
                        }
                        Expr::FormattedValue(fv) => {
                            let v = self.eval(heap, &fv.value)?;
                            let spec = match &fv.format_spec {
                                Some(spec) => {
                                    let s = self.eval(heap, spec)?;
                                    let t = self.str_of(heap, s);
                                    self.dec(heap, s);
                                    t?
                                }
                                None => String::new(),
                            };
                            let conv = fv.conversion as i8;
                            let text = if conv == b'r' as i8 {
                                let r = self.repr_of(heap, v);
                                self.format_str(r, &spec)
                            } else if conv == b's' as i8 {
                                let r = self.str_of(heap, v);
                                self.format_str(r, &spec)
                            } else {
                                self.format_value(heap, v, &spec)
                            };
                            self.dec(heap, v);
                            out.push_str(&text?);
                        }
                        _ => return Err(Exc::unsupported("f-string part".into())),
                    }
                }
                Ok(heap.str(&out))
            }
            Expr::Starred(_) => Err(Exc::unsupported("starred expression".into())),
            Expr::NamedExpr(n) => {
                let v = self.eval(heap, &n.value)?;
                heap.incref(v);
                self.assign(heap, &n.target, v)?;
                Ok(v)
            }
            other => Err(Exc::unsupported(expr_name(other).into())),
        }
    }

    /// Binary and unary operators evaluated at run time.
    fn eval_unfolded(&mut self, heap: &mut Heap, e: &Expr) -> R<ObjId> {
        match e {
            Expr::BinOp(b) => {
                let l = self.eval(heap, &b.left)?;
                let r = match self.eval(heap, &b.right) {
                    Ok(r) => r,
                    Err(err) => {
                        self.dec(heap, l);
                        return Err(err);
                    }
                };
                let v = self.binop(heap, b.op, l, r);
                self.dec(heap, l);
                self.dec(heap, r);
                v
            }
            Expr::UnaryOp(u) => {
                let v = self.eval(heap, &u.operand)?;
                let r = self.unaryop(heap, u.op, v);
                self.dec(heap, v);
                r
            }
            _ => Err(Exc::unsupported("operator".into())),
        }
    }

    fn eval_all(&mut self, heap: &mut Heap, es: &[Expr]) -> R<Vec<ObjId>> {
        let mut out = heap.items_vec(es.len());
        for e in es {
            match self.eval(heap, e) {
                Ok(v) => out.push(v),
                Err(err) => {
                    self.dec_all(heap, out);
                    return Err(err);
                }
            }
        }
        Ok(out)
    }

    /// A comprehension on the tree walker; `site` identifies its node (one code object each).
    fn eval_comprehension(
        &mut self,
        heap: &mut Heap,
        site: usize,
        gens: &[ast::Comprehension],
        kind: CompKind<'_>,
    ) -> R<ObjId> {
        let parts = AstComp { gens, kind };
        let code = self.site_code(site, parts.shape().code_name());
        let names: Rc<[String]> = comp_names(gens).into();
        self.comprehension_or_generator(heap, code, &parts, &names, CompEnd::Other)
    }

    /// A comprehension, or a generator expression. Simplification for the latter: the generator
    /// runs to completion at once (into a hidden list) and an iterator over the results stands
    /// in for the generator object.
    fn comprehension_or_generator(
        &mut self,
        heap: &mut Heap,
        code_index: usize,
        parts: &impl CompParts,
        names: &Rc<[String]>,
        end: CompEnd,
    ) -> R<ObjId> {
        let result = self.comprehension(heap, code_index, parts, names, end)?;
        if parts.shape() != CompShape::Gen {
            return Ok(result);
        }
        let it = self.get_iter(heap, result);
        self.dec(heap, result);
        it
    }

    /// A comprehension whose code object (one per source site) is `code_index`, binding
    /// `names` in a scope of its own while it runs.
    fn comprehension(
        &mut self,
        heap: &mut Heap,
        code_index: usize,
        parts: &impl CompParts,
        names: &Rc<[String]>,
        end: CompEnd,
    ) -> R<ObjId> {
        let shape = parts.shape();
        // Generator expressions are never inlined (PEP 709 covers list/set/dict comprehensions).
        let inline = heap.config.inline_comprehensions && shape != CompShape::Gen;
        // 3.8–3.11: the comprehension is a function object called with the first iterator; its
        // code object keeps a zombie frame in 3.8–3.10.
        let func = if inline {
            None
        } else {
            heap.incref(self.main_dict);
            let name = Rc::from(shape.code_name());
            let data = FunctionData {
                code: code_index as u32,
                name: Rc::clone(&name),
                qualname: name,
                globals: self.main_dict,
                defaults: None,
                closure: None,
                kwdefaults: None,
                dict: None,
            };
            Some(heap.function(self, data))
        };
        let first_iter = parts.eval_iter(self, heap, 0)?;
        let it = self.get_iter(heap, first_iter);
        self.dec(heap, first_iter);
        let it = it?;
        let frame_obj = if !inline && heap.config.frames_are_objects {
            Some(self.new_frame_object(heap, Some(code_index)))
        } else {
            None
        };
        // Calling a generator expression's function makes the generator and drops the function.
        // From 3.11 the generator's frame keeps it (`f_func`); before, it dies right there.
        let func = match func {
            Some(f) if shape == CompShape::Gen && heap.config.frames_are_objects => {
                self.dec(heap, f);
                None
            }
            other => other,
        };
        let result = match shape {
            CompShape::List | CompShape::Gen => heap.list(self, Vec::new(), 0),
            CompShape::Set => heap.alloc(self, Kind::Set(Vec::new(), None, false)),
            CompShape::Dict => heap.dict(self),
        };
        let base = self.comp_vars.len();
        self.comp_vars.resize(base + names.len(), None);
        self.comp_scopes.push(CompScope {
            base,
            frames: self.frames.len(),
            names: Rc::clone(names),
        });
        let r = self.comp_loop(heap, parts, 0, Some(it), result);
        self.comp_scopes.pop();
        self.end_comprehension(heap, it, base, end);
        if let Some(f) = frame_obj {
            self.release_frame_for_code(heap, f, code_index);
        }
        if let Some(f) = func {
            self.dec(heap, f);
        }
        match r {
            Ok(()) => Ok(result),
            Err(e) => {
                self.dec(heap, result);
                // A generator is consumed later in CPython, from inside the consumer's call: its
                // frame is not modelled.
                let frame_name = (shape != CompShape::Gen).then(|| shape.code_name());
                match (e, frame_name) {
                    // 3.8–3.11: the comprehension ran as a function, so it is a traceback frame.
                    (mut e, Some(name)) if !inline => {
                        e.with_py_mut(|p| self.leave_frame(heap, p, Rc::from(name)));
                        Err(e)
                    }
                    (e, _) => Err(e),
                }
            }
        }
    }

    /// The end of a comprehension: its iterator (`.0`) and its variables (the slots from
    /// `base` on) are released in CPython's order. 3.8–3.10: the frame is cleared, variables in
    /// order, and the caller then drops the iterator it passed; 3.11: the frame, which owns the
    /// iterator, clears `.0` first; 3.12+: `END_FOR` pops the iterator, then the stores that
    /// restore the outer values release the variables in the order [`CompEnd`] describes.
    fn end_comprehension(&mut self, heap: &mut Heap, it: ObjId, base: usize, end: CompEnd) {
        let minor = heap.config.version.minor;
        if minor >= 11 {
            self.dec(heap, it);
        }
        let n = self.comp_vars.len().saturating_sub(base);
        let swapped = minor >= 12
            && n > 1
            && (end == CompEnd::StoreFast || (end == CompEnd::PopTop && minor >= 13));
        for k in 0..n {
            let slot = match (minor >= 12, swapped) {
                (false, _) => k,
                (true, false) => n - 1 - k,
                // n_{k-1} .. n_1, then n_k.
                (true, true) if k + 1 < n => n - 2 - k,
                (true, true) => n - 1,
            };
            if let Some(v) = self.comp_vars.get_mut(base + slot).and_then(Option::take) {
                self.dec(heap, v);
            }
        }
        self.comp_vars.truncate(base);
        if minor < 11 {
            self.dec(heap, it);
        }
    }

    /// The slot in `comp_vars` of `name` when it is a variable of a comprehension running in
    /// the current frame (innermost first).
    fn comp_slot(&self, name: &str) -> Option<usize> {
        let depth = self.frames.len();
        for scope in self.comp_scopes.iter().rev() {
            if scope.frames != depth {
                break;
            }
            if let Some(k) = scope.names.iter().position(|n| n == name) {
                return Some(scope.base + k);
            }
        }
        None
    }

    /// Slot `slot` of the comprehension scope `up` levels out from the innermost one (compiled
    /// code knows both statically).
    #[inline]
    fn comp_var_index(&self, up: u32, slot: u32) -> Option<usize> {
        let i = self.comp_scopes.len().checked_sub(1 + up as usize)?;
        self.comp_scopes.get(i).map(|s| s.base + slot as usize)
    }

    /// Loads a comprehension variable (new reference), or fails as an unbound local.
    fn load_comp_var(&mut self, heap: &mut Heap, at: Option<usize>, name: &str) -> R<ObjId> {
        let v = at.and_then(|i| self.comp_vars.get(i).copied().flatten());
        bound_local(heap, v, name)
    }

    /// Stores into a comprehension variable (steals `value`), releasing the old value.
    fn store_comp_var(&mut self, heap: &mut Heap, at: usize, value: ObjId) {
        let old = self.comp_vars.get_mut(at).and_then(|v| v.replace(value));
        if let Some(old) = old {
            heap.decref(self, old);
        }
    }

    /// The loop of generator `depth` of a comprehension (its first iterator already made at
    /// depth 0), and the element production at the innermost level.
    fn comp_loop(
        &mut self,
        heap: &mut Heap,
        parts: &impl CompParts,
        depth: usize,
        first: Option<ObjId>,
        result: ObjId,
    ) -> R<()> {
        if depth == parts.generators() {
            return parts.produce(self, heap, result);
        }
        let it = match first {
            Some(it) => {
                heap.incref(it);
                it
            }
            None => {
                let src = parts.eval_iter(self, heap, depth)?;
                let it = self.get_iter(heap, src);
                self.dec(heap, src);
                it?
            }
        };
        let r = (|| -> R<()> {
            while let Some(item) = self.next(heap, it)? {
                parts.assign_target(self, heap, depth, item)?;
                let mut ok = true;
                for i in 0..parts.conditions(depth) {
                    let c = parts.eval_condition(self, heap, depth, i)?;
                    let t = self.truthy(heap, c);
                    self.dec(heap, c);
                    if !t? {
                        ok = false;
                        break;
                    }
                }
                if ok {
                    self.comp_loop(heap, parts, depth + 1, None, result)?;
                }
                self.steps += 1;
                if self.steps - self.run_start_steps > heap.config.step_limit {
                    return Err(Exc::limit(format!(
                        "{}:{}: step limit reached",
                        self.path, self.line
                    )));
                }
                self.eval_breaker(heap);
            }
            Ok(())
        })();
        self.dec(heap, it);
        r
    }

    // ---------------------------------------------------------------------------------------
    // Iteration

    fn get_iter(&mut self, heap: &mut Heap, obj: ObjId) -> R<ObjId> {
        // Matched by reference: cloning the kind would copy a whole list per loop.
        match heap.kind(obj) {
            &Kind::Range(a, b, s) => Ok(heap.new_plain(Kind::RangeIter(a, b, s))),
            Kind::List(..)
            | Kind::Tuple(_)
            | Kind::Str(_)
            | Kind::Dict(_)
            | Kind::Set(..)
            | Kind::Bytes(_)
            | Kind::DictView(..) => {
                heap.incref(obj);
                Ok(heap.alloc(self, Kind::SeqIter(Some(obj), 0)))
            }
            Kind::SeqIter(..) | Kind::RangeIter(..) => {
                heap.incref(obj);
                Ok(obj)
            }
            Kind::Builtin(_) | Kind::Instance(_) => {
                let t = repr::type_name(heap, obj);
                Err(py_err("TypeError", format!("'{t}' object is not iterable")))
            }
            _ => {
                let t = repr::type_name(heap, obj);
                Err(py_err("TypeError", format!("'{t}' object is not iterable")))
            }
        }
    }

    /// The next item (new reference), or `None` when exhausted.
    fn next(&mut self, heap: &mut Heap, it: ObjId) -> R<Option<ObjId>> {
        // Loops inside one statement (`list(range(n))`, comprehensions, builtins) stop at the
        // heap limit too, not only at the next statement.
        if heap.limit_hit {
            return Err(self.heap_limit_reached(heap));
        }
        // Matched by reference: cloning the sequence's kind would copy it at every step.
        match *heap.kind(it) {
            Kind::RangeIter(cur, stop, step) => {
                if (step > 0 && cur >= stop) || (step < 0 && cur <= stop) {
                    return Ok(None);
                }
                if let Kind::RangeIter(next, ..) = &mut heap.get_mut(it).kind {
                    *next = cur.saturating_add(step);
                }
                Ok(Some(heap.int(cur)))
            }
            Kind::SeqIter(None, _) => Ok(None),
            Kind::SeqIter(Some(seq), pos) => {
                enum Pick {
                    Item(Option<ObjId>),
                    Char(Option<char>),
                    Byte(Option<u8>),
                    Dict,
                    Nothing,
                }
                let pick = match heap.kind(seq) {
                    Kind::List(items, ..) | Kind::Tuple(items) | Kind::Set(items, ..) => {
                        Pick::Item(items.get(pos).copied())
                    }
                    // A str iterator's position is a byte offset (the next character found
                    // without decoding the ones before it).
                    Kind::Str(s) => Pick::Char(s.get(pos..).and_then(|rest| rest.chars().next())),
                    Kind::Bytes(b) => Pick::Byte(b.get(pos).copied()),
                    Kind::Dict(_) | Kind::DictView(..) => Pick::Dict,
                    _ => Pick::Nothing,
                };
                let step = match pick {
                    Pick::Char(Some(c)) => c.len_utf8(),
                    _ => 1,
                };
                let item = match pick {
                    Pick::Item(v) => v.inspect(|&v| heap.incref(v)),
                    Pick::Char(c) => c.map(|c| heap.str(&c.to_string())),
                    Pick::Byte(b) => b.map(|c| heap.int(i64::from(c))),
                    Pick::Dict => {
                        // `pos` is a raw index into the entry table; deleted slots are skipped.
                        let (dict, which) = match heap.kind(seq) {
                            Kind::DictView(d, w) => (*d, *w),
                            _ => (seq, 0),
                        };
                        let (entry, next) = match heap.kind(dict) {
                            Kind::Dict(dd) => {
                                let mut p = pos;
                                while dd.entries.get(p).is_some_and(Option::is_none) {
                                    p += 1;
                                }
                                (dd.entries.get(p).copied().flatten(), p + 1)
                            }
                            _ => (None, pos),
                        };
                        if entry.is_some() {
                            if let Kind::SeqIter(_, at) = &mut heap.get_mut(it).kind {
                                *at = next;
                            }
                        } else {
                            self.exhausted(heap, it, seq);
                        }
                        return Ok(entry.map(|(k, v)| match which {
                            0 => {
                                heap.incref(k);
                                k
                            }
                            1 => {
                                heap.incref(v);
                                v
                            }
                            _ => {
                                heap.incref(k);
                                heap.incref(v);
                                heap.tuple(self, vec![k, v])
                            }
                        }));
                    }
                    Pick::Nothing => None,
                };
                if item.is_some() {
                    if let Kind::SeqIter(_, at) = &mut heap.get_mut(it).kind {
                        *at = pos + step;
                    }
                } else {
                    self.exhausted(heap, it, seq);
                }
                Ok(item)
            }
            _ => Err(py_err("TypeError", "object is not an iterator")),
        }
    }

    /// An exhausted sequence iterator lets go of its sequence (`it_seq = NULL`, as
    /// `listiter_next`, `tupleiter_next`, `dictiter_iternextkey` and the others do), which may
    /// free the sequence before the iterator.
    fn exhausted(&mut self, heap: &mut Heap, it: ObjId, seq: ObjId) {
        if let Kind::SeqIter(held, _) = &mut heap.get_mut(it).kind {
            *held = None;
        }
        self.dec(heap, seq);
    }

    fn collect_items(&mut self, heap: &mut Heap, obj: ObjId) -> R<Vec<ObjId>> {
        if let Kind::Tuple(items) | Kind::List(items, ..) = heap.kind(obj) {
            let items = items.clone();
            for &i in &items {
                heap.incref(i);
            }
            return Ok(items);
        }
        let it = self.get_iter(heap, obj)?;
        let mut out = Vec::new();
        loop {
            match self.next(heap, it) {
                Ok(Some(v)) => out.push(v),
                Ok(None) => break,
                Err(e) => {
                    self.dec_all(heap, out);
                    self.dec(heap, it);
                    return Err(e);
                }
            }
        }
        self.dec(heap, it);
        Ok(out)
    }

    // ---------------------------------------------------------------------------------------
    // Calls

    fn eval_call(&mut self, heap: &mut Heap, c: &ast::ExprCall) -> R<ObjId> {
        if let Expr::Attribute(a) = &*c.func {
            let obj = self.eval(heap, &a.value)?;
            return self.call_method(
                heap,
                obj,
                a.attr.as_str(),
                ErrSpan::of(&c.func),
                |rt, heap| rt.eval_args(heap, c),
            );
        }
        let f = self.eval(heap, &c.func)?;
        self.call_with_args(heap, f, c)
    }

    /// `obj.name(...)` with `obj` evaluated (and owned): the method is looked up first (a
    /// method call makes no bound-method object, as LOAD_METHOD), then `args` evaluates the
    /// arguments. `func_span` is where an attribute error points.
    fn call_method(
        &mut self,
        heap: &mut Heap,
        obj: ObjId,
        name: &str,
        func_span: ErrSpan,
        args: impl FnOnce(&mut Self, &mut Heap) -> R<(Args, Keywords)>,
    ) -> R<ObjId> {
        let method = self.lookup_method(heap, obj, name);
        match method {
            Some(MethodRef::Python(func)) => {
                let mut all = vec![obj];
                match args(self, heap) {
                    Ok((a2, kw)) => {
                        if !kw.is_empty() {
                            self.dec_all(heap, all);
                            self.dec_all(heap, a2);
                            self.dec_all(heap, kw.into_iter().map(|(_, v)| v));
                            return Err(Exc::unsupported("keyword arguments to methods".into()));
                        }
                        all.extend(a2);
                    }
                    Err(e) => {
                        self.dec(heap, obj);
                        return Err(e);
                    }
                }
                heap.incref(func);
                self.call_owned(heap, func, all)
            }
            Some(MethodRef::Builtin(b)) => {
                let (args, kw) = match args(self, heap) {
                    Ok(x) => x,
                    Err(e) => {
                        self.dec(heap, obj);
                        return Err(e);
                    }
                };
                let r = self.call_builtin_method(heap, b, obj, &args, &kw);
                self.dec_all(heap, args.iter().copied());
                if !kw.is_empty() {
                    self.dec_all(heap, kw.into_iter().map(|(_, v)| v));
                }
                self.dec(heap, obj);
                r
            }
            None => {
                let f = raised_at_span(self.getattr(heap, obj, name), func_span);
                self.dec(heap, obj);
                let f = f?;
                let (args, kw) = match args(self, heap) {
                    Ok(x) => x,
                    Err(e) => {
                        self.dec(heap, f);
                        return Err(e);
                    }
                };
                self.call_with_values(heap, f, args, kw)
            }
        }
    }

    fn call_with_args(&mut self, heap: &mut Heap, f: ObjId, c: &ast::ExprCall) -> R<ObjId> {
        let (args, kw) = match self.eval_args(heap, c) {
            Ok(x) => x,
            Err(e) => {
                self.dec(heap, f);
                return Err(e);
            }
        };
        self.call_with_values(heap, f, args, kw)
    }

    /// Calls `f` (owned) with evaluated arguments (owned).
    fn call_with_values(
        &mut self,
        heap: &mut Heap,
        f: ObjId,
        args: Args,
        kw: Keywords,
    ) -> R<ObjId> {
        if let Kind::Builtin(b) = *heap.kind(f) {
            // Builtins without vectorcall receive their arguments packed in a tuple.
            let packed =
                if !args.is_empty() && builtins::builds_args_tuple(b, heap.config.version.minor) {
                    for &a in &args {
                        heap.incref(a);
                    }
                    Some(heap.tuple(self, args.to_vec()))
                } else {
                    None
                };
            let r = self.call_builtin(heap, b, &args, &kw);
            if let Some(t) = packed {
                self.dec(heap, t);
            }
            self.dec_all(heap, args.iter().copied());
            if !kw.is_empty() {
                self.dec_all(heap, kw.into_iter().map(|(_, v)| v));
            }
            self.dec(heap, f);
            return r;
        }
        if !kw.is_empty() {
            self.dec_all(heap, args);
            self.dec_all(heap, kw.into_iter().map(|(_, v)| v));
            self.dec(heap, f);
            return Err(Exc::unsupported(
                "keyword arguments to Python functions".into(),
            ));
        }
        self.call_owned(heap, f, args.into_vec())
    }

    fn eval_args(&mut self, heap: &mut Heap, c: &ast::ExprCall) -> R<(Args, Keywords)> {
        let mut args = Args::new();
        for a in &c.args {
            if let Expr::Starred(s) = a {
                let v = self.eval(heap, &s.value)?;
                let items = self.collect_items(heap, v);
                self.dec(heap, v);
                args.extend(items?);
                continue;
            }
            match self.eval(heap, a) {
                Ok(v) => args.push(v),
                Err(e) => {
                    self.dec_all(heap, args);
                    return Err(e);
                }
            }
        }
        let mut kw = Vec::new();
        for k in &c.keywords {
            let Some(name) = &k.arg else {
                self.dec_all(heap, args);
                return Err(Exc::unsupported("**kwargs in a call".into()));
            };
            let v = self.eval(heap, &k.value)?;
            kw.push((name.to_string(), v));
        }
        Ok((args, kw))
    }

    /// Calls `f` with borrowed-then-released arguments: `f` and `args` are owned and consumed.
    fn call_owned(&mut self, heap: &mut Heap, f: ObjId, args: Vec<ObjId>) -> R<ObjId> {
        let r = self.call(heap, f, args);
        self.dec(heap, f);
        r
    }

    /// Calls `f` (borrowed) with `args` (owned; consumed).
    fn call(&mut self, heap: &mut Heap, f: ObjId, args: Vec<ObjId>) -> R<ObjId> {
        // Only what the call needs is copied out of the callee (a class's whole record is not).
        let kind = match heap.kind(f) {
            Kind::Function(fd) => {
                let fd = FunctionData::clone(fd);
                return self.call_function(heap, f, &fd, args);
            }
            Kind::Class(_) => return self.instantiate(heap, f, args),
            Kind::Method(func, this) => Kind::Method(*func, *this),
            Kind::Builtin(b) => Kind::Builtin(*b),
            Kind::BuiltinMethod(b, this) => Kind::BuiltinMethod(*b, *this),
            Kind::Finalizer(func, args, alive) => Kind::Finalizer(*func, *args, *alive),
            Kind::WeakRef(target, cb, t) => Kind::WeakRef(*target, *cb, *t),
            _ => Kind::None,
        };
        match kind {
            Kind::Method(func, this) => {
                heap.incref(this);
                let mut all = vec![this];
                all.extend(args);
                self.call(heap, func, all)
            }
            Kind::Builtin(b) => {
                let r = self.call_builtin(heap, b, &args, &[]);
                self.dec_all(heap, args);
                r
            }
            Kind::BuiltinMethod(b, this) => {
                let r = self.call_builtin_method(heap, b, this, &args, &[]);
                self.dec_all(heap, args);
                r
            }
            Kind::Finalizer(..) => {
                self.dec_all(heap, args);
                self.run_finalizer(heap, f)
            }
            Kind::WeakRef(target, _, ..) => {
                self.dec_all(heap, args);
                Ok(match target {
                    Some(t) => {
                        heap.incref(t);
                        t
                    }
                    None => heap.none(),
                })
            }
            _ => {
                let t = repr::type_name(heap, f);
                self.dec_all(heap, args);
                Err(py_err("TypeError", format!("'{t}' object is not callable")))
            }
        }
    }

    fn new_frame_object(&mut self, heap: &mut Heap, code: Option<usize>) -> ObjId {
        if let Some(c) = code {
            if let Some(z) = self.codes[c].zombie_frame.take() {
                heap.track(z);
                return z;
            }
        }
        let id = heap.alloc(self, Kind::Frame);
        heap.track(id);
        id
    }

    fn release_frame_for_code(&mut self, heap: &mut Heap, frame: ObjId, code: usize) {
        heap.untrack(frame);
        if self.codes[code].zombie_frame.is_none() {
            self.codes[code].zombie_frame = Some(frame);
            return;
        }
        // frame_dealloc puts it on the frame free list (no count change) or frees it.
        self.dec(heap, frame);
    }

    fn call_function(
        &mut self,
        heap: &mut Heap,
        f: ObjId,
        fd: &FunctionData,
        args: Vec<ObjId>,
    ) -> R<ObjId> {
        let code_index = fd.code as usize;
        let nparams = self.codes[code_index].params.len();
        let defaults: Vec<ObjId> = match fd.defaults.map(|d| heap.kind(d).clone()) {
            Some(Kind::Tuple(items)) => items,
            _ => Vec::new(),
        };
        if args.len() > nparams || args.len() + defaults.len() < nparams {
            let n = args.len();
            self.dec_all(heap, args);
            let code = &self.codes[code_index];
            let name = code.name.clone();
            let required = nparams - defaults.len();
            let msg = if n > nparams {
                let takes = if defaults.is_empty() {
                    format!("{nparams}")
                } else {
                    format!("from {required} to {nparams}")
                };
                format!(
                    "{name}() takes {takes} positional argument{} but {n} {} given",
                    if nparams == 1 && defaults.is_empty() {
                        ""
                    } else {
                        "s"
                    },
                    if n == 1 { "was" } else { "were" }
                )
            } else {
                let missing: Vec<String> = code.params[n..required]
                    .iter()
                    .map(|p| format!("'{p}'"))
                    .collect();
                let listed = match missing.len() {
                    1 => missing[0].clone(),
                    2 => format!("{} and {}", missing[0], missing[1]),
                    _ => format!(
                        "{}, and {}",
                        missing[..missing.len() - 1].join(", "),
                        missing[missing.len() - 1]
                    ),
                };
                format!(
                    "{name}() missing {} required positional argument{}: {listed}",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" }
                )
            };
            return Err(py_err("TypeError", msg));
        }
        // CPython's default recursion limit is 1000, the module frame included.
        if self.frames.len() >= 999 {
            self.dec_all(heap, args);
            return Err(py_err("RecursionError", "maximum recursion depth exceeded"));
        }
        let nslots = self.codes[code_index].slots.len();
        let mut locals = vec![None; nslots];
        let steals = heap.config.call_steals_args;
        let caller_args = if steals { Vec::new() } else { args.clone() };
        for (i, a) in args.into_iter().enumerate() {
            if !steals {
                heap.incref(a);
            }
            locals[i] = Some(a);
        }
        let given = locals.iter().take(nparams).filter(|l| l.is_some()).count();
        for i in given..nparams {
            let d = defaults[defaults.len() - (nparams - i)];
            heap.incref(d);
            locals[i] = Some(d);
        }
        let frame_obj = if heap.config.frames_are_objects {
            Some(self.new_frame_object(heap, Some(code_index)))
        } else {
            None
        };
        let _ = f;
        let caller_lines =
            std::mem::replace(&mut self.lines, Rc::clone(&self.codes[code_index].lines));
        self.frames.push(Frame {
            code: code_index,
            locals,
            frame_obj,
        });
        self.eval_breaker(heap);
        let saved_line = self.line;
        let code = &self.codes[code_index];
        let (lambda_code, block) = (code.lambda_code.clone(), code.block.clone());
        let result = if let Some(body) = lambda_code {
            body(self, heap)
        } else {
            let flow = match block {
                Some(block) => self.run_block(heap, &block),
                None => {
                    let body = Rc::clone(&self.codes[code_index].body);
                    self.exec_block(heap, &body)
                }
            };
            match flow {
                Ok(Flow::Return(v)) => Ok(v),
                Ok(_) => Ok(heap.none()),
                Err(e) => Err(e),
            }
        };
        let result = match result {
            Err(mut e) => {
                let name = self.codes[code_index].name.clone();
                e.with_py_mut(|p| self.leave_frame(heap, p, name));
                Err(e)
            }
            other => other,
        };
        self.line = saved_line;
        self.lines = caller_lines;
        let Some(frame) = self.frames.pop() else {
            return result;
        };
        for v in frame.locals.into_iter().flatten() {
            self.dec(heap, v);
        }
        if let Some(fo) = frame.frame_obj {
            self.release_frame_for_code(heap, fo, code_index);
        }
        self.dec_all(heap, caller_args);
        result
    }

    fn instantiate(&mut self, heap: &mut Heap, cls: ObjId, args: Vec<ObjId>) -> R<ObjId> {
        let inst = heap.instance(self, cls);
        match heap.class_special(cls, Special::Init) {
            Some(init) => {
                heap.incref(init);
                heap.incref(inst);
                let mut all = vec![inst];
                all.extend(args);
                let r = self.call_owned(heap, init, all);
                match r {
                    Ok(v) => {
                        let is_none = matches!(heap.kind(v), Kind::None);
                        self.dec(heap, v);
                        if !is_none {
                            self.dec(heap, inst);
                            return Err(py_err("TypeError", "__init__() should return None"));
                        }
                        Ok(inst)
                    }
                    Err(e) => {
                        self.dec(heap, inst);
                        Err(e)
                    }
                }
            }
            None => {
                if !args.is_empty() {
                    let name = repr::type_name(heap, inst);
                    self.dec_all(heap, args);
                    self.dec(heap, inst);
                    return Err(py_err("TypeError", format!("{name}() takes no arguments")));
                }
                Ok(inst)
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Attributes

    fn lookup_method(&mut self, heap: &mut Heap, obj: ObjId, name: &str) -> Option<MethodRef> {
        match heap.kind(obj) {
            Kind::Instance(inst) => {
                if self.instance_attr(heap, obj, name).is_some() {
                    return None;
                }
                let f = heap.class_lookup(inst.class, name)?;
                matches!(heap.kind(f), Kind::Function(_)).then_some(MethodRef::Python(f))
            }
            k => {
                let (tname, tcode) = match k {
                    Kind::List(..) => ("list", 0u8),
                    Kind::Dict(_) => ("dict", 1),
                    Kind::Set(..) => ("set", 2),
                    Kind::Str(_) => ("str", 3),
                    Kind::Tuple(_) => ("tuple", 4),
                    Kind::ByteArray(..) => ("bytearray", 5),
                    _ => return None,
                };
                // Cached by the name's address in the syntax tree and the type; a hit is checked
                // against the builtin's own name.
                let addr = name.as_ptr() as usize;
                let slot = (addr >> 3) % METHOD_CACHE;
                let (cached_addr, cached_type, cached) = self.method_cache[slot];
                let full = builtins::full_name(cached);
                if cached_addr == addr
                    && cached_type == tcode
                    && full.len() > name.len()
                    && full.ends_with(name)
                    && full.as_bytes()[full.len() - name.len() - 1] == b'.'
                {
                    return Some(MethodRef::Builtin(cached));
                }
                let found = builtins::id(&format!("{tname}.{name}"))?;
                self.method_cache[slot] = (addr, tcode, found);
                Some(MethodRef::Builtin(found))
            }
        }
    }

    fn instance_attr(&self, heap: &Heap, obj: ObjId, name: &str) -> Option<ObjId> {
        let Kind::Instance(inst) = heap.kind(obj) else {
            return None;
        };
        if let Kind::Class(c) = heap.kind(inst.class) {
            if let Some(slots) = &c.slots {
                if let Some(i) = slots.iter().position(|s| &**s == name) {
                    return inst.slots.get(i).copied().flatten();
                }
            }
        }
        match &inst.dict {
            InstanceDict::Values(vals) => vals.iter().find(|(n, _)| &**n == name).map(|(_, v)| *v),
            InstanceDict::Dict(d) => heap.dict_get_str(*d, name),
            InstanceDict::None => None,
        }
    }

    /// `obj.name` on an instance of the user class `class`; `values` when its attributes live
    /// in a values array rather than a dict.
    fn getattr_instance(
        &mut self,
        heap: &mut Heap,
        obj: ObjId,
        class: ObjId,
        values: bool,
        name: &str,
    ) -> R<ObjId> {
        if name == "__dict__"
            && heap.config.instance_layout == InstanceLayout::InlineValues
            && values
        {
            let pairs = self.value_pairs(heap, obj);
            let d = heap.inline_dict_view(self, obj, &pairs);
            heap.incref(d);
            return Ok(d);
        }
        if name == "__dict__" {
            return match heap.materialize_instance_dict(self, obj) {
                Some(d) => {
                    heap.incref(d);
                    Ok(d)
                }
                None => Err(self.attr_error(heap, obj, name)),
            };
        }
        if name == "__class__" {
            heap.incref(class);
            return Ok(class);
        }
        if let Some(v) = self.instance_attr(heap, obj, name) {
            heap.incref(v);
            return Ok(v);
        }
        if let Some(v) = heap.class_lookup(class, name) {
            if matches!(heap.kind(v), Kind::Descriptor(..)) {
                // An empty slot (member descriptor) or a __dict__/__weakref__ getset.
                return Err(self.attr_error(heap, obj, name));
            }
            if matches!(heap.kind(v), Kind::Function(_)) {
                heap.incref(v);
                heap.incref(obj);
                return Ok(heap.alloc(self, Kind::Method(v, obj)));
            }
            heap.incref(v);
            return Ok(v);
        }
        Err(self.attr_error(heap, obj, name))
    }

    fn getattr(&mut self, heap: &mut Heap, obj: ObjId, name: &str) -> R<ObjId> {
        // Instances are matched by reference: cloning the kind would copy every attribute.
        if let Kind::Instance(inst) = heap.kind(obj) {
            let (class, values) = (inst.class, matches!(inst.dict, InstanceDict::Values(_)));
            return self.getattr_instance(heap, obj, class, values, name);
        }
        match heap.kind(obj).clone() {
            Kind::Class(c) => {
                if name == "__name__" {
                    return Ok(heap.str(&c.name));
                }
                if name == "__dict__" {
                    heap.incref(c.dict);
                    return Ok(c.dict);
                }
                match heap.class_lookup(obj, name) {
                    Some(v) => {
                        heap.incref(v);
                        Ok(v)
                    }
                    None => Err(py_err(
                        "AttributeError",
                        format!("type object '{}' has no attribute '{}'", c.name, name),
                    )),
                }
            }
            Kind::Module(mname, dict) => match heap.dict_get_str(dict, name) {
                Some(v) => {
                    heap.incref(v);
                    Ok(v)
                }
                None => Err(py_err(
                    "AttributeError",
                    format!("module '{mname}' has no attribute '{name}'"),
                )),
            },
            Kind::Function(fd) => match name {
                "__name__" => Ok(heap.str(&fd.name)),
                "__qualname__" => Ok(heap.str(&fd.qualname)),
                _ => Err(self.attr_error(heap, obj, name)),
            },
            Kind::Builtin(b) => {
                if name == "__name__" {
                    return Ok(heap.str(builtins::name(b)));
                }
                let full = format!("{}.{}", builtins::full_name(b), name);
                match builtins::id(&full) {
                    Some(m) => Ok(self.builtin_obj(heap, m)),
                    None => Err(self.attr_error(heap, obj, name)),
                }
            }
            Kind::Finalizer(_, _, alive) if name == "alive" => Ok(heap.bool(alive)),
            _ => {
                if let Some(MethodRef::Builtin(b)) = self.lookup_method(heap, obj, name) {
                    heap.incref(obj);
                    return Ok(heap.alloc(self, Kind::BuiltinMethod(b, obj)));
                }
                if name == "__class__" {
                    return self.type_of(heap, obj);
                }
                Err(self.attr_error(heap, obj, name))
            }
        }
    }

    /// An instance's inline values as (interned name object, value) pairs, borrowed.
    fn value_pairs(&mut self, heap: &mut Heap, obj: ObjId) -> Vec<(ObjId, ObjId)> {
        let names: Vec<(Rc<str>, ObjId)> = match heap.kind(obj) {
            Kind::Instance(inst) => match &inst.dict {
                InstanceDict::Values(vals) => vals.to_vec(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        names
            .into_iter()
            .map(|(n, v)| {
                let k = self.name_obj(heap, &n);
                heap.decref(self, k);
                (k, v)
            })
            .collect()
    }

    /// 3.13: keep a materialised `__dict__` in step with the inline values it shares.
    fn resync_dict_view(&mut self, heap: &mut Heap, obj: ObjId) {
        let view = match heap.kind(obj) {
            Kind::Instance(inst) => inst.dict_view,
            _ => None,
        };
        if let Some(view) = view {
            let pairs = self.value_pairs(heap, obj);
            heap.sync_dict_view(view, &pairs);
        }
    }

    /// The instance whose inline values a 3.13 `__dict__` shares.
    fn view_owner(&self, heap: &Heap, dict: ObjId) -> Option<ObjId> {
        heap.live_objects()
            .find(|&o| matches!(heap.kind(o), Kind::Instance(i) if i.dict_view == Some(dict)))
    }

    fn attr_error(&self, heap: &Heap, obj: ObjId, name: &str) -> Exc {
        let t = repr::type_name(heap, obj);
        py_err(
            "AttributeError",
            format!("'{t}' object has no attribute '{name}'"),
        )
    }

    /// `obj.name = value` (stolen) on an instance of the user class `class`.
    fn setattr_instance(
        &mut self,
        heap: &mut Heap,
        obj: ObjId,
        class: ObjId,
        dict: AttrStore,
        name: &str,
        value: ObjId,
    ) -> R<()> {
        let (slots, has_dict) = match heap.kind(class) {
            Kind::Class(c) => (c.slots.clone(), c.has_dict),
            _ => (None, true),
        };
        if let Some(slots) = slots {
            if let Some(i) = slots.iter().position(|s| &**s == name) {
                let old = if let Kind::Instance(inst) = &mut heap.get_mut(obj).kind {
                    inst.slots[i].replace(value)
                } else {
                    None
                };
                if let Some(o) = old {
                    self.dec(heap, o);
                }
                return Ok(());
            }
        }
        if !has_dict {
            self.dec(heap, value);
            return Err(self.attr_error(heap, obj, name));
        }
        match dict {
            AttrStore::Values => {
                // Managed values: the name must be (or become) one of the class's shared keys.
                let key = self.interned_name(heap, name).key;
                let rc = self.name_text(heap, key);
                let fits = if let Kind::Class(c) = &mut heap.get_mut(class).kind {
                    if c.shared_names
                        .iter()
                        .any(|n| Rc::ptr_eq(n, &rc) || **n == *name)
                    {
                        true
                    } else if c.shared_usable > 0 && c.shared_names.len() < 30 {
                        c.shared_names.push(rc.clone());
                        c.shared_usable -= 1;
                        true
                    } else {
                        false
                    }
                } else {
                    false
                };
                if !fits {
                    let d = heap.materialize_instance_dict(self, obj);
                    return match d {
                        Some(d) => {
                            let key = self.name_obj(heap, name);
                            self.dict_store(heap, d, key, value);
                            Ok(())
                        }
                        None => {
                            self.dec(heap, value);
                            Err(self.attr_error(heap, obj, name))
                        }
                    };
                }
                let old = if let Kind::Instance(inst) = &mut heap.get_mut(obj).kind {
                    if let InstanceDict::Values(vals) = &mut inst.dict {
                        match vals
                            .iter_mut()
                            .find(|(n, _)| Rc::ptr_eq(n, &rc) || **n == *name)
                        {
                            Some(slot) => Some(std::mem::replace(&mut slot.1, value)),
                            None => {
                                vals.push((rc, value));
                                None
                            }
                        }
                    } else {
                        None
                    }
                } else {
                    None
                };
                self.resync_dict_view(heap, obj);
                if let Some(o) = old {
                    self.dec(heap, o);
                }
                Ok(())
            }
            AttrStore::Dict(d) => {
                let key = self.name_obj(heap, name);
                self.dict_store(heap, d, key, value);
                Ok(())
            }
            AttrStore::Created => {
                // 3.8–3.10: the instance dict is created on the first attribute store,
                // as a split table sharing the class's keys (values array of 5 slots).
                let d = heap.dict(self);
                let bytes = 40;
                let vb = heap.alloc.malloc(bytes, &mut heap.log);
                if let Kind::Dict(dd) = &mut heap.get_mut(d).kind {
                    dd.values_block = Some(vb);
                    dd.values_bytes = bytes;
                    dd.log2_size = 3;
                    dd.unicode = true;
                }
                if let Kind::Instance(inst) = &mut heap.get_mut(obj).kind {
                    inst.dict = InstanceDict::Dict(d);
                }
                let key = self.name_obj(heap, name);
                self.dict_store(heap, d, key, value);
                Ok(())
            }
        }
    }

    fn setattr(&mut self, heap: &mut Heap, obj: ObjId, name: &str, value: ObjId) -> R<()> {
        // Instances are matched by reference: cloning the kind would copy every attribute.
        if let Kind::Instance(inst) = heap.kind(obj) {
            let class = inst.class;
            let dict = match &inst.dict {
                InstanceDict::Values(_) => AttrStore::Values,
                InstanceDict::Dict(d) => AttrStore::Dict(*d),
                InstanceDict::None => AttrStore::Created,
            };
            return self.setattr_instance(heap, obj, class, dict, name, value);
        }
        match heap.kind(obj).clone() {
            Kind::Class(c) => {
                let key = self.name_obj(heap, name);
                self.dict_store(heap, c.dict, key, value);
                Ok(())
            }
            _ => {
                let t = repr::type_name(heap, obj);
                self.dec(heap, value);
                Err(py_err(
                    "AttributeError",
                    format!("'{t}' object has no attribute '{name}'"),
                ))
            }
        }
    }

    fn delattr(&mut self, heap: &mut Heap, obj: ObjId, name: &str) -> R<()> {
        if let Kind::Class(c) = heap.kind(obj) {
            // type_setattro with no value: PyDict_DelItem on the namespace (key, then value).
            let (dict, cname) = (c.dict, c.name.clone());
            let key = self.name_key(heap, name);
            return match heap.dict_del(dict, &key) {
                Some((k, v)) => {
                    self.dec(heap, k);
                    self.dec(heap, v);
                    Ok(())
                }
                // 3.8–3.10 raised KeyError's message from the dict, the bare name.
                None if !heap.config.version.at_least(11) => {
                    Err(py_err("AttributeError", name.to_string()))
                }
                None => Err(py_err(
                    "AttributeError",
                    format!("type object '{cname}' has no attribute '{name}'"),
                )),
            };
        }
        let removed = match &mut heap.get_mut(obj).kind {
            Kind::Instance(inst) => match &mut inst.dict {
                InstanceDict::Values(vals) => vals
                    .iter()
                    .position(|(n, _)| &**n == name)
                    .map(|i| vals.remove(i).1),
                InstanceDict::Dict(d) => {
                    let d = *d;
                    let key = HKey::Str(Rc::from(name));
                    heap.dict_del(d, &key).map(|(k, v)| {
                        heap.decref(self, k);
                        v
                    })
                }
                InstanceDict::None => None,
            },
            _ => None,
        };
        match removed {
            Some(v) => {
                self.resync_dict_view(heap, obj);
                self.dec(heap, v);
                Ok(())
            }
            None => {
                let slot = if let Kind::Instance(inst) = heap.kind(obj) {
                    match heap.kind(inst.class) {
                        Kind::Class(c) => c
                            .slots
                            .as_ref()
                            .and_then(|s| s.iter().position(|n| &**n == name)),
                        _ => None,
                    }
                } else {
                    None
                };
                if let Some(i) = slot {
                    let v = if let Kind::Instance(inst) = &mut heap.get_mut(obj).kind {
                        inst.slots[i].take()
                    } else {
                        None
                    };
                    if let Some(v) = v {
                        self.dec(heap, v);
                        return Ok(());
                    }
                }
                Err(self.attr_error(heap, obj, name))
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Subscripts

    fn index_of(&self, heap: &Heap, key: ObjId, len: usize) -> R<Option<usize>> {
        let i = match heap.kind(key) {
            Kind::Int(IntVal::Small(i)) => *i,
            Kind::Bool(b) => i64::from(*b),
            _ => return Err(py_err("TypeError", "indices must be integers or slices")),
        };
        let i = if i < 0 { i + len as i64 } else { i };
        Ok((0..len as i64).contains(&i).then_some(i as usize))
    }

    fn slice_indices(&self, heap: &Heap, key: ObjId, len: usize) -> Option<Vec<usize>> {
        let Kind::Tuple(parts) = heap.kind(key) else {
            return None;
        };
        if parts.len() != 3 {
            return None;
        }
        let get = |i: usize| match heap.kind(parts[i]) {
            Kind::Int(IntVal::Small(v)) => Some(Some(*v)),
            Kind::None => Some(None),
            _ => None,
        };
        let (lo, hi, st) = (get(0)?, get(1)?, get(2)?);
        let step = st.unwrap_or(1);
        if step == 0 {
            return None;
        }
        let n = len as i64;
        let clamp = |v: Option<i64>, default: i64, lo_b: i64, hi_b: i64| match v {
            None => default,
            Some(v) => {
                let v = if v < 0 { v + n } else { v };
                v.clamp(lo_b, hi_b)
            }
        };
        let mut out = Vec::new();
        if step > 0 {
            let (a, b) = (clamp(lo, 0, 0, n), clamp(hi, n, 0, n));
            let mut i = a;
            while i < b {
                out.push(i as usize);
                i += step;
            }
        } else {
            let (a, b) = (clamp(lo, n - 1, -1, n - 1), clamp(hi, -1, -1, n - 1));
            let mut i = a;
            while i > b {
                out.push(i as usize);
                i += step;
            }
        }
        Some(out)
    }

    fn is_slice_key(&self, heap: &Heap, key: ObjId, slice_expr: bool) -> bool {
        slice_expr && matches!(heap.kind(key), Kind::Tuple(p) if p.len() == 3)
    }

    /// `obj[key]`; consumes `key`.
    fn getitem(&mut self, heap: &mut Heap, obj: ObjId, key: ObjId) -> R<ObjId> {
        let r = self.getitem_inner(heap, obj, key);
        self.dec(heap, key);
        r
    }

    fn getitem_inner(&mut self, heap: &mut Heap, obj: ObjId, key: ObjId) -> R<ObjId> {
        // Matched by reference: cloning the kind would copy a list or a dict per subscript.
        match heap.kind(obj) {
            Kind::List(items, ..) | Kind::Tuple(items) => {
                let len = items.len();
                let is_list = matches!(heap.kind(obj), Kind::List(..));
                let item = |heap: &Heap, i: usize| match heap.kind(obj) {
                    Kind::List(v, ..) | Kind::Tuple(v) => v.get(i).copied(),
                    _ => None,
                };
                if let Some(idx) = self
                    .slice_indices(heap, key, len)
                    .filter(|_| self.is_slice_key(heap, key, true))
                {
                    let picked: Vec<ObjId> = idx.iter().filter_map(|&i| item(heap, i)).collect();
                    for &p in &picked {
                        heap.incref(p);
                    }
                    let n = picked.len();
                    return Ok(if is_list {
                        heap.list(self, picked, n)
                    } else {
                        heap.tuple(self, picked)
                    });
                }
                match self.index_of(heap, key, len)?.and_then(|i| item(heap, i)) {
                    Some(v) => {
                        heap.incref(v);
                        Ok(v)
                    }
                    None => Err(py_err(
                        "IndexError",
                        format!(
                            "{} index out of range",
                            if is_list { "list" } else { "tuple" }
                        ),
                    )),
                }
            }
            Kind::Str(s) => {
                let s = s.clone();
                let chars: Vec<char> = s.chars().collect();
                if let Some(idx) = self.slice_indices(heap, key, chars.len()) {
                    let t: String = idx.iter().map(|&i| chars[i]).collect();
                    return Ok(heap.str(&t));
                }
                match self.index_of(heap, key, chars.len())? {
                    Some(i) => Ok(heap.str(&chars[i].to_string())),
                    None => Err(py_err("IndexError", "string index out of range")),
                }
            }
            Kind::Dict(_) => {
                let Some(hk) = heap.hkey(key) else {
                    let t = repr::type_name(heap, key);
                    return Err(py_err("TypeError", format!("unhashable type: '{t}'")));
                };
                match heap.dict_get(obj, &hk) {
                    Some(v) => {
                        heap.incref(v);
                        Ok(v)
                    }
                    None => {
                        let r = self.repr_of(heap, key)?;
                        Err(py_err("KeyError", r))
                    }
                }
            }
            &Kind::Range(a, b, s) => {
                let n = range_len(a, b, s);
                match self.index_of(heap, key, n as usize)? {
                    Some(i) => Ok(heap.int(a + s * i as i64)),
                    None => Err(py_err("IndexError", "range object index out of range")),
                }
            }
            _ => {
                let t = repr::type_name(heap, obj);
                Err(py_err(
                    "TypeError",
                    format!("'{t}' object is not subscriptable"),
                ))
            }
        }
    }

    /// `obj[key] = value`; consumes `key` and `value`.
    fn setitem(&mut self, heap: &mut Heap, obj: ObjId, key: ObjId, value: ObjId) -> R<()> {
        // Matched by reference: cloning the kind would copy a list or a dict per store.
        match heap.kind(obj) {
            Kind::List(items, ..) => {
                let r = self.index_of(heap, key, items.len());
                self.dec(heap, key);
                match r {
                    Ok(Some(i)) => {
                        let old = if let Kind::List(v, ..) = &mut heap.get_mut(obj).kind {
                            std::mem::replace(&mut v[i], value)
                        } else {
                            value
                        };
                        self.dec(heap, old);
                        Ok(())
                    }
                    Ok(None) => {
                        self.dec(heap, value);
                        Err(py_err("IndexError", "list assignment index out of range"))
                    }
                    Err(e) => {
                        self.dec(heap, value);
                        Err(e)
                    }
                }
            }
            Kind::Dict(d) if d.borrowed => {
                // 3.13 shared-values `__dict__`: the store goes to the owning instance.
                let owner = self.view_owner(heap, obj);
                let name = match heap.kind(key) {
                    Kind::Str(s) => Some(s.clone()),
                    _ => None,
                };
                self.dec(heap, key);
                match (owner, name) {
                    (Some(o), Some(n)) => self.setattr(heap, o, &n, value),
                    _ => {
                        self.dec(heap, value);
                        Err(Exc::unsupported(
                            "non-str key in a 3.13 instance __dict__".into(),
                        ))
                    }
                }
            }
            Kind::Dict(_) => self.dict_store_checked(heap, obj, key, value),
            _ => {
                let t = repr::type_name(heap, obj);
                self.dec(heap, key);
                self.dec(heap, value);
                Err(py_err(
                    "TypeError",
                    format!("'{t}' object does not support item assignment"),
                ))
            }
        }
    }

    /// `del obj[key]`; `key` is borrowed.
    fn delitem(&mut self, heap: &mut Heap, obj: ObjId, key: ObjId) -> R<()> {
        match heap.kind(obj).clone() {
            Kind::List(items, ..) => {
                if let Some(idx) = self.slice_indices(heap, key, items.len()) {
                    let mut remove: Vec<usize> = idx;
                    remove.sort_unstable();
                    remove.dedup();
                    let mut removed = Vec::new();
                    if let Kind::List(v, ..) = &mut heap.get_mut(obj).kind {
                        for &i in remove.iter().rev() {
                            removed.push(v.remove(i));
                        }
                    }
                    let n = self.list_len(heap, obj);
                    heap.list_resize(obj, n);
                    removed.reverse();
                    self.dec_all(heap, removed);
                    return Ok(());
                }
                match self.index_of(heap, key, items.len())? {
                    Some(i) => {
                        let old = if let Kind::List(v, ..) = &mut heap.get_mut(obj).kind {
                            Some(v.remove(i))
                        } else {
                            None
                        };
                        let n = self.list_len(heap, obj);
                        heap.list_resize(obj, n);
                        if let Some(o) = old {
                            self.dec(heap, o);
                        }
                        Ok(())
                    }
                    None => Err(py_err("IndexError", "list assignment index out of range")),
                }
            }
            Kind::Dict(_) => {
                let Some(hk) = heap.hkey(key) else {
                    return Err(py_err("TypeError", "unhashable type"));
                };
                match heap.dict_del(obj, &hk) {
                    Some((k, v)) => {
                        self.dec(heap, k);
                        self.dec(heap, v);
                        Ok(())
                    }
                    None => {
                        let r = self.repr_of(heap, key)?;
                        Err(py_err("KeyError", r))
                    }
                }
            }
            _ => {
                let t = repr::type_name(heap, obj);
                Err(py_err(
                    "TypeError",
                    format!("'{t}' object doesn't support item deletion"),
                ))
            }
        }
    }

    fn list_len(&self, heap: &Heap, obj: ObjId) -> usize {
        heap.list_len(obj)
    }

    // ---------------------------------------------------------------------------------------
    // Operators

    fn num(&self, heap: &Heap, id: ObjId) -> Option<Num> {
        match heap.kind(id) {
            Kind::Int(i) => Some(Num::Int(i.clone())),
            Kind::Bool(b) => Some(Num::Int(IntVal::Small(i64::from(*b)))),
            Kind::Float(f) => Some(Num::Float(*f)),
            _ => None,
        }
    }

    /// `sq_repeat` of a str, bytes, list or tuple by an int (either order; a bool counts as
    /// its int), read in place: `None` for other operands. CPython's rules: a str, bytes or
    /// tuple repeated once (and an empty bytes or tuple, any number of times) is the object
    /// itself; a str repeated less than once is the empty str and a tuple the empty tuple,
    /// while bytes and lists are new objects; a str or bytes longer than `PY_SSIZE_T_MAX` is
    /// an `OverflowError`, anything too big a `MemoryError`.
    fn repeat_sequence(&mut self, heap: &mut Heap, l: ObjId, r: ObjId) -> R<Option<ObjId>> {
        fn count(k: &Kind) -> Option<i64> {
            match k {
                Kind::Int(IntVal::Small(n)) => Some(*n),
                Kind::Bool(b) => Some(i64::from(*b)),
                _ => None,
            }
        }
        let is_sequence = |k: &Kind| {
            matches!(
                k,
                Kind::Str(_) | Kind::Bytes(_) | Kind::List(..) | Kind::Tuple(_)
            )
        };
        let (seq, n) = match (heap.kind(l), heap.kind(r)) {
            (s, c) if is_sequence(s) => (l, count(c)),
            (c, s) if is_sequence(s) => (r, count(c)),
            _ => return Ok(None),
        };
        let Some(n) = n else { return Ok(None) };
        let n = n.max(0) as usize;
        let kind = heap.kind(seq);
        let unchanged = |heap: &mut Heap| {
            heap.incref(seq);
            Ok(Some(seq))
        };
        match kind {
            Kind::Str(s) => {
                if n == 0 {
                    return Ok(Some(heap.str("")));
                }
                if n == 1 {
                    return unchanged(heap);
                }
                if s.len() as u128 * n as u128 > i64::MAX as u128 {
                    check_repeat_length(s.chars().count(), n, "string is")?;
                }
                check_object_bytes(s.len() as u128 * n as u128)?;
                let text = s.repeat(n);
                Ok(Some(heap.str(&text)))
            }
            Kind::Bytes(b) => {
                check_repeat_length(b.len(), n, "bytes are")?;
                if n == 1 || b.is_empty() {
                    return unchanged(heap);
                }
                check_object_bytes(b.len() as u128 * n as u128)?;
                // A new object even when empty (`bytes_repeat` allocates it).
                let v = b.repeat(n);
                Ok(Some(heap.new_plain(Kind::Bytes(Rc::from(v.as_slice())))))
            }
            Kind::Tuple(items) if n == 1 || items.is_empty() => unchanged(heap),
            Kind::List(items, ..) | Kind::Tuple(items) => {
                let is_list = matches!(kind, Kind::List(..));
                check_object_bytes(8 * items.len() as u128 * n as u128)?;
                let mut out = Vec::with_capacity(items.len() * n);
                if let &[item] = items.as_slice() {
                    out.resize(n, item);
                    heap.incref_n(item, n);
                } else if !items.is_empty() {
                    for _ in 0..n {
                        out.extend_from_slice(items);
                    }
                    // The items' references, in the order `list_repeat` and `tuplerepeat`
                    // take them.
                    for &i in &out {
                        heap.incref(i);
                    }
                }
                Ok(Some(if is_list {
                    let len = out.len();
                    heap.list(self, out, len)
                } else {
                    heap.tuple(self, out)
                }))
            }
            _ => Ok(None),
        }
    }

    fn binop(&mut self, heap: &mut Heap, op: ast::Operator, l: ObjId, r: ObjId) -> R<ObjId> {
        use ast::Operator as O;
        // Machine ints first, without building `Num`s (the same result as `num_binop`'s).
        if let (Kind::Int(IntVal::Small(x)), Kind::Int(IntVal::Small(y))) =
            (heap.kind(l), heap.kind(r))
        {
            let (x, y) = (*x, *y);
            if let Some(v) = small_int_op(op, x, y) {
                // Operands of one 30-bit digit need no spare digit.
                if matches!(op, O::Add | O::Sub)
                    && (x.unsigned_abs() >= 1 << 30 || y.unsigned_abs() >= 1 << 30)
                {
                    let d = IntVal::Small(x).ndigits().max(IntVal::Small(y).ndigits());
                    if d > 1 {
                        return Ok(heap.int_with_spare_digit(IntVal::Small(v), d + 1));
                    }
                }
                return Ok(heap.int(v));
            }
        }
        if let (Some(a), Some(b)) = (self.num(heap, l), self.num(heap, r)) {
            return self.num_binop(heap, op, a, b, l, r);
        }
        if let O::Mult = op {
            if let Some(id) = self.repeat_sequence(heap, l, r)? {
                return Ok(id);
            }
        }
        let lk = heap.kind(l).clone();
        let rk = heap.kind(r).clone();
        match (op, &lk, &rk) {
            (O::Add, Kind::Str(a), Kind::Str(b)) => {
                check_object_bytes(a.len() as u128 + b.len() as u128)?;
                Ok(heap.str(&format!("{a}{b}")))
            }
            (O::Add, Kind::Bytes(a), Kind::Bytes(b)) => {
                check_object_bytes(a.len() as u128 + b.len() as u128)?;
                let v: Vec<u8> = a.iter().chain(b.iter()).copied().collect();
                Ok(heap.new_plain(Kind::Bytes(Rc::from(v.as_slice()))))
            }
            (O::Add, Kind::List(a, ..), Kind::List(b, ..)) => {
                let items: Vec<ObjId> = a.iter().chain(b.iter()).copied().collect();
                for &i in &items {
                    heap.incref(i);
                }
                let n = items.len();
                Ok(heap.list(self, items, n))
            }
            (O::Add, Kind::Tuple(a), Kind::Tuple(b)) => {
                let items: Vec<ObjId> = a.iter().chain(b.iter()).copied().collect();
                for &i in &items {
                    heap.incref(i);
                }
                Ok(heap.tuple(self, items))
            }
            (O::Mod, Kind::Str(fmt), _) => {
                let args = match &rk {
                    Kind::Tuple(items) => items.clone(),
                    _ => vec![r],
                };
                let s = self.percent_format(heap, fmt, &args)?;
                Ok(heap.str(&s))
            }
            // The sequence's own concatenation refuses other types (sq_concat's message).
            (O::Add, Kind::Str(_) | Kind::List(..) | Kind::Tuple(_), _)
                if std::mem::discriminant(&lk) != std::mem::discriminant(&rk) =>
            {
                let t = repr::type_name(heap, l);
                Err(py_err(
                    "TypeError",
                    format!(
                        "can only concatenate {t} (not \"{}\") to {t}",
                        repr::type_name(heap, r)
                    ),
                ))
            }
            _ => {
                let sym = match op {
                    O::Add => "+",
                    O::Sub => "-",
                    O::Mult => "*",
                    O::Div => "/",
                    O::FloorDiv => "//",
                    O::Mod => "%",
                    O::Pow => "** or pow()",
                    O::LShift => "<<",
                    O::RShift => ">>",
                    O::BitAnd => "&",
                    O::BitOr => "|",
                    O::BitXor => "^",
                    O::MatMult => "@",
                };
                Err(py_err(
                    "TypeError",
                    format!(
                        "unsupported operand type(s) for {}: '{}' and '{}'",
                        sym,
                        repr::type_name(heap, l),
                        repr::type_name(heap, r)
                    ),
                ))
            }
        }
    }

    fn num_binop(
        &mut self,
        heap: &mut Heap,
        op: ast::Operator,
        a: Num,
        b: Num,
        l: ObjId,
        r: ObjId,
    ) -> R<ObjId> {
        use ast::Operator as O;
        match (a, b) {
            (Num::Int(x), Num::Int(y)) => {
                let digits = |id: ObjId| match heap.kind(id) {
                    Kind::Int(i) => i.ndigits(),
                    _ => 1,
                };
                let (dl, dr) = (digits(l), digits(r));
                if let (IntVal::Small(x), IntVal::Small(y)) = (&x, &y) {
                    if let Some(v) = small_int_op(op, *x, *y) {
                        if matches!(op, O::Add | O::Sub) && (dl > 1 || dr > 1) {
                            return Ok(heap.int_with_spare_digit(IntVal::Small(v), dl.max(dr) + 1));
                        }
                        return Ok(heap.int(v));
                    }
                }
                let xb = x.to_big();
                let yb = y.to_big();
                let v = match op {
                    O::Add => xb + yb,
                    O::Sub => xb - yb,
                    O::Mult => xb * yb,
                    O::FloorDiv | O::Mod => {
                        if yb.is_zero() {
                            return Err(py_err(
                                "ZeroDivisionError",
                                if matches!(op, O::Mod) {
                                    "integer modulo by zero"
                                } else {
                                    "integer division or modulo by zero"
                                },
                            ));
                        }
                        let (q, m) = xb.div_mod_floor(&yb);
                        if matches!(op, O::Mod) {
                            m
                        } else {
                            q
                        }
                    }
                    O::Div => {
                        let (xf, yf) = (
                            xb.to_f64().unwrap_or(f64::NAN),
                            yb.to_f64().unwrap_or(f64::NAN),
                        );
                        if yf == 0.0 {
                            return Err(py_err("ZeroDivisionError", "division by zero"));
                        }
                        return Ok(heap.new_plain(Kind::Float(xf / yf)));
                    }
                    O::Pow => {
                        if yb.is_negative() {
                            let f = xb.to_f64().unwrap_or(0.0).powf(yb.to_f64().unwrap_or(0.0));
                            return Ok(heap.new_plain(Kind::Float(f)));
                        }
                        let e = yb
                            .to_u32()
                            .ok_or_else(|| py_err("OverflowError", "exponent too large"))?;
                        if e > 100_000 {
                            return Err(py_err("OverflowError", "exponent too large for pymemsim"));
                        }
                        num_traits::pow(xb, e as usize)
                    }
                    O::LShift => {
                        let s = yb
                            .to_u32()
                            .ok_or_else(|| py_err("ValueError", "negative shift count"))?;
                        xb << s
                    }
                    O::RShift => {
                        let s = yb
                            .to_u32()
                            .ok_or_else(|| py_err("ValueError", "negative shift count"))?;
                        xb >> s
                    }
                    O::BitAnd => xb & yb,
                    O::BitOr => xb | yb,
                    O::BitXor => xb ^ yb,
                    O::MatMult => {
                        return Err(py_err("TypeError", "unsupported operand type(s) for @"))
                    }
                };
                let val = IntVal::from_big(v);
                if matches!(op, O::Add | O::Sub) && (dl > 1 || dr > 1) {
                    // x_add / x_sub allocate one digit more than the larger operand.
                    return Ok(heap.int_with_spare_digit(val, dl.max(dr) + 1));
                }
                Ok(heap.int_val(val))
            }
            (x, y) => {
                let (xf, yf) = (x.to_f64(), y.to_f64());
                let v = match op {
                    O::Add => xf + yf,
                    O::Sub => xf - yf,
                    O::Mult => xf * yf,
                    O::Div => {
                        if yf == 0.0 {
                            return Err(py_err("ZeroDivisionError", "float division by zero"));
                        }
                        xf / yf
                    }
                    O::FloorDiv => {
                        if yf == 0.0 {
                            return Err(py_err(
                                "ZeroDivisionError",
                                "float floor division by zero",
                            ));
                        }
                        (xf / yf).floor()
                    }
                    O::Mod => {
                        if yf == 0.0 {
                            return Err(py_err("ZeroDivisionError", "float modulo"));
                        }
                        let m = xf % yf;
                        if m != 0.0 && (m < 0.0) != (yf < 0.0) {
                            m + yf
                        } else {
                            m
                        }
                    }
                    O::Pow => xf.powf(yf),
                    _ => return Err(py_err("TypeError", "unsupported operand type(s) for float")),
                };
                Ok(heap.new_plain(Kind::Float(v)))
            }
        }
    }

    fn unaryop(&mut self, heap: &mut Heap, op: ast::UnaryOp, v: ObjId) -> R<ObjId> {
        match op {
            ast::UnaryOp::Not => {
                let t = self.truthy(heap, v)?;
                Ok(heap.bool(!t))
            }
            ast::UnaryOp::USub => match self.num(heap, v) {
                Some(Num::Int(i)) => Ok(heap.int_val(IntVal::from_big(-i.to_big()))),
                Some(Num::Float(f)) => Ok(heap.new_plain(Kind::Float(-f))),
                None => Err(py_err(
                    "TypeError",
                    format!(
                        "bad operand type for unary -: '{}'",
                        repr::type_name(heap, v)
                    ),
                )),
            },
            ast::UnaryOp::UAdd => {
                heap.incref(v);
                Ok(v)
            }
            ast::UnaryOp::Invert => match self.num(heap, v) {
                Some(Num::Int(i)) => Ok(heap.int_val(IntVal::from_big(-i.to_big() - 1))),
                _ => Err(py_err(
                    "TypeError",
                    format!(
                        "bad operand type for unary ~: '{}'",
                        repr::type_name(heap, v)
                    ),
                )),
            },
        }
    }

    fn eq(&mut self, heap: &mut Heap, a: ObjId, b: ObjId) -> R<bool> {
        if a == b {
            return Ok(true);
        }
        if let (Some(x), Some(y)) = (self.num(heap, a), self.num(heap, b)) {
            return Ok(match (x, y) {
                (Num::Int(p), Num::Int(q)) => p == q,
                (p, q) => p.to_f64() == q.to_f64(),
            });
        }
        match (heap.kind(a), heap.kind(b)) {
            (Kind::Str(x), Kind::Str(y)) => return Ok(x == y),
            (Kind::Bytes(x), Kind::Bytes(y)) => return Ok(x == y),
            _ => {}
        }
        let (ka, kb) = (heap.kind(a).clone(), heap.kind(b).clone());
        Ok(match (&ka, &kb) {
            (Kind::Str(x), Kind::Str(y)) => x == y,
            (Kind::Bytes(x), Kind::Bytes(y)) => x == y,
            (Kind::Tuple(x), Kind::Tuple(y)) | (Kind::List(x, ..), Kind::List(y, ..)) => {
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (&p, &q) in x.iter().zip(y.iter()) {
                    if !self.eq(heap, p, q)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Kind::Dict(x), Kind::Dict(y)) => {
                if x.used != y.used {
                    return Ok(false);
                }
                for (k, v) in x.iter() {
                    let Some(hk) = heap.hkey(k) else {
                        return Ok(false);
                    };
                    match heap.dict_get(b, &hk) {
                        Some(v2) => {
                            if !self.eq(heap, v, v2)? {
                                return Ok(false);
                            }
                        }
                        None => return Ok(false),
                    }
                }
                true
            }
            (Kind::Set(x, ..), Kind::Set(y, ..)) => {
                x.len() == y.len()
                    && x.iter()
                        .all(|&i| y.iter().any(|&j| heap.hkey(i) == heap.hkey(j)))
            }
            (Kind::Range(a1, b1, s1), Kind::Range(a2, b2, s2)) => (a1, b1, s1) == (a2, b2, s2),
            _ => false,
        })
    }

    fn order(&mut self, heap: &mut Heap, a: ObjId, b: ObjId) -> R<std::cmp::Ordering> {
        use std::cmp::Ordering;
        if let (Some(x), Some(y)) = (self.num(heap, a), self.num(heap, b)) {
            return Ok(match (x, y) {
                (Num::Int(p), Num::Int(q)) => p.to_big().cmp(&q.to_big()),
                (p, q) => p
                    .to_f64()
                    .partial_cmp(&q.to_f64())
                    .unwrap_or(Ordering::Equal),
            });
        }
        let (ka, kb) = (heap.kind(a).clone(), heap.kind(b).clone());
        match (&ka, &kb) {
            (Kind::Str(x), Kind::Str(y)) => Ok(x.cmp(y)),
            (Kind::Bytes(x), Kind::Bytes(y)) => Ok(x.cmp(y)),
            (Kind::Tuple(x), Kind::Tuple(y)) | (Kind::List(x, ..), Kind::List(y, ..)) => {
                for (&p, &q) in x.iter().zip(y.iter()) {
                    if !self.eq(heap, p, q)? {
                        return self.order(heap, p, q);
                    }
                }
                Ok(x.len().cmp(&y.len()))
            }
            _ => Err(py_err(
                "TypeError",
                format!(
                    "'<' not supported between instances of '{}' and '{}'",
                    repr::type_name(heap, a),
                    repr::type_name(heap, b)
                ),
            )),
        }
    }

    fn contains(&mut self, heap: &mut Heap, container: ObjId, item: ObjId) -> R<bool> {
        match heap.kind(container).clone() {
            Kind::List(items, ..) | Kind::Tuple(items) => {
                for i in items {
                    if self.eq(heap, i, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Kind::Set(items, ..) => {
                let Some(hk) = heap.hkey(item) else {
                    return Err(py_err("TypeError", "unhashable type"));
                };
                Ok(items.iter().any(|&i| heap.hkey(i).as_ref() == Some(&hk)))
            }
            Kind::Dict(_) => {
                let Some(hk) = heap.hkey(item) else {
                    return Err(py_err("TypeError", "unhashable type"));
                };
                Ok(heap.dict_get(container, &hk).is_some())
            }
            Kind::DictView(d, 0) => self.contains(heap, d, item),
            Kind::Str(s) => match heap.kind(item) {
                Kind::Str(sub) => Ok(s.contains(&**sub)),
                _ => Err(py_err(
                    "TypeError",
                    "'in <string>' requires string as left operand",
                )),
            },
            Kind::Range(a, b, st) => match heap.kind(item) {
                Kind::Int(IntVal::Small(v)) => {
                    let v = *v;
                    Ok(if st > 0 {
                        v >= a && v < b && (v - a) % st == 0
                    } else {
                        v <= a && v > b && (a - v) % (-st) == 0
                    })
                }
                _ => Ok(false),
            },
            _ => Err(py_err(
                "TypeError",
                format!(
                    "argument of type '{}' is not iterable",
                    repr::type_name(heap, container)
                ),
            )),
        }
    }

    fn compare(&mut self, heap: &mut Heap, op: ast::CmpOp, a: ObjId, b: ObjId) -> R<bool> {
        use ast::CmpOp as C;
        use std::cmp::Ordering;
        if let (Kind::Int(IntVal::Small(x)), Kind::Int(IntVal::Small(y))) =
            (heap.kind(a), heap.kind(b))
        {
            let (x, y) = (*x, *y);
            match op {
                C::Eq => return Ok(x == y),
                C::NotEq => return Ok(x != y),
                C::Lt => return Ok(x < y),
                C::LtE => return Ok(x <= y),
                C::Gt => return Ok(x > y),
                C::GtE => return Ok(x >= y),
                _ => {}
            }
        }
        Ok(match op {
            C::Is => a == b,
            C::IsNot => a != b,
            C::Eq => self.eq(heap, a, b)?,
            C::NotEq => !self.eq(heap, a, b)?,
            C::Lt => self.order(heap, a, b)? == Ordering::Less,
            C::LtE => self.order(heap, a, b)? != Ordering::Greater,
            C::Gt => self.order(heap, a, b)? == Ordering::Greater,
            C::GtE => self.order(heap, a, b)? != Ordering::Less,
            C::In => self.contains(heap, b, a)?,
            C::NotIn => !self.contains(heap, b, a)?,
        })
    }

    // ---------------------------------------------------------------------------------------
    // str() / repr() / format

    /// Calls an instance's `__repr__`/`__str__` if its class defines it; `None` otherwise.
    fn string_dunder(&mut self, heap: &mut Heap, id: ObjId, name: &str) -> R<Option<String>> {
        let Kind::Instance(inst) = heap.kind(id) else {
            return Ok(None);
        };
        let Some(f) = heap.class_lookup(inst.class, name) else {
            return Ok(None);
        };
        heap.incref(f);
        heap.incref(id);
        let r = self.call_owned(heap, f, vec![id])?;
        let s = match heap.kind(r) {
            Kind::Str(s) => Ok(s.to_string()),
            _ => Err(py_err(
                "TypeError",
                format!(
                    "{name} returned non-string (type {})",
                    repr::type_name(heap, r)
                ),
            )),
        };
        self.dec(heap, r);
        s.map(Some)
    }

    fn repr_of(&mut self, heap: &mut Heap, id: ObjId) -> R<String> {
        match self.string_dunder(heap, id, "__repr__")? {
            Some(s) => Ok(s),
            None => Ok(self.repr_nested(heap, id)),
        }
    }

    fn repr_nested(&mut self, heap: &mut Heap, id: ObjId) -> String {
        repr::repr(heap, id, &mut Vec::new())
    }

    fn str_of(&mut self, heap: &mut Heap, id: ObjId) -> R<String> {
        match heap.kind(id) {
            Kind::Str(s) => Ok(s.to_string()),
            Kind::Instance(_) => match self.string_dunder(heap, id, "__str__")? {
                Some(s) => Ok(s),
                None => self.repr_of(heap, id),
            },
            _ => self.repr_of(heap, id),
        }
    }

    fn format_str(&self, s: R<String>, spec: &str) -> R<String> {
        let s = s?;
        if spec.is_empty() {
            return Ok(s);
        }
        let f = repr::parse_spec(spec)
            .ok_or_else(|| py_err("ValueError", "Invalid format specifier"))?;
        let s = match f.precision {
            Some(p) => s.chars().take(p).collect(),
            None => s,
        };
        Ok(repr::pad(&s, &f, '<'))
    }

    fn format_value(&mut self, heap: &mut Heap, v: ObjId, spec: &str) -> R<String> {
        if spec.is_empty() {
            return self.str_of(heap, v);
        }
        let f: FormatSpec = repr::parse_spec(spec)
            .ok_or_else(|| py_err("ValueError", format!("Invalid format specifier '{spec}'")))?;
        match self.num(heap, v) {
            Some(n) if !matches!(heap.kind(v), Kind::Bool(_)) || f.ty.is_some() => {
                let body = match (n, f.ty) {
                    (Num::Int(i), None | Some('d')) => i.to_string(),
                    (Num::Int(i), Some('x')) => format!("{:x}", i.to_big()),
                    (Num::Int(i), Some('X')) => format!("{:X}", i.to_big()),
                    (Num::Int(i), Some('b')) => format!("{:b}", i.to_big()),
                    (Num::Int(i), Some('o')) => format!("{:o}", i.to_big()),
                    (n, Some('f' | 'F')) => format!("{:.*}", f.precision.unwrap_or(6), n.to_f64()),
                    (n, Some('e')) => py_exp(n.to_f64(), f.precision.unwrap_or(6)),
                    (n, Some('%')) => {
                        format!("{:.*}%", f.precision.unwrap_or(6), n.to_f64() * 100.0)
                    }
                    (Num::Float(x), None) => match f.precision {
                        Some(p) => format_g(x, p.max(1)),
                        None => repr::float_repr(x),
                    },
                    (n, Some('g')) => format_g(n.to_f64(), f.precision.unwrap_or(6).max(1)),
                    (_, Some(t)) => {
                        return Err(py_err(
                            "ValueError",
                            format!(
                                "Unknown format code '{t}' for object of type '{}'",
                                repr::type_name(heap, v)
                            ),
                        ))
                    }
                };
                let body = if f.comma {
                    repr::group_thousands(&body)
                } else {
                    body
                };
                let body = match f.sign {
                    Some('+') if !body.starts_with('-') => format!("+{body}"),
                    Some(' ') if !body.starts_with('-') => format!(" {body}"),
                    _ => body,
                };
                Ok(repr::pad(&body, &f, '>'))
            }
            _ => {
                let s = self.str_of(heap, v)?;
                self.format_str(Ok(s), spec)
            }
        }
    }

    fn percent_format(&mut self, heap: &mut Heap, fmt: &str, args: &[ObjId]) -> R<String> {
        let mut out = String::new();
        let mut chars = fmt.chars().peekable();
        let mut i = 0;
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            let mut spec = String::new();
            while let Some(&n) = chars.peek() {
                if n.is_ascii_digit() || n == '.' || n == '-' {
                    spec.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            let Some(t) = chars.next() else { break };
            if t == '%' {
                out.push('%');
                continue;
            }
            let Some(&a) = args.get(i) else {
                return Err(py_err(
                    "TypeError",
                    "not enough arguments for format string",
                ));
            };
            i += 1;
            let text = match t {
                's' => self.str_of(heap, a)?,
                'r' => self.repr_of(heap, a)?,
                'd' | 'i' => match self.num(heap, a) {
                    Some(Num::Int(v)) => v.to_string(),
                    Some(Num::Float(f)) => format!("{}", f.trunc() as i64),
                    None => {
                        return Err(py_err("TypeError", "%d format: a real number is required"))
                    }
                },
                'x' => match self.num(heap, a) {
                    Some(Num::Int(v)) => format!("{:x}", v.to_big()),
                    _ => return Err(py_err("TypeError", "%x format: an integer is required")),
                },
                'f' => {
                    let p = spec
                        .split('.')
                        .nth(1)
                        .and_then(|p| p.parse().ok())
                        .unwrap_or(6);
                    format!("{:.*}", p, self.num(heap, a).map_or(0.0, |n| n.to_f64()))
                }
                _ => return Err(Exc::unsupported(format!("%{t} format"))),
            };
            let width: usize = spec
                .split('.')
                .next()
                .and_then(|w| w.trim_start_matches('-').parse().ok())
                .unwrap_or(0);
            if spec.starts_with('-') {
                out.push_str(&format!("{text:<width$}"));
            } else {
                out.push_str(&format!("{text:>width$}"));
            }
        }
        Ok(out)
    }

    fn type_of(&mut self, heap: &mut Heap, v: ObjId) -> R<ObjId> {
        if let Kind::Instance(inst) = heap.kind(v) {
            let c = inst.class;
            heap.incref(c);
            return Ok(c);
        }
        let name = match heap.kind(v) {
            Kind::Builtin(b) if builtins::is_type(*b) => "type",
            Kind::Builtin(_) | Kind::BuiltinMethod(..) => "function",
            Kind::WeakRef(..) => "weakref.ref",
            Kind::Finalizer(..) => "weakref.finalize",
            k => k.type_name(),
        };
        match builtins::id(name) {
            Some(b) => Ok(self.builtin_obj(heap, b)),
            None => Err(Exc::unsupported(format!("type() of a {name} object"))),
        }
    }

    fn set_add(&mut self, heap: &mut Heap, set: ObjId, item: ObjId) -> R<()> {
        let Some(hk) = heap.hkey(item) else {
            let t = repr::type_name(heap, item);
            self.dec(heap, item);
            return Err(py_err("TypeError", format!("unhashable type: '{t}'")));
        };
        let exists = match heap.kind(set) {
            Kind::Set(items, ..) => items.iter().any(|&i| heap.hkey(i).as_ref() == Some(&hk)),
            _ => false,
        };
        if exists {
            self.dec(heap, item);
            return Ok(());
        }
        let n = match &mut heap.get_mut(set).kind {
            Kind::Set(items, ..) => {
                items.push(item);
                items.len()
            }
            _ => 0,
        };
        // The 8-entry smalltable holds up to 4 elements (fill*5 >= mask*3 triggers a resize).
        if n >= 5 {
            let table = (n * 4).next_power_of_two().max(32) as u64 * 16;
            let old = match &heap.kind(set) {
                Kind::Set(_, t, _) => t.as_deref().copied(),
                _ => None,
            };
            if old.map(|(_, b)| b) != Some(table)
                && old.is_none_or(|(_, b)| (n as u64) * 16 * 5 >= b * 3)
            {
                if let Some((b, _)) = old {
                    heap.alloc.free(b, &mut heap.log);
                }
                let nb = heap.alloc.malloc(table, &mut heap.log);
                if let Kind::Set(_, t, _) = &mut heap.get_mut(set).kind {
                    *t = Some(Box::new((nb, table)));
                }
            }
        }
        if !heap.get(set).is_tracked() {
            heap.track(set);
        }
        Ok(())
    }

    /// `list.extend(src)`, or `list(src)` when `constructor` (3.8/3.9 preallocate exactly only
    /// there).
    fn list_extend(&mut self, heap: &mut Heap, list: ObjId, src: ObjId) -> R<()> {
        self.list_extend_impl(heap, list, src, false)
    }

    fn list_extend_impl(
        &mut self,
        heap: &mut Heap,
        list: ObjId,
        src: ObjId,
        constructor: bool,
    ) -> R<()> {
        let items = self.collect_items(heap, src)?;
        let n = heap.list_len(list);
        let m = items.len();
        if m == 0 {
            return Ok(());
        }
        let sequence = matches!(heap.kind(src), Kind::List(..) | Kind::Tuple(_));
        let v10 = heap.config.version.at_least(10);
        let empty = matches!(heap.kind(list), Kind::List(_, _, None));
        if empty && (v10 || (!sequence && constructor)) {
            // list_preallocate_exact (3.10+ rounds the known length up to even; 3.8/3.9 only
            // preallocate for iterables that are not lists or tuples).
            let cap = if v10 { m + (m & 1) } else { m };
            heap.set_list_capacity(list, cap, None);
        } else {
            heap.list_resize(list, n + m);
        }
        if let Kind::List(v, ..) = &mut heap.get_mut(list).kind {
            v.extend(items);
        }
        Ok(())
    }

    fn run_finalizer(&mut self, heap: &mut Heap, fin: ObjId) -> R<ObjId> {
        let Kind::Finalizer(func, args, alive) = heap.kind(fin).clone() else {
            return Ok(heap.none());
        };
        if !alive {
            return Ok(heap.none());
        }
        if let Kind::Finalizer(.., a) = &mut heap.get_mut(fin).kind {
            *a = false;
        }
        let argv = match heap.kind(args) {
            Kind::Tuple(items) => items.clone(),
            _ => Vec::new(),
        };
        for &a in &argv {
            heap.incref(a);
        }
        heap.incref(fin);
        let r = self.call(heap, func, argv);
        // Detach: the registry drops its weakref (whose callback is this finalizer).
        if let Some(pos) = self.finalizer_registry.iter().position(|&(f, _)| f == fin) {
            let (_, wr) = self.finalizer_registry.remove(pos);
            if let Kind::WeakRef(Some(t), _, ..) = heap.kind(wr).clone() {
                heap.remove_weakref(t, wr);
                if let Kind::WeakRef(target, _, ..) = &mut heap.get_mut(wr).kind {
                    *target = None;
                }
            }
            self.dec(heap, wr);
        }
        self.dec(heap, fin);
        r
    }
}

/// Keyword arguments of a call: (name, owned value).
type Keywords = Vec<(String, ObjId)>;

/// Positional arguments as evaluated: a few without an allocation.
type Args = smallvec::SmallVec<[ObjId; 4]>;

enum MethodRef {
    Python(ObjId),
    Builtin(BuiltinId),
}

enum CompKind<'a> {
    List(&'a Expr),
    Gen(&'a Expr),
    Set(&'a Expr),
    Dict(&'a Expr, &'a Expr),
}

/// What a comprehension builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CompShape {
    List,
    Gen,
    Set,
    Dict,
}

impl CompShape {
    /// The name of the code object (and function) CPython makes for it.
    fn code_name(self) -> &'static str {
        match self {
            Self::List => "<listcomp>",
            Self::Gen => "<genexpr>",
            Self::Set => "<setcomp>",
            Self::Dict => "<dictcomp>",
        }
    }

    /// Adds an element (or key and value) to the result under construction.
    fn produce(
        self,
        rt: &mut Rt,
        heap: &mut Heap,
        result: ObjId,
        v: ObjId,
        k: Option<ObjId>,
    ) -> R<()> {
        match (self, k) {
            (CompShape::Dict, Some(k)) => rt.dict_store_checked(heap, result, k, v),
            (CompShape::Set, _) => rt.set_add(heap, result, v),
            _ => {
                heap.list_append(result, v);
                Ok(())
            }
        }
    }
}

/// The parts of a comprehension as one evaluator (the tree walker, or compiled code) runs
/// them: generator `depth`'s iterable, target and conditions, and the element.
trait CompParts {
    fn shape(&self) -> CompShape;
    fn generators(&self) -> usize;
    fn eval_iter(&self, rt: &mut Rt, heap: &mut Heap, depth: usize) -> R<ObjId>;
    fn assign_target(&self, rt: &mut Rt, heap: &mut Heap, depth: usize, item: ObjId) -> R<()>;
    fn conditions(&self, depth: usize) -> usize;
    fn eval_condition(&self, rt: &mut Rt, heap: &mut Heap, depth: usize, i: usize) -> R<ObjId>;
    /// Evaluates the element (a dict comprehension's key first) and adds it to `result`.
    fn produce(&self, rt: &mut Rt, heap: &mut Heap, result: ObjId) -> R<()>;
}

/// A comprehension on the tree walker.
struct AstComp<'a> {
    gens: &'a [ast::Comprehension],
    kind: CompKind<'a>,
}

impl CompParts for AstComp<'_> {
    fn shape(&self) -> CompShape {
        match self.kind {
            CompKind::List(_) => CompShape::List,
            CompKind::Gen(_) => CompShape::Gen,
            CompKind::Set(_) => CompShape::Set,
            CompKind::Dict(..) => CompShape::Dict,
        }
    }

    fn generators(&self) -> usize {
        self.gens.len()
    }

    fn eval_iter(&self, rt: &mut Rt, heap: &mut Heap, depth: usize) -> R<ObjId> {
        match self.gens.get(depth) {
            Some(g) => rt.eval(heap, &g.iter),
            None => Ok(heap.none()),
        }
    }

    fn assign_target(&self, rt: &mut Rt, heap: &mut Heap, depth: usize, item: ObjId) -> R<()> {
        match self.gens.get(depth) {
            Some(g) => rt.assign(heap, &g.target, item),
            None => Ok(()),
        }
    }

    fn conditions(&self, depth: usize) -> usize {
        self.gens.get(depth).map_or(0, |g| g.ifs.len())
    }

    fn eval_condition(&self, rt: &mut Rt, heap: &mut Heap, depth: usize, i: usize) -> R<ObjId> {
        match self.gens.get(depth).and_then(|g| g.ifs.get(i)) {
            Some(c) => rt.eval(heap, c),
            None => Ok(heap.bool(true)),
        }
    }

    fn produce(&self, rt: &mut Rt, heap: &mut Heap, result: ObjId) -> R<()> {
        let shape = self.shape();
        match self.kind {
            CompKind::List(e) | CompKind::Gen(e) | CompKind::Set(e) => {
                let v = rt.eval(heap, e)?;
                shape.produce(rt, heap, result, v, None)
            }
            CompKind::Dict(k, v) => {
                let kv = rt.eval(heap, k)?;
                let vv = rt.eval(heap, v)?;
                shape.produce(rt, heap, result, vv, Some(kv))
            }
        }
    }
}

/// The names a comprehension's targets bind, each once, in the order they first appear.
fn comp_names(gens: &[ast::Comprehension]) -> Vec<String> {
    let mut all = Vec::new();
    for g in gens {
        target_names(&g.target, &mut all);
    }
    let mut names: Vec<String> = Vec::with_capacity(all.len());
    for n in all {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names
}

#[derive(Clone)]
enum Num {
    Int(IntVal),
    Float(f64),
}

impl Num {
    fn to_f64(&self) -> f64 {
        match self {
            Self::Int(i) => i.to_big().to_f64().unwrap_or(f64::INFINITY),
            Self::Float(f) => *f,
        }
    }
}

fn range_len(a: i64, b: i64, s: i64) -> i64 {
    if s > 0 && a < b {
        (b - a + s - 1) / s
    } else if s < 0 && a > b {
        (a - b - s - 1) / (-s)
    } else {
        0
    }
}

fn py_exp(v: f64, p: usize) -> String {
    let s = format!("{v:.p$e}");
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}

fn format_g(v: f64, p: usize) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let exp = v.abs().log10().floor() as i32;
    if exp < -4 || exp >= p as i32 {
        let s = py_exp(v, p - 1);
        let (m, e) = s.split_once('e').unwrap_or((&s, ""));
        let m = if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.')
        } else {
            m
        };
        format!("{m}e{e}")
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let s = format!("{v:.decimals$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
}

/// Where an instance's attributes are stored, as `setattr` finds it.
#[derive(Debug, Clone, Copy)]
enum AttrStore {
    /// 3.11+: a values array with the class's shared keys.
    Values,
    /// A dict object.
    Dict(ObjId),
    /// No dict yet (3.8–3.10 create it on the first store; `__slots__` classes have none).
    Created,
}

/// A class body running: its namespace, and the depth of the frame and comprehension stacks
/// it runs at.
#[derive(Debug, Clone, Copy)]
struct ClassBody {
    ns: ObjId,
    frames: usize,
    comps: usize,
}

/// An identifier interned once per run: its str object (the dict key) and the
/// entry of the module dict where it was last found (`u32::MAX` before that), which is checked
/// by key identity before use, so a stale hint only costs a hash lookup.
#[derive(Debug)]
struct InternedName {
    key: ObjId,
    hint: u32,
    /// The builtin the name denotes where the module dict lacks it (`Some(None)`: none),
    /// worked out the first time a load needs it ([`Rt::load_global`]).
    builtin: Option<Option<BuiltinId>>,
    /// The module dict's keys version ([`Heap::watched_keys_version`]) when the name was last
    /// found missing there: while it holds, a load goes to the builtins without looking.
    missing_at: u64,
}

/// The value of a local (or comprehension variable) `name` as a new reference, or the
/// `UnboundLocalError` of loading it unbound.
fn bound_local(heap: &mut Heap, value: Option<ObjId>, name: &str) -> R<ObjId> {
    match value {
        Some(v) => {
            heap.incref(v);
            Ok(v)
        }
        None => Err(unbound_local(heap, name)),
    }
}

/// `UnboundLocalError` for `name` in the version's words (3.11 reworded it).
fn unbound_local(heap: &Heap, name: &str) -> Exc {
    let message = if heap.config.version.minor >= 11 {
        format!("cannot access local variable '{name}' where it is not associated with a value")
    } else {
        format!("local variable '{name}' referenced before assignment")
    };
    py_err("UnboundLocalError", message)
}

/// `x op y` on machine ints when the result fits in an i64 (the common case, without a bigint);
/// `None` sends the caller to the arbitrary-precision path (overflow, division by zero, shifts,
/// powers, true division), which gives the same value and raises the same errors.
fn small_int_op(op: ast::Operator, x: i64, y: i64) -> Option<i64> {
    use ast::Operator as O;
    match op {
        O::Add => x.checked_add(y),
        O::Sub => x.checked_sub(y),
        O::Mult => x.checked_mul(y),
        O::FloorDiv | O::Mod => {
            if y == -1 {
                // i64::MIN // -1 overflows; its remainder is still 0.
                return if matches!(op, O::Mod) {
                    Some(0)
                } else {
                    x.checked_neg()
                };
            }
            let (q, m) = (x.checked_div(y)?, x.checked_rem(y)?);
            // Python rounds the quotient towards minus infinity; the remainder takes y's sign.
            let (q, m) = if m != 0 && ((m < 0) != (y < 0)) {
                (q - 1, m + y)
            } else {
                (q, m)
            };
            Some(if matches!(op, O::Mod) { m } else { q })
        }
        O::BitAnd => Some(x & y),
        O::BitOr => Some(x | y),
        O::BitXor => Some(x ^ y),
        // Arithmetic shift: rounds towards minus infinity, as Python's does.
        O::RShift if y >= 0 => Some(x >> y.min(63)),
        O::LShift if y >= 0 => {
            if x == 0 {
                return Some(0);
            }
            let v = x.checked_shl(u32::try_from(y).ok()?)?;
            (v >> y == x).then_some(v)
        }
        _ => None,
    }
}

/// 3.13's `_should_show_carets` exception: `x = f(...)` or `return f(...)`, with `f` a plain
/// name and the call the statement's whole value. Returns the call's byte range: an
/// exception located exactly there gets no carets.
fn plain_call_range(s: &Stmt) -> Option<(u32, u32)> {
    let value = match s {
        Stmt::Assign(a) if a.targets.len() == 1 && matches!(a.targets[0], Expr::Name(_)) => {
            Some(&*a.value)
        }
        Stmt::Return(r) => r.value.as_deref(),
        _ => None,
    };
    match value {
        Some(Expr::Call(c)) if matches!(*c.func, Expr::Name(_)) => {
            let r = c.range;
            Some((u32::from(r.start()), u32::from(r.end())))
        }
        _ => None,
    }
}

/// The `ValueError` of unpacking `n` values into `expected` targets.
fn unpack_error(n: usize, expected: usize) -> Exc {
    py_err(
        "ValueError",
        if n > expected {
            format!("too many values to unpack (expected {expected})")
        } else {
            format!("not enough values to unpack (expected {expected}, got {n})")
        },
    )
}

/// Cheap pre-check: does the expression consist of constants only (so folding may apply)?
fn is_foldable(e: &Expr) -> bool {
    match e {
        Expr::Constant(_) => true,
        Expr::UnaryOp(u) => is_foldable(&u.operand),
        Expr::BinOp(b) => is_foldable(&b.left) && is_foldable(&b.right),
        Expr::Tuple(t) => t.elts.iter().all(is_foldable),
        _ => false,
    }
}

/// `MAX_INT_SIZE`, `MAX_STR_SIZE`, `MAX_COLLECTION_SIZE` of CPython's `ast_opt.c`.
const FOLD_MAX_INT_BITS: u64 = 128;
const FOLD_MAX_STR: usize = 4096;
const FOLD_MAX_COLLECTION: usize = 256;

/// CPython's compile-time constant folding (`ast_opt.c`): unary and binary operations on
/// constants, and tuples of constants, within the optimizer's size limits.
fn fold(e: &Expr) -> Option<Constant> {
    use ast::Operator as O;
    match e {
        Expr::Constant(c) => Some(c.value.clone()),
        Expr::Tuple(t) => Some(Constant::Tuple(
            t.elts.iter().map(fold).collect::<Option<Vec<_>>>()?,
        )),
        Expr::UnaryOp(u) => {
            let v = fold(&u.operand)?;
            match (u.op, v) {
                (ast::UnaryOp::USub, Constant::Int(i)) => Some(Constant::Int(-i)),
                (ast::UnaryOp::USub, Constant::Float(f)) => Some(Constant::Float(-f)),
                (ast::UnaryOp::UAdd, c @ (Constant::Int(_) | Constant::Float(_))) => Some(c),
                (ast::UnaryOp::Invert, Constant::Int(i)) => Some(Constant::Int(-i - 1)),
                (ast::UnaryOp::Not, Constant::Bool(b)) => Some(Constant::Bool(!b)),
                _ => None,
            }
        }
        Expr::BinOp(b) => {
            let (l, r) = (fold(&b.left)?, fold(&b.right)?);
            match (l, r) {
                (Constant::Int(x), Constant::Int(y)) => {
                    let (x, y) = (to_num_bigint(&x), to_num_bigint(&y));
                    let bits = |v: &BigInt| v.bits();
                    let v = match b.op {
                        O::Add => x + y,
                        O::Sub => x - y,
                        O::Mult => {
                            if bits(&x) > 0
                                && bits(&y) > 0
                                && bits(&x) + bits(&y) > FOLD_MAX_INT_BITS
                            {
                                return None;
                            }
                            x * y
                        }
                        O::FloorDiv | O::Mod if !y.is_zero() => {
                            let (q, m) = x.div_mod_floor(&y);
                            if b.op == O::Mod {
                                m
                            } else {
                                q
                            }
                        }
                        O::Div if !y.is_zero() => {
                            return Some(Constant::Float(x.to_f64()? / y.to_f64()?));
                        }
                        O::Pow => {
                            if y.is_negative() {
                                return Some(Constant::Float(x.to_f64()?.powf(y.to_f64()?)));
                            }
                            let e = y.to_u64()?;
                            if bits(&x) > 0 && e > FOLD_MAX_INT_BITS / bits(&x) {
                                return None;
                            }
                            num_traits::pow(x, e as usize)
                        }
                        O::LShift => {
                            let sh = y.to_u64()?;
                            if sh > FOLD_MAX_INT_BITS || bits(&x) > FOLD_MAX_INT_BITS - sh {
                                return None;
                            }
                            x << sh
                        }
                        O::RShift => x >> y.to_u64()?,
                        O::BitAnd => x & y,
                        O::BitOr => x | y,
                        O::BitXor => x ^ y,
                        _ => return None,
                    };
                    from_num_bigint(&v).map(Constant::Int)
                }
                (Constant::Str(x), Constant::Str(y)) if b.op == O::Add => {
                    Some(Constant::Str(x + &y))
                }
                (Constant::Bytes(x), Constant::Bytes(y)) if b.op == O::Add => {
                    Some(Constant::Bytes(x.into_iter().chain(y).collect()))
                }
                (Constant::Str(x), Constant::Int(n)) if b.op == O::Mult => {
                    let n = to_num_bigint(&n).to_i64()?.max(0) as usize;
                    (x.chars().count().saturating_mul(n) <= FOLD_MAX_STR)
                        .then(|| Constant::Str(x.repeat(n)))
                }
                (Constant::Tuple(x), Constant::Tuple(y)) if b.op == O::Add => {
                    Some(Constant::Tuple(x.into_iter().chain(y).collect()))
                }
                (Constant::Tuple(x), Constant::Int(n)) if b.op == O::Mult => {
                    let n = to_num_bigint(&n).to_i64()?.max(0) as usize;
                    if x.len().saturating_mul(n) > FOLD_MAX_COLLECTION {
                        return None;
                    }
                    // `()` times anything is `()` (no repetitions to make).
                    let n = if x.is_empty() { 0 } else { n };
                    Some(Constant::Tuple((0..n).flat_map(|_| x.clone()).collect()))
                }
                (
                    l @ (Constant::Int(_) | Constant::Float(_)),
                    r @ (Constant::Int(_) | Constant::Float(_)),
                ) => {
                    let f = |c: &Constant| match c {
                        Constant::Int(i) => to_num_bigint(i).to_f64(),
                        Constant::Float(f) => Some(*f),
                        _ => None,
                    };
                    let (x, y) = (f(&l)?, f(&r)?);
                    let v = match b.op {
                        O::Add => x + y,
                        O::Sub => x - y,
                        O::Mult => x * y,
                        O::Div if y != 0.0 => x / y,
                        O::FloorDiv if y != 0.0 => (x / y).floor(),
                        O::Pow if !((x == 0.0 && y < 0.0) || (x < 0.0 && y.fract() != 0.0)) => {
                            x.powf(y)
                        }
                        _ => return None,
                    };
                    Some(Constant::Float(v))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The engine's big integers converted to the parser's (for folded constants).
fn from_num_bigint(i: &BigInt) -> Option<ast::bigint::BigInt> {
    <ast::bigint::BigInt as num_traits::Num>::from_str_radix(&i.to_string(), 10).ok()
}

/// The parser's big integers (malachite) converted to the engine's (num-bigint).
fn to_num_bigint(i: &impl std::fmt::Display) -> BigInt {
    BigInt::parse_bytes(i.to_string().as_bytes(), 10).unwrap_or_default()
}

fn const_key(c: &Constant) -> ConstKey {
    match c {
        Constant::Int(i) => ConstKey::Int(to_num_bigint(i)),
        Constant::Float(f) => ConstKey::Float(f.to_bits()),
        Constant::Str(s) => ConstKey::Str(s.clone()),
        Constant::Bytes(b) => ConstKey::Bytes(b.clone()),
        Constant::Tuple(items) => ConstKey::Tuple(items.iter().map(const_key).collect()),
        Constant::None => ConstKey::Other(0),
        Constant::Bool(b) => ConstKey::Other(1 + u8::from(*b)),
        Constant::Ellipsis => ConstKey::Other(3),
        Constant::Complex { .. } => ConstKey::Other(4),
    }
}

fn const_tuple(elts: &[Expr]) -> Option<Constant> {
    let mut out = Vec::new();
    for e in elts {
        match e {
            Expr::Constant(c) => out.push(c.value.clone()),
            Expr::Tuple(t) => out.push(const_tuple(&t.elts)?),
            _ => return None,
        }
    }
    Some(Constant::Tuple(out))
}

fn target_names(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::Name(n) => out.push(n.id.to_string()),
        Expr::Tuple(t) => t.elts.iter().for_each(|e| target_names(e, out)),
        Expr::List(t) => t.elts.iter().for_each(|e| target_names(e, out)),
        Expr::Starred(t) => target_names(&t.value, out),
        _ => {}
    }
}

fn collect_locals(body: &[Stmt], out: &mut Vec<String>, globals: &mut Vec<String>) {
    for s in body {
        match s {
            Stmt::Assign(a) => a.targets.iter().for_each(|t| target_names(t, out)),
            Stmt::AnnAssign(a) => target_names(&a.target, out),
            Stmt::AugAssign(a) => target_names(&a.target, out),
            Stmt::For(f) => {
                target_names(&f.target, out);
                collect_locals(&f.body, out, globals);
                collect_locals(&f.orelse, out, globals);
            }
            Stmt::While(w) => {
                collect_locals(&w.body, out, globals);
                collect_locals(&w.orelse, out, globals);
            }
            Stmt::If(i) => {
                collect_locals(&i.body, out, globals);
                collect_locals(&i.orelse, out, globals);
            }
            Stmt::FunctionDef(f) => out.push(f.name.to_string()),
            Stmt::ClassDef(c) => out.push(c.name.to_string()),
            Stmt::Import(i) => {
                for a in &i.names {
                    out.push(
                        a.asname
                            .as_ref()
                            .map_or_else(|| a.name.to_string(), |n| n.to_string()),
                    );
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    out.push(
                        a.asname
                            .as_ref()
                            .map_or_else(|| a.name.to_string(), |n| n.to_string()),
                    );
                }
            }
            Stmt::Delete(d) => d.targets.iter().for_each(|t| target_names(t, out)),
            Stmt::Global(g) => globals.extend(g.names.iter().map(|n| n.to_string())),
            _ => {}
        }
    }
}

fn stmt_name(s: &Stmt) -> &'static str {
    match s {
        Stmt::With(_) => "with statement",
        Stmt::Try(_) => "try statement",
        Stmt::Raise(_) => "raise statement",
        _ => "this statement",
    }
}

/// The item array a list display gets (`all_const`: its items are all constants). From 3.9 a
/// display of more than two constants is built by extending an empty list from a tuple
/// constant, which over-allocates: 3.9 as `list_resize` grows (`[1, 2, 3]` gets 8 slots), 3.10+
/// to the next even count (4 slots). Otherwise exactly the items.
fn list_display_capacity(version: PyVersion, n: usize, all_const: bool) -> usize {
    if all_const && n > 2 && version.at_least(9) {
        if version.minor == 9 {
            (n + (n >> 3) + 6) & !3
        } else {
            n + (n & 1)
        }
    } else {
        n
    }
}

fn expr_name(e: &Expr) -> &'static str {
    match e {
        Expr::Await(_) => "await",
        Expr::Yield(_) | Expr::YieldFrom(_) => "generators (yield)",
        _ => "this expression",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_integer::Integer;

    fn big_op(op: ast::Operator, x: i64, y: i64) -> Option<BigInt> {
        use ast::Operator as O;
        let (a, b) = (BigInt::from(x), BigInt::from(y));
        Some(match op {
            O::Add => a + b,
            O::Sub => a - b,
            O::Mult => a * b,
            O::FloorDiv if y != 0 => a.div_mod_floor(&b).0,
            O::Mod if y != 0 => a.div_mod_floor(&b).1,
            O::BitAnd => a & b,
            O::BitOr => a | b,
            O::BitXor => a ^ b,
            O::LShift if x == 0 && y >= 0 => BigInt::from(0),
            O::LShift if (0..100_000).contains(&y) => a << y as usize,
            O::RShift if y >= 0 => a >> y.min(100_000) as usize,
            _ => return None,
        })
    }

    proptest::proptest! {
        /// The machine-int fast path agrees with the bigint path wherever it answers, and
        /// answers whenever the exact result fits (division by zero is left to the slow path).
        #[test]
        fn small_int_op_matches_bigint(
            x in proptest::prop_oneof![-10i64..10, proptest::num::i64::ANY, proptest::strategy::Just(i64::MIN)],
            y in proptest::prop_oneof![-10i64..10, 0i64..70, proptest::num::i64::ANY],
            op in 0usize..10,
        ) {
            use ast::Operator as O;
            let op = [
                O::Add, O::Sub, O::Mult, O::FloorDiv, O::Mod, O::BitAnd, O::BitOr, O::BitXor,
                O::LShift, O::RShift,
            ][op];
            let fast = small_int_op(op, x, y);
            match big_op(op, x, y) {
                Some(exact) => match i64::try_from(&exact) {
                    Ok(v) => proptest::prop_assert_eq!(fast, Some(v)),
                    Err(_) => proptest::prop_assert_eq!(fast, None),
                },
                None => proptest::prop_assert_eq!(fast, None),
            }
        }
    }

    #[test]
    fn shifts_at_the_edges_of_machine_ints() {
        use ast::Operator as O;
        for (op, x, y) in [
            (O::LShift, 0, 64),
            (O::LShift, 0, 1_000),
            (O::LShift, -1, 63),
            (O::LShift, 1, 63),
            (O::LShift, 1, 62),
            (O::LShift, -3, 62),
            (O::RShift, -1, 1_000),
            (O::RShift, i64::MIN, 63),
            (O::RShift, -7, 1),
        ] {
            let exact = big_op(op, x, y).and_then(|b| i64::try_from(&b).ok());
            assert_eq!(small_int_op(op, x, y), exact, "{x} {op:?} {y}");
        }
    }

    /// Constants are cached by the address of their syntax-tree node; trees that are dropped
    /// (each run's module, each inspected expression) must not leave their addresses behind, or
    /// a later tree at the same address would evaluate to the earlier constant.
    #[test]
    fn constant_sites_do_not_outlive_their_syntax_tree() {
        let mut interp = Interp::new(
            EngineConfig::for_version(crate::engine::config::PyVersion { minor: 11 }),
            "<test>",
        );
        for v in ["1000", "2000", "3.5", "'abc'", "7 * 6", "(1, 2)"] {
            assert_eq!(
                interp.inspect(v).map(|i| i.repr),
                Ok(v.replace("7 * 6", "42"))
            );
        }
        for v in [1000, 2000, 3000] {
            assert_eq!(interp.run_source(&format!("print({v})")), None);
        }
        assert_eq!(interp.finish().stdout, "1000\n2000\n3000\n");
    }

    #[test]
    fn results_come_back_in_registers() {
        assert_eq!(std::mem::size_of::<Exc>(), 4);
        assert_eq!(std::mem::size_of::<R<ObjId>>(), 8);
        assert!(std::mem::size_of::<R<Flow>>() <= 16);
        assert_eq!(std::mem::size_of::<R<()>>(), 4);
    }

    #[test]
    fn raised_conditions_leave_the_table_when_handled() {
        let table_len = || RAISED.with_borrow(|(t, free)| t.len() - free.len());
        let before = table_len();
        let mut e = py_err("ValueError", "bad");
        let copy = e.clone();
        assert_eq!(table_len(), before + 2);
        assert!(e.is_py());
        e.with_py_mut(|p| p.line = 7);
        let Raised::Py(p) = e.take() else {
            panic!("a Python exception was raised")
        };
        assert_eq!(
            (p.ty.as_str(), p.msg.as_str(), p.line),
            ("ValueError", "bad", 7)
        );
        drop(copy);
        let limit = Exc::limit("step limit".into());
        assert!(!limit.is_py());
        drop(limit);
        assert_eq!(
            table_len(),
            before,
            "taken and dropped conditions free their slots"
        );
    }

    #[test]
    fn identifier_sites_do_not_outlive_their_syntax_tree() {
        // Each run's tree is freed when it ends, and the next one's identifiers are likely to
        // be allocated at the same addresses: a cached resolution must not be found again.
        let mut interp = Interp::new(
            EngineConfig::for_version(crate::engine::config::PyVersion { minor: 11 }),
            "<test>",
        );
        assert_eq!(
            interp.run_source("w = 1000\ndef f(a):\n    b = a + w\n    return b\n"),
            None
        );
        let mut expected = String::new();
        for k in 0..50 {
            let name = format!("v{k}");
            assert_eq!(
                interp.run_source(&format!("{name} = {k}\nprint({name} + w, f({name}))")),
                None
            );
            expected.push_str(&format!("{} {}\n", k + 1000, k + 1000));
            assert_eq!(interp.inspect(&name).map(|i| i.repr), Ok(k.to_string()));
        }
        assert_eq!(interp.finish().stdout, expected);
    }

    proptest::proptest! {
        /// Caret lines are drawn for any line text and any (even nonsensical) offsets without
        /// panicking: multi-byte characters, spans past the line, anchors outside the span.
        #[test]
        fn carets_never_panic(
            text in "[ a-zé\u{3000}+(\\[\\])#/*]{0,24}",
            start in 0u32..30,
            len in 0u32..30,
            a in 0u32..40,
            b in 0u32..40,
            which in 0u8..4,
            minor in 8u8..14,
            line_start in 0usize..4,
        ) {
            let anchor = match which {
                0 => Anchor::None,
                1 => Anchor::BinOp(a, b),
                2 => Anchor::Subscript(a, b),
                _ => Anchor::Call(a),
            };
            let span = ErrSpan { start, end: start + len, anchor, plain_call_statement: false };
            if let Some(line) = span.carets(&text, line_start, minor) {
                proptest::prop_assert!(line.chars().all(|c| matches!(c, ' ' | '^' | '~')));
            }
        }
    }
}
