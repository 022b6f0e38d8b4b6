//! Statements to instructions (`compiler_visit_stmt` in CPython's `Python/compile.c`):
//! assignments, control flow, `try`/`except`/`finally`, `with`, function and class
//! definitions, imports, and the unwinding a `break`, `continue` or `return` does on its way out
//! of the blocks it leaves.

use std::rc::Rc;

use rustpython_parser::ast::{self, Expr, Ranged as _, Stmt};

use super::code::{CmpOp, CodeKind, Const, ConstOrigin, Instr};
use super::symtable::{BlockKind, Scope};
use super::{CResult, CompileError, Compiler, FBlock, NameCtx};
use crate::engine::object::IntVal;

impl<'a> Compiler<'a> {
    /// A block's statements; `top` for a module, class or function body (its docstring).
    pub(super) fn body(&mut self, body: &'a [Stmt], top: bool) -> CResult {
        let mut rest = body;
        if top {
            if let Some(doc) = docstring(body) {
                let kind = self.unit_ref().kind;
                if kind == CodeKind::Module {
                    if let Some(first) = body.first() {
                        self.set_span(first);
                        self.mark_step();
                    }
                    self.load_const_from(Const::Str(Rc::from(doc.as_str())), ConstOrigin::Literal);
                    self.name_op("__doc__", NameCtx::Store);
                    rest = &body[1..];
                } else if kind == CodeKind::Function {
                    self.unit().doc = Some(Rc::from(doc.as_str()));
                    rest = &body[1..];
                }
            }
        }
        for s in rest {
            self.stmt(s)?;
        }
        Ok(())
    }

