//! `functools`: `partial` objects (their function, positional arguments tuple and keywords
//! dict, flattened when a partial wraps a partial, as CPython does), `reduce`, `lru_cache` /
//! `cache` wrappers with their cache dict, and `wraps` / `update_wrapper` (which is what
//! `wraps` returns a partial of, as in CPython).

use std::rc::Rc;

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{Kind, NativePayload};

use super::super::builtins::{function, method, Args, Def, T};
use super::super::exception::{type_error, unsupported, R};
use super::super::Vm;

const M: Option<&str> = Some("functools");

fn partial_size(heap: &Heap) -> u64 {
    if heap.config.version.at_least(14) {
        96
    } else {
        80
    }
}

/// `refs = [func, args tuple, keywords dict]`.
fn partial_parts(heap: &Heap, p: ObjId) -> Option<(ObjId, ObjId, ObjId)> {
    match heap.kind(p) {
        Kind::Native(n) if n.ty == T::Partial as u16 => Some((n.refs[0]?, n.refs[1]?, n.refs[2]?)),
        _ => None,
    }
}

fn tuple_items(heap: &Heap, t: ObjId) -> Vec<ObjId> {
    match heap.kind(t) {
        Kind::Tuple(items) => items.clone(),
        _ => Vec::new(),
    }
}

fn dict_pairs(heap: &Heap, d: ObjId) -> Vec<(ObjId, ObjId)> {
    match heap.kind(d) {
        Kind::Dict(dd) => dd.iter().collect(),
        _ => Vec::new(),
    }
}

/// `functools.partial(func, *args, **keywords)`.
pub(crate) fn partial_new(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let Some(&first) = a.pos.first() else {
        return Err(type_error("type 'partial' takes at least one argument"));
    };
    let flattened = partial_parts(heap, first).is_some();
    let (func, mut args, mut kw) = match partial_parts(heap, first) {
        // A partial of a partial is flattened.
        Some((f, args, kw)) => (f, tuple_items(heap, args), dict_pairs(heap, kw)),
        None => {
            if !vm.is_callable(heap, first) {
                return Err(type_error("the first argument must be callable"));
            }
            (first, Vec::new(), Vec::new())
        }
    };
    args.extend_from_slice(&a.pos[1..]);
    for (&k, &v) in a.kwnames.iter().zip(a.kwvals) {
        kw.push((k, v));
    }
    heap.incref(func);
    for &x in &args {
        heap.incref(x);
    }
    // `PyTuple_GetSlice` of the call's arguments (an array: untracked at creation from 3.14
    // when no item is a GC object); a flattened partial's are a concatenation.
    let argt = if flattened {
        vm.new_tuple(heap, args)
    } else {
        vm.new_tuple_from_array(heap, args)
    };
    let kwd = heap.dict(vm);
    for (k, v) in kw {
        heap.incref(k);
        heap.incref(v);
        vm.dict_setitem(heap, kwd, k, v)?;
    }
    let size = partial_size(heap);
    Ok(vm.new_native(
        heap,
        T::Partial,
        vec![Some(func), Some(argt), Some(kwd)],
        size,
    ))
}

/// Calling a partial: its arguments first, then the call's; keywords merged.
pub(crate) fn partial_call(
    vm: &mut Vm,
    heap: &mut Heap,
    p: ObjId,
    args: &[ObjId],
    kwnames: &[ObjId],
    kwvals: &[ObjId],
) -> R<ObjId> {
    let Some((func, pargs, pkw)) = partial_parts(heap, p) else {
        return Err(type_error("not a partial"));
    };
    let mut all = tuple_items(heap, pargs);
    all.extend_from_slice(args);
    let mut kw = dict_pairs(heap, pkw);
    for (&k, &v) in kwnames.iter().zip(kwvals) {
        let name = vm.str_value(heap, k);
        match kw
            .iter()
            .position(|&(pk, _)| *vm.str_value(heap, pk) == *name)
        {
            Some(i) => kw[i].1 = v,
            None => kw.push((k, v)),
        }
    }
    heap.incref(func);
    let r = vm.call_kw(heap, func, &all, &kw);
    heap.decref(vm, func);
    r
}

