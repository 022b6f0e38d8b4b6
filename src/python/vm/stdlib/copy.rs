//! The `copy` module: `copy` and `deepcopy` following `Lib/copy.py` — atomic objects are
//! returned as they are, containers are rebuilt, instances are made with `cls.__new__` and
//! given a copy of the state (`__dict__`, which both objects then have materialised, as the
//! `__reduce_ex__` protocol does), `__copy__` / `__deepcopy__` are honoured, and `deepcopy`
//! keeps its memo dict (and the memo's keep-alive list) while it runs.

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::Kind;

use super::super::builtins::{function, Args, Def, T};
use super::super::exception::{type_error, unsupported, R};
use super::super::Vm;

const M: Option<&str> = Some("copy");

/// Objects both copy functions return unchanged.
fn is_atomic(vm: &Vm, heap: &Heap, x: ObjId) -> bool {
    match heap.kind(x) {
        Kind::None
        | Kind::Bool(_)
        | Kind::Ellipsis
        | Kind::NotImplemented
        | Kind::Int(_)
        | Kind::Float(_)
        | Kind::Complex(..)
        | Kind::Str(_)
        | Kind::Bytes(_)
        | Kind::Type(_)
        | Kind::Class(_)
        | Kind::Function(_)
        | Kind::BuiltinFn(..)
        | Kind::Range(..)
        | Kind::WeakRef(..)
        | Kind::Code => true,
        Kind::Native(n) => n.ty == T::Property as u16,
        _ => {
            let _ = vm;
            false
        }
    }
}

/// A user-defined `__copy__` / `__deepcopy__` of `x`'s class.
fn user_hook(vm: &mut Vm, heap: &mut Heap, x: ObjId, name: &str) -> Option<ObjId> {
    if !matches!(heap.kind(x), Kind::Instance(_)) {
        return None;
    }
    let class = vm.type_of(heap, x);
    vm.lookup_type_attr(heap, class, name)
}

/// `x.__reduce_ex__(4)`'s state: its `__dict__` (materialised) if it has entries.
fn instance_state(vm: &mut Vm, heap: &mut Heap, x: ObjId) -> R<Option<ObjId>> {
    let d = vm.instance_dict(heap, x)?;
    if vm.len_of(heap, d)? == 0 {
        heap.decref(vm, d);
        return Ok(None);
    }
    Ok(Some(d))
}

/// `cls.__new__(cls)` for a plain class.
fn bare_instance(vm: &mut Vm, heap: &mut Heap, x: ObjId) -> R<ObjId> {
    let class = vm.type_of(heap, x);
    if vm.solid_base(heap, class) != T::Object {
        let t = vm.type_name(heap, x);
        return Err(unsupported(format!(
            "copying instances of '{t}' (a builtin subclass)"
        )));
    }
    if vm.lookup_type_attr(heap, class, "__slots__").is_some() {
        return Err(unsupported("copying instances of classes with __slots__"));
    }
    Ok(heap.instance(vm, class))
}

/// `y.__dict__.update(state)`.
fn set_state(vm: &mut Vm, heap: &mut Heap, y: ObjId, state: ObjId) -> R<()> {
    if matches!(heap.kind(y), Kind::Instance(_)) {
        let class = vm.type_of(heap, y);
        if let Some(f) = vm.lookup_type_attr(heap, class, "__setstate__") {
            if matches!(heap.kind(f), Kind::Function(_)) {
                heap.incref(f);
                let r = vm.call1(heap, f, &[y, state]);
                heap.decref(vm, f);
                let v = r?;
                heap.decref(vm, v);
                return Ok(());
            }
        }
    }
    let d = vm.instance_dict(heap, y)?;
    let r = vm.dict_update(heap, d, state);
    heap.decref(vm, d);
    r
}

