//! The compiler: a program's syntax tree (from `rustpython-parser`) to code objects, as
//! CPython's `Python/compile.c` does it for the version being simulated. Names are resolved by
//! the symbol table ([`symtable`]); statements ([`stmt`]) and expressions ([`expr`]) become
//! instructions ([`code::Instr`]); constants fold as CPython's optimizer folds them ([`fold`]);
//! `match` statements compile in [`pattern`]; the peephole pass ([`peephole`]) applies the
//! instruction reorderings whose order of releases a program can see.
//!
//! The instruction set follows CPython 3.11+: a value stack, an exception table instead of a
//! block stack, and `CALL` with a callable and a `self`-or-NULL slot. Where versions differ in
//! what a program can observe (reference counts, the order objects are freed, which objects
//! are allocated), the compiler emits each version's sequence.

mod borrow;
pub mod code;
mod expr;
mod fold;
mod pattern;
mod peephole;
mod stmt;
pub mod symtable;

use std::collections::HashMap;
use std::rc::Rc;

use rustpython_parser::ast::{self, Expr, Stmt};

use self::code::{Anchor, Code, CodeKind, Const, ConstOrigin, Handler, Instr, Span};
use self::symtable::{Scope, SymTable};
use super::source::Source;
use crate::engine::object::IntVal;

/// Why a program cannot be compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompileError {
    /// CPython rejects it: `SyntaxError` with its message, at a byte offset.
    Syntax(String, u32),
    /// CPython rejects its indentation: `IndentationError`, at a byte offset.
    Indentation(String, u32),
    /// pymemsim does not model it.
    Unsupported(String, u32),
}

impl CompileError {
    /// The message located in `source` (`path:line:col: syntax error: ...`), as pymemsim prints
    /// it.
    pub fn located(&self, source: &Source) -> String {
        let (kind, msg, offset) = match self {
            Self::Syntax(m, o) => ("syntax error", m, o),
            Self::Indentation(m, o) => ("indentation error", m, o),
            Self::Unsupported(m, o) => ("not supported in pymemsim", m, o),
        };
        let (line, col) = source.line_col(*offset as usize);
        format!("{}:{line}:{col}: {kind}: {msg}", source.path)
    }
}

/// Parses a module's text and compiles it for CPython 3.`minor`: CPython's tokenizer limits
/// first ([`crate::python::limits`]), then the parser, then [`compile_module`].
pub fn compile_source(text: &str, source: Rc<Source>, minor: u8) -> Result<Rc<Code>, CompileError> {
    if let Some(e) = crate::python::limits::check_source(text, minor) {
        let offset = e.offset as u32;
        return Err(if e.unsupported {
            CompileError::Unsupported(e.message, offset)
        } else if e.indentation {
            CompileError::Indentation(e.message, offset)
        } else {
            CompileError::Syntax(e.message, offset)
        });
    }
    let module = match rustpython_parser::parse(text, rustpython_parser::Mode::Module, "") {
        Ok(ast::Mod::Module(m)) => m,
        Ok(_) => return Err(CompileError::Syntax("not a module".into(), 0)),
        Err(e) => return Err(CompileError::Syntax(e.error.to_string(), e.offset.into())),
    };
    let compiled = compile_module(&module.body, source, minor);
    if matches!(&compiled, Err(CompileError::Unsupported(m, _)) if m == symtable::TOO_DEEP) {
        // Dropping a tree that deep would recurse as deep as it is and could overflow the
        // stack: its memory is left to the process (only programs built to be hostile nest a
        // thousand levels).
        std::mem::forget(module);
    }
    compiled
}

/// Compiles a module's statements for CPython 3.`minor`.
pub fn compile_module(
    body: &[Stmt],
    source: Rc<Source>,
    minor: u8,
) -> Result<Rc<Code>, CompileError> {
    let table = symtable::build(body, minor).map_err(|e| {
        if e.msg == symtable::TOO_DEEP
            || e.msg.starts_with("async")
            || e.msg.starts_with("await")
            || e.msg.starts_with("type alias")
            || e.msg.starts_with("asynchronous")
        {
            CompileError::Unsupported(e.msg, e.offset)
        } else {
            CompileError::Syntax(e.msg, e.offset)
        }
    })?;
    let mut c = Compiler::new(&table, source, minor);
    c.push_unit(
        0,
        CodeKind::Module,
        Rc::from("<module>"),
        Rc::from("<module>"),
        1,
    );
    c.unit().span = Span {
        line: 1,
        ..Span::default()
    };
    if minor >= 14 {
        let conditional = stmt::has_annotations(body)
            && symtable::simple_annotations(body).len()
                > body
                    .iter()
                    .filter(|s| matches!(s, Stmt::AnnAssign(a) if a.simple))
                    .count();
        if conditional {
            c.conditional_annotations = symtable::simple_annotations(body)
                .into_iter()
                .enumerate()
                .map(|(i, a)| (symtable::node_addr(a), i as u32))
                .collect();
        }
        if let Some(code) = c.body_annotate(body, "__annotate__", false)? {
            c.make_closure(code, 0)?;
            c.name_op("__annotate__", NameCtx::Store);
        }
        if conditional {
            c.emit(Instr::BuildSet(0));
            c.name_op("__conditional_annotations__", NameCtx::Store);
        }
    } else if stmt::has_annotations(body) {
        c.emit(Instr::SetupAnnotations);
    }
    c.body(body, true)?;
    c.emit_return_none();
    Ok(c.pop_unit())
}

