//! `dict` (and the `collections` subtypes the interpreter implements on it: `defaultdict`,
//! `OrderedDict`, `Counter`): lookups through the engine's dict with keys compared as Python
//! compares them (a class's `__eq__` and `__hash__` included), views and their iterators,
//! the methods, and merging keyword arguments for calls.

use crate::engine::heap::{HKey, Heap};
use crate::engine::ids::ObjId;
use crate::engine::object::{IntVal, Kind};

use super::super::exception::{err, type_error, value_error, R};
use super::super::Vm;
use super::{classmethod, method, Args, Def, T};

impl Vm {
    /// The engine's key for `key`: value equality for builtin hashables, identity for other
    /// objects, and an existing equal key's identity for objects with their own `__eq__`.
    pub(crate) fn dict_key(&mut self, heap: &mut Heap, dict: ObjId, key: ObjId) -> R<HKey> {
        match heap.kind(key) {
            Kind::List(..) | Kind::Dict(_) | Kind::ByteArray(..) => {
                let t = self.type_name(heap, key);
                Err(self.unhashable(&t))
            }
            Kind::PySet(s) if !s.frozen => {
                let t = self.type_name(heap, key);
                Err(self.unhashable(&t))
            }
            Kind::Tuple(items) => {
                let items = items.clone();
                // Hashability of the items (a list inside a tuple).
                for i in items {
                    self.hash_of(heap, i)?;
                }
                Ok(heap.hkey(key).unwrap_or(HKey::Id(key.0)))
            }
            Kind::Instance(_) | Kind::Exception(_) | Kind::PySet(_) | Kind::WeakRef(..) if !matches!(heap.kind(key), Kind::WeakRef(_, _, t) if *t != T::WeakRef as u16) =>
            {
                let h = self.hash_of(heap, key)?;
                let class = self.type_of(heap, key);
                // (Weak references compare their referents.)
                let custom_eq = matches!(heap.kind(key), Kind::PySet(_) | Kind::WeakRef(..))
                    || self.user_method(heap, class, "__eq__").is_some();
                if !custom_eq {
                    return Ok(HKey::Id(key.0));
                }
                // An equal key already in the dict stands for this one.
                let candidates: Vec<ObjId> = match heap.kind(dict) {
                    Kind::Dict(d) => d.iter().map(|(k, _)| k).collect(),
                    _ => Vec::new(),
                };
                for k in candidates {
                    if k == key {
                        return Ok(HKey::Id(k.0));
                    }
                    let same_kind = std::mem::discriminant(heap.kind(k))
                        == std::mem::discriminant(heap.kind(key));
                    if same_kind && self.hash_of(heap, k)? == h && self.eq(heap, k, key)? {
                        return Ok(HKey::Id(k.0));
                    }
                }
                Ok(HKey::Id(key.0))
            }
            _ => Ok(heap.hkey(key).unwrap_or(HKey::Id(key.0))),
        }
    }

    /// The entry of a small dict whose key is the object `key` itself (CPython compares keys
    /// by identity first; names are interned, so this is how globals are found).
    #[inline]
    pub(crate) fn dict_entry_of_same(heap: &Heap, dict: ObjId, key: ObjId) -> Option<(u32, ObjId)> {
        match heap.kind(dict) {
            Kind::Dict(d) if !d.indexed => {
                d.entries.iter().enumerate().find_map(|(i, e)| match e {
                    Some((k, v)) if *k == key => Some((i as u32, *v)),
                    _ => None,
                })
            }
            _ => None,
        }
    }

    /// `dict[key] = value`, stealing both.
    pub(crate) fn dict_setitem(
        &mut self,
        heap: &mut Heap,
        dict: ObjId,
        key: ObjId,
        value: ObjId,
    ) -> R<()> {
        if matches!(heap.kind(dict), Kind::Dict(d) if d.borrowed) {
            heap.detach_dict_view(self, dict);
        }
        if let Kind::Str(_) = heap.kind(key) {
            if let Some((i, _)) = Self::dict_entry_of_same(heap, dict, key) {
                if let Some(old) = heap.dict_replace_at(dict, i, key, value) {
                    heap.decref(self, old);
                    heap.decref(self, key);
                    return Ok(());
                }
            }
        }
        let hk = match self.dict_key(heap, dict, key) {
            Ok(h) => h,
            Err(e) => {
                heap.decref(self, key);
                heap.decref(self, value);
                return Err(e);
            }
        };
        if let Some((old, unused_key)) = heap.dict_set(dict, key, hk, value) {
            heap.decref(self, old);
            heap.decref(self, unused_key);
        }
        Ok(())
    }

