//! Iteration: `iter()` for every iterable (sequences, dicts and their views, sets, ranges,
//! generators, `__iter__`/`__next__` classes, the old `__getitem__` protocol), one step of any
//! iterator, unpacking, and `len()`. A sequence iterator lets go of its sequence when it is
//! exhausted, as CPython's do.

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{IntVal, Kind, SeqOf};

use super::builtins::T;
use super::exception::{err, type_error, value_error, R};
use super::generator::Sent;
use super::Vm;

impl Vm {
    /// `iter(obj)`: a new reference to an iterator.
    pub(crate) fn get_iter(&mut self, heap: &mut Heap, obj: ObjId) -> R<ObjId> {
        match heap.kind(obj) {
            Kind::List(..)
            | Kind::Tuple(_)
            | Kind::Str(_)
            | Kind::Bytes(_)
            | Kind::ByteArray(..) => {
                let of = match heap.kind(obj) {
                    Kind::List(..) => SeqOf::List,
                    Kind::Tuple(_) => SeqOf::Tuple,
                    Kind::Str(s) if self.minor >= 12 && s.is_ascii() => SeqOf::AsciiStr,
                    Kind::Str(_) => SeqOf::Str,
                    Kind::Bytes(_) => SeqOf::Bytes,
                    _ => SeqOf::ByteArray,
                };
                heap.incref(obj);
                Ok(heap.alloc(self, Kind::SeqIter(Some(obj), 0, of)))
            }
            Kind::Range(start, stop, step) => {
                let (start, stop, step) = (*start, *stop, *step);
                let size = if self.minor >= 12 { 40 } else { 48 };
                Ok(heap.alloc_sized(self, Kind::RangeIter(start, stop, step), Some(size)))
            }
            Kind::Dict(_) => Ok(self.dict_iter(heap, obj, 0)),
            Kind::DictView(d, kind) => {
                let (d, kind) = (*d, *kind);
                Ok(self.dict_iter(heap, d, kind))
            }
            Kind::PySet(_) => Ok(self.set_iter(heap, obj)),
            Kind::Generator(_) | Kind::SeqIter(..) | Kind::RangeIter(..) => {
                heap.incref(obj);
                Ok(obj)
            }
            Kind::Native(n) if self.native_is_iterator(n.ty) => {
                heap.incref(obj);
                Ok(obj)
            }
            Kind::Native(n) if n.ty == T::Deque as u16 => Ok(self.deque_iter(heap, obj)),
            _ => {
                let class = self.type_of(heap, obj);
                if let Some(f) = self.user_method(heap, class, "__iter__") {
                    if matches!(heap.kind(f), Kind::None) {
                        let t = self.type_name(heap, obj);
                        return Err(type_error(format!("'{t}' object is not iterable")));
                    }
                    heap.incref(f);
                    let r = self.call_method_with(heap, f, obj, &[]);
                    heap.decref(self, f);
                    let it = r?;
                    // The result must be an iterator.
                    if !self.is_iterator(heap, it) {
                        let t = self.type_name(heap, it);
                        heap.decref(self, it);
                        return Err(type_error(format!(
                            "iter() returned non-iterator of type '{t}'"
                        )));
                    }
                    return Ok(it);
                }
                if self.user_method(heap, class, "__getitem__").is_some() {
                    heap.incref(obj);
                    return Ok(heap.alloc(self, Kind::SeqIter(Some(obj), 0, SeqOf::Other)));
                }
                let t = self.type_name(heap, obj);
                Err(type_error(format!("'{t}' object is not iterable")))
            }
        }
    }

    /// Whether an object is an iterator (has `__next__`).
    pub(crate) fn is_iterator(&mut self, heap: &mut Heap, obj: ObjId) -> bool {
        match heap.kind(obj) {
            Kind::SeqIter(..) | Kind::RangeIter(..) | Kind::Generator(_) => true,
            Kind::Native(n) => self.native_is_iterator(n.ty),
            _ => {
                let class = self.type_of(heap, obj);
                self.user_method(heap, class, "__next__").is_some()
            }
        }
    }

