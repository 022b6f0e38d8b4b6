//! Lesson files: the RON format ([`Scenario`], its [`Step`]s and [`Expect`]ations), loading with
//! errors located at `file:line:col`, and playing a lesson chapter by chapter on one interpreter
//! ([`play`]), recording which events each chapter produced and whether its expectations held.
//!
//! A plain `.py` file is a lesson too: one chapter, or one per `# %%` cell ([`cells`]); a
//! lesson is written back as either format by [`Lesson::to_ron`] and [`cells::to_py`].

pub mod cells;

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::engine::config::{EngineConfig, PyVersion};
use crate::engine::event::Event;
use crate::python::{Interp, RunError};

/// A lesson.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Shown in the title bar and the gallery.
    pub title: String,
    /// One or two sentences for the gallery.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The CPython version to imitate: "3.8", "3.11" (default), "3.12", "3.13".
    #[serde(default = "default_python")]
    pub python: String,
    /// Engine settings that differ from the preset.
    #[serde(default, skip_serializing_if = "Settings::is_default")]
    pub settings: Settings,
    /// The chapters and notes, in order.
    pub steps: Vec<Step>,
}

fn default_python() -> String {
    "3.14".into()
}

/// Engine settings a lesson may change.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// `gc.set_threshold` before the first chapter.
    #[serde(default)]
    pub gc_thresholds: Option<(u32, u32, u32)>,
    /// Stop after this many statements and loop iterations.
    #[serde(default)]
    pub step_limit: Option<u64>,
    /// Stop when more objects than this are alive.
    #[serde(default)]
    pub heap_limit: Option<u64>,
    /// The simulated machine's memory, in bytes or as a size (`"64 MiB"`): past it the
    /// program's allocations fail with `MemoryError`.
    #[serde(default, deserialize_with = "size_setting")]
    pub memory_limit: Option<u64>,
    /// Start with the automatic collector disabled (`gc.disable()`).
    #[serde(default)]
    pub gc_disabled: bool,
    /// Start from a bare allocator: only pymemsim's few start-up objects in the pools, not the
    /// blocks CPython holds when a program starts (clearer for lessons about pools and size
    /// classes, not what a real interpreter has).
    #[serde(default)]
    pub bare_allocator: bool,
}

impl Settings {
    /// Whether nothing differs from the preset.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// A size setting: a number of bytes or a string with a unit (`"512 MiB"`).
fn size_setting<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Size {
        Bytes(u64),
        Text(String),
    }
    match Option::<Size>::deserialize(d)? {
        None => Ok(None),
        Some(Size::Bytes(n)) => Ok(Some(n)),
        Some(Size::Text(t)) => crate::engine::config::parse_size(&t)
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

/// One step of a lesson.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub enum Step {
    /// Runs code (and/or allocator operations), shows narration, checks expectations.
    Chapter {
        /// Shown above the code.
        title: String,
        /// Python statements, run on the lesson's heap after the previous chapters'.
        #[serde(default)]
        code: String,
        /// Low-level allocator operations, run before the code.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        ops: Vec<Op>,
        /// The caption shown while the chapter runs.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        narration: String,
        /// Checked after the chapter ran.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        expect: Vec<Expect>,
        /// A question the class answers before the chapter runs.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        predict: Option<Prediction>,
        /// What the app should show.
        #[serde(default, skip_serializing_if = "View::is_default")]
        view: View,
    },
    /// Narration only: nothing runs.
    Note {
        /// Shown as a heading.
        title: String,
        /// The text.
        narration: String,
        /// What the app should show.
        #[serde(default, skip_serializing_if = "View::is_default")]
        view: View,
    },
}

impl Step {
    /// The step's title.
    pub fn title(&self) -> &str {
        match self {
            Self::Chapter { title, .. } | Self::Note { title, .. } => title,
        }
    }

    /// The step's narration.
    pub fn narration(&self) -> &str {
        match self {
            Self::Chapter { narration, .. } | Self::Note { narration, .. } => narration,
        }
    }

    /// The step's view hints.
    pub fn view(&self) -> &View {
        match self {
            Self::Chapter { view, .. } | Self::Note { view, .. } => view,
        }
    }

    /// The step's Python code ("" for notes).
    pub fn code(&self) -> &str {
        match self {
            Self::Chapter { code, .. } => code,
            Self::Note { .. } => "",
        }
    }

    /// The question the class answers before the chapter runs.
    pub fn prediction(&self) -> Option<&Prediction> {
        match self {
            Self::Chapter { predict, .. } => predict.as_ref(),
            Self::Note { .. } => None,
        }
    }