/// `copy.copy(x)`.
fn copy(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let x = a.pos[0];
    if is_atomic(vm, heap, x) {
        heap.incref(x);
        return Ok(x);
    }
    if let Some(f) = user_hook(vm, heap, x, "__copy__") {
        heap.incref(f);
        let r = vm.call1(heap, f, &[x]);
        heap.decref(vm, f);
        return r;
    }
    match heap.kind(x) {
        // (CPython copies a tuple subclass's instance through `__reduce_ex__`.)
        Kind::Tuple(_) if heap.subtype_class(x).is_some() => Err(unsupported(
            "copying an instance of a tuple subclass (a namedtuple)",
        )),
        Kind::Tuple(_) => {
            heap.incref(x);
            Ok(x)
        }
        Kind::PySet(s) if s.frozen => {
            heap.incref(x);
            Ok(x)
        }
        Kind::List(items, ..) => {
            let items = items.clone();
            for &i in &items {
                heap.incref(i);
            }
            Ok(vm.new_list(heap, items))
        }
        Kind::Dict(_) => vm.dict_copy(heap, x),
        Kind::PySet(_) => vm.set_from(heap, Some(x), false),
        Kind::ByteArray(b, _) => {
            let b = b.clone();
            Ok(vm.new_bytearray(heap, b))
        }
        Kind::Instance(_) => {
            let state = instance_state(vm, heap, x)?;
            let y = bare_instance(vm, heap, x);
            let y = match y {
                Ok(y) => y,
                Err(e) => {
                    if let Some(s) = state {
                        heap.decref(vm, s);
                    }
                    return Err(e);
                }
            };
            if let Some(s) = state {
                let r = set_state(vm, heap, y, s);
                heap.decref(vm, s);
                if let Err(e) = r {
                    heap.decref(vm, y);
                    return Err(e);
                }
            }
            Ok(y)
        }
        _ => {
            let t = vm.type_name(heap, x);
            Err(unsupported(format!("copy.copy of '{t}' objects")))
        }
    }
}

/// The state of one `deepcopy` call: the memo dict (id → copy) and its keep-alive list.
struct Memo {
    dict: ObjId,
    keep: Option<ObjId>,
}

impl Memo {
    fn key(heap: &mut Heap, x: ObjId) -> ObjId {
        let addr = heap.get(x).addr;
        heap.int(addr as i64)
    }

    fn get(&self, vm: &mut Vm, heap: &mut Heap, x: ObjId) -> R<Option<ObjId>> {
        let k = Self::key(heap, x);
        let r = vm.dict_lookup(heap, self.dict, k);
        heap.decref(vm, k);
        let r = r?;
        if let Some(v) = r {
            heap.incref(v);
        }
        Ok(r)
    }

    fn put(&mut self, vm: &mut Vm, heap: &mut Heap, x: ObjId, y: ObjId) -> R<()> {
        let k = Self::key(heap, x);
        heap.incref(y);
        vm.dict_setitem(heap, self.dict, k, y)?;
        // `_keep_alive`: the originals stay alive while the copy runs.
        let keep = match self.keep {
            Some(l) => l,
            None => {
                let l = vm.new_list(heap, Vec::new());
                let k = Self::key(heap, self.dict);
                heap.incref(l);
                vm.dict_setitem(heap, self.dict, k, l)?;
                self.keep = Some(l);
                heap.decref(vm, l);
                l
            }
        };
        heap.incref(x);
        vm.list_append(heap, keep, x);
        Ok(())
    }
}