    /// The value for `key` (borrowed), if present.
    pub(crate) fn dict_lookup(
        &mut self,
        heap: &mut Heap,
        dict: ObjId,
        key: ObjId,
    ) -> R<Option<ObjId>> {
        if let Kind::Str(_) = heap.kind(key) {
            if let Some((_, v)) = Self::dict_entry_of_same(heap, dict, key) {
                return Ok(Some(v));
            }
        }
        let hk = self.dict_key(heap, dict, key)?;
        Ok(heap.dict_get(dict, &hk))
    }

    /// The value of a str key (borrowed).
    pub(crate) fn dict_get_str(&self, heap: &Heap, dict: ObjId, name: &str) -> Option<ObjId> {
        heap.dict_get_str(dict, name)
    }

    /// `key in dict`.
    pub(crate) fn dict_contains(&mut self, heap: &mut Heap, dict: ObjId, key: ObjId) -> R<bool> {
        Ok(self.dict_lookup(heap, dict, key)?.is_some())
    }

    /// `dict[key]`, with `__missing__` for the subtypes that have one.
    pub(crate) fn dict_getitem(&mut self, heap: &mut Heap, dict: ObjId, key: ObjId) -> R<ObjId> {
        if let Some(v) = self.dict_lookup(heap, dict, key)? {
            heap.incref(v);
            return Ok(v);
        }
        let (sub, factory) = match heap.kind(dict) {
            Kind::Dict(d) => (T::of_dict(d.subtype), d.default_factory),
            _ => (T::Dict, None),
        };
        match sub {
            T::DefaultDict => {
                let Some(f) = factory else {
                    return Err(self.key_error(heap, key));
                };
                let v = self.call1(heap, f, &[])?;
                heap.incref(key);
                heap.incref(v);
                self.dict_setitem(heap, dict, key, v)?;
                Ok(v)
            }
            T::Counter => Ok(heap.int(0)),
            _ => Err(self.key_error(heap, key)),
        }
    }

    /// `KeyError(key)`.
    pub(crate) fn key_error(
        &mut self,
        heap: &mut Heap,
        key: ObjId,
    ) -> super::super::exception::Exc {
        heap.incref(key);
        let args = self.new_tuple(heap, vec![key]);
        let exc = self.new_exception(heap, self.types.get(T::KeyError), args);
        self.chain_context(heap, exc);
        super::super::exception::Exc::new(super::super::exception::Raised::Obj(exc))
    }

    /// `del dict[key]`.
    pub(crate) fn dict_delitem(&mut self, heap: &mut Heap, dict: ObjId, key: ObjId) -> R<()> {
        if self.dict_delitem_opt(heap, dict, key)? {
            Ok(())
        } else {
            Err(self.key_error(heap, key))
        }
    }

