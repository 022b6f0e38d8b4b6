//! The builtin functions (`print`, `len`, `sorted`, `isinstance`...), the builtin types'
//! constructors, name lookup in the builtins, calling objects that are not functions
//! (`__call__`, bound builtins, weak references), and the attributes builtin objects compute
//! (`f.__name__`, `gen.gi_frame`, `cell.cell_contents`...).

use std::rc::Rc;

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{FrameState, IntVal, Kind, NativePayload};

use super::super::exception::{err, type_error, unsupported, value_error, Exc, Raised, R};
use super::super::frame::Ref;
use super::super::Vm;
use super::{function, method, Args, Def, T};

impl Vm {
    /// A builtin name's value (new reference), if `builtins` has it.
    pub(crate) fn builtin_value(&mut self, heap: &mut Heap, name: &str) -> Option<ObjId> {
        if let Some(i) = Self::builtin_index(None, None, name) {
            return Some(self.builtin_object(heap, i));
        }
        if let Some(&t) = T::ALL
            .iter()
            .find(|t| t.module().is_none() && t.name() == name && is_builtin_name(**t))
        {
            let o = self.types.get(t);
            heap.incref(o);
            return Some(o);
        }
        match name {
            "Ellipsis" => {
                let e = heap.statics.ellipsis;
                heap.incref(e);
                Some(e)
            }
            "NotImplemented" => {
                let n = heap.statics.not_implemented;
                heap.incref(n);
                Some(n)
            }
            "EnvironmentError" | "IOError" => {
                let o = self.types.get(T::OSError);
                heap.incref(o);
                Some(o)
            }
            _ => None,
        }
    }

    /// `LOAD_GLOBAL`: the globals, then the builtins.
    pub(crate) fn load_global(&mut self, heap: &mut Heap, globals: ObjId, name: ObjId) -> R<ObjId> {
        if let Some((_, v)) = Self::dict_entry_of_same(heap, globals, name) {
            heap.incref(v);
            return Ok(v);
        }
        let text = self.str_value(heap, name);
        if let Some(v) = heap.dict_get_str(globals, &text) {
            heap.incref(v);
            return Ok(v);
        }
        // The builtins are static objects: remembered by name.
        if let Some(&cached) = self.builtin_cache.get(&*text) {
            return match cached {
                Some(v) => {
                    heap.incref(v);
                    Ok(v)
                }
                None => Err(self.load_name_error(heap, name)),
            };
        }
        let v = self.builtin_value(heap, &text);
        self.builtin_cache.insert(text, v);
        match v {
            Some(v) => Ok(v),
            None => Err(self.load_name_error(heap, name)),
        }
    }

    /// `LOAD_NAME`: the frame's namespace, the globals, the builtins.
    pub(crate) fn load_name(&mut self, heap: &mut Heap, name: ObjId) -> R<ObjId> {
        let f = self.frame();
        let (ns, globals) = (f.namespace, f.globals);
        if let Some(ns) = ns {
            if let Some((_, v)) = Self::dict_entry_of_same(heap, ns, name) {
                heap.incref(v);
                return Ok(v);
            }
            let text = self.str_value(heap, name);
            if let Kind::Dict(_) = heap.kind(ns) {
                if let Some(v) = heap.dict_get_str(ns, &text) {
                    heap.incref(v);
                    return Ok(v);
                }
            }
        }
        self.load_global(heap, globals, name)
    }

    /// `NameError: name 'x' is not defined`.
    /// A name not found when loading it: CPython's `NameError`, unless it is a builtin CPython
    /// has in this version but pymemsim does not implement.
    fn load_name_error(&mut self, heap: &mut Heap, name: ObjId) -> Exc {
        let text = self.str_value(heap, name);
        if super::cpython_has("builtins", &text, self.minor) {
            return super::super::exception::unsupported(format!("the builtin '{text}'"));
        }
        self.name_error(heap, name)
    }

    pub(crate) fn name_error(&mut self, heap: &mut Heap, name: ObjId) -> Exc {
        let text = self.str_value(heap, name);
        let msg = heap.str(&format!("name '{text}' is not defined"));
        let args = self.new_tuple(heap, vec![msg]);
        let exc = self.new_exception(heap, self.types.get(T::NameError), args);
        if self.minor >= 10 {
            heap.incref(name);
            if let Kind::Exception(e) = &mut heap.get_mut(exc).kind {
                e.extra[0] = Some(name);
            }
        }
        Exc::new(Raised::Obj(exc))
    }

