//! A program's source text as tracebacks and events see it: the file name, where each line
//! starts (a chunk of a lesson starts at some line of its file), and the caret line CPython
//! 3.11+ prints under the expression that failed.

use super::compiler::code::{Anchor, Span};

/// A chunk of source: a whole program, a chapter of a lesson, a line typed in the app.
#[derive(Debug, Default)]
pub struct Source {
    /// The file name tracebacks print.
    pub path: String,
    /// The text.
    pub text: String,
    starts: Vec<usize>,
    /// Lines of the file before this chunk.
    pub line_offset: u32,
}

impl Source {
    /// A chunk of `path` whose first line is line `line_offset + 1` of the file.
    pub fn new(path: &str, text: &str, line_offset: u32) -> Self {
        Self {
            path: path.to_string(),
            text: text.to_string(),
            starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            line_offset,
        }
    }

    /// 1-based (file line, column) of a byte offset in the chunk; the column counts characters.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let col = self
            .text
            .get(start..offset.min(self.text.len()))
            .map_or(offset - start, |t| t.chars().count());
        (line as u32 + self.line_offset, col as u32 + 1)
    }

    /// Byte offset in the chunk where a file line starts, if it belongs to this chunk.
    fn line_start(&self, file_line: u32) -> Option<usize> {
        let i = file_line.checked_sub(self.line_offset + 1)?;
        self.starts.get(i as usize).copied()
    }

    /// The text of a file line (without its newline), if it belongs to this chunk.
    pub fn line_text(&self, file_line: u32) -> Option<&str> {
        let start = self.line_start(file_line)?;
        let rest = self.text.get(start..)?;
        Some(rest.split('\n').next().unwrap_or("").trim_end_matches('\r'))
    }

    /// The caret line under `file_line` for an error raised at `span`, as CPython `minor` prints
    /// it, or `None` when it prints none.
    pub fn carets(&self, file_line: u32, span: &Span, minor: u8) -> Option<String> {
        if minor < 11 || (minor >= 13 && span.plain_call_statement) {
            return None;
        }
        let text = self.line_text(file_line)?;
        let line_start = self.line_start(file_line)?;
        let start = (span.start as usize).checked_sub(line_start)?;
        if start > text.len() || !text.is_char_boundary(start) {
            return None;
        }
        let multiline = span.end as usize > line_start + text.len();
        let end = (span.end as usize - line_start).min(text.len());
        if end < start || !text.is_char_boundary(end) {
            return None;
        }
        let segment = &text[start..end];
        // Anchors are byte positions inside the segment.
        let rel = |at: u32| {
            (at as usize)
                .checked_sub(line_start + start)
                .filter(|&a| a <= segment.len())
        };
        let anchors = if multiline {
            None
        } else {
            match span.anchor {
                Anchor::BinOp(left_end, right_start) => {
                    let (l, r) = (rel(left_end)?, rel(right_start)?);
                    let op = segment.get(l..r)?;
                    let offset = op.len() - op.trim_start().len();
                    let mut left = l + offset;
                    let mut right = left + 1;
                    if op.get(offset + 1..).is_some_and(|rest| {
                        !rest.is_empty() && !rest.starts_with(char::is_whitespace)
                    }) {
                        right += 1;
                    }
                    while let Some(ch) = segment.get(left..).and_then(|t| t.chars().next()) {
                        if !(ch.is_whitespace() || ch == ')' || ch == '#') {
                            break;
                        }
                        left += ch.len_utf8();
                        right += ch.len_utf8();
                    }
                    Some((left, right.min(segment.len())))
                }
                Anchor::Subscript(value_end, slice_end) => {
                    let mut left = rel(value_end)?;
                    let mut right = rel(slice_end)? + 1;
                    let at = |i: usize, c: char| segment.get(i..).is_some_and(|t| t.starts_with(c));
                    while left < segment.len() && !at(left, '[') {
                        left += 1;
                    }
                    while right < segment.len() && !at(right, ']') {
                        right += 1;
                    }
                    if right < segment.len() {
                        right += 1;
                    }
                    Some((left, right.min(segment.len())))
                }
                Anchor::Call(func_end) if minor >= 13 => {
                    let mut left = rel(func_end)?;
                    while left < segment.len()
                        && !segment.get(left..).is_some_and(|t| t.starts_with('('))
                    {
                        left += 1;
                    }
                    Some((left, segment.len()))
                }
                _ => None,
            }
        };
        let indent = text.len() - text.trim_start().len();
        let stripped = text.trim();
        let chars = |s: &str| s.chars().count();
        let col = chars(&text[..start]).saturating_sub(chars(&text[..indent.min(start)]));
        let width = chars(segment);
        let whole = col == 0 && width >= chars(stripped);
        if anchors.is_none() && whole {
            return None;
        }
        let mut line = " ".repeat(col);
        let mut at = 0;
        for ch in segment.chars() {
            let primary = anchors.is_none_or(|(l, r)| at >= l && at < r);
            line.push(if primary { '^' } else { '~' });
            at += ch.len_utf8();
        }
        Some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_from_the_chunk_offset() {
        let s = Source::new("x.py", "a = 1\nbé = a + zz\n", 10);
        assert_eq!(s.line_col(0), (11, 1));
        assert_eq!(s.line_col(6), (12, 1));
        assert_eq!(s.line_text(12), Some("bé = a + zz"));
        assert_eq!(s.line_text(10), None);
        assert_eq!(s.line_text(14), None);
    }

    #[test]
    fn carets_mark_the_operator_of_a_binary_operation() {
        let src = "x = a + b\n";
        let s = Source::new("x.py", src, 0);
        let span = Span {
            start: 4,
            end: 9,
            line: 1,
            col: 5,
            anchor: Anchor::BinOp(5, 8),
            step: false,
            plain_call_statement: false,
        };
        assert_eq!(s.carets(1, &span, 11).as_deref(), Some("    ~~^~~"));
        assert_eq!(s.carets(1, &span, 10), None);
    }
}
