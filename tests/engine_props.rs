//! Property tests on random operation sequences against the engine (no Python): invariants hold
//! after every operation; the event stream folds to exactly the engine's state; going back k
//! steps and forward k steps is the identity; and two runs give identical event streams.

use proptest::prelude::*;
use pymemsim::engine::config::{EngineConfig, PyVersion};
use pymemsim::engine::heap::{HKey, Heap, NoRuntime};
use pymemsim::engine::ids::ObjId;
use pymemsim::engine::invariants;
use pymemsim::engine::object::{IntVal, Kind};
use pymemsim::engine::timeline::Timeline;

#[derive(Debug, Clone)]
enum Op {
    NewList,
    NewTuple(usize),
    NewDict,
    NewInt(i64),
    NewFloat,
    NewStr(usize),
    Append(usize, usize),
    DictSet(usize, i64, usize),
    Drop(usize),
    Collect(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => Just(Op::NewList),
        2 => (0usize..4).prop_map(Op::NewTuple),
        1 => Just(Op::NewDict),
        2 => (-10i64..100_000).prop_map(Op::NewInt),
        1 => Just(Op::NewFloat),
        1 => (0usize..600).prop_map(Op::NewStr),
        4 => (0usize..64, 0usize..64).prop_map(|(a, b)| Op::Append(a, b)),
        2 => (0usize..64, 0i64..8, 0usize..64).prop_map(|(a, k, b)| Op::DictSet(a, k, b)),
        4 => (0usize..64).prop_map(Op::Drop),
        1 => (0u8..3).prop_map(Op::Collect),
    ]
}

/// Runs the operations; `roots` are the references the "program" owns.
fn run(minor: u8, ops: &[Op], check_each: bool) -> Result<Heap, TestCaseError> {
    run_with(minor, ops, check_each, false)
}

/// [`run`], optionally with the collector recounting the unreachable set after finalizers even
/// when no code ran.
fn run_with(minor: u8, ops: &[Op], check_each: bool, recount: bool) -> Result<Heap, TestCaseError> {
    let mut config = EngineConfig::for_version(PyVersion { minor });
    config.gc_thresholds = [50, 3, 3];
    let mut heap = Heap::new(config);
    heap.gc.always_recount_resurrected = recount;
    let rt = &mut NoRuntime;
    let mut roots: Vec<ObjId> = Vec::new();
    for op in ops {
        match *op {
            Op::NewList => roots.push(heap.list(rt, Vec::new(), 0)),
            Op::NewTuple(k) => {
                let items: Vec<ObjId> = roots.iter().rev().take(k).copied().collect();
                for &i in &items {
                    heap.incref(i);
                }
                roots.push(heap.tuple(rt, items));
            }
            Op::NewDict => roots.push(heap.dict(rt)),
            Op::NewInt(v) => roots.push(heap.int(v)),
            Op::NewFloat => roots.push(heap.new_plain(Kind::Float(1.5))),
            Op::NewStr(n) => roots.push(heap.str(&"x".repeat(n))),
            Op::Append(a, b) if !roots.is_empty() => {
                let (a, b) = (roots[a % roots.len()], roots[b % roots.len()]);
                if matches!(heap.kind(a), Kind::List(..)) {
                    heap.incref(b);
                    heap.list_append(a, b);
                }
            }
            Op::DictSet(d, k, v) if !roots.is_empty() => {
                let (d, v) = (roots[d % roots.len()], roots[v % roots.len()]);
                if matches!(heap.kind(d), Kind::Dict(_)) {
                    let key = heap.int(k);
                    heap.incref(v);
                    if let Some((old, unused)) =
                        heap.dict_set(d, key, HKey::Int(IntVal::Small(k)), v)
                    {
                        heap.decref(rt, old);
                        heap.decref(rt, unused);
                    }
                }
            }
            Op::Drop(i) if !roots.is_empty() => {
                let id = roots.remove(i % roots.len());
                heap.decref(rt, id);
            }
            Op::Collect(g) => {
                heap.collect_explicit(rt, g);
            }
            _ => {}
        }
        if check_each {
            if let Err(v) = invariants::check(&heap) {
                return Err(TestCaseError::fail(format!("after {op:?}: {v}")));
            }
        }
    }
    Ok(heap)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_after_every_operation(minor in prop_oneof![Just(8u8), Just(11), Just(12), Just(13)], ops in prop::collection::vec(op(), 1..300)) {
        run(minor, &ops, true)?;
    }

    #[test]
    fn timeline_round_trips(ops in prop::collection::vec(op(), 1..300), k in 0usize..5000, j in 0usize..5000) {
        let heap = run(11, &ops, false)?;
        let events = heap.log.clone();
        let mut t = Timeline::new();
        t.seek(&events, events.len());
        prop_assert_eq!(t.view().matches_heap(&heap), Ok(()));
        let end = t.view().clone();
        // Back k steps, forward k steps: identical.
        let back = events.len().saturating_sub(k);
        t.seek(&events, back);
        let mut fresh = Timeline::new();
        fresh.seek(&events, back);
        prop_assert_eq!(t.view(), fresh.view());
        t.seek(&events, j.min(events.len()));
        t.seek(&events, events.len());
        prop_assert_eq!(t.view(), &end);
    }

    /// When no finalizer or weakref callback ran, the collector skips recounting what it found
    /// unreachable (nothing can have been resurrected); the full recount records the same
    /// events and leaves the same heap.
    #[test]
    fn skipping_the_resurrection_recount_changes_nothing(minor in prop_oneof![Just(8u8), Just(11), Just(12), Just(13)], ops in prop::collection::vec(op(), 1..300)) {
        let fast = run_with(minor, &ops, false, false)?;
        let full = run_with(minor, &ops, false, true)?;
        prop_assert_eq!(&fast.log, &full.log);
        prop_assert_eq!(fast.live_objects().collect::<Vec<_>>(), full.live_objects().collect::<Vec<_>>());
        prop_assert_eq!(fast.gc.lists, full.gc.lists);
        prop_assert_eq!(invariants::check(&fast), Ok(()));
    }

    #[test]
    fn same_operations_give_identical_event_streams(ops in prop::collection::vec(op(), 1..200)) {
        let a = run(11, &ops, false)?;
        let b = run(11, &ops, false)?;
        prop_assert_eq!(&a.log, &b.log);
    }
}
