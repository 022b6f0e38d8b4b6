//! Expressions to instructions (`compiler_visit_expr`): operators, displays, calls (with the
//! method form that allocates no bound method), attribute and subscript access, conditional
//! jumps that test without building a bool, lambdas, comprehensions (a function of their own
//! before 3.12, inlined from 3.12 on, PEP 709), generator expressions, `yield`, f-strings.

use std::rc::Rc;

use rustpython_parser::ast::{self, Expr, Ranged as _};

use super::code::{Anchor, BinOp, CmpOp, CodeKind, Const, ConstOrigin, Conversion, Instr, UnOp};
use super::fold::{self, fold_expr};
use super::stmt::FunctionBody;
use super::symtable::{BlockKind, Scope};
use super::{CResult, Compiler, Label, NameCtx};

/// Items pushed at once before a display is built in chunks (CPython's `STACK_USE_GUIDELINE`).
const STACK_USE_GUIDELINE: usize = 30;

impl<'a> Compiler<'a> {
    /// Compiles an expression: its value ends on the stack.
    pub(super) fn expr(&mut self, e: &'a Expr) -> CResult {
        if let Some(c) = fold_expr(e, self.minor) {
            self.set_span(e);
            let origin = if matches!(e, Expr::Constant(_)) {
                ConstOrigin::Literal
            } else {
                ConstOrigin::Folded
            };
            self.load_const_from(c, origin);
            return Ok(());
        }
        match e {
            Expr::BoolOp(b) => self.bool_op(b),
            Expr::NamedExpr(n) => {
                self.expr(&n.value)?;
                self.emit(Instr::Copy(1));
                self.store_target(&n.target)
            }
            Expr::BinOp(b) => {
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                self.set_binop_span(&b.left, &b.right, e);
                self.emit(Instr::BinaryOp(BinOp::from_ast(b.op)));
                Ok(())
            }
            Expr::UnaryOp(u) => {
                self.expr(&u.operand)?;
                self.set_span(e);
                let op = match u.op {
                    ast::UnaryOp::Invert => UnOp::Invert,
                    ast::UnaryOp::Not => UnOp::Not,
                    ast::UnaryOp::UAdd => UnOp::Pos,
                    ast::UnaryOp::USub => UnOp::Neg,
                };
                self.emit(Instr::UnaryOp(op));
                Ok(())
            }
            Expr::Lambda(l) => {
                let flags = self.function_defaults(&l.args)?;
                let block = self
                    .block_of(l)
                    .ok_or_else(|| self.unsupported(l, "lambda"))?;
                let qualname = self.qualname_child("<lambda>");
                let line = self.source.line_col(u32::from(l.range.start()) as usize).0;
                let code = self.function_code(
                    block,
                    Rc::from("<lambda>"),
                    qualname,
                    &l.args,
                    FunctionBody::Lambda(&l.body),
                    line,
                )?;
                self.set_span(e);
                self.make_closure(code, flags)
            }
            Expr::IfExp(i) => {
                let orelse = self.new_label();
                let end = self.new_label();
                self.jump_if(&i.test, orelse, false)?;
                self.expr(&i.body)?;
                self.emit_jump(Instr::Jump(0), end);
                self.bind(orelse);
                self.expr(&i.orelse)?;
                self.bind(end);
                Ok(())
            }
            Expr::Dict(d) => self.dict_display(d, e),
            Expr::Set(s) => self.set_display(&s.elts, e),
            Expr::ListComp(c) => {
                self.comprehension(e, CompShape::List, &c.generators, &c.elt, None)
            }
            Expr::SetComp(c) => self.comprehension(e, CompShape::Set, &c.generators, &c.elt, None),
            Expr::DictComp(c) => {
                self.comprehension(e, CompShape::Dict, &c.generators, &c.key, Some(&c.value))
            }
            Expr::GeneratorExp(c) => {
                self.comprehension(e, CompShape::Gen, &c.generators, &c.elt, None)
            }
            Expr::Await(a) => Err(self.unsupported(a, "await")),
            Expr::Yield(y) => {
                self.check_yield_allowed(e)?;
                match &y.value {
                    Some(v) => self.expr(v)?,
                    None => self.load_const(Const::None),
                }
                self.set_span(e);
                self.emit(Instr::YieldValue);
                Ok(())
            }
            Expr::YieldFrom(y) => {
                self.check_yield_allowed(e)?;
                self.expr(&y.value)?;
                self.set_span(e);
                self.emit(Instr::GetYieldFromIter);
                self.load_const(Const::None);
                self.yield_from_loop();
                Ok(())
            }
            Expr::Compare(c) => self.compare(c, e),
            Expr::Call(c) => self.call(c, e),
            Expr::FormattedValue(f) => self.formatted_value(f, e),
            Expr::JoinedStr(j) => {
                let mut n = 0;
                for v in &j.values {
                    match v {
                        Expr::Constant(c) => {
                            if let ast::Constant::Str(s) = &c.value {
                                if s.is_empty() {
                                    continue;
                                }
                            }
                            self.expr(v)?;
                        }
                        other => self.expr(other)?,
                    }
                    n += 1;
                }
                self.set_span(e);
                match n {
                    0 => self.load_const(Const::Str(Rc::from(""))),
                    // A single part is a str already.
                    1 => {}
                    _ => self.emit(Instr::BuildString(n)),
                }
                Ok(())
            }
            Expr::Constant(c) => {
                self.set_span(e);
                let k = fold::constant(&c.value);
                self.load_const(k);
                Ok(())
            }
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                self.set_span(e);
                let i = self.attr_index(a.attr.as_str());
                self.emit(Instr::LoadAttr(i));
                Ok(())
            }
            Expr::Subscript(s) => {
                self.expr(&s.value)?;
                self.subscript_key(&s.slice)?;
                self.set_subscript_span(e, s);
                self.emit(Instr::BinarySubscr);
                Ok(())
            }
            Expr::Starred(s) => Err(self.syntax_error(s, "can't use starred expression here")),
            Expr::Name(n) => {
                self.set_span(e);
                if n.id.as_str() == "__debug__" {
                    self.load_const(Const::Bool(true));
                    return Ok(());
                }
                self.name_op(n.id.as_str(), NameCtx::Load);
                Ok(())
            }
            Expr::List(l) => self.list_display(&l.elts, e),
            Expr::Tuple(t) => self.tuple_display(&t.elts, e),
            Expr::Slice(s) => {
                let n = self.slice_parts(s)?;
                self.set_span(e);
                self.emit(Instr::BuildSlice(n));
                Ok(())
            }
        }
    }

    fn check_yield_allowed(&self, e: &Expr) -> CResult {
        match self.unit_ref().kind {
            CodeKind::Function | CodeKind::GenExpr => Ok(()),
            CodeKind::Comprehension => {
                Err(self.syntax_error(e, "'yield' inside list comprehension"))
            }
            _ => Err(self.syntax_error(e, "'yield' outside function")),
        }
    }

    /// `[iter, v]` → SEND/YIELD loop → `[result]`.
    fn yield_from_loop(&mut self) {
        let send = self.new_label();
        let exit = self.new_label();
        self.bind(send);
        self.emit_jump(Instr::Send(0), exit);
        self.emit(Instr::YieldValue);
        self.emit_jump(Instr::Jump(0), send);
        let d = self.unit_ref().label_depth[exit.0 as usize];
        self.bind_at_depth(exit, d);
    }

    /// The qualified name of a block directly inside the current unit.
    pub(super) fn qualname_child(&self, name: &str) -> Rc<str> {
        let u = self.unit_ref();
        match u.kind {
            CodeKind::Module => Rc::from(name),
            CodeKind::Class => Rc::from(format!("{}.{}", u.qualname, name)),
            _ => Rc::from(format!("{}.<locals>.{}", u.qualname, name)),
        }
    }

    /// The span of a binary operation, with the anchor 3.11+ carets use.
    pub(super) fn set_binop_span<T: ast::Ranged>(&mut self, left: &Expr, right: &Expr, node: &T) {
        self.set_span(node);
        self.unit().span.anchor =
            Anchor::BinOp(left.range().end().into(), right.range().start().into());
    }

    fn bool_op(&mut self, b: &'a ast::ExprBoolOp) -> CResult {
        let end = self.new_label();
        let n = b.values.len();
        for (i, v) in b.values.iter().enumerate() {
            self.expr(v)?;
            if i + 1 < n {
                match b.op {
                    ast::BoolOp::And => self.emit_jump(Instr::JumpIfFalseOrPop(0), end),
                    ast::BoolOp::Or => self.emit_jump(Instr::JumpIfTrueOrPop(0), end),
                }
            }
        }
        self.bind(end);
        Ok(())
    }

    fn compare(&mut self, c: &'a ast::ExprCompare, e: &'a Expr) -> CResult {
        self.expr(&c.left)?;
        let n = c.ops.len();
        if n == 1 {
            self.compare_operand(c.ops[0], &c.comparators[0])?;
            self.set_compare_span(&c.left, &c.comparators[0], e);
            self.emit_compare(c.ops[0]);
            return Ok(());
        }
        let cleanup = self.new_label();
        let end = self.new_label();
        for i in 0..n - 1 {
            self.compare_operand(c.ops[i], &c.comparators[i])?;
            self.emit(Instr::Swap(2));
            self.emit(Instr::Copy(2));
            let left = if i == 0 {
                &*c.left
            } else {
                &c.comparators[i - 1]
            };
            self.set_compare_span(left, &c.comparators[i], e);
            self.emit_compare(c.ops[i]);
            self.emit_jump(Instr::JumpIfFalseOrPop(0), cleanup);
        }
        self.compare_operand(c.ops[n - 1], &c.comparators[n - 1])?;
        self.set_compare_span(&c.comparators[n - 2], &c.comparators[n - 1], e);
        self.emit_compare(c.ops[n - 1]);
        self.emit_jump(Instr::Jump(0), end);
        let d = self.unit_ref().label_depth[cleanup.0 as usize];
        self.bind_at_depth(cleanup, d);
        self.emit(Instr::Swap(2));
        self.emit(Instr::PopTop);
        self.bind(end);
        Ok(())
    }

    fn set_compare_span(&mut self, left: &Expr, right: &Expr, whole: &Expr) {
        self.set_span(whole);
        let u = self.unit();
        u.span.start = left.range().start().into();
        u.span.end = right.range().end().into();
    }

    /// The right operand of a comparison: `x in [1, 2]` loads a constant tuple, `x in {1, 2}`
    /// a constant frozenset.
    fn compare_operand(&mut self, op: ast::CmpOp, right: &'a Expr) -> CResult {
        if matches!(op, ast::CmpOp::In | ast::CmpOp::NotIn) {
            match right {
                Expr::List(l) => {
                    if let Some(c) = self.const_tuple_of(&l.elts.iter().collect::<Vec<_>>()) {
                        self.set_span(right);
                        self.load_const_from(c, ConstOrigin::Folded);
                        return Ok(());
                    }
                }
                Expr::Set(s) if !s.elts.is_empty() => {
                    if let Some(Const::Tuple(items)) =
                        self.const_tuple_of(&s.elts.iter().collect::<Vec<_>>())
                    {
                        self.set_span(right);
                        self.load_const_from(Const::FrozenSet(items), ConstOrigin::Folded);
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
        self.expr(right)
    }

    fn emit_compare(&mut self, op: ast::CmpOp) {
        use ast::CmpOp as C;
        let ins = match op {
            C::Eq => Instr::CompareOp(CmpOp::Eq),
            C::NotEq => Instr::CompareOp(CmpOp::Ne),
            C::Lt => Instr::CompareOp(CmpOp::Lt),
            C::LtE => Instr::CompareOp(CmpOp::Le),
            C::Gt => Instr::CompareOp(CmpOp::Gt),
            C::GtE => Instr::CompareOp(CmpOp::Ge),
            C::Is => Instr::IsOp(false),
            C::IsNot => Instr::IsOp(true),
            C::In => Instr::ContainsOp(false),
            C::NotIn => Instr::ContainsOp(true),
        };
        self.emit(ins);
    }

    /// The truth of a constant test (`if 0:`, `while True:`), when it is one.
    pub(super) fn const_truth(&self, e: &Expr) -> Option<bool> {
        let c = fold_expr(e, self.minor).or_else(|| match e {
            Expr::Constant(c) => Some(fold::constant(&c.value)),
            _ => None,
        })?;
        Some(match c {
            Const::None => false,
            Const::Bool(b) => b,
            Const::Ellipsis => true,
            Const::Int(i) => i != crate::engine::object::IntVal::Small(0),
            Const::Float(f) => f != 0.0,
            Const::Complex(a, b) => a != 0.0 || b != 0.0,
            Const::Str(s) => !s.is_empty(),
            Const::Bytes(b) => !b.is_empty(),
            Const::Tuple(t) | Const::FrozenSet(t) => !t.is_empty(),
            Const::Code(_) => true,
        })
    }

    /// Jumps to `target` when `e`'s truth is `cond` (`compiler_jump_if`): `not`, `and`, `or`
    /// and chained comparisons test without building their value.
    pub(super) fn jump_if(&mut self, e: &'a Expr, target: Label, cond: bool) -> CResult {
        match e {
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => {
                return self.jump_if(&u.operand, target, !cond)
            }
            Expr::BoolOp(b) => {
                let is_or = b.op == ast::BoolOp::Or;
                let next2 = if is_or == cond {
                    target
                } else {
                    self.new_label()
                };
                let n = b.values.len();
                for v in &b.values[..n - 1] {
                    self.jump_if(v, next2, is_or)?;
                }
                self.jump_if(&b.values[n - 1], target, cond)?;
                if next2 != target {
                    self.bind(next2);
                }
                return Ok(());
            }
            Expr::IfExp(i) => {
                let end = self.new_label();
                let next2 = self.new_label();
                self.jump_if(&i.test, next2, false)?;
                self.jump_if(&i.body, target, cond)?;
                self.emit_jump(Instr::Jump(0), end);
                self.bind(next2);
                self.jump_if(&i.orelse, target, cond)?;
                self.bind(end);
                return Ok(());
            }
            Expr::Compare(c) if c.ops.len() > 1 => {
                let cleanup = self.new_label();
                self.expr(&c.left)?;
                let n = c.ops.len();
                for i in 0..n - 1 {
                    self.compare_operand(c.ops[i], &c.comparators[i])?;
                    self.emit(Instr::Swap(2));
                    self.emit(Instr::Copy(2));
                    let left = if i == 0 {
                        &*c.left
                    } else {
                        &c.comparators[i - 1]
                    };
                    self.set_compare_span(left, &c.comparators[i], e);
                    self.emit_compare(c.ops[i]);
                    self.emit_jump(Instr::PopJumpIfFalse(0), cleanup);
                }
                self.compare_operand(c.ops[n - 1], &c.comparators[n - 1])?;
                self.set_compare_span(&c.comparators[n - 2], &c.comparators[n - 1], e);
                self.emit_compare(c.ops[n - 1]);
                if cond {
                    self.emit_jump(Instr::PopJumpIfTrue(0), target);
                } else {
                    self.emit_jump(Instr::PopJumpIfFalse(0), target);
                }
                let end = self.new_label();
                self.emit_jump(Instr::Jump(0), end);
                let d = self.unit_ref().label_depth[cleanup.0 as usize];
                self.bind_at_depth(cleanup, d);
                self.emit(Instr::PopTop);
                if !cond {
                    self.emit_jump(Instr::Jump(0), target);
                }
                self.bind(end);
                return Ok(());
            }
            _ => {}
        }
        // `x is None` / `x is not None` jump without a bool (3.11+ optimizer; no count change).
        self.expr(e)?;
        if cond {
            self.emit_jump(Instr::PopJumpIfTrue(0), target);
        } else {
            self.emit_jump(Instr::PopJumpIfFalse(0), target);
        }
        Ok(())
    }

    /// A `for` loop's iterable: a list display of constants is a constant tuple.
    pub(super) fn iter_expr(&mut self, e: &'a Expr) -> CResult {
        match e {
            Expr::List(l) if !l.elts.iter().any(|x| matches!(x, Expr::Starred(_))) => {
                if let Some(c) = self.const_tuple_of(&l.elts.iter().collect::<Vec<_>>()) {
                    self.set_span(e);
                    self.load_const_from(c, ConstOrigin::Folded);
                    return Ok(());
                }
                // A list display iterated directly is built as a tuple.
                for x in &l.elts {
                    self.expr(x)?;
                }
                self.set_span(e);
                self.emit(Instr::BuildTuple(l.elts.len() as u32));
                Ok(())
            }
            Expr::Set(s) if !s.elts.iter().any(|x| matches!(x, Expr::Starred(_))) => {
                if let Some(Const::Tuple(items)) =
                    self.const_tuple_of(&s.elts.iter().collect::<Vec<_>>())
                {
                    self.set_span(e);
                    self.load_const_from(Const::FrozenSet(items), ConstOrigin::Folded);
                    return Ok(());
                }
                self.expr(e)
            }
            _ => self.expr(e),
        }
    }

    /// A tuple constant of expressions that all fold, if they do.
    pub(super) fn const_tuple_of(&self, es: &[&Expr]) -> Option<Const> {
        let mut out = Vec::new();
        for e in es {
            let c = fold_expr(e, self.minor).or_else(|| match e {
                Expr::Constant(c) => Some(fold::constant(&c.value)),
                _ => None,
            })?;
            out.push(c);
        }
        Some(Const::Tuple(out.into()))
    }

    /// A subscript's key: a slice builds a slice object.
    pub(super) fn subscript_key(&mut self, key: &'a Expr) -> CResult {
        match key {
            Expr::Slice(s) => {
                let n = self.slice_parts(s)?;
                self.set_span(key);
                self.emit(Instr::BuildSlice(n));
                Ok(())
            }
            other => self.expr(other),
        }
    }

    fn slice_parts(&mut self, s: &'a ast::ExprSlice) -> CResult<u32> {
        for part in [&s.lower, &s.upper] {
            match part {
                Some(p) => self.expr(p)?,
                None => self.load_const(Const::None),
            }
        }
        if let Some(step) = &s.step {
            self.expr(step)?;
            return Ok(3);
        }
        Ok(2)
    }

    fn formatted_value(&mut self, f: &'a ast::ExprFormattedValue, e: &'a Expr) -> CResult {
        self.expr(&f.value)?;
        let conv = match f.conversion {
            ast::ConversionFlag::None => Conversion::None,
            ast::ConversionFlag::Str => Conversion::Str,
            ast::ConversionFlag::Repr => Conversion::Repr,
            ast::ConversionFlag::Ascii => Conversion::Ascii,
        };
        let has_spec = match &f.format_spec {
            Some(spec) => {
                self.expr(spec)?;
                true
            }
            None => false,
        };
        self.set_span(e);
        self.emit(Instr::FormatValue(conv, has_spec));
        Ok(())
    }

    // ----------------------------------------------------------------------------------------
    // Displays

    fn list_display(&mut self, elts: &'a [Expr], e: &'a Expr) -> CResult {
        self.sequence_display(elts, e, Seq::List)
    }

    fn tuple_display(&mut self, elts: &'a [Expr], e: &'a Expr) -> CResult {
        self.sequence_display(elts, e, Seq::Tuple)
    }

    fn set_display(&mut self, elts: &'a [Expr], e: &'a Expr) -> CResult {
        self.sequence_display(elts, e, Seq::Set)
    }

    /// `[...]`, `(...)`, `{...}` (`starunpack_helper`): constants of three or more items
    /// (3.9+) extend an empty container from one constant; starred items extend; long
    /// displays are built in chunks.
    fn sequence_display(&mut self, elts: &'a [Expr], e: &'a Expr, kind: Seq) -> CResult {
        let n = elts.len();
        let starred = elts.iter().any(|x| matches!(x, Expr::Starred(_)));
        if !starred && n > 2 && kind != Seq::Tuple && self.minor >= 9 {
            if let Some(Const::Tuple(items)) = self.const_tuple_of(&elts.iter().collect::<Vec<_>>())
            {
                self.set_span(e);
                match kind {
                    Seq::List => {
                        self.emit(Instr::BuildList(0));
                        self.load_const(Const::Tuple(items));
                        self.emit(Instr::ListExtend(1));
                    }
                    _ => {
                        self.emit(Instr::BuildSet(0));
                        self.load_const(Const::FrozenSet(items));
                        self.emit(Instr::SetUpdate(1));
                    }
                }
                return Ok(());
            }
        }
        let big = n > STACK_USE_GUIDELINE;
        if !starred && !big {
            for x in elts {
                self.expr(x)?;
            }
            self.set_span(e);
            match kind {
                Seq::List => self.emit(Instr::BuildList(n as u32)),
                Seq::Tuple => self.emit(Instr::BuildTuple(n as u32)),
                Seq::Set => self.emit(Instr::BuildSet(n as u32)),
            }
            return Ok(());
        }
        // Starred items, or a long display: build a list (or set) piece by piece.
        let mut sequence_built = false;
        let mut pending = 0u32;
        for x in elts {
            match x {
                Expr::Starred(s) => {
                    if !sequence_built {
                        self.set_span(e);
                        match kind {
                            Seq::Set => self.emit(Instr::BuildSet(pending)),
                            _ => self.emit(Instr::BuildList(pending)),
                        }
                        pending = 0;
                        sequence_built = true;
                    }
                    self.expr(&s.value)?;
                    self.set_span(e);
                    match kind {
                        Seq::Set => self.emit(Instr::SetUpdate(1)),
                        _ => self.emit(Instr::ListExtend(1)),
                    }
                }
                other => {
                    self.expr(other)?;
                    if sequence_built {
                        match kind {
                            Seq::Set => self.emit(Instr::SetAdd(1)),
                            _ => self.emit(Instr::ListAppend(1)),
                        }
                    } else {
                        pending += 1;
                    }
                }
            }
        }
        if !sequence_built {
            self.set_span(e);
            match kind {
                Seq::Set => self.emit(Instr::BuildSet(pending)),
                _ => self.emit(Instr::BuildList(pending)),
            }
        }
        if kind == Seq::Tuple {
            self.emit(Instr::ListToTuple);
        }
        Ok(())
    }

    fn dict_display(&mut self, d: &'a ast::ExprDict, e: &'a Expr) -> CResult {
        let n = d.values.len();
        let mut built = false;
        let mut i = 0;
        let mut elements = 0u32;
        let mut start = 0;
        while i < n {
            match &d.keys[i] {
                None => {
                    // `**m`
                    if elements > 0 || !built {
                        self.dict_chunk(d, start, i, e)?;
                        if built {
                            self.emit(Instr::DictUpdate(1));
                        }
                        built = true;
                        elements = 0;
                    }
                    self.expr(&d.values[i])?;
                    self.set_span(e);
                    self.emit(Instr::DictUpdate(1));
                    start = i + 1;
                }
                Some(_) => {
                    elements += 1;
                    if elements as usize * 2 > STACK_USE_GUIDELINE {
                        self.dict_chunk(d, start, i + 1, e)?;
                        if built {
                            self.emit(Instr::DictUpdate(1));
                        }
                        built = true;
                        elements = 0;
                        start = i + 1;
                    }
                }
            }
            i += 1;
        }
        if elements > 0 || !built {
            self.dict_chunk(d, start, n, e)?;
            if built {
                self.emit(Instr::DictUpdate(1));
            }
        }
        Ok(())
    }

    /// Entries `from..to` of a dict display (all with keys) as one dict.
    fn dict_chunk(&mut self, d: &'a ast::ExprDict, from: usize, to: usize, e: &'a Expr) -> CResult {
        let count = to - from;
        let keys: Vec<&Expr> = d.keys[from..to].iter().filter_map(|k| k.as_ref()).collect();
        if count > 1 {
            if let Some(c) = self.const_tuple_of(&keys) {
                for v in &d.values[from..to] {
                    self.expr(v)?;
                }
                self.set_span(e);
                self.load_const(c);
                self.emit(Instr::BuildConstKeyMap(count as u32));
                return Ok(());
            }
        }
        for k in from..to {
            if let Some(key) = &d.keys[k] {
                self.expr(key)?;
            }
            self.expr(&d.values[k])?;
        }
        self.set_span(e);
        self.emit(Instr::BuildMap(count as u32));
        Ok(())
    }

    // ----------------------------------------------------------------------------------------
    // Calls

    fn call(&mut self, c: &'a ast::ExprCall, e: &'a Expr) -> CResult {
        let starred = c.args.iter().any(|a| matches!(a, Expr::Starred(_)))
            || c.keywords.iter().any(|k| k.arg.is_none());
        // Keyword arguments after ** are fine; duplicate keyword names are an error.
        let mut seen: Vec<&str> = Vec::new();
        for k in &c.keywords {
            if let Some(a) = &k.arg {
                if seen.contains(&a.as_str()) {
                    return Err(self.syntax_error(k, format!("keyword argument repeated: {a}")));
                }
                seen.push(a.as_str());
            }
        }
        // `super().attr` without a super object (3.12+).
        if self.minor >= 12 && !starred {
            if let Expr::Attribute(at) = &*c.func {
                if let Some(()) = self.try_super_attr(at, true)? {
                    return self.call_args(c, e, 1);
                }
            }
        }
        let method = match &*c.func {
            Expr::Attribute(at) if !starred && (self.minor >= 11 || c.keywords.is_empty()) => {
                Some(at)
            }
            _ => None,
        };
        match method {
            Some(at) => {
                self.expr(&at.value)?;
                self.set_span(&*c.func);
                let i = self.attr_index(at.attr.as_str());
                self.emit(Instr::LoadMethod(i));
            }
            None => {
                self.expr(&c.func)?;
                self.emit(Instr::PushNull);
            }
        }
        if starred {
            return self.call_ex(c, e);
        }
        self.call_args(c, e, 0)
    }

    /// Pushes the arguments and calls: `[callable, self_or_null]` are on the stack.
    fn call_args(&mut self, c: &'a ast::ExprCall, e: &'a Expr, _super: u32) -> CResult {
        for a in &c.args {
            self.expr(a)?;
        }
        let mut names = Vec::new();
        for k in &c.keywords {
            self.expr(&k.value)?;
            if let Some(a) = &k.arg {
                names.push(Const::Str(Rc::from(a.as_str())));
            }
        }
        self.set_span(e);
        self.unit().span.anchor = Anchor::Call(c.func.range().end().into());
        let n = (c.args.len() + c.keywords.len()) as u32;
        if names.is_empty() {
            self.emit(Instr::Call(n));
        } else {
            self.load_const(Const::Tuple(names.into()));
            self.emit(Instr::CallKw(n));
        }
        Ok(())
    }

    /// A call with `*args` or `**kwargs`: `CALL_FUNCTION_EX` with a tuple and a dict.
    fn call_ex(&mut self, c: &'a ast::ExprCall, e: &'a Expr) -> CResult {
        // Positional arguments as one tuple.
        if c.args.len() == 1 {
            if let Expr::Starred(s) = &c.args[0] {
                self.expr(&s.value)?;
            } else {
                self.expr(&c.args[0])?;
                self.emit(Instr::BuildTuple(1));
            }
        } else {
            let mut built = false;
            let mut pending = 0u32;
            for a in &c.args {
                match a {
                    Expr::Starred(s) => {
                        if !built {
                            self.emit(Instr::BuildList(pending));
                            built = true;
                            pending = 0;
                        }
                        self.expr(&s.value)?;
                        self.emit(Instr::ListExtend(1));
                    }
                    other => {
                        self.expr(other)?;
                        if built {
                            self.emit(Instr::ListAppend(1));
                        } else {
                            pending += 1;
                        }
                    }
                }
            }
            if built {
                self.emit(Instr::ListToTuple);
            } else {
                self.emit(Instr::BuildTuple(pending));
            }
        }
        // Keyword arguments as one dict.
        let has_kw = !c.keywords.is_empty();
        if has_kw {
            let mut have_dict = false;
            let mut pending = 0u32;
            for k in &c.keywords {
                match &k.arg {
                    Some(a) => {
                        self.load_const(Const::Str(Rc::from(a.as_str())));
                        self.expr(&k.value)?;
                        pending += 1;
                    }
                    None => {
                        if pending > 0 || !have_dict {
                            self.emit(Instr::BuildMap(pending));
                            if have_dict {
                                self.emit(Instr::DictMerge(1));
                            }
                            have_dict = true;
                            pending = 0;
                        }
                        self.expr(&k.value)?;
                        self.emit(Instr::DictMerge(1));
                    }
                }
            }
            if pending > 0 {
                self.emit(Instr::BuildMap(pending));
                if have_dict {
                    self.emit(Instr::DictMerge(1));
                }
            }
        }
        self.set_span(e);
        self.unit().span.anchor = Anchor::Call(c.func.range().end().into());
        self.emit(Instr::CallFunctionEx(has_kw));
        Ok(())
    }

    /// `super().name` in a method (3.12+ `LOAD_SUPER_ATTR`): `Some` when emitted.
    fn try_super_attr(&mut self, at: &'a ast::ExprAttribute, method: bool) -> CResult<Option<()>> {
        let Expr::Call(sc) = &*at.value else {
            return Ok(None);
        };
        let Expr::Name(n) = &*sc.func else {
            return Ok(None);
        };
        if n.id.as_str() != "super" || !sc.args.is_empty() || !sc.keywords.is_empty() {
            return Ok(None);
        }
        let u = self.unit_ref();
        if u.kind != CodeKind::Function {
            return Ok(None);
        }
        let block = self.block();
        let Some(first) = block.params.first().cloned() else {
            return Ok(None);
        };
        if block.scope("super") != super::symtable::Scope::GlobalImplicit {
            return Ok(None);
        }
        let Some(&class_slot) = u.local_index.get("__class__") else {
            return Ok(None);
        };
        self.set_span(&*at.value);
        self.name_op("super", NameCtx::Load);
        self.emit(Instr::LoadDeref(class_slot));
        self.name_op(&first, NameCtx::Load);
        self.set_span(at);
        let i = self.attr_index(at.attr.as_str());
        self.emit(Instr::LoadSuperAttr(i, method));
        Ok(Some(()))
    }

    // ----------------------------------------------------------------------------------------
    // Comprehensions

    fn comprehension(
        &mut self,
        e: &'a Expr,
        shape: CompShape,
        gens: &'a [ast::Comprehension],
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) -> CResult {
        let block = self
            .block_of(e)
            .ok_or_else(|| self.unsupported(e, "comprehension"))?;
        let inlined = self.table.blocks[block].inlined;
        let Some(first) = gens.first() else {
            return Err(self.syntax_error(e, "comprehension without a for"));
        };
        if inlined {
            return self.inlined_comprehension(e, block, shape, gens, elt, value);
        }
        // A function of its own: made first, then called with the first iterator.
        let name: &str = match shape {
            CompShape::List => "<listcomp>",
            CompShape::Set => "<setcomp>",
            CompShape::Dict => "<dictcomp>",
            CompShape::Gen => "<genexpr>",
        };
        let qualname = self.qualname_child(name);
        let line = self
            .source
            .line_col(u32::from(e.range().start()) as usize)
            .0;
        let kind = if shape == CompShape::Gen {
            CodeKind::GenExpr
        } else {
            CodeKind::Comprehension
        };
        self.push_unit(block, kind, Rc::from(name), qualname, line);
        self.unit().argcount = 1;
        if shape == CompShape::Gen {
            self.unit().generator = true;
        }
        let r = self.comprehension_body(e, shape, gens, elt, value, 0, true);
        if let Err(err) = r {
            self.units.pop();
            return Err(err);
        }
        if shape == CompShape::Gen {
            self.emit_return_none();
        } else {
            self.emit(Instr::ReturnValue);
        }
        let code = self.pop_unit();
        self.set_span(e);
        self.make_closure(code, 0)?;
        self.emit(Instr::PushNull);
        self.expr(&first.iter)?;
        self.set_span(e);
        self.emit(Instr::GetIter);
        self.emit(Instr::Call(1));
        let _ = BlockKind::Comprehension;
        Ok(())
    }

    /// The loops of a comprehension. In a function of its own the first iterator is `.0`
    /// (local 0); inlined, it is already on the stack under the result.
    #[allow(clippy::too_many_arguments)]
    fn comprehension_body(
        &mut self,
        e: &'a Expr,
        shape: CompShape,
        gens: &'a [ast::Comprehension],
        elt: &'a Expr,
        value: Option<&'a Expr>,
        depth: usize,
        own_function: bool,
    ) -> CResult {
        if depth == 0 && own_function {
            self.set_span(e);
            match shape {
                CompShape::List => self.emit(Instr::BuildList(0)),
                CompShape::Set => self.emit(Instr::BuildSet(0)),
                CompShape::Dict => self.emit(Instr::BuildMap(0)),
                CompShape::Gen => {}
            }
            self.emit(Instr::LoadFast(0));
        }
        let g = &gens[depth];
        if depth > 0 {
            self.iter_expr(&g.iter)?;
            self.set_span(&g.iter);
            self.emit(Instr::GetIter);
        }
        let start = self.new_label();
        let cleanup = self.new_label();
        let next = self.new_label();
        self.loop_slot(1);
        self.bind(start);
        self.set_span(e);
        self.mark_step();
        self.emit_jump(Instr::ForIter(0), cleanup);
        self.store_target(&g.target)?;
        for cond in &g.ifs {
            self.jump_if(cond, next, false)?;
        }
        if depth + 1 < gens.len() {
            self.comprehension_body(e, shape, gens, elt, value, depth + 1, own_function)?;
        } else {
            // The element, added to the result `gens.len() + 1` items down.
            let down = gens.len() as u32 + 1;
            match shape {
                CompShape::Gen => {
                    self.expr(elt)?;
                    self.set_span(e);
                    self.emit(Instr::YieldValue);
                    self.emit(Instr::PopTop);
                }
                CompShape::List => {
                    self.expr(elt)?;
                    self.set_span(e);
                    self.emit(Instr::ListAppend(down));
                }
                CompShape::Set => {
                    self.expr(elt)?;
                    self.set_span(e);
                    self.emit(Instr::SetAdd(down));
                }
                CompShape::Dict => {
                    self.expr(elt)?;
                    if let Some(v) = value {
                        self.expr(v)?;
                    }
                    self.set_span(e);
                    self.emit(Instr::MapAdd(down));
                }
            }
        }
        self.bind(next);
        self.emit_jump(Instr::Jump(0), start);
        let d = self.unit_ref().label_depth[cleanup.0 as usize];
        self.loop_slot(-1);
        self.bind_at_depth(cleanup, d);
        Ok(())
    }

    /// 3.12+ (PEP 709): the comprehension runs in this frame. Its variables are saved first
    /// (`LOAD_FAST_AND_CLEAR`) and restored after, also when it raises.
    /// The span of a subscript operation: `~` under the value, `^` under the key.
    pub(super) fn set_subscript_span(&mut self, e: &'a Expr, s: &'a ast::ExprSubscript) {
        self.set_span(e);
        self.unit().span.anchor =
            Anchor::Subscript(s.value.range().end().into(), s.slice.range().end().into());
    }

    fn inlined_comprehension(
        &mut self,
        e: &'a Expr,
        block: usize,
        shape: CompShape,
        gens: &'a [ast::Comprehension],
        elt: &'a Expr,
        value: Option<&'a Expr>,
    ) -> CResult {
        let first = &gens[0];
        self.iter_expr(&first.iter)?;
        self.set_span(e);
        self.emit(Instr::GetIter);
        // The comprehension's own variables, in its symbol table's order.
        let child = &self.table.blocks[block];
        let vars: Vec<Rc<str>> = child
            .names()
            .filter(|n| &***n != ".0" && child.is_bound(n))
            .cloned()
            .collect();
        let pushed = vars.len();
        self.unit().inlined_stack_names.extend(vars.iter().cloned());
        let mut slots = Vec::new();
        for v in &vars {
            let slot = self.unit_ref().local_index.get(v).copied();
            let Some(slot) = slot else {
                return Err(self.unsupported(e, "this comprehension"));
            };
            slots.push(slot);
            self.emit(Instr::LoadFastAndClear(slot));
            // A captured comprehension variable gets a fresh cell for each run.
            if self.table.blocks[block].scope(v) == Scope::Cell {
                self.emit(Instr::MakeCell(slot));
                self.unit().inlined_cells.push(v.clone());
            }
        }
        if !vars.is_empty() {
            self.emit(Instr::Swap(vars.len() as u32 + 1));
        }
        // The cleanup handler comes first (jumped over): on an exception it restores the
        // variables and re-raises. [saved..., result_or_iter, exc]
        let handler = self.new_label();
        let over = self.new_label();
        let depth_here = self.unit_ref().depth;
        if !vars.is_empty() {
            self.emit_jump(Instr::Jump(0), over);
            self.bind_at_depth(handler, depth_here + 1);
            self.emit(Instr::Swap(2));
            self.emit(Instr::PopTop);
            self.emit(Instr::Swap(vars.len() as u32 + 1));
            for slot in slots.iter().rev() {
                self.emit(Instr::StoreFastMaybeNull(*slot));
            }
            self.emit(Instr::Reraise);
            self.bind_at_depth(over, depth_here);
            self.push_handler(handler, false);
        }
        match shape {
            CompShape::List => self.emit(Instr::BuildList(0)),
            CompShape::Set => self.emit(Instr::BuildSet(0)),
            CompShape::Dict => self.emit(Instr::BuildMap(0)),
            CompShape::Gen => {}
        }
        self.emit(Instr::Swap(2));
        self.comprehension_body(e, shape, gens, elt, value, 0, false)?;
        if !vars.is_empty() {
            self.pop_handler();
        }
        // Restore: SWAP n+1 then the stores, last variable first (the peephole pass may move
        // a store that follows on the same line before them, as CPython's does).
        self.set_span(e);
        if !vars.is_empty() {
            self.emit(Instr::Swap(vars.len() as u32 + 1));
            for slot in slots.iter().rev() {
                self.emit(Instr::StoreFastMaybeNull(*slot));
            }
        }
        let n = self.unit_ref().inlined_stack_names.len();
        self.unit().inlined_stack_names.truncate(n - pushed);
        let cells: Vec<Rc<str>> = vars
            .iter()
            .filter(|v| self.table.blocks[block].scope(v) == Scope::Cell)
            .cloned()
            .collect();
        for c in cells {
            if let Some(i) = self.unit_ref().inlined_cells.iter().rposition(|x| *x == c) {
                self.unit().inlined_cells.remove(i);
            }
        }
        Ok(())
    }
}

/// What a display builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seq {
    List,
    Tuple,
    Set,
}

/// What a comprehension builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CompShape {
    List,
    Set,
    Dict,
    Gen,
}
