//! What the compiler produces: code objects ([`Code`]) holding an instruction sequence in the
//! style of CPython 3.11+'s bytecode ([`Instr`]), its constants and names, an exception table
//! ([`Handler`]) and, for every instruction, the source span tracebacks point at ([`Span`]).

use std::rc::Rc;

use crate::engine::object::IntVal;

use super::super::source::Source;

/// A binary operator, in-place or not (`BINARY_OP`'s argument).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `@`
    MatMul,
    /// `/`
    TrueDiv,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `&`
    And,
    /// `|`
    Or,
    /// `^`
    Xor,
}

impl BinOp {
    /// The operator as written (`+`), for error messages.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Add => "+",
            Self::Sub => "-",
            Self::Mul => "*",
            Self::MatMul => "@",
            Self::TrueDiv => "/",
            Self::FloorDiv => "//",
            Self::Mod => "%",
            Self::Pow => "** or pow()",
            Self::LShift => "<<",
            Self::RShift => ">>",
            Self::And => "&",
            Self::Or => "|",
            Self::Xor => "^",
        }
    }

    /// The forward special method (`__add__`).
    pub fn dunder(self) -> &'static str {
        match self {
            Self::Add => "__add__",
            Self::Sub => "__sub__",
            Self::Mul => "__mul__",
            Self::MatMul => "__matmul__",
            Self::TrueDiv => "__truediv__",
            Self::FloorDiv => "__floordiv__",
            Self::Mod => "__mod__",
            Self::Pow => "__pow__",
            Self::LShift => "__lshift__",
            Self::RShift => "__rshift__",
            Self::And => "__and__",
            Self::Or => "__or__",
            Self::Xor => "__xor__",
        }
    }

    /// The reflected special method (`__radd__`).
    pub fn rdunder(self) -> &'static str {
        match self {
            Self::Add => "__radd__",
            Self::Sub => "__rsub__",
            Self::Mul => "__rmul__",
            Self::MatMul => "__rmatmul__",
            Self::TrueDiv => "__rtruediv__",
            Self::FloorDiv => "__rfloordiv__",
            Self::Mod => "__rmod__",
            Self::Pow => "__rpow__",
            Self::LShift => "__rlshift__",
            Self::RShift => "__rrshift__",
            Self::And => "__rand__",
            Self::Or => "__ror__",
            Self::Xor => "__rxor__",
        }
    }

    /// The in-place special method (`__iadd__`).
    pub fn idunder(self) -> &'static str {
        match self {
            Self::Add => "__iadd__",
            Self::Sub => "__isub__",
            Self::Mul => "__imul__",
            Self::MatMul => "__imatmul__",
            Self::TrueDiv => "__itruediv__",
            Self::FloorDiv => "__ifloordiv__",
            Self::Mod => "__imod__",
            Self::Pow => "__ipow__",
            Self::LShift => "__ilshift__",
            Self::RShift => "__irshift__",
            Self::And => "__iand__",
            Self::Or => "__ior__",
            Self::Xor => "__ixor__",
        }
    }

    /// From the parser's operator.
    pub fn from_ast(op: rustpython_parser::ast::Operator) -> Self {
        use rustpython_parser::ast::Operator as O;
        match op {
            O::Add => Self::Add,
            O::Sub => Self::Sub,
            O::Mult => Self::Mul,
            O::MatMult => Self::MatMul,
            O::Div => Self::TrueDiv,
            O::FloorDiv => Self::FloorDiv,
            O::Mod => Self::Mod,
            O::Pow => Self::Pow,
            O::LShift => Self::LShift,
            O::RShift => Self::RShift,
            O::BitAnd => Self::And,
            O::BitOr => Self::Or,
            O::BitXor => Self::Xor,
        }
    }
}

