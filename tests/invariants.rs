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
            // A small start-up population keeps the per-statement check cheap; it only changes
            // when automatic full collections happen, not what must stay consistent.
            let mut config = EngineConfig::for_version(PyVersion { minor });
            config.startup_objects = 200;
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