    /// Calls a builtin type: its constructor.
    pub(crate) fn construct_builtin(
        &mut self,
        heap: &mut Heap,
        t: T,
        class: ObjId,
        args: &[ObjId],
        kwnames: &[ObjId],
        kwvals: &[ObjId],
    ) -> R<ObjId> {
        let a = Args {
            this: Some(class),
            pos: args,
            kwnames,
            kwvals,
            name: t.name(),
        };
        if t.is_exception() {
            let items: Vec<ObjId> = args
                .iter()
                .map(|&x| {
                    heap.incref(x);
                    x
                })
                .collect();
            let tuple = self.new_tuple(heap, items);
            let e = self.new_exception(heap, class, tuple);
            if matches!(t, T::StopIteration | T::SystemExit) {
                if let Some(&v) = args.first() {
                    heap.incref(v);
                    if let Kind::Exception(d) = &mut heap.get_mut(e).kind {
                        d.extra[0] = Some(v);
                    }
                }
            }
            if let Some(n) = a.kw(heap, "name") {
                heap.incref(n);
                if let Kind::Exception(d) = &mut heap.get_mut(e).kind {
                    d.extra[0] = Some(n);
                }
            }
            return Ok(e);
        }
        match t {
            T::Object => {
                if !args.is_empty() {
                    return Err(type_error("object() takes no arguments"));
                }
                Ok(heap.new_plain(Kind::Object))
            }
            T::Type => match args.len() {
                3 if !matches!(heap.kind(args[0]), Kind::Str(_)) => {
                    let t = self.type_name(heap, args[0]);
                    Err(type_error(format!(
                        "type.__new__() argument 1 must be str, not {t}"
                    )))
                }
                1 => {
                    let ty = self.type_of(heap, args[0]);
                    heap.incref(ty);
                    Ok(ty)
                }
                3 => {
                    let name = self.str_value(heap, args[0]);
                    let bases = match heap.kind(args[1]) {
                        Kind::Tuple(items) => items.clone(),
                        _ => return Err(type_error("type.__new__() argument 2 must be tuple")),
                    };
                    // `type.__new__`'s "UO!O!" (the namespace is copied by type_new).
                    if !matches!(heap.kind(args[2]), Kind::Dict(_)) {
                        let t = self.type_name(heap, args[2]);
                        let what = if self.minor >= 15 {
                            "dict or frozendict"
                        } else {
                            "dict"
                        };
                        return Err(type_error(format!(
                            "type.__new__() argument 3 must be {what}, not {t}"
                        )));
                    }
                    let cls = self.type_new(heap, &name, &bases, args[2])?;
                    // `type.__new__` then tells descriptors their names and calls the
                    // parent's `__init_subclass__`.
                    if let Err(e) = self.init_subclass(heap, cls, &[]) {
                        heap.decref(self, cls);
                        return Err(e);
                    }
                    Ok(cls)
                }
                _ => Err(type_error("type() takes 1 or 3 arguments")),
            },
            T::Int => {
                a.count(0, 2)?;
                self.int_new(heap, args, a.kw(heap, "base"))
            }
            T::Bool => {
                a.count(0, 1)?;
                match args.first() {
                    Some(&x) => {
                        let t = self.is_true(heap, x)?;
                        Ok(heap.bool(t))
                    }
                    None => Ok(heap.bool(false)),
                }
            }
            T::Float => {
                a.count(0, 1)?;
                self.float_new(heap, args.first().copied())
            }
            T::Complex => self.complex_new(heap, a.arg(heap, 0, "real"), a.arg(heap, 1, "imag")),
            T::Str => {
                a.count(0, 3)?;
                self.str_new(heap, a.arg(heap, 0, "object"), a.arg(heap, 1, "encoding"))
            }
            T::Bytes => {
                let b =
                    self.bytes_from(heap, a.arg(heap, 0, "source"), a.arg(heap, 1, "encoding"))?;
                Ok(heap.bytes(&b))
            }
            T::ByteArray => {
                let source = a.arg(heap, 0, "source");
                let b = self.bytes_from(heap, source, a.arg(heap, 1, "encoding"))?;
                // An iterable of ints is appended item by item, the buffer growing as it fills
                // (lists and tuples are sized at once from 3.11).
                let per_item = source.is_some_and(|s| match heap.kind(s) {
                    Kind::Bytes(_) | Kind::ByteArray(..) | Kind::Str(_) | Kind::Int(_) => false,
                    Kind::List(..) | Kind::Tuple(_) => heap.config.version.minor < 11,
                    _ => true,
                });
                if per_item {
                    return Ok(self.bytearray_appended(heap, b));
                }
                Ok(self.new_bytearray(heap, b))
            }
            T::List => {
                a.count(0, 1)?;
                let l = heap.list_generic(self);
                // 3.15 compiles `list(<genexpr>)` to a loop of appends to a new list (as
                // 3.14 does `tuple(<genexpr>)`): no length hint, no cut back.
                if let Some(&src) = args.first().filter(|_| self.minor >= 15) {
                    if self.is_genexpr(heap, src) {
                        loop {
                            match self.iter_next(heap, src) {
                                Ok(Some(v)) => heap.list_append(l, v),
                                Ok(None) => return Ok(l),
                                Err(e) => {
                                    heap.decref(self, l);
                                    return Err(e);
                                }
                            }
                        }
                    }
                }
                if let Some(&src) = args.first() {
                    if let Err(e) = self.list_extend_impl(heap, l, src, true) {
                        heap.decref(self, l);
                        return Err(e);
                    }
                }
                Ok(l)
            }
            T::Tuple => {
                a.count(0, 1)?;
                match args.first() {
                    None => Ok(self.new_tuple(heap, Vec::new())),
                    Some(&src) => {
                        // An exact tuple is returned as it is (a subclass's instance is copied).
                        if matches!(heap.kind(src), Kind::Tuple(_))
                            && heap.subtype_class(src).is_none()
                        {
                            heap.incref(src);
                            return Ok(src);
                        }
                        // A list or a generator expression goes through an array
                        // (`PyList_AsTuple`; 3.14 compiles `tuple(genexpr)` to one); other
                        // iterables are read into a tracked tuple.
                        let from_array =
                            matches!(heap.kind(src), Kind::List(..)) || self.is_genexpr(heap, src);
                        let items = self.collect_iterable(heap, src)?;
                        // 3.14+ `PySequence_Tuple`: past 8 items (an array on the C stack)
                        // they go through a list made with room for 16 and grown by appends,
                        // emptied into the tuple and freed. (Its size at the end is modelled,
                        // not each resize on the way.)
                        let temp =
                            (self.minor >= 14 && !from_array && items.len() > 8).then(|| {
                                let mut room = 16usize;
                                while room < items.len() {
                                    let n = room + 1;
                                    room = (n + (n >> 3) + 6) & !3;
                                }
                                heap.list(self, Vec::new(), room)
                            });
                        let t = if from_array {
                            self.new_tuple_from_array(heap, items)
                        } else {
                            self.new_tuple(heap, items)
                        };
                        if let Some(l) = temp {
                            heap.decref(self, l);
                        }
                        Ok(t)
                    }
                }
            }
            // `types.MethodType(function, instance)` (`method_new`).
            T::Method => {
                if !kwnames.is_empty() {
                    return Err(type_error("method() takes no keyword arguments"));
                }
                if args.len() != 2 {
                    return Err(type_error(format!(
                        "method expected 2 arguments, got {}",
                        args.len()
                    )));
                }
                let (f, this) = (args[0], args[1]);
                if !self.is_callable(heap, f) {
                    return Err(type_error("first argument must be callable"));
                }
                if matches!(heap.kind(this), Kind::None) {
                    return Err(type_error(if self.minor >= 11 {
                        "instance must not be None"
                    } else {
                        "self must not be None"
                    }));
                }
                Ok(self.new_method(heap, f, this))
            }
            T::Dict | T::OrderedDict => {
                a.count(0, 1)?;
                let d = if t == T::Dict {
                    heap.dict_generic(self)
                } else {
                    self.new_dict_subtype(heap, t, None)
                };
                if let Some(&src) = args.first() {
                    if let Err(e) = self.dict_update(heap, d, src) {
                        heap.decref(self, d);
                        return Err(e);
                    }
                }
                for (&k, &v) in kwnames.iter().zip(kwvals) {
                    heap.incref(k);
                    heap.incref(v);
                    self.dict_setitem(heap, d, k, v)?;
                }
                Ok(d)
            }
            T::DefaultDict => {
                let factory = args
                    .first()
                    .copied()
                    .filter(|f| !matches!(heap.kind(*f), Kind::None));
                if let Some(f) = factory {
                    heap.incref(f);
                }
                let d = self.new_dict_subtype(heap, t, factory);
                if let Some(&src) = args.get(1) {
                    self.dict_update(heap, d, src)?;
                }
                for (&k, &v) in kwnames.iter().zip(kwvals) {
                    heap.incref(k);
                    heap.incref(v);
                    self.dict_setitem(heap, d, k, v)?;
                }
                Ok(d)
            }
            T::Counter => {
                let d = self.new_dict_subtype(heap, t, None);
                if let Some(&src) = args.first() {
                    if let Err(e) = self.counter_add(heap, d, src, 1) {
                        heap.decref(self, d);
                        return Err(e);
                    }
                }
                for (&k, &v) in kwnames.iter().zip(kwvals) {
                    heap.incref(k);
                    heap.incref(v);
                    self.dict_setitem(heap, d, k, v)?;
                }
                Ok(d)
            }
            T::Set | T::FrozenSet => {
                a.count(0, 1)?;
                self.set_from(heap, args.first().copied(), t == T::FrozenSet)
            }
            T::Range => self.range_new(heap, args),
            T::Slice => {
                a.count(1, 3)?;
                let none = heap.statics.none;
                let (start, stop, step) = match args.len() {
                    1 => (none, args[0], none),
                    2 => (args[0], args[1], none),
                    _ => (args[0], args[1], args[2]),
                };
                for x in [start, stop, step] {
                    heap.incref(x);
                }
                Ok(self.new_slice(heap, vec![Some(start), Some(stop), Some(step)]))
            }
            T::Enumerate => {
                let Some(src) = a.arg(heap, 0, "iterable") else {
                    return Err(type_error(
                        "enumerate() missing required argument 'iterable'",
                    ));
                };
                let start = match a.arg(heap, 1, "start") {
                    Some(s) => self.index_value(heap, s)?,
                    None => 0,
                };
                let it = self.get_iter(heap, src)?;
                let size = if self.minor >= 11 { 72 } else { 64 };
                // `en_result`, the tuple it hands out again.
                let items = vec![heap.none(), heap.none()];
                let result = heap.tuple(self, items);
                Ok(self.new_native_full(
                    heap,
                    T::Enumerate,
                    vec![Some(it), Some(result)],
                    [start, 0, 0, 0],
                    NativePayload::None,
                    size,
                    true,
                ))
            }
            T::Zip => {
                let strict = match a.kw(heap, "strict") {
                    Some(s) => self.is_true(heap, s)?,
                    None => false,
                };
                let mut its = Vec::new();
                for &x in args {
                    match self.get_iter(heap, x) {
                        Ok(it) => its.push(Some(it)),
                        Err(e) => {
                            for i in its.into_iter().flatten() {
                                heap.decref(self, i);
                            }
                            if self.err_matches(heap, &e, T::TypeError) {
                                let n = its_len_hint(args, x);
                                let t = self.type_name(heap, x);
                                return Err(type_error(format!(
                                    "zip argument #{n} must support iteration"
                                ))
                                .or_type(t));
                            }
                            return Err(e);
                        }
                    }
                }
                let size = if self.minor >= 10 { 64 } else { 56 };
                // `ittuple`, the iterators; `result`, the tuple it hands out again.
                let n = its.len();
                let ittuple = self.new_tuple(heap, its.into_iter().flatten().collect());
                let nones: Vec<ObjId> = (0..n).map(|_| heap.none()).collect();
                let result = self.new_tuple(heap, nones);
                Ok(self.new_native_full(
                    heap,
                    T::Zip,
                    vec![Some(ittuple), Some(result)],
                    [i64::from(strict), n as i64, 0, 0],
                    NativePayload::None,
                    size,
                    true,
                ))
            }
            T::Map => {
                if args.len() < 2 {
                    return Err(type_error("map() must have at least two arguments."));
                }
                let f = args[0];
                // `iters`: a tuple of the iterators.
                let mut its = Vec::with_capacity(args.len() - 1);
                for &x in &args[1..] {
                    match self.get_iter(heap, x) {
                        Ok(it) => its.push(it),
                        Err(e) => {
                            heap.decref_all(self, its);
                            return Err(e);
                        }
                    }
                }
                let iters = self.new_tuple(heap, its);
                heap.incref(f);
                let size = if self.minor >= 14 { 56 } else { 48 };
                Ok(self.new_native_full(
                    heap,
                    T::Map,
                    vec![Some(f), Some(iters)],
                    [0; 4],
                    NativePayload::None,
                    size,
                    true,
                ))
            }
            T::Filter => {
                a.count(2, 2)?;
                let f = args[0];
                let it = self.get_iter(heap, args[1])?;
                heap.incref(f);
                Ok(self.new_native_full(
                    heap,
                    T::Filter,
                    vec![Some(f), Some(it)],
                    [0; 4],
                    NativePayload::None,
                    48,
                    true,
                ))
            }
            T::Reversed => {
                a.count(1, 1)?;
                self.reversed(heap, args[0])
            }
            T::Property => {
                let parts: Vec<Option<ObjId>> = ["fget", "fset", "fdel", "doc"]
                    .iter()
                    .enumerate()
                    .map(|(i, n)| {
                        a.arg(heap, i, n)
                            .filter(|o| !matches!(heap.kind(*o), Kind::None))
                    })
                    .collect();
                for p in parts.iter().flatten() {
                    heap.incref(*p);
                }
                let size = if self.minor >= 10 { 80 } else { 72 };
                Ok(self.new_native(heap, T::Property, parts, size))
            }
            T::StaticMethod | T::ClassMethod => {
                a.count(1, 1)?;
                self.method_wrapper(heap, t, args[0])
            }
            T::Super => {
                let (class, this) = match args.len() {
                    0 => self.super_zero_args(heap)?,
                    2 => (args[0], args[1]),
                    _ => return Err(type_error("super() takes 0 or 2 arguments")),
                };
                heap.incref(class);
                heap.incref(this);
                Ok(self.new_native(heap, T::Super, vec![Some(class), Some(this)], 56))
            }
            _ => self.construct_library(heap, t, &a),
        }
    }

    /// `reversed(seq)`.
    /// Whether `x` is a generator made by a generator expression (what 3.14 and 3.15 compile
    /// `tuple(<genexpr>)` and `list(<genexpr>)` around; a generator expression passed through a
    /// variable is taken for one too).
    fn is_genexpr(&self, heap: &Heap, x: ObjId) -> bool {
        match heap.kind(x) {
            Kind::Generator(g) => self
                .codes
                .get(g.code as usize)
                .is_some_and(|c| c.kind == crate::python::compiler::code::CodeKind::GenExpr),
            _ => false,
        }
    }

    fn reversed(&mut self, heap: &mut Heap, x: ObjId) -> R<ObjId> {
        // `reversed_new_impl` looks `__reversed__` up on the type first (`list`, `range` and
        // `dict` have one: a builtin method bound to `x` for the call).
        let bound = matches!(
            heap.kind(x),
            Kind::List(..) | Kind::Range(..) | Kind::Dict(_)
        )
        .then(|| self.transient_cmethod(heap, x));
        let r = self.reversed_inner(heap, x);
        if let Some(b) = bound {
            heap.decref(self, b);
        }
        r
    }

    fn reversed_inner(&mut self, heap: &mut Heap, x: ObjId) -> R<ObjId> {
        match heap.kind(x) {
            Kind::List(..) | Kind::Tuple(_) | Kind::Str(_) | Kind::Range(..) => {
                let n = self.len_of(heap, x)? as i64;
                heap.incref(x);
                let t = if matches!(heap.kind(x), Kind::List(..)) {
                    T::ListReverseIterator
                } else {
                    T::Reversed
                };
                Ok(self.new_native_full(
                    heap,
                    t,
                    vec![Some(x)],
                    [n - 1, 0, 0, 0],
                    NativePayload::None,
                    48,
                    true,
                ))
            }
            Kind::Dict(_) => {
                let keys = self.dict_view_items(heap, x, 0);
                let l = self.new_list(heap, keys);
                let n = self.len_of(heap, l)? as i64;
                Ok(self.new_native_full(
                    heap,
                    T::DictReverseKeyIterator,
                    vec![Some(l)],
                    [n - 1, 0, 0, 0],
                    NativePayload::None,
                    72,
                    true,
                ))
            }
            _ => {
                let class = self.type_of(heap, x);
                if let Some(f) = self.user_method(heap, class, "__reversed__") {
                    let bound = self.new_method(heap, f, x);
                    let r = self.call_method_with(heap, f, x, &[]);
                    heap.decref(self, bound);
                    return r;
                }
                if self.user_method(heap, class, "__getitem__").is_some()
                    && self.user_method(heap, class, "__len__").is_some()
                {
                    let n = self.len_of(heap, x)? as i64;
                    heap.incref(x);
                    return Ok(self.new_native_full(
                        heap,
                        T::Reversed,
                        vec![Some(x)],
                        [n - 1, 0, 0, 0],
                        NativePayload::None,
                        48,
                        true,
                    ));
                }
                if let Kind::Native(n) = heap.kind(x) {
                    if n.ty == T::Deque as u16 {
                        let items: Vec<ObjId> = n.refs.iter().flatten().copied().collect();
                        for &i in &items {
                            heap.incref(i);
                        }
                        let l = self.new_list(heap, items);
                        let n = self.len_of(heap, l)? as i64;
                        return Ok(self.new_native_full(
                            heap,
                            T::Reversed,
                            vec![Some(l)],
                            [n - 1, 0, 0, 0],
                            NativePayload::None,
                            48,
                            true,
                        ));
                    }
                }
                let t = self.type_name(heap, x);
                Err(type_error(format!("'{t}' object is not reversible")))
            }
        }
    }

