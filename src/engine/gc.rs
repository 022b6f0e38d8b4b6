//! The cyclic garbage collector (CPython's `Modules/gcmodule.c` / `Python/gc.c`, 3.8–3.13):
//! generations and their counts and thresholds, the long-lived-pending heuristic, and a
//! collection of one generation phase by phase — `update_refs`, `subtract_refs`,
//! `move_unreachable`, tuple and dict untracking, promotion, legacy finalizers, weakrefs and
//! their callbacks, PEP 442 finalizers, resurrection, `tp_clear` — with `DEBUG_SAVEALL`,
//! `gc.freeze()` and the statistics `gc.get_stats()` reports.

use super::config::EngineConfig;
use super::event::{Event, GcPhase};
use super::heap::{Heap, Runtime};
use super::ids::ObjId;
use super::object::{AttrValues, InstanceDict, Kind, NO_OBJ, PERMANENT, UNTRACKED};

/// `update_refs`: gc_refs starts as the reference count (saturated to the 32 bits it is kept in).
fn gc_refs_of(refcnt: i64) -> i32 {
    i32::try_from(refcnt).unwrap_or(i32::MAX)
}

/// Temporary list: the unreachable set of a running collection.
const UNREACHABLE: u8 = 4;
/// Temporary list: legacy finalizers and what they reach.
const FINALIZERS: u8 = 5;
/// Temporary list: weakrefs whose callbacks will run.
const WRCB_TO_CALL: u8 = 6;
/// Temporary list: the still-unreachable set after resurrection checks.
const STILL_UNREACHABLE: u8 = 7;
/// Number of lists (3 generations, permanent, 4 temporaries).
pub const NUM_LISTS: usize = 8;

/// `gc.DEBUG_SAVEALL`.
pub const DEBUG_SAVEALL: u32 = 32;

/// The head of an intrusive object list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GcList {
    /// First object, or `NO_OBJ`.
    pub head: u32,
    /// Last object, or `NO_OBJ`.
    pub tail: u32,
    /// Number of objects.
    pub len: u32,
}

impl Default for GcList {
    fn default() -> Self {
        Self {
            head: NO_OBJ,
            tail: NO_OBJ,
            len: 0,
        }
    }
}

/// Cumulative statistics of one generation (`gc.get_stats()`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GenStats {
    /// Collections of this generation.
    pub collections: u64,
    /// Objects collected.
    pub collected: u64,
    /// Uncollectable objects found.
    pub uncollectable: u64,
    /// Objects the collections examined (3.15's `candidates`).
    pub candidates: u64,
}

/// The collector's state (`struct _gc_runtime_state`).
#[derive(Debug, Clone)]
pub struct GcState {
    /// Generation lists 0–2, the permanent generation (3), and temporaries.
    pub lists: [GcList; NUM_LISTS],
    /// `threshold` per generation.
    pub thresholds: [u32; 3],
    /// `count` per generation.
    pub counts: [i64; 3],
    /// Automatic collection enabled.
    pub enabled: bool,
    /// A collection is running.
    pub collecting: bool,
    /// 3.12+: a collection was scheduled on the eval breaker.
    pub scheduled: bool,
    /// `gc.set_debug` flags.
    pub debug: u32,
    /// Objects in generation 2 after the last full collection.
    pub long_lived_total: u64,
    /// Objects promoted to generation 2 since the last full collection.
    pub long_lived_pending: u64,
    /// Per-generation statistics.
    pub stats: [GenStats; 3],
    /// The `gc.garbage` list object (created by the front end).
    pub garbage: Option<ObjId>,
    /// Objects examined by the last collection (3.15 reports them as `candidates`).
    pub last_candidates: u64,
    /// Recount the unreachable set after finalizers even when no code ran (CPython always
    /// does; the outcome is the same, only slower). Tests compare the two ways.
    pub always_recount_resurrected: bool,
}

