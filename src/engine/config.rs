//! Version presets as data: every number that differs between CPython versions lives here, in
//! [`EngineConfig`], so no other module carries per-version magic constants.

use serde::{Deserialize, Serialize};

/// The simulated machine's memory by default: 1 GiB, far more than a lesson needs, little
/// enough that a runaway allocation loop stops in seconds with a `MemoryError`.
pub const DEFAULT_MEMORY_LIMIT: u64 = 1 << 30;

/// Live objects by default before the run stops: 5 million records of pymemsim's own (about
/// 100 bytes each, and an instance's attributes 128 more) stay near a gigabyte; an object's
/// simulated memory is counted by [`DEFAULT_MEMORY_LIMIT`].
pub const DEFAULT_HEAP_LIMIT_OBJECTS: u64 = 5_000_000;

/// Events a recorded run keeps by default before it stops: about 300 MB of packed history,
/// so that the history and the heap together keep pymemsim under 2 GiB on any program (a
/// lesson records thousands to a few million).
pub const DEFAULT_EVENT_LIMIT: u64 = 100_000_000;

/// Statements and loop iterations by default before the run stops: about two seconds of a
/// tight loop here (14 million steps a second), so a runaway program answers quickly.
pub const DEFAULT_STEP_LIMIT: u64 = 30_000_000;

/// A CPython minor version that the engine can imitate (3.8 to 3.15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PyVersion {
    /// The minor version number: 8 for CPython 3.8.
    pub minor: u8,
}

impl PyVersion {
    /// The oldest and newest versions the engine models.
    pub const SUPPORTED: std::ops::RangeInclusive<u8> = 8..=15;

    /// Parses `"3.11"` (or `"311"`-free forms such as `"3.11.7"`).
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('.');
        let major = parts.next()?;
        let minor: u8 = parts.next()?.parse().ok()?;
        if major != "3" || !Self::SUPPORTED.contains(&minor) {
            return None;
        }
        Some(Self { minor })
    }

    /// True when this version is at least 3.`minor`.
    pub fn at_least(self, minor: u8) -> bool {
        self.minor >= minor
    }
}

impl Default for PyVersion {
    /// 3.14: the version most students run this year.
    fn default() -> Self {
        Self { minor: 14 }
    }
}

impl std::fmt::Display for PyVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "3.{}", self.minor)
    }
}

/// How instance attributes are stored (it changed three times between 3.8 and 3.13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InstanceLayout {
    /// 3.8–3.10: the instance has a `__dict__` pointer; the dict is a separate GC object created
    /// with the instance (a split-table dict sharing the class's keys).
    SeparateDict,
    /// 3.11–3.12: managed dict; attribute values live in a separately allocated values array, and a
    /// dict object is only materialised when `__dict__` is asked for.
    ValuesArray,
    /// 3.13: the values live inline, at the end of the object's own block.
    InlineValues,
}