    /// Calls an object that is not a function, a builtin or a type.
    pub(crate) fn call_other(
        &mut self,
        heap: &mut Heap,
        callable: ObjId,
        args: &[ObjId],
        kwnames: &[ObjId],
        kwvals: &[ObjId],
    ) -> R<ObjId> {
        let mut all = args.to_vec();
        all.extend_from_slice(kwvals);
        let kwn = if kwnames.is_empty() {
            None
        } else {
            let names: Vec<ObjId> = kwnames
                .iter()
                .map(|&k| {
                    heap.incref(k);
                    k
                })
                .collect();
            Some(self.new_tuple(heap, names))
        };
        let r = self.call_other_inner(heap, callable, args, kwnames, kwvals, &all, kwn);
        if let Some(k) = kwn {
            heap.decref(self, k);
        }
        r
    }

    #[allow(clippy::too_many_arguments)]
    fn call_other_inner(
        &mut self,
        heap: &mut Heap,
        callable: ObjId,
        args: &[ObjId],
        kwnames: &[ObjId],
        kwvals: &[ObjId],
        all: &[ObjId],
        kwn: Option<ObjId>,
    ) -> R<ObjId> {
        match heap.kind(callable) {
            Kind::WeakRef(target, ..) => {
                if !args.is_empty() {
                    return Err(type_error(format!(
                        "weakref() takes no arguments ({} given)",
                        args.len()
                    )));
                }
                Ok(match target {
                    Some(t) => {
                        let t = *t;
                        heap.incref(t);
                        t
                    }
                    None => heap.none(),
                })
            }
            Kind::Finalizer(..) => self.run_finalizer(heap, callable),
            Kind::Native(n) => {
                let t = T::from_index(n.ty);
                let refs = n.refs.clone();
                match t {
                    T::StaticMethod | T::ClassMethod if self.minor >= 10 || t == T::ClassMethod => {
                        let f = refs[0].unwrap_or(callable);
                        self.call_object(heap, f, all, kwn)
                    }
                    _ => self.call_library(heap, callable, t, args, kwnames, kwvals),
                }
            }
            Kind::Instance(_) | Kind::Exception(_) => {
                let class = self.type_of(heap, callable);
                match self.user_method(heap, class, "__call__") {
                    Some(f) => {
                        heap.incref(f);
                        let mut with_self = vec![callable];
                        with_self.extend_from_slice(all);
                        let r = self.call_object(heap, f, &with_self, kwn);
                        heap.decref(self, f);
                        r
                    }
                    None => {
                        let t = self.type_name(heap, callable);
                        Err(type_error(format!("'{t}' object is not callable")))
                    }
                }
            }
            Kind::Builtin(_) | Kind::BuiltinMethod(..) => Err(unsupported("an old builtin object")),
            _ => {
                let t = self.type_name(heap, callable);
                Err(type_error(format!("'{t}' object is not callable")))
            }
        }
    }

    /// Attributes builtin objects compute; `None` when the object has no such attribute.
    pub(crate) fn builtin_getattr(
        &mut self,
        heap: &mut Heap,
        obj: ObjId,
        name: &str,
    ) -> R<Option<ObjId>> {
        let none = heap.statics.none;
        let new_ref = |heap: &mut Heap, v: Option<ObjId>| -> ObjId {
            let v = v.unwrap_or(none);
            heap.incref(v);
            v
        };
        let v = match heap.kind(obj) {
            Kind::Function(f) => {
                let f = crate::engine::object::FunctionData::clone(f);
                match name {
                    "__name__" => heap.str(&f.name),
                    "__qualname__" => heap.str(&f.qualname),
                    "__module__" => match f
                        .module
                        .or_else(|| heap.dict_get_str(f.globals, "__name__"))
                    {
                        Some(m) => new_ref(heap, Some(m)),
                        None => heap.none(),
                    },
                    "__defaults__" => new_ref(heap, f.defaults),
                    "__kwdefaults__" => new_ref(heap, f.kwdefaults),
                    "__closure__" => new_ref(heap, f.closure),
                    "__globals__" => new_ref(heap, Some(f.globals)),
                    "__dict__" => self.instance_dict(heap, obj)?,
                    "__doc__" if f.doc.is_some() => new_ref(heap, f.doc),
                    "__doc__" => {
                        match self.codes.get(f.code as usize).and_then(|c| c.doc.clone()) {
                            Some(d) => {
                                let d = if self.minor >= 13 {
                                    dedent_doc(&d)
                                } else {
                                    d.to_string()
                                };
                                heap.str(&d)
                            }
                            None => heap.none(),
                        }
                    }
                    "__annotations__" => self.function_annotations(heap, obj, f.annotations)?,
                    "__annotate__" if self.minor >= 14 => match f.annotate {
                        Some(a) => new_ref(heap, Some(a)),
                        None => heap.none(),
                    },
                    "__code__" => self.code_object(heap, f.code),
                    _ => return Ok(None),
                }
            }
            Kind::Method(func, this) => {
                let (func, this) = (*func, *this);
                match name {
                    "__self__" => new_ref(heap, Some(this)),
                    "__func__" => new_ref(heap, Some(func)),
                    _ => return self.getattr_str(heap, func, name).map(Some).or(Ok(None)),
                }
            }
            Kind::BuiltinFn(f, bound) => {
                let (f, bound) = (*f, *bound);
                match name {
                    "__name__" => heap.str(self.builtin_name(f)),
                    "__qualname__" => {
                        let q = match self.builtin_owner(f) {
                            Some(t) => format!("{}.{}", t.name(), self.builtin_name(f)),
                            None => self.builtin_name(f).to_string(),
                        };
                        heap.str(&q)
                    }
                    "__self__" => new_ref(heap, bound),
                    "__doc__" => return Err(unsupported_doc()),
                    _ => return Ok(None),
                }
            }
            Kind::Generator(g) => {
                let (frame, state, gname, gqual) =
                    (g.frame, g.state, g.name.clone(), g.qualname.clone());
                // Suspended inside `yield from`: the instruction after its yield jumps back to
                // the `SEND`, and the sub-iterator is on top of the saved stack.
                let yieldfrom = match self.codes.get(g.code as usize) {
                    Some(c) if state == FrameState::Suspended => {
                        match c.instrs.get(g.pc as usize) {
                            Some(crate::python::compiler::code::Instr::Jump(t))
                                if matches!(
                                    c.instrs.get(*t as usize),
                                    Some(crate::python::compiler::code::Instr::Send(_))
                                ) =>
                            {
                                g.stack.last().copied().flatten()
                            }
                            _ => None,
                        }
                    }
                    _ => None,
                };
                match name {
                    "gi_yieldfrom" => new_ref(heap, yieldfrom),
                    "gi_code" => self.code_object(heap, g.code),
                    "gi_frame" => {
                        if state == FrameState::Completed {
                            heap.none()
                        } else {
                            let fo = self.generator_frame_object(heap, obj);
                            new_ref(heap, Some(fo))
                        }
                    }
                    "gi_running" => heap.bool(state == FrameState::Executing),
                    "gi_suspended" => heap.bool(state == FrameState::Suspended),
                    "__name__" => heap.str(&gname),
                    "__qualname__" => heap.str(&gqual),
                    _ => {
                        let _ = frame;
                        return Ok(None);
                    }
                }
            }
            Kind::Cell(c) => match name {
                "cell_contents" => match c {
                    Some(v) => new_ref(heap, Some(*v)),
                    None => return Err(value_error("Cell is empty")),
                },
                _ => return Ok(None),
            },
            Kind::Exception(_) => match self.exception_getattr(heap, obj, name) {
                Some(v) => v,
                None => return Ok(None),
            },
            Kind::Int(i) => {
                let i = i.clone();
                match name {
                    "real" | "numerator" => heap.int_val(i),
                    "imag" => heap.int(0),
                    "denominator" => heap.int(1),
                    _ => return Ok(None),
                }
            }
            Kind::Bool(b) => {
                let b = *b;
                match name {
                    "real" | "numerator" => heap.int(i64::from(b)),
                    "imag" => heap.int(0),
                    "denominator" => heap.int(1),
                    _ => return Ok(None),
                }
            }
            Kind::Float(f) => {
                let f = *f;
                match name {
                    "real" => heap.new_plain(Kind::Float(f)),
                    "imag" => heap.new_plain(Kind::Float(0.0)),
                    _ => return Ok(None),
                }
            }
            Kind::Complex(re, im) => {
                let (re, im) = (*re, *im);
                match name {
                    "real" => heap.new_plain(Kind::Float(re)),
                    "imag" => heap.new_plain(Kind::Float(im)),
                    _ => return Ok(None),
                }
            }
            Kind::Range(start, stop, step) => {
                let (a, b, c) = (*start, *stop, *step);
                match name {
                    "start" => heap.int(a),
                    "stop" => heap.int(b),
                    "step" => heap.int(c),
                    _ => return Ok(None),
                }
            }
            Kind::WeakRef(_, cb, ..) => match name {
                "__callback__" => new_ref(heap, *cb),
                _ => return Ok(None),
            },
            Kind::Finalizer(_, _, alive) => match name {
                "alive" => heap.bool(*alive),
                "atexit" => {
                    let at = !self.finalizers_not_at_exit.contains(&obj.0);
                    heap.bool(at)
                }
                _ => return Ok(None),
            },
            Kind::Traceback(next, frame, line, lasti) => {
                let (next, frame, line, lasti) = (*next, *frame, *line, *lasti);
                match name {
                    "tb_next" => new_ref(heap, next),
                    "tb_frame" => new_ref(heap, Some(frame)),
                    "tb_lineno" => heap.int(i64::from(line)),
                    "tb_lasti" => heap.int(i64::from(lasti) * 2),
                    _ => return Ok(None),
                }
            }
            Kind::FrameObj(f) => {
                let (line, back, code) = (f.lineno, f.back, f.code);
                match name {
                    "f_lineno" => heap.int(i64::from(line)),
                    "f_back" => new_ref(heap, back),
                    "f_locals" => self.frame_locals_dict(heap, obj)?,
                    "f_globals" => new_ref(heap, Some(self.main_dict)),
                    "f_code" => self.code_object(heap, code),
                    _ => return Ok(None),
                }
            }
            Kind::Native(n) => {
                let (t, refs, nums) = (T::from_index(n.ty), n.refs.clone(), n.nums);
                match (t, name) {
                    (T::Code, _) => match self.code_getattr(heap, obj, name)? {
                        Some(v) => v,
                        None => return Ok(None),
                    },
                    (T::Slice, "start") => new_ref(heap, refs[0]),
                    (T::Slice, "stop") => new_ref(heap, refs[1]),
                    (T::Slice, "step") => new_ref(heap, refs[2]),
                    (T::Property, "fget") => new_ref(heap, refs[0]),
                    (T::Property, "fset") => new_ref(heap, refs[1]),
                    (T::Property, "fdel") => new_ref(heap, refs[2]),
                    (T::Property, "__doc__") => match refs[3].or(refs[0]) {
                        Some(f) if refs[3].is_none() => {
                            return self.getattr_str(heap, f, "__doc__").map(Some)
                        }
                        other => new_ref(heap, other),
                    },
                    (T::StaticMethod | T::ClassMethod, "__func__" | "__wrapped__") => {
                        new_ref(heap, refs[0])
                    }
                    // The wrapper's own `__dict__` (made on first use when no attribute was
                    // copied into it), and what was copied there (see `Vm::method_wrapper`).
                    (T::StaticMethod | T::ClassMethod, "__dict__") => match refs.get(1) {
                        Some(Some(d)) => new_ref(heap, Some(*d)),
                        _ => {
                            let d = heap.dict(self);
                            if let Kind::Native(n) = &mut heap.get_mut(obj).kind {
                                n.refs.resize(2, None);
                                n.refs[1] = Some(d);
                            }
                            heap.incref(d);
                            d
                        }
                    },
                    (T::StaticMethod | T::ClassMethod, _)
                        if refs
                            .get(1)
                            .copied()
                            .flatten()
                            .and_then(|d| heap.dict_get_str(d, name))
                            .is_some() =>
                    {
                        let d = refs[1].unwrap_or(none);
                        new_ref(heap, heap.dict_get_str(d, name))
                    }
                    // True when a wrapped function is abstract (`@property @abstractmethod`).
                    (T::Property | T::StaticMethod | T::ClassMethod, "__isabstractmethod__") => {
                        let parts = if t == T::Property { 3 } else { 1 };
                        let mut abstract_ = false;
                        for f in refs.iter().take(parts).flatten() {
                            let f = *f;
                            let flag = match self.getattr_str(heap, f, "__isabstractmethod__") {
                                Ok(v) => v,
                                Err(e) if e.is_py() => {
                                    self.discard(heap, e);
                                    continue;
                                }
                                Err(e) => return Err(e),
                            };
                            let truth = self.is_true(heap, flag);
                            heap.decref(self, flag);
                            if truth? {
                                abstract_ = true;
                                break;
                            }
                        }
                        heap.bool(abstract_)
                    }
                    (T::Super, "__thisclass__") => new_ref(heap, refs[0]),
                    (T::Super, "__self__") => new_ref(heap, refs[1]),
                    (T::Super, _) => {
                        let (class, this) = (refs[0].unwrap_or(none), refs[1].unwrap_or(none));
                        let n = self.intern(heap, name);
                        let r = self.super_lookup(heap, class, this, n, false);
                        heap.decref(self, n);
                        return r.map(|(v, _)| Some(v));
                    }
                    (T::Deque, "maxlen") => {
                        if nums[0] < 0 {
                            heap.none()
                        } else {
                            heap.int(nums[0])
                        }
                    }
                    _ => match self.library_getattr(heap, obj, t, name)? {
                        Some(v) => v,
                        None => return Ok(None),
                    },
                }
            }
            Kind::Module(..) => return Ok(None),
            _ => match name {
                "__doc__" => return Err(unsupported_doc()),
                _ => return Ok(None),
            },
        };
        Ok(Some(v))
    }