    /// A chapter running `code`, with nothing else.
    pub fn code_chapter(title: &str, code: &str) -> Self {
        Self::Chapter {
            title: title.to_string(),
            code: code.to_string(),
            ops: Vec::new(),
            narration: String::new(),
            expect: Vec::new(),
            predict: None,
            view: View::default(),
        }
    }
}

/// A question for the class, asked before a chapter runs and answered by the heap after it:
/// the app waits for an answer (a choice, or typed), then reveals the truth and marks it.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Prediction {
    /// What the class is asked ("What does `gc.collect()` return?").
    pub question: String,
    /// The measurement that answers it, with the answer the author states; `check` fails when
    /// the stated answer is not what the heap shows.
    pub answer: Expect,
    /// Answers to choose from (keys 1 to 9 in the app); empty for a typed answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
}

impl Prediction {
    /// Whether an answer given in the app means the same as `truth` (the measured value): equal
    /// up to case and surrounding space, or as numbers.
    pub fn matches(answer: &str, truth: &str) -> bool {
        let (a, t) = (answer.trim(), truth.trim());
        if a.eq_ignore_ascii_case(t) {
            return true;
        }
        let number = |s: &str| s.replace('_', "").parse::<f64>().ok();
        matches!((number(a), number(t)), (Some(x), Some(y)) if x == y)
    }

    /// Problems with the question itself (found when the lesson loads).
    fn problem(&self) -> Option<String> {
        if self.question.trim().is_empty() {
            return Some("a prediction needs a question".into());
        }
        let Some(stated) = self.answer.stated() else {
            return Some(format!("{} cannot answer a prediction", self.answer));
        };
        if self.choices.len() > 9 {
            return Some(format!(
                "a prediction offers at most 9 choices (keys 1 to 9); found {}",
                self.choices.len()
            ));
        }
        let right = self
            .choices
            .iter()
            .filter(|c| Self::matches(c, &stated))
            .count();
        if !self.choices.is_empty() && right != 1 {
            return Some(format!(
                "exactly one choice must be the stated answer {stated:?}; {right} are"
            ));
        }
        None
    }
}

/// A raw allocator operation, for lessons about the allocator itself.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub enum Op {
    /// `PyObject_Malloc(size)`, remembered under a label.
    Malloc(String, u64),
    /// `PyMem_Malloc(size)` (pymalloc too since 3.6).
    MemMalloc(String, u64),
    /// `PyMem_RawMalloc(size)`: the system malloc.
    RawMalloc(String, u64),
    /// `PyObject_Free` of a labelled block.
    Free(String),
    /// The C library's `free()` of a labelled block: fine for raw blocks; for a pymalloc block the
    /// simulator reports the heap corruption a real process would suffer instead of crashing.
    SystemFree(String),
}

/// Which panel the app should bring forward.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
pub enum Panel {
    /// The code and narration.
    #[default]
    Code,
    /// Arenas, pools and blocks.
    Heap,
    /// The object graph.
    Graph,
    /// Generations and collections.
    Gc,
    /// Time series.
    Plots,
    /// The event log.
    Log,
}

/// View hints for the app.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct View {
    /// The panel to focus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<Panel>,
    /// Names of objects to highlight.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub highlight: Vec<String>,
}

impl View {
    /// Whether no hint is given.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// Something that must hold after a chapter.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub enum Expect {
    /// The chapter printed exactly this on stdout.
    Output(String),
    /// The chapter's stdout contains this.
    OutputContains(String),
    /// The object an expression evaluates to has this `ob_refcnt` (getrefcount minus one).
    Refcount(String, i64),
    /// `gc.get_count()` equals this.
    GcCount(i64, i64, i64),
    /// This many arenas are mapped.
    Arenas(u64),
    /// This many pools (used or full) serve blocks of this size in bytes.
    Pools(u64, u64),
    /// This many blocks of this size in bytes are handed out.
    BlocksInUse(u64, u64),
    /// Whether the GC tracks the object an expression evaluates to.
    Tracked(String, bool),
    /// Collections that ran during the chapter collected this many objects in total.
    Collected(u64),
    /// An expression's `repr()` equals this.
    Eval(String, String),
    /// The chapter stopped with an error whose message contains this.
    Error(String),
    /// These expectations apply only when the lesson runs on this version ("3.8", "3.11"...).
    OnlyOn(String, Vec<Expect>),
}