/// `repr(partial)`.
pub(crate) fn partial_repr(vm: &mut Vm, heap: &mut Heap, p: ObjId) -> R<Rc<str>> {
    let Some((func, args, kw)) = partial_parts(heap, p) else {
        return Ok(Rc::from("functools.partial(...)"));
    };
    let name = match vm.class_module(heap, vm.type_of(heap, p)) {
        Some(m) if m != "builtins" => format!("{m}.{}", vm.type_name(heap, p)),
        _ => vm.type_name(heap, p),
    };
    if vm.repr_stack.contains(&p) {
        return Ok(Rc::from("..."));
    }
    vm.repr_stack.push(p);
    vm.repr_enter(heap, p);
    let mut parts = vec![];
    let r = (|| -> R<()> {
        parts.push(vm.repr_of(heap, func)?.to_string());
        for x in tuple_items(heap, args) {
            parts.push(vm.repr_of(heap, x)?.to_string());
        }
        for (k, v) in dict_pairs(heap, kw) {
            let k = vm.str_value(heap, k);
            parts.push(format!("{k}={}", vm.repr_of(heap, v)?));
        }
        Ok(())
    })();
    vm.repr_leave(heap, p);
    vm.repr_stack.pop();
    r?;
    Ok(Rc::from(format!("{name}({})", parts.join(", "))))
}

/// `partial.func`, `.args`, `.keywords`.
pub(crate) fn partial_getattr(
    vm: &mut Vm,
    heap: &mut Heap,
    p: ObjId,
    name: &str,
) -> R<Option<ObjId>> {
    let Some((func, args, kw)) = partial_parts(heap, p) else {
        return Ok(None);
    };
    let v = match name {
        "func" => func,
        "args" => args,
        "keywords" => kw,
        "__dict__" => partial_dict(vm, heap, p),
        _ => match partial_existing_dict(heap, p).and_then(|d| heap.dict_get_str(d, name)) {
            Some(v) => v,
            None => return Ok(None),
        },
    };
    heap.incref(v);
    Ok(Some(v))
}

/// A partial's `__dict__` if it has one yet (its fourth reference).
fn partial_existing_dict(heap: &Heap, p: ObjId) -> Option<ObjId> {
    match heap.kind(p) {
        Kind::Native(n) => n.refs.get(3).copied().flatten(),
        _ => None,
    }
}

/// A partial's `__dict__`, made on first use (`pi_dict`), borrowed.
pub(crate) fn partial_dict(vm: &mut Vm, heap: &mut Heap, p: ObjId) -> ObjId {
    if let Some(d) = partial_existing_dict(heap, p) {
        return d;
    }
    let d = heap.dict(vm);
    if let Kind::Native(n) = &mut heap.get_mut(p).kind {
        n.refs.resize(3, None);
        n.refs.push(Some(d));
    }
    d
}

/// `functools.reduce(function, iterable[, initial])`.
fn reduce(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 3)?;
    let f = a.pos[0];
    let it = vm.get_iter(heap, a.pos[1])?;
    let mut acc = a.pos.get(2).copied().inspect(|&v| heap.incref(v));
    loop {
        let v = match vm.iter_next(heap, it) {
            Ok(Some(v)) => v,
            Ok(None) => break,
            Err(e) => {
                heap.decref(vm, it);
                if let Some(x) = acc {
                    heap.decref(vm, x);
                }
                return Err(e);
            }
        };
        acc = Some(match acc {
            None => v,
            Some(x) => {
                let r = vm.call1(heap, f, &[x, v]);
                heap.decref(vm, x);
                heap.decref(vm, v);
                match r {
                    Ok(r) => r,
                    Err(e) => {
                        heap.decref(vm, it);
                        return Err(e);
                    }
                }
            }
        });
    }
    heap.decref(vm, it);
    acc.ok_or_else(|| {
        type_error(if vm.minor >= 11 {
            "reduce() of empty iterable with no initial value"
        } else {
            "reduce() of empty sequence with no initial value"
        })
    })
}

/// The size of an `_lru_cache_wrapper`.
fn lru_size(heap: &Heap) -> u64 {
    if heap.config.version.at_least(11) {
        168
    } else {
        144
    }
}

/// A cache wrapper around `func`: `refs = [func, cache dict, __dict__]`,
/// `nums = [maxsize (-1: unbounded), hits, misses]`.
fn make_lru(vm: &mut Vm, heap: &mut Heap, func: ObjId, maxsize: i64) -> R<ObjId> {
    if !vm.is_callable(heap, func) {
        return Err(type_error("the first argument must be callable"));
    }
    heap.incref(func);
    let cache = heap.dict(vm);
    let size = lru_size(heap);
    let w = vm.new_native_full(
        heap,
        T::LruCacheWrapper,
        vec![Some(func), Some(cache), None],
        [maxsize, 0, 0, 0],
        NativePayload::None,
        size,
        true,
    );
    Ok(w)
}

