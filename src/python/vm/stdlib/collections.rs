//! `collections.deque` as CPython builds it: a doubly linked list of 64-slot blocks (528
//! bytes each, from `PyMem_Malloc`) with a left and a right index, so that `sys.getsizeof`
//! and the blocks on the heap follow its rules — a new deque starts in the middle of one block,
//! extending an empty one starts at its left end, emptied blocks are released. The other
//! `collections` types (`defaultdict`, `OrderedDict`, `Counter`) are dict subtypes
//! (`builtins/dict.rs`); `namedtuple` and `ChainMap` are Python code (`py/collections_extra.py`).
//!
//! A deque is a `Native` object: its items are its references, left to right;
//! `nums = [maxlen (-1: none), left index * 256 + right index + 1, mutation state]`, and its
//! blocks are its payload.

use std::rc::Rc;

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{Kind, NativePayload};

use super::super::builtins::{method, Args, Def, T};
use super::super::exception::{err, type_error, value_error, R};
use super::super::Vm;

/// Slots per block.
const BLOCKLEN: i64 = 64;
/// The middle of a block, where a new deque starts.
const CENTER: i64 = (BLOCKLEN - 1) / 2;
/// Bytes of one block (64 pointers and two links).
const BLOCK_BYTES: u64 = 528;

/// The deque object's own size (`getsizeof` of an empty one minus its block).
fn object_size(heap: &Heap) -> u64 {
    if heap.config.version.at_least(11) {
        232
    } else {
        96
    }
}

/// The deque's state.
struct State {
    maxlen: i64,
    left: i64,
    right: i64,
    mutations: i64,
}

fn state(heap: &Heap, d: ObjId) -> State {
    match heap.kind(d) {
        Kind::Native(n) => State {
            maxlen: n.nums[0],
            left: n.nums[1] / 256,
            right: n.nums[1] % 256 - 1,
            mutations: n.nums[2],
        },
        _ => State {
            maxlen: -1,
            left: CENTER + 1,
            right: CENTER,
            mutations: 0,
        },
    }
}

fn set_state(heap: &mut Heap, d: ObjId, left: i64, right: i64) {
    if let Kind::Native(n) = &mut heap.get_mut(d).kind {
        n.nums[1] = left * 256 + right + 1;
        n.nums[2] += 1;
    }
}

fn is_deque(heap: &Heap, d: ObjId) -> bool {
    matches!(heap.kind(d), Kind::Native(n) if n.ty == T::Deque as u16)
}

fn items(heap: &Heap, d: ObjId) -> Vec<ObjId> {
    match heap.kind(d) {
        Kind::Native(n) => n.refs.iter().flatten().copied().collect(),
        _ => Vec::new(),
    }
}

fn len(heap: &Heap, d: ObjId) -> usize {
    match heap.kind(d) {
        Kind::Native(n) => n.refs.len(),
        _ => 0,
    }
}

fn refs_mut(heap: &mut Heap, d: ObjId) -> &mut Vec<Option<ObjId>> {
    match &mut heap.get_mut(d).kind {
        Kind::Native(n) => &mut n.refs,
        _ => unreachable!("not a deque"),
    }
}

/// Allocates a block and links it at the left or right end.
fn new_block(heap: &mut Heap, d: ObjId, at_left: bool) {
    let addr = heap.alloc.malloc(BLOCK_BYTES, &mut heap.log);
    if let Kind::Native(n) = &mut heap.get_mut(d).kind {
        if let NativePayload::Blocks(b) = &mut n.payload {
            if at_left {
                b.insert(0, (addr, BLOCK_BYTES));
            } else {
                b.push((addr, BLOCK_BYTES));
            }
        }
    }
}

/// Releases the block at the left or right end.
fn free_block(heap: &mut Heap, d: ObjId, at_left: bool) {
    let block = match &mut heap.get_mut(d).kind {
        Kind::Native(n) => match &mut n.payload {
            NativePayload::Blocks(b) if b.len() > 1 => {
                if at_left {
                    Some(b.remove(0))
                } else {
                    b.pop()
                }
            }
            _ => None,
        },
        _ => None,
    };
    if let Some((addr, _)) = block {
        heap.alloc.free(addr, &mut heap.log);
    }
}