impl GcState {
    /// The collector at interpreter start.
    pub fn new(config: &EngineConfig) -> Self {
        Self {
            lists: [GcList::default(); NUM_LISTS],
            thresholds: config.gc_thresholds,
            counts: [0; 3],
            enabled: true,
            collecting: false,
            scheduled: false,
            debug: 0,
            long_lived_total: 0,
            long_lived_pending: 0,
            stats: [GenStats::default(); 3],
            garbage: None,
            last_candidates: 0,
            always_recount_resurrected: false,
        }
    }

    /// The automatic-collection condition checked after counting an allocation.
    pub fn should_trigger(&self) -> bool {
        self.counts[0] > i64::from(self.thresholds[0])
            && self.enabled
            && self.thresholds[0] != 0
            && !self.collecting
    }

    /// Objects in a generation list (3 = permanent).
    pub fn len(&self, generation: u8) -> u32 {
        self.lists.get(generation as usize).map_or(0, |l| l.len)
    }
}

/// What one collection did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CollectReport {
    /// The generation collected.
    pub generation: u8,
    /// `m`: objects collected.
    pub collected: u64,
    /// `n`: uncollectable objects.
    pub uncollectable: u64,
}

impl Heap {
    /// `gc_collect_generations`: collect the oldest generation over its threshold (at most one).
    pub fn collect_generations(&mut self, rt: &mut dyn Runtime) -> u64 {
        for i in (0..3usize).rev() {
            if self.gc.counts[i] > i64::from(self.gc.thresholds[i]) {
                if i == 2 && self.gc.long_lived_pending < self.gc.long_lived_total / 4 {
                    continue;
                }
                let r = self.collect_with_callback(rt, i as u8);
                return r.collected + r.uncollectable;
            }
        }
        0
    }

    /// `gc.collect(generation)`: returns `None` when a collection is already running.
    pub fn collect_explicit(
        &mut self,
        rt: &mut dyn Runtime,
        generation: u8,
    ) -> Option<CollectReport> {
        if self.gc.collecting {
            return None;
        }
        self.gc.collecting = true;
        let r = self.collect_with_callback(rt, generation);
        self.gc.collecting = false;
        Some(r)
    }

    /// `gc_collect_with_callback`: `gc.callbacks` see "start" and "stop".
    pub fn collect_with_callback(&mut self, rt: &mut dyn Runtime, generation: u8) -> CollectReport {
        rt.gc_callbacks(self, true, generation, 0, 0);
        let r = self.collect_main(rt, generation);
        rt.gc_callbacks(self, false, generation, r.collected, r.uncollectable);
        r
    }

    fn phase(&mut self, phase: GcPhase, list: u8) {
        let objects = self.gc.len(list);
        self.log.push(Event::GcPhase { phase, objects });
    }

