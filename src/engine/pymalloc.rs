//! pymalloc (CPython's `Objects/obmalloc.c`) as a deterministic model: size classes, pools carved
//! lazily out of arenas, per-pool LIFO free-block lists, the `usedpools` rings, `usable_arenas`
//! kept sorted by free pools with the `nfp2lasta` fingers, arena release (3.8: every empty arena;
//! 3.9+: keep the last one), and a modelled system malloc for 0-byte and > 512-byte requests.
//!
//! Addresses are simulated: arenas are "mapped" top-down from a fixed base that is 4 KiB- but not
//! 16 KiB-aligned, so with 16 KiB pools every arena has 63 usable pools, as most real arenas do.

use super::config::EngineConfig;
use super::event::{Event, EventLog};
use super::fxhash::FxHashMap;

/// Marks "no pool" / "no arena" in the intrusive lists.
const NONE: u32 = u32::MAX;
/// `DUMMY_SIZE_IDX`: a freshly carved pool that never served a size class.
pub const DUMMY_SIZE_IDX: u32 = u32::MAX;
/// Where the first arena is mapped (grows downwards, like Linux mmap).
const MMAP_TOP: u64 = 0x7f3c_5a40_1000;
/// Where the system malloc heap starts (grows upwards, like brk).
const MALLOC_BASE: u64 = 0x55d4_c2a0_0010;
/// Arena-object slots allocated the first time (`INITIAL_ARENA_OBJECTS`).
const INITIAL_ARENA_OBJECTS: usize = 16;

/// A reference to a pool: arena slot in the high bits, pool index in the low 8.
pub type PoolRef = u32;

fn pool_ref(slot: u32, index: u32) -> PoolRef {
    (slot << 8) | index
}

fn split_ref(pool: PoolRef) -> (usize, usize) {
    ((pool >> 8) as usize, (pool & 0xff) as usize)
}

/// The state of a carved pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PoolState {
    /// Some blocks handed out, some available: in its size class's `usedpools` ring.
    Used,
    /// Every block handed out: in no list.
    Full,
    /// No block handed out: on its arena's `freepools` list.
    Empty,
}

/// `struct pool_header`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pool {
    /// `ref.count`: blocks currently allocated.
    pub count: u32,
    /// Size-class index, or [`DUMMY_SIZE_IDX`].
    pub szidx: u32,
    /// The free-block list as a stack of byte offsets; the last entry is `freeblock` (the head).
    pub freeblocks: Vec<u32>,
    /// Offset of the next never-used block.
    pub nextoffset: u32,
    /// Largest valid `nextoffset`.
    pub maxnextoffset: u32,
}

impl Pool {
    /// The pool's part of `pymalloc_free`: the block at `offset` goes on the free list.
    /// Returns the block size, whether the pool was full (it goes back in its `usedpools`
    /// ring) and whether it is now empty (it goes to its arena's `freepools`).
    #[inline(always)]
    fn release(&mut self, offset: u32) -> (u32, bool, bool) {
        let was_full = self.freeblocks.is_empty();
        self.freeblocks.push(offset);
        self.count -= 1;
        (Allocator::class_size(self.szidx), was_full, self.count == 0)
    }

    fn new() -> Self {
        Self {
            count: 0,
            szidx: DUMMY_SIZE_IDX,
            freeblocks: Vec::new(),
            nextoffset: 0,
            maxnextoffset: 0,
        }
    }
}

/// `struct arena_object`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArenaObject {
    /// Base address from mmap; 0 when the slot is not associated with an arena.
    pub address: u64,
    /// Address of the first pool (the base rounded up to the pool size).
    pub first_pool: u64,
    /// Pools carved so far (`pool_address` as a count).
    pub pools_carved: u32,
    /// Cached empty pools plus never-carved pools.
    pub nfreepools: u32,
    /// Usable pools (64, or 63 when the base was not pool-aligned).
    pub ntotalpools: u32,
    /// Cached empty pools; the last entry is the head of the list.
    pub freepools: Vec<u32>,
    /// The carved pools, by index.
    pub pools: Vec<Pool>,
    nextarena: u32,
    prevarena: u32,
}

impl ArenaObject {
    fn unused() -> Self {
        Self {
            address: 0,
            first_pool: 0,
            pools_carved: 0,
            nfreepools: 0,
            ntotalpools: 0,
            freepools: Vec::new(),
            pools: Vec::new(),
            nextarena: NONE,
            prevarena: NONE,
        }
    }
}

/// Where a pymalloc block lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockPlace {
    /// Arena slot.
    pub arena: u32,
    /// Pool index inside the arena.
    pub pool: u32,
    /// Size-class index.
    pub szidx: u32,
}

/// The modelled system `malloc`: deterministic addresses, exact-size LIFO reuse.
#[derive(Debug, Clone, Default)]
pub struct SystemMalloc {
    next: u64,
    free_by_chunk: FxHashMap<u64, Vec<u64>>,
    /// Live chunks: address → requested size.
    pub live: FxHashMap<u64, u64>,
    /// Bytes requested and not yet freed.
    pub bytes_in_use: u64,
}

impl SystemMalloc {
    fn chunk_size(n: u64) -> u64 {
        // glibc: 8 bytes of header, 16-byte granularity, 32-byte minimum chunk.
        ((n.max(1) + 8 + 15) & !15).max(32)
    }

