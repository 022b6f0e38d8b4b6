//! Tracebacks: every program in `tests/tracebacks/` stops with an uncaught exception, and what
//! pymemsim prints on stderr must equal what real CPython printed
//! (`tests/tracebacks/expected/<version>/<name>.txt`, recorded with
//! `tests/tracebacks/record-expected`): the frames, the source lines and, from 3.11 on, the
//! carets under the failing expression (`~` for operands, `^` for the operator, subscript or,
//! from 3.13, call arguments).

use std::path::PathBuf;

use pymemsim::engine::config::{EngineConfig, PyVersion};
use pymemsim::python::run_program;

#[test]
fn tracebacks_match_cpython_on_every_preset() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/tracebacks");
    let mut programs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/tracebacks exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    programs.sort();
    assert!(programs.len() >= 20, "expected the traceback programs");
    let mut failures = Vec::new();
    let mut checked = 0;
    for version in ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15"] {
        let config = EngineConfig::for_version(PyVersion::parse(version).unwrap_or_default());
        for program in &programs {
            let name = program
                .file_stem()
                .map(|n| n.to_string_lossy().into_owned());
            let name = name.unwrap_or_default();
            let expected = dir
                .join("expected")
                .join(version)
                .join(format!("{name}.txt"));
            let expected = std::fs::read_to_string(&expected)
                .unwrap_or_else(|e| panic!("{}: {e}", expected.display()));
            let source = std::fs::read_to_string(program).unwrap_or_default();
            let actual = run_program(&source, "PROGRAM", config.clone()).stderr;
            checked += 1;
            if actual != expected {
                failures.push(format!(
                    "{version} {name}:\n--- pymemsim\n{actual}--- CPython\n{expected}"
                ));
            }
        }
    }
    assert!(checked >= 120, "checked {checked}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