/// `@lru_cache`, `@lru_cache(maxsize=n)`, `@lru_cache(None)`.
fn lru_cache(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 2)?;
    a.only_kw(heap, &["maxsize", "typed"])?;
    if let Some(t) = a.arg(heap, 1, "typed") {
        if vm.is_true(heap, t)? {
            return Err(unsupported("lru_cache(typed=True)"));
        }
    }
    let m = a.arg(heap, 0, "maxsize");
    match m {
        Some(f) if vm.is_callable(heap, f) && vm.int_value(heap, f).is_none() => {
            make_lru(vm, heap, f, 128)
        }
        _ => {
            let maxsize = match m {
                None => 128,
                Some(x) if matches!(heap.kind(x), Kind::None) => -1,
                Some(x) => match vm.int_value(heap, x) {
                    Some(_) => vm.index_value(heap, x)?.max(0),
                    None => {
                        return Err(type_error(
                            "Expected first argument to be an integer, a callable, or None",
                        ))
                    }
                },
            };
            // The decorator: a partial of the builtin that wraps.
            let maker = vm.builtin_function_in(heap, "functools", "_lru_cache_make");
            let n = heap.int(maxsize);
            let args = vm.new_tuple(heap, vec![n]);
            let kw = heap.dict(vm);
            let size = partial_size(heap);
            Ok(vm.new_native(
                heap,
                T::Partial,
                vec![Some(maker), Some(args), Some(kw)],
                size,
            ))
        }
    }
}

/// `_lru_cache_make(maxsize, func)`: the wrapper (what `lru_cache(maxsize)` returns a partial of).
fn lru_cache_make(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    let maxsize = vm.index_value(heap, a.pos[0])?;
    make_lru(vm, heap, a.pos[1], maxsize)
}

fn cache(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    make_lru(vm, heap, a.pos[0], -1)
}

/// Calling a cache wrapper: the cached result, or a call whose result is stored.
pub(crate) fn lru_call(
    vm: &mut Vm,
    heap: &mut Heap,
    w: ObjId,
    args: &[ObjId],
    kwnames: &[ObjId],
    kwvals: &[ObjId],
) -> R<ObjId> {
    let (func, cache, maxsize) = match heap.kind(w) {
        Kind::Native(n) => (n.refs[0], n.refs[1], n.nums[0]),
        _ => return Err(type_error("not a cache wrapper")),
    };
    let (Some(func), Some(cache)) = (func, cache) else {
        return Err(type_error("not a cache wrapper"));
    };
    if maxsize == 0 {
        bump(heap, w, 2);
        return call_with_kw(vm, heap, func, args, kwnames, kwvals);
    }
    // The key: a lone int or str argument is its own key; otherwise a tuple of the arguments
    // (and a marker, then the keyword pairs).
    let key = if kwnames.is_empty()
        && args.len() == 1
        && matches!(vm.builtin_type(heap, args[0]), Some(T::Int | T::Str))
    {
        heap.incref(args[0]);
        args[0]
    } else {
        let mut items: Vec<ObjId> = args.to_vec();
        if !kwnames.is_empty() {
            let mark = vm.lru_kwd_mark(heap);
            items.push(mark);
            for (&k, &v) in kwnames.iter().zip(kwvals) {
                items.push(k);
                items.push(v);
            }
        }
        for &i in &items {
            heap.incref(i);
        }
        vm.new_tuple(heap, items)
    };
    let found = match vm.dict_lookup(heap, cache, key) {
        Ok(f) => f,
        Err(e) => {
            heap.decref(vm, key);
            return Err(e);
        }
    };
    if let Some(v) = found {
        bump(heap, w, 1);
        if maxsize > 0 {
            // Most recently used goes last.
            heap.incref(v);
            heap.incref(key);
            vm.dict_delitem(heap, cache, key)?;
            vm.dict_setitem(heap, cache, key, v)?;
        } else {
            heap.decref(vm, key);
        }
        heap.incref(v);
        return Ok(v);
    }
    bump(heap, w, 2);
    let r = call_with_kw(vm, heap, func, args, kwnames, kwvals);
    let v = match r {
        Ok(v) => v,
        Err(e) => {
            heap.decref(vm, key);
            return Err(e);
        }
    };
    heap.incref(v);
    vm.dict_setitem(heap, cache, key, v)?;
    if maxsize > 0 {
        let n = vm.len_of(heap, cache)? as i64;
        if n > maxsize {
            let first = match heap.kind(cache) {
                Kind::Dict(d) => d.iter().next().map(|(k, _)| k),
                _ => None,
            };
            if let Some(k) = first {
                heap.incref(k);
                let r = vm.dict_delitem(heap, cache, k);
                heap.decref(vm, k);
                r?;
            }
        }
    }
    Ok(v)
}