    fn malloc(&mut self, n: u64) -> u64 {
        let chunk = Self::chunk_size(n);
        let addr = match self.free_by_chunk.get_mut(&chunk).and_then(Vec::pop) {
            Some(a) => a,
            None => {
                if self.next == 0 {
                    self.next = MALLOC_BASE;
                }
                let a = self.next;
                self.next += chunk;
                a
            }
        };
        self.live.insert(addr, n);
        self.bytes_in_use += n;
        addr
    }

    fn free(&mut self, addr: u64) -> Option<u64> {
        let n = self.live.remove(&addr)?;
        self.bytes_in_use -= n;
        self.free_by_chunk
            .entry(Self::chunk_size(n))
            .or_default()
            .push(addr);
        Some(n)
    }
}

/// Counters shown by `_debugmallocstats`, per size class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClassUsage {
    /// Used + full pools.
    pub pools: u64,
    /// Blocks handed out.
    pub blocks_in_use: u64,
    /// Blocks available in those pools (free-listed and never carved).
    pub avail_blocks: u64,
}

/// The allocator: all of obmalloc's state.
#[derive(Debug, Clone)]
pub struct Allocator {
    arena_size: u64,
    pool_size: u64,
    /// log2 of the arena and pool sizes (both powers of two).
    arena_shift: u32,
    pool_shift: u32,
    pool_overhead: u32,
    threshold: u64,
    keep_one_free_arena: bool,
    /// `arenas[]`.
    pub arenas: Vec<ArenaObject>,
    unused_arena_objects: Vec<u32>,
    usable_arenas: u32,
    nfp2lasta: Vec<u32>,
    usedpools: Vec<PoolRef>,
    /// Every pool's `nextpool` and `prevpool` (its `usedpools` ring links; `NONE` outside a
    /// ring), indexed by the [`PoolRef`] itself: a ring operation is one lookup per pool.
    links: Vec<[PoolRef; 2]>,
    /// Arena slot by mapping: the arena mapped at `MMAP_TOP - (k + 1) * arena_size` is in slot
    /// `mapped[k]` (`NONE` when that mapping is not an arena now), so the pool of an address is
    /// found by arithmetic, as obmalloc's `address_in_range` does.
    mapped: Vec<u32>,
    /// Pools carved in all arenas (bounds ring walks).
    pools_carved: usize,
    freed_mappings: Vec<u64>,
    mmap_next: u64,
    /// `ntimes_arena_allocated`.
    pub ntimes_arena_allocated: u64,
    /// `narenas_currently_allocated`.
    pub narenas_currently_allocated: u64,
    /// `narenas_highwater`.
    pub narenas_highwater: u64,
    /// `raw_allocated_blocks`: requests that fell through to malloc.
    pub raw_allocated_blocks: u64,
    /// The system malloc that serves what pymalloc does not.
    pub system: SystemMalloc,
    /// The simulated machine's memory: arenas plus system-malloc bytes may not exceed it.
    memory_limit: u64,
    /// Set when an arena or a system-malloc chunk took the memory in use past
    /// `memory_limit`; the interpreter turns it into the `MemoryError` a failed `malloc`
    /// gives, then clears it ([`Allocator::take_exhausted`]).
    exhausted: bool,
}

impl Allocator {
    /// An allocator with no arenas yet.
    pub fn new(config: &EngineConfig) -> Self {
        debug_assert!(config.arena_size.is_power_of_two() && config.pool_size.is_power_of_two());
        let classes = config.size_class_count();
        Self {
            arena_size: config.arena_size,
            pool_size: config.pool_size,
            arena_shift: config.arena_size.trailing_zeros(),
            pool_shift: config.pool_size.trailing_zeros(),
            pool_overhead: config.pool_overhead as u32,
            threshold: config.small_request_threshold,
            keep_one_free_arena: config.keep_one_free_arena,
            arenas: Vec::new(),
            unused_arena_objects: Vec::new(),
            usable_arenas: NONE,
            nfp2lasta: vec![NONE; config.max_pools_in_arena() as usize + 1],
            usedpools: vec![NONE; classes],
            links: Vec::new(),
            mapped: Vec::new(),
            pools_carved: 0,
            freed_mappings: Vec::new(),
            mmap_next: MMAP_TOP,
            ntimes_arena_allocated: 0,
            narenas_currently_allocated: 0,
            narenas_highwater: 0,
            raw_allocated_blocks: 0,
            system: SystemMalloc::default(),
            memory_limit: config.memory_limit,
            exhausted: false,
        }
    }

    /// Bytes of the simulated machine's memory in use: every arena mapped, plus what the
    /// system malloc handed out.
    pub fn memory_in_use(&self) -> u64 {
        self.narenas_currently_allocated * self.arena_size + self.system.bytes_in_use
    }

    /// Whether `nbytes` more would still fit in the simulated memory (checked before a large
    /// request, so that the program gets its `MemoryError` before anything is built).
    pub fn can_allocate(&self, nbytes: u128) -> bool {
        u128::from(self.memory_in_use()) + nbytes <= u128::from(self.memory_limit)
    }

    /// Whether an allocation went past the memory limit since the last call; clears it.
    pub fn take_exhausted(&mut self) -> bool {
        std::mem::take(&mut self.exhausted)
    }

    /// Whether an allocation went past the memory limit and no `MemoryError` was raised yet.
    pub fn is_exhausted(&self) -> bool {
        self.exhausted
    }

