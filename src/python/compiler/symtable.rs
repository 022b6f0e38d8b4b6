//! The symbol table: which scope every name of a program belongs to, as CPython's
//! `Python/symtable.c` decides it. A first pass records, per block (module, class body,
//! function, lambda, comprehension, generator expression), how each name is used; a second pass
//! resolves each to a local, a cell (a local captured by an inner function), a free variable
//! (an outer function's cell), or a global (declared, or implicit).
//!
//! From 3.12 on, list, set and dict comprehensions are inlined into the enclosing block
//! (PEP 709): their variables become hidden locals of that block.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use rustpython_parser::ast::{self, Expr, Ranged as _, Stmt};

use crate::python::limits::MAX_SYNTAX_DEPTH;

/// The kind of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// The module (or a chunk of code run at module level).
    Module,
    /// A class body.
    Class,
    /// A `def` or a `lambda`.
    Function,
    /// A list, set or dict comprehension.
    Comprehension,
    /// A generator expression.
    GenExpr,
}

/// Where a name lives, once resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A local of the block (fast local in functions, namespace entry in modules and classes).
    Local,
    /// Declared `global`.
    GlobalExplicit,
    /// Not bound in any enclosing function: the globals, then the builtins.
    GlobalImplicit,
    /// A variable of an enclosing function, reached through a cell.
    Free,
    /// A local captured by an inner block: it lives in a cell.
    Cell,
}

const DEF_GLOBAL: u16 = 1;
const DEF_LOCAL: u16 = 2;
const DEF_PARAM: u16 = 4;
const DEF_NONLOCAL: u16 = 8;
const USE: u16 = 16;
const DEF_IMPORT: u16 = 32;
const DEF_COMP_ITER: u16 = 64;
const DEF_FREE_CLASS: u16 = 128;
const DEF_BOUND: u16 = DEF_LOCAL | DEF_PARAM | DEF_IMPORT;

/// One block's names.
#[derive(Debug)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// Its name (`<module>`, the function's or class's name, `<listcomp>`...).
    pub name: Rc<str>,
    /// Names in order of first appearance, with their flags.
    names: Vec<(Rc<str>, u16)>,
    index: HashMap<Rc<str>, usize>,
    /// Resolved scopes, filled by the analysis.
    scopes: HashMap<Rc<str>, Scope>,
    /// Parameters in order (positional, keyword-only, `*args`, `**kwargs`).
    pub params: Vec<Rc<str>>,
    /// Child blocks, in source order.
    pub children: Vec<usize>,
    /// Contains `yield` or `yield from`.
    pub generator: bool,
    /// A class body one of whose methods uses `super()` or `__class__`.
    pub needs_class_cell: bool,
    /// A function that uses `super()` or `__class__` (it has a `__class__` free variable).
    pub uses_class: bool,
    /// 3.14+: a class body whose annotations' `__annotate__` reads the class namespace
    /// through a `__classdict__` cell.
    pub needs_classdict_cell: bool,
    /// 3.14+: the `__annotate__` block of a module's or class's annotations.
    pub annotate_block: Option<usize>,
    /// A comprehension whose code is inlined into its parent (3.12+).
    pub inlined: bool,
    /// Names a child comprehension inlined into this block made local here.
    pub inlined_locals: Vec<Rc<str>>,
    /// Where the block starts (byte offset), for errors.
    pub offset: u32,
}

impl Block {
    fn new(kind: BlockKind, name: &str, offset: u32) -> Self {
        Self {
            kind,
            name: Rc::from(name),
            names: Vec::new(),
            index: HashMap::new(),
            scopes: HashMap::new(),
            params: Vec::new(),
            children: Vec::new(),
            generator: false,
            needs_class_cell: false,
            uses_class: false,
            needs_classdict_cell: false,
            annotate_block: None,
            inlined: false,
            inlined_locals: Vec::new(),
            offset,
        }
    }

    fn add(&mut self, name: &str, flag: u16) -> u16 {
        if let Some(&i) = self.index.get(name) {
            let old = self.names[i].1;
            self.names[i].1 |= flag;
            return old;
        }
        let n: Rc<str> = Rc::from(name);
        self.index.insert(n.clone(), self.names.len());
        self.names.push((n, flag));
        0
    }

    fn flags(&self, name: &str) -> u16 {
        self.index.get(name).map_or(0, |&i| self.names[i].1)
    }

    /// Where `name` lives in this block.
    pub fn scope(&self, name: &str) -> Scope {
        self.scopes
            .get(name)
            .copied()
            .unwrap_or(Scope::GlobalImplicit)
    }

    /// Whether the name is bound here (assigned, a parameter, imported).
    pub fn is_bound(&self, name: &str) -> bool {
        self.flags(name) & DEF_BOUND != 0
    }

    /// The block's names in order of first appearance.
    pub fn names(&self) -> impl Iterator<Item = &Rc<str>> {
        self.names.iter().map(|(n, _)| n)
    }

    /// Free variables that a class body only passes through to its methods.
    pub fn is_free_class(&self, name: &str) -> bool {
        self.flags(name) & DEF_FREE_CLASS != 0
    }
}

/// A `SyntaxError` found while building the table: message and byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymError {
    /// CPython's message.
    pub msg: String,
    /// Byte offset in the source.
    pub offset: u32,
}

/// The symbol table of a module.
#[derive(Debug)]
pub struct SymTable {
    /// All blocks; block 0 is the module.
    pub blocks: Vec<Block>,
    /// Block of a syntax-tree node (functions, lambdas, classes, comprehensions) by its address.
    pub by_node: HashMap<usize, usize>,
}