    /// Removes `key` if present; whether it was.
    pub(crate) fn dict_delitem_opt(&mut self, heap: &mut Heap, dict: ObjId, key: ObjId) -> R<bool> {
        if matches!(heap.kind(dict), Kind::Dict(d) if d.borrowed) {
            heap.detach_dict_view(self, dict);
        }
        let hk = self.dict_key(heap, dict, key)?;
        match heap.dict_del(dict, &hk) {
            Some((k, v)) => {
                heap.decref(self, k);
                heap.decref(self, v);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// A dict presized for `n` items (`BUILD_MAP`); `items` are the keys and values
    /// interleaved (whether all keys are str decides the table's kind).
    pub(crate) fn new_dict_presized(
        &mut self,
        heap: &mut Heap,
        n: usize,
        items: &[ObjId],
    ) -> ObjId {
        let unicode = items
            .chunks(2)
            .all(|kv| matches!(heap.kind(kv[0]), Kind::Str(_)));
        heap.dict_presized(self, n, unicode)
    }

    /// `d.update(src)` / `{**src}`: a dict, something with `keys()`, or pairs.
    pub(crate) fn dict_update(&mut self, heap: &mut Heap, d: ObjId, src: ObjId) -> R<()> {
        if let Kind::Dict(sd) = heap.kind(src) {
            let pairs: Vec<(ObjId, ObjId)> = sd.iter().collect();
            for (k, v) in pairs {
                heap.incref(k);
                heap.incref(v);
                self.dict_setitem(heap, d, k, v)?;
            }
            return Ok(());
        }
        if self.hasattr(heap, src, "keys")? {
            let keys_m = self.getattr_str(heap, src, "keys")?;
            let keys = self.call1(heap, keys_m, &[]);
            heap.decref(self, keys_m);
            let keys = keys?;
            let ks = self.collect_iterable(heap, keys);
            heap.decref(self, keys);
            for k in ks? {
                let v = self.getitem(heap, src, k)?;
                self.dict_setitem(heap, d, k, v)?;
            }
            return Ok(());
        }
        // `dict_merge_from_seq2`: an iterator over the pairs, each pair a sequence of two.
        self.with_iteration(heap, src, |vm, heap| vm.dict_merge_seq2(heap, d, src))
    }

    /// `dict.update(pairs)`'s loop over the pairs (see [`Vm::dict_update`]).
    fn dict_merge_seq2(&mut self, heap: &mut Heap, d: ObjId, src: ObjId) -> R<()> {
        let items = self.collect_iterable(heap, src)?;
        for (i, item) in items.iter().enumerate() {
            let pair = self.collect_iterable(heap, *item);
            let pair = match pair {
                Ok(p) => p,
                Err(e) => {
                    for it in &items[i..] {
                        heap.decref(self, *it);
                    }
                    if self.err_matches(heap, &e, T::TypeError) {
                        return Err(type_error(format!(
                            "cannot convert dictionary update sequence element #{i} to a sequence"
                        )));
                    }
                    return Err(e);
                }
            };
            if pair.len() != 2 {
                let n = pair.len();
                for p in pair {
                    heap.decref(self, p);
                }
                for it in &items[i..] {
                    heap.decref(self, *it);
                }
                return Err(value_error(format!(
                    "dictionary update sequence element #{i} has length {n}; 2 is required"
                )));
            }
            heap.decref(self, *item);
            self.dict_setitem(heap, d, pair[0], pair[1])?;
        }
        Ok(())
    }

    /// `f(**m)`: merges `m` into the call's keyword dict; repeated keywords are errors.
    pub(crate) fn dict_merge_kwargs(
        &mut self,
        heap: &mut Heap,
        d: ObjId,
        src: ObjId,
        callable_pos: usize,
    ) -> R<()> {
        let callable = self.peek(callable_pos).obj();
        let fname = self.callable_name(heap, callable);
        let pairs: Vec<(ObjId, ObjId)> = match heap.kind(src) {
            Kind::Dict(sd) => sd.iter().collect(),
            _ => {
                if !self.hasattr(heap, src, "keys")? {
                    let t = self.type_name(heap, src);
                    return Err(type_error(format!(
                        "{fname} argument after ** must be a mapping, not {t}"
                    )));
                }
                let tmp = heap.dict(self);
                let r = self.dict_update(heap, tmp, src);
                let pairs: Vec<(ObjId, ObjId)> = match heap.kind(tmp) {
                    Kind::Dict(td) => td.iter().collect(),
                    _ => Vec::new(),
                };
                for &(k, v) in &pairs {
                    heap.incref(k);
                    heap.incref(v);
                }
                heap.decref(self, tmp);
                r?;
                let out = self.merge_pairs(heap, d, &pairs, &fname);
                for (k, v) in pairs {
                    heap.decref(self, k);
                    heap.decref(self, v);
                }
                return out;
            }
        };
        self.merge_pairs(heap, d, &pairs, &fname)
    }

    fn merge_pairs(
        &mut self,
        heap: &mut Heap,
        d: ObjId,
        pairs: &[(ObjId, ObjId)],
        fname: &str,
    ) -> R<()> {
        for &(k, v) in pairs {
            if !matches!(heap.kind(k), Kind::Str(_)) {
                return Err(type_error(if self.minor >= 13 {
                    "keywords must be strings".to_string()
                } else {
                    format!("{fname} keywords must be strings")
                }));
            }
            if self.dict_contains(heap, d, k)? {
                let name = self.str_value(heap, k);
                return Err(type_error(format!(
                    "{fname} got multiple values for keyword argument '{name}'"
                )));
            }
            heap.incref(k);
            heap.incref(v);
            self.dict_setitem(heap, d, k, v)?;
        }
        Ok(())
    }

    /// `a == b` for dicts.
    pub(crate) fn dict_eq(&mut self, heap: &mut Heap, a: ObjId, b: ObjId) -> R<bool> {
        let (pa, nb) = match (heap.kind(a), heap.kind(b)) {
            (Kind::Dict(x), Kind::Dict(y)) => (x.iter().collect::<Vec<_>>(), y.used),
            _ => return Ok(false),
        };
        if pa.len() != nb {
            return Ok(false);
        }
        for (k, v) in pa {
            match self.dict_lookup(heap, b, k)? {
                Some(w) => {
                    if !self.eq(heap, v, w)? {
                        return Ok(false);
                    }
                }
                None => return Ok(false),
            }
        }
        Ok(true)
    }

    /// `a | b` for dicts (3.9+).
    pub(crate) fn dict_or(&mut self, heap: &mut Heap, a: ObjId, b: ObjId) -> R<ObjId> {
        // `dict | OrderedDict` (or defaultdict): the subclass's reflected `__ror__` runs first
        // and makes one of its own type from `a`, then updates it with `b`.
        let subtype = |heap: &Heap, x: ObjId| match heap.kind(x) {
            Kind::Dict(d) => (T::of_dict(d.subtype), d.default_factory),
            _ => (T::Dict, None),
        };
        let (ta, _) = subtype(heap, a);
        let (tb, factory) = subtype(heap, b);
        if ta == T::Dict && matches!(tb, T::OrderedDict | T::DefaultDict) {
            if let Some(f) = factory {
                heap.incref(f);
            }
            let d = self.new_dict_subtype(heap, tb, factory);
            for src in [a, b] {
                if let Err(e) = self.dict_update(heap, d, src) {
                    heap.decref(self, d);
                    return Err(e);
                }
            }
            return Ok(d);
        }
        let d = self.dict_copy(heap, a)?;
        self.dict_update(heap, d, b)?;
        Ok(d)
    }

    /// A shallow copy of a dict (keeping its subtype).
    pub(crate) fn dict_copy(&mut self, heap: &mut Heap, a: ObjId) -> R<ObjId> {
        let (pairs, sub, factory) = match heap.kind(a) {
            Kind::Dict(x) => (x.iter().collect::<Vec<_>>(), x.subtype, x.default_factory),
            _ => return Ok(heap.dict(self)),
        };
        let d = heap.dict(self);
        if let Kind::Dict(dd) = &mut heap.get_mut(d).kind {
            dd.subtype = sub;
            dd.default_factory = factory;
        }
        if let Some(f) = factory {
            heap.incref(f);
        }
        for (k, v) in pairs {
            heap.incref(k);
            heap.incref(v);
            self.dict_setitem(heap, d, k, v)?;
        }
        Ok(d)
    }

    /// A dict iterator over keys (0), values (1) or items (2).
    pub(crate) fn dict_iter(&mut self, heap: &mut Heap, dict: ObjId, kind: u8) -> ObjId {
        let used = match heap.kind(dict) {
            Kind::Dict(d) => d.used as i64,
            _ => 0,
        };
        heap.incref(dict);
        let t = match kind {
            0 => T::DictKeyIterator,
            1 => T::DictValueIterator,
            _ => T::DictItemIterator,
        };
        // An items iterator keeps a result tuple to hand out again (`di_result`).
        let result = (kind == 2).then(|| {
            let items = vec![heap.none(), heap.none()];
            heap.tuple(self, items)
        });
        self.new_native_full(
            heap,
            t,
            vec![Some(dict), result],
            [0, used, i64::from(kind), 0],
            crate::engine::object::NativePayload::None,
            72,
            true,
        )
    }

    /// The next item of a dict iterator.
    pub(crate) fn dict_iter_next(&mut self, heap: &mut Heap, it: ObjId) -> R<Option<ObjId>> {
        let (dict, pos, used, kind) = match heap.kind(it) {
            Kind::Native(n) => (n.refs[0], n.nums[0] as usize, n.nums[1], n.nums[2]),
            _ => return Ok(None),
        };
        let Some(dict) = dict else {
            return Ok(None);
        };
        let (entry, now_used) = match heap.kind(dict) {
            Kind::Dict(d) => {
                let mut p = pos;
                let mut found = None;
                while p < d.entries.len() {
                    if let Some(e) = d.entries[p] {
                        found = Some((p, e));
                        break;
                    }
                    p += 1;
                }
                (found, d.used as i64)
            }
            _ => (None, 0),
        };
        if now_used != used {
            if let Kind::Native(n) = &mut heap.get_mut(it).kind {
                n.nums[1] = -1;
            }
            return Err(err(
                T::RuntimeError,
                "dictionary changed size during iteration",
            ));
        }
        match entry {
            Some((p, (k, v))) => {
                if let Kind::Native(n) = &mut heap.get_mut(it).kind {
                    n.nums[0] = p as i64 + 1;
                }
                Ok(Some(match kind {
                    0 => {
                        heap.incref(k);
                        k
                    }
                    1 => {
                        heap.incref(v);
                        v
                    }
                    _ => {
                        heap.incref(k);
                        heap.incref(v);
                        self.recycle_result(heap, it, 1, vec![k, v], self.minor >= 14)
                    }
                }))
            }
            None => {
                // Exhausted: let go of the dict.
                if let Kind::Native(n) = &mut heap.get_mut(it).kind {
                    n.refs[0] = None;
                }
                heap.decref(self, dict);
                Ok(None)
            }
        }
    }

    /// A view's items as new references (keys, values, or (key, value) tuples).
    pub(crate) fn dict_view_items(&mut self, heap: &mut Heap, dict: ObjId, kind: u8) -> Vec<ObjId> {
        let pairs: Vec<(ObjId, ObjId)> = match heap.kind(dict) {
            Kind::Dict(d) => d.iter().collect(),
            _ => Vec::new(),
        };
        pairs
            .into_iter()
            .map(|(k, v)| match kind {
                0 => {
                    heap.incref(k);
                    k
                }
                1 => {
                    heap.incref(v);
                    v
                }
                _ => {
                    heap.incref(k);
                    heap.incref(v);
                    self.new_tuple(heap, vec![k, v])
                }
            })
            .collect()
    }

    /// Comparisons of keys/items views as sets.
    pub(crate) fn view_compare(
        &mut self,
        heap: &mut Heap,
        a: ObjId,
        b: ObjId,
        op: crate::python::compiler::code::CmpOp,
    ) -> R<bool> {
        let sa = self.view_as_set(heap, a)?;
        let sb = self.view_as_set(heap, b)?;
        let r = self.set_compare(heap, sa, sb, op);
        heap.decref(self, sa);
        heap.decref(self, sb);
        r
    }

    fn view_as_set(&mut self, heap: &mut Heap, v: ObjId) -> R<ObjId> {
        let s = self.new_set(heap, false);
        let items = self.collect_iterable(heap, v)?;
        for it in items {
            self.set_add(heap, s, it)?;
        }
        Ok(s)
    }

    /// `view op other` for keys and items views: a set.
    pub(crate) fn view_set_binary(
        &mut self,
        heap: &mut Heap,
        op: crate::python::compiler::code::BinOp,
        a: ObjId,
        b: ObjId,
    ) -> R<ObjId> {
        let sa = self.view_as_set(heap, a)?;
        let sb = match heap.kind(b) {
            Kind::PySet(_) => {
                heap.incref(b);
                b
            }
            _ => self.view_as_set(heap, b)?,
        };
        let r = self.set_binary(heap, op, sa, sb);
        heap.decref(self, sa);
        heap.decref(self, sb);
        r
    }

    /// `OrderedDict`'s repr before 3.12: a list of pairs.
    pub(crate) fn ordered_dict_items_repr(&mut self, heap: &mut Heap, d: ObjId) -> R<String> {
        let items = self.dict_view_items(heap, d, 2);
        let parts = self.reprs(heap, &items);
        for i in items {
            heap.decref(self, i);
        }
        Ok(format!("[{}]", parts?.join(", ")))
    }

    /// `Counter`'s repr: items by count, largest first.
    pub(crate) fn counter_repr(&mut self, heap: &mut Heap, d: ObjId) -> R<std::rc::Rc<str>> {
        let pairs = self.counter_most_common(heap, d)?;
        if pairs.is_empty() {
            return Ok(std::rc::Rc::from("Counter()"));
        }
        let mut parts = Vec::new();
        for (k, v) in &pairs {
            let ks = self.repr_of(heap, *k)?;
            let vs = self.repr_of(heap, *v)?;
            parts.push(format!("{ks}: {vs}"));
        }
        Ok(std::rc::Rc::from(format!(
            "Counter({{{}}})",
            parts.join(", ")
        )))
    }

    /// A Counter's (key, count) pairs by count, largest first (stable), borrowed.
    fn counter_most_common(&mut self, heap: &mut Heap, d: ObjId) -> R<Vec<(ObjId, ObjId)>> {
        let mut pairs: Vec<(ObjId, ObjId)> = match heap.kind(d) {
            Kind::Dict(dd) => dd.iter().collect(),
            _ => Vec::new(),
        };
        let mut err_out = None;
        let mut idx: Vec<usize> = (0..pairs.len()).collect();
        // Stable sort by count, descending.
        let counts: Vec<ObjId> = pairs.iter().map(|p| p.1).collect();
        idx.sort_by(|&i, &j| {
            if err_out.is_some() {
                return std::cmp::Ordering::Equal;
            }
            match self.ordering(heap, counts[j], counts[i]) {
                Ok(o) => o,
                Err(e) => {
                    err_out = Some(e);
                    std::cmp::Ordering::Equal
                }
            }
        });
        if let Some(e) = err_out {
            return Err(e);
        }
        pairs = idx.into_iter().map(|i| pairs[i]).collect();
        Ok(pairs)
    }

    /// A new dict of subtype `t` (`defaultdict`, `OrderedDict`, `Counter`).
    pub(crate) fn new_dict_subtype(
        &mut self,
        heap: &mut Heap,
        t: T,
        factory: Option<ObjId>,
    ) -> ObjId {
        let d = heap.dict(self);
        if let Kind::Dict(dd) = &mut heap.get_mut(d).kind {
            dd.subtype = t as u16;
            dd.default_factory = factory;
        }
        d
    }

    /// `Counter(iterable_or_mapping)` / `Counter.update`: counts added.
    /// `Counter + Counter`, `-`, `|`, `&` (`Counter.__add__` and kin): a new Counter of the
    /// positive results, `self`'s elements first; `None` unless both are Counters.
    pub(crate) fn counter_binary(
        &mut self,
        heap: &mut Heap,
        op: crate::python::compiler::code::BinOp,
        a: ObjId,
        b: ObjId,
    ) -> Option<R<ObjId>> {
        use crate::python::compiler::code::{BinOp, CmpOp};
        let is_counter = |heap: &Heap, x: ObjId| matches!(heap.kind(x), Kind::Dict(d) if T::of_dict(d.subtype) == T::Counter);
        if !matches!(op, BinOp::Add | BinOp::Sub | BinOp::Or | BinOp::And)
            || !is_counter(heap, a)
            || !is_counter(heap, b)
        {
            return None;
        }
        let pairs = |heap: &Heap, x: ObjId| -> Vec<(ObjId, ObjId)> {
            match heap.kind(x) {
                Kind::Dict(d) => d.iter().collect(),
                _ => Vec::new(),
            }
        };
        let out = self.new_dict_subtype(heap, T::Counter, None);
        let zero = heap.int(0);
        let r = (|| -> R<()> {
            for (k, count) in pairs(heap, a) {
                let other = self.dict_lookup(heap, b, k)?.unwrap_or(zero);
                heap.incref(other);
                let new = match op {
                    BinOp::Add => self.binary_op(heap, BinOp::Add, count, other),
                    BinOp::Sub => self.binary_op(heap, BinOp::Sub, count, other),
                    // max / min of the two counts
                    BinOp::Or => self.compare_bool(heap, count, other, CmpOp::Lt).map(|lt| {
                        let v = if lt { other } else { count };
                        heap.incref(v);
                        v
                    }),
                    _ => self.compare_bool(heap, count, other, CmpOp::Lt).map(|lt| {
                        let v = if lt { count } else { other };
                        heap.incref(v);
                        v
                    }),
                };
                heap.decref(self, other);
                let new = new?;
                self.counter_keep_if_positive(heap, out, k, new, zero)?;
            }
            if matches!(op, BinOp::And) {
                return Ok(());
            }
            for (k, count) in pairs(heap, b) {
                if self.dict_lookup(heap, a, k)?.is_some() {
                    continue;
                }
                let new = if op == BinOp::Sub {
                    // `0 - count` for the negative counts only.
                    if !self.compare_bool(heap, count, zero, CmpOp::Lt)? {
                        continue;
                    }
                    self.binary_op(heap, BinOp::Sub, zero, count)?
                } else {
                    heap.incref(count);
                    count
                };
                self.counter_keep_if_positive(heap, out, k, new, zero)?;
            }
            Ok(())
        })();
        heap.decref(self, zero);
        Some(match r {
            Ok(()) => Ok(out),
            Err(e) => {
                heap.decref(self, out);
                Err(e)
            }
        })
    }

    /// Stores `value` (taken) under `key` in the Counter `out` when it is above zero.
    fn counter_keep_if_positive(
        &mut self,
        heap: &mut Heap,
        out: ObjId,
        key: ObjId,
        value: ObjId,
        zero: ObjId,
    ) -> R<()> {
        let positive =
            self.compare_bool(heap, value, zero, crate::python::compiler::code::CmpOp::Gt);
        match positive {
            Ok(true) => {
                heap.incref(key);
                self.dict_setitem(heap, out, key, value)
            }
            Ok(false) => {
                heap.decref(self, value);
                Ok(())
            }
            Err(e) => {
                heap.decref(self, value);
                Err(e)
            }
        }
    }

    pub(crate) fn counter_add(
        &mut self,
        heap: &mut Heap,
        d: ObjId,
        src: ObjId,
        sign: i64,
    ) -> R<()> {
        if let Kind::Dict(sd) = heap.kind(src) {
            let pairs: Vec<(ObjId, ObjId)> = sd.iter().collect();
            for (k, v) in pairs {
                let cur = self.dict_lookup(heap, d, k)?;
                let n = match cur {
                    Some(c) => {
                        let neg = if sign < 0 {
                            self.unary_op(heap, crate::python::compiler::code::UnOp::Neg, v)?
                        } else {
                            heap.incref(v);
                            v
                        };
                        let r =
                            self.binary_op(heap, crate::python::compiler::code::BinOp::Add, c, neg);
                        heap.decref(self, neg);
                        r?
                    }
                    None => {
                        if sign < 0 {
                            self.unary_op(heap, crate::python::compiler::code::UnOp::Neg, v)?
                        } else {
                            heap.incref(v);
                            v
                        }
                    }
                };
                heap.incref(k);
                self.dict_setitem(heap, d, k, n)?;
            }
            return Ok(());
        }
        let items = self.collect_iterable(heap, src)?;
        for k in items {
            let cur = self.dict_lookup(heap, d, k)?;
            let n = match cur.map(|c| heap.kind(c)) {
                Some(Kind::Int(IntVal::Small(c))) => heap.int(c + sign),
                _ => heap.int(sign),
            };
            self.dict_setitem(heap, d, k, n)?;
        }
        Ok(())
    }
}

fn this_pairs(heap: &Heap, d: ObjId) -> Vec<(ObjId, ObjId)> {
    match heap.kind(d) {
        Kind::Dict(dd) => dd.iter().collect(),
        _ => Vec::new(),
    }
}

fn view(vm: &mut Vm, heap: &mut Heap, a: &Args, kind: u8) -> R<ObjId> {
    a.count(0, 0)?;
    let d = a.this();
    heap.incref(d);
    Ok(heap.alloc_sized(vm, Kind::DictView(d, kind), Some(40)))
}
fn keys(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    view(vm, heap, a, 0)
}
fn values(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    view(vm, heap, a, 1)
}
fn items(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    view(vm, heap, a, 2)
}

fn get(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 2)?;
    match vm.dict_lookup(heap, a.this(), a.pos[0])? {
        Some(v) => {
            heap.incref(v);
            Ok(v)
        }
        None => match a.get(1) {
            Some(d) => {
                heap.incref(d);
                Ok(d)
            }
            None => Ok(heap.none()),
        },
    }
}

/// A change made through an instance's materialised `__dict__` view detaches it first.
fn unshare(vm: &mut Vm, heap: &mut Heap, d: ObjId) {
    if matches!(heap.kind(d), Kind::Dict(dd) if dd.borrowed) {
        heap.detach_dict_view(vm, d);
    }
}

fn pop(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 2)?;
    let d = a.this();
    unshare(vm, heap, d);
    let hk = vm.dict_key(heap, d, a.pos[0])?;
    match heap.dict_del(d, &hk) {
        Some((k, v)) => {
            heap.decref(vm, k);
            Ok(v)
        }
        None => match a.get(1) {
            Some(def) => {
                heap.incref(def);
                Ok(def)
            }
            None => Err(vm.key_error(heap, a.pos[0])),
        },
    }
}

fn popitem(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let d = a.this();
    unshare(vm, heap, d);
    let last = match a.arg(heap, 0, "last") {
        Some(l) => vm.is_true(heap, l)?,
        None => true,
    };
    let pairs = this_pairs(heap, d);
    let pick = if last { pairs.last() } else { pairs.first() };
    let Some(&(k, _)) = pick else {
        let sub = match heap.kind(d) {
            Kind::Dict(dd) => T::of_dict(dd.subtype),
            _ => T::Dict,
        };
        return Err(err(
            T::KeyError,
            if sub == T::OrderedDict {
                "dictionary is empty"
            } else {
                "popitem(): dictionary is empty"
            },
        ));
    };
    let hk = vm.dict_key(heap, d, k)?;
    let (k, v) = heap.dict_del(d, &hk).ok_or_else(|| err(T::KeyError, ""))?;
    Ok(vm.new_tuple(heap, vec![k, v]))
}

fn setdefault(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 2)?;
    let d = a.this();
    if let Some(v) = vm.dict_lookup(heap, d, a.pos[0])? {
        heap.incref(v);
        return Ok(v);
    }
    let v = match a.get(1) {
        Some(v) => v,
        None => heap.statics.none,
    };
    heap.incref(a.pos[0]);
    heap.incref(v);
    vm.dict_setitem(heap, d, a.pos[0], v)?;
    heap.incref(v);
    Ok(v)
}