/// Compiles an expression (a lesson's expectation, the app's inspector) as a module-level
/// code object that returns its value.
pub fn compile_expression(
    expr: &Expr,
    source: Rc<Source>,
    minor: u8,
) -> Result<Rc<Code>, CompileError> {
    let body = [Stmt::Expr(ast::StmtExpr {
        value: Box::new(expr.clone()),
        range: Default::default(),
    })];
    let table = symtable::build(&body, minor).map_err(|e| CompileError::Syntax(e.msg, e.offset))?;
    let mut c = Compiler::new(&table, source, minor);
    c.push_unit(
        0,
        CodeKind::Module,
        Rc::from("<module>"),
        Rc::from("<module>"),
        1,
    );
    c.unit().span = Span {
        line: 1,
        ..Span::default()
    };
    let Stmt::Expr(e) = &body[0] else {
        unreachable!("built above")
    };
    c.expr(&e.value)?;
    c.emit(Instr::ReturnValue);
    Ok(c.pop_unit())
}

/// A jump target, resolved when its unit is finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Label(u32);

/// What a `break`, `continue` or `return` must undo when it leaves a block (CPython's
/// `fblockinfo`).
#[derive(Clone)]
pub(crate) enum FBlock<'a> {
    /// A `while` loop.
    While { start: Label, exit: Label },
    /// A `for` loop: its iterator is on the stack.
    For { start: Label, exit: Label },
    /// The body of a `try` with handlers.
    TryExcept,
    /// The body of a `try` with a `finally`: leaving runs the finally body.
    FinallyTry(&'a [Stmt]),
    /// Inside a `finally` body run for an exception: `[lasti, prev, exc]` on the stack.
    FinallyEnd,
    /// The body of a `with`: leaving calls `__exit__(None, None, None)`.
    With,
    /// An `except` body: leaving restores the handled exception and clears the name.
    HandlerCleanup(Option<&'a str>),
    /// Between `PUSH_EXC_INFO` and the handler's body: `[prev, exc]` on the stack.
    ExceptionHandler,
}

/// An exception-table region being built: instructions emitted while it is innermost jump to
/// `target` with the stack cut to `depth`.
#[derive(Clone, Copy)]
struct HandlerDef {
    target: Label,
    depth: u32,
    lasti: bool,
}

/// A code object being compiled.
pub(crate) struct Unit<'a> {
    /// The class whose private names this code mangles (its own name for a class body, the
    /// enclosing class's for the functions inside).
    private: Option<Rc<str>>,
    block: usize,
    kind: CodeKind,
    name: Rc<str>,
    qualname: Rc<str>,
    instrs: Vec<Instr>,
    spans: Vec<Span>,
    /// The innermost handler region of each instruction (`u32::MAX`: none).
    cover: Vec<u32>,
    consts: Vec<Const>,
    const_origins: Vec<ConstOrigin>,
    const_index: HashMap<ConstKey, u32>,
    names: Vec<Rc<str>>,
    name_index: HashMap<Rc<str>, u32>,
    localsplus: Vec<Rc<str>>,
    local_index: HashMap<Rc<str>, u32>,
    ncells: u32,
    nfrees: u32,
    cell_slots: Vec<u32>,
    labels: Vec<u32>,
    label_depth: Vec<i32>,
    handler_defs: Vec<HandlerDef>,
    handler_stack: Vec<u32>,
    depth: i32,
    max_depth: i32,
    /// 3.15: each running `for` loop keeps a second stack slot beside its iterator (the index
    /// of a virtual iterator); counted into `max_depth` only, as `co_stacksize` is.
    loop_slots: i32,
    fblocks: Vec<FBlock<'a>>,
    /// The span the next instructions get.
    span: Span,
    /// The next instruction starts a step (statement or loop iteration).
    step_pending: bool,
    argcount: u32,
    posonlyargcount: u32,
    kwonlyargcount: u32,
    varargs: bool,
    varkeywords: bool,
    generator: bool,
    firstlineno: u32,
    doc: Option<Rc<str>>,
    has_annotations: bool,
    /// Names stored as `self.<name>` in methods (3.13's `__static_attributes__`).
    static_attributes: Vec<Rc<str>>,
    /// A jump or return ended the straight-line code: what follows is unreachable until a
    /// label is bound.
    dead: bool,
    /// Variables of the comprehensions inlined where the compiler is now (3.12+).
    inlined_stack_names: Vec<Rc<str>>,
    /// Variables of the comprehensions being inlined that are cells while they run.
    inlined_cells: Vec<Rc<str>>,
    /// A class's `__annotate__`: the local index of its `__classdict__` free variable, through
    /// which its names are looked up first.
    classdict: Option<u32>,
}