/// `deque.append` (steals `v`).
fn push_right(vm: &mut Vm, heap: &mut Heap, d: ObjId, v: ObjId) {
    let s = state(heap, d);
    let mut right = s.right;
    if right == BLOCKLEN - 1 {
        new_block(heap, d, false);
        right = -1;
    }
    set_state(heap, d, s.left, right + 1);
    refs_mut(heap, d).push(Some(v));
    if s.maxlen >= 0 && len(heap, d) as i64 > s.maxlen {
        if let Some(old) = pop_left(heap, d) {
            heap.decref(vm, old);
        }
    }
}

/// `deque.appendleft` (steals `v`).
fn push_left(vm: &mut Vm, heap: &mut Heap, d: ObjId, v: ObjId) {
    let s = state(heap, d);
    let mut left = s.left;
    if left == 0 {
        new_block(heap, d, true);
        left = BLOCKLEN;
    }
    set_state(heap, d, left - 1, s.right);
    refs_mut(heap, d).insert(0, Some(v));
    if s.maxlen >= 0 && len(heap, d) as i64 > s.maxlen {
        if let Some(old) = pop_right(heap, d) {
            heap.decref(vm, old);
        }
    }
}

/// `deque.pop` without the empty check: the item (owned) or `None`.
fn pop_right(heap: &mut Heap, d: ObjId) -> Option<ObjId> {
    let item = refs_mut(heap, d).pop()??;
    let s = state(heap, d);
    let mut right = s.right - 1;
    let mut left = s.left;
    if right < 0 {
        if len(heap, d) > 0 {
            free_block(heap, d, false);
            right = BLOCKLEN - 1;
        } else {
            left = CENTER + 1;
            right = CENTER;
        }
    }
    set_state(heap, d, left, right);
    Some(item)
}

/// `deque.popleft` without the empty check.
fn pop_left(heap: &mut Heap, d: ObjId) -> Option<ObjId> {
    let refs = refs_mut(heap, d);
    if refs.is_empty() {
        return None;
    }
    let item = refs.remove(0)?;
    let s = state(heap, d);
    let mut left = s.left + 1;
    let mut right = s.right;
    if left == BLOCKLEN {
        if len(heap, d) > 0 {
            free_block(heap, d, true);
            left = 0;
        } else {
            left = CENTER + 1;
            right = CENTER;
        }
    }
    set_state(heap, d, left, right);
    Some(item)
}

/// A new empty deque of type `class` (one block, both indexes in the middle).
fn new_deque(vm: &mut Vm, heap: &mut Heap, maxlen: i64) -> ObjId {
    let size = object_size(heap);
    let d = vm.new_native_full(
        heap,
        T::Deque,
        Vec::new(),
        [maxlen, (CENTER + 1) * 256 + CENTER + 1, 0, 0],
        NativePayload::Blocks(Vec::new()),
        size,
        true,
    );
    new_block(heap, d, false);
    d
}

/// `deque(iterable=(), maxlen=None)`.
pub(crate) fn deque_new(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.only_kw(heap, &["iterable", "maxlen"])?;
    if a.pos.len() > 2 {
        return Err(type_error(format!(
            "deque() takes at most 2 arguments ({} given)",
            a.pos.len()
        )));
    }
    let maxlen = match a.arg(heap, 1, "maxlen") {
        Some(m) if !matches!(heap.kind(m), Kind::None) => {
            let n = vm.index_value(heap, m)?;
            if n < 0 {
                return Err(value_error("maxlen must be non-negative"));
            }
            n
        }
        _ => -1,
    };
    let d = new_deque(vm, heap, maxlen);
    if let Some(src) = a.arg(heap, 0, "iterable") {
        if let Err(e) = extend(vm, heap, d, src, false) {
            heap.decref(vm, d);
            return Err(e);
        }
    }
    Ok(d)
}

/// `extend` / `extendleft`.
fn extend(vm: &mut Vm, heap: &mut Heap, d: ObjId, src: ObjId, left: bool) -> R<()> {
    let src_items = if src == d {
        let v = items(heap, d);
        for &i in &v {
            heap.incref(i);
        }
        v
    } else {
        // `deque_extend` iterates its argument (`PyObject_GetIter`). (Released here, before
        // the appends: they take whole blocks of the system allocator, which does not
        // reuse the iterator's pymalloc block, so the order does not show.)
        vm.with_iteration(heap, src, |vm, heap| vm.collect_iterable(heap, src))?
    };
    if len(heap, d) == 0 && !src_items.is_empty() {
        // Space-saving heuristic: fill an empty deque from one end of its block.
        let (l, r) = if left {
            (BLOCKLEN - 1, BLOCKLEN - 2)
        } else {
            (1, 0)
        };
        set_state(heap, d, l, r);
    }
    for v in src_items {
        if left {
            push_left(vm, heap, d, v);
        } else {
            push_right(vm, heap, d, v);
        }
    }
    Ok(())
}

