//! Shareable links, like Python Tutor's permalinks: the part of a page's address after `#`
//! names a program (a bundled lesson by file name, or the whole text of a lesson or program),
//! the CPython preset and a step. `#py=3.12&step=4&lesson=07_cycles.ron` or
//! `#py=3.13&step=2&name=prog.py&code=x%20%3D%20%5B%5D%0A...`. The text is percent-encoded
//! (everything but RFC 3986's unreserved characters), so a link survives being pasted into
//! chat and mail; the fragment never reaches a server.

use crate::engine::config::PyVersion;

/// What a link opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The preset (`None`: the lesson's own).
    pub python: Option<PyVersion>,
    /// The stop to show, counted from 0 (the lesson's first).
    pub step: usize,
    /// The program.
    pub source: Source,
}

/// The program a link holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A lesson shipped with the app, by file name (`07_cycles.ron`).
    Bundled(String),
    /// A lesson or program's text; `name` says its format (`.py` or `.ron`).
    Text {
        /// The file name it had.
        name: String,
        /// Its contents.
        text: String,
    },
}

/// Links longer than this are refused when read (a browser keeps far more; a program this long
/// is not something to paste around).
pub const MAX_LINK: usize = 1 << 20;

impl Link {
    /// The part of the address after `#`.
    pub fn to_fragment(&self) -> String {
        let mut out = String::new();
        if let Some(v) = self.python {
            out.push_str(&format!("py={v}&"));
        }
        out.push_str(&format!("step={}&", self.step));
        match &self.source {
            Source::Bundled(name) => out.push_str(&format!("lesson={}", encode(name))),
            Source::Text { name, text } => {
                out.push_str(&format!("name={}&code={}", encode(name), encode(text)));
            }
        }
        out
    }

    /// Reads a link (with or without its leading `#`).
    pub fn from_fragment(fragment: &str) -> Result<Self, String> {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        if fragment.len() > MAX_LINK {
            return Err(format!(
                "the link is {} bytes long; at most {MAX_LINK} are read",
                fragment.len()
            ));
        }
        let (mut python, mut step, mut lesson, mut name, mut code) = (None, 0, None, None, None);
        for pair in fragment.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value).map_err(|e| format!("{key}: {e}"))?;
            match key {
                "py" => {
                    python = Some(PyVersion::parse(&value).ok_or_else(|| {
                        format!("py={value}: not a CPython version pymemsim imitates (3.8 to 3.15)")
                    })?);
                }
                "step" => {
                    step = value
                        .parse()
                        .map_err(|_| format!("step={value}: not a step number"))?;
                }
                "lesson" => lesson = Some(value),
                "name" => name = Some(value),
                "code" => code = Some(value),
                // Unknown keys are left for later versions of the app.
                _ => {}
            }
        }
        let source = match (lesson, code) {
            (Some(lesson), None) => Source::Bundled(lesson),
            (None, Some(text)) => Source::Text {
                name: name.unwrap_or_else(|| "shared.py".into()),
                text,
            },
            (Some(_), Some(_)) => return Err("both a lesson and code".into()),
            (None, None) => return Err("no lesson and no code".into()),
        };
        Ok(Self {
            python,
            step,
            source,
        })
    }
}

fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| format!("a broken escape at byte {i}"))?;
                out.push(hex);
                i += 3;
            }
            // Forms encode spaces as '+'; a link typed by hand may too.
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| "not UTF-8 text".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_link_to_a_bundled_lesson_reads_as_written() {
        let link = Link {
            python: PyVersion::parse("3.12"),
            step: 4,
            source: Source::Bundled("07_cycles.ron".into()),
        };
        let fragment = link.to_fragment();
        assert_eq!(fragment, "py=3.12&step=4&lesson=07_cycles.ron");
        assert_eq!(Link::from_fragment(&format!("#{fragment}")), Ok(link));
    }

    #[test]
    fn code_is_percent_encoded_and_plus_reads_as_a_space() {
        let link = Link {
            python: None,
            step: 0,
            source: Source::Text {
                name: "p.py".into(),
                text: "x = [1]\nprint(x + x)  # é\n".into(),
            },
        };
        let fragment = link.to_fragment();
        assert!(
            !fragment.contains(' ') && !fragment.contains('\n') && !fragment.contains('+'),
            "{fragment}"
        );
        assert_eq!(Link::from_fragment(&fragment), Ok(link));
        let typed = Link::from_fragment("code=print(1+%2B+2)").map(|l| l.source);
        assert_eq!(
            typed,
            Ok(Source::Text {
                name: "shared.py".into(),
                text: "print(1 + 2)".into()
            })
        );
    }

    #[test]
    fn bad_links_say_what_is_wrong() {
        let err = |f: &str| Link::from_fragment(f).err().unwrap_or_default();
        assert!(err("py=2.7&lesson=x.ron").contains("3.8 to 3.15"));
        assert!(err("step=two&lesson=x.ron").contains("not a step number"));
        assert!(err("code=%E").contains("broken escape"));
        assert!(err("code=%FF").contains("UTF-8"));
        assert!(err("step=1").contains("no lesson"));
        assert!(err("lesson=a.ron&code=x").contains("both"));
    }

    proptest! {
        #[test]
        fn any_program_survives_the_trip(text in ".*", name in "[a-z_]{1,8}\\.py", step in 0usize..1000) {
            let link = Link {
                python: PyVersion::parse("3.14"),
                step,
                source: Source::Text { name, text },
            };
            prop_assert_eq!(Link::from_fragment(&link.to_fragment()), Ok(link));
        }
    }
}
