//! The code being edited: one text buffer per chapter of the lesson on screen, the lesson as it
//! was opened (to restore it), the lesson the buffers describe (to re-run or save), and where a
//! chapter's error points in its code.

use crate::scenario::{Lesson, Step};

/// The editor's state.
#[derive(Debug, Clone)]
pub struct Editor {
    /// The lesson as opened from its file (or the blank program).
    pub original: Lesson,
    /// The code of each step, as edited (notes keep an empty buffer).
    pub buffers: Vec<String>,
}

impl Editor {
    /// Buffers holding `lesson`'s code; `original` is what "Restore" goes back to.
    pub fn new(original: Lesson, lesson: &Lesson) -> Self {
        let mut e = Self {
            original,
            buffers: Vec::new(),
        };
        e.sync(lesson);
        e
    }

    /// Keeps one buffer per step of `lesson` (statements typed at the command line add steps).
    pub fn sync(&mut self, lesson: &Lesson) {
        let steps = &lesson.scenario.steps;
        self.buffers.truncate(steps.len());
        for step in &steps[self.buffers.len()..] {
            self.buffers.push(step.code().to_string());
        }
    }

    /// The buffer of step `i` (for the code panel's text field).
    pub fn buffer_mut(&mut self, i: usize) -> Option<&mut String> {
        self.buffers.get_mut(i)
    }

    /// Whether some buffer differs from the code `lesson` ran.
    pub fn is_edited(&self, lesson: &Lesson) -> bool {
        lesson
            .scenario
            .steps
            .iter()
            .zip(&self.buffers)
            .any(|(s, b)| s.code() != b)
    }

    /// Whether the lesson, with the edits, differs from the one opened from (or saved to) the
    /// file.
    pub fn differs_from_original(&self, lesson: &Lesson) -> bool {
        self.edited(lesson).scenario != self.original.scenario
    }

    /// `lesson` with each chapter's code replaced by its buffer.
    pub fn edited(&self, lesson: &Lesson) -> Lesson {
        let mut out = lesson.clone();
        for (step, buffer) in out.scenario.steps.iter_mut().zip(&self.buffers) {
            if let Step::Chapter { code, .. } = step {
                if code != buffer {
                    code.clone_from(buffer);
                }
            }
        }
        out
    }
}

/// Where a chapter's error points: (line in the chapter's code, 1-based; column, 1-based when
/// known). `code_offset` is the number of file lines before the chapter's code; `path` the
/// lesson's file. Reads a `file:line:col:` prefix (syntax errors, unsupported constructs) or a
/// traceback's innermost frame in the lesson's file.
pub fn error_location(error: &str, path: &str, code_offset: u32) -> Option<(u32, Option<u32>)> {
    let relative = |line: u32| line.checked_sub(code_offset).filter(|&l| l > 0);
    if let Some(rest) = error.strip_prefix(path).and_then(|r| r.strip_prefix(':')) {
        let mut parts = rest.splitn(3, ':');
        let line = parts.next()?.parse().ok()?;
        let col = parts.next().and_then(|c| c.parse().ok());
        return Some((relative(line)?, col));
    }
    let marker = format!("File \"{path}\", line ");
    // The innermost frame running this chapter's code (an error inside a function an earlier
    // chapter defined points at the call).
    let line = error
        .lines()
        .rev()
        .filter_map(|l| l.trim_start().strip_prefix(&marker))
        .filter_map(|rest| rest.split(',').next()?.parse::<u32>().ok())
        .find_map(relative)?;
    Some((line, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_point_into_the_chapter() {
        assert_eq!(
            error_location("l.ron:12:5: syntax error: invalid syntax", "l.ron", 10),
            Some((2, Some(5)))
        );
        let tb = "Traceback (most recent call last):\n  File \"l.ron\", line 14, in <module>\n    f()\n  File \"l.ron\", line 12, in f\n    1/0\nZeroDivisionError: division by zero\n";
        assert_eq!(error_location(tb, "l.ron", 10), Some((2, None)));
        // Outside the chapter (an earlier chapter's function) or another file: no location.
        assert_eq!(error_location(tb, "l.ron", 13), Some((1, None)));
        assert_eq!(error_location(tb, "other.py", 0), None);
        assert_eq!(error_location("l.ron:3:1: x", "l.ron", 10), None);
    }

    #[test]
    fn buffers_follow_the_lesson_and_replace_its_code() {
        let lesson = Lesson::from_text("p.py", "x = 1\n").unwrap_or_else(|e| panic!("{e}"));
        let mut ed = Editor::new(lesson.clone(), &lesson);
        assert!(!ed.is_edited(&lesson));
        if let Some(b) = ed.buffer_mut(0) {
            b.push_str("y = 2\n");
        }
        assert!(ed.is_edited(&lesson));
        let edited = ed.edited(&lesson);
        assert_eq!(edited.scenario.steps[0].code(), "x = 1\ny = 2\n");
        assert!(!ed.is_edited(&edited));
        assert!(ed.differs_from_original(&edited));
    }
}
