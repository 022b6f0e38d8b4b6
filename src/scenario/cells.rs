//! Lessons as plain Python files split into cells by `# %%` lines — the convention Jupyter,
//! VS Code and Spyder share — read into a [`Scenario`] and written back ([`to_py`]).
//!
//! ```text
//! # Reference cycles                      <- the lesson's title (comments before the first cell)
//! # A list that contains itself.          <- its description
//! # python: 3.12                          <- optional: preset, and `settings: (...)` in RON
//!
//! # %% A list that contains itself        <- a chapter and its title
//! # The list refers to itself.            <- narration: the comments that open the cell
//! # expect: Refcount("l", 2)              <- directives: expect, predict, choices, answer,
//! # predict: What is l's refcount?        <- focus, highlight
//! # choices: 1 | 2 | 3
//! # answer: Refcount("l", 2)
//! l = []                                  <- the chapter's code, up to the next cell
//! l.append(l)
//!
//! # %% [markdown] About cycles            <- a note: narration only, nothing runs
//! # Only the collector can free them.
//! ```
//!
//! The narration block ends at the first line that is not a comment, so a comment that belongs
//! to the code goes after a blank line. Narration that would read as a directive starts with a
//! backslash (`# \\answer: 42 is the answer`), which is dropped. Code keeps its line numbers in the file, so tracebacks
//! point at the file's lines.

use serde::Deserialize;

use super::{
    default_python, Expect, Lesson, Panel, Prediction, Scenario, ScenarioError, Settings, Step,
    StepPosition, View,
};
use crate::engine::config::PyVersion;

/// Whether a Python file is split into cells (a line starting with `# %%`).
pub fn has_cells(text: &str) -> bool {
    text.lines().any(is_marker)
}

fn is_marker(line: &str) -> bool {
    line.trim_end().starts_with("# %%")
}

/// A comment line's text without `#` and one following space; `None` for other lines.
fn comment(line: &str) -> Option<&str> {
    let rest = line.trim_end().strip_prefix('#')?;
    Some(rest.strip_prefix(' ').unwrap_or(rest))
}

/// The directives a cell's opening comments may hold, as `name: value`.
const DIRECTIVES: [&str; 7] = [
    "expect",
    "predict",
    "choices",
    "answer",
    "focus",
    "highlight",
    "settings",
];

/// A directive line's name and value; `None` for narration (a line starting with `\\` is always
/// narration: the backslash is how text that would read as a directive is written).
fn directive(text: &str) -> Option<(&'static str, &str)> {
    if text.starts_with('\\') {
        return None;
    }
    let (name, value) = text.split_once(':')?;
    let name = DIRECTIVES
        .iter()
        .chain(&["python"])
        .find(|d| **d == name.trim_end())?;
    Some((name, value.trim()))
}