impl Expect {
    /// The value this expectation states, as the app shows it (`2`, `True`, `(0, 0, 0)`); `None`
    /// for a version-scoped list.
    pub fn stated(&self) -> Option<String> {
        Some(match self {
            Self::Output(s) | Self::OutputContains(s) | Self::Error(s) | Self::Eval(_, s) => {
                s.clone()
            }
            Self::Refcount(_, n) => n.to_string(),
            Self::GcCount(a, b, c) => format!("({a}, {b}, {c})"),
            Self::Arenas(n) | Self::Collected(n) | Self::Pools(_, n) | Self::BlocksInUse(_, n) => {
                n.to_string()
            }
            Self::Tracked(_, b) => if *b { "True" } else { "False" }.to_string(),
            Self::OnlyOn(..) => return None,
        })
    }
}

impl std::fmt::Display for Expect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Output(s) => write!(f, "output == {s:?}"),
            Self::OutputContains(s) => write!(f, "output contains {s:?}"),
            Self::Refcount(e, n) => write!(f, "refcount({e}) == {n}"),
            Self::GcCount(a, b, c) => write!(f, "gc_count == ({a}, {b}, {c})"),
            Self::Arenas(n) => write!(f, "arenas == {n}"),
            Self::Pools(s, n) => write!(f, "pools({s}-byte blocks) == {n}"),
            Self::BlocksInUse(s, n) => write!(f, "blocks_in_use({s}-byte blocks) == {n}"),
            Self::Tracked(e, b) => write!(f, "tracked({e}) == {}", py_bool(*b)),
            Self::Collected(n) => write!(f, "collected == {n}"),
            Self::Eval(e, r) => write!(f, "repr({e}) == {r}"),
            Self::Error(s) => write!(f, "error contains {s:?}"),
            Self::OnlyOn(v, list) => {
                let parts: Vec<String> = list.iter().map(ToString::to_string).collect();
                write!(f, "on {v}: {}", parts.join(", "))
            }
        }
    }
}

/// A located problem with a lesson file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}:{col}: {message}")]
pub struct ScenarioError {
    /// The file.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What was expected, or what failed.
    pub message: String,
}

/// Largest lesson file accepted (a lesson is text a teacher mails around).
pub const MAX_FILE_BYTES: usize = 1 << 20;

/// A lesson written as `format` (RON escapes control characters, so a file near the limit can
/// grow past it): refused when pymemsim could not open it again.
pub(crate) fn within_file_limit(text: String, format: &str) -> Result<String, String> {
    if text.len() > MAX_FILE_BYTES {
        return Err(format!(
            "the lesson would be {} bytes as {format}; pymemsim opens files of at most \
             {MAX_FILE_BYTES} bytes",
            text.len()
        ));
    }
    Ok(text)
}

/// A loaded lesson with the positions of its steps in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// The file it came from.
    pub path: String,
    /// The lesson.
    pub scenario: Scenario,
    /// For each step: (line, col) of the step, and the line before its code's first line.
    pub positions: Vec<StepPosition>,
}

/// Where a step sits in its file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StepPosition {
    /// Line of the step.
    pub line: usize,
    /// Column of the step.
    pub col: usize,
    /// Lines before the first line of its Python code.
    pub code_offset: u32,
}

impl Lesson {
    /// Loads a lesson from its text: RON (`.ron`) or a plain Python program (anything else).
    pub fn from_text(path: &str, text: &str) -> Result<Self, ScenarioError> {
        let err = |line, col, message: String| ScenarioError {
            path: path.to_string(),
            line,
            col,
            message,
        };
        if text.len() > MAX_FILE_BYTES {
            return Err(err(
                1,
                1,
                format!(
                    "file too large: {} bytes (at most {MAX_FILE_BYTES})",
                    text.len()
                ),
            ));
        }
        if !path.ends_with(".ron") {
            if cells::has_cells(text) {
                return cells::parse(path, text);
            }
            let title = std::path::Path::new(path)
                .file_stem()
                .map_or("program".into(), |s| s.to_string_lossy().into_owned());
            let scenario = Scenario {
                title: title.clone(),
                description: String::new(),
                python: default_python(),
                settings: Settings::default(),
                steps: vec![Step::code_chapter(&title, text)],
            };
            return Ok(Self {
                path: path.to_string(),
                scenario,
                positions: vec![StepPosition {
                    line: 1,
                    col: 1,
                    code_offset: 0,
                }],
            });
        }
        if text.trim().is_empty() {
            return Err(err(
                1,
                1,
                "empty file: expected a Scenario(title: ..., steps: [...])".into(),
            ));
        }
        let scenario: Scenario = ron::from_str(text).map_err(|e| {
            let message = match &e.code {
                ron::Error::NoSuchEnumVariant {
                    expected, found, ..
                } => {
                    format!("expected one of {}; found {found}", expected.join(", "))
                }
                ron::Error::NoSuchStructField {
                    expected, found, ..
                } => {
                    format!(
                        "unknown field {found}; expected one of {}",
                        expected.join(", ")
                    )
                }
                other => other.to_string(),
            };
            err(e.span.start.line, e.span.start.col, message)
        })?;
        if PyVersion::parse(&scenario.python).is_none() {
            let (line, col) = find(text, "python:").unwrap_or((1, 1));
            return Err(err(
                line,
                col,
                format!(
                    "unknown python version {:?}; expected one of 3.8 to 3.15",
                    scenario.python
                ),
            ));
        }
        if scenario.steps.is_empty() {
            let (line, col) = find(text, "steps:").unwrap_or((1, 1));
            return Err(err(line, col, "a lesson needs at least one step".into()));
        }
        let positions = step_positions(text, scenario.steps.len());
        for (step, pos) in scenario.steps.iter().zip(&positions) {
            if let Some(problem) = step.prediction().and_then(Prediction::problem) {
                return Err(err(pos.line, pos.col, problem));
            }
        }
        Ok(Self {
            path: path.to_string(),
            scenario,
            positions,
        })
    }