/// Every per-version parameter of the simulated interpreter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineConfig {
    /// The CPython version being imitated.
    pub version: PyVersion,
    /// `ARENA_SIZE` in bytes (256 KiB up to 3.9, 1 MiB from 3.10).
    pub arena_size: u64,
    /// `POOL_SIZE` in bytes (4 KiB up to 3.9, 16 KiB from 3.10).
    pub pool_size: u64,
    /// `ALIGNMENT`: the spacing of size classes (16 on 64-bit builds).
    pub alignment: u64,
    /// `SMALL_REQUEST_THRESHOLD`: larger requests go to the system malloc.
    pub small_request_threshold: u64,
    /// `POOL_OVERHEAD`: the pool header, rounded up to the alignment.
    pub pool_overhead: u64,
    /// bpo-37257 (3.9+): a wholly free arena that is the last of `usable_arenas` is kept.
    pub keep_one_free_arena: bool,
    /// The radix tree that tracks arenas (3.10+), reported by `_debugmallocstats`; `None` before.
    pub arena_map: Option<ArenaMapBytes>,
    /// Default GC thresholds (700, 10, 10); 3.13 raised the first to 2000.
    pub gc_thresholds: [u32; 3],
    /// 3.12+: crossing threshold 0 only schedules a collection, run at the next eval-breaker check.
    pub gc_deferred: bool,
    /// 3.12+: PEP 683 immortal objects (None, small ints, interned strings in 3.12...).
    pub immortal_objects: bool,
    /// 3.12 only: `sys.intern` makes strings immortal (3.13 made them mortal again).
    pub immortal_interned: bool,
    /// 3.11: statically allocated objects start at refcount 999 999 999 and are counted normally.
    pub static_refcount_base: Option<i64>,
    /// How instance attributes are stored.
    pub instance_layout: InstanceLayout,
    /// 3.8–3.10: frames are heap objects (GC tracked, with a zombie frame cached per code object).
    pub frames_are_objects: bool,
    /// 3.12+: list/set/dict comprehensions are inlined (PEP 709): no function object, no frame.
    pub inline_comprehensions: bool,
    /// 3.8 used a different list over-allocation formula.
    pub list_growth_38: bool,
    /// 3.11+: a call moves its arguments into the callee's frame (the caller keeps no copy).
    pub call_steals_args: bool,
    /// 3.9+: `handle_resurrected_objects` keeps only what a finalizer resurrected (3.8 abandons the
    /// whole collection).
    pub per_object_resurrection: bool,
    /// Largest tuple length kept on the tuple free lists (19 up to 3.10, 20 from 3.11).
    pub tuple_freelist_max_len: usize,
    /// Entries per free list (floats 100, each tuple length 2000, lists 80, dicts 80).
    pub freelist_capacity: FreeListCapacity,
    /// `sizeof(PyFunctionObject)` + GC head, per version (136 in 3.8 up to 168 in 3.14).
    pub function_size: u64,
    /// `tuple.__basicsize__`: 24, and 32 from 3.14 (the cached hash, gh-131525).
    pub tuple_header: u64,
    /// A list's item array of at most this many slots is not shrunk while the list has items
    /// (0 up to 3.13, 32 from 3.14).
    pub list_keep_small_capacity: usize,
    /// Deallocation depths of the trashcan (`Py_TRASHCAN_BEGIN`).
    pub trashcan: Trashcan,
    /// 3.15: a bytearray keeps its bytes in a bytes object (`ob_bytes_object`, gh-139871): the
    /// object is 64 bytes, not 56, and its buffer is a bytes allocation of exactly the capacity
    /// (33 + capacity), or the shared empty bytes when the capacity is 0.
    pub bytearray_bytes_backed: bool,
    /// 3.14+: dicts are tracked from creation and never untracked (gh-127010).
    pub dicts_always_tracked: bool,
    /// 3.14+: tuples built from items whose types are not GC types are created untracked
    /// (gh-139951); the collector still untracks the others lazily.
    pub tuples_untracked_at_creation: bool,
    /// 3.15: `PyTuple_Pack` (`divmod`...) and `frozenset` follow the same rule (gh-139389,
    /// gh-140232).
    pub pack_and_frozenset_untracked: bool,
    /// The largest int of the small-int cache (256; 1024 in 3.15, gh-133059).
    pub small_int_max: i64,
    /// What `sys.getrefcount` reports for an immortal object (3.12+): 2**32 − 1, then 3 << 30
    /// from 3.14 (gh-125174).
    pub immortal_refcnt: i64,
    /// 3.14+: free lists for compact ints (100), ranges and range iterators (6 each), list and
    /// tuple iterators (10 each) and bound methods (20).
    pub more_freelists: bool,
    /// 3.15: weakrefs without callbacks to cyclic garbage are cleared after the finalizers ran
    /// (gh-135552).
    pub weakrefs_cleared_after_finalizers: bool,
    /// GC-tracked objects the interpreter itself holds after start-up (modules, functions, types
    /// of the standard library), measured as `len(gc.get_objects(2))` after a `gc.collect()` in
    /// a fresh interpreter. They make `long_lived_total` realistic, which decides when automatic
    /// full collections happen.
    pub startup_objects: u32,
    /// CPython's pymalloc blocks in use per size class when a program's first line runs
    /// (`(block size, blocks)`, measured by `tests/layout/record-startup`). pymemsim's
    /// start-up makes far fewer objects; the interpreter's share of each size class is made up
    /// to these counts, so that a program's first objects share pools with start-up blocks as
    /// in CPython: that decides whether a freed block is reused, whether a pool empties and
    /// when the next arena is mapped. Empty: no topping up. (Data of the preset, not
    /// serialized.)
    #[serde(skip)]
    pub startup_blocks: &'static [(u32, u32)],
    /// The simulated machine's memory in bytes: when the arenas plus the system malloc's
    /// chunks would pass it, an allocation fails and the program gets a `MemoryError`, as
    /// CPython's does when `malloc` returns NULL.
    pub memory_limit: u64,
    /// How many objects may be live before the run stops: a guard on pymemsim's own memory
    /// (each object has a record of about a hundred bytes besides its simulated memory).
    pub heap_limit_objects: u64,
    /// How many statements and loop iterations may execute before the run stops.
    pub step_limit: u64,
    /// How many events a recorded run may keep before it stops: bounds the history's memory
    /// (about 3 bytes an event packed).
    pub event_limit: u64,
}

