//! Operators as CPython's abstract object protocol runs them (`Objects/abstract.c`,
//! `object.c`): a binary operation tries the left operand's method, then the right one's
//! reflected method (first, when the right operand's type derives from the left's), and
//! `NotImplemented` passes the turn; rich comparisons likewise, with `==` falling back to
//! identity; truth tests use `__bool__` then `__len__`. The builtin types' own operations
//! live in their files (`builtins/int.rs`, `float.rs`, `str.rs`...).

use std::cmp::Ordering;

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{IntVal, Kind};

use super::builtins::T;
use super::exception::{type_error, R};
use super::Vm;
use crate::python::compiler::code::{BinOp, CmpOp, UnOp};

impl Vm {
    /// `a op b`: a new reference.
    pub(crate) fn binary_op(&mut self, heap: &mut Heap, op: BinOp, a: ObjId, b: ObjId) -> R<ObjId> {
        // Builtin operands first (no dunder dispatch): ints, floats, sequences...
        if let Some(r) = self.builtin_binary(heap, op, a, b) {
            return r;
        }
        self.binary_dunder(heap, op, a, b, None)
    }

    /// `a op= b`: the in-place method first (`__iadd__`, or a list's extend), then `a op b`.
    pub(crate) fn inplace_op(
        &mut self,
        heap: &mut Heap,
        op: BinOp,
        a: ObjId,
        b: ObjId,
    ) -> R<ObjId> {
        // Lists, sets, dicts... change in place.
        if let Some(r) = self.builtin_inplace(heap, op, a, b) {
            return r;
        }
        if let Some(r) = self.builtin_binary(heap, op, a, b) {
            return r;
        }
        // A user class's __iop__.
        if matches!(heap.kind(a), Kind::Instance(_)) {
            let class = self.type_of(heap, a);
            if let Some(f) = self.lookup_type_attr(heap, class, op.idunder()) {
                if matches!(heap.kind(f), Kind::Function(_)) {
                    heap.incref(f);
                    let r = self.call1(heap, f, &[a, b]);
                    heap.decref(self, f);
                    let v = r?;
                    if !matches!(heap.kind(v), Kind::NotImplemented) {
                        return Ok(v);
                    }
                    heap.decref(self, v);
                }
            }
        }
        self.binary_dunder(heap, op, a, b, Some(op))
    }

    /// The dunder protocol of a binary operation between objects at least one of which is
    /// not a builtin number or sequence the fast paths handled.
    fn binary_dunder(
        &mut self,
        heap: &mut Heap,
        op: BinOp,
        a: ObjId,
        b: ObjId,
        inplace: Option<BinOp>,
    ) -> R<ObjId> {
        let ta = self.type_of(heap, a);
        let tb = self.type_of(heap, b);
        let fa = self.user_method(heap, ta, op.dunder());
        let fb = if ta == tb {
            None
        } else {
            self.user_method(heap, tb, op.rdunder())
        };
        // The right operand's reflected method goes first when its type derives from the left's.
        let b_first = fb.is_some() && ta != tb && self.is_subclass(heap, tb, ta);
        if b_first {
            if let Some(v) = self.try_dunder(heap, fb, b, a)? {
                return Ok(v);
            }
        }
        if let Some(v) = self.try_dunder(heap, fa, a, b)? {
            return Ok(v);
        }
        if !b_first {
            if let Some(v) = self.try_dunder(heap, fb, b, a)? {
                return Ok(v);
            }
        }
        // `int * seq` for a user sequence.
        let _ = inplace;
        Err(self.binop_type_error(heap, op, a, b, inplace.is_some()))
    }

    /// A method defined by a user class (not by a builtin type) along the type's MRO.
    pub(crate) fn user_method(
        &mut self,
        heap: &mut Heap,
        class: ObjId,
        name: &str,
    ) -> Option<ObjId> {
        if !matches!(heap.kind(class), Kind::Class(_)) {
            return None;
        }
        for c in self.mro_of(heap, class) {
            if let Kind::Class(cd) = heap.kind(c) {
                if let Some(v) = heap.dict_get_str(cd.dict, name) {
                    return Some(v);
                }
            }
        }
        None
    }