    /// `gc_collect_main`: one collection of `generation`.
    pub fn collect_main(&mut self, rt: &mut dyn Runtime, generation: u8) -> CollectReport {
        let g = generation as usize;
        self.log.push(Event::GcStart { generation });
        if g + 1 < 3 {
            self.gc.counts[g + 1] += 1;
        }
        for c in self.gc.counts.iter_mut().take(g + 1) {
            *c = 0;
        }
        for i in 0..generation {
            self.gcl_merge(i, generation);
        }
        self.phase(GcPhase::Merge, generation);
        self.gc.last_candidates = u64::from(self.gc.len(generation));
        let young = generation;
        let old = if g < 2 { generation + 1 } else { generation };

        self.deduce_unreachable(young, UNREACHABLE);
        // A full collection untracks dicts after the tuples; the same walk finds them.
        let dicts = self.untrack_tuples(young, young == old);

        // Promotion.
        self.phase(GcPhase::Promote, young);
        if young != old {
            if g == 1 {
                self.gc.long_lived_pending += u64::from(self.gc.len(young));
            }
            self.gcl_merge(young, old);
        } else {
            if !self.config.dicts_always_tracked {
                self.untrack_dicts(&dicts);
            }
            self.gc.long_lived_pending = 0;
            self.gc.long_lived_total = u64::from(self.gc.len(young));
        }

        // The next three passes act only on weakly referenced objects, weakrefs and instances
        // of classes with finalizers; when the unreachable set holds none of them they would
        // walk it and find nothing, so one walk looks for them first.
        let may_run_code =
            self.gcl_any(UNREACHABLE, |heap, id| heap.may_run_code_when_collected(id));
        // Legacy finalizers and everything they reach are uncollectable.
        if may_run_code {
            self.move_legacy_finalizers();
        }
        self.phase(GcPhase::LegacyFinalizers, FINALIZERS);

        let mut m = 0u64;
        self.phase(GcPhase::Weakrefs, UNREACHABLE);
        if may_run_code {
            m += self.handle_weakrefs(rt, old);
        }

        self.phase(GcPhase::Finalize, UNREACHABLE);
        if may_run_code {
            self.finalize_garbage(rt);
        }

        self.phase(GcPhase::Resurrection, UNREACHABLE);
        let final_list = self.handle_resurrected_objects(old, may_run_code);

        if may_run_code && self.config.weakrefs_cleared_after_finalizers {
            self.clear_weakrefs_late(final_list);
        }
        m += u64::from(self.gc.len(final_list));
        self.phase(GcPhase::Clear, final_list);
        self.delete_garbage(rt, final_list, old);

        let n = u64::from(self.gc.len(FINALIZERS));
        self.handle_legacy_finalizers(rt, old);

        if g == 2 {
            self.clear_freelists();
        }
        let stats = &mut self.gc.stats[g];
        stats.collections += 1;
        stats.collected += m;
        stats.uncollectable += n;
        stats.candidates += self.gc.last_candidates;
        self.log.push(Event::GcDone {
            generation,
            collected: m as u32,
            uncollectable: n as u32,
        });
        CollectReport {
            generation,
            collected: m,
            uncollectable: n,
        }
    }

    /// `update_refs` + `subtract_refs` + `move_unreachable` on list `young`.
    fn deduce_unreachable(&mut self, young: u8, unreachable: u8) {
        // update_refs, noting the list's order: the next two walks move no object, so they
        // read the order from a vector instead of following the links from record to record
        // (loads the processor can issue ahead, where each link waits for the one before).
        let immortal_to_permanent = self.config.immortal_objects;
        let mut order = Vec::with_capacity(self.gc.lists[young as usize].len as usize);
        self.gcl_for_each(young, |heap, id| {
            if immortal_to_permanent && heap.get(id).flags.immortal {
                heap.gcl_move(id, PERMANENT);
                return;
            }
            let o = heap.get_mut(id);
            o.gc_refs = gc_refs_of(o.refcnt);
            o.flags.collecting = true;
            order.push(id);
        });
        self.phase(GcPhase::UpdateRefs, young);
        // subtract_refs
        let mut refs = Vec::new();
        for &id in &order {
            self.refs_of_into(id, &mut refs);
            for &r in &refs {
                let o = self.get_mut(r);
                if o.flags.collecting && o.generation != UNTRACKED {
                    o.gc_refs -= 1;
                }
            }
        }
        self.record_gc_refs_of(&order);
        self.phase(GcPhase::SubtractRefs, young);
        // move_unreachable
        let mut cur = self.gc.lists[young as usize].head;
        while cur != NO_OBJ {
            let id = ObjId(cur);
            if self.get(id).gc_refs > 0 {
                self.refs_of_into(id, &mut refs);
                for &r in &refs {
                    let ro = self.get(r);
                    if !ro.flags.collecting || ro.generation == UNTRACKED {
                        continue;
                    }
                    if ro.generation == unreachable {
                        self.gcl_move(r, young);
                        self.get_mut(r).gc_refs = 1;
                    } else if ro.gc_refs == 0 {
                        self.get_mut(r).gc_refs = 1;
                    }
                }
                self.get_mut(id).flags.collecting = false;
                cur = self.get(id).gc_next;
            } else {
                let next = self.get(id).gc_next;
                self.gcl_move(id, unreachable);
                cur = next;
            }
        }
        self.phase(GcPhase::MoveUnreachable, unreachable);
    }