    /// Notes when the memory in use went past the limit (after an arena or a chunk was
    /// taken: the small-block paths never grow the memory in use).
    #[inline]
    fn note_growth(&mut self) {
        if self.memory_in_use() > self.memory_limit {
            self.exhausted = true;
        }
    }

    /// The size-class index for a request, or `None` when pymalloc does not serve it.
    #[inline]
    pub fn size_class(&self, nbytes: u64) -> Option<u32> {
        (nbytes >= 1 && nbytes <= self.threshold).then(|| ((nbytes - 1) >> 4) as u32)
    }

    /// Block size of a size class (`INDEX2SIZE`).
    #[inline]
    pub fn class_size(szidx: u32) -> u32 {
        (szidx + 1) << 4
    }

    /// Blocks per pool for a size class (`NUMBLOCKS`).
    pub fn blocks_per_pool(&self, szidx: u32) -> u32 {
        (self.pool_size as u32 - self.pool_overhead) / Self::class_size(szidx)
    }

    /// Pool size in bytes.
    pub fn pool_size(&self) -> u64 {
        self.pool_size
    }

    /// Arena size in bytes.
    pub fn arena_size(&self) -> u64 {
        self.arena_size
    }

    /// `PyObject_Malloc(nbytes)`: a pymalloc block, or a system-malloc chunk for 0 or > 512 bytes.
    ///
    /// The common case is inlined into the callers: the size class's first used pool has
    /// another free block after the one taken, so the pool neither needs a virgin block carved
    /// nor leaves the ring. Everything else (and the same case, when it is not) goes through
    /// [`Allocator::malloc_any`]; kept out of line, it no longer makes every allocation save
    /// and restore the registers its rare paths need.
    #[inline(always)]
    pub fn malloc(&mut self, nbytes: u64, log: &mut EventLog) -> u64 {
        if let Some(szidx) = self.size_class(nbytes) {
            let head = self.usedpools[szidx as usize];
            if head != NONE {
                let (slot, index) = split_ref(head);
                let pool_size = self.pool_size;
                if let Some(arena) = self.arenas.get_mut(slot) {
                    let first_pool = arena.first_pool;
                    if let Some(pool) = arena.pools.get_mut(index) {
                        if pool.freeblocks.len() >= 2 {
                            let offset = pool.freeblocks.pop().unwrap_or(0);
                            pool.count += 1;
                            let addr = first_pool + index as u64 * pool_size + u64::from(offset);
                            let size = Self::class_size(szidx);
                            log.push(Event::BlockAlloc { addr, size });
                            return addr;
                        }
                    }
                }
            }
        }
        self.malloc_any(nbytes, log)
    }

    /// `PyObject_Malloc` on every path.
    #[inline(never)]
    fn malloc_any(&mut self, nbytes: u64, log: &mut EventLog) -> u64 {
        match self.size_class(nbytes) {
            Some(szidx) => self.pymalloc_alloc(szidx, log),
            None => {
                let addr = self.system.malloc(nbytes);
                self.note_growth();
                self.raw_allocated_blocks += 1;
                log.push(Event::RawAlloc {
                    addr,
                    size: nbytes as u32,
                });
                addr
            }
        }
    }

    /// `PyMem_RawMalloc(nbytes)`: always the system malloc.
    pub fn raw_malloc(&mut self, nbytes: u64, log: &mut EventLog) -> u64 {
        let addr = self.system.malloc(nbytes);
        self.note_growth();
        log.push(Event::RawAlloc {
            addr,
            size: nbytes as u32,
        });
        addr
    }

    /// `PyObject_Free(p)`: `pymalloc_free` when `p` is in an arena (the pool is found once and
    /// updated in place), else the system malloc's `free`.
    ///
    /// The common case is inlined into the callers: the pool was not full and keeps other
    /// blocks, so it stays where it is in its ring. Everything else goes through
    /// [`Allocator::free_any`].
    #[inline(always)]
    pub fn free(&mut self, addr: u64, log: &mut EventLog) {
        if let Some((_, pool, offset)) = self.pool_at_mut(addr) {
            if !pool.freeblocks.is_empty() && pool.count > 1 {
                pool.freeblocks.push(offset);
                pool.count -= 1;
                let size = Self::class_size(pool.szidx);
                log.push(Event::BlockFree { addr, size });
                return;
            }
        }
        self.free_any(addr, log);
    }

    /// `PyObject_Free` on every path.
    #[inline(never)]
    fn free_any(&mut self, addr: u64, log: &mut EventLog) {
        match self.pool_at_mut(addr) {
            Some((p, pool, offset)) => {
                let szidx = pool.szidx as usize;
                let (size, was_full, empty) = pool.release(offset);
                log.push(Event::BlockFree { addr, size });
                if was_full {
                    self.ring_push_front(p, szidx);
                } else if empty {
                    self.insert_to_freepool(p, log);
                }
            }
            None => self.free_raw(addr, log),
        }
    }

    /// `free` of a system-malloc chunk (nothing happens for an address never handed out).
    #[cold]
    #[inline(never)]
    fn free_raw(&mut self, addr: u64, log: &mut EventLog) {
        if let Some(n) = self.system.free(addr) {
            self.raw_allocated_blocks = self.raw_allocated_blocks.saturating_sub(1);
            log.push(Event::RawFree {
                addr,
                size: n as u32,
            });
        }
    }

