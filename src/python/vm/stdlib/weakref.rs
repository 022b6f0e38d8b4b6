//! The `weakref` module: references (`ref`), proxies, `finalize`, and the counting helpers.
//! A weak reference sits in its referent's list in CPython's order (the shared "basic" ref
//! first, then the basic proxy, then the others, newest first), so callbacks run in CPython's
//! order when the referent dies. `finalize` objects are kept alive by a registry, as
//! `finalize._registry` keeps them, and the alive ones run at exit.

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::Kind;

use super::super::builtins::{function, method, Args, Def, T};
use super::super::exception::{err, type_error, unsupported, R};
use super::super::Vm;

const M: Option<&str> = Some("weakref");

/// Whether objects like `obj` can be weakly referenced.
fn supports_weakrefs(vm: &Vm, heap: &Heap, obj: ObjId) -> bool {
    match heap.kind(obj) {
        Kind::Instance(inst) => matches!(heap.kind(inst.class), Kind::Class(c) if c.has_weakref),
        Kind::Exception(e) => e.heap_class,
        Kind::Class(_)
        | Kind::Type(_)
        | Kind::Function(_)
        | Kind::Method(..)
        | Kind::BuiltinFn(..)
        | Kind::PySet(_)
        | Kind::Set(..)
        | Kind::Generator(_)
        | Kind::Module(..)
        | Kind::Code => true,
        Kind::Native(n) => matches!(
            T::from_index(n.ty),
            T::Deque | T::Partial | T::Property | T::Random
        ),
        Kind::Dict(d) => T::of_dict(d.subtype) != T::Dict && vm.minor >= 8,
        _ => false,
    }
}

/// The shared basic ref and basic proxy at the head of `obj`'s list (`get_basic_refs`).
fn basic_refs(heap: &Heap, obj: ObjId) -> (Option<ObjId>, Option<ObjId>) {
    let list = heap.weakrefs(obj);
    let mut i = 0;
    let mut r = None;
    let mut p = None;
    let basic =
        |w: ObjId, t: T| matches!(heap.kind(w), Kind::WeakRef(_, None, ty) if *ty == t as u16);
    if let Some(&h) = list.first() {
        if basic(h, T::WeakRef) {
            r = Some(h);
            i = 1;
        }
        if let Some(&n) = list.get(i) {
            if basic(n, T::WeakProxy) || basic(n, T::WeakCallableProxy) {
                p = Some(n);
            }
        }
    }
    (r, p)
}

/// The position after `prev` in `obj`'s list.
fn position_after(heap: &Heap, obj: ObjId, prev: Option<ObjId>) -> usize {
    match prev {
        Some(p) => heap
            .weakrefs(obj)
            .iter()
            .position(|&w| w == p)
            .map_or(0, |i| i + 1),
        None => 0,
    }
}

/// `getsizeof` of a weakref or proxy.
fn weakref_size(heap: &Heap) -> u64 {
    if heap.config.version.at_least(11) {
        80
    } else {
        72
    }
}

fn refuse(vm: &Vm, heap: &Heap, obj: ObjId) -> super::super::exception::Exc {
    let t = vm.type_name(heap, obj);
    type_error(format!("cannot create weak reference to '{t}' object"))
}

/// A new weak reference of flavor `t` to `target` (new reference).
fn new_weak(
    vm: &mut Vm,
    heap: &mut Heap,
    target: ObjId,
    callback: Option<ObjId>,
    t: T,
) -> R<ObjId> {
    if !supports_weakrefs(vm, heap, target) {
        return Err(refuse(vm, heap, target));
    }
    let (basic_ref, basic_proxy) = basic_refs(heap, target);
    let is_proxy = t != T::WeakRef;
    if callback.is_none() {
        let shared = if is_proxy { basic_proxy } else { basic_ref };
        if let Some(w) = shared {
            heap.incref(w);
            return Ok(w);
        }
    }
    if let Some(cb) = callback {
        heap.incref(cb);
    }
    let size = weakref_size(heap);
    let wr = heap.alloc_sized(
        vm,
        Kind::WeakRef(Some(target), callback, t as u16),
        Some(size),
    );
    let pos = match (callback.is_none(), is_proxy) {
        (true, false) => 0,
        (true, true) => position_after(heap, target, basic_ref),
        (false, _) => position_after(heap, target, basic_proxy.or(basic_ref)),
    };
    heap.insert_weakref(target, pos, wr);
    vm.weakref_hashes.remove(&wr.0);
    Ok(wr)
}