/// A rich comparison (`COMPARE_OP`'s argument).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Eq => "==",
            Self::Ne => "!=",
            Self::Gt => ">",
            Self::Ge => ">=",
        }
    }

    /// Its special method.
    pub fn dunder(self) -> &'static str {
        match self {
            Self::Lt => "__lt__",
            Self::Le => "__le__",
            Self::Eq => "__eq__",
            Self::Ne => "__ne__",
            Self::Gt => "__gt__",
            Self::Ge => "__ge__",
        }
    }

    /// The operator with its operands swapped (`a < b` is `b > a`).
    pub fn swapped(self) -> Self {
        match self {
            Self::Lt => Self::Gt,
            Self::Le => Self::Ge,
            Self::Eq => Self::Eq,
            Self::Ne => Self::Ne,
            Self::Gt => Self::Lt,
            Self::Ge => Self::Le,
        }
    }

    /// Whether an ordering satisfies it.
    pub fn holds(self, o: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            Self::Lt => o == Less,
            Self::Le => o != Greater,
            Self::Eq => o == Equal,
            Self::Ne => o != Equal,
            Self::Gt => o == Greater,
            Self::Ge => o != Less,
        }
    }
}

/// A unary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    /// `-x`
    Neg,
    /// `+x`
    Pos,
    /// `~x`
    Invert,
    /// `not x`
    Not,
}

/// `FORMAT_VALUE`'s conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion {
    /// None.
    None,
    /// `!s`
    Str,
    /// `!r`
    Repr,
    /// `!a`
    Ascii,
}