    /// A frame object's locals as a new dict (`f_locals` of a finished or running frame).
    fn frame_locals_dict(&mut self, heap: &mut Heap, fo: ObjId) -> R<ObjId> {
        let (code, mut owned, gen, kept) = match heap.kind(fo) {
            Kind::FrameObj(f) => (f.code, f.locals.clone(), f.gen, f.locals_dict),
            _ => return Ok(heap.dict(self)),
        };
        // A suspended generator holds its frame's locals.
        if owned.is_empty() {
            if let Some(Kind::Generator(g)) = gen.filter(|&g| heap.is_live(g)).map(|g| heap.kind(g))
            {
                if g.frame == Some(fo) {
                    owned = g.locals.clone();
                }
            }
        }
        let Some(c) = self.codes.get(code as usize).cloned() else {
            return Ok(heap.dict(self));
        };
        // A running frame's locals are on the interpreter's stacks.
        let live = self
            .frames
            .iter()
            .find(|f| f.frame_obj == Some(fo))
            .map(|f| f.lbase as usize);
        let values: Vec<Option<ObjId>> = match live {
            Some(base) => (0..c.nlocalsplus())
                .map(|i| self.locals[base + i].id())
                .collect(),
            None => owned,
        };
        // 3.8–3.12 keep one dict on the frame and refresh it; 3.13's is a view made anew.
        let d = match kept {
            Some(d) if self.minor <= 12 => {
                heap.incref(d);
                let old = heap.dict_clear(d);
                for (k, v) in old {
                    heap.decref(self, k);
                    heap.decref(self, v);
                }
                d
            }
            _ => {
                let d = heap.dict(self);
                if self.minor <= 12 {
                    heap.incref(d);
                    if let Kind::FrameObj(f) = &mut heap.get_mut(fo).kind {
                        f.locals_dict = Some(d);
                    }
                }
                d
            }
        };
        for (i, v) in values.into_iter().enumerate() {
            let Some(mut v) = v else { continue };
            if i >= c.nlocalsplus() - c.nfrees as usize || c.cell_slots.contains(&(i as u32)) {
                match heap.kind(v) {
                    Kind::Cell(Some(x)) => v = *x,
                    _ => continue,
                }
            }
            let k = self.intern(heap, &c.localsplus[i]);
            heap.incref(v);
            self.dict_setitem(heap, d, k, v)?;
        }
        Ok(d)
    }

    /// `f.__annotations__`: the dict, made on first read from the pairs `MAKE_FUNCTION` got
    /// (or empty); the function keeps it.
    fn function_annotations(&mut self, heap: &mut Heap, f: ObjId, ann: Option<ObjId>) -> R<ObjId> {
        if let Some(a) = ann {
            if matches!(heap.kind(a), Kind::Dict(_)) {
                heap.incref(a);
                return Ok(a);
            }
        }
        let pairs: Vec<ObjId> = match ann.map(|a| heap.kind(a)) {
            Some(Kind::Tuple(items)) => items.clone(),
            _ => Vec::new(),
        };
        // 3.14+: the first read calls `__annotate__(1)` and keeps the dict it returns.
        let annotate = match heap.kind(f) {
            Kind::Function(fd) if ann.is_none() => fd.annotate,
            _ => None,
        };
        if let Some(annotate) = annotate {
            let d = self.call_annotate(heap, annotate)?;
            heap.incref(d);
            if let Kind::Function(fd) = &mut heap.get_mut(f).kind {
                fd.annotations = Some(d);
            }
            return Ok(d);
        }
        let d = heap.dict(self);
        for pair in pairs.chunks(2) {
            if let [k, v] = pair {
                heap.incref(*k);
                heap.incref(*v);
                self.dict_setitem(heap, d, *k, *v)?;
            }
        }
        heap.incref(d);
        let old = match &mut heap.get_mut(f).kind {
            Kind::Function(fd) => fd.annotations.replace(d),
            _ => None,
        };
        if let Some(o) = old {
            heap.decref(self, o);
        }
        Ok(d)
    }

    /// A generator's frame object (made on demand from 3.11).
    fn generator_frame_object(&mut self, heap: &mut Heap, gen: ObjId) -> ObjId {
        if let Kind::Generator(g) = heap.kind(gen) {
            if let Some(f) = g.frame {
                return f;
            }
        }
        if let Some(i) = self.frames.iter().position(|f| f.generator == Some(gen)) {
            let fo = self.frame_object(heap, i);
            heap.incref(fo);
            if let Kind::Generator(g) = &mut heap.get_mut(gen).kind {
                g.frame = Some(fo);
            }
            return fo;
        }
        let (code_id, lineno) = match heap.kind(gen) {
            Kind::Generator(g) => (g.code, 0),
            _ => (0, 0),
        };
        let code = self.codes[code_id as usize].clone();
        let size = self.frame_object_size(heap, &code);
        let fo = heap.alloc_sized(
            self,
            Kind::FrameObj(Box::new(crate::engine::object::FrameData {
                code: code_id,
                func: None,
                locals: Vec::new(),
                back: None,
                lineno,
                state: FrameState::Suspended,
                gen: Some(gen),
                locals_dict: None,
            })),
            Some(size),
        );
        if let Kind::Generator(g) = &mut heap.get_mut(gen).kind {
            g.frame = Some(fo);
        }
        fo
    }

    /// `with`'s `BEFORE_WITH`: `(exit, self_or_null, enter_result)`; 3.8–3.13 bind `__exit__`
    /// to the manager (a bound method object), 3.14 keeps the function and the manager.
    pub(crate) fn before_with(&mut self, heap: &mut Heap, mgr: ObjId) -> R<(Ref, Ref, ObjId)> {
        let class = self.type_of(heap, mgr);
        let enter = self.lookup_type_attr(heap, class, "__enter__");
        let exit = self.lookup_type_attr(heap, class, "__exit__");
        let (Some(enter), Some(exit)) = (enter, exit) else {
            let t = self.type_name(heap, mgr);
            let missing = if enter.is_none() {
                "__enter__"
            } else {
                "__exit__"
            };
            return Err(type_error(if self.minor >= 11 {
                format!(
                    "'{t}' object does not support the context manager protocol{}",
                    if enter.is_some() {
                        " (missed __exit__ method)"
                    } else {
                        ""
                    }
                )
                .replace(
                    " (missed __exit__ method)",
                    if self.minor >= 12 && missing == "__exit__" {
                        " (missed __exit__ method)"
                    } else {
                        ""
                    },
                )
            } else {
                missing.to_string()
            }));
        };
        // Up to 3.13 `__enter__` is looked up as a bound method too, before `__exit__`, and
        // released once called.
        let bound_enter = if self.minor < 14 && matches!(heap.kind(enter), Kind::Function(_)) {
            Some(self.descriptor_get(heap, enter, Some(mgr), class)?)
        } else {
            None
        };
        let (exit_ref, self_ref) =
            if self.minor >= 14 && matches!(heap.kind(exit), Kind::Function(_)) {
                heap.incref(exit);
                heap.incref(mgr);
                (Ref::owned(exit), Ref::owned(mgr))
            } else {
                match self.descriptor_get(heap, exit, Some(mgr), class) {
                    // Up to 3.13 the self slot holds a None: the first of `__exit__`'s three
                    // arguments on the normal way out (see the compiler's `with`).
                    Ok(bound) if self.minor < 14 => {
                        let none = heap.none();
                        (Ref::owned(bound), Ref::owned(none))
                    }
                    Ok(bound) => (Ref::owned(bound), Ref::NULL),
                    Err(e) => {
                        if let Some(b) = bound_enter {
                            heap.decref(self, b);
                        }
                        return Err(e);
                    }
                }
            };
        let entered = match bound_enter {
            Some(b) => {
                let r = self.call_object(heap, b, &[], None);
                heap.decref(self, b);
                r
            }
            None => self.call_method_with(heap, enter, mgr, &[]),
        };
        let res = match entered {
            Ok(v) => v,
            Err(e) => {
                self.close(heap, exit_ref);
                self.close(heap, self_ref);
                return Err(e);
            }
        };
        Ok((exit_ref, self_ref, res))
    }