/// Builds the symbol table of a module's statements for CPython 3.`minor`.
pub fn build(body: &[Stmt], minor: u8) -> Result<SymTable, SymError> {
    let mut b = Builder {
        private: None,
        blocks: vec![Block::new(BlockKind::Module, "<module>", 0)],
        by_node: HashMap::new(),
        stack: vec![0],
        minor,
        in_class_annotations: false,
        depth: 0,
    };
    for s in body {
        b.stmt(s)?;
    }
    b.annotations_block(body, 0, false)?;
    let mut table = SymTable {
        blocks: b.blocks,
        by_node: b.by_node,
    };
    analyze(&mut table, minor)?;
    Ok(table)
}

/// Private name mangling (`_Py_Mangle`): inside a class, `__name` (not ending in `__`)
/// becomes `_Class__name`, the class name without its leading underscores.
pub fn mangle<'n>(private: Option<&str>, name: &'n str) -> std::borrow::Cow<'n, str> {
    let Some(class) = private else {
        return std::borrow::Cow::Borrowed(name);
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return std::borrow::Cow::Borrowed(name);
    }
    let stripped = class.trim_start_matches('_');
    if stripped.is_empty() {
        return std::borrow::Cow::Borrowed(name);
    }
    std::borrow::Cow::Owned(format!("_{stripped}{name}"))
}

struct Builder {
    /// The class whose private names are being mangled (inside its body and functions).
    private: Option<Rc<str>>,
    blocks: Vec<Block>,
    by_node: HashMap<usize, usize>,
    stack: Vec<usize>,
    minor: u8,
    in_class_annotations: bool,
    /// Statements and expressions being visited inside one another (bounded by
    /// [`MAX_SYNTAX_DEPTH`], so that no pass over the tree recurses deeper).
    depth: u32,
}

/// The message of the error for a tree nested deeper than [`MAX_SYNTAX_DEPTH`].
pub const TOO_DEEP: &str =
    "code nested more than 1000 levels deep (statements and expressions inside one another)";

pub(crate) fn node_addr<T>(n: &T) -> usize {
    n as *const T as usize
}

/// A function's annotations in `__annotations__` order: positional parameters, `*args`,
/// keyword-only parameters, `**kwargs`, then `return`.
pub(crate) fn annotation_exprs<'a>(
    args: &'a ast::Arguments,
    returns: Option<&'a Expr>,
) -> Vec<(&'a str, &'a Expr)> {
    let mut pairs = Vec::new();
    for a in args.posonlyargs.iter().chain(&args.args) {
        if let Some(ann) = a.def.annotation.as_deref() {
            pairs.push((a.def.arg.as_str(), ann));
        }
    }
    if let Some(v) = &args.vararg {
        if let Some(ann) = v.annotation.as_deref() {
            pairs.push((v.arg.as_str(), ann));
        }
    }
    for a in &args.kwonlyargs {
        if let Some(ann) = a.def.annotation.as_deref() {
            pairs.push((a.def.arg.as_str(), ann));
        }
    }
    if let Some(v) = &args.kwarg {
        if let Some(ann) = v.annotation.as_deref() {
            pairs.push((v.arg.as_str(), ann));
        }
    }
    if let Some(r) = returns {
        pairs.push(("return", r));
    }
    pairs
}

fn err(msg: impl Into<String>, offset: impl Into<u32>) -> SymError {
    SymError {
        msg: msg.into(),
        offset: offset.into(),
    }
}

impl Builder {
    fn cur(&mut self) -> &mut Block {
        let i = *self.stack.last().unwrap_or(&0);
        &mut self.blocks[i]
    }

    fn cur_index(&self) -> usize {
        *self.stack.last().unwrap_or(&0)
    }

    fn enter(&mut self, kind: BlockKind, name: &str, addr: usize, offset: u32) -> usize {
        let i = self.blocks.len();
        self.blocks.push(Block::new(kind, name, offset));
        let parent = self.cur_index();
        self.blocks[parent].children.push(i);
        self.by_node.insert(addr, i);
        self.stack.push(i);
        i
    }

    fn leave(&mut self) {
        self.stack.pop();
    }

    fn def(&mut self, name: &str, flag: u16, offset: u32) -> Result<(), SymError> {
        let private = self.private.clone();
        let name = &*mangle(private.as_deref(), name);
        let block = self.cur();
        let old = block.flags(name);
        if flag & DEF_PARAM != 0 && old & DEF_PARAM != 0 {
            return Err(err(
                format!("duplicate argument '{name}' in function definition"),
                offset,
            ));
        }
        block.add(name, flag);
        Ok(())
    }

    fn use_name(&mut self, name: &str) {
        let private = self.private.clone();
        let name = mangle(private.as_deref(), name);
        self.cur().add(&name, USE);
    }

    fn stmts(&mut self, body: &[Stmt]) -> Result<(), SymError> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> Result<(), SymError> {
        self.deeper(s.range().start().into())?;
        let r = self.stmt_inside(s);
        self.depth -= 1;
        r
    }

    /// One level deeper into the tree, or the error past [`MAX_SYNTAX_DEPTH`].
    fn deeper(&mut self, offset: u32) -> Result<(), SymError> {
        if self.depth >= MAX_SYNTAX_DEPTH {
            return Err(err(TOO_DEEP, offset));
        }
        self.depth += 1;
        Ok(())
    }