    /// Calls `f(this, other)` when `f` is given: `Some(result)` unless it returned
    /// `NotImplemented`.
    fn try_dunder(
        &mut self,
        heap: &mut Heap,
        f: Option<ObjId>,
        this: ObjId,
        other: ObjId,
    ) -> R<Option<ObjId>> {
        let Some(f) = f else {
            return Ok(None);
        };
        if matches!(heap.kind(f), Kind::None) {
            return Ok(None);
        }
        heap.incref(f);
        let r = self.call_method_with(heap, f, this, &[other]);
        heap.decref(self, f);
        let v = r?;
        if matches!(heap.kind(v), Kind::NotImplemented) {
            heap.decref(self, v);
            return Ok(None);
        }
        Ok(Some(v))
    }

    /// Calls a function found on a type with `this` as its first argument (descriptors of
    /// other kinds are bound first).
    pub(crate) fn call_method_with(
        &mut self,
        heap: &mut Heap,
        f: ObjId,
        this: ObjId,
        args: &[ObjId],
    ) -> R<ObjId> {
        match heap.kind(f) {
            Kind::Function(_) | Kind::BuiltinFn(_, None) => {
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(this);
                all.extend_from_slice(args);
                self.call1(heap, f, &all)
            }
            _ => {
                let class = self.type_of(heap, this);
                let bound = self.descriptor_get(heap, f, Some(this), class)?;
                let r = self.call1(heap, bound, args);
                heap.decref(self, bound);
                r
            }
        }
    }

    /// `type(obj).name(obj, *args)`: a special method looked up on the type.
    pub(crate) fn call_method_by_name(
        &mut self,
        heap: &mut Heap,
        obj: ObjId,
        name: &str,
        args: &[ObjId],
    ) -> R<ObjId> {
        let class = self.type_of(heap, obj);
        let Some(f) = self.lookup_type_attr(heap, class, name) else {
            return Err(self.attr_error(heap, obj, name));
        };
        heap.incref(f);
        let r = self.call_method_with(heap, f, obj, args);
        heap.decref(self, f);
        r
    }

    fn binop_type_error(
        &self,
        heap: &Heap,
        op: BinOp,
        a: ObjId,
        b: ObjId,
        inplace: bool,
    ) -> super::exception::Exc {
        let (ta, tb) = (self.type_name(heap, a), self.type_name(heap, b));
        // Sequences' own concatenation messages.
        if op == BinOp::Add && ta != tb {
            match heap.kind(a) {
                Kind::Str(_) => {
                    return type_error(format!("can only concatenate str (not \"{tb}\") to str"))
                }
                Kind::List(..) => {
                    return type_error(format!("can only concatenate list (not \"{tb}\") to list"))
                }
                Kind::Tuple(_) => {
                    return type_error(format!(
                        "can only concatenate tuple (not \"{tb}\") to tuple"
                    ))
                }
                _ => {}
            }
        }
        if op == BinOp::Mul {
            let seq = |k: &Kind| {
                matches!(
                    k,
                    Kind::Str(_) | Kind::List(..) | Kind::Tuple(_) | Kind::Bytes(_)
                )
            };
            if seq(heap.kind(a)) || seq(heap.kind(b)) {
                let other = if seq(heap.kind(a)) { &tb } else { &ta };
                return type_error(format!(
                    "can't multiply sequence by non-int of type '{other}'"
                ));
            }
        }
        let sym = if inplace {
            format!("{}=", op.symbol().trim_end_matches(" or pow()"))
        } else {
            op.symbol().to_string()
        };
        type_error(format!(
            "unsupported operand type(s) for {sym}: '{ta}' and '{tb}'"
        ))
    }