    /// Calls `__exit__` with the exception's (type, value, traceback), or three Nones.
    pub(crate) fn call_exit(
        &mut self,
        heap: &mut Heap,
        exit: Ref,
        this: Ref,
        exc: Option<ObjId>,
    ) -> R<ObjId> {
        let (ty, val, tb) = match exc {
            Some(e) => {
                let ty = self.type_of(heap, e);
                let tb = match heap.kind(e) {
                    Kind::Exception(d) => d.traceback.unwrap_or(heap.statics.none),
                    _ => heap.statics.none,
                };
                (ty, e, tb)
            }
            None => {
                let n = heap.statics.none;
                (n, n, n)
            }
        };
        let mut args = Vec::new();
        // (Up to 3.13 the self slot holds a None, not an argument.)
        if let Some(s) = this.id().filter(|_| self.minor >= 14) {
            args.push(s);
        }
        args.extend([ty, val, tb]);
        self.call1(heap, exit.obj(), &args)
    }

    /// `MATCH_KEYS`: the values of `keys` in the subject mapping, or None when one is missing.
    pub(crate) fn match_keys(&mut self, heap: &mut Heap, subject: ObjId, keys: ObjId) -> R<ObjId> {
        let ks: Vec<ObjId> = match heap.kind(keys) {
            Kind::Tuple(items) => items.clone(),
            _ => Vec::new(),
        };
        let mut vals = Vec::new();
        for k in ks {
            match self.dict_lookup(heap, subject, k)? {
                Some(v) => {
                    heap.incref(v);
                    vals.push(v);
                }
                None => {
                    for v in vals {
                        heap.decref(self, v);
                    }
                    return Ok(heap.none());
                }
            }
        }
        Ok(self.new_tuple(heap, vals))
    }

    /// `MATCH_CLASS`: the subject's attributes for the sub-patterns, or None.
    pub(crate) fn match_class(
        &mut self,
        heap: &mut Heap,
        subject: ObjId,
        cls: ObjId,
        npos: usize,
        names: ObjId,
    ) -> R<ObjId> {
        if !self.isinstance(heap, subject, cls) {
            return Ok(heap.none());
        }
        let mut attrs = Vec::new();
        if npos > 0 {
            // Builtin types match their single positional sub-pattern against the subject.
            let builtin_self = matches!(heap.kind(cls), Kind::Type(_));
            if builtin_self && npos == 1 {
                heap.incref(subject);
                attrs.push(subject);
            } else {
                let ma = self.getattr_str(heap, cls, "__match_args__");
                let ma = match ma {
                    Ok(m) => m,
                    Err(_) => {
                        let n = self.class_name(heap, cls);
                        return Err(type_error(format!(
                            "{n}() accepts 0 positional sub-patterns ({npos} given)"
                        )));
                    }
                };
                let fields: Vec<ObjId> = match heap.kind(ma) {
                    Kind::Tuple(items) => items.clone(),
                    _ => Vec::new(),
                };
                if fields.len() < npos {
                    heap.decref(self, ma);
                    let n = self.class_name(heap, cls);
                    return Err(type_error(format!(
                        "{n}() accepts {} positional sub-pattern{} ({npos} given)",
                        fields.len(),
                        if fields.len() == 1 { "" } else { "s" }
                    )));
                }
                for &f in &fields[..npos] {
                    match self.getattr(heap, subject, f) {
                        Ok(v) => attrs.push(v),
                        Err(e) => {
                            heap.decref(self, ma);
                            for a in attrs {
                                heap.decref(self, a);
                            }
                            if self.err_matches(heap, &e, T::AttributeError) {
                                return Ok(heap.none());
                            }
                            return Err(e);
                        }
                    }
                }
                heap.decref(self, ma);
            }
        }
        let kw: Vec<ObjId> = match heap.kind(names) {
            Kind::Tuple(items) => items.clone(),
            _ => Vec::new(),
        };
        for k in kw {
            match self.getattr(heap, subject, k) {
                Ok(v) => attrs.push(v),
                Err(e) => {
                    for a in attrs {
                        heap.decref(self, a);
                    }
                    if self.err_matches(heap, &e, T::AttributeError) {
                        return Ok(heap.none());
                    }
                    return Err(e);
                }
            }
        }
        Ok(self.new_tuple(heap, attrs))
    }

    /// `[*x]` of a non-iterable: CPython's message names the value's type.
    pub(crate) fn explain_star_error(&mut self, heap: &mut Heap, e: Exc, src: ObjId) -> Exc {
        if self.err_matches(heap, &e, T::TypeError) && !matches!(heap.kind(src), Kind::Instance(_))
        {
            let t = self.type_name(heap, src);
            if t != "generator" {
                return type_error(format!("Value after * must be an iterable, not {t}"));
            }
        }
        e
    }

    /// `C.__dict__`: a read-only view of a class's namespace.
    pub(crate) fn new_mappingproxy(&mut self, heap: &mut Heap, d: ObjId) -> ObjId {
        let _ = T::Dict;
        heap.incref(d);
        d
    }

    /// `dir(obj)`: sorted attribute names.
    pub(crate) fn dir_of(&mut self, heap: &mut Heap, obj: ObjId) -> R<ObjId> {
        // A class's own `__dir__`, its result sorted.
        if matches!(heap.kind(obj), Kind::Instance(_)) {
            let class = self.type_of(heap, obj);
            if let Some(f) = self.user_method(heap, class, "__dir__") {
                heap.incref(f);
                let r = self.call_method_with(heap, f, obj, &[]);
                heap.decref(self, f);
                let v = r?;
                let items = self.collect_iterable(heap, v);
                heap.decref(self, v);
                let l = self.new_list(heap, items?);
                self.sort_list(heap, l, None, false)?;
                return Ok(l);
            }
        }
        let mut names: Vec<Rc<str>> = Vec::new();
        let add_dict = |heap: &Heap, d: ObjId, names: &mut Vec<Rc<str>>| {
            if let Kind::Dict(dd) = heap.kind(d) {
                for (k, _) in dd.iter() {
                    if let Kind::Str(s) = heap.kind(k) {
                        names.push(s.clone());
                    }
                }
            }
        };
        // A builtin type's names are CPython's (recorded per version).
        let builtin_names = |vm: &Vm, heap: &Heap, c: ObjId, names: &mut Vec<Rc<str>>| -> R<()> {
            if let Kind::Type(t) = heap.kind(c) {
                let ty = T::from_index(*t).name_in(vm.minor);
                match super::cpython_dir(ty, vm.minor) {
                    Some(list) => names.extend(list.into_iter().map(Rc::from)),
                    None => {
                        return Err(super::super::exception::unsupported(format!(
                            "dir() of the type '{ty}'"
                        )))
                    }
                }
            }
            Ok(())
        };
        match heap.kind(obj) {
            Kind::Module(_, d) => add_dict(heap, *d, &mut names),
            Kind::Class(_) | Kind::Type(_) => {
                for c in self.mro_of(heap, obj) {
                    if let Kind::Class(cd) = heap.kind(c) {
                        add_dict(heap, cd.dict, &mut names);
                    }
                    builtin_names(self, heap, c, &mut names)?;
                }
            }
            _ => {
                if let Kind::Function(fd) = heap.kind(obj) {
                    if let Some(d) = fd.dict {
                        add_dict(heap, d, &mut names);
                    }
                }
                if let Kind::Instance(inst) = heap.kind(obj) {
                    match &inst.dict {
                        crate::engine::object::InstanceDict::Values(v) => {
                            names.extend(v.iter().map(|(n, _)| n.clone()))
                        }
                        crate::engine::object::InstanceDict::Dict(d) => {
                            add_dict(heap, *d, &mut names)
                        }
                        crate::engine::object::InstanceDict::None => {}
                    }
                }
                let class = self.type_of(heap, obj);
                for c in self.mro_of(heap, class) {
                    if let Kind::Class(cd) = heap.kind(c) {
                        add_dict(heap, cd.dict, &mut names);
                    }
                    builtin_names(self, heap, c, &mut names)?;
                }
            }
        }
        names.sort();
        names.dedup();
        let items: Vec<ObjId> = names.iter().map(|n| heap.str(n)).collect();
        Ok(self.new_list(heap, items))
    }
}

/// Whether a builtin type is reachable as a name in `builtins`.
fn is_builtin_name(t: T) -> bool {
    !matches!(
        t,
        T::NoneType
            | T::NotImplementedType
            | T::Ellipsis
            | T::Function
            | T::BuiltinFunction
            | T::Method
            | T::MethodDescriptor
            | T::Module
            | T::Cell
            | T::Code
            | T::Frame
            | T::Generator
            | T::Traceback
            | T::GetSetDescriptor
            | T::MemberDescriptor
            | T::ListIterator
            | T::ListReverseIterator
            | T::TupleIterator
            | T::StrIterator
            | T::StrAsciiIterator
            | T::BytesIterator
            | T::RangeIterator
            | T::DictKeyIterator
            | T::DictValueIterator
            | T::DictItemIterator
            | T::DictReverseKeyIterator
            | T::SetIterator
            | T::DictKeys
            | T::DictValues
            | T::DictItems
            | T::CallableIterator
            | T::SeqIterator
    )
}

/// 3.13 strips docstrings' common indentation.
fn dedent_doc(d: &str) -> String {
    let lines: Vec<&str> = d.lines().collect();
    let indent = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if i == 0 {
            out.push(l.trim_start().to_string());
        } else if l.len() >= indent {
            out.push(l[indent..].to_string());
        } else {
            out.push(l.trim().to_string());
        }
    }
    let mut s = out.join("\n");
    if d.ends_with('\n') {
        s.push('\n');
    }
    s
}

