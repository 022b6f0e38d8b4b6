//! Consistency checks over the whole engine state, run by tests after every operation:
//! every block is in exactly one place, pool and arena counters agree with their blocks,
//! `usable_arenas` is sorted with correct `nfp2lasta` fingers, the `usedpools` rings hold exactly
//! the used pools, every object's memory is allocated and owned once, no live object refers to a
//! freed one, refcounts cover the references objects hold, and the generation lists partition
//! the tracked objects.

use std::collections::{HashMap, HashSet};

use super::heap::Heap;
use super::ids::ObjId;
use super::object::{Kind, NO_OBJ, UNTRACKED};
use super::pymalloc::{Allocator, PoolState, DUMMY_SIZE_IDX};

/// A broken invariant, in words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invariant violated: {0}")]
pub struct Violation(pub String);

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)*) => {
        if !$cond {
            return Err(Violation(format!($($fmt)*)));
        }
    };
}

/// Checks everything; returns the first violation found.
pub fn check(heap: &Heap) -> Result<(), Violation> {
    let allocated = check_allocator(&heap.alloc)?;
    check_objects(heap, &allocated)?;
    check_gc_lists(heap)?;
    Ok(())
}

/// Allocator-level checks; returns the set of allocated pymalloc block addresses.
pub fn check_allocator(a: &Allocator) -> Result<HashSet<u64>, Violation> {
    let mut allocated = HashSet::new();
    let mut used_pools = HashSet::new();
    for (slot, arena) in a.arenas.iter().enumerate() {
        if arena.address == 0 {
            ensure!(
                arena.pools.is_empty(),
                "unused arena slot {slot} still has pools"
            );
            continue;
        }
        let never_carved = arena.ntotalpools - arena.pools_carved;
        ensure!(
            arena.nfreepools == arena.freepools.len() as u32 + never_carved,
            "arena {slot}: nfreepools {} != cached {} + never carved {}",
            arena.nfreepools,
            arena.freepools.len(),
            never_carved
        );
        for (index, pool) in arena.pools.iter().enumerate() {
            let base = a.pool_address(slot, index);
            let is_cached = arena.freepools.contains(&(index as u32));
            ensure!(
                is_cached == (pool.count == 0),
                "arena {slot} pool {index}: empty={} but cached={is_cached}",
                pool.count == 0
            );
            if pool.szidx == DUMMY_SIZE_IDX {
                continue;
            }
            let size = Allocator::class_size(pool.szidx);
            let capacity = a.blocks_per_pool(pool.szidx);
            let carved = (pool.nextoffset - 48) / size;
            let free: HashSet<u32> = pool.freeblocks.iter().copied().collect();
            ensure!(
                free.len() == pool.freeblocks.len(),
                "pool {base:#x}: a block is on the free list twice"
            );
            ensure!(
                pool.count + pool.freeblocks.len() as u32 == carved.min(capacity),
                "pool {base:#x}: count {} + free {} != carved {}",
                pool.count,
                pool.freeblocks.len(),
                carved.min(capacity)
            );
            for off in 0..carved.min(capacity) {
                let offset = 48 + off * size;
                if !free.contains(&offset) {
                    allocated.insert(base + u64::from(offset));
                }
            }
            if a.pool_state(pool) == PoolState::Used {
                used_pools.insert(base);
            }
        }
    }
    let mut ring_pools = HashSet::new();
    for szidx in 0..32 {
        for p in a.usedpools_ring(szidx) {
            let base = a.pool_address((p >> 8) as usize, (p & 0xff) as usize);
            ensure!(
                ring_pools.insert(base),
                "pool {base:#x} is in a usedpools ring twice"
            );
        }
    }
    ensure!(
        ring_pools == used_pools,
        "usedpools rings {} pools != used pools {}",
        ring_pools.len(),
        used_pools.len()
    );
    let usable = a.usable_arenas();
    let counts: Vec<u32> = usable
        .iter()
        .map(|&s| a.arenas[s as usize].nfreepools)
        .collect();
    ensure!(
        counts.windows(2).all(|w| w[0] <= w[1]),
        "usable_arenas not sorted by nfreepools: {counts:?}"
    );
    for (slot, arena) in a.arenas.iter().enumerate() {
        let listed = usable.contains(&(slot as u32));
        if arena.address != 0 {
            ensure!(
                listed == (arena.nfreepools > 0),
                "arena {slot}: nfreepools {} but listed={listed}",
                arena.nfreepools
            );
        }
    }
    for (k, _) in counts.iter().enumerate() {
        let nf = counts[k] as usize;
        let rightmost = usable
            .iter()
            .rposition(|&s| a.arenas[s as usize].nfreepools as usize == nf)
            .map(|i| usable[i]);
        ensure!(
            a.nfp2lasta(nf) == rightmost,
            "nfp2lasta[{nf}] = {:?}, rightmost is {rightmost:?}",
            a.nfp2lasta(nf)
        );
    }
    ensure!(
        a.narenas_currently_allocated == a.arenas.iter().filter(|x| x.address != 0).count() as u64,
        "narenas_currently_allocated disagrees with the arena table"
    );
    Ok(allocated)
}