    /// One step of an iterator: `Some(item)` (new reference), or `None` when it is exhausted.
    pub(crate) fn iter_next(&mut self, heap: &mut Heap, it: ObjId) -> R<Option<ObjId>> {
        // Builtins iterate without running statements: their items count as steps, checked
        // every 4096 (and the simulated memory, which the items may fill).
        self.step_deadline = self.step_deadline.saturating_sub(1);
        if self.step_deadline.is_multiple_of(4096) {
            if self.steps > self.step_deadline {
                return Err(self.step_limit_error(heap));
            }
            if let Some(msg) = &self.stopped {
                return Err(super::exception::limit(msg.clone()));
            }
            if heap.alloc.take_exhausted() {
                return Err(err(T::MemoryError, ""));
            }
        }
        self.for_iter_next(heap, it)
    }

    /// The next item for a `for` loop (`FOR_ITER`), whose iterations are counted as steps where
    /// the loop's body starts.
    #[inline]
    pub(crate) fn for_iter_next(&mut self, heap: &mut Heap, it: ObjId) -> R<Option<ObjId>> {
        match self.iter_next_with_value(heap, it)? {
            Ok(v) => Ok(Some(v)),
            Err(ret) => {
                heap.decref(self, ret);
                Ok(None)
            }
        }
    }

    /// One step of an iterator: `Ok(item)`, or `Err(value)` when it is exhausted (the value a
    /// generator returned, or None).
    pub(crate) fn iter_next_with_value(
        &mut self,
        heap: &mut Heap,
        it: ObjId,
    ) -> R<Result<ObjId, ObjId>> {
        match heap.kind(it) {
            Kind::SeqIter(None, ..) => Ok(Err(heap.none())),
            Kind::SeqIter(Some(seq), pos, _) => {
                let (seq, pos) = (*seq, *pos);
                let next = match heap.kind(seq) {
                    Kind::List(items, ..) | Kind::Tuple(items) => {
                        items.get(pos).copied().map(|v| {
                            heap.incref(v);
                            (v, pos + 1)
                        })
                    }
                    Kind::Str(s) => {
                        let s = s.clone();
                        match s.get(pos..).and_then(|t| t.chars().next()) {
                            Some(ch) => {
                                let o = heap.str(ch.encode_utf8(&mut [0; 4]));
                                Some((o, pos + ch.len_utf8()))
                            }
                            None => None,
                        }
                    }
                    Kind::Bytes(b) => b
                        .get(pos)
                        .copied()
                        .map(|byte| (heap.int(i64::from(byte)), pos + 1)),
                    Kind::ByteArray(b, _) => b
                        .get(pos)
                        .copied()
                        .map(|byte| (heap.int(i64::from(byte)), pos + 1)),
                    _ => {
                        // The __getitem__ protocol: IndexError or StopIteration ends it.
                        let idx = heap.int(pos as i64);
                        let r = self.getitem(heap, seq, idx);
                        heap.decref(self, idx);
                        match r {
                            Ok(v) => Some((v, pos + 1)),
                            Err(e)
                                if self.err_matches(heap, &e, T::IndexError)
                                    || self.err_matches(heap, &e, T::StopIteration) =>
                            {
                                None
                            }
                            Err(e) => return Err(e),
                        }
                    }
                };
                match next {
                    Some((v, p)) => {
                        if let Kind::SeqIter(_, pos, _) = &mut heap.get_mut(it).kind {
                            *pos = p;
                        }
                        Ok(Ok(v))
                    }
                    None => {
                        self.exhaust(heap, it, seq);
                        Ok(Err(heap.none()))
                    }
                }
            }
            Kind::RangeIter(next, stop, step) => {
                let (n, stop, step) = (*next, *stop, *step);
                if (step > 0 && n >= stop) || (step < 0 && n <= stop) {
                    return Ok(Err(heap.none()));
                }
                if let Kind::RangeIter(next, ..) = &mut heap.get_mut(it).kind {
                    *next = n.saturating_add(step);
                }
                Ok(Ok(heap.int(n)))
            }
            Kind::Generator(_) => match self.gen_send(heap, it, heap.statics.none)? {
                Sent::Yielded(v) => Ok(Ok(v)),
                Sent::Returned(v) => Ok(Err(v)),
            },
            Kind::Native(n) => {
                let ty = T::from_index(n.ty);
                match self.native_next(heap, it, ty)? {
                    Some(v) => Ok(Ok(v)),
                    None => Ok(Err(heap.none())),
                }
            }
            _ => {
                let class = self.type_of(heap, it);
                let Some(f) = self.user_method(heap, class, "__next__") else {
                    let t = self.type_name(heap, it);
                    return Err(type_error(format!("'{t}' object is not an iterator")));
                };
                heap.incref(f);
                let r = self.call_method_with(heap, f, it, &[]);
                heap.decref(self, f);
                match r {
                    Ok(v) => Ok(Ok(v)),
                    Err(e) if self.err_matches(heap, &e, T::StopIteration) => {
                        let exc = self.normalize(heap, e)?;
                        let v = self.stop_iteration_value(heap, exc);
                        heap.decref(self, exc);
                        Ok(Err(v))
                    }
                    Err(e) => Err(e),
                }
            }
        }
    }