/// One instruction. Stack effects are written `[before] -> [after]`, top of stack on the right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Instr {
    /// Nothing (a jump target, or a line of its own).
    Nop,
    /// `[a] -> []`
    PopTop,
    /// `[.., a(n)] -> [.., a, a]`: a new reference to the item `n` down.
    Copy(u32),
    /// Exchanges the top with the item `n` down.
    Swap(u32),
    /// Pushes a NULL (a call's absent `self`).
    PushNull,
    /// Pushes a constant.
    LoadConst(u32),
    /// 3.15: pushes a borrowed reference to a constant (the code object holds it).
    LoadConstBorrow(u32),
    /// Pushes a local (new reference); `UnboundLocalError` when unset.
    LoadFast(u32),
    /// 3.14: pushes a borrowed reference to a local (`LOAD_FAST_BORROW`).
    LoadFastBorrow(u32),
    /// Pushes the local and clears it (or pushes NULL): saving an outer variable around an
    /// inlined comprehension (3.12+).
    LoadFastAndClear(u32),
    /// `[v] -> []`, into a local.
    StoreFast(u32),
    /// `[v] -> []`, into a local that may hold NULL (restoring around a comprehension).
    StoreFastMaybeNull(u32),
    /// Clears a local; `UnboundLocalError` when unset.
    DeleteFast(u32),
    /// Replaces local `i` with a new cell holding its value (the function's prologue).
    MakeCell(u32),
    /// Copies the function's closure cells into the last `n` locals.
    CopyFreeVars(u32),
    /// Pushes the cell in local `i` itself (building a closure).
    LoadClosure(u32),
    /// Pushes the content of the cell in local `i`.
    LoadDeref(u32),
    /// Class body: the name in the class namespace first, else the cell in local `i`.
    LoadClassDeref(u32),
    /// `[v] -> []` into the cell in local `i`.
    StoreDeref(u32),
    /// Empties the cell in local `i`.
    DeleteDeref(u32),
    /// Pushes a global or builtin by name.
    LoadGlobal(u32),
    /// `[v] -> []` into the globals.
    StoreGlobal(u32),
    /// Deletes a global.
    DeleteGlobal(u32),
    /// Pushes a name from the frame's namespace, the globals or the builtins.
    LoadName(u32),
    /// `[v] -> []` into the frame's namespace.
    StoreName(u32),
    /// Deletes a name of the frame's namespace.
    DeleteName(u32),
    /// `[obj] -> [obj.name]`
    LoadAttr(u32),
    /// `[obj] -> [callable, self_or_null]`: a method without a bound-method object.
    LoadMethod(u32),
    /// 3.12+ `super().name` without a super object: `[super, class, self] -> [attr]`, or with
    /// the method flag `[super, class, self] -> [callable, self_or_null]`.
    LoadSuperAttr(u32, bool),
    /// `[v, obj] -> []`: `obj.name = v`.
    StoreAttr(u32),
    /// `[obj] -> []`
    DeleteAttr(u32),
    /// `[obj, key] -> [obj[key]]`
    BinarySubscr,
    /// `[v, obj, key] -> []`
    StoreSubscr,
    /// `[obj, key] -> []`
    DeleteSubscr,
    /// `[start, stop] -> [slice]` or `[start, stop, step] -> [slice]`.
    BuildSlice(u32),
    /// `[a, b] -> [a op b]`
    BinaryOp(BinOp),
    /// `[a, b] -> [a op= b]`
    InplaceOp(BinOp),
    /// `[a] -> [op a]`
    UnaryOp(UnOp),
    /// `[a, b] -> [a op b]`
    CompareOp(CmpOp),
    /// `[a, b] -> [a is b]` (or `is not`).
    IsOp(bool),
    /// `[a, b] -> [a in b]` (or `not in`).
    ContainsOp(bool),
    /// `[items...] -> [tuple]`
    BuildTuple(u32),
    /// `[items...] -> [list]`
    BuildList(u32),
    /// `[items...] -> [set]`
    BuildSet(u32),
    /// `[k1, v1, ...] -> [dict]`
    BuildMap(u32),
    /// `[v1, ..., keys] -> [dict]` with a tuple of constant keys.
    BuildConstKeyMap(u32),
    /// `[strs...] -> [str]`
    BuildString(u32),
    /// `[.., list, .., v] -> [.., list, ..]`: appends to the list `n` down (after popping v).
    ListAppend(u32),
    /// Set version of [`Instr::ListAppend`].
    SetAdd(u32),
    /// `[.., dict, .., k, v] -> [.., dict, ..]`
    MapAdd(u32),
    /// `[.., list, .., iterable] -> [.., list, ..]`
    ListExtend(u32),
    /// `[.., set, .., iterable] -> [.., set, ..]`
    SetUpdate(u32),
    /// `[.., dict, .., mapping] -> [.., dict, ..]` (`{**m}`).
    DictUpdate(u32),
    /// Like [`Instr::DictUpdate`] for `f(**m)`: duplicate keywords are errors.
    DictMerge(u32),
    /// `[list] -> [tuple]`
    ListToTuple,
    /// `[seq] -> [items...]`, last item on top... first item on top, as CPython.
    UnpackSequence(u32),
    /// `a, *b, c = seq`: (before, after).
    UnpackEx(u16, u16),
    /// `[v] -> [str]` or `[v, spec] -> [str]` (f-strings).
    FormatValue(Conversion, bool),
    /// Jumps.
    Jump(u32),
    /// `[v] -> []`, jumps when false.
    PopJumpIfFalse(u32),
    /// `[v] -> []`, jumps when true.
    PopJumpIfTrue(u32),
    /// `[v] -> []`, jumps when None.
    PopJumpIfNone(u32),
    /// `[v] -> []`, jumps when not None.
    PopJumpIfNotNone(u32),
    /// `[v] -> [v]` and jumps when false, else `[v] -> []`.
    JumpIfFalseOrPop(u32),
    /// `[v] -> [v]` and jumps when true, else `[v] -> []`.
    JumpIfTrueOrPop(u32),
    /// `[obj] -> [iter(obj)]`
    GetIter,
    /// `[iter] -> [iter, next]`, or pops the iterator and jumps when it is exhausted.
    ForIter(u32),
    /// `[v] -> (returns v)`
    ReturnValue,
    /// `[v] -> (yields v) -> [sent]`
    YieldValue,
    /// `[obj] -> [iter]` for `yield from`.
    GetYieldFromIter,
    /// `[iter, v] -> [iter, yielded]` and suspends, or `[iter, v] -> [result]` and jumps when
    /// the sub-iterator returned.
    Send(u32),
    /// `[callable, self_or_null, args...] -> [result]`
    Call(u32),
    /// `[callable, self_or_null, args..., kwnames] -> [result]`
    CallKw(u32),
    /// `[callable, null, args_tuple] -> [result]`, or with `**`: `[.., args_tuple, kwargs]`.
    CallFunctionEx(bool),
    /// `[code] -> [function]`, and before the code (flags): defaults tuple (1), keyword-only
    /// defaults dict (2), annotations (4), closure tuple (8).
    MakeFunction(u8),
    /// Pushes `builtins.__build_class__`.
    LoadBuildClass,
    /// Pushes the frame's namespace (a class body's, returned to `__build_class__`).
    LoadLocals,
    /// `[...] -> raise`: 0 re-raises the handled exception, 1 raises the top, 2 raises
    /// `[exc, cause]` with a cause.
    Raise(u8),
    /// `[.., exc] -> raise exc` again (a cleanup handler re-raising).
    Reraise,
    /// `[exc] -> [previous, exc]`: `exc` becomes the handled exception.
    PushExcInfo,
    /// `[previous] -> []`: the handled exception goes back to `previous`.
    PopExcept,
    /// `[exc, type] -> [exc, matches]`
    CheckExcMatch,
    /// `[exit, self, .., prev, exc] -> [.., prev, exc, result]`: calls `__exit__` with the
    /// exception.
    WithExceptStart,
    /// `[mgr] -> [exit, self, enter_result]`
    BeforeWith,
    /// Pushes `AssertionError`.
    LoadAssertionError,
    /// `[level, fromlist] -> [module]`
    ImportName(u32),
    /// `[module] -> [module, module.name]`
    ImportFrom(u32),
    /// `[module] -> []`: `from m import *`.
    ImportStar,
    /// Creates `__annotations__` in the namespace.
    SetupAnnotations,
    /// 3.14+ `LOAD_FROM_DICT_OR_GLOBALS`: pops a mapping (a class namespace); pushes the
    /// name's value from it, else from the globals or the builtins.
    LoadFromDictOrGlobals(u32),
    /// 3.14+ `LOAD_FROM_DICT_OR_DEREF`: pops a mapping; pushes the name of local `i` from it,
    /// else the contents of cell `i`.
    LoadFromDictOrDeref(u32),
    /// `[obj] -> [obj, len(obj)]`
    GetLen,
    /// `[obj] -> [obj, is a mapping]`
    MatchMapping,
    /// `[obj] -> [obj, is a sequence]`
    MatchSequence,
    /// `[obj, keys] -> [obj, keys, values_or_none]`
    MatchKeys,
    /// `[obj, cls, names] -> [attrs_or_none]` with `n` positional sub-patterns.
    MatchClass(u32),
    /// Marks the start of an exception handler's cleanup that ends a generator.
    StopIterationError,
}