/// Reads a lesson split into `# %%` cells.
pub fn parse(path: &str, text: &str) -> Result<Lesson, ScenarioError> {
    let err = |line: usize, col: usize, message: String| ScenarioError {
        path: path.to_string(),
        line,
        col,
        message,
    };
    let lines: Vec<&str> = text.lines().collect();
    let first_marker = lines.iter().position(|l| is_marker(l)).unwrap_or(0);
    let stem = std::path::Path::new(path)
        .file_stem()
        .map_or("lesson".into(), |s| s.to_string_lossy().into_owned());
    let mut scenario = Scenario {
        title: stem,
        description: String::new(),
        python: default_python(),
        settings: Settings::default(),
        steps: Vec::new(),
    };
    let mut positions = Vec::new();
    // The preamble: title, description and lesson-wide directives; any code in it is a chapter.
    let mut header: Vec<String> = Vec::new();
    let mut preamble_code = None;
    for (i, line) in lines[..first_marker].iter().enumerate() {
        match comment(line) {
            Some(c) if preamble_code.is_none() => match directive(c) {
                Some(("python", v)) => {
                    if PyVersion::parse(v).is_none() {
                        return Err(err(
                            i + 1,
                            1,
                            format!("unknown python version {v:?}; expected one of 3.8 to 3.15"),
                        ));
                    }
                    scenario.python = v.to_string();
                }
                Some(("settings", v)) => {
                    scenario.settings = ron_value::<Settings>(v)
                        .map_err(|(col, m)| err(i + 1, value_col(line, v) + col, m))?;
                }
                _ => header.push(unescape(c).to_string()),
            },
            _ if line.trim().is_empty() && preamble_code.is_none() => {}
            _ => {
                preamble_code.get_or_insert(i);
            }
        }
    }
    if let Some(title) = header.first().filter(|t| !t.trim().is_empty()) {
        scenario.title = title.trim().to_string();
        scenario.description = paragraphs(&header[1..]);
    }
    if let Some(start) = preamble_code {
        let code = code_of(&lines[start..first_marker]);
        scenario.steps.push(Step::code_chapter("Setup", &code));
        positions.push(StepPosition {
            line: start + 1,
            col: 1,
            code_offset: start as u32,
        });
    }
    // The cells.
    let mut at = first_marker;
    while at < lines.len() {
        let marker = lines[at].trim_end()["# %%".len()..].trim();
        let end = lines[at + 1..]
            .iter()
            .position(|l| is_marker(l))
            .map_or(lines.len(), |i| at + 1 + i);
        let (note, title) = match marker.strip_prefix("[markdown]") {
            Some(rest) => (true, rest.trim()),
            None => (false, marker),
        };
        let mut narration = Vec::new();
        let mut expect = Vec::new();
        let (mut question, mut choices, mut answer) = (None, Vec::new(), None);
        let mut view = View::default();
        let mut body = at + 1;
        while body < end {
            let line = lines[body];
            let Some(c) = comment(line) else { break };
            let located = |v: &str| {
                let col = value_col(line, v);
                move |(c, m): (usize, String)| err(body + 1, col + c, m)
            };
            match directive(c) {
                Some(("expect", v)) => expect.push(ron_value::<Expect>(v).map_err(located(v))?),
                Some(("predict", v)) => question = Some(v.to_string()),
                Some(("choices", v)) => {
                    choices = v.split('|').map(|c| c.trim().to_string()).collect();
                }
                Some(("answer", v)) => answer = Some(ron_value::<Expect>(v).map_err(located(v))?),
                Some(("focus", v)) => view.focus = Some(ron_value::<Panel>(v).map_err(located(v))?),
                Some(("highlight", v)) => {
                    view.highlight = v.split(',').map(|h| h.trim().to_string()).collect();
                }
                Some((name, _)) => {
                    return Err(err(
                        body + 1,
                        1,
                        format!("`{name}:` belongs before the first `# %%` cell"),
                    ))
                }
                None => narration.push(unescape(c).to_string()),
            }
            body += 1;
        }
        let predict =
            match (question, answer) {
                (None, None) if choices.is_empty() => None,
                (Some(question), Some(answer)) => Some(Prediction {
                    question,
                    answer,
                    choices,
                }),
                _ => return Err(err(
                    at + 1,
                    1,
                    "a prediction needs both `# predict: <question>` and `# answer: <expectation>`"
                        .into(),
                )),
            };
        // The code: the rest of the cell, without the blank lines around it.
        let first_code = (body..end)
            .find(|&i| !lines[i].trim().is_empty())
            .unwrap_or(end);
        let code = code_of(&lines[first_code..end]);
        let title = if title.is_empty() {
            format!("Cell {}", scenario.steps.len() + 1)
        } else {
            title.to_string()
        };
        let narration = paragraphs(&narration);
        let step = if note || (code.is_empty() && expect.is_empty() && predict.is_none()) {
            if !code.is_empty() {
                return Err(err(
                    first_code + 1,
                    1,
                    "a [markdown] cell holds comments only; start a `# %%` cell for the code"
                        .into(),
                ));
            }
            Step::Note {
                title,
                narration,
                view,
            }
        } else {
            Step::Chapter {
                title,
                code,
                ops: Vec::new(),
                narration,
                expect,
                predict,
                view,
            }
        };
        scenario.steps.push(step);
        positions.push(StepPosition {
            line: at + 1,
            col: 1,
            code_offset: first_code as u32,
        });
        at = end;
    }
    if scenario.steps.is_empty() {
        return Err(err(1, 1, "a lesson needs at least one cell".into()));
    }
    for (step, pos) in scenario.steps.iter().zip(&positions) {
        if let Some(problem) = step.prediction().and_then(Prediction::problem) {
            return Err(err(pos.line, pos.col, problem));
        }
    }
    Ok(Lesson {
        path: path.to_string(),
        scenario,
        positions,
    })
}