fn check_objects(heap: &Heap, allocated: &HashSet<u64>) -> Result<(), Violation> {
    let mut owner: HashMap<u64, ObjId> = HashMap::new();
    let mut inbound: HashMap<ObjId, i64> = HashMap::new();
    let parked: HashSet<u64> = heap
        .freelists
        .float
        .iter()
        .chain(heap.freelists.list.iter())
        .chain(heap.freelists.dict.iter())
        .chain(heap.freelists.dict_keys.iter())
        .chain(heap.freelists.tuple.iter().flatten())
        .copied()
        .collect();
    for id in heap.live_objects() {
        let o = heap.get(id);
        if !o.flags.is_static && heap.alloc.pool_of(o.block).is_some() {
            ensure!(
                allocated.contains(&o.block),
                "{id} ({}) lives in a free block {:#x}",
                o.kind.type_name(),
                o.block
            );
            ensure!(
                !parked.contains(&o.block),
                "{id} lives in a block parked on a free list"
            );
            if let Some(prev) = owner.insert(o.block, id) {
                return Err(Violation(format!(
                    "{id} and {prev} share block {:#x}",
                    o.block
                )));
            }
        }
        let mut dangling = None;
        // What it holds: what it traverses and what it owns untraversed.
        for r in heap
            .refs_of(id)
            .into_iter()
            .chain(o.kind.untraversed_refs())
        {
            if !heap.is_live(r) && dangling.is_none() {
                dangling = Some(r);
            }
            *inbound.entry(r).or_default() += 1;
        }
        if let Some(r) = dangling {
            return Err(Violation(format!(
                "{id} ({}) refers to freed object {r}",
                o.kind.type_name()
            )));
        }
        if o.kind.is_gc_type() != o.is_tracked() && o.is_tracked() {
            return Err(Violation(format!(
                "{id} ({}) is tracked but not a GC type",
                o.kind.type_name()
            )));
        }
    }
    for (s, &id) in &heap.interned {
        ensure!(heap.is_live(id), "interned {s:?} maps to freed object {id}");
        ensure!(
            matches!(heap.kind(id), Kind::Str(x) if x == s),
            "interned {s:?} maps to {id}, which is not that string"
        );
    }
    for (id, n) in inbound {
        let o = heap.get(id);
        if o.flags.immortal
            || o.flags.is_static
            || matches!(o.kind, Kind::Dict(ref d) if d.borrowed)
        {
            continue;
        }
        ensure!(
            o.refcnt >= n,
            "{id} ({}) has refcount {} but {n} references from objects",
            o.kind.type_name(),
            o.refcnt
        );
    }
    Ok(())
}

fn check_gc_lists(heap: &Heap) -> Result<(), Violation> {
    let mut seen = HashSet::new();
    for (list_id, list) in heap.gc.lists.iter().enumerate() {
        let mut cur = list.head;
        let mut prev = NO_OBJ;
        let mut n = 0;
        while cur != NO_OBJ {
            let o = heap.get(ObjId(cur));
            ensure!(
                o.generation as usize == list_id,
                "#{cur} is in list {list_id} but says generation {}",
                o.generation
            );
            ensure!(
                o.gc_prev == prev,
                "#{cur}: broken back link in list {list_id}"
            );
            ensure!(seen.insert(cur), "#{cur} is in two GC lists");
            ensure!(heap.is_live(ObjId(cur)), "#{cur} is in a GC list but freed");
            prev = cur;
            cur = o.gc_next;
            n += 1;
        }
        ensure!(list.tail == prev, "list {list_id}: tail is wrong");
        ensure!(
            list.len == n,
            "list {list_id}: len {} but {n} linked",
            list.len
        );
        if list_id >= 4 && !heap.gc.collecting {
            ensure!(
                n == 0,
                "temporary GC list {list_id} is not empty outside a collection"
            );
        }
    }
    for id in heap.live_objects() {
        let o = heap.get(id);
        ensure!(
            (o.generation != UNTRACKED) == seen.contains(&id.0),
            "{id}: tracked flag disagrees with the lists"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::{EngineConfig, PyVersion};
    use crate::engine::heap::NoRuntime;

    #[test]
    fn a_fresh_heap_is_consistent() {
        for minor in PyVersion::SUPPORTED {
            let heap = Heap::new(EngineConfig::for_version(PyVersion { minor }));
            assert_eq!(check(&heap), Ok(()));
        }
    }

    #[test]
    fn corruption_is_detected() {
        let mut heap = Heap::new(EngineConfig::default());
        let rt = &mut NoRuntime;
        let l = heap.list(rt, Vec::new(), 0);
        assert_eq!(check(&heap), Ok(()));
        // Free the list's block behind the heap's back: the object now lives in a free block.
        let block = heap.get(l).block;
        let mut log = crate::engine::event::EventLog::default();
        heap.alloc.free(block, &mut log);
        assert!(check(&heap).is_err());
    }

    #[test]
    fn dangling_references_are_detected() {
        let mut heap = Heap::new(EngineConfig::default());
        let rt = &mut NoRuntime;
        let inner = heap.list(rt, Vec::new(), 0);
        let outer = heap.list(rt, vec![inner], 1);
        heap.incref(inner);
        assert_eq!(check(&heap), Ok(()));
        heap.get_mut(inner).refcnt = 1;
        heap.decref(rt, inner); // frees `inner` while `outer` still points at it
        let err = check(&heap).err().map(|v| v.0).unwrap_or_default();
        assert!(err.contains("refers to freed object"), "{err}");
        let _ = outer;
    }
}