    /// Records each object's gc_refs after `subtract_refs`, in list order.
    fn record_gc_refs(&mut self, list: u8) {
        if self.log.is_enabled() {
            self.gcl_for_each(list, Self::record_gc_ref);
        }
    }

    /// [`Heap::record_gc_refs`] of a list whose order is known.
    fn record_gc_refs_of(&mut self, order: &[ObjId]) {
        if self.log.is_enabled() {
            for &id in order {
                self.record_gc_ref(id);
            }
        }
    }

    #[inline]
    fn record_gc_ref(&mut self, id: ObjId) {
        let gc_refs = self.get(id).gc_refs.max(0) as u32;
        self.log.push(Event::GcRefs { obj: id, gc_refs });
    }

    /// Whether an object, found unreachable, would give the collection something to do besides
    /// `tp_clear`: it is weakly referenced, a live weakref, or an instance of a class with
    /// `__del__` or a legacy `tp_del`.
    #[inline]
    fn may_run_code_when_collected(&self, id: ObjId) -> bool {
        let o = self.get(id);
        o.flags.weakly_referenced
            || matches!(o.kind, Kind::WeakRef(Some(_), ..))
            || self.has_legacy_finalizer(id)
            || self.has_finalizer(id)
    }

    /// `untrack_tuples`: survivors whose items may not be tracked leave the GC lists. With
    /// `find_dicts`, also returns the dicts of the list in order (for [`Heap::untrack_dicts`],
    /// which then needs no walk of its own: untracking tuples moves no dict).
    fn untrack_tuples(&mut self, young: u8, find_dicts: bool) -> Vec<ObjId> {
        let mut dicts = Vec::new();
        self.gcl_for_each(young, |heap, id| match heap.kind(id) {
            // (`PyTuple_CheckExact`: instances of tuple subclasses stay tracked.)
            Kind::Tuple(items)
                if heap.subtype_class(id).is_none()
                    && items.iter().all(|&i| !heap.may_be_tracked(i)) =>
            {
                heap.untrack(id);
            }
            Kind::Dict(_) if find_dicts => dicts.push(id),
            _ => {}
        });
        dicts
    }

    /// `untrack_dicts` (full collections only) over the dicts of the collected generation,
    /// in list order.
    fn untrack_dicts(&mut self, dicts: &[ObjId]) {
        for &id in dicts {
            if let Kind::Dict(d) = self.kind(id) {
                let general = !d.unicode;
                if d.iter()
                    .all(|(k, v)| !self.may_be_tracked(v) && (!general || !self.may_be_tracked(k)))
                {
                    self.untrack(id);
                }
            }
        }
    }

    fn has_legacy_finalizer(&self, id: ObjId) -> bool {
        match self.kind(id) {
            Kind::Instance(inst) => {
                matches!(self.kind(inst.class), Kind::Class(c) if c.legacy_tp_del)
            }
            _ => false,
        }
    }

    /// `move_legacy_finalizers` + `move_legacy_finalizer_reachable`.
    fn move_legacy_finalizers(&mut self) {
        self.gcl_for_each(UNREACHABLE, |heap, id| {
            if heap.has_legacy_finalizer(id) {
                heap.get_mut(id).flags.collecting = false;
                heap.gcl_move(id, FINALIZERS);
            }
        });
        let mut i = 0;
        loop {
            let list = self.gcl_objects(FINALIZERS);
            let Some(&id) = list.get(i) else { break };
            let refs = self.refs_of(id);
            for r in refs {
                if self.get(r).generation == UNREACHABLE {
                    self.get_mut(r).flags.collecting = false;
                    self.gcl_move(r, FINALIZERS);
                }
            }
            i += 1;
        }
    }

    fn supports_weakrefs(&self, id: ObjId) -> bool {
        !self.weakrefs(id).is_empty()
    }