    /// The lesson as RON text that [`Lesson::from_text`] reads back to the same lesson.
    pub fn to_ron(&self) -> Result<String, String> {
        let config = ron::ser::PrettyConfig::new()
            .struct_names(true)
            .escape_strings(false);
        let ron = ron::ser::to_string_pretty(&self.scenario, config).map_err(|e| e.to_string())?;
        within_file_limit(ron, "RON")
    }

    /// The lesson as text in the format its file name asks for (`.ron`, else `# %%` Python).
    pub fn to_text(&self, path: &str) -> Result<String, String> {
        if path.ends_with(".ron") {
            self.to_ron()
        } else if self.scenario.steps.len() == 1
            && self.scenario.title == self.scenario.steps[0].title()
            && self.scenario.steps[0]
                == Step::code_chapter(
                    self.scenario.steps[0].title(),
                    self.scenario.steps[0].code(),
                )
            && self.scenario.settings.is_default()
            && self.scenario.python == default_python()
        {
            // A plain program stays a plain program.
            Ok(self.scenario.steps[0].code().to_string())
        } else {
            cells::to_py(&self.scenario)
        }
    }

    /// The engine configuration for this lesson (its preset, or `python` to override it).
    pub fn config(&self, python: Option<PyVersion>) -> EngineConfig {
        let v = python
            .or_else(|| PyVersion::parse(&self.scenario.python))
            .unwrap_or_default();
        let mut config = EngineConfig::for_version(v);
        let s = &self.scenario.settings;
        if let Some((a, b, c)) = s.gc_thresholds {
            config.gc_thresholds = [a, b, c];
        }
        if let Some(n) = s.step_limit {
            config.step_limit = n;
        }
        if let Some(n) = s.heap_limit {
            config.heap_limit_objects = n;
        }
        if let Some(n) = s.memory_limit {
            config.memory_limit = n;
        }
        if s.bare_allocator {
            config.startup_blocks = &[];
        }
        config
    }
}

/// 1-based line and column of the first occurrence of `needle`.
fn find(text: &str, needle: &str) -> Option<(usize, usize)> {
    let at = text.find(needle)?;
    Some(line_col(text, at))
}

fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = at - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

/// Finds each step's `Chapter(` / `Note(` in order, and the line where its code string starts.
fn step_positions(text: &str, n: usize) -> Vec<StepPosition> {
    let mut out = Vec::with_capacity(n);
    let mut from = text.find("steps").unwrap_or(0);
    for _ in 0..n {
        let next = ["Chapter(", "Note("]
            .iter()
            .filter_map(|k| text[from..].find(k).map(|i| i + from))
            .min();
        let Some(at) = next else { break };
        let (line, col) = line_col(text, at);
        let end = ["Chapter(", "Note("]
            .iter()
            .filter_map(|k| text[at + 1..].find(k).map(|i| i + at + 1))
            .min()
            .unwrap_or(text.len());
        let code_offset = text[at..end].find("code:").map_or(0, |c| {
            let start = at + c;
            let quote = text[start..].find('"').map_or(start, |q| start + q);
            // A raw string `r#"` followed by a newline starts the code on the next line.
            let first = if text[quote + 1..].starts_with('\n') {
                quote + 2
            } else {
                quote + 1
            };
            (line_col(text, first.min(text.len())).0 - 1) as u32
        });
        out.push(StepPosition {
            line,
            col,
            code_offset,
        });
        from = at + 1;
    }
    out.resize(n, StepPosition::default());
    out
}

