//! Time travel over real programs: for every test program, the recorded event stream folds to
//! exactly the final heap, jumping anywhere and back is the identity, and running the same
//! program twice records the same events bit for bit.

mod common;

use pymemsim::engine::config::{EngineConfig, PyVersion};
use pymemsim::engine::timeline::Timeline;
use pymemsim::python::Interp;

fn record(minor: u8, source: &str, name: &str) -> Interp {
    let mut config = EngineConfig::for_version(PyVersion { minor });
    config.startup_objects = 100;
    let mut interp = Interp::new(config, name);
    interp.run_source(source);
    interp
}

#[test]
fn every_program_folds_back_and_forth_exactly() {
    let programs = common::case_programs();
    assert!(programs.len() >= 48);
    let mut failures = Vec::new();
    for minor in [8u8, 11, 13] {
        for p in &programs {
            let source = std::fs::read_to_string(p).unwrap_or_default();
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let interp = record(minor, &source, &name);
            let events = &interp.heap.log;
            let mut t = Timeline::new();
            t.seek(events, events.len());
            if let Err(e) = t.view().matches_heap(&interp.heap) {
                failures.push(format!(
                    "3.{minor} {name}: folded view differs from the heap: {e}"
                ));
                continue;
            }
            let end = t.view().clone();
            let n = events.len();
            for target in [0, n / 7, n / 2, n / 3, n - n / 5, 1, n] {
                t.seek(events, target);
                let mut fresh = Timeline::new();
                fresh.seek(events, target);
                if t.view() != fresh.view() {
                    failures.push(format!(
                        "3.{minor} {name}: view at {target} differs after jumping around"
                    ));
                }
            }
            t.seek(events, n);
            if t.view() != &end {
                failures.push(format!(
                    "3.{minor} {name}: back and forth did not return to the end state"
                ));
            }
            let again = record(minor, &source, &name);
            if again.heap.log != interp.heap.log {
                failures.push(format!(
                    "3.{minor} {name}: two runs recorded different events"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
