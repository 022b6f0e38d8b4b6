//! `itertools`: the iterator types with CPython's algorithms (so that side effects, laziness
//! and the order of results are its), each a `Native` object holding what the C struct holds.
//! Sizes are the C structs' (`tp_basicsize` plus the GC header).

use std::rc::Rc;

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{Kind, NativePayload};

use super::super::builtins::{classmethod, function, Args, Def, T};
use super::super::exception::{type_error, unsupported, value_error, R};
use super::super::Vm;

const M: Option<&str> = Some("itertools");

fn refs(heap: &Heap, it: ObjId) -> Vec<Option<ObjId>> {
    match heap.kind(it) {
        Kind::Native(n) => n.refs.clone(),
        _ => Vec::new(),
    }
}

fn nums(heap: &Heap, it: ObjId) -> [i64; 4] {
    match heap.kind(it) {
        Kind::Native(n) => n.nums,
        _ => [0; 4],
    }
}

fn set_num(heap: &mut Heap, it: ObjId, i: usize, v: i64) {
    if let Kind::Native(n) = &mut heap.get_mut(it).kind {
        n.nums[i] = v;
    }
}

/// Replaces reference slot `i` (the old value is returned, owned, for the caller to drop).
fn swap_ref(heap: &mut Heap, it: ObjId, i: usize, v: Option<ObjId>) -> Option<ObjId> {
    match &mut heap.get_mut(it).kind {
        Kind::Native(n) => std::mem::replace(&mut n.refs[i], v),
        _ => v,
    }
}

fn set_ref(vm: &mut Vm, heap: &mut Heap, it: ObjId, i: usize, v: Option<ObjId>) {
    if let Some(old) = swap_ref(heap, it, i, v) {
        heap.decref(vm, old);
    }
}