/// Narration text as written after `# `: the escaping backslash removed.
fn unescape(text: &str) -> &str {
    text.strip_prefix('\\').unwrap_or(text)
}

/// Narration text to write after `# `: a backslash first when it would read as a directive (or
/// starts with one).
fn escape(text: &str) -> String {
    if text.starts_with('\\') || text.starts_with("%%") || directive(text).is_some() {
        format!("\\{text}")
    } else {
        text.to_string()
    }
}

/// Lines joined as code, without trailing blank lines (nor a final newline, like a RON string).
fn code_of(lines: &[&str]) -> String {
    let last = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .map_or(0, |i| i + 1);
    lines[..last].join("\n")
}

/// Comment lines as text: lines joined by spaces, an empty comment line a paragraph break.
fn paragraphs(lines: &[String]) -> String {
    let mut out = String::new();
    let mut blank = false;
    for l in lines {
        let l = l.trim();
        if l.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(l);
        blank = false;
    }
    out
}

/// 1-based column where `value` starts in `line` (it is a slice of it).
fn value_col(line: &str, value: &str) -> usize {
    (value.as_ptr() as usize).saturating_sub(line.as_ptr() as usize) + 1
}

/// A RON value; on error the 0-based column inside `text` and the message.
fn ron_value<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, (usize, String)> {
    ron::from_str(text).map_err(|e| (e.span.start.col.saturating_sub(1), e.code.to_string()))
}