    /// `handle_weakrefs`' first loop for one garbage object: a weakref among the garbage is
    /// cleared; weakrefs to the object are cleared, and those that are not garbage themselves
    /// and have a callback go to `WRCB_TO_CALL`.
    fn clear_weakrefs_to_garbage(&mut self, id: ObjId) {
        let late = self.config.weakrefs_cleared_after_finalizers;
        if !late {
            self.clear_weakref_in_garbage(id);
        }
        if !self.supports_weakrefs(id) {
            return;
        }
        let refs = if late {
            // 3.15 (`handle_weakref_callbacks`): only the weakrefs with callbacks are cleared
            // now; the others keep their referent while the finalizers run.
            self.take_weakrefs_with_callbacks(id)
        } else {
            self.take_weakrefs(id)
        };
        for wr in refs {
            let has_cb = match &mut self.get_mut(wr).kind {
                Kind::WeakRef(target, cb, ..) => {
                    *target = None;
                    cb.is_some()
                }
                _ => false,
            };
            if !has_cb {
                continue;
            }
            let w = self.get(wr);
            if w.flags.collecting && w.generation == UNREACHABLE {
                continue;
            }
            self.incref(wr);
            if self.get(wr).generation != UNTRACKED {
                self.gcl_move(wr, WRCB_TO_CALL);
            } else {
                self.gcl_append(WRCB_TO_CALL, wr);
            }
        }
    }

    /// A weakref that is itself garbage lets go of its referent (its callback never runs).
    fn clear_weakref_in_garbage(&mut self, id: ObjId) {
        if let Kind::WeakRef(target, ..) = &mut self.get_mut(id).kind {
            if let Some(t) = target.take() {
                self.remove_weakref(t, id);
            }
        }
    }

    /// 3.15 `clear_weakrefs`, after the finalizers and the resurrection check: every weakref in
    /// the final garbage, and every weakref to it, is cleared.
    fn clear_weakrefs_late(&mut self, list: u8) {
        self.gcl_for_each(list, |heap, id| {
            heap.clear_weakref_in_garbage(id);
            if heap.supports_weakrefs(id) {
                for wr in heap.take_weakrefs(id) {
                    if let Kind::WeakRef(target, ..) = &mut heap.get_mut(wr).kind {
                        *target = None;
                    }
                }
            }
        });
    }

    /// `handle_weakrefs`: clear weakrefs to the garbage; run the callbacks of weakrefs that are
    /// not garbage themselves. Returns how many of those weakrefs died.
    fn handle_weakrefs(&mut self, rt: &mut dyn Runtime, old: u8) -> u64 {
        // Walks the garbage in place: the body only moves weakrefs that are not garbage.
        self.gcl_for_each(UNREACHABLE, |heap, id| heap.clear_weakrefs_to_garbage(id));
        let mut freed = 0;
        while let Some(wr) = self.gcl_head(WRCB_TO_CALL) {
            if let Kind::WeakRef(_, Some(cb), ..) = self.kind(wr).clone() {
                self.log.push(Event::WeakrefCallback { weakref: wr });
                rt.weakref_callback(self, cb, wr);
            }
            self.decref(rt, wr);
            if self.gcl_head(WRCB_TO_CALL) == Some(wr) {
                self.gcl_move(wr, old);
            } else {
                freed += 1;
            }
        }
        freed
    }

    /// `finalize_garbage`: call `__del__` once per object (PEP 442).
    fn finalize_garbage(&mut self, rt: &mut dyn Runtime) {
        for id in self.gcl_objects(UNREACHABLE) {
            if self.get(id).generation != UNREACHABLE {
                continue;
            }
            if self.has_finalizer(id) && !self.get(id).flags.finalized {
                self.get_mut(id).flags.finalized = true;
                self.incref(id);
                self.log.push(Event::Finalize { obj: id });
                rt.finalize(self, id);
                self.decref(rt, id);
            }
        }
    }