fn call_with_kw(
    vm: &mut Vm,
    heap: &mut Heap,
    func: ObjId,
    args: &[ObjId],
    kwnames: &[ObjId],
    kwvals: &[ObjId],
) -> R<ObjId> {
    let kw: Vec<(ObjId, ObjId)> = kwnames
        .iter()
        .copied()
        .zip(kwvals.iter().copied())
        .collect();
    vm.call_kw(heap, func, args, &kw)
}

fn bump(heap: &mut Heap, w: ObjId, which: usize) {
    if let Kind::Native(n) = &mut heap.get_mut(w).kind {
        n.nums[which] += 1;
    }
}

impl Vm {
    /// The keyword marker of cache keys (one object per interpreter, as `kwd_mark`).
    fn lru_kwd_mark(&mut self, heap: &mut Heap) -> ObjId {
        let key = "functools._kwd_mark".to_string();
        if let Some(&m) = self.names.get(key.as_str()) {
            heap.incref(m);
            return m;
        }
        let m = heap.new_plain(Kind::Object);
        self.interpreter_objs.insert(m.0);
        heap.incref(m);
        self.names.insert(Rc::from(key.as_str()), m);
        m
    }

    /// A builtin function of module `m` by name (new reference).
    pub(crate) fn builtin_function_in(
        &mut self,
        heap: &mut Heap,
        m: &'static str,
        name: &str,
    ) -> ObjId {
        match Self::builtin_index(None, Some(m), name) {
            Some(i) => self.builtin_object(heap, i),
            None => heap.none(),
        }
    }
}

/// `wrapper.cache_info()`: a `CacheInfo(hits, misses, maxsize, currsize)` namedtuple (the
/// class is made in Python when functools is imported, as CPython's `_CacheInfo`).
fn cache_info(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 0)?;
    let (maxsize, hits, misses, cache) = match heap.kind(a.this()) {
        Kind::Native(n) => (n.nums[0], n.nums[1], n.nums[2], n.refs[1]),
        _ => return Err(type_error("not a cache wrapper")),
    };
    let currsize = match cache.map(|c| heap.kind(c)) {
        Some(Kind::Dict(d)) => d.used as i64,
        _ => 0,
    };
    let class = vm
        .modules
        .get("functools")
        .and_then(|&m| match heap.kind(m) {
            Kind::Module(_, d) => heap.dict_get_str(*d, "_CacheInfo"),
            _ => None,
        })
        .ok_or_else(|| unsupported("cache_info() before functools is imported"))?;
    let items = [
        heap.int(hits),
        heap.int(misses),
        if maxsize < 0 {
            heap.none()
        } else {
            heap.int(maxsize)
        },
        heap.int(currsize),
    ];
    heap.incref(class);
    let r = vm.call1(heap, class, &items);
    heap.decref(vm, class);
    for i in items {
        heap.decref(vm, i);
    }
    r
}

fn cache_clear(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let w = a.this();
    let cache = match &mut heap.get_mut(w).kind {
        Kind::Native(n) => {
            n.nums[1] = 0;
            n.nums[2] = 0;
            n.refs[1]
        }
        _ => None,
    };
    if let Some(c) = cache {
        let pairs = heap.dict_clear(c);
        for (k, v) in pairs {
            heap.decref(vm, k);
            heap.decref(vm, v);
        }
    }
    Ok(heap.none())
}

/// Attributes of a cache wrapper: `__wrapped__` and the wrapped function's names.
pub(crate) fn lru_getattr(vm: &mut Vm, heap: &mut Heap, w: ObjId, name: &str) -> R<Option<ObjId>> {
    let func = match heap.kind(w) {
        Kind::Native(n) => n.refs[0],
        _ => None,
    };
    let Some(func) = func else { return Ok(None) };
    match name {
        "__wrapped__" => {
            heap.incref(func);
            Ok(Some(func))
        }
        "__name__" | "__qualname__" | "__doc__" | "__module__" => {
            vm.getattr_str(heap, func, name).map(Some)
        }
        _ => Ok(None),
    }
}