/// The result of one expectation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// The expectation, in words.
    pub what: String,
    /// What was found.
    pub actual: String,
    /// Whether it held.
    pub ok: bool,
}

/// What one step did.
#[derive(Debug, Clone, Default)]
pub struct StepRun {
    /// Events the step produced (indices into the heap's event log).
    pub events: Range<usize>,
    /// What it printed to stdout.
    pub stdout: String,
    /// What it printed to stderr.
    pub stderr: String,
    /// The error that stopped it, if any.
    pub error: Option<String>,
    /// Expectation results.
    pub checks: Vec<Check>,
    /// The prediction's measurement: `actual` is the truth revealed to the class, `ok` whether
    /// the author's stated answer is it.
    pub prediction: Option<Check>,
}

/// A lesson played to the end: the interpreter (heap and full event log) and each step's record.
pub struct Played {
    /// The interpreter after the last step.
    pub interp: Interp,
    /// One record per step.
    pub steps: Vec<StepRun>,
}

impl Played {
    /// Failed expectations, each located at its step in the file.
    pub fn failures(&self, lesson: &Lesson) -> Vec<ScenarioError> {
        let mut out = Vec::new();
        for (i, (run, step)) in self.steps.iter().zip(&lesson.scenario.steps).enumerate() {
            let pos = lesson.positions.get(i).copied().unwrap_or_default();
            for c in run.checks.iter().filter(|c| !c.ok) {
                out.push(ScenarioError {
                    path: lesson.path.clone(),
                    line: pos.line,
                    col: pos.col,
                    message: format!(
                        "in {:?}: expected {}, found {}",
                        step.title(),
                        c.what,
                        c.actual
                    ),
                });
            }
            if let Some(p) = run.prediction.as_ref().filter(|p| !p.ok) {
                out.push(ScenarioError {
                    path: lesson.path.clone(),
                    line: pos.line,
                    col: pos.col,
                    message: format!(
                        "in {:?}: the prediction's stated answer is wrong: expected {}, found {}",
                        step.title(),
                        p.what,
                        p.actual
                    ),
                });
            }
            let expects_error = matches!(step, Step::Chapter { expect, .. } if expect.iter().any(|e| matches!(e, Expect::Error(_))));
            if let (Some(e), false) = (&run.error, expects_error) {
                out.push(ScenarioError {
                    path: lesson.path.clone(),
                    line: pos.line,
                    col: pos.col,
                    message: format!("in {:?}: the code stopped: {}", step.title(), e.trim_end()),
                });
            }
        }
        out
    }
}

/// Plays a lesson from the start. `python` overrides the lesson's preset.
pub fn play(lesson: &Lesson, python: Option<PyVersion>) -> Played {
    play_with(lesson, python, false)
}

/// [`play`], optionally recording per-statement snapshots for views.
pub fn play_with(lesson: &Lesson, python: Option<PyVersion>, snapshots: bool) -> Played {
    play_config(lesson, lesson.config(python), snapshots)
}

/// [`play_with`] on an engine configuration the caller made (from [`Lesson::config`], with its
/// own limits).
pub fn play_config(lesson: &Lesson, config: EngineConfig, snapshots: bool) -> Played {
    let mut player = Player::new(lesson, config, snapshots);
    while !player.advance(lesson, u64::MAX) {}
    player.finish()
}

/// Runs one step on an interpreter and checks its expectations.
pub fn play_step(interp: &mut Interp, step: &Step, pos: StepPosition) -> StepRun {
    let mut running = StepStart::new(interp, step, pos);
    while running.code_running && !running.resume(interp, u64::MAX) {}
    running.end(interp, step)
}

/// A lesson being played a slice of steps at a time (the app's runs: a long or endless
/// program never holds the window for long, and can be stopped where it is).
pub struct Player {
    interp: Interp,
    steps: Vec<StepRun>,
    /// The step running now, when its code has not ended.
    running: Option<StepStart>,
    /// Why the run was stopped by [`Player::stop`]: the later steps do not run.
    stopped: Option<String>,
}

/// A step whose code has started: where its events and output begin, and its error so far.
struct StepStart {
    start: usize,
    out_before: (usize, usize),
    error: Option<String>,
    /// Its code is still running (paused between two statements).
    code_running: bool,
}