impl Instr {
    /// The label (before resolution) or instruction index (after) a jump goes to.
    pub fn jump_target_mut(&mut self) -> Option<&mut u32> {
        match self {
            Instr::Jump(t)
            | Instr::PopJumpIfFalse(t)
            | Instr::PopJumpIfTrue(t)
            | Instr::PopJumpIfNone(t)
            | Instr::PopJumpIfNotNone(t)
            | Instr::JumpIfFalseOrPop(t)
            | Instr::JumpIfTrueOrPop(t)
            | Instr::ForIter(t)
            | Instr::Send(t) => Some(t),
            _ => None,
        }
    }
}

/// An entry of a code object's exception table: instructions `start..end` jump to `target`
/// when an exception is raised in them, with the stack cut to `depth` items (and the raising
/// instruction's index pushed first when `lasti`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handler {
    /// First instruction covered.
    pub start: u32,
    /// One past the last instruction covered.
    pub end: u32,
    /// The handler's first instruction.
    pub target: u32,
    /// Stack depth to unwind to.
    pub depth: u32,
    /// Push the index of the raising instruction (for `RERAISE` to restore it).
    pub lasti: bool,
}

/// Where in the source an instruction comes from: its node's byte range, the part tracebacks
/// underline with `^` (3.11+), and whether it starts a statement (a step of the simulation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// Byte offset of the node's start in the source.
    pub start: u32,
    /// Byte offset of its end.
    pub end: u32,
    /// The line (1-based, in the whole file).
    pub line: u32,
    /// The column of `start` (1-based, in characters).
    pub col: u32,
    /// How CPython divides the underline (see [`Anchor`]).
    pub anchor: Anchor,
    /// True on the first instruction of a statement or of a loop's iteration.
    pub step: bool,
    /// 3.13 prints no carets for `x = f(...)` / `return f(...)` with `f` a plain name.
    pub plain_call_statement: bool,
}