fn its_len_hint(args: &[ObjId], x: ObjId) -> usize {
    args.iter().position(|&a| a == x).map_or(1, |p| p + 1)
}

/// Attaches nothing: keeps the TypeError as it is (a hook for messages that name a type).
trait OrType {
    fn or_type(self, t: String) -> Self;
}

impl OrType for Exc {
    fn or_type(self, t: String) -> Self {
        let _ = t;
        self
    }
}

// ---------------------------------------------------------------------------------------------
// Builtin functions

fn print(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.only_kw(heap, &["sep", "end", "file", "flush"])?;
    let text_of = |vm: &mut Vm, heap: &mut Heap, name: &str, default: &str| -> R<String> {
        match a.kw(heap, name) {
            Some(v) if matches!(heap.kind(v), Kind::None) => Ok(default.to_string()),
            Some(v) => match heap.kind(v) {
                Kind::Str(s) => Ok(s.to_string()),
                _ => {
                    let t = vm.type_name(heap, v);
                    Err(type_error(format!(
                        "{name} must be None or a string, not {t}"
                    )))
                }
            },
            None => Ok(default.to_string()),
        }
    };
    let sep = text_of(vm, heap, "sep", " ")?;
    let end = text_of(vm, heap, "end", "\n")?;
    let to_stderr = match a.kw(heap, "file") {
        Some(f) => match heap.kind(f) {
            Kind::None => false,
            Kind::Str(s) if &**s == "stderr" => true,
            Kind::Str(s) if &**s == "stdout" => false,
            _ => return Err(unsupported("print(file=...) to a file")),
        },
        None => false,
    };
    // 3.11-3.13: Argument Clinic packs `*args` in a tuple (3.14 passes the array).
    let packed = if (11..=13).contains(&vm.minor) {
        vm.packed_args(heap, a.pos)
    } else {
        None
    };
    let mut out = String::new();
    let mut result = Ok(());
    for (i, &o) in a.pos.iter().enumerate() {
        if i > 0 {
            write_object(vm, heap, |_, _| Ok(sep.clone()), &mut out)?;
        }
        result = write_object(
            vm,
            heap,
            |vm, heap| Ok(vm.str_of(heap, o)?.to_string()),
            &mut out,
        );
        if result.is_err() {
            break;
        }
    }
    if result.is_ok() {
        result = write_object(vm, heap, |_, _| Ok(end.clone()), &mut out);
    }
    if let Some(t) = packed {
        heap.decref(vm, t);
    }
    vm.emit(heap, to_stderr, &out);
    result.map(|()| heap.none())
}

/// `PyFile_WriteObject`: the file's bound `write` method is looked up for every piece
/// written (a `builtin_function_or_method`: from its free list on 3.8 and 3.14+, else
/// allocated and freed), then the piece's `str()` is taken and written.
fn write_object(
    vm: &mut Vm,
    heap: &mut Heap,
    text: impl FnOnce(&mut Vm, &mut Heap) -> R<String>,
    out: &mut String,
) -> R<()> {
    let file = heap.statics.none;
    let writer = vm.transient_cmethod(heap, file);
    let r = text(vm, heap);
    heap.decref(vm, writer);
    out.push_str(&r?);
    Ok(())
}

fn len(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let n = vm.len_of(heap, a.pos[0])?;
    Ok(heap.int(n as i64))
}

fn repr(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let s = vm.repr_of(heap, a.pos[0])?;
    Ok(vm.text_of(heap, a.pos[0], &s))
}

fn ascii(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let s = vm.repr_of(heap, a.pos[0])?;
    Ok(heap.str(&super::super::format::ascii_escape(&s)))
}

fn abs(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let x = a.pos[0];
    match vm.number(heap, x) {
        Some(super::int::Number::Int(i)) => {
            Ok(heap.int_val(IntVal::from_big(num_traits::Signed::abs(&i.to_big()))))
        }
        Some(super::int::Number::Float(f)) => Ok(heap.new_plain(Kind::Float(f.abs()))),
        Some(super::int::Number::Complex(r, i)) => Ok(heap.new_plain(Kind::Float(r.hypot(i)))),
        None => {
            let class = vm.type_of(heap, x);
            if let Some(f) = vm.user_method(heap, class, "__abs__") {
                heap.incref(f);
                let r = vm.call_method_with(heap, f, x, &[]);
                heap.decref(vm, f);
                return r;
            }
            let t = vm.type_name(heap, x);
            Err(type_error(format!("bad operand type for abs(): '{t}'")))
        }
    }
}

fn truthy_all(vm: &mut Vm, heap: &mut Heap, a: &Args, want: bool) -> R<ObjId> {
    a.count(1, 1)?;
    let it = vm.get_iter(heap, a.pos[0])?;
    loop {
        match vm.iter_next(heap, it) {
            Ok(Some(v)) => {
                let t = vm.is_true(heap, v);
                heap.decref(vm, v);
                match t {
                    Ok(t) if t != want => {
                        heap.decref(vm, it);
                        return Ok(heap.bool(!want));
                    }
                    Ok(_) => {}
                    Err(e) => {
                        heap.decref(vm, it);
                        return Err(e);
                    }
                }
            }
            Ok(None) => break,
            Err(e) => {
                heap.decref(vm, it);
                return Err(e);
            }
        }
    }
    heap.decref(vm, it);
    Ok(heap.bool(want))
}

fn all(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    truthy_all(vm, heap, a, true)
}

fn any(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    truthy_all(vm, heap, a, false)
}

fn radix(vm: &mut Vm, heap: &mut Heap, a: &Args, spec: &str) -> R<ObjId> {
    a.count(1, 1)?;
    let v = match vm.int_value(heap, a.pos[0]) {
        Some(v) => v,
        None => {
            let i = vm.index_value(heap, a.pos[0])?;
            num_bigint::BigInt::from(i)
        }
    };
    let o = heap.int_val(IntVal::from_big(v));
    let s = vm.format(heap, o, spec);
    heap.decref(vm, o);
    Ok(heap.str(&s?))
}

fn bin(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    radix(vm, heap, a, "#b")
}
fn oct(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    radix(vm, heap, a, "#o")
}
fn hex(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    radix(vm, heap, a, "#x")
}

fn callable(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let c = vm.is_callable(heap, a.pos[0]);
    Ok(heap.bool(c))
}

impl Vm {
    /// `callable(x)`.
    pub(crate) fn is_callable(&mut self, heap: &mut Heap, x: ObjId) -> bool {
        match heap.kind(x) {
            Kind::Function(_)
            | Kind::Method(..)
            | Kind::BuiltinFn(..)
            | Kind::Type(_)
            | Kind::Class(_)
            | Kind::Finalizer(..) => true,
            Kind::WeakRef(_, _, t) => *t != T::WeakProxy as u16,
            Kind::Instance(_) | Kind::Exception(_) => {
                let class = self.type_of(heap, x);
                self.user_method(heap, class, "__call__").is_some()
            }
            Kind::Native(n) => matches!(
                T::from_index(n.ty),
                T::Partial | T::LruCacheWrapper | T::AttrGetter | T::ItemGetter | T::StaticMethod
            ),
            _ => false,
        }
    }
}

fn chr(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let n = vm.index_value(heap, a.pos[0])?;
    match u32::try_from(n).ok().and_then(char::from_u32) {
        Some(c) => Ok(heap.str(c.encode_utf8(&mut [0; 4]))),
        None => Err(value_error("chr() arg not in range(0x110000)")),
    }
}

fn ord(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    match heap.kind(a.pos[0]) {
        Kind::Str(s) => {
            let mut cs = s.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => Ok(heap.int(c as i64)),
                _ => {
                    let n = s.chars().count();
                    Err(type_error(format!(
                        "ord() expected a character, but string of length {n} found"
                    )))
                }
            }
        }
        Kind::Bytes(b) if b.len() == 1 => Ok(heap.int(i64::from(b[0]))),
        _ => {
            let t = vm.type_name(heap, a.pos[0]);
            Err(type_error(format!(
                "ord() expected string of length 1, but {t} found"
            )))
        }
    }
}

fn getattr(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 3)?;
    let name = match heap.kind(a.pos[1]) {
        Kind::Str(s) => s.clone(),
        _ => {
            let t = vm.type_name(heap, a.pos[1]);
            return Err(type_error(format!(
                "attribute name must be string, not '{t}'"
            )));
        }
    };
    match vm.getattr_str(heap, a.pos[0], &name) {
        Ok(v) => Ok(v),
        Err(e) => match a.get(2) {
            Some(d) if vm.err_matches(heap, &e, T::AttributeError) => {
                heap.incref(d);
                Ok(d)
            }
            _ => Err(e),
        },
    }
}

fn setattr(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(3, 3)?;
    let name = vm.str_value(heap, a.pos[1]);
    heap.incref(a.pos[2]);
    vm.setattr_str(heap, a.pos[0], &name, a.pos[2])?;
    Ok(heap.none())
}

fn delattr(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    vm.delattr(heap, a.pos[0], a.pos[1])?;
    Ok(heap.none())
}

fn hasattr(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    let name = vm.str_value(heap, a.pos[1]);
    let h = vm.hasattr(heap, a.pos[0], &name)?;
    Ok(heap.bool(h))
}

fn dir(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    match a.get(0) {
        Some(o) => vm.dir_of(heap, o),
        None => {
            // The current scope: a module's or class's namespace, a function's locals.
            let (ns, code_id, lbase) = {
                let f = vm.frame();
                (f.namespace, f.code_id, f.lbase as usize)
            };
            let (d, snapshot) = match ns {
                Some(ns) => (ns, false),
                None => (vm.locals_snapshot(heap, code_id, lbase)?, true),
            };
            let mut keys = vm.dict_view_items(heap, d, 0);
            if snapshot {
                heap.decref(vm, d);
            }
            // `__main__`'s names CPython's start-up sets (pymemsim keeps only `__name__` and
            // `__builtins__` in the dict; reading the others stops as unsupported).
            if d == vm.main_dict {
                let mut extra = vec![
                    "__doc__",
                    "__file__",
                    "__loader__",
                    "__package__",
                    "__spec__",
                ];
                if vm.minor < 15 {
                    extra.push("__cached__");
                }
                if vm.minor < 14 {
                    extra.push("__annotations__");
                }
                for n in extra {
                    if heap.dict_get_str(d, n).is_none() {
                        keys.push(heap.str(n));
                    }
                }
            }
            let l = vm.new_list(heap, keys);
            vm.sort_list(heap, l, None, false)?;
            Ok(l)
        }
    }
}

