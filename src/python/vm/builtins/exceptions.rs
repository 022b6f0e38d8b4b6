//! Exceptions as objects: `raise` of a class or an instance, `raise ... from`, `except`
//! matching (classes and tuples of classes), the attributes (`args`, `__traceback__`,
//! `__cause__`, `__context__`, `value`, `code`...), `with_traceback`, `add_note`.

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{IntVal, Kind};

use super::super::exception::{type_error, Exc, R};
use super::super::Vm;
use super::{method, Args, Def, T};

impl Vm {
    /// What `raise x` raises (`x` owned): an instance as it is, a class instantiated with no
    /// arguments; anything else is a `TypeError`.
    pub(crate) fn make_raisable(&mut self, heap: &mut Heap, x: ObjId) -> R<ObjId> {
        match heap.kind(x) {
            Kind::Exception(_) => Ok(x),
            Kind::Type(t) if super::T::from_index(*t).is_exception() => {
                let r = self.call1(heap, x, &[]);
                heap.decref(self, x);
                r
            }
            Kind::Class(_) if self.solid_base(heap, x).is_exception() => {
                let r = self.call1(heap, x, &[]);
                heap.decref(self, x);
                let v = r?;
                if !matches!(heap.kind(v), Kind::Exception(_)) {
                    heap.decref(self, v);
                    return Err(type_error(
                        "calling the exception class did not return an exception",
                    ));
                }
                Ok(v)
            }
            _ => {
                heap.decref(self, x);
                Err(type_error("exceptions must derive from BaseException"))
            }
        }
    }

    /// `raise exc from cause` (cause owned: an exception, a class, or None).
    pub(crate) fn set_cause(&mut self, heap: &mut Heap, exc: ObjId, cause: ObjId) -> R<()> {
        let cause = match heap.kind(cause) {
            Kind::None => {
                heap.decref(self, cause);
                None
            }
            Kind::Exception(_) => Some(cause),
            Kind::Type(_) | Kind::Class(_) => Some(self.make_raisable(heap, cause)?),
            _ => {
                heap.decref(self, cause);
                return Err(type_error(
                    "exception causes must derive from BaseException",
                ));
            }
        };
        let old = match &mut heap.get_mut(exc).kind {
            Kind::Exception(e) => {
                e.suppress_context = true;
                std::mem::replace(&mut e.cause, cause)
            }
            _ => cause,
        };
        if let Some(o) = old {
            heap.decref(self, o);
        }
        Ok(())
    }

