//! `list`: indexing and slicing (assignment and deletion included), concatenation and
//! repetition with CPython's over-allocation (the engine's `list_resize`), and the methods,
//! `sort` among them (stable, `key=`, `reverse=`).

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{IntVal, Kind};

use super::super::exception::{err, type_error, value_error, R};
use super::super::Vm;
use super::{method, Args, Def, T};
use crate::python::compiler::code::BinOp;

/// The largest object (payload bytes, or 8 per item of a list or tuple) pymemsim builds,
/// whatever the simulated memory: its own copy of the payload takes as much.
pub(crate) const MAX_OBJECT_BYTES: u128 = 1 << 30;

/// Checked before an object of `bytes` is built: the `MemoryError` CPython raises when the
/// allocation fails, here when the simulated memory (`EngineConfig::memory_limit`) has no
/// room for it; past [`MAX_OBJECT_BYTES`], with a larger simulated memory, the run stops as
/// not supported.
pub(crate) fn check_object_bytes(heap: &Heap, bytes: u128) -> R<()> {
    if !heap.alloc.can_allocate(bytes) {
        return Err(err(T::MemoryError, ""));
    }
    if bytes > MAX_OBJECT_BYTES {
        return Err(super::super::exception::unsupported(format!(
            "an object of {bytes} bytes (pymemsim builds objects of up to 1 GiB)"
        )));
    }
    Ok(())
}

/// Whether the list has an item array (`ob_item != NULL`).
fn list_has_items_array(heap: &Heap, list: ObjId) -> bool {
    matches!(heap.kind(list), Kind::List(_, _, Some(_)))
}

/// A list's size and allocated slots.
fn list_len_and_capacity(heap: &Heap, list: ObjId) -> (usize, usize) {
    match heap.kind(list) {
        Kind::List(v, cap, _) => (v.len(), *cap),
        _ => (0, 0),
    }
}

fn items(heap: &Heap, o: ObjId) -> Vec<ObjId> {
    match heap.kind(o) {
        Kind::List(v, ..) | Kind::Tuple(v) => v.clone(),
        _ => Vec::new(),
    }
}

impl Vm {
    /// Appends (stealing `v`).
    pub(crate) fn list_append(&mut self, heap: &mut Heap, list: ObjId, v: ObjId) {
        heap.list_append(list, v);
    }

    /// `list.extend(src)`.
    pub(crate) fn list_extend(&mut self, heap: &mut Heap, list: ObjId, src: ObjId) -> R<()> {
        self.list_extend_impl(heap, list, src, false)
    }