    /// An exhausted sequence iterator lets go of its sequence.
    fn exhaust(&mut self, heap: &mut Heap, it: ObjId, seq: ObjId) {
        if let Kind::SeqIter(s, ..) = &mut heap.get_mut(it).kind {
            *s = None;
        }
        heap.decref(self, seq);
    }

    /// The tuple an iterator (`enumerate`, `zip`, a dict items iterator) keeps in reference
    /// slot `slot` to hand out again: refilled in place with `items` (owned) when nobody else
    /// holds it any more, as CPython does (and tracked again: the collector may have
    /// untracked it); otherwise a new tuple, created untracked when `fresh_untracked` (the
    /// newer versions' `_PyTuple_FromPair`) and no item's type is a GC type.
    pub(crate) fn recycle_result(
        &mut self,
        heap: &mut Heap,
        it: ObjId,
        slot: usize,
        items: Vec<ObjId>,
        fresh_untracked: bool,
    ) -> ObjId {
        let r = match heap.kind(it) {
            Kind::Native(n) => n.refs.get(slot).copied().flatten(),
            _ => None,
        };
        if let Some(r) = r {
            let fits = matches!(heap.kind(r), Kind::Tuple(t) if t.len() == items.len());
            if fits && heap.get(r).refcnt == 1 {
                heap.incref(r);
                let old = match &mut heap.get_mut(r).kind {
                    Kind::Tuple(t) => std::mem::replace(t, items),
                    _ => Vec::new(),
                };
                for o in old {
                    heap.decref(self, o);
                }
                if !heap.get(r).is_tracked() {
                    heap.track(r);
                }
                return r;
            }
        }
        if fresh_untracked {
            heap.tuple_from_array(self, items)
        } else {
            heap.tuple(self, items)
        }
    }

    /// The heap limit was reached: the run stops.
    pub(crate) fn heap_limit_error(&self, heap: &Heap) -> super::exception::Exc {
        super::exception::limit(format!(
            "{}:{}: object limit reached ({} live objects, pymemsim's own memory guard); \
             raise it with --heap-limit",
            self.path, self.line, heap.config.heap_limit_objects
        ))
    }

