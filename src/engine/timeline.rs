//! Time travel over a recorded event stream. Every [`Event`] is reversible against a compact
//! [`HeapView`] (arenas, pools, blocks, system-malloc chunks, objects with their refcount and
//! generation, output count), so moving the cursor from step `a` to step `b` applies or
//! un-applies exactly `|b - a|` events, each an O(1) map update. For long histories,
//! [`Timeline::with_checkpoints`] also keeps a copy of the view every so many events (within a
//! memory budget); a jump then starts from the nearest of the cursor and the checkpoints, so its
//! cost is bounded by half the checkpoint interval instead of the history's length.
//!
//! Views (GUI, CLI) read the [`HeapView`] at the cursor; the engine's own state is the state at
//! the end of the stream, and [`HeapView::matches_heap`] proves that folding every event
//! reproduces it.

use super::event::{Event, EventLog, TypeTag};
use super::fxhash::FxHashMap;
use super::heap::Heap;
use super::ids::ObjId;
use super::object::UNTRACKED;
use super::pymalloc::DUMMY_SIZE_IDX;

/// An object as the view knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViewObj {
    /// Its address.
    pub addr: u64,
    /// Its type.
    pub ty: TypeTag,
    /// Its reference count.
    pub refcnt: u32,
    /// Generation list it is in, or [`UNTRACKED`].
    pub generation: u8,
}

/// The state of the heap at one step, rebuilt from events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeapView {
    /// Mapped arenas: slot → (base address, usable pools).
    pub arenas: FxHashMap<u32, (u64, u32)>,
    /// Initialised pools: address → size-class index.
    pub pools: FxHashMap<u64, u32>,
    /// Allocated pymalloc blocks: address → block size.
    pub blocks: FxHashMap<u64, u32>,
    /// Live system-malloc chunks: address → requested size.
    pub raw: FxHashMap<u64, u32>,
    /// Live objects.
    pub objects: FxHashMap<u32, ViewObj>,
    /// Output events applied so far.
    pub outputs: u32,
    /// Collections finished so far.
    pub collections: u32,
}

impl HeapView {
    /// Applies one event (moving forward).
    pub fn apply(&mut self, e: &Event) {
        match *e {
            Event::ArenaNew {
                slot,
                address,
                ntotalpools,
            } => {
                self.arenas.insert(slot, (address, ntotalpools));
            }
            Event::ArenaFree { slot, .. } => {
                self.arenas.remove(&slot);
            }
            Event::PoolInit { pool, szidx, .. } => {
                self.pools.insert(pool, szidx);
            }
            Event::BlockAlloc { addr, size } => {
                self.blocks.insert(addr, size);
            }
            Event::BlockFree { addr, .. } => {
                self.blocks.remove(&addr);
            }
            Event::RawAlloc { addr, size } => {
                self.raw.insert(addr, size);
            }
            Event::RawFree { addr, .. } => {
                self.raw.remove(&addr);
            }
            Event::ObjNew {
                obj,
                addr,
                ty,
                refcnt,
            } => {
                self.objects.insert(
                    obj.0,
                    ViewObj {
                        addr,
                        ty,
                        refcnt,
                        generation: UNTRACKED,
                    },
                );
            }
            Event::ObjFree { obj, .. } => {
                self.objects.remove(&obj.0);
            }
            Event::Incref { obj, refcnt } | Event::Decref { obj, refcnt } => {
                self.with(obj, |o| o.refcnt = refcnt)
            }
            Event::SetRefcnt { obj, new, .. } => self.with(obj, |o| o.refcnt = new),
            Event::Track { obj, generation } => self.with(obj, |o| o.generation = generation),
            Event::Untrack { obj, .. } => self.with(obj, |o| o.generation = UNTRACKED),
            Event::GenMove { obj, to, .. } => self.with(obj, |o| o.generation = to),
            Event::Output { .. } => self.outputs += 1,
            Event::GcDone { .. } => self.collections += 1,
            Event::Line { .. }
            | Event::GcStart { .. }
            | Event::GcPhase { .. }
            | Event::GcRefs { .. }
            | Event::Finalize { .. }
            | Event::WeakrefCallback { .. } => {}
        }
    }