    /// `PyObject_Realloc(p, n)`: keeps the block when `n` fits and shrinks by less than 25 %,
    /// otherwise allocates, copies and frees. A system-malloc chunk stays in the system malloc.
    pub fn realloc(&mut self, addr: Option<u64>, nbytes: u64, log: &mut EventLog) -> u64 {
        let Some(addr) = addr else {
            return self.malloc(nbytes, log);
        };
        if let Some(pool) = self.pool_of(addr) {
            let (slot, index) = split_ref(pool);
            let size = self
                .arenas
                .get(slot)
                .and_then(|a| a.pools.get(index))
                .map_or(0, |p| Self::class_size(p.szidx));
            let size = u64::from(size);
            if nbytes <= size && 4 * nbytes > 3 * size {
                return addr;
            }
            let new = self.malloc(nbytes, log);
            self.free(addr, log);
            new
        } else {
            // realloc() of a malloc'd chunk: model it as a move to a new chunk.
            if let Some(n) = self.system.free(addr) {
                log.push(Event::RawFree {
                    addr,
                    size: n as u32,
                });
            }
            let new = self.system.malloc(nbytes);
            self.note_growth();
            log.push(Event::RawAlloc {
                addr: new,
                size: nbytes as u32,
            });
            new
        }
    }

    /// The slot of the arena whose mapping holds `addr`, if any (`address_in_range`'s first
    /// step). An address above every mapping wraps around to an index past the end of
    /// `mapped`; a mapping that is no arena now holds `NONE`, past the end of `arenas`.
    #[inline(always)]
    fn arena_slot_at(&self, addr: u64) -> Option<u32> {
        let k = MMAP_TOP.wrapping_sub(addr).wrapping_sub(1) >> self.arena_shift;
        self.mapped.get(usize::try_from(k).ok()?).copied()
    }

    /// Where `addr` lies in pymalloc's memory (`address_in_range`): the arena slot, the index
    /// of the carved pool holding it and the offset in that pool; `None` outside every arena.
    /// An address below the arena's first pool wraps around to an index past its carved pools.
    #[inline(always)]
    fn pool_index_at(&self, addr: u64) -> Option<(u32, usize, u32)> {
        let slot = self.arena_slot_at(addr)?;
        let arena = self.arenas.get(slot as usize)?;
        let in_arena = addr.wrapping_sub(arena.first_pool);
        let index = usize::try_from(in_arena >> self.pool_shift)
            .ok()
            .filter(|&i| i < arena.pools.len())?;
        Some((slot, index, (in_arena & (self.pool_size - 1)) as u32))
    }

    /// The carved pool holding `addr`, its reference and the block's offset in it, for `free`.
    #[inline(always)]
    fn pool_at_mut(&mut self, addr: u64) -> Option<(PoolRef, &mut Pool, u32)> {
        let (slot, index, offset) = self.pool_index_at(addr)?;
        let pool = self.arenas.get_mut(slot as usize)?.pools.get_mut(index)?;
        Some((pool_ref(slot, index as u32), pool, offset))
    }

    /// The pool holding a pymalloc block, if `addr` is inside an arena (`address_in_range`).
    #[inline]
    pub fn pool_of(&self, addr: u64) -> Option<PoolRef> {
        let (slot, index, _) = self.pool_index_at(addr)?;
        Some(pool_ref(slot, index as u32))
    }

    /// The index of the mapping at `address` in [`Allocator::mapped`].
    fn mapping(&self, address: u64) -> usize {
        ((MMAP_TOP - address) >> self.arena_shift) as usize - 1
    }

    /// Where a pymalloc block lives, or `None` for system-malloc memory.
    pub fn place_of(&self, addr: u64) -> Option<BlockPlace> {
        let pool = self.pool_of(addr)?;
        let (slot, index) = split_ref(pool);
        let szidx = self.arenas.get(slot)?.pools.get(index)?.szidx;
        Some(BlockPlace {
            arena: slot as u32,
            pool: index as u32,
            szidx,
        })
    }

    /// Address of pool `index` of arena `slot`.
    pub fn pool_address(&self, slot: usize, index: usize) -> u64 {
        self.arenas
            .get(slot)
            .map_or(0, |a| a.first_pool + index as u64 * self.pool_size)
    }

    /// State of a carved pool.
    pub fn pool_state(&self, pool: &Pool) -> PoolState {
        if pool.count == 0 {
            PoolState::Empty
        } else if pool.szidx != DUMMY_SIZE_IDX && pool.count >= self.blocks_per_pool(pool.szidx) {
            PoolState::Full
        } else {
            PoolState::Used
        }
    }

    /// The `usable_arenas` list, head first.
    pub fn usable_arenas(&self) -> Vec<u32> {
        let mut out = Vec::new();
        let mut a = self.usable_arenas;
        while a != NONE && out.len() <= self.arenas.len() {
            out.push(a);
            a = self.arenas.get(a as usize).map_or(NONE, |x| x.nextarena);
        }
        out
    }

    /// The `usedpools` ring of a size class, first pool first.
    pub fn usedpools_ring(&self, szidx: u32) -> Vec<PoolRef> {
        let mut out = Vec::new();
        let Some(&head) = self.usedpools.get(szidx as usize) else {
            return out;
        };
        let mut p = head;
        while p != NONE {
            out.push(p);
            p = self.links[p as usize][0];
            if p == head || out.len() > self.pools_carved {
                break;
            }
        }
        out
    }

    /// The `nfp2lasta` finger for `nfreepools == k`.
    pub fn nfp2lasta(&self, k: usize) -> Option<u32> {
        self.nfp2lasta.get(k).copied().filter(|&a| a != NONE)
    }