/// The radix-tree node sizes shown at the end of `_debugmallocstats` (3.10+).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArenaMapBytes {
    /// Root node (static, in BSS).
    pub root: u64,
    /// One mid node.
    pub mid: u64,
    /// One bottom node.
    pub bot: u64,
}

/// Sizes of the per-type free lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreeListCapacity {
    /// `PyFloat_MAXFREELIST`.
    pub float: usize,
    /// `PyTuple_MAXFREELIST`, per length.
    pub tuple: usize,
    /// `PyList_MAXFREELIST`.
    pub list: usize,
    /// `PyDict_MAXFREELIST`.
    pub dict: usize,
    /// Free 8-slot unicode keys objects (3.13 reports them in `_debugmallocstats`).
    pub dict_keys: usize,
    /// Builtin function and method objects (`PyCFunctionObject`): 3.8's
    /// `PyCFunction_MAXFREELIST`, none in 3.9-3.13, 3.14's `Py_pycfunctionobject_MAXFREELIST`.
    pub cfunction: usize,
    /// Bound method objects (`PyMethodObject`): 3.8's `PyMethod_MAXFREELIST`, none in
    /// 3.9-3.13, 3.14's `Py_pymethodobjects_MAXFREELIST`.
    pub method: usize,
}

impl EngineConfig {
    /// The preset for a CPython version.
    pub fn for_version(version: PyVersion) -> Self {
        let v = version;
        let big = v.at_least(10);
        let arena_map = match v.minor {
            10 => Some(ArenaMapBytes {
                root: 8192,
                mid: 8192,
                bot: 2048,
            }),
            11.. => Some(ArenaMapBytes {
                root: 262_144,
                mid: 262_144,
                bot: 131_072,
            }),
            _ => None,
        };
        Self {
            version: v,
            arena_size: if big { 1 << 20 } else { 256 << 10 },
            pool_size: if big { 16 << 10 } else { 4 << 10 },
            alignment: 16,
            small_request_threshold: 512,
            pool_overhead: 48,
            keep_one_free_arena: v.at_least(9),
            arena_map,
            gc_thresholds: if v.at_least(13) {
                [2000, 10, 10]
            } else {
                [700, 10, 10]
            },
            gc_deferred: v.at_least(12),
            immortal_objects: v.at_least(12),
            immortal_interned: v.minor == 12,
            static_refcount_base: (v.minor == 11).then_some(999_999_999),
            instance_layout: match v.minor {
                ..=10 => InstanceLayout::SeparateDict,
                11 | 12 => InstanceLayout::ValuesArray,
                _ => InstanceLayout::InlineValues,
            },
            frames_are_objects: !v.at_least(11),
            inline_comprehensions: v.at_least(12),
            list_growth_38: v.minor == 8,
            call_steals_args: v.at_least(11),
            per_object_resurrection: v.at_least(9),
            tuple_freelist_max_len: if v.at_least(11) { 20 } else { 19 },
            freelist_capacity: FreeListCapacity {
                float: 100,
                tuple: 2000,
                list: 80,
                dict: 80,
                dict_keys: 80,
                cfunction: match v.minor {
                    8 => 256,
                    9..=13 => 0,
                    _ => 16,
                },
                method: match v.minor {
                    8 => 256,
                    9..=13 => 0,
                    _ => 20,
                },
            },
            function_size: match v.minor {
                8 | 9 => 136,
                10 => 144,
                11 => 152,
                12 | 13 => 160,
                _ => 168,
            },
            tuple_header: if v.at_least(14) { 32 } else { 24 },
            list_keep_small_capacity: if v.at_least(14) { 32 } else { 0 },
            trashcan: Trashcan::for_minor(v.minor),
            bytearray_bytes_backed: v.at_least(15),
            dicts_always_tracked: v.at_least(14),
            tuples_untracked_at_creation: v.at_least(14),
            pack_and_frozenset_untracked: v.at_least(15),
            small_int_max: if v.at_least(15) { 1024 } else { 256 },
            immortal_refcnt: if v.at_least(14) {
                3 << 30
            } else {
                u32::MAX as i64
            },
            more_freelists: v.at_least(14),
            weakrefs_cleared_after_finalizers: v.at_least(15),
            startup_objects: match v.minor {
                8 => 4483,
                9 => 4596,
                10 => 4719,
                11 => 11092,
                12 => 4974,
                13 => 5065,
                14 => 6033,
                _ => 5487,
            },
            startup_blocks: match v.minor {
                8 => STARTUP_BLOCKS_3_8,
                9 => STARTUP_BLOCKS_3_9,
                10 => STARTUP_BLOCKS_3_10,
                11 => STARTUP_BLOCKS_3_11,
                12 => STARTUP_BLOCKS_3_12,
                13 => STARTUP_BLOCKS_3_13,
                14 => STARTUP_BLOCKS_3_14,
                _ => STARTUP_BLOCKS_3_15,
            },
            memory_limit: DEFAULT_MEMORY_LIMIT,
            heap_limit_objects: DEFAULT_HEAP_LIMIT_OBJECTS,
            step_limit: DEFAULT_STEP_LIMIT,
            event_limit: DEFAULT_EVENT_LIMIT,
        }
    }