impl StepStart {
    /// Runs the step's raw operations and starts its code.
    fn new(interp: &mut Interp, step: &Step, pos: StepPosition) -> Self {
        let mut s = Self {
            start: interp.heap.log.len(),
            out_before: interp.rt.output_len(),
            error: None,
            code_running: false,
        };
        if let Step::Chapter { code, ops, .. } = step {
            for op in ops {
                if let Err(e) = raw_op(interp, op) {
                    s.error = Some(e);
                }
            }
            if s.error.is_none() && !code.trim().is_empty() {
                match interp.start_source_at(code, pos.code_offset) {
                    Ok(()) => s.code_running = true,
                    Err(e) => s.error = Some(run_error_text(e)),
                }
            }
        }
        s
    }

    /// Runs at most `steps` more steps of the code; true when it ended.
    fn resume(&mut self, interp: &mut Interp, steps: u64) -> bool {
        match interp.resume(steps) {
            None => false,
            Some(e) => {
                self.error = e.map(run_error_text);
                self.code_running = false;
                true
            }
        }
    }

    /// The step's record: its events, output and error, then its expectations and prediction
    /// checked on the heap it left.
    fn end(self, interp: &mut Interp, step: &Step) -> StepRun {
        let (stdout, stderr) = interp.rt.output_since(self.out_before);
        interp.snapshot_now();
        let end = interp.heap.log.len();
        let mut run = StepRun {
            events: self.start..end,
            stdout,
            stderr,
            error: self.error,
            checks: Vec::new(),
            prediction: None,
        };
        if let Step::Chapter { expect, .. } = step {
            let version = interp.heap.config.version;
            for e in expect {
                match e {
                    Expect::OnlyOn(v, list) => {
                        if PyVersion::parse(v) == Some(version) {
                            for inner in list {
                                run.checks.push(check(interp, inner, &run));
                            }
                        }
                    }
                    other => run.checks.push(check(interp, other, &run)),
                }
            }
        }
        // Last: evaluating an expression may allocate, and the expectations read the heap as
        // the chapter left it.
        if let Some(p) = step.prediction() {
            run.prediction = Some(check(interp, &p.answer, &run));
        }
        run
    }
}

fn run_error_text(e: RunError) -> String {
    match e {
        RunError::Syntax(m)
        | RunError::Unsupported(m)
        | RunError::Exception(m)
        | RunError::Limit(m) => m,
        RunError::Exit(n) => format!("SystemExit: {n}"),
    }
}

impl Player {
    /// An interpreter for the lesson's preset (`config`), before its first step.
    pub fn new(lesson: &Lesson, config: EngineConfig, snapshots: bool) -> Self {
        let mut interp = Interp::new(config, &lesson.path);
        if snapshots {
            interp.rt.snapshots = Some(Vec::new());
            interp.snapshot_now();
        }
        if lesson.scenario.settings.gc_disabled {
            interp.heap.gc.enabled = false;
        }
        Self {
            interp,
            steps: Vec::with_capacity(lesson.scenario.steps.len()),
            running: None,
            stopped: None,
        }
    }

    /// Plays on for about `budget` steps of the program (a step is a statement or a loop
    /// iteration; a step of the lesson with no code costs one). True when every step of the
    /// lesson has been played.
    pub fn advance(&mut self, lesson: &Lesson, budget: u64) -> bool {
        let until = self.interp.steps().saturating_add(budget);
        loop {
            let k = self.steps.len();
            let Some(step) = lesson.scenario.steps.get(k) else {
                return true;
            };
            let mut running = match self.running.take() {
                Some(r) => r,
                None if self.stopped.is_some() => {
                    let at = self.interp.heap.log.len();
                    self.steps.push(StepRun {
                        events: at..at,
                        stdout: String::new(),
                        stderr: String::new(),
                        error: Some(format!(
                            "not run: {}",
                            self.stopped.as_deref().unwrap_or_default()
                        )),
                        checks: Vec::new(),
                        prediction: None,
                    });
                    continue;
                }
                None => {
                    let pos = lesson.positions.get(k).copied().unwrap_or_default();
                    StepStart::new(&mut self.interp, step, pos)
                }
            };
            if running.code_running {
                let left = until.saturating_sub(self.interp.steps()).max(1);
                if !running.resume(&mut self.interp, left) {
                    self.running = Some(running);
                    return false;
                }
            }
            self.steps.push(running.end(&mut self.interp, step));
            if self.interp.steps() >= until {
                return self.steps.len() == lesson.scenario.steps.len();
            }
        }
    }