/// Constants are shared within a code object when equal and of the same type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum ConstKey {
    None,
    Bool(bool),
    Ellipsis,
    Int(IntVal),
    Float(u64),
    Complex(u64, u64),
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    Tuple(Vec<ConstKey>),
    FrozenSet(Vec<ConstKey>),
    Code(usize),
}

pub(crate) fn const_key(c: &Const) -> ConstKey {
    match c {
        Const::None => ConstKey::None,
        Const::Bool(b) => ConstKey::Bool(*b),
        Const::Ellipsis => ConstKey::Ellipsis,
        Const::Int(i) => ConstKey::Int(i.clone()),
        Const::Float(f) => ConstKey::Float(f.to_bits()),
        Const::Complex(a, b) => ConstKey::Complex(a.to_bits(), b.to_bits()),
        Const::Str(s) => ConstKey::Str(s.clone()),
        Const::Bytes(b) => ConstKey::Bytes(b.clone()),
        Const::Tuple(items) => ConstKey::Tuple(items.iter().map(const_key).collect()),
        Const::FrozenSet(items) => ConstKey::FrozenSet(items.iter().map(const_key).collect()),
        Const::Code(c) => ConstKey::Code(Rc::as_ptr(c) as usize),
    }
}

/// The compiler's state: the symbol table and the stack of units being compiled.
pub(crate) struct Compiler<'a> {
    table: &'a SymTable,
    source: Rc<Source>,
    /// The CPython minor version compiled for.
    pub(crate) minor: u8,
    units: Vec<Unit<'a>>,
    /// The function about to be compiled has annotations (its `def` knows, its body does not).
    annotated: bool,
    /// 3.14+: a module whose annotations are conditional: each simple annotated assignment's
    /// index (by node address) in `__conditional_annotations__`.
    conditional_annotations: HashMap<usize, u32>,
}

type CResult<T = ()> = Result<T, CompileError>;