    /// Un-applies one event (moving backward); the exact inverse of [`HeapView::apply`].
    pub fn unapply(&mut self, e: &Event) {
        match *e {
            Event::ArenaNew { slot, .. } => {
                self.arenas.remove(&slot);
            }
            Event::ArenaFree {
                slot,
                address,
                ntotalpools,
            } => {
                self.arenas.insert(slot, (address, ntotalpools));
            }
            Event::PoolInit {
                pool, old_szidx, ..
            } => {
                if old_szidx == DUMMY_SIZE_IDX {
                    self.pools.remove(&pool);
                } else {
                    self.pools.insert(pool, old_szidx);
                }
            }
            Event::BlockAlloc { addr, .. } => {
                self.blocks.remove(&addr);
            }
            Event::BlockFree { addr, size } => {
                self.blocks.insert(addr, size);
            }
            Event::RawAlloc { addr, .. } => {
                self.raw.remove(&addr);
            }
            Event::RawFree { addr, size } => {
                self.raw.insert(addr, size);
            }
            Event::ObjNew { obj, .. } => {
                self.objects.remove(&obj.0);
            }
            Event::ObjFree { obj, addr, ty } => {
                self.objects.insert(
                    obj.0,
                    ViewObj {
                        addr,
                        ty,
                        refcnt: 0,
                        generation: UNTRACKED,
                    },
                );
            }
            Event::Incref { obj, refcnt } => {
                self.with(obj, |o| o.refcnt = refcnt.saturating_sub(1))
            }
            Event::Decref { obj, refcnt } => self.with(obj, |o| o.refcnt = refcnt + 1),
            Event::SetRefcnt { obj, old, .. } => self.with(obj, |o| o.refcnt = old),
            Event::Track { obj, .. } => self.with(obj, |o| o.generation = UNTRACKED),
            Event::Untrack { obj, generation } => self.with(obj, |o| o.generation = generation),
            Event::GenMove { obj, from, .. } => self.with(obj, |o| o.generation = from),
            Event::Output { .. } => self.outputs -= 1,
            Event::GcDone { .. } => self.collections -= 1,
            Event::Line { .. }
            | Event::GcStart { .. }
            | Event::GcPhase { .. }
            | Event::GcRefs { .. }
            | Event::Finalize { .. }
            | Event::WeakrefCallback { .. } => {}
        }
    }

    fn with(&mut self, obj: ObjId, f: impl FnOnce(&mut ViewObj)) {
        if let Some(o) = self.objects.get_mut(&obj.0) {
            f(o);
        }
    }

    /// Compares the view with the engine's live state (blocks, chunks, arenas and objects);
    /// returns the first difference in words.
    pub fn matches_heap(&self, heap: &Heap) -> Result<(), String> {
        let allocated = super::invariants::check_allocator(&heap.alloc).map_err(|v| v.0)?;
        let view_blocks: std::collections::HashSet<u64> = self.blocks.keys().copied().collect();
        if view_blocks != allocated {
            return Err(format!(
                "blocks: view has {}, heap has {}",
                view_blocks.len(),
                allocated.len()
            ));
        }
        if self.raw.len() != heap.alloc.system.live.len() {
            return Err(format!(
                "raw chunks: view {} heap {}",
                self.raw.len(),
                heap.alloc.system.live.len()
            ));
        }
        let arenas = heap.alloc.arenas.iter().filter(|a| a.address != 0).count();
        if self.arenas.len() != arenas {
            return Err(format!("arenas: view {} heap {arenas}", self.arenas.len()));
        }
        for id in heap.live_objects() {
            let o = heap.get(id);
            let Some(v) = self.objects.get(&id.0) else {
                return Err(format!("{id} is live but not in the view"));
            };
            if v.addr != o.addr || v.generation != o.generation {
                return Err(format!(
                    "{id}: view {v:?} heap addr {:#x} generation {}",
                    o.addr, o.generation
                ));
            }
            if !o.flags.immortal && i64::from(v.refcnt) != o.refcnt {
                return Err(format!(
                    "{id}: view refcount {} heap {}",
                    v.refcnt, o.refcnt
                ));
            }
        }
        if self.objects.len() as u64 != heap.live {
            return Err(format!(
                "objects: view {} heap {}",
                self.objects.len(),
                heap.live
            ));
        }
        Ok(())
    }
}

/// A cursor over an event stream with the view at that cursor.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    view: HeapView,
    cursor: usize,
    checkpoints: Vec<(usize, HeapView)>,
}

/// [`Timeline::with_checkpoints`] a part at a time, while the events are still being recorded
/// (the app takes them between slices of a long run).
#[derive(Debug, Clone)]
pub struct CheckpointBuilder {
    timeline: Timeline,
    interval: usize,
    budget: usize,
    /// Entries held by the checkpoints taken.
    held: usize,
    /// The event index of the next checkpoint.
    next: usize,
    /// The budget is spent: no more checkpoints.
    full: bool,
}