    /// Per-class counters, as `_debugmallocstats` computes them (empty pools skipped).
    pub fn class_usage(&self) -> Vec<ClassUsage> {
        let mut out = vec![ClassUsage::default(); self.usedpools.len()];
        for arena in self.arenas.iter().filter(|a| a.address != 0) {
            for pool in &arena.pools {
                if pool.count == 0 || pool.szidx == DUMMY_SIZE_IDX {
                    continue;
                }
                if let Some(u) = out.get_mut(pool.szidx as usize) {
                    u.pools += 1;
                    u.blocks_in_use += u64::from(pool.count);
                    u.avail_blocks += u64::from(self.blocks_per_pool(pool.szidx) - pool.count);
                }
            }
        }
        out
    }

    #[inline]
    fn pool(&self, p: PoolRef) -> &Pool {
        let (slot, index) = split_ref(p);
        &self.arenas[slot].pools[index]
    }

    #[inline]
    fn pool_mut(&mut self, p: PoolRef) -> &mut Pool {
        let (slot, index) = split_ref(p);
        &mut self.arenas[slot].pools[index]
    }

    /// `pymalloc_alloc` for a size class.
    #[inline]
    fn pymalloc_alloc(&mut self, szidx: u32, log: &mut EventLog) -> u64 {
        let head = self.usedpools[szidx as usize];
        let size = Self::class_size(szidx);
        if head != NONE {
            let (slot, index) = split_ref(head);
            let pool_size = self.pool_size;
            let arena = &mut self.arenas[slot];
            let base = arena.first_pool + index as u64 * pool_size;
            let pool = &mut arena.pools[index];
            pool.count += 1;
            let offset = pool.freeblocks.pop().unwrap_or(0);
            if pool.freeblocks.is_empty() {
                // pymalloc_pool_extend: carve one more virgin block, or the pool is full.
                if pool.nextoffset <= pool.maxnextoffset {
                    pool.freeblocks.push(pool.nextoffset);
                    pool.nextoffset += size;
                } else {
                    self.ring_unlink(head, szidx as usize);
                }
            }
            let addr = base + u64::from(offset);
            log.push(Event::BlockAlloc { addr, size });
            return addr;
        }
        let addr = self.allocate_from_new_pool(szidx, log);
        log.push(Event::BlockAlloc { addr, size });
        addr
    }

    /// `pymalloc_pool_extend`: carve one more virgin block, or unlink the pool as full.
    fn pool_extend(&mut self, p: PoolRef, size: u32) {
        let pool = self.pool_mut(p);
        if pool.nextoffset <= pool.maxnextoffset {
            pool.freeblocks.push(pool.nextoffset);
            pool.nextoffset += size;
            return;
        }
        let szidx = pool.szidx as usize;
        self.ring_unlink(p, szidx);
    }

    /// Takes a pool out of its size class's `usedpools` ring (it filled up, or emptied).
    fn ring_unlink(&mut self, p: PoolRef, szidx: usize) {
        let [next, prev] = self.links[p as usize];
        if next == p {
            self.usedpools[szidx] = NONE;
        } else {
            self.links[prev as usize][0] = next;
            self.links[next as usize][1] = prev;
            if self.usedpools[szidx] == p {
                self.usedpools[szidx] = next;
            }
        }
        self.links[p as usize] = [NONE; 2];
    }

    /// `insert_to_usedpool`: link at the front of the ring.
    fn ring_push_front(&mut self, p: PoolRef, szidx: usize) {
        let head = self.usedpools[szidx];
        if head == NONE {
            self.links[p as usize] = [p, p];
        } else {
            let tail = self.links[head as usize][1];
            self.links[p as usize] = [head, tail];
            self.links[head as usize][1] = p;
            self.links[tail as usize][0] = p;
        }
        self.usedpools[szidx] = p;
    }

    /// `allocate_from_new_pool`.
    fn allocate_from_new_pool(&mut self, szidx: u32, log: &mut EventLog) -> u64 {
        if self.usable_arenas == NONE {
            let slot = self.new_arena(log);
            self.usable_arenas = slot;
            let a = &mut self.arenas[slot as usize];
            a.nextarena = NONE;
            a.prevarena = NONE;
            let nf = a.nfreepools as usize;
            self.nfp2lasta[nf] = slot;
        }
        let ua = self.usable_arenas;
        let nf = self.arenas[ua as usize].nfreepools as usize;
        if self.nfp2lasta[nf] == ua {
            self.nfp2lasta[nf] = NONE;
        }
        if nf > 1 {
            self.nfp2lasta[nf - 1] = ua;
        }
        let arena = &mut self.arenas[ua as usize];
        let index = if let Some(index) = arena.freepools.pop() {
            index
        } else {
            let index = arena.pools_carved;
            arena.pools_carved += 1;
            arena.pools.push(Pool::new());
            self.pools_carved += 1;
            index
        };
        let arena = &mut self.arenas[ua as usize];
        arena.nfreepools -= 1;
        if arena.nfreepools == 0 {
            let next = arena.nextarena;
            arena.nextarena = NONE;
            self.usable_arenas = next;
            if next != NONE {
                self.arenas[next as usize].prevarena = NONE;
            }
        }
        let p = pool_ref(ua, index);
        self.links[p as usize] = [p, p];
        self.pool_mut(p).count = 1;
        self.usedpools[szidx as usize] = p;
        let size = Self::class_size(szidx);
        let pool_addr = self.pool_address(ua as usize, index as usize);
        let overhead = self.pool_overhead;
        let pool_size = self.pool_size as u32;
        let pool = self.pool_mut(p);
        if pool.szidx == szidx {
            let offset = pool.freeblocks.pop().unwrap_or(overhead);
            if pool.freeblocks.is_empty() {
                self.pool_extend(p, size);
            }
            return pool_addr + u64::from(offset);
        }
        let old_szidx = pool.szidx;
        pool.szidx = szidx;
        pool.nextoffset = overhead + 2 * size;
        pool.maxnextoffset = pool_size - size;
        pool.freeblocks.clear();
        pool.freeblocks.push(overhead + size);
        log.push(Event::PoolInit {
            pool: pool_addr,
            szidx,
            old_szidx,
        });
        pool_addr + u64::from(overhead)
    }