    /// Stops the program where it paused, with `why` (pymemsim's limit message): the step
    /// running ends with it at the next [`Player::advance`], and the later steps do not run.
    pub fn stop(&mut self, why: &str) {
        if self.running.as_ref().is_some_and(|r| r.code_running) {
            self.interp.stop(why);
        }
        self.stopped = Some(why.to_string());
    }

    /// Steps of the lesson played to their end.
    pub fn steps_done(&self) -> usize {
        self.steps.len()
    }

    /// The interpreter as far as it has run.
    pub fn interp(&self) -> &Interp {
        &self.interp
    }

    /// The lesson played (call after [`Player::advance`] returned true).
    pub fn finish(self) -> Played {
        Played {
            interp: self.interp,
            steps: self.steps,
        }
    }
}

fn check(interp: &mut Interp, e: &Expect, run: &StepRun) -> Check {
    let heap = &interp.heap;
    let usage = heap.alloc.class_usage();
    let class_of = |size: u64| {
        heap.alloc
            .size_class(size)
            .and_then(|c| usage.get(c as usize).copied())
            .unwrap_or_default()
    };
    let (ok, actual) = match e {
        Expect::Output(s) => (run.stdout == *s, format!("{:?}", run.stdout)),
        Expect::OutputContains(s) => (run.stdout.contains(s.as_str()), format!("{:?}", run.stdout)),
        Expect::GcCount(a, b, c) => {
            let n = heap.gc.counts;
            (n == [*a, *b, *c], format!("({}, {}, {})", n[0], n[1], n[2]))
        }
        Expect::Arenas(n) => (
            heap.alloc.narenas_currently_allocated == *n,
            heap.alloc.narenas_currently_allocated.to_string(),
        ),
        Expect::Pools(size, n) => {
            let u = class_of(*size);
            (u.pools == *n, u.pools.to_string())
        }
        Expect::BlocksInUse(size, n) => {
            let u = class_of(*size);
            (u.blocks_in_use == *n, u.blocks_in_use.to_string())
        }
        Expect::Collected(n) => {
            let total: u64 = interp
                .heap
                .log
                .range(run.events.clone())
                .map(|e| match e {
                    Event::GcDone { collected, .. } => u64::from(collected),
                    _ => 0,
                })
                .sum();
            (total == *n, total.to_string())
        }
        Expect::Error(s) => {
            let found = run.error.clone().unwrap_or_default();
            (
                found.contains(s.as_str()),
                if found.is_empty() {
                    "no error".into()
                } else {
                    found
                },
            )
        }
        Expect::Refcount(expr, n) => match interp.inspect(expr) {
            Ok(info) => (info.refcnt == *n, info.refcnt.to_string()),
            Err(m) => (false, m),
        },
        Expect::Tracked(expr, b) => match interp.inspect(expr) {
            Ok(info) => (info.tracked == *b, py_bool(info.tracked).to_string()),
            Err(m) => (false, m),
        },
        Expect::Eval(expr, r) => match interp.inspect(expr) {
            Ok(info) => (info.repr == *r, info.repr),
            Err(m) => (false, m),
        },
        Expect::OnlyOn(..) => (true, "applied per version".into()),
    };
    Check {
        what: e.to_string(),
        actual,
        ok,
    }
}

