//! Attribute access (`PyObject_GenericGetAttr`, `type_getattro`, `module_getattro`): data
//! descriptors of the type first (properties, slots, `__dict__`), then the instance's own
//! attributes (a dict, 3.11's values array or 3.13's inline values, as the engine stores
//! them), then the type's other attributes bound by their descriptor (functions become bound
//! methods, class methods bind the class), then `__getattr__`. Setting and deleting follow the
//! same order. `LOAD_METHOD` finds a method without making a bound-method object.

use std::rc::Rc;

use crate::engine::config::InstanceLayout;
use crate::engine::heap::{HKey, Heap, Special};
use crate::engine::ids::ObjId;
use crate::engine::object::{InstanceDict, Kind, NativeData, NativePayload};

use super::builtins::T;
use super::exception::{err, type_error, R};
use super::Vm;

/// Where an instance keeps its attributes.
enum AttrStore {
    Values,
    Dict(ObjId),
    Created,
}

impl Vm {
    /// `obj.name` for an interned name object: a new reference.
    pub(crate) fn getattr(&mut self, heap: &mut Heap, obj: ObjId, name: ObjId) -> R<ObjId> {
        let text = self.str_value(heap, name);
        self.getattr_str(heap, obj, &text)
    }

    /// `obj.name`.
    pub(crate) fn getattr_str(&mut self, heap: &mut Heap, obj: ObjId, name: &str) -> R<ObjId> {
        match heap.kind(obj) {
            Kind::Class(_) | Kind::Type(_) => return self.type_getattr(heap, obj, name),
            Kind::Module(..) => return self.module_getattr(heap, obj, name),
            _ => {}
        }
        if name == "__class__" {
            let t = self.type_of(heap, obj);
            heap.incref(t);
            return Ok(t);
        }
        // A super object looks names up along its object's MRO, after its class.
        if let Kind::Native(n) = heap.kind(obj) {
            if n.ty == T::Super as u16
                && name != "__thisclass__"
                && name != "__self__"
                && name != "__self_class__"
            {
                let none = heap.statics.none;
                let (class, this) = (n.refs[0].unwrap_or(none), n.refs[1].unwrap_or(none));
                let key = self.intern(heap, name);
                let r = self.super_lookup(heap, class, this, key, false);
                heap.decref(self, key);
                return r.map(|(v, _)| v);
            }
        }
        // Weak proxies forward to their referent.
        if let Kind::WeakRef(_, _, t) = heap.kind(obj) {
            if *t != T::WeakRef as u16 {
                return super::stdlib::weakref::proxy_getattr(self, heap, obj, name);
            }
        }
        let class = self.type_of(heap, obj);
        let descr = self.lookup_type_attr(heap, class, name);
        if let Some(d) = descr {
            if self.is_data_descriptor(heap, d) {
                return self.descriptor_get(heap, d, Some(obj), class);
            }
        }
        // The instance's own attributes.
        if let Some(v) = self.instance_attr(heap, obj, name)? {
            return Ok(v);
        }
        if let Some(d) = descr {
            return self.descriptor_get(heap, d, Some(obj), class);
        }
        // Attributes builtin objects compute.
        if let Some(v) = self.builtin_getattr(heap, obj, name)? {
            return Ok(v);
        }
        // __getattr__
        if matches!(heap.kind(obj), Kind::Instance(_) | Kind::Exception(_)) {
            if let Some(ga) = self.lookup_type_attr(heap, class, "__getattr__") {
                if matches!(heap.kind(ga), Kind::Function(_)) {
                    heap.incref(ga);
                    let n = heap.str(name);
                    let r = self.call1(heap, ga, &[obj, n]);
                    heap.decref(self, n);
                    heap.decref(self, ga);
                    return r;
                }
            }
        }
        Err(self.missing_attr(heap, obj, name))
    }

    /// `obj.name` found nowhere: `AttributeError`, unless CPython's built-in type (the solid base
    /// of obj's class) has that attribute, which pymemsim then does not implement.
    fn missing_attr(&self, heap: &Heap, obj: ObjId, name: &str) -> super::exception::Exc {
        let base = self.solid_base(heap, self.type_of(heap, obj));
        let ty = base.name_in(self.minor);
        if super::builtins::cpython_has(ty, name, self.minor) {
            return super::exception::unsupported(format!("{ty}.{name}"));
        }
        // An object of a library type whose names the table does not list (random.Random...):
        // a public name it lacks is more likely one pymemsim does not implement.
        if matches!(heap.kind(obj), Kind::Native(_))
            && base.module_in(self.minor).is_some()
            && !super::builtins::cpython_knows(ty)
            && !name.starts_with('_')
        {
            return super::exception::unsupported(format!("{ty}.{name}"));
        }
        self.attr_error(heap, obj, name)
    }

    /// 3.14+ `type.__annotations__` (or, `annotate`, `type.__annotate__`) of a user class
    /// with namespace `dict`.
    fn class_annotations(&mut self, heap: &mut Heap, dict: ObjId, annotate: bool) -> R<ObjId> {
        let func = heap.dict_get_str(dict, "__annotate_func__");
        if annotate {
            return Ok(match func {
                Some(f) => {
                    heap.incref(f);
                    f
                }
                None => heap.none(),
            });
        }
        for key in ["__annotations__", "__annotations_cache__"] {
            if let Some(d) = heap.dict_get_str(dict, key) {
                heap.incref(d);
                return Ok(d);
            }
        }
        let d = match func {
            Some(f) if !matches!(heap.kind(f), Kind::None) => self.call_annotate(heap, f)?,
            _ => heap.dict(self),
        };
        heap.incref(d);
        let key = self.intern(heap, "__annotations_cache__");
        self.dict_set_str_key(heap, dict, key, d);
        Ok(d)
    }

