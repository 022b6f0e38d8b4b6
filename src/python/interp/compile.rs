//! The compile step: a program's syntax tree lowered once, before it runs, to a tree of
//! closures. Each closure does what the tree walker ([`Rt::eval`], [`Rt::exec`]) does for its
//! node, with what the walker works out again at every visit decided once: whether a name is a
//! local slot of its code or lives in the module dict, which operations on constants fold,
//! where each statement starts (for its `Line` event), the spans tracebacks point at. A node
//! runs as one small function instead of a visit through the walker's big `match`.
//!
//! The common statements and expressions are compiled; any other compiles to a closure that
//! runs the tree walker on its own copy of the node, so nothing changes meaning. Names are
//! interned and constants created when first evaluated, as the walker does, so the events are
//! the same event for event.

use std::cell::Cell;

use super::*;

/// A compiled expression: evaluates to a new reference.
pub(super) type ExprCode = Box<dyn Fn(&mut Rt, &mut Heap) -> R<ObjId>>;
/// A compiled statement.
pub(super) type StmtCode = Box<dyn Fn(&mut Rt, &mut Heap) -> R<Flow>>;
/// A compiled test of an `if`, `elif` or `while`: the truth of its expression, which it
/// evaluated, tested and released (the same events as evaluating it to an object first).
type TestCode = Box<dyn Fn(&mut Rt, &mut Heap) -> R<bool>>;
/// A compiled assignment target: stores (steals) the value.
type TargetCode = Box<dyn Fn(&mut Rt, &mut Heap, ObjId) -> R<()>>;
/// A compiled block of statements.
pub(super) type Block = Rc<[StmtCode]>;

/// Where a name of the code being compiled lives.
#[derive(Clone)]
enum NameAt {
    /// A variable of a comprehension being compiled: `slot` of the scope `up` levels out from
    /// the innermost.
    Comp { up: u32, slot: u32 },
    /// A local slot of the code (a function body's frame).
    Local { code: usize, slot: usize },
    /// The module dict; the interned name's index is found at the first use.
    Global,
}

/// A compiled load of a module-level name: the interned name's index (found at the first
/// use) and the module-dict entry where the name was last found with its interned key (the
/// entry is checked by identity, so a stale one only sends the load the longer way).
struct GlobalSite {
    index: Cell<u32>,
    seen: Cell<(u32, ObjId)>,
}

impl Default for GlobalSite {
    fn default() -> Self {
        Self {
            index: Cell::new(u32::MAX),
            seen: Cell::new((u32::MAX, ObjId(crate::engine::object::NO_OBJ))),
        }
    }
}

/// A constant and the object it evaluated to in the current compilation unit.
struct ConstSite {
    value: Constant,
    /// (unit, object): the object is the unit's constant while `unit` is the current one.
    cache: Cell<(u64, ObjId)>,
}

impl ConstSite {
    fn new(value: Constant) -> Self {
        Self {
            value,
            cache: Cell::new((u64::MAX, ObjId(crate::engine::object::NO_OBJ))),
        }
    }

    fn load(&self, rt: &mut Rt, heap: &mut Heap) -> ObjId {
        let (unit, id) = self.cache.get();
        if unit == rt.const_unit {
            heap.incref(id);
            return id;
        }
        let id = rt.constant(heap, &self.value);
        self.cache.set((rt.const_unit, id));
        id
    }
}

/// One `for ... in ... if ...` of a compiled comprehension.
struct CompiledGen {
    iter: ExprCode,
    target: TargetCode,
    ifs: Vec<ExprCode>,
}

/// A compiled comprehension's element: a value, or a dict comprehension's key and value.
enum CompElt {
    One(ExprCode),
    Pair(ExprCode, ExprCode),
}

/// A comprehension's compiled parts.
struct CompiledComp {
    shape: CompShape,
    gens: Vec<CompiledGen>,
    elt: CompElt,
}

impl CompParts for CompiledComp {
    fn shape(&self) -> CompShape {
        self.shape
    }

    fn generators(&self) -> usize {
        self.gens.len()
    }

    fn eval_iter(&self, rt: &mut Rt, heap: &mut Heap, depth: usize) -> R<ObjId> {
        match self.gens.get(depth) {
            Some(g) => (g.iter)(rt, heap),
            None => Ok(heap.none()),
        }
    }

    fn assign_target(&self, rt: &mut Rt, heap: &mut Heap, depth: usize, item: ObjId) -> R<()> {
        match self.gens.get(depth) {
            Some(g) => (g.target)(rt, heap, item),
            None => Ok(()),
        }
    }

    fn conditions(&self, depth: usize) -> usize {
        self.gens.get(depth).map_or(0, |g| g.ifs.len())
    }