fn words(heap: &Heap, it: ObjId) -> Vec<u32> {
    match heap.kind(it) {
        Kind::Native(n) => match &n.payload {
            NativePayload::Words(w) => w.to_vec(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn set_words(heap: &mut Heap, it: ObjId, w: Vec<u32>) {
    if let Kind::Native(n) = &mut heap.get_mut(it).kind {
        n.payload = NativePayload::Words(w.into_boxed_slice());
    }
}

fn new(
    vm: &mut Vm,
    heap: &mut Heap,
    t: T,
    refs: Vec<Option<ObjId>>,
    nums: [i64; 4],
    size: u64,
) -> ObjId {
    vm.new_native_full(heap, t, refs, nums, NativePayload::None, size, true)
}

fn owned(heap: &mut Heap, o: ObjId) -> Option<ObjId> {
    heap.incref(o);
    Some(o)
}

fn tuple_of(vm: &mut Vm, heap: &mut Heap, src: ObjId) -> R<ObjId> {
    let items = vm.collect_iterable(heap, src)?;
    Ok(vm.new_tuple(heap, items))
}

fn tuple_items(heap: &Heap, t: Option<ObjId>) -> Vec<ObjId> {
    match t.map(|t| heap.kind(t)) {
        Some(Kind::Tuple(items)) => items.clone(),
        _ => Vec::new(),
    }
}

fn none_or_int(vm: &mut Vm, heap: &mut Heap, x: Option<ObjId>, msg: &str) -> R<Option<i64>> {
    match x {
        None => Ok(None),
        Some(o) if matches!(heap.kind(o), Kind::None) => Ok(None),
        Some(o) => match vm.int_value(heap, o) {
            Some(_) => {
                let v = vm.index_value(heap, o)?;
                if v < 0 {
                    Err(value_error(msg.to_string()))
                } else {
                    Ok(Some(v))
                }
            }
            None => Err(value_error(msg.to_string())),
        },
    }
}

/// Constructs an `itertools` iterator.
pub(crate) fn construct(vm: &mut Vm, heap: &mut Heap, t: T, a: &Args) -> R<ObjId> {
    let arg = |i: usize| a.pos.get(i).copied();
    match t {
        T::Count => {
            a.only_kw(heap, &["start", "step"])?;
            let start = a.arg(heap, 0, "start");
            let step = a.arg(heap, 1, "step");
            for x in [start, step].into_iter().flatten() {
                if vm.number(heap, x).is_none() {
                    return Err(type_error("a number is required"));
                }
            }
            let start = match start {
                Some(s) => owned(heap, s),
                None => Some(heap.int(0)),
            };
            let step = match step {
                Some(s) => owned(heap, s),
                None => Some(heap.int(1)),
            };
            Ok(new(vm, heap, t, vec![start, step], [0; 4], 48))
        }
        T::Cycle => {
            a.no_kw()?;
            a.count(1, 1)?;
            let it = vm.get_iter(heap, a.pos[0])?;
            let saved = vm.new_list(heap, Vec::new());
            Ok(new(vm, heap, t, vec![Some(it), Some(saved)], [0; 4], 64))
        }
        T::Repeat => {
            a.only_kw(heap, &["object", "times"])?;
            let Some(e) = a.arg(heap, 0, "object") else {
                return Err(type_error(
                    "repeat() missing required argument 'object' (pos 1)",
                ));
            };
            let n = match a.arg(heap, 1, "times") {
                Some(n) => vm.index_value(heap, n)?.max(0),
                None => -1,
            };
            let e = owned(heap, e);
            Ok(new(vm, heap, t, vec![e], [n, 0, 0, 0], 48))
        }
        T::Chain => {
            a.no_kw()?;
            let args: Vec<ObjId> = a.pos.to_vec();
            for &x in &args {
                heap.incref(x);
            }
            let tup = vm.new_tuple(heap, args);
            let source = vm.get_iter(heap, tup);
            heap.decref(vm, tup);
            let source = source?;
            Ok(new(vm, heap, t, vec![Some(source), None], [0; 4], 48))
        }
        T::ISlice => {
            a.no_kw()?;
            a.count(2, 4)?;
            let (start, stop, step) = if a.pos.len() == 2 {
                (None, arg(1), None)
            } else {
                (arg(1), arg(2), arg(3))
            };
            let stop_msg =
                "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
            let idx_msg = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
            let stop = none_or_int(
                vm,
                heap,
                stop,
                if a.pos.len() == 2 { stop_msg } else { idx_msg },
            )?;
            let start = none_or_int(vm, heap, start, idx_msg)?.unwrap_or(0);
            let step = match step {
                Some(s) if !matches!(heap.kind(s), Kind::None) => {
                    let v = vm
                        .int_value(heap, s)
                        .map(|_| vm.index_value(heap, s))
                        .transpose()?;
                    match v {
                        Some(v) if v >= 1 => v,
                        _ => {
                            return Err(value_error(
                                "Step for islice() must be a positive integer or None.",
                            ))
                        }
                    }
                }
                _ => 1,
            };
            let it = vm.get_iter(heap, a.pos[0])?;
            Ok(new(
                vm,
                heap,
                t,
                vec![Some(it)],
                [start, stop.unwrap_or(-1), step, 0],
                72,
            ))
        }
        T::Product => {
            a.only_kw(heap, &["repeat"])?;
            let repeat = match a.kw(heap, "repeat") {
                Some(r) => vm.index_value(heap, r)?,
                None => 1,
            };
            if repeat < 0 {
                return Err(value_error("repeat argument cannot be negative"));
            }
            let mut pools = Vec::new();
            for &x in a.pos {
                match tuple_of(vm, heap, x) {
                    Ok(p) => pools.push(p),
                    Err(e) => {
                        heap.decref_all(vm, pools);
                        return Err(e);
                    }
                }
            }
            let mut all = Vec::new();
            for _ in 0..repeat {
                for &p in &pools {
                    heap.incref(p);
                    all.push(p);
                }
            }
            heap.decref_all(vm, pools);
            let n = all.len();
            let pools = vm.new_tuple(heap, all);
            let it = new(vm, heap, t, vec![Some(pools)], [0, 0, 0, 0], 64);
            set_words(heap, it, vec![0; n]);
            Ok(it)
        }
        T::Permutations | T::Combinations | T::CombinationsWithReplacement => {
            a.only_kw(heap, &["iterable", "r"])?;
            let Some(src) = a.arg(heap, 0, "iterable") else {
                return Err(type_error(format!(
                    "{}() missing required argument 'iterable' (pos 1)",
                    t.name()
                )));
            };
            let pool = tuple_of(vm, heap, src)?;
            let n = tuple_items(heap, Some(pool)).len() as i64;
            let r = match a.arg(heap, 1, "r") {
                Some(r) if !matches!(heap.kind(r), Kind::None) => vm.index_value(heap, r),
                _ if t == T::Permutations => Ok(n),
                _ => Err(type_error(format!(
                    "{}() missing required argument 'r' (pos 2)",
                    t.name()
                ))),
            };
            let r = match r {
                Ok(r) => r,
                Err(e) => {
                    heap.decref(vm, pool);
                    return Err(e);
                }
            };
            if r < 0 {
                heap.decref(vm, pool);
                return Err(value_error("r must be non-negative"));
            }
            let size = match t {
                T::Permutations => 80,
                _ => 72,
            };
            let it = new(vm, heap, t, vec![Some(pool)], [r, 0, 1, 0], size);
            let w: Vec<u32> = match t {
                T::Permutations => (0..n as u32)
                    .chain((0..r.min(n)).map(|i| (n - i) as u32))
                    .collect(),
                T::Combinations => (0..r.min(n).max(0) as u32).collect(),
                _ => vec![0; r as usize],
            };
            set_words(heap, it, w);
            let stopped = match t {
                T::CombinationsWithReplacement => n == 0 && r > 0,
                _ => r > n,
            };
            set_num(heap, it, 1, i64::from(stopped));
            Ok(it)
        }
        T::GroupBy => {
            a.only_kw(heap, &["iterable", "key"])?;
            let Some(src) = a.arg(heap, 0, "iterable") else {
                return Err(type_error(
                    "groupby() missing required argument 'iterable' (pos 1)",
                ));
            };
            let key = a
                .arg(heap, 1, "key")
                .filter(|&k| !matches!(heap.kind(k), Kind::None));
            let it = vm.get_iter(heap, src)?;
            let key = key.and_then(|k| owned(heap, k));
            Ok(new(
                vm,
                heap,
                t,
                vec![Some(it), key, None, None, None],
                [0; 4],
                80,
            ))
        }
        T::Accumulate => {
            a.only_kw(heap, &["iterable", "func", "initial"])?;
            let Some(src) = a.arg(heap, 0, "iterable") else {
                return Err(type_error(
                    "accumulate() missing required argument 'iterable' (pos 1)",
                ));
            };
            let func = a
                .arg(heap, 1, "func")
                .filter(|&f| !matches!(heap.kind(f), Kind::None));
            let initial = a
                .kw(heap, "initial")
                .filter(|&f| !matches!(heap.kind(f), Kind::None));
            let it = vm.get_iter(heap, src)?;
            let func = func.and_then(|f| owned(heap, f));
            let initial = initial.and_then(|f| owned(heap, f));
            Ok(new(
                vm,
                heap,
                t,
                vec![None, Some(it), func, initial],
                [0; 4],
                64,
            ))
        }
        T::ZipLongest => {
            a.only_kw(heap, &["fillvalue"])?;
            let fill = match a.kw(heap, "fillvalue") {
                Some(f) => owned(heap, f),
                None => Some(heap.none()),
            };
            let mut r = vec![fill];
            for &x in a.pos {
                match vm.get_iter(heap, x) {
                    Ok(i) => r.push(Some(i)),
                    Err(e) => {
                        heap.decref_all(vm, r.into_iter().flatten());
                        return Err(e);
                    }
                }
            }
            let active = a.pos.len() as i64;
            Ok(new(vm, heap, t, r, [active, 0, 0, 0], 72))
        }
        T::StarMap | T::TakeWhile | T::DropWhile | T::FilterFalse => {
            a.no_kw()?;
            a.count(2, 2)?;
            let it = vm.get_iter(heap, a.pos[1])?;
            let f = owned(heap, a.pos[0]);
            let size = match t {
                T::TakeWhile | T::DropWhile => 56,
                _ => 48,
            };
            Ok(new(vm, heap, t, vec![f, Some(it)], [0; 4], size))
        }
        T::Compress => {
            a.only_kw(heap, &["data", "selectors"])?;
            let (Some(d), Some(s)) = (a.arg(heap, 0, "data"), a.arg(heap, 1, "selectors")) else {
                return Err(type_error("compress() missing required argument"));
            };
            let d = vm.get_iter(heap, d)?;
            let s = match vm.get_iter(heap, s) {
                Ok(s) => s,
                Err(e) => {
                    heap.decref(vm, d);
                    return Err(e);
                }
            };
            Ok(new(vm, heap, t, vec![Some(d), Some(s)], [0; 4], 48))
        }
        T::Pairwise => {
            a.no_kw()?;
            a.count(1, 1)?;
            let it = vm.get_iter(heap, a.pos[0])?;
            let size = if vm.minor >= 12 { 56 } else { 48 };
            Ok(new(vm, heap, t, vec![Some(it), None], [0; 4], size))
        }
        _ => Err(unsupported(format!("itertools.{}", t.name()))),
    }
}

/// `chain.from_iterable(iterables)`.
fn chain_from_iterable(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let source = vm.get_iter(heap, a.pos[0])?;
    Ok(new(
        vm,
        heap,
        T::Chain,
        vec![Some(source), None],
        [0; 4],
        48,
    ))
}

/// Values a `_tee_dataobject` holds (`LINKCELLS` on a 64-bit build).
const LINKCELLS: usize = 57;

/// `sizeof(teedataobject)`: the header, the iterator, two ints, the next link and the values.
const TEEDATA_SIZE: u64 = 16 + 8 + 4 + 4 + 8 + 8 * LINKCELLS as u64;

/// `sizeof(teeobject)`: the header, the data object, the index and the weakref list.
const TEE_SIZE: u64 = 16 + 8 + 8 + 8;

/// A new `_tee_dataobject` reading `it` (taken): refs `[it, nextlink, values...]`, nums
/// `[numread, running]`.
fn teedata_new(vm: &mut Vm, heap: &mut Heap, it: ObjId) -> ObjId {
    let mut r = vec![None; 2 + LINKCELLS];
    r[0] = Some(it);
    new(vm, heap, T::TeeData, r, [0; 4], TEEDATA_SIZE + 16)
}

/// A new `_tee` at `index` of `data` (taken).
fn tee_object(vm: &mut Vm, heap: &mut Heap, data: ObjId, index: i64) -> ObjId {
    new(
        vm,
        heap,
        T::Tee,
        vec![Some(data)],
        [index, 0, 0, 0],
        TEE_SIZE + 16,
    )
}

/// `tee(iterable, n=2)`: `n` iterators over one shared buffer of linked data objects.
fn tee(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.no_kw()?;
    a.count(1, 2)?;
    let n = match a.pos.get(1) {
        Some(&n) => vm.index_value(heap, n)?,
        None => 2,
    };
    if n < 0 {
        return Err(value_error("n must be >= 0"));
    }
    let it = vm.get_iter(heap, a.pos[0])?;
    if n == 0 {
        heap.decref(vm, it);
        return Ok(vm.new_tuple(heap, Vec::new()));
    }
    // A tee is copied (`__copy__`; up to 3.13 the tee itself is the first result); anything
    // else gets a first tee reading it.
    let is_tee = matches!(heap.kind(it), Kind::Native(nd) if nd.ty == T::Tee as u16);
    let first = if !is_tee {
        let data = teedata_new(vm, heap, it);
        tee_object(vm, heap, data, 0)
    } else if vm.minor >= 14 {
        let copy = tee_copy_of(vm, heap, it);
        heap.decref(vm, it);
        copy
    } else {
        it
    };
    let mut items = vec![first];
    for _ in 1..n {
        items.push(tee_copy_of(vm, heap, first));
    }
    Ok(vm.new_tuple(heap, items))
}

/// `tee.__copy__()`: a new tee at the same place of the same data.
fn tee_copy_of(vm: &mut Vm, heap: &mut Heap, t: ObjId) -> ObjId {
    let data = refs(heap, t)[0];
    let index = nums(heap, t)[0];
    match data {
        Some(d) => {
            heap.incref(d);
            tee_object(vm, heap, d, index)
        }
        None => heap.statics.none,
    }
}

fn tee_copy(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.no_kw()?;
    let Some(t) = a.this else {
        return Err(type_error("__copy__ needs a tee"));
    };
    Ok(tee_copy_of(vm, heap, t))
}

/// `tee_next`: the next value of the shared buffer, read from the iterator when this tee is
/// the first to get there.
fn tee_next(vm: &mut Vm, heap: &mut Heap, t: ObjId) -> R<Option<ObjId>> {
    let Some(mut data) = refs(heap, t)[0] else {
        return Ok(None);
    };
    let mut index = nums(heap, t)[0] as usize;
    if index >= LINKCELLS {
        // `teedataobject_jumplink`: the next data object, made on first use.
        let link = match refs(heap, data)[1] {
            Some(l) => l,
            None => {
                let Some(it) = refs(heap, data)[0] else {
                    return Ok(None);
                };
                heap.incref(it);
                let l = teedata_new(vm, heap, it);
                swap_ref(heap, data, 1, Some(l));
                l
            }
        };
        heap.incref(link);
        set_ref(vm, heap, t, 0, Some(link));
        set_num(heap, t, 0, 0);
        data = link;
        index = 0;
    }
    let numread = nums(heap, data)[0] as usize;
    let value = if index < numread {
        let v = refs(heap, data)[2 + index];
        if let Some(v) = v {
            heap.incref(v);
        }
        v
    } else {
        if nums(heap, data)[1] != 0 {
            return Err(super::super::exception::err(
                T::RuntimeError,
                "cannot re-enter the tee iterator",
            ));
        }
        let Some(it) = refs(heap, data)[0] else {
            return Ok(None);
        };
        set_num(heap, data, 1, 1);
        let r = vm.iter_next(heap, it);
        set_num(heap, data, 1, 0);
        let Some(v) = r? else {
            return Ok(None);
        };
        heap.incref(v);
        swap_ref(heap, data, 2 + numread, Some(v));
        set_num(heap, data, 0, (numread + 1) as i64);
        Some(v)
    };
    if value.is_some() {
        set_num(heap, t, 0, (index + 1) as i64);
    }
    Ok(value)
}

/// Exhausts an iterator object: drops what it holds in slot `i`.
fn finish(vm: &mut Vm, heap: &mut Heap, it: ObjId, i: usize) -> R<Option<ObjId>> {
    set_ref(vm, heap, it, i, None);
    Ok(None)
}

/// One step of an `itertools` iterator.
pub(crate) fn next(vm: &mut Vm, heap: &mut Heap, it: ObjId, t: T) -> R<Option<ObjId>> {
    let r = refs(heap, it);
    let n = nums(heap, it);
    match t {
        T::Count => {
            let (Some(cur), Some(step)) = (r[0], r[1]) else {
                return Ok(None);
            };
            let next = vm.binary_op(heap, crate::python::compiler::code::BinOp::Add, cur, step)?;
            // The old value moves out to the caller.
            swap_ref(heap, it, 0, Some(next));
            Ok(Some(cur))
        }
        T::Cycle => {
            let (Some(inner), Some(saved)) = (r[0], r[1]) else {
                return Ok(None);
            };
            if n[1] == 0 {
                match vm.iter_next(heap, inner)? {
                    Some(v) => {
                        heap.incref(v);
                        vm.list_append(heap, saved, v);
                        return Ok(Some(v));
                    }
                    None => set_num(heap, it, 1, 1),
                }
            }
            let items = match heap.kind(saved) {
                Kind::List(items, ..) => items.clone(),
                _ => Vec::new(),
            };
            if items.is_empty() {
                return Ok(None);
            }
            let i = n[0] as usize % items.len();
            set_num(heap, it, 0, (i + 1) as i64);
            heap.incref(items[i]);
            Ok(Some(items[i]))
        }
        T::Repeat => {
            let Some(e) = r[0] else { return Ok(None) };
            match n[0] {
                0 => Ok(None),
                k => {
                    if k > 0 {
                        set_num(heap, it, 0, k - 1);
                    }
                    heap.incref(e);
                    Ok(Some(e))
                }
            }
        }
        T::Chain => loop {
            let r = refs(heap, it);
            if let Some(active) = r[1] {
                if let Some(v) = vm.iter_next(heap, active)? {
                    return Ok(Some(v));
                }
                set_ref(vm, heap, it, 1, None);
            }
            let Some(source) = r[0] else { return Ok(None) };
            match vm.iter_next(heap, source)? {
                Some(iterable) => {
                    let i = vm.get_iter(heap, iterable);
                    heap.decref(vm, iterable);
                    let i = i?;
                    set_ref(vm, heap, it, 1, Some(i));
                }
                None => return finish(vm, heap, it, 0),
            }
        },
        T::ISlice => {
            let Some(inner) = r[0] else { return Ok(None) };
            let [next_index, stop, step, cnt] = n;
            let mut cnt = cnt;
            // Skip to the next index.
            while cnt < next_index {
                match vm.iter_next(heap, inner)? {
                    Some(v) => {
                        heap.decref(vm, v);
                        cnt += 1;
                        set_num(heap, it, 3, cnt);
                    }
                    None => return finish(vm, heap, it, 0),
                }
            }
            if stop >= 0 && cnt >= stop {
                return finish(vm, heap, it, 0);
            }
            match vm.iter_next(heap, inner)? {
                Some(v) => {
                    set_num(heap, it, 3, cnt + 1);
                    let mut nx = next_index + step;
                    if stop >= 0 && nx > stop {
                        nx = stop;
                    }
                    set_num(heap, it, 0, nx);
                    Ok(Some(v))
                }
                None => finish(vm, heap, it, 0),
            }
        }
        T::Product => {
            if n[1] != 0 {
                return Ok(None);
            }
            let pools: Vec<Vec<ObjId>> = tuple_items(heap, r[0])
                .into_iter()
                .map(|p| tuple_items(heap, Some(p)))
                .collect();
            let mut idx = words(heap, it);
            if n[2] == 0 {
                // The first result.
                set_num(heap, it, 2, 1);
                if pools.iter().any(Vec::is_empty) {
                    set_num(heap, it, 1, 1);
                    return Ok(None);
                }
            } else {
                // Advance the rightmost index that can be advanced.
                let mut i = pools.len();
                loop {
                    if i == 0 {
                        set_num(heap, it, 1, 1);
                        return Ok(None);
                    }
                    i -= 1;
                    idx[i] += 1;
                    if (idx[i] as usize) < pools[i].len() {
                        break;
                    }
                    idx[i] = 0;
                }
                set_words(heap, it, idx.clone());
            }
            let items: Vec<ObjId> = pools
                .iter()
                .zip(&idx)
                .map(|(p, &i)| p[i as usize])
                .collect();
            for &x in &items {
                heap.incref(x);
            }
            Ok(Some(vm.new_tuple(heap, items)))
        }
        T::Combinations | T::CombinationsWithReplacement | T::Permutations => {
            combinatoric_next(vm, heap, it, t)
        }
        T::GroupBy => groupby_next(vm, heap, it),
        T::Grouper => grouper_next(vm, heap, it),
        T::Tee => tee_next(vm, heap, it),
        T::Accumulate => {
            let (total, Some(inner), func, initial) = (r[0], r[1], r[2], r[3]) else {
                return Ok(None);
            };
            if let Some(init) = initial {
                swap_ref(heap, it, 3, None);
                heap.incref(init);
                set_ref(vm, heap, it, 0, Some(init));
                return Ok(Some(init));
            }
            let Some(v) = vm.iter_next(heap, inner)? else {
                return Ok(None);
            };
            let new_total = match total {
                None => v,
                Some(tot) => {
                    let r = match func {
                        Some(f) => vm.call1(heap, f, &[tot, v]),
                        None => {
                            vm.binary_op(heap, crate::python::compiler::code::BinOp::Add, tot, v)
                        }
                    };
                    heap.decref(vm, v);
                    r?
                }
            };
            heap.incref(new_total);
            set_ref(vm, heap, it, 0, Some(new_total));
            Ok(Some(new_total))
        }
        T::ZipLongest => {
            let mut active = n[0];
            if active == 0 {
                return Ok(None);
            }
            let fill = r[0].unwrap_or(heap.statics.none);
            let mut items = Vec::with_capacity(r.len() - 1);
            for (k, slot) in r.iter().enumerate().skip(1) {
                let v = match slot {
                    Some(i) => match vm.iter_next(heap, *i) {
                        Ok(Some(v)) => Some(v),
                        Ok(None) => {
                            active -= 1;
                            set_num(heap, it, 0, active);
                            set_ref(vm, heap, it, k, None);
                            if active == 0 {
                                heap.decref_all(vm, items);
                                return Ok(None);
                            }
                            None
                        }
                        Err(e) => {
                            heap.decref_all(vm, items);
                            return Err(e);
                        }
                    },
                    None => None,
                };
                items.push(match v {
                    Some(v) => v,
                    None => {
                        heap.incref(fill);
                        fill
                    }
                });
            }
            Ok(Some(vm.new_tuple(heap, items)))
        }
        T::StarMap => {
            let (Some(f), Some(inner)) = (r[0], r[1]) else {
                return Ok(None);
            };
            let Some(args) = vm.iter_next(heap, inner)? else {
                return Ok(None);
            };
            let items = vm.collect_iterable(heap, args);
            heap.decref(vm, args);
            let items = items?;
            let res = vm.call1(heap, f, &items);
            heap.decref_all(vm, items);
            res.map(Some)
        }
        T::TakeWhile | T::DropWhile | T::FilterFalse => {
            let (Some(f), Some(inner)) = (r[0], r[1]) else {
                return Ok(None);
            };
            if t == T::TakeWhile && n[0] != 0 {
                return Ok(None);
            }
            loop {
                let Some(v) = vm.iter_next(heap, inner)? else {
                    return Ok(None);
                };
                if t == T::DropWhile && n[0] != 0 {
                    return Ok(Some(v));
                }
                let test = if t == T::FilterFalse && matches!(heap.kind(f), Kind::None) {
                    vm.is_true(heap, v)
                } else {
                    match vm.call1(heap, f, &[v]) {
                        Ok(x) => {
                            let b = vm.is_true(heap, x);
                            heap.decref(vm, x);
                            b
                        }
                        Err(e) => Err(e),
                    }
                };
                let test = match test {
                    Ok(b) => b,
                    Err(e) => {
                        heap.decref(vm, v);
                        return Err(e);
                    }
                };
                match t {
                    T::TakeWhile => {
                        if test {
                            return Ok(Some(v));
                        }
                        heap.decref(vm, v);
                        set_num(heap, it, 0, 1);
                        return Ok(None);
                    }
                    T::DropWhile => {
                        if !test {
                            set_num(heap, it, 0, 1);
                            return Ok(Some(v));
                        }
                        heap.decref(vm, v);
                    }
                    _ => {
                        if !test {
                            return Ok(Some(v));
                        }
                        heap.decref(vm, v);
                    }
                }
            }
        }
        T::Compress => {
            let (Some(d), Some(s)) = (r[0], r[1]) else {
                return Ok(None);
            };
            loop {
                let Some(v) = vm.iter_next(heap, d)? else {
                    return Ok(None);
                };
                let Some(sel) = vm.iter_next(heap, s)? else {
                    heap.decref(vm, v);
                    return Ok(None);
                };
                let keep = vm.is_true(heap, sel);
                heap.decref(vm, sel);
                match keep {
                    Ok(true) => return Ok(Some(v)),
                    Ok(false) => heap.decref(vm, v),
                    Err(e) => {
                        heap.decref(vm, v);
                        return Err(e);
                    }
                }
            }
        }
        T::Pairwise => {
            let Some(inner) = r[0] else { return Ok(None) };
            let old = match r[1] {
                Some(o) => o,
                None => match vm.iter_next(heap, inner)? {
                    Some(o) => {
                        swap_ref(heap, it, 1, Some(o));
                        o
                    }
                    None => return finish(vm, heap, it, 0),
                },
            };
            let Some(new) = vm.iter_next(heap, inner)? else {
                set_ref(vm, heap, it, 1, None);
                return finish(vm, heap, it, 0);
            };
            heap.incref(new);
            // The pair takes over the old value's reference.
            swap_ref(heap, it, 1, Some(new));
            Ok(Some(vm.new_tuple(heap, vec![old, new])))
        }
        _ => Ok(None),
    }
}

/// `combinations`, `combinations_with_replacement`, `permutations`: the index algorithms of
/// the itertools documentation (which the C code implements). `nums = [r, stopped, first]`;
/// the payload holds the indices (and, for permutations, the cycles after them).
fn combinatoric_next(vm: &mut Vm, heap: &mut Heap, it: ObjId, t: T) -> R<Option<ObjId>> {
    let [r, stopped, first, _] = nums(heap, it);
    if stopped != 0 {
        return Ok(None);
    }
    let pool = tuple_items(heap, refs(heap, it)[0]);
    let n = pool.len();
    let r = r as usize;
    let mut w = words(heap, it);
    if first == 0 {
        let advanced = match t {
            T::Combinations => {
                let idx = &mut w;
                let mut i = r;
                loop {
                    if i == 0 {
                        break false;
                    }
                    i -= 1;
                    if idx[i] as usize != i + n - r {
                        idx[i] += 1;
                        for j in i + 1..r {
                            idx[j] = idx[j - 1] + 1;
                        }
                        break true;
                    }
                }
            }
            T::CombinationsWithReplacement => {
                let idx = &mut w;
                let mut i = r;
                loop {
                    if i == 0 {
                        break false;
                    }
                    i -= 1;
                    if idx[i] as usize != n - 1 {
                        let v = idx[i] + 1;
                        for x in idx.iter_mut().take(r).skip(i) {
                            *x = v;
                        }
                        break true;
                    }
                }
            }
            _ => {
                // Permutations: indices then cycles.
                let (idx, cycles) = w.split_at_mut(n);
                let mut i = r;
                loop {
                    if i == 0 {
                        break false;
                    }
                    i -= 1;
                    cycles[i] -= 1;
                    if cycles[i] == 0 {
                        let moved = idx[i];
                        idx.copy_within(i + 1.., i);
                        idx[n - 1] = moved;
                        cycles[i] = (n - i) as u32;
                    } else {
                        let j = cycles[i] as usize;
                        idx.swap(i, n - j);
                        break true;
                    }
                }
            }
        };
        if !advanced {
            set_num(heap, it, 1, 1);
            return Ok(None);
        }
        set_words(heap, it, w.clone());
    } else {
        set_num(heap, it, 2, 0);
    }
    let items: Vec<ObjId> = w.iter().take(r).map(|&i| pool[i as usize]).collect();
    for &x in &items {
        heap.incref(x);
    }
    Ok(Some(vm.new_tuple(heap, items)))
}

/// `groupby`: `refs = [iterator, key function, target key, current key, current value]`,
/// `nums[0]` = the serial of the current grouper (a grouper works only while it is current).
fn groupby_step(vm: &mut Vm, heap: &mut Heap, gb: ObjId) -> R<bool> {
    let r = refs(heap, gb);
    let Some(inner) = r[0] else { return Ok(false) };
    let Some(v) = vm.iter_next(heap, inner)? else {
        return Ok(false);
    };
    let key = match r[1] {
        Some(f) => match vm.call1(heap, f, &[v]) {
            Ok(k) => k,
            Err(e) => {
                heap.decref(vm, v);
                return Err(e);
            }
        },
        None => {
            heap.incref(v);
            v
        }
    };
    set_ref(vm, heap, gb, 4, Some(v));
    set_ref(vm, heap, gb, 3, Some(key));
    Ok(true)
}

fn groupby_next(vm: &mut Vm, heap: &mut Heap, gb: ObjId) -> R<Option<ObjId>> {
    let serial = nums(heap, gb)[0] + 1;
    set_num(heap, gb, 0, serial);
    loop {
        let r = refs(heap, gb);
        match (r[3], r[2]) {
            (None, _) => {}
            (Some(_), None) => break,
            (Some(cur), Some(tgt)) => {
                if !vm.eq(heap, tgt, cur)? {
                    break;
                }
            }
        }
        if !groupby_step(vm, heap, gb)? {
            return Ok(None);
        }
    }
    let cur = refs(heap, gb)[3].unwrap_or(heap.statics.none);
    heap.incref(cur);
    set_ref(vm, heap, gb, 2, Some(cur));
    heap.incref(gb);
    heap.incref(cur);
    let grouper = new(
        vm,
        heap,
        T::Grouper,
        vec![Some(gb), Some(cur)],
        [serial, 0, 0, 0],
        48,
    );
    heap.incref(cur);
    Ok(Some(vm.new_tuple(heap, vec![cur, grouper])))
}

fn grouper_next(vm: &mut Vm, heap: &mut Heap, g: ObjId) -> R<Option<ObjId>> {
    let r = refs(heap, g);
    let (Some(gb), Some(tgt)) = (r[0], r[1]) else {
        return Ok(None);
    };
    if nums(heap, gb)[0] != nums(heap, g)[0] {
        return Ok(None);
    }
    if refs(heap, gb)[4].is_none() && !groupby_step(vm, heap, gb)? {
        return Ok(None);
    }
    let Some(cur) = refs(heap, gb)[3] else {
        return Ok(None);
    };
    if !vm.eq(heap, tgt, cur)? {
        return Ok(None);
    }
    let v = swap_ref(heap, gb, 4, None);
    set_ref(vm, heap, gb, 3, None);
    Ok(v)
}

/// `repr` of the itertools objects that have one (`count`, `repeat`).
pub(crate) fn repr(vm: &mut Vm, heap: &mut Heap, it: ObjId, t: T) -> R<Option<Rc<str>>> {
    let r = refs(heap, it);
    match t {
        T::Count => {
            let (Some(cur), Some(step)) = (r[0], r[1]) else {
                return Ok(None);
            };
            let c = vm.repr_of(heap, cur)?;
            let one = matches!(
                heap.kind(step),
                Kind::Int(crate::engine::object::IntVal::Small(1))
            );
            Ok(Some(Rc::from(if one {
                format!("count({c})")
            } else {
                format!("count({c}, {})", vm.repr_of(heap, step)?)
            })))
        }
        T::Repeat => {
            let Some(e) = r[0] else { return Ok(None) };
            let e = vm.repr_of(heap, e)?;
            let n = nums(heap, it)[0];
            Ok(Some(Rc::from(if n < 0 {
                format!("repeat({e})")
            } else {
                format!("repeat({e}, {n})")
            })))
        }
        _ => Ok(None),
    }
}

/// `itertools` functions (the types are the module's other names).
pub(crate) const DEFS: &[Def] = &[
    function(M, "tee", tee),
    super::super::builtins::method(T::Tee, "__copy__", tee_copy),
    classmethod(T::Chain, "from_iterable", chain_from_iterable),
];