    /// `annotate(VALUE)`: the annotations dict an `__annotate__` function returns (PEP 649).
    pub(crate) fn call_annotate(&mut self, heap: &mut Heap, annotate: ObjId) -> R<ObjId> {
        heap.incref(annotate);
        let one = heap.int(1);
        let r = self.call1(heap, annotate, &[one]);
        heap.decref(self, annotate);
        let d = r?;
        if !matches!(heap.kind(d), Kind::Dict(_)) {
            let t = self.type_name(heap, d);
            heap.decref(self, d);
            return Err(err(
                T::TypeError,
                format!("__annotate__ returned non-dict of type '{t}'"),
            ));
        }
        Ok(d)
    }

    /// `AttributeError: 'T' object has no attribute 'name'`.
    pub(crate) fn attr_error(&self, heap: &Heap, obj: ObjId, name: &str) -> super::exception::Exc {
        let t = self.type_name(heap, obj);
        err(
            T::AttributeError,
            format!("'{t}' object has no attribute '{name}'"),
        )
    }

    /// Whether a descriptor found on a type takes precedence over the instance's dict.
    fn is_data_descriptor(&mut self, heap: &mut Heap, d: ObjId) -> bool {
        match heap.kind(d) {
            Kind::Descriptor(..) => true,
            Kind::Native(n) => n.ty == T::Property as u16,
            Kind::Instance(inst) => {
                let c = inst.class;
                self.lookup_type_attr(heap, c, "__set__").is_some()
                    || self.lookup_type_attr(heap, c, "__delete__").is_some()
            }
            _ => false,
        }
    }

    /// `descr.__get__(instance, owner)`: binds functions, class methods and properties;
    /// other values come back as they are. A new reference.
    pub(crate) fn descriptor_get(
        &mut self,
        heap: &mut Heap,
        d: ObjId,
        instance: Option<ObjId>,
        owner: ObjId,
    ) -> R<ObjId> {
        match heap.kind(d) {
            Kind::Function(_) => match instance {
                Some(i) => Ok(self.new_method(heap, d, i)),
                None => {
                    heap.incref(d);
                    Ok(d)
                }
            },
            Kind::BuiltinFn(f, None) => {
                let f = *f;
                match instance {
                    Some(i) if self.builtin_is_method_descriptor(f) => {
                        heap.incref(i);
                        Ok(heap.alloc_sized(self, Kind::BuiltinFn(f, Some(i)), Some(72)))
                    }
                    _ if self.builtin_is_classmethod(f) => {
                        heap.incref(owner);
                        Ok(heap.alloc_sized(self, Kind::BuiltinFn(f, Some(owner)), Some(72)))
                    }
                    _ => {
                        heap.incref(d);
                        Ok(d)
                    }
                }
            }
            Kind::Descriptor(_, member) => {
                let member = *member;
                let name = self.descriptor_name(heap, d, owner);
                match instance {
                    None => {
                        heap.incref(d);
                        Ok(d)
                    }
                    Some(i) => {
                        if member {
                            match self.slot_value(heap, i, &name) {
                                Some(v) => {
                                    heap.incref(v);
                                    Ok(v)
                                }
                                // `member_get` of an empty slot: up to 3.9 the bare name.
                                None if self.minor < 10 => Err(err(T::AttributeError, name)),
                                None => Err(self.attr_error(heap, i, &name)),
                            }
                        } else if name == "__dict__" {
                            self.instance_dict(heap, i)
                        } else {
                            // __weakref__: the first weak reference, or None.
                            match heap.weakrefs(i).first().copied() {
                                Some(w) => {
                                    heap.incref(w);
                                    Ok(w)
                                }
                                None => Ok(heap.none()),
                            }
                        }
                    }
                }
            }
            Kind::Native(n) => {
                let (ty, refs) = (n.ty, n.refs.clone());
                match T::from_index(ty) {
                    T::StaticMethod => {
                        let f = refs[0].unwrap_or(d);
                        heap.incref(f);
                        Ok(f)
                    }
                    T::ClassMethod => {
                        let f = refs[0].unwrap_or(d);
                        let cls = match instance {
                            Some(i) if !matches!(heap.kind(i), Kind::Class(_) | Kind::Type(_)) => {
                                self.type_of(heap, i)
                            }
                            Some(i) => i,
                            None => owner,
                        };
                        if matches!(heap.kind(f), Kind::Function(_)) {
                            Ok(self.new_method(heap, f, cls))
                        } else {
                            self.descriptor_get(heap, f, Some(cls), owner)
                        }
                    }
                    T::Property => match instance {
                        None => {
                            heap.incref(d);
                            Ok(d)
                        }
                        Some(i) => match refs[0] {
                            Some(fget) => self.call1(heap, fget, &[i]),
                            None => Err(err(
                                T::AttributeError,
                                if self.minor >= 11 {
                                    let pname = self.property_name(heap, d, owner);
                                    let t = self.type_name(heap, i);
                                    format!("property '{pname}' of '{t}' object has no getter")
                                } else {
                                    "unreadable attribute".to_string()
                                },
                            )),
                        },
                    },
                    _ => {
                        heap.incref(d);
                        Ok(d)
                    }
                }
            }
            Kind::Instance(inst) => {
                // A user descriptor: its __get__.
                let c = inst.class;
                if let Some(get) = self.lookup_type_attr(heap, c, "__get__") {
                    if matches!(heap.kind(get), Kind::Function(_)) {
                        heap.incref(get);
                        let none = heap.none();
                        let inst_arg = instance.unwrap_or(none);
                        let r = self.call1(heap, get, &[d, inst_arg, owner]);
                        heap.decref(self, none);
                        heap.decref(self, get);
                        return r;
                    }
                }
                heap.incref(d);
                Ok(d)
            }
            _ => {
                heap.incref(d);
                Ok(d)
            }
        }
    }

