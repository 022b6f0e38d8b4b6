//! The lesson library: every `scenarios/*.ron` and `# %%` `scenarios/*.py` loads, plays to the end with its expectations
//! met (the version-comparison lesson on both of its presets), invariants hold after each
//! chapter; and every malformed file in `tests/malformed/` gets a located error, never a panic.

use std::path::{Path, PathBuf};

use pymemsim::engine::config::PyVersion;
use pymemsim::engine::invariants;
use pymemsim::scenario::{play, Lesson, Step};

fn files(dir: &str, ext: Option<&str>) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| ext.is_none_or(|x| p.extension().is_some_and(|e| e == x)));
    v.sort();
    v
}

fn load(path: &Path) -> Result<Lesson, String> {
    pymemsim::cli::read_lesson(path).map_err(|e| e.to_string())
}

#[test]
fn every_lesson_passes_its_checks() {
    let mut lessons = files("scenarios", Some("ron"));
    lessons.extend(files("scenarios", Some("py")));
    assert!(lessons.len() >= 17, "expected the 16 lessons and the tour");
    let mut failures = Vec::new();
    for path in &lessons {
        let lesson = match load(path) {
            Ok(l) => l,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        assert!(
            !lesson.scenario.description.is_empty(),
            "{} has no description",
            path.display()
        );
        for step in &lesson.scenario.steps {
            assert!(
                !step.narration().trim().is_empty(),
                "{}: step {:?} has no narration",
                path.display(),
                step.title()
            );
        }
        let versions: Vec<Option<PyVersion>> = if path.to_string_lossy().contains("14_versions") {
            [None, Some(8), Some(13), Some(14), Some(15)]
                .into_iter()
                .map(|m| m.map(|minor| PyVersion { minor }))
                .collect()
        } else {
            vec![None]
        };
        for v in versions {
            let played = play(&lesson, v);
            failures.extend(played.failures(&lesson).iter().map(ToString::to_string));
            if let Err(e) = invariants::check(&played.interp.heap) {
                failures.push(format!("{}: {e}", path.display()));
            }
            let chapters = lesson
                .scenario
                .steps
                .iter()
                .filter(|s| matches!(s, Step::Chapter { .. }))
                .count();
            let with_events = played.steps.iter().filter(|s| !s.events.is_empty()).count();
            assert!(
                with_events >= chapters.min(1),
                "{}: chapters recorded no events",
                path.display()
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_default_lesson_is_a_short_tour() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join("00_tour.ron");
    let lesson = load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(lesson.scenario.steps.len() <= 8);
    let played = play(&lesson, None);
    assert!(played.failures(&lesson).is_empty());
    let collected: u32 = played
        .interp
        .heap
        .log
        .iter()
        .filter_map(|e| match e {
            pymemsim::engine::event::Event::GcDone { collected, .. } => Some(collected),
            _ => None,
        })
        .sum();
    assert_eq!(
        collected, 2,
        "the tour's cycle of two nodes is found and freed"
    );
}

/// (file, the start of its error: "path:line:col: ...").
const MALFORMED: &[(&str, &str)] = &[
    ("empty.ron", ":1:1: empty file"),
    (
        "misspelled_variant.ron",
        ":1:30: expected one of Chapter, Note; found Chaptr",
    ),
    (
        "unknown_field.ron",
        ":1:50: unknown field cod; expected one of title, code",
    ),
    ("bad_preset.ron", ":1:22: unknown python version \"2.7\""),
    (
        "expectation_mismatch.ron",
        ":1:30: in \"a\": expected refcount(x) == 5",
    ),
    (
        "python_syntax_error.ron",
        ":2:3: in \"a\": the code stopped",
    ),
    (
        "unsupported_construct.ron",
        ":1:30: in \"a\": the code stopped",
    ),
    ("unterminated.ron", ":1:63: Expected comma"),
    ("binary_garbage.ron", ":1:1: not UTF-8 text"),
    (
        "missing_title.ron",
        ":1:19: Unexpected missing field named `title`",
    ),
    ("no_steps.ron", ":1:22: a lesson needs at least one step"),
    ("wrong_type.ron", ":1:16: Expected string"),
    (
        "python_exception.ron",
        ":1:30: in \"a\": the code stopped: ZeroDivisionError",
    ),
    ("runaway.ron", ":1:30: in \"a\": the code stopped"),
    (
        "unknown_label.ron",
        ":1:30: in \"a\": the code stopped: no block labelled",
    ),
    ("bad_tuple.ron", ":1:58: Expected a tuple of size 3"),
    (
        "bad_expectation_args.ron",
        ":1:71: Expected tuple variant Expect::Refcount with 2 elements",
    ),
    ("huge.ron", ":1:1: file too large"),
    (
        "syntax_error.py",
        ":1:1: in \"syntax_error\": the code stopped",
    ),
];

#[test]
fn malformed_files_get_located_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("malformed");
    assert_eq!(
        files("tests/malformed", None).len(),
        MALFORMED.len(),
        "every malformed file is listed"
    );
    for (name, expected) in MALFORMED {
        let path = dir.join(name);
        let result = std::panic::catch_unwind(|| match load(&path) {
            Err(e) => vec![e],
            Ok(lesson) => play(&lesson, None)
                .failures(&lesson)
                .iter()
                .map(ToString::to_string)
                .collect(),
        });
        let errors = result.unwrap_or_else(|_| panic!("{name}: panicked"));
        let first = errors.first().cloned().unwrap_or_default();
        let want = format!("{}{expected}", path.display());
        assert!(
            first.starts_with(&want),
            "{name}:\n  got  {first}\n  want {want}..."
        );
    }
}