fn deep(vm: &mut Vm, heap: &mut Heap, x: ObjId, memo: &mut Memo) -> R<ObjId> {
    if let Some(y) = memo.get(vm, heap, x)? {
        return Ok(y);
    }
    if is_atomic(vm, heap, x) {
        heap.incref(x);
        return Ok(x);
    }
    if let Some(f) = user_hook(vm, heap, x, "__deepcopy__") {
        heap.incref(f);
        let r = vm.call1(heap, f, &[x, memo.dict]);
        heap.decref(vm, f);
        let y = r?;
        if y != x {
            memo.put(vm, heap, x, y)?;
        }
        return Ok(y);
    }
    let y = match heap.kind(x).clone() {
        Kind::List(items, ..) => {
            let y = vm.new_list(heap, Vec::new());
            memo.put(vm, heap, x, y)?;
            for i in items {
                let c = deep(vm, heap, i, memo);
                match c {
                    Ok(c) => vm.list_append(heap, y, c),
                    Err(e) => {
                        heap.decref(vm, y);
                        return Err(e);
                    }
                }
            }
            return Ok(y);
        }
        Kind::Tuple(_) if heap.subtype_class(x).is_some() => {
            return Err(unsupported(
                "copying an instance of a tuple subclass (a namedtuple)",
            ))
        }
        Kind::Tuple(items) => {
            let mut copies = Vec::with_capacity(items.len());
            for &i in &items {
                match deep(vm, heap, i, memo) {
                    Ok(c) => copies.push(c),
                    Err(e) => {
                        heap.decref_all(vm, copies);
                        return Err(e);
                    }
                }
            }
            // A tuple inside itself was copied while its items were.
            if let Some(y) = memo.get(vm, heap, x)? {
                heap.decref_all(vm, copies);
                return Ok(y);
            }
            if copies.iter().zip(&items).all(|(c, i)| c == i) {
                heap.decref_all(vm, copies);
                heap.incref(x);
                x
            } else {
                vm.new_tuple(heap, copies)
            }
        }
        Kind::Dict(_) => {
            let pairs: Vec<(ObjId, ObjId)> = match heap.kind(x) {
                Kind::Dict(d) => d.iter().collect(),
                _ => Vec::new(),
            };
            let y = heap.dict(vm);
            memo.put(vm, heap, x, y)?;
            for (k, v) in pairs {
                heap.incref(k);
                heap.incref(v);
                let kc = deep(vm, heap, k, memo);
                let vc = kc.and_then(|kc| match deep(vm, heap, v, memo) {
                    Ok(vc) => Ok((kc, vc)),
                    Err(e) => {
                        heap.decref(vm, kc);
                        Err(e)
                    }
                });
                heap.decref(vm, k);
                heap.decref(vm, v);
                match vc {
                    Ok((kc, vc)) => vm.dict_setitem(heap, y, kc, vc)?,
                    Err(e) => {
                        heap.decref(vm, y);
                        return Err(e);
                    }
                }
            }
            return Ok(y);
        }
        Kind::PySet(s) => {
            // `__reduce_ex__`: (set, (list(x),)), the arguments deep-copied.
            let keys: Vec<ObjId> = s.keys().collect();
            for &k in &keys {
                heap.incref(k);
            }
            let l = vm.new_list(heap, keys);
            let lc = deep(vm, heap, l, memo);
            heap.decref(vm, l);
            let lc = lc?;
            let y = vm.set_from(heap, Some(lc), s.frozen);
            heap.decref(vm, lc);
            y?
        }
        Kind::Method(f, this) => {
            let sc = deep(vm, heap, this, memo)?;
            heap.incref(f);
            heap.alloc(vm, Kind::Method(f, sc))
        }
        Kind::Instance(_) => {
            let state = instance_state(vm, heap, x)?;
            let y = match bare_instance(vm, heap, x) {
                Ok(y) => y,
                Err(e) => {
                    if let Some(s) = state {
                        heap.decref(vm, s);
                    }
                    return Err(e);
                }
            };
            memo.put(vm, heap, x, y)?;
            if let Some(s) = state {
                let sc = deep(vm, heap, s, memo);
                heap.decref(vm, s);
                let sc = match sc {
                    Ok(sc) => sc,
                    Err(e) => {
                        heap.decref(vm, y);
                        return Err(e);
                    }
                };
                let r = set_state(vm, heap, y, sc);
                heap.decref(vm, sc);
                if let Err(e) = r {
                    heap.decref(vm, y);
                    return Err(e);
                }
            }
            return Ok(y);
        }
        _ => {
            let t = vm.type_name(heap, x);
            return Err(unsupported(format!("copy.deepcopy of '{t}' objects")));
        }
    };
    if y != x {
        memo.put(vm, heap, x, y)?;
    }
    Ok(y)
}

/// `copy.deepcopy(x, memo=None)`.
fn deepcopy(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 2)?;
    let x = a.pos[0];
    let given = a
        .arg(heap, 1, "memo")
        .filter(|&m| !matches!(heap.kind(m), Kind::None));
    let dict = match given {
        Some(d) => {
            if !matches!(heap.kind(d), Kind::Dict(_)) {
                return Err(type_error("memo must be a dict"));
            }
            heap.incref(d);
            d
        }
        None => {
            if is_atomic(vm, heap, x) {
                heap.incref(x);
                return Ok(x);
            }
            heap.dict(vm)
        }
    };
    let mut memo = Memo { dict, keep: None };
    let r = deep(vm, heap, x, &mut memo);
    heap.decref(vm, dict);
    r
}

/// `copy` functions.
pub(crate) const DEFS: &[Def] = &[function(M, "copy", copy), function(M, "deepcopy", deepcopy)];