fn callback_arg(heap: &Heap, a: &Args, i: usize) -> Option<ObjId> {
    a.arg(heap, i, "callback")
        .filter(|&c| !matches!(heap.kind(c), Kind::None))
}

/// `weakref.ref(obj, callback=None)`.
pub(crate) fn ref_new(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    if !a.kwnames.is_empty() {
        return Err(type_error("ref() takes no keyword arguments"));
    }
    if a.pos.is_empty() || a.pos.len() > 2 {
        return Err(type_error(format!(
            "__new__ expected at {} 2 arguments, got {}",
            if a.pos.is_empty() { "least" } else { "most" },
            a.pos.len()
        )));
    }
    let callback = callback_arg(heap, a, 1);
    new_weak(vm, heap, a.pos[0], callback, T::WeakRef)
}

/// `weakref.proxy(obj, callback=None)`.
pub(crate) fn proxy_new(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 2)?;
    let target = a.pos[0];
    let callback = callback_arg(heap, a, 1);
    let callable = vm.is_callable(heap, target);
    let t = if callable {
        T::WeakCallableProxy
    } else {
        T::WeakProxy
    };
    new_weak(vm, heap, target, callback, t)
}

fn proxy(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    proxy_new(vm, heap, a)
}

/// The referent of a proxy (borrowed), or `ReferenceError`.
pub(crate) fn proxy_target(heap: &Heap, p: ObjId) -> R<ObjId> {
    match heap.kind(p) {
        Kind::WeakRef(Some(t), ..) => Ok(*t),
        _ => Err(err(
            T::ReferenceError,
            "weakly-referenced object no longer exists",
        )),
    }
}

/// `proxy.name`: the referent's attribute.
pub(crate) fn proxy_getattr(vm: &mut Vm, heap: &mut Heap, p: ObjId, name: &str) -> R<ObjId> {
    let t = proxy_target(heap, p)?;
    vm.getattr_str(heap, t, name)
}

/// `weakref.WeakMethod(bound_method)`: not modelled yet.
pub(crate) fn weakmethod_new(_vm: &mut Vm, _heap: &mut Heap, _a: &Args) -> R<ObjId> {
    Err(unsupported("weakref.WeakMethod"))
}

/// Calling a `WeakMethod`.
pub(crate) fn weakmethod_call(_vm: &mut Vm, _heap: &mut Heap, _obj: ObjId) -> R<ObjId> {
    Err(unsupported("weakref.WeakMethod"))
}

/// `WeakValueDictionary`, `WeakKeyDictionary`, `WeakSet`: not modelled yet.
pub(crate) fn weak_container_new(_vm: &mut Vm, _heap: &mut Heap, t: T, _a: &Args) -> R<ObjId> {
    Err(unsupported(format!("weakref.{}", t.name())))
}

/// `weakref.finalize(obj, func, *args)`.
pub(crate) fn finalize_new(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    if !a.kwnames.is_empty() {
        return Err(unsupported("keyword arguments to weakref.finalize"));
    }
    if a.pos.len() < 2 {
        return Err(type_error(format!(
            "finalize.__init__() missing {} required positional argument{}: {}",
            2 - a.pos.len(),
            if a.pos.len() == 1 { "" } else { "s" },
            if a.pos.is_empty() {
                "'obj' and 'func'"
            } else {
                "'func'"
            }
        )));
    }
    let (target, func) = (a.pos[0], a.pos[1]);
    if !supports_weakrefs(vm, heap, target) {
        return Err(refuse(vm, heap, target));
    }
    let rest: Vec<ObjId> = a.pos[2..].to_vec();
    for &r in &rest {
        heap.incref(r);
    }
    let argt = vm.new_tuple(heap, rest);
    heap.incref(func);
    let fin = heap.alloc_sized(vm, Kind::Finalizer(func, argt, true), Some(32));
    let wr = new_weak(vm, heap, target, Some(fin), T::WeakRef)?;
    // The registry holds the finalizer and its weakref (`finalize._registry[self] = info`).
    heap.incref(fin);
    vm.finalizer_registry.push((fin, wr));
    Ok(fin)
}