impl<'a> Compiler<'a> {
    fn unit(&mut self) -> &mut Unit<'a> {
        let n = self.units.len() - 1;
        &mut self.units[n]
    }

    fn unit_ref(&self) -> &Unit<'a> {
        &self.units[self.units.len() - 1]
    }

    fn block(&self) -> &'a symtable::Block {
        let table: &'a SymTable = self.table;
        &table.blocks[self.unit_ref().block]
    }

    /// The symbol-table block of a syntax-tree node.
    fn block_of<T>(&self, node: &T) -> Option<usize> {
        self.table
            .by_node
            .get(&(node as *const T as usize))
            .copied()
    }

    fn push_unit(
        &mut self,
        block: usize,
        kind: CodeKind,
        name: Rc<str>,
        qualname: Rc<str>,
        firstlineno: u32,
    ) {
        let b = &self.table.blocks[block];
        // localsplus: parameters, then other locals, then cells that are not parameters, then
        // free variables.
        let mut localsplus: Vec<Rc<str>> = Vec::new();
        let mut local_index: HashMap<Rc<str>, u32> = HashMap::new();
        fn add_local(n: &Rc<str>, v: &mut Vec<Rc<str>>, index: &mut HashMap<Rc<str>, u32>) {
            if !index.contains_key(n) {
                index.insert(n.clone(), v.len() as u32);
                v.push(n.clone());
            }
        }
        macro_rules! add {
            ($n:expr, $v:expr) => {
                add_local($n, $v, &mut local_index)
            };
        }
        let fast = kind != CodeKind::Module && kind != CodeKind::Class;
        for p in &b.params {
            add!(p, &mut localsplus);
        }
        if fast {
            for n in b.names() {
                if b.scope(n) == Scope::Local {
                    add!(n, &mut localsplus);
                }
            }
        } else {
            // Module or class: only an inlined comprehension's variables are fast locals.
            for n in &b.inlined_locals {
                add!(n, &mut localsplus);
            }
        }
        let mut cell_slots = Vec::new();
        let mut ncells = 0;
        // Cell and free variables come sorted by name (`dictbytype`), after the locals.
        let mut cells: Vec<&Rc<str>> = b.names().filter(|n| b.scope(n) == Scope::Cell).collect();
        cells.sort();
        for n in cells {
            add!(n, &mut localsplus);
            ncells += 1;
        }
        if kind == CodeKind::Class && b.needs_class_cell {
            add!(&Rc::from("__class__"), &mut localsplus);
            ncells += 1;
        }
        if kind == CodeKind::Class && b.needs_classdict_cell {
            add!(&Rc::from("__classdict__"), &mut localsplus);
            ncells += 1;
        }
        for n in b.names() {
            if b.scope(n) == Scope::Cell || (kind == CodeKind::Class && &**n == "__class__") {
                if let Some(&i) = local_index.get(n) {
                    if !cell_slots.contains(&i) {
                        cell_slots.push(i);
                    }
                }
            }
        }
        if kind == CodeKind::Class && b.needs_class_cell {
            if let Some(&i) = local_index.get("__class__") {
                if !cell_slots.contains(&i) {
                    cell_slots.push(i);
                }
            }
        }
        if kind == CodeKind::Class && b.needs_classdict_cell {
            if let Some(&i) = local_index.get("__classdict__") {
                if !cell_slots.contains(&i) {
                    cell_slots.push(i);
                }
            }
        }
        let mut nfrees = 0;
        let mut frees: Vec<&Rc<str>> = b
            .names()
            .filter(|n| {
                let passes_through = kind == CodeKind::Class && b.is_free_class(n);
                (b.scope(n) == Scope::Free || passes_through) && !local_index.contains_key(*n)
            })
            .collect();
        frees.sort();
        for n in frees {
            add!(n, &mut localsplus);
            nfrees += 1;
        }
        let private = if kind == CodeKind::Class {
            Some(name.clone())
        } else {
            self.units.last().and_then(|u| u.private.clone())
        };
        self.units.push(Unit {
            private,
            block,
            kind,
            name,
            qualname,
            instrs: Vec::new(),
            spans: Vec::new(),
            cover: Vec::new(),
            consts: Vec::new(),
            const_origins: Vec::new(),
            const_index: HashMap::new(),
            names: Vec::new(),
            name_index: HashMap::new(),
            localsplus,
            local_index,
            ncells,
            nfrees,
            cell_slots,
            labels: Vec::new(),
            label_depth: Vec::new(),
            handler_defs: Vec::new(),
            handler_stack: Vec::new(),
            depth: 0,
            max_depth: 0,
            loop_slots: 0,
            fblocks: Vec::new(),
            span: Span::default(),
            step_pending: false,
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            varargs: false,
            varkeywords: false,
            generator: b.generator,
            firstlineno,
            doc: None,
            has_annotations: false,
            static_attributes: Vec::new(),
            dead: false,
            inlined_stack_names: Vec::new(),
            inlined_cells: Vec::new(),
            classdict: None,
        });
    }

    fn pop_unit(&mut self) -> Rc<Code> {
        let Some(mut u) = self.units.pop() else {
            unreachable!("a unit is being compiled")
        };
        if self.minor >= 14 {
            peephole::inline_small_exit_blocks(
                &mut u.instrs,
                &mut u.spans,
                &mut u.cover,
                &mut u.labels,
            );
        }
        if self.minor >= 15 {
            for ins in u.instrs.iter_mut() {
                if let Instr::LoadConst(i) = *ins {
                    *ins = Instr::LoadConstBorrow(i);
                }
            }
        }
        // Resolve labels.
        let resolve = |l: u32, labels: &[u32]| labels.get(l as usize).copied().unwrap_or(0);
        for ins in u.instrs.iter_mut() {
            if let Some(t) = ins.jump_target_mut() {
                *t = resolve(*t, &u.labels);
            }
        }
        if self.minor >= 11 {
            peephole::apply_static_swaps(&mut u.instrs, &u.spans, &u.labels, self.minor);
        }
        if self.minor >= 14 {
            let lines: Vec<u32> = u.spans.iter().map(|s| s.line).collect();
            let handler: Vec<u32> = u
                .cover
                .iter()
                .map(|&h| match u.handler_defs.get(h as usize) {
                    Some(def) => resolve(def.target.0, &u.labels),
                    None => u32::MAX,
                })
                .collect();
            let nparams =
                u.argcount + u.kwonlyargcount + u32::from(u.varargs) + u32::from(u.varkeywords);
            borrow::optimize_load_fast(
                &mut u.instrs,
                &lines,
                &u.labels,
                &handler,
                nparams as usize,
            );
        }
        // The exception table: runs of instructions with the same innermost region.
        let mut handlers: Vec<Handler> = Vec::new();
        let mut i = 0;
        while i < u.cover.len() {
            let h = u.cover[i];
            let start = i;
            while i < u.cover.len() && u.cover[i] == h {
                i += 1;
            }
            if h != u32::MAX {
                let def = u.handler_defs[h as usize];
                handlers.push(Handler {
                    start: start as u32,
                    end: i as u32,
                    target: resolve(def.target.0, &u.labels),
                    depth: def.depth,
                    lasti: def.lasti,
                });
            }
        }
        let b = &self.table.blocks[u.block];
        let needs_class_cell = b.uses_class;
        let has_class_cell = u.kind == CodeKind::Class && b.needs_class_cell;
        Rc::new(Code {
            name: u.name,
            qualname: u.qualname,
            kind: u.kind,
            generator: u.generator,
            argcount: u.argcount,
            posonlyargcount: u.posonlyargcount,
            kwonlyargcount: u.kwonlyargcount,
            varargs: u.varargs,
            varkeywords: u.varkeywords,
            localsplus: u.localsplus,
            ncells: u.ncells,
            nfrees: u.nfrees,
            cell_slots: u.cell_slots,
            names: u.names,
            consts: u.consts,
            const_origins: u.const_origins,
            instrs: u.instrs,
            steps: u.spans.iter().map(|s| s.step).collect(),
            spans: u.spans,
            handlers,
            stacksize: generator_stacksize(self.minor, u.kind, u.generator, u.max_depth),
            firstlineno: u.firstlineno,
            source: self.source.clone(),
            needs_class_cell,
            has_class_cell,
            doc: u.doc,
            has_annotations: u.has_annotations,
            library: self.source.path.starts_with("<pymemsim's"),
        })
    }

    // ----------------------------------------------------------------------------------------
    // Emitting

    fn new_label(&mut self) -> Label {
        let u = self.unit();
        u.labels.push(u32::MAX);
        u.label_depth.push(-1);
        Label(u.labels.len() as u32 - 1)
    }

    /// Binds a label here. After an unconditional jump, the stack depth is the one recorded by
    /// the jumps to it.
    fn bind(&mut self, l: Label) {
        let u = self.unit();
        u.labels[l.0 as usize] = u.instrs.len() as u32;
        let recorded = u.label_depth[l.0 as usize];
        if u.dead {
            if recorded >= 0 {
                u.depth = recorded;
            }
            u.dead = false;
        } else if recorded < 0 {
            u.label_depth[l.0 as usize] = u.depth;
        }
    }

    /// Sets the stack depth at a label (a handler's entry, where the table puts it).
    fn bind_at_depth(&mut self, l: Label, depth: i32) {
        self.bind(l);
        let u = self.unit();
        u.depth = depth;
        u.max_depth = u.max_depth.max(depth + u.loop_slots);
        u.dead = false;
    }

    fn note_jump(&mut self, l: Label, depth: i32) {
        let u = self.unit();
        let d = &mut u.label_depth[l.0 as usize];
        if *d < 0 {
            *d = depth;
        }
    }

    fn emit(&mut self, ins: Instr) {
        let effect = stack_effect(&ins);
        let u = self.unit();
        let mut span = u.span;
        span.step = std::mem::take(&mut u.step_pending);
        u.instrs.push(ins);
        u.spans.push(span);
        u.cover
            .push(u.handler_stack.last().copied().unwrap_or(u32::MAX));
        u.depth += effect;
        if u.depth + u.loop_slots > u.max_depth {
            u.max_depth = u.depth + u.loop_slots;
        }
        if matches!(
            ins,
            Instr::Jump(_) | Instr::ReturnValue | Instr::Raise(_) | Instr::Reraise
        ) {
            u.dead = true;
        }
    }

    /// A jump to a label (its stack effect applied on the path that does not jump).
    fn emit_jump(&mut self, ins: Instr, target: Label) {
        let depth_before = self.unit_ref().depth;
        let at_target = match ins {
            Instr::Jump(_) => depth_before,
            Instr::PopJumpIfFalse(_)
            | Instr::PopJumpIfTrue(_)
            | Instr::PopJumpIfNone(_)
            | Instr::PopJumpIfNotNone(_) => depth_before - 1,
            Instr::JumpIfFalseOrPop(_) | Instr::JumpIfTrueOrPop(_) => depth_before,
            Instr::ForIter(_) => depth_before - 1,
            Instr::Send(_) => depth_before - 1,
            _ => depth_before,
        };
        self.note_jump(target, at_target);
        let ins = match ins {
            Instr::Jump(_) => Instr::Jump(target.0),
            Instr::PopJumpIfFalse(_) => Instr::PopJumpIfFalse(target.0),
            Instr::PopJumpIfTrue(_) => Instr::PopJumpIfTrue(target.0),
            Instr::PopJumpIfNone(_) => Instr::PopJumpIfNone(target.0),
            Instr::PopJumpIfNotNone(_) => Instr::PopJumpIfNotNone(target.0),
            Instr::JumpIfFalseOrPop(_) => Instr::JumpIfFalseOrPop(target.0),
            Instr::JumpIfTrueOrPop(_) => Instr::JumpIfTrueOrPop(target.0),
            Instr::ForIter(_) => Instr::ForIter(target.0),
            Instr::Send(_) => Instr::Send(target.0),
            other => other,
        };
        self.emit(ins);
    }

    /// Enters an exception-table region whose handler is `target`, with the stack as it is
    /// now (minus `below` items that belong to the region's owner).
    fn push_handler(&mut self, target: Label, lasti: bool) {
        let u = self.unit();
        let depth = u.depth.max(0) as u32;
        u.handler_defs.push(HandlerDef {
            target,
            depth,
            lasti,
        });
        let i = u.handler_defs.len() as u32 - 1;
        u.handler_stack.push(i);
        // The handler starts with the stack at `depth`, plus lasti and the exception.
        let entry = depth as i32 + 1 + i32::from(lasti);
        let d = &mut u.label_depth[target.0 as usize];
        if *d < 0 {
            *d = entry;
        }
    }

    fn pop_handler(&mut self) {
        self.unit().handler_stack.pop();
    }

    fn add_const(&mut self, c: Const, origin: ConstOrigin) -> u32 {
        let key = const_key(&c);
        let u = self.unit();
        if let Some(&i) = u.const_index.get(&key) {
            return i;
        }
        u.consts.push(c);
        u.const_origins.push(origin);
        let i = u.consts.len() as u32 - 1;
        u.const_index.insert(key, i);
        i
    }

    /// Loads a constant the compiler makes.
    fn load_const(&mut self, c: Const) {
        self.load_const_from(c, ConstOrigin::Compiler);
    }

    /// Loads a constant that comes from the source.
    fn load_const_from(&mut self, c: Const, origin: ConstOrigin) {
        let i = self.add_const(c, origin);
        self.emit(Instr::LoadConst(i));
    }

    /// The name index of an attribute name (mangled inside a class).
    fn attr_index(&mut self, name: &str) -> u32 {
        let private = self.unit_ref().private.clone();
        let mangled = symtable::mangle(private.as_deref(), name);
        self.name_index(&mangled)
    }

    fn name_index(&mut self, name: &str) -> u32 {
        let u = self.unit();
        if let Some(&i) = u.name_index.get(name) {
            return i;
        }
        let n: Rc<str> = Rc::from(name);
        u.names.push(n.clone());
        let i = u.names.len() as u32 - 1;
        u.name_index.insert(n, i);
        i
    }

    fn emit_return_none(&mut self) {
        self.load_const(Const::None);
        self.emit(Instr::ReturnValue);
    }

    /// Sets the span of the next instructions to a node's.
    fn set_span<T: ast::Ranged>(&mut self, node: &T) {
        let r = node.range();
        let start: u32 = r.start().into();
        let end: u32 = r.end().into();
        let (line, col) = self.source.line_col(start as usize);
        let u = self.unit();
        u.span = Span {
            start,
            end,
            line,
            col,
            anchor: Anchor::None,
            step: false,
            plain_call_statement: false,
        };
    }

    /// Marks the next instruction as the start of a step (a statement or a loop iteration).
    fn mark_step(&mut self) {
        self.unit().step_pending = true;
    }

    fn syntax_error<T: ast::Ranged>(&self, node: &T, msg: impl Into<String>) -> CompileError {
        CompileError::Syntax(msg.into(), node.range().start().into())
    }

    fn unsupported<T: ast::Ranged>(&self, node: &T, what: impl Into<String>) -> CompileError {
        CompileError::Unsupported(what.into(), node.range().start().into())
    }

    // ----------------------------------------------------------------------------------------
    // Names

    /// Emits the load, store or delete of a name, as its scope in the current block decides.
    fn name_op(&mut self, name: &str, ctx: NameCtx) {
        let private = self.unit_ref().private.clone();
        let mangled = symtable::mangle(private.as_deref(), name);
        let name: &str = &mangled;
        let block = self.block();
        let kind = self.unit_ref().kind;
        let mut scope = block.scope(name);
        // An inlined comprehension's variable in a module or class: a hidden fast local.
        let hidden_fast =
            (kind == CodeKind::Module || kind == CodeKind::Class) && self.is_inlined_local(name);
        if hidden_fast {
            let cell = self.unit_ref().inlined_cells.iter().any(|c| &**c == name);
            scope = if cell { Scope::Cell } else { Scope::Local };
        }
        let local = self.unit_ref().local_index.get(name).copied();
        // A class's annotation scope: the class namespace first (`__classdict__`).
        if let (Some(cd), NameCtx::Load) = (self.unit_ref().classdict, ctx) {
            if name != "__classdict__" {
                match scope {
                    Scope::GlobalImplicit => {
                        let i = self.name_index(name);
                        self.emit(Instr::LoadDeref(cd));
                        self.emit(Instr::LoadFromDictOrGlobals(i));
                        return;
                    }
                    Scope::Free => {
                        if let Some(i) = local {
                            self.emit(Instr::LoadDeref(cd));
                            self.emit(Instr::LoadFromDictOrDeref(i));
                            return;
                        }
                    }
                    _ => {}
                }
            }
        }
        match scope {
            Scope::Free | Scope::Cell => {
                let Some(i) = local else {
                    return self.name_op_global(name, ctx, kind);
                };
                match ctx {
                    NameCtx::Load => {
                        if kind == CodeKind::Class && scope == Scope::Free {
                            self.emit(Instr::LoadClassDeref(i));
                        } else {
                            self.emit(Instr::LoadDeref(i));
                        }
                    }
                    NameCtx::Store => self.emit(Instr::StoreDeref(i)),
                    NameCtx::Del => self.emit(Instr::DeleteDeref(i)),
                }
            }
            Scope::Local
                if (kind != CodeKind::Module && kind != CodeKind::Class) || hidden_fast =>
            {
                let Some(i) = local else {
                    return self.name_op_global(name, ctx, kind);
                };
                match ctx {
                    NameCtx::Load => self.emit(Instr::LoadFast(i)),
                    NameCtx::Store => self.emit(Instr::StoreFast(i)),
                    NameCtx::Del => self.emit(Instr::DeleteFast(i)),
                }
            }
            Scope::GlobalExplicit => {
                let i = self.name_index(name);
                match ctx {
                    NameCtx::Load => self.emit(Instr::LoadGlobal(i)),
                    NameCtx::Store => self.emit(Instr::StoreGlobal(i)),
                    NameCtx::Del => self.emit(Instr::DeleteGlobal(i)),
                }
            }
            Scope::GlobalImplicit if kind != CodeKind::Module && kind != CodeKind::Class => {
                let i = self.name_index(name);
                match ctx {
                    NameCtx::Load => self.emit(Instr::LoadGlobal(i)),
                    NameCtx::Store => self.emit(Instr::StoreGlobal(i)),
                    NameCtx::Del => self.emit(Instr::DeleteGlobal(i)),
                }
            }
            _ => {
                let i = self.name_index(name);
                match ctx {
                    NameCtx::Load => self.emit(Instr::LoadName(i)),
                    NameCtx::Store => self.emit(Instr::StoreName(i)),
                    NameCtx::Del => self.emit(Instr::DeleteName(i)),
                }
            }
        }
    }

    fn name_op_global(&mut self, name: &str, ctx: NameCtx, kind: CodeKind) {
        let i = self.name_index(name);
        let fast = kind != CodeKind::Module && kind != CodeKind::Class;
        match (ctx, fast) {
            (NameCtx::Load, true) => self.emit(Instr::LoadGlobal(i)),
            (NameCtx::Store, true) => self.emit(Instr::StoreGlobal(i)),
            (NameCtx::Del, true) => self.emit(Instr::DeleteGlobal(i)),
            (NameCtx::Load, false) => self.emit(Instr::LoadName(i)),
            (NameCtx::Store, false) => self.emit(Instr::StoreName(i)),
            (NameCtx::Del, false) => self.emit(Instr::DeleteName(i)),
        }
    }

    /// Whether `name` is a variable of a comprehension currently inlined in this unit.
    fn is_inlined_local(&self, name: &str) -> bool {
        self.unit_ref()
            .inlined_stack_names
            .iter()
            .any(|n| &**n == name)
    }
}