/// `functools.update_wrapper(wrapper, wrapped)`: copies the names and `__dict__`, sets
/// `__wrapped__`.
fn update_wrapper(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.only_kw(heap, &["wrapper", "wrapped", "assigned", "updated"])?;
    let (Some(wrapper), Some(wrapped)) = (a.arg(heap, 0, "wrapper"), a.arg(heap, 1, "wrapped"))
    else {
        return Err(type_error(
            "update_wrapper() missing required positional arguments: 'wrapper' and 'wrapped'",
        ));
    };
    if a.arg(heap, 2, "assigned").is_some() || a.arg(heap, 3, "updated").is_some() {
        return Err(unsupported("update_wrapper with assigned= or updated="));
    }
    // (`__annotations__` / `__annotate__` and `__type_params__` are copied too by CPython;
    // pymemsim's functions have none to copy.)
    for name in ["__module__", "__name__", "__qualname__", "__doc__"] {
        match vm.getattr_str(heap, wrapped, name) {
            // setattr_str takes the reference getattr gave.
            Ok(v) => vm.setattr_str(heap, wrapper, name, v)?,
            Err(e) if vm.err_matches(heap, &e, T::AttributeError) => {
                vm.discard(heap, e);
            }
            Err(e) => return Err(e),
        }
    }
    // `wrapper.__dict__.update(wrapped.__dict__)`, only when the wrapped has entries.
    if let Kind::Function(f) = heap.kind(wrapped) {
        if let Some(d) = f.dict {
            let pairs = dict_pairs(heap, d);
            for (k, v) in pairs {
                let name = vm.str_value(heap, k);
                heap.incref(v);
                vm.setattr_str(heap, wrapper, &name, v)?;
            }
        }
    }
    heap.incref(wrapped);
    vm.setattr_str(heap, wrapper, "__wrapped__", wrapped)?;
    heap.incref(wrapper);
    Ok(wrapper)
}

/// `functools.wraps(wrapped)`: `partial(update_wrapper, wrapped=wrapped)`.
fn wraps(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.only_kw(heap, &["wrapped", "assigned", "updated"])?;
    let Some(wrapped) = a.arg(heap, 0, "wrapped") else {
        return Err(type_error(
            "wraps() missing 1 required positional argument: 'wrapped'",
        ));
    };
    if a.arg(heap, 1, "assigned").is_some() || a.arg(heap, 2, "updated").is_some() {
        return Err(unsupported("wraps with assigned= or updated="));
    }
    let uw = vm.builtin_function_in(heap, "functools", "update_wrapper");
    let args = vm.new_tuple(heap, Vec::new());
    let kw = heap.dict(vm);
    let k = vm.intern(heap, "wrapped");
    heap.incref(wrapped);
    vm.dict_setitem(heap, kw, k, wrapped)?;
    let size = partial_size(heap);
    Ok(vm.new_native(heap, T::Partial, vec![Some(uw), Some(args), Some(kw)], size))
}

fn total_ordering(_vm: &mut Vm, _heap: &mut Heap, _a: &Args) -> R<ObjId> {
    Err(unsupported("functools.total_ordering"))
}

fn cmp_to_key(_vm: &mut Vm, _heap: &mut Heap, _a: &Args) -> R<ObjId> {
    Err(unsupported("functools.cmp_to_key"))
}

fn singledispatch(_vm: &mut Vm, _heap: &mut Heap, _a: &Args) -> R<ObjId> {
    Err(unsupported("functools.singledispatch"))
}

fn cached_property(_vm: &mut Vm, _heap: &mut Heap, _a: &Args) -> R<ObjId> {
    Err(unsupported("functools.cached_property"))
}

/// `functools` functions.
pub(crate) const DEFS: &[Def] = &[
    function(M, "reduce", reduce),
    function(M, "lru_cache", lru_cache),
    function(M, "_lru_cache_make", lru_cache_make),
    function(M, "cache", cache),
    function(M, "update_wrapper", update_wrapper),
    function(M, "wraps", wraps),
    function(M, "total_ordering", total_ordering),
    function(M, "cmp_to_key", cmp_to_key),
    function(M, "singledispatch", singledispatch),
    function(M, "cached_property", cached_property),
    method(T::LruCacheWrapper, "cache_info", cache_info),
    method(T::LruCacheWrapper, "cache_clear", cache_clear),
];