    /// `-a`, `+a`, `~a`.
    pub(crate) fn unary_op(&mut self, heap: &mut Heap, op: UnOp, a: ObjId) -> R<ObjId> {
        if let Some(r) = self.builtin_unary(heap, op, a) {
            return r;
        }
        // `+counter` and `-counter`: an empty Counter plus or minus it.
        if matches!(op, UnOp::Pos | UnOp::Neg)
            && matches!(heap.kind(a), Kind::Dict(d) if T::of_dict(d.subtype) == T::Counter)
        {
            let empty = self.new_dict_subtype(heap, T::Counter, None);
            let (x, y, bin) = match op {
                UnOp::Pos => (a, empty, BinOp::Add),
                _ => (empty, a, BinOp::Sub),
            };
            let r = self.counter_binary(heap, bin, x, y);
            heap.decref(self, empty);
            if let Some(r) = r {
                return r;
            }
        }
        let name = match op {
            UnOp::Neg => "__neg__",
            UnOp::Pos => "__pos__",
            UnOp::Invert => "__invert__",
            UnOp::Not => "__bool__",
        };
        let class = self.type_of(heap, a);
        if let Some(f) = self.user_method(heap, class, name) {
            heap.incref(f);
            let r = self.call_method_with(heap, f, a, &[]);
            heap.decref(self, f);
            return r;
        }
        let sym = match op {
            UnOp::Neg => "-",
            UnOp::Pos => "+",
            UnOp::Invert => "~",
            UnOp::Not => "not",
        };
        let t = self.type_name(heap, a);
        Err(type_error(format!(
            "bad operand type for unary {sym}: '{t}'"
        )))
    }

    // ----------------------------------------------------------------------------------------
    // Truth

    /// `bool(obj)`, as `PyObject_IsTrue`.
    pub(crate) fn is_true(&mut self, heap: &mut Heap, obj: ObjId) -> R<bool> {
        Ok(match heap.kind(obj) {
            Kind::None => false,
            Kind::Bool(b) => *b,
            Kind::Int(i) => !matches!(i, IntVal::Small(0)),
            Kind::Float(f) => *f != 0.0,
            Kind::Complex(a, b) => *a != 0.0 || *b != 0.0,
            Kind::Str(s) => !s.is_empty(),
            Kind::Bytes(b) => !b.is_empty(),
            Kind::ByteArray(b, _) => !b.is_empty(),
            Kind::List(items, ..) | Kind::Tuple(items) => !items.is_empty(),
            Kind::Dict(d) => d.used > 0,
            Kind::PySet(s) => s.used > 0,
            Kind::Range(..) => self.len_of(heap, obj)? > 0,
            Kind::DictView(..) => self.len_of(heap, obj)? > 0,
            Kind::Instance(_) | Kind::Exception(_) => return self.instance_truth(heap, obj),
            Kind::Native(n) if n.ty == T::Deque as u16 => !n.refs.is_empty(),
            _ => true,
        })
    }

    /// The truth test of a conditional jump: True and False without a lookup.
    #[inline]
    pub(crate) fn is_true_fast(&mut self, heap: &mut Heap, obj: ObjId) -> R<bool> {
        if obj == heap.statics.true_ {
            return Ok(true);
        }
        if obj == heap.statics.false_ {
            return Ok(false);
        }
        self.is_true(heap, obj)
    }

    fn instance_truth(&mut self, heap: &mut Heap, obj: ObjId) -> R<bool> {
        let class = self.type_of(heap, obj);
        if let Some(f) = self.user_method(heap, class, "__bool__") {
            heap.incref(f);
            let r = self.call_method_with(heap, f, obj, &[]);
            heap.decref(self, f);
            let v = r?;
            let out = match heap.kind(v) {
                Kind::Bool(b) => Ok(*b),
                _ => {
                    let t = self.type_name(heap, v);
                    Err(type_error(format!(
                        "__bool__ should return bool, returned {t}"
                    )))
                }
            };
            heap.decref(self, v);
            return out;
        }
        if let Some(f) = self.user_method(heap, class, "__len__") {
            heap.incref(f);
            let r = self.call_method_with(heap, f, obj, &[]);
            heap.decref(self, f);
            let v = r?;
            let n = self.index_value(heap, v);
            heap.decref(self, v);
            return Ok(n? != 0);
        }
        Ok(true)
    }

