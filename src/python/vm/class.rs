//! Classes: the type of an object, method resolution order (C3), `isinstance`/`issubclass`,
//! `__build_class__` and `type.__new__` with the objects CPython allocates for a new class
//! (namespace copy, bases and MRO tuples, `__dict__`/`__weakref__`/slot descriptors, weak
//! references in the bases' subclass tables), instantiation (`__new__`, `__init__`), and
//! `super()`.

use std::rc::Rc;

use num_bigint::BigInt;

use crate::engine::heap::{Heap, Special};
use crate::engine::ids::ObjId;
use crate::engine::object::{ClassData, FunctionData, IntVal, Kind, SeqOf};

use super::builtins::T;
use super::eval::Outcome;
use super::exception::{err, type_error, R};
use super::frame::{Exit, Frame, Ref};
use super::Vm;

impl Vm {
    /// The type object of an object (borrowed).
    pub(crate) fn type_of(&self, heap: &Heap, obj: ObjId) -> ObjId {
        let t = match heap.kind(obj) {
            Kind::Instance(inst) => return inst.class,
            Kind::Exception(e) => return e.class,
            Kind::None => T::NoneType,
            Kind::Bool(_) => T::Bool,
            Kind::Ellipsis => T::Ellipsis,
            Kind::NotImplemented => T::NotImplementedType,
            Kind::Int(_) => T::Int,
            Kind::Float(_) => T::Float,
            Kind::Complex(..) => T::Complex,
            Kind::Str(_) => T::Str,
            Kind::Bytes(_) => T::Bytes,
            Kind::ByteArray(..) => T::ByteArray,
            Kind::Tuple(_) => match heap.subtype_class(obj) {
                Some(c) => return c,
                None => T::Tuple,
            },
            Kind::List(..) => T::List,
            Kind::Dict(d) => T::of_dict(d.subtype),
            Kind::Set(_, _, frozen) => {
                if *frozen {
                    T::FrozenSet
                } else {
                    T::Set
                }
            }
            Kind::PySet(d) => {
                if d.frozen {
                    T::FrozenSet
                } else {
                    T::Set
                }
            }
            Kind::Class(c) => return c.metaclass.unwrap_or_else(|| self.types.get(T::Type)),
            Kind::Type(_) => T::Type,
            Kind::Function(_) => T::Function,
            Kind::Method(..) => T::Method,
            Kind::BuiltinFn(f, bound) => {
                if bound.is_none() && self.builtin_is_method_descriptor(*f) {
                    T::MethodDescriptor
                } else {
                    T::BuiltinFunction
                }
            }
            Kind::Builtin(_) | Kind::BuiltinMethod(..) => T::BuiltinFunction,
            Kind::Module(..) => T::Module,
            Kind::WeakRef(_, _, t) => T::from_index(*t),
            Kind::Finalizer(..) => T::Finalize,
            Kind::Object => T::Object,
            Kind::Cell(_) => T::Cell,
            Kind::Range(..) => T::Range,
            Kind::SeqIter(_, _, of) => match of {
                SeqOf::List => T::ListIterator,
                SeqOf::Tuple => T::TupleIterator,
                SeqOf::AsciiStr => T::StrAsciiIterator,
                SeqOf::Str => T::StrIterator,
                SeqOf::Bytes => T::BytesIterator,
                SeqOf::ByteArray => T::ByteArrayIterator,
                SeqOf::Other => T::SeqIterator,
            },
            Kind::RangeIter(..) => T::RangeIterator,
            Kind::DictView(_, 0) => T::DictKeys,
            Kind::DictView(_, 1) => T::DictValues,
            Kind::DictView(..) => T::DictItems,
            Kind::Frame | Kind::FrameObj(_) => T::Frame,
            Kind::Descriptor(_, false) => T::GetSetDescriptor,
            Kind::Descriptor(_, true) => T::MemberDescriptor,
            Kind::Code => T::Code,
            Kind::Traceback(..) => T::Traceback,
            Kind::Generator(_) => T::Generator,
            Kind::Native(n) => T::from_index(n.ty),
        };
        self.types.get(t)
    }

    /// Whether calling builtin type `t` goes through `_PyObject_MakeTpCall` (its positional
    /// arguments packed in a tuple, keyword ones in a dict): the types that had no vectorcall
    /// constructor yet in this version.
    pub(crate) fn packs_args(&self, t: T) -> bool {
        match t {
            T::Bytes | T::ByteArray => true,
            T::Int | T::Str => self.minor < 13,
            T::Float | T::Bool => self.minor < 10,
            T::Range | T::List | T::Tuple | T::Dict | T::Set | T::FrozenSet => self.minor < 9,
            // Measured: `gc.get_count()` around a call shows the argument tuple.
            T::Zip => true,
            T::Map | T::Filter | T::Reversed => self.minor <= 9,
            T::Enumerate => self.minor <= 10,
            // Types that never had a vectorcall constructor (`_PyObject_MakeTpCall`).
            T::WeakRef | T::Property | T::StaticMethod | T::ClassMethod => true,
            _ => false,
        }
    }

    /// The builtin type of an object's type, if its type is builtin.
    pub(crate) fn builtin_type(&self, heap: &Heap, obj: ObjId) -> Option<T> {
        match heap.kind(self.type_of(heap, obj)) {
            Kind::Type(t) => Some(T::from_index(*t)),
            _ => None,
        }
    }

    /// `type(obj).__name__`.
    pub(crate) fn type_name(&self, heap: &Heap, obj: ObjId) -> String {
        let t = self.type_of(heap, obj);
        self.class_name(heap, t)
    }

    /// A type's `__name__`.
    pub(crate) fn class_name(&self, heap: &Heap, class: ObjId) -> String {
        match heap.kind(class) {
            Kind::Type(t) => T::from_index(*t).name_in(self.minor).to_string(),
            Kind::Class(c) => c.name.to_string(),
            _ => "?".into(),
        }
    }

    /// A user class's `__qualname__` (from its namespace), or its name.
    pub(crate) fn class_qualname(&self, heap: &Heap, class: ObjId) -> String {
        match heap.kind(class) {
            Kind::Class(c) => match heap.dict_get_str(c.dict, "__qualname__") {
                Some(q) => match heap.kind(q) {
                    Kind::Str(s) => s.to_string(),
                    _ => c.name.to_string(),
                },
                None => c.qualname.as_deref().unwrap_or(&c.name).to_string(),
            },
            _ => self.class_name(heap, class),
        }
    }