    /// `list.extend(src)` (`list_extend`), or `list(src)` when `constructor` (`list___init__`
    /// first). Where the item array comes from, per version, as CPython decides it:
    /// - `list(x)` of a sized `x` preallocates `len(x)` slots (3.8-3.12);
    /// - a list or tuple is copied at once: into an empty list by preallocation (3.10+), else
    ///   by `list_resize(m + n)`;
    /// - from 3.13 a set, frozenset, dict or dict view by `list_resize(m + n)`;
    /// - anything else is iterated: room for its length hint first (8 when it has none;
    ///   preallocated into an empty list from 3.10, else by `list_resize`), each further item
    ///   appended, and the array cut back to the items at the end (`list_resize`).
    ///
    /// Preallocation (`list_preallocate_exact`) rounds up to even from 3.10.
    pub(crate) fn list_extend_impl(
        &mut self,
        heap: &mut Heap,
        list: ObjId,
        src: ObjId,
        constructor: bool,
    ) -> R<()> {
        let minor = self.minor;
        if constructor
            && minor <= 12
            && !list_has_items_array(heap, list)
            && self.has_len(heap, src)
        {
            // `iter_len == -1` with a TypeError is ignored, as CPython does.
            let n = match self.len_of(heap, src) {
                Ok(n) => n,
                Err(e) if self.err_matches(heap, &e, T::TypeError) => 0,
                Err(e) => return Err(e),
            };
            if n > 0 {
                self.list_preallocate(heap, list, n)?;
            }
        }
        let m = heap.list_len(list);
        // Lists and tuples (and the list itself): `PySequence_Fast`.
        if matches!(heap.kind(src), Kind::List(..) | Kind::Tuple(_)) || src == list {
            let new = items(heap, src);
            let n = new.len();
            if n == 0 {
                return Ok(());
            }
            check_object_bytes(heap, 8 * (m + n) as u128)?;
            for &i in &new {
                heap.incref(i);
            }
            if minor >= 10 && !list_has_items_array(heap, list) {
                self.list_preallocate(heap, list, n)?;
            } else {
                heap.list_resize(list, m + n);
            }
            if let Kind::List(v, ..) = &mut heap.get_mut(list).kind {
                v.extend(new);
            }
            return Ok(());
        }
        // 3.13+: sets, dicts and their views are copied by size.
        let by_size = minor >= 13
            && match heap.kind(src) {
                Kind::PySet(_) | Kind::DictView(..) => true,
                Kind::Dict(d) => T::of_dict(d.subtype) == T::Dict,
                _ => false,
            };
        if by_size {
            let new = match heap.kind(src) {
                // 3.14: `list_extend_dictitems` builds each pair with `_PyTuple_FromPair`
                // (untracked when neither item's type is a GC type), not through the iterator.
                Kind::DictView(d, 2) if minor >= 14 => {
                    let pairs: Vec<(ObjId, ObjId)> = match heap.kind(*d) {
                        Kind::Dict(dd) => dd.iter().collect(),
                        _ => Vec::new(),
                    };
                    let mut out = Vec::with_capacity(pairs.len());
                    for (k, v) in pairs {
                        heap.incref(k);
                        heap.incref(v);
                        out.push(heap.tuple_from_array(self, vec![k, v]));
                    }
                    out
                }
                _ => self.collect_iterable(heap, src)?,
            };
            let n = new.len();
            check_object_bytes(heap, 8 * (m + n) as u128)?;
            heap.list_resize(list, m + n);
            if let Kind::List(v, ..) = &mut heap.get_mut(list).kind {
                v.extend(new);
            }
            return Ok(());
        }
        // Any other iterable, item by item.
        let it = self.get_iter(heap, src)?;
        let hint = match self.length_hint(heap, src, 8) {
            Ok(h) => h,
            Err(e) => {
                heap.decref(self, it);
                return Err(e);
            }
        };
        if let Err(e) = check_object_bytes(heap, 8 * (m as u128 + hint as u128)) {
            heap.decref(self, it);
            return Err(e);
        }
        if minor >= 10 && !list_has_items_array(heap, list) {
            if hint > 0 {
                if let Err(e) = self.list_preallocate(heap, list, hint) {
                    heap.decref(self, it);
                    return Err(e);
                }
            }
        } else {
            heap.list_resize(list, m + hint);
        }
        loop {
            // A runaway iterable stops at the heap's object limit (checked here, not only at
            // the next statement).
            if heap.limit_hit {
                heap.decref(self, it);
                return Err(self.heap_limit_error(heap));
            }
            match self.iter_next(heap, it) {
                Ok(Some(v)) => {
                    let (len, cap) = list_len_and_capacity(heap, list);
                    if len < cap {
                        if let Kind::List(items, ..) = &mut heap.get_mut(list).kind {
                            items.push(v);
                        }
                    } else {
                        if let Err(e) = check_object_bytes(heap, 8 * (len as u128 + 1)) {
                            heap.decref(self, v);
                            heap.decref(self, it);
                            return Err(e);
                        }
                        heap.list_append(list, v);
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    heap.decref(self, it);
                    return Err(e);
                }
            }
        }
        heap.decref(self, it);
        // Cut back the array if the guess was too large.
        let (len, cap) = list_len_and_capacity(heap, list);
        if len < cap {
            heap.list_resize(list, len);
        }
        Ok(())
    }

    /// `list_preallocate_exact`: an item array for `n` items in a list that has none (rounded
    /// up to even from 3.10).
    fn list_preallocate(&mut self, heap: &mut Heap, list: ObjId, n: usize) -> R<()> {
        let cap = if self.minor >= 10 { n + (n & 1) } else { n };
        check_object_bytes(heap, 8 * cap as u128)?;
        heap.set_list_capacity(list, cap, None);
        Ok(())
    }

    /// Empties a list's item array (`list_clear`): what CPython does when a slice deletion,
    /// `remove` or (3.12+) `pop` leaves a list empty.
    pub(crate) fn list_free_items(&mut self, heap: &mut Heap, list: ObjId) {
        if let Kind::List(_, _, buffer) = heap.kind(list) {
            let buffer = *buffer;
            heap.set_list_capacity(list, 0, buffer);
        }
    }

    /// `lst[key]`.
    pub(crate) fn list_getitem(&mut self, heap: &mut Heap, list: ObjId, key: ObjId) -> R<ObjId> {
        let n = heap.list_len(list);
        if let Some(r) = self.slice_range(heap, key, n)? {
            let src = items(heap, list);
            let out: Vec<ObjId> = r.indices().map(|i| src[i]).collect();
            for &i in &out {
                heap.incref(i);
            }
            return Ok(self.new_list(heap, out));
        }
        match self.seq_index(heap, key, n, "list")? {
            Some(i) => {
                let v = items(heap, list)[i];
                heap.incref(v);
                Ok(v)
            }
            None => Err(err(T::IndexError, "list index out of range")),
        }
    }

    /// `lst[key] = value` (value stolen).
    pub(crate) fn list_setitem(
        &mut self,
        heap: &mut Heap,
        list: ObjId,
        key: ObjId,
        value: ObjId,
    ) -> R<()> {
        let n = heap.list_len(list);
        if let Some(r) = self.slice_range(heap, key, n)? {
            let new = match self.collect_iterable(heap, value) {
                Ok(v) => v,
                Err(e) => {
                    heap.decref(self, value);
                    if self.err_matches(heap, &e, T::TypeError) {
                        return Err(type_error(if r.step == 1 {
                            "can only assign an iterable"
                        } else {
                            "must assign iterable to extended slice"
                        }));
                    }
                    return Err(e);
                }
            };
            heap.decref(self, value);
            if r.step == 1 {
                let start = r.start as usize;
                let stop = (start + r.len).max(start);
                let new_len = n - r.len + new.len();
                if new_len > n {
                    heap.list_resize(list, new_len);
                }
                let old: Vec<ObjId> = match &mut heap.get_mut(list).kind {
                    Kind::List(v, ..) => v.splice(start..stop, new).collect(),
                    _ => Vec::new(),
                };
                if new_len == 0 {
                    self.list_free_items(heap, list);
                } else if new_len < n {
                    heap.list_resize(list, new_len);
                }
                // `list_ass_slice` releases the replaced items last to first.
                for o in old.into_iter().rev() {
                    heap.decref(self, o);
                }
                return Ok(());
            }
            if new.len() != r.len {
                let got = new.len();
                for o in new {
                    heap.decref(self, o);
                }
                return Err(value_error(format!(
                    "attempt to assign sequence of size {got} to extended slice of size {}",
                    r.len
                )));
            }
            let idx: Vec<usize> = r.indices().collect();
            let mut old = Vec::new();
            if let Kind::List(v, ..) = &mut heap.get_mut(list).kind {
                for (i, x) in idx.into_iter().zip(new) {
                    old.push(std::mem::replace(&mut v[i], x));
                }
            }
            for o in old {
                heap.decref(self, o);
            }
            return Ok(());
        }
        match self.seq_index(heap, key, n, "list")? {
            Some(i) => {
                let old = match &mut heap.get_mut(list).kind {
                    Kind::List(v, ..) => std::mem::replace(&mut v[i], value),
                    _ => value,
                };
                heap.decref(self, old);
                Ok(())
            }
            None => {
                heap.decref(self, value);
                Err(err(T::IndexError, "list assignment index out of range"))
            }
        }
    }

    /// `del lst[key]`.
    pub(crate) fn list_delitem(&mut self, heap: &mut Heap, list: ObjId, key: ObjId) -> R<()> {
        let n = heap.list_len(list);
        if let Some(r) = self.slice_range(heap, key, n)? {
            let order: Vec<usize> = r.indices().collect();
            let mut idx = order.clone();
            idx.sort_unstable();
            let mut removed = std::collections::HashMap::new();
            if let Kind::List(v, ..) = &mut heap.get_mut(list).kind {
                for &i in idx.iter().rev() {
                    removed.insert(i, v.remove(i));
                }
            }
            if n == removed.len() {
                self.list_free_items(heap, list);
            } else {
                heap.list_resize(list, n - removed.len());
            }
            // A plain slice is released last item first (`list_ass_slice`); an extended one in
            // the slice's order (`list_ass_subscript`).
            let release: Vec<usize> = if r.step == 1 {
                idx.into_iter().rev().collect()
            } else {
                order
            };
            for i in release {
                if let Some(o) = removed.remove(&i) {
                    heap.decref(self, o);
                }
            }
            return Ok(());
        }
        match self.seq_index(heap, key, n, "list")? {
            Some(i) => {
                let old = match &mut heap.get_mut(list).kind {
                    Kind::List(v, ..) => v.remove(i),
                    _ => return Ok(()),
                };
                // Up to 3.12 this is `list_ass_slice`, which frees the array of an emptied list;
                // 3.13's `list_ass_item` closes the gap without resizing the array; 3.14's
                // resizes it (measured).
                match self.minor {
                    13 => {}
                    m if m < 13 && n == 1 => self.list_free_items(heap, list),
                    _ => heap.list_resize(list, n - 1),
                }
                heap.decref(self, old);
                Ok(())
            }
            None => Err(err(T::IndexError, "list assignment index out of range")),
        }
    }

    /// `seq op other` for builtin sequences and sets; `None` when the dunder protocol decides.
    pub(crate) fn sequence_binary(
        &mut self,
        heap: &mut Heap,
        op: BinOp,
        a: ObjId,
        b: ObjId,
    ) -> Option<R<ObjId>> {
        if op == BinOp::Mul {
            match self.repeat_sequence(heap, a, b) {
                Ok(Some(v)) => return Some(Ok(v)),
                Ok(None) => {}
                Err(e) => return Some(Err(e)),
            }
        }
        match (op, heap.kind(a), heap.kind(b)) {
            (BinOp::Add, Kind::Str(x), Kind::Str(y)) => {
                if x.is_empty() {
                    heap.incref(b);
                    return Some(Ok(b));
                }
                if y.is_empty() {
                    heap.incref(a);
                    return Some(Ok(a));
                }
                if let Err(e) = check_object_bytes(heap, x.len() as u128 + y.len() as u128) {
                    return Some(Err(e));
                }
                let s = format!("{x}{y}");
                Some(Ok(heap.str(&s)))
            }
            (BinOp::Add, Kind::Bytes(x), Kind::Bytes(y)) => {
                let v: Vec<u8> = x.iter().chain(y.iter()).copied().collect();
                Some(Ok(heap.bytes(&v)))
            }
            (BinOp::Add, Kind::Bytes(x), Kind::ByteArray(y, _)) => {
                let v: Vec<u8> = x.iter().chain(y.iter()).copied().collect();
                Some(Ok(heap.bytes(&v)))
            }
            // A user class may still answer with `__radd__`.
            (BinOp::Add, Kind::ByteArray(..), k) if !matches!(k, Kind::Instance(_)) => {
                Some(self.bytearray_concat(heap, a, b))
            }
            (BinOp::Add, Kind::List(x, ..), Kind::List(y, ..)) => {
                let out: Vec<ObjId> = x.iter().chain(y.iter()).copied().collect();
                for &i in &out {
                    heap.incref(i);
                }
                Some(Ok(self.new_list(heap, out)))
            }
            (BinOp::Add, Kind::Tuple(x), Kind::Tuple(y)) => {
                if x.is_empty() {
                    heap.incref(b);
                    return Some(Ok(b));
                }
                if y.is_empty() {
                    heap.incref(a);
                    return Some(Ok(a));
                }
                let out: Vec<ObjId> = x.iter().chain(y.iter()).copied().collect();
                for &i in &out {
                    heap.incref(i);
                }
                Some(Ok(self.new_tuple(heap, out)))
            }
            (BinOp::Mod, Kind::Str(_), _) => {
                let fmt = self.str_value(heap, a);
                Some(self.percent_format(heap, &fmt, b).map(|s| heap.str(&s)))
            }
            (BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor, Kind::PySet(_), Kind::PySet(_)) => {
                Some(self.set_binary(heap, op, a, b))
            }
            (BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor, Kind::DictView(_, k), _)
                if *k != 1 =>
            {
                Some(self.view_set_binary(heap, op, a, b))
            }
            (BinOp::Add | BinOp::Sub | BinOp::Or | BinOp::And, Kind::Dict(_), Kind::Dict(_))
                if self.counter_binary_applies(heap, a, b) =>
            {
                self.counter_binary(heap, op, a, b)
            }
            (BinOp::Or, Kind::Dict(_), Kind::Dict(_)) if self.minor >= 9 => {
                Some(self.dict_or(heap, a, b))
            }
            _ => None,
        }
    }

    /// Whether both operands are Counters (whose operators replace the dict's).
    fn counter_binary_applies(&self, heap: &Heap, a: ObjId, b: ObjId) -> bool {
        [a, b]
            .iter()
            .all(|&x| matches!(heap.kind(x), Kind::Dict(d) if T::of_dict(d.subtype) == T::Counter))
    }

    /// In-place operations that change the object itself (`list +=`, `set |=`, `dict |=`);
    /// `None` for the rest.
    pub(crate) fn builtin_inplace(
        &mut self,
        heap: &mut Heap,
        op: BinOp,
        a: ObjId,
        b: ObjId,
    ) -> Option<R<ObjId>> {
        match (op, heap.kind(a)) {
            (BinOp::Add, Kind::List(..)) => {
                let r = self.list_extend(heap, a, b);
                Some(r.map(|()| {
                    heap.incref(a);
                    a
                }))
            }
            (BinOp::Add, Kind::ByteArray(..)) => Some(self.bytearray_iconcat(heap, a, b)),
            (BinOp::Mul, Kind::ByteArray(..)) => {
                let n = match heap.kind(b) {
                    Kind::Int(IntVal::Small(n)) => *n,
                    Kind::Bool(x) => i64::from(*x),
                    _ => return None,
                };
                Some(self.bytearray_irepeat(heap, a, n))
            }
            (BinOp::Mul, Kind::List(..)) => {
                let n = match heap.kind(b) {
                    Kind::Int(IntVal::Small(n)) => *n,
                    Kind::Bool(x) => i64::from(*x),
                    _ => return None,
                };
                Some(self.list_inplace_repeat(heap, a, n).map(|()| {
                    heap.incref(a);
                    a
                }))
            }
            (BinOp::Or | BinOp::And | BinOp::Sub | BinOp::Xor, Kind::PySet(s)) if !s.frozen => {
                if !matches!(heap.kind(b), Kind::PySet(_)) {
                    return None;
                }
                Some(self.set_inplace(heap, op, a, b).map(|()| {
                    heap.incref(a);
                    a
                }))
            }
            // `Counter += Counter` and kin change the Counter itself.
            (BinOp::Add | BinOp::Sub | BinOp::Or | BinOp::And, Kind::Dict(_))
                if self.counter_binary_applies(heap, a, b) =>
            {
                let r = self.counter_binary(heap, op, a, b)?;
                Some(r.and_then(|new| {
                    for (k, v) in heap.dict_clear(a) {
                        heap.decref(self, k);
                        heap.decref(self, v);
                    }
                    let u = self.dict_update(heap, a, new);
                    heap.decref(self, new);
                    u.map(|()| {
                        heap.incref(a);
                        a
                    })
                }))
            }
            (BinOp::Or, Kind::Dict(_)) if self.minor >= 9 => {
                let r = self.dict_update(heap, a, b);
                Some(r.map(|()| {
                    heap.incref(a);
                    a
                }))
            }
            _ => None,
        }
    }

    fn list_inplace_repeat(&mut self, heap: &mut Heap, list: ObjId, n: i64) -> R<()> {
        let src = items(heap, list);
        if n <= 0 {
            let (old, buf) = match &mut heap.get_mut(list).kind {
                Kind::List(v, alloc, buf) => {
                    *alloc = 0;
                    (std::mem::take(v), buf.take())
                }
                _ => return Ok(()),
            };
            if let Some(b) = buf {
                heap.alloc.free(b, &mut heap.log);
            }
            for o in old.into_iter().rev() {
                heap.decref(self, o);
            }
            return Ok(());
        }
        let n = n as usize;
        check_object_bytes(heap, 8 * src.len() as u128 * n as u128)?;
        let total = src.len() * n;
        heap.list_resize(list, total);
        let mut extra = Vec::with_capacity(total - src.len());
        for _ in 1..n {
            for &i in &src {
                heap.incref(i);
                extra.push(i);
            }
        }
        if let Kind::List(v, ..) = &mut heap.get_mut(list).kind {
            v.extend(extra);
        }
        Ok(())
    }

    /// `sq_repeat` of a str, bytes, list or tuple by an int (either order); `None` for other
    /// operands. A str, bytes or tuple repeated once (an empty bytes or tuple, any number of
    /// times) is the object itself.
    pub(crate) fn repeat_sequence(
        &mut self,
        heap: &mut Heap,
        l: ObjId,
        r: ObjId,
    ) -> R<Option<ObjId>> {
        fn count(k: &Kind) -> Option<i64> {
            match k {
                Kind::Int(IntVal::Small(n)) => Some(*n),
                Kind::Int(IntVal::Big(b)) => Some(if num_traits::Signed::is_negative(b) {
                    -1
                } else {
                    i64::MAX
                }),
                Kind::Bool(b) => Some(i64::from(*b)),
                _ => None,
            }
        }
        let is_sequence = |k: &Kind| {
            matches!(
                k,
                Kind::Str(_)
                    | Kind::Bytes(_)
                    | Kind::ByteArray(..)
                    | Kind::List(..)
                    | Kind::Tuple(_)
            )
        };
        let (seq, n) = match (heap.kind(l), heap.kind(r)) {
            (s, c) if is_sequence(s) => (l, count(c)),
            (c, s) if is_sequence(s) => (r, count(c)),
            _ => return Ok(None),
        };
        let Some(n) = n else { return Ok(None) };
        let n = n.max(0) as usize;
        let unchanged = |heap: &mut Heap| {
            heap.incref(seq);
            Ok(Some(seq))
        };
        match heap.kind(seq) {
            Kind::ByteArray(..) => self.bytearray_repeat(heap, seq, n as i64).map(Some),
            Kind::Str(s) => {
                if n == 0 {
                    return Ok(Some(heap.str("")));
                }
                if n == 1 {
                    return unchanged(heap);
                }
                let s = s.clone();
                if s.len() as u128 * n as u128 > i64::MAX as u128 {
                    return Err(err(T::OverflowError, "repeated string is too long"));
                }
                check_object_bytes(heap, s.len() as u128 * n as u128)?;
                let text = s.repeat(n);
                Ok(Some(heap.str(&text)))
            }
            Kind::Bytes(b) => {
                if b.len() as u128 * n as u128 > i64::MAX as u128 {
                    return Err(err(T::OverflowError, "repeated bytes are too long"));
                }
                if n == 1 || b.is_empty() {
                    return unchanged(heap);
                }
                check_object_bytes(heap, b.len() as u128 * n as u128)?;
                let v = b.repeat(n);
                // `bytes_repeat` allocates its result directly: never a shared singleton.
                Ok(Some(
                    heap.new_plain(Kind::Bytes(std::rc::Rc::from(v.as_slice()))),
                ))
            }
            Kind::Tuple(items) if n == 1 || items.is_empty() => unchanged(heap),
            Kind::List(items, ..) | Kind::Tuple(items) => {
                let is_list = matches!(heap.kind(seq), Kind::List(..));
                let items = items.clone();
                check_object_bytes(heap, 8 * items.len() as u128 * n as u128)?;
                let mut out = Vec::with_capacity(items.len() * n);
                if let &[item] = items.as_slice() {
                    out.resize(n, item);
                    heap.incref_n(item, n);
                } else if !items.is_empty() {
                    for _ in 0..n {
                        out.extend_from_slice(&items);
                    }
                    for &i in &out {
                        heap.incref(i);
                    }
                }
                Ok(Some(if is_list {
                    self.new_list(heap, out)
                } else {
                    self.new_tuple(heap, out)
                }))
            }
            _ => Ok(None),
        }
    }

    /// Sorts a list in place (`list.sort`): keys first, stable, `reverse` keeps equal items in
    /// their order.
    pub(crate) fn sort_list(
        &mut self,
        heap: &mut Heap,
        list: ObjId,
        key: Option<ObjId>,
        reverse: bool,
    ) -> R<()> {
        // The list is empty while it is being sorted (as CPython's is).
        let mut vals = match &mut heap.get_mut(list).kind {
            Kind::List(v, ..) => std::mem::take(v),
            _ => return Ok(()),
        };
        let keys = match key {
            Some(k) if !matches!(heap.kind(k), Kind::None) => {
                let mut keys = Vec::with_capacity(vals.len());
                for &v in &vals {
                    match self.call1(heap, k, &[v]) {
                        Ok(kv) => keys.push(kv),
                        Err(e) => {
                            for kv in keys {
                                heap.decref(self, kv);
                            }
                            self.restore_list(heap, list, vals);
                            return Err(e);
                        }
                    }
                }
                Some(keys)
            }
            _ => None,
        };
        let mut idx: Vec<usize> = (0..vals.len()).collect();
        if reverse {
            idx.reverse();
        }
        let cmp_keys: Vec<ObjId> = keys.clone().unwrap_or_else(|| vals.clone());
        let mut error = None;
        merge_sort(&mut idx, &mut |a, b| {
            if error.is_some() {
                return false;
            }
            match self.less_than(heap, cmp_keys[b], cmp_keys[a]) {
                Ok(lt) => lt,
                Err(e) => {
                    error = Some(e);
                    false
                }
            }
        });
        if reverse {
            idx.reverse();
        }
        if let Some(keys) = keys {
            for kv in keys {
                heap.decref(self, kv);
            }
        }
        if let Some(e) = error {
            self.restore_list(heap, list, vals);
            return Err(e);
        }
        // If the list was changed during the sort, CPython complains.
        let modified = !matches!(heap.kind(list), Kind::List(v, ..) if v.is_empty());
        let sorted: Vec<ObjId> = idx.iter().map(|&i| vals[i]).collect();
        vals.clear();
        if modified {
            for o in sorted {
                heap.decref(self, o);
            }
            return Err(value_error("list modified during sort"));
        }
        self.restore_list(heap, list, sorted);
        Ok(())
    }

    fn restore_list(&mut self, heap: &mut Heap, list: ObjId, vals: Vec<ObjId>) {
        if let Kind::List(v, ..) = &mut heap.get_mut(list).kind {
            *v = vals;
        }
    }
}

/// A stable merge sort driven by a "b < a" test (`less(a, b)` means `b` should come
/// before `a`... read as: returns true when the second index's item is smaller).
fn merge_sort(v: &mut [usize], less_ba: &mut dyn FnMut(usize, usize) -> bool) {
    let n = v.len();
    if n < 2 {
        return;
    }
    // Insertion sort for small runs.
    if n <= 16 {
        for i in 1..n {
            let mut j = i;
            while j > 0 && less_ba(v[j - 1], v[j]) {
                v.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    let mid = n / 2;
    merge_sort(&mut v[..mid], less_ba);
    merge_sort(&mut v[mid..], less_ba);
    let left = v[..mid].to_vec();
    let right = v[mid..].to_vec();
    let (mut i, mut j, mut k) = (0, 0, 0);
    while i < left.len() && j < right.len() {
        // Take from the right only when it is strictly smaller.
        if less_ba(left[i], right[j]) {
            v[k] = right[j];
            j += 1;
        } else {
            v[k] = left[i];
            i += 1;
        }
        k += 1;
    }
    while i < left.len() {
        v[k] = left[i];
        i += 1;
        k += 1;
    }
    while j < right.len() {
        v[k] = right[j];
        j += 1;
        k += 1;
    }
}

fn append(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let v = a.pos[0];
    heap.incref(v);
    vm.list_append(heap, a.this(), v);
    Ok(heap.none())
}

fn extend(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    vm.list_extend(heap, a.this(), a.pos[0])?;
    Ok(heap.none())
}

fn insert(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    if a.pos.len() != 2 {
        return Err(type_error(format!(
            "insert expected 2 arguments, got {}",
            a.pos.len()
        )));
    }
    let this = a.this();
    let n = heap.list_len(this) as i64;
    let mut i = vm.index_value(heap, a.pos[0])?;
    if i < 0 {
        i = (i + n).max(0);
    }
    let i = i.min(n) as usize;
    heap.list_resize(this, n as usize + 1);
    let v = a.pos[1];
    heap.incref(v);
    if let Kind::List(items, ..) = &mut heap.get_mut(this).kind {
        items.insert(i, v);
    }
    Ok(heap.none())
}

fn pop(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 1)?;
    let this = a.this();
    let n = heap.list_len(this);
    if n == 0 {
        return Err(err(T::IndexError, "pop from empty list"));
    }
    let i = match a.get(0) {
        Some(k) => vm
            .seq_index(heap, k, n, "list")?
            .ok_or_else(|| err(T::IndexError, "pop index out of range"))?,
        None => n - 1,
    };
    let v = match &mut heap.get_mut(this).kind {
        Kind::List(items, ..) => items.remove(i),
        _ => return Ok(heap.none()),
    };
    // 3.12+: a pop that empties the list clears it (`list_clear`).
    if n == 1 && vm.minor >= 12 {
        vm.list_free_items(heap, this);
    } else {
        heap.list_resize(this, n - 1);
    }
    Ok(v)
}

fn clear(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let (old, buf) = match &mut heap.get_mut(a.this()).kind {
        Kind::List(v, alloc, buf) => {
            *alloc = 0;
            (std::mem::take(v), buf.take())
        }
        _ => return Ok(heap.none()),
    };
    for o in old.into_iter().rev() {
        heap.decref(vm, o);
    }
    if let Some(b) = buf {
        heap.alloc.free(b, &mut heap.log);
    }
    Ok(heap.none())
}

/// `seq.index(x[, start[, stop]])` for lists and tuples.
pub(crate) fn seq_index(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 3)?;
    let this = a.this();
    let x = a.pos[0];
    let all = items(heap, this);
    let n = all.len() as i64;
    let bound = |vm: &mut Vm, heap: &mut Heap, o: Option<ObjId>, d: i64| -> R<i64> {
        match o {
            None => Ok(d),
            Some(o) => {
                let v = vm.index_value(heap, o)?;
                Ok(if v < 0 { (v + n).max(0) } else { v.min(n) })
            }
        }
    };
    let start = bound(vm, heap, a.get(1), 0)?;
    let stop = bound(vm, heap, a.get(2), n)?;
    for i in start..stop.max(start) {
        let item = all[i as usize];
        if vm.eq(heap, item, x)? {
            return Ok(heap.int(i));
        }
    }
    let kind = if matches!(heap.kind(this), Kind::List(..)) {
        "list"
    } else {
        "tuple"
    };
    if kind == "list" {
        let r = vm.repr_of(heap, x)?;
        if vm.minor >= 14 {
            return Err(value_error("list.index(x): x not in list"));
        }
        Err(value_error(format!("{r} is not in list")))
    } else {
        Err(value_error("tuple.index(x): x not in tuple"))
    }
}

/// `seq.count(x)` for lists and tuples.
pub(crate) fn seq_count(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let x = a.pos[0];
    let mut count = 0;
    for item in items(heap, a.this()) {
        if vm.eq(heap, item, x)? {
            count += 1;
        }
    }
    Ok(heap.int(count))
}

fn remove(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let this = a.this();
    let x = a.pos[0];
    let all = items(heap, this);
    for (i, item) in all.into_iter().enumerate() {
        if vm.eq(heap, item, x)? {
            let v = match &mut heap.get_mut(this).kind {
                Kind::List(items, ..) => items.remove(i),
                _ => return Ok(heap.none()),
            };
            // `list_ass_slice`: an emptied list lets go of its item array.
            let n = heap.list_len(this);
            if n == 0 {
                vm.list_free_items(heap, this);
            } else {
                heap.list_resize(this, n);
            }
            heap.decref(vm, v);
            return Ok(heap.none());
        }
    }
    Err(value_error("list.remove(x): x not in list"))
}

fn copy(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let all = items(heap, a.this());
    for &i in &all {
        heap.incref(i);
    }
    Ok(vm.new_list(heap, all))
}

fn reverse(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    if let Kind::List(v, ..) = &mut heap.get_mut(a.this()).kind {
        v.reverse();
    }
    Ok(heap.none())
}

fn sort(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    if !a.pos.is_empty() {
        return Err(type_error("sort() takes no positional arguments"));
    }
    a.only_kw(heap, &["key", "reverse"])?;
    let key = a.kw(heap, "key");
    let reverse = match a.kw(heap, "reverse") {
        Some(r) => vm.is_true(heap, r)?,
        None => false,
    };
    vm.sort_list(heap, a.this(), key, reverse)?;
    Ok(heap.none())
}

/// `list` methods.
pub(crate) const DEFS: &[Def] = &[
    method(T::List, "append", append),
    method(T::List, "extend", extend),
    method(T::List, "insert", insert),
    method(T::List, "pop", pop),
    method(T::List, "clear", clear),
    method(T::List, "index", seq_index),
    method(T::List, "count", seq_count),
    method(T::List, "remove", remove),
    method(T::List, "copy", copy),
    method(T::List, "reverse", reverse),
    method(T::List, "sort", sort),
];