    /// The name a property is stored under in its owner's MRO (for messages).
    fn property_name(&self, heap: &Heap, prop: ObjId, owner: ObjId) -> String {
        for c in self.mro_of(heap, owner) {
            if let Kind::Class(cd) = heap.kind(c) {
                if let Kind::Dict(d) = heap.kind(cd.dict) {
                    for (k, v) in d.iter() {
                        if v == prop {
                            if let Kind::Str(s) = heap.kind(k) {
                                return s.to_string();
                            }
                        }
                    }
                }
            }
        }
        "?".into()
    }

    /// The attribute name a slot or getset descriptor is stored under.
    fn descriptor_name(&self, heap: &Heap, d: ObjId, owner: ObjId) -> String {
        let owner_class = match heap.kind(d) {
            Kind::Descriptor(c, _) => *c,
            _ => owner,
        };
        for c in [owner_class, owner] {
            if let Kind::Class(cd) = heap.kind(c) {
                if let Kind::Dict(dd) = heap.kind(cd.dict) {
                    for (k, v) in dd.iter() {
                        if v == d {
                            if let Kind::Str(s) = heap.kind(k) {
                                return s.to_string();
                            }
                        }
                    }
                }
            }
        }
        for c in self.mro_of(heap, owner) {
            if let Kind::Class(cd) = heap.kind(c) {
                if let Kind::Dict(dd) = heap.kind(cd.dict) {
                    for (k, v) in dd.iter() {
                        if v == d {
                            if let Kind::Str(s) = heap.kind(k) {
                                return s.to_string();
                            }
                        }
                    }
                }
            }
        }
        "__dict__".into()
    }

    /// The value of `__slots__` entry `name` of an instance, borrowed.
    fn slot_value(&self, heap: &Heap, obj: ObjId, name: &str) -> Option<ObjId> {
        let Kind::Instance(inst) = heap.kind(obj) else {
            return None;
        };
        let Kind::Class(c) = heap.kind(inst.class) else {
            return None;
        };
        let i = c.slots.as_ref()?.iter().position(|s| &**s == name)?;
        inst.slots.get(i).copied().flatten()
    }

    /// An instance's own attribute (`__dict__` entry), as a new reference.
    fn instance_attr(&mut self, heap: &mut Heap, obj: ObjId, name: &str) -> R<Option<ObjId>> {
        let v = match heap.kind(obj) {
            Kind::Instance(inst) => match &inst.dict {
                InstanceDict::Values(vals) => {
                    vals.iter().find(|(n, _)| &**n == name).map(|(_, v)| *v)
                }
                InstanceDict::Dict(d) => heap.dict_get_str(*d, name),
                InstanceDict::None => None,
            },
            Kind::Exception(e) => e.dict.and_then(|d| heap.dict_get_str(d, name)),
            Kind::Function(f) => f.dict.and_then(|d| heap.dict_get_str(d, name)),
            _ => None,
        };
        if let Some(v) = v {
            heap.incref(v);
        }
        Ok(v)
    }

    /// An instance's `__dict__` (made when it does not exist yet), a new reference.
    pub(crate) fn instance_dict(&mut self, heap: &mut Heap, obj: ObjId) -> R<ObjId> {
        match heap.kind(obj) {
            Kind::Instance(inst) => {
                let values = matches!(inst.dict, InstanceDict::Values(_));
                if values && heap.config.instance_layout == InstanceLayout::InlineValues {
                    let pairs = self.value_pairs(heap, obj);
                    let d = heap.inline_dict_view(self, obj, &pairs);
                    heap.incref(d);
                    return Ok(d);
                }
                match heap.materialize_instance_dict(self, obj) {
                    Some(d) => {
                        heap.incref(d);
                        Ok(d)
                    }
                    None => Err(self.attr_error(heap, obj, "__dict__")),
                }
            }
            Kind::Exception(e) => {
                let d = match e.dict {
                    Some(d) => d,
                    None => {
                        let d = heap.dict(self);
                        if let Kind::Exception(e) = &mut heap.get_mut(obj).kind {
                            e.dict = Some(d);
                        }
                        d
                    }
                };
                heap.incref(d);
                Ok(d)
            }
            Kind::Function(f) => {
                let d = match f.dict {
                    Some(d) => d,
                    None => {
                        let d = heap.dict(self);
                        if let Kind::Function(f) = &mut heap.get_mut(obj).kind {
                            f.dict = Some(d);
                        }
                        d
                    }
                };
                heap.incref(d);
                Ok(d)
            }
            Kind::Module(_, d) => {
                let d = *d;
                heap.incref(d);
                Ok(d)
            }
            _ => Err(self.attr_error(heap, obj, "__dict__")),
        }
    }