    /// A class's `__module__`.
    pub(crate) fn class_module(&self, heap: &Heap, class: ObjId) -> Option<String> {
        match heap.kind(class) {
            Kind::Class(c) => match heap.dict_get_str(c.dict, "__module__") {
                Some(m) => match heap.kind(m) {
                    Kind::Str(s) => Some(s.to_string()),
                    _ => None,
                },
                None => None,
            },
            Kind::Type(t) => Some(
                T::from_index(*t)
                    .module_in(self.minor)
                    .unwrap_or("builtins")
                    .to_string(),
            ),
            _ => None,
        }
    }

    /// The MRO of a type object: the class itself first (borrowed references).
    pub(crate) fn mro_of(&self, heap: &Heap, class: ObjId) -> Vec<ObjId> {
        match heap.kind(class) {
            Kind::Class(c) => match c.mro.map(|m| heap.kind(m)) {
                Some(Kind::Tuple(items)) => items.clone(),
                _ => vec![class, self.types.get(T::Object)],
            },
            Kind::Type(t) => T::from_index(*t)
                .mro()
                .into_iter()
                .map(|t| self.types.get(t))
                .collect(),
            _ => vec![class],
        }
    }

    /// `issubclass(c, parent)` for type objects.
    pub(crate) fn is_subclass(&self, heap: &Heap, c: ObjId, parent: ObjId) -> bool {
        if c == parent {
            return true;
        }
        match heap.kind(c) {
            Kind::Class(cd) => match cd.mro.map(|m| heap.kind(m)) {
                Some(Kind::Tuple(items)) => items.contains(&parent),
                _ => parent == self.types.get(T::Object),
            },
            Kind::Type(t) => match heap.kind(parent) {
                Kind::Type(p) => T::from_index(*t).is_subtype_of(T::from_index(*p)),
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether builtin type `t` derives from `parent`.
    pub(crate) fn type_is_subtype(&self, t: T, parent: T) -> bool {
        t.is_subtype_of(parent)
    }

    /// `isinstance(obj, class)` for one type object.
    pub(crate) fn isinstance(&self, heap: &Heap, obj: ObjId, class: ObjId) -> bool {
        let t = self.type_of(heap, obj);
        self.is_subclass(heap, t, class)
    }

    /// Whether [`Vm::type_of`] `obj` is builtin type `t` itself, answered without looking the
    /// type object up for the commonest receivers of builtin methods (false: ask
    /// [`Vm::is_instance_of`]).
    #[inline]
    pub(crate) fn is_exactly(heap: &Heap, obj: ObjId, t: T) -> bool {
        matches!(
            (heap.kind(obj), t),
            (Kind::List(..), T::List)
                | (Kind::Str(_), T::Str)
                | (Kind::Int(_), T::Int)
                | (Kind::Float(_), T::Float)
                | (Kind::Bytes(_), T::Bytes)
        )
    }

    /// Whether the `CALL` instruction at `site` calling `class` with `nargs` positional
    /// arguments runs specialized: from its second run with the same class (and no class
    /// changed since), when the call qualifies (decided once per site and class).
    pub(crate) fn class_call_specialized(
        &mut self,
        heap: &mut Heap,
        site: (u32, u32),
        class: ObjId,
        nargs: usize,
    ) -> bool {
        let epoch = heap.class_epoch();
        match self.class_call_sites.get(&site) {
            Some(&(c, e, qualifies)) if c == class && e == epoch => qualifies,
            _ => {
                let qualifies = self.enters_init_directly(heap, class, nargs);
                self.class_call_sites
                    .insert(site, (class, epoch, qualifies));
                false
            }
        }
    }

    /// Whether a call of `class` with `nargs` positional arguments qualifies for 3.13's
    /// `CALL_ALLOC_AND_ENTER_INIT` (`specialize_class_call`): `type` as metaclass, the base
    /// object's `__new__`, and an `__init__` that is a Python function of `self` and `nargs`
    /// positional parameters, no `*args`, `**kwargs` or keyword-only ones. 3.13 wants inline
    /// values (no `__slots__`) and exactly `nargs` parameters; 3.14 also takes `__slots__`
    /// classes and parameters left to their defaults (measured).
    fn enters_init_directly(&mut self, heap: &mut Heap, class: ObjId, nargs: usize) -> bool {
        let Kind::Class(c) = heap.kind(class) else {
            return false;
        };
        let relaxed = self.minor >= 14;
        if c.metaclass.is_some() || (!relaxed && (c.slots.is_some() || !c.has_dict)) {
            return false;
        }
        if self.solid_base(heap, class) != T::Object
            || self.user_method(heap, class, "__new__").is_some()
        {
            return false;
        }
        let Some(init) = self.user_method(heap, class, "__init__") else {
            return false;
        };
        let Kind::Function(f) = heap.kind(init) else {
            return false;
        };
        let defaults = match f.defaults.map(|d| heap.kind(d)) {
            Some(Kind::Tuple(items)) if relaxed => items.len(),
            _ => 0,
        };
        self.codes.get(f.code as usize).is_some_and(|code| {
            let params = code.argcount as usize;
            !code.varargs
                && !code.varkeywords
                && code.kwonlyargcount == 0
                && params > nargs
                && params.saturating_sub(defaults) <= nargs + 1
        })
    }

    /// Whether `obj` is an instance of builtin type `t` (subclasses included).
    pub(crate) fn is_instance_of(&self, heap: &Heap, obj: ObjId, t: T) -> bool {
        self.isinstance(heap, obj, self.types.get(t))
    }

    /// Looks `name` up along a type's MRO (`_PyType_Lookup`): a borrowed reference.
    pub(crate) fn lookup_type_attr(
        &mut self,
        heap: &mut Heap,
        class: ObjId,
        name: &str,
    ) -> Option<ObjId> {
        let epoch = heap.class_epoch();
        if self.mro_cache_epoch != epoch {
            self.mro_cache.clear();
            self.mro_cache_epoch = epoch;
        }
        if let Some(&found) = self.mro_cache.get(&class.0).and_then(|m| m.get(name)) {
            return found;
        }
        let found = self.lookup_type_attr_uncached(heap, class, name);
        // (Looking up a builtin method object may not create a class: the epoch is unchanged.)
        self.mro_cache
            .entry(class.0)
            .or_default()
            .insert(Rc::from(name), found);
        found
    }

    fn lookup_type_attr_uncached(
        &mut self,
        heap: &mut Heap,
        class: ObjId,
        name: &str,
    ) -> Option<ObjId> {
        for c in self.mro_of(heap, class) {
            match heap.kind(c) {
                Kind::Class(cd) => {
                    if let Some(v) = heap.dict_get_str(cd.dict, name) {
                        return Some(v);
                    }
                }
                Kind::Type(t) => {
                    let t = T::from_index(*t);
                    // The mutable containers set `__hash__ = None` (PyObject_HashNotImplemented).
                    if name == "__hash__" && matches!(t, T::List | T::Dict | T::Set | T::ByteArray)
                    {
                        return Some(heap.statics.none);
                    }
                    if let Some(v) = self.builtin_type_attr(heap, t, name) {
                        return Some(v);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// The class a user class's instances are laid out by: the first builtin type in its MRO
    /// other than `object` (an exception class's instances are exceptions).
    pub(crate) fn solid_base(&self, heap: &Heap, class: ObjId) -> T {
        match heap.kind(class) {
            Kind::Class(c) => match c.mro.map(|m| heap.kind(m)) {
                Some(Kind::Tuple(items)) => items
                    .iter()
                    .find_map(|&k| match heap.kind(k) {
                        Kind::Type(t) => Some(T::from_index(*t)),
                        _ => None,
                    })
                    .unwrap_or(T::Object),
                _ => T::Object,
            },
            Kind::Type(t) => T::from_index(*t),
            _ => T::Object,
        }
    }

    // ----------------------------------------------------------------------------------------
    // Class creation

    /// `__build_class__(func, name, *bases, metaclass=..., **kwds)`: runs the class body in a
    /// new namespace, then calls the metaclass.
    pub(crate) fn build_class(
        &mut self,
        heap: &mut Heap,
        args: &[ObjId],
        kwnames: &[ObjId],
        kwvals: &[ObjId],
    ) -> R<ObjId> {
        if args.len() < 2 {
            return Err(type_error("__build_class__: not enough arguments"));
        }
        let body = args[0];
        let name_obj = args[1];
        let bases: Vec<ObjId> = args[2..].to_vec();
        let mut metaclass = None;
        let mut extra_kw = Vec::new();
        for (k, v) in kwnames.iter().zip(kwvals) {
            if &*self.str_value(heap, *k) == "metaclass" {
                metaclass = Some(*v);
            } else {
                extra_kw.push((*k, *v));
            }
        }
        for &b in &bases {
            match heap.kind(b) {
                Kind::Class(_) => {}
                Kind::Type(t) => {
                    let t = T::from_index(*t);
                    if !t.subclassable() {
                        return Err(type_error(format!(
                            "type '{}' is not an acceptable base type",
                            t.name()
                        )));
                    }
                    if !matches!(t, T::Object | T::Type | T::Tuple) && !t.is_exception() {
                        return Err(super::exception::unsupported(format!(
                            "a class derived from the builtin type '{}'",
                            t.name()
                        )));
                    }
                }
                _ => return Err(type_error("bases must be types")),
            }
        }
        // The metaclass: explicit, or the bases' (their most derived).
        let meta = match metaclass {
            Some(m) => m,
            None => {
                let mut m = self.types.get(T::Type);
                for &b in &bases {
                    let bm = self.type_of(heap, b);
                    if self.is_subclass(heap, bm, m) {
                        m = bm;
                    }
                }
                m
            }
        };
        // `__prepare__`, looked up on the metaclass (a builtin method bound to it, released
        // once it made the namespace): a plain dict.
        let prepare = self.transient_cmethod(heap, meta);
        let ns = heap.dict(self);
        heap.decref(self, prepare);
        // The body runs as a function whose namespace is `ns`.
        let r = self.run_class_body(heap, body, ns);
        let cell = match r {
            Ok(c) => c,
            Err(e) => {
                heap.decref(self, ns);
                return Err(e);
            }
        };
        let name_text = self.str_value(heap, name_obj);
        let cls = if meta == self.types.get(T::Type) {
            self.type_new(heap, &name_text, &bases, ns)
        } else {
            // A user metaclass: call it with (name, bases, ns).
            heap.incref(name_obj);
            let bt: Vec<ObjId> = bases
                .iter()
                .map(|&b| {
                    heap.incref(b);
                    b
                })
                .collect();
            let bt = self.new_tuple(heap, bt);
            let r = self.call_kw(heap, meta, &[name_obj, bt, ns], &extra_kw);
            heap.decref(self, bt);
            heap.decref(self, name_obj);
            r
        };
        let cls = match cls {
            Ok(c) => c,
            Err(e) => {
                heap.decref(self, ns);
                if let Some(c) = cell {
                    heap.decref(self, c);
                }
                return Err(e);
            }
        };
        // The `__class__` cell of the methods that use super().
        if let Some(c) = cell {
            if matches!(heap.kind(c), Kind::Cell(None)) {
                heap.incref(cls);
                if let Kind::Cell(slot) = &mut heap.get_mut(c).kind {
                    *slot = Some(cls);
                }
            }
            heap.decref(self, c);
        }
        heap.decref(self, ns);
        // __init_subclass__ of the first base that defines it (a metaclass's `type.__new__`
        // has called it already).
        if meta == self.types.get(T::Type) {
            self.init_subclass(heap, cls, &extra_kw)?;
        }
        Ok(cls)
    }

    /// Runs a class body function with `ns` as its namespace; returns its `__classcell__`.
    fn run_class_body(&mut self, heap: &mut Heap, body: ObjId, ns: ObjId) -> R<Option<ObjId>> {
        let Kind::Function(fd) = heap.kind(body) else {
            return Err(type_error("__build_class__: func must be a function"));
        };
        let fd: FunctionData = FunctionData::clone(fd);
        let code = self.codes[fd.code as usize].clone();
        let lbase = self.locals.len();
        self.locals.resize(lbase + code.nlocalsplus(), Ref::NULL);
        for &slot in &code.cell_slots {
            let cell = heap.alloc(self, Kind::Cell(None));
            self.locals[lbase + slot as usize] = Ref::owned(cell);
        }
        if code.nfrees > 0 {
            let cells: Vec<ObjId> = match fd.closure.map(|c| heap.kind(c)) {
                Some(Kind::Tuple(items)) => items.clone(),
                _ => Vec::new(),
            };
            let first = code.nlocalsplus() - code.nfrees as usize;
            for (k, cell) in cells.into_iter().enumerate() {
                heap.incref(cell);
                self.locals[lbase + first + k] = Ref::owned(cell);
            }
        }
        let func = if heap.config.version.at_least(11) {
            heap.incref(body);
            Some(body)
        } else {
            None
        };
        let sbase = self.stack.len();
        self.frames.push(Frame {
            line: code.firstlineno,
            code: code.clone(),
            code_id: fd.code,
            pc: 0,
            lasti: 0,
            lbase: lbase as u32,
            sbase: sbase as u32,
            globals: fd.globals,
            namespace: Some(ns),
            func,
            func_borrowed: false,
            frame_obj: None,
            generator: None,
            exit: Exit::Entry,
            caller_cleanup: 0,
        });
        if heap.config.frames_are_objects {
            // 3.8–3.10: the class body's frame object (cached on the code as its zombie frame).
            let fo = self.frame_object(heap, self.frames.len() - 1);
            let _ = fo;
        }
        let result = match self.run_loop(heap)? {
            Outcome::Return(v) | Outcome::Yield(v) => v,
        };
        if matches!(heap.kind(result), Kind::Cell(_)) {
            Ok(Some(result))
        } else {
            heap.decref(self, result);
            Ok(None)
        }
    }

    /// `type.__new__(type, name, bases, ns)`: the class object, a copy of the namespace as its
    /// dict, the bases and MRO tuples, the `__dict__`/`__weakref__`/slot descriptors it adds,
    /// and a weak reference to it in each base's subclass table.
    pub(crate) fn type_new(
        &mut self,
        heap: &mut Heap,
        name: &str,
        bases: &[ObjId],
        ns: ObjId,
    ) -> R<ObjId> {
        // __slots__.
        let mut slots: Option<Vec<Rc<str>>> = None;
        if let Some(sv) = heap.dict_get_str(ns, "__slots__") {
            let names = match heap.kind(sv) {
                Kind::Tuple(items) | Kind::List(items, ..) => items.clone(),
                Kind::Str(_) => vec![sv],
                _ => Vec::new(),
            };
            let mut v = Vec::new();
            for n in names {
                match heap.kind(n) {
                    Kind::Str(s) => v.push(s.clone()),
                    _ => return Err(type_error("__slots__ items must be strings")),
                }
            }
            slots = Some(v);
        }
        let user_bases: Vec<ObjId> = bases
            .iter()
            .copied()
            .filter(|&b| matches!(heap.kind(b), Kind::Class(_)))
            .collect();
        let tuple_base = bases.iter().any(|&b| self.solid_base(heap, b) == T::Tuple);
        if tuple_base {
            self.check_tuple_subclass(heap, ns, slots.as_deref(), &user_bases)?;
        }
        let exception_base = bases.iter().any(|&b| match heap.kind(b) {
            Kind::Type(t) => T::from_index(*t).is_exception(),
            Kind::Class(_) => self.solid_base(heap, b).is_exception(),
            _ => false,
        });
        let inherited_slots: Vec<Rc<str>> = user_bases
            .iter()
            .filter_map(|&b| match heap.kind(b) {
                Kind::Class(c) => c.slots.clone(),
                _ => None,
            })
            .flatten()
            .collect();
        let base_has = |heap: &Heap, f: fn(&ClassData) -> bool| {
            user_bases
                .iter()
                .any(|&b| matches!(heap.kind(b), Kind::Class(c) if f(c)))
        };
        let base_has_dict = base_has(heap, |c| c.has_dict) || exception_base;
        let base_has_weakref = base_has(heap, |c| c.has_weakref);
        let (has_dict, has_weakref, all_slots) = match &slots {
            None => (
                true,
                true,
                if inherited_slots.is_empty() {
                    None
                } else {
                    Some(inherited_slots)
                },
            ),
            Some(own) => {
                let own_plain: Vec<Rc<str>> = own
                    .iter()
                    .filter(|s| &***s != "__dict__" && &***s != "__weakref__")
                    .cloned()
                    .collect();
                let mut all = inherited_slots;
                all.extend(own_plain);
                (
                    base_has_dict || own.iter().any(|s| &**s == "__dict__"),
                    base_has_weakref || own.iter().any(|s| &**s == "__weakref__"),
                    Some(all),
                )
            }
        };
        let own_slots: Vec<Rc<str>> = slots
            .as_ref()
            .map(|v| {
                v.iter()
                    .filter(|s| &***s != "__dict__" && &***s != "__weakref__")
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        // The metaclass call packs (name, bases, ns) in an args tuple.
        let name_obj = heap.str(name);
        let base_items: Vec<ObjId> = if bases.is_empty() {
            let o = self.types.get(T::Object);
            heap.incref(o);
            vec![o]
        } else {
            bases
                .iter()
                .map(|&b| {
                    heap.incref(b);
                    b
                })
                .collect()
        };
        let bases_tuple = heap.tuple(self, base_items);
        heap.incref(bases_tuple);
        heap.incref(ns);
        let args = heap.tuple(self, vec![name_obj, bases_tuple, ns]);
        let dict = heap.dict(self);
        let pairs: Vec<(ObjId, ObjId)> = match heap.kind(ns) {
            Kind::Dict(d) => d.iter().collect(),
            _ => Vec::new(),
        };
        let adds_dict = has_dict && !base_has_dict;
        let adds_weakref = has_weakref && !base_has_weakref;
        let slots_tuple = if all_slots.is_none() {
            None
        } else {
            let names: Vec<ObjId> = own_slots.iter().map(|s| self.intern(heap, s)).collect();
            Some(heap.tuple(self, names))
        };
        for &b in &user_bases {
            heap.incref(b);
        }
        let qualname = heap
            .dict_get_str(ns, "__qualname__")
            .and_then(|q| match heap.kind(q) {
                Kind::Str(s) => Some(Rc::from(&**s)),
                _ => None,
            });
        let data = ClassData {
            name: Rc::from(name),
            qualname,
            bases: user_bases.clone(),
            dict,
            slots: all_slots,
            has_dict: has_dict && !exception_base,
            has_weakref,
            shared_usable: 30,
            shared_names: Vec::new(),
            legacy_tp_del: false,
            bases_tuple: Some(bases_tuple),
            mro: None,
            subclasses: None,
            slots_tuple,
            specials: std::cell::Cell::default(),
            metaclass: None,
        };
        let cls = heap.class(self, data);
        for (k, v) in pairs {
            let text = self.str_value(heap, k);
            if text.as_ref() == "__classcell__" || text.as_ref() == "__qualname__" {
                continue;
            }
            // 3.14+: the annotations' `__classdict__` cell now holds the class's own dict.
            if text.as_ref() == "__classdictcell__" {
                if matches!(heap.kind(v), Kind::Cell(_)) {
                    heap.incref(dict);
                    let old = match &mut heap.get_mut(v).kind {
                        Kind::Cell(slot) => slot.replace(dict),
                        _ => None,
                    };
                    if let Some(o) = old {
                        heap.decref(self, o);
                    }
                }
                continue;
            }
            heap.incref(k);
            heap.incref(v);
            self.dict_set_str_key(heap, dict, k, v);
        }
        // `type_new_set_module`: a namespace without `__module__` (`type(name, bases, ns)`)
        // gets the calling code's module name, the object its globals hold.
        if heap.dict_get_str(dict, "__module__").is_none() {
            let globals = self.frames.last().map_or(self.main_dict, |f| f.globals);
            if let Some(module) = heap.dict_get_str(globals, "__name__") {
                heap.incref(module);
                let key = self.intern(heap, "__module__");
                self.dict_set_str_key(heap, dict, key, module);
            }
        }
        // `__init_subclass__` and `__class_getitem__` are implicitly class methods.
        // `__new__` is implicitly a static method. (`type_new_set_classmethod` and
        // `_set_staticmethod`: `PyClassMethod_New`, which copies the function's attributes as
        // `classmethod(f)` does from 3.15 only.)
        for (special, t) in [
            ("__init_subclass__", T::ClassMethod),
            ("__class_getitem__", T::ClassMethod),
            ("__new__", T::StaticMethod),
        ] {
            if let Some(f) = heap.dict_get_str(dict, special) {
                if matches!(heap.kind(f), Kind::Function(_)) {
                    let wrapper = if self.minor >= 15 {
                        self.method_wrapper(heap, t, f)?
                    } else {
                        heap.incref(f);
                        self.new_native(heap, t, vec![Some(f), None], 48)
                    };
                    let key = self.intern(heap, special);
                    self.dict_set_str_key(heap, dict, key, wrapper);
                }
            }
        }
        // Descriptors for what this class adds.
        let shared_descriptors = heap.config.version.at_least(15);
        let mut descriptors: Vec<(String, bool)> =
            own_slots.iter().map(|s| (s.to_string(), true)).collect();
        if adds_dict && !exception_base && !shared_descriptors {
            descriptors.push(("__dict__".into(), false));
        }
        if adds_weakref && !shared_descriptors {
            descriptors.push(("__weakref__".into(), false));
        }
        for (dname, member) in descriptors {
            heap.incref(cls);
            let d = heap.alloc(self, Kind::Descriptor(cls, member));
            let key = self.intern(heap, &dname);
            self.dict_set_str_key(heap, dict, key, d);
        }
        if shared_descriptors {
            // 3.15: one `__dict__` and one `__weakref__` descriptor for every class.
            for (dname, adds) in [
                ("__dict__", adds_dict && !exception_base),
                ("__weakref__", adds_weakref),
            ] {
                if adds {
                    let d = self.shared_descriptor(heap, dname);
                    let key = self.intern(heap, dname);
                    self.dict_set_str_key(heap, dict, key, d);
                }
            }
        }
        // `__doc__` is None unless the body set it; `__eq__` without `__hash__` makes
        // instances unhashable.
        if heap.dict_get_str(dict, "__doc__").is_none() {
            let key = self.intern(heap, "__doc__");
            let none = heap.none();
            self.dict_set_str_key(heap, dict, key, none);
        }
        if heap.dict_get_str(dict, "__eq__").is_some()
            && heap.dict_get_str(dict, "__hash__").is_none()
        {
            let key = self.intern(heap, "__hash__");
            let none = heap.none();
            self.dict_set_str_key(heap, dict, key, none);
        }
        // __mro__ by C3 linearization.
        let mro = match self.c3_mro(heap, cls, bases) {
            Ok(m) => m,
            Err(e) => {
                heap.decref(self, args);
                heap.decref(self, cls);
                return Err(e);
            }
        };
        for &x in &mro {
            heap.incref(x);
        }
        let mro_tuple = heap.tuple(self, mro);
        if let Kind::Class(c) = &mut heap.get_mut(cls).kind {
            c.mro = Some(mro_tuple);
        }
        // What was looked up on the class before its MRO existed is stale.
        heap.bump_class_epoch();
        // Register in each base's subclass table (created for a base's first subclass).
        let mut tables = Vec::new();
        if user_bases.is_empty() {
            let t = match heap.statics.object_subclasses {
                Some(t) => t,
                None => {
                    let t = heap.dict(self);
                    heap.statics.object_subclasses = Some(t);
                    t
                }
            };
            tables.push(t);
        }
        for &b in &user_bases {
            let existing = match heap.kind(b) {
                Kind::Class(bc) => bc.subclasses,
                _ => None,
            };
            let t = match existing {
                Some(t) => t,
                None => {
                    let t = heap.dict(self);
                    if let Kind::Class(bc) = &mut heap.get_mut(b).kind {
                        bc.subclasses = Some(t);
                    }
                    t
                }
            };
            tables.push(t);
        }
        for t in tables {
            let addr = heap.get(cls).addr;
            let key = heap.int_val(IntVal::from_big(BigInt::from(addr)));
            let wr = heap.alloc(self, Kind::WeakRef(Some(cls), None, T::WeakRef as u16));
            heap.insert_weakref(cls, usize::MAX, wr);
            self.dict_set_str_key(heap, t, key, wr);
        }
        heap.decref(self, args);
        Ok(cls)
    }

    /// 3.15's shared `__dict__` / `__weakref__` descriptor (new reference).
    fn shared_descriptor(&mut self, heap: &mut Heap, name: &str) -> ObjId {
        let key = if name == "__dict__" {
            u16::MAX
        } else {
            u16::MAX - 1
        };
        if let Some(&d) = self.builtin_fns.get(&key) {
            heap.incref(d);
            return d;
        }
        let object = self.types.get(T::Object);
        let d = heap.new_static_object(Kind::Descriptor(object, false), 56, 1000);
        self.builtin_fns.insert(key, d);
        heap.incref(d);
        d
    }

    /// The C3 linearization of a new class with these bases.
    fn c3_mro(&self, heap: &Heap, cls: ObjId, bases: &[ObjId]) -> R<Vec<ObjId>> {
        let object = self.types.get(T::Object);
        let bases: Vec<ObjId> = if bases.is_empty() {
            vec![object]
        } else {
            bases.to_vec()
        };
        for (i, b) in bases.iter().enumerate() {
            if bases[i + 1..].contains(b) {
                let n = self.class_name(heap, *b);
                return Err(type_error(format!("duplicate base class {n}")));
            }
        }
        let mut seqs: Vec<Vec<ObjId>> = bases.iter().map(|&b| self.mro_of(heap, b)).collect();
        seqs.push(bases.clone());
        let mut out = vec![cls];
        loop {
            seqs.retain(|s| !s.is_empty());
            if seqs.is_empty() {
                return Ok(out);
            }
            let mut chosen = None;
            for s in &seqs {
                let cand = s[0];
                if !seqs.iter().any(|t| t[1..].contains(&cand)) {
                    chosen = Some(cand);
                    break;
                }
            }
            let Some(c) = chosen else {
                let names: Vec<String> = bases.iter().map(|&b| self.class_name(heap, b)).collect();
                return Err(type_error(format!(
                    "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                    names.join(", ")
                )));
            };
            out.push(c);
            for s in seqs.iter_mut() {
                if s[0] == c {
                    s.remove(0);
                }
            }
        }
    }

    /// `type_new_set_names`: each attribute of the new class whose type defines
    /// `__set_name__` (in Python) is told its owner and name, in the namespace's order.
    fn set_names(&mut self, heap: &mut Heap, cls: ObjId) -> R<()> {
        let pairs: Vec<(ObjId, ObjId)> = match heap.kind(cls) {
            Kind::Class(cd) => match heap.kind(cd.dict) {
                Kind::Dict(d) => d.iter().collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        for (k, v) in pairs {
            let t = self.type_of(heap, v);
            // `property.__set_name__` (3.10+, `METH_VARARGS`): looked up bound to the
            // property and called with its two arguments packed in a tuple.
            if self.minor >= 10 && t == self.types.get(T::Property) {
                let bound = self.transient_cmethod(heap, v);
                let r = self.make_tp_call(heap, &[cls, k], &[], &[], |_, heap| Ok(heap.none()));
                heap.decref(self, bound);
                let out = r?;
                heap.decref(self, out);
                continue;
            }
            let Some(f) = self.user_method(heap, t, "__set_name__") else {
                continue;
            };
            // `_PyObject_LookupSpecial` binds the method to the attribute's value.
            let bound = self.new_method(heap, f, v);
            let r = self.call1(heap, f, &[v, cls, k]);
            heap.decref(self, bound);
            let out = r?;
            heap.decref(self, out);
        }
        Ok(())
    }

    /// A `staticmethod` or `classmethod` (`t`) of `callable`. From 3.10 `sm_init`/`cm_init`
    /// copy the callable's `__module__`, `__name__`, `__qualname__` and `__doc__` (and, until
    /// 3.13, `__annotations__`, which a function makes on first read) into the wrapper's own
    /// `__dict__` (`functools_wraps`), made by the first of those attributes set.
    pub(crate) fn method_wrapper(&mut self, heap: &mut Heap, t: T, callable: ObjId) -> R<ObjId> {
        heap.incref(callable);
        let wrapper = self.new_native(heap, t, vec![Some(callable), None], 48);
        if self.minor < 10 {
            return Ok(wrapper);
        }
        let mut names = vec!["__module__", "__name__", "__qualname__", "__doc__"];
        if self.minor <= 13 {
            names.push("__annotations__");
        }
        let mut dict = None;
        for name in names {
            let value = match self.getattr_str(heap, callable, name) {
                Ok(v) => v,
                // `PyObject_GetOptionalAttr`: a missing attribute is skipped.
                Err(e) if self.err_matches(heap, &e, T::AttributeError) => {
                    self.discard(heap, e);
                    continue;
                }
                Err(e) => {
                    heap.decref(self, wrapper);
                    return Err(e);
                }
            };
            let d = match dict {
                Some(d) => d,
                None => {
                    let d = heap.dict(self);
                    if let Kind::Native(n) = &mut heap.get_mut(wrapper).kind {
                        n.refs[1] = Some(d);
                    }
                    dict = Some(d);
                    d
                }
            };
            let key = self.intern(heap, name);
            self.dict_setitem(heap, d, key, value)?;
        }
        Ok(wrapper)
    }

    /// Calls `__set_name__` on the new class's attributes, then `__init_subclass__` of its
    /// parent (not the class's own).
    pub(crate) fn init_subclass(
        &mut self,
        heap: &mut Heap,
        cls: ObjId,
        kw: &[(ObjId, ObjId)],
    ) -> R<()> {
        self.set_names(heap, cls)?;
        // `type_new_init_subclass`: `super(type, type).__init_subclass__` is looked up (a
        // super object, freed at once) and called bound: a method object for a parent's
        // Python `__init_subclass__`, a `builtin_function_or_method` for `object`'s.
        let sup = {
            let args = [cls, cls];
            heap.incref(cls);
            heap.incref(cls);
            let make = |vm: &mut Self, heap: &mut Heap| {
                Ok(vm.new_native(heap, T::Super, vec![Some(cls), Some(cls)], 56))
            };
            // `super` has a vectorcall from 3.11 on; before, its arguments are packed.
            if self.minor < 11 {
                self.make_tp_call(heap, &args, &[], &[], make)?
            } else {
                make(self, heap)?
            }
        };
        let mro = self.mro_of(heap, cls);
        let mut parent = None;
        for &c in mro.iter().skip(1) {
            if let Kind::Class(cd) = heap.kind(c) {
                if let Some(f) = heap.dict_get_str(cd.dict, "__init_subclass__") {
                    parent = Some(match heap.kind(f) {
                        Kind::Native(n) if n.ty == T::ClassMethod as u16 => n.refs[0],
                        Kind::Function(_) => Some(f),
                        _ => None,
                    });
                    break;
                }
            }
        }
        let bound = match parent {
            Some(Some(func)) => Some(self.new_method(heap, func, cls)),
            // A parent's `__init_subclass__` that is not a function: not called (as before).
            Some(None) => None,
            None => Some(self.transient_cmethod(heap, cls)),
        };
        heap.decref(self, sup);
        if let Some(Some(func)) = parent {
            let r = self.call_kw(heap, func, &[cls], kw);
            if let Some(b) = bound {
                heap.decref(self, b);
            }
            let v = r?;
            heap.decref(self, v);
            return Ok(());
        }
        if let Some(b) = bound {
            heap.decref(self, b);
        }
        if parent.is_some() {
            return Ok(());
        }
        if !kw.is_empty() {
            let n = self.class_name(heap, cls);
            return Err(type_error(format!(
                "{n}.__init_subclass__() takes no keyword arguments"
            )));
        }
        Ok(())
    }

    // ----------------------------------------------------------------------------------------
    // Instantiation

    /// Calls a type object: builtin constructors, or a user class's `__new__` and `__init__`.
    pub(crate) fn call_type(
        &mut self,
        heap: &mut Heap,
        class: ObjId,
        args: &[ObjId],
        kwnames: &[ObjId],
        kwvals: &[ObjId],
    ) -> R<ObjId> {
        // Whether the `CALL` instruction making this call is specialized (only the call it
        // makes itself can be).
        let specialized = std::mem::take(&mut self.call_specialized);
        match heap.kind(class) {
            Kind::Type(t) => {
                let t = T::from_index(*t);
                if matches!(t, T::Int | T::Enumerate) && !kwnames.is_empty() {
                    self.arg_parser_init(heap, t.name(), true);
                }
                // `long_vectorcall` and `unicode_vectorcall` (3.13+) hand keyword calls on
                // to `_PyObject_MakeTpCall`.
                // `type(x)`: `type_vectorcall` (3.10+) answers the one-argument form itself;
                // before, `type` has no vectorcall and packs it.
                let packs = match t {
                    // (The three-argument form's tuple is made by `type_new`.)
                    T::Type => self.minor < 10 && args.len() == 1,
                    _ => self.packs_args(t),
                };
                if packs || (matches!(t, T::Int | T::Str) && !kwnames.is_empty()) {
                    return self.make_tp_call(heap, args, kwnames, kwvals, |vm, heap| {
                        vm.construct_builtin(heap, t, class, args, kwnames, kwvals)
                    });
                }
                self.construct_builtin(heap, t, class, args, kwnames, kwvals)
            }
            Kind::Class(c) => {
                if let Some(meta) = c.metaclass {
                    // A metaclass with its own __call__.
                    if let Some(call) = self.lookup_type_attr(heap, meta, "__call__") {
                        if matches!(heap.kind(call), Kind::Function(_)) {
                            heap.incref(call);
                            let mut all = vec![class];
                            all.extend_from_slice(args);
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
                            let r = self.call_object(heap, call, &all, kwn);
                            if let Some(k) = kwn {
                                heap.decref(self, k);
                            }
                            heap.decref(self, call);
                            return r;
                        }
                    }
                }
                // A class has no vectorcall (an exception keeps the argument tuple as its
                // `args`: made below, so not twice).
                if self.solid_base(heap, class).is_exception() {
                    return self.instantiate(heap, class, args, kwnames, kwvals);
                }
                // 3.13+ `CALL_ALLOC_AND_ENTER_INIT`: a specialized call allocates the instance
                // and enters a simple Python `__init__` directly, with no argument tuple.
                if specialized && kwnames.is_empty() {
                    return self.instantiate(heap, class, args, kwnames, kwvals);
                }
                self.make_tp_call(heap, args, kwnames, kwvals, |vm, heap| {
                    vm.instantiate(heap, class, args, kwnames, kwvals)
                })
            }
            _ => Err(type_error("not a type")),
        }
    }

    /// `type.__call__` for a user class: `__new__`, then `__init__` when `__new__` returned an
    /// instance of the class.
    /// `type.__new__(meta, name, bases, ns)` for a metaclass derived from `type`: a class
    /// whose type is `meta`.
    pub(crate) fn metaclass_new(
        &mut self,
        heap: &mut Heap,
        meta: ObjId,
        args: &[ObjId],
        kw: &[(ObjId, ObjId)],
    ) -> R<ObjId> {
        let [name, bases, ns] = args else {
            return Err(type_error(if args.len() == 1 {
                "type() takes 1 or 3 arguments".to_string()
            } else {
                format!(
                    "type.__new__() takes exactly 3 arguments ({} given)",
                    args.len()
                )
            }));
        };
        let name = self.str_value(heap, *name);
        let bases = match heap.kind(*bases) {
            Kind::Tuple(items) => items.clone(),
            _ => return Err(type_error("type.__new__() argument 2 must be tuple")),
        };
        let dict = heap.dict(self);
        if let Err(e) = self.dict_update(heap, dict, *ns) {
            heap.decref(self, dict);
            return Err(e);
        }
        let r = self.type_new(heap, &name, &bases, dict);
        heap.decref(self, dict);
        let cls = r?;
        if meta != self.types.get(T::Type) {
            heap.incref(meta);
            if let Kind::Class(c) = &mut heap.get_mut(cls).kind {
                if let Some(old) = c.metaclass.replace(meta) {
                    heap.decref(self, old);
                }
            }
        }
        if let Err(e) = self.init_subclass(heap, cls, kw) {
            heap.decref(self, cls);
            return Err(e);
        }
        Ok(cls)
    }

    pub(crate) fn instantiate(
        &mut self,
        heap: &mut Heap,
        class: ObjId,
        args: &[ObjId],
        kwnames: &[ObjId],
        kwvals: &[ObjId],
    ) -> R<ObjId> {
        let kw: Vec<(ObjId, ObjId)> = kwnames
            .iter()
            .copied()
            .zip(kwvals.iter().copied())
            .collect();
        // Only a `__new__` defined in Python matters here, and those live in class dicts.
        let new = heap.class_special(class, Special::New);
        let user_new = new.and_then(|n| match heap.kind(n) {
            Kind::Native(nd) if nd.ty == T::StaticMethod as u16 => nd.refs[0],
            Kind::Function(_) => Some(n),
            _ => None,
        });
        let inst = match user_new {
            Some(f) => {
                heap.incref(f);
                let mut all = vec![class];
                all.extend_from_slice(args);
                let r = self.call_kw(heap, f, &all, &kw);
                heap.decref(self, f);
                let inst = r?;
                if !self.isinstance(heap, inst, class) {
                    return Ok(inst);
                }
                inst
            }
            None => {
                let base = self.solid_base(heap, class);
                if base == T::Type {
                    self.metaclass_new(heap, class, args, &kw)?
                } else if base == T::Tuple {
                    self.tuple_new_for(heap, class, args, kwnames)?
                } else if base.is_exception() {
                    let items: Vec<ObjId> = args
                        .iter()
                        .map(|&a| {
                            heap.incref(a);
                            a
                        })
                        .collect();
                    let t = self.new_tuple(heap, items);
                    self.new_exception(heap, class, t)
                } else {
                    let init = heap.class_special(class, Special::Init);
                    let has_init = init.is_some_and(|i| matches!(heap.kind(i), Kind::Function(_)));
                    if !has_init && (!args.is_empty() || !kw.is_empty()) {
                        let n = self.class_name(heap, class);
                        return Err(type_error(format!("{n}() takes no arguments")));
                    }
                    heap.instance(self, class)
                }
            }
        };
        // __init__
        // (A builtin type's `__init__` is never a Python function: only class dicts matter.)
        let init = heap.class_special(class, Special::Init);
        if let Some(init) = init {
            heap.incref(init);
            let mut all = vec![inst];
            all.extend_from_slice(args);
            let r = self.call_kw(heap, init, &all, &kw);
            heap.decref(self, init);
            match r {
                Ok(v) => {
                    let is_none = matches!(heap.kind(v), Kind::None);
                    let t = self.type_name(heap, v);
                    heap.decref(self, v);
                    if !is_none {
                        heap.decref(self, inst);
                        return Err(type_error(format!(
                            "__init__() should return None, not '{t}'"
                        )));
                    }
                }
                Err(e) => {
                    heap.decref(self, inst);
                    return Err(e);
                }
            }
        } else if self.solid_base(heap, class).is_exception() {
            // BaseException.__init__ keeps the arguments (already done by __new__).
        }
        Ok(inst)
    }

    /// What pymemsim models of a subclass of `tuple`: instances laid out as tuples, without a
    /// `__dict__` (`__slots__ = ()`, as `namedtuple` makes them), whose class adds methods and
    /// properties but none of the operations the tuple's own code runs (`__eq__`, `__len__`...).
    fn check_tuple_subclass(
        &mut self,
        heap: &Heap,
        ns: ObjId,
        slots: Option<&[Rc<str>]>,
        user_bases: &[ObjId],
    ) -> R<()> {
        let base_dict = user_bases
            .iter()
            .any(|&b| matches!(heap.kind(b), Kind::Class(c) if c.has_dict));
        match slots {
            Some(s)
                if s.iter()
                    .any(|n| &**n != "__dict__" && &**n != "__weakref__") =>
            {
                return Err(type_error(
                    "nonempty __slots__ not supported for subtype of 'tuple'",
                ));
            }
            Some(s) if s.is_empty() && !base_dict => {}
            _ => {
                return Err(super::exception::unsupported(
                    "a subclass of tuple with a __dict__ (pymemsim models tuple subclasses with \
                     __slots__ = (), as namedtuple makes them)",
                ))
            }
        }
        const ALLOWED: &[&str] = &[
            "__new__",
            "__init__",
            "__repr__",
            "__getnewargs__",
            "__slots__",
            "__doc__",
            "__module__",
            "__qualname__",
            "__match_args__",
            "__annotations__",
            "__annotate__",
            "__classcell__",
            "__firstlineno__",
            "__static_attributes__",
            "__classdictcell__",
            "__conditional_annotations__",
            "__orig_bases__",
        ];
        let names: Vec<ObjId> = match heap.kind(ns) {
            Kind::Dict(d) => d.iter().map(|(k, _)| k).collect(),
            _ => Vec::new(),
        };
        for k in names {
            if let Kind::Str(s) = heap.kind(k) {
                if s.starts_with("__") && s.ends_with("__") && !ALLOWED.contains(&&**s) {
                    return Err(super::exception::unsupported(format!(
                        "a subclass of tuple defining {s}"
                    )));
                }
            }
        }
        Ok(())
    }

    /// `tuple.__new__(cls, iterable=())` for `tuple` or a subclass of it.
    pub(crate) fn tuple_new_for(
        &mut self,
        heap: &mut Heap,
        cls: ObjId,
        args: &[ObjId],
        kwnames: &[ObjId],
    ) -> R<ObjId> {
        if !kwnames.is_empty() {
            return Err(type_error(if self.minor >= 9 {
                "tuple() takes no keyword arguments"
            } else {
                "tuple() does not take keyword arguments"
            }));
        }
        if args.len() > 1 {
            return Err(type_error(format!(
                "tuple expected at most 1 argument, got {}",
                args.len()
            )));
        }
        let items = match args.first() {
            Some(&src) => self.collect_iterable(heap, src)?,
            None => Vec::new(),
        };
        if cls == self.types.get(T::Tuple) {
            return Ok(self.new_tuple(heap, items));
        }
        Ok(heap.tuple_subtype(self, cls, items))
    }

    // ----------------------------------------------------------------------------------------
    // super()

    /// `super().name` (`LOAD_SUPER_ATTR`, or the attribute of a super object): the attribute
    /// found after `class` in `type(this)`'s MRO, bound to `this`. With `method`, a function
    /// comes back unbound with true (the caller passes `this`).
    pub(crate) fn load_super_attr(
        &mut self,
        heap: &mut Heap,
        sup: ObjId,
        class: ObjId,
        this: ObjId,
        name: ObjId,
        method: bool,
    ) -> R<(ObjId, bool)> {
        if sup != self.builtin_function_id(heap, "super") {
            // `super` rebound: call it and look the attribute up normally.
            let s = self.call1(heap, sup, &[class, this])?;
            let r = self.getattr(heap, s, name);
            heap.decref(self, s);
            return r.map(|v| (v, false));
        }
        self.super_lookup(heap, class, this, name, method)
    }

    /// The lookup behind `super(class, this).name`.
    pub(crate) fn super_lookup(
        &mut self,
        heap: &mut Heap,
        class: ObjId,
        this: ObjId,
        name: ObjId,
        method: bool,
    ) -> R<(ObjId, bool)> {
        let text = self.str_value(heap, name);
        // `this` may be an instance or (in a classmethod) a class; a class that is an
        // instance of `class` (a metaclass's method) is an instance here.
        let this_is_class = matches!(heap.kind(this), Kind::Class(_) | Kind::Type(_))
            && self.is_subclass(heap, this, class);
        let start_type = if this_is_class {
            this
        } else {
            self.type_of(heap, this)
        };
        let mro = self.mro_of(heap, start_type);
        let Some(pos) = mro.iter().position(|&c| c == class) else {
            return Err(type_error(
                "super(type, obj): obj must be an instance or subtype of type",
            ));
        };
        for &c in &mro[pos + 1..] {
            let found = match heap.kind(c) {
                Kind::Class(cd) => heap.dict_get_str(cd.dict, &text),
                Kind::Type(t) => {
                    let t = T::from_index(*t);
                    self.builtin_type_attr(heap, t, &text)
                }
                _ => None,
            };
            if let Some(v) = found {
                if method && matches!(heap.kind(v), Kind::Function(_)) && !this_is_class {
                    heap.incref(v);
                    return Ok((v, true));
                }
                if method && matches!(heap.kind(v), Kind::BuiltinFn(_, None)) && !this_is_class {
                    heap.incref(v);
                    return Ok((v, true));
                }
                let bound = self.descriptor_get(
                    heap,
                    v,
                    if this_is_class { None } else { Some(this) },
                    start_type,
                )?;
                return Ok((bound, false));
            }
        }
        Err(err(
            T::AttributeError,
            format!("'super' object has no attribute '{text}'"),
        ))
    }

    /// `super()` with no arguments: the current frame's `__class__` cell and first argument.
    pub(crate) fn super_zero_args(&mut self, heap: &mut Heap) -> R<(ObjId, ObjId)> {
        let Some(f) = self.frames.last() else {
            return Err(err(T::RuntimeError, "super(): no arguments"));
        };
        let code = f.code.clone();
        let lbase = f.lbase as usize;
        if code.argcount == 0 && !code.varargs {
            return Err(err(T::RuntimeError, "super(): no arguments"));
        }
        let first = self.locals[lbase];
        // The first argument may have become a cell.
        let this = match first.id().map(|id| heap.kind(id)) {
            Some(Kind::Cell(Some(v))) if code.cell_slots.contains(&0) => *v,
            Some(_) => first.obj(),
            None => return Err(err(T::RuntimeError, "super(): arg[0] deleted")),
        };
        let Some(i) = code.localsplus.iter().position(|n| &**n == "__class__") else {
            return Err(err(T::RuntimeError, "super(): __class__ cell not found"));
        };
        let cell = self.locals[lbase + i].obj();
        let class = match heap.kind(cell) {
            Kind::Cell(Some(c)) => *c,
            _ => return Err(err(T::RuntimeError, "super(): empty __class__ cell")),
        };
        Ok((class, this))
    }
}