fn mutated() -> super::super::exception::Exc {
    err(T::RuntimeError, "deque mutated during iteration")
}

/// One step of a deque iterator: `refs = [deque]`, `nums = [position, state at start, 0]`.
pub(crate) fn deque_iter_next(vm: &mut Vm, heap: &mut Heap, it: ObjId) -> R<Option<ObjId>> {
    let (d, pos, start_state) = match heap.kind(it) {
        Kind::Native(n) => (n.refs[0], n.nums[0], n.nums[1]),
        _ => return Ok(None),
    };
    let Some(d) = d else { return Ok(None) };
    if state(heap, d).mutations + 1 != start_state {
        return Err(mutated());
    }
    let item = match heap.kind(d) {
        Kind::Native(n) => n.refs.get(pos as usize).copied().flatten(),
        _ => None,
    };
    match item {
        Some(v) => {
            if let Kind::Native(n) = &mut heap.get_mut(it).kind {
                n.nums[0] = pos + 1;
            }
            heap.incref(v);
            Ok(Some(v))
        }
        None => {
            if let Kind::Native(n) = &mut heap.get_mut(it).kind {
                n.refs[0] = None;
            }
            heap.decref(vm, d);
            Ok(None)
        }
    }
}

/// `repr(deque)`.
pub(crate) fn deque_repr(vm: &mut Vm, heap: &mut Heap, d: ObjId) -> R<Rc<str>> {
    let name = vm.type_name(heap, d);
    if vm.repr_stack.contains(&d) {
        return Ok(Rc::from("[...]"));
    }
    vm.repr_stack.push(d);
    vm.repr_enter(heap, d);
    let parts = vm.reprs(heap, &items(heap, d));
    vm.repr_leave(heap, d);
    vm.repr_stack.pop();
    let parts = parts?;
    let s = state(heap, d);
    let body = parts.join(", ");
    Ok(Rc::from(if s.maxlen >= 0 {
        format!("{name}([{body}], maxlen={})", s.maxlen)
    } else {
        format!("{name}([{body}])")
    }))
}

fn index_of(vm: &mut Vm, heap: &mut Heap, d: ObjId, key: ObjId) -> R<usize> {
    if vm.slice_parts(heap, key).is_some() {
        return Err(type_error("sequence index must be integer, not 'slice'"));
    }
    let n = len(heap, d);
    let i = match vm.int_value(heap, key) {
        Some(_) => vm.index_value(heap, key)?,
        None => {
            let t = vm.type_name(heap, key);
            return Err(type_error(format!(
                "sequence index must be integer, not '{t}'"
            )));
        }
    };
    let j = if i < 0 { i + n as i64 } else { i };
    if j < 0 || j >= n as i64 {
        return Err(err(T::IndexError, "deque index out of range"));
    }
    Ok(j as usize)
}

impl Vm {
    /// `deque[i]`.
    pub(crate) fn deque_getitem(&mut self, heap: &mut Heap, d: ObjId, key: ObjId) -> R<ObjId> {
        let i = index_of(self, heap, d, key)?;
        let v = items(heap, d)[i];
        heap.incref(v);
        Ok(v)
    }

    /// `deque[i] = v`.
    pub(crate) fn deque_setitem(
        &mut self,
        heap: &mut Heap,
        d: ObjId,
        key: ObjId,
        v: ObjId,
    ) -> R<()> {
        let i = index_of(self, heap, d, key)?;
        heap.incref(v);
        let old = refs_mut(heap, d)[i].replace(v);
        if let Some(o) = old {
            heap.decref(self, o);
        }
        Ok(())
    }

    /// `del deque[i]`.
    pub(crate) fn deque_delitem(&mut self, heap: &mut Heap, d: ObjId, key: ObjId) -> R<()> {
        let i = index_of(self, heap, d, key)?;
        self.deque_del_at(heap, d, i);
        Ok(())
    }