    /// `except ty:` matching the exception `exc`.
    pub(crate) fn check_exc_match(&mut self, heap: &mut Heap, exc: ObjId, ty: ObjId) -> R<bool> {
        let types: Vec<ObjId> = match heap.kind(ty) {
            Kind::Tuple(items) => items.clone(),
            _ => vec![ty],
        };
        let class = self.type_of(heap, exc);
        for t in types {
            let ok = match heap.kind(t) {
                Kind::Type(x) => super::T::from_index(*x).is_exception(),
                Kind::Class(_) => self.solid_base(heap, t).is_exception(),
                _ => false,
            };
            if !ok {
                return Err(type_error(
                    "catching classes that do not inherit from BaseException is not allowed",
                ));
            }
            if self.is_subclass(heap, class, t) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The exit status of an uncaught `SystemExit`.
    pub(crate) fn system_exit_code(&mut self, heap: &mut Heap, exc: ObjId) -> i32 {
        let args: Vec<ObjId> = match heap.kind(exc) {
            Kind::Exception(e) => match heap.kind(e.args) {
                Kind::Tuple(items) => items.clone(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        match args.first().map(|&a| (a, heap.kind(a))) {
            None => 0,
            Some((_, Kind::None)) => 0,
            Some((_, Kind::Int(IntVal::Small(n)))) => *n as i32,
            Some((_, Kind::Bool(b))) => i32::from(*b),
            Some((a, _)) => {
                // Anything else is printed to stderr, and the status is 1.
                let s = self
                    .str_of(heap, a)
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                self.emit(heap, true, &format!("{s}\n"));
                1
            }
        }
    }

    /// Setting the attributes an exception keeps in its own fields; `None` for the rest.
    pub(crate) fn exception_setattr(
        &mut self,
        heap: &mut Heap,
        exc: ObjId,
        name: &str,
        value: ObjId,
    ) -> Option<R<()>> {
        let is_none = matches!(heap.kind(value), Kind::None);
        match name {
            "__traceback__" | "__cause__" | "__context__" => {
                let new = if is_none {
                    heap.decref(self, value);
                    None
                } else {
                    Some(value)
                };
                let old = match &mut heap.get_mut(exc).kind {
                    Kind::Exception(e) => match name {
                        "__traceback__" => std::mem::replace(&mut e.traceback, new),
                        "__cause__" => {
                            e.suppress_context = true;
                            std::mem::replace(&mut e.cause, new)
                        }
                        _ => std::mem::replace(&mut e.context, new),
                    },
                    _ => new,
                };
                if let Some(o) = old {
                    heap.decref(self, o);
                }
                Some(Ok(()))
            }
            "__suppress_context__" => {
                let t = self.is_true(heap, value).unwrap_or(false);
                heap.decref(self, value);
                if let Kind::Exception(e) = &mut heap.get_mut(exc).kind {
                    e.suppress_context = t;
                }
                Some(Ok(()))
            }
            "args" => {
                let items = match self.collect_iterable(heap, value) {
                    Ok(v) => v,
                    Err(e) => {
                        heap.decref(self, value);
                        return Some(Err(e));
                    }
                };
                heap.decref(self, value);
                let t = self.new_tuple(heap, items);
                let old = match &mut heap.get_mut(exc).kind {
                    Kind::Exception(e) => std::mem::replace(&mut e.args, t),
                    _ => t,
                };
                heap.decref(self, old);
                Some(Ok(()))
            }
            "value" | "code" => {
                let base = {
                    let class = self.type_of(heap, exc);
                    self.solid_base(heap, class)
                };
                if (name == "value" && base == T::StopIteration)
                    || (name == "code" && base == T::SystemExit)
                {
                    let old = match &mut heap.get_mut(exc).kind {
                        Kind::Exception(e) => e.extra[0].replace(value),
                        _ => None,
                    };
                    if let Some(o) = old {
                        heap.decref(self, o);
                    }
                    return Some(Ok(()));
                }
                None
            }
            _ => None,
        }
    }

    /// Attributes an exception computes (`args`, `__traceback__`...); `None` for the rest.
    pub(crate) fn exception_getattr(
        &mut self,
        heap: &mut Heap,
        exc: ObjId,
        name: &str,
    ) -> Option<ObjId> {
        let Kind::Exception(e) = heap.kind(exc) else {
            return None;
        };
        let (args, tb, cause, context, suppress, extra) = (
            e.args,
            e.traceback,
            e.cause,
            e.context,
            e.suppress_context,
            e.extra,
        );
        let base = {
            let class = self.type_of(heap, exc);
            self.solid_base(heap, class)
        };
        let first_arg = match heap.kind(args) {
            Kind::Tuple(items) => items.first().copied(),
            _ => None,
        };
        let v = match name {
            "args" => Some(args),
            "__traceback__" => tb,
            "__cause__" => cause,
            "__context__" => context,
            "__suppress_context__" => return Some(heap.bool(suppress)),
            "value" if base == T::StopIteration => extra[0].or(first_arg),
            "code" if base == T::SystemExit => extra[0].or(first_arg),
            "errno" | "strerror" | "filename" if base.is_subtype_of(T::OSError) => None,
            "name"
                if base == T::NameError || base == T::AttributeError || base == T::ImportError =>
            {
                extra[0]
            }
            "obj" if base == T::AttributeError => extra[1],
            _ => return None,
        };
        Some(match v {
            Some(v) => {
                heap.incref(v);
                v
            }
            None => heap.none(),
        })
    }
}

fn init(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let e = a.this();
    let items: Vec<ObjId> = a
        .pos
        .iter()
        .map(|&x| {
            heap.incref(x);
            x
        })
        .collect();
    let t = vm.new_tuple(heap, items);
    let old = match &mut heap.get_mut(e).kind {
        Kind::Exception(d) => std::mem::replace(&mut d.args, t),
        _ => t,
    };
    heap.decref(vm, old);
    // StopIteration keeps its first argument as `value`.
    let class = vm.type_of(heap, e);
    let base = vm.solid_base(heap, class);
    if matches!(base, T::StopIteration | T::SystemExit) {
        if let Some(&v) = a.pos.first() {
            heap.incref(v);
            let old = match &mut heap.get_mut(e).kind {
                Kind::Exception(d) => d.extra[0].replace(v),
                _ => None,
            };
            if let Some(o) = old {
                heap.decref(vm, o);
            }
        }
    }
    Ok(heap.none())
}

fn with_traceback(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let e = a.this();
    heap.incref(a.pos[0]);
    if let Some(r) = vm.exception_setattr(heap, e, "__traceback__", a.pos[0]) {
        r?;
    }
    heap.incref(e);
    Ok(e)
}

fn add_note(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    if !matches!(heap.kind(a.pos[0]), Kind::Str(_)) {
        let t = vm.type_name(heap, a.pos[0]);
        return Err(type_error(format!("note must be a str, not '{t}'")));
    }
    let e = a.this();
    let d = vm.instance_dict(heap, e)?;
    let notes = match heap.dict_get_str(d, "__notes__") {
        Some(n) => n,
        None => {
            let l = vm.new_list(heap, Vec::new());
            let key = vm.intern(heap, "__notes__");
            vm.dict_setitem(heap, d, key, l)?;
            l
        }
    };
    heap.incref(a.pos[0]);
    vm.list_append(heap, notes, a.pos[0]);
    heap.decref(vm, d);
    Ok(heap.none())
}

fn exc_str(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let s = vm.exception_message(heap, a.this());
    Ok(heap.str(&s))
}

fn exc_repr(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let s = vm.repr_of(heap, a.this())?;
    Ok(heap.str(&s))
}

/// `BaseException` methods.
pub(crate) const DEFS: &[Def] = &[
    method(T::BaseException, "__init__", init),
    method(T::BaseException, "with_traceback", with_traceback),
    method(T::BaseException, "add_note", add_note),
    method(T::BaseException, "__str__", exc_str),
    method(T::BaseException, "__repr__", exc_repr),
];

/// Keeps the type used in signatures that take raised conditions.
pub(crate) fn _unused(e: Exc) -> Exc {
    e
}