fn update(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(0, 1)?;
    let d = a.this();
    let counter = matches!(heap.kind(d), Kind::Dict(dd) if dd.subtype == T::Counter as u16);
    if let Some(src) = a.get(0) {
        if counter {
            vm.counter_add(heap, d, src, 1)?;
        } else {
            // 3.8's `dict_update_common` looks `src.keys` up even on a dict (3.9 checks for
            // an exact dict first): a bound builtin method, released at once.
            if vm.minor < 9 && matches!(heap.kind(src), Kind::Dict(_)) {
                let keys = vm.transient_cmethod(heap, src);
                heap.decref(vm, keys);
            }
            vm.dict_update(heap, d, src)?;
        }
    }
    for (&k, &v) in a.kwnames.iter().zip(a.kwvals) {
        heap.incref(k);
        heap.incref(v);
        vm.dict_setitem(heap, d, k, v)?;
    }
    Ok(heap.none())
}

fn clear(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    unshare(vm, heap, a.this());
    let old = heap.dict_clear(a.this());
    for (k, v) in old {
        heap.decref(vm, k);
        heap.decref(vm, v);
    }
    Ok(heap.none())
}

fn copy(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    vm.dict_copy(heap, a.this())
}

fn fromkeys(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 2)?;
    // A dict of the class it was called on (`OrderedDict.fromkeys` makes an OrderedDict).
    let t = match a.this.map(|c| heap.kind(c)) {
        Some(Kind::Type(t)) => T::from_index(*t),
        _ => T::Dict,
    };
    if t == T::Counter {
        return Err(err(
            T::NotImplementedError,
            "Counter.fromkeys() is undefined.  Use Counter(iterable) instead.",
        ));
    }
    let d = match t {
        T::OrderedDict | T::DefaultDict => vm.new_dict_subtype(heap, t, None),
        // `_PyDict_FromKeys` calls the class: `dict()`, not from the free list.
        _ => heap.dict_generic(vm),
    };
    // Then a dict's or a set's table is read as it is, anything else through an iterator.
    let src = a.pos[0];
    let fill = |vm: &mut Vm, heap: &mut Heap| -> R<()> {
        let keys = vm.collect_iterable(heap, src)?;
        let v = a.get(1).unwrap_or(heap.statics.none);
        let mut keys = keys.into_iter();
        while let Some(k) = keys.next() {
            heap.incref(v);
            if let Err(e) = vm.dict_setitem(heap, d, k, v) {
                for rest in keys {
                    heap.decref(vm, rest);
                }
                return Err(e);
            }
        }
        Ok(())
    };
    let r = if matches!(heap.kind(src), Kind::Dict(_) | Kind::PySet(_)) {
        fill(vm, heap)
    } else {
        vm.with_iteration(heap, src, fill)
    };
    if let Err(e) = r {
        heap.decref(vm, d);
        return Err(e);
    }
    Ok(d)
}