    /// Removes the item at `i` as CPython does: rotate it to the left end, pop it, rotate back.
    fn deque_del_at(&mut self, heap: &mut Heap, d: ObjId, i: usize) {
        rotate(self, heap, d, -(i as i64));
        if let Some(v) = pop_left(heap, d) {
            heap.decref(self, v);
        }
        rotate(self, heap, d, i as i64);
    }
}

/// `deque.rotate(n)`: moves items one by one between the ends (blocks come and go as CPython's
/// block-wise rotation makes them).
fn rotate(vm: &mut Vm, heap: &mut Heap, d: ObjId, n: i64) {
    let len = len(heap, d) as i64;
    if len <= 1 {
        return;
    }
    let half = len >> 1;
    let mut n = n;
    if n > half || n < -half {
        n %= len;
        if n > half {
            n -= len;
        } else if n < -half {
            n += len;
        }
    }
    let _ = vm;
    for _ in 0..n.max(0) {
        if let Some(v) = pop_right(heap, d) {
            push_left_raw(heap, d, v);
        }
    }
    for _ in 0..(-n).max(0) {
        if let Some(v) = pop_left(heap, d) {
            push_right_raw(heap, d, v);
        }
    }
}

/// `push_left` without the maxlen trim (rotation keeps the length).
fn push_left_raw(heap: &mut Heap, d: ObjId, v: ObjId) {
    let s = state(heap, d);
    let mut left = s.left;
    if left == 0 {
        new_block(heap, d, true);
        left = BLOCKLEN;
    }
    set_state(heap, d, left - 1, s.right);
    refs_mut(heap, d).insert(0, Some(v));
}

/// `push_right` without the maxlen trim.
fn push_right_raw(heap: &mut Heap, d: ObjId, v: ObjId) {
    let s = state(heap, d);
    let mut right = s.right;
    if right == BLOCKLEN - 1 {
        new_block(heap, d, false);
        right = -1;
    }
    set_state(heap, d, s.left, right + 1);
    refs_mut(heap, d).push(Some(v));
}

fn this_deque(heap: &Heap, a: &Args) -> R<ObjId> {
    let d = a.this();
    if is_deque(heap, d) {
        Ok(d)
    } else {
        Err(type_error(
            "descriptor requires a 'collections.deque' object",
        ))
    }
}

fn append(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let d = this_deque(heap, a)?;
    heap.incref(a.pos[0]);
    push_right(vm, heap, d, a.pos[0]);
    Ok(heap.none())
}

fn appendleft(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let d = this_deque(heap, a)?;
    heap.incref(a.pos[0]);
    push_left(vm, heap, d, a.pos[0]);
    Ok(heap.none())
}

fn pop(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 0)?;
    let d = this_deque(heap, a)?;
    pop_right(heap, d).ok_or_else(|| err(T::IndexError, "pop from an empty deque"))
}

fn popleft(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 0)?;
    let d = this_deque(heap, a)?;
    pop_left(heap, d).ok_or_else(|| err(T::IndexError, "pop from an empty deque"))
}

fn extend_m(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let d = this_deque(heap, a)?;
    extend(vm, heap, d, a.pos[0], false)?;
    Ok(heap.none())
}

fn extendleft(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let d = this_deque(heap, a)?;
    extend(vm, heap, d, a.pos[0], true)?;
    Ok(heap.none())
}

fn clear(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 0)?;
    let d = this_deque(heap, a)?;
    let old = std::mem::take(refs_mut(heap, d));
    loop {
        let n = match heap.kind(d) {
            Kind::Native(n) => match &n.payload {
                NativePayload::Blocks(b) => b.len(),
                _ => 0,
            },
            _ => 0,
        };
        if n <= 1 {
            break;
        }
        free_block(heap, d, false);
    }
    set_state(heap, d, CENTER + 1, CENTER);
    for v in old.into_iter().flatten() {
        heap.decref(vm, v);
    }
    Ok(heap.none())
}

fn copy(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let d = this_deque(heap, a)?;
    let s = state(heap, d);
    let c = new_deque(vm, heap, s.maxlen);
    extend(vm, heap, c, d, false)?;
    Ok(c)
}

fn count(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let d = this_deque(heap, a)?;
    let before = state(heap, d).mutations;
    let mut n = 0;
    for v in items(heap, d) {
        heap.incref(v);
        let r = vm.eq(heap, v, a.pos[0]);
        heap.decref(vm, v);
        if r? {
            n += 1;
        }
        if state(heap, d).mutations != before {
            return Err(mutated());
        }
    }
    Ok(heap.int(n))
}