    /// `new_arena`.
    fn new_arena(&mut self, log: &mut EventLog) -> u32 {
        if self.unused_arena_objects.is_empty() {
            let old = self.arenas.len();
            let new_len = if old == 0 {
                INITIAL_ARENA_OBJECTS
            } else {
                old * 2
            };
            self.arenas.resize_with(new_len, ArenaObject::unused);
            self.links.resize(new_len << 8, [NONE; 2]);
            // The new slots go on the unused list in ascending order (head = lowest index).
            self.unused_arena_objects
                .extend((old..new_len).rev().map(|i| i as u32));
        }
        let slot = self.unused_arena_objects.pop().unwrap_or(0);
        let address = self.mmap();
        let pool_size = self.pool_size;
        let excess = address % pool_size;
        let max_pools = (self.arena_size / pool_size) as u32;
        let (first_pool, ntotal) = if excess == 0 {
            (address, max_pools)
        } else {
            (address + pool_size - excess, max_pools - 1)
        };
        let arena = &mut self.arenas[slot as usize];
        *arena = ArenaObject::unused();
        arena.address = address;
        arena.first_pool = first_pool;
        arena.nfreepools = ntotal;
        arena.ntotalpools = ntotal;
        let k = self.mapping(address);
        if self.mapped.len() <= k {
            self.mapped.resize(k + 1, NONE);
        }
        self.mapped[k] = slot;
        self.narenas_currently_allocated += 1;
        self.note_growth();
        self.ntimes_arena_allocated += 1;
        self.narenas_highwater = self.narenas_highwater.max(self.narenas_currently_allocated);
        log.push(Event::ArenaNew {
            slot,
            address,
            ntotalpools: ntotal,
        });
        slot
    }

    fn mmap(&mut self) -> u64 {
        if let Some(a) = self.freed_mappings.pop() {
            return a;
        }
        self.mmap_next -= self.arena_size;
        self.mmap_next
    }

    /// `insert_to_freepool`: the pool became empty.
    fn insert_to_freepool(&mut self, p: PoolRef, log: &mut EventLog) {
        let szidx = self.pool(p).szidx as usize;
        self.ring_unlink(p, szidx);
        let (slot, index) = split_ref(p);
        let ao = slot as u32;
        let arena = &mut self.arenas[slot];
        arena.freepools.push(index as u32);
        let nf_old = arena.nfreepools as usize;
        let prev = arena.prevarena;
        let lastnf = self.nfp2lasta[nf_old];
        if lastnf == ao {
            let keep = prev != NONE && self.arenas[prev as usize].nfreepools as usize == nf_old;
            self.nfp2lasta[nf_old] = if keep { prev } else { NONE };
        }
        let arena = &mut self.arenas[slot];
        arena.nfreepools += 1;
        let nf = arena.nfreepools as usize;
        let (next, prev, ntotal) = (arena.nextarena, arena.prevarena, arena.ntotalpools as usize);

        // Case 1: the arena is wholly free.
        if nf == ntotal && (next != NONE || !self.keep_one_free_arena) {
            if self.usable_arenas == ao || prev == NONE {
                self.usable_arenas = next;
            } else {
                self.arenas[prev as usize].nextarena = next;
            }
            if next != NONE {
                self.arenas[next as usize].prevarena = prev;
            }
            // 3.8 also releases an arena that is the only one: its nfp2lasta entry goes too.
            if self.nfp2lasta[nf] == ao {
                self.nfp2lasta[nf] = NONE;
            }
            self.release_arena(slot, log);
            return;
        }
        // Case 2: the arena was full, so it was not in usable_arenas.
        if nf == 1 {
            let head = self.usable_arenas;
            {
                let arena = &mut self.arenas[slot];
                arena.nextarena = head;
                arena.prevarena = NONE;
            }
            if head != NONE {
                self.arenas[head as usize].prevarena = ao;
            }
            self.usable_arenas = ao;
            if self.nfp2lasta[1] == NONE {
                self.nfp2lasta[1] = ao;
            }
            return;
        }
        if self.nfp2lasta[nf] == NONE {
            self.nfp2lasta[nf] = ao;
        }
        // Case 4: it was the rightmost arena with the old count; still sorted.
        if ao == lastnf {
            return;
        }
        // Case 3: slide it right, to just after `lastnf`.
        if lastnf == NONE || next == NONE {
            return;
        }
        if prev != NONE {
            self.arenas[prev as usize].nextarena = next;
        } else {
            self.usable_arenas = next;
        }
        self.arenas[next as usize].prevarena = prev;
        let after = self.arenas[lastnf as usize].nextarena;
        {
            let arena = &mut self.arenas[slot];
            arena.prevarena = lastnf;
            arena.nextarena = after;
        }
        if after != NONE {
            self.arenas[after as usize].prevarena = ao;
        }
        self.arenas[lastnf as usize].nextarena = ao;
    }