    // ----------------------------------------------------------------------------------------
    // Comparisons

    /// `a op b` as an object (`PyObject_RichCompare`).
    pub(crate) fn rich_compare(
        &mut self,
        heap: &mut Heap,
        a: ObjId,
        b: ObjId,
        op: CmpOp,
    ) -> R<ObjId> {
        if let Some(r) = self.builtin_compare(heap, a, b, op) {
            let v = r?;
            return Ok(heap.bool(v));
        }
        let ta = self.type_of(heap, a);
        let tb = self.type_of(heap, b);
        let fa = self.user_method(heap, ta, op.dunder());
        let fb = self.user_method(heap, tb, op.swapped().dunder());
        let b_first = ta != tb && fb.is_some() && self.is_subclass(heap, tb, ta);
        if b_first {
            if let Some(v) = self.try_dunder(heap, fb, b, a)? {
                return Ok(v);
            }
        }
        if let Some(v) = self.try_dunder(heap, fa, a, b)? {
            return Ok(v);
        }
        if !b_first {
            if let Some(v) = self.try_dunder(heap, fb, b, a)? {
                return Ok(v);
            }
        }
        // `!=` inverts a user `__eq__`.
        if op == CmpOp::Ne {
            let fe = self.user_method(heap, ta, "__eq__");
            if let Some(v) = self.try_dunder(heap, fe, a, b)? {
                let t = self.is_true(heap, v);
                heap.decref(self, v);
                return Ok(heap.bool(!t?));
            }
        }
        match op {
            CmpOp::Eq => Ok(heap.bool(a == b)),
            CmpOp::Ne => Ok(heap.bool(a != b)),
            _ => {
                let (na, nb) = (self.type_name(heap, a), self.type_name(heap, b));
                Err(type_error(format!(
                    "'{}' not supported between instances of '{na}' and '{nb}'",
                    op.symbol()
                )))
            }
        }
    }