    /// The small limits fuzzing runs under (`fuzz/`, and the regression tests replaying what
    /// it found): a short start-up, 20 000 steps, 200 000 objects, 64 MiB, 5 million events,
    /// or less where already lower.
    #[must_use]
    pub fn with_fuzzing_limits(mut self) -> Self {
        self.startup_objects = 100;
        self.startup_blocks = &[];
        self.step_limit = self.step_limit.min(20_000);
        self.heap_limit_objects = self.heap_limit_objects.min(200_000);
        self.memory_limit = self.memory_limit.min(64 << 20);
        self.event_limit = self.event_limit.min(5_000_000);
        self
    }

    /// Number of small-request size classes (`NB_SMALL_SIZE_CLASSES`).
    pub fn size_class_count(&self) -> usize {
        (self.small_request_threshold / self.alignment) as usize
    }

    /// Pools in an arena when its base address is pool-aligned (`MAX_POOLS_IN_ARENA`).
    pub fn max_pools_in_arena(&self) -> u32 {
        (self.arena_size / self.pool_size) as u32
    }
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self::for_version(PyVersion::default())
    }
}

/// A size in bytes as people write it: `1073741824`, `512MiB`, `1 GiB`, `64 KB` (units are
/// powers of 1024, with or without the `i`; `B` or nothing for bytes).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t
        .find(|c: char| !c.is_ascii_digit() && c != '_')
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let number: u64 = number
        .replace('_', "")
        .parse()
        .map_err(|_| format!("{text:?} is not a size (e.g. 512MiB, 2GiB or a number of bytes)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => {
            return Err(format!(
                "{text:?}: unknown unit (use B, KiB, MiB, GiB or TiB)"
            ))
        }
    };
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("{text:?} is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_versions() {
        assert_eq!(PyVersion::parse("3.11"), Some(PyVersion { minor: 11 }));
        assert_eq!(PyVersion::parse("3.8.18"), Some(PyVersion { minor: 8 }));
        assert_eq!(PyVersion::parse("3.14"), Some(PyVersion { minor: 14 }));
        assert_eq!(PyVersion::parse("3.15.2"), Some(PyVersion { minor: 15 }));
        assert_eq!(PyVersion::parse("3.16"), None);
        assert_eq!(PyVersion::parse("2.7"), None);
        assert_eq!(PyVersion::parse("x"), None);
    }

    #[test]
    fn presets_differ_where_cpython_does() {
        let v38 = EngineConfig::for_version(PyVersion { minor: 8 });
        let v311 = EngineConfig::for_version(PyVersion { minor: 11 });
        let v314 = EngineConfig::default();
        let v315 = EngineConfig::for_version(PyVersion { minor: 15 });
        let v313 = EngineConfig::for_version(PyVersion { minor: 13 });
        assert_eq!((v38.arena_size, v38.pool_size), (262_144, 4096));
        assert_eq!((v311.arena_size, v311.pool_size), (1_048_576, 16_384));
        assert!(!v38.keep_one_free_arena && v311.keep_one_free_arena);
        assert_eq!(v311.gc_thresholds, [700, 10, 10]);
        assert_eq!(v313.gc_thresholds, [2000, 10, 10]);
        assert_eq!(v311.size_class_count(), 32);
        assert_eq!(v38.max_pools_in_arena(), 64);
        // 3.14.5+ went back to the 3.13 collector; tuples grew an ob_hash.
        assert_eq!(v314.gc_thresholds, [2000, 10, 10]);
        assert_eq!((v313.tuple_header, v314.tuple_header), (24, 32));
        assert!(!v313.dicts_always_tracked && v314.dicts_always_tracked);
        assert_eq!((v314.small_int_max, v315.small_int_max), (256, 1024));
        assert_eq!(v313.immortal_refcnt, u32::MAX as i64);
        assert_eq!(v315.immortal_refcnt, 3 << 30);
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(parse_size("1073741824"), Ok(1 << 30));
        assert_eq!(parse_size("512MiB"), Ok(512 << 20));
        assert_eq!(parse_size(" 2 GiB "), Ok(2 << 30));
        assert_eq!(parse_size("64kb"), Ok(64 << 10));
        assert_eq!(parse_size("1_000B"), Ok(1000));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("12 parsecs")
            .unwrap_err()
            .contains("unknown unit"));
        assert!(parse_size("99999999999999TiB")
            .unwrap_err()
            .contains("too large"));
    }
}