    fn release_arena(&mut self, slot: usize, log: &mut EventLog) {
        let arena = &mut self.arenas[slot];
        let address = arena.address;
        let ntotalpools = arena.ntotalpools;
        self.pools_carved -= arena.pools_carved as usize;
        *arena = ArenaObject::unused();
        let k = self.mapping(address);
        self.mapped[k] = NONE;
        self.unused_arena_objects.push(slot as u32);
        self.freed_mappings.push(address);
        self.narenas_currently_allocated -= 1;
        log.push(Event::ArenaFree {
            slot: slot as u32,
            address,
            ntotalpools,
        });
    }

    /// Renders the pymalloc part of `sys._debugmallocstats()` in CPython's format.
    pub fn debug_stats_report(&self, arena_map: Option<super::config::ArenaMapBytes>) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let nclasses = self.usedpools.len();
        let _ = writeln!(
            out,
            "Small block threshold = {}, in {} size classes.\n",
            self.threshold, nclasses
        );
        out.push_str("class   size   num pools   blocks in use  avail blocks\n");
        out.push_str("-----   ----   ---------   -------------  ------------\n");
        let usage = self.class_usage();
        let (mut allocated, mut available, mut pools, mut quantization) = (0u64, 0u64, 0u64, 0u64);
        let usable = self.pool_size - u64::from(self.pool_overhead);
        for (i, u) in usage.iter().enumerate() {
            if u.pools == 0 {
                continue;
            }
            let size = u64::from(Self::class_size(i as u32));
            let _ = writeln!(
                out,
                "{:5} {:6} {:11} {:15} {:13}",
                i, size, u.pools, u.blocks_in_use, u.avail_blocks
            );
            allocated += u.blocks_in_use * size;
            available += u.avail_blocks * size;
            pools += u.pools;
            quantization += u.pools * (usable % size);
        }
        out.push('\n');
        let current = self.narenas_currently_allocated;
        let total = self.ntimes_arena_allocated;
        write_line(&mut out, "# arenas allocated total", total);
        write_line(&mut out, "# arenas reclaimed", total - current);
        write_line(&mut out, "# arenas highwater mark", self.narenas_highwater);
        write_line(&mut out, "# arenas allocated current", current);
        let arena_bytes = current * self.arena_size;
        write_line(
            &mut out,
            &format!("{} arenas * {} bytes/arena", current, self.arena_size),
            arena_bytes,
        );
        out.push('\n');
        let unused_pools: u64 = self
            .arenas
            .iter()
            .filter(|a| a.address != 0)
            .map(|a| u64::from(a.nfreepools))
            .sum();
        let alignment_loss: u64 = self
            .arenas
            .iter()
            .filter(|a| a.address != 0 && a.first_pool != a.address)
            .map(|_| self.pool_size)
            .sum();
        write_line(&mut out, "# bytes in allocated blocks", allocated);
        write_line(&mut out, "# bytes in available blocks", available);
        write_line(
            &mut out,
            &format!("{} unused pools * {} bytes", unused_pools, self.pool_size),
            unused_pools * self.pool_size,
        );
        write_line(
            &mut out,
            "# bytes lost to pool headers",
            pools * u64::from(self.pool_overhead),
        );
        write_line(&mut out, "# bytes lost to quantization", quantization);
        write_line(&mut out, "# bytes lost to arena alignment", alignment_loss);
        write_line(&mut out, "Total", arena_bytes);
        if let Some(map) = arena_map {
            let nodes = u64::from(current > 0 || total > 0);
            out.push('\n');
            out.push_str("arena map counts\n");
            write_line(&mut out, "# arena map mid nodes", nodes);
            write_line(&mut out, "# arena map bot nodes", nodes);
            out.push('\n');
            write_line(&mut out, "# bytes lost to arena map root", map.root);
            write_line(&mut out, "# bytes lost to arena map mid", map.mid * nodes);
            write_line(&mut out, "# bytes lost to arena map bot", map.bot * nodes);
            write_line(&mut out, "Total", map.root + (map.mid + map.bot) * nodes);
        }
        out
    }
}

/// One `label = value` line of the report: label left-aligned to 35 columns, value with thousands
/// separators right-aligned to 21.
fn write_line(out: &mut String, label: &str, value: u64) {
    use std::fmt::Write as _;
    let _ = writeln!(out, "{:<35}= {:>20}", label, thousands(value));
}