    /// Runs `f`, which goes through `src` (with [`Vm::collect_iterable`]), with the iterator
    /// `PyObject_GetIter` makes for a list, tuple or set alive around it: the builtins that loop
    /// over any iterable (`min`, `max`, `sum`, `set()`, `dict(pairs)`, `deque()`,
    /// `dict.fromkeys`...) make one, where pymemsim reads those items directly. It shows in
    /// `gc.get_count()` from 3.14, whose list and tuple iterators come from free lists.
    pub(crate) fn with_iteration<U>(
        &mut self,
        heap: &mut Heap,
        src: ObjId,
        f: impl FnOnce(&mut Self, &mut Heap) -> R<U>,
    ) -> R<U> {
        let it = match heap.kind(src) {
            Kind::List(..) | Kind::Tuple(_) | Kind::PySet(_) => Some(self.get_iter(heap, src)?),
            _ => None,
        };
        let r = f(self, heap);
        if let Some(it) = it {
            heap.decref(self, it);
        }
        r
    }

    /// Every item of an iterable (new references).
    pub(crate) fn collect_iterable(&mut self, heap: &mut Heap, obj: ObjId) -> R<Vec<ObjId>> {
        match heap.kind(obj) {
            Kind::List(items, ..) | Kind::Tuple(items) => {
                let items = items.clone();
                for &i in &items {
                    heap.incref(i);
                }
                return Ok(items);
            }
            Kind::PySet(s) => {
                let items: Vec<ObjId> = s.keys().collect();
                for &i in &items {
                    heap.incref(i);
                }
                return Ok(items);
            }
            _ => {}
        }
        let it = self.get_iter(heap, obj)?;
        let mut out = Vec::new();
        loop {
            match self.iter_next(heap, it) {
                Ok(Some(v)) => out.push(v),
                Ok(None) => break,
                Err(e) => {
                    heap.decref(self, it);
                    for v in out {
                        heap.decref(self, v);
                    }
                    return Err(e);
                }
            }
            if heap.limit_hit
                || heap.alloc.is_exhausted()
                || (out.len().is_multiple_of(4096)
                    && (!heap.alloc.can_allocate(out.len() as u128 * 8)
                        || out.len() as u128 * 8 > super::builtins::list::MAX_OBJECT_BYTES))
            {
                heap.decref(self, it);
                for v in out {
                    heap.decref(self, v);
                }
                if heap.limit_hit {
                    return Err(self.heap_limit_error(heap));
                }
                heap.alloc.take_exhausted();
                return Err(err(T::MemoryError, ""));
            }
        }
        heap.decref(self, it);
        Ok(out)
    }

    /// Unpacks `seq` into `n` items (`UNPACK_SEQUENCE`), or with a starred target after
    /// `star` items (`UNPACK_EX`: the starred items become a list): new references.
    pub(crate) fn unpack(
        &mut self,
        heap: &mut Heap,
        seq: ObjId,
        n: usize,
        star: Option<usize>,
    ) -> R<Vec<ObjId>> {
        let items = match heap.kind(seq) {
            Kind::List(items, ..) | Kind::Tuple(items) => {
                let items = items.clone();
                for &i in &items {
                    heap.incref(i);
                }
                items
            }
            _ => match self.collect_iterable(heap, seq) {
                Ok(v) => v,
                Err(e) => {
                    if self.err_matches(heap, &e, T::TypeError) && !self.is_iterable(heap, seq) {
                        let t = self.type_name(heap, seq);
                        return Err(type_error(format!("cannot unpack non-iterable {t} object")));
                    }
                    return Err(e);
                }
            },
        };
        let got = items.len();
        match star {
            None => {
                if got != n {
                    for i in items {
                        heap.decref(self, i);
                    }
                    return Err(if got < n {
                        value_error(format!(
                            "not enough values to unpack (expected {n}, got {got})"
                        ))
                    } else if self.minor >= 14
                        && matches!(
                            heap.kind(seq),
                            Kind::List(..) | Kind::Tuple(_) | Kind::Str(_) | Kind::Dict(_)
                        )
                    {
                        value_error(format!(
                            "too many values to unpack (expected {n}, got {got})"
                        ))
                    } else {
                        value_error(format!("too many values to unpack (expected {n})"))
                    });
                }
                Ok(items)
            }
            Some(before) => {
                let after = n - before;
                if got < n {
                    for i in items {
                        heap.decref(self, i);
                    }
                    return Err(value_error(format!(
                        "not enough values to unpack (expected at least {n}, got {got})"
                    )));
                }
                let mut items = items;
                let tail = items.split_off(got - after);
                let middle = items.split_off(before);
                let list = self.new_list(heap, middle);
                items.push(list);
                items.extend(tail);
                Ok(items)
            }
        }
    }

