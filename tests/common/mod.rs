//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// `tests/cases/`: the behaviour programs and, beside each, what CPython printed per version.
#[allow(dead_code)] // not every test binary that includes this module needs the directory
pub fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("cases")
}

/// The Python programs in `tests/cases/` (the public behaviour cases and our own), sorted.
#[allow(dead_code)]
pub fn case_programs() -> Vec<PathBuf> {
    py_programs(&cases_dir())
}

/// The `.py` files of a folder, sorted.
pub fn py_programs(dir: &Path) -> Vec<PathBuf> {
    let mut programs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "py"))
                .collect()
        })
        .unwrap_or_default();
    programs.sort();
    programs
}
