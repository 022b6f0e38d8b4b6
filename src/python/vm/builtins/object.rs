//! `object` and `type`: the methods every class inherits (`__init__`, `__new__`, `__eq__`,
//! `__repr__`, `__setattr__`...), which `super()` and explicit calls reach, and those of type
//! objects (`mro()`, `__subclasses__()`).

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::Kind;

use super::super::exception::{type_error, R};
use super::super::Vm;
use super::{classmethod, method, staticmethod, Args, Def, T};

fn init(_vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    Ok(heap.none())
}

fn new(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let Some(&cls) = a.pos.first() else {
        return Err(type_error("object.__new__(): not enough arguments"));
    };
    match heap.kind(cls) {
        Kind::Class(_) => {
            if vm.solid_base(heap, cls).is_exception() {
                let items: Vec<ObjId> = a.pos[1..]
                    .iter()
                    .map(|&x| {
                        heap.incref(x);
                        x
                    })
                    .collect();
                let t = vm.new_tuple(heap, items);
                return Ok(vm.new_exception(heap, cls, t));
            }
            Ok(heap.instance(vm, cls))
        }
        Kind::Type(t) if *t == T::Object as u16 => Ok(heap.new_plain(Kind::Object)),
        _ => {
            let t = vm.repr_of(heap, cls)?;
            Err(type_error(format!(
                "object.__new__(X): X is not a type object ({t})"
            )))
        }
    }
}

fn eq(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    if a.this() == a.pos[0] {
        return Ok(heap.bool(true));
    }
    let n = heap.statics.not_implemented;
    heap.incref(n);
    Ok(n)
}

/// `object.__lt__`, `__le__`, `__gt__`, `__ge__`: `NotImplemented` (object_richcompare).
fn order_not_implemented(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let n = heap.statics.not_implemented;
    heap.incref(n);
    Ok(n)
}

fn ne(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let class = vm.type_of(heap, a.this());
    if let Some(f) = vm.user_method(heap, class, "__eq__") {
        heap.incref(f);
        let r = vm.call_method_with(heap, f, a.this(), &[a.pos[0]]);
        heap.decref(vm, f);
        let v = r?;
        if matches!(heap.kind(v), Kind::NotImplemented) {
            return Ok(v);
        }
        let t = vm.is_true(heap, v);
        heap.decref(vm, v);
        return Ok(heap.bool(!t?));
    }
    if a.this() == a.pos[0] {
        return Ok(heap.bool(false));
    }
    let n = heap.statics.not_implemented;
    heap.incref(n);
    Ok(n)
}

fn hash(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let addr = heap.get(a.this()).addr;
    let _ = vm;
    Ok(heap.int(super::super::hash::hash_pointer(addr)))
}

fn repr(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let class = vm.type_of(heap, a.this());
    let m = vm
        .class_module(heap, class)
        .unwrap_or_else(|| "__main__".into());
    let q = vm.class_qualname(heap, class);
    let addr = heap.get(a.this()).addr;
    let s = if m == "builtins" {
        format!("<{q} object at {addr:#x}>")
    } else {
        format!("<{m}.{q} object at {addr:#x}>")
    };
    Ok(heap.str(&s))
}

fn str_(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let s = vm.repr_of(heap, a.this())?;
    Ok(heap.str(&s))
}

fn format(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let spec = a.get(0).map(|s| vm.str_value(heap, s)).unwrap_or_default();
    if !spec.is_empty() {
        let t = vm.type_name(heap, a.this());
        return Err(type_error(format!(
            "unsupported format string passed to {t}.__format__"
        )));
    }
    let s = vm.str_of(heap, a.this())?;
    Ok(heap.str(&s))
}

fn setattr(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    let name = vm.str_value(heap, a.pos[0]);
    heap.incref(a.pos[1]);
    vm.generic_setattr(heap, a.this(), &name, a.pos[1])?;
    Ok(heap.none())
}

fn getattribute(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let name = vm.str_value(heap, a.pos[0]);
    vm.getattr_str(heap, a.this(), &name)
}

fn delattr(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    vm.generic_delattr(heap, a.this(), a.pos[0])?;
    Ok(heap.none())
}

fn dir(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    vm.dir_of(heap, a.this())
}

fn sizeof(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let n = heap.getsizeof(a.this());
    let gc = if heap.kind(a.this()).is_gc_type() {
        16
    } else {
        0
    };
    let _ = vm;
    Ok(heap.int(n as i64 - gc))
}