    fn stmt_inside(&mut self, s: &Stmt) -> Result<(), SymError> {
        let offset: u32 = s.range().start().into();
        match s {
            Stmt::FunctionDef(f) => {
                self.def(f.name.as_str(), DEF_LOCAL, offset)?;
                self.function_outside(&f.args, &f.decorator_list, f.returns.as_deref())?;
                let annotations = annotation_exprs(&f.args, f.returns.as_deref());
                if self.minor >= 14 && !annotations.is_empty() {
                    // PEP 649: the annotations are the body of a function of their own,
                    // `__annotate__(format, /)`, keyed by the def's arguments node.
                    let i = self.enter(
                        BlockKind::Function,
                        "__annotate__",
                        node_addr(&*f.args),
                        offset,
                    );
                    self.def("format", DEF_PARAM, offset)?;
                    self.blocks[i].params.push(Rc::from("format"));
                    for (_, e) in &annotations {
                        self.expr(e)?;
                    }
                    self.leave();
                }
                self.enter(BlockKind::Function, f.name.as_str(), node_addr(f), offset);
                self.params(&f.args)?;
                self.stmts(&f.body)?;
                self.leave();
            }
            Stmt::AsyncFunctionDef(_) => {
                return Err(err("async functions", offset));
            }
            Stmt::ClassDef(c) => {
                self.def(c.name.as_str(), DEF_LOCAL, offset)?;
                for e in c.bases.iter().chain(c.decorator_list.iter()) {
                    self.expr(e)?;
                }
                for k in &c.keywords {
                    self.expr(&k.value)?;
                }
                self.enter(BlockKind::Class, c.name.as_str(), node_addr(c), offset);
                let saved = self.private.replace(Rc::from(c.name.as_str()));
                let r = self.stmts(&c.body);
                let r = r.and_then(|()| self.annotations_block(&c.body, offset, true));
                self.private = saved;
                r?;
                self.leave();
            }
            Stmt::Return(r) => {
                if let Some(v) = &r.value {
                    self.expr(v)?;
                }
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.target(t)?;
                }
            }
            Stmt::Assign(a) => {
                for t in &a.targets {
                    self.target(t)?;
                }
                self.expr(&a.value)?;
            }
            Stmt::AugAssign(a) => {
                self.target(&a.target)?;
                if let Expr::Name(n) = &*a.target {
                    self.use_name(n.id.as_str());
                }
                self.expr(&a.value)?;
            }
            Stmt::AnnAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    let block = self.cur();
                    let flags = block.flags(n.id.as_str());
                    if flags & (DEF_GLOBAL | DEF_NONLOCAL) != 0 && a.simple {
                        let what = if flags & DEF_GLOBAL != 0 {
                            "global"
                        } else {
                            "nonlocal"
                        };
                        return Err(err(
                            format!("annotated name '{}' can't be {what}", n.id),
                            offset,
                        ));
                    }
                    if a.simple {
                        self.def(n.id.as_str(), DEF_LOCAL, offset)?;
                    } else if a.value.is_some() {
                        self.target(&a.target)?;
                    }
                } else {
                    self.target_parts(&a.target)?;
                }
                let kind = self.cur().kind;
                if (kind == BlockKind::Module || kind == BlockKind::Class)
                    && self.minor >= 14
                    && a.simple
                {
                    // PEP 649: evaluated by the block's `__annotate__` (see `annotations_block`).
                } else if kind == BlockKind::Module || kind == BlockKind::Class {
                    self.in_class_annotations = true;
                    self.expr(&a.annotation)?;
                    self.in_class_annotations = false;
                }
                if let Some(v) = &a.value {
                    self.expr(v)?;
                }
            }
            Stmt::For(f) => {
                self.target(&f.target)?;
                self.expr(&f.iter)?;
                self.stmts(&f.body)?;
                self.stmts(&f.orelse)?;
            }
            Stmt::AsyncFor(_) => return Err(err("async for", offset)),
            Stmt::While(w) => {
                self.expr(&w.test)?;
                self.stmts(&w.body)?;
                self.stmts(&w.orelse)?;
            }
            Stmt::If(i) => {
                self.expr(&i.test)?;
                self.stmts(&i.body)?;
                self.stmts(&i.orelse)?;
            }
            Stmt::With(w) => {
                for item in &w.items {
                    self.expr(&item.context_expr)?;
                    if let Some(v) = &item.optional_vars {
                        self.target(v)?;
                    }
                }
                self.stmts(&w.body)?;
            }
            Stmt::AsyncWith(_) => return Err(err("async with", offset)),
            Stmt::Match(m) => {
                self.expr(&m.subject)?;
                for case in &m.cases {
                    self.pattern(&case.pattern)?;
                    if let Some(g) = &case.guard {
                        self.expr(g)?;
                    }
                    self.stmts(&case.body)?;
                }
            }
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    self.expr(e)?;
                }
                if let Some(c) = &r.cause {
                    self.expr(c)?;
                }
            }
            Stmt::Try(t) => {
                self.stmts(&t.body)?;
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(ty)?;
                    }
                    if let Some(n) = &h.name {
                        self.def(n.as_str(), DEF_LOCAL, offset)?;
                    }
                    self.stmts(&h.body)?;
                }
                self.stmts(&t.orelse)?;
                self.stmts(&t.finalbody)?;
            }
            Stmt::TryStar(t) => {
                self.stmts(&t.body)?;
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(ty) = &h.type_ {
                        self.expr(ty)?;
                    }
                    if let Some(n) = &h.name {
                        self.def(n.as_str(), DEF_LOCAL, offset)?;
                    }
                    self.stmts(&h.body)?;
                }
                self.stmts(&t.orelse)?;
                self.stmts(&t.finalbody)?;
            }
            Stmt::Assert(a) => {
                self.expr(&a.test)?;
                if let Some(m) = &a.msg {
                    self.expr(m)?;
                }
            }
            Stmt::Import(i) => {
                for alias in &i.names {
                    let name = match &alias.asname {
                        Some(a) => a.as_str(),
                        None => alias.name.as_str().split('.').next().unwrap_or(""),
                    };
                    self.def(name, DEF_IMPORT, offset)?;
                }
            }
            Stmt::ImportFrom(i) => {
                for alias in &i.names {
                    if alias.name.as_str() == "*" {
                        if self.cur().kind != BlockKind::Module {
                            return Err(err("import * only allowed at module level", offset));
                        }
                        continue;
                    }
                    let name = alias.asname.as_ref().unwrap_or(&alias.name);
                    self.def(name.as_str(), DEF_IMPORT, offset)?;
                }
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    let name = n.as_str();
                    let block = self.cur();
                    let old = block.flags(name);
                    if old & DEF_PARAM != 0 {
                        return Err(err(
                            format!("name '{name}' is parameter and global"),
                            offset,
                        ));
                    }
                    if old & DEF_NONLOCAL != 0 {
                        return Err(err(format!("name '{name}' is nonlocal and global"), offset));
                    }
                    if old & DEF_LOCAL != 0 {
                        return Err(err(
                            format!("name '{name}' is assigned to before global declaration"),
                            offset,
                        ));
                    }
                    if old & USE != 0 {
                        return Err(err(
                            format!("name '{name}' is used prior to global declaration"),
                            offset,
                        ));
                    }
                    block.add(name, DEF_GLOBAL);
                }
            }
            Stmt::Nonlocal(nl) => {
                if self.cur().kind == BlockKind::Module {
                    return Err(err(
                        "nonlocal declaration not allowed at module level",
                        offset,
                    ));
                }
                for n in &nl.names {
                    let name = n.as_str();
                    let block = self.cur();
                    let old = block.flags(name);
                    if old & DEF_PARAM != 0 {
                        return Err(err(
                            format!("name '{name}' is parameter and nonlocal"),
                            offset,
                        ));
                    }
                    if old & DEF_GLOBAL != 0 {
                        return Err(err(format!("name '{name}' is nonlocal and global"), offset));
                    }
                    if old & DEF_LOCAL != 0 {
                        return Err(err(
                            format!("name '{name}' is assigned to before nonlocal declaration"),
                            offset,
                        ));
                    }
                    if old & USE != 0 {
                        return Err(err(
                            format!("name '{name}' is used prior to nonlocal declaration"),
                            offset,
                        ));
                    }
                    block.add(name, DEF_NONLOCAL);
                }
            }
            Stmt::Expr(e) => self.expr(&e.value)?,
            Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_) => {}
            Stmt::TypeAlias(_) => return Err(err("type alias", offset)),
        }
        Ok(())
    }

    /// 3.14+ (PEP 649): the `__annotate__(format, /)` block of the current module or class
    /// body, holding its simple annotations (only those at the top of the body: annotations
    /// under `if`, `for`... are compiled as unsupported). A class's annotations see its
    /// namespace through the `__classdict__` cell.
    fn annotations_block(
        &mut self,
        body: &[Stmt],
        offset: u32,
        class: bool,
    ) -> Result<(), SymError> {
        // A module's annotations under `if`, `for`... count too (3.14's conditional
        // annotations); a class's stop as unsupported when compiled.
        let anns: Vec<&Expr> = if class {
            body.iter()
                .filter_map(|s| match s {
                    Stmt::AnnAssign(a) if a.simple => Some(&*a.annotation),
                    _ => None,
                })
                .collect()
        } else {
            simple_annotations(body)
                .into_iter()
                .map(|a| &*a.annotation)
                .collect()
        };
        if self.minor < 14 || anns.is_empty() {
            return Ok(());
        }
        let owner = self.cur_index();
        let i = self.blocks.len();
        self.blocks
            .push(Block::new(BlockKind::Function, "__annotate__", offset));
        self.blocks[owner].children.push(i);
        self.blocks[owner].annotate_block = Some(i);
        self.stack.push(i);
        self.def("format", DEF_PARAM, offset)?;
        self.blocks[i].params.push(Rc::from("format"));
        if class {
            self.blocks[i].add("__classdict__", USE);
        } else {
            self.blocks[i].add("__conditional_annotations__", USE);
        }
        for e in anns {
            self.expr(e)?;
        }
        self.leave();
        Ok(())
    }

    /// What a `def` or `lambda` evaluates in the enclosing block: defaults, decorators and
    /// (before 3.14, eagerly) annotations.
    fn function_outside(
        &mut self,
        args: &ast::Arguments,
        decorators: &[Expr],
        returns: Option<&Expr>,
    ) -> Result<(), SymError> {
        for a in args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
        {
            if let Some(d) = &a.default {
                self.expr(d)?;
            }
        }
        for d in decorators {
            self.expr(d)?;
        }
        let _ = returns;
        Ok(())
    }

    fn params(&mut self, args: &ast::Arguments) -> Result<(), SymError> {
        let i = self.cur_index();
        for a in args.posonlyargs.iter().chain(&args.args) {
            self.def(a.def.arg.as_str(), DEF_PARAM, a.def.range.start().into())?;
            self.blocks[i].params.push(Rc::from(a.def.arg.as_str()));
        }
        for a in &args.kwonlyargs {
            self.def(a.def.arg.as_str(), DEF_PARAM, a.def.range.start().into())?;
            self.blocks[i].params.push(Rc::from(a.def.arg.as_str()));
        }
        if let Some(v) = &args.vararg {
            self.def(v.arg.as_str(), DEF_PARAM, v.range.start().into())?;
            self.blocks[i].params.push(Rc::from(v.arg.as_str()));
        }
        if let Some(k) = &args.kwarg {
            self.def(k.arg.as_str(), DEF_PARAM, k.range.start().into())?;
            self.blocks[i].params.push(Rc::from(k.arg.as_str()));
        }
        Ok(())
    }

    /// An assignment target: names are bound, the rest evaluated.
    fn target(&mut self, t: &Expr) -> Result<(), SymError> {
        match t {
            Expr::Name(n) => {
                let offset: u32 = n.range.start().into();
                self.def(n.id.as_str(), DEF_LOCAL, offset)?;
                Ok(())
            }
            Expr::Tuple(tu) => {
                for e in &tu.elts {
                    self.target(e)?;
                }
                Ok(())
            }
            Expr::List(l) => {
                for e in &l.elts {
                    self.target(e)?;
                }
                Ok(())
            }
            Expr::Starred(s) => self.target(&s.value),
            other => self.target_parts(other),
        }
    }

    fn target_parts(&mut self, t: &Expr) -> Result<(), SymError> {
        match t {
            Expr::Attribute(a) => self.expr(&a.value),
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)
            }
            other => self.expr(other),
        }
    }

    fn pattern(&mut self, p: &ast::Pattern) -> Result<(), SymError> {
        use ast::Pattern as P;
        let offset: u32 = p.range().start().into();
        match p {
            P::MatchValue(v) => self.expr(&v.value)?,
            P::MatchSingleton(_) => {}
            P::MatchSequence(s) => {
                for q in &s.patterns {
                    self.pattern(q)?;
                }
            }
            P::MatchMapping(m) => {
                for k in &m.keys {
                    self.expr(k)?;
                }
                for q in &m.patterns {
                    self.pattern(q)?;
                }
                if let Some(r) = &m.rest {
                    self.def(r.as_str(), DEF_LOCAL, offset)?;
                }
            }
            P::MatchClass(c) => {
                self.expr(&c.cls)?;
                for q in c.patterns.iter().chain(&c.kwd_patterns) {
                    self.pattern(q)?;
                }
            }
            P::MatchStar(s) => {
                if let Some(n) = &s.name {
                    self.def(n.as_str(), DEF_LOCAL, offset)?;
                }
            }
            P::MatchAs(a) => {
                if let Some(q) = &a.pattern {
                    self.pattern(q)?;
                }
                if let Some(n) = &a.name {
                    self.def(n.as_str(), DEF_LOCAL, offset)?;
                }
            }
            P::MatchOr(o) => {
                for q in &o.patterns {
                    self.pattern(q)?;
                }
            }
        }
        Ok(())
    }

    fn exprs(&mut self, es: &[Expr]) -> Result<(), SymError> {
        for e in es {
            self.expr(e)?;
        }
        Ok(())
    }

    fn expr(&mut self, e: &Expr) -> Result<(), SymError> {
        self.deeper(e.range().start().into())?;
        let r = self.expr_inside(e);
        self.depth -= 1;
        r
    }

    fn expr_inside(&mut self, e: &Expr) -> Result<(), SymError> {
        let offset: u32 = e.range().start().into();
        match e {
            Expr::BoolOp(b) => self.exprs(&b.values)?,
            Expr::NamedExpr(n) => {
                self.expr(&n.value)?;
                if let Expr::Name(name) = &*n.target {
                    self.walrus_target(name.id.as_str(), offset)?;
                }
            }
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
            }
            Expr::UnaryOp(u) => self.expr(&u.operand)?,
            Expr::Lambda(l) => {
                self.function_outside(&l.args, &[], None)?;
                self.enter(BlockKind::Function, "<lambda>", node_addr(l), offset);
                self.params(&l.args)?;
                self.expr(&l.body)?;
                self.leave();
            }
            Expr::IfExp(i) => {
                self.expr(&i.test)?;
                self.expr(&i.body)?;
                self.expr(&i.orelse)?;
            }
            Expr::Dict(d) => {
                for k in d.keys.iter().flatten() {
                    self.expr(k)?;
                }
                self.exprs(&d.values)?;
            }
            Expr::Set(s) => self.exprs(&s.elts)?,
            Expr::ListComp(c) => {
                self.comprehension(e, "<listcomp>", &c.generators, &[&c.elt], false)?
            }
            Expr::SetComp(c) => {
                self.comprehension(e, "<setcomp>", &c.generators, &[&c.elt], false)?
            }
            Expr::DictComp(c) => {
                self.comprehension(e, "<dictcomp>", &c.generators, &[&c.key, &c.value], false)?
            }
            Expr::GeneratorExp(c) => {
                self.comprehension(e, "<genexpr>", &c.generators, &[&c.elt], true)?
            }
            Expr::Await(_) => return Err(err("await", offset)),
            Expr::Yield(y) => {
                self.yield_here(offset)?;
                if let Some(v) = &y.value {
                    self.expr(v)?;
                }
            }
            Expr::YieldFrom(y) => {
                self.yield_here(offset)?;
                self.expr(&y.value)?;
            }
            Expr::Compare(c) => {
                self.expr(&c.left)?;
                self.exprs(&c.comparators)?;
            }
            Expr::Call(c) => {
                self.expr(&c.func)?;
                self.exprs(&c.args)?;
                for k in &c.keywords {
                    self.expr(&k.value)?;
                }
                if let Expr::Name(n) = &*c.func {
                    if n.id.as_str() == "super" {
                        self.note_class_use();
                    }
                }
            }
            Expr::FormattedValue(f) => {
                self.expr(&f.value)?;
                if let Some(s) = &f.format_spec {
                    self.expr(s)?;
                }
            }
            Expr::JoinedStr(j) => self.exprs(&j.values)?,
            Expr::Constant(_) => {}
            Expr::Attribute(a) => self.expr(&a.value)?,
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.expr(&s.slice)?;
            }
            Expr::Starred(s) => self.expr(&s.value)?,
            Expr::Name(n) => {
                let name = n.id.as_str();
                match n.ctx {
                    ast::ExprContext::Load => {
                        self.use_name(name);
                        if name == "__class__" {
                            self.note_class_use();
                        }
                    }
                    _ => {
                        self.def(name, DEF_LOCAL, offset)?;
                    }
                }
            }
            Expr::List(l) => self.exprs(&l.elts)?,
            Expr::Tuple(t) => self.exprs(&t.elts)?,
            Expr::Slice(s) => {
                for part in [&s.lower, &s.upper, &s.step].into_iter().flatten() {
                    self.expr(part)?;
                }
            }
        }
        Ok(())
    }

    /// A `super()` call or `__class__` in a function: it gets the implicit `__class__` cell.
    fn note_class_use(&mut self) {
        let i = self.cur_index();
        if self.blocks[i].kind == BlockKind::Function
            || self.blocks[i].kind == BlockKind::Comprehension
            || self.blocks[i].kind == BlockKind::GenExpr
        {
            self.blocks[i].uses_class = true;
            self.blocks[i].add("__class__", USE);
        }
    }

    fn yield_here(&mut self, offset: u32) -> Result<(), SymError> {
        let i = self.cur_index();
        match self.blocks[i].kind {
            BlockKind::Function => {
                self.blocks[i].generator = true;
                Ok(())
            }
            BlockKind::GenExpr => Ok(()),
            BlockKind::Comprehension => Err(err("'yield' inside list comprehension", offset)),
            _ => Err(err("'yield' outside function", offset)),
        }
    }

    /// `(name := value)`: inside a comprehension the name binds in the enclosing function.
    fn walrus_target(&mut self, name: &str, offset: u32) -> Result<(), SymError> {
        let mut k = self.stack.len();
        while k > 0 {
            k -= 1;
            let bi = self.stack[k];
            let kind = self.blocks[bi].kind;
            if kind == BlockKind::Comprehension || kind == BlockKind::GenExpr {
                if self.blocks[bi].flags(name) & DEF_COMP_ITER != 0 {
                    return Err(err(
                        format!(
                            "assignment expression cannot rebind comprehension iteration variable '{name}'"
                        ),
                        offset,
                    ));
                }
                // Not bound in the comprehension: a free variable of it.
                self.blocks[bi].add(name, USE);
                continue;
            }
            if kind == BlockKind::Class {
                return Err(err(
                    "assignment expression within a comprehension cannot be used in a class body",
                    offset,
                ));
            }
            let flag = if kind == BlockKind::Module {
                DEF_GLOBAL | DEF_LOCAL
            } else {
                DEF_LOCAL
            };
            if k + 1 == self.stack.len() {
                self.blocks[bi].add(name, DEF_LOCAL);
            } else {
                self.blocks[bi].add(name, flag);
                // Declared global in the comprehensions in between when at module level.
                if kind == BlockKind::Module {
                    for &inner in &self.stack[k + 1..] {
                        self.blocks[inner].add(name, DEF_GLOBAL);
                    }
                } else {
                    for &inner in &self.stack[k + 1..] {
                        self.blocks[inner].add(name, DEF_NONLOCAL);
                    }
                }
            }
            return Ok(());
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        node: &Expr,
        name: &str,
        gens: &[ast::Comprehension],
        elts: &[&Expr],
        genexpr: bool,
    ) -> Result<(), SymError> {
        let offset: u32 = node.range().start().into();
        let Some(first) = gens.first() else {
            return Ok(());
        };
        // The first iterable is evaluated in the enclosing block.
        self.expr(&first.iter)?;
        let kind = if genexpr {
            BlockKind::GenExpr
        } else {
            BlockKind::Comprehension
        };
        let i = self.enter(kind, name, node_addr(node), offset);
        self.blocks[i].params.push(Rc::from(".0"));
        self.blocks[i].add(".0", DEF_PARAM);
        for (k, g) in gens.iter().enumerate() {
            if g.is_async {
                return Err(err("asynchronous comprehension", offset));
            }
            self.comp_target(&g.target)?;
            if k > 0 {
                self.expr(&g.iter)?;
            }
            self.exprs(&g.ifs)?;
        }
        for e in elts {
            self.expr(e)?;
        }
        self.leave();
        let _ = self.minor;
        Ok(())
    }

    fn comp_target(&mut self, t: &Expr) -> Result<(), SymError> {
        match t {
            Expr::Name(n) => {
                let offset: u32 = n.range.start().into();
                self.def(n.id.as_str(), DEF_LOCAL | DEF_COMP_ITER, offset)
            }
            Expr::Tuple(tu) => {
                for e in &tu.elts {
                    self.comp_target(e)?;
                }
                Ok(())
            }
            Expr::List(l) => {
                for e in &l.elts {
                    self.comp_target(e)?;
                }
                Ok(())
            }
            Expr::Starred(s) => self.comp_target(&s.value),
            other => self.target_parts(other),
        }
    }
}