fn getitem(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    vm.dict_getitem(heap, a.this(), a.pos[0])
}

fn setitem(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(2, 2)?;
    heap.incref(a.pos[0]);
    heap.incref(a.pos[1]);
    vm.dict_setitem(heap, a.this(), a.pos[0], a.pos[1])?;
    Ok(heap.none())
}

fn most_common(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let pairs = vm.counter_most_common(heap, a.this())?;
    let n = match a.arg(heap, 0, "n") {
        Some(n) if !matches!(heap.kind(n), Kind::None) => vm.index_value(heap, n)?.max(0) as usize,
        _ => pairs.len(),
    };
    let mut out = Vec::new();
    for (k, v) in pairs.into_iter().take(n) {
        heap.incref(k);
        heap.incref(v);
        out.push(vm.new_tuple(heap, vec![k, v]));
    }
    Ok(vm.new_list(heap, out))
}

fn elements(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let pairs = this_pairs(heap, a.this());
    let mut out = Vec::new();
    for (k, v) in pairs {
        if let Kind::Int(IntVal::Small(n)) = heap.kind(v) {
            for _ in 0..(*n).max(0) {
                heap.incref(k);
                out.push(k);
            }
        }
    }
    let l = vm.new_list(heap, out);
    let it = vm.get_iter(heap, l);
    heap.decref(vm, l);
    it
}

