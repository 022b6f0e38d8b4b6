//! Every test program runs with `invariants::check` after each statement and loop iteration,
//! on the oldest, the default and the newest preset: a violation stops the run with a message
//! naming it.

mod common;

use pymemsim::engine::config::{EngineConfig, PyVersion};
use pymemsim::engine::invariants;
use pymemsim::python::Interp;

#[test]
fn invariants_hold_at_every_statement_of_every_case() {
    let programs = common::case_programs();
    assert!(programs.len() >= 48);
    let mut failures = Vec::new();
    for minor in [8u8, 11, 13] {
        for p in &programs {
            let source = std::fs::read_to_string(p).unwrap_or_default();
            let name = p.display().to_string();
            // A small start-up population, and pools without CPython's start-up blocks, keep
            // the per-statement check cheap; they only change when automatic full collections
            // happen and where blocks land, not what must stay consistent (the full start-up
            // heap is checked below).
            let mut config = EngineConfig::for_version(PyVersion { minor });
            config.startup_objects = 200;
            config.startup_blocks = &[];
            let mut interp = Interp::new(config, &name);
            interp.rt.check_invariants = true;
            interp.run_source(&source);
            if let Err(v) = invariants::check(&interp.heap) {
                failures.push(format!("3.{minor} {name}: at the end: {v}"));
            }
            let out = interp.finish();
            if out.stderr.contains("invariant violated") {
                failures.push(format!("3.{minor} {name}: {}", out.stderr));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The start-up heap of every preset, CPython's blocks per size class included, is consistent,
/// and it has the shape it was given: each size class holds at least CPython's start-up count.
#[test]
fn the_start_up_heap_of_every_preset_is_consistent() {
    for minor in 8..=15u8 {
        let config = EngineConfig::for_version(PyVersion { minor });
        let wanted = config.startup_blocks;
        assert!(!wanted.is_empty(), "3.{minor} has start-up blocks");
        let interp = Interp::new(config, "start.py");
        if let Err(v) = invariants::check(&interp.heap) {
            panic!("3.{minor}: {v}");
        }
        assert!(
            interp
                .heap
                .startup_blocks_missing()
                .iter()
                .all(|&(_, n)| n == 0),
            "3.{minor}: every size class has CPython's start-up blocks"
        );
    }
}