/// How a name is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameCtx {
    /// Read.
    Load,
    /// Assigned.
    Store,
    /// Deleted.
    Del,
}

/// The stack effect of an instruction on the path that does not jump.
/// `co_stacksize`. From 3.12 a generator's body is covered by a handler at depth 0 that pushes
/// `lasti` and the exception (`CALL_INTRINSIC_1 INTRINSIC_STOPITERATION_ERROR`), so it needs at
/// least 2 slots; a 3.15 generator expression iterates over its first iterable from its own
/// stack (2 slots under the handler), so at least 4.
fn generator_stacksize(minor: u8, kind: CodeKind, generator: bool, max_depth: i32) -> u32 {
    let floor = match (generator, kind) {
        (true, CodeKind::GenExpr) if minor >= 15 => 4,
        (true, _) if minor >= 12 => 2,
        _ => 0,
    };
    max_depth.max(floor) as u32
}

impl<'a> Compiler<'a> {
    fn new(table: &'a SymTable, source: Rc<Source>, minor: u8) -> Self {
        Compiler {
            table,
            source,
            minor,
            units: Vec::new(),
            annotated: false,
            conditional_annotations: HashMap::new(),
        }
    }

    /// Enters (`+1`) or leaves (`-1`) a `for` loop's body, for the 3.15 stack-size count.
    pub(super) fn loop_slot(&mut self, delta: i32) {
        if self.minor >= 15 {
            self.unit().loop_slots += delta;
        }
    }
}