fn subtract(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    if let Some(src) = a.get(0) {
        vm.counter_add(heap, a.this(), src, -1)?;
    }
    Ok(heap.none())
}

fn total(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let pairs = this_pairs(heap, a.this());
    let mut acc = heap.int(0);
    for (_, v) in pairs {
        let n = vm.binary_op(heap, crate::python::compiler::code::BinOp::Add, acc, v);
        heap.decref(vm, acc);
        acc = n?;
    }
    Ok(acc)
}

fn move_to_end(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 2)?;
    let d = a.this();
    let last = match a.arg(heap, 1, "last") {
        Some(l) => vm.is_true(heap, l)?,
        None => true,
    };
    let hk = vm.dict_key(heap, d, a.pos[0])?;
    let Some((k, v)) = heap.dict_del(d, &hk) else {
        return Err(vm.key_error(heap, a.pos[0]));
    };
    if last {
        vm.dict_setitem(heap, d, k, v)?;
    } else {
        let rest = heap.dict_clear(d);
        vm.dict_setitem(heap, d, k, v)?;
        for (rk, rv) in rest {
            vm.dict_setitem(heap, d, rk, rv)?;
        }
    }
    Ok(heap.none())
}

/// `dict` methods (and those of the subtypes).
pub(crate) const DEFS: &[Def] = &[
    method(T::Dict, "keys", keys),
    method(T::Dict, "values", values),
    method(T::Dict, "items", items),
    method(T::Dict, "get", get),
    method(T::Dict, "pop", pop),
    method(T::Dict, "popitem", popitem),
    method(T::Dict, "setdefault", setdefault),
    method(T::Dict, "update", update),
    method(T::Dict, "clear", clear),
    method(T::Dict, "copy", copy),
    classmethod(T::Dict, "fromkeys", fromkeys),
    method(T::Dict, "__getitem__", getitem),
    method(T::Dict, "__setitem__", setitem),
    method(T::Counter, "most_common", most_common),
    method(T::Counter, "elements", elements),
    method(T::Counter, "subtract", subtract),
    method(T::Counter, "total", total),
    method(T::OrderedDict, "move_to_end", move_to_end),
];