/// `True` or `False`, as Python prints them.
fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// A lesson's raw allocator operation (`PyObject_Malloc`, `free()`...) on the interpreter's heap.
fn raw_op(interp: &mut Interp, op: &Op) -> Result<(), String> {
    match op {
        Op::Malloc(label, size) | Op::MemMalloc(label, size) => {
            interp.malloc_labelled(label, *size, false);
            Ok(())
        }
        Op::RawMalloc(label, size) => {
            interp.malloc_labelled(label, *size, true);
            Ok(())
        }
        Op::Free(label) => interp.free_labelled(label),
        Op::SystemFree(label) => interp.system_free_labelled(label),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `lesson` fuzzer: a `.py` lesson under the size limit whose RON (control
    /// characters escaped) is over it was written, and could not be opened again.
    #[test]
    fn a_lesson_that_would_be_too_large_to_reopen_is_not_written() {
        // 20 000 one-line chapters: 300 kB as `.py`, over 1 MB as pretty-printed RON.
        let text: String = (0..20_000)
            .map(|i| format!("# %% c{i}\nx = {i}\n"))
            .collect();
        let lesson = Lesson::from_text("t.py", &text).unwrap_or_else(|e| panic!("{e}"));
        let err = match lesson.to_ron() {
            Ok(ron) => panic!("written as {} bytes of RON", ron.len()),
            Err(e) => e,
        };
        assert!(
            err.contains("pymemsim opens files of at most 1048576 bytes"),
            "{err}"
        );
        assert!(lesson.to_text("t.ron").is_err());
        // As .py it is about as long as it was read, and reads back.
        let py = lesson.to_text("t.py").unwrap_or_else(|e| panic!("{e}"));
        assert!(Lesson::from_text("t.py", &py).is_ok());
    }

    const LESSON: &str = r#"Scenario(
    title: "t",
    steps: [
        Chapter(
            title: "a self-referencing list",
            code: "import gc\ngc.disable()\nl = []\nl.append(l)",
            expect: [Refcount("l", 2), Tracked("l", true)],
        ),
        Note(title: "n", narration: "text"),
        Chapter(
            title: "collect",
            code: "del l\nprint(gc.collect())",
            expect: [Output("1\n"), Collected(1)],
        ),
    ],
)"#;

    #[test]
    fn a_lesson_plays_and_its_expectations_hold() {
        let lesson = Lesson::from_text("t.ron", LESSON).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(lesson.positions[0].line, 4);
        assert_eq!(lesson.positions[1].line, 9);
        let played = play(&lesson, None);
        assert_eq!(played.failures(&lesson), Vec::new());
        assert_eq!(played.steps[2].stdout, "1\n");
        assert!(played.steps[0].events.end <= played.steps[2].events.start);
    }

    #[test]
    fn a_lesson_sets_the_simulated_memory() {
        let lesson = |limit: &str| {
            let text = format!(
                r#"Scenario(
    title: "t",
    settings: (memory_limit: Some({limit})),
    steps: [
        Chapter(
            title: "too big",
            code: "try:\n    keep = [0] * 4_000_000\nexcept MemoryError:\n    print('no room')",
        ),
    ],
)"#
            );
            Lesson::from_text("t.ron", &text).unwrap_or_else(|e| panic!("{e}"))
        };
        // 32 MB of items do not fit in 16 MiB, in either spelling; they do by default (1 GiB).
        for limit in ["\"16 MiB\"", "16777216"] {
            let lesson = lesson(limit);
            assert_eq!(lesson.config(None).memory_limit, 16 << 20);
            assert_eq!(play(&lesson, None).steps[0].stdout, "no room\n");
        }
        let roomy = lesson("\"2 GiB\"");
        assert_eq!(play(&roomy, None).steps[0].stdout, "");
        let e = Lesson::from_text(
            "t.ron",
            r#"Scenario(title: "t", settings: (memory_limit: Some("lots")), steps: [])"#,
        )
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(e.starts_with("t.ron:1:") && e.contains("not a size"), "{e}");
    }

    #[test]
    fn a_lesson_written_as_ron_reads_back_the_same() {
        let lesson = Lesson::from_text("t.ron", LESSON).unwrap_or_else(|e| panic!("{e}"));
        let text = lesson.to_ron().unwrap_or_else(|e| panic!("{e}"));
        let again = Lesson::from_text("t.ron", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(again.scenario, lesson.scenario, "{text}");
        // Every bundled lesson survives the trip through both formats (allocator operations
        // only through RON).
        for entry in std::fs::read_dir("scenarios")
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = entry.path().display().to_string();
            if !path.ends_with(".ron") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let lesson = Lesson::from_text(&path, &text).unwrap_or_else(|e| panic!("{e}"));
            let ron = lesson.to_ron().unwrap_or_else(|e| panic!("{e}"));
            let back = Lesson::from_text("x.ron", &ron).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(back.scenario, lesson.scenario, "{path}");
            match cells::to_py(&lesson.scenario) {
                Ok(py) => {
                    let back =
                        Lesson::from_text("x.py", &py).unwrap_or_else(|e| panic!("{path}: {e}"));
                    assert_eq!(back.scenario, lesson.scenario, "{path}\n{py}");
                }
                Err(e) => assert!(e.contains("allocator operations"), "{path}: {e}"),
            }
        }
    }

    #[test]
    fn misspelled_variants_name_the_alternatives() {
        let text = LESSON.replace("Note(", "Nte(");
        let e = Lesson::from_text("t.ron", &text)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(e, "t.ron:9:9: expected one of Chapter, Note; found Nte");
    }

    #[test]
    fn failing_expectations_are_located() {
        let text = LESSON.replace("Refcount(\"l\", 2)", "Refcount(\"l\", 3)");
        let lesson = Lesson::from_text("t.ron", &text).unwrap_or_else(|e| panic!("{e}"));
        let f = play(&lesson, None).failures(&lesson);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].to_string(),
            "t.ron:4:9: in \"a self-referencing list\": expected refcount(l) == 3, found 2"
        );
    }
}