fn divmod(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    let (x, y) = (a.pos[0], a.pos[1]);
    if let (Some(super::int::Number::Float(_)), _) | (_, Some(super::int::Number::Float(_))) =
        (vm.number(heap, x), vm.number(heap, y))
    {
        let xf = vm.float_of(heap, x)?;
        let yf = vm.float_of(heap, y)?;
        if yf == 0.0 {
            return Err(err(
                T::ZeroDivisionError,
                if vm.minor >= 14 {
                    "division by zero"
                } else {
                    "float divmod()"
                },
            ));
        }
        let (q, m) = super::float::float_divmod(xf, yf);
        let q = heap.new_plain(Kind::Float(q));
        let m = heap.new_plain(Kind::Float(m));
        return Ok(vm.new_tuple(heap, vec![q, m]));
    }
    let q = vm.binary_op(heap, crate::python::compiler::code::BinOp::FloorDiv, x, y)?;
    let m = match vm.binary_op(heap, crate::python::compiler::code::BinOp::Mod, x, y) {
        Ok(m) => m,
        Err(e) => {
            heap.decref(vm, q);
            return Err(e);
        }
    };
    Ok(heap.tuple_pack(vm, vec![q, m]))
}

fn format(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 2)?;
    // `PyObject_Format`, as an f-string's `{x}` and `{x:spec}`: with no spec a str is itself
    // and an int its `str()`.
    if let Some(spec) = a.get(1) {
        if !matches!(heap.kind(spec), Kind::Str(_)) {
            let t = vm.type_name(heap, spec);
            return Err(type_error(format!(
                "format() argument 2 must be str, not {t}"
            )));
        }
    }
    let none = crate::python::compiler::code::Conversion::None;
    vm.format_value(heap, a.pos[0], none, a.get(1))
}

fn globals(vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    let g = vm.frame().globals;
    heap.incref(g);
    Ok(g)
}

fn locals(vm: &mut Vm, heap: &mut Heap, _a: &Args) -> R<ObjId> {
    let f = vm.frame();
    if let Some(ns) = f.namespace {
        heap.incref(ns);
        return Ok(ns);
    }
    let index = vm.frames.len() - 1;
    let fo = vm.frame_object(heap, index);
    vm.frame_locals_dict(heap, fo)
}

fn vars(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    match a.get(0) {
        None => locals(vm, heap, a),
        Some(o) => match heap.kind(o) {
            Kind::Class(c) => {
                let d = c.dict;
                Ok(vm.new_mappingproxy(heap, d))
            }
            _ => vm
                .instance_dict(heap, o)
                .map_err(|_| type_error("vars() argument must have __dict__ attribute")),
        },
    }
}

fn hash(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let h = vm.hash_of(heap, a.pos[0])?;
    Ok(heap.int(h))
}

fn id(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let addr = heap.get(a.pos[0]).addr;
    Ok(heap.int_val(IntVal::from_big(num_bigint::BigInt::from(addr))))
}

fn input(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 1)?;
    if let Some(p) = a.get(0) {
        let s = vm.str_of(heap, p)?;
        vm.emit(heap, false, &s);
    }
    if vm
        .stdin
        .get(vm.stdin_pos..)
        .is_none_or(|r| !r.contains('\n'))
    {
        if let Some(more) = vm.stdin_source.as_mut().and_then(|f| f()) {
            vm.stdin.push_str(&more);
        }
    }
    let rest = vm.stdin.get(vm.stdin_pos..).unwrap_or("");
    if rest.is_empty() {
        return Err(err(T::EOFError, "EOF when reading a line"));
    }
    let (line, used) = match rest.find('\n') {
        Some(i) => (&rest[..i], i + 1),
        None => (rest, rest.len()),
    };
    let line = line.trim_end_matches('\r').to_string();
    vm.stdin_pos += used;
    Ok(heap.str(&line))
}

fn isinstance(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    let r = vm.isinstance_check(heap, a.pos[0], a.pos[1], true)?;
    Ok(heap.bool(r))
}

fn issubclass(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    if !matches!(heap.kind(a.pos[0]), Kind::Class(_) | Kind::Type(_)) {
        return Err(type_error("issubclass() arg 1 must be a class"));
    }
    let r = vm.isinstance_check(heap, a.pos[0], a.pos[1], false)?;
    Ok(heap.bool(r))
}

impl Vm {
    /// `isinstance`/`issubclass` against a class or a tuple of classes.
    fn isinstance_check(
        &mut self,
        heap: &mut Heap,
        x: ObjId,
        cls: ObjId,
        instance: bool,
    ) -> R<bool> {
        match heap.kind(cls) {
            Kind::Tuple(items) => {
                let items = items.clone();
                for c in items {
                    if self.isinstance_check(heap, x, c, instance)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Kind::Class(c) if c.metaclass.is_some() => {
                // A metaclass's `__instancecheck__` / `__subclasscheck__` decides (after the
                // exact-type shortcut of `PyObject_IsInstance`).
                if instance && self.type_of(heap, x) == cls {
                    return Ok(true);
                }
                let meta = c.metaclass.unwrap_or(cls);
                let hook = if instance {
                    "__instancecheck__"
                } else {
                    "__subclasscheck__"
                };
                match self
                    .lookup_type_attr(heap, meta, hook)
                    .filter(|f| matches!(heap.kind(*f), Kind::Function(_)))
                {
                    Some(f) => {
                        heap.incref(f);
                        let r = self.call1(heap, f, &[cls, x]);
                        heap.decref(self, f);
                        let v = r?;
                        let t = self.is_true(heap, v);
                        heap.decref(self, v);
                        t
                    }
                    None => Ok(if instance {
                        self.isinstance(heap, x, cls)
                    } else {
                        self.is_subclass(heap, x, cls)
                    }),
                }
            }
            Kind::Type(_) | Kind::Class(_) => Ok(if instance {
                self.isinstance(heap, x, cls)
            } else {
                self.is_subclass(heap, x, cls)
            }),
            _ => Err(type_error(if instance {
                "isinstance() arg 2 must be a type, a tuple of types, or a union"
            } else {
                "issubclass() arg 2 must be a class, a tuple of classes, or a union"
            })),
        }
    }

    /// A number as a float.
    pub(crate) fn float_of(&mut self, heap: &mut Heap, x: ObjId) -> R<f64> {
        match self.number(heap, x) {
            Some(n) => super::int::to_f64(&n),
            None => {
                let t = self.type_name(heap, x);
                Err(type_error(format!("must be real number, not {t}")))
            }
        }
    }
}

fn iter(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 2)?;
    if let Some(&sentinel) = a.pos.get(1) {
        let f = a.pos[0];
        heap.incref(f);
        heap.incref(sentinel);
        return Ok(vm.new_native(heap, T::CallableIterator, vec![Some(f), Some(sentinel)], 32));
    }
    vm.get_iter(heap, a.pos[0])
}

fn next(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 2)?;
    let it = a.pos[0];
    if !vm.is_iterator(heap, it) {
        let t = vm.type_name(heap, it);
        return Err(type_error(format!("'{t}' object is not an iterator")));
    }
    match vm.iter_next_with_value(heap, it)? {
        Ok(v) => Ok(v),
        Err(ret) => match a.get(1) {
            Some(d) => {
                heap.decref(vm, ret);
                heap.incref(d);
                Ok(d)
            }
            None => {
                let args = if matches!(heap.kind(ret), Kind::None) {
                    heap.decref(vm, ret);
                    vm.new_tuple(heap, Vec::new())
                } else {
                    vm.new_tuple(heap, vec![ret])
                };
                let e = vm.new_exception(heap, vm.types.get(T::StopIteration), args);
                Err(Exc::new(Raised::Obj(e)))
            }
        },
    }
}

/// `min` and `max`.
fn extreme(vm: &mut Vm, heap: &mut Heap, a: &Args, want_max: bool) -> R<ObjId> {
    match a.pos {
        // `min_max` iterates its one positional argument.
        [iterable] => vm.with_iteration(heap, *iterable, |vm, heap| {
            extreme_of(vm, heap, a, want_max)
        }),
        _ => extreme_of(vm, heap, a, want_max),
    }
}

fn extreme_of(vm: &mut Vm, heap: &mut Heap, a: &Args, want_max: bool) -> R<ObjId> {
    a.only_kw(heap, &["key", "default"])?;
    let name = if want_max { "max" } else { "min" };
    let key = a
        .kw(heap, "key")
        .filter(|k| !matches!(heap.kind(*k), Kind::None));
    let items = if a.pos.len() == 1 {
        vm.collect_iterable(heap, a.pos[0])?
    } else if a.pos.is_empty() {
        return Err(type_error(format!(
            "{name} expected at least 1 argument, got 0"
        )));
    } else {
        if a.kw(heap, "default").is_some() {
            return Err(type_error(format!(
                "Cannot specify a default for {name}() with multiple positional arguments"
            )));
        }
        a.pos
            .iter()
            .map(|&x| {
                heap.incref(x);
                x
            })
            .collect()
    };
    if items.is_empty() {
        return match a.kw(heap, "default") {
            Some(d) => {
                heap.incref(d);
                Ok(d)
            }
            None => Err(value_error(if vm.minor >= 14 {
                format!("{name}() iterable argument is empty")
            } else {
                format!("{name}() arg is an empty sequence")
            })),
        };
    }
    let mut best = items[0];
    let mut best_key = match key {
        Some(k) => vm.call1(heap, k, &[best])?,
        None => {
            heap.incref(best);
            best
        }
    };
    let mut result = Ok(());
    for &it in &items[1..] {
        let k = match key {
            Some(kf) => match vm.call1(heap, kf, &[it]) {
                Ok(k) => k,
                Err(e) => {
                    result = Err(e);
                    break;
                }
            },
            None => {
                heap.incref(it);
                it
            }
        };
        let better = if want_max {
            vm.compare_bool(heap, k, best_key, crate::python::compiler::code::CmpOp::Gt)
        } else {
            vm.compare_bool(heap, k, best_key, crate::python::compiler::code::CmpOp::Lt)
        };
        match better {
            Ok(true) => {
                heap.decref(vm, best_key);
                best_key = k;
                best = it;
            }
            Ok(false) => heap.decref(vm, k),
            Err(e) => {
                heap.decref(vm, k);
                result = Err(e);
                break;
            }
        }
    }
    heap.decref(vm, best_key);
    heap.incref(best);
    for it in items {
        heap.decref(vm, it);
    }
    match result {
        Ok(()) => Ok(best),
        Err(e) => {
            heap.decref(vm, best);
            Err(e)
        }
    }
}

fn max(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    extreme(vm, heap, a, true)
}
fn min(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    extreme(vm, heap, a, false)
}

fn sum(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 2)?;
    vm.with_iteration(heap, a.pos[0], |vm, heap| sum_items(vm, heap, a))
}