    /// `a op b` as a truth value.
    /// `_odict_keys_equal`: the same keys in the same order (compared with `==`).
    fn ordered_keys_equal(&mut self, heap: &mut Heap, a: ObjId, b: ObjId) -> R<bool> {
        let keys = |heap: &Heap, x: ObjId| -> Vec<ObjId> {
            match heap.kind(x) {
                Kind::Dict(d) => d.iter().map(|(k, _)| k).collect(),
                _ => Vec::new(),
            }
        };
        let (ka, kb) = (keys(heap, a), keys(heap, b));
        if ka.len() != kb.len() {
            return Ok(false);
        }
        for (x, y) in ka.into_iter().zip(kb) {
            if x != y && !self.eq(heap, x, y)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    pub(crate) fn compare_bool(
        &mut self,
        heap: &mut Heap,
        a: ObjId,
        b: ObjId,
        op: CmpOp,
    ) -> R<bool> {
        if let Some(r) = self.builtin_compare(heap, a, b, op) {
            return r;
        }
        let v = self.rich_compare(heap, a, b, op)?;
        let t = self.is_true_fast(heap, v);
        heap.decref(self, v);
        t
    }

    /// `a == b` with the identity shortcut containers use (`PyObject_RichCompareBool`).
    pub(crate) fn eq(&mut self, heap: &mut Heap, a: ObjId, b: ObjId) -> R<bool> {
        if a == b {
            return Ok(true);
        }
        self.compare_bool(heap, a, b, CmpOp::Eq)
    }

    /// `a < b` as an ordering for sorting (`<` only, as `list.sort` uses).
    pub(crate) fn less_than(&mut self, heap: &mut Heap, a: ObjId, b: ObjId) -> R<bool> {
        self.compare_bool(heap, a, b, CmpOp::Lt)
    }

    /// Comparisons between builtin values: `None` when a user method decides.
    fn builtin_compare(
        &mut self,
        heap: &mut Heap,
        a: ObjId,
        b: ObjId,
        op: CmpOp,
    ) -> Option<R<bool>> {
        // Numbers.
        if let (Some(x), Some(y)) = (self.number(heap, a), self.number(heap, b)) {
            return Some(Ok(match super::builtins::float::compare_numbers(&x, &y) {
                Some(o) => op.holds(o),
                None => op == CmpOp::Ne, // NaN
            }));
        }
        match (heap.kind(a), heap.kind(b)) {
            (Kind::Str(x), Kind::Str(y)) => Some(Ok(op.holds(x.as_ref().cmp(y.as_ref())))),
            (Kind::Bytes(x), Kind::Bytes(y)) => Some(Ok(op.holds(x.as_ref().cmp(y.as_ref())))),
            (Kind::ByteArray(x, _), Kind::ByteArray(y, _)) => Some(Ok(op.holds(x.cmp(y)))),
            (Kind::Bytes(x), Kind::ByteArray(y, _)) => {
                Some(Ok(op.holds(x.as_ref().cmp(y.as_slice()))))
            }
            (Kind::ByteArray(x, _), Kind::Bytes(y)) => {
                Some(Ok(op.holds(x.as_slice().cmp(y.as_ref()))))
            }
            (Kind::List(..), Kind::List(..)) | (Kind::Tuple(_), Kind::Tuple(_)) => {
                Some(self.compare_sequences(heap, a, b, op))
            }
            // `meth_richcompare`: the same C function bound to the same object.
            (Kind::BuiltinFn(f1, s1), Kind::BuiltinFn(f2, s2))
                if matches!(op, CmpOp::Eq | CmpOp::Ne) =>
            {
                Some(Ok((f1 == f2 && s1 == s2) == (op == CmpOp::Eq)))
            }
            // `method_richcompare`: the same function bound to the same object (identity of
            // `__self__` since 3.8).
            (Kind::Method(f1, s1), Kind::Method(f2, s2)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
                let (f1, f2, same_self) = (*f1, *f2, s1 == s2);
                let eq = if same_self {
                    heap.incref(f1);
                    heap.incref(f2);
                    let r = self.eq(heap, f1, f2);
                    heap.decref(self, f1);
                    heap.decref(self, f2);
                    match r {
                        Ok(e) => e,
                        Err(e) => return Some(Err(e)),
                    }
                } else {
                    false
                };
                Some(Ok(eq == (op == CmpOp::Eq)))
            }
            (Kind::Dict(_), Kind::Dict(_)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
                // Two OrderedDicts are equal only with their keys in the same order.
                let both_ordered = [a, b].iter().all(|&x| {
                    matches!(heap.kind(x), Kind::Dict(d) if T::of_dict(d.subtype) == T::OrderedDict)
                });
                let r = match self.dict_eq(heap, a, b) {
                    Ok(true) if both_ordered => self.ordered_keys_equal(heap, a, b),
                    other => other,
                };
                Some(r.map(|e| e == (op == CmpOp::Eq)))
            }
            (Kind::PySet(_), Kind::PySet(_)) => Some(self.set_compare(heap, a, b, op)),
            // Weak references are equal when their referents are (both alive), else when they
            // are the same reference.
            (Kind::WeakRef(x, _, tx), Kind::WeakRef(y, _, ty))
                if matches!(op, CmpOp::Eq | CmpOp::Ne)
                    && *tx == T::WeakRef as u16
                    && *ty == T::WeakRef as u16 =>
            {
                let eq = match (*x, *y) {
                    (Some(x), Some(y)) => {
                        heap.incref(x);
                        heap.incref(y);
                        let r = self.eq(heap, x, y);
                        heap.decref(self, x);
                        heap.decref(self, y);
                        match r {
                            Ok(e) => e,
                            Err(e) => return Some(Err(e)),
                        }
                    }
                    _ => a == b,
                };
                Some(Ok(eq == (op == CmpOp::Eq)))
            }
            (Kind::Range(..), Kind::Range(..)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
                let (x, y) = (self.range_items_key(heap, a), self.range_items_key(heap, b));
                Some(Ok((x == y) == (op == CmpOp::Eq)))
            }
            (Kind::DictView(_, vk), Kind::DictView(_, wk)) if *vk != 1 && *wk != 1 => {
                Some(self.view_compare(heap, a, b, op))
            }
            _ => {
                let user = matches!(
                    heap.kind(a),
                    Kind::Instance(_) | Kind::Exception(_) | Kind::Class(_)
                ) || matches!(
                    heap.kind(b),
                    Kind::Instance(_) | Kind::Exception(_) | Kind::Class(_)
                );
                if user {
                    return None;
                }
                match op {
                    CmpOp::Eq => Some(Ok(a == b)),
                    CmpOp::Ne => Some(Ok(a != b)),
                    _ => {
                        let (na, nb) = (self.type_name(heap, a), self.type_name(heap, b));
                        Some(Err(type_error(format!(
                            "'{}' not supported between instances of '{na}' and '{nb}'",
                            op.symbol()
                        ))))
                    }
                }
            }
        }
    }

    /// Lexicographic comparison of two lists or two tuples (items compared with `==` first).
    fn compare_sequences(&mut self, heap: &mut Heap, a: ObjId, b: ObjId, op: CmpOp) -> R<bool> {
        let items = |heap: &Heap, o: ObjId| match heap.kind(o) {
            Kind::List(items, ..) | Kind::Tuple(items) => items.clone(),
            _ => Vec::new(),
        };
        let (x, y) = (items(heap, a), items(heap, b));
        if matches!(op, CmpOp::Eq | CmpOp::Ne) && x.len() != y.len() {
            return Ok(op == CmpOp::Ne);
        }
        let n = x.len().min(y.len());
        for i in 0..n {
            // The items may be changed by __eq__: keep them alive while comparing.
            let (p, q) = (x[i], y[i]);
            heap.incref(p);
            heap.incref(q);
            let e = self.eq(heap, p, q);
            let e = match e {
                Ok(e) => e,
                Err(err) => {
                    heap.decref(self, p);
                    heap.decref(self, q);
                    return Err(err);
                }
            };
            if !e {
                let r = match op {
                    CmpOp::Eq => Ok(false),
                    CmpOp::Ne => Ok(true),
                    _ => self.compare_bool(heap, p, q, op),
                };
                heap.decref(self, p);
                heap.decref(self, q);
                return r;
            }
            heap.decref(self, p);
            heap.decref(self, q);
        }
        Ok(op.holds(x.len().cmp(&y.len())))
    }

    /// An ordering of two values for `sorted()`, `min()`, `max()`: by `<` in both directions.
    pub(crate) fn ordering(&mut self, heap: &mut Heap, a: ObjId, b: ObjId) -> R<Ordering> {
        if self.less_than(heap, a, b)? {
            return Ok(Ordering::Less);
        }
        if self.less_than(heap, b, a)? {
            return Ok(Ordering::Greater);
        }
        Ok(Ordering::Equal)
    }

    // ----------------------------------------------------------------------------------------
    // Membership

    /// `item in container`.
    pub(crate) fn contains(&mut self, heap: &mut Heap, container: ObjId, item: ObjId) -> R<bool> {
        match heap.kind(container) {
            Kind::List(items, ..) | Kind::Tuple(items) => {
                let items = items.clone();
                for it in items {
                    if it == item || self.eq(heap, it, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Kind::Str(s) => match heap.kind(item) {
                Kind::Str(sub) => Ok(s.contains(sub.as_ref())),
                _ => {
                    let t = self.type_name(heap, item);
                    Err(type_error(format!(
                        "'in <string>' requires string as left operand, not {t}"
                    )))
                }
            },
            Kind::Bytes(b) => {
                let b = b.clone();
                match heap.kind(item) {
                    Kind::Bytes(sub) => {
                        Ok(sub.is_empty() || b.windows(sub.len()).any(|w| w == &sub[..]))
                    }
                    Kind::Int(IntVal::Small(v)) => Ok(b.contains(&(*v as u8))),
                    _ => Err(type_error("a bytes-like object is required")),
                }
            }
            Kind::Dict(_) => self.dict_contains(heap, container, item),
            Kind::PySet(_) => self.set_contains(heap, container, item),
            Kind::Range(..) => self.range_contains(heap, container, item),
            Kind::DictView(d, kind) => {
                let (d, kind) = (*d, *kind);
                match kind {
                    0 => self.dict_contains(heap, d, item),
                    1 => {
                        let vals: Vec<ObjId> = match heap.kind(d) {
                            Kind::Dict(dd) => dd.iter().map(|(_, v)| v).collect(),
                            _ => Vec::new(),
                        };
                        for v in vals {
                            if self.eq(heap, v, item)? {
                                return Ok(true);
                            }
                        }
                        Ok(false)
                    }
                    _ => {
                        let (k, v) = match heap.kind(item) {
                            Kind::Tuple(t) if t.len() == 2 => (t[0], t[1]),
                            _ => return Ok(false),
                        };
                        match self.dict_lookup(heap, d, k)? {
                            Some(found) => self.eq(heap, found, v),
                            None => Ok(false),
                        }
                    }
                }
            }
            _ => {
                let class = self.type_of(heap, container);
                if let Some(f) = self.user_method(heap, class, "__contains__") {
                    heap.incref(f);
                    let r = self.call_method_with(heap, f, container, &[item]);
                    heap.decref(self, f);
                    let v = r?;
                    let t = self.is_true(heap, v);
                    heap.decref(self, v);
                    return t;
                }
                // Iterate.
                let it = match self.get_iter(heap, container) {
                    Ok(it) => it,
                    Err(e) => {
                        if self.err_matches(heap, &e, T::TypeError) {
                            let t = self.type_name(heap, container);
                            return Err(type_error(format!(
                                "argument of type '{t}' is not iterable"
                            )));
                        }
                        return Err(e);
                    }
                };
                loop {
                    match self.iter_next(heap, it) {
                        Ok(Some(v)) => {
                            let e = self.eq(heap, v, item);
                            heap.decref(self, v);
                            match e {
                                Ok(true) => {
                                    heap.decref(self, it);
                                    return Ok(true);
                                }
                                Ok(false) => {}
                                Err(err) => {
                                    heap.decref(self, it);
                                    return Err(err);
                                }
                            }
                        }
                        Ok(None) => {
                            heap.decref(self, it);
                            return Ok(false);
                        }
                        Err(e) => {
                            heap.decref(self, it);
                            return Err(e);
                        }
                    }
                }
            }
        }
    }

    /// An integer value (`__index__`): ints, bools, and user classes defining `__index__`.
    pub(crate) fn index_value(&mut self, heap: &mut Heap, v: ObjId) -> R<i64> {
        match heap.kind(v) {
            Kind::Int(IntVal::Small(i)) => Ok(*i),
            Kind::Bool(b) => Ok(i64::from(*b)),
            Kind::Int(IntVal::Big(_)) => Err(super::exception::err(
                T::OverflowError,
                "Python int too large to convert to C ssize_t",
            )),
            _ => {
                let class = self.type_of(heap, v);
                if let Some(f) = self.user_method(heap, class, "__index__") {
                    heap.incref(f);
                    let r = self.call_method_with(heap, f, v, &[]);
                    heap.decref(self, f);
                    let r = r?;
                    let out = self.index_value(heap, r);
                    heap.decref(self, r);
                    return out;
                }
                let t = self.type_name(heap, v);
                Err(type_error(format!(
                    "'{t}' object cannot be interpreted as an integer"
                )))
            }
        }
    }
}