/// How 3.11+ tracebacks divide the caret line under the failing expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Anchor {
    /// One kind of caret under the whole node.
    #[default]
    None,
    /// End of the left operand, start of the right one.
    BinOp(u32, u32),
    /// End of the subscripted value, end of the subscript.
    Subscript(u32, u32),
    /// End of the called expression (anchors from 3.13 on).
    Call(u32),
}

/// A constant of a code object.
#[derive(Debug, Clone)]
pub enum Const {
    /// `None`
    None,
    /// `True` / `False`
    Bool(bool),
    /// `...`
    Ellipsis,
    /// An int.
    Int(IntVal),
    /// A float.
    Float(f64),
    /// A complex number.
    Complex(f64, f64),
    /// A str.
    Str(Rc<str>),
    /// A bytes object.
    Bytes(Rc<[u8]>),
    /// A tuple of constants.
    Tuple(Rc<[Const]>),
    /// A frozenset of constants (`x in {1, 2}`).
    FrozenSet(Rc<[Const]>),
    /// A nested code object.
    Code(Rc<Code>),
}

impl PartialEq for Const {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::None, Self::None) | (Self::Ellipsis, Self::Ellipsis) => true,
            (Self::Bool(a), Self::Bool(b)) => a == b,
            (Self::Int(a), Self::Int(b)) => a == b,
            (Self::Float(a), Self::Float(b)) => a.to_bits() == b.to_bits(),
            (Self::Complex(a, b), Self::Complex(c, d)) => {
                a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits()
            }
            (Self::Str(a), Self::Str(b)) => a == b,
            (Self::Bytes(a), Self::Bytes(b)) => a == b,
            (Self::Tuple(a), Self::Tuple(b)) | (Self::FrozenSet(a), Self::FrozenSet(b)) => a == b,
            (Self::Code(a), Self::Code(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// Who made a constant's object in CPython, which decides whether the parser's arena holds a
/// reference to it while the code runs (`__main__`, `exec` and `eval` source keep their arena
/// until they finish).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConstOrigin {
    /// The compiler itself (keyword names, qualified names, default tuples...): no arena.
    Compiler,
    /// A literal in the source: the parser's object, held by the arena.
    Literal,
    /// A constant folded from literals (`(1, 2)`, `-5`, `2**40`, `x in [1, 2]`): made by the
    /// AST optimizer and held by the arena up to 3.13, made by the CFG optimizer from 3.14 on;
    /// a folded tuple's items are the parser's literals.
    Folded,
}

/// What kind of block a code object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// A module (or a chunk of a lesson, or a line of the app's command line).
    Module,
    /// A `def` or `lambda`.
    Function,
    /// A class body.
    Class,
    /// A list, set or dict comprehension run as a function (3.8–3.11).
    Comprehension,
    /// A generator expression.
    GenExpr,
}