fn find(
    vm: &mut Vm,
    heap: &mut Heap,
    d: ObjId,
    x: ObjId,
    start: usize,
    stop: usize,
) -> R<Option<usize>> {
    let before = state(heap, d).mutations;
    let all = items(heap, d);
    for (i, &v) in all.iter().enumerate().take(stop).skip(start) {
        heap.incref(v);
        let r = vm.eq(heap, v, x);
        heap.decref(vm, v);
        if r? {
            return Ok(Some(i));
        }
        if state(heap, d).mutations != before {
            return Err(mutated());
        }
    }
    Ok(None)
}

fn index(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 3)?;
    let d = this_deque(heap, a)?;
    let n = len(heap, d) as i64;
    let bound = |vm: &mut Vm, heap: &mut Heap, o: Option<&ObjId>, dflt: i64| -> R<usize> {
        let v = match o {
            Some(&o) => vm.index_value(heap, o)?,
            None => dflt,
        };
        let v = if v < 0 { (v + n).max(0) } else { v.min(n) };
        Ok(v as usize)
    };
    let start = bound(vm, heap, a.pos.get(1), 0)?;
    let stop = bound(vm, heap, a.pos.get(2), n)?;
    match find(vm, heap, d, a.pos[0], start, stop)? {
        Some(i) => Ok(heap.int(i as i64)),
        None => {
            let r = vm.repr_of(heap, a.pos[0])?;
            Err(value_error(if vm.minor >= 14 {
                "deque.index(x): x not in deque".to_string()
            } else {
                format!("{r} is not in deque")
            }))
        }
    }
}

fn remove(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let d = this_deque(heap, a)?;
    let n = len(heap, d);
    match find(vm, heap, d, a.pos[0], 0, n)? {
        Some(i) => {
            vm.deque_del_at(heap, d, i);
            Ok(heap.none())
        }
        None => {
            let r = vm.repr_of(heap, a.pos[0])?;
            Err(value_error(if vm.minor >= 14 {
                "deque.remove(x): x not in deque".to_string()
            } else {
                format!("{r} is not in deque")
            }))
        }
    }
}

fn insert(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    let d = this_deque(heap, a)?;
    let s = state(heap, d);
    let n = len(heap, d) as i64;
    if s.maxlen >= 0 && n >= s.maxlen {
        return Err(err(T::IndexError, "deque already at its maximum size"));
    }
    let i = vm.index_value(heap, a.pos[0])?;
    let i = if i < 0 { (i + n).max(0) } else { i.min(n) };
    let v = a.pos[1];
    heap.incref(v);
    if i == n {
        push_right(vm, heap, d, v);
    } else if i == 0 {
        push_left(vm, heap, d, v);
    } else {
        rotate(vm, heap, d, -i);
        push_left(vm, heap, d, v);
        rotate(vm, heap, d, i);
    }
    Ok(heap.none())
}

fn reverse(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let d = this_deque(heap, a)?;
    refs_mut(heap, d).reverse();
    let s = state(heap, d);
    set_state(heap, d, s.left, s.right);
    Ok(heap.none())
}

fn rotate_m(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 1)?;
    let d = this_deque(heap, a)?;
    let n = match a.pos.first() {
        Some(&x) => vm.index_value(heap, x)?,
        None => 1,
    };
    rotate(vm, heap, d, n);
    Ok(heap.none())
}

fn len_m(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let d = this_deque(heap, a)?;
    let n = len(heap, d);
    Ok(heap.int(n as i64))
}

/// `collections` functions and `deque`'s methods.
pub(crate) const DEFS: &[Def] = &[
    method(T::Deque, "append", append),
    method(T::Deque, "appendleft", appendleft),
    method(T::Deque, "pop", pop),
    method(T::Deque, "popleft", popleft),
    method(T::Deque, "extend", extend_m),
    method(T::Deque, "extendleft", extendleft),
    method(T::Deque, "clear", clear),
    method(T::Deque, "copy", copy),
    method(T::Deque, "__copy__", copy),
    method(T::Deque, "count", count),
    method(T::Deque, "index", index),
    method(T::Deque, "remove", remove),
    method(T::Deque, "insert", insert),
    method(T::Deque, "reverse", reverse),
    method(T::Deque, "rotate", rotate_m),
    method(T::Deque, "__len__", len_m),
];
