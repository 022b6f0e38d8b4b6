//! The limits CPython's tokenizer puts on source text (brackets nested at most 200 deep, at most
//! 99 levels of indentation), checked on the tokens before parsing, and the nesting depth past
//! which pymemsim's compiler refuses a syntax tree (CPython's own limit there depends on the
//! version and the machine's C stack).

use rustpython_parser::lexer::lex;
use rustpython_parser::{Mode, Tok};

/// `MAXLEVEL` of CPython's tokenizer (3.9+): the 201st unclosed bracket is a `SyntaxError`.
const MAX_BRACKETS: usize = 200;

/// Brackets pymemsim accepts on 3.8, whose LL(1) parser overflows its stack (`s_push: parser
/// stack overflow`, then `MemoryError`) from about 100 nested brackets, fewer inside nested
/// statements: deeper stops as not supported rather than guessing where 3.8 gives up.
const MAX_BRACKETS_38: usize = 80;

/// `MAXINDENT` of CPython's tokenizer: a line indented 100 levels deep is an
/// `IndentationError` on every version.
const MAX_INDENT: usize = 100;

/// Syntax-tree depth (statements and expressions inside one another) pymemsim compiles.
/// CPython refuses deeper code too, where depends on the version: about 1 700 unary operators
/// on 3.8 (parser stack), 3 000 on 3.9–3.13 (`RecursionError ... during compilation`), 6 000
/// on 3.14 (parser stack), and a chain of `+` only when the C stack runs out on 3.8 and 3.14.
/// Below the smallest of them every version compiles the code, so pymemsim does as well; past
/// it the program stops as not supported.
pub const MAX_SYNTAX_DEPTH: u32 = 1000;

/// What the token scan found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitError {
    /// Byte offset of the offending token.
    pub offset: usize,
    /// The message (CPython's, for a syntax error).
    pub message: String,
    /// `IndentationError` rather than `SyntaxError`.
    pub indentation: bool,
    /// Not CPython's error: pymemsim does not model what this version does here.
    pub unsupported: bool,
}

/// Checks CPython's tokenizer limits on `text` for Python 3.`minor`. Lexing errors are left to
/// the parser, which reports them with more context: the scan stops at the first.
pub fn check_source(text: &str, minor: u8) -> Option<LimitError> {
    let max_brackets = if minor >= 9 {
        MAX_BRACKETS
    } else {
        MAX_BRACKETS_38
    };
    let mut brackets = 0usize;
    let mut indent = 0usize;
    for token in lex(text, Mode::Module) {
        let Ok((tok, range)) = token else {
            return None;
        };
        let offset = u32::from(range.start()) as usize;
        match tok {
            Tok::Lpar | Tok::Lsqb | Tok::Lbrace => {
                if brackets >= max_brackets {
                    return Some(if minor >= 9 {
                        LimitError {
                            offset,
                            message: "too many nested parentheses".into(),
                            indentation: false,
                            unsupported: false,
                        }
                    } else {
                        LimitError {
                            offset,
                            message: format!(
                                "brackets nested more than {MAX_BRACKETS_38} deep on 3.8 (its \
                                 parser overflows its stack near 100)"
                            ),
                            indentation: false,
                            unsupported: true,
                        }
                    });
                }
                brackets += 1;
            }
            Tok::Rpar | Tok::Rsqb | Tok::Rbrace => brackets = brackets.saturating_sub(1),
            Tok::Indent => {
                indent += 1;
                if indent >= MAX_INDENT {
                    // CPython points at the first token of the line indented too deep.
                    return Some(LimitError {
                        offset: u32::from(range.end()) as usize,
                        message: "too many levels of indentation".into(),
                        indentation: true,
                        unsupported: false,
                    });
                }
            }
            Tok::Dedent => indent = indent.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(n: usize) -> String {
        format!("x = {}{}\n", "[".repeat(n), "]".repeat(n))
    }

    fn indented(levels: usize) -> String {
        let mut s = String::new();
        for i in 0..levels {
            s += &format!("{}if True:\n", " ".repeat(i));
        }
        s + &format!("{}pass\n", " ".repeat(levels))
    }

    #[test]
    fn brackets_stop_where_the_tokenizer_stops() {
        assert_eq!(check_source(&nested(200), 12), None);
        let e = check_source(&nested(201), 12).expect("201 brackets");
        assert_eq!(
            (e.offset, e.message.as_str()),
            (204, "too many nested parentheses")
        );
        assert!(!e.unsupported && !e.indentation);
        // Brackets in strings and comments do not count; closed ones give their level back.
        let quoted = format!("s = '{}'  # {}\n", "(".repeat(300), "[".repeat(300));
        assert_eq!(check_source(&quoted, 12), None);
        assert_eq!(check_source(&nested(150).repeat(3), 12), None);
        // 3.8's parser gives up earlier, at a depth pymemsim does not model.
        assert!(check_source(&nested(81), 8).is_some_and(|e| e.unsupported));
        assert_eq!(check_source(&nested(80), 8), None);
    }

    #[test]
    fn indentation_stops_at_a_hundred_levels() {
        assert_eq!(check_source(&indented(99), 12), None);
        let e = check_source(&indented(100), 8).expect("100 levels");
        assert!(e.indentation && e.message == "too many levels of indentation");
        // At the first token of line 101.
        let text = indented(100);
        assert_eq!(&text[e.offset..e.offset + 4], "pass");
    }
}