/// The second pass (`symtable_analyze`): resolves every name of every block.
fn analyze(table: &mut SymTable, minor: u8) -> Result<(), SymError> {
    let mut free = HashSet::new();
    analyze_block(
        table,
        0,
        &HashSet::new(),
        &HashSet::new(),
        &HashSet::new(),
        &mut free,
        minor,
    )?;
    Ok(())
}

/// Resolves block `i` given the names bound in enclosing function blocks (`bound`), declared
/// global in enclosing blocks (`global`), and the class's names when `i`'s parent is a class
/// body (`class_names`, unused but for `__class__`). Adds the block's free variables to `free`.
fn analyze_block(
    table: &mut SymTable,
    i: usize,
    bound: &HashSet<Rc<str>>,
    global: &HashSet<Rc<str>>,
    _class_names: &HashSet<Rc<str>>,
    free: &mut HashSet<Rc<str>>,
    minor: u8,
) -> Result<(), SymError> {
    let kind = table.blocks[i].kind;
    let mut local: HashSet<Rc<str>> = HashSet::new();
    let mut newglobal = global.clone();
    let mut newbound = bound.clone();
    let mut scopes: HashMap<Rc<str>, Scope> = HashMap::new();
    let names: Vec<(Rc<str>, u16)> = table.blocks[i].names.clone();
    for (name, flags) in &names {
        let scope = if flags & DEF_GLOBAL != 0 {
            newglobal.insert(name.clone());
            newbound.remove(name);
            Scope::GlobalExplicit
        } else if flags & DEF_NONLOCAL != 0 {
            if !bound.contains(name) {
                return Err(err(
                    format!("no binding for nonlocal '{name}' found"),
                    table.blocks[i].offset,
                ));
            }
            free.insert(name.clone());
            Scope::Free
        } else if flags & DEF_BOUND != 0 {
            local.insert(name.clone());
            newglobal.remove(name);
            Scope::Local
        } else if bound.contains(name) && kind != BlockKind::Module {
            free.insert(name.clone());
            Scope::Free
        } else {
            Scope::GlobalImplicit
        };
        scopes.insert(name.clone(), scope);
    }
    // What children see as bound in enclosing functions: a class's own names are not.
    match kind {
        BlockKind::Function | BlockKind::Comprehension | BlockKind::GenExpr => {
            for l in &local {
                newbound.insert(l.clone());
            }
        }
        BlockKind::Class => {
            newbound.insert(Rc::from("__class__"));
            newbound.insert(Rc::from("__classdict__"));
        }
        BlockKind::Module => {}
    }
    // Children.
    let children = table.blocks[i].children.clone();
    let mut newfree: HashSet<Rc<str>> = HashSet::new();
    for &c in &children {
        let inline = minor >= 12
            && table.blocks[c].kind == BlockKind::Comprehension
            && kind != BlockKind::Class;
        let mut child_free = HashSet::new();
        analyze_block(
            table,
            c,
            &newbound,
            &newglobal,
            &local,
            &mut child_free,
            minor,
        )?;
        if inline {
            table.blocks[c].inlined = true;
            // Inlining: the comprehension's locals become (hidden) locals here; its free
            // variables that are local here are ordinary uses.
            let clocals: Vec<Rc<str>> = table.blocks[c]
                .scopes
                .iter()
                .filter(|(n, s)| matches!(s, Scope::Local | Scope::Cell) && &***n != ".0")
                .map(|(n, _)| n.clone())
                .collect();
            let mut ordered: Vec<Rc<str>> = table.blocks[c]
                .names
                .iter()
                .map(|(n, _)| n.clone())
                .filter(|n| clocals.contains(n))
                .collect();
            ordered.dedup();
            for n in ordered {
                let cell = table.blocks[c].scopes.get(&n) == Some(&Scope::Cell);
                if !table.blocks[i].index.contains_key(&n) {
                    table.blocks[i].add(&n, DEF_LOCAL | DEF_COMP_ITER);
                    table.blocks[i].inlined_locals.push(n.clone());
                    if matches!(
                        kind,
                        BlockKind::Function | BlockKind::Comprehension | BlockKind::GenExpr
                    ) {
                        scopes.insert(n.clone(), Scope::Local);
                        local.insert(n.clone());
                    } else {
                        // Module level: hidden fast locals of the module code (the compiler
                        // makes one a cell while the comprehension runs if it must be).
                        scopes.insert(n.clone(), Scope::Local);
                    }
                } else if !table.blocks[i].inlined_locals.contains(&n) {
                    table.blocks[i].inlined_locals.push(n.clone());
                }
                if cell {
                    child_free.insert(n.clone());
                }
            }
            // Free variables of the inlined comprehension that are locals here are plain
            // locals (`inline_comprehension`), unless a function nested in the comprehension
            // needs them as cells, or this is a class body.
            if kind != BlockKind::Class {
                child_free.retain(|n| {
                    let bound_here = local.contains(n)
                        || matches!(scopes.get(n), Some(Scope::Local | Scope::Cell));
                    !bound_here || free_below_inlined(table, c, n)
                });
            }
        }
        for f in child_free {
            newfree.insert(f);
        }
    }
    // Cells: locals of a function that children use freely.
    if matches!(
        kind,
        BlockKind::Function | BlockKind::Comprehension | BlockKind::GenExpr
    ) {
        for name in local.iter() {
            if newfree.remove(name) {
                scopes.insert(name.clone(), Scope::Cell);
            }
        }
    }
    if kind == BlockKind::Class && newfree.remove("__class__") {
        table.blocks[i].needs_class_cell = true;
    }
    if kind == BlockKind::Class && newfree.remove("__classdict__") {
        table.blocks[i].needs_classdict_cell = true;
    }
    // Free variables of children that are not bound here pass through this block.
    for name in newfree.iter() {
        match scopes.get(name) {
            // A class's own names are not its methods' closure: the enclosing function's
            // variable passes through the class body (which keeps its own name too).
            Some(Scope::Local) if kind == BlockKind::Class => {
                if bound.contains(name) {
                    table.blocks[i].add(name, DEF_FREE_CLASS);
                    free.insert(name.clone());
                }
            }
            Some(Scope::Local) | Some(Scope::Cell) => {}
            Some(Scope::GlobalExplicit) if kind == BlockKind::Class => {}
            Some(Scope::Free) => {}
            Some(_) if kind == BlockKind::Class => {
                // A class body passes the outer cell to its methods.
                if bound.contains(name) {
                    table.blocks[i].add(name, DEF_FREE_CLASS);
                    scopes.insert(name.clone(), Scope::Free);
                    free.insert(name.clone());
                }
            }
            Some(_) => {
                if bound.contains(name) {
                    scopes.insert(name.clone(), Scope::Free);
                    free.insert(name.clone());
                }
            }
            None => {
                if bound.contains(name) {
                    if kind == BlockKind::Class {
                        table.blocks[i].add(name, DEF_FREE_CLASS);
                    } else {
                        table.blocks[i].add(name, 0);
                    }
                    scopes.insert(name.clone(), Scope::Free);
                    free.insert(name.clone());
                }
            }
        }
    }
    // Inlined comprehensions' cells that are locals here become cells here.
    table.blocks[i].scopes = scopes;
    Ok(())
}