    pub(super) fn stmts(&mut self, body: &'a [Stmt]) -> CResult {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &'a Stmt) -> CResult {
        self.set_span(s);
        self.mark_step();
        match s {
            Stmt::FunctionDef(f) => self.function_def(f),
            Stmt::AsyncFunctionDef(f) => Err(self.unsupported(f, "async def")),
            Stmt::ClassDef(c) => self.class_def(c),
            Stmt::Return(r) => self.return_stmt(r),
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.set_span(s);
                    self.delete_target(t)?;
                }
                Ok(())
            }
            Stmt::Assign(a) => self.assign(a),
            Stmt::AugAssign(a) => self.aug_assign(a),
            Stmt::AnnAssign(a) => self.ann_assign(a),
            Stmt::For(f) => self.for_stmt(f),
            Stmt::AsyncFor(f) => Err(self.unsupported(f, "async for")),
            Stmt::While(w) => self.while_stmt(w),
            Stmt::If(i) => self.if_stmt(i),
            Stmt::With(w) => self.with_stmt(w, 0),
            Stmt::AsyncWith(w) => Err(self.unsupported(w, "async with")),
            Stmt::Match(m) => {
                if self.minor < 10 {
                    return Err(self.syntax_error(m, "invalid syntax"));
                }
                self.match_stmt(m)
            }
            Stmt::Raise(r) => self.raise_stmt(r),
            Stmt::Try(t) => {
                if t.finalbody.is_empty() {
                    self.try_except(t)
                } else {
                    self.try_finally(t)
                }
            }
            Stmt::TryStar(t) => Err(self.unsupported(t, "except* (exception groups)")),
            Stmt::Assert(a) => self.assert_stmt(a),
            Stmt::Import(i) => self.import(i),
            Stmt::ImportFrom(i) => self.import_from(i),
            Stmt::Global(_) | Stmt::Nonlocal(_) => Ok(()),
            Stmt::Expr(e) => {
                if let Expr::Constant(_) = &*e.value {
                    // A constant statement (a stray docstring) compiles to nothing.
                    self.emit(Instr::Nop);
                    return Ok(());
                }
                let kind = self.unit_ref().kind;
                self.expr(&e.value)?;
                let _ = kind;
                self.emit(Instr::PopTop);
                Ok(())
            }
            Stmt::Pass(_) => {
                self.emit(Instr::Nop);
                Ok(())
            }
            Stmt::Break(b) => self.break_stmt(b),
            Stmt::Continue(c) => self.continue_stmt(c),
            Stmt::TypeAlias(t) => Err(self.unsupported(t, "type alias statement")),
        }
    }

    // ----------------------------------------------------------------------------------------
    // Definitions

    fn qualname_for(&self, name: &str) -> Rc<str> {
        let u = self.unit_ref();
        let block = self.block();
        let global = block.scope(name) == Scope::GlobalExplicit;
        match u.kind {
            _ if global => Rc::from(name),
            CodeKind::Module => Rc::from(name),
            CodeKind::Class => Rc::from(format!("{}.{}", u.qualname, name)),
            _ => Rc::from(format!("{}.<locals>.{}", u.qualname, name)),
        }
    }

    fn function_def(&mut self, f: &'a ast::StmtFunctionDef) -> CResult {
        if !f.type_params.is_empty() {
            return Err(self.unsupported(f, "type parameters"));
        }
        // Decorators first, each as a callable with a NULL.
        for d in &f.decorator_list {
            self.expr(d)?;
            self.emit(Instr::PushNull);
        }
        self.set_span(f);
        let mut flags = self.function_defaults(&f.args)?;
        let qualname = self.qualname_for(f.name.as_str());
        if self.minor < 14 {
            if self.function_annotations(&f.args, f.returns.as_deref())? {
                flags |= 4;
            }
        } else if self.annotate_function(f, &qualname)? {
            flags |= 16;
        }
        let block = self
            .block_of(f)
            .ok_or_else(|| self.unsupported(f, "function"))?;
        let firstlineno = self
            .source
            .line_col(
                f.decorator_list
                    .first()
                    .map_or(f.range.start(), |d| d.range().start())
                    .to_usize(),
            )
            .0;
        self.annotated = f.returns.is_some()
            || f.args
                .posonlyargs
                .iter()
                .chain(&f.args.args)
                .chain(&f.args.kwonlyargs)
                .any(|a| a.def.annotation.is_some())
            || f.args
                .vararg
                .as_ref()
                .is_some_and(|v| v.annotation.is_some())
            || f.args
                .kwarg
                .as_ref()
                .is_some_and(|v| v.annotation.is_some());
        let code = self.function_code(
            block,
            Rc::from(f.name.as_str()),
            qualname,
            &f.args,
            FunctionBody::Stmts(&f.body),
            firstlineno,
        )?;
        self.set_span(f);
        self.make_closure(code, flags)?;
        for _ in &f.decorator_list {
            self.emit(Instr::Call(1));
        }
        self.name_op(f.name.as_str(), NameCtx::Store);
        Ok(())
    }

    /// Evaluates a function's annotations as 3.8–3.13 do at `def` time: a dict (3.8, 3.9) or
    /// a tuple of name/value pairs (3.10+). Returns whether there were any.
    fn function_annotations(
        &mut self,
        args: &'a ast::Arguments,
        returns: Option<&'a Expr>,
    ) -> CResult<bool> {
        let pairs = super::symtable::annotation_exprs(args, returns);
        if pairs.is_empty() {
            return Ok(false);
        }
        let private = self.unit_ref().private.clone();
        for (name, ann) in &pairs {
            let name = super::symtable::mangle(private.as_deref(), name).into_owned();
            self.load_const(Const::Str(Rc::from(name.as_str())));
            self.expr(ann)?;
        }
        if self.minor >= 10 {
            self.emit(Instr::BuildTuple(2 * pairs.len() as u32));
        } else {
            self.emit(Instr::BuildMap(pairs.len() as u32));
        }
        Ok(true)
    }

    /// 3.14+ (PEP 649): makes the function `__annotate__(format, /)` that computes a `def`'s
    /// annotations when they are first read (`MAKE_FUNCTION` flag 16 attaches it). Returns
    /// whether there were annotations.
    fn annotate_function(&mut self, f: &'a ast::StmtFunctionDef, qualname: &str) -> CResult<bool> {
        let pairs = super::symtable::annotation_exprs(&f.args, f.returns.as_deref());
        if pairs.is_empty() {
            return Ok(false);
        }
        let key = super::symtable::node_addr(&*f.args);
        let Some(&block) = self.table.by_node.get(&key) else {
            return Err(self.unsupported(f, "annotations"));
        };
        // An annotation scope in a class body sees the class's names first (through
        // `__classdict__`); pymemsim's functions do not.
        if self.unit_ref().kind == CodeKind::Class {
            let class_block = &self.table.blocks[self.unit_ref().block];
            let annot = &self.table.blocks[block];
            if let Some(n) = annot
                .names()
                .find(|n| &***n != "format" && class_block.is_bound(n))
            {
                return Err(self.unsupported(
                    f,
                    format!(
                        "an annotation naming the class attribute '{n}' (3.14 annotation scope)"
                    ),
                ));
            }
        }
        let line = self.source.line_col(f.range.start().to_usize()).0;
        let qualname = format!("{qualname}.__annotate__");
        let code = self.annotate_code(f, block, &qualname, line, &pairs, false)?;
        self.set_span(f);
        self.make_closure(code, 0)?;
        Ok(true)
    }

    /// The code of an `__annotate__(format, /)` function (PEP 649): `NotImplementedError`
    /// for formats above 2 (VALUE_WITH_FAKE_GLOBALS), else the dict of the annotations. A
    /// function's is built in one `BUILD_MAP`; a module's or class's key by key.
    pub(super) fn annotate_code<N: ast::Ranged>(
        &mut self,
        at: &N,
        block: usize,
        qualname: &str,
        line: u32,
        pairs: &[(&'a str, &'a Expr)],
        incremental: bool,
    ) -> CResult<Rc<super::code::Code>> {
        let name: Rc<str> = Rc::from("__annotate__");
        self.push_unit(block, CodeKind::Function, name, Rc::from(qualname), line);
        {
            let u = self.unit();
            u.argcount = 1;
            u.posonlyargcount = 1;
            u.classdict = u.local_index.get("__classdict__").copied();
        }
        let r = (|| -> CResult {
            // if format > 2: raise NotImplementedError
            self.set_span(at);
            let ok = self.new_label();
            self.emit(Instr::LoadFast(0));
            self.load_const(Const::Int(IntVal::Small(2)));
            self.emit(Instr::CompareOp(CmpOp::Gt));
            self.emit_jump(Instr::PopJumpIfFalse(0), ok);
            self.name_op("NotImplementedError", NameCtx::Load);
            self.emit(Instr::Raise(1));
            self.bind(ok);
            let private = self.unit_ref().private.clone();
            if incremental {
                self.emit(Instr::BuildMap(0));
            }
            let conditional = incremental && !self.conditional_annotations.is_empty();
            for (k, (name, ann)) in pairs.iter().enumerate() {
                let name = super::symtable::mangle(private.as_deref(), name).into_owned();
                if incremental {
                    // Only the annotations whose assignment ran (`__conditional_annotations__`).
                    let skip = self.new_label();
                    if conditional {
                        self.load_const(Const::Int(IntVal::Small(k as i64)));
                        self.name_op("__conditional_annotations__", NameCtx::Load);
                        self.emit(Instr::ContainsOp(false));
                        self.emit_jump(Instr::PopJumpIfFalse(0), skip);
                    }
                    self.expr(ann)?;
                    self.emit(Instr::Copy(2));
                    self.load_const(Const::Str(Rc::from(name.as_str())));
                    self.emit(Instr::StoreSubscr);
                    self.bind(skip);
                } else {
                    self.load_const(Const::Str(Rc::from(name.as_str())));
                    self.expr(ann)?;
                }
            }
            if !incremental {
                self.emit(Instr::BuildMap(pairs.len() as u32));
            }
            self.emit(Instr::ReturnValue);
            Ok(())
        })();
        if let Err(e) = r {
            self.units.pop();
            return Err(e);
        }
        Ok(self.pop_unit())
    }

    /// 3.14+: a module's or class's `__annotate__` for the simple annotations at the top of
    /// its body (in `__annotations__` order); `None` without any. Annotations under `if`,
    /// `for`... (3.14's `__conditional_annotations__`) are not modelled.
    pub(super) fn body_annotate(
        &mut self,
        body: &'a [Stmt],
        qualname: &str,
        class: bool,
    ) -> CResult<Option<Rc<super::code::Code>>> {
        if class {
            if let Some(nested) = nested_annotation(body) {
                return Err(self.unsupported(
                    nested,
                    "an annotation inside a compound statement of a class body (3.14's \
                     conditional annotations)",
                ));
            }
        }
        let Some(block) = self.block().annotate_block else {
            return Ok(None);
        };
        let anns: Vec<&'a ast::StmtAnnAssign> = if class {
            body.iter()
                .filter_map(|s| match s {
                    Stmt::AnnAssign(a) if a.simple => Some(a),
                    _ => None,
                })
                .collect()
        } else {
            super::symtable::simple_annotations(body)
        };
        let pairs: Vec<(&'a str, &'a Expr)> = anns
            .iter()
            .filter_map(|a| match &*a.target {
                Expr::Name(n) => Some((n.id.as_str(), &*a.annotation)),
                _ => None,
            })
            .collect();
        let Some(first) = anns.first() else {
            return Ok(None);
        };
        let line = self.source.line_col(first.range.start().to_usize()).0;
        let code = self.annotate_code(*first, block, qualname, line, &pairs, true)?;
        Ok(Some(code))
    }

    /// Evaluates a function's defaults (a tuple) and keyword-only defaults (a dict); returns
    /// the `MAKE_FUNCTION` flags for them.
    pub(super) fn function_defaults(&mut self, args: &'a ast::Arguments) -> CResult<u8> {
        let mut flags = 0;
        let positional: Vec<&Expr> = args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .filter_map(|a| a.default.as_deref())
            .collect();
        if !positional.is_empty() {
            if let Some(c) = self.const_tuple_of(&positional) {
                self.load_const(c);
            } else {
                for d in &positional {
                    self.expr(d)?;
                }
                self.emit(Instr::BuildTuple(positional.len() as u32));
            }
            flags |= 1;
        }
        let kw: Vec<(&str, &Expr)> = args
            .kwonlyargs
            .iter()
            .filter_map(|a| a.default.as_deref().map(|d| (a.def.arg.as_str(), d)))
            .collect();
        if !kw.is_empty() {
            for (name, d) in &kw {
                self.load_const(Const::Str(Rc::from(*name)));
                self.expr(d)?;
            }
            self.emit(Instr::BuildMap(kw.len() as u32));
            flags |= 2;
        }
        Ok(flags)
    }

    /// Compiles a function's body into a code object.
    pub(super) fn function_code(
        &mut self,
        block: usize,
        name: Rc<str>,
        qualname: Rc<str>,
        args: &'a ast::Arguments,
        body: FunctionBody<'a>,
        firstlineno: u32,
    ) -> CResult<Rc<super::code::Code>> {
        let kind = if self.table.blocks[block].kind == BlockKind::Function {
            CodeKind::Function
        } else {
            CodeKind::GenExpr
        };
        self.push_unit(block, kind, name, qualname, firstlineno);
        let annotated = std::mem::take(&mut self.annotated);
        {
            let u = self.unit();
            u.has_annotations = annotated;
            u.argcount = (args.posonlyargs.len() + args.args.len()) as u32;
            u.posonlyargcount = args.posonlyargs.len() as u32;
            u.kwonlyargcount = args.kwonlyargs.len() as u32;
            u.varargs = args.vararg.is_some();
            u.varkeywords = args.kwarg.is_some();
        }
        match body {
            FunctionBody::Stmts(stmts) => {
                let r = self.body(stmts, true);
                if let Err(e) = r {
                    self.units.pop();
                    return Err(e);
                }
                if !self.unit_ref().dead {
                    self.emit_return_none();
                }
            }
            FunctionBody::Lambda(e) => {
                self.set_span(e);
                self.mark_step();
                let r = self.expr(e);
                if let Err(err) = r {
                    self.units.pop();
                    return Err(err);
                }
                if self.unit_ref().generator {
                    self.emit(Instr::PopTop);
                    self.emit_return_none();
                } else {
                    self.emit(Instr::ReturnValue);
                }
            }
        }
        Ok(self.pop_unit())
    }

    /// Pushes the closure tuple of a code object (its free variables' cells from this block)
    /// when it has one, then the code and `MAKE_FUNCTION`.
    pub(super) fn make_closure(&mut self, code: Rc<super::code::Code>, mut flags: u8) -> CResult {
        if code.nfrees > 0 {
            let frees: Vec<Rc<str>> =
                code.localsplus[code.localsplus.len() - code.nfrees as usize..].to_vec();
            for name in &frees {
                let Some(&i) = self.unit_ref().local_index.get(name) else {
                    return Err(CompileError::Unsupported(
                        format!("closure over '{name}' here"),
                        self.unit_ref().span.start,
                    ));
                };
                self.emit(Instr::LoadClosure(i));
            }
            self.emit(Instr::BuildTuple(frees.len() as u32));
            flags |= 8;
        }
        self.load_const(Const::Code(code));
        self.emit(Instr::MakeFunction(flags));
        Ok(())
    }

    fn class_def(&mut self, c: &'a ast::StmtClassDef) -> CResult {
        if !c.type_params.is_empty() {
            return Err(self.unsupported(c, "type parameters"));
        }
        for d in &c.decorator_list {
            self.expr(d)?;
            self.emit(Instr::PushNull);
        }
        self.set_span(c);
        let block = self
            .block_of(c)
            .ok_or_else(|| self.unsupported(c, "class"))?;
        let qualname = self.qualname_for(c.name.as_str());
        let firstlineno = self.source.line_col(c.range.start().to_usize()).0;
        self.push_unit(
            block,
            CodeKind::Class,
            Rc::from(c.name.as_str()),
            qualname.clone(),
            firstlineno,
        );
        let r = self.class_body(c, qualname, firstlineno);
        if let Err(e) = r {
            self.units.pop();
            return Err(e);
        }
        let code = self.pop_unit();
        self.set_span(c);
        self.emit(Instr::LoadBuildClass);
        self.emit(Instr::PushNull);
        self.make_closure(code, 0)?;
        self.load_const(Const::Str(Rc::from(c.name.as_str())));
        let nargs = 2 + c.bases.len() as u32;
        let starred = c.bases.iter().any(|b| matches!(b, Expr::Starred(_)))
            || c.keywords.iter().any(|k| k.arg.is_none());
        if starred {
            return Err(self.unsupported(c, "*bases or **keywords in a class statement"));
        }
        for b in &c.bases {
            self.expr(b)?;
        }
        if c.keywords.is_empty() {
            self.emit(Instr::Call(nargs));
        } else {
            let mut names = Vec::new();
            for k in &c.keywords {
                self.expr(&k.value)?;
                names.push(Const::Str(Rc::from(
                    k.arg.as_ref().map_or("", |a| a.as_str()),
                )));
            }
            self.load_const(Const::Tuple(names.into()));
            self.emit(Instr::CallKw(nargs + c.keywords.len() as u32));
        }
        for _ in &c.decorator_list {
            self.emit(Instr::Call(1));
        }
        self.name_op(c.name.as_str(), NameCtx::Store);
        Ok(())
    }

    fn class_body(&mut self, c: &'a ast::StmtClassDef, qualname: Rc<str>, line: u32) -> CResult {
        self.set_span(c);
        self.name_op("__name__", NameCtx::Load);
        self.name_op("__module__", NameCtx::Store);
        self.load_const(Const::Str(qualname));
        self.name_op("__qualname__", NameCtx::Store);
        if self.minor >= 13 {
            self.load_const(Const::Int(crate::engine::object::IntVal::Small(i64::from(
                line,
            ))));
            self.name_op("__firstlineno__", NameCtx::Store);
        }
        let annotations = c
            .body
            .iter()
            .any(|s| matches!(s, Stmt::AnnAssign(a) if a.simple));
        if annotations && self.minor < 14 {
            self.emit(Instr::SetupAnnotations);
        }
        // 3.14+: the namespace goes into the `__classdict__` cell its `__annotate__` reads.
        let classdict = self.unit_ref().local_index.get("__classdict__").copied();
        if let Some(i) = classdict {
            self.emit(Instr::LoadLocals);
            self.emit(Instr::StoreDeref(i));
        }
        let mut rest: &'a [Stmt] = &c.body;
        if let Some(doc) = docstring(&c.body) {
            if let Some(first) = c.body.first() {
                self.set_span(first);
                self.mark_step();
            }
            self.load_const_from(Const::Str(Rc::from(doc.as_str())), ConstOrigin::Literal);
            self.name_op("__doc__", NameCtx::Store);
            rest = &c.body[1..];
        }
        self.stmts(rest)?;
        self.set_span(c);
        if self.minor >= 14 {
            let qualname = format!("{}.__annotate__", self.unit_ref().qualname);
            if let Some(code) = self.body_annotate(&c.body, &qualname, true)? {
                self.set_span(c);
                self.make_closure(code, 0)?;
                self.name_op("__annotate_func__", NameCtx::Store);
            }
        }
        if self.minor >= 13 {
            let attrs: Vec<Const> = {
                let mut names: Vec<Rc<str>> = self.unit_ref().static_attributes.clone();
                names.sort();
                names.dedup();
                names.into_iter().map(Const::Str).collect()
            };
            self.load_const(Const::Tuple(attrs.into()));
            self.name_op("__static_attributes__", NameCtx::Store);
        }
        if let Some(i) = classdict {
            self.emit(Instr::LoadClosure(i));
            self.name_op("__classdictcell__", NameCtx::Store);
        }
        if self.block().needs_class_cell {
            let i = self
                .unit_ref()
                .local_index
                .get("__class__")
                .copied()
                .unwrap_or(0);
            self.emit(Instr::LoadClosure(i));
            self.emit(Instr::Copy(1));
            self.name_op("__classcell__", NameCtx::Store);
            self.emit(Instr::ReturnValue);
        } else {
            self.emit_return_none();
        }
        Ok(())
    }

    // ----------------------------------------------------------------------------------------
    // Assignment

    fn assign(&mut self, a: &'a ast::StmtAssign) -> CResult {
        // `a, b = x, y` without building a tuple.
        if a.targets.len() == 1 {
            if let Some(n) = swap_count(&a.targets[0], &a.value) {
                let values = match &*a.value {
                    Expr::Tuple(t) => &t.elts,
                    Expr::List(l) => &l.elts,
                    _ => unreachable!("swap_count checked the value"),
                };
                for v in values {
                    self.expr(v)?;
                }
                if n > 3 || self.minor < 8 {
                    self.emit(Instr::BuildTuple(n as u32));
                    self.emit(Instr::UnpackSequence(n as u32));
                } else if n > 1 {
                    self.emit(Instr::Swap(n as u32));
                }
                let targets = match &a.targets[0] {
                    Expr::Tuple(t) => &t.elts,
                    Expr::List(l) => &l.elts,
                    _ => unreachable!("swap_count checked the target"),
                };
                for t in targets {
                    self.store_target(t)?;
                }
                return Ok(());
            }
        }
        self.expr(&a.value)?;
        if let (1, Expr::Name(_), Expr::Call(c)) = (a.targets.len(), &a.targets[0], &*a.value) {
            if matches!(&*c.func, Expr::Name(_)) {
                self.mark_plain_call_statement();
            }
        }
        let n = a.targets.len();
        for (i, t) in a.targets.iter().enumerate() {
            if i + 1 < n {
                self.emit(Instr::Copy(1));
            }
            self.store_target(t)?;
        }
        Ok(())
    }

    /// Stores the top of the stack into an assignment target.
    pub(super) fn store_target(&mut self, t: &'a Expr) -> CResult {
        match t {
            Expr::Name(n) => {
                self.name_op(n.id.as_str(), NameCtx::Store);
                Ok(())
            }
            Expr::Attribute(at) => {
                self.expr(&at.value)?;
                self.set_span(t);
                self.note_static_attribute(at);
                let i = self.attr_index(at.attr.as_str());
                self.emit(Instr::StoreAttr(i));
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.subscript_key(&s.slice)?;
                self.set_subscript_span(t, s);
                self.emit(Instr::StoreSubscr);
                Ok(())
            }
            Expr::Tuple(tu) => self.unpack_targets(&tu.elts, t),
            Expr::List(l) => self.unpack_targets(&l.elts, t),
            Expr::Starred(s) => {
                Err(self.syntax_error(s, "starred assignment target must be in a list or tuple"))
            }
            other => Err(self.syntax_error(
                other,
                format!("cannot assign to {}", expr_description(other)),
            )),
        }
    }

    /// `self.x = ...` in a method: `x` is one of the class's static attributes (3.13).
    fn note_static_attribute(&mut self, at: &ast::ExprAttribute) {
        if self.minor < 13 || self.units.len() < 2 {
            return;
        }
        let Expr::Name(obj) = &*at.value else {
            return;
        };
        let u = self.unit_ref();
        if u.kind != CodeKind::Function {
            return;
        }
        let block = self.block();
        let Some(first) = block.params.first() else {
            return;
        };
        if **first != *obj.id.as_str() {
            return;
        }
        let parent = self.units.len() - 2;
        if self.units[parent].kind == CodeKind::Class {
            self.units[parent]
                .static_attributes
                .push(Rc::from(at.attr.as_str()));
        }
    }

    fn unpack_targets(&mut self, elts: &'a [Expr], whole: &'a Expr) -> CResult {
        let star = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
        self.set_span(whole);
        match star {
            Some(i) => {
                if elts
                    .iter()
                    .filter(|e| matches!(e, Expr::Starred(_)))
                    .count()
                    > 1
                {
                    return Err(
                        self.syntax_error(whole, "multiple starred expressions in assignment")
                    );
                }
                let after = elts.len() - i - 1;
                self.emit(Instr::UnpackEx(i as u16, after as u16));
            }
            None => self.emit(Instr::UnpackSequence(elts.len() as u32)),
        }
        for e in elts {
            match e {
                Expr::Starred(s) => self.store_target(&s.value)?,
                other => self.store_target(other)?,
            }
        }
        Ok(())
    }

    fn delete_target(&mut self, t: &'a Expr) -> CResult {
        match t {
            Expr::Name(n) => {
                self.set_span(t);
                self.name_op(n.id.as_str(), NameCtx::Del);
                Ok(())
            }
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                self.set_span(t);
                let i = self.attr_index(a.attr.as_str());
                self.emit(Instr::DeleteAttr(i));
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.subscript_key(&s.slice)?;
                self.set_subscript_span(t, s);
                self.emit(Instr::DeleteSubscr);
                Ok(())
            }
            Expr::Tuple(tu) => {
                for e in &tu.elts {
                    self.delete_target(e)?;
                }
                Ok(())
            }
            Expr::List(l) => {
                for e in &l.elts {
                    self.delete_target(e)?;
                }
                Ok(())
            }
            other => {
                Err(self.syntax_error(other, format!("cannot delete {}", expr_description(other))))
            }
        }
    }

    fn aug_assign(&mut self, a: &'a ast::StmtAugAssign) -> CResult {
        let op = super::code::BinOp::from_ast(a.op);
        match &*a.target {
            Expr::Name(n) => {
                self.name_op(n.id.as_str(), NameCtx::Load);
                self.expr(&a.value)?;
                self.set_binop_span(&a.target, &a.value, a);
                self.emit(Instr::InplaceOp(op));
                self.name_op(n.id.as_str(), NameCtx::Store);
            }
            Expr::Attribute(at) => {
                self.expr(&at.value)?;
                self.emit(Instr::Copy(1));
                self.set_span(&*a.target);
                let i = self.attr_index(at.attr.as_str());
                self.emit(Instr::LoadAttr(i));
                self.expr(&a.value)?;
                self.set_binop_span(&a.target, &a.value, a);
                self.emit(Instr::InplaceOp(op));
                self.emit(Instr::Swap(2));
                self.set_span(&*a.target);
                self.emit(Instr::StoreAttr(i));
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.subscript_key(&s.slice)?;
                self.emit(Instr::Copy(2));
                self.emit(Instr::Copy(2));
                self.set_span(&*a.target);
                self.emit(Instr::BinarySubscr);
                self.expr(&a.value)?;
                self.set_binop_span(&a.target, &a.value, a);
                self.emit(Instr::InplaceOp(op));
                self.emit(Instr::Swap(3));
                self.emit(Instr::Swap(2));
                self.set_span(&*a.target);
                self.emit(Instr::StoreSubscr);
            }
            other => {
                return Err(self.syntax_error(
                    other,
                    format!(
                        "'{}' is an illegal expression for augmented assignment",
                        expr_description(other)
                    ),
                ))
            }
        }
        Ok(())
    }

    fn ann_assign(&mut self, a: &'a ast::StmtAnnAssign) -> CResult {
        let kind = self.unit_ref().kind;
        if let Some(v) = &a.value {
            self.expr(v)?;
            self.store_target(&a.target)?;
        } else if !matches!(&*a.target, Expr::Name(_)) {
            // `x.y: int` evaluates the object.
            if let Expr::Attribute(at) = &*a.target {
                self.expr(&at.value)?;
                self.emit(Instr::PopTop);
            }
        }
        // Module and class annotations of simple names go into __annotations__ (before 3.14).
        if a.simple && (kind == CodeKind::Module || kind == CodeKind::Class) && self.minor < 14 {
            if let Expr::Name(n) = &*a.target {
                self.set_span(a);
                self.expr(&a.annotation)?;
                self.name_op("__annotations__", NameCtx::Load);
                self.load_const(Const::Str(Rc::from(n.id.as_str())));
                self.emit(Instr::StoreSubscr);
            }
        }
        // 3.14+: the module's or class's `__annotate__` evaluates them when asked; a module
        // with conditional annotations records which assignments ran.
        let key = super::symtable::node_addr(a);
        if let Some(&i) = self.conditional_annotations.get(&key) {
            if kind == CodeKind::Module {
                self.set_span(a);
                self.name_op("__conditional_annotations__", NameCtx::Load);
                self.load_const(Const::Int(IntVal::Small(i64::from(i))));
                self.emit(Instr::SetAdd(1));
                self.emit(Instr::PopTop);
            }
        }
        Ok(())
    }

    // ----------------------------------------------------------------------------------------
    // Control flow

    fn if_stmt(&mut self, i: &'a ast::StmtIf) -> CResult {
        if let Some(truth) = self.const_truth(&i.test) {
            // `if 0:` / `if True:` compile only the branch taken.
            self.emit(Instr::Nop);
            if truth {
                self.stmts(&i.body)?;
            } else {
                self.stmts(&i.orelse)?;
            }
            return Ok(());
        }
        let end = self.new_label();
        let orelse = if i.orelse.is_empty() {
            end
        } else {
            self.new_label()
        };
        self.jump_if(&i.test, orelse, false)?;
        self.stmts(&i.body)?;
        if !i.orelse.is_empty() {
            if !self.unit_ref().dead {
                self.emit_jump(Instr::Jump(0), end);
            }
            self.bind(orelse);
            self.stmts(&i.orelse)?;
        }
        self.bind(end);
        Ok(())
    }

    fn while_stmt(&mut self, w: &'a ast::StmtWhile) -> CResult {
        let start = self.new_label();
        let exit = self.new_label();
        let orelse = self.new_label();
        self.bind(start);
        let truth = self.const_truth(&w.test);
        match truth {
            Some(false) => {
                self.emit(Instr::Nop);
                self.stmts(&w.orelse)?;
                self.bind(exit);
                return Ok(());
            }
            Some(true) => {
                self.mark_step();
                self.set_span(w);
                self.emit(Instr::Nop);
            }
            None => {
                self.mark_step();
                self.jump_if(&w.test, orelse, false)?;
            }
        }
        self.unit().fblocks.push(FBlock::While { start, exit });
        self.stmts(&w.body)?;
        self.unit().fblocks.pop();
        if !self.unit_ref().dead {
            self.set_span(w);
            self.emit_jump(Instr::Jump(0), start);
        }
        self.bind(orelse);
        self.stmts(&w.orelse)?;
        self.bind(exit);
        Ok(())
    }

    fn for_stmt(&mut self, f: &'a ast::StmtFor) -> CResult {
        let start = self.new_label();
        let next = self.new_label();
        let cleanup = self.new_label();
        let exit = self.new_label();
        self.iter_expr(&f.iter)?;
        // 3.11 and 3.12 locate `GET_ITER` at the whole statement (no carets), 3.13 at the
        // iterable.
        if self.minor >= 13 {
            self.set_span(&*f.iter);
        } else {
            self.set_span(f);
        }
        self.emit(Instr::GetIter);
        self.loop_slot(1);
        self.bind(start);
        self.set_span(f);
        self.emit_jump(Instr::ForIter(0), cleanup);
        self.unit().fblocks.push(FBlock::For { start: next, exit });
        self.store_target(&f.target)?;
        self.stmts(&f.body)?;
        self.unit().fblocks.pop();
        self.bind(next);
        if !self.unit_ref().dead {
            // The next iteration is a step of its own, on the `for` line.
            self.set_span(f);
            self.mark_step();
            self.emit(Instr::Nop);
            self.emit_jump(Instr::Jump(0), start);
        }
        self.bind(cleanup);
        self.loop_slot(-1);
        self.stmts(&f.orelse)?;
        self.bind(exit);
        Ok(())
    }

    fn break_stmt(&mut self, b: &'a ast::StmtBreak) -> CResult {
        let Some(loop_index) = self.innermost_loop() else {
            return Err(self.syntax_error(b, "'break' outside loop"));
        };
        self.emit(Instr::Nop);
        self.unwind_to(loop_index, false)?;
        match self.unit_ref().fblocks[loop_index].clone() {
            FBlock::For { exit, .. } => {
                self.emit(Instr::PopTop);
                self.emit_jump(Instr::Jump(0), exit);
            }
            FBlock::While { exit, .. } => self.emit_jump(Instr::Jump(0), exit),
            _ => {}
        }
        Ok(())
    }

    fn continue_stmt(&mut self, c: &'a ast::StmtContinue) -> CResult {
        let Some(loop_index) = self.innermost_loop() else {
            return Err(self.syntax_error(c, "'continue' not properly in loop"));
        };
        self.emit(Instr::Nop);
        self.unwind_to(loop_index, false)?;
        match self.unit_ref().fblocks[loop_index].clone() {
            FBlock::For { start, .. } | FBlock::While { start, .. } => {
                self.emit_jump(Instr::Jump(0), start)
            }
            _ => {}
        }
        Ok(())
    }

    fn innermost_loop(&self) -> Option<usize> {
        self.unit_ref()
            .fblocks
            .iter()
            .rposition(|b| matches!(b, FBlock::For { .. } | FBlock::While { .. }))
    }

    /// Emits what leaving the blocks above `index` (exclusive) requires; with
    /// `preserve_tos`, the value on top of the stack (a return value) stays on top.
    fn unwind_to(&mut self, index: usize, preserve_tos: bool) -> CResult {
        let blocks: Vec<FBlock<'a>> = self.unit_ref().fblocks[index + 1..].to_vec();
        let saved_fblocks = self.unit_ref().fblocks.clone();
        let saved_handlers = self.unit_ref().handler_stack.clone();
        for (k, b) in blocks.iter().enumerate().rev() {
            // While the cleanup of block `k` runs, only the blocks outside it are active.
            self.unit().fblocks.truncate(index + 1 + k);
            self.unwind_one(b, preserve_tos)?;
        }
        self.unit().fblocks = saved_fblocks;
        self.unit().handler_stack = saved_handlers;
        Ok(())
    }

    fn unwind_one(&mut self, b: &FBlock<'a>, preserve_tos: bool) -> CResult {
        match b {
            FBlock::While { .. } => {}
            FBlock::For { .. } => {
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.emit(Instr::PopTop);
            }
            FBlock::TryExcept => {
                self.pop_handler();
            }
            FBlock::FinallyTry(body) => {
                self.pop_handler();
                // The finally body runs here, with its own handlers outside this one.
                self.stmts(body)?;
            }
            FBlock::FinallyEnd => {
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.emit(Instr::PopTop); // exc
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.pop_handler();
                self.emit(Instr::PopExcept);
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.emit(Instr::PopTop); // lasti
            }
            FBlock::With => {
                self.pop_handler();
                if preserve_tos {
                    // [exit, self, value] -> [value, exit, self]
                    self.emit(Instr::Swap(3));
                    self.emit(Instr::Swap(2));
                }
                self.call_exit_with_nones();
                self.emit(Instr::PopTop);
            }
            FBlock::HandlerCleanup(name) => {
                if name.is_some() {
                    self.pop_handler();
                }
                self.pop_handler();
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.emit(Instr::PopExcept);
                if let Some(n) = name {
                    self.load_const(Const::None);
                    self.name_op(n, NameCtx::Store);
                    self.name_op(n, NameCtx::Del);
                }
            }
            FBlock::ExceptionHandler => {}
        }
        Ok(())
    }

    fn return_stmt(&mut self, r: &'a ast::StmtReturn) -> CResult {
        let kind = self.unit_ref().kind;
        if kind == CodeKind::Module || kind == CodeKind::Class {
            return Err(self.syntax_error(r, "'return' outside function"));
        }
        match &r.value {
            Some(v) => {
                self.expr(v)?;
                if let Expr::Call(c) = &**v {
                    if matches!(&*c.func, Expr::Name(_)) {
                        self.mark_plain_call_statement();
                    }
                }
            }
            None => self.load_const(Const::None),
        }
        self.set_span(r);
        let n = self.unit_ref().fblocks.len();
        if n > 0 {
            self.unwind_to_all(true)?;
        }
        self.emit(Instr::ReturnValue);
        Ok(())
    }

    /// Unwinds every block (a `return`).
    fn unwind_to_all(&mut self, preserve_tos: bool) -> CResult {
        let blocks: Vec<FBlock<'a>> = self.unit_ref().fblocks.clone();
        let saved_handlers = self.unit_ref().handler_stack.clone();
        for (k, b) in blocks.iter().enumerate().rev() {
            self.unit().fblocks.truncate(k);
            self.unwind_one(b, preserve_tos)?;
        }
        self.unit().fblocks = blocks;
        self.unit().handler_stack = saved_handlers;
        Ok(())
    }

    /// 3.13 prints no carets for `x = f(...)` / `return f(...)` with `f` a plain name: marks the
    /// call just emitted.
    pub(super) fn mark_plain_call_statement(&mut self) {
        let u = self.unit();
        if let Some(i) = u.instrs.iter().rposition(|ins| {
            matches!(
                ins,
                Instr::Call(_) | Instr::CallKw(_) | Instr::CallFunctionEx(_)
            )
        }) {
            u.spans[i].plain_call_statement = true;
        }
    }

    // ----------------------------------------------------------------------------------------
    // Exceptions

    fn raise_stmt(&mut self, r: &'a ast::StmtRaise) -> CResult {
        match (&r.exc, &r.cause) {
            (None, _) => {
                self.emit(Instr::Raise(0));
            }
            (Some(e), None) => {
                self.expr(e)?;
                self.set_span(r);
                self.emit(Instr::Raise(1));
            }
            (Some(e), Some(c)) => {
                self.expr(e)?;
                self.expr(c)?;
                self.set_span(r);
                self.emit(Instr::Raise(2));
            }
        }
        Ok(())
    }

    fn assert_stmt(&mut self, a: &'a ast::StmtAssert) -> CResult {
        if let Expr::Tuple(t) = &*a.test {
            if !t.elts.is_empty() {
                // CPython warns and the assertion always passes.
                self.emit(Instr::Nop);
                return Ok(());
            }
        }
        let end = self.new_label();
        self.jump_if(&a.test, end, true)?;
        self.set_span(a);
        self.emit(Instr::LoadAssertionError);
        if let Some(m) = &a.msg {
            self.emit(Instr::PushNull);
            self.expr(m)?;
            self.set_span(a);
            self.emit(Instr::Call(1));
        }
        self.emit(Instr::Raise(1));
        self.bind(end);
        Ok(())
    }

    fn try_except(&mut self, t: &'a ast::StmtTry) -> CResult {
        let handler = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        self.emit(Instr::Nop);
        self.push_handler(handler, false);
        self.unit().fblocks.push(FBlock::TryExcept);
        self.stmts(&t.body)?;
        self.unit().fblocks.pop();
        self.pop_handler();
        self.stmts(&t.orelse)?;
        if !self.unit_ref().dead {
            self.emit_jump(Instr::Jump(0), end);
        }
        // The handlers: [exc] on the stack.
        let depth = self.unit_ref().label_depth[handler.0 as usize];
        self.bind_at_depth(handler, depth);
        self.push_handler(cleanup, true);
        self.emit(Instr::PushExcInfo);
        self.unit().fblocks.push(FBlock::ExceptionHandler);
        let n = t.handlers.len();
        for (i, h) in t.handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(h) = h;
            self.set_span(h);
            self.mark_step();
            if h.type_.is_none() && i + 1 < n {
                return Err(self.syntax_error(h, "default 'except:' must be last"));
            }
            let next = self.new_label();
            if let Some(ty) = &h.type_ {
                self.expr(ty)?;
                self.set_span(h);
                self.emit(Instr::CheckExcMatch);
                self.emit_jump(Instr::PopJumpIfFalse(0), next);
            } else {
                self.emit(Instr::Nop);
            }
            match &h.name {
                Some(name) => {
                    let cleanup_end = self.new_label();
                    self.name_op(name.as_str(), NameCtx::Store);
                    self.push_handler(cleanup_end, true);
                    self.unit()
                        .fblocks
                        .push(FBlock::HandlerCleanup(Some(name.as_str())));
                    self.stmts(&h.body)?;
                    self.unit().fblocks.pop();
                    self.pop_handler();
                    let dead = self.unit_ref().dead;
                    if !dead {
                        self.pop_handler_temporarily_emit_pop_except(Some(name.as_str()));
                        self.emit_jump(Instr::Jump(0), end);
                    }
                    // cleanup_end: an exception in the body: [prev, lasti, exc2]
                    let d = self.unit_ref().label_depth[cleanup_end.0 as usize];
                    self.bind_at_depth(cleanup_end, d);
                    self.load_const(Const::None);
                    self.name_op(name.as_str(), NameCtx::Store);
                    self.name_op(name.as_str(), NameCtx::Del);
                    self.emit(Instr::Reraise);
                }
                None => {
                    self.emit(Instr::PopTop);
                    self.unit().fblocks.push(FBlock::HandlerCleanup(None));
                    self.stmts(&h.body)?;
                    self.unit().fblocks.pop();
                    if !self.unit_ref().dead {
                        self.pop_handler_temporarily_emit_pop_except(None);
                        self.emit_jump(Instr::Jump(0), end);
                    }
                }
            }
            self.bind(next);
        }
        self.unit().fblocks.pop();
        // No handler matched: re-raise.
        if !self.unit_ref().dead {
            self.emit(Instr::Reraise);
        }
        self.pop_handler();
        // cleanup: [prev, lasti, exc]
        let d = self.unit_ref().label_depth[cleanup.0 as usize];
        self.bind_at_depth(cleanup, d);
        self.emit(Instr::Copy(3));
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise);
        self.bind(end);
        Ok(())
    }

    /// The normal end of an `except` body: `POP_EXCEPT` (outside the handler region) and the
    /// name cleared.
    fn pop_handler_temporarily_emit_pop_except(&mut self, name: Option<&'a str>) {
        let saved = self.unit_ref().handler_stack.clone();
        self.pop_handler();
        self.emit(Instr::PopExcept);
        if let Some(n) = name {
            self.load_const(Const::None);
            self.name_op(n, NameCtx::Store);
            self.name_op(n, NameCtx::Del);
        }
        self.unit().handler_stack = saved;
    }

    fn try_finally(&mut self, t: &'a ast::StmtTry) -> CResult {
        let handler = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        self.emit(Instr::Nop);
        self.push_handler(handler, true);
        self.unit().fblocks.push(FBlock::FinallyTry(&t.finalbody));
        if t.handlers.is_empty() {
            self.stmts(&t.body)?;
            self.stmts(&t.orelse)?;
        } else {
            // try/except/else inside the finally's protection.
            let inner = ast::StmtTry {
                range: t.range,
                body: Vec::new(),
                handlers: Vec::new(),
                orelse: Vec::new(),
                finalbody: Vec::new(),
            };
            let _ = inner;
            self.try_except_parts(t)?;
        }
        self.unit().fblocks.pop();
        self.pop_handler();
        if !self.unit_ref().dead {
            self.stmts(&t.finalbody)?;
            if !self.unit_ref().dead {
                self.emit_jump(Instr::Jump(0), exit);
            }
        }
        // The exception path: [lasti, exc]
        let d = self.unit_ref().label_depth[handler.0 as usize];
        self.bind_at_depth(handler, d);
        self.push_handler(cleanup, true);
        self.emit(Instr::PushExcInfo);
        self.unit().fblocks.push(FBlock::FinallyEnd);
        self.stmts(&t.finalbody)?;
        self.unit().fblocks.pop();
        if !self.unit_ref().dead {
            self.emit(Instr::Reraise);
        }
        self.pop_handler();
        let d = self.unit_ref().label_depth[cleanup.0 as usize];
        self.bind_at_depth(cleanup, d);
        self.emit(Instr::Copy(3));
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise);
        self.bind(exit);
        Ok(())
    }

    /// The `try`/`except`/`else` part of a statement that also has a `finally`.
    fn try_except_parts(&mut self, t: &'a ast::StmtTry) -> CResult {
        // Reuse try_except with a view of the statement without its finally body.
        let view: &'a ast::StmtTry = t;
        self.try_except(view)
    }

    /// `__exit__(None, None, None)` on `[exit, self]`. Up to 3.13 `exit` is a bound method
    /// and the self slot holds the first None (CPython's `CALL 2` with the method in the
    /// callable's place), so the bound method lives until the call returns.
    fn call_exit_with_nones(&mut self) {
        let n = if self.minor < 14 { 2 } else { 3 };
        for _ in 0..n {
            self.load_const(Const::None);
        }
        self.emit(Instr::Call(n));
    }

    fn with_stmt(&mut self, w: &'a ast::StmtWith, item: usize) -> CResult {
        let Some(it) = w.items.get(item) else {
            return self.stmts(&w.body);
        };
        let handler = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        let suppress = self.new_label();
        self.expr(&it.context_expr)?;
        self.set_span(&it.context_expr);
        self.emit(Instr::BeforeWith);
        // The handler unwinds to [exit, self]: what `__enter__` returned is consumed first.
        self.unit().depth -= 1;
        self.push_handler(handler, true);
        self.unit().depth += 1;
        self.unit().fblocks.push(FBlock::With);
        match &it.optional_vars {
            Some(v) => self.store_target(v)?,
            None => self.emit(Instr::PopTop),
        }
        self.with_stmt(w, item + 1)?;
        self.unit().fblocks.pop();
        self.pop_handler();
        if !self.unit_ref().dead {
            self.set_span(w);
            self.call_exit_with_nones();
            self.emit(Instr::PopTop);
            self.emit_jump(Instr::Jump(0), exit);
        }
        // [exit, self, lasti, exc]
        let d = self.unit_ref().label_depth[handler.0 as usize];
        self.bind_at_depth(handler, d);
        self.set_span(w);
        self.push_handler(cleanup, true);
        self.emit(Instr::PushExcInfo);
        self.emit(Instr::WithExceptStart);
        self.emit_jump(Instr::PopJumpIfTrue(0), suppress);
        self.emit(Instr::Reraise);
        self.bind(suppress);
        self.pop_handler();
        self.emit(Instr::PopTop); // exc
        self.emit(Instr::PopExcept);
        self.emit(Instr::PopTop); // lasti
        self.emit(Instr::PopTop); // self
        self.emit(Instr::PopTop); // exit
        self.emit_jump(Instr::Jump(0), exit);
        let d = self.unit_ref().label_depth[cleanup.0 as usize];
        self.bind_at_depth(cleanup, d);
        self.emit(Instr::Copy(3));
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise);
        self.bind(exit);
        Ok(())
    }

    // ----------------------------------------------------------------------------------------
    // Imports

    fn import(&mut self, i: &'a ast::StmtImport) -> CResult {
        for alias in &i.names {
            self.set_span(i);
            let full = alias.name.as_str();
            self.load_const(Const::Int(crate::engine::object::IntVal::Small(0)));
            self.load_const(Const::None);
            let ni = self.name_index(full);
            self.emit(Instr::ImportName(ni));
            match &alias.asname {
                Some(asname) => {
                    // `import a.b as c` binds the submodule.
                    let parts: Vec<&str> = full.split('.').collect();
                    for p in parts.iter().skip(1) {
                        let pi = self.name_index(p);
                        self.emit(Instr::ImportFrom(pi));
                        self.emit(Instr::Swap(2));
                        self.emit(Instr::PopTop);
                    }
                    self.name_op(asname.as_str(), NameCtx::Store);
                }
                None => {
                    let first = full.split('.').next().unwrap_or(full);
                    self.name_op(first, NameCtx::Store);
                }
            }
        }
        Ok(())
    }

    fn import_from(&mut self, i: &'a ast::StmtImportFrom) -> CResult {
        let level = i.level.map_or(0, |l| l.to_u32());
        if level > 0 {
            return Err(self.unsupported(i, "relative import"));
        }
        let module = i.module.as_ref().map_or("", |m| m.as_str());
        if module == "__future__" {
            self.emit(Instr::Nop);
            return Ok(());
        }
        self.load_const(Const::Int(crate::engine::object::IntVal::Small(i64::from(
            level,
        ))));
        let names: Vec<Const> = i
            .names
            .iter()
            .map(|a| Const::Str(Rc::from(a.name.as_str())))
            .collect();
        self.load_const(Const::Tuple(names.into()));
        let mi = self.name_index(module);
        self.emit(Instr::ImportName(mi));
        if i.names.len() == 1 && i.names[0].name.as_str() == "*" {
            self.emit(Instr::ImportStar);
            return Ok(());
        }
        for alias in &i.names {
            let ni = self.name_index(alias.name.as_str());
            self.emit(Instr::ImportFrom(ni));
            let store = alias.asname.as_ref().unwrap_or(&alias.name);
            self.name_op(store.as_str(), NameCtx::Store);
        }
        self.emit(Instr::PopTop);
        Ok(())
    }
}