    fn eval_condition(&self, rt: &mut Rt, heap: &mut Heap, depth: usize, i: usize) -> R<ObjId> {
        match self.gens.get(depth).and_then(|g| g.ifs.get(i)) {
            Some(c) => c(rt, heap),
            None => Ok(heap.bool(true)),
        }
    }

    fn produce(&self, rt: &mut Rt, heap: &mut Heap, result: ObjId) -> R<()> {
        match &self.elt {
            CompElt::One(e) => {
                let v = e(rt, heap)?;
                self.shape.produce(rt, heap, result, v, None)
            }
            CompElt::Pair(k, v) => {
                let kv = k(rt, heap)?;
                let vv = v(rt, heap)?;
                self.shape.produce(rt, heap, result, vv, Some(kv))
            }
        }
    }
}

/// An assignment target ([`Rt::assign`]): an error without a location points at it.
fn target_code(
    span: ErrSpan,
    store: impl Fn(&mut Rt, &mut Heap, ObjId) -> R<()> + 'static,
) -> TargetCode {
    Box::new(move |rt, heap, value| {
        let r = store(rt, heap, value);
        if r.is_err() {
            return raised_at_span(r, span);
        }
        r
    })
}

/// A statement at `line`:`col` ([`Rt::exec`]): it starts (its `Line` event, the step limit),
/// then runs; an exception raised in it is located at its line.
fn statement(
    line: u32,
    col: u32,
    plain_call: Option<(u32, u32)>,
    body: impl Fn(&mut Rt, &mut Heap) -> R<Flow> + 'static,
) -> StmtCode {
    Box::new(move |rt, heap| {
        rt.at_located(heap, line, col)?;
        let r = body(rt, heap);
        if r.is_err() {
            return rt.raised_in_statement_at(r, plain_call);
        }
        r
    })
}

/// Wraps a node's evaluation so that an error raised inside it without a location points at
/// the node (what [`Rt::eval`] does).
fn spanned(span: ErrSpan, f: impl Fn(&mut Rt, &mut Heap) -> R<ObjId> + 'static) -> ExprCode {
    Box::new(move |rt, heap| {
        let r = f(rt, heap);
        if r.is_err() {
            return raised_at_span(r, span);
        }
        r
    })
}

/// One comparison, `left op right`: both operands evaluated, compared and released (the left
/// one first), as `COMPARE_OP` does; an error without a location points at `span`, the
/// comparison (what [`spanned`] does for an expression).
#[inline(always)]
fn compare_once(
    rt: &mut Rt,
    heap: &mut Heap,
    left: &ExprCode,
    op: ast::CmpOp,
    right: &ExprCode,
    span: ErrSpan,
) -> R<bool> {
    let l = match left(rt, heap) {
        Ok(l) => l,
        Err(err) => return raised_at_span(Err(err), span),
    };
    let r = match right(rt, heap) {
        Ok(r) => r,
        Err(err) => {
            rt.dec(heap, l);
            return raised_at_span(Err(err), span);
        }
    };
    let res = rt.compare(heap, op, l, r);
    rt.dec(heap, l);
    rt.dec(heap, r);
    match res {
        Ok(b) => Ok(b),
        Err(err) => raised_at_span(Err(err), span),
    }
}

/// `x.append(v)`: on a list, what [`Rt::call_method`] does for `list.append` (the same
/// events in the same order) without looking the method up or gathering the arguments, as
/// CPython's `CALL_NO_KW_LIST_APPEND` does; on anything else, the general method call.
fn compile_append(
    obj: ExprCode,
    args: ArgCodes,
    name: String,
    func_span: ErrSpan,
    span: ErrSpan,
) -> ExprCode {
    spanned(span, move |rt, heap| {
        let o = obj(rt, heap)?;
        let r = if let (Kind::List(..), [value]) = (heap.kind(o), args.positional.as_slice()) {
            let v = match value(rt, heap) {
                Ok(v) => v,
                Err(e) => {
                    rt.dec(heap, o);
                    return Err(e);
                }
            };
            heap.incref(v);
            heap.list_append(o, v);
            let none = heap.none();
            rt.dec(heap, v);
            rt.dec(heap, o);
            none
        } else {
            rt.call_method(heap, o, &name, func_span, |rt, heap| args.eval(rt, heap))?
        };
        rt.eval_breaker(heap);
        Ok(r)
    })
}

/// Evaluates compiled operands in order; on an error the ones evaluated are released.
fn eval_each(rt: &mut Rt, heap: &mut Heap, codes: &[ExprCode], out: &mut Vec<ObjId>) -> R<()> {
    for c in codes {
        match c(rt, heap) {
            Ok(v) => out.push(v),
            Err(e) => {
                rt.dec_all(heap, out.drain(..));
                return Err(e);
            }
        }
    }
    Ok(())
}

/// A call's compiled arguments: positional, then keyword (name, value).
struct ArgCodes {
    positional: Vec<ExprCode>,
    keywords: Vec<(String, ExprCode)>,
}