    /// `handle_resurrected_objects` (3.9+) or `check_garbage` (3.8). Returns the list that holds
    /// what is still garbage.
    ///
    /// When no code ran since `deduce_unreachable` (`may_run_code` false), no reference count
    /// and no reference changed, so every object of the set still has gc_refs 0 (all its
    /// references come from inside the set): the check would find nothing resurrected. Then
    /// only what the check records is recorded (each object's gc_refs — still 0 from
    /// `move_unreachable` — and each one's move to the still-unreachable list, in order),
    /// without recounting.
    fn handle_resurrected_objects(&mut self, old: u8, may_run_code: bool) -> u8 {
        if !may_run_code && !self.gc.always_recount_resurrected {
            if !self.config.per_object_resurrection {
                return UNREACHABLE;
            }
            self.phase(GcPhase::UpdateRefs, UNREACHABLE);
            self.record_gc_refs(UNREACHABLE);
            self.phase(GcPhase::SubtractRefs, UNREACHABLE);
            self.gcl_merge(UNREACHABLE, STILL_UNREACHABLE);
            self.phase(GcPhase::MoveUnreachable, STILL_UNREACHABLE);
            return STILL_UNREACHABLE;
        }
        self.gcl_for_each(UNREACHABLE, |heap, id| {
            heap.get_mut(id).flags.collecting = false
        });
        if self.config.per_object_resurrection {
            self.deduce_unreachable(UNREACHABLE, STILL_UNREACHABLE);
            // Whatever remained in UNREACHABLE was resurrected (or reachable from a resurrected object).
            self.gcl_for_each(UNREACHABLE, |heap, id| {
                heap.get_mut(id).flags.collecting = false;
            });
            self.gcl_merge(UNREACHABLE, old);
            STILL_UNREACHABLE
        } else {
            // 3.8: if anything in the set gained an outside reference, abandon the whole set.
            let members = self.gcl_objects(UNREACHABLE);
            for &id in &members {
                let o = self.get_mut(id);
                o.gc_refs = gc_refs_of(o.refcnt);
                o.flags.collecting = true;
            }
            for &id in &members {
                let refs = self.refs_of(id);
                for r in refs {
                    let o = self.get_mut(r);
                    if o.flags.collecting && o.generation == UNREACHABLE {
                        o.gc_refs -= 1;
                    }
                }
            }
            if members.iter().any(|&id| self.get(id).gc_refs != 0) {
                for &id in &members {
                    self.get_mut(id).flags.collecting = false;
                }
                self.gcl_merge(UNREACHABLE, old);
            }
            UNREACHABLE
        }
    }

    /// `delete_garbage`: `tp_clear` each object (or save it with `DEBUG_SAVEALL`).
    fn delete_garbage(&mut self, rt: &mut dyn Runtime, list: u8, old: u8) {
        while let Some(id) = self.gcl_head(list) {
            if self.gc.debug & DEBUG_SAVEALL != 0 {
                if let Some(garbage) = self.gc.garbage {
                    self.incref(id);
                    self.list_append_item(garbage, id);
                }
            } else {
                self.incref(id);
                self.tp_clear(rt, id);
                self.decref(rt, id);
            }
            if self.gcl_head(list) == Some(id) {
                self.get_mut(id).flags.collecting = false;
                self.gcl_move(id, old);
            }
        }
    }

    /// Appends to a list object without touching the GC (used for `gc.garbage`).
    pub(crate) fn list_append_item(&mut self, list: ObjId, item: ObjId) {
        self.list_append(list, item);
    }