/// A function body: statements, or a lambda's expression.
pub(super) enum FunctionBody<'a> {
    Stmts(&'a [Stmt]),
    Lambda(&'a Expr),
}

/// The docstring of a body: a string constant as its first statement.
pub(super) fn docstring(body: &[Stmt]) -> Option<String> {
    let Some(Stmt::Expr(e)) = body.first() else {
        return None;
    };
    let Expr::Constant(c) = &*e.value else {
        return None;
    };
    match &c.value {
        ast::Constant::Str(s) => Some(s.clone()),
        _ => None,
    }
}

/// `a, b = x, y` with as many plain targets as values and no starred item: the count.
fn swap_count(target: &Expr, value: &Expr) -> Option<usize> {
    let targets = match target {
        Expr::Tuple(t) => &t.elts,
        Expr::List(l) => &l.elts,
        _ => return None,
    };
    let values = match value {
        Expr::Tuple(t) => &t.elts,
        Expr::List(l) if matches!(target, Expr::List(_) | Expr::Tuple(_)) => &l.elts,
        _ => return None,
    };
    if targets.len() != values.len()
        || targets.is_empty()
        || targets.iter().any(|t| matches!(t, Expr::Starred(_)))
        || values.iter().any(|v| matches!(v, Expr::Starred(_)))
    {
        return None;
    }
    // A list display on the right is built (and unpacked) as a list; only tuples skip it.
    if !matches!(value, Expr::Tuple(_)) {
        return None;
    }
    // Constant tuples are loaded as one constant and unpacked.
    if values.iter().all(|v| matches!(v, Expr::Constant(_))) {
        return None;
    }
    Some(targets.len())
}

/// How CPython's messages name an expression (`cannot assign to function call`).
pub(super) fn expr_description(e: &Expr) -> &'static str {
    match e {
        Expr::Call(_) => "function call",
        Expr::Constant(c) => match c.value {
            ast::Constant::None => "None",
            ast::Constant::Bool(true) => "True",
            ast::Constant::Bool(false) => "False",
            ast::Constant::Ellipsis => "ellipsis",
            _ => "literal",
        },
        Expr::BinOp(_) | Expr::UnaryOp(_) => "expression",
        Expr::BoolOp(_) => "expression",
        Expr::Compare(_) => "comparison",
        Expr::Lambda(_) => "lambda",
        Expr::IfExp(_) => "conditional expression",
        Expr::Dict(_) => "dict literal",
        Expr::Set(_) => "set display",
        Expr::ListComp(_) => "list comprehension",
        Expr::SetComp(_) => "set comprehension",
        Expr::DictComp(_) => "dict comprehension",
        Expr::GeneratorExp(_) => "generator expression",
        Expr::Yield(_) | Expr::YieldFrom(_) => "yield expression",
        Expr::Await(_) => "await expression",
        Expr::JoinedStr(_) | Expr::FormattedValue(_) => "f-string expression",
        Expr::NamedExpr(_) => "named expression",
        Expr::Attribute(_) => "attribute",
        Expr::Subscript(_) => "subscript",
        Expr::Starred(_) => "starred",
        Expr::Name(_) => "name",
        Expr::List(_) => "list",
        Expr::Tuple(_) => "tuple",
        Expr::Slice(_) => "slice",
    }
}

