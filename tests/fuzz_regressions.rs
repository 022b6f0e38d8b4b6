//! Inputs the fuzzers (`fuzz/`) once broke pymemsim with, kept with the property they broke:
//! `tests/fuzz/lesson/*` load and survive the trip through RON and `.py`; `tests/fuzz/python/*`
//! (a preset byte, then source) run to output or a located error without a panic.

use std::path::PathBuf;

use pymemsim::engine::config::{EngineConfig, PyVersion};
use pymemsim::python::Interp;
use pymemsim::scenario::{cells, Lesson};

fn inputs(kind: &str) -> Vec<PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(kind);
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn lessons_survive_both_formats() {
    let files = inputs("lesson");
    assert!(!files.is_empty());
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{e}"));
        let path = if text.starts_with('#') {
            "f.py"
        } else {
            "f.ron"
        };
        let Ok(lesson) = Lesson::from_text(path, &text) else {
            continue;
        };
        let ron = lesson
            .to_ron()
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let back = Lesson::from_text("back.ron", &ron).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back.scenario, lesson.scenario, "{}: RON", f.display());
        if let Ok(py) = cells::to_py(&lesson.scenario) {
            let back = Lesson::from_text("back.py", &py).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                cells::comparable(&back.scenario),
                cells::comparable(&lesson.scenario),
                "{}: .py",
                f.display()
            );
        }
    }
}

#[test]
fn programs_end_without_a_panic() {
    let presets: Vec<u8> = PyVersion::SUPPORTED.collect();
    let files = inputs("python");
    assert!(!files.is_empty());
    for f in files {
        let bytes = std::fs::read(&f).unwrap_or_else(|e| panic!("{e}"));
        let Some((&pick, rest)) = bytes.split_first() else {
            continue;
        };
        let source = String::from_utf8_lossy(rest).into_owned();
        let minor = presets[usize::from(pick) % presets.len()];
        let run = std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(move || {
                let config = EngineConfig::for_version(PyVersion { minor }).with_fuzzing_limits();
                let mut interp = Interp::new(config, "fuzz.py");
                let _ = interp.run_source(&source);
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(run.join().is_ok(), "{} panicked", f.display());
    }
}