/// When deallocation defers objects to the trashcan (measured on the real interpreters with
/// chains of lists `[D(i), inner]` whose `__del__` records the order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trashcan {
    /// Nesting depth from which a deallocated container is deposited instead.
    pub deposit_at: u32,
    /// Deposited objects are deallocated when the nesting drops below this.
    pub destroy_below: u32,
    /// Extra nesting while the deposited objects are deallocated.
    pub chain_nesting: u32,
    /// Whether the depths are CPython's on any machine (3.14+ measures the C stack instead,
    /// so deeper chains stop as unsupported).
    pub exact: bool,
}

impl Trashcan {
    fn for_minor(minor: u8) -> Self {
        match minor {
            // `_PyTrash_UNWIND_LEVEL` 50; the chain runs at nesting + 1.
            ..=12 => Trashcan {
                deposit_at: 50,
                destroy_below: 1,
                chain_nesting: 1,
                exact: true,
            },
            // C recursion remaining (10000, 2 used at module level) against
            // `Py_TRASHCAN_HEADROOM` 50 to deposit and 2 * 50 to destroy.
            13 => Trashcan {
                deposit_at: 9998 - 50,
                destroy_below: 9998 - 100,
                chain_nesting: 1,
                exact: true,
            },
            // A margin of the C stack: about 104 000 list levels with the usual 8 MiB stack.
            _ => Trashcan {
                deposit_at: 103_983,
                destroy_below: 103_983 - 409,
                chain_nesting: 0,
                exact: false,
            },
        }
    }
}

// pymalloc blocks in use per size class after CPython's start-up (see
// `EngineConfig::startup_blocks`), printed by `tests/layout/record-startup`.