/// Converts a parser offset to usize.
trait ToUsize {
    fn to_usize(self) -> usize;
}

impl ToUsize for rustpython_parser::text_size::TextSize {
    fn to_usize(self) -> usize {
        u32::from(self) as usize
    }
}

/// The first simple annotation nested in a compound statement of a module or class body.
fn nested_annotation(body: &[Stmt]) -> Option<&ast::StmtAnnAssign> {
    fn inside(stmts: &[Stmt]) -> Option<&ast::StmtAnnAssign> {
        stmts.iter().find_map(|s| match s {
            Stmt::AnnAssign(a) if a.simple => Some(a),
            other => nested_in(other),
        })
    }
    fn nested_in(s: &Stmt) -> Option<&ast::StmtAnnAssign> {
        match s {
            Stmt::If(i) => inside(&i.body).or_else(|| inside(&i.orelse)),
            Stmt::For(f) => inside(&f.body).or_else(|| inside(&f.orelse)),
            Stmt::While(w) => inside(&w.body).or_else(|| inside(&w.orelse)),
            Stmt::With(w) => inside(&w.body),
            Stmt::Try(t) => inside(&t.body)
                .or_else(|| {
                    t.handlers.iter().find_map(|h| {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        inside(&h.body)
                    })
                })
                .or_else(|| inside(&t.orelse))
                .or_else(|| inside(&t.finalbody)),
            Stmt::Match(m) => m.cases.iter().find_map(|c| inside(&c.body)),
            _ => None,
        }
    }
    body.iter().find_map(nested_in)
}

/// `find_ann`: whether a module body has a simple annotation, also inside compound statements
/// (not inside functions or classes), so that it sets up `__annotations__` (before 3.14).
pub(super) fn has_annotations(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::AnnAssign(a) => a.simple,
        other => nested_annotation(std::slice::from_ref(other)).is_some(),
    })
}
