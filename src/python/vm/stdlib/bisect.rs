//! The `bisect` module as CPython's `_bisect` implements it: binary search over a sorted
//! sequence with `<` comparisons only (`bisect_right` asks `x < a[mid]`, `bisect_left`
//! asks `a[mid] < x`), the optional `key` (3.10+) applied to the probed items, and `insort`
//! inserting with `list.insert` (or the sequence's own `insert`).

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::Kind;

use super::super::builtins::{function, Args, Def};
use super::super::exception::{type_error, value_error, R};
use super::super::Vm;
use crate::python::compiler::code::CmpOp;

const M: Option<&str> = Some("bisect");

/// The arguments `(a, x, lo=0, hi=None, *, key=None)`.
struct Search {
    a: ObjId,
    x: ObjId,
    lo: i64,
    hi: Option<i64>,
    key: Option<ObjId>,
}

fn parse(vm: &mut Vm, heap: &mut Heap, args: &Args) -> R<Search> {
    let name = args.name;
    if args.pos.len() > 4 {
        return Err(type_error(format!(
            "{name}() takes at most 4 positional arguments ({} given)",
            args.pos.len()
        )));
    }
    let Some(a) = args.arg(heap, 0, "a") else {
        return Err(type_error(format!(
            "{name}() missing required argument 'a' (pos 1)"
        )));
    };
    let Some(x) = args.arg(heap, 1, "x") else {
        return Err(type_error(format!(
            "{name}() missing required argument 'x' (pos 2)"
        )));
    };
    let lo = match args.arg(heap, 2, "lo") {
        Some(v) => vm.index_value(heap, v)?,
        None => 0,
    };
    if lo < 0 {
        return Err(value_error(if vm.minor >= 15 {
            "lo cannot be negative"
        } else {
            "lo must be non-negative"
        }));
    }
    let hi = match args.arg(heap, 3, "hi") {
        Some(v) if matches!(heap.kind(v), Kind::None) => None,
        Some(v) => Some(vm.index_value(heap, v)?),
        None => None,
    };
    let key = args
        .kw(heap, "key")
        .filter(|&k| !matches!(heap.kind(k), Kind::None));
    if key.is_some() && vm.minor < 10 {
        return Err(type_error(format!(
            "'key' is an invalid keyword argument for {name}()"
        )));
    }
    Ok(Search { a, x, lo, hi, key })
}

/// `a[i]` as `PySequence_GetItem` gives it (a new reference).
fn item(vm: &mut Vm, heap: &mut Heap, a: ObjId, i: i64) -> R<ObjId> {
    if let Kind::List(items, ..) | Kind::Tuple(items) = heap.kind(a) {
        if let Some(&v) = items.get(i as usize) {
            heap.incref(v);
            return Ok(v);
        }
    }
    let k = heap.int(i);
    let r = vm.getitem(heap, a, k);
    heap.decref(vm, k);
    r
}

/// `left < right` as a truth value.
fn less(vm: &mut Vm, heap: &mut Heap, left: ObjId, right: ObjId) -> R<bool> {
    let r = vm.rich_compare(heap, left, right, CmpOp::Lt)?;
    let t = vm.is_true(heap, r);
    heap.decref(vm, r);
    t
}

/// `internal_bisect_right` / `internal_bisect_left`: the insertion index of `x`.
fn search(vm: &mut Vm, heap: &mut Heap, s: &Search, x: ObjId, right: bool) -> R<i64> {
    let mut lo = s.lo;
    let mut hi = match s.hi {
        Some(h) => h,
        None => vm.len_of(heap, s.a)? as i64,
    };
    while lo < hi {
        let mid = ((lo as u64 + hi as u64) / 2) as i64;
        let mut probe = item(vm, heap, s.a, mid)?;
        if let Some(k) = s.key {
            let r = vm.call1(heap, k, &[probe]);
            heap.decref(vm, probe);
            probe = r?;
        }
        let r = if right {
            less(vm, heap, x, probe)
        } else {
            less(vm, heap, probe, x)
        };
        heap.decref(vm, probe);
        if r? == right {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

fn bisect_impl(vm: &mut Vm, heap: &mut Heap, a: &Args, right: bool) -> R<ObjId> {
    let s = parse(vm, heap, a)?;
    let i = search(vm, heap, &s, s.x, right)?;
    Ok(heap.int(i))
}

fn insort_impl(vm: &mut Vm, heap: &mut Heap, a: &Args, right: bool) -> R<ObjId> {
    let s = parse(vm, heap, a)?;
    // With a key, the search compares key(x) with key(a[mid]).
    let kx = match s.key {
        Some(k) => vm.call1(heap, k, &[s.x])?,
        None => {
            heap.incref(s.x);
            s.x
        }
    };
    let r = search(vm, heap, &s, kx, right);
    heap.decref(vm, kx);
    let i = r?;
    if matches!(heap.kind(s.a), Kind::List(..)) && vm.builtin_type(heap, s.a).is_some() {
        // `PyList_Insert`.
        let n = heap.list_len(s.a);
        let i = (i as usize).min(n);
        heap.list_resize(s.a, n + 1);
        heap.incref(s.x);
        if let Kind::List(items, ..) = &mut heap.get_mut(s.a).kind {
            items.insert(i, s.x);
        }
    } else {
        let insert = vm.getattr_str(heap, s.a, "insert")?;
        let index = heap.int(i);
        let r = vm.call1(heap, insert, &[index, s.x]);
        heap.decref(vm, index);
        heap.decref(vm, insert);
        let v = r?;
        heap.decref(vm, v);
    }
    Ok(heap.none())
}

fn bisect_right(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    bisect_impl(vm, heap, a, true)
}

fn bisect_left(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    bisect_impl(vm, heap, a, false)
}

fn insort_right(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    insort_impl(vm, heap, a, true)
}

fn insort_left(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    insort_impl(vm, heap, a, false)
}

/// The module's functions (`bisect` and `insort` are the same objects as the `_right` ones:
/// see `module_extra`).
pub(crate) const DEFS: &[Def] = &[
    function(M, "bisect_right", bisect_right),
    function(M, "bisect_left", bisect_left),
    function(M, "insort_right", insort_right),
    function(M, "insort_left", insort_left),
];