    /// An instance's inline values as (interned name, value) pairs, borrowed.
    fn value_pairs(&mut self, heap: &mut Heap, obj: ObjId) -> Vec<(ObjId, ObjId)> {
        let names: Vec<(Rc<str>, ObjId)> = match heap.kind(obj) {
            Kind::Instance(inst) => match &inst.dict {
                InstanceDict::Values(vals) => vals.to_vec(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        names
            .into_iter()
            .map(|(n, v)| {
                let k = self.intern(heap, &n);
                heap.decref(self, k);
                (k, v)
            })
            .collect()
    }

    /// 3.13: keeps a materialised `__dict__` in step with the inline values it shares.
    fn resync_dict_view(&mut self, heap: &mut Heap, obj: ObjId) {
        let view = match heap.kind(obj) {
            Kind::Instance(inst) => inst.dict_view,
            _ => None,
        };
        if let Some(view) = view {
            let pairs = self.value_pairs(heap, obj);
            heap.sync_dict_view(view, &pairs);
        }
    }

    /// `Class.name` and `type.name` (`type_getattro`).
    fn type_getattr(&mut self, heap: &mut Heap, cls: ObjId, name: &str) -> R<ObjId> {
        match name {
            "__name__" => {
                let n = self.class_name(heap, cls);
                return Ok(heap.str(&n));
            }
            "__qualname__" => {
                let n = self.class_qualname(heap, cls);
                return Ok(heap.str(&n));
            }
            "__mro__" => {
                if let Kind::Class(c) = heap.kind(cls) {
                    if let Some(m) = c.mro {
                        heap.incref(m);
                        return Ok(m);
                    }
                }
                let items: Vec<ObjId> = self.mro_of(heap, cls);
                for &i in &items {
                    heap.incref(i);
                }
                return Ok(self.new_tuple(heap, items));
            }
            "__bases__" => {
                if let Kind::Class(c) = heap.kind(cls) {
                    if let Some(b) = c.bases_tuple {
                        heap.incref(b);
                        return Ok(b);
                    }
                }
                let items: Vec<ObjId> = match heap.kind(cls) {
                    Kind::Type(t) if T::from_index(*t) != T::Object => {
                        vec![self.types.get(T::from_index(*t).base())]
                    }
                    _ => Vec::new(),
                };
                for &i in &items {
                    heap.incref(i);
                }
                return Ok(self.new_tuple(heap, items));
            }
            "__base__" => {
                let mro = self.mro_of(heap, cls);
                let b = match heap.kind(cls) {
                    Kind::Class(c) => c.bases.first().copied().or_else(|| mro.get(1).copied()),
                    Kind::Type(t) if T::from_index(*t) != T::Object => {
                        Some(self.types.get(T::from_index(*t).base()))
                    }
                    _ => None,
                };
                return Ok(match b {
                    Some(b) => {
                        heap.incref(b);
                        b
                    }
                    None => heap.none(),
                });
            }
            "__dict__" => {
                if let Kind::Class(c) = heap.kind(cls) {
                    let d = c.dict;
                    return Ok(self.new_mappingproxy(heap, d));
                }
            }
            "__class__" => {
                let t = self.type_of(heap, cls);
                heap.incref(t);
                return Ok(t);
            }
            // 3.14+ (PEP 649/749): a class's annotations, computed by `__annotate_func__` on
            // first read and kept as `__annotations_cache__`.
            "__annotations__" | "__annotate__" if self.minor >= 14 => {
                if let Kind::Class(c) = heap.kind(cls) {
                    return self.class_annotations(heap, c.dict, name == "__annotate__");
                }
            }
            // 3.10-3.13: a class's own `__annotations__`, made empty on first read when its
            // body had none (not inherited from a base).
            "__annotations__" if self.minor >= 10 => {
                if let Kind::Class(c) = heap.kind(cls) {
                    let dict = c.dict;
                    if let Some(d) = heap.dict_get_str(dict, "__annotations__") {
                        heap.incref(d);
                        return Ok(d);
                    }
                    let d = heap.dict(self);
                    heap.incref(d);
                    let key = self.intern(heap, "__annotations__");
                    self.dict_set_str_key(heap, dict, key, d);
                    return Ok(d);
                }
            }
            "__module__" => {
                if let Kind::Type(t) = heap.kind(cls) {
                    let m = T::from_index(*t).module().unwrap_or("builtins");
                    return Ok(heap.str(m));
                }
            }
            "__doc__" => {
                if let Kind::Type(_) = heap.kind(cls) {
                    return Err(super::exception::unsupported(
                        "the docstrings of builtin types and functions",
                    ));
                }
            }
            _ => {}
        }
        // The metatype's data descriptors would come first; `type` has only the ones above.
        if let Some(v) = self.lookup_type_attr(heap, cls, name) {
            return self.descriptor_get(heap, v, None, cls);
        }
        // The metaclass's attributes (`type`'s own methods, such as `mro`, included), bound
        // to the class.
        let meta = self.type_of(heap, cls);
        if let Some(v) = self.lookup_type_attr(heap, meta, name) {
            return self.descriptor_get(heap, v, Some(cls), meta);
        }
        let n = self.class_name(heap, cls);
        let base = self.solid_base(heap, cls).name_in(self.minor);
        for ty in [base, "type"] {
            if super::builtins::cpython_has(ty, name, self.minor) {
                return Err(super::exception::unsupported(format!("{ty}.{name}")));
            }
        }
        Err(err(
            T::AttributeError,
            format!("type object '{n}' has no attribute '{name}'"),
        ))
    }

    fn module_getattr(&mut self, heap: &mut Heap, m: ObjId, name: &str) -> R<ObjId> {
        let Kind::Module(mname, dict) = heap.kind(m) else {
            return Err(type_error("not a module"));
        };
        let (mname, dict) = (mname.clone(), *dict);
        if name == "__dict__" {
            heap.incref(dict);
            return Ok(dict);
        }
        if let Some(v) = heap.dict_get_str(dict, name) {
            heap.incref(v);
            return Ok(v);
        }
        // 3.14+: a module's annotations, computed by its `__annotate__` on first read.
        if name == "__annotations__" && self.minor >= 14 {
            let d = match heap.dict_get_str(dict, "__annotate__") {
                Some(f) if !matches!(heap.kind(f), Kind::None) => self.call_annotate(heap, f)?,
                _ => heap.dict(self),
            };
            heap.incref(d);
            let key = self.intern(heap, "__annotations__");
            self.dict_set_str_key(heap, dict, key, d);
            return Ok(d);
        }
        if name == "__class__" {
            let t = self.types.get(T::Module);
            heap.incref(t);
            return Ok(t);
        }
        // Lazily provided attributes of the simulated standard modules.
        if let Some(v) = self.module_lazy_attr(heap, &mname, name)? {
            return Ok(v);
        }
        // PEP 562: the module's own `__getattr__`.
        if let Some(f) = heap.dict_get_str(dict, "__getattr__") {
            heap.incref(f);
            let n = heap.str(name);
            let r = self.call1(heap, f, &[n]);
            heap.decref(self, n);
            heap.decref(self, f);
            return r;
        }
        // A standard module's name pymemsim does not implement: CPython may well have it
        // (where the table of CPython's names knows the module, exactly when it has it).
        let key = format!("module:{mname}");
        let cpython_has_it = if super::builtins::cpython_knows(&key) {
            super::builtins::cpython_has(&key, name, self.minor)
        } else {
            !super::stdlib::known_in_other_versions(&mname, name)
        };
        if super::stdlib::is_modelled_module(&mname) && !name.starts_with("__") && cpython_has_it {
            return Err(super::exception::unsupported(format!("{mname}.{name}")));
        }
        Err(err(
            T::AttributeError,
            format!("module '{mname}' has no attribute '{name}'"),
        ))
    }

    /// `LOAD_METHOD`: `(function, true)` when `obj.name` is a plain method found on the type
    /// (called with `obj` as self, no bound method made), else `(attribute, false)`.
    pub(crate) fn load_method(
        &mut self,
        heap: &mut Heap,
        obj: ObjId,
        name: ObjId,
    ) -> R<(ObjId, bool)> {
        let text = self.str_value(heap, name);
        let generic = match heap.kind(obj) {
            Kind::Class(_) | Kind::Type(_) | Kind::Module(..) => false,
            // Super objects and weak proxies look names up elsewhere.
            Kind::Native(n) => n.ty != T::Super as u16,
            Kind::WeakRef(_, _, t) => *t == T::WeakRef as u16,
            _ => true,
        };
        if !generic {
            return self.getattr_str(heap, obj, &text).map(|v| (v, false));
        }
        let class = self.type_of(heap, obj);
        if let Some(d) = self.lookup_type_attr(heap, class, &text) {
            let plain = match heap.kind(d) {
                Kind::Function(_) => true,
                Kind::BuiltinFn(f, None) => self.builtin_is_method_descriptor(*f),
                _ => false,
            };
            if plain {
                // The instance's own attribute of that name wins.
                if let Some(v) = self.instance_attr(heap, obj, &text)? {
                    return Ok((v, false));
                }
                heap.incref(d);
                return Ok((d, true));
            }
        }
        self.getattr_str(heap, obj, &text).map(|v| (v, false))
    }

    // ----------------------------------------------------------------------------------------
    // Setting

    /// `obj.name = value` (value stolen).
    pub(crate) fn setattr(
        &mut self,
        heap: &mut Heap,
        obj: ObjId,
        name: ObjId,
        value: ObjId,
    ) -> R<()> {
        let text = self.str_value(heap, name);
        self.setattr_str(heap, obj, &text, value)
    }

    /// The attributes a function keeps in its own fields (`__name__`, `__doc__`...); `None` for
    /// the others (they go to its `__dict__`). Steals `value`.
    fn function_setattr(
        &mut self,
        heap: &mut Heap,
        f: ObjId,
        name: &str,
        value: ObjId,
    ) -> Option<R<()>> {
        let text = match heap.kind(value) {
            Kind::Str(s) => Some(s.clone()),
            _ => None,
        };
        let none = matches!(heap.kind(value), Kind::None);
        let is_tuple = matches!(heap.kind(value), Kind::Tuple(_));
        let is_dict = matches!(heap.kind(value), Kind::Dict(_));
        let fail = |vm: &mut Vm, heap: &mut Heap, msg: String| {
            heap.decref(vm, value);
            Some(Err(type_error(msg)))
        };
        let old = match name {
            "__name__" | "__qualname__" => {
                let Some(t) = text else {
                    return fail(self, heap, format!("{name} must be set to a string object"));
                };
                if let Kind::Function(fd) = &mut heap.get_mut(f).kind {
                    if name == "__name__" {
                        fd.name = t;
                    } else {
                        fd.qualname = t;
                    }
                }
                heap.decref(self, value);
                return Some(Ok(()));
            }
            "__doc__" | "__module__" => match &mut heap.get_mut(f).kind {
                Kind::Function(fd) => {
                    let slot = if name == "__doc__" {
                        &mut fd.doc
                    } else {
                        &mut fd.module
                    };
                    slot.replace(value)
                }
                _ => None,
            },
            "__defaults__" => {
                if !none && !is_tuple {
                    return fail(
                        self,
                        heap,
                        "__defaults__ must be set to a tuple object".into(),
                    );
                }
                match &mut heap.get_mut(f).kind {
                    Kind::Function(fd) => {
                        std::mem::replace(&mut fd.defaults, (!none).then_some(value))
                    }
                    _ => None,
                }
            }
            "__kwdefaults__" => {
                if !none && !is_dict {
                    return fail(
                        self,
                        heap,
                        "__kwdefaults__ must be set to a dict object".into(),
                    );
                }
                match &mut heap.get_mut(f).kind {
                    Kind::Function(fd) => {
                        std::mem::replace(&mut fd.kwdefaults, (!none).then_some(value))
                    }
                    _ => None,
                }
            }
            "__closure__" | "__globals__" | "__builtins__" => {
                heap.decref(self, value);
                return Some(Err(err(T::AttributeError, "readonly attribute")));
            }
            "__code__" => {
                heap.decref(self, value);
                return Some(Err(super::exception::unsupported(
                    "assigning function.__code__",
                )));
            }
            _ => return None,
        };
        if none && matches!(name, "__defaults__" | "__kwdefaults__") {
            heap.decref(self, value);
        }
        if let Some(o) = old {
            heap.decref(self, o);
        }
        Some(Ok(()))
    }

    /// `obj.name = value` with the name as text (value stolen).
    pub(crate) fn setattr_str(
        &mut self,
        heap: &mut Heap,
        obj: ObjId,
        name: &str,
        value: ObjId,
    ) -> R<()> {
        match heap.kind(obj) {
            Kind::Class(c) => {
                let dict = c.dict;
                let key = self.intern(heap, name);
                self.dict_set_str_key(heap, dict, key, value);
                return Ok(());
            }
            Kind::Type(t) => {
                let t = T::from_index(*t);
                heap.decref(self, value);
                return Err(type_error(if self.minor >= 10 {
                    format!(
                        "cannot set '{name}' attribute of immutable type '{}'",
                        t.name()
                    )
                } else {
                    format!(
                        "can't set attributes of built-in/extension type '{}'",
                        t.name()
                    )
                }));
            }
            Kind::Module(_, d) => {
                let d = *d;
                let key = self.intern(heap, name);
                self.dict_set_str_key(heap, d, key, value);
                return Ok(());
            }
            _ => {}
        }
        // __setattr__ defined by the class.
        if matches!(heap.kind(obj), Kind::Instance(_)) {
            let class = self.type_of(heap, obj);
            // (Only a Python `__setattr__` is called here, and those live in class dicts.)
            if let Some(sa) = heap.class_special(class, Special::SetAttr) {
                if matches!(heap.kind(sa), Kind::Function(_)) {
                    heap.incref(sa);
                    let n = heap.str(name);
                    let r = self.call1(heap, sa, &[obj, n, value]);
                    heap.decref(self, n);
                    heap.decref(self, sa);
                    heap.decref(self, value);
                    let v = r?;
                    heap.decref(self, v);
                    return Ok(());
                }
            }
        }
        self.generic_setattr(heap, obj, name, value)
    }

    /// `object.__setattr__` (`PyObject_GenericSetAttr`): a data descriptor of the type, else the
    /// instance's own attributes. Steals `value`.
    pub(crate) fn generic_setattr(
        &mut self,
        heap: &mut Heap,
        obj: ObjId,
        name: &str,
        value: ObjId,
    ) -> R<()> {
        if let Kind::Function(_) = heap.kind(obj) {
            if let Some(r) = self.function_setattr(heap, obj, name, value) {
                return r;
            }
        }
        if matches!(heap.kind(obj), Kind::Finalizer(..)) && name == "atexit" {
            let on = self.is_true(heap, value);
            heap.decref(self, value);
            if on? {
                self.finalizers_not_at_exit.remove(&obj.0);
            } else {
                self.finalizers_not_at_exit.insert(obj.0);
            }
            return Ok(());
        }
        let class = self.type_of(heap, obj);
        if let Some(d) = self.lookup_type_attr(heap, class, name) {
            if self.is_data_descriptor(heap, d) {
                return self.descriptor_set(heap, d, obj, name, Some(value));
            }
        }
        match heap.kind(obj) {
            Kind::Instance(inst) => {
                let dict = match &inst.dict {
                    InstanceDict::Values(_) => AttrStore::Values,
                    InstanceDict::Dict(d) => AttrStore::Dict(*d),
                    InstanceDict::None => AttrStore::Created,
                };
                self.setattr_instance(heap, obj, class, dict, name, value)
            }
            // A partial keeps its other attributes in its own `__dict__`.
            Kind::Native(n) if n.ty == T::Partial as u16 => {
                let d = super::stdlib::functools::partial_dict(self, heap, obj);
                let key = self.intern(heap, name);
                self.dict_set_str_key(heap, d, key, value);
                Ok(())
            }
            Kind::Exception(_) | Kind::Function(_) => {
                if let Kind::Exception(_) = heap.kind(obj) {
                    if let Some(r) = self.exception_setattr(heap, obj, name, value) {
                        return r;
                    }
                }
                let d = self.instance_dict(heap, obj)?;
                heap.decref(self, d);
                let key = self.intern(heap, name);
                self.dict_set_str_key(heap, d, key, value);
                Ok(())
            }
            _ => {
                let t = self.type_name(heap, obj);
                heap.decref(self, value);
                // CPython's instances of this type have a `__dict__` (a partial, a module...):
                // the attribute would be set there.
                let base = self.solid_base(heap, class).name_in(self.minor);
                if super::builtins::cpython_has(base, "__dict__", self.minor)
                    && !matches!(base, "type" | "object")
                {
                    return Err(super::exception::unsupported(format!(
                        "setting attributes on a '{t}' object"
                    )));
                }
                let has = self.lookup_type_attr(heap, class, name).is_some();
                let cpython_has = super::builtins::cpython_has(base, name, self.minor);
                Err(err(
                    T::AttributeError,
                    if has && self.minor >= 11 {
                        format!("'{t}' object attribute '{name}' is read-only")
                    } else if cpython_has && !has && !name.starts_with("__") {
                        // A getset or member descriptor without a setter (`(1).real = 2`).
                        format!("attribute '{name}' of '{t}' objects is not writable")
                    } else if self.minor >= 13 && !cpython_has {
                        format!(
                            "'{t}' object has no attribute '{name}' and no __dict__ for setting new attributes"
                        )
                    } else {
                        format!("'{t}' object has no attribute '{name}'")
                    },
                ))
            }
        }
    }

    /// Sets (or with `None`, deletes) through a data descriptor.
    fn descriptor_set(
        &mut self,
        heap: &mut Heap,
        d: ObjId,
        obj: ObjId,
        name: &str,
        value: Option<ObjId>,
    ) -> R<()> {
        match heap.kind(d) {
            Kind::Native(n) if n.ty == T::Property as u16 => {
                let setter = if value.is_some() {
                    n.refs[1]
                } else {
                    n.refs[2]
                };
                match setter {
                    Some(f) => {
                        let r = match value {
                            Some(v) => {
                                let r = self.call1(heap, f, &[obj, v]);
                                heap.decref(self, v);
                                r
                            }
                            None => self.call1(heap, f, &[obj]),
                        };
                        let v = r?;
                        heap.decref(self, v);
                        Ok(())
                    }
                    None => {
                        if let Some(v) = value {
                            heap.decref(self, v);
                        }
                        let t = self.type_name(heap, obj);
                        Err(err(
                            T::AttributeError,
                            if self.minor >= 11 {
                                format!(
                                    "property '{name}' of '{t}' object has no {}",
                                    if value.is_some() { "setter" } else { "deleter" }
                                )
                            } else if value.is_some() {
                                "can't set attribute".to_string()
                            } else {
                                "can't delete attribute".to_string()
                            },
                        ))
                    }
                }
            }
            Kind::Descriptor(_, true) => {
                // A slot.
                let Kind::Instance(inst) = heap.kind(obj) else {
                    if let Some(v) = value {
                        heap.decref(self, v);
                    }
                    return Err(self.attr_error(heap, obj, name));
                };
                let Kind::Class(c) = heap.kind(inst.class) else {
                    return Err(self.attr_error(heap, obj, name));
                };
                let Some(i) = c
                    .slots
                    .as_ref()
                    .and_then(|s| s.iter().position(|x| &**x == name))
                else {
                    if let Some(v) = value {
                        heap.decref(self, v);
                    }
                    return Err(self.attr_error(heap, obj, name));
                };
                let old = match &mut heap.get_mut(obj).kind {
                    Kind::Instance(inst) => match value {
                        Some(v) => inst.slots[i].replace(v),
                        None => inst.slots[i].take(),
                    },
                    _ => None,
                };
                match (old, value) {
                    (Some(o), _) => {
                        heap.decref(self, o);
                        Ok(())
                    }
                    (None, Some(_)) => Ok(()),
                    // Deleting an empty slot: the bare name (`member_set`).
                    (None, None) => Err(err(T::AttributeError, name)),
                }
            }
            Kind::Descriptor(_, false) => {
                if let Some(v) = value {
                    heap.decref(self, v);
                }
                Err(err(
                    T::AttributeError,
                    format!("attribute '{name}' of object is not writable"),
                ))
            }
            Kind::Instance(inst) => {
                let c = inst.class;
                let m = if value.is_some() {
                    "__set__"
                } else {
                    "__delete__"
                };
                match self.lookup_type_attr(heap, c, m) {
                    Some(f) if matches!(heap.kind(f), Kind::Function(_)) => {
                        heap.incref(f);
                        let r = match value {
                            Some(v) => {
                                let r = self.call1(heap, f, &[d, obj, v]);
                                heap.decref(self, v);
                                r
                            }
                            None => self.call1(heap, f, &[d, obj]),
                        };
                        heap.decref(self, f);
                        let v = r?;
                        heap.decref(self, v);
                        Ok(())
                    }
                    _ => {
                        if let Some(v) = value {
                            heap.decref(self, v);
                        }
                        Err(err(T::AttributeError, "__set__"))
                    }
                }
            }
            _ => {
                if let Some(v) = value {
                    heap.decref(self, v);
                }
                Err(self.attr_error(heap, obj, name))
            }
        }
    }

    /// `obj.name = value` on an instance of a user class, in the version's layout.
    fn setattr_instance(
        &mut self,
        heap: &mut Heap,
        obj: ObjId,
        class: ObjId,
        dict: AttrStore,
        name: &str,
        value: ObjId,
    ) -> R<()> {
        let has_dict = match heap.kind(class) {
            Kind::Class(c) => c.has_dict,
            _ => true,
        };
        if !has_dict {
            heap.decref(self, value);
            let t = self.type_name(heap, obj);
            return Err(err(
                T::AttributeError,
                if self.minor >= 13 {
                    format!("'{t}' object has no attribute '{name}' and no __dict__ for setting new attributes")
                } else {
                    format!("'{t}' object has no attribute '{name}'")
                },
            ));
        }
        match dict {
            AttrStore::Values => {
                // Managed values: the name must be (or become) one of the class's shared keys.
                let key = self.intern(heap, name);
                let rc = self.str_value(heap, key);
                let (fits, added) = if let Kind::Class(c) = &mut heap.get_mut(class).kind {
                    if c.shared_names
                        .iter()
                        .any(|n| Rc::ptr_eq(n, &rc) || **n == *name)
                    {
                        (true, false)
                    } else if c.shared_usable > 0 && c.shared_names.len() < 30 {
                        c.shared_names.push(rc.clone());
                        c.shared_usable -= 1;
                        (true, true)
                    } else {
                        (false, false)
                    }
                } else {
                    (false, false)
                };
                // A name added to the class's shared keys is kept by them (the interned
                // string must outlive this call when it is mortal, 3.13+).
                if !added {
                    heap.decref(self, key);
                }
                if !fits {
                    let d = heap.materialize_instance_dict(self, obj);
                    return match d {
                        Some(d) => {
                            let key = self.intern(heap, name);
                            self.dict_set_str_key(heap, d, key, value);
                            Ok(())
                        }
                        None => {
                            heap.decref(self, value);
                            Err(self.attr_error(heap, obj, name))
                        }
                    };
                }
                let old = if let Kind::Instance(inst) = &mut heap.get_mut(obj).kind {
                    if let InstanceDict::Values(vals) = &mut inst.dict {
                        match vals
                            .iter_mut()
                            .find(|(n, _)| Rc::ptr_eq(n, &rc) || **n == *name)
                        {
                            Some(slot) => Some(std::mem::replace(&mut slot.1, value)),
                            None => {
                                vals.push((rc, value));
                                None
                            }
                        }
                    } else {
                        None
                    }
                } else {
                    None
                };
                self.resync_dict_view(heap, obj);
                if let Some(o) = old {
                    heap.decref(self, o);
                }
                Ok(())
            }
            AttrStore::Dict(d) => {
                let key = self.intern(heap, name);
                self.dict_set_str_key(heap, d, key, value);
                Ok(())
            }
            AttrStore::Created => {
                // 3.8–3.10: the instance dict is created on the first attribute store, as a
                // split table sharing the class's keys (values array of 5 slots).
                let d = heap.dict(self);
                let bytes = 40;
                let vb = heap.alloc.malloc(bytes, &mut heap.log);
                if let Kind::Dict(dd) = &mut heap.get_mut(d).kind {
                    dd.values_block = Some(vb);
                    dd.values_bytes = bytes;
                    dd.log2_size = 3;
                    dd.unicode = true;
                }
                if let Kind::Instance(inst) = &mut heap.get_mut(obj).kind {
                    inst.dict = InstanceDict::Dict(d);
                }
                let key = self.intern(heap, name);
                self.dict_set_str_key(heap, d, key, value);
                Ok(())
            }
        }
    }

    /// `del obj.name`.
    pub(crate) fn delattr(&mut self, heap: &mut Heap, obj: ObjId, name: ObjId) -> R<()> {
        self.delattr_impl(heap, obj, name, true)
    }

    /// `object.__delattr__` (`PyObject_GenericSetAttr` with no value): as `del obj.name`
    /// without the class's own `__delattr__`.
    pub(crate) fn generic_delattr(&mut self, heap: &mut Heap, obj: ObjId, name: ObjId) -> R<()> {
        self.delattr_impl(heap, obj, name, false)
    }

    fn delattr_impl(
        &mut self,
        heap: &mut Heap,
        obj: ObjId,
        name: ObjId,
        class_hook: bool,
    ) -> R<()> {
        let text = self.str_value(heap, name);
        let name = text.as_ref();
        match heap.kind(obj) {
            Kind::Class(c) => {
                let (dict, cname) = (c.dict, c.name.clone());
                let key = HKey::Str(text.clone());
                return match heap.dict_del(dict, &key) {
                    Some((k, v)) => {
                        heap.decref(self, k);
                        heap.decref(self, v);
                        Ok(())
                    }
                    None if self.minor < 11 => Err(err(T::AttributeError, name.to_string())),
                    None => Err(err(
                        T::AttributeError,
                        format!("type object '{cname}' has no attribute '{name}'"),
                    )),
                };
            }
            Kind::Module(_, d) => {
                let d = *d;
                let key = HKey::Str(text.clone());
                return match heap.dict_del(d, &key) {
                    Some((k, v)) => {
                        heap.decref(self, k);
                        heap.decref(self, v);
                        Ok(())
                    }
                    None => Err(self.attr_error(heap, obj, name)),
                };
            }
            _ => {}
        }
        let class = self.type_of(heap, obj);
        if let Some(d) = self.lookup_type_attr(heap, class, name) {
            if self.is_data_descriptor(heap, d) {
                return self.descriptor_set(heap, d, obj, name, None);
            }
        }
        if class_hook && matches!(heap.kind(obj), Kind::Instance(_)) {
            if let Some(da) = self.lookup_type_attr(heap, class, "__delattr__") {
                if matches!(heap.kind(da), Kind::Function(_)) {
                    heap.incref(da);
                    let n = heap.str(name);
                    let r = self.call1(heap, da, &[obj, n]);
                    heap.decref(self, n);
                    heap.decref(self, da);
                    let v = r?;
                    heap.decref(self, v);
                    return Ok(());
                }
            }
        }
        let removed = match &mut heap.get_mut(obj).kind {
            Kind::Instance(inst) => match &mut inst.dict {
                InstanceDict::Values(vals) => vals
                    .iter()
                    .position(|(n, _)| &**n == name)
                    .map(|i| vals.remove(i).1),
                InstanceDict::Dict(d) => {
                    let d = *d;
                    let key = HKey::Str(text.clone());
                    heap.dict_del(d, &key).map(|(k, v)| {
                        heap.decref(self, k);
                        v
                    })
                }
                InstanceDict::None => None,
            },
            Kind::Exception(e) => match e.dict {
                Some(d) => {
                    let key = HKey::Str(text.clone());
                    heap.dict_del(d, &key).map(|(k, v)| {
                        heap.decref(self, k);
                        v
                    })
                }
                None => None,
            },
            Kind::Function(f) => match f.dict {
                Some(d) => {
                    let key = HKey::Str(text.clone());
                    heap.dict_del(d, &key).map(|(k, v)| {
                        heap.decref(self, k);
                        v
                    })
                }
                None => None,
            },
            _ => None,
        };
        match removed {
            Some(v) => {
                self.resync_dict_view(heap, obj);
                heap.decref(self, v);
                Ok(())
            }
            None => Err(self.attr_error(heap, obj, name)),
        }
    }

    /// A `Native` object of builtin type `t` with these references; `size` bytes requested.
    pub(crate) fn new_native(
        &mut self,
        heap: &mut Heap,
        t: T,
        refs: Vec<Option<ObjId>>,
        size: u64,
    ) -> ObjId {
        self.new_native_full(heap, t, refs, [0; 4], NativePayload::None, size, true)
    }

    /// A `Native` object with all its parts.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new_native_full(
        &mut self,
        heap: &mut Heap,
        t: T,
        refs: Vec<Option<ObjId>>,
        nums: [i64; 4],
        payload: NativePayload,
        size: u64,
        gc: bool,
    ) -> ObjId {
        heap.alloc_sized(
            self,
            Kind::Native(Box::new(NativeData {
                ty: t as u16,
                gc,
                refs,
                nums,
                payload,
            })),
            Some(size),
        )
    }

    /// `hasattr(obj, name)`.
    pub(crate) fn hasattr(&mut self, heap: &mut Heap, obj: ObjId, name: &str) -> R<bool> {
        match self.getattr_str(heap, obj, name) {
            Ok(v) => {
                heap.decref(self, v);
                Ok(true)
            }
            Err(e) if self.err_matches(heap, &e, T::AttributeError) => {
                self.discard(heap, e);
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }
}