fn init_subclass(_vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    Ok(heap.none())
}

fn mro(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let items = vm.mro_of(heap, a.this());
    for &i in &items {
        heap.incref(i);
    }
    Ok(vm.new_list(heap, items))
}

fn subclasses(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let table = match heap.kind(a.this()) {
        Kind::Class(c) => c.subclasses,
        Kind::Type(t) if *t == T::Object as u16 => heap.statics.object_subclasses,
        _ => None,
    };
    let mut out = Vec::new();
    if let Some(t) = table {
        if let Kind::Dict(d) = heap.kind(t) {
            for (_, wr) in d.iter() {
                if let Kind::WeakRef(Some(c), ..) = heap.kind(wr) {
                    out.push(*c);
                }
            }
        }
    }
    for &c in &out {
        heap.incref(c);
    }
    Ok(vm.new_list(heap, out))
}

/// `object` and `type` methods.
/// `type.__new__(meta, name, bases, ns)` (what a metaclass's `super().__new__` reaches).
fn type_dunder_new(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let Some((&meta, rest)) = a.pos.split_first() else {
        return Err(type_error("type.__new__(): not enough arguments"));
    };
    let is_type = matches!(heap.kind(meta), Kind::Type(_) | Kind::Class(_))
        && (meta == vm.types.get(T::Type) || vm.solid_base(heap, meta) == T::Type);
    if !is_type {
        let t = vm.type_name(heap, meta);
        return Err(type_error(format!(
            "type.__new__(X): X is not a type object ({t})"
        )));
    }
    let kw: Vec<(ObjId, ObjId)> = a
        .kwnames
        .iter()
        .copied()
        .zip(a.kwvals.iter().copied())
        .collect();
    vm.metaclass_new(heap, meta, rest, &kw)
}

/// `tuple.__new__(cls, iterable=())`: a tuple, or an instance of a tuple subclass.
fn tuple_dunder_new(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let Some((&cls, rest)) = a.pos.split_first() else {
        return Err(type_error("tuple.__new__(): not enough arguments"));
    };
    let is_tuple_type = matches!(heap.kind(cls), Kind::Type(_) | Kind::Class(_))
        && vm.solid_base(heap, cls) == T::Tuple;
    if !is_tuple_type {
        let what = if matches!(heap.kind(cls), Kind::Type(_) | Kind::Class(_)) {
            let n = vm.class_name(heap, cls);
            format!("tuple.__new__({n}): {n} is not a subtype of tuple")
        } else {
            let t = vm.type_name(heap, cls);
            format!("tuple.__new__(X): X is not a type object ({t})")
        };
        return Err(type_error(what));
    }
    vm.tuple_new_for(heap, cls, rest, a.kwnames)
}

/// `type.__call__(cls, *args, **kwargs)`: what a metaclass's `super().__call__` reaches — a
/// new instance made by `cls.__new__` and `cls.__init__`.
fn type_dunder_call(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let cls = a.this();
    if !matches!(heap.kind(cls), Kind::Class(_)) {
        return vm.call_object(heap, cls, a.pos, None);
    }
    vm.instantiate(heap, cls, a.pos, a.kwnames, a.kwvals)
}

pub(crate) const DEFS: &[Def] = &[
    staticmethod(T::Type, "__new__", type_dunder_new),
    method(T::Type, "__call__", type_dunder_call),
    method(T::Object, "__init__", init),
    staticmethod(T::Object, "__new__", new),
    staticmethod(T::Tuple, "__new__", tuple_dunder_new),
    method(T::Object, "__eq__", eq),
    method(T::Object, "__ne__", ne),
    method(T::Object, "__lt__", order_not_implemented),
    method(T::Object, "__le__", order_not_implemented),
    method(T::Object, "__gt__", order_not_implemented),
    method(T::Object, "__ge__", order_not_implemented),
    method(T::Object, "__hash__", hash),
    method(T::Object, "__repr__", repr),
    method(T::Object, "__str__", str_),
    method(T::Object, "__format__", format),
    method(T::Object, "__setattr__", setattr),
    method(T::Object, "__getattribute__", getattribute),
    method(T::Object, "__delattr__", delattr),
    method(T::Object, "__dir__", dir),
    method(T::Object, "__sizeof__", sizeof),
    classmethod(T::Object, "__init_subclass__", init_subclass),
    method(T::Type, "mro", mro),
    method(T::Type, "__subclasses__", subclasses),
];