    /// Whether `iter(obj)` would succeed (without making an iterator).
    fn is_iterable(&mut self, heap: &mut Heap, obj: ObjId) -> bool {
        match heap.kind(obj) {
            Kind::Instance(_) => {
                let class = self.type_of(heap, obj);
                self.user_method(heap, class, "__iter__").is_some()
                    || self.user_method(heap, class, "__getitem__").is_some()
            }
            Kind::Int(_) | Kind::Float(_) | Kind::None | Kind::Bool(_) | Kind::Function(_) => false,
            _ => true,
        }
    }

    /// Whether `len(obj)` is defined (`_PyObject_HasLen`: the type has a length slot).
    pub(crate) fn has_len(&mut self, heap: &mut Heap, obj: ObjId) -> bool {
        match heap.kind(obj) {
            Kind::Str(_)
            | Kind::Bytes(_)
            | Kind::ByteArray(..)
            | Kind::List(..)
            | Kind::Tuple(_)
            | Kind::Dict(_)
            | Kind::PySet(_)
            | Kind::Range(..)
            | Kind::DictView(..) => true,
            Kind::Native(n) => n.ty == T::Deque as u16,
            Kind::Instance(_) => {
                let class = self.type_of(heap, obj);
                self.user_method(heap, class, "__len__").is_some()
            }
            _ => false,
        }
    }

    /// `PyObject_LengthHint(obj, default)`: `len(obj)` when it has one, else what its
    /// `__length_hint__` says (builtin iterators: the items left), else `default`.
    pub(crate) fn length_hint(&mut self, heap: &mut Heap, obj: ObjId, default: usize) -> R<usize> {
        if self.has_len(heap, obj) {
            return match self.len_of(heap, obj) {
                Ok(n) => Ok(n),
                Err(e) if self.err_matches(heap, &e, T::TypeError) => Ok(default),
                Err(e) => Err(e),
            };
        }
        let left = |from: usize, to: usize| to.saturating_sub(from);
        Ok(match heap.kind(obj) {
            Kind::SeqIter(None, ..) => 0,
            Kind::SeqIter(Some(seq), pos, _) => {
                let (seq, pos) = (*seq, *pos);
                let known = match heap.kind(seq) {
                    Kind::List(v, ..) | Kind::Tuple(v) => Some(left(pos, v.len())),
                    Kind::Str(t) => Some(t.get(pos..).map_or(0, |r| r.chars().count())),
                    Kind::Bytes(b) => Some(left(pos, b.len())),
                    Kind::ByteArray(b, _) => Some(left(pos, b.len())),
                    _ => None,
                };
                match known {
                    Some(n) => n,
                    // The `__getitem__` protocol's iterator: the sequence's length if it has one.
                    None if self.has_len(heap, seq) => match self.len_of(heap, seq) {
                        Ok(n) => left(pos, n),
                        Err(e) if self.err_matches(heap, &e, T::TypeError) => default,
                        Err(e) => return Err(e),
                    },
                    None => default,
                }
            }
            Kind::RangeIter(next, stop, step) => {
                let (n, stop, step) = (*next, *stop, *step);
                super::builtins::range::range_len(n, stop, step).max(0) as usize
            }
            Kind::Native(nd) => {
                let t = T::from_index(nd.ty);
                match t {
                    T::DictKeyIterator | T::DictValueIterator | T::DictItemIterator => {
                        match nd.refs[0].map(|d| heap.kind(d)) {
                            Some(Kind::Dict(d)) if nd.nums[1] >= 0 => d
                                .entries
                                .get(nd.nums[0] as usize..)
                                .map_or(0, |e| e.iter().flatten().count()),
                            _ => 0,
                        }
                    }
                    T::SetIterator => match nd.refs[0] {
                        Some(s) if nd.nums[1] >= 0 => match heap.kind(s) {
                            Kind::PySet(d) => d.table.get(nd.nums[0] as usize..).map_or(0, |e| {
                                e.iter()
                                    .filter(|e| {
                                        e.key != crate::engine::object::NO_OBJ
                                            && e.key != crate::engine::object::SET_DUMMY
                                    })
                                    .count()
                            }),
                            _ => 0,
                        },
                        _ => 0,
                    },
                    T::ListReverseIterator | T::Reversed | T::DictReverseKeyIterator => {
                        if nd.refs[0].is_some() {
                            (nd.nums[0] + 1).max(0) as usize
                        } else {
                            0
                        }
                    }
                    T::Repeat if nd.nums[0] >= 0 => nd.nums[0] as usize,
                    _ => default,
                }
            }
            Kind::Instance(_) => {
                let class = self.type_of(heap, obj);
                let Some(f) = self.user_method(heap, class, "__length_hint__") else {
                    return Ok(default);
                };
                heap.incref(f);
                let r = self.call_method_with(heap, f, obj, &[]);
                heap.decref(self, f);
                let v = match r {
                    Ok(v) => v,
                    Err(e) if self.err_matches(heap, &e, T::TypeError) => return Ok(default),
                    Err(e) => return Err(e),
                };
                if v == heap.statics.not_implemented {
                    heap.decref(self, v);
                    return Ok(default);
                }
                let n = match heap.kind(v) {
                    Kind::Int(IntVal::Small(n)) => Some(*n),
                    Kind::Bool(b) => Some(i64::from(*b)),
                    _ => None,
                };
                let t = self.type_name(heap, v);
                heap.decref(self, v);
                match n {
                    Some(n) if n < 0 => {
                        return Err(value_error("__length_hint__() should return >= 0"))
                    }
                    Some(n) => n as usize,
                    None => {
                        return Err(type_error(format!(
                            "__length_hint__ must be an integer, not {t}"
                        )))
                    }
                }
            }
            _ => default,
        })
    }