impl Vm {
    /// Calls a finalizer (when its referent dies, when called, at exit): once only.
    pub(crate) fn run_finalizer(&mut self, heap: &mut Heap, fin: ObjId) -> R<ObjId> {
        let Some((func, args)) = self.detach_finalizer(heap, fin) else {
            return Ok(heap.none());
        };
        if self.finalize_shutdown {
            heap.decref(self, func);
            heap.decref(self, args);
            return Ok(heap.none());
        }
        let argv = match heap.kind(args) {
            Kind::Tuple(items) => items.clone(),
            _ => Vec::new(),
        };
        let r = self.call1(heap, func, &argv);
        heap.decref(self, func);
        heap.decref(self, args);
        r
    }

    /// Marks a finalizer dead and drops it from the registry; returns its function and
    /// arguments (owned) if it was alive.
    fn detach_finalizer(&mut self, heap: &mut Heap, fin: ObjId) -> Option<(ObjId, ObjId)> {
        let Kind::Finalizer(func, args, true) = heap.kind(fin).clone() else {
            return None;
        };
        heap.incref(func);
        heap.incref(args);
        if let Kind::Finalizer(.., alive) = &mut heap.get_mut(fin).kind {
            *alive = false;
        }
        self.finalizers_not_at_exit.remove(&fin.0);
        if let Some(pos) = self.finalizer_registry.iter().position(|&(f, _)| f == fin) {
            let (f, wr) = self.finalizer_registry.remove(pos);
            if let Kind::WeakRef(Some(t), ..) = heap.kind(wr).clone() {
                heap.remove_weakref(t, wr);
                if let Kind::WeakRef(target, ..) = &mut heap.get_mut(wr).kind {
                    *target = None;
                }
            }
            heap.decref(self, wr);
            heap.decref(self, f);
        }
        Some((func, args))
    }

    /// At exit: the finalizers still alive run, newest first (`finalize._exitfunc`), except
    /// those whose `atexit` is False.
    pub(crate) fn run_exit_finalizers(&mut self, heap: &mut Heap) {
        let pending: Vec<ObjId> = self
            .finalizer_registry
            .iter()
            .map(|&(f, _)| f)
            .filter(|f| !self.finalizers_not_at_exit.contains(&f.0))
            .collect();
        for fin in pending.into_iter().rev() {
            if !self.finalizer_registry.iter().any(|&(f, _)| f == fin) {
                continue;
            }
            heap.incref(fin);
            let r = self.run_finalizer(heap, fin);
            match r {
                Ok(v) => heap.decref(self, v),
                Err(e) => self.unraisable(heap, e, Some(fin), None),
            }
            heap.decref(self, fin);
        }
        self.finalize_shutdown = true;
    }
}

fn finalize_detach(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let fin = a.this();
    let target = vm
        .finalizer_registry
        .iter()
        .find(|&&(f, _)| f == fin)
        .and_then(|&(_, wr)| match heap.kind(wr) {
            Kind::WeakRef(Some(t), ..) => Some(*t),
            _ => None,
        });
    let Some(target) = target else {
        return Ok(heap.none());
    };
    heap.incref(target);
    let Some((func, args)) = vm.detach_finalizer(heap, fin) else {
        heap.decref(vm, target);
        return Ok(heap.none());
    };
    let kw = heap.dict(vm);
    Ok(vm.new_tuple(heap, vec![target, func, args, kw]))
}

fn finalize_peek(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let fin = a.this();
    let entry = vm
        .finalizer_registry
        .iter()
        .find(|&&(f, _)| f == fin)
        .copied();
    let Some((_, wr)) = entry else {
        return Ok(heap.none());
    };
    let Kind::WeakRef(Some(target), ..) = heap.kind(wr).clone() else {
        return Ok(heap.none());
    };
    let Kind::Finalizer(func, args, _) = heap.kind(fin).clone() else {
        return Ok(heap.none());
    };
    for o in [target, func, args] {
        heap.incref(o);
    }
    let kw = heap.dict(vm);
    Ok(vm.new_tuple(heap, vec![target, func, args, kw]))
}

fn getweakrefcount(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let n = heap.weakrefs(a.pos[0]).len();
    Ok(heap.int(n as i64))
}

fn getweakrefs(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let refs = heap.weakrefs(a.pos[0]).to_vec();
    for &r in &refs {
        heap.incref(r);
    }
    Ok(vm.new_list(heap, refs))
}

/// `weakref` functions, and `finalize`'s methods.
pub(crate) const DEFS: &[Def] = &[
    function(M, "proxy", proxy),
    function(M, "getweakrefcount", getweakrefcount),
    function(M, "getweakrefs", getweakrefs),
    method(T::Finalize, "detach", finalize_detach),
    method(T::Finalize, "peek", finalize_peek),
];