    /// `tp_clear` of each type.
    pub fn tp_clear(&mut self, rt: &mut dyn Runtime, id: ObjId) {
        match &mut self.get_mut(id).kind {
            Kind::List(items, allocated, buffer) => {
                let items = std::mem::take(items);
                *allocated = 0;
                let buffer = buffer.take();
                self.decref_all(rt, items.into_iter().rev());
                if let Some(b) = buffer {
                    self.alloc.free(b, &mut self.log);
                }
            }
            // A `__dict__` sharing its instance's values owns none of them: the instance's
            // own clearing releases them.
            Kind::Dict(d) if d.borrowed => {
                self.dict_clear(id);
            }
            Kind::Dict(_) => {
                let entries = self.dict_clear(id);
                let flat: Vec<ObjId> = entries.into_iter().flat_map(|(k, v)| [k, v]).collect();
                self.decref_all(rt, flat);
            }
            Kind::Instance(inst) => {
                type Refs = smallvec::SmallVec<[ObjId; 4]>;
                let slots: Refs = inst.slots.iter_mut().filter_map(Option::take).collect();
                let view = inst.dict_view;
                // The values leave the instance before any is released (a release may run
                // code that looks at it); their names go with them.
                let (dict, values) = match &mut inst.dict {
                    InstanceDict::Dict(d) => {
                        let d = *d;
                        inst.dict = InstanceDict::None;
                        (Some(d), AttrValues::new())
                    }
                    InstanceDict::Values(vals) => (None, std::mem::take(vals)),
                    InstanceDict::None => (None, AttrValues::new()),
                };
                if let Some(v) = view {
                    self.sync_dict_view(v, &[]);
                }
                self.decref_all(rt, slots);
                if let Some(d) = dict {
                    self.decref(rt, d);
                }
                for (_, v) in values {
                    self.decref(rt, v);
                }
            }
            Kind::Set(items, ..) => {
                let items = std::mem::take(items);
                self.decref_all(rt, items);
            }
            Kind::Cell(c) => {
                if let Some(x) = c.take() {
                    self.decref(rt, x);
                }
            }
            Kind::WeakRef(target, ..) => {
                if let Some(t) = target.take() {
                    self.remove_weakref(t, id);
                }
                let cb = match &mut self.get_mut(id).kind {
                    Kind::WeakRef(_, cb, ..) => cb.take(),
                    _ => None,
                };
                if let Some(cb) = cb {
                    self.decref(rt, cb);
                }
            }
            Kind::Function(f) => {
                let mut refs = vec![];
                if let Some(d) = f.defaults.take() {
                    refs.push(d);
                }
                if let Some(c) = f.closure.take() {
                    refs.push(c);
                }
                refs.extend(f.annotations.take());
                refs.extend(f.annotate.take());
                self.decref_all(rt, refs);
            }
            Kind::Class(_) | Kind::Module(..) => {
                let (dict, mro) = match &mut self.get_mut(id).kind {
                    Kind::Class(c) => (c.dict, c.mro.take()),
                    Kind::Module(_, d) => (*d, None),
                    _ => return,
                };
                if let Some(m) = mro {
                    self.decref(rt, m);
                }
                let entries = self.dict_clear(dict);
                let flat: Vec<ObjId> = entries.into_iter().flat_map(|(k, v)| [k, v]).collect();
                self.decref_all(rt, flat);
            }
            _ => {}
        }
    }

    /// `handle_legacy_finalizers`: objects with `tp_del` (all of them under `DEBUG_SAVEALL`) go to
    /// `gc.garbage`; the whole set is kept alive in `old`.
    fn handle_legacy_finalizers(&mut self, _rt: &mut dyn Runtime, old: u8) {
        let saveall = self.gc.debug & DEBUG_SAVEALL != 0;
        for id in self.gcl_objects(FINALIZERS) {
            if saveall || self.has_legacy_finalizer(id) {
                if let Some(garbage) = self.gc.garbage {
                    self.incref(id);
                    self.list_append_item(garbage, id);
                }
            }
        }
        self.gcl_merge(FINALIZERS, old);
    }

    /// `gc.freeze()`.
    pub fn gc_freeze(&mut self) {
        for g in 0..3 {
            self.gcl_merge(g, PERMANENT);
        }
        self.gc.counts = [0; 3];
    }

    /// `gc.unfreeze()`.
    pub fn gc_unfreeze(&mut self) {
        self.gcl_merge(PERMANENT, 2);
    }
}