/// CPython 3.8.
const STARTUP_BLOCKS_3_8: &[(u32, u32)] = &[
    (16, 182),
    (32, 522),
    (48, 1449),
    (64, 5348),
    (80, 3861),
    (96, 429),
    (112, 243),
    (128, 115),
    (144, 619),
    (160, 148),
    (176, 908),
    (192, 45),
    (208, 31),
    (224, 113),
    (240, 50),
    (256, 23),
    (272, 17),
    (288, 21),
    (304, 112),
    (320, 9),
    (336, 9),
    (352, 10),
    (368, 11),
    (384, 4),
    (400, 17),
    (416, 29),
    (432, 38),
    (448, 26),
    (464, 21),
    (480, 24),
    (496, 24),
    (512, 27),
];
/// CPython 3.9.
const STARTUP_BLOCKS_3_9: &[(u32, u32)] = &[
    (16, 24),
    (32, 769),
    (48, 1443),
    (64, 5412),
    (80, 3919),
    (96, 442),
    (112, 222),
    (128, 119),
    (144, 629),
    (160, 56),
    (176, 902),
    (192, 41),
    (208, 32),
    (224, 110),
    (240, 23),
    (256, 21),
    (272, 17),
    (288, 18),
    (304, 111),
    (320, 12),
    (336, 11),
    (352, 9),
    (368, 9),
    (384, 6),
    (400, 15),
    (416, 27),
    (432, 35),
    (448, 30),
    (464, 22),
    (480, 29),
    (496, 14),
    (512, 18),
];
/// CPython 3.10.
const STARTUP_BLOCKS_3_10: &[(u32, u32)] = &[
    (16, 30),
    (32, 721),
    (48, 1255),
    (64, 5941),
    (80, 4008),
    (96, 463),
    (112, 237),
    (128, 128),
    (144, 651),
    (160, 75),
    (176, 977),
    (192, 36),
    (208, 41),
    (224, 109),
    (240, 29),
    (256, 21),
    (272, 15),
    (288, 19),
    (304, 113),
    (320, 11),
    (336, 11),
    (352, 7),
    (368, 11),
    (384, 9),
    (400, 26),
    (416, 39),
    (432, 26),
    (448, 26),
    (464, 24),
    (480, 24),
    (496, 13),
    (512, 27),
];
/// CPython 3.11.
const STARTUP_BLOCKS_3_11: &[(u32, u32)] = &[
    (16, 107),
    (32, 1148),
    (48, 4219),
    (64, 12571),
    (80, 7452),
    (96, 1523),
    (112, 730),
    (128, 1187),
    (144, 266),
    (160, 2685),
    (176, 193),
    (192, 215),
    (208, 504),
    (224, 464),
    (240, 380),
    (256, 267),
    (272, 245),
    (288, 191),
    (304, 131),
    (320, 102),
    (336, 106),
    (352, 88),
    (368, 90),
    (384, 71),
    (400, 236),
    (416, 63),
    (432, 45),
    (448, 41),
    (464, 43),
    (480, 37),
    (496, 34),
    (512, 50),
];
/// CPython 3.12.
const STARTUP_BLOCKS_3_12: &[(u32, u32)] = &[
    (16, 28),
    (32, 491),
    (48, 1455),
    (64, 3245),
    (80, 2977),
    (96, 143),
    (112, 41),
    (128, 245),
    (144, 11),
    (160, 630),
    (176, 13),
    (192, 14),
    (208, 111),
    (224, 90),
    (240, 14),
    (256, 19),
    (272, 21),
    (288, 5),
    (304, 4),
    (320, 2),
    (336, 2),
    (352, 5),
    (384, 1),
    (400, 85),
    (416, 2),
    (432, 1),
    (448, 2),
    (464, 5),
    (480, 4),
    (496, 1),
    (512, 14),
];
/// CPython 3.13.
const STARTUP_BLOCKS_3_13: &[(u32, u32)] = &[
    (16, 28),
    (32, 594),
    (48, 2881),
    (64, 5223),
    (80, 3639),
    (96, 420),
    (112, 215),
    (128, 348),
    (144, 65),
    (160, 711),
    (176, 59),
    (192, 46),
    (208, 175),
    (224, 169),
    (240, 84),
    (256, 101),
    (272, 73),
    (288, 60),
    (304, 44),
    (320, 61),
    (336, 33),
    (352, 31),
    (368, 28),
    (384, 18),
    (400, 123),
    (416, 14),
    (432, 14),
    (448, 13),
    (464, 16),
    (480, 14),
    (496, 10),
    (512, 18),
];
/// CPython 3.14.
const STARTUP_BLOCKS_3_14: &[(u32, u32)] = &[
    (16, 28),
    (32, 609),
    (48, 2272),
    (64, 5743),
    (80, 3879),
    (96, 489),
    (112, 220),
    (128, 360),
    (144, 77),
    (160, 144),
    (176, 619),
    (192, 52),
    (208, 122),
    (224, 175),
    (240, 80),
    (256, 89),
    (272, 96),
    (288, 63),
    (304, 34),
    (320, 55),
    (336, 51),
    (352, 16),
    (368, 30),
    (384, 24),
    (400, 140),
    (416, 18),
    (432, 15),
    (448, 13),
    (464, 10),
    (480, 15),
    (496, 13),
    (512, 20),
];
/// CPython 3.15.
const STARTUP_BLOCKS_3_15: &[(u32, u32)] = &[
    (16, 29),
    (32, 561),
    (48, 2328),
    (64, 6018),
    (80, 3928),
    (96, 502),
    (112, 222),
    (128, 410),
    (144, 81),
    (160, 145),
    (176, 637),
    (192, 52),
    (208, 129),
    (224, 180),
    (240, 75),
    (256, 86),
    (272, 91),
    (288, 74),
    (304, 41),
    (320, 56),
    (336, 54),
    (352, 19),
    (368, 32),
    (384, 23),
    (400, 146),
    (416, 19),
    (432, 12),
    (448, 16),
    (464, 12),
    (480, 16),
    (496, 15),
    (512, 24),
];