/// `sum` once `builtin_sum_impl` has its iterator.
fn sum_items(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let start = match a.arg(heap, 1, "start") {
        Some(s) => {
            if let Kind::Str(_) = heap.kind(s) {
                return Err(type_error(
                    "sum() can't sum strings [use ''.join(seq) instead]",
                ));
            }
            heap.incref(s);
            s
        }
        None => heap.int(0),
    };
    let items = vm.collect_iterable(heap, a.pos[0]);
    let items = match items {
        Ok(v) => v,
        Err(e) => {
            heap.decref(vm, start);
            return Err(e);
        }
    };
    // Floats are summed with compensation from 3.12 (Neumaier), as CPython does.
    let all_float = vm.minor >= 12
        && items.iter().all(|&i| {
            matches!(
                heap.kind(i),
                Kind::Float(_) | Kind::Int(IntVal::Small(_)) | Kind::Bool(_)
            )
        })
        && items
            .iter()
            .any(|&i| matches!(heap.kind(i), Kind::Float(_)))
        && matches!(
            heap.kind(start),
            Kind::Float(_) | Kind::Int(IntVal::Small(_))
        );
    if all_float {
        let mut s = vm.float_of(heap, start)?;
        let mut c = 0.0f64;
        for &i in &items {
            let x = vm.float_of(heap, i)?;
            let t = s + x;
            if s.abs() >= x.abs() {
                c += (s - t) + x;
            } else {
                c += (x - t) + s;
            }
            s = t;
        }
        for i in items {
            heap.decref(vm, i);
        }
        heap.decref(vm, start);
        let total = if c.is_finite() { s + c } else { s };
        return Ok(heap.new_plain(Kind::Float(total)));
    }
    let mut acc = start;
    let mut result = Ok(());
    for &i in &items {
        match vm.binary_op(heap, crate::python::compiler::code::BinOp::Add, acc, i) {
            Ok(n) => {
                heap.decref(vm, acc);
                acc = n;
            }
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    for i in items {
        heap.decref(vm, i);
    }
    match result {
        Ok(()) => Ok(acc),
        Err(e) => {
            heap.decref(vm, acc);
            Err(e)
        }
    }
}

fn sorted(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    a.only_kw(heap, &["key", "reverse"])?;
    // `PySequence_List`: a new list extended by the iterable (`list_extend`), then sorted.
    let l = vm.new_list(heap, Vec::new());
    if let Err(e) = vm.list_extend(heap, l, a.pos[0]) {
        heap.decref(vm, l);
        return Err(e);
    }
    let key = a.kw(heap, "key");
    let reverse = match a.kw(heap, "reverse") {
        Some(r) => vm.is_true(heap, r)?,
        None => false,
    };
    // `builtin_sorted` calls the new list's `sort`, a bound builtin method.
    let sort = vm.transient_cmethod(heap, l);
    let r = vm.sort_list(heap, l, key, reverse);
    heap.decref(vm, sort);
    if let Err(e) = r {
        heap.decref(vm, l);
        return Err(e);
    }
    Ok(l)
}

fn pow(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 3)?;
    let (b, e) = (
        a.arg(heap, 0, "base").unwrap_or(a.pos[0]),
        a.arg(heap, 1, "exp").unwrap_or(a.pos[1]),
    );
    match a
        .arg(heap, 2, "mod")
        .filter(|m| !matches!(heap.kind(*m), Kind::None))
    {
        None => vm.binary_op(heap, crate::python::compiler::code::BinOp::Pow, b, e),
        Some(m) => {
            let (Some(bv), Some(ev), Some(mv)) = (
                vm.int_value(heap, b),
                vm.int_value(heap, e),
                vm.int_value(heap, m),
            ) else {
                return Err(type_error(
                    "pow() 3rd argument not allowed unless all arguments are integers",
                ));
            };
            if num_traits::Zero::is_zero(&mv) {
                return Err(value_error("pow() 3rd argument cannot be 0"));
            }
            let r = if num_traits::Signed::is_negative(&ev) {
                let inv = mod_inverse(&bv, &mv)
                    .ok_or_else(|| value_error("base is not invertible for the given modulus"))?;
                inv.modpow(&(-ev), &mv)
            } else {
                bv.modpow(&ev, &mv)
            };
            // Python's result has the modulus's sign.
            let r = num_integer::Integer::mod_floor(&r, &mv);
            Ok(heap.int_val(IntVal::from_big(r)))
        }
    }
}

fn mod_inverse(a: &num_bigint::BigInt, m: &num_bigint::BigInt) -> Option<num_bigint::BigInt> {
    let e = num_integer::Integer::extended_gcd(a, m);
    if e.gcd != num_bigint::BigInt::from(1) && e.gcd != num_bigint::BigInt::from(-1) {
        return None;
    }
    Some(num_integer::Integer::mod_floor(&e.x, m))
}

fn round(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 2)?;
    let number = a.arg(heap, 0, "number").unwrap_or(a.pos[0]);
    // Up to 3.13 `_PyObject_LookupSpecial` binds the number's `__round__`.
    let bound = (vm.minor < 14 && vm.builtin_type(heap, number).is_some())
        .then(|| vm.transient_cmethod(heap, number));
    let r = vm.round(heap, number, a.arg(heap, 1, "ndigits"));
    if let Some(b) = bound {
        heap.decref(vm, b);
    }
    r
}

fn build_class(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    vm.build_class(heap, a.pos, a.kwnames, a.kwvals)
}

fn import(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 5)?;
    let name = vm.str_value(heap, a.pos[0]);
    let none = heap.statics.none;
    vm.import_name(heap, &name, none)
}

fn exec(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 3)?;
    vm.exec_string(heap, a.pos[0], a.get(1), a.get(2), false)
}

fn eval(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 3)?;
    vm.exec_string(heap, a.pos[0], a.get(1), a.get(2), true)
}

fn open(_vm: &mut Vm, _heap: &mut Heap, _a: &Args) -> R<ObjId> {
    Err(unsupported("open() (files)"))
}

fn property_copy(vm: &mut Vm, heap: &mut Heap, a: &Args, slot: usize) -> R<ObjId> {
    a.count(1, 1)?;
    let mut refs = match heap.kind(a.this()) {
        Kind::Native(n) => n.refs.clone(),
        _ => vec![None; 4],
    };
    refs.resize(4, None);
    refs[slot] = Some(a.pos[0]);
    // `property_copy` calls the type with (fget, fset, fdel, doc): `property` has no
    // vectorcall, so the four arguments are packed in a tuple.
    let none = heap.statics.none;
    let args: Vec<ObjId> = refs.iter().map(|r| r.unwrap_or(none)).collect();
    vm.make_tp_call(heap, &args, &[], &[], |vm, heap| {
        for r in refs.iter().flatten() {
            heap.incref(*r);
        }
        let size = if vm.minor >= 10 { 80 } else { 72 };
        Ok(vm.new_native(heap, T::Property, refs, size))
    })
}

fn property_getter(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    property_copy(vm, heap, a, 0)
}
fn property_setter(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    property_copy(vm, heap, a, 1)
}
fn property_deleter(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    property_copy(vm, heap, a, 2)
}

fn gen_send(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    match vm.gen_send(heap, a.this(), a.pos[0])? {
        super::super::generator::Sent::Yielded(v) => Ok(v),
        super::super::generator::Sent::Returned(v) => Err(vm.stop_iteration(heap, v)),
    }
}

fn gen_next(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let none = heap.statics.none;
    match vm.gen_send(heap, a.this(), none)? {
        super::super::generator::Sent::Yielded(v) => Ok(v),
        super::super::generator::Sent::Returned(v) => Err(vm.stop_iteration(heap, v)),
    }
}

fn gen_throw(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 3)?;
    let x = a.pos[0];
    heap.incref(x);
    let exc = match heap.kind(x) {
        Kind::Exception(_) => x,
        _ => {
            let e = vm.make_raisable(heap, x)?;
            if let Some(&v) = a.pos.get(1) {
                if !matches!(heap.kind(v), Kind::None) {
                    let _ = v;
                }
            }
            e
        }
    };
    match vm.gen_throw(heap, a.this(), exc)? {
        super::super::generator::Sent::Yielded(v) => Ok(v),
        super::super::generator::Sent::Returned(v) => Err(vm.stop_iteration(heap, v)),
    }
}

fn gen_close(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    vm.gen_close(heap, a.this())?;
    Ok(heap.none())
}

fn gen_iter(_vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    heap.incref(a.this());
    Ok(a.this())
}

impl Vm {
    /// `StopIteration(value)` (value owned).
    pub(crate) fn stop_iteration(&mut self, heap: &mut Heap, value: ObjId) -> Exc {
        let args = if matches!(heap.kind(value), Kind::None) {
            heap.decref(self, value);
            self.new_tuple(heap, Vec::new())
        } else {
            self.new_tuple(heap, vec![value])
        };
        let e = self.new_exception(heap, self.types.get(T::StopIteration), args);
        if let Kind::Exception(d) = heap.kind(e) {
            if let Kind::Tuple(items) = heap.kind(d.args) {
                if let Some(&v) = items.first() {
                    heap.incref(v);
                    if let Kind::Exception(d) = &mut heap.get_mut(e).kind {
                        d.extra[0] = Some(v);
                    }
                }
            }
        }
        Exc::new(Raised::Obj(e))
    }
}

/// The builtin functions and the methods of builtin objects defined here.
pub(crate) const DEFS: &[Def] = &[
    function(None, "print", print),
    function(None, "len", len),
    function(None, "repr", repr),
    function(None, "ascii", ascii),
    function(None, "abs", abs),
    function(None, "all", all),
    function(None, "any", any),
    function(None, "bin", bin),
    function(None, "oct", oct),
    function(None, "hex", hex),
    function(None, "callable", callable),
    function(None, "chr", chr),
    function(None, "ord", ord),
    function(None, "getattr", getattr),
    function(None, "setattr", setattr),
    function(None, "delattr", delattr),
    function(None, "hasattr", hasattr),
    function(None, "dir", dir),
    function(None, "divmod", divmod),
    function(None, "format", format),
    function(None, "globals", globals),
    function(None, "locals", locals),
    function(None, "vars", vars),
    function(None, "hash", hash),
    function(None, "id", id),
    function(None, "input", input),
    function(None, "isinstance", isinstance),
    function(None, "issubclass", issubclass),
    function(None, "iter", iter),
    function(None, "next", next),
    function(None, "max", max),
    function(None, "min", min),
    function(None, "sum", sum),
    function(None, "sorted", sorted),
    function(None, "pow", pow),
    function(None, "round", round),
    function(None, "__build_class__", build_class),
    function(None, "__import__", import),
    function(None, "exec", exec),
    function(None, "eval", eval),
    function(None, "open", open),
    method(T::Property, "getter", property_getter),
    method(T::Property, "setter", property_setter),
    method(T::Property, "deleter", property_deleter),
    method(T::Generator, "send", gen_send),
    method(T::Generator, "__next__", gen_next),
    method(T::Generator, "throw", gen_throw),
    method(T::Generator, "close", gen_close),
    method(T::Generator, "__iter__", gen_iter),
];

/// CPython's builtin types and functions have docstrings; pymemsim does not carry their text.
fn unsupported_doc() -> super::super::exception::Exc {
    super::super::exception::unsupported("the docstrings of builtin types and functions")
}