impl CheckpointBuilder {
    /// No checkpoint yet; one every `interval` events while they hold at most `budget` entries.
    pub fn new(interval: usize, budget: usize) -> Self {
        let interval = interval.max(1);
        Self {
            timeline: Timeline::new(),
            interval,
            budget,
            held: 0,
            next: interval,
            full: false,
        }
    }

    /// Takes the checkpoints that fall before event `upto` (of the events recorded so far).
    pub fn advance(&mut self, events: &EventLog, upto: usize) {
        let upto = upto.min(events.len());
        while !self.full && self.next < upto {
            let t = &mut self.timeline;
            t.seek(events, self.next);
            let size = t.view.entries();
            if self.held + size > self.budget {
                self.full = true;
                break;
            }
            self.held += size;
            t.checkpoints.push((self.next, t.view.clone()));
            self.next += self.interval;
        }
    }

    /// The timeline over all `events`, with the cursor at the start.
    pub fn finish(mut self, events: &EventLog) -> Timeline {
        self.advance(events, events.len());
        let mut t = self.timeline;
        t.seek(events, 0);
        t
    }
}

impl HeapView {
    /// Entries held (a proxy for memory).
    pub fn entries(&self) -> usize {
        self.arenas.len()
            + self.pools.len()
            + self.blocks.len()
            + self.raw.len()
            + self.objects.len()
    }
}

impl Timeline {
    /// A timeline at step 0 (before the first event).
    pub fn new() -> Self {
        Self::default()
    }

    /// The view at the cursor.
    pub fn view(&self) -> &HeapView {
        &self.view
    }

    /// How many events have been applied.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// A timeline that keeps a view every `interval` events while at most `budget` entries are
    /// held in all checkpoints together; the cursor ends at the start.
    pub fn with_checkpoints(events: &EventLog, interval: usize, budget: usize) -> Self {
        CheckpointBuilder::new(interval, budget).finish(events)
    }

    /// Moves to `step` (clamped to the stream's length): applies or un-applies the events between,
    /// starting from the nearest checkpoint when that is closer than the cursor.
    pub fn seek(&mut self, events: &EventLog, step: usize) {
        let step = step.min(events.len());
        let here = self.cursor.abs_diff(step);
        let nearest = self
            .checkpoints
            .iter()
            .min_by_key(|(at, _)| at.abs_diff(step))
            .filter(|(at, _)| at.abs_diff(step) < here);
        if let Some((at, view)) = nearest {
            self.view = view.clone();
            self.cursor = *at;
        }
        if self.cursor < step {
            for e in events.range(self.cursor..step) {
                self.view.apply(&e);
            }
        } else {
            for e in events.rev_range(step..self.cursor) {
                self.view.unapply(&e);
            }
        }
        self.cursor = step;
    }

    /// The source position of the statement running at the cursor (the last `Line` before it).
    pub fn line_at(&self, events: &EventLog) -> Option<(u32, u32)> {
        events.rev_range(0..self.cursor).find_map(|e| match e {
            Event::Line { line, col } => Some((line, col)),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::EngineConfig;
    use crate::engine::heap::NoRuntime;

    #[test]
    fn events_stay_small() {
        assert!(
            std::mem::size_of::<Event>() <= 32,
            "Event is {} bytes",
            std::mem::size_of::<Event>()
        );
    }

    #[test]
    fn folding_every_event_reproduces_the_heap() {
        let mut heap = Heap::new(EngineConfig::default());
        let rt = &mut NoRuntime;
        let a = heap.list(rt, Vec::new(), 0);
        for _ in 0..50 {
            let x = heap.list(rt, Vec::new(), 0);
            heap.list_append(a, x);
        }
        heap.incref(a);
        heap.list_append(a, a);
        heap.decref(rt, a);
        heap.collect_explicit(rt, 2);
        let events = heap.log.clone();
        let mut t = Timeline::new();
        t.seek(&events, events.len());
        assert_eq!(t.view().matches_heap(&heap), Ok(()));
        // Back to the middle and forward again is the identity.
        let end = t.view().clone();
        t.seek(&events, events.len() / 2);
        let mut fresh = Timeline::new();
        fresh.seek(&events, events.len() / 2);
        assert_eq!(t.view(), fresh.view());
        t.seek(&events, events.len());
        assert_eq!(t.view(), &end);
        // With checkpoints every 100 events, every jump lands on the same views.
        let mut c = Timeline::with_checkpoints(&events, 100, usize::MAX);
        for target in [events.len(), 7, events.len() / 3, 250, 0, events.len() - 1] {
            c.seek(&events, target);
            let mut fresh = Timeline::new();
            fresh.seek(&events, target);
            assert_eq!(c.view(), fresh.view(), "at {target}");
        }
    }
}