/// A compiled block of code.
#[derive(Debug)]
pub struct Code {
    /// `co_name`.
    pub name: Rc<str>,
    /// `co_qualname`.
    pub qualname: Rc<str>,
    /// What it is.
    pub kind: CodeKind,
    /// A generator function (or generator expression).
    pub generator: bool,
    /// Positional parameters (positional-only included).
    pub argcount: u32,
    /// Positional-only parameters.
    pub posonlyargcount: u32,
    /// Keyword-only parameters.
    pub kwonlyargcount: u32,
    /// Has a `*args` parameter.
    pub varargs: bool,
    /// Has a `**kwargs` parameter.
    pub varkeywords: bool,
    /// The names of the fast locals: parameters first, then the other locals, then the cell
    /// variables that are not parameters, then the free variables (CPython's localsplus).
    pub localsplus: Vec<Rc<str>>,
    /// How many of `localsplus` are cells (variables captured by an inner scope).
    pub ncells: u32,
    /// How many (at the end of `localsplus`) are free variables (cells of an outer scope).
    pub nfrees: u32,
    /// Which locals are cells (`MAKE_CELL` at the start).
    pub cell_slots: Vec<u32>,
    /// Names of globals, attributes and imported modules.
    pub names: Vec<Rc<str>>,
    /// Constants.
    pub consts: Vec<Const>,
    /// Where each constant comes from (the first occurrence's origin).
    pub const_origins: Vec<ConstOrigin>,
    /// The instructions.
    pub instrs: Vec<Instr>,
    /// Each instruction's source span.
    pub spans: Vec<Span>,
    /// Whether each instruction starts a step of the simulation (a statement, a loop test).
    pub steps: Vec<bool>,
    /// The exception table.
    pub handlers: Vec<Handler>,
    /// The most items on the value stack at once.
    pub stacksize: u32,
    /// `co_firstlineno`.
    pub firstlineno: u32,
    /// The source it came from (tracebacks print its lines).
    pub source: Rc<Source>,
    /// Uses a class's `__class__` cell (a method calling `super()`).
    pub needs_class_cell: bool,
    /// A class body that creates `__class__` for its methods (`__classcell__`).
    pub has_class_cell: bool,
    /// The docstring (`__doc__`), if the body starts with one.
    pub doc: Option<Rc<str>>,
    /// A function with annotations (3.14 evaluates them only when asked).
    pub has_annotations: bool,
    /// Code of a library module pymemsim writes in Python (`<pymemsim's NAME>`): errors are
    /// located at the program's line that called it.
    pub library: bool,
}

impl Code {
    /// Number of fast locals (parameters and other locals, cells and free variables).
    pub fn nlocalsplus(&self) -> usize {
        self.localsplus.len()
    }

    /// The handler covering instruction `pc`, if any (the innermost: the table lists inner
    /// ranges before the outer ones that contain them).
    pub fn handler_at(&self, pc: u32) -> Option<Handler> {
        self.handlers
            .iter()
            .find(|h| h.start <= pc && pc < h.end)
            .copied()
    }

    /// A listing of this code object and the ones nested in it: each instruction with its
    /// line, the exception table, constants and locals (`pymemsim dis`).
    pub fn disassemble(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "code {} ({:?}) line {}: stacksize {}, localsplus {:?}, cells {}, frees {}",
            self.qualname,
            self.kind,
            self.firstlineno,
            self.stacksize,
            self.localsplus,
            self.ncells,
            self.nfrees
        );
        let _ = writeln!(out, "  names {:?}", self.names);
        let mut line = 0;
        for (i, ins) in self.instrs.iter().enumerate() {
            let span = self.spans.get(i).copied().unwrap_or_default();
            let marker = if self.steps.get(i).copied().unwrap_or(false) {
                "*"
            } else {
                " "
            };
            let l = if span.line != line {
                line = span.line;
                format!("{line:>4}")
            } else {
                "    ".to_string()
            };
            let _ = writeln!(out, "{l} {marker}{i:>5} {ins:?}");
        }
        for h in &self.handlers {
            let _ = writeln!(
                out,
                "  handler {}..{} -> {} depth {}{}",
                h.start,
                h.end,
                h.target,
                h.depth,
                if h.lasti { " lasti" } else { "" }
            );
        }
        for c in &self.consts {
            if let Const::Code(inner) = c {
                out.push('\n');
                out.push_str(&inner.disassemble());
            }
        }
        out
    }

    /// Positional parameter names, then keyword-only, then `*args` and `**kwargs`.
    pub fn param_names(&self) -> &[Rc<str>] {
        let n = self.argcount
            + self.kwonlyargcount
            + u32::from(self.varargs)
            + u32::from(self.varkeywords);
        &self.localsplus[..n as usize]
    }
}