/// The simple annotated assignments of a module body in source order, also those inside
/// compound statements (not inside functions or classes).
pub(crate) fn simple_annotations(body: &[Stmt]) -> Vec<&ast::StmtAnnAssign> {
    fn walk<'a>(stmts: &'a [Stmt], out: &mut Vec<&'a ast::StmtAnnAssign>) {
        for s in stmts {
            match s {
                Stmt::AnnAssign(a) if a.simple => out.push(a),
                Stmt::If(i) => {
                    walk(&i.body, out);
                    walk(&i.orelse, out);
                }
                Stmt::For(f) => {
                    walk(&f.body, out);
                    walk(&f.orelse, out);
                }
                Stmt::While(w) => {
                    walk(&w.body, out);
                    walk(&w.orelse, out);
                }
                Stmt::With(w) => walk(&w.body, out),
                Stmt::Try(t) => {
                    walk(&t.body, out);
                    for h in &t.handlers {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        walk(&h.body, out);
                    }
                    walk(&t.orelse, out);
                    walk(&t.finalbody, out);
                }
                Stmt::Match(m) => {
                    for c in &m.cases {
                        walk(&c.body, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(body, &mut out);
    out
}

/// Whether a block nested in comprehension `c` (through comprehensions inlined into it, at
/// any depth) uses `name` freely: a function, lambda or generator expression there needs it
/// as a cell, so inlining must not turn it into a plain local.
fn free_below_inlined(table: &SymTable, c: usize, name: &Rc<str>) -> bool {
    table.blocks[c].children.iter().any(|&g| {
        if table.blocks[g].inlined {
            free_below_inlined(table, g, name)
        } else {
            table.blocks[g].scopes.get(name) == Some(&Scope::Free)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(src: &str) -> SymTable {
        let ast::Mod::Module(m) =
            rustpython_parser::parse(src, rustpython_parser::Mode::Module, "t").unwrap()
        else {
            panic!()
        };
        build(&m.body, 11).unwrap()
    }

    #[test]
    fn closures_make_cells_and_free_variables() {
        let t = table(
            "def outer():\n    x = 1\n    def inner():\n        return x\n    return inner\n",
        );
        let outer = &t.blocks[1];
        let inner = &t.blocks[2];
        assert_eq!(outer.scope("x"), Scope::Cell);
        assert_eq!(inner.scope("x"), Scope::Free);
        assert_eq!(outer.scope("inner"), Scope::Local);
    }

    #[test]
    fn nonlocal_needs_an_outer_binding() {
        let ast::Mod::Module(m) = rustpython_parser::parse(
            "def f():\n    nonlocal y\n",
            rustpython_parser::Mode::Module,
            "t",
        )
        .unwrap() else {
            panic!()
        };
        let e = build(&m.body, 11).unwrap_err();
        assert_eq!(e.msg, "no binding for nonlocal 'y' found");
    }

    #[test]
    fn class_names_are_not_visible_to_methods() {
        let t = table("def f():\n    a = 1\n    class C:\n        a = 2\n        def m(self):\n            return a\n");
        let m = &t.blocks[3];
        assert_eq!(m.scope("a"), Scope::Free);
        assert_eq!(t.blocks[1].scope("a"), Scope::Cell);
    }

    #[test]
    fn super_gives_the_class_a_cell() {
        let t = table("class C:\n    def m(self):\n        return super().m()\n");
        assert!(t.blocks[1].needs_class_cell);
        assert_eq!(t.blocks[2].scope("__class__"), Scope::Free);
    }
}