    /// `len(obj)`.
    pub(crate) fn len_of(&mut self, heap: &mut Heap, obj: ObjId) -> R<usize> {
        Ok(match heap.kind(obj) {
            Kind::Str(s) => s.chars().count(),
            Kind::Bytes(b) => b.len(),
            Kind::ByteArray(b, _) => b.len(),
            Kind::List(items, ..) | Kind::Tuple(items) => items.len(),
            Kind::Dict(d) => d.used,
            Kind::PySet(s) => s.used,
            Kind::Range(start, stop, step) => {
                super::builtins::range::range_len(*start, *stop, *step) as usize
            }
            Kind::DictView(d, _) => match heap.kind(*d) {
                Kind::Dict(dd) => dd.used,
                _ => 0,
            },
            Kind::Native(n) if n.ty == T::Deque as u16 => n.refs.len(),
            _ => {
                let class = self.type_of(heap, obj);
                if let Some(f) = self.user_method(heap, class, "__len__") {
                    heap.incref(f);
                    let r = self.call_method_with(heap, f, obj, &[]);
                    heap.decref(self, f);
                    let v = r?;
                    let n = match heap.kind(v) {
                        Kind::Int(IntVal::Small(n)) => Ok(*n),
                        Kind::Bool(b) => Ok(i64::from(*b)),
                        _ => {
                            let t = self.type_name(heap, v);
                            Err(type_error(format!(
                                "'{t}' object cannot be interpreted as an integer"
                            )))
                        }
                    };
                    heap.decref(self, v);
                    let n = n?;
                    if n < 0 {
                        return Err(value_error("__len__() should return >= 0"));
                    }
                    return Ok(n as usize);
                }
                let t = self.type_name(heap, obj);
                return Err(type_error(format!("object of type '{t}' has no len()")));
            }
        })
    }
}