fn stack_effect(ins: &Instr) -> i32 {
    use Instr::*;
    match *ins {
        Nop
        | Swap(_)
        | DeleteFast(_)
        | MakeCell(_)
        | CopyFreeVars(_)
        | DeleteDeref(_)
        | DeleteGlobal(_)
        | DeleteName(_)
        | LoadAttr(_)
        | UnaryOp(_)
        | ListToTuple
        | GetIter
        | YieldValue
        | GetYieldFromIter
        | CheckExcMatch
        | SetupAnnotations
        | Jump(_)
        | LoadFromDictOrGlobals(_)
        | LoadFromDictOrDeref(_)
        | StopIterationError => 0,
        PopTop => -1,
        Copy(_) | PushNull | LoadConst(_) | LoadConstBorrow(_) | LoadFast(_)
        | LoadFastBorrow(_) | LoadFastAndClear(_) | LoadClosure(_) | LoadDeref(_)
        | LoadClassDeref(_) | LoadGlobal(_) | LoadName(_) | LoadBuildClass | LoadLocals
        | LoadAssertionError | GetLen | MatchMapping | MatchSequence | MatchKeys | PushExcInfo
        | WithExceptStart => 1,
        StoreFast(_) | StoreFastMaybeNull(_) | StoreDeref(_) | StoreGlobal(_) | StoreName(_) => -1,
        LoadMethod(_) => 1,
        LoadSuperAttr(_, false) => -2,
        LoadSuperAttr(_, true) => -1,
        StoreAttr(_) => -2,
        DeleteAttr(_) => -1,
        BinarySubscr => -1,
        StoreSubscr => -3,
        DeleteSubscr => -2,
        BuildSlice(n) => 1 - n as i32,
        BinaryOp(_) | InplaceOp(_) | CompareOp(_) | IsOp(_) | ContainsOp(_) => -1,
        BuildTuple(n) | BuildList(n) | BuildSet(n) | BuildString(n) => 1 - n as i32,
        BuildMap(n) => 1 - 2 * n as i32,
        BuildConstKeyMap(n) => -(n as i32),
        ListAppend(_) | SetAdd(_) | ListExtend(_) | SetUpdate(_) | DictUpdate(_) | DictMerge(_) => {
            -1
        }
        MapAdd(_) => -2,
        UnpackSequence(n) => n as i32 - 1,
        UnpackEx(b, a) => i32::from(b) + i32::from(a),
        FormatValue(_, spec) => -i32::from(spec),
        PopJumpIfFalse(_) | PopJumpIfTrue(_) | PopJumpIfNone(_) | PopJumpIfNotNone(_) => -1,
        JumpIfFalseOrPop(_) | JumpIfTrueOrPop(_) => -1,
        ForIter(_) => 1,
        ReturnValue => -1,
        Send(_) => 0,
        Call(n) => -1 - n as i32,
        CallKw(n) => -2 - n as i32,
        CallFunctionEx(kw) => -2 - i32::from(kw),
        MakeFunction(flags) => -(flags.count_ones() as i32),
        Raise(n) => -i32::from(n),
        Reraise => -1,
        PopExcept => -1,
        BeforeWith => 2,
        ImportName(_) => -1,
        ImportFrom(_) => 1,
        ImportStar => -1,
        MatchClass(_) => -2,
    }
}
