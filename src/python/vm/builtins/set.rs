//! `set` and `frozenset` as CPython's `Objects/setobject.c` builds them: an open-addressing
//! table probed linearly nine slots at a time then perturbed, resized at three-fifths full,
//! dummies for deleted keys, merging that copies another set's layout when it can. Iteration
//! follows the table, so a program prints the element order CPython prints.

use crate::engine::heap::Heap;
use crate::engine::ids::ObjId;
use crate::engine::object::{Kind, SetData, SetEntry, NO_OBJ, SET_DUMMY};

use super::super::exception::{err, type_error, R};
use super::super::Vm;
use super::{method, Args, Def, T};
use crate::python::compiler::code::{BinOp, CmpOp};

const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;
const MINSIZE: usize = 8;

fn table(heap: &Heap, s: ObjId) -> Option<&SetData> {
    match heap.kind(s) {
        Kind::PySet(d) => Some(d),
        _ => None,
    }
}

fn table_mut(heap: &mut Heap, s: ObjId) -> Option<&mut SetData> {
    match &mut heap.get_mut(s).kind {
        Kind::PySet(d) => Some(d),
        _ => None,
    }
}

/// Inserts into a table known to hold no dummies and not this key (`set_insert_clean`).
fn insert_clean(table: &mut [SetEntry], key: u32, hash: i64) {
    let mask = table.len() - 1;
    let mut perturb = hash as u64;
    let mut i = (hash as u64 as usize) & mask;
    loop {
        if table[i].key == NO_OBJ {
            table[i] = SetEntry { key, hash };
            return;
        }
        if i + LINEAR_PROBES <= mask {
            for j in 1..=LINEAR_PROBES {
                if table[i + j].key == NO_OBJ {
                    table[i + j] = SetEntry { key, hash };
                    return;
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i
            .wrapping_mul(5)
            .wrapping_add(1)
            .wrapping_add(perturb as usize))
            & mask;
    }
}

impl Vm {
    /// A new empty set (or frozenset).
    pub(crate) fn new_set(&mut self, heap: &mut Heap, frozen: bool) -> ObjId {
        heap.alloc(self, Kind::PySet(Box::new(SetData::new(frozen))))
    }

    /// Resizes a set's table for `minused` items (`set_table_resize`): the old entries are
    /// reinserted in table order; the table is its own memory past eight slots.
    fn set_resize(&mut self, heap: &mut Heap, s: ObjId, minused: usize) {
        let mut newsize = MINSIZE;
        while newsize <= minused {
            newsize <<= 1;
        }
        let Some(d) = table_mut(heap, s) else {
            return;
        };
        let old = std::mem::replace(
            &mut d.table,
            vec![
                SetEntry {
                    key: NO_OBJ,
                    hash: 0
                };
                newsize
            ],
        );
        let no_dummies = d.fill == d.used;
        d.fill = d.used;
        for e in &old {
            if e.key != NO_OBJ && (no_dummies || e.key != SET_DUMMY) {
                insert_clean(&mut d.table, e.key, e.hash);
            }
        }
        let old_block = d.table_block.take();
        if let Some((b, _)) = old_block {
            heap.alloc.free(b, &mut heap.log);
        }
        if newsize > MINSIZE {
            let bytes = 16 * newsize as u64;
            let b = heap.alloc.malloc(bytes, &mut heap.log);
            if let Some(d) = table_mut(heap, s) {
                d.table_block = Some((b, bytes));
            }
        }
    }

    /// Finds `key` (with its hash): the slot of an equal key, or the slot to insert at and
    /// whether it is a reused dummy.
    fn set_find(&mut self, heap: &mut Heap, s: ObjId, key: ObjId, hash: i64) -> R<Probe> {
        'restart: loop {
            let Some(d) = table(heap, s) else {
                return Ok(Probe::Missing(0, None));
            };
            let mask = d.table.len() - 1;
            let mut perturb = hash as u64;
            let mut i = (hash as u64 as usize) & mask;
            let mut freeslot = None;
            loop {
                let probes = if i + LINEAR_PROBES <= mask {
                    LINEAR_PROBES
                } else {
                    0
                };
                for j in 0..=probes {
                    let idx = i + j;
                    let e = match table(heap, s) {
                        Some(d) => d.table[idx],
                        None => return Ok(Probe::Missing(0, None)),
                    };
                    if e.key == NO_OBJ && e.hash == 0 {
                        return Ok(Probe::Missing(idx, freeslot));
                    }
                    if e.key == SET_DUMMY {
                        freeslot = Some(idx);
                        continue;
                    }
                    if e.hash == hash {
                        let start = ObjId(e.key);
                        if start == key {
                            return Ok(Probe::Found(idx));
                        }
                        if let (Kind::Str(a), Kind::Str(b)) = (heap.kind(start), heap.kind(key)) {
                            if a == b {
                                return Ok(Probe::Found(idx));
                            }
                            continue;
                        }
                        heap.incref(start);
                        let r = self.eq(heap, start, key);
                        heap.decref(self, start);
                        if r? {
                            return Ok(Probe::Found(idx));
                        }
                        // The table may have changed under the comparison.
                        let still = table(heap, s).is_some_and(|d| {
                            d.table.len() == mask + 1 && d.table[idx].key == start.0
                        });
                        if !still {
                            continue 'restart;
                        }
                    }
                }
                perturb >>= PERTURB_SHIFT;
                i = (i
                    .wrapping_mul(5)
                    .wrapping_add(1)
                    .wrapping_add(perturb as usize))
                    & mask;
            }
        }
    }

    /// Adds `key` (stolen) with its hash (`set_add_entry`).
    fn set_add_entry(&mut self, heap: &mut Heap, s: ObjId, key: ObjId, hash: i64) -> R<()> {
        match self.set_find(heap, s, key, hash) {
            Ok(Probe::Found(_)) => {
                heap.decref(self, key);
                Ok(())
            }
            Ok(Probe::Missing(idx, freeslot)) => {
                let (resize, used) = {
                    let Some(d) = table_mut(heap, s) else {
                        return Ok(());
                    };
                    match freeslot {
                        Some(f) => {
                            d.used += 1;
                            d.table[f] = SetEntry { key: key.0, hash };
                            (false, d.used)
                        }
                        None => {
                            d.fill += 1;
                            d.used += 1;
                            d.table[idx] = SetEntry { key: key.0, hash };
                            let mask = d.table.len() - 1;
                            (d.fill * 5 >= mask * 3, d.used)
                        }
                    }
                };
                if !heap.get(s).is_tracked() && heap.may_be_tracked(key) {
                    heap.track(s);
                }
                if resize {
                    self.set_resize(heap, s, if used > 50_000 { used * 2 } else { used * 4 });
                }
                Ok(())
            }
            Err(e) => {
                heap.decref(self, key);
                Err(e)
            }
        }
    }

    /// `s.add(key)` (key stolen).
    pub(crate) fn set_add(&mut self, heap: &mut Heap, s: ObjId, key: ObjId) -> R<()> {
        let hash = match self.set_key_hash(heap, key) {
            Ok(h) => h,
            Err(e) => {
                heap.decref(self, key);
                return Err(e);
            }
        };
        self.set_add_entry(heap, s, key, hash)
    }

    /// The hash of a set element (unhashable types refused with the version's message).
    fn set_key_hash(&mut self, heap: &mut Heap, key: ObjId) -> R<i64> {
        match self.hash_of(heap, key) {
            Ok(h) => Ok(h),
            Err(e) => {
                if self.minor >= 14 && self.err_matches(heap, &e, T::TypeError) {
                    let t = self.type_name(heap, key);
                    if matches!(
                        heap.kind(key),
                        Kind::List(..)
                            | Kind::Dict(_)
                            | Kind::PySet(_)
                            | Kind::ByteArray(..)
                            | Kind::Instance(_)
                    ) {
                        return Err(type_error(format!(
                            "cannot use '{t}' as a set element (unhashable type: '{t}')"
                        )));
                    }
                }
                Err(e)
            }
        }
    }

    /// `key in s`.
    pub(crate) fn set_contains(&mut self, heap: &mut Heap, s: ObjId, key: ObjId) -> R<bool> {
        let hash = match self.hash_of(heap, key) {
            Ok(h) => h,
            Err(e) => {
                // A set key is looked up as a frozenset.
                if let Kind::PySet(_) = heap.kind(key) {
                    let f = self.frozen_copy(heap, key)?;
                    let r = self.set_contains(heap, s, f);
                    heap.decref(self, f);
                    return r;
                }
                return Err(e);
            }
        };
        Ok(matches!(
            self.set_find(heap, s, key, hash)?,
            Probe::Found(_)
        ))
    }

    fn frozen_copy(&mut self, heap: &mut Heap, s: ObjId) -> R<ObjId> {
        let f = self.new_set(heap, true);
        self.set_merge(heap, f, s)?;
        Ok(f)
    }

    /// Removes `key`; whether it was there (`set_discard_entry`).
    pub(crate) fn set_discard(&mut self, heap: &mut Heap, s: ObjId, key: ObjId) -> R<bool> {
        let hash = self.hash_of(heap, key)?;
        match self.set_find(heap, s, key, hash)? {
            Probe::Found(i) => {
                let old = match table_mut(heap, s) {
                    Some(d) => {
                        let old = d.table[i].key;
                        d.table[i] = SetEntry {
                            key: SET_DUMMY,
                            hash: -1,
                        };
                        d.used -= 1;
                        old
                    }
                    None => return Ok(false),
                };
                heap.decref(self, ObjId(old));
                Ok(true)
            }
            Probe::Missing(..) => Ok(false),
        }
    }

    /// Adds every key of set `other` to `s` (`set_merge`), copying the layout when `s` is
    /// empty and the same size.
    fn set_merge(&mut self, heap: &mut Heap, s: ObjId, other: ObjId) -> R<()> {
        if s == other {
            return Ok(());
        }
        let (oentries, oused, ofill) = match table(heap, other) {
            Some(d) => (d.table.clone(), d.used, d.fill),
            None => return Ok(()),
        };
        if oused == 0 {
            return Ok(());
        }
        let (fill, mask, used) = match table(heap, s) {
            Some(d) => (d.fill, d.table.len() - 1, d.used),
            None => return Ok(()),
        };
        if (fill + oused) * 5 >= mask * 3 {
            self.set_resize(heap, s, (used + oused) * 2);
        }
        let (fill, mask) = match table(heap, s) {
            Some(d) => (d.fill, d.table.len() - 1),
            None => return Ok(()),
        };
        let track = oentries
            .iter()
            .any(|e| e.key != NO_OBJ && e.key != SET_DUMMY && heap.may_be_tracked(ObjId(e.key)));
        if fill == 0 && mask == oentries.len() - 1 && ofill == oused {
            for e in &oentries {
                if e.key != NO_OBJ {
                    heap.incref(ObjId(e.key));
                }
            }
            if let Some(d) = table_mut(heap, s) {
                d.table = oentries;
                d.fill = ofill;
                d.used = oused;
            }
        } else if fill == 0 {
            for e in &oentries {
                if e.key != NO_OBJ && e.key != SET_DUMMY {
                    heap.incref(ObjId(e.key));
                }
            }
            if let Some(d) = table_mut(heap, s) {
                d.fill = oused;
                d.used = oused;
                for e in &oentries {
                    if e.key != NO_OBJ && e.key != SET_DUMMY {
                        insert_clean(&mut d.table, e.key, e.hash);
                    }
                }
            }
        } else {
            for e in oentries {
                if e.key != NO_OBJ && e.key != SET_DUMMY {
                    heap.incref(ObjId(e.key));
                    self.set_add_entry(heap, s, ObjId(e.key), e.hash)?;
                }
            }
        }
        if track && !heap.get(s).is_tracked() {
            heap.track(s);
        }
        Ok(())
    }

    /// `s.update(iterable)` (`set_update_internal`).
    pub(crate) fn set_update(&mut self, heap: &mut Heap, s: ObjId, src: ObjId) -> R<()> {
        match heap.kind(src) {
            Kind::PySet(_) => self.set_merge(heap, s, src),
            Kind::Dict(d) => {
                let keys: Vec<ObjId> = d.iter().map(|(k, _)| k).collect();
                let n = keys.len();
                let (fill, mask, used) = match table(heap, s) {
                    Some(d) => (d.fill, d.table.len() - 1, d.used),
                    None => return Ok(()),
                };
                if (fill + n) * 5 >= mask * 3 {
                    self.set_resize(heap, s, (used + n) * 2);
                }
                for k in keys {
                    let h = self.hash_of(heap, k)?;
                    heap.incref(k);
                    self.set_add_entry(heap, s, k, h)?;
                }
                Ok(())
            }
            _ => self.with_iteration(heap, src, |vm, heap| {
                let items = vm.collect_iterable(heap, src)?;
                let mut it = items.into_iter();
                while let Some(k) = it.next() {
                    if let Err(e) = vm.set_add(heap, s, k) {
                        for rest in it {
                            heap.decref(vm, rest);
                        }
                        return Err(e);
                    }
                }
                Ok(())
            }),
        }
    }

    /// The 3.8–3.9 empty frozenset singleton (a new reference).
    fn empty_frozenset(&mut self, heap: &mut Heap) -> ObjId {
        let s = match self.empty_frozenset {
            Some(s) => s,
            None => {
                let s = self.new_set(heap, true);
                self.empty_frozenset = Some(s);
                s
            }
        };
        heap.incref(s);
        s
    }

    /// `set(iterable)` / `frozenset(iterable)`.
    pub(crate) fn set_from(
        &mut self,
        heap: &mut Heap,
        src: Option<ObjId>,
        frozen: bool,
    ) -> R<ObjId> {
        if frozen {
            if let Some(x) = src {
                if matches!(heap.kind(x), Kind::PySet(d) if d.frozen) {
                    heap.incref(x);
                    return Ok(x);
                }
            }
        }
        // 3.8–3.9 `frozenset_new`: an empty result is the empty frozenset singleton (made on
        // first use; a set built from an empty iterable is dropped for it).
        let singleton = frozen && self.minor < 10;
        if singleton && src.is_none() {
            return Ok(self.empty_frozenset(heap));
        }
        let s = self.new_set(heap, frozen);
        if let Some(x) = src {
            if let Err(e) = self.set_update(heap, s, x) {
                heap.decref(self, s);
                return Err(e);
            }
        }
        if singleton && Self::set_keys(heap, s).is_empty() {
            heap.decref(self, s);
            return Ok(self.empty_frozenset(heap));
        }
        // 3.15: `frozenset(iterable)` of items whose types are not GC types is untracked
        // (gh-140232); sets built by operators stay tracked.
        if frozen
            && heap.config.pack_and_frozenset_untracked
            && !Self::set_keys(heap, s).iter().any(|&k| heap.type_is_gc(k))
        {
            heap.untrack(s);
        }
        Ok(s)
    }

    /// The keys of a set in table order (borrowed).
    pub(crate) fn set_keys(heap: &Heap, s: ObjId) -> Vec<ObjId> {
        table(heap, s)
            .map(|d| d.keys().collect())
            .unwrap_or_default()
    }

    /// `a op b` for sets: `|`, `&`, `-`, `^`, with CPython's construction orders.
    pub(crate) fn set_binary(
        &mut self,
        heap: &mut Heap,
        op: BinOp,
        a: ObjId,
        b: ObjId,
    ) -> R<ObjId> {
        let frozen = table(heap, a).is_some_and(|d| d.frozen);
        match op {
            BinOp::Or => {
                let r = self.new_set(heap, frozen);
                self.set_merge(heap, r, a)?;
                self.set_merge(heap, r, b)?;
                Ok(r)
            }
            BinOp::And => self.set_intersection(heap, a, b, frozen),
            BinOp::Sub => self.set_difference(heap, a, b, frozen),
            BinOp::Xor => {
                let r = self.new_set(heap, frozen);
                self.set_merge(heap, r, b)?;
                self.set_symdiff_update(heap, r, a)?;
                Ok(r)
            }
            _ => Err(type_error("unsupported set operation")),
        }
    }

    fn set_intersection(&mut self, heap: &mut Heap, a: ObjId, b: ObjId, frozen: bool) -> R<ObjId> {
        let r = self.new_set(heap, frozen);
        let (mut so, mut other) = (a, b);
        let la = table(heap, a).map_or(0, |d| d.used);
        let lb = table(heap, b).map_or(0, |d| d.used);
        if lb > la {
            std::mem::swap(&mut so, &mut other);
        }
        let entries: Vec<SetEntry> = table(heap, other)
            .map(|d| d.table.clone())
            .unwrap_or_default();
        for e in entries {
            if e.key == NO_OBJ || e.key == SET_DUMMY {
                continue;
            }
            let k = ObjId(e.key);
            if matches!(self.set_find(heap, so, k, e.hash)?, Probe::Found(_)) {
                heap.incref(k);
                self.set_add_entry(heap, r, k, e.hash)?;
            }
        }
        Ok(r)
    }

    fn set_difference(&mut self, heap: &mut Heap, a: ObjId, b: ObjId, frozen: bool) -> R<ObjId> {
        let r = self.new_set(heap, frozen);
        let entries: Vec<SetEntry> = table(heap, a).map(|d| d.table.clone()).unwrap_or_default();
        for e in entries {
            if e.key == NO_OBJ || e.key == SET_DUMMY {
                continue;
            }
            let k = ObjId(e.key);
            if !matches!(self.set_find(heap, b, k, e.hash)?, Probe::Found(_)) {
                heap.incref(k);
                self.set_add_entry(heap, r, k, e.hash)?;
            }
        }
        Ok(r)
    }

    fn set_symdiff_update(&mut self, heap: &mut Heap, s: ObjId, other: ObjId) -> R<()> {
        let entries: Vec<SetEntry> = table(heap, other)
            .map(|d| d.table.clone())
            .unwrap_or_default();
        for e in entries {
            if e.key == NO_OBJ || e.key == SET_DUMMY {
                continue;
            }
            let k = ObjId(e.key);
            if !self.set_discard(heap, s, k)? {
                heap.incref(k);
                self.set_add_entry(heap, s, k, e.hash)?;
            }
        }
        Ok(())
    }

    /// `s op= other` for sets.
    pub(crate) fn set_inplace(
        &mut self,
        heap: &mut Heap,
        op: BinOp,
        s: ObjId,
        other: ObjId,
    ) -> R<()> {
        match op {
            BinOp::Or => self.set_merge(heap, s, other),
            BinOp::Sub => {
                for k in Self::set_keys(heap, other) {
                    self.set_discard(heap, s, k)?;
                }
                Ok(())
            }
            BinOp::Xor => self.set_symdiff_update(heap, s, other),
            BinOp::And => {
                let r = self.set_intersection(heap, s, other, false)?;
                self.set_replace_contents(heap, s, r);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Gives `s` the contents of `r` (consumed).
    fn set_replace_contents(&mut self, heap: &mut Heap, s: ObjId, r: ObjId) {
        // `set_swap_bodies`: `s` takes `r`'s table as it is; `r` dies with the old one.
        let theirs = match &mut heap.get_mut(r).kind {
            Kind::PySet(d) => {
                std::mem::replace(&mut **d, crate::engine::object::SetData::new(false))
            }
            _ => return,
        };
        let frozen_r = theirs.frozen;
        let mine = match &mut heap.get_mut(s).kind {
            Kind::PySet(d) => {
                let frozen = d.frozen;
                let mut old = std::mem::replace(&mut **d, theirs);
                d.frozen = frozen;
                old.frozen = frozen_r;
                old
            }
            _ => return,
        };
        if let Kind::PySet(d) = &mut heap.get_mut(r).kind {
            **d = mine;
        }
        heap.decref(self, r);
    }

    /// Empties a set (`set_clear_internal`).
    pub(crate) fn set_clear(&mut self, heap: &mut Heap, s: ObjId) {
        let (old, block) = match table_mut(heap, s) {
            Some(d) => {
                let old = std::mem::replace(
                    &mut d.table,
                    vec![
                        SetEntry {
                            key: NO_OBJ,
                            hash: 0
                        };
                        MINSIZE
                    ],
                );
                d.fill = 0;
                d.used = 0;
                (old, d.table_block.take())
            }
            None => return,
        };
        if let Some((b, _)) = block {
            heap.alloc.free(b, &mut heap.log);
        }
        for e in old {
            if e.key != NO_OBJ && e.key != SET_DUMMY {
                heap.decref(self, ObjId(e.key));
            }
        }
    }

    /// Set comparisons: subsets for the orderings, equality of contents.
    pub(crate) fn set_compare(
        &mut self,
        heap: &mut Heap,
        a: ObjId,
        b: ObjId,
        op: CmpOp,
    ) -> R<bool> {
        let la = table(heap, a).map_or(0, |d| d.used);
        let lb = table(heap, b).map_or(0, |d| d.used);
        let subset = |vm: &mut Vm, heap: &mut Heap, x: ObjId, y: ObjId| -> R<bool> {
            for k in Self::set_keys(heap, x) {
                if !vm.set_contains(heap, y, k)? {
                    return Ok(false);
                }
            }
            Ok(true)
        };
        Ok(match op {
            CmpOp::Eq => la == lb && subset(self, heap, a, b)?,
            CmpOp::Ne => !(la == lb && subset(self, heap, a, b)?),
            CmpOp::Le => la <= lb && subset(self, heap, a, b)?,
            CmpOp::Lt => la < lb && subset(self, heap, a, b)?,
            CmpOp::Ge => la >= lb && subset(self, heap, b, a)?,
            CmpOp::Gt => la > lb && subset(self, heap, b, a)?,
        })
    }

    /// A set iterator (remembers the size to detect changes).
    pub(crate) fn set_iter(&mut self, heap: &mut Heap, s: ObjId) -> ObjId {
        let used = table(heap, s).map_or(0, |d| d.used) as i64;
        heap.incref(s);
        self.new_native_full(
            heap,
            T::SetIterator,
            vec![Some(s)],
            [0, used, 0, 0],
            crate::engine::object::NativePayload::None,
            64,
            true,
        )
    }

    /// The next key of a set iterator.
    pub(crate) fn set_iter_next(&mut self, heap: &mut Heap, it: ObjId) -> R<Option<ObjId>> {
        let (s, pos, used) = match heap.kind(it) {
            Kind::Native(n) => (n.refs[0], n.nums[0] as usize, n.nums[1]),
            _ => return Ok(None),
        };
        let Some(s) = s else {
            return Ok(None);
        };
        let (found, now_used) = match table(heap, s) {
            Some(d) => {
                let mut p = pos;
                let mut f = None;
                while p < d.table.len() {
                    let e = d.table[p];
                    if e.key != NO_OBJ && e.key != SET_DUMMY {
                        f = Some((p, e.key));
                        break;
                    }
                    p += 1;
                }
                (f, d.used as i64)
            }
            None => (None, 0),
        };
        if now_used != used {
            if let Kind::Native(n) = &mut heap.get_mut(it).kind {
                n.nums[1] = -1;
            }
            return Err(err(T::RuntimeError, "Set changed size during iteration"));
        }
        match found {
            Some((p, k)) => {
                if let Kind::Native(n) = &mut heap.get_mut(it).kind {
                    n.nums[0] = p as i64 + 1;
                }
                heap.incref(ObjId(k));
                Ok(Some(ObjId(k)))
            }
            None => {
                if let Kind::Native(n) = &mut heap.get_mut(it).kind {
                    n.refs[0] = None;
                }
                heap.decref(self, s);
                Ok(None)
            }
        }
    }
}

/// Where a probe for a key ended.
enum Probe {
    /// An equal key is at this slot.
    Found(usize),
    /// Not there: the empty slot reached, and the last dummy passed (where it goes).
    Missing(usize, Option<usize>),
}

fn s_add(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    heap.incref(a.pos[0]);
    vm.set_add(heap, a.this(), a.pos[0])?;
    Ok(heap.none())
}

fn s_discard(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    vm.set_discard(heap, a.this(), a.pos[0])?;
    Ok(heap.none())
}

fn s_remove(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    if !vm.set_discard(heap, a.this(), a.pos[0])? {
        return Err(vm.key_error(heap, a.pos[0]));
    }
    Ok(heap.none())
}

fn s_pop(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let s = a.this();
    let Some(d) = table_mut(heap, s) else {
        return Ok(heap.none());
    };
    if d.used == 0 {
        return Err(err(T::KeyError, "'pop from an empty set'"));
    }
    let mask = d.table.len() - 1;
    let mut i = d.finger & mask;
    while d.table[i].key == NO_OBJ || d.table[i].key == SET_DUMMY {
        i += 1;
        if i > mask {
            i = 0;
        }
    }
    let k = d.table[i].key;
    d.table[i] = SetEntry {
        key: SET_DUMMY,
        hash: -1,
    };
    d.used -= 1;
    d.finger = i + 1;
    let _ = vm;
    Ok(ObjId(k))
}

fn s_clear(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    vm.set_clear(heap, a.this());
    Ok(heap.none())
}

fn s_copy(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let s = a.this();
    let frozen = table(heap, s).is_some_and(|d| d.frozen);
    if frozen {
        heap.incref(s);
        return Ok(s);
    }
    let r = vm.new_set(heap, false);
    vm.set_merge(heap, r, s)?;
    Ok(r)
}

fn s_update(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    for &src in a.pos {
        vm.set_update(heap, a.this(), src)?;
    }
    Ok(heap.none())
}

/// The argument as a set (a new reference): sets as they are, other iterables converted.
fn as_set(vm: &mut Vm, heap: &mut Heap, o: ObjId) -> R<ObjId> {
    if let Kind::PySet(_) = heap.kind(o) {
        heap.incref(o);
        return Ok(o);
    }
    vm.set_from(heap, Some(o), false)
}

fn multi(vm: &mut Vm, heap: &mut Heap, a: &Args, op: BinOp) -> R<ObjId> {
    let this = a.this();
    let frozen = table(heap, this).is_some_and(|d| d.frozen);
    let mut cur = {
        let r = vm.new_set(heap, frozen);
        vm.set_merge(heap, r, this)?;
        r
    };
    for &o in a.pos {
        let other = as_set(vm, heap, o)?;
        let next = vm.set_binary(heap, op, cur, other);
        heap.decref(vm, other);
        heap.decref(vm, cur);
        cur = next?;
    }
    Ok(cur)
}

fn s_union(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    multi(vm, heap, a, BinOp::Or)
}
fn s_intersection(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    multi(vm, heap, a, BinOp::And)
}
fn s_difference(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    multi(vm, heap, a, BinOp::Sub)
}
fn s_symmetric_difference(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    let other = as_set(vm, heap, a.pos[0])?;
    let r = vm.set_binary(heap, BinOp::Xor, a.this(), other);
    heap.decref(vm, other);
    r
}

fn inplace(vm: &mut Vm, heap: &mut Heap, a: &Args, op: BinOp) -> R<ObjId> {
    for &o in a.pos {
        let other = as_set(vm, heap, o)?;
        let r = vm.set_inplace(heap, op, a.this(), other);
        heap.decref(vm, other);
        r?;
    }
    Ok(heap.none())
}
fn s_intersection_update(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    inplace(vm, heap, a, BinOp::And)
}
fn s_difference_update(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    inplace(vm, heap, a, BinOp::Sub)
}
fn s_symmetric_difference_update(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    inplace(vm, heap, a, BinOp::Xor)
}

fn relation(vm: &mut Vm, heap: &mut Heap, a: &Args, op: CmpOp) -> R<ObjId> {
    a.count(1, 1)?;
    let other = as_set(vm, heap, a.pos[0])?;
    let r = vm.set_compare(heap, a.this(), other, op);
    heap.decref(vm, other);
    Ok(heap.bool(r?))
}
fn s_issubset(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    relation(vm, heap, a, CmpOp::Le)
}
fn s_issuperset(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    relation(vm, heap, a, CmpOp::Ge)
}
fn s_isdisjoint(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    a.count(1, 1)?;
    // Another set's table is walked as it is; anything else through an iterator.
    if matches!(heap.kind(a.pos[0]), Kind::PySet(_)) {
        return isdisjoint_items(vm, heap, a);
    }
    vm.with_iteration(heap, a.pos[0], |vm, heap| isdisjoint_items(vm, heap, a))
}

fn isdisjoint_items(vm: &mut Vm, heap: &mut Heap, a: &Args) -> R<ObjId> {
    let items = vm.collect_iterable(heap, a.pos[0])?;
    let mut disjoint = true;
    for &k in &items {
        if disjoint && vm.set_contains(heap, a.this(), k)? {
            disjoint = false;
        }
    }
    for k in items {
        heap.decref(vm, k);
    }
    Ok(heap.bool(disjoint))
}

/// `set` and `frozenset` methods.
pub(crate) const DEFS: &[Def] = &[
    method(T::Set, "add", s_add),
    method(T::Set, "discard", s_discard),
    method(T::Set, "remove", s_remove),
    method(T::Set, "pop", s_pop),
    method(T::Set, "clear", s_clear),
    method(T::Set, "copy", s_copy),
    method(T::Set, "update", s_update),
    method(T::Set, "union", s_union),
    method(T::Set, "intersection", s_intersection),
    method(T::Set, "difference", s_difference),
    method(T::Set, "symmetric_difference", s_symmetric_difference),
    method(T::Set, "intersection_update", s_intersection_update),
    method(T::Set, "difference_update", s_difference_update),
    method(
        T::Set,
        "symmetric_difference_update",
        s_symmetric_difference_update,
    ),
    method(T::Set, "issubset", s_issubset),
    method(T::Set, "issuperset", s_issuperset),
    method(T::Set, "isdisjoint", s_isdisjoint),
    method(T::FrozenSet, "copy", s_copy),
    method(T::FrozenSet, "union", s_union),
    method(T::FrozenSet, "intersection", s_intersection),
    method(T::FrozenSet, "difference", s_difference),
    method(T::FrozenSet, "symmetric_difference", s_symmetric_difference),
    method(T::FrozenSet, "issubset", s_issubset),
    method(T::FrozenSet, "issuperset", s_issuperset),
    method(T::FrozenSet, "isdisjoint", s_isdisjoint),
];