impl ArgCodes {
    /// [`Rt::eval_args`] on compiled arguments.
    fn eval(&self, rt: &mut Rt, heap: &mut Heap) -> R<(Args, Keywords)> {
        let mut args = Args::new();
        for c in &self.positional {
            match c(rt, heap) {
                Ok(v) => args.push(v),
                Err(e) => {
                    rt.dec_all(heap, args);
                    return Err(e);
                }
            }
        }
        let mut kw = Vec::new();
        for (name, c) in &self.keywords {
            let v = c(rt, heap)?;
            kw.push((name.clone(), v));
        }
        Ok((args, kw))
    }
}

impl Rt {
    /// Compiles a block of statements of `code` (`None`: module level).
    pub(super) fn compile_block(&mut self, body: &[Stmt], code: Option<usize>) -> Block {
        body.iter().map(|s| self.compile_stmt(s, code)).collect()
    }

    /// Runs a compiled block ([`Rt::exec_block`] for compiled code).
    pub(super) fn run_block(&mut self, heap: &mut Heap, block: &[StmtCode]) -> R<Flow> {
        for s in block {
            match s(self, heap)? {
                Flow::Normal => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Normal)
    }

    fn name_at(&self, name: &str, code: Option<usize>, store: bool) -> NameAt {
        for (up, names) in self.compiling_comps.iter().rev().enumerate() {
            if let Some(slot) = names.iter().position(|n| n == name) {
                return NameAt::Comp {
                    up: up as u32,
                    slot: slot as u32,
                };
            }
        }
        if let Some(c) = code.and_then(|c| self.codes.get(c).map(|k| (c, k))) {
            let (code, k) = c;
            let declared_global = store && k.globals_declared.iter().any(|g| g == name);
            if let (false, Some(&slot)) = (declared_global, k.slots.get(name)) {
                return NameAt::Local { code, slot };
            }
        }
        NameAt::Global
    }

    /// The interned name's index of a global name site (interned at the first use).
    fn global_index(&mut self, heap: &mut Heap, site: &Cell<u32>, name: &str) -> u32 {
        let i = site.get();
        if i != u32::MAX {
            return i;
        }
        let i = self.name_index(heap, name);
        site.set(i);
        i
    }

    /// Whether the running frame is that of `code` (compiled name slots hold there only).
    #[inline]
    fn in_code(&self, code: usize) -> bool {
        self.frames.last().is_some_and(|f| f.code == code)
    }

    /// A name's load; an error (an unbound name) points at `span` when there is one.
    fn compile_name_load(
        &self,
        name: &str,
        code: Option<usize>,
        span: Option<ErrSpan>,
    ) -> ExprCode {
        let text: Rc<str> = Rc::from(name);
        let not_found = move |rt: &mut Rt, heap: &mut Heap, text: &str| {
            let r = rt.load_name(heap, text);
            match span {
                Some(span) if r.is_err() => raised_at_span(r, span),
                _ => r,
            }
        };
        match self.name_at(name, code, false) {
            NameAt::Comp { up, slot } => Box::new(move |rt, heap| {
                let at = rt.comp_var_index(up, slot);
                let r = rt.load_comp_var(heap, at, &text);
                match span {
                    Some(span) if r.is_err() => raised_at_span(r, span),
                    _ => r,
                }
            }),
            NameAt::Local { code, slot } => Box::new(move |rt, heap| {
                let v = if rt.in_code(code) {
                    rt.frames
                        .last()
                        .and_then(|f| f.locals.get(slot).copied().flatten())
                } else {
                    None
                };
                match v {
                    Some(v) => {
                        heap.incref(v);
                        Ok(v)
                    }
                    None => not_found(rt, heap, &text),
                }
            }),
            // Not a local of the code it belongs to, so not of the frame it runs in.
            NameAt::Global => {
                let site = GlobalSite::default();
                Box::new(move |rt, heap| {
                    // The module dict's entry where this site last found its name.
                    let (hint, key) = site.seen.get();
                    if let Some(v) = heap.dict_value_at(rt.main_dict, hint, key) {
                        heap.incref(v);
                        return Ok(v);
                    }
                    let i = rt.global_index(heap, &site.index, &text);
                    let r = rt.load_name_at(heap, i, &text);
                    let entry = &rt.name_table[i as usize];
                    site.seen.set((entry.hint, entry.key));
                    match span {
                        Some(span) if r.is_err() => raised_at_span(r, span),
                        _ => r,
                    }
                })
            }
        }
    }

    fn compile_target(&mut self, target: &Expr, code: Option<usize>) -> TargetCode {
        let span = ErrSpan::of(target);
        match target {
            Expr::Name(n) => {
                let text: Rc<str> = Rc::from(n.id.as_str());
                match self.name_at(n.id.as_str(), code, true) {
                    NameAt::Comp { up, slot } => target_code(span, move |rt, heap, value| {
                        match rt.comp_var_index(up, slot) {
                            Some(at) => rt.store_comp_var(heap, at, value),
                            None => rt.store_name(heap, &text, value),
                        }
                        Ok(())
                    }),
                    NameAt::Local { code, slot } => target_code(span, move |rt, heap, value| {
                        if rt.in_code(code) {
                            let old = rt
                                .frames
                                .last_mut()
                                .and_then(|f| f.locals.get_mut(slot))
                                .map(|l| l.replace(value));
                            if let Some(old) = old {
                                if let Some(old) = old {
                                    heap.decref(rt, old);
                                }
                                return Ok(());
                            }
                        }
                        rt.store_name(heap, &text, value);
                        Ok(())
                    }),
                    NameAt::Global => {
                        let site = Cell::new(u32::MAX);
                        target_code(span, move |rt, heap, value| {
                            if rt.frames.is_empty() {
                                let i = rt.global_index(heap, &site, &text);
                                rt.store_global(heap, i, value);
                            } else {
                                rt.store_name(heap, &text, value);
                            }
                            Ok(())
                        })
                    }
                }
            }
            Expr::Attribute(a) => {
                let obj_code = self.compile_expr(&a.value, code);
                let name = a.attr.to_string();
                target_code(span, move |rt, heap, value| {
                    let obj = match obj_code(rt, heap) {
                        Ok(o) => o,
                        Err(e) => {
                            rt.dec(heap, value);
                            return Err(e);
                        }
                    };
                    let r = rt.setattr(heap, obj, &name, value);
                    rt.dec(heap, obj);
                    r
                })
            }
            Expr::Subscript(sub) => {
                let obj_code = self.compile_expr(&sub.value, code);
                let key_code = self.compile_expr(&sub.slice, code);
                target_code(span, move |rt, heap, value| {
                    let obj = obj_code(rt, heap)?;
                    let key = key_code(rt, heap)?;
                    let r = rt.setitem(heap, obj, key, value);
                    rt.dec(heap, obj);
                    r
                })
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let targets: Vec<TargetCode> =
                    elts.iter().map(|t| self.compile_target(t, code)).collect();
                target_code(span, move |rt, heap, value| {
                    rt.unpack_compiled(heap, &targets, value)
                })
            }
            _ => {
                let t = target.clone();
                target_code(span, move |rt, heap, value| {
                    rt.assign_target(heap, &t, value)
                })
            }
        }
    }

    /// [`Rt::unpack`] into compiled targets.
    fn unpack_compiled(&mut self, heap: &mut Heap, targets: &[TargetCode], value: ObjId) -> R<()> {
        self.unpack_with(heap, targets.len(), value, |rt, heap, i, v| {
            targets[i](rt, heap, v)
        })
    }

    /// A test's truth. A single comparison (`kind == 3`, `n < limit`) is tested without the
    /// call through its expression's closure and [`Rt::truthy`]: its bool is still taken and
    /// dropped (the `Incref` and `Decref` of `True` or `False`, as `COMPARE_OP` and the jump
    /// after it do), after both operands are released, as in the expression's own closure.
    fn compile_test(&mut self, e: &Expr, code: Option<usize>) -> TestCode {
        if let Expr::Compare(c) = e {
            if let ([op], [right]) = (c.ops.as_slice(), c.comparators.as_slice()) {
                let (span, op) = (ErrSpan::of(e), *op);
                let left = self.compile_expr(&c.left, code);
                let right = self.compile_expr(right, code);
                return Box::new(move |rt, heap| {
                    let res = compare_once(rt, heap, &left, op, &right, span)?;
                    let b = if res {
                        heap.statics.true_
                    } else {
                        heap.statics.false_
                    };
                    heap.incref_decref(b);
                    Ok(res)
                });
            }
        }
        let test = self.compile_expr(e, code);
        Box::new(move |rt, heap| {
            let c = test(rt, heap)?;
            let t = rt.truthy(heap, c);
            rt.dec(heap, c);
            t
        })
    }

    pub(super) fn compile_expr(&mut self, e: &Expr, code: Option<usize>) -> ExprCode {
        let span = ErrSpan::of(e);
        match e {
            // A constant cannot fail.
            Expr::Constant(c) => {
                let site = ConstSite::new(c.value.clone());
                Box::new(move |rt, heap| Ok(site.load(rt, heap)))
            }
            // CPython's AST optimizer folds constant arithmetic at compile time.
            Expr::BinOp(_) | Expr::UnaryOp(_) if is_foldable(e) => match fold(e) {
                Some(c) => {
                    let site = ConstSite::new(c);
                    spanned(span, move |rt, heap| Ok(site.load(rt, heap)))
                }
                None => self.compile_operation(e, span, code),
            },
            Expr::BinOp(_) | Expr::UnaryOp(_) => self.compile_operation(e, span, code),
            Expr::Name(n) => self.compile_name_load(n.id.as_str(), code, Some(span)),
            Expr::Compare(c) if c.ops.len() == 1 => {
                let (left, op) = (self.compile_expr(&c.left, code), c.ops[0]);
                let right = self.compile_expr(&c.comparators[0], code);
                Box::new(move |rt, heap| {
                    let res = compare_once(rt, heap, &left, op, &right, span)?;
                    Ok(heap.bool(res))
                })
            }
            Expr::Compare(c) => {
                let left = self.compile_expr(&c.left, code);
                let rights: Vec<(ast::CmpOp, ExprCode)> = c
                    .ops
                    .iter()
                    .zip(c.comparators.iter())
                    .map(|(op, r)| (*op, self.compile_expr(r, code)))
                    .collect();
                spanned(span, move |rt, heap| {
                    let mut left = left(rt, heap)?;
                    for (i, (op, right)) in rights.iter().enumerate() {
                        let r = match right(rt, heap) {
                            Ok(r) => r,
                            Err(err) => {
                                rt.dec(heap, left);
                                return Err(err);
                            }
                        };
                        let res = rt.compare(heap, *op, left, r);
                        rt.dec(heap, left);
                        let res = match res {
                            Ok(b) => b,
                            Err(err) => {
                                rt.dec(heap, r);
                                return Err(err);
                            }
                        };
                        if !res || i + 1 == rights.len() {
                            rt.dec(heap, r);
                            return Ok(heap.bool(res));
                        }
                        left = r;
                    }
                    Ok(heap.bool(true))
                })
            }
            Expr::BoolOp(b) => {
                let values: Vec<ExprCode> = b
                    .values
                    .iter()
                    .map(|v| self.compile_expr(v, code))
                    .collect();
                let and = matches!(b.op, ast::BoolOp::And);
                spanned(span, move |rt, heap| {
                    let mut last = None;
                    for (i, value) in values.iter().enumerate() {
                        if let Some(prev) = last.take() {
                            rt.dec(heap, prev);
                        }
                        let v = value(rt, heap)?;
                        let t = rt.truthy(heap, v)?;
                        if t != and || i + 1 == values.len() {
                            return Ok(v);
                        }
                        last = Some(v);
                    }
                    Ok(heap.none())
                })
            }
            Expr::IfExp(i) => {
                let (test, body, orelse) = (
                    self.compile_expr(&i.test, code),
                    self.compile_expr(&i.body, code),
                    self.compile_expr(&i.orelse, code),
                );
                spanned(span, move |rt, heap| {
                    let c = test(rt, heap)?;
                    let t = rt.truthy(heap, c);
                    rt.dec(heap, c);
                    if t? {
                        body(rt, heap)
                    } else {
                        orelse(rt, heap)
                    }
                })
            }
            Expr::Attribute(a) => {
                let value = self.compile_expr(&a.value, code);
                let name = a.attr.to_string();
                spanned(span, move |rt, heap| {
                    let obj = value(rt, heap)?;
                    let r = rt.getattr(heap, obj, &name);
                    rt.dec(heap, obj);
                    r
                })
            }
            Expr::Subscript(s) => {
                let (value, slice) = (
                    self.compile_expr(&s.value, code),
                    self.compile_expr(&s.slice, code),
                );
                spanned(span, move |rt, heap| {
                    let obj = value(rt, heap)?;
                    let key = match slice(rt, heap) {
                        Ok(k) => k,
                        Err(err) => {
                            rt.dec(heap, obj);
                            return Err(err);
                        }
                    };
                    let r = rt.getitem(heap, obj, key);
                    rt.dec(heap, obj);
                    r
                })
            }
            Expr::Call(c)
                if !c.args.iter().any(|a| matches!(a, Expr::Starred(_)))
                    && c.keywords.iter().all(|k| k.arg.is_some()) =>
            {
                self.compile_call(c, span, code)
            }
            // `[]`: `BUILD_LIST 0`, no item array.
            Expr::List(l) if l.elts.is_empty() => {
                spanned(span, move |rt, heap| Ok(heap.list(rt, Vec::new(), 0)))
            }
            Expr::List(l) => {
                let items: Vec<ExprCode> =
                    l.elts.iter().map(|e| self.compile_expr(e, code)).collect();
                let all_const = l.elts.iter().all(|e| matches!(e, Expr::Constant(_)));
                spanned(span, move |rt, heap| {
                    let mut out = heap.items_vec(items.len());
                    eval_each(rt, heap, &items, &mut out)?;
                    let cap = list_display_capacity(heap.config.version, out.len(), all_const);
                    Ok(heap.list(rt, out, cap))
                })
            }
            Expr::Tuple(t) => {
                if let Some(c) = const_tuple(&t.elts) {
                    let site = ConstSite::new(c);
                    return spanned(span, move |rt, heap| Ok(site.load(rt, heap)));
                }
                let items: Vec<ExprCode> =
                    t.elts.iter().map(|e| self.compile_expr(e, code)).collect();
                spanned(span, move |rt, heap| {
                    let mut out = heap.items_vec(items.len());
                    eval_each(rt, heap, &items, &mut out)?;
                    Ok(heap.tuple(rt, out))
                })
            }
            Expr::ListComp(c) => {
                let elt = [&*c.elt];
                self.compile_comprehension(CompShape::List, &c.generators, &elt, span, code)
            }
            Expr::SetComp(c) => {
                let elt = [&*c.elt];
                self.compile_comprehension(CompShape::Set, &c.generators, &elt, span, code)
            }
            Expr::DictComp(c) => {
                let elt = [&*c.key, &*c.value];
                self.compile_comprehension(CompShape::Dict, &c.generators, &elt, span, code)
            }
            Expr::GeneratorExp(g) => {
                let elt = [&*g.elt];
                self.compile_comprehension(CompShape::Gen, &g.generators, &elt, span, code)
            }
            Expr::Dict(d) if d.keys.iter().all(Option::is_some) => {
                let unicode = d.keys.iter().all(
                    |k| matches!(k, Some(Expr::Constant(c)) if matches!(c.value, Constant::Str(_))),
                );
                let pairs: Vec<(ExprCode, ExprCode)> = d
                    .keys
                    .iter()
                    .flatten()
                    .zip(d.values.iter())
                    .map(|(k, v)| (self.compile_expr(k, code), self.compile_expr(v, code)))
                    .collect();
                spanned(span, move |rt, heap| {
                    let mut evaluated = Vec::with_capacity(pairs.len());
                    for (k, v) in &pairs {
                        let kv = k(rt, heap)?;
                        let vv = v(rt, heap)?;
                        evaluated.push((kv, vv));
                    }
                    let dict = heap.dict_presized(rt, evaluated.len(), unicode);
                    for (k, v) in evaluated {
                        rt.dict_store_checked(heap, dict, k, v)?;
                    }
                    Ok(dict)
                })
            }
            _ => {
                // Everything else runs on the tree walker, on the node's own copy.
                let e = e.clone();
                Box::new(move |rt, heap| rt.eval(heap, &e))
            }
        }
    }

    /// A binary or unary operation evaluated at run time.
    fn compile_operation(&mut self, e: &Expr, span: ErrSpan, code: Option<usize>) -> ExprCode {
        match e {
            Expr::BinOp(b) => {
                let (l, r, op) = (
                    self.compile_expr(&b.left, code),
                    self.compile_expr(&b.right, code),
                    b.op,
                );
                spanned(span, move |rt, heap| {
                    let lv = l(rt, heap)?;
                    let rv = match r(rt, heap) {
                        Ok(v) => v,
                        Err(err) => {
                            rt.dec(heap, lv);
                            return Err(err);
                        }
                    };
                    let v = rt.binop(heap, op, lv, rv);
                    rt.dec(heap, lv);
                    rt.dec(heap, rv);
                    v
                })
            }
            Expr::UnaryOp(u) => {
                let (operand, op) = (self.compile_expr(&u.operand, code), u.op);
                spanned(span, move |rt, heap| {
                    let v = operand(rt, heap)?;
                    let r = rt.unaryop(heap, op, v);
                    rt.dec(heap, v);
                    r
                })
            }
            _ => {
                let e = e.clone();
                Box::new(move |rt, heap| rt.eval(heap, &e))
            }
        }
    }

    /// A comprehension: its parts compiled in the code it appears in (it runs in that frame),
    /// its variables in a scope of its own, with a code object of its own (one per compiled
    /// site, as CPython's). The first iterable is evaluated outside the scope, as CPython
    /// passes it in; `elt` is the element (a dict comprehension's key and value).
    fn compile_comprehension(
        &mut self,
        shape: CompShape,
        gens: &[ast::Comprehension],
        elt: &[&Expr],
        span: ErrSpan,
        code: Option<usize>,
    ) -> ExprCode {
        let end = match std::mem::replace(&mut self.comp_value_end, CompEnd::Other) {
            end if shape != CompShape::Gen => end,
            _ => CompEnd::Other,
        };
        let site = self.new_site_code(shape.code_name());
        let names: Rc<[String]> = comp_names(gens).into();
        let first_iter = gens.first().map(|g| self.compile_expr(&g.iter, code));
        self.compiling_comps.push(Rc::clone(&names));
        let mut compiled = Vec::with_capacity(gens.len());
        for (i, g) in gens.iter().enumerate() {
            let iter = match (i, &first_iter) {
                (0, Some(_)) => None,
                _ => Some(self.compile_expr(&g.iter, code)),
            };
            compiled.push((
                iter,
                self.compile_target(&g.target, code),
                g.ifs.iter().map(|c| self.compile_expr(c, code)).collect(),
            ));
        }
        let elt = match elt {
            [k, v] => CompElt::Pair(self.compile_expr(k, code), self.compile_expr(v, code)),
            [e, ..] => CompElt::One(self.compile_expr(e, code)),
            [] => CompElt::One(Box::new(|_, heap: &mut Heap| Ok(heap.none()))),
        };
        self.compiling_comps.pop();
        let mut first_iter = first_iter;
        let parts = CompiledComp {
            shape,
            gens: compiled
                .into_iter()
                .map(|(iter, target, ifs)| CompiledGen {
                    iter: iter
                        .or_else(|| first_iter.take())
                        .unwrap_or_else(|| Box::new(|_, heap: &mut Heap| Ok(heap.none()))),
                    target,
                    ifs,
                })
                .collect(),
            elt,
        };
        spanned(span, move |rt, heap| {
            rt.comprehension_or_generator(heap, site, &parts, &names, end)
        })
    }

    fn compile_call(&mut self, c: &ast::ExprCall, span: ErrSpan, code: Option<usize>) -> ExprCode {
        let args = ArgCodes {
            positional: c.args.iter().map(|a| self.compile_expr(a, code)).collect(),
            keywords: c
                .keywords
                .iter()
                .map(|k| {
                    let name = k.arg.as_ref().map_or_else(String::new, ToString::to_string);
                    (name, self.compile_expr(&k.value, code))
                })
                .collect(),
        };
        if let Expr::Attribute(a) = &*c.func {
            // A method call: the method is looked up before the arguments are evaluated.
            let obj = self.compile_expr(&a.value, code);
            let name = a.attr.to_string();
            let func_span = ErrSpan::of(&c.func);
            if name == "append" && args.positional.len() == 1 && args.keywords.is_empty() {
                return compile_append(obj, args, name, func_span, span);
            }
            return spanned(span, move |rt, heap| {
                let o = obj(rt, heap)?;
                let r = rt.call_method(heap, o, &name, func_span, |rt, heap| args.eval(rt, heap));
                if r.is_ok() {
                    rt.eval_breaker(heap);
                }
                r
            });
        }
        let func = self.compile_expr(&c.func, code);
        spanned(span, move |rt, heap| {
            let f = func(rt, heap)?;
            let (a, kw) = match args.eval(rt, heap) {
                Ok(x) => x,
                Err(e) => {
                    rt.dec(heap, f);
                    return Err(e);
                }
            };
            let r = rt.call_with_values(heap, f, a, kw);
            if r.is_ok() {
                rt.eval_breaker(heap);
            }
            r
        })
    }

    /// [`CompEnd::StoreFast`] when `a` stores a comprehension straight into one local of a
    /// function (on the line the comprehension starts on, the local not one of its variables):
    /// the store CPython 3.12+ exchanges with the comprehension's last restore.
    fn assigned_comprehension_end(&self, a: &ast::StmtAssign, code: Option<usize>) -> CompEnd {
        let (Some(code), [Expr::Name(target)]) = (code, a.targets.as_slice()) else {
            return CompEnd::Other;
        };
        if !is_inlined_comprehension(&a.value) {
            return CompEnd::Other;
        }
        let gens = match &*a.value {
            Expr::ListComp(c) => &c.generators,
            Expr::SetComp(c) => &c.generators,
            Expr::DictComp(c) => &c.generators,
            _ => return CompEnd::Other,
        };
        let line_of =
            |at: rustpython_parser::text_size::TextSize| self.line_col(u32::from(at) as usize).0;
        let same_line = line_of(target.range.start()) == line_of(a.value.range().start());
        let local = matches!(
            self.name_at(target.id.as_str(), Some(code), true),
            NameAt::Local { .. }
        );
        if same_line && local && !comp_names(gens).iter().any(|n| n == target.id.as_str()) {
            CompEnd::StoreFast
        } else {
            CompEnd::Other
        }
    }

    fn compile_stmt(&mut self, s: &Stmt, code: Option<usize>) -> StmtCode {
        let (line, col) = self.line_col(u32::from(s.range().start()) as usize);
        let (line, col) = (line as u32, col as u32);
        let plain_call = plain_call_range(s);
        match s {
            Stmt::Expr(e) => {
                if is_inlined_comprehension(&e.value) {
                    self.comp_value_end = CompEnd::PopTop;
                }
                let value = self.compile_expr(&e.value, code);
                self.comp_value_end = CompEnd::Other;
                statement(line, col, plain_call, move |rt, heap| {
                    let v = value(rt, heap)?;
                    rt.dec(heap, v);
                    Ok(Flow::Normal)
                })
            }
            Stmt::Assign(a) => {
                self.comp_value_end = self.assigned_comprehension_end(a, code);
                let value = self.compile_expr(&a.value, code);
                self.comp_value_end = CompEnd::Other;
                let targets: Vec<TargetCode> = a
                    .targets
                    .iter()
                    .map(|t| self.compile_target(t, code))
                    .collect();
                statement(line, col, plain_call, move |rt, heap| {
                    let v = value(rt, heap)?;
                    for (i, t) in targets.iter().enumerate() {
                        if i + 1 < targets.len() {
                            heap.incref(v);
                        }
                        t(rt, heap, v)?;
                    }
                    Ok(Flow::Normal)
                })
            }
            Stmt::AugAssign(a) if matches!(&*a.target, Expr::Name(_)) => {
                let name = match &*a.target {
                    Expr::Name(n) => n.id.as_str(),
                    _ => "",
                };
                let load = self.compile_name_load(name, code, None);
                let store = self.compile_target(&a.target, code);
                let value = self.compile_expr(&a.value, code);
                let op = a.op;
                statement(line, col, plain_call, move |rt, heap| {
                    let cur = load(rt, heap)?;
                    let rhs = value(rt, heap)?;
                    let v = rt.inplace_op(heap, op, cur, rhs)?;
                    store(rt, heap, v)?;
                    Ok(Flow::Normal)
                })
            }
            Stmt::Pass(_) => statement(line, col, plain_call, |_, _| Ok(Flow::Normal)),
            Stmt::Break(_) => statement(line, col, plain_call, |_, _| Ok(Flow::Break)),
            Stmt::Continue(_) => statement(line, col, plain_call, |_, _| Ok(Flow::Continue)),
            Stmt::Return(r) => {
                let value = r.value.as_ref().map(|e| self.compile_expr(e, code));
                statement(line, col, plain_call, move |rt, heap| {
                    let v = match &value {
                        Some(e) => e(rt, heap)?,
                        None => heap.none(),
                    };
                    Ok(Flow::Return(v))
                })
            }
            Stmt::If(i) => {
                let test = self.compile_test(&i.test, code);
                let body = self.compile_block(&i.body, code);
                let orelse = self.compile_block(&i.orelse, code);
                statement(line, col, plain_call, move |rt, heap| {
                    if test(rt, heap)? {
                        rt.run_block(heap, &body)
                    } else {
                        rt.run_block(heap, &orelse)
                    }
                })
            }
            Stmt::While(w) => {
                let test = self.compile_test(&w.test, code);
                let body = self.compile_block(&w.body, code);
                let orelse = self.compile_block(&w.orelse, code);
                statement(line, col, plain_call, move |rt, heap| {
                    loop {
                        if !test(rt, heap)? {
                            return rt.run_block(heap, &orelse);
                        }
                        match rt.run_block(heap, &body)? {
                            Flow::Break => break,
                            Flow::Return(v) => return Ok(Flow::Return(v)),
                            _ => {}
                        }
                        rt.eval_breaker(heap);
                        rt.at_located(heap, line, col)?;
                    }
                    Ok(Flow::Normal)
                })
            }
            Stmt::For(f) => {
                let iter = self.compile_expr(&f.iter, code);
                let iter_span = ErrSpan::of(&f.iter);
                let target = self.compile_target(&f.target, code);
                let body = self.compile_block(&f.body, code);
                let orelse = self.compile_block(&f.orelse, code);
                statement(line, col, plain_call, move |rt, heap| {
                    let iterable = iter(rt, heap)?;
                    let mut it = rt.get_iter(heap, iterable);
                    rt.dec(heap, iterable);
                    // 3.13 points at the iterable; 3.11 and 3.12 at the whole `for` line.
                    if heap.config.version.minor >= 13 && it.is_err() {
                        it = raised_at_span(it, iter_span);
                    }
                    let it = it?;
                    let result = (|| {
                        let mut first = true;
                        loop {
                            if !first {
                                rt.at_located(heap, line, col)?;
                            }
                            first = false;
                            let Some(item) = rt.next(heap, it)? else {
                                return rt.run_block(heap, &orelse);
                            };
                            target(rt, heap, item)?;
                            match rt.run_block(heap, &body)? {
                                Flow::Break => return Ok(Flow::Normal),
                                Flow::Return(v) => return Ok(Flow::Return(v)),
                                _ => {}
                            }
                            rt.eval_breaker(heap);
                        }
                    })();
                    rt.dec(heap, it);
                    result
                })
            }
            _ => {
                // Everything else runs on the tree walker (which locates it itself).
                let s = s.clone();
                Box::new(move |rt, heap| rt.exec(heap, &s))
            }
        }
    }
}

/// A list, set or dict comprehension (3.12+ inlines these; generator expressions stay
/// functions).
fn is_inlined_comprehension(e: &Expr) -> bool {
    matches!(e, Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_))
}
