//! pymalloc layout: programs in `tests/layout/` call `sys._debugmallocstats()` twice; the change
//! in "blocks in use" per block size between the two reports must match what real CPython
//! reported (recorded in `tests/layout/expected/`), within interpreter noise (2 % or 3 blocks),
//! and stdout must match exactly.

use std::collections::BTreeMap;
use std::path::Path;

use pymemsim::engine::config::{EngineConfig, PyVersion};
use pymemsim::python::run_program;

/// Parses the per-size "blocks in use" of every report in a stderr text.
fn reports(text: &str) -> Vec<BTreeMap<u64, i64>> {
    text.split("Small block threshold")
        .skip(1)
        .map(|part| {
            part.lines()
                .filter_map(|l| {
                    let n: Vec<u64> = l
                        .split_whitespace()
                        .map(str::parse)
                        .collect::<Result<_, _>>()
                        .ok()?;
                    (n.len() == 5).then(|| (n[1], n[3] as i64))
                })
                .collect()
        })
        .collect()
}

#[test]
fn block_deltas_match_cpython() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("layout");
    let mut failures = Vec::new();
    let mut checked = 0;
    for version in ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15"] {
        for name in ["d1_size_classes", "d2_list_growth", "d3_free_and_reuse"] {
            let source =
                std::fs::read_to_string(dir.join(format!("{name}.py"))).unwrap_or_default();
            let expected = std::fs::read_to_string(
                dir.join("expected")
                    .join(version)
                    .join(format!("{name}.txt")),
            )
            .unwrap_or_default();
            let config = EngineConfig::for_version(PyVersion::parse(version).unwrap_or_default());
            let out = run_program(&source, name, config);
            let r = reports(&out.stderr);
            assert!(
                r.len() >= 2,
                "{version} {name}: fewer than two reports on stderr:\n{}",
                out.stderr
            );
            let (a, b) = (&r[0], &r[r.len() - 1]);
            let mut expected_deltas = BTreeMap::new();
            let mut expected_stdout = String::new();
            for line in expected.lines() {
                if let Some(s) = line.strip_prefix("stdout: ") {
                    expected_stdout = s.to_string();
                } else if let Some((size, delta)) = line.split_once(' ') {
                    expected_deltas.insert(
                        size.parse::<u64>().unwrap_or(0),
                        delta.parse::<i64>().unwrap_or(0),
                    );
                }
            }
            assert!(
                !expected_deltas.is_empty(),
                "no expected deltas for {version} {name}"
            );
            let sizes: std::collections::BTreeSet<u64> = a
                .keys()
                .chain(b.keys())
                .chain(expected_deltas.keys())
                .copied()
                .collect();
            for size in sizes {
                let sim = b.get(&size).copied().unwrap_or(0) - a.get(&size).copied().unwrap_or(0);
                let real = expected_deltas.get(&size).copied().unwrap_or(0);
                if (sim - real).abs() > 3.max(real.abs() / 50) {
                    failures.push(format!(
                        "{version} {name}: {size}-byte blocks: CPython {real:+}, pymemsim {sim:+}"
                    ));
                }
            }
            if out.stdout.trim() != expected_stdout {
                failures.push(format!(
                    "{version} {name}: stdout {:?} != {:?}",
                    out.stdout.trim(),
                    expected_stdout
                ));
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 24);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