/// Formats `1234567` as `1,234,567`.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::PyVersion;

    fn alloc(minor: u8) -> (Allocator, EventLog) {
        (
            Allocator::new(&EngineConfig::for_version(PyVersion { minor })),
            EventLog::recording(),
        )
    }

    #[test]
    fn size_classes_for_every_request_on_every_preset() {
        for minor in PyVersion::SUPPORTED {
            let (a, _) = alloc(minor);
            for n in 0..=600u64 {
                let class = a.size_class(n);
                if n == 0 || n > 512 {
                    assert_eq!(class, None, "{n} bytes on 3.{minor}");
                } else {
                    let c = class.unwrap_or(99);
                    let size = u64::from(Allocator::class_size(c));
                    assert!(size >= n && size - n < 16, "{n} -> class {c} size {size}");
                    assert_eq!(c, ((n - 1) / 16) as u32);
                }
            }
        }
    }

    #[test]
    fn blocks_per_pool_match_the_spec_table() {
        let (big, _) = alloc(11);
        let (small, _) = alloc(8);
        let expect16k = [1021, 510, 340, 255, 204, 170, 145, 127];
        let expect4k = [253, 126, 84, 63, 50, 42, 36, 31];
        for i in 0..8 {
            assert_eq!(big.blocks_per_pool(i), expect16k[i as usize]);
            assert_eq!(small.blocks_per_pool(i), expect4k[i as usize]);
        }
        assert_eq!(big.blocks_per_pool(31), 31);
        assert_eq!(small.blocks_per_pool(31), 7);
    }

    #[test]
    fn arena_has_63_pools_on_311_and_64_on_38() {
        let (mut a, mut log) = alloc(11);
        a.malloc(16, &mut log);
        assert_eq!(a.arenas[0].ntotalpools, 63);
        let (mut b, mut log) = alloc(8);
        b.malloc(16, &mut log);
        assert_eq!(b.arenas[0].ntotalpools, 64);
    }

    #[test]
    fn free_block_list_is_lifo() {
        let (mut a, mut log) = alloc(11);
        let x: Vec<u64> = (0..3).map(|_| a.malloc(48, &mut log)).collect();
        assert_eq!(x[1] - x[0], 48);
        a.free(x[0], &mut log);
        a.free(x[2], &mut log);
        assert_eq!(a.malloc(48, &mut log), x[2]);
        assert_eq!(a.malloc(48, &mut log), x[0]);
    }

    #[test]
    fn pools_fill_and_new_pools_are_carved() {
        let (mut a, mut log) = alloc(11);
        let blocks: Vec<u64> = (0..341).map(|_| a.malloc(48, &mut log)).collect();
        let usage = a.class_usage();
        assert_eq!(
            usage[2],
            ClassUsage {
                pools: 2,
                blocks_in_use: 341,
                avail_blocks: 339
            }
        );
        assert_eq!(a.usedpools_ring(2).len(), 1, "the full pool left the ring");
        a.free(blocks[0], &mut log);
        assert_eq!(
            a.usedpools_ring(2).len(),
            2,
            "a full pool that frees a block rejoins the ring"
        );
    }

    #[test]
    fn arena_release_rules_per_version() {
        for (minor, released) in [(8u8, 2u64), (11, 1)] {
            let (mut a, mut log) = alloc(minor);
            let per_arena =
                u64::from(a.blocks_per_pool(31)) * u64::from(a.arenas.len().max(1) as u32);
            let _ = per_arena;
            let n = (a.blocks_per_pool(31) * 64 * 2) as usize;
            let blocks: Vec<u64> = (0..n).map(|_| a.malloc(512, &mut log)).collect();
            let mapped = a.narenas_currently_allocated;
            assert!(mapped >= 2);
            for b in blocks {
                a.free(b, &mut log);
            }
            let reclaimed = a.ntimes_arena_allocated - a.narenas_currently_allocated;
            if minor == 8 {
                assert_eq!(
                    a.narenas_currently_allocated, 0,
                    "3.8 returns every empty arena"
                );
            } else {
                assert_eq!(
                    a.narenas_currently_allocated, 1,
                    "3.9+ keeps one empty arena"
                );
            }
            assert_eq!(reclaimed, mapped - (mapped - reclaimed));
            let _ = released;
        }
    }

    #[test]
    fn large_and_zero_requests_go_to_the_system_malloc() {
        let (mut a, mut log) = alloc(11);
        let big = a.malloc(513, &mut log);
        let zero = a.malloc(0, &mut log);
        assert!(a.pool_of(big).is_none() && a.pool_of(zero).is_none());
        assert_eq!(a.raw_allocated_blocks, 2);
        a.free(big, &mut log);
        assert_eq!(a.raw_allocated_blocks, 1);
        assert_eq!(a.narenas_currently_allocated, 0);
    }

    #[test]
    fn realloc_keeps_block_unless_class_changes_enough() {
        let (mut a, mut log) = alloc(11);
        let p = a.malloc(64, &mut log);
        assert_eq!(a.realloc(Some(p), 60, &mut log), p, "same class");
        assert_eq!(a.realloc(Some(p), 49, &mut log), p, "shrink by < 25 %");
        let q = a.realloc(Some(p), 32, &mut log);
        assert_ne!(q, p, "shrink by half moves");
        let r = a.realloc(Some(q), 600, &mut log);
        assert!(a.pool_of(r).is_none());
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(4_194_304), "4,194,304");
    }

    #[test]
    fn report_lines_match_cpython_format() {
        let (mut a, mut log) = alloc(11);
        a.malloc(16, &mut log);
        let text = a.debug_stats_report(EngineConfig::default().arena_map);
        assert!(
            text.contains("    0     16           1               1          1020\n"),
            "{text}"
        );
        assert!(text.contains("# arenas allocated total           =                    1\n"));
        assert!(text.contains("1 arenas * 1048576 bytes/arena     =            1,048,576\n"));
        assert!(text.contains("62 unused pools * 16384 bytes      =            1,015,808\n"));
        assert!(text.contains("# bytes lost to arena alignment    =               16,384\n"));
    }
}