/// The lesson as a `# %%` Python file that [`parse`] reads back to the same lesson. Allocator
/// operations have no Python spelling: such a lesson is saved as RON.
pub fn to_py(scenario: &Scenario) -> Result<String, String> {
    let one_line = |what: &str, text: &str| {
        if text.trim().is_empty() || text.contains(['\n', '\r']) || text.trim() != text {
            Err(format!(
                "{what} {text:?} has no .py spelling (one line of text); save as .ron"
            ))
        } else {
            Ok(())
        }
    };
    one_line("the title", &scenario.title)?;
    for step in &scenario.steps {
        one_line("the step title", step.title())?;
        if step.title().starts_with("[markdown]") {
            return Err("a title starting with [markdown] would make a note; save as .ron".into());
        }
        if step.code().contains('\r') {
            return Err(format!(
                "the code of {:?} holds carriage returns, which a .py file turns into line ends; save as .ron",
                step.title()
            ));
        }
        if step.code().lines().any(is_marker) {
            return Err(format!(
                "the code of {:?} has a `# %%` line, which would start a cell; save as .ron",
                step.title()
            ));
        }
        if let Some(p) = step.prediction() {
            one_line("the question", &p.question)?;
            if p.choices
                .iter()
                .any(|c| c.contains('|') || c.trim() != c || c.is_empty())
            {
                return Err("a choice holds `|` or surrounding spaces; save as .ron".into());
            }
        }
        if step
            .view()
            .highlight
            .iter()
            .any(|h| h.contains(',') || h.trim() != h)
        {
            return Err("a highlighted name holds `,`; save as .ron".into());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, prefix: &str, text: &str| {
        out.push_str(prefix);
        out.push_str(text);
        out.push('\n');
    };
    // Paragraphs as comment lines, an empty comment line between two.
    let paragraphs = |out: &mut String, text: &str| {
        for (i, p) in text.split("\n\n").filter(|p| !p.is_empty()).enumerate() {
            if i > 0 {
                out.push_str("#\n");
            }
            line(out, "# ", &escape(&p.replace('\n', " ")));
        }
    };
    line(&mut out, "# ", &escape(&scenario.title));
    paragraphs(&mut out, &scenario.description);
    line(&mut out, "# python: ", &scenario.python);
    if !scenario.settings.is_default() {
        line(&mut out, "# settings: ", &ron(&scenario.settings)?);
    }
    for step in &scenario.steps {
        out.push('\n');
        let (view, narration) = (step.view(), step.narration());
        match step {
            Step::Note { title, .. } => line(&mut out, "# %% [markdown] ", title),
            Step::Chapter { title, .. } => line(&mut out, "# %% ", title),
        }
        paragraphs(&mut out, narration);
        if let Some(f) = view.focus {
            line(&mut out, "# focus: ", &ron(&f)?);
        }
        if !view.highlight.is_empty() {
            line(&mut out, "# highlight: ", &view.highlight.join(", "));
        }
        if let Step::Chapter {
            code,
            ops,
            expect,
            predict,
            ..
        } = step
        {
            if !ops.is_empty() {
                return Err(format!(
                    "{:?} runs allocator operations, which a .py lesson cannot hold; save it as .ron",
                    step.title()
                ));
            }
            for e in expect {
                line(&mut out, "# expect: ", &ron(e)?);
            }
            if let Some(p) = predict {
                line(&mut out, "# predict: ", &p.question);
                if !p.choices.is_empty() {
                    line(&mut out, "# choices: ", &p.choices.join(" | "));
                }
                line(&mut out, "# answer: ", &ron(&p.answer)?);
            }
            // Blank lines around the code go (the parser drops them); every other character,
            // spaces ending a line included, stays.
            let lines: Vec<&str> = code.lines().collect();
            let first = lines.iter().position(|l| !l.trim().is_empty());
            let code = code_of(&lines[first.unwrap_or(lines.len())..]);
            if !code.is_empty() {
                // A comment opening the code would read as narration: a blank line keeps it code.
                if code.trim_start().starts_with('#') {
                    out.push('\n');
                }
                line(&mut out, "", &code);
            }
        }
    }
    super::within_file_limit(out, ".py")
}

/// The lesson as a `.py` file keeps it: line breaks inside a paragraph become spaces, spaces
/// around a paragraph and blank lines around code go, and a chapter that runs nothing is a note.
/// A lesson written by [`to_py`] reads back to the same `comparable` lesson.
pub fn comparable(s: &Scenario) -> Scenario {
    let text = |t: &str| {
        t.split("\n\n")
            .map(|p| p.replace(['\n', '\r'], " ").trim().to_string())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let code = |c: &str| {
        let lines: Vec<&str> = c.lines().collect();
        let first = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
        let last = lines
            .iter()
            .rposition(|l| !l.trim().is_empty())
            .map_or(0, |i| i + 1);
        lines[first..last.max(first)].join("\n")
    };
    let mut s = s.clone();
    s.description = text(&s.description);
    for step in &mut s.steps {
        let replace = match step {
            Step::Chapter {
                title,
                code: c,
                ops,
                narration,
                expect,
                predict,
                view,
            } => {
                *narration = text(narration);
                *c = code(c);
                (c.is_empty() && ops.is_empty() && expect.is_empty() && predict.is_none()).then(
                    || Step::Note {
                        title: title.clone(),
                        narration: narration.clone(),
                        view: view.clone(),
                    },
                )
            }
            Step::Note { narration, .. } => {
                *narration = text(narration);
                None
            }
        };
        if let Some(r) = replace {
            *step = r;
        }
    }
    s
}

/// A value as RON on one line, for a directive.
fn ron<T: serde::Serialize>(value: &T) -> Result<String, String> {
    ron::to_string(value).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CELLS: &str = r#"# Cycles in cells
# A list that contains itself,
# and the collector.
# python: 3.12

# %% A list that contains itself
# The list refers to itself,
# so its count is 2.
#
# Watch the graph.
# expect: Refcount("l", 2)
# focus: Graph
# predict: What is the list's refcount?
# choices: 1 | 2 | 3
# answer: Refcount("l", 2)
import gc
gc.disable()
l = []
l.append(l)

# %% [markdown] Only the collector
# Nothing runs here.

# %% Collect

# a comment that is code
del l
print(gc.collect())
"#;

    #[test]
    fn cells_become_chapters_with_narration_directives_and_file_lines() {
        let lesson = parse("l.py", CELLS).unwrap_or_else(|e| panic!("{e}"));
        let s = &lesson.scenario;
        assert_eq!(s.title, "Cycles in cells");
        assert_eq!(
            s.description,
            "A list that contains itself, and the collector."
        );
        assert_eq!(s.python, "3.12");
        assert_eq!(s.steps.len(), 3);
        assert_eq!(s.steps[0].title(), "A list that contains itself");
        assert_eq!(
            s.steps[0].narration(),
            "The list refers to itself, so its count is 2.\n\nWatch the graph."
        );
        assert_eq!(
            s.steps[0].code(),
            "import gc\ngc.disable()\nl = []\nl.append(l)"
        );
        let p = s.steps[0].prediction().cloned();
        assert_eq!(p.map(|p| p.choices.len()), Some(3));
        assert_eq!(s.steps[0].view().focus, Some(Panel::Graph));
        assert!(matches!(&s.steps[1], Step::Note { title, .. } if title == "Only the collector"));
        assert_eq!(
            s.steps[2].code(),
            "# a comment that is code\ndel l\nprint(gc.collect())"
        );
        // Code keeps its file lines: line 16 of the file is the first line of chapter 1.
        assert_eq!(lesson.positions[0].code_offset, 15);
        assert_eq!(lesson.positions[2].code_offset, 25);
        let played = super::super::play(&lesson, None);
        assert_eq!(played.failures(&lesson), Vec::new());
        assert_eq!(played.steps[2].stdout, "1\n");
        let truth = played.steps[0].prediction.clone();
        assert_eq!(truth.map(|c| (c.ok, c.actual)), Some((true, "2".into())));
    }

    #[test]
    fn a_lesson_written_as_py_reads_back_the_same() {
        let lesson = parse("l.py", CELLS).unwrap_or_else(|e| panic!("{e}"));
        let text = to_py(&lesson.scenario).unwrap_or_else(|e| panic!("{e}"));
        let again = parse("l.py", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(again.scenario, lesson.scenario, "{text}");
    }

    #[test]
    fn narration_that_looks_like_a_directive_is_escaped_and_unwritable_text_refused() {
        let mut lesson = parse("l.py", CELLS).unwrap_or_else(|e| panic!("{e}"));
        if let Step::Chapter { narration, .. } = &mut lesson.scenario.steps[0] {
            *narration = "expect: nothing\n\n\\backslash".into();
        }
        lesson.scenario.description = "python: is a language".into();
        let text = to_py(&lesson.scenario).unwrap_or_else(|e| panic!("{e}"));
        assert!(text.contains("# \\expect: nothing"), "{text}");
        let again = parse("l.py", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(again.scenario, lesson.scenario, "{text}");
        lesson.scenario.title = "two\nlines".into();
        assert!(to_py(&lesson.scenario).is_err_and(|e| e.contains("save as .ron")));
    }

    #[test]
    fn spaces_ending_the_code_survive_and_blank_lines_around_it_do_not_matter() {
        let mut lesson = parse("l.py", CELLS).unwrap_or_else(|e| panic!("{e}"));
        if let Step::Chapter { code, .. } = &mut lesson.scenario.steps[2] {
            *code = "\n\nx = (1,\n     2, ".into();
        }
        let text = to_py(&lesson.scenario).unwrap_or_else(|e| panic!("{e}"));
        let again = parse("l.py", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(again.scenario.steps[2].code(), "x = (1,\n     2, ");
        assert_eq!(comparable(&again.scenario), comparable(&lesson.scenario));
    }

    #[test]
    fn bad_directives_are_located() {
        let bad = CELLS.replace(
            "# expect: Refcount(\"l\", 2)",
            "# expect: Refcont(\"l\", 2)",
        );
        let e = parse("l.py", &bad).err().map(|e| e.to_string());
        let e = e.unwrap_or_default();
        assert!(e.starts_with("l.py:11:11: "), "{e}");
        let bad = CELLS.replace("# choices: 1 | 2 | 3", "# choices: 1 | 3");
        let e = parse("l.py", &bad).err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("l.py:6:1: exactly one choice must be the stated answer \"2\"; 0 are")
        );
        let bad = CELLS.replace("# answer: Refcount(\"l\", 2)\n", "");
        let e = parse("l.py", &bad).err().map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.contains("needs both")));
    }

    #[test]
    fn a_wrong_stated_answer_fails_the_check() {
        let bad = CELLS
            .replace(
                "# answer: Refcount(\"l\", 2)",
                "# answer: Refcount(\"l\", 3)",
            )
            .replace("1 | 2 | 3", "1 | 2 | 3 | 4");
        let bad = bad.replace("# choices: 1 | 2 | 3 | 4", "# choices: 1 | 3");
        let lesson = parse("l.py", &bad).unwrap_or_else(|e| panic!("{e}"));
        let f = super::super::play(&lesson, None).failures(&lesson);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(
            f[0].to_string().contains("stated answer is wrong")
                && f[0].to_string().contains("found 2"),
            "{}",
            f[0]
        );
    }
}
