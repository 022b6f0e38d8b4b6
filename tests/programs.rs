//! The corpus: programs people bring to a memory simulator (the official tutorial, a visualizer's
//! gallery, CPython's GC, weakref, generator and exception tests, memory articles) in
//! `tests/programs/`. Each must print exactly what real CPython printed
//! (`tests/programs/expected/<version>/<name>.txt`, recorded by
//! `tests/programs/record-expected`) and end with its exit status (`<name>.exit` when not 0).
//! A program reading standard input gets `<name>.stdin`.
//!
//! Programs pymemsim does not run yet are listed in `KNOWN_DIVERGENCES` with the reason; the
//! test checks that they still diverge, so the list cannot go stale when one is fixed.

mod common;

use std::path::{Path, PathBuf};

use pymemsim::engine::config::{EngineConfig, PyVersion};
use pymemsim::engine::invariants;
use pymemsim::python::{Interp, RunError};

const ALL: &[&str] = &["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15"];

/// Programs (and the versions) whose output or exit status is not CPython's yet, and why.
const KNOWN_DIVERGENCES: &[(&str, &[&str], &str)] = &[
    (
        "art_string_interning",
        &["3.11", "3.12"],
        "\"a\"[0] is a fresh one-character str there",
    ),
    ("exc_clear_frames", ALL, "the traceback module"),
    ("tut_34_math_module", ALL, "the fractions module"),
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("programs")
}

/// Runs a program as `pymemsim run` does: its stdout and exit status, and whether the heap's
/// invariants (refcounts cover the references objects hold, no object freed twice...) held
/// when it ended.
fn run(version: &str, program: &Path) -> (String, i32, Result<(), String>) {
    let source = std::fs::read_to_string(program).unwrap_or_default();
    let v = PyVersion::parse(version).unwrap_or_default();
    let name = program
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut interp = Interp::new(EngineConfig::for_version(v), &name);
    interp.heap.log.set_enabled(false);
    if let Ok(stdin) = std::fs::read_to_string(program.with_extension("stdin")) {
        interp.rt.stdin = stdin;
    }
    let error = interp.run_source(&source);
    let sound = invariants::check(&interp.heap).map_err(|v| v.0);
    let out = match &error {
        Some(RunError::Unsupported(_) | RunError::Limit(_)) => interp.finish_now(),
        _ => interp.finish(),
    };
    let code = pymemsim::python::RunOutput {
        error,
        ..out.clone()
    }
    .exit_code();
    (out.stdout, code, sound)
}

#[test]
fn programs_print_what_cpython_printed() {
    let programs = common::py_programs(&dir());
    assert!(
        programs.len() >= 160,
        "the corpus is in {}",
        dir().display()
    );
    let jobs: Vec<(&str, PathBuf)> = ALL
        .iter()
        .flat_map(|&v| programs.iter().map(move |p| (v, p.clone())))
        .collect();
    // Two workers: CI has two cores.
    let results: Vec<(String, String, bool, Result<(), String>)> = std::thread::scope(|s| {
        let halves: Vec<_> = jobs
            .chunks(jobs.len().div_ceil(2))
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|(v, p)| {
                            let name = p
                                .file_stem()
                                .map(|n| n.to_string_lossy().into_owned())
                                .unwrap_or_default();
                            let exp_dir = dir().join("expected").join(v);
                            let expected =
                                std::fs::read_to_string(exp_dir.join(format!("{name}.txt")))
                                    .unwrap_or_default();
                            let code: i32 =
                                std::fs::read_to_string(exp_dir.join(format!("{name}.exit")))
                                    .ok()
                                    .and_then(|s| s.trim().parse().ok())
                                    .unwrap_or(0);
                            let (stdout, got_code, sound) = run(v, p);
                            let same = stdout.trim_end_matches('\n')
                                == expected.trim_end_matches('\n')
                                && got_code == code;
                            (v.to_string(), name, same, sound)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        halves
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    assert_eq!(results.len(), jobs.len(), "every run finished");
    let mut failures = Vec::new();
    let mut matched = 0;
    for (v, name, same, sound) in &results {
        if let Err(violation) = sound {
            failures.push(format!("{v} {name}: heap invariant violated: {violation}"));
        }
        let known = KNOWN_DIVERGENCES
            .iter()
            .any(|(n, vs, _)| n == name && vs.contains(&v.as_str()));
        match (same, known) {
            (true, true) => failures.push(format!(
                "{v} {name}: now matches CPython; remove it from KNOWN_DIVERGENCES"
            )),
            (false, false) => failures.push(format!(
                "{v} {name}: differs from CPython (run it with `pymemsim run --python {v}`)"
            )),
            (true, false) => matched += 1,
            _ => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(matched >= 1200, "only {matched} runs matched");
}

/// The app runs a program a slice of steps at a time (`scenario::Player`), pausing between two
/// statements with every frame, generator and pending exception kept: each program of the
/// corpus (and the behaviour cases), played in slices of 7 steps, records the same events,
/// output and errors as played in one go — on 3.8 (frame objects) and 3.13.
#[test]
fn programs_played_in_slices_record_what_one_run_records() {
    use pymemsim::scenario::{play_config, Lesson, Player};
    let mut programs = common::py_programs(&dir());
    programs.extend(common::case_programs());
    let programs: Vec<PathBuf> = programs
        .into_iter()
        .filter(|p| !p.with_extension("stdin").exists())
        .collect();
    assert!(programs.len() >= 300, "{} programs", programs.len());
    let mut sliced_somewhere = 0;
    for version in ["3.8", "3.13"] {
        let v = PyVersion::parse(version).unwrap_or_default();
        for program in &programs {
            let source = std::fs::read_to_string(program).unwrap_or_default();
            let name = program.display().to_string();
            let Ok(lesson) = Lesson::from_text(&name, &source) else {
                continue;
            };
            let whole = play_config(&lesson, lesson.config(Some(v)), false);
            let mut player = Player::new(&lesson, lesson.config(Some(v)), false);
            let mut slices = 0;
            while !player.advance(&lesson, 7) {
                slices += 1;
            }
            if slices > 1 {
                sliced_somewhere += 1;
            }
            let sliced = player.finish();
            assert!(
                sliced.interp.heap.log == whole.interp.heap.log,
                "{name} on {version}: the events differ ({} vs {})",
                sliced.interp.heap.log.len(),
                whole.interp.heap.log.len()
            );
            for (a, b) in sliced.steps.iter().zip(&whole.steps) {
                assert_eq!(
                    (&a.stdout, &a.stderr, &a.error, &a.events),
                    (&b.stdout, &b.stderr, &b.error, &b.events),
                    "{name} on {version}"
                );
            }
            assert_eq!(sliced.steps.len(), whole.steps.len(), "{name}");
        }
    }
    assert!(sliced_somewhere > 400, "{sliced_somewhere} runs paused");
}
